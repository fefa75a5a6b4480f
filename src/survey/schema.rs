//! The catalog's data format (`catalog/default.json`, and the `questionnaire` option), and its
//! compilation into a checked [`Catalog`].
//!
//! Decoding is serde: natively with serde_json through `serde_path_to_error`, in the browser
//! from the object `JSON.parse` made through the widget's own `decode.rs`; both report a
//! malformed override with its path (`questions.card_status.options[1].label`). Then [`compile`] checks
//! what serde cannot: references between questions, blocks and reasons, options of choices,
//! lengths and ranges. The first problem found is returned; nothing is half-applied.

use crate::sorted::{Map, Set};

use casap_api::{DisputeReason, TransactionType};
use serde::Deserialize;

use super::{
    Asked, Catalog, Choice, Cond, Derived, Kind, Question, ReasonEntry, Rules, Suggestion, Text,
};

/// A catalog as written: the built-in one, or a credit union's override.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogDef {
    /// `"default"`: start from the built-in catalog and replace or add what this one defines.
    /// Absent: this catalog replaces the built-in one.
    #[serde(default)]
    pub extends: Option<String>,
    /// Sent with every dispute as the `questionnaire_version` answer.
    #[serde(default)]
    pub version: String,
    /// Questions every reason asks, after its own.
    #[serde(default)]
    pub common: Option<Vec<String>>,
    /// Named lists of question ids; a reason asks for one with `"@name"`.
    #[serde(default)]
    pub blocks: Map<String, Vec<String>>,
    #[serde(default)]
    pub questions: Map<String, QuestionDef>,
    #[serde(default)]
    pub reasons: Vec<ReasonDef>,
    /// Attestation texts by name (`standard`, `fraud`, `wsud`, or a credit union's own).
    #[serde(default)]
    pub attestations: Map<String, Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuestionDef {
    #[serde(rename = "type")]
    pub kind: KindDef,
    #[serde(default)]
    pub required: bool,
    pub label: Text,
    #[serde(default)]
    pub help: Option<Text>,
    #[serde(default)]
    pub options: Vec<Choice>,
    #[serde(default)]
    pub max_length: Option<usize>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub at_most_total: bool,
    #[serde(default)]
    pub less_than: Option<String>,
    #[serde(default)]
    pub allow_future: bool,
    #[serde(default)]
    pub not_before: Option<String>,
    #[serde(default)]
    pub show_if: Option<Cond>,
    /// Candidates in order; the first that can be computed is the default.
    #[serde(default)]
    pub default: Vec<Derived>,
    #[serde(default)]
    pub suggest: Option<Suggestion>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindDef {
    YesNo,
    Date,
    Amount,
    Choice,
    Number,
    Text,
    Transaction,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReasonDef {
    /// `UNAUTH` or `DISPUTE_REASON_UNAUTH`.
    pub reason: String,
    /// Transaction types it fits: `DEBIT_CARD` or `TRANSACTION_TYPE_DEBIT_CARD`.
    pub types: Vec<String>,
    /// Question ids, `@block` names, and `{ "id", "showIf", "required" }` where this reason
    /// asks a question under its own condition; in the order asked (the common block follows).
    #[serde(default)]
    pub ask: Vec<AskDef>,
    /// Documents worth attaching, suggested on the evidence step.
    #[serde(default)]
    pub documents: Vec<Text>,
    /// Attestations the member signs, besides `standard`.
    #[serde(default)]
    pub attestations: Vec<String>,
}

/// One entry of a reason's `ask`.
#[derive(Debug, Clone)]
pub enum AskDef {
    /// A question id, or `@block`.
    Id(String),
    /// A question asked under this reason's own condition or requirement.
    With(AskWith),
}

impl<'de> Deserialize<'de> for AskDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = AskDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a question id, \"@block\", or { id, showIf, required }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AskDef, E> {
                Ok(AskDef::Id(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<AskDef, A::Error> {
                AskWith::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(AskDef::With)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AskWith {
    pub id: String,
    #[serde(default)]
    pub show_if: Option<Cond>,
    #[serde(default)]
    pub required: Option<bool>,
}

/// Why a catalog was refused: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("questionnaire: {path}: {problem}")]
pub struct CatalogError {
    pub path: String,
    pub problem: String,
}

fn err<T>(path: impl Into<String>, problem: impl Into<String>) -> Result<T, CatalogError> {
    Err(CatalogError {
        path: path.into(),
        problem: problem.into(),
    })
}

/// A reason by its full or short wire name; `None` for names the API does not define.
pub fn reason_named(name: &str) -> Option<DisputeReason> {
    let full = if name.starts_with("DISPUTE_REASON_") {
        name.to_owned()
    } else {
        format!("DISPUTE_REASON_{name}")
    };
    Some(DisputeReason::from_wire(&full)).filter(|r| *r != DisputeReason::Unknown)
}

/// A transaction type by its full or short wire name.
pub fn type_named(name: &str) -> Option<TransactionType> {
    let full = if name.starts_with("TRANSACTION_TYPE_") {
        name.to_owned()
    } else {
        format!("TRANSACTION_TYPE_{name}")
    };
    Some(TransactionType::from_wire(&full)).filter(|t| *t != TransactionType::Unknown)
}

/// Merges `over` onto `base`: questions, blocks and attestations by name, reasons by reason,
/// `common` and `version` replaced when given.
pub fn merge(mut base: CatalogDef, over: CatalogDef) -> CatalogDef {
    base.questions.extend(over.questions);
    base.blocks.extend(over.blocks);
    base.attestations.extend(over.attestations);
    if over.common.is_some() {
        base.common = over.common;
    }
    for r in over.reasons {
        let same = reason_named(&r.reason);
        match base
            .reasons
            .iter_mut()
            .find(|b| same.is_some() && reason_named(&b.reason) == same)
        {
            Some(slot) => *slot = r,
            None => base.reasons.push(r),
        }
    }
    base.version = over.version;
    base.extends = None;
    base
}

fn text_ok(path: &str, t: &Text) -> Result<(), CatalogError> {
    if t.en.trim().is_empty() {
        return err(format!("{path}.en"), "the English text is empty");
    }
    if t.es.trim().is_empty() {
        return err(format!("{path}.es"), "the Spanish text is empty");
    }
    Ok(())
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks a condition's references: every question it reads exists, every type is known.
fn cond_ok(path: &str, c: &Cond, known: &dyn Fn(&str) -> bool) -> Result<(), CatalogError> {
    let q = |id: &str| {
        if known(id) {
            Ok(())
        } else {
            err(
                path,
                format!("refers to question {id:?}, which is not defined"),
            )
        }
    };
    match c {
        Cond::Equals(id, _) | Cond::Answered(id) => q(id),
        Cond::OneOf(id, values) => {
            q(id)?;
            if values.is_empty() {
                return err(path, "`oneOf` needs at least one value");
            }
            Ok(())
        }
        Cond::All(cs) | Cond::Any(cs) => {
            if cs.is_empty() {
                return err(path, "`all` and `any` need at least one condition");
            }
            cs.iter()
                .enumerate()
                .try_for_each(|(i, c)| cond_ok(&format!("{path}[{i}]"), c, known))
        }
        Cond::Not(c) => cond_ok(path, c, known),
        Cond::TypeIn(types) => types.iter().try_for_each(|t| match type_named(t) {
            Some(_) => Ok(()),
            None => err(path, format!("{t:?} is not a transaction type")),
        }),
    }
}

fn question(
    id: &str,
    d: QuestionDef,
    known: &dyn Fn(&str) -> bool,
) -> Result<Question, CatalogError> {
    let path = format!("questions.{id}");
    if !is_id(id) {
        return err(
            path,
            "an id is snake_case: lowercase letters, digits and _, starting with a letter",
        );
    }
    if id == super::VERSION_ID || super::attest::is_reserved(id) {
        return err(path, "this id is reserved for the widget's own answers");
    }
    text_ok(&format!("{path}.label"), &d.label)?;
    if let Some(h) = &d.help {
        text_ok(&format!("{path}.help"), h)?;
    }
    if d.kind != KindDef::Choice && !d.options.is_empty() {
        return err(
            format!("{path}.options"),
            "only choice questions have options",
        );
    }
    let kind = match d.kind {
        KindDef::YesNo => Kind::YesNo,
        KindDef::Date => Kind::Date,
        KindDef::Amount => Kind::Amount,
        KindDef::Number => Kind::Number,
        KindDef::Transaction => Kind::Transaction,
        KindDef::Text => match d.max_length {
            Some(max @ 1..=5000) => Kind::Text { max },
            _ => {
                return err(
                    format!("{path}.maxLength"),
                    "a text question needs a maxLength from 1 to 5000",
                );
            }
        },
        KindDef::Choice => {
            if d.options.len() < 2 {
                return err(
                    format!("{path}.options"),
                    "a choice question needs at least two options",
                );
            }
            let mut seen = Set::new();
            for (i, o) in d.options.iter().enumerate() {
                let p = format!("{path}.options[{i}]");
                if !is_id(&o.key) {
                    return err(
                        format!("{p}.key"),
                        format!("{:?} is not a snake_case key", o.key),
                    );
                }
                if !seen.insert(o.key.as_str()) {
                    return err(format!("{p}.key"), format!("{:?} appears twice", o.key));
                }
                text_ok(&format!("{p}.label"), &o.label)?;
            }
            Kind::Choice(d.options)
        }
    };
    if d.max_length.is_some() && !matches!(kind, Kind::Text { .. }) {
        return err(
            format!("{path}.maxLength"),
            "only text questions have a maxLength",
        );
    }
    if (d.min.is_some() || d.max.is_some()) && !matches!(kind, Kind::Number | Kind::Amount) {
        return err(
            format!("{path}.min"),
            "only number and amount questions have a range",
        );
    }
    if let (Some(lo), Some(hi)) = (d.min, d.max)
        && lo > hi
    {
        return err(format!("{path}.min"), format!("min {lo} is above max {hi}"));
    }
    if (d.at_most_total || d.less_than.is_some()) && kind != Kind::Amount {
        return err(
            format!("{path}.lessThan"),
            "only amount questions compare amounts",
        );
    }
    if (d.allow_future || d.not_before.is_some()) && kind != Kind::Date {
        return err(
            format!("{path}.notBefore"),
            "only date questions compare dates",
        );
    }
    for (field, other) in [("lessThan", &d.less_than), ("notBefore", &d.not_before)] {
        if let Some(o) = other
            && !known(o)
        {
            return err(
                format!("{path}.{field}"),
                format!("refers to question {o:?}, which is not defined"),
            );
        }
    }
    if let Some(c) = &d.show_if {
        cond_ok(&format!("{path}.showIf"), c, known)?;
    }
    if let Some(s) = &d.suggest {
        cond_ok(&format!("{path}.suggest.when"), &s.when, known)?;
        if reason_named(&s.reason).is_none_or(|r| !r.is_fileable()) {
            return err(
                format!("{path}.suggest.reason"),
                format!("{:?} is not a reason that can be filed", s.reason),
            );
        }
    }
    for (i, def) in d.default.iter().enumerate() {
        let ok = match def {
            Derived::Copy(src) => matches!(
                (src.as_str(), &kind),
                ("$total", Kind::Amount) | ("$duplicate", Kind::Transaction)
            ),
            Derived::Minus(a, b) => {
                kind == Kind::Amount && [a, b].iter().all(|o| o.as_str() == "$total" || known(o))
            }
        };
        if !ok {
            return err(
                format!("{path}.default[{i}]"),
                "use {\"copy\": \"$total\"} or {\"minus\": [a, b]} on an amount, {\"copy\": \"$duplicate\"} on a transaction",
            );
        }
    }
    Ok(Question {
        id: id.to_owned(),
        kind,
        required: d.required,
        label: d.label,
        help: d.help,
        show_if: d.show_if,
        rules: Rules {
            min: d.min,
            max: d.max,
            at_most_total: d.at_most_total,
            less_than: d.less_than,
            allow_future: d.allow_future,
            not_before: d.not_before,
        },
        default: d.default,
        suggest: d.suggest,
        common: false,
    })
}

/// Expands `ask` (ids, `@blocks` and per-reason entries) into the questions asked, each once.
fn expand(
    path: &str,
    ask: &[AskDef],
    blocks: &Map<String, Vec<String>>,
    questions: &Map<String, Question>,
) -> Result<Vec<Asked>, CatalogError> {
    let mut out: Vec<Asked> = Vec::new();
    for (i, item) in ask.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let entries: Vec<Asked> = match item {
            AskDef::Id(name) => match name.strip_prefix('@') {
                Some(block) => match blocks.get(block) {
                    Some(ids) => ids.iter().map(|id| Asked::plain(id)).collect(),
                    None => return err(p, format!("there is no block named {block:?}")),
                },
                None => vec![Asked::plain(name)],
            },
            AskDef::With(w) => {
                if let Some(c) = &w.show_if {
                    cond_ok(&format!("{p}.showIf"), c, &|id| questions.contains_key(id))?;
                }
                vec![Asked {
                    id: w.id.clone(),
                    show_if: w.show_if.clone(),
                    required: w.required,
                }]
            }
        };
        for a in entries {
            if !questions.contains_key(&a.id) {
                return err(p, format!("there is no question {:?}", a.id));
            }
            if out.iter().any(|o| o.id == a.id) {
                return err(p, format!("question {:?} is asked twice", a.id));
            }
            out.push(a);
        }
    }
    Ok(out)
}

/// Checks a decoded catalog and builds the engine's form of it.
pub fn compile(def: CatalogDef) -> Result<Catalog, CatalogError> {
    if def.extends.is_some() {
        return err(
            "extends",
            "only \"default\" can be extended, and it must be merged first",
        );
    }
    if def.version.trim().is_empty() || def.version.len() > 64 {
        return err("version", "a version of 1 to 64 characters is required");
    }
    // Filled by `extend` (one insert each): `collect` would sort first, and bring a sort of
    // its own into the wasm.
    let mut ids = Set::new();
    ids.extend(def.questions.keys().cloned());
    let known = |id: &str| ids.contains(id);
    let mut questions = Map::new();
    for (id, d) in def.questions {
        let q = question(&id, d, &known)?;
        questions.insert(id, q);
    }
    for (name, t) in &def.attestations {
        text_ok(&format!("attestations.{name}"), t)?;
    }
    for name in ["standard", "fraud", "wsud"] {
        if !def.attestations.contains_key(name) {
            return err(
                "attestations",
                format!("the {name:?} attestation is required"),
            );
        }
    }
    let common_ask: Vec<AskDef> = def
        .common
        .unwrap_or_default()
        .into_iter()
        .map(AskDef::Id)
        .collect();
    let common: Vec<String> = expand("common", &common_ask, &def.blocks, &questions)?
        .into_iter()
        .map(|a| a.id)
        .collect();
    for id in &common {
        if let Some(q) = questions.get_mut(id) {
            q.common = true;
        }
    }
    let mut reasons: Vec<ReasonEntry> = Vec::new();
    for (i, r) in def.reasons.into_iter().enumerate() {
        let path = format!("reasons[{i}]");
        let reason = match reason_named(&r.reason) {
            Some(x) if x.is_fileable() => x,
            Some(_) => {
                return err(
                    format!("{path}.reason"),
                    format!("{:?} is deprecated and cannot be filed", r.reason),
                );
            }
            None => {
                return err(
                    format!("{path}.reason"),
                    format!("{:?} is not a dispute reason", r.reason),
                );
            }
        };
        if reasons.iter().any(|e| e.reason == reason) {
            return err(
                format!("{path}.reason"),
                format!("{:?} is defined twice", r.reason),
            );
        }
        let mut types = Vec::new();
        for (j, t) in r.types.iter().enumerate() {
            match type_named(t) {
                Some(k) => types.push(k),
                None => {
                    return err(
                        format!("{path}.types[{j}]"),
                        format!("{t:?} is not a transaction type"),
                    );
                }
            }
        }
        if types.is_empty() {
            return err(
                format!("{path}.types"),
                "a reason needs at least one transaction type",
            );
        }
        let mut asked = expand(&format!("{path}.ask"), &r.ask, &def.blocks, &questions)?;
        asked.retain(|a| !common.contains(&a.id));
        for (j, d) in r.documents.iter().enumerate() {
            text_ok(&format!("{path}.documents[{j}]"), d)?;
        }
        for (j, a) in r.attestations.iter().enumerate() {
            if !def.attestations.contains_key(a) {
                return err(
                    format!("{path}.attestations[{j}]"),
                    format!("there is no attestation {a:?}"),
                );
            }
        }
        reasons.push(ReasonEntry {
            reason,
            types,
            questions: asked,
            documents: r.documents,
            attestations: r.attestations,
        });
    }
    if reasons.is_empty() {
        return err("reasons", "at least one reason is required");
    }
    Ok(Catalog {
        version: def.version,
        common,
        questions,
        reasons,
        attestations: def.attestations,
    })
}
