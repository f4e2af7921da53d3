//! Anonymous counselling's talks (`0004`, courses in `0019`): logged without identity, in
//! courses the citizen may quote by number, counted per service, theme, channel and guidance.

use crate::tx::with_tx;
use crate::{Entity, Store, StoreError, Tx, with_pool};
use chrono::NaiveDate;
use familiehus_domain::anonymous::{AgeBand, AnonymousContact, Channel, Seeker, Topic};
use familiehus_domain::anonymous_course::{self, CourseNumber, Guidance, GuidedOnward, LimitState, Recorded};
use familiehus_domain::anonymous_stats::TalkCount;
use familiehus_domain::{Access, ServiceStatus, ValidationErrors};
/// Contacts of one service in a period, and their topics (most frequent first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnonymousSummary {
    pub service_id: i64,
    pub service_name: String,
    pub contacts: i64,
    pub minutes: i64,
    pub topics: Vec<(Topic, i64)>,
}

/// A talk to log: what happened, which course (`None` opens a new one), whether the counsellor
/// confirmed more talks than the limit, and who logs it.
#[derive(Debug, Clone)]
pub struct NewTalk {
    pub contact: AnonymousContact,
    pub course: Option<CourseNumber>,
    pub confirm_beyond_limit: bool,
    pub recorded_by: Option<i64>,
}

/// A logged talk: its id, course and number in it, and where it stands against the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedTalk {
    pub id: i64,
    pub course: CourseNumber,
    pub talk_number: u16,
    pub limit: u16,
    pub state: LimitState,
}

/// A stored talk; course, number and who logged it are empty for talks logged before `0019`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTalk {
    pub id: i64,
    pub contact: AnonymousContact,
    pub course: Option<CourseNumber>,
    pub talk_number: Option<u16>,
    pub recorded: Option<Recorded>,
}

const TALK_COLUMNS: &str = "a.id, a.service_id, a.occurred_on, a.channel, a.seeker, a.age_band, a.topic, a.minutes, a.guided_onward, a.guided_service_id, \
    c.number, a.talk_number, a.recorded_by, a.recorded_on";

type TalkRow = (i64, i64, NaiveDate, String, String, String, String, i64, String, Option<i64>, Option<String>, Option<i64>, Option<i64>, Option<NaiveDate>);

fn talk(
    (id, service_id, occurred_on, channel, seeker, age_band, topic, minutes, guided, guided_service_id, course, talk_number, by, on): TalkRow,
) -> Result<StoredTalk, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("anonymous talk {id}"));
    Ok(StoredTalk {
        id,
        contact: AnonymousContact {
            service_id,
            occurred_on,
            channel: Channel::from_code(&channel).ok_or_else(corrupt)?,
            seeker: Seeker::from_code(&seeker).ok_or_else(corrupt)?,
            age_band: AgeBand::from_code(&age_band).ok_or_else(corrupt)?,
            topic: Topic::from_code(&topic).ok_or_else(corrupt)?,
            minutes: u16::try_from(minutes).map_err(|_| corrupt())?,
            guidance: Guidance { onward: GuidedOnward::from_code(&guided).ok_or_else(corrupt)?, service_id: guided_service_id },
        },
        course: course.map(CourseNumber::from_stored),
        talk_number: talk_number.map(u16::try_from).transpose().map_err(|_| corrupt())?,
        recorded: by.zip(on).map(|(by_user_id, on)| Recorded { by_user_id, on }),
    })
}

impl Store {
    /// Logs a talk after the domain's checks (no future date, a sensible duration, guidance
    /// naming a service exactly when it should; an active anonymous service; a known course of
    /// that service; the limit of talks), in one transaction: the course's talk counter is
    /// raised in the same statement that reads it, so two talks logged at once on one course
    /// get two numbers.
    pub async fn log_anonymous_talk(&self, new: &NewTalk, today: NaiveDate) -> Result<LoggedTalk, StoreError> {
        new.contact.validate(today)?;
        self.check_anonymous_service(new.contact.service_id, "service_id").await?;
        if let Some(guided) = new.contact.guidance.service_id {
            let service = self
                .service(guided)
                .await
                .map_err(|_| StoreError::invalid("guided_service_id", "Vælg et tilbud fra listen.", "guided-to service does not exist"))?;
            if service.service.status != ServiceStatus::Active {
                return Err(StoreError::invalid("guided_service_id", "Vælg et aktivt tilbud.", "guided-to service is retired"));
            }
        }
        let mut tx = self.begin().await?;
        let (course_id, course, talk_number) = match &new.course {
            Some(number) => {
                let found: Option<(i64, i64)> = with_tx!(tx, conn => sqlx::query_as("UPDATE anonymous_courses SET talks = talks + 1 WHERE number = $1 AND service_id = $2 RETURNING id, talks")
                    .bind(number.as_str())
                    .bind(new.contact.service_id)
                    .fetch_optional(conn)
                    .await)?;
                let Some((id, talks)) = found else {
                    return Err(StoreError::invalid(
                        "course_number",
                        "Forløbsnummeret findes ikke på dette tilbud. Tjek nummeret, eller vælg «Første samtale».",
                        "unknown course number for the service",
                    ));
                };
                (id, number.clone(), talks)
            }
            None => open_course(&mut tx, new.contact.service_id, today).await?,
        };
        let talk_number = u16::try_from(talk_number).map_err(|_| StoreError::Corrupt(format!("anonymous course {course_id} talk count")))?;
        let limit = anonymous_course::talk_limit(new.contact.age_band);
        let state = anonymous_course::check_talk(talk_number, limit, new.confirm_beyond_limit).map_err(|e| StoreError::Invalid(ValidationErrors(vec![e])))?;
        let c = &new.contact;
        let sql = "INSERT INTO anonymous_contacts (service_id, occurred_on, channel, seeker, age_band, topic, minutes, guided_onward, guided_service_id, course_id, talk_number, recorded_by, recorded_on) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
        let id: i64 = with_tx!(tx, conn => sqlx::query_scalar(sql)
            .bind(c.service_id)
            .bind(c.occurred_on)
            .bind(c.channel.code())
            .bind(c.seeker.code())
            .bind(c.age_band.code())
            .bind(c.topic.code())
            .bind(i64::from(c.minutes))
            .bind(c.guidance.onward.code())
            .bind(c.guidance.service_id)
            .bind(course_id)
            .bind(i64::from(talk_number))
            .bind(new.recorded_by)
            .bind(new.recorded_by.map(|_| today))
            .fetch_one(conn)
            .await)?;
        tx.commit().await?;
        Ok(LoggedTalk { id, course, talk_number, limit, state })
    }

    /// Stores a contact as the first talk of a new course; for the demo and older callers.
    pub async fn log_anonymous_contact(&self, contact: &AnonymousContact, today: NaiveDate) -> Result<i64, StoreError> {
        Ok(self.log_anonymous_talk(&NewTalk { contact: contact.clone(), course: None, confirm_beyond_limit: false, recorded_by: None }, today).await?.id)
    }

    async fn check_anonymous_service(&self, service_id: i64, field: &'static str) -> Result<(), StoreError> {
        let service = match self.service(service_id).await {
            Ok(s) => s,
            Err(StoreError::NotFound { .. }) => return Err(StoreError::invalid(field, "Vælg et anonymt tilbud.", "service does not exist")),
            Err(e) => return Err(e),
        };
        if service.service.access != Access::Anonymous || service.service.status != ServiceStatus::Active {
            return Err(StoreError::invalid(field, "Kun aktive anonyme tilbud kan registrere anonym rådgivning.", "service is not an active anonymous one"));
        }
        Ok(())
    }

    /// One talk.
    pub async fn anonymous_talk(&self, id: i64) -> Result<StoredTalk, StoreError> {
        let sql = format!("SELECT {TALK_COLUMNS} FROM anonymous_contacts a LEFT JOIN anonymous_courses c ON c.id = a.course_id WHERE a.id = $1");
        let row: Option<TalkRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await)?;
        talk(row.ok_or(StoreError::NotFound { entity: Entity::AnonymousTalk, id })?)
    }

    /// Corrects what a talk recorded (not its service, course or number), after the domain's
    /// checks; the caller has checked who may.
    pub async fn correct_anonymous_talk(&self, id: i64, contact: &AnonymousContact, today: NaiveDate) -> Result<(), StoreError> {
        contact.validate(today)?;
        let sql = "UPDATE anonymous_contacts SET occurred_on = $1, channel = $2, seeker = $3, age_band = $4, topic = $5, minutes = $6, guided_onward = $7, guided_service_id = $8 WHERE id = $9";
        let done = crate::with_writer!(self, pool => sqlx::query(sql)
            .bind(contact.occurred_on)
            .bind(contact.channel.code())
            .bind(contact.seeker.code())
            .bind(contact.age_band.code())
            .bind(contact.topic.code())
            .bind(i64::from(contact.minutes))
            .bind(contact.guidance.onward.code())
            .bind(contact.guidance.service_id)
            .bind(id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::NotFound { entity: Entity::AnonymousTalk, id });
        }
        Ok(())
    }

    /// Talks between `from` and `to` (both included) counted by day, service, theme, channel
    /// and guidance, for `domain::anonymous_stats`.
    pub async fn anonymous_talk_counts(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<TalkCount>, StoreError> {
        let sql = "SELECT occurred_on, service_id, topic, channel, guided_onward, CAST(count(*) AS BIGINT), CAST(sum(minutes) AS BIGINT), \
            CAST(sum(CASE WHEN talk_number = 1 THEN 1 ELSE 0 END) AS BIGINT) FROM anonymous_contacts WHERE occurred_on BETWEEN $1 AND $2 \
            GROUP BY occurred_on, service_id, topic, channel, guided_onward ORDER BY occurred_on";
        type Row = (NaiveDate, i64, String, String, String, i64, i64, i64);
        let rows: Vec<Row> = with_pool!(self, pool => sqlx::query_as(sql).bind(from).bind(to).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|(occurred_on, service_id, topic, channel, guided, talks, minutes, first_talks)| {
                let corrupt = || StoreError::Corrupt(format!("anonymous talk counts on {occurred_on}"));
                Ok(TalkCount {
                    occurred_on,
                    service_id,
                    topic: Topic::from_code(&topic).ok_or_else(corrupt)?,
                    channel: Channel::from_code(&channel).ok_or_else(corrupt)?,
                    guided: GuidedOnward::from_code(&guided).ok_or_else(corrupt)?,
                    talks,
                    minutes,
                    first_talks,
                })
            })
            .collect()
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

    /// The latest talks logged (newest first), for the counsellor to check their entries.
    pub async fn recent_anonymous_talks(&self, limit: i64) -> Result<Vec<StoredTalk>, StoreError> {
        let sql = format!(
            "SELECT {TALK_COLUMNS} FROM anonymous_contacts a LEFT JOIN anonymous_courses c ON c.id = a.course_id ORDER BY a.occurred_on DESC, a.id DESC LIMIT $1"
        );
        let rows: Vec<TalkRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(limit).fetch_all(pool).await)?;
        rows.into_iter().map(talk).collect()
    }
}

/// Opens a course with a fresh number; a taken number (one in a billion) draws another.
async fn open_course(tx: &mut Tx, service_id: i64, today: NaiveDate) -> Result<(i64, CourseNumber, i64), StoreError> {
    for _ in 0..3 {
        let mut random = [0u8; 6];
        rand::fill(&mut random);
        let number = CourseNumber::generate(random);
        let id: Option<i64> = with_tx!(tx, conn => sqlx::query_scalar("INSERT INTO anonymous_courses (number, service_id, opened_on, talks) VALUES ($1, $2, $3, 1) ON CONFLICT (number) DO NOTHING RETURNING id")
            .bind(number.as_str())
            .bind(service_id)
            .bind(today)
            .fetch_optional(conn)
            .await)?;
        if let Some(id) = id {
            return Ok((id, number, 1));
        }
    }
    Err(StoreError::Corrupt("no free anonymous course number".into()))
}
