//! The grouped queries behind the front page and the case page: waiting lists summarised per
//! service, cases by ids, and the newest entries of a
//! case's access log with their total. Each must agree with the per-case queries it replaces.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::{AuditAction, CaseScope, ReferralSource};
use familiehus_store::{AuditEntry, NewCase, PersonInput, Store};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn referral(service_id: i64, name: &str, enrolled_on: &str) -> NewCase {
    NewCase {
        service_id,
        person: PersonInput::New { name: name.into(), birth_date: None },
        referral_source: ReferralSource::School,
        enrolled_on: d(enrolled_on),
        note: String::new(),
        referred_by_user_id: None,
        assigned_user_id: None,
    }
}

async fn the_waiting_summary_agrees_with_the_waiting_lists(store: &Store) {
    let unit_id = unit(store).await;
    let first = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let second = store.create_service(unit_id, &service("Forældrekursus", "§ 11"), None).await.expect("service").id;
    for (i, day) in ["2022-01-05", "2022-02-01", "2022-03-01"].into_iter().enumerate() {
        store.enrol_case(&referral(first, &format!("Barn {i}"), day)).await.expect("enrol");
    }
    let started = store.enrol_case(&referral(second, "Bo", "2021-12-01")).await.expect("enrol");
    store.start_case(started.id, d("2022-01-10"), None).await.expect("start");
    store.enrol_case(&referral(second, "Eva", "2022-04-01")).await.expect("enrol");

    let summary = store.waiting_summary(CaseScope::All).await.expect("summary");
    assert_eq!(summary, [(first, 3, d("2022-01-05")), (second, 1, d("2022-04-01"))]);
    for (service_id, count, oldest) in &summary {
        let list = store.waiting_list(*service_id, d("2022-04-26"), CaseScope::All).await.expect("list");
        assert_eq!(list.len() as i64, *count);
        assert_eq!(list.first().map(|e| e.enrolled_on), Some(*oldest));
    }
    assert!(store.waiting_summary(CaseScope::Unit(unit_id + 100)).await.expect("other unit").is_empty(), "scoped");

    let by_ids = store.cases_by_ids(&[started.id]).await.expect("by ids");
    assert_eq!(by_ids.len(), 1);
    assert_eq!(by_ids[0].person_name, "Bo");
    assert!(store.cases_by_ids(&[]).await.expect("none").is_empty());
}
both!(the_waiting_summary_agrees_with_the_waiting_lists);

async fn a_case_page_reads_the_newest_log_entries_and_the_total(store: &Store) {
    let entries: Vec<AuditEntry> =
        (0..7).map(|i| AuditEntry { case_id: Some(3), detail: format!("read {i}"), ..AuditEntry::new(AuditAction::ReadCase) }).collect();
    store.log_access(entries).await.expect("log");
    store.append_audit(&AuditEntry { case_id: Some(4), ..AuditEntry::new(AuditAction::ReadCase) }).await.expect("other case");
    let (newest, total) = store.recent_audit_for_case(3, 5).await.expect("recent");
    assert_eq!(total, 7);
    assert_eq!(newest.iter().map(|e| e.detail.as_str()).collect::<Vec<_>>(), ["read 6", "read 5", "read 4", "read 3", "read 2"]);
}
both!(a_case_page_reads_the_newest_log_entries_and_the_total);

/// A page of many shown cases is logged in a few multi-row statements: the entries keep their
/// order across the statements (ids follow the list) and the chain still verifies.
async fn many_entries_in_one_request_keep_their_order_and_chain(store: &Store) {
    let entries: Vec<AuditEntry> =
        (0..130).map(|i| AuditEntry { case_id: Some(9), detail: format!("row {i:03}"), ..AuditEntry::new(AuditAction::ReadCase) }).collect();
    store.log_access(entries).await.expect("log");
    let (newest, total) = store.recent_audit_for_case(9, 130).await.expect("recent");
    assert_eq!(total, 130);
    let details: Vec<&str> = newest.iter().map(|e| e.detail.as_str()).collect();
    let expected: Vec<String> = (0..130).rev().map(|i| format!("row {i:03}")).collect();
    assert_eq!(details, expected.iter().map(String::as_str).collect::<Vec<_>>(), "newest first, in the order given");
    assert!(store.verify_audit_chain().await.expect("verify").is_ok(), "the chain holds across the statements");
}
both!(many_entries_in_one_request_keep_their_order_and_chain);
