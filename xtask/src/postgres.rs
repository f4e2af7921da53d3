//! A throwaway PostgreSQL cluster: created in a temp dir, listening on a free port on
//! 127.0.0.1 only, trusting every local connection, and gone (server stopped, files deleted)
//! when the `Cluster` value is dropped — on success, on a failed test run, on `?` and on
//! Ctrl-C alike (see `sys`).

use std::fs;
use std::io::ErrorKind;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};

use crate::sys;
use crate::tools::{PostgresTools, version_of};

pub struct Cluster {
    /// The temp dir: data directory, server log and Unix socket all live in it.
    dir: PathBuf,
    pg_ctl: PathBuf,
    /// Set when running as root: initdb and the server refuse to run as root.
    run_as: Option<Account>,
    port: u16,
    running: bool,
    pub version: String,
}

#[derive(Clone, Copy)]
struct Account {
    uid: u32,
    gid: u32,
}

/// Settings for a server whose data may be lost at any moment: no durability work at all,
/// and enough connections for parallel test binaries that each hold a pool.
const SERVER_SETTINGS: &str = "-c listen_addresses=127.0.0.1 -c fsync=off \
    -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";

/// How often to try another port when the one picked was taken in the meantime.
const START_ATTEMPTS: u32 = 3;

impl Cluster {
    pub fn start(tools: &PostgresTools) -> Result<Cluster> {
        let run_as = if sys::running_as_root() {
            Some(postgres_account().context(
                "running as root, and PostgreSQL refuses to: no `postgres` user in /etc/passwd \
                 to run it as (installing a postgresql package creates one)",
            )?)
        } else {
            None
        };
        let dir = create_temp_dir("familiehus-pg")?;
        // From here on, returning early drops `cluster`, which deletes the dir.
        let mut cluster = Cluster {
            dir,
            pg_ctl: tools.pg_ctl.clone(),
            run_as,
            port: 0,
            running: false,
            // "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> "PostgreSQL 15.18"
            version: version_of(&tools.pg_ctl)
                .and_then(|line| line.split_whitespace().nth(2).map(|v| format!("PostgreSQL {v}")))
                .unwrap_or_else(|| "PostgreSQL".to_owned()),
        };
        if let Some(account) = run_as {
            std::os::unix::fs::chown(&cluster.dir, Some(account.uid), Some(account.gid))
                .with_context(|| format!("giving {} to the postgres user", cluster.dir.display()))?;
        }
        cluster.initdb(&tools.initdb)?;
        cluster.start_server()?;
        Ok(cluster)
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn log_file(&self) -> PathBuf {
        self.dir.join("log")
    }

    /// A command run as the cluster's owner, from a directory that owner can read
    /// (PostgreSQL's programs fail when they cannot resolve the current directory).
    fn command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command.current_dir(&self.dir);
        if let Some(account) = self.run_as {
            // std drops root's supplementary groups when it switches uid.
            command.uid(account.uid).gid(account.gid);
        }
        command
    }

    fn initdb(&self, initdb: &Path) -> Result<()> {
        let mut last = None;
        // C.UTF-8 sorts like C and handles all of Unicode; older systems lack it, so plain C.
        for locale in ["C.UTF-8", "C"] {
            let _ = fs::remove_dir_all(self.data_dir());
            let output = self
                .command(initdb)
                .arg("--pgdata")
                .arg(self.data_dir())
                .args(["--username=postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"])
                .arg(format!("--locale={locale}"))
                .output()
                .with_context(|| format!("running {}", initdb.display()))?;
            if output.status.success() {
                return Ok(());
            }
            last = Some(output);
        }
        Err(anyhow!("{}", describe_failure("initdb", last.as_ref())))
    }

    fn start_server(&mut self) -> Result<()> {
        let mut attempt = 1;
        loop {
            self.port = free_port()?;
            // Each attempt's log on its own, so the port check below reads only this one.
            let _ = fs::remove_file(self.log_file());
            let options = format!(
                "-p {} -k {} {SERVER_SETTINGS}",
                self.port,
                // pg_ctl hands -o to a shell; our own temp dir path has no spaces or quotes.
                self.dir.display()
            );
            let output = self
                .command(&self.pg_ctl)
                .arg("--pgdata")
                .arg(self.data_dir())
                .arg("--log")
                .arg(self.log_file())
                .args(["-o", &options, "--wait", "--timeout=60", "start"])
                .output()
                .with_context(|| format!("running {}", self.pg_ctl.display()))?;
            if output.status.success() {
                self.running = true;
                return self.wait_until_accepting();
            }
            // After a timeout the server may still be coming up: have `Drop` stop it.
            self.running = self.data_dir().join("postmaster.pid").exists();
            let log = fs::read_to_string(self.log_file()).unwrap_or_default();
            // Another process took the port between our check and the server's bind.
            if attempt < START_ATTEMPTS && !self.running && log.contains("Address already in use") {
                attempt += 1;
                continue;
            }
            bail!("{}\nend of the server log:\n{}", describe_failure("pg_ctl start", Some(&output)), tail(&log, 20));
        }
    }

    /// `pg_ctl --wait` already waits for the server to report ready; this also proves the
    /// TCP listener the tests will use is there.
    fn wait_until_accepting(&self) -> Result<()> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match TcpStream::connect_timeout(&address, Duration::from_millis(500)) {
                Ok(_) => return Ok(()),
                Err(error) if Instant::now() > deadline => {
                    return Err(error).with_context(|| format!("PostgreSQL started but {address} refuses connections"));
                }
                Err(_) => thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    fn stop(&mut self) {
        if !self.running {
            return;
        }
        // Immediate: the data is thrown away next, so no checkpoint, no waiting for clients.
        let result = self.command(&self.pg_ctl).arg("--pgdata").arg(self.data_dir()).args(["--mode=immediate", "--wait", "stop"]).output();
        let failure = match result {
            Ok(output) if output.status.success() => None,
            Ok(output) => Some(describe_failure("pg_ctl stop", Some(&output))),
            Err(error) => Some(format!("running pg_ctl stop: {error}")),
        };
        // The pid file goes when the server is gone, whoever stopped it.
        self.running = self.data_dir().join("postmaster.pid").exists();
        if let (Some(failure), true) = (failure, self.running) {
            eprintln!(
                "xtask: warning: {failure}\nThe PostgreSQL server on port {} may still be running; \
                 its pid is the first line of {}/postmaster.pid",
                self.port,
                self.data_dir().display()
            );
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
        // Keep the files of a server we failed to stop: it still has them open.
        if !self.running
            && let Err(error) = fs::remove_dir_all(&self.dir)
        {
            eprintln!("xtask: warning: could not remove {}: {error}", self.dir.display());
        }
    }
}

/// A new, empty directory of our own. Directly under /tmp rather than $TMPDIR: the postgres
/// user must be able to reach it when we run as root, and the Unix socket path inside it
/// must stay under the kernel's ~100-byte limit.
/// A new, empty directory `/tmp/<prefix>-<pid>-<n>`; the caller deletes it.
pub fn create_temp_dir(prefix: &str) -> Result<PathBuf> {
    let pid = std::process::id();
    for n in 0..1000 {
        let dir = PathBuf::from(format!("/tmp/{prefix}-{pid}-{n}"));
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(error) if error.kind() == ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error).with_context(|| format!("creating {}", dir.display())),
        }
    }
    bail!("could not create a temp dir /tmp/{prefix}-{pid}-*: all names taken")
}

/// A port nothing listens on right now: bind port 0, let the kernel choose, and let go.
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("finding a free TCP port")?;
    Ok(listener.local_addr().context("finding a free TCP port")?.port())
}

fn postgres_account() -> Option<Account> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        if fields.next()? != "postgres" {
            return None;
        }
        let _password = fields.next()?;
        Some(Account { uid: fields.next()?.parse().ok()?, gid: fields.next()?.parse().ok()? })
    })
}

fn describe_failure(what: &str, output: Option<&Output>) -> String {
    match output {
        None => format!("{what} failed"),
        Some(output) => format!("{what} failed ({}):\n{}{}", output.status, String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)),
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
