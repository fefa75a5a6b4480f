//! The case documents behind the signed link in `notes.fileUrls` (see `links.rs`):
//! `GET /evidence/{uuid}?exp&sig` lists them, `GET /evidence/{uuid}/{id}?exp&sig` serves one
//! as an attachment with its sniffed type. A missing, wrong or expired signature answers 404,
//! as a case that does not exist. The listing also carries the member's explanation whole
//! (Decisionly takes 2,000 characters of it and links here).

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dispute_server::{AppError, now_ms};
use serde::Deserialize;

use crate::Gateway;
use crate::html::{escape, page};

#[derive(Deserialize)]
struct Signed {
    exp: i64,
    sig: String,
}

pub fn routes(gw: Arc<Gateway>) -> Router {
    Router::new()
        .route("/evidence/{uuid}", get(listing))
        .route("/evidence/{uuid}/{id}", get(file))
        .with_state(gw)
}

fn check(
    gw: &Gateway,
    uuid: &str,
    q: &Result<Query<Signed>, QueryRejection>,
) -> Result<(), AppError> {
    let ok = q.as_ref().is_ok_and(|Query(s)| {
        crate::links::verify(
            gw.config.link_key.expose().as_bytes(),
            uuid,
            s.exp,
            &s.sig,
            now_ms() / 1000,
        )
    });
    if ok {
        Ok(())
    } else {
        Err(AppError::NotFound("no such case documents"))
    }
}

async fn listing(
    State(gw): State<Arc<Gateway>>,
    Path(uuid): Path<String>,
    q: Result<Query<Signed>, QueryRejection>,
) -> Result<Response, AppError> {
    check(&gw, &uuid, &q)?;
    let Ok(Query(s)) = q else {
        return Err(AppError::NotFound("no such case documents"));
    };
    let (short_id, files, explanation) = gw.core.with_db(|db| {
        let d = db
            .dispute(&uuid)?
            .ok_or(AppError::NotFound("no such case documents"))?;
        let explanation = db
            .answers(&uuid)?
            .unwrap_or_default()
            .into_iter()
            .find(|a| a.question_id == "member_explanation")
            .map(|a| a.answer);
        Ok((d.1.short_id, db.file_list(&uuid)?, explanation))
    })?;
    let mut body = format!("<h1>Documents of case {}</h1>", escape(&short_id));
    // The member's explanation, whole (a back end may take only part of it).
    if let Some(text) = explanation {
        body.push_str(&format!(
            "<h2>In the member's words</h2><pre>{}</pre>",
            escape(&text)
        ));
    }
    if files.is_empty() {
        body.push_str("<p>No documents yet. Documents the member adds appear here.</p>");
    } else {
        body.push_str("<ul>");
        for (id, f) in &files {
            body.push_str(&format!(
                "<li><a href=\"/evidence/{uuid}/{id}?exp={}&amp;sig={}\">{}</a> ({}, {} bytes, SHA-256 {})</li>",
                s.exp,
                escape(&s.sig),
                escape(&f.filename),
                escape(&f.content_type),
                f.size,
                escape(&f.sha256)
            ));
        }
        body.push_str("</ul>");
    }
    Ok(page(&format!("Documents of case {short_id}"), &body))
}

async fn file(
    State(gw): State<Arc<Gateway>>,
    Path((uuid, id)): Path<(String, i64)>,
    q: Result<Query<Signed>, QueryRejection>,
) -> Result<Response, AppError> {
    check(&gw, &uuid, &q)?;
    let (f, bytes) = gw
        .core
        .with_db(|db| db.file_content(&uuid, id))?
        .ok_or(AppError::NotFound("no such case documents"))?;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&f.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    // RFC 6266 / 8187: the name as UTF-8, percent-encoded; never interpreted by the browser.
    let encoded: String = f
        .filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{encoded}")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    Ok(r)
}
