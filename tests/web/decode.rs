//! `decode.rs` in the browser, through which every input of the widget passes: the host's
//! options, the questionnaire, the API's answers, a saved draft. Errors name their path;
//! unknown fields are seen; an API answer's unreadable optional field is treated as absent.

use casap_api::{DisputeResponse, ListDisputesResponse, TransactionDetail};
use dispute_intake::decode::{from_answer, from_value};
use serde::Deserialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Strict {
    label: String,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    options: Vec<Strict>,
}

#[wasm_bindgen_test]
fn values_of_every_shape_decode() {
    let t: TransactionDetail = from_value(json(
        r#"{"uuid":"t1","merchant":"Café \u00e9","settledTimestamp":"1708387200",
            "amount":{"amountInCents":-2147483648,"currency":"USD"},"type":"TRANSACTION_TYPE_ATM"}"#,
    ))
    .unwrap();
    assert_eq!(t.uuid, "t1");
    assert_eq!(t.merchant, "Café é");
    assert_eq!(t.settled_timestamp, 1_708_387_200);
    assert_eq!(t.amount.amount_in_cents, -2_147_483_648);
    let n: Option<u32> = from_value(JsValue::NULL).unwrap();
    assert_eq!(n, None);
    let v: Vec<f64> = from_value(json("[1.5, 2, -3]")).unwrap();
    assert_eq!(v, vec![1.5, 2.0, -3.0]);
}

#[wasm_bindgen_test]
fn errors_name_their_path_and_unknown_fields_are_seen() {
    let cases = [
        (
            r#"{"label":7}"#,
            "label",
            "invalid type: integer `7`, expected a string",
        ),
        (
            r#"{"label":"a","requried":true}"#,
            "requried",
            "unknown field `requried`",
        ),
        (
            r#"{"label":"a","options":[{"label":"b"},{"lable":"c"}]}"#,
            "options[1].lable",
            "unknown field `lable`",
        ),
        (
            r#""everything""#,
            ".",
            "invalid type: string \"everything\"",
        ),
        // Not a word (a name, an email, free text): not repeated.
        (
            r#""Ana Reyes <ana@example.com>""#,
            ".",
            "invalid type: a string, expected",
        ),
        (
            r#"{"label":"a","required":"yes"}"#,
            "required",
            "expected a boolean",
        ),
        (
            r#"{"label":1.5}"#,
            "label",
            "invalid type: a number with a fraction, expected a string",
        ),
    ];
    for (text, path, problem) in cases {
        let e = from_value::<Strict>(json(text)).unwrap_err();
        assert_eq!(e.path(), path, "{text}");
        assert!(e.problem().contains(problem), "{text}: {}", e.problem());
    }
    // Integers beyond what a JS number holds exactly are refused, not rounded.
    let e = from_value::<i64>(JsValue::from_f64(9_007_199_254_740_994.0)).unwrap_err();
    assert!(e.problem().contains("invalid type"), "{e}");
    let e = from_value::<u8>(JsValue::from_f64(300.0)).unwrap_err();
    assert_eq!(
        e.problem(),
        "invalid value: integer `300`, expected u8",
        "serde's words"
    );
}

#[wasm_bindgen_test]
fn an_unreadable_optional_field_of_an_answer_is_absent_and_reported() {
    let (answer, dropped) = from_answer::<DisputeResponse>(json(
        r#"{"dispute":{"uuid":"d1","shortId":"CSP-1","resolutionDeadline":"string",
            "transactions":[{"uuid":"t1","settledTimestamp":{"x":1},"amount":{"amountInCents":5,"currency":"USD"}}]}}"#,
    ))
    .unwrap();
    assert_eq!(answer.dispute.uuid, "d1");
    assert_eq!(answer.dispute.resolution_deadline, 0, "treated as absent");
    assert_eq!(answer.dispute.transactions[0].settled_timestamp, 0);
    assert_eq!(answer.dispute.transactions[0].amount.amount_in_cents, 5);
    let paths: Vec<String> = dropped.iter().map(|e| e.path()).collect();
    assert_eq!(
        paths,
        [
            "dispute.resolutionDeadline",
            "dispute.transactions[0].settledTimestamp"
        ]
    );
}

#[wasm_bindgen_test]
fn an_answer_missing_what_the_widget_needs_is_unreadable() {
    // Essential: a dispute's identity and its money.
    for (text, path) in [
        (
            r#"{"dispute":{"uuid":7,"shortId":"CSP-1"}}"#,
            "dispute.uuid",
        ),
        (
            r#"{"dispute":{"uuid":"d1","shortId":["CSP-1"]}}"#,
            "dispute.shortId",
        ),
        (
            r#"{"dispute":{"uuid":"d1","transactions":[{"amount":{"amountInCents":"lots"}}]}}"#,
            "dispute.transactions[0].amount.amountInCents",
        ),
    ] {
        let e = from_answer::<DisputeResponse>(json(text)).unwrap_err();
        assert_eq!(e.path(), path, "{text}");
    }
    // An item of a list is not a field: a list whose item cannot be read is unreadable.
    let e =
        from_answer::<ListDisputesResponse>(json(r#"{"items":["not a dispute"]}"#)).unwrap_err();
    assert_eq!(e.path(), "items[0]");
    assert!(from_answer::<DisputeResponse>(json("42")).is_err());
}
