//! Users, sessions, persons and the append-only access log with its hash chain.

use chrono::{Duration, Utc};
use familiehus_domain::AuditAction;
use familiehus_domain::{Cpr, Role};
use familiehus_store::{AuditEntry, NewPerson, NewUser, Store, StoreError};
use familiehus_test_support::both;

fn new_user(username: &str, role: Role) -> NewUser {
    NewUser { username: username.into(), display_name: "Test Bruger".into(), role, unit_id: None, password_hash: "$argon2id$fake".into() }
}

async fn users_and_sessions(store: &Store) {
    let user = store.create_user(&new_user(" Leder ", Role::UnitLeader)).await.expect("user");
    assert_eq!(user.username, "leder");
    let Err(StoreError::Invalid(e)) = store.create_user(&new_user("leder", Role::Admin)).await else { panic!("duplicate username") };
    assert_eq!(e.0[0].field, "username");
    assert_eq!(store.user_by_username("LEDER").await.expect("lookup").map(|u| u.id), Some(user.id));

    let until = Utc::now() + Duration::minutes(15);
    let after = store.record_failed_login(user.id, 2, until).await.expect("fail");
    assert_eq!((after.failed_logins, after.locked_until), (1, None));
    let locked = store.record_failed_login(user.id, 2, until).await.expect("fail");
    assert_eq!(locked.failed_logins, 2);
    assert!(locked.locked_until.is_some(), "the second failure reaches the limit");
    assert_eq!(store.user(user.id).await.expect("user"), locked, "the account as returned is the account as stored");
    assert!(!store.record_successful_login(user.id, Utc::now()).await.expect("refused"), "locked: nothing cleared");
    assert_eq!(store.user(user.id).await.expect("user").failed_logins, 2);
    assert!(store.record_successful_login(user.id, until + Duration::seconds(1)).await.expect("reset"), "the lock has run out");
    assert_eq!(store.user(user.id).await.expect("user").failed_logins, 0);
    assert!(matches!(store.record_failed_login(999_999, 2, until).await, Err(StoreError::NotFound { .. })));

    let now = Utc::now();
    store.create_session("hash-live", user.id, "csrf", now + Duration::hours(8)).await.expect("session");
    store.create_session("hash-old", user.id, "csrf", now - Duration::seconds(1)).await.expect("session");
    assert_eq!(store.session("hash-live", now).await.expect("session").map(|(u, c)| (u.id, c)), Some((user.id, "csrf".into())));
    assert_eq!(store.session("hash-old", now).await.expect("session"), None);
    store.delete_session("hash-live").await.expect("logout");
    assert_eq!(store.session("hash-live", now).await.expect("session"), None);

    // Deactivation ends every session at once and survives a new session attempt.
    store.create_session("hash-again", user.id, "csrf", now + Duration::hours(8)).await.expect("session");
    assert!(!store.set_user_active(user.id, false).await.expect("deactivate").active);
    assert_eq!(store.session("hash-again", now).await.expect("session"), None);
    store.create_session("hash-after", user.id, "csrf", now + Duration::hours(8)).await.expect("session");
    assert_eq!(store.session("hash-after", now).await.expect("session"), None, "an inactive user has no live session");
    assert!(store.set_user_active(user.id, true).await.expect("reactivate").active);
    assert!(matches!(store.set_user_active(999_999, false).await, Err(StoreError::NotFound { .. })));

    // A new role and password: sessions end, a lockout is lifted.
    store.record_failed_login(user.id, 1, now + Duration::minutes(15)).await.expect("lock");
    store.create_session("hash-before", user.id, "csrf", now + Duration::hours(8)).await.expect("session");
    let changed = store.update_user(user.id, "Lene Hansen", Role::Analyst, None, Some("new-hash")).await.expect("update");
    assert_eq!(
        (changed.display_name.as_str(), changed.role, changed.unit_id, changed.password_hash.as_str()),
        ("Lene Hansen", Role::Analyst, None, "new-hash")
    );
    assert_eq!((changed.failed_logins, changed.locked_until), (0, None));
    assert_eq!(store.session("hash-before", now).await.expect("session"), None);
    let kept = store.update_user(user.id, "Lene Hansen", Role::Analyst, None, None).await.expect("update");
    assert_eq!(kept.password_hash, "new-hash", "no new password keeps the old one");
    assert!(matches!(store.update_user(user.id, " ", Role::Analyst, None, None).await, Err(StoreError::Invalid(_))));
}
both!(users_and_sessions);

/// More parallel wrong passwords than the limit: each is counted once, the one that reaches the
/// limit locks, and the lock holds against the right password afterwards.
async fn parallel_failures_are_each_counted_and_lock_once(store: &Store) {
    const LIMIT: i64 = 5;
    const ATTEMPTS: usize = 23;
    let user = store.create_user(&new_user("gaet", Role::Practitioner)).await.expect("user");
    let now = Utc::now();
    let until = now + Duration::minutes(15);
    let attempts = (0..ATTEMPTS).map(|_| {
        let store = store.clone();
        tokio::spawn(async move { store.record_failed_login(user.id, LIMIT, until).await.expect("fail").failed_logins })
    });
    let mut counts = Vec::new();
    for attempt in attempts.collect::<Vec<_>>() {
        counts.push(attempt.await.expect("task"));
    }
    counts.sort_unstable();
    assert_eq!(counts, (1..=ATTEMPTS as i64).collect::<Vec<_>>(), "every failure counted once, none lost to a parallel one");
    let after = store.user(user.id).await.expect("user");
    assert_eq!(after.failed_logins, ATTEMPTS as i64);
    assert!(after.locked_until.is_some_and(|t| t > now), "locked");
    assert!(!store.record_successful_login(user.id, now).await.expect("refused"), "the right password does not lift the lock");
    assert_eq!(store.user(user.id).await.expect("user").failed_logins, ATTEMPTS as i64);
}
both!(parallel_failures_are_each_counted_and_lock_once);

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

    assert_eq!(store.search_persons("jensen").await.expect("search").len(), 2);
    assert_eq!(store.search_persons("0102154321").await.expect("search").iter().map(|p| p.id).collect::<Vec<_>>(), [child.id]);
    assert_eq!(store.search_persons("%").await.expect("search").len(), 1, "LIKE wildcards are literal");
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
