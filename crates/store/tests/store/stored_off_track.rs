//! The stored off-track mark (`0029_stored_off_track.sql`): a score added to a case marks it
//! stale, a refresh judges exactly the stale cases, and the front page's read returns the
//! scores of the marked, running cases within the scope only.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::{CaseScope, ClosureReason, ReferralSource};
use familiehus_store::{Closure, NewCase, OrsSrsRow, PersonInput, Store};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn referral(service_id: i64, name: &str) -> NewCase {
    NewCase {
        service_id,
        person: PersonInput::New { name: name.into(), birth_date: None },
        referral_source: ReferralSource::School,
        enrolled_on: d("2022-01-03"),
        note: String::new(),
        referred_by_user_id: None,
        assigned_user_id: None,
    }
}

async fn score(store: &Store, case_id: i64, instrument: &str, on: &str, value: i64) {
    let mut tx = store.begin().await.expect("begin");
    tx.add_measurement(case_id, instrument, d(on), value, None).await.expect("score");
    tx.commit().await.expect("commit");
}

/// The test's rule: off track when any SRS is below 36 (the real rule is `domain::off_track`).
fn low_srs(rows: &[OrsSrsRow]) -> bool {
    rows.iter().any(|(_, instrument, _, value)| instrument == "srs" && *value < 36)
}

async fn a_score_marks_its_case_and_only_marked_cases_are_read(store: &Store) {
    let unit_id = unit(store).await;
    let stored = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service");
    let [low, fine, closed] = ["Alma", "Bent", "Carl"].map(|n| referral(stored.id, n));
    let (low, fine, closed) =
        (store.enrol_case(&low).await.expect("enrol").id, store.enrol_case(&fine).await.expect("enrol").id, store.enrol_case(&closed).await.expect("enrol").id);
    for id in [low, fine, closed] {
        store.start_case(id, d("2022-01-10"), None).await.expect("start");
    }
    assert!(!store.has_stale_off_track().await.expect("probe"), "no scores, nothing to judge");
    score(store, low, "srs", "2022-02-01", 30).await;
    score(store, fine, "srs", "2022-02-01", 38).await;
    score(store, fine, "epds", "2022-02-01", 5).await;
    score(store, closed, "srs", "2022-02-01", 20).await;
    assert!(store.has_stale_off_track().await.expect("probe"));
    assert_eq!(store.refresh_stale_off_track(low_srs).await.expect("refresh"), 3, "the three cases with ORS/SRS scores");
    assert!(!store.has_stale_off_track().await.expect("probe"));
    assert_eq!(store.refresh_stale_off_track(low_srs).await.expect("refresh"), 0, "nothing stale, nothing judged");

    let closure = Closure {
        closed_on: d("2022-03-01"),
        reason: ClosureReason::PurposeMet,
        next_service_id: None,
        end_report: String::new(),
        event_detail: "Afsluttet".into(),
    };
    store.close_case(closed, &closure, None).await.expect("close");
    let read = store.off_track_ors_srs(CaseScope::Unit(unit_id), 100).await.expect("read");
    assert_eq!(read, vec![(low, "srs".to_owned(), d("2022-02-01"), 30)], "the marked, running case only");
    assert!(store.off_track_ors_srs(CaseScope::Unit(unit_id + 1000), 100).await.expect("read").is_empty(), "another unit sees none");

    // A better score on the flagged case is judged again; a score never needs a refresh call
    // from its writer (the trigger marks the case).
    score(store, low, "srs", "2022-02-15", 39).await;
    assert!(store.has_stale_off_track().await.expect("probe"));
    store.refresh_stale_off_track(|rows| rows.last().is_some_and(|(_, _, _, v)| *v < 36)).await.expect("refresh");
    assert!(store.off_track_ors_srs(CaseScope::Unit(unit_id), 100).await.expect("read").is_empty(), "no longer off track");
}

both!(a_score_marks_its_case_and_only_marked_cases_are_read);
