//! A fake of Casap's server API (`POST /api/dispute`, `docs/seeds/001_casap_server_api.txt`),
//! the back end `dispute-gateway` forwards to in the demo and the tests.
//!
//! As the document describes it: 400 for a missing header or an invalid JSON payload, 401 for
//! a wrong API key or secret, 429 `RateLimited` with `Retry-After` and `X-RateLimit-Limit` past
//! N requests in a window (a minute by default; shorter so tests run fast), 500 when told to
//! fail. It records every request it answered, with the time and the answer, so the tests can
//! check what the gateway sent and when:
//!
//! - `GET /sandbox/casap-server/received`: `[{ atMs, status, outcome, ticketId, body }]`.
//! - `PUT /sandbox/casap-server/faults`: `{ "fail500": 2, "fail429": 1 }`: the next requests
//!   that pass authentication answer 500 (then 429 with `Retry-After: 1`) that many times.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use casap_api::server::ServerDisputeRequest;
use serde::{Deserialize, Serialize};

/// The fake's credentials and limits.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    pub api_key: String,
    pub api_secret: String,
    /// Requests accepted per window and API key before 429.
    pub limit: u32,
    /// The rate window (60 s in the document).
    pub window: Duration,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            api_key: "casap-demo-key".into(),
            api_secret: "casap-demo-secret".into(),
            limit: 5,
            window: Duration::from_secs(60),
        }
    }
}

/// Faults of the next requests that pass authentication.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct FakeFaults {
    pub fail500: u32,
    pub fail429: u32,
}

/// One request the fake answered.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    /// When it arrived, in milliseconds since the fake started.
    pub at_ms: u64,
    pub status: u16,
    /// `created`, `bad_request`, `unauthorized`, `rate_limited`, `injected_429`,
    /// `injected_500`.
    pub outcome: &'static str,
    /// `Retry-After` of a 429, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// The first transaction's `thirdPartyTicketID`, when the body was valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket_id: Option<String>,
    /// The uuid of the dispute created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// The body, when it was valid JSON.
    pub body: serde_json::Value,
}

/// The fake and what it has seen.
pub struct Fake {
    config: FakeConfig,
    started: Instant,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Times of the requests counted against the limit, oldest first.
    window: VecDeque<Instant>,
    faults: FakeFaults,
    received: Vec<Received>,
}

impl Fake {
    pub fn new(config: FakeConfig) -> Self {
        Self {
            config,
            started: Instant::now(),
            inner: Mutex::default(),
        }
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.inner
            .lock()
            .map(|i| i.received.clone())
            .unwrap_or_default()
    }

    /// Sets the faults of the next requests.
    pub fn set_faults(&self, faults: FakeFaults) {
        if let Ok(mut i) = self.inner.lock() {
            i.faults = faults;
        }
    }

    fn answer(&self, headers: &HeaderMap, body: &[u8]) -> (Received, Response) {
        let now = Instant::now();
        let json: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        let mut rec = Received {
            at_ms: now.duration_since(self.started).as_millis() as u64,
            status: 200,
            outcome: "created",
            retry_after: None,
            ticket_id: json["v1"]["transactionDetails"][0]["thirdPartyTicketID"]
                .as_str()
                .map(str::to_owned),
            uuid: None,
            body: json,
        };
        let text = |rec: &mut Received, status: StatusCode, outcome, msg: String| {
            rec.status = status.as_u16();
            rec.outcome = outcome;
            (status, msg).into_response()
        };
        for name in ["x-api-key", "x-api-secret", "x-user-uuid", "x-org-uuid"] {
            let present = headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| !v.trim().is_empty());
            if !present {
                let shown = name
                    .split('-')
                    .map(|p| match p {
                        "x" => "X".to_owned(),
                        "uuid" | "api" => p.to_uppercase(),
                        _ => p[..1].to_uppercase() + &p[1..],
                    })
                    .collect::<Vec<_>>()
                    .join("-");
                let r = text(
                    &mut rec,
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    format!("Missing {shown} header"),
                );
                return (rec, r);
            }
        }
        let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("");
        if header("x-api-key") != self.config.api_key
            || header("x-api-secret") != self.config.api_secret
        {
            let r = text(
                &mut rec,
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Unauthorized".into(),
            );
            return (rec, r);
        }
        let Ok(mut inner) = self.inner.lock() else {
            return (rec, StatusCode::INTERNAL_SERVER_ERROR.into_response());
        };
        while inner
            .window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.config.window)
        {
            inner.window.pop_front();
        }
        if inner.window.len() >= self.config.limit as usize {
            let oldest = inner.window[0];
            let left = self
                .config
                .window
                .saturating_sub(now.duration_since(oldest));
            let secs = left.as_millis().div_ceil(1000).max(1) as u64;
            rec.retry_after = Some(secs);
            let r = rate_limited(secs, self.config.limit);
            rec.status = 429;
            rec.outcome = "rate_limited";
            return (rec, r);
        }
        inner.window.push_back(now);
        if inner.faults.fail500 > 0 {
            inner.faults.fail500 -= 1;
            let r = text(
                &mut rec,
                StatusCode::INTERNAL_SERVER_ERROR,
                "injected_500",
                "Error occurred while creating dispute".into(),
            );
            return (rec, r);
        }
        if inner.faults.fail429 > 0 {
            inner.faults.fail429 -= 1;
            rec.retry_after = Some(1);
            rec.status = 429;
            rec.outcome = "injected_429";
            return (rec, rate_limited(1, self.config.limit));
        }
        drop(inner);
        match serde_json::from_slice::<ServerDisputeRequest>(body) {
            Ok(req) if req.version == 1 && !req.v1.transaction_details.is_empty() => {
                let uuid = uuid::Uuid::new_v4().to_string();
                rec.uuid = Some(uuid.clone());
                (
                    rec,
                    Json(serde_json::json!({ "uuid": uuid })).into_response(),
                )
            }
            Ok(_) => {
                let r = text(
                    &mut rec,
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    "Invalid JSON payload: version must be 1 and transactionDetails not empty"
                        .into(),
                );
                (rec, r)
            }
            Err(e) => {
                let r = text(
                    &mut rec,
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    format!("Invalid JSON payload: {e}"),
                );
                (rec, r)
            }
        }
    }
}

fn rate_limited(retry_after: u64, limit: u32) -> Response {
    let mut r = (StatusCode::TOO_MANY_REQUESTS, "RateLimited").into_response();
    r.headers_mut()
        .insert("retry-after", HeaderValue::from(retry_after));
    r.headers_mut()
        .insert("x-ratelimit-limit", HeaderValue::from(limit));
    r
}

/// `/api/dispute` and the fake's `/sandbox/casap-server/` routes.
pub fn routes(fake: Arc<Fake>) -> Router {
    Router::new()
        .route("/api/dispute", post(create))
        .route("/sandbox/casap-server/received", get(received))
        .route("/sandbox/casap-server/faults", put(faults))
        .with_state(fake)
}

async fn create(State(fake): State<Arc<Fake>>, headers: HeaderMap, body: Bytes) -> Response {
    let (rec, response) = fake.answer(&headers, &body);
    tracing::info!(
        status = rec.status,
        outcome = rec.outcome,
        "fake casap server api"
    );
    if let Ok(mut i) = fake.inner.lock() {
        i.received.push(rec);
    }
    response
}

async fn received(State(fake): State<Arc<Fake>>) -> Json<Vec<Received>> {
    Json(fake.received())
}

async fn faults(State(fake): State<Arc<Fake>>, Json(f): Json<FakeFaults>) -> StatusCode {
    fake.set_faults(f);
    StatusCode::NO_CONTENT
}
