//! A throwaway PostgreSQL cluster for the tests: `initdb` and `pg_ctl` from Debian's
//! `postgresql` (which `cargo xtask setup` installs; `PG_BIN` names its `bin` folder, else the
//! newest under `/usr/lib/postgresql`), on a free loopback port, in a folder of its own under
//! the system's temporary folder. PostgreSQL refuses to run as root, so as root the cluster is
//! the `postgres` user's (`runuser`). A watcher process stops the cluster and removes its
//! folder when this test process ends, however it ends.
//!
//! `GATEWAY_TEST_STORE=postgres` runs the whole suite on it: [`store`] turns each test's
//! SQLite database into a fresh PostgreSQL database of its own.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

pub struct Cluster {
    pub port: u16,
    bin: PathBuf,
    as_postgres: bool,
    /// Its folder (the data folder is `data` in it).
    pub dir: PathBuf,
    /// The server's options (`pg_ctl -o`), kept to start it again.
    options: String,
}

/// What a cluster of a test's own is started with besides the defaults.
#[derive(Default)]
pub struct ClusterOptions<'a> {
    /// More `-c name=value` settings.
    pub settings: Vec<String>,
    /// Replaces `pg_hba.conf`.
    pub hba: Option<&'a str>,
    /// Files written into the data folder before the start (the cluster's user owns them, and
    /// only it reads them: a private key must be so).
    pub files: Vec<(&'a str, Vec<u8>)>,
}

/// Whether this run puts every test's database on PostgreSQL.
pub fn enabled() -> bool {
    std::env::var("GATEWAY_TEST_STORE").is_ok_and(|v| v == "postgres")
}

fn pg_bin() -> PathBuf {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is not installed: run `cargo xtask setup` (Debian's postgresql)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("pg_ctl").is_file())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
    });
    found.pop().expect("no pg_ctl under /usr/lib/postgresql")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Cluster {
    /// `program` of the cluster's PostgreSQL, run as the cluster's owner.
    fn command(&self, program: &str) -> Command {
        let exe = self.bin.join(program);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    fn start() -> Self {
        Self::start_with(&ClusterOptions::default())
    }

    /// A cluster of its own, beside the shared one (each in its own folder, on its own port).
    pub fn start_with(extra: &ClusterOptions<'_>) -> Self {
        static N: Mutex<u32> = Mutex::new(0);
        let n = {
            let mut n = N.lock().unwrap();
            *n += 1;
            *n
        };
        let bin = pg_bin();
        let as_postgres = is_root();
        let dir =
            std::env::temp_dir().join(format!("dispute-gateway-pg-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        if as_postgres {
            chown(&dir);
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200",
            dir.display()
        );
        for setting in &extra.settings {
            options.push_str(&format!(" -c {setting}"));
        }
        let cluster = Self {
            port,
            bin,
            as_postgres,
            dir: dir.clone(),
            options,
        };
        let data = dir.join("data");
        run(cluster
            .command("initdb")
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "-D",
            ])
            .arg(&data));
        if let Some(hba) = extra.hba {
            std::fs::write(data.join("pg_hba.conf"), hba).unwrap();
        }
        for (name, bytes) in &extra.files {
            let path = data.join(name);
            std::fs::write(&path, bytes).unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            if as_postgres {
                chown(&path);
            }
        }
        // The watcher: when this process is gone, stop the cluster (thawed first, should a test
        // have ended while it was frozen) and remove its folder.
        let stop = format!(
            "p=$(head -1 '{}/postmaster.pid' 2>/dev/null); \
             [ -n \"$p\" ] && pkill -CONT -P \"$p\"; [ -n \"$p\" ] && kill -CONT \"$p\"; \
             {} '{}' -D '{}' stop -m immediate >/dev/null 2>&1",
            data.display(),
            if as_postgres {
                "runuser -u postgres --"
            } else {
                ""
            },
            cluster.bin.join("pg_ctl").display(),
            data.display()
        );
        let watcher = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop}; rm -rf '{dir}'",
            pid = std::process::id(),
            dir = dir.display()
        );
        // Never waited for: it outlives this process on purpose.
        #[allow(clippy::zombie_processes)]
        let _watcher = Command::new("sh")
            .args(["-c", &watcher])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        cluster.resume();
        cluster
    }

    /// Starts the server (again), waiting until it takes connections.
    pub fn resume(&self) {
        run(self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-l")
            .arg(self.dir.join("log"))
            .arg("-o")
            .arg(&self.options)
            .args(["-w", "start"]));
    }

    /// Freezes every process of the server (SIGSTOP): its connections stay open and nothing
    /// answers, as when its host hangs or the network path to it is cut. Thawed when the
    /// guard is dropped, also when the test fails.
    pub fn freeze(&self) -> Frozen {
        let pid = std::fs::read_to_string(self.dir.join("data/postmaster.pid"))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned();
        // The postmaster first (it forks no one meanwhile), then its children.
        run(Command::new("kill").args(["-STOP", &pid]));
        run(Command::new("pkill").args(["-STOP", "-P", &pid]));
        Frozen { pid }
    }

    /// Stops the server as an operator does (`-m fast`: sessions ended, no new ones).
    pub fn stop(&self) {
        run(self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "fast", "-w", "stop"]));
    }

    /// A new, empty database; its URL.
    pub fn database(&self) -> String {
        static N: Mutex<u32> = Mutex::new(0);
        let name = {
            let mut n = N.lock().unwrap();
            *n += 1;
            format!("t{}", *n)
        };
        // Through the cluster's socket, which `local all all trust` lets in whatever TCP asks
        // for (TLS, a client certificate).
        run(self
            .command("createdb")
            .arg("-h")
            .arg(&self.dir)
            .args(["-p", &self.port.to_string(), "-U", "postgres"])
            .arg(&name));
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

fn chown(path: &std::path::Path) {
    let ok = Command::new("chown")
        .args(["postgres:postgres"])
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "chown of {} to postgres", path.display());
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A frozen cluster, thawed (SIGCONT) when dropped.
pub struct Frozen {
    pid: String,
}

impl Drop for Frozen {
    fn drop(&mut self) {
        run(Command::new("pkill").args(["-CONT", "-P", &self.pid]));
        run(Command::new("kill").args(["-CONT", &self.pid]));
    }
}

/// The cluster of this test process, started on first use.
pub fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(Cluster::start)
}

/// The database a test asked for, on the store this run tests: itself on SQLite; on
/// PostgreSQL a fresh database per `:memory:`, and one per file path (a gateway restarted on
/// the same file finds its data again).
pub fn store(database: &str) -> String {
    if !enabled() {
        return database.to_owned();
    }
    if database == ":memory:" {
        return cluster().database();
    }
    static BY_PATH: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let mut map = BY_PATH.get_or_init(Default::default).lock().unwrap();
    map.entry(database.to_owned())
        .or_insert_with(|| cluster().database())
        .clone()
}
