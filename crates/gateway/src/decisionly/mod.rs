//! Decisionly (`docs/seeds/003_decisionly_issuer_cases.txt`): what a filed dispute becomes
//! there (pure, tested natively) and the connector that `PUT`s its cases.
//!
//! - [`reasons`]: Casap's 17 reasons as Decisionly's (`docs/QUESTIONNAIRE.md` section 6), and
//!   what Decisionly, card only, cannot take.
//! - [`evidence`]: the questionnaire's answers as `issuer_evidence`.
//! - [`enrichment`]: card and network facts the widget does not carry.
//! - [`case`]: the cases of a dispute, or why it is held; [`deferred`] builds them before
//!   sending when the card facts come from the credit union's core.
//! - [`connector`]: the cases sent, each with `PUT` (exactly once per case).
//! - [`status`]: a case's status in the member's words; [`poller`] reads cases back.

pub mod case;
pub mod connector;
pub mod deferred;
pub mod documents;
pub mod enrichment;
pub mod evidence;
pub mod poller;
pub mod reasons;
pub mod status;
