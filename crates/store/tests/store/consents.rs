//! Consents and decisions through the store, on both databases: the demo records what the
//! services' rules ask for on their started cases (§ 109 stk. 5 the mother's consent before the
//! start, both parents' for § 71.2, § 71.3 the decision before the start), with who recorded
//! it; waiting cases get none (their case pages say what is missing).

use chrono::NaiveDate;
use familiehus_store::{NewUser, Store};
use familiehus_test_support::both;

async fn the_demo_records_what_the_rules_ask_for(store: &Store) {
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).expect("date");
    familiehus_store::seed::demo::seed_demo(store, today).await.expect("demo");
    let unit_id = store.unit_by_name("Familiehuset").await.expect("unit").expect("Familiehuset").id;
    let new = NewUser {
        username: "behandler".into(),
        display_name: "Bente Behandler".into(),
        role: familiehus_domain::Role::Practitioner,
        unit_id: Some(unit_id),
        password_hash: "$argon2id$fake".into(),
    };
    let practitioner = store.create_user(&new).await.expect("user").id;
    assert!(store.seed_demo_consents(practitioner).await.expect("seed") > 0);
    let (mut before_start, mut decisions, mut waiting) = (0, 0, 0);
    for s in store.list_services().await.expect("services") {
        let rules = &s.service.rules;
        for case in store.cases_of_service(s.id).await.expect("cases") {
            let consents = store.consents(case.id).await.expect("consents");
            let Some(started) = case.case.started_on() else {
                assert!(consents.is_empty(), "a waiting case has none yet");
                waiting += 1;
                continue;
            };
            if rules.requires_consent {
                let by = if rules.consent_before_report { "Begge forældre" } else { "Mor" };
                assert!(consents.iter().any(|c| c.given_on <= started && c.given_by == by), "case {}", case.id);
                assert_eq!(consents[0].recorded_by_name.as_deref(), Some("Bente Behandler"));
                before_start += 1;
            }
            if rules.requires_decision {
                let d = store.decision(case.id).await.expect("decision").expect("a decision before the start");
                assert!(d.decided_on <= started && !d.supervisor.is_empty());
                decisions += 1;
            }
        }
    }
    assert!(before_start > 0 && decisions > 0 && waiting > 0, "{before_start} {decisions} {waiting}");
}

both!(the_demo_records_what_the_rules_ask_for);
