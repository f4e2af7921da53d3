//! Cases: enrolment on the waiting list, start, closure, reopening, and the waiting list.
//! Every transition goes through `familiehus_domain::Case`, so the lifecycle rules live in one
//! place; the store only persists the result, guarded by the row's version.

use crate::tx::with_tx;
use crate::{Entity, Store, StoreError, Tx, with_pool};
use chrono::NaiveDate;
use familiehus_domain::access_route::AccessRoute;
use familiehus_domain::{Case, CaseAccessFacts, CaseEventKind, CaseScope, CaseState, ClosureReason, ReferralSource};
use serde::{Deserialize, Serialize};

/// Who the case is about: an existing person, or a new one registered with the referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonInput {
    Existing(i64),
    New { name: String, birth_date: Option<NaiveDate> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub service_id: i64,
    pub person: PersonInput,
    pub referral_source: ReferralSource,
    pub enrolled_on: NaiveDate,
    pub note: String,
    /// The caseworker who referred the case (sees it later).
    pub referred_by_user_id: Option<i64>,
    /// The practitioner who delivers it.
    pub assigned_user_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRecord {
    pub id: i64,
    pub service_id: i64,
    pub service_name: String,
    pub person_id: i64,
    pub person_name: String,
    pub referral_source: ReferralSource,
    pub note: String,
    pub service_unit_id: i64,
    pub referred_by_user_id: Option<i64>,
    pub assigned_user_id: Option<i64>,
    #[serde(flatten)]
    pub case: Case,
    pub state: CaseState,
    /// The service a closure names as where the family moved on to.
    pub closure_next_service_id: Option<i64>,
    /// The end report written at closure; empty when none.
    pub end_report: String,
    /// The closed episode this one continues (the case was reopened), and the episode that
    /// continues this one.
    pub reopened_from: Option<i64>,
    pub continued_by: Option<i64>,
    /// Which way the case came in (`domain::access_route`).
    pub access_route: AccessRoute,
    /// The child's expected birth date, for a case opened during pregnancy.
    pub expected_birth_on: Option<NaiveDate>,
    #[serde(skip)]
    version: i64,
}

/// A closure as every front-end gives it: `domain::Case::close` decides whether it may happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    pub closed_on: NaiveDate,
    pub reason: ClosureReason,
    pub next_service_id: Option<i64>,
    pub end_report: String,
    /// The timeline's text for the closure (the reason, and where the family moved on to).
    pub event_detail: String,
}

/// One line of a waiting list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaitingEntry {
    pub case_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub enrolled_on: NaiveDate,
    pub days_waiting: i64,
    pub referral_source: ReferralSource,
    /// The course in which the case already holds a seat (a participation not ended), if any.
    pub course_seat: Option<String>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct CaseRow {
    id: i64,
    service_id: i64,
    service_name: String,
    person_id: i64,
    person_name: String,
    referral_source: String,
    enrolled_on: NaiveDate,
    started_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    closure_reason: Option<String>,
    note: String,
    version: i64,
    service_unit_id: i64,
    referred_by_user_id: Option<i64>,
    assigned_user_id: Option<i64>,
    closure_next_service_id: Option<i64>,
    end_report: String,
    reopened_from: Option<i64>,
    continued_by: Option<i64>,
    access_route: String,
    expected_birth_on: Option<NaiveDate>,
}

/// The name of the course in which a waiting case (`c`) holds a seat not ended: the waiting
/// list marks it.
pub(crate) const COURSE_SEAT: &str = "(SELECT g.name FROM group_participants gp JOIN group_courses g ON g.id = gp.course_id \
    WHERE gp.case_id = c.id AND gp.left_on IS NULL ORDER BY gp.id DESC LIMIT 1)";

pub(crate) const SELECT: &str = "SELECT c.id, c.service_id, s.name AS service_name, c.person_id, p.name AS person_name, c.referral_source, \
    c.enrolled_on, c.started_on, c.closed_on, c.closure_reason, c.note, c.version, \
    s.unit_id AS service_unit_id, c.referred_by_user_id, c.assigned_user_id, c.closure_next_service_id, c.end_report, c.reopened_from, \
    (SELECT n.id FROM cases n WHERE n.reopened_from = c.id) AS continued_by, c.access_route, c.expected_birth_on \
    FROM cases c JOIN services s ON s.id = c.service_id JOIN persons p ON p.id = c.person_id";

/// `CaseScope` as SQL: one clause for every scope, chosen by the mode in `$1` (unit `$2`,
/// user `$3`), so the statement text never depends on who asks.
pub(crate) const SCOPE_SQL: &str = "($1 = 0 OR ($1 = 1 AND s.unit_id = $2) OR ($1 = 2 AND (c.assigned_user_id = $3 OR s.unit_id = $2)) \
    OR ($1 = 3 AND c.referred_by_user_id = $3))";

pub(crate) fn scope_binds(scope: CaseScope) -> (i64, i64, i64) {
    match scope {
        CaseScope::All => (0, 0, 0),
        CaseScope::Unit(unit) => (1, unit, 0),
        CaseScope::AssignedOrTeam { user_id, unit_id } => (2, unit_id.unwrap_or(-1), user_id),
        CaseScope::ReferredBy(user_id) => (3, 0, user_id),
        CaseScope::None => (9, 0, 0),
    }
}

pub(crate) const EVENT_SQL: &str = "INSERT INTO case_events (case_id, at, user_id, kind, occurred_on, detail) VALUES ($1, $2, $3, $4, $5, $6)";

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// One entry of a case's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct CaseEvent {
    pub id: i64,
    pub at: String,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    /// `enrolled`, `started`, `closed`, `reopened`, `assigned` (`CaseEventKind`'s codes; kept as
    /// text so an event of a newer version still shows).
    pub kind: String,
    pub occurred_on: NaiveDate,
    pub detail: String,
}

impl CaseRecord {
    pub fn access_facts(&self) -> CaseAccessFacts {
        CaseAccessFacts { service_unit_id: self.service_unit_id, assigned_user_id: self.assigned_user_id, referred_by_user_id: self.referred_by_user_id }
    }
}

impl TryFrom<CaseRow> for CaseRecord {
    type Error = StoreError;
    fn try_from(r: CaseRow) -> Result<Self, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("case {}: {what}", r.id));
        let referral_source = ReferralSource::from_code(&r.referral_source).ok_or_else(|| corrupt("referral_source"))?;
        let closed = match (r.closed_on, r.closure_reason.as_deref()) {
            (Some(d), Some(code)) => Some((d, ClosureReason::from_code(code).ok_or_else(|| corrupt("closure_reason"))?)),
            (None, None) => None,
            _ => return Err(corrupt("closed_on without closure_reason")),
        };
        let case = Case::restore(r.enrolled_on, r.started_on, closed).map_err(|e| corrupt(&e.to_string()))?;
        let access_route = AccessRoute::from_code(&r.access_route).ok_or_else(|| corrupt("access_route"))?;
        Ok(CaseRecord {
            id: r.id,
            service_id: r.service_id,
            service_name: r.service_name,
            person_id: r.person_id,
            person_name: r.person_name,
            referral_source,
            note: r.note,
            service_unit_id: r.service_unit_id,
            referred_by_user_id: r.referred_by_user_id,
            assigned_user_id: r.assigned_user_id,
            state: case.state(),
            case,
            closure_next_service_id: r.closure_next_service_id,
            end_report: r.end_report,
            reopened_from: r.reopened_from,
            continued_by: r.continued_by,
            access_route,
            expected_birth_on: r.expected_birth_on,
            version: r.version,
        })
    }
}

impl Store {
    /// Enrols a case in a transaction of its own (see `Tx::enrol_case`).
    pub async fn enrol_case(&self, new: &NewCase) -> Result<CaseRecord, StoreError> {
        let mut tx = self.begin().await?;
        let record = tx.enrol_case(new).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Enrols a case for a new person in a transaction of its own (see `Tx::enrol_case_for_new_person`).
    pub async fn enrol_case_for_new_person(&self, new: &NewCase, person: &crate::NewPerson, family_name: Option<&str>) -> Result<CaseRecord, StoreError> {
        let mut tx = self.begin().await?;
        let record = tx.enrol_case_for_new_person(new, person, family_name).await?;
        tx.commit().await?;
        Ok(record)
    }

    pub async fn start_case(&self, id: i64, started_on: NaiveDate, by: Option<i64>) -> Result<CaseRecord, StoreError> {
        let mut tx = self.begin().await?;
        let record = tx.start_case(id, started_on, by).await?;
        tx.commit().await?;
        Ok(record)
    }

    pub async fn close_case(&self, id: i64, closure: &Closure, by: Option<i64>) -> Result<CaseRecord, StoreError> {
        let mut tx = self.begin().await?;
        let record = tx.close_case(id, closure, by).await?;
        tx.commit().await?;
        Ok(record)
    }

    pub async fn reopen_case(&self, id: i64, today: NaiveDate, by: Option<i64>) -> Result<CaseRecord, StoreError> {
        let mut tx = self.begin().await?;
        let record = tx.reopen_case(id, today, by).await?;
        tx.commit().await?;
        Ok(record)
    }

    pub async fn assign_case(&self, id: i64, user_id: Option<i64>, today: NaiveDate, by: Option<i64>) -> Result<CaseRecord, StoreError> {
        let mut tx = self.begin().await?;
        let record = tx.assign_case(id, user_id, today, by).await?;
        tx.commit().await?;
        Ok(record)
    }

    pub async fn case(&self, id: i64) -> Result<CaseRecord, StoreError> {
        let sql = format!("{SELECT} WHERE c.id = $1");
        let row: Option<CaseRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await)?;
        row.ok_or(StoreError::NotFound { entity: Entity::Case, id })?.try_into()
    }

    /// Cases of a service, newest enrolment first.
    pub async fn cases_of_service(&self, service_id: i64) -> Result<Vec<CaseRecord>, StoreError> {
        let sql = format!("{SELECT} WHERE c.service_id = $1 ORDER BY c.enrolled_on DESC, c.id DESC");
        let rows: Vec<CaseRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(service_id).fetch_all(pool).await)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }
}

/// The writes of a case, inside a unit of work. Whether the actor may make the change, and
/// whether the service takes the case, is decided before (in `app`); the lifecycle itself by
/// `familiehus_domain::Case`.
impl Tx {
    /// The case as this transaction sees it.
    pub async fn case(&mut self, id: i64) -> Result<CaseRecord, StoreError> {
        let sql = format!("{SELECT} WHERE c.id = $1");
        let row: Option<CaseRow> = with_tx!(self, conn => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(conn).await)?;
        row.ok_or(StoreError::NotFound { entity: Entity::Case, id })?.try_into()
    }

    /// Records which way a new case came in and, for a case opened during pregnancy, the
    /// expected birth date (checked by `domain::access_route` before).
    pub async fn record_access_route(&mut self, case_id: i64, route: AccessRoute, expected_birth_on: Option<NaiveDate>) -> Result<CaseRecord, StoreError> {
        let sql = "UPDATE cases SET access_route = $1, expected_birth_on = $2 WHERE id = $3";
        with_tx!(self, conn => sqlx::query(sql).bind(route.code()).bind(expected_birth_on).bind(case_id).execute(conn).await.map(|_| ()))?;
        self.case(case_id).await
    }

    /// Enrols a case on the service's waiting list, registering a new person if asked to.
    pub async fn enrol_case(&mut self, new: &NewCase) -> Result<CaseRecord, StoreError> {
        if let PersonInput::New { name, .. } = &new.person
            && name.trim().is_empty()
        {
            return Err(StoreError::invalid("person_name", "Skriv barnets eller familiens navn.", "person name is empty"));
        }
        self.enrol(new, None).await
    }

    /// Enrols a case for a person registered with the referral in full (CPR number, and a new
    /// family when `family_name` is given); `new.person` is not used. A refused referral (e.g. a
    /// CPR number already registered) leaves no person or family behind once the transaction
    /// is dropped.
    pub async fn enrol_case_for_new_person(&mut self, new: &NewCase, person: &crate::NewPerson, family_name: Option<&str>) -> Result<CaseRecord, StoreError> {
        if person.name.trim().is_empty() {
            return Err(StoreError::invalid("person_name", "Skriv personens navn.", "person name is empty"));
        }
        if family_name.is_some_and(|f| f.trim().is_empty()) {
            return Err(StoreError::invalid("family_name", "Familien skal have et navn.", "family name is empty"));
        }
        self.enrol(new, Some((person, family_name))).await
    }

    async fn enrol(&mut self, new: &NewCase, registration: Option<(&crate::NewPerson, Option<&str>)>) -> Result<CaseRecord, StoreError> {
        let case_sql = "INSERT INTO cases (service_id, person_id, referral_source, enrolled_on, note, referred_by_user_id, assigned_user_id) \
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        let person_sql = "INSERT INTO persons (name, birth_date) VALUES ($1, $2) RETURNING id";
        let exists_sql = "SELECT count(*) FROM persons WHERE id = $1";
        let service_sql = "SELECT count(*) FROM services WHERE id = $1";
        let family_sql = "INSERT INTO families (name) VALUES ($1) RETURNING id";
        let full_person_sql = "INSERT INTO persons (name, birth_date, cpr, cpr_hash, family_id, family_role) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        // Sealed before the connection is borrowed: (sealed number, lookup hash).
        let sealed = match registration.and_then(|(p, _)| p.cpr.as_ref()) {
            Some(cpr) => {
                let cipher = self.cipher()?;
                Some((cipher.seal(cpr), cipher.lookup(cpr)))
            }
            None => None,
        };
        let id: i64 = with_tx!(self, conn => {
            let n: i64 = sqlx::query_scalar(service_sql).bind(new.service_id).fetch_one(&mut *conn).await?;
            if n == 0 {
                return Err(StoreError::invalid("service_id", "Indsatsen findes ikke.", "service does not exist"));
            }
            let person_id: i64 = match (&new.person, registration) {
                (_, Some((person, family_name))) => {
                    let family_id: Option<i64> = match family_name {
                        Some(name) => Some(sqlx::query_scalar(family_sql).bind(name.trim()).fetch_one(&mut *conn).await?),
                        None => person.family_id,
                    };
                    let birth_date = person.birth_date.or_else(|| person.cpr.as_ref().and_then(familiehus_domain::Cpr::birth_date));
                    sqlx::query_scalar(full_person_sql)
                        .bind(person.name.trim())
                        .bind(birth_date)
                        .bind(sealed.as_ref().map(|s| s.0.as_str()))
                        .bind(sealed.as_ref().map(|s| s.1.as_str()))
                        .bind(family_id)
                        .bind(person.family_role.as_deref())
                        .fetch_one(&mut *conn)
                        .await
                        .map_err(|e| StoreError::unique_as_field(e, "cpr", "Der findes allerede en person med dette CPR-nummer.", "cpr taken"))?
                }
                (PersonInput::Existing(id), None) => {
                    let n: i64 = sqlx::query_scalar(exists_sql).bind(*id).fetch_one(&mut *conn).await?;
                    if n == 0 {
                        return Err(StoreError::invalid("person_id", "Personen findes ikke.", "person does not exist"));
                    }
                    *id
                }
                (PersonInput::New { name, birth_date }, None) => {
                    sqlx::query_scalar(person_sql).bind(name.trim()).bind(*birth_date).fetch_one(&mut *conn).await?
                }
            };
            let id: i64 = sqlx::query_scalar(case_sql)
                .bind(new.service_id)
                .bind(person_id)
                .bind(new.referral_source.code())
                .bind(new.enrolled_on)
                .bind(new.note.trim())
                .bind(new.referred_by_user_id)
                .bind(new.assigned_user_id)
                .fetch_one(&mut *conn)
                .await?;
            sqlx::query(EVENT_SQL)
                .bind(id)
                .bind(now())
                .bind(new.referred_by_user_id)
                .bind(CaseEventKind::Enrolled.code())
                .bind(new.enrolled_on)
                .bind(new.referral_source.label_da())
                .execute(&mut *conn)
                .await?;
            id
        });
        self.case(id).await
    }

    pub async fn start_case(&mut self, id: i64, started_on: NaiveDate, by: Option<i64>) -> Result<CaseRecord, StoreError> {
        self.transition(id, by, CaseEventKind::Started, started_on, String::new(), |case| case.start(started_on)).await
    }

    pub async fn close_case(&mut self, id: i64, closure: &Closure, by: Option<i64>) -> Result<CaseRecord, StoreError> {
        let (closed_on, reason) = (closure.closed_on, closure.reason);
        let detail = if closure.event_detail.is_empty() { reason.label_da().to_owned() } else { closure.event_detail.clone() };
        self.transition(id, by, CaseEventKind::Closed, closed_on, detail, |case| case.close(closed_on, reason)).await?;
        let sql = "UPDATE cases SET closure_next_service_id = $1, end_report = $2 WHERE id = $3";
        with_tx!(self, conn => {
            sqlx::query(sql).bind(closure.next_service_id).bind(closure.end_report.trim()).bind(id).execute(&mut *conn).await?;
        });
        self.case(id).await
    }

    /// Reopens a closed case as a new episode (`domain::Case::next_episode`): a new case row
    /// for the same person, service, referral and practitioner, pointing at the closed one,
    /// which is left exactly as it was. Returns the new episode.
    pub async fn reopen_case(&mut self, id: i64, today: NaiveDate, by: Option<i64>) -> Result<CaseRecord, StoreError> {
        let record = self.case(id).await?;
        if let Some(next) = record.continued_by {
            let da = format!("Sagen er allerede genåbnet som sag {next}.");
            return Err(StoreError::invalid("state", &da, "case already reopened"));
        }
        let next = record.case.next_episode(today)?;
        let insert = "INSERT INTO cases (service_id, person_id, referral_source, enrolled_on, started_on, note, referred_by_user_id, assigned_user_id, reopened_from) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
        let new_id: i64 = with_tx!(self, conn => {
            let new_id: i64 = sqlx::query_scalar(insert)
                .bind(record.service_id)
                .bind(record.person_id)
                .bind(record.referral_source.code())
                .bind(next.enrolled_on())
                .bind(next.started_on())
                .bind(&record.note)
                .bind(record.referred_by_user_id)
                .bind(record.assigned_user_id)
                .bind(id)
                .fetch_one(&mut *conn)
                .await
                .map_err(|e| StoreError::unique_as_field(e, "state", "Sagen er allerede genåbnet.", "case already reopened"))?;
            let (at, on) = (now(), next.enrolled_on());
            sqlx::query(EVENT_SQL).bind(id).bind(&at).bind(by).bind(CaseEventKind::Reopened.code()).bind(on).bind(format!("Fortsat som sag {new_id}")).execute(&mut *conn).await?;
            sqlx::query(EVENT_SQL).bind(new_id).bind(&at).bind(by).bind(CaseEventKind::Reopened.code()).bind(on).bind(format!("Ny episode af sag {id}")).execute(&mut *conn).await?;
            new_id
        });
        self.case(new_id).await
    }

    /// Applies a domain transition and persists it, with its timeline event, if nobody changed
    /// the case meanwhile (the row version guards against a change made between a page's read
    /// and this write).
    async fn transition(
        &mut self,
        id: i64,
        by: Option<i64>,
        kind: CaseEventKind,
        occurred_on: NaiveDate,
        detail: String,
        apply: impl FnOnce(&mut Case) -> Result<(), familiehus_domain::CaseError>,
    ) -> Result<CaseRecord, StoreError> {
        let record = self.case(id).await?;
        let mut case = record.case.clone();
        apply(&mut case)?;
        let sql = "UPDATE cases SET started_on = $1, closed_on = $2, closure_reason = $3, version = version + 1 WHERE id = $4 AND version = $5";
        with_tx!(self, conn => {
            let changed = sqlx::query(sql)
                .bind(case.started_on())
                .bind(case.closed_on())
                .bind(case.closure_reason().map(ClosureReason::code))
                .bind(id)
                .bind(record.version)
                .execute(&mut *conn)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err(StoreError::Concurrent);
            }
            sqlx::query(EVENT_SQL).bind(id).bind(now()).bind(by).bind(kind.code()).bind(occurred_on).bind(&detail).execute(&mut *conn).await?;
        });
        self.case(id).await
    }

    /// Assigns the case to a practitioner (or nobody). Who may carry a case is `app`'s rule.
    pub async fn assign_case(&mut self, id: i64, user_id: Option<i64>, today: NaiveDate, by: Option<i64>) -> Result<CaseRecord, StoreError> {
        let name_sql = "SELECT display_name FROM users WHERE id = $1";
        let sql = "UPDATE cases SET assigned_user_id = $1, version = version + 1 WHERE id = $2";
        with_tx!(self, conn => {
            let detail: String = match user_id {
                Some(u) => sqlx::query_scalar::<_, String>(name_sql).bind(u).fetch_optional(&mut *conn).await?
                    .ok_or_else(|| StoreError::invalid("assigned_user_id", "Medarbejderen findes ikke.", "user does not exist"))?,
                None => String::new(),
            };
            let changed = sqlx::query(sql).bind(user_id).bind(id).execute(&mut *conn).await?.rows_affected();
            if changed == 0 {
                return Err(StoreError::NotFound { entity: Entity::Case, id });
            }
            sqlx::query(EVENT_SQL).bind(id).bind(now()).bind(by).bind(CaseEventKind::Assigned.code()).bind(today).bind(&detail).execute(&mut *conn).await?;
        });
        self.case(id).await
    }
}

impl Store {
    /// Everything that happened to a case, oldest first.
    pub async fn case_timeline(&self, id: i64) -> Result<Vec<CaseEvent>, StoreError> {
        let sql = "SELECT e.id, e.at, e.user_id, u.display_name AS user_name, e.kind, e.occurred_on, e.detail \
            FROM case_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.case_id = $1 ORDER BY e.occurred_on, e.id";
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_all(pool).await)?)
    }

    /// The cases a scope may see, optionally of one service and in one state; newest first, at most `limit`.
    pub async fn visible_cases(&self, scope: CaseScope, service_id: Option<i64>, state: Option<CaseState>, limit: i64) -> Result<Vec<CaseRecord>, StoreError> {
        let (mode, unit, user) = scope_binds(scope);
        let state_clause = match state {
            None => "",
            Some(CaseState::Waiting) => " AND c.started_on IS NULL AND c.closed_on IS NULL",
            Some(CaseState::Active) => " AND c.started_on IS NOT NULL AND c.closed_on IS NULL",
            Some(CaseState::Closed) => " AND c.closed_on IS NOT NULL",
        };
        let sql = format!("{SELECT} WHERE {SCOPE_SQL} AND ($4 = 0 OR c.service_id = $4){state_clause} ORDER BY c.enrolled_on DESC, c.id DESC LIMIT $5");
        let rows: Vec<CaseRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(mode).bind(unit).bind(user).bind(service_id.unwrap_or(0)).bind(limit)
            .fetch_all(pool).await)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// Started, not closed cases per service (service id, count): what a service's capacity
    /// is measured against. Counts only, no personal data.
    pub async fn active_case_counts(&self) -> Result<Vec<(i64, i64)>, StoreError> {
        let sql =
            "SELECT service_id, CAST(count(*) AS BIGINT) FROM cases WHERE started_on IS NOT NULL AND closed_on IS NULL GROUP BY service_id ORDER BY service_id";
        Ok(with_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?)
    }

    /// Whether a scope sees a case of anyone in the family: what gives need-to-know of a family
    /// member who has no case of their own (a parent of a child in family treatment).
    pub async fn family_case_in_scope(&self, family_id: i64, scope: CaseScope) -> Result<bool, StoreError> {
        let (mode, unit, user) = scope_binds(scope);
        let sql = format!(
            "SELECT CAST(count(*) AS BIGINT) FROM (SELECT c.id FROM cases c JOIN services s ON s.id = c.service_id JOIN persons p ON p.id = c.person_id WHERE {SCOPE_SQL} AND p.family_id = $4 LIMIT 1) AS hit"
        );
        let n: i64 = with_pool!(self, pool => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str())).bind(mode).bind(unit).bind(user).bind(family_id).fetch_one(pool).await)?;
        Ok(n > 0)
    }

    /// The cases of one person that a scope may see, newest enrolment first.
    pub async fn person_cases(&self, person_id: i64, scope: CaseScope) -> Result<Vec<CaseRecord>, StoreError> {
        let (mode, unit, user) = scope_binds(scope);
        let sql = format!("{SELECT} WHERE {SCOPE_SQL} AND c.person_id = $4 ORDER BY c.enrolled_on DESC, c.id DESC");
        let rows: Vec<CaseRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(mode).bind(unit).bind(user).bind(person_id)
            .fetch_all(pool).await)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// Per service, the waiting cases a scope may see: (service id, how many, the oldest
    /// enrolment). One grouped query for a front page, instead of a waiting list per service.
    pub async fn waiting_summary(&self, scope: CaseScope) -> Result<Vec<(i64, i64, NaiveDate)>, StoreError> {
        let (mode, unit, user) = scope_binds(scope);
        // The waiting cases' own index (0030): SQLite's planner, without statistics for it,
        // preferred `cases_started`, ten times slower at a million cases.
        let hint = match self.backend() {
            crate::Backend::Sqlite => " INDEXED BY cases_waiting",
            crate::Backend::Postgres => "",
        };
        let sql = format!(
            "SELECT c.service_id, CAST(count(*) AS BIGINT), min(c.enrolled_on) FROM cases c{hint} JOIN services s ON s.id = c.service_id \
             WHERE c.started_on IS NULL AND c.closed_on IS NULL AND {SCOPE_SQL} GROUP BY c.service_id ORDER BY c.service_id"
        );
        Ok(with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(mode).bind(unit).bind(user).fetch_all(pool).await)?)
    }

    /// The cases with these ids (any order given; returned by id). The caller has checked
    /// need-to-know for each.
    pub async fn cases_by_ids(&self, ids: &[i64]) -> Result<Vec<CaseRecord>, StoreError> {
        let mut records = Vec::with_capacity(ids.len());
        // Bounded statements: placeholders are numbered, never values spliced into the text.
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!("{SELECT} WHERE c.id IN ({}) ORDER BY c.id", placeholders.join(", "));
            let rows: Vec<CaseRow> = with_pool!(self, pool => {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
                for id in chunk {
                    q = q.bind(*id);
                }
                q.fetch_all(pool).await
            })?;
            for row in rows {
                records.push(row.try_into()?);
            }
        }
        Ok(records)
    }

    /// The service's waiting list on `today`: enrolled, not started, not closed; oldest first.
    pub async fn waiting_list(&self, service_id: i64, today: NaiveDate, scope: CaseScope) -> Result<Vec<WaitingEntry>, StoreError> {
        let sql = format!(
            "SELECT c.id, p.id, p.name, c.enrolled_on, c.referral_source, {COURSE_SEAT} FROM cases c JOIN persons p ON p.id = c.person_id \
             JOIN services s ON s.id = c.service_id \
             WHERE c.service_id = $4 AND c.started_on IS NULL AND c.closed_on IS NULL AND {SCOPE_SQL} ORDER BY c.enrolled_on, c.id"
        );
        let (mode, unit, user) = scope_binds(scope);
        type Row = (i64, i64, String, NaiveDate, String, Option<String>);
        let rows: Vec<Row> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(mode).bind(unit).bind(user).bind(service_id).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|(case_id, person_id, person_name, enrolled_on, source, course_seat)| {
                Ok(WaitingEntry {
                    case_id,
                    person_id,
                    person_name,
                    enrolled_on,
                    days_waiting: Case::enrol(enrolled_on).days_waiting_on(today).unwrap_or(0),
                    referral_source: ReferralSource::from_code(&source).ok_or_else(|| StoreError::Corrupt(format!("case {case_id}: referral_source")))?,
                    course_seat,
                })
            })
            .collect()
    }
}
