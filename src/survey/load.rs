//! Where catalogs come from: the built-in `catalog/default.json`, compiled once, and a credit
//! union's `questionnaire` option, merged onto it or replacing it. A bad override never stops
//! the widget: the built-in catalog is used and the error says what to fix.

use std::rc::Rc;

use super::Catalog;
use super::schema::{CatalogDef, CatalogError, compile, merge};

/// The default catalog (`catalog/default.json`, minified by build.rs), shipped in the wasm.
const DEFAULT_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/default.json"));

fn path_error<E: std::fmt::Display>(e: serde_path_to_error::Error<E>) -> CatalogError {
    let path = e.path().to_string();
    CatalogError {
        path: if path == "." {
            "(top level)".into()
        } else {
            path
        },
        problem: e.inner().to_string(),
    }
}

/// Decodes a catalog from JSON text (natively with serde_json).
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_json(text: &str) -> Result<CatalogDef, CatalogError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(path_error)
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

/// Decodes the `questionnaire` option, a plain JS object.
#[cfg(target_arch = "wasm32")]
pub fn decode_js(value: wasm_bindgen::JsValue) -> Result<CatalogDef, CatalogError> {
    serde_path_to_error::deserialize(serde_wasm_bindgen::Deserializer::from(value))
        .map_err(path_error)
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
