//! Errors as `google.rpc.Status` bodies with grpc-gateway's HTTP mapping.
//!
//! Client errors carry a message fit for a developer and never another member's ids; 5xx
//! bodies are generic and the detail goes to the log only.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use casap_api::{RpcStatus, code};

/// gRPC FAILED_PRECONDITION (HTTP 400).
const FAILED_PRECONDITION: i32 = 9;

/// An error a handler answers with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    InvalidArgument(String),
    #[error("{0}")]
    FailedPrecondition(String),
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error("{0}")]
    PermissionDenied(&'static str),
    #[error("{0}")]
    NotFound(&'static str),
    #[error("{0}")]
    AlreadyExists(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("rate limit exceeded: at most {limit} requests a minute; retry after {retry_after} s")]
    RateLimited { limit: u32, retry_after: u64 },
    #[error("the service is unavailable; try again")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::Internal(detail.into())
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::InvalidArgument(message.into())
    }

    fn status_and_code(&self) -> (StatusCode, i32) {
        match self {
            Self::InvalidArgument(_) => (StatusCode::BAD_REQUEST, code::INVALID_ARGUMENT),
            Self::FailedPrecondition(_) => (StatusCode::BAD_REQUEST, FAILED_PRECONDITION),
            Self::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED),
            Self::PermissionDenied(_) => (StatusCode::FORBIDDEN, code::PERMISSION_DENIED),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, code::NOT_FOUND),
            Self::AlreadyExists(_) => (StatusCode::CONFLICT, code::ALREADY_EXISTS),
            Self::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, code::RESOURCE_EXHAUSTED),
            Self::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, code::RESOURCE_EXHAUSTED),
            Self::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, code::UNAVAILABLE),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, code::INTERNAL),
        }
    }
}

impl From<tokio_postgres::Error> for AppError {
    fn from(e: tokio_postgres::Error) -> Self {
        // The server's own message (`db_error`) says what failed; Display alone often only
        // says "db error".
        match e.as_db_error() {
            Some(db) => Self::Internal(format!("postgres: {}: {}", db.code().code(), db.message())),
            // The server went away (stopped, restarted, the network cut): the request may be
            // tried again, and is answered so (the widget retries); the next use of the
            // connection connects again (`pool.rs`).
            None if e.is_closed() => {
                tracing::error!(error = %e, "postgres: the database is unreachable");
                Self::Unavailable
            }
            None => Self::Internal(format!("postgres: {e}")),
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Internal(format!("sqlite: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            Self::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                "internal error".to_owned()
            }
            other => other.to_string(),
        };
        let body = RpcStatus {
            code,
            message,
            details: Vec::new(),
        };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        match self {
            Self::Unauthenticated(_) => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Self::RateLimited { limit, retry_after } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
                headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
            }
            Self::Unavailable => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            _ => {}
        }
        response
    }
}

/// Unknown API paths answer NOT_FOUND in the API's error shape.
pub async fn not_found() -> AppError {
    AppError::NotFound("no such route")
}
