//! The copy of a dispute a member keeps ("Save or print a copy"): the case number, when it was
//! filed (date and time with the zone), each transaction, the reason, every question with its
//! answer as shown, the statements and the signature, the documents received, in the member's
//! language. Built from the filing on the confirmation, or from what the service keeps on a
//! dispute's detail (which holds no answers: the copy says so). `print.rs` prints it.

use casap_api::DisputeSummary;
use yew::prelude::*;

use super::steps::shown_answer;
use crate::i18n::format::{Formats, date_time};
use crate::i18n::{Locale, Msg, reason_text, text};
use crate::intake::status::{Happening, filed_at_ms, timeline};
use crate::intake::{Flow, UploadState};
use crate::survey;

/// What the copy shows, ready to print (amounts and answers already as the member read them).
#[derive(Properties, PartialEq, Clone, Default)]
pub struct RecordProps {
    pub locale: Locale,
    pub short_id: String,
    pub filed_at_ms: Option<i64>,
    /// `merchant · amount` of each transaction.
    pub transactions: Vec<String>,
    pub reason: String,
    /// Each question shown, and its answer as shown.
    pub answers: Vec<(String, String)>,
    /// The statements the member agreed to.
    pub statements: Vec<String>,
    pub signature: Option<String>,
    pub documents: Vec<String>,
    /// Made from what the service keeps (My disputes): no answers, and a line saying so.
    pub from_service: bool,
}

/// What every copy shows: the case number, when it was filed, the transactions, the reason.
fn about(d: &DisputeSummary, locale: Locale, formats: &Formats) -> RecordProps {
    let transactions = (d.transactions.iter())
        .map(|t| {
            let amount = formats.money(t.amount.amount_in_cents, &t.amount.currency);
            format!("{} · {amount}", t.merchant)
        })
        .collect();
    RecordProps {
        locale,
        short_id: d.short_id.clone(),
        filed_at_ms: filed_at_ms(d),
        transactions,
        reason: reason_text(locale, d.reason).0.to_owned(),
        ..RecordProps::default()
    }
}

/// The copy of a dispute just filed with `flow`.
pub fn of_filing(flow: &Flow, dispute: &DisputeSummary, locale: Locale) -> RecordProps {
    let formats = Formats::of(locale);
    let answers = (flow.survey().iter())
        .filter(|i| i.visible && !i.value.trim().is_empty())
        .map(|i| {
            let answer = shown_answer(i.q, &i.value, flow, locale, &formats);
            (i.q.label.get(locale).to_owned(), answer)
        })
        .collect();
    let statements = survey::attest::texts(&flow.catalog, &flow.attestations())
        .iter()
        .map(|t| t.get(locale).to_owned())
        .collect();
    let documents = (flow.uploads.items.iter())
        .filter(|u| u.state == UploadState::Done)
        .map(|u| u.file.name.clone())
        .collect();
    RecordProps {
        answers,
        statements,
        signature: Some(flow.draft.signature.trim().to_owned()).filter(|s| !s.is_empty()),
        documents,
        ..about(dispute, locale, &formats)
    }
}

/// The copy of a dispute from what the service keeps about it.
pub fn of_dispute(d: &DisputeSummary, locale: Locale) -> RecordProps {
    let formats = Formats::of(locale);
    let documents = (timeline(d).iter())
        .filter(|e| e.happening == Happening::FileAdded)
        .map(|e| {
            let what = text(locale, Msg::EventFileAdded);
            if e.at_ms > 0 {
                format!("{what} · {}", formats.date(e.at_ms))
            } else {
                what.to_owned()
            }
        })
        .collect();
    RecordProps {
        documents,
        from_service: true,
        ..about(d, locale, &formats)
    }
}

#[component]
pub fn Record(props: &RecordProps) -> Html {
    let locale = props.locale;
    html! {
        <article class="di di-record" lang={locale.tag()}>
            <h1 class="di-record-title">{ text(locale, Msg::RecordTitle) }</h1>
            <dl class="di-record-facts">
                <dt>{ text(locale, Msg::CaseNumber) }</dt>
                <dd class="di-short-id">{ &props.short_id }</dd>
                if let Some(ms) = props.filed_at_ms {
                    <dt>{ text(locale, Msg::RecordFiled) }</dt>
                    <dd>{ date_time(locale, ms) }</dd>
                }
            </dl>
            <h2>{ text(locale, Msg::ReviewTransactions) }</h2>
            <ul>
                for t in props.transactions.iter() {
                    <li>{ t }</li>
                }
            </ul>
            <h2>{ text(locale, Msg::ReviewReason) }</h2>
            <p>{ &props.reason }</p>
            if !props.answers.is_empty() {
                <h2>{ text(locale, Msg::ReviewAnswers) }</h2>
                <dl class="di-record-answers">
                    for (q, a) in props.answers.iter() {
                        <dt>{ q }</dt><dd>{ a }</dd>
                    }
                </dl>
            }
            if !props.statements.is_empty() {
                <h2>{ text(locale, Msg::AttestIntro) }</h2>
                for s in props.statements.iter() {
                    <p>{ s }</p>
                }
            }
            if let Some(name) = &props.signature {
                <p class="di-record-signature">
                    { text(locale, Msg::RecordSignedBy) }{ ": " }<strong>{ name }</strong>
                </p>
            }
            <h2>{ text(locale, Msg::RecordDocuments) }</h2>
            if props.documents.is_empty() {
                <p>{ text(locale, Msg::NoFiles) }</p>
            } else {
                <ul>
                    for d in props.documents.iter() {
                        <li>{ d }</li>
                    }
                </ul>
            }
            if props.from_service {
                <p class="di-record-note">{ text(locale, Msg::RecordFromService) }</p>
            }
        </article>
    }
}
