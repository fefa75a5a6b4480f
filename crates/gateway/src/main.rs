//! `dispute-gateway --config gateway.toml [--db DATABASE]` serves; with `outbox ...` after it,
//! runs a staff command instead (`cli.rs`). `--db` (a SQLite path or a `postgres://` URL)
//! overrides the file's `server.database`.
//!
//! Prints `dispute-gateway listening on http://ADDR` once bound (tests read it to learn the
//! port), logs to stderr as `log` says (never a secret or token; `log.rs`), and on Ctrl-C or
//! SIGTERM drains (`drain.rs`): unready, no longer accepting, requests in flight finished, the
//! outbox entry it holds given back; then exits 0.

use std::process::ExitCode;

use dispute_gateway::{Gateway, GatewayConfig, cli, drain};
use tokio::sync::watch;

fn read_config(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, db, rest) = match args.as_slice() {
        [flag, path, db_flag, db, rest @ ..] if flag == "--config" && db_flag == "--db" => {
            (path.clone(), Some(db.clone()), rest.to_vec())
        }
        [flag, path, rest @ ..] if flag == "--config" => (path.clone(), None, rest.to_vec()),
        _ => {
            eprintln!("{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    let text = match read_config(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("dispute-gateway: {e}");
            return ExitCode::from(2);
        }
    };
    if !rest.is_empty() {
        dispute_gateway::log::init(&dispute_gateway::config::LogConfig {
            json: false,
            level: "warn".into(),
        });
        let (database, options) = match toml::from_str::<dispute_gateway::config::RawConfig>(&text)
            .map_err(|e| e.to_string())
            .and_then(|raw| {
                let options = raw.server.connect_options(&|n| std::env::var(n).ok())?;
                Ok((db.clone().unwrap_or(raw.server.database), options))
            }) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("dispute-gateway: {path}: {e}");
                return ExitCode::from(2);
            }
        };
        return match cli::run(&database, &options, &rest) {
            Ok(out) => {
                print!("{out}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("dispute-gateway: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let config = match GatewayConfig::parse(&text, &|name| std::env::var(name).ok()) {
        Ok(c) => GatewayConfig {
            database: db.unwrap_or(c.database.clone()),
            ..c
        },
        Err(e) => {
            eprintln!("dispute-gateway: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    dispute_gateway::log::init(&config.log);
    let listener = match tokio::net::TcpListener::bind(&config.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("dispute-gateway: cannot listen on {}: {e}", config.addr);
            return ExitCode::FAILURE;
        }
    };
    let gw = match Gateway::open(config) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("dispute-gateway: {e}");
            return ExitCode::FAILURE;
        }
    };
    let local = listener.local_addr().expect("bound socket has an address");
    let (stop_tx, stop_rx) = watch::channel(false);
    let worker = gw.spawn_worker(stop_rx);
    println!("dispute-gateway listening on http://{local}");
    let timing = drain::Timing {
        delay: gw.config.drain_delay,
        timeout: gw.config.shutdown_timeout,
    };
    let served = drain::serve(
        listener,
        gw.router(),
        timing,
        dispute_server::shutdown_signal(),
        || {
            gw.health.start_draining();
            let _ = stop_tx.send(true);
        },
    )
    .await;
    // The worker finishes recording a send in flight and gives back the entry it holds.
    let _ = stop_tx.send(true);
    let _ = worker.await;
    match served {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dispute-gateway: {e}");
            ExitCode::FAILURE
        }
    }
}
