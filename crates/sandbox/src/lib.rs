//! The sandbox: Casap's dispute API v1 on SQLite, with a demo identity provider.
//!
//! Credit-union developers try the widget against it before they have Casap credentials, and
//! every test of the project runs against it. [`app`] builds the whole router so tests can call
//! it in-process; `main.rs` only parses flags, opens the database and serves.
//!
//! Routes: `/v1/...` is the API (see `shared/API.md`); `/sandbox/...` are demo-only helpers that
//! stand in for the bank's identity provider and core system, mounted only with `--demo`; every
//! other path serves the demo page (`www/`) and the built npm package (`/dist/`).

mod auth;
mod db;
mod demo;
mod error;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::routing::{any, get};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

pub use auth::{IdpConfig, ProviderClaims};
pub use db::Db;
pub use error::AppError;

/// Everything the sandbox is configured with.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seed demo members and mount the `/sandbox/` helper routes.
    pub demo: bool,
    /// The identity provider whose JWTs `/v1/authenticate` accepts.
    pub idp: IdpConfig,
    /// Lifetime of the session tokens handed out by `/v1/authenticate`.
    pub session_ttl: Duration,
    /// Origins allowed to call the API from a browser (exact `scheme://host:port`).
    pub allowed_origins: Vec<String>,
    /// The demo page's folder, served at `/`.
    pub www_dir: Option<PathBuf>,
    /// The built npm package (`target/dist`), served at `/dist/`.
    pub dist_dir: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            demo: false,
            idp: IdpConfig::default(),
            session_ttl: Duration::from_secs(15 * 60),
            allowed_origins: Vec::new(),
            www_dir: None,
            dist_dir: None,
        }
    }
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Arc<Mutex<Db>>,
}

impl AppState {
    /// Wraps an opened database; seeds the demo members when the config asks for demo mode.
    pub fn new(config: Config, mut db: Db) -> Result<Self, AppError> {
        if config.demo {
            demo::seed(&mut db)?;
        }
        Ok(Self {
            config: Arc::new(config),
            db: Arc::new(Mutex::new(db)),
        })
    }

    /// Runs `f` with the database; a poisoned lock is an internal error, not a panic.
    pub(crate) fn with_db<T>(
        &self,
        f: impl FnOnce(&mut Db) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut db = self
            .db
            .lock()
            .map_err(|_| AppError::internal("database lock poisoned"))?;
        f(&mut db)
    }
}

/// The whole HTTP surface of the sandbox.
pub fn app(state: AppState) -> Router {
    let mut api = Router::new()
        .route("/v1/authenticate", get(auth::authenticate))
        .route("/v1/{*rest}", any(error::not_found));
    if state.config.demo {
        api = api.merge(demo::routes());
    }
    let mut router = api
        .layer(cors(&state.config.allowed_origins))
        .with_state(state.clone());
    if let Some(dist) = &state.config.dist_dir {
        router = router.nest_service("/dist", ServeDir::new(dist));
    }
    router = match &state.config.www_dir {
        Some(www) => router.fallback_service(ServeDir::new(www)),
        None => router.fallback(error::not_found),
    };
    router.layer(tower_http::trace::TraceLayer::new_for_http())
}

/// CORS for an allowlist of exact origins; never `*`.
fn cors(origins: &[String]) -> CorsLayer {
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([
            header::RETRY_AFTER,
            HeaderName::from_static("x-ratelimit-limit"),
        ])
        .max_age(Duration::from_secs(600))
}
