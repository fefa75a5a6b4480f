//! When to try a failed request again, and after how long: exponential backoff with full
//! jitter and a cap, `Retry-After` honoured in both its forms. Plain Rust, no clock and no
//! randomness of its own (the caller passes both), so every decision is tested natively.

use super::ApiError;

/// How many times, and how patiently, to try one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// The delay ceiling before the first retry; it doubles with every retry.
    pub base_ms: u64,
    /// No computed delay exceeds this.
    pub cap_ms: u64,
    /// A server asking for a longer pause than this is not waited for: the member is told and
    /// can try again themselves.
    pub max_retry_after_ms: u64,
}

impl RetryPolicy {
    /// File uploads: patient, since a member on a train loses signal for a while.
    pub const UPLOADS: Self = Self {
        max_attempts: 8,
        base_ms: 300,
        cap_ms: 5_000,
        max_retry_after_ms: 60_000,
    };

    /// Creating a dispute (each retry first looks for the dispute a lost answer created) and
    /// reading: a few quick tries, then the member decides.
    pub const FILING: Self = Self {
        max_attempts: 3,
        base_ms: 500,
        cap_ms: 3_000,
        max_retry_after_ms: 5_000,
    };

    /// The pause before attempt `attempt + 1` after attempt `attempt` (1-based) failed with
    /// `error`, or `None` to give up. `jitter` is a random number in `[0, 1)`.
    pub fn delay_ms(&self, attempt: u32, error: &ApiError, jitter: f64) -> Option<u64> {
        if attempt >= self.max_attempts || !retryable(error) {
            return None;
        }
        if let ApiError::Unavailable {
            retry_after_ms: Some(wait),
            ..
        } = error
        {
            return (*wait <= self.max_retry_after_ms).then_some(*wait);
        }
        // Full jitter: uniformly between zero and the exponential ceiling, so that many
        // widgets failing together do not come back together.
        let ceiling = self
            .base_ms
            .saturating_mul(1u64 << (attempt - 1).min(20))
            .min(self.cap_ms);
        Some((ceiling as f64 * jitter.clamp(0.0, 1.0)) as u64)
    }
}

/// Whether sending the same request again is safe and may succeed: no answer at all, 429 and
/// 5xx. A 4xx will fail the same way; a 401 is handled by renewing the session instead.
pub fn retryable(error: &ApiError) -> bool {
    matches!(error, ApiError::Network | ApiError::Unavailable { .. })
}

/// The pause a `Retry-After` header asks for, in ms: delay-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2026 07:28:00 GMT`, compared with `now_ms`). Anything else is ignored.
pub fn parse_retry_after(value: &str, now_ms: i64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(|s| s.saturating_mul(1000));
    }
    let at = casap_api::time::http_date_ms(value)?;
    Some(at.saturating_sub(now_ms).max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unavailable(retry_after_ms: Option<u64>) -> ApiError {
        ApiError::Unavailable {
            status: 503,
            message: String::new(),
            retry_after_ms,
        }
    }

    #[test]
    fn backs_off_exponentially_with_jitter_under_a_cap() {
        let p = RetryPolicy::UPLOADS;
        let e = ApiError::Network;
        assert_eq!(p.delay_ms(1, &e, 0.999_999), Some(299));
        assert_eq!(p.delay_ms(2, &e, 0.999_999), Some(599));
        assert_eq!(p.delay_ms(3, &e, 0.5), Some(600));
        assert_eq!(p.delay_ms(7, &e, 0.999_999), Some(4_999), "capped");
        assert_eq!(p.delay_ms(3, &e, 0.0), Some(0));
        assert_eq!(p.delay_ms(8, &e, 0.5), None, "eight attempts in all");
    }

    #[test]
    fn filing_tries_three_times_quickly_then_asks_the_member() {
        let p = RetryPolicy::FILING;
        assert_eq!(p.delay_ms(1, &ApiError::Network, 0.999_999), Some(499));
        assert_eq!(p.delay_ms(2, &ApiError::Network, 0.999_999), Some(999));
        assert_eq!(p.delay_ms(3, &ApiError::Network, 0.5), None);
        // A server asking for a minute is not waited for while the member watches.
        assert_eq!(p.delay_ms(1, &unavailable(Some(60_000)), 0.5), None);
        assert_eq!(p.delay_ms(1, &unavailable(Some(1_000)), 0.5), Some(1_000));
    }

    #[test]
    fn retries_only_what_may_succeed() {
        let p = RetryPolicy::UPLOADS;
        assert!(p.delay_ms(1, &unavailable(None), 0.5).is_some());
        let rejected = ApiError::Rejected {
            status: 413,
            message: "too large".into(),
        };
        assert_eq!(p.delay_ms(1, &rejected, 0.5), None);
        assert_eq!(
            p.delay_ms(1, &ApiError::Unauthenticated(String::new()), 0.5),
            None
        );
        assert_eq!(
            p.delay_ms(1, &ApiError::BadResponse(String::new()), 0.5),
            None
        );
    }

    #[test]
    fn honours_retry_after_within_reason() {
        let p = RetryPolicy::UPLOADS;
        assert_eq!(p.delay_ms(1, &unavailable(Some(1_000)), 0.0), Some(1_000));
        assert_eq!(p.delay_ms(2, &unavailable(Some(60_000)), 0.9), Some(60_000));
        assert_eq!(p.delay_ms(2, &unavailable(Some(60_001)), 0.9), None);
    }

    #[test]
    fn reads_both_forms_of_retry_after() {
        assert_eq!(parse_retry_after("120", 0), Some(120_000));
        assert_eq!(parse_retry_after(" 0 ", 0), Some(0));
        // 1994-11-06T08:49:37Z is 784111777 s after the epoch.
        let at = 784_111_777_000;
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(parse_retry_after(date, at - 5_000), Some(5_000));
        assert_eq!(parse_retry_after(date, at + 5_000), Some(0), "in the past");
        for bad in [
            "",
            "-1",
            "soon",
            "1.5",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, 0), None, "{bad:?}");
        }
    }
}
