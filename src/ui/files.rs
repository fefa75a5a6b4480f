//! Picking files in the browser, one way for the filing step and My disputes: the picker's
//! `accept` from the credit union's rules, each file's first bytes read and judged by the pure
//! rules of `intake` (and `casap_api::files`), ids from one allocator, and a refusal put in the
//! member's words. Public so the browser tests run the same code on real files.

use std::rc::Rc;

use casap_api::files::{FileKind, FileProblem};
use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::i18n::format::Formats;
use crate::i18n::{
    Locale, Msg, file_too_large, files_too_large_together, photo_reduced, text, too_many_files,
};
use crate::intake::{Action, FileDraft, FileRules, FlowAction, Refusal, short_name};

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
    first_bytes(file, 16).await
}

/// Up to `len` bytes from the start of a file (empty if it cannot be read).
pub async fn first_bytes(file: &web_sys::Blob, len: usize) -> Vec<u8> {
    let Ok(blob) = file.slice_with_f64_and_f64(0.0, len as f64) else {
        return Vec::new();
    };
    match JsFuture::from(blob.array_buffer()).await {
        Ok(buf) => Uint8Array::new(&buf).to_vec(),
        Err(_) => Vec::new(),
    }
}

/// Checks `files` in order against `rules` and what is attached already; returns the drafts to
/// attach (ids from `next_id`) with their `File`s, and the refusals by file name. A photo is
/// reduced first where the rules say so (`super::photos`), one at a time so that a phone holds
/// one decoded photo at most, and the checks run on what will be sent.
pub async fn admit(
    files: Vec<web_sys::File>,
    rules: &FileRules,
    attached: &[FileDraft],
    next_id: &mut u32,
) -> (Vec<(FileDraft, web_sys::File)>, Vec<(String, Refusal)>) {
    let mut all = attached.to_vec();
    let (mut accepted, mut refused) = (Vec::new(), Vec::new());
    for picked in files {
        let (picked_name, picked_size) = (picked.name(), picked.size() as u64);
        let picked_head = head(&picked).await;
        let mut reduced = None;
        if let Some((kind, side)) =
            rules.photo_to_reduce(all.len(), &picked_name, picked_size, &picked_head)
        {
            reduced = super::photos::reduce(&picked, kind, side).await;
        }
        let (file, name, size, file_head, reduced_from) = match reduced {
            Some(r) => {
                let h = head(&r).await;
                (r.clone(), r.name(), r.size() as u64, h, Some(picked_size))
            }
            None => (picked, picked_name.clone(), picked_size, picked_head, None),
        };
        match rules.admit(&all, &name, size, &file_head) {
            Ok(kind) => {
                let draft = FileDraft {
                    id: *next_id,
                    name,
                    size,
                    kind,
                    reduced_from,
                };
                *next_id += 1;
                all.push(draft.clone());
                accepted.push((draft, file));
            }
            Err(r) => refused.push((picked_name, r)),
        }
    }
    (accepted, refused)
}

/// The picker's `accept`: extensions and MIME types of the allowed kinds.
pub fn accept_attr(kinds: &[FileKind]) -> String {
    kinds
        .iter()
        .map(|k| match k {
            FileKind::Pdf => ".pdf,application/pdf",
            FileKind::Jpeg => ".jpg,.jpeg,image/jpeg",
            FileKind::Png => ".png,image/png",
            FileKind::Heic => ".heic,.heif,image/heic,image/heif",
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The files of a picker, a drop or a paste, in order.
pub fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
        .unwrap_or_default()
}

/// The files a picker's `change` event chose; the picker is emptied so that the same file can
/// be picked again after it was removed.
pub fn picked(e: &Event) -> Vec<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input: Option<web_sys::HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
    let files = file_list(input.as_ref().and_then(|i| i.files()));
    if let Some(i) = input {
        i.set_value("");
    }
    files
}

/// The credit union's file rules (the defaults when its options were refused).
pub fn rules_of(shared: &super::Shared) -> FileRules {
    (shared.setup.config.as_ref())
        .map(|c| c.files.clone())
        .unwrap_or_default()
}

/// A picker: `add` checks files against the rules and `attached`, keeps the accepted ones'
/// `File`s in [`super::Shared::files`] under fresh ids and hands their drafts to `on_add`;
/// `refused` names the others with their reasons.
pub struct Picker {
    pub add: Callback<Vec<web_sys::File>>,
    pub refused: Rc<Vec<(String, Refusal)>>,
    /// Files are being checked (and photos reduced): a phone takes a second or two a photo.
    pub preparing: bool,
    /// The photos of the last pick that were reduced, for the status region to say so.
    pub reduced: Rc<Vec<FileDraft>>,
}

#[hook]
pub fn use_picker(attached: Vec<FileDraft>, on_add: Callback<Vec<FileDraft>>) -> Picker {
    let (state, shared) = super::use_wizard();
    let dispatch = state.dispatcher();
    let refused = use_state(|| Rc::new(Vec::new()));
    let reduced = use_state(|| Rc::new(Vec::new()));
    let preparing = use_state(|| false);
    let add = {
        let (refused, reduced, preparing) = (refused.clone(), reduced.clone(), preparing.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            if files.is_empty() {
                return;
            }
            let (dispatch, shared, refused, reduced, preparing, on_add, attached) = (
                dispatch.clone(),
                shared.clone(),
                refused.clone(),
                reduced.clone(),
                preparing.clone(),
                on_add.clone(),
                attached.clone(),
            );
            preparing.set(true);
            // Continue from the documents step waits for these files (`Flow::preparing_files`).
            dispatch.dispatch(Action::Flow(FlowAction::PreparingFiles(true)));
            wasm_bindgen_futures::spawn_local(async move {
                let rules = rules_of(&shared);
                let taken = attached.iter().map(|f| f.id + 1).max().unwrap_or(0);
                let mut id = taken.max(*shared.file_ids.borrow());
                let (accepted, problems) = admit(files, &rules, &attached, &mut id).await;
                *shared.file_ids.borrow_mut() = id;
                let mut drafts = Vec::new();
                for (draft, file) in accepted {
                    shared.files.borrow_mut().insert(draft.id, file);
                    drafts.push(draft);
                }
                reduced.set(Rc::new(
                    drafts
                        .iter()
                        .filter(|d| d.reduced_from.is_some())
                        .cloned()
                        .collect(),
                ));
                if !drafts.is_empty() {
                    on_add.emit(drafts);
                }
                refused.set(Rc::new(problems));
                preparing.set(false);
                dispatch.dispatch(Action::Flow(FlowAction::PreparingFiles(false)));
            });
        })
    };
    Picker {
        add,
        refused: (*refused).clone(),
        preparing: *preparing,
        reduced: (*reduced).clone(),
    }
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

/// A file's size in its row, or, for a photo reduced before sending, "Reduced from 4.2 MB to
/// 380 KB".
pub fn size_meta(locale: Locale, f: &FileDraft, formats: &Formats) -> yew::Html {
    use yew::html;
    match f.reduced_from {
        Some(from) => html! {
            <span class="di-meta di-reduced">
                { photo_reduced(locale, &formats.size(from), &formats.size(f.size)) }
            </span>
        },
        None => html! { <span class="di-meta">{ formats.size(f.size) }</span> },
    }
}

/// The picker's polite status region: "checking your files" while photos are reduced, then
/// which photos were reduced and by how much. Always rendered, so that screen readers hear its
/// changes.
pub fn picker_status(locale: Locale, picker: &Picker, formats: &Formats) -> yew::Html {
    use yew::html;
    html! {
        <p class="di-hint di-picker-status" role="status">
            if picker.preparing {
                { text(locale, Msg::PreparingFiles) }
            } else {
                for f in picker.reduced.iter() {
                    <span>
                        { short_name(&f.name, 48) }{ ": " }
                        { photo_reduced(locale, &formats.size(f.reduced_from.unwrap_or(f.size)), &formats.size(f.size)) }
                        { ". " }
                    </span>
                }
            }
        </p>
    }
}
