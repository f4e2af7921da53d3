//! Anonymous counselling (anonym rådgivning efter SEL § 11, stk. 2 / BL § 28): a counsellor logs
//! that a conversation took place, never who it was with. Every field is a closed choice or a
//! number, so no free text can carry a name, an address or a CPR number; only the day is kept,
//! not the time, so a log line cannot be matched with a calendar.

use crate::catalogue::codes;
use crate::validation::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    InPerson,
    Phone,
    Chat,
    Mail,
}

/// Who sought counselling, as a role, never as a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seeker {
    ChildOrYoungPerson,
    Parent,
    Family,
    OtherAdult,
}

/// Coarse age bands: fine enough for planning, too coarse to identify anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    Under6,
    From6To12,
    From13To17,
    From18To22,
    From23To25,
    Unknown,
}

/// What the conversation was mainly about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Divorce,
    FamilyConflict,
    Wellbeing,
    AnxietyOrWorry,
    School,
    Parenting,
    Other,
}

codes!(Channel { InPerson => "in_person", "Fremmøde"; Phone => "phone", "Telefon"; Chat => "chat", "Chat"; Mail => "mail", "Mail"; });
codes!(Seeker { ChildOrYoungPerson => "child", "Barn eller ung"; Parent => "parent", "Forælder"; Family => "family", "Familie"; OtherAdult => "other_adult", "Anden voksen"; });
codes!(AgeBand { Under6 => "0-5", "0–5 år"; From6To12 => "6-12", "6–12 år"; From13To17 => "13-17", "13–17 år"; From18To22 => "18-22", "18–22 år"; From23To25 => "23-25", "23–25 år"; Unknown => "unknown", "Ukendt"; });
codes!(Topic {
    Divorce => "divorce", "Skilsmisse og samvær";
    FamilyConflict => "family_conflict", "Konflikter i familien";
    Wellbeing => "wellbeing", "Trivsel";
    AnxietyOrWorry => "anxiety", "Angst og bekymring";
    School => "school", "Skole og fravær";
    Parenting => "parenting", "Forældrerollen";
    Other => "other", "Andet";
});

/// Where the counsellor guided the citizen: closed choices, so nothing here can name anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuidedOnward {
    NotGuided,
    /// To a service of the catalogue, which is recorded.
    CatalogueService,
    GeneralPractitioner,
    Psychiatry,
    SchoolOrPpr,
    /// To the authority (an application or a notification of concern).
    Authority,
    Volunteer,
    Other,
}

codes!(GuidedOnward {
    NotGuided => "none", "Ikke guidet videre";
    CatalogueService => "service", "Et tilbud i kataloget";
    GeneralPractitioner => "gp", "Egen læge";
    Psychiatry => "psychiatry", "Børne- og ungdomspsykiatrien eller psykiatrien";
    SchoolOrPpr => "school_ppr", "Skolen eller PPR";
    Authority => "authority", "Myndighedsrådgiver (ansøgning eller underretning)";
    Volunteer => "volunteer", "Frivillig organisation";
    Other => "other", "Andet";
});

/// Guidance onward: the choice, and the catalogue service when that is where they went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Guidance {
    pub onward: GuidedOnward,
    pub service_id: Option<i64>,
}

impl Default for Guidance {
    fn default() -> Self {
        Self { onward: GuidedOnward::NotGuided, service_id: None }
    }
}

impl Guidance {
    /// A catalogue service is named exactly when the choice is "a service of the catalogue".
    pub fn check(&self) -> Result<(), FieldError> {
        match (self.onward, self.service_id) {
            (GuidedOnward::CatalogueService, None) => {
                Err(FieldError::new("guided_service_id", "Vælg hvilket tilbud samtalen guidede videre til.", "guided to a service without naming it"))
            }
            (GuidedOnward::CatalogueService, Some(_)) | (_, None) => Ok(()),
            (_, Some(_)) => Err(FieldError::new(
                "guided_service_id",
                "Vælg «Et tilbud i kataloget», hvis samtalen guidede videre til et tilbud.",
                "a service named with another guidance choice",
            )),
        }
    }
}

/// The longest conversation that is logged as one contact.
pub const MAX_MINUTES: u16 = 480;

/// One anonymous conversation: what, how and how long, never who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnonymousContact {
    pub service_id: i64,
    pub occurred_on: NaiveDate,
    pub channel: Channel,
    pub seeker: Seeker,
    /// Of the child or young person the conversation concerned.
    pub age_band: AgeBand,
    pub topic: Topic,
    pub minutes: u16,
    /// Where the counsellor guided them onward, if anywhere.
    pub guidance: Guidance,
}

impl AnonymousContact {
    /// A contact must have happened (not after `today`), have lasted 1–480 minutes and name a
    /// catalogue service exactly when it guided onward to one.
    pub fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        if self.occurred_on > today {
            errors.push(FieldError::new("occurred_on", "Datoen må ikke ligge efter i dag.", "contact date in the future"));
        }
        if self.minutes == 0 || self.minutes > MAX_MINUTES {
            errors.push(FieldError::new("minutes", format!("Varigheden skal være mellem 1 og {MAX_MINUTES} minutter."), "minutes out of range 1-480"));
        }
        if let Err(e) = self.guidance.check() {
            errors.push(e);
        }
        ValidationErrors::check(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact() -> AnonymousContact {
        AnonymousContact {
            service_id: 1,
            occurred_on: NaiveDate::from_ymd_opt(2022, 4, 26).unwrap_or_default(),
            channel: Channel::Phone,
            seeker: Seeker::Parent,
            age_band: AgeBand::From6To12,
            topic: Topic::Divorce,
            minutes: 45,
            guidance: Guidance::default(),
        }
    }

    #[test]
    fn a_contact_has_happened_and_lasted_a_sensible_time() {
        let today = NaiveDate::from_ymd_opt(2022, 4, 26).unwrap_or_default();
        assert!(contact().validate(today).is_ok());
        let late = AnonymousContact { occurred_on: today.succ_opt().unwrap_or(today), minutes: 0, ..contact() };
        let fields: Vec<_> = late.validate(today).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["occurred_on", "minutes"]);
        assert!(AnonymousContact { minutes: MAX_MINUTES + 1, ..contact() }.validate(today).is_err());
    }

    #[test]
    fn codes_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(*c));
        }
        for s in Seeker::ALL {
            assert_eq!(Seeker::from_code(s.code()), Some(*s));
        }
        for a in AgeBand::ALL {
            assert_eq!(AgeBand::from_code(a.code()), Some(*a));
        }
        for t in Topic::ALL {
            assert_eq!(Topic::from_code(t.code()), Some(*t));
        }
    }
}
