//! The outcome report's facts through the store (`Store::outcome_facts`), on both backends: the
//! episodes closed in the period with their journal contacts, their goal ratings and ORS
//! scores, and the running episodes with their follow-ups, fed to `domain::outcome::build` —
//! a case closed before the period and another service's case stay out.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::journal::{Contact, ContactKind, ContactPlace, Participant, StartTime};
use familiehus_domain::outcome::{OutcomeService, build};
use familiehus_domain::{ClosureReason, ReferralSource, ReportPeriod, Role, ServiceRules};
use familiehus_store::{Closure, NewCase, NewFollowUp, NewUser, PersonInput, Store};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

async fn case(store: &Store, service_id: i64, name: &str, started: &str) -> i64 {
    let id = store
        .enrol_case(&NewCase {
            service_id,
            person: PersonInput::New { name: name.into(), birth_date: None },
            referral_source: ReferralSource::AuthorityDecision,
            enrolled_on: d("2021-10-01"),
            note: String::new(),
            referred_by_user_id: None,
            assigned_user_id: None,
        })
        .await
        .expect("enrol")
        .id;
    store.start_case(id, d(started), None).await.expect("start");
    id
}

async fn close(store: &Store, id: i64, on: &str, reason: ClosureReason) {
    let closure = Closure { closed_on: d(on), reason, next_service_id: None, end_report: String::new(), event_detail: "Afsluttet".into() };
    store.close_case(id, &closure, None).await.expect("close");
}

async fn the_outcome_facts_give_the_periods_figures(store: &Store) {
    let unit_id = unit(store).await;
    let mut treatment = service("Familiebehandling", "§ 52.3.3");
    treatment.rules = ServiceRules { first_follow_up_months: Some(3), follow_up_every_months: Some(6), ..Default::default() };
    let service_id = store.create_service(unit_id, &treatment, None).await.expect("service").id;
    let other_id = store.create_service(unit_id, &service("Rådgivning", "§ 11.7"), None).await.expect("service").id;
    let user = NewUser { username: "anna".into(), display_name: "Anna".into(), role: Role::Practitioner, unit_id: Some(unit_id), password_hash: "x".into() };
    let anna = store.create_user(&user).await.expect("user").id;

    let ended = case(store, service_id, "Ida Jensen", "2022-01-10").await;
    let running = case(store, service_id, "Bo Hansen", "2021-12-01").await;
    let before = case(store, service_id, "Eva Holm", "2021-10-05").await;
    let elsewhere = case(store, other_id, "Mia Berg", "2021-11-01").await;
    let mut tx = store.begin().await.expect("begin");
    for (on, c) in [("2022-01-20", ended), ("2022-02-03", ended), ("2022-03-01", ended), ("2021-10-20", before), ("2022-01-05", elsewhere)] {
        let contact = Contact {
            kind: ContactKind::Talk,
            occurred_on: d(on),
            start: StartTime::new(10, 0).expect("time"),
            minutes: 60,
            place: ContactPlace::Unit,
            participants: vec![Participant::Child],
            practitioners: vec![anna],
            note: String::new(),
            flexible: false,
            family_may_read: false,
            group_cases: Vec::new(),
        };
        tx.add_journal_entry(c, &contact, Some(anna)).await.expect("contact");
    }
    let goal = tx.add_goal(ended, "child", "Jeg vil sove i min egen seng.", d("2022-01-10"), None).await.expect("goal");
    tx.rate_goals(ended, d("2022-01-12"), &[(goal, 3)], None).await.expect("rate");
    tx.rate_goals(ended, d("2022-04-20"), &[(goal, 7)], None).await.expect("rate");
    tx.add_measurement(ended, "ors", d("2022-04-20"), 31, None).await.expect("ors");
    tx.add_measurement(ended, "ors", d("2022-01-12"), 19, None).await.expect("ors");
    tx.add_measurement(ended, "srs", d("2022-01-12"), 30, None).await.expect("srs");
    let held = |on: &str| NewFollowUp { held_on: d(on), attendees: "Familien".into(), decision: "continue".into(), note: String::new() };
    // Due 10.04.2022: held on 08.04, on time. The running case's due 01.03.2022 is never held.
    tx.record_follow_up(ended, 1, &held("2022-04-08"), "Opfølgning nr. 1", None).await.expect("follow-up");
    tx.commit().await.expect("commit");
    close(store, ended, "2022-05-01", ClosureReason::PurposeMet).await;
    close(store, before, "2021-12-20", ClosureReason::FamilyWithdrew).await;
    close(store, elsewhere, "2022-02-01", ClosureReason::Withdrawn).await;

    let facts = store.outcome_facts(d("2022-01-01"), d("2022-06-30")).await.expect("facts");
    assert_eq!(facts.closed.iter().map(|c| (c.case_id, c.contacts)).collect::<Vec<_>>().len(), 2, "the period's two closures, not Eva's");
    let services: Vec<OutcomeService> = store
        .list_services()
        .await
        .expect("services")
        .into_iter()
        .map(|s| OutcomeService { service_id: s.id, paragraph: String::new(), name: s.service.name, rules: s.service.rules })
        .collect();
    let period = ReportPeriod::new(d("2022-01-01"), d("2022-06-30"), None).expect("period");
    let report = build(period, d("2022-08-01"), &services, &facts);
    let row = report.rows.iter().find(|r| r.service_id == service_id).expect("the treatment's row");
    assert_eq!(row.closed.n, 1);
    assert_eq!(row.duration_days.value, Some(111.0), "10.01 to 01.05");
    assert_eq!(row.contacts.value, Some(3.0));
    assert_eq!(row.goals_improved_pct.value, Some(100.0));
    assert_eq!(row.ors_change.value, Some(12.0), "19 → 31, the SRS not counted");
    assert_eq!((row.follow_ups_on_time_pct.over.n, row.follow_ups_on_time_pct.value), (2, Some(50.0)));
    let other = report.rows.iter().find(|r| r.service_id == other_id).expect("the other service's row");
    assert_eq!((other.closed.n, other.contacts.value), (1, Some(1.0)));
    assert!(!facts.running.iter().any(|e| e.case_id == before), "closed before the period");
    assert!(facts.running.iter().any(|e| e.case_id == running));
}
both!(the_outcome_facts_give_the_periods_figures);

/// The demo gives the 2022 outcome report figures: Familiehuset's courses closed in 2022 have
/// contacts, rated goals, ORS and follow-ups.
async fn the_demo_has_an_outcome_report_for_2022(store: &Store) {
    let today = d("2026-11-25");
    familiehus_store::seed::demo::seed_demo(store, today).await.expect("demo");
    let unit_id = store.unit_by_name("Familiehuset").await.expect("unit").expect("Familiehuset").id;
    let user =
        NewUser { username: "behandler".into(), display_name: "Bente".into(), role: Role::Practitioner, unit_id: Some(unit_id), password_hash: "x".into() };
    let practitioner = store.create_user(&user).await.expect("user").id;
    assert!(store.seed_demo_outcomes(unit_id, practitioner).await.expect("seed") >= 10);
    let services: Vec<OutcomeService> = store
        .list_services()
        .await
        .expect("services")
        .into_iter()
        .map(|s| OutcomeService { service_id: s.id, paragraph: String::new(), name: s.service.name, rules: s.service.rules })
        .collect();
    let facts = store.outcome_facts(d("2022-01-01"), d("2022-12-31")).await.expect("facts");
    let report = build(ReportPeriod::new(d("2022-01-01"), d("2022-12-31"), None).expect("period"), today, &services, &facts);
    let treatment = report.rows.iter().find(|r| r.service_name == "Familiebehandling").expect("Familiebehandling's row");
    assert!(treatment.closed.n >= 5 && treatment.contacts.value.is_some_and(|c| c >= 1.0), "{treatment:?}");
    assert!(treatment.goals_improved_pct.value.is_some_and(|p| p > 50.0 && p < 100.0), "most improve: {treatment:?}");
    assert!(treatment.ors_change.value.is_some_and(|c| c > 0.0), "{treatment:?}");
    // Only the courses closed in 2022 have follow-ups held in the demo; the cases still running
    // then have theirs overdue, as the front page shows.
    assert!(treatment.follow_ups_on_time_pct.value.is_some_and(|p| p > 0.0), "{treatment:?}");
}
both!(the_demo_has_an_outcome_report_for_2022);
