//! The root component: connection effect, host events, and the top-level view switch.

use std::rc::Rc;

use yew::prelude::*;

use super::draft;
use super::host::Host;
use super::session::SessionNotice;
use super::status::StatusView;
use super::uploads::FlowUploads;
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
use crate::survey::{Catalog, CatalogError};

/// Everything one mount (or `update`) hands to the root component.
pub struct Setup {
    pub config: Result<Config, Failure>,
    pub locale: Locale,
    pub host: Rc<Host>,
    /// The questionnaire in force: the credit union's, or the built-in one.
    pub catalog: Rc<Catalog>,
    /// Why the credit union's questionnaire was refused, if it was.
    pub catalog_error: Option<CatalogError>,
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
    let state = {
        let start = setup.config.as_ref().map(|_| ()).map_err(Clone::clone);
        let transactions = Rc::new(
            setup
                .config
                .as_ref()
                .map(|c| c.transactions.clone())
                .unwrap_or_default(),
        );
        let catalog = setup.catalog.clone();
        let view = setup.config.as_ref().map(|c| c.view).unwrap_or_default();
        let saved = setup
            .config
            .as_ref()
            .ok()
            .and_then(draft::key)
            .and_then(|k| draft::load(&k));
        use_reducer(move || {
            let mut flow = Flow::new(transactions, js_sys::Date::now() as i64, today(), catalog);
            if let Some(saved) = saved {
                flow = flow.restore(saved);
            }
            let mut state = IntakeState::new(start, flow);
            state.view = view;
            State(state)
        })
    };

    // The browser `File`s the member picked, kept across renders and option updates.
    let files = use_mut_ref(super::ById::default);
    // How to stop each running upload, by file id.
    let aborts = use_mut_ref(super::ById::default);
    // `ready` is told once, by the first view shown.
    let ready_sent = use_mut_ref(|| false);
    let file_ids = use_mut_ref(|| 1u32);

    // New transactions from `update()` reach the flow (a selection that vanished is dropped).
    {
        let dispatch = state.dispatcher();
        let transactions = setup
            .config
            .as_ref()
            .map(|c| c.transactions.clone())
            .unwrap_or_default();
        let first = use_mut_ref(|| true);
        use_effect_with(transactions, move |t| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                dispatch.dispatch(Action::Flow(FlowAction::Transactions(Rc::new(t.clone()))));
            }
        });
    }

    // The unsubmitted draft follows every change into the tab's storage, and leaves it once
    // the dispute is filed (or nothing is left worth keeping).
    {
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

    // One client per API base URL; it owns the session token. New credentials from `update()`
    // are handed to it (see below) so the member's work goes on.
    // Where requests go and who they name (`x-user-uuid`): a change reconnects.
    let base_url =
        (setup.config.as_ref().ok()).map(|c| (c.api_base_url.clone(), c.user_uuid.clone()));
    let client = {
        let host = setup.host.clone();
        let credentials = setup.config.as_ref().ok().map(|c| c.credentials.clone());
        use_memo(base_url.clone(), move |base| {
            base.as_ref()
                .zip(credentials)
                .map(|((base, user_uuid), credentials)| {
                    Rc::new(Client::new(
                        base.clone(),
                        user_uuid.clone(),
                        credentials,
                        host.fetch_provider_token.clone(),
                    ))
                })
        })
    };

    // The client stops with the widget, or when another base URL replaces it: requests in
    // flight are aborted and its waits end, so nothing it started outlives `destroy()`.
    {
        let client = (*client).clone();
        use_effect_with(base_url.clone(), move |_| {
            move || {
                if let Some(c) = client {
                    c.close();
                }
            }
        });
    }

    // Follow `update()`: broken options show their error; a new base URL reconnects; new
    // credentials (the host extending the member's session) go to the client, and only a
    // widget not yet connected connects again with them.
    {
        let dispatch = state.dispatcher();
        let configured = match &setup.config {
            Ok(c) => Ok((
                (c.api_base_url.clone(), c.user_uuid.clone()),
                c.credentials.clone(),
            )),
            Err(f) => Err(f.clone()),
        };
        let client = (*client).clone();
        let ready = state.0.connection == Connection::Ready;
        let seen_base = use_mut_ref(|| base_url.clone());
        use_effect_with(configured, move |c| match c {
            Err(f) => dispatch.dispatch(Action::Configured(Err(f.clone()))),
            Ok((base, credentials)) => {
                let same_base = seen_base.replace(Some(base.clone())).as_ref() == Some(base);
                if let (true, Some(client)) = (same_base, client) {
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

    // Connect on mount and on every new attempt (retry, reconfiguration).
    {
        let dispatch = state.dispatcher();
        let connecting = state.0.connection == Connection::Connecting;
        let client = client.clone();
        use_effect_with(state.0.attempt, move |_| {
            if let (true, Some(client)) = (connecting, (*client).clone()) {
                wasm_bindgen_futures::spawn_local(async move {
                    match client.ensure_session().await {
                        Ok(()) => dispatch.dispatch(Action::Connected),
                        Err(e) => dispatch.dispatch(Action::Failed(Failure::from(&e))),
                    }
                });
            }
        });
    }

    // A refused questionnaire does not stop the member: the built-in one is used, and the
    // host page hears exactly what to fix.
    {
        let host = setup.host.clone();
        let problem = setup.catalog_error.as_ref().map(ToString::to_string);
        use_effect_with(problem, move |problem| {
            if let Some(message) = problem {
                web_sys::console::warn_1(&format!("dispute-intake: {message}").into());
                host.tell(
                    "error",
                    &[
                        ("code", "invalid_questionnaire".into()),
                        ("message", message.as_str().into()),
                        ("recoverable", true.into()),
                    ],
                );
            }
        });
    }

    // Tell the host page about readiness and failures. After a failure or a reconnection the
    // next view shown tells `ready` again.
    {
        let host = setup.host.clone();
        let ready_sent = ready_sent.clone();
        use_effect_with(state.0.connection.clone(), move |connection| {
            if *connection != Connection::Ready {
                *ready_sent.borrow_mut() = false;
            }
            match connection {
                // `ready` comes from the first view as it mounts (`Shared::tell_ready`), before
                // the wizard's first `stepchange`.
                Connection::Ready => {}
                Connection::Failed(f) => host.tell_failure(f),
                Connection::Connecting => {}
            }
        });
    }

    let online = use_online();

    // Back online after a submission that could not reach the service: try again by itself
    // (the try looks for the dispute first, as every retry does).
    {
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

    let body = match (&state.0.connection, &setup.config) {
        (Connection::Connecting, _) => html! {
            <p class="di-status" role="status">{ text(locale, Msg::Connecting) }</p>
        },
        (Connection::Failed(f), _) => {
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
        (Connection::Ready, Ok(_)) => match (*client).clone() {
            Some(client) => {
                let shared = SharedRef(Rc::new(Shared {
                    client: client.clone(),
                    setup: setup.clone(),
                    files: files.clone(),
                    aborts: aborts.clone(),
                    ready_sent: ready_sent.clone(),
                    file_ids: file_ids.clone(),
                }));
                html! { <>
                    <SessionNotice {client} host={setup.host.clone()} {locale} />
                    <ContextProvider<UseReducerHandle<State>> context={state.clone()}>
                        <ContextProvider<SharedRef> context={shared}>
                            <FlowUploads />
                            if state.0.view == View::Status {
                                <StatusView />
                            } else {
                                <Wizard />
                            }
                        </ContextProvider<SharedRef>>
                    </ContextProvider<UseReducerHandle<State>>>
                </> }
            }
            None => Html::default(),
        },
        (Connection::Ready, Err(_)) => Html::default(),
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
