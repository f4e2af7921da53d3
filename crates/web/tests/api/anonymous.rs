//! Anonymous counselling, complete: a course number (never a name) carries a citizen from talk
//! to talk, the limit of talks is shown, warned at and confirmed past, a counsellor corrects
//! only their own entry of the same day, and the statistics hide small counts from roles
//! without case access and show them only for whole months.

use crate::helpers::{TestApp, expect_json, id_of};
use crate::world::world;
use reqwest::StatusCode;
use reqwest::header::LOCATION;

async fn anonymous_service(app: &TestApp, unit: i64) -> String {
    let body = serde_json::json!({"unit_id": unit, "name": "Anonym rådgivning", "legal_refs": "§ 11.2", "ladder_step": 2, "access": "anonymous"});
    id_of(&expect_json(app.post("/api/services", &body).await, StatusCode::CREATED).await).to_string()
}

fn talk<'a>(service: &'a str, on: &'a str, course: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("service_id", service),
        ("course_number", course),
        ("occurred_on", on),
        ("channel", "phone"),
        ("seeker", "parent"),
        ("age_band", "6-12"),
        ("topic", "divorce"),
        ("minutes", "45"),
        ("guided_onward", "none"),
        ("guided_service_id", ""),
    ]
}

/// The course number in the page after a talk is logged.
fn course_in(page: &str) -> String {
    let at = page.find("<strong class=\"code\">").map(|i| i + "<strong class=\"code\">".len()).unwrap_or_else(|| panic!("no course number: {page}"));
    page[at..at + 9].to_owned()
}

async fn logged_page(app: &TestApp, client: &reqwest::Client, response: reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).expect("location").to_owned();
    client.get(app.url(&to)).send().await.expect("GET").text().await.expect("body")
}

async fn a_course_number_carries_a_citizen_from_talk_to_talk(app: TestApp) {
    let w = world(&app).await;
    let unit = app.store.service(w.service).await.expect("service").unit_id;
    let anon = anonymous_service(&app, unit).await;
    let counsellor = app.client_as("anonym").await;
    let form = counsellor.get(app.url("/anonym")).send().await.expect("GET").text().await.expect("body");
    assert!(form.contains("id=\"course_number\"") && form.contains("Skriv aldrig navn eller CPR-nummer her"), "{form}");

    let first = logged_page(&app, &counsellor, app.submit(&counsellor, "/anonym", &talk(&anon, "20.04.2022", "")).await).await;
    assert!(first.contains("Samtale 1 af højst 3"), "{first}");
    let course = course_in(&first);
    assert!(course.starts_with("A-"), "{course}");

    // The citizen quotes the number as they heard it: lower case, spaces.
    let quoted = course.to_lowercase().replace('-', " ");
    let second = logged_page(&app, &counsellor, app.submit(&counsellor, "/anonym", &talk(&anon, "22.04.2022", &quoted)).await).await;
    assert!(second.contains("Samtale 2 af højst 3") && course_in(&second) == course, "{second}");

    // A name typed where the number goes is refused at the field; the form keeps what was typed.
    let named = app.submit(&counsellor, "/anonym", &talk(&anon, "26.04.2022", "Anna Hansen")).await;
    assert_eq!(named.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = named.text().await.expect("body");
    assert!(body.contains("<title>Fejl i formularen") && body.contains("Forløbsnummeret har formen") && body.contains("value=\"45\""), "{body}");

    let third = logged_page(&app, &counsellor, app.submit(&counsellor, "/anonym", &talk(&anon, "24.04.2022", &course)).await).await;
    assert!(third.contains("Samtale 3 af højst 3") && third.contains("sidste samtale"), "{third}");
    let fourth = app.submit(&counsellor, "/anonym", &talk(&anon, "26.04.2022", &course)).await;
    assert_eq!(fourth.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fourth.text().await.expect("body").contains("allerede haft 3 samtaler"));
    let mut confirmed = talk(&anon, "26.04.2022", &course);
    confirmed.push(("confirm_beyond_limit", "ja"));
    let fourth = logged_page(&app, &counsellor, app.submit(&counsellor, "/anonym", &confirmed).await).await;
    assert!(fourth.contains("Samtale 4: 1 over grænsen på 3"), "{fourth}");

    // The counsellor corrects their own talk of today; another counsellor (the administrator
    // also logs talks) may not.
    let own = app.store.recent_anonymous_talks(1).await.expect("recent")[0].id;
    assert_eq!(counsellor.get(app.url(&format!("/anonym/{own}/ret"))).send().await.expect("GET").status(), StatusCode::OK);
    assert_eq!(app.client.get(app.url(&format!("/anonym/{own}/ret"))).send().await.expect("GET").status(), StatusCode::FORBIDDEN);
    let mut corrected = talk(&anon, "26.04.2022", "");
    corrected.retain(|(k, _)| *k != "topic");
    corrected.push(("topic", "school"));
    assert_eq!(app.submit(&app.client, &format!("/anonym/{own}/ret"), &corrected).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.submit(&counsellor, &format!("/anonym/{own}/ret"), &corrected).await.status(), StatusCode::SEE_OTHER);
    let stored = app.store.anonymous_talk(own).await.expect("talk");
    assert_eq!((stored.contact.topic.code(), stored.talk_number), ("school", Some(4)), "corrected, still the fourth talk");
}

#[tokio::test]
async fn a_course_number_carries_a_citizen_from_talk_to_talk_sqlite() {
    a_course_number_carries_a_citizen_from_talk_to_talk(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_course_number_carries_a_citizen_from_talk_to_talk_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    a_course_number_carries_a_citizen_from_talk_to_talk(app).await;
}

#[tokio::test]
async fn statistics_hide_small_counts_and_running_months_from_roles_without_case_access() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let unit = app.store.service(w.service).await.expect("service").unit_id;
    let anon = anonymous_service(&app, unit).await;
    let counsellor = app.client_as("anonym").await;
    for on in ["02.03.2022", "09.03.2022", "16.03.2022", "23.03.2022", "30.03.2022", "31.03.2022"] {
        assert_eq!(app.submit(&counsellor, "/anonym", &talk(&anon, on, "")).await.status(), StatusCode::SEE_OTHER);
    }
    let mut school = talk(&anon, "31.03.2022", "");
    school.retain(|(k, _)| *k != "topic");
    school.push(("topic", "school"));
    assert_eq!(app.submit(&counsellor, "/anonym", &school).await.status(), StatusCode::SEE_OTHER);

    let get = |client: &reqwest::Client, path: &str| {
        let request = client.get(app.url(path));
        async move {
            let response = request.send().await.expect("GET");
            (response.status(), response.text().await.expect("body"))
        }
    };
    // The counsellor sees every count, this month too.
    let (status, page) = get(&counsellor, "/anonym/statistik?maaned=2022-03").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<th scope=\"row\">marts 2022</th><td class=\"num\">7</td>"), "{page}");
    assert!(page.contains("<th scope=\"row\">Skole og fravær</th><td class=\"num\">1</td>"), "{page}");
    assert_eq!(get(&counsellor, "/anonym/statistik").await.0, StatusCode::OK, "the running month for the counsellor");

    // The analyst: the month's total, but the single school talk is "under 5", and the only
    // other theme is withheld so the total minus it would not give the one.
    let analyst = app.client_as("analytiker").await;
    let (status, page) = get(&analyst, "/anonym/statistik?maaned=2022-03").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<th scope=\"row\">marts 2022</th><td class=\"num\">7</td>"), "{page}");
    assert!(page.contains("<th scope=\"row\">Skole og fravær</th><td class=\"num\">under 5</td>"), "{page}");
    assert!(page.contains("<th scope=\"row\">Skilsmisse og samvær</th><td class=\"num\">–</td>"), "{page}");
    let (status, page) = get(&analyst, "/anonym/statistik?maaned=2022-04").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "April 2022 is still running on 26.04.2022");
    assert!(page.contains("afsluttet måned") && page.contains("<title>Fejl i formularen"), "{page}");
    assert_eq!(get(&analyst, "/anonym/statistik?maaned=marts").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(get(&analyst, "/anonym/statistik").await.0, StatusCode::OK, "the last whole month by default");

    assert_eq!(get(&app.client_as("leder").await, "/anonym/statistik?maaned=2022-03").await.0, StatusCode::OK);
    for username in ["raadgiver", "behandler"] {
        assert_eq!(get(&app.client_as(username).await, "/anonym/statistik").await.0, StatusCode::FORBIDDEN, "{username}");
    }
}
