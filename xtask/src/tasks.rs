//! The tasks: what each sets up around cargo, and what it tells the tests through the
//! environment.

use std::env;
use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, ExitStatus};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::load;
use crate::postgres::Cluster;
use crate::sys;
use crate::tidy;
use crate::tools::{self, AXE_VAR, CHROMEDRIVER_VAR, CHROMIUM_VAR};

/// The PostgreSQL server the tests use; without it they run on SQLite only.
const POSTGRES_URL_VAR: &str = "FAMILIEHUS_TEST_POSTGRES_URL";
/// Turns "skipped for lack of PostgreSQL / a browser / the seeds" into a failure inside the tests.
const REQUIRE_ALL_VAR: &str = "FAMILIEHUS_TEST_REQUIRE_ALL";
/// Where the real seed documents are (relative paths from the workspace root); the tests read
/// the same variable (`familiehus-test-support`'s `seeds`).
const SEEDS_DIR_VAR: &str = "FAMILIEHUS_SEEDS_DIR";
/// The seed document the seed tests need; its absence is what "seeds skipped" means.
const SEED_CATALOGUE: &str = "indsatskatalog-familiehuset-2023.txt";

pub fn test(all_required: bool, cargo_args: &[OsString]) -> Result<()> {
    let mut cargo = cargo();
    cargo.arg("test");
    // cargo's --workspace overrides -p; a developer naming packages means just those.
    if !names_packages(cargo_args) {
        cargo.arg("--workspace");
    }
    // Not --all-targets: that would also run every benchmark's setup once (generating a million
    // cases in a debug build); `cargo xtask bench` runs the benchmarks.
    cargo.args(["--lib", "--bins", "--tests"]).args(cargo_args);
    let mut ran = vec!["sqlite".to_owned()];
    let mut skipped = Vec::new();

    // The seeds first: the cheapest check, so a required folder missing fails before anything
    // is started or installed.
    let seeds = seeds_dir();
    if seeds.join(SEED_CATALOGUE).is_file() {
        // Absolute, so the tests (run from each crate's directory) read the folder checked here.
        cargo.env(SEEDS_DIR_VAR, &seeds);
        ran.push(format!("seeds ({})", seeds.display()));
    } else if all_required {
        bail!(
            "--all-required, but the seed documents are missing: no {SEED_CATALOGUE} in {}\n\
             (set {SEEDS_DIR_VAR} to the folder that holds them)",
            seeds.display()
        );
    } else {
        eprintln!("xtask: warning: seed tests will be skipped: no {SEED_CATALOGUE} in {} (set {SEEDS_DIR_VAR})", seeds.display());
        skipped.push("seeds");
    }

    // Then the browser: finding it is cheap, and a required one missing then fails
    // before the gates run and a cluster is started for nothing.
    // axe-core is only fetched when there is a browser to run it in.
    let browser = tools::find_browser().and_then(|browser| {
        let axe = tools::find_or_install_axe(&target_dir())?;
        Ok((browser, axe))
    });
    let browser = match browser {
        Ok((browser, axe)) => {
            cargo.env(CHROMEDRIVER_VAR, &browser.chromedriver).env(CHROMIUM_VAR, &browser.chromium).env(AXE_VAR, &axe.script);
            Some(format!("browser ({}, axe-core {})", browser.chromium_version, axe.version))
        }
        Err(why) if all_required => bail!(
            "--all-required, but the browser tests cannot run: {why}\n\
             (Debian: apt-get install chromium chromium-driver nodejs npm)"
        ),
        Err(why) => {
            eprintln!("xtask: warning: browser tests will be skipped: {why}");
            // A bad path given by the caller must not turn into failing tests.
            cargo.env_remove(CHROMEDRIVER_VAR).env_remove(CHROMIUM_VAR).env_remove(AXE_VAR);
            skipped.push("browser");
            None
        }
    };

    // The gates, before a cluster is started for them: a failure in any of them fails the task
    // like a failing test. All three run even when one fails, so one run reports everything to fix; the tests then
    // do not run, since the tree is not one CI would accept anyway.
    let mut failed = Vec::new();
    for (gate, passed) in gates()? {
        ran.push(gate.to_owned());
        if !passed {
            failed.push(gate);
        }
    }
    if !failed.is_empty() {
        eprintln!("xtask test: FAILED ({}); ran: {}; not run: cargo test; skipped: {}", failed.join(", "), ran.join(", "), listed(&skipped));
        bail!("{} failed", failed.join(", "));
    }

    // Held to the end of this function: dropping it stops the server and deletes its files.
    let _cluster = match postgres() {
        Ok((url, cluster)) => {
            cargo.env(POSTGRES_URL_VAR, &url);
            ran.push(match &cluster {
                Some(cluster) => format!("postgres ({}, port {})", cluster.version, cluster.port()),
                None => format!("postgres (given {POSTGRES_URL_VAR})"),
            });
            cluster
        }
        Err(error) if !all_required => {
            eprintln!("xtask: warning: PostgreSQL tests will be skipped, running SQLite only: {error:#}");
            cargo.env_remove(POSTGRES_URL_VAR);
            skipped.push("postgres");
            None
        }
        Err(error) => return Err(error.context("--all-required, but PostgreSQL is not available")),
    };
    ran.extend(browser);

    if all_required {
        cargo.env(REQUIRE_ALL_VAR, "1");
    }

    let status = run(cargo)?;
    ran.push("cargo test".to_owned());
    let outcome = if status.success() { "passed" } else { "FAILED (cargo test)" };
    eprintln!("xtask test: {outcome}; ran: {}; skipped: {}", ran.join(", "), listed(&skipped));
    if !status.success() {
        bail!("cargo test failed ({status})");
    }
    Ok(())
}

fn listed(parts: &[&str]) -> String {
    if parts.is_empty() { "nothing".to_owned() } else { parts.join(", ") }
}

/// `cargo fmt --check`, the tidy checks and clippy with warnings denied: (name, passed).
fn gates() -> Result<Vec<(&'static str, bool)>> {
    let mut results = Vec::new();
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--check"]);
    results.push(("fmt", run(fmt)?.success()));

    let problems = tidy::check(&workspace_root())?;
    for problem in &problems {
        eprintln!("tidy: {problem}");
    }
    results.push(("tidy", problems.is_empty()));

    let mut clippy = cargo();
    clippy.args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]);
    results.push(("clippy", run(clippy)?.success()));
    Ok(results)
}

/// `FAMILIEHUS_SEEDS_DIR` (relative to the workspace root) or `<workspace root>/../shared/seeds`.
fn seeds_dir() -> PathBuf {
    let root = workspace_root();
    let dir = match env::var_os(SEEDS_DIR_VAR).filter(|dir| !dir.is_empty()) {
        Some(dir) => root.join(dir),
        None => root.join("../shared/seeds"),
    };
    // `..` resolved where possible, so the summary shows a readable path.
    dir.canonicalize().unwrap_or(dir)
}

pub fn tidy() -> Result<()> {
    let problems = tidy::check(&workspace_root())?;
    for problem in &problems {
        eprintln!("tidy: {problem}");
    }
    if !problems.is_empty() {
        bail!("{} tidy problem(s)", problems.len());
    }
    eprintln!("xtask tidy: clean");
    Ok(())
}

/// What `cargo xtask bench` runs: both parts unless one is asked for.
pub struct BenchOptions {
    pub criterion: bool,
    pub load: bool,
    /// Seconds per (page, connections) run of the load benchmark.
    pub load_seconds: u32,
}

pub fn bench(options: &BenchOptions, criterion_args: &[OsString]) -> Result<()> {
    if options.criterion {
        criterion(criterion_args)?;
    }
    if options.load {
        load(options.load_seconds)?;
    }
    Ok(())
}

fn criterion(criterion_args: &[OsString]) -> Result<()> {
    let (url, _cluster) = postgres().context("the benchmarks need PostgreSQL")?;
    let mut cargo = cargo();
    // `--bench '*'`: only the bench targets. Libraries' libtest harnesses would reject
    // criterion's arguments (e.g. --save-baseline).
    cargo.args(["bench", "--workspace", "--bench", "*"]).env(POSTGRES_URL_VAR, url);
    if !criterion_args.is_empty() {
        cargo.arg("--").args(criterion_args);
    }
    let status = run(cargo)?;
    if !status.success() {
        bail!("cargo bench failed ({status})");
    }
    Ok(())
}

/// The load benchmark on the release binary's demo (SQLite: no PostgreSQL needed).
fn load(seconds: u32) -> Result<()> {
    let cargo_program = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let oha = tools::find_or_install_oha(cargo_program.as_ref(), &target_dir()).map_err(anyhow::Error::msg)?;
    let mut build = cargo();
    build.args(["build", "--release", "--package", "familiehus", "--bin", "familiehus"]);
    let status = run(build)?;
    if !status.success() {
        bail!("building the release binary failed ({status})");
    }
    load::run(&load::Settings { binary: target_dir().join("release").join("familiehus"), oha, seconds })
}

pub fn postgres_server() -> Result<()> {
    let (url, cluster) = postgres()?;
    if let Some(cluster) = &cluster {
        eprintln!("xtask: data in {}; Ctrl-C stops the server and deletes it", cluster.dir().display());
    }
    println!("export {POSTGRES_URL_VAR}={url}");
    if cluster.is_none() {
        // Nothing of ours to keep alive.
        return Ok(());
    }
    while sys::take_signal().is_none() {
        thread::sleep(Duration::from_millis(200));
    }
    eprintln!("xtask: stopping PostgreSQL");
    Ok(())
}

/// The URL for the tests: the caller's own server if FAMILIEHUS_TEST_POSTGRES_URL is set,
/// else a throwaway cluster (returned, to be kept alive as long as the URL is used).
fn postgres() -> Result<(String, Option<Cluster>)> {
    if let Some(url) = env::var(POSTGRES_URL_VAR).ok().filter(|url| !url.is_empty()) {
        eprintln!("xtask: using the PostgreSQL server given in {POSTGRES_URL_VAR}");
        return Ok((url, None));
    }
    let tools = tools::find_postgres().context(
        "no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin \
         (Debian: apt-get install postgresql)",
    )?;
    let cluster = Cluster::start(&tools)?;
    eprintln!("xtask: {} listening on 127.0.0.1:{}", cluster.version, cluster.port());
    Ok((cluster.url(), Some(cluster)))
}

/// Whether cargo arguments (up to a `--`, after which they are the test binaries') select
/// packages: `-p NAME`, `-pNAME`, `--package NAME`, `--package=NAME`.
fn names_packages(cargo_args: &[OsString]) -> bool {
    cargo_args
        .iter()
        .map(|arg| arg.to_string_lossy())
        .take_while(|arg| arg != "--")
        .any(|arg| arg.starts_with("-p") || arg == "--package" || arg.starts_with("--package="))
}

/// The cargo that runs xtask (`cargo xtask` sets CARGO), in the workspace root.
fn cargo() -> Command {
    let mut command = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(workspace_root());
    command
}

/// Where cargo builds: CARGO_TARGET_DIR (relative to the workspace root, where the test
/// cargo runs) or `target`. Tools the tests fetch are kept there, out of the source tree.
fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR").filter(|dir| !dir.is_empty()) {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

fn workspace_root() -> PathBuf {
    // xtask/Cargo.toml sits one level below the workspace root.
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}

/// Runs a command to its end. It gets a process group of its own, so a terminal's Ctrl-C
/// reaches only xtask, which passes it (and SIGTERM, SIGHUP) on to the whole group; the run
/// then fails even if the child exits 0, so the caller unwinds and cleans up.
fn run(mut command: Command) -> Result<ExitStatus> {
    let mut child = command.process_group(0).spawn().with_context(|| format!("starting {command:?}"))?;
    let mut interrupted = None;
    let status = loop {
        if let Some(status) = child.try_wait().context("waiting for cargo")? {
            break status;
        }
        if let Some(signum) = sys::take_signal() {
            sys::forward_to_group(signum, &child);
            interrupted = Some(signum);
        }
        thread::sleep(Duration::from_millis(100));
    };
    if let Some(signum) = interrupted.or_else(sys::take_signal) {
        bail!("interrupted by signal {signum}");
    }
    Ok(status)
}
