//! A per-member fixed-window rate limit: at most `limit` requests a minute.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::AppError;

const WINDOW: Duration = Duration::from_secs(60);

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

    /// Counts one request of `member`; `RateLimited` with the seconds to wait when over.
    pub fn check(&self, member: &str) -> Result<(), AppError> {
        if self.limit == 0 {
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
