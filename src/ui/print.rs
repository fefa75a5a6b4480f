//! Printing the member's copy ("Save or print a copy", which is also how a phone saves a PDF):
//! the copy is rendered (a portal of the widget's own tree) into its own element at the end of
//! `<body>`, in a shadow root with the widget's styles; a print-only rule hides everything else
//! on the page (and the widget, marked while its copy is printed, hides itself: its `:host`
//! rule would otherwise win); then the browser's print is opened. Nothing is built from HTML
//! text, so the page's Trusted Types policy has nothing to refuse; the rule is a constructed
//! stylesheet, which `style-src` does not govern. After printing (`afterprint`), or when the
//! view goes, the element, the rule and the mark are removed.

use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRootInit, ShadowRootMode};
use yew::prelude::*;

use super::record::{Record, RecordProps};

/// The attribute marking the copy's element (the page's print rule keeps only it).
const MARK: &str = "data-dispute-intake-print";
/// The attribute marking the widget printed from, while its copy is printed (`styles.js`).
const PRINTING_FROM: &str = "data-dispute-intake-printing";

/// On paper only the copy; on screen never the copy.
const PAGE_RULE: &str = "@media print{body>:not([data-dispute-intake-print]){display:none!important}}\
     @media screen{body>[data-dispute-intake-print]{display:none!important}}";

/// A copy being printed: what was added to the page for it.
struct Printing {
    element: Element,
    /// Where the copy is rendered, inside the element's shadow root.
    target: Element,
    /// The widget's element, marked while its copy is printed.
    from: Option<Element>,
    /// The page rule: a constructed stylesheet in `document.adoptedStyleSheets`, or (where the
    /// browser has none) a `<style>` element.
    rule: JsValue,
}

/// The same copy: the same element.
impl PartialEq for Printing {
    fn eq(&self, other: &Self) -> bool {
        self.element == other.element
    }
}

impl Drop for Printing {
    fn drop(&mut self) {
        self.element.remove();
        if let Some(host) = &self.from {
            let _ = host.remove_attribute(PRINTING_FROM);
        }
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            remove_rule(&document, &self.rule);
        }
    }
}

/// A view's "Save or print a copy": `start` is the button's click; `copy` renders the copy
/// while it is printed.
pub struct Printer {
    printing: Option<Rc<Printing>>,
    pub start: Callback<MouseEvent>,
}

impl Printer {
    /// The copy, while it is printed (built only then).
    pub fn copy(&self, record: impl FnOnce() -> RecordProps) -> Html {
        match &self.printing {
            Some(p) => create_portal(html! { <Record ..record() /> }, p.target.clone()),
            None => Html::default(),
        }
    }
}

#[hook]
pub fn use_printer() -> Printer {
    let printing = use_state(|| None::<Rc<Printing>>);
    // Once the copy is on the page: print; `afterprint` takes it away.
    {
        let setter = printing.setter();
        use_effect_with((*printing).clone(), move |now| {
            let window = web_sys::window();
            let after = Closure::<dyn FnMut()>::new(move || setter.set(None));
            if let (Some(w), Some(_)) = (&window, now) {
                let _ = w
                    .add_event_listener_with_callback("afterprint", after.as_ref().unchecked_ref());
                let _ = w.print();
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback(
                        "afterprint",
                        after.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    let start = {
        let printing = printing.clone();
        Callback::from(move |e: MouseEvent| {
            let from = e.target().and_then(|t| t.dyn_into::<Element>().ok());
            // The last copy goes first (its Drop), so a second press prints afresh.
            printing.set(None);
            printing.set(from.and_then(|f| prepare(&f)).map(Rc::new));
        })
    };
    Printer {
        printing: (*printing).clone(),
        start,
    }
}

/// Adds the copy's element and the page rule, and marks the widget `from` is in.
fn prepare(from: &Element) -> Option<Printing> {
    let document = web_sys::window()?.document()?;
    let element = document.create_element("div").ok()?;
    let _ = element.set_attribute(MARK, "");
    let root = element
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .ok()?;
    copy_styles(from, &root);
    let target = document.create_element("div").ok()?;
    root.append_child(&target).ok()?;
    document.body()?.append_child(&element).ok()?;
    let from = (from.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok()).map(|r| r.host());
    if let Some(host) = &from {
        let _ = host.set_attribute(PRINTING_FROM, "");
    }
    Some(Printing {
        element,
        target,
        from,
        rule: page_rule(&document),
    })
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
