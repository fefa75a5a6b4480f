//! Wire types of Casap's dispute API v1, shared by the widget, the sandbox and the gateway;
//! and, in [`server`], the body of Casap's older server API that the gateway forwards to.
//!
//! The real wire is untidy (see `docs/API.md`, "Tolerant decoding"): field names arrive in
//! camelCase or snake_case, int64 values as JSON strings or numbers, timestamps in seconds or
//! milliseconds, and enums may carry values this build does not know. Every type here decodes
//! all of those and always encodes the canonical form: camelCase, int64 as strings, known enum
//! wire names.
//!
//! This crate knows serde and nothing else: no HTTP, no web, no server.

mod enums;
pub mod files;
pub mod int32;
pub mod int64;
pub mod server;
pub mod time;
mod types;

pub use enums::{
    Action, CardType, DisputeEventType, DisputeReason, DisputeStatus, DisputedTransactionStatus,
    FinalDecisionType, TransactionEventType, TransactionNetwork, TransactionStatus,
    TransactionType,
};
pub use types::{
    Address, Agent, Amount, AuthenticateResponse, CreateDisputeEvent, CreateDisputeRequest,
    Customer, DecisionDetail, DisputeAuditLog, DisputeResponse, DisputeSummary,
    DisputedTransaction, FinalDecisionEvent, ListDisputesResponse, ProvisionalCreditEvent,
    QuestionnaireAnswer, ReopenRequest, RpcStatus, TransactionAuditLog, TransactionDetail,
    UploadFileRequest,
};

/// Values below this are Unix seconds, values at or above it Unix milliseconds.
///
/// The docs call timestamps milliseconds but their examples are 10-digit seconds; 10^11 seconds
/// is the year 5138 and 10^11 milliseconds is March 1973, so the two ranges never collide for
/// banking dates.
pub const SECONDS_MILLIS_CUTOFF: i64 = 100_000_000_000;

/// Normalises a wire timestamp (seconds or milliseconds) to Unix milliseconds.
pub fn timestamp_millis(raw: i64) -> i64 {
    if raw.abs() < SECONDS_MILLIS_CUTOFF {
        raw.saturating_mul(1000)
    } else {
        raw
    }
}

/// gRPC status codes used by the API's `google.rpc.Status` error bodies.
pub mod code {
    pub const INVALID_ARGUMENT: i32 = 3;
    pub const NOT_FOUND: i32 = 5;
    pub const ALREADY_EXISTS: i32 = 6;
    pub const PERMISSION_DENIED: i32 = 7;
    pub const RESOURCE_EXHAUSTED: i32 = 8;
    pub const INTERNAL: i32 = 13;
    pub const UNAVAILABLE: i32 = 14;
    pub const UNAUTHENTICATED: i32 = 16;
}

#[cfg(test)]
mod tests;
