//! The test client: a sandbox in memory, called in-process.

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use base64::Engine as _;
use dispute_sandbox::{Config, Db, IdpConfig, ProviderClaims, SandboxState, app};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

pub const ORG_A: &str = "6f1c2d9e-8a41-4b7e-9c55-2e0d7f3a1b01";
pub const ORG_B: &str = "0b7e4a52-3c19-4f8d-a6e2-91d5c8b7f402";

/// A PNG's first bytes, enough for the type check.
pub const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
];
pub const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn claims(member: &str, org: &str) -> ProviderClaims {
    let idp = IdpConfig::default();
    ProviderClaims {
        iss: idp.issuer,
        sub: member.into(),
        aud: idp.audience,
        exp: now() + 600,
        nbf: Some(now() - 10),
        iat: Some(now()),
        member_id: 42,
        accounts_id: vec![format!("acct-{member}")],
        org_id: org.into(),
        name: Some("Test Member".into()),
        locale: None,
    }
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// An answer: status, headers and the JSON body (`Null` when the body is not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// Asserts the status and, for errors, the google.rpc.Status shape; returns the body.
    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Value {
        assert_eq!(self.status, status, "body: {}", self.body);
        if !status.is_success() {
            assert!(
                self.body["code"].is_i64(),
                "not a google.rpc.Status: {}",
                self.body
            );
            assert!(
                self.body["message"].is_string(),
                "not a google.rpc.Status: {}",
                self.body
            );
        }
        self.body
    }
}

#[derive(Clone)]
pub struct Sandbox {
    pub state: SandboxState,
}

impl Sandbox {
    pub fn new() -> Self {
        Self::with(Config::default())
    }

    pub fn demo() -> Self {
        Self::with(Config {
            demo: true,
            ..Config::default()
        })
    }

    pub fn with(config: Config) -> Self {
        Self::on(config, Db::open(":memory:").unwrap())
    }

    pub fn on(config: Config, db: Db) -> Self {
        Self {
            state: SandboxState::new(config, db).unwrap(),
        }
    }

    pub async fn raw(&self, req: Request<Body>) -> Reply {
        let res = app(self.state.clone()).oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
        }
    }

    /// Calls `method uri` with an optional bearer token and JSON body.
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let body = match body {
            Some(v) => {
                req = req.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.raw(req.body(body).unwrap()).await
    }

    pub async fn get(&self, uri: &str, token: &str) -> Reply {
        self.call(Method::GET, uri, Some(token), None).await
    }

    pub async fn post(&self, uri: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, uri, Some(token), Some(body)).await
    }

    /// A session token for `member` of `org`, through the real authenticate route.
    pub async fn session(&self, member: &str, org: &str) -> String {
        let jwt = IdpConfig::default().mint(&claims(member, org)).unwrap();
        let body = self
            .call(Method::GET, "/v1/authenticate", Some(&jwt), None)
            .await
            .expect(StatusCode::OK);
        body["sessionToken"].as_str().unwrap().to_owned()
    }

    /// Creates a dispute of `txns` for the session's member and returns the dispute.
    pub async fn create(&self, token: &str, org: &str, txns: &[&str]) -> Value {
        let body = self
            .post("/v1/disputes", token, create_body(org, txns))
            .await
            .expect(StatusCode::OK);
        body["dispute"].clone()
    }

    /// Back office: closes a dispute (demo mode only).
    pub async fn close(&self, uuid: &str) -> Value {
        self.call(
            Method::POST,
            &format!("/sandbox/disputes/{uuid}/close"),
            None,
            None,
        )
        .await
        .expect(StatusCode::OK)
    }
}

pub fn transaction(uuid: &str) -> Value {
    json!({
        "uuid": uuid,
        "settledTimestamp": "1708387200",
        "authorizedTimestamp": 1708300800,
        "amount": { "amountInCents": 4599, "currency": "USD" },
        "merchant": "Gadget Galaxy",
        "status": "TRANSACTION_STATUS_SETTLED",
        "type": "TRANSACTION_TYPE_DEBIT_CARD",
        "network": "TRANSACTION_NETWORK_VISA"
    })
}

pub fn create_body(org: &str, txns: &[&str]) -> Value {
    json!({
        "orgUuid": org,
        "transactionDetails": txns.iter().map(|t| transaction(t)).collect::<Vec<_>>(),
        "customer": { "name": "Test Member", "email": "t@example.com" },
        "reason": "DISPUTE_REASON_MERCHANT_ISSUE_GOODS_OR_SERVICES_NOT_RECEIVED",
        "questionnaireAnswers": [
            { "questionId": "merchant_contacted", "question": "Did you contact the merchant?", "answer": "no" },
            { "questionId": "questionnaire_version", "question": "Questionnaire version", "answer": "1" }
        ]
    })
}
