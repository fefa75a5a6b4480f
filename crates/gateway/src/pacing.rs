//! When the outbox may send next: the back end's rate limit, its `429` pauses, and backoff
//! after failures. Pure (times are passed in, Unix milliseconds), tested natively; the state
//! lives in the database (`outbox::reserve_send`), so every instance on one database shares
//! one rate limit per API key.
//!
//! - At most `limit` requests in any window (a sliding log of send times, plus a small margin
//!   so a request that arrives late by network jitter, or from an instance whose clock is a
//!   little behind, still falls outside the back end's window); the limit only ever comes down,
//!   to what `X-RateLimit-Limit` says.
//! - A `429` pauses every send until its `Retry-After` has passed (it is not an attempt).
//! - Network errors and 5xx wait `min(max, base · 2^attempt)` with full jitter.

use std::time::Duration;

/// The first retry waits up to this long (full jitter).
pub const BACKOFF_BASE: Duration = Duration::from_secs(1);

/// Sliding-window pacing of sends to one API key.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Requests allowed per window now.
    pub limit: u32,
    pub window_ms: i64,
}

impl Window {
    /// 5% of the window, at most a second: 1 s of 60, 100 ms of 2.
    pub fn margin_ms(&self) -> i64 {
        (self.window_ms / 20).min(1000)
    }

    /// When the next request may go (`now` if at once), given the latest sends, newest first
    /// (at least `limit` of them when there are that many), and a `429`'s pause.
    pub fn ready_at(&self, now: i64, sent_newest_first: &[i64], paused_until: Option<i64>) -> i64 {
        let mut at = now.max(paused_until.unwrap_or(now));
        let limit = self.limit.max(1) as usize;
        if let Some(oldest_counted) = sent_newest_first.get(limit - 1) {
            // The request `limit` back must have left the window.
            at = at.max(oldest_counted + self.window_ms + self.margin_ms());
        }
        at
    }
}

/// The limit after a `429` that said `limit_header`: only ever lower.
pub fn lowered(limit: u32, limit_header: Option<u32>) -> u32 {
    match limit_header {
        Some(l) if l >= 1 && l < limit => l,
        _ => limit,
    }
}

/// How long to wait after failed attempt number `attempt` (1-based), with `unit` in [0, 1)
/// drawn by the caller.
pub fn backoff(attempt: u32, max: Duration, unit: f64) -> Duration {
    let exp = BACKOFF_BASE.saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
    exp.min(max)
        .mul_f64(unit.clamp(0.0, 1.0))
        .max(Duration::from_millis(50))
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Window = Window {
        limit: 5,
        window_ms: 60_000,
    };

    #[test]
    fn never_more_than_the_limit_in_any_window() {
        let t0 = 1_000_000;
        let mut sent: Vec<i64> = Vec::new(); // newest first
        let mut now = t0;
        let mut times = Vec::new();
        for _ in 0..12 {
            now = W.ready_at(now, &sent, None);
            sent.insert(0, now);
            times.push(now);
        }
        for (i, t) in times.iter().enumerate().skip(5) {
            assert!(
                *t >= times[i - 5] + 60_000,
                "request {i} inside the window of {}",
                i - 5
            );
        }
        // The first five go at once, the sixth a window (and the margin) later.
        assert_eq!(times[4], t0);
        assert_eq!(times[5], t0 + 60_000 + 1000);
    }

    #[test]
    fn a_429_pauses_and_lowers_the_limit() {
        let t0 = 1_000_000;
        assert_eq!(
            W.ready_at(t0, &[t0, t0, t0], Some(t0 + 60_000)),
            t0 + 60_000
        );
        assert_eq!(lowered(10, Some(5)), 5);
        // A higher header never raises it; none leaves it.
        assert_eq!(lowered(5, Some(50)), 5);
        assert_eq!(lowered(5, None), 5);
        assert_eq!(lowered(5, Some(0)), 5);
        // Five sends at t0 under a limit lowered to 5: the sixth waits a window.
        let w = Window {
            limit: lowered(10, Some(5)),
            ..W
        };
        assert_eq!(w.ready_at(t0, &[t0; 5], None), t0 + 61_000);
    }

    #[test]
    fn backoff_grows_to_its_cap_with_jitter() {
        let max = Duration::from_secs(300);
        assert_eq!(backoff(1, max, 0.999_999).as_millis(), 999);
        assert_eq!(backoff(3, max, 0.5), Duration::from_secs(2));
        assert_eq!(backoff(30, max, 1.0), max);
        assert_eq!(backoff(5, max, 0.0), Duration::from_millis(50));
    }
}
