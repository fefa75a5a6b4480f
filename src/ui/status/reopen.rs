//! Reopening: choose closed transactions, confirm. The result is the detail's to show (this
//! section goes once nothing is left to reopen); a refusal is shown here.

use crate::sorted::Set;
use std::rc::Rc;

use casap_api::DisputeSummary;
use yew::prelude::*;

use super::super::use_wizard;
use crate::i18n::format::Formats;
use crate::i18n::{Msg, text};
use crate::intake::Failure;
use crate::intake::status::reopenable;

#[derive(Properties, PartialEq)]
pub struct ReopenProps {
    pub dispute: Rc<DisputeSummary>,
    pub on_done: Callback<DisputeSummary>,
}

#[component]
pub fn Reopen(props: &ReopenProps) -> Html {
    let (_, shared) = use_wizard();
    let locale = shared.setup.locale;
    let open = use_state(|| false);
    let chosen = use_state(Set::<String>::new);
    let problem = use_state(|| None::<Msg>);
    let busy = use_state(|| false);
    let formats = Formats::of(locale);
    let closed = reopenable(&props.dispute);
    let toggle_open = {
        let (open, problem) = (open.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            problem.set(None);
            open.set(!*open);
        })
    };
    let confirm = {
        let (chosen, problem, busy, open) =
            (chosen.clone(), problem.clone(), busy.clone(), open.clone());
        let (shared, uuid, on_done) = (
            shared.clone(),
            props.dispute.uuid.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if chosen.is_empty() {
                problem.set(Some(Msg::ReopenChooseOne));
                return;
            }
            busy.set(true);
            problem.set(None);
            let txns: Vec<String> = chosen.iter().cloned().collect();
            let (shared, uuid, on_done, busy, problem, open) = (
                shared.clone(),
                uuid.clone(),
                on_done.clone(),
                busy.clone(),
                problem.clone(),
                open.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match shared.client.reopen(&uuid, txns).await {
                    Ok(d) => {
                        open.set(false);
                        on_done.emit(d);
                    }
                    Err(e) => problem.set(Some(Failure::from(&e).kind.message())),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section class="di-reopen">
            if !*open {
                <button type="button" class="di-button di-secondary" part="button" onclick={toggle_open}>
                    { text(locale, Msg::Reopen) }
                </button>
            } else {
                <fieldset class="di-fieldset">
                    <legend>{ text(locale, Msg::ReopenIntro) }</legend>
                    for t in closed.iter() {
                        {{
                            let uuid = t.uuid.clone();
                            let handle = chosen.clone();
                            let onchange = Callback::from(move |_: Event| {
                                let mut next = (*handle).clone();
                                if !next.remove(&uuid) {
                                    next.insert(uuid.clone());
                                }
                                handle.set(next);
                            });
                            let id = format!("di-reopen-{}", t.uuid);
                            html! {
                                <div class="di-check-row" key={t.uuid.clone()}>
                                    <input type="checkbox" id={id.clone()} class="di-check"
                                           checked={chosen.contains(&t.uuid)} {onchange} />
                                    <label for={id}>
                                        { &t.merchant }{ " · " }{ formats.money(t.amount.amount_in_cents, &t.amount.currency) }
                                    </label>
                                </div>
                            }
                        }}
                    }
                </fieldset>
                if let Some(m) = *problem {
                    <p class="di-field-error" role="alert">{ text(locale, m) }</p>
                }
                <div class="di-nav" part="nav">
                    <button type="button" class="di-button di-secondary" part="button" onclick={toggle_open} disabled={*busy}>
                        { text(locale, Msg::Cancel) }
                    </button>
                    <button type="button" class="di-button" onclick={confirm} disabled={*busy}>
                        { text(locale, Msg::ReopenConfirm) }
                    </button>
                </div>
            }
        </section>
    }
}
