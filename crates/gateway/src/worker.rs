//! The outbox worker: sends pending entries to the back end one at a time, in filing order,
//! within the back end's rate limit (`pacing.rs`, kept in the database: shared by every
//! instance), and records each outcome before the next send. Each entry is leased to the
//! instance sending it ([`outbox::claim`]); another instance takes it over only when the lease
//! has run out (its instance died).
//!
//! - Sent: the entry is `sent` and the case's timeline gains "sent to the dispute team" (with
//!   the back end's id once known).
//! - 429: every send pauses for `Retry-After`; the entry is not charged an attempt.
//! - Network error, timeout, 5xx: the same entry again after a backoff with jitter (later ones
//!   wait: the order is kept).
//! - 400, 401...: the entry goes `dead` with the error, visible to staff and in the metrics;
//!   the next one goes.
//!
//! Before each step the worker tells `/readyz` how long the step may take at most
//! ([`crate::health::Heartbeat`]): a loop that does not come round in time makes the instance
//! unready.
//!
//! A crash between sending and recording sends the entry again after the restart, or from
//! another instance once the lease has run out: at least once, each resend with the same
//! `thirdPartyTicketID`.

use std::sync::Arc;
use std::time::Duration;

use casap_api::{DisputeAuditLog, DisputeEventType};
use dispute_server::now_ms;
use tokio::sync::watch;

use crate::Gateway;
use crate::connector::{self, Outcome};
use crate::health::DB_STEP;
use crate::outbox;
use crate::pacing::backoff;

/// How often an idle worker looks for new or requeued entries (the CLI and other instances
/// write the database directly; new disputes on this instance wake it at once).
const IDLE_POLL: Duration = Duration::from_millis(500);

/// Waits until `at_ms` (wall clock: shared with other instances), at most a third of the lease
/// so a held entry's lease is renewed in time; false when told to stop.
async fn wait_until(gw: &Gateway, at_ms: i64, stop: &mut watch::Receiver<bool>) -> bool {
    let lease_third = gw.config.backend.lease / 3;
    let left = Duration::from_millis((at_ms - now_ms()).max(0) as u64).min(lease_third);
    gw.health.worker.beat(left);
    tokio::select! {
        () = tokio::time::sleep(left) => true,
        _ = stop.changed() => false,
    }
}

/// Runs until `stop` turns true.
pub async fn run(gw: Arc<Gateway>, mut stop: watch::Receiver<bool>) {
    let backend = &gw.config.backend;
    let lease_ms = backend.lease.as_millis() as i64;
    let window_ms = backend.window.as_millis() as i64;
    // Reads of the next entry failed in a row (the database unreachable).
    let mut failures: u32 = 0;
    loop {
        if *stop.borrow() {
            return;
        }
        gw.health.worker.beat(DB_STEP);
        let due = match gw
            .core
            .with_db(|db| outbox::claim(db.conn(), &gw.instance, now_ms(), lease_ms))
        {
            Ok(d) => {
                if failures > 0 {
                    tracing::info!(failures, "outbox: the database answers again");
                    failures = 0;
                }
                d
            }
            Err(e) => {
                // Once, then every 16th try: an outage is not a line every half second.
                if failures.is_multiple_of(16) {
                    tracing::error!(error = %e, failures, "outbox: cannot read the next entry");
                }
                failures += 1;
                None
            }
        };
        let Some(due) = due else {
            // Idle: the poll's pace; the database failing: longer, up to 8 s.
            let pause = IDLE_POLL * 2u32.pow(failures.min(4));
            gw.health.worker.beat(pause);
            tokio::select! {
                () = gw.wake.notified() => {}
                () = tokio::time::sleep(pause) => {}
                _ = stop.changed() => {}
            }
            continue;
        };
        // Not before its backoff (the lease is renewed by claiming again after the wait).
        if due.next_at_ms > now_ms() {
            if !wait_until(&gw, due.next_at_ms, &mut stop).await {
                release(&gw, &due);
                return;
            }
            // Look again: staff may have acted, an earlier entry may have been requeued.
            continue;
        }
        // Decisionly with the core's card facts: the cases are built (and stored) first.
        if let crate::config::BackendKind::Decisionly {
            enrichment,
            enrichment_url: Some(url),
            ..
        } = &backend.kind
            && crate::decisionly::deferred::is_deferred(&due.payload)
        {
            use crate::decisionly::deferred::{Prepared, prepare};
            gw.health.worker.beat(backend.timeout + DB_STEP);
            let prepared = prepare(&gw.http, url, backend.timeout, enrichment, &due.payload).await;
            let written = match prepared {
                Prepared::Cases(payload) => gw
                    .core
                    .with_db(|db| outbox::set_payload(db.conn(), due.id, &payload)),
                Prepared::Held(why) => {
                    tracing::warn!(short_id = %due.short_id, reason = %why, "dispute held for staff");
                    gw.core
                        .with_db(|db| outbox::mark_held(db.conn(), due.id, &why))
                }
                Prepared::Retry(why) => {
                    record(&gw, &due, Outcome::Retry(why));
                    Ok(())
                }
            };
            if let Err(e) = written {
                tracing::error!(short_id = %due.short_id, error = %e, "outbox: cases not stored");
            }
            continue;
        }
        // The back end's rate limit, shared by every instance: a slot now, or when one opens.
        let slot = gw.core.with_db(|db| {
            outbox::reserve_send(db.conn(), &gw.key_id, window_ms, &gw.instance, now_ms())
        });
        match slot {
            Ok(None) => {}
            Ok(Some(at)) => {
                if !wait_until(&gw, at, &mut stop).await {
                    release(&gw, &due);
                    return;
                }
                continue;
            }
            Err(e) => {
                tracing::error!(error = %e, "outbox: cannot take a send slot");
                if !wait_until(&gw, now_ms() + IDLE_POLL.as_millis() as i64, &mut stop).await {
                    release(&gw, &due);
                    return;
                }
                continue;
            }
        }
        gw.health.worker.beat(backend.timeout + DB_STEP);
        let outcome = connector::send(&gw.http, backend, &due.payload).await;
        record(&gw, &due, outcome);
    }
}

/// Gives an entry back on the way out, so another instance need not wait for the lease.
fn release(gw: &Gateway, due: &outbox::Due) {
    if let Err(e) = gw
        .core
        .with_db(|db| outbox::release(db.conn(), due.id, &gw.instance))
    {
        tracing::warn!(short_id = %due.short_id, error = %e, "outbox: lease not released");
    }
}

fn record(gw: &Gateway, due: &outbox::Due, outcome: Outcome) {
    let now = now_ms();
    let written = match &outcome {
        Outcome::Sent(uuid) => {
            gw.metrics.sent.inc();
            tracing::info!(short_id = %due.short_id, backend_uuid = ?uuid, "dispute forwarded");
            gw.core.with_db(|db| {
                outbox::mark_sent(db.conn(), due.id, now, uuid.as_deref())?;
                if matches!(
                    gw.config.backend.kind,
                    crate::config::BackendKind::Decisionly { .. }
                ) {
                    crate::decisionly::poller::track(db, &due.dispute_uuid, &due.payload, now)?;
                }
                // The member's timeline: sent to the dispute team.
                db.update_dispute(&due.dispute_uuid, |d| {
                    d.audit_log.push(DisputeAuditLog {
                        timestamp: now,
                        event_type: DisputeEventType::Forwarded,
                        reference: uuid.clone().unwrap_or_default(),
                        ..DisputeAuditLog::default()
                    });
                    Ok(())
                })?;
                Ok(())
            })
        }
        Outcome::RateLimited { retry_after, limit } => {
            gw.metrics.rate_limited.inc();
            tracing::warn!(?retry_after, ?limit, "back end rate limit: pausing");
            let until = now + retry_after.as_millis() as i64;
            gw.core.with_db(|db| {
                outbox::rate_limited(db.conn(), &gw.key_id, until, *limit)?;
                outbox::release(db.conn(), due.id, &gw.instance)
            })
        }
        Outcome::Retry(problem) => {
            gw.metrics.failed.inc();
            let attempt = u32::try_from(due.attempts + 1).unwrap_or(u32::MAX);
            let wait = backoff(
                attempt,
                gw.config.backend.max_backoff,
                rand::random::<f64>(),
            );
            tracing::warn!(short_id = %due.short_id, attempt, %problem, ?wait, "send failed; will retry");
            gw.core.with_db(|db| {
                outbox::mark_retry(db.conn(), due.id, now + wait.as_millis() as i64, problem)
            })
        }
        Outcome::Dead(problem) => {
            gw.metrics.dead.inc();
            tracing::error!(short_id = %due.short_id, %problem, "back end refused the dispute: dead letter");
            gw.core
                .with_db(|db| outbox::mark_dead(db.conn(), due.id, problem))
        }
    };
    if let Err(e) = written {
        // The entry stays pending: it is sent again (at least once).
        tracing::error!(short_id = %due.short_id, error = %e, "outbox: outcome not recorded");
    }
}
