//! Errors as `google.rpc.Status` bodies with grpc-gateway's HTTP mapping.
//!
//! Client errors carry a message fit for a developer; 5xx bodies are generic and the detail
//! goes to the log only.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use casap_api::{RpcStatus, code};

/// An error a handler answers with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    InvalidArgument(String),
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error("{0}")]
    NotFound(&'static str),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::Internal(detail.into())
    }

    fn status_and_code(&self) -> (StatusCode, i32) {
        match self {
            Self::InvalidArgument(_) => (StatusCode::BAD_REQUEST, code::INVALID_ARGUMENT),
            Self::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, code::NOT_FOUND),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, code::INTERNAL),
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
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

/// Unknown API paths answer NOT_FOUND in the API's error shape.
pub async fn not_found() -> AppError {
    AppError::NotFound("no such route")
}
