//! `dispute-gateway`: the member surface of Casap's dispute API v1 (the same as the sandbox's:
//! `dispute-server`) in front of a credit union's dispute back end, here Casap's server API.
//!
//! The widget only needs another `apiBaseUrl`. Members authenticate with their identity
//! provider's JWT, verified for real (`idp.rs`); a filed dispute is stored with its outbox entry
//! in one transaction (`outbox.rs`) and answered at once; a worker (`worker.rs`) forwards each
//! entry at the back end's pace (`pacing.rs`, `connector.rs`), mapped as `mapping.rs` says; the
//! back end's team reaches the documents through signed links (`links.rs`, `evidence.rs`).
//! Staff see and act on the outbox over HTTP (`staff.rs`) or the CLI (`cli.rs`), and Prometheus
//! scrapes `metrics.rs`. Configuration: one TOML file (`config.rs`, secrets in `secret.rs`).

pub mod cli;
pub mod config;
pub mod connector;
pub mod decisionly;
pub mod drain;
mod evidence;
pub mod health;
mod html;
pub mod idp;
pub mod links;
pub mod log;
pub mod mapping;
mod metrics;
pub mod outbox;
pub mod pacing;
pub mod secret;
mod staff;
pub mod worker;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use dispute_server::sql::ConnectOptions;
use dispute_server::{AppError, AppState, Db};
use tokio::sync::{Notify, watch};

pub use config::GatewayConfig;

/// The running gateway's shared parts.
pub struct Gateway {
    pub config: GatewayConfig,
    /// The member surface (database, sessions, member rate limit).
    pub core: AppState,
    pub(crate) http: reqwest::Client,
    pub(crate) metrics: metrics::Metrics,
    /// Wakes the worker (a new dispute, a requeue).
    pub(crate) wake: Arc<Notify>,
    pub(crate) hook: Arc<outbox::OutboxHook>,
    /// This process among the instances on one database (leases and the send log name it).
    pub(crate) instance: String,
    /// The back end's API key as the rate limit's row names it (a hash; never the key).
    pub(crate) key_id: String,
    /// What `/readyz` reads besides the database: the worker's heartbeat, the drain.
    pub health: health::Health,
}

/// Opens the database named in the configuration (or `--db`) and brings the member surface's and
/// the gateway's tables up to date. Errors name the database without its password, and a
/// certificate refused names the CA file it was checked against.
pub fn open_db(database: &str, options: &ConnectOptions) -> Result<Db, String> {
    let shown = dispute_server::sql::redacted(database);
    let mut db = Db::open_with(database, options).map_err(|e| {
        format!(
            "server.database: cannot open {shown}: {}",
            tls_hint(e, options)
        )
    })?;
    outbox::migrate(db.conn()).map_err(|e| format!("server.database: {shown}: {e}"))?;
    Ok(db)
}

/// A TLS failure's message with the CA file it was checked against.
fn tls_hint(e: AppError, options: &ConnectOptions) -> String {
    let text = e.to_string();
    match &options.tls {
        Some(tls) if text.contains("TLS handshake") => format!(
            "{text} (TLS: the server's certificate was checked against server.database_ca_file \
             {} and the URL's host)",
            tls.ca_file().display()
        ),
        _ => text,
    }
}

/// The first 16 hex digits of the key's SHA-256.
fn key_id(key: &secret::Secret) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(key.expose().as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Wakes the worker after each new dispute (once its outbox row is written; the commit follows
/// at once. On SQLite the worker's next read waits for it, as there is one connection; on
/// PostgreSQL a read that comes first finds nothing yet, and the next poll, within half a
/// second, finds the entry).
struct Waking {
    hook: Arc<outbox::OutboxHook>,
    wake: Arc<Notify>,
}

impl dispute_server::OnFiled for Waking {
    fn filed(
        &self,
        tx: &mut dispute_server::sql::Conn,
        filed: &dispute_server::Filed<'_>,
    ) -> Result<(), AppError> {
        self.hook.filed(tx, filed)?;
        self.wake.notify_one();
        Ok(())
    }
}

impl Gateway {
    /// Opens the database (migrating the member surface and the outbox) and builds the
    /// verifier; nothing is served or sent yet.
    pub fn open(config: GatewayConfig) -> Result<Arc<Self>, String> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("dispute-gateway/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        let mut db = open_db(&config.database, &config.database_options)?;
        let key_id = key_id(&config.backend.api_key);
        outbox::set_rate_limit(db.conn(), &key_id, config.backend.requests_per_window)
            .map_err(|e| format!("server.database: {e}"))?;
        let verifier = idp::MemberVerifier::new(&config.member_auth, http.clone())?;
        let target = match &config.backend.kind {
            config::BackendKind::CasapServer {
                user_uuid,
                org_uuid,
                ..
            } => outbox::HookTarget::CasapServer {
                org_uuid: org_uuid.clone(),
                author: user_uuid.clone(),
            },
            config::BackendKind::Decisionly {
                enrichment,
                enrichment_url,
                ..
            } => outbox::HookTarget::Decisionly(enrichment.clone(), enrichment_url.is_some()),
        };
        let hook = Arc::new(outbox::OutboxHook {
            public_url: config.public_url.clone(),
            link_key: config.link_key.clone(),
            link_ttl_ms: config.link_ttl.as_millis() as i64,
            target,
        });
        let wake = Arc::new(Notify::new());
        let mut more = Vec::new();
        if dispute_server::sql::is_postgres(&config.database) {
            // Migrated above, by the first connection: the others only connect.
            let shown = dispute_server::sql::redacted(&config.database);
            for _ in 1..config.database_connections {
                more.push(
                    Db::connect(&config.database, &config.database_options)
                        .map_err(|e| format!("server.database: cannot open {shown}: {e}"))?,
                );
            }
        }
        let core = AppState::new(config.server.clone(), db, Arc::new(verifier))
            .add_connections(more)
            .on_filed(Arc::new(Waking {
                hook: hook.clone(),
                wake: wake.clone(),
            }));
        Ok(Arc::new(Self {
            config,
            core,
            http,
            metrics: metrics::Metrics::new(),
            wake,
            hook,
            instance: uuid::Uuid::new_v4().to_string(),
            key_id,
            health: health::Health::default(),
        }))
    }

    /// Every route: the member API, the evidence links, the staff tools and metrics.
    pub fn router(self: &Arc<Self>) -> Router {
        dispute_server::routes(self.core.clone())
            .merge(evidence::routes(self.clone()))
            .merge(staff::routes(self.clone()))
            .merge(health::routes(self.clone()))
            .layer(DefaultBodyLimit::max(dispute_server::JSON_BODY_LIMIT))
            .layer(dispute_server::cors(
                &self.config.server.allowed_origins,
                true,
            ))
            .fallback(dispute_server::not_found)
            // One line a request: the path only (evidence links carry their signature in the
            // query string), and the widget's X-Request-Id.
            .layer(axum::middleware::from_fn(log::request))
    }

    /// Starts the outbox worker (and, for Decisionly, the case poller); they stop when `stop`
    /// turns true.
    pub fn spawn_worker(
        self: &Arc<Self>,
        stop: watch::Receiver<bool>,
    ) -> tokio::task::JoinHandle<()> {
        let poller = tokio::spawn(decisionly::poller::run(self.clone(), stop.clone()));
        let worker = tokio::spawn(worker::run(self.clone(), stop));
        tokio::spawn(async move {
            let _ = worker.await;
            let _ = poller.await;
        })
    }
}
