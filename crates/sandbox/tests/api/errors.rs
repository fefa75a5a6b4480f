//! Bad requests answer google.rpc.Status with the right HTTP code and a message that says
//! what to fix.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dispute_sandbox::Config;
use serde_json::json;

use crate::util::*;

async fn create_raw(s: &Sandbox, token: &str, body: &str) -> Reply {
    s.raw(
        Request::post("/v1/disputes")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn malformed_and_mistyped_bodies_are_400() {
    let s = Sandbox::new();
    let token = s.session("mbr-1", ORG_A).await;
    let cases = [
        ("{not json", "malformed JSON body"),
        ("[]", "must be a JSON object"),
        ("null", "must be a JSON object"),
        (r#"{"orgUuid": 5}"#, "invalid body"),
        (r#"{"transactionDetails": "t1"}"#, "invalid body"),
        (
            r#"{"transactionDetails": [{"uuid": "t1", "settledTimestamp": "yesterday"}]}"#,
            "invalid body",
        ),
        (
            r#"{"transactionDetails": [{"uuid": "t1", "amount": {"amountInCents": 1.5}}]}"#,
            "invalid body",
        ),
    ];
    for (body, fragment) in cases {
        let reply = create_raw(&s, &token, body)
            .await
            .expect(StatusCode::BAD_REQUEST);
        assert_eq!(reply["code"], 3, "{body}");
        assert!(
            reply["message"].as_str().unwrap().contains(fragment),
            "{body}: {reply}"
        );
    }
    let no_type = s
        .raw(
            Request::post("/v1/disputes")
                .header("authorization", format!("Bearer {token}"))
                .body(Body::from(create_body(ORG_A, &["t1"]).to_string()))
                .unwrap(),
        )
        .await
        .expect(StatusCode::BAD_REQUEST);
    assert!(
        no_type["message"]
            .as_str()
            .unwrap()
            .contains("content-type")
    );
}

#[tokio::test]
async fn missing_fields_and_bad_enums_name_the_field() {
    let s = Sandbox::new();
    let token = s.session("mbr-1", ORG_A).await;
    let base = create_body(ORG_A, &["t1"]);
    let with = |path: &[&str], value: serde_json::Value| {
        let mut b = base.clone();
        let mut at = &mut b;
        for p in &path[..path.len() - 1] {
            at = if let Ok(i) = p.parse::<usize>() {
                &mut at[i]
            } else {
                &mut at[*p]
            };
        }
        at[path[path.len() - 1]] = value;
        b
    };
    let cases = [
        (with(&["orgUuid"], json!("")), "orgUuid is required"),
        (
            with(&["reason"], json!("DISPUTE_REASON_SPACE_ALIENS")),
            "reason is missing",
        ),
        (
            with(&["reason"], json!("DISPUTE_REASON_MERCHANT_ISSUE")),
            "deprecated",
        ),
        (with(&["reason"], json!(null)), "reason is missing"),
        (
            with(&["transactionDetails"], json!([])),
            "at least one transaction",
        ),
        (
            with(&["transactionDetails", "0", "uuid"], json!("")),
            "transactionDetails[0].uuid is required",
        ),
        (
            with(
                &["transactionDetails", "0", "amount", "currency"],
                json!("dollars"),
            ),
            "ISO 4217",
        ),
        (
            with(
                &["transactionDetails", "0", "amount", "amountInCents"],
                json!(3_000_000_000i64),
            ),
            "int32",
        ),
        (
            with(&["questionnaireAnswers", "0", "questionId"], json!("")),
            "questionnaireAnswers[0].questionId",
        ),
        (
            with(
                &["questionnaireAnswers", "0", "answer"],
                json!("x".repeat(4001)),
            ),
            "longer than",
        ),
    ];
    for (body, fragment) in cases {
        let reply = s
            .post("/v1/disputes", &token, body)
            .await
            .expect(StatusCode::BAD_REQUEST);
        assert!(
            reply["message"].as_str().unwrap().contains(fragment),
            "{fragment}: {reply}"
        );
    }
    let mut twice = base.clone();
    twice["transactionDetails"] = json!([transaction("t1"), transaction("t1")]);
    let reply = s
        .post("/v1/disputes", &token, twice)
        .await
        .expect(StatusCode::BAD_REQUEST);
    assert_eq!(
        reply["message"],
        "transactionDetails[1] repeats an earlier transaction"
    );
    let list = s.get("/v1/disputes", &token).await.expect(StatusCode::OK);
    assert_eq!(list["totalItems"], 0);
}

#[tokio::test]
async fn unknown_ids_and_routes_are_404() {
    let s = Sandbox::new();
    let token = s.session("mbr-1", ORG_A).await;
    s.get("/v1/dispute/status/nope", &token)
        .await
        .expect(StatusCode::NOT_FOUND);
    s.post(
        "/v1/disputes/nope/reopen",
        &token,
        json!({ "transactionUuids": ["t"] }),
    )
    .await
    .expect(StatusCode::NOT_FOUND);
    let body = s
        .get("/v1/nothing/here", &token)
        .await
        .expect(StatusCode::NOT_FOUND);
    assert_eq!(body["code"], 5);
}

#[tokio::test]
async fn oversized_json_bodies_are_413() {
    let s = Sandbox::new();
    let token = s.session("mbr-1", ORG_A).await;
    let mut body = create_body(ORG_A, &["t1"]);
    body["customer"]["name"] = json!("x".repeat(2 * 1024 * 1024));
    let reply = s
        .post("/v1/disputes", &token, body)
        .await
        .expect(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply["code"], 8);
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let s = Sandbox::with(Config {
        rate_limit: 3,
        ..Config::default()
    });
    let token = s.session("mbr-1", ORG_A).await;
    for _ in 0..3 {
        s.get("/v1/disputes", &token).await.expect(StatusCode::OK);
    }
    let reply = s.get("/v1/disputes", &token).await;
    assert_eq!(reply.headers["x-ratelimit-limit"], "3");
    let retry: u64 = reply.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let body = reply.expect(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["code"], 8);
    // Another member has their own allowance.
    let other = s.session("mbr-2", ORG_A).await;
    s.get("/v1/disputes", &other).await.expect(StatusCode::OK);
}
