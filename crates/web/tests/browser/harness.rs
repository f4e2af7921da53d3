//! `Session`: one user story's world — the real server on port 0 over a temp SQLite database
//! seeded with the demo municipality and its demo staff (one user per role, password `demo`),
//! chromedriver with a headless Chromium, and the page helpers the stories use (navigate, log
//! in, fill a field by its label, read what the user sees).
//!
//! Browser tests need three things from outside Rust, which `cargo xtask test` provides:
//! `FAMILIEHUS_TEST_CHROMEDRIVER`, `FAMILIEHUS_TEST_CHROMIUM` and `FAMILIEHUS_TEST_AXE` (the
//! path of axe-core's `axe.min.js`). Without them a story prints why and passes, unless
//! `FAMILIEHUS_TEST_REQUIRE_ALL=1`, which turns the skip into a failure.

use chrono::NaiveDate;
use familiehus_domain::Role;
use familiehus_store::{NewUser, Store};
use familiehus_test_support::TestDb;
use familiehus_web::{Clock, Config, Server};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server's "today": the 2022 report's date, so the demo data gives the 2022 figures.
pub const TODAY: &str = "2022-04-26";

const CHROMEDRIVER_VAR: &str = "FAMILIEHUS_TEST_CHROMEDRIVER";
const CHROMIUM_VAR: &str = "FAMILIEHUS_TEST_CHROMIUM";
const AXE_VAR: &str = "FAMILIEHUS_TEST_AXE";

/// The key of an element reference in WebDriver's JSON (W3C WebDriver, "web element identifier").
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long a page gets to show what a story waits for.
const WAIT: Duration = Duration::from_secs(10);

/// Chromium on a small machine is heavy, and the test harness runs tests on parallel threads:
/// one browser at a time keeps the stories from starving each other into timeouts. A tokio
/// mutex because the guard is held across awaits, by tests on separate runtimes.
static ONE_BROWSER_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What the environment provides for browser tests.
pub struct Tools {
    pub chromedriver: PathBuf,
    pub chromium: PathBuf,
    pub axe: PathBuf,
}

impl Tools {
    /// The tools, or `None` after printing why the story is skipped. With
    /// `FAMILIEHUS_TEST_REQUIRE_ALL=1` a missing tool panics instead.
    pub fn from_env() -> Option<Tools> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let missing = match (var(CHROMEDRIVER_VAR), var(CHROMIUM_VAR), var(AXE_VAR)) {
            (Some(chromedriver), Some(chromium), Some(axe)) => return Some(Tools { chromedriver, chromium, axe }),
            (None, _, _) | (_, None, _) => ("no browser", format!("{CHROMEDRIVER_VAR} and {CHROMIUM_VAR}")),
            (_, _, None) => ("no axe-core", AXE_VAR.to_owned()),
        };
        familiehus_test_support::require::skip(&format!("{} (set {}, or run `cargo xtask test`)", missing.0, missing.1));
        None
    }
}

/// One story: the server, the browser, and the lock that keeps other stories' browsers away.
pub struct Session {
    pub client: Client,
    pub base: String,
    pub axe_source: String,
    // Dropped in declaration order after `client`: the browser, then the server, then the
    // database directory, then the lock.
    driver: Chromedriver,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    _db: TestDb,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("test date {text}: {e}"))
}

impl Session {
    /// The demo municipality in the browser, or `None` when the story is skipped.
    pub async fn start() -> Option<Session> {
        let tools = Tools::from_env()?;
        let axe_source = std::fs::read_to_string(&tools.axe).unwrap_or_else(|e| panic!("{AXE_VAR}={}: {e}", tools.axe.display()));
        let turn = ONE_BROWSER_AT_A_TIME.lock().await;

        let db = TestDb::sqlite().await;
        let store = db.store.clone();
        familiehus_store::seed::seed_demo(&store, date(TODAY)).await.expect("seed the demo municipality");
        add_demo_users(&store).await;

        // The rest as by default: among it, session cookies without `Secure` (plain HTTP).
        let config = Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            request_timeout: Duration::from_secs(30),
            clock: Clock::fixed(date(TODAY)),
            ..Config::default()
        };
        let server = Server::bind(store.clone(), config).await.expect("bind port 0");
        let base = format!("http://{}", server.addr());
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server.run_until(async move {
            let _ = stopped.await;
        }));

        let driver = Chromedriver::start(&tools.chromedriver);
        let client = driver.connect(&tools.chromium).await;
        Some(Session { client, base, axe_source, driver, shutdown: Some(shutdown), _db: db, _turn: turn })
    }

    /// The story's database, for stories that add demo data the seed leaves to the CLI (the
    /// demo users' courses and measurements).
    pub fn store(&self) -> &familiehus_store::Store {
        &self._db.store
    }

    /// Ends the browser session cleanly (Chromium exits and removes its profile); `Drop` then
    /// stops chromedriver. A story that panics skips this, and `Drop` kills both instead.
    pub async fn finish(mut self) {
        let client = self.client.clone();
        if let Err(e) = client.close().await {
            eprintln!("closing the browser session: {e}");
        }
        self.driver.stop();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Opens a path of the app and waits for the page to load.
    pub async fn open(&self, path: &str) {
        self.client.goto(&self.url(path)).await.unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    /// The path (and query) of the page the browser shows.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current URL");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The text the user sees on the page (rendered text, not markup).
    pub async fn text(&self) -> String {
        self.client.find(Locator::Css("body")).await.expect("body").text().await.expect("body text")
    }

    /// Logs in through the login form as one of the demo users (`DEMO_USERS`) and waits to
    /// leave the login page.
    pub async fn log_in(&self, username: &str) {
        self.open("/login").await;
        self.fill("Brugernavn", username).await;
        self.fill("Adgangskode", DEMO_PASSWORD).await;
        self.press("Log ind").await;
        self.wait_for_path("a page after logging in", |path| !path.starts_with("/login")).await;
    }

    /// Logs out with the header's button on the front page (the printable report has no
    /// header) and waits for the login page.
    pub async fn log_out(&self) {
        self.open("/").await;
        self.press("Log ud").await;
        self.wait_for_path("the login page", |path| path.starts_with("/login")).await;
    }

    /// The page's main heading (`<h1>`), as the user reads it.
    pub async fn heading(&self) -> String {
        match self.client.find(Locator::Css("h1")).await {
            Ok(h1) => h1.text().await.expect("heading text").trim().to_owned(),
            Err(e) => panic!("no <h1> on {} ({e}); the page shows:\n{}", self.path().await, self.text().await),
        }
    }

    /// Waits until the page shows `needle` (after a form submission or a link), and fails with
    /// what the page shows instead.
    pub async fn wait_for_text(&self, needle: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            // Between two pages the body can be missing or stale: try again.
            let text = match self.client.find(Locator::Css("body")).await {
                Ok(body) => body.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(needle) {
                return;
            }
            if Instant::now() > deadline {
                panic!("the page {} does not show {needle:?}; it shows:\n{text}", self.path().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the browser is on a path for which `accept` holds; returns that path.
    pub async fn wait_for_path(&self, what: &str, accept: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let path = self.path().await;
            if accept(&path) {
                return path;
            }
            if Instant::now() > deadline {
                panic!("expected to land on {what}, but the browser is on {path}; the page shows:\n{}", self.text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sizes the browser's viewport to `width` CSS pixels (a phone is 390, a small laptop 1366).
    pub async fn set_width(&self, width: u32) {
        self.client.set_window_size(width, 900).await.unwrap_or_else(|e| panic!("resize to {width}: {e}"));
        let inner = self.client.execute("return window.innerWidth;", vec![]).await.expect("inner width");
        // The window may keep a little chrome; the viewport is what pages lay out in.
        let inner = inner.as_u64().unwrap_or_default();
        if inner > u64::from(width) {
            let grow = inner - u64::from(width);
            self.client.set_window_size(width - grow as u32, 900).await.unwrap_or_else(|e| panic!("resize to {width}: {e}"));
        }
    }

    /// How far the page (or, with a selector, that element) is wider than its box: 0 when
    /// nothing needs sideways scrolling.
    pub async fn sideways_overflow(&self, selector: Option<&str>) -> i64 {
        let found = self
            .client
            .execute(
                "const el = arguments[0] ? document.querySelector(arguments[0]) : document.documentElement;
                 if (!el) return -1;
                 return el.scrollWidth - el.clientWidth;",
                vec![json!(selector)],
            )
            .await
            .expect("measure overflow");
        found.as_i64().unwrap_or(-1)
    }

    /// The elements that reach past the viewport's right edge (tag, class, width): what to
    /// look at when a page scrolls sideways.
    pub async fn elements_past_the_edge(&self) -> String {
        let found = self
            .client
            .execute(
                "const edge = document.documentElement.clientWidth; const out = [];
                 for (const el of document.body.querySelectorAll('*')) {
                     const box = el.getBoundingClientRect();
                     if (box.right > edge + 1 && box.width > 0) out.push(el.tagName + '.' + el.className + ' ' + Math.round(box.width) + 'px');
                     if (out.length > 12) break;
                 }
                 return out.join(', ');",
                vec![],
            )
            .await
            .expect("find wide elements");
        found.as_str().unwrap_or_default().to_owned()
    }

    /// The smallest rendered height, in CSS pixels, of the text elements `selector` matches
    /// that are displayed: how large a reader sees them (an SVG scaled down shrinks its text).
    pub async fn smallest_text_height(&self, selector: &str) -> f64 {
        let found = self
            .client
            .execute(
                "let least = Infinity;
                 for (const el of document.querySelectorAll(arguments[0])) {
                     const box = el.getBoundingClientRect();
                     if (box.height > 0 && el.textContent.trim()) least = Math.min(least, box.height);
                 }
                 return least === Infinity ? 0 : least;",
                vec![json!(selector)],
            )
            .await
            .expect("measure text");
        found.as_f64().unwrap_or(0.0)
    }

    /// The form control a `<label>` names: the label's text starts with `label` (so a label
    /// may carry a hint or a "required" mark after it). Found the way a screen reader finds
    /// it — through `for`, or by nesting — never by CSS structure.
    pub async fn field(&self, label: &str) -> Element {
        let found = self
            .client
            .execute(
                r#"
                const wanted = arguments[0];
                const clean = (s) => s.replace(/\s+/g, ' ').trim();
                for (const label of document.querySelectorAll('label')) {
                    if (!clean(label.textContent).startsWith(wanted)) continue;
                    const control = label.control;
                    if (control) return control;
                }
                return null;
                "#,
                vec![json!(label)],
            )
            .await
            .expect("look up a label");
        // A returned element arrives as WebDriver's reference object {"element-6066-…": id}.
        let Some(id) = found.as_object().and_then(|o| o.get(ELEMENT_KEY)).and_then(Value::as_str) else {
            panic!("no form field labelled {label:?} on {}; the page shows:\n{}", self.path().await, self.text().await);
        };
        Element::from_element_id(self.client.clone(), id.to_owned().into())
    }

    /// Types into the field labelled `label`, replacing what it held. Date fields get their
    /// ISO value set directly: typing into them depends on the browser's locale.
    pub async fn fill(&self, label: &str, value: &str) {
        let field = self.field(label).await;
        let kind = field.attr("type").await.ok().flatten().unwrap_or_default();
        if kind == "date" {
            let element = serde_json::to_value(&field).expect("element reference");
            self.client
                .execute(
                    "arguments[0].value = arguments[1];
                     arguments[0].dispatchEvent(new Event('input', {bubbles: true}));
                     arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                    vec![element, json!(value)],
                )
                .await
                .unwrap_or_else(|e| panic!("set the date {label:?}: {e}"));
        } else {
            field.clear().await.unwrap_or_else(|e| panic!("clear {label:?}: {e}"));
            field.send_keys(value).await.unwrap_or_else(|e| panic!("type into {label:?}: {e}"));
        }
    }

    /// Ticks the checkbox labelled `label` (a list's row: its label may be visually hidden).
    pub async fn tick(&self, label: &str) {
        let checkbox = self.field(label).await;
        if !checkbox.is_selected().await.unwrap_or(false) {
            checkbox.click().await.unwrap_or_else(|e| panic!("tick {label:?}: {e}"));
        }
    }

    /// Chooses the first option whose visible text contains `option` in the list labelled
    /// `label` (option texts carry details, e.g. a service's paragraph and unit).
    pub async fn choose(&self, label: &str, option: &str) {
        let field = self.field(label).await;
        for candidate in field.find_all(Locator::Css("option")).await.expect("options") {
            if candidate.text().await.unwrap_or_default().contains(option) {
                candidate.click().await.unwrap_or_else(|e| panic!("choose {option:?} in {label:?}: {e}"));
                return;
            }
        }
        panic!("no option {option:?} in the list {label:?}");
    }

    /// Clicks the button (or submit input) whose text is `text`.
    pub async fn press(&self, text: &str) {
        let xpath = format!("//button[normalize-space()={q}] | //input[(@type='submit' or @type='button') and @value={q}]", q = xpath_literal(text));
        let button = match self.client.find(Locator::XPath(&xpath)).await {
            Ok(button) => button,
            Err(e) => panic!("no button {text:?} on {} ({e}); the page shows:\n{}", self.path().await, self.text().await),
        };
        button.click().await.unwrap_or_else(|e| panic!("press {text:?}: {e}"));
    }

    /// Follows the link whose text contains `text`.
    pub async fn follow(&self, text: &str) {
        let xpath = format!("//a[contains(normalize-space(), {})]", xpath_literal(text));
        let link = match self.client.find(Locator::XPath(&xpath)).await {
            Ok(link) => link,
            Err(e) => panic!("no link {text:?} on {} ({e}); the page shows:\n{}", self.path().await, self.text().await),
        };
        link.click().await.unwrap_or_else(|e| panic!("follow {text:?}: {e}"));
    }

    /// The cells of the table row whose cells include `cell` exactly, as the user reads them.
    pub async fn table_row(&self, cell: &str) -> Option<Vec<String>> {
        let xpath = format!("//tr[td[normalize-space()={q}] or th[normalize-space()={q}]]", q = xpath_literal(cell));
        let row = self.client.find(Locator::XPath(&xpath)).await.ok()?;
        let mut cells = Vec::new();
        for c in row.find_all(Locator::XPath("./td | ./th")).await.ok()? {
            cells.push(c.text().await.unwrap_or_default().trim().to_owned());
        }
        Some(cells)
    }

    /// A service's row of the caseload report on the page, with the column headers of the
    /// table it stands in (the page has other tables: the trend, anonymous counselling).
    pub async fn report_row(&self, service: &str) -> ReportRow {
        // The service may be the row's header cell (the outcome report's table).
        let xpath = format!("//tr[td[normalize-space()={q}] or th[normalize-space()={q}]]", q = xpath_literal(service));
        let Ok(row) = self.client.find(Locator::XPath(&xpath)).await else {
            panic!("no report row for {service:?} on {}; the page shows:\n{}", self.path().await, self.text().await)
        };
        let mut headers = Vec::new();
        for th in row.find_all(Locator::XPath("ancestor::table[1]/thead//th")).await.expect("the row's table headers") {
            headers.push(th.text().await.unwrap_or_default().trim().to_owned());
        }
        let mut cells = Vec::new();
        for c in row.find_all(Locator::XPath("./td | ./th")).await.expect("the row's cells") {
            cells.push(c.text().await.unwrap_or_default().trim().to_owned());
        }
        ReportRow { headers, cells }
    }

    /// The HTTP status of a GET of `path` with the browser's cookies, for checks a page
    /// cannot show (WebDriver does not expose status codes).
    pub async fn status_of(&self, path: &str) -> u16 {
        let status = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(arguments[0], {credentials: 'same-origin', redirect: 'manual'})
                     .then(r => done(r.status), e => done(String(e)));",
                vec![json!(path)],
            )
            .await
            .expect("fetch");
        status.as_u64().unwrap_or_else(|| panic!("fetch {path}: {status}")) as u16
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// One row of a table, read by column header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    headers: Vec<String>,
    cells: Vec<String>,
}

impl ReportRow {
    /// The cell under the column whose header starts with `header`.
    pub fn cell(&self, header: &str) -> &str {
        let at = self.headers.iter().position(|h| h.starts_with(header)).unwrap_or_else(|| panic!("no column {header:?} in {:?}", self.headers));
        self.cells.get(at).map_or("", String::as_str)
    }

    /// The cell as a whole number (counts).
    pub fn count(&self, header: &str) -> i64 {
        let cell = self.cell(header);
        cell.parse().unwrap_or_else(|_| panic!("column {header:?} holds {cell:?}, not a count: {self:?}"))
    }
}

/// Every demo user's password.
pub const DEMO_PASSWORD: &str = "demo";

/// The demo staff: one user per role, under the demo's usernames. Unit-bound roles work in the
/// unit that delivers Familiebehandling (Familiehuset). Created here while the demo seed does
/// not create users; should it start to, `add_demo_users` leaves its users as they are.
const DEMO_USERS: [(&str, &str, Role, bool); 7] = [
    ("admin", "Administrator", Role::Admin, false),
    ("leder", "Lene Leder", Role::UnitLeader, true),
    ("raadgiver", "Rasmus Rådgiver", Role::Caseworker, false),
    ("behandler", "Bente Behandler", Role::Practitioner, true),
    ("gruppeleder", "Gitte Gruppeleder", Role::GroupLeader, true),
    ("anonym", "Anne Anonymrådgiver", Role::AnonymousCounsellor, true),
    ("analytiker", "Anders Analytiker", Role::Analyst, false),
];

/// Adds the demo users the seed does not already hold (password `demo`).
async fn add_demo_users(store: &Store) {
    let services = store.list_services().await.expect("list services");
    let familiehuset = services.iter().find(|s| s.service.name == "Familiebehandling").map(|s| s.unit_id).expect("the demo catalogue has Familiebehandling");
    let password_hash = familiehus_web::auth::hash_password(DEMO_PASSWORD).expect("hash the demo password");
    for (username, display_name, role, in_unit) in DEMO_USERS {
        if store.user_by_username(username).await.expect("look up a user").is_some() {
            continue;
        }
        let new = NewUser {
            username: username.into(),
            display_name: display_name.into(),
            role,
            unit_id: in_unit.then_some(familiehuset),
            password_hash: password_hash.clone(),
        };
        store.create_user(&new).await.unwrap_or_else(|e| panic!("create the demo user {username}: {e}"));
    }
}

/// An XPath string literal for any text (XPath 1.0 has no escapes: use concat for quotes).
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// chromedriver on a free loopback port, in a process group of its own so that stopping it
/// also stops the Chromium it started (even when a story panics before closing the session).
struct Chromedriver {
    child: Option<Child>,
    port: u16,
    profile: tempfile::TempDir,
    log: PathBuf,
}

impl Chromedriver {
    fn start(program: &PathBuf) -> Chromedriver {
        // Another program could take the port between our probe and chromedriver's bind: retry.
        for _ in 0..3 {
            let profile = tempfile::tempdir().expect("temp dir for the browser");
            let log = profile.path().join("chromedriver.log");
            let port = free_port();
            let child = Command::new(program)
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", log.display()))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("start {}: {e}", program.display()));
            let mut driver = Chromedriver { child: Some(child), port, profile, log };
            if driver.wait_until_listening() {
                return driver;
            }
            driver.stop();
            let log_text = std::fs::read_to_string(&driver.log).unwrap_or_default();
            eprintln!("chromedriver did not start on port {port}; its log:\n{log_text}");
        }
        panic!("chromedriver ({}) did not start", program.display());
    }

    /// Blocks the thread briefly (at most a few hundred milliseconds in practice): nothing else
    /// on the story's runtime needs to run before the browser exists.
    fn wait_until_listening(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(_)) = child.try_wait()
            {
                return false;
            }
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// A session of headless Chromium with a fresh profile. The flags keep Chromium from
    /// reaching for the network (the test machines have none), from needing a sandbox or a
    /// GPU (CI runs as root in a container) and from filling a small /dev/shm.
    async fn connect(&self, chromium: &PathBuf) -> Client {
        let user_data = self.profile.path().join("profile");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    format!("--user-data-dir={}", user_data.display()),
                    "--window-size=1280,900",
                    // Danish, as the municipality's staff would have it.
                    "--lang=da-DK",
                ],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut builder = ClientBuilder::new(connector);
        builder.capabilities(capabilities);
        match builder.connect(&format!("http://127.0.0.1:{}", self.port)).await {
            Ok(client) => client,
            Err(e) => {
                let log_text = std::fs::read_to_string(&self.log).unwrap_or_default();
                let tail: Vec<&str> = log_text.lines().rev().take(40).collect();
                panic!("start a Chromium session through chromedriver: {e}\nchromedriver log (last lines, newest first):\n{}", tail.join("\n"));
            }
        }
    }

    /// Kills chromedriver's process group (chromedriver and the browser it started).
    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Ok(pid) = i32::try_from(child.id()) {
                // SAFETY: kill(2) with a negative pid signals the process group we created
                // for this child (process_group(0) made its pid the group id); no memory involved.
                unsafe {
                    libc::kill(-pid, libc::SIGKILL);
                }
            }
            let _ = child.wait();
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}
