//! Fault injection: what the widget's reliability tests rely on.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use dispute_sandbox::app;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::util::*;

async fn set_faults(s: &Sandbox, faults: Value) -> Reply {
    s.call(Method::PUT, "/sandbox/faults", None, Some(faults))
        .await
}

#[tokio::test]
async fn faults_are_set_and_read_at_run_time_and_validated() {
    let s = Sandbox::demo();
    set_faults(
        &s,
        json!({ "create": { "error503": 0.25, "latencyMs": 10 } }),
    )
    .await
    .expect(StatusCode::OK);
    let now = s
        .call(Method::GET, "/sandbox/faults", None, None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(now["create"]["error503"], 0.25);
    assert_eq!(now["create"]["latencyMs"], 10);
    for bad in [
        json!({ "create": { "error503": 2 } }),
        json!({ "delete": {} }),
        json!({ "create": { "explode": 1 } }),
    ] {
        set_faults(&s, bad.clone())
            .await
            .expect(StatusCode::BAD_REQUEST);
    }
    set_faults(&s, json!({})).await.expect(StatusCode::OK);
    let now = s
        .call(Method::GET, "/sandbox/faults", None, None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(now, json!({}));
}

#[tokio::test]
async fn error_faults_apply_to_their_route_only() {
    let s = Sandbox::demo();
    let token = s.session("mbr-ana", ORG_A).await;
    set_faults(
        &s,
        json!({ "create": { "error503": 1 }, "status": { "error429": 1 } }),
    )
    .await
    .expect(StatusCode::OK);
    let reply = s
        .post(
            "/v1/disputes",
            &token,
            create_body(ORG_A, &["txn-mbr-ana-01"]),
        )
        .await;
    assert_eq!(reply.headers["retry-after"], "1");
    assert_eq!(reply.expect(StatusCode::SERVICE_UNAVAILABLE)["code"], 14);
    let reply = s.get("/v1/dispute/status/any", &token).await;
    assert!(reply.headers.contains_key("retry-after"));
    reply.expect(StatusCode::TOO_MANY_REQUESTS);
    let list = s.get("/v1/disputes", &token).await.expect(StatusCode::OK);
    assert_eq!(
        list["totalItems"], 0,
        "the 503 happened before anything was created"
    );
    let injected = s
        .call(Method::GET, "/sandbox/faults/injected", None, None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        injected,
        json!({ "create": { "error503": 1 }, "status": { "error429": 1 } })
    );
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let s = Sandbox::demo();
    let token = s.session("mbr-ana", ORG_A).await;
    set_faults(&s, json!({ "list": { "latencyMs": 150 } }))
        .await
        .expect(StatusCode::OK);
    let start = Instant::now();
    s.get("/v1/disputes", &token).await.expect(StatusCode::OK);
    assert!(start.elapsed() >= Duration::from_millis(150));
}

/// Sends one raw HTTP/1.1 request over a real socket and reads until the server closes.
async fn raw_exchange(addr: std::net::SocketAddr, request: String) -> Vec<u8> {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    out
}

fn create_request(addr: std::net::SocketAddr, token: &str, txn: &str) -> String {
    let body = create_body(ORG_A, &[txn]).to_string();
    format!(
        "POST /v1/disputes HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {token}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Whether the bytes are a complete HTTP answer with a body (what a client could act on).
fn complete_answer(raw: &[u8]) -> bool {
    let text = String::from_utf8_lossy(raw);
    text.starts_with("HTTP/1.1") && text.contains("\"dispute\"")
}

#[tokio::test]
async fn reset_and_commit_then_drop_cut_the_connection() {
    let s = Sandbox::demo();
    let token = s.session("mbr-ana", ORG_A).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let served = s.state.clone();
    tokio::spawn(async move { axum::serve(listener, app(served)).await.unwrap() });

    // Control: without faults the client gets its answer.
    let raw = raw_exchange(addr, create_request(addr, &token, "txn-mbr-ana-01")).await;
    assert!(complete_answer(&raw), "{}", String::from_utf8_lossy(&raw));

    // Reset: no answer, nothing created.
    set_faults(&s, json!({ "create": { "reset": 1 } }))
        .await
        .expect(StatusCode::OK);
    let raw = raw_exchange(addr, create_request(addr, &token, "txn-mbr-ana-02")).await;
    assert!(!complete_answer(&raw), "{}", String::from_utf8_lossy(&raw));
    let list = s.get("/v1/disputes", &token).await.expect(StatusCode::OK);
    assert_eq!(list["totalItems"], 1);

    // Commit then drop: no answer, but the dispute exists: the case retries must handle.
    set_faults(&s, json!({ "create": { "commitThenDrop": 1 } }))
        .await
        .expect(StatusCode::OK);
    let raw = raw_exchange(addr, create_request(addr, &token, "txn-mbr-ana-03")).await;
    assert!(!complete_answer(&raw), "{}", String::from_utf8_lossy(&raw));
    let list = s.get("/v1/disputes", &token).await.expect(StatusCode::OK);
    assert_eq!(list["totalItems"], 2);
    assert_eq!(
        list["items"][0]["transactions"][0]["uuid"],
        "txn-mbr-ana-03"
    );
}
