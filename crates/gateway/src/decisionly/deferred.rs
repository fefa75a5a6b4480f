//! Cases built just before sending, when card facts come from the credit union's core
//! (`enrichment_url`): filing stores the dispute as filed ([`Deferred`], in the same
//! transaction, as ever), and the worker asks the core `GET {enrichment_url}/{transaction
//! uuid}` (JSON: `category_code`, `last4`, `expiry_month`, `expiry_year`, `network`, `arn`,
//! `switch_serial_number`, `system`, any of them; 404: nothing known), fills what the CSV and
//! the host's data leave open, builds the cases (or holds the dispute with the field named),
//! and stores them before the first `PUT`, so every resend sends the same cases.

use casap_api::CreateDisputeRequest;
use serde::{Deserialize, Serialize};

use super::case::{Filed, Held, cases};
use super::enrichment::{CardFacts, Table};

/// A dispute waiting for its card facts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deferred {
    pub dispute_uuid: String,
    pub short_id: String,
    pub request: CreateDisputeRequest,
    pub received_ms: i64,
    pub evidence_url: String,
}

/// Whether a stored payload is a dispute waiting for its card facts.
pub fn is_deferred(payload: &str) -> bool {
    payload.trim_start().starts_with('{')
}

/// What a step of [`prepare`] came to.
pub enum Prepared {
    /// The cases, as the payload to store and send.
    Cases(String),
    /// Held for staff, with why.
    Held(String),
    /// The core could not be asked: try again later.
    Retry(String),
}

/// Asks the core for each transaction's facts and builds the cases.
pub async fn prepare(
    http: &reqwest::Client,
    url: &str,
    timeout: std::time::Duration,
    csv: &Table,
    payload: &str,
) -> Prepared {
    let d: Deferred = match serde_json::from_str(payload) {
        Ok(d) => d,
        Err(e) => return Prepared::Held(format!("the stored dispute cannot be read: {e}")),
    };
    let mut rows = Vec::new();
    for t in &d.request.transaction_details {
        let response = http
            .get(format!("{url}/{}", t.uuid))
            .timeout(timeout)
            .send()
            .await;
        let answer = match response {
            Ok(r) if r.status().as_u16() == 404 => CardFacts::default(),
            Ok(r) if r.status().is_success() => match r.bytes().await {
                Ok(b) => serde_json::from_slice(&b).unwrap_or_default(),
                Err(e) => return Prepared::Retry(format!("card facts of {}: {e}", t.uuid)),
            },
            Ok(r) => {
                return Prepared::Retry(format!("card facts of {}: HTTP {}", t.uuid, r.status()));
            }
            Err(e) => return Prepared::Retry(format!("card facts of {}: {e}", t.uuid)),
        };
        rows.push((t.uuid.clone(), csv.get(&t.uuid).or(answer)));
    }
    let table = Table::from_rows(rows);
    let built = cases(
        &Filed {
            dispute_uuid: &d.dispute_uuid,
            short_id: &d.short_id,
            request: &d.request,
            received_ms: d.received_ms,
            evidence_url: &d.evidence_url,
        },
        &table,
    );
    match built {
        Ok(c) => match serde_json::to_string(&c) {
            Ok(s) => Prepared::Cases(s),
            Err(e) => Prepared::Held(e.to_string()),
        },
        Err(Held(why)) => Prepared::Held(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_wins_and_the_core_fills_the_gaps() {
        let known = CardFacts {
            last4: Some("4242".into()),
            ..CardFacts::default()
        };
        let more = CardFacts {
            last4: Some("0000".into()),
            expiry_month: Some(9),
            ..CardFacts::default()
        };
        let f = known.or(more);
        assert_eq!(f.last4.as_deref(), Some("4242"));
        assert_eq!(f.expiry_month, Some(9));
    }

    #[test]
    fn deferred_payloads_are_told_from_cases() {
        assert!(is_deferred(r#"{"dispute_uuid":"d"}"#));
        assert!(!is_deferred(r#"[["CSP-1-1",{}]]"#));
    }
}
