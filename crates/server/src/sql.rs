//! One connection, either engine: SQLite (rusqlite, embedded, the default) or PostgreSQL
//! (tokio-postgres, for several instances on one database).
//!
//! Statements are written once with SQLite's numbered placeholders (`?1`); PostgreSQL gets them
//! as `$1`. Where the dialects differ (schema, sequences, locks) the caller passes both
//! ([`Conn::dialect`]). Values go in as [`P`] and come out as [`Row`] cells, so callers never see
//! either driver's types. Transactions are `BEGIN` ... `COMMIT` on the connection itself
//! ([`Conn::transaction`]), rolled back on any error.
//!
//! The store's interface is synchronous (the member surface takes a connection from its pool for
//! each piece of work, as it always did with SQLite's one). The connections' tasks run on a
//! runtime of their own (one thread); a PostgreSQL call waits for its answer inside
//! `block_in_place`, so the server runtime's other tasks go on meanwhile, at most its deadline
//! (`deadline.rs`).

use std::borrow::Cow;

use tokio_postgres::types::{IsNull, ToSql, Type, to_sql_checked};

use crate::AppError;
use crate::deadline::{self, Deadline};

/// A parameter of a statement.
#[derive(Debug, Clone, Copy)]
pub enum P<'a> {
    Int(i64),
    Text(&'a str),
    Blob(&'a [u8]),
    Null,
}

impl<'a> From<i64> for P<'a> {
    fn from(v: i64) -> Self {
        P::Int(v)
    }
}
impl<'a> From<bool> for P<'a> {
    fn from(v: bool) -> Self {
        P::Int(i64::from(v))
    }
}
impl<'a> From<&'a str> for P<'a> {
    fn from(v: &'a str) -> Self {
        P::Text(v)
    }
}
impl<'a> From<&'a String> for P<'a> {
    fn from(v: &'a String) -> Self {
        P::Text(v)
    }
}
impl<'a> From<&'a [u8]> for P<'a> {
    fn from(v: &'a [u8]) -> Self {
        P::Blob(v)
    }
}
impl<'a, T: Into<P<'a>>> From<Option<T>> for P<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(P::Null, Into::into)
    }
}

/// The parameters of a statement, each converted with `P::from`.
#[macro_export]
macro_rules! sql_params {
    ($($v:expr),* $(,)?) => { &[$($crate::sql::P::from($v)),*] };
}

impl rusqlite::ToSql for P<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            P::Int(v) => ValueRef::Integer(v),
            P::Text(s) => ValueRef::Text(s.as_bytes()),
            P::Blob(b) => ValueRef::Blob(b),
            P::Null => ValueRef::Null,
        }))
    }
}

impl ToSql for P<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match *self {
            // Every integer column is BIGINT; an INTEGER parameter (a count) takes it too.
            P::Int(v) if *ty == Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
            P::Int(v) => v.to_sql(ty, out),
            P::Text(s) => s.to_sql(ty, out),
            P::Blob(b) => b.to_sql(ty, out),
            P::Null => Ok(IsNull::Yes),
        }
    }

    fn accepts(ty: &Type) -> bool {
        [
            Type::INT8,
            Type::INT4,
            Type::TEXT,
            Type::VARCHAR,
            Type::BYTEA,
        ]
        .contains(ty)
    }

    to_sql_checked!();
}

/// One value of a result row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
    Null,
}

/// A value a cell converts to.
pub trait FromCell: Sized {
    fn from_cell(c: Cell) -> Option<Self>;
}

impl FromCell for i64 {
    fn from_cell(c: Cell) -> Option<Self> {
        match c {
            Cell::Int(v) => Some(v),
            _ => None,
        }
    }
}
impl FromCell for bool {
    fn from_cell(c: Cell) -> Option<Self> {
        i64::from_cell(c).map(|v| v != 0)
    }
}
impl FromCell for String {
    fn from_cell(c: Cell) -> Option<Self> {
        match c {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }
}
impl FromCell for Vec<u8> {
    fn from_cell(c: Cell) -> Option<Self> {
        match c {
            Cell::Blob(b) => Some(b),
            _ => None,
        }
    }
}
impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(c: Cell) -> Option<Self> {
        match c {
            Cell::Null => Some(None),
            c => T::from_cell(c).map(Some),
        }
    }
}

/// A result row.
#[derive(Debug, Clone)]
pub struct Row(Vec<Cell>);

impl Row {
    /// Column `i` as `T`; a missing column or another type is an internal error.
    pub fn get<T: FromCell>(&self, i: usize) -> Result<T, AppError> {
        self.0
            .get(i)
            .cloned()
            .and_then(T::from_cell)
            .ok_or_else(|| AppError::internal(format!("column {i}: unexpected type")))
    }
}

/// Which engine a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A PostgreSQL connection: the client, and its prepared statements by text (each statement is
/// parsed once per connection, then only bound and run: one round trip instead of two).
pub struct Pg {
    client: tokio_postgres::Client,
    statements: std::collections::HashMap<String, tokio_postgres::Statement>,
    /// How it was made, to make it again after the server went away ([`Conn::reconnect`]).
    config: Box<tokio_postgres::Config>,
    /// Also holds the connection's TLS, to make it again and to cancel on it. Boxed, as
    /// `config` is: `Conn`'s variants stay near one size.
    deadline: Box<Deadline>,
}

/// How to reach PostgreSQL beyond the URL: a password kept out of it, and TLS.
#[derive(Clone, Default)]
pub struct ConnectOptions {
    /// Used instead of a password in the URL.
    pub password: Option<String>,
    /// Encrypted and verified (`tls.rs`); `None`: plain TCP (loopback, a private network).
    pub tls: Option<crate::PgTls>,
    /// How long a statement may wait for its answer (`deadline.rs`); `None`: 15 s.
    pub timeout: Option<std::time::Duration>,
}

impl std::fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectOptions")
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("tls", &self.tls)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// How long connecting to PostgreSQL may take before it is an error.
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// `connect`, within `limit`: `connect_timeout` bounds the TCP connect, this the handshake
/// after it too (a server that takes the connection and never answers).
fn in_time<T: Send>(
    limit: std::time::Duration,
    connect: impl std::future::Future<Output = T> + Send,
) -> Result<T, AppError> {
    block(async move { tokio::time::timeout(limit, connect).await }).map_err(|_| {
        AppError::internal(format!(
            "postgres: no answer within {} ms while connecting",
            limit.as_millis()
        ))
    })
}

/// A client connected as `config` says, and its connection's task (on [`pg_runtime`]).
/// Connecting takes at most [`CONNECT_TIMEOUT`], or the statements' deadline when shorter.
fn pg_connect(
    config: &tokio_postgres::Config,
    tls: Option<&crate::PgTls>,
    deadline: std::time::Duration,
) -> Result<(tokio_postgres::Client, tokio::task::AbortHandle), AppError> {
    let limit = CONNECT_TIMEOUT.min(deadline);
    // Errors keep the driver's detail and its causes (a refused connection, a certificate from
    // an unknown CA): the caller names the database.
    let failed = |e: tokio_postgres::Error| {
        let mut text = format!("postgres: {e}");
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            text.push_str(&format!(": {c}"));
            cause = c.source();
        }
        AppError::internal(text)
    };
    let lost = |e: tokio_postgres::Error| tracing::error!(error = %e, "postgres: connection lost");
    match tls {
        None => {
            let (client, connection) =
                in_time(limit, config.connect(tokio_postgres::NoTls))?.map_err(failed)?;
            let task = pg_runtime().spawn(async move { connection.await.unwrap_or_else(lost) });
            Ok((client, task.abort_handle()))
        }
        Some(tls) => {
            let (client, connection) =
                in_time(limit, config.connect(tls.connect.clone()))?.map_err(failed)?;
            let task = pg_runtime().spawn(async move { connection.await.unwrap_or_else(lost) });
            Ok((client, task.abort_handle()))
        }
    }
}

impl Pg {
    fn statement(&mut self, sql: &str) -> Result<tokio_postgres::Statement, AppError> {
        if let Some(st) = self.statements.get(sql) {
            return Ok(st.clone());
        }
        let st = self.deadline.run(self.client.prepare(&dollar(sql)))?;
        self.statements.insert(sql.to_owned(), st.clone());
        Ok(st)
    }
}

/// A connection to either engine.
pub enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Pg),
}

/// Whether `database` names a PostgreSQL server (a `postgres://` or `postgresql://` URL).
pub fn is_postgres(database: &str) -> bool {
    database.starts_with("postgres://") || database.starts_with("postgresql://")
}

/// Whether `e` is a unique constraint's refusal, from either engine (PostgreSQL's SQLSTATE
/// 23505, as `From<tokio_postgres::Error>` writes it; SQLite's `UNIQUE constraint failed`).
pub fn is_unique_violation(e: &AppError) -> bool {
    match e {
        AppError::Internal(detail) => {
            detail.starts_with("postgres: 23505:") || detail.contains("UNIQUE constraint failed")
        }
        _ => false,
    }
}

/// `database` as it may be logged: a URL's password replaced by `***`.
pub fn redacted(database: &str) -> String {
    if !is_postgres(database) {
        return database.to_owned();
    }
    let Some((scheme, rest)) = database.split_once("://") else {
        return database.to_owned();
    };
    match rest.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => database.to_owned(),
        },
        None => database.to_owned(),
    }
}

/// The runtime every PostgreSQL connection's task runs on: one thread of its own, never shut
/// down. Queries wait for those tasks; were they on the server's runtime, a query in flight
/// while that runtime shuts down (a test's end, a stop) would wait for ever.
pub(crate) fn pg_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("postgres")
            .enable_all()
            .build()
            .expect("the PostgreSQL runtime starts")
    })
}

/// Runs `fut` (a query, whose connection's task runs on [`pg_runtime`]) to completion from
/// synchronous code, wherever that code runs.
pub(crate) fn block<F>(fut: F) -> F::Output
where
    F: std::future::Future + Send,
    F::Output: Send,
{
    use tokio::runtime::RuntimeFlavor;
    let pg = pg_runtime().handle();
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        // Inside a multi-thread runtime: hand this worker's tasks to another thread meanwhile.
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(|| pg.block_on(fut)),
        // Inside a single-thread runtime (a test's), which cannot be blocked in place: wait on a
        // thread of its own.
        Ok(_) => std::thread::scope(|s| {
            s.spawn(|| pg.block_on(fut))
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
        }),
        // Outside any runtime (inside block_in_place already, or a plain thread): wait here.
        Err(_) => pg.block_on(fut),
    }
}

/// `?1` placeholders as `$1`.
fn dollar(sql: &str) -> Cow<'_, str> {
    if sql.contains('?') {
        Cow::Owned(sql.replace('?', "$"))
    } else {
        Cow::Borrowed(sql)
    }
}

fn pg_params<'a>(params: &'a [P<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

fn pg_row(r: &tokio_postgres::Row) -> Result<Row, AppError> {
    let mut cells = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let ty = col.type_();
        let cell = if *ty == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)?.map(Cell::Int)
        } else if *ty == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)?.map(|v| Cell::Int(v.into()))
        } else if *ty == Type::BOOL {
            r.try_get::<_, Option<bool>>(i)?
                .map(|v| Cell::Int(v.into()))
        } else if *ty == Type::BYTEA {
            r.try_get::<_, Option<Vec<u8>>>(i)?.map(Cell::Blob)
        } else {
            r.try_get::<_, Option<String>>(i)?.map(Cell::Text)
        };
        cells.push(cell.unwrap_or(Cell::Null));
    }
    Ok(Row(cells))
}

fn sqlite_row(r: &rusqlite::Row<'_>, n: usize) -> rusqlite::Result<Row> {
    use rusqlite::types::ValueRef;
    let mut cells = Vec::with_capacity(n);
    for i in 0..n {
        cells.push(match r.get_ref(i)? {
            ValueRef::Integer(v) => Cell::Int(v),
            ValueRef::Real(v) => Cell::Int(v as i64),
            ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
            ValueRef::Null => Cell::Null,
        });
    }
    Ok(Row(cells))
}

impl Conn {
    /// Connects to a PostgreSQL URL; its connection task runs on [`pg_runtime`]. With TLS the
    /// connection is encrypted or refused, whatever the URL's `sslmode` says.
    pub fn connect_postgres(url: &str, options: &ConnectOptions) -> Result<Self, AppError> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| AppError::internal(format!("postgres: {e}")))?;
        if let Some(p) = &options.password {
            config.password(p);
        }
        if options.tls.is_some() {
            config.ssl_mode(tokio_postgres::config::SslMode::Require);
        }
        config.application_name("dispute-gateway");
        config.connect_timeout(CONNECT_TIMEOUT);
        let limit = options.timeout.unwrap_or(deadline::DEFAULT);
        let (client, task) = pg_connect(&config, options.tls.as_ref(), limit)?;
        let deadline = Box::new(Deadline::new(
            limit,
            task,
            client.cancel_token(),
            options.tls.clone(),
        ));
        Ok(Conn::Postgres(Pg {
            client,
            statements: Default::default(),
            config: Box::new(config),
            deadline,
        }))
    }

    /// Whether the connection is gone (PostgreSQL stopped or restarted, the network cut) or
    /// was dropped when a statement's deadline passed; a SQLite file's never is.
    pub fn is_broken(&self) -> bool {
        match self {
            Conn::Sqlite(_) => false,
            Conn::Postgres(pg) => pg.client.is_closed() || pg.deadline.is_cut(),
        }
    }

    /// Connects again as the first time (its prepared statements are prepared again).
    pub fn reconnect(&mut self) -> Result<(), AppError> {
        if let Conn::Postgres(pg) = self {
            let limit = pg.deadline.limit.unwrap_or(deadline::DEFAULT);
            let tls = pg.deadline.tls.clone();
            let (client, task) = pg_connect(&pg.config, tls.as_ref(), limit)?;
            pg.deadline.retire();
            *pg.deadline = Deadline::new(limit, task, client.cancel_token(), tls);
            pg.client = client;
            pg.statements.clear();
        }
        Ok(())
    }

    pub fn engine(&self) -> Engine {
        match self {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// `sqlite` or `postgres`, whichever this connection speaks.
    pub fn dialect<T>(&self, sqlite: T, postgres: T) -> T {
        match self {
            Conn::Sqlite(_) => sqlite,
            Conn::Postgres(_) => postgres,
        }
    }

    /// Runs statements without parameters (schema, `BEGIN`).
    pub fn batch(&mut self, sql: &str) -> Result<(), AppError> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(pg) => pg.deadline.run(pg.client.batch_execute(sql)),
        }
    }

    /// Runs one statement; the rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[P<'_>]) -> Result<u64, AppError> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute(sql, rusqlite::params_from_iter(params))? as u64),
            Conn::Postgres(pg) => {
                let st = pg.statement(sql)?;
                let ps = pg_params(params);
                pg.deadline.run(pg.client.execute(&st, &ps))
            }
        }
    }

    /// Runs a query; every row.
    pub fn query(&mut self, sql: &str, params: &[P<'_>]) -> Result<Vec<Row>, AppError> {
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let n = stmt.column_count();
                let rows =
                    stmt.query_map(rusqlite::params_from_iter(params), |r| sqlite_row(r, n))?;
                Ok(rows.collect::<Result<_, _>>()?)
            }
            Conn::Postgres(pg) => {
                let st = pg.statement(sql)?;
                let ps = pg_params(params);
                let rows = pg.deadline.run(pg.client.query(&st, &ps))?;
                rows.iter().map(pg_row).collect()
            }
        }
    }

    /// The first row of a query, if any.
    pub fn query_opt(&mut self, sql: &str, params: &[P<'_>]) -> Result<Option<Row>, AppError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first column of every row of a query.
    pub fn column<T: FromCell>(&mut self, sql: &str, params: &[P<'_>]) -> Result<Vec<T>, AppError> {
        self.query(sql, params)?.iter().map(|r| r.get(0)).collect()
    }

    /// The first column of the first row of a query, if there is a row.
    pub fn value<T: FromCell>(
        &mut self,
        sql: &str,
        params: &[P<'_>],
    ) -> Result<Option<T>, AppError> {
        self.query_opt(sql, params)?.map(|r| r.get(0)).transpose()
    }

    /// Runs `f` in a transaction: committed when it returns `Ok`, rolled back otherwise. SQLite
    /// takes the write lock at once (`BEGIN IMMEDIATE`), so a read-then-write never fails late.
    pub fn transaction<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        self.batch(self.dialect("BEGIN IMMEDIATE", "BEGIN"))?;
        match f(self) {
            Ok(v) => {
                self.batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                if let Err(rollback) = self.batch("ROLLBACK") {
                    tracing::error!(error = %rollback, "rollback failed");
                }
                Err(e)
            }
        }
    }

    /// Brings `component`'s schema up to `migrations.len()`, each migration given in both
    /// dialects. PostgreSQL: under an advisory lock, so instances starting together migrate
    /// once; versions in `schema_migrations`. SQLite: `sqlite_version` reads and writes the
    /// version where that component always kept it.
    pub fn migrate(
        &mut self,
        component: &str,
        migrations: &[(&str, &str)],
        sqlite_version: (&str, &dyn Fn(usize) -> String),
    ) -> Result<(), AppError> {
        match self.engine() {
            Engine::Sqlite => {
                let applied = self.value::<i64>(sqlite_version.0, &[])?.unwrap_or(0) as usize;
                for (i, (sql, _)) in migrations.iter().enumerate().skip(applied) {
                    let set = (sqlite_version.1)(i + 1);
                    self.transaction(|c| {
                        c.batch(sql)?;
                        c.batch(&set)
                    })?;
                    tracing::info!(component, version = i + 1, "schema migration applied");
                }
                Ok(())
            }
            Engine::Postgres => {
                // Without a deadline: waiting for another instance's migrations, or a long
                // one, is expected.
                let limit = self.set_deadline(None);
                // One lock for every component: the key is this project's, fixed.
                let result = self
                    .batch("SELECT pg_advisory_lock(7310522901)")
                    .and_then(|()| {
                        let migrated = self.migrate_postgres(component, migrations);
                        self.batch("SELECT pg_advisory_unlock(7310522901)")?;
                        migrated
                    });
                self.set_deadline(limit);
                result
            }
        }
    }

    /// Sets a PostgreSQL connection's statement deadline; the one it had.
    fn set_deadline(&mut self, limit: Option<std::time::Duration>) -> Option<std::time::Duration> {
        match self {
            Conn::Sqlite(_) => None,
            Conn::Postgres(pg) => std::mem::replace(&mut pg.deadline.limit, limit),
        }
    }

    /// How many of `component`'s migrations the database has (SQLite: `sqlite_version` reads
    /// it), to tell whether it is at this binary's version.
    pub fn schema_version(
        &mut self,
        component: &str,
        sqlite_version: &str,
    ) -> Result<usize, AppError> {
        let applied = match self.engine() {
            Engine::Sqlite => self.value::<i64>(sqlite_version, &[])?,
            Engine::Postgres => self.value::<i64>(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = ?1",
                &[P::Text(component)],
            )?,
        };
        Ok(applied.unwrap_or(0) as usize)
    }

    fn migrate_postgres(
        &mut self,
        component: &str,
        migrations: &[(&str, &str)],
    ) -> Result<(), AppError> {
        self.batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                component TEXT NOT NULL,
                version BIGINT NOT NULL,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                PRIMARY KEY (component, version)
            )",
        )?;
        let applied = self.schema_version(component, "")?;
        for (i, (_, sql)) in migrations.iter().enumerate().skip(applied) {
            let version = i as i64 + 1;
            self.transaction(|c| {
                c.batch(sql)?;
                c.execute(
                    "INSERT INTO schema_migrations (component, version) VALUES (?1, ?2)",
                    &[P::Text(component), P::Int(version)],
                )?;
                Ok(())
            })?;
            tracing::info!(component, version, "schema migration applied");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_for_postgres() {
        assert_eq!(dollar("a = ?1 AND b = ?12"), "a = $1 AND b = $12");
        assert!(matches!(dollar("SELECT 1"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_url_is_logged_without_its_password() {
        assert_eq!(
            redacted("postgres://gw:s3cret@db.internal:5432/disputes"),
            "postgres://gw:***@db.internal:5432/disputes"
        );
        assert_eq!(redacted("postgresql://gw@db/x"), "postgresql://gw@db/x");
        assert_eq!(redacted("/var/lib/gw.sqlite"), "/var/lib/gw.sqlite");
    }

    #[test]
    fn sqlite_round_trips_each_kind_of_value() {
        let mut c = Conn::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        c.batch("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n TEXT)")
            .unwrap();
        c.execute(
            "INSERT INTO t VALUES (?1, ?2, ?3, ?4)",
            sql_params![42i64, "x", &b"\x00\x01"[..], None::<&str>],
        )
        .unwrap();
        let r = c
            .query_opt("SELECT i, s, b, n FROM t", &[])
            .unwrap()
            .unwrap();
        assert_eq!(r.get::<i64>(0).unwrap(), 42);
        assert_eq!(r.get::<String>(1).unwrap(), "x");
        assert_eq!(r.get::<Vec<u8>>(2).unwrap(), vec![0, 1]);
        assert_eq!(r.get::<Option<String>>(3).unwrap(), None);
        assert!(r.get::<String>(0).is_err(), "an integer is not text");
    }

    #[test]
    fn a_unique_violation_is_told_apart() {
        let mut c = Conn::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        c.batch("CREATE TABLE t (i INTEGER PRIMARY KEY)").unwrap();
        c.execute("INSERT INTO t VALUES (1)", &[]).unwrap();
        let e = c.execute("INSERT INTO t VALUES (1)", &[]).unwrap_err();
        assert!(is_unique_violation(&e), "{e:?}");
        let other = c
            .execute("INSERT INTO nowhere VALUES (1)", &[])
            .unwrap_err();
        assert!(!is_unique_violation(&other));
    }

    #[test]
    fn a_failed_transaction_leaves_nothing() {
        let mut c = Conn::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        c.batch("CREATE TABLE t (i INTEGER)").unwrap();
        let r: Result<(), AppError> = c.transaction(|c| {
            c.execute("INSERT INTO t VALUES (1)", &[])?;
            Err(AppError::internal("no"))
        });
        assert!(r.is_err());
        assert_eq!(
            c.value::<i64>("SELECT COUNT(*) FROM t", &[]).unwrap(),
            Some(0)
        );
    }
}
