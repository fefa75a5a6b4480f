//! Cancel on a filing step (the `cancelable` option): the member leaves without filing, and
//! the host hears `exit` with reason `cancelled` and the step. When the draft holds answers
//! the widget asks first, its question taking focus; the draft is kept for this tab either way
//! (as on any leaving), unless the host turned keeping drafts off.

use yew::prelude::*;

use super::use_wizard;
use crate::i18n::{Msg, text};

/// Tells the host the member left from `step`.
fn leave(host: &super::Host, step: &'static str) {
    host.tell(
        "exit",
        &[("reason", "cancelled".into()), ("step", step.into())],
    );
}

#[component]
pub fn CancelFiling() -> Html {
    let (state, shared) = use_wizard();
    let locale = shared.setup.locale;
    let asking = use_state(|| false);
    let question = use_node_ref();
    let button = use_node_ref();
    // The question takes focus when asked; "Stay" gives it back to Cancel.
    {
        let (question, button) = (question.clone(), button.clone());
        let asked = use_mut_ref(|| false);
        use_effect_with(*asking, move |asking| {
            let target = match (
                *asking,
                std::mem::replace(&mut *asked.borrow_mut(), *asking),
            ) {
                (true, _) => question.cast::<web_sys::HtmlElement>(),
                (false, true) => button.cast::<web_sys::HtmlElement>(),
                (false, false) => None,
            };
            if let Some(t) = target {
                let _ = t.focus();
            }
        });
    }
    let step = state.0.flow.step.name();
    let holds_answers = state.0.flow.draft.holds_answers();
    let kept = (shared.setup.config.as_ref()).is_ok_and(|c| c.persist_draft);
    let host = shared.setup.host.clone();
    let on_cancel = {
        let (asking, host) = (asking.clone(), host.clone());
        Callback::from(move |_: MouseEvent| {
            if holds_answers {
                asking.set(true);
            } else {
                leave(&host, step);
            }
        })
    };
    let on_leave = Callback::from(move |_: MouseEvent| leave(&host, step));
    let on_stay = {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(false))
    };
    if !*asking {
        return html! {
            <button type="button" class="di-button di-secondary di-cancel" part="button"
                    onclick={on_cancel} ref={button}>
                { text(locale, Msg::Cancel) }
            </button>
        };
    }
    html! {
        <div class="di-ask" role="group" aria-labelledby="di-cancel-ask">
            <p id="di-cancel-ask" class="di-ask-question" tabindex="-1" ref={question}>
                { text(locale, Msg::CancelAsk) }
                if kept {
                    { " " }{ text(locale, Msg::CancelKept) }
                }
            </p>
            <button type="button" class="di-button" part="button primary" onclick={on_stay}>
                { text(locale, Msg::CancelStay) }
            </button>
            <button type="button" class="di-button di-secondary" part="button" onclick={on_leave}>
                { text(locale, Msg::CancelLeave) }
            </button>
        </div>
    }
}
