//! Ships the built-in questionnaire (`catalog/default.json`) in the wasm without its
//! indentation: 48 KB of pretty JSON become 35 KB (0.6 KB less gzip). The file is parsed here,
//! so a syntax error in it stops the build with the line and column.

use std::path::Path;

fn main() {
    let source = "catalog/default.json";
    println!("cargo::rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default.json");
    std::fs::write(&out, value.to_string()).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
