//! Loading what a view shows: only the answer to the latest request is kept. A request whose
//! key changed meanwhile (another page, another dispute), that was asked again, or whose view
//! is gone, is forgotten when its answer comes, so a slow answer never replaces a newer one.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use yew::prelude::*;

use super::host::Host;
use crate::client::ApiError;
use crate::i18n::{Locale, Msg, text};
use crate::intake::Failure;

/// Something fetched.
pub enum Load<T> {
    Loading,
    Ready(Rc<T>),
    Failed(Failure),
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        match self {
            Self::Loading => Self::Loading,
            Self::Ready(v) => Self::Ready(v.clone()),
            Self::Failed(f) => Self::Failed(f.clone()),
        }
    }
}

/// Two answers are the same when they are the same arrival: no deep comparison of disputes
/// (whose code the wasm would carry for nothing).
impl<T> PartialEq for Load<T> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Loading, Self::Loading) => true,
            (Self::Ready(a), Self::Ready(b)) => Rc::ptr_eq(a, b),
            (Self::Failed(a), Self::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// A loaded value and how to load it again or replace it.
pub struct Loader<T> {
    state: UseStateHandle<Load<T>>,
    /// The last value that arrived, kept on screen while the next one loads.
    last: UseStateHandle<Option<Rc<T>>>,
    reload: UseStateHandle<u32>,
    /// Whether the request under way still counts: cleared when a newer one starts.
    current: Rc<std::cell::RefCell<Rc<Cell<bool>>>>,
}

impl<T: 'static> Loader<T> {
    pub fn get(&self) -> &Load<T> {
        &self.state
    }

    /// The newest value that arrived, even while another loads.
    pub fn last(&self) -> Option<Rc<T>> {
        (*self.last).clone()
    }

    /// Asks again (Try again).
    pub fn reload(&self) -> Callback<MouseEvent> {
        let reload = self.reload.clone();
        Callback::from(move |_| reload.set(*reload + 1))
    }

    /// Replaces the value with one the view got otherwise (the answer to reopening); a request
    /// under way no longer counts.
    pub fn replace(&self) -> Callback<T> {
        let (state, last, current) = (self.state.clone(), self.last.clone(), self.current.clone());
        Callback::from(move |value: T| {
            current.borrow().set(false);
            let value = Rc::new(value);
            last.set(Some(value.clone()));
            state.set(Load::Ready(value));
        })
    }
}

/// Loads `fetch(key)` whenever `key` changes (or on [`Loader::reload`]). A failure is told to
/// `report`'s host as an `error` event when given.
#[hook]
pub fn use_load<K, T, F, Fut>(key: K, report: Option<Rc<Host>>, fetch: F) -> Loader<T>
where
    K: PartialEq + Clone + 'static,
    T: 'static,
    F: FnOnce(K) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| Load::Loading);
    let last = use_state(|| None::<Rc<T>>);
    let reload = use_state(|| 0u32);
    let current = use_mut_ref(|| Rc::new(Cell::new(false)));
    {
        let (state, last, current) = (state.clone(), last.clone(), current.clone());
        use_effect_with((key, *reload), move |(key, _)| {
            // The request before this one stopped counting when its effect was cleaned up.
            let live = Rc::new(Cell::new(true));
            *current.borrow_mut() = live.clone();
            state.set(Load::Loading);
            let answer = fetch(key.clone());
            let counts = live.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = answer.await;
                if !counts.get() {
                    return;
                }
                state.set(match result {
                    Ok(value) => {
                        let value = Rc::new(value);
                        last.set(Some(value.clone()));
                        Load::Ready(value)
                    }
                    Err(e) => {
                        let failure = Failure::from(&e);
                        if let Some(host) = report {
                            host.tell_failure(&failure);
                        }
                        Load::Failed(failure)
                    }
                });
            });
            // Unmounted, or a newer request started: this one no longer counts.
            move || live.set(false)
        });
    }
    Loader {
        state,
        last,
        reload,
        current,
    }
}

/// A failure to load, in words, with Try again when it may pass.
pub fn failure_box(locale: Locale, f: &Failure, retry: Callback<MouseEvent>) -> Html {
    html! {
        <div class="di-alert" role="alert">
            <p>{ text(locale, f.kind.message()) }</p>
            if f.kind.recoverable() {
                <button type="button" class="di-button di-secondary" part="button" onclick={retry}>
                    { text(locale, Msg::TryAgain) }
                </button>
            }
        </div>
    }
}
