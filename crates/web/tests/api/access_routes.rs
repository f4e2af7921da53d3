//! The family house's ways in (issue 12, item 8) through the pages and the API: a service allows
//! the leader's admission and walk-ins (a setting its unit's editors change); the leader admits
//! an unborn child on the short form, a practitioner registers a walk-in, and every way the
//! service does not allow, or the user may not use, is refused at the field in Danish with what
//! was typed kept; the referral form asks for the way in; the reach page counts pregnancy,
//! fathers and ways in, with "under 5" and whole months for the analyst. And continuous intake:
//! more sessions, a participation ended (its seat taken by the next), the waiting list marked.

use crate::helpers::{TestApp, error_fields, expect_json, id_of};
use crate::world::world;
use reqwest::{Client, StatusCode};
use serde_json::json;

async fn html(client: &Client, app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = client.get(app.url(path)).send().await.expect("GET");
    (response.status(), response.text().await.expect("body"))
}

fn case_of(location: &str) -> i64 {
    location.trim_start_matches("/sager/").split('?').next().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("a case page: {location}"))
}

async fn admitted(app: &TestApp, client: &Client, fields: &[(&str, &str)]) -> i64 {
    let response = app.submit(client, "/optag", fields).await;
    let status = response.status();
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(status, StatusCode::SEE_OTHER, "{}", response.text().await.unwrap_or_default());
    case_of(&location)
}

async fn ways_in_story(app: TestApp) {
    let w = world(&app).await;
    let service = w.service.to_string();
    // Authority referral only, until the setting says otherwise.
    let leader = app.client_as("leder").await;
    let (_, page) = html(&leader, &app, "/optag").await;
    assert!(page.contains("Ingen af dine indsatser tager imod familier uden visitation"), "{page}");
    let routes = format!("/api/services/{}/access-routes", w.service);
    let analyst = app.client_as("analytiker").await;
    let refused = analyst.put(app.url(&routes)).json(&json!({"routes": ["walk_in"]})).send().await.expect("PUT");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let set = leader.put(app.url(&routes)).json(&json!({"routes": ["leader_admission", "walk_in", "enquiry"]})).send().await.expect("PUT");
    assert_eq!(expect_json(set, StatusCode::OK).await, json!({"routes": ["leader_admission", "walk_in"]}), "the never-optional ways are dropped");

    // The leader admits an unborn child on the short form.
    let (status, page) = html(&leader, &app, "/optag").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Familiebehandling (Familiehuset)") && page.contains("Lederens optag på kort henvisning") && page.contains(r#"id="expected_birth_on""#),
        "{page}"
    );
    assert!(!page.contains("Fast kontaktperson"), "another unit's service is not offered: {page}");
    let unborn = admitted(
        &app,
        &leader,
        &[
            ("service_id", &service),
            ("access_route", "leader_admission"),
            ("name", "Ufødt barn af Sara Jensen"),
            ("expected_birth_on", "20.07.2022"),
            ("referral_source", "midwife"),
        ],
    )
    .await;
    let case = app.get_json(&format!("/api/cases/{unborn}"), StatusCode::OK).await;
    assert_eq!(
        (case["access_route"].as_str(), case["expected_birth_on"].as_str(), case["state"].as_str(), case["enrolled_on"].as_str()),
        (Some("leader_admission"), Some("2022-07-20"), Some("waiting"), Some("2022-04-26")),
        "{case}"
    );

    // A practitioner may not use the leader's mandate; the form comes back as typed.
    let practitioner = app.client_as("behandler").await;
    let response = app
        .submit(
            &practitioner,
            "/optag",
            &[("service_id", &service), ("access_route", "leader_admission"), ("name", "Otto Holm"), ("referral_source", "health_visitor")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(
        body.contains("<title>Fejl i formularen")
            && body.contains("Kun enhedens leder kan optage på kort henvisning.")
            && body.contains(r#"value="Otto Holm""#),
        "{body}"
    );
    assert!(body.contains(r##"href="#access_route""##) && body.contains(r#"id="access_route""#), "the summary links to the field: {body}");
    // The quick walk-in registration.
    let (_, page) = html(&practitioner, &app, "/optag?vej=walk_in").await;
    assert!(page.contains("Åben dør: hurtig registrering") && page.contains(r#"value="walk_in" checked"#), "{page}");
    let walked = admitted(
        &app,
        &practitioner,
        &[("service_id", &service), ("access_route", "walk_in"), ("name", "Otto Holm"), ("birth_date", "03.02.2021"), ("referral_source", "walk_in")],
    )
    .await;

    // The API: a way the service does not allow, another unit's service, a term with a birth date.
    let admit = |body: serde_json::Value| practitioner.post(app.url("/api/cases/admissions")).json(&body).send();
    let base = |route: &str, service: i64| json!({"service_id": service, "person": {"name": "Alma Berg"}, "access_route": route, "referral_source": "self_referral", "enrolled_on": "2022-04-26"});
    for (body, field) in [
        (base("direct_contact", w.service), "access_route"),
        (base("walk_in", w.other_service), "access_route"),
        (base("enquiry", w.service), "access_route"),
        (
            json!({"service_id": w.service, "person": {"name": "Alma Berg", "birth_date": "2022-01-02"}, "access_route": "walk_in", "referral_source": "walk_in", "enrolled_on": "2022-04-26", "expected_birth_on": "2022-06-01"}),
            "expected_birth_on",
        ),
        (
            json!({"service_id": w.service, "person": {"name": "Alma Berg"}, "access_route": "walk_in", "referral_source": "walk_in", "enrolled_on": "2022-04-26", "expected_birth_on": "2023-04-26"}),
            "expected_birth_on",
        ),
    ] {
        let refused = expect_json(admit(body.clone()).await.expect("POST"), StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(error_fields(&refused), vec![field.to_owned()], "{body}: {refused}");
    }
    let caseworker = app.client_as("raadgiver").await;
    let refused = caseworker.post(app.url("/api/cases/admissions")).json(&base("walk_in", w.service)).send().await.expect("POST");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "the caseworker refers; admissions are the unit's");
    // The referral form asks for the way in, since a service allows others; an authority referral stays one.
    let (_, page) = html(&caseworker, &app, "/henvisning").await;
    assert!(page.contains(r#"<select id="access_route" name="access_route""#) && page.contains("Familiebehandling: Lederens optag"), "{page}");
    let referred = expect_json(
        caseworker
            .post(app.url("/api/cases"))
            .json(&json!({"service_id": w.service, "person": {"name": "Karla Juhl"}, "referral_source": "authority_decision", "enrolled_on": "2022-04-26"}))
            .send()
            .await
            .expect("POST"),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(referred["access_route"], "authority_referral");

    // A father at a talk on the walk-in case.
    expect_json(app.post(&format!("/api/cases/{walked}/start"), &json!({"started_on": "2022-04-26"})).await, StatusCode::OK).await;
    let practitioner_id = w.user(familiehus_domain::Role::Practitioner).id;
    let contact = json!({"kind": "talk", "occurred_on": "2022-04-26", "start_time": "10.00", "minutes": 60, "place": "unit", "participants": ["child", "father"], "practitioners": [practitioner_id]});
    expect_json(app.post(&format!("/api/cases/{walked}/journal"), &contact).await, StatusCode::CREATED).await;

    // The reach: the leader sees every count; the analyst whole months and "under 5".
    let (status, page) = html(&leader, &app, "/rapport/raekkevidde?fra=01.04.2022&til=30.04.2022").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let row = |label: &str, n: &str| format!(r#"<tr><th scope="row">{label}</th><td class="num">{n}</td></tr>"#);
    for (label, n) in [
        ("Far deltog i mindst én kontakt", "1"),
        ("I graviditeten", "1"),
        ("Lederens optag på kort henvisning", "1"),
        ("Åben dør (kommet ind fra gaden)", "1"),
        ("Visitation (myndighed)", "1"),
        ("Jordemoder", "1"),
    ] {
        assert!(page.contains(&row(label, n)), "{label}: {page}");
    }
    assert!(!page.contains("Sara Jensen") && !page.contains("Otto"), "no names");
    let (status, page) = html(&analyst, &app, "/rapport/raekkevidde?fra=01.04.2022&til=30.04.2022").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&row("Far deltog i mindst én kontakt", "under 5")) && page.contains(&row("Lederens optag på kort henvisning", "under 5")), "{page}");
    assert!(!page.contains(r#"<td class="num">1</td>"#), "{page}");
    let (status, page) = html(&analyst, &app, "/rapport/raekkevidde?fra=02.04.2022&til=30.04.2022").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("<title>Fejl i formularen") && page.contains("Perioden skal begynde den 1. i en måned."), "{page}");
    let (status, _) = html(&analyst, &app, "/rapport/raekkevidde?fra=hmm").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The downloads say what the page says, and hide for the analyst what the page hides.
    let (_, page) = html(&leader, &app, "/rapport/raekkevidde?fra=01.04.2022&til=30.04.2022").await;
    let csv_href = "/api/reports/reach?from=2022-04-01&#38;to=2022-04-30&#38;format=csv";
    assert!(page.contains(csv_href) && page.contains("format=xlsx"), "{page}");
    let csv = |client: Client| {
        let url = app.url("/api/reports/reach?from=2022-04-01&to=2022-04-30&format=csv");
        async move {
            let response = client.get(url).send().await.expect("GET");
            assert_eq!(response.status(), StatusCode::OK);
            assert!(response.headers()["content-disposition"].to_str().unwrap_or_default().contains("raekkevidde-2022-04-01-2022-04-30.csv"));
            response.text().await.expect("body")
        }
    };
    let leaders = csv(leader.clone()).await;
    assert!(leaders.contains("I alt;Far deltog i mindst én kontakt;1") && leaders.contains("Adgangsvej;Lederens optag på kort henvisning;1"), "{leaders}");
    let analysts = csv(analyst.clone()).await;
    assert!(analysts.contains("I alt;Far deltog i mindst én kontakt;under 5") && !analysts.contains(";1\r"), "{analysts}");
    let xlsx = leader.get(app.url("/api/reports/reach?from=2022-04-01&to=2022-04-30&format=xlsx")).send().await.expect("GET");
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.expect("body").starts_with(b"PK"), "an xlsx is a zip");
    let json = expect_json(analyst.get(app.url("/api/reports/reach?from=2022-04-01&to=2022-04-30")).send().await.expect("GET"), StatusCode::OK).await;
    let fathers = &json["sections"][0]["lines"][1];
    assert_eq!((fathers["value"].clone(), fathers["shown"].clone()), (serde_json::Value::Null, json!("under 5")), "{json}");
    let refused = analyst.get(app.url("/api/reports/reach?from=2022-04-02&to=2022-04-30&format=csv")).send().await.expect("GET");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.store.verify_audit_chain().await.expect("verify").is_ok());
}

#[tokio::test]
async fn the_family_house_admits_without_the_authority_and_reports_its_reach_sqlite() {
    ways_in_story(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_family_house_admits_without_the_authority_and_reports_its_reach_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    ways_in_story(app).await;
}

async fn continuous_intake_story(app: TestApp) {
    let (leader, id, service) = crate::groups::course(&app, "1").await;
    let a = id_of(&app.enrol(service, "Asta Holm", "2022-03-10").await);
    let b = id_of(&app.enrol(service, "Bertil Holm", "2022-03-12").await);
    assert_eq!(app.submit(&leader, &format!("/grupper/{id}/optag"), &[("case_id", &a.to_string())]).await.status(), StatusCode::SEE_OTHER);
    let (_, waiting) = html(&leader, &app, &format!("/indsatser/{service}/venteliste")).await;
    assert!(waiting.contains("Har plads i Cool Kids forår 2022"), "the waiting list marks Asta: {waiting}");

    // Four more sessions in the course's rhythm (Tuesdays), after the last of the eight.
    let before = app.store.course_sessions(id).await.expect("sessions");
    let last = before.last().map(|s| s.held_on).expect("a session");
    let added = app.submit(&leader, &format!("/grupper/{id}/gange"), &[("count", "4")]).await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let after = app.store.course_sessions(id).await.expect("sessions");
    assert_eq!(after.len(), before.len() + 4);
    assert!(after[before.len()..].iter().all(|s| s.held_on > last && s.held_on.format("%a").to_string() == "Tue"), "{after:?}");
    let bad = app.submit(&leader, &format!("/grupper/{id}/gange"), &[("count", "0")]).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.expect("body").contains("Skriv antal nye gange"));

    // Asta stops; her seat goes to Bertil.
    let stop = format!("/grupper/{id}/deltagere/{a}/stop");
    let future = app.submit(&leader, &stop, &[("left_on", "27.04.2022")]).await;
    assert_eq!(future.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(future.text().await.expect("body").contains("Den sidste dag kan ikke ligge i fremtiden."));
    let analyst = app.client_as("analytiker").await;
    assert_eq!(app.submit(&analyst, &stop, &[("left_on", "26.04.2022")]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.submit(&leader, &stop, &[("left_on", "26.04.2022"), ("reason", "Flyttet")]).await.status(), StatusCode::SEE_OTHER);
    let (_, page) = html(&leader, &app, &format!("/grupper/{id}")).await;
    assert!(page.contains("Pladser</dt><dd>0 af 1 børn") && !page.contains(r#"Stop i forløbet<span class="visually-hidden">: Asta Holm"#), "{page}");
    assert_eq!(app.submit(&leader, &stop, &[("left_on", "26.04.2022")]).await.status(), StatusCode::UNPROCESSABLE_ENTITY, "ended once");
    assert_eq!(app.submit(&leader, &format!("/grupper/{id}/optag"), &[("case_id", &b.to_string())]).await.status(), StatusCode::SEE_OTHER, "the freed seat");
    let events = app.store.audit_events().await.expect("audit");
    assert!(events.iter().any(|e| e.action == "end_participation" && e.case_id == Some(a)), "{events:?}");
}

#[tokio::test]
async fn a_continuous_intake_course_gets_sessions_and_frees_a_seat_sqlite() {
    continuous_intake_story(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_continuous_intake_course_gets_sessions_and_frees_a_seat_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    continuous_intake_story(app).await;
}

/// The ways in are set on the service's own page by its unit's editors (issue 12, item 8): the
/// boxes show what is allowed, saving changes what `/optag` offers, and nobody else may.
#[tokio::test]
async fn the_service_page_sets_the_ways_in_for_its_unit_editors_only() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let leader = app.client_as("leder").await;
    let page_path = format!("/katalog/{}", w.service);
    let (_, page) = html(&leader, &app, &page_path).await;
    assert!(page.contains(r#"<input type="checkbox" name="route" value="walk_in">"#), "unticked at first: {page}");
    assert!(page.contains("<dt>Adgangsveje</dt>\n  <dd>Visitation (myndighed)</dd>"), "{page}");

    let saved = app.submit(&leader, &format!("{page_path}/adgangsveje"), &[("route", "leader_admission"), ("route", "walk_in"), ("route", "nonsense")]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, page) = html(&leader, &app, &format!("{page_path}?besked=adgangsveje")).await;
    assert!(
        page.contains("Adgangsvejene er gemt.") && page.contains(r#"value="walk_in" checked"#) && !page.contains(r#"value="direct_contact" checked"#),
        "{page}"
    );
    assert!(page.contains("<dd>Åben dør (kommet ind fra gaden)</dd>"), "{page}");
    let (_, admission) = html(&leader, &app, "/optag").await;
    assert!(admission.contains("Lederens optag på kort henvisning"), "{admission}");

    // Unticking all leaves only the authority referral.
    assert_eq!(app.submit(&leader, &format!("{page_path}/adgangsveje"), &[]).await.status(), StatusCode::SEE_OTHER);
    let (_, page) = html(&leader, &app, &page_path).await;
    assert!(!page.contains(r#"value="walk_in" checked"#), "{page}");

    // A practitioner sees the ways in but no form, and may not post it; nor may a leader
    // change another unit's service.
    let practitioner = app.client_as("behandler").await;
    let (_, page) = html(&practitioner, &app, &page_path).await;
    assert!(page.contains("<dt>Adgangsveje</dt>") && !page.contains("Gem adgangsveje"), "{page}");
    assert_eq!(app.submit(&practitioner, &format!("{page_path}/adgangsveje"), &[("route", "walk_in")]).await.status(), StatusCode::FORBIDDEN);
    let other = format!("/katalog/{}/adgangsveje", w.other_service);
    assert_eq!(app.submit(&leader, &other, &[("route", "walk_in")]).await.status(), StatusCode::FORBIDDEN);
    assert!(app.store.service_access_routes(w.other_service).await.expect("routes").is_empty());
}
