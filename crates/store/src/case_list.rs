//! The case list as pages ("Mine sager", `/sager`, the API): search by name or case number,
//! filters (service, state, practitioner, a given set of ids such as the overdue ones), sorting
//! by any column in either direction and paging, with the total of matching cases. The SQL does
//! the filtering, sorting and paging: one query for the page and one for the count, whatever
//! the size of the municipality. Statement texts are built from fixed fragments chosen by which
//! filters are set; every value is bound, never spliced.

use crate::cases::{COURSE_SEAT, CaseRow, SELECT};
use crate::persons::{NAME_KEY, name_key};
use crate::{CaseRecord, Store, StoreError, with_pool};
use familiehus_domain::{CaseScope, CaseState};

/// A column the list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseSort {
    Id,
    Person,
    Service,
    State,
    #[default]
    Enrolled,
    Started,
    Closed,
    Practitioner,
}

impl CaseSort {
    pub const ALL: &'static [CaseSort] =
        &[CaseSort::Id, CaseSort::Person, CaseSort::Service, CaseSort::State, CaseSort::Enrolled, CaseSort::Started, CaseSort::Closed, CaseSort::Practitioner];

    /// The code in a page's query string.
    pub fn code(self) -> &'static str {
        match self {
            CaseSort::Id => "sag",
            CaseSort::Person => "person",
            CaseSort::Service => "indsats",
            CaseSort::State => "status",
            CaseSort::Enrolled => "indskrevet",
            CaseSort::Started => "ivaerksat",
            CaseSort::Closed => "afsluttet",
            CaseSort::Practitioner => "behandler",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// The sort key, nulls last ascending (first descending) on both backends alike.
    fn key(self) -> &'static str {
        match self {
            CaseSort::Id => "",
            CaseSort::Person => "p.name",
            CaseSort::Service => "s.name",
            CaseSort::State => "CASE WHEN c.closed_on IS NOT NULL THEN 2 WHEN c.started_on IS NOT NULL THEN 1 ELSE 0 END",
            CaseSort::Enrolled => "c.enrolled_on",
            CaseSort::Started => "(c.started_on IS NULL), c.started_on",
            CaseSort::Closed => "(c.closed_on IS NULL), c.closed_on",
            CaseSort::Practitioner => "(u.display_name IS NULL), u.display_name",
        }
    }
}

/// What "state" may be filtered on: one state, or open (waiting or started).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    One(CaseState),
    Open,
}

/// One page of the case list, as asked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseListQuery {
    /// Part of the person's name (folded like person search), or a whole case number.
    pub text: String,
    pub service_id: Option<i64>,
    pub state: Option<StateFilter>,
    /// Cases carried by this practitioner.
    pub assigned_user_id: Option<i64>,
    /// Only cases whose next follow-up (the stored `next_follow_up_on`, kept current by
    /// `refresh_stale_deadlines`) is due before this date: "overdue" on a given day.
    pub follow_up_due_before: Option<chrono::NaiveDate>,
    pub sort: CaseSort,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

/// A case as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedCase {
    pub record: CaseRecord,
    pub practitioner_name: Option<String>,
}

/// A page of cases with the number of cases matching in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePage {
    pub total: i64,
    pub cases: Vec<ListedCase>,
}

#[derive(sqlx::FromRow)]
struct ListRow {
    #[sqlx(flatten)]
    case: CaseRow,
    practitioner_name: Option<String>,
}

enum Bind {
    Int(i64),
    Text(String),
    Date(chrono::NaiveDate),
}

/// `CaseScope` as a fragment of its own per kind of scope (so each plan fits its scope).
fn scope_clause(scope: CaseScope, binds: &mut Vec<Bind>) -> String {
    let mut next = |b: Bind| {
        binds.push(b);
        format!("${}", binds.len())
    };
    match scope {
        CaseScope::All => "1 = 1".to_owned(),
        CaseScope::Unit(unit) => format!("s.unit_id = {}", next(Bind::Int(unit))),
        CaseScope::AssignedOrTeam { user_id, unit_id: Some(unit) } => {
            let u = next(Bind::Int(user_id));
            format!("(c.assigned_user_id = {u} OR s.unit_id = {})", next(Bind::Int(unit)))
        }
        CaseScope::AssignedOrTeam { user_id, unit_id: None } => format!("c.assigned_user_id = {}", next(Bind::Int(user_id))),
        CaseScope::ReferredBy(user_id) => format!("c.referred_by_user_id = {}", next(Bind::Int(user_id))),
        CaseScope::None => "1 = 0".to_owned(),
    }
}

/// `scope_clause` without the join to `services`: a unit is its services' ids, so the partial
/// indexes on `(service_id, next_follow_up_on)` and `(assigned_user_id, next_follow_up_on)`
/// serve a count and the ordered `cases_next_follow_up` a first page (`0030_deadline_indexes.sql`).
fn scope_clause_by_service(scope: CaseScope, binds: &mut Vec<Bind>) -> String {
    let unit_services = |n: usize| format!("c.service_id IN (SELECT id FROM services WHERE unit_id = ${n})");
    match scope {
        CaseScope::Unit(unit) => {
            binds.push(Bind::Int(unit));
            unit_services(binds.len())
        }
        CaseScope::AssignedOrTeam { user_id, unit_id: Some(unit) } => {
            binds.push(Bind::Int(user_id));
            let user = binds.len();
            binds.push(Bind::Int(unit));
            format!("(c.assigned_user_id = ${user} OR {})", unit_services(binds.len()))
        }
        // The other scopes never name the unit: `scope_clause` reads no `services` column for them.
        other => scope_clause(other, binds),
    }
}

fn where_clause(scope: CaseScope, q: &CaseListQuery, binds: &mut Vec<Bind>) -> String {
    let mut parts = vec![scope_clause(scope, binds)];
    let next = |binds: &mut Vec<Bind>, b: Bind| {
        binds.push(b);
        format!("${}", binds.len())
    };
    let text = q.text.trim();
    if !text.is_empty() {
        match text.parse::<i64>() {
            Ok(id) => parts.push(format!("c.id = {}", next(binds, Bind::Int(id)))),
            Err(_) => {
                let like = format!("%{}%", name_key(text).replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
                parts.push(format!("{NAME_KEY} LIKE {} ESCAPE '\\'", next(binds, Bind::Text(like))));
            }
        }
    }
    if let Some(service) = q.service_id {
        parts.push(format!("c.service_id = {}", next(binds, Bind::Int(service))));
    }
    if let Some(user) = q.assigned_user_id {
        parts.push(format!("c.assigned_user_id = {}", next(binds, Bind::Int(user))));
    }
    match q.state {
        None => {}
        Some(StateFilter::One(CaseState::Waiting)) => parts.push("c.started_on IS NULL AND c.closed_on IS NULL".into()),
        Some(StateFilter::One(CaseState::Active)) => parts.push("c.started_on IS NOT NULL AND c.closed_on IS NULL".into()),
        Some(StateFilter::One(CaseState::Closed)) => parts.push("c.closed_on IS NOT NULL".into()),
        Some(StateFilter::Open) => parts.push("c.closed_on IS NULL".into()),
    }
    if let Some(before) = q.follow_up_due_before {
        let p = next(binds, Bind::Date(before));
        parts.push(format!("c.closed_on IS NULL AND c.next_follow_up_on < {p}"));
    }
    parts.join(" AND ")
}

const FROM: &str = "FROM cases c JOIN services s ON s.id = c.service_id JOIN persons p ON p.id = c.person_id LEFT JOIN users u ON u.id = c.assigned_user_id";

macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                Bind::Int(v) => q.bind(*v),
                Bind::Text(v) => q.bind(v.clone()),
                Bind::Date(v) => q.bind(*v),
            };
        }
        q
    }};
}

impl Store {
    /// One page of the cases `scope` may see that match `q`, and how many match in all.
    pub async fn case_page(&self, scope: CaseScope, q: &CaseListQuery) -> Result<CasePage, StoreError> {
        let mut binds = Vec::new();
        let filter = where_clause(scope, q, &mut binds);
        let count_sql = format!("SELECT CAST(count(*) AS BIGINT) {FROM} WHERE {filter}");
        let total: i64 = with_pool!(self, pool => bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql.as_str())), binds.iter()).fetch_one(pool).await)?;
        let dir = if q.descending { "DESC" } else { "ASC" };
        let key = q.sort.key();
        // Every key ends with the case number, so the order is total and pages never overlap.
        let order = if key.is_empty() {
            format!("c.id {dir}")
        } else {
            let keys: Vec<String> = key.split(", ").map(|k| format!("{k} {dir}")).collect();
            format!("{}, c.id {dir}", keys.join(", "))
        };
        let (limit, offset) = (q.limit.clamp(1, 1000), q.offset.max(0));
        let select = SELECT.replacen(" FROM cases c JOIN services s ON s.id = c.service_id JOIN persons p ON p.id = c.person_id", "", 1);
        let mut page_binds = binds;
        page_binds.push(Bind::Int(limit));
        page_binds.push(Bind::Int(offset));
        let n = page_binds.len();
        let sql = format!("{select}, u.display_name AS practitioner_name {FROM} WHERE {filter} ORDER BY {order} LIMIT ${} OFFSET ${n}", n - 1);
        let rows: Vec<ListRow> =
            with_pool!(self, pool => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), page_binds.iter()).fetch_all(pool).await)?;
        let cases = rows
            .into_iter()
            .map(|r| Ok(ListedCase { record: r.case.try_into()?, practitioner_name: r.practitioner_name }))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(CasePage { total, cases })
    }

    /// One page of the stored next follow-ups of the open cases `scope` may see (optionally one
    /// practitioner's), due within `from..=to` (either bound open), soonest first, and how many
    /// there are in all: (case id, due date, follow-up number). The caller refreshes stale
    /// deadlines first (`refresh_stale_deadlines`).
    pub async fn deadline_page(
        &self,
        scope: CaseScope,
        assigned_user_id: Option<i64>,
        (from, to): (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
        offset: i64,
        limit: i64,
    ) -> Result<(i64, Vec<(i64, chrono::NaiveDate, i64)>), StoreError> {
        let mut binds = Vec::new();
        // Read after `refresh_stale_deadlines` (as `app::deadlines` does): a closed case's stored
        // date is then empty, so the filter needs no `closed_on` and stays within the indexes.
        let mut filter = scope_clause_by_service(scope, &mut binds);
        filter.push_str(" AND c.next_follow_up_on IS NOT NULL");
        for (column, bind) in [
            (" AND c.assigned_user_id = ", assigned_user_id.map(Bind::Int)),
            (" AND c.next_follow_up_on >= ", from.map(Bind::Date)),
            (" AND c.next_follow_up_on <= ", to.map(Bind::Date)),
        ] {
            if let Some(bind) = bind {
                binds.push(bind);
                filter.push_str(&format!("{column}${}", binds.len()));
            }
        }
        let from_sql = "FROM cases c";
        let count_sql = format!("SELECT CAST(count(*) AS BIGINT) {from_sql} WHERE {filter}");
        let total: i64 = with_pool!(self, pool => bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql.as_str())), binds.iter()).fetch_one(pool).await)?;
        binds.push(Bind::Int(limit.clamp(1, 1000)));
        binds.push(Bind::Int(offset.max(0)));
        let n = binds.len();
        let sql = format!(
            "SELECT c.id, c.next_follow_up_on, CAST(c.next_follow_up_number AS BIGINT) {from_sql} WHERE {filter} \
             ORDER BY c.next_follow_up_on, c.id LIMIT ${} OFFSET ${n}",
            n - 1
        );
        let rows = with_pool!(self, pool => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), binds.iter()).fetch_all(pool).await)?;
        Ok((total, rows))
    }
}

impl Store {
    /// One page of the service's waiting list on `today` (oldest enrolment first) and how many
    /// wait in all: a list of thousands is never one page.
    pub async fn waiting_page(
        &self,
        service_id: i64,
        today: chrono::NaiveDate,
        scope: CaseScope,
        offset: i64,
        limit: i64,
    ) -> Result<(i64, Vec<crate::WaitingEntry>), StoreError> {
        let mut binds = Vec::new();
        let filter = scope_clause(scope, &mut binds);
        binds.push(Bind::Int(service_id));
        let filter = format!("{filter} AND c.service_id = ${} AND c.started_on IS NULL AND c.closed_on IS NULL", binds.len());
        let from = "FROM cases c JOIN persons p ON p.id = c.person_id JOIN services s ON s.id = c.service_id";
        let count_sql = format!("SELECT CAST(count(*) AS BIGINT) {from} WHERE {filter}");
        let total: i64 = with_pool!(self, pool => bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql.as_str())), binds.iter()).fetch_one(pool).await)?;
        binds.push(Bind::Int(limit.clamp(1, 1000)));
        binds.push(Bind::Int(offset.max(0)));
        let n = binds.len();
        let sql = format!(
            "SELECT c.id, p.id, p.name, c.enrolled_on, c.referral_source, {COURSE_SEAT} {from} WHERE {filter} ORDER BY c.enrolled_on, c.id LIMIT ${} OFFSET ${n}",
            n - 1
        );
        let rows: Vec<(i64, i64, String, chrono::NaiveDate, String, Option<String>)> =
            with_pool!(self, pool => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), binds.iter()).fetch_all(pool).await)?;
        let entries = rows
            .into_iter()
            .map(|(case_id, person_id, person_name, enrolled_on, source, course_seat)| {
                Ok(crate::WaitingEntry {
                    case_id,
                    person_id,
                    person_name,
                    enrolled_on,
                    days_waiting: familiehus_domain::Case::enrol(enrolled_on).days_waiting_on(today).unwrap_or(0),
                    referral_source: familiehus_domain::ReferralSource::from_code(&source)
                        .ok_or_else(|| StoreError::Corrupt(format!("case {case_id}: referral_source")))?,
                    course_seat,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((total, entries))
    }
}
