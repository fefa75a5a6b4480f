//! After filing: the case number, what was disputed, the files being sent, what happens next.

use casap_api::TransactionType;
use yew::prelude::*;

use super::super::print::use_printer;
use super::super::record::of_filing;
use super::super::uploads::{UploadList, flow_dispatch};
use super::super::use_wizard;
use crate::i18n::format::Formats;
use crate::i18n::{Msg, text};
use crate::intake::Submission;

#[component]
pub fn ConfirmationStep() -> Html {
    let (state, shared) = use_wizard();
    let printer = use_printer();
    let locale = shared.setup.locale;
    let flow = &state.0.flow;
    let formats = Formats::of(locale);
    let Submission::Done(receipt) = &flow.submission else {
        return Html::default();
    };
    // Reg Z for credit cards, Reg E for the rest; a mixed dispute gets both.
    let kinds: Vec<TransactionType> = flow.selected().iter().map(|t| t.kind).collect();
    let reg_z = kinds.contains(&TransactionType::CreditCard);
    let reg_e = crate::survey::reg_e(&kinds);
    // Card merchant disputes may wait on the network's timing rules (QUESTIONNAIRE.md s. 5).
    let card = kinds
        .iter()
        .any(|k| matches!(k, TransactionType::DebitCard | TransactionType::CreditCard));
    let network_wait = card
        && flow
            .draft
            .reason
            .is_some_and(|r| r.as_wire().starts_with("DISPUTE_REASON_MERCHANT_ISSUE_"));
    // "Done" hands control back to the host page with the `exit` event.
    let done = {
        let host = shared.setup.host.clone();
        let short_id = receipt.dispute.short_id.clone();
        Callback::from(move |_: MouseEvent| {
            host.tell(
                "exit",
                &[
                    ("reason", "done".into()),
                    ("step", "confirmation".into()),
                    ("shortId", short_id.as_str().into()),
                ],
            );
        })
    };
    let to_status = state
        .dispatcher()
        .to_callback()
        .reform(|_: MouseEvent| crate::intake::Action::Show(crate::intake::View::Status));
    html! {
        <div class="di-confirmation">
            <p class="di-case">
                { text(locale, Msg::CaseNumber) }{ ": " }
                <strong class="di-short-id">{ &receipt.dispute.short_id }</strong>
            </p>
            <h3 class="di-subheading">{ text(locale, Msg::DisputedItems) }</h3>
            <ul class="di-plain-list">
                for t in receipt.dispute.transactions.iter() {
                    <li>{ &t.merchant }{ " · " }{ formats.money(t.amount.amount_in_cents, &t.amount.currency) }</li>
                }
            </ul>
            <UploadList uploads={flow.uploads.clone()} on_event={flow_dispatch(&state)} />
            <p>
                <button type="button" class="di-button di-secondary di-print" part="button"
                        onclick={printer.start.clone()}>
                    { text(locale, Msg::PrintCopy) }
                </button>
            </p>
            { printer.copy(|| of_filing(flow, &receipt.dispute, locale)) }
            <h3 class="di-subheading">{ text(locale, Msg::NextSteps) }</h3>
            if reg_e {
                <p>{ text(locale, Msg::NextStepsRegE) }</p>
            }
            if reg_z {
                <p>{ text(locale, Msg::NextStepsRegZ) }</p>
            }
            if network_wait {
                <p>{ text(locale, Msg::NetworkWait) }</p>
            }
            <div class="di-nav" part="nav">
                <button type="button" class="di-button di-secondary" part="button" onclick={to_status}>
                    { text(locale, Msg::MyDisputes) }
                </button>
                <button type="button" class="di-button" part="button primary" onclick={done}
                        disabled={!flow.uploads.settled()}
                        aria-describedby={(!flow.uploads.settled()).then_some("di-uploads-wait")}>
                    { text(locale, Msg::Done) }
                </button>
            </div>
        </div>
    }
}
