//! Anonymous counselling contacts: only active anonymous services take them, the domain's
//! checks hold, and the month's summary counts contacts, minutes and topics; courses number
//! their talks and hold the limit, also when two talks arrive at once; and the schema itself
//! refuses an identity.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::Access;
use familiehus_domain::anonymous::{AgeBand, AnonymousContact, Channel, Seeker, Topic};
use familiehus_domain::anonymous_course::{CourseNumber, Guidance, GuidedOnward, LimitState};
use familiehus_store::{NewTalk, Store, StoreError};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn contact(service_id: i64, on: &str, topic: Topic, minutes: u16) -> AnonymousContact {
    AnonymousContact {
        service_id,
        occurred_on: d(on),
        channel: Channel::Phone,
        seeker: Seeker::Parent,
        age_band: AgeBand::From6To12,
        topic,
        minutes,
        guidance: Guidance::default(),
    }
}

async fn anonymous_contacts_are_logged_and_counted(store: &Store) {
    let unit_id = unit(store).await;
    let mut anonymous = service("Anonym rådgivning", "§ 11.2");
    anonymous.access = Access::Anonymous;
    anonymous.in_report = false;
    let anon_id = store.create_service(unit_id, &anonymous, None).await.expect("service").id;
    let referred = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let today = d("2022-04-26");

    for (on, topic, minutes) in
        [("2022-04-01", Topic::Divorce, 45), ("2022-04-20", Topic::Divorce, 30), ("2022-04-26", Topic::School, 60), ("2022-03-31", Topic::School, 50)]
    {
        store.log_anonymous_contact(&contact(anon_id, on, topic, minutes), today).await.expect("log");
    }
    let Err(StoreError::Invalid(e)) = store.log_anonymous_contact(&contact(referred, "2022-04-26", Topic::Other, 30), today).await else {
        panic!("a referred service takes no anonymous contacts")
    };
    assert_eq!(e.0[0].field, "service_id");
    let Err(StoreError::Invalid(e)) = store.log_anonymous_contact(&contact(anon_id, "2022-04-27", Topic::Other, 0), today).await else {
        panic!("future, zero minutes")
    };
    assert_eq!(e.0.iter().map(|f| f.field).collect::<Vec<_>>(), ["occurred_on", "minutes"]);

    let april = store.anonymous_summary(d("2022-04-01"), today).await.expect("summary");
    assert_eq!(april.len(), 1);
    assert_eq!((april[0].contacts, april[0].minutes), (3, 135));
    assert_eq!(april[0].topics, vec![(Topic::Divorce, 2), (Topic::School, 1)]);
    let recent = store.recent_anonymous_talks(2).await.expect("recent");
    assert_eq!(recent.iter().map(|t| t.contact.occurred_on).collect::<Vec<_>>(), [d("2022-04-26"), d("2022-04-20")]);
}
both!(anonymous_contacts_are_logged_and_counted);

async fn anonymous_service(store: &Store, unit_id: i64, name: &str) -> i64 {
    let mut anonymous = service(name, "§ 11.2");
    anonymous.access = Access::Anonymous;
    anonymous.in_report = false;
    store.create_service(unit_id, &anonymous, None).await.expect("service").id
}

fn talk(contact: AnonymousContact, course: Option<&CourseNumber>, confirm: bool) -> NewTalk {
    NewTalk { contact, course: course.cloned(), confirm_beyond_limit: confirm, recorded_by: None }
}

fn fields(e: StoreError) -> Vec<&'static str> {
    match e {
        StoreError::Invalid(list) => list.0.iter().map(|f| f.field).collect(),
        other => panic!("expected field errors, got {other}"),
    }
}

/// A course's talks are numbered 1, 2, 3; the fourth needs the counsellor's confirmation, and a
/// refused one leaves nothing behind (not even a used number); young people have five.
async fn courses_number_their_talks_and_hold_the_limit(store: &Store) {
    let unit_id = unit(store).await;
    let anon = anonymous_service(store, unit_id, "Anonym rådgivning").await;
    let other = anonymous_service(store, unit_id, "Anonym rådgivning for unge").await;
    let today = d("2022-04-26");
    let c = |on: &str| contact(anon, on, Topic::School, 40);
    let first = store.log_anonymous_talk(&talk(c("2022-04-01"), None, false), today).await.expect("first");
    assert_eq!((first.talk_number, first.limit, first.state), (1, 3, LimitState::Within { left: 2 }));
    assert_eq!(CourseNumber::parse(first.course.as_str(), "course_number").as_ref(), Ok(&first.course), "a number the citizen can quote");
    let second = store.log_anonymous_talk(&talk(c("2022-04-08"), Some(&first.course), false), today).await.expect("second");
    assert_eq!((second.course.clone(), second.talk_number), (first.course.clone(), 2));
    let third = store.log_anonymous_talk(&talk(c("2022-04-15"), Some(&first.course), false), today).await.expect("third");
    assert_eq!(third.state, LimitState::Last);
    let refused = store.log_anonymous_talk(&talk(c("2022-04-22"), Some(&first.course), false), today).await.expect_err("past the limit");
    assert_eq!(fields(refused), ["confirm_beyond_limit"]);
    let fourth = store.log_anonymous_talk(&talk(c("2022-04-22"), Some(&first.course), true), today).await.expect("confirmed");
    assert_eq!((fourth.talk_number, fourth.state), (4, LimitState::Beyond), "the refused talk used no number");

    let unknown = CourseNumber::generate([9, 9, 9, 9, 9, 9]);
    assert_eq!(fields(store.log_anonymous_talk(&talk(c("2022-04-22"), Some(&unknown), false), today).await.expect_err("unknown")), ["course_number"]);
    let elsewhere = talk(contact(other, "2022-04-22", Topic::School, 40), Some(&first.course), false);
    assert_eq!(fields(store.log_anonymous_talk(&elsewhere, today).await.expect_err("another service's course")), ["course_number"]);

    let young = AnonymousContact { age_band: AgeBand::From23To25, ..c("2022-04-02") };
    let opened = store.log_anonymous_talk(&talk(young.clone(), None, false), today).await.expect("young");
    assert_eq!(opened.limit, 5);
    for n in 2..=5 {
        let logged = store.log_anonymous_talk(&talk(young.clone(), Some(&opened.course), false), today).await.expect("within five");
        assert_eq!(logged.talk_number, n);
    }

    let counts = store.anonymous_talk_counts(d("2022-04-01"), today).await.expect("counts");
    assert_eq!(counts.iter().map(|r| r.talks).sum::<i64>(), 9);
    assert_eq!(counts.iter().map(|r| r.first_talks).sum::<i64>(), 2, "two courses opened");
}
both!(courses_number_their_talks_and_hold_the_limit);

/// Guidance to a catalogue service names it; the counsellor's correction changes what the talk
/// recorded but not its course or number.
async fn guidance_is_recorded_and_a_talk_corrected(store: &Store) {
    let unit_id = unit(store).await;
    let anon = anonymous_service(store, unit_id, "Anonym rådgivning").await;
    let onward = store.create_service(unit_id, &service("Familiebehandling", "§ 52.3.3"), None).await.expect("service").id;
    let today = d("2022-04-26");
    let guided = AnonymousContact {
        guidance: Guidance { onward: GuidedOnward::CatalogueService, service_id: Some(onward) },
        ..contact(anon, "2022-04-26", Topic::Divorce, 30)
    };
    let logged = store.log_anonymous_talk(&NewTalk { recorded_by: None, ..talk(guided.clone(), None, false) }, today).await.expect("logged");
    let stored = store.anonymous_talk(logged.id).await.expect("read");
    assert_eq!(stored.contact, guided);
    assert_eq!((stored.course.as_ref(), stored.talk_number), (Some(&logged.course), Some(1)));
    let unnamed = AnonymousContact { guidance: Guidance { onward: GuidedOnward::CatalogueService, service_id: None }, ..guided.clone() };
    assert_eq!(fields(store.log_anonymous_talk(&talk(unnamed, None, false), today).await.expect_err("which service?")), ["guided_service_id"]);

    let corrected = AnonymousContact { topic: Topic::School, minutes: 50, guidance: Guidance::default(), ..guided };
    store.correct_anonymous_talk(logged.id, &corrected, today).await.expect("corrected");
    let stored = store.anonymous_talk(logged.id).await.expect("read");
    assert_eq!((stored.contact, stored.talk_number, stored.course), (corrected, Some(1), Some(logged.course)));
    assert!(matches!(store.anonymous_talk(logged.id + 100).await, Err(StoreError::NotFound { .. })));
}
both!(guidance_is_recorded_and_a_talk_corrected);

/// Two talks logged at the same moment on one course get two numbers, never the same one.
async fn talks_logged_at_once_on_one_course_get_their_own_numbers(store: &Store) {
    let anon = anonymous_service(store, unit(store).await, "Anonym rådgivning").await;
    let today = d("2022-04-26");
    let c = contact(anon, "2022-04-20", Topic::School, 40);
    let first = store.log_anonymous_talk(&talk(c.clone(), None, false), today).await.expect("first");
    let (a, b) = (talk(c.clone(), Some(&first.course), false), talk(c, Some(&first.course), false));
    let (x, y) = tokio::join!(store.log_anonymous_talk(&a, today), store.log_anonymous_talk(&b, today));
    let mut numbers = [x.expect("one").talk_number, y.expect("other").talk_number];
    numbers.sort();
    assert_eq!(numbers, [2, 3]);
}
both!(talks_logged_at_once_on_one_course_get_their_own_numbers);

/// The schema has no column where an identity could go: the anonymous tables hold exactly
/// these columns, and the database itself refuses a name or a CPR number in every text column
/// (each is held to its codes), while the same statement with a code is accepted.
async fn the_anonymous_tables_have_no_place_for_an_identity(store: &Store) {
    let columns: Vec<String> =
        store.schema_columns().await.expect("schema").into_iter().filter(|(t, _)| t.starts_with("anonymous_")).map(|(t, c)| format!("{t}.{c}")).collect();
    assert_eq!(
        columns,
        [
            "anonymous_contacts.age_band",
            "anonymous_contacts.channel",
            "anonymous_contacts.course_id",
            "anonymous_contacts.guided_onward",
            "anonymous_contacts.guided_service_id",
            "anonymous_contacts.id",
            "anonymous_contacts.minutes",
            "anonymous_contacts.occurred_on",
            "anonymous_contacts.recorded_by",
            "anonymous_contacts.recorded_on",
            "anonymous_contacts.seeker",
            "anonymous_contacts.service_id",
            "anonymous_contacts.talk_number",
            "anonymous_contacts.topic",
            "anonymous_courses.id",
            "anonymous_courses.number",
            "anonymous_courses.opened_on",
            "anonymous_courses.service_id",
            "anonymous_courses.talks",
        ],
        "a new column in an anonymous table must be shown here to hold no identity"
    );
    let anon = anonymous_service(store, unit(store).await, "Anonym rådgivning").await;
    let identity = "'Anna Hansen 010203-1234'";
    let values = [
        ("occurred_on", "'2022-04-26'"),
        ("channel", "'phone'"),
        ("seeker", "'parent'"),
        ("age_band", "'6-12'"),
        ("topic", "'divorce'"),
        ("guided_onward", "'none'"),
        ("recorded_on", "'2022-04-26'"),
    ];
    let insert = |replace: Option<&str>| {
        let names: Vec<&str> = values.iter().map(|(c, _)| *c).collect();
        let vals: Vec<&str> = values.iter().map(|(c, v)| if Some(*c) == replace { identity } else { *v }).collect();
        format!("INSERT INTO anonymous_contacts (service_id, minutes, {}) VALUES ({anon}, 30, {})", names.join(", "), vals.join(", "))
    };
    store.raw_execute(&insert(None)).await.expect("the statement itself is sound");
    for (column, _) in values {
        assert!(store.raw_execute(&insert(Some(column))).await.is_err(), "{column} took a name and a CPR number");
    }
    let course = |number: &str| format!("INSERT INTO anonymous_courses (number, service_id, opened_on) VALUES ({number}, {anon}, '2022-04-26')");
    store.raw_execute(&course("'A-7K3Q-92'")).await.expect("a course number");
    for number in [identity, "'A-ANNA-HANSEN'", "'A-0102-03'"] {
        assert!(store.raw_execute(&course(number)).await.is_err(), "{number} as a course number");
    }
}
both!(the_anonymous_tables_have_no_place_for_an_identity);
