//! Sessions: whether the one held is fresh, renewing it (one renewal for many waiting
//! requests; a failed renewal lets a session that has not ended serve on), a provider token
//! from the host, credentials adopted from `update()`, and a 401 handled once.

use std::future::Future;

use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::http::{Client, decoded};
use super::{ApiError, Credentials, Secret, Session, SessionPhase, device_expiry_ms};
use casap_api::AuthenticateResponse;

impl Client {
    /// `look(session, now)` on the current session, if there is one.
    pub(super) fn session_now<R>(&self, look: impl FnOnce(&Session, i64) -> R) -> Option<R> {
        let now = js_sys::Date::now() as i64;
        self.session.borrow().as_ref().map(|s| look(s, now))
    }

    pub(super) fn fresh(&self) -> bool {
        self.session_now(Session::is_fresh).unwrap_or(false)
    }

    pub(super) fn alive(&self) -> bool {
        self.session_now(Session::is_alive).unwrap_or(false)
    }

    /// Where the session stands now; `None` before there is one.
    pub fn session_phase(&self) -> Option<SessionPhase> {
        self.session_now(Session::phase)
    }

    /// When the session ends (Unix ms), if it does.
    pub fn session_ends_at_ms(&self) -> Option<i64> {
        self.session.borrow().as_ref().and_then(|s| s.expires_at_ms)
    }

    /// Whether the widget can get a new session by itself (from the host's callback, or the
    /// provider JWT of the options); otherwise only the host's `update()` can extend it.
    pub fn renews_by_itself(&self) -> bool {
        self.fetch_provider_token.is_some() || self.initial_jwt.borrow().is_some()
    }

    /// Makes sure a usable session exists, exchanging a provider JWT when renewal is due.
    /// Requests that find a renewal under way wait for it: many requests meeting an expired
    /// session cause one renewal. A renewal that fails while the session has not yet ended
    /// does not stop the request: the session still serves until it ends.
    pub async fn ensure_session(&self) -> Result<(), ApiError> {
        match self.renewed(false).await {
            Err(_) if self.alive() => Ok(()),
            other => other,
        }
    }

    /// Renews the session now, fresh or not (the member asked to stay signed in).
    pub async fn renew_now(&self) -> Result<(), ApiError> {
        self.renewed(true).await
    }

    /// Takes over credentials the host passed to `update()`: a session token replaces the
    /// session at once; a provider JWT is what the next renewal exchanges. The member's work
    /// goes on with them, nothing is reloaded.
    pub fn adopt(&self, credentials: &Credentials) {
        match credentials {
            Credentials::Session {
                token,
                expires_at_ms,
            } => {
                let now = js_sys::Date::now() as i64;
                let offset = self.clock_offset_ms.get();
                self.session.replace(Some(Session {
                    token: token.clone(),
                    expires_at_ms: expires_at_ms.and_then(|e| device_expiry_ms(e, offset, now)),
                    obtained_at_ms: now,
                }));
            }
            Credentials::Provider(jwt) => {
                // The loader's early exchange was of the JWT the widget was mounted with.
                if self.initial_jwt.borrow().as_ref() != Some(jwt) {
                    self.early.take();
                }
                self.initial_jwt.replace(Some(jwt.clone()));
                self.initial_used.set(false);
            }
            Credentials::FromHost => {}
        }
    }

    /// Renews when due (or at once when `force`), sharing a renewal under way.
    pub(super) async fn renewed(&self, mut force: bool) -> Result<(), ApiError> {
        while force || !self.fresh() {
            if !self.renewing.get() {
                self.renewing.set(true);
                let result = self.renew().await;
                self.last_renewal.replace(Some(result.clone()));
                self.renewals.set(self.renewals.get() + 1);
                self.renewing.set(false);
                return result;
            }
            // Another renewal is under way: its outcome is ours.
            force = false;
            let seen = self.renewals.get();
            while self.renewing.get() && self.renewals.get() == seen {
                self.wait(20).await?;
            }
            if let Some(Err(e)) = self.last_renewal.borrow().as_ref() {
                return Err(e.clone());
            }
        }
        Ok(())
    }

    /// Exchanges a provider JWT for a new session.
    pub(super) async fn renew(&self) -> Result<(), ApiError> {
        // The provider JWT from the options serves until it has been exchanged or refused once;
        // after that the host's callback supplies fresh ones (or, without one, it is tried again).
        let from_host = self.initial_used.get() && self.fetch_provider_token.is_some();
        let initial = self.initial_jwt.borrow().clone();
        let (jwt, early) = match (initial, from_host) {
            (Some(jwt), false) => (jwt, self.early.take()),
            _ => (self.provider_token_from_host().await?, None),
        };
        let obtained_at_ms = js_sys::Date::now() as i64;
        const PATH: &str = "/v1/authenticate";
        let answer = match early.map(JsFuture::from) {
            // The loader's exchange of this same JWT, sent while the wasm downloaded.
            Some(sent) => match sent.await {
                Ok(response) => {
                    // It carried X-Request-Id: the origin takes it.
                    self.answered(true);
                    self.answer(PATH, response.unchecked_into()).await
                }
                // It did not get through: ask again, as a retry would.
                Err(_) => self.request("GET", PATH, jwt, None).await,
            },
            None => self.request("GET", PATH, jwt, None).await,
        };
        let result = answer.and_then(|json| decoded::<AuthenticateResponse>(PATH, json));
        if matches!(result, Ok(_) | Err(ApiError::Unauthenticated(_))) {
            self.initial_used.set(true);
        }
        let auth = result?;
        if auth.session_token.is_empty() {
            return Err(ApiError::BadResponse(
                "authenticate returned no session token".into(),
            ));
        }
        // The end is the server's time: on this device it is where the server's clock says.
        let received = js_sys::Date::now() as i64;
        let expires = (auth.expires_at != 0)
            .then(|| casap_api::timestamp_millis(auth.expires_at))
            .and_then(|e| device_expiry_ms(e, self.clock_offset_ms.get(), received));
        self.session.replace(Some(Session {
            token: Secret::new(auth.session_token),
            expires_at_ms: expires,
            obtained_at_ms,
        }));
        Ok(())
    }

    /// Sends with the session; on 401 (when the host can supply a new provider token) drops
    /// the refused session, renews once, and sends again. A 401 for a session already replaced
    /// by another request's renewal just sends again with the new one.
    pub(super) async fn with_session<T, F, Fut>(&self, send: F) -> Result<T, ApiError>
    where
        F: Fn(Secret) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        self.ensure_session().await?;
        let token = self.session_token()?;
        match send(token.clone()).await {
            Err(ApiError::Unauthenticated(_)) if self.fetch_provider_token.is_some() => {
                let refused = self
                    .session
                    .borrow()
                    .as_ref()
                    .is_some_and(|s| s.token == token);
                if refused {
                    self.session.replace(None);
                }
                self.initial_used.set(true);
                self.ensure_session().await?;
                send(self.session_token()?).await
            }
            other => other,
        }
    }

    pub(super) async fn provider_token_from_host(&self) -> Result<Secret, ApiError> {
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

    pub(super) fn session_token(&self) -> Result<Secret, ApiError> {
        self.session
            .borrow()
            .as_ref()
            .map(|s| s.token.clone())
            .ok_or_else(|| ApiError::NoToken("no session".into()))
    }
}
