//! Anonymous counselling as a course of talks (BL §§ 28–29): a course number the citizen may
//! quote at the next talk (never a name), each talk's number in its course, the limit of talks
//! (3; 5 for young people 18–25) and where the counsellor guided them onward. Also who may
//! correct a logged talk: the counsellor who logged it, on the same day.

use crate::anonymous::AgeBand;
pub use crate::anonymous::{Guidance, GuidedOnward};
use crate::validation::FieldError;
use chrono::NaiveDate;
use serde::Serialize;

/// The prefix of a course number (`A-7K3Q-92`).
const PREFIX: char = 'A';

/// A course's number: random, readable over the phone, and the only thing that ties two
/// talks together.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CourseNumber(String);

impl CourseNumber {
    pub fn generate(random: [u8; 6]) -> Self {
        Self(crate::readable_code::format(PREFIX, random))
    }

    /// Reads a quoted number (lower case and spaces are fine); the Danish error belongs at
    /// `field`.
    pub fn parse(text: &str, field: &'static str) -> Result<Self, FieldError> {
        crate::readable_code::parse(PREFIX, text)
            .map(Self)
            .ok_or_else(|| FieldError::new(field, "Forløbsnummeret har formen A-7K3Q-92. Tjek det, eller vælg «Første samtale».", "not a course number"))
    }

    /// A stored number, trusted.
    pub fn from_stored(text: String) -> Self {
        Self(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CourseNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Talks a course may have, unless the counsellor judges that more are needed.
pub const TALK_LIMIT: u16 = 3;
/// For young people 18–25.
pub const YOUNG_ADULT_TALK_LIMIT: u16 = 5;

/// The limit for a talk about someone in `age`: young people 18–25 may have more talks.
pub fn talk_limit(age: AgeBand) -> u16 {
    match age {
        AgeBand::From18To22 | AgeBand::From23To25 => YOUNG_ADULT_TALK_LIMIT,
        _ => TALK_LIMIT,
    }
}

/// Where a talk stands against its course's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitState {
    /// `left` talks remain after this one.
    Within { left: u16 },
    /// This is the last talk the limit allows.
    Last,
    /// Past the limit; the counsellor confirmed that more talks are needed.
    Beyond,
}

/// The talk numbered `talk` (from 1) against `limit`: past the limit only when the counsellor
/// has confirmed it (`confirmed`), else the Danish reason at `confirm_beyond_limit`.
pub fn check_talk(talk: u16, limit: u16, confirmed: bool) -> Result<LimitState, FieldError> {
    if talk < limit {
        Ok(LimitState::Within { left: limit - talk })
    } else if talk == limit {
        Ok(LimitState::Last)
    } else if confirmed {
        Ok(LimitState::Beyond)
    } else {
        Err(FieldError::new(
            "confirm_beyond_limit",
            format!(
                "Forløbet har allerede haft {} samtaler, og grænsen er {limit}. Sæt kryds, hvis du har vurderet, at flere samtaler er nødvendige, eller guid videre til et andet tilbud.",
                talk - 1
            ),
            "talk beyond the course's limit without confirmation",
        ))
    }
}

/// Who logged a talk and on which day: the counsellor (staff, never the citizen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Recorded {
    pub by_user_id: i64,
    pub on: NaiveDate,
}

/// A counsellor corrects their own entry on the day they logged it; after that the month's
/// figures others have read stay as they were.
pub fn may_correct(recorded: Option<Recorded>, user_id: i64, today: NaiveDate) -> bool {
    recorded.is_some_and(|r| r.by_user_id == user_id && r.on == today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn young_people_18_to_25_have_five_talks_others_three() {
        assert_eq!(talk_limit(AgeBand::From13To17), 3);
        assert_eq!(talk_limit(AgeBand::Unknown), 3);
        assert_eq!(talk_limit(AgeBand::From18To22), 5);
        assert_eq!(talk_limit(AgeBand::From23To25), 5);
    }

    #[test]
    fn the_limit_is_shown_then_warned_then_confirmed() {
        assert_eq!(check_talk(1, 3, false), Ok(LimitState::Within { left: 2 }));
        assert_eq!(check_talk(3, 3, false), Ok(LimitState::Last));
        let refused = check_talk(4, 3, false).unwrap_err();
        assert_eq!(refused.field, "confirm_beyond_limit");
        assert!(refused.message_da.contains("allerede haft 3 samtaler"), "{}", refused.message_da);
        assert_eq!(check_talk(4, 3, true), Ok(LimitState::Beyond));
    }

    proptest! {
        #[test]
        fn a_talk_is_refused_exactly_when_past_the_limit_unconfirmed(talk in 1u16..20, limit in 1u16..8, confirmed: bool) {
            let result = check_talk(talk, limit, confirmed);
            prop_assert_eq!(result.is_err(), talk > limit && !confirmed);
            if let Ok(LimitState::Within { left }) = result {
                prop_assert_eq!(talk + left, limit);
            }
        }
    }

    #[test]
    fn a_catalogue_service_is_named_exactly_when_chosen() {
        assert!(Guidance::default().check().is_ok());
        assert!(Guidance { onward: GuidedOnward::CatalogueService, service_id: Some(3) }.check().is_ok());
        assert!(Guidance { onward: GuidedOnward::CatalogueService, service_id: None }.check().is_err());
        assert!(Guidance { onward: GuidedOnward::GeneralPractitioner, service_id: Some(3) }.check().is_err());
    }

    #[test]
    fn only_the_counsellor_who_logged_a_talk_corrects_it_and_only_that_day() {
        let logged = Some(Recorded { by_user_id: 7, on: d(2026, 12, 2) });
        assert!(may_correct(logged, 7, d(2026, 12, 2)));
        assert!(!may_correct(logged, 8, d(2026, 12, 2)), "another counsellor");
        assert!(!may_correct(logged, 7, d(2026, 12, 3)), "the next day");
        assert!(!may_correct(None, 7, d(2026, 12, 2)), "talks logged before who-logged-it was kept");
    }

    #[test]
    fn a_quoted_course_number_reads_and_a_name_does_not() {
        let n = CourseNumber::generate([5, 6, 7, 8, 9, 10]);
        assert_eq!(CourseNumber::parse(&n.as_str().to_lowercase(), "course_number"), Ok(n));
        assert!(CourseNumber::parse("Anna Hansen", "course_number").is_err());
        assert!(CourseNumber::parse("010203-1234", "course_number").is_err());
    }

    #[test]
    fn guidance_codes_round_trip() {
        for g in GuidedOnward::ALL {
            assert_eq!(GuidedOnward::from_code(g.code()), Some(*g));
        }
    }
}
