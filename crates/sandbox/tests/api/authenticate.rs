//! `GET /v1/authenticate`: what a provider JWT must be to get a session, and what a session is.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use dispute_sandbox::{Config, IdpConfig, ProviderClaims};
use jsonwebtoken::{Algorithm, EncodingKey, Header};

use crate::util::*;

/// Asserts a 401 in the google.rpc.Status shape that does not echo the token.
async fn check_rejected(token: &str, why: &str) {
    let reply = Sandbox::new()
        .call(Method::GET, "/v1/authenticate", Some(token), None)
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNAUTHORIZED,
        "{why}: {}",
        reply.body
    );
    assert_eq!(reply.body["code"], 16, "{why}");
    assert_eq!(reply.body["message"], "invalid provider token", "{why}");
    assert!(
        !reply.body.to_string().contains(token),
        "{why}: echoes the token"
    );
    assert_eq!(reply.headers["www-authenticate"], "Bearer");
}

fn sign(claims: &ProviderClaims, alg: Algorithm, secret: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret)).unwrap()
}

fn good() -> ProviderClaims {
    claims("mbr-1", ORG_A)
}

#[tokio::test]
async fn valid_provider_token_gets_an_expiring_session() {
    let s = Sandbox::new();
    let jwt = IdpConfig::default().mint(&good()).unwrap();
    let body = s
        .call(Method::GET, "/v1/authenticate", Some(&jwt), None)
        .await
        .expect(StatusCode::OK);
    let token = body["sessionToken"].as_str().unwrap();
    assert!(token.len() >= 32);
    let expires: i64 = body["expiresAt"].as_str().unwrap().parse().unwrap();
    let in_ms = expires - now() * 1000;
    assert!(
        (14 * 60_000..=15 * 60_000 + 2_000).contains(&in_ms),
        "{in_ms}"
    );
    // The session works on the API.
    s.get("/v1/disputes", token).await.expect(StatusCode::OK);
}

#[tokio::test]
async fn missing_or_unknown_bearer_is_401() {
    let s = Sandbox::new();
    let body = s
        .call(Method::GET, "/v1/authenticate", None, None)
        .await
        .expect(StatusCode::UNAUTHORIZED);
    assert_eq!(body["message"], "missing bearer token");
    let body = s
        .call(Method::GET, "/v1/disputes", Some("sess_made_up"), None)
        .await
        .expect(StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], 16);
    // A provider JWT is not a session token.
    let jwt = IdpConfig::default().mint(&good()).unwrap();
    s.get("/v1/disputes", &jwt)
        .await
        .expect(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn rejection_matrix() {
    let idp = IdpConfig::default();
    let token = idp.mint(&good()).unwrap();
    let [head, payload, sig] = token.split('.').collect::<Vec<_>>()[..] else {
        panic!("not a JWT")
    };

    check_rejected("not-a-jwt", "garbage").await;
    check_rejected(
        &sign(&good(), Algorithm::HS256, b"wrong-secret"),
        "wrong key",
    )
    .await;
    check_rejected(
        &sign(&good(), Algorithm::HS512, &idp.secret),
        "other HMAC alg",
    )
    .await;

    let cases = [
        (
            ProviderClaims {
                exp: now() - 60,
                ..good()
            },
            "expired",
        ),
        (
            ProviderClaims {
                nbf: Some(now() + 600),
                ..good()
            },
            "not yet valid",
        ),
        (
            ProviderClaims {
                iss: "https://evil.example".into(),
                ..good()
            },
            "wrong issuer",
        ),
        (
            ProviderClaims {
                aud: "someone-else".into(),
                ..good()
            },
            "wrong audience",
        ),
        (
            ProviderClaims {
                org_id: " ".into(),
                ..good()
            },
            "blank orgId",
        ),
    ];
    for (claims, why) in cases {
        check_rejected(&idp.mint(&claims).unwrap(), why).await;
    }

    // alg: none, with the good token's payload and no signature.
    let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"; // {"alg":"none","typ":"JWT"}
    check_rejected(&format!("{none}.{payload}."), "alg none").await;
    check_rejected(
        &format!("{none}.{payload}.{sig}"),
        "alg none with a signature",
    )
    .await;

    // Algorithm confusion: RS256 in the header, HMAC-signed with the shared secret as if it
    // were the public key.
    let rs = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9"; // {"alg":"RS256","typ":"JWT"}
    let message = format!("{rs}.{payload}");
    let forged = jsonwebtoken::crypto::sign(
        message.as_bytes(),
        &EncodingKey::from_secret(&idp.secret),
        Algorithm::HS256,
    )
    .unwrap();
    check_rejected(&format!("{message}.{forged}"), "algorithm confusion").await;

    // Tampering: another member's payload under the original signature.
    let other = idp
        .mint(&ProviderClaims {
            sub: "mbr-2".into(),
            ..good()
        })
        .unwrap();
    let other_payload = other.split('.').nth(1).unwrap();
    check_rejected(&format!("{head}.{other_payload}.{sig}"), "tampered").await;

    // Missing required claims (no accountsId).
    let bare = serde_json::json!({
        "iss": idp.issuer, "sub": "mbr-1", "aud": idp.audience, "exp": now() + 600,
        "orgId": ORG_A
    });
    let no_accounts = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &bare,
        &EncodingKey::from_secret(&idp.secret),
    )
    .unwrap();
    check_rejected(&no_accounts, "no accountsId").await;
}

#[tokio::test]
async fn sessions_expire() {
    let s = Sandbox::with(Config {
        session_ttl: std::time::Duration::from_millis(300),
        ..Config::default()
    });
    let token = s.session("mbr-1", ORG_A).await;
    s.get("/v1/disputes", &token).await.expect(StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let body = s
        .get("/v1/disputes", &token)
        .await
        .expect(StatusCode::UNAUTHORIZED);
    assert_eq!(body["message"], "session token is invalid or expired");
}

#[tokio::test]
async fn with_require_user_uuid_every_member_call_needs_the_header_and_browsers_may_send_it() {
    let sandbox = Sandbox::with(Config {
        require_user_uuid: true,
        allowed_origins: vec!["https://bank.example".into()],
        ..Config::default()
    });
    let jwt = IdpConfig::default().mint(&claims("m1", "org1")).unwrap();
    let without = sandbox
        .call(Method::GET, "/v1/authenticate", Some(&jwt), None)
        .await
        .expect(StatusCode::UNAUTHORIZED);
    assert!(
        without["message"].as_str().unwrap().contains("x-user-uuid"),
        "{without}"
    );
    let with = |uri: &str, token: &str| {
        Request::builder()
            .uri(uri)
            .header("authorization", format!("Bearer {token}"))
            .header("x-user-uuid", "6f1c2a4e-0000-4000-8000-000000000001")
            .body(Body::empty())
            .unwrap()
    };
    let session = sandbox
        .raw(with("/v1/authenticate", &jwt))
        .await
        .expect(StatusCode::OK);
    let token = session["sessionToken"].as_str().unwrap();
    sandbox
        .raw(with("/v1/disputes?page=1&size=10", token))
        .await
        .expect(StatusCode::OK);
    sandbox
        .get("/v1/disputes?page=1&size=10", token)
        .await
        .expect(StatusCode::UNAUTHORIZED);
    // The preflight of a browser that will send the header is answered and allows it.
    let preflight = sandbox
        .raw(
            Request::builder()
                .method(Method::OPTIONS)
                .uri("/v1/disputes")
                .header("origin", "https://bank.example")
                .header("access-control-request-method", "GET")
                .header(
                    "access-control-request-headers",
                    "authorization,x-user-uuid,x-request-id",
                )
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(preflight.status.is_success(), "{}", preflight.status);
    let allowed = preflight.headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("x-user-uuid"), "{allowed}");
    assert!(allowed.contains("x-request-id"), "{allowed}");
}
