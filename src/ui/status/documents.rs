//! Documents added to an open dispute: picked and checked as the filing step's are (the same
//! picker, the credit union's `files.accept`), and sent at once.

use std::rc::Rc;

use yew::prelude::*;

use super::super::files::{accept_attr, picked, picker_status, refused_list, rules_of, use_picker};
use super::super::uploads::UploadList;
use super::super::use_wizard;
use crate::i18n::format::Formats;
use crate::i18n::{Msg, text};
use crate::intake::{FileDraft, UploadEvent, Uploads};

/// Uploads to a dispute from My disputes.
#[derive(PartialEq)]
pub struct Sending(pub Uploads);

pub enum SendingAction {
    Add(Vec<FileDraft>),
    Event(UploadEvent),
}

impl Reducible for Sending {
    type Action = SendingAction;
    fn reduce(self: Rc<Self>, action: SendingAction) -> Rc<Self> {
        Rc::new(Sending(match action {
            SendingAction::Add(files) => self.0.add(&files),
            SendingAction::Event(e) => self.0.reduce(e),
        }))
    }
}

#[derive(Properties, PartialEq)]
pub struct AddProps {
    pub uploads: Uploads,
    pub on_add: Callback<Vec<FileDraft>>,
    pub on_event: Callback<UploadEvent>,
}

#[component]
pub fn AddDocuments(props: &AddProps) -> Html {
    let (_, shared) = use_wizard();
    let locale = shared.setup.locale;
    let picker = use_picker(props.uploads.files(), props.on_add.clone());
    let on_pick = picker.add.reform(|e: Event| picked(&e));
    let accept = accept_attr(&rules_of(&shared).accept);
    let formats = Formats::of(locale);
    html! {
        <section class="di-add-documents" aria-labelledby="di-add-docs">
            <h4 class="di-subheading" id="di-add-docs">{ text(locale, Msg::AddDocuments) }</h4>
            <input type="file" id="di-add-files" class="di-file-input" multiple=true {accept}
                   onchange={on_pick} />
            <label for="di-add-files" class="di-button di-secondary di-file-button">
                { text(locale, Msg::SendDocuments) }
            </label>
            { picker_status(locale, &picker, &formats) }
            { refused_list(locale, &picker.refused, &formats) }
            <UploadList uploads={props.uploads.clone()} on_event={props.on_event.clone()} />
        </section>
    }
}
