//! One dispute: its transactions with their amounts and decisions, the timeline, documents
//! still arriving from the filing, documents to add, and reopening. After a reopening the
//! dispute's heading takes focus and the result is announced from a region that stays
//! mounted (the reopen section itself goes once nothing is left to reopen).

use casap_api::DisputeSummary;
use yew::prelude::*;

use super::super::load::{Load, use_load};
use super::super::print::use_printer;
use super::super::record::of_dispute;
use super::super::uploads::{UploadList, flow_dispatch, use_upload_driver};
use super::super::use_wizard;
use super::documents::{AddDocuments, Sending, SendingAction};
use super::reopen::Reopen;
use super::summary_facts;
use crate::i18n::format::Formats;
use crate::i18n::{Msg, reason_text, text};
use crate::intake::status::{
    Happening, accepts_files, decision, dispute_status, reopenable, timeline, transaction_status,
};
use crate::intake::{FailureKind, Submission, Uploads};
use crate::ui::load::failure_box;

#[derive(Properties, PartialEq)]
pub struct DetailProps {
    pub uuid: String,
    pub on_back: Callback<()>,
    /// Opened by the `dispute` option's uuid: one the service refuses (not the member's, or
    /// none) reads as the search's "no dispute of yours".
    #[prop_or_default]
    pub linked: bool,
}

#[component]
pub fn DisputeDetail(props: &DetailProps) -> Html {
    let (state, shared) = use_wizard();
    let printer = use_printer();
    let locale = shared.setup.locale;
    let heading = use_node_ref();
    let reopened = use_state(|| false);
    // Documents sent from here: driven by the detail, so they go on whatever it shows.
    let sending = use_reducer(|| Sending(Uploads::default()));
    let to_sending = sending
        .dispatcher()
        .to_callback()
        .reform(SendingAction::Event);
    use_upload_driver(
        shared.clone(),
        Some(props.uuid.clone()),
        &sending.0,
        to_sending.clone(),
    );
    let dispute = {
        let client = shared.client.clone();
        use_load(
            props.uuid.clone(),
            Some(shared.setup.host.clone()),
            move |uuid| async move { client.dispute_status(&uuid).await },
        )
    };
    let on_back = props.on_back.reform(|_: MouseEvent| ());
    let back_button = html! {
        <div class="di-nav" part="nav">
            <button type="button" class="di-button di-secondary" part="button" onclick={on_back}>
                { text(locale, Msg::AllDisputes) }
            </button>
        </div>
    };
    let d = match dispute.get() {
        Load::Loading => {
            return html! { <><p role="status">{ text(locale, Msg::Loading) }</p>{ back_button }</> };
        }
        Load::Failed(f) if props.linked && f.kind == FailureKind::Rejected => {
            return html! { <><p role="status">{ text(locale, Msg::CaseNotFound) }</p>{ back_button }</> };
        }
        Load::Failed(f) => {
            return html! { <>{ failure_box(locale, f, dispute.reload()) }{ back_button }</> };
        }
        Load::Ready(d) => d.clone(),
    };
    let formats = Formats::of(locale);
    let on_reopened = {
        let (replace, reopened, heading) = (dispute.replace(), reopened.clone(), heading.clone());
        Callback::from(move |d: DisputeSummary| {
            replace.emit(d);
            reopened.set(true);
            // The reopen section is about to go: focus moves to the dispute first.
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        })
    };
    // Files of this dispute that did not make it at filing time, still here to try again.
    let flow = &state.0.flow;
    let filed_here = matches!(&flow.submission, Submission::Done(r) if r.dispute.uuid == d.uuid);
    html! {
        <article class="di-dispute-detail" aria-labelledby="di-case-title">
            <h3 class="di-subheading" id="di-case-title" tabindex="-1" ref={heading}>
                <span class="di-short-id">{ &d.short_id }</span>{ " · " }{ text(locale, dispute_status(d.status)) }
            </h3>
            <div role="status" class="di-reopen-result">
                if *reopened {
                    <p class="di-success">{ text(locale, Msg::Reopened) }</p>
                }
            </div>
            <p>{ reason_text(locale, d.reason).0 }</p>
            <dl class="di-facts">
                { summary_facts(&d, locale, &formats) }
                if d.resolution_deadline > 0 && d.status != casap_api::DisputeStatus::Closed {
                    <dt>{ text(locale, Msg::DecisionDue) }</dt>
                    <dd>{ formats.date(casap_api::timestamp_millis(d.resolution_deadline)) }</dd>
                }
                if let Some(agent) = d.agent.as_ref().filter(|a| !a.name.trim().is_empty()) {
                    <dt>{ text(locale, Msg::HandledBy) }</dt><dd>{ &agent.name }</dd>
                }
            </dl>
            <p>
                <button type="button" class="di-button di-secondary di-small di-print" part="button"
                        onclick={printer.start.clone()}>
                    { text(locale, Msg::PrintCopy) }
                </button>
            </p>
            { printer.copy(|| of_dispute(&d, locale)) }
            <h4 class="di-subheading">{ text(locale, Msg::TransactionsInDispute) }</h4>
            <ul class="di-plain-list di-disputed-txns">
                for t in d.transactions.iter() {
                    <li key={t.uuid.clone()} data-uuid={t.uuid.clone()}>
                        <strong>{ &t.merchant }</strong>{ " · " }
                        { formats.money(t.amount.amount_in_cents, &t.amount.currency) }{ " · " }
                        <span class="di-txn-status">{ text(locale, transaction_status(t.status)) }</span>
                        if let Some(m) = decision(t.transaction_final_status) {
                            { " · " }{ text(locale, m) }
                        }
                        <dl class="di-facts">
                            for (label, amount) in [
                                (Msg::ProvisionalCredit, &t.provisional_credit_amount),
                                (Msg::FinalCredit, &t.final_credit_amount),
                                (Msg::ReversedCredit, &t.reverse_credit_amount),
                            ] {
                                if let Some(a) = amount {
                                    <dt>{ text(locale, label) }</dt>
                                    <dd>{ formats.money(a.amount_in_cents, &a.currency) }</dd>
                                }
                            }
                        </dl>
                    </li>
                }
            </ul>
            <h4 class="di-subheading">{ text(locale, Msg::Timeline) }</h4>
            <ol class="di-timeline">
                for e in timeline(&d).iter() {
                    <li>
                        if e.at_ms > 0 {
                            <span class="di-meta">{ formats.date(e.at_ms) }</span>{ " " }
                        }
                        { text(locale, e.happening.message()) }
                        if let Happening::ProvisionalCredit(Some(a)) = &e.happening {
                            { ": " }{ formats.money(a.amount_in_cents, &a.currency) }
                        }
                        if let Happening::SentToTeam(Some(r)) = &e.happening {
                            { ": " }{ r }
                        }
                        if let Some(m) = &e.merchant {
                            { " (" }{ m }{ ")" }
                        }
                    </li>
                }
            </ol>
            if filed_here && !flow.uploads.items.is_empty() {
                <UploadList uploads={flow.uploads.clone()} on_event={flow_dispatch(&state)} />
            }
            if accepts_files(&d) {
                <AddDocuments uploads={sending.0.clone()} on_add={sending.dispatcher().to_callback().reform(SendingAction::Add)}
                              on_event={to_sending} />
            }
            if !reopenable(&d).is_empty() {
                <Reopen dispute={d.clone()} on_done={on_reopened} />
            }
            { back_button }
        </article>
    }
}
