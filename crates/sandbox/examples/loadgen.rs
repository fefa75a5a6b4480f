//! A small load generator for the sandbox's figures, on loopback:
//! creates per second, 1 MB uploads per second, and the server's peak memory during 100
//! concurrent maximum-size uploads.
//!
//! `cargo run --release -p dispute-sandbox --example loadgen [-- SECONDS]` (default 5 s a
//! phase). It starts `target/release/dispute-sandbox` itself (build it first with
//! `cargo build --release -p dispute-sandbox`) on a temporary file database, so the figures
//! include SQLite's durable writes.

use std::net::SocketAddr;
use std::process::Stdio;
use std::time::{Duration, Instant};

use base64::Engine as _;
use dispute_sandbox::{IdpConfig, ProviderClaims};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const ORG: &str = "6f1c2d9e-8a41-4b7e-9c55-2e0d7f3a1b01";

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    addr: SocketAddr,
    stream: BufReader<TcpStream>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).ok();
        Self {
            addr,
            stream: BufReader::new(stream),
        }
    }

    /// Sends a request and returns the status code and body.
    async fn send(&mut self, method: &str, path: &str, token: &str, body: &[u8]) -> (u16, Vec<u8>) {
        let head = format!(
            "{method} {path} HTTP/1.1\r\nhost: {}\r\nauthorization: Bearer {token}\r\n\
             content-type: application/json\r\ncontent-length: {}\r\n\r\n",
            self.addr,
            body.len()
        );
        let s = self.stream.get_mut();
        s.write_all(head.as_bytes()).await.expect("write head");
        s.write_all(body).await.expect("write body");
        let mut status_line = String::new();
        self.stream
            .read_line(&mut status_line)
            .await
            .expect("status");
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).await.expect("header");
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut out = vec![0; length];
        self.stream.read_exact(&mut out).await.expect("body");
        (status, out)
    }
}

async fn session(addr: SocketAddr, member: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let idp = IdpConfig::default();
    let jwt = idp
        .mint(&ProviderClaims {
            iss: idp.issuer.clone(),
            sub: member.to_owned(),
            aud: idp.audience.clone(),
            exp: now + 3600,
            nbf: None,
            iat: Some(now),
            member_id: 1,
            accounts_id: vec!["acct".into()],
            org_id: ORG.into(),
            name: None,
            locale: None,
        })
        .unwrap();
    let (status, body) = Conn::open(addr)
        .await
        .send("GET", "/v1/authenticate", &jwt, b"")
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    v["sessionToken"].as_str().unwrap().to_owned()
}

fn create_body(txn: &str) -> Vec<u8> {
    serde_json::json!({
        "orgUuid": ORG,
        "transactionDetails": [{ "uuid": txn, "amount": { "amountInCents": 1299, "currency": "USD" },
            "merchant": "Load Test Merchant", "type": "TRANSACTION_TYPE_DEBIT_CARD" }],
        "reason": "DISPUTE_REASON_UNAUTH",
        "questionnaireAnswers": [{ "questionId": "recognizes_merchant", "question": "?", "answer": "no" }]
    })
    .to_string()
    .into_bytes()
}

fn upload_body(size: usize) -> Vec<u8> {
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    png.resize(size, 0x5a);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&png);
    format!(r#"{{"fileContent":"{b64}","filename":"load.png","contentType":"image/png"}}"#)
        .into_bytes()
}

/// Runs `workers` connections doing `op` until `duration` passes; returns completed ops.
async fn run<F, Fut>(addr: SocketAddr, workers: usize, duration: Duration, op: F) -> usize
where
    F: Fn(Conn, usize, usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = (Conn, bool)> + Send,
{
    let deadline = Instant::now() + duration;
    let mut handles = Vec::new();
    for w in 0..workers {
        let op = op.clone();
        handles.push(tokio::spawn(async move {
            let mut conn = Conn::open(addr).await;
            let mut done = 0;
            let mut i = 0;
            while Instant::now() < deadline {
                let (c, ok) = op(conn, w, i).await;
                conn = c;
                i += 1;
                if ok {
                    done += 1;
                }
            }
            done
        }));
    }
    let mut total = 0;
    for h in handles {
        total += h.await.unwrap();
    }
    total
}

fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let secs: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let phase = Duration::from_secs(secs);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let bin = root.join("target/release/dispute-sandbox");
    let dir = std::env::temp_dir().join(format!("loadgen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = tokio::process::Command::new(&bin)
        .args(["--addr", "127.0.0.1:0", "--rate-limit", "0", "--db"])
        .arg(dir.join("load.sqlite"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (build it with cargo build --release -p dispute-sandbox)",
                bin.display()
            )
        });
    let pid = child.id().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).await.unwrap();
    let addr: SocketAddr = line
        .trim()
        .rsplit("http://")
        .next()
        .unwrap()
        .parse()
        .unwrap();
    println!(
        "sandbox pid {pid} on {addr}; {secs} s a phase; file database in {}",
        dir.display()
    );
    println!("idle peak RSS: {} KiB", peak_rss_kib(pid));

    let token = session(addr, "load-member").await;
    let t = token.clone();
    let creates = run(addr, 8, phase, move |mut c, w, i| {
        let t = t.clone();
        async move {
            let (status, _) = c
                .send(
                    "POST",
                    "/v1/disputes",
                    &t,
                    &create_body(&format!("txn-{w}-{i}")),
                )
                .await;
            (c, status == 200)
        }
    })
    .await;
    println!(
        "creates: {creates} in {secs} s = {:.0}/s (8 connections)",
        creates as f64 / secs as f64
    );

    // A dispute to upload into.
    let (_, body) = Conn::open(addr)
        .await
        .send("POST", "/v1/disputes", &token, &create_body("txn-upload"))
        .await;
    let d: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let path = format!(
        "/v1/disputes/{}/files",
        d["dispute"]["uuid"].as_str().unwrap()
    );
    let one_mb = std::sync::Arc::new(upload_body(1_000_000));
    let (t, p, b) = (token.clone(), path.clone(), one_mb.clone());
    let uploads = run(addr, 4, phase, move |mut c, _, _| {
        let (t, p, b) = (t.clone(), p.clone(), b.clone());
        async move {
            let (status, _) = c.send("POST", &p, &t, &b).await;
            (c, status == 200)
        }
    })
    .await;
    println!(
        "1 MB uploads: {uploads} in {secs} s = {:.1}/s, {:.1} MB/s of files (4 connections)",
        uploads as f64 / secs as f64,
        uploads as f64 / secs as f64
    );
    println!("peak RSS so far: {} KiB", peak_rss_kib(pid));

    let max = std::sync::Arc::new(upload_body(
        dispute_sandbox::DEFAULT_MAX_FILE_BYTES as usize,
    ));
    let start = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..100 {
        let (t, p, b) = (token.clone(), path.clone(), max.clone());
        handles.push(tokio::spawn(async move {
            let mut c = Conn::open(addr).await;
            c.send("POST", &p, &t, &b).await.0
        }));
    }
    let mut ok = 0;
    for h in handles {
        if h.await.unwrap() == 200 {
            ok += 1;
        }
    }
    println!(
        "100 concurrent {} MiB uploads: {ok} stored in {:.1} s; sandbox peak RSS {} KiB",
        dispute_sandbox::DEFAULT_MAX_FILE_BYTES >> 20,
        start.elapsed().as_secs_f64(),
        peak_rss_kib(pid)
    );
    child.kill().await.ok();
    std::fs::remove_dir_all(&dir).ok();
}
