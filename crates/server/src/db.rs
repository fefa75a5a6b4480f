//! SQLite storage: schema migrations, sessions, disputes, files, and the members and
//! transactions of the sandbox's demo core system.
//!
//! One connection behind a mutex is plenty for a development server; WAL mode and
//! `synchronous = FULL` make every acknowledged write survive a restart or a crash.

use std::path::Path;

use casap_api::{
    DisputeStatus, DisputeSummary, DisputedTransactionStatus, QuestionnaireAnswer,
    TransactionDetail,
};
use rusqlite::{Connection, OptionalExtension, params};

use crate::AppError;

/// Schema versions, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    // 1: identity, sessions and the demo core-banking data.
    "CREATE TABLE members (
        id TEXT PRIMARY KEY,          -- the provider JWT's `sub`
        org_id TEXT NOT NULL,
        member_number INTEGER NOT NULL,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        phone TEXT NOT NULL,
        account_uuid TEXT NOT NULL
    );
    CREATE TABLE sessions (
        token TEXT PRIMARY KEY,
        member_id TEXT NOT NULL,
        org_id TEXT NOT NULL,
        expires_at_ms INTEGER NOT NULL
    );
    CREATE TABLE transactions (
        uuid TEXT PRIMARY KEY,
        member_id TEXT NOT NULL REFERENCES members(id),
        seq INTEGER NOT NULL,
        detail TEXT NOT NULL          -- TransactionDetail as canonical JSON
    );
    CREATE INDEX transactions_member ON transactions(member_id, seq);",
    // 2: disputes (the summary as canonical JSON, with the columns queries need), which
    // transactions are in an open dispute, and uploaded files.
    "CREATE TABLE disputes (
        uuid TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        short_id TEXT NOT NULL UNIQUE,
        org_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        idempotency_key TEXT,
        summary TEXT NOT NULL
    );
    CREATE INDEX disputes_member ON disputes(org_id, member_id, created_ms);
    CREATE UNIQUE INDEX disputes_idempotency ON disputes(member_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    CREATE TABLE disputed_transactions (
        dispute_uuid TEXT NOT NULL REFERENCES disputes(uuid),
        transaction_uuid TEXT NOT NULL,
        member_id TEXT NOT NULL,
        open INTEGER NOT NULL,
        PRIMARY KEY (dispute_uuid, transaction_uuid)
    );
    CREATE INDEX disputed_transactions_open ON disputed_transactions(member_id, transaction_uuid)
        WHERE open = 1;
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        dispute_uuid TEXT NOT NULL REFERENCES disputes(uuid),
        filename TEXT NOT NULL,
        declared_type TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        content BLOB NOT NULL,
        created_ms INTEGER NOT NULL
    );
    CREATE INDEX files_dispute ON files(dispute_uuid, id);",
    // 3: the questionnaire answers as filed (the API does not return them; the back office
    // and the tests read them).
    "ALTER TABLE disputes ADD COLUMN answers TEXT NOT NULL DEFAULT '[]';",
];

/// Short ids count up from here: the first dispute is CSP-1001.
const FIRST_SHORT_ID: i64 = 1001;

/// A demo member as the `/sandbox/members` route lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub id: String,
    pub org_id: String,
    pub member_number: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub account_uuid: String,
}

/// A live session: whom a session token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub member_id: String,
    pub org_id: String,
    pub expires_at_ms: i64,
}

/// Who owns a stored dispute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub org_id: String,
    pub member_id: String,
}

/// An uploaded file as stored (content aside).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredFile {
    pub filename: String,
    pub declared_type: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
}

/// One page of a member's disputes, newest first.
pub struct Page {
    pub items: Vec<DisputeSummary>,
    pub total: i64,
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, AppError> {
    serde_json::to_string(v).map_err(|e| AppError::internal(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, AppError> {
    serde_json::from_str(s).map_err(|e| AppError::internal(e.to_string()))
}

/// Whether a disputed transaction still counts as disputed (blocks a new dispute of it).
fn is_open(d: &DisputeSummary, status: DisputedTransactionStatus) -> bool {
    d.status != DisputeStatus::Closed && status != DisputedTransactionStatus::Closed
}

/// The member surface's database.
pub struct Db {
    conn: Connection,
}

impl Db {
    /// Opens (creating if needed) the database at `path`, or an in-memory one for `:memory:`,
    /// and brings its schema up to date.
    pub fn open(path: &str) -> Result<Self, AppError> {
        let conn = if path == ":memory:" {
            Connection::open_in_memory()?
        } else {
            Connection::open(Path::new(path))?
        };
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )?;
        let mut db = Self { conn };
        db.migrate()?;
        Ok(db)
    }

    fn migrate(&mut self) -> Result<(), AppError> {
        let applied: usize = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn upsert_member(&mut self, m: &Member) -> Result<(), AppError> {
        self.conn.execute(
            "INSERT INTO members (id, org_id, member_number, name, email, phone, account_uuid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(id) DO UPDATE SET org_id = ?2, member_number = ?3, name = ?4,
               email = ?5, phone = ?6, account_uuid = ?7",
            params![
                m.id,
                m.org_id,
                m.member_number,
                m.name,
                m.email,
                m.phone,
                m.account_uuid
            ],
        )?;
        Ok(())
    }

    pub fn members(&self) -> Result<Vec<Member>, AppError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, org_id, member_number, name, email, phone, account_uuid
             FROM members ORDER BY org_id, name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Member {
                id: r.get(0)?,
                org_id: r.get(1)?,
                member_number: r.get(2)?,
                name: r.get(3)?,
                email: r.get(4)?,
                phone: r.get(5)?,
                account_uuid: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn member(&self, id: &str) -> Result<Option<Member>, AppError> {
        Ok(self.members()?.into_iter().find(|m| m.id == id))
    }

    /// Replaces a member's transactions with `list`, in that order.
    pub fn replace_transactions(
        &mut self,
        member_id: &str,
        list: &[TransactionDetail],
    ) -> Result<(), AppError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM transactions WHERE member_id = ?1", [member_id])?;
        for (seq, t) in list.iter().enumerate() {
            let json = serde_json::to_string(t).map_err(|e| AppError::internal(e.to_string()))?;
            tx.execute(
                "INSERT INTO transactions (uuid, member_id, seq, detail) VALUES (?1, ?2, ?3, ?4)",
                params![t.uuid, member_id, seq as i64, json],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn transactions(&self, member_id: &str) -> Result<Vec<TransactionDetail>, AppError> {
        let mut stmt = self
            .conn
            .prepare("SELECT detail FROM transactions WHERE member_id = ?1 ORDER BY seq")?;
        let rows = stmt.query_map([member_id], |r| r.get::<_, String>(0))?;
        rows.map(|json| serde_json::from_str(&json?).map_err(|e| AppError::internal(e.to_string())))
            .collect()
    }

    /// Stores a new dispute, assigning its short id (`CSP-1001`, `CSP-1002`, ...).
    pub fn insert_dispute(
        &mut self,
        owner: &Owner,
        idempotency_key: Option<&str>,
        created_ms: i64,
        summary: &mut DisputeSummary,
        answers: &[QuestionnaireAnswer],
        also: impl FnOnce(&rusqlite::Transaction<'_>, &DisputeSummary) -> Result<(), AppError>,
    ) -> Result<(), AppError> {
        let tx = self.conn.transaction()?;
        let seq: i64 = tx.query_row(
            "SELECT COALESCE(MAX(seq) + 1, ?1) FROM disputes",
            [FIRST_SHORT_ID],
            |r| r.get(0),
        )?;
        summary.short_id = format!("CSP-{seq}");
        tx.execute(
            "INSERT INTO disputes (uuid, seq, short_id, org_id, member_id, created_ms,
                idempotency_key, summary, answers) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                summary.uuid,
                seq,
                summary.short_id,
                owner.org_id,
                owner.member_id,
                created_ms,
                idempotency_key,
                to_json(summary)?,
                to_json(&answers)?
            ],
        )?;
        for t in &summary.transactions {
            tx.execute(
                "INSERT INTO disputed_transactions (dispute_uuid, transaction_uuid, member_id, open)
                 VALUES (?1, ?2, ?3, ?4)",
                params![summary.uuid, t.uuid, owner.member_id, is_open(summary, t.status)],
            )?;
        }
        also(&tx, summary)?;
        tx.commit()?;
        Ok(())
    }

    /// Rewrites a stored dispute (status changes, reopen, new audit events).
    pub fn save_dispute(&mut self, summary: &DisputeSummary) -> Result<(), AppError> {
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "UPDATE disputes SET summary = ?2 WHERE uuid = ?1",
            params![summary.uuid, to_json(summary)?],
        )?;
        if n != 1 {
            return Err(AppError::internal("saving a dispute that does not exist"));
        }
        for t in &summary.transactions {
            tx.execute(
                "UPDATE disputed_transactions SET open = ?3
                 WHERE dispute_uuid = ?1 AND transaction_uuid = ?2",
                params![summary.uuid, t.uuid, is_open(summary, t.status)],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// A dispute and its owner.
    pub fn dispute(&self, uuid: &str) -> Result<Option<(Owner, DisputeSummary)>, AppError> {
        let row = self
            .conn
            .query_row(
                "SELECT org_id, member_id, summary FROM disputes WHERE uuid = ?1",
                [uuid],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(org_id, member_id, json)| Ok((Owner { org_id, member_id }, from_json(&json)?)))
            .transpose()
    }

    /// A dispute (and its owner) by its case number, as typed (any case).
    pub fn dispute_by_short_id(
        &self,
        short_id: &str,
    ) -> Result<Option<(Owner, DisputeSummary)>, AppError> {
        let uuid: Option<String> = self
            .conn
            .query_row(
                "SELECT uuid FROM disputes WHERE short_id = ?1 COLLATE NOCASE",
                [short_id.trim()],
                |r| r.get(0),
            )
            .optional()?;
        match uuid {
            Some(u) => self.dispute(&u),
            None => Ok(None),
        }
    }

    /// The questionnaire answers a dispute was filed with.
    pub fn answers(&self, uuid: &str) -> Result<Option<Vec<QuestionnaireAnswer>>, AppError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT answers FROM disputes WHERE uuid = ?1",
                [uuid],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| from_json(&j)).transpose()
    }

    /// The dispute a member already created with this idempotency key.
    pub fn dispute_by_idempotency_key(
        &self,
        member_id: &str,
        key: &str,
    ) -> Result<Option<DisputeSummary>, AppError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT summary FROM disputes WHERE member_id = ?1 AND idempotency_key = ?2",
                [member_id, key],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| from_json(&j)).transpose()
    }

    /// Which of `uuids` are in an open dispute of the member.
    pub fn openly_disputed(
        &self,
        member_id: &str,
        uuids: &[&str],
    ) -> Result<Vec<String>, AppError> {
        let mut stmt = self.conn.prepare(
            "SELECT 1 FROM disputed_transactions
             WHERE member_id = ?1 AND transaction_uuid = ?2 AND open = 1 LIMIT 1",
        )?;
        let mut out = Vec::new();
        for uuid in uuids {
            if stmt.exists(params![member_id, uuid])? {
                out.push((*uuid).to_owned());
            }
        }
        Ok(out)
    }

    /// A page of the owner's disputes, newest first, optionally only the one with `short_id`.
    pub fn list_disputes(
        &self,
        owner: &Owner,
        short_id: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Page, AppError> {
        let filter =
            "org_id = ?1 AND member_id = ?2 AND (?3 IS NULL OR short_id = ?3 COLLATE NOCASE)";
        let total: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM disputes WHERE {filter}"),
            params![owner.org_id, owner.member_id, short_id],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT summary FROM disputes WHERE {filter}
             ORDER BY created_ms DESC, seq DESC LIMIT ?4 OFFSET ?5"
        ))?;
        let rows = stmt.query_map(
            params![owner.org_id, owner.member_id, short_id, limit, offset],
            |r| r.get::<_, String>(0),
        )?;
        let items = rows
            .map(|json| from_json(&json?))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page { items, total })
    }

    pub fn insert_file(
        &mut self,
        dispute_uuid: &str,
        file: &StoredFile,
        content: &[u8],
        created_ms: i64,
    ) -> Result<(), AppError> {
        self.conn.execute(
            "INSERT INTO files (dispute_uuid, filename, declared_type, content_type, size, sha256,
                content, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                dispute_uuid,
                file.filename,
                file.declared_type,
                file.content_type,
                file.size,
                file.sha256,
                content,
                created_ms
            ],
        )?;
        Ok(())
    }

    /// The connection, for what a binary stores beside the member surface (the gateway's
    /// outbox); its tables are its own, with their own migrations.
    pub fn conn(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// A dispute's files with their ids, in upload order.
    pub fn file_list(&self, dispute_uuid: &str) -> Result<Vec<(i64, StoredFile)>, AppError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, filename, declared_type, content_type, size, sha256 FROM files
             WHERE dispute_uuid = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([dispute_uuid], |r| {
            Ok((
                r.get(0)?,
                StoredFile {
                    filename: r.get(1)?,
                    declared_type: r.get(2)?,
                    content_type: r.get(3)?,
                    size: r.get(4)?,
                    sha256: r.get(5)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One file's record and bytes.
    pub fn file_content(
        &self,
        dispute_uuid: &str,
        id: i64,
    ) -> Result<Option<(StoredFile, Vec<u8>)>, AppError> {
        Ok(self
            .conn
            .query_row(
                "SELECT filename, declared_type, content_type, size, sha256, content FROM files
                 WHERE dispute_uuid = ?1 AND id = ?2",
                params![dispute_uuid, id],
                |r| {
                    Ok((
                        StoredFile {
                            filename: r.get(0)?,
                            declared_type: r.get(1)?,
                            content_type: r.get(2)?,
                            size: r.get(3)?,
                            sha256: r.get(4)?,
                        },
                        r.get(5)?,
                    ))
                },
            )
            .optional()?)
    }

    pub fn files(&self, dispute_uuid: &str) -> Result<Vec<StoredFile>, AppError> {
        Ok(self
            .file_list(dispute_uuid)?
            .into_iter()
            .map(|(_, f)| f)
            .collect())
    }

    pub fn insert_session(&mut self, token: &str, s: &Session) -> Result<(), AppError> {
        self.conn.execute(
            "INSERT INTO sessions (token, member_id, org_id, expires_at_ms) VALUES (?1, ?2, ?3, ?4)",
            params![token, s.member_id, s.org_id, s.expires_at_ms],
        )?;
        Ok(())
    }

    /// The session a token stands for, if it exists and has not expired at `now_ms`.
    pub fn session(&self, token: &str, now_ms: i64) -> Result<Option<Session>, AppError> {
        Ok(self
            .conn
            .query_row(
                "SELECT member_id, org_id, expires_at_ms FROM sessions
                 WHERE token = ?1 AND expires_at_ms > ?2",
                params![token, now_ms],
                |r| {
                    Ok(Session {
                        member_id: r.get(0)?,
                        org_id: r.get(1)?,
                        expires_at_ms: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }
}
