//! The report's configuration and its editions: a saved edition reopens exactly as it was
//! saved after new cases are added (the live report changes, the edition does not), and the
//! configuration replaces the catalogue's default rows, labels, order and remarks.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::report::ReportService;
use familiehus_domain::{ReportConfig, ReportPeriod};
use familiehus_store::Store;
use familiehus_store::seed::bulk::{BulkCase, BulkPerson};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

async fn add_case(store: &Store, service_id: i64, enrolled: NaiveDate, started: Option<NaiveDate>) {
    let id = store.next_person_id().await.expect("person id");
    let person = BulkPerson { id, name: "Test".into(), birth_date: None, cpr: None };
    let case = BulkCase {
        service_id,
        person_id: id,
        referral_source: familiehus_domain::ReferralSource::School,
        enrolled_on: enrolled,
        started_on: started,
        closed_on: None,
        closure_reason: None,
    };
    store.insert_bulk(&[person], &[case]).await.expect("case");
}

async fn a_saved_edition_reopens_unchanged_after_new_cases(store: &Store) {
    let unit_id = unit(store).await;
    let a = store.create_service(unit_id, &service("Supervision af plejefamilier", "§ 52.3.7"), None).await.expect("service").id;
    let b = store.create_service(unit_id, &service("Støtte til anbragte børn", "§ 52.3.7"), None).await.expect("service").id;
    // Without a configuration the rows come from the catalogue's report flag.
    assert!(!store.report_config().await.expect("config").saved);

    let config = ReportConfig {
        rows: vec![
            ReportService {
                service_id: b,
                paragraph: "§ 52.3.7 Behandling".into(),
                label: "Behandling til børn i anbringelse".into(),
                remark: "To sager venter på en psykolog".into(),
            },
            ReportService { service_id: a, paragraph: "§ 52.3.7 Supervision".into(), label: "Supervision for plejefamilier".into(), remark: String::new() },
        ],
    };
    let mut tx = store.begin().await.expect("begin");
    tx.save_report_config(&config, None).await.expect("save config");
    tx.commit().await.expect("commit");
    let stored = store.report_config().await.expect("config");
    assert!(stored.saved);
    assert_eq!(stored.config, config);

    add_case(store, a, d(2022, 1, 3), Some(d(2022, 1, 10))).await;
    add_case(store, b, d(2022, 2, 1), None).await;
    let period = ReportPeriod::new(d(2022, 1, 1), d(2022, 4, 26), None).expect("period");
    let report = store.caseload_report(period).await.expect("report");
    assert_eq!(report.rows.iter().map(|r| r.paragraph.as_str()).collect::<Vec<_>>(), ["§ 52.3.7 Behandling", "§ 52.3.7 Supervision"]);
    assert_eq!(report.rows[0].remarks, "To sager venter på en psykolog");

    let mut tx = store.begin().await.expect("begin");
    let id = tx.save_report_edition(d(2022, 5, 3), &report, None).await.expect("save edition");
    tx.commit().await.expect("commit");

    // New cases and a changed configuration after the meeting…
    add_case(store, a, d(2022, 2, 1), Some(d(2022, 3, 1))).await;
    add_case(store, b, d(2022, 3, 1), None).await;
    let mut tx = store.begin().await.expect("begin");
    tx.save_report_config(&ReportConfig { rows: vec![config.rows[1].clone()] }, None).await.expect("save config");
    tx.commit().await.expect("commit");
    let live = store.caseload_report(period).await.expect("report");
    assert_ne!(live, report, "the live report follows the cases and the configuration");

    // …leave the edition as it was sent.
    let edition = store.report_edition(id).await.expect("read").expect("edition");
    assert_eq!(edition.report, report);
    assert_eq!(edition.meeting_on, d(2022, 5, 3));
    let list = store.report_editions().await.expect("list");
    assert_eq!(list.iter().map(|e| (e.id, e.period_to)).collect::<Vec<_>>(), [(id, d(2022, 4, 26))]);
    assert!(store.report_edition(id + 1000).await.expect("read").is_none());
}
familiehus_test_support::both!(a_saved_edition_reopens_unchanged_after_new_cases);
