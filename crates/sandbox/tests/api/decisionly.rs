//! The fake Decisionly: Basic auth with the API key as user name, every stated field rule,
//! PUT twice changes nothing, a filed case cannot be updated, the back office moves cases.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use dispute_sandbox::Config;
use serde_json::{Value, json};

use crate::util::*;

const KEY: &str = "dly_test_key";

fn case() -> Value {
    json!({
        "reason": "fraud",
        "cardholder": { "name": "Ana Reyes", "email": "ana@example.org", "issuer_id": "mbr-ana" },
        "merchant": { "name": "Gadget Galaxy", "category_code": "5732" },
        "transaction": {
            "date": "2026-11-20T00:00:00Z", "amount": 24999, "currency": "USD",
            "card": { "network": "visa", "last4": "4242", "type": "debit", "expiry_month": 9, "expiry_year": 2029 },
            "arn": "74000000000000000000001", "system": "dual_message"
        },
        "dispute": { "date": "2026-11-28T00:00:00Z", "amount": 24999, "currency": "USD", "raised_by": "cardholder" },
        "issuer_evidence": { "card": { "possession_at_transaction": "lost", "lost_date": "2026-11-19T00:00:00Z" } }
    })
}

async fn put(s: &Sandbox, id: &str, auth: &str, body: &Value) -> Reply {
    let req = Request::builder()
        .method(Method::PUT)
        .uri(format!("/v2/issuer/cases/{id}"))
        .header("authorization", auth)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    s.raw(req).await
}

fn basic(user_pass: &str) -> String {
    format!("Basic {}", b64(user_pass.as_bytes()))
}

#[tokio::test]
async fn cases_are_created_checked_and_frozen_once_filed() {
    let s = Sandbox::with(Config {
        decisionly_key: Some(KEY.into()),
        ..Config::default()
    });
    let auth = basic(&format!("{KEY}:"));
    assert_eq!(
        put(&s, "CSP-1001-1", &basic("wrong:"), &case())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let created = put(&s, "CSP-1001-1", &auth, &case())
        .await
        .expect(StatusCode::OK);
    assert_eq!(created["status"], "created");
    assert_eq!(created["case_id"], "CSP-1001-1");
    // A resend (after a crash) is the same case.
    let again = put(&s, "CSP-1001-1", &auth, &case())
        .await
        .expect(StatusCode::OK);
    assert_eq!(again, created);

    let mut bad = case();
    bad["transaction"]["arn"] = Value::Null;
    bad["transaction"]["card"]["expiry_month"] = json!(13);
    bad["issuer_evidence"]["cardholder_explanation"] = json!("x".repeat(2001));
    let r = put(&s, "CSP-1001-2", &auth, &bad).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let message = r.body["error"]["message"].as_str().unwrap();
    for field in [
        "either arn or switch_serial_number",
        "expiry_month",
        "cardholder_explanation",
    ] {
        assert!(message.contains(field), "{field} in {message}");
    }

    // The back office files it: it can no longer be updated, and GET shows the status.
    let moved = s
        .call(
            Method::POST,
            "/sandbox/decisionly/cases/CSP-1001-1/status",
            None,
            Some(json!({ "status": "chargeback_filed" })),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(moved["status"], "chargeback_filed");
    let r = put(&s, "CSP-1001-1", &auth, &case()).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["error"]["message"], "Filed cases cannot be updated");
    let got = s
        .raw(
            Request::builder()
                .uri("/v2/issuer/cases/CSP-1001-1")
                .header("authorization", &auth)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(got["status"], "chargeback_filed");
    let bad_move = s
        .call(
            Method::POST,
            "/sandbox/decisionly/cases/CSP-1001-1/status",
            None,
            Some(json!({ "status": "closed", "closedReason": "abandoned" })),
        )
        .await;
    assert_eq!(bad_move.status, StatusCode::BAD_REQUEST);

    let received = s
        .get("/sandbox/decisionly/received", "")
        .await
        .expect(StatusCode::OK);
    let statuses: Vec<i64> = received
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_i64().unwrap())
        .collect();
    assert_eq!(statuses, vec![401, 200, 200, 400, 409, 200]);
}
