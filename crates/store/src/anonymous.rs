//! Anonymous counselling contacts: logged without identity, counted per service and topic.

use crate::{Store, StoreError, with_pool};
use chrono::NaiveDate;
use familiehus_domain::anonymous::{AgeBand, AnonymousContact, Channel, Seeker, Topic};
use familiehus_domain::{Access, ServiceStatus};

/// Contacts of one service in a period, and their topics (most frequent first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnonymousSummary {
    pub service_id: i64,
    pub service_name: String,
    pub contacts: i64,
    pub minutes: i64,
    pub topics: Vec<(Topic, i64)>,
}

impl Store {
    /// Stores a contact after the domain's checks; the service must be an active anonymous one.
    pub async fn log_anonymous_contact(&self, contact: &AnonymousContact, today: NaiveDate) -> Result<i64, StoreError> {
        contact.validate(today)?;
        let service = match self.service(contact.service_id).await {
            Ok(s) => s,
            Err(StoreError::NotFound { .. }) => return Err(StoreError::invalid("service_id", "Vælg et anonymt tilbud.", "service does not exist")),
            Err(e) => return Err(e),
        };
        if service.service.access != Access::Anonymous || service.service.status != ServiceStatus::Active {
            return Err(StoreError::invalid(
                "service_id",
                "Kun aktive anonyme tilbud kan registrere anonym rådgivning.",
                "service is not an active anonymous one",
            ));
        }
        let sql = "INSERT INTO anonymous_contacts (service_id, occurred_on, channel, seeker, age_band, topic, minutes) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        Ok(crate::with_writer!(self, pool => sqlx::query_scalar(sql)
            .bind(contact.service_id)
            .bind(contact.occurred_on)
            .bind(contact.channel.code())
            .bind(contact.seeker.code())
            .bind(contact.age_band.code())
            .bind(contact.topic.code())
            .bind(i64::from(contact.minutes))
            .fetch_one(pool)
            .await)?)
    }

    /// Per service with contacts between `from` and `to` (both included), by service name.
    pub async fn anonymous_summary(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<AnonymousSummary>, StoreError> {
        let sql = "SELECT a.service_id, s.name, a.topic, CAST(count(*) AS BIGINT), CAST(sum(a.minutes) AS BIGINT) FROM anonymous_contacts a \
            JOIN services s ON s.id = a.service_id WHERE a.occurred_on BETWEEN $1 AND $2 \
            GROUP BY a.service_id, s.name, a.topic ORDER BY s.name, a.service_id";
        let rows: Vec<(i64, String, String, i64, i64)> = with_pool!(self, pool => sqlx::query_as(sql).bind(from).bind(to).fetch_all(pool).await)?;
        let mut out: Vec<AnonymousSummary> = Vec::new();
        for (service_id, service_name, topic, count, minutes) in rows {
            let topic = Topic::from_code(&topic).ok_or_else(|| StoreError::Corrupt(format!("anonymous contact topic {topic}")))?;
            match out.last_mut() {
                Some(s) if s.service_id == service_id => {
                    s.contacts += count;
                    s.minutes += minutes;
                    s.topics.push((topic, count));
                }
                _ => out.push(AnonymousSummary { service_id, service_name, contacts: count, minutes, topics: vec![(topic, count)] }),
            }
        }
        for s in &mut out {
            s.topics.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code().cmp(b.0.code())));
        }
        Ok(out)
    }

    /// The latest contacts logged (newest first), for the counsellor to check their entries.
    pub async fn recent_anonymous_contacts(&self, limit: i64) -> Result<Vec<(i64, AnonymousContact)>, StoreError> {
        let sql =
            "SELECT id, service_id, occurred_on, channel, seeker, age_band, topic, minutes FROM anonymous_contacts ORDER BY occurred_on DESC, id DESC LIMIT $1";
        type Row = (i64, i64, NaiveDate, String, String, String, String, i64);
        let rows: Vec<Row> = with_pool!(self, pool => sqlx::query_as(sql).bind(limit).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|(id, service_id, occurred_on, channel, seeker, age_band, topic, minutes)| {
                let corrupt = || StoreError::Corrupt(format!("anonymous contact {id}"));
                Ok((
                    id,
                    AnonymousContact {
                        service_id,
                        occurred_on,
                        channel: Channel::from_code(&channel).ok_or_else(corrupt)?,
                        seeker: Seeker::from_code(&seeker).ok_or_else(corrupt)?,
                        age_band: AgeBand::from_code(&age_band).ok_or_else(corrupt)?,
                        topic: Topic::from_code(&topic).ok_or_else(corrupt)?,
                        minutes: u16::try_from(minutes).map_err(|_| corrupt())?,
                    },
                ))
            })
            .collect()
    }
}
