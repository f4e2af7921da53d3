//! A case (sag/forløb): one child or family receiving one service, from enrolment on the
//! waiting list through start to closure. The lifecycle's invariants live here and nowhere else:
//! start not before enrolment, close not before start (or enrolment), no change to a closed case
//! without reopening it.

use crate::catalogue::codes;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosureReason {
    PurposeMet,
    NoLongerServesPurpose,
    FamilyDoesNotProfit,
    MovedToOtherService,
    Withdrawn,
    FamilyWithdrew,
}

codes!(ClosureReason {
    PurposeMet => "purpose_met", "Formålet er opfyldt";
    NoLongerServesPurpose => "no_longer_serves_purpose", "Indsatsen tjener ikke længere sit formål";
    FamilyDoesNotProfit => "family_does_not_profit", "Familien profiterer ikke af indsatsen";
    MovedToOtherService => "moved_to_other_service", "Overgået til anden indsats";
    Withdrawn => "withdrawn", "Henvisningen er trukket tilbage";
    FamilyWithdrew => "family_withdrew", "Familien har trukket sig";
});

/// Where a family that moved on to another service went on the intervention ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intrusiveness {
    More,
    Less,
    Same,
}

impl Intrusiveness {
    /// From the ladder steps of the service closed and the one moved on to (a higher step is
    /// more intrusive: `ladder.rs`).
    pub fn between(from_step: u8, to_step: u8) -> Self {
        match to_step.cmp(&from_step) {
            std::cmp::Ordering::Greater => Intrusiveness::More,
            std::cmp::Ordering::Less => Intrusiveness::Less,
            std::cmp::Ordering::Equal => Intrusiveness::Same,
        }
    }
    pub fn label_da(self) -> &'static str {
        match self {
            Intrusiveness::More => "mere indgribende",
            Intrusiveness::Less => "mindre indgribende",
            Intrusiveness::Same => "samme trin",
        }
    }
}

/// The longest end report a closure takes (about ten pages).
pub const MAX_END_REPORT: usize = 30_000;

impl ClosureReason {
    /// Whether the reason speaks of an indsats that has run: its purpose met or not, the family
    /// not profiting. A case that never started cannot close so; it can be withdrawn, the family
    /// can withdraw, or it can move on to another service.
    pub fn needs_started_case(self) -> bool {
        matches!(self, ClosureReason::PurposeMet | ClosureReason::NoLongerServesPurpose | ClosureReason::FamilyDoesNotProfit)
    }
}

/// Who sent the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralSource {
    AuthorityDecision,
    HealthVisitor,
    Midwife,
    GeneralPractitioner,
    DayCare,
    School,
    Ppr,
    SelfReferral,
    WalkIn,
}

codes!(ReferralSource {
    AuthorityDecision => "authority_decision", "Myndighedsafgørelse";
    HealthVisitor => "health_visitor", "Sundhedsplejen";
    Midwife => "midwife", "Jordemoder";
    GeneralPractitioner => "general_practitioner", "Egen læge";
    DayCare => "day_care", "Dagtilbud";
    School => "school", "Skole";
    Ppr => "ppr", "PPR";
    SelfReferral => "self_referral", "Egen henvendelse";
    WalkIn => "walk_in", "Åben dør";
});

/// What happened to a case, as one entry of its timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseEventKind {
    Enrolled,
    Started,
    Closed,
    Reopened,
    Assigned,
    FollowUpHeld,
    StatusReportSent,
    GoalSet,
    GoalEnded,
    GoalsRated,
}

codes!(CaseEventKind {
    Enrolled => "enrolled", "Indskrevet";
    Started => "started", "Iværksat";
    Closed => "closed", "Afsluttet";
    Reopened => "reopened", "Genåbnet";
    Assigned => "assigned", "Tildelt";
    FollowUpHeld => "follow_up_held", "Opfølgning holdt";
    StatusReportSent => "status_report_sent", "Statusrapport sendt til rådgiver";
    GoalSet => "goal_set", "Mål sat";
    GoalEnded => "goal_ended", "Mål afsluttet";
    GoalsRated => "goals_rated", "Mål vurderet";
});

/// Where a case is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// Enrolled, on the waiting list.
    Waiting,
    /// Started (iværksat).
    Active,
    Closed,
}

impl CaseState {
    pub fn label_da(self) -> &'static str {
        match self {
            CaseState::Waiting => "På venteliste",
            CaseState::Active => "Iværksat",
            CaseState::Closed => "Afsluttet",
        }
    }
}

/// An illegal transition; each names the dates involved so the message can say why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("the case cannot start on {started_on} before its enrolment on {enrolled_on}")]
    StartBeforeEnrolment { enrolled_on: NaiveDate, started_on: NaiveDate },
    #[error("the case cannot close on {closed_on} before {earliest}")]
    CloseBeforeStart { earliest: NaiveDate, closed_on: NaiveDate },
    #[error("the case has already started")]
    AlreadyStarted,
    #[error("the case is closed; reopen it first")]
    Closed,
    #[error("the case is not closed")]
    NotClosed,
    #[error("a case that never started cannot close as {0:?}")]
    ReasonNeedsStart(ClosureReason),
    /// A case date before any case Familiehus can hold (a typo such as 0001-01-01).
    #[error("{field} {on} is before {earliest}")]
    DateTooEarly { field: &'static str, on: NaiveDate, earliest: NaiveDate },
    /// A case date too far ahead to be meant (e.g. +10000-01-01, or a year typed wrong).
    #[error("{field} {on} is after {latest}, too far in the future")]
    DateTooLate { field: &'static str, on: NaiveDate, latest: NaiveDate },
}

/// The earliest date of a case event (enrolment, start, closure): older paper cases may be
/// entered, but nothing from before the municipal reform's predecessors' digital era.
pub const EARLIEST_CASE_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1990, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// How far ahead a case event may be dated: a start or closure may be planned a little ahead
/// (the next month's first meeting), not further.
pub const CASE_DATE_DAYS_AHEAD: i64 = 92;

/// Refuses a birth date in the future or before 1900, at `field`.
pub fn check_birth_date(field: &'static str, born: NaiveDate, today: NaiveDate) -> Result<(), CaseError> {
    let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
    if born < earliest {
        Err(CaseError::DateTooEarly { field, on: born, earliest })
    } else if born > today {
        Err(CaseError::DateTooLate { field, on: born, latest: today })
    } else {
        Ok(())
    }
}

/// Refuses an implausible case date at `field` (`enrolled_on`, `started_on`, `closed_on`): before
/// `EARLIEST_CASE_DATE` or more than `CASE_DATE_DAYS_AHEAD` days after `today`. Every front-end
/// reaches it through the use cases in `app`, so a page, the API and the CLI refuse alike.
pub fn check_case_date(field: &'static str, on: NaiveDate, today: NaiveDate) -> Result<(), CaseError> {
    let latest = today.checked_add_signed(chrono::Duration::days(CASE_DATE_DAYS_AHEAD)).unwrap_or(NaiveDate::MAX);
    if on < EARLIEST_CASE_DATE {
        Err(CaseError::DateTooEarly { field, on, earliest: EARLIEST_CASE_DATE })
    } else if on > latest {
        Err(CaseError::DateTooLate { field, on, latest })
    } else {
        Ok(())
    }
}

impl CaseError {
    /// The message a user sees.
    pub fn message_da(&self) -> String {
        let d = crate::danish::date;
        match self {
            CaseError::StartBeforeEnrolment { enrolled_on, started_on } => {
                format!("Indsatsen kan ikke iværksættes {} – før indskrivningen {}.", d(*started_on), d(*enrolled_on))
            }
            CaseError::CloseBeforeStart { earliest, closed_on } => {
                format!("Sagen kan ikke afsluttes {} – før {}.", d(*closed_on), d(*earliest))
            }
            CaseError::AlreadyStarted => "Indsatsen er allerede iværksat.".into(),
            CaseError::Closed => "Sagen er afsluttet. Genåbn den, før den ændres.".into(),
            CaseError::NotClosed => "Sagen er ikke afsluttet.".into(),
            CaseError::ReasonNeedsStart(reason) => format!(
                "Indsatsen er aldrig iværksat, så sagen kan ikke afsluttes med årsagen »{}«. Vælg fx »{}« eller »{}«.",
                reason.label_da(),
                ClosureReason::Withdrawn.label_da(),
                ClosureReason::FamilyWithdrew.label_da()
            ),
            CaseError::DateTooEarly { earliest, .. } => format!("Datoen ligger for langt tilbage. Den kan tidligst være {}.", d(*earliest)),
            CaseError::DateTooLate { latest, .. } => format!("Datoen ligger for langt ude i fremtiden. Den kan senest være {}.", d(*latest)),
        }
    }

    /// The field the problem belongs to, for forms and JSON errors.
    pub fn field(&self) -> &'static str {
        match self {
            CaseError::StartBeforeEnrolment { .. } | CaseError::AlreadyStarted => "started_on",
            CaseError::CloseBeforeStart { .. } => "closed_on",
            CaseError::ReasonNeedsStart(_) => "reason",
            CaseError::Closed | CaseError::NotClosed => "state",
            CaseError::DateTooEarly { field, .. } | CaseError::DateTooLate { field, .. } => field,
        }
    }
}

/// The dated lifecycle of one case. Fields are private so every change goes through a transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    enrolled_on: NaiveDate,
    started_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    closure_reason: Option<ClosureReason>,
}

impl Case {
    /// Enrols a new case on the waiting list.
    pub fn enrol(enrolled_on: NaiveDate) -> Self {
        Self { enrolled_on, started_on: None, closed_on: None, closure_reason: None }
    }

    /// Rebuilds a stored case, checking the same invariants as the transitions.
    pub fn restore(enrolled_on: NaiveDate, started_on: Option<NaiveDate>, closed: Option<(NaiveDate, ClosureReason)>) -> Result<Self, CaseError> {
        let mut case = Self::enrol(enrolled_on);
        if let Some(s) = started_on {
            case.start(s)?;
        }
        if let Some((c, reason)) = closed {
            // Stored closures are taken as made: the reason rule applies to new closures only.
            case.close_on(c, reason)?;
        }
        Ok(case)
    }

    pub fn enrolled_on(&self) -> NaiveDate {
        self.enrolled_on
    }
    pub fn started_on(&self) -> Option<NaiveDate> {
        self.started_on
    }
    pub fn closed_on(&self) -> Option<NaiveDate> {
        self.closed_on
    }
    pub fn closure_reason(&self) -> Option<ClosureReason> {
        self.closure_reason
    }

    pub fn state(&self) -> CaseState {
        match (self.started_on, self.closed_on) {
            (_, Some(_)) => CaseState::Closed,
            (Some(_), None) => CaseState::Active,
            (None, None) => CaseState::Waiting,
        }
    }

    /// Starts the service (iværksættelse).
    pub fn start(&mut self, started_on: NaiveDate) -> Result<(), CaseError> {
        match self.state() {
            CaseState::Closed => return Err(CaseError::Closed),
            CaseState::Active => return Err(CaseError::AlreadyStarted),
            CaseState::Waiting => {}
        }
        if started_on < self.enrolled_on {
            return Err(CaseError::StartBeforeEnrolment { enrolled_on: self.enrolled_on, started_on });
        }
        self.started_on = Some(started_on);
        Ok(())
    }

    /// Closes the case; a case may close from the waiting list (e.g. withdrawn).
    pub fn close(&mut self, closed_on: NaiveDate, reason: ClosureReason) -> Result<(), CaseError> {
        if self.state() == CaseState::Waiting && reason.needs_started_case() {
            return Err(CaseError::ReasonNeedsStart(reason));
        }
        self.close_on(closed_on, reason)
    }

    /// The closure's date rules, without the reason rule (`close`).
    fn close_on(&mut self, closed_on: NaiveDate, reason: ClosureReason) -> Result<(), CaseError> {
        if self.state() == CaseState::Closed {
            return Err(CaseError::Closed);
        }
        let earliest = self.started_on.unwrap_or(self.enrolled_on);
        if closed_on < earliest {
            return Err(CaseError::CloseBeforeStart { earliest, closed_on });
        }
        self.closed_on = Some(closed_on);
        self.closure_reason = Some(reason);
        Ok(())
    }

    /// Reopens a closed case; it returns to the state it had before closure.
    /// The new episode that reopening this closed case starts, on `today` or, for a closure
    /// dated ahead, on its closing day (so the episodes never overlap): back on the waiting list
    /// when this one never started, else running again from that day. The closed episode itself
    /// is never changed, so no past period's figures move.
    pub fn next_episode(&self, today: NaiveDate) -> Result<Case, CaseError> {
        let Some(closed_on) = self.closed_on else { return Err(CaseError::NotClosed) };
        let from = today.max(closed_on);
        let mut next = Case::enrol(from);
        if self.started_on.is_some() {
            next.started_on = Some(from);
        }
        Ok(next)
    }

    /// Days from enrolment to start; `None` until started.
    pub fn waiting_days(&self) -> Option<i64> {
        self.started_on.map(|s| (s - self.enrolled_on).num_days())
    }

    /// Days on the waiting list so far, on `today`, for a case not yet started.
    pub fn days_waiting_on(&self, today: NaiveDate) -> Option<i64> {
        (self.state() == CaseState::Waiting).then(|| (today - self.enrolled_on).num_days().max(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 1, 1).unwrap_or_default() + chrono::Days::new(n as u64)
    }

    #[test]
    fn a_case_goes_from_waiting_to_active_to_closed() {
        let mut c = Case::enrol(day(0));
        assert_eq!(c.state(), CaseState::Waiting);
        assert_eq!(c.days_waiting_on(day(10)), Some(10));
        c.start(day(30)).unwrap();
        assert_eq!(c.state(), CaseState::Active);
        assert_eq!(c.waiting_days(), Some(30));
        assert_eq!(c.start(day(31)), Err(CaseError::AlreadyStarted));
        c.close(day(200), ClosureReason::PurposeMet).unwrap();
        assert_eq!(c.state(), CaseState::Closed);
        assert_eq!(c.start(day(201)), Err(CaseError::Closed));
        assert_eq!(c.close(day(201), ClosureReason::Withdrawn), Err(CaseError::Closed));
        let next = c.next_episode(day(210)).unwrap();
        assert_eq!((next.state(), next.enrolled_on(), next.started_on()), (CaseState::Active, day(210), Some(day(210))));
        assert_eq!(c.closed_on(), Some(day(200)), "the closed episode stays closed");
        assert_eq!(next.next_episode(day(211)).err(), Some(CaseError::NotClosed));
    }

    #[test]
    fn dates_out_of_order_are_typed_errors_with_danish_messages() {
        let mut c = Case::enrol(day(10));
        let err = c.start(day(9)).unwrap_err();
        assert_eq!(err, CaseError::StartBeforeEnrolment { enrolled_on: day(10), started_on: day(9) });
        assert_eq!(err.message_da(), "Indsatsen kan ikke iværksættes 10.01.2022 – før indskrivningen 11.01.2022.");
        c.start(day(20)).unwrap();
        assert_eq!(c.close(day(15), ClosureReason::PurposeMet), Err(CaseError::CloseBeforeStart { earliest: day(20), closed_on: day(15) }));
        let mut waiting = Case::enrol(day(10));
        assert!(waiting.close(day(9), ClosureReason::Withdrawn).is_err());
        assert!(waiting.close(day(10), ClosureReason::Withdrawn).is_ok());
        let back = waiting.next_episode(day(5)).unwrap();
        assert_eq!((back.state(), back.enrolled_on()), (CaseState::Waiting, day(10)), "a closure dated ahead: the episode starts on its day");
    }

    #[test]
    fn a_case_never_started_cannot_close_as_if_it_had_run() {
        for reason in ClosureReason::ALL {
            let mut waiting = Case::enrol(day(0));
            let closed = waiting.close(day(5), *reason);
            assert_eq!(closed.is_err(), reason.needs_started_case(), "{reason:?}");
            let mut running = Case::enrol(day(0));
            running.start(day(1)).unwrap();
            assert!(running.close(day(5), *reason).is_ok(), "a started case closes with any reason: {reason:?}");
        }
        let err = Case::enrol(day(0)).close(day(1), ClosureReason::PurposeMet).unwrap_err();
        assert!(err.message_da().contains("aldrig iværksat"));
        // Stored closures from before the rule still read.
        assert!(Case::restore(day(0), None, Some((day(1), ClosureReason::PurposeMet))).is_ok());
    }

    proptest! {
        #[test]
        fn restore_accepts_exactly_the_ordered_dates(e in 0i64..1000, s in proptest::option::of(0i64..1000), c in proptest::option::of(0i64..1000)) {
            let restored = Case::restore(day(e), s.map(day), c.map(|c| (day(c), ClosureReason::PurposeMet)));
            let ordered = s.is_none_or(|s| s >= e) && c.is_none_or(|c| c >= s.unwrap_or(e));
            prop_assert_eq!(restored.is_ok(), ordered);
            if let Ok(case) = restored {
                prop_assert_eq!(case.waiting_days(), s.map(|s| s - e));
            }
        }
    }
}
