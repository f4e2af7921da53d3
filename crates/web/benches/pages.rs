//! Whole pages over 1,000,000 generated cases, on SQLite and PostgreSQL (`cargo xtask bench`
//! provides the PostgreSQL server), through the real server and its HTTP stack: the unit
//! leader's front page, and a case page with 300 journal entries and 40 scores. `/health` is
//! measured in the same run as the reference (the cost of a request that reads nothing).
//! Targets (issue 11): 50 ms and 20 ms. The cases are the store's `lists` benchmark's
//! (`target/bench-data`, generated on first use; `FAMILIEHUS_BENCH_CASES` for a trial size);
//! the users and the long case are added once, through the JSON API.

use chrono::{Datelike, NaiveDate, Weekday};
use criterion::{Criterion, criterion_group, criterion_main};
use familiehus_domain::{CaseScope, Role};
use familiehus_store::seed::{GenerateOptions, generate_cases};
use familiehus_store::{CaseListQuery, CaseSort, NewUser, StateFilter, Store};
use familiehus_web::{Clock, Config, Server};
use serde_json::json;
use std::net::SocketAddr;
use std::time::Duration;

const PASSWORD: &str = "bench-adgangskode-2026";
const LEADER: &str = "bench-sideleder";
const PRACTITIONER: &str = "bench-sidebehandler";

fn cases() -> u64 {
    std::env::var("FAMILIEHUS_BENCH_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("date")
}

async fn generated(store: &Store) {
    store.migrate().await.expect("migrate");
    if store.report_case_facts().await.map(|f| f.len() as u64).unwrap_or(0) != cases() {
        eprintln!("generating {} cases", cases());
        let since = NaiveDate::from_ymd_opt(2014, 1, 1).expect("date");
        generate_cases(store, GenerateOptions { cases: cases(), since, until: today(), seed: 1 }, |_| {}).await.expect("generate");
    }
}

async fn sqlite_store() -> Store {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let store = Store::connect(&format!("sqlite://{}", dir.join(format!("lists-{}.sqlite", cases())).display())).await.expect("sqlite");
    generated(&store).await;
    store
}

async fn postgres_store(admin_url: &str) -> Store {
    use sqlx::Connection;
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin_url);
    let name = format!("bench_lists_{}", cases());
    let mut admin = sqlx::PgConnection::connect(admin_url).await.expect("admin");
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1").bind(&name).fetch_optional(&mut admin).await.expect("query");
    if exists.is_none() {
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.expect("create");
    }
    let store = Store::connect(&format!("{base}/{name}")).await.expect("postgres");
    generated(&store).await;
    store
}

/// The server on port 0, a client signed in as the leader, and the long case's id.
struct Site {
    base: String,
    leader: reqwest::Client,
    long_case: i64,
}

async fn signed_in(base: &str, username: &str) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let response = client.post(format!("{base}/api/session")).json(&json!({"username": username, "password": PASSWORD})).send().await.expect("sign in");
    assert!(response.status().is_success(), "sign in as {username}: {}", response.status());
    client
}

/// The weekdays from `from` on, one every `step` days (weekends skipped: § 71 services refuse them).
fn weekdays(from: NaiveDate, step: u64, n: usize) -> Vec<NaiveDate> {
    let mut out = Vec::with_capacity(n);
    let mut day = from;
    while out.len() < n {
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            out.push(day);
        }
        day = day + chrono::Days::new(step);
    }
    out
}

async fn site(store: Store) -> Site {
    let config =
        Config { addr: SocketAddr::from(([127, 0, 0, 1], 0)), request_timeout: Duration::from_secs(60), clock: Clock::fixed(today()), secure_cookies: false };
    // The unit with most services, as the lists benchmark picks it.
    let services = store.list_services().await.expect("services");
    let mut per_unit = std::collections::HashMap::<i64, usize>::new();
    for s in &services {
        *per_unit.entry(s.unit_id).or_default() += 1;
    }
    let unit = per_unit.into_iter().max_by_key(|(id, n)| (*n, -id)).map(|(id, _)| id).expect("a unit");
    let practitioner = match store.user_by_username(PRACTITIONER).await.expect("user") {
        Some(u) => u.id,
        None => {
            let password_hash = familiehus_web::auth::hash_password(PASSWORD).expect("hash");
            let new = |username: &str, role| NewUser {
                username: username.into(),
                display_name: username.into(),
                role,
                unit_id: Some(unit),
                password_hash: password_hash.clone(),
            };
            store.create_user(&new(LEADER, Role::UnitLeader)).await.expect("leader");
            store.create_user(&new(PRACTITIONER, Role::Practitioner)).await.expect("practitioner").id
        }
    };
    let server = Server::bind(store.clone(), config).await.expect("bind");
    let base = format!("http://{}", server.addr());
    tokio::spawn(server.run_until(std::future::pending::<()>()));
    let leader = signed_in(&base, LEADER).await;
    // The unit's longest-running open case; given its 300 contacts and 40 scores once.
    let q = CaseListQuery { state: Some(StateFilter::Open), sort: CaseSort::Started, limit: 200, ..Default::default() };
    let page = store.case_page(CaseScope::Unit(unit), &q).await.expect("cases");
    let long = page
        .cases
        .iter()
        .filter_map(|c| Some((c.record.id, c.record.case.started_on()?)))
        .find(|(_, started)| *started < today() - chrono::Days::new(3 * 365))
        .expect("a case running three years");
    let (long_case, started) = long;
    if store.journal(long_case).await.expect("journal").len() < 300 {
        let admin = leader.clone();
        for day in weekdays(started + chrono::Days::new(1), 3, 300) {
            let body = json!({"kind": "talk", "occurred_on": day.to_string(), "start_time": "10.00", "minutes": 60, "place": "unit",
                "participants": ["parents", "child"], "practitioners": [practitioner], "note": "Samtale om hverdagen og aftaler til næste gang.",
                "confirm_warnings": true});
            let response = admin.post(format!("{base}/api/cases/{long_case}/journal")).json(&body).send().await.expect("journal");
            assert!(response.status().is_success(), "journal entry: {} {}", response.status(), response.text().await.unwrap_or_default());
        }
        for (i, day) in weekdays(started + chrono::Days::new(2), 21, 40).into_iter().enumerate() {
            let body = json!({"instrument": if i % 2 == 0 { "ors" } else { "srs" }, "measured_on": day.to_string(), "score": 20 + (i % 15)});
            let response = admin.post(format!("{base}/api/cases/{long_case}/scores")).json(&body).send().await.expect("score");
            assert!(response.status().is_success(), "score: {} {}", response.status(), response.text().await.unwrap_or_default());
        }
    }
    Site { base, leader, long_case }
}

async fn get(client: &reqwest::Client, url: &str) -> usize {
    let response = client.get(url).send().await.expect("GET");
    assert!(response.status().is_success(), "{url}: {}", response.status());
    response.bytes().await.expect("body").len()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut group = c.benchmark_group(format!("pages_{}", cases()));
    group.sample_size(20).measurement_time(Duration::from_secs(8));
    let mut stores = vec![("sqlite", rt.block_on(sqlite_store()))];
    match std::env::var("FAMILIEHUS_TEST_POSTGRES_URL") {
        Ok(url) => stores.push(("postgres", rt.block_on(postgres_store(&url)))),
        Err(_) => eprintln!("postgres: skipped (run through `cargo xtask bench`)"),
    }
    for (backend, store) in stores {
        let site = rt.block_on(site(store));
        let (front, case, health) = (format!("{}/", site.base), format!("{}/sager/{}", site.base, site.long_case), format!("{}/health", site.base));
        // Warm: the first visit recomputes every stale stored deadline (once per database).
        rt.block_on(get(&site.leader, &front));
        group.bench_function(format!("{backend}/health"), |b| b.to_async(&rt).iter(|| get(&site.leader, &health)));
        group.bench_function(format!("{backend}/leader_front_page"), |b| b.to_async(&rt).iter(|| get(&site.leader, &front)));
        group.bench_function(format!("{backend}/case_page_300_entries"), |b| b.to_async(&rt).iter(|| get(&site.leader, &case)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
