//! The catalogue (indsatskatalog): units and the services they deliver, with the template texts,
//! legal basis, ladder step, access, age range, capacity and the rules a case of it follows.

use crate::legal_ref::LegalRef;
use crate::validation::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An organisational unit (enhed): Familiehuset, FTI, Sundhedsplejen, Myndighed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub name: String,
    /// Short form used in tables ("FTI").
    pub short_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    Active,
    /// Udgået: no new cases, kept for history and old reports.
    Retired,
}

/// How a citizen gets the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Open: contact the unit directly (e.g. self-referral by mail).
    Open,
    /// Anonymous: no identity is stored.
    Anonymous,
    /// By referral or an authority decision.
    Referral,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Individual,
    Group,
}

macro_rules! codes {
    ($ty:ty { $($variant:ident => $code:literal, $da:literal;)* }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),*];
            /// Stable code used in storage and the API.
            pub fn code(self) -> &'static str { match self { $(<$ty>::$variant => $code),* } }
            pub fn from_code(code: &str) -> Option<Self> { match code { $($code => Some(<$ty>::$variant),)* _ => None } }
            pub fn label_da(self) -> &'static str { match self { $(<$ty>::$variant => $da),* } }
        }
    };
}
pub(crate) use codes;

codes!(ServiceStatus { Active => "active", "Aktiv"; Retired => "retired", "Udgået"; });
codes!(Access { Open => "open", "Åbent tilbud"; Anonymous => "anonymous", "Anonymt"; Referral => "referral", "Efter henvisning/visitation"; });
codes!(Delivery { Individual => "individual", "Individuelt"; Group => "group", "Gruppe"; });

/// Approval of a service description by a political body (e.g. Børne- og Ungdomsudvalget).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub body: String,
    pub date: NaiveDate,
}

/// Age range in whole years, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeRange {
    pub min_years: u8,
    pub max_years: u8,
}

impl AgeRange {
    pub fn contains(&self, age_years: u8) -> bool {
        (self.min_years..=self.max_years).contains(&age_years)
    }
}

/// The seven template texts after the title, in the catalogue's order. A missing text reads
/// as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceTexts {
    /// Målgruppe.
    pub target_group: String,
    /// Kvalitetsmål.
    pub quality_goals: String,
    /// Aktiviteter, der kan indgå i indsatsen.
    pub activities: String,
    /// Borgerens opgaver.
    pub citizen_tasks: String,
    /// Vejledende tidsforbrug.
    pub time_use: String,
    /// Varighed/tidsbegrænsning.
    pub duration: String,
    /// Andet.
    pub other: String,
}

impl ServiceTexts {
    /// Every text passed through `f` (e.g. to normalise line ends).
    pub fn map(&self, f: impl Fn(&str) -> String) -> ServiceTexts {
        ServiceTexts {
            target_group: f(&self.target_group),
            quality_goals: f(&self.quality_goals),
            activities: f(&self.activities),
            citizen_tasks: f(&self.citizen_tasks),
            time_use: f(&self.time_use),
            duration: f(&self.duration),
            other: f(&self.other),
        }
    }

    /// (field name, Danish label, text) in template order.
    pub fn fields(&self) -> [(&'static str, &'static str, &str); 7] {
        [
            ("target_group", "Målgruppe", &self.target_group),
            ("quality_goals", "Kvalitetsmål", &self.quality_goals),
            ("activities", "Aktiviteter, der kan indgå i indsatsen", &self.activities),
            ("citizen_tasks", "Borgerens opgaver", &self.citizen_tasks),
            ("time_use", "Vejledende tidsforbrug", &self.time_use),
            ("duration", "Varighed/tidsbegrænsning", &self.duration),
            ("other", "Andet", &self.other),
        ]
    }
}

/// Rules a case of the service follows; deadlines are derived from them, and
/// `service_rules` checks a contact, a referral, a start and a status report against them.
/// Every rule defaults to "none", so a version stored before a rule existed reads without it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceRules {
    /// Number of talks or sessions included (e.g. 8 for counselling, at most 5 for crisis help).
    pub talks: Option<u16>,
    /// First follow-up, months after start (typically 3).
    pub first_follow_up_months: Option<u8>,
    /// Later follow-ups every N months (typically 6; respite care 12).
    pub follow_up_every_months: Option<u8>,
    /// A consent must be recorded on the case before it starts (§ 109: the mother's consent).
    pub requires_consent: bool,
    /// Confidential service: no written notes are kept (foster-family supervision).
    pub no_notes: bool,
    /// At most this many talks (crisis help: 5, then guidance to other help).
    pub max_talks: Option<Limit>,
    /// A status meeting is due when the Nth talk is recorded (counselling: 8).
    pub status_meeting_after: Option<u16>,
    /// Statutory hours, tracked against the journal's minutes (§ 109 stk. 5: 4–10 hours).
    pub hours: Option<HoursRange>,
    /// Guidance on how often contacts happen ("hver 1.–2. uge"), shown on the case page.
    pub contact_frequency: String,
    /// Contacts only on weekdays that are not public holidays (§ 71).
    pub weekdays_only: Option<RuleSeverity>,
    /// Whether the service's age range is checked at referral and start, and how.
    pub age_check: Option<RuleSeverity>,
    /// Days before the follow-up the status report is due; the municipality's setting when none.
    pub status_report_lead_days: Option<u16>,
    /// A consent must be recorded before a status (contact) report is sent (§ 71.2: the
    /// biological parents' consent).
    pub consent_before_report: bool,
    /// The case needs a recorded decision (date, frequency, duration, supervisor) before it
    /// starts (supervised contact, § 71.3).
    pub requires_decision: bool,
    /// Strengthened family treatment (styrket familiebehandling): its cases have the three
    /// phases, a network map, planned/flexible hours, multi-family group sessions and a
    /// family-readable log (`family_treatment.rs`, `network_map.rs`).
    #[serde(default)]
    pub family_treatment: bool,
}

/// Whether a broken rule refuses the action or only warns, so the user can confirm it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleSeverity {
    Warning,
    Stop,
}

codes!(RuleSeverity { Warning => "warning", "Advarsel"; Stop => "stop", "Stop"; });

/// A number the rule holds the case to, with what happens beyond it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    pub value: u16,
    pub severity: RuleSeverity,
}

/// A range of whole hours, both ends included, and what happens when a contact goes past the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursRange {
    pub min_hours: u16,
    pub max_hours: u16,
    pub severity: RuleSeverity,
}

/// One catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub name: String,
    pub legal_refs: Vec<LegalRef>,
    pub texts: ServiceTexts,
    pub status: ServiceStatus,
    pub approval: Option<Approval>,
    pub ladder_step: u8,
    pub access: Access,
    pub delivery: Delivery,
    pub age_range: Option<AgeRange>,
    /// Concurrent cases (or group places) the unit can carry.
    pub capacity: Option<u32>,
    /// Counted in the half-yearly report on case counts and waiting times.
    pub in_report: bool,
    pub rules: ServiceRules,
    /// Lowercase theme words citizens search by ("skilsmisse", "angst").
    #[serde(default)]
    pub themes: Vec<String>,
}

pub type ServiceError = ValidationErrors;

impl Service {
    /// Whether a case about a named person can be enrolled on this service: not on a retired
    /// service, and never on an anonymous one (anonymous counselling stores no identity; it is
    /// logged as closed choices instead).
    pub fn check_takes_named_case(&self) -> Result<(), FieldError> {
        if self.status == ServiceStatus::Retired {
            return Err(FieldError::new("service_id", "Indsatsen er udgået og kan ikke modtage nye sager.", "service is retired"));
        }
        if self.access == Access::Anonymous {
            return Err(FieldError::new(
                "service_id",
                "Indsatsen er anonym: der oprettes ikke sager med navn. Registrér samtalen under Anonym rådgivning.",
                "service is anonymous and takes no named cases",
            ));
        }
        Ok(())
    }
}

impl ServiceRules {
    /// The rules' own invariants, at their form fields.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Some(h) = self.hours
            && (h.max_hours == 0 || h.min_hours > h.max_hours)
        {
            errors.push(FieldError::new(
                "hours_min",
                "Timerammen skal have en øvre grænse på mindst 1 time og en nedre grænse, der ikke er højere.",
                "hours range empty",
            ));
        }
        if self.max_talks.is_some_and(|l| l.value == 0) {
            errors.push(FieldError::new("max_talks", "Højeste antal samtaler skal være mindst 1, eller tomt.", "max talks zero"));
        }
        if self.status_meeting_after == Some(0) {
            errors.push(FieldError::new("status_meeting_after", "Statusmøde efter skal være mindst 1 samtale, eller tomt.", "status meeting after zero talks"));
        }
        if self.status_report_lead_days.is_some_and(|d| d > 90) {
            errors.push(FieldError::new("status_report_lead_days", "Statusrapportens frist skal være 0–90 dage før opfølgningen.", "lead time above 90 days"));
        }
        if self.contact_frequency.chars().count() > 200 {
            errors.push(FieldError::new("contact_frequency", "Kontaktfrekvensen må højst være 200 tegn.", "contact frequency longer than 200 characters"));
        }
        errors
    }
}

impl Service {
    /// Title as the catalogue prints it: `Familiebehandling jf. SEL § 52, stk. 3, nr. 3`.
    pub fn title(&self) -> String {
        if self.legal_refs.is_empty() { self.name.clone() } else { format!("{} jf. {}", self.name, crate::legal_ref::format_refs(&self.legal_refs)) }
    }

    /// Danish labels of the fields in which `other` differs from `self`, in form order: what a
    /// version history and an import review show.
    pub fn differences(&self, other: &Service) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut check = |differs: bool, label: &'static str| {
            if differs {
                out.push(label);
            }
        };
        check(self.name != other.name, "Navn");
        check(self.legal_refs != other.legal_refs, "Lovgrundlag");
        for ((_, label, a), (_, _, b)) in self.texts.fields().iter().zip(other.texts.fields().iter()) {
            check(a != b, label);
        }
        check(self.status != other.status, "Status");
        check(self.approval != other.approval, "Godkendelse");
        check(self.ladder_step != other.ladder_step, "Trin på indsatstrappen");
        check(self.access != other.access, "Adgang");
        check(self.delivery != other.delivery, "Individuelt/gruppe");
        check(self.age_range != other.age_range, "Alder");
        check(self.capacity != other.capacity, "Kapacitet");
        check(self.in_report != other.in_report, "Med i sagstal og ventetider");
        check(self.rules != other.rules, "Regler");
        check(self.themes != other.themes, "Temaord");
        out
    }

    /// Checks the invariants every stored service keeps; returns every problem found.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        if self.name.trim().is_empty() {
            errors.push(FieldError::new("name", "Indsatsen skal have et navn.", "name is empty"));
        } else if self.name.chars().count() > 200 {
            errors.push(FieldError::new("name", "Navnet må højst være 200 tegn.", "name longer than 200 characters"));
        }
        if self.ladder_step > 20 {
            errors.push(FieldError::new("ladder_step", "Trinnet på indsatstrappen skal være mellem 0 og 20.", "ladder step out of range 0-20"));
        }
        if let Some(r) = self.age_range {
            if r.min_years > r.max_years {
                errors.push(FieldError::new("age_range", "Laveste alder må ikke være højere end højeste alder.", "age range minimum above maximum"));
            } else if r.max_years > 30 {
                errors.push(FieldError::new("age_range", "Aldersgrænsen skal være under 30 år.", "age range above 30 years"));
            }
        }
        if self.capacity == Some(0) {
            errors.push(FieldError::new("capacity", "Kapaciteten skal være mindst 1, eller tom hvis der ikke er et loft.", "capacity is zero"));
        }
        if let (Some(first), Some(every)) = (self.rules.first_follow_up_months, self.rules.follow_up_every_months)
            && (first == 0 || every == 0)
        {
            errors.push(FieldError::new("rules", "Opfølgningsintervaller skal være mindst 1 måned.", "follow-up interval of zero months"));
        }
        errors.extend(self.rules.problems());
        if self.access == Access::Anonymous && self.in_report {
            errors.push(FieldError::new(
                "in_report",
                "Anonyme tilbud har ingen sager og kan ikke indgå i opgørelsen af sagstal.",
                "anonymous services have no cases to report",
            ));
        }
        ValidationErrors::check(errors)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn family_treatment() -> Service {
        Service {
            name: "Familiebehandling".into(),
            legal_refs: crate::legal_ref::parse_refs("SEL § 52, stk. 3, nr. 3").unwrap_or_default(),
            texts: ServiceTexts::default(),
            status: ServiceStatus::Active,
            approval: None,
            ladder_step: 4,
            access: Access::Referral,
            delivery: Delivery::Individual,
            age_range: Some(AgeRange { min_years: 0, max_years: 17 }),
            capacity: Some(150),
            in_report: true,
            rules: ServiceRules { first_follow_up_months: Some(3), follow_up_every_months: Some(6), ..Default::default() },
            themes: vec!["familie".into()],
        }
    }

    #[test]
    fn a_valid_service_passes_and_each_broken_field_is_named() {
        assert!(family_treatment().validate().is_ok());
        let mut s = family_treatment();
        s.name = "  ".into();
        s.age_range = Some(AgeRange { min_years: 12, max_years: 8 });
        s.capacity = Some(0);
        let fields: Vec<_> = s.validate().unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "age_range", "capacity"]);
    }

    #[test]
    fn codes_round_trip() {
        for a in Access::ALL {
            assert_eq!(Access::from_code(a.code()), Some(*a));
        }
        assert_eq!(ServiceStatus::from_code("retired"), Some(ServiceStatus::Retired));
        assert_eq!(Delivery::from_code("nope"), None);
    }
}
