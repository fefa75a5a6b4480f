//! Reducer and row-building tests.

use casap_api::{Amount, TransactionDetail, TransactionStatus};

use super::*;

fn flow() -> Flow {
    Flow::new(
        std::rc::Rc::new(Vec::new()),
        0,
        "2026-11-22".into(),
        crate::survey::builtin(),
    )
}

fn failure(kind: FailureKind) -> Failure {
    Failure {
        kind,
        detail: String::new(),
    }
}

fn check(start: &IntakeState, actions: &[Action], expected: Connection, attempt: u32) {
    let end = actions
        .iter()
        .cloned()
        .fold(start.clone(), |s, a| s.reduce(a));
    assert_eq!(end.connection, expected, "after {actions:?}");
    assert_eq!(end.attempt, attempt, "after {actions:?}");
}

#[test]
fn connects_then_ready() {
    let s = IntakeState::new(Ok(()), flow());
    check(&s, &[], Connection::Connecting, 0);
    check(&s, &[Action::Connected], Connection::Ready, 0);
}

#[test]
fn retry_only_after_a_recoverable_failure() {
    let s = IntakeState::new(Ok(()), flow());
    let net = Action::Failed(failure(FailureKind::Network));
    check(&s, &[net.clone(), Action::Retry], Connection::Connecting, 1);
    check(
        &s,
        &[net.clone(), Action::Retry, Action::Connected],
        Connection::Ready,
        1,
    );
    let auth = failure(FailureKind::Unauthenticated);
    check(
        &s,
        &[Action::Failed(auth.clone()), Action::Retry],
        Connection::Failed(auth),
        0,
    );
    check(&s, &[Action::Retry], Connection::Connecting, 0);
}

#[test]
fn bad_options_fail_from_the_start_and_stay_failed() {
    let f = failure(FailureKind::InvalidOptions);
    let s = IntakeState::new(Err(f.clone()), flow());
    check(
        &s,
        &[Action::Retry, Action::Connected],
        Connection::Failed(f),
        0,
    );
}

#[test]
fn failure_kinds_map_from_api_errors() {
    let cases = [
        (ApiError::Network, "network", true),
        (
            ApiError::Unauthenticated("x".into()),
            "unauthenticated",
            false,
        ),
        (
            ApiError::Unavailable {
                status: 503,
                message: "down".into(),
                retry_after_ms: None,
            },
            "server_unavailable",
            true,
        ),
        (
            ApiError::Rejected {
                status: 400,
                message: "bad".into(),
            },
            "rejected",
            false,
        ),
        (ApiError::BadResponse("x".into()), "bad_response", true),
        (
            ApiError::Unreadable("NotReadableError".into()),
            "file_unreadable",
            true,
        ),
        (
            ApiError::Local("request encoding: u64 too large".into()),
            "local_error",
            true,
        ),
    ];
    for (err, code, recoverable) in cases {
        let f = Failure::from(&err);
        assert_eq!(f.kind.code(), code);
        assert_eq!(f.kind.recoverable(), recoverable, "{code}");
        assert_eq!(f.detail, err.to_string());
    }
}

fn txn(uuid: &str, settled: i64, authorized: i64, status: TransactionStatus) -> TransactionDetail {
    TransactionDetail {
        uuid: uuid.into(),
        settled_timestamp: settled,
        authorized_timestamp: authorized,
        amount: Amount {
            amount_in_cents: 1234,
            currency: "USD".into(),
        },
        merchant: format!("Merchant {uuid}"),
        status,
        kind: TransactionType::Atm,
        ..TransactionDetail::default()
    }
}

#[test]
fn rows_are_newest_first_with_pending_dated_by_authorization() {
    let list = [
        txn("old", 1_700_000_000, 0, TransactionStatus::Settled),
        txn("pending", 0, 1_800_000_000_000, TransactionStatus::Pending),
        txn("mid", 1_750_000_000_000, 0, TransactionStatus::Settled),
    ];
    let index = list::TransactionIndex::new(&list, str::to_lowercase);
    let page = index.find(&list::ListQuery::default(), list::LIST_PAGE);
    let order: Vec<_> = page.rows.iter().map(|&i| list[i].uuid.as_str()).collect();
    assert_eq!(order, ["pending", "mid", "old"]);
    assert_eq!(
        when_ms(&list[0]),
        1_700_000_000_000,
        "seconds normalised to ms"
    );
    assert_eq!(type_message(list[2].kind), Msg::TypeAtm);
}

#[test]
fn new_configuration_reconnects_and_a_broken_one_fails() {
    let s = IntakeState::new(Ok(()), flow());
    let ok = Action::Configured(Ok(()));
    // The first configuration of a connecting widget changes nothing.
    check(&s, std::slice::from_ref(&ok), Connection::Connecting, 0);
    check(
        &s,
        &[Action::Connected, ok.clone()],
        Connection::Connecting,
        1,
    );
    let bad = failure(FailureKind::InvalidOptions);
    check(
        &s,
        &[Action::Connected, Action::Configured(Err(bad.clone()))],
        Connection::Failed(bad.clone()),
        0,
    );
    // Fixing the options of a widget that started broken connects it.
    let broken = IntakeState::new(Err(bad.clone()), flow());
    check(
        &broken,
        std::slice::from_ref(&ok),
        Connection::Connecting,
        1,
    );
    check(&broken, &[ok, Action::Connected], Connection::Ready, 1);
}

#[test]
fn the_member_moves_between_filing_and_my_disputes_but_not_mid_creation() {
    use super::View;
    let s = IntakeState::new(Ok(()), flow());
    assert_eq!(s.view, View::File);
    let s = s.reduce(Action::Show(View::Status));
    assert_eq!(s.view, View::Status);
    let mut sending = s.reduce(Action::Show(View::File));
    assert_eq!(sending.view, View::File);
    sending.flow.submission = Submission::Sending;
    assert_eq!(sending.reduce(Action::Show(View::Status)).view, View::File);
}

#[test]
fn sorted_by_orders_by_key_and_keeps_ties_in_their_order() {
    let items = vec![("b", 2), ("a1", 1), ("c", 3), ("a2", 1), ("a3", 1)];
    let names = |v: Vec<(&'static str, i64)>| v.into_iter().map(|(n, _)| n).collect::<Vec<_>>();
    assert_eq!(
        names(sorted_by(items.clone(), |&(_, k)| k)),
        ["a1", "a2", "a3", "b", "c"]
    );
    // Newest first by bitwise not, ties still in their order, extremes without overflow.
    assert_eq!(
        names(sorted_by(items, |&(_, k)| !k)),
        ["c", "b", "a1", "a2", "a3"]
    );
    assert_eq!(order_by(vec![!i64::MIN, !0, !i64::MAX]), [2, 1, 0]);
}
