//! The widget's correlation id: browsers may send `X-Request-Id` (the CORS preflight allows
//! it), and the gateway's log line of each request carries it, so support can find what a
//! member's widget sent.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::util::*;

/// Log output kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn request_ids_are_allowed_in_cors_and_logged() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // This test's runtime has one thread: the gateway's tasks log through this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);
    let idp = Idp::start(vec![jwk(
        "rsa1.pem",
        jsonwebtoken::Algorithm::RS256,
        "rs-1",
    )])
    .await;
    let backend = Backend::start(100, std::time::Duration::from_secs(1)).await;
    let gw = Setup::new(":memory:", &backend.url, &idp.url).start().await;

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

    let text = logs.text();
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
