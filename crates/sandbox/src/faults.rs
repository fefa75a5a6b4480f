//! Fault injection, per route and at run time, for the widget's reliability tests: a chance
//! of 503, of 429, added latency, a reset connection, and "commit, then drop the response"
//! (the request takes effect but the client never hears so: the case that makes retries
//! dangerous).
//!
//! Set at start with `--faults JSON` or at run time with `PUT /sandbox/faults` (demo mode),
//! as `{ "create": { "commitThenDrop": 1 }, "list": { "latencyMs": 300 } }`; a fault with
//! `queryContains` applies only to requests whose query string contains it (one page of a
//! list: `{ "list": { "latencyMs": 2000, "queryContains": "page=2&" } }`). What was injected
//! is counted: `GET /sandbox/faults/injected`.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::{AppError, SandboxState};

/// The API routes faults can be set on.
pub const ROUTES: &[&str] = &[
    "authenticate",
    "create",
    "list",
    "status",
    "upload",
    "reopen",
];

/// What can go wrong on one route; probabilities from 0 to 1.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Fault {
    pub error503: f64,
    pub error429: f64,
    pub latency_ms: u64,
    pub reset: f64,
    pub commit_then_drop: f64,
    /// Only requests whose query string contains this (`"page=2&"`); empty: every request.
    pub query_contains: String,
}

/// Faults by route name.
pub type Faults = BTreeMap<String, Fault>;

/// Faults injected so far: route → kind (`error503`, `error429`, `reset`, `commitThenDrop`)
/// → count.
pub type Injected = BTreeMap<String, BTreeMap<String, u64>>;

fn count(state: &SandboxState, route: &str, kind: &str) {
    if let Ok(mut injected) = state.injected.lock() {
        *injected
            .entry(route.to_owned())
            .or_default()
            .entry(kind.to_owned())
            .or_default() += 1;
    }
}

/// Checks route names and probabilities; the message says what is wrong.
pub fn validate(faults: &Faults) -> Result<(), String> {
    for (route, f) in faults {
        if !ROUTES.contains(&route.as_str()) {
            return Err(format!(
                "unknown route {route:?}; routes are {}",
                ROUTES.join(", ")
            ));
        }
        for (name, p) in [
            ("error503", f.error503),
            ("error429", f.error429),
            ("reset", f.reset),
            ("commitThenDrop", f.commit_then_drop),
        ] {
            if !(0.0..=1.0).contains(&p) {
                return Err(format!("{route}.{name} must be a probability from 0 to 1"));
            }
        }
        if f.query_contains.len() > 200 {
            return Err(format!("{route}.queryContains must be at most 200 bytes"));
        }
        if f.latency_ms > 60_000 {
            return Err(format!("{route}.latencyMs must be at most 60000"));
        }
    }
    Ok(())
}

/// The fault route name of an API request.
pub fn route_of(method: &Method, path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["v1", "authenticate"]) => Some("authenticate"),
        ("POST", ["v1", "disputes"]) => Some("create"),
        ("GET", ["v1", "disputes"]) => Some("list"),
        ("GET", ["v1", "dispute", "status", _]) => Some("status"),
        ("POST", ["v1", "disputes", _, "files"]) => Some("upload"),
        ("POST", ["v1", "disputes", _, "reopen"]) => Some("reopen"),
        _ => None,
    }
}

/// True with probability `p`.
fn chance(p: f64) -> bool {
    if p <= 0.0 {
        return false;
    }
    let r = (uuid::Uuid::new_v4().as_u128() >> 64) as u64 as f64 / u64::MAX as f64;
    r < p
}

/// A response whose body fails before its first byte: the connection is cut.
fn dropped() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "fault injection: connection dropped",
        ))
    });
    Response::new(Body::from_stream(failing))
}

/// Middleware applying the configured fault of the request's route.
pub async fn inject(State(state): State<SandboxState>, req: Request, next: Next) -> Response {
    let Some(route) = route_of(req.method(), req.uri().path()) else {
        return next.run(req).await;
    };
    let query = req.uri().query().unwrap_or("");
    let fault = (state.faults.read().ok())
        .and_then(|f| f.get(route).cloned())
        .filter(|f| query.contains(f.query_contains.as_str()));
    let Some(fault) = fault else {
        return next.run(req).await;
    };
    if fault.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
    }
    if chance(fault.error503) {
        tracing::info!(route, "fault injection: 503");
        count(&state, route, "error503");
        return AppError::Unavailable.into_response();
    }
    if chance(fault.error429) {
        tracing::info!(route, "fault injection: 429");
        count(&state, route, "error429");
        return AppError::RateLimited {
            limit: state.config.rate_limit,
            retry_after: 1,
        }
        .into_response();
    }
    if chance(fault.reset) {
        tracing::info!(route, "fault injection: reset");
        count(&state, route, "reset");
        return dropped();
    }
    let response = next.run(req).await;
    if chance(fault.commit_then_drop) {
        tracing::info!(route, status = %response.status(), "fault injection: committed, response dropped");
        count(&state, route, "commitThenDrop");
        return dropped();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_recognised() {
        let check =
            |m: Method, p: &str, want: Option<&str>| assert_eq!(route_of(&m, p), want, "{m} {p}");
        check(Method::GET, "/v1/authenticate", Some("authenticate"));
        check(Method::POST, "/v1/disputes", Some("create"));
        check(Method::GET, "/v1/disputes", Some("list"));
        check(Method::GET, "/v1/dispute/status/abc", Some("status"));
        check(Method::POST, "/v1/disputes/abc/files", Some("upload"));
        check(Method::POST, "/v1/disputes/abc/reopen", Some("reopen"));
        check(Method::GET, "/sandbox/members", None);
        check(Method::DELETE, "/v1/disputes", None);
    }

    #[test]
    fn validation_names_the_problem() {
        let mut f = Faults::new();
        f.insert(
            "create".into(),
            Fault {
                error503: 1.5,
                ..Fault::default()
            },
        );
        assert!(validate(&f).unwrap_err().contains("create.error503"));
        let mut f = Faults::new();
        f.insert("delete".into(), Fault::default());
        assert!(validate(&f).unwrap_err().contains("unknown route"));
        let mut f = Faults::new();
        f.insert(
            "list".into(),
            Fault {
                query_contains: "x".repeat(201),
                ..Fault::default()
            },
        );
        assert!(validate(&f).unwrap_err().contains("list.queryContains"));
    }

    #[test]
    fn chance_is_never_for_zero_and_always_for_one() {
        assert!((0..1000).all(|_| !chance(0.0)));
        assert!((0..1000).all(|_| chance(1.0)));
    }
}
