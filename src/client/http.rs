//! The fetch glue: one generic request function over the browser's `fetch` and `JSON.parse`
//! (serde-wasm-bindgen decodes the parsed value, so no JSON parser ships in the wasm).

use std::cell::{Cell, RefCell};

use casap_api::{
    AuthenticateResponse, CreateDisputeRequest, DisputeResponse, DisputeSummary,
    ListDisputesResponse, RpcStatus,
};
use js_sys::{Array, Function, Promise};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, File, FileReader, Headers, Request, RequestInit, RequestMode, Response,
};

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
        let result = self.request("GET", "/v1/authenticate", &jwt, None).await;
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

    /// Sends a request with `token` (and a JSON body) and decodes a 2xx JSON answer as `T`.
    async fn request<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        token: &Secret,
        body: Option<&JsValue>,
    ) -> Result<T, ApiError> {
        let init = RequestInit::new();
        init.set_method(method);
        init.set_mode(RequestMode::Cors);
        if let Some(body) = body {
            init.set_body(body);
        }
        let headers = Headers::new().map_err(|_| ApiError::Network)?;
        let auth = format!("Bearer {}", token.expose());
        headers
            .set("Authorization", &auth)
            .map_err(|_| ApiError::Network)?;
        headers
            .set("Accept", "application/json")
            .map_err(|_| ApiError::Network)?;
        if body.is_some() {
            headers
                .set("Content-Type", "application/json")
                .map_err(|_| ApiError::Network)?;
        }
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

impl Client {
    /// A request with the session, renewing it once on 401 when the host can supply a token.
    async fn authed<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<&JsValue>,
    ) -> Result<T, ApiError> {
        self.ensure_session().await?;
        let token = self.session_token()?;
        match self.request(method, path, &token, body).await {
            Err(ApiError::Unauthenticated(_)) if self.fetch_provider_token.is_some() => {
                self.session.replace(None);
                self.initial_used.set(true);
                self.ensure_session().await?;
                let token = self.session_token()?;
                self.request(method, path, &token, body).await
            }
            other => other,
        }
    }

    fn session_token(&self) -> Result<Secret, ApiError> {
        self.session
            .borrow()
            .as_ref()
            .map(|s| s.token.clone())
            .ok_or_else(|| ApiError::NoToken("no session".into()))
    }

    /// `POST /v1/disputes`.
    pub async fn create_dispute(
        &self,
        req: &CreateDisputeRequest,
    ) -> Result<DisputeSummary, ApiError> {
        let body = to_json(req)?;
        let r: DisputeResponse = self.authed("POST", "/v1/disputes", Some(&body)).await?;
        if r.dispute.uuid.is_empty() {
            return Err(ApiError::BadResponse("create returned no dispute".into()));
        }
        Ok(r.dispute)
    }

    /// `GET /v1/disputes?page=&size=`.
    pub async fn list_disputes(
        &self,
        page: u32,
        size: u32,
    ) -> Result<ListDisputesResponse, ApiError> {
        self.authed(
            "GET",
            &format!("/v1/disputes?page={page}&size={size}"),
            None,
        )
        .await
    }

    /// `POST /v1/disputes/{uuid}/files`. The body is assembled as a Blob from the browser's own
    /// base64 of the file: the file's bytes and their base64 never enter wasm memory.
    pub async fn upload_file(&self, dispute_uuid: &str, file: &File) -> Result<(), ApiError> {
        let data_url = read_data_url(file).await?;
        let base64 = data_url
            .find(',')
            .map(|i| JsValue::from_str(&data_url[i + 1..]))
            .ok_or_else(|| ApiError::BadResponse("the file could not be read".into()))?;
        let stringify = |s: &str| {
            js_sys::JSON::stringify(&JsValue::from_str(s))
                .map(JsValue::from)
                .unwrap_or(JsValue::NULL)
        };
        let parts = Array::new();
        parts.push(&JsValue::from_str("{\"fileContent\":\""));
        parts.push(&base64);
        parts.push(&JsValue::from_str("\",\"filename\":"));
        parts.push(&stringify(&file.name()));
        parts.push(&JsValue::from_str(",\"contentType\":"));
        parts.push(&stringify(&file.type_()));
        parts.push(&JsValue::from_str("}"));
        let bag = BlobPropertyBag::new();
        bag.set_type("application/json");
        let blob = Blob::new_with_str_sequence_and_options(&parts, &bag)
            .map_err(|_| ApiError::BadResponse("the upload could not be prepared".into()))?;
        let path = format!("/v1/disputes/{}/files", encode_segment(dispute_uuid));
        let _: serde::de::IgnoredAny = self.authed("POST", &path, Some(&blob.into())).await?;
        Ok(())
    }
}

/// JSON text of a request through the browser's `JSON.stringify`.
fn to_json<T: Serialize>(value: &T) -> Result<JsValue, ApiError> {
    let js = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| ApiError::BadResponse(format!("request encoding: {e}")))?;
    js_sys::JSON::stringify(&js)
        .map(JsValue::from)
        .map_err(|_| ApiError::BadResponse("request encoding failed".into()))
}

/// A path segment with anything outside `[A-Za-z0-9-_.]` percent-encoded.
fn encode_segment(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// Reads a file as a `data:` URL (the browser does the base64).
async fn read_data_url(file: &File) -> Result<String, ApiError> {
    let reader = FileReader::new().map_err(|_| ApiError::BadResponse("no FileReader".into()))?;
    let done = Promise::new(&mut |resolve, reject| {
        reader.set_onload(Some(&resolve));
        reader.set_onerror(Some(&reject));
    });
    reader
        .read_as_data_url(file)
        .map_err(|_| ApiError::BadResponse("the file could not be read".into()))?;
    JsFuture::from(done)
        .await
        .map_err(|_| ApiError::BadResponse("the file could not be read".into()))?;
    reader
        .result()
        .ok()
        .and_then(|r| r.as_string())
        .ok_or_else(|| ApiError::BadResponse("the file could not be read".into()))
}
