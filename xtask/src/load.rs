//! The load benchmark (`cargo xtask bench --load`): the release binary's `demo` on SQLite in a
//! temp dir, signed in as several roles, and `oha` driving three pages at 20 and 200 open
//! connections for a fixed time each.
//!
//! The pages are chosen to show what the access log costs: the case page (every read appends an
//! audited, hash-chained entry, so it writes), the unit leader's front page (the heaviest read),
//! and the catalogue (a plain read, nothing audited) as the reference the case page is measured
//! against. Why oha and not goose: oha is a separate process, so the load generator does not
//! share a runtime (or a build) with xtask, installs with plain `cargo install`, and reports
//! latency percentiles and errors as JSON; goose would add a large dependency tree to the shared
//! lock file for scenarios this simple (one URL and one cookie each).

use std::fs;
use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::postgres::{create_temp_dir, free_port};
use crate::sys;

/// The demo's shared password (printed by `familiehus demo`).
const DEMO_PASSWORD: &str = "demo";
/// Open connections for each page: a busy office, and many more than the machine has cores.
pub const CONNECTIONS: [u32; 2] = [20, 200];
/// How long the demo may take to build its database and answer `/health`.
const START_TIMEOUT: Duration = Duration::from_secs(180);
/// A request slower than this counts as a timeout, not as a (very slow) success.
const REQUEST_TIMEOUT: &str = "5s";
/// Each page is warmed up (SQLite page cache, pool connections) before it is measured.
const WARM_UP: &str = "2s";

/// Goals from the issue, checked and printed after the table.
const CASE_TO_CATALOGUE_GOAL: f64 = 0.8;
const P99_GOAL_MS: f64 = 50.0;

pub struct Settings {
    /// The `familiehus` release binary.
    pub binary: PathBuf,
    pub oha: PathBuf,
    /// Seconds each (page, connections) run lasts.
    pub seconds: u32,
}

/// One page under load: what it is called in the table, which URL, whose session cookie.
struct Page<'a> {
    name: &'static str,
    path: String,
    cookie: &'a str,
}

/// One (page, connections) run's result.
struct Measurement {
    page: &'static str,
    connections: u32,
    /// Successful (2xx) responses per second of the run.
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// Non-2xx answers and failed requests other than timeouts.
    errors: u64,
    timeouts: u64,
}

pub fn run(settings: &Settings) -> Result<()> {
    let server = DemoServer::start(&settings.binary)?;
    let port = server.port;
    eprintln!("xtask: demo serving on 127.0.0.1:{port} (data in {})", server.dir.display());

    let behandler = sign_in(port, "behandler")?;
    let leder = sign_in(port, "leder")?;
    let analytiker = sign_in(port, "analytiker")?;
    let case_id = first_case_of(port, &behandler)?;
    // The case page must be one the user may see (else we would measure a 403), and one the
    // need-to-know rule really guards (else it would not be a fair audited read).
    expect_status(port, &format!("/sager/{case_id}"), &behandler, 200)?;
    expect_status(port, &format!("/sager/{case_id}"), &analytiker, 403)?;
    let pages = [
        Page { name: "case page /sager/{id}", path: format!("/sager/{case_id}"), cookie: &behandler },
        Page { name: "front page / (leder)", path: "/".to_owned(), cookie: &leder },
        Page { name: "catalogue /katalog", path: "/katalog".to_owned(), cookie: &behandler },
    ];
    let audit_before = audit_verify(&settings.binary, &server.dir)?;
    let mut results = Vec::new();
    for page in &pages {
        let cookie = page.cookie;
        expect_status(port, &page.path, cookie, 200)?;
        let url = format!("http://127.0.0.1:{port}{}", page.path);
        oha(&settings.oha, &url, cookie, 20, WARM_UP)?;
        for connections in CONNECTIONS {
            eprintln!("xtask: {} with {connections} connections for {} s", page.name, settings.seconds);
            let report = oha(&settings.oha, &url, cookie, connections, &format!("{}s", settings.seconds))?;
            results.push(measurement(page.name, connections, &report).with_context(|| format!("reading oha's report for {}", page.name))?);
        }
    }
    let audit_after = audit_verify(&settings.binary, &server.dir)?;
    drop(server);
    print_results(&results, settings.seconds);
    println!("access log (`familiehus audit verify`): before the load: {audit_before} After: {audit_after}");
    Ok(())
}

/// The signed-in session cookie (`familiehus_session=…`) for a demo login.
fn sign_in(port: u16, login: &str) -> Result<String> {
    let body = format!(r#"{{"username":"{login}","password":"{DEMO_PASSWORD}"}}"#);
    let response = http(port, "POST", "/api/session", None, Some(("application/json", &body)))?;
    if response.status != 204 {
        bail!("signing in as {login}: HTTP {} {}", response.status, response.body);
    }
    response
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .find_map(|(_, value)| value.split(';').next().filter(|pair| pair.starts_with("familiehus_session=")))
        .map(str::to_owned)
        .with_context(|| format!("signing in as {login}: no session cookie in the answer"))
}

/// The first case on the user's case list (`/sager`), i.e. one they may see.
fn first_case_of(port: u16, cookie: &str) -> Result<u64> {
    let response = http(port, "GET", "/sager", Some(cookie), None)?;
    let marker = "href=\"/sager/";
    response
        .body
        .match_indices(marker)
        .find_map(|(at, _)| {
            let digits: String = response.body[at + marker.len()..].chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .context("the practitioner's case list (/sager) links no case")
}

fn expect_status(port: u16, path: &str, cookie: &str, status: u16) -> Result<()> {
    let response = http(port, "GET", path, Some(cookie), None)?;
    if response.status != status {
        bail!("GET {path}: HTTP {}, expected {status}", response.status);
    }
    Ok(())
}

/// `familiehus audit verify` on the demo's database: the access log's size, and proof that its
/// hash chain stayed linear under parallel audited reads. Runs beside the live server (SQLite
/// in WAL mode lets it read while the server writes).
fn audit_verify(binary: &Path, dir: &Path) -> Result<String> {
    let url = format!("sqlite://{}", dir.join("familiehus-demo.sqlite").display());
    // The demo keeps its access-log key (and checkpoints) beside its database file.
    let key = dir.join("familiehus-demo.audit.key");
    let output = Command::new(binary)
        .args(["audit", "verify", "--database-url", &url, "--audit-key-file"])
        .arg(&key)
        .env_remove("FAMILIEHUS_AUDIT_CHECKPOINT_FILE")
        .output()
        .context("running familiehus audit verify")?;
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)).trim().to_owned();
    if !output.status.success() {
        bail!("the access log is broken after the load: {said}");
    }
    Ok(said)
}

/// Runs oha and returns its JSON report.
fn oha(oha: &Path, url: &str, cookie: &str, connections: u32, duration: &str) -> Result<Value> {
    let output = Command::new(oha)
        .args(["--no-tui", "--output-format", "json", "-z", duration, "-c", &connections.to_string(), "-t", REQUEST_TIMEOUT])
        // Requests still open at the deadline finish and count, instead of being reported as
        // errors that the server never caused.
        .arg("-w")
        .args(["-H", &format!("Cookie: {cookie}")])
        .arg(url)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("running {}", oha.display()))?;
    if let Some(signum) = sys::take_signal() {
        bail!("interrupted by signal {signum}");
    }
    if !output.status.success() {
        bail!("oha failed ({}) on {url}", output.status);
    }
    serde_json::from_slice(&output.stdout).with_context(|| format!("oha's output is not JSON: {}", String::from_utf8_lossy(&output.stdout)))
}

fn measurement(page: &'static str, connections: u32, report: &Value) -> Result<Measurement> {
    let seconds = report["summary"]["total"].as_f64().context("summary.total")?;
    let mut ok = 0;
    let mut errors = 0;
    for (status, count) in report["statusCodeDistribution"].as_object().into_iter().flatten() {
        let count = count.as_u64().unwrap_or(0);
        if status.starts_with('2') { ok += count } else { errors += count }
    }
    let mut timeouts = 0;
    for (error, count) in report["errorDistribution"].as_object().into_iter().flatten() {
        let count = count.as_u64().unwrap_or(0);
        if error.to_ascii_lowercase().contains("timeout") { timeouts += count } else { errors += count }
    }
    let percentile = |name: &str| report["latencyPercentiles"][name].as_f64().map(|s| s * 1000.0).unwrap_or(f64::NAN);
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    let rps = if seconds > 0.0 { ok as f64 / seconds } else { 0.0 };
    Ok(Measurement { page, connections, rps, p50_ms: percentile("p50"), p99_ms: percentile("p99"), errors, timeouts })
}

fn print_results(results: &[Measurement], seconds: u32) {
    println!();
    println!("Load benchmark: `familiehus demo` (SQLite), oha, {seconds} s per row; {}", machine());
    println!();
    println!("| page | connections | req/s | p50 | p99 | errors / timeouts |");
    println!("|---|---:|---:|---:|---:|---:|");
    for m in results {
        println!("| {} | {} | {:.0} | {:.1} ms | {:.1} ms | {} / {} |", m.page, m.connections, m.rps, m.p50_ms, m.p99_ms, m.errors, m.timeouts);
    }
    println!();
    let rps = |page_prefix: &str, connections: u32| results.iter().find(|m| m.page.starts_with(page_prefix) && m.connections == connections).map(|m| m.rps);
    for connections in CONNECTIONS {
        if let (Some(case), Some(catalogue)) = (rps("case", connections), rps("catalogue", connections))
            && catalogue > 0.0
        {
            let ratio = case / catalogue;
            let verdict = if ratio >= CASE_TO_CATALOGUE_GOAL { "meets" } else { "misses" };
            println!("case page / catalogue throughput at {connections} connections: {ratio:.2} ({verdict} the goal of ≥ {CASE_TO_CATALOGUE_GOAL})");
        }
    }
    for m in results.iter().filter(|m| m.connections == 200 && !m.page.starts_with("catalogue")) {
        let verdict = if m.p99_ms <= P99_GOAL_MS { "meets" } else { "misses" };
        println!("{} p99 at 200 connections: {:.1} ms ({verdict} the goal of ≤ {P99_GOAL_MS} ms)", m.page, m.p99_ms);
    }
}

/// "2 CPUs (AMD EPYC …), 25.11.2026": what a reader needs to compare runs.
fn machine() -> String {
    let cpus = thread::available_parallelism().map_or(0, |n| n.get());
    // The same string `lscpu` shows as "Model name".
    let model = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| info.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split_once(':')).map(|(_, m)| m.trim().to_owned()))
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let date = Command::new("date").arg("+%d.%m.%Y").output().ok().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_default();
    format!("{cpus} CPUs ({model}), {date}")
}

/// `familiehus demo` in a temp dir of its own (it writes `familiehus-demo.sqlite` into its
/// working directory), stopped and deleted on drop — also when the benchmark fails half-way.
struct DemoServer {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl DemoServer {
    fn start(binary: &Path) -> Result<DemoServer> {
        let dir = create_temp_dir("familiehus-load")?;
        let port = free_port()?;
        let log = fs::File::create(dir.join("demo.log")).context("creating the demo's log file")?;
        let child = Command::new(binary)
            .args(["demo", "--port", &port.to_string()])
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(log.try_clone().context("the demo's log file")?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()));
        let mut server = match child {
            Ok(child) => DemoServer { child, dir, port },
            Err(error) => {
                let _ = fs::remove_dir_all(&dir);
                return Err(error);
            }
        };
        server.wait_until_healthy()?;
        Ok(server)
    }

    fn wait_until_healthy(&mut self) -> Result<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().context("waiting for the demo")? {
                let log = fs::read_to_string(self.dir.join("demo.log")).unwrap_or_default();
                bail!("the demo exited ({status}) before answering /health:\n{log}");
            }
            if http(self.port, "GET", "/health", None, None).is_ok_and(|r| r.status == 200) {
                return Ok(());
            }
            if started.elapsed() > START_TIMEOUT {
                bail!("the demo did not answer /health within {} s", START_TIMEOUT.as_secs());
            }
            if let Some(signum) = sys::take_signal() {
                bail!("interrupted by signal {signum}");
            }
            thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

/// One HTTP/1.1 request to 127.0.0.1 over a fresh connection. Enough for signing in and a few
/// checks; the load itself is oha's. Written by hand: an HTTP client crate in xtask would be
/// a large dependency for five requests.
fn http(port: u16, method: &str, path: &str, cookie: Option<&str>, body: Option<(&str, &str)>) -> Result<Response> {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).with_context(|| format!("connecting to 127.0.0.1:{port}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).context("socket timeout")?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    if let Some(cookie) = cookie {
        request.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    match body {
        Some((content_type, body)) => request.push_str(&format!("Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}", body.len())),
        None => request.push_str("\r\n"),
    }
    stream.write_all(request.as_bytes()).with_context(|| format!("{method} {path}"))?;
    let mut raw = Vec::new();
    match stream.read_to_end(&mut raw) {
        Ok(_) => {}
        // A server that closes without a TLS-style shutdown is fine; what was read counts.
        Err(error) if error.kind() == ErrorKind::ConnectionReset && !raw.is_empty() => {}
        Err(error) => return Err(error).with_context(|| format!("{method} {path}")),
    }
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").with_context(|| format!("{method} {path}: incomplete HTTP answer"))?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .with_context(|| format!("{method} {path}: no status line"))?;
    let headers = lines.filter_map(|line| line.split_once(':')).map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned())).collect();
    Ok(Response { status, headers, body: body.to_owned() })
}
