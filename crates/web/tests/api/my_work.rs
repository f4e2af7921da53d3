//! "My work" (issue 11, items 1 and 5): the case list and "Mine sager" with search, filters,
//! sorting and paging, never showing another unit's case whatever the parameters; bad
//! parameters ignored, never a 500; a page past the end empty with the total and a way back;
//! starting many from the waiting list and reassigning many, each all or nothing, a refused
//! form keeping its ticked cases; the deadlines page; the caseload; corrected details with
//! their history on the case page.

use crate::helpers::TestApp;
use crate::world::world;
use familiehus_domain::CaseState;
use reqwest::{Client, StatusCode};

async fn html(client: &Client, app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = client.get(app.url(path)).send().await.expect("GET");
    (response.status(), response.text().await.expect("body"))
}

#[tokio::test]
async fn a_practitioner_never_sees_another_units_case_through_any_parameter() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let practitioner = app.client_as("behandler").await;
    let other = w.other_case.to_string();
    let other_service = w.other_service.to_string();
    let queries = [
        String::new(),
        "?q=Bo".into(),
        "?q=andersen".into(),
        format!("?q={other}"),
        format!("?indsats={other_service}&status=alle"),
        format!("?indsats={other_service}&q={other}&status=venter&sorter=person&retning=ned"),
        "?status=venter&sorter=behandler&side=1".into(),
        "?forsinket=1&status=aktiv".into(),
        "?behandler=1&status=alle".into(),
        "?side=2".into(),
    ];
    for path in ["/sager", "/mine-sager"] {
        for query in &queries {
            let (status, body) = html(&practitioner, &app, &format!("{path}{query}")).await;
            assert_eq!(status, StatusCode::OK, "{path}{query}");
            assert!(!body.contains("Bo Andersen") && !body.contains(&format!("/sager/{other}\"")), "{path}{query}: {body}");
        }
    }
    let (_, body) = html(&practitioner, &app, "/sager?q=ida").await;
    assert!(body.contains(&format!("/sager/{}\"", w.case)) && body.contains("Viser 1–1 af 1"), "the team's case is found: {body}");
    let (status, body) = html(&practitioner, &app, &format!("/frister?behandler=1&tilstand=overskredet&side=1&x={other}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("Bo Andersen"), "{body}");
    // The administrator sees every unit's case, so the searches above could have found it.
    let (_, body) = html(&app.client, &app, &format!("/sager?q={other}")).await;
    assert!(body.contains("Bo Andersen"), "{body}");
}

#[tokio::test]
async fn unknown_sort_filter_and_page_values_are_ignored_and_a_page_past_the_end_says_so() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let leader = app.client_as("leder").await;
    for query in ["?sorter=drop%20table&retning=sideways", "?status=nonsense&indsats=abc&behandler=-1", "?side=-4", "?side=abc", "?forsinket=ja"] {
        let (status, body) = html(&leader, &app, &format!("/sager{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        assert!(body.contains(&format!("/sager/{}\"", w.case)), "{query}: the default list");
    }
    let (status, body) = html(&leader, &app, "/sager?side=40&q=ida").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Ingen sager på denne side. Der er 1 i alt.") && body.contains("Til første side"), "{body}");
    assert!(body.contains("q=ida") && body.contains("side=1"), "the way back keeps the search: {body}");
    // Sorting links keep the other parameters and turn the direction.
    let (_, body) = html(&leader, &app, "/sager?q=ida&sorter=person&retning=op").await;
    assert!(body.contains("aria-sort=\"ascending\""), "{body}");
    assert!(body.contains("q=ida&#38;status=alle&#38;sorter=person&#38;retning=ned&#38;side=1"), "{body}");
}

#[tokio::test]
async fn mine_sager_lists_the_cases_the_user_carries() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let practitioner = w.user(familiehus_domain::Role::Practitioner).id;
    app.store.assign_case(w.case, Some(practitioner), crate::helpers::date("2022-04-01"), None).await.expect("assign");
    let (_, mine) = html(&app.client_as("behandler").await, &app, "/mine-sager").await;
    assert!(mine.contains("<h1>Mine sager</h1>") && mine.contains(&format!("/sager/{}\"", w.case)) && mine.contains("Bruger behandler"), "{mine}");
    let (_, theirs) = html(&app.client_as("gruppeleder").await, &app, "/mine-sager").await;
    assert!(!theirs.contains(&format!("/sager/{}\"", w.case)) && theirs.contains("Ingen sager passer"), "{theirs}");
    let events = app.store.audit_for_case(w.case).await.expect("log");
    assert!(events.iter().any(|e| e.action == "list_case" && e.detail == "mine sager"), "every case shown is logged");
}

#[tokio::test]
async fn starting_many_from_the_waiting_list_is_all_or_nothing_and_keeps_the_ticked_cases() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let early = app.case(w.service, "2022-02-01", None, None).await;
    let late = app.case(w.service, "2022-04-20", None, None).await;
    let leader = app.client_as("leder").await;
    let path = format!("/indsatser/{}/venteliste/start", w.service);
    let (case, early_s, late_s) = (w.case.to_string(), early.to_string(), late.to_string());
    let ticked = [("sag", case.as_str()), ("sag", early_s.as_str()), ("sag", late_s.as_str())];

    let mut fields = ticked.to_vec();
    fields.push(("started_on", "10.04.2022"));
    let response = app.submit(&leader, &path, &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(body.contains("<title>Fejl i formularen"), "{body}");
    assert!(body.contains(&format!("Sag {late}: ")) && body.contains("Ingen af sagerne er ændret."), "{body}");
    assert!(body.contains("value=\"10.04.2022\""), "the date as typed: {body}");
    for id in [w.case, early, late] {
        assert!(body.contains(&format!("value=\"{id}\" checked")), "case {id} still ticked: {body}");
        assert_eq!(app.store.case(id).await.expect("case").state, CaseState::Waiting, "nothing started");
    }

    let mut fields = ticked.to_vec();
    fields.push(("started_on", "31.02.2022"));
    let body = app.submit(&leader, &path, &fields).await.text().await.expect("body");
    assert!(body.contains("value=\"31.02.2022\"") && body.contains("href=\"#started_on\""), "an impossible date at the field: {body}");

    let mut fields = ticked.to_vec();
    fields.push(("started_on", "21.04.2022"));
    let response = app.submit(&leader, &path, &fields).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.expect("body");
    let mut ids = [w.case, early, late];
    ids.sort_unstable();
    assert!(body.contains(&format!("Iværksat 21.04.2022 og taget af ventelisten: sag {}, sag {} og sag {}.", ids[0], ids[1], ids[2])), "{body}");
    for id in ids {
        assert_eq!(app.store.case(id).await.expect("case").state, CaseState::Active);
    }
    // Nothing ticked: said at the list, nothing done.
    let response = app.submit(&leader, &path, &[("started_on", "21.04.2022")]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_waiting_list_is_paged_with_checkboxes_instead_of_a_form_per_row() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    for i in 0..60 {
        app.store
            .enrol_case(&familiehus_store::NewCase {
                service_id: w.service,
                person: familiehus_store::PersonInput::New { name: format!("Barn {i}"), birth_date: None },
                referral_source: familiehus_domain::ReferralSource::School,
                enrolled_on: crate::helpers::date("2022-03-02"),
                note: String::new(),
                referred_by_user_id: None,
                assigned_user_id: None,
            })
            .await
            .expect("enrol");
    }
    let leader = app.client_as("leder").await;
    let (_, first) = html(&leader, &app, &format!("/indsatser/{}/venteliste", w.service)).await;
    assert!(first.contains("Viser 1–50 af 61") && first.contains("side=2"), "{first}");
    assert_eq!(first.matches("<form method=\"post\"").count(), 2, "one start form (and the logout form), not one per row");
    let (_, second) = html(&leader, &app, &format!("/indsatser/{}/venteliste?side=2", w.service)).await;
    assert!(second.contains("Viser 51–61 af 61"), "{second}");
    let (status, past) = html(&leader, &app, &format!("/indsatser/{}/venteliste?side=9", w.service)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(past.contains("Der venter 61 i alt") && past.contains("Til første side"), "{past}");
}

#[tokio::test]
async fn reassigning_many_is_all_or_nothing_and_names_the_cases_moved() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let second = app.case(w.service, "2022-02-01", None, None).await;
    let practitioner = w.user(familiehus_domain::Role::Practitioner).id.to_string();
    let analyst = w.user(familiehus_domain::Role::Analyst).id.to_string();
    let leader = app.client_as("leder").await;
    let (case, second_s, other) = (w.case.to_string(), second.to_string(), w.other_case.to_string());

    // One case outside the leader's unit refuses the batch.
    let fields = [("sag", case.as_str()), ("sag", other.as_str()), ("til", practitioner.as_str()), ("q", "ida")];
    let response = app.submit(&leader, "/sager/tildel", &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(body.contains("Ingen af sagerne er ændret.") && body.contains(&format!("Sag {other} findes ikke blandt dine sager")), "{body}");
    assert!(body.contains(&format!("value=\"{case}\" checked")) && body.contains("value=\"ida\""), "kept as it was: {body}");
    assert_eq!(app.store.case(w.case).await.expect("case").assigned_user_id, None);
    // Someone who does not carry cases.
    let fields = [("sag", case.as_str()), ("til", analyst.as_str())];
    let body = app.submit(&leader, "/sager/tildel", &fields).await.text().await.expect("body");
    assert!(body.contains("aktiv behandler eller gruppeleder") && body.contains("Ingen af sagerne er ændret."), "{body}");
    assert_eq!(app.store.case(w.case).await.expect("case").assigned_user_id, None);

    let fields = [("sag", case.as_str()), ("sag", second_s.as_str()), ("til", practitioner.as_str())];
    let response = app.submit(&leader, "/sager/tildel", &fields).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.expect("body");
    let (a, b) = (w.case.min(second), w.case.max(second));
    assert!(body.contains(&format!("Flyttet til Bruger behandler: sag {a} og sag {b}.")), "{body}");
    for id in [w.case, second] {
        assert_eq!(app.store.case(id).await.expect("case").assigned_user_id.map(|u| u.to_string()), Some(practitioner.clone()));
    }
}

#[tokio::test]
async fn the_deadlines_page_lists_due_follow_ups_soonest_first_and_the_caseload_counts() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let stored = app.store.service(w.service).await.expect("service");
    let mut service = stored.service.clone();
    service.rules.first_follow_up_months = Some(3);
    service.rules.follow_up_every_months = Some(6);
    app.store.update_service(w.service, stored.unit_id, &service, None).await.expect("rules");
    let overdue = app.case(w.service, "2022-01-05", Some("2022-01-10"), None).await;
    let later = app.case(w.service, "2022-03-05", Some("2022-03-10"), None).await;
    let practitioner = w.user(familiehus_domain::Role::Practitioner).id;
    app.store.assign_case(later, Some(practitioner), crate::helpers::date("2022-04-01"), None).await.expect("assign");
    let leader = app.client_as("leder").await;
    let (status, body) = html(&leader, &app, "/frister").await;
    assert_eq!(status, StatusCode::OK);
    let (first, second) = (body.find(&format!("/sager/{overdue}\"")), body.find(&format!("/sager/{later}\"")));
    assert!(first.is_some() && second.is_some() && first < second, "soonest first: {body}");
    assert!(body.contains("10.04.2022") && body.contains("Overskredet") && body.contains("10.06.2022") && body.contains("27.05.2022"), "{body}");
    let (_, only) = html(&leader, &app, "/frister?tilstand=overskredet").await;
    assert!(only.contains(&format!("/sager/{overdue}\"")) && !only.contains(&format!("/sager/{later}\"")), "{only}");
    let (_, theirs) = html(&leader, &app, &format!("/frister?behandler={practitioner}")).await;
    assert!(!theirs.contains(&format!("/sager/{overdue}\"")) && theirs.contains(&format!("/sager/{later}\"")), "{theirs}");
    // The case list's overdue filter is the same rule.
    let (_, list) = html(&leader, &app, "/sager?forsinket=1").await;
    assert!(list.contains(&format!("/sager/{overdue}\"")) && !list.contains(&format!("/sager/{later}\"")), "{list}");

    let (status, load) = html(&leader, &app, "/belastning").await;
    assert_eq!(status, StatusCode::OK);
    assert!(load.contains(&format!("behandler={practitioner}&amp;status=aktiv\">Bruger behandler</a></td><td class=\"num\">1</td>")), "{load}");
    let (status, _) = html(&app.client_as("behandler").await, &app, "/belastning").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn corrected_details_keep_their_history_on_the_case_page() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let practitioner = app.client_as("behandler").await;
    let path = format!("/sager/{}/oplysninger", w.case);
    let response = app.submit(&practitioner, &path, &[("note", "Skolen har ringet igen."), ("referral_source", "made_up")]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(body.contains("Skolen har ringet igen.") && body.contains("Vælg, hvem der henviste familien."), "{body}");
    let response = app.submit(&practitioner, &path, &[("note", "Skolen har ringet igen."), ("referral_source", "school")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, page) = html(&practitioner, &app, &format!("/sager/{}", w.case)).await;
    assert!(page.contains("<details class=\"detail-history\">") && page.contains("Før: »Bekymring for trivsel«. Efter: »Skolen har ringet igen.«"), "{page}");
    assert!(page.contains("Før: »Myndighedsafgørelse«. Efter: »Skole«") && page.contains("af Bruger behandler"), "{page}");
    let actions: Vec<String> = app.store.audit_for_case(w.case).await.expect("log").into_iter().map(|e| e.action).collect();
    assert!(actions.contains(&"correct_case_details".to_owned()), "{actions:?}");
    // Another unit's case: refused, nothing changed.
    let response = app.submit(&practitioner, &format!("/sager/{}/oplysninger", w.other_case), &[("note", "x"), ("referral_source", "school")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.store.case(w.other_case).await.expect("case").note, "Bekymring for trivsel");
}

#[tokio::test]
async fn bulk_changes_on_postgres_are_all_or_nothing_too() {
    let Some(app) = TestApp::postgres().await else { return };
    let w = world(&app).await;
    let leader = app.client_as("leder").await;
    let late = app.case(w.service, "2022-04-20", None, None).await;
    let (case, late_s) = (w.case.to_string(), late.to_string());
    let path = format!("/indsatser/{}/venteliste/start", w.service);
    let response = app.submit(&leader, &path, &[("sag", case.as_str()), ("sag", late_s.as_str()), ("started_on", "10.04.2022")]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.store.case(w.case).await.expect("case").state, CaseState::Waiting, "the first case was rolled back");
    let (status, body) = html(&leader, &app, "/sager?q=ida&sorter=behandler&retning=ned&forsinket=1").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn the_json_case_list_pages_with_the_same_filters_and_refuses_unknown_values() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    for i in 0..5 {
        app.case(w.service, &format!("2022-02-0{}", i + 1), None, None).await;
    }
    let leader = app.client_as("leder").await;
    let get = |path: String| {
        let leader = leader.clone();
        let url = app.url(&path);
        async move {
            let r = leader.get(url).send().await.expect("GET");
            (r.status(), r.json::<serde_json::Value>().await.expect("json"))
        }
    };
    let (status, first) = get("/api/cases?status=waiting&sort=enrolled&order=asc&per_page=4".into()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["total"], 6, "the leader's unit only: {first}");
    let (_, second) = get("/api/cases?status=waiting&sort=enrolled&order=asc&per_page=4&page=2".into()).await;
    let ids = |v: &serde_json::Value| v["cases"].as_array().map(|a| a.iter().filter_map(|c| c["id"].as_i64()).collect::<Vec<_>>()).unwrap_or_default();
    let mut all = ids(&first);
    all.extend(ids(&second));
    assert_eq!(all.len(), 6);
    assert!(!all.contains(&w.other_case));
    assert_eq!(all.last().copied(), Some(w.case), "enrolled 01.03.2022, the latest");
    for bad in ["status=sleeping", "sort=password", "order=sideways", "page=-1"] {
        let (status, body) = get(format!("/api/cases?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
    let (_, past) = get("/api/cases?page=99".into()).await;
    assert_eq!((past["total"].as_i64(), past["cases"].as_array().map(Vec::len)), (Some(6), Some(0)));
}
