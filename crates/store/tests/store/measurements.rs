//! Goals and measurements through the store: goals with their ratings by date, an ended goal
//! kept with its ratings and not ended twice, scores by date, the timeline events of goals and
//! ratings, the ORS/SRS of running cases within a scope only, and the schema's last guard
//! against a rating outside 1–10.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::off_track::{OffTrackRule, Point, flags};
use familiehus_domain::{CaseScope, ReferralSource};
use familiehus_store::{NewCase, PersonInput, Store, StoreError};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

async fn enrol(store: &Store, service_id: i64, name: &str) -> i64 {
    store
        .enrol_case(&NewCase {
            service_id,
            person: PersonInput::New { name: name.into(), birth_date: None },
            referral_source: ReferralSource::AuthorityDecision,
            enrolled_on: d("2022-01-03"),
            note: String::new(),
            referred_by_user_id: None,
            assigned_user_id: None,
        })
        .await
        .expect("enrol")
        .id
}

async fn goals_ratings_and_scores_are_kept_by_date(store: &Store) {
    let unit_id = unit(store).await;
    let service_id = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let case = enrol(store, service_id, "Ida Jensen").await;
    store.start_case(case, d("2022-01-10"), None).await.expect("start");
    let waiting = enrol(store, service_id, "Bo Hansen").await;

    let mut tx = store.begin().await.expect("begin");
    let sleep = tx.add_goal(case, "child", "Jeg vil sove i min egen seng.", d("2022-01-10"), None).await.expect("goal");
    let dinner = tx.add_goal(case, "family", "Vi spiser sammen.", d("2022-01-12"), None).await.expect("goal");
    tx.rate_goals(case, d("2022-03-01"), &[(sleep, 6), (dinner, 4)], None).await.expect("rate");
    tx.rate_goals(case, d("2022-01-20"), &[(sleep, 2)], None).await.expect("rate");
    tx.end_goal(case, dinner, d("2022-03-02"), None).await.expect("end");
    for (on, ors, srs) in [("2022-02-01", 18, 38), ("2022-01-15", 15, 37)] {
        tx.add_measurement(case, "ors", d(on), ors, None).await.expect("ors");
        tx.add_measurement(case, "srs", d(on), srs, None).await.expect("srs");
    }
    tx.add_measurement(waiting, "ors", d("2022-01-15"), 20, None).await.expect("a waiting case's score");
    tx.commit().await.expect("commit");

    let goals = store.goals(case).await.expect("goals");
    assert_eq!(goals.iter().map(|g| g.text.as_str()).collect::<Vec<_>>(), ["Jeg vil sove i min egen seng.", "Vi spiser sammen."]);
    assert_eq!(goals[0].ratings.iter().map(|r| (r.rated_on, r.rating)).collect::<Vec<_>>(), [(d("2022-01-20"), 2), (d("2022-03-01"), 6)], "by date");
    assert_eq!(goals[1].ended_on, Some(d("2022-03-02")));
    assert_eq!(goals[1].ratings.len(), 1, "an ended goal keeps its ratings");

    let mut tx = store.begin().await.expect("begin");
    assert!(matches!(tx.end_goal(case, dinner, d("2022-03-03"), None).await, Err(StoreError::Invalid(_))), "ended once");
    drop(tx);

    let scores = store.measurements(case).await.expect("scores");
    assert_eq!(scores.iter().map(|m| (m.instrument.as_str(), m.score)).collect::<Vec<_>>(), [("ors", 15), ("srs", 37), ("ors", 18), ("srs", 38)]);

    let kinds: Vec<String> = store.case_timeline(case).await.expect("timeline").into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds.iter().filter(|k| *k == "goal_set").count(), 2, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| *k == "goals_rated").count(), 2, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| *k == "goal_ended").count(), 1, "{kinds:?}");

    let running = store.running_ors_srs(CaseScope::Unit(unit_id), 1000).await.expect("running");
    assert_eq!(running.len(), 4, "the waiting case's score is not a running case's: {running:?}");
    assert!(running.iter().all(|(c, ..)| *c == case));
    assert_eq!(running[0].2, d("2022-01-15"), "in date order");
    assert!(store.running_ors_srs(CaseScope::Unit(unit_id + 1000), 1000).await.expect("other unit").is_empty(), "another unit sees none");

    let mut tx = store.begin().await.expect("begin");
    assert!(tx.rate_goals(case, d("2022-03-01"), &[(sleep, 11)], None).await.is_err(), "the schema refuses a rating over 10");
}

both!(goals_ratings_and_scores_are_kept_by_date);

/// The demo: goals, ratings and scores on the practitioner's unit, with both kinds of flag,
/// and the 2022 report's cases untouched (their dates are not written).
async fn the_demo_shows_goals_scores_and_flags(store: &Store) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    familiehus_store::seed::demo::seed_demo(store, today).await.expect("demo");
    let unit_id = store.unit_by_name("Familiehuset").await.expect("unit").expect("Familiehuset").id;
    let practitioner = store
        .create_user(&familiehus_store::NewUser {
            username: "behandler".into(),
            display_name: "Bente Behandler".into(),
            role: familiehus_domain::Role::Practitioner,
            unit_id: Some(unit_id),
            password_hash: "$argon2id$fake".into(),
        })
        .await
        .expect("user")
        .id;
    assert_eq!(store.seed_demo_measurements(unit_id, practitioner, today).await.expect("seed"), 10);
    let rows = store.running_ors_srs(CaseScope::Unit(unit_id), 100_000).await.expect("scores");
    let mut by_case: std::collections::BTreeMap<i64, (Vec<Point>, Vec<Point>)> = std::collections::BTreeMap::new();
    for (case, instrument, on, score) in rows {
        let e = by_case.entry(case).or_default();
        if instrument == "ors" { e.0.push(Point { on, score }) } else { e.1.push(Point { on, score }) }
    }
    let rules: Vec<OffTrackRule> = by_case.values().flat_map(|(ors, srs)| flags(ors, srs)).map(|f| f.rule).collect();
    assert!(rules.contains(&OffTrackRule::OrsNoImprovement) && rules.contains(&OffTrackRule::SrsFalling), "{rules:?}");
    assert!(by_case.len() == 10 && rules.len() < 6, "most demo cases improve: {rules:?}");
}

both!(the_demo_shows_goals_scores_and_flags);
