//! Integration tests of the sandbox, in-process through `app()` and `oneshot`, plus one over a
//! real socket.
//!
//! - authenticate: the provider-JWT rejection matrix and the session it hands out
//! - demo: the `/sandbox/` helper routes and that they exist only in demo mode
//! - errors: unknown routes answer in the google.rpc.Status shape

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dispute_sandbox::{AppState, Config, Db, IdpConfig, ProviderClaims, app};
use http_body_util::BodyExt;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::Value;
use tower::ServiceExt;

fn state(demo: bool) -> AppState {
    let config = Config {
        demo,
        ..Config::default()
    };
    AppState::new(config, Db::open(":memory:").unwrap()).unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn claims() -> ProviderClaims {
    let idp = IdpConfig::default();
    ProviderClaims {
        iss: idp.issuer,
        sub: "mbr-ana".into(),
        aud: idp.audience,
        exp: now() + 600,
        nbf: Some(now() - 10),
        iat: Some(now()),
        member_id: 100_231,
        accounts_id: vec!["acct-mbr-ana".into()],
        org_id: "6f1c2d9e-8a41-4b7e-9c55-2e0d7f3a1b01".into(),
        name: Some("Ana Reyes".into()),
        locale: None,
    }
}

async fn get(state: &AppState, uri: &str, bearer: Option<&str>) -> (StatusCode, Value) {
    let mut req = Request::get(uri);
    if let Some(t) = bearer {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let res = app(state.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, body)
}

/// Asserts a 401 in the google.rpc.Status shape that names no secret.
async fn check_rejected(token: &str, why: &str) {
    let (status, body) = get(&state(false), "/v1/authenticate", Some(token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{why}: {body}");
    assert_eq!(body["code"], 16, "{why}");
    assert!(body["message"].as_str().unwrap().contains("token"), "{why}");
    assert!(!body.to_string().contains(token), "{why}: echoes the token");
}

fn sign(claims: &ProviderClaims, alg: Algorithm, secret: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret)).unwrap()
}

mod authenticate {
    use super::*;

    #[tokio::test]
    async fn valid_provider_token_gets_an_expiring_session() {
        let s = state(false);
        let jwt = IdpConfig::default().mint(&claims()).unwrap();
        let (status, body) = get(&s, "/v1/authenticate", Some(&jwt)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let token = body["sessionToken"].as_str().unwrap();
        assert!(token.len() >= 32);
        let expires: i64 = body["expiresAt"].as_str().unwrap().parse().unwrap();
        let in_ms = expires - now() * 1000;
        assert!(
            (14 * 60_000..=15 * 60_000 + 2_000).contains(&in_ms),
            "{in_ms}"
        );
        let session = s.db.lock().unwrap().session(token, now() * 1000).unwrap();
        assert_eq!(session.unwrap().member_id, "mbr-ana");
    }

    #[tokio::test]
    async fn missing_header_is_401() {
        let (status, body) = get(&state(false), "/v1/authenticate", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["message"], "missing bearer token");
    }

    #[tokio::test]
    async fn rejection_matrix() {
        let idp = IdpConfig::default();
        let good = idp.mint(&claims()).unwrap();

        check_rejected("not-a-jwt", "garbage").await;
        check_rejected(
            &sign(&claims(), Algorithm::HS256, b"wrong-secret"),
            "wrong key",
        )
        .await;
        check_rejected(
            &sign(&claims(), Algorithm::HS512, &idp.secret),
            "other HMAC alg",
        )
        .await;

        let expired = ProviderClaims {
            exp: now() - 60,
            ..claims()
        };
        check_rejected(&idp.mint(&expired).unwrap(), "expired").await;
        let early = ProviderClaims {
            nbf: Some(now() + 600),
            ..claims()
        };
        check_rejected(&idp.mint(&early).unwrap(), "not yet valid").await;
        let issuer = ProviderClaims {
            iss: "https://evil.example".into(),
            ..claims()
        };
        check_rejected(&idp.mint(&issuer).unwrap(), "wrong issuer").await;
        let audience = ProviderClaims {
            aud: "someone-else".into(),
            ..claims()
        };
        check_rejected(&idp.mint(&audience).unwrap(), "wrong audience").await;
        let no_org = ProviderClaims {
            org_id: " ".into(),
            ..claims()
        };
        check_rejected(&idp.mint(&no_org).unwrap(), "blank orgId").await;

        // alg: none, with the good token's payload and no signature.
        let mut parts = good.split('.');
        let _header = parts.next();
        let payload = parts.next().unwrap();
        let none_header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"; // {"alg":"none","typ":"JWT"}
        check_rejected(&format!("{none_header}.{payload}."), "alg none").await;

        // Tampering: the payload changed under the original signature.
        let sig = good.rsplit('.').next().unwrap();
        let other = idp
            .mint(&ProviderClaims {
                sub: "mbr-ben".into(),
                ..claims()
            })
            .unwrap();
        let other_payload = other.split('.').nth(1).unwrap();
        let head = good.split('.').next().unwrap();
        check_rejected(&format!("{head}.{other_payload}.{sig}"), "tampered").await;
    }
}

mod demo {
    use super::*;

    #[tokio::test]
    async fn minted_token_authenticates_and_transactions_are_listed() {
        let s = state(true);
        let (status, members) = get(&s, "/sandbox/members", None).await;
        assert_eq!(status, StatusCode::OK);
        let orgs: std::collections::BTreeSet<_> = members
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["orgId"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(orgs.len(), 2, "demo members span two orgs");

        let (_, tok) = get(&s, "/sandbox/members/mbr-ana/token", None).await;
        let (status, _) = get(&s, "/v1/authenticate", tok["token"].as_str()).await;
        assert_eq!(status, StatusCode::OK);

        let (status, txns) = get(&s, "/sandbox/members/mbr-ana/transactions", None).await;
        assert_eq!(status, StatusCode::OK);
        let txns = txns.as_array().unwrap();
        assert!(txns.len() >= 10);
        let kinds: std::collections::BTreeSet<_> =
            txns.iter().map(|t| t["type"].as_str().unwrap()).collect();
        for k in [
            "TRANSACTION_TYPE_DEBIT_CARD",
            "TRANSACTION_TYPE_ATM",
            "TRANSACTION_TYPE_ACH",
        ] {
            assert!(kinds.contains(k), "missing {k}");
        }
        assert!(
            txns.iter()
                .any(|t| t["status"] == "TRANSACTION_STATUS_PENDING")
        );
    }

    #[tokio::test]
    async fn unknown_member_is_404() {
        let (status, body) = get(&state(true), "/sandbox/members/nobody/token", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["code"], 5);
    }

    #[tokio::test]
    async fn helper_routes_are_absent_without_demo_mode() {
        let (status, _) = get(&state(false), "/sandbox/members", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = get(&state(false), "/sandbox/members/mbr-ana/token", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

mod errors {
    use super::*;

    #[tokio::test]
    async fn unknown_api_route_answers_rpc_status() {
        let (status, body) = get(&state(false), "/v1/nothing/here", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["code"], 5);
        assert!(body["message"].is_string());
    }
}

mod socket {
    use super::*;

    #[tokio::test]
    async fn serves_over_a_real_socket_with_cors_allowlist() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let config = Config {
            allowed_origins: vec!["http://bank.example".into()],
            ..Config::default()
        };
        let s = AppState::new(config, Db::open(":memory:").unwrap()).unwrap();
        tokio::spawn(async move { axum::serve(listener, app(s)).await.unwrap() });

        let jwt = IdpConfig::default().mint(&claims()).unwrap();
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let req = format!(
            "GET /v1/authenticate HTTP/1.1\r\nhost: {addr}\r\norigin: http://bank.example\r\n\
             authorization: Bearer {jwt}\r\nconnection: close\r\n\r\n"
        );
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        stream.write_all(req.as_bytes()).await.unwrap();
        let mut out = String::new();
        stream.read_to_string(&mut out).await.unwrap();
        assert!(out.starts_with("HTTP/1.1 200"), "{out}");
        assert!(
            out.contains("access-control-allow-origin: http://bank.example"),
            "{out}"
        );
        assert!(out.contains("\"sessionToken\""), "{out}");

        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let req = format!(
            "GET /v1/authenticate HTTP/1.1\r\nhost: {addr}\r\norigin: http://evil.example\r\n\
             authorization: Bearer {jwt}\r\nconnection: close\r\n\r\n"
        );
        stream.write_all(req.as_bytes()).await.unwrap();
        let mut out = String::new();
        stream.read_to_string(&mut out).await.unwrap();
        assert!(!out.contains("access-control-allow-origin"), "{out}");
    }
}
