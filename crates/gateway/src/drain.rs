//! Graceful shutdown, as a load balancer drains an instance (SIGTERM, or Ctrl-C):
//!
//! 1. `/readyz` answers 503 `draining` at once (`health.rs`), and the outbox worker is told to
//!    stop: it finishes recording a send in flight, gives back the entry it holds (another
//!    instance takes it at once, not when the lease runs out), and takes no more.
//! 2. For `server.drain_delay_ms` it keeps serving, for the load balancer to see it unready
//!    and send nothing new (0 when the platform stops routing before the signal, as
//!    Kubernetes does with a `preStop` delay).
//! 3. It stops accepting connections; requests in flight finish, each connection closing after
//!    its answer.
//! 4. Those still running after `server.shutdown_timeout_ms` are answered 503 UNAVAILABLE with
//!    `Retry-After` ([`refuse_when_cut`]): the widget retries them, through the load balancer,
//!    on another instance. Nothing half-done is left: a handler's database work is one
//!    synchronous transaction between two awaits, so a request is cut before it or not at
//!    all.
//!
//! Then the process exits 0.

use std::future::{Future, IntoFuture};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dispute_server::AppError;
use tokio::sync::{Notify, watch};

/// After the cut, how long answered connections have to close before they are dropped.
const CUT_GRACE: Duration = Duration::from_secs(2);

/// How the drain goes.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub delay: Duration,
    pub timeout: Duration,
}

/// Answers 503 UNAVAILABLE to a request still running when the drain's time is up.
pub async fn refuse_when_cut(
    State(mut cut): State<watch::Receiver<bool>>,
    req: Request,
    next: Next,
) -> Response {
    let (method, path) = (req.method().clone(), req.uri().path().to_owned());
    let cut_now = async move {
        // A dropped sender (the server is gone) never cuts.
        if cut.wait_for(|c| *c).await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        response = next.run(req) => response,
        () = cut_now => {
            tracing::warn!(%method, path = %path, "drain: still running at the shutdown timeout; answered 503");
            AppError::Unavailable.into_response()
        }
    }
}

/// Serves `app` on `listener` until `signal`, then drains as the module says; `draining` runs
/// when the drain starts (it tells the worker to stop and `/readyz` to say so).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    timing: Timing,
    signal: impl Future<Output = ()>,
    draining: impl FnOnce(),
) -> std::io::Result<()> {
    let (cut, cut_rx) = watch::channel(false);
    let app = app.layer(axum::middleware::from_fn_with_state(
        cut_rx,
        refuse_when_cut,
    ));
    let stop_accepting = Arc::new(Notify::new());
    let stopped = stop_accepting.clone();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move { stopped.notified().await })
        .into_future();
    tokio::pin!(served);
    tokio::select! {
        result = &mut served => return result,
        () = signal => {}
    }
    draining();
    tracing::info!(
        delay_ms = timing.delay.as_millis() as u64,
        "drain: unready; still serving"
    );
    tokio::select! {
        result = &mut served => return result,
        () = tokio::time::sleep(timing.delay) => {}
    }
    stop_accepting.notify_one();
    tracing::info!(
        timeout_ms = timing.timeout.as_millis() as u64,
        "drain: no longer accepting; finishing requests in flight"
    );
    if let Ok(result) = tokio::time::timeout(timing.timeout, &mut served).await {
        tracing::info!("drain: every request answered");
        return result;
    }
    let _ = cut.send(true);
    match tokio::time::timeout(CUT_GRACE, &mut served).await {
        Ok(result) => result,
        Err(_) => {
            tracing::warn!("drain: connections still open after the cut are closed");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;

    /// A server whose `/slow` never finishes and `/quick` answers at once, drained with a
    /// short timeout.
    #[tokio::test]
    async fn a_request_still_running_at_the_timeout_is_answered_503_and_the_server_returns() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new()
            .route("/slow", get(std::future::pending::<&'static str>))
            .route("/quick", get(|| async { "ok" }));
        let (go, signal) = tokio::sync::oneshot::channel::<()>();
        let (told, drain_told) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve(
            listener,
            app,
            Timing {
                delay: Duration::ZERO,
                timeout: Duration::from_millis(300),
            },
            async move {
                let _ = signal.await;
            },
            move || {
                let _ = told.send(());
            },
        ));
        let base = format!("http://{addr}");
        let quick = reqwest::get(format!("{base}/quick")).await.unwrap();
        assert_eq!(quick.text().await.unwrap(), "ok");
        let slow = tokio::spawn(reqwest::get(format!("{base}/slow")));
        tokio::time::sleep(Duration::from_millis(100)).await;
        go.send(()).unwrap();
        drain_told.await.expect("the drain was announced");
        let slow = slow.await.unwrap().unwrap();
        assert_eq!(slow.status(), 503);
        assert_eq!(slow.headers()["retry-after"], "1");
        let body: serde_json::Value = slow.json().await.unwrap();
        assert_eq!(body["code"], 14, "google.rpc.Code UNAVAILABLE: {body}");
        server.await.unwrap().unwrap();
        // No longer accepting.
        assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    }
}
