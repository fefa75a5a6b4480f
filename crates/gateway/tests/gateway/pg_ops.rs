//! Operations on PostgreSQL, each test on a cluster it may stop or configure (so, like
//! `instances::`, not run again by the PostgreSQL rerun): `/readyz` through a database outage
//! and through a database that stops answering (statement deadlines),
//! the SIGTERM drain during a burst of uploads with a second instance taking over, and TLS to
//! the database with a CA the test makes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use dispute_server::sql::{Conn, ConnectOptions};
use jsonwebtoken::Algorithm;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::crash::spawn;
use crate::pg;
use crate::util::*;

/// `GET {url}/readyz`: its status and body.
async fn readyz(url: &str) -> (u16, Value) {
    let r = http().get(format!("{url}/readyz")).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// Polls `/readyz` until it answers `status`, at most `secs`.
async fn until_ready(url: &str, status: u16, secs: u64) -> Value {
    let end = Instant::now() + Duration::from_secs(secs);
    loop {
        let (got, body) = readyz(url).await;
        if got == status {
            return body;
        }
        assert!(
            Instant::now() < end,
            "/readyz never answered {status}: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_is_unready_while_the_database_is_stopped_and_ready_when_it_is_back() {
    let cluster = pg::Cluster::start_with(&pg::ClusterOptions::default());
    let database = cluster.database();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(5, Duration::from_secs(60)).await;
    let gw = Setup::new(&database, &backend.url, &idp.url).start().await;
    assert_eq!(readyz(&gw.url).await.0, 200);
    let token = session(&gw.url, "mbr-ana", ORG).await;

    cluster.stop();
    let (status, body) = readyz(&gw.url).await;
    assert_eq!(status, 503);
    assert_eq!(
        body,
        json!({ "status": "unready",
            "checks": { "database": "unreachable", "schema": "unknown", "worker": "ok" } })
    );
    // A member meanwhile is told to try again (the widget retries), not "internal error".
    let r = try_file(&gw.url, &token, "mbr-ana", vec![card("t-1", "Shop", 100)]).await;
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "1");
    assert_eq!(r.json::<Value>().await.unwrap()["code"], 14);

    cluster.resume();
    // The connections came back: the same session files, and the worker forwards it.
    ready_and_forwarding_again(&gw.url, &token, &backend, "took connections again").await;
}

/// Once PostgreSQL answers again: `/readyz` ready (how soon is printed), and the member's
/// filing stored and forwarded, once.
async fn ready_and_forwarding_again(url: &str, token: &str, backend: &Backend, after: &str) {
    let since = Instant::now();
    until_ready(url, 200, 30).await;
    println!(
        "readyz: ready {:.2} s after PostgreSQL {after}",
        since.elapsed().as_secs_f64()
    );
    let d = file(url, token, "mbr-ana", vec![card("t-1", "Shop", 100)]).await;
    until(20, "the dispute forwarded", || backend.created().len() == 1).await;
    assert_eq!(
        backend.created()[0].ticket_id.as_deref(),
        d["shortId"].as_str()
    );
}

/// `answer`, waited for 30 s at most: a regression fails the test instead of hanging it.
async fn frozen_answer<T>(what: &str, answer: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), answer)
        .await
        .unwrap_or_else(|_| panic!("{what}: no answer in 30 s while the database is frozen"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_stops_answering_is_told_within_the_deadline_and_nothing_hangs() {
    let cluster = pg::Cluster::start_with(&pg::ClusterOptions::default());
    let database = cluster.database();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(5, Duration::from_secs(60)).await;
    let mut setup = Setup::new(&database, &backend.url, &idp.url);
    setup.server = "database_timeout_ms = 4000".into();
    let gw = setup.start().await;
    let token = session(&gw.url, "mbr-ana", ORG).await;
    assert_eq!(readyz(&gw.url).await.0, 200);

    // Connections open, nothing answering: without deadlines every request and probe would
    // wait for as long as TCP keeps the connections (hours).
    let frozen = cluster.freeze();
    let asked = Instant::now();
    let (status, body) = frozen_answer("/readyz", readyz(&gw.url)).await;
    let probe = asked.elapsed();
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["checks"]["database"], "unreachable");
    // The probe's own bound (2 s), shorter than a statement's deadline here (4 s).
    assert!(
        probe < Duration::from_millis(3_500),
        "/readyz took {probe:?}"
    );
    let asked = Instant::now();
    let r = frozen_answer(
        "a member's filing",
        try_file(&gw.url, &token, "mbr-ana", vec![card("t-1", "Shop", 100)]),
    )
    .await;
    let member = asked.elapsed();
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "1");
    assert_eq!(r.json::<Value>().await.unwrap()["code"], 14);
    // The statement's deadline (4 s), or connecting again once a connection was cut (as long).
    assert!(
        member < Duration::from_secs(7),
        "the member waited {member:?}"
    );
    println!(
        "frozen database: /readyz answered 503 in {:.2} s, a member 503 UNAVAILABLE in {:.2} s",
        probe.as_secs_f64(),
        member.as_secs_f64()
    );

    drop(frozen);
    // Nothing of the refused request was written: filed again, it is one dispute, sent once.
    ready_and_forwarding_again(&gw.url, &token, &backend, "answered again").await;
}

/// Uploads `body` (JSON) to `path` over a connection of its own, in ten pieces 80 ms apart (a
/// phone's uplink), counting `connected` once the request has started; the answer's status and
/// JSON body, and when it came.
async fn slow_upload(
    addr: String,
    path: String,
    token: String,
    body: Vec<u8>,
    connected: Arc<AtomicUsize>,
) -> (u16, Value, Instant) {
    let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    for (i, piece) in body.chunks(body.len().div_ceil(10)).enumerate() {
        s.write_all(piece).await.unwrap();
        if i == 0 {
            connected.fetch_add(1, Ordering::SeqCst);
        }
        tokio::time::sleep(Duration::from_millis(80)).await;
    }
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).await.unwrap();
    let at = Instant::now();
    let text = String::from_utf8_lossy(&answer);
    let status: u16 = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {text}"));
    let json = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    (
        status,
        serde_json::from_str(json).unwrap_or(Value::Null),
        at,
    )
}

fn count(conn: &mut Conn, sql: &str) -> i64 {
    conn.value::<i64>(sql, &[]).unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_20_uploads_answers_each_gives_back_its_lease_and_b_sends_the_rest() {
    const DISPUTES: usize = 4;
    const UPLOADS: usize = 20;
    let database = pg::cluster().database();
    let dir = tempfile::tempdir().unwrap();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(100, Duration::from_secs(1)).await;
    let (addr_a, addr_b) = (free_addr(), free_addr());
    // One send every 1.5 s: most disputes are still in the outbox when A is stopped, the next
    // one leased to A while it waits for its slot.
    let mut setup = Setup::new(&database, &backend.url, &idp.url);
    setup.rate = 1;
    setup.window_ms = 1500;
    setup.server = "shutdown_timeout_ms = 20000".into();
    let write = |name: &str, addr: &str| {
        let path = dir.path().join(name);
        let toml = setup
            .toml(&format!("http://{addr}"))
            .replace("addr = \"127.0.0.1:0\"", &format!("addr = \"{addr}\""));
        std::fs::write(&path, toml).unwrap();
        path
    };
    let (config_a, config_b) = (write("a.toml", &addr_a), write("b.toml", &addr_b));
    let (mut a, url_a) = spawn(&config_a, &setup.env());
    let token = session(&url_a, "mbr-ana", ORG).await;
    let mut disputes = Vec::new();
    for i in 0..DISPUTES {
        let d = file(
            &url_a,
            &token,
            "mbr-ana",
            vec![card(&format!("m-{i}"), "Shop", 100)],
        )
        .await;
        disputes.push((
            d["uuid"].as_str().unwrap().to_owned(),
            d["shortId"].as_str().unwrap().to_owned(),
        ));
    }
    let mut sql = Conn::connect_postgres(&database, &ConnectOptions::default()).unwrap();
    let end = Instant::now() + Duration::from_secs(10);
    while count(
        &mut sql,
        "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND lease_owner IS NOT NULL",
    ) == 0
    {
        assert!(Instant::now() < end, "A never held an entry");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Twenty documents, five a dispute, each sent slowly over its own connection.
    let connected = Arc::new(AtomicUsize::new(0));
    let pdf = [b"%PDF-1.7\n".as_slice(), &[9u8; 30_000]].concat();
    let uploads: Vec<_> = (0..UPLOADS)
        .map(|i| {
            let (uuid, _) = &disputes[i % DISPUTES];
            let body = serde_json::to_vec(&json!({
                "fileContent": base64::engine::general_purpose::STANDARD.encode(&pdf),
                "filename": format!("receipt-{i}.pdf"), "contentType": "application/pdf"
            }))
            .unwrap();
            tokio::spawn(slow_upload(
                addr_a.clone(),
                format!("/v1/disputes/{uuid}/files"),
                token.clone(),
                body,
                connected.clone(),
            ))
        })
        .collect();
    let end = Instant::now() + Duration::from_secs(10);
    while connected.load(Ordering::SeqCst) < UPLOADS {
        assert!(Instant::now() < end, "the uploads never all started");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let term = std::process::Command::new("kill")
        .args(["-TERM", &a.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let termed_at = Instant::now();
    // It stops accepting: a new connection is refused (while the uploads go on).
    let end = Instant::now() + Duration::from_secs(5);
    while tokio::net::TcpStream::connect(&addr_a).await.is_ok() {
        assert!(
            Instant::now() < end,
            "A still accepts connections after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let refused_at = Instant::now();
    let mut answered = Vec::new();
    for u in uploads {
        answered.push(u.await.unwrap());
    }
    assert!(a.exited(30).await.success(), "A exits 0");
    let a_took = termed_at.elapsed();
    // Every upload answered: stored, or refused with a status the widget retries.
    let mut retry = Vec::new();
    for (i, (status, body, _)) in answered.iter().enumerate() {
        match status {
            200 => assert_eq!(body, &json!({})),
            503 => {
                assert_eq!(body["code"], 14, "{body}");
                retry.push(i);
            }
            other => panic!("upload {i}: {other} {body}"),
        }
    }
    let last = answered.iter().map(|(_, _, at)| *at).max().unwrap();
    let after = answered
        .iter()
        .filter(|(_, _, at)| *at > refused_at)
        .count();
    println!(
        "drain: {after} of {UPLOADS} uploads answered after A stopped accepting \
         ({} refused 503); A exited 0 {:.2} s after SIGTERM",
        retry.len(),
        a_took.as_secs_f64()
    );
    assert!(
        last > refused_at,
        "uploads were still in flight when A stopped accepting, and were answered"
    );
    assert_eq!(
        count(&mut sql, "SELECT COUNT(*) FROM files") as usize,
        UPLOADS - retry.len(),
        "every upload answered 200 is stored, and no other"
    );
    // A gave back the entry it held; some are left for B.
    assert_eq!(
        count(
            &mut sql,
            "SELECT COUNT(*) FROM outbox WHERE lease_owner IS NOT NULL"
        ),
        0,
        "leases released"
    );
    let sent_by_a = backend.created().len();
    assert!(
        sent_by_a < DISPUTES,
        "A had {} left to send",
        DISPUTES - sent_by_a
    );

    // B takes the rest; the member's refused uploads, if any, go to B as the widget would.
    let (_b, url_b) = spawn(&config_b, &setup.env());
    for i in retry {
        let (uuid, _) = &disputes[i % DISPUTES];
        upload_pdf(&url_b, &token, uuid, &format!("receipt-{i}.pdf"), &pdf).await;
    }
    until(30, "every dispute forwarded", || {
        backend.created().len() >= DISPUTES
    })
    .await;
    let mut tickets: Vec<String> = backend
        .created()
        .into_iter()
        .map(|r| r.ticket_id.unwrap())
        .collect();
    tickets.sort();
    let mut filed: Vec<String> = disputes.iter().map(|(_, s)| s.clone()).collect();
    filed.sort();
    assert_eq!(tickets, filed, "each dispute sent once, none twice");
    assert_eq!(
        count(&mut sql, "SELECT COUNT(*) FROM files") as usize,
        UPLOADS
    );
    assert_eq!(
        count(&mut sql, "SELECT COUNT(*) FROM outbox WHERE state = 'sent'") as usize,
        DISPUTES
    );
}

/// What a test CA signed (PEM): its own certificate, the server's for 127.0.0.1 and localhost
/// with its key, and a client certificate with its key for each name asked for (the name as
/// the certificate's CN, which PostgreSQL's `cert` authentication takes as the user).
struct Signed {
    ca: String,
    server: (String, String),
    clients: Vec<(String, String)>,
}

fn certificates(name: &str, clients: &[&str]) -> Signed {
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name.push(rcgen::DnType::CommonName, name);
    let ca = rcgen::CertifiedIssuer::self_signed(ca, rcgen::KeyPair::generate().unwrap()).unwrap();
    let sign = |params: rcgen::CertificateParams| {
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &ca).unwrap();
        (cert.pem(), key.serialize_pem())
    };
    let server =
        sign(rcgen::CertificateParams::new(vec!["127.0.0.1".into(), "localhost".into()]).unwrap());
    let clients = clients
        .iter()
        .map(|user| {
            let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
            params
                .distinguished_name
                .push(rcgen::DnType::CommonName, *user);
            sign(params)
        })
        .collect();
    Signed {
        ca: ca.pem(),
        server,
        clients,
    }
}

/// A cluster taking TCP connections over TLS only, with `server`'s certificate and key; with
/// `clients_ca`, only those with a client certificate it signed for the user (`cert`).
fn tls_cluster(server: (String, String), clients_ca: Option<&str>) -> pg::Cluster {
    let mut settings = vec![
        "ssl=on".to_owned(),
        "ssl_cert_file=server.crt".into(),
        "ssl_key_file=server.key".into(),
    ];
    let mut files = vec![
        ("server.crt", server.0.into_bytes()),
        ("server.key", server.1.into_bytes()),
    ];
    let hba = match clients_ca {
        None => "local all all trust\nhostssl all all 127.0.0.1/32 trust\n",
        Some(ca) => {
            settings.push("ssl_ca_file=clients-ca.crt".into());
            files.push(("clients-ca.crt", ca.as_bytes().to_vec()));
            "local all all trust\nhostssl all all 127.0.0.1/32 cert\n"
        }
    };
    pg::Cluster::start_with(&pg::ClusterOptions {
        settings,
        hba: Some(hba),
        files,
    })
}

/// `setup`'s configuration with `server` as more `[server]` keys, parsed.
fn parsed(setup: &Setup<'_>, server: &str) -> Result<dispute_gateway::GatewayConfig, String> {
    let mut setup = setup.clone();
    setup.server = server.to_owned();
    let env = setup.env();
    dispute_gateway::GatewayConfig::parse(&setup.toml("http://127.0.0.1"), &|n| {
        env.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone())
    })
}

/// A gateway started as `setup` says with `server` keys: a member files, the dispute is
/// forwarded, and `/readyz` is ready.
async fn serves_over(setup: &Setup<'_>, server: &str, backend: &Backend) {
    let mut setup = setup.clone();
    setup.server = server.to_owned();
    let running = setup.start().await;
    let token = session(&running.url, "mbr-ana", ORG).await;
    file(
        &running.url,
        &token,
        "mbr-ana",
        vec![card("t-1", "Shop", 100)],
    )
    .await;
    until(20, "the dispute forwarded", || backend.created().len() == 1).await;
    assert_eq!(readyz(&running.url).await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_over_tls_connects_with_its_ca_and_refuses_another_by_name() {
    let Signed {
        ca,
        server: (cert, key),
        ..
    } = certificates("dispute-gateway test CA", &[]);
    let other_ca = certificates("another CA", &[]).ca;
    // Only TLS connections are let in over TCP.
    let cluster = tls_cluster((cert, key), None);
    let database = cluster.database();
    let dir = tempfile::tempdir().unwrap();
    let (ca_file, other_file) = (dir.path().join("ca.pem"), dir.path().join("other.pem"));
    std::fs::write(&ca_file, ca).unwrap();
    std::fs::write(&other_file, other_ca).unwrap();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(5, Duration::from_secs(60)).await;
    let config = |tls: &str| parsed(&Setup::new(&database, &backend.url, &idp.url), tls);

    // With the CA: the gateway opens, migrates and files over an encrypted connection.
    let tls = format!(
        "database_tls = \"verify-full\"\ndatabase_ca_file = \"{}\"",
        ca_file.display()
    );
    let gw = dispute_gateway::Gateway::open(config(&tls).unwrap()).unwrap();
    let encrypted = gw
        .core
        .with_db(|db| {
            db.conn().value::<bool>(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
        })
        .unwrap();
    assert_eq!(encrypted, Some(true), "the gateway's connection is TLS");
    drop(gw);
    serves_over(
        &Setup::new(&database, &backend.url, &idp.url),
        &tls,
        &backend,
    )
    .await;

    // Another CA: refused, the error naming the CA file and why.
    let wrong = format!(
        "database_tls = \"verify-full\"\ndatabase_ca_file = \"{}\"",
        other_file.display()
    );
    let e = dispute_gateway::Gateway::open(config(&wrong).unwrap())
        .err()
        .expect("a certificate from another CA is refused");
    assert!(e.starts_with("server.database: cannot open"), "{e}");
    assert!(e.contains("invalid peer certificate: UnknownIssuer"), "{e}");
    assert!(
        e.contains(&format!("server.database_ca_file {}", other_file.display())),
        "{e}"
    );
    // Without TLS: the server itself refuses (only hostssl lines), so the test above was TLS.
    let e = dispute_gateway::Gateway::open(config("database_tls = \"disable\"").unwrap())
        .err()
        .expect("plain TCP is refused by this cluster");
    assert!(e.contains("no encryption"), "{e}");
    // A CA file that is not one is named at start, before any connection.
    let e = config(&format!(
        "database_tls = \"verify-full\"\ndatabase_ca_file = \"{}\"",
        dir.path().join("missing.pem").display()
    ))
    .unwrap_err();
    assert!(e.starts_with("server.database_ca_file: cannot read"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_asking_for_a_client_certificate_takes_the_gateways_and_refuses_others() {
    let Signed {
        ca,
        server: (cert, key),
        clients,
    } = certificates("dispute-gateway test CA", &["postgres", "mallory"]);
    // Over TCP: TLS only, and only with a certificate this CA signed for the user connecting.
    let cluster = tls_cluster((cert, key), Some(&ca));
    let database = cluster.database();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let ca_file = write("ca.pem", &ca);
    let gateway = (
        write("gw.crt", &clients[0].0),
        write("gw.key", &clients[0].1),
    );
    let mallory = (write("m.crt", &clients[1].0), write("m.key", &clients[1].1));
    let tls = |client: Option<&(String, String)>| {
        let mut keys = format!("database_tls = \"verify-full\"\ndatabase_ca_file = \"{ca_file}\"");
        if let Some((cert, key)) = client {
            keys.push_str(&format!(
                "\ndatabase_cert_file = \"{cert}\"\ndatabase_key_file = \"{key}\""
            ));
        }
        keys
    };
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(5, Duration::from_secs(60)).await;
    let setup = Setup::new(&database, &backend.url, &idp.url);

    // With its certificate: the gateway opens, migrates, files and forwards.
    serves_over(&setup, &tls(Some(&gateway)), &backend).await;

    // Without one, or with one for another user: the server refuses, and the error says why.
    let open = |client| dispute_gateway::Gateway::open(parsed(&setup, &tls(client)).unwrap());
    let e = open(None).err().expect("no client certificate is refused");
    assert!(
        e.contains("connection requires a valid client certificate"),
        "{e}"
    );
    let e = open(Some(&mallory))
        .err()
        .expect("another user's certificate is refused");
    assert!(
        e.contains("certificate authentication failed for user \"postgres\""),
        "{e}"
    );
}
