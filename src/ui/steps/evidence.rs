//! Step 4: documents. Each file is checked by its bytes before it is accepted; a refused file
//! is named with the reason, never silently dropped.

use casap_api::files::{FileProblem, check_file};
use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::super::use_wizard;
use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, text};
use crate::intake::{Action, FileDraft, FlowAction};

/// Largest file accepted (the API's limit).
const MAX_BYTES: u64 = 10 * 1024 * 1024;

fn problem_text(locale: Locale, p: &FileProblem) -> &'static str {
    text(
        locale,
        match p {
            FileProblem::Empty => Msg::FileEmpty,
            FileProblem::TooLarge { .. } => Msg::FileTooLarge,
            FileProblem::UnsupportedContent => Msg::FileUnsupportedContent,
            FileProblem::UnsupportedName => Msg::FileUnsupportedName,
            FileProblem::Mismatch { .. } => Msg::FileMismatch,
        },
    )
}

/// The first bytes of a file, enough to tell its type.
async fn head(file: &web_sys::File) -> Vec<u8> {
    let Ok(blob) = file.slice_with_i32_and_i32(0, 16) else {
        return Vec::new();
    };
    match JsFuture::from(blob.array_buffer()).await {
        Ok(buf) => Uint8Array::new(&buf).to_vec(),
        Err(_) => Vec::new(),
    }
}

#[component]
pub fn EvidenceStep() -> Html {
    let (state, shared) = use_wizard();
    let locale = shared.setup.locale;
    let flow = &state.0.flow;
    let documents = flow
        .draft
        .reason
        .and_then(|r| flow.catalog.entry(r))
        .map(|e| e.documents.clone())
        .unwrap_or_default();
    let refused = use_state(Vec::<(String, FileProblem)>::new);
    let next_id = use_mut_ref(|| flow.draft.files.iter().map(|f| f.id).max().unwrap_or(0) + 1);
    let formats = Formats::new(locale);

    let on_pick = {
        let dispatch = state.dispatcher();
        let shared = shared.clone();
        let refused = refused.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(list) = input.files() else { return };
            let files: Vec<web_sys::File> =
                (0..list.length()).filter_map(|i| list.get(i)).collect();
            // Let the same file be picked again after removing it.
            input.set_value("");
            let (dispatch, shared, refused, next_id) = (
                dispatch.clone(),
                shared.clone(),
                refused.clone(),
                next_id.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let mut problems = Vec::new();
                for file in files {
                    let size = file.size() as u64;
                    match check_file(&file.name(), size, &head(&file).await, MAX_BYTES) {
                        Ok(_) => {
                            let id = {
                                let mut n = next_id.borrow_mut();
                                *n += 1;
                                *n - 1
                            };
                            let name = file.name();
                            shared.files.borrow_mut().insert(id, file);
                            dispatch.dispatch(Action::Flow(FlowAction::AddFile(FileDraft {
                                id,
                                name,
                                size,
                            })));
                        }
                        Err(p) => problems.push((file.name(), p)),
                    }
                }
                refused.set(problems);
            });
        })
    };

    html! {
        <div class="di-evidence">
            <p class="di-hint" id="di-evidence-hint">{ text(locale, Msg::EvidenceIntro) }</p>
            if !documents.is_empty() {
                <div class="di-suggested">
                    <p class="di-hint" id="di-evidence-docs">{ text(locale, Msg::DocumentsHint) }</p>
                    <ul class="di-plain-list" aria-labelledby="di-evidence-docs">
                        for d in documents.iter() {
                            <li>{ d.get(locale) }</li>
                        }
                    </ul>
                </div>
            }
            <label for="di-files" class="di-button di-secondary di-file-button">
                { text(locale, Msg::ChooseFiles) }
            </label>
            <input type="file" id="di-files" class="di-file-input" multiple=true
                   accept=".pdf,.jpg,.jpeg,.png,.heic,.heif,application/pdf,image/jpeg,image/png,image/heic,image/heif"
                   aria-describedby="di-evidence-hint" onchange={on_pick} />
            if !refused.is_empty() {
                <div class="di-alert" role="alert">
                    <ul>
                        for (name, p) in refused.iter() {
                            <li>
                                <span class="di-filename">{ name }</span>
                                { ": " }{ text(locale, Msg::FileRefused) }{ " (" }{ problem_text(locale, p) }{ ")." }
                            </li>
                        }
                    </ul>
                </div>
            }
            if flow.draft.files.is_empty() {
                <p>{ text(locale, Msg::NoFiles) }</p>
            } else {
                <ul class="di-files">
                    for f in flow.draft.files.iter() {
                        {{
                            let id = f.id;
                            let shared = shared.clone();
                            let remove = state.dispatcher().to_callback().reform(move |_: MouseEvent| {
                                shared.files.borrow_mut().remove(&id);
                                Action::Flow(FlowAction::RemoveFile(id))
                            });
                            html! {
                                <li key={f.id}>
                                    <span class="di-filename">{ &f.name }</span>
                                    <span class="di-meta">{ formats.size(f.size) }</span>
                                    <button type="button" class="di-button di-secondary di-small"
                                            onclick={remove} aria-label={format!("{} {}", text(locale, Msg::Remove), f.name)}>
                                        { text(locale, Msg::Remove) }
                                    </button>
                                </li>
                            }
                        }}
                    }
                </ul>
            }
        </div>
    }
}
