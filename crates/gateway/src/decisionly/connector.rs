//! Sends a dispute's cases to Decisionly: `PUT {url}{cases_path}/{case_id}` for each, with
//! `Authorization: Basic` (the API key as user name, no password).
//!
//! `PUT` makes a resend harmless: a case sent again after a crash is the same case. A case the
//! back office has already filed answers 409 ("Filed cases cannot be updated"): it exists, so
//! it counts as sent. The entry is sent when every case is; a 429, 5xx or network error
//! retries the whole entry (cases already there are simply `PUT` again).

use base64::Engine as _;

use crate::config::Backend;
use crate::connector::{Outcome, answer_of};

/// The outbox payload of a Decisionly entry: the cases in order.
pub type Payload = Vec<(String, decisionly_api::Case)>;

/// `Authorization: Basic`: the API key as the user name, no password.
pub fn basic_auth(backend: &Backend) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{}:", backend.api_key.expose()))
    )
}

pub async fn send(
    http: &reqwest::Client,
    backend: &Backend,
    cases_path: &str,
    payload: &str,
) -> Outcome {
    let cases: Payload = match serde_json::from_str(payload) {
        Ok(c) => c,
        Err(e) => return Outcome::Dead(format!("the stored cases cannot be read: {e}")),
    };
    let auth = basic_auth(backend);
    for (case_id, case) in &cases {
        let request = http
            .put(format!("{}{cases_path}/{case_id}", backend.url))
            .header("authorization", &auth)
            .header("content-type", "application/json")
            .timeout(backend.timeout)
            .body(serde_json::to_string(case).unwrap_or_default());
        let response = request.send().await;
        let outcome = match response {
            Ok(r) if r.status().as_u16() == 409 => Outcome::Sent(None),
            other => answer_of(other).await,
        };
        if !matches!(outcome, Outcome::Sent(_)) {
            return match outcome {
                Outcome::Dead(why) => Outcome::Dead(format!("case {case_id}: {why}")),
                Outcome::Retry(why) => Outcome::Retry(format!("case {case_id}: {why}")),
                other => other,
            };
        }
    }
    let ids: Vec<&str> = cases.iter().map(|(id, _)| id.as_str()).collect();
    Outcome::Sent(Some(ids.join(", ")))
}
