//! "My disputes": the member's disputes (paged, or found by case number, `list.rs`), one
//! dispute's detail with its transactions, amounts and timeline (`detail.rs`), documents added
//! to an open dispute (`documents.rs`), and reopening closed transactions (`reopen.rs`). The
//! words and the timeline come from `intake::status`; loading goes through `ui::load`.

mod detail;
mod documents;
mod list;
mod reopen;

use yew::prelude::*;

use super::use_wizard;
use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, text};
use crate::intake::View;
use crate::intake::status::{DisputeLink, filed_at_ms, totals};
use crate::intake::{Action, Submission};
use detail::DisputeDetail;
use list::DisputeList;

/// Focuses the heading whenever `key` changes (list ⇄ detail), as every step change does; not
/// on mount when `first_view` (the page's focus is the host's until the member acts).
#[hook]
fn use_focus_on<T: PartialEq + Clone + 'static>(key: T, first_view: bool) -> NodeRef {
    let heading = use_node_ref();
    let mounted = use_mut_ref(|| false);
    {
        let heading = heading.clone();
        use_effect_with(key, move |_| {
            let initial = !std::mem::replace(&mut *mounted.borrow_mut(), true);
            if !(initial && first_view)
                && let Some(h) = heading.cast::<web_sys::HtmlElement>()
            {
                let _ = h.focus();
            }
        });
    }
    heading
}

#[component]
pub fn StatusView() -> Html {
    let (state, shared) = use_wizard();
    let locale = shared.setup.locale;
    // The `dispute` option (a link from an email or an alert), read when the widget mounts: a
    // uuid opens that dispute; a case number is searched for, and opened when it is found.
    let link = use_state(|| (shared.setup.config.as_ref().ok()).and_then(|c| c.dispute.clone()));
    let selected = use_state(|| match &*link {
        Some(DisputeLink::Uuid(u)) => Some(u.clone()),
        _ => None,
    });
    // Kept here so that coming back from a dispute returns to the same page and search.
    let page = use_state(|| 1u32);
    let search = use_state(|| match &*link {
        Some(DisputeLink::Case(c)) => c.clone(),
        _ => String::new(),
    });
    // The linked case number is opened once, when its search answers.
    let open_found = use_mut_ref(|| matches!(&*link, Some(DisputeLink::Case(_))));
    let linked = matches!(&*link, Some(DisputeLink::Uuid(u)) if Some(u) == selected.as_ref());
    let first_view = *use_state(|| !shared.first_view_shown());
    let heading = use_focus_on((*selected).clone(), first_view);
    let back = {
        let selected = selected.clone();
        Callback::from(move |_| selected.set(None))
    };
    let to_filing = state
        .dispatcher()
        .to_callback()
        .reform(|_: MouseEvent| Action::Show(View::File));
    let filing_label = if matches!(state.0.flow.submission, Submission::Done(_)) {
        Msg::Back
    } else {
        Msg::FileNewDispute
    };
    html! {
        <div class="di-status" part="status">
            <h2 class="di-heading" part="heading" tabindex="-1" ref={heading}>{ text(locale, Msg::MyDisputes) }</h2>
            if let Some(uuid) = (*selected).clone() {
                <DisputeDetail key={uuid.clone()} uuid={uuid.clone()} on_back={back} {linked} />
            } else {
                <DisputeList on_open={Callback::from(move |u| selected.set(Some(u)))}
                             page={page} search={search} {open_found} />
                <div class="di-nav" part="nav">
                    <button type="button" class="di-button di-secondary" part="button" onclick={to_filing}>
                        { text(locale, filing_label) }
                    </button>
                </div>
            }
        </div>
    }
}

/// When it was filed, how much is disputed, and the provisional credit given (per currency).
fn summary_facts(d: &casap_api::DisputeSummary, locale: Locale, formats: &Formats) -> Html {
    let (disputed, credit) = totals(d);
    html! {
        <>
            if let Some(ms) = filed_at_ms(d) {
                <dt>{ text(locale, Msg::FiledOn) }</dt><dd>{ formats.date(ms) }</dd>
            }
            <dt>{ text(locale, Msg::Disputed) }</dt>
            <dd>{ sums(&disputed, formats) }</dd>
            if !credit.is_empty() {
                <dt>{ text(locale, Msg::ProvisionalCredit) }</dt>
                <dd>{ sums(&credit, formats) }</dd>
            }
        </>
    }
}

/// Totals in several currencies, each in its own, joined (never added together).
fn sums(amounts: &[casap_api::Amount], formats: &Formats) -> String {
    let parts: Vec<String> = amounts
        .iter()
        .map(|a| formats.money(a.amount_in_cents, &a.currency))
        .collect();
    parts.join(" · ")
}
