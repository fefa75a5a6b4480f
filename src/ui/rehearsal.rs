//! A rehearsal of the first step, for `preload()`: rendered once into an element that is never
//! attached to the page, then taken down. Browsers compile a WebAssembly function the first
//! time it is called, so the member's first mount would otherwise compile the render path while
//! they wait (hundreds of milliseconds on a phone). Nothing of a member is in it and nothing is
//! sent: its state never connects, so nothing in it asks the service for anything.

use std::rc::Rc;

use yew::prelude::*;

use super::app::new_flow;
use super::wizard::Wizard;
use super::{Setup, Shared, SharedRef, State};
use crate::client::Client;
use crate::intake::IntakeState;

#[derive(Properties, Clone)]
struct RehearsalProps {
    shared: SharedRef,
}

impl PartialEq for RehearsalProps {
    fn eq(&self, other: &Self) -> bool {
        self.shared == other.shared
    }
}

#[component]
fn Rehearsal(props: &RehearsalProps) -> Html {
    let setup = props.shared.0.setup.clone();
    let state = use_reducer(move || State(IntakeState::new(Ok(()), new_flow(&setup, None))));
    html! {
        <ContextProvider<UseReducerHandle<State>> context={state}>
            <ContextProvider<SharedRef> context={props.shared.clone()}>
                <Wizard />
            </ContextProvider<SharedRef>>
        </ContextProvider<UseReducerHandle<State>>>
    }
}

/// Renders the first step of `setup` (made-up options) off the page, lets the renderer run
/// (it runs in a microtask), and takes it down.
pub async fn rehearse(setup: Rc<Setup>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(root), Ok(config)) = (document.create_element("div"), setup.config.as_ref()) else {
        return;
    };
    let client = Rc::new(Client::new(
        config.api_base_url.clone(),
        None,
        config.credentials.clone(),
        None,
        setup.host.session_id.clone(),
    ));
    let shared = SharedRef(Rc::new(Shared {
        client,
        setup: setup.clone(),
        files: Default::default(),
        aborts: Default::default(),
        shown: Default::default(),
        file_ids: Default::default(),
    }));
    let app =
        yew::Renderer::<Rehearsal>::with_root_and_props(root, RehearsalProps { shared }).render();
    next_task().await;
    app.destroy();
}

/// Resolves after the tasks queued now (the renderer's microtasks among them).
async fn next_task() {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
}
