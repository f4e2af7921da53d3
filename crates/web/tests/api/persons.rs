//! Issue 10's attacks on persons, through HTTP on SQLite and PostgreSQL: a person page follows
//! need-to-know (the person's or the family's cases), walking ids reveals nothing, a masked
//! CPR number cannot be recovered by searching, searches are rate-limited, and every refusal
//! and every person shown in a search is in the access log.

use crate::helpers::{TestApp, date};
use crate::world::{CPR, World, world};
use familiehus_domain::ReferralSource;
use familiehus_store::{AuditEvent, NewCase, NewPerson, PersonInput};
use reqwest::StatusCode;

/// The three stories on one world per backend, in this order (the last uses up the
/// practitioner's searches). One world, not three: every world hashes its users' passwords,
/// and argon2 runs one at a time per CPU for the whole test binary, where the login throttle's
/// tests count seconds.
async fn stories(app: &TestApp) {
    let w = world(app).await;
    let (child, mother) = family(app, &w).await;
    a_person_page_is_shown_only_within_need_to_know(app, &w, child, mother).await;
    search_folds_danish_letters_finds_birth_dates_and_logs_who_was_shown(app, child).await;
    a_masked_cpr_number_cannot_be_recovered_by_search(app).await;
}

#[tokio::test]
async fn person_attacks_on_sqlite() {
    stories(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn person_attacks_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    stories(&app).await;
}

async fn events(app: &TestApp, action: &str) -> Vec<AuditEvent> {
    app.store.audit_events().await.expect("audit").into_iter().filter(|e| e.action == action).collect()
}

/// A family in Familiehuset: a child with a case referred by nobody, and a mother without one.
async fn family(app: &TestApp, w: &World) -> (i64, i64) {
    let family = app.store.create_family("Familien Ærø").await.expect("family");
    let person = |name: &str| NewPerson { name: name.into(), family_id: Some(family), ..Default::default() };
    let child = app.store.create_person(&person("Ærø Hansen")).await.expect("child").id;
    let mother = app.store.create_person(&person("Åse Hansen")).await.expect("mother").id;
    let case = NewCase {
        service_id: w.service,
        person: PersonInput::Existing(child),
        referral_source: ReferralSource::AuthorityDecision,
        enrolled_on: date("2022-03-01"),
        note: String::new(),
        referred_by_user_id: None,
        assigned_user_id: None,
    };
    app.store.enrol_case(&case).await.expect("case");
    (child, mother)
}

async fn a_person_page_is_shown_only_within_need_to_know(app: &TestApp, w: &World, child: i64, mother: i64) {
    {
        let bo = app.store.case(w.other_case).await.expect("case").person_id;
        let status = |client: &reqwest::Client, path: String| {
            let request = client.get(app.url(&path));
            async move { request.send().await.expect("GET").status() }
        };

        // The leader of Familiehuset is refused Bo's FTI case, and so Bo's page.
        let leader = app.client_as("leder").await;
        assert_eq!(status(&leader, format!("/sager/{}", w.other_case)).await, StatusCode::FORBIDDEN);
        assert_eq!(status(&leader, format!("/personer/{bo}")).await, StatusCode::FORBIDDEN);
        // The mother has no case, but her child's is the leader's (and the practitioner's).
        assert_eq!(status(&leader, format!("/personer/{mother}")).await, StatusCode::OK);
        let practitioner = app.client_as("behandler").await;
        assert_eq!(status(&practitioner, format!("/personer/{mother}")).await, StatusCode::OK);

        // The caseworker walks every id (and some beyond): only the person they referred opens,
        // and an id with nobody behind it answers as a forbidden one does.
        let caseworker = app.client_as("raadgiver").await;
        for id in 1..=mother + 3 {
            let expected = if id == w.person { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(status(&caseworker, format!("/personer/{id}")).await, expected, "person {id}");
        }
        let admin = app.client_as("admin").await;
        assert_eq!(status(&admin, format!("/personer/{child}")).await, StatusCode::OK);
        assert_eq!(status(&admin, format!("/personer/{}", mother + 100)).await, StatusCode::NOT_FOUND, "who sees everything may learn what is missing");

        let refused: Vec<_> = events(app, "read_person").await.into_iter().filter(|e| e.detail.contains("afvist")).collect();
        assert!(refused.len() >= 3 + mother as usize, "every refused page is logged: {refused:?}");
    }
}

async fn a_masked_cpr_number_cannot_be_recovered_by_search(app: &TestApp) {
    {
        // The practitioner sees Ida's number as 010215-xxxx; trying the serials is refused
        // from the first, logged, and soon rate-limited.
        let practitioner = app.client_as("behandler").await;
        let mut statuses = Vec::new();
        for serial in 4300..4379 {
            let response = practitioner.get(app.url(&format!("/personer?q=010215-{serial}"))).send().await.expect("GET");
            statuses.push(response.status());
            if serial == 4300 {
                let page = response.text().await.expect("body");
                assert!(page.contains("Du kan ikke søge på CPR-nummer"), "{page}");
            }
        }
        assert!(statuses.iter().all(|s| *s == StatusCode::FORBIDDEN || *s == StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == StatusCode::FORBIDDEN).count(), 30, "30 searches a minute, then 429");
        let response = practitioner.get(app.url("/personer?q=Ida")).send().await.expect("GET");
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(response.headers().contains_key("retry-after"));
        assert!(response.text().await.expect("body").contains("For mange søgninger"));
        // The referral form's search is the same search and the same limit.
        let referral = practitioner.get(app.url("/henvisning?q=Ida")).send().await.expect("GET").status();
        assert!(referral == StatusCode::FORBIDDEN || referral == StatusCode::TOO_MANY_REQUESTS, "{referral}");

        let searches = events(app, "search_persons").await;
        assert_eq!(searches.iter().filter(|e| e.detail.contains("afvist: cpr-søgning")).count(), 30);
        assert!(searches.iter().filter(|e| e.detail.contains("afvist: for mange søgninger")).count() >= 50);
        assert!(searches.iter().all(|e| !e.detail.contains("4321") && !e.detail.contains("010215")), "no search text in the log");

        // A caseworker sees full numbers, so may search by one (and is limited all the same).
        let caseworker = app.client_as("raadgiver").await;
        let page = caseworker.get(app.url(&format!("/personer?q={}", CPR.replace('-', "")))).send().await.expect("GET").text().await.expect("body");
        assert!(page.contains("Ida Jensen"), "{page}");
    }
}

async fn search_folds_danish_letters_finds_birth_dates_and_logs_who_was_shown(app: &TestApp, child: i64) {
    {
        let leader = app.client_as("leder").await;
        for q in ["ærø", "ÆRØ", "%C3%A6r%C3%B8"] {
            let page = leader.get(app.url(&format!("/personer?q={q}"))).send().await.expect("GET").text().await.expect("body");
            assert!(page.contains("Ærø Hansen"), "{q}: {page}");
        }
        let page = leader.get(app.url("/personer?q=01.02.2015")).send().await.expect("GET").text().await.expect("body");
        assert!(page.contains("Ida Jensen"), "by birth date: {page}");

        // Picking a person to refer shows name, birth date and masked CPR only, and the log
        // names every person shown.
        let caseworker = app.client_as("raadgiver").await;
        let referral = caseworker.get(app.url("/henvisning?q=hansen")).send().await.expect("GET").text().await.expect("body");
        assert!(referral.contains("Ærø Hansen") && !referral.contains("Familien Ærø"), "{referral}");
        let shown: Vec<_> = events(app, "search_persons").await.into_iter().filter(|e| e.detail.starts_with("henvisning") && e.person_id.is_some()).collect();
        assert!(shown.iter().any(|e| e.person_id == Some(child)), "{shown:?}");
        assert!(shown.iter().all(|e| e.user_name.as_deref() == Some("Bruger raadgiver")));
    }
}
