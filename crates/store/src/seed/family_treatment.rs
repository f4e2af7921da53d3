//! Demo only: strengthened family treatment on the demo practitioner's two most recently started
//! running cases of a service marked as such (the demo catalogue marks Familiehuset's
//! "Familiebehandling"): the three phases (one case in phase 2, one in phase 3), two network
//! snapshots that differ (one added, one gone, one closer), and contacts that are planned or
//! flexible (an early-morning visit), some marked for the family's log. Invented for the demo.

use crate::{Store, StoreError};
use chrono::{Duration, NaiveDate};
use familiehus_domain::family_treatment::{PhaseDates, Phases};
use familiehus_domain::journal::{Contact, ContactKind, ContactPlace, Participant, StartTime};
use familiehus_domain::network_map::{Closeness, NetworkMap, NetworkPerson};

/// A demo contact: kind, start (hour, minute), minutes, flexible, family may read, note.
type DemoContact = (ContactKind, (u8, u8), u16, bool, bool, &'static str);

const CONTACTS: [DemoContact; 5] = [
    (ContactKind::HomeVisit, (6, 45), 75, true, true, "Morgenbesøg: vi øvede morgenrutinen sammen, og børnene kom i skole til tiden."),
    (ContactKind::Talk, (10, 0), 60, false, true, "Samtale om målene. I fortalte, at aftenerne er blevet roligere."),
    (ContactKind::HomeVisit, (15, 30), 90, false, false, "Gennemgang af sikkerhedsplanen med teamet forud for netværksmødet."),
    (ContactKind::Meeting, (17, 0), 90, true, true, "Netværksmøde med mormor og naboen om hjælp til hentning."),
    (ContactKind::Phone, (12, 0), 15, false, false, "Kort opfølgning med skolen om fremmøde."),
];

fn people(list: &[(&str, &str, Closeness)]) -> Vec<NetworkPerson> {
    list.iter().map(|(name, relation, closeness)| NetworkPerson { name: (*name).into(), relation: (*relation).into(), closeness: *closeness }).collect()
}

impl Store {
    /// Gives up to two started, running cases of `unit_id`'s strengthened family treatment
    /// services (started at least 90 days before `today`) phases, two network maps and five
    /// contacts. Returns the number of cases given them.
    pub async fn seed_demo_family_treatment(
        &self,
        unit_id: i64,
        practitioner_id: i64,
        colleague_id: Option<i64>,
        today: NaiveDate,
    ) -> Result<usize, StoreError> {
        let sql = "SELECT c.id, c.started_on FROM cases c JOIN services s ON s.id = c.service_id \
            WHERE s.unit_id = $1 AND s.family_treatment = TRUE AND c.started_on IS NOT NULL AND c.started_on <= $2 AND c.closed_on IS NULL \
            ORDER BY c.started_on DESC, c.id LIMIT 2";
        let cutoff = today - Duration::days(90);
        let cases: Vec<(i64, NaiveDate)> = crate::with_pool!(self, pool => sqlx::query_as(sql).bind(unit_id).bind(cutoff).fetch_all(pool).await)?;
        let mut tx = self.begin().await?;
        for (n, (case_id, started_on)) in cases.iter().copied().enumerate() {
            let days = (today - started_on).num_days();
            let at = |share: i64| started_on + Duration::days(days * share / 100);
            let phase1 = PhaseDates { starts_on: Some(started_on), ends_on: Some(at(15)) };
            let phase2_start = at(15) + Duration::days(1);
            let phases = if n == 0 {
                Phases([phase1, PhaseDates { starts_on: Some(phase2_start), ends_on: None }, PhaseDates::default()])
            } else {
                Phases([
                    phase1,
                    PhaseDates { starts_on: Some(phase2_start), ends_on: Some(at(85)) },
                    PhaseDates { starts_on: Some(at(85) + Duration::days(1)), ends_on: None },
                ])
            };
            tx.save_phases(case_id, &phases, Some(practitioner_id)).await?;
            let first = people(&[
                ("Mormor Inge", "Mormor", Closeness::Medium),
                ("Ali", "Nabo", Closeness::Distant),
                ("Bente", "Pædagog i børnehaven", Closeness::Medium),
                ("Onkel Per", "Morbror", Closeness::Distant),
            ]);
            let second = people(&[
                ("Mormor Inge", "Mormor", Closeness::Close),
                ("Ali", "Nabo", Closeness::Medium),
                ("Bente", "Pædagog i børnehaven", Closeness::Medium),
                ("Sara", "Fodboldtræner", Closeness::Distant),
            ]);
            tx.add_network_map(case_id, &NetworkMap { taken_on: at(20), people: first }, Some(practitioner_id)).await?;
            tx.add_network_map(case_id, &NetworkMap { taken_on: at(80), people: second }, Some(practitioner_id)).await?;
            for (i, (kind, (hour, minute), minutes, flexible, readable, note)) in CONTACTS.iter().copied().enumerate() {
                let occurred_on = at(25 + 12 * i64::try_from(i).unwrap_or(0));
                let place = match kind {
                    ContactKind::HomeVisit => ContactPlace::Home,
                    ContactKind::Phone => ContactPlace::Other,
                    _ => ContactPlace::Unit,
                };
                let mut practitioners = vec![practitioner_id];
                if let Some(c) = colleague_id.filter(|_| kind == ContactKind::Meeting) {
                    practitioners.push(c);
                }
                let participants = match kind {
                    ContactKind::Meeting => vec![Participant::Parents, Participant::Network],
                    ContactKind::Phone => vec![Participant::OtherProfessionals],
                    _ => vec![Participant::Child, Participant::Parents],
                };
                let contact = Contact {
                    kind,
                    occurred_on,
                    start: StartTime::new(hour, minute).unwrap_or(StartTime::MIDNIGHT),
                    minutes,
                    place,
                    participants,
                    practitioners,
                    note: note.to_owned(),
                    flexible,
                    family_may_read: readable,
                    group_cases: Vec::new(),
                };
                tx.add_journal_entry(case_id, &contact, Some(practitioner_id)).await?;
            }
        }
        tx.commit().await?;
        Ok(cases.len())
    }
}
