//! int32 on the wire: grpc-gateway writes them as JSON numbers, but a string holding one is
//! accepted too (the same tolerant decoder as [`crate::int64`]).
//!
//! Use with `#[serde(default, with = "casap_api::int32")]` on an `i64` field (kept wide so a
//! hostile value is rejected by validation, not wrapped).

use serde::{Deserializer, Serializer};

/// Encodes as a JSON number.
pub fn serialize<S: Serializer>(value: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(*value)
}

/// Decodes a number or a string holding one; `null` is 0.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    crate::int64::deserialize(deserializer)
}
