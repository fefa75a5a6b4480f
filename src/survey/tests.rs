//! Engine tests: visibility, validation, amounts, encoding.

use casap_api::DisputeReason as R;

use super::*;

fn ctx() -> Context {
    Context {
        today: "2026-11-22".into(),
        max_cents: 5000,
    }
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
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
fn branching_shows_follow_up_questions_only_when_asked_for() {
    let qs = questions_for(R::MerchantNotReceived);
    let date = qs.iter().find(|q| q.id == "merchant_contact_date").unwrap();
    assert!(!date.visible(&answers(&[])));
    assert!(!date.visible(&answers(&[("merchant_contacted", "no")])));
    assert!(date.visible(&answers(&[("merchant_contacted", "yes")])));
}

#[test]
fn validation_names_each_problem() {
    let qs = questions_for(R::MerchantNotReceived);
    let a = answers(&[
        ("merchant_contacted", "yes"),
        ("merchant_contact_date", "2026-12-01"),
        ("disputed_amount", "60.00"),
        ("member_explanation", "   "),
        ("date_noticed", "2026-02-30"),
    ]);
    let problems = validate(&qs, &a, &ctx());
    let got: Vec<(&str, &Problem)> = problems.iter().map(|(id, p)| (id.as_str(), p)).collect();
    assert_eq!(
        got,
        [
            ("purchase_description", &Problem::Required),
            ("merchant_contact_date", &Problem::FutureDate),
            ("merchant_response", &Problem::Required),
            (
                "disputed_amount",
                &Problem::AmountTooHigh { max_cents: 5000 }
            ),
            ("member_explanation", &Problem::Required),
            ("date_noticed", &Problem::BadDate),
        ]
    );
}

#[test]
fn no_and_optional_answers_never_block() {
    let qs = questions_for(R::MerchantNotReceived);
    let a = answers(&[
        ("purchase_description", "Headphones"),
        ("merchant_contacted", "no"),
        ("disputed_amount", "50"),
        ("member_explanation", "Never arrived"),
    ]);
    assert_eq!(validate(&qs, &a, &ctx()), []);
}

#[test]
fn encoding_sends_visible_answers_as_strings_with_the_version() {
    let qs = questions_for(R::Unauth);
    let a = answers(&[
        ("card_status", "stolen"),
        ("recognizes_merchant", "no"),
        ("allowed_anyone_to_use", "no"),
        ("allowed_user_detail", "hidden answers are not sent"),
        ("disputed_amount", "12.5"),
        ("member_explanation", "  Not me  "),
    ]);
    let wire = encode(&qs, &a);
    let got: Vec<(&str, &str)> = wire
        .iter()
        .map(|w| (w.question_id.as_str(), w.answer.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("card_status", "stolen"),
            ("recognizes_merchant", "no"),
            ("allowed_anyone_to_use", "no"),
            ("disputed_amount", "1250"),
            ("member_explanation", "Not me"),
            ("questionnaire_version", CATALOG_VERSION),
        ]
    );
    assert_eq!(wire[0].question, "Where is your card?");
}

#[test]
fn every_fileable_reason_has_questions_with_unique_ids_and_translations() {
    for r in R::ALL.iter().filter(|r| r.is_fileable()) {
        let qs = questions_for(*r);
        assert!(qs.iter().any(|q| q.id == "member_explanation"), "{r:?}");
        let mut ids: Vec<&str> = qs.iter().map(|q| q.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), qs.len(), "{r:?} repeats an id");
        for q in &qs {
            assert!(
                !q.label.en.is_empty() && !q.label.es.is_empty() && q.label.en != q.label.es,
                "{}",
                q.id
            );
        }
    }
}
