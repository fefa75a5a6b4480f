//! The gateway as an operations team runs it, on either store: the probes a load balancer
//! reads, and the JSON log lines a log platform indexes (none holding a token, a secret or a
//! signature).

use std::time::Duration;

use jsonwebtoken::Algorithm;
use serde_json::{Value, json};

use crate::crash::spawn_logging;
use crate::util::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_probes_answer_without_credentials_and_readyz_follows_the_worker() {
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(5, Duration::from_secs(60)).await;
    let mut gw = Setup::new(":memory:", &backend.url, &idp.url).start().await;
    let base = gw.url.clone();
    let get = async |path: &str| {
        let r = http().get(format!("{base}{path}")).send().await.unwrap();
        let status = r.status().as_u16();
        assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
        (status, r.json::<Value>().await.unwrap())
    };
    assert_eq!(get("/livez").await, (200, json!({ "status": "live" })));
    // Words only: no versions, hosts or errors.
    assert_eq!(
        get("/readyz").await,
        (
            200,
            json!({ "status": "ready",
                "checks": { "database": "ok", "schema": "current", "worker": "ok" } })
        )
    );
    // A worker that no longer comes round (stopped here, as a hung one would) makes the
    // instance unready once the time it announced and the grace have passed; live still.
    gw.stop_worker().await;
    tokio::time::sleep(Duration::from_millis(6_000)).await;
    let (status, body) = get("/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "unready");
    assert_eq!(body["checks"]["worker"], "stalled");
    assert_eq!(body["checks"]["database"], "ok");
    assert_eq!(get("/livez").await.0, 200);
}

/// Every line of `log` as JSON; fails naming the first line that is not an object.
fn lines(log: &str) -> Vec<Value> {
    log.lines()
        .map(|l| match serde_json::from_str::<Value>(l) {
            Ok(v) if v.is_object() => v,
            _ => panic!("not a JSON object: {l}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_parse_line_by_line_and_hold_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(5, Duration::from_secs(60)).await;
    let db = dir.path().join("gw.sqlite");
    let addr = free_addr();
    let mut setup = Setup::new(db.to_str().unwrap(), &backend.url, &idp.url);
    setup.addr = &addr;
    setup.more = "[log]\nformat = \"json\"\nlevel = \"info\"".into();
    let config = dir.path().join("gateway.toml");
    std::fs::write(&config, setup.toml(&format!("http://{addr}"))).unwrap();
    let log_path = dir.path().join("stderr.log");
    let log_file = std::fs::File::create(&log_path).unwrap();
    // RUST_LOG is the filter's default here: `info`, as the file says.
    let (mut gw, url) = spawn_logging(&config, &setup.env(), "info", log_file.into());

    // A member's whole visit: the provider's JWT, a session token, a filing, a document.
    let jwt = mint(
        "rsa1.pem",
        Algorithm::RS256,
        Some("rs-1"),
        &claims("mbr-ana", ORG),
    );
    let r = http()
        .get(format!("{url}/v1/authenticate"))
        .bearer_auth(&jwt)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let token = r.json::<Value>().await.unwrap()["sessionToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = http()
        .get(format!("{url}/v1/disputes"))
        .bearer_auth(&token)
        .header("x-request-id", "0b0f5e7a-widget-1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let d = file(&url, &token, "mbr-ana", vec![card("t-1", "Shop", 1299)]).await;
    let uuid = d["uuid"].as_str().unwrap().to_owned();
    let pdf = [b"%PDF-1.7\n".as_slice(), &[7u8; 2000]].concat();
    upload_pdf(&url, &token, &uuid, "receipt.pdf", &pdf).await;
    // The back end's team opens the signed evidence link.
    until(10, "the dispute forwarded", || backend.created().len() == 1).await;
    let link = backend.created()[0].body["v1"]["notes"]["fileUrls"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let sig = link.split("sig=").nth(1).unwrap().to_owned();
    assert_eq!(http().get(&link).send().await.unwrap().status(), 200);
    // Staff, a secret in a query string, a request id that is not a plain token, the probes.
    assert_eq!(staff_get(&url, "/staff/outbox").await.status(), 200);
    let leaked = http()
        .get(format!("{url}/v1/nowhere?session=leak-me-please"))
        .header("x-request-id", "bad id \"x\"")
        .send()
        .await
        .unwrap();
    assert_eq!(leaked.status(), 404);
    assert_eq!(
        http()
            .get(format!("{url}/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert!(gw.terminate(30).await.success(), "exit 0 after SIGTERM");

    let log = std::fs::read_to_string(&log_path).unwrap();
    let all = lines(&log);
    for l in &all {
        for key in ["timestamp", "level", "target", "message"] {
            assert!(l.get(key).is_some(), "no {key}: {l}");
        }
    }
    let requests: Vec<&Value> = all.iter().filter(|l| l["message"] == "request").collect();
    for r in &requests {
        for key in ["method", "path", "request_id", "status", "latency_ms"] {
            assert!(r.get(key).is_some(), "a request line without {key}: {r}");
        }
        assert!(r["status"].is_u64() && r["latency_ms"].is_number(), "{r}");
    }
    let find = |path: &str, status: u64| {
        requests
            .iter()
            .find(|r| r["path"] == path && r["status"] == status)
            .unwrap_or_else(|| panic!("no request line for {path} {status}:\n{log}"))
    };
    assert_eq!(find("/v1/disputes", 200)["request_id"], "0b0f5e7a-widget-1");
    assert_eq!(find("/v1/nowhere", 404)["request_id"], "invalid");
    find(&format!("/v1/disputes/{uuid}/files"), 200);
    find(&format!("/evidence/{uuid}"), 200);
    find("/staff/outbox", 200);
    find("/v1/authenticate", 200);
    // Probes answered 200, every few seconds from a load balancer, are not at info.
    assert!(
        !requests.iter().any(|r| r["path"] == "/readyz"),
        "a probe's request line at info:\n{log}"
    );
    assert!(
        all.iter().any(|l| l["message"] == "ready"),
        "the first readiness is logged:\n{log}"
    );
    // The drain said what it did.
    for said in [
        "drain: no longer accepting; finishing requests in flight",
        "stopped",
    ] {
        assert!(all.iter().any(|l| l["message"] == said), "{said}:\n{log}");
    }
    // Nothing secret, in any line.
    let basic = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", STAFF.0, STAFF.1))
    };
    for secret in [
        jwt.as_str(),
        token.as_str(),
        API_KEY,
        API_SECRET,
        LINK_KEY,
        STAFF.1,
        basic.as_str(),
        sig.as_str(),
        "leak-me-please",
        "Bearer",
    ] {
        assert!(!log.contains(secret), "{secret:?} is in the log:\n{log}");
    }
}
