//! Waiting in the browser: a pause between tries that an abort signal ends early and that
//! leaves no timer or listener behind.

use js_sys::Promise;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

/// Waits `ms` (for a client that could not make an [`AbortController`]).
pub(super) async fn pause(ms: u64) {
    if let Some(window) = web_sys::window() {
        let wake = Promise::new(&mut |resolve, _| {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u64) as i32,
            );
        });
        let _ = JsFuture::from(wake).await;
    }
}

/// Waits `ms`, or less if `signal` aborts; says whether it was aborted. Leaves nothing behind:
/// an aborted wait clears its timer, and the abort listener goes once it is over.
pub async fn sleep(ms: u64, signal: &AbortSignal) -> bool {
    let Some(window) = web_sys::window() else {
        return true;
    };
    if signal.aborted() {
        return true;
    }
    let mut timer = None;
    let mut wake_fn = None;
    let wake = Promise::new(&mut |resolve, _| {
        timer = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u64) as i32,
            )
            .ok();
        let _ = signal.add_event_listener_with_callback("abort", &resolve);
        wake_fn = Some(resolve);
    });
    let _ = JsFuture::from(wake).await;
    if let Some(resolve) = wake_fn {
        let _ = signal.remove_event_listener_with_callback("abort", &resolve);
    }
    let aborted = signal.aborted();
    if let (true, Some(timer)) = (aborted, timer) {
        window.clear_timeout_with_handle(timer);
    }
    aborted
}
