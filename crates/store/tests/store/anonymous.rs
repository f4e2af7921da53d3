//! Anonymous counselling contacts: only active anonymous services take them, the domain's
//! checks hold, and the month's summary counts contacts, minutes and topics.

use crate::catalogue::{service, unit};
use chrono::NaiveDate;
use familiehus_domain::Access;
use familiehus_domain::anonymous::{AgeBand, AnonymousContact, Channel, Seeker, Topic};
use familiehus_store::{Store, StoreError};
use familiehus_test_support::both;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn contact(service_id: i64, on: &str, topic: Topic, minutes: u16) -> AnonymousContact {
    AnonymousContact { service_id, occurred_on: d(on), channel: Channel::Phone, seeker: Seeker::Parent, age_band: AgeBand::From6To12, topic, minutes }
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
    let recent = store.recent_anonymous_contacts(2).await.expect("recent");
    assert_eq!(recent.iter().map(|(_, c)| c.occurred_on).collect::<Vec<_>>(), [d("2022-04-26"), d("2022-04-20")]);
}
both!(anonymous_contacts_are_logged_and_counted);
