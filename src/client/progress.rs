//! How often upload progress reaches the member: at most once per [`INTERVAL_MS`], plus the
//! last report. Browsers fire upload `progress` events at their own pace: Chromium about every
//! 50 ms, WebKit (Safari, every iPhone) for every few kilobytes sent, over a thousand for a
//! 25 MB document; each report re-renders the upload list, which there made the upload five
//! times slower and grew the page's memory by 600 MB (measured, BENCHMARKS.md). Plain Rust, no
//! clock of its own (the caller passes the time), tested natively.

/// The least time between two reports, in ms: ten a second reads as smooth progress.
pub const INTERVAL_MS: f64 = 100.0;

/// Decides which progress reports of one request are passed on.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct ProgressGate {
    /// When the last report was passed on (ms, any clock), if one was.
    last_ms: Option<f64>,
}

impl ProgressGate {
    /// Whether the report of `sent` of `total` bytes at `now_ms` is passed on: the first one,
    /// the one that completes the body, and otherwise one per [`INTERVAL_MS`].
    pub fn pass(&mut self, now_ms: f64, sent: u64, total: u64) -> bool {
        let due = match self.last_ms {
            None => true,
            Some(last) => sent >= total || now_ms - last >= INTERVAL_MS || now_ms < last,
        };
        if due {
            self.last_ms = Some(now_ms);
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_the_first_the_last_and_one_per_interval() {
        let mut gate = ProgressGate::default();
        let total = 25_000_000;
        // WebKit's pace: a report every 3 ms for 5 s.
        let passed: Vec<u64> = (0..1_667u64)
            .map(|i| (i as f64 * 3.0, ((i + 1) * 15_000).min(total)))
            .filter(|&(t, sent)| gate.pass(t, sent, total))
            .map(|(_, sent)| sent)
            .collect();
        assert_eq!(passed[0], 15_000, "the first report shows at once");
        assert_eq!(
            *passed.last().unwrap(),
            total,
            "the completing report is never dropped"
        );
        assert!(
            (50..=52).contains(&passed.len()),
            "{} reports",
            passed.len()
        );
        assert!(passed.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_slow_pace_passes_everything_and_a_clock_going_back_does_not_stall() {
        let mut gate = ProgressGate::default();
        assert!(gate.pass(0.0, 1, 10));
        assert!(gate.pass(150.0, 2, 10));
        assert!(!gate.pass(200.0, 3, 10));
        assert!(gate.pass(250.0, 4, 10));
        // The wall clock was set back: report rather than wait for it to catch up.
        assert!(gate.pass(10.0, 5, 10));
        assert!(gate.pass(11.0, 10, 10), "complete");
    }
}
