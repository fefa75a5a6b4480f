//! Talking to the dispute API: sessions, requests and error mapping.
//!
//! The only module that sees a token. [`Secret`] keeps tokens out of `Debug` output; requests
//! carry them only in the `Authorization` header and only to the configured API origin.
//! Mapping of HTTP answers to [`ApiError`] is plain Rust (tested natively); the fetch glue in
//! `http.rs` exists only on wasm.

#[cfg(target_arch = "wasm32")]
mod body;
#[cfg(target_arch = "wasm32")]
mod http;
#[cfg(target_arch = "wasm32")]
mod renewal;
#[cfg(target_arch = "wasm32")]
mod timers;
#[cfg(target_arch = "wasm32")]
mod upload;
#[cfg(target_arch = "wasm32")]
pub use body::{upload_body, upload_body_read};
#[cfg(target_arch = "wasm32")]
pub use http::Client;
#[cfg(target_arch = "wasm32")]
pub use timers::sleep;
#[cfg(target_arch = "wasm32")]
pub use upload::Progress;

pub mod progress;
pub mod retry;

use casap_api::RpcStatus;

/// How the widget gets a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// A provider JWT to exchange at `/v1/authenticate`.
    Provider(Secret),
    /// A session token the host already holds, with its expiry (Unix ms) when known.
    Session {
        token: Secret,
        expires_at_ms: Option<i64>,
    },
    /// Nothing up front: ask the host's `fetchProviderToken` callback.
    FromHost,
}

/// A token: compared and cloned, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The raw value, for the `Authorization` header only.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl core::fmt::Debug for Secret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Why a call to the API failed, in terms the widget can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// No answer at all: offline, DNS, refused connection, CORS refusal, bad `apiBaseUrl`.
    #[error("could not reach the API")]
    Network,
    /// 401: the token was refused.
    #[error("the API refused the credentials (HTTP 401): {0}")]
    Unauthenticated(String),
    /// 5xx or 429: the service is struggling; retrying later may work.
    #[error("the API is unavailable (HTTP {status}): {message}")]
    Unavailable {
        status: u16,
        message: String,
        /// What the server's `Retry-After` asked for, in ms.
        retry_after_ms: Option<u64>,
    },
    /// Any other 4xx: this request will not succeed as it is.
    #[error("the API rejected the request (HTTP {status}): {message}")]
    Rejected { status: u16, message: String },
    /// A 2xx whose body is not what the API promises.
    #[error("the API sent a response the widget cannot read: {0}")]
    BadResponse(String),
    /// A file on the member's device could not be read (removed or changed since it was
    /// picked, a cloud file that would not download): nothing was sent, the service is not at
    /// fault.
    #[error("the file could not be read from this device: {0}")]
    Unreadable(String),
    /// The widget could not prepare the request on this device (encoding it failed): nothing
    /// was sent, the service is not at fault.
    #[error("the request could not be prepared on this device: {0}")]
    Local(String),
    /// The host could not supply a fresh provider token.
    #[error("the host page could not supply a provider token: {0}")]
    NoToken(String),
}

impl ApiError {
    /// Maps a non-2xx HTTP answer, with its `google.rpc.Status` body when it had one.
    pub fn from_status(status: u16, body: Option<RpcStatus>) -> Self {
        Self::from_answer(status, body, None)
    }

    /// [`ApiError::from_status`] with the pause a `Retry-After` header asked for.
    pub fn from_answer(status: u16, body: Option<RpcStatus>, retry_after_ms: Option<u64>) -> Self {
        let message = body
            .map(|b| b.message)
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "no error message".to_owned());
        match status {
            401 => Self::Unauthenticated(message),
            429 | 500..=599 => Self::Unavailable {
                status,
                message,
                retry_after_ms,
            },
            _ => Self::Rejected { status, message },
        }
    }

    /// Whether trying the same thing again may succeed.
    pub fn recoverable(&self) -> bool {
        matches!(
            self,
            Self::Network | Self::Unavailable { .. } | Self::BadResponse(_)
        )
    }
}

/// A session with the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token: Secret,
    /// Unix milliseconds; `None` when the host did not say.
    pub expires_at_ms: Option<i64>,
    /// When the widget got it (Unix ms), to size the renewal margin to its life.
    pub obtained_at_ms: i64,
}

/// Renew (or, when renewing is impossible, warn the member) at most this long before expiry:
/// two minutes, long enough to read the warning and act on it (WCAG 2.2.1 asks for 20 s).
const MAX_MARGIN_MS: i64 = 120_000;

/// Where a session stands at a given moment, for the member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionPhase {
    /// Good for now; look again in `check_in_ms` (`None`: the session never ends).
    Fine { check_in_ms: Option<i64> },
    /// Due for renewal; if it cannot be renewed it ends in `left_ms` and the member is warned.
    Ending { left_ms: i64 },
    /// Over: a new one is needed before the next request.
    Ended,
}

impl Session {
    /// When to renew (Unix ms): before expiry by a fifth of the session's life, at most two
    /// minutes, so a 15-minute session renews 2 min early and a 10-second one 2 s early.
    /// `None`: never.
    pub fn renew_at_ms(&self) -> Option<i64> {
        self.expires_at_ms.map(|exp| {
            let life = (exp - self.obtained_at_ms).max(0);
            exp - (life / 5).min(MAX_MARGIN_MS)
        })
    }

    /// Whether the session can go without renewal at `now_ms`.
    pub fn is_fresh(&self, now_ms: i64) -> bool {
        self.renew_at_ms().is_none_or(|at| now_ms < at)
    }

    /// Whether the session is still accepted at `now_ms` (renewal may be due, but it has not
    /// ended), so a failed renewal need not stop the member yet.
    pub fn is_alive(&self, now_ms: i64) -> bool {
        self.expires_at_ms.is_none_or(|exp| now_ms < exp)
    }

    /// The session's [`SessionPhase`] at `now_ms`.
    pub fn phase(&self, now_ms: i64) -> SessionPhase {
        match (self.renew_at_ms(), self.expires_at_ms) {
            (Some(at), Some(_)) if now_ms < at => SessionPhase::Fine {
                check_in_ms: Some(at - now_ms),
            },
            (Some(_), Some(exp)) if now_ms < exp => SessionPhase::Ending {
                left_ms: exp - now_ms,
            },
            (Some(_), Some(_)) => SessionPhase::Ended,
            _ => SessionPhase::Fine { check_in_ms: None },
        }
    }
}

/// Clock differences below this are the `Date` header's one-second resolution and the trip's
/// latency, not a wrong clock: ignored.
const SKEW_IGNORED_MS: i64 = 5_000;

/// How far the server's clock is ahead of this device's (negative: behind), from a `Date`
/// header (Unix ms) received at `received_at_ms` on the device; `None` when it cannot tell or
/// the difference is within what the header can say.
pub fn clock_offset_ms(server_date_ms: Option<i64>, received_at_ms: i64) -> Option<i64> {
    let offset = server_date_ms? - received_at_ms;
    (offset.abs() >= SKEW_IGNORED_MS).then_some(offset)
}

/// When a session the server says ends at `expires_at_ms` (its clock) ends on this device's
/// clock. With the server's clock offset known, the end moves by it. Without it, an end that
/// is already past on receipt says the device's clock is wrong by an unknown amount: the end
/// is then unknown (`None`: no countdown; a refused request renews the session as ever).
pub fn device_expiry_ms(
    expires_at_ms: i64,
    offset_ms: Option<i64>,
    received_at_ms: i64,
) -> Option<i64> {
    match offset_ms {
        Some(offset) => Some(expires_at_ms - offset),
        None => (expires_at_ms > received_at_ms).then_some(expires_at_ms),
    }
}

/// Time left as minutes and seconds for a countdown, rounded up (so "0:00" only once it is
/// over): 61_001 ms is (1, 2).
pub fn minutes_seconds(left_ms: i64) -> (i64, i64) {
    let secs = (left_ms.max(0) + 999) / 1000;
    (secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(message: &str) -> Option<RpcStatus> {
        Some(RpcStatus {
            code: 0,
            message: message.to_owned(),
            details: vec![],
        })
    }

    #[test]
    fn maps_http_answers() {
        assert_eq!(
            ApiError::from_status(401, status("invalid provider token")),
            ApiError::Unauthenticated("invalid provider token".into())
        );
        let e = ApiError::from_status(503, None);
        assert!(e.recoverable());
        assert!(e.to_string().contains("HTTP 503"), "{e}");
        assert!(ApiError::from_status(429, status("slow down")).recoverable());
        let e = ApiError::from_status(404, status(""));
        assert!(!e.recoverable());
        assert!(e.to_string().contains("no error message"), "{e}");
        assert!(ApiError::Network.recoverable());
        assert!(!ApiError::Unauthenticated(String::new()).recoverable());
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("eyJhbGciOi.secret.value".into());
        let session = Session {
            token: s,
            expires_at_ms: None,
            obtained_at_ms: 0,
        };
        assert!(!format!("{session:?}").contains("secret.value"));
    }

    #[test]
    fn renewal_comes_before_expiry_in_proportion_to_the_session() {
        let long = Session {
            token: Secret::new("t".into()),
            expires_at_ms: Some(900_000),
            obtained_at_ms: 0,
        };
        assert_eq!(long.renew_at_ms(), Some(780_000), "2 min early at most");
        assert!(long.is_fresh(779_999));
        assert!(!long.is_fresh(780_000));
        assert!(long.is_alive(899_999), "due for renewal is not over");
        assert!(!long.is_alive(900_000));
        let short = Session {
            expires_at_ms: Some(10_000),
            ..long.clone()
        };
        assert_eq!(short.renew_at_ms(), Some(8_000), "a fifth of its life");
        let forever = Session {
            expires_at_ms: None,
            ..long
        };
        assert!(forever.is_fresh(i64::MAX - 1));
        assert!(forever.is_alive(i64::MAX - 1));
    }

    #[test]
    fn phases_warn_ahead_of_the_end_and_never_for_endless_sessions() {
        let s = Session {
            token: Secret::new("t".into()),
            expires_at_ms: Some(900_000),
            obtained_at_ms: 0,
        };
        assert_eq!(
            s.phase(0),
            SessionPhase::Fine {
                check_in_ms: Some(780_000)
            }
        );
        assert_eq!(
            s.phase(779_999),
            SessionPhase::Fine {
                check_in_ms: Some(1)
            }
        );
        assert_eq!(s.phase(780_000), SessionPhase::Ending { left_ms: 120_000 });
        assert_eq!(s.phase(899_999), SessionPhase::Ending { left_ms: 1 });
        assert_eq!(s.phase(900_000), SessionPhase::Ended);
        assert_eq!(s.phase(2_000_000), SessionPhase::Ended);
        let endless = Session {
            expires_at_ms: None,
            ..s
        };
        assert_eq!(endless.phase(5), SessionPhase::Fine { check_in_ms: None });
    }

    #[test]
    fn a_wrong_device_clock_does_not_end_a_session_early() {
        let received = 1_800_000_000_000;
        // The device runs two hours fast: the server's 15-minute session looks past.
        let server_now = received - 7_200_000;
        let offset = clock_offset_ms(Some(server_now), received);
        assert_eq!(offset, Some(-7_200_000));
        assert_eq!(
            device_expiry_ms(server_now + 900_000, offset, received),
            Some(received + 900_000),
            "15 minutes from receipt on the device's clock"
        );
        // Two hours slow: the session would otherwise look two hours longer than it is.
        let offset = clock_offset_ms(Some(received + 7_200_000), received);
        assert_eq!(
            device_expiry_ms(received + 7_200_000 + 900_000, offset, received),
            Some(received + 900_000)
        );
        // A second's difference is the header's resolution, not a wrong clock.
        assert_eq!(clock_offset_ms(Some(received - 1_000), received), None);
        assert_eq!(clock_offset_ms(None, received), None);
        // No Date header: an end in the future is taken as it is; one already past is unknown.
        assert_eq!(
            device_expiry_ms(received + 900_000, None, received),
            Some(received + 900_000)
        );
        assert_eq!(device_expiry_ms(received - 1, None, received), None);
    }

    #[test]
    fn countdown_rounds_up_to_the_second() {
        assert_eq!(minutes_seconds(120_000), (2, 0));
        assert_eq!(minutes_seconds(61_001), (1, 2));
        assert_eq!(minutes_seconds(59_000), (0, 59));
        assert_eq!(minutes_seconds(1), (0, 1));
        assert_eq!(minutes_seconds(0), (0, 0));
        assert_eq!(minutes_seconds(-5), (0, 0));
    }
}
