//! Yew components. Thin: they render [`crate::intake`] state and dispatch actions; network work
//! runs in effects that dispatch results back.

mod app;
mod cancel;
mod draft;
mod fields;
pub mod files;
mod host;
mod load;
mod parts;
pub mod photos;
mod print;
mod record;
mod rehearsal;
mod session;
mod status;
mod steps;
mod uploads;
mod wizard;
mod work;

pub use app::{App, AppProps, Setup};
pub use draft::{clear as forget_draft, key as draft_key};
pub use host::Host;
pub use parts::Part;
pub use rehearsal::rehearse;

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::client::Client;
use crate::intake::{Action, IntakeState};

/// The reducer's state, wrapped for Yew.
#[derive(PartialEq)]
pub struct State(pub IntakeState);

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(State(self.0.reduce(action)))
    }
}

/// What every step reads besides the state: the client, the setup, the picked files.
pub struct Shared {
    pub client: Rc<Client>,
    pub setup: Rc<Setup>,
    /// Browser `File`s by the id of their `FileDraft`.
    pub files: Rc<RefCell<ById<web_sys::File>>>,
    /// Running uploads' abort controllers, by file id (Cancel, and unmounting, abort them).
    pub aborts: Rc<RefCell<ById<web_sys::AbortController>>>,
    /// Whether a view was shown already (the first one leaves the page's focus alone).
    pub shown: Rc<RefCell<bool>>,
    /// The next file id: one allocator for every picker (the filing step and My disputes),
    /// since their files share [`Shared::files`].
    pub file_ids: Rc<RefCell<u32>>,
}

impl Shared {
    /// Whether a view was shown before this one; marks one shown.
    pub fn first_view_shown(&self) -> bool {
        std::mem::replace(&mut *self.shown.borrow_mut(), true)
    }
}

/// Values by file id: a member's handful of files, so a list searched in order (a hash map
/// per value type would cost the wasm more than it saves).
pub struct ById<T>(Vec<(u32, T)>);

impl<T> Default for ById<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T> ById<T> {
    pub fn insert(&mut self, id: u32, value: T) {
        self.remove(&id);
        self.0.push((id, value));
    }

    pub fn get(&self, id: &u32) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == id).map(|(_, v)| v)
    }

    pub fn remove(&mut self, id: &u32) -> Option<T> {
        let at = self.0.iter().position(|(k, _)| k == id)?;
        Some(self.0.swap_remove(at).1)
    }
}

/// Context handle; equal only to itself.
#[derive(Clone)]
pub struct SharedRef(pub Rc<Shared>);

impl PartialEq for SharedRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The state handle and shared parts, from context.
#[hook]
pub fn use_wizard() -> (UseReducerHandle<State>, Rc<Shared>) {
    let state = use_context::<UseReducerHandle<State>>().expect("inside the wizard");
    let shared = use_context::<SharedRef>().expect("inside the wizard").0;
    (state, shared)
}

/// What the browser says about the network (`navigator.onLine`); true when it cannot say.
pub fn online_now() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}
