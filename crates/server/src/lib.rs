//! The member surface of Casap's dispute API v1 on SQLite, shared by `dispute-sandbox` and
//! `dispute-gateway`.
//!
//! Both binaries speak to the widget exactly the same API (`docs/API.md`): authenticate (a
//! provider JWT for a session token), create, list, status, upload a file, reopen; members and organisations isolated; errors as `google.rpc.Status`;
//! file types decided by their bytes; a rate limit per member. What differs is injected:
//!
//! - how a provider JWT is verified ([`VerifyToken`]: the sandbox's demo HS256 provider, the
//!   gateway's JWKS or PEM keys);
//! - what else is written in the transaction that stores a new dispute ([`OnFiled`]: the
//!   gateway's outbox entry).
//!
//! [`routes`] is the `/v1` router; each binary adds its own routes and layers (CORS from
//! [`cors`], body limits from [`ServerConfig`]).

mod api;
mod auth;
mod backoffice;
mod db;
mod deadline;
mod error;
mod extract;
mod pool;
mod ratelimit;
pub mod sql;
mod tls;
mod trace;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::routing::{any, get, post};
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use auth::{IdpConfig, ProviderClaims, VerifyFuture, VerifyToken, bearer, now_ms};
pub use backoffice::close;
pub use db::{Db, Member as DemoMember, Owner, Page, Session, StoredFile};
pub use error::{AppError, not_found};
pub use extract::{ApiJson, ApiQuery, Member};
pub use tls::{ClientCert, PgTls};
pub use trace::{REQUEST_ID, request_id, request_span};

/// What the member surface is configured with, in either binary.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Lifetime of the session tokens handed out by `/v1/authenticate`.
    pub session_ttl: Duration,
    /// Origins allowed to call the API from a browser (exact `scheme://host:port`).
    pub allowed_origins: Vec<String>,
    /// Requests a minute per member before 429; 0 turns the limit off.
    pub rate_limit: u32,
    /// Largest evidence file accepted, in bytes (decoded).
    pub max_file_bytes: u64,
}

/// The header Casap's published OpenAPI requires beside `Authorization` on every call.
pub const USER_UUID: &str = "x-user-uuid";

/// The widget's default maximum file size (10 MiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Uploads processed at once.
const UPLOAD_CONCURRENCY: usize = 8;

/// Body limit of every route but uploads.
pub const JSON_BODY_LIMIT: usize = 1024 * 1024;

impl ServerConfig {
    /// Body limit of uploads: the base64 of the largest file plus room for the JSON around it.
    pub fn upload_body_limit(&self) -> usize {
        (self.max_file_bytes as usize).div_ceil(3) * 4 + 64 * 1024
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            session_ttl: Duration::from_secs(15 * 60),
            allowed_origins: Vec::new(),
            rate_limit: 300,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// A dispute just accepted, as [`OnFiled`] sees it inside the transaction that stores it.
pub struct Filed<'a> {
    /// The dispute as stored (its case number assigned).
    pub dispute: &'a casap_api::DisputeSummary,
    /// The request it was filed with (the customer completed from the session).
    pub request: &'a casap_api::CreateDisputeRequest,
    /// Who filed it.
    pub member: &'a Member,
    /// When the server received it (Unix milliseconds): the notice date.
    pub received_ms: i64,
}

/// Writes what else belongs with a new dispute, in the same transaction: if it fails, the
/// dispute is not stored and the member is told so.
pub trait OnFiled: Send + Sync {
    fn filed(&self, tx: &mut sql::Conn, filed: &Filed<'_>) -> Result<(), AppError>;
}

/// Shared state of every member-surface handler.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<ServerConfig>,
    pub db: Arc<pool::DbPool>,
    pub(crate) rate_limiter: Arc<ratelimit::RateLimiter>,
    pub(crate) verifier: Arc<dyn VerifyToken>,
    pub(crate) on_filed: Option<Arc<dyn OnFiled>>,
    engine: sql::Engine,
}

impl AppState {
    /// The member surface over an opened database, trusting `verifier`'s provider tokens.
    pub fn new(config: ServerConfig, mut db: Db, verifier: Arc<dyn VerifyToken>) -> Self {
        Self {
            engine: db.conn().engine(),
            rate_limiter: Arc::new(ratelimit::RateLimiter::new(config.rate_limit)),
            config: Arc::new(config),
            db: Arc::new(pool::DbPool::new(vec![db])),
            verifier,
            on_filed: None,
        }
    }

    /// More connections to the same database (PostgreSQL), for requests to run side by side.
    pub fn add_connections(self, more: Vec<Db>) -> Self {
        self.db.add(more);
        self
    }

    /// Adds `hook` to the transaction of every new dispute.
    pub fn on_filed(mut self, hook: Arc<dyn OnFiled>) -> Self {
        self.on_filed = Some(hook);
        self
    }

    /// Runs `f` with a connection of the pool (`pool.rs`); a poisoned lock is an internal
    /// error, not a panic.
    ///
    /// On PostgreSQL the wait for a connection and every query happen inside `block_in_place`:
    /// a worker thread blocked waiting would otherwise be one fewer to drive the database
    /// connections' tasks that the holders wait on.
    pub fn with_db<T>(
        &self,
        f: impl FnOnce(&mut Db) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let run = || {
            let mut db = self.db.take()?;
            f(&mut db)
        };
        let multi_thread = tokio::runtime::Handle::try_current()
            .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
        if self.engine == sql::Engine::Postgres && multi_thread {
            tokio::task::block_in_place(run)
        } else {
            run()
        }
    }
}

/// The `/v1` API: the five operations and authentication, unknown `/v1` paths as NOT_FOUND,
/// uploads bounded in size and in how many are read at once. Add [`cors`] and a
/// [`DefaultBodyLimit`] of [`JSON_BODY_LIMIT`] around whatever the binary merges in.
pub fn routes(state: AppState) -> Router {
    let upload_limit = DefaultBodyLimit::max(state.config.upload_body_limit());
    Router::new()
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
        .with_state(state)
}

/// CORS for an allowlist of exact origins; never `*`. `request_id`: allow the widget's
/// `X-Request-Id` (both servers do; the sandbox can refuse it, as an origin that never heard of
/// it does, to test the widget going on without it).
pub fn cors(origins: &[String], request_id: bool) -> CorsLayer {
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([Method::GET, Method::POST])
        // `x-user-uuid`: the published spec's second credential, sent by the widget when the
        // host gives `userUuid`; allowed so a browser may send it.
        // `x-request-id`: the widget's correlation id on every request (logged, see `trace`).
        .allow_headers(
            [
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static(USER_UUID),
                HeaderName::from_static(REQUEST_ID),
            ]
            .into_iter()
            .filter(|h| request_id || h != REQUEST_ID)
            .collect::<Vec<_>>(),
        )
        // `Date`: the widget measures a session's end on the server's clock (a member's device
        // may be set wrong).
        .expose_headers([
            header::DATE,
            header::RETRY_AFTER,
            HeaderName::from_static("x-ratelimit-limit"),
        ])
        .max_age(Duration::from_secs(600))
}

/// Resolves on Ctrl-C or SIGTERM: both servers stop taking requests then (graceful shutdown).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
