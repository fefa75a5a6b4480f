//! The dispute API's operations (docs/API.md): create, list, status, upload file, reopen.
//!
//! Every handler takes the signed-in [`Member`]; a dispute of another member or organisation
//! answers exactly like one that does not exist (404, no id in the message).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use base64::Engine as _;
use casap_api::files::{FileProblem, check_file};
use casap_api::{
    Amount, CreateDisputeEvent, CreateDisputeRequest, DisputeAuditLog, DisputeEventType,
    DisputeResponse, DisputeStatus, DisputeSummary, DisputedTransaction, DisputedTransactionStatus,
    ListDisputesResponse, ReopenRequest, TransactionType, UploadFileRequest,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::auth::now_ms;
use crate::db::{Owner, StoredFile};
use crate::extract::{ApiJson, ApiQuery, Member};
use crate::{AppError, AppState};

const DAY_MS: i64 = 86_400_000;
const MAX_TRANSACTIONS: usize = 50;
const MAX_ANSWERS: usize = 200;
const MAX_ANSWER_CHARS: usize = 4000;
const MAX_PAGE_SIZE: i64 = 100;

impl Member {
    fn owner(&self) -> Owner {
        Owner {
            org_id: self.org_id.clone(),
            member_id: self.id.clone(),
        }
    }
}

/// Loads a dispute the member owns; anything else is NOT_FOUND.
fn owned_dispute(
    state: &AppState,
    member: &Member,
    uuid: &str,
) -> Result<DisputeSummary, AppError> {
    match state.with_db(|db| db.dispute(uuid))? {
        Some((owner, summary)) if owner == member.owner() => Ok(summary),
        _ => Err(AppError::NotFound("dispute not found")),
    }
}

/// `POST /v1/disputes`.
pub async fn disputes_create(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CreateDisputeRequest>,
) -> Result<Json<DisputeResponse>, AppError> {
    let idempotency_key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .map(str::to_owned);
    if let Some(key) = &idempotency_key
        && let Some(existing) =
            state.with_db(|db| db.dispute_by_idempotency_key(&member.id, key))?
    {
        return Ok(Json(DisputeResponse { dispute: existing }));
    }
    validate_create(&req, &member)?;

    let uuids: Vec<&str> = req
        .transaction_details
        .iter()
        .map(|t| t.uuid.as_str())
        .collect();
    state.with_db(|db| {
        let known = db.transactions(&member.id)?;
        if !known.is_empty()
            && let Some(i) = uuids
                .iter()
                .position(|u| !known.iter().any(|k| k.uuid == *u))
        {
            return Err(AppError::invalid(format!(
                "transactionDetails[{i}] is not a transaction of this member"
            )));
        }
        let taken = db.openly_disputed(&member.id, &uuids)?;
        if let Some(i) = uuids.iter().position(|u| taken.iter().any(|t| t == u)) {
            return Err(AppError::AlreadyExists(format!(
                "transactionDetails[{i}] is already in an open dispute"
            )));
        }
        Ok(())
    })?;

    let now = now_ms();
    let credit_card = req
        .transaction_details
        .iter()
        .any(|t| t.kind == TransactionType::CreditCard);
    let mut req = req;
    if req.customer.uuid.is_empty() {
        req.customer.uuid = member.id.clone();
    }
    let customer = req.customer.clone();
    let mut summary = DisputeSummary {
        uuid: uuid::Uuid::new_v4().to_string(),
        short_id: String::new(),
        status: DisputeStatus::Open,
        reason: req.reason,
        // Reg Z: two billing cycles (at most 90 days); Reg E: 45 days.
        resolution_deadline: now + if credit_card { 90 } else { 45 } * DAY_MS,
        customer,
        agent: None,
        transactions: req
            .transaction_details
            .iter()
            .map(|t| DisputedTransaction {
                uuid: t.uuid.clone(),
                settled_timestamp: t.settled_timestamp,
                amount: t.amount.clone(),
                merchant: t.merchant.clone(),
                status: DisputedTransactionStatus::Open,
                transaction_status: t.status,
                ..DisputedTransaction::default()
            })
            .collect(),
        audit_log: vec![DisputeAuditLog {
            timestamp: now,
            event_type: DisputeEventType::Create,
            agent_email: String::new(),
            create_dispute: Some(CreateDisputeEvent::default()),
            ..DisputeAuditLog::default()
        }],
    };
    let hook = state.on_filed.clone();
    let inserted = state.with_db(|db| {
        db.insert_dispute(
            &member.owner(),
            idempotency_key.as_deref(),
            now,
            &mut summary,
            &req.questionnaire_answers,
            |tx, dispute| match &hook {
                Some(hook) => hook.filed(
                    tx,
                    &crate::Filed {
                        dispute,
                        request: &req,
                        member: &member,
                        received_ms: now,
                    },
                ),
                None => Ok(()),
            },
        )
    });
    if let Err(e) = inserted {
        // The same retry may have reached another instance on the same database at the same
        // moment: the unique idempotency index let one insert through; answer with it.
        if let Some(key) = &idempotency_key
            && let Some(existing) =
                state.with_db(|db| db.dispute_by_idempotency_key(&member.id, key))?
        {
            return Ok(Json(DisputeResponse { dispute: existing }));
        }
        return Err(e);
    }
    tracing::info!(short_id = %summary.short_id, "dispute created");
    Ok(Json(DisputeResponse { dispute: summary }))
}

fn validate_create(req: &CreateDisputeRequest, member: &Member) -> Result<(), AppError> {
    if req.org_uuid.trim().is_empty() {
        return Err(AppError::invalid("orgUuid is required"));
    }
    if req.org_uuid != member.org_id {
        return Err(AppError::PermissionDenied(
            "orgUuid is not the signed-in member's organisation",
        ));
    }
    if !req.reason.is_fileable() {
        return Err(AppError::invalid(
            "reason is missing or is not a reason that can be filed (deprecated parents and \
             unknown values are refused)",
        ));
    }
    if req.transaction_details.is_empty() {
        return Err(AppError::invalid(
            "transactionDetails must list at least one transaction",
        ));
    }
    if req.transaction_details.len() > MAX_TRANSACTIONS {
        return Err(AppError::invalid(format!(
            "transactionDetails may list at most {MAX_TRANSACTIONS} transactions"
        )));
    }
    for (i, t) in req.transaction_details.iter().enumerate() {
        if t.uuid.trim().is_empty() {
            return Err(AppError::invalid(format!(
                "transactionDetails[{i}].uuid is required"
            )));
        }
        if req.transaction_details[..i]
            .iter()
            .any(|o| o.uuid == t.uuid)
        {
            return Err(AppError::invalid(format!(
                "transactionDetails[{i}] repeats an earlier transaction"
            )));
        }
        check_amount(&t.amount, &format!("transactionDetails[{i}].amount"))?;
    }
    if !req.customer.uuid.is_empty() && req.customer.uuid != member.id {
        return Err(AppError::PermissionDenied(
            "customer.uuid is not the signed-in member",
        ));
    }
    if req.questionnaire_answers.len() > MAX_ANSWERS {
        return Err(AppError::invalid(format!(
            "questionnaireAnswers may hold at most {MAX_ANSWERS} answers"
        )));
    }
    for (i, a) in req.questionnaire_answers.iter().enumerate() {
        if a.question_id.trim().is_empty() {
            return Err(AppError::invalid(format!(
                "questionnaireAnswers[{i}].questionId is required"
            )));
        }
        if a.answer.chars().count() > MAX_ANSWER_CHARS
            || a.question.chars().count() > MAX_ANSWER_CHARS
        {
            return Err(AppError::invalid(format!(
                "questionnaireAnswers[{i}] is longer than {MAX_ANSWER_CHARS} characters"
            )));
        }
    }
    Ok(())
}

fn check_amount(a: &Amount, field: &str) -> Result<(), AppError> {
    if i32::try_from(a.amount_in_cents).is_err() {
        return Err(AppError::invalid(format!(
            "{field}.amountInCents is out of int32 range"
        )));
    }
    let currency_ok = a.currency.is_empty()
        || (a.currency.len() == 3 && a.currency.bytes().all(|b| b.is_ascii_uppercase()));
    if !currency_ok {
        return Err(AppError::invalid(format!(
            "{field}.currency must be an ISO 4217 code such as USD"
        )));
    }
    Ok(())
}

/// Query of `GET /v1/disputes`, in either spelling.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ListQuery {
    size: Option<i64>,
    page: Option<i64>,
    #[serde(alias = "customer_uuid")]
    customer_uuid: Option<String>,
    #[serde(alias = "short_id")]
    short_id: Option<String>,
}

/// `GET /v1/disputes`.
pub async fn disputes_list(
    State(state): State<AppState>,
    member: Member,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<ListDisputesResponse>, AppError> {
    let size = q.size.unwrap_or(20);
    let page = q.page.unwrap_or(1);
    if !(1..=MAX_PAGE_SIZE).contains(&size) {
        return Err(AppError::invalid(format!(
            "size must be from 1 to {MAX_PAGE_SIZE}"
        )));
    }
    if !(1..=1_000_000).contains(&page) {
        return Err(AppError::invalid("page must be 1 or more"));
    }
    // Another member's id filters down to nothing: it is never an error that confirms it.
    let foreign = q
        .customer_uuid
        .as_deref()
        .is_some_and(|c| !c.is_empty() && c != member.id);
    let short_id = q
        .short_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let result = if foreign {
        crate::db::Page {
            items: Vec::new(),
            total: 0,
        }
    } else {
        state.with_db(|db| db.list_disputes(&member.owner(), short_id, size, (page - 1) * size))?
    };
    Ok(Json(ListDisputesResponse {
        total_in_page: result.items.len() as i64,
        total_pages: (result.total + size - 1) / size,
        total_items: result.total,
        current_page: page,
        items: result.items,
    }))
}

/// `GET /v1/dispute/status/{uuid}`.
pub async fn disputes_status(
    State(state): State<AppState>,
    member: Member,
    Path(uuid): Path<String>,
) -> Result<Json<DisputeResponse>, AppError> {
    Ok(Json(DisputeResponse {
        dispute: owned_dispute(&state, &member, &uuid)?,
    }))
}

/// `POST /v1/disputes/{uuid}/files`: a file as base64 JSON, checked by its bytes.
pub async fn files_upload(
    State(state): State<AppState>,
    member: Member,
    Path(uuid): Path<String>,
    ApiJson(req): ApiJson<UploadFileRequest>,
) -> Result<Json<serde_json::Value>, AppError> {
    let summary = owned_dispute(&state, &member, &uuid)?;
    if summary.status == DisputeStatus::Closed {
        return Err(AppError::FailedPrecondition(
            "the dispute is closed: reopen it before adding files".into(),
        ));
    }
    if req.file_content.is_empty() {
        return Err(AppError::invalid("fileContent is required"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(req.file_content.as_bytes())
        .map_err(|_| AppError::invalid("fileContent is not valid base64"))?;
    drop(req.file_content);
    let name = req.filename.trim();
    if name.chars().count() > 255 || name.contains(['/', '\\', '\0']) {
        return Err(AppError::invalid(
            "filename must be a plain file name of at most 255 characters",
        ));
    }
    let max = state.config.max_file_bytes;
    let kind = check_file(name, bytes.len() as u64, &bytes[..bytes.len().min(16)], max).map_err(
        |problem| match problem {
            FileProblem::TooLarge { .. } => {
                AppError::PayloadTooLarge(format!("file refused: {problem}"))
            }
            other => AppError::invalid(format!("file refused: {other}")),
        },
    )?;
    let file = StoredFile {
        filename: name.to_owned(),
        declared_type: req.content_type.trim().chars().take(100).collect(),
        content_type: kind.mime().to_owned(),
        size: bytes.len() as i64,
        sha256: hex(&Sha256::digest(&bytes)),
    };
    let now = now_ms();
    state.with_db(|db| {
        db.insert_file(&summary.uuid, &file, &bytes, now)?;
        db.update_dispute(&summary.uuid, |d| {
            d.audit_log.push(DisputeAuditLog {
                timestamp: now,
                event_type: DisputeEventType::UploadFile,
                ..DisputeAuditLog::default()
            });
            Ok(())
        })
    })?;
    tracing::info!(size = file.size, content_type = %file.content_type, "file stored");
    Ok(Json(serde_json::json!({})))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `POST /v1/disputes/{uuid}/reopen`: only closed transactions of the member's own dispute.
pub async fn disputes_reopen(
    State(state): State<AppState>,
    member: Member,
    Path(uuid): Path<String>,
    ApiJson(req): ApiJson<ReopenRequest>,
) -> Result<Json<DisputeResponse>, AppError> {
    let summary = owned_dispute(&state, &member, &uuid)?;
    if req.transaction_uuids.is_empty() {
        return Err(AppError::invalid(
            "transactionUuids must name at least one transaction",
        ));
    }
    for (i, t) in req.transaction_uuids.iter().enumerate() {
        let Some(found) = summary.transactions.iter().find(|d| &d.uuid == t) else {
            return Err(AppError::invalid(format!(
                "transactionUuids[{i}] is not a transaction of this dispute"
            )));
        };
        if found.status != DisputedTransactionStatus::Closed {
            return Err(AppError::FailedPrecondition(format!(
                "transactionUuids[{i}] is not closed; only closed transactions can be reopened"
            )));
        }
    }
    let uuids: Vec<&str> = req.transaction_uuids.iter().map(String::as_str).collect();
    state.with_db(|db| {
        if let Some(t) = db.openly_disputed(&member.id, &uuids)?.first() {
            let i = uuids.iter().position(|u| u == t).unwrap_or(0);
            return Err(AppError::AlreadyExists(format!(
                "transactionUuids[{i}] is in another open dispute"
            )));
        }
        Ok(())
    })?;
    let reopen = |d: &mut DisputeSummary| {
        for t in &mut d.transactions {
            if req.transaction_uuids.contains(&t.uuid) {
                t.status = DisputedTransactionStatus::Open;
            }
        }
        d.status = DisputeStatus::Open;
        d.audit_log.push(DisputeAuditLog {
            timestamp: now_ms(),
            event_type: DisputeEventType::Reopen,
            ..DisputeAuditLog::default()
        });
        Ok(())
    };
    let summary = state
        .with_db(|db| db.update_dispute(&summary.uuid, reopen))?
        .ok_or(AppError::NotFound("dispute not found"))?;
    Ok(Json(DisputeResponse { dispute: summary }))
}
