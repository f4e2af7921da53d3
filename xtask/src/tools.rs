//! Finding the external programs the tests and benchmarks use: PostgreSQL's server tools, the
//! browser, axe-core and the load generator oha.

use std::env;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The PostgreSQL server programs, taken from one installation so their versions agree.
pub struct PostgresTools {
    pub initdb: PathBuf,
    pub pg_ctl: PathBuf,
}

/// `initdb` on PATH (with the `pg_ctl` beside it, else the one on PATH), otherwise the highest
/// version under /usr/lib/postgresql: Debian installs the server tools there, off PATH.
pub fn find_postgres() -> Option<PostgresTools> {
    if let Some(initdb) = which("initdb") {
        let beside = initdb.with_file_name("pg_ctl");
        if let Some(pg_ctl) = Some(beside).filter(|p| is_executable(p)).or_else(|| which("pg_ctl")) {
            return Some(PostgresTools { initdb, pg_ctl });
        }
    }
    let mut versions: Vec<(Vec<u32>, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            // Directory names are major versions: "15", "9.6". Anything else is not a server.
            let version = entry.file_name().to_str()?.split('.').map(|part| part.parse().ok()).collect::<Option<Vec<u32>>>()?;
            Some((version, entry.path().join("bin")))
        })
        .collect();
    versions.sort();
    versions.into_iter().rev().find_map(|(_, bin)| {
        let tools = PostgresTools { initdb: bin.join("initdb"), pg_ctl: bin.join("pg_ctl") };
        (is_executable(&tools.initdb) && is_executable(&tools.pg_ctl)).then_some(tools)
    })
}

/// chromedriver and the Chromium it drives, with the versions they report.
pub struct Browser {
    pub chromedriver: PathBuf,
    pub chromium: PathBuf,
    pub chromium_version: String,
}

pub const CHROMEDRIVER_VAR: &str = "FAMILIEHUS_TEST_CHROMEDRIVER";
pub const CHROMIUM_VAR: &str = "FAMILIEHUS_TEST_CHROMIUM";

/// The browser for the browser tests, or why there is none. A path already given in
/// FAMILIEHUS_TEST_CHROMEDRIVER / FAMILIEHUS_TEST_CHROMIUM wins; then Debian's
/// `chromium-driver` and `chromium` packages; then PATH.
pub fn find_browser() -> Result<Browser, String> {
    let chromedriver = find_program(CHROMEDRIVER_VAR, &["/usr/bin/chromedriver"], &["chromedriver"])?;
    let chromium = find_program(CHROMIUM_VAR, &["/usr/bin/chromium"], &["chromium", "chromium-browser"])?;
    // Asking for the versions also proves both start (no missing shared libraries).
    version_of(&chromedriver).ok_or_else(|| format!("{} --version failed", chromedriver.display()))?;
    // "Chromium 156.0.8078.79 built on Debian GNU/Linux 12" -> "Chromium 156.0.8078.79"
    let chromium_version =
        version_of(&chromium).ok_or_else(|| format!("{} --version failed", chromium.display()))?.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    Ok(Browser { chromedriver, chromium, chromium_version })
}

fn find_program(var: &str, usual: &[&str], names: &[&str]) -> Result<PathBuf, String> {
    if let Some(given) = env::var_os(var).filter(|value| !value.is_empty()) {
        let given = PathBuf::from(given);
        return if is_executable(&given) { Ok(given) } else { Err(format!("{var}={} is not an executable file", given.display())) };
    }
    usual
        .iter()
        .map(PathBuf::from)
        .find(|path| is_executable(path))
        .or_else(|| names.iter().find_map(|name| which(name)))
        .ok_or_else(|| format!("no {} found (looked in {} and PATH)", names[0], usual.join(", ")))
}

/// The first line `program --version` prints, if it runs and succeeds.
pub fn version_of(program: &Path) -> Option<String> {
    let output = Command::new(program).arg("--version").output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().next().map(|line| line.trim().to_owned())
}

pub fn which(name: &str) -> Option<PathBuf> {
    env::split_paths(&env::var_os("PATH")?).map(|dir| dir.join(name)).find(|path| is_executable(path))
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// axe-core, the accessibility checker the browser tests inject into each page.
pub struct Axe {
    pub script: PathBuf,
    pub version: String,
}

pub const AXE_VAR: &str = "FAMILIEHUS_TEST_AXE";

/// The axe-core major version the tests are written against (its rule ids and result shape).
const AXE_PACKAGE: &str = "axe-core@4";

/// `axe.min.js` for the browser tests, or why there is none. A path already given in
/// FAMILIEHUS_TEST_AXE wins; then a copy installed earlier under `<target>/npm`; otherwise
/// npm installs it there (once: later runs find it, and work offline).
pub fn find_or_install_axe(target_dir: &Path) -> Result<Axe, String> {
    if let Some(given) = env::var_os(AXE_VAR).filter(|value| !value.is_empty()) {
        let script = PathBuf::from(given);
        if !script.is_file() {
            return Err(format!("{AXE_VAR}={} is not a file", script.display()));
        }
        let version = axe_version(&script);
        return Ok(Axe { script, version });
    }
    let prefix = target_dir.join("npm");
    let script = prefix.join("node_modules/axe-core/axe.min.js");
    if !script.is_file() {
        let npm = which("npm").ok_or("no npm on PATH to install axe-core (Debian: apt-get install npm)")?;
        eprintln!("xtask: installing {AXE_PACKAGE} into {}", prefix.display());
        fs::create_dir_all(&prefix).map_err(|e| format!("creating {}: {e}", prefix.display()))?;
        // A closed network must fail within minutes, not npm's default of retrying for longer.
        let status = Command::new(npm)
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
            .args(["--fetch-retries=1", "--fetch-timeout=60000", "--prefix"])
            .arg(&prefix)
            .arg(AXE_PACKAGE)
            .status()
            .map_err(|e| format!("running npm: {e}"))?;
        if !status.success() || !script.is_file() {
            return Err(format!("`npm install {AXE_PACKAGE}` failed ({status})"));
        }
    }
    let version = axe_version(&script);
    Ok(Axe { script, version })
}

/// The version in the `package.json` beside `axe.min.js`, or "unknown version". Read by hand:
/// one string field does not justify a JSON dependency in xtask.
fn axe_version(script: &Path) -> String {
    let manifest = script.with_file_name("package.json");
    fs::read_to_string(manifest)
        .ok()
        .and_then(|text| {
            let after = &text[text.find("\"version\"")? + "\"version\"".len()..];
            let start = after.find('"')? + 1;
            let end = start + after[start..].find('"')?;
            Some(after[start..end].to_owned())
        })
        .unwrap_or_else(|| "unknown version".to_owned())
}

/// The load generator the load benchmark drives the server with.
const OHA_CRATE: &str = "oha";

/// `oha` under `<target>/tools/bin`, installed there by `cargo install --locked` on first use
/// (later runs find it, and work offline). Not from PATH: the benchmark reads oha's JSON
/// report, whose shape is only known for the version installed here.
pub fn find_or_install_oha(cargo: &Path, target_dir: &Path) -> Result<PathBuf, String> {
    let root = target_dir.join("tools");
    let oha = root.join("bin").join(OHA_CRATE);
    if !is_executable(&oha) {
        eprintln!("xtask: installing {OHA_CRATE} into {} (once; this takes a few minutes)", root.display());
        // --locked: oha's own lock file, so a new release of one of its dependencies cannot
        // break the install. The build is oha's, in cargo's temp dir, not in our workspace.
        let status = Command::new(cargo)
            .args(["install", "--locked", "--root"])
            .arg(&root)
            .arg(OHA_CRATE)
            .status()
            .map_err(|e| format!("running cargo install: {e}"))?;
        if !status.success() || !is_executable(&oha) {
            return Err(format!("`cargo install --locked {OHA_CRATE}` failed ({status})"));
        }
    }
    Ok(oha)
}
