//! The member surface's connections: one for SQLite (one writer; every request takes its turn,
//! as it always did), several for PostgreSQL, where requests and the outbox worker run their
//! transactions side by side and commits are grouped by the server. A PostgreSQL connection
//! the server dropped is made again when next taken.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::{AppError, Db};

/// How long a request waits for a connection when all are in use: twice a statement's default
/// deadline, so connections held by a database that stopped answering come back first.
pub const WAIT: Duration = Duration::from_secs(30);

/// Idle connections, and a signal when one comes back.
pub struct DbPool {
    idle: Mutex<Vec<Db>>,
    returned: Condvar,
    wait: Duration,
}

/// A connection taken from the pool, given back when dropped (also when `f` panicked).
pub struct Taken<'a> {
    pool: &'a DbPool,
    db: Option<Db>,
}

impl std::ops::Deref for Taken<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db.as_ref().expect("taken connection")
    }
}

impl std::ops::DerefMut for Taken<'_> {
    fn deref_mut(&mut self) -> &mut Db {
        self.db.as_mut().expect("taken connection")
    }
}

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        if let Some(db) = self.db.take()
            && let Ok(mut idle) = self.pool.idle.lock()
        {
            idle.push(db);
            self.pool.returned.notify_one();
        }
    }
}

impl DbPool {
    pub fn new(connections: Vec<Db>) -> Self {
        Self::waiting(connections, WAIT)
    }

    /// A pool whose takers wait at most `wait`.
    pub fn waiting(connections: Vec<Db>, wait: Duration) -> Self {
        Self {
            idle: Mutex::new(connections),
            returned: Condvar::new(),
            wait,
        }
    }

    /// An idle connection, waiting for one when all are in use, at most [`WAIT`] by default
    /// (then the database is unavailable: the request is answered, not held). A connection the
    /// server dropped (PostgreSQL stopped or restarted) is made again first; when that fails,
    /// it goes back to the pool, to be tried again by the next taker, and this one is told the
    /// database is unavailable.
    pub fn take(&self) -> Result<Taken<'_>, AppError> {
        fn poisoned<T>(_: T) -> AppError {
            AppError::internal("database pool lock poisoned")
        }
        let mut idle = self.idle.lock().map_err(poisoned)?;
        let until = Instant::now() + self.wait;
        let db = loop {
            if let Some(db) = idle.pop() {
                break db;
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                tracing::error!(
                    wait_ms = self.wait.as_millis() as u64,
                    "database: every connection stayed in use"
                );
                return Err(AppError::Unavailable);
            }
            idle = self.returned.wait_timeout(idle, left).map_err(poisoned)?.0;
        };
        drop(idle);
        // Given back when dropped, reconnected or not.
        let mut taken = Taken {
            pool: self,
            db: Some(db),
        };
        if taken.conn().is_broken() {
            if let Err(e) = taken.conn().reconnect() {
                tracing::error!(error = %e, "database: cannot connect again");
                return Err(AppError::Unavailable);
            }
            tracing::info!("database: connected again");
        }
        Ok(taken)
    }

    /// Adds connections (PostgreSQL: opened after the first, which migrated).
    pub fn add(&self, more: Vec<Db>) {
        if let Ok(mut idle) = self.idle.lock() {
            let n = more.len();
            idle.extend(more);
            for _ in 0..n {
                self.returned.notify_one();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_comes_back_after_use_and_after_a_panic() {
        let pool = DbPool::new(vec![Db::open(":memory:").unwrap()]);
        {
            let mut db = pool.take().unwrap();
            assert!(db.members().unwrap().is_empty());
        }
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _db = pool.take().unwrap();
            panic!("a handler bug");
        }));
        assert!(caught.is_err());
        // Not lost: taken again at once.
        let _db = pool.take().unwrap();
    }

    #[test]
    fn a_second_taker_waits_for_the_first() {
        let pool = std::sync::Arc::new(DbPool::new(vec![Db::open(":memory:").unwrap()]));
        let first = pool.take().unwrap();
        let p = pool.clone();
        let waiter = std::thread::spawn(move || p.take().map(|_| ()).is_ok());
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(
            !waiter.is_finished(),
            "only one connection: the second waits"
        );
        drop(first);
        assert!(waiter.join().unwrap());
    }

    #[test]
    fn a_taker_is_answered_unavailable_when_no_connection_comes_back_in_time() {
        let pool = DbPool::waiting(
            vec![Db::open(":memory:").unwrap()],
            Duration::from_millis(200),
        );
        let held = pool.take().unwrap();
        let asked = Instant::now();
        assert!(matches!(pool.take().err(), Some(AppError::Unavailable)));
        assert!(asked.elapsed() >= Duration::from_millis(200));
        drop(held);
        assert!(pool.take().is_ok(), "the connection came back");
    }
}
