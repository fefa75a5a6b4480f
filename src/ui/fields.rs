//! Small pieces shared by the steps: field ids, error messages, callbacks from inputs.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::format::Formats;
use crate::i18n::{self, Locale, Msg, text};
use crate::intake::{Action, FlowAction, Invalid, Issue};
use crate::survey::Problem;

/// The DOM id of a field, for labels, error links and focus.
pub fn field_id(field: &str) -> String {
    format!("di-field-{field}")
}

/// The DOM id of a field's error message.
pub fn error_id(field: &str) -> String {
    format!("di-error-{field}")
}

/// What the member reads for an invalid field.
pub fn issue_text(locale: Locale, issue: &Issue, formats: &Formats) -> String {
    let msg = |m| text(locale, m).to_owned();
    match issue {
        Issue::NoTransaction => msg(Msg::ErrNoTransaction),
        Issue::NowDisputed => msg(Msg::ErrNowDisputed),
        Issue::NoReason => msg(Msg::ErrNoReason),
        Issue::NotAttested => msg(Msg::ErrNotAttested),
        Issue::NoSignature => msg(Msg::ErrNoSignature),
        Issue::Answer(p) => match p {
            Problem::Required => msg(Msg::ErrRequired),
            Problem::TooLong { max } => i18n::too_long(locale, *max),
            Problem::BadDate => msg(Msg::ErrBadDate),
            Problem::FutureDate => msg(Msg::ErrFutureDate),
            Problem::BadAmount => msg(Msg::ErrBadAmount),
            Problem::AmountTooHigh { max_cents } => {
                i18n::at_most(locale, &formats.money(*max_cents, "USD"))
            }
            Problem::BadChoice => msg(Msg::ErrBadChoice),
            Problem::BadNumber => msg(Msg::ErrBadNumber),
            Problem::OutOfRange { min, max, cents } => {
                let show = |n: i64| {
                    if *cents {
                        formats.money(n, "USD")
                    } else {
                        n.to_string()
                    }
                };
                i18n::out_of_range(locale, min.map(show), max.map(show))
            }
            Problem::NotBelow(other) => i18n::not_below(locale, other.get(locale)),
            Problem::Before(other) => i18n::before(locale, other.get(locale)),
        },
    }
}

/// The error of `field` among `errors`, if any.
pub fn error_of<'a>(errors: &'a [Invalid], field: &str) -> Option<&'a Invalid> {
    errors.iter().find(|e| e.field == field)
}

/// The message under a field, tied to it by id.
pub fn field_error(errors: &[Invalid], field: &str, locale: Locale, formats: &Formats) -> Html {
    match error_of(errors, field) {
        Some(e) => html! {
            <p class="di-field-error" id={error_id(field)}>{ issue_text(locale, &e.problem, formats) }</p>
        },
        None => Html::default(),
    }
}

/// The value of the input, select or textarea an event came from.
pub fn event_value(e: &Event) -> String {
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        i.value()
    } else if let Some(t) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.value()
    } else if let Some(s) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else {
        String::new()
    }
}

/// A callback that records an answer from an input event.
pub fn on_answer(dispatch: &UseReducerDispatcher<super::State>, id: &str) -> Callback<Event> {
    let dispatch = dispatch.clone();
    let id = id.to_owned();
    Callback::from(move |e: Event| {
        dispatch.dispatch(Action::Flow(FlowAction::Answer(
            id.clone(),
            event_value(&e),
        )));
    })
}

/// Same, for `input` events (typing), so nothing typed is lost on Back.
pub fn on_answer_input(
    dispatch: &UseReducerDispatcher<super::State>,
    id: &str,
) -> Callback<InputEvent> {
    let cb = on_answer(dispatch, id);
    Callback::from(move |e: InputEvent| cb.emit(e.into()))
}
