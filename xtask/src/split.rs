//! The package's wasm, built in parts: the first screen's module and the parts fetched after it
//! (`src/ui/parts.rs`).
//!
//! 1. `cargo build --release --features split` with `--emit-relocs`, so that the linker keeps
//!    the relocations `wasm-split-cli` needs to move code and data between modules.
//! 2. `wasm-split-cli` cuts the module at the split points: the main module, one file per part,
//!    a file for code both parts share, and `__wasm_split.js`, which fetches and instantiates
//!    them against the main module's memory and function table.
//! 3. `wasm-bindgen --target web` on the main module (the parts call into it only through
//!    what it exports to them), then `wasm-opt` on every module alone.
//!
//! `__wasm_split.js` is rewritten in one place: the parts are compiled as the loader compiles
//! the main module, streaming only when the server says `application/wasm`, and a failed fetch
//! names its HTTP status.

use std::path::{Path, PathBuf};

use crate::util::{Run, fail, root, run};

/// The module that loads the parts (imported by the main module's JS glue).
pub const LINK_MODULE: &str = "__wasm_split.js";

/// wasm-opt's flags for every module: the `wasm-opt = [...]` line of the crate's Cargo.toml.
fn wasm_opt_flags() -> Result<Vec<String>, String> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| format!("reading Cargo.toml: {e}"))?;
    let line = manifest
        .lines()
        .find_map(|l| l.strip_prefix("wasm-opt = ["))
        .and_then(|l| l.strip_suffix(']'))
        .ok_or("Cargo.toml has no `wasm-opt = [...]` line")?;
    Ok(line
        .split(',')
        .map(|flag| flag.trim().trim_matches('"').to_owned())
        .collect())
}

/// What `wasm-split-cli` writes for each part's fetch.
const INSTANTIATE: &str = "WebAssembly.instantiateStreaming(src, imports)";
/// What it is replaced with (the function below, prepended).
const INSTANTIATE_CHECKED: &str = "instantiatePart(src, imports)";
const INSTANTIATE_PART: &str = r#"async function instantiatePart(fetched, imports) {
    const response = await fetched;
    if (!response.ok) throw new Error(`fetching a part of dispute-intake answered HTTP ${response.status}`);
    const wasmType = (response.headers.get("Content-Type") ?? "").startsWith("application/wasm");
    if (wasmType && typeof WebAssembly.instantiateStreaming === "function") {
        return WebAssembly.instantiateStreaming(response, imports);
    }
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}
"#;

/// Builds the wasm into `dist`: `dispute_intake_bg.wasm`, `dispute_intake.js`, the link module
/// and the parts. Returns the parts' file names.
pub fn build(dist: &Path) -> Result<Vec<String>, String> {
    let root = root();
    run(Run::new("cargo")
        .args([
            "build",
            "--release",
            "--lib",
            "--package",
            "dispute-intake",
            "--target",
            "wasm32-unknown-unknown",
            "--features",
            "split",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "-C link-arg=--emit-relocs",
        ))?;
    let linked = root.join("target/wasm32-unknown-unknown/release/dispute_intake.wasm");
    let cut = root.join("target/split");
    let _ = std::fs::remove_dir_all(&cut);
    run(Run::new("wasm-split-cli")
        .arg(&linked)
        .arg(&cut)
        .args(["--out-name", "dispute_intake"]))?;
    run(Run::new("wasm-bindgen")
        .args([
            "--target",
            "web",
            "--no-typescript",
            // The parts import the main module's function table by its linker name.
            "--keep-lld-exports",
            "--out-name",
            "dispute_intake",
            "--out-dir",
        ])
        .arg(dist)
        .arg(cut.join("dispute_intake.wasm")))?;
    let flags = wasm_opt_flags()?;
    let mut parts = Vec::new();
    for entry in std::fs::read_dir(&cut).map_err(|e| format!("reading {}: {e}", cut.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = file_name(&path);
        if name.ends_with(".wasm") && name != "dispute_intake.wasm" {
            optimize(&flags, &path, &dist.join(&name))?;
            parts.push(name);
        }
    }
    if parts.is_empty() {
        return fail("wasm-split-cli wrote no parts: are the split points built (feature split)?");
    }
    parts.sort();
    let main = dist.join("dispute_intake_bg.wasm");
    optimize(&flags, &main, &main)?;
    let link = std::fs::read_to_string(cut.join(LINK_MODULE))
        .map_err(|e| format!("reading {LINK_MODULE}: {e}"))?;
    if !link.contains(INSTANTIATE) {
        return fail("wasm-split-cli's link module no longer instantiates as expected");
    }
    let link = format!(
        "{INSTANTIATE_PART}{}",
        link.replace(INSTANTIATE, INSTANTIATE_CHECKED)
    );
    std::fs::write(dist.join(LINK_MODULE), link).map_err(|e| format!("{LINK_MODULE}: {e}"))?;
    Ok(parts)
}

fn optimize(flags: &[String], input: &Path, output: &PathBuf) -> Result<(), String> {
    run(Run::new("wasm-opt")
        .args(flags)
        .arg(input)
        .arg("-o")
        .arg(output))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}
