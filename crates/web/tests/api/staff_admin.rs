//! The report page (any period, chart, trend, downloads, errors at the fields) and the users
//! page (create with checks, deactivate, not oneself).

use crate::helpers::TestApp;
use crate::sessions::{PASSWORD, new_client};
use crate::world::world;
use reqwest::StatusCode;

#[tokio::test]
async fn the_report_page_shows_the_period_with_a_chart_and_downloads() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    app.case(w.service, "2022-01-03", Some("2022-03-25"), None).await;
    app.case(w.service, "2021-08-02", Some("2021-09-01"), None).await;
    // A leader (with case access) sees every figure, for any period and report date.
    let analyst = app.client_as("leder").await;
    let response = analyst.get(app.url("/rapport?fra=01.01.2022&til=30.06.2022&opgjort=26.04.2022")).send().await.expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("body");
    assert!(html.contains("Periode: 01.01.2022 – 30.06.2022. Opgørelsesdato: 26.04.2022."));
    assert!(html.contains("Sammenlignet med 01.07.2021 – 31.12.2021."));
    assert!(html.contains("<svg class=\"chart chart-wide\" role=\"img\""));
    assert!(html.contains("81,00 dage"), "this period's mean wait: {html}");
    assert!(html.contains("30,00 dage"), "the previous period's");
    assert!(html.contains("+51,00"), "the change");
    let xlsx = "/api/reports/caseload?from=2022-01-01&#38;to=2022-06-30&#38;as_of=2022-04-26&#38;format=xlsx";
    assert!(html.contains(&format!("href=\"{xlsx}\"")), "download link: {html}");
    let csv = analyst.get(app.url("/api/reports/caseload?from=2022-01-01&to=2022-06-30&as_of=2022-04-26&format=csv")).send().await.expect("GET");
    assert_eq!(csv.status(), StatusCode::OK);

    // Without a period: the current half-year up to the server's today.
    let default = analyst.get(app.url("/rapport")).send().await.expect("GET").text().await.expect("body");
    assert!(default.contains("value=\"01.01.2022\"") && default.contains("value=\"26.04.2022\""));

    let bad = analyst.get(app.url("/rapport?fra=01.07.2022&til=30.06.2022")).send().await.expect("GET");
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = bad.text().await.expect("body");
    assert!(body.contains("Perioden starter (01.07.2022) efter den slutter (30.06.2022).") && body.contains("value=\"01.07.2022\""));
}

#[tokio::test]
async fn an_admin_creates_and_deactivates_users_and_cannot_deactivate_themselves() {
    let app = TestApp::sqlite().await;
    world(&app).await;
    let admin = app.client_as("admin").await;
    let short =
        [("username", "sofie"), ("display_name", "Sofie Hansen"), ("role", "practitioner"), ("unit_id", ""), ("password", "kort"), ("password_again", "kort")];
    let response = app.submit(&admin, "/brugere", &short).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("body");
    assert!(body.contains("Adgangskoden skal være mindst 8 tegn.") && body.contains("value=\"Sofie Hansen\""));
    assert!(!body.contains("value=\"kort\""), "passwords are never sent back");

    let good = [
        ("username", "sofie"),
        ("display_name", "Sofie Hansen"),
        ("role", "practitioner"),
        ("unit_id", ""),
        ("password", PASSWORD),
        ("password_again", PASSWORD),
    ];
    assert_eq!(app.submit(&admin, "/brugere", &good).await.status(), StatusCode::SEE_OTHER);
    let taken = app.submit(&admin, "/brugere", &good).await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.text().await.expect("body").contains("Brugernavnet er optaget."));

    let sofie = app.client_as("sofie").await;
    assert_eq!(sofie.get(app.url("/")).send().await.expect("GET").status(), StatusCode::OK);
    let id = app.store.user_by_username("sofie").await.expect("lookup").expect("exists").id;
    // Deactivating asks first: the confirmation page names the user and changes nothing.
    let response = app.submit(&admin, &format!("/brugere/{id}/aktiv"), &[("aktiv", "nej")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("body");
    assert!(html.contains("Deaktiver sofie?") && html.contains("name=\"bekraeft\" value=\"ja\""), "{html}");
    assert_eq!(sofie.get(app.url("/")).send().await.expect("GET").status(), StatusCode::OK, "not yet deactivated");
    let response = app.submit(&admin, &format!("/brugere/{id}/aktiv"), &[("aktiv", "nej"), ("bekraeft", "ja")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(sofie.get(app.url("/")).send().await.expect("GET").status(), StatusCode::SEE_OTHER, "session ended");
    let login = new_client().post(app.url("/api/session")).json(&serde_json::json!({"username": "sofie", "password": PASSWORD})).send().await.expect("POST");
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);

    // A new password (and role) through the user's own page; the old password no longer works.
    let new_password = "endnu-en-kode-2";
    let edit = [("display_name", "Sofie Hansen"), ("role", "group_leader"), ("unit_id", ""), ("password", new_password), ("password_again", new_password)];
    assert_eq!(app.submit(&admin, &format!("/brugere/{id}"), &edit).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.submit(&admin, &format!("/brugere/{id}/aktiv"), &[("aktiv", "ja")]).await.status(), StatusCode::SEE_OTHER);
    let old = new_client().post(app.url("/api/session")).json(&serde_json::json!({"username": "sofie", "password": PASSWORD})).send().await.expect("POST");
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let new = new_client().post(app.url("/api/session")).json(&serde_json::json!({"username": "sofie", "password": new_password})).send().await.expect("POST");
    assert_eq!(new.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.store.user(id).await.expect("sofie").role, familiehus_domain::Role::GroupLeader);
    let mismatch = [("display_name", "Sofie Hansen"), ("role", "group_leader"), ("unit_id", ""), ("password", new_password), ("password_again", "noget-andet")];
    let response = app.submit(&admin, &format!("/brugere/{id}"), &mismatch).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.expect("body").contains("De to adgangskoder er ikke ens."));

    let me = app.store.user_by_username("admin").await.expect("lookup").expect("exists").id;
    let demote = [("display_name", "Admin"), ("role", "analyst"), ("unit_id", ""), ("password", ""), ("password_again", "")];
    let response = app.submit(&admin, &format!("/brugere/{me}"), &demote).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.expect("body").contains("Du kan ikke ændre din egen rolle."));
    let response = app.submit(&admin, &format!("/brugere/{me}/aktiv"), &[("aktiv", "nej"), ("bekraeft", "ja")]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.store.user(me).await.expect("admin").active);
}

#[tokio::test]
async fn the_anonymous_counsellor_logs_a_conversation_without_identity() {
    let app = TestApp::sqlite().await;
    let w = world(&app).await;
    let unit = app.store.service(w.service).await.expect("service").unit_id;
    let body = serde_json::json!({"unit_id": unit, "name": "Anonym rådgivning", "legal_refs": "§ 11.2", "ladder_step": 2, "access": "anonymous"});
    let anon = crate::helpers::id_of(&crate::helpers::expect_json(app.post("/api/services", &body).await, StatusCode::CREATED).await).to_string();
    let counsellor = app.client_as("anonym").await;
    let page = counsellor.get(app.url("/anonym")).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Anonym rådgivning") && page.contains("value=\"26.04.2022\""));
    assert!(!page.contains("<textarea") && !page.contains("id=\"name\"") && !page.contains("cpr"), "no field can take an identity");

    let missing = app.submit(&counsellor, "/anonym", &[("service_id", anon.as_str()), ("occurred_on", "26.04.2022"), ("minutes", "45")]).await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = missing.text().await.expect("body");
    assert!(body.contains("Vælg kontaktform.") && body.contains("Vælg et emne.") && body.contains("value=\"45\""));

    let fields = [
        ("service_id", anon.as_str()),
        ("occurred_on", "26.04.2022"),
        ("channel", "phone"),
        ("seeker", "parent"),
        ("age_band", "6-12"),
        ("topic", "divorce"),
        ("minutes", "45"),
    ];
    assert_eq!(app.submit(&counsellor, "/anonym", &fields).await.status(), StatusCode::SEE_OTHER);
    let after = counsellor.get(app.url("/anonym?besked=registreret")).send().await.expect("GET").text().await.expect("body");
    assert!(after.contains("Samtaler i april 2022") && after.contains("Skilsmisse og samvær (1)"), "{after}");
    // The leader sees the period's anonymous counselling as counts on the report page; the
    // analyst (no case access) sees one talk as "under 5", without its theme.
    let report = app.client_as("leder").await.get(app.url("/rapport?fra=01.01.2022&til=26.04.2022")).send().await.expect("GET").text().await.expect("body");
    assert!(report.contains("Anonym rådgivning i perioden") && report.contains("Skilsmisse og samvær (1)"), "{report}");
    let report =
        app.client_as("analytiker").await.get(app.url("/rapport?fra=01.04.2022&til=30.04.2022")).send().await.expect("GET").text().await.expect("body");
    assert!(report.contains("Anonym rådgivning i perioden") && report.contains("under 5") && !report.contains("Skilsmisse og samvær"), "{report}");

    let referred = w.service.to_string();
    let wrong = [
        ("service_id", referred.as_str()),
        ("occurred_on", "26.04.2022"),
        ("channel", "phone"),
        ("seeker", "parent"),
        ("age_band", "6-12"),
        ("topic", "divorce"),
        ("minutes", "45"),
    ];
    let response = app.submit(&counsellor, "/anonym", &wrong).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.expect("body").contains("Kun aktive anonyme tilbud"));
}
