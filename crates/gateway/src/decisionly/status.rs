//! What a Decisionly case's status means for the member (pure, tested natively).
//!
//! - `created`: nothing new (the dispute is open with the credit union).
//! - `chargeback_filed`, `chargeback_represented`, `prearb_filed`, `prearb_rebutted`,
//!   `arbitration_filed`: the transaction is "with the card network", each step a timeline
//!   event.
//! - `won`, `lost`, `closed` (but withdrawn): the card network's outcome, shown as "reviewed
//!   with the card network". It is **not** the member's decision: under Reg E and Reg Z the
//!   credit union decides, and staff record that (`/staff/cases/{id}/close`).
//! - `closed` as `withdrawn`: the dispute was withdrawn; the transaction closes as canceled.
//!
//! Unknown statuses change nothing (and are logged by the poller).

use casap_api::{DisputedTransactionStatus, FinalDecisionType, TransactionEventType};

/// What to record on the member's transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Nothing to show.
    None,
    /// With the card network, at this step.
    Network(TransactionEventType),
    /// The network is done; the credit union's decision is still to come.
    NetworkDone,
    /// Withdrawn: the transaction closes with this decision.
    Closed(FinalDecisionType),
}

/// The change a case's `status` (and `closed_reason`) brings.
pub fn change(status: &str, closed_reason: Option<&str>) -> Change {
    use TransactionEventType as E;
    match status {
        "chargeback_filed" => Change::Network(E::StartChargeback),
        "chargeback_represented" => Change::Network(E::RecordRepresentment),
        "prearb_filed" => Change::Network(E::FilePreArb),
        "prearb_rebutted" => Change::Network(E::RecordPreArbResponse),
        "arbitration_filed" => Change::Network(E::FileArb),
        "closed" if closed_reason == Some("withdrawn") => {
            Change::Closed(FinalDecisionType::Canceled)
        }
        "won" | "lost" | "closed" => Change::NetworkDone,
        _ => Change::None,
    }
}

/// Whether the poller can stop reading a case in this status.
pub fn is_final(status: &str) -> bool {
    matches!(status, "won" | "lost" | "closed")
}

/// The member's transaction after `c` (status, and the event to add to its timeline).
pub fn apply(c: Change) -> Option<(DisputedTransactionStatus, TransactionEventType)> {
    match c {
        Change::None => None,
        Change::Network(e) => Some((DisputedTransactionStatus::Chargeback, e)),
        Change::NetworkDone => Some((
            DisputedTransactionStatus::Chargeback,
            TransactionEventType::CloseChargeback,
        )),
        Change::Closed(_) => Some((
            DisputedTransactionStatus::Closed,
            TransactionEventType::RecordFinalDecision,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TransactionEventType as E;

    #[test]
    fn every_status_has_its_meaning() {
        assert_eq!(change("created", None), Change::None);
        assert_eq!(
            change("chargeback_filed", None),
            Change::Network(E::StartChargeback)
        );
        assert_eq!(
            change("arbitration_filed", None),
            Change::Network(E::FileArb)
        );
        for outcome in ["won", "lost"] {
            assert_eq!(change(outcome, None), Change::NetworkDone, "{outcome}");
            assert!(is_final(outcome));
        }
        assert_eq!(change("closed", Some("accepted")), Change::NetworkDone);
        assert_eq!(
            change("closed", Some("withdrawn")),
            Change::Closed(FinalDecisionType::Canceled)
        );
        assert_eq!(change("escalated_somewhere", None), Change::None);
        assert!(!is_final("chargeback_filed"));
    }

    #[test]
    fn the_network_outcome_is_never_the_members_decision() {
        for outcome in ["won", "lost"] {
            let (status, event) = apply(change(outcome, None)).unwrap();
            assert_eq!(status, DisputedTransactionStatus::Chargeback);
            assert_ne!(event, E::RecordFinalDecision);
        }
    }
}
