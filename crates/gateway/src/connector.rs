//! The Casap server API client: one `POST /api/dispute` and what its answer means for the
//! outbox ([`Outcome`], decided by [`classify`], pure and tested natively).
//!
//! The API has no idempotency key: a request whose answer is lost may have created the
//! dispute, and the outbox sends it again (at least once). Every resend carries the same
//! `thirdPartyTicketID` (the case number), so duplicates can be matched at the back end.

use std::time::Duration;

use reqwest::header::HeaderMap;

use crate::config::{Backend, BackendKind};

/// What one send came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Created; the back end's uuid when its answer carried one.
    Sent(Option<String>),
    /// 429: wait `retry_after`; not an attempt.
    RateLimited {
        retry_after: Duration,
        limit: Option<u32>,
    },
    /// Network error, timeout, 5xx, or another status worth retrying: back off and retry.
    Retry(String),
    /// 400, 401, 403, 404...: retrying cannot help until someone fixes something.
    Dead(String),
}

/// Longest error text kept from an answer.
const MAX_ERROR_CHARS: usize = 500;

/// The meaning of an answer (`status`, headers, body).
pub fn classify(status: u16, headers: &HeaderMap, body: &str) -> Outcome {
    let text: String = body.trim().chars().take(MAX_ERROR_CHARS).collect();
    match status {
        200..=299 => Outcome::Sent(backend_uuid(body)),
        429 => {
            let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).map(str::trim);
            let retry_after = header("retry-after")
                .and_then(|v| v.parse::<u64>().ok())
                // The document says 60; a missing or HTTP-date value waits that long.
                .unwrap_or(60);
            Outcome::RateLimited {
                retry_after: Duration::from_secs(retry_after.clamp(1, 3600)),
                limit: header("x-ratelimit-limit").and_then(|v| v.parse().ok()),
            }
        }
        408 | 500..=599 => Outcome::Retry(format!("HTTP {status}: {text}")),
        _ => Outcome::Dead(format!("HTTP {status}: {text}")),
    }
}

/// The created dispute's uuid: `{ "uuid" }` (or `disputeUUID`, `disputeUuid`, `id`, or
/// `{ "dispute": { "uuid" } }`), or a bare uuid as text.
fn backend_uuid(body: &str) -> Option<String> {
    let body = body.trim();
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(body) {
        let found = ["uuid", "disputeUUID", "disputeUuid", "id"]
            .iter()
            .find_map(|k| v.get(k).or_else(|| v.get("dispute")?.get(k)))
            .or(Some(&v))
            .and_then(|x| x.as_str());
        return found.map(str::to_owned).filter(|s| looks_like_uuid(s));
    }
    looks_like_uuid(body).then(|| body.to_owned())
}

fn looks_like_uuid(s: &str) -> bool {
    s.len() == 36 && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

/// Sends one outbox entry's payload to the configured back end.
pub async fn send(http: &reqwest::Client, backend: &Backend, payload: &str) -> Outcome {
    match &backend.kind {
        BackendKind::CasapServer {
            api_secret,
            user_uuid,
            org_uuid,
        } => {
            let request = http
                .post(format!("{}/api/dispute", backend.url))
                .header("x-api-key", backend.api_key.expose())
                .header("x-api-secret", api_secret.expose())
                .header("x-user-uuid", user_uuid)
                .header("x-org-uuid", org_uuid)
                .header("content-type", "application/json")
                .timeout(backend.timeout)
                .body(payload.to_owned());
            answer_of(request.send().await).await
        }
        BackendKind::Decisionly { cases_path, .. } => {
            crate::decisionly::connector::send(http, backend, cases_path, payload).await
        }
    }
}

/// The outcome of one HTTP exchange.
pub async fn answer_of(response: Result<reqwest::Response, reqwest::Error>) -> Outcome {
    match response {
        Err(e) => Outcome::Retry(format!("network: {}", network_error(&e))),
        Ok(r) => {
            let status = r.status().as_u16();
            let headers = r.headers().clone();
            let text = r.text().await.unwrap_or_default();
            classify(status, &headers, &text)
        }
    }
}

/// What kind of network failure, and reqwest's words for it.
fn network_error(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    format!("{kind}: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn answers_are_classified() {
        let none = HeaderMap::new();
        let u = "0f8fad5b-d9cb-469f-a165-70867728950e";
        assert_eq!(
            classify(200, &none, &format!("{{\"uuid\":\"{u}\"}}")),
            Outcome::Sent(Some(u.into()))
        );
        assert_eq!(classify(200, &none, u), Outcome::Sent(Some(u.into())));
        assert_eq!(classify(200, &none, "{}"), Outcome::Sent(None));
        assert_eq!(
            classify(
                429,
                &headers(&[("retry-after", "60"), ("x-ratelimit-limit", "5")]),
                "RateLimited"
            ),
            Outcome::RateLimited {
                retry_after: Duration::from_secs(60),
                limit: Some(5)
            }
        );
        assert_eq!(
            classify(429, &none, ""),
            Outcome::RateLimited {
                retry_after: Duration::from_secs(60),
                limit: None
            }
        );
        assert_eq!(
            classify(500, &none, "Error occurred while creating dispute"),
            Outcome::Retry("HTTP 500: Error occurred while creating dispute".into())
        );
        assert_eq!(
            classify(401, &none, "Unauthorized"),
            Outcome::Dead("HTTP 401: Unauthorized".into())
        );
        assert_eq!(
            classify(400, &none, "Missing X-User-UUID header"),
            Outcome::Dead("HTTP 400: Missing X-User-UUID header".into())
        );
    }
}
