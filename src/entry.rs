//! The wasm-bindgen surface the JS loader calls: warm, language packs, mount, update, destroy.

use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::{AppHandle, Renderer};

use crate::config::{Config, ConfigError, RawOptions};
use crate::i18n::Locale;
use crate::i18n::custom::{self, Messages};
use crate::intake::Failure;
use crate::ui::{App, AppProps, Host, Setup};

/// One mounted widget, as the loader holds it.
#[wasm_bindgen]
pub struct Widget {
    app: Option<AppHandle<App>>,
    host: Rc<Host>,
    /// The `questionnaire` option as given at mount (`update()` does not change it), resolved
    /// by the filing part (`ui::work`).
    questionnaire: Option<JsValue>,
    /// Where the member's draft is kept, for `destroy({ signOut: true })`.
    draft_key: Option<String>,
}

/// Made-up options for the rehearsal: two transactions, nobody's, and an address that does
/// not resolve (`.invalid`), though the rehearsal never connects.
const REHEARSAL: &str = r#"{"apiBaseUrl":"https://rehearsal.invalid","providerToken":"rehearsal","orgUuid":"rehearsal","persistDraft":false,"transactions":[
{"uuid":"r1","merchant":"Rehearsal","type":"TRANSACTION_TYPE_DEBIT_CARD","status":"TRANSACTION_STATUS_SETTLED","settledTimestamp":"1700000000","amount":{"amountInCents":1234,"currency":"USD"}},
{"uuid":"r2","merchant":"Rehearsal","type":"TRANSACTION_TYPE_ACH","status":"TRANSACTION_STATUS_PENDING","authorizedTimestamp":"1700000000","amount":{"amountInCents":-500,"currency":"USD"}}]}"#;

/// Prepares, before any widget is mounted (`preload()`), what every mount needs and nothing of
/// the member's: the filing part fetched (`ui::parts`), the page language's `Intl`
/// formatters (each costs milliseconds to build, tens on a phone), and the first step rendered
/// once off the page (`ui::rehearse`), so that its code is compiled before a member waits.
#[wasm_bindgen]
pub async fn warm() {
    let Ok(options) = js_sys::JSON::parse(REHEARSAL) else {
        return;
    };
    let silent: Function = Closure::<dyn Fn()>::new(|| {})
        .into_js_value()
        .unchecked_into();
    let host = Rc::new(Host {
        emit: silent,
        fetch_provider_token: None,
        session_id: "rehearsal".into(),
    });
    let setup = setup(&options, host, &None);
    let _ = crate::i18n::format::Formats::of(setup.locale);
    crate::ui::Part::Filing.preload();
    crate::ui::rehearse(setup).await;
}

/// Installs a language pack: the loader imports the package's `locale-es.js` when a member's
/// language needs it, before it mounts or updates a widget in that language. A pack that cannot
/// be read throws, naming what is wrong; the widget then reads English.
#[wasm_bindgen(js_name = installLocale)]
pub fn install_locale(pack: JsValue) -> Result<(), JsError> {
    let def: crate::i18n::pack::PackDef = crate::decode::from_value(pack)
        .map_err(|e| JsError::new(&format!("its language pack cannot be read: {e}")))?;
    let unknown = crate::i18n::pack::install(def).map_err(|e| JsError::new(&e))?;
    if !unknown.is_empty() {
        web_sys::console::warn_1(
            &format!(
                "dispute-intake: its language pack names messages this version does not have: {}",
                unknown.join(", ")
            )
            .into(),
        );
    }
    Ok(())
}

/// Installs the page's photo reducer: the loader's function that imports the package's
/// `photo.js` (called with no arguments, only that: when the documents step shows) and reduces
/// a photo there
/// (`(file, maxSide, quality, decodeWidth, orientation, width, height) => Promise<Blob | null>`).
/// Without it, photos are sent as picked.
#[wasm_bindgen(js_name = installPhotos)]
pub fn install_photos(reducer: Function) {
    crate::ui::photos::install(reducer);
}

/// Renders the widget into `container` (inside the element's shadow root).
///
/// `options` is the plain-data part of the options (the loader takes the callbacks out);
/// `emit(name, detail)` delivers events; `fetch_provider_token` is the host's callback, if any;
/// `early_exchange`, the loader's `fetch` of `/v1/authenticate` with the options' provider JWT,
/// started while the wasm downloaded (the client takes its answer instead of asking again);
/// `session_id`, the loader's random id for this widget (see [`Host::session_id`]).
/// Invalid options never throw: the widget shows a clear error and emits `error`.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    container: Element,
    options: JsValue,
    emit: Function,
    fetch_provider_token: Option<Function>,
    early_exchange: Option<js_sys::Promise>,
    session_id: String,
) -> Widget {
    let host = Rc::new(Host {
        emit,
        fetch_provider_token,
        session_id: session_id.into(),
    });
    let questionnaire = questionnaire(&options);
    let setup = setup(&options, host.clone(), &questionnaire);
    setup.early.replace(early_exchange);
    let draft_key = draft_key(&setup);
    let app = Renderer::<App>::with_root_and_props(container, AppProps { setup }).render();
    Widget {
        app: Some(app),
        host,
        questionnaire,
        draft_key,
    }
}

#[wasm_bindgen]
impl Widget {
    /// Applies a new full set of options (the loader merges partial updates).
    pub fn update(&mut self, options: JsValue) {
        if let Some(app) = self.app.as_mut() {
            let setup = setup(&options, self.host.clone(), &self.questionnaire);
            self.draft_key = draft_key(&setup).or(self.draft_key.take());
            app.update(AppProps { setup });
        }
    }

    /// Unmounts the widget; the session token goes with it. With `sign_out` (the member signed
    /// out), the unsubmitted draft is forgotten too, so nobody else on this device sees it.
    pub fn destroy(&mut self, sign_out: Option<bool>) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        if sign_out == Some(true)
            && let Some(key) = self.draft_key.take()
        {
            crate::ui::forget_draft(&key);
        }
    }
}

/// The `questionnaire` option, kept as given: the filing part decodes it on its own (a bad one
/// is reported, and the built-in catalog used, without failing the other options).
fn questionnaire(options: &JsValue) -> Option<JsValue> {
    options
        .is_object()
        .then(|| Reflect::get(options, &"questionnaire".into()).ok())
        .flatten()
        .filter(|q| !q.is_undefined() && !q.is_null())
}

fn setup(options: &JsValue, host: Rc<Host>, questionnaire: &Option<JsValue>) -> Rc<Setup> {
    let raw = decode(options);
    // The requested language holds even when another option is wrong, so the member reads
    // the error in their language.
    let requested = raw.as_ref().ok().and_then(|r| r.locale.clone());
    let config = raw
        .and_then(|raw| Config::from_raw(raw, host.fetch_provider_token.is_some()))
        .map_err(|e| Failure::from(&e));
    let no_messages = Messages::default();
    let messages = config.as_ref().map_or(&no_messages, |c| &c.messages);
    let locale = (requested.as_deref())
        .and_then(|tag| custom::resolve(tag, messages))
        .or_else(|| page_locale(messages))
        .unwrap_or_default();
    hint_missing(locale);
    Rc::new(Setup {
        config,
        locale,
        host,
        questionnaire: questionnaire.clone(),
        early: Default::default(),
    })
}

fn draft_key(setup: &Setup) -> Option<String> {
    setup.config.as_ref().ok().and_then(crate::ui::draft_key)
}

/// Decodes the options (the questionnaire is decoded on its own, see `survey::load`); an
/// error names where it is, down to the item and field (`transactions[1].amount`).
fn decode(options: &JsValue) -> Result<RawOptions, ConfigError> {
    if !options.is_object() {
        return Err(ConfigError {
            option: "options",
            problem: "expected an object".into(),
        });
    }
    let rest = Object::assign(&Object::new(), options.unchecked_ref());
    let _ = Reflect::delete_property(&rest, &"questionnaire".into());
    crate::decode::from_value(rest.into()).map_err(|e| ConfigError {
        option: if e.path().starts_with("transactions") {
            "transactions"
        } else {
            "options"
        },
        problem: e.to_string(),
    })
}

/// The page's language: `<html lang>`, then the browser's (the credit union's own languages
/// among them).
fn page_locale(messages: &Messages) -> Option<Locale> {
    let window = web_sys::window()?;
    let from_html = window
        .document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|l| custom::resolve(&l, messages));
    from_html.or_else(|| {
        window
            .navigator()
            .language()
            .and_then(|l| custom::resolve(&l, messages))
    })
}

thread_local! {
    /// The wordings whose missing messages the console was told of (once per page each).
    static HINTED: std::cell::RefCell<Vec<Locale>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Names, once, the messages a credit union's own language lacks (they read in English).
fn hint_missing(locale: Locale) {
    let missing = custom::missing(locale);
    let first = HINTED.with(|h| {
        let mut h = h.borrow_mut();
        let first = !h.contains(&locale);
        if first {
            h.push(locale);
        }
        first
    });
    if first && !missing.is_empty() {
        web_sys::console::warn_1(
            &format!(
                "dispute-intake: messages.{} lacks {} messages, which read in English: {}",
                crate::i18n::custom::language(locale.tag()).unwrap_or_default(),
                missing.len(),
                missing.join(", ")
            )
            .into(),
        );
    }
}
