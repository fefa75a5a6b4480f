//! The gateway's log: text for a terminal, or JSON lines for a log platform
//! (`log.format = "json"`), to stderr.
//!
//! Every request gets one line when it is answered ([`request`]; a probe answered 200 at
//! `debug`): `method`, `path` (never the
//! query: evidence links carry their signature there), `request_id` (the widget's
//! `X-Request-Id`, or `invalid` when it is not a plain token), `status` and `latency_ms`. In
//! JSON each line is one object with `timestamp` (RFC 3339, UTC), `level`, `target`, `message`
//! and the fields flat beside them; lines logged while a request runs carry its `span`
//! (`method`, `path`, `request_id`). Nothing logged holds a token, a secret or a signature:
//! headers are never logged, secrets print as `***` (`secret.rs`), and database URLs without
//! their password.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

use crate::config::LogConfig;

/// Installs the process's logger; `RUST_LOG`, when set, wins over `log.level`.
pub fn init(config: &LogConfig) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&config.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = std::io::stderr;
    if config.json {
        tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .with_writer(stderr)
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt()
            .with_writer(stderr)
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .with_env_filter(filter)
            .init();
    }
}

/// Runs the request in its span (`dispute_server::request_span`), then logs its line.
pub async fn request(req: Request, next: Next) -> Response {
    let span = dispute_server::request_span(&req);
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let request_id = dispute_server::request_id(&req).unwrap_or("-").to_owned();
    let start = Instant::now();
    let response = next.run(req).instrument(span).await;
    let latency_ms = (start.elapsed().as_secs_f64() * 1000.0 * 10.0).round() / 10.0;
    let status = response.status().as_u16();
    // A load balancer's probes, every few seconds, answered 200: at debug (a change of
    // readiness has its own line).
    if status == 200 && matches!(path.as_str(), "/livez" | "/readyz") {
        tracing::debug!(%method, path = %path, request_id = %request_id, status, latency_ms, "request");
    } else {
        tracing::info!(%method, path = %path, request_id = %request_id, status, latency_ms, "request");
    }
    response
}
