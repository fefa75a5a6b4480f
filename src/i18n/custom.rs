//! A credit union's own wording: the `messages` option. Per language, messages by name
//! (`{ en: { Submit: "Send my claim" } }`) over the widget's English or Spanish, or a whole
//! language the package does not ship (`{ vi: { ... } }`), whose missing messages read in
//! English. Each distinct wording is kept once per page and known by its number
//! ([`Locale::Custom`]), so two widgets on one page may word things differently.

use std::cell::RefCell;

use super::{Base, Locale, Msg};
use crate::sorted::Map;

/// Messages by name, per language (primary tag, lower case).
pub type Messages = Map<String, Map<String, String>>;

/// Wording in force for one locale.
struct Wording {
    base: Base,
    tag: &'static str,
    /// By `Msg as usize`.
    messages: Vec<Option<&'static str>>,
}

thread_local! {
    static WORDINGS: RefCell<Vec<Wording>> = const { RefCell::new(Vec::new()) };
}

fn kept(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// The primary language of a BCP 47 tag (`vi` of `vi-VN`), lower case; `None` when `tag` is not
/// one (letters, then subtags of letters and digits).
pub fn language(tag: &str) -> Option<String> {
    let mut parts = tag.trim().split(['-', '_']);
    let primary = parts.next()?;
    let ok = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    ok.then(|| primary.to_ascii_lowercase())
}

/// Checks the `messages` option: every language a tag, every name a message of the widget.
/// The problem names the language and the message (`vi.Sumbit is not a message …`).
pub fn check(given: Messages) -> Result<Messages, String> {
    let mut out = Messages::default();
    for (tag, texts) in given {
        let lang = language(&tag)
            .ok_or_else(|| format!("{tag:?} is not a language tag (\"en\", \"es\", \"vi\")"))?;
        if let Some(name) = texts.keys().find(|k| !Msg::NAMES.contains(&k.as_str())) {
            return Err(format!(
                "{tag}.{name} is not a message of the widget (index.d.ts lists them as \
                 DisputeIntakeMessageKey)"
            ));
        }
        out.insert(lang, texts);
    }
    Ok(out)
}

/// The locale for `tag` given the credit union's `messages`: its wording over English or
/// Spanish, a language of its own, or the widget's own language; `None` when the widget has
/// no text in that language.
pub fn resolve(tag: &str, messages: &Messages) -> Option<Locale> {
    let own = Locale::from_tag(tag);
    let lang = language(tag)?;
    let Some(texts) = messages.get(&lang) else {
        return own;
    };
    let base = own.map_or(Base::En, Locale::base);
    let tag = match own {
        Some(l) => l.tag().to_owned(),
        None => tag.trim().replace('_', "-"),
    };
    Some(register(base, &tag, texts))
}

/// The messages a language of the credit union's own lacks (they read in English), for a
/// console hint; empty for English and Spanish, which the widget has whole.
pub fn missing(locale: Locale) -> Vec<&'static str> {
    let Locale::Custom(id) = locale else {
        return Vec::new();
    };
    WORDINGS.with(|w| {
        let w = &w.borrow()[usize::from(id)];
        if Locale::from_tag(w.tag).is_some() {
            return Vec::new();
        }
        (Msg::NAMES.iter().zip(&w.messages))
            .filter(|(_, m)| m.is_none())
            .map(|(n, _)| *n)
            .collect()
    })
}

/// The number of this wording, kept the first time it is seen.
fn register(base: Base, tag: &str, texts: &Map<String, String>) -> Locale {
    let wanted: Vec<Option<&str>> = (Msg::NAMES.iter())
        .map(|n| texts.get(*n).map(String::as_str))
        .collect();
    WORDINGS.with(|w| {
        let mut w = w.borrow_mut();
        let same = |x: &Wording| x.base == base && x.tag == tag && x.messages == wanted;
        let id = match w.iter().position(same) {
            Some(i) => i,
            None => {
                w.push(Wording {
                    base,
                    tag: kept(tag),
                    messages: wanted.iter().map(|m| m.map(kept)).collect(),
                });
                w.len() - 1
            }
        };
        Locale::Custom(u16::try_from(id).unwrap_or(u16::MAX))
    })
}

fn with<T>(id: u16, read: impl FnOnce(&Wording) -> T) -> Option<T> {
    WORDINGS.with(|w| w.borrow().get(usize::from(id)).map(read))
}

/// `msg` in the credit union's wording `id`, if it gave one.
pub fn message(id: u16, msg: Msg) -> Option<&'static str> {
    with(id, |w| w.messages.get(msg as usize).copied().flatten()).flatten()
}

pub fn base(id: u16) -> Base {
    with(id, |w| w.base).unwrap_or(Base::En)
}

pub fn tag(id: u16) -> &'static str {
    with(id, |w| w.tag).unwrap_or("en-US")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::text;

    fn messages(json: &str) -> Result<Messages, String> {
        check(serde_json::from_str(json).unwrap())
    }

    #[test]
    fn overrides_change_only_their_messages_and_only_for_their_widget() {
        let m = messages(r#"{"en":{"Submit":"Send my claim"}}"#).unwrap();
        let mine = resolve("en-US", &m).unwrap();
        assert!(matches!(mine, Locale::Custom(_)));
        assert_eq!(text(mine, Msg::Submit), "Send my claim");
        assert_eq!(text(mine, Msg::Continue), "Continue");
        assert_eq!(mine.tag(), "en-US");
        // Another widget without them, and the same wording again: the same number.
        assert_eq!(text(Locale::En, Msg::Submit), "Submit dispute");
        assert_eq!(resolve("en", &m), Some(mine));
        assert_eq!(resolve("es", &m), Some(Locale::Es));
        assert!(missing(mine).is_empty());
    }

    #[test]
    fn a_language_of_its_own_reads_english_where_it_has_nothing() {
        let m = messages(r#"{"vi":{"Continue":"Tiếp tục","Back":"Quay lại"}}"#).unwrap();
        let vi = resolve("vi-VN", &m).unwrap();
        assert_eq!(vi.tag(), "vi-VN");
        assert_eq!(vi.base(), Base::En);
        assert_eq!(text(vi, Msg::Continue), "Tiếp tục");
        assert_eq!(text(vi, Msg::Submit), "Submit dispute");
        let lacking = missing(vi);
        assert_eq!(lacking.len(), Msg::NAMES.len() - 2);
        assert!(lacking.contains(&"Submit") && !lacking.contains(&"Back"));
        assert_eq!(resolve("fr", &m), None, "no French anywhere");
    }

    #[test]
    fn unknown_names_and_bad_tags_are_named() {
        let e = messages(r#"{"vi":{"Sumbit":"Gửi"}}"#).unwrap_err();
        assert!(e.starts_with("vi.Sumbit is not a message"), "{e}");
        let e = messages(r#"{"english!":{}}"#).unwrap_err();
        assert!(e.contains("\"english!\" is not a language tag"), "{e}");
        assert_eq!(language("es_MX"), Some("es".into()));
        assert_eq!(language("x"), None);
    }

    #[test]
    fn index_d_ts_types_every_message_name() {
        let dts = include_str!("../../pkg-template/index.d.ts");
        let start = dts.find("export type DisputeIntakeMessageKey =").unwrap();
        let end = start + dts[start..].find(';').unwrap();
        let mut typed: Vec<&str> = dts[start..end].split('"').skip(1).step_by(2).collect();
        typed.sort_unstable();
        let mut names = Msg::NAMES.to_vec();
        names.sort_unstable();
        assert_eq!(typed, names);
    }
}
