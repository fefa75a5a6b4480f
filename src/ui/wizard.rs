//! The filing wizard: progress, the step heading (focused on every step change), the error
//! summary, Back and Continue, and the step change told to the host. The submission and the
//! open-disputes check are `work.rs`'s; the steps after the first are the filing part's.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::cancel::CancelFiling;
use super::fields::{field_id, issue_text};
use super::parts::{LaterPart, Part, Shown};
use super::steps::TransactionsStep;
use super::use_wizard;
use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, files_to_add_again, step_of, text};
use crate::intake::{Action, Flow, FlowAction, Invalid, Issue, Step, Submission, name_list};

/// The title of each step, shown as its heading.
pub fn step_title(step: Step) -> Msg {
    match step {
        Step::Transactions => Msg::StepTransactions,
        Step::Reason => Msg::StepReason,
        Step::Questions => Msg::StepQuestions,
        Step::Evidence => Msg::StepEvidence,
        Step::Review => Msg::StepReview,
        Step::Confirmation => Msg::StepConfirmation,
    }
}

/// What Continue waits for, in words.
fn waiting_for(flow: &Flow) -> Msg {
    match flow.step {
        Step::Evidence => Msg::PreparingFiles,
        _ if !flow.catalog_ready => Msg::Loading,
        _ => Msg::CheckingDisputes,
    }
}

/// A line of the error summary: an answer's problem is prefixed with its question, so the
/// member knows which one to fix before following the link.
fn summary_text(flow: &Flow, e: &Invalid, locale: Locale, formats: &Formats) -> String {
    let message = issue_text(locale, &e.problem, formats);
    match (&e.problem, flow.catalog.questions.get(&e.field)) {
        (Issue::Answer(_), Some(q)) => format!("{} {message}", q.label.get(locale)),
        _ => message,
    }
}

fn set(o: &Object, k: &str, v: JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), &v);
}

#[component]
pub fn Wizard() -> Html {
    let (state, shared) = use_wizard();
    let locale = shared.setup.locale;
    let flow = &state.0.flow;
    let heading = use_node_ref();
    let summary = use_node_ref();

    // Every step change: focus its heading and tell the host.
    {
        let heading = heading.clone();
        let host = shared.setup.host.clone();
        let shared = shared.clone();
        use_effect_with(flow.step, move |step| {
            // The page's focus stays where it is for the first view shown; after that (a step
            // change, coming back from "My disputes") the step's heading takes it.
            if shared.first_view_shown()
                && let Some(h) = heading.cast::<web_sys::HtmlElement>()
            {
                let _ = h.focus();
            }
            let detail = Object::new();
            set(&detail, "step", step.name().into());
            set(&detail, "number", (step.number() as u32).into());
            host.emit("stepchange", &detail);
        });
    }

    // A refused Continue: the error summary takes focus.
    {
        let summary = summary.clone();
        use_effect_with(flow.errors.clone(), move |errors| {
            if !errors.is_empty()
                && let Some(s) = summary.cast::<web_sys::HtmlElement>()
            {
                let _ = s.focus();
            }
        });
    }

    let formats = Formats::of(locale);
    let dispatch = state.dispatcher();
    let on_back = dispatch
        .to_callback()
        .reform(|_: MouseEvent| Action::Flow(FlowAction::Back));
    let on_continue = dispatch
        .to_callback()
        .reform(|_: MouseEvent| Action::Flow(FlowAction::Continue));
    let title = text(locale, step_title(flow.step));
    let to_status = dispatch
        .to_callback()
        .reform(|_: MouseEvent| Action::Show(crate::intake::View::Status));
    let total = Step::FORM.len();
    let sending = flow.submission == Submission::Sending;
    let cancelable = (shared.setup.config.as_ref()).is_ok_and(|c| c.cancelable);

    // The first step is here; the others are the filing part's (fetched once step 1 is on
    // screen).
    use_effect_with((), |_| Part::Filing.preload_after_paint());
    let restoring = flow.pending.is_some();
    let body = match flow.step {
        // A kept draft is restored once the questionnaire comes (with the filing part).
        Step::Transactions if restoring => {
            html! { <p class="di-status" role="status">{ text(locale, Msg::Loading) }</p> }
        }
        Step::Transactions => html! { <TransactionsStep /> },
        step => html! { <LaterPart shown={Shown::Step(step)} /> },
    };

    html! {
        <div class="di-wizard">
            if flow.step != Step::Confirmation {
                <p class="di-progress" aria-hidden="true">{ step_of(locale, flow.step.number(), total, "").trim_end_matches([':', ' ']) }</p>
            }
            <p class="di-sr" role="status">
                if flow.step != Step::Confirmation {
                    { step_of(locale, flow.step.number(), total, title) }
                } else {
                    { title }
                }
            </p>
            <h2 class="di-heading" part="heading" tabindex="-1" ref={heading}>{ title }</h2>
            if flow.step == Step::Transactions {
                <button type="button" class="di-link di-to-status" onclick={to_status.clone()}>
                    { text(locale, Msg::SeeMyDisputes) }
                </button>
            }
            if !flow.errors.is_empty() {
                <div class="di-error-summary" part="error-summary" role="alert" tabindex="-1" ref={summary}>
                    <h3 class="di-subheading">{ text(locale, Msg::ErrorSummary) }</h3>
                    <ul>
                        for e in flow.errors.iter() {
                            <li>
                                <button type="button" class="di-link" onclick={focus_field(&e.field)}>
                                    { summary_text(flow, e, locale, &formats) }
                                </button>
                            </li>
                        }
                    </ul>
                </div>
            }
            if flow.restored && flow.missing_files.is_empty() {
                <p class="di-notice" role="status">{ text(locale, Msg::DraftRestored) }</p>
            }
            if !flow.missing_files.is_empty() && flow.step != Step::Confirmation {
                <p class="di-notice" role="status">
                    { files_to_add_again(locale, &name_list(flow.missing_files.iter().map(|f| f.name.as_str()))) }
                </p>
            }
            { body }
            if flow.waiting {
                <p class="di-notice di-waiting" role="status">
                    { text(locale, waiting_for(flow)) }
                </p>
            }
            if flow.step != Step::Confirmation && !restoring {
                <div class="di-nav" part="nav">
                    if flow.step != Step::Transactions {
                        <button type="button" class="di-button di-secondary" part="button"
                                onclick={on_back} disabled={sending}>
                            { text(locale, Msg::Back) }
                        </button>
                    }
                    if cancelable && !sending {
                        <CancelFiling />
                    }
                    if !matches!(flow.submission, Submission::Failed(_)) {
                        <button type="button" class="di-button" part="button primary"
                                onclick={on_continue} disabled={sending}>
                            { text(locale, if flow.step == Step::Review { Msg::Submit } else { Msg::Continue }) }
                        </button>
                    }
                </div>
            }
        </div>
    }
}

/// Focuses the control of `field` (an error summary link).
fn focus_field(field: &str) -> Callback<MouseEvent> {
    let id = field_id(field);
    Callback::from(move |e: MouseEvent| {
        let Some(root) = e
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok())
            .and_then(|n| n.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok())
        else {
            return;
        };
        if let Some(el) = root.get_element_by_id(&id)
            && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = el.focus();
        }
    })
}

use wasm_bindgen::JsCast as _;
