//! The sandbox: Casap's dispute API v1 on SQLite, with a demo identity provider.
//!
//! Credit-union developers try the widget against it before they have Casap credentials, and
//! every test of the project runs against it. [`app`] builds the whole router so tests can call
//! it in-process; `main.rs` only parses flags, opens the database and serves.
//!
//! Routes: `/v1/...` is the API (see `shared/API.md`); `/sandbox/...` are demo-only helpers that
//! stand in for the bank's identity provider and core system, mounted only with `--demo`; every
//! other path serves the demo page (`www/`) and the built npm package (`/dist/`).

mod api;
mod auth;
mod db;
mod demo;
mod error;
mod extract;
pub mod faults;
mod ratelimit;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::routing::{any, get, post};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

pub use auth::{IdpConfig, ProviderClaims};
pub use db::{Db, StoredFile};
pub use error::AppError;
pub use faults::{Fault, Faults};

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
    /// Requests a minute per member before 429; 0 turns the limit off.
    pub rate_limit: u32,
    /// Largest evidence file accepted, in bytes (decoded).
    pub max_file_bytes: u64,
    /// Faults injected from the start (see `faults.rs`).
    pub faults: Faults,
}

/// The widget's default maximum file size (10 MiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Uploads processed at once.
const UPLOAD_CONCURRENCY: usize = 8;

/// Body limit of every route but uploads.
const JSON_BODY_LIMIT: usize = 1024 * 1024;

impl Config {
    /// Body limit of uploads: the base64 of the largest file plus room for the JSON around it.
    pub fn upload_body_limit(&self) -> usize {
        (self.max_file_bytes as usize).div_ceil(3) * 4 + 64 * 1024
    }
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
            rate_limit: 300,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            faults: Faults::new(),
        }
    }
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Arc<Mutex<Db>>,
    pub(crate) rate_limiter: Arc<ratelimit::RateLimiter>,
    pub(crate) faults: Arc<RwLock<Faults>>,
    /// How many of each fault were injected, by route (for the tests' reports).
    pub(crate) injected: Arc<Mutex<faults::Injected>>,
}

impl AppState {
    /// Wraps an opened database; seeds the demo members when the config asks for demo mode.
    pub fn new(config: Config, mut db: Db) -> Result<Self, AppError> {
        if config.demo {
            demo::seed(&mut db)?;
        }
        faults::validate(&config.faults).map_err(AppError::InvalidArgument)?;
        Ok(Self {
            rate_limiter: Arc::new(ratelimit::RateLimiter::new(config.rate_limit)),
            faults: Arc::new(RwLock::new(config.faults.clone())),
            injected: Arc::default(),
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
    let upload_limit = DefaultBodyLimit::max(state.config.upload_body_limit());
    let mut api = Router::new()
        .route("/v1/authenticate", get(auth::authenticate))
        .route(
            "/v1/disputes",
            get(api::disputes_list).post(api::disputes_create),
        )
        .route("/v1/dispute/status/{uuid}", get(api::disputes_status))
        .route(
            "/v1/disputes/{uuid}/files",
            post(api::files_upload)
                .layer::<_, std::convert::Infallible>(upload_limit)
                // Bounds memory: at most this many upload bodies are read at once; the rest
                // wait in line before their bodies are read.
                .layer::<_, std::convert::Infallible>(tower::limit::ConcurrencyLimitLayer::new(
                    UPLOAD_CONCURRENCY,
                )),
        )
        .route("/v1/disputes/{uuid}/reopen", post(api::disputes_reopen))
        .route("/v1/{*rest}", any(error::not_found))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ));
    if state.config.demo {
        api = api.merge(demo::routes());
    }
    let mut router = api
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
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
