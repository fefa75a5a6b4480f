//! Uploads: `POST /v1/disputes/{uuid}/files` through XMLHttpRequest, whose upload events give
//! progress (passed on at most ten times a second), abortable, one session renewal on 401.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob, ProgressEvent, XmlHttpRequest};

use super::http::{Client, REQUEST_ID, RequestIds, USER_UUID, encode_segment, retry_after};
use super::progress::ProgressGate;
use super::{ApiError, Secret};
use casap_api::RpcStatus;

/// Told the bytes of a request body sent so far, and the body's size.
pub type Progress = Rc<dyn Fn(u64, u64)>;

impl Client {
    /// `POST /v1/disputes/{uuid}/files` with a body from [`super::upload_body`], one attempt (and one
    /// session renewal on 401). Sent with XMLHttpRequest, whose upload events give progress:
    /// `progress(sent, total)` in bytes of the body. `signal` aborts it.
    pub async fn upload_file(
        &self,
        dispute_uuid: &str,
        body: &Blob,
        progress: Progress,
        signal: &AbortSignal,
    ) -> Result<(), ApiError> {
        let path = format!("/v1/disputes/{}/files", encode_segment(dispute_uuid));
        self.with_session(|token| self.send_xhr(&path, token, body, &progress, signal))
            .await
    }

    pub(super) async fn send_xhr(
        &self,
        path: &str,
        token: Secret,
        body: &Blob,
        progress: &Progress,
        signal: &AbortSignal,
    ) -> Result<(), ApiError> {
        let xhr = XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
        xhr.open_with_async("POST", &format!("{}{path}", self.base), true)
            .map_err(|_| ApiError::Network)?;
        let auth = format!("Bearer {}", token.expose());
        for (name, value) in [
            ("Authorization", auth.as_str()),
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
        ] {
            xhr.set_request_header(name, value)
                .map_err(|_| ApiError::Network)?;
        }
        // Uploads follow answered requests: whether the origin takes the header is known.
        if self.request_ids.get() != RequestIds::Off {
            xhr.set_request_header(REQUEST_ID, &self.next_request_id())
                .map_err(|_| ApiError::Network)?;
        }
        if let Some(uuid) = &self.user_uuid {
            xhr.set_request_header(USER_UUID, uuid)
                .map_err(|_| ApiError::Network)?;
        }
        let on_progress = {
            let progress = progress.clone();
            // WebKit fires an event every few kilobytes: pass on ten a second.
            let mut gate = ProgressGate::default();
            Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
                let (sent, total) = (e.loaded() as u64, e.total() as u64);
                if e.length_computable() && gate.pass(js_sys::Date::now(), sent, total) {
                    progress(sent, total);
                }
            })
        };
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        // `loadend` follows load, error, abort and timeout alike.
        let finished = Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
        let abort = {
            let xhr = xhr.clone();
            Closure::<dyn FnMut()>::new(move || {
                let _ = xhr.abort();
            })
        };
        let _ = signal.add_event_listener_with_callback("abort", abort.as_ref().unchecked_ref());
        let sent = if signal.aborted() {
            Err(ApiError::Network)
        } else {
            xhr.send_with_opt_blob(Some(body))
                .map_err(|_| ApiError::Network)
        };
        if sent.is_ok() {
            let _ = JsFuture::from(finished).await;
        }
        let _ = signal.remove_event_listener_with_callback("abort", abort.as_ref().unchecked_ref());
        sent?;
        let status = xhr.status().unwrap_or(0);
        if status == 0 {
            return Err(ApiError::Network);
        }
        if (200..300).contains(&status) {
            return Ok(());
        }
        let rpc = xhr
            .response_text()
            .ok()
            .flatten()
            .and_then(|t| js_sys::JSON::parse(&t).ok())
            .and_then(|v| crate::decode::from_value::<RpcStatus>(v).ok());
        let retry_after = retry_after(xhr.get_response_header("Retry-After").ok().flatten());
        Err(ApiError::from_answer(status, rpc, retry_after))
    }
}
