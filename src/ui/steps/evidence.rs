//! Step 4: documents. Files come from the picker, the phone's camera, a drop or a paste; each
//! is checked by its bytes and against the credit union's `files` rules before it is attached.
//! A refused file is named with the reason, never silently dropped.

use casap_api::files::FileKind;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::super::files::{admit, refused_list};
use super::super::{State, use_wizard};
use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, file_limits, text};
use crate::intake::{Action, FileDraft, FlowAction, Refusal, short_name};

/// The picker's `accept`: extensions and MIME types of the allowed kinds.
fn accept_attr(kinds: &[FileKind]) -> String {
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

fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Pdf => "PDF",
        FileKind::Jpeg => "JPEG",
        FileKind::Png => "PNG",
        FileKind::Heic => "HEIC",
    }
}

fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
        .unwrap_or_default()
}

/// Whether the device's main pointer is a finger (phones, tablets): offer the camera.
fn touch_device() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(pointer: coarse)").ok().flatten())
        .is_some_and(|m| m.matches())
}

#[component]
pub fn EvidenceStep() -> Html {
    let (state, shared) = use_wizard();
    let locale = shared.setup.locale;
    let flow = &state.0.flow;
    let rules = shared
        .setup
        .config
        .as_ref()
        .map(|c| c.files.clone())
        .unwrap_or_default();
    let documents = flow
        .draft
        .reason
        .and_then(|r| flow.catalog.entry(r))
        .map(|e| e.documents.clone())
        .unwrap_or_default();
    let refused = use_state(Vec::<(String, Refusal)>::new);
    let dragging = use_state(|| false);
    let next_id = use_mut_ref(|| flow.draft.files.iter().map(|f| f.id).max().unwrap_or(0) + 1);
    let formats = Formats::new(locale);

    // Every way in (picker, camera, drop, paste) ends here.
    let add: Callback<Vec<web_sys::File>> = {
        let dispatch = state.dispatcher();
        let shared = shared.clone();
        let refused = refused.clone();
        let attached = flow.draft.files.clone();
        let rules = rules.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            if files.is_empty() {
                return;
            }
            let (dispatch, shared, refused, next_id, attached, rules) = (
                dispatch.clone(),
                shared.clone(),
                refused.clone(),
                next_id.clone(),
                attached.clone(),
                rules.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let mut id = *next_id.borrow();
                let (accepted, problems) = admit(files, &rules, &attached, &mut id).await;
                *next_id.borrow_mut() = id;
                for (draft, file) in accepted {
                    shared.files.borrow_mut().insert(draft.id, file);
                    dispatch.dispatch(Action::Flow(FlowAction::AddFile(draft)));
                }
                refused.set(problems);
            });
        })
    };
    let on_pick = add.reform(|e: Event| {
        let input: Option<web_sys::HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
        let files = file_list(input.as_ref().and_then(|i| i.files()));
        // Let the same file be picked again after removing it.
        if let Some(i) = input {
            i.set_value("");
        }
        files
    });
    let on_drop = {
        let dragging = dragging.clone();
        add.reform(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            file_list(e.data_transfer().and_then(|d| d.files()))
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_paste = add.reform(|e: Event| {
        let files = e
            .dyn_ref::<web_sys::ClipboardEvent>()
            .and_then(|c| c.clipboard_data())
            .map(|d| file_list(d.files()))
            .unwrap_or_default();
        if !files.is_empty() {
            e.prevent_default();
        }
        files
    });
    let kinds: Vec<&str> = rules.accept.iter().map(|k| kind_name(*k)).collect();
    let accept = accept_attr(&rules.accept);
    let camera = touch_device()
        && rules
            .accept
            .iter()
            .any(|k| matches!(k, FileKind::Jpeg | FileKind::Heic | FileKind::Png));

    html! {
        <div class="di-evidence" onpaste={on_paste}>
            <p class="di-hint" id="di-evidence-hint">{ text(locale, Msg::EvidenceIntro) }</p>
            <p class="di-hint" id="di-evidence-limits">
                { file_limits(locale, &kinds, &formats.size(rules.max_bytes), rules.max_count) }
            </p>
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
            <div class={classes!("di-dropzone", dragging.then_some("di-dragging"))} part="dropzone"
                 ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
                <input type="file" id="di-files" class="di-file-input" multiple=true accept={accept}
                       aria-describedby="di-evidence-hint di-evidence-limits" onchange={on_pick.clone()} />
                <label for="di-files" class="di-button di-secondary di-file-button">
                    { text(locale, Msg::ChooseFiles) }
                </label>
                if camera {
                    <input type="file" id="di-camera" class="di-file-input" accept="image/*"
                           capture="environment" onchange={on_pick} />
                    <label for="di-camera" class="di-button di-secondary di-file-button">
                        { text(locale, Msg::TakePhoto) }
                    </label>
                }
                <p class="di-hint">{ text(locale, Msg::DropHint) }</p>
            </div>
            { refused_list(locale, &refused, &formats) }
            if flow.draft.files.is_empty() {
                <p>{ text(locale, Msg::NoFiles) }</p>
            } else {
                <ul class="di-files">
                    for f in flow.draft.files.iter() {
                        { file_row(f, locale, &formats, &state, &shared) }
                    }
                </ul>
            }
        </div>
    }
}

fn file_row(
    f: &FileDraft,
    locale: Locale,
    formats: &Formats,
    state: &UseReducerHandle<State>,
    shared: &super::super::Shared,
) -> Html {
    let id = f.id;
    let files = shared.files.clone();
    let remove = state
        .dispatcher()
        .to_callback()
        .reform(move |_: MouseEvent| {
            files.borrow_mut().remove(&id);
            Action::Flow(FlowAction::RemoveFile(id))
        });
    html! {
        <li key={f.id}>
            <span class="di-filename" title={f.name.clone()}>{ short_name(&f.name, 48) }</span>
            <span class="di-meta">{ formats.size(f.size) }</span>
            <button type="button" class="di-button di-secondary di-small"
                    onclick={remove} aria-label={format!("{} {}", text(locale, Msg::Remove), f.name)}>
                { text(locale, Msg::Remove) }
            </button>
        </li>
    }
}
