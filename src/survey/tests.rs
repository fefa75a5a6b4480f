//! Engine and default-catalog tests: the visible questions of every reason under representative
//! answers, Reg E and Reg Z requirements, validation, derived defaults, encoding of every
//! answer type, reasons per transaction type, rules shown, and refused overrides.

use casap_api::{DisputeReason as R, TransactionType as T};

use super::rules::{Liability, add_business_days, day_number, iso_utc, liability};
use super::*;

fn ctx(types: &[T]) -> Context {
    Context {
        today: "2026-11-22".into(),
        total_cents: 5000,
        types: types.to_vec(),
        transactions: Rc::new(
            ["t-original", "t-other", "t-selected"]
                .map(|uuid| casap_api::TransactionDetail {
                    uuid: uuid.into(),
                    ..Default::default()
                })
                .to_vec(),
        ),
        selected: vec!["t-selected".into()],
        duplicate: Some("t-original".into()),
    }
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn cat() -> Rc<Catalog> {
    builtin()
}

/// The ids shown for `reason` with these answers; `*` marks the ones that block Continue.
fn shown(reason: R, types: &[T], pairs: &[(&str, &str)]) -> Vec<String> {
    let c = cat();
    c.survey(reason, &answers(pairs), &ctx(types))
        .into_iter()
        .filter(|i| i.visible)
        .map(|i| format!("{}{}", i.q.id, if i.required { "*" } else { "" }))
        .collect()
}

/// The value question `id` shows (the member's answer, or its derived default).
fn value_of(reason: R, types: &[T], pairs: &[(&str, &str)], id: &str) -> String {
    let c = cat();
    c.survey(reason, &answers(pairs), &ctx(types))
        .into_iter()
        .find(|i| i.q.id == id)
        .map(|i| i.value)
        .unwrap()
}

fn problems(reason: R, types: &[T], pairs: &[(&str, &str)]) -> Vec<(String, Problem)> {
    let c = cat();
    let x = ctx(types);
    validate(&c.survey(reason, &answers(pairs), &x), &x)
}

const COMMON_E: [&str; 4] = [
    "disputed_amount*",
    "member_explanation*",
    "date_noticed",
    "other_transactions_affected",
];

fn with_common(own: &[&str]) -> Vec<String> {
    own.iter()
        .chain(COMMON_E.iter())
        .map(|s| (*s).to_owned())
        .collect()
}

#[test]
fn amounts_parse_as_members_type_them() {
    let check = |s: &str, want: Option<i64>| assert_eq!(parse_cents(s), want, "{s:?}");
    check("12", Some(1200));
    check("12.5", Some(1250));
    check("12.34", Some(1234));
    check("$ 1,234.56", Some(123_456));
    check("1.234,56", Some(123_456));
    check("0,99", Some(99));
    check(".5", Some(50));
    check("1,234", Some(123_400));
    check("", None);
    check("12.", None);
    check("-5", None);
    check("abc", None);
    check("1.2.3e4", None);
    assert_eq!(format_cents_plain(1234), "12.34");
    assert_eq!(format_cents_plain(5), "0.05");
}

#[test]
fn the_default_catalog_compiles_and_covers_every_fileable_reason() {
    let c = cat();
    for r in R::ALL.iter().filter(|r| r.is_fileable()) {
        let e = c.entry(*r).unwrap_or_else(|| panic!("{r:?} has no entry"));
        assert!(!e.types.is_empty() && !e.documents.is_empty(), "{r:?}");
        let qs = c.questions(*r);
        let mut ids: Vec<&str> = qs.iter().map(|(q, _, _)| q.id.as_str()).collect();
        assert!(ids.contains(&"member_explanation"), "{r:?}");
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), qs.len(), "{r:?} repeats an id");
    }
    for r in [
        R::Unknown,
        R::MerchantIssue,
        R::AtmIssue,
        R::AchIssue,
        R::TransferIssue,
    ] {
        assert!(c.entry(r).is_none(), "{r:?} is deprecated");
    }
    for q in c.questions.values() {
        let texts = std::iter::once(&q.label).chain(q.help.iter());
        for t in texts {
            assert!(
                !t.en.is_empty() && !t.es.is_empty() && t.en != t.es,
                "{}",
                q.id
            );
        }
    }
}

#[test]
fn unauthorized_card_use_asks_about_the_card_and_follows_the_answers() {
    let base = [
        "card_status",
        "recognizes_merchant",
        "allowed_anyone_to_use",
        "credentials_shared_due_to_contact",
        "police_report_filed",
        "card_block_ack",
    ];
    assert_eq!(shown(R::Unauth, &[T::DebitCard], &[]), with_common(&base));
    assert_eq!(
        shown(
            R::Unauth,
            &[T::DebitCard],
            &[
                ("card_status", "stolen"),
                ("allowed_anyone_to_use", "yes"),
                ("police_report_filed", "yes"),
            ]
        ),
        with_common(&[
            "card_status",
            "date_learned_lost",
            "recognizes_merchant",
            "allowed_anyone_to_use",
            "allowed_user_detail",
            "credentials_shared_due_to_contact",
            "police_report_filed",
            "police_report_number",
            "card_block_ack",
        ])
    );
    // A credit card is Reg Z: the catalog's requirements apply.
    assert_eq!(
        shown(R::Unauth, &[T::CreditCard], &[("card_status", "lost")])[..5],
        [
            "card_status*",
            "date_learned_lost*",
            "recognizes_merchant*",
            "allowed_anyone_to_use*",
            "credentials_shared_due_to_contact"
        ]
    );
}

#[test]
fn unauthorized_ach_asks_about_the_authorization_not_a_card() {
    let own = |extra: &[&str]| {
        let mut v = vec![
            "recognizes_merchant",
            "allowed_anyone_to_use",
            "credentials_shared_due_to_contact",
            "police_report_filed",
            "ach_auth_status",
        ];
        v.extend_from_slice(extra);
        v.push("knows_originator");
        with_common(&v)
    };
    assert_eq!(shown(R::Unauth, &[T::Ach], &[]), own(&[]));
    assert_eq!(
        shown(R::Unauth, &[T::Ach], &[("ach_auth_status", "revoked")]),
        own(&["revocation_date", "revocation_method"])
    );
    assert_eq!(
        shown(
            R::Unauth,
            &[T::Ach],
            &[("ach_auth_status", "amount_differs")]
        ),
        own(&["authorized_amount"])
    );
    assert_eq!(
        shown(
            R::Unauth,
            &[T::Ach],
            &[("ach_auth_status", "debited_early")]
        ),
        own(&["authorized_date"])
    );
    let c = cat();
    assert_eq!(
        attest::applicable(&c, R::Unauth, &[T::Ach]),
        ["standard", "fraud", "wsud"]
    );
    assert_eq!(
        attest::applicable(&c, R::MerchantCanceledSubscription, &[T::Ach]),
        ["standard", "wsud"]
    );
    assert_eq!(
        attest::applicable(&c, R::MerchantCanceledSubscription, &[T::DebitCard]),
        ["standard"]
    );
}

#[test]
fn atm_reasons_prefill_and_derive_amounts() {
    let c = cat();
    let x = ctx(&[T::Atm]);
    let value = |reason, pairs: &[(&str, &str)], id: &str| value_of(reason, &[T::Atm], pairs, id);
    assert_eq!(
        shown(R::AtmCashNotDispensed, &[T::Atm], &[]),
        with_common(&[
            "card_in_possession",
            "atm_location",
            "atm_owner",
            "amount_requested",
            "atm_message",
            "reported_to_atm_owner"
        ])
    );
    assert_eq!(value(R::AtmPartialCash, &[], "amount_requested"), "50.00");
    assert_eq!(value(R::AtmPartialCash, &[], "disputed_amount"), "50.00");
    let partial = [("amount_received", "20")];
    assert_eq!(
        value(R::AtmPartialCash, &partial, "disputed_amount"),
        "30.00"
    );
    let typed = [("amount_received", "20"), ("disputed_amount", "25")];
    assert_eq!(
        value(R::AtmPartialCash, &typed, "disputed_amount"),
        "25",
        "the member's own figure wins"
    );
    let p = problems(
        R::AtmPartialCash,
        &[T::Atm],
        &[("amount_received", "60"), ("atm_location", "Main St")],
    );
    assert_eq!(p[0].0, "amount_received");
    assert!(matches!(&p[0].1, Problem::NotBelow(t) if t.en == "How much cash did you ask for?"));
    // Saying the card was not at hand points to the unauthorized reason.
    let items = c.survey(
        R::AtmCashNotDispensed,
        &answers(&[("card_in_possession", "no")]),
        &x,
    );
    assert_eq!(items[0].suggests, Some(R::Unauth));
}

#[test]
fn atm_deposits_ask_about_checks_only_when_there_were_checks() {
    let own = |checks: bool| {
        let mut v = vec!["deposit_contents", "amount_deposited", "amount_credited"];
        if checks {
            v.extend(["check_count", "check_details"]);
        }
        v.extend(["atm_location", "receipt_shows_amount"]);
        with_common(&v)
    };
    let t = [T::CreditAtm];
    assert_eq!(
        shown(R::AtmCashNotDeposited, &t, &[("deposit_contents", "cash")]),
        own(false)
    );
    assert_eq!(
        shown(R::AtmCashNotDeposited, &t, &[("deposit_contents", "both")]),
        own(true)
    );
    // The missing part of a deposit can exceed what was credited: no cap at the total.
    let p = problems(
        R::AtmCashNotDeposited,
        &t,
        &[
            ("deposit_contents", "checks"),
            ("amount_deposited", "900"),
            ("amount_credited", "50"),
            ("check_count", "0"),
            ("atm_location", "Main St"),
            ("member_explanation", "Two checks missing"),
        ],
    );
    assert_eq!(
        p,
        [(
            "check_count".to_owned(),
            Problem::OutOfRange {
                min: Some(1),
                max: Some(100),
                cents: false
            }
        )]
    );
}

#[test]
fn merchant_reasons_branch_on_contact_delivery_and_returns() {
    let t = [T::DebitCard];
    let merchant_yes = [
        "purchase_description",
        "merchant_contacted",
        "merchant_contact_date",
        "merchant_contact_method",
        "merchant_response",
        "merchant_response_detail",
    ];
    let mut own: Vec<&str> = merchant_yes.to_vec();
    own.extend([
        "purchase_type",
        "expected_date",
        "delivery_date_promised",
        "delivery_problem",
        "order_canceled",
        "cancellation_date",
        "late_item_disposition",
        "return_date",
        "tracking_number",
    ]);
    assert_eq!(
        shown(
            R::MerchantNotReceived,
            &t,
            &[
                ("merchant_contacted", "yes"),
                ("delivery_problem", "arrived_late"),
                ("order_canceled", "member_canceled"),
                ("late_item_disposition", "returned"),
            ]
        ),
        with_common(&own)
    );
    assert_eq!(
        shown(
            R::MerchantNotAsDescribed,
            &t,
            &[
                ("merchant_contacted", "no"),
                ("purchase_type", "merchandise"),
                ("problem_type", "counterfeit"),
                ("return_status", "tried_to_return"),
            ]
        ),
        with_common(&[
            "purchase_description",
            "merchant_contacted",
            "merchant_not_contacted_reason",
            "purchase_type",
            "received_date",
            "problem_type",
            "problem_detail",
            "return_status",
            "return_attempt_date",
            "return_blocker",
            "item_location",
            "counterfeit_basis",
        ])
    );
    assert_eq!(
        shown(
            R::MerchantNotAsDescribed,
            &t,
            &[("purchase_type", "service"), ("service_canceled", "yes")]
        )[4..8],
        [
            "problem_type",
            "problem_detail",
            "service_canceled",
            "service_cancel_date"
        ]
    );
    // Under Reg Z the catalog's requirements hold, including per-reason ones.
    let z = shown(
        R::MerchantReturned,
        &[T::CreditCard],
        &[("merchant_contacted", "no")],
    );
    assert_eq!(
        z[..6],
        [
            "purchase_description*",
            "merchant_contacted*",
            "merchant_not_contacted_reason",
            "return_date*",
            "return_method*",
            "return_reason*"
        ]
    );
    let c = cat();
    let items = c.survey(
        R::MerchantReturned,
        &answers(&[("credit_slip_received", "yes")]),
        &ctx(&t),
    );
    let slip = items
        .iter()
        .find(|i| i.q.id == "credit_slip_received")
        .unwrap();
    assert_eq!(slip.suggests, Some(R::MerchantRefundNotReceived));
}

#[test]
fn every_other_reason_asks_its_own_questions() {
    type Case<'a> = (R, &'a [T], &'a [(&'a str, &'a str)], &'a [&'a str]);
    let cases: &[Case] = &[
        (
            R::MerchantRefundNotReceived,
            &[T::CreditCard],
            &[
                ("merchant_contacted", "no"),
                ("refund_evidence", "verbal_promise"),
            ],
            &[
                "purchase_description*",
                "merchant_contacted*",
                "merchant_not_contacted_reason",
                "refund_evidence*",
                "expected_refund_amount*",
                "promised_refund_date",
                "canceled_or_returned_date",
            ],
        ),
        (
            R::MerchantCanceledSubscription,
            &[T::Ach],
            &[("merchant_contacted", "no")],
            &[
                "purchase_description",
                "merchant_contacted",
                "merchant_not_contacted_reason",
                "cancellation_date",
                "cancellation_method",
                "cancellation_confirmation",
                "cancellation_scope",
                "was_free_trial",
                "used_after_cancel",
                "revocation_date",
            ],
        ),
        (
            R::MerchantIncorrectAmount,
            &[T::DebitCard],
            &[],
            &["correct_amount", "amount_basis"],
        ),
        (
            R::MerchantDuplicateCharge,
            &[T::DebitCard],
            &[],
            &["original_transaction_ref", "single_purchase_confirmed"],
        ),
        (
            R::MerchantPaidByOtherMeans,
            &[T::CreditCard],
            &[("merchant_contacted", "no")],
            &[
                "purchase_description*",
                "merchant_contacted*",
                "merchant_not_contacted_reason",
                "other_method*",
                "other_payment_date",
                "other_payment_amount",
                "other_payment_reference",
            ],
        ),
        (
            R::TransferNotReceived,
            &[T::Transfer],
            &[],
            &[
                "recipient_name",
                "recipient_identifier",
                "recipient_confirmed_nonreceipt",
                "payment_purpose",
                "confirmation_number",
            ],
        ),
        (
            R::TransferIncorrectRecipient,
            &[T::Transfer],
            &[],
            &[
                "intended_recipient_name",
                "intended_identifier",
                "identifier_entered",
                "contacted_recipient",
                "amount_recovered",
            ],
        ),
        (
            R::TransferIncorrectAmount,
            &[T::Transfer],
            &[],
            &["intended_amount", "amount_origin", "confirmation_number"],
        ),
        (
            R::TransferDuplicateCharge,
            &[T::Transfer],
            &[],
            &[
                "original_transaction_ref",
                "single_purchase_confirmed",
                "confirmation_number",
            ],
        ),
        (
            R::TransferFailedCancellation,
            &[T::Ach],
            &[],
            &[
                "cancel_request_date",
                "cancel_channel",
                "cancel_confirmation",
                "told_payee_revoked",
                "scheduled_date",
            ],
        ),
    ];
    for (reason, types, pairs, own) in cases {
        let got = shown(*reason, types, pairs);
        let n = own.len();
        assert_eq!(got[..n], **own, "{reason:?}");
        let common: Vec<&str> = got[n..].iter().map(String::as_str).collect();
        let want: &[&str] = if types.contains(&T::CreditCard) && types.len() == 1 {
            &[
                "disputed_amount*",
                "member_explanation*",
                "date_noticed",
                "other_transactions_affected",
            ]
        } else {
            &COMMON_E
        };
        assert_eq!(common, want, "{reason:?}");
    }
}

#[test]
fn duplicates_and_corrected_amounts_are_prefilled() {
    let value =
        |reason, pairs: &[(&str, &str)], id: &str| value_of(reason, &[T::DebitCard], pairs, id);
    assert_eq!(
        value(R::MerchantDuplicateCharge, &[], "original_transaction_ref"),
        "t-original"
    );
    assert_eq!(
        value(
            R::MerchantIncorrectAmount,
            &[("correct_amount", "35")],
            "disputed_amount"
        ),
        "15.00"
    );
    let p = problems(
        R::MerchantDuplicateCharge,
        &[T::CreditCard],
        &[
            ("original_transaction_ref", "t-selected"),
            ("single_purchase_confirmed", "yes"),
            ("member_explanation", "x"),
        ],
    );
    assert_eq!(
        p,
        [("original_transaction_ref".to_owned(), Problem::BadChoice)]
    );
}

#[test]
fn reg_e_accepts_no_and_skipped_answers_reg_z_requires_them() {
    let only_common = [("member_explanation", "Never arrived")];
    assert_eq!(
        problems(R::MerchantNotReceived, &[T::DebitCard], &only_common),
        []
    );
    let z: Vec<String> = problems(R::MerchantNotReceived, &[T::CreditCard], &only_common)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(
        z,
        [
            "purchase_description",
            "merchant_contacted",
            "purchase_type",
            "expected_date",
            "delivery_problem",
            "order_canceled"
        ]
    );
    // A mixed selection includes a debit: Reg E.
    assert_eq!(
        problems(
            R::MerchantNotReceived,
            &[T::CreditCard, T::DebitCard],
            &only_common
        ),
        []
    );
}

#[test]
fn validation_names_each_problem() {
    let p = problems(
        R::MerchantNotReceived,
        &[T::CreditCard],
        &[
            ("purchase_description", "Headphones"),
            ("merchant_contacted", "yes"),
            ("merchant_contact_date", "2026-12-01"),
            ("merchant_contact_method", "carrier pigeon"),
            ("merchant_response", "refused"),
            ("merchant_response_detail", &"x".repeat(501)),
            ("purchase_type", "merchandise"),
            ("expected_date", "2026-02-30"),
            ("delivery_problem", "never_arrived"),
            ("order_canceled", "no"),
            ("disputed_amount", "50.01"),
            ("member_explanation", "   "),
        ],
    );
    let got: Vec<(&str, &Problem)> = p.iter().map(|(id, p)| (id.as_str(), p)).collect();
    assert_eq!(
        got,
        [
            ("merchant_contact_date", &Problem::FutureDate),
            ("merchant_contact_method", &Problem::BadChoice),
            ("merchant_response_detail", &Problem::TooLong { max: 500 }),
            ("expected_date", &Problem::BadDate),
            (
                "disputed_amount",
                &Problem::AmountTooHigh { max_cents: 5000 }
            ),
            ("member_explanation", &Problem::Required),
        ]
    );
    let p = problems(
        R::MerchantNotAsDescribed,
        &[T::DebitCard],
        &[
            ("purchase_type", "merchandise"),
            ("received_date", "2026-11-10"),
            ("return_status", "returned"),
            ("return_date", "2026-11-01"),
            ("disputed_amount", "abc"),
            ("member_explanation", "Broken"),
        ],
    );
    assert_eq!(p[0].0, "return_date");
    assert!(matches!(&p[0].1, Problem::Before(t) if t.en == "When did you receive it?"));
    assert_eq!(p[1], ("disputed_amount".to_owned(), Problem::BadAmount));
    let p = problems(
        R::AtmCashNotDeposited,
        &[T::CreditAtm],
        &[("check_count", "two"), ("deposit_contents", "checks")],
    );
    assert!(p.contains(&("check_count".to_owned(), Problem::BadNumber)));
}

#[test]
fn a_hidden_branch_never_opens_another_or_is_sent() {
    // "stolen" opened date_learned_lost; on a card the member still has, it is hidden and
    // its answer is neither validated nor sent.
    let c = cat();
    let x = ctx(&[T::DebitCard]);
    let a = answers(&[
        ("card_status", "still_have_card"),
        ("date_learned_lost", "not a date"),
        ("police_report_filed", "no"),
        ("police_report_number", "PR-1"),
        ("member_explanation", "Not me"),
    ]);
    let items = c.survey(R::Unauth, &a, &x);
    assert_eq!(validate(&items, &x), []);
    let ids: Vec<String> = encode(&items, "v")
        .into_iter()
        .map(|w| w.question_id)
        .collect();
    assert!(
        !ids.iter()
            .any(|i| i == "date_learned_lost" || i == "police_report_number")
    );
}

#[test]
fn encoding_sends_each_answer_type_as_section_1_says() {
    let c = cat();
    let x = ctx(&[T::CreditAtm]);
    let a = answers(&[
        ("deposit_contents", "both"),
        ("amount_deposited", "$1,200.50"),
        ("amount_credited", "200"),
        ("check_count", "1,2"),
        ("check_details", "  Rent from J. Doe, 1000.50  "),
        ("atm_location", "Main St"),
        ("date_noticed", "2026-11-20"),
        ("other_transactions_affected", "no"),
        ("member_explanation", "Checks missing"),
    ]);
    let wire = encode(&c.survey(R::AtmCashNotDeposited, &a, &x), &c.version);
    let got: Vec<(&str, &str)> = wire
        .iter()
        .map(|w| (w.question_id.as_str(), w.answer.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("deposit_contents", "both"),
            ("amount_deposited", "120050"),
            ("amount_credited", "20000"),
            ("check_count", "12"),
            ("check_details", "Rent from J. Doe, 1000.50"),
            ("atm_location", "Main St"),
            ("disputed_amount", "100050"),
            ("member_explanation", "Checks missing"),
            ("date_noticed", "2026-11-20"),
            ("other_transactions_affected", "no"),
            ("questionnaire_version", c.version.as_str()),
        ]
    );
    assert_eq!(wire[0].question, "What did you deposit?");
    let dup = encode(
        &c.survey(
            R::MerchantDuplicateCharge,
            &answers(&[]),
            &ctx(&[T::DebitCard]),
        ),
        "v",
    );
    assert_eq!(dup[0].question_id, "original_transaction_ref");
    assert_eq!(
        dup[0].answer, "t-original",
        "a transaction is sent as its uuid"
    );
}

#[test]
fn reasons_follow_section_4_for_every_type() {
    let c = cat();
    let card = vec![
        R::Unauth,
        R::MerchantNotReceived,
        R::MerchantNotAsDescribed,
        R::MerchantReturned,
        R::MerchantRefundNotReceived,
        R::MerchantCanceledSubscription,
        R::MerchantIncorrectAmount,
        R::MerchantDuplicateCharge,
        R::MerchantPaidByOtherMeans,
    ];
    let table: &[(T, Vec<R>)] = &[
        (T::DebitCard, card.clone()),
        (T::CreditCard, card),
        (
            T::Atm,
            vec![R::Unauth, R::AtmCashNotDispensed, R::AtmPartialCash],
        ),
        (T::CreditAtm, vec![R::AtmCashNotDeposited]),
        (
            T::Ach,
            vec![
                R::Unauth,
                R::MerchantCanceledSubscription,
                R::MerchantIncorrectAmount,
                R::MerchantDuplicateCharge,
                R::MerchantPaidByOtherMeans,
                R::TransferNotReceived,
                R::TransferIncorrectRecipient,
                R::TransferIncorrectAmount,
                R::TransferDuplicateCharge,
                R::TransferFailedCancellation,
            ],
        ),
        (
            T::Transfer,
            vec![
                R::Unauth,
                R::TransferNotReceived,
                R::TransferIncorrectRecipient,
                R::TransferIncorrectAmount,
                R::TransferDuplicateCharge,
                R::TransferFailedCancellation,
            ],
        ),
        (
            T::CreditAch,
            vec![
                R::TransferNotReceived,
                R::TransferIncorrectAmount,
                R::TransferDuplicateCharge,
            ],
        ),
        (
            T::CreditTransfer,
            vec![
                R::TransferNotReceived,
                R::TransferIncorrectAmount,
                R::TransferDuplicateCharge,
            ],
        ),
        (T::Unknown, vec![R::Unauth]),
    ];
    for (kind, want) in table {
        assert_eq!(&c.reasons_for(&[*kind]), want, "{kind:?}");
    }
    assert_eq!(c.reasons_for(&[T::DebitCard, T::Atm]), [R::Unauth]);
    assert!(c.reasons_for(&[T::CreditAtm, T::DebitCard]).is_empty());
    assert!(c.reasons_for(&[]).is_empty());
}

#[test]
fn lost_card_liability_follows_the_business_days_since_learning() {
    let a = |status: &str, learned: &str| {
        answers(&[("card_status", status), ("date_learned_lost", learned)])
    };
    // 2026-11-22 is a Sunday; the 19th a Thursday, the 18th a Wednesday.
    let today = "2026-11-22";
    assert_eq!(
        liability(&a("lost", "2026-11-20"), today, &[T::DebitCard]),
        Some(Liability::Within2BusinessDays)
    );
    assert_eq!(
        liability(&a("stolen", "2026-11-19"), today, &[T::Atm]),
        Some(Liability::Within2BusinessDays)
    );
    assert_eq!(
        liability(&a("stolen", "2026-11-18"), today, &[T::DebitCard]),
        Some(Liability::After2BusinessDays)
    );
    assert_eq!(
        liability(&a("lost", "2026-11-01"), today, &[T::CreditCard]),
        Some(Liability::CreditCard)
    );
    assert_eq!(
        liability(&a("still_have_card", "2026-11-01"), today, &[T::DebitCard]),
        None
    );
    assert_eq!(
        liability(&a("lost", "2026-11-23"), today, &[T::DebitCard]),
        None,
        "future"
    );
    let d = |s| day_number(s).unwrap();
    assert_eq!(
        add_business_days(d("2026-11-20"), 1),
        d("2026-11-23"),
        "Fri + 1 is Mon"
    );
    assert_eq!(
        add_business_days(d("2026-11-19"), 2),
        d("2026-11-23"),
        "Thu + 2 is Mon"
    );
    assert_eq!(day_number("2026-02-29"), None);
    assert_eq!(day_number("2024-02-29").map(|_| ()), Some(()));
    assert_eq!(day_number("2026-1-01"), None);
    assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
    assert_eq!(iso_utc(1_795_000_000_000), "2026-11-18T11:06:40Z");
}

fn override_error(json: &str) -> CatalogError {
    let def = decode_json(json);
    let (used, err) = resolve(Some(def));
    assert_eq!(
        used.version,
        builtin().version,
        "the built-in catalog is used"
    );
    err.expect("refused")
}

#[test]
fn an_override_can_extend_the_default() {
    let (c, err) = resolve(Some(decode_json(
        r#"{"extends": "default", "version": "riverbend-7",
            "questions": {"branch_visited": {"type": "text", "maxLength": 80,
               "label": {"en": "Which branch do you use?", "es": "¿Qué sucursal usa?"}}},
            "reasons": [{"reason": "UNAUTH", "types": ["DEBIT_CARD"],
               "ask": ["branch_visited", "card_status"],
               "documents": [{"en": "Anything", "es": "Cualquier cosa"}]}]}"#,
    )));
    assert_eq!(err, None);
    assert_eq!(c.version, "riverbend-7");
    assert_eq!(
        c.reasons_for(&[T::Ach])[0],
        R::MerchantCanceledSubscription,
        "UNAUTH is card-only now"
    );
    let ids: Vec<&str> = c
        .questions(R::Unauth)
        .iter()
        .map(|(q, _, _)| q.id.as_str())
        .collect();
    assert_eq!(
        ids[..3],
        ["branch_visited", "card_status", "disputed_amount"]
    );
    assert!(c.entry(R::AtmPartialCash).is_some(), "the rest is kept");
}

#[test]
fn a_malformed_override_is_refused_with_where_and_why() {
    let cases: &[(&str, &str, &str)] = &[
        (r#"{"version": 3}"#, "version", "invalid type"),
        (
            r#"{"version": "x", "reasons": [{"reason": "UNAUTH", "types": ["DEBIT_CARD"], "ask": [7]}]}"#,
            "reasons[0].ask[0]",
            "",
        ),
        (
            r#"{"extends": "default", "version": "x", "questions": {"q1": {"type": "essay", "label": {"en": "a", "es": "b"}}}}"#,
            "questions.q1.type",
            "unknown variant",
        ),
        (
            r#"{"extends": "default", "version": "x", "questions": {"q1": {"type": "text", "label": {"en": "a", "es": "b"}}}}"#,
            "questions.q1.maxLength",
            "maxLength",
        ),
        (
            r#"{"extends": "default", "version": "x", "questions": {"q1": {"type": "choice", "label": {"en": "a", "es": "b"}, "options": [{"key": "a", "label": {"en": "A", "es": "A"}}]}}}"#,
            "questions.q1.options",
            "at least two",
        ),
        (
            r#"{"extends": "default", "version": "x", "questions": {"q1": {"type": "yes_no", "label": {"en": "a", "es": ""}}}}"#,
            "questions.q1.label.es",
            "Spanish",
        ),
        (
            r#"{"extends": "default", "version": "x", "questions": {"q1": {"type": "yes_no", "label": {"en": "a", "es": "b"}, "showIf": {"equals": ["nope", "yes"]}}}}"#,
            "questions.q1.showIf",
            "\"nope\"",
        ),
        (
            r#"{"extends": "default", "version": "x", "questions": {"q1": {"type": "yes_no", "lable": {"en": "a", "es": "b"}}}}"#,
            "questions.q1.lable",
            "unknown field",
        ),
        (
            r#"{"extends": "default", "version": "x", "reasons": [{"reason": "ATM_ISSUE", "types": ["ATM"]}]}"#,
            "reasons[17].reason",
            "deprecated",
        ),
        (
            r#"{"extends": "default", "version": "x", "reasons": [{"reason": "UNAUTH", "types": ["CHEQUE"]}]}"#,
            "reasons[0].types[0]",
            "CHEQUE",
        ),
        (
            r#"{"extends": "default", "version": "x", "reasons": [{"reason": "UNAUTH", "types": ["ATM"], "ask": ["@nothing"]}]}"#,
            "reasons[0].ask[0]",
            "no block",
        ),
        (
            r#"{"extends": "default", "version": "x", "reasons": [{"reason": "UNAUTH", "types": ["ATM"], "ask": ["card_status", "card_status"]}]}"#,
            "reasons[0].ask[1]",
            "twice",
        ),
        (
            r#"{"extends": "default", "version": ""}"#,
            "version",
            "required",
        ),
        (
            r#"{"extends": "mine", "version": "x"}"#,
            "extends",
            "\"mine\"",
        ),
        (
            r#"{"extends": "default", "version": "x", "questions": {"attestation": {"type": "yes_no", "label": {"en": "a", "es": "b"}}}}"#,
            "questions.attestation",
            "reserved",
        ),
        (
            r#"{"version": "x", "reasons": []}"#,
            "attestations",
            "standard",
        ),
    ];
    for (json, path, problem) in cases {
        let e = override_error(json);
        assert_eq!(&e.path, path, "{json}: {e}");
        assert!(e.problem.contains(problem), "{json}: {e}");
    }
}
