//! The widget's correlation id: browsers may send `X-Request-Id` (the CORS preflight allows
//! it), and the gateway's log line of each request carries it, so support can find what a
//! member's widget sent.

use crate::crash::spawn_logging;
use crate::util::*;

/// The gateway binary's log (stderr, at `debug`), written to a file the test reads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_ids_are_allowed_in_cors_and_logged() {
    let idp = Idp::start(vec![jwk(
        "rsa1.pem",
        jsonwebtoken::Algorithm::RS256,
        "rs-1",
    )])
    .await;
    let backend = Backend::start(100, std::time::Duration::from_secs(1)).await;
    let dir = tempfile::tempdir().unwrap();
    let addr = free_addr();
    let mut setup = Setup::new(":memory:", &backend.url, &idp.url);
    setup.addr = &addr;
    let config = dir.path().join("gateway.toml");
    std::fs::write(&config, setup.toml(&format!("http://{addr}"))).unwrap();
    let log_path = dir.path().join("gateway.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let (mut child, url) = spawn_logging(&config, &setup.env(), "debug", log.into());
    let gw = Running::at(url);

    let preflight = http()
        .request(reqwest::Method::OPTIONS, format!("{}/v1/disputes", gw.url))
        .header("origin", "http://127.0.0.1")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,x-request-id",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let allowed = preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("x-request-id"), "{allowed}");

    let jwt = mint(
        "rsa1.pem",
        jsonwebtoken::Algorithm::RS256,
        Some("rs-1"),
        &claims("mbr-ana", ORG),
    );
    let answered = http()
        .get(format!("{}/v1/authenticate", gw.url))
        .bearer_auth(&jwt)
        .header("x-request-id", "5f0c2b9e-widget-7")
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), 200);
    let hostile = http()
        .get(format!("{}/v1/disputes?page=1&size=1", gw.url))
        .header("x-request-id", "x\" forged=1")
        .send()
        .await
        .unwrap();
    assert_eq!(hostile.status(), 401);

    // The log line of a request is written once it is answered.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    child.kill();
    let text = std::fs::read_to_string(&log_path).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("/v1/authenticate"))
        .unwrap_or_else(|| panic!("no log line of the request in:\n{text}"));
    assert!(line.contains("request_id=5f0c2b9e-widget-7"), "{line}");
    assert!(text.contains("request_id=invalid"), "{text}");
    assert!(
        !text.contains("forged"),
        "a hostile id is copied into the logs:\n{text}"
    );
    assert!(!text.contains(&jwt), "the token is in the logs");
}
