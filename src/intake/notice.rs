//! The session notice's decisions (WCAG 2.2.1), apart from the clock and the screen: given
//! where the session stands, whether to try a silent renewal, what the member is shown, when
//! the host hears `sessionexpiring`, and when to look again. `ui/session.rs` runs it.

use crate::client::SessionPhase;

/// How long "You are still signed in" stays up.
pub const EXTENDED_SHOWN_MS: i64 = 10_000;
/// How often a session without a known end (or one already ended) is looked at again, so a
/// session handed over by the host's `update()` is noticed.
pub const IDLE_CHECK_MS: i64 = 15_000;

/// What the member is told about their session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Nothing,
    Ending { ends_at_ms: i64, left_ms: i64 },
    Ended,
    Extended,
}

/// What to do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Try a silent renewal (the session still serves if it fails), then look again at once.
    Renew,
    /// Show `shown`; tell the host `sessionexpiring` when `tell_host`; forget a refused
    /// "Stay signed in" when `reset_ask` (the session was extended); look again in `wait_ms`.
    Show {
        shown: Shown,
        tell_host: bool,
        reset_ask: bool,
        wait_ms: i64,
    },
}

/// The watch over one client's session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    last: Shown,
    /// The session end a silent renewal was tried for, and the one the host was told about.
    tried_for: Option<i64>,
    told_for: Option<i64>,
    extended_until: i64,
}

impl Default for Notice {
    fn default() -> Self {
        Self {
            last: Shown::Nothing,
            tried_for: None,
            told_for: None,
            extended_until: 0,
        }
    }
}

impl Notice {
    /// The next thing to do at `now_ms`, with the session in `phase` ending at `ends_at_ms`
    /// (device clock); `renews_by_itself`: the widget can get a new session without the host.
    pub fn next(
        &mut self,
        now_ms: i64,
        phase: Option<SessionPhase>,
        ends_at_ms: Option<i64>,
        renews_by_itself: bool,
    ) -> Next {
        let mut reset_ask = false;
        let (shown, wait_ms) = match phase {
            Some(SessionPhase::Ending { .. })
                if renews_by_itself && self.tried_for != ends_at_ms =>
            {
                self.tried_for = ends_at_ms;
                return Next::Renew;
            }
            Some(SessionPhase::Ending { left_ms }) => (
                Shown::Ending {
                    ends_at_ms: ends_at_ms.unwrap_or(now_ms + left_ms),
                    left_ms,
                },
                // Wake on the second boundary of the countdown.
                (left_ms - 1) % 1000 + 1,
            ),
            Some(SessionPhase::Ended) => (Shown::Ended, IDLE_CHECK_MS),
            Some(SessionPhase::Fine { check_in_ms }) => {
                if matches!(self.last, Shown::Ending { .. } | Shown::Ended) {
                    self.extended_until = now_ms + EXTENDED_SHOWN_MS;
                    reset_ask = true;
                }
                let check = check_in_ms.unwrap_or(IDLE_CHECK_MS).min(IDLE_CHECK_MS);
                if now_ms < self.extended_until {
                    (Shown::Extended, check.min(self.extended_until - now_ms))
                } else {
                    (Shown::Nothing, check)
                }
            }
            None => (Shown::Nothing, IDLE_CHECK_MS),
        };
        // The host hears of each session's end once, when the member is warned, or when it has
        // ended unseen (a laptop lid closed).
        let tell_host =
            matches!(shown, Shown::Ending { .. } | Shown::Ended) && self.told_for != ends_at_ms;
        if tell_host {
            self.told_for = ends_at_ms;
        }
        self.last = shown;
        Next::Show {
            shown,
            tell_host,
            reset_ask,
            wait_ms: wait_ms.max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(next: Next) -> (Shown, bool, bool, i64) {
        match next {
            Next::Show {
                shown,
                tell_host,
                reset_ask,
                wait_ms,
            } => (shown, tell_host, reset_ask, wait_ms),
            Next::Renew => panic!("renewal where a notice was expected"),
        }
    }

    const END: i64 = 1_000_000;

    #[test]
    fn a_fine_session_shows_nothing_and_is_looked_at_again_when_renewal_is_due() {
        let mut n = Notice::default();
        let fine = Some(SessionPhase::Fine {
            check_in_ms: Some(4_000),
        });
        assert_eq!(
            show(n.next(0, fine, Some(END), false)),
            (Shown::Nothing, false, false, 4_000)
        );
        let endless = Some(SessionPhase::Fine { check_in_ms: None });
        assert_eq!(show(n.next(0, endless, None, false)).3, IDLE_CHECK_MS);
        assert_eq!(
            show(n.next(0, None, None, false)),
            (Shown::Nothing, false, false, IDLE_CHECK_MS)
        );
    }

    #[test]
    fn a_session_the_widget_can_renew_is_renewed_silently_once_before_any_warning() {
        let mut n = Notice::default();
        let ending = Some(SessionPhase::Ending { left_ms: 90_500 });
        assert_eq!(n.next(END - 90_500, ending, Some(END), true), Next::Renew);
        // The renewal failed: the member is warned, the host told once, the countdown wakes on
        // the second boundary.
        assert_eq!(
            show(n.next(END - 90_500, ending, Some(END), true)),
            (
                Shown::Ending {
                    ends_at_ms: END,
                    left_ms: 90_500
                },
                true,
                false,
                500
            )
        );
        let later = Some(SessionPhase::Ending { left_ms: 89_000 });
        let (_, told, _, wait) = show(n.next(END - 89_000, later, Some(END), true));
        assert!(!told, "the host hears once per session end");
        assert_eq!(wait, 1_000);
    }

    #[test]
    fn without_self_renewal_the_member_is_warned_then_told_it_ended() {
        let mut n = Notice::default();
        let ending = Some(SessionPhase::Ending { left_ms: 120_000 });
        let (shown, told, _, _) = show(n.next(END - 120_000, ending, Some(END), false));
        assert!(matches!(shown, Shown::Ending { .. }) && told);
        let (shown, told, _, wait) = show(n.next(END, Some(SessionPhase::Ended), Some(END), false));
        assert_eq!((shown, told, wait), (Shown::Ended, false, IDLE_CHECK_MS));
        // A session that ended unseen (lid closed) is told to the host too.
        let mut unseen = Notice::default();
        assert!(show(unseen.next(END, Some(SessionPhase::Ended), Some(END), false)).1);
    }

    #[test]
    fn an_extended_session_says_so_for_ten_seconds_and_forgets_a_refused_ask() {
        let mut n = Notice::default();
        let ending = Some(SessionPhase::Ending { left_ms: 60_000 });
        n.next(0, ending, Some(END), false);
        let fine = Some(SessionPhase::Fine {
            check_in_ms: Some(600_000),
        });
        assert_eq!(
            show(n.next(1_000, fine, Some(END * 2), false)),
            (Shown::Extended, false, true, EXTENDED_SHOWN_MS)
        );
        assert_eq!(
            show(n.next(6_000, fine, Some(END * 2), false)),
            (Shown::Extended, false, false, 5_000)
        );
        assert_eq!(
            show(n.next(11_000, fine, Some(END * 2), false)).0,
            Shown::Nothing
        );
    }
}
