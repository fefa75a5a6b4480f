//! `cargo xtask setup`: installs what a fresh machine lacks, skipping what is already there:
//! the wasm toolchain, the browsers the tests drive (Chromium, Firefox ESR, WebKitGTK) with
//! their WebDriver servers, PostgreSQL (the gateway's second store), tesseract and heif-enc
//! (the photo tests), and the npm packages.

use std::path::PathBuf;

use crate::util::{Run, cargo_bin_dir, fail, output, root, run, succeeds};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

pub fn setup() -> Result<(), String> {
    wasm_target()?;
    wasm_pack()?;
    wasm_bindgen_cli()?;
    wasm_split_cli()?;
    browser()?;
    other_engines()?;
    geckodriver()?;
    postgres()?;
    image_tools()?;
    npm_packages()?;
    Ok(())
}

/// tesseract (OCR, with its English data) and libheif's `heif-enc`, from Debian: the photo
/// tests read receipts before and after reduction, and make a real HEIC photo.
fn image_tools() -> Result<(), String> {
    let tesseract = find_exe(&["/usr/bin/tesseract"], "tesseract").is_ok();
    let heif = find_exe(&["/usr/bin/heif-enc"], "heif-enc").is_ok();
    if tesseract && heif {
        return Ok(());
    }
    step("installing tesseract-ocr and libheif-examples from Debian");
    apt_install(&["tesseract-ocr", "tesseract-ocr-eng", "libheif-examples"])?;
    find_exe(&["/usr/bin/tesseract"], "tesseract")
        .and(find_exe(&["/usr/bin/heif-enc"], "heif-enc"))
        .map(|_| ())
}

/// The `bin` folder of Debian's PostgreSQL server (the newest installed): the gateway's tests
/// start throwaway clusters with its `initdb` and `pg_ctl`.
pub fn pg_bin() -> Result<PathBuf, String> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| "PostgreSQL is not installed (cargo xtask setup installs it)".to_owned())?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("pg_ctl").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin).ok_or_else(|| {
        "PostgreSQL's pg_ctl is not installed (cargo xtask setup installs it)".into()
    })
}

/// Debian's PostgreSQL server, for the gateway's tests on PostgreSQL, and procps (`pkill`,
/// with which a test freezes a cluster).
fn postgres() -> Result<(), String> {
    if pg_bin().is_ok() && std::path::Path::new("/usr/bin/pkill").is_file() {
        return Ok(());
    }
    step("installing PostgreSQL and procps from Debian");
    apt_install(&["postgresql", "procps"])?;
    pg_bin().map(|_| ())
}

fn step(what: &str) {
    println!("xtask setup: {what}");
}

fn wasm_target() -> Result<(), String> {
    let installed = output(Run::new("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|s| s.lines().any(|l| l.trim() == WASM_TARGET));
    if installed {
        return Ok(());
    }
    step("installing the wasm32 target");
    run(Run::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn wasm_pack() -> Result<(), String> {
    if succeeds(Run::new("wasm-pack").arg("--version")) {
        return Ok(());
    }
    step("installing wasm-pack (builds from source, a few minutes)");
    run(Run::new("cargo").args(["install", "wasm-pack", "--locked"]))
        .or_else(|_| run(Run::new("cargo").args(["install", "wasm-pack"])))
}

/// The wasm-bindgen version Cargo.lock pins (the CLI must match it exactly).
fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
        {
            return Ok(v.to_owned());
        }
    }
    fail("Cargo.lock has no wasm-bindgen entry")
}

fn wasm_bindgen_cli() -> Result<(), String> {
    let version = locked_wasm_bindgen()?;
    let have = output(Run::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner = succeeds(Run::new("wasm-bindgen-test-runner").arg("--version"));
    if have.trim() == format!("wasm-bindgen {version}") && runner {
        return Ok(());
    }
    step(&format!("installing wasm-bindgen-cli {version}"));
    // Not --locked: the registry's lock file of wasm-bindgen-cli lags one dependency.
    run(Run::new("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--force",
        "--version",
        &version,
    ]))
}

/// The version of `wasm_split_cli_support` whose `wasm-split-cli` cuts the package's wasm into
/// its parts (it reads the split points `wasm_split_helpers` 0.2 writes).
const WASM_SPLIT_CLI: &str = "0.2.4";

fn wasm_split_cli() -> Result<(), String> {
    let listed = output(Run::new("cargo").args(["install", "--list"])).unwrap_or_default();
    if listed.contains(&format!("wasm_split_cli_support v{WASM_SPLIT_CLI}:")) {
        return Ok(());
    }
    step(&format!(
        "installing wasm-split-cli {WASM_SPLIT_CLI} (a minute)"
    ));
    run(Run::new("cargo").args([
        "install",
        "wasm_split_cli_support",
        "--locked",
        "--features",
        "build-binary",
        "--version",
        WASM_SPLIT_CLI,
    ]))
}

/// Debian's Chromium.
pub fn chromium() -> Result<PathBuf, String> {
    find_exe(
        &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
        "chromium",
    )
}

/// Debian's ChromeDriver, matching [`chromium`].
pub fn chromedriver() -> Result<PathBuf, String> {
    find_exe(&["/usr/bin/chromedriver"], "chromedriver")
}

fn find_exe(candidates: &[&str], what: &str) -> Result<PathBuf, String> {
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .ok_or_else(|| format!("{what} is not installed (cargo xtask setup installs it)"))
}

fn browser() -> Result<(), String> {
    if chromium().is_ok() && chromedriver().is_ok() {
        return Ok(());
    }
    step("installing Chromium and ChromeDriver from Debian");
    apt_install(&["chromium", "chromium-driver"])?;
    chromium().and(chromedriver()).map(|_| ())
}

/// Debian's Firefox ESR.
pub fn firefox() -> Result<PathBuf, String> {
    find_exe(&["/usr/bin/firefox-esr", "/usr/bin/firefox"], "firefox-esr")
}

/// WebKitGTK's WebDriver (it starts WebKitGTK's MiniBrowser).
pub fn webkit_driver() -> Result<PathBuf, String> {
    find_exe(&["/usr/bin/WebKitWebDriver"], "WebKitWebDriver")
}

/// geckodriver, from crates.io.
pub fn geckodriver() -> Result<PathBuf, String> {
    if let Some(path) = cargo_bin("geckodriver").filter(|p| p.is_file()) {
        return Ok(path);
    }
    step("installing geckodriver (cargo install, a minute or two)");
    run(Run::new("cargo").args(["install", "geckodriver", "--locked"]))
        .or_else(|_| run(Run::new("cargo").args(["install", "geckodriver"])))?;
    cargo_bin("geckodriver")
        .filter(|p| p.is_file())
        .ok_or_else(|| "geckodriver was installed but is not in cargo's bin folder".to_owned())
}

/// Where `cargo install` puts `name`.
fn cargo_bin(name: &str) -> Option<PathBuf> {
    cargo_bin_dir().map(|dir| dir.join(name))
}

/// `cmd` told where the WebDriver servers and Firefox are, as `tests/engines/drivers.mjs`
/// reads them (`GECKODRIVER`, `WEBKIT_DRIVER`, `FIREFOX`).
pub fn with_engines(cmd: Run) -> Result<Run, String> {
    Ok(cmd
        .env("GECKODRIVER", geckodriver()?)
        .env("WEBKIT_DRIVER", webkit_driver()?)
        .env("FIREFOX", firefox()?))
}

/// Firefox ESR, WebKitGTK's WebDriver and MiniBrowser, and a virtual display for WebKit
/// (Xvfb, with xauth), from Debian: the engines tested besides Chromium.
fn other_engines() -> Result<(), String> {
    let xvfb = find_exe(&["/usr/bin/Xvfb"], "Xvfb").is_ok();
    let xauth = find_exe(&["/usr/bin/xauth"], "xauth").is_ok();
    if firefox().is_ok() && webkit_driver().is_ok() && xvfb && xauth {
        return Ok(());
    }
    step("installing Firefox ESR, WebKitGTK's WebDriver, Xvfb and xauth from Debian");
    apt_install(&["firefox-esr", "webkit2gtk-driver", "xvfb", "xauth"])?;
    firefox().and(webkit_driver()).map(|_| ())
}

/// `apt-get update` once per run, then `apt-get install` of `packages` (as root, or through
/// sudo).
fn apt_install(packages: &[&str]) -> Result<(), String> {
    static UPDATED: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    let root_user = output(Run::new("id").arg("-u")).is_some_and(|s| s.trim() == "0");
    let apt = |args: &[&str]| {
        let cmd = if root_user {
            Run::new("apt-get").args(args)
        } else {
            Run::new("sudo").arg("apt-get").args(args)
        };
        run(cmd.env("DEBIAN_FRONTEND", "noninteractive"))
    };
    if UPDATED.get().is_none() {
        apt(&["update"])?;
        let _ = UPDATED.set(());
    }
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend_from_slice(packages);
    apt(&args)
}

/// `npm ci` when node_modules does not match package-lock.json.
fn npm_packages() -> Result<(), String> {
    let root = root();
    let lock = std::fs::read(root.join("package-lock.json"))
        .map_err(|e| format!("reading package-lock.json: {e}"))?;
    let stamp_path = root.join("node_modules/.xtask-lock-stamp");
    let want = fingerprint(&lock);
    if std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == want) {
        return Ok(());
    }
    step("installing npm packages (npm ci)");
    run(Run::new("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    std::fs::write(&stamp_path, want).map_err(|e| format!("writing npm stamp: {e}"))
}

/// A cheap content fingerprint (FNV-1a) to notice a changed lock file.
fn fingerprint(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}
