//! Group courses (`0016_group_courses.sql`): a course with its leaders and sessions, its
//! participants (cases of the service), attendance, pre-talks, and the school-holiday calendar.
//! Enrolment is where capacity is kept: `Tx::lock_course` takes the course row (`FOR UPDATE` on
//! PostgreSQL; on SQLite the transaction already holds the one write lock, `BEGIN IMMEDIATE`),
//! and `Tx::add_participant` inserts only while seats (and families) remain, in one statement,
//! so two requests for the last seat cannot both win. Whether the actor may, and whether the
//! case is on the waiting list, is decided before (`app::groups`).

use crate::tx::with_tx;
use crate::{Entity, Store, StoreError, Tx, with_pool};
use chrono::NaiveDate;
use familiehus_domain::CaseAccessFacts;
use familiehus_domain::group_course::{Attendance, Course, PlanEnd, weekday_code};
use familiehus_domain::holidays::SchoolHoliday;
use serde::Serialize;

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A course as stored, with its service's name and unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct StoredCourse {
    pub id: i64,
    pub service_id: i64,
    pub service_name: String,
    pub unit_id: i64,
    pub name: String,
    pub capacity: i64,
    pub max_families: Option<i64>,
    pub min_age: i64,
    pub max_age: i64,
    pub place: String,
    /// `mon` … `sun`.
    pub weekday: String,
    /// `16.00`.
    pub start_time: String,
    pub minutes: i64,
    /// `weekly` or `fortnightly`.
    pub interval_code: String,
    pub starts_on: NaiveDate,
    pub end_sessions: Option<i64>,
    pub end_until: Option<NaiveDate>,
    pub step_built: bool,
    pub continuous_intake: bool,
    /// Participants enrolled.
    pub participants: i64,
    /// The next session not cancelled, on or after the day asked about (lists only).
    #[sqlx(default)]
    pub next_session: Option<NaiveDate>,
}

/// A course's leader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct CourseLeader {
    pub course_id: i64,
    pub user_id: i64,
    pub display_name: String,
}

/// One session: its planned date, the date it is held on (moved if they differ), its time, and
/// the reason when cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct GroupSession {
    pub id: i64,
    pub course_id: i64,
    pub number: i64,
    pub planned_on: NaiveDate,
    pub held_on: NaiveDate,
    pub start_time: String,
    pub cancelled_reason: Option<String>,
}

impl GroupSession {
    pub fn cancelled(&self) -> bool {
        self.cancelled_reason.is_some()
    }

    pub fn moved(&self) -> bool {
        self.planned_on != self.held_on
    }
}

/// A participant: the case, its person, and what decides who may see the name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct GroupParticipant {
    pub case_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub joined_on: NaiveDate,
    pub enrolled_on: NaiveDate,
    pub started_on: Option<NaiveDate>,
    /// The last day, once the participation has ended (the seat is free from then on).
    pub left_on: Option<NaiveDate>,
    pub service_unit_id: i64,
    pub assigned_user_id: Option<i64>,
    pub referred_by_user_id: Option<i64>,
}

impl GroupParticipant {
    pub fn access_facts(&self) -> CaseAccessFacts {
        CaseAccessFacts { service_unit_id: self.service_unit_id, assigned_user_id: self.assigned_user_id, referred_by_user_id: self.referred_by_user_id }
    }
}

/// One attendance record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AttendanceMark {
    pub session_id: i64,
    pub case_id: i64,
    pub status: Attendance,
}

/// A pre-talk held with a family before a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PreTalk {
    pub id: i64,
    pub case_id: i64,
    pub held_on: NaiveDate,
    pub note: String,
    pub recorded_at: String,
}

/// Why an enrolment was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seats {
    Taken,
    /// Every seat is taken: (participants, capacity).
    Full(i64, i64),
    /// A new family would exceed the course's families: (families, at most).
    FamiliesFull(i64, i64),
}

const COURSE_SELECT: &str = "SELECT g.id, g.service_id, s.name AS service_name, s.unit_id, g.name, g.capacity, g.max_families, g.min_age, g.max_age, \
    g.place, g.weekday, g.start_time, g.minutes, g.interval_code, g.starts_on, g.end_sessions, g.end_until, g.step_built, g.continuous_intake, \
    (SELECT count(*) FROM group_participants p WHERE p.course_id = g.id AND p.left_on IS NULL) AS participants";

impl Tx {
    /// Stores a checked course of a service with its sessions (in date order, numbered from 1).
    pub async fn create_course(&mut self, service_id: i64, course: &Course, sessions: &[NaiveDate], by: Option<i64>) -> Result<i64, StoreError> {
        let insert = "INSERT INTO group_courses (service_id, name, capacity, max_families, min_age, max_age, place, weekday, start_time, minutes, \
            interval_code, starts_on, end_sessions, end_until, step_built, continuous_intake, created_at, created_by) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id";
        let leader = "INSERT INTO group_course_leaders (course_id, user_id, position) VALUES ($1, $2, $3)";
        let session = "INSERT INTO group_sessions (course_id, number, planned_on, held_on, start_time) VALUES ($1, $2, $3, $3, $4)";
        let p = &course.pattern;
        let (end_sessions, end_until) = match p.end {
            PlanEnd::Sessions(n) => (Some(i64::from(n)), None),
            PlanEnd::Until(d) => (None, Some(d)),
        };
        let at = now();
        let start = course.start.to_string();
        let id: i64 = with_tx!(self, conn => {
            let id: i64 = sqlx::query_scalar(insert)
                .bind(service_id)
                .bind(&course.name)
                .bind(i64::from(course.capacity))
                .bind(course.max_families.map(i64::from))
                .bind(i64::from(course.min_age))
                .bind(i64::from(course.max_age))
                .bind(&course.place)
                .bind(weekday_code(p.weekday))
                .bind(&start)
                .bind(i64::from(course.minutes))
                .bind(p.interval.code())
                .bind(p.starts_on)
                .bind(end_sessions)
                .bind(end_until)
                .bind(course.step_built)
                .bind(course.continuous_intake)
                .bind(&at)
                .bind(by)
                .fetch_one(&mut *conn)
                .await?;
            for (i, user_id) in course.leaders.iter().enumerate() {
                sqlx::query(leader).bind(id).bind(user_id).bind(i64::try_from(i).unwrap_or(0)).execute(&mut *conn).await?;
            }
            for (i, date) in sessions.iter().enumerate() {
                sqlx::query(session).bind(id).bind(i64::try_from(i + 1).unwrap_or(0)).bind(date).bind(&start).execute(&mut *conn).await?;
            }
            id
        });
        Ok(id)
    }

    /// The course, locked until the transaction ends: enrolments into it queue here.
    pub async fn lock_course(&mut self, id: i64) -> Result<StoredCourse, StoreError> {
        let lock = "SELECT id FROM group_courses WHERE id = $1 FOR UPDATE";
        let sql = format!("{COURSE_SELECT} FROM group_courses g JOIN services s ON s.id = g.service_id WHERE g.id = $1");
        let row: Option<StoredCourse> = match &mut self.conn {
            crate::tx::Conn::Sqlite(t) => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(&mut **t).await?,
            crate::tx::Conn::Postgres(t) => {
                let _: Option<i64> = sqlx::query_scalar(lock).bind(id).fetch_optional(&mut **t).await?;
                sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(&mut **t).await?
            }
        };
        row.ok_or(StoreError::NotFound { entity: Entity::Course, id })
    }

    /// The courses in which the case holds a seat (normally none or one; an ended participation
    /// holds none).
    pub async fn courses_of_case(&mut self, case_id: i64) -> Result<Vec<i64>, StoreError> {
        let sql = "SELECT course_id FROM group_participants WHERE case_id = $1 AND left_on IS NULL";
        Ok(with_tx!(self, conn => sqlx::query_scalar(sql).bind(case_id).fetch_all(&mut *conn).await)?)
    }

    /// Adds the case to the course while a seat remains (and, with `max_families`, while its
    /// family is already in or another family fits): one conditional insert, after
    /// `lock_course` in the same transaction. The family is the person's, or the person alone.
    pub async fn add_participant(&mut self, course: &StoredCourse, case_id: i64, joined_on: NaiveDate, by: Option<i64>) -> Result<Seats, StoreError> {
        let family_sql =
            "SELECT COALESCE('f' || CAST(p.family_id AS TEXT), 'p' || CAST(p.id AS TEXT)) FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.id = $1";
        let insert = "INSERT INTO group_participants (course_id, case_id, family_key, joined_on, enrolled_at, enrolled_by) \
            SELECT $1, $2, $3, $4, $5, $6 \
            WHERE (SELECT count(*) FROM group_participants WHERE course_id = $1 AND left_on IS NULL) < $7 \
            AND ($8 < 0 OR EXISTS (SELECT 1 FROM group_participants WHERE course_id = $1 AND family_key = $3 AND left_on IS NULL) \
                 OR (SELECT count(DISTINCT family_key) FROM group_participants WHERE course_id = $1 AND left_on IS NULL) < $8)";
        let counts = "SELECT count(*), count(DISTINCT family_key) FROM group_participants WHERE course_id = $1 AND left_on IS NULL";
        let at = now();
        let max_families = course.max_families.unwrap_or(-1);
        let outcome = with_tx!(self, conn => {
            let family: Option<String> = sqlx::query_scalar(family_sql).bind(case_id).fetch_optional(&mut *conn).await?;
            let family = family.ok_or(StoreError::NotFound { entity: Entity::Case, id: case_id })?;
            let done = sqlx::query(insert)
                .bind(course.id)
                .bind(case_id)
                .bind(&family)
                .bind(joined_on)
                .bind(&at)
                .bind(by)
                .bind(course.capacity)
                .bind(max_families)
                .execute(&mut *conn)
                .await
                .map_err(|e| StoreError::unique_as_field(e, "case_id", "Sagen er allerede med i forløbet.", "case already in the course"))?;
            if done.rows_affected() == 1 {
                Seats::Taken
            } else {
                let (children, families): (i64, i64) = sqlx::query_as(counts).bind(course.id).fetch_one(&mut *conn).await?;
                if children >= course.capacity { Seats::Full(children, course.capacity) } else { Seats::FamiliesFull(families, max_families) }
            }
        });
        Ok(outcome)
    }

    /// Ends a participation on `left_on`, freeing its seat; false when the case holds no seat
    /// in the course (never joined, or already ended).
    pub async fn end_participation(&mut self, course_id: i64, case_id: i64, left_on: NaiveDate, reason: &str) -> Result<bool, StoreError> {
        let sql = "UPDATE group_participants SET left_on = $3, left_reason = $4 WHERE course_id = $1 AND case_id = $2 AND left_on IS NULL";
        let done = with_tx!(self, conn => sqlx::query(sql).bind(course_id).bind(case_id).bind(left_on).bind(reason).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Adds sessions after the course's last (numbered on from its highest number), at the
    /// course's time.
    pub async fn add_sessions(&mut self, course: &StoredCourse, dates: &[NaiveDate], by: Option<i64>) -> Result<(), StoreError> {
        let top = "SELECT CAST(COALESCE(max(number), 0) AS BIGINT) FROM group_sessions WHERE course_id = $1";
        let insert =
            "INSERT INTO group_sessions (course_id, number, planned_on, held_on, start_time, changed_at, changed_by) VALUES ($1, $2, $3, $3, $4, $5, $6)";
        let at = now();
        with_tx!(self, conn => {
            let mut number: i64 = sqlx::query_scalar(top).bind(course.id).fetch_one(&mut *conn).await?;
            for date in dates {
                number += 1;
                sqlx::query(insert).bind(course.id).bind(number).bind(date).bind(&course.start_time).bind(&at).bind(by).execute(&mut *conn).await?;
            }
        });
        Ok(())
    }

    /// A session as this transaction sees it.
    pub async fn session(&mut self, id: i64) -> Result<GroupSession, StoreError> {
        let sql = "SELECT id, course_id, number, planned_on, held_on, start_time, cancelled_reason FROM group_sessions WHERE id = $1";
        let row: Option<GroupSession> = with_tx!(self, conn => sqlx::query_as(sql).bind(id).fetch_optional(&mut *conn).await)?;
        row.ok_or(StoreError::NotFound { entity: Entity::Session, id })
    }

    /// The course's sessions as this transaction sees them, in plan order.
    pub async fn sessions_of(&mut self, course_id: i64) -> Result<Vec<GroupSession>, StoreError> {
        let sql = "SELECT id, course_id, number, planned_on, held_on, start_time, cancelled_reason FROM group_sessions WHERE course_id = $1 ORDER BY number";
        Ok(with_tx!(self, conn => sqlx::query_as(sql).bind(course_id).fetch_all(&mut *conn).await)?)
    }

    /// Moves a session to a new date and time (its planned date is kept).
    pub async fn move_session(&mut self, id: i64, held_on: NaiveDate, start_time: &str, by: Option<i64>) -> Result<(), StoreError> {
        let sql = "UPDATE group_sessions SET held_on = $2, start_time = $3, changed_at = $4, changed_by = $5 WHERE id = $1";
        let at = now();
        with_tx!(self, conn => {
            sqlx::query(sql).bind(id).bind(held_on).bind(start_time).bind(&at).bind(by).execute(&mut *conn).await?;
        });
        Ok(())
    }

    /// Cancels a session: it stays in the plan, marked with the reason.
    pub async fn cancel_session(&mut self, id: i64, reason: &str, by: Option<i64>) -> Result<(), StoreError> {
        let sql = "UPDATE group_sessions SET cancelled_reason = $2, changed_at = $3, changed_by = $4 WHERE id = $1";
        let at = now();
        with_tx!(self, conn => {
            sqlx::query(sql).bind(id).bind(reason).bind(&at).bind(by).execute(&mut *conn).await?;
        });
        Ok(())
    }

    /// Records (or corrects) attendance at a session, one mark per participant's case.
    pub async fn record_attendance(&mut self, session_id: i64, marks: &[(i64, Attendance)], by: Option<i64>) -> Result<(), StoreError> {
        let sql = "INSERT INTO group_attendance (session_id, case_id, status, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5) \
            ON CONFLICT (session_id, case_id) DO UPDATE SET status = excluded.status, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by";
        let at = now();
        with_tx!(self, conn => {
            for (case_id, status) in marks {
                sqlx::query(sql).bind(session_id).bind(case_id).bind(status.code()).bind(&at).bind(by).execute(&mut *conn).await?;
            }
        });
        Ok(())
    }

    /// Records a pre-talk on the case.
    pub async fn record_pre_talk(&mut self, case_id: i64, held_on: NaiveDate, note: &str, by: Option<i64>) -> Result<i64, StoreError> {
        let sql = "INSERT INTO pre_talks (case_id, held_on, note, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let at = now();
        Ok(with_tx!(self, conn => sqlx::query_scalar(sql).bind(case_id).bind(held_on).bind(note).bind(&at).bind(by).fetch_one(&mut *conn).await)?)
    }

    /// Replaces the school-holiday calendar.
    pub async fn replace_school_holidays(&mut self, holidays: &[SchoolHoliday], by: Option<i64>) -> Result<(), StoreError> {
        let insert = "INSERT INTO school_holidays (school_year, name, from_date, to_date, saved_at, saved_by) VALUES ($1, $2, $3, $4, $5, $6)";
        let at = now();
        with_tx!(self, conn => {
            sqlx::query("DELETE FROM school_holidays").execute(&mut *conn).await?;
            for h in holidays {
                sqlx::query(insert).bind(i64::from(h.school_year)).bind(&h.name).bind(h.from).bind(h.to).bind(&at).bind(by).execute(&mut *conn).await?;
            }
        });
        Ok(())
    }
}

/// `CaseScope`-free filter of courses: every course (`all`), or those of a unit or led by a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourseFilter {
    All,
    UnitOrLeader { unit_id: Option<i64>, user_id: i64 },
}

impl Store {
    /// Courses, newest first, with the next session on or after `today`.
    pub async fn courses(&self, filter: CourseFilter, today: NaiveDate) -> Result<Vec<StoredCourse>, StoreError> {
        let sql = format!(
            "{COURSE_SELECT}, (SELECT min(x.held_on) FROM group_sessions x WHERE x.course_id = g.id AND x.cancelled_reason IS NULL AND x.held_on >= $4) AS next_session \
             FROM group_courses g JOIN services s ON s.id = g.service_id \
             WHERE $1 = 0 OR s.unit_id = $2 OR EXISTS (SELECT 1 FROM group_course_leaders l WHERE l.course_id = g.id AND l.user_id = $3) \
             ORDER BY g.starts_on DESC, g.id DESC"
        );
        let (mode, unit, user) = match filter {
            CourseFilter::All => (0i64, 0i64, 0i64),
            CourseFilter::UnitOrLeader { unit_id, user_id } => (1, unit_id.unwrap_or(-1), user_id),
        };
        Ok(with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(mode).bind(unit).bind(user).bind(today).fetch_all(pool).await)?)
    }

    pub async fn course(&self, id: i64) -> Result<StoredCourse, StoreError> {
        let sql = format!("{COURSE_SELECT} FROM group_courses g JOIN services s ON s.id = g.service_id WHERE g.id = $1");
        let row: Option<StoredCourse> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await)?;
        row.ok_or(StoreError::NotFound { entity: Entity::Course, id })
    }

    /// The course's leaders, first leader first.
    pub async fn course_leaders(&self, course_id: i64) -> Result<Vec<CourseLeader>, StoreError> {
        let sql = "SELECT l.course_id, l.user_id, u.display_name FROM group_course_leaders l JOIN users u ON u.id = l.user_id WHERE l.course_id = $1 ORDER BY l.position";
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(course_id).fetch_all(pool).await)?)
    }

    /// The sessions of a course, in plan order.
    pub async fn course_sessions(&self, course_id: i64) -> Result<Vec<GroupSession>, StoreError> {
        let sql = "SELECT id, course_id, number, planned_on, held_on, start_time, cancelled_reason FROM group_sessions WHERE course_id = $1 ORDER BY number";
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(course_id).fetch_all(pool).await)?)
    }

    /// The participants of a course, by name. Need-to-know is the caller's (`app::groups`).
    pub async fn course_participants(&self, course_id: i64) -> Result<Vec<GroupParticipant>, StoreError> {
        let sql = "SELECT c.id AS case_id, p.id AS person_id, p.name AS person_name, g.joined_on, c.enrolled_on, c.started_on, g.left_on, s.unit_id AS service_unit_id, \
            c.assigned_user_id, c.referred_by_user_id FROM group_participants g JOIN cases c ON c.id = g.case_id JOIN persons p ON p.id = c.person_id \
            JOIN services s ON s.id = c.service_id WHERE g.course_id = $1 ORDER BY p.name, c.id";
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(course_id).fetch_all(pool).await)?)
    }

    /// Every attendance record of a course.
    pub async fn course_attendance(&self, course_id: i64) -> Result<Vec<AttendanceMark>, StoreError> {
        let sql = "SELECT a.session_id, a.case_id, a.status FROM group_attendance a JOIN group_sessions x ON x.id = a.session_id WHERE x.course_id = $1";
        let rows: Vec<(i64, i64, String)> = with_pool!(self, pool => sqlx::query_as(sql).bind(course_id).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|(session_id, case_id, code)| {
                let status = Attendance::from_code(&code).ok_or_else(|| StoreError::Corrupt(format!("attendance {session_id}/{case_id}: status")))?;
                Ok(AttendanceMark { session_id, case_id, status })
            })
            .collect()
    }

    /// The case's pre-talks, oldest first.
    pub async fn pre_talks(&self, case_id: i64) -> Result<Vec<PreTalk>, StoreError> {
        let sql = "SELECT id, case_id, held_on, note, recorded_at FROM pre_talks WHERE case_id = $1 ORDER BY held_on, id";
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(case_id).fetch_all(pool).await)?)
    }

    /// The stored school holidays, by school year and date.
    pub async fn school_holidays(&self) -> Result<Vec<SchoolHoliday>, StoreError> {
        let sql = "SELECT school_year, name, from_date, to_date FROM school_holidays ORDER BY school_year, from_date, id";
        let rows: Vec<(i64, String, NaiveDate, NaiveDate)> = with_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|(y, name, from, to)| SchoolHoliday { school_year: i32::try_from(y).unwrap_or(2000), name, from, to }).collect())
    }
}
