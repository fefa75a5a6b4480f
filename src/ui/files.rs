//! Checking picked files in the browser: their first bytes are read and judged by the pure
//! rules of `intake` (and `casap_api::files`), and a refusal is put in the member's words.
//! Public so the browser tests run the same code on real files.

use casap_api::files::FileProblem;
use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, file_too_large, files_too_large_together, text, too_many_files};
use crate::intake::{FileDraft, FileRules, Refusal, short_name};

/// The member-facing reason a file was not attached.
pub fn refusal_text(locale: Locale, refusal: &Refusal, formats: &Formats) -> String {
    let msg = |m| text(locale, m).to_owned();
    match refusal {
        Refusal::File(p) => match p {
            FileProblem::Empty => msg(Msg::FileEmpty),
            FileProblem::TooLarge { max_bytes } => {
                file_too_large(locale, &formats.size(*max_bytes))
            }
            FileProblem::UnsupportedContent => msg(Msg::FileUnsupportedContent),
            FileProblem::UnsupportedName => msg(Msg::FileUnsupportedName),
            FileProblem::DoubleExtension => msg(Msg::FileDoubleExtension),
            FileProblem::Mismatch { .. } => msg(Msg::FileMismatch),
        },
        Refusal::NotAccepted(_) => msg(Msg::FileNotAccepted),
        Refusal::TooMany { max } => too_many_files(locale, *max),
        Refusal::TotalTooLarge { max_bytes } => {
            files_too_large_together(locale, &formats.size(*max_bytes))
        }
        Refusal::AlreadyAttached => msg(Msg::FileAlreadyAttached),
    }
}

/// The first bytes of a file, enough to tell its type (empty if it cannot be read).
pub async fn head(file: &web_sys::Blob) -> Vec<u8> {
    let Ok(blob) = file.slice_with_i32_and_i32(0, 16) else {
        return Vec::new();
    };
    match JsFuture::from(blob.array_buffer()).await {
        Ok(buf) => Uint8Array::new(&buf).to_vec(),
        Err(_) => Vec::new(),
    }
}

/// Checks `files` in order against `rules` and what is attached already; returns the drafts to
/// attach (ids from `next_id`) with their `File`s, and the refusals by file name.
pub async fn admit(
    files: Vec<web_sys::File>,
    rules: &FileRules,
    attached: &[FileDraft],
    next_id: &mut u32,
) -> (Vec<(FileDraft, web_sys::File)>, Vec<(String, Refusal)>) {
    let mut all = attached.to_vec();
    let (mut accepted, mut refused) = (Vec::new(), Vec::new());
    for file in files {
        let (name, size) = (file.name(), file.size() as u64);
        match rules.admit(&all, &name, size, &head(&file).await) {
            Ok(kind) => {
                let draft = FileDraft {
                    id: *next_id,
                    name,
                    size,
                    kind,
                };
                *next_id += 1;
                all.push(draft.clone());
                accepted.push((draft, file));
            }
            Err(r) => refused.push((name, r)),
        }
    }
    (accepted, refused)
}

thread_local! {
    static NEXT_ID: std::cell::Cell<u32> = const { std::cell::Cell::new(1 << 20) };
}

/// A file id no other picker of this page has handed out (the filing flow's ids are small).
pub fn fresh_id() -> u32 {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    })
}

/// The alert naming each refused file and why (nothing when none was refused).
pub fn refused_list(locale: Locale, refused: &[(String, Refusal)], formats: &Formats) -> yew::Html {
    use yew::html;
    if refused.is_empty() {
        return yew::Html::default();
    }
    html! {
        <div class="di-alert" role="alert">
            <ul>
                for (name, r) in refused.iter() {
                    <li>
                        <span class="di-filename" title={name.clone()}>{ short_name(name, 48) }</span>
                        { ": " }{ text(locale, Msg::FileRefused) }{ ": " }{ refusal_text(locale, r, formats) }{ "." }
                    </li>
                }
            </ul>
        </div>
    }
}
