//! `POST /v1/disputes/{uuid}/files`: files checked by their bytes and stored faithfully.

use axum::http::{Method, StatusCode};
use dispute_sandbox::Config;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::util::*;

async fn setup(s: &Sandbox) -> (String, String) {
    let token = s.session("mbr-ana", ORG_A).await;
    let d = s.create(&token, ORG_A, &["txn-mbr-ana-01"]).await;
    (token, d["uuid"].as_str().unwrap().to_owned())
}

fn upload(content: &[u8], filename: &str, content_type: &str) -> Value {
    json!({ "fileContent": b64(content), "filename": filename, "contentType": content_type })
}

async fn stored(s: &Sandbox, uuid: &str) -> Vec<Value> {
    s.call(
        Method::GET,
        &format!("/sandbox/disputes/{uuid}/files"),
        None,
        None,
    )
    .await
    .expect(StatusCode::OK)
    .as_array()
    .unwrap()
    .clone()
}

#[tokio::test]
async fn stores_name_size_sniffed_type_and_sha256() {
    let s = Sandbox::demo();
    let (token, uuid) = setup(&s).await;
    let mut png = PNG.to_vec();
    png.extend((0..5000u32).map(|i| (i % 251) as u8));
    let body = s
        .post(
            &format!("/v1/disputes/{uuid}/files"),
            &token,
            upload(&png, "receipt.png", ""),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(body, json!({}));
    // snake_case, and a browser-reported type that disagrees with nothing we trust.
    s.post(
        &format!("/v1/disputes/{uuid}/files"),
        &token,
        json!({ "file_content": b64(PDF), "filename": "statement.PDF", "content_type": "application/octet-stream" }),
    )
    .await
    .expect(StatusCode::OK);

    let files = stored(&s, &uuid).await;
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["filename"], "receipt.png");
    assert_eq!(files[0]["contentType"], "image/png");
    assert_eq!(files[0]["size"], png.len());
    let sha = Sha256::digest(&png)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    assert_eq!(files[0]["sha256"], sha);
    assert_eq!(files[1]["contentType"], "application/pdf");
    assert_eq!(files[1]["declaredType"], "application/octet-stream");

    let d = s
        .get(&format!("/v1/dispute/status/{uuid}"), &token)
        .await
        .expect(StatusCode::OK);
    let uploads = d["dispute"]["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["eventType"] == "DISPUTE_EVENT_TYPE_UPLOAD_FILE")
        .count();
    assert_eq!(uploads, 2);
}

#[tokio::test]
async fn refuses_wrong_files_with_4xx_naming_the_reason() {
    let s = Sandbox::demo();
    let (token, uuid) = setup(&s).await;
    let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0";
    let cases: [(Value, &str); 9] = [
        (
            upload(exe, "photo.jpg", "image/jpeg"),
            "not a PDF, JPEG, PNG or HEIC",
        ),
        (
            upload(PDF, "statement.png", "image/png"),
            "named as image/png but its content is application/pdf",
        ),
        (
            upload(PNG, "receipt.png.php", "image/png"),
            "must end in .pdf",
        ),
        (
            upload(PNG, "invoice.exe.png", "image/png"),
            "two extensions",
        ),
        (upload(PNG, "scan.pdf.png", "image/png"), "two extensions"),
        (
            json!({ "fileContent": "", "filename": "a.png" }),
            "fileContent is required",
        ),
        (
            json!({ "fileContent": "%%%not base64%%%", "filename": "a.png" }),
            "not valid base64",
        ),
        (upload(PNG, "../../etc/passwd.png", ""), "plain file name"),
        (
            upload(PNG, &format!("{}.png", "a".repeat(300)), ""),
            "at most 255 characters",
        ),
    ];
    for (body, reason) in cases {
        let reply = s
            .post(&format!("/v1/disputes/{uuid}/files"), &token, body)
            .await;
        let body = reply.expect(StatusCode::BAD_REQUEST);
        assert!(
            body["message"].as_str().unwrap().contains(reason),
            "{reason}: {body}"
        );
    }
    // A zero-byte file encodes to an empty string, refused above; one NUL byte is not a type.
    s.post(
        &format!("/v1/disputes/{uuid}/files"),
        &token,
        upload(&[0], "a.png", ""),
    )
    .await
    .expect(StatusCode::BAD_REQUEST);
    assert!(stored(&s, &uuid).await.is_empty(), "nothing was stored");
}

#[tokio::test]
async fn files_over_the_maximum_are_413_and_bodies_over_the_limit_too() {
    let s = Sandbox::with(Config {
        demo: true,
        max_file_bytes: 2000,
        ..Config::default()
    });
    let (token, uuid) = setup(&s).await;
    let mut big = PNG.to_vec();
    big.resize(2001, 7);
    let body = s
        .post(
            &format!("/v1/disputes/{uuid}/files"),
            &token,
            upload(&big, "big.png", ""),
        )
        .await
        .expect(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        body["message"].as_str().unwrap().contains("larger than"),
        "{body}"
    );
    big.truncate(2000);
    s.post(
        &format!("/v1/disputes/{uuid}/files"),
        &token,
        upload(&big, "ok.png", ""),
    )
    .await
    .expect(StatusCode::OK);
    // A body beyond the upload limit is refused before it is read whole.
    let huge = "A".repeat(s.state.config.upload_body_limit() + 10);
    let body = s
        .post(
            &format!("/v1/disputes/{uuid}/files"),
            &token,
            json!({ "fileContent": huge }),
        )
        .await
        .expect(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["code"], 8);
}

#[tokio::test]
async fn the_default_limit_fits_a_maximum_file_as_base64() {
    let s = Sandbox::demo();
    let (token, uuid) = setup(&s).await;
    let mut max = PNG.to_vec();
    max.resize(dispute_sandbox::DEFAULT_MAX_FILE_BYTES as usize, 1);
    s.post(
        &format!("/v1/disputes/{uuid}/files"),
        &token,
        upload(&max, "max.png", "image/png"),
    )
    .await
    .expect(StatusCode::OK);
}

#[tokio::test]
async fn a_closed_dispute_takes_no_files() {
    let s = Sandbox::demo();
    let (token, uuid) = setup(&s).await;
    s.close(&uuid).await;
    let body = s
        .post(
            &format!("/v1/disputes/{uuid}/files"),
            &token,
            upload(PNG, "late.png", ""),
        )
        .await
        .expect(StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], 9);
}

#[tokio::test]
async fn many_concurrent_uploads_all_arrive() {
    let s = Sandbox::demo();
    let (token, uuid) = setup(&s).await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (s, token, uuid) = (s.clone(), token.clone(), uuid.clone());
        tasks.push(tokio::spawn(async move {
            let mut png = PNG.to_vec();
            png.resize(200_000 + i, i as u8);
            s.post(
                &format!("/v1/disputes/{uuid}/files"),
                &token,
                upload(&png, &format!("p{i}.png"), ""),
            )
            .await
            .status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
    assert_eq!(stored(&s, &uuid).await.len(), 20);
}
