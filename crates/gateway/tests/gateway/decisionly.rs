//! The gateway with the Decisionly connector against the sandbox's fake: a dispute becomes one
//! valid case per card transaction, enriched from a CSV; a case missing a required field is held
//! with the field named; `kill -9` while forwarding leaves each case existing exactly once.

use std::sync::Arc;
use std::time::Duration;

use dispute_sandbox::decisionly::FakeDecisionly;
use jsonwebtoken::Algorithm;
use serde_json::{Value, json};

use crate::util::*;

const CSV_HEADER: &str = "transaction_uuid,category_code,last4,expiry_month,expiry_year,network,arn,switch_serial_number,system";

struct Fake {
    url: String,
    fake: Arc<FakeDecisionly>,
}

async fn fake() -> Fake {
    let fake = Arc::new(FakeDecisionly::new(API_KEY));
    let addr = serve(dispute_sandbox::decisionly::routes(fake.clone())).await;
    Fake {
        url: format!("http://{addr}"),
        fake,
    }
}

/// Card facts for transactions `prefix-0` .. `prefix-{n-1}`.
fn csv(dir: &std::path::Path, prefix: &str, n: usize) -> String {
    let mut text = format!("{CSV_HEADER}\n");
    for i in 0..n {
        text.push_str(&format!(
            "{prefix}-{i},5732,4242,9,2029,,7400000000000000000{i:04},,dual_message\n"
        ));
    }
    let path = dir.join("cards.csv");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn decisionly_backend(csv: &str) -> String {
    format!("kind = \"decisionly\"\nenrichment_csv = \"{csv}\"")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dispute_becomes_valid_cases_and_what_lacks_a_field_is_held() {
    let dir = tempfile::tempdir().unwrap();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let dly = fake().await;
    let mut setup = Setup::new(":memory:", &dly.url, &idp.url);
    setup.backend = Some(format!(
        "{}\npoll_interval_ms = 50",
        decisionly_backend(&csv(dir.path(), "c", 2))
    ));
    let mut gw = setup.start().await;
    let token = session(&gw.url, "mbr-ana", ORG).await;
    let d = file(
        &gw.url,
        &token,
        "mbr-ana",
        vec![
            card("c-0", "Gadget Galaxy", 24_999),
            card("c-1", "FreshMart", 6_723),
        ],
    )
    .await;
    let short_id = d["shortId"].as_str().unwrap().to_owned();
    until(10, "two cases", || dly.fake.cases().len() == 2).await;
    let cases = dly.fake.cases();
    let first = &cases[&format!("{short_id}-1")];
    assert_eq!(first.reason, "fraud");
    assert_eq!(first.status.as_deref(), Some("created"));
    assert_eq!(first.transaction.card.last4, "4242");
    assert_eq!(first.transaction.card.network, "visa");
    assert_eq!(first.transaction.amount, 24_999);
    assert_eq!(first.merchant.category_code.as_deref(), Some("5732"));
    assert_eq!(first.custom_fields["case_number"], short_id);
    assert_eq!(cases[&format!("{short_id}-2")].merchant.name, "FreshMart");
    assert!(dly.fake.received().iter().all(|r| r.status == 200));

    // The member's timeline names the cases.
    let uuid = d["uuid"].as_str().unwrap();
    let mut sent = String::new();
    for _ in 0..100 {
        let status = get_json(&format!("{}/v1/dispute/status/{uuid}", gw.url), &token).await;
        if let Some(e) = status["dispute"]["auditLog"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["eventType"] == "DISPUTE_EVENT_TYPE_FORWARDED")
        {
            sent = e["reference"].as_str().unwrap().to_owned();
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(sent, format!("{short_id}-1, {short_id}-2"));

    // A document added after filing is sent to Decisionly and listed in both cases.
    let pdf = [b"%PDF-1.7\n".as_slice(), &[9u8; 5000]].concat();
    upload_pdf(&gw.url, &token, uuid, "receipt.pdf", &pdf).await;
    until(10, "the document listed in both cases", || {
        dly.fake
            .cases()
            .values()
            .all(|c| c.issuer_evidence.documentation == vec!["file_1".to_owned()])
    })
    .await;
    let stored = http()
        .get(format!("{}/sandbox/decisionly/files/file_1", dly.url))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(stored.as_ref(), pdf.as_slice(), "byte-identical");

    // No card facts for this one: held, the field named, nothing sent.
    let held = file(
        &gw.url,
        &token,
        "mbr-ana",
        vec![card("unknown-9", "Shop", 100)],
    )
    .await;
    let list: Value = staff_get(&gw.url, "/staff/outbox?state=held")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["shortId"], held["shortId"]);
    assert_eq!(
        list[0]["problem"],
        "transaction 1 (unknown-9): either arn or switch_serial_number is required and neither is known"
    );
    assert_eq!(dly.fake.cases().len(), 2);
    assert!(dly.fake.received().iter().all(|r| r.status == 200));

    // /readyz follows the case poller too (the check is there only with Decisionly): ready while
    // it comes round, unready once it stopped past what it announced and the grace.
    let url = gw.url.clone();
    let readyz = async || {
        let r = http().get(format!("{url}/readyz")).send().await.unwrap();
        (r.status().as_u16(), r.json::<Value>().await.unwrap())
    };
    let (status, body) = readyz().await;
    assert_eq!(
        (status, &body["checks"]["poller"]),
        (200, &json!("ok")),
        "{body}"
    );
    gw.stop_worker().await;
    tokio::time::sleep(Duration::from_millis(6_000)).await;
    let (status, body) = readyz().await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["checks"]["poller"], "stalled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_while_forwarding_leaves_each_case_once() {
    const N: usize = 12;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gw.sqlite");
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let dly = fake().await;
    let addr = free_addr();
    let mut setup = Setup::new(db.to_str().unwrap(), &dly.url, &idp.url);
    setup.rate = 5;
    setup.addr = &addr;
    setup.backend = Some(decisionly_backend(&csv(dir.path(), "k", N)));
    let config = dir.path().join("gateway.toml");
    std::fs::write(&config, setup.toml(&format!("http://{addr}"))).unwrap();
    let env = setup.env();

    let (mut child, url) = crate::crash::spawn(&config, &env);
    let token = session(&url, "mbr-ana", ORG).await;
    for i in 0..N {
        file(
            &url,
            &token,
            "mbr-ana",
            vec![card(&format!("k-{i}"), "Shop", 100 + i as i64)],
        )
        .await;
    }
    until(20, "part of the forwarding", || dly.fake.cases().len() >= 4).await;
    child.kill();
    let at_kill = dly.fake.cases().len();
    assert!(at_kill < N, "the kill came mid-way ({at_kill} of {N})");

    let (mut child, _) = crate::crash::spawn(&config, &env);
    until(30, "every case", || dly.fake.cases().len() == N).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    child.kill();
    assert_eq!(dly.fake.cases().len(), N, "each case exactly once");
    let refused: Vec<_> = dly
        .fake
        .received()
        .into_iter()
        .filter(|r| r.status != 200)
        .collect();
    assert!(refused.is_empty(), "{refused:?}");
    println!(
        "decisionly kill -9: {at_kill} of {N} cases before the kill, {} PUTs in all",
        dly.fake.received().len()
    );
}

async fn move_case(dly: &Fake, case_id: &str, body: Value) {
    let r = http()
        .post(format!(
            "{}/sandbox/decisionly/cases/{case_id}/status",
            dly.url
        ))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

/// Waits until the member's dispute satisfies `done`; returns it.
async fn member_sees(
    gw: &str,
    token: &str,
    uuid: &str,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    for _ in 0..200 {
        let d = get_json(&format!("{gw}/v1/dispute/status/{uuid}"), token).await["dispute"].clone();
        if done(&d) {
            return d;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the member never saw {what}: {}",
        get_json(&format!("{gw}/v1/dispute/status/{uuid}"), token).await
    );
}

fn events(t: &Value) -> Vec<String> {
    t["auditLog"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|e| e["eventType"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_decisionly_does_comes_back_to_my_disputes() {
    let dir = tempfile::tempdir().unwrap();
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let dly = fake().await;
    let mut setup = Setup::new(":memory:", &dly.url, &idp.url);
    setup.backend = Some(format!(
        "{}\npoll_interval_ms = 50",
        decisionly_backend(&csv(dir.path(), "s", 2))
    ));
    let gw = setup.start().await;
    let token = session(&gw.url, "mbr-ana", ORG).await;
    let won = file(
        &gw.url,
        &token,
        "mbr-ana",
        vec![card("s-0", "Gadget Galaxy", 24_999)],
    )
    .await;
    let withdrawn = file(
        &gw.url,
        &token,
        "mbr-ana",
        vec![card("s-1", "FreshMart", 6_723)],
    )
    .await;
    until(10, "two cases", || dly.fake.cases().len() == 2).await;
    let (a, b) = (
        format!("{}-1", won["shortId"].as_str().unwrap()),
        format!("{}-1", withdrawn["shortId"].as_str().unwrap()),
    );
    let uuid = won["uuid"].as_str().unwrap();

    move_case(
        &dly,
        &a,
        serde_json::json!({ "status": "chargeback_filed" }),
    )
    .await;
    let d = member_sees(&gw.url, &token, uuid, "the chargeback", |d| {
        d["transactions"][0]["status"] == "DISPUTED_TRANSACTION_STATUS_CHARGEBACK"
    })
    .await;
    assert!(
        events(&d["transactions"][0])
            .contains(&"TRANSACTION_EVENT_TYPE_START_CHARGEBACK".to_owned())
    );

    // The network's outcome is not the member's decision: still open, no final decision.
    move_case(&dly, &a, serde_json::json!({ "status": "won" })).await;
    let d = member_sees(&gw.url, &token, uuid, "the network's outcome", |d| {
        events(&d["transactions"][0])
            .contains(&"TRANSACTION_EVENT_TYPE_CLOSE_CHARGEBACK".to_owned())
    })
    .await;
    assert_eq!(d["status"], "DISPUTE_STATUS_OPEN");
    assert_eq!(
        d["transactions"][0]["status"],
        "DISPUTED_TRANSACTION_STATUS_CHARGEBACK"
    );
    assert!(
        d["transactions"][0]["transactionFinalStatus"].is_null()
            || d["transactions"][0]["transactionFinalStatus"]
                == "RECORD_FINAL_DECISION_TYPE_UNKNOWN"
    );

    // A withdrawn case reads as withdrawn.
    move_case(
        &dly,
        &b,
        serde_json::json!({ "status": "closed", "closedReason": "withdrawn" }),
    )
    .await;
    let d = member_sees(
        &gw.url,
        &token,
        withdrawn["uuid"].as_str().unwrap(),
        "the withdrawal",
        |d| d["status"] == "DISPUTE_STATUS_CLOSED",
    )
    .await;
    assert_eq!(
        d["transactions"][0]["transactionFinalStatus"],
        "RECORD_FINAL_DECISION_TYPE_CANCELED"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn card_facts_from_the_credit_unions_core() {
    use axum::extract::Path;
    use axum::response::IntoResponse;
    let core = axum::Router::new().route(
        "/cards/{uuid}",
        axum::routing::get(|Path(uuid): Path<String>| async move {
            if uuid == "core-1" {
                axum::Json(serde_json::json!({
                    "category_code": "5999", "last4": "1881", "expiry_month": 3, "expiry_year": 2030,
                    "switch_serial_number": "242025095", "system": "single_message"
                }))
                .into_response()
            } else {
                axum::http::StatusCode::NOT_FOUND.into_response()
            }
        }),
    );
    let core_url = format!("http://{}/cards", serve(core).await);
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    let dly = fake().await;
    let mut setup = Setup::new(":memory:", &dly.url, &idp.url);
    setup.backend = Some(format!(
        "kind = \"decisionly\"\nenrichment_url = \"{core_url}/\""
    ));
    let gw = setup.start().await;
    let token = session(&gw.url, "mbr-ana", ORG).await;
    let known = file(
        &gw.url,
        &token,
        "mbr-ana",
        vec![card("core-1", "Shop", 1_000)],
    )
    .await;
    let unknown = file(
        &gw.url,
        &token,
        "mbr-ana",
        vec![card("core-2", "Shop", 2_000)],
    )
    .await;
    until(10, "the known one's case", || dly.fake.cases().len() == 1).await;
    let c = &dly.fake.cases()[&format!("{}-1", known["shortId"].as_str().unwrap())];
    assert_eq!(c.transaction.card.last4, "1881");
    assert_eq!(
        c.transaction.switch_serial_number.as_deref(),
        Some("242025095")
    );
    assert_eq!(c.merchant.category_code.as_deref(), Some("5999"));
    let mut held = Value::Null;
    for _ in 0..100 {
        held = staff_get(&gw.url, "/staff/outbox?state=held")
            .await
            .json()
            .await
            .unwrap();
        if held.as_array().is_some_and(|h| !h.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(held[0]["shortId"], unknown["shortId"]);
    assert!(
        held[0]["problem"]
            .as_str()
            .unwrap()
            .contains("either arn or switch_serial_number"),
        "{held}"
    );
    assert_eq!(dly.fake.cases().len(), 1);
}
