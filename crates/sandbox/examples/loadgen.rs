//! A small load generator for the servers' figures, on loopback, side by side in one run: the
//! sandbox, and `dispute-gateway` in front of the sandbox's fake Casap server API (forwarding
//! in the background while it is measured): creates per second, 1 MB uploads per second, and
//! each server's peak memory during 100 concurrent maximum-size uploads.
//!
//! `cargo run --release -p dispute-sandbox --example loadgen [-- SECONDS]` (default 5 s a
//! phase). It starts `target/release/dispute-sandbox` and `target/release/dispute-gateway`
//! itself (build them first with `cargo build --release -p dispute-sandbox -p
//! dispute-gateway`) on temporary file databases, so the figures include SQLite's durable
//! writes. The gateway verifies the sandbox's HS256 demo tokens (its development flag), which
//! costs the same as RS256 here: one verification per session.

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
            "merchant": "Load Test Merchant", "type": "TRANSACTION_TYPE_DEBIT_CARD",
            "network": "TRANSACTION_NETWORK_VISA", "settledTimestamp": "1764322791000" }],
        "customer": { "name": "Load Member", "email": "load@example.org", "accountUuid": "acct-load" },
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

/// Starts a server binary; its pid and address (from its first stdout line).
async fn start(
    bin: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (tokio::process::Child, u32, SocketAddr) {
    let mut child = tokio::process::Command::new(bin)
        .args(args)
        .envs(env.iter().copied())
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (build it with cargo build --release -p dispute-sandbox -p dispute-gateway)",
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
    (child, pid, addr)
}

/// How many disputes the sandbox's fake back end created.
async fn forwarded_count(addr: SocketAddr) -> usize {
    let (_, body) = Conn::open(addr)
        .await
        .send("GET", "/sandbox/casap-server/received", "", b"")
        .await;
    let all: Vec<serde_json::Value> = serde_json::from_slice(&body).unwrap_or_default();
    all.iter().filter(|r| r["outcome"] == "created").count()
}

/// One server's figures.
struct Figures {
    creates_per_s: f64,
    uploads_per_s: f64,
    idle_rss_kib: u64,
    upload_rss_kib: u64,
    stored: usize,
    burst_s: f64,
}

async fn measure(name: &str, addr: SocketAddr, pid: u32, phase: Duration) -> Figures {
    let secs = phase.as_secs_f64();
    let idle_rss_kib = peak_rss_kib(pid);
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
    println!("{name}: {creates} creates in {secs} s (8 connections)");

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
    println!("{name}: {uploads} 1 MB uploads in {secs} s (4 connections)");

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
    let mut stored = 0;
    for h in handles {
        if h.await.unwrap() == 200 {
            stored += 1;
        }
    }
    Figures {
        creates_per_s: creates as f64 / secs,
        uploads_per_s: uploads as f64 / secs,
        idle_rss_kib,
        upload_rss_kib: peak_rss_kib(pid),
        stored,
        burst_s: start.elapsed().as_secs_f64(),
    }
}

#[tokio::main]
async fn main() {
    let secs: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let phase = Duration::from_secs(secs);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::temp_dir().join(format!("loadgen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sandbox_db = dir.join("sandbox.sqlite");
    // The sandbox also plays the gateway's back end, with no rate limit worth the name.
    let (mut sandbox, pid, addr) = start(
        &root.join("target/release/dispute-sandbox"),
        &[
            "--addr",
            "127.0.0.1:0",
            "--rate-limit",
            "0",
            "--casap-server",
            "--casap-server-limit",
            "1000000",
            "--db",
            sandbox_db.to_str().unwrap(),
        ],
        &[],
    )
    .await;
    println!("{secs} s a phase; file databases in {}", dir.display());
    let sandbox_figures = measure("sandbox", addr, pid, phase).await;

    let idp = IdpConfig::default();
    let config = dir.join("gateway.toml");
    std::fs::write(
        &config,
        format!(
            r#"[server]
addr = "127.0.0.1:0"
public_url = "http://127.0.0.1"
database = "{db}"
member_requests_per_minute = 0
[member_auth]
org_id = "{ORG}"
issuer = "{iss}"
audience = "{aud}"
algorithm = "HS256"
allow_hs256_for_development = true
hs256_secret = {{ env = "LOADGEN_IDP_SECRET" }}
[backend]
kind = "casap-server"
url = "http://{addr}"
api_key = {{ env = "LOADGEN_KEY" }}
api_secret = {{ env = "LOADGEN_SECRET" }}
user_uuid = "70720526-3cb5-418e-9f9d-a1d07a056061"
org_uuid = "76851218-a1e8-418e-9151-8c2d61709521"
requests_per_window = 1000000
[links]
signing_key = {{ env = "LOADGEN_LINK_KEY" }}
[staff]
username = "ops"
password = {{ env = "LOADGEN_STAFF" }}
"#,
            db = dir.join("gateway.sqlite").display(),
            iss = idp.issuer,
            aud = idp.audience,
        ),
    )
    .unwrap();
    let secret = String::from_utf8(idp.secret.clone()).unwrap();
    let (mut gateway, gpid, gaddr) = start(
        &root.join("target/release/dispute-gateway"),
        &["--config", config.to_str().unwrap()],
        &[
            ("LOADGEN_IDP_SECRET", &secret),
            ("LOADGEN_KEY", "casap-demo-key"),
            ("LOADGEN_SECRET", "casap-demo-secret"),
            ("LOADGEN_LINK_KEY", "loadgen-link-key-0123456789abcdef0123"),
            ("LOADGEN_STAFF", "loadgen-staff"),
        ],
    )
    .await;
    let gateway_figures = measure("gateway", gaddr, gpid, phase).await;
    let forwarded = forwarded_count(addr).await;
    println!("gateway: {forwarded} disputes forwarded to the fake back end meanwhile");

    let mb = dispute_sandbox::DEFAULT_MAX_FILE_BYTES >> 20;
    println!("\n| measure | sandbox | gateway |\n| --- | ---: | ---: |");
    let row = |what: &str, f: &dyn Fn(&Figures) -> String| {
        println!(
            "| {what} | {} | {} |",
            f(&sandbox_figures),
            f(&gateway_figures)
        );
    };
    row("creates/s (8 connections)", &|f| {
        format!("{:.0}", f.creates_per_s)
    });
    row("1 MB uploads/s (4 connections)", &|f| {
        format!("{:.1}", f.uploads_per_s)
    });
    row("idle peak RSS (KiB)", &|f| f.idle_rss_kib.to_string());
    row(&format!("100 concurrent {mb} MiB uploads stored"), &|f| {
        format!("{} in {:.1} s", f.stored, f.burst_s)
    });
    row("peak RSS after them (KiB)", &|f| {
        f.upload_rss_kib.to_string()
    });
    gateway.kill().await.ok();
    sandbox.kill().await.ok();
    std::fs::remove_dir_all(&dir).ok();
}
