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
use crate::client::{Client, SessionPhase, minutes_seconds, sleep};
use crate::i18n::format::clock_time;
use crate::i18n::{Locale, Msg, session_ends_at, text, time_left};

/// How long "You are still signed in" stays up.
const EXTENDED_SHOWN_MS: i64 = 10_000;
/// How often a session without a known end (or one already ended) is looked at again, so a
/// session handed over by the host's `update()` is noticed.
const IDLE_CHECK_MS: i64 = 15_000;
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

/// What the member is told about their session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Nothing,
    Ending { ends_at_ms: i64, left_ms: i64 },
    Ended,
    Extended,
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

/// Follows the client's session until `signal` aborts: tries a silent renewal when one is due,
/// and says what the member should see.
async fn watch(
    client: Rc<Client>,
    host: Rc<Host>,
    shown: UseStateHandle<Shown>,
    ask: UseStateHandle<Ask>,
    signal: web_sys::AbortSignal,
) {
    let mut last = Shown::Nothing;
    // The session end a silent renewal was tried for, and the one the host was told about.
    let mut tried_for = None;
    let mut told_for = None;
    let mut extended_until = 0;
    loop {
        let now = js_sys::Date::now() as i64;
        let ends_at = client.session_ends_at_ms();
        let (next, wait_ms) = match client.session_phase() {
            Some(SessionPhase::Ending { .. })
                if client.renews_by_itself() && tried_for != ends_at =>
            {
                tried_for = ends_at;
                // Renew ahead of the end; if it fails the session still serves, and the member
                // is warned on the next turn.
                let _ = client.ensure_session().await;
                if signal.aborted() {
                    return;
                }
                continue;
            }
            Some(SessionPhase::Ending { left_ms }) => {
                let ends_at_ms = ends_at.unwrap_or(now + left_ms);
                // Wake on the second boundary of the countdown.
                (
                    Shown::Ending {
                        ends_at_ms,
                        left_ms,
                    },
                    (left_ms - 1) % 1000 + 1,
                )
            }
            Some(SessionPhase::Ended) => (Shown::Ended, IDLE_CHECK_MS),
            Some(SessionPhase::Fine { check_in_ms }) => {
                if matches!(last, Shown::Ending { .. } | Shown::Ended) {
                    extended_until = now + EXTENDED_SHOWN_MS;
                    ask.set(Ask::Idle);
                }
                let check = check_in_ms.unwrap_or(IDLE_CHECK_MS).min(IDLE_CHECK_MS);
                if now < extended_until {
                    (Shown::Extended, check.min(extended_until - now))
                } else {
                    (Shown::Nothing, check)
                }
            }
            None => (Shown::Nothing, IDLE_CHECK_MS),
        };
        // The host hears of each session's end once, when the member is warned, or when it
        // has ended unseen (a laptop lid closed).
        if matches!(next, Shown::Ending { .. } | Shown::Ended) && told_for != ends_at {
            told_for = ends_at;
            tell_host(&host, ends_at, false);
        }
        if next != last {
            last = next;
            shown.set(next);
        }
        if sleep(wait_ms.max(1) as u64, &signal).await {
            return;
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
