//! Message types of the API, with the snake_case aliases the docs' examples use.

use serde::{Deserialize, Serialize};

use crate::{
    Action, CardType, DisputeEventType, DisputeReason, DisputeStatus, DisputedTransactionStatus,
    FinalDecisionType, TransactionEventType, TransactionNetwork, TransactionStatus,
    TransactionType,
};

/// `GET /v1/authenticate` answer: a session token and its expiry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuthenticateResponse {
    #[serde(alias = "session_token")]
    pub session_token: String,
    /// Expiry as sent (seconds or milliseconds): use [`crate::timestamp_millis`] to read it.
    #[serde(alias = "expires_at", with = "crate::int64")]
    pub expires_at: i64,
}

/// Money: whole cents and an ISO 4217 currency code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Amount {
    /// int32 in the OpenAPI: sent as a number, a string also decodes.
    #[serde(alias = "amount_in_cents", alias = "value", with = "crate::int32")]
    pub amount_in_cents: i64,
    pub currency: String,
}

/// One transaction of the member, as the host supplies it and as a dispute carries it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TransactionDetail {
    pub uuid: String,
    #[serde(alias = "settled_timestamp", with = "crate::int64")]
    pub settled_timestamp: i64,
    #[serde(alias = "authorized_timestamp", with = "crate::int64")]
    pub authorized_timestamp: i64,
    pub amount: Amount,
    #[serde(
        alias = "transaction_settled_amount",
        skip_serializing_if = "Option::is_none"
    )]
    pub transaction_settled_amount: Option<Amount>,
    pub merchant: String,
    pub status: TransactionStatus,
    #[serde(rename = "type", alias = "transaction_type")]
    pub kind: TransactionType,
    pub network: TransactionNetwork,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub arn: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub location: String,
    #[serde(alias = "card_id", skip_serializing_if = "String::is_empty")]
    pub card_id: String,
    #[serde(
        alias = "visa_transaction_id",
        skip_serializing_if = "String::is_empty"
    )]
    pub visa_transaction_id: String,
    #[serde(alias = "type_code", skip_serializing_if = "String::is_empty")]
    pub type_code: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ica: String,
    #[serde(alias = "card_type")]
    pub card_type: CardType,
}

/// `google.rpc.Status`: the body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RpcStatus {
    pub code: i32,
    pub message: String,
    /// `protobufAny` details; kept opaque, always empty from the sandbox.
    #[serde(skip_deserializing)]
    pub details: Vec<()>,
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Address {
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub state: String,
    #[serde(alias = "postal_code")]
    pub postal_code: String,
    pub country: String,
}

/// The member filing the dispute.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Customer {
    pub uuid: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    #[serde(alias = "account_uuid")]
    pub account_uuid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(alias = "external_ids")]
    pub external_ids: std::collections::BTreeMap<String, String>,
}

/// The back-office agent handling a dispute.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Agent {
    pub uuid: String,
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// One answer of the questionnaire; `answer` is always a string (QUESTIONNAIRE.md section 1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct QuestionnaireAnswer {
    #[serde(alias = "question_id")]
    pub question_id: String,
    pub question: String,
    pub answer: String,
}

/// `POST /v1/disputes` body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateDisputeRequest {
    #[serde(alias = "org_uuid")]
    pub org_uuid: String,
    #[serde(alias = "transaction_details")]
    pub transaction_details: Vec<TransactionDetail>,
    pub customer: Customer,
    pub reason: DisputeReason,
    #[serde(alias = "questionnaire_answers")]
    pub questionnaire_answers: Vec<QuestionnaireAnswer>,
}

/// `{ dispute }`: the answer of create, status and reopen.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DisputeResponse {
    pub dispute: DisputeSummary,
}

/// A dispute as the API reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DisputeSummary {
    pub uuid: String,
    #[serde(alias = "short_id")]
    pub short_id: String,
    pub status: DisputeStatus,
    pub reason: DisputeReason,
    #[serde(alias = "resolution_deadline", with = "crate::int64")]
    pub resolution_deadline: i64,
    pub customer: Customer,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<Agent>,
    pub transactions: Vec<DisputedTransaction>,
    #[serde(alias = "audit_log")]
    pub audit_log: Vec<DisputeAuditLog>,
}

/// One transaction inside a dispute.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DisputedTransaction {
    pub uuid: String,
    #[serde(alias = "settled_timestamp", with = "crate::int64")]
    pub settled_timestamp: i64,
    pub amount: Amount,
    pub merchant: String,
    pub status: DisputedTransactionStatus,
    #[serde(alias = "transaction_status")]
    pub transaction_status: TransactionStatus,
    #[serde(
        alias = "provisional_credit_amount",
        skip_serializing_if = "Option::is_none"
    )]
    pub provisional_credit_amount: Option<Amount>,
    #[serde(alias = "final_credit_amount", skip_serializing_if = "Option::is_none")]
    pub final_credit_amount: Option<Amount>,
    #[serde(
        alias = "reverse_credit_amount",
        skip_serializing_if = "Option::is_none"
    )]
    pub reverse_credit_amount: Option<Amount>,
    #[serde(alias = "transaction_final_status")]
    pub transaction_final_status: FinalDecisionType,
    #[serde(alias = "audit_log")]
    pub audit_log: Vec<TransactionAuditLog>,
}

/// An event of a dispute.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DisputeAuditLog {
    #[serde(with = "crate::int64")]
    pub timestamp: i64,
    #[serde(alias = "event_type")]
    pub event_type: DisputeEventType,
    #[serde(alias = "agent_email")]
    pub agent_email: String,
    #[serde(alias = "create_dispute", skip_serializing_if = "Option::is_none")]
    pub create_dispute: Option<CreateDisputeEvent>,
    /// Not Casap's: on `DISPUTE_EVENT_TYPE_FORWARDED`, `dispute-gateway` puts the back end's
    /// id of the case here (empty until the back end gave one).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reference: String,
}

/// Detail of a `DISPUTE_EVENT_TYPE_CREATE` event.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateDisputeEvent {
    pub actions: Vec<Action>,
}

/// An event of one disputed transaction.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TransactionAuditLog {
    #[serde(with = "crate::int64")]
    pub timestamp: i64,
    #[serde(alias = "event_type")]
    pub event_type: TransactionEventType,
    #[serde(alias = "agent_email")]
    pub agent_email: String,
    #[serde(
        alias = "issue_provisional_credit",
        skip_serializing_if = "Option::is_none"
    )]
    pub issue_provisional_credit: Option<ProvisionalCreditEvent>,
    #[serde(
        alias = "record_final_decision",
        skip_serializing_if = "Option::is_none"
    )]
    pub record_final_decision: Option<FinalDecisionEvent>,
}

/// Detail of a provisional credit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProvisionalCreditEvent {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    pub actions: Vec<Action>,
}

/// Detail of a final decision. The sub-types (`ACCEPTED_TYPE_*`, `DENIED_TYPE_*`,
/// `CANCELED_TYPE_*`) are kept as wire strings: they are shown, never branched on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FinalDecisionEvent {
    #[serde(rename = "type")]
    pub kind: FinalDecisionType,
    pub actions: Vec<Action>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<DecisionDetail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denied: Option<DecisionDetail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canceled: Option<DecisionDetail>,
}

/// `{ type }` of an accepted, denied or canceled decision.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionDetail {
    #[serde(rename = "type")]
    pub kind: String,
}

/// `GET /v1/disputes` answer with its page metadata.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ListDisputesResponse {
    pub items: Vec<DisputeSummary>,
    #[serde(alias = "total_items", with = "crate::int32")]
    pub total_items: i64,
    #[serde(alias = "total_pages", with = "crate::int32")]
    pub total_pages: i64,
    #[serde(alias = "total_in_page", with = "crate::int32")]
    pub total_in_page: i64,
    #[serde(alias = "current_page", with = "crate::int32")]
    pub current_page: i64,
}

/// `POST /v1/disputes/{uuid}/files` body: the file as base64.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UploadFileRequest {
    #[serde(alias = "file_content")]
    pub file_content: String,
    pub filename: String,
    #[serde(alias = "content_type")]
    pub content_type: String,
}

/// `POST /v1/disputes/{uuid}/reopen` body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReopenRequest {
    #[serde(alias = "transaction_uuids")]
    pub transaction_uuids: Vec<String>,
}
