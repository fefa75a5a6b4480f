//! Step 1: pick the transactions to dispute, with search, filters and eligibility shown.

use std::rc::Rc;

use casap_api::{TransactionDetail, TransactionType};
use yew::prelude::*;

use super::super::fields::{event_value, field_error, field_id};
use super::super::use_wizard;
use crate::i18n::format::{Formats, lower_case};
use crate::i18n::{Msg, last_days, selected_count, showing_of, text};
use crate::intake::list::{LIST_PAGE, ListQuery, TransactionIndex};
use crate::intake::{Action, Eligibility, FlowAction, eligibility, type_message, when_ms};

#[component]
pub fn TransactionsStep() -> Html {
    let (state, shared) = use_wizard();
    let locale = shared.setup.locale;
    let flow = &state.0.flow;
    let kind_filter = use_state(|| None::<TransactionType>);
    let days_filter = use_state(|| None::<i64>);
    // Intl formatters built once per locale, not on every keystroke of a search.
    let formats = Formats::of(locale);
    let dispatch = state.dispatcher();

    // Sorted and lower-cased once per list; each keystroke only scans.
    let transactions = flow.transactions.clone();
    let index = use_memo(Rc::as_ptr(&transactions) as usize, move |_| {
        TransactionIndex::new(&transactions, lower_case)
    });
    let query = ListQuery {
        text: flow.query.clone(),
        kind: *kind_filter,
        since_ms: days_filter.map(|d| flow.now_ms - d * 86_400_000),
    };
    // How many rows to show, for the search it was set for (a new search starts a page again).
    let shown = use_state(|| (query.clone(), LIST_PAGE));
    let limit = if shown.0 == query { shown.1 } else { LIST_PAGE };
    let page = index.find(&query, limit);
    let on_more = {
        let (shown, query) = (shown.clone(), query.clone());
        Callback::from(move |_: MouseEvent| shown.set((query.clone(), limit + LIST_PAGE)))
    };

    let on_search = dispatch
        .to_callback()
        .reform(|e: InputEvent| Action::Flow(FlowAction::Search(event_value(&e.into()))));
    let on_kind = {
        let kind_filter = kind_filter.clone();
        Callback::from(move |e: Event| {
            let v = event_value(&e);
            kind_filter.set((!v.is_empty()).then(|| TransactionType::from_wire(&v)));
        })
    };
    let on_days = {
        let days_filter = days_filter.clone();
        Callback::from(move |e: Event| days_filter.set(event_value(&e).parse().ok()))
    };
    let invalid = flow.errors.iter().any(|e| e.field == "transactions");

    html! {
        <>
            <div class="di-filters" role="search">
                <div class="di-field">
                    <label for="di-search">{ text(locale, Msg::SearchLabel) }</label>
                    <input id="di-search" type="search" class="di-input" part="input" value={flow.query.clone()}
                           oninput={on_search} autocomplete="off" />
                </div>
                <div class="di-field">
                    <label for="di-kind">{ text(locale, Msg::FilterType) }</label>
                    <select id="di-kind" class="di-input" part="input" onchange={on_kind}>
                        <option value="" selected={kind_filter.is_none()}>{ text(locale, Msg::AllTypes) }</option>
                        for k in index.types().iter().copied() {
                            <option value={k.as_wire()} selected={*kind_filter == Some(k)}>
                                { text(locale, type_message(k)) }
                            </option>
                        }
                    </select>
                </div>
                <div class="di-field">
                    <label for="di-days">{ text(locale, Msg::FilterDate) }</label>
                    <select id="di-days" class="di-input" part="input" onchange={on_days}>
                        <option value="" selected={days_filter.is_none()}>{ text(locale, Msg::AnyTime) }</option>
                        for d in [30i64, 60, 90] {
                            <option value={d.to_string()} selected={*days_filter == Some(d)}>
                                { last_days(locale, d) }
                            </option>
                        }
                    </select>
                </div>
            </div>
            <p class="di-hint" aria-live="polite">{ selected_count(locale, flow.draft.selected.len()) }</p>
            <fieldset id={field_id("transactions")} tabindex="-1" class="di-fieldset"
                      aria-invalid={invalid.then_some("true")}
                      aria-describedby={invalid.then(|| super::super::fields::error_id("transactions"))}>
                <legend class="di-sr">{ text(locale, Msg::StepTransactions) }</legend>
                { field_error(&flow.errors, "transactions", locale, &formats) }
                if page.rows.is_empty() {
                    <p>{ text(locale, if flow.transactions.is_empty() { Msg::NoTransactions } else { Msg::NoMatches }) }</p>
                }
                <ul class="di-transactions" part="transactions">
                    for i in page.rows.iter() {
                        { row(&flow.transactions[*i], flow, &formats, locale, &dispatch) }
                    }
                </ul>
                if page.matches > page.rows.len() {
                    <p class="di-hint" aria-live="polite">{ showing_of(locale, page.rows.len(), page.matches) }</p>
                    <button type="button" class="di-button di-secondary" part="button" onclick={on_more}>
                        { text(locale, Msg::ShowMore) }
                    </button>
                }
            </fieldset>
        </>
    }
}

fn row(
    t: &TransactionDetail,
    flow: &crate::intake::Flow,
    formats: &Formats,
    locale: crate::i18n::Locale,
    dispatch: &UseReducerDispatcher<super::super::State>,
) -> Html {
    let e = eligibility(t, flow.now_ms, &flow.disputed);
    let checked = flow.draft.selected.contains(&t.uuid);
    let id = format!("di-txn-{}", t.uuid);
    let note_id = format!("di-note-{}", t.uuid);
    let note = match e {
        Eligibility::Eligible => None,
        Eligibility::Late => Some(Msg::EligibilityLate),
        Eligibility::Pending => Some(Msg::EligibilityPending),
        Eligibility::AlreadyDisputed => Some(Msg::EligibilityDisputed),
    };
    let uuid = t.uuid.clone();
    let toggle = dispatch
        .to_callback()
        .reform(move |_: Event| Action::Flow(FlowAction::Toggle(uuid.clone())));
    html! {
        <li key={t.uuid.clone()} class={classes!("di-transaction", (!e.selectable()).then_some("di-disabled"))}>
            <input type="checkbox" id={id.clone()} class="di-check" checked={checked}
                   disabled={!e.selectable()} onchange={toggle}
                   aria-describedby={note.map(|_| note_id.clone())} />
            <label for={id} class="di-transaction-label">
                <span class="di-merchant">{ &t.merchant }</span>
                <span class="di-amount">{ formats.money(t.amount.amount_in_cents, &t.amount.currency) }</span>
                <span class="di-meta">
                    { formats.date(when_ms(t)) }{ " · " }{ text(locale, type_message(t.kind)) }
                    if e == Eligibility::Pending {
                        { " · " }<span class="di-badge">{ text(locale, Msg::Pending) }</span>
                    }
                </span>
            </label>
            if let Some(n) = note {
                <p class="di-note" id={note_id}>{ text(locale, n) }</p>
            }
        </li>
    }
}
