//! Step 3: the chosen reason's questions, with branching.

use yew::prelude::*;

use super::super::fields::{error_id, error_of, field_error, field_id, on_answer, on_answer_input};
use super::super::use_wizard;
use crate::i18n::format::Formats;
use crate::i18n::{Locale, Msg, text};
use crate::intake::Flow;
use crate::survey::{Kind, Question};

#[component]
pub fn QuestionsStep() -> Html {
    let (state, shared) = use_wizard();
    let locale = shared.setup.locale;
    let flow = &state.0.flow;
    let formats = Formats::new(locale);
    let dispatch = state.dispatcher();
    let questions = flow.questions();
    html! {
        <div class="di-questions">
            for q in questions.iter().filter(|q| q.visible(&flow.draft.answers)) {
                { question(q, flow, locale, &formats, &dispatch) }
            }
        </div>
    }
}

fn question(
    q: &Question,
    flow: &Flow,
    locale: Locale,
    formats: &Formats,
    dispatch: &UseReducerDispatcher<super::super::State>,
) -> Html {
    let id = field_id(&q.id);
    let value = flow.draft.answers.get(&q.id).cloned().unwrap_or_default();
    let invalid = error_of(&flow.errors, &q.id).is_some();
    let described = invalid.then(|| error_id(&q.id));
    let label = q.label.get(locale).to_owned();
    let required = q.required.then_some("true");
    let error = field_error(&flow.errors, &q.id, locale, formats);
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
            <fieldset id={id.clone()} tabindex="-1" class="di-fieldset di-question" key={q.id.clone()}
                      aria-invalid={invalid.then_some("true")} aria-describedby={described}
                      aria-required={required}>
                <legend class="di-legend">{ label }</legend>
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
    let hint_id = format!("{id}-hint");
    let control = match &q.kind {
        Kind::Text { max } if *max > 200 => html! {
            <textarea id={id.clone()} class="di-input di-textarea" rows="4" value={value}
                      oninput={on_answer_input(dispatch, &q.id)}
                      aria-invalid={invalid.then_some("true")} aria-describedby={described}
                      aria-required={required} />
        },
        Kind::Date => html! {
            <input type="date" id={id.clone()} class="di-input" value={value} max={flow.today.clone()}
                   onchange={on_answer(dispatch, &q.id)} oninput={on_answer_input(dispatch, &q.id)}
                   aria-invalid={invalid.then_some("true")} aria-describedby={described}
                   aria-required={required} />
        },
        Kind::Amount => {
            let described = Some(match described {
                Some(e) => format!("{hint_id} {e}"),
                None => hint_id.clone(),
            });
            html! {
                <>
                    <p class="di-hint" id={hint_id.clone()}>{ text(locale, Msg::AmountHint) }</p>
                    <input type="text" inputmode="decimal" id={id.clone()} class="di-input" value={value}
                           oninput={on_answer_input(dispatch, &q.id)} autocomplete="off"
                           aria-invalid={invalid.then_some("true")} aria-describedby={described}
                           aria-required={required} />
                </>
            }
        }
        _ => html! {
            <input type="text" id={id.clone()} class="di-input" value={value}
                   oninput={on_answer_input(dispatch, &q.id)}
                   aria-invalid={invalid.then_some("true")} aria-describedby={described}
                   aria-required={required} />
        },
    };
    html! {
        <div class="di-field di-question" key={q.id.clone()}>
            <label for={id} class="di-label">{ label }</label>
            { error }
            { control }
        </div>
    }
}
