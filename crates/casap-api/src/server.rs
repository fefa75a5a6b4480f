//! Casap's older server-to-server API (`docs/seeds/001_casap_server_api.txt`): the body of
//! `POST /api/dispute`, as `dispute-gateway` sends it and the sandbox's fake receives it.
//!
//! Create only: no list, status, files or reopen. Amounts in cents, timestamps in epoch
//! seconds, network and transaction type as numbers. Every field the document marks required
//! is required when decoding (no defaults), so the fake refuses what Casap would.

use serde::{Deserialize, Serialize};

/// `NETWORK_TYPE_VISA`, `_MASTERCARD`, `_AMEX`.
pub const NETWORK_VISA: i32 = 1;
pub const NETWORK_MASTERCARD: i32 = 2;
pub const NETWORK_AMEX: i32 = 3;

/// `TRANSACTION_TYPE_DEBIT`, `_CREDIT`, `_ACH`, `_ATM`.
pub const TYPE_DEBIT: i32 = 1;
pub const TYPE_CREDIT: i32 = 2;
pub const TYPE_ACH: i32 = 3;
pub const TYPE_ATM: i32 = 4;

/// `{ version: 1, v1: {...} }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerDisputeRequest {
    pub version: i32,
    pub v1: ServerDisputeV1,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerDisputeV1 {
    #[serde(rename = "orgUUID")]
    pub org_uuid: String,
    pub transaction_details: Vec<ServerTransaction>,
    pub customer_info: ServerCustomer,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<ServerNotes>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerTransaction {
    #[serde(rename = "transactionID")]
    pub transaction_id: String,
    pub merchant: String,
    pub transacted_amount: i64,
    pub settled_amount: i64,
    pub transaction_timestamp: i64,
    pub network: i32,
    pub transaction_type: i32,
    #[serde(
        rename = "thirdPartyTicketID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub third_party_ticket_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub third_party_ticket_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerCustomer {
    pub name: String,
    pub email: String,
    pub account_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerNotes {
    pub comment: String,
    pub author: String,
    pub timestamp: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub file_urls: Vec<String>,
}
