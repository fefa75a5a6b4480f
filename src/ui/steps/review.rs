//! Step 5: everything on one page with an edit link per section, the attestation and the
//! signature, and the submission's progress or failure.

use yew::prelude::*;

use super::super::fields::{error_id, error_of, event_value, field_error, field_id};
use super::super::use_wizard;
use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, reason_text, text};
use crate::intake::{Action, Flow, FlowAction, Step, Submission};
use crate::survey::{self, Kind, Question, parse_cents};

/// An answer as the member reads it back (here, and in the copy they keep).
pub fn shown_answer(
    q: &Question,
    raw: &str,
    flow: &Flow,
    locale: Locale,
    formats: &Formats,
) -> String {
    match &q.kind {
        Kind::Transaction => flow
            .transactions
            .iter()
            .find(|t| t.uuid == raw)
            .map(|t| {
                let amount = formats.money(t.amount.amount_in_cents, &t.amount.currency);
                format!("{} · {amount}", t.merchant)
            })
            .unwrap_or_else(|| raw.to_owned()),
        Kind::YesNo => text(locale, if raw == "yes" { Msg::Yes } else { Msg::No }).to_owned(),
        Kind::Choice(c) => c
            .iter()
            .find(|c| c.key == raw)
            .map(|c| c.label.get(locale).to_owned())
            .unwrap_or_else(|| raw.to_owned()),
        Kind::Amount => parse_cents(raw)
            .map(|c| formats.money(c, "USD"))
            .unwrap_or_else(|| raw.to_owned()),
        _ => raw.trim().to_owned(),
    }
}

fn section(
    locale: Locale,
    title: Msg,
    step: Step,
    dispatch: &UseReducerDispatcher<super::super::State>,
    sending: bool,
    body: Html,
) -> Html {
    let edit = dispatch
        .to_callback()
        .reform(move |_: MouseEvent| Action::Flow(FlowAction::Edit(step)));
    let title_text = text(locale, title);
    html! {
        <section class="di-review-section">
            <div class="di-review-head">
                <h3 class="di-subheading">{ title_text }</h3>
                <button type="button" class="di-link" onclick={edit} disabled={sending}
                        aria-label={format!("{} {}", text(locale, Msg::Edit), title_text)}>
                    { text(locale, Msg::Edit) }
                </button>
            </div>
            { body }
        </section>
    }
}

fn answers(flow: &Flow, locale: Locale, formats: &Formats) -> Html {
    html! {
        <dl class="di-answers">
            for item in flow.survey().iter().filter(|i| i.visible && !i.value.trim().is_empty()) {
                <dt>{ item.q.label.get(locale) }</dt>
                <dd>{ shown_answer(item.q, &item.value, flow, locale, formats) }</dd>
            }
        </dl>
    }
}

#[component]
pub fn ReviewStep() -> Html {
    let (state, shared) = use_wizard();
    let locale = shared.setup.locale;
    let flow = &state.0.flow;
    let formats = Formats::of(locale);
    let dispatch = state.dispatcher();
    let sending = flow.submission == Submission::Sending;

    let transactions = html! {
        <ul class="di-plain-list">
            for t in flow.selected() {
                <li>{ &t.merchant }{ " · " }{ formats.money(t.amount.amount_in_cents, &t.amount.currency) }</li>
            }
        </ul>
    };
    let reason = html! {
        <p>{ flow.draft.reason.map(|r| reason_text(locale, r).0).unwrap_or_default() }</p>
    };
    let files = if flow.draft.files.is_empty() {
        html! { <p>{ text(locale, Msg::NoFiles) }</p> }
    } else {
        html! {
            <ul class="di-plain-list">
                for f in flow.draft.files.iter() {
                    <li class="di-filename" title={f.name.clone()}>{ crate::intake::short_name(&f.name, 48) }</li>
                }
            </ul>
        }
    };

    let on_attest = dispatch.to_callback().reform(|e: Event| {
        let checked = e
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
            .is_some_and(|i| i.checked());
        Action::Flow(FlowAction::SetAttested(checked))
    });
    let on_sign = dispatch
        .to_callback()
        .reform(|e: InputEvent| Action::Flow(FlowAction::SetSignature(event_value(&e.into()))));
    let retry = dispatch
        .to_callback()
        .reform(|_: MouseEvent| Action::Flow(FlowAction::RetrySubmit));
    let attest_invalid = error_of(&flow.errors, "attest").is_some();
    let attest_described = if attest_invalid {
        format!("di-attest-text {}", error_id("attest"))
    } else {
        "di-attest-text".to_owned()
    };
    let sign_invalid = error_of(&flow.errors, "signature").is_some();

    html! {
        <div class="di-review">
            { section(locale, Msg::ReviewTransactions, Step::Transactions, &dispatch, sending, transactions) }
            { section(locale, Msg::ReviewReason, Step::Reason, &dispatch, sending, reason) }
            { section(locale, Msg::ReviewAnswers, Step::Questions, &dispatch, sending, answers(flow, locale, &formats)) }
            { section(locale, Msg::ReviewFiles, Step::Evidence, &dispatch, sending, files) }
            <div class="di-attest">
                <p class="di-hint" id="di-attest-intro">{ text(locale, Msg::AttestIntro) }</p>
                <div class="di-statements" id="di-attest-text">
                    for t in survey::attest::texts(&flow.catalog, &flow.attestations()) {
                        <p>{ t.get(locale) }</p>
                    }
                </div>
                { field_error(&flow.errors, "attest", locale, &formats) }
                <div class="di-option">
                    <input type="checkbox" id={field_id("attest")} class="di-check"
                           checked={flow.draft.attested} onchange={on_attest} disabled={sending}
                           aria-invalid={attest_invalid.then_some("true")}
                           aria-describedby={attest_described} />
                    <label for={field_id("attest")} class="di-option-label">{ text(locale, Msg::AttestLabel) }</label>
                </div>
                <div class="di-field">
                    <label for={field_id("signature")} class="di-label">{ text(locale, Msg::SignatureLabel) }</label>
                    { field_error(&flow.errors, "signature", locale, &formats) }
                    <input type="text" id={field_id("signature")} class="di-input" part="input" autocomplete="name"
                           value={flow.draft.signature.clone()} oninput={on_sign} disabled={sending}
                           aria-invalid={sign_invalid.then_some("true")}
                           aria-describedby={sign_invalid.then(|| error_id("signature"))} />
                </div>
            </div>
            {
                match &flow.submission {
                    Submission::Sending => html! {
                        <p class="di-status" role="status">{ text(locale, Msg::Submitting) }</p>
                    },
                    Submission::Failed(f) => html! {
                        <div class="di-error" role="alert">
                            <p>{ text(locale, Msg::SubmitFailed) }</p>
                            <p>{ text(locale, f.kind.message()) }</p>
                            <button type="button" class="di-button" part="button primary" onclick={retry}>
                                { text(locale, Msg::TryAgain) }
                            </button>
                        </div>
                    },
                    _ => Html::default(),
                }
            }
        </div>
    }
}
