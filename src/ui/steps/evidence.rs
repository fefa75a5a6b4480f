//! Step 4: documents. Files come from the picker, the phone's camera, a drop or a paste; each
//! is checked by its bytes and against the credit union's `files` rules before it is attached.
//! A refused file is named with the reason, never silently dropped.

use casap_api::files::FileKind;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::super::files::{
    accept_attr, file_list, picked, picker_status, refused_list, rules_of, size_meta, use_picker,
};
use super::super::{State, use_wizard};
use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, file_limits, text};
use crate::intake::{Action, FileDraft, FlowAction, short_name};

fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Pdf => "PDF",
        FileKind::Jpeg => "JPEG",
        FileKind::Png => "PNG",
        FileKind::Heic => "HEIC",
    }
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
    let rules = rules_of(&shared);
    let documents = flow
        .draft
        .reason
        .and_then(|r| flow.catalog.entry(r))
        .map(|e| e.documents.clone())
        .unwrap_or_default();
    let dragging = use_state(|| false);
    let formats = Formats::of(locale);
    // The photo reducer's module, fetched while the member reads this step.
    let reduces = rules.photo_max_side.is_some();
    use_effect_with(reduces, |reduces| {
        if *reduces {
            super::super::photos::prepare();
        }
    });

    // Every way in (picker, camera, drop, paste) ends here.
    let dispatch = state.dispatcher();
    let picker = use_picker(
        flow.draft.files.clone(),
        Callback::from(move |drafts: Vec<FileDraft>| {
            for d in drafts {
                dispatch.dispatch(Action::Flow(FlowAction::AddFile(d)));
            }
        }),
    );
    let add = picker.add.clone();
    let on_pick = add.reform(|e: Event| picked(&e));
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
            { picker_status(locale, &picker, &formats) }
            { refused_list(locale, &picker.refused, &formats) }
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
            { size_meta(locale, f, formats) }
            <button type="button" class="di-button di-secondary di-small"
                    onclick={remove} aria-label={format!("{} {}", text(locale, Msg::Remove), f.name)}>
                { text(locale, Msg::Remove) }
            </button>
        </li>
    }
}
