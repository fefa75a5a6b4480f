//! Integration tests of the sandbox: in-process through `app()` and `oneshot`, plus a few over
//! a real socket. One binary; each module holds one concern:
//!
//! - `util`: the `Sandbox` test client, sessions, sample requests and files
//! - `authenticate`: the provider-JWT rejection matrix and session expiry
//! - `disputes`: create, list (paging, filters, spellings), status, reopen, idempotency
//! - `files`: uploads and the file rules (type by bytes, names, sizes)
//! - `isolation`: the cross-member and cross-org matrix on every route
//! - `errors`: malformed bodies, wrong types, bad enums, missing fields, limits, rate limit
//! - `faults`: fault injection, including commit-then-drop over a real socket
//! - `demo`: the `/sandbox/` helper routes and back office
//! - `decisionly`: the fake of Decisionly's issuer cases
//! - `persistence`: a restart with a file database keeps everything
//! - `shape`: every response checked against Casap's OpenAPI schemas

mod authenticate;
mod decisionly;
mod demo;
mod disputes;
mod errors;
mod faults;
mod files;
mod isolation;
mod persistence;
mod shape;
mod util;
