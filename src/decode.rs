//! Decoding JS values into Rust types: a serde `Deserializer` over a `JsValue` that keeps
//! track of where it is. Everything the wasm reads goes through [`from_value`]: the options
//! the host page passes, the questionnaire (built-in, from `JSON.parse`, or the host's), the
//! API's answers (from `Response.json()`), and a saved draft.
//!
//! Why not serde-wasm-bindgen's deserializer: it reads only the fields a struct declares, so
//! `deny_unknown_fields` never saw a misspelt field (a questionnaire's `"requried": true` was
//! silently dropped), and its errors carry no path (serde_path_to_error added one by wrapping
//! every type's deserializer: 13.5 KB gzip of wasm). Here the walk visits each object's own
//! keys and each error records the path it came through (`questions.q1.options[1].label`,
//! `transactions[3].amount`); messages are serde's own, as with serde_json natively.

use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// Decodes `value` as a `T`.
pub fn from_value<T: de::DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    T::deserialize(Deserializer(value))
}

/// Fields of an API answer the widget cannot do without: a dispute's identity and money. A
/// value of any other field that cannot be read is treated as absent (see [`from_answer`]).
const ESSENTIAL: &[&str] = &["uuid", "shortId", "amountInCents"];

/// At most this many unreadable fields are dropped from one answer (a page of disputes holds
/// hundreds of fields) before it counts as unreadable.
const MAX_DROPPED: usize = 100;

/// Decodes an API answer as a `T`, treating a field whose value cannot be read as absent (the
/// API's fields are all optional, proto3-style): the field is removed from `value` and the
/// answer decoded again. Returns the value and the fields dropped (for the warning). Fails, naming the problem that stopped it, when an essential field ([`ESSENTIAL`]) or an
/// item of a list cannot be read, or when the answer is not an object at all.
pub fn from_answer<T: de::DeserializeOwned>(value: JsValue) -> Result<(T, Vec<Error>), Error> {
    let mut dropped = Vec::new();
    loop {
        match from_value(value.clone()) {
            Ok(v) => return Ok((v, dropped)),
            Err(e) if dropped.len() < MAX_DROPPED && drop_field(&value, &e) => dropped.push(e),
            Err(e) => return Err(e),
        }
    }
}

/// Removes the field `e` happened at from `root`, when it is one the widget can do without;
/// says whether it did.
fn drop_field(root: &JsValue, e: &Error) -> bool {
    let Some((Step::Key(field), parents)) = e.steps.split_first() else {
        return false;
    };
    if ESSENTIAL.contains(&field.as_str()) || e.problem.starts_with("missing field") {
        return false;
    }
    let mut at = root.clone();
    for step in parents.iter().rev() {
        let key = match step {
            Step::Key(k) => JsValue::from_str(k),
            Step::Index(i) => JsValue::from(*i),
        };
        match Reflect::get(&at, &key) {
            Ok(next) if next.is_object() => at = next,
            _ => return false,
        }
    }
    at.is_object()
        && Reflect::delete_property(at.unchecked_ref::<Object>(), &JsValue::from_str(field))
            .unwrap_or(false)
}

/// One step of a path: an object's key (or an enum's variant) or an array's index.
#[derive(Debug)]
enum Step {
    Key(String),
    Index(u32),
}

/// A decoding error and where it happened.
#[derive(Debug)]
pub struct Error {
    /// Innermost step first: each level adds its own as the error passes through it.
    steps: Vec<Step>,
    problem: String,
}

impl Error {
    fn within(mut self, step: Step) -> Self {
        self.steps.push(step);
        self
    }

    /// `questions.q1.options[1].label`; `.` when the problem is the value itself.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for step in self.steps.iter().rev() {
            match step {
                Step::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        if out.is_empty() { ".".into() } else { out }
    }

    /// What is wrong, in serde's words (`unknown field `lable`, expected one of …`).
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

/// `path: problem`, or only the problem when it is the value itself.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.steps.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "{}: {}", self.path(), self.problem)
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            steps: Vec::new(),
            problem: msg.to_string(),
        }
    }

    // serde's own wording, through `Shown`: serde's `Display` of `Unexpected` would bring the
    // float formatting of `core` (and the Unicode tables of `{:?}`) into the wasm.
    fn invalid_type(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {expected}",
            Shown(unexpected)
        ))
    }

    fn invalid_value(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {expected}",
            Shown(unexpected)
        ))
    }
}

/// What was found instead, as serde says it, but a fraction is not written out, and a string
/// is quoted only when it is a word.
struct Shown<'a>(de::Unexpected<'a>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        use de::Unexpected as U;
        match self.0 {
            U::Bool(b) => write!(f, "boolean `{b}`"),
            U::Unsigned(n) => write!(f, "integer `{n}`"),
            U::Signed(n) => write!(f, "integer `{n}`"),
            U::Float(_) => f.write_str("a number with a fraction"),
            U::Char(c) => write!(f, "character `{c}`"),
            // A word (an enum's wire name, an id) is quoted; anything else (a name, an email,
            // free text: the member's data in the options) is not repeated in the error, which
            // the host page hears in an event.
            U::Str(s) if is_word(s) => write!(f, "string \"{s}\""),
            U::Str(_) => f.write_str("a string"),
            U::Bytes(_) => f.write_str("byte array"),
            U::Unit => f.write_str("null"),
            U::Option => f.write_str("option value"),
            U::NewtypeStruct => f.write_str("newtype struct"),
            U::Seq => f.write_str("sequence"),
            U::Map => f.write_str("map"),
            U::Enum => f.write_str("enum"),
            U::UnitVariant => f.write_str("unit variant"),
            U::NewtypeVariant => f.write_str("newtype variant"),
            U::TupleVariant => f.write_str("tuple variant"),
            U::StructVariant => f.write_str("struct variant"),
            U::Other(other) => f.write_str(other),
        }
    }
}

/// Letters, digits, `_`, `-` and `.`, at most 40: safe to repeat in an error.
fn is_word(s: &str) -> bool {
    s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// Deserializes one JS value (and, through it, everything inside).
struct Deserializer(JsValue);

/// Largest integer a JS number holds exactly (2^53).
const EXACT: f64 = 9_007_199_254_740_992.0;

/// A JS number that is a whole number JS holds exactly.
fn whole(v: &JsValue) -> Option<f64> {
    v.as_f64().filter(|n| n.fract() == 0.0 && n.abs() <= EXACT)
}

/// "invalid type: string "abc", expected …": not generic, so each type the widget decodes
/// does not carry its own copy.
fn wrong_type(v: &JsValue, expected: &dyn de::Expected) -> Error {
    use de::Unexpected as U;
    let text = v.as_string();
    let unexpected = if let Some(s) = &text {
        U::Str(s)
    } else if v.is_null() || v.is_undefined() {
        U::Unit
    } else if let Some(b) = v.as_bool() {
        U::Bool(b)
    } else if let Some(n) = whole(v) {
        if n < 0.0 {
            U::Signed(n as i64)
        } else {
            U::Unsigned(n as u64)
        }
    } else if let Some(n) = v.as_f64() {
        U::Float(n)
    } else if Array::is_array(v) {
        U::Seq
    } else if v.is_object() {
        U::Map
    } else {
        U::Other("a value JSON cannot hold")
    };
    de::Error::invalid_type(unexpected, expected)
}

impl Deserializer {
    fn items(self) -> Option<Items> {
        Array::is_array(&self.0).then(|| Items(Cursor::new(self.0.unchecked_into())))
    }

    fn entries(self) -> Option<Entries> {
        (self.0.is_object() && !Array::is_array(&self.0)).then(|| Entries {
            keys: Cursor::new(Object::keys::<JsValue>(self.0.unchecked_ref())),
            object: self.0,
            value: None,
        })
    }
}

/// Methods that decode as another one does (`i32` as `i64`: the visitor checks the range; a
/// struct as a map), their extra arguments unused.
macro_rules! forward {
    ($($($method:ident($($arg:ident: $ty:ty),*))+ => $to:ident;)+) => {
        $($(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
                self.$to(visitor)
            }
        )+)+
    };
}

// Each method asks the visitor for the one shape its type takes (the type checks are not
// generic), so a struct of strings does not instantiate every `visit_*` for each field; only
// `deserialize_any` (types that accept several shapes) dispatches on what the value is.
impl<'de> de::Deserializer<'de> for Deserializer {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let v = &self.0;
        if v.is_null() || v.is_undefined() {
            visitor.visit_unit()
        } else if let Some(b) = v.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(n) = whole(v) {
            if n < 0.0 {
                visitor.visit_i64(n as i64)
            } else {
                visitor.visit_u64(n as u64)
            }
        } else if let Some(n) = v.as_f64() {
            visitor.visit_f64(n)
        } else if let Some(s) = v.as_string() {
            visitor.visit_string(s)
        } else if Array::is_array(v) {
            self.deserialize_seq(visitor)
        } else {
            self.deserialize_map(visitor)
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_bool() {
            Some(b) => visitor.visit_bool(b),
            None => Err(wrong_type(&self.0, &visitor)),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match whole(&self.0) {
            Some(n) => visitor.visit_i64(n as i64),
            None => Err(wrong_type(&self.0, &visitor)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match whole(&self.0) {
            Some(n) if n >= 0.0 => visitor.visit_u64(n as u64),
            _ => Err(wrong_type(&self.0, &visitor)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_f64() {
            Some(n) => visitor.visit_f64(n),
            None => Err(wrong_type(&self.0, &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_string() {
            Some(s) => visitor.visit_string(s),
            None => Err(wrong_type(&self.0, &visitor)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_unit()
        } else {
            Err(wrong_type(&self.0, &visitor))
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = self.0.clone();
        match self.items() {
            Some(items) => visitor.visit_seq(items),
            None => Err(wrong_type(&value, &visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = self.0.clone();
        match self.entries() {
            Some(entries) => visitor.visit_map(entries),
            None => Err(wrong_type(&value, &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// `"variant"`, or `{ "variant": payload }` (serde_json's representation).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if let Some(s) = self.0.as_string() {
            let unit: de::value::StrDeserializer<Error> = s.as_str().into_deserializer();
            return visitor.visit_enum(unit);
        }
        let value = self.0.clone();
        if let Some(entries) = self.entries().filter(|e| e.keys.list.length() == 1) {
            let key = entries.keys.list.get(0);
            return visitor.visit_enum(Variant {
                name: key.as_string().unwrap_or_default(),
                payload: Reflect::get(&value, &key).unwrap_or(JsValue::UNDEFINED),
            });
        }
        Err(wrong_type(&value, &visitor))
    }

    /// Anything is accepted and nothing is read (an unknown field of a tolerant type).
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward! {
        deserialize_i8() deserialize_i16() deserialize_i32() => deserialize_i64;
        deserialize_u8() deserialize_u16() deserialize_u32() => deserialize_u64;
        deserialize_f32() => deserialize_f64;
        deserialize_char() deserialize_str() deserialize_identifier() => deserialize_string;
        deserialize_unit_struct(_name: &'static str) => deserialize_unit;
        deserialize_tuple(_len: usize) deserialize_tuple_struct(_name: &'static str, _len: usize)
            => deserialize_seq;
        deserialize_struct(_name: &'static str, _fields: &'static [&'static str]) => deserialize_map;
    }

    serde::forward_to_deserialize_any! { i128 u128 bytes byte_buf }
}

/// The next place in a JS array, and how many are left.
struct Cursor {
    list: Array,
    next: u32,
}

impl Cursor {
    fn new(list: Array) -> Self {
        Self { list, next: 0 }
    }

    fn take(&mut self) -> Option<(u32, JsValue)> {
        let i = self.next;
        (i < self.list.length()).then(|| {
            self.next += 1;
            (i, self.list.get(i))
        })
    }

    fn left(&self) -> Option<usize> {
        Some((self.list.length() - self.next) as usize)
    }
}

/// An array's items, each decoded with its index on the path.
struct Items(Cursor);

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some((i, item)) = self.0.take() else {
            return Ok(None);
        };
        seed.deserialize(Deserializer(item))
            .map(Some)
            .map_err(|e| e.within(Step::Index(i)))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.left()
    }
}

/// An object's own keys in order, each value decoded with its key on the path (and the key
/// itself, so an unknown field is reported where it is).
struct Entries {
    object: JsValue,
    keys: Cursor,
    value: Option<(String, JsValue)>,
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((_, key)) = self.keys.take() else {
            return Ok(None);
        };
        let name = key.as_string().unwrap_or_default();
        let value = Reflect::get(&self.object, &key).unwrap_or(JsValue::UNDEFINED);
        let key: de::value::StrDeserializer<Error> = name.as_str().into_deserializer();
        let decoded = seed.deserialize(key);
        match decoded {
            Ok(k) => {
                self.value = Some((name, value));
                Ok(Some(k))
            }
            Err(e) => Err(e.within(Step::Key(name))),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let (name, value) = self.value.take().unwrap_or_default();
        seed.deserialize(Deserializer(value))
            .map_err(|e| e.within(Step::Key(name)))
    }

    fn size_hint(&self) -> Option<usize> {
        self.keys.left()
    }
}

/// `{ "variant": payload }`.
struct Variant {
    name: String,
    payload: JsValue,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Error;
    type Variant = Payload;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Payload), Error> {
        let name: de::value::StrDeserializer<Error> = self.name.as_str().into_deserializer();
        let variant = seed
            .deserialize(name)
            .map_err(|e| e.within(Step::Key(self.name.clone())))?;
        Ok((
            variant,
            Payload {
                name: self.name,
                value: self.payload,
            },
        ))
    }
}

/// A variant's payload, decoded with the variant's name on the path.
struct Payload {
    name: String,
    value: JsValue,
}

impl Payload {
    fn here<T>(self, decode: impl FnOnce(Deserializer) -> Result<T, Error>) -> Result<T, Error> {
        decode(Deserializer(self.value)).map_err(|e| e.within(Step::Key(self.name)))
    }
}

impl<'de> de::VariantAccess<'de> for Payload {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        self.here(<() as de::Deserialize>::deserialize)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        self.here(|d| seed.deserialize(d))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.here(|d| de::Deserializer::deserialize_seq(d, visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.here(|d| de::Deserializer::deserialize_map(d, visitor))
    }
}
