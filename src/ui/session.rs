//! The session notice (WCAG 2.2.1): when a session is about to end and cannot be renewed
//! silently, the member is warned ahead of time, with the clock time it ends, a countdown and
//! "Stay signed in"; when it has ended they are told their answers are kept. The host hears
//! `sessionexpiring` both times and can extend the session through `update()`. Nothing on
//! screen is touched: the notice sits above the current step.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::host::Host;
use crate::client::{Client, minutes_seconds, sleep};
use crate::i18n::format::clock_time;
use crate::i18n::{Locale, Msg, session_ends_at, text, time_left};
use crate::intake::notice::{Next, Notice, Shown};

/// How long "Stay signed in" waits for the host to hand over a new session.
const HOST_ANSWER_MS: u64 = 5_000;

#[derive(Properties, Clone)]
pub struct SessionNoticeProps {
    pub client: Rc<Client>,
    pub host: Rc<Host>,
    pub locale: Locale,
}

impl PartialEq for SessionNoticeProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.client, &other.client)
            && Rc::ptr_eq(&self.host, &other.host)
            && self.locale == other.locale
    }
}

/// Where the member's "Stay signed in" stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    Idle,
    Asking,
    Refused,
}

fn tell_host(host: &Host, ends_at_ms: Option<i64>, member_asked: bool) {
    let ends = ends_at_ms.map_or(JsValue::NULL, |t| (t as f64).into());
    host.tell(
        "sessionexpiring",
        &[("expiresAt", ends), ("memberAsked", member_asked.into())],
    );
}

/// Follows the client's session until `signal` aborts, doing what [`Notice`] decides.
async fn watch(
    client: Rc<Client>,
    host: Rc<Host>,
    shown: UseStateHandle<Shown>,
    ask: UseStateHandle<Ask>,
    signal: web_sys::AbortSignal,
) {
    let mut notice = Notice::default();
    loop {
        let now = js_sys::Date::now() as i64;
        let ends_at = client.session_ends_at_ms();
        match notice.next(
            now,
            client.session_phase(),
            ends_at,
            client.renews_by_itself(),
        ) {
            Next::Renew => {
                // Ahead of the end; if it fails the session still serves, and the member is
                // warned on the next turn.
                let _ = client.ensure_session().await;
                if signal.aborted() {
                    return;
                }
            }
            Next::Show {
                shown: next,
                tell_host: tell,
                reset_ask,
                wait_ms,
            } => {
                if reset_ask {
                    ask.set(Ask::Idle);
                }
                if tell {
                    tell_host(&host, ends_at, false);
                }
                shown.set(next);
                if sleep(wait_ms as u64, &signal).await {
                    return;
                }
            }
        }
    }
}

#[component]
pub fn SessionNotice(props: &SessionNoticeProps) -> Html {
    let locale = props.locale;
    let shown = use_state_eq(|| Shown::Nothing);
    let ask = use_state_eq(|| Ask::Idle);
    let extended_ref = use_node_ref();

    {
        let client = props.client.clone();
        let host = props.host.clone();
        let (shown, ask) = (shown.clone(), ask.clone());
        let key = Rc::as_ptr(&props.client) as usize;
        use_effect_with(key, move |_| {
            let stop = web_sys::AbortController::new().ok();
            if let Some(c) = &stop {
                spawn_local(watch(client, host, shown, ask, c.signal()));
            }
            move || {
                if let Some(c) = stop {
                    c.abort();
                }
            }
        });
    }

    // The button the member pressed is gone once the session is extended: focus goes to the
    // message saying so rather than being lost (only when it was lost).
    {
        let extended_ref = extended_ref.clone();
        use_effect_with(*shown == Shown::Extended, move |extended| {
            if *extended
                && focus_was_lost(&extended_ref)
                && let Some(el) = extended_ref.cast::<web_sys::HtmlElement>()
            {
                let _ = el.focus();
            }
        });
    }

    let stay = {
        let client = props.client.clone();
        let host = props.host.clone();
        let ask = ask.clone();
        Callback::from(move |_: MouseEvent| {
            if *ask == Ask::Asking {
                return;
            }
            ask.set(Ask::Asking);
            let before = client.session_ends_at_ms();
            tell_host(&host, before, true);
            let (client, ask) = (client.clone(), ask.clone());
            spawn_local(async move {
                if client.renews_by_itself() {
                    let _ = client.renew_now().await;
                }
                // The host may answer `sessionexpiring` through `update()`: give it a moment.
                let mut waited = 0;
                while client.session_ends_at_ms() == before && waited < HOST_ANSWER_MS {
                    if client.wait(250).await.is_err() {
                        return;
                    }
                    waited += 250;
                }
                let extended = client.session_ends_at_ms() != before;
                ask.set(if extended { Ask::Idle } else { Ask::Refused });
            });
        })
    };

    let warning = |message: String, countdown: Option<String>| {
        html! {
            <div class="di-notice di-session" part="session">
                <p role="alert">{ message }</p>
                if let Some(left) = countdown {
                    <p class="di-countdown" role="timer">{ left }</p>
                }
                <p role="status">
                    if *ask == Ask::Asking { { text(locale, Msg::SessionAsking) } }
                </p>
                if *ask == Ask::Refused {
                    <p class="di-field-error" role="alert">{ text(locale, Msg::SessionNotExtended) }</p>
                }
                <button type="button" class="di-button di-primary" part="button primary"
                        onclick={stay}>
                    { text(locale, Msg::StaySignedIn) }
                </button>
            </div>
        }
    };

    match *shown {
        Shown::Nothing => Html::default(),
        Shown::Extended => html! {
            <p class="di-notice di-session" part="session" role="status" tabindex="-1"
               ref={extended_ref}>
                { text(locale, Msg::SessionExtended) }
            </p>
        },
        Shown::Ending {
            ends_at_ms,
            left_ms,
        } => {
            let (m, s) = minutes_seconds(left_ms);
            warning(
                session_ends_at(locale, &clock_time(locale, ends_at_ms)),
                Some(time_left(locale, m, s)),
            )
        }
        Shown::Ended => warning(text(locale, Msg::SessionEnded).to_owned(), None),
    }
}

/// Whether nothing in the widget has focus and the page's focus fell back to its body (the
/// focused button was removed).
fn focus_was_lost(inside: &NodeRef) -> bool {
    let Some(el) = inside.get() else {
        return false;
    };
    let in_widget = el
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|root| root.active_element());
    let document = web_sys::window().and_then(|w| w.document());
    let on_page = document.as_ref().and_then(|d| d.active_element());
    let body = document.and_then(|d| d.body());
    in_widget.is_none()
        && match (on_page, body) {
            (None, _) => true,
            (Some(a), Some(b)) => a == *b.unchecked_ref::<web_sys::Element>(),
            _ => false,
        }
}
