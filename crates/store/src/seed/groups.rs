//! Demo only: a Cool Kids course in the group leader's unit — ten weekly sessions around the
//! school holidays, begun five weeks before today, with five new children (cases enrolled for
//! the course, so none of the cases the 2022 report counts changes), attendance at the sessions
//! held (mostly present, some with and without notice, so the step-built flag "Mangler trin"
//! shows), each case started on the first session it attended, and one session cancelled.

use crate::{NewCase, PersonInput, Store, StoreError};
use chrono::{Datelike, NaiveDate};
use familiehus_domain::group_course::{Attendance, CourseDraft};
use familiehus_domain::holidays::Calendar;
use familiehus_domain::{Delivery, ReferralSource};

const CHILDREN: [&str; 5] = ["Alma Kjær", "Oscar Lund", "Freja Dahl", "Noah Bech", "Ella Vinther"];

impl Store {
    /// Seeds the demo course on the unit's Cool Kids service (or its first group service), led by
    /// `leader_id` and `colleague_id`. Returns the course id, or `None` without a group service.
    pub async fn seed_demo_groups(&self, unit_id: i64, leader_id: i64, colleague_id: Option<i64>, today: NaiveDate) -> Result<Option<i64>, StoreError> {
        let services = self.list_services().await?;
        let mut groups: Vec<_> = services.iter().filter(|s| s.unit_id == unit_id && s.service.delivery == Delivery::Group).collect();
        groups.sort_by_key(|s| !s.service.name.starts_with("Cool Kids"));
        let Some(service) = groups.first() else { return Ok(None) };
        let starts_on = today - chrono::Duration::weeks(5);
        let weekday = familiehus_domain::group_course::weekday_code(today.weekday().pred());
        let draft = CourseDraft {
            name: format!("{} – hold {}", service.service.name.split(" - ").next().unwrap_or("Cool Kids"), today.year()),
            leaders: vec![leader_id.to_string(), colleague_id.map(|c| c.to_string()).unwrap_or_default()],
            capacity: "6".into(),
            max_families: "6".into(),
            min_age: "9".into(),
            max_age: "12".into(),
            place: "Familiehuset, gruppelokalet".into(),
            weekday: weekday.into(),
            start_time: "16.00".into(),
            minutes: "120".into(),
            interval: "weekly".into(),
            starts_on: starts_on.format("%d.%m.%Y").to_string(),
            end_kind: "sessions".into(),
            sessions: "10".into(),
            step_built: true,
            ..Default::default()
        };
        let calendar = Calendar::new(self.school_holidays().await?);
        let (course, dates) = draft.check(&|_| true, &calendar).map_err(StoreError::Invalid)?;
        let mut tx = self.begin().await?;
        let course_id = tx.create_course(service.id, &course, &dates, Some(leader_id)).await?;
        let stored = tx.lock_course(course_id).await?;
        let mut cases = Vec::new();
        for (i, name) in CHILDREN.iter().enumerate() {
            let enrolled_on = starts_on - chrono::Duration::days(40 + 9 * i64::try_from(i).unwrap_or(0));
            let new = NewCase {
                service_id: service.id,
                person: PersonInput::New {
                    name: (*name).into(),
                    birth_date: NaiveDate::from_ymd_opt(today.year() - 10, 3 + u32::try_from(i).unwrap_or(0), 12),
                },
                referral_source: ReferralSource::SelfReferral,
                enrolled_on,
                note: "Demo: henvendelse om angst og bekymringer.".into(),
                referred_by_user_id: None,
                assigned_user_id: Some(leader_id),
            };
            let record = tx.enrol_case(&new).await?;
            tx.record_pre_talk(record.id, starts_on - chrono::Duration::days(10), "Forsamtale med barn og forælder; klar til gruppen.", Some(leader_id))
                .await?;
            tx.add_participant(&stored, record.id, starts_on - chrono::Duration::days(7), Some(leader_id)).await?;
            cases.push(record.id);
        }
        let sessions: Vec<(i64, NaiveDate)> = tx.sessions_of(course_id).await?.iter().map(|s| (s.id, s.held_on)).collect();
        let held: Vec<_> = sessions.iter().filter(|(_, d)| *d < today).collect();
        for (n, (session_id, _)) in held.iter().enumerate() {
            let marks: Vec<(i64, Attendance)> = cases
                .iter()
                .enumerate()
                .map(|(i, case_id)| {
                    let status = match (i + 2 * n) % 9 {
                        4 => Attendance::AbsentWithNotice,
                        7 => Attendance::AbsentWithoutNotice,
                        _ => Attendance::Present,
                    };
                    (*case_id, status)
                })
                .collect();
            tx.record_attendance(*session_id, &marks, Some(leader_id)).await?;
        }
        for (i, case_id) in cases.iter().enumerate() {
            let first = held.iter().enumerate().find(|(n, _)| !matches!((i + 2 * n) % 9, 4 | 7)).map(|(_, (_, d))| *d);
            if let Some(first) = first {
                tx.start_case(*case_id, first, Some(leader_id)).await?;
            }
        }
        if let Some((last, _)) = sessions.last() {
            tx.cancel_session(*last, "Erstattes af et forældremøde", Some(leader_id)).await?;
        }
        tx.commit().await?;
        Ok(Some(course_id))
    }
}
