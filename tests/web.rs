//! Browser tests (wasm-bindgen-test in headless Chromium): the widget renders inside an open
//! shadow root, both when it can work and when its options are wrong; evidence files in
//! `web/files.rs`, decoding in `web/decode.rs`, formatting in `web/format.rs`.
#![cfg(target_arch = "wasm32")]

use dispute_intake::mount_widget;
use js_sys::{Array, Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, ShadowRoot, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "web/decode.rs"]
mod decode;
#[path = "web/files.rs"]
mod files;
#[path = "web/format.rs"]
mod format;

/// A fresh host element with an open shadow root and a container inside it.
fn shadow_container() -> (ShadowRoot, Element) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let container = document.create_element("div").unwrap();
    root.append_child(&container).unwrap();
    (root, container)
}

async fn sleep(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Installs the Spanish messages as the loader does with the package's `locale-es.js`.
pub fn spanish() {
    let pack = js_sys::JSON::parse(include_str!("../locales/es.json")).unwrap();
    dispute_intake::install_locale(pack).unwrap();
}

/// Waits (up to 2 s) until the shadow root's text contains `needle`.
async fn wait_for_text(root: &ShadowRoot, needle: &str) -> String {
    for _ in 0..100 {
        let text = root.text_content().unwrap_or_default();
        if text.contains(needle) {
            return text;
        }
        sleep(20).await;
    }
    panic!(
        "{needle:?} never appeared; shadow root holds {:?}",
        root.text_content()
    );
}

/// An emit function that records `[name, detail]` pairs into `log`.
fn recorder(log: &Array) -> Function {
    let f = Function::new_with_args("log", "return (name, detail) => log.push([name, detail])");
    f.call1(&JsValue::NULL, log).unwrap().unchecked_into()
}

/// Waits (up to 1 s) for the first emitted event and returns its name and detail.
async fn first_event(log: &Array) -> (String, JsValue) {
    for _ in 0..50 {
        if log.length() > 0 {
            let event: Array = log.get(0).unchecked_into();
            return (event.get(0).as_string().unwrap_or_default(), event.get(1));
        }
        sleep(20).await;
    }
    panic!("no event was emitted");
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
async fn renders_transactions_inside_a_shadow_root() {
    let (root, container) = shadow_container();
    let log = Array::new();
    let opts = options(
        r#"{"apiBaseUrl":"https://api.example","sessionToken":"sess-test","locale":"en","orgUuid":"org-1",
            "transactions":[
              {"uuid":"t1","merchant":"Gadget <i>Galaxy</i>","settledTimestamp":"1708387200",
               "amount":{"amountInCents":24999,"currency":"USD"},
               "type":"TRANSACTION_TYPE_DEBIT_CARD","status":"TRANSACTION_STATUS_SETTLED"},
              {"uuid":"t2","merchant":"Corner Café","authorizedTimestamp":1708387200000,
               "amount":{"value":845,"currency":"USD"},"type":"TRANSACTION_TYPE_SOMETHING_NEW",
               "status":"TRANSACTION_STATUS_PENDING"}]}"#,
    );
    let mut widget = mount_widget(container, opts, recorder(&log), None, None, "test".into());

    let text = wait_for_text(&root, "Which transactions do you want to dispute?").await;
    assert!(
        text.contains("Gadget <i>Galaxy</i>"),
        "merchant shown as text: {text}"
    );
    assert!(text.contains("$249.99"), "{text}");
    assert!(text.contains("$8.45"), "{text}");
    assert!(text.contains("Pending"), "{text}");
    assert!(
        text.contains("Transaction"),
        "unknown type shown generically: {text}"
    );
    assert!(!text.contains("sess-test"), "token rendered");
    assert_eq!(root.query_selector_all("li").unwrap().length(), 2);
    assert!(
        root.query_selector("i").unwrap().is_none(),
        "markup was interpreted"
    );
    // Nothing leaks out of the shadow root into the page.
    let page = web_sys::window().unwrap().document().unwrap();
    assert!(page.query_selector(".di-transaction").unwrap().is_none());

    // The first step is told first (it is shown as soon as the widget mounts), then `ready`
    // once the session is there (here the host's own).
    assert_eq!(first_event(&log).await.0, "stepchange");
    let mut names = Vec::new();
    for _ in 0..50 {
        names = log
            .iter()
            .map(|e| Array::from(&e).get(0).as_string().unwrap_or_default())
            .collect::<Vec<_>>();
        if names.len() >= 2 {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(names, ["stepchange", "ready"]);
    widget.destroy(None);
    for _ in 0..50 {
        if root.query_selector_all("li").unwrap().length() == 0 {
            return;
        }
        sleep(20).await;
    }
    panic!("destroy() left the list in the shadow root");
}

#[wasm_bindgen_test]
async fn invalid_options_show_a_clear_error_and_emit_it() {
    spanish();
    let (root, container) = shadow_container();
    let log = Array::new();
    let _widget = mount_widget(
        container,
        options(r#"{"apiBaseUrl":"ftp://bank.example","providerToken":"x","locale":"es"}"#),
        recorder(&log),
        None,
        None,
        "test".into(),
    );
    let text = wait_for_text(&root, "no está configurada correctamente").await;
    assert!(
        root.query_selector("[role=alert]").unwrap().is_some(),
        "{text}"
    );
    assert!(
        root.query_selector("button").unwrap().is_none(),
        "no retry for bad options"
    );

    let (name, detail) = first_event(&log).await;
    assert_eq!(name, "error");
    let get = |k: &str| js_sys::Reflect::get(&detail, &k.into()).unwrap();
    assert_eq!(get("code").as_string().as_deref(), Some("invalid_options"));
    assert_eq!(get("recoverable").as_bool(), Some(false));
    let message = get("message").as_string().unwrap();
    assert!(message.contains("apiBaseUrl"), "{message}");
}

#[wasm_bindgen_test]
async fn a_bad_transaction_is_named_by_its_index() {
    let (root, container) = shadow_container();
    let log = Array::new();
    let _widget = mount_widget(
        container,
        options(
            r#"{"apiBaseUrl":"https://api.example","sessionToken":"s","locale":"en","orgUuid":"org-1",
                "transactions":[{"uuid":"ok","merchant":"A"},
                                {"uuid":"bad","amount":"Ana Reyes <ana@example.com>"}]}"#,
        ),
        recorder(&log),
        None,
        None,
        "test".into(),
    );
    wait_for_text(&root, "not set up correctly").await;
    let (_, detail) = first_event(&log).await;
    let message = js_sys::Reflect::get(&detail, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    // The item and the field inside it, and not the value: it could be the member's.
    assert!(
        message.contains("`transactions`")
            && message.contains("transactions[1].amount: invalid type: a string, expected"),
        "{message}"
    );
    assert!(!message.contains("Ana"), "{message}");
}

/// Waits (up to 1 s) for an `error` event with `code` and returns its message.
async fn error_message(log: &Array, code: &str) -> String {
    let field = |detail: &JsValue, name: &str| {
        js_sys::Reflect::get(detail, &name.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    for _ in 0..50 {
        for event in log.iter() {
            let event: Array = event.unchecked_into();
            let detail = event.get(1);
            if event.get(0).as_string().as_deref() == Some("error")
                && field(&detail, "code").as_deref() == Some(code)
            {
                return field(&detail, "message").unwrap_or_default();
            }
        }
        sleep(20).await;
    }
    panic!("no {code} error was emitted");
}

/// A credit union's `questionnaire` is decoded in the browser as strictly as in the tests of
/// the catalog: a misspelt field is refused (not silently ignored, which would drop a rule such
/// as `required`), and every refusal says where the problem is.
#[wasm_bindgen_test]
async fn a_malformed_questionnaire_is_refused_with_where_and_why() {
    let question = |body: &str| {
        format!(
            r#"{{"extends":"default","version":"x","questions":{{"q1":{{"label":{{"en":"a","es":"b"}},{body}}}}}}}"#
        )
    };
    let cases = [
        (r#"{"version": 3}"#.to_owned(), "version", "invalid type"),
        (
            r#"{"version":"x","reasons":[{"reason":"UNAUTH","types":["DEBIT_CARD"],"ask":[7]}]}"#
                .to_owned(),
            "reasons[0].ask[0]",
            "",
        ),
        (
            question(r#""type":"essay""#),
            "questions.q1.type",
            "unknown variant",
        ),
        (
            question(r#""type":"yes_no","requried":true"#),
            "questions.q1.requried",
            "unknown field",
        ),
        (
            question(r#""type":"text","maxLength":2.5"#),
            "questions.q1.maxLength",
            "invalid type",
        ),
        (
            question(
                r#""type":"choice","options":[{"key":"a","label":{"en":"A","es":"A"}},{"key":"b","lable":{"en":"B","es":"B"}}]"#,
            ),
            "questions.q1.options[1].lable",
            "unknown field",
        ),
        (r#""everything""#.to_owned(), "(top level)", "invalid type"),
    ];
    for (questionnaire, path, problem) in cases {
        let (_root, container) = shadow_container();
        let log = Array::new();
        let json = format!(
            r#"{{"apiBaseUrl":"https://api.example","sessionToken":"s","locale":"en","orgUuid":"org-1",
                "transactions":[],"questionnaire":{questionnaire}}}"#
        );
        let mut widget = mount_widget(
            container,
            options(&json),
            recorder(&log),
            None,
            None,
            "test".into(),
        );
        let message = error_message(&log, "invalid_questionnaire").await;
        assert!(
            message.starts_with(&format!("questionnaire: {path}: ")) && message.contains(problem),
            "{questionnaire}: {message}"
        );
        widget.destroy(None);
    }
}
