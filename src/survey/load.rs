//! Where catalogs come from: the built-in `catalog/default.json`, compiled once, and a credit
//! union's `questionnaire` option, merged onto it or replacing it. A bad override never stops
//! the widget: the built-in catalog is used and the error says what to fix.

use std::rc::Rc;

use super::Catalog;
use super::schema::{CatalogDef, CatalogError, compile, merge};

/// The default catalog (`catalog/default.json`, minified by build.rs), shipped in the wasm.
const DEFAULT_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/default.json"));

/// A decoding error at `path` (`.` for the top level) saying `problem`.
fn decode_error(path: String, problem: String) -> CatalogError {
    CatalogError {
        path: if path == "." {
            "(top level)".into()
        } else {
            path
        },
        problem,
    }
}

/// Decodes a catalog from JSON text (natively with serde_json, its paths tracked by
/// serde_path_to_error).
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_json(text: &str) -> Result<CatalogDef, CatalogError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de)
        .map_err(|e| decode_error(e.path().to_string(), e.inner().to_string()))
}

/// Decodes a catalog from JSON text (in the browser with `JSON.parse`: no JSON parser in the
/// wasm).
#[cfg(target_arch = "wasm32")]
pub fn decode_json(text: &str) -> Result<CatalogDef, CatalogError> {
    let value = js_sys::JSON::parse(text).map_err(|_| CatalogError {
        path: "(top level)".into(),
        problem: "not valid JSON".into(),
    })?;
    decode_js(value)
}

/// Decodes the `questionnaire` option, a plain JS object (`crate::decode`: every key seen,
/// paths as natively).
#[cfg(target_arch = "wasm32")]
pub fn decode_js(value: wasm_bindgen::JsValue) -> Result<CatalogDef, CatalogError> {
    crate::decode::from_value(value).map_err(|e| decode_error(e.path(), e.problem().to_owned()))
}

fn builtin_def() -> CatalogDef {
    decode_json(DEFAULT_JSON).expect("catalog/default.json decodes (tested natively)")
}

thread_local! {
    static BUILTIN: Rc<Catalog> =
        Rc::new(compile(builtin_def()).expect("catalog/default.json compiles (tested natively)"));
}

/// The built-in catalog.
pub fn builtin() -> Rc<Catalog> {
    BUILTIN.with(Rc::clone)
}

/// The catalog to use given the `questionnaire` option (already decoded, or its decoding
/// error), and the error to report if the option was refused.
pub fn resolve(
    option: Option<Result<CatalogDef, CatalogError>>,
) -> (Rc<Catalog>, Option<CatalogError>) {
    let def = match option {
        None => return (builtin(), None),
        Some(Err(e)) => return (builtin(), Some(e)),
        Some(Ok(def)) => def,
    };
    let def = match def.extends.as_deref() {
        None => def,
        Some("default") => merge(builtin_def(), def),
        Some(other) => {
            let e = CatalogError {
                path: "extends".into(),
                problem: format!("{other:?} cannot be extended; use \"default\" or leave it out"),
            };
            return (builtin(), Some(e));
        }
    };
    match compile(def) {
        Ok(c) => (Rc::new(c), None),
        Err(e) => (builtin(), Some(e)),
    }
}
