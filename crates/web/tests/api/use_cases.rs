//! The use cases moved into `familiehus_app` (users, persons, anonymous counselling): their
//! refusals through the pages, and the same refusals called directly, as the CLI would.

use crate::helpers::{TestApp, date};
use crate::sessions::PASSWORD;
use crate::world::{CPR, world};
use familiehus_app::anonymous::TalkInput;
use familiehus_app::users::{self, AccountChange, NewAccount};
use familiehus_app::{Acting, App, AppError, Clock, anonymous, persons};
use familiehus_domain::Role;
use familiehus_domain::anonymous::{AgeBand, AnonymousContact, Channel, Seeker, Topic};
use familiehus_domain::anonymous_course::Guidance;
use reqwest::StatusCode;

fn app_of(test: &TestApp) -> App {
    App::new(test.store.clone(), Clock::fixed(date("2022-04-26")))
}

fn fields_of(e: &AppError) -> Vec<&'static str> {
    match e {
        AppError::Invalid(list) => list.0.iter().map(|f| f.field).collect(),
        _ => Vec::new(),
    }
}

#[tokio::test]
async fn a_person_outside_need_to_know_is_forbidden_and_a_read_is_logged_with_the_person() {
    let test = TestApp::sqlite().await;
    let w = world(&test).await;
    // Bo has only the FTI case, referred by nobody: outside the caseworker's and Familiehuset's scope.
    let bo = test.store.case(w.other_case).await.expect("case").person_id;
    for username in ["raadgiver", "behandler", "leder"] {
        let client = test.client_as(username).await;
        let response = client.get(test.url(&format!("/personer/{bo}"))).send().await.expect("GET");
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{username}");
    }
    // The caseworker may refer, and still may not open the page of someone they did not refer.
    let caseworker = test.client_as("raadgiver").await;
    assert_eq!(caseworker.get(test.url(&format!("/personer/{}", w.person))).send().await.expect("GET").status(), StatusCode::OK);
    let admin = test.client_as("admin").await;
    assert_eq!(admin.get(test.url(&format!("/personer/{bo}"))).send().await.expect("GET").status(), StatusCode::OK);

    let events = test.store.audit_events().await.expect("audit");
    let reads: Vec<_> = events.iter().filter(|e| e.action == "read_person" && !e.detail.contains("afvist")).collect();
    assert_eq!(reads.len(), 2, "only the pages shown are logged as reads: {reads:?}");
    assert_eq!(events.iter().filter(|e| e.action == "read_person" && e.detail.contains("afvist")).count(), 3, "and the refusals as such");
    assert!(reads.iter().any(|e| e.person_id == Some(w.person)) && reads.iter().any(|e| e.person_id == Some(bo)));

    let caseworker_acting = Acting::new(w.user(Role::Caseworker).clone(), "");
    assert!(matches!(persons::read(&app_of(&test), &caseworker_acting, bo, "test").await, Err(AppError::Forbidden)));
}

#[tokio::test]
async fn a_caseworkers_search_shows_masked_cpr_links_only_visible_persons_and_is_logged() {
    let test = TestApp::sqlite().await;
    let w = world(&test).await;
    let bo = test.store.case(w.other_case).await.expect("case").person_id;
    let caseworker = test.client_as("raadgiver").await;
    let page = caseworker.get(test.url("/personer?q=Ida")).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Ida Jensen") && page.contains("010215-xxxx") && !page.contains(CPR), "{page}");
    // Searched by CPR, the number is only in the search field the caseworker typed it into.
    let page = caseworker.get(test.url(&format!("/personer?q={CPR}"))).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("<td>010215-xxxx</td>") && !page.contains(&format!("<td>{CPR}")), "{page}");
    let page = caseworker.get(test.url("/personer?q=Bo")).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Bo Andersen"), "a referrer finds everyone");
    assert!(!page.contains(&format!("href=\"/personer/{bo}\"")), "but opens only the pages they may see");
    let referral = caseworker.get(test.url(&format!("/henvisning?q={CPR}"))).send().await.expect("GET").text().await.expect("body");
    assert!(referral.contains(", 010215-xxxx") && !referral.contains(&format!(", {CPR}")), "{referral}");

    let searches: Vec<_> =
        test.store.audit_events().await.expect("audit").into_iter().filter(|e| e.action == "search_persons" && e.person_id.is_none()).collect();
    assert_eq!(searches.len(), 4);
    assert!(searches.iter().all(|e| !e.detail.contains("4321")), "the search text is not logged");

    let found = persons::search(&app_of(&test), &Acting::new(w.user(Role::Caseworker).clone(), ""), "Bo", persons::SearchFor::Referral).await.expect("search");
    assert_eq!(found.len(), 1);
    assert!(!found[0].visible && found[0].family_name.is_none());
    // A practitioner finds only persons with a case in their need-to-know.
    let practitioner = Acting::new(w.user(Role::Practitioner).clone(), "");
    assert!(persons::search(&app_of(&test), &practitioner, "Bo", persons::SearchFor::Persons).await.expect("search").is_empty());
    let analyst = Acting::new(w.user(Role::Analyst).clone(), "");
    assert!(matches!(persons::search(&app_of(&test), &analyst, "Ida", persons::SearchFor::Persons).await, Err(AppError::Forbidden)));
}

#[tokio::test]
async fn user_administration_refuses_what_would_lock_it_out() {
    let test = TestApp::sqlite().await;
    let w = world(&test).await;
    let app = app_of(&test);
    let admin = Acting::new(w.user(Role::Admin).clone(), "");
    let new = |username: &str, password: &str| NewAccount {
        username: username.into(),
        display_name: "Sofie Hansen".into(),
        role: Role::Practitioner,
        unit_id: None,
        password: password.into(),
    };

    let short = users::create(&app, &admin, new("sofie", "kort")).await.expect_err("too short");
    assert_eq!(fields_of(&short), ["password"]);
    let spaced = users::create(&app, &admin, new("so fie", PASSWORD)).await.expect_err("two words");
    assert_eq!(fields_of(&spaced), ["username"]);
    let leader = Acting::new(w.user(Role::UnitLeader).clone(), "");
    assert!(matches!(users::create(&app, &leader, new("sofie", PASSWORD)).await, Err(AppError::Forbidden)));
    let sofie = users::create(&app, &admin, new("Sofie", PASSWORD)).await.expect("created");
    assert_eq!(sofie.username, "sofie");
    let taken = users::create(&app, &admin, new("sofie", PASSWORD)).await.expect_err("taken");
    assert_eq!(fields_of(&taken), ["username"]);

    let me = admin.user.id;
    let demote = AccountChange { display_name: "Admin".into(), role: Role::Analyst, unit_id: None, password: None };
    assert_eq!(fields_of(&users::update(&app, &admin, me, demote).await.expect_err("own role")), ["role"]);
    let short = AccountChange { display_name: "Sofie".into(), role: Role::Practitioner, unit_id: None, password: Some("kort".into()) };
    assert_eq!(fields_of(&users::update(&app, &admin, sofie.id, short).await.expect_err("short")), ["password"]);
    let no_unit = AccountChange { display_name: "Sofie".into(), role: Role::Practitioner, unit_id: Some(999_999), password: None };
    assert_eq!(fields_of(&users::update(&app, &admin, sofie.id, no_unit).await.expect_err("no unit")), ["unit_id"]);
    assert_eq!(fields_of(&users::set_active(&app, &admin, me, false).await.expect_err("deactivate self")), ["username"]);
    assert!(test.store.user(me).await.expect("admin").active);

    // Deactivation ends the user's sessions in the same transaction; a new password clears the failure count.
    let client = test.client_as("sofie").await;
    assert_eq!(client.get(test.url("/")).send().await.expect("GET").status(), StatusCode::OK);
    assert!(!users::set_active(&app, &admin, sofie.id, false).await.expect("deactivated").active);
    assert_eq!(client.get(test.url("/")).send().await.expect("GET").status(), StatusCode::SEE_OTHER, "signed out");
    users::set_active(&app, &admin, sofie.id, true).await.expect("reactivated");
    test.store.count_failed_login(sofie.id).await.expect("counted");
    let new_password = AccountChange { display_name: "Sofie H.".into(), role: Role::GroupLeader, unit_id: None, password: Some("endnu-en-kode".into()) };
    let changed = users::update(&app, &admin, sofie.id, new_password).await.expect("changed");
    assert!(changed.locked_until.is_none() && changed.failed_logins == 0 && changed.role == Role::GroupLeader);
    assert!(familiehus_app::passwords::verify("endnu-en-kode", &changed.password_hash).await);

    // The console (the CLI) creates accounts under the same rules.
    let console = Acting::console();
    assert_eq!(fields_of(&users::create(&app, &console, new("kurt", "1234567")).await.expect_err("short")), ["password"]);
    users::create(&app, &console, new("kurt", PASSWORD)).await.expect("created by the console");
}

#[tokio::test]
async fn only_anonymous_counsellors_and_administrators_log_anonymous_counselling() {
    let test = TestApp::sqlite().await;
    let w = world(&test).await;
    let unit = test.store.service(w.service).await.expect("service").unit_id;
    let body = serde_json::json!({"unit_id": unit, "name": "Anonym rådgivning", "legal_refs": "§ 11.2", "ladder_step": 2, "access": "anonymous"});
    let anon = crate::helpers::id_of(&crate::helpers::expect_json(test.post("/api/services", &body).await, StatusCode::CREATED).await);
    let contact = AnonymousContact {
        service_id: anon,
        occurred_on: date("2022-04-26"),
        channel: Channel::ALL[0],
        seeker: Seeker::ALL[0],
        age_band: AgeBand::ALL[0],
        topic: Topic::ALL[0],
        minutes: 30,
        guidance: Guidance::default(),
    };
    let talk = |contact: &AnonymousContact| TalkInput { contact: contact.clone(), course: None, confirm_beyond_limit: false };
    let anon_text = anon.to_string();
    let form = [
        ("service_id", anon_text.as_str()),
        ("occurred_on", "26.04.2022"),
        ("channel", Channel::ALL[0].code()),
        ("seeker", Seeker::ALL[0].code()),
        ("age_band", AgeBand::ALL[0].code()),
        ("topic", Topic::ALL[0].code()),
        ("minutes", "30"),
    ];
    let app = app_of(&test);
    for role in [Role::UnitLeader, Role::Caseworker, Role::Practitioner, Role::Analyst] {
        let client = test.client_as(crate::world::username(role)).await;
        assert_eq!(test.submit(&client, "/anonym", &form).await.status(), StatusCode::FORBIDDEN, "{role:?}");
        let acting = Acting::new(w.user(role).clone(), "");
        assert!(matches!(anonymous::log_talk(&app, &acting, talk(&contact)).await, Err(AppError::Forbidden)), "{role:?}");
        assert!(matches!(anonymous::month_summary(&app, &acting).await, Err(AppError::Forbidden)), "{role:?}");
    }
    let counsellor = Acting::new(w.user(Role::AnonymousCounsellor).clone(), "");
    anonymous::log_talk(&app, &counsellor, talk(&contact)).await.expect("logged");
    let month = anonymous::month_summary(&app, &counsellor).await.expect("summary");
    assert_eq!((month.first, month.services.len(), month.services[0].contacts), (date("2022-04-01"), 1, 1));
    let referred = AnonymousContact { service_id: w.service, ..contact };
    assert_eq!(fields_of(&anonymous::log_talk(&app, &counsellor, talk(&referred)).await.expect_err("not anonymous")), ["service_id"]);
}
