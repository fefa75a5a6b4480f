//! SQLite storage: schema migrations, sessions, demo members and their transactions.
//!
//! One connection behind a mutex is plenty for a development server; WAL mode and
//! `synchronous = FULL` make every acknowledged write survive a restart or a crash.

use std::path::Path;

use casap_api::TransactionDetail;
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
];

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

/// The sandbox's database.
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
