//! Every answer of every operation, checked against Casap's published OpenAPI schemas
//! (`tests/data/casap-openapi.json`, a copy of shared/reference/). Stricter than the file:
//! objects may not carry properties the schema does not name, so a misspelt or invented
//! field fails too.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::util::*;

const OPENAPI: &str = include_str!("../data/casap-openapi.json");

/// Adds `additionalProperties: false` to every object schema with `properties` and no say.
fn strict(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(strict);
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// Checks `instance` against `#/components/schemas/{schema}`.
#[track_caller]
fn check(schema: &str, instance: &Value) {
    let doc: Value = serde_json::from_str(OPENAPI).unwrap();
    let mut components = doc["components"].clone();
    strict(&mut components);
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/components/schemas/{schema}"),
        "components": components,
    });
    let validator = jsonschema::validator_for(&root).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{schema}: {errors:#?}\n{instance:#}");
}

#[test]
fn the_checker_catches_wrong_shapes() {
    let doc_example = json!({ "sessionToken": "t", "expiresAt": "1" });
    check("AuthenticateResponse", &doc_example);
    for bad in [
        json!({ "sessionToken": "t", "expiresAt": 1 }),
        json!({ "sessionToken": "t", "expires_at": "1" }),
    ] {
        let result = std::panic::catch_unwind(|| check("AuthenticateResponse", &bad));
        assert!(result.is_err(), "accepted {bad}");
    }
}

#[tokio::test]
async fn every_operation_answers_in_the_published_shape() {
    let s = Sandbox::demo();
    let jwt = s
        .call(Method::GET, "/sandbox/members/mbr-ana/token", None, None)
        .await
        .expect(StatusCode::OK);
    let auth = s
        .call(Method::GET, "/v1/authenticate", jwt["token"].as_str(), None)
        .await
        .expect(StatusCode::OK);
    check("AuthenticateResponse", &auth);
    let token = auth["sessionToken"].as_str().unwrap();

    let created = s
        .post(
            "/v1/disputes",
            token,
            create_body(ORG_A, &["txn-mbr-ana-01", "txn-mbr-ana-02"]),
        )
        .await
        .expect(StatusCode::OK);
    check("CreateDisputeResponse", &created);
    let uuid = created["dispute"]["uuid"].as_str().unwrap();

    let uploaded = s
        .post(
            &format!("/v1/disputes/{uuid}/files"),
            token,
            json!({ "fileContent": b64(PNG), "filename": "r.png" }),
        )
        .await
        .expect(StatusCode::OK);
    check("UploadFileResponse", &uploaded);

    // A dispute with an agent, a provisional credit and final decisions.
    s.call(
        Method::POST,
        &format!("/sandbox/disputes/{uuid}/transactions/txn-mbr-ana-01"),
        None,
        Some(json!({ "status": "DISPUTED_TRANSACTION_STATUS_CHARGEBACK", "provisionalCreditCents": 100,
                     "agent": { "uuid": "a1", "name": "Dana", "email": "d@cu.example", "phone": "1" } })),
    )
    .await
    .expect(StatusCode::OK);
    s.close(uuid).await;
    let status = s
        .get(&format!("/v1/dispute/status/{uuid}"), token)
        .await
        .expect(StatusCode::OK);
    check("GetDisputeStatusResponse", &status);

    let reopened = s
        .post(
            &format!("/v1/disputes/{uuid}/reopen"),
            token,
            json!({ "transactionUuids": ["txn-mbr-ana-02"] }),
        )
        .await
        .expect(StatusCode::OK);
    check("ReopenDisputeResponse", &reopened);

    for query in ["", "?size=1&page=2", "?shortId=CSP-9999"] {
        let list = s
            .get(&format!("/v1/disputes{query}"), token)
            .await
            .expect(StatusCode::OK);
        check("GetDisputesResponse", &list);
    }

    let errors = [
        s.get("/v1/dispute/status/nope", token)
            .await
            .expect(StatusCode::NOT_FOUND),
        s.post("/v1/disputes", token, json!({}))
            .await
            .expect(StatusCode::BAD_REQUEST),
        s.call(Method::GET, "/v1/authenticate", Some("bad"), None)
            .await
            .expect(StatusCode::UNAUTHORIZED),
    ];
    for e in &errors {
        check("googlerpcStatus", e);
    }
}
