//! Goals and measurements on a case: goals at child, parent or family level in the family's own
//! words, rated 1–10, and the instruments whose scores are recorded (EPDS, SDQ total
//! difficulties, ORS, SRS, WHO-5, the child ruler) — each instrument's valid range, thresholds
//! and labels defined here and nowhere else. Scores only: no questionnaire item is reproduced.
//! When a goal rating or a score may be recorded is `check_dated`: on a started case, not
//! before its start, not after its closure, never in the future.

use crate::catalogue::codes;
use crate::validation::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Whose goal it is (strengthened family treatment sets goals on all three levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalLevel {
    Child,
    Parent,
    Family,
}

codes!(GoalLevel {
    Child => "child", "Barnet";
    Parent => "parent", "Forældre";
    Family => "family", "Familien";
});

/// The longest goal text: a sentence or two in the family's own words.
pub const MAX_GOAL_TEXT: usize = 500;
/// A goal is rated on a scale from 1 (furthest from the goal) to 10 (the goal is reached).
pub const RATING_MIN: i64 = 1;
pub const RATING_MAX: i64 = 10;

/// The problems with a goal's text (field `text`).
pub fn check_goal_text(text: &str) -> Vec<FieldError> {
    let n = text.trim().chars().count();
    if n == 0 {
        vec![FieldError::new("text", "Skriv målet med familiens egne ord.", "goal text empty")]
    } else if n > MAX_GOAL_TEXT {
        vec![FieldError::new("text", format!("Målet må højst have {MAX_GOAL_TEXT} tegn (det har {n})."), "goal text too long")]
    } else {
        Vec::new()
    }
}

/// A goal rating as typed (field `field`): a whole number 1–10.
pub fn read_rating(field: &'static str, text: &str) -> Result<i64, FieldError> {
    let refused = || FieldError::new(field, format!("Vurderingen skal være et helt tal fra {RATING_MIN} til {RATING_MAX}."), "rating must be 1-10");
    let value: i64 = text.trim().parse().map_err(|_| refused())?;
    check_rating(field, value).map(|()| value).map_err(|_| refused())
}

/// Whether `value` is on the goal scale.
pub fn check_rating(field: &'static str, value: i64) -> Result<(), FieldError> {
    if (RATING_MIN..=RATING_MAX).contains(&value) {
        Ok(())
    } else {
        Err(FieldError::new(field, format!("Vurderingen skal være et helt tal fra {RATING_MIN} til {RATING_MAX}."), "rating must be 1-10"))
    }
}

/// The case's course as a rating or a score must fit it.
#[derive(Debug, Clone, Copy)]
pub struct CourseFrame {
    pub started_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub today: NaiveDate,
}

/// The problems with a rating or score dated `on` (field `field`), each in Danish.
pub fn check_dated(field: &'static str, on: NaiveDate, frame: &CourseFrame) -> Vec<FieldError> {
    let d = crate::danish::date;
    let mut problems = Vec::new();
    match frame.started_on {
        None => problems.push(FieldError::new(field, "Indsatsen er ikke iværksat endnu, så der kan ikke måles.", "case not started")),
        Some(start) if on < start => {
            problems.push(FieldError::new(field, format!("Datoen {} ligger før indsatsen blev iværksat {}.", d(on), d(start)), "before the start"))
        }
        Some(_) => {}
    }
    if let Some(closed) = frame.closed_on
        && on > closed
    {
        problems.push(FieldError::new(field, format!("Datoen {} ligger efter sagens afslutning {}.", d(on), d(closed)), "after the closure"));
    }
    if on > frame.today {
        problems.push(FieldError::new(field, format!("Datoen {} ligger i fremtiden.", d(on)), "in the future"));
    }
    problems
}

/// The instruments whose scores a case records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Instrument {
    Epds,
    SdqTotal,
    Ors,
    Srs,
    Who5,
    ChildRuler,
}

codes!(Instrument {
    Epds => "epds", "EPDS (efterfødselsreaktion)";
    SdqTotal => "sdq_total", "SDQ, samlet vanskelighedsscore";
    Ors => "ors", "ORS (hvordan det går)";
    Srs => "srs", "SRS (samtalens kvalitet)";
    Who5 => "who5", "WHO-5 trivselsindeks";
    ChildRuler => "child_ruler", "Barnets linjal";
});

/// The municipality's choice where instruments' thresholds differ between municipalities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// The lowest EPDS score that counts as a positive screening (`MunicipalitySettings`).
    pub epds_cut_off: u32,
}

/// Danish health visitors' EPDS cut-off: 11 or more, the value the Danish validation of the
/// scale (University of Copenhagen with Copenhagen's health visitors, 2019) recommends; before it
/// municipalities used anything from 9 to 14, so it is a setting.
pub const DEFAULT_EPDS_CUT_OFF: u32 = 11;

impl Default for Thresholds {
    fn default() -> Self {
        Self { epds_cut_off: DEFAULT_EPDS_CUT_OFF }
    }
}

/// ORS: a score below 25 is in the clinical range (adults).
pub const ORS_CLINICAL_CUT_OFF: i64 = 25;
/// SRS: a score below 36 signals a strained alliance.
pub const SRS_CUT_OFF: i64 = 36;
/// SDQ total difficulties (parent report, the original three bands): 0–13 normal, 14–16
/// borderline, 17–40 abnormal.
pub const SDQ_BORDERLINE_FROM: i64 = 14;
pub const SDQ_ABNORMAL_FROM: i64 = 17;
/// WHO-5 as a percentage (raw × 4): 50 % or less is poor wellbeing, 28 % or less indicates
/// depression.
pub const WHO5_POOR_AT_MOST: i64 = 50;
pub const WHO5_DEPRESSION_AT_MOST: i64 = 28;

/// What a score means against its thresholds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// `Under klinisk grænse (25)`, `Grænseområde`, …
    pub label: String,
    /// Above the line that asks for attention.
    pub concern: bool,
}

impl Instrument {
    /// The valid scores, both ends included. The child ruler's colours are 1 green, 2 yellow,
    /// 3 red.
    pub fn range(self) -> (i64, i64) {
        match self {
            Instrument::Epds => (0, 30),
            Instrument::SdqTotal | Instrument::Ors | Instrument::Srs => (0, 40),
            Instrument::Who5 => (0, 25),
            Instrument::ChildRuler => (1, 3),
        }
    }

    /// The score as shown: `18 (72 %)` for WHO-5, `Gul` for the ruler, else the number.
    pub fn shown(self, score: i64) -> String {
        match self {
            Instrument::Who5 => format!("{score} ({} %)", score * 4),
            Instrument::ChildRuler => ruler_colour(score).to_owned(),
            _ => score.to_string(),
        }
    }

    /// The thresholds in words, shown beside every score of the instrument.
    pub fn thresholds_da(self, t: Thresholds) -> String {
        match self {
            Instrument::Epds => format!("0–30; {} eller derover: mulig efterfødselsreaktion (kommunens grænse)", t.epds_cut_off),
            Instrument::SdqTotal => format!(
                "0–40; 0–{} normal, {SDQ_BORDERLINE_FROM}–{} grænseområde, {SDQ_ABNORMAL_FROM}–40 afvigende",
                SDQ_BORDERLINE_FROM - 1,
                SDQ_ABNORMAL_FROM - 1
            ),
            Instrument::Ors => format!("0–40; under {ORS_CLINICAL_CUT_OFF}: klinisk område (voksne)"),
            Instrument::Srs => format!("0–40; under {SRS_CUT_OFF}: samarbejdet bør drøftes"),
            Instrument::Who5 => {
                format!("0–25 (× 4 = 0–100 %); {WHO5_POOR_AT_MOST} % eller under: dårlig trivsel, {WHO5_DEPRESSION_AT_MOST} % eller under: tegn på depression")
            }
            Instrument::ChildRuler => "grøn, gul eller rød".to_owned(),
        }
    }

    /// What `score` means (a score inside the range).
    pub fn reading(self, score: i64, t: Thresholds) -> Reading {
        let r = |label: &str, concern: bool| Reading { label: label.to_owned(), concern };
        match self {
            Instrument::Epds if score >= i64::from(t.epds_cut_off) => r("Over kommunens grænse", true),
            Instrument::Epds => r("Under kommunens grænse", false),
            Instrument::SdqTotal if score >= SDQ_ABNORMAL_FROM => r("Afvigende", true),
            Instrument::SdqTotal if score >= SDQ_BORDERLINE_FROM => r("Grænseområde", true),
            Instrument::SdqTotal => r("Normal", false),
            Instrument::Ors if score < ORS_CLINICAL_CUT_OFF => r("Klinisk område", true),
            Instrument::Ors => r("Over klinisk grænse", false),
            Instrument::Srs if score < SRS_CUT_OFF => r("Under grænsen", true),
            Instrument::Srs => r("Godt samarbejde", false),
            Instrument::Who5 if score * 4 <= WHO5_DEPRESSION_AT_MOST => r("Tegn på depression", true),
            Instrument::Who5 if score * 4 <= WHO5_POOR_AT_MOST => r("Dårlig trivsel", true),
            Instrument::Who5 => r("God trivsel", false),
            Instrument::ChildRuler => r(ruler_colour(score), score >= 2),
        }
    }

    /// Whether `score` is valid, with the Danish error at `field` if not.
    pub fn check(self, field: &'static str, score: i64) -> Result<i64, FieldError> {
        let (lo, hi) = self.range();
        if (lo..=hi).contains(&score) { Ok(score) } else { Err(self.out_of_range(field)) }
    }

    fn out_of_range(self, field: &'static str) -> FieldError {
        let (lo, hi) = self.range();
        match self {
            Instrument::ChildRuler => FieldError::new(field, "Barnets linjal er grøn, gul eller rød (1, 2 eller 3).", "child ruler must be 1-3"),
            _ => FieldError::new(
                field,
                format!("{} går fra {lo} til {hi}. Skriv et helt tal i det interval.", self.label_da()),
                format!("score must be {lo}-{hi}"),
            ),
        }
    }

    /// A score as typed: a whole number in the range, or for the ruler also its colour.
    pub fn read(self, field: &'static str, text: &str) -> Result<i64, FieldError> {
        let text = text.trim();
        if self == Instrument::ChildRuler {
            match text.to_lowercase().as_str() {
                "grøn" => return Ok(1),
                "gul" => return Ok(2),
                "rød" => return Ok(3),
                _ => {}
            }
        }
        if text.is_empty() {
            return Err(FieldError::new(field, "Skriv scoren.", "score missing"));
        }
        let value: i64 = text.parse().map_err(|_| self.out_of_range(field))?;
        self.check(field, value)
    }
}

fn ruler_colour(score: i64) -> &'static str {
    match score {
        1 => "Grøn",
        2 => "Gul",
        _ => "Rød",
    }
}

/// A date as typed for `field` inside the course (`check_dated`), or its Danish errors added
/// to `problems`.
pub fn read_dated(field: &'static str, text: &str, frame: &CourseFrame, problems: &mut Vec<FieldError>) -> Option<NaiveDate> {
    match crate::danish::read_date(text) {
        Ok(on) => {
            let found = check_dated(field, on, frame);
            let ok = found.is_empty();
            problems.extend(found);
            ok.then_some(on)
        }
        Err(_) if text.trim().is_empty() => {
            problems.push(FieldError::new(field, "Skriv datoen, fx 26.04.2022.", "date missing"));
            None
        }
        Err(e) => {
            problems.push(FieldError::new(field, e.message_da(), e.to_string()));
            None
        }
    }
}

/// A score as the front-ends give it: text, read and checked here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScoreDraft {
    pub instrument: String,
    pub measured_on: String,
    pub score: String,
}

/// A checked score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub instrument: Instrument,
    pub measured_on: NaiveDate,
    pub score: i64,
}

impl ScoreDraft {
    /// Every problem at its field (`instrument`, `measured_on`, `score`) at once.
    pub fn check(&self, frame: &CourseFrame) -> Result<Score, ValidationErrors> {
        let mut problems = Vec::new();
        let instrument = Instrument::from_code(self.instrument.trim());
        if instrument.is_none() {
            problems.push(FieldError::new("instrument", "Vælg hvilket måleredskab scoren er fra.", "unknown instrument"));
        }
        let measured_on = read_dated("measured_on", &self.measured_on, frame, &mut problems);
        let score = instrument.and_then(|i| i.read("score", &self.score).map_err(|e| problems.push(e)).ok());
        match (instrument, measured_on, score) {
            (Some(instrument), Some(measured_on), Some(score)) if problems.is_empty() => Ok(Score { instrument, measured_on, score }),
            _ => Err(ValidationErrors(problems)),
        }
    }
}

/// A new goal as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalDraft {
    pub level: String,
    pub text: String,
    pub set_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGoal {
    pub level: GoalLevel,
    pub text: String,
    pub set_on: NaiveDate,
}

impl GoalDraft {
    /// Every problem at its field (`level`, `text`, `set_on`) at once. A goal is set on a
    /// started, running case, within its course.
    pub fn check(&self, frame: &CourseFrame) -> Result<NewGoal, ValidationErrors> {
        let mut problems = Vec::new();
        let level = GoalLevel::from_code(self.level.trim());
        if level.is_none() {
            problems.push(FieldError::new("level", "Vælg, om målet er barnets, forældrenes eller familiens.", "unknown level"));
        }
        problems.extend(check_goal_text(&self.text));
        let set_on = read_dated("set_on", &self.set_on, frame, &mut problems);
        match (level, set_on) {
            (Some(level), Some(set_on)) if problems.is_empty() => Ok(NewGoal { level, text: self.text.trim().to_owned(), set_on }),
            _ => Err(ValidationErrors(problems)),
        }
    }
}

/// Ratings of a case's running goals on one date, as typed: (goal id, rating text); an empty
/// rating leaves that goal unrated this time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RatingsDraft {
    pub rated_on: String,
    pub ratings: Vec<(i64, String)>,
}

impl RatingsDraft {
    /// The date (field `rated_on`) and each rating (field `rating`, the goal's id in the message
    /// position given by the caller's order) checked; at least one rating.
    pub fn check(&self, frame: &CourseFrame) -> Result<(NaiveDate, Vec<(i64, i64)>), ValidationErrors> {
        let mut problems = Vec::new();
        let rated_on = read_dated("rated_on", &self.rated_on, frame, &mut problems);
        let mut ratings = Vec::new();
        for (goal, text) in &self.ratings {
            if text.trim().is_empty() {
                continue;
            }
            match read_rating("rating", text) {
                Ok(r) => ratings.push((*goal, r)),
                Err(e) => {
                    problems.push(FieldError { message_da: format!("{} (mål {goal})", e.message_da), ..e });
                }
            }
        }
        if ratings.is_empty() && problems.iter().all(|p| p.field != "rating") {
            problems.push(FieldError::new("rating", "Giv mindst ét mål en vurdering fra 1 til 10.", "no rating given"));
        }
        match rated_on {
            Some(on) if problems.is_empty() => Ok((on, ratings)),
            _ => Err(ValidationErrors(problems)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn a_score_is_dated_inside_the_course_and_not_in_the_future() {
        let frame = CourseFrame { started_on: Some(d(2022, 1, 10)), closed_on: None, today: d(2022, 4, 26) };
        assert!(check_dated("measured_on", d(2022, 1, 10), &frame).is_empty());
        assert!(check_dated("measured_on", d(2022, 4, 26), &frame).is_empty());
        assert_eq!(check_dated("measured_on", d(2022, 1, 9), &frame)[0].message_da, "Datoen 09.01.2022 ligger før indsatsen blev iværksat 10.01.2022.");
        assert!(check_dated("measured_on", d(2022, 4, 27), &frame)[0].message_da.contains("i fremtiden"));
        let closed = CourseFrame { closed_on: Some(d(2022, 3, 1)), ..frame };
        assert!(check_dated("measured_on", d(2022, 3, 2), &closed)[0].message_da.contains("efter sagens afslutning"));
        let waiting = CourseFrame { started_on: None, ..frame };
        assert_eq!(check_dated("measured_on", d(2022, 3, 2), &waiting).len(), 1);
    }

    #[test]
    fn thresholds_read_as_documented() {
        let t = Thresholds::default();
        assert!(Instrument::Epds.reading(11, t).concern && !Instrument::Epds.reading(10, t).concern);
        assert!(!Instrument::Epds.reading(11, Thresholds { epds_cut_off: 12 }).concern, "the municipality's cut-off decides");
        assert_eq!(Instrument::SdqTotal.reading(13, t).label, "Normal");
        assert_eq!(Instrument::SdqTotal.reading(14, t).label, "Grænseområde");
        assert_eq!(Instrument::SdqTotal.reading(17, t).label, "Afvigende");
        assert!(Instrument::Ors.reading(24, t).concern && !Instrument::Ors.reading(25, t).concern);
        assert!(Instrument::Srs.reading(35, t).concern && !Instrument::Srs.reading(36, t).concern);
        assert_eq!(Instrument::Who5.reading(7, t).label, "Tegn på depression", "28 %");
        assert_eq!(Instrument::Who5.reading(8, t).label, "Dårlig trivsel", "32 %");
        assert_eq!(Instrument::Who5.reading(12, t).label, "Dårlig trivsel", "50 %");
        assert_eq!(Instrument::Who5.reading(13, t).label, "God trivsel", "52 %");
        assert_eq!(Instrument::Who5.shown(18), "18 (72 %)");
        assert_eq!(Instrument::ChildRuler.read("score", "Gul"), Ok(2));
        assert_eq!(Instrument::ChildRuler.shown(3), "Rød");
        assert!(
            Instrument::Ors.read("score", "41").is_err_and(|e| e.message_da == "ORS (hvordan det går) går fra 0 til 40. Skriv et helt tal i det interval.")
        );
        assert!(Instrument::Ors.read("score", "12,5").is_err());
        assert_eq!(read_rating("rating", " 7 "), Ok(7));
        assert!(read_rating("rating", "11").is_err() && read_rating("rating", "0").is_err() && read_rating("rating", "x").is_err());
        assert_eq!(check_goal_text(" ").len(), 1);
        assert_eq!(check_goal_text(&"a".repeat(MAX_GOAL_TEXT + 1)).len(), 1);
        assert!(check_goal_text("Mor og Emil spiser morgenmad sammen").is_empty());
    }

    #[test]
    fn drafts_answer_every_field_at_once() {
        let frame = CourseFrame { started_on: Some(d(2022, 1, 10)), closed_on: None, today: d(2022, 4, 26) };
        let ok = ScoreDraft { instrument: "ors".into(), measured_on: "20.04.2022".into(), score: "22".into() }.check(&frame);
        assert_eq!(ok, Ok(Score { instrument: Instrument::Ors, measured_on: d(2022, 4, 20), score: 22 }));
        let bad = ScoreDraft { instrument: "epds".into(), measured_on: "27.04.2022".into(), score: "31".into() }.check(&frame);
        let fields: Vec<&str> = bad.as_ref().err().map(|e| e.0.iter().map(|f| f.field).collect()).unwrap_or_default();
        assert_eq!(fields, ["measured_on", "score"]);
        let goal = GoalDraft { level: "".into(), text: "".into(), set_on: "".into() }.check(&frame);
        assert_eq!(goal.err().map(|e| e.0.len()), Some(3));
        let ratings = RatingsDraft { rated_on: "20.04.2022".into(), ratings: vec![(1, "7".into()), (2, "".into())] }.check(&frame);
        assert_eq!(ratings, Ok((d(2022, 4, 20), vec![(1, 7)])));
        let none = RatingsDraft { rated_on: "20.04.2022".into(), ratings: vec![(1, " ".into())] }.check(&frame);
        assert!(none.is_err());
        let over = RatingsDraft { rated_on: "20.04.2022".into(), ratings: vec![(1, "11".into())] }.check(&frame);
        assert!(over.is_err_and(|e| e.0[0].message_da.contains("fra 1 til 10")));
    }

    proptest! {
        #[test]
        fn every_instrument_accepts_exactly_its_range(i in 0..Instrument::ALL.len(), score in -100i64..100) {
            let instrument = Instrument::ALL[i];
            let (lo, hi) = instrument.range();
            prop_assert_eq!(instrument.check("score", score).is_ok(), (lo..=hi).contains(&score));
            prop_assert_eq!(instrument.read("score", &score.to_string()).is_ok(), (lo..=hi).contains(&score));
        }

        #[test]
        fn ratings_are_exactly_one_to_ten(value in -50i64..50) {
            prop_assert_eq!(read_rating("rating", &value.to_string()).is_ok(), (1..=10).contains(&value));
        }
    }
}
