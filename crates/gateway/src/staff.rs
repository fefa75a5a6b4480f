//! Staff tools over HTTP, behind HTTP Basic credentials from the configuration:
//!
//! - `GET /staff/outbox?state=dead`: entries, newest first (JSON).
//! - `POST /staff/outbox/{id}/retry`: send a dead or waiting entry again now.
//! - `POST /staff/outbox/requeue-dead`: every dead letter back in line, in filing order.
//! - `GET /staff/cases/{case number}`: the case page (`thirdPartyTicketUrl`): what the member
//!   filed, every answer, documents, the outbox entry and its problem.
//! - `POST /staff/cases/{case number}/close`: record the decision the member then sees,
//!   `{ "decision": "RECORD_FINAL_DECISION_TYPE_ACCEPTED" }` (or `_DENIED`).
//! - `GET /metrics`: Prometheus.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use casap_api::{DisputeSummary, FinalDecisionType};
use dispute_server::{ApiJson, AppError, now_ms};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::Gateway;
use crate::html::{escape, page};
use crate::mapping::{iso_utc, reason_label};
use crate::outbox;

pub fn routes(gw: Arc<Gateway>) -> Router {
    Router::new()
        .route("/staff/outbox", get(outbox_list))
        .route("/staff/outbox/requeue-dead", post(requeue_dead))
        .route("/staff/outbox/{id}/retry", post(retry))
        .route("/staff/cases/{short_id}", get(case_page))
        .route("/staff/cases/{short_id}/close", post(close))
        .route("/metrics", get(metrics))
        .with_state(gw)
}

/// A request with the staff's credentials.
pub struct Staff;

/// Constant-time comparison of two strings (HMAC of both under a fixed key).
fn same(a: &str, b: &str) -> bool {
    let mut m = Hmac::<Sha256>::new_from_slice(b"staff-credentials").expect("any key length");
    m.update(a.as_bytes());
    let tag = m.finalize().into_bytes();
    let mut m = Hmac::<Sha256>::new_from_slice(b"staff-credentials").expect("any key length");
    m.update(b.as_bytes());
    m.verify_slice(&tag).is_ok()
}

impl FromRequestParts<Arc<Gateway>> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, gw: &Arc<Gateway>) -> Result<Self, Response> {
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b| {
                base64::engine::general_purpose::STANDARD
                    .decode(b.trim())
                    .ok()
            })
            .and_then(|b| String::from_utf8(b).ok());
        let ok = given
            .as_deref()
            .and_then(|g| g.split_once(':'))
            .is_some_and(|(u, p)| {
                // Both compared, always: no early answer on a wrong user name.
                let user = same(u, &gw.config.staff_username);
                let pass = same(p, gw.config.staff_password.expose());
                user & pass
            });
        if ok {
            return Ok(Self);
        }
        tracing::warn!("staff request without valid credentials");
        let mut r = (StatusCode::UNAUTHORIZED, "staff credentials required").into_response();
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"dispute-gateway staff\", charset=\"UTF-8\""),
        );
        Err(r)
    }
}

#[derive(Deserialize)]
struct ListQuery {
    state: Option<String>,
    limit: Option<i64>,
}

async fn outbox_list(
    _: Staff,
    State(gw): State<Arc<Gateway>>,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<outbox::Entry>>, AppError> {
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    gw.core
        .with_db(|db| outbox::list(db.conn(), q.state.as_deref(), limit))
        .map(Json)
}

async fn retry(
    _: Staff,
    State(gw): State<Arc<Gateway>>,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    if gw
        .core
        .with_db(|db| outbox::retry(db.conn(), id, now_ms()))?
    {
        tracing::info!(id, "staff: outbox entry retried");
        gw.wake.notify_one();
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound(
            "no dead or pending outbox entry with that id",
        ))
    }
}

async fn requeue_dead(
    _: Staff,
    State(gw): State<Arc<Gateway>>,
) -> Result<Json<serde_json::Value>, AppError> {
    let n = gw
        .core
        .with_db(|db| outbox::requeue_dead(db.conn(), now_ms()))?;
    tracing::info!(n, "staff: dead letters requeued");
    gw.wake.notify_one();
    Ok(Json(serde_json::json!({ "requeued": n })))
}

async fn metrics(_: Staff, State(gw): State<Arc<Gateway>>) -> Result<Response, AppError> {
    let stats = gw.core.with_db(|db| outbox::stats(db.conn(), now_ms()))?;
    let mut r = gw.metrics.render(&stats).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4"),
    );
    Ok(r)
}

fn case(gw: &Gateway, short_id: &str) -> Result<DisputeSummary, AppError> {
    gw.core
        .with_db(|db| db.dispute_by_short_id(short_id))?
        .map(|(_, d)| d)
        .ok_or(AppError::NotFound("no case with that number"))
}

async fn case_page(
    _: Staff,
    State(gw): State<Arc<Gateway>>,
    Path(short_id): Path<String>,
) -> Result<Response, AppError> {
    let d = case(&gw, &short_id)?;
    let (answers, files, entry) = gw.core.with_db(|db| {
        Ok((
            db.answers(&d.uuid)?.unwrap_or_default(),
            db.file_list(&d.uuid)?,
            outbox::of_dispute(db.conn(), &d.uuid)?,
        ))
    })?;
    let created = d.audit_log.first().map_or(0, |e| e.timestamp);
    let mut b = format!(
        "<h1>Case {}</h1><dl><dt>Status</dt><dd>{}</dd><dt>Reason</dt><dd>{}</dd>\
         <dt>Member</dt><dd>{} &lt;{}&gt; ({})</dd><dt>Received</dt><dd>{}</dd></dl>",
        escape(&d.short_id),
        escape(d.status.as_wire()),
        escape(reason_label(d.reason)),
        escape(&d.customer.name),
        escape(&d.customer.email),
        escape(&d.customer.uuid),
        iso_utc(created),
    );
    if let Some(e) = entry {
        b.push_str(&format!(
            "<h2>Back end</h2><dl><dt>Outbox</dt><dd>{} (entry {}, {} attempts)</dd>",
            escape(&e.state),
            e.id,
            e.attempts
        ));
        if let Some(p) = &e.problem {
            b.push_str(&format!("<dt>Problem</dt><dd>{}</dd>", escape(p)));
        }
        if let Some(u) = &e.backend_uuid {
            b.push_str(&format!("<dt>Back end's id</dt><dd>{}</dd>", escape(u)));
        }
        b.push_str("</dl>");
    }
    b.push_str("<h2>Transactions</h2><ul>");
    for t in &d.transactions {
        b.push_str(&format!(
            "<li>{}: {} cents {} ({})</li>",
            escape(&t.merchant),
            t.amount.amount_in_cents,
            escape(&t.amount.currency),
            escape(&t.uuid)
        ));
    }
    b.push_str("</ul><h2>Answers</h2><dl>");
    for a in &answers {
        b.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>",
            escape(if a.question.is_empty() {
                &a.question_id
            } else {
                &a.question
            }),
            escape(&a.answer)
        ));
    }
    b.push_str("</dl><h2>Documents</h2><ul>");
    let link = gw.hook.evidence_url(&d.uuid, now_ms());
    for (id, f) in &files {
        let q = link.split_once('?').map_or("", |(_, q)| q);
        b.push_str(&format!(
            "<li><a href=\"/evidence/{}/{id}?{}\">{}</a> ({}, {} bytes)</li>",
            escape(&d.uuid),
            escape(q),
            escape(&f.filename),
            escape(&f.content_type),
            f.size
        ));
    }
    b.push_str("</ul>");
    Ok(page(&format!("Case {}", d.short_id), &b))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct CloseRequest {
    decision: FinalDecisionType,
}

async fn close(
    _: Staff,
    State(gw): State<Arc<Gateway>>,
    Path(short_id): Path<String>,
    ApiJson(req): ApiJson<CloseRequest>,
) -> Result<Json<DisputeSummary>, AppError> {
    let decision = match req.decision {
        d @ (FinalDecisionType::Accepted | FinalDecisionType::Denied) => d,
        _ => {
            return Err(AppError::invalid(
                "decision must be RECORD_FINAL_DECISION_TYPE_ACCEPTED or _DENIED",
            ));
        }
    };
    let uuid = case(&gw, &short_id)?.uuid;
    let d = gw
        .core
        .with_db(|db| {
            db.update_dispute(&uuid, |d| {
                dispute_server::close(d, decision, now_ms());
                Ok(())
            })
        })?
        .ok_or(AppError::NotFound("no such case"))?;
    tracing::info!(short_id = %d.short_id, ?decision, "staff: decision recorded");
    Ok(Json(d))
}
