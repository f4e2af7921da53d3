//! Strengthened family treatment (styrket familiebehandling, `shared/notes/strengthened-family-treatment.md`):
//! the three phases of a course and the rule for their dates, and the split of a case's hours
//! into planned and flexible time against the model's target (70 % planned, 30 % flexible).
//! The network map is `network_map.rs`; the group-session rule is the journal's (`journal.rs`).

use crate::danish;
use crate::validation::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::Serialize;

/// The model's three phases, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Start at the authority: enquiry, needs assessment, investigation, the action plan.
    Authority,
    /// The service at the provider.
    Service,
    /// Further clarification and closure: goals met, the network takes over, a bridge onward.
    Closure,
}

impl Phase {
    pub const ALL: [Phase; 3] = [Phase::Authority, Phase::Service, Phase::Closure];

    /// 1, 2 or 3.
    pub fn number(self) -> usize {
        match self {
            Phase::Authority => 1,
            Phase::Service => 2,
            Phase::Closure => 3,
        }
    }

    pub fn label_da(self) -> &'static str {
        match self {
            Phase::Authority => "Opstart i myndighed",
            Phase::Service => "Indsatsen hos leverandøren",
            Phase::Closure => "Opfølgende afklaring og afslutning",
        }
    }

    /// The form fields of the phase's start and end.
    pub fn fields(self) -> (&'static str, &'static str) {
        match self {
            Phase::Authority => ("phase1_start", "phase1_end"),
            Phase::Service => ("phase2_start", "phase2_end"),
            Phase::Closure => ("phase3_start", "phase3_end"),
        }
    }
}

/// One phase's dates; an end without a start is never stored (the rule refuses it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PhaseDates {
    pub starts_on: Option<NaiveDate>,
    /// Both days belong to the phase. May lie ahead (a planned end of a residential stay).
    pub ends_on: Option<NaiveDate>,
}

/// The three phases of a case, checked: in order, without overlaps, not before the case
/// started, a phase begun only once the one before it has begun and ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Phases(pub [PhaseDates; 3]);

/// What the case says about its phases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseFrame {
    /// The case's start; a case not yet started takes no phase.
    pub started_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    /// The Danish date today: a phase that has not begun has no start date yet.
    pub today: NaiveDate,
}

/// The form as typed: start and end of each phase, `26.04.2022` or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhasesDraft(pub [(String, String); 3]);

impl PhasesDraft {
    /// Checks every date against the case and the phases before it; all problems at once.
    pub fn check(&self, frame: &PhaseFrame) -> Result<Phases, ValidationErrors> {
        let mut errors = Vec::new();
        let mut phases = [PhaseDates::default(); 3];
        for (i, phase) in Phase::ALL.iter().enumerate() {
            let (start_field, end_field) = phase.fields();
            let (start_text, end_text) = &self.0[i];
            phases[i].starts_on = read(start_text, start_field, &mut errors);
            phases[i].ends_on = read(end_text, end_field, &mut errors);
        }
        if errors.is_empty() {
            errors = Phases(phases).problems(frame);
        }
        ValidationErrors::check(errors)?;
        Ok(Phases(phases))
    }
}

fn read(text: &str, field: &'static str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        return None;
    }
    match danish::read_date(text) {
        Ok(d) => Some(d),
        Err(p) => {
            errors.push(FieldError::new(field, p.message_da(), "date is unreadable"));
            None
        }
    }
}

impl Phases {
    /// Every problem with these dates in the case's frame, each at its field. The one rule.
    pub fn problems(&self, frame: &PhaseFrame) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let Some(case_start) = frame.started_on else {
            if self.0.iter().any(|p| p.starts_on.is_some() || p.ends_on.is_some()) {
                errors.push(FieldError::new("phase1_start", "Sagen er ikke iværksat. Faserne registreres fra iværksættelsen.", "case not started"));
            }
            return errors;
        };
        // The day after the previous phase's end: the earliest a later phase may begin.
        let mut earliest = case_start;
        let mut previous: Option<(Phase, PhaseDates)> = None;
        for (phase, dates) in Phase::ALL.iter().copied().zip(self.0) {
            let (start_field, end_field) = phase.fields();
            let n = phase.number();
            match dates.starts_on {
                None => {
                    if dates.ends_on.is_some() {
                        errors.push(FieldError::new(
                            start_field,
                            format!("Skriv hvornår fase {n} startede, før den kan have en slutdato."),
                            "end without start",
                        ));
                    }
                }
                Some(start) => {
                    let mut blocked = false;
                    if let Some((before, before_dates)) = previous {
                        let m = before.number();
                        blocked = true;
                        match (before_dates.starts_on, before_dates.ends_on) {
                            (None, _) => errors.push(FieldError::new(
                                start_field,
                                format!("Fase {m} skal være startet, før fase {n} kan starte."),
                                "earlier phase not started",
                            )),
                            (Some(_), None) => errors.push(FieldError::new(
                                start_field,
                                format!("Skriv hvornår fase {m} sluttede, før fase {n} kan starte."),
                                "earlier phase not ended",
                            )),
                            _ => blocked = false,
                        }
                    }
                    if blocked {
                        // Already answered at this field; the dates below are judged once the earlier phase is complete.
                    } else if start < earliest {
                        let message = if n == 1 {
                            format!("Fase {n} kan ikke starte før sagens iværksættelse den {}.", danish::date(case_start))
                        } else {
                            format!("Fase {n} kan tidligst starte den {}, dagen efter at fase {} slutter.", danish::date(earliest), n - 1)
                        };
                        errors.push(FieldError::new(start_field, message, "phase starts too early"));
                    } else if start > frame.today {
                        errors.push(FieldError::new(
                            start_field,
                            format!("Fase {n} kan ikke starte i fremtiden. Skriv startdatoen, når fasen er begyndt."),
                            "start in the future",
                        ));
                    } else if let Some(closed) = frame.closed_on
                        && start > closed
                    {
                        errors.push(FieldError::new(
                            start_field,
                            format!("Fase {n} kan ikke starte efter sagens afslutning den {}.", danish::date(closed)),
                            "start after closure",
                        ));
                    }
                    if let Some(end) = dates.ends_on {
                        if end < start {
                            errors.push(FieldError::new(
                                end_field,
                                format!("Fase {n} kan ikke slutte, før den starter ({}).", danish::date(start)),
                                "end before start",
                            ));
                        } else if let Some(closed) = frame.closed_on
                            && end > closed
                        {
                            errors.push(FieldError::new(
                                end_field,
                                format!("Fase {n} kan ikke slutte efter sagens afslutning den {}.", danish::date(closed)),
                                "end after closure",
                            ));
                        }
                        earliest = earliest.max(end.succ_opt().unwrap_or(end));
                    }
                    earliest = earliest.max(start);
                }
            }
            previous = Some((phase, dates));
        }
        errors
    }

    /// The phase the case is in on a day: the last begun whose end (if any) is not past.
    pub fn current(&self, on: NaiveDate) -> Option<Phase> {
        Phase::ALL.iter().copied().zip(self.0).rev().find(|(_, d)| d.starts_on.is_some_and(|s| s <= on) && d.ends_on.is_none_or(|e| e >= on)).map(|(p, _)| p)
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|d| d.starts_on.is_none() && d.ends_on.is_none())
    }

    /// The draft that shows these phases in the form again.
    pub fn to_draft(&self) -> PhasesDraft {
        let text = |d: Option<NaiveDate>| d.map(danish::date).unwrap_or_default();
        PhasesDraft(self.0.map(|d| (text(d.starts_on), text(d.ends_on))))
    }
}

/// The model's target: 70 % of the hours planned, 30 % flexible (the note's element 3).
pub const TARGET_PLANNED_PERCENT: u32 = 70;

/// How far (percentage points) the planned share may lie from the target before the case page
/// points it out.
pub const TARGET_TOLERANCE_POINTS: i64 = 5;

/// A case's journal minutes, planned and flexible, against the target split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HoursSplit {
    pub planned_minutes: u32,
    pub flexible_minutes: u32,
}

impl HoursSplit {
    /// From each contact's minutes and whether it was flexible time.
    pub fn of(contacts: impl IntoIterator<Item = (u16, bool)>) -> Self {
        let mut split = HoursSplit::default();
        for (minutes, flexible) in contacts {
            if flexible {
                split.flexible_minutes += u32::from(minutes);
            } else {
                split.planned_minutes += u32::from(minutes);
            }
        }
        split
    }

    pub fn total_minutes(&self) -> u32 {
        self.planned_minutes + self.flexible_minutes
    }

    /// The planned share in whole per cent, rounded half up; `None` without any hours.
    pub fn planned_percent(&self) -> Option<u32> {
        let total = self.total_minutes();
        (total > 0).then(|| (self.planned_minutes * 200 + total) / (2 * total))
    }

    /// `None` without hours; else the planned share in percentage points above (+) or below
    /// (−) the target.
    pub fn off_target(&self) -> Option<i64> {
        self.planned_percent().map(|p| i64::from(p) - i64::from(TARGET_PLANNED_PERCENT))
    }

    /// Whether the split is far enough from the target to point out: more than
    /// `TARGET_TOLERANCE_POINTS` either way (a few hours' contact cannot hit 70/30 exactly).
    pub fn outside_target(&self) -> bool {
        self.off_target().is_some_and(|d| d.abs() > TARGET_TOLERANCE_POINTS)
    }
}

/// Minutes as hours with one decimal, Danish style: `12,5 t`.
pub fn hours_da(minutes: u32) -> String {
    format!("{} t", danish::decimal(f64::from(minutes) / 60.0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    fn frame() -> PhaseFrame {
        PhaseFrame { started_on: Some(day(2022, 2, 1)), closed_on: None, today: day(2022, 9, 1) }
    }

    fn draft(texts: [&str; 6]) -> PhasesDraft {
        PhasesDraft([(texts[0].into(), texts[1].into()), (texts[2].into(), texts[3].into()), (texts[4].into(), texts[5].into())])
    }

    fn fields(texts: [&str; 6], frame: &PhaseFrame) -> Vec<&'static str> {
        match draft(texts).check(frame) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(|f| f.field).collect(),
        }
    }

    #[test]
    fn three_phases_in_order_are_read() {
        let p = draft(["01.02.2022", "28.02.2022", "01.03.2022", "30.06.2022", "01.07.2022", ""]).check(&frame()).expect("valid");
        assert_eq!(p.0[2].starts_on, Some(day(2022, 7, 1)));
        assert_eq!(p.current(day(2022, 3, 15)), Some(Phase::Service));
        assert_eq!(p.current(day(2022, 8, 15)), Some(Phase::Closure));
        assert_eq!(p.to_draft().check(&frame()), Ok(p));
        assert!(draft(["", "", "", "", "", ""]).check(&frame()).expect("empty").is_empty());
    }

    #[test]
    fn a_planned_end_may_lie_ahead_but_a_start_may_not() {
        assert_eq!(fields(["01.02.2022", "31.12.2022", "", "", "", ""], &frame()), Vec::<&str>::new());
        assert_eq!(fields(["02.09.2022", "", "", "", "", ""], &frame()), ["phase1_start"]);
        // A later phase cannot start before a planned end, so it cannot start in the future that way either.
        assert_eq!(fields(["01.02.2022", "31.12.2022", "01.08.2022", "", "", ""], &frame()), ["phase2_start"]);
    }

    #[test]
    fn phases_may_not_overlap_or_come_out_of_order() {
        // Phase 2 on the day phase 1 ends: overlap of one day.
        assert_eq!(fields(["01.02.2022", "28.02.2022", "28.02.2022", "", "", ""], &frame()), ["phase2_start"]);
        // Phase 3 before phase 2.
        assert_eq!(fields(["01.02.2022", "28.02.2022", "01.05.2022", "31.05.2022", "01.04.2022", ""], &frame()), ["phase3_start"]);
        // Phase 2 without phase 1, phase 2 while phase 1 runs.
        assert_eq!(fields(["", "", "01.03.2022", "", "", ""], &frame()), ["phase2_start"]);
        assert_eq!(fields(["01.02.2022", "", "01.03.2022", "", "", ""], &frame()), ["phase2_start"]);
        // An end before its start; an end without a start.
        assert_eq!(fields(["01.03.2022", "15.02.2022", "", "", "", ""], &frame()), ["phase1_end"]);
        assert_eq!(fields(["", "15.02.2022", "", "", "", ""], &frame()), ["phase1_start"]);
    }

    #[test]
    fn not_before_the_case_start_nor_after_its_closure() {
        assert_eq!(fields(["31.01.2022", "", "", "", "", ""], &frame()), ["phase1_start"]);
        let closed = PhaseFrame { closed_on: Some(day(2022, 6, 30)), ..frame() };
        assert_eq!(fields(["01.02.2022", "01.07.2022", "", "", "", ""], &closed), ["phase1_end"]);
        assert_eq!(fields(["01.02.2022", "30.06.2022", "", "", "", ""], &closed), Vec::<&str>::new());
        let waiting = PhaseFrame { started_on: None, ..frame() };
        assert_eq!(fields(["01.02.2022", "", "", "", "", ""], &waiting), ["phase1_start"]);
        assert_eq!(fields(["", "", "", "", "", ""], &waiting), Vec::<&str>::new());
    }

    #[test]
    fn unreadable_dates_are_answered_at_their_field() {
        assert_eq!(fields(["1.2.22", "", "", "x", "", ""], &frame()), ["phase1_start", "phase2_end"]);
        let e = draft(["01.02.2022", "28.02.2022", "28.02.2022", "", "", ""]).check(&frame()).expect_err("overlap");
        assert!(e.0[0].message_da.contains("01.03.2022"), "{}", e.0[0].message_da);
    }

    #[test]
    fn the_hours_split() {
        let s = HoursSplit::of([(90, false), (60, false), (60, true), (30, false)]);
        assert_eq!((s.planned_minutes, s.flexible_minutes, s.total_minutes()), (180, 60, 240));
        assert_eq!(s.planned_percent(), Some(75));
        assert_eq!(s.off_target(), Some(5));
        assert!(!s.outside_target(), "5 points is within the tolerance");
        assert!(HoursSplit { planned_minutes: 240, flexible_minutes: 60 }.outside_target(), "80/20");
        assert!(HoursSplit { planned_minutes: 180, flexible_minutes: 120 }.outside_target(), "60/40");
        assert!(!HoursSplit::default().outside_target(), "no hours, nothing to point out");
        assert_eq!(HoursSplit::default().planned_percent(), None);
        assert_eq!(hours_da(90), "1,5 t");
    }

    fn date_of(offset: Option<i64>) -> Option<NaiveDate> {
        offset.map(|o| day(2022, 1, 1) + chrono::Duration::days(o))
    }

    proptest! {
        /// Accepted phases are exactly those in order without overlap inside the course: every
        /// begun phase starts after the previous one ended, no end before its start, nothing
        /// before the case start, no start in the future.
        #[test]
        fn accepted_phases_never_overlap(offsets in proptest::array::uniform6(proptest::option::of(0i64..400))) {
            let f = PhaseFrame { started_on: Some(day(2022, 2, 1)), closed_on: None, today: day(2022, 12, 1) };
            let mut dates = [PhaseDates::default(); 3];
            for i in 0..3 {
                dates[i] = PhaseDates { starts_on: date_of(offsets[2 * i]), ends_on: date_of(offsets[2 * i + 1]) };
            }
            let phases = Phases(dates);
            let ok = phases.problems(&f).is_empty();
            // The same rule, spelled as the intervals it means.
            let mut expected = true;
            let mut last_end: Option<NaiveDate> = None;
            let mut open = false;
            for (i, d) in dates.iter().enumerate() {
                match d.starts_on {
                    None => {
                        expected &= d.ends_on.is_none();
                        open = true; // a later phase may not begin after a missing one
                    }
                    Some(s) => {
                        expected &= !open && s >= day(2022, 2, 1) && s <= f.today;
                        if i > 0 {
                            expected &= last_end.is_some_and(|e| s > e);
                        }
                        expected &= d.ends_on.is_none_or(|e| e >= s);
                        open = d.ends_on.is_none();
                        last_end = d.ends_on;
                    }
                }
            }
            prop_assert_eq!(ok, expected, "{:?}", dates);
            if ok {
                // On every day at most one phase runs.
                for o in 0..400 {
                    let on = day(2022, 1, 1) + chrono::Duration::days(o);
                    let running = dates.iter().filter(|d| d.starts_on.is_some_and(|s| s <= on) && d.ends_on.is_none_or(|e| e >= on)).count();
                    prop_assert!(running <= 1);
                }
            }
        }

        #[test]
        fn the_split_adds_up(contacts in proptest::collection::vec((1u16..=600, any::<bool>()), 0..50)) {
            let s = HoursSplit::of(contacts.clone());
            prop_assert_eq!(s.total_minutes(), contacts.iter().map(|(m, _)| u32::from(*m)).sum::<u32>());
            if let Some(p) = s.planned_percent() {
                prop_assert!(p <= 100);
            }
        }
    }
}
