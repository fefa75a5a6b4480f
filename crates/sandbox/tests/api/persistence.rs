//! Nothing acknowledged is lost when the sandbox restarts on a file database.

use axum::http::StatusCode;
use dispute_sandbox::{Config, Db};
use serde_json::json;

use crate::util::*;

#[tokio::test]
async fn a_restart_keeps_sessions_disputes_files_and_short_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.sqlite");
    let path = path.to_str().unwrap();
    let config = || Config {
        demo: true,
        ..Config::default()
    };

    let first = Sandbox::on(config(), Db::open(path).unwrap());
    let token = first.session("mbr-ana", ORG_A).await;
    let d = first.create(&token, ORG_A, &["txn-mbr-ana-01"]).await;
    let uuid = d["uuid"].as_str().unwrap().to_owned();
    first
        .post(
            &format!("/v1/disputes/{uuid}/files"),
            &token,
            json!({ "fileContent": b64(PNG), "filename": "r.png" }),
        )
        .await
        .expect(StatusCode::OK);
    let before = first
        .get(&format!("/v1/dispute/status/{uuid}"), &token)
        .await
        .expect(StatusCode::OK);
    drop(first);

    let second = Sandbox::on(config(), Db::open(path).unwrap());
    let after = second
        .get(&format!("/v1/dispute/status/{uuid}"), &token)
        .await
        .expect(StatusCode::OK);
    assert_eq!(after, before, "same session token, same dispute");
    let files = second
        .call(
            axum::http::Method::GET,
            &format!("/sandbox/disputes/{uuid}/files"),
            None,
            None,
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(files.as_array().unwrap().len(), 1);
    let next = second.create(&token, ORG_A, &["txn-mbr-ana-02"]).await;
    assert_eq!(next["shortId"], "CSP-1002", "short ids continue");
}
