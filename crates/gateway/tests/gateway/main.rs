//! The gateway's integration tests: one binary (see `util.rs` for the harness: a test identity
//! provider serving a JWKS, the sandbox's fake of Casap's server API, and gateways in-process
//! or as a child process). Every test runs on SQLite, and again on PostgreSQL with
//! `GATEWAY_TEST_STORE=postgres` (`pg.rs`; `cargo xtask test` runs both).

mod auth;
mod correlation;
mod crash;
mod decisionly;
mod forwarding;
mod instances;
mod ops;
mod pg;
mod pg_ops;
mod util;
