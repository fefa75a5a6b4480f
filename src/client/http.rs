//! The client and its JSON requests: one request function over the browser's `fetch` (through
//! gloo-net) and its JSON parser (`decode.rs` decodes the parsed value, so no JSON parser ships
//! in the wasm); answers whose optional fields cannot be read are taken without them
//! (`decode::from_answer`); reads retried. Sessions are `renewal.rs`, uploads `upload.rs`
//! (XMLHttpRequest, for its progress events), waits `timers.rs`.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

use casap_api::{
    CreateDisputeRequest, DisputeResponse, DisputeSummary, ListDisputesResponse, ReopenRequest,
    RpcStatus,
};
use gloo_net::http::{Method, RequestBuilder};
use js_sys::Function;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestMode, Response};

use super::retry::{RetryPolicy, parse_retry_after};
use super::timers::{pause, sleep};
use super::{ApiError, Secret, Session, clock_offset_ms, device_expiry_ms};
use crate::client::Credentials;

/// The published OpenAPI's second credential (see `Config::user_uuid`).
pub(super) const USER_UUID: &str = "x-user-uuid";
/// Correlation for support: `{sessionId}-{n}`, the widget's random id and the request's count.
pub(super) const REQUEST_ID: &str = "X-Request-Id";

/// The API client of one mounted widget. Holds the only copy of the session token.
pub struct Client {
    pub(super) base: String,
    /// Sent as `x-user-uuid` on every request when the host gave one.
    pub(super) user_uuid: Option<String>,
    /// The provider JWT given in the options, if any (a later `update()` may replace it).
    pub(super) initial_jwt: RefCell<Option<Secret>>,
    /// Set once the initial JWT was exchanged or refused: later sessions come from the host.
    pub(super) initial_used: Cell<bool>,
    pub(super) session: RefCell<Option<Session>>,
    pub(super) fetch_provider_token: Option<Function>,
    /// A renewal is under way: other requests wait for it instead of renewing again.
    pub(super) renewing: Cell<bool>,
    /// Renewals finished, and the outcome of the last one (for the requests that waited).
    pub(super) renewals: Cell<u32>,
    pub(super) last_renewal: RefCell<Option<Result<(), ApiError>>>,
    /// The session exchange the loader started while the wasm downloaded (a `fetch` of
    /// `/v1/authenticate` with the options' provider JWT): the first renewal takes its answer
    /// instead of asking again.
    pub(super) early: RefCell<Option<js_sys::Promise>>,
    /// Aborted by [`Client::close`]: every request and wait of this client listens to it.
    pub(super) closed: Option<AbortController>,
    /// How far the API's clock is ahead of the device's, from the last `Date` header that
    /// said (a session's end is the server's time; the member's device may be set wrong).
    pub(super) clock_offset_ms: Cell<Option<i64>>,
    /// The mounted widget's random id (the `sessionId` of its events; never derived from the
    /// member or a token), and how many requests carried it so far.
    session_id: Rc<str>,
    sent: Cell<u32>,
    /// Whether the API origin takes `X-Request-Id` (see [`RequestIds`]).
    pub(super) request_ids: Cell<RequestIds>,
}

/// Whether requests carry `X-Request-Id`. An API origin whose CORS policy does not allow the
/// header makes the browser refuse every request, with no more said than "network error"; so
/// until an answer has come with it, a request refused that way is tried once without it, and
/// if that one is answered, no request carries it any more (and the console says why).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RequestIds {
    /// Sent, no answer yet.
    Unconfirmed,
    /// Sent and answered: the origin takes it.
    Confirmed,
    /// The origin refuses it: not sent.
    Off,
}

impl Client {
    pub fn new(
        base: String,
        user_uuid: Option<String>,
        credentials: Credentials,
        fetch_provider_token: Option<Function>,
        session_id: Rc<str>,
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
            early: RefCell::new(None),
            closed: AbortController::new().ok(),
            clock_offset_ms: Cell::new(None),
            session_id,
            sent: Cell::new(0),
            request_ids: Cell::new(RequestIds::Unconfirmed),
        }
    }

    /// The `X-Request-Id` of the next request: `{sessionId}-{n}`, counting from 1 (the
    /// loader's early session exchange is `-0`). Every try of a retried request has its own.
    pub(super) fn next_request_id(&self) -> String {
        let n = self.sent.get() + 1;
        self.sent.set(n);
        format!("{}-{n}", self.session_id)
    }

    /// Takes the session exchange the loader started early (see [`Client::early`]).
    pub fn start_with(&self, exchange: Option<js_sys::Promise>) {
        self.early.replace(exchange);
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

    /// Sends a request with `token` (and a JSON body) and returns a 2xx answer's JSON. Not
    /// generic: only [`Client::authed`] decodes, so each answer type does not carry a copy.
    pub(super) async fn request(
        &self,
        method: &str,
        path: &str,
        token: Secret,
        body: Option<&JsValue>,
    ) -> Result<JsValue, ApiError> {
        let mut with_id = self.request_ids.get() != RequestIds::Off;
        loop {
            match self.send(method, path, &token, body, with_id).await {
                Ok(response) => {
                    self.answered(with_id);
                    return self.answer(path, response).await;
                }
                // Perhaps the origin's CORS refuses the header: once more without it.
                Err(ApiError::Network)
                    if with_id && self.request_ids.get() == RequestIds::Unconfirmed =>
                {
                    with_id = false;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Takes note that a request was answered (`with_id`: it carried `X-Request-Id`).
    pub(super) fn answered(&self, with_id: bool) {
        match (with_id, self.request_ids.get()) {
            (true, RequestIds::Unconfirmed) => self.request_ids.set(RequestIds::Confirmed),
            (false, RequestIds::Unconfirmed) => {
                self.request_ids.set(RequestIds::Off);
                web_sys::console::warn_1(
                    &"dispute-intake: the API origin's CORS policy does not allow the X-Request-Id \
                      header, so requests go without it; allow x-request-id there to match a \
                      member's requests with support"
                        .into(),
                );
            }
            _ => {}
        }
    }

    /// One request; `Err(Network)` when no answer came (offline, refused by CORS, aborted).
    async fn send(
        &self,
        method: &str,
        path: &str,
        token: &Secret,
        body: Option<&JsValue>,
        with_id: bool,
    ) -> Result<Response, ApiError> {
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
        if with_id {
            builder = builder.header(REQUEST_ID, &self.next_request_id());
        }
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
        Ok(request.send().await.map_err(|_| ApiError::Network)?.into())
    }

    /// A response's JSON when 2xx, else the error its status and body say; its `Date` header
    /// (the server's clock) taken note of either way.
    pub(super) async fn answer(&self, path: &str, response: Response) -> Result<JsValue, ApiError> {
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
}

/// A 2xx answer of `path` decoded as `T`; one that does not decode is a bad response. A field
/// whose value cannot be read is treated as absent, with a warning naming it.
pub(super) fn decoded<T: DeserializeOwned>(path: &str, json: JsValue) -> Result<T, ApiError> {
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
pub(super) fn encode_segment(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// The pause, in ms, that a `Retry-After` header of an answer received now asks for.
pub(super) fn retry_after(header: Option<String>) -> Option<u64> {
    header.and_then(|v| parse_retry_after(&v, js_sys::Date::now() as i64))
}
