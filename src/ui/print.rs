//! Printing the member's copy ("Save or print a copy", which is also how a phone saves a PDF):
//! the copy is rendered into its own element at the end of `<body>` (in a shadow root, with the
//! widget's styles), a print-only rule hides everything else on the page (and the widget, marked
//! while its copy is printed, hides itself), and the browser's print is opened. Nothing is built from HTML text, so the page's Trusted Types policy has
//! nothing to refuse; the rule is a constructed stylesheet, which `style-src` does not govern.
//! After printing (`afterprint`), when the next copy is printed, or when the widget goes, the
//! element and the rule are removed.

use std::cell::RefCell;

use js_sys::{Array, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

use super::record::{Record, RecordProps};

/// The attribute marking the copy's element (the page's print rule keeps only it).
const MARK: &str = "data-dispute-intake-print";
/// The attribute marking the widget printed from, while its copy is printed: the widget's own
/// `:host` rule would otherwise keep it on paper (`styles.js`).
const PRINTING_FROM: &str = "data-dispute-intake-printing";

/// On paper only the copy; on screen never the copy.
const PAGE_RULE: &str = "@media print{body>:not([data-dispute-intake-print]){display:none!important}}\
     @media screen{body>[data-dispute-intake-print]{display:none!important}}";

struct Printing {
    app: AppHandle<Record>,
    element: Element,
    /// The widget's element, marked while its copy is printed.
    from: Option<Element>,
    /// The page rule: a constructed stylesheet in `document.adoptedStyleSheets`, or (where the
    /// browser has none) a `<style>` element.
    rule: JsValue,
    after: Closure<dyn FnMut()>,
}

thread_local! {
    static PRINTING: RefCell<Option<Printing>> = const { RefCell::new(None) };
}

/// A "Save or print a copy" button's click: prints `record` with the styles of the widget the
/// button is in.
pub fn on_print(record: RecordProps) -> yew::Callback<web_sys::MouseEvent> {
    yew::Callback::from(move |e: web_sys::MouseEvent| {
        if let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
            print(record.clone(), &el);
        }
    })
}

/// Prints `record`; `from` is an element of the widget, whose styles the copy takes.
pub fn print(record: RecordProps, from: &Element) {
    clean();
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some((document, body)) = window.document().and_then(|d| Some((d.clone(), d.body()?)))
    else {
        return;
    };
    let Ok(element) = document.create_element("div") else {
        return;
    };
    let _ = element.set_attribute(MARK, "");
    let Ok(root) = element.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)) else {
        return;
    };
    copy_styles(from, &root);
    let Ok(mount) = document.create_element("div") else {
        return;
    };
    let _ = root.append_child(&mount);
    let _ = body.append_child(&element);
    let app = yew::Renderer::<Record>::with_root_and_props(mount, record).render();
    let rule = page_rule(&document);
    let from = from
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .map(|r| r.host());
    if let Some(host) = &from {
        let _ = host.set_attribute(PRINTING_FROM, "");
    }
    let after = Closure::<dyn FnMut()>::new(clean);
    let _ = window.add_event_listener_with_callback("afterprint", after.as_ref().unchecked_ref());
    PRINTING.with(|p| {
        p.replace(Some(Printing {
            app,
            element,
            from,
            rule,
            after,
        }))
    });
    // The renderer runs in a microtask: print once the copy is on the page.
    wasm_bindgen_futures::spawn_local(async move {
        let _ =
            wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL)).await;
        let _ = window.print();
    });
}

/// Removes the copy and the page rule, if they are there.
pub fn clean() {
    let Some(p) = PRINTING.with(|p| p.borrow_mut().take()) else {
        return;
    };
    if let Some(window) = web_sys::window() {
        let _ = window
            .remove_event_listener_with_callback("afterprint", p.after.as_ref().unchecked_ref());
        if let Some(document) = window.document() {
            remove_rule(&document, &p.rule);
        }
    }
    p.app.destroy();
    p.element.remove();
    if let Some(host) = &p.from {
        let _ = host.remove_attribute(PRINTING_FROM);
    }
}

/// The widget's stylesheets, adopted by the copy's shadow root too (or its `<style>`, cloned).
fn copy_styles(from: &Element, root: &web_sys::ShadowRoot) {
    let source = from.get_root_node();
    let key = JsValue::from_str("adoptedStyleSheets");
    if let Ok(sheets) = Reflect::get(&source, &key)
        && sheets.is_object()
    {
        let _ = Reflect::set(root, &key, &Array::from(&sheets));
    }
    if let Ok(Some(style)) = source
        .unchecked_ref::<web_sys::DocumentFragment>()
        .query_selector("style")
        && let Ok(copy) = style.clone_node_with_deep(true)
    {
        let _ = root.append_child(&copy);
    }
}

fn page_rule(document: &web_sys::Document) -> JsValue {
    let key = JsValue::from_str("adoptedStyleSheets");
    if let (Ok(sheets), Ok(sheet)) = (Reflect::get(document, &key), web_sys::CssStyleSheet::new())
        && Array::is_array(&sheets)
        && sheet.replace_sync(PAGE_RULE).is_ok()
    {
        let list = Array::from(&sheets);
        list.push(&sheet);
        let _ = Reflect::set(document, &key, &list);
        return sheet.into();
    }
    // No constructed stylesheets (Safari before 16.4): a <style>, which a policy without
    // 'unsafe-inline' refuses; the whole page then prints.
    match document.create_element("style") {
        Ok(style) => {
            style.set_text_content(Some(PAGE_RULE));
            if let Some(head) = document.head() {
                let _ = head.append_child(&style);
            }
            style.into()
        }
        Err(_) => JsValue::NULL,
    }
}

fn remove_rule(document: &web_sys::Document, rule: &JsValue) {
    if let Some(style) = rule.dyn_ref::<Element>() {
        style.remove();
        return;
    }
    let key = JsValue::from_str("adoptedStyleSheets");
    if let Ok(sheets) = Reflect::get(document, &key)
        && Array::is_array(&sheets)
    {
        let kept: Array = Array::from(&sheets).iter().filter(|s| s != rule).collect();
        let _ = Reflect::set(document, &key, &kept);
    }
}
