//! Extractors that answer in the API's error shape: JSON bodies, query strings, and the
//! signed-in member (with the per-member rate limit).

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::auth::{bearer, now_ms};
use crate::{AppError, AppState};

/// A JSON object body; malformed JSON, a non-object, wrong types and oversized bodies answer
/// google.rpc.Status.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(AppError::invalid(
                "expected a JSON body with content-type application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge("request body too large".into())
            } else {
                AppError::invalid(rejection.body_text())
            }
        })?;
        // Straight into `T` (no intermediate tree: uploads are megabytes), but only from an
        // object: serde would read `[]` as an empty struct.
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first.is_some_and(|b| *b != b'{') {
            return Err(
                match serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
                    Ok(_) => AppError::invalid("the body must be a JSON object"),
                    Err(_) => AppError::invalid("malformed JSON body"),
                },
            );
        }
        serde_json::from_slice(&bytes).map(Self).map_err(|e| {
            if e.is_data() {
                AppError::invalid(format!("invalid body: {e}"))
            } else {
                AppError::invalid("malformed JSON body")
            }
        })
    }
}

/// A query string, with bad values answered as INVALID_ARGUMENT.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
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
        let limiter = &state.rate_limiter;
        let session = state
            .with_db(|db| {
                let now = now_ms();
                let session = db.session(token, now)?;
                if let Some(s) = &session {
                    limiter.check(db.conn(), &s.member_id, now)?;
                }
                Ok(session)
            })?
            .ok_or(AppError::Unauthenticated(
                "session token is invalid or expired",
            ))?;
        Ok(Self {
            id: session.member_id,
            org_id: session.org_id,
        })
    }
}
