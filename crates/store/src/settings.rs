//! The municipality's settings: one row (id 1) with the settings as a versioned snapshot and
//! who changed them when. Without a row the built-in defaults apply, so a new database needs
//! no setup step. The snapshot goes through `SettingsSnapshot`, a shape this crate owns, so a
//! setting added to `MunicipalitySettings` later reads as its default from older rows.

use crate::snapshot::{self, Versioned};
use crate::{Store, StoreError, Tx, with_pool};
use familiehus_domain::{Ladder, LadderCategory, LadderStep, MunicipalitySettings};
use serde::{Deserialize, Serialize};

/// The settings in force and their last change (`None` while the defaults apply).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSettings {
    pub settings: MunicipalitySettings,
    pub changed: Option<SettingsChange>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsChange {
    /// RFC 3339, UTC, seconds.
    pub at: String,
    /// The user's display name; `None` for a change without a user (the CLI) or a deleted one.
    pub by: Option<String>,
}

/// `MunicipalitySettings` as the row keeps it. Every field defaults to today's default when
/// missing, so settings added later read as their default in rows written before them; the
/// conversions destructure every field, so a new domain field does not compile until it has a
/// place here.
#[derive(Serialize, Deserialize)]
struct SettingsSnapshot {
    #[serde(default = "default_ladder")]
    ladder: Vec<StepSnapshot>,
    #[serde(default = "default_lead_days")]
    status_report_lead_days: u32,
    #[serde(default = "default_long_wait_days")]
    long_wait_days: u32,
    #[serde(default = "default_retention_years")]
    retention_years: u32,
    #[serde(default = "default_epds_cut_off")]
    epds_cut_off: u32,
}

#[derive(Serialize, Deserialize)]
struct StepSnapshot {
    number: u8,
    label: String,
    category: LadderCategory,
}

impl Versioned for SettingsSnapshot {
    const FORMAT: u64 = 1;
}

fn default_ladder() -> Vec<StepSnapshot> {
    from_ladder(&Ladder::default())
}

fn default_lead_days() -> u32 {
    MunicipalitySettings::default().status_report_lead_days
}

fn default_long_wait_days() -> u32 {
    MunicipalitySettings::default().long_wait_days
}

fn default_epds_cut_off() -> u32 {
    MunicipalitySettings::default().epds_cut_off
}

fn default_retention_years() -> u32 {
    MunicipalitySettings::default().retention_years
}

fn from_ladder(ladder: &Ladder) -> Vec<StepSnapshot> {
    ladder
        .steps()
        .iter()
        .map(|s| {
            let LadderStep { number, label, category } = s.clone();
            StepSnapshot { number, label, category }
        })
        .collect()
}

impl From<&MunicipalitySettings> for SettingsSnapshot {
    fn from(s: &MunicipalitySettings) -> Self {
        let MunicipalitySettings { ladder, status_report_lead_days, long_wait_days, retention_years, epds_cut_off } = s;
        SettingsSnapshot {
            ladder: from_ladder(ladder),
            status_report_lead_days: *status_report_lead_days,
            long_wait_days: *long_wait_days,
            retention_years: *retention_years,
            epds_cut_off: *epds_cut_off,
        }
    }
}

impl SettingsSnapshot {
    fn into_settings(self) -> Result<MunicipalitySettings, StoreError> {
        let SettingsSnapshot { ladder, status_report_lead_days, long_wait_days, retention_years, epds_cut_off } = self;
        let steps = ladder.into_iter().map(|StepSnapshot { number, label, category }| LadderStep { number, label, category }).collect();
        let ladder = Ladder::new(steps).map_err(|e| StoreError::Corrupt(format!("settings: {e}")))?;
        Ok(MunicipalitySettings { ladder, status_report_lead_days, long_wait_days, retention_years, epds_cut_off })
    }
}

impl Store {
    /// The settings in force: the stored row, or the defaults when there is none.
    pub async fn settings(&self) -> Result<StoredSettings, StoreError> {
        let sql = "SELECT s.snapshot, s.changed_at, u.display_name FROM settings s LEFT JOIN users u ON u.id = s.changed_by WHERE s.id = 1";
        let row: Option<(String, String, Option<String>)> = with_pool!(self, pool => sqlx::query_as(sql).fetch_optional(pool).await)?;
        let Some((text, at, by)) = row else {
            return Ok(StoredSettings { settings: MunicipalitySettings::default(), changed: None });
        };
        let settings = snapshot::decode::<SettingsSnapshot>(&text, "settings")?.into_settings()?;
        Ok(StoredSettings { settings, changed: Some(SettingsChange { at, by }) })
    }
}

impl Tx {
    /// Replaces the settings inside the unit of work; refused (`StoreError::Invalid`) unless they
    /// validate, so the row never holds settings that would not read back.
    pub async fn save_settings(&mut self, settings: &MunicipalitySettings, by: Option<i64>) -> Result<(), StoreError> {
        settings.validate()?;
        let text = snapshot::encode(&SettingsSnapshot::from(settings))?;
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let sql = "INSERT INTO settings (id, snapshot, changed_at, changed_by) VALUES (1, $1, $2, $3) \
            ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, changed_at = excluded.changed_at, changed_by = excluded.changed_by";
        crate::tx::with_tx!(self, conn => sqlx::query(sql).bind(&text).bind(&at).bind(by).execute(&mut *conn).await.map(|_| ()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_without_a_setting_reads_it_as_the_default() {
        let read = |text: &str| snapshot::decode::<SettingsSnapshot>(text, "settings").and_then(SettingsSnapshot::into_settings);
        assert_eq!(read(r#"{"format":1,"data":{}}"#).expect("empty"), MunicipalitySettings::default());
        let s = read(r#"{"format":1,"data":{"long_wait_days":45,"later":true}}"#).expect("partial");
        assert_eq!(s, MunicipalitySettings { long_wait_days: 45, ..Default::default() });
        let dup = r#"{"format":1,"data":{"ladder":[{"number":1,"label":"a","category":"universal"},{"number":1,"label":"b","category":"universal"}]}}"#;
        assert!(matches!(read(dup), Err(StoreError::Corrupt(_))));
    }

    #[test]
    fn settings_round_trip_through_the_envelope() {
        let s = MunicipalitySettings { status_report_lead_days: 7, ..Default::default() };
        let text = snapshot::encode(&SettingsSnapshot::from(&s)).expect("encode");
        assert!(text.starts_with(r#"{"format":1,"data":{"ladder":[{"number":0,"#), "{text}");
        assert_eq!(snapshot::decode::<SettingsSnapshot>(&text, "settings").and_then(SettingsSnapshot::into_settings).expect("decode"), s);
    }
}
