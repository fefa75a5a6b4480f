//! The member's documents, sent to Decisionly and listed in each case's `documentation`.
//!
//! Members add documents after filing (and later, from My disputes), so on each poll the
//! gateway uploads what a dispute with cases still `created` has not yet sent
//! (`POST {files_path}` with the file's bytes, its sniffed type and its name; Decisionly answers
//! the file's `id`), then `PUT`s each of those cases again with every id so far (a `PUT` that
//! failed is tried again on the next poll). A case already
//! filed cannot be updated (409): the document stays reachable at the gateway's evidence link,
//! which the case's explanation names, and the gateway logs it for staff.

use base64::Engine as _;
use dispute_server::sql_params;
use dispute_server::{AppError, Db};

use crate::Gateway;
use crate::config::BackendKind;
use crate::health::DB_STEP;
use crate::outbox;

/// A dispute's documents not yet sent, and whether a case still lacks some sent ones.
struct Pending {
    dispute_uuid: String,
    new: Vec<i64>,
    unlisted: bool,
}

fn pending(db: &mut Db) -> Result<Vec<Pending>, AppError> {
    let disputes: Vec<String> = {
        db.conn().column(
            "SELECT DISTINCT dispute_uuid FROM decisionly_cases WHERE status = 'created'
             ORDER BY dispute_uuid",
            &[],
        )?
    };
    let mut out = Vec::new();
    for dispute_uuid in disputes {
        let sent: Vec<i64> = db.conn().column(
            "SELECT file_id FROM decisionly_files WHERE dispute_uuid = ?1",
            sql_params![&dispute_uuid],
        )?;
        let new: Vec<i64> = db
            .file_list(&dispute_uuid)?
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| !sent.contains(id))
            .collect();
        // A case that does not list every document sent yet (its PUT failed last time).
        let unlisted = db
            .conn()
            .value::<i64>(
                "SELECT 1 FROM decisionly_cases WHERE dispute_uuid = ?1
                    AND status = 'created' AND documents_listed < ?2 LIMIT 1",
                sql_params![&dispute_uuid, sent.len() as i64],
            )?
            .is_some();
        if !new.is_empty() || unlisted {
            out.push(Pending {
                dispute_uuid,
                new,
                unlisted,
            });
        }
    }
    Ok(out)
}

/// Sends what is pending; failures are retried on the next poll.
pub async fn sync(gw: &Gateway, auth: &str) {
    let backend = &gw.config.backend;
    let BackendKind::Decisionly {
        cases_path,
        files_path,
        ..
    } = &backend.kind
    else {
        return;
    };
    let beat = |within| gw.health.poller.beat(within);
    beat(DB_STEP);
    let work = match gw.core.with_db(pending) {
        Ok(w) => w,
        Err(e) => {
            tracing::error!(error = %e, "decisionly: cannot list documents to send");
            return;
        }
    };
    for p in work {
        let mut uploaded = p.unlisted;
        for file_id in &p.new {
            // Read, sent, recorded.
            beat(backend.timeout + DB_STEP * 2);
            let Ok(Some((file, bytes))) = gw
                .core
                .with_db(|db| db.file_content(&p.dispute_uuid, *file_id))
            else {
                continue;
            };
            let name = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&file.filename);
            let response = gw
                .http
                .post(format!("{}{files_path}", backend.url))
                .header("authorization", auth)
                .header("content-type", &file.content_type)
                .header("x-filename-base64", name)
                .timeout(backend.timeout)
                .body(bytes)
                .send()
                .await;
            let id = match response {
                Ok(r) if r.status().is_success() => r
                    .bytes()
                    .await
                    .ok()
                    .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                    .and_then(|v| v["id"].as_str().map(str::to_owned)),
                Ok(r) => {
                    tracing::warn!(status = %r.status(), "decisionly: document not accepted");
                    None
                }
                Err(e) => {
                    tracing::warn!(error = %e, "decisionly: document not sent");
                    None
                }
            };
            let Some(id) = id else { continue };
            let recorded = gw.core.with_db(|db| {
                db.conn().execute(
                    "INSERT INTO decisionly_files (dispute_uuid, file_id, decisionly_id)
                     VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                    sql_params![&p.dispute_uuid, *file_id, id.as_str()],
                )?;
                Ok(())
            });
            uploaded |= recorded.is_ok();
        }
        if uploaded {
            update_cases(gw, auth, cases_path, &p.dispute_uuid).await;
        }
    }
}

/// `PUT`s the dispute's still-`created` cases with every document id sent so far.
async fn update_cases(gw: &Gateway, auth: &str, cases_path: &str, dispute_uuid: &str) {
    let backend = &gw.config.backend;
    let beat = |within| gw.health.poller.beat(within);
    beat(DB_STEP);
    let loaded = gw.core.with_db(|db| {
        let payload = outbox::payload_of(db.conn(), dispute_uuid)?.unwrap_or_default();
        let ids: Vec<String> = db.conn().column(
            "SELECT decisionly_id FROM decisionly_files WHERE dispute_uuid = ?1 ORDER BY file_id",
            sql_params![dispute_uuid],
        )?;
        let created: Vec<String> = db.conn().column(
            "SELECT case_id FROM decisionly_cases WHERE dispute_uuid = ?1 AND status = 'created'",
            sql_params![dispute_uuid],
        )?;
        Ok((payload, ids, created))
    });
    let Ok((payload, ids, created)) = loaded else {
        return;
    };
    let Ok(cases) = serde_json::from_str::<super::connector::Payload>(&payload) else {
        return;
    };
    for (case_id, mut case) in cases.into_iter().filter(|(id, _)| created.contains(id)) {
        case.issuer_evidence.documentation = ids.clone();
        beat(backend.timeout + DB_STEP);
        let response = gw
            .http
            .put(format!("{}{cases_path}/{case_id}", backend.url))
            .header("authorization", auth)
            .header("content-type", "application/json")
            .timeout(backend.timeout)
            .body(serde_json::to_string(&case).unwrap_or_default())
            .send()
            .await;
        match response {
            Ok(r) if r.status().is_success() => {
                tracing::info!(%case_id, documents = ids.len(), "decisionly: documents listed");
                let _ = gw.core.with_db(|db| {
                    db.conn().execute(
                        "UPDATE decisionly_cases SET documents_listed = ?2 WHERE case_id = ?1",
                        sql_params![case_id.as_str(), ids.len() as i64],
                    )?;
                    Ok(())
                });
            }
            Ok(r) => {
                tracing::warn!(%case_id, status = %r.status(), "decisionly: documents not listed (reachable at the evidence link)")
            }
            Err(e) => tracing::warn!(%case_id, error = %e, "decisionly: documents not listed"),
        }
    }
}
