//! The member's transactions: merchant, amount, date, type and status of each.

use std::rc::Rc;

use casap_api::TransactionDetail;
use yew::prelude::*;

use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, text};
use crate::intake::transaction_rows;

#[derive(Properties, PartialEq)]
pub struct TransactionListProps {
    pub transactions: Rc<Vec<TransactionDetail>>,
    pub locale: Locale,
}

#[component]
pub fn TransactionList(props: &TransactionListProps) -> Html {
    let locale = props.locale;
    let rows = use_memo(props.transactions.clone(), |t| transaction_rows(t));
    let formats = Formats::new(locale);
    html! {
        <section class="di-step" aria-labelledby="di-transactions-heading">
            <h2 id="di-transactions-heading" class="di-heading" tabindex="-1">
                { text(locale, Msg::TransactionsHeading) }
            </h2>
            if rows.is_empty() {
                <p>{ text(locale, Msg::NoTransactions) }</p>
            } else {
                <p class="di-hint">{ text(locale, Msg::TransactionsIntro) }</p>
                <ul class="di-transactions" part="transactions">
                    for row in rows.iter() {
                        <li class="di-transaction" key={row.uuid.clone()}>
                            <span class="di-merchant">{ &row.merchant }</span>
                            <span class="di-amount">{ formats.money(row.cents, &row.currency) }</span>
                            <span class="di-meta">
                                { formats.date(row.when_ms) }{ " · " }{ text(locale, row.kind) }
                                if row.pending {
                                    { " · " }<span class="di-badge">{ text(locale, Msg::Pending) }</span>
                                }
                            </span>
                        </li>
                    }
                </ul>
            }
        </section>
    }
}
