//! The durable outbox: one entry per filed dispute, written in the transaction that stores the
//! dispute ([`OutboxHook`]), so a dispute acknowledged to a member is always forwarded or held
//! for staff, never lost.
//!
//! States: `pending` (to send, in order of filing), `sent` (with the back end's uuid when it
//! gave one), `held` (cannot be said in the back end's terms: the reason is kept; staff act),
//! `dead` (the back end refused it with 400/401: the error is kept; `requeue-dead` after the
//! configuration is fixed). The table lives in the member surface's SQLite file, with its own
//! schema version.

use casap_api::server::ServerDisputeRequest;
use dispute_server::{AppError, Filed, OnFiled};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::mapping::{self, Source, Target};

const MIGRATIONS: &[&str] = &[
    // 1: the outbox.
    "CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        dispute_uuid TEXT NOT NULL UNIQUE,
        short_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'held', 'dead')),
        payload TEXT,                 -- the /api/dispute body; NULL when held
        problem TEXT,                 -- why held or dead; the last error of a pending entry
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at_ms INTEGER NOT NULL,  -- not before (backoff)
        created_ms INTEGER NOT NULL,
        sent_ms INTEGER,
        backend_uuid TEXT
    );
    CREATE INDEX outbox_state ON outbox(state, id);",
    // 2: Decisionly cases sent, and their last known status (read back by the poller).
    "CREATE TABLE decisionly_cases (
        case_id TEXT PRIMARY KEY,
        dispute_uuid TEXT NOT NULL,
        transaction_uuid TEXT NOT NULL,
        status TEXT NOT NULL,
        closed_reason TEXT,
        checked_ms INTEGER NOT NULL,
        documents_listed INTEGER NOT NULL DEFAULT 0  -- how many of the dispute's sent files it lists
    );",
    // 3: documents sent to Decisionly, by the gateway's file id.
    "CREATE TABLE decisionly_files (
        dispute_uuid TEXT NOT NULL,
        file_id INTEGER NOT NULL,
        decisionly_id TEXT NOT NULL,
        PRIMARY KEY (dispute_uuid, file_id)
    );",
];

/// Brings the outbox's tables up to date (its version in `gateway_schema`).
pub fn migrate(conn: &mut Connection) -> Result<(), AppError> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS gateway_schema (version INTEGER NOT NULL)")?;
    let applied: Option<usize> = conn
        .query_row("SELECT version FROM gateway_schema", [], |r| r.get(0))
        .optional()?;
    let applied = applied.unwrap_or(0);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute("DELETE FROM gateway_schema", [])?;
        tx.execute("INSERT INTO gateway_schema (version) VALUES (?1)", [i + 1])?;
        tx.commit()?;
    }
    Ok(())
}

/// One entry as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub id: i64,
    pub dispute_uuid: String,
    pub short_id: String,
    pub state: String,
    pub problem: Option<String>,
    pub attempts: i64,
    pub next_at_ms: i64,
    pub created_ms: i64,
    pub sent_ms: Option<i64>,
    pub backend_uuid: Option<String>,
}

/// An entry due to be sent.
#[derive(Debug, Clone)]
pub struct Due {
    pub id: i64,
    pub dispute_uuid: String,
    pub short_id: String,
    pub payload: String,
    pub attempts: i64,
    pub next_at_ms: i64,
}

/// Counts by state, and the age of the oldest pending entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub pending: i64,
    pub sent: i64,
    pub held: i64,
    pub dead: i64,
    pub oldest_pending_ms: Option<i64>,
}

const COLUMNS: &str = "id, dispute_uuid, short_id, state, problem, attempts, next_at_ms, \
                       created_ms, sent_ms, backend_uuid";

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: r.get(0)?,
        dispute_uuid: r.get(1)?,
        short_id: r.get(2)?,
        state: r.get(3)?,
        problem: r.get(4)?,
        attempts: r.get(5)?,
        next_at_ms: r.get(6)?,
        created_ms: r.get(7)?,
        sent_ms: r.get(8)?,
        backend_uuid: r.get(9)?,
    })
}

/// Entries, newest first, optionally of one state.
pub fn list(conn: &Connection, state: Option<&str>, limit: i64) -> Result<Vec<Entry>, AppError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE (?1 IS NULL OR state = ?1) ORDER BY id DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![state, limit], entry)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The entry of a case (by its uuid).
pub fn of_dispute(conn: &Connection, dispute_uuid: &str) -> Result<Option<Entry>, AppError> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM outbox WHERE dispute_uuid = ?1"),
            [dispute_uuid],
            entry,
        )
        .optional()?)
}

/// The stored payload of a case's entry.
pub fn payload_of(conn: &Connection, dispute_uuid: &str) -> Result<Option<String>, AppError> {
    Ok(conn
        .query_row(
            "SELECT payload FROM outbox WHERE dispute_uuid = ?1",
            [dispute_uuid],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// The first pending entry in filing order (sends keep that order: a failing entry is retried
/// before any later one goes).
pub fn next_pending(conn: &Connection) -> Result<Option<Due>, AppError> {
    Ok(conn
        .query_row(
            "SELECT id, dispute_uuid, short_id, payload, attempts, next_at_ms FROM outbox
             WHERE state = 'pending' ORDER BY id LIMIT 1",
            [],
            |r| {
                Ok(Due {
                    id: r.get(0)?,
                    dispute_uuid: r.get(1)?,
                    short_id: r.get(2)?,
                    payload: r.get(3)?,
                    attempts: r.get(4)?,
                    next_at_ms: r.get(5)?,
                })
            },
        )
        .optional()?)
}

pub fn mark_sent(
    conn: &Connection,
    id: i64,
    now_ms: i64,
    backend_uuid: Option<&str>,
) -> Result<(), AppError> {
    conn.execute(
        "UPDATE outbox SET state = 'sent', sent_ms = ?2, backend_uuid = ?3, problem = NULL,
            attempts = attempts + 1 WHERE id = ?1",
        params![id, now_ms, backend_uuid],
    )?;
    Ok(())
}

pub fn mark_retry(
    conn: &Connection,
    id: i64,
    next_at_ms: i64,
    problem: &str,
) -> Result<(), AppError> {
    conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, next_at_ms = ?2, problem = ?3 WHERE id = ?1",
        params![id, next_at_ms, problem],
    )?;
    Ok(())
}

/// Holds a pending entry for staff (found unmappable when it was about to be sent).
pub fn mark_held(conn: &Connection, id: i64, problem: &str) -> Result<(), AppError> {
    conn.execute(
        "UPDATE outbox SET state = 'held', problem = ?2 WHERE id = ?1",
        params![id, problem],
    )?;
    Ok(())
}

/// Replaces a pending entry's payload (its cases, once built).
pub fn set_payload(conn: &Connection, id: i64, payload: &str) -> Result<(), AppError> {
    conn.execute(
        "UPDATE outbox SET payload = ?2 WHERE id = ?1",
        params![id, payload],
    )?;
    Ok(())
}

pub fn mark_dead(conn: &Connection, id: i64, problem: &str) -> Result<(), AppError> {
    conn.execute(
        "UPDATE outbox SET state = 'dead', attempts = attempts + 1, problem = ?2 WHERE id = ?1",
        params![id, problem],
    )?;
    Ok(())
}

/// Sends a dead or pending entry again now; false when there is no such entry (or it was
/// sent or is held).
pub fn retry(conn: &Connection, id: i64, now_ms: i64) -> Result<bool, AppError> {
    let n = conn.execute(
        "UPDATE outbox SET state = 'pending', next_at_ms = ?2, attempts = 0
         WHERE id = ?1 AND state IN ('pending', 'dead')",
        params![id, now_ms],
    )?;
    Ok(n == 1)
}

/// Every dead entry back to pending, in their original order; how many.
pub fn requeue_dead(conn: &Connection, now_ms: i64) -> Result<usize, AppError> {
    Ok(conn.execute(
        "UPDATE outbox SET state = 'pending', next_at_ms = ?1, attempts = 0 WHERE state = 'dead'",
        [now_ms],
    )?)
}

pub fn stats(conn: &Connection, now_ms: i64) -> Result<Stats, AppError> {
    let mut s = Stats::default();
    let mut stmt = conn.prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (state, n) = row?;
        match state.as_str() {
            "pending" => s.pending = n,
            "sent" => s.sent = n,
            "held" => s.held = n,
            "dead" => s.dead = n,
            _ => {}
        }
    }
    s.oldest_pending_ms = conn
        .query_row(
            "SELECT MIN(created_ms) FROM outbox WHERE state = 'pending'",
            [],
            |r| r.get::<_, Option<i64>>(0),
        )?
        .map(|created| (now_ms - created).max(0));
    Ok(s)
}

/// Writes the outbox entry of each new dispute (mapped now: what is sent, and every resend, is
/// exactly what was decided when the member filed).
pub struct OutboxHook {
    pub public_url: String,
    pub link_key: crate::secret::Secret,
    pub link_ttl_ms: i64,
    pub target: HookTarget,
}

/// What the entry is mapped to.
pub enum HookTarget {
    /// Casap's server API: its org and the notes' author.
    CasapServer { org_uuid: String, author: String },
    /// Decisionly: the card facts the widget lacks; with a lookup of the credit union's core
    /// (`true`), the cases are built by the worker after asking it (`decisionly/deferred.rs`).
    Decisionly(crate::decisionly::enrichment::Table, bool),
}

impl OutboxHook {
    /// The staff page of a case.
    pub fn case_url(&self, short_id: &str) -> String {
        format!("{}/staff/cases/{short_id}", self.public_url)
    }

    /// The signed link to a case's documents, valid until `received_ms` + the links' life.
    pub fn evidence_url(&self, dispute_uuid: &str, received_ms: i64) -> String {
        let exp = (received_ms + self.link_ttl_ms).div_euclid(1000);
        format!(
            "{}/evidence/{dispute_uuid}?{}",
            self.public_url,
            crate::links::sign(self.link_key.expose().as_bytes(), dispute_uuid, exp)
        )
    }

    /// The payload to store, or why the dispute is held.
    fn payload(&self, filed: &Filed<'_>) -> Result<String, String> {
        let d = filed.dispute;
        let evidence_url = self.evidence_url(&d.uuid, filed.received_ms);
        let json = |v: Result<String, serde_json::Error>| v.map_err(|e| e.to_string());
        match &self.target {
            HookTarget::CasapServer { org_uuid, author } => {
                let body: ServerDisputeRequest = mapping::to_casap_server(
                    &Source {
                        short_id: &d.short_id,
                        request: filed.request,
                        received_ms: filed.received_ms,
                    },
                    &Target {
                        org_uuid,
                        author,
                        case_url: &self.case_url(&d.short_id),
                        evidence_url: &evidence_url,
                    },
                )
                .map_err(|mapping::Unmappable(why)| why)?;
                json(serde_json::to_string(&body))
            }
            HookTarget::Decisionly(_, true) => json(serde_json::to_string(
                &crate::decisionly::deferred::Deferred {
                    dispute_uuid: d.uuid.clone(),
                    short_id: d.short_id.clone(),
                    request: filed.request.clone(),
                    received_ms: filed.received_ms,
                    evidence_url,
                },
            )),
            HookTarget::Decisionly(table, false) => {
                let cases = crate::decisionly::case::cases(
                    &crate::decisionly::case::Filed {
                        dispute_uuid: &d.uuid,
                        short_id: &d.short_id,
                        request: filed.request,
                        received_ms: filed.received_ms,
                        evidence_url: &evidence_url,
                    },
                    table,
                )
                .map_err(|crate::decisionly::case::Held(why)| why)?;
                json(serde_json::to_string(&cases))
            }
        }
    }
}

impl OnFiled for OutboxHook {
    fn filed(&self, tx: &rusqlite::Transaction<'_>, filed: &Filed<'_>) -> Result<(), AppError> {
        let d = filed.dispute;
        let (state, payload, problem) = match self.payload(filed) {
            Ok(payload) => ("pending", Some(payload), None),
            Err(why) => {
                tracing::warn!(short_id = %d.short_id, reason = %why, "dispute held for staff");
                ("held", None, Some(why))
            }
        };
        tx.execute(
            "INSERT INTO outbox (dispute_uuid, short_id, state, payload, problem, next_at_ms,
                created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![
                d.uuid,
                d.short_id,
                state,
                payload,
                problem,
                filed.received_ms
            ],
        )?;
        Ok(())
    }
}
