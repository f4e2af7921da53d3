//! The municipality's settings: what differs between municipalities and is changed by an
//! administrator rather than by a new release — the intervention ladder, how long before a
//! follow-up the status report is due, and from how many days a wait is flagged as long.
//! One value read everywhere these are used, so a page cannot show one ladder and the report
//! another.

use crate::ladder::{Ladder, LadderStep};
use crate::validation::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};

/// The longest status-report lead time accepted: a quarter, beyond any follow-up rhythm in use.
pub const MAX_STATUS_REPORT_LEAD_DAYS: u32 = 90;
/// The longest long-wait threshold accepted: a year.
pub const MAX_LONG_WAIT_DAYS: u32 = 365;
/// The longest step label accepted; labels are printed in the catalogue and its PDF.
pub const MAX_LADDER_LABEL_CHARS: usize = 120;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalitySettings {
    pub ladder: Ladder,
    /// How many days before a follow-up meeting the status report is due.
    pub status_report_lead_days: u32,
    /// Waits longer than this many days are flagged on the leaders' front page.
    pub long_wait_days: u32,
    /// A person's identity is removed this many years after their last case closed
    /// (`crate::retention`). Missing in JSON from before it existed: the default.
    #[serde(default = "default_retention_years")]
    pub retention_years: u32,
    /// The lowest EPDS score that counts as a positive screening (`crate::measurement`);
    /// municipalities differ. Missing in JSON from before it existed: the default, 11.
    #[serde(default = "default_epds_cut_off")]
    pub epds_cut_off: u32,
}

fn default_epds_cut_off() -> u32 {
    crate::measurement::DEFAULT_EPDS_CUT_OFF
}

fn default_retention_years() -> u32 {
    crate::retention::DEFAULT_YEARS
}

impl Default for MunicipalitySettings {
    /// What Familiehus used before settings existed: the 0–7 ladder, 14 days, 30 days.
    fn default() -> Self {
        Self {
            ladder: Ladder::default(),
            status_report_lead_days: 14,
            long_wait_days: 30,
            retention_years: crate::retention::DEFAULT_YEARS,
            epds_cut_off: crate::measurement::DEFAULT_EPDS_CUT_OFF,
        }
    }
}

impl MunicipalitySettings {
    /// The instruments' thresholds that are this municipality's choice.
    pub fn thresholds(&self) -> crate::measurement::Thresholds {
        crate::measurement::Thresholds { epds_cut_off: self.epds_cut_off }
    }

    /// Every problem at once, with Danish and English messages on the fields `ladder`,
    /// `status_report_lead_days` and `long_wait_days`.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        if self.status_report_lead_days > MAX_STATUS_REPORT_LEAD_DAYS {
            errors.push(FieldError::new(
                "status_report_lead_days",
                format!("Statusrapporten kan højst forfalde {MAX_STATUS_REPORT_LEAD_DAYS} dage før opfølgningen."),
                format!("status report lead time must be 0-{MAX_STATUS_REPORT_LEAD_DAYS} days"),
            ));
        }
        if !(1..=MAX_LONG_WAIT_DAYS).contains(&self.long_wait_days) {
            errors.push(FieldError::new(
                "long_wait_days",
                format!("Grænsen for lang ventetid skal være mellem 1 og {MAX_LONG_WAIT_DAYS} dage."),
                format!("long wait threshold must be 1-{MAX_LONG_WAIT_DAYS} days"),
            ));
        }
        let max_years = crate::retention::MAX_YEARS;
        if !(1..=max_years).contains(&self.retention_years) {
            errors.push(FieldError::new(
                "retention_years",
                format!("Opbevaringstiden skal være mellem 1 og {max_years} år."),
                format!("retention must be 1-{max_years} years"),
            ));
        }
        if !(1..=30).contains(&self.epds_cut_off) {
            errors.push(FieldError::new("epds_cut_off", "EPDS-grænsen skal være en score mellem 1 og 30.", "EPDS cut-off must be 1-30"));
        }
        errors.extend(ladder_errors(self.ladder.steps()));
        ValidationErrors::check(errors)
    }
}

/// What is wrong with a ladder's steps (field `ladder`): none, a number used twice, a label
/// empty or too long. Front-ends that read steps from text check them here before
/// `Ladder::new`, so its refusals always come with a Danish message; `validate` checks a
/// ladder read from JSON, which does not pass through `Ladder::new`.
pub fn ladder_errors(steps: &[LadderStep]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if steps.is_empty() {
        errors.push(FieldError::new("ladder", "Indsatstrappen skal have mindst ét trin.", "the ladder has no steps"));
    }
    let mut seen = std::collections::BTreeSet::new();
    for step in steps {
        if !seen.insert(step.number) {
            errors.push(FieldError::new(
                "ladder",
                format!("Trin {} står der mere end én gang.", step.number),
                format!("ladder step {} appears more than once", step.number),
            ));
        }
        let label = step.label.trim();
        if label.is_empty() {
            errors.push(FieldError::new("ladder", format!("Trin {} mangler en betegnelse.", step.number), format!("ladder step {} has no label", step.number)));
        } else if label.chars().count() > MAX_LADDER_LABEL_CHARS {
            errors.push(FieldError::new(
                "ladder",
                format!("Betegnelsen for trin {} er længere end {MAX_LADDER_LABEL_CHARS} tegn.", step.number),
                format!("ladder step {} label is longer than {MAX_LADDER_LABEL_CHARS} characters", step.number),
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ladder::LadderCategory;

    fn fields(result: Result<(), ValidationErrors>) -> Vec<&'static str> {
        result.err().map(|e| e.0.iter().map(|f| f.field).collect()).unwrap_or_default()
    }

    #[test]
    fn the_defaults_are_todays_values_and_valid() {
        let s = MunicipalitySettings::default();
        assert_eq!((s.status_report_lead_days, s.long_wait_days), (14, 30));
        assert_eq!(s.ladder, Ladder::default());
        assert_eq!(s.validate(), Ok(()));
    }

    #[test]
    fn the_limits_are_inclusive_and_every_problem_is_reported() {
        let ok = |lead, wait| MunicipalitySettings { status_report_lead_days: lead, long_wait_days: wait, ..Default::default() }.validate();
        assert_eq!(ok(0, 1), Ok(()));
        assert_eq!(ok(90, 365), Ok(()));
        assert_eq!(fields(ok(91, 0)), ["status_report_lead_days", "long_wait_days"]);
        assert_eq!(fields(ok(14, 366)), ["long_wait_days"]);
        let e = ok(91, 30).unwrap_err();
        assert_eq!(e.0[0].message_da, "Statusrapporten kan højst forfalde 90 dage før opfølgningen.");
        assert_eq!(e.0[0].message_en, "status report lead time must be 0-90 days");
    }

    #[test]
    fn ladder_steps_need_unique_numbers_and_labels() {
        let step = |number, label: &str| LadderStep { number, label: label.into(), category: LadderCategory::Preventive };
        assert!(ladder_errors(&[step(0, "Almene"), step(1, "Tidlig")]).is_empty());
        let messages: Vec<String> =
            ladder_errors(&[step(1, "a"), step(1, "b"), step(2, "  "), step(3, &"x".repeat(121))]).into_iter().map(|e| e.message_da).collect();
        assert_eq!(messages, ["Trin 1 står der mere end én gang.", "Trin 2 mangler en betegnelse.", "Betegnelsen for trin 3 er længere end 120 tegn."]);
        assert_eq!(ladder_errors(&[]).len(), 1);
    }

    #[test]
    fn a_ladder_read_from_json_is_checked_too() {
        // Deserializing does not pass through `Ladder::new`, so duplicates can arrive this way.
        let json = r#"{"ladder":{"steps":[{"number":1,"label":"a","category":"preventive"},{"number":1,"label":"","category":"referred"}]},
            "status_report_lead_days":14,"long_wait_days":30}"#;
        let s: MunicipalitySettings = serde_json::from_str(json).expect("json");
        assert_eq!(fields(s.validate()), ["ladder", "ladder"]);
    }
}
