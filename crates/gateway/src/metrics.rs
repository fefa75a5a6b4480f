//! Prometheus metrics of the outbox (`GET /metrics`, staff credentials): queue depth by state,
//! age of the oldest pending entry (read from the database at each scrape, so they are right
//! whichever process changed them), and counters of sends, failures, dead letters and `429`s
//! since start.

use prometheus::{Encoder, Gauge, IntCounter, IntGaugeVec, Opts, Registry, TextEncoder};

use crate::outbox::Stats;

pub struct Metrics {
    registry: Registry,
    pub sent: IntCounter,
    pub failed: IntCounter,
    pub dead: IntCounter,
    pub rate_limited: IntCounter,
    depth: IntGaugeVec,
    oldest: Gauge,
}

fn counter(registry: &Registry, name: &str, help: &str) -> IntCounter {
    let c = IntCounter::new(name, help).expect("valid metric name");
    registry
        .register(Box::new(c.clone()))
        .expect("registered once");
    c
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let depth = IntGaugeVec::new(
            Opts::new("dispute_gateway_outbox_entries", "Outbox entries by state"),
            &["state"],
        )
        .expect("valid metric");
        registry
            .register(Box::new(depth.clone()))
            .expect("registered once");
        let oldest = Gauge::new(
            "dispute_gateway_outbox_oldest_pending_age_seconds",
            "Age of the oldest entry not yet sent (0 when none)",
        )
        .expect("valid metric");
        registry
            .register(Box::new(oldest.clone()))
            .expect("registered once");
        Self {
            sent: counter(
                &registry,
                "dispute_gateway_outbox_sent_total",
                "Disputes the back end accepted",
            ),
            failed: counter(
                &registry,
                "dispute_gateway_outbox_failed_total",
                "Sends that failed and will be retried (network, 5xx)",
            ),
            dead: counter(
                &registry,
                "dispute_gateway_outbox_dead_total",
                "Disputes the back end refused (dead letters)",
            ),
            rate_limited: counter(
                &registry,
                "dispute_gateway_backend_rate_limited_total",
                "429 answers from the back end",
            ),
            depth,
            oldest,
            registry,
        }
    }

    /// The text exposition, with the gauges set from `stats`.
    pub fn render(&self, stats: &Stats) -> String {
        for (state, n) in [
            ("pending", stats.pending),
            ("sent", stats.sent),
            ("held", stats.held),
            ("dead", stats.dead),
        ] {
            self.depth.with_label_values(&[state]).set(n);
        }
        self.oldest
            .set(stats.oldest_pending_ms.unwrap_or(0) as f64 / 1000.0);
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .expect("text encoding cannot fail");
        String::from_utf8(out).unwrap_or_default()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
