//! Services (catalogue entries): create, update, read and list, with every template field and rule.

use crate::snapshot::{self, Versioned};
use crate::{Store, StoreError, Tx, with_pool};
use familiehus_domain::catalogue_import::review::{self, CatalogueDiff};
use familiehus_domain::legal_ref::{LegalRef, parse_refs};
use familiehus_domain::{Access, AgeRange, Approval, Delivery, HoursRange, Limit, RuleSeverity, Service, ServiceRules, ServiceStatus, ServiceTexts};
use serde::{Deserialize, Serialize};

/// A stored service with its id and delivering unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredService {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    #[serde(flatten)]
    pub service: Service,
}

#[derive(sqlx::FromRow)]
struct ServiceRow {
    id: i64,
    unit_id: i64,
    unit_name: String,
    name: String,
    legal_refs: String,
    target_group: String,
    quality_goals: String,
    activities: String,
    citizen_tasks: String,
    time_use: String,
    duration: String,
    other: String,
    status: String,
    approval_body: Option<String>,
    approval_date: Option<chrono::NaiveDate>,
    ladder_step: i64,
    access: String,
    delivery: String,
    age_min: Option<i64>,
    age_max: Option<i64>,
    capacity: Option<i64>,
    in_report: bool,
    talks: Option<i64>,
    first_follow_up_months: Option<i64>,
    follow_up_every_months: Option<i64>,
    requires_consent: bool,
    no_notes: bool,
    family_treatment: bool,
    themes: String,
    more_rules: String,
}

const SELECT: &str = "SELECT s.id, s.unit_id, u.name AS unit_name, s.name, s.legal_refs, s.target_group, s.quality_goals, \
    s.activities, s.citizen_tasks, s.time_use, s.duration, s.other, s.status, s.approval_body, s.approval_date, \
    s.ladder_step, s.access, s.delivery, s.age_min, s.age_max, s.capacity, s.in_report, s.talks, \
    s.first_follow_up_months, s.follow_up_every_months, s.requires_consent, s.no_notes, s.family_treatment, s.themes, s.more_rules \
    FROM services s JOIN units u ON u.id = s.unit_id";

/// Legal references are stored in canonical form, joined by `; `.
pub(crate) fn refs_to_text(service: &Service) -> String {
    service.legal_refs.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

fn corrupt(what: &str, id: i64) -> StoreError {
    StoreError::Corrupt(format!("service {id}: invalid {what}"))
}

fn small<T: TryFrom<i64>>(v: Option<i64>, what: &str, id: i64) -> Result<Option<T>, StoreError> {
    v.map(|v| T::try_from(v).map_err(|_| corrupt(what, id))).transpose()
}

impl TryFrom<ServiceRow> for StoredService {
    type Error = StoreError;
    fn try_from(r: ServiceRow) -> Result<Self, StoreError> {
        let id = r.id;
        let legal_refs =
            if r.legal_refs.is_empty() { Vec::new() } else { parse_refs(&r.legal_refs.replace(';', " og ")).map_err(|_| corrupt("legal_refs", id))? };
        let approval = match (r.approval_body, r.approval_date) {
            (Some(body), Some(date)) => Some(Approval { body, date }),
            _ => None,
        };
        let age_range = match (small::<u8>(r.age_min, "age_min", id)?, small::<u8>(r.age_max, "age_max", id)?) {
            (Some(min_years), Some(max_years)) => Some(AgeRange { min_years, max_years }),
            _ => None,
        };
        let service = Service {
            name: r.name,
            legal_refs,
            texts: ServiceTexts {
                target_group: r.target_group,
                quality_goals: r.quality_goals,
                activities: r.activities,
                citizen_tasks: r.citizen_tasks,
                time_use: r.time_use,
                duration: r.duration,
                other: r.other,
            },
            status: ServiceStatus::from_code(&r.status).ok_or_else(|| corrupt("status", id))?,
            approval,
            ladder_step: u8::try_from(r.ladder_step).map_err(|_| corrupt("ladder_step", id))?,
            access: Access::from_code(&r.access).ok_or_else(|| corrupt("access", id))?,
            delivery: Delivery::from_code(&r.delivery).ok_or_else(|| corrupt("delivery", id))?,
            age_range,
            capacity: small(r.capacity, "capacity", id)?,
            in_report: r.in_report,
            rules: MoreRules::read(&r.more_rules, id)?.into_rules(ServiceRules {
                talks: small(r.talks, "talks", id)?,
                first_follow_up_months: small(r.first_follow_up_months, "first_follow_up_months", id)?,
                follow_up_every_months: small(r.follow_up_every_months, "follow_up_every_months", id)?,
                requires_consent: r.requires_consent,
                no_notes: r.no_notes,
                family_treatment: r.family_treatment,
                ..ServiceRules::default()
            }),
            themes: r.themes.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect(),
        };
        Ok(StoredService { id, unit_id: r.unit_id, unit_name: r.unit_name, service })
    }
}

const INSERT_SQL: &str = "INSERT INTO services (unit_id, name, legal_refs, target_group, quality_goals, activities, citizen_tasks, \
    time_use, duration, other, status, approval_body, approval_date, ladder_step, access, delivery, age_min, age_max, \
    capacity, in_report, talks, first_follow_up_months, follow_up_every_months, requires_consent, no_notes, themes, more_rules, family_treatment) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)";

const UPDATE_SQL: &str = "UPDATE services SET unit_id = $1, name = $2, legal_refs = $3, target_group = $4, quality_goals = $5, \
    activities = $6, citizen_tasks = $7, time_use = $8, duration = $9, other = $10, status = $11, approval_body = $12, \
    approval_date = $13, ladder_step = $14, access = $15, delivery = $16, age_min = $17, age_max = $18, capacity = $19, \
    in_report = $20, talks = $21, first_follow_up_months = $22, follow_up_every_months = $23, requires_consent = $24, \
    no_notes = $25, themes = $26, more_rules = $27, family_treatment = $28 WHERE id = $29";

/// One service to write: `id` empty for a new one; `old` is what it replaces.
struct ServiceWrite {
    id: Option<i64>,
    old: Option<Service>,
    new: Service,
}

/// What a version row keeps: the whole service and its unit. Format 0 (no envelope) and format 1
/// have the same data; format 1 only adds the envelope, so `Versioned::read`'s default suffices.
#[derive(Serialize, Deserialize)]
struct Snapshot {
    unit_id: i64,
    service: ServiceSnapshot,
}

impl Versioned for Snapshot {
    const FORMAT: u64 = 1;
}

/// `Service` as a version row keeps it. The store owns this shape, so renaming or adding a field
/// of the domain type cannot make history unreadable: the conversions below destructure every
/// field, and a new one fails to compile until it is given a place (and a default) here.
/// Fields with an honest "nothing" (lists, options, flags, texts, rules) default when missing;
/// name, status, ladder step, access and delivery have none and were in the first snapshot.
#[derive(Serialize, Deserialize)]
struct ServiceSnapshot {
    name: String,
    #[serde(default)]
    legal_refs: Vec<LegalRef>,
    #[serde(default)]
    texts: ServiceTexts,
    status: ServiceStatus,
    #[serde(default)]
    approval: Option<Approval>,
    ladder_step: u8,
    access: Access,
    delivery: Delivery,
    #[serde(default)]
    age_range: Option<AgeRange>,
    #[serde(default)]
    capacity: Option<u32>,
    #[serde(default)]
    in_report: bool,
    #[serde(default)]
    rules: RulesSnapshot,
    #[serde(default)]
    themes: Vec<String>,
}

/// `ServiceRules` as a version row keeps it; every rule defaults to "none", so rules added later
/// read as absent in older versions.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct RulesSnapshot {
    talks: Option<u16>,
    first_follow_up_months: Option<u8>,
    follow_up_every_months: Option<u8>,
    requires_consent: bool,
    no_notes: bool,
    max_talks: Option<Limit>,
    status_meeting_after: Option<u16>,
    hours: Option<HoursRange>,
    contact_frequency: String,
    weekdays_only: Option<RuleSeverity>,
    age_check: Option<RuleSeverity>,
    status_report_lead_days: Option<u16>,
    consent_before_report: bool,
    requires_decision: bool,
    family_treatment: bool,
}

impl From<Service> for ServiceSnapshot {
    fn from(s: Service) -> Self {
        let Service { name, legal_refs, texts, status, approval, ladder_step, access, delivery, age_range, capacity, in_report, rules, themes } = s;
        let ServiceRules {
            talks,
            first_follow_up_months,
            follow_up_every_months,
            requires_consent,
            no_notes,
            max_talks,
            status_meeting_after,
            hours,
            contact_frequency,
            weekdays_only,
            age_check,
            status_report_lead_days,
            consent_before_report,
            requires_decision,
            family_treatment,
        } = rules;
        let rules = RulesSnapshot {
            talks,
            first_follow_up_months,
            follow_up_every_months,
            requires_consent,
            no_notes,
            max_talks,
            status_meeting_after,
            hours,
            contact_frequency,
            weekdays_only,
            age_check,
            status_report_lead_days,
            consent_before_report,
            requires_decision,
            family_treatment,
        };
        ServiceSnapshot { name, legal_refs, texts, status, approval, ladder_step, access, delivery, age_range, capacity, in_report, rules, themes }
    }
}

impl From<ServiceSnapshot> for Service {
    fn from(s: ServiceSnapshot) -> Self {
        let ServiceSnapshot { name, legal_refs, texts, status, approval, ladder_step, access, delivery, age_range, capacity, in_report, rules, themes } = s;
        let RulesSnapshot {
            talks,
            first_follow_up_months,
            follow_up_every_months,
            requires_consent,
            no_notes,
            max_talks,
            status_meeting_after,
            hours,
            contact_frequency,
            weekdays_only,
            age_check,
            status_report_lead_days,
            consent_before_report,
            requires_decision,
            family_treatment,
        } = rules;
        let rules = ServiceRules {
            talks,
            first_follow_up_months,
            follow_up_every_months,
            requires_consent,
            no_notes,
            max_talks,
            status_meeting_after,
            hours,
            contact_frequency,
            weekdays_only,
            age_check,
            status_report_lead_days,
            consent_before_report,
            requires_decision,
            family_treatment,
        };
        Service { name, legal_refs, texts, status, approval, ladder_step, access, delivery, age_range, capacity, in_report, rules, themes }
    }
}

/// The rules that have no column of their own (`services.more_rules`, `0022`), as JSON; every
/// field defaults to "none", so `{}` and an older object read.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct MoreRules {
    max_talks: Option<Limit>,
    status_meeting_after: Option<u16>,
    hours: Option<HoursRange>,
    contact_frequency: String,
    weekdays_only: Option<RuleSeverity>,
    age_check: Option<RuleSeverity>,
    status_report_lead_days: Option<u16>,
    consent_before_report: bool,
    requires_decision: bool,
}

impl MoreRules {
    fn of(r: &ServiceRules) -> Self {
        let ServiceRules {
            talks: _,
            first_follow_up_months: _,
            follow_up_every_months: _,
            requires_consent: _,
            no_notes: _,
            family_treatment: _,
            max_talks,
            status_meeting_after,
            hours,
            contact_frequency,
            weekdays_only,
            age_check,
            status_report_lead_days,
            consent_before_report,
            requires_decision,
        } = r.clone();
        MoreRules {
            max_talks,
            status_meeting_after,
            hours,
            contact_frequency,
            weekdays_only,
            age_check,
            status_report_lead_days,
            consent_before_report,
            requires_decision,
        }
    }

    fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    fn read(text: &str, id: i64) -> Result<Self, StoreError> {
        serde_json::from_str(text).map_err(|_| corrupt("more_rules", id))
    }

    /// `base` (the rules read from their columns) with these.
    fn into_rules(self, base: ServiceRules) -> ServiceRules {
        let MoreRules {
            max_talks,
            status_meeting_after,
            hours,
            contact_frequency,
            weekdays_only,
            age_check,
            status_report_lead_days,
            consent_before_report,
            requires_decision,
        } = self;
        ServiceRules {
            max_talks,
            status_meeting_after,
            hours,
            contact_frequency,
            weekdays_only,
            age_check,
            status_report_lead_days,
            consent_before_report,
            requires_decision,
            ..base
        }
    }
}

/// One entry of a service's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ServiceVersion {
    pub version: i64,
    pub recorded_at: String,
    pub user_name: Option<String>,
    /// Danish labels of the changed fields, comma-separated; "Oprettet" for the first version.
    pub changed: String,
}

const DUPLICATE_DA: &str = "Enheden har allerede en indsats med dette navn.";

/// Binds the service's columns in the order of `COLUMNS`.
macro_rules! bind_service {
    ($query:expr, $unit_id:expr, $s:expr) => {{
        let s: &Service = $s;
        $query
            .bind($unit_id)
            .bind(s.name.trim().to_owned())
            .bind(refs_to_text(s))
            .bind(s.texts.target_group.clone())
            .bind(s.texts.quality_goals.clone())
            .bind(s.texts.activities.clone())
            .bind(s.texts.citizen_tasks.clone())
            .bind(s.texts.time_use.clone())
            .bind(s.texts.duration.clone())
            .bind(s.texts.other.clone())
            .bind(s.status.code())
            .bind(s.approval.as_ref().map(|a| a.body.clone()))
            .bind(s.approval.as_ref().map(|a| a.date))
            .bind(i64::from(s.ladder_step))
            .bind(s.access.code())
            .bind(s.delivery.code())
            .bind(s.age_range.map(|r| i64::from(r.min_years)))
            .bind(s.age_range.map(|r| i64::from(r.max_years)))
            .bind(s.capacity.map(i64::from))
            .bind(s.in_report)
            .bind(s.rules.talks.map(i64::from))
            .bind(s.rules.first_follow_up_months.map(i64::from))
            .bind(s.rules.follow_up_every_months.map(i64::from))
            .bind(s.rules.requires_consent)
            .bind(s.rules.no_notes)
            .bind(s.themes.iter().map(|t| t.trim().to_lowercase()).collect::<Vec<_>>().join(","))
            .bind(MoreRules::of(&s.rules).to_json())
            .bind(s.rules.family_treatment)
    }};
}

impl Store {
    /// Validates and stores a new service (version 1 of its history); returns it as stored.
    pub async fn create_service(&self, unit_id: i64, service: &Service, by: Option<i64>) -> Result<StoredService, StoreError> {
        service.validate()?;
        self.require_unit(unit_id).await?;
        let ids = self.write_services(unit_id, &[ServiceWrite { id: None, old: None, new: service.clone() }], by).await?;
        self.service(ids.first().copied().unwrap_or_default()).await
    }

    /// Validates and replaces every field of a service, recording what changed as a new version.
    pub async fn update_service(&self, id: i64, unit_id: i64, service: &Service, by: Option<i64>) -> Result<StoredService, StoreError> {
        service.validate()?;
        self.require_unit(unit_id).await?;
        let old = self.service(id).await?;
        self.write_services(unit_id, &[ServiceWrite { id: Some(id), old: Some(old.service), new: service.clone() }], by).await?;
        self.service(id).await
    }

    /// Inserts or updates services and their versions in one transaction; returns their ids.
    async fn write_services(&self, unit_id: i64, writes: &[ServiceWrite], by: Option<i64>) -> Result<Vec<i64>, StoreError> {
        let mut tx = self.begin().await?;
        let ids = tx.write_services(unit_id, writes, by).await?;
        tx.commit().await?;
        Ok(ids)
    }
}

impl Tx {
    /// Inserts or updates services and their versions inside the unit of work.
    async fn write_services(&mut self, unit_id: i64, writes: &[ServiceWrite], by: Option<i64>) -> Result<Vec<i64>, StoreError> {
        let recorded_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let insert = format!("{INSERT_SQL} RETURNING id");
        let next_version = "SELECT CAST(COALESCE(max(version), 0) + 1 AS BIGINT) FROM service_versions WHERE service_id = $1";
        let version_sql = "INSERT INTO service_versions (service_id, version, recorded_at, user_id, changed, snapshot) VALUES ($1, $2, $3, $4, $5, $6)";
        let mut ids = Vec::with_capacity(writes.len());
        crate::tx::with_tx!(self, conn => {
            for w in writes {
                let changed = match &w.old {
                    Some(old) => old.differences(&w.new).join(", "),
                    None => "Oprettet".to_owned(),
                };
                if changed.is_empty() {
                    ids.extend(w.id);
                    continue;
                }
                let id: i64 = match w.id {
                    Some(id) => {
                        let n = bind_service!(sqlx::query(UPDATE_SQL), unit_id, &w.new).bind(id).execute(&mut *conn).await
                            .map_err(|e| StoreError::unique_as_field(e, "name", DUPLICATE_DA, "service name taken in unit"))?
                            .rows_affected();
                        if n == 0 {
                            return Err(StoreError::NotFound { entity: crate::Entity::Service, id });
                        }
                        id
                    }
                    None => bind_service!(sqlx::query_scalar(sqlx::AssertSqlSafe(insert.as_str())), unit_id, &w.new)
                        .fetch_one(&mut *conn)
                        .await
                        .map_err(|e| StoreError::unique_as_field(e, "name", DUPLICATE_DA, "service name taken in unit"))?,
                };
                let version: i64 = sqlx::query_scalar(next_version).bind(id).fetch_one(&mut *conn).await?;
                let snapshot = snapshot::encode(&Snapshot { unit_id, service: w.new.clone().into() })?;
                sqlx::query(version_sql).bind(id).bind(version).bind(&recorded_at).bind(by).bind(&changed).bind(snapshot).execute(&mut *conn).await?;
                ids.push(id);
            }
            Ok::<(), StoreError>(())
        })?;
        Ok(ids)
    }
}

impl Store {
    pub async fn service(&self, id: i64) -> Result<StoredService, StoreError> {
        let sql = format!("{SELECT} WHERE s.id = $1");
        let row: Option<ServiceRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await)?;
        row.ok_or(StoreError::NotFound { entity: crate::Entity::Service, id })?.try_into()
    }

    /// Every service, ordered by unit, ladder step and name.
    pub async fn list_services(&self) -> Result<Vec<StoredService>, StoreError> {
        let sql = format!("{SELECT} ORDER BY u.name, s.ladder_step, s.name");
        let rows: Vec<ServiceRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(pool).await)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    async fn require_unit(&self, unit_id: i64) -> Result<(), StoreError> {
        let sql = "SELECT count(*) FROM units WHERE id = $1";
        let n: i64 = with_pool!(self, pool => sqlx::query_scalar(sql).bind(unit_id).fetch_one(pool).await)?;
        if n == 0 {
            return Err(StoreError::invalid("unit_id", "Enheden findes ikke.", "unit does not exist"));
        }
        Ok(())
    }
}

impl Store {
    /// Applies an imported catalogue to a unit in one transaction: services are matched by name,
    /// existing ones keep the settings the text does not carry, and active services missing from
    /// the import become `Udgået`. Nothing is written if any service is invalid.
    pub async fn apply_catalogue(&self, unit_id: i64, imported: &[Service], by: Option<i64>) -> Result<CatalogueDiff, StoreError> {
        let mut tx = self.begin().await?;
        let diff = self.apply_catalogue_in(&mut tx, unit_id, false, imported, by).await?;
        tx.commit().await?;
        Ok(diff)
    }

    /// `apply_catalogue` inside a unit of work; `new_unit` when the unit was created in `tx`
    /// (it has no services yet, and the readers cannot see it before the commit).
    pub async fn apply_catalogue_in(
        &self,
        tx: &mut Tx,
        unit_id: i64,
        new_unit: bool,
        imported: &[Service],
        by: Option<i64>,
    ) -> Result<CatalogueDiff, StoreError> {
        let (existing, diff) = if new_unit { (Vec::new(), review::diff(&[], imported)) } else { self.compare_catalogue(unit_id, imported).await? };
        let mut writes = Vec::new();
        for new in imported {
            let old = existing.iter().find(|e| e.service.name == new.name);
            let merged = review::merge(old.map(|o| &o.service), new.clone());
            merged.validate()?;
            writes.push(ServiceWrite { id: old.map(|o| o.id), old: old.map(|o| o.service.clone()), new: merged });
        }
        for old in existing.iter().filter(|o| diff.retired.contains(&o.service.name)) {
            writes.push(ServiceWrite {
                id: Some(old.id),
                old: Some(old.service.clone()),
                new: Service { status: ServiceStatus::Retired, ..old.service.clone() },
            });
        }
        tx.write_services(unit_id, &writes, by).await?;
        Ok(diff)
    }
}

impl Store {
    /// What `apply_catalogue` would do to the unit's services, without writing anything: for
    /// the review an import gets before the user accepts it.
    pub async fn preview_catalogue(&self, unit_id: i64, imported: &[Service]) -> Result<CatalogueDiff, StoreError> {
        Ok(self.compare_catalogue(unit_id, imported).await?.1)
    }

    async fn compare_catalogue(&self, unit_id: i64, imported: &[Service]) -> Result<(Vec<StoredService>, CatalogueDiff), StoreError> {
        self.require_unit(unit_id).await?;
        let existing: Vec<StoredService> = self.list_services().await?.into_iter().filter(|s| s.unit_id == unit_id).collect();
        let existing_services: Vec<Service> = existing.iter().map(|s| s.service.clone()).collect();
        let diff = review::diff(&existing_services, imported);
        Ok((existing, diff))
    }
}

impl Store {
    /// The versions of a service, newest first.
    pub async fn service_history(&self, id: i64) -> Result<Vec<ServiceVersion>, StoreError> {
        let sql = "SELECT v.version, v.recorded_at, u.display_name AS user_name, v.changed FROM service_versions v \
            LEFT JOIN users u ON u.id = v.user_id WHERE v.service_id = $1 ORDER BY v.version DESC";
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_all(pool).await)?)
    }

    /// One version of a service as it was saved, with its unit's current name.
    pub async fn service_version(&self, id: i64, version: i64) -> Result<StoredService, StoreError> {
        let sql = "SELECT snapshot FROM service_versions WHERE service_id = $1 AND version = $2";
        let snapshot: Option<String> = with_pool!(self, pool => sqlx::query_scalar(sql).bind(id).bind(version).fetch_optional(pool).await)?;
        let snapshot = snapshot.ok_or(StoreError::NotFound { entity: crate::Entity::ServiceVersion, id })?;
        let snap: Snapshot = snapshot::decode(&snapshot, &format!("service {id} version {version}"))?;
        let unit_name = self.list_units().await?.into_iter().find(|u| u.id == snap.unit_id).map(|u| u.name).unwrap_or_default();
        Ok(StoredService { id, unit_id: snap.unit_id, unit_name, service: snap.service.into() })
    }

    /// The catalogue as it was at the end of `date`: each service's latest version recorded by
    /// then (services created later are absent), ordered like `list_services`.
    pub async fn catalogue_on(&self, date: chrono::NaiveDate) -> Result<Vec<StoredService>, StoreError> {
        let until = (date + chrono::Days::new(1)).format("%Y-%m-%d").to_string();
        let sql = "SELECT v.service_id, v.version, v.snapshot FROM service_versions v WHERE v.recorded_at < $1 AND v.version = \
            (SELECT max(w.version) FROM service_versions w WHERE w.service_id = v.service_id AND w.recorded_at < $1)";
        let rows: Vec<(i64, i64, String)> = with_pool!(self, pool => sqlx::query_as(sql).bind(&until).fetch_all(pool).await)?;
        let units = self.list_units().await?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, version, snapshot) in rows {
            let snap: Snapshot = snapshot::decode(&snapshot, &format!("service {id} version {version}"))?;
            let unit_name = units.iter().find(|u| u.id == snap.unit_id).map(|u| u.name.clone()).unwrap_or_default();
            out.push(StoredService { id, unit_id: snap.unit_id, unit_name, service: snap.service.into() });
        }
        out.sort_by(|a, b| (&a.unit_name, a.service.ladder_step, &a.service.name).cmp(&(&b.unit_name, b.service.ladder_step, &b.service.name)));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version row as the store wrote it before envelopes: `serde_json` of the live domain type.
    #[derive(Serialize)]
    struct Format0<'a> {
        unit_id: i64,
        service: &'a Service,
    }

    fn every_field() -> Service {
        Service {
            name: "Familiebehandling".into(),
            legal_refs: parse_refs("SEL § 52, stk. 3, nr. 3 og BL § 32, stk. 1, nr. 1-4").unwrap(),
            texts: ServiceTexts { target_group: "Familier".into(), other: "Andet".into(), ..Default::default() },
            status: ServiceStatus::Retired,
            approval: Some(Approval { body: "Børne- og Ungdomsudvalget".into(), date: chrono::NaiveDate::from_ymd_opt(2023, 4, 20).unwrap() }),
            ladder_step: 4,
            access: Access::Referral,
            delivery: Delivery::Group,
            age_range: Some(AgeRange { min_years: 0, max_years: 17 }),
            capacity: Some(150),
            in_report: true,
            rules: ServiceRules {
                talks: Some(8),
                first_follow_up_months: Some(3),
                follow_up_every_months: Some(6),
                requires_consent: true,
                no_notes: true,
                ..Default::default()
            },
            themes: vec!["familie".into()],
        }
    }

    #[test]
    fn format_0_as_written_from_the_domain_type_reads_unchanged() {
        let service = every_field();
        let text = serde_json::to_string(&Format0 { unit_id: 3, service: &service }).unwrap();
        let snap: Snapshot = snapshot::decode(&text, "service 1 version 1").unwrap();
        assert_eq!((snap.unit_id, Service::from(snap.service)), (3, service));
    }

    #[test]
    fn format_1_keeps_every_field() {
        let service = every_field();
        let text = snapshot::encode(&Snapshot { unit_id: 3, service: service.clone().into() }).unwrap();
        assert!(text.starts_with(r#"{"format":1,"data":{"unit_id":3,"service":{"name":"Familiebehandling""#), "{text}");
        let snap: Snapshot = snapshot::decode(&text, "service 1 version 1").unwrap();
        assert_eq!(Service::from(snap.service), service);
    }
}
