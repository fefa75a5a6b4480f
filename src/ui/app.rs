//! The root component, as a few named hooks (the state, draft storage, the client, the
//! connection, host events, resubmitting when back online) and the top-level view switch.

use std::rc::Rc;

use yew::prelude::*;

use super::draft;
use super::host::Host;
use super::parts::{LaterPart, Shown};
use super::wizard::Wizard;
use super::{Shared, SharedRef, State};
use crate::client::Client;
use crate::client::Credentials;
use crate::config::Config;
use crate::i18n::{Locale, Msg, text};
use crate::intake::View;
use crate::intake::saved::SavedDraft;
use crate::intake::{
    Action, Connection, Failure, FailureKind, Flow, FlowAction, IntakeState, Submission,
};

/// Everything one mount (or `update`) hands to the root component.
pub struct Setup {
    pub config: Result<Config, Failure>,
    pub locale: Locale,
    pub host: Rc<Host>,
    /// The `questionnaire` option as given (the filing part resolves it, `work.rs`).
    pub questionnaire: Option<wasm_bindgen::JsValue>,
    /// The session exchange the loader started at mount (see `Client::start_with`).
    pub early: std::cell::RefCell<Option<js_sys::Promise>>,
}

#[derive(Properties, Clone)]
pub struct AppProps {
    pub setup: Rc<Setup>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.setup, &other.setup)
    }
}

/// The filing as it starts for `setup`: the host's transactions, now, and the kept draft to
/// restore once the questionnaire comes with the filing part.
pub(super) fn new_flow(setup: &Setup, saved: Option<SavedDraft>) -> Flow {
    let transactions = (setup.config.as_ref())
        .map(|c| c.transactions.clone())
        .unwrap_or_default();
    Flow::awaiting_questionnaire(
        Rc::new(transactions),
        js_sys::Date::now() as i64,
        today(),
        saved,
    )
}

/// Today as `YYYY-MM-DD` in the member's time zone.
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let setup = props.setup.clone();
    let locale = setup.locale;
    let state = use_intake_state(&setup);
    // The browser `File`s the member picked, kept across renders and option updates.
    let files = use_mut_ref(super::ById::default);
    // How to stop each running upload, by file id.
    let aborts = use_mut_ref(super::ById::default);
    // Whether a view was shown already (the first leaves the page's focus alone).
    let shown = use_mut_ref(|| false);
    let file_ids = use_mut_ref(|| 1u32);
    use_draft_storage(&setup, &state);
    let client = use_client(&setup);
    use_connection(&setup, &state, client.clone());
    use_host_events(&setup, &state);
    let online = use_online();
    use_resubmit_when_online(&state, online);

    // The filing's first step needs nothing from the service: it is shown while the session is
    // set up (its Continue waits for the member's open disputes). "My disputes" waits.
    let early = state.0.view == View::File;
    let body = match (&state.0.connection, &setup.config, client) {
        (Connection::Ready, Ok(_), Some(client))
        | (Connection::Connecting, Ok(_), Some(client))
            if early || state.0.connection == Connection::Ready =>
        {
            let shared = SharedRef(Rc::new(Shared {
                client: client.clone(),
                setup: setup.clone(),
                files: files.clone(),
                aborts: aborts.clone(),
                shown: shown.clone(),
                file_ids: file_ids.clone(),
            }));
            html! { <>
                <ContextProvider<UseReducerHandle<State>> context={state.clone()}>
                    <ContextProvider<SharedRef> context={shared}>
                        <LaterPart shown={Shown::Work} />
                        if state.0.view == View::Status {
                            <LaterPart shown={Shown::Status} />
                        } else {
                            <Wizard />
                        }
                    </ContextProvider<SharedRef>>
                </ContextProvider<UseReducerHandle<State>>>
            </> }
        }
        (Connection::Connecting, _, _) => html! {
            <p class="di-status" role="status">{ text(locale, Msg::Connecting) }</p>
        },
        (Connection::Failed(f), _, _) => {
            let retry = state
                .dispatcher()
                .to_callback()
                .reform(|_: MouseEvent| Action::Retry);
            html! {
                <div class="di-error" role="alert">
                    <h2 class="di-heading">{ text(locale, Msg::ErrorHeading) }</h2>
                    <p>{ text(locale, f.kind.message()) }</p>
                    if f.kind.recoverable() {
                        <button type="button" class="di-button" part="button" onclick={retry}>
                            { text(locale, Msg::TryAgain) }
                        </button>
                    }
                </div>
            }
        }
        (Connection::Ready, _, _) => Html::default(),
    };

    html! {
        <div class="di" part="root" lang={locale.tag()} role="region"
             aria-label={text(locale, Msg::WidgetLabel)}>
            if !online {
                <p class="di-notice di-offline" role="status">{ text(locale, Msg::Offline) }</p>
            }
            { body }
        </div>
    }
}

/// The widget's state: the flow over the host's transactions (and a draft kept in this tab,
/// restored), and new transactions from `update()` reaching it (a selection that vanished is
/// dropped).
#[hook]
fn use_intake_state(setup: &Rc<Setup>) -> UseReducerHandle<State> {
    let transactions = (setup.config.as_ref())
        .map(|c| c.transactions.clone())
        .unwrap_or_default();
    let state = {
        let start = setup.config.as_ref().map(|_| ()).map_err(Clone::clone);
        let setup = setup.clone();
        let view = setup.config.as_ref().map(|c| c.view).unwrap_or_default();
        let saved = (setup.config.as_ref().ok())
            .and_then(draft::key)
            .and_then(|k| draft::load(&k));
        use_reducer(move || {
            let mut state = IntakeState::new(start, new_flow(&setup, saved));
            state.view = view;
            State(state)
        })
    };
    let dispatch = state.dispatcher();
    let first = use_mut_ref(|| true);
    use_effect_with(transactions, move |t| {
        if !std::mem::replace(&mut *first.borrow_mut(), false) {
            dispatch.dispatch(Action::Flow(FlowAction::Transactions(Rc::new(t.clone()))));
        }
    });
    state
}

/// The unsubmitted draft follows every change into the tab's storage, and leaves it once the
/// dispute is filed (or nothing is left worth keeping).
#[hook]
fn use_draft_storage(setup: &Rc<Setup>, state: &UseReducerHandle<State>) {
    let key = setup.config.as_ref().ok().and_then(draft::key);
    let saved = SavedDraft::of(&state.0.flow);
    use_effect_with((key, saved), |(key, saved)| {
        if let Some(key) = key {
            match saved {
                Some(s) => draft::save(key, s),
                None => draft::clear(key),
            }
        }
    });
}

/// Where requests go and who they name (`x-user-uuid`): a change reconnects.
fn endpoint(setup: &Setup) -> Option<(String, Option<String>)> {
    (setup.config.as_ref().ok()).map(|c| (c.api_base_url.clone(), c.user_uuid.clone()))
}

/// One client per endpoint; it owns the session token. It stops with the widget, or when
/// another endpoint replaces it: requests in flight are aborted and its waits end, so nothing
/// it started outlives `destroy()`.
#[hook]
fn use_client(setup: &Rc<Setup>) -> Option<Rc<Client>> {
    let endpoint = endpoint(setup);
    let client = {
        let host = setup.host.clone();
        let credentials = setup.config.as_ref().ok().map(|c| c.credentials.clone());
        let early = setup.early.take();
        use_memo(endpoint.clone(), move |endpoint| {
            endpoint
                .as_ref()
                .zip(credentials)
                .map(|((base, user_uuid), credentials)| {
                    let client = Client::new(
                        base.clone(),
                        user_uuid.clone(),
                        credentials,
                        host.fetch_provider_token.clone(),
                        host.session_id.clone(),
                    );
                    client.start_with(early);
                    Rc::new(client)
                })
        })
    };
    {
        let client = (*client).clone();
        use_effect_with(endpoint, move |_| {
            move || {
                if let Some(c) = client {
                    c.close();
                }
            }
        });
    }
    (*client).clone()
}

/// Connecting, and following `update()`: broken options show their error; a new endpoint
/// reconnects; new credentials (the host extending the member's session) go to the client, and
/// only a widget not yet connected connects again with them. Connects on mount and on every
/// new attempt (retry, reconfiguration).
#[hook]
fn use_connection(setup: &Rc<Setup>, state: &UseReducerHandle<State>, client: Option<Rc<Client>>) {
    {
        let dispatch = state.dispatcher();
        let configured = match &setup.config {
            Ok(c) => Ok((endpoint(setup), c.credentials.clone())),
            Err(f) => Err(f.clone()),
        };
        let client = client.clone();
        let ready = state.0.connection == Connection::Ready;
        let seen = use_mut_ref(|| endpoint(setup));
        use_effect_with(configured, move |c| match c {
            Err(f) => dispatch.dispatch(Action::Configured(Err(f.clone()))),
            Ok((endpoint, credentials)) => {
                let same = *seen.borrow() == *endpoint;
                *seen.borrow_mut() = endpoint.clone();
                if let (true, Some(client)) = (same, client) {
                    client.adopt(credentials);
                    if ready {
                        if matches!(credentials, Credentials::Provider(_)) {
                            wasm_bindgen_futures::spawn_local(async move {
                                let _ = client.renew_now().await;
                            });
                        }
                        return;
                    }
                }
                dispatch.dispatch(Action::Configured(Ok(())));
            }
        });
    }
    let dispatch = state.dispatcher();
    let connecting = state.0.connection == Connection::Connecting;
    use_effect_with(state.0.attempt, move |_| {
        if let (true, Some(client)) = (connecting, client) {
            wasm_bindgen_futures::spawn_local(async move {
                match client.ensure_session().await {
                    Ok(()) => dispatch.dispatch(Action::Connected),
                    Err(e) => dispatch.dispatch(Action::Failed(Failure::from(&e))),
                }
            });
        }
    });
}

/// What the host page hears from the root: failures to connect, and `ready`
/// each time the widget is shown with its session (the filing's first step may be shown, and
/// its `stepchange` told, before).
#[hook]
fn use_host_events(setup: &Rc<Setup>, state: &UseReducerHandle<State>) {
    let host = setup.host.clone();
    use_effect_with(
        state.0.connection.clone(),
        move |connection| match connection {
            Connection::Ready => host.emit("ready", &js_sys::Object::new()),
            Connection::Failed(f) => host.tell_failure(f),
            Connection::Connecting => {}
        },
    );
}

/// Back online after a submission that could not reach the service: try again by itself (the
/// try looks for the dispute first, as every retry does).
#[hook]
fn use_resubmit_when_online(state: &UseReducerHandle<State>, online: bool) {
    let dispatch = state.dispatcher();
    let unreachable = matches!(
        &state.0.flow.submission,
        Submission::Failed(f) if f.kind == FailureKind::Network
    );
    use_effect_with(online, move |online| {
        if *online && unreachable {
            dispatch.dispatch(Action::Flow(FlowAction::RetrySubmit));
        }
    });
}

/// Whether the browser says it is online, following its `online` and `offline` events.
#[hook]
fn use_online() -> bool {
    let online = use_state(super::online_now);
    {
        let online = online.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window();
            let update = {
                let online = online.clone();
                wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                    online.set(super::online_now())
                })
            };
            if let Some(w) = &window {
                for event in ["online", "offline"] {
                    let _ = w.add_event_listener_with_callback(
                        event,
                        wasm_bindgen::JsCast::unchecked_ref(update.as_ref()),
                    );
                }
            }
            move || {
                if let Some(w) = &window {
                    for event in ["online", "offline"] {
                        let _ = w.remove_event_listener_with_callback(
                            event,
                            wasm_bindgen::JsCast::unchecked_ref(update.as_ref()),
                        );
                    }
                }
            }
        });
    }
    *online
}
