//! Create, list, status and reopen: the happy paths and their edges.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};

use crate::util::*;

#[tokio::test]
async fn create_answers_the_new_dispute_in_canonical_form() {
    let s = Sandbox::new();
    let token = s.session("mbr-1", ORG_A).await;
    let d = s.create(&token, ORG_A, &["t1", "t2"]).await;
    assert_eq!(d["shortId"], "CSP-1001");
    assert_eq!(d["status"], "DISPUTE_STATUS_OPEN");
    assert_eq!(
        d["reason"],
        "DISPUTE_REASON_MERCHANT_ISSUE_GOODS_OR_SERVICES_NOT_RECEIVED"
    );
    assert_eq!(d["customer"]["uuid"], "mbr-1", "filled from the session");
    let deadline: i64 = d["resolutionDeadline"]
        .as_str()
        .expect("int64 as string")
        .parse()
        .unwrap();
    let days = (deadline - now() * 1000) / 86_400_000;
    assert!((44..=45).contains(&days), "Reg E: 45 days, got {days}");
    let txns = d["transactions"].as_array().unwrap();
    assert_eq!(txns.len(), 2);
    assert_eq!(txns[0]["uuid"], "t1");
    assert_eq!(txns[0]["status"], "DISPUTED_TRANSACTION_STATUS_OPEN");
    assert_eq!(
        txns[0]["amount"]["amountInCents"], 4599,
        "int32 as a number"
    );
    assert_eq!(txns[0]["settledTimestamp"], "1708387200");
    assert_eq!(d["auditLog"][0]["eventType"], "DISPUTE_EVENT_TYPE_CREATE");

    let answers = s
        .call(
            Method::GET,
            &format!("/sandbox/disputes/{}/answers", d["uuid"].as_str().unwrap()),
            None,
            None,
        )
        .await
        .expect(StatusCode::NOT_FOUND);
    assert_eq!(
        answers["code"], 5,
        "back-office routes exist only in demo mode"
    );
    let second = s.create(&token, ORG_A, &["t3"]).await;
    assert_eq!(second["shortId"], "CSP-1002");
    let status = s
        .get(
            &format!("/v1/dispute/status/{}", d["uuid"].as_str().unwrap()),
            &token,
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(status["dispute"], d);
}

#[tokio::test]
async fn create_accepts_the_docs_snake_case_spelling() {
    let s = Sandbox::new();
    let token = s.session("mbr-1", ORG_A).await;
    let body = json!({
        "org_uuid": ORG_A,
        "transaction_details": [{
            "uuid": "t1", "settled_timestamp": 1708387200, "authorized_timestamp": "1708300800",
            "amount": { "value": 1299, "currency": "USD" }, "merchant": "Acme",
            "status": "TRANSACTION_STATUS_SETTLED", "type": "TRANSACTION_TYPE_CREDIT_CARD",
            "card_type": "CARD_TYPE_VIRTUAL"
        }],
        "customer": { "name": "Ana", "account_uuid": "acct-1" },
        "reason": "DISPUTE_REASON_UNAUTH",
        "questionnaire_answers": [{ "question_id": "recognizes_merchant", "question": "?", "answer": "no" }]
    });
    let d = s
        .post("/v1/disputes", &token, body)
        .await
        .expect(StatusCode::OK)["dispute"]
        .clone();
    assert_eq!(d["transactions"][0]["amount"]["amountInCents"], 1299);
    assert_eq!(d["transactions"][0]["settledTimestamp"], "1708387200");
    assert_eq!(d["customer"]["accountUuid"], "acct-1");
    let deadline: i64 = d["resolutionDeadline"].as_str().unwrap().parse().unwrap();
    let days = (deadline - now() * 1000) / 86_400_000;
    assert!(
        (89..=90).contains(&days),
        "Reg Z: 90 days for credit cards, got {days}"
    );
}

#[tokio::test]
async fn a_transaction_in_an_open_dispute_cannot_be_disputed_again() {
    let s = Sandbox::demo();
    let token = s.session("mbr-ana", ORG_A).await;
    let d = s.create(&token, ORG_A, &["txn-mbr-ana-03"]).await;
    let body = s
        .post(
            "/v1/disputes",
            &token,
            create_body(ORG_A, &["txn-mbr-ana-04", "txn-mbr-ana-03"]),
        )
        .await
        .expect(StatusCode::CONFLICT);
    assert_eq!(body["code"], 6);
    assert_eq!(
        body["message"],
        "transactionDetails[1] is already in an open dispute"
    );
    // Once the back office closes it, the transaction can be disputed anew.
    s.close(d["uuid"].as_str().unwrap()).await;
    s.create(&token, ORG_A, &["txn-mbr-ana-03"]).await;
}

#[tokio::test]
async fn a_demo_member_can_dispute_only_their_own_transactions() {
    let s = Sandbox::demo();
    let token = s.session("mbr-ana", ORG_A).await;
    let body = s
        .post(
            "/v1/disputes",
            &token,
            create_body(ORG_A, &["txn-mbr-ben-00"]),
        )
        .await
        .expect(StatusCode::BAD_REQUEST);
    assert_eq!(
        body["message"],
        "transactionDetails[0] is not a transaction of this member"
    );
}

#[tokio::test]
async fn an_idempotency_key_returns_the_first_dispute_instead_of_a_second() {
    let s = Sandbox::new();
    let token = s.session("mbr-1", ORG_A).await;
    let send = || {
        Request::post("/v1/disputes")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .header("idempotency-key", "draft-42")
            .body(Body::from(create_body(ORG_A, &["t1"]).to_string()))
            .unwrap()
    };
    let first = s.raw(send()).await.expect(StatusCode::OK);
    let again = s.raw(send()).await.expect(StatusCode::OK);
    assert_eq!(first, again);
    let list = s.get("/v1/disputes", &token).await.expect(StatusCode::OK);
    assert_eq!(list["totalItems"], 1);
}

async fn list(s: &Sandbox, token: &str, query: &str) -> Value {
    s.get(&format!("/v1/disputes{query}"), token)
        .await
        .expect(StatusCode::OK)
}

/// `(totalItems, totalPages, totalInPage, currentPage)` of a list answer.
fn meta(v: &Value) -> (i64, i64, i64, i64) {
    let n = |k: &str| {
        v[k].as_i64()
            .unwrap_or_else(|| panic!("{k} is not a number: {v}"))
    };
    (
        n("totalItems"),
        n("totalPages"),
        n("totalInPage"),
        n("currentPage"),
    )
}

#[tokio::test]
async fn list_pages_newest_first_with_metadata() {
    let s = Sandbox::new();
    let token = s.session("mbr-1", ORG_A).await;
    assert_eq!(meta(&list(&s, &token, "").await), (0, 0, 0, 1));
    for i in 0..5 {
        s.create(&token, ORG_A, &[&format!("t{i}")]).await;
    }
    let all = list(&s, &token, "").await;
    assert_eq!(meta(&all), (5, 1, 5, 1));
    let ids: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["shortId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["CSP-1005", "CSP-1004", "CSP-1003", "CSP-1002", "CSP-1001"]
    );

    assert_eq!(meta(&list(&s, &token, "?size=2").await), (5, 3, 2, 1));
    let last = list(&s, &token, "?size=2&page=3").await;
    assert_eq!(meta(&last), (5, 3, 1, 3));
    assert_eq!(last["items"][0]["shortId"], "CSP-1001");
    assert_eq!(
        meta(&list(&s, &token, "?size=2&page=4").await),
        (5, 3, 0, 4)
    );
    assert_eq!(meta(&list(&s, &token, "?size=5").await), (5, 1, 5, 1));
    assert_eq!(meta(&list(&s, &token, "?size=100").await), (5, 1, 5, 1));

    for bad in [
        "?size=0",
        "?size=101",
        "?page=0",
        "?page=-1",
        "?size=abc",
        "?page=1.5",
    ] {
        let body = s
            .get(&format!("/v1/disputes{bad}"), &token)
            .await
            .expect(StatusCode::BAD_REQUEST);
        assert_eq!(body["code"], 3, "{bad}");
    }
}

#[tokio::test]
async fn list_filters_by_short_id_and_customer_in_both_spellings() {
    let s = Sandbox::new();
    let token = s.session("mbr-1", ORG_A).await;
    s.create(&token, ORG_A, &["t1"]).await;
    s.create(&token, ORG_A, &["t2"]).await;
    for q in [
        "?shortId=CSP-1002",
        "?short_id=CSP-1002",
        "?shortId=csp-1002",
    ] {
        let one = list(&s, &token, q).await;
        assert_eq!(meta(&one), (1, 1, 1, 1), "{q}");
        assert_eq!(one["items"][0]["transactions"][0]["uuid"], "t2", "{q}");
    }
    assert_eq!(meta(&list(&s, &token, "?shortId=CSP-9999").await).0, 0);
    assert_eq!(meta(&list(&s, &token, "?customerUuid=mbr-1").await).0, 2);
    assert_eq!(meta(&list(&s, &token, "?customer_uuid=mbr-1").await).0, 2);
    assert_eq!(meta(&list(&s, &token, "?customerUuid=mbr-2").await).0, 0);
}

#[tokio::test]
async fn reopen_takes_only_closed_transactions_of_the_dispute() {
    let s = Sandbox::demo();
    let token = s.session("mbr-ana", ORG_A).await;
    let d = s
        .create(&token, ORG_A, &["txn-mbr-ana-01", "txn-mbr-ana-02"])
        .await;
    let uuid = d["uuid"].as_str().unwrap();
    let path = format!("/v1/disputes/{uuid}/reopen");
    let reopen = |uuids: Value| s.post(&path, &token, json!({ "transactionUuids": uuids }));

    let body = reopen(json!(["txn-mbr-ana-01"]))
        .await
        .expect(StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], 9, "FAILED_PRECONDITION while open");
    assert!(body["message"].as_str().unwrap().contains("not closed"));

    let closed = s.close(uuid).await;
    assert_eq!(closed["status"], "DISPUTE_STATUS_CLOSED");

    let body = reopen(json!(["txn-mbr-ana-09"]))
        .await
        .expect(StatusCode::BAD_REQUEST);
    assert_eq!(
        body["message"],
        "transactionUuids[0] is not a transaction of this dispute"
    );
    reopen(json!([])).await.expect(StatusCode::BAD_REQUEST);

    let d = reopen(json!(["txn-mbr-ana-02"]))
        .await
        .expect(StatusCode::OK)["dispute"]
        .clone();
    assert_eq!(d["status"], "DISPUTE_STATUS_OPEN");
    assert_eq!(
        d["transactions"][0]["status"],
        "DISPUTED_TRANSACTION_STATUS_CLOSED"
    );
    assert_eq!(
        d["transactions"][1]["status"],
        "DISPUTED_TRANSACTION_STATUS_OPEN"
    );
    let events: Vec<&str> = d["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["eventType"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        ["DISPUTE_EVENT_TYPE_CREATE", "DISPUTE_EVENT_TYPE_REOPEN"]
    );

    // Reopened, the transaction is disputed again: a new dispute of it conflicts.
    s.post(
        "/v1/disputes",
        &token,
        create_body(ORG_A, &["txn-mbr-ana-02"]),
    )
    .await
    .expect(StatusCode::CONFLICT);
    // The snake_case spelling of the body works too.
    s.close(uuid).await;
    s.post(
        &format!("/v1/disputes/{uuid}/reopen"),
        &token,
        json!({ "transaction_uuids": ["txn-mbr-ana-01"] }),
    )
    .await
    .expect(StatusCode::OK);
}
