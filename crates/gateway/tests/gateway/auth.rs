//! Member authentication at the gateway against a test identity provider's JWKS: what is
//! accepted, what is refused, key rotation, and isolation between members and organisations.

use std::sync::atomic::Ordering;

use jsonwebtoken::Algorithm;
use serde_json::json;

use crate::util::*;

async fn authenticate(gw: &str, jwt: &str) -> u16 {
    http()
        .get(format!("{gw}/v1/authenticate"))
        .bearer_auth(jwt)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// A token with an `alg` header the caller chooses and no real signature.
fn unsigned(alg: &str, claims: &serde_json::Value) -> String {
    use base64::Engine as _;
    let b64 = |v: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    format!(
        "{}.{}.",
        b64(&json!({ "alg": alg, "typ": "JWT", "kid": "rs-1" })),
        b64(claims)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rs256_matrix_and_rotation() {
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(100, std::time::Duration::from_secs(1)).await;
    let gw = Setup::new(":memory:", &backend.url, &idp.url).start().await;
    let ok = |c: serde_json::Value| mint("rsa1.pem", Algorithm::RS256, Some("rs-1"), &c);
    let base = claims("mbr-ana", ORG);

    assert_eq!(authenticate(&gw.url, &ok(base.clone())).await, 200);
    // Within the 60 s of skew: expired 30 s ago, valid from 30 s ahead.
    let mut skewed = base.clone();
    skewed["exp"] = json!(now() - 30);
    skewed["nbf"] = json!(now() + 30);
    assert_eq!(authenticate(&gw.url, &ok(skewed)).await, 200);

    let refused = [
        ("expired", json!({ "exp": now() - 120 })),
        ("not yet valid", json!({ "nbf": now() + 120 })),
        ("wrong aud", json!({ "aud": "another-api" })),
        ("wrong iss", json!({ "iss": "https://evil.example" })),
        ("another org", json!({ "orgId": OTHER_ORG })),
    ];
    for (what, change) in refused {
        let mut c = base.clone();
        for (k, v) in change.as_object().unwrap() {
            c[k] = v.clone();
        }
        assert_eq!(authenticate(&gw.url, &ok(c)).await, 401, "{what}");
    }
    // alg none, and HS256 "signed" with the RSA public key (the classic confusion).
    assert_eq!(
        authenticate(&gw.url, &unsigned("none", &base)).await,
        401,
        "alg none"
    );
    let confused = mint("rsa1.pub.pem", Algorithm::HS256, Some("rs-1"), &base);
    assert_eq!(
        authenticate(&gw.url, &confused).await,
        401,
        "HS256 with the public key"
    );
    // Signed by a key the provider never published.
    let stranger = mint("rsa2.pem", Algorithm::RS256, Some("rs-1"), &base);
    assert_eq!(
        authenticate(&gw.url, &stranger).await,
        401,
        "wrong key under a known kid"
    );

    // Rotation: a token under a new kid is refused until the provider publishes it, then
    // accepted after one refresh.
    let rotated = mint("rsa2.pem", Algorithm::RS256, Some("rs-2"), &base);
    assert_eq!(authenticate(&gw.url, &rotated).await, 401);
    idp.publish(vec![
        jwk("rsa1.pem", Algorithm::RS256, "rs-1"),
        jwk("rsa2.pem", Algorithm::RS256, "rs-2"),
    ]);
    let before = idp.fetches.load(Ordering::SeqCst);
    assert_eq!(authenticate(&gw.url, &rotated).await, 200);
    assert_eq!(
        idp.fetches.load(Ordering::SeqCst),
        before + 1,
        "one refresh"
    );
    // Known kids are served from the cache.
    assert_eq!(authenticate(&gw.url, &rotated).await, 200);
    assert_eq!(authenticate(&gw.url, &ok(base)).await, 200);
    assert_eq!(
        idp.fetches.load(Ordering::SeqCst),
        before + 1,
        "no refetch for known kids"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn es256_from_jwks_and_rs256_from_pem() {
    let idp = Idp::start(vec![jwk("ec1.pem", Algorithm::ES256, "ec-1")]).await;
    let backend = Backend::start(100, std::time::Duration::from_secs(1)).await;
    let mut setup = Setup::new(":memory:", &backend.url, &idp.url);
    setup.auth = format!("algorithm = \"ES256\"\njwks_url = \"{}\"", idp.url);
    let gw = setup.start().await;
    let c = claims("mbr-ana", ORG);
    assert_eq!(
        authenticate(
            &gw.url,
            &mint("ec1.pem", Algorithm::ES256, Some("ec-1"), &c)
        )
        .await,
        200
    );
    // An RS256 token is refused by an ES256 gateway, whatever its kid.
    assert_eq!(
        authenticate(
            &gw.url,
            &mint("rsa1.pem", Algorithm::RS256, Some("ec-1"), &c)
        )
        .await,
        401
    );

    setup.auth = format!(
        "algorithm = \"RS256\"\npublic_key_pem = \"{}\"",
        key_path("rsa1.pub.pem")
    );
    let pem = setup.start().await;
    assert_eq!(
        authenticate(&pem.url, &mint("rsa1.pem", Algorithm::RS256, None, &c)).await,
        200
    );
    assert_eq!(
        authenticate(&pem.url, &mint("rsa2.pem", Algorithm::RS256, None, &c)).await,
        401
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_see_only_their_own_disputes() {
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(100, std::time::Duration::from_secs(1)).await;
    let gw = Setup::new(":memory:", &backend.url, &idp.url).start().await;
    let ana = session(&gw.url, "mbr-ana", ORG).await;
    let ben = session(&gw.url, "mbr-ben", ORG).await;
    let d = file(&gw.url, &ana, "mbr-ana", vec![card("t-1", "Coffee", 450)]).await;
    let uuid = d["uuid"].as_str().unwrap();
    let status = |token: String| {
        let url = format!("{}/v1/dispute/status/{uuid}", gw.url);
        async move {
            http()
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(status(ana.clone()).await, 200);
    assert_eq!(
        status(ben.clone()).await,
        404,
        "another member's dispute does not exist"
    );
    let list: serde_json::Value = get_json(&format!("{}/v1/disputes", gw.url), &ben).await;
    assert_eq!(list["totalItems"], 0);
    assert_eq!(list["items"], json!([]));
}
