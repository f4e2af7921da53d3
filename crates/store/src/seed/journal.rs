//! Demo only: a handful of journal entries (contacts) on each active case of the demo
//! practitioner's unit, some with a colleague as second practitioner and one per case
//! corrected, so every case page there shows a lived-in journal. About 450 cases and 2,000
//! entries in one transaction: a fraction of a second of the demo's start.
//! The notes are invented for the demo; a service without written notes gets none.

use crate::{Store, StoreError};
use chrono::NaiveDate;
use familiehus_domain::journal::{Contact, ContactKind, ContactPlace, Participant, StartTime};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const NOTES: [&str; 6] = [
    "Gennemgik handleplanens mål med familien. Mor oplever, at morgenerne er blevet roligere.",
    "Barnet viste sit nye skoleskema og fortalte om en god uge i klassen.",
    "Talte om aftenrutiner og om at sige godnat uden skærm. Far vil prøve det i en uge.",
    "Kort opfølgning om aftalen med skolen. Næste møde aftalt.",
    "Forældrene var uenige om samvær i weekenden; vi aftalte at tage det op med begge til næste gang.",
    "Familien havde en svær uge. Vi talte om, hvem i netværket der kan hjælpe med hentning.",
];

impl Store {
    /// Writes 3–6 contacts on each started, open case of `unit_id`'s services, between its start
    /// and `today`, by `practitioner_id`; `colleague_id` joins some of them. Returns the number
    /// of entries.
    pub async fn seed_demo_journal(&self, unit_id: i64, practitioner_id: i64, colleague_id: Option<i64>, today: NaiveDate) -> Result<usize, StoreError> {
        let sql = "SELECT c.id, c.service_id, c.started_on FROM cases c JOIN services s ON s.id = c.service_id \
            WHERE s.unit_id = $1 AND c.started_on IS NOT NULL AND c.closed_on IS NULL ORDER BY c.id";
        let cases: Vec<(i64, i64, NaiveDate)> = crate::with_pool!(self, pool => sqlx::query_as(sql).bind(unit_id).fetch_all(pool).await)?;
        let mut no_notes = std::collections::HashMap::new();
        for (_, service_id, _) in &cases {
            if !no_notes.contains_key(service_id) {
                no_notes.insert(*service_id, self.service(*service_id).await?.service.rules.no_notes);
            }
        }
        let mut rng = StdRng::seed_from_u64(52);
        let mut tx = self.begin().await?;
        let mut written = 0;
        for (case_id, service_id, started_on) in cases {
            let days = (today - started_on).num_days();
            if days < 1 {
                continue;
            }
            let count = rng.random_range(3..=6).min(days);
            for i in 0..count {
                let occurred_on = started_on + chrono::Duration::days(days * (i + 1) / (count + 1));
                let kind =
                    [ContactKind::Talk, ContactKind::HomeVisit, ContactKind::HomeVisit, ContactKind::Meeting, ContactKind::Phone][rng.random_range(0..5)];
                let place = match kind {
                    ContactKind::HomeVisit => ContactPlace::Home,
                    ContactKind::Phone | ContactKind::Mail => ContactPlace::Other,
                    _ => [ContactPlace::Unit, ContactPlace::School][rng.random_range(0..2)],
                };
                let mut practitioners = vec![practitioner_id];
                if let Some(c) = colleague_id.filter(|_| kind == ContactKind::Meeting || rng.random_bool(0.2)) {
                    practitioners.push(c);
                }
                let participants = match kind {
                    ContactKind::Meeting => vec![Participant::Parents, Participant::OtherProfessionals],
                    ContactKind::Phone => vec![Participant::Parents],
                    _ => vec![Participant::Child, Participant::Parents],
                };
                let note = if no_notes.get(&service_id).copied().unwrap_or(false) { String::new() } else { NOTES[rng.random_range(0..NOTES.len())].to_owned() };
                let minutes = if kind == ContactKind::Phone { 15 } else { [45, 60, 60, 90][rng.random_range(0..4)] };
                let start = StartTime::new(rng.random_range(8..16), [0, 15, 30, 45][rng.random_range(0..4)]).unwrap_or(StartTime::MIDNIGHT);
                let contact = Contact {
                    kind,
                    occurred_on,
                    start,
                    minutes,
                    place,
                    participants,
                    practitioners,
                    note,
                    flexible: false,
                    family_may_read: false,
                    group_cases: Vec::new(),
                };
                let id = tx.add_journal_entry(case_id, &contact, Some(practitioner_id)).await?;
                // One correction per case, as happens: the duration was noted wrong.
                if i == 0 {
                    let corrected = Contact { minutes: contact.minutes + 15, ..contact };
                    tx.add_journal_version(id, 2, &corrected, Some(practitioner_id)).await?;
                }
                written += 1;
            }
        }
        tx.commit().await?;
        Ok(written)
    }
}
