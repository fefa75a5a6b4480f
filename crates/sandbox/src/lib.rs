//! The sandbox: Casap's dispute API v1 on SQLite, with a demo identity provider and fake back
//! ends.
//!
//! Credit-union developers try the widget against it before they have Casap credentials, and
//! every test of the project runs against it. The API itself is `dispute-server`'s, the core it
//! shares with `dispute-gateway`; the sandbox adds the demo provider (HS256), demo members,
//! fault injection and Casap's server API as a fake back end for the gateway. [`app`] builds
//! the whole router so tests can call it in-process; `main.rs` only parses flags, opens the
//! database and serves.
//!
//! Routes: `/v1/...` is the API (see `docs/API.md`); `/sandbox/...` are demo-only helpers that
//! stand in for the bank's identity provider and core system, mounted only with `--demo`;
//! `/api/dispute` is the fake of Casap's server API (`casap_server.rs`), mounted only when
//! configured; `/v2/issuer/cases/...` the fake of Decisionly (`decisionly.rs`), mounted only
//! when configured; every other path serves the demo page (`www/`) and the built npm package
//! (`/dist/`).

pub mod casap_server;
pub mod decisionly;
mod demo;
pub mod faults;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use tower_http::services::ServeDir;

pub use dispute_server::{
    AppError, DEFAULT_MAX_FILE_BYTES, Db, IdpConfig, ProviderClaims, ServerConfig, StoredFile,
};
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
    /// The fake of Casap's server API at `/api/dispute`, when set.
    pub casap_server: Option<casap_server::FakeConfig>,
    /// The fake of Decisionly's issuer cases, with this API key, when set.
    pub decisionly_key: Option<String>,
    /// Refuse member API calls without an `x-user-uuid` header (401), as Casap's published
    /// OpenAPI declares and servers that enforce it (Prism) do.
    pub require_user_uuid: bool,
    /// Leave `x-request-id` out of CORS (`--cors-refuse-request-id`), as an API origin that does
    /// not know the header does: the widget must go on without it.
    pub refuse_request_id: bool,
}

impl Config {
    /// What the shared member surface is configured with.
    pub fn server(&self) -> ServerConfig {
        ServerConfig {
            session_ttl: self.session_ttl,
            allowed_origins: self.allowed_origins.clone(),
            rate_limit: self.rate_limit,
            max_file_bytes: self.max_file_bytes,
        }
    }

    /// Body limit of uploads: the base64 of the largest file plus room for the JSON around it.
    pub fn upload_body_limit(&self) -> usize {
        self.server().upload_body_limit()
    }
}

impl Default for Config {
    fn default() -> Self {
        let server = ServerConfig::default();
        Self {
            demo: false,
            idp: IdpConfig::default(),
            session_ttl: server.session_ttl,
            allowed_origins: Vec::new(),
            www_dir: None,
            dist_dir: None,
            rate_limit: server.rate_limit,
            max_file_bytes: server.max_file_bytes,
            faults: Faults::new(),
            casap_server: None,
            decisionly_key: None,
            require_user_uuid: false,
            refuse_request_id: false,
        }
    }
}

/// Shared state of the sandbox's own handlers: the member surface's state beside the faults.
#[derive(Clone)]
pub struct SandboxState {
    pub config: Arc<Config>,
    /// The member surface (its database, sessions and rate limit).
    pub core: dispute_server::AppState,
    pub(crate) faults: Arc<RwLock<Faults>>,
    /// How many of each fault were injected, by route (for the tests' reports).
    pub(crate) injected: Arc<Mutex<faults::Injected>>,
    /// The fake back end, when configured.
    pub casap_server: Option<Arc<casap_server::Fake>>,
    /// The fake Decisionly, when configured.
    pub decisionly: Option<Arc<decisionly::FakeDecisionly>>,
}

impl SandboxState {
    /// Wraps an opened database; seeds the demo members when the config asks for demo mode.
    pub fn new(config: Config, mut db: Db) -> Result<Self, AppError> {
        if config.demo {
            demo::seed(&mut db)?;
        }
        faults::validate(&config.faults).map_err(AppError::InvalidArgument)?;
        Ok(Self {
            core: dispute_server::AppState::new(config.server(), db, Arc::new(config.idp.clone())),
            faults: Arc::new(RwLock::new(config.faults.clone())),
            injected: Arc::default(),
            casap_server: config
                .casap_server
                .clone()
                .map(|c| Arc::new(casap_server::Fake::new(c))),
            decisionly: config
                .decisionly_key
                .clone()
                .map(|k| Arc::new(decisionly::FakeDecisionly::new(k))),
            config: Arc::new(config),
        })
    }

    /// Runs `f` with the database; a poisoned lock is an internal error, not a panic.
    pub(crate) fn with_db<T>(
        &self,
        f: impl FnOnce(&mut Db) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        self.core.with_db(f)
    }
}

/// Refuses a member API call without a non-empty `x-user-uuid` header (`--require-user-uuid`).
async fn require_user_uuid(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let given = (req.headers().get(dispute_server::USER_UUID))
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.trim().is_empty());
    if given || req.method() == axum::http::Method::OPTIONS {
        next.run(req).await
    } else {
        AppError::Unauthenticated("missing x-user-uuid header").into_response()
    }
}

/// The whole HTTP surface of the sandbox.
pub fn app(state: SandboxState) -> Router {
    let mut router = dispute_server::routes(state.core.clone()).layer(
        axum::middleware::from_fn_with_state(state.clone(), faults::inject),
    );
    if state.config.require_user_uuid {
        router = router.layer(axum::middleware::from_fn(require_user_uuid));
    }
    if state.config.demo {
        router = router.merge(demo::routes().with_state(state.clone()));
    }
    if let Some(fake) = &state.casap_server {
        router = router.merge(casap_server::routes(fake.clone()));
    }
    if let Some(fake) = &state.decisionly {
        router = router.merge(decisionly::routes(fake.clone()));
    }
    router = router
        .layer(DefaultBodyLimit::max(dispute_server::JSON_BODY_LIMIT))
        .layer(dispute_server::cors(
            &state.config.allowed_origins,
            !state.config.refuse_request_id,
        ));
    if let Some(dist) = &state.config.dist_dir {
        // As a CDN serves the package: brotli to browsers that take it, else gzip, when
        // `cargo xtask dist` wrote `FILE.br` and `FILE.gz` beside each file.
        router = router.nest_service(
            "/dist",
            ServeDir::new(dist).precompressed_br().precompressed_gzip(),
        );
    }
    router = match &state.config.www_dir {
        Some(www) => router.fallback_service(ServeDir::new(www)),
        None => router.fallback(dispute_server::not_found),
    };
    router.layer(
        tower_http::trace::TraceLayer::new_for_http()
            .make_span_with(dispute_server::request_span::<axum::body::Body>),
    )
}
