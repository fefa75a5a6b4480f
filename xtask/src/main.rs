//! `cargo xtask <task>`: the project's build, demo and test tasks.
//!
//! - `setup`: install what a fresh machine lacks (each step skipped when already done): the
//!   wasm32 target, wasm-pack, wasm-bindgen-cli at the Cargo.lock version, Chromium and
//!   ChromeDriver, Firefox ESR, WebKitGTK's WebDriver, Xvfb and xauth (Debian packages),
//!   geckodriver (crates.io), and the npm packages (binaryen's wasm-opt, playwright-core,
//!   selenium-webdriver).
//! - `dist`: release wasm through wasm-pack, merged with `pkg-template/` into `target/dist/`.
//! - `demo [--port N] [--gateway]`: build everything and serve the demo bank page with the
//!   sandbox; with `--gateway`, also a `dispute-gateway` (port N + 10) in front of the
//!   sandbox's fake Casap server API, verifying the demo provider's RS256 tokens.
//! - `test`: fmt, clippy (native and wasm32), native tests, browser tests (wasm-bindgen-test in
//!   Chromium and Firefox), end-to-end tests (Playwright in Chromium; WebDriver in WebKit and
//!   Firefox: `tests/engines/`), and the gateway's container recipe run outside a container
//!   (`container.rs`).
//! - `container`: that recipe check alone.
//! - `bench`: figures, not tests: transfer sizes beside JustiFi's component and the smallest
//!   Yew app (`bench/size.mjs`), `mount()` to a usable first step cold and warm beside
//!   JustiFi's first render (`bench/startup.mjs`), a 10,000-transaction list beside plain
//!   JavaScript (`bench/list.mjs`), upload throughput and peak memory beside plain JavaScript
//!   in Chromium (`bench/uploads.mjs`) and in WebKit and Firefox (`bench/engines.mjs`), the
//!   gateway's creates per second on SQLite and on PostgreSQL with one and two instances
//!   (`bench/gateway.mjs`);
//!   printed, written to `target/bench/*.json` and gathered in `target/bench/results.json`.
//!
//! Every other task runs `setup` first, so nobody has to remember it.

mod container;
mod setup;
mod split;
mod util;

use std::path::Path;
use std::process::ExitCode;

use util::{Run, fail, root, run};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::setup(),
        Some("dist") => dist().map(|_| ()),
        Some("demo") => demo(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(),
        Some("container") => container::check().map(|_| ()),
        _ => Err(
            "usage: cargo xtask <setup | dist | demo [--port N] [--gateway] | test | bench | \
             container>"
                .to_owned(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("xtask: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// Builds the npm package into `target/dist` and prints its sizes.
fn dist() -> Result<(), String> {
    setup::setup()?;
    let root = root();
    let dist = root.join("target/dist");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist).map_err(|e| format!("creating {}: {e}", dist.display()))?;
    let parts = split::build(&dist)?;
    let template = root.join("pkg-template");
    for entry in std::fs::read_dir(&template).map_err(|e| format!("reading pkg-template: {e}"))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap_or_default().to_owned();
        util::copy(&path, &dist.join(name))?;
    }
    stamp_version(&dist.join("package.json"))?;
    // Languages beyond English, loaded when a member's language needs one (src/i18n/pack.rs).
    run(Run::new("node")
        .arg(root.join("xtask/locale-pack.mjs"))
        .args([
            root.join("locales/es.json"),
            root.join("catalog/default.json"),
            dist.join("locale-es.js"),
        ]))?;
    // The JS is shipped minified: pages without a bundler load it as it is (-3.6 KB gzip).
    for name in [
        "dispute_intake.js",
        split::LINK_MODULE,
        "index.js",
        "photo.js",
    ] {
        let file = dist.join(name);
        run(Run::new("esbuild")
            .arg(&file)
            .args([
                "--minify",
                "--format=esm",
                "--allow-overwrite",
                "--log-level=warning",
            ])
            .arg(format!("--outfile={}", file.display())))?;
    }
    println!("\ntarget/dist (the npm package; what a page loads):");
    let first = [
        "dispute_intake_bg.wasm",
        "dispute_intake.js",
        split::LINK_MODULE,
        "index.js",
        "styles.js",
    ];
    let later = ["locale-es.js", "photo.js"];
    // Precompressed beside each file (FILE.gz, FILE.br), as a CDN serves them; the demo's
    // sandbox serves those. npm's `files` leaves them out of the package.
    run(Run::new("node")
        .arg(root.join("bench/compress.mjs"))
        .arg("--write")
        .args(first.iter().chain(&later).map(|name| dist.join(name)))
        .args(parts.iter().map(|name| dist.join(name))))?;
    Ok(())
}

/// Writes the crate version into the package's `package.json`.
fn stamp_version(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let version = env!("CARGO_PKG_VERSION");
    let stamped = text.replace(
        "\"version\": \"0.0.0-dev\"",
        &format!("\"version\": \"{version}\""),
    );
    if stamped == text {
        return fail("pkg-template/package.json must carry \"version\": \"0.0.0-dev\"");
    }
    std::fs::write(path, stamped).map_err(|e| format!("{}: {e}", path.display()))
}

/// Builds the sandbox and the gateway (the end-to-end tests run the widget against both).
fn build_sandbox() -> Result<std::path::PathBuf, String> {
    run(Run::new("cargo").args([
        "build",
        "--package",
        "dispute-sandbox",
        "--package",
        "dispute-gateway",
    ]))?;
    Ok(root().join("target/debug/dispute-sandbox"))
}

/// Prints the benchmarks' figures (release sandbox, release package).
fn bench() -> Result<(), String> {
    dist()?;
    run(Run::new("cargo").args([
        "build",
        "--release",
        "--package",
        "dispute-sandbox",
        "--package",
        "dispute-gateway",
    ]))?;
    let sandbox = root().join("target/release/dispute-sandbox");
    for script in [
        "size.mjs",
        "startup.mjs",
        "list.mjs",
        "uploads.mjs",
        "engines.mjs",
        "photos.mjs",
        "gateway.mjs",
        "results.mjs",
    ] {
        run(setup::with_engines(
            Run::new("node")
                .arg(root().join("bench").join(script))
                .env("SANDBOX_BIN", &sandbox)
                .env("GATEWAY_BIN", root().join("target/release/dispute-gateway"))
                .env("PG_BIN", setup::pg_bin()?),
        )?)?;
    }
    Ok(())
}

/// Serves the demo bank page and the package with the sandbox.
fn demo(args: &[String]) -> Result<(), String> {
    const USAGE: &str =
        "usage: cargo xtask demo [--port N] [--gateway] [--origin http://localhost:5173]...";
    let mut port = "8080".to_owned();
    let mut gateway = false;
    // Pages on other origins (an integrator's dev server) allowed to call the sandbox's API.
    let mut origins = Vec::new();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        if flag == "--gateway" {
            gateway = true;
            continue;
        }
        let value = rest.next().ok_or_else(|| USAGE.to_owned())?;
        match flag.as_str() {
            "--port" => port = value.clone(),
            "--origin" => origins.extend(["--origin".to_owned(), value.clone()]),
            _ => return fail(USAGE),
        }
    }
    dist()?;
    let sandbox = build_sandbox()?;
    let root = root();
    let mut gateway_child = None;
    if gateway {
        let port: u16 = port.parse().map_err(|_| USAGE.to_owned())?;
        let gw_port = port + 10;
        let config = root.join("target/demo-gateway.toml");
        std::fs::write(&config, demo_gateway_config(port, gw_port, &root))
            .map_err(|e| format!("{}: {e}", config.display()))?;
        gateway_child = Some(
            Run::new(root.join("target/debug/dispute-gateway"))
                .arg("--config")
                .arg(&config)
                // Demo values: the sandbox's fake back end takes these.
                .env("DEMO_CASAP_KEY", "casap-demo-key")
                .env("DEMO_CASAP_SECRET", "casap-demo-secret")
                .env("DEMO_LINK_KEY", "demo-link-key-not-secret-0123456789abcdef")
                .env("DEMO_STAFF_PASSWORD", "demo")
                .spawn()?,
        );
        println!(
            "\nThrough the gateway: http://127.0.0.1:{port}/?api=http://127.0.0.1:{gw_port}&idp=rs256\n\
             Staff (ops / demo): http://127.0.0.1:{gw_port}/staff/outbox, /metrics; what the \
             back end received: http://127.0.0.1:{port}/sandbox/casap-server/received"
        );
    }
    println!("\nOpen http://127.0.0.1:{port}/ (Ctrl-C stops the sandbox)\n");
    let served = run(Run::new(sandbox)
        .args(["--addr", &format!("127.0.0.1:{port}"), "--demo", "--db"])
        .arg(root.join("target/demo.sqlite"))
        .arg("--www")
        .arg(root.join("www"))
        .arg("--dist")
        .arg(root.join("target/dist"))
        .args(if gateway {
            vec!["--casap-server"]
        } else {
            vec![]
        })
        .args(origins));
    if let Some(mut child) = gateway_child {
        let _ = child.kill();
        let _ = child.wait();
    }
    served
}

/// The demo gateway's configuration: the sandbox is its identity provider (JWKS) and its back
/// end (the fake Casap server API).
fn demo_gateway_config(port: u16, gw_port: u16, root: &Path) -> String {
    format!(
        r#"# Written by cargo xtask demo --gateway.
[server]
addr = "127.0.0.1:{gw_port}"
public_url = "http://127.0.0.1:{gw_port}"
database = "{db}"
allowed_origins = ["http://127.0.0.1:{port}", "http://localhost:{port}"]
[member_auth]
org_id = "6f1c2d9e-8a41-4b7e-9c55-2e0d7f3a1b01"
issuer = "https://idp.sandbox.dispute-intake.test"
audience = "casap-dispute-api"
algorithm = "RS256"
jwks_url = "http://127.0.0.1:{port}/sandbox/idp/jwks.json"
[backend]
kind = "casap-server"
url = "http://127.0.0.1:{port}"
api_key = {{ env = "DEMO_CASAP_KEY" }}
api_secret = {{ env = "DEMO_CASAP_SECRET" }}
user_uuid = "70720526-3cb5-418e-9f9d-a1d07a056061"
org_uuid = "76851218-a1e8-418e-9151-8c2d61709521"
[links]
signing_key = {{ env = "DEMO_LINK_KEY" }}
[staff]
username = "ops"
password = {{ env = "DEMO_STAFF_PASSWORD" }}
"#,
        db = root.join("target/demo-gateway.sqlite").display()
    )
}

/// Runs every check; fails when any part fails or runs no test.
fn test() -> Result<(), String> {
    setup::setup()?;
    run(Run::new("cargo").args(["fmt", "--all", "--check"]))?;
    let wasm = [
        "--package",
        "dispute-intake",
        "--target",
        "wasm32-unknown-unknown",
    ];
    for what in [
        &["--workspace", "--all-targets"][..],
        &[wasm.as_slice(), &["--all-targets"]].concat(),
        // The package's build: its split points (src/ui/parts.rs) with wasm_split_helpers.
        &[wasm.as_slice(), &["--lib", "--features", "split"]].concat(),
    ] {
        run(Run::new("cargo")
            .arg("clippy")
            .args(what)
            .args(["--", "-D", "warnings"]))?;
    }

    let mut counts = Vec::new();
    let pg_bin = setup::pg_bin()?;
    let native = util::run_counting(
        Run::new("cargo")
            .args(["test", "--workspace"])
            .env("PG_BIN", &pg_bin),
    )?;
    counts.push(("native (cargo test)", native));
    // The gateway's suite again, every test's database on PostgreSQL (a throwaway cluster);
    // the multi-instance and PostgreSQL operations tests already ran on it above.
    let on_postgres = util::run_counting(
        Run::new("cargo")
            .args([
                "test",
                "--package",
                "dispute-gateway",
                "--test",
                "gateway",
                "--",
                "--skip",
                "instances::",
                "--skip",
                "pg_ops::",
            ])
            .env("GATEWAY_TEST_STORE", "postgres")
            .env("PG_BIN", &pg_bin),
    )?;
    counts.push(("gateway on PostgreSQL (cargo test)", on_postgres));
    // The gateway's container recipe, its steps run outside a container (no engine here).
    counts.push((
        "gateway container recipe (outside one)",
        container::check()?,
    ));

    // The browser tests (tests/web.rs) in each engine wasm-pack can drive here.
    for (suite, browser, driver_flag, driver) in [
        (
            "browser, Chromium",
            "--chrome",
            "--chromedriver",
            setup::chromedriver()?,
        ),
        (
            "browser, Firefox",
            "--firefox",
            "--geckodriver",
            setup::geckodriver()?,
        ),
    ] {
        let passed = util::run_counting(
            Run::new("wasm-pack")
                .args(["test", "--headless", browser, driver_flag])
                .arg(driver)
                .args([".", "--test", "web"]),
        )?;
        counts.push((suite, passed));
    }

    dist()?;
    let sandbox = build_sandbox()?;
    let e2e = util::run_counting(
        Run::new("node")
            .args(["--test", "--test-concurrency=1", "tests/e2e/"])
            .env("SANDBOX_BIN", &sandbox)
            .env("GATEWAY_BIN", root().join("target/debug/dispute-gateway"))
            .env("PG_BIN", &pg_bin)
            .env("CHROMIUM", setup::chromium()?),
    )?;
    counts.push(("end-to-end, Chromium (Playwright)", e2e));
    let engines = util::run_counting(setup::with_engines(
        Run::new("node")
            .args(["--test", "--test-concurrency=1", "tests/engines/"])
            .env("SANDBOX_BIN", &sandbox),
    )?)?;
    counts.push(("end-to-end, WebKit + Firefox", engines));

    println!("\nxtask test summary:");
    let mut total = 0;
    for (suite, n) in &counts {
        println!("  {suite:<36} {n:>5} passed");
        total += n;
        if *n == 0 {
            return fail(&format!("{suite} ran no test"));
        }
    }
    println!("  {:<36} {total:>5} passed", "all");
    // The plain closing line CI reads: every suite above exits non-zero on any failure.
    println!("tests: {total} passed, 0 failed");
    Ok(())
}
