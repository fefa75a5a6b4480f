//! Photos reduced on the device before they are attached: the browser half of
//! [`crate::intake::photo`]. The loader installs a function ([`install`]) that imports the
//! package's `photo.js`, which [`prepare`] has it do when the documents step shows (so none of
//! it is in the first screen's bytes); this module reads the photo's header, asks that function for a JPEG at the
//! configured long side, and keeps the result only when it is smaller. Where no function is
//! installed (the wasm used without the loader) or the engine cannot decode the photo, the file
//! is attached as picked: reduction never costs a member a file.

use std::cell::RefCell;

use casap_api::files::FileKind;
use js_sys::{Array, Function};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::intake::photo::{self, HEADER_BYTES, QUALITY};

thread_local! {
    /// `(file, maxSide, quality, decodeWidth, orientation, width, height) => Promise<Blob | null>`.
    static REDUCER: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Installs the page's photo reducer (the loader's, once per page).
pub fn install(reducer: Function) {
    REDUCER.with(|r| *r.borrow_mut() = Some(reducer));
}

/// Fetches the reducer's module ahead of the first photo (called with no arguments, the
/// loader's function only imports it): on a phone's network that is a round trip the member
/// would otherwise wait for on their first photo.
pub fn prepare() {
    if let Some(reducer) = REDUCER.with(|r| r.borrow().clone()) {
        // A module that cannot come now is imported again with the first photo.
        if let Ok(promise) = reducer.call0(&JsValue::NULL)
            && let Ok(promise) = promise.dyn_into::<js_sys::Promise>()
        {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    }
}

/// The photo (of `kind`, as [`crate::intake::FileRules::photo_to_reduce`] chose it) reduced to
/// `max_side` as a JPEG `File` named after it, when that is smaller than `file`; `None` to send
/// `file` as it is (no reducer installed, not decodable here, or not smaller).
pub async fn reduce(file: &web_sys::File, kind: FileKind, max_side: u32) -> Option<web_sys::File> {
    let size = file.size() as u64;
    let reducer = REDUCER.with(|r| r.borrow().clone())?;
    let header = photo::header(kind, &super::files::first_bytes(file, HEADER_BYTES).await);
    let decode_width = header.and_then(|h| photo::decode_width(&h, max_side));
    let number = |n: Option<u32>| n.map_or(JsValue::UNDEFINED, JsValue::from);
    let args: Array = [
        JsValue::from(file),
        JsValue::from(max_side),
        JsValue::from(QUALITY),
        number(decode_width),
        number(header.map(|h| u32::from(h.orientation))),
        number(header.map(|h| h.width)),
        number(header.map(|h| h.height)),
    ]
    .into_iter()
    .collect();
    let promise: js_sys::Promise = reducer.apply(&JsValue::NULL, &args).ok()?.dyn_into().ok()?;
    let blob: web_sys::Blob = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    if !photo::keep_reduced(size, blob.size() as u64) {
        return None;
    }
    let bag = web_sys::FilePropertyBag::new();
    bag.set_type("image/jpeg");
    bag.set_last_modified(file.last_modified());
    web_sys::File::new_with_blob_sequence_and_options(
        &std::iter::once(blob).collect::<Array>(),
        &photo::reduced_name(&file.name()),
        &bag,
    )
    .ok()
}
