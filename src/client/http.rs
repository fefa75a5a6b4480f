//! The fetch glue: one generic request function over the browser's `fetch` and `JSON.parse`
//! (serde-wasm-bindgen decodes the parsed value, so no JSON parser ships in the wasm).

use std::cell::{Cell, RefCell};

use casap_api::{AuthenticateResponse, RpcStatus};
use js_sys::{Function, Promise};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, RequestMode, Response};

use super::{ApiError, Secret, Session};
use crate::config::Credentials;

/// Refresh a session this long before it expires.
const EXPIRY_MARGIN_MS: i64 = 30_000;

/// The API client of one mounted widget. Holds the only copy of the session token.
pub struct Client {
    base: String,
    /// The provider JWT given in the options, if any.
    initial_jwt: Option<Secret>,
    /// Set once the initial JWT was exchanged or refused: later sessions come from the host.
    initial_used: Cell<bool>,
    session: RefCell<Option<Session>>,
    fetch_provider_token: Option<Function>,
}

impl Client {
    pub fn new(
        base: String,
        credentials: Credentials,
        fetch_provider_token: Option<Function>,
    ) -> Self {
        let session = match &credentials {
            Credentials::Session {
                token,
                expires_at_ms,
            } => Some(Session {
                token: token.clone(),
                expires_at_ms: *expires_at_ms,
            }),
            _ => None,
        };
        let initial_jwt = match credentials {
            Credentials::Provider(jwt) => Some(jwt),
            _ => None,
        };
        Self {
            base,
            initial_jwt,
            initial_used: Cell::new(false),
            session: RefCell::new(session),
            fetch_provider_token,
        }
    }

    /// Makes sure a fresh session exists, exchanging a provider JWT when needed.
    pub async fn ensure_session(&self) -> Result<(), ApiError> {
        let now = js_sys::Date::now() as i64;
        if self
            .session
            .borrow()
            .as_ref()
            .is_some_and(|s| s.is_fresh(now, EXPIRY_MARGIN_MS))
        {
            return Ok(());
        }
        // The provider JWT from the options serves until it has been exchanged or refused once;
        // after that the host's callback supplies fresh ones (or, without one, it is tried again).
        let from_host = self.initial_used.get() && self.fetch_provider_token.is_some();
        let jwt = match (&self.initial_jwt, from_host) {
            (Some(jwt), false) => jwt.clone(),
            _ => self.provider_token_from_host().await?,
        };
        let result = self.request("GET", "/v1/authenticate", &jwt).await;
        if matches!(result, Ok(_) | Err(ApiError::Unauthenticated(_))) {
            self.initial_used.set(true);
        }
        let auth: AuthenticateResponse = result?;
        if auth.session_token.is_empty() {
            return Err(ApiError::BadResponse(
                "authenticate returned no session token".into(),
            ));
        }
        let expires = (auth.expires_at != 0).then(|| casap_api::timestamp_millis(auth.expires_at));
        self.session.replace(Some(Session {
            token: Secret::new(auth.session_token),
            expires_at_ms: expires,
        }));
        Ok(())
    }

    async fn provider_token_from_host(&self) -> Result<Secret, ApiError> {
        let f = self
            .fetch_provider_token
            .as_ref()
            .ok_or_else(|| ApiError::NoToken("no fetchProviderToken callback".into()))?;
        let returned = f
            .call0(&JsValue::NULL)
            .map_err(|_| ApiError::NoToken("fetchProviderToken threw".into()))?;
        let value = JsFuture::from(Promise::resolve(&returned))
            .await
            .map_err(|_| ApiError::NoToken("fetchProviderToken rejected".into()))?;
        value
            .as_string()
            .filter(|s| !s.trim().is_empty())
            .map(Secret::new)
            .ok_or_else(|| ApiError::NoToken("fetchProviderToken resolved to no token".into()))
    }

    /// Sends a bodiless request with `token` and decodes a 2xx JSON answer as `T`.
    async fn request<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        token: &Secret,
    ) -> Result<T, ApiError> {
        let init = RequestInit::new();
        init.set_method(method);
        init.set_mode(RequestMode::Cors);
        let headers = Headers::new().map_err(|_| ApiError::Network)?;
        let auth = format!("Bearer {}", token.expose());
        headers
            .set("Authorization", &auth)
            .map_err(|_| ApiError::Network)?;
        headers
            .set("Accept", "application/json")
            .map_err(|_| ApiError::Network)?;
        init.set_headers(&headers);
        let url = format!("{}{path}", self.base);
        let request = Request::new_with_str_and_init(&url, &init).map_err(|_| ApiError::Network)?;
        let window = web_sys::window().ok_or(ApiError::Network)?;
        let response: Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| ApiError::Network)?
            .unchecked_into();
        let status = response.status();
        let body = match response.json() {
            Ok(p) => JsFuture::from(p).await.ok(),
            Err(_) => None,
        };
        if !(200..300).contains(&status) {
            let rpc = body.and_then(|b| serde_wasm_bindgen::from_value::<RpcStatus>(b).ok());
            return Err(ApiError::from_status(status, rpc));
        }
        let body =
            body.ok_or_else(|| ApiError::BadResponse(format!("{path}: body is not JSON")))?;
        serde_wasm_bindgen::from_value(body)
            .map_err(|e| ApiError::BadResponse(format!("{path}: {e}")))
    }
}
