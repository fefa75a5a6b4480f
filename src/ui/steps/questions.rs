//! Step 3: the chosen reason's questions as the engine asks them (branching, defaults,
//! Reg E/Reg Z requirements), with the rules that apply shown where they apply.

use yew::prelude::*;

use super::super::fields::{error_id, error_of, field_error, field_id, on_answer, on_answer_input};
use super::super::use_wizard;
use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, reason_text, sounds_like, text};
use crate::intake::{Action, Eligibility, Flow, FlowAction, eligibility};
use crate::survey::rules::{Liability, liability};
use crate::survey::{Answers, Item, Kind};

type Dispatch = UseReducerDispatcher<super::super::State>;

#[component]
pub fn QuestionsStep() -> Html {
    let (state, shared) = use_wizard();
    let locale = shared.setup.locale;
    let flow = &state.0.flow;
    let formats = Formats::of(locale);
    let dispatch = state.dispatcher();
    let items = flow.survey();
    // `extend`, not `collect`: collecting into a map sorts first, with a sort of its own.
    let mut shown = Answers::new();
    shown.extend(
        items
            .iter()
            .filter(|i| i.visible)
            .map(|i| (i.q.id.clone(), i.value.trim().to_owned())),
    );
    let types: Vec<_> = flow.selected().iter().map(|t| t.kind).collect();
    let tier = liability(&shown, &flow.today, &types);
    let late = flow
        .selected()
        .iter()
        .any(|t| eligibility(t, flow.now_ms, &flow.disputed) == Eligibility::Late);
    html! {
        <div class="di-questions">
            <p class="di-hint">{ text(locale, Msg::RequiredNote) }</p>
            if late {
                <p class="di-notice" role="note">{ text(locale, Msg::LateClaim) }</p>
            }
            for item in items.iter().filter(|i| i.visible) {
                { question(item, flow, locale, &formats, &dispatch) }
                if let Some(r) = item.suggests.filter(|r| flow.allowed_reasons().contains(r)) {
                    { suggestion(r, locale, &dispatch) }
                }
                if item.q.id == "date_learned_lost" {
                    if let Some(t) = tier {
                        <p class="di-notice" role="status">{ text(locale, liability_msg(t)) }</p>
                    }
                }
            }
        </div>
    }
}

fn liability_msg(t: Liability) -> Msg {
    match t {
        Liability::Within2BusinessDays => Msg::LiabilityWithin,
        Liability::After2BusinessDays => Msg::LiabilityAfter,
        Liability::CreditCard => Msg::LiabilityCredit,
    }
}

/// "This sounds like another reason", with a button that switches to it; answers are kept.
fn suggestion(r: casap_api::DisputeReason, locale: Locale, dispatch: &Dispatch) -> Html {
    let switch = dispatch
        .to_callback()
        .reform(move |_: MouseEvent| Action::Flow(FlowAction::ChooseReason(r)));
    html! {
        <div class="di-notice" role="status">
            <p>{ sounds_like(locale, reason_text(locale, r).0) }</p>
            <button type="button" class="di-link" onclick={switch}>{ text(locale, Msg::SwitchReason) }</button>
        </div>
    }
}

/// The label: the question, and "(optional)" when it does not block Continue.
fn label_text(item: &Item<'_>, locale: Locale) -> String {
    let label = item.q.label.get(locale);
    if item.required {
        label.to_owned()
    } else {
        format!("{label} {}", text(locale, Msg::Optional))
    }
}

/// A transaction as an option: merchant, amount and date.
fn transaction_options(flow: &Flow, formats: &Formats) -> Vec<(String, String)> {
    flow.transactions
        .iter()
        .filter(|t| !flow.draft.selected.contains(&t.uuid))
        .map(|t| {
            let label = format!(
                "{} · {} · {}",
                t.merchant,
                formats.money(t.amount.amount_in_cents, &t.amount.currency),
                formats.date(crate::intake::when_ms(t))
            );
            (t.uuid.clone(), label)
        })
        .collect()
}

fn question(
    item: &Item<'_>,
    flow: &Flow,
    locale: Locale,
    formats: &Formats,
    dispatch: &Dispatch,
) -> Html {
    let q = item.q;
    let id = field_id(&q.id);
    let value = item.value.clone();
    let invalid = error_of(&flow.errors, &q.id).is_some();
    let hint_id = format!("{id}-hint");
    let mut hint = q.help.as_ref().map(|h| h.get(locale).to_owned());
    if q.kind == Kind::Amount {
        let example = text(locale, Msg::AmountHint);
        hint = Some(match hint {
            Some(h) => format!("{h} {example}"),
            None => example.to_owned(),
        });
    }
    let described = {
        let ids: Vec<String> = hint
            .as_ref()
            .map(|_| hint_id.clone())
            .into_iter()
            .chain(invalid.then(|| error_id(&q.id)))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let label = label_text(item, locale);
    let required = item.required.then_some("true");
    let error = field_error(&flow.errors, &q.id, locale, formats);
    let hint_html = match &hint {
        Some(h) => html! { <p class="di-hint" id={hint_id.clone()}>{ h.clone() }</p> },
        None => Html::default(),
    };
    let options: Option<Vec<(String, String)>> = match &q.kind {
        Kind::YesNo => Some(vec![
            ("yes".into(), text(locale, Msg::Yes).into()),
            ("no".into(), text(locale, Msg::No).into()),
        ]),
        Kind::Choice(choices) => Some(
            choices
                .iter()
                .map(|c| (c.key.clone(), c.label.get(locale).to_owned()))
                .collect(),
        ),
        _ => None,
    };
    if let Some(options) = options {
        return html! {
            // A radiogroup (not the fieldset's implicit group) so `aria-required` is allowed.
            <fieldset id={id.clone()} tabindex="-1" class="di-fieldset di-question" key={q.id.clone()}
                      role="radiogroup" aria-invalid={invalid.then_some("true")} aria-describedby={described}
                      aria-required={required}>
                <legend class="di-legend">{ label }</legend>
                { hint_html }
                { error }
                <div class={classes!("di-options", matches!(q.kind, Kind::YesNo).then_some("di-inline"))}>
                    for (key, text) in options {
                        {{
                            let opt_id = format!("{id}-{key}");
                            html! {
                                <div class="di-option" key={key.clone()}>
                                    <input type="radio" class="di-radio" name={id.clone()} id={opt_id.clone()}
                                           value={key.clone()} checked={value == key}
                                           onchange={on_answer(dispatch, &q.id)} />
                                    <label for={opt_id} class="di-option-label">{ text }</label>
                                </div>
                            }
                        }}
                    }
                </div>
            </fieldset>
        };
    }
    let aria_invalid = invalid.then_some("true");
    let control = match &q.kind {
        Kind::Text { max } if *max > 200 => html! {
            <textarea id={id.clone()} class="di-input di-textarea" part="input" rows="4" value={value}
                      oninput={on_answer_input(dispatch, &q.id)}
                      aria-invalid={aria_invalid} aria-describedby={described}
                      aria-required={required} />
        },
        Kind::Date => {
            let max = (!q.rules.allow_future).then(|| flow.today.clone());
            html! {
                <input type="date" id={id.clone()} class="di-input" part="input" value={value} max={max}
                       onchange={on_answer(dispatch, &q.id)} oninput={on_answer_input(dispatch, &q.id)}
                       aria-invalid={aria_invalid} aria-describedby={described}
                       aria-required={required} />
            }
        }
        Kind::Amount => html! {
            <input type="text" inputmode="decimal" id={id.clone()} class="di-input" part="input" value={value}
                   oninput={on_answer_input(dispatch, &q.id)} autocomplete="off"
                   aria-invalid={aria_invalid} aria-describedby={described}
                   aria-required={required} />
        },
        Kind::Number => html! {
            <input type="text" inputmode="numeric" id={id.clone()} class="di-input" part="input" value={value}
                   oninput={on_answer_input(dispatch, &q.id)} autocomplete="off"
                   aria-invalid={aria_invalid} aria-describedby={described}
                   aria-required={required} />
        },
        Kind::Transaction => html! {
            <select id={id.clone()} class="di-input" part="input" onchange={on_answer(dispatch, &q.id)}
                    aria-invalid={aria_invalid} aria-describedby={described}
                    aria-required={required}>
                <option value="" selected={value.is_empty()}>{ text(locale, Msg::ChooseOne) }</option>
                for (uuid, text) in transaction_options(flow, formats) {
                    <option value={uuid.clone()} selected={value == uuid}>{ text }</option>
                }
            </select>
        },
        _ => html! {
            <input type="text" id={id.clone()} class="di-input" part="input" value={value}
                   oninput={on_answer_input(dispatch, &q.id)}
                   aria-invalid={aria_invalid} aria-describedby={described}
                   aria-required={required} />
        },
    };
    html! {
        <div class="di-field di-question" key={q.id.clone()}>
            <label for={id} class="di-label">{ label }</label>
            { hint_html }
            { error }
            { control }
        </div>
    }
}
