//! Ships the built-in questionnaire (`catalog/default.json`) in the wasm without its Spanish
//! (which the Spanish pack carries, see `src/i18n/pack.rs`) and without its
//! indentation: 48 KB of pretty JSON become 35 KB (0.6 KB less gzip). The file is parsed here,
//! so a syntax error in it stops the build with the line and column.

use std::path::Path;

fn main() {
    let source = "catalog/default.json";
    println!("cargo::rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let mut value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    // The Spanish goes to the Spanish pack (`cargo xtask dist`), not into the wasm.
    from_pack(&mut value);
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default.json");
    std::fs::write(&out, value.to_string()).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

/// Replaces the Spanish of every `{ "en", "es" }` text with `@`: "the pack's translation of the
/// English" (`survey::Text::get`).
fn from_pack(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(o) => {
            if o.len() == 2 && o.get("en").is_some_and(|v| v.is_string()) && o.contains_key("es") {
                o.insert("es".into(), "@".into());
            }
            o.values_mut().for_each(from_pack);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(from_pack),
        _ => {}
    }
}
