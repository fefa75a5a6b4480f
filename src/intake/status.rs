//! "My disputes": what the member reads about disputes already filed. Statuses in plain words
//! (anything the widget does not know reads as "in progress", never an error), the audit logs
//! of the dispute and of each transaction merged into one timeline, the amounts, and which
//! transactions can be reopened. Plain Rust, tested natively.

use casap_api::{
    Amount, DisputeEventType, DisputeStatus, DisputeSummary, DisputedTransactionStatus,
    FinalDecisionType, TransactionEventType, timestamp_millis,
};

use crate::sorted::Set;

use crate::i18n::Msg;

/// A dispute's overall status in words.
pub const fn dispute_status(status: DisputeStatus) -> Msg {
    match status {
        DisputeStatus::Open => Msg::StatusOpen,
        DisputeStatus::Closed => Msg::StatusClosed,
        _ => Msg::StatusInProgress,
    }
}

/// A disputed transaction's status in words.
pub const fn transaction_status(status: DisputedTransactionStatus) -> Msg {
    match status {
        DisputedTransactionStatus::Open => Msg::StatusOpen,
        DisputedTransactionStatus::Investigating => Msg::StatusInvestigating,
        DisputedTransactionStatus::Chargeback => Msg::StatusChargeback,
        DisputedTransactionStatus::FinalDecision => Msg::StatusFinalDecision,
        DisputedTransactionStatus::Closed => Msg::StatusClosed,
        _ => Msg::StatusInProgress,
    }
}

/// A final decision in words; `None` when there is none yet.
pub const fn decision(d: FinalDecisionType) -> Option<Msg> {
    match d {
        FinalDecisionType::Accepted => Some(Msg::DecisionAccepted),
        FinalDecisionType::Denied => Some(Msg::DecisionDenied),
        FinalDecisionType::Canceled => Some(Msg::DecisionCanceled),
        _ => None,
    }
}

/// What happened, as the member reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happening {
    Filed,
    AgentAssigned,
    FileAdded,
    Reopened,
    Message,
    /// The gateway sent the dispute to the credit union's dispute team (with the back end's
    /// reference once known).
    SentToTeam(Option<String>),
    ProvisionalCredit(Option<Amount>),
    /// Chargeback, representment, pre-arbitration, arbitration: the card network at work.
    NetworkReview,
    CreditReversed,
    Decision(FinalDecisionType),
    /// Anything else, including values this version does not know.
    Progress,
}

impl Happening {
    /// The words of the timeline entry.
    pub const fn message(&self) -> Msg {
        match self {
            Self::Filed => Msg::EventFiled,
            Self::AgentAssigned => Msg::EventAgentAssigned,
            Self::FileAdded => Msg::EventFileAdded,
            Self::Reopened => Msg::EventReopened,
            Self::Message => Msg::EventMessage,
            Self::SentToTeam(_) => Msg::EventSentToTeam,
            Self::ProvisionalCredit(_) => Msg::EventProvisionalCredit,
            Self::NetworkReview => Msg::EventNetworkReview,
            Self::CreditReversed => Msg::EventCreditReversed,
            Self::Decision(FinalDecisionType::Accepted) => Msg::DecisionAccepted,
            Self::Decision(FinalDecisionType::Denied) => Msg::DecisionDenied,
            Self::Decision(FinalDecisionType::Canceled) => Msg::DecisionCanceled,
            Self::Decision(_) => Msg::EventDecision,
            Self::Progress => Msg::EventProgress,
        }
    }
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Unix ms; 0 when the API gave no time.
    pub at_ms: i64,
    /// The transaction it concerns (its merchant), when it concerns one.
    pub merchant: Option<String>,
    pub happening: Happening,
}

fn dispute_event(e: &casap_api::DisputeAuditLog) -> Option<Happening> {
    Some(match e.event_type {
        DisputeEventType::Create => Happening::Filed,
        DisputeEventType::AssignAgent => Happening::AgentAssigned,
        DisputeEventType::UploadFile | DisputeEventType::UploadWsud => Happening::FileAdded,
        DisputeEventType::Reopen => Happening::Reopened,
        DisputeEventType::Communication | DisputeEventType::AddComment => Happening::Message,
        DisputeEventType::Forwarded => {
            Happening::SentToTeam(Some(e.reference.clone()).filter(|r| !r.is_empty()))
        }
        // Staff-side bookkeeping the member has no use for.
        DisputeEventType::UnassignAgent
        | DisputeEventType::UpdatePriority
        | DisputeEventType::UploadPanToken => return None,
        _ => Happening::Progress,
    })
}

fn transaction_event(e: &casap_api::TransactionAuditLog) -> Happening {
    match e.event_type {
        TransactionEventType::IssueProvisionalCredit => Happening::ProvisionalCredit(
            e.issue_provisional_credit
                .as_ref()
                .and_then(|p| p.amount.clone()),
        ),
        TransactionEventType::StartChargeback
        | TransactionEventType::RecordRepresentment
        | TransactionEventType::ChallengeRepresentment
        | TransactionEventType::FilePreArb
        | TransactionEventType::RecordPreArbResponse
        | TransactionEventType::ChallengePreArbResponse
        | TransactionEventType::FileArb
        | TransactionEventType::RecordArbResponse
        | TransactionEventType::CloseChargeback => Happening::NetworkReview,
        TransactionEventType::ReverseProvisionalCredit => Happening::CreditReversed,
        TransactionEventType::RecordFinalDecision => Happening::Decision(
            e.record_final_decision
                .as_ref()
                .map_or(FinalDecisionType::Unknown, |d| d.kind),
        ),
        _ => Happening::Progress,
    }
}

/// The dispute's and its transactions' events, oldest first (ties keep the API's order).
pub fn timeline(d: &DisputeSummary) -> Vec<Entry> {
    let mut out: Vec<Entry> = d
        .audit_log
        .iter()
        .filter_map(|e| {
            dispute_event(e).map(|happening| Entry {
                at_ms: timestamp_millis(e.timestamp),
                merchant: None,
                happening,
            })
        })
        .collect();
    for t in &d.transactions {
        out.extend(t.audit_log.iter().map(|e| Entry {
            at_ms: timestamp_millis(e.timestamp),
            merchant: Some(t.merchant.clone()),
            happening: transaction_event(e),
        }));
    }
    super::sorted_by(out, |e| e.at_ms)
}

/// When the dispute was filed: its create event, else its earliest event (Unix ms).
pub fn filed_at_ms(d: &DisputeSummary) -> Option<i64> {
    d.audit_log
        .iter()
        .find(|e| e.event_type == DisputeEventType::Create)
        .or_else(|| d.audit_log.iter().min_by_key(|e| e.timestamp))
        .map(|e| timestamp_millis(e.timestamp))
        .filter(|ms| *ms > 0)
}

/// Sums of `amounts` per currency, in the order each currency first appears, signs kept (a
/// credit line stays negative). An empty currency is the API's default, USD.
fn per_currency<'a>(amounts: impl Iterator<Item = &'a Amount>) -> Vec<Amount> {
    let mut out: Vec<Amount> = Vec::new();
    for a in amounts {
        let currency = if a.currency.is_empty() {
            "USD"
        } else {
            a.currency.as_str()
        };
        match out.iter_mut().find(|t| t.currency == currency) {
            Some(t) => t.amount_in_cents = t.amount_in_cents.saturating_add(a.amount_in_cents),
            None => out.push(Amount {
                amount_in_cents: a.amount_in_cents,
                currency: currency.to_owned(),
            }),
        }
    }
    out
}

/// Money summed over the transactions, one total per currency: disputed, and provisional
/// credit given (empty when none was). Amounts in different currencies are never added.
pub fn totals(d: &DisputeSummary) -> (Vec<Amount>, Vec<Amount>) {
    (
        per_currency(d.transactions.iter().map(|t| &t.amount)),
        per_currency(
            d.transactions
                .iter()
                .filter_map(|t| t.provisional_credit_amount.as_ref()),
        ),
    )
}

/// The transactions a member may reopen: the closed ones.
pub fn reopenable(d: &DisputeSummary) -> Vec<&casap_api::DisputedTransaction> {
    d.transactions
        .iter()
        .filter(|t| t.status == DisputedTransactionStatus::Closed)
        .collect()
}

/// The transactions already in an open dispute, which a new dispute may not include: every
/// transaction not closed, of every dispute not closed.
pub fn in_open_disputes(disputes: &[DisputeSummary]) -> Set<String> {
    let mut open = Set::new();
    // Inserted one by one: `collect` into a set would bring a sort into the wasm.
    for d in disputes
        .iter()
        .filter(|d| d.status != DisputeStatus::Closed)
    {
        for t in &d.transactions {
            if t.status != DisputedTransactionStatus::Closed {
                open.insert(t.uuid.clone());
            }
        }
    }
    open
}

/// Whether files can still be added (the API refuses them on a closed dispute).
pub fn accepts_files(d: &DisputeSummary) -> bool {
    d.status != DisputeStatus::Closed
}

/// A case number as typed by a member (` csp-1234 `) in the API's form (`CSP-1234`); `None`
/// when it cannot be one.
pub fn normalize_short_id(typed: &str) -> Option<String> {
    let s = typed
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_ascii_uppercase();
    let ok =
        !s.is_empty() && s.len() <= 32 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then_some(s)
}

/// The dispute a link opens (the `dispute` option): by case number, or by the API's uuid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisputeLink {
    /// A case number, normalized as the search does (`DSP-7QK2`).
    Case(String),
    /// A dispute's uuid (`8-4-4-4-12` hexadecimal), lower-cased.
    Uuid(String),
}

impl DisputeLink {
    /// Reads a link's value; `None` when it is neither a case number nor a uuid.
    pub fn parse(value: &str) -> Option<Self> {
        let v = value.trim();
        let hex = |part: &str, len: usize| {
            part.len() == len && part.chars().all(|c| c.is_ascii_hexdigit())
        };
        let parts: Vec<&str> = v.split('-').collect();
        let uuid = parts.len() == 5 && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| hex(p, n));
        if uuid {
            return Some(Self::Uuid(v.to_ascii_lowercase()));
        }
        normalize_short_id(v).map(Self::Case)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_a_uuid_or_a_case_number() {
        assert_eq!(
            DisputeLink::parse(" 0B0F5E7A-1C2D-4E5F-8A9B-0C1D2E3F4A5B "),
            Some(DisputeLink::Uuid(
                "0b0f5e7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b".into()
            ))
        );
        assert_eq!(
            DisputeLink::parse("dsp 7qk2"),
            Some(DisputeLink::Case("DSP-7QK2".into()))
        );
        // Almost a uuid: a case number can be no longer than 32, so it is neither.
        assert_eq!(
            DisputeLink::parse("0b0f5e7a-1c2d-4e5f-8a9b-0c1d2e3f4a5"),
            None
        );
        for bad in ["", "  ", "DSP/7QK2", "<script>", "DSP-7QK2?x=1"] {
            assert_eq!(DisputeLink::parse(bad), None, "{bad:?}");
        }
    }
    use casap_api::{
        DisputeAuditLog, DisputedTransaction, FinalDecisionEvent, ProvisionalCreditEvent,
        TransactionAuditLog,
    };

    fn usd(cents: i64) -> Amount {
        Amount {
            amount_in_cents: cents,
            currency: "USD".into(),
        }
    }

    fn dispute() -> DisputeSummary {
        let txn = |uuid: &str, merchant: &str, cents, status| DisputedTransaction {
            uuid: uuid.into(),
            merchant: merchant.into(),
            amount: usd(cents),
            status,
            ..DisputedTransaction::default()
        };
        let mut a = txn(
            "t1",
            "Gadget Galaxy",
            24_999,
            DisputedTransactionStatus::Closed,
        );
        a.provisional_credit_amount = Some(usd(24_999));
        a.audit_log = vec![
            TransactionAuditLog {
                timestamp: 1_700_000_300,
                event_type: TransactionEventType::IssueProvisionalCredit,
                issue_provisional_credit: Some(ProvisionalCreditEvent {
                    amount: Some(usd(24_999)),
                    actions: vec![],
                }),
                ..TransactionAuditLog::default()
            },
            TransactionAuditLog {
                timestamp: 1_700_000_900,
                event_type: TransactionEventType::RecordFinalDecision,
                record_final_decision: Some(FinalDecisionEvent {
                    kind: FinalDecisionType::Accepted,
                    ..FinalDecisionEvent::default()
                }),
                ..TransactionAuditLog::default()
            },
        ];
        let mut b = txn(
            "t2",
            "FreshMart",
            -6_723,
            DisputedTransactionStatus::Unknown,
        );
        b.audit_log = vec![TransactionAuditLog {
            timestamp: 1_700_000_500,
            event_type: TransactionEventType::Unknown,
            ..TransactionAuditLog::default()
        }];
        DisputeSummary {
            uuid: "d1".into(),
            short_id: "CSP-1042".into(),
            status: DisputeStatus::Open,
            transactions: vec![a, b],
            audit_log: vec![
                DisputeAuditLog {
                    timestamp: 1_700_000_100,
                    event_type: DisputeEventType::Create,
                    ..DisputeAuditLog::default()
                },
                DisputeAuditLog {
                    timestamp: 1_700_000_200,
                    event_type: DisputeEventType::UpdatePriority,
                    ..DisputeAuditLog::default()
                },
                DisputeAuditLog {
                    timestamp: 1_700_000_400,
                    event_type: DisputeEventType::UploadFile,
                    ..DisputeAuditLog::default()
                },
            ],
            ..DisputeSummary::default()
        }
    }

    #[test]
    fn transactions_in_open_disputes_are_those_not_closed_of_disputes_not_closed() {
        let open = dispute();
        let mut closed = dispute();
        closed.uuid = "d2".into();
        closed.status = DisputeStatus::Closed;
        for t in closed.transactions.iter_mut() {
            t.uuid = format!("closed-{}", t.uuid);
        }
        let taken = in_open_disputes(&[open, closed]);
        // t1 is closed (it may be disputed again by reopening); t2 is in progress.
        assert_eq!(taken.into_iter().collect::<Vec<_>>(), vec!["t2".to_owned()]);
        assert!(in_open_disputes(&[]).is_empty());
    }

    #[test]
    fn statuses_read_as_words_and_unknown_ones_as_in_progress() {
        assert_eq!(dispute_status(DisputeStatus::Open), Msg::StatusOpen);
        assert_eq!(
            dispute_status(DisputeStatus::Unknown),
            Msg::StatusInProgress
        );
        for (s, m) in [
            (DisputedTransactionStatus::Open, Msg::StatusOpen),
            (
                DisputedTransactionStatus::Investigating,
                Msg::StatusInvestigating,
            ),
            (DisputedTransactionStatus::Chargeback, Msg::StatusChargeback),
            (
                DisputedTransactionStatus::FinalDecision,
                Msg::StatusFinalDecision,
            ),
            (DisputedTransactionStatus::Closed, Msg::StatusClosed),
            (DisputedTransactionStatus::Unknown, Msg::StatusInProgress),
        ] {
            assert_eq!(transaction_status(s), m);
        }
        assert_eq!(decision(FinalDecisionType::Unknown), None);
        assert_eq!(
            decision(FinalDecisionType::Denied),
            Some(Msg::DecisionDenied)
        );
    }

    #[test]
    fn unknown_values_on_the_wire_decode_and_read_as_progress() {
        let json = r#"{"dispute":{"uuid":"d9","status":"DISPUTE_STATUS_ESCALATED",
            "auditLog":[{"timestamp":"1700000000","eventType":"DISPUTE_EVENT_TYPE_TELEPATHY"}],
            "transactions":[{"uuid":"t","status":"DISPUTED_TRANSACTION_STATUS_ON_HOLD",
              "auditLog":[{"timestamp":1700000001,"eventType":"TRANSACTION_EVENT_TYPE_NEW"}]}]}}"#;
        let r: casap_api::DisputeResponse = serde_json::from_str(json).unwrap();
        let d = r.dispute;
        assert_eq!(dispute_status(d.status), Msg::StatusInProgress);
        assert_eq!(
            transaction_status(d.transactions[0].status),
            Msg::StatusInProgress
        );
        let kinds: Vec<Happening> = timeline(&d).into_iter().map(|e| e.happening).collect();
        assert_eq!(kinds, vec![Happening::Progress, Happening::Progress]);
    }

    #[test]
    fn the_gateways_sent_to_the_team_reads_with_its_reference_once_known() {
        let json = r#"{"dispute":{"uuid":"d9","auditLog":[
            {"timestamp":"1700000000","eventType":"DISPUTE_EVENT_TYPE_FORWARDED"},
            {"timestamp":"1700000001","eventType":"DISPUTE_EVENT_TYPE_FORWARDED","reference":"0f8f-42"}]}}"#;
        let r: casap_api::DisputeResponse = serde_json::from_str(json).unwrap();
        let kinds: Vec<Happening> = timeline(&r.dispute)
            .into_iter()
            .map(|e| e.happening)
            .collect();
        assert_eq!(
            kinds,
            vec![
                Happening::SentToTeam(None),
                Happening::SentToTeam(Some("0f8f-42".into()))
            ]
        );
        assert_eq!(kinds[0].message(), Msg::EventSentToTeam);
    }

    #[test]
    fn the_timeline_merges_both_logs_in_time_order_without_staff_bookkeeping() {
        let t = timeline(&dispute());
        let got: Vec<(i64, Option<&str>, &Happening)> = t
            .iter()
            .map(|e| (e.at_ms, e.merchant.as_deref(), &e.happening))
            .collect();
        assert_eq!(
            got,
            vec![
                (1_700_000_100_000, None, &Happening::Filed),
                (
                    1_700_000_300_000,
                    Some("Gadget Galaxy"),
                    &Happening::ProvisionalCredit(Some(usd(24_999)))
                ),
                (1_700_000_400_000, None, &Happening::FileAdded),
                (1_700_000_500_000, Some("FreshMart"), &Happening::Progress),
                (
                    1_700_000_900_000,
                    Some("Gadget Galaxy"),
                    &Happening::Decision(FinalDecisionType::Accepted)
                ),
            ]
        );
        assert_eq!(t[4].happening.message(), Msg::DecisionAccepted);
    }

    #[test]
    fn amounts_dates_and_what_can_be_reopened() {
        let d = dispute();
        let (disputed, credit) = totals(&d);
        // Signs kept: FreshMart's line is a -67.23 credit.
        assert_eq!(disputed, vec![usd(24_999 - 6_723)]);
        assert_eq!(credit, vec![usd(24_999)]);
        assert_eq!(filed_at_ms(&d), Some(1_700_000_100_000));
        let uuids: Vec<&str> = reopenable(&d).iter().map(|t| t.uuid.as_str()).collect();
        assert_eq!(uuids, vec!["t1"]);
        assert!(accepts_files(&d));
        let no_credit = DisputeSummary {
            transactions: vec![],
            ..d
        };
        assert_eq!(totals(&no_credit), (vec![], vec![]));
        assert_eq!(filed_at_ms(&DisputeSummary::default()), None);
    }

    #[test]
    fn totals_never_add_currencies() {
        let line = |cents, currency: &str| DisputedTransaction {
            amount: Amount {
                amount_in_cents: cents,
                currency: currency.into(),
            },
            ..DisputedTransaction::default()
        };
        let d = DisputeSummary {
            transactions: vec![
                line(2_000, "USD"),
                line(-919_044_741, "SIT"),
                line(500, ""),
                line(-2_147_483_648, "USD"),
            ],
            ..DisputeSummary::default()
        };
        let (disputed, credit) = totals(&d);
        assert_eq!(
            disputed,
            vec![
                usd(2_000 + 500 - 2_147_483_648),
                Amount {
                    amount_in_cents: -919_044_741,
                    currency: "SIT".into()
                }
            ]
        );
        assert!(credit.is_empty());
    }

    #[test]
    fn case_numbers_as_members_type_them() {
        assert_eq!(normalize_short_id(" csp-1042 "), Some("CSP-1042".into()));
        assert_eq!(normalize_short_id("CSP 1042"), Some("CSP-1042".into()));
        assert_eq!(normalize_short_id(""), None);
        assert_eq!(normalize_short_id("CSP-1042&size=1000"), None);
    }
}
