//! Message types of the API, with the snake_case aliases the docs' examples use.

use serde::{Deserialize, Serialize};

use crate::{CardType, TransactionNetwork, TransactionStatus, TransactionType};

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
    /// int32 in the OpenAPI; read through the int64 decoder so a string also decodes.
    #[serde(alias = "amount_in_cents", alias = "value", with = "crate::int64")]
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
    #[serde(alias = "transaction_settled_amount")]
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
