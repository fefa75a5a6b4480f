//! The `/sandbox/` helper routes: demo members, their tokens and transactions, the back office.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use dispute_sandbox::Config;
use serde_json::json;

use crate::util::*;

#[tokio::test]
async fn minted_token_authenticates_and_transactions_cover_every_kind() {
    let s = Sandbox::demo();
    let members = s
        .call(Method::GET, "/sandbox/members", None, None)
        .await
        .expect(StatusCode::OK);
    let orgs: BTreeSet<_> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["orgId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(orgs.len(), 2, "demo members span two orgs");

    let tok = s
        .call(Method::GET, "/sandbox/members/mbr-ana/token", None, None)
        .await
        .expect(StatusCode::OK);
    s.call(Method::GET, "/v1/authenticate", tok["token"].as_str(), None)
        .await
        .expect(StatusCode::OK);

    let txns = s
        .call(
            Method::GET,
            "/sandbox/members/mbr-ana/transactions",
            None,
            None,
        )
        .await
        .expect(StatusCode::OK);
    let txns = txns.as_array().unwrap();
    let kinds: BTreeSet<_> = txns.iter().map(|t| t["type"].as_str().unwrap()).collect();
    for k in [
        "TRANSACTION_TYPE_DEBIT_CARD",
        "TRANSACTION_TYPE_CREDIT_CARD",
        "TRANSACTION_TYPE_ATM",
        "TRANSACTION_TYPE_CREDIT_ATM",
        "TRANSACTION_TYPE_ACH",
        "TRANSACTION_TYPE_CREDIT_ACH",
        "TRANSACTION_TYPE_TRANSFER",
    ] {
        assert!(kinds.contains(k), "missing {k}");
    }
    assert!(
        txns.iter()
            .any(|t| t["status"] == "TRANSACTION_STATUS_PENDING")
    );
    let day_ms = 86_400_000;
    let old = txns.iter().filter(|t| {
        let at: i64 = t["authorizedTimestamp"].as_str().unwrap().parse().unwrap();
        now() * 1000 - at > 60 * day_ms
    });
    assert!(old.count() >= 2, "some transactions are older than 60 days");
    let streamflix = txns
        .iter()
        .filter(|t| t["merchant"] == "StreamFlix Subscription")
        .count();
    assert_eq!(streamflix, 2, "a duplicate charge");
}

#[tokio::test]
async fn unknown_member_is_404_and_helpers_exist_only_in_demo_mode() {
    let demo = Sandbox::demo();
    let body = demo
        .call(Method::GET, "/sandbox/members/nobody/token", None, None)
        .await
        .expect(StatusCode::NOT_FOUND);
    assert_eq!(body["code"], 5);
    let plain = Sandbox::with(Config::default());
    for (method, path) in [
        (Method::GET, "/sandbox/members"),
        (Method::GET, "/sandbox/members/mbr-ana/token"),
        (Method::GET, "/sandbox/faults"),
        (Method::POST, "/sandbox/disputes/x/close"),
    ] {
        plain
            .call(method, path, None, None)
            .await
            .expect(StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn back_office_moves_a_transaction_and_closes_the_dispute() {
    let s = Sandbox::demo();
    let token = s.session("mbr-ana", ORG_A).await;
    let d = s
        .create(&token, ORG_A, &["txn-mbr-ana-01", "txn-mbr-ana-02"])
        .await;
    let uuid = d["uuid"].as_str().unwrap();
    let moved = s
        .call(
            Method::POST,
            &format!("/sandbox/disputes/{uuid}/transactions/txn-mbr-ana-01"),
            None,
            Some(json!({
                "status": "DISPUTED_TRANSACTION_STATUS_INVESTIGATING",
                "provisionalCreditCents": 1599,
                "agent": { "name": "Dana Agent", "email": "dana@cu.example" }
            })),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        moved["transactions"][0]["status"],
        "DISPUTED_TRANSACTION_STATUS_INVESTIGATING"
    );
    assert_eq!(
        moved["transactions"][0]["provisionalCreditAmount"]["amountInCents"],
        1599
    );
    assert_eq!(
        moved["transactions"][0]["auditLog"][0]["eventType"],
        "TRANSACTION_EVENT_TYPE_ISSUE_PROVISIONAL_CREDIT"
    );
    assert_eq!(moved["agent"]["name"], "Dana Agent");

    let member_view = s
        .get(&format!("/v1/dispute/status/{uuid}"), &token)
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        member_view["dispute"], moved,
        "the member sees the back office's change"
    );

    let closed = s
        .call(
            Method::POST,
            &format!("/sandbox/disputes/{uuid}/close"),
            None,
            Some(json!({ "decision": "RECORD_FINAL_DECISION_TYPE_DENIED" })),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(closed["status"], "DISPUTE_STATUS_CLOSED");
    assert_eq!(
        closed["transactions"][1]["transactionFinalStatus"],
        "RECORD_FINAL_DECISION_TYPE_DENIED"
    );
    assert!(
        closed["transactions"][1]
            .get("finalCreditAmount")
            .is_none_or(|v| v.is_null())
    );

    s.call(
        Method::POST,
        &format!("/sandbox/disputes/{uuid}/transactions/nope"),
        None,
        Some(json!({ "status": "DISPUTED_TRANSACTION_STATUS_CLOSED" })),
    )
    .await
    .expect(StatusCode::NOT_FOUND);
    s.call(
        Method::POST,
        &format!("/sandbox/disputes/{uuid}/transactions/txn-mbr-ana-01"),
        None,
        Some(json!({ "status": "BOGUS" })),
    )
    .await
    .expect(StatusCode::BAD_REQUEST);
}
