//! One component per step of the filing flow.

mod confirmation;
mod evidence;
mod questions;
mod reason;
mod review;
mod transactions;

pub use confirmation::ConfirmationStep;
pub use evidence::EvidenceStep;
pub use questions::QuestionsStep;
pub use reason::ReasonStep;
pub use review::{ReviewStep, shown_answer};
pub use transactions::TransactionsStep;
