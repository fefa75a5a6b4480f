//! "My disputes": the member's disputes (paged, or found by case number), one dispute's
//! detail with its transactions, amounts and timeline, documents added to an open dispute, and
//! reopening closed transactions. The words and the timeline come from `intake::status`.

use std::collections::BTreeSet;
use std::rc::Rc;

use casap_api::{DisputeSummary, ListDisputesResponse};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::files::{admit, fresh_id, refused_list};
use super::uploads::{UploadList, flow_dispatch, use_upload_driver};
use super::{Shared, use_wizard};
use crate::config::View;
use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, page_of, reason_text, text};
use crate::intake::status::{
    accepts_files, decision, dispute_status, filed_at_ms, normalize_short_id, reopenable, timeline,
    totals, transaction_status,
};
use crate::intake::{Action, Failure, FileDraft, Refusal, Submission, UploadEvent, Uploads};

const PAGE_SIZE: u32 = 10;

/// Something fetched.
#[derive(Clone, PartialEq)]
enum Load<T> {
    Loading,
    Ready(T),
    Failed(Failure),
}

fn failure_box(locale: Locale, f: &Failure, retry: Callback<MouseEvent>) -> Html {
    html! {
        <div class="di-alert" role="alert">
            <p>{ text(locale, f.kind.message()) }</p>
            if f.kind.recoverable() {
                <button type="button" class="di-button di-secondary" part="button" onclick={retry}>
                    { text(locale, Msg::TryAgain) }
                </button>
            }
        </div>
    }
}

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
    let selected = use_state(|| None::<String>);
    // Kept here so that coming back from a dispute returns to the same page and search.
    let page = use_state(|| 1u32);
    let search = use_state(String::new);
    let first_view = *use_state(|| !*shared.ready_sent.borrow());
    let heading = use_focus_on((*selected).clone(), first_view);
    {
        // Opened on "My disputes" (`view: "status"`): this is the first view, so it tells the
        // host it is ready.
        let shared = shared.clone();
        use_effect_with((), move |_| shared.tell_ready());
    }
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
                <DisputeDetail key={uuid.clone()} uuid={uuid.clone()} on_back={back} />
            } else {
                <DisputeList on_open={Callback::from(move |u| selected.set(Some(u)))}
                             page={page} search={search} />
                <div class="di-nav" part="nav">
                    <button type="button" class="di-button di-secondary" part="button" onclick={to_filing}>
                        { text(locale, filing_label) }
                    </button>
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    on_open: Callback<String>,
    page: UseStateHandle<u32>,
    /// The case number searched for; empty for all.
    search: UseStateHandle<String>,
}

#[component]
fn DisputeList(props: &ListProps) -> Html {
    let (_, shared) = use_wizard();
    let locale = shared.setup.locale;
    let (page, search) = (props.page.clone(), props.search.clone());
    let typed = use_state(|| (*search).clone());
    let invalid = use_state(|| false);
    let reload = use_state(|| 0u32);
    let list = use_state(|| Load::<Rc<ListDisputesResponse>>::Loading);
    {
        let list = list.clone();
        let shared = shared.clone();
        use_effect_with(
            (*page, (*search).clone(), *reload),
            move |(page, search, _)| {
                list.set(Load::Loading);
                let (page, search) = (*page, search.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let r = shared.client.find_disputes(page, PAGE_SIZE, &search).await;
                    list.set(match r {
                        Ok(l) => Load::Ready(Rc::new(l)),
                        Err(e) => Load::Failed(Failure::from(&e)),
                    });
                });
            },
        );
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
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(*reload + 1))
    };
    let formats = Formats::new(locale);
    let body = match &*list {
        Load::Loading => html! { <p role="status">{ text(locale, Msg::Loading) }</p> },
        Load::Failed(f) => failure_box(locale, f, retry),
        Load::Ready(l) if l.items.is_empty() => html! {
            <p role="status">
                { text(locale, if search.is_empty() { Msg::NoDisputes } else { Msg::CaseNotFound }) }
            </p>
        },
        Load::Ready(l) => {
            let pages = l.total_pages.max(1) as u32;
            let current = (l.current_page.max(1) as u32).min(pages);
            let to = |n: u32| {
                let page = page.clone();
                Callback::from(move |_: MouseEvent| page.set(n))
            };
            html! {
                <>
                    <ul class="di-disputes">
                        for d in l.items.iter() {
                            { dispute_row(d, locale, &formats, &props.on_open) }
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

/// When it was filed, how much is disputed, and the provisional credit given (per currency).
fn summary_facts(d: &DisputeSummary, locale: Locale, formats: &Formats) -> Html {
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

/// Uploads to a dispute from the status view.
#[derive(PartialEq)]
struct Sending(Uploads);

enum SendingAction {
    Add(Vec<FileDraft>),
    Event(UploadEvent),
}

impl Reducible for Sending {
    type Action = SendingAction;
    fn reduce(self: Rc<Self>, action: SendingAction) -> Rc<Self> {
        Rc::new(Sending(match action {
            SendingAction::Add(files) => self.0.add(&files),
            SendingAction::Event(e) => self.0.reduce(e),
        }))
    }
}

#[derive(Properties, PartialEq)]
struct DetailProps {
    uuid: String,
    on_back: Callback<()>,
}

#[component]
fn DisputeDetail(props: &DetailProps) -> Html {
    let (state, shared) = use_wizard();
    let locale = shared.setup.locale;
    let reload = use_state(|| 0u32);
    let dispute = use_state(|| Load::<Rc<DisputeSummary>>::Loading);
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
    {
        let dispute = dispute.clone();
        let shared = shared.clone();
        use_effect_with((props.uuid.clone(), *reload), move |(uuid, _)| {
            let uuid = uuid.clone();
            wasm_bindgen_futures::spawn_local(async move {
                dispute.set(match shared.client.dispute_status(&uuid).await {
                    Ok(d) => Load::Ready(Rc::new(d)),
                    Err(e) => Load::Failed(Failure::from(&e)),
                });
            });
        });
    }
    let on_back = props.on_back.reform(|_: MouseEvent| ());
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(*reload + 1))
    };
    let back_button = html! {
        <div class="di-nav" part="nav">
            <button type="button" class="di-button di-secondary" part="button" onclick={on_back}>
                { text(locale, Msg::AllDisputes) }
            </button>
        </div>
    };
    let d = match &*dispute {
        Load::Loading => {
            return html! { <><p role="status">{ text(locale, Msg::Loading) }</p>{ back_button }</> };
        }
        Load::Failed(f) => return html! { <>{ failure_box(locale, f, retry) }{ back_button }</> },
        Load::Ready(d) => d.clone(),
    };
    let formats = Formats::new(locale);
    let on_reopened = {
        let dispute = dispute.clone();
        Callback::from(move |d: DisputeSummary| dispute.set(Load::Ready(Rc::new(d))))
    };
    // Files of this dispute that did not make it at filing time, still here to try again.
    let flow = &state.0.flow;
    let filed_here = matches!(&flow.submission, Submission::Done(r) if r.dispute.uuid == d.uuid);
    html! {
        <article class="di-dispute-detail" aria-labelledby="di-case-title">
            <h3 class="di-subheading" id="di-case-title">
                <span class="di-short-id">{ &d.short_id }</span>{ " · " }{ text(locale, dispute_status(d.status)) }
            </h3>
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
                        if let crate::intake::status::Happening::ProvisionalCredit(Some(a)) = &e.happening {
                            { ": " }{ formats.money(a.amount_in_cents, &a.currency) }
                        }
                        if let crate::intake::status::Happening::SentToTeam(Some(r)) = &e.happening {
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

#[derive(Properties, PartialEq)]
struct AddProps {
    uploads: Uploads,
    on_add: Callback<Vec<FileDraft>>,
    on_event: Callback<UploadEvent>,
}

/// Documents added to an open dispute: checked like the filing step's, sent at once.
#[component]
fn AddDocuments(props: &AddProps) -> Html {
    let (_, shared) = use_wizard();
    let locale = shared.setup.locale;
    let refused = use_state(Vec::<(String, Refusal)>::new);
    let on_pick = {
        let (shared, refused, on_add) = (shared.clone(), refused.clone(), props.on_add.clone());
        let attached = props.uploads.files();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let files: Vec<web_sys::File> = input
                .files()
                .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
                .unwrap_or_default();
            input.set_value("");
            let (shared, refused, on_add, attached) = (
                shared.clone(),
                refused.clone(),
                on_add.clone(),
                attached.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let rules = shared_rules(&shared);
                let mut id = fresh_id();
                let (accepted, problems) = admit(files, &rules, &attached, &mut id).await;
                let mut drafts = Vec::new();
                for (mut draft, file) in accepted {
                    draft.id = fresh_id();
                    shared.files.borrow_mut().insert(draft.id, file);
                    drafts.push(draft);
                }
                if !drafts.is_empty() {
                    on_add.emit(drafts);
                }
                refused.set(problems);
            });
        })
    };
    let formats = Formats::new(locale);
    html! {
        <section class="di-add-documents" aria-labelledby="di-add-docs">
            <h4 class="di-subheading" id="di-add-docs">{ text(locale, Msg::AddDocuments) }</h4>
            <input type="file" id="di-add-files" class="di-file-input" multiple=true
                   accept=".pdf,.jpg,.jpeg,.png,.heic,.heif,application/pdf,image/jpeg,image/png,image/heic,image/heif"
                   onchange={on_pick} />
            <label for="di-add-files" class="di-button di-secondary di-file-button">
                { text(locale, Msg::SendDocuments) }
            </label>
            { refused_list(locale, &refused, &formats) }
            <UploadList uploads={props.uploads.clone()} on_event={props.on_event.clone()} />
        </section>
    }
}

fn shared_rules(shared: &Shared) -> crate::intake::FileRules {
    shared
        .setup
        .config
        .as_ref()
        .map(|c| c.files.clone())
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
struct ReopenProps {
    dispute: Rc<DisputeSummary>,
    on_done: Callback<DisputeSummary>,
}

/// Reopening: choose closed transactions, confirm, see the result.
#[component]
fn Reopen(props: &ReopenProps) -> Html {
    let (_, shared) = use_wizard();
    let locale = shared.setup.locale;
    let open = use_state(|| false);
    let chosen = use_state(BTreeSet::<String>::new);
    let problem = use_state(|| None::<Msg>);
    let busy = use_state(|| false);
    let done = use_state(|| false);
    let formats = Formats::new(locale);
    let closed = reopenable(&props.dispute);
    let toggle_open = {
        let (open, problem) = (open.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            problem.set(None);
            open.set(!*open);
        })
    };
    let confirm = {
        let (chosen, problem, busy, done, open) = (
            chosen.clone(),
            problem.clone(),
            busy.clone(),
            done.clone(),
            open.clone(),
        );
        let (shared, uuid, on_done) = (
            shared.clone(),
            props.dispute.uuid.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if chosen.is_empty() {
                problem.set(Some(Msg::ReopenChooseOne));
                return;
            }
            busy.set(true);
            problem.set(None);
            let txns: Vec<String> = chosen.iter().cloned().collect();
            let (shared, uuid, on_done, busy, problem, done, open) = (
                shared.clone(),
                uuid.clone(),
                on_done.clone(),
                busy.clone(),
                problem.clone(),
                done.clone(),
                open.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match shared.client.reopen(&uuid, txns).await {
                    Ok(d) => {
                        done.set(true);
                        open.set(false);
                        on_done.emit(d);
                    }
                    Err(e) => problem.set(Some(Failure::from(&e).kind.message())),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section class="di-reopen">
            if *done {
                <p class="di-success" role="status">{ text(locale, Msg::Reopened) }</p>
            }
            if !*open {
                <button type="button" class="di-button di-secondary" part="button" onclick={toggle_open}>
                    { text(locale, Msg::Reopen) }
                </button>
            } else {
                <fieldset class="di-fieldset">
                    <legend>{ text(locale, Msg::ReopenIntro) }</legend>
                    for t in closed.iter() {
                        {{
                            let uuid = t.uuid.clone();
                            let handle = chosen.clone();
                            let onchange = Callback::from(move |_: Event| {
                                let mut next = (*handle).clone();
                                if !next.remove(&uuid) {
                                    next.insert(uuid.clone());
                                }
                                handle.set(next);
                            });
                            let id = format!("di-reopen-{}", t.uuid);
                            html! {
                                <div class="di-check-row" key={t.uuid.clone()}>
                                    <input type="checkbox" id={id.clone()} class="di-check"
                                           checked={chosen.contains(&t.uuid)} {onchange} />
                                    <label for={id}>
                                        { &t.merchant }{ " · " }{ formats.money(t.amount.amount_in_cents, &t.amount.currency) }
                                    </label>
                                </div>
                            }
                        }}
                    }
                </fieldset>
                if let Some(m) = *problem {
                    <p class="di-field-error" role="alert">{ text(locale, m) }</p>
                }
                <div class="di-nav" part="nav">
                    <button type="button" class="di-button di-secondary" part="button" onclick={toggle_open} disabled={*busy}>
                        { text(locale, Msg::Cancel) }
                    </button>
                    <button type="button" class="di-button" onclick={confirm} disabled={*busy}>
                        { text(locale, Msg::ReopenConfirm) }
                    </button>
                </div>
            }
        </section>
    }
}
