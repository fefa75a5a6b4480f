//! The questionnaire engine (QUESTIONNAIRE.md): a declarative catalog of questions per reason,
//! branching on earlier answers and on the transactions' types, validation, derived defaults,
//! and the wire encoding of answers. Plain Rust, tested natively.
//!
//! The default catalog is data, `catalog/default.json`, in the format of `schema.rs`; a credit
//! union replaces or extends it with the `questionnaire` option. Every string carries English
//! and Spanish, so a catalog is self-contained.
//!
//! Reg E (every type but credit cards): only the common block can block Continue; every other
//! question is optional there, whatever the catalog says, because the institution may not make
//! them a condition of investigating. Under Reg Z the catalog's `required` applies.

mod amount;
pub mod attest;
mod load;
pub mod rules;
pub mod schema;

use crate::sorted::Map;
use std::rc::Rc;

use casap_api::{DisputeReason, QuestionnaireAnswer, TransactionDetail, TransactionType};
use serde::Deserialize;

pub use amount::{format_cents_plain, parse_cents};
#[cfg(target_arch = "wasm32")]
pub use load::decode_js;
pub use load::{builtin, decode_json, resolve};
pub use schema::{CatalogDef, CatalogError};

use crate::i18n::{Base, Locale};

/// The answer id under which the catalog's version is sent.
pub const VERSION_ID: &str = "questionnaire_version";

/// A translation left to the language pack (see [`Text::get`]).
pub const FROM_PACK: &str = "@";

/// A string in every language the widget speaks.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
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

    /// The text in `locale`. The built-in questionnaire's Spanish is `@` (build.rs): the
    /// Spanish pack's translation of the English, or the English until the pack is installed.
    pub fn get(&self, locale: Locale) -> &str {
        match locale.base() {
            Base::En => &self.en,
            Base::Es if self.es == FROM_PACK => {
                crate::i18n::pack::translate(Locale::Es, &self.en).unwrap_or(&self.en)
            }
            Base::Es => &self.es,
        }
    }
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub key: String,
    pub label: Text,
}

/// What kind of answer a question takes, and how it is sent (QUESTIONNAIRE.md section 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `yes` or `no`.
    YesNo,
    /// `YYYY-MM-DD`.
    Date,
    /// Money typed by the member, sent as whole cents.
    Amount,
    /// One option key.
    Choice(Vec<Choice>),
    /// A whole number.
    Number,
    /// Trimmed text of at most `max` characters.
    Text { max: usize },
    /// Another of the member's transactions, sent as its uuid.
    Transaction,
}

/// A condition on earlier answers and on the selected transactions.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Cond {
    /// `["question", "value"]`
    Equals(String, String),
    /// `["question", ["value", ...]]`
    OneOf(String, Vec<String>),
    /// The question has a (non-empty) answer.
    Answered(String),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// Some selected transaction is of one of these types (`ACH`, `DEBIT_CARD`, ...).
    TypeIn(Vec<String>),
}

impl Cond {
    fn holds(&self, answers: &Answers, ctx: &Context) -> bool {
        let answer = |id: &str| answers.get(id).map(|a| a.trim()).filter(|a| !a.is_empty());
        match self {
            Self::Equals(id, v) => answer(id) == Some(v.as_str()),
            Self::OneOf(id, vs) => answer(id).is_some_and(|a| vs.iter().any(|v| v == a)),
            Self::Answered(id) => answer(id).is_some(),
            Self::All(cs) => cs.iter().all(|c| c.holds(answers, ctx)),
            Self::Any(cs) => cs.iter().any(|c| c.holds(answers, ctx)),
            Self::Not(c) => !c.holds(answers, ctx),
            Self::TypeIn(names) => names
                .iter()
                .filter_map(|n| schema::type_named(n))
                .any(|t| ctx.types.contains(&t)),
        }
    }
}

/// A default derived from the context or earlier answers, shown prefilled until the member
/// types over it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Derived {
    /// `"$total"` (the selected transactions' total) or `"$duplicate"` (the likely original of
    /// a duplicate charge).
    Copy(String),
    /// `[a, b]`: a − b when both are known and a > b; `"$total"` may stand for either.
    Minus(String, String),
}

/// "This sounds like another reason": shown when `when` holds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    pub when: Cond,
    pub reason: String,
}

/// Validation beyond the kind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rules {
    /// Range of a number, or of an amount in cents.
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// An amount never above the selected transactions' total (except for money coming in,
    /// see [`Context::money_in`]).
    pub at_most_total: bool,
    /// An amount below another question's amount.
    pub less_than: Option<String>,
    /// Dates are in the past or today unless this is set.
    pub allow_future: bool,
    /// A date on or after another question's date.
    pub not_before: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Stable snake_case id, sent as `questionId`.
    pub id: String,
    pub kind: Kind,
    /// As the catalog says; see [`Item::required`] for what applies.
    pub required: bool,
    pub label: Text,
    pub help: Option<Text>,
    pub show_if: Option<Cond>,
    pub rules: Rules,
    /// Candidates for the default, first computable wins.
    pub default: Vec<Derived>,
    pub suggest: Option<Suggestion>,
    /// Part of the common block, asked for every reason.
    pub common: bool,
}

/// A question as one reason asks it: its own condition and requirement replace the
/// question's when given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub id: String,
    pub show_if: Option<Cond>,
    pub required: Option<bool>,
}

impl Asked {
    pub fn plain(id: &str) -> Self {
        Self {
            id: id.to_owned(),
            show_if: None,
            required: None,
        }
    }
}

/// A reason as the catalog defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonEntry {
    pub reason: DisputeReason,
    pub types: Vec<TransactionType>,
    /// Its own questions (the common block is not repeated here).
    pub questions: Vec<Asked>,
    pub documents: Vec<Text>,
    pub attestations: Vec<String>,
}

/// A checked catalog (empty by default: no reasons, no questions).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Catalog {
    pub version: String,
    pub common: Vec<String>,
    pub questions: Map<String, Question>,
    pub reasons: Vec<ReasonEntry>,
    pub attestations: Map<String, Text>,
}

/// Raw answers by question id, as the member entered them.
pub type Answers = Map<String, String>;

/// Whether Reg E governs a dispute of these types: any type but a credit card (which is
/// Reg Z). A mixed selection is under both.
pub fn reg_e(types: &[TransactionType]) -> bool {
    types.iter().any(|t| *t != TransactionType::CreditCard)
}

/// What the engine needs to know beyond the answers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    /// Today as `YYYY-MM-DD` in the member's time zone.
    pub today: String,
    /// The total of the selected transactions, in cents.
    pub total_cents: i64,
    /// Types of the selected transactions.
    pub types: Vec<TransactionType>,
    /// The member's transactions (shared with the flow, not copied); a transaction question
    /// may name any of them but the selected ones.
    pub transactions: Rc<Vec<TransactionDetail>>,
    /// Uuids of the selected transactions.
    pub selected: Vec<String>,
    /// The likely original when the selection looks like a duplicate charge.
    pub duplicate: Option<String>,
}

impl Context {
    /// Whether Reg E governs (see [`reg_e`]).
    pub fn reg_e(&self) -> bool {
        reg_e(&self.types)
    }

    /// Whether every selected transaction brought money in (a deposit or an incoming
    /// transfer): the amount missing may then exceed what was credited, so `atMostTotal`
    /// does not apply.
    pub fn money_in(&self) -> bool {
        use TransactionType as T;
        !self.types.is_empty()
            && self
                .types
                .iter()
                .all(|t| matches!(t, T::CreditAtm | T::CreditAch | T::CreditTransfer))
    }
}

/// Why an answer cannot be accepted; each says how to fix it (see i18n).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    BadDate,
    FutureDate,
    BadAmount,
    AmountTooHigh {
        max_cents: i64,
    },
    BadChoice,
    BadNumber,
    /// Outside `min..=max`; amounts in cents.
    OutOfRange {
        min: Option<i64>,
        max: Option<i64>,
        cents: bool,
    },
    /// Must be below the named question's amount.
    NotBelow(Text),
    /// Must not be before the named question's date.
    Before(Text),
}

/// One question as asked now: shown or not, required or not, and its value (the member's
/// answer, or the derived default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<'a> {
    pub q: &'a Question,
    pub visible: bool,
    pub required: bool,
    pub value: String,
    /// A reason this answer points to instead.
    pub suggests: Option<DisputeReason>,
}

impl Catalog {
    /// The catalog's entry for `reason`.
    pub fn entry(&self, reason: DisputeReason) -> Option<&ReasonEntry> {
        self.reasons.iter().find(|e| e.reason == reason)
    }

    /// Reasons that fit every one of `kinds`, in catalog order. A type the API added after
    /// this widget fits only UNAUTH.
    pub fn reasons_for(&self, kinds: &[TransactionType]) -> Vec<DisputeReason> {
        if kinds.is_empty() {
            return Vec::new();
        }
        self.reasons
            .iter()
            .filter(|e| {
                kinds.iter().all(|k| {
                    e.types.contains(k)
                        || (*k == TransactionType::Unknown && e.reason == DisputeReason::Unauth)
                })
            })
            .map(|e| e.reason)
            .collect()
    }

    /// The questions asked for `reason`, in order: its own, then the common block; each with
    /// the condition and requirement that apply to it there.
    pub fn questions(&self, reason: DisputeReason) -> Vec<(&Question, Option<&Cond>, bool)> {
        let own = self
            .entry(reason)
            .map(|e| e.questions.as_slice())
            .unwrap_or_default();
        let own = own.iter().filter_map(|a| {
            let q = self.questions.get(&a.id)?;
            let show_if = a.show_if.as_ref().or(q.show_if.as_ref());
            Some((q, show_if, a.required.unwrap_or(q.required)))
        });
        let common = self
            .common
            .iter()
            .filter_map(|id| self.questions.get(id))
            .map(|q| (q, q.show_if.as_ref(), q.required));
        own.chain(common).collect()
    }

    /// Every question of `reason` as asked with these answers. Conditions read only the
    /// answers of questions shown before, so an answer left behind by a hidden branch never
    /// opens another.
    pub fn survey(&self, reason: DisputeReason, raw: &Answers, ctx: &Context) -> Vec<Item<'_>> {
        let reg_e = ctx.reg_e();
        let mut seen = Answers::new();
        let mut out = Vec::new();
        for (q, show_if, required) in self.questions(reason) {
            let visible = show_if.is_none_or(|c| c.holds(&seen, ctx));
            let value = match raw.get(&q.id) {
                Some(v) => v.clone(),
                None => derive(q, &seen, ctx).unwrap_or_default(),
            };
            if visible && !value.trim().is_empty() {
                seen.insert(q.id.clone(), value.trim().to_owned());
            }
            let suggests = q
                .suggest
                .as_ref()
                .filter(|s| visible && s.when.holds(&seen, ctx))
                .and_then(|s| schema::reason_named(&s.reason))
                .filter(|r| *r != reason);
            out.push(Item {
                q,
                visible,
                required: required && (q.common || !reg_e),
                value,
                suggests,
            });
        }
        out
    }
}

/// The derived default of `q`, if it has one and its inputs are known.
fn derive(q: &Question, seen: &Answers, ctx: &Context) -> Option<String> {
    let cents = |src: &str| {
        if src == "$total" {
            Some(ctx.total_cents)
        } else {
            seen.get(src).and_then(|v| parse_cents(v))
        }
    };
    q.default.iter().find_map(|d| match d {
        Derived::Copy(src) if src == "$duplicate" => ctx.duplicate.clone(),
        Derived::Copy(src) => cents(src).map(format_cents_plain),
        Derived::Minus(a, b) => {
            let (a, b) = (cents(a)?, cents(b)?);
            (a > b).then(|| format_cents_plain(a - b))
        }
    })
}

/// Checks one shown answer; `answers` are the other shown answers, for cross-field rules.
fn check(item: &Item<'_>, answers: &[Item<'_>], ctx: &Context) -> Result<(), Problem> {
    let q = item.q;
    let value = item.value.trim();
    if value.is_empty() {
        return if item.required {
            Err(Problem::Required)
        } else {
            Ok(())
        };
    }
    let other = |id: &Option<String>| {
        let id = id.as_deref()?;
        answers
            .iter()
            .find(|i| i.q.id == id && i.visible)
            .map(|i| (i.value.trim().to_owned(), i.q.label.clone()))
    };
    let range = |n: i64, cents: bool| {
        let r = &q.rules;
        if r.min.is_some_and(|m| n < m) || r.max.is_some_and(|m| n > m) {
            Err(Problem::OutOfRange {
                min: r.min,
                max: r.max,
                cents,
            })
        } else {
            Ok(())
        }
    };
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
        Kind::Transaction => (ctx.transactions.iter().any(|t| t.uuid == value)
            && !ctx.selected.iter().any(|s| s == value))
        .then_some(())
        .ok_or(Problem::BadChoice),
        Kind::Text { max } => {
            if value.chars().count() > *max {
                Err(Problem::TooLong { max: *max })
            } else {
                Ok(())
            }
        }
        Kind::Number => {
            let n = parse_number(value).ok_or(Problem::BadNumber)?;
            range(n, false)
        }
        Kind::Date => {
            if !rules::is_iso_date(value) {
                return Err(Problem::BadDate);
            }
            if !q.rules.allow_future && value > ctx.today.as_str() {
                return Err(Problem::FutureDate);
            }
            match other(&q.rules.not_before) {
                Some((o, label)) if rules::is_iso_date(&o) && value < o.as_str() => {
                    Err(Problem::Before(label))
                }
                _ => Ok(()),
            }
        }
        Kind::Amount => {
            let cents = parse_cents(value).ok_or(Problem::BadAmount)?;
            if q.rules.at_most_total && !ctx.money_in() && cents > ctx.total_cents {
                return Err(Problem::AmountTooHigh {
                    max_cents: ctx.total_cents,
                });
            }
            range(cents, true)?;
            match other(&q.rules.less_than) {
                Some((o, label)) if parse_cents(&o).is_some_and(|o| cents >= o) => {
                    Err(Problem::NotBelow(label))
                }
                _ => Ok(()),
            }
        }
    }
}

/// A whole, non-negative number as members type it (`12`, `1,200`).
fn parse_number(s: &str) -> Option<i64> {
    let digits: String = s
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Every problem of the shown questions, in question order.
pub fn validate(items: &[Item<'_>], ctx: &Context) -> Vec<(String, Problem)> {
    items
        .iter()
        .filter(|i| i.visible)
        .filter_map(|i| check(i, items, ctx).err().map(|p| (i.q.id.clone(), p)))
        .collect()
}

/// The wire form of the answers (QUESTIONNAIRE.md section 1): shown, non-empty answers in
/// question order, amounts as whole cents, numbers as integers, text trimmed, the question's
/// wording in English for the credit union's staff, and `questionnaire_version` last.
pub fn encode(items: &[Item<'_>], version: &str) -> Vec<QuestionnaireAnswer> {
    let mut out: Vec<QuestionnaireAnswer> = items
        .iter()
        .filter(|i| i.visible)
        .filter_map(|i| {
            let raw = i.value.trim();
            if raw.is_empty() {
                return None;
            }
            let answer = match i.q.kind {
                Kind::Amount => parse_cents(raw)?.to_string(),
                Kind::Number => parse_number(raw)?.to_string(),
                _ => raw.to_owned(),
            };
            Some(QuestionnaireAnswer {
                question_id: i.q.id.clone(),
                question: i.q.label.en.clone(),
                answer,
            })
        })
        .collect();
    out.push(QuestionnaireAnswer {
        question_id: VERSION_ID.into(),
        question: "Questionnaire version".into(),
        answer: version.into(),
    });
    out
}

/// Shared, cheaply cloned catalog.
pub type SharedCatalog = Rc<Catalog>;

#[cfg(test)]
mod tests;
