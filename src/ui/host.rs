//! The host page's side of the widget: events dispatched to the page (and its callbacks), and
//! where fresh provider tokens come from.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::intake::Failure;

/// The host page's side of the widget: where events go and where fresh tokens come from.
pub struct Host {
    /// `(name, detail) => void`: dispatches the DOM event and calls the matching callback.
    pub emit: Function,
    pub fetch_provider_token: Option<Function>,
    /// This mounted widget's random id (the loader's): the `sessionId` the loader adds to
    /// every event's detail, and the start of every request's `X-Request-Id`.
    pub session_id: std::rc::Rc<str>,
}

impl Host {
    /// Emits `error` for a failure the member sees, and logs it for the page's developers.
    pub fn tell_failure(&self, f: &Failure) {
        web_sys::console::error_1(&format!("dispute-intake: {}", f.detail).into());
        self.tell(
            "error",
            &[
                ("code", f.kind.code().into()),
                ("message", f.detail.as_str().into()),
                ("recoverable", f.kind.recoverable().into()),
            ],
        );
    }

    /// Emits `name` with a detail object holding `fields`.
    pub fn tell(&self, name: &str, fields: &[(&str, JsValue)]) {
        let detail = Object::new();
        for (key, value) in fields {
            // Setting a plain property on a fresh object cannot fail.
            let _ = Reflect::set(&detail, &JsValue::from_str(key), value);
        }
        self.emit(name, &detail);
    }

    pub fn emit(&self, name: &str, detail: &JsValue) {
        // A throwing host callback must not break the widget.
        let _ = self
            .emit
            .call2(&JsValue::NULL, &JsValue::from_str(name), detail);
    }
}
