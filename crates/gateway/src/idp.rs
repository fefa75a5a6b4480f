//! Member authentication: the credit union's identity-provider JWT verified with the algorithm
//! and keys of the configuration.
//!
//! - The algorithm is configured (RS256, ES256, or HS256 behind a development flag); a token
//!   whose header names another (`none`, HS256 signed with the public key) is refused.
//! - Keys come from a PEM file or a JWKS URL. JWKS keys are cached by `kid`; a token naming an
//!   unknown `kid` triggers one refresh (key rotation), at most one every
//!   `jwks_min_refresh_ms` (30 s by default), of a document of at most [`MAX_JWKS_BYTES`] and [`MAX_KEYS`]
//!   keys, so tokens with made-up kids cannot make the gateway hammer the provider.
//! - `iss`, `aud`, `exp`, `nbf` with at most [`LEEWAY_SECS`] of clock skew; `orgId` must be the
//!   gateway's organisation.
//!
//! Every refusal is the same 401 to the caller; the reason is logged (never the token).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use dispute_server::{AppError, ProviderClaims, VerifyFuture, VerifyToken};
use jsonwebtoken::jwk::{JwkSet, KeyAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use tokio::sync::Mutex;

use crate::config::{Alg, KeySource, MemberAuth};

/// Clock skew allowed on `exp` and `nbf`.
pub const LEEWAY_SECS: u64 = 60;
/// Cached keys are refetched after this long even when every kid is known.
const MAX_AGE: Duration = Duration::from_secs(3600);
pub const MAX_JWKS_BYTES: usize = 64 * 1024;
pub const MAX_KEYS: usize = 20;

enum Keys {
    Fixed(DecodingKey),
    Jwks {
        url: String,
        http: reqwest::Client,
        cache: Mutex<JwksCache>,
    },
}

#[derive(Default)]
struct JwksCache {
    keys: HashMap<String, DecodingKey>,
    fetched: Option<Instant>,
}

/// Verifies member tokens for one organisation.
pub struct MemberVerifier {
    alg: Algorithm,
    issuer: String,
    audience: String,
    org_id: String,
    keys: Keys,
    min_refresh: Duration,
}

fn unauthenticated(reason: impl std::fmt::Display) -> AppError {
    tracing::info!(%reason, "member token refused");
    AppError::Unauthenticated("invalid provider token")
}

impl MemberVerifier {
    /// Reads a PEM key now (a bad file stops the gateway at start); JWKS keys are fetched on
    /// first use.
    pub fn new(config: &MemberAuth, http: reqwest::Client) -> Result<Self, String> {
        let alg = match config.alg {
            Alg::Rs256 => Algorithm::RS256,
            Alg::Es256 => Algorithm::ES256,
            Alg::Hs256 => Algorithm::HS256,
        };
        let keys = match &config.keys {
            KeySource::Hs256(secret) => {
                Keys::Fixed(DecodingKey::from_secret(secret.expose().as_bytes()))
            }
            KeySource::Pem(path) => {
                let pem = std::fs::read(path).map_err(|e| {
                    format!(
                        "member_auth.public_key_pem: cannot read {}: {e}",
                        path.display()
                    )
                })?;
                let key = match config.alg {
                    Alg::Es256 => DecodingKey::from_ec_pem(&pem),
                    _ => DecodingKey::from_rsa_pem(&pem),
                }
                .map_err(|e| {
                    format!(
                        "member_auth.public_key_pem: {} is not a {:?} public key: {e}",
                        path.display(),
                        config.alg
                    )
                })?;
                Keys::Fixed(key)
            }
            KeySource::Jwks(url) => Keys::Jwks {
                url: url.clone(),
                http,
                cache: Mutex::default(),
            },
        };
        Ok(Self {
            alg,
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
            org_id: config.org_id.clone(),
            keys,
            min_refresh: config.jwks_min_refresh,
        })
    }

    async fn key_for(&self, kid: Option<&str>) -> Result<DecodingKey, AppError> {
        let (url, http, cache) = match &self.keys {
            Keys::Fixed(key) => return Ok(key.clone()),
            Keys::Jwks { url, http, cache } => (url, http, cache),
        };
        let kid = kid.ok_or_else(|| unauthenticated("token has no kid"))?;
        let mut cache = cache.lock().await;
        let stale = cache.fetched.is_none_or(|t| t.elapsed() >= MAX_AGE);
        let found = cache.keys.get(kid).cloned();
        if let Some(key) = found.filter(|_| !stale) {
            return Ok(key);
        }
        let may_refresh = cache
            .fetched
            .is_none_or(|t| t.elapsed() >= self.min_refresh);
        if may_refresh {
            match fetch_jwks(http, url, self.alg).await {
                Ok(keys) => {
                    cache.keys = keys;
                    cache.fetched = Some(Instant::now());
                }
                // Keep serving the keys we have; an outage of the provider's JWKS must not
                // sign every member out.
                Err(e) => tracing::warn!(error = %e, "identity provider's JWKS not refreshed"),
            }
        }
        cache
            .keys
            .get(kid)
            .cloned()
            .ok_or_else(|| unauthenticated(format!("no key with kid {kid:?}")))
    }

    /// Verifies `token` (see the module's documentation).
    pub async fn verify(&self, token: &str) -> Result<ProviderClaims, AppError> {
        let header = jsonwebtoken::decode_header(token).map_err(unauthenticated)?;
        if header.alg != self.alg {
            return Err(unauthenticated(format!(
                "token signed with {:?}, configured {:?}",
                header.alg, self.alg
            )));
        }
        let key = self.key_for(header.kid.as_deref()).await?;
        let mut v = Validation::new(self.alg);
        v.set_issuer(&[&self.issuer]);
        v.set_audience(&[&self.audience]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        v.validate_nbf = true;
        v.leeway = LEEWAY_SECS;
        let claims = jsonwebtoken::decode::<ProviderClaims>(token, &key, &v)
            .map_err(unauthenticated)?
            .claims;
        if claims.sub.trim().is_empty() {
            return Err(unauthenticated("empty sub"));
        }
        if claims.org_id != self.org_id {
            return Err(unauthenticated("orgId is not the gateway's organisation"));
        }
        Ok(claims)
    }
}

impl VerifyToken for MemberVerifier {
    fn verify_token<'a>(&'a self, token: &'a str) -> VerifyFuture<'a> {
        Box::pin(self.verify(token))
    }
}

/// Fetches the JWKS and keeps the signing keys usable with `alg` (kid required).
async fn fetch_jwks(
    http: &reqwest::Client,
    url: &str,
    alg: Algorithm,
) -> Result<HashMap<String, DecodingKey>, String> {
    let mut response = http
        .get(url)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("GET {url}: HTTP {}", response.status()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_JWKS_BYTES {
            return Err(format!("{url}: larger than {MAX_JWKS_BYTES} bytes"));
        }
    }
    let set: JwkSet = serde_json::from_slice(&body).map_err(|e| format!("{url}: {e}"))?;
    let mut keys = HashMap::new();
    for jwk in set.keys.iter().take(MAX_KEYS) {
        let Some(kid) = jwk.common.key_id.clone() else {
            continue;
        };
        let alg_ok = match jwk.common.key_algorithm {
            None => true,
            Some(KeyAlgorithm::RS256) => alg == Algorithm::RS256,
            Some(KeyAlgorithm::ES256) => alg == Algorithm::ES256,
            Some(_) => false,
        };
        if !alg_ok {
            continue;
        }
        if let Ok(key) = DecodingKey::from_jwk(jwk) {
            keys.insert(kid, key);
        }
    }
    Ok(keys)
}
