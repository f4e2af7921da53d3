//! The report computed in SQL equals the pure domain computation on random case sets, on both
//! databases; and the demo data reproduces the 2022 report.

use crate::catalogue::{service, unit};
use chrono::{Days, NaiveDate};
use familiehus_domain::report::aggregate;
use familiehus_domain::{CaseFacts, ReportPeriod};
use familiehus_store::seed::bulk::{BulkCase, BulkPerson};
use familiehus_store::seed::{Figures2022, demo};
use familiehus_test_support::TestDb;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 6, 1).expect("date") + Days::new(n)
}

/// (service index 0..3, enrolled day, wait, duration) → one case; `None` leaves it open.
fn case_strategy() -> impl Strategy<Value = (usize, u64, Option<u64>, Option<u64>)> {
    (0usize..3, 0u64..400, proptest::option::of(0u64..120), proptest::option::of(0u64..200))
}

/// Opens a throwaway database of one backend (`None` when that backend is not available).
type MakeDb = fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<TestDb>>>>;

fn sql_equals_domain(make: MakeDb) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let Some(db) = rt.block_on(make()) else { return };
    let unit_id = rt.block_on(unit(&db.store));
    let mut runner = TestRunner::new(Config { cases: 40, failure_persistence: None, ..Config::default() });
    let round = std::cell::Cell::new(0);
    let strategy = (proptest::collection::vec(case_strategy(), 0..60), 0u64..400, 0u64..200, proptest::option::of(0u64..60));
    let result = runner.run(&strategy, |(cases, from, length, as_of_extra)| {
        round.set(round.get() + 1);
        let round = round.get();
        let store = &db.store;
        rt.block_on(async {
            let mut ids = Vec::new();
            for i in 0..3 {
                ids.push(store.create_service(unit_id, &service(&format!("Indsats {round}.{i}"), "§ 52.3.3"), None).await.expect("service").id);
            }
            let mut next_person = store.next_person_id().await.expect("person id");
            let mut persons = Vec::new();
            let mut bulk = Vec::new();
            let mut facts = Vec::new();
            for (s, enrolled, wait, duration) in &cases {
                let enrolled_on = day(*enrolled);
                let started_on = wait.map(|w| enrolled_on + Days::new(w));
                let closed_on = duration.map(|d| started_on.unwrap_or(enrolled_on) + Days::new(d));
                persons.push(BulkPerson { id: next_person, name: "Test".into(), birth_date: None, cpr: None });
                bulk.push(BulkCase {
                    service_id: ids[*s],
                    person_id: next_person,
                    referral_source: familiehus_domain::ReferralSource::School,
                    enrolled_on,
                    started_on,
                    closed_on,
                    closure_reason: closed_on.map(|_| familiehus_domain::ClosureReason::PurposeMet),
                });
                facts.push(CaseFacts { service_id: ids[*s], enrolled_on, started_on, closed_on, resumed: false });
                next_person += 1;
            }
            store.insert_bulk(&persons, &bulk).await.expect("insert");
            let from_date = day(from);
            let to = from_date + Days::new(length);
            let period = ReportPeriod::new(from_date, to, as_of_extra.map(|x| to + Days::new(x))).expect("period");
            let mut from_sql = store.report_aggregates(&period).await.expect("sql report");
            from_sql.retain(|id, _| ids.contains(id));
            let expected = aggregate(&period, facts);
            prop_assert_eq!(from_sql, expected);
            Ok(())
        })
    });
    rt.block_on(db.finish());
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn sql_report_equals_domain_computation_on_sqlite() {
    sql_equals_domain(|| Box::pin(async { Some(TestDb::sqlite().await) }));
}

#[test]
fn sql_report_equals_domain_computation_on_postgres() {
    sql_equals_domain(|| Box::pin(TestDb::postgres()));
}

async fn demo_data_reproduces_the_2022_report(store: &familiehus_store::Store) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let summary = demo::seed_demo(store, today).await.expect("demo");
    assert!(summary.cases > 1000, "a realistic amount of history: {summary:?}");
    let (from, to) = demo::period_2022();
    let report = store.caseload_report(ReportPeriod::new(from, to, None).expect("period")).await.expect("report");
    // The 2022 table, row by row in its order, with its paragraphs, labels and figures.
    let expected: [(&str, &str, Figures2022); 8] = [
        ("§ 52.3.2", "Praktisk, pædagogisk eller anden støtte i hjemmet", Figures2022 { current_cases: 20, not_started: 1, mean_wait_days: 29.48 }),
        ("§ 52.3.3", "Familiebehandling", Figures2022 { current_cases: 141, not_started: 19, mean_wait_days: 82.77 }),
        (
            "§ 52.3.2 + 52.3.3",
            "Dagbehandlingstilbud til gravide og spæd-/småbørnsforældre",
            Figures2022 { current_cases: 19, not_started: 0, mean_wait_days: 17.5 },
        ),
        (
            "§ 52.3.6",
            "Fast kontaktperson for barnet eller den unge eller for hele familien",
            Figures2022 { current_cases: 67, not_started: 8, mean_wait_days: 41.0 },
        ),
        (
            "§ 52.3.7 Supervision",
            "Supervision for plejefamilier + vejledningsforløb til plejefamilier",
            Figures2022 { current_cases: 56, not_started: 2, mean_wait_days: 2.3 },
        ),
        (
            "§ 52.3.7 Behandling",
            "Behandling til børn/unge i anbringelse, f.eks. støttende samtaler",
            Figures2022 { current_cases: 18, not_started: 2, mean_wait_days: 56.0 },
        ),
        ("§ 71.2", "Samvær", Figures2022 { current_cases: 35, not_started: 1, mean_wait_days: 21.88 }),
        ("§ 76", "Fast kontaktperson i efterværn (indtil det fyldte 18 år)", Figures2022 { current_cases: 38, not_started: 7, mean_wait_days: 47.29 }),
    ];
    assert_eq!(report.rows.len(), 8);
    for (row, (paragraph, label, f)) in report.rows.iter().zip(expected) {
        assert_eq!((row.paragraph.as_str(), row.service_name.as_str()), (paragraph, label));
        assert_eq!((row.current_cases, row.not_started), (f.current_cases, f.not_started), "{}", row.service_name);
        let mean = row.wait.mean.expect("mean");
        // Every mean as the table shows it, to two decimals.
        assert_eq!(familiehus_domain::danish::decimal(mean, 2), familiehus_domain::danish::decimal(f.mean_wait_days, 2), "{}", row.service_name);
        assert_eq!(row.remarks, "", "remarks are the leader's, not 'Leveres af …'");
    }
}
familiehus_test_support::both!(demo_data_reproduces_the_2022_report);
