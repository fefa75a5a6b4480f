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
    assert_eq!(out["amount"]["amountInCents"], "-4599");
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
