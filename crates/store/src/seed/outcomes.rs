//! Demo only: the courses of the demo practitioner's unit that closed in 2022 get what an
//! outcome report reads — journal contacts between start and closure, two goals rated at the
//! start and before the closure (most improve), ORS at the start and the end, and the
//! follow-ups their rules made due before the closure (most held on time, some late) — so
//! `/rapport/resultater` for 2022 has figures. Case dates are not touched, so the half-yearly
//! report's figures stay as they were. The goal texts are written for the demo.

use crate::{NewFollowUp, Store, StoreError};
use chrono::{Days, NaiveDate};
use familiehus_domain::follow_up::FollowUpDecision;
use familiehus_domain::journal::{Contact, ContactKind, ContactPlace, Participant, StartTime};
use familiehus_domain::measurement::{GoalLevel, Instrument};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const GOALS: [(GoalLevel, &str); 4] = [
    (GoalLevel::Child, "Jeg vil gerne kunne falde til ro, når jeg bliver vred."),
    (GoalLevel::Parent, "Vi vil have faste rutiner ved sengetid."),
    (GoalLevel::Family, "Vi vil tale pænt til hinanden ved måltiderne."),
    (GoalLevel::Parent, "Far vil deltage i skole-hjem-samtalerne."),
];

impl Store {
    /// Writes the outcome data on the started cases of `unit_id` closed in 2022, by
    /// `practitioner_id`. Returns the number of cases given it.
    pub async fn seed_demo_outcomes(&self, unit_id: i64, practitioner_id: i64) -> Result<usize, StoreError> {
        let sql = "SELECT c.id, c.service_id, c.started_on, c.closed_on FROM cases c JOIN services s ON s.id = c.service_id \
            WHERE s.unit_id = $1 AND c.started_on IS NOT NULL AND c.closed_on >= $2 AND c.closed_on <= $3 ORDER BY c.id";
        let (from, to) = (NaiveDate::from_ymd_opt(2022, 1, 1), NaiveDate::from_ymd_opt(2022, 12, 31));
        let cases: Vec<(i64, i64, NaiveDate, NaiveDate)> =
            crate::with_pool!(self, pool => sqlx::query_as(sql).bind(unit_id).bind(from).bind(to).fetch_all(pool).await)?;
        let mut services = std::collections::HashMap::new();
        for (_, service_id, _, _) in &cases {
            if !services.contains_key(service_id) {
                services.insert(*service_id, self.service(*service_id).await?.service.rules);
            }
        }
        let mut rng = StdRng::seed_from_u64(2022);
        let mut tx = self.begin().await?;
        let mut given = 0;
        for (n, (case_id, service_id, started_on, closed_on)) in cases.into_iter().enumerate() {
            let days = (closed_on - started_on).num_days();
            if days < 14 {
                continue;
            }
            let rules = services.get(&service_id).cloned().unwrap_or_default();
            let on = |d: i64| started_on + Days::new(d.clamp(0, days) as u64);
            let contacts = rng.random_range(4..=14).min(days / 7);
            for i in 0..contacts {
                let kind = [ContactKind::Talk, ContactKind::HomeVisit, ContactKind::Meeting][rng.random_range(0..3)];
                let place = if kind == ContactKind::HomeVisit { ContactPlace::Home } else { ContactPlace::Unit };
                let contact = Contact {
                    kind,
                    occurred_on: on(days * (i + 1) / (contacts + 1)),
                    start: StartTime::new(rng.random_range(8..15), 0).unwrap_or(StartTime::MIDNIGHT),
                    minutes: [45, 60, 90][rng.random_range(0..3)],
                    place,
                    participants: vec![Participant::Child, Participant::Parents],
                    practitioners: vec![practitioner_id],
                    note: if rules.no_notes { String::new() } else { "Samtale om familiens mål og den seneste uge.".to_owned() },
                    flexible: false,
                    family_may_read: false,
                    group_cases: Vec::new(),
                };
                tx.add_journal_entry(case_id, &contact, Some(practitioner_id)).await?;
            }
            // Four in five improve; the rest stand still or slip back.
            let improves = n % 5 != 4;
            let mut goals = Vec::new();
            for g in 0..2 {
                let (level, text) = GOALS[(n + g) % GOALS.len()];
                goals.push(tx.add_goal(case_id, level.code(), text, started_on, Some(practitioner_id)).await?);
            }
            let first: Vec<(i64, i64)> = goals.iter().map(|id| (*id, rng.random_range(2..=5))).collect();
            let last: Vec<(i64, i64)> = first
                .iter()
                .map(|(id, r)| (*id, if improves { (r + rng.random_range(2..=4)).min(10) } else { (r - rng.random_range(0..=1)).max(1) }))
                .collect();
            tx.rate_goals(case_id, on(7), &first, Some(practitioner_id)).await?;
            tx.rate_goals(case_id, on(days - 7), &last, Some(practitioner_id)).await?;
            let ors_start = rng.random_range(12..=22);
            let ors_end = if improves { (ors_start + rng.random_range(4..=12)).min(40) } else { ors_start - rng.random_range(0..=3) };
            tx.add_measurement(case_id, Instrument::Ors.code(), on(7), ors_start, Some(practitioner_id)).await?;
            tx.add_measurement(case_id, Instrument::Ors.code(), on(days - 7), ors_end, Some(practitioner_id)).await?;
            for held in 0..8u32 {
                let Some(due) = familiehus_domain::deadlines::due_follow_up(&rules, started_on, held, 0) else { break };
                if due.due_on > closed_on {
                    break;
                }
                // Most a few days early; one in six a week late.
                let late = rng.random_range(0..6) == 0;
                let held_on = if late { due.due_on + Days::new(7) } else { due.due_on - Days::new(rng.random_range(0..5)) };
                let new = NewFollowUp {
                    held_on: held_on.min(closed_on),
                    attendees: "Familien, behandler og rådgiver".to_owned(),
                    decision: FollowUpDecision::Continue.code().to_owned(),
                    note: String::new(),
                };
                let detail = format!("Opfølgning nr. {}: {}", due.number, FollowUpDecision::Continue.label_da());
                tx.record_follow_up(case_id, due.number, &new, &detail, Some(practitioner_id)).await?;
            }
            given += 1;
        }
        tx.commit().await?;
        Ok(given)
    }
}
