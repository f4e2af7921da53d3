//! Group courses (gruppeforløb): a cohort of a group service, or one with continuous intake
//! (løbende optag, a punch card), with one or two leaders, a capacity of children (and at most
//! so many families), an age range, a place, a weekday and a time. The session plan is
//! generated from a pattern (weekly or every second week; a number of sessions or a season) and
//! skips public and school holidays (`holidays::Calendar`). A skipped slot keeps the rhythm: in
//! a fortnightly course the next session is two weeks after the skipped one, so parents keep
//! their week. Attendance per session and participant; for a step-built programme (Cool Kids)
//! the steps a participant missed.
//!
//! Input is checked like the journal's: every field as typed, every problem at its field, in
//! Danish, all at once.

use crate::danish;
use crate::holidays::Calendar;
use crate::journal::StartTime;
use crate::validation::{FieldError, ValidationErrors};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// At most this many sessions in one plan (a season of weekly sessions is about 30).
pub const MAX_SESSIONS: u32 = 60;
/// A season spans at most this many days.
pub const MAX_SEASON_DAYS: i64 = 400;
/// Children in one group, at most.
pub const MAX_CAPACITY: u32 = 40;
pub const MAX_LEADERS: usize = 2;
pub const MAX_REASON_CHARS: usize = 300;

/// Weekly or every second week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    Weekly,
    Fortnightly,
}

crate::catalogue::codes!(Interval { Weekly => "weekly", "Hver uge"; Fortnightly => "fortnightly", "Hver anden uge"; });

impl Interval {
    pub fn weeks(self) -> u64 {
        match self {
            Interval::Weekly => 1,
            Interval::Fortnightly => 2,
        }
    }
}

/// Where the plan ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanEnd {
    /// This many sessions.
    Sessions(u32),
    /// Every slot up to and including this date (a season, e.g. October–April).
    Until(NaiveDate),
}

/// The session pattern: the first slot is the first `weekday` on or after `starts_on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    pub starts_on: NaiveDate,
    pub weekday: Weekday,
    pub interval: Interval,
    pub end: PlanEnd,
}

/// The session dates of a pattern, in order, none on a public holiday or in a school holiday.
/// `Sessions(n)` gives `n` dates unless the calendar leaves no room within the season limit
/// (then fewer: `check` refuses that); `Until` gives every free slot up to the date.
pub fn plan(pattern: &Pattern, calendar: &Calendar) -> Vec<NaiveDate> {
    let offset = (7 + pattern.weekday.num_days_from_monday() - pattern.starts_on.weekday().num_days_from_monday()) % 7;
    let Some(mut slot) = pattern.starts_on.checked_add_days(Days::new(u64::from(offset))) else { return Vec::new() };
    // Far enough for the most sessions every second week around every holiday; a bound on the
    // loop for a calendar that is all holiday.
    let horizon = pattern.starts_on.checked_add_days(Days::new(5 * 366)).unwrap_or(NaiveDate::MAX);
    let last = match pattern.end {
        PlanEnd::Until(until) => until.min(horizon),
        PlanEnd::Sessions(_) => horizon,
    };
    let wanted = match pattern.end {
        PlanEnd::Sessions(n) => n.min(MAX_SESSIONS) as usize,
        PlanEnd::Until(_) => MAX_SESSIONS as usize,
    };
    let mut dates = Vec::new();
    while slot <= last && dates.len() < wanted {
        if calendar.day_off(slot).is_none() {
            dates.push(slot);
        }
        match slot.checked_add_days(Days::new(7 * pattern.interval.weeks())) {
            Some(next) => slot = next,
            None => break,
        }
    }
    dates
}

/// A course as typed (form) or sent (JSON), every field as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CourseDraft {
    pub name: String,
    /// User ids as text; an empty second one is ignored.
    pub leaders: Vec<String>,
    pub capacity: String,
    /// Empty: no limit beyond the children's.
    pub max_families: String,
    pub min_age: String,
    pub max_age: String,
    pub place: String,
    /// `mon` … `sun`.
    pub weekday: String,
    pub start_time: String,
    pub minutes: String,
    /// `weekly` or `fortnightly`.
    pub interval: String,
    pub starts_on: String,
    /// `sessions` or `until`.
    pub end_kind: String,
    pub sessions: String,
    pub until: String,
    pub step_built: bool,
    pub continuous_intake: bool,
}

/// A checked course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    pub name: String,
    pub leaders: Vec<i64>,
    pub capacity: u32,
    pub max_families: Option<u32>,
    pub min_age: u8,
    pub max_age: u8,
    pub place: String,
    pub start: StartTime,
    pub minutes: u16,
    pub pattern: Pattern,
    pub step_built: bool,
    pub continuous_intake: bool,
}

pub const WEEKDAYS: [(Weekday, &str, &str); 7] = [
    (Weekday::Mon, "mon", "Mandag"),
    (Weekday::Tue, "tue", "Tirsdag"),
    (Weekday::Wed, "wed", "Onsdag"),
    (Weekday::Thu, "thu", "Torsdag"),
    (Weekday::Fri, "fri", "Fredag"),
    (Weekday::Sat, "sat", "Lørdag"),
    (Weekday::Sun, "sun", "Søndag"),
];

pub fn weekday_code(w: Weekday) -> &'static str {
    WEEKDAYS.iter().find(|(d, _, _)| *d == w).map_or("mon", |(_, c, _)| c)
}

pub fn weekday_from_code(code: &str) -> Option<Weekday> {
    WEEKDAYS.iter().find(|(_, c, _)| *c == code).map(|(d, _, _)| *d)
}

pub fn weekday_da(w: Weekday) -> &'static str {
    WEEKDAYS.iter().find(|(d, _, _)| *d == w).map_or("", |(_, _, l)| l)
}

fn read_number(text: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    text.trim().parse::<u32>().ok().filter(|n| range.contains(n))
}

impl CourseDraft {
    /// Checks every field; `leader_ok` says whether a user id is an active practitioner or group
    /// leader of the service's unit. Also checks that the plan has its sessions (`calendar`).
    pub fn check(&self, leader_ok: &dyn Fn(i64) -> bool, calendar: &Calendar) -> Result<(Course, Vec<NaiveDate>), ValidationErrors> {
        let mut errors = Vec::new();
        let mut err = |field: &'static str, da: &str, en: &str| errors.push(FieldError::new(field, da, en));
        let name = self.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 120 {
            err("name", "Skriv forløbets navn (højst 120 tegn), fx Cool Kids efterår 2026.", "name missing or too long");
        }
        let mut leaders = Vec::new();
        for text in self.leaders.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
            match text.parse::<i64>() {
                Ok(id) if leader_ok(id) && !leaders.contains(&id) => leaders.push(id),
                Ok(id) if leaders.contains(&id) => err("leaders", "Vælg to forskellige ledere.", "same leader twice"),
                _ => err("leaders", "Lederen skal være en aktiv behandler eller gruppeleder i enheden.", "leader not an active practitioner of the unit"),
            }
        }
        if leaders.is_empty() {
            err("leaders", "Vælg mindst én leder.", "no leader");
        } else if leaders.len() > MAX_LEADERS {
            err("leaders", "Et forløb har højst to ledere.", "too many leaders");
        }
        let capacity = read_number(&self.capacity, 1..=MAX_CAPACITY);
        if capacity.is_none() {
            err("capacity", &format!("Skriv antal pladser (børn) mellem 1 og {MAX_CAPACITY}."), "capacity out of range");
        }
        let max_families = if self.max_families.trim().is_empty() {
            Some(None)
        } else {
            match read_number(&self.max_families, 1..=MAX_CAPACITY) {
                Some(n) if capacity.is_none_or(|c| n <= c) => Some(Some(n)),
                Some(_) => {
                    err("max_families", "Der kan ikke være flere familier end børn.", "more families than children");
                    None
                }
                None => {
                    err("max_families", &format!("Skriv højst antal familier mellem 1 og {MAX_CAPACITY}, eller lad feltet stå tomt."), "families out of range");
                    None
                }
            }
        };
        let min_age = read_number(&self.min_age, 0..=25);
        let max_age = read_number(&self.max_age, 0..=25);
        if min_age.is_none() {
            err("min_age", "Skriv den laveste alder (0–25 år).", "min age out of range");
        }
        match (min_age, max_age) {
            (_, None) => err("max_age", "Skriv den højeste alder (0–25 år).", "max age out of range"),
            (Some(lo), Some(hi)) if hi < lo => err("max_age", "Den højeste alder skal være mindst den laveste.", "max age below min age"),
            _ => {}
        }
        let place = self.place.trim().to_owned();
        if place.is_empty() || place.chars().count() > 120 {
            err("place", "Skriv hvor forløbet holdes (højst 120 tegn).", "place missing or too long");
        }
        let weekday = weekday_from_code(self.weekday.trim());
        if weekday.is_none() {
            err("weekday", "Vælg ugedag.", "unknown weekday");
        }
        let start = StartTime::parse(&self.start_time);
        if start.is_none() {
            err("start_time", "Skriv starttidspunktet som TT.MM, fx 16.00.", "start time must be HH.MM");
        }
        let minutes = read_number(&self.minutes, 15..=600).and_then(|m| u16::try_from(m).ok());
        if minutes.is_none() {
            err("minutes", "Skriv varigheden i minutter (15–600).", "minutes out of range");
        }
        let interval = Interval::from_code(self.interval.trim());
        if interval.is_none() {
            err("interval", "Vælg hver uge eller hver anden uge.", "unknown interval");
        }
        let starts_on = read_date_at(&self.starts_on, "starts_on", "Skriv den første mulige dato.", &mut err);
        let end = match self.end_kind.trim() {
            "sessions" => match read_number(&self.sessions, 1..=MAX_SESSIONS) {
                Some(n) => Some(PlanEnd::Sessions(n)),
                None => {
                    err("sessions", &format!("Skriv antal gange mellem 1 og {MAX_SESSIONS}."), "sessions out of range");
                    None
                }
            },
            "until" => match read_date_at(&self.until, "until", "Skriv sæsonens sidste dato.", &mut err) {
                Some(until) if starts_on.is_some_and(|s| until < s) => {
                    err("until", "Sæsonen skal slutte efter den første dato.", "season ends before it starts");
                    None
                }
                Some(until) if starts_on.is_some_and(|s| (until - s).num_days() > MAX_SEASON_DAYS) => {
                    err("until", "En sæson kan højst vare 400 dage.", "season too long");
                    None
                }
                other => other.map(PlanEnd::Until),
            },
            _ => {
                err("end_kind", "Vælg et antal gange eller en sæson.", "unknown end");
                None
            }
        };
        let mut result = None;
        if let (
            Some(capacity),
            Some(max_families),
            Some(min_age),
            Some(max_age),
            Some(weekday),
            Some(start),
            Some(minutes),
            Some(interval),
            Some(starts_on),
            Some(end),
        ) = (capacity, max_families, min_age, max_age, weekday, start, minutes, interval, starts_on, end)
        {
            let pattern = Pattern { starts_on, weekday, interval, end };
            let dates = plan(&pattern, calendar);
            match end {
                PlanEnd::Sessions(n) if dates.len() < n as usize => {
                    err("sessions", "Der er ikke plads til så mange gange uden om ferierne.", "not enough free slots")
                }
                _ if dates.is_empty() => err("until", "Der er ingen gange i sæsonen uden for ferierne.", "no session in the season"),
                _ => {}
            }
            let (min_age, max_age) = (u8::try_from(min_age).unwrap_or(0), u8::try_from(max_age).unwrap_or(25));
            let course = Course {
                name,
                leaders,
                capacity,
                max_families,
                min_age,
                max_age,
                place,
                start,
                minutes,
                pattern,
                step_built: self.step_built,
                continuous_intake: self.continuous_intake,
            };
            result = Some((course, dates));
        }
        ValidationErrors::check(errors)?;
        result.ok_or_else(|| ValidationErrors(vec![FieldError::new("name", "Forløbet kunne ikke læses.", "unreadable course")]))
    }
}

fn read_date_at(text: &str, field: &'static str, missing: &str, err: &mut dyn FnMut(&'static str, &str, &str)) -> Option<NaiveDate> {
    match danish::read_date(text) {
        Ok(d) => Some(d),
        Err(_) if text.trim().is_empty() => {
            err(field, missing, "date missing");
            None
        }
        Err(p) => {
            err(field, p.message_da(), "date unreadable");
            None
        }
    }
}

/// A session moved: the new date must be free (no holiday) and the time readable.
pub fn check_move(date: &str, time: &str, calendar: &Calendar) -> Result<(NaiveDate, StartTime), ValidationErrors> {
    let mut errors = Vec::new();
    let mut err = |field: &'static str, da: &str, en: &str| errors.push(FieldError::new(field, da, en));
    let date = read_date_at(date, "date", "Skriv den nye dato.", &mut err);
    if let Some(off) = date.and_then(|d| calendar.day_off(d)) {
        err("date", &format!("Datoen er en fri- eller feriedag ({}).", off.label_da()), "date is a holiday");
    }
    let start = StartTime::parse(time);
    if start.is_none() {
        err("start_time", "Skriv tidspunktet som TT.MM, fx 16.00.", "start time must be HH.MM");
    }
    ValidationErrors::check(errors)?;
    date.zip(start).ok_or_else(|| ValidationErrors(vec![FieldError::new("date", "Skriv den nye dato.", "date missing")]))
}

/// The reason a session is cancelled: required, short.
pub fn check_cancel_reason(reason: &str) -> Result<String, FieldError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(FieldError::new("reason", "Skriv hvorfor gangen aflyses (højst 300 tegn).", "reason missing or too long"));
    }
    Ok(reason.to_owned())
}

/// Whether the actor sees a course (its plan, not its participants' names: those follow
/// `CaseScope`): administrators every course, a unit leader their unit's (every unit's without
/// one), practitioners and group leaders their unit's and the ones they lead.
pub fn may_see_course(actor: &crate::Actor, unit_id: i64, leaders: &[i64]) -> bool {
    use crate::Role;
    match actor.role {
        Role::Admin => true,
        Role::UnitLeader => actor.unit_id.is_none_or(|own| own == unit_id),
        Role::Practitioner | Role::GroupLeader => actor.unit_id == Some(unit_id) || leaders.contains(&actor.user_id),
        _ => false,
    }
}

/// Whether the actor runs a course (creates one, enrols, takes attendance, moves or cancels a
/// session): those who see it and may change cases.
pub fn may_run_course(actor: &crate::Actor, unit_id: i64, leaders: &[i64]) -> bool {
    actor.allows(crate::Permission::ChangeCases) && may_see_course(actor, unit_id, leaders)
}

/// A participant's attendance at one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Present,
    AbsentWithNotice,
    AbsentWithoutNotice,
}

crate::catalogue::codes!(Attendance {
    Present => "present", "Mødt";
    AbsentWithNotice => "absent_notice", "Afbud";
    AbsentWithoutNotice => "absent", "Udeblevet";
});

impl Attendance {
    /// The grid's short mark (with the label beside it for screen readers).
    pub fn mark(self) -> &'static str {
        match self {
            Attendance::Present => "✓",
            Attendance::AbsentWithNotice => "A",
            Attendance::AbsentWithoutNotice => "U",
        }
    }
}

/// The steps (session numbers among the held, not cancelled sessions, counted from 1) that a
/// participant of a step-built programme missed: sessions held since they joined where they
/// were recorded absent. A session without a record is not counted missing (not yet taken).
pub fn missed_steps(held: &[(i64, NaiveDate)], joined_on: NaiveDate, attendance: &dyn Fn(i64) -> Option<Attendance>) -> Vec<usize> {
    held.iter()
        .enumerate()
        .filter(|(_, (_, date))| *date >= joined_on)
        .filter(|(_, (id, _))| matches!(attendance(*id), Some(Attendance::AbsentWithNotice | Attendance::AbsentWithoutNotice)))
        .map(|(i, _)| i + 1)
        .collect()
}

/// "Mangler trin 3" / "Mangler trin 3 og 5" / "Mangler trin 2, 3 og 5".
pub fn missed_label(steps: &[usize]) -> Option<String> {
    let (last, rest) = steps.split_last()?;
    let list = if rest.is_empty() { last.to_string() } else { format!("{} og {last}", rest.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")) };
    Some(format!("Mangler trin {list}"))
}

/// Whether a course takes a new participant on `today`: a fixed cohort only until its first
/// session has been held; continuous intake while any session lies ahead.
pub fn takes_participants(continuous_intake: bool, sessions: &[NaiveDate], today: NaiveDate) -> Result<(), FieldError> {
    let next = sessions.iter().find(|d| **d >= today);
    match (continuous_intake, sessions.first(), next) {
        (_, _, None) => Err(FieldError::new("case_id", "Forløbet har ikke flere gange. Familien bliver på ventelisten.", "no sessions ahead")),
        (false, Some(first), _) if *first < today => Err(FieldError::new(
            "case_id",
            "Forløbet er begyndt og har ikke løbende optag. Familien bliver på ventelisten til næste forløb.",
            "cohort already started",
        )),
        _ => Ok(()),
    }
}

/// The most sessions a continuous-intake course holds, every extension included.
pub const MAX_TOTAL_SESSIONS: usize = 200;

/// Sessions added to a continuous-intake course ("løbende optag"): `count` more in the course's
/// rhythm after its last planned session (`last`), none before `today` and none on a holiday,
/// so a fortnightly course keeps the parents' week. A fixed cohort gets no more sessions: a
/// new cohort is a new course.
pub fn check_added_sessions(
    continuous_intake: bool,
    count: &str,
    existing: usize,
    rhythm: (Weekday, Interval),
    last: Option<NaiveDate>,
    today: NaiveDate,
    calendar: &Calendar,
) -> Result<Vec<NaiveDate>, FieldError> {
    if !continuous_intake {
        return Err(FieldError::new(
            "count",
            "Kun et forløb med løbende optag kan få flere gange. Opret et nyt forløb til næste hold.",
            "not continuous intake",
        ));
    }
    let room = MAX_TOTAL_SESSIONS.saturating_sub(existing).min(MAX_SESSIONS as usize);
    let Some(n) = count.trim().parse::<usize>().ok().filter(|n| (1..=room).contains(n)) else {
        return Err(FieldError::new("count", format!("Skriv antal nye gange mellem 1 og {room}."), "count out of range"));
    };
    let (weekday, interval) = rhythm;
    let step = Days::new(7 * interval.weeks());
    // The first slot in the rhythm after the last session and not before today.
    let mut first = match last {
        Some(last) => last.checked_add_days(step),
        None => Some(today),
    };
    while let Some(slot) = first.filter(|s| *s < today) {
        first = slot.checked_add_days(step);
    }
    let Some(first) = first else { return Err(FieldError::new("count", "Der kan ikke lægges flere gange.", "no date")) };
    let dates = plan(&Pattern { starts_on: first, weekday, interval, end: PlanEnd::Sessions(n as u32) }, calendar);
    if dates.len() < n {
        return Err(FieldError::new("count", "Der er ikke plads til så mange gange uden om ferierne.", "not enough free slots"));
    }
    Ok(dates)
}

/// A participation ended ("stoppet i forløbet"): the last day (from the day they joined, not in
/// the future) and an optional short reason. The seat is free from then on.
pub fn check_leave(left_on: &str, reason: &str, joined_on: NaiveDate, today: NaiveDate) -> Result<(NaiveDate, String), ValidationErrors> {
    let mut errors = Vec::new();
    let mut err = |field: &'static str, da: &str, en: &str| errors.push(FieldError::new(field, da, en));
    let date = read_date_at(left_on, "left_on", "Skriv den sidste dag i forløbet.", &mut err);
    match date {
        Some(d) if d > today => err("left_on", "Den sidste dag kan ikke ligge i fremtiden.", "leaving in the future"),
        Some(d) if d < joined_on => err("left_on", "Den sidste dag kan ikke ligge før deltageren blev optaget.", "leaving before joining"),
        _ => {}
    }
    if reason.trim().chars().count() > MAX_REASON_CHARS {
        err("reason", "Skriv højst 300 tegn om hvorfor.", "reason too long");
    }
    ValidationErrors::check(errors)?;
    date.map(|d| (d, reason.trim().to_owned()))
        .ok_or_else(|| ValidationErrors(vec![FieldError::new("left_on", "Skriv den sidste dag i forløbet.", "date missing")]))
}

/// The pre-talk (forsamtale) before a case joins a group: its date (not in the future) and a note.
pub fn check_pre_talk(held_on: &str, note: &str, enrolled_on: NaiveDate, today: NaiveDate) -> Result<(NaiveDate, String), ValidationErrors> {
    let mut errors = Vec::new();
    let mut err = |field: &'static str, da: &str, en: &str| errors.push(FieldError::new(field, da, en));
    let date = read_date_at(held_on, "held_on", "Skriv datoen for forsamtalen.", &mut err);
    match date {
        Some(d) if d > today => err("held_on", "Forsamtalen kan ikke ligge i fremtiden.", "pre-talk in the future"),
        Some(d) if d < enrolled_on => err("held_on", "Forsamtalen kan ikke ligge før sagen blev indskrevet.", "pre-talk before enrolment"),
        _ => {}
    }
    if note.chars().count() > 5_000 {
        err("note", "Noten må højst have 5.000 tegn.", "note too long");
    }
    ValidationErrors::check(errors)?;
    date.map(|d| (d, note.trim().to_owned())).ok_or_else(|| ValidationErrors(vec![FieldError::new("held_on", "Skriv datoen for forsamtalen.", "date missing")]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::holidays::{SchoolHoliday, public_holiday};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_continuous_intake_course_gets_more_sessions_in_its_rhythm() {
        let cal = Calendar::default();
        let rhythm = (Weekday::Tue, Interval::Fortnightly);
        let last = d(2026, 9, 29);
        let added = check_added_sessions(true, "3", 10, rhythm, Some(last), d(2026, 9, 1), &cal).expect("added");
        assert_eq!(added, vec![d(2026, 10, 27), d(2026, 11, 10), d(2026, 11, 24)], "13.10 falls in the autumn holiday and is skipped");
        let late = check_added_sessions(true, "1", 10, rhythm, Some(last), d(2026, 12, 2), &cal).expect("added");
        assert_eq!(late, vec![d(2026, 12, 8)], "not before today, still in the rhythm");
        assert_eq!(check_added_sessions(false, "3", 10, rhythm, Some(last), d(2026, 9, 1), &cal).expect_err("cohort").field, "count");
        for bad in ["0", "", "tre", "61"] {
            assert!(check_added_sessions(true, bad, 10, rhythm, Some(last), d(2026, 9, 1), &cal).is_err(), "{bad}");
        }
        assert!(check_added_sessions(true, "2", MAX_TOTAL_SESSIONS - 1, rhythm, Some(last), d(2026, 9, 1), &cal).is_err(), "the total is capped");
    }

    #[test]
    fn a_participation_ends_on_a_day_between_joining_and_today() {
        let (joined, today) = (d(2026, 9, 1), d(2026, 10, 1));
        assert_eq!(check_leave("15.09.2026", " Flyttet ", joined, today), Ok((d(2026, 9, 15), "Flyttet".to_owned())));
        assert!(check_leave("01.09.2026", "", joined, today).is_ok(), "the day they joined");
        let e = check_leave("02.10.2026", "", joined, today).expect_err("future");
        assert_eq!(e.0[0].field, "left_on");
        assert!(check_leave("31.08.2026", "", joined, today).is_err());
        assert!(check_leave("", "", joined, today).is_err());
        let e = check_leave("15.09.2026", &"x".repeat(301), joined, today).expect_err("long");
        assert_eq!(e.0[0].field, "reason");
    }

    #[test]
    fn a_fortnightly_season_skips_autumn_christmas_and_winter() {
        // Børnegruppen: every second week, October–April, Tuesdays.
        let p = Pattern { starts_on: d(2026, 10, 1), weekday: Weekday::Tue, interval: Interval::Fortnightly, end: PlanEnd::Until(d(2027, 4, 30)) };
        let dates = plan(&p, &Calendar::default());
        assert_eq!(dates.first(), Some(&d(2026, 10, 6)));
        assert!(dates.contains(&d(2026, 10, 20)), "the autumn holiday (10.–18.10) falls between two slots");
        assert!(!dates.contains(&d(2026, 12, 29)), "juleferie");
        assert!(!dates.contains(&d(2027, 3, 23)), "påskeferie");
        assert_eq!(dates.last(), Some(&d(2027, 4, 20)));
        assert_eq!(dates.len(), 13);
        assert!(dates.iter().all(|x| (*x - d(2026, 10, 6)).num_days() % 14 == 0), "the rhythm is kept");
    }

    #[test]
    fn ten_weekly_meetings_skip_the_autumn_holiday() {
        let p = Pattern { starts_on: d(2026, 9, 28), weekday: Weekday::Wed, interval: Interval::Weekly, end: PlanEnd::Sessions(10) };
        let dates = plan(&p, &Calendar::default());
        assert_eq!(dates.len(), 10);
        assert_eq!(dates[0], d(2026, 9, 30));
        assert!(!dates.contains(&d(2026, 10, 14)));
        assert_eq!(dates[2], d(2026, 10, 21));
    }

    #[test]
    fn the_draft_answers_every_field() {
        let draft = CourseDraft { end_kind: "sessions".into(), ..Default::default() };
        let errors = draft.check(&|_| true, &Calendar::default()).unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field).collect();
        for f in ["name", "leaders", "capacity", "min_age", "max_age", "place", "weekday", "start_time", "minutes", "interval", "starts_on", "sessions"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let ok = CourseDraft {
            name: "Cool Kids".into(),
            leaders: vec!["3".into(), "".into()],
            capacity: "6".into(),
            max_families: "6".into(),
            min_age: "9".into(),
            max_age: "12".into(),
            place: "Familiehuset".into(),
            weekday: "wed".into(),
            start_time: "16.00".into(),
            minutes: "120".into(),
            interval: "weekly".into(),
            starts_on: "01.10.2026".into(),
            end_kind: "sessions".into(),
            sessions: "10".into(),
            until: String::new(),
            step_built: true,
            continuous_intake: false,
        };
        let (course, dates) = ok.check(&|id| id == 3, &Calendar::default()).unwrap();
        assert_eq!((course.leaders, dates.len()), (vec![3], 10));
        let bad_leader = CourseDraft { leaders: vec!["4".into()], ..ok.clone() };
        assert_eq!(bad_leader.check(&|id| id == 3, &Calendar::default()).unwrap_err().0[0].field, "leaders");
        let more_families = CourseDraft { max_families: "8".into(), ..ok };
        assert_eq!(more_families.check(&|_| true, &Calendar::default()).unwrap_err().0[0].field, "max_families");
    }

    #[test]
    fn missed_steps_and_their_label() {
        let held = [(1, d(2026, 9, 30)), (2, d(2026, 10, 7)), (3, d(2026, 10, 21)), (4, d(2026, 10, 28))];
        let att = |id| match id {
            1 => Some(Attendance::Present),
            3 => Some(Attendance::AbsentWithNotice),
            4 => Some(Attendance::AbsentWithoutNotice),
            _ => None,
        };
        assert_eq!(missed_steps(&held, d(2026, 9, 1), &att), vec![3, 4]);
        assert_eq!(missed_steps(&held, d(2026, 10, 22), &att), vec![4], "steps before joining are not missed");
        assert_eq!(missed_label(&[3]).as_deref(), Some("Mangler trin 3"));
        assert_eq!(missed_label(&[2, 3, 5]).as_deref(), Some("Mangler trin 2, 3 og 5"));
        assert_eq!(missed_label(&[]), None);
    }

    #[test]
    fn courses_are_seen_by_their_unit_and_leaders() {
        use crate::{Actor, Role};
        let a = |role, unit_id| Actor { user_id: 7, role, unit_id };
        assert!(may_run_course(&a(Role::GroupLeader, Some(1)), 1, &[]));
        assert!(may_run_course(&a(Role::GroupLeader, Some(2)), 1, &[7]), "a leader from elsewhere runs their own");
        assert!(!may_see_course(&a(Role::Practitioner, Some(2)), 1, &[3]));
        assert!(may_run_course(&a(Role::UnitLeader, Some(1)), 1, &[]) && !may_see_course(&a(Role::UnitLeader, Some(2)), 1, &[]));
        assert!(may_run_course(&a(Role::Admin, None), 1, &[]));
        for role in [Role::Caseworker, Role::Analyst, Role::AnonymousCounsellor] {
            assert!(!may_see_course(&a(role, Some(1)), 1, &[7]), "{role:?}");
        }
    }

    #[test]
    fn intake_closes_when_a_cohort_has_begun() {
        let sessions = [d(2026, 10, 1), d(2026, 10, 8)];
        assert!(takes_participants(false, &sessions, d(2026, 10, 1)).is_ok());
        assert!(takes_participants(false, &sessions, d(2026, 10, 2)).is_err());
        assert!(takes_participants(true, &sessions, d(2026, 10, 2)).is_ok());
        assert!(takes_participants(true, &sessions, d(2026, 10, 9)).is_err());
    }

    #[test]
    fn a_moved_session_cannot_land_on_a_holiday() {
        assert_eq!(check_move("25.12.2026", "16.00", &Calendar::default()).unwrap_err().0[0].field, "date");
        assert!(check_move("26.11.2026", "9.30", &Calendar::default()).is_ok());
    }

    fn calendars() -> impl Strategy<Value = Calendar> {
        // The defaults, or a year's periods moved by up to a week each way (an edited calendar).
        (prop::bool::ANY, 2020i32..2035, -7i64..=7).prop_map(|(edited, year, shift)| {
            if !edited {
                return Calendar::default();
            }
            let moved = crate::holidays::default_school_holidays(year)
                .into_iter()
                .map(|h| SchoolHoliday { from: h.from + chrono::Duration::days(shift), to: h.to + chrono::Duration::days(shift), ..h })
                .collect();
            Calendar::new(moved)
        })
    }

    fn patterns() -> impl Strategy<Value = Pattern> {
        let start = (2020i32..2035, 1u32..=12, 1u32..=28).prop_map(|(y, m, day)| d(y, m, day));
        let weekday = (0u8..7).prop_map(|n| WEEKDAYS[usize::from(n)].0);
        let interval = prop::bool::ANY.prop_map(|w| if w { Interval::Weekly } else { Interval::Fortnightly });
        let end = prop_oneof![
            (1u32..=MAX_SESSIONS).prop_map(PlanEnd::Sessions),
            (0i64..=MAX_SEASON_DAYS).prop_map(|n| PlanEnd::Until(NaiveDate::MIN + chrono::Duration::days(n)))
        ];
        (start, weekday, interval, end).prop_map(|(starts_on, weekday, interval, end)| {
            // `Until` above carries only a length; the season ends that many days after the start.
            let end = match end {
                PlanEnd::Until(len) => PlanEnd::Until(starts_on + (len - NaiveDate::MIN)),
                other => other,
            };
            Pattern { starts_on, weekday, interval, end }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn added_sessions_continue_the_rhythm_after_the_last_and_from_today(p in patterns(), cal in calendars(), n in 1usize..12, ahead in -400i64..400) {
            let Some(last) = plan(&p, &cal).last().copied() else { return Ok(()) };
            let today = last + chrono::Duration::days(ahead);
            let added = check_added_sessions(true, &n.to_string(), 10, (p.weekday, p.interval), Some(last), today, &cal);
            let Ok(added) = added else { return Ok(()) };
            prop_assert_eq!(added.len(), n);
            let step = 7 * p.interval.weeks() as i64;
            for date in &added {
                prop_assert!(*date > last && *date >= today, "{date} after {last} and not before {today}");
                prop_assert_eq!((*date - last).num_days() % step, 0, "the rhythm");
                prop_assert!(cal.day_off(*date).is_none(), "{date} is a holiday");
            }
            prop_assert!(added.windows(2).all(|w| w[0] < w[1]));
        }

        #[test]
        fn sessions_avoid_holidays_stay_in_the_season_and_keep_the_pattern(p in patterns(), cal in calendars()) {
            let dates = plan(&p, &cal);
            for w in dates.windows(2) {
                prop_assert!(w[0] < w[1], "in order");
                let gap = (w[1] - w[0]).num_days();
                prop_assert!(gap > 0 && gap % (7 * p.interval.weeks() as i64) == 0, "the rhythm: {gap}");
            }
            for date in &dates {
                prop_assert!(public_holiday(*date).is_none(), "{date} is a public holiday");
                prop_assert!(cal.day_off(*date).is_none(), "{date} is in a holiday");
                prop_assert_eq!(date.weekday(), p.weekday);
                prop_assert!(*date >= p.starts_on);
                prop_assert!((*date - p.starts_on).num_days() < 7 + 7 * p.interval.weeks() as i64 * (MAX_SESSIONS as i64 + 40), "not far beyond the start");
            }
            if let Some(first) = dates.first() {
                // No free slot before the first is skipped: the first is the first free slot.
                let mut slot = p.starts_on;
                while slot.weekday() != p.weekday {
                    slot = slot.succ_opt().unwrap();
                }
                while slot < *first {
                    prop_assert!(cal.day_off(slot).is_some(), "{slot} was free but skipped");
                    slot += chrono::Duration::weeks(p.interval.weeks() as i64);
                }
            }
            match p.end {
                PlanEnd::Sessions(n) => prop_assert_eq!(dates.len(), n as usize, "the requested count"),
                PlanEnd::Until(until) => {
                    prop_assert!(dates.iter().all(|x| *x <= until), "within the season");
                    // Every free slot of the season is used.
                    let free = {
                        let mut slot = p.starts_on;
                        while slot.weekday() != p.weekday {
                    slot = slot.succ_opt().unwrap();
                }
                        let mut n = 0;
                        while slot <= until {
                            if cal.day_off(slot).is_none() {
                                n += 1;
                            }
                            slot += chrono::Duration::weeks(p.interval.weeks() as i64);
                        }
                        n
                    };
                    prop_assert_eq!(dates.len(), free.min(MAX_SESSIONS as usize));
                }
            }
        }
    }
}
