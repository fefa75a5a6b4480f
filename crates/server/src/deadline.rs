//! How long a PostgreSQL statement may wait for its answer. A database that stops answering
//! without closing its connections (a host frozen, a disk stalled, a network path cut where no
//! reset comes back) would otherwise hold every request that touches it, and the probe asking
//! about it, for as long as TCP keeps the connection: hours.
//!
//! Past the deadline the caller is told the database is unavailable (503 UNAVAILABLE, which
//! the widget retries), the server is asked to cancel the statement, and the connection is
//! dropped: what the server did with the statement is unknown, and an open transaction on it
//! is rolled back by the server when it notices the connection gone. The pool makes the
//! connection again when it is next taken (`pool.rs`). Migrations run without a deadline (a
//! long one under the advisory lock is expected, not a fault).

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::task::AbortHandle;
use tokio_postgres::CancelToken;

use crate::AppError;
use crate::sql::{block, pg_runtime};

/// How long a statement may take when the configuration says nothing.
pub const DEFAULT: Duration = Duration::from_secs(15);

/// One connection's deadline, and what to do when it passes.
pub struct Deadline {
    /// `None` while migrating.
    pub(crate) limit: Option<Duration>,
    /// The connection's task: aborted, it closes the client.
    task: AbortHandle,
    cancel: CancelToken,
    /// The connection's TLS (to cancel on, and to connect again with).
    pub(crate) tls: Option<crate::PgTls>,
    /// Set when a deadline passed: the connection is no longer used.
    cut: AtomicBool,
}

impl Deadline {
    pub(crate) fn new(
        limit: Duration,
        task: AbortHandle,
        cancel: CancelToken,
        tls: Option<crate::PgTls>,
    ) -> Self {
        Self {
            limit: Some(limit),
            task,
            cancel,
            tls,
            cut: AtomicBool::new(false),
        }
    }

    /// Whether a deadline passed on this connection.
    pub(crate) fn is_cut(&self) -> bool {
        self.cut.load(Ordering::SeqCst)
    }

    /// The connection is being replaced: its task is ended.
    pub(crate) fn retire(&self) {
        self.task.abort();
    }

    /// Waits for `statement` at most the deadline.
    pub(crate) fn run<T: Send>(
        &self,
        statement: impl Future<Output = Result<T, tokio_postgres::Error>> + Send,
    ) -> Result<T, AppError> {
        // A cut connection sends nothing more (a transaction's ROLLBACK after the cut would
        // otherwise wait for its own deadline); the server rolls back on its own.
        if self.is_cut() {
            return Err(AppError::Unavailable);
        }
        let Some(limit) = self.limit else {
            return Ok(block(statement)?);
        };
        match block(async move { tokio::time::timeout(limit, statement).await }) {
            Ok(answer) => Ok(answer?),
            Err(_) => {
                self.cut.store(true, Ordering::SeqCst);
                self.task.abort();
                self.ask_to_cancel();
                tracing::error!(
                    timeout_ms = limit.as_millis() as u64,
                    "postgres: no answer in time; the connection is dropped"
                );
                Err(AppError::Unavailable)
            }
        }
    }

    /// Asks the server, on a connection of its own, to stop the statement (a server that
    /// answers again later would otherwise finish it for nobody). Nobody waits for it.
    fn ask_to_cancel(&self) {
        let cancel = self.cancel.clone();
        let tls = self.tls.clone();
        pg_runtime().spawn(async move {
            let asked = async {
                match tls {
                    None => cancel.cancel_query(tokio_postgres::NoTls).await,
                    Some(tls) => cancel.cancel_query(tls.connect).await,
                }
            };
            if let Ok(Err(e)) = tokio::time::timeout(DEFAULT, asked).await {
                tracing::warn!(error = %e, "postgres: cannot ask the server to cancel a statement");
            }
        });
    }
}
