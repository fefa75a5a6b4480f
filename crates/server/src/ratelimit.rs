//! A per-member fixed-window rate limit: at most `limit` requests a minute.
//!
//! On SQLite (one process) the windows are kept in memory. On PostgreSQL, where any instance
//! may answer a member's next request, each window is a row of `member_rate_limits`, counted by
//! one atomic upsert, so the limit holds across every instance.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::AppError;
use crate::sql::{Conn, Engine};
use crate::sql_params;

const WINDOW: Duration = Duration::from_secs(60);

/// Counts one request of `member` at `now_ms` in the shared table; the window's start and its
/// count so far (this request included).
const COUNT_SHARED: &str = "INSERT INTO member_rate_limits (member_id, window_start_ms, count)
    VALUES (?1, ?2, 1)
    ON CONFLICT (member_id) DO UPDATE SET
      count = CASE WHEN member_rate_limits.window_start_ms > ?2 - ?3
              THEN member_rate_limits.count + 1 ELSE 1 END,
      window_start_ms = CASE WHEN member_rate_limits.window_start_ms > ?2 - ?3
              THEN member_rate_limits.window_start_ms ELSE ?2 END
    RETURNING window_start_ms, count";

/// Counts requests per member; `limit == 0` turns limiting off.
pub struct RateLimiter {
    limit: u32,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32) -> Self {
        Self {
            limit,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `member` at `now_ms`; `RateLimited` with the seconds to wait
    /// when over.
    pub fn check(&self, conn: &mut Conn, member: &str, now_ms: i64) -> Result<(), AppError> {
        if self.limit == 0 {
            return Ok(());
        }
        if conn.engine() == Engine::Postgres {
            let window_ms = WINDOW.as_millis() as i64;
            let row = conn
                .query_opt(COUNT_SHARED, sql_params![member, now_ms, window_ms])?
                .ok_or_else(|| AppError::internal("rate limit not counted"))?;
            let (start, count): (i64, i64) = (row.get(0)?, row.get(1)?);
            if count > i64::from(self.limit) {
                let left_ms = (start + window_ms - now_ms).max(0);
                return Err(AppError::RateLimited {
                    limit: self.limit,
                    retry_after: (left_ms as u64).div_ceil(1000).max(1),
                });
            }
            return Ok(());
        }
        let now = Instant::now();
        let mut windows = self
            .windows
            .lock()
            .map_err(|_| AppError::internal("rate limiter lock poisoned"))?;
        let (start, count) = windows.entry(member.to_owned()).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        if *count >= self.limit {
            let left = WINDOW.saturating_sub(now.duration_since(*start));
            return Err(AppError::RateLimited {
                limit: self.limit,
                retry_after: left.as_secs().max(1),
            });
        }
        *count += 1;
        Ok(())
    }
}
