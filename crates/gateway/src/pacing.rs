//! When the outbox may send next: the back end's rate limit, its `429` pauses, and backoff
//! after failures. Pure (times are passed in), tested natively.
//!
//! - At most `limit` requests in any window (a sliding log of send times, plus a small margin
//!   so a request that arrives late by network jitter still falls outside the back end's
//!   window); the limit only ever comes down, to what `X-RateLimit-Limit` says.
//! - A `429` pauses every send until its `Retry-After` has passed (it is not an attempt).
//! - Network errors and 5xx wait `min(max, base · 2^attempt)` with full jitter.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// The first retry waits up to this long (full jitter).
pub const BACKOFF_BASE: Duration = Duration::from_secs(1);

/// Sliding-window pacing of sends to one API key.
#[derive(Debug)]
pub struct Pacer {
    limit: u32,
    window: Duration,
    margin: Duration,
    sent: VecDeque<Instant>,
    paused_until: Option<Instant>,
}

impl Pacer {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit: limit.max(1),
            window,
            // 5% of the window, at most a second: 1 s of 60, 100 ms of 2.
            margin: (window / 20).min(Duration::from_secs(1)),
            sent: VecDeque::new(),
            paused_until: None,
        }
    }

    /// Requests allowed per window now.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// When the next request may go (`now` if it may go at once).
    pub fn ready_at(&self, now: Instant) -> Instant {
        let mut at = now;
        if let Some(p) = self.paused_until {
            at = at.max(p);
        }
        let n = self.sent.len();
        if n >= self.limit as usize {
            // The request `limit` back must have left the window.
            let oldest_counted = self.sent[n - self.limit as usize];
            at = at.max(oldest_counted + self.window + self.margin);
        }
        at
    }

    /// Records a request sent at `at`.
    pub fn sent(&mut self, at: Instant) {
        self.sent.push_back(at);
        while self.sent.len() > self.limit as usize {
            self.sent.pop_front();
        }
    }

    /// A `429`: nothing is sent before `retry_after` has passed from `now`, and the limit
    /// comes down to `limit_header` when that is lower.
    pub fn rate_limited(&mut self, now: Instant, retry_after: Duration, limit_header: Option<u32>) {
        let until = now + retry_after;
        self.paused_until = Some(self.paused_until.map_or(until, |p| p.max(until)));
        if let Some(l) = limit_header.filter(|l| *l >= 1 && *l < self.limit) {
            self.limit = l;
            while self.sent.len() > l as usize {
                self.sent.pop_front();
            }
        }
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

    const W: Duration = Duration::from_secs(60);

    #[test]
    fn never_more_than_the_limit_in_any_window() {
        let t0 = Instant::now();
        let mut p = Pacer::new(5, W);
        let mut times = Vec::new();
        let mut now = t0;
        for _ in 0..12 {
            now = p.ready_at(now);
            p.sent(now);
            times.push(now);
        }
        for (i, t) in times.iter().enumerate().skip(5) {
            assert!(
                *t >= times[i - 5] + W,
                "request {i} inside the window of {}",
                i - 5
            );
        }
        // The first five go at once, the sixth a window (and the margin) later.
        assert_eq!(times[4], t0);
        assert_eq!(times[5], t0 + W + Duration::from_secs(1));
    }

    #[test]
    fn a_429_pauses_and_lowers_the_limit() {
        let t0 = Instant::now();
        let mut p = Pacer::new(10, W);
        for _ in 0..3 {
            p.sent(t0);
        }
        p.rate_limited(t0, Duration::from_secs(60), Some(5));
        assert_eq!(p.limit(), 5);
        assert_eq!(p.ready_at(t0), t0 + Duration::from_secs(60));
        // A higher header never raises it.
        p.rate_limited(t0, Duration::from_secs(1), Some(50));
        assert_eq!(p.limit(), 5);
        assert_eq!(p.ready_at(t0), t0 + Duration::from_secs(60));
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
