//! Authentication: provider JWTs verified for real, exchanged for expiring session tokens.
//!
//! [`IdpConfig`] is the sandbox's demo provider (HS256 with a shared secret); the gateway
//! brings its own [`VerifyToken`].

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use casap_api::AuthenticateResponse;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::db::Session;
use crate::{AppError, AppState};

/// The identity provider the sandbox trusts. HS256 with a shared secret: the demo provider
/// lives inside the sandbox, so there is no key distribution to model.
#[derive(Clone)]
pub struct IdpConfig {
    pub secret: Vec<u8>,
    pub issuer: String,
    pub audience: String,
}

impl core::fmt::Debug for IdpConfig {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("IdpConfig")
            .field("secret", &"<redacted>")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish()
    }
}

impl Default for IdpConfig {
    fn default() -> Self {
        Self {
            secret: b"dispute-sandbox-demo-idp-secret-not-for-production".to_vec(),
            issuer: "https://idp.sandbox.dispute-intake.test".to_owned(),
            audience: "casap-dispute-api".to_owned(),
        }
    }
}

/// Claims of the identity provider's JWT (docs/API.md, "Authentication").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    #[serde(default)]
    pub member_id: i64,
    pub accounts_id: Vec<String>,
    pub org_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

impl IdpConfig {
    /// Signs `claims` as this provider would.
    pub fn mint(&self, claims: &ProviderClaims) -> Result<String, AppError> {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(&self.secret),
        )
        .map_err(|e| AppError::internal(format!("signing: {e}")))
    }

    /// Verifies signature, algorithm (HS256 only: `none` and asymmetric algorithms are refused),
    /// `exp`, `nbf`, `iss` and `aud`.
    pub fn verify(&self, token: &str) -> Result<ProviderClaims, AppError> {
        let mut v = Validation::new(Algorithm::HS256);
        v.set_issuer(&[&self.issuer]);
        v.set_audience(&[&self.audience]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        v.validate_nbf = true;
        v.leeway = 5;
        let data = jsonwebtoken::decode::<ProviderClaims>(
            token,
            &DecodingKey::from_secret(&self.secret),
            &v,
        )
        .map_err(|e| {
            tracing::info!(reason = %e, "provider token rejected");
            AppError::Unauthenticated("invalid provider token")
        })?;
        let claims = data.claims;
        if claims.org_id.trim().is_empty() || claims.sub.trim().is_empty() {
            return Err(AppError::Unauthenticated("invalid provider token"));
        }
        Ok(claims)
    }
}

/// A provider token's verification, awaited by `/v1/authenticate`.
pub type VerifyFuture<'a> =
    std::pin::Pin<Box<dyn Future<Output = Result<ProviderClaims, AppError>> + Send + 'a>>;

/// Verifies the identity provider's JWTs: the signature, the algorithm the server is
/// configured with (never the one the token names), `exp`, `nbf`, `iss` and `aud`. Anything it
/// refuses is `Unauthenticated` with no detail for the caller (the reason goes to the log).
pub trait VerifyToken: Send + Sync {
    fn verify_token<'a>(&'a self, token: &'a str) -> VerifyFuture<'a>;
}

impl VerifyToken for IdpConfig {
    fn verify_token<'a>(&'a self, token: &'a str) -> VerifyFuture<'a> {
        Box::pin(std::future::ready(self.verify(token)))
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer(headers: &HeaderMap) -> Result<&str, AppError> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(AppError::Unauthenticated("missing bearer token"))
}

/// `GET /v1/authenticate`: provider JWT in, session token out.
pub async fn authenticate(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<AuthenticateResponse>, AppError> {
    let claims = state.verifier.verify_token(bearer(&headers)?).await?;
    let token = format!(
        "sess_{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let session = Session {
        member_id: claims.sub,
        org_id: claims.org_id,
        expires_at_ms: now_ms() + state.config.session_ttl.as_millis() as i64,
    };
    state.with_db(|db| db.insert_session(&token, &session))?;
    Ok(Json(AuthenticateResponse {
        session_token: token,
        expires_at: session.expires_at_ms,
    }))
}
