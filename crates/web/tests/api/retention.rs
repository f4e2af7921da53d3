//! Retention: a dry run lists who would be anonymised under the configured period and writes
//! nothing; the action removes their identity in one transaction, each logged, and leaves the
//! report figures of closed periods exactly as they were.

use crate::helpers::{TestApp, date, expect_json, id_of};
use familiehus_app::{Acting, App, Clock, retention};
use familiehus_domain::{Cpr, ReferralSource};
use familiehus_store::{NewCase, NewPerson, PersonInput};
use reqwest::StatusCode;

async fn retention_story(app: TestApp) {
    let unit = app.create_unit("Familiehuset", "FH").await;
    let service = id_of(&app.create_service(unit, "Familiebehandling", "§ 52.3.3").await);
    let family = app.store.create_family("Familien Holm").await.expect("family");
    let cpr = Cpr::parse("010215-4321").expect("cpr");
    let new = NewPerson { name: "Ida Holm".into(), cpr: Some(cpr), family_id: Some(family), family_role: Some("barn".into()), ..Default::default() };
    let ida = app.store.create_person(&new).await.expect("person");
    let case = NewCase {
        service_id: service,
        person: PersonInput::Existing(ida.id),
        referral_source: ReferralSource::School,
        enrolled_on: date("2015-01-10"),
        note: "Ida er ked af det i skolen".into(),
        referred_by_user_id: None,
        assigned_user_id: None,
    };
    let old = app.store.enrol_case(&case).await.expect("case").id;
    expect_json(app.start(old, "2015-02-01").await, StatusCode::OK).await;
    expect_json(app.close(old, "2016-06-30", "purpose_met").await, StatusCode::OK).await;
    let recent = app.case(service, "2019-01-10", Some("2019-02-01"), Some("2020-06-30")).await;
    let open = app.case(service, "2015-01-10", Some("2015-03-01"), None).await;

    let report = |from: &'static str, to: &'static str| {
        let app = &app;
        async move { app.get_json(&format!("/api/reports/caseload?from={from}&to={to}"), StatusCode::OK).await }
    };
    let before = (report("2016-01-01", "2016-06-30").await, report("2015-01-01", "2015-12-31").await);

    let console = Acting::console();
    let use_cases = App::new(app.store.clone(), Clock::fixed(date("2022-04-26")));
    let plan = retention::dry_run(&use_cases, &console).await.expect("dry run");
    assert_eq!((plan.years, plan.cutoff), (5, date("2017-04-26")));
    assert_eq!(plan.persons.iter().map(|p| (p.person_id, p.name.as_str(), p.cases)).collect::<Vec<_>>(), [(ida.id, "Ida Holm", 1)]);
    assert_eq!(app.store.person(ida.id).await.expect("person").name, "Ida Holm", "a dry run writes nothing");

    let done = retention::apply(&use_cases, &console).await.expect("apply");
    assert_eq!(done.persons.len(), 1);
    let after = app.store.person(ida.id).await.expect("person");
    assert_eq!((after.name.as_str(), after.cpr.is_none(), after.birth_date, after.family_id), ("Anonymiseret person", true, None, None));
    assert_eq!(app.store.case(old).await.expect("case").note, "", "the referral's free text is gone");
    for other in [recent, open] {
        assert_ne!(app.store.case(other).await.expect("case").person_name, "Anonymiseret person");
    }
    assert_eq!((report("2016-01-01", "2016-06-30").await, report("2015-01-01", "2015-12-31").await), before, "closed periods' figures unchanged");
    let events = app.store.audit_events().await.expect("audit");
    assert!(events.iter().any(|e| e.action == "anonymise_person" && e.person_id == Some(ida.id)), "{events:?}");
    assert!(retention::apply(&use_cases, &console).await.expect("again").persons.is_empty(), "nobody twice");
    assert!(app.store.verify_audit_chain().await.expect("verify").is_ok());
}

#[tokio::test]
async fn retention_anonymises_only_the_due_and_keeps_the_figures_sqlite() {
    retention_story(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn retention_anonymises_only_the_due_and_keeps_the_figures_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    retention_story(app).await;
}
