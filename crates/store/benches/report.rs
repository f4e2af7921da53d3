//! The half-yearly report over 1,000,000 cases, on SQLite and on PostgreSQL (`cargo xtask bench`,
//! which provides the PostgreSQL server). The data comes from the same generator as
//! `familiehus generate`; the SQLite file is kept in target/ between runs.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use familiehus_domain::ReportPeriod;
use familiehus_store::Store;
use familiehus_store::seed::{GenerateOptions, generate_cases};
use std::time::Duration;

const CASES: u64 = 1_000_000;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn options() -> GenerateOptions {
    GenerateOptions { cases: CASES, since: date(2014, 1, 1), until: date(2026, 6, 30), seed: 1 }
}

async fn cases_in(store: &Store) -> u64 {
    store.report_case_facts().await.map(|f| f.len() as u64).unwrap_or(0)
}

async fn sqlite_store() -> Store {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let path = dir.join("report-1m.sqlite");
    let store = Store::connect(&format!("sqlite://{}", path.display())).await.expect("sqlite");
    store.migrate().await.expect("migrate");
    if cases_in(&store).await != CASES {
        store.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let store = Store::connect(&format!("sqlite://{}", path.display())).await.expect("sqlite");
        store.migrate().await.expect("migrate");
        eprintln!("generating {CASES} cases in {}", path.display());
        generate_cases(&store, options(), |_| {}).await.expect("generate");
        return store;
    }
    store
}

async fn postgres_store(admin_url: &str) -> Store {
    use sqlx::Connection;
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin_url);
    let url = format!("{base}/bench_report");
    let mut admin = sqlx::PgConnection::connect(admin_url).await.expect("admin");
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = 'bench_report'").fetch_optional(&mut admin).await.expect("query");
    if exists.is_none() {
        sqlx::query("CREATE DATABASE bench_report").execute(&mut admin).await.expect("create");
    }
    let store = Store::connect(&url).await.expect("postgres");
    store.migrate().await.expect("migrate");
    if cases_in(&store).await != CASES {
        eprintln!("generating {CASES} cases in PostgreSQL");
        generate_cases(&store, options(), |_| {}).await.expect("generate");
    }
    store
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let period = ReportPeriod::new(date(2026, 1, 1), date(2026, 6, 30), None).expect("period");
    let mut group = c.benchmark_group("caseload_report_1m");
    group.sample_size(20).measurement_time(Duration::from_secs(10));

    let sqlite = rt.block_on(sqlite_store());
    group.bench_function("sqlite", |b| b.to_async(&rt).iter(|| async { sqlite.caseload_report(period).await.expect("report") }));

    match std::env::var("FAMILIEHUS_TEST_POSTGRES_URL") {
        Ok(url) => {
            let pg = rt.block_on(postgres_store(&url));
            group.bench_function("postgres", |b| b.to_async(&rt).iter(|| async { pg.caseload_report(period).await.expect("report") }));
        }
        Err(_) => eprintln!("postgres: skipped (run through `cargo xtask bench`)"),
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
