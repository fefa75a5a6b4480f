//! The filing flow: every transition, refusals, Back and edit-from-review, the request built.

use crate::sorted::Set;
use std::rc::Rc;

use casap_api::{
    Amount, DisputeReason as R, DisputeStatus, DisputeSummary, DisputedTransaction,
    TransactionDetail, TransactionStatus, TransactionType as T,
};

use super::Member;
use super::*;
use crate::survey::Problem;

const NOW: i64 = 1_795_000_000_000;
const DAY: i64 = 86_400_000;

fn txn(
    uuid: &str,
    kind: T,
    cents: i64,
    status: TransactionStatus,
    days_ago: i64,
) -> TransactionDetail {
    TransactionDetail {
        uuid: uuid.into(),
        kind,
        status,
        merchant: format!("M {uuid}"),
        settled_timestamp: NOW - days_ago * DAY,
        amount: Amount {
            amount_in_cents: cents,
            currency: "USD".into(),
        },
        ..TransactionDetail::default()
    }
}

/// A flow whose open disputes are not known yet (the session is still being set up).
fn fresh() -> Flow {
    let list = vec![
        txn("card1", T::DebitCard, 2500, TransactionStatus::Settled, 3),
        txn("card2", T::DebitCard, 1500, TransactionStatus::Settled, 4),
        txn("atm", T::Atm, 20000, TransactionStatus::Settled, 5),
        txn("pending", T::DebitCard, 900, TransactionStatus::Pending, 0),
        txn("old", T::CreditCard, 7000, TransactionStatus::Settled, 90),
        txn("taken", T::DebitCard, 100, TransactionStatus::Settled, 2),
    ];
    Flow::new(
        Rc::new(list),
        NOW,
        "2026-11-22".into(),
        crate::survey::builtin(),
    )
}

fn flow() -> Flow {
    fresh().reduce(FlowAction::Disputed(Set::from(["taken".to_owned()])))
}

fn taken() -> FlowAction {
    FlowAction::Disputed(Set::from(["taken".to_owned()]))
}

#[test]
fn the_first_step_waits_for_the_open_disputes_before_going_on() {
    use FlowAction as A;
    let f = fresh();
    assert_eq!(f.open_disputes, OpenDisputes::Pending);
    // Before the list, every settled transaction can be chosen, "taken" included.
    let chose = run(f.clone(), [A::Toggle("card1".into()), A::Continue]);
    assert!(chose.waiting, "Continue waits");
    assert_eq!(chose.step, Step::Transactions);
    assert!(chose.errors.is_empty());
    // Pressing again keeps waiting; nothing is chosen: the usual refusal, no waiting.
    assert!(chose.reduce(A::Continue).waiting);
    let none = f.reduce(A::Continue);
    assert!(!none.waiting);
    assert_eq!(none.errors[0].problem, Issue::NoTransaction);
    // The list arrives without the chosen one in it: the member goes on by themself.
    let on = chose.reduce(taken());
    assert_eq!(on.step, Step::Reason);
    assert!(!on.waiting);
    assert_eq!(on.open_disputes, OpenDisputes::Known);
    // The list arrives with a chosen one in it: taken off, the member told, nothing goes on.
    let both = run(
        fresh(),
        [
            A::Toggle("card1".into()),
            A::Toggle("taken".into()),
            A::Continue,
        ],
    );
    let told = both.reduce(taken());
    assert_eq!(told.step, Step::Transactions);
    assert_eq!(told.draft.selected, ["card1"]);
    assert_eq!(told.errors[0].problem, Issue::NowDisputed);
    assert_eq!(told.errors[0].field, "transactions");
    assert!(!told.waiting);
    // ... and may no longer be chosen; Continue now goes on at once.
    let again = run(told, [A::Toggle("taken".into()), A::Continue]);
    assert_eq!(again.draft.selected, ["card1"]);
    assert_eq!(again.step, Step::Reason);
    // Chosen without Continue: taken off and told all the same.
    let quiet = run(fresh(), [A::Toggle("taken".into()), taken()]);
    assert!(quiet.draft.selected.is_empty());
    assert_eq!(quiet.errors[0].problem, Issue::NowDisputed);
    // The list cannot be had: the check is skipped and a waiting member goes on.
    let skipped = chose.reduce(A::DisputedUnavailable);
    assert_eq!(skipped.step, Step::Reason);
    assert_eq!(skipped.open_disputes, OpenDisputes::Unavailable);
    let later = run(
        fresh(),
        [
            A::DisputedUnavailable,
            A::Toggle("card1".into()),
            A::Continue,
        ],
    );
    assert_eq!(later.step, Step::Reason);
}

fn run(start: Flow, actions: impl IntoIterator<Item = FlowAction>) -> Flow {
    actions.into_iter().fold(start, |f, a| f.reduce(a))
}

use FlowAction as A;

fn answer(id: &str, v: &str) -> A {
    A::Answer(id.into(), v.into())
}

/// A flow filled in to the documents step for an unauthorized dispute of two card transactions.
fn at_evidence() -> Flow {
    run(
        flow(),
        [
            A::Toggle("card1".into()),
            A::Toggle("card2".into()),
            A::Continue,
            A::ChooseReason(R::Unauth),
            A::Continue,
            answer("card_status", "still_have_card"),
            answer("recognizes_merchant", "no"),
            answer("allowed_anyone_to_use", "no"),
            answer("member_explanation", "I did not make these"),
            A::Continue,
        ],
    )
}

/// The same, at the review step with one file.
fn at_review() -> Flow {
    run(
        at_evidence(),
        [
            A::AddFile(FileDraft {
                id: 7,
                name: "receipt.png".into(),
                size: 1234,
                kind: casap_api::files::FileKind::Png,
                reduced_from: None,
            }),
            A::AddFile(FileDraft {
                id: 7,
                name: "same id again.png".into(),
                size: 1,
                kind: casap_api::files::FileKind::Png,
                reduced_from: None,
            }),
            A::Continue,
        ],
    )
}

#[test]
fn the_happy_path_walks_every_step() {
    let f = at_review();
    assert_eq!(f.step, Step::Review);
    assert_eq!(f.draft.selected, ["card1", "card2"]);
    let amount = f.survey().into_iter().find(|i| i.q.id == "disputed_amount");
    assert_eq!(
        amount.map(|i| i.value).as_deref(),
        Some("40.00"),
        "defaults to the selected total"
    );
    assert!(
        !f.draft.answers.contains_key("disputed_amount"),
        "a default is not an answer"
    );
    let f = run(
        f,
        [
            A::SetAttested(true),
            A::SetSignature("Ana Reyes".into()),
            A::Continue,
        ],
    );
    assert_eq!(f.submission, Submission::Sending);
    assert_eq!(f.submit_attempt, 1);
}

#[test]
fn continue_is_refused_until_each_step_is_complete() {
    let f = run(flow(), [A::Continue]);
    assert_eq!(f.step, Step::Transactions);
    assert_eq!(f.errors[0].problem, Issue::NoTransaction);
    let f = run(f, [A::Toggle("card1".into())]);
    assert!(f.errors.is_empty(), "fixing the field clears its error");
    let f = run(f, [A::Continue, A::Continue]);
    assert_eq!(
        (f.step, f.errors[0].problem.clone()),
        (Step::Reason, Issue::NoReason)
    );
    let f = run(f, [A::ChooseReason(R::Unauth), A::Continue, A::Continue]);
    assert_eq!(f.step, Step::Questions);
    // Debit cards are Reg E: only the common block can block Continue.
    let fields: Vec<&str> = f.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["member_explanation"]);
    let f = run(at_review(), [A::Continue]);
    let problems: Vec<Issue> = f.errors.iter().map(|e| e.problem.clone()).collect();
    assert_eq!(problems, [Issue::NotAttested, Issue::NoSignature]);
    assert_eq!(f.submission, Submission::Idle);
}

#[test]
fn pending_and_already_disputed_cannot_be_selected_but_late_can() {
    let f = run(
        flow(),
        [
            A::Toggle("pending".into()),
            A::Toggle("taken".into()),
            A::Toggle("nope".into()),
        ],
    );
    assert!(f.draft.selected.is_empty());
    let f = run(flow(), [A::Toggle("old".into())]);
    assert_eq!(
        f.draft.selected,
        ["old"],
        "late claims are warned about, never blocked"
    );
}

#[test]
fn reasons_follow_the_selection_and_a_misfit_reason_is_dropped() {
    let f = run(
        flow(),
        [
            A::Toggle("card1".into()),
            A::ChooseReason(R::MerchantReturned),
        ],
    );
    assert_eq!(f.draft.reason, Some(R::MerchantReturned));
    let f = run(f, [A::Toggle("atm".into())]);
    assert_eq!(f.allowed_reasons(), [R::Unauth]);
    assert_eq!(f.draft.reason, None);
    let f = run(f, [A::ChooseReason(R::AtmPartialCash)]);
    assert_eq!(
        f.draft.reason, None,
        "a reason that does not fit is refused"
    );
}

#[test]
fn back_and_edit_from_review_keep_everything() {
    let review = at_review();
    let f = run(review.clone(), [A::Back, A::Back, A::Back, A::Back]);
    assert_eq!(f.step, Step::Transactions);
    assert_eq!(f.draft, review.draft, "Back loses nothing");
    let f = run(f, [A::Back]);
    assert_eq!(f.step, Step::Transactions);

    let f = run(review.clone(), [A::Edit(Step::Questions)]);
    assert_eq!(f.step, Step::Questions);
    let f = run(f, [answer("member_explanation", "Changed"), A::Continue]);
    assert_eq!(f.step, Step::Review, "Continue returns to the review");
    assert_eq!(f.draft.answers["member_explanation"], "Changed");
    assert_eq!(f.draft.files, review.draft.files);
    // Edit is only offered from the review.
    let f = run(flow(), [A::Edit(Step::Evidence)]);
    assert_eq!(f.step, Step::Transactions);
}

#[test]
fn submission_outcomes_and_retry() {
    let sending = run(
        at_review(),
        [
            A::SetAttested(true),
            A::SetSignature("Ana".into()),
            A::Continue,
        ],
    );
    let failure = Failure {
        kind: FailureKind::Server,
        detail: "503".into(),
    };
    let failed = run(sending.clone(), [A::SubmitFailed(failure.clone())]);
    assert_eq!(failed.submission, Submission::Failed(failure));
    assert_eq!(failed.draft, sending.draft, "nothing to retype");
    let again = run(failed, [A::RetrySubmit]);
    assert_eq!(
        (again.submission.clone(), again.submit_attempt),
        (Submission::Sending, 2)
    );
    // While sending, the draft is locked.
    let locked = run(again.clone(), [A::Toggle("card1".into()), A::Back]);
    assert_eq!(locked.draft, again.draft);
    assert_eq!(locked.step, Step::Review);
    let receipt = Rc::new(Receipt {
        dispute: DisputeSummary::default(),
    });
    let done = run(again, [A::Submitted(receipt.clone())]);
    assert_eq!(done.step, Step::Confirmation);
    assert_eq!(done.submission, Submission::Done(receipt));
    // The picked file is queued for upload once the dispute exists, and not before.
    assert!(sending.uploads.items.is_empty());
    assert_eq!(done.uploads.to_start(), vec![7]);
    assert_eq!(
        run(done.clone(), [A::RetrySubmit]).submission,
        done.submission
    );
}

#[test]
fn answers_are_validated_against_the_selection() {
    let f = run(
        at_review(),
        [
            A::Edit(Step::Questions),
            answer("disputed_amount", "40.01"),
            A::Continue,
        ],
    );
    assert_eq!(
        f.errors[0].problem,
        Issue::Answer(Problem::AmountTooHigh { max_cents: 4000 })
    );
}

#[test]
fn the_request_carries_exactly_what_api_md_describes() {
    let f = run(
        at_review(),
        [A::SetAttested(true), A::SetSignature("Ana".into())],
    );
    let member = Member {
        uuid: "mbr-ana".into(),
        name: "Ana Reyes".into(),
        email: "ana@example.com".into(),
        phone: "+1 555 0100".into(),
        account_uuid: "acct-1".into(),
    };
    let req = create_request(&f, "org-1", Some(&member), 1_795_000_000_000);
    assert_eq!(req.org_uuid, "org-1");
    assert_eq!(req.reason, R::Unauth);
    let uuids: Vec<&str> = req
        .transaction_details
        .iter()
        .map(|t| t.uuid.as_str())
        .collect();
    assert_eq!(uuids, ["card1", "card2"]);
    assert_eq!(req.customer.account_uuid, "acct-1");
    let ids: Vec<&str> = req
        .questionnaire_answers
        .iter()
        .map(|a| a.question_id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "card_status",
            "recognizes_merchant",
            "allowed_anyone_to_use",
            "disputed_amount",
            "member_explanation",
            "questionnaire_version",
            "attestation",
            "attestation_signed_name",
            "attestation_signed_at",
            "attestation_authentication",
        ]
    );
    let answer = |id: &str| {
        let a = req
            .questionnaire_answers
            .iter()
            .find(|a| a.question_id == id);
        a.map(|a| a.answer.clone()).unwrap_or_default()
    };
    assert_eq!(answer("disputed_amount"), "4000");
    assert_eq!(answer("questionnaire_version"), f.catalog.version);
    assert_eq!(answer("attestation_signed_name"), "Ana");
    assert_eq!(answer("attestation_signed_at"), "2026-11-18T11:06:40Z");
    // Unauthorized card use: the standard and fraud attestations; no ACH, so no WSUD.
    assert_eq!(f.attestations(), ["standard", "fraud"]);
    assert!(answer("attestation").contains("I did not make, authorize or take part"));
}

#[test]
fn a_dispute_of_this_draft_is_recognised_for_adoption() {
    let f = at_review();
    let summary = |reason, uuids: &[&str], status| DisputeSummary {
        reason,
        status,
        transactions: uuids
            .iter()
            .map(|u| DisputedTransaction {
                uuid: (*u).into(),
                ..DisputedTransaction::default()
            })
            .collect(),
        ..DisputeSummary::default()
    };
    assert!(is_this_draft(
        &summary(R::Unauth, &["card2", "card1"], DisputeStatus::Open),
        &f
    ));
    assert!(!is_this_draft(
        &summary(R::Unauth, &["card1"], DisputeStatus::Open),
        &f
    ));
    for other in [
        &["card1", "card3"][..],
        &["card1", "card1"],
        &["card1", "card2", "card3"],
    ] {
        assert!(
            !is_this_draft(&summary(R::Unauth, other, DisputeStatus::Open), &f),
            "{other:?}"
        );
    }
    assert!(!is_this_draft(
        &summary(
            R::MerchantReturned,
            &["card1", "card2"],
            DisputeStatus::Open
        ),
        &f
    ));
    assert!(!is_this_draft(
        &summary(R::Unauth, &["card1", "card2"], DisputeStatus::Closed),
        &f
    ));
}

#[test]
fn steps_number_and_name() {
    assert_eq!(Step::Transactions.number(), 1);
    assert_eq!(Step::Review.number(), 5);
    assert_eq!(Step::Confirmation.name(), "confirmation");
}

#[test]
fn a_saved_draft_comes_back_after_a_reload_with_its_files_named() {
    use crate::intake::saved::SavedDraft;
    let filled = run(
        at_review(),
        [A::SetAttested(true), A::SetSignature("Ana".into())],
    );
    let saved = SavedDraft::of(&filled).expect("a draft worth keeping");
    // Through JSON, as sessionStorage keeps it.
    let saved: SavedDraft = serde_json::from_str(&serde_json::to_string(&saved).unwrap()).unwrap();
    let back = flow().restore(saved.clone());
    assert_eq!(back.step, Step::Review);
    assert_eq!(back.draft.selected, filled.draft.selected);
    assert_eq!(back.draft.reason, filled.draft.reason);
    assert_eq!(back.draft.answers, filled.draft.answers);
    assert!(back.draft.attested && back.draft.signature == "Ana");
    // The browser file cannot come back: it is named for the member to add again.
    assert!(back.draft.files.is_empty());
    let missing: Vec<&str> = back.missing_files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(missing, vec!["receipt.png"]);
    let readded = back.reduce(A::AddFile(FileDraft {
        id: 1,
        name: "receipt.png".into(),
        size: 1234,
        kind: casap_api::files::FileKind::Png,
        reduced_from: None,
    }));
    assert!(readded.missing_files.is_empty());
    // The member is told their answers were kept until they move to another step or add the
    // named files again.
    assert!(back.restored && !flow().restored);
    assert!(!readded.restored);
    assert!(!back.reduce(A::Back).restored);
    assert!(back.reduce(A::SetSignature("Ana R".into())).restored);

    // A transaction disputed meanwhile drops out, and the member is taken back to choose.
    let elsewhere = flow().reduce(A::Disputed(Set::from([
        "card1".to_owned(),
        "card2".to_owned(),
    ])));
    let back = elsewhere.restore(saved.clone());
    assert!(back.draft.selected.is_empty());
    assert_eq!(back.step, Step::Transactions);
    // Restored before the open disputes are known, then one turns out disputed: back to the
    // first step, told why.
    let early = fresh().restore(saved.clone());
    assert_ne!(early.step, Step::Transactions);
    let dropped = early.reduce(A::Disputed(Set::from(["card2".to_owned()])));
    assert_eq!(dropped.step, Step::Transactions);
    assert_eq!(dropped.errors[0].problem, Issue::NowDisputed);
    // Another version's draft is ignored; a filed dispute or an empty draft is not kept.
    let other = SavedDraft {
        version: 99,
        ..saved
    };
    assert_eq!(flow().restore(other), flow());
    assert_eq!(SavedDraft::of(&flow()), None);
    // While a dispute is being created the draft is kept, marked, so that after a reload the
    // next submit first looks for the dispute the lost attempt may have created.
    let sending = run(filled, [A::Continue]);
    let kept = SavedDraft::of(&sending).expect("kept while sending");
    assert!(kept.attempted);
    let back = flow().restore(kept);
    assert_eq!(back.step, Step::Review);
    assert_eq!(
        run(back, [A::Continue]).submit_attempt,
        2,
        "looks before creating"
    );
    let done = sending.reduce(A::Submitted(Rc::new(Receipt {
        dispute: DisputeSummary::default(),
    })));
    assert_eq!(
        SavedDraft::of(&done),
        None,
        "a filed dispute's draft is not kept"
    );
}

#[test]
fn an_incomplete_step_before_the_saved_one_is_where_the_member_lands() {
    use crate::intake::saved::SavedDraft;
    let mut saved = SavedDraft::of(&at_review()).unwrap();
    saved.answers.remove("member_explanation");
    let back = flow().restore(saved);
    assert_eq!(back.step, Step::Questions);
    assert!(
        back.errors.is_empty(),
        "no error shown before the member acts"
    );
}

#[test]
fn continue_from_documents_waits_for_photos_still_being_prepared() {
    let at_evidence = at_evidence();
    assert_eq!(at_evidence.step, Step::Evidence);
    // Two picks under way; Continue is pressed meanwhile.
    let pressed = run(
        at_evidence,
        [
            A::PreparingFiles(true),
            A::PreparingFiles(true),
            A::Continue,
        ],
    );
    assert_eq!(pressed.step, Step::Evidence, "held until the photos are in");
    assert!(pressed.waiting);
    let photo = FileDraft {
        id: 1,
        name: "IMG_0042.jpg".into(),
        size: 300_000,
        kind: casap_api::files::FileKind::Jpeg,
        reduced_from: Some(4_200_000),
    };
    let one_done = run(
        pressed,
        [A::AddFile(photo.clone()), A::PreparingFiles(false)],
    );
    assert_eq!(one_done.step, Step::Evidence, "one pick still going");
    let both = one_done.reduce(A::PreparingFiles(false));
    assert_eq!(both.step, Step::Review, "goes on by itself");
    assert!(!both.waiting);
    assert_eq!(both.draft.files, vec![photo]);
    // Without Continue pressed, a finished pick only adds its files.
    let quiet = run(
        both.reduce(A::Edit(Step::Evidence)),
        [A::PreparingFiles(true), A::PreparingFiles(false)],
    );
    assert_eq!(quiet.step, Step::Evidence);
    // A stray "done" never underflows.
    assert_eq!(quiet.reduce(A::PreparingFiles(false)).preparing_files, 0);
}

/// The widget's flow before its questionnaire comes with the filing part.
fn awaiting(saved: Option<crate::intake::saved::SavedDraft>) -> Flow {
    let f = fresh();
    Flow::awaiting_questionnaire(f.transactions.clone(), NOW, f.today.clone(), saved)
}

#[test]
fn the_first_step_works_before_the_questionnaire_comes_and_continue_waits_for_it() {
    use FlowAction as A;
    let f = awaiting(None);
    assert!(!f.catalog_ready && f.catalog.reasons.is_empty());
    // Choosing works; Continue waits for the questionnaire as for the open disputes.
    let chose = run(f, [A::Toggle("card1".into()), taken(), A::Continue]);
    assert_eq!(chose.draft.selected, ["card1"]);
    assert!(chose.waiting);
    assert_eq!(chose.step, Step::Transactions);
    // It comes: the member goes on by themself, to reasons that fit.
    let on = chose.reduce(A::Questionnaire(crate::survey::builtin()));
    assert!(on.catalog_ready && !on.waiting);
    assert_eq!(on.step, Step::Reason);
    assert!(on.allowed_reasons().contains(&R::Unauth));
    // Not waiting: it only arrives.
    let idle = awaiting(None).reduce(A::Questionnaire(crate::survey::builtin()));
    assert_eq!(idle.step, Step::Transactions);
    assert!(!idle.waiting);
}

#[test]
fn a_kept_draft_waits_for_the_questionnaire_unchanged_and_is_restored_when_it_comes() {
    use crate::intake::saved::SavedDraft;
    use FlowAction as A;
    let filled = run(
        at_review(),
        [A::SetAttested(true), A::SetSignature("Ana".into())],
    );
    let saved = SavedDraft::of(&filled).unwrap();
    let waiting = awaiting(Some(saved.clone()));
    // Meanwhile the tab keeps the draft exactly as it was (never cleared as empty).
    assert_eq!(SavedDraft::of(&waiting), Some(saved.clone()));
    // The open disputes may come first.
    let listed = waiting.reduce(taken());
    assert_eq!(SavedDraft::of(&listed), Some(saved.clone()));
    let back = listed.reduce(A::Questionnaire(crate::survey::builtin()));
    assert!(back.pending.is_none() && back.restored);
    assert_eq!(back.step, Step::Review);
    assert_eq!(back.draft.reason, filled.draft.reason);
    assert_eq!(back.draft.answers, filled.draft.answers);
    assert_eq!(back.open_disputes, OpenDisputes::Known);
    // A kept transaction disputed meanwhile: taken out, back to the first step, told why.
    let elsewhere = awaiting(Some(saved))
        .reduce(A::Disputed(Set::from(["card2".to_owned()])))
        .reduce(A::Questionnaire(crate::survey::builtin()));
    assert_eq!(elsewhere.step, Step::Transactions);
    assert_eq!(elsewhere.draft.selected, ["card1"]);
    assert_eq!(elsewhere.errors[0].problem, Issue::NowDisputed);
}
