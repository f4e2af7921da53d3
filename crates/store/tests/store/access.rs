//! Users, sessions, persons and the append-only access log with its hash chain.

use chrono::{Duration, Utc};
use familiehus_domain::AuditAction;
use familiehus_domain::{Cpr, Role};
use familiehus_store::{AuditEntry, NewPerson, NewUser, Store, StoreError};
use familiehus_test_support::both;

const IDLE: Duration = Duration::minutes(60);

fn new_user(username: &str, role: Role) -> NewUser {
    NewUser { username: username.into(), display_name: "Test Bruger".into(), role, unit_id: None, password_hash: "$argon2id$fake".into() }
}

async fn users_and_sessions(store: &Store) {
    let user = store.create_user(&new_user(" Leder ", Role::UnitLeader)).await.expect("user");
    assert_eq!(user.username, "leder");
    let Err(StoreError::Invalid(e)) = store.create_user(&new_user("leder", Role::Admin)).await else { panic!("duplicate username") };
    assert_eq!(e.0[0].field, "username");
    assert_eq!(store.user_by_username("LEDER").await.expect("lookup").map(|u| u.id), Some(user.id));

    assert_eq!(store.count_failed_login(user.id).await.expect("fail"), 1);
    assert_eq!(store.count_failed_login(user.id).await.expect("fail"), 2);
    let counted = store.user(user.id).await.expect("user");
    assert_eq!((counted.failed_logins, counted.locked_until), (2, None), "counted, never locked");
    store.record_successful_login(user.id).await.expect("reset");
    assert_eq!(store.user(user.id).await.expect("user").failed_logins, 0);
    assert!(matches!(store.count_failed_login(999_999).await, Err(StoreError::NotFound { .. })));

    let now = Utc::now();
    store.create_session("hash-live", user.id, "csrf", now + Duration::hours(8)).await.expect("session");
    store.create_session("hash-old", user.id, "csrf", now - Duration::seconds(1)).await.expect("session");
    assert_eq!(store.session("hash-live", now, IDLE).await.expect("session").map(|(u, c)| (u.id, c)), Some((user.id, "csrf".into())));
    assert_eq!(store.session("hash-old", now, IDLE).await.expect("session"), None);
    store.delete_session("hash-live").await.expect("logout");
    assert_eq!(store.session("hash-live", now, IDLE).await.expect("session"), None);

    // Idle: a session used now lives on within the idle limit and ends when unused beyond it,
    // although its 8 hours have not run out.
    store.create_session("hash-idle", user.id, "csrf", now + Duration::hours(8)).await.expect("session");
    assert!(store.session("hash-idle", now, IDLE).await.expect("session").is_some());
    assert!(store.session("hash-idle", now + Duration::minutes(59), IDLE).await.expect("session").is_some(), "used again: the clock restarts");
    assert!(store.session("hash-idle", now + Duration::minutes(118), IDLE).await.expect("session").is_some());
    assert_eq!(store.session("hash-idle", now + Duration::minutes(180), IDLE).await.expect("session"), None, "an hour unused");
    assert_eq!(store.session("hash-idle", now + Duration::minutes(181), IDLE).await.expect("session"), None, "and gone");

    // Deactivation ends every session at once and survives a new session attempt.
    store.create_session("hash-again", user.id, "csrf", now + Duration::hours(8)).await.expect("session");
    assert!(!store.set_user_active(user.id, false).await.expect("deactivate").active);
    assert_eq!(store.session("hash-again", now, IDLE).await.expect("session"), None);
    store.create_session("hash-after", user.id, "csrf", now + Duration::hours(8)).await.expect("session");
    assert_eq!(store.session("hash-after", now, IDLE).await.expect("session"), None, "an inactive user has no live session");
    assert!(store.set_user_active(user.id, true).await.expect("reactivate").active);
    assert!(matches!(store.set_user_active(999_999, false).await, Err(StoreError::NotFound { .. })));

    // A new role and password: sessions end, the failure count is cleared.
    store.count_failed_login(user.id).await.expect("fail");
    store.create_session("hash-before", user.id, "csrf", now + Duration::hours(8)).await.expect("session");
    let changed = store.update_user(user.id, "Lene Hansen", Role::Analyst, None, Some("new-hash")).await.expect("update");
    assert_eq!(
        (changed.display_name.as_str(), changed.role, changed.unit_id, changed.password_hash.as_str()),
        ("Lene Hansen", Role::Analyst, None, "new-hash")
    );
    assert_eq!((changed.failed_logins, changed.locked_until), (0, None));
    assert_eq!(store.session("hash-before", now, IDLE).await.expect("session"), None);
    let kept = store.update_user(user.id, "Lene Hansen", Role::Analyst, None, None).await.expect("update");
    assert_eq!(kept.password_hash, "new-hash", "no new password keeps the old one");
    assert!(matches!(store.update_user(user.id, " ", Role::Analyst, None, None).await, Err(StoreError::Invalid(_))));
}
both!(users_and_sessions);

/// Parallel wrong passwords are each counted once (one statement, no read-then-write).
async fn parallel_failures_are_each_counted_once(store: &Store) {
    const ATTEMPTS: usize = 23;
    let user = store.create_user(&new_user("gaet", Role::Practitioner)).await.expect("user");
    let attempts = (0..ATTEMPTS).map(|_| {
        let store = store.clone();
        tokio::spawn(async move { store.count_failed_login(user.id).await.expect("fail") })
    });
    let mut counts = Vec::new();
    for attempt in attempts.collect::<Vec<_>>() {
        counts.push(attempt.await.expect("task"));
    }
    counts.sort_unstable();
    assert_eq!(counts, (1..=ATTEMPTS as i64).collect::<Vec<_>>(), "every failure counted once, none lost to a parallel one");
    assert_eq!(store.user(user.id).await.expect("user").failed_logins, ATTEMPTS as i64);
}
both!(parallel_failures_are_each_counted_once);

async fn persons_are_found_by_name_or_cpr(store: &Store) {
    let family = store.create_family("Familien Jensen").await.expect("family");
    let cpr = Cpr::parse("010215-4321").expect("cpr");
    let child = store
        .create_person(&NewPerson {
            name: "Ida Jensen".into(),
            cpr: Some(cpr.clone()),
            family_id: Some(family),
            family_role: Some("barn".into()),
            ..Default::default()
        })
        .await
        .expect("person");
    assert_eq!(child.birth_date, cpr.birth_date(), "birth date taken from the CPR number");
    store.create_person(&NewPerson { name: "Per Jensen".into(), family_id: Some(family), ..Default::default() }).await.expect("person");
    store.create_person(&NewPerson { name: "100% Hansen_x".into(), ..Default::default() }).await.expect("person");

    assert_eq!(store.search_persons(&familiehus_domain::PersonQuery::parse("jensen").expect("query")).await.expect("search").len(), 2);
    assert_eq!(
        store
            .search_persons(&familiehus_domain::PersonQuery::parse("0102154321").expect("query"))
            .await
            .expect("search")
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        [child.id]
    );
    assert_eq!(store.search_persons(&familiehus_domain::PersonQuery::parse("%").expect("query")).await.expect("search").len(), 1, "LIKE wildcards are literal");
    assert_eq!(store.family_members(family).await.expect("family").len(), 2);
    let dup = store.create_person(&NewPerson { name: "Dublet".into(), cpr: Some(cpr), ..Default::default() }).await;
    assert!(matches!(dup, Err(StoreError::Invalid(_))));
}
both!(persons_are_found_by_name_or_cpr);

async fn the_access_log_is_append_only_and_chained(store: &Store) {
    let user = store.create_user(&new_user("behandler", Role::Practitioner)).await.expect("user");
    for (i, action) in [AuditAction::ReadCase, AuditAction::StartCase, AuditAction::ReadCase].into_iter().enumerate() {
        let entry =
            AuditEntry { user_id: Some(user.id), action, case_id: Some(7), person_id: Some(3), detail: format!("event {i}"), remote: "127.0.0.1".into() };
        store.append_audit(&entry).await.expect("append");
    }
    let events = store.audit_for_case(7).await.expect("events");
    assert_eq!(events.len(), 3);
    assert_eq!(events[0].user_name.as_deref(), Some("Test Bruger"));
    assert_eq!(store.verify_audit_chain().await.expect("verify"), Ok(3));
    assert!(store.raw_execute("UPDATE audit_events SET detail = 'x'").await.is_err(), "updates are refused");
    assert!(store.raw_execute("DELETE FROM audit_events").await.is_err(), "deletes are refused");
    assert_eq!(store.verify_audit_chain().await.expect("verify"), Ok(3));
}
both!(the_access_log_is_append_only_and_chained);

/// Many readers logging at once: the log writer appends them in batches, each request answered
/// after its batch is committed, and the chain stays one line.
async fn concurrent_reads_are_logged_in_one_chain(store: &Store) {
    let user = store.create_user(&new_user("behandler", Role::Practitioner)).await.expect("user");
    let mut tasks = Vec::new();
    for i in 0..200 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let entry = AuditEntry { user_id: Some(user.id), case_id: Some(i), detail: format!("read {i}"), ..AuditEntry::new(AuditAction::ReadCase) };
            store.log_access(vec![entry]).await
        }));
    }
    for task in tasks {
        task.await.expect("task").expect("logged");
    }
    assert_eq!(store.verify_audit_chain().await.expect("verify"), Ok(200));
    assert_eq!(store.audit_for_case(17).await.expect("events").len(), 1, "each entry once");
}
both!(concurrent_reads_are_logged_in_one_chain);

/// A change's log entry is written by its transaction's commit, and not at all without it.
async fn a_change_and_its_log_entry_commit_together(store: &Store) {
    let user = store.create_user(&new_user("behandler", Role::Practitioner)).await.expect("user");
    let entry = AuditEntry { user_id: Some(user.id), case_id: Some(5), ..AuditEntry::new(AuditAction::StartCase) };
    let mut tx = store.begin().await.expect("begin");
    tx.log(entry.clone());
    drop(tx);
    assert!(store.audit_for_case(5).await.expect("events").is_empty(), "a dropped transaction logs nothing");
    let mut tx = store.begin().await.expect("begin");
    tx.log(entry);
    tx.commit().await.expect("commit");
    assert_eq!(store.audit_for_case(5).await.expect("events").len(), 1);
    store.append_audit(&AuditEntry { case_id: Some(5), ..AuditEntry::new(AuditAction::ReadCase) }).await.expect("read");
    assert_eq!(store.verify_audit_chain().await.expect("verify"), Ok(2), "both paths append to one chain");
}
both!(a_change_and_its_log_entry_commit_together);
