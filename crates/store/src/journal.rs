//! The case journal's tables (`0014_journal.sql`): entries and their versions. A correction is
//! inserted as the next version of its entry; nothing here updates or deletes a version, so
//! every earlier text stays readable. Whether the actor may write, and whether a contact meets
//! the rules, is decided before (`app::journal`, `domain::journal`).

use crate::tx::with_tx;
use crate::{Entity, Store, StoreError, Tx, with_pool};
use chrono::{NaiveDate, Utc};
use familiehus_domain::journal::{Contact, ContactKind, ContactPlace, Participant, StartTime};
use serde::Serialize;

/// One version of an entry, with the names the page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalVersion {
    /// 1 for the entry as first written, then 2, 3, … for each correction.
    pub version: i64,
    #[serde(flatten)]
    pub contact: Contact,
    /// The practitioners' display names, in the order of `contact.practitioners`.
    pub practitioner_names: Vec<String>,
    /// RFC 3339, UTC.
    pub written_at: String,
    pub written_by: Option<i64>,
    pub written_by_name: Option<String>,
}

/// A journal entry: every version, oldest first; the last is the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalEntry {
    pub id: i64,
    pub case_id: i64,
    pub created_at: String,
    pub versions: Vec<JournalVersion>,
}

impl JournalEntry {
    pub fn current(&self) -> Option<&JournalVersion> {
        self.versions.last()
    }
}

const SELECT: &str = "SELECT e.id, e.case_id, e.created_at, v.version, v.kind, v.occurred_on, v.start_time, v.minutes, v.place, v.participants, \
    v.practitioner_1, p1.display_name AS practitioner_1_name, v.practitioner_2, p2.display_name AS practitioner_2_name, v.note, v.flexible, v.family_may_read, v.group_cases, v.written_at, v.written_by, w.display_name AS written_by_name \
    FROM journal_entries e JOIN journal_versions v ON v.entry_id = e.id \
    JOIN users p1 ON p1.id = v.practitioner_1 LEFT JOIN users p2 ON p2.id = v.practitioner_2 LEFT JOIN users w ON w.id = v.written_by";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    case_id: i64,
    created_at: String,
    version: i64,
    kind: String,
    occurred_on: NaiveDate,
    start_time: String,
    minutes: i64,
    place: String,
    participants: String,
    practitioner_1: i64,
    practitioner_1_name: String,
    practitioner_2: Option<i64>,
    practitioner_2_name: Option<String>,
    note: String,
    flexible: bool,
    family_may_read: bool,
    group_cases: String,
    written_at: String,
    written_by: Option<i64>,
    written_by_name: Option<String>,
}

impl Row {
    fn version(self) -> Result<(i64, i64, String, JournalVersion), StoreError> {
        let corrupt = || StoreError::Corrupt(format!("journal entry {} version {}", self.id, self.version));
        let participants = if self.participants.is_empty() {
            Vec::new()
        } else {
            self.participants.split(',').map(|c| Participant::from_code(c).ok_or_else(corrupt)).collect::<Result<Vec<_>, _>>()?
        };
        let start = StartTime::parse(&self.start_time).ok_or_else(corrupt)?;
        let group_cases = if self.group_cases.is_empty() {
            Vec::new()
        } else {
            self.group_cases.split(',').map(|c| c.parse::<i64>().map_err(|_| corrupt())).collect::<Result<Vec<_>, _>>()?
        };
        let mut practitioners = vec![self.practitioner_1];
        let mut practitioner_names = vec![self.practitioner_1_name.clone()];
        if let Some(p2) = self.practitioner_2 {
            practitioners.push(p2);
            practitioner_names.push(self.practitioner_2_name.clone().unwrap_or_default());
        }
        let contact = Contact {
            kind: ContactKind::from_code(&self.kind).ok_or_else(corrupt)?,
            occurred_on: self.occurred_on,
            start,
            minutes: u16::try_from(self.minutes).map_err(|_| corrupt())?,
            place: ContactPlace::from_code(&self.place).ok_or_else(corrupt)?,
            participants,
            practitioners,
            note: self.note,
            flexible: self.flexible,
            family_may_read: self.family_may_read,
            group_cases,
        };
        let version = JournalVersion {
            version: self.version,
            contact,
            practitioner_names,
            written_at: self.written_at,
            written_by: self.written_by,
            written_by_name: self.written_by_name,
        };
        Ok((self.id, self.case_id, self.created_at, version))
    }
}

/// Rows ordered by entry and version → entries, each with its versions oldest first.
fn entries(rows: Vec<Row>) -> Result<Vec<JournalEntry>, StoreError> {
    let mut out: Vec<JournalEntry> = Vec::new();
    for row in rows {
        let (id, case_id, created_at, version) = row.version()?;
        match out.last_mut() {
            Some(e) if e.id == id => e.versions.push(version),
            _ => out.push(JournalEntry { id, case_id, created_at, versions: vec![version] }),
        }
    }
    Ok(out)
}

/// Newest contact first (by the current version's date and time, then the newest entry).
fn newest_first(entries: &mut [JournalEntry]) {
    let key = |e: &JournalEntry| e.current().map(|v| (v.contact.occurred_on, v.contact.start));
    entries.sort_by(|a, b| key(b).cmp(&key(a)).then(b.id.cmp(&a.id)));
}

impl Store {
    /// A case's journal, every entry with every version, newest contact first.
    pub async fn journal(&self, case_id: i64) -> Result<Vec<JournalEntry>, StoreError> {
        let sql = format!("{SELECT} WHERE e.case_id = $1 ORDER BY e.id, v.version");
        let rows: Vec<Row> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(case_id).fetch_all(pool).await)?;
        let mut out = entries(rows)?;
        newest_first(&mut out);
        Ok(out)
    }
}

/// The practitioners as the two columns hold them.
fn practitioner_columns(contact: &Contact) -> Result<(i64, Option<i64>), StoreError> {
    match contact.practitioners.as_slice() {
        [one] => Ok((*one, None)),
        [one, two] => Ok((*one, Some(*two))),
        _ => Err(StoreError::invalid("practitioners", "Vælg en eller to behandlere.", "one or two practitioners")),
    }
}

impl Tx {
    /// One entry with all its versions, as this transaction sees it.
    pub async fn journal_entry(&mut self, id: i64) -> Result<JournalEntry, StoreError> {
        let sql = format!("{SELECT} WHERE e.id = $1 ORDER BY e.id, v.version");
        let rows: Vec<Row> = with_tx!(self, conn => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_all(conn).await)?;
        entries(rows)?.pop().ok_or(StoreError::NotFound { entity: Entity::JournalEntry, id })
    }

    /// Writes a new entry of the case with its first version; returns the entry's id.
    pub async fn add_journal_entry(&mut self, case_id: i64, contact: &Contact, written_by: Option<i64>) -> Result<i64, StoreError> {
        let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let id: i64 = with_tx!(self, conn => sqlx::query_scalar("INSERT INTO journal_entries (case_id, created_at) VALUES ($1, $2) RETURNING id")
            .bind(case_id).bind(&now).fetch_one(conn).await)?;
        self.insert_version(id, 1, contact, written_by, &now).await?;
        Ok(id)
    }

    /// Adds a correction as version `version` (the current one + 1); a concurrent correction
    /// that took the number first makes this one `Concurrent`, never an overwrite.
    pub async fn add_journal_version(&mut self, entry_id: i64, version: i64, contact: &Contact, written_by: Option<i64>) -> Result<(), StoreError> {
        let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        self.insert_version(entry_id, version, contact, written_by, &now).await
    }

    async fn insert_version(&mut self, entry_id: i64, version: i64, contact: &Contact, written_by: Option<i64>, now: &str) -> Result<(), StoreError> {
        let (p1, p2) = practitioner_columns(contact)?;
        let participants = contact.participants.iter().map(|p| p.code()).collect::<Vec<_>>().join(",");
        let start = format!("{:02}:{:02}", contact.start.hour(), contact.start.minute());
        let group_cases = contact.group_cases.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = "INSERT INTO journal_versions (entry_id, version, kind, occurred_on, start_time, minutes, place, participants, practitioner_1, practitioner_2, note, written_at, written_by, flexible, family_may_read, group_cases) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";
        let done = with_tx!(self, conn => sqlx::query(sql)
            .bind(entry_id).bind(version).bind(contact.kind.code()).bind(contact.occurred_on).bind(&start).bind(i64::from(contact.minutes))
            .bind(contact.place.code()).bind(&participants).bind(p1).bind(p2).bind(&contact.note).bind(now).bind(written_by)
            .bind(contact.flexible).bind(contact.family_may_read).bind(&group_cases)
            .execute(conn).await.map(|_| ()));
        match done {
            Ok(()) => Ok(()),
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => Err(StoreError::Concurrent),
            Err(e) => Err(e.into()),
        }
    }
}
