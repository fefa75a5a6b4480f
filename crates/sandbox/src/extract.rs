//! Extractors that answer in the API's error shape: JSON bodies, query strings, and the
//! signed-in member (with the per-member rate limit).

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::auth::{bearer, now_ms};
use crate::{AppError, AppState};

/// A JSON body; malformed JSON, wrong types and oversized bodies answer google.rpc.Status.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::PayloadTooLarge("request body too large".into());
    }
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            AppError::invalid("expected a JSON body with content-type application/json")
        }
        JsonRejection::JsonSyntaxError(_) => AppError::invalid("malformed JSON body"),
        JsonRejection::JsonDataError(e) => {
            AppError::invalid(format!("invalid body: {}", e.body_text()))
        }
        other => AppError::invalid(other.body_text()),
    }
}

/// A query string, with bad values answered as INVALID_ARGUMENT.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(AppError::invalid(
                format!("invalid query: {}", e.body_text()),
            )),
            Err(other) => Err(AppError::invalid(other.body_text())),
        }
    }
}

/// The member a valid session token stands for.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: String,
    pub org_id: String,
}

impl FromRequestParts<AppState> for Member {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer(&parts.headers)?;
        let session =
            state
                .with_db(|db| db.session(token, now_ms()))?
                .ok_or(AppError::Unauthenticated(
                    "session token is invalid or expired",
                ))?;
        state.rate_limiter.check(&session.member_id)?;
        Ok(Self {
            id: session.member_id,
            org_id: session.org_id,
        })
    }
}
