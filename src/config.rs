//! Options from the host page, validated once into a [`Config`].
//!
//! Decoding from the JS object happens in `entry.rs` (through `decode.rs` into [`RawOptions`]);
//! everything here is plain Rust so the rules are tested natively. An invalid option yields one
//! [`ConfigError`] whose message names the option and says how to fix it.

use casap_api::TransactionDetail;
use casap_api::files::FileKind;
use serde::Deserialize;

use crate::client::{Credentials, Secret};
use crate::i18n::Locale;
use crate::i18n::custom::{self, Messages};
use crate::intake::status::DisputeLink;
use crate::intake::{Failure, FailureKind, FileRules, Member, View};

/// The options object exactly as the host passed it (camelCase keys). Unknown keys are ignored
/// so that a newer host page keeps working with an older widget.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawOptions {
    pub api_base_url: Option<String>,
    pub provider_token: Option<String>,
    pub session_token: Option<String>,
    #[serde(deserialize_with = "opt_int64")]
    pub session_expires_at: Option<i64>,
    pub org_uuid: Option<String>,
    pub member: Option<Member>,
    pub transactions: Option<Vec<TransactionDetail>>,
    pub view: Option<String>,
    pub locale: Option<String>,
    pub files: Option<RawFiles>,
    pub persist_draft: Option<bool>,
    pub user_uuid: Option<String>,
    pub cancelable: Option<bool>,
    pub dispute: Option<String>,
    pub messages: Option<Messages>,
}

/// The `files` option as given: limits and accepted types of evidence files.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawFiles {
    pub max_bytes: Option<f64>,
    pub max_count: Option<f64>,
    pub max_total_bytes: Option<f64>,
    /// Kinds (`"pdf"`), MIME types (`"image/heic"`) or extensions (`".png"`).
    pub accept: Option<Vec<String>>,
    /// `false` sends photos as picked; reduced on the device otherwise.
    pub reduce_photos: Option<bool>,
    /// The long side, in pixels, photos are reduced to.
    pub photo_max_side: Option<f64>,
}

/// Validated options.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Scheme, host and optional path prefix, without a trailing slash.
    pub api_base_url: String,
    pub credentials: Credentials,
    pub org_uuid: String,
    pub member: Option<Member>,
    pub transactions: Vec<TransactionDetail>,
    pub view: View,
    /// The credit union's wording per language (checked: every name a message).
    pub messages: Messages,
    pub files: FileRules,
    /// Keep the unsubmitted draft across reloads in this tab (default true).
    pub persist_draft: bool,
    /// Sent as `x-user-uuid` on every API request: the uuid Casap issues for the
    /// organisation's member-facing calls, where its environment requires one (the published
    /// OpenAPI's second credential). `None`: no such header (the API origin must allow it in
    /// CORS before a host gives it, or the browser blocks every request).
    pub user_uuid: Option<String>,
    /// A Cancel action on every filing step (`exit` with reason `cancelled`).
    pub cancelable: bool,
    /// The dispute to open in "My disputes" (links in emails and alerts); the view is then
    /// "My disputes" whatever `view` says.
    pub dispute: Option<DisputeLink>,
}

/// An option the widget cannot work with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid option `{option}`: {problem}")]
pub struct ConfigError {
    pub option: &'static str,
    pub problem: String,
}

/// Options that cannot work are the integrator's to fix: never recoverable by the member.
impl From<&ConfigError> for Failure {
    fn from(e: &ConfigError) -> Self {
        Self {
            kind: FailureKind::InvalidOptions,
            detail: e.to_string(),
        }
    }
}

fn invalid(option: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        option,
        problem: problem.into(),
    }
}

impl Config {
    /// Validates `raw`. `host_supplies_tokens` says whether the host gave `fetchProviderToken`.
    pub fn from_raw(raw: RawOptions, host_supplies_tokens: bool) -> Result<Self, ConfigError> {
        let api_base_url = match raw.api_base_url.as_deref() {
            None | Some("") => {
                return Err(invalid(
                    "apiBaseUrl",
                    "it is required: the API origin, e.g. \"https://api.casaphq.com\"",
                ));
            }
            Some(url) => normalize_base_url(url).map_err(|p| invalid("apiBaseUrl", p))?,
        };
        let credentials = match (non_blank(raw.provider_token), non_blank(raw.session_token)) {
            (Some(jwt), _) => Credentials::Provider(Secret::new(jwt)),
            (None, Some(token)) => Credentials::Session {
                token: Secret::new(token),
                expires_at_ms: raw.session_expires_at.map(casap_api::timestamp_millis),
            },
            (None, None) if host_supplies_tokens => Credentials::FromHost,
            (None, None) => {
                return Err(invalid(
                    "providerToken",
                    "give providerToken, sessionToken or fetchProviderToken so the widget can \
                     sign the member in",
                ));
            }
        };
        let view = match raw.view.as_deref() {
            None | Some("file") => View::File,
            Some("status") => View::Status,
            Some(other) => {
                return Err(invalid(
                    "view",
                    format!("{other:?} is not a view; use \"file\" or \"status\""),
                ));
            }
        };
        let messages =
            custom::check(raw.messages.unwrap_or_default()).map_err(|p| invalid("messages", p))?;
        if let Some(tag) = raw.locale.as_deref().filter(|t| !t.trim().is_empty()) {
            let given = custom::language(tag).is_some_and(|l| messages.contains_key(&l));
            if Locale::from_tag(tag).is_none() && !given {
                return Err(invalid(
                    "locale",
                    format!(
                        "{tag:?} is not supported; use \"en\" or \"es\", or give its texts in \
                         `messages`"
                    ),
                ));
            }
        }
        let org_uuid = non_blank(raw.org_uuid).ok_or_else(|| {
            invalid(
                "orgUuid",
                "it is required: the credit union's organisation UUID",
            )
        })?;
        let dispute = match non_blank(raw.dispute) {
            None => None,
            Some(v) => Some(DisputeLink::parse(&v).ok_or_else(|| {
                invalid(
                    "dispute",
                    "it must be a case number (letters, digits and hyphens, e.g. \"DSP-7QK2\") \
                     or a dispute's uuid",
                )
            })?),
        };
        Ok(Self {
            api_base_url,
            credentials,
            org_uuid,
            member: raw.member,
            transactions: raw.transactions.unwrap_or_default(),
            view: if dispute.is_some() {
                View::Status
            } else {
                view
            },
            cancelable: raw.cancelable.unwrap_or(false),
            dispute,
            messages,
            persist_draft: raw.persist_draft.unwrap_or(true),
            user_uuid: match non_blank(raw.user_uuid) {
                Some(u) => Some(header_token(u).map_err(|p| invalid("userUuid", p))?),
                None => None,
            },
            files: match raw.files {
                Some(f) => file_rules(f)?,
                None => FileRules::default(),
            },
        })
    }
}

/// A value safe in a request header: a uuid's letters, digits and hyphens, at most 64.
fn header_token(value: String) -> Result<String, String> {
    let value = value.trim().to_owned();
    if value.len() <= 64 && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(value)
    } else {
        Err("it must be a uuid (letters, digits and hyphens, at most 64)".into())
    }
}

/// A number as JavaScript writes it (`1.5`, `NaN`): natively Rust's `Display`; in the wasm the
/// browser's, so `core`'s float printing stays out of it.
fn number_text(n: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    return String::from(
        js_sys::Number::from(n)
            .to_string_with_radix(10)
            .unwrap_or_default(),
    );
    #[cfg(not(target_arch = "wasm32"))]
    n.to_string()
}

/// The `files` option over the defaults: positive whole limits, known types.
fn file_rules(raw: RawFiles) -> Result<FileRules, ConfigError> {
    let mut rules = FileRules::default();
    let whole = |v: Option<f64>, name: &'static str, max: f64| match v {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && n >= 1.0 && n <= max => Ok(Some(n as u64)),
        Some(n) => Err(invalid(
            "files",
            format!(
                "{name} must be a whole number from 1 to {}, not {}",
                max as u64,
                number_text(n)
            ),
        )),
    };
    // The API takes the whole base64 text in one request: past 100 MiB no server will.
    const LIMIT: f64 = (100 * 1024 * 1024) as f64;
    if let Some(n) = whole(raw.max_bytes, "maxBytes", LIMIT)? {
        rules.max_bytes = n;
    }
    if let Some(n) = whole(raw.max_count, "maxCount", 100.0)? {
        rules.max_count = n as usize;
    }
    match whole(raw.max_total_bytes, "maxTotalBytes", LIMIT * 10.0)? {
        Some(n) => rules.max_total_bytes = n,
        // Room for a full set of the largest files the host allows, when it did not say.
        None => rules.max_total_bytes = rules.max_total_bytes.max(rules.max_bytes),
    }
    if let Some(list) = raw.accept {
        let mut accept = Vec::new();
        for item in &list {
            let kind = accepted_kind(item).ok_or_else(|| {
                invalid(
                    "files",
                    format!(
                        "accept: {item:?} is not a type the API takes; use \"pdf\", \"jpeg\", \
                         \"png\" or \"heic\""
                    ),
                )
            })?;
            if !accept.contains(&kind) {
                accept.push(kind);
            }
        }
        if accept.is_empty() {
            return Err(invalid("files", "accept must name at least one type"));
        }
        rules.accept = accept;
    }
    let (low, high) = crate::intake::photo::MAX_SIDE_RANGE;
    let side = match raw.photo_max_side {
        None => crate::intake::photo::DEFAULT_MAX_SIDE,
        Some(n) if n.fract() == 0.0 && n >= f64::from(low) && n <= f64::from(high) => n as u32,
        Some(n) => {
            return Err(invalid(
                "files",
                format!(
                    "photoMaxSide must be a whole number of pixels from {low} to {high}, not {}",
                    number_text(n)
                ),
            ));
        }
    };
    rules.photo_max_side = (raw.reduce_photos != Some(false)).then_some(side);
    Ok(rules)
}

/// A kind from `"pdf"`, `"application/pdf"` or `".pdf"`.
fn accepted_kind(item: &str) -> Option<FileKind> {
    let item = item.trim().to_ascii_lowercase();
    match item.as_str() {
        "application/pdf" => Some(FileKind::Pdf),
        "image/jpeg" | "image/jpg" => Some(FileKind::Jpeg),
        "image/png" => Some(FileKind::Png),
        "image/heic" | "image/heif" => Some(FileKind::Heic),
        other => FileKind::from_extension(other.trim_start_matches('.')),
    }
}

fn non_blank(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Checks an API base URL and drops its trailing slashes.
///
/// It must be absolute `https://` (plain `http://` only for loopback hosts, for the sandbox),
/// carry no user name or password, no query and no fragment: tokens go only to this origin.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = if let Some(r) = url.strip_prefix("https://") {
        r
    } else if let Some(r) = url.strip_prefix("http://") {
        let host = r.split(['/', ':']).next().unwrap_or("");
        let loopback = matches!(host, "localhost" | "127.0.0.1") || r.starts_with("[::1]");
        if !loopback {
            return Err(format!(
                "{url:?} must use https:// (http:// is allowed only for localhost)"
            ));
        }
        r
    } else {
        return Err(format!(
            "{url:?} is not an absolute URL; expected something like \"https://api.casaphq.com\""
        ));
    };
    let authority = rest.split('/').next().unwrap_or("");
    if authority.is_empty() || authority.starts_with(':') {
        return Err(format!("{url:?} has no host"));
    }
    if authority.contains('@') {
        return Err(format!("{url:?} must not contain a user name or password"));
    }
    if rest.contains(['?', '#']) {
        return Err(format!("{url:?} must not contain a query or fragment"));
    }
    if rest.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return Err(format!("{url:?} contains spaces or control characters"));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Reads an optional int64 given as a number or a string.
fn opt_int64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(with = "casap_api::int64")] i64);
    Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(url: &str) -> RawOptions {
        RawOptions {
            api_base_url: Some(url.to_owned()),
            provider_token: Some("jwt".to_owned()),
            org_uuid: Some("org-1".to_owned()),
            ..RawOptions::default()
        }
    }

    fn check_url(url: &str, expected: Result<&str, &str>) {
        match (normalize_base_url(url), expected) {
            (Ok(got), Ok(want)) => assert_eq!(got, want, "{url}"),
            (Err(got), Err(fragment)) => assert!(got.contains(fragment), "{url}: {got}"),
            (got, want) => panic!("{url}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn base_urls() {
        check_url("https://api.casaphq.com", Ok("https://api.casaphq.com"));
        check_url("https://api.casaphq.com/", Ok("https://api.casaphq.com"));
        check_url("https://cu.example/api/", Ok("https://cu.example/api"));
        check_url("http://127.0.0.1:8080", Ok("http://127.0.0.1:8080"));
        check_url("http://localhost:3000/", Ok("http://localhost:3000"));
        check_url("http://[::1]:8080", Ok("http://[::1]:8080"));
        check_url("http://api.casaphq.com", Err("must use https://"));
        check_url("http://[fe80::1]:8080", Err("must use https://"));
        check_url("http://localhost.evil.example", Err("must use https://"));
        check_url("api.casaphq.com", Err("not an absolute URL"));
        check_url("/v1", Err("not an absolute URL"));
        check_url("javascript:alert(1)", Err("not an absolute URL"));
        check_url("https://", Err("no host"));
        check_url("https://user:pw@api.casaphq.com", Err("user name"));
        check_url("https://api.casaphq.com/?token=x", Err("query"));
        check_url("https://api.casa phq.com", Err("spaces"));
    }

    #[test]
    fn user_uuid_is_a_header_safe_uuid_or_absent() {
        let with = |u: &str| {
            Config::from_raw(
                RawOptions {
                    user_uuid: Some(u.to_owned()),
                    ..raw("https://a.example")
                },
                false,
            )
        };
        let ok = with(" 6f1c2a4e-0000-4000-8000-000000000001 ").unwrap();
        assert_eq!(
            ok.user_uuid.as_deref(),
            Some("6f1c2a4e-0000-4000-8000-000000000001")
        );
        assert_eq!(with("").unwrap().user_uuid, None);
        assert_eq!(
            Config::from_raw(raw("https://a.example"), false)
                .unwrap()
                .user_uuid,
            None
        );
        for bad in ["a\r\nx-evil: 1", "uuid with spaces", &"a".repeat(65)] {
            let e = with(bad).unwrap_err();
            assert_eq!(e.option, "userUuid", "{bad}");
        }
    }

    /// Options with this `files` option.
    fn with_files(files: RawFiles) -> Result<Config, ConfigError> {
        Config::from_raw(
            RawOptions {
                files: Some(files),
                ..raw("https://a.example")
            },
            false,
        )
    }

    #[test]
    fn file_rules_from_the_files_option() {
        let with = with_files;
        let c = with(RawFiles {
            max_bytes: Some(26_214_400.0),
            max_count: Some(20.0),
            accept: Some(vec!["PDF".into(), "image/heif".into(), ".jpg".into()]),
            ..RawFiles::default()
        })
        .unwrap();
        assert_eq!(c.files.max_bytes, 26_214_400);
        assert_eq!(c.files.max_count, 20);
        assert_eq!(c.files.max_total_bytes, 52_428_800, "default total kept");
        assert_eq!(
            c.files.accept,
            vec![FileKind::Pdf, FileKind::Heic, FileKind::Jpeg]
        );
        let c = with(RawFiles {
            max_bytes: Some(100.0 * 1024.0 * 1024.0),
            ..RawFiles::default()
        })
        .unwrap();
        assert_eq!(c.files.max_total_bytes, 100 * 1024 * 1024, "room for one");
        let wrong = [
            RawFiles {
                max_bytes: Some(0.0),
                ..RawFiles::default()
            },
            RawFiles {
                max_count: Some(2.5),
                ..RawFiles::default()
            },
            RawFiles {
                accept: Some(vec!["exe".into()]),
                ..RawFiles::default()
            },
            RawFiles {
                accept: Some(vec![]),
                ..RawFiles::default()
            },
        ];
        for files in wrong {
            let e = with(files.clone()).unwrap_err();
            assert_eq!(e.option, "files", "{files:?}");
        }
        assert!(
            with(RawFiles {
                accept: Some(vec!["exe".into()]),
                ..RawFiles::default()
            })
            .unwrap_err()
            .to_string()
            .contains("\"exe\" is not a type the API takes")
        );
        let e = with(RawFiles {
            max_count: Some(2.5),
            ..RawFiles::default()
        })
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("maxCount must be a whole number from 1 to 100, not 2.5"),
            "{e}"
        );
    }

    #[test]
    fn photos_are_reduced_unless_the_credit_union_says_not() {
        let with = with_files;
        let default = with(RawFiles::default()).unwrap();
        assert_eq!(default.files.photo_max_side, Some(2000));
        let off = with(RawFiles {
            reduce_photos: Some(false),
            photo_max_side: Some(3000.0),
            ..RawFiles::default()
        })
        .unwrap();
        assert_eq!(off.files.photo_max_side, None);
        let wider = with(RawFiles {
            reduce_photos: Some(true),
            photo_max_side: Some(3000.0),
            ..RawFiles::default()
        })
        .unwrap();
        assert_eq!(wider.files.photo_max_side, Some(3000));
        for bad in [799.0, 8001.0, 1500.5, f64::NAN] {
            let e = with(RawFiles {
                photo_max_side: Some(bad),
                ..RawFiles::default()
            })
            .unwrap_err();
            assert_eq!(e.option, "files");
            assert!(
                e.to_string()
                    .contains("photoMaxSide must be a whole number of pixels from 800 to 8000"),
                "{e}"
            );
        }
    }

    #[test]
    fn missing_api_base_url_names_the_option() {
        let err = Config::from_raw(RawOptions::default(), false).unwrap_err();
        assert_eq!(err.option, "apiBaseUrl");
        assert!(err.to_string().contains("required"), "{err}");
    }

    #[test]
    fn credentials_precedence() {
        let c = Config::from_raw(raw("https://a.example"), false).unwrap();
        assert!(matches!(c.credentials, Credentials::Provider(_)));

        let session = RawOptions {
            provider_token: None,
            session_token: Some("s".into()),
            session_expires_at: Some(1_708_387_200),
            ..raw("https://a.example")
        };
        let c = Config::from_raw(session, false).unwrap();
        assert_eq!(
            c.credentials,
            Credentials::Session {
                token: Secret::new("s".into()),
                expires_at_ms: Some(1_708_387_200_000)
            }
        );

        let none = RawOptions {
            provider_token: Some("  ".into()),
            ..raw("https://a.example")
        };
        assert_eq!(
            Config::from_raw(none.clone(), true).unwrap().credentials,
            Credentials::FromHost
        );
        let err = Config::from_raw(none, false).unwrap_err();
        assert_eq!(err.option, "providerToken");
    }

    #[test]
    fn org_uuid_is_required() {
        let none = RawOptions {
            org_uuid: Some(" ".into()),
            ..raw("https://a.example")
        };
        assert_eq!(Config::from_raw(none, false).unwrap_err().option, "orgUuid");
    }

    #[test]
    fn view_and_locale() {
        let bad_view = RawOptions {
            view: Some("admin".into()),
            ..raw("https://a.example")
        };
        assert_eq!(
            Config::from_raw(bad_view, false).unwrap_err().option,
            "view"
        );
        let status = RawOptions {
            view: Some("status".into()),
            ..raw("https://a.example")
        };
        assert_eq!(Config::from_raw(status, false).unwrap().view, View::Status);
        let es = RawOptions {
            locale: Some("es-MX".into()),
            ..raw("https://a.example")
        };
        assert!(Config::from_raw(es, false).is_ok());
        let vi = RawOptions {
            locale: Some("vi".into()),
            ..raw("https://a.example")
        };
        assert_eq!(Config::from_raw(vi, false).unwrap_err().option, "locale");
        let vi = RawOptions {
            locale: Some("vi-VN".into()),
            messages: Some(serde_json::from_str(r#"{"vi":{"Continue":"Tiếp tục"}}"#).unwrap()),
            ..raw("https://a.example")
        };
        assert_eq!(Config::from_raw(vi, false).unwrap().messages.len(), 1);
        let typo = RawOptions {
            messages: Some(serde_json::from_str(r#"{"en":{"Sumbit":"Send"}}"#).unwrap()),
            ..raw("https://a.example")
        };
        let err = Config::from_raw(typo, false).unwrap_err();
        assert_eq!(err.option, "messages");
        assert!(err.problem.contains("en.Sumbit"), "{err}");
        let fr = RawOptions {
            locale: Some("fr".into()),
            ..raw("https://a.example")
        };
        let err = Config::from_raw(fr, false).unwrap_err();
        assert_eq!(err.option, "locale");
        assert!(err.problem.contains("\"en\" or \"es\""));
    }

    #[test]
    fn a_dispute_link_opens_my_disputes_and_a_bad_one_is_named() {
        let linked = RawOptions {
            dispute: Some("dsp-7qk2".into()),
            view: Some("file".into()),
            ..raw("https://a.example")
        };
        let c = Config::from_raw(linked, false).unwrap();
        assert_eq!(c.view, View::Status);
        assert_eq!(c.dispute, Some(DisputeLink::Case("DSP-7QK2".into())));
        assert!(!c.cancelable);
        let bad = RawOptions {
            dispute: Some("DSP/7QK2".into()),
            ..raw("https://a.example")
        };
        let err = Config::from_raw(bad, false).unwrap_err();
        assert_eq!(err.option, "dispute");
        assert!(err.to_string().contains("case number"), "{err}");
        let blank = RawOptions {
            dispute: Some(" ".into()),
            cancelable: Some(true),
            ..raw("https://a.example")
        };
        let c = Config::from_raw(blank, false).unwrap();
        assert_eq!((c.dispute, c.view, c.cancelable), (None, View::File, true));
    }

    #[test]
    fn options_decode_from_camel_case_with_string_or_number_expiry() {
        for expiry in [r#""1708387200000""#, "1708387200000"] {
            let json = format!(
                r#"{{"apiBaseUrl":"https://a.example","sessionToken":"s",
                    "sessionExpiresAt":{expiry},"somethingNew":true,
                    "transactions":[{{"uuid":"t1","merchant":"Acme"}}]}}"#
            );
            let raw: RawOptions = serde_json::from_str(&json).unwrap();
            assert_eq!(raw.session_expires_at, Some(1_708_387_200_000));
            assert_eq!(raw.transactions.unwrap()[0].merchant, "Acme");
        }
    }
}
