//! Languages beyond English come as packs, loaded when a member's language needs one: the
//! package's `locale-es.js` (built by `cargo xtask dist` from `locales/es.json` and the Spanish
//! of `catalog/default.json`), imported by the loader and handed over with `installLocale`.
//! English ships in the wasm; a member reading English never downloads Spanish.
//!
//! A pack holds the widget's messages by name, the reasons' names and hints by wire name, and
//! the built-in questionnaire's texts by their English. Whatever a pack lacks reads in English.
//! Packs are installed once per page and kept for its life (their text is `'static`).

use std::cell::RefCell;

use casap_api::DisputeReason;
use serde::Deserialize;

use super::{Locale, Msg};
use crate::sorted::Map;

/// A pack as the package ships it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PackDef {
    /// The language, as a BCP 47 primary tag (`es`).
    pub language: String,
    /// Message text by message name (`"Continue": "Continuar"`).
    pub messages: Map<String, String>,
    /// `[name, hint]` of each reason by wire name (`DISPUTE_REASON_UNAUTH`).
    pub reasons: Map<String, (String, String)>,
    /// The built-in questionnaire's text, by its English.
    pub questionnaire: Map<String, String>,
}

/// An installed pack.
struct Pack {
    locale: Locale,
    /// By `Msg as usize`.
    messages: Vec<Option<&'static str>>,
    reasons: Map<String, (&'static str, &'static str)>,
    questionnaire: Map<String, &'static str>,
}

thread_local! {
    static PACKS: RefCell<Vec<Pack>> = const { RefCell::new(Vec::new()) };
}

fn kept(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Installs `def` for its language (replacing an earlier one); the names it holds that this
/// version of the widget does not know (a pack from another version), for a console hint.
/// `Err` when the language is not one the widget speaks.
pub fn install(def: PackDef) -> Result<Vec<String>, String> {
    let locale = Locale::from_tag(&def.language)
        .filter(|l| *l != Locale::En)
        .ok_or_else(|| format!("{:?} is not a language the widget speaks", def.language))?;
    let mut unknown = Vec::new();
    let mut messages = vec![None; Msg::NAMES.len()];
    for (name, text) in def.messages {
        match Msg::NAMES.iter().position(|n| *n == name) {
            Some(i) => messages[i] = Some(kept(text)),
            None => unknown.push(name),
        }
    }
    let pack = Pack {
        locale,
        messages,
        reasons: (def.reasons.into_iter())
            .map(|(wire, (name, hint))| (wire, (kept(name), kept(hint))))
            .collect(),
        questionnaire: (def.questionnaire.into_iter())
            .map(|(en, text)| (en, kept(text)))
            .collect(),
    };
    PACKS.with(|packs| {
        let mut packs = packs.borrow_mut();
        packs.retain(|p| p.locale != locale);
        packs.push(pack);
    });
    Ok(unknown)
}

fn with<T>(locale: Locale, read: impl FnOnce(&Pack) -> Option<T>) -> Option<T> {
    PACKS.with(|packs| {
        let packs = packs.borrow();
        packs.iter().find(|p| p.locale == locale).and_then(read)
    })
}

/// `msg` in `locale`, if its pack has it.
pub fn message(locale: Locale, msg: Msg) -> Option<&'static str> {
    with(locale, |p| p.messages.get(msg as usize).copied().flatten())
}

/// A reason's name and hint in `locale`, if its pack has them.
pub fn reason(locale: Locale, reason: DisputeReason) -> Option<(&'static str, &'static str)> {
    with(locale, |p| p.reasons.get(reason.as_wire()).copied())
}

/// The built-in questionnaire's `english` text in `locale`, if its pack has it.
pub fn translate(locale: Locale, english: &str) -> Option<&'static str> {
    with(locale, |p| p.questionnaire.get(english).copied())
}

/// The Spanish pack as `cargo xtask dist` builds it, for native tests: the messages and reasons
/// of `locales/es.json` and the Spanish of the built-in questionnaire.
#[cfg(test)]
pub fn spanish_for_tests() -> PackDef {
    let mut def: PackDef = serde_json::from_str(include_str!("../../locales/es.json")).unwrap();
    let catalog: serde_json::Value =
        serde_json::from_str(include_str!("../../catalog/default.json")).unwrap();
    fn walk(v: &serde_json::Value, out: &mut Map<String, String>) {
        match v {
            serde_json::Value::Object(o) => {
                if let (Some(en), Some(es)) = (
                    o.get("en").and_then(|e| e.as_str()),
                    o.get("es").and_then(|e| e.as_str()),
                ) {
                    out.insert(en.to_owned(), es.to_owned());
                }
                o.values().for_each(|v| walk(v, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    walk(&catalog, &mut def.questionnaire);
    def
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_answers_for_its_language_and_names_what_it_does_not_know() {
        let mut def = spanish_for_tests();
        def.messages.insert("NoSuchMessage".into(), "x".into());
        let unknown = install(def).unwrap();
        assert_eq!(unknown, ["NoSuchMessage"]);
        assert_eq!(message(Locale::Es, Msg::Continue), Some("Continuar"));
        assert_eq!(message(Locale::En, Msg::Continue), None);
        assert_eq!(
            reason(Locale::Es, DisputeReason::Unauth).map(|r| r.0),
            Some("Yo no hice esta transacción")
        );
        let standard = "I confirm that what I have told you is true and complete to the best of my knowledge, and I ask the credit union to investigate the transactions listed above.";
        assert!(translate(Locale::Es, standard).is_some_and(|t| t.starts_with("Confirmo que")));
        assert_eq!(translate(Locale::Es, "Not in the questionnaire"), None);
        let refused = install(PackDef {
            language: "fr".into(),
            ..PackDef::default()
        });
        assert!(refused.is_err());
        let english = install(PackDef {
            language: "en".into(),
            ..PackDef::default()
        });
        assert!(english.is_err(), "English is built in");
    }

    #[test]
    fn the_built_in_questionnaire_reads_spanish_once_the_pack_is_installed() {
        let catalog = crate::survey::builtin();
        let standard = &catalog.attestations.get("standard").unwrap();
        assert_eq!(
            standard.es,
            crate::survey::FROM_PACK,
            "no Spanish in the wasm"
        );
        assert_eq!(
            standard.get(Locale::Es),
            standard.en,
            "English until the pack comes"
        );
        install(spanish_for_tests()).unwrap();
        assert!(standard.get(Locale::Es).starts_with("Confirmo que"));
        // Every built-in text has its Spanish in the pack.
        for q in catalog.questions.values() {
            assert_ne!(q.label.get(Locale::Es), q.label.en, "{}", q.id);
        }
    }
}
