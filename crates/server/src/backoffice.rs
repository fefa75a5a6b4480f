//! What the back office does to a dispute, as the member then sees it: the final decision on
//! every transaction, and the dispute closed. The sandbox's demo back office and the gateway's
//! staff tools both record decisions through here.

use casap_api::{
    DisputeStatus, DisputeSummary, DisputedTransactionStatus, FinalDecisionEvent,
    FinalDecisionType, TransactionAuditLog, TransactionEventType,
};

/// Closes `d` with `decision` on every transaction at `now_ms` (an accepted one is credited in
/// full).
pub fn close(d: &mut DisputeSummary, decision: FinalDecisionType, now_ms: i64) {
    for t in &mut d.transactions {
        t.status = DisputedTransactionStatus::Closed;
        t.transaction_final_status = decision;
        if decision == FinalDecisionType::Accepted {
            t.final_credit_amount = Some(t.amount.clone());
        }
        t.audit_log.push(TransactionAuditLog {
            timestamp: now_ms,
            event_type: TransactionEventType::RecordFinalDecision,
            record_final_decision: Some(FinalDecisionEvent {
                kind: decision,
                ..FinalDecisionEvent::default()
            }),
            ..TransactionAuditLog::default()
        });
    }
    d.status = DisputeStatus::Closed;
}
