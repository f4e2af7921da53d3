//! The practitioners' lists over 1,000,000 generated cases, on SQLite and PostgreSQL (`cargo
//! xtask bench` provides the PostgreSQL server): "Mine sager" (a practitioner's open cases,
//! newest first, one page and its count), a unit's deadlines (the stored next follow-ups, kept
//! by `refresh_stale_deadlines`: one page and its count), and a person search by
//! name. Targets (issue 11): 50 ms, 50 ms, 20 ms. `FAMILIEHUS_BENCH_CASES` sets a smaller size
//! for a trial run; the data is kept in target/bench-data between runs.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use familiehus_domain::deadlines::due_follow_up;
use familiehus_domain::{CaseScope, PersonQuery, Role};
use familiehus_store::seed::{GenerateOptions, generate_cases};
use familiehus_store::{CaseListQuery, CaseSort, NewUser, StateFilter, Store};
use std::collections::HashMap;
use std::time::Duration;

fn cases() -> u64 {
    std::env::var("FAMILIEHUS_BENCH_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

const TODAY: (i32, u32, u32) = (2026, 6, 30);

async fn count(store: &Store) -> u64 {
    store.report_case_facts().await.map(|f| f.len() as u64).unwrap_or(0)
}

/// The unit with most services, and a practitioner there carrying 60 of its open cases.
async fn prepare(store: &Store) -> (i64, i64) {
    if count(store).await != cases() {
        eprintln!("generating {} cases", cases());
        let options = GenerateOptions { cases: cases(), since: date(2014, 1, 1), until: date(2026, 6, 30), seed: 1 };
        generate_cases(store, options, |_| {}).await.expect("generate");
    }
    let services = store.list_services().await.expect("services");
    // The stored deadlines, as `app::deadlines::refresh` computes them before any read.
    let rules: HashMap<i64, familiehus_domain::ServiceRules> = services.iter().map(|s| (s.id, s.service.rules.clone())).collect();
    let refreshed = store
        .refresh_stale_deadlines(|f| {
            let due = due_follow_up(rules.get(&f.service_id)?, f.started_on?, f.held, 0)?;
            Some((due.due_on, due.number))
        })
        .await
        .expect("refresh");
    eprintln!("deadlines refreshed: {refreshed}");
    let mut per_unit: HashMap<i64, usize> = HashMap::new();
    for s in &services {
        *per_unit.entry(s.unit_id).or_default() += 1;
    }
    let unit = per_unit.into_iter().max_by_key(|(id, n)| (*n, -id)).map(|(id, _)| id).expect("a unit");
    let user = match store.user_by_username("bench-behandler").await.expect("user") {
        Some(u) => u.id,
        None => {
            let new = |username: &str, role| NewUser {
                username: username.into(),
                display_name: username.into(),
                role,
                unit_id: Some(unit),
                password_hash: "$argon2id$bench".into(),
            };
            let practitioner = store.create_user(&new("bench-behandler", Role::Practitioner)).await.expect("user").id;
            let caseworker = store.create_user(&new("bench-raadgiver", Role::Caseworker)).await.expect("user").id;
            store.assign_demo_cases(unit, practitioner, caseworker, 60).await.expect("assign");
            practitioner
        }
    };
    (unit, user)
}

async fn sqlite_store() -> Store {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let path = dir.join(format!("lists-{}.sqlite", cases()));
    let store = Store::connect(&format!("sqlite://{}", path.display())).await.expect("sqlite");
    store.migrate().await.expect("migrate");
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
    store.migrate().await.expect("migrate");
    store
}

/// "Mine sager": the first page of the practitioner's open cases, with the count.
async fn my_cases(store: &Store, unit: i64, user: i64) -> usize {
    let q = CaseListQuery {
        assigned_user_id: Some(user),
        state: Some(StateFilter::Open),
        sort: CaseSort::Enrolled,
        descending: true,
        limit: 50,
        ..Default::default()
    };
    store.case_page(CaseScope::AssignedOrTeam { user_id: user, unit_id: Some(unit) }, &q).await.expect("page").cases.len()
}

/// A unit's deadlines page as `app::deadlines::page` builds it (without the access log): the
/// probe for stale deadlines, one page of stored deadlines with the count, the page's cases.
async fn unit_deadlines(store: &Store, unit: i64) -> usize {
    assert!(!store.has_stale_deadlines().await.expect("probe"));
    let (_, due) = store.deadline_page(CaseScope::Unit(unit), None, (None, None), 0, 50).await.expect("deadlines");
    let ids: Vec<i64> = due.iter().map(|d| d.0).collect();
    store.cases_by_ids(&ids).await.expect("cases").len()
}

/// The overdue ones only (the state filter `Overskredet`), on the benchmark's day.
async fn unit_overdue(store: &Store, unit: i64) -> i64 {
    let today = date(TODAY.0, TODAY.1, TODAY.2);
    let range = familiehus_domain::deadlines::DeadlineState::Overdue.range(today);
    store.deadline_page(CaseScope::Unit(unit), None, range, 0, 50).await.expect("deadlines").0
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut group = c.benchmark_group(format!("lists_{}", cases()));
    group.sample_size(20).measurement_time(Duration::from_secs(5));
    let mut stores = vec![("sqlite", rt.block_on(sqlite_store()))];
    match std::env::var("FAMILIEHUS_TEST_POSTGRES_URL") {
        Ok(url) => stores.push(("postgres", rt.block_on(postgres_store(&url)))),
        Err(_) => eprintln!("postgres: skipped (run through `cargo xtask bench`)"),
    }
    for (backend, store) in &stores {
        let (unit, user) = rt.block_on(prepare(store));
        group.bench_function(format!("{backend}/mine_sager"), |b| b.to_async(&rt).iter(|| my_cases(store, unit, user)));
        group.bench_function(format!("{backend}/unit_deadlines"), |b| b.to_async(&rt).iter(|| unit_deadlines(store, unit)));
        group.bench_function(format!("{backend}/unit_deadlines_overdue"), |b| b.to_async(&rt).iter(|| unit_overdue(store, unit)));
        let search = PersonQuery::Name("hansen".into());
        group.bench_function(format!("{backend}/person_search_name"), |b| {
            b.to_async(&rt).iter(|| async { store.search_persons(&search).await.expect("search").len() })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
