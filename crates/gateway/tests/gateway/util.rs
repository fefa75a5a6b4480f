//! The harness: a test identity provider (RS256 and ES256 keys from `tests/keys/`, its JWKS
//! switchable for rotation, fetches counted), the sandbox's fake of Casap's server API on a
//! real socket, and gateways configured from TOML text, in-process or as a child process.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use dispute_gateway::{Gateway, GatewayConfig};
use dispute_sandbox::casap_server::{Fake, FakeConfig, Received};
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use tokio::sync::watch;

pub const ORG: &str = "6f1c2d9e-8a41-4b7e-9c55-2e0d7f3a1b01";
pub const OTHER_ORG: &str = "0b7e4a52-3c19-4f8d-a6e2-91d5c8b7f402";
pub const ISSUER: &str = "https://idp.test.dispute-intake";
pub const AUDIENCE: &str = "casap-dispute-api";
pub const API_KEY: &str = "test-api-key";
pub const API_SECRET: &str = "test-api-secret";
pub const STAFF: (&str, &str) = ("ops", "staff-password-for-tests");
pub const LINK_KEY: &str = "test-link-key-0123456789abcdef0123456789";

pub fn key_path(name: &str) -> String {
    format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))
}

pub fn key(name: &str) -> Vec<u8> {
    std::fs::read(key_path(name)).unwrap()
}

pub fn now() -> i64 {
    dispute_server::now_ms() / 1000
}

/// Serves `router` on a free loopback port.
pub async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

/// What the test identity provider publishes, and how often it was asked.
type IdpState = (Arc<Mutex<Vec<Jwk>>>, Arc<AtomicUsize>);

/// The test identity provider.
pub struct Idp {
    pub url: String,
    keys: Arc<Mutex<Vec<Jwk>>>,
    pub fetches: Arc<AtomicUsize>,
}

pub fn jwk(private: &str, alg: Algorithm, kid: &str) -> Jwk {
    let pem = key(private);
    let enc = match alg {
        Algorithm::ES256 => EncodingKey::from_ec_pem(&pem).unwrap(),
        _ => EncodingKey::from_rsa_pem(&pem).unwrap(),
    };
    let mut j = Jwk::from_encoding_key(&enc, alg).unwrap();
    j.common.key_id = Some(kid.into());
    j
}

impl Idp {
    pub async fn start(keys: Vec<Jwk>) -> Self {
        let keys = Arc::new(Mutex::new(keys));
        let fetches = Arc::new(AtomicUsize::new(0));
        let state = (keys.clone(), fetches.clone());
        let router = Router::new()
            .route(
                "/jwks.json",
                get(|State((k, n)): State<IdpState>| async move {
                    n.fetch_add(1, Ordering::SeqCst);
                    axum::Json(JwkSet {
                        keys: k.lock().unwrap().clone(),
                    })
                }),
            )
            .with_state(state);
        let addr = serve(router).await;
        Self {
            url: format!("http://{addr}/jwks.json"),
            keys,
            fetches,
        }
    }

    /// Rotation: the provider now publishes `keys`.
    pub fn publish(&self, keys: Vec<Jwk>) {
        *self.keys.lock().unwrap() = keys;
    }
}

/// Claims of a member of `org`.
pub fn claims(member: &str, org: &str) -> Value {
    json!({
        "iss": ISSUER, "sub": member, "aud": AUDIENCE,
        "exp": now() + 600, "nbf": now() - 5, "iat": now(),
        "memberId": 7, "accountsId": [format!("acct-{member}")], "orgId": org,
        "name": "Test Member"
    })
}

/// Signs `claims` with a private key file under `kid`.
pub fn mint(private: &str, alg: Algorithm, kid: Option<&str>, claims: &Value) -> String {
    let pem = key(private);
    let enc = match alg {
        Algorithm::ES256 => EncodingKey::from_ec_pem(&pem).unwrap(),
        Algorithm::HS256 => EncodingKey::from_secret(&pem),
        _ => EncodingKey::from_rsa_pem(&pem).unwrap(),
    };
    let mut h = Header::new(alg);
    h.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(&h, claims, &enc).unwrap()
}

/// The fake back end on a real socket.
pub struct Backend {
    pub url: String,
    pub fake: Arc<Fake>,
}

impl Backend {
    pub async fn start(limit: u32, window: Duration) -> Self {
        let fake = Arc::new(Fake::new(FakeConfig {
            api_key: API_KEY.into(),
            api_secret: API_SECRET.into(),
            limit,
            window,
        }));
        let addr = serve(dispute_sandbox::casap_server::routes(fake.clone())).await;
        Self {
            url: format!("http://{addr}"),
            fake,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.fake.received()
    }

    pub fn created(&self) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.outcome == "created")
            .collect()
    }
}

/// Settings of a test gateway.
#[derive(Clone)]
pub struct Setup<'a> {
    pub database: &'a str,
    /// `server.member_requests_per_minute`.
    pub member_rate: u32,
    pub auth: String,
    pub backend_url: &'a str,
    pub secret: &'a str,
    pub rate: u32,
    pub window_ms: u64,
    pub addr: &'a str,
    /// Replaces the `[backend]` keys after `url` (kind-specific keys), e.g. Decisionly's.
    pub backend: Option<String>,
    /// More `[server]` keys (`key = value` lines).
    pub server: String,
    /// More sections, after the others (`[log]`).
    pub more: String,
}

impl<'a> Setup<'a> {
    pub fn new(database: &'a str, backend_url: &'a str, jwks_url: &str) -> Self {
        Self {
            database,
            member_rate: 300,
            auth: format!(
                "algorithm = \"RS256\"\njwks_url = \"{jwks_url}\"\njwks_min_refresh_ms = 0"
            ),
            backend_url,
            secret: API_SECRET,
            rate: 100,
            window_ms: 1000,
            addr: "127.0.0.1:0",
            backend: None,
            server: String::new(),
            more: String::new(),
        }
    }

    pub fn toml(&self, public_url: &str) -> String {
        format!(
            r#"
[server]
addr = "{addr}"
public_url = "{public_url}"
database = "{db}"
allowed_origins = ["http://127.0.0.1"]
member_requests_per_minute = {member_rate}
{server}
[member_auth]
org_id = "{ORG}"
issuer = "{ISSUER}"
audience = "{AUDIENCE}"
{auth}
[backend]
url = "{backend}"
api_key = {{ env = "T_API_KEY" }}
{kind}
requests_per_window = {rate}
window_ms = {window}
max_backoff_ms = 1000
timeout_ms = 5000
lease_ms = 6000
[links]
signing_key = {{ env = "T_LINK_KEY" }}
[staff]
username = "{user}"
password = {{ env = "T_STAFF" }}
{more}
"#,
            addr = self.addr,
            member_rate = self.member_rate,
            db = crate::pg::store(self.database),
            auth = self.auth,
            backend = self.backend_url,
            rate = self.rate,
            kind = self.backend.clone().unwrap_or_else(|| {
                "kind = \"casap-server\"\napi_secret = { env = \"T_API_SECRET\" }\n\
                 user_uuid = \"70720526-3cb5-418e-9f9d-a1d07a056061\"\n\
                 org_uuid = \"76851218-a1e8-418e-9151-8c2d61709521\""
                    .to_owned()
            }),
            window = self.window_ms,
            user = STAFF.0,
            server = self.server,
            more = self.more,
        )
    }

    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("T_API_KEY", API_KEY.into()),
            ("T_API_SECRET", self.secret.into()),
            ("T_LINK_KEY", LINK_KEY.into()),
            ("T_STAFF", STAFF.1.into()),
        ]
    }

    /// A gateway in this process, serving and forwarding.
    pub async fn start(&self) -> Running {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let url = format!("http://{addr}");
        let env = self.env();
        let config = GatewayConfig::parse(&self.toml(&url), &|n| {
            env.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone())
        })
        .unwrap();
        let gw = Gateway::open(config).unwrap();
        let (stop, rx) = watch::channel(false);
        let worker = gw.spawn_worker(rx);
        let router = gw.router();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Running {
            url,
            stop,
            worker: Some(worker),
        }
    }
}

pub struct Running {
    pub url: String,
    stop: watch::Sender<bool>,
    worker: Option<tokio::task::JoinHandle<()>>,
}

impl Running {
    /// A gateway running elsewhere (a child process), by its URL.
    pub fn at(url: String) -> Self {
        Self {
            url,
            stop: watch::channel(false).0,
            worker: None,
        }
    }

    /// Stops the worker (the HTTP side keeps answering until the test ends).
    pub async fn stop_worker(&mut self) {
        let _ = self.stop.send(true);
        if let Some(w) = self.worker.take() {
            w.await.unwrap();
        }
    }
}

pub fn http() -> reqwest::Client {
    reqwest::Client::new()
}

/// A session token for `member` of `org` signed with rsa1.
pub async fn session(gw: &str, member: &str, org: &str) -> String {
    let jwt = mint(
        "rsa1.pem",
        Algorithm::RS256,
        Some("rs-1"),
        &claims(member, org),
    );
    let r = http()
        .get(format!("{gw}/v1/authenticate"))
        .bearer_auth(jwt)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    r.json::<Value>().await.unwrap()["sessionToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A card transaction.
pub fn card(uuid: &str, merchant: &str, cents: i64) -> Value {
    json!({
        "uuid": uuid, "merchant": merchant,
        "amount": { "amountInCents": cents, "currency": "USD" },
        "settledTimestamp": "1764322791000", "authorizedTimestamp": "1764236391000",
        "status": "TRANSACTION_STATUS_SETTLED", "type": "TRANSACTION_TYPE_DEBIT_CARD",
        "network": "TRANSACTION_NETWORK_VISA"
    })
}

/// Files a dispute of `transactions`; the dispute's JSON.
pub async fn file(gw: &str, token: &str, member: &str, transactions: Vec<Value>) -> Value {
    let r = try_file(gw, token, member, transactions).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    r.json::<Value>().await.unwrap()["dispute"].clone()
}

/// Files a dispute of `transactions`; the answer, whatever it is.
pub async fn try_file(
    gw: &str,
    token: &str,
    member: &str,
    transactions: Vec<Value>,
) -> reqwest::Response {
    let body = json!({
        "orgUuid": ORG,
        "transactionDetails": transactions,
        "customer": { "uuid": member, "name": "Ana Reyes", "email": "ana@example.org", "accountUuid": "acct-1" },
        "reason": "DISPUTE_REASON_UNAUTH",
        "questionnaireAnswers": [
            { "questionId": "card_status", "question": "Where is your card now?", "answer": "I have it" },
            { "questionId": "member_explanation", "question": "In your own words, what went wrong?", "answer": "Not mine: <b>I was at home</b>." },
            { "questionId": "attest_signature", "question": "Signature", "answer": "Ana Reyes" }
        ]
    });
    http()
        .post(format!("{gw}/v1/disputes"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Waits (polling) until `done` holds, at most `secs` seconds.
pub async fn until(secs: u64, what: &str, mut done: impl FnMut() -> bool) {
    let end = tokio::time::Instant::now() + Duration::from_secs(secs);
    while !done() {
        assert!(
            tokio::time::Instant::now() < end,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `GET` with the staff's credentials.
pub async fn staff_get(gw: &str, path: &str) -> reqwest::Response {
    http()
        .get(format!("{gw}{path}"))
        .basic_auth(STAFF.0, Some(STAFF.1))
        .send()
        .await
        .unwrap()
}

/// `GET` with a session token; the JSON answer.
pub async fn get_json(url: &str, token: &str) -> Value {
    http()
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A loopback address nothing listens on now (for a child process's `server.addr`).
pub fn free_addr() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().to_string()
}

/// Uploads `bytes` as `name` (a PDF) to a dispute; asserts 200.
pub async fn upload_pdf(gw: &str, token: &str, uuid: &str, name: &str, bytes: &[u8]) {
    use base64::Engine as _;
    let r = http()
        .post(format!("{gw}/v1/disputes/{uuid}/files"))
        .bearer_auth(token)
        .json(&json!({
            "fileContent": base64::engine::general_purpose::STANDARD.encode(bytes),
            "filename": name, "contentType": "application/pdf"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}
