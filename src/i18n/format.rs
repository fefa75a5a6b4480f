//! Amounts and dates through the browser's `Intl`, so no locale data ships in the wasm.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use super::Locale;

/// Formatters for one locale, built once per page and reused by every render and row:
/// building an `Intl.DateTimeFormat` costs milliseconds (on a phone, tens), so a render must
/// not build one.
pub struct Formats {
    locale: Locale,
    date: Function,
    money: (String, Function),
}

thread_local! {
    static CACHE: RefCell<Vec<Rc<Formats>>> = const { RefCell::new(Vec::new()) };
}

impl Formats {
    /// The formatters of `locale`, built the first time they are asked for.
    pub fn of(locale: Locale) -> Rc<Self> {
        CACHE.with(|cache| {
            if let Some(f) = cache.borrow().iter().find(|f| f.locale == locale) {
                return f.clone();
            }
            let f = Rc::new(Self::new(locale));
            cache.borrow_mut().push(f.clone());
            f
        })
    }

    fn new(locale: Locale) -> Self {
        let date =
            Intl::DateTimeFormat::new(&locales(locale), &options(&[("dateStyle", "medium")]))
                .format();
        Self {
            locale,
            date,
            money: ("USD".to_owned(), money_format(locale, "USD")),
        }
    }

    /// Whole cents of `currency` (ISO 4217), e.g. `$1,234.56` or `1234,56 US$`.
    pub fn money(&self, cents: i64, currency: &str) -> String {
        let value = JsValue::from_f64(cents as f64 / 100.0);
        // No currency is the API's default; Intl takes any well-formed code; anything else is
        // shown by its own text, never as $.
        let currency = if currency.is_empty() { "USD" } else { currency };
        if !(currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_alphabetic())) {
            return plain_money(currency, cents);
        }
        let out = if currency == self.money.0 {
            self.money.1.call1(&JsValue::NULL, &value)
        } else {
            money_format(self.locale, currency).call1(&JsValue::NULL, &value)
        };
        out.ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| plain_money(currency, cents))
    }

    /// A Unix-millisecond instant as a medium date, e.g. `Mar 4, 2026`.
    pub fn date(&self, millis: i64) -> String {
        let d = Date::new(&JsValue::from_f64(millis as f64));
        self.date
            .call1(&JsValue::NULL, &d)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }
}

impl Formats {
    /// A file size, e.g. `1.2 MB` or `830 kB`.
    pub fn size(&self, bytes: u64) -> String {
        let (value, unit) = if bytes >= 1_000_000 {
            (bytes as f64 / 1_000_000.0, "megabyte")
        } else {
            (bytes as f64 / 1_000.0, "kilobyte")
        };
        let nf = Intl::NumberFormat::new(
            &locales(self.locale),
            &options(&[
                ("style", "unit"),
                ("unit", unit),
                ("maximumFractionDigits", "1"),
            ]),
        );
        nf.format()
            .call1(&JsValue::NULL, &JsValue::from_f64(value))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| {
                let tenths = (value * 10.0).round() as u64;
                format!("{}.{} {unit}", tenths / 10, tenths % 10)
            })
    }
}

/// `XYZ -12.34`: money where `Intl` cannot format it, in integers (formatting an `f64` would
/// bring `core`'s float printing into the wasm).
fn plain_money(currency: &str, cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{currency} {sign}{}.{:02}", abs / 100, abs % 100)
}

/// A Unix-millisecond instant as a long date and time with the member's zone, for a record they
/// keep, e.g. `March 4, 2026 at 3:42:07 PM EST`.
pub fn date_time(locale: Locale, millis: i64) -> String {
    let d = Date::new(&JsValue::from_f64(millis as f64));
    Intl::DateTimeFormat::new(
        &locales(locale),
        &options(&[("dateStyle", "long"), ("timeStyle", "long")]),
    )
    .format()
    .call1(&JsValue::NULL, &d)
    .ok()
    .and_then(|v| v.as_string())
    .unwrap_or_default()
}

/// A Unix-millisecond instant as a short clock time in the member's zone, e.g. `3:42 PM`.
pub fn clock_time(locale: Locale, millis: i64) -> String {
    let d = Date::new(&JsValue::from_f64(millis as f64));
    Intl::DateTimeFormat::new(&locales(locale), &options(&[("timeStyle", "short")]))
        .format()
        .call1(&JsValue::NULL, &d)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn money_format(locale: Locale, currency: &str) -> Function {
    Intl::NumberFormat::new(
        &locales(locale),
        &options(&[("style", "currency"), ("currency", currency)]),
    )
    .format()
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        // Setting a plain property on a fresh object cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

fn locales(locale: Locale) -> Array {
    Array::of1(&JsValue::from_str(locale.tag()))
}

/// `s` in lower case by the browser (`String.prototype.toLowerCase`, Unicode-aware), so the
/// wasm does not ship Rust's case-conversion tables.
pub fn lower_case(s: &str) -> String {
    js_sys::JsString::from(s).to_lower_case().into()
}
