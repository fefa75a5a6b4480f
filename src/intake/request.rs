//! From the draft to the API: the create request (API.md), and recognising a dispute this
//! draft already created (for retries after an ambiguous failure: a dispute is never filed
//! twice).

use casap_api::{CreateDisputeRequest, Customer, DisputeStatus, DisputeSummary};

use super::Member;
use super::flow::Flow;
use crate::survey;

/// The `POST /v1/disputes` body for the draft.
/// `signed_at_ms` is when the member submitted: the attestation's timestamp.
pub fn create_request(
    flow: &Flow,
    org_uuid: &str,
    member: Option<&Member>,
    signed_at_ms: i64,
) -> CreateDisputeRequest {
    let customer = member
        .map(|m| Customer {
            uuid: m.uuid.clone(),
            name: m.name.clone(),
            email: m.email.clone(),
            phone: m.phone.clone(),
            account_uuid: m.account_uuid.clone(),
            ..Customer::default()
        })
        .unwrap_or_default();
    CreateDisputeRequest {
        org_uuid: org_uuid.to_owned(),
        transaction_details: flow.selected().into_iter().cloned().collect(),
        customer,
        reason: flow.draft.reason.unwrap_or_default(),
        questionnaire_answers: answers(flow, signed_at_ms),
    }
}

/// The questionnaire's answers, its version, then the signed attestation.
fn answers(flow: &Flow, signed_at_ms: i64) -> Vec<casap_api::QuestionnaireAnswer> {
    let mut out = survey::encode(&flow.survey(), &flow.catalog.version);
    out.extend(survey::attest::answers(
        &flow.catalog,
        &flow.attestations(),
        &flow.draft.signature,
        &survey::rules::iso_utc(signed_at_ms),
    ));
    out
}

/// Whether `d` is the dispute this draft would create: open, same reason, same transactions.
pub fn is_this_draft(d: &DisputeSummary, flow: &Flow) -> bool {
    let mine = &flow.draft.selected;
    let theirs: Vec<&str> = d.transactions.iter().map(|t| t.uuid.as_str()).collect();
    // The same transactions in any order (a handful: compared without sorting, which would
    // bring a sort of its own into the wasm).
    let same = mine.len() == theirs.len()
        && mine.iter().all(|m| theirs.contains(&m.as_str()))
        && theirs.iter().all(|t| mine.iter().any(|m| m == t));
    d.status == DisputeStatus::Open && Some(d.reason) == flow.draft.reason && same
}
