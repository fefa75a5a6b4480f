//! A fake of Decisionly's issuer cases (`docs/seeds/003_decisionly_issuer_cases.txt`), the
//! back end of the gateway's Decisionly connector (issue 21, in progress).
//!
//! - `PUT /v2/issuer/cases/{case_id}`: `Authorization: Basic` with the API key as the user
//!   name and no password (401 otherwise); the body checked against every rule the document
//!   states (`decisionly_api::Case::problems`: 400 naming each field); a new case is
//!   `created`, a `created` case is replaced (a resend changes nothing), a filed one (any other
//!   status) answers 409 "Filed cases cannot be updated". Answers the case with `status`.
//! - `GET /v2/issuer/cases/{case_id}`: the case as it stands (Basic auth).
//! - `POST /v2/files`: a document's bytes (`Content-Type` its type, `x-filename-base64` its
//!   name; Basic auth) answered `{ "id" }`. The document names a file upload endpoint but not
//!   its path or form: this is the form the gateway's `files_path` speaks. A case's
//!   `documentation` must list ids of uploaded files (400 otherwise).
//! - `GET /sandbox/decisionly/files/{id}`: a stored document's bytes.
//! - `POST /sandbox/decisionly/cases/{case_id}/status` `{ "status", "closedReason"? }`: the
//!   back office moves a case (statuses and closed reasons checked).
//! - `GET /sandbox/decisionly/received`: every request answered, in order.
//! - `PUT /sandbox/decisionly/faults` `{ "fail500": n }`: the next authenticated requests fail.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use base64::Engine as _;
use decisionly_api::{CLOSED_REASONS, Case, STATUSES};
use serde::{Deserialize, Serialize};

/// One request the fake answered.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    pub method: &'static str,
    pub case_id: String,
    pub status: u16,
    /// The body, when it was JSON.
    pub body: serde_json::Value,
}

#[derive(Default)]
struct Inner {
    cases: BTreeMap<String, Case>,
    files: Vec<(String, Vec<u8>)>,
    received: Vec<Received>,
    fail500: u32,
}

/// The fake and what it holds.
pub struct FakeDecisionly {
    api_key: String,
    inner: Mutex<Inner>,
}

impl FakeDecisionly {
    pub fn new(api_key: impl Into<String>) -> Self {
        Self {
            api_key: api_key.into(),
            inner: Mutex::default(),
        }
    }

    /// Every request answered so far.
    pub fn received(&self) -> Vec<Received> {
        self.inner
            .lock()
            .map(|i| i.received.clone())
            .unwrap_or_default()
    }

    /// The cases as they stand.
    pub fn cases(&self) -> BTreeMap<String, Case> {
        self.inner
            .lock()
            .map(|i| i.cases.clone())
            .unwrap_or_default()
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(encoded) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
        else {
            return false;
        };
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        // The API key is the user name; there is no password.
        decoded.is_some_and(|d| d == format!("{}:", self.api_key) || d == self.api_key)
    }
}

fn error(status: StatusCode, message: String) -> Response {
    (
        status,
        Json(serde_json::json!({ "error": { "message": message } })),
    )
        .into_response()
}

fn answer(
    fake: &FakeDecisionly,
    method: &'static str,
    case_id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let json: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let Ok(mut inner) = fake.inner.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let record = |status: StatusCode, inner: &mut Inner| {
        inner.received.push(Received {
            method,
            case_id: case_id.to_owned(),
            status: status.as_u16(),
            body: json.clone(),
        });
    };
    if !fake.authorized(headers) {
        record(StatusCode::UNAUTHORIZED, &mut inner);
        return error(StatusCode::UNAUTHORIZED, "invalid API key".into());
    }
    if inner.fail500 > 0 {
        inner.fail500 -= 1;
        record(StatusCode::INTERNAL_SERVER_ERROR, &mut inner);
        return error(StatusCode::INTERNAL_SERVER_ERROR, "internal error".into());
    }
    if method == "GET" {
        let found = inner.cases.get(case_id).cloned();
        let status = if found.is_some() {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        record(status, &mut inner);
        return match found {
            Some(c) => Json(c).into_response(),
            None => error(StatusCode::NOT_FOUND, format!("no case {case_id}")),
        };
    }
    let mut case: Case = match serde_json::from_slice(body) {
        Ok(c) => c,
        Err(e) => {
            record(StatusCode::BAD_REQUEST, &mut inner);
            return error(StatusCode::BAD_REQUEST, format!("invalid body: {e}"));
        }
    };
    let mut problems = case.problems();
    for id in &case.issuer_evidence.documentation {
        if !inner.files.iter().any(|(f, _)| f == id) {
            problems.push(format!("issuer_evidence.documentation: no file {id}"));
        }
    }
    if case.case_id.as_deref().is_some_and(|id| id != case_id) {
        problems.push("case_id: differs from the path".into());
    }
    if case_id.is_empty() || case_id.chars().count() > 126 {
        problems.push("case_id: from 1 to 126 characters".into());
    }
    if !problems.is_empty() {
        record(StatusCode::BAD_REQUEST, &mut inner);
        return error(StatusCode::BAD_REQUEST, problems.join("; "));
    }
    let status = inner
        .cases
        .get(case_id)
        .and_then(|c| c.status.clone())
        .unwrap_or_else(|| "created".into());
    if status != "created" {
        record(StatusCode::CONFLICT, &mut inner);
        return error(StatusCode::CONFLICT, "Filed cases cannot be updated".into());
    }
    case.case_id = Some(case_id.to_owned());
    case.status = Some(status);
    case.closed_reason = None;
    inner.cases.insert(case_id.to_owned(), case.clone());
    record(StatusCode::OK, &mut inner);
    Json(case).into_response()
}

async fn put_case(
    State(fake): State<Arc<FakeDecisionly>>,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer(&fake, "PUT", &case_id, &headers, &body)
}

async fn get_case(
    State(fake): State<Arc<FakeDecisionly>>,
    Path(case_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    answer(&fake, "GET", &case_id, &headers, b"")
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Move {
    status: String,
    closed_reason: Option<String>,
}

async fn move_case(
    State(fake): State<Arc<FakeDecisionly>>,
    Path(case_id): Path<String>,
    Json(m): Json<Move>,
) -> Response {
    if !STATUSES.contains(&m.status.as_str()) {
        return error(
            StatusCode::BAD_REQUEST,
            format!(
                "status: {:?} is not one of {}",
                m.status,
                STATUSES.join(", ")
            ),
        );
    }
    if let Some(r) = &m.closed_reason
        && !CLOSED_REASONS.contains(&r.as_str())
    {
        return error(
            StatusCode::BAD_REQUEST,
            format!(
                "closedReason: {r:?} is not one of {}",
                CLOSED_REASONS.join(", ")
            ),
        );
    }
    let Ok(mut inner) = fake.inner.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Some(case) = inner.cases.get_mut(&case_id) else {
        return error(StatusCode::NOT_FOUND, format!("no case {case_id}"));
    };
    case.status = Some(m.status);
    case.closed_reason = m.closed_reason;
    Json(case.clone()).into_response()
}

async fn upload(
    State(fake): State<Arc<FakeDecisionly>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(mut inner) = fake.inner.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let status = if !fake.authorized(&headers) {
        StatusCode::UNAUTHORIZED
    } else if body.is_empty() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    inner.received.push(Received {
        method: "POST",
        case_id: String::new(),
        status: status.as_u16(),
        body: serde_json::json!({ "bytes": body.len() }),
    });
    if status != StatusCode::OK {
        return error(status, "a file needs the API key and some bytes".into());
    }
    let id = format!("file_{}", inner.files.len() + 1);
    inner.files.push((id.clone(), body.to_vec()));
    Json(serde_json::json!({ "id": id })).into_response()
}

async fn file_bytes(State(fake): State<Arc<FakeDecisionly>>, Path(id): Path<String>) -> Response {
    let found = fake.inner.lock().ok().and_then(|i| {
        i.files
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, b)| b.clone())
    });
    match found {
        Some(b) => b.into_response(),
        None => error(StatusCode::NOT_FOUND, format!("no file {id}")),
    }
}

async fn received(State(fake): State<Arc<FakeDecisionly>>) -> Json<Vec<Received>> {
    Json(fake.received())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Faults {
    fail500: u32,
}

async fn faults(State(fake): State<Arc<FakeDecisionly>>, Json(f): Json<Faults>) -> StatusCode {
    if let Ok(mut i) = fake.inner.lock() {
        i.fail500 = f.fail500;
    }
    StatusCode::NO_CONTENT
}

/// The fake's routes.
pub fn routes(fake: Arc<FakeDecisionly>) -> Router {
    Router::new()
        .route("/v2/issuer/cases/{case_id}", put(put_case).get(get_case))
        .route(
            "/sandbox/decisionly/cases/{case_id}/status",
            post(move_case),
        )
        .route(
            "/v2/files",
            post(upload).layer(axum::extract::DefaultBodyLimit::max(32 * 1024 * 1024)),
        )
        .route("/sandbox/decisionly/files/{id}", get(file_bytes))
        .route("/sandbox/decisionly/received", get(received))
        .route("/sandbox/decisionly/faults", put(faults))
        .with_state(fake)
}
