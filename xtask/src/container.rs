//! `crates/gateway/Dockerfile` checked without a container engine. This machine and CI have
//! no Docker daemon, and a daemonless builder from Debian (buildah) cannot pull the base images
//! (measured 2026-12-04: `buildah from docker.io/library/debian:bookworm-slim` fails, the
//! registry's host does not resolve). So the recipe's own steps are run as written:
//!
//! 1. The Dockerfile is parsed: two stages, the last one's `USER` not root, its `ENTRYPOINT`
//!    a file the stage copies in.
//! 2. The build stage: the build context (the files git has, minus `.dockerignore`) is copied
//!    to the stage's `WORKDIR` under `target/container/build`, and each `RUN` runs there with
//!    `sh -c`. (Its `target` folder is kept between runs, `target/container/cargo-target`, so
//!    the dependencies compile once.)
//! 3. The final stage: each `COPY --from=build` lays out its files under
//!    `target/container/image`, with their `--chown`; what distroless's `cc` image brings is
//!    added: the C libraries the binary links, which must be those it has (glibc, libgcc).
//! 4. The image is run as the container would be: `ENTRYPOINT` + `CMD` in a chroot of that
//!    folder, as the `USER`, with only the environment README's `docker run` gives, and the
//!    sample configuration as the configuration (its `addr` on a free loopback port). It must
//!    answer `/livez` and `/readyz` (SQLite in the volume's folder, writable by that user), and
//!    exit 0 on SIGTERM.
//!
//! Each check passed is counted in `cargo xtask test`'s summary.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Run, fail, output, root, run};

/// One instruction, its continuation lines joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub keyword: String,
    pub args: String,
}

/// A stage: its `FROM` line's image and name, and its instructions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub image: String,
    pub name: Option<String>,
    pub steps: Vec<Instruction>,
}

/// Parses a Dockerfile: comments and blank lines skipped, `\` continuations joined, `ARG`s
/// before the first `FROM` substituted into `FROM` lines.
pub fn parse(text: &str) -> Result<Vec<Stage>, String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if current.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        if let Some(head) = trimmed.strip_suffix('\\') {
            current.push_str(head);
            current.push(' ');
        } else {
            current.push_str(trimmed);
            lines.push(std::mem::take(&mut current));
        }
    }
    let mut args: Vec<(String, String)> = Vec::new();
    let mut stages: Vec<Stage> = Vec::new();
    for line in lines {
        let (keyword, rest) = line.split_once(' ').unwrap_or((&line, ""));
        let keyword = keyword.to_ascii_uppercase();
        let rest = rest.trim().to_owned();
        match (keyword.as_str(), stages.last_mut()) {
            ("ARG", None) => {
                let (k, v) = rest.split_once('=').unwrap_or((&rest, ""));
                args.push((k.to_owned(), v.to_owned()));
            }
            ("FROM", _) => {
                let mut from = rest.clone();
                for (k, v) in &args {
                    from = from.replace(&format!("${{{k}}}"), v);
                }
                let words: Vec<&str> = from.split_whitespace().collect();
                let (image, name) = match words.as_slice() {
                    [image] => (image.to_string(), None),
                    [image, as_, name] if as_.eq_ignore_ascii_case("as") => {
                        (image.to_string(), Some(name.to_string()))
                    }
                    _ => return fail(&format!("FROM {rest}: not `image [AS name]`")),
                };
                stages.push(Stage {
                    image,
                    name,
                    steps: Vec::new(),
                });
            }
            (_, Some(stage)) => stage.steps.push(Instruction {
                keyword,
                args: rest,
            }),
            (_, None) => return fail(&format!("{keyword} before the first FROM")),
        }
    }
    Ok(stages)
}

/// A JSON array of plain strings (`ENTRYPOINT`, `CMD`, `VOLUME`).
pub fn json_words(args: &str) -> Result<Vec<String>, String> {
    let inner = args
        .trim()
        .strip_prefix('[')
        .and_then(|a| a.strip_suffix(']'))
        .ok_or_else(|| format!("{args}: not the exec form [\"...\"]"))?;
    inner
        .split(',')
        .map(|w| {
            let w = w.trim();
            w.strip_prefix('"')
                .and_then(|w| w.strip_suffix('"'))
                .filter(|w| !w.contains(['"', '\\']))
                .map(str::to_owned)
                .ok_or_else(|| format!("{w}: not a plain quoted string"))
        })
        .collect()
}

/// `COPY [--from=S] [--chown=U:G] SRC DEST`.
#[derive(Debug, PartialEq, Eq)]
pub struct Copy {
    pub from: Option<String>,
    pub chown: Option<(u32, u32)>,
    pub src: String,
    pub dest: String,
}

pub fn copy_of(args: &str) -> Result<Copy, String> {
    let mut from = None;
    let mut chown = None;
    let mut paths = Vec::new();
    for w in args.split_whitespace() {
        if let Some(s) = w.strip_prefix("--from=") {
            from = Some(s.to_owned());
        } else if let Some(ids) = w.strip_prefix("--chown=") {
            chown = Some(user_of(ids)?);
        } else if w.starts_with("--") {
            return fail(&format!("COPY {args}: {w} is not checked here"));
        } else {
            paths.push(w.to_owned());
        }
    }
    match paths.as_slice() {
        [src, dest] => Ok(Copy {
            from,
            chown,
            src: src.clone(),
            dest: dest.clone(),
        }),
        _ => fail(&format!("COPY {args}: one source and one destination")),
    }
}

/// `UID:GID` as numbers (names would need the image's /etc/passwd).
pub fn user_of(ids: &str) -> Result<(u32, u32), String> {
    let (u, g) = ids.split_once(':').unwrap_or((ids, ids));
    match (u.parse(), g.parse()) {
        (Ok(u), Ok(g)) => Ok((u, g)),
        _ => fail(&format!("{ids}: give the user as numbers, UID:GID")),
    }
}

/// Whether `path` (relative, `/`-separated) is left out by `.dockerignore`'s `patterns` (each a
/// path, or a `*.ext` matched against the file's name).
pub fn ignored(path: &str, patterns: &[String]) -> bool {
    patterns.iter().any(|p| {
        if let Some(ext) = p.strip_prefix('*') {
            path.rsplit('/')
                .next()
                .is_some_and(|name| name.ends_with(ext))
        } else {
            path == p || path.starts_with(&format!("{p}/"))
        }
    })
}

/// The C libraries distroless's `cc-debian12` image has (glibc, libgcc); the binary may link
/// no other.
const DISTROLESS_CC: &[&str] = &[
    "linux-vdso.so.1",
    "libc.so.6",
    "libm.so.6",
    "libgcc_s.so.1",
    "libpthread.so.0",
    "libdl.so.2",
    "librt.so.1",
    "ld-linux-x86-64.so.2",
];

/// `path` inside a stage's root folder.
fn inside(stage_root: &Path, path: &str) -> PathBuf {
    stage_root.join(path.trim_start_matches('/'))
}

/// Copies `from` to `to` as `COPY` does: the files a symbolic link names, not the link.
fn copy_tree(from: &Path, to: &Path, chown: Option<(u32, u32)>) -> Result<(), String> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    run(Run::new("cp").args(["-R", "-L", "-p"]).arg(from).arg(to))?;
    if let Some((u, g)) = chown {
        run(Run::new("chown").arg("-R").arg(format!("{u}:{g}")).arg(to))?;
    }
    Ok(())
}

/// The files `docker build .` would send: those git has (tracked, or new and not ignored),
/// minus `.dockerignore`.
fn context_files(root: &Path) -> Result<Vec<String>, String> {
    let patterns: Vec<String> = std::fs::read_to_string(root.join(".dockerignore"))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let listed = output(Run::new("git").arg("-C").arg(root).args([
        "ls-files",
        "--cached",
        "--others",
        "--exclude-standard",
    ]))
    .ok_or("git ls-files failed")?;
    Ok(listed
        .lines()
        .filter(|p| !ignored(p, &patterns) && root.join(p).is_file())
        .map(str::to_owned)
        .collect())
}

/// A check passed, counted.
fn passed(n: &mut usize, what: &str) {
    *n += 1;
    println!("container recipe: ok: {what}");
}

/// Runs the recipe's steps outside a container; the number of checks passed.
pub fn check() -> Result<usize, String> {
    let root = root();
    let dockerfile = root.join("crates/gateway/Dockerfile");
    let text = std::fs::read_to_string(&dockerfile).map_err(|e| format!("Dockerfile: {e}"))?;
    let stages = parse(&text)?;
    let mut n = 0;
    let [build, image] = stages.as_slice() else {
        return fail("the Dockerfile has two stages: build, then the image");
    };
    let build_name = build.name.clone().ok_or("the build stage is named")?;
    let user = image
        .steps
        .iter()
        .rfind(|s| s.keyword == "USER")
        .map(|s| user_of(&s.args))
        .transpose()?
        .ok_or("the image names its USER")?;
    if user.0 == 0 {
        return fail("the image runs as root");
    }
    passed(
        &mut n,
        &format!("two stages; the image runs as {}:{}", user.0, user.1),
    );

    // The build stage, in target/container/build.
    let work = root.join("target/container");
    let build_root = work.join("build");
    let _ = std::fs::remove_dir_all(&build_root);
    let mut workdir = build_root.clone();
    for step in &build.steps {
        match step.keyword.as_str() {
            "WORKDIR" => {
                workdir = inside(&build_root, &step.args);
                std::fs::create_dir_all(&workdir).map_err(|e| e.to_string())?;
            }
            "COPY" => {
                let c = copy_of(&step.args)?;
                if (c.src.as_str(), c.dest.as_str()) != (".", ".") || c.from.is_some() {
                    return fail(&format!(
                        "build stage: COPY {} is not checked here",
                        step.args
                    ));
                }
                let files = context_files(&root)?;
                for f in &files {
                    let to = workdir.join(f);
                    std::fs::create_dir_all(to.parent().unwrap()).map_err(|e| e.to_string())?;
                    std::fs::copy(root.join(f), &to).map_err(|e| format!("{f}: {e}"))?;
                }
                if workdir.join("target").exists() || workdir.join("node_modules").exists() {
                    return fail(".dockerignore lets target or node_modules into the context");
                }
                passed(
                    &mut n,
                    &format!(
                        "the build context: {} files, no target or node_modules",
                        files.len()
                    ),
                );
                // Compiled dependencies kept between runs (the context itself has no target).
                let kept = work.join("cargo-target");
                std::fs::create_dir_all(&kept).map_err(|e| e.to_string())?;
                std::os::unix::fs::symlink(&kept, workdir.join("target"))
                    .map_err(|e| e.to_string())?;
            }
            "RUN" => {
                println!("container recipe: RUN {}", step.args);
                run(Run::new("sh").arg("-c").arg(&step.args).cwd(&workdir))?;
                passed(&mut n, "RUN, as written, in the stage's WORKDIR");
            }
            other => return fail(&format!("build stage: {other} is not checked here")),
        }
    }

    // The image's files, in target/container/image.
    let image_root = work.join("image");
    if image_root.exists() {
        // Files the image's user owns: removed as root.
        std::fs::remove_dir_all(&image_root).map_err(|e| e.to_string())?;
    }
    std::fs::create_dir_all(&image_root).map_err(|e| e.to_string())?;
    let (mut entrypoint, mut cmd) = (Vec::new(), Vec::new());
    for step in &image.steps {
        match step.keyword.as_str() {
            "COPY" => {
                let c = copy_of(&step.args)?;
                if c.from.as_deref() != Some(build_name.as_str()) {
                    return fail(&format!("COPY {}: only --from={build_name}", step.args));
                }
                let src = inside(&build_root, &c.src);
                if !src.exists() {
                    return fail(&format!(
                        "COPY {}: the build stage made no {}",
                        step.args, c.src
                    ));
                }
                copy_tree(&src, &inside(&image_root, &c.dest), c.chown)?;
            }
            "ENTRYPOINT" => entrypoint = json_words(&step.args)?,
            "CMD" => cmd = json_words(&step.args)?,
            "VOLUME" => {
                for v in json_words(&step.args)? {
                    let owner = std::fs::metadata(inside(&image_root, &v))
                        .map(|m| std::os::unix::fs::MetadataExt::uid(&m))
                        .map_err(|_| format!("VOLUME {v}: the image has no such folder"))?;
                    if owner != user.0 {
                        return fail(&format!("VOLUME {v}: not the image user's"));
                    }
                }
            }
            "USER" | "EXPOSE" | "STOPSIGNAL" => {}
            other => return fail(&format!("image: {other} is not checked here")),
        }
    }
    let program = entrypoint.first().ok_or("the image has an ENTRYPOINT")?;
    let binary = inside(&image_root, program);
    if !binary.is_file() {
        return fail(&format!("ENTRYPOINT {program}: not copied into the image"));
    }
    passed(&mut n, "the image's files laid out as its COPY lines say");

    // What distroless's cc image brings: the libraries the binary links, only those it has.
    let linked = output(Run::new("ldd").arg(&binary)).ok_or("ldd failed")?;
    for line in linked.lines() {
        let name = line.split_whitespace().next().unwrap_or_default();
        let file = Path::new(name)
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or(name);
        if !DISTROLESS_CC.contains(&file) {
            return fail(&format!(
                "the binary links {file}, which distroless/cc lacks"
            ));
        }
        let path = line
            .split("=>")
            .nth(1)
            .unwrap_or(line)
            .split_whitespace()
            .next()
            .filter(|p| p.starts_with('/'));
        if let Some(path) = path {
            copy_tree(Path::new(path), &inside(&image_root, path), None)?;
        }
    }
    passed(
        &mut n,
        "the binary links only glibc and libgcc (distroless/cc has them)",
    );

    // The documented run: the sample configuration, its secrets from the environment.
    let sample = std::fs::read_to_string(inside(
        &image_root,
        "/etc/dispute-gateway/gateway.sample.toml",
    ))
    .map_err(|e| format!("the image's gateway.sample.toml: {e}"))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let config = sample.replace(
        "addr = \"0.0.0.0:8090\"",
        &format!("addr = \"127.0.0.1:{port}\""),
    );
    if config == sample {
        return fail("the sample configuration no longer has addr = \"0.0.0.0:8090\"");
    }
    std::fs::write(
        inside(&image_root, "/etc/dispute-gateway/gateway.toml"),
        config,
    )
    .map_err(|e| e.to_string())?;
    let chroot = ["/usr/sbin/chroot", "/usr/bin/chroot"]
        .into_iter()
        .find(|p| Path::new(p).is_file())
        .ok_or("no chroot (coreutils)")?;
    let mut child = Command::new(chroot)
        .arg(format!("--userspec={}:{}", user.0, user.1))
        .arg(&image_root)
        .args(&entrypoint)
        .args(&cmd)
        .env_clear()
        .envs(SAMPLE_ENV.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("chroot: {e}"))?;
    let result = probe_and_stop(&mut child, port);
    if result.is_err() {
        let _ = child.kill();
        let _ = child.wait();
    }
    result?;
    passed(
        &mut n,
        "started as the container would be: /livez 200, /readyz 200",
    );
    passed(&mut n, "SIGTERM: exit 0");
    let db = inside(&image_root, "/var/lib/dispute-gateway/gateway.sqlite");
    let owner = std::fs::metadata(&db)
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m))
        .map_err(|_| "no SQLite database in the volume's folder".to_owned())?;
    if owner != user.0 {
        return fail("the database is not the image user's");
    }
    passed(
        &mut n,
        "the SQLite database is in the volume, the image user's",
    );
    Ok(n)
}

/// The environment of README's `docker run` (placeholders for the secrets).
const SAMPLE_ENV: &[(&str, &str)] = &[
    ("CASAP_API_KEY", "container-check-key"),
    ("CASAP_API_SECRET", "container-check-secret"),
    (
        "GATEWAY_LINK_KEY",
        "container-check-link-key-0123456789abcdef",
    ),
    ("GATEWAY_STAFF_PASSWORD", "container-check-staff-password"),
];

/// `GET path` on loopback; the status.
fn get(port: u16, path: &str) -> Result<u16, String> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    s.read_to_string(&mut answer).map_err(|e| e.to_string())?;
    answer
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("GET {path}: not an HTTP answer: {answer}"))
}

fn probe_and_stop(child: &mut std::process::Child, port: u16) -> Result<(), String> {
    let mut first = String::new();
    BufReader::new(child.stdout.take().ok_or("no stdout")?)
        .read_line(&mut first)
        .map_err(|e| e.to_string())?;
    if !first.contains("listening on") {
        return fail(&format!("the gateway did not start: {first:?}"));
    }
    for (path, want) in [("/livez", 200), ("/readyz", 200)] {
        let got = get(port, path)?;
        if got != want {
            return fail(&format!("GET {path}: {got}, not {want}"));
        }
    }
    run(Run::new("kill").args(["-TERM", &child.id().to_string()]))?;
    let end = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return if status.success() {
                Ok(())
            } else {
                fail(&format!("after SIGTERM the gateway exited {status}"))
            };
        }
        if Instant::now() > end {
            return fail("the gateway did not exit within 30 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gateways_dockerfile_parses_into_its_two_stages() {
        let text = std::fs::read_to_string(root().join("crates/gateway/Dockerfile")).unwrap();
        let stages = parse(&text).unwrap();
        assert_eq!(stages.len(), 2);
        assert_eq!(stages[0].image, "rust:1.95-bookworm", "ARG substituted");
        assert_eq!(stages[0].name.as_deref(), Some("build"));
        let run = stages[0].steps.iter().find(|s| s.keyword == "RUN").unwrap();
        assert!(
            run.args.starts_with("cargo build --release --locked"),
            "{}",
            run.args
        );
        assert!(
            !run.args.contains('\\'),
            "continuations joined: {}",
            run.args
        );
        assert_eq!(stages[1].image, "gcr.io/distroless/cc-debian12:nonroot");
    }

    #[test]
    fn copy_user_and_exec_forms_are_read_or_refused() {
        assert_eq!(
            copy_of("--from=build --chown=65532:65532 /a /b").unwrap(),
            Copy {
                from: Some("build".into()),
                chown: Some((65532, 65532)),
                src: "/a".into(),
                dest: "/b".into()
            }
        );
        assert!(copy_of("--link /a /b").is_err());
        assert!(user_of("nonroot").is_err());
        assert_eq!(
            json_words(r#"["--config", "/etc/g.toml"]"#).unwrap(),
            ["--config", "/etc/g.toml"]
        );
        assert!(json_words("--config /etc/g.toml").is_err());
    }

    #[test]
    fn dockerignore_patterns_match_paths_and_names() {
        let p = vec!["target".to_owned(), "*.sqlite".to_owned()];
        assert!(ignored("target/debug/x", &p));
        assert!(ignored("db/demo.sqlite", &p));
        assert!(!ignored("targets.md", &p));
        assert!(!ignored("src/target.rs", &p));
    }
}
