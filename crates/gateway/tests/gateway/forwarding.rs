//! The outbox end to end against the fake of Casap's server API: the mapping as received, the
//! evidence link, the timeline, pacing under 429s and 5xx, dead letters and their requeue, and
//! disputes held for staff.

use std::time::Duration;

use jsonwebtoken::Algorithm;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::util::*;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dispute_reaches_the_back_end_as_mapped_with_its_documents() {
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(5, Duration::from_secs(60)).await;
    let gw = Setup::new(":memory:", &backend.url, &idp.url).start().await;
    let token = session(&gw.url, "mbr-ana", ORG).await;
    let d = file(
        &gw.url,
        &token,
        "mbr-ana",
        vec![
            card("t-1", "Coffee Roasters", 1299),
            card("t-2", "Book Nook", 2500),
        ],
    )
    .await;
    let uuid = d["uuid"].as_str().unwrap().to_owned();
    let short_id = d["shortId"].as_str().unwrap().to_owned();
    let pdf = [b"%PDF-1.7\n".as_slice(), &[7u8; 3000]].concat();
    upload_pdf(&gw.url, &token, &uuid, "receipt.pdf", &pdf).await;

    until(10, "the dispute forwarded", || backend.created().len() == 1).await;
    let got = backend.created().remove(0);
    assert_eq!(backend.received().len(), 1, "exactly one request");
    let v1 = &got.body["v1"];
    assert_eq!(got.body["version"], 1);
    assert_eq!(v1["orgUUID"], "76851218-a1e8-418e-9151-8c2d61709521");
    let t = &v1["transactionDetails"];
    assert_eq!(t[0]["transactionID"], "t-1");
    assert_eq!(t[0]["merchant"], "Coffee Roasters");
    assert_eq!(t[0]["transactedAmount"], 1299);
    assert_eq!(t[0]["settledAmount"], 1299);
    assert_eq!(t[0]["transactionTimestamp"], 1_764_322_791);
    assert_eq!(
        (t[0]["network"].clone(), t[0]["transactionType"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(t[1]["transactionID"], "t-2");
    assert_eq!(t[0]["thirdPartyTicketID"], short_id.as_str());
    assert_eq!(
        t[0]["thirdPartyTicketUrl"],
        format!("{}/staff/cases/{short_id}", gw.url)
    );
    assert_eq!(
        v1["customerInfo"],
        json!({ "name": "Ana Reyes", "email": "ana@example.org", "accountId": "acct-1" })
    );
    let comment = v1["notes"]["comment"].as_str().unwrap();
    assert!(
        comment.contains("Reason: Unauthorized transaction"),
        "{comment}"
    );
    assert!(
        comment.contains("- Where is your card now?: I have it"),
        "{comment}"
    );
    assert!(comment.contains("- Signature: Ana Reyes"), "{comment}");

    // The evidence link lists the PDF (uploaded after filing) and serves the same bytes.
    let link = v1["notes"]["fileUrls"][0].as_str().unwrap();
    let listing = http().get(link).send().await.unwrap().text().await.unwrap();
    assert!(listing.contains("receipt.pdf"), "{listing}");
    // The member's explanation, whole and as text.
    assert!(
        listing.contains("Not mine: &lt;b&gt;I was at home&lt;/b&gt;."),
        "{listing}"
    );
    let href = listing
        .split("href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let served = http()
        .get(format!("{}{href}", gw.url))
        .send()
        .await
        .unwrap();
    assert_eq!(served.headers()["content-type"], "application/pdf");
    assert_eq!(
        hex(&Sha256::digest(served.bytes().await.unwrap())),
        hex(&Sha256::digest(&pdf))
    );
    // Without the signature, or with another one, nothing.
    let bare = link.split('?').next().unwrap();
    assert_eq!(http().get(bare).send().await.unwrap().status(), 404);
    let forged = link.replace("sig=", "sig=0");
    assert_eq!(http().get(forged).send().await.unwrap().status(), 404);

    // My disputes: open, and sent to the dispute team with the back end's id (recorded once
    // the back end has answered).
    let mut status: Value = Value::Null;
    for _ in 0..100 {
        status = get_json(&format!("{}/v1/dispute/status/{uuid}", gw.url), &token).await;
        if status.to_string().contains("DISPUTE_EVENT_TYPE_FORWARDED") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let log = status["dispute"]["auditLog"].as_array().unwrap();
    let kinds: Vec<&str> = log
        .iter()
        .map(|e| e["eventType"].as_str().unwrap())
        .collect();
    assert_eq!(status["dispute"]["status"], "DISPUTE_STATUS_OPEN");
    assert!(
        kinds.contains(&"DISPUTE_EVENT_TYPE_UPLOAD_FILE"),
        "{kinds:?}"
    );
    let fwd = log
        .iter()
        .find(|e| e["eventType"] == "DISPUTE_EVENT_TYPE_FORWARDED")
        .unwrap();
    assert_eq!(fwd["reference"], got.uuid.unwrap().as_str());

    // The staff page of the case, behind credentials.
    let page = staff_get(&gw.url, &format!("/staff/cases/{short_id}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("receipt.pdf") && html.contains("sent"),
        "{html}"
    );
    let anonymous = http()
        .get(format!("{}/staff/cases/{short_id}", gw.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_drains_at_the_back_ends_rate_through_429s_and_500s() {
    const N: usize = 30;
    const WINDOW_MS: u64 = 2000;
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    // The back end takes 5 a window; the gateway is configured for 10 and must learn 5 from
    // X-RateLimit-Limit.
    let backend = Backend::start(5, Duration::from_millis(WINDOW_MS)).await;
    backend
        .fake
        .set_faults(dispute_sandbox::casap_server::FakeFaults {
            fail500: 2,
            fail429: 2,
        });
    let mut setup = Setup::new(":memory:", &backend.url, &idp.url);
    setup.rate = 10;
    setup.window_ms = WINDOW_MS;
    let gw = setup.start().await;
    let token = session(&gw.url, "mbr-ana", ORG).await;
    let mut tickets = Vec::new();
    for i in 0..N {
        let d = file(
            &gw.url,
            &token,
            "mbr-ana",
            vec![card(&format!("b-{i}"), "Shop", 100 + i as i64)],
        )
        .await;
        tickets.push(d["shortId"].as_str().unwrap().to_owned());
    }
    until(90, "the burst drained", || backend.created().len() >= N).await;

    let all = backend.received();
    let created = backend.created();
    let mut got: Vec<String> = created
        .iter()
        .map(|r| r.ticket_id.clone().unwrap())
        .collect();
    got.sort();
    tickets.sort();
    assert_eq!(got, tickets, "every dispute exactly once");
    // No request before a 429's Retry-After had passed.
    for (i, r) in all.iter().enumerate() {
        if r.status == 429
            && let Some(next) = all.get(i + 1)
        {
            let wait = r.retry_after.unwrap() * 1000;
            assert!(
                next.at_ms >= r.at_ms + wait,
                "request {} came {} ms after a 429 asking {wait} ms",
                i + 1,
                next.at_ms - r.at_ms
            );
        }
    }
    // The limit learned from the first natural 429 is never exceeded again.
    let natural = all.iter().filter(|r| r.outcome == "rate_limited").count();
    assert!(natural <= 1, "{natural} natural 429s");
    assert_eq!(
        all.iter().filter(|r| r.outcome == "injected_429").count(),
        2
    );
    assert_eq!(
        all.iter().filter(|r| r.outcome == "injected_500").count(),
        2
    );
    let metrics = staff_get(&gw.url, "/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains(&format!(
            "dispute_gateway_outbox_entries{{state=\"sent\"}} {N}"
        )),
        "{metrics}"
    );
    assert!(
        metrics.contains("dispute_gateway_outbox_entries{state=\"dead\"} 0"),
        "{metrics}"
    );
    assert!(
        metrics.contains("dispute_gateway_outbox_failed_total 2"),
        "{metrics}"
    );
    println!(
        "forwarding: {N} disputes in {} ms at 5 per {WINDOW_MS} ms ({} requests, {natural} natural 429s)",
        created.last().unwrap().at_ms - all[0].at_ms,
        all.len()
    );
}

pub fn cli(config: &std::path::Path, env: &[(&'static str, String)], args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dispute-gateway"))
        .arg("--config")
        .arg(config)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_makes_dead_letters_that_requeue_after_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gw.sqlite");
    let db = db.to_str().unwrap();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(100, Duration::from_secs(1)).await;
    let mut setup = Setup::new(db, &backend.url, &idp.url);
    setup.secret = "a-wrong-secret";
    let mut gw = setup.start().await;
    let token = session(&gw.url, "mbr-ana", ORG).await;
    for i in 0..3 {
        file(
            &gw.url,
            &token,
            "mbr-ana",
            vec![card(&format!("w-{i}"), "Shop", 100)],
        )
        .await;
    }
    until(10, "three refusals", || backend.received().len() == 3).await;
    assert!(backend.received().iter().all(|r| r.status == 401));
    let mut metrics = String::new();
    for _ in 0..100 {
        metrics = staff_get(&gw.url, "/metrics").await.text().await.unwrap();
        if metrics.contains("dispute_gateway_outbox_entries{state=\"dead\"} 3") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        metrics.contains("dispute_gateway_outbox_dead_total 3"),
        "{metrics}"
    );
    assert!(
        metrics.contains("dispute_gateway_outbox_entries{state=\"dead\"} 3"),
        "{metrics}"
    );
    let config = dir.path().join("gateway.toml");
    std::fs::write(&config, setup.toml("http://127.0.0.1")).unwrap();
    let listed = cli(&config, &[], &["outbox", "list", "--state", "dead"]);
    assert_eq!(
        listed.matches("HTTP 401: Unauthorized").count(),
        3,
        "{listed}"
    );
    assert!(
        listed.contains("0 pending, 0 sent, 0 held, 3 dead"),
        "{listed}"
    );

    // The operator fixes the secret, restarts, and requeues.
    gw.stop_worker().await;
    setup.secret = API_SECRET;
    let gw = setup.start().await;
    assert!(cli(&config, &[], &["outbox", "requeue-dead"]).contains("3 dead entries requeued"));
    until(10, "the requeued disputes forwarded", || {
        backend.created().len() == 3
    })
    .await;
    let listed = cli(&config, &[], &["outbox", "list"]);
    assert!(
        listed.contains("0 pending, 3 sent, 0 held, 0 dead"),
        "{listed}"
    );
    drop(gw);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_back_end_cannot_take_is_held_for_staff() {
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let backend = Backend::start(100, Duration::from_secs(1)).await;
    let gw = Setup::new(":memory:", &backend.url, &idp.url).start().await;
    let token = session(&gw.url, "mbr-ana", ORG).await;
    let mut transfer = card("x-1", "Rent", 120_000);
    transfer["type"] = json!("TRANSACTION_TYPE_TRANSFER");
    let d = file(&gw.url, &token, "mbr-ana", vec![transfer]).await;
    file(&gw.url, &token, "mbr-ana", vec![card("x-2", "Shop", 100)]).await;
    until(10, "the card dispute forwarded", || {
        backend.created().len() == 1
    })
    .await;
    assert_eq!(backend.received().len(), 1, "the transfer was never sent");
    let held: Value = staff_get(&gw.url, "/staff/outbox?state=held")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(held[0]["shortId"], d["shortId"]);
    assert!(
        held[0]["problem"]
            .as_str()
            .unwrap()
            .contains("is a transfer"),
        "{held}"
    );
}
