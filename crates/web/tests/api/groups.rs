//! Group courses (issue 12, items 1–3) through the pages and the API: a group leader creates a
//! course (the plan skips the Easter holiday), records a pre-talk, enrols from the waiting list
//! until the course is full (the next is told in Danish and stays waiting), takes attendance
//! (the first session attended starts the case, so the report counts it), moves and cancels a
//! session; two enrolments for the last seat at once: one wins, on both databases; and who may
//! not see a course or a name is refused. The holiday calendar's settings page reads and refuses.

use crate::helpers::{TestApp, expect_json, id_of};
use crate::world::world;
use reqwest::{Client, StatusCode};
use serde_json::json;

async fn html(client: &Client, app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = client.get(app.url(path)).send().await.expect("GET");
    (response.status(), response.text().await.expect("body"))
}

/// A group service in Familiehuset and a course of it created through the form by the group
/// leader: Tuesdays from 01.04.2022 with continuous intake, `capacity` children.
pub(crate) async fn course(app: &TestApp, capacity: &str) -> (Client, i64, i64) {
    let w = world(app).await;
    let leader = app.client_as("gruppeleder").await;
    let unit_id = app.store.service(w.service).await.expect("service").unit_id;
    let body =
        json!({"unit_id": unit_id, "name": "Cool Kids", "legal_refs": "§ 11.3", "ladder_step": 2, "access": "open", "delivery": "group", "in_report": true});
    let service = id_of(&expect_json(app.post("/api/services", &body).await, StatusCode::CREATED).await);
    let leader_id = w.user(familiehus_domain::Role::GroupLeader).id.to_string();
    let form = [
        ("service_id", service.to_string()),
        ("name", "Cool Kids forår 2022".into()),
        ("leaders", leader_id),
        ("leader_2", String::new()),
        ("capacity", capacity.into()),
        ("max_families", String::new()),
        ("min_age", "9".into()),
        ("max_age", "12".into()),
        ("place", "Familiehuset, mødelokale 2".into()),
        ("weekday", "tue".into()),
        ("start_time", "16.00".into()),
        ("minutes", "120".into()),
        ("interval", "weekly".into()),
        ("starts_on", "01.04.2022".into()),
        ("end_kind", "sessions".into()),
        ("sessions", "8".into()),
        ("step_built", "ja".into()),
        ("continuous_intake", "ja".into()),
    ];
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = app.submit(&leader, "/grupper/ny", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{:?}", response.text().await);
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let id: i64 = location.trim_start_matches("/grupper/").split('?').next().and_then(|s| s.parse().ok()).expect("course id");
    (leader, id, service)
}

async fn from_waiting_list_to_attendance(app: &TestApp) {
    let (leader, id, service) = course(app, "1").await;
    let sessions = app.store.course_sessions(id).await.expect("sessions");
    let dates: Vec<String> = sessions.iter().map(|s| s.held_on.to_string()).collect();
    assert_eq!(&dates[..3], ["2022-04-05", "2022-04-19", "2022-04-26"], "12.04.2022 is in the Easter holiday");
    let a = id_of(&app.enrol(service, "Asta Holm", "2022-03-10").await);
    let b = id_of(&app.enrol(service, "Bertil Holm", "2022-03-12").await);

    let (status, page) = html(&leader, app, &format!("/grupper/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Asta Holm") && page.contains("Optag i forløbet") && page.contains("05.04.2022"), "{page}");

    let talk =
        app.submit(&leader, &format!("/grupper/{id}/forsamtale"), &[("case_id", &a.to_string()), ("held_on", "20.04.2022"), ("note", "Mor og Asta")]).await;
    assert_eq!(talk.status(), StatusCode::SEE_OTHER);
    let future = app.submit(&leader, &format!("/grupper/{id}/forsamtale"), &[("case_id", &b.to_string()), ("held_on", "27.04.2022")]).await;
    assert_eq!(future.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(future.text().await.expect("body").contains("Forsamtalen kan ikke ligge i fremtiden"));

    let enrol_path = format!("/grupper/{id}/optag");
    assert_eq!(app.submit(&leader, &enrol_path, &[("case_id", &a.to_string())]).await.status(), StatusCode::SEE_OTHER);
    let full = app.submit(&leader, &enrol_path, &[("case_id", &b.to_string())]).await;
    assert_eq!(full.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = full.text().await.expect("body");
    assert!(body.contains("Fejl i formularen") && body.contains("Forløbet er fuldt (1 af 1 pladser). Sagen bliver på ventelisten til næste forløb."), "{body}");
    assert_eq!(app.store.case(b).await.expect("b").case.started_on(), None);
    assert!(app.store.course_participants(id).await.expect("participants").iter().all(|p| p.case_id == a));

    // Attendance at today's session (26.04.2022) through the API starts Asta's case on that day.
    let today = sessions[2].id;
    let path = format!("/api/courses/{id}/sessions/{today}/attendance");
    let refused = leader.post(app.url(&path)).json(&json!({"marks": [{"case_id": b, "status": "present"}]})).send().await.expect("POST");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "not a participant");
    let future = sessions[3].id;
    let later = leader
        .post(app.url(&format!("/api/courses/{id}/sessions/{future}/attendance")))
        .json(&json!({"marks": [{"case_id": a, "status": "present"}]}))
        .send()
        .await
        .expect("POST");
    assert_eq!(later.status(), StatusCode::UNPROCESSABLE_ENTITY, "a future session");
    let ok = leader.post(app.url(&path)).json(&json!({"marks": [{"case_id": a, "status": "present"}]})).send().await.expect("POST");
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.store.case(a).await.expect("a").case.started_on(), Some(crate::helpers::date("2022-04-26")), "waiting ends at the first session attended");
    let (_, page) = html(&leader, app, &format!("/grupper/{id}")).await;
    assert!(page.contains("<span class=\"visually-hidden\">Mødt</span>") && page.contains("26.04.2022"), "{page}");
    let log = app.store.audit_for_case(a).await.expect("log");
    for action in ["enrol_in_group", "record_attendance", "read_group_course", "record_pre_talk"] {
        assert!(log.iter().any(|e| e.action == action), "{action} logged: {log:?}");
    }

    // Move the fourth session: not onto a holiday; cancel the fifth: with a reason.
    let move_path = format!("/grupper/{id}/gange/{future}/flyt");
    let holiday = app.submit(&leader, &move_path, &[("date", "26.05.2022"), ("start_time", "16.00")]).await;
    assert_eq!(holiday.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = holiday.text().await.expect("body");
    assert!(body.contains("Kristi himmelfartsdag") && body.contains("value=\"26.05.2022\""), "{body}");
    assert_eq!(app.submit(&leader, &move_path, &[("date", "04.05.2022"), ("start_time", "17.00")]).await.status(), StatusCode::SEE_OTHER);
    let fifth = sessions[4].id;
    let cancel_path = format!("/grupper/{id}/gange/{fifth}/aflys");
    assert_eq!(app.submit(&leader, &cancel_path, &[("reason", "")]).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.submit(&leader, &cancel_path, &[("reason", "Lederen er syg")]).await.status(), StatusCode::SEE_OTHER);
    let (_, page) = html(&leader, app, &format!("/grupper/{id}")).await;
    assert!(page.contains("Flyttet fra 03.05.2022") && page.contains("Aflyst: Lederen er syg"), "{page}");
    let (status, session_page) = html(&leader, app, &format!("/grupper/{id}/gange/{today}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(session_page.contains("name=\"case_") && session_page.contains("checked"), "{session_page}");

    let listed = expect_json(leader.get(app.url("/api/courses")).send().await.expect("GET"), StatusCode::OK).await;
    assert_eq!(listed[0]["participants"], 1);
    assert_eq!(listed[0]["leaders"][0], "Bruger gruppeleder");
}

#[tokio::test]
async fn from_waiting_list_to_attendance_sqlite() {
    from_waiting_list_to_attendance(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn from_waiting_list_to_attendance_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    from_waiting_list_to_attendance(&app).await;
}

async fn the_last_seat_goes_to_one_of_two_at_once(app: &TestApp) {
    let (leader, id, service) = course(app, "1").await;
    let unit_leader = app.client_as("leder").await;
    let a = id_of(&app.enrol(service, "Asta Holm", "2022-03-10").await);
    let b = id_of(&app.enrol(service, "Bertil Holm", "2022-03-12").await);
    let (ta, tb) = (app.csrf(&leader).await, app.csrf(&unit_leader).await);
    let path = app.url(&format!("/grupper/{id}/optag"));
    let (ra, rb) = tokio::join!(
        leader.post(&path).form(&[("csrf_token", ta.as_str()), ("case_id", &a.to_string())]).send(),
        unit_leader.post(&path).form(&[("csrf_token", tb.as_str()), ("case_id", &b.to_string())]).send(),
    );
    let mut statuses = vec![ra.expect("a").status(), rb.expect("b").status()];
    statuses.sort();
    assert_eq!(statuses, vec![StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY]);
    assert_eq!(app.store.course_participants(id).await.expect("participants").len(), 1);
}

#[tokio::test]
async fn the_last_seat_goes_to_one_of_two_at_once_sqlite() {
    the_last_seat_goes_to_one_of_two_at_once(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_last_seat_goes_to_one_of_two_at_once_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    the_last_seat_goes_to_one_of_two_at_once(&app).await;
}

#[tokio::test]
async fn courses_and_names_stay_within_need_to_know() {
    let app = TestApp::sqlite().await;
    let (leader, id, service) = course(&app, "6").await;
    let a = id_of(&app.enrol(service, "Asta Holm", "2022-03-10").await);
    assert_eq!(app.submit(&leader, &format!("/grupper/{id}/optag"), &[("case_id", &a.to_string())]).await.status(), StatusCode::SEE_OTHER);

    let elsewhere = app.create_unit("Ungeenheden", "UE").await;
    app.add_user("fremmed", familiehus_domain::Role::Practitioner, Some(elsewhere)).await;
    let stranger = app.client_as("fremmed").await;
    assert_eq!(html(&stranger, &app, &format!("/grupper/{id}")).await.0, StatusCode::FORBIDDEN);
    let (status, list) = html(&stranger, &app, "/grupper").await;
    assert!(status == StatusCode::OK && !list.contains("Cool Kids forår 2022"), "{list}");
    assert_eq!(app.submit(&stranger, &format!("/grupper/{id}/optag"), &[("case_id", &a.to_string())]).await.status(), StatusCode::FORBIDDEN);
    let session = app.store.course_sessions(id).await.expect("sessions")[0].id;
    let api = stranger
        .post(app.url(&format!("/api/courses/{id}/sessions/{session}/attendance")))
        .json(&json!({"marks": [{"case_id": a, "status": "present"}]}))
        .send()
        .await
        .expect("POST");
    assert_eq!(api.status(), StatusCode::FORBIDDEN);
    let listed = expect_json(stranger.get(app.url("/api/courses")).send().await.expect("GET"), StatusCode::OK).await;
    assert_eq!(listed, json!([]));

    let caseworker = app.client_as("raadgiver").await;
    assert_eq!(html(&caseworker, &app, &format!("/grupper/{id}")).await.0, StatusCode::FORBIDDEN);
    let analyst = app.client_as("analytiker").await;
    assert_eq!(html(&analyst, &app, "/grupper").await.0, StatusCode::FORBIDDEN);
    for (who, client) in [("leder", app.client_as("leder").await), ("behandler", app.client_as("behandler").await), ("admin", app.client.clone())] {
        let (status, page) = html(&client, &app, &format!("/grupper/{id}")).await;
        assert!(status == StatusCode::OK && page.contains("Asta Holm"), "{who}: {status}");
    }
    // A course of an individual service is refused at the field.
    let body = app.submit(&leader, "/grupper/ny", &[("service_id", "1"), ("name", "X")]).await;
    assert_eq!(body.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_holiday_calendar_reads_and_refuses() {
    let app = TestApp::sqlite().await;
    let (status, page) = html(&app.client, &app, "/indstillinger/ferier").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("2021/22;Efterårsferie;16.10.2021;24.10.2021") && page.contains("2022/23;Juleferie;21.12.2022;01.01.2023"), "{page}");
    let bad = app.submit(&app.client, "/indstillinger/ferier", &[("holidays", "2022/23;Efterårsferie;22.10.2022;15.10.2022")]).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = bad.text().await.expect("body");
    assert!(body.contains("Linje 1: Ferien slutter før den begynder.") && body.contains("Fejl i formularen"), "{body}");
    let good = app.submit(&app.client, "/indstillinger/ferier", &[("holidays", "2022/23;Efterårsferie;15.10.2022;23.10.2022")]).await;
    // The shared client follows the redirect back to the page.
    assert!(good.text().await.expect("body").contains("Ferierne er gemt."));
    assert_eq!(app.store.school_holidays().await.expect("stored").len(), 1);
    world(&app).await;
    let practitioner = app.client_as("behandler").await;
    assert_eq!(html(&practitioner, &app, "/indstillinger/ferier").await.0, StatusCode::FORBIDDEN);
}
