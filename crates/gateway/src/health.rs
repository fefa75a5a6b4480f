//! Probes for a load balancer or a container platform, unauthenticated and cheap, with no data
//! in them (words only: no versions, hosts or errors; the log line of a change says why).
//!
//! - `GET /livez`: 200 while the process serves. A platform restarts the process when it stops
//!   answering; nothing here depends on the database, so a database outage never restarts
//!   every instance at once.
//! - `GET /readyz`: 200 when this instance can take members' requests and forward them: the
//!   database answers, its schema is at this binary's version (not behind: migrations failed;
//!   not ahead: a newer binary migrated it, and this one must not write to it), and the outbox
//!   worker's loop (and Decisionly's case poller's) has come round when it said it would
//!   ([`Heartbeat`]); answered within 2 s whatever the database does (`database: unreachable`
//!   past that). 503 otherwise, and from the moment a SIGTERM starts the drain (`drain.rs`),
//!   so the load balancer sends nothing new while requests in flight finish.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dispute_server::now_ms;
use serde::Serialize;

use crate::{Gateway, outbox};

/// How long `/readyz` waits for the database: a database that stopped answering (or every
/// connection in use) is told as unreachable within a load balancer's probe timeout, instead of
/// holding the probe until a statement's deadline (`server.database_timeout_ms`). The read
/// itself goes on in the background, bounded by that deadline.
const CHECK_WITHIN: Duration = Duration::from_secs(2);

/// The longest a loop's step spends in the database, as the worker and the poller announce it.
pub const DB_STEP: Duration = Duration::from_secs(10);

/// Slack on top of the time the worker said its step would take before it counts as stalled.
const BEAT_GRACE: Duration = Duration::from_secs(5);

/// The worker's promise: "I will come round again by this time" (Unix ms), renewed before
/// each step with that step's longest duration (a database read, a wait, a send).
#[derive(Debug, Default)]
pub struct Heartbeat(AtomicI64);

impl Heartbeat {
    /// The next step takes at most `within`.
    pub fn beat(&self, within: Duration) {
        let until = now_ms() + (within + BEAT_GRACE).as_millis() as i64;
        self.0.store(until, Ordering::Relaxed);
    }

    fn alive_at(&self, now_ms: i64) -> bool {
        now_ms <= self.0.load(Ordering::Relaxed)
    }
}

/// What `/readyz` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ready,
    Unready,
    Draining,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Database {
    Ok,
    Unreachable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Schema {
    Current,
    /// Migrations this binary knows are not applied.
    Behind,
    /// A newer binary migrated the database.
    Ahead,
    /// The database did not answer.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Worker {
    Ok,
    Stalled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Checks {
    pub database: Database,
    pub schema: Schema,
    pub worker: Worker,
    /// Decisionly's case poller (`decisionly/poller.rs`); absent for other back ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poller: Option<Worker>,
}

/// Whether each background loop came round when it said it would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loops {
    pub worker: bool,
    /// `None`: no poller runs (a back end other than Decisionly).
    pub poller: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Readiness {
    pub status: Status,
    pub checks: Checks,
}

/// Each schema as `(applied, known to this binary)`.
pub type Versions = [(usize, usize); 2];

/// The verdict from what was read: pure, so every combination is tested natively.
pub fn judge(versions: Option<Versions>, loops: Loops, draining: bool) -> Readiness {
    let alive = |yes: bool| if yes { Worker::Ok } else { Worker::Stalled };
    let schema = match versions {
        None => Schema::Unknown,
        Some(v) if v.iter().any(|(applied, known)| applied > known) => Schema::Ahead,
        Some(v) if v.iter().any(|(applied, known)| applied < known) => Schema::Behind,
        Some(_) => Schema::Current,
    };
    let checks = Checks {
        database: if versions.is_some() {
            Database::Ok
        } else {
            Database::Unreachable
        },
        schema,
        worker: alive(loops.worker),
        poller: loops.poller.map(alive),
    };
    let status = if draining {
        Status::Draining
    } else if checks.schema == Schema::Current
        && checks.worker == Worker::Ok
        && checks.poller != Some(Worker::Stalled)
    {
        Status::Ready
    } else {
        Status::Unready
    };
    Readiness { status, checks }
}

/// What the probes read besides the database.
#[derive(Debug, Default)]
pub struct Health {
    pub worker: Heartbeat,
    pub poller: Heartbeat,
    /// Whether a poller runs (set by it when it starts).
    pub polling: AtomicBool,
    pub draining: AtomicBool,
    /// Whether the last `/readyz` was ready (to log changes only).
    was_ready: AtomicBool,
}

impl Health {
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }
}

pub fn routes(gw: Arc<Gateway>) -> Router {
    Router::new()
        .route("/livez", get(livez))
        .route("/readyz", get(readyz))
        .with_state(gw)
}

fn probe(status: StatusCode, body: impl Serialize) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(body),
    )
        .into_response()
}

async fn livez() -> Response {
    probe(StatusCode::OK, serde_json::json!({ "status": "live" }))
}

/// The database's versions, or why they could not be read within [`CHECK_WITHIN`].
async fn read_versions(gw: Arc<Gateway>) -> Result<Versions, String> {
    let read = tokio::task::spawn_blocking(move || {
        gw.core.with_db(|db| {
            db.conn().value::<i64>("SELECT 1", &[])?;
            Ok([db.schema_version()?, outbox::schema_version(db.conn())?])
        })
    });
    match tokio::time::timeout(CHECK_WITHIN, read).await {
        Ok(Ok(read)) => read.map_err(|e| e.to_string()),
        Ok(Err(panicked)) => Err(panicked.to_string()),
        Err(_) => Err(format!(
            "no connection answered within {} s",
            CHECK_WITHIN.as_secs()
        )),
    }
}

async fn readyz(State(gw): State<Arc<Gateway>>) -> Response {
    let read = read_versions(gw.clone()).await;
    let health = &gw.health;
    let now = now_ms();
    let verdict = judge(
        read.as_ref().ok().copied(),
        Loops {
            worker: health.worker.alive_at(now),
            poller: health
                .polling
                .load(Ordering::Relaxed)
                .then(|| health.poller.alive_at(now)),
        },
        health.draining.load(Ordering::SeqCst),
    );
    let ready = verdict.status == Status::Ready;
    if health.was_ready.swap(ready, Ordering::Relaxed) != ready {
        if ready {
            tracing::info!("ready");
        } else {
            let error = read.err();
            tracing::warn!(status = ?verdict.status, checks = ?verdict.checks, ?error, "not ready");
        }
    }
    let code = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    probe(code, verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CURRENT: Versions = [(3, 3), (2, 2)];
    const RUNNING: Loops = Loops {
        worker: true,
        poller: None,
    };
    const WORKER_STALLED: Loops = Loops {
        worker: false,
        poller: None,
    };

    #[test]
    fn ready_only_with_every_check_passing_and_not_draining() {
        let r = judge(Some(CURRENT), RUNNING, false);
        assert_eq!(r.status, Status::Ready);
        assert_eq!(
            serde_json::to_value(r).unwrap(),
            serde_json::json!({ "status": "ready",
                "checks": { "database": "ok", "schema": "current", "worker": "ok" } })
        );
        assert_eq!(judge(Some(CURRENT), RUNNING, true).status, Status::Draining);
        assert_eq!(
            judge(Some(CURRENT), WORKER_STALLED, false).status,
            Status::Unready
        );
        assert_eq!(
            judge(Some(CURRENT), WORKER_STALLED, false).checks.worker,
            Worker::Stalled
        );
    }

    #[test]
    fn decisionly_s_poller_is_checked_only_where_it_runs() {
        let polling = |alive| Loops {
            worker: true,
            poller: Some(alive),
        };
        let r = judge(Some(CURRENT), polling(true), false);
        assert_eq!(
            serde_json::to_value(r).unwrap()["checks"],
            serde_json::json!({ "database": "ok", "schema": "current", "worker": "ok",
                "poller": "ok" })
        );
        let stalled = judge(Some(CURRENT), polling(false), false);
        assert_eq!(
            (stalled.status, stalled.checks.poller),
            (Status::Unready, Some(Worker::Stalled))
        );
    }

    #[test]
    fn a_database_down_behind_or_ahead_is_unready() {
        let down = judge(None, RUNNING, false);
        assert_eq!(down.status, Status::Unready);
        assert_eq!(down.checks.database, Database::Unreachable);
        assert_eq!(down.checks.schema, Schema::Unknown);
        let behind = judge(Some([(3, 3), (1, 2)]), RUNNING, false);
        assert_eq!(
            (behind.status, behind.checks.schema),
            (Status::Unready, Schema::Behind)
        );
        let ahead = judge(Some([(4, 3), (2, 2)]), RUNNING, false);
        assert_eq!(
            (ahead.status, ahead.checks.schema),
            (Status::Unready, Schema::Ahead)
        );
    }

    #[test]
    fn the_heartbeat_lasts_the_step_it_announced_plus_the_grace() {
        let h = Heartbeat::default();
        assert!(!h.alive_at(now_ms()), "never beat: not alive");
        h.beat(Duration::from_secs(30));
        let now = now_ms();
        assert!(h.alive_at(now + 34_000));
        assert!(!h.alive_at(now + 36_000));
    }
}
