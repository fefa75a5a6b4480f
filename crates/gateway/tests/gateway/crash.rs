//! `kill -9` of a gateway in the middle of a drain, then a restart: every dispute forwarded;
//! duplicates only where the kill fell between a send and its record, each with the same
//! ticket id.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use jsonwebtoken::Algorithm;

use crate::util::*;

/// A gateway child process, killed (`SIGKILL`) when dropped, so a failing test leaves none.
pub struct Proc(Child);

impl From<Child> for Proc {
    fn from(c: Child) -> Self {
        Self(c)
    }
}

impl Proc {
    /// Its standard output, until taken.
    pub fn stdout(&mut self) -> Option<&mut std::process::ChildStdout> {
        self.0.stdout.as_mut()
    }

    /// Its process id.
    pub fn id(&self) -> u32 {
        self.0.id()
    }

    /// SIGTERM (what a platform sends to stop it), then waits at most `secs` for it to exit;
    /// its exit status.
    pub async fn terminate(&mut self, secs: u64) -> std::process::ExitStatus {
        let pid = self.0.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success(), "kill -TERM {pid}");
        self.exited(secs).await
    }

    /// Waits at most `secs` for it to exit; its exit status.
    pub async fn exited(&mut self, secs: u64) -> std::process::ExitStatus {
        let end = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return status;
            }
            assert!(
                tokio::time::Instant::now() < end,
                "the gateway did not exit within {secs} s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// `kill -9`, and waits for it to be gone.
    pub fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Starts the gateway binary on `config`, its log (at `log_level`) to `stderr`; the process and
/// the URL it printed.
pub fn spawn_logging(
    config: &std::path::Path,
    env: &[(&'static str, String)],
    log_level: &str,
    stderr: Stdio,
) -> (Proc, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dispute-gateway"))
        .arg("--config")
        .arg(config)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("RUST_LOG", log_level)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    (Proc(child), url)
}

pub fn spawn(config: &std::path::Path, env: &[(&'static str, String)]) -> (Proc, String) {
    spawn_logging(config, env, "warn", Stdio::inherit())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_drain_loses_nothing() {
    const N: usize = 30;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gw.sqlite");
    let idp = Idp::start(vec![jwk("rsa1.pem", Algorithm::RS256, "rs-1")]).await;
    // 10 a second: the drain takes about three seconds.
    let backend = Backend::start(1000, Duration::from_secs(1)).await;
    let addr = free_addr();
    let mut setup = Setup::new(db.to_str().unwrap(), &backend.url, &idp.url);
    setup.rate = 10;
    setup.addr = &addr;
    let config = dir.path().join("gateway.toml");
    std::fs::write(&config, setup.toml(&format!("http://{addr}"))).unwrap();
    let env = setup.env();

    let (mut child, url) = spawn(&config, &env);
    let token = session(&url, "mbr-ana", ORG).await;
    let mut tickets = Vec::new();
    for i in 0..N {
        let d = file(
            &url,
            &token,
            "mbr-ana",
            vec![card(&format!("k-{i}"), "Shop", 100)],
        )
        .await;
        tickets.push(d["shortId"].as_str().unwrap().to_owned());
    }
    until(20, "part of the drain", || backend.created().len() >= 12).await;
    child.kill(); // SIGKILL
    let at_kill = backend.created().len();
    assert!(
        at_kill < N,
        "the kill came mid-drain ({at_kill} of {N} sent)"
    );

    let (mut child, _) = spawn(&config, &env);
    let complete = || {
        let mut seen: Vec<String> = backend
            .created()
            .iter()
            .map(|r| r.ticket_id.clone().unwrap())
            .collect();
        seen.sort();
        seen.dedup();
        seen.len() == N
    };
    until(30, "every dispute forwarded after the restart", complete).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    child.kill();

    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in backend.created() {
        *counts.entry(r.ticket_id.unwrap()).or_default() += 1;
    }
    tickets.sort();
    assert_eq!(
        counts.keys().cloned().collect::<Vec<_>>(),
        tickets,
        "every dispute forwarded"
    );
    let duplicated: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    // One kill: at most the one send in flight was not recorded.
    assert!(
        duplicated.len() <= 1 && duplicated.iter().all(|(_, n)| **n == 2),
        "{duplicated:?}"
    );
    println!(
        "kill -9: {at_kill} of {N} forwarded before the kill, {} duplicate(s) after the restart",
        duplicated.len()
    );
}
