//! `gateway.toml`: one file, every key checked at start. Unknown keys and missing secrets stop
//! the gateway with the key named; secrets come from the environment or files
//! ([`SecretRef`]), never from the file itself. `gateway.sample.toml` documents every key.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use dispute_server::sql::ConnectOptions;

use crate::secret::{Secret, SecretRef};

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub server: RawServer,
    pub member_auth: RawMemberAuth,
    pub backend: RawBackend,
    pub links: RawLinks,
    pub staff: RawStaff,
    #[serde(default)]
    pub log: RawLog,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLog {
    /// `text` (the default: a terminal's) or `json` (one object a line, for a log platform).
    pub format: Option<String>,
    /// A filter as `RUST_LOG` takes it (`info` unless set; `RUST_LOG` wins when set).
    pub level: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServer {
    /// `HOST:PORT` to listen on (port 0 picks one).
    pub addr: String,
    /// The gateway's public origin: evidence links and the staff case page start with it.
    pub public_url: String,
    /// The SQLite file (`:memory:` for a throwaway), or a PostgreSQL URL
    /// (`postgres://user@host:5432/db`) for several instances on one database. `--db` on the
    /// command line overrides it.
    pub database: String,
    /// PostgreSQL: the password (kept out of the URL, which is logged redacted but may be seen
    /// in a process list).
    pub database_password: Option<SecretRef>,
    /// PostgreSQL: connections of each instance (requests and the outbox worker run their
    /// transactions side by side). SQLite always has one.
    #[serde(default = "default_database_connections")]
    pub database_connections: u32,
    /// PostgreSQL: `disable` (the default: loopback or a private network) or `verify-full`
    /// (encrypted; the certificate checked against `database_ca_file` and the URL's host).
    pub database_tls: Option<String>,
    /// PostgreSQL with `database_tls = "verify-full"`: the CA's certificate (PEM).
    pub database_ca_file: Option<PathBuf>,
    /// With `database_tls = "verify-full"`, for a server that asks for a client certificate
    /// (`pg_hba.conf` `cert`): the gateway's certificate and its private key (PEM files).
    pub database_cert_file: Option<PathBuf>,
    pub database_key_file: Option<PathBuf>,
    /// PostgreSQL: how long a statement may wait for its answer before the request is answered
    /// 503 UNAVAILABLE and the connection is made again (milliseconds; migrations are exempt).
    #[serde(default = "default_database_timeout_ms")]
    pub database_timeout_ms: u64,
    /// On SIGTERM: how long the gateway keeps serving, unready, before it stops accepting
    /// connections (for a load balancer to notice; milliseconds).
    #[serde(default)]
    pub drain_delay_ms: u64,
    /// On SIGTERM: how long requests in flight have to finish once it stops accepting; those
    /// still running then are answered 503 UNAVAILABLE (milliseconds).
    #[serde(default = "default_shutdown_timeout_ms")]
    pub shutdown_timeout_ms: u64,
    /// Online-banking origins allowed to call the member API from a browser.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    #[serde(default = "default_session_ttl")]
    pub session_ttl_secs: u64,
    #[serde(default = "default_member_rate")]
    pub member_requests_per_minute: u32,
    #[serde(default = "default_max_file")]
    pub max_file_bytes: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMemberAuth {
    /// The credit union's organisation UUID: tokens for any other `orgId` are refused.
    pub org_id: String,
    pub issuer: String,
    pub audience: String,
    /// `RS256`, `ES256`, or `HS256` (only with `allow_hs256_for_development`).
    pub algorithm: String,
    pub jwks_url: Option<String>,
    pub public_key_pem: Option<PathBuf>,
    pub hs256_secret: Option<SecretRef>,
    #[serde(default)]
    pub allow_hs256_for_development: bool,
    /// An unknown `kid` refreshes the JWKS at most this often (milliseconds).
    #[serde(default = "default_jwks_refresh_ms")]
    pub jwks_min_refresh_ms: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBackend {
    /// `casap-server` (Casap's server API) or `decisionly` (Decisionly's issuer cases).
    pub kind: String,
    /// The API's origin.
    pub url: String,
    pub api_key: SecretRef,
    /// casap-server: `x-api-secret`.
    pub api_secret: Option<SecretRef>,
    /// casap-server: `x-user-uuid`, the Casap user the gateway files as (the notes' author).
    pub user_uuid: Option<String>,
    /// casap-server: `x-org-uuid` and `orgUUID`.
    pub org_uuid: Option<String>,
    /// decisionly: where cases are `PUT` (`{cases_path}/{case_id}`).
    pub cases_path: Option<String>,
    /// decisionly: a CSV of card facts by transaction (`decisionly/enrichment.rs`).
    pub enrichment_csv: Option<PathBuf>,
    /// decisionly: the credit union's core, asked `GET {enrichment_url}/{transaction uuid}`
    /// for the card facts the CSV and the host's data do not give.
    pub enrichment_url: Option<String>,
    /// decisionly: how often open cases are read back (milliseconds, jittered by a fifth).
    pub poll_interval_ms: Option<u64>,
    /// decisionly: where documents are uploaded (the document names the endpoint, not its path).
    pub files_path: Option<String>,
    /// Requests a window per API key (Casap's server API: 5 a minute).
    #[serde(default = "default_backend_rate")]
    pub requests_per_window: u32,
    /// The window, in milliseconds (60,000; shorter only for tests).
    #[serde(default = "default_window_ms")]
    pub window_ms: u64,
    /// Longest wait between retries of a failing send, in milliseconds.
    #[serde(default = "default_max_backoff_ms")]
    pub max_backoff_ms: u64,
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    /// How long an instance holds an outbox entry it is sending before another instance may
    /// take it over (milliseconds; longer than `timeout_ms`).
    #[serde(default = "default_lease_ms")]
    pub lease_ms: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLinks {
    /// The HMAC key evidence links are signed with (at least 32 bytes).
    pub signing_key: SecretRef,
    #[serde(default = "default_link_days")]
    pub ttl_days: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStaff {
    pub username: String,
    pub password: SecretRef,
}

fn default_session_ttl() -> u64 {
    900
}
fn default_member_rate() -> u32 {
    300
}
fn default_max_file() -> u64 {
    dispute_server::DEFAULT_MAX_FILE_BYTES
}
fn default_backend_rate() -> u32 {
    5
}
fn default_window_ms() -> u64 {
    60_000
}
fn default_max_backoff_ms() -> u64 {
    300_000
}
fn default_timeout_ms() -> u64 {
    30_000
}
fn default_database_connections() -> u32 {
    8
}
fn default_database_timeout_ms() -> u64 {
    15_000
}
fn default_shutdown_timeout_ms() -> u64 {
    20_000
}
fn default_lease_ms() -> u64 {
    60_000
}
fn default_jwks_refresh_ms() -> u64 {
    30_000
}
fn default_link_days() -> u64 {
    120
}

/// How member tokens are verified.
#[derive(Debug, Clone)]
pub enum KeySource {
    Jwks(String),
    Pem(PathBuf),
    Hs256(Secret),
}

/// The configured signing algorithm (never taken from a token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    Rs256,
    Es256,
    Hs256,
}

#[derive(Debug, Clone)]
pub struct MemberAuth {
    pub org_id: String,
    pub issuer: String,
    pub audience: String,
    pub alg: Alg,
    pub keys: KeySource,
    pub jwks_min_refresh: Duration,
}

/// Which back end, with what only it needs.
#[derive(Debug, Clone)]
pub enum BackendKind {
    CasapServer {
        api_secret: Secret,
        user_uuid: String,
        org_uuid: String,
    },
    Decisionly {
        cases_path: String,
        enrichment: crate::decisionly::enrichment::Table,
        enrichment_url: Option<String>,
        poll_interval: Duration,
        files_path: String,
    },
}

#[derive(Debug, Clone)]
pub struct Backend {
    pub url: String,
    pub api_key: Secret,
    pub kind: BackendKind,
    pub requests_per_window: u32,
    pub window: Duration,
    pub max_backoff: Duration,
    pub timeout: Duration,
    pub lease: Duration,
}

impl RawServer {
    /// How to reach the database beyond its URL: the password, TLS. Errors name the key.
    pub fn connect_options(
        &self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<ConnectOptions, String> {
        let password = self
            .database_password
            .as_ref()
            .map(|p| p.resolve("server.database_password", env))
            .transpose()?;
        let postgres = dispute_server::sql::is_postgres(&self.database);
        if postgres && self.database.contains("sslmode=") {
            return Err("server.database: sslmode in the URL is not read; set \
                        server.database_tls (disable or verify-full)"
                .into());
        }
        let client = match (&self.database_cert_file, &self.database_key_file) {
            (None, None) => None,
            _ if self.database_tls.as_deref() != Some("verify-full") => {
                return Err("server.database_cert_file: only read with database_tls = \
                            \"verify-full\""
                    .into());
            }
            (Some(cert_file), Some(key_file)) => Some(dispute_server::ClientCert {
                cert_file,
                key_file,
            }),
            _ => {
                return Err(
                    "server.database_cert_file and database_key_file: both or neither".into(),
                );
            }
        };
        let tls = match (self.database_tls.as_deref(), &self.database_ca_file) {
            (None | Some("disable"), None) => None,
            (None | Some("disable"), Some(_)) => {
                return Err("server.database_ca_file: only read with database_tls = \
                            \"verify-full\""
                    .into());
            }
            (Some("verify-full"), _) if !postgres => {
                return Err("server.database_tls: only for a PostgreSQL database".into());
            }
            (Some("verify-full"), None) => {
                return Err(
                    "server.database_ca_file: required with database_tls = \"verify-full\"".into(),
                );
            }
            (Some("verify-full"), Some(ca)) => {
                let tls = dispute_server::PgTls::from_ca_file(ca)
                    .map_err(|e| format!("server.database_ca_file: {e}"))?;
                Some(match client {
                    None => tls,
                    Some(client) => tls.with_client_cert(client).map_err(|e| {
                        format!("server.database_cert_file / database_key_file: {e}")
                    })?,
                })
            }
            (Some(other), _) => {
                return Err(format!(
                    "server.database_tls: {other:?} is not disable or verify-full"
                ));
            }
        };
        if self.database_timeout_ms == 0 {
            return Err("server.database_timeout_ms: must be more than 0".into());
        }
        Ok(ConnectOptions {
            password: password.map(|p| p.expose().to_owned()),
            tls,
            timeout: Some(Duration::from_millis(self.database_timeout_ms)),
        })
    }
}

/// How the gateway logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogConfig {
    pub json: bool,
    /// The filter (`RUST_LOG`'s syntax).
    pub level: String,
}

impl RawLog {
    pub fn check(&self) -> Result<LogConfig, String> {
        let json = match self.format.as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => return Err(format!("log.format: {other:?} is not text or json")),
        };
        Ok(LogConfig {
            json,
            level: self.level.clone().unwrap_or_else(|| "info".into()),
        })
    }
}

/// The whole configuration, secrets read.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    pub addr: String,
    pub public_url: String,
    pub database: String,
    /// The password (shown as `***` by Debug) and TLS.
    pub database_options: ConnectOptions,
    pub database_connections: u32,
    pub drain_delay: Duration,
    pub shutdown_timeout: Duration,
    pub log: LogConfig,
    pub server: dispute_server::ServerConfig,
    pub member_auth: MemberAuth,
    pub backend: Backend,
    pub link_key: Secret,
    pub link_ttl: Duration,
    pub staff_username: String,
    pub staff_password: Secret,
}

impl GatewayConfig {
    /// Parses and checks `text`; `env` reads environment variables. Every error names the key.
    pub fn parse(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Self, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        let RawConfig {
            server,
            member_auth: auth,
            backend,
            links,
            staff,
            log,
        } = raw;
        let alg = match auth.algorithm.as_str() {
            "RS256" => Alg::Rs256,
            "ES256" => Alg::Es256,
            "HS256" if auth.allow_hs256_for_development => Alg::Hs256,
            "HS256" => {
                return Err(
                    "member_auth.algorithm: HS256 shares the provider's secret with the \
                            gateway; it is allowed only with allow_hs256_for_development = true"
                        .into(),
                );
            }
            other => {
                return Err(format!(
                    "member_auth.algorithm: {other:?} is not RS256, ES256 or HS256"
                ));
            }
        };
        let keys = match (alg, auth.jwks_url, auth.public_key_pem, auth.hs256_secret) {
            (Alg::Hs256, None, None, Some(s)) => {
                KeySource::Hs256(s.resolve("member_auth.hs256_secret", env)?)
            }
            (Alg::Hs256, ..) => {
                return Err(
                    "member_auth.hs256_secret: HS256 takes the secret only (no jwks_url \
                            or public_key_pem)"
                        .into(),
                );
            }
            (_, Some(url), None, None) => KeySource::Jwks(url),
            (_, None, Some(path), None) => KeySource::Pem(path),
            _ => {
                return Err(
                    "member_auth: give exactly one of jwks_url or public_key_pem for RS256/ES256"
                        .into(),
                );
            }
        };
        require("member_auth.org_id", &auth.org_id)?;
        require("member_auth.issuer", &auth.issuer)?;
        require("member_auth.audience", &auth.audience)?;
        require("backend.url", &backend.url)?;
        let kind = backend_kind(&backend, env)?;
        if backend.requests_per_window == 0 {
            return Err("backend.requests_per_window: must be at least 1".into());
        }
        if backend.window_ms == 0 {
            return Err("backend.window_ms: must be at least 1".into());
        }
        if backend.lease_ms <= backend.timeout_ms {
            return Err(format!(
                "backend.lease_ms: must be longer than timeout_ms ({}): a send still waiting \
                 for its answer would be taken over and sent twice",
                backend.timeout_ms
            ));
        }
        if !(1..=100).contains(&server.database_connections) {
            return Err("server.database_connections: from 1 to 100".into());
        }
        let database_options = server.connect_options(env)?;
        let log = log.check()?;
        let link_key = links.signing_key.resolve("links.signing_key", env)?;
        if link_key.expose().len() < 32 {
            return Err("links.signing_key: must be at least 32 bytes".into());
        }
        require("server.public_url", &server.public_url)?;
        require("staff.username", &staff.username)?;
        Ok(Self {
            addr: server.addr,
            public_url: server.public_url.trim_end_matches('/').to_owned(),
            database: server.database,
            database_options,
            database_connections: server.database_connections,
            drain_delay: Duration::from_millis(server.drain_delay_ms),
            shutdown_timeout: Duration::from_millis(server.shutdown_timeout_ms),
            log,
            server: dispute_server::ServerConfig {
                session_ttl: Duration::from_secs(server.session_ttl_secs),
                allowed_origins: server.allowed_origins,
                rate_limit: server.member_requests_per_minute,
                max_file_bytes: server.max_file_bytes,
            },
            member_auth: MemberAuth {
                org_id: auth.org_id,
                issuer: auth.issuer,
                audience: auth.audience,
                alg,
                keys,
                jwks_min_refresh: Duration::from_millis(auth.jwks_min_refresh_ms),
            },
            backend: Backend {
                url: backend.url.trim_end_matches('/').to_owned(),
                api_key: backend.api_key.resolve("backend.api_key", env)?,
                kind,
                requests_per_window: backend.requests_per_window,
                window: Duration::from_millis(backend.window_ms),
                max_backoff: Duration::from_millis(backend.max_backoff_ms.max(1)),
                timeout: Duration::from_millis(backend.timeout_ms.max(1)),
                lease: Duration::from_millis(backend.lease_ms),
            },
            link_key,
            link_ttl: Duration::from_secs(links.ttl_days * 86_400),
            staff_username: staff.username,
            staff_password: staff.password.resolve("staff.password", env)?,
        })
    }
}

/// The back end's own keys: those of its kind required, the other kind's refused.
fn backend_kind(
    b: &RawBackend,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<BackendKind, String> {
    let given = |key: &str, set: bool| -> Result<(), String> {
        if set {
            Err(format!(
                "backend.{key}: not a key of backend.kind = {:?}",
                b.kind
            ))
        } else {
            Ok(())
        }
    };
    match b.kind.as_str() {
        "casap-server" => {
            given("cases_path", b.cases_path.is_some())?;
            given("enrichment_csv", b.enrichment_csv.is_some())?;
            given("enrichment_url", b.enrichment_url.is_some())?;
            given("poll_interval_ms", b.poll_interval_ms.is_some())?;
            given("files_path", b.files_path.is_some())?;
            let needed = |key: &str, v: &Option<String>| {
                v.clone()
                    .filter(|v| !v.trim().is_empty())
                    .ok_or_else(|| format!("backend.{key}: required for casap-server"))
            };
            Ok(BackendKind::CasapServer {
                api_secret: b
                    .api_secret
                    .as_ref()
                    .ok_or("backend.api_secret: required for casap-server")?
                    .resolve("backend.api_secret", env)?,
                user_uuid: needed("user_uuid", &b.user_uuid)?,
                org_uuid: needed("org_uuid", &b.org_uuid)?,
            })
        }
        "decisionly" => {
            given("api_secret", b.api_secret.is_some())?;
            given("user_uuid", b.user_uuid.is_some())?;
            given("org_uuid", b.org_uuid.is_some())?;
            let enrichment = match &b.enrichment_csv {
                None => crate::decisionly::enrichment::Table::default(),
                Some(path) => {
                    let text = std::fs::read_to_string(path).map_err(|e| {
                        format!(
                            "backend.enrichment_csv: cannot read {}: {e}",
                            path.display()
                        )
                    })?;
                    crate::decisionly::enrichment::Table::from_csv(&text)
                        .map_err(|e| format!("backend.enrichment_csv: {}: {e}", path.display()))?
                }
            };
            Ok(BackendKind::Decisionly {
                cases_path: b
                    .cases_path
                    .clone()
                    .unwrap_or_else(|| "/v2/issuer/cases".into())
                    .trim_end_matches('/')
                    .to_owned(),
                enrichment,
                enrichment_url: b
                    .enrichment_url
                    .as_ref()
                    .map(|u| u.trim_end_matches('/').to_owned()),
                poll_interval: Duration::from_millis(b.poll_interval_ms.unwrap_or(300_000).max(10)),
                files_path: b
                    .files_path
                    .clone()
                    .unwrap_or_else(|| "/v2/files".into())
                    .trim_end_matches('/')
                    .to_owned(),
            })
        }
        other => Err(format!(
            "backend.kind: {other:?} is not a known back end (casap-server, decisionly)"
        )),
    }
}

fn require(key: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        Err(format!("{key}: must not be empty"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../gateway.sample.toml");

    fn env(name: &str) -> Option<String> {
        match name {
            "CASAP_API_KEY" => Some("key".into()),
            "CASAP_API_SECRET" => Some("secret".into()),
            "GATEWAY_LINK_KEY" => Some("0123456789abcdef0123456789abcdef".into()),
            "GATEWAY_STAFF_PASSWORD" => Some("staff-password".into()),
            _ => None,
        }
    }

    #[test]
    fn the_sample_parses_with_its_secrets_set() {
        let c = GatewayConfig::parse(SAMPLE, &env).unwrap();
        assert_eq!(c.member_auth.alg, Alg::Rs256);
        assert_eq!(c.backend.requests_per_window, 5);
        assert_eq!(c.backend.window, Duration::from_secs(60));
        let BackendKind::CasapServer { api_secret, .. } = &c.backend.kind else {
            panic!("casap-server")
        };
        assert_eq!(api_secret.expose(), "secret");
        // Nothing secret in the configuration's debug print (what a log would show).
        let printed = format!("{c:?}");
        for secret in ["secret", "0123456789abcdef", "staff-password"] {
            assert!(
                !printed.contains(&format!("\"{secret}")),
                "{secret} in {printed}"
            );
        }
    }

    #[test]
    fn a_lease_shorter_than_a_send_is_refused_and_postgres_takes_its_password() {
        let short = SAMPLE.replace("lease_ms = 60000", "lease_ms = 30000");
        let e = GatewayConfig::parse(&short, &env).unwrap_err();
        assert!(
            e.starts_with("backend.lease_ms: must be longer than timeout_ms"),
            "{e}"
        );
        let pg = SAMPLE
            .replace("# database = \"postgres", "database = \"postgres")
            .replace("# database_password", "database_password")
            .replace(
                "database = \"/var/lib/dispute-gateway/gateway.sqlite\"\n",
                "",
            );
        let env_pw = |n: &str| match n {
            "GATEWAY_DB_PASSWORD" => Some("pw-from-env".to_owned()),
            other => env(other),
        };
        let c = GatewayConfig::parse(&pg, &env_pw).unwrap();
        assert_eq!(
            c.database,
            "postgres://dispute_gateway@db.internal:5432/disputes"
        );
        assert_eq!(c.database_options.password.as_deref(), Some("pw-from-env"));
        assert!(
            !format!("{c:?}").contains("pw-from-env"),
            "the password in the configuration's debug print"
        );
        assert_eq!(c.database_connections, 8);
        assert_eq!(c.backend.lease, Duration::from_secs(60));
    }

    #[test]
    fn an_unknown_key_is_refused_by_name() {
        let text = SAMPLE.replace("[staff]", "[staff]\npasword = 1");
        let e = GatewayConfig::parse(&text, &env).unwrap_err();
        assert!(e.contains("unknown field `pasword`"), "{e}");
    }

    #[test]
    fn a_missing_secret_is_refused_by_key() {
        let e = GatewayConfig::parse(SAMPLE, &|n| env(n).filter(|_| n != "CASAP_API_SECRET"))
            .unwrap_err();
        assert_eq!(
            e,
            "backend.api_secret: the environment variable CASAP_API_SECRET is not set"
        );
    }

    #[test]
    fn each_back_end_takes_its_own_keys() {
        let d = SAMPLE.replace("kind = \"casap-server\"", "kind = \"decisionly\"");
        let e = GatewayConfig::parse(&d, &env).unwrap_err();
        assert_eq!(
            e,
            "backend.api_secret: not a key of backend.kind = \"decisionly\""
        );
        let start = d.find("api_secret").unwrap();
        let end = d.find("requests_per_window").unwrap();
        let d = format!(
            "{}cases_path = \"/v2/issuer/cases\"\n{}",
            &d[..start],
            &d[end..]
        );
        let c = GatewayConfig::parse(&d, &env).unwrap();
        assert!(matches!(c.backend.kind, BackendKind::Decisionly { .. }));
        let casap = SAMPLE.replace("[backend]", "[backend]\ncases_path = \"/x\"");
        assert!(
            GatewayConfig::parse(&casap, &env)
                .unwrap_err()
                .contains("backend.cases_path")
        );
    }

    #[test]
    fn database_tls_and_log_settings_are_checked_by_key() {
        let c = GatewayConfig::parse(SAMPLE, &env).unwrap();
        assert!(c.database_options.tls.is_none());
        assert_eq!(
            c.log,
            LogConfig {
                json: true,
                level: "info".into()
            }
        );
        assert_eq!(c.shutdown_timeout, Duration::from_secs(20));
        assert_eq!(
            c.database_options.timeout,
            Some(Duration::from_secs(15)),
            "statements wait 15 s unless told"
        );
        let pg = SAMPLE.replace(
            "database = \"/var/lib/dispute-gateway/gateway.sqlite\"",
            "database = \"postgres://gw@db.internal/disputes\"",
        );
        let with = |base: &str, lines: &str| {
            GatewayConfig::parse(
                &base.replace("[server]\n", &format!("[server]\n{lines}\n")),
                &env,
            )
            .unwrap_err()
        };
        assert_eq!(
            with(&pg, "database_tls = \"verify-full\""),
            "server.database_ca_file: required with database_tls = \"verify-full\""
        );
        assert_eq!(
            with(&pg, "database_tls = \"require\""),
            "server.database_tls: \"require\" is not disable or verify-full"
        );
        assert!(
            with(&pg, "database_ca_file = \"/ca.pem\"")
                .starts_with("server.database_ca_file: only")
        );
        assert_eq!(
            with(
                SAMPLE,
                "database_tls = \"verify-full\"\ndatabase_ca_file = \"/ca.pem\""
            ),
            "server.database_tls: only for a PostgreSQL database"
        );
        assert_eq!(
            with(
                &pg,
                "database_cert_file = \"/gw.crt\"\ndatabase_key_file = \"/gw.key\""
            ),
            "server.database_cert_file: only read with database_tls = \"verify-full\""
        );
        let ca = std::env::temp_dir().join(format!("gw-config-ca-{}.pem", std::process::id()));
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let key = rcgen::KeyPair::generate().unwrap();
        std::fs::write(&ca, params.self_signed(&key).unwrap().pem()).unwrap();
        let verify = format!(
            "database_tls = \"verify-full\"\ndatabase_ca_file = \"{}\"",
            ca.display()
        );
        assert_eq!(
            with(&pg, &format!("{verify}\ndatabase_cert_file = \"/gw.crt\"")),
            "server.database_cert_file and database_key_file: both or neither"
        );
        let missing = with(
            &pg,
            &format!("{verify}\ndatabase_cert_file = \"/gw.crt\"\ndatabase_key_file = \"/k\""),
        );
        assert!(
            missing
                .starts_with("server.database_cert_file / database_key_file: cannot read /gw.crt"),
            "{missing}"
        );
        std::fs::remove_file(&ca).unwrap();
        assert_eq!(
            with(&pg, "database_timeout_ms = 0"),
            "server.database_timeout_ms: must be more than 0"
        );
        let in_url = pg.replace("/disputes\"", "/disputes?sslmode=require\"");
        assert!(
            GatewayConfig::parse(&in_url, &env)
                .unwrap_err()
                .starts_with("server.database: sslmode in the URL is not read")
        );
        let bad_log = SAMPLE.replace("format = \"json\"", "format = \"xml\"");
        assert_eq!(
            GatewayConfig::parse(&bad_log, &env).unwrap_err(),
            "log.format: \"xml\" is not text or json"
        );
    }

    #[test]
    fn hs256_needs_the_development_flag() {
        let text = SAMPLE.replace("algorithm = \"RS256\"", "algorithm = \"HS256\"");
        let e = GatewayConfig::parse(&text, &env).unwrap_err();
        assert!(e.contains("allow_hs256_for_development"), "{e}");
        let none = SAMPLE.replace("algorithm = \"RS256\"", "algorithm = \"none\"");
        assert!(
            GatewayConfig::parse(&none, &env)
                .unwrap_err()
                .contains("\"none\"")
        );
    }
}
