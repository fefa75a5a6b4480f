//! Several gateway instances on one PostgreSQL database, as a credit union runs them behind a
//! load balancer: filed through one, read through the other; the outbox shared, a `kill -9`d
//! instance's work taken over, the back end's rate limit and the members' held across both;
//! two instances starting together on an empty database migrate it once.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use dispute_server::sql::Conn;
use jsonwebtoken::Algorithm;
use serde_json::Value;

use crate::crash::{Proc, spawn};
use crate::pg;
use crate::util::*;

/// A configuration file for an instance on `database` listening on `addr`.
fn config(dir: &std::path::Path, setup: &Setup<'_>, name: &str) -> std::path::PathBuf {
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, setup.toml(&format!("http://{}", setup.addr))).unwrap();
    path
}

/// Two instances with `setup`'s settings (its `addr` replaced by each one's): their processes,
/// URLs, configuration files and environment.
struct Pair {
    a: Proc,
    b: Proc,
    url_a: String,
    url_b: String,
    config_a: std::path::PathBuf,
    env: Vec<(&'static str, String)>,
}

fn pair(dir: &std::path::Path, setup: Setup<'_>) -> Pair {
    let (addr_a, addr_b) = (free_addr(), free_addr());
    // The same settings, borrowing these addresses for as long as they live.
    let mut setup = Setup { ..setup };
    setup.addr = &addr_a;
    let config_a = config(dir, &setup, "a");
    setup.addr = &addr_b;
    let config_b = config(dir, &setup, "b");
    let env = setup.env();
    let (a, url_a) = spawn(&config_a, &env);
    let (b, url_b) = spawn(&config_b, &env);
    Pair {
        a,
        b,
        url_a,
        url_b,
        config_a,
        env,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_one_outbox_and_one_rate_limit_through_a_kill_9() {
    const N: usize = 60;
    const LIMIT: u32 = 10;
    const WINDOW_MS: u64 = 1000;
    let database = pg::cluster().database();
    let dir = tempfile::tempdir().unwrap();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    // The fake refuses (429) any request past LIMIT in a window: the gateways must never
    // get there, together.
    let backend = Backend::start(LIMIT, Duration::from_millis(WINDOW_MS)).await;
    let mut setup = Setup::new(&database, &backend.url, &idp.url);
    setup.rate = LIMIT;
    setup.window_ms = WINDOW_MS;
    let Pair {
        mut a,
        b: _b,
        url_a,
        url_b,
        config_a,
        env,
    } = pair(dir.path(), setup);
    // One session, signed in through A, used on either (no sticky sessions).
    let token = session(&url_a, "mbr-ana", ORG).await;

    let mut filed: Vec<(String, String)> = Vec::new(); // (uuid, case number)
    let file_one = async |url: &str, i: usize| {
        let d = file(
            url,
            &token,
            "mbr-ana",
            vec![card(&format!("m-{i}"), "Shop", 100)],
        )
        .await;
        (
            d["uuid"].as_str().unwrap().to_owned(),
            d["shortId"].as_str().unwrap().to_owned(),
        )
    };
    // The first 30 alternately through A and B.
    for i in 0..30 {
        let url = if i % 2 == 0 { &url_a } else { &url_b };
        filed.push(file_one(url, i).await);
    }
    until(30, "part of the drain", || backend.created().len() >= 12).await;
    a.kill(); // SIGKILL: whatever A was sending is left leased to it
    let at_kill = backend.created().len();
    // Ten through B alone, then A again, and the rest alternately.
    for i in 30..40 {
        filed.push(file_one(&url_b, i).await);
    }
    let (_a, url_a) = spawn(&config_a, &env);
    for i in 40..N {
        let url = if i % 2 == 0 { &url_a } else { &url_b };
        filed.push(file_one(url, i).await);
    }

    let tickets = || {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for r in backend.created() {
            *counts.entry(r.ticket_id.unwrap()).or_default() += 1;
        }
        counts
    };
    until(60, "every dispute forwarded", || tickets().len() == N).await;
    // Anything still in flight lands.
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Every dispute forwarded; a duplicate only for the one send A may have had in flight
    // when it was killed, sent again with the same ticket id.
    let counts = tickets();
    let mut want: Vec<String> = filed.iter().map(|(_, s)| s.clone()).collect();
    want.sort();
    assert_eq!(counts.keys().cloned().collect::<Vec<_>>(), want);
    let duplicated: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        duplicated.len() <= 1 && duplicated.iter().all(|(_, n)| **n == 2),
        "{duplicated:?}"
    );

    // The rate limit, across both instances, by the back end's own clock: never refused, and
    // no LIMIT + 1 requests within one window.
    let received = backend.received();
    assert!(
        received.iter().all(|r| r.outcome == "created"),
        "{:?}",
        received.iter().map(|r| r.outcome).collect::<Vec<_>>()
    );
    let mut at: Vec<u64> = received.iter().map(|r| r.at_ms).collect();
    at.sort();
    for (i, t) in at.iter().enumerate().skip(LIMIT as usize) {
        let first = at[i - LIMIT as usize];
        assert!(
            t - first >= WINDOW_MS,
            "{} requests within {} ms (at {first} and {t})",
            LIMIT + 1,
            t - first
        );
    }

    // Filed through one, read through the other: each case and the whole list on both.
    for (i, (uuid, short_id)) in filed.iter().enumerate() {
        let other = if i % 2 == 0 { &url_b } else { &url_a };
        let got = get_json(&format!("{other}/v1/dispute/status/{uuid}"), &token).await;
        assert_eq!(got["dispute"]["shortId"], short_id.as_str());
    }
    for url in [&url_a, &url_b] {
        let list = get_json(&format!("{url}/v1/disputes?page=1&size=10"), &token).await;
        assert_eq!(list["totalItems"], N as i64, "{list}");
    }
    println!(
        "two instances, kill -9 of one: {at_kill} of {N} forwarded before the kill, {} \
         duplicate(s); {} requests, at most {LIMIT} in any {WINDOW_MS} ms",
        duplicated.len(),
        received.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_members_rate_limit_holds_across_instances() {
    let database = pg::cluster().database();
    let dir = tempfile::tempdir().unwrap();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(100, Duration::from_secs(1)).await;
    let mut setup = Setup::new(&database, &backend.url, &idp.url);
    setup.member_rate = 6;
    let Pair {
        a: _a,
        b: _b,
        url_a,
        url_b,
        ..
    } = pair(dir.path(), setup);
    let token = session(&url_a, "mbr-ana", ORG).await;
    let mut statuses = Vec::new();
    for i in 0..8 {
        let url = if i % 2 == 0 { &url_a } else { &url_b };
        let r = http()
            .get(format!("{url}/v1/disputes?page=1&size=1"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    // Six a minute in all, not six on each instance.
    assert_eq!(statuses, [200, 200, 200, 200, 200, 200, 429, 429]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_starting_together_migrate_once() {
    let database = pg::cluster().database();
    let dir = tempfile::tempdir().unwrap();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(100, Duration::from_secs(1)).await;
    let mut children = Vec::new();
    let mut logs = Vec::new();
    let addrs = [free_addr(), free_addr()];
    for (i, addr) in addrs.iter().enumerate() {
        let mut setup = Setup::new(&database, &backend.url, &idp.url);
        setup.addr = addr;
        let config = config(dir.path(), &setup, &format!("g{i}"));
        let log = dir.path().join(format!("g{i}.log"));
        // Both started before either is waited for.
        let child = Command::new(env!("CARGO_BIN_EXE_dispute-gateway"))
            .arg("--config")
            .arg(&config)
            .envs(setup.env().iter().map(|(k, v)| (*k, v.as_str())))
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        children.push(Proc::from(child));
        logs.push(log);
    }
    for child in &mut children {
        let mut line = String::new();
        BufReader::new(child.stdout().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(
            line.contains("listening"),
            "an instance did not start: {line:?}"
        );
    }
    let applied: usize = logs
        .iter()
        .map(|l| {
            std::fs::read_to_string(l)
                .unwrap()
                .matches("schema migration applied")
                .count()
        })
        .sum();
    let mut conn = Conn::connect_postgres(&database, &Default::default()).unwrap();
    let versions: i64 = conn
        .value("SELECT COUNT(*) FROM schema_migrations", &[])
        .unwrap()
        .unwrap();
    assert_eq!(
        applied, versions as usize,
        "each migration applied once, by one instance"
    );
    assert!(
        versions >= 8,
        "the member surface's and the gateway's: {versions}"
    );
    // Both serve.
    for addr in &addrs {
        let token = session(&format!("http://{addr}"), "mbr-ana", ORG).await;
        let list: Value =
            get_json(&format!("http://{addr}/v1/disputes?page=1&size=1"), &token).await;
        assert_eq!(list["totalItems"], 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn db_on_the_command_line_overrides_the_file() {
    let database = pg::cluster().database();
    let dir = tempfile::tempdir().unwrap();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    // A back end that refuses the key: the entry goes dead, for the CLI to see and requeue.
    let backend = Backend::start(100, Duration::from_secs(1)).await;
    let addr = free_addr();
    // The file names a SQLite file that cannot be created; --db is what counts.
    let mut setup = Setup::new("/nonexistent/folder/gw.sqlite", &backend.url, &idp.url);
    setup.secret = "not-the-secret";
    setup.addr = &addr;
    let config = config(dir.path(), &setup, "file");
    let env = setup.env();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dispute-gateway"))
        .arg("--config")
        .arg(&config)
        .args(["--db", &database])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .map(Proc::from)
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    let token = session(&url, "mbr-ana", ORG).await;
    let d = file(&url, &token, "mbr-ana", vec![card("db-1", "Shop", 100)]).await;
    let short_id = d["shortId"].as_str().unwrap().to_owned();
    until(10, "the refusal", || !backend.received().is_empty()).await;
    let list = || crate::forwarding::cli(&config, &env, &["--db", &database, "outbox", "list"]);
    for _ in 0..50 {
        if list().contains("dead") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let out = list();
    assert!(
        out.contains(&short_id) && out.contains("0 pending, 0 sent, 0 held, 1 dead"),
        "{out}"
    );
    // Without --db the file's database is used, and it cannot be opened: said, and nothing
    // else (no password, as there is none here, nor a panic).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dispute-gateway"))
        .arg("--config")
        .arg(&config)
        .args(["outbox", "list"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot open /nonexistent/folder/gw.sqlite"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_pauses_every_instance() {
    const N: usize = 8;
    let database = pg::cluster().database();
    let dir = tempfile::tempdir().unwrap();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(100, Duration::from_secs(1)).await;
    // The first send is answered 429 with Retry-After: 1.
    backend
        .fake
        .set_faults(dispute_sandbox::casap_server::FakeFaults {
            fail500: 0,
            fail429: 1,
        });
    let setup = Setup::new(&database, &backend.url, &idp.url);
    let Pair {
        a: _a,
        b: _b,
        url_a,
        url_b,
        ..
    } = pair(dir.path(), setup);
    let token = session(&url_a, "mbr-ana", ORG).await;
    for i in 0..N {
        let url = if i % 2 == 0 { &url_a } else { &url_b };
        file(
            url,
            &token,
            "mbr-ana",
            vec![card(&format!("p-{i}"), "Shop", 100)],
        )
        .await;
    }
    until(20, "every dispute forwarded", || {
        backend.created().len() == N
    })
    .await;
    let received = backend.received();
    let paused_at = received
        .iter()
        .find(|r| r.outcome == "injected_429")
        .expect("the 429 was sent")
        .at_ms;
    // Within the pause, at most the one send the other instance may have had on its way when
    // the 429 came; every other send waits for Retry-After, whichever instance sends it.
    let within: Vec<u64> = received
        .iter()
        .map(|r| r.at_ms)
        .filter(|at| *at > paused_at && *at < paused_at + 1000)
        .collect();
    assert!(
        within.len() <= 1,
        "sent during the pause: {within:?} (429 at {paused_at})"
    );
    assert!(
        received
            .iter()
            .filter(|r| r.at_ms >= paused_at + 1000)
            .count()
            >= N - 2,
        "the rest after the pause"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_transaction_filed_through_both_at_once_is_one_dispute() {
    let database = pg::cluster().database();
    let dir = tempfile::tempdir().unwrap();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(1000, Duration::from_secs(1)).await;
    let mut setup = Setup::new(&database, &backend.url, &idp.url);
    setup.rate = 1000;
    let Pair {
        a: _a,
        b: _b,
        url_a,
        url_b,
        ..
    } = pair(dir.path(), setup);
    let token = session(&url_a, "mbr-ana", ORG).await;
    for round in 0..15 {
        // The same card transaction, from two tabs, through two instances, at once.
        let txn = || vec![card(&format!("same-{round}"), "Shop", 100)];
        let (a, b) = tokio::join!(
            try_file(&url_a, &token, "mbr-ana", txn()),
            try_file(&url_b, &token, "mbr-ana", txn())
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort();
        assert_eq!(
            statuses,
            [200, 409],
            "round {round}: one dispute, one refusal"
        );
        let refused = if a.status() == 409 { a } else { b };
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["code"], 6, "ALREADY_EXISTS: {body}");
    }
    let list = get_json(&format!("{url_b}/v1/disputes?page=1&size=1"), &token).await;
    assert_eq!(list["totalItems"], 15);
}
