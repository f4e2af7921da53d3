//! Developer and CI tasks for Familiehus, run as `cargo xtask <task>`.
//!
//! The tasks set up what the test suite needs from outside Rust (a throwaway PostgreSQL
//! cluster, the system's Chromium) so that `cargo xtask test` is the one command a developer
//! and CI both run. Arguments are parsed by hand: four tasks and a few flags do not justify
//! a dependency (and a new entry in the shared `Cargo.lock`).

mod load;
mod module_cycles;
mod postgres;
mod sys;
mod tasks;
mod tidy;
mod tools;

use std::ffi::OsString;
use std::process::ExitCode;

use anyhow::{Result, bail};
use tasks::BenchOptions;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  test [--all-required] [-- <cargo test args>...]
      First the gates: `cargo fmt --all --check`, the tidy checks and `cargo clippy --workspace
      --all-targets -- -D warnings`; any failure fails the task (and the tests are not run).
      Then `cargo test --workspace` (libraries, binaries, tests) with a throwaway PostgreSQL cluster
      (FAMILIEHUS_TEST_POSTGRES_URL) and, when installed, chromedriver + Chromium
      (FAMILIEHUS_TEST_CHROMEDRIVER, FAMILIEHUS_TEST_CHROMIUM) with axe-core, which npm
      installs once into <target>/npm (FAMILIEHUS_TEST_AXE). Without them the tests run
      SQLite-only and without a browser. The real seed documents are looked for in
      FAMILIEHUS_SEEDS_DIR (default <workspace root>/../shared/seeds); without them the seed
      tests are skipped. --all-required fails instead, and sets
      FAMILIEHUS_TEST_REQUIRE_ALL=1 so tests that would skip fail too. This is what CI runs. Naming packages (-p NAME) in
      the cargo args tests just those instead of the workspace.
  tidy
      Only the tidy checks: every .rs file under crates/ starts with a `//!` comment, and no
      include_str!/include_bytes! reaches outside its own crate.
  bench [--criterion | --load] [--seconds=N] [-- <criterion args>...]
      Run every bench target (`cargo bench --workspace --bench '*'`) against a throwaway
      PostgreSQL cluster, then the load benchmark: the release binary's `familiehus demo`
      (SQLite, in a temp dir, on 127.0.0.1) driven by oha — the case page, the unit leader's
      front page and the catalogue, each with 20 and 200 connections for N seconds (default
      10) — and a table of req/s, p50, p99 and errors. oha is installed once into
      <target>/tools by `cargo install --locked`. --criterion or --load runs only that part;
      --load needs no PostgreSQL.
  postgres
      Start a throwaway PostgreSQL cluster, print its URL and keep it until Ctrl-C.

A FAMILIEHUS_TEST_POSTGRES_URL already set in the environment is used instead of a
throwaway cluster.";

fn main() -> ExitCode {
    sys::catch_termination_signals();
    match run(std::env::args_os().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<OsString>) -> Result<()> {
    // Everything after the first `--` is passed through untouched.
    let (options, passthrough) = match args.iter().position(|arg| arg == "--") {
        Some(at) => (&args[..at], &args[at + 1..]),
        None => (&args[..], &[][..]),
    };
    let Some((task, flags)) = options.split_first() else {
        eprintln!("{USAGE}");
        bail!("no task given");
    };
    let task = task.to_string_lossy();
    let mut all_required = false;
    let mut bench = BenchOptions { criterion: true, load: true, load_seconds: 10 };
    for flag in flags {
        match (task.as_ref(), flag.to_string_lossy().as_ref()) {
            ("test", "--all-required") => all_required = true,
            ("bench", "--criterion") => bench.load = false,
            ("bench", "--load") => bench.criterion = false,
            ("bench", seconds) if seconds.starts_with("--seconds=") => {
                bench.load_seconds = match seconds["--seconds=".len()..].parse() {
                    Ok(n) if n > 0 => n,
                    _ => bail!("--seconds= wants a whole number of seconds above 0, not `{seconds}`"),
                }
            }
            (_, "-h" | "--help") => {
                println!("{USAGE}");
                return Ok(());
            }
            (_, other) => bail!("unknown argument `{other}` for `{task}`\n\n{USAGE}"),
        }
    }
    match task.as_ref() {
        "test" => tasks::test(all_required, passthrough),
        "bench" if bench.criterion || bench.load => tasks::bench(&bench, passthrough),
        "bench" => bail!("--criterion and --load each run only that part; give one or neither"),
        "tidy" if passthrough.is_empty() => tasks::tidy(),
        "postgres" if passthrough.is_empty() => tasks::postgres_server(),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        _ => bail!("unknown task or arguments: `{task}`\n\n{USAGE}"),
    }
}
