//! Running commands with the project's tool paths, and small file helpers.

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

pub fn fail<T>(msg: &str) -> Result<T, String> {
    Err(msg.to_owned())
}

/// Where `cargo install` puts programs: `$CARGO_HOME/bin`, else `~/.cargo/bin`.
pub fn cargo_bin_dir() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|home| home.join("bin"))
}

/// PATH with the project's tools first: npm's binaries (wasm-opt) and cargo's.
pub fn tool_path() -> OsString {
    let mut dirs = vec![root().join("node_modules/.bin")];
    dirs.extend(cargo_bin_dir());
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

/// A command to run from the workspace root with [`tool_path`].
pub struct Run(Command);

impl Run {
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let mut c = Command::new(program);
        c.current_dir(root()).env("PATH", tool_path());
        Self(c)
    }

    pub fn arg(mut self, a: impl AsRef<OsStr>) -> Self {
        self.0.arg(a);
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, a: I) -> Self {
        self.0.args(a);
        self
    }

    pub fn env(mut self, k: &str, v: impl AsRef<OsStr>) -> Self {
        self.0.env(k, v);
        self
    }

    /// Runs it in `dir` instead of the repository's root.
    pub fn cwd(mut self, dir: &Path) -> Self {
        self.0.current_dir(dir);
        self
    }

    /// Starts it in the background (output inherited).
    pub fn spawn(mut self) -> Result<std::process::Child, String> {
        let what = self.describe();
        self.0.spawn().map_err(|e| format!("{what}: {e}"))
    }

    fn describe(&self) -> String {
        let mut s = self.0.get_program().to_string_lossy().into_owned();
        for a in self.0.get_args() {
            s.push(' ');
            s.push_str(&a.to_string_lossy());
        }
        s
    }
}

/// Runs to completion with inherited output; an error unless it exits 0.
pub fn run(mut cmd: Run) -> Result<(), String> {
    let what = cmd.describe();
    println!("\n$ {what}");
    let status = cmd
        .0
        .status()
        .map_err(|e| format!("cannot start `{what}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{what}` failed ({status})"))
    }
}

/// Whether a command runs and exits 0, output discarded.
pub fn succeeds(mut cmd: Run) -> bool {
    cmd.0
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A command's stdout, if it runs and exits 0.
pub fn output(mut cmd: Run) -> Option<String> {
    let out = cmd.0.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs a test command, echoing its stdout, and counts the tests it reports as passed
/// (libtest's `test result: ok. N passed` and node's `# pass N`).
pub fn run_counting(mut cmd: Run) -> Result<usize, String> {
    let what = cmd.describe();
    println!("\n$ {what}");
    let mut child = cmd
        .0
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start `{what}`: {e}"))?;
    let mut passed = 0;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            passed += passed_in(&line);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(passed)
    } else {
        Err(format!("`{what}` failed ({status})"))
    }
}

fn passed_in(line: &str) -> usize {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("test result: ok. ") {
        return rest
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
    }
    // node --test prints `ℹ pass N` (spec reporter) or `# pass N` (TAP).
    for prefix in ["ℹ pass ", "# pass "] {
        if let Some(n) = line.strip_prefix(prefix) {
            return n.trim().parse().unwrap_or(0);
        }
    }
    0
}

pub fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copying {} to {}: {e}", from.display(), to.display()))
}

#[cfg(test)]
mod tests {
    use super::passed_in;

    #[test]
    fn counts_passed_tests_from_runner_summaries() {
        assert_eq!(
            passed_in("test result: ok. 15 passed; 0 failed; 0 ignored"),
            15
        );
        assert_eq!(passed_in("test result: FAILED. 3 passed; 1 failed"), 0);
        assert_eq!(passed_in("ℹ pass 4"), 4);
        assert_eq!(passed_in("# pass 2"), 2);
        assert_eq!(passed_in("ok 1 - loads"), 0);
    }
}
