//! The questionnaire: questions per reason, branching, validation and the wire encoding of
//! answers (QUESTIONNAIRE.md sections 1 to 3). Plain Rust, tested natively.
//!
//! This is the first version of the engine: the built-in questions live in `catalog.rs`.
//! Every string carries both languages, so a catalog is self-contained.

mod amount;
mod catalog;

use std::collections::BTreeMap;

use casap_api::{DisputeReason, QuestionnaireAnswer};

pub use amount::{format_cents_plain, parse_cents};
pub use catalog::{CATALOG_VERSION, questions_for};

use crate::i18n::Locale;

/// A string in every language the widget speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    pub es: String,
}

impl Text {
    pub fn new(en: &str, es: &str) -> Self {
        Self {
            en: en.to_owned(),
            es: es.to_owned(),
        }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::En => &self.en,
            Locale::Es => &self.es,
        }
    }
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub key: String,
    pub label: Text,
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    YesNo,
    /// `YYYY-MM-DD`, not in the future.
    Date,
    /// Money typed by the member, sent as whole cents; never above the disputed total.
    Amount,
    Choice(Vec<Choice>),
    Text {
        max: usize,
    },
}

/// Shows a question only when an earlier answer has a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowIf {
    pub question: String,
    pub one_of: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Stable snake_case id, sent as `questionId`.
    pub id: String,
    pub kind: Kind,
    pub required: bool,
    pub label: Text,
    pub show_if: Option<ShowIf>,
}

/// Raw answers by question id, as the member entered them.
pub type Answers = BTreeMap<String, String>;

impl Question {
    /// Whether the question is shown for these answers.
    pub fn visible(&self, answers: &Answers) -> bool {
        self.show_if.as_ref().is_none_or(|c| {
            answers
                .get(&c.question)
                .is_some_and(|a| c.one_of.iter().any(|v| v == a))
        })
    }
}

/// Why an answer cannot be accepted; each says how to fix it (see i18n).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong { max: usize },
    BadDate,
    FutureDate,
    BadAmount,
    AmountTooHigh { max_cents: i64 },
    BadChoice,
}

/// What validation needs to know beyond the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// Today as `YYYY-MM-DD` in the member's time zone.
    pub today: String,
    /// The total of the selected transactions, in cents.
    pub max_cents: i64,
}

/// Checks one answer (already known to be visible).
pub fn check(q: &Question, raw: Option<&str>, ctx: &Context) -> Result<(), Problem> {
    let value = raw.map(str::trim).unwrap_or("");
    if value.is_empty() {
        return if q.required {
            Err(Problem::Required)
        } else {
            Ok(())
        };
    }
    match &q.kind {
        Kind::YesNo => match value {
            "yes" | "no" => Ok(()),
            _ => Err(Problem::BadChoice),
        },
        Kind::Choice(options) => options
            .iter()
            .any(|o| o.key == value)
            .then_some(())
            .ok_or(Problem::BadChoice),
        Kind::Text { max } => {
            if value.chars().count() > *max {
                Err(Problem::TooLong { max: *max })
            } else {
                Ok(())
            }
        }
        Kind::Date => {
            if !is_iso_date(value) {
                Err(Problem::BadDate)
            } else if value > ctx.today.as_str() {
                Err(Problem::FutureDate)
            } else {
                Ok(())
            }
        }
        Kind::Amount => {
            let cents = parse_cents(value).ok_or(Problem::BadAmount)?;
            if cents > ctx.max_cents {
                Err(Problem::AmountTooHigh {
                    max_cents: ctx.max_cents,
                })
            } else {
                Ok(())
            }
        }
    }
}

/// Every problem of the visible questions, in question order.
pub fn validate(
    questions: &[Question],
    answers: &Answers,
    ctx: &Context,
) -> Vec<(String, Problem)> {
    questions
        .iter()
        .filter(|q| q.visible(answers))
        .filter_map(|q| {
            check(q, answers.get(&q.id).map(String::as_str), ctx)
                .err()
                .map(|p| (q.id.clone(), p))
        })
        .collect()
}

/// `YYYY-MM-DD` with a real month and day.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: core::ops::Range<usize>| s[r].parse::<u32>().ok();
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) && d >= 1 => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let days = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            d <= days[(m - 1) as usize] && y >= 1900
        }
        _ => false,
    }
}

/// The wire form of the answers (QUESTIONNAIRE.md section 1): visible, non-empty answers in
/// question order, amounts as whole cents, text trimmed, question wording in English for the
/// credit union's staff, and `questionnaire_version` last.
pub fn encode(questions: &[Question], answers: &Answers) -> Vec<QuestionnaireAnswer> {
    let mut out: Vec<QuestionnaireAnswer> = questions
        .iter()
        .filter(|q| q.visible(answers))
        .filter_map(|q| {
            let raw = answers.get(&q.id)?.trim();
            if raw.is_empty() {
                return None;
            }
            let answer = match q.kind {
                Kind::Amount => parse_cents(raw)?.to_string(),
                _ => raw.to_owned(),
            };
            Some(QuestionnaireAnswer {
                question_id: q.id.clone(),
                question: q.label.en.clone(),
                answer,
            })
        })
        .collect();
    out.push(QuestionnaireAnswer {
        question_id: "questionnaire_version".into(),
        question: "Questionnaire version".into(),
        answer: CATALOG_VERSION.into(),
    });
    out
}

/// The questions of `reason`, for the widget to ask.
pub fn for_reason(reason: DisputeReason) -> Vec<Question> {
    questions_for(reason)
}

#[cfg(test)]
mod tests;
