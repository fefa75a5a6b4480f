//! The member's disputes, a page at a time, or the one with a case number. While the next
//! page loads the last one stays on screen (marked busy), and the pager counts from the page
//! asked for, so quick Next presses each go one page further and only the last page's answer
//! is shown.

use std::rc::Rc;

use casap_api::{DisputeSummary, ListDisputesResponse};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::super::load::{Load, use_load};
use super::super::use_wizard;
use super::summary_facts;
use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, page_of, reason_text, text};
use crate::intake::status::{dispute_status, normalize_short_id};
use crate::ui::load::failure_box;

const PAGE_SIZE: u32 = 10;

#[derive(Properties, PartialEq)]
pub struct ListProps {
    pub on_open: Callback<String>,
    pub page: UseStateHandle<u32>,
    /// The case number searched for; empty for all.
    pub search: UseStateHandle<String>,
    /// Set while a linked case number (the `dispute` option) waits for its search: the
    /// dispute is opened when found (and the flag cleared either way).
    pub open_found: std::rc::Rc<std::cell::RefCell<bool>>,
}

#[component]
pub fn DisputeList(props: &ListProps) -> Html {
    let (_, shared) = use_wizard();
    let locale = shared.setup.locale;
    let (page, search) = (props.page.clone(), props.search.clone());
    let typed = use_state(|| (*search).clone());
    let invalid = use_state(|| false);
    let list = {
        let client = shared.client.clone();
        use_load(
            (*page, (*search).clone()),
            Some(shared.setup.host.clone()),
            move |(page, search)| async move { client.find_disputes(page, PAGE_SIZE, &search).await },
        )
    };
    {
        let (open_found, on_open, search) = (
            props.open_found.clone(),
            props.on_open.clone(),
            (*search).clone(),
        );
        use_effect_with(list.get().clone(), move |got| {
            if !matches!(got, Load::Loading)
                && std::mem::take(&mut *open_found.borrow_mut())
                && let Load::Ready(l) = got
                && let Some(d) = l.items.iter().find(|d| d.short_id == search)
            {
                on_open.emit(d.uuid.clone());
            }
        });
    }
    let on_type = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                typed.set(i.value());
            }
        })
    };
    let on_find = {
        let (typed, search, page, invalid) =
            (typed.clone(), search.clone(), page.clone(), invalid.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if typed.trim().is_empty() {
                invalid.set(false);
                search.set(String::new());
                page.set(1);
                return;
            }
            match normalize_short_id(&typed) {
                Some(id) => {
                    invalid.set(false);
                    search.set(id);
                    page.set(1);
                }
                None => invalid.set(true),
            }
        })
    };
    let show_all = {
        let (typed, search, page) = (typed.clone(), search.clone(), page.clone());
        Callback::from(move |_: MouseEvent| {
            typed.set(String::new());
            search.set(String::new());
            page.set(1);
        })
    };
    let formats = Formats::of(locale);
    let loading = matches!(list.get(), Load::Loading);
    // The newest list that came stays shown while the next loads.
    let body = match (list.get(), list.last()) {
        (Load::Failed(f), _) => failure_box(locale, f, list.reload()),
        (_, None) => html! { <p role="status">{ text(locale, Msg::Loading) }</p> },
        (_, Some(l)) if l.items.is_empty() => html! {
            <p role="status">
                if loading {
                    { text(locale, Msg::Loading) }
                } else {
                    { text(locale, if search.is_empty() { Msg::NoDisputes } else { Msg::CaseNotFound }) }
                }
            </p>
        },
        (_, Some(l)) => shown(&l, &page, loading, locale, &formats, &props.on_open),
    };
    html! {
        <>
            <form class="di-find" onsubmit={on_find} role="search">
                <label for="di-find-case" class="di-label">{ text(locale, Msg::FindCase) }</label>
                <p class="di-hint" id="di-find-hint">{ text(locale, Msg::FindCaseHint) }</p>
                <div class="di-find-row">
                    <input id="di-find-case" class="di-input" part="input" type="text" value={(*typed).clone()}
                           oninput={on_type} autocomplete="off" spellcheck="false"
                           aria-invalid={invalid.to_string()}
                           aria-describedby={if *invalid { "di-find-hint di-find-error" } else { "di-find-hint" }} />
                    <button type="submit" class="di-button di-secondary">{ text(locale, Msg::Find) }</button>
                    if !search.is_empty() {
                        <button type="button" class="di-button di-secondary" part="button" onclick={show_all}>
                            { text(locale, Msg::ShowAll) }
                        </button>
                    }
                </div>
                if *invalid {
                    <p class="di-field-error" id="di-find-error" role="alert">{ text(locale, Msg::CaseNumberInvalid) }</p>
                }
            </form>
            { body }
        </>
    }
}

/// A page of disputes and the pager; `loading`: the page asked for is on its way (the list is
/// the last one that came, marked busy).
fn shown(
    l: &Rc<ListDisputesResponse>,
    page: &UseStateHandle<u32>,
    loading: bool,
    locale: Locale,
    formats: &Formats,
    on_open: &Callback<String>,
) -> Html {
    let pages = l.total_pages.max(1) as u32;
    let current = (**page).clamp(1, pages);
    let to = |n: u32| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(n))
    };
    html! {
        <>
            if loading {
                <p class="di-sr" role="status">{ text(locale, Msg::Loading) }</p>
            }
            <ul class="di-disputes" aria-busy={loading.to_string()}>
                for d in l.items.iter() {
                    { dispute_row(d, locale, formats, on_open) }
                }
            </ul>
            if pages > 1 {
                <nav class="di-pager" aria-label={page_of(locale, current, pages)}>
                    <button type="button" class="di-button di-secondary di-small"
                            disabled={current <= 1} onclick={to(current - 1)}>
                        { text(locale, Msg::PreviousPage) }
                    </button>
                    <span>{ page_of(locale, current, pages) }</span>
                    <button type="button" class="di-button di-secondary di-small"
                            disabled={current >= pages} onclick={to(current + 1)}>
                        { text(locale, Msg::NextPage) }
                    </button>
                </nav>
            }
        </>
    }
}

fn dispute_row(
    d: &DisputeSummary,
    locale: Locale,
    formats: &Formats,
    on_open: &Callback<String>,
) -> Html {
    let uuid = d.uuid.clone();
    let open = on_open.reform(move |_: MouseEvent| uuid.clone());
    html! {
        <li key={d.uuid.clone()} class="di-dispute" data-short-id={d.short_id.clone()}>
            <p class="di-dispute-head">
                <strong class="di-short-id">{ &d.short_id }</strong>
                <span class="di-badge">{ text(locale, dispute_status(d.status)) }</span>
            </p>
            <p>{ reason_text(locale, d.reason).0 }</p>
            <dl class="di-facts">{ summary_facts(d, locale, formats) }</dl>
            <button type="button" class="di-button di-secondary di-small" onclick={open}
                    aria-label={format!("{} {}", text(locale, Msg::SeeDetails), d.short_id)}>
                { text(locale, Msg::SeeDetails) }
            </button>
        </li>
    }
}
