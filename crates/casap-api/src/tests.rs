//! Decoding tests: every spelling the real wire uses, and values this build does not know.

use serde::de::DeserializeOwned;

use super::*;

fn check<T: DeserializeOwned + PartialEq + core::fmt::Debug>(json: &str, expected: T) {
    let got: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(got, expected, "decoding {json}");
}

#[test]
fn authenticate_response_in_both_spellings_and_int64_forms() {
    let want = AuthenticateResponse {
        session_token: "tok".into(),
        expires_at: 1_708_387_200_000,
    };
    check(
        r#"{"sessionToken":"tok","expiresAt":"1708387200000"}"#,
        want.clone(),
    );
    check(
        r#"{"session_token":"tok","expires_at":1708387200000}"#,
        want,
    );
}

#[test]
fn int64_encodes_as_string() {
    let r = AuthenticateResponse {
        session_token: "t".into(),
        expires_at: 42,
    };
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"sessionToken":"t","expiresAt":"42"}"#
    );
}

#[test]
fn int64_rejects_garbage_with_a_clear_error() {
    let err = serde_json::from_str::<AuthenticateResponse>(r#"{"expiresAt":"soon"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("soon"), "{err}");
    let err = serde_json::from_str::<AuthenticateResponse>(r#"{"expiresAt":1.5}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("whole number"), "{err}");
}

#[test]
fn amount_accepts_value_alias_and_string_cents() {
    let want = Amount {
        amount_in_cents: 1299,
        currency: "USD".into(),
    };
    check(r#"{"amountInCents":1299,"currency":"USD"}"#, want.clone());
    check(r#"{"value":1299,"currency":"USD"}"#, want.clone());
    check(r#"{"amount_in_cents":"1299","currency":"USD"}"#, want);
}

#[test]
fn unknown_enum_values_decode_as_unknown_without_failing() {
    let t: TransactionDetail = serde_json::from_str(
        r#"{"uuid":"t1","type":"TRANSACTION_TYPE_CRYPTO","status":"TRANSACTION_STATUS_SETTLED",
            "network":42,"cardType":null,"merchant":"Acme","newField":{"x":1}}"#,
    )
    .unwrap();
    assert_eq!(t.kind, TransactionType::Unknown);
    assert_eq!(t.status, TransactionStatus::Settled);
    assert_eq!(t.network, TransactionNetwork::Unknown);
    assert_eq!(t.card_type, CardType::Unknown);
    assert_eq!(t.merchant, "Acme");
}

#[test]
fn enums_decode_proto_numbers() {
    check(r#""TRANSACTION_TYPE_ACH""#, TransactionType::Ach);
    check("4", TransactionType::Ach);
    check("0", TransactionType::Unknown);
    check("2", TransactionNetwork::Mastercard);
}

#[test]
fn transaction_round_trips_in_canonical_form() {
    let snake = r#"{"uuid":"t1","settled_timestamp":1708387200,"authorized_timestamp":"1708300800",
        "amount":{"value":-4599,"currency":"USD"},"merchant":"Corner Café",
        "status":"TRANSACTION_STATUS_SETTLED","type":"TRANSACTION_TYPE_DEBIT_CARD",
        "network":"TRANSACTION_NETWORK_VISA","card_type":"CARD_TYPE_PHYSICAL"}"#;
    let t: TransactionDetail = serde_json::from_str(snake).unwrap();
    assert_eq!(t.settled_timestamp, 1_708_387_200);
    assert_eq!(timestamp_millis(t.settled_timestamp), 1_708_387_200_000);
    assert_eq!(t.amount.amount_in_cents, -4599);
    let out = serde_json::to_value(&t).unwrap();
    assert_eq!(out["settledTimestamp"], "1708387200");
    assert_eq!(out["type"], "TRANSACTION_TYPE_DEBIT_CARD");
    assert_eq!(out["cardType"], "CARD_TYPE_PHYSICAL");
    assert_eq!(
        out["amount"]["amountInCents"], -4599,
        "int32 is a JSON number"
    );
    assert!(
        out.get("arn").is_none(),
        "empty optional strings are not sent"
    );
    let again: TransactionDetail = serde_json::from_value(out).unwrap();
    assert_eq!(again, t);
}

#[test]
fn timestamps_below_cutoff_are_seconds() {
    assert_eq!(timestamp_millis(1_708_387_200), 1_708_387_200_000);
    assert_eq!(timestamp_millis(1_708_387_200_000), 1_708_387_200_000);
    assert_eq!(timestamp_millis(0), 0);
}

#[test]
fn rpc_status_ignores_details_it_cannot_read() {
    check(
        r#"{"code":16,"message":"token expired","details":[{"@type":"x"}]}"#,
        RpcStatus {
            code: code::UNAUTHENTICATED,
            message: "token expired".into(),
            details: vec![],
        },
    );
}

#[test]
fn dispute_summary_from_the_docs_snake_case_example() {
    let json = r#"{"dispute":{"uuid":"d1","short_id":"CSP-1234","status":"DISPUTE_STATUS_OPEN",
        "reason":"DISPUTE_REASON_UNAUTH","resolution_deadline":1708387200,
        "customer":{"uuid":"c1","name":"Ana","account_uuid":"a1","external_ids":{"core":"77"}},
        "agent":null,
        "transactions":[{"uuid":"t1","settled_timestamp":"1708300800",
            "amount":{"value":1299,"currency":"USD"},"merchant":"Acme",
            "status":"DISPUTED_TRANSACTION_STATUS_INVESTIGATING",
            "transaction_status":"TRANSACTION_STATUS_SETTLED",
            "provisional_credit_amount":{"amountInCents":"1299","currency":"USD"},
            "transaction_final_status":"RECORD_FINAL_DECISION_TYPE_UNKNOWN",
            "audit_log":[{"timestamp":"1708300900","event_type":"TRANSACTION_EVENT_TYPE_TELEPATHY",
                "issue_provisional_credit":{"amount":{"value":1299,"currency":"USD"},
                "actions":["ACTION_ISSUE_PROVISIONAL_CREDIT","ACTION_TELEPORT"]}}]}],
        "audit_log":[{"timestamp":1708300800000,"event_type":"DISPUTE_EVENT_TYPE_CREATE",
            "create_dispute":{"actions":[]}}]}}"#;
    let r: DisputeResponse = serde_json::from_str(json).unwrap();
    let d = r.dispute;
    assert_eq!(d.short_id, "CSP-1234");
    assert_eq!(d.status, DisputeStatus::Open);
    assert_eq!(d.reason, DisputeReason::Unauth);
    assert_eq!(timestamp_millis(d.resolution_deadline), 1_708_387_200_000);
    assert_eq!(d.customer.external_ids["core"], "77");
    assert_eq!(d.agent, None);
    let t = &d.transactions[0];
    assert_eq!(t.status, DisputedTransactionStatus::Investigating);
    assert_eq!(
        t.provisional_credit_amount
            .as_ref()
            .unwrap()
            .amount_in_cents,
        1299
    );
    let event = &t.audit_log[0];
    assert_eq!(event.event_type, TransactionEventType::Unknown);
    let credit = event.issue_provisional_credit.as_ref().unwrap();
    assert_eq!(
        credit.actions,
        [Action::IssueProvisionalCredit, Action::Unknown]
    );
    assert_eq!(d.audit_log[0].event_type, DisputeEventType::Create);
}

#[test]
fn list_page_metadata_accepts_strings_and_sends_numbers() {
    let r: ListDisputesResponse = serde_json::from_str(
        r#"{"items":[],"total_items":"41","totalPages":3,"totalInPage":0,"current_page":"4"}"#,
    )
    .unwrap();
    assert_eq!((r.total_items, r.total_pages, r.current_page), (41, 3, 4));
    let out = serde_json::to_value(&r).unwrap();
    assert_eq!(out["totalItems"], 41);
    assert_eq!(out["currentPage"], 4);
}

#[test]
fn deprecated_reasons_are_not_fileable() {
    assert!(DisputeReason::Unauth.is_fileable());
    assert!(DisputeReason::AtmPartialCash.is_fileable());
    for r in [
        DisputeReason::Unknown,
        DisputeReason::MerchantIssue,
        DisputeReason::AtmIssue,
        DisputeReason::AchIssue,
        DisputeReason::TransferIssue,
    ] {
        assert!(!r.is_fileable(), "{r:?}");
    }
    let fileable = DisputeReason::ALL
        .iter()
        .filter(|r| r.is_fileable())
        .count();
    assert_eq!(fileable, 17);
}

#[test]
fn create_request_round_trips_from_snake_case() {
    let json = r#"{"org_uuid":"o1","transaction_details":[{"uuid":"t1","merchant":"Acme",
        "amount":{"value":500,"currency":"USD"}}],"customer":{"uuid":"c1","name":"Ana"},
        "reason":"DISPUTE_REASON_MERCHANT_ISSUE_RETURNED",
        "questionnaire_answers":[{"question_id":"merchant_contacted","question":"Did you?",
        "answer":"yes"}]}"#;
    let r: CreateDisputeRequest = serde_json::from_str(json).unwrap();
    assert_eq!(r.reason, DisputeReason::MerchantReturned);
    assert_eq!(r.questionnaire_answers[0].question_id, "merchant_contacted");
    let out = serde_json::to_value(&r).unwrap();
    assert_eq!(out["orgUuid"], "o1");
    assert_eq!(
        out["questionnaireAnswers"][0]["questionId"],
        "merchant_contacted"
    );
    assert_eq!(out["transactionDetails"][0]["amount"]["amountInCents"], 500);
}
