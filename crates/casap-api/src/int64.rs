//! int64 on the wire: grpc-gateway writes them as JSON strings, the docs' examples as numbers.
//!
//! Use with `#[serde(default, with = "casap_api::int64")]` on an `i64` field: decodes a string,
//! an integer, or an integral float (what `JSON.parse` hands over through serde-wasm-bindgen),
//! and encodes a string, as grpc-gateway does.

use core::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

/// Encodes an int64 as a JSON string.
pub fn serialize<S: Serializer>(value: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// Decodes an int64 from a string or a number; `null` decodes as 0 (proto3's default).
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(Int64Visitor)
}

struct Int64Visitor;

impl<'de> Visitor<'de> for Int64Visitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom("integer out of int64 range"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        // 2^63 as f64; anything at or beyond it does not fit.
        if v.fract() == 0.0 && v.abs() < 9.223_372_036_854_776e18 {
            Ok(v as i64)
        } else {
            Err(E::custom("expected a whole number"))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(0);
        }
        t.parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_unit<E: de::Error>(self) -> Result<i64, E> {
        Ok(0)
    }

    fn visit_none<E: de::Error>(self) -> Result<i64, E> {
        Ok(0)
    }
}
