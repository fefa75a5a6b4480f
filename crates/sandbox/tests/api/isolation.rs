//! Another member's dispute, in the same credit union or another, is invisible on every route:
//! it answers exactly like a dispute that does not exist, and no message names its id.

use axum::http::StatusCode;
use serde_json::json;

use crate::util::*;

#[tokio::test]
async fn cross_member_and_cross_org_matrix() {
    let s = Sandbox::demo();
    let ana = s.session("mbr-ana", ORG_A).await;
    let ben = s.session("mbr-ben", ORG_A).await; // same org
    let chloe = s.session("mbr-chloe", ORG_B).await; // other org
    let d = s.create(&ana, ORG_A, &["txn-mbr-ana-01"]).await;
    let uuid = d["uuid"].as_str().unwrap();
    s.close(uuid).await;

    for (who, token) in [("same org", &ben), ("other org", &chloe)] {
        let attempts = [
            s.get(&format!("/v1/dispute/status/{uuid}"), token).await,
            s.post(
                &format!("/v1/disputes/{uuid}/files"),
                token,
                json!({ "fileContent": b64(PNG), "filename": "x.png" }),
            )
            .await,
            s.post(
                &format!("/v1/disputes/{uuid}/reopen"),
                token,
                json!({ "transactionUuids": ["txn-mbr-ana-01"] }),
            )
            .await,
        ];
        for reply in attempts {
            let body = reply.expect(StatusCode::NOT_FOUND);
            assert_eq!(body["message"], "dispute not found", "{who}");
            assert!(!body.to_string().contains(uuid), "{who}: leaks the id");
        }
        let list = s.get("/v1/disputes", token).await.expect(StatusCode::OK);
        assert_eq!(list["totalItems"], 0, "{who}");
        let list = s
            .get("/v1/disputes?customerUuid=mbr-ana", token)
            .await
            .expect(StatusCode::OK);
        assert_eq!(list["totalItems"], 0, "{who}");
        let short = d["shortId"].as_str().unwrap();
        let list = s
            .get(&format!("/v1/disputes?shortId={short}"), token)
            .await
            .expect(StatusCode::OK);
        assert_eq!(list["totalItems"], 0, "{who}");
    }
    // A made-up id answers the same as another member's.
    let body = s
        .get(
            "/v1/dispute/status/00000000-0000-0000-0000-000000000000",
            &ben,
        )
        .await
        .expect(StatusCode::NOT_FOUND);
    assert_eq!(body["message"], "dispute not found");

    // Nothing changed for the owner.
    let mine = s
        .get(&format!("/v1/dispute/status/{uuid}"), &ana)
        .await
        .expect(StatusCode::OK);
    assert_eq!(mine["dispute"]["status"], "DISPUTE_STATUS_CLOSED");
}

#[tokio::test]
async fn create_only_for_the_sessions_own_org_and_member() {
    let s = Sandbox::new();
    let token = s.session("mbr-1", ORG_A).await;
    let body = s
        .post("/v1/disputes", &token, create_body(ORG_B, &["t1"]))
        .await
        .expect(StatusCode::FORBIDDEN);
    assert_eq!(body["code"], 7);
    let mut other_customer = create_body(ORG_A, &["t1"]);
    other_customer["customer"]["uuid"] = json!("mbr-2");
    let body = s
        .post("/v1/disputes", &token, other_customer)
        .await
        .expect(StatusCode::FORBIDDEN);
    assert_eq!(body["message"], "customer.uuid is not the signed-in member");
    let list = s.get("/v1/disputes", &token).await.expect(StatusCode::OK);
    assert_eq!(list["totalItems"], 0, "nothing was created");
}

#[tokio::test]
async fn the_same_member_id_in_another_org_is_another_member() {
    let s = Sandbox::new();
    let a = s.session("mbr-1", ORG_A).await;
    let b = s.session("mbr-1", ORG_B).await;
    let d = s.create(&a, ORG_A, &["t1"]).await;
    s.get(
        &format!("/v1/dispute/status/{}", d["uuid"].as_str().unwrap()),
        &b,
    )
    .await
    .expect(StatusCode::NOT_FOUND);
    let list = s.get("/v1/disputes", &b).await.expect(StatusCode::OK);
    assert_eq!(list["totalItems"], 0);
}
