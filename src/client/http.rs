//! The fetch glue: one request function over the browser's `fetch` (through gloo-net) and its
//! JSON parser (`decode.rs` decodes the parsed value, so no JSON parser ships in the wasm);
//! answers whose optional fields cannot be read are taken without them
//! (`decode::from_answer`). Uploads go through XMLHttpRequest, for its progress events.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

use casap_api::{
    AuthenticateResponse, CreateDisputeRequest, DisputeResponse, DisputeSummary,
    ListDisputesResponse, ReopenRequest, RpcStatus,
};
use gloo_net::http::{Method, RequestBuilder};
use js_sys::{Function, Promise};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, Blob, ProgressEvent, RequestMode, Response, XmlHttpRequest,
};

use super::progress::ProgressGate;
use super::retry::{RetryPolicy, parse_retry_after};
use super::{ApiError, Secret, Session, SessionPhase, clock_offset_ms, device_expiry_ms};
use crate::client::Credentials;

/// The published OpenAPI's second credential (see `Config::user_uuid`).
const USER_UUID: &str = "x-user-uuid";

/// The API client of one mounted widget. Holds the only copy of the session token.
pub struct Client {
    base: String,
    /// Sent as `x-user-uuid` on every request when the host gave one.
    user_uuid: Option<String>,
    /// The provider JWT given in the options, if any (a later `update()` may replace it).
    initial_jwt: RefCell<Option<Secret>>,
    /// Set once the initial JWT was exchanged or refused: later sessions come from the host.
    initial_used: Cell<bool>,
    session: RefCell<Option<Session>>,
    fetch_provider_token: Option<Function>,
    /// A renewal is under way: other requests wait for it instead of renewing again.
    renewing: Cell<bool>,
    /// Renewals finished, and the outcome of the last one (for the requests that waited).
    renewals: Cell<u32>,
    last_renewal: RefCell<Option<Result<(), ApiError>>>,
    /// Aborted by [`Client::close`]: every request and wait of this client listens to it.
    closed: Option<AbortController>,
    /// How far the API's clock is ahead of the device's, from the last `Date` header that
    /// said (a session's end is the server's time; the member's device may be set wrong).
    clock_offset_ms: Cell<Option<i64>>,
}

impl Client {
    pub fn new(
        base: String,
        user_uuid: Option<String>,
        credentials: Credentials,
        fetch_provider_token: Option<Function>,
    ) -> Self {
        let session = match &credentials {
            Credentials::Session {
                token,
                expires_at_ms,
            } => {
                let now = js_sys::Date::now() as i64;
                Some(Session {
                    token: token.clone(),
                    expires_at_ms: expires_at_ms.and_then(|e| device_expiry_ms(e, None, now)),
                    obtained_at_ms: now,
                })
            }
            _ => None,
        };
        let initial_jwt = match credentials {
            Credentials::Provider(jwt) => Some(jwt),
            _ => None,
        };
        Self {
            base,
            user_uuid,
            initial_jwt: RefCell::new(initial_jwt),
            initial_used: Cell::new(false),
            session: RefCell::new(session),
            fetch_provider_token,
            renewing: Cell::new(false),
            renewals: Cell::new(0),
            last_renewal: RefCell::new(None),
            closed: AbortController::new().ok(),
            clock_offset_ms: Cell::new(None),
        }
    }

    /// Stops this client for good: requests in flight are aborted, waits between tries end,
    /// and nothing new is sent. Called when the widget is destroyed or reconnects elsewhere,
    /// so nothing keeps running, or holds a timer, after it.
    pub fn close(&self) {
        if let Some(c) = &self.closed {
            c.abort();
        }
    }

    /// Waits `ms` between tries; fails with [`ApiError::Network`] at once if the client is
    /// closed meanwhile (nobody is listening any more).
    pub async fn wait(&self, ms: u64) -> Result<(), ApiError> {
        match &self.closed {
            Some(c) if sleep(ms, &c.signal()).await => Err(ApiError::Network),
            Some(_) => Ok(()),
            None => {
                pause(ms).await;
                Ok(())
            }
        }
    }

    /// `look(session, now)` on the current session, if there is one.
    fn session_now<R>(&self, look: impl FnOnce(&Session, i64) -> R) -> Option<R> {
        let now = js_sys::Date::now() as i64;
        self.session.borrow().as_ref().map(|s| look(s, now))
    }

    fn fresh(&self) -> bool {
        self.session_now(Session::is_fresh).unwrap_or(false)
    }

    fn alive(&self) -> bool {
        self.session_now(Session::is_alive).unwrap_or(false)
    }

    /// Where the session stands now; `None` before there is one.
    pub fn session_phase(&self) -> Option<SessionPhase> {
        self.session_now(Session::phase)
    }

    /// When the session ends (Unix ms), if it does.
    pub fn session_ends_at_ms(&self) -> Option<i64> {
        self.session.borrow().as_ref().and_then(|s| s.expires_at_ms)
    }

    /// Whether the widget can get a new session by itself (from the host's callback, or the
    /// provider JWT of the options); otherwise only the host's `update()` can extend it.
    pub fn renews_by_itself(&self) -> bool {
        self.fetch_provider_token.is_some() || self.initial_jwt.borrow().is_some()
    }

    /// Makes sure a usable session exists, exchanging a provider JWT when renewal is due.
    /// Requests that find a renewal under way wait for it: many requests meeting an expired
    /// session cause one renewal. A renewal that fails while the session has not yet ended
    /// does not stop the request: the session still serves until it ends.
    pub async fn ensure_session(&self) -> Result<(), ApiError> {
        match self.renewed(false).await {
            Err(_) if self.alive() => Ok(()),
            other => other,
        }
    }

    /// Renews the session now, fresh or not (the member asked to stay signed in).
    pub async fn renew_now(&self) -> Result<(), ApiError> {
        self.renewed(true).await
    }

    /// Takes over credentials the host passed to `update()`: a session token replaces the
    /// session at once; a provider JWT is what the next renewal exchanges. The member's work
    /// goes on with them, nothing is reloaded.
    pub fn adopt(&self, credentials: &Credentials) {
        match credentials {
            Credentials::Session {
                token,
                expires_at_ms,
            } => {
                let now = js_sys::Date::now() as i64;
                let offset = self.clock_offset_ms.get();
                self.session.replace(Some(Session {
                    token: token.clone(),
                    expires_at_ms: expires_at_ms.and_then(|e| device_expiry_ms(e, offset, now)),
                    obtained_at_ms: now,
                }));
            }
            Credentials::Provider(jwt) => {
                self.initial_jwt.replace(Some(jwt.clone()));
                self.initial_used.set(false);
            }
            Credentials::FromHost => {}
        }
    }

    /// Renews when due (or at once when `force`), sharing a renewal under way.
    async fn renewed(&self, mut force: bool) -> Result<(), ApiError> {
        while force || !self.fresh() {
            if !self.renewing.get() {
                self.renewing.set(true);
                let result = self.renew().await;
                self.last_renewal.replace(Some(result.clone()));
                self.renewals.set(self.renewals.get() + 1);
                self.renewing.set(false);
                return result;
            }
            // Another renewal is under way: its outcome is ours.
            force = false;
            let seen = self.renewals.get();
            while self.renewing.get() && self.renewals.get() == seen {
                self.wait(20).await?;
            }
            if let Some(Err(e)) = self.last_renewal.borrow().as_ref() {
                return Err(e.clone());
            }
        }
        Ok(())
    }

    /// Exchanges a provider JWT for a new session.
    async fn renew(&self) -> Result<(), ApiError> {
        // The provider JWT from the options serves until it has been exchanged or refused once;
        // after that the host's callback supplies fresh ones (or, without one, it is tried again).
        let from_host = self.initial_used.get() && self.fetch_provider_token.is_some();
        let initial = self.initial_jwt.borrow().clone();
        let jwt = match (initial, from_host) {
            (Some(jwt), false) => jwt,
            _ => self.provider_token_from_host().await?,
        };
        let obtained_at_ms = js_sys::Date::now() as i64;
        const PATH: &str = "/v1/authenticate";
        let result = (self.request("GET", PATH, jwt, None).await)
            .and_then(|json| decoded::<AuthenticateResponse>(PATH, json));
        if matches!(result, Ok(_) | Err(ApiError::Unauthenticated(_))) {
            self.initial_used.set(true);
        }
        let auth = result?;
        if auth.session_token.is_empty() {
            return Err(ApiError::BadResponse(
                "authenticate returned no session token".into(),
            ));
        }
        // The end is the server's time: on this device it is where the server's clock says.
        let received = js_sys::Date::now() as i64;
        let expires = (auth.expires_at != 0)
            .then(|| casap_api::timestamp_millis(auth.expires_at))
            .and_then(|e| device_expiry_ms(e, self.clock_offset_ms.get(), received));
        self.session.replace(Some(Session {
            token: Secret::new(auth.session_token),
            expires_at_ms: expires,
            obtained_at_ms,
        }));
        Ok(())
    }

    /// Sends with the session; on 401 (when the host can supply a new provider token) drops
    /// the refused session, renews once, and sends again. A 401 for a session already replaced
    /// by another request's renewal just sends again with the new one.
    async fn with_session<T, F, Fut>(&self, send: F) -> Result<T, ApiError>
    where
        F: Fn(Secret) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        self.ensure_session().await?;
        let token = self.session_token()?;
        match send(token.clone()).await {
            Err(ApiError::Unauthenticated(_)) if self.fetch_provider_token.is_some() => {
                let refused = self
                    .session
                    .borrow()
                    .as_ref()
                    .is_some_and(|s| s.token == token);
                if refused {
                    self.session.replace(None);
                }
                self.initial_used.set(true);
                self.ensure_session().await?;
                send(self.session_token()?).await
            }
            other => other,
        }
    }

    async fn provider_token_from_host(&self) -> Result<Secret, ApiError> {
        let f = self
            .fetch_provider_token
            .as_ref()
            .ok_or_else(|| ApiError::NoToken("no fetchProviderToken callback".into()))?;
        let returned = f
            .call0(&JsValue::NULL)
            .map_err(|_| ApiError::NoToken("fetchProviderToken threw".into()))?;
        let value = JsFuture::from(Promise::resolve(&returned))
            .await
            .map_err(|_| ApiError::NoToken("fetchProviderToken rejected".into()))?;
        value
            .as_string()
            .filter(|s| !s.trim().is_empty())
            .map(Secret::new)
            .ok_or_else(|| ApiError::NoToken("fetchProviderToken resolved to no token".into()))
    }

    /// Sends a request with `token` (and a JSON body) and returns a 2xx answer's JSON. Not
    /// generic: only [`Client::authed`] decodes, so each answer type does not carry a copy.
    async fn request(
        &self,
        method: &str,
        path: &str,
        token: Secret,
        body: Option<&JsValue>,
    ) -> Result<JsValue, ApiError> {
        let url = format!("{}{path}", self.base);
        let auth = format!("Bearer {}", token.expose());
        let method = if method == "POST" {
            Method::POST
        } else {
            Method::GET
        };
        let mut builder = RequestBuilder::new(&url)
            .method(method)
            .mode(RequestMode::Cors)
            .header("Authorization", &auth)
            .header("Accept", "application/json");
        if body.is_some() {
            builder = builder.header("Content-Type", "application/json");
        }
        if let Some(uuid) = &self.user_uuid {
            builder = builder.header(USER_UUID, uuid);
        }
        let signal = self.closed.as_ref().map(|c| c.signal());
        let builder = builder.abort_signal(signal.as_ref());
        let request = match body {
            Some(b) => builder.body(b.clone()),
            None => builder.build(),
        }
        .map_err(|_| ApiError::Network)?;
        let response: Response = request.send().await.map_err(|_| ApiError::Network)?.into();
        let status = response.status();
        let date = response.headers().get("Date").ok().flatten();
        let received = js_sys::Date::now() as i64;
        if let Some(at) = date.as_deref().and_then(casap_api::time::http_date_ms) {
            self.clock_offset_ms
                .set(clock_offset_ms(Some(at), received));
        }
        let body = match response.json() {
            Ok(p) => JsFuture::from(p).await.ok(),
            Err(_) => None,
        };
        if !(200..300).contains(&status) {
            let rpc = body.and_then(|b| crate::decode::from_value::<RpcStatus>(b).ok());
            let retry_after = retry_after(response.headers().get("Retry-After").ok().flatten());
            return Err(ApiError::from_answer(status, rpc, retry_after));
        }
        body.ok_or_else(|| ApiError::BadResponse(format!("{path}: body is not JSON")))
    }
}

impl Client {
    /// A request with the session (see [`Client::with_session`]). Reads (GET) are safe to
    /// repeat, so a read that fails in a way that may pass is tried again a few times.
    /// A 2xx answer is then decoded as `T` (an answer that does not decode is not retried).
    async fn authed<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<&JsValue>,
    ) -> Result<T, ApiError> {
        decoded(path, self.authed_json(method, path, body).await?)
    }

    async fn authed_json(
        &self,
        method: &str,
        path: &str,
        body: Option<&JsValue>,
    ) -> Result<JsValue, ApiError> {
        let once = |_| self.with_session(|token| self.request(method, path, token, body));
        if method == "GET" {
            self.retrying(RetryPolicy::FILING, once).await
        } else {
            once(1).await
        }
    }

    /// Runs `attempt(n)` (n from 1) until it succeeds, fails in a way that will not pass, or
    /// `policy` gives up, waiting between tries as `policy` says (a closed client stops
    /// waiting at once).
    pub async fn retrying<T, F, Fut>(
        &self,
        policy: RetryPolicy,
        mut attempt: F,
    ) -> Result<T, ApiError>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let mut n = 1;
        loop {
            match attempt(n).await {
                Err(e) => match policy.delay_ms(n, &e, js_sys::Math::random()) {
                    Some(ms) => {
                        self.wait(ms).await?;
                        n += 1;
                    }
                    None => return Err(e),
                },
                done => return done,
            }
        }
    }

    fn session_token(&self) -> Result<Secret, ApiError> {
        self.session
            .borrow()
            .as_ref()
            .map(|s| s.token.clone())
            .ok_or_else(|| ApiError::NoToken("no session".into()))
    }

    /// `POST /v1/disputes`.
    pub async fn create_dispute(
        &self,
        req: &CreateDisputeRequest,
    ) -> Result<DisputeSummary, ApiError> {
        let body = to_json(req)?;
        let r: DisputeResponse = self.authed("POST", "/v1/disputes", Some(&body)).await?;
        if r.dispute.uuid.is_empty() {
            return Err(ApiError::BadResponse("create returned no dispute".into()));
        }
        Ok(r.dispute)
    }

    /// `GET /v1/disputes?page=&size=`.
    pub async fn list_disputes(
        &self,
        page: u32,
        size: u32,
    ) -> Result<ListDisputesResponse, ApiError> {
        self.find_disputes(page, size, "").await
    }

    /// `GET /v1/disputes?page=&size=&shortId=`: the member's disputes, or the one with a case
    /// number when `short_id` is not empty.
    pub async fn find_disputes(
        &self,
        page: u32,
        size: u32,
        short_id: &str,
    ) -> Result<ListDisputesResponse, ApiError> {
        let mut path = format!("/v1/disputes?page={page}&size={size}");
        if !short_id.is_empty() {
            path.push_str("&shortId=");
            path.push_str(&encode_segment(short_id));
        }
        self.authed("GET", &path, None).await
    }

    /// `GET /v1/dispute/status/{uuid}` (singular `dispute`, as the API has it).
    pub async fn dispute_status(&self, uuid: &str) -> Result<DisputeSummary, ApiError> {
        let path = format!("/v1/dispute/status/{}", encode_segment(uuid));
        let r: DisputeResponse = self.authed("GET", &path, None).await?;
        Ok(r.dispute)
    }

    /// `POST /v1/disputes/{uuid}/reopen` for the chosen closed transactions.
    pub async fn reopen(
        &self,
        uuid: &str,
        transaction_uuids: Vec<String>,
    ) -> Result<DisputeSummary, ApiError> {
        let body = to_json(&ReopenRequest { transaction_uuids })?;
        let path = format!("/v1/disputes/{}/reopen", encode_segment(uuid));
        let r: DisputeResponse = self.authed("POST", &path, Some(&body)).await?;
        Ok(r.dispute)
    }

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

    async fn send_xhr(
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

/// The pause, in ms, that a `Retry-After` header of an answer received now asks for.
fn retry_after(header: Option<String>) -> Option<u64> {
    header.and_then(|v| parse_retry_after(&v, js_sys::Date::now() as i64))
}

/// A 2xx answer of `path` decoded as `T`; one that does not decode is a bad response. A field
/// whose value cannot be read is treated as absent, with a warning naming it.
fn decoded<T: DeserializeOwned>(path: &str, json: JsValue) -> Result<T, ApiError> {
    let (value, dropped) = crate::decode::from_answer(json)
        .map_err(|e| ApiError::BadResponse(format!("{path}: {e}")))?;
    if !dropped.is_empty() {
        let fields: Vec<String> = dropped.iter().map(|e| e.to_string()).collect();
        web_sys::console::warn_1(
            &format!(
                "dispute-intake: {path}: fields treated as absent, their values unreadable: {}",
                fields.join("; ")
            )
            .into(),
        );
    }
    Ok(value)
}

/// Told the bytes of a request body sent so far, and the body's size.
pub type Progress = Rc<dyn Fn(u64, u64)>;

/// Waits `ms` (for a client that could not make an [`AbortController`]).
async fn pause(ms: u64) {
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

/// JSON text of a request through the browser's `JSON.stringify`.
fn to_json<T: Serialize>(value: &T) -> Result<JsValue, ApiError> {
    let js = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| ApiError::Local(format!("request encoding: {e}")))?;
    js_sys::JSON::stringify(&js)
        .map(JsValue::from)
        .map_err(|_| ApiError::Local("JSON.stringify failed".into()))
}

/// A path segment with anything outside `[A-Za-z0-9-_.]` percent-encoded.
fn encode_segment(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}
