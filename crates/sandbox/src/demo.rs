//! Demo mode: seeded members of two credit unions and the `/sandbox/` helper routes that stand
//! in for the bank's identity provider and core system. Mounted only with `--demo`.
//!
//! - `GET /sandbox/members`: the demo members.
//! - `GET /sandbox/members/{id}/token`: a provider JWT for that member, valid one hour (HS256;
//!   `?alg=RS256` signs it with the demo RSA key instead, as a gateway expects).
//! - `GET /sandbox/idp/jwks.json`: the demo provider's public RSA key, kid [`DEMO_KID`].
//! - `GET /sandbox/members/{id}/transactions`: the member's transactions (TransactionDetail[]).
//! - `POST /sandbox/disputes/{uuid}/close`: the back office closes a dispute, with an optional
//!   `{ "decision": "RECORD_FINAL_DECISION_TYPE_DENIED" }` (accepted by default).
//! - `POST /sandbox/disputes/{uuid}/transactions/{txn}`: the back office moves one transaction,
//!   `{ "status": "DISPUTED_TRANSACTION_STATUS_INVESTIGATING", "provisionalCreditCents": 1299,
//!   "agent": { "name": "...", "email": "..." } }` (all optional but `status`).
//! - `GET /sandbox/disputes/{uuid}/files`: what was stored for a dispute's uploads.
//! - `GET /sandbox/disputes/{uuid}/files/{n}`: the bytes of its `n`-th upload (from 0), as
//!   stored, for tests to look at what arrived (a reduced photo, say).
//! - `GET /sandbox/disputes/{uuid}/answers`: the questionnaire answers it was filed with.
//! - `GET` / `PUT /sandbox/faults`: the fault injection in force (see `faults.rs`).

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use casap_api::{
    Agent, Amount, CardType, DisputeStatus, DisputeSummary, DisputedTransactionStatus,
    FinalDecisionType, ProvisionalCreditEvent, TransactionAuditLog, TransactionDetail,
    TransactionEventType, TransactionNetwork, TransactionStatus, TransactionType,
};
use serde::{Deserialize, Serialize};

use crate::faults::{self, Faults};
use dispute_server::{ApiJson, Db, DemoMember as Member, StoredFile};

use crate::{AppError, SandboxState};
use dispute_server::{ProviderClaims, now_ms};

/// Org of the first demo credit union.
pub const ORG_RIVERBEND: &str = "6f1c2d9e-8a41-4b7e-9c55-2e0d7f3a1b01";
/// Org of the second demo credit union.
pub const ORG_SUMMIT: &str = "0b7e4a52-3c19-4f8d-a6e2-91d5c8b7f402";

pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/sandbox/members", get(members_list))
        .route("/sandbox/members/{id}/token", get(members_token))
        .route("/sandbox/idp/jwks.json", get(jwks))
        .route(
            "/sandbox/members/{id}/transactions",
            get(members_transactions),
        )
        .route("/sandbox/disputes/{uuid}/close", post(disputes_close))
        .route(
            "/sandbox/disputes/{uuid}/transactions/{txn}",
            post(transactions_move),
        )
        .route("/sandbox/disputes/{uuid}/files", get(disputes_files))
        .route(
            "/sandbox/disputes/{uuid}/files/{n}",
            get(disputes_file_bytes),
        )
        .route("/sandbox/disputes/{uuid}/answers", get(disputes_answers))
        .route("/sandbox/faults", get(faults_get).put(faults_put))
        .route("/sandbox/faults/injected", get(faults_injected))
        .route(
            "/sandbox/{*rest}",
            axum::routing::any(dispute_server::not_found),
        )
}

fn member(id: &str, org: &str, number: i64, name: &str, email: &str, phone: &str) -> Member {
    Member {
        id: id.to_owned(),
        org_id: org.to_owned(),
        member_number: number,
        name: name.to_owned(),
        email: email.to_owned(),
        phone: phone.to_owned(),
        account_uuid: format!("acct-{id}"),
    }
}

/// The demo members: two at Riverbend, one at Summit (another org).
pub fn demo_members() -> Vec<Member> {
    vec![
        member(
            "mbr-ana",
            ORG_RIVERBEND,
            100_231,
            "Ana Reyes",
            "ana@example.com",
            "+1 555 0100",
        ),
        member(
            "mbr-ben",
            ORG_RIVERBEND,
            100_587,
            "Ben Okafor",
            "ben@example.com",
            "+1 555 0101",
        ),
        member(
            "mbr-chloe",
            ORG_SUMMIT,
            7_004_112,
            "Chloé Martin",
            "chloe@example.com",
            "+1 555 0102",
        ),
    ]
}

/// (merchant, cents, type, pending, days ago, location)
type Row = (&'static str, i64, TransactionType, bool, i64, &'static str);

const ANA: &[Row] = &[
    (
        "Corner Café",
        845,
        TransactionType::DebitCard,
        true,
        0,
        "Portland, OR",
    ),
    (
        "StreamFlix Subscription",
        1599,
        TransactionType::DebitCard,
        false,
        2,
        "Online",
    ),
    (
        "StreamFlix Subscription",
        1599,
        TransactionType::DebitCard,
        false,
        3,
        "Online",
    ),
    (
        "Gadget Galaxy",
        24_999,
        TransactionType::CreditCard,
        false,
        5,
        "Online",
    ),
    (
        "ATM Main St",
        20_000,
        TransactionType::Atm,
        false,
        8,
        "Portland, OR",
    ),
    (
        "ATM Deposit Branch 4",
        35_000,
        TransactionType::CreditAtm,
        false,
        9,
        "Portland, OR",
    ),
    (
        "Northwind Utilities",
        11_250,
        TransactionType::Ach,
        false,
        12,
        "",
    ),
    (
        "Transfer to J. Smith",
        50_000,
        TransactionType::Transfer,
        false,
        15,
        "",
    ),
    (
        "Payroll ACME Corp",
        182_000,
        TransactionType::CreditAch,
        false,
        16,
        "",
    ),
    (
        "FreshMart Groceries",
        6_723,
        TransactionType::DebitCard,
        false,
        21,
        "Portland, OR",
    ),
    (
        "SkyHigh Airlines",
        41_880,
        TransactionType::CreditCard,
        false,
        34,
        "Online",
    ),
    (
        "Bella's Bistro <b>&amp;</b> Bar",
        5_410,
        TransactionType::DebitCard,
        false,
        47,
        "Portland, OR",
    ),
    ("QuickFit Gym", 3_999, TransactionType::Ach, false, 75, ""),
    (
        "Hotel Lumière",
        32_150,
        TransactionType::CreditCard,
        false,
        95,
        "Montréal, QC",
    ),
];

const BEN: &[Row] = &[
    (
        "Book Nook",
        2_399,
        TransactionType::DebitCard,
        false,
        4,
        "Salem, OR",
    ),
    (
        "ATM Airport T2",
        10_000,
        TransactionType::Atm,
        false,
        10,
        "Portland, OR",
    ),
];

const CHLOE: &[Row] = &[
    (
        "Summit Outfitters",
        18_900,
        TransactionType::DebitCard,
        false,
        6,
        "Denver, CO",
    ),
    (
        "Transfer to savings",
        25_000,
        TransactionType::Transfer,
        false,
        30,
        "",
    ),
];

fn transactions_for(member_id: &str, rows: &[Row], now_ms: i64) -> Vec<TransactionDetail> {
    const DAY_MS: i64 = 86_400_000;
    rows.iter()
        .enumerate()
        .map(
            |(i, &(merchant, cents, kind, pending, days_ago, location))| {
                let authorized = now_ms - days_ago * DAY_MS - (i as i64 + 1) * 3_600_000;
                let card = matches!(
                    kind,
                    TransactionType::DebitCard | TransactionType::CreditCard
                );
                let amount = Amount {
                    amount_in_cents: cents,
                    currency: "USD".to_owned(),
                };
                TransactionDetail {
                    uuid: format!("txn-{member_id}-{i:02}"),
                    settled_timestamp: if pending { 0 } else { authorized + DAY_MS },
                    authorized_timestamp: authorized,
                    transaction_settled_amount: (!pending).then(|| amount.clone()),
                    amount,
                    merchant: merchant.to_owned(),
                    status: if pending {
                        TransactionStatus::Pending
                    } else {
                        TransactionStatus::Settled
                    },
                    kind,
                    network: if card {
                        TransactionNetwork::Visa
                    } else {
                        TransactionNetwork::Unknown
                    },
                    location: location.to_owned(),
                    card_type: if card {
                        CardType::Physical
                    } else {
                        CardType::Unknown
                    },
                    ..TransactionDetail::default()
                }
            },
        )
        .collect()
}

/// Seeds (or refreshes) the demo members and their transactions, dated relative to now.
pub fn seed(db: &mut Db) -> Result<(), AppError> {
    let now = now_ms();
    for (m, rows) in demo_members().iter().zip([ANA, BEN, CHLOE]) {
        db.upsert_member(m)?;
        db.replace_transactions(&m.id, &transactions_for(&m.id, rows, now))?;
    }
    Ok(())
}

async fn members_list(State(state): State<SandboxState>) -> Result<Json<Vec<Member>>, AppError> {
    state.with_db(|db| db.members()).map(Json)
}

#[derive(Serialize)]
struct TokenResponse {
    token: String,
}

/// The kid of the demo provider's RSA key.
pub const DEMO_KID: &str = "sandbox-demo-rs256";

/// The demo provider's RSA key (public on purpose: `demo-idp/README.md`).
fn demo_rsa_key() -> Result<jsonwebtoken::EncodingKey, AppError> {
    jsonwebtoken::EncodingKey::from_rsa_pem(include_bytes!("../demo-idp/rs256.pem"))
        .map_err(|e| AppError::internal(format!("demo RSA key: {e}")))
}

async fn jwks() -> Result<Json<jsonwebtoken::jwk::JwkSet>, AppError> {
    let mut jwk =
        jsonwebtoken::jwk::Jwk::from_encoding_key(&demo_rsa_key()?, jsonwebtoken::Algorithm::RS256)
            .map_err(|e| AppError::internal(format!("demo JWK: {e}")))?;
    jwk.common.key_id = Some(DEMO_KID.to_owned());
    Ok(Json(jsonwebtoken::jwk::JwkSet { keys: vec![jwk] }))
}

#[derive(Deserialize)]
struct TokenQuery {
    alg: Option<String>,
}

async fn members_token(
    State(state): State<SandboxState>,
    Path(id): Path<String>,
    Query(q): Query<TokenQuery>,
) -> Result<Json<TokenResponse>, AppError> {
    let m = state
        .with_db(|db| db.member(&id))?
        .ok_or(AppError::NotFound("no such demo member"))?;
    let now = now_ms() / 1000;
    let idp = &state.config.idp;
    let claims = ProviderClaims {
        iss: idp.issuer.clone(),
        sub: m.id.clone(),
        aud: idp.audience.clone(),
        exp: now + 3600,
        nbf: Some(now - 1),
        iat: Some(now),
        member_id: m.member_number,
        accounts_id: vec![m.account_uuid.clone()],
        org_id: m.org_id.clone(),
        name: Some(m.name.clone()),
        locale: None,
    };
    let token = match q.alg.as_deref() {
        None | Some("HS256") => idp.mint(&claims)?,
        Some("RS256") => {
            let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
            header.kid = Some(DEMO_KID.to_owned());
            jsonwebtoken::encode(&header, &claims, &demo_rsa_key()?)
                .map_err(|e| AppError::internal(format!("signing: {e}")))?
        }
        Some(_) => return Err(AppError::invalid("alg must be HS256 or RS256")),
    };
    Ok(Json(TokenResponse { token }))
}

async fn members_transactions(
    State(state): State<SandboxState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<TransactionDetail>>, AppError> {
    state
        .with_db(|db| {
            db.member(&id)?
                .ok_or(AppError::NotFound("no such demo member"))?;
            db.transactions(&id)
        })
        .map(Json)
}

fn stored_dispute(state: &SandboxState, uuid: &str) -> Result<DisputeSummary, AppError> {
    state
        .with_db(|db| db.dispute(uuid))?
        .map(|(_, d)| d)
        .ok_or(AppError::NotFound("dispute not found"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct CloseRequest {
    decision: FinalDecisionType,
}

/// Back office: every transaction gets a final decision and the dispute closes.
async fn disputes_close(
    State(state): State<SandboxState>,
    Path(uuid): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<DisputeSummary>, AppError> {
    let req: CloseRequest = if body.is_empty() {
        CloseRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| AppError::invalid(format!("invalid body: {e}")))?
    };
    let decision = match req.decision {
        FinalDecisionType::Unknown => FinalDecisionType::Accepted,
        d => d,
    };
    let mut d = stored_dispute(&state, &uuid)?;
    dispute_server::close(&mut d, decision, now_ms());
    state.with_db(|db| db.save_dispute(&d))?;
    Ok(Json(d))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct MoveRequest {
    status: DisputedTransactionStatus,
    provisional_credit_cents: Option<i64>,
    agent: Option<Agent>,
}

/// Back office: one transaction changes status (and may get a provisional credit).
async fn transactions_move(
    State(state): State<SandboxState>,
    Path((uuid, txn)): Path<(String, String)>,
    ApiJson(req): ApiJson<MoveRequest>,
) -> Result<Json<DisputeSummary>, AppError> {
    if req.status == DisputedTransactionStatus::Unknown {
        return Err(AppError::invalid(
            "status must be a DISPUTED_TRANSACTION_STATUS_* value",
        ));
    }
    let mut d = stored_dispute(&state, &uuid)?;
    let now = now_ms();
    let t = d
        .transactions
        .iter_mut()
        .find(|t| t.uuid == txn)
        .ok_or(AppError::NotFound("transaction not found in this dispute"))?;
    t.status = req.status;
    if let Some(cents) = req.provisional_credit_cents {
        let amount = Amount {
            amount_in_cents: cents,
            currency: t.amount.currency.clone(),
        };
        t.provisional_credit_amount = Some(amount.clone());
        t.audit_log.push(TransactionAuditLog {
            timestamp: now,
            event_type: TransactionEventType::IssueProvisionalCredit,
            issue_provisional_credit: Some(ProvisionalCreditEvent {
                amount: Some(amount),
                actions: vec![casap_api::Action::IssueProvisionalCredit],
            }),
            ..TransactionAuditLog::default()
        });
    }
    if req.agent.is_some() {
        d.agent = req.agent;
    }
    let all_closed = d
        .transactions
        .iter()
        .all(|t| t.status == DisputedTransactionStatus::Closed);
    d.status = if all_closed {
        DisputeStatus::Closed
    } else {
        DisputeStatus::Open
    };
    state.with_db(|db| db.save_dispute(&d))?;
    Ok(Json(d))
}

async fn disputes_files(
    State(state): State<SandboxState>,
    Path(uuid): Path<String>,
) -> Result<Json<Vec<StoredFile>>, AppError> {
    stored_dispute(&state, &uuid)?;
    state.with_db(|db| db.files(&uuid)).map(Json)
}

async fn disputes_file_bytes(
    State(state): State<SandboxState>,
    Path((uuid, n)): Path<(String, usize)>,
) -> Result<impl axum::response::IntoResponse, AppError> {
    stored_dispute(&state, &uuid)?;
    let found = state.with_db(|db| {
        let Some((id, _)) = db.file_list(&uuid)?.into_iter().nth(n) else {
            return Ok(None);
        };
        db.file_content(&uuid, id)
    })?;
    let (file, bytes) = found.ok_or(AppError::NotFound("no such upload"))?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, file.content_type)],
        bytes,
    ))
}

async fn disputes_answers(
    State(state): State<SandboxState>,
    Path(uuid): Path<String>,
) -> Result<Json<Vec<casap_api::QuestionnaireAnswer>>, AppError> {
    state
        .with_db(|db| db.answers(&uuid))?
        .map(Json)
        .ok_or(AppError::NotFound("dispute not found"))
}

async fn faults_get(State(state): State<SandboxState>) -> Result<Json<Faults>, AppError> {
    let faults = state
        .faults
        .read()
        .map_err(|_| AppError::internal("faults lock poisoned"))?;
    Ok(Json(faults.clone()))
}

/// How many faults were injected so far, by route and kind.
async fn faults_injected(
    State(state): State<SandboxState>,
) -> Result<Json<crate::faults::Injected>, AppError> {
    let injected = state
        .injected
        .lock()
        .map_err(|_| AppError::internal("injected lock poisoned"))?;
    Ok(Json(injected.clone()))
}

/// Replaces the faults in force; `{}` clears them.
async fn faults_put(
    State(state): State<SandboxState>,
    ApiJson(new): ApiJson<Faults>,
) -> Result<Json<Faults>, AppError> {
    faults::validate(&new).map_err(AppError::InvalidArgument)?;
    *state
        .faults
        .write()
        .map_err(|_| AppError::internal("faults lock poisoned"))? = new.clone();
    tracing::info!(?new, "faults set");
    Ok(Json(new))
}
