//! Demo only: the family house's ways in and its reach. Familiehuset's preventive services
//! (ladder steps 1–2) allow the leader's admission, direct contact and walk-in; 48 new cases
//! over the last eleven months on two of them came in every way, from health visitors,
//! midwives, GPs, the families themselves and the street — a third opened in pregnancy (some
//! born since), a third after the birth — and half have started, with talks where the mother,
//! and in some the father, took part. All enrolled long after 2022, so the 2022 report's cases
//! are untouched.

use crate::{NewCase, PersonInput, Store, StoreError};
use chrono::{Duration, NaiveDate};
use familiehus_domain::access_route::{AccessRoute, OPTIONAL_ROUTES};
use familiehus_domain::journal::{Contact, ContactKind, ContactPlace, Participant, StartTime};
use familiehus_domain::{Access, ReferralSource, ServiceStatus};
use rand::SeedableRng;
use rand::rngs::StdRng;

const ROUTES: [AccessRoute; 6] = [
    AccessRoute::LeaderAdmission,
    AccessRoute::DirectContact,
    AccessRoute::WalkIn,
    AccessRoute::AuthorityReferral,
    AccessRoute::LeaderAdmission,
    AccessRoute::WalkIn,
];
const SOURCES: [ReferralSource; 5] =
    [ReferralSource::HealthVisitor, ReferralSource::Midwife, ReferralSource::GeneralPractitioner, ReferralSource::SelfReferral, ReferralSource::HealthVisitor];

impl Store {
    /// Seeds the ways in and the reach cases in `unit_id`, carried by `practitioner_id`.
    /// Returns the number of cases.
    pub async fn seed_demo_access(&self, unit_id: i64, practitioner_id: i64, today: NaiveDate) -> Result<usize, StoreError> {
        let mut preventive: Vec<_> = self
            .list_services()
            .await?
            .into_iter()
            .filter(|s| {
                s.unit_id == unit_id && s.service.status == ServiceStatus::Active && s.service.access != Access::Anonymous && s.service.ladder_step <= 2
            })
            .collect();
        preventive.sort_by_key(|s| (!s.service.name.starts_with("Efterfødsel"), !s.service.name.starts_with("Rådgivning"), s.id));
        let targets: Vec<i64> = preventive.iter().take(2).map(|s| s.id).collect();
        if targets.is_empty() {
            return Ok(0);
        }
        let mut rng = StdRng::seed_from_u64(11);
        let mut tx = self.begin().await?;
        for s in &preventive {
            tx.set_service_access_routes(s.id, &OPTIONAL_ROUTES).await?;
        }
        let n: u32 = 48;
        for i in 0..n {
            let enrolled_on = today - Duration::days(i64::from(i) * 7 + 3);
            let route = ROUTES[i as usize % ROUTES.len()];
            let source = if route == AccessRoute::WalkIn { ReferralSource::WalkIn } else { SOURCES[i as usize % SOURCES.len()] };
            let (birth_date, expected) = match i % 3 {
                0 => (None, Some(enrolled_on + Duration::days(70))),
                1 => {
                    let due = enrolled_on + Duration::days(30);
                    if due <= today { (Some(due), Some(due)) } else { (None, Some(due)) }
                }
                _ => (Some(enrolled_on - Duration::days(150 + i64::from(i) * 3)), None),
            };
            let name = if birth_date.is_some() {
                super::names::random_name(&mut rng)
            } else {
                format!("Ufødt barn af {}", super::names::random_name(&mut rng).split(' ').next_back().unwrap_or("Jensen"))
            };
            let new = NewCase {
                service_id: targets[i as usize % targets.len()],
                person: PersonInput::New { name, birth_date },
                referral_source: source,
                enrolled_on,
                note: "Demo: familie i familiehuset.".into(),
                referred_by_user_id: None,
                assigned_user_id: Some(practitioner_id),
            };
            let record = tx.enrol_case(&new).await?;
            tx.record_access_route(record.id, route, expected).await?;
            let started_on = enrolled_on + Duration::days(7);
            if i % 2 == 0 && started_on < today {
                tx.start_case(record.id, started_on, Some(practitioner_id)).await?;
                let participants = if i % 4 == 0 { vec![Participant::Mother, Participant::Father] } else { vec![Participant::Mother, Participant::Child] };
                let contact = Contact {
                    kind: ContactKind::Talk,
                    occurred_on: started_on,
                    start: StartTime::new(10, 0).unwrap_or(StartTime::MIDNIGHT),
                    minutes: 60,
                    place: ContactPlace::Unit,
                    participants,
                    practitioners: vec![practitioner_id],
                    note: "Første samtale i familiehuset.".into(),
                    flexible: false,
                    family_may_read: false,
                    group_cases: Vec::new(),
                };
                tx.add_journal_entry(record.id, &contact, Some(practitioner_id)).await?;
            }
        }
        tx.commit().await?;
        Ok(n as usize)
    }
}
