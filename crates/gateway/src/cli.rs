//! `dispute-gateway --config gateway.toml [--db DATABASE] outbox list [--state STATE] | retry ID
//! | requeue-dead`: the outbox from a shell, on the gateway's database (safe beside running
//! gateways: SQLite in WAL mode, or PostgreSQL; workers pick changes up within a second). Needs
//! the file's `server.database` (and its password and TLS settings) only: no other secret.

use dispute_server::now_ms;

use dispute_server::sql::ConnectOptions;

use crate::outbox;

/// Runs one command; the text to print, or the error.
pub fn run(database: &str, options: &ConnectOptions, args: &[String]) -> Result<String, String> {
    let mut db = crate::open_db(database, options)?;
    let conn = db.conn();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["outbox", "list", rest @ ..] => {
            let state = match rest {
                [] => None,
                ["--state", s] => Some(*s),
                _ => return Err(USAGE.into()),
            };
            let entries = outbox::list(conn, state, 1000).map_err(|e| e.to_string())?;
            let mut out = format!(
                "{:>6}  {:<10} {:<8} {:>8}  {:<24} {}\n",
                "id", "case", "state", "attempts", "created (UTC)", "problem / back end id"
            );
            for e in &entries {
                let note = e
                    .problem
                    .clone()
                    .or_else(|| e.backend_uuid.clone())
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{:>6}  {:<10} {:<8} {:>8}  {:<24} {}\n",
                    e.id,
                    e.short_id,
                    e.state,
                    e.attempts,
                    crate::mapping::iso_utc(e.created_ms),
                    note.replace('\n', " ")
                ));
            }
            let stats = outbox::stats(conn, now_ms()).map_err(|e| e.to_string())?;
            out.push_str(&format!(
                "{} pending, {} sent, {} held, {} dead\n",
                stats.pending, stats.sent, stats.held, stats.dead
            ));
            Ok(out)
        }
        ["outbox", "retry", id] => {
            let id: i64 = id
                .parse()
                .map_err(|_| format!("retry takes an entry id, not {id:?}"))?;
            if outbox::retry(conn, id, now_ms()).map_err(|e| e.to_string())? {
                Ok(format!("entry {id} will be sent again\n"))
            } else {
                Err(format!("no dead or pending outbox entry {id}"))
            }
        }
        ["outbox", "requeue-dead"] => {
            let n = outbox::requeue_dead(conn, now_ms()).map_err(|e| e.to_string())?;
            Ok(format!("{n} dead entries requeued\n"))
        }
        _ => Err(USAGE.into()),
    }
}

pub const USAGE: &str = "usage: dispute-gateway --config FILE [--db DATABASE] [outbox list [--state pending|sent|held|dead] | outbox retry ID | outbox requeue-dead]";
