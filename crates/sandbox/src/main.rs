//! `dispute-sandbox --addr 127.0.0.1:PORT --db PATH|:memory: [--demo] [--www DIR] [--dist DIR]`
//! (and the limits and faults in `USAGE`)
//!
//! Prints `dispute-sandbox listening on http://ADDR` once the socket is bound (tests read that
//! line to learn the port when started with port 0), logs each request to stderr, and shuts
//! down gracefully on Ctrl-C or SIGTERM.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use dispute_sandbox::casap_server::FakeConfig;
use dispute_sandbox::{Config, Db, SandboxState, app};

const USAGE: &str = "usage: dispute-sandbox [--addr HOST:PORT] [--db PATH|:memory:] [--demo] \
[--www DIR] [--dist DIR] [--origin ORIGIN]... [--session-ttl SECONDS] [--rate-limit N] \
[--faults JSON] [--max-file-bytes N] [--casap-server] [--casap-server-key KEY] \
[--casap-server-secret SECRET] [--casap-server-limit N] [--casap-server-window-ms MS] \
[--decisionly-key KEY] [--require-user-uuid] [--cors-refuse-request-id]";

struct Args {
    addr: String,
    db: String,
    config: Config,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        addr: "127.0.0.1:8080".to_owned(),
        db: "dispute-sandbox.sqlite".to_owned(),
        config: Config::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value\n{USAGE}"));
        match flag.as_str() {
            "--addr" => args.addr = value()?,
            "--db" => args.db = value()?,
            "--demo" => args.config.demo = true,
            "--www" => args.config.www_dir = Some(PathBuf::from(value()?)),
            "--dist" => args.config.dist_dir = Some(PathBuf::from(value()?)),
            "--origin" => args.config.allowed_origins.push(value()?),
            "--session-ttl" => {
                let secs = value()?;
                let secs: u64 = secs
                    .parse()
                    .map_err(|_| format!("--session-ttl takes whole seconds, not {secs:?}"))?;
                args.config.session_ttl = Duration::from_secs(secs);
            }
            "--rate-limit" => {
                let n = value()?;
                args.config.rate_limit = n
                    .parse()
                    .map_err(|_| format!("--rate-limit takes requests a minute, not {n:?}"))?;
            }
            "--faults" => {
                let json = value()?;
                args.config.faults =
                    serde_json::from_str(&json).map_err(|e| format!("--faults: {e}"))?;
                dispute_sandbox::faults::validate(&args.config.faults)
                    .map_err(|e| format!("--faults: {e}"))?;
            }
            "--max-file-bytes" => {
                let n = value()?;
                args.config.max_file_bytes =
                    n.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("--max-file-bytes takes a positive size, not {n:?}")
                    })?;
            }
            "--casap-server" => {
                args.config
                    .casap_server
                    .get_or_insert_with(FakeConfig::default);
            }
            "--casap-server-key" => {
                let key = value()?;
                args.config
                    .casap_server
                    .get_or_insert_with(FakeConfig::default)
                    .api_key = key;
            }
            "--casap-server-secret" => {
                let secret = value()?;
                args.config
                    .casap_server
                    .get_or_insert_with(FakeConfig::default)
                    .api_secret = secret;
            }
            "--casap-server-limit" => {
                let n = value()?;
                args.config
                    .casap_server
                    .get_or_insert_with(FakeConfig::default)
                    .limit = n.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    format!("--casap-server-limit takes a positive count, not {n:?}")
                })?;
            }
            "--casap-server-window-ms" => {
                let ms = value()?;
                args.config
                    .casap_server
                    .get_or_insert_with(FakeConfig::default)
                    .window =
                    Duration::from_millis(ms.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("--casap-server-window-ms takes positive milliseconds, not {ms:?}")
                    })?);
            }
            "--decisionly-key" => args.config.decisionly_key = Some(value()?),
            "--require-user-uuid" => args.config.require_user_uuid = true,
            "--cors-refuse-request-id" => args.config.refuse_request_id = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=debug".into()),
        )
        .init();
    let mut args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&args.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("dispute-sandbox: cannot listen on {}: {e}", args.addr);
            return ExitCode::FAILURE;
        }
    };
    let local = listener.local_addr().expect("bound socket has an address");
    let origin = format!("http://{local}");
    if args.config.allowed_origins.is_empty() {
        // The demo page's own origin, in both spellings a browser may use.
        args.config.allowed_origins.push(origin.clone());
        args.config
            .allowed_origins
            .push(format!("http://localhost:{}", local.port()));
    }
    let state = match Db::open(&args.db).and_then(|db| SandboxState::new(args.config, db)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dispute-sandbox: cannot open database {}: {e}", args.db);
            return ExitCode::FAILURE;
        }
    };
    println!("dispute-sandbox listening on {origin}");
    let served = axum::serve(listener, app(state))
        .with_graceful_shutdown(dispute_server::shutdown_signal())
        .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dispute-sandbox: {e}");
            ExitCode::FAILURE
        }
    }
}
