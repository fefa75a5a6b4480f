//! The member surface's storage, on SQLite or PostgreSQL (`sql.rs`): schema migrations,
//! sessions, disputes, files, and the members and transactions of the sandbox's demo core
//! system.
//!
//! One connection behind a mutex per process. SQLite runs in WAL mode with `synchronous = FULL`,
//! so every acknowledged write survives a restart or a crash. PostgreSQL commits durably by
//! default, and lets several gateway instances share one database: case numbers come from a
//! sequence, the rest is keyed by uuid.

use std::path::Path;

use crate::AppError;
use crate::sql::{Conn, ConnectOptions, Engine, Row};
use crate::sql_params;
use casap_api::{
    DisputeStatus, DisputeSummary, DisputedTransactionStatus, QuestionnaireAnswer,
    TransactionDetail,
};

/// Where SQLite keeps the member surface's schema version.
const SQLITE_VERSION: &str = "PRAGMA user_version";

/// Schema versions, applied in order, each in SQLite's and PostgreSQL's dialect; SQLite records
/// how many ran in `PRAGMA user_version`, PostgreSQL in `schema_migrations` (see `sql.rs`).
const MIGRATIONS: &[(&str, &str)] = &[
    // 1: identity, sessions and the demo core-banking data.
    (
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
        "CREATE TABLE members (
        id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL,
        member_number BIGINT NOT NULL,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        phone TEXT NOT NULL,
        account_uuid TEXT NOT NULL
    );
    CREATE TABLE sessions (
        token TEXT PRIMARY KEY,
        member_id TEXT NOT NULL,
        org_id TEXT NOT NULL,
        expires_at_ms BIGINT NOT NULL
    );
    CREATE TABLE transactions (
        uuid TEXT PRIMARY KEY,
        member_id TEXT NOT NULL REFERENCES members(id),
        seq BIGINT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE INDEX transactions_member ON transactions(member_id, seq);",
    ),
    // 2: disputes (the summary as canonical JSON, with the columns queries need), which
    // transactions are in an open dispute, and uploaded files. PostgreSQL numbers cases from a
    // sequence (instances insert at once); SQLite, one writer, from the largest so far.
    (
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
        "CREATE TABLE disputes (
        uuid TEXT PRIMARY KEY,
        seq BIGINT NOT NULL UNIQUE,
        short_id TEXT NOT NULL UNIQUE,
        org_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        created_ms BIGINT NOT NULL,
        idempotency_key TEXT,
        summary TEXT NOT NULL
    );
    CREATE SEQUENCE disputes_seq START 1001;
    CREATE INDEX disputes_member ON disputes(org_id, member_id, created_ms);
    CREATE INDEX disputes_short_id ON disputes(upper(short_id));
    CREATE UNIQUE INDEX disputes_idempotency ON disputes(member_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    CREATE TABLE disputed_transactions (
        dispute_uuid TEXT NOT NULL REFERENCES disputes(uuid),
        transaction_uuid TEXT NOT NULL,
        member_id TEXT NOT NULL,
        open BIGINT NOT NULL,
        PRIMARY KEY (dispute_uuid, transaction_uuid)
    );
    CREATE INDEX disputed_transactions_open ON disputed_transactions(member_id, transaction_uuid)
        WHERE open = 1;
    CREATE TABLE files (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        dispute_uuid TEXT NOT NULL REFERENCES disputes(uuid),
        filename TEXT NOT NULL,
        declared_type TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size BIGINT NOT NULL,
        sha256 TEXT NOT NULL,
        content BYTEA NOT NULL,
        created_ms BIGINT NOT NULL
    );
    CREATE INDEX files_dispute ON files(dispute_uuid, id);",
    ),
    // 3: the questionnaire answers as filed (the API does not return them; the back office
    // and the tests read them).
    (
        "ALTER TABLE disputes ADD COLUMN answers TEXT NOT NULL DEFAULT '[]';",
        "ALTER TABLE disputes ADD COLUMN answers TEXT NOT NULL DEFAULT '[]';",
    ),
    // 4: members' request windows, shared by every instance (PostgreSQL; SQLite counts in
    // memory and keeps the table empty).
    (
        "CREATE TABLE member_rate_limits (
        member_id TEXT PRIMARY KEY,
        window_start_ms INTEGER NOT NULL,
        count INTEGER NOT NULL
    );",
        "CREATE TABLE member_rate_limits (
        member_id TEXT PRIMARY KEY,
        window_start_ms BIGINT NOT NULL,
        count BIGINT NOT NULL
    );",
    ),
    // 5: a transaction is in at most one open dispute, whatever files at the same moment (two
    // instances, two tabs): the check before the insert is the friendly answer, this the rule.
    (
        "CREATE UNIQUE INDEX disputed_transactions_one_open
        ON disputed_transactions(member_id, transaction_uuid) WHERE open = 1;",
        "CREATE UNIQUE INDEX disputed_transactions_one_open
        ON disputed_transactions(member_id, transaction_uuid) WHERE open = 1;",
    ),
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

/// Writes a dispute's summary and which of its transactions are open, inside a transaction.
fn write_summary(c: &mut Conn, summary: &DisputeSummary) -> Result<(), AppError> {
    let n = c.execute(
        "UPDATE disputes SET summary = ?2 WHERE uuid = ?1",
        sql_params![&summary.uuid, to_json(summary)?.as_str()],
    )?;
    if n != 1 {
        return Err(AppError::internal("saving a dispute that does not exist"));
    }
    for t in &summary.transactions {
        c.execute(
            "UPDATE disputed_transactions SET open = ?3
             WHERE dispute_uuid = ?1 AND transaction_uuid = ?2",
            sql_params![&summary.uuid, &t.uuid, is_open(summary, t.status)],
        )
        .map_err(|e| taken(e, "a transaction is in another open dispute".into()))?;
    }
    Ok(())
}

/// A unique violation of `disputed_transactions_one_open` as what it means to the member.
fn taken(e: AppError, what: String) -> AppError {
    if crate::sql::is_unique_violation(&e) {
        AppError::AlreadyExists(what)
    } else {
        e
    }
}

/// The member surface's database.
pub struct Db {
    conn: Conn,
}

/// The member surface's columns of a stored file, in [`file_of`]'s order.
const FILE_COLUMNS: &str = "filename, declared_type, content_type, size, sha256";

fn file_of(r: &Row, at: usize) -> Result<StoredFile, AppError> {
    Ok(StoredFile {
        filename: r.get(at)?,
        declared_type: r.get(at + 1)?,
        content_type: r.get(at + 2)?,
        size: r.get(at + 3)?,
        sha256: r.get(at + 4)?,
    })
}

impl Db {
    /// Opens (creating if needed) the database: a PostgreSQL URL (`postgres://...`), `:memory:`,
    /// or a SQLite file's path; and brings its schema up to date.
    pub fn open(database: &str) -> Result<Self, AppError> {
        Self::open_with(database, &ConnectOptions::default())
    }

    /// [`Db::open`], with PostgreSQL's password given apart from the URL, and TLS.
    pub fn open_with(database: &str, options: &ConnectOptions) -> Result<Self, AppError> {
        let mut db = Self::connect(database, options)?;
        db.conn.migrate(
            "server",
            MIGRATIONS,
            (SQLITE_VERSION, &|v| format!("PRAGMA user_version = {v}")),
        )?;
        Ok(db)
    }

    /// Another connection to a database already opened (and so migrated) with
    /// [`Db::open_with`]: a pool's further connections.
    pub fn connect(database: &str, options: &ConnectOptions) -> Result<Self, AppError> {
        let conn = if crate::sql::is_postgres(database) {
            Conn::connect_postgres(database, options)?
        } else {
            let conn = if database == ":memory:" {
                rusqlite::Connection::open_in_memory()?
            } else {
                rusqlite::Connection::open(Path::new(database))?
            };
            conn.execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )?;
            Conn::Sqlite(conn)
        };
        Ok(Self { conn })
    }

    /// The member surface's schema: the migrations applied, and those this binary knows.
    pub fn schema_version(&mut self) -> Result<(usize, usize), AppError> {
        Ok((
            self.conn.schema_version("server", SQLITE_VERSION)?,
            MIGRATIONS.len(),
        ))
    }

    pub fn upsert_member(&mut self, m: &Member) -> Result<(), AppError> {
        self.conn.execute(
            "INSERT INTO members (id, org_id, member_number, name, email, phone, account_uuid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(id) DO UPDATE SET org_id = excluded.org_id,
               member_number = excluded.member_number, name = excluded.name,
               email = excluded.email, phone = excluded.phone,
               account_uuid = excluded.account_uuid",
            sql_params![
                &m.id,
                &m.org_id,
                m.member_number,
                &m.name,
                &m.email,
                &m.phone,
                &m.account_uuid
            ],
        )?;
        Ok(())
    }

    pub fn members(&mut self) -> Result<Vec<Member>, AppError> {
        self.conn
            .query(
                "SELECT id, org_id, member_number, name, email, phone, account_uuid
                 FROM members ORDER BY org_id, name",
                &[],
            )?
            .iter()
            .map(|r| {
                Ok(Member {
                    id: r.get(0)?,
                    org_id: r.get(1)?,
                    member_number: r.get(2)?,
                    name: r.get(3)?,
                    email: r.get(4)?,
                    phone: r.get(5)?,
                    account_uuid: r.get(6)?,
                })
            })
            .collect()
    }

    pub fn member(&mut self, id: &str) -> Result<Option<Member>, AppError> {
        Ok(self.members()?.into_iter().find(|m| m.id == id))
    }

    /// Replaces a member's transactions with `list`, in that order.
    pub fn replace_transactions(
        &mut self,
        member_id: &str,
        list: &[TransactionDetail],
    ) -> Result<(), AppError> {
        self.conn.transaction(|c| {
            c.execute(
                "DELETE FROM transactions WHERE member_id = ?1",
                sql_params![member_id],
            )?;
            for (seq, t) in list.iter().enumerate() {
                c.execute(
                    "INSERT INTO transactions (uuid, member_id, seq, detail) VALUES (?1, ?2, ?3, ?4)",
                    sql_params![&t.uuid, member_id, seq as i64, to_json(t)?.as_str()],
                )?;
            }
            Ok(())
        })
    }

    pub fn transactions(&mut self, member_id: &str) -> Result<Vec<TransactionDetail>, AppError> {
        self.conn
            .query(
                "SELECT detail FROM transactions WHERE member_id = ?1 ORDER BY seq",
                sql_params![member_id],
            )?
            .iter()
            .map(|r| from_json(&r.get::<String>(0)?))
            .collect()
    }

    /// Stores a new dispute, assigning its short id (`CSP-1001`, `CSP-1002`, ...), and runs
    /// `also` in the same transaction.
    pub fn insert_dispute(
        &mut self,
        owner: &Owner,
        idempotency_key: Option<&str>,
        created_ms: i64,
        summary: &mut DisputeSummary,
        answers: &[QuestionnaireAnswer],
        also: impl FnOnce(&mut Conn, &DisputeSummary) -> Result<(), AppError>,
    ) -> Result<(), AppError> {
        self.conn.transaction(|c| {
            let seq: i64 = match c.engine() {
                Engine::Sqlite => c.value(
                    "SELECT COALESCE(MAX(seq) + 1, ?1) FROM disputes",
                    sql_params![FIRST_SHORT_ID],
                )?,
                Engine::Postgres => c.value("SELECT nextval('disputes_seq')", &[])?,
            }
            .ok_or_else(|| AppError::internal("no case number"))?;
            summary.short_id = format!("CSP-{seq}");
            c.execute(
                "INSERT INTO disputes (uuid, seq, short_id, org_id, member_id, created_ms,
                    idempotency_key, summary, answers) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                sql_params![
                    &summary.uuid,
                    seq,
                    &summary.short_id,
                    &owner.org_id,
                    &owner.member_id,
                    created_ms,
                    idempotency_key,
                    to_json(summary)?.as_str(),
                    to_json(&answers)?.as_str()
                ],
            )?;
            for (i, t) in summary.transactions.iter().enumerate() {
                c.execute(
                    "INSERT INTO disputed_transactions (dispute_uuid, transaction_uuid, member_id,
                        open) VALUES (?1, ?2, ?3, ?4)",
                    sql_params![
                        &summary.uuid,
                        &t.uuid,
                        &owner.member_id,
                        is_open(summary, t.status)
                    ],
                )
                .map_err(|e| {
                    taken(
                        e,
                        format!("transactionDetails[{i}] is already in an open dispute"),
                    )
                })?;
            }
            also(c, summary)
        })
    }

    /// Rewrites a stored dispute (status changes, reopen, new audit events) from a copy read
    /// earlier. A change to a dispute that another request or instance may be changing at the
    /// same time goes through [`Db::update_dispute`] instead.
    pub fn save_dispute(&mut self, summary: &DisputeSummary) -> Result<(), AppError> {
        self.conn.transaction(|c| write_summary(c, summary))
    }

    /// Changes a stored dispute with `f` in one transaction, the row locked from its read to
    /// its write (PostgreSQL `FOR UPDATE`; SQLite's write lock): two changes at once (the
    /// worker's "sent" and a member's upload, on one instance or two) never lose one another.
    /// The dispute as written, or `None` when there is no such dispute.
    pub fn update_dispute(
        &mut self,
        uuid: &str,
        f: impl FnOnce(&mut DisputeSummary) -> Result<(), AppError>,
    ) -> Result<Option<DisputeSummary>, AppError> {
        self.conn.transaction(|c| {
            let lock = c.dialect("", "FOR UPDATE");
            let json: Option<String> = c.value(
                &format!("SELECT summary FROM disputes WHERE uuid = ?1 {lock}"),
                sql_params![uuid],
            )?;
            let Some(json) = json else {
                return Ok(None);
            };
            let mut summary: DisputeSummary = from_json(&json)?;
            f(&mut summary)?;
            write_summary(c, &summary)?;
            Ok(Some(summary))
        })
    }

    /// A dispute and its owner.
    pub fn dispute(&mut self, uuid: &str) -> Result<Option<(Owner, DisputeSummary)>, AppError> {
        self.conn
            .query_opt(
                "SELECT org_id, member_id, summary FROM disputes WHERE uuid = ?1",
                sql_params![uuid],
            )?
            .map(|r| {
                Ok((
                    Owner {
                        org_id: r.get(0)?,
                        member_id: r.get(1)?,
                    },
                    from_json(&r.get::<String>(2)?)?,
                ))
            })
            .transpose()
    }

    /// A dispute (and its owner) by its case number, as typed (any case).
    pub fn dispute_by_short_id(
        &mut self,
        short_id: &str,
    ) -> Result<Option<(Owner, DisputeSummary)>, AppError> {
        let uuid: Option<String> = self.conn.value(
            "SELECT uuid FROM disputes WHERE upper(short_id) = upper(?1)",
            sql_params![short_id.trim()],
        )?;
        match uuid {
            Some(u) => self.dispute(&u),
            None => Ok(None),
        }
    }

    /// The questionnaire answers a dispute was filed with.
    pub fn answers(&mut self, uuid: &str) -> Result<Option<Vec<QuestionnaireAnswer>>, AppError> {
        let json: Option<String> = self.conn.value(
            "SELECT answers FROM disputes WHERE uuid = ?1",
            sql_params![uuid],
        )?;
        json.map(|j| from_json(&j)).transpose()
    }

    /// The dispute a member already created with this idempotency key.
    pub fn dispute_by_idempotency_key(
        &mut self,
        member_id: &str,
        key: &str,
    ) -> Result<Option<DisputeSummary>, AppError> {
        let json: Option<String> = self.conn.value(
            "SELECT summary FROM disputes WHERE member_id = ?1 AND idempotency_key = ?2",
            sql_params![member_id, key],
        )?;
        json.map(|j| from_json(&j)).transpose()
    }

    /// Which of `uuids` are in an open dispute of the member.
    pub fn openly_disputed(
        &mut self,
        member_id: &str,
        uuids: &[&str],
    ) -> Result<Vec<String>, AppError> {
        let mut out = Vec::new();
        for uuid in uuids {
            let open = self.conn.value::<i64>(
                "SELECT 1 FROM disputed_transactions
                 WHERE member_id = ?1 AND transaction_uuid = ?2 AND open = 1 LIMIT 1",
                sql_params![member_id, *uuid],
            )?;
            if open.is_some() {
                out.push((*uuid).to_owned());
            }
        }
        Ok(out)
    }

    /// A page of the owner's disputes, newest first, optionally only the one with `short_id`.
    pub fn list_disputes(
        &mut self,
        owner: &Owner,
        short_id: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Page, AppError> {
        let filter = "org_id = ?1 AND member_id = ?2 AND (?3 = '' OR upper(short_id) = upper(?3))";
        let short_id = short_id.unwrap_or("");
        let total: i64 = self
            .conn
            .value(
                &format!("SELECT COUNT(*) FROM disputes WHERE {filter}"),
                sql_params![&owner.org_id, &owner.member_id, short_id],
            )?
            .unwrap_or(0);
        let items = self
            .conn
            .query(
                &format!(
                    "SELECT summary FROM disputes WHERE {filter}
                     ORDER BY created_ms DESC, seq DESC LIMIT ?4 OFFSET ?5"
                ),
                sql_params![&owner.org_id, &owner.member_id, short_id, limit, offset],
            )?
            .iter()
            .map(|r| from_json(&r.get::<String>(0)?))
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
            &format!(
                "INSERT INTO files (dispute_uuid, {FILE_COLUMNS}, content, created_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            ),
            sql_params![
                dispute_uuid,
                &file.filename,
                &file.declared_type,
                &file.content_type,
                file.size,
                &file.sha256,
                content,
                created_ms
            ],
        )?;
        Ok(())
    }

    /// The connection, for what a binary stores beside the member surface (the gateway's
    /// outbox); its tables are its own, with their own migrations.
    pub fn conn(&mut self) -> &mut Conn {
        &mut self.conn
    }

    /// A dispute's files with their ids, in upload order.
    pub fn file_list(&mut self, dispute_uuid: &str) -> Result<Vec<(i64, StoredFile)>, AppError> {
        self.conn
            .query(
                &format!(
                    "SELECT id, {FILE_COLUMNS} FROM files WHERE dispute_uuid = ?1 ORDER BY id"
                ),
                sql_params![dispute_uuid],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, file_of(r, 1)?)))
            .collect()
    }

    /// One file's record and bytes.
    pub fn file_content(
        &mut self,
        dispute_uuid: &str,
        id: i64,
    ) -> Result<Option<(StoredFile, Vec<u8>)>, AppError> {
        self.conn
            .query_opt(
                &format!(
                    "SELECT {FILE_COLUMNS}, content FROM files WHERE dispute_uuid = ?1 AND id = ?2"
                ),
                sql_params![dispute_uuid, id],
            )?
            .map(|r| Ok((file_of(&r, 0)?, r.get(5)?)))
            .transpose()
    }

    pub fn files(&mut self, dispute_uuid: &str) -> Result<Vec<StoredFile>, AppError> {
        Ok(self
            .file_list(dispute_uuid)?
            .into_iter()
            .map(|(_, f)| f)
            .collect())
    }

    pub fn insert_session(&mut self, token: &str, s: &Session) -> Result<(), AppError> {
        self.conn.execute(
            "INSERT INTO sessions (token, member_id, org_id, expires_at_ms) VALUES (?1, ?2, ?3, ?4)",
            sql_params![token, &s.member_id, &s.org_id, s.expires_at_ms],
        )?;
        Ok(())
    }

    /// The session a token stands for, if it exists and has not expired at `now_ms`.
    pub fn session(&mut self, token: &str, now_ms: i64) -> Result<Option<Session>, AppError> {
        self.conn
            .query_opt(
                "SELECT member_id, org_id, expires_at_ms FROM sessions
                 WHERE token = ?1 AND expires_at_ms > ?2",
                sql_params![token, now_ms],
            )?
            .map(|r| {
                Ok(Session {
                    member_id: r.get(0)?,
                    org_id: r.get(1)?,
                    expires_at_ms: r.get(2)?,
                })
            })
            .transpose()
    }
}
