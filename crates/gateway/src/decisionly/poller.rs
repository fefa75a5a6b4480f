//! Reads each open Decisionly case back (`GET {cases_path}/{case_id}`) every
//! `poll_interval_ms` (jittered by a fifth, so many gateways do not call at once) and shows the
//! member what changed ([`super::status`]): a transaction with the card network and each step
//! on its timeline; the network's outcome as reviewed, the credit union's decision still to
//! come; a withdrawn case closed as withdrawn. Each tick also sends documents the member added
//! (`documents.rs`). Before each step it tells `/readyz` how long the step may take
//! (`health.rs`): a poller that stops coming round makes the instance unready.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use casap_api::{
    DisputeStatus, DisputedTransactionStatus, FinalDecisionEvent, TransactionAuditLog,
};
use dispute_server::sql_params;
use dispute_server::{AppError, Db, now_ms};
use tokio::sync::watch;

use super::status::{Change, apply, change, is_final};
use crate::Gateway;
use crate::config::BackendKind;
use crate::health::DB_STEP;

/// Records the cases of a sent entry (status `created`), so the poller reads them back.
pub fn track(db: &mut Db, dispute_uuid: &str, payload: &str, now: i64) -> Result<(), AppError> {
    let cases: super::connector::Payload =
        serde_json::from_str(payload).map_err(|e| AppError::internal(e.to_string()))?;
    for (case_id, case) in cases {
        db.conn().execute(
            "INSERT INTO decisionly_cases
                (case_id, dispute_uuid, transaction_uuid, status, checked_ms)
             VALUES (?1, ?2, ?3, 'created', ?4) ON CONFLICT DO NOTHING",
            sql_params![
                case_id.as_str(),
                dispute_uuid,
                case.transaction.issuer_id.unwrap_or_default().as_str(),
                now
            ],
        )?;
    }
    Ok(())
}

struct Open {
    case_id: String,
    dispute_uuid: String,
    transaction_uuid: String,
    status: String,
    closed_reason: Option<String>,
}

fn open_cases(db: &mut Db) -> Result<Vec<Open>, AppError> {
    db.conn()
        .query(
            "SELECT case_id, dispute_uuid, transaction_uuid, status, closed_reason
             FROM decisionly_cases WHERE status NOT IN ('won', 'lost', 'closed') ORDER BY case_id",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(Open {
                case_id: r.get(0)?,
                dispute_uuid: r.get(1)?,
                transaction_uuid: r.get(2)?,
                status: r.get(3)?,
                closed_reason: r.get(4)?,
            })
        })
        .collect()
}

/// Records a case's new status and shows it to the member.
fn record(
    db: &mut Db,
    case: &Open,
    status: &str,
    closed_reason: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    if let Some((txn_status, event)) = apply(change(status, closed_reason)) {
        db.update_dispute(&case.dispute_uuid, |d| {
            if let Some(t) = d
                .transactions
                .iter_mut()
                .find(|t| t.uuid == case.transaction_uuid)
            {
                t.status = txn_status;
                let decision = match change(status, closed_reason) {
                    Change::Closed(decision) => {
                        t.transaction_final_status = decision;
                        Some(FinalDecisionEvent {
                            kind: decision,
                            ..FinalDecisionEvent::default()
                        })
                    }
                    _ => None,
                };
                t.audit_log.push(TransactionAuditLog {
                    timestamp: now,
                    event_type: event,
                    record_final_decision: decision,
                    ..TransactionAuditLog::default()
                });
            }
            if d.transactions
                .iter()
                .all(|t| t.status == DisputedTransactionStatus::Closed)
            {
                d.status = DisputeStatus::Closed;
            }
            Ok(())
        })?;
    }
    db.conn().execute(
        "UPDATE decisionly_cases SET status = ?2, closed_reason = ?3, checked_ms = ?4
         WHERE case_id = ?1",
        sql_params![&case.case_id, status, closed_reason, now],
    )?;
    Ok(())
}

/// Runs until `stop` turns true (only for the Decisionly back end).
pub async fn run(gw: Arc<Gateway>, mut stop: watch::Receiver<bool>) {
    let backend = &gw.config.backend;
    let BackendKind::Decisionly {
        cases_path,
        poll_interval,
        ..
    } = &backend.kind
    else {
        return;
    };
    let auth = super::connector::basic_auth(backend);
    gw.health.polling.store(true, Ordering::Relaxed);
    let beat = |within| gw.health.poller.beat(within);
    loop {
        let pause = poll_interval.mul_f64(0.8 + 0.4 * rand::random::<f64>());
        beat(pause);
        tokio::select! {
            () = tokio::time::sleep(pause) => {}
            _ = stop.changed() => return,
        }
        super::documents::sync(&gw, &auth).await;
        beat(DB_STEP);
        let open = match gw.core.with_db(open_cases) {
            Ok(o) => o,
            Err(e) => {
                tracing::error!(error = %e, "decisionly: cannot list open cases");
                continue;
            }
        };
        for case in open {
            // A read of the case, and recording what moved.
            beat(backend.timeout + DB_STEP);
            let response = gw
                .http
                .get(format!("{}{cases_path}/{}", backend.url, case.case_id))
                .header("authorization", &auth)
                .timeout(backend.timeout)
                .send()
                .await;
            let got: decisionly_api::Case = match response {
                Ok(r) if r.status().is_success() => match r
                    .bytes()
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
                {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::warn!(case_id = %case.case_id, error = %e, "decisionly: unreadable case");
                        continue;
                    }
                },
                Ok(r) => {
                    tracing::warn!(case_id = %case.case_id, status = %r.status(), "decisionly: case not read");
                    continue;
                }
                Err(e) => {
                    tracing::warn!(case_id = %case.case_id, error = %e, "decisionly: case not read");
                    continue;
                }
            };
            let status = got.status.unwrap_or_default();
            if status == case.status && got.closed_reason == case.closed_reason {
                continue;
            }
            if change(&status, got.closed_reason.as_deref()) == Change::None && !is_final(&status) {
                tracing::warn!(case_id = %case.case_id, %status, "decisionly: status not shown to the member");
            }
            tracing::info!(case_id = %case.case_id, %status, "decisionly: case moved");
            let now = now_ms();
            if let Err(e) = gw
                .core
                .with_db(|db| record(db, &case, &status, got.closed_reason.as_deref(), now))
            {
                tracing::error!(case_id = %case.case_id, error = %e, "decisionly: status not recorded");
            }
        }
    }
}
