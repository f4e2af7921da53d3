//! The service's rules applied where the user acts, decided here once: a journal contact
//! (`check_contact`: at most N talks, a status meeting after N talks, the statutory hours,
//! weekdays only), a referral (`check_referral`: the age range), a start (`check_start`: the
//! age range, a consent or a decision recorded first, capacity) and sending a status report
//! (`check_report`: a consent first). Each broken rule is a `Finding` with its severity, field
//! and Danish text; `Findings::settle` turns them into what the use case does: go on, refuse
//! (a stop), or ask the user to confirm the warnings ("Gem alligevel").
//!
//! Sources (domain.md, "The catalogue"): crisis help at most 5 talks (§ 11); counselling 8
//! talks then a status meeting (§ 11.7); psychologist treatment at a shelter 4–10 hours with
//! the mother's consent (§ 109 stk. 5); supported contact on weekdays, a contact report only
//! with the parents' consent (§ 71.2); supervised contact needs a decision first (§ 71.3).

use crate::catalogue::{RuleSeverity, Service, ServiceRules};
use crate::journal::ContactKind;
use crate::validation::{FieldError, ValidationErrors};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

/// One broken rule: which, at which field, how serious, and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code of the rule (`max_talks`, `weekdays_only`, …), for the API.
    pub rule: &'static str,
    /// The form field the finding belongs at.
    pub field: &'static str,
    pub severity: RuleSeverity,
    pub message_da: String,
    pub message_en: String,
}

impl Finding {
    fn new(rule: &'static str, field: &'static str, severity: RuleSeverity, da: String, en: String) -> Self {
        Finding { rule, field, severity, message_da: da, message_en: en }
    }
}

/// What a check found, in rule order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings(pub Vec<Finding>);

/// Why an action did not go ahead: a rule stops it, or warnings wait for confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleRefusal {
    /// At least one hard stop: as field errors (the warnings are not asked about then).
    Stopped(ValidationErrors),
    /// Only warnings, not confirmed.
    Unconfirmed(Vec<Finding>),
}

impl Findings {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.0.iter().filter(|f| f.severity == RuleSeverity::Warning)
    }

    pub fn stops(&self) -> impl Iterator<Item = &Finding> {
        self.0.iter().filter(|f| f.severity == RuleSeverity::Stop)
    }

    /// Go on when nothing stops the action and every warning is confirmed.
    pub fn settle(self, confirmed: bool) -> Result<(), RuleRefusal> {
        let stops: Vec<FieldError> = self.stops().map(|f| FieldError::new(f.field, f.message_da.clone(), f.message_en.clone())).collect();
        if !stops.is_empty() {
            return Err(RuleRefusal::Stopped(ValidationErrors(stops)));
        }
        if !confirmed && !self.0.is_empty() {
            return Err(RuleRefusal::Unconfirmed(self.0));
        }
        Ok(())
    }
}

/// Whether a contact of this kind counts as a talk (a session with the family): talks, home
/// visits, meetings and group sessions do; a phone call or a mail does not.
pub fn counts_as_talk(kind: ContactKind) -> bool {
    !matches!(kind, ContactKind::Phone | ContactKind::Mail)
}

/// Whether a day is a working day: Monday–Friday and not a Danish public holiday.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && crate::holidays::public_holiday(date).is_none()
}

/// Whole years of age on `on` for a person born on `born` (0 before the first birthday; a
/// 29 February birthday counts from 1 March in other years).
pub fn age_on(born: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// A new contact and what the journal already holds (its newest versions).
#[derive(Debug, Clone, Copy)]
pub struct ContactFacts {
    pub date: NaiveDate,
    pub kind: ContactKind,
    pub minutes: u16,
    /// Talks (`counts_as_talk`) already in the journal.
    pub talks_before: u32,
    /// Minutes of every contact already in the journal.
    pub minutes_before: u32,
}

pub fn check_contact(rules: &ServiceRules, c: &ContactFacts) -> Findings {
    let mut out = Vec::new();
    let talk = counts_as_talk(c.kind);
    let number = c.talks_before.saturating_add(1);
    if let Some(limit) = rules.max_talks
        && talk
        && number > u32::from(limit.value)
    {
        out.push(Finding::new(
            "max_talks",
            "kind",
            limit.severity,
            format!("Indsatsen omfatter højst {} samtaler, og dette ville være nr. {number}. Vejled familien videre til anden hjælp.", limit.value),
            format!("the service includes at most {} talks; this would be number {number}", limit.value),
        ));
    }
    if let Some(n) = rules.status_meeting_after
        && talk
        && number == u32::from(n)
    {
        out.push(Finding::new(
            "status_meeting_after",
            "kind",
            RuleSeverity::Warning,
            format!("Dette er samtale nr. {n}: indsatsen har statusmøde efter {n} samtaler. Husk at indkalde til statusmødet."),
            format!("talk number {n}: a status meeting is due after {n} talks"),
        ));
    }
    if let Some(h) = rules.hours {
        let total = c.minutes_before.saturating_add(u32::from(c.minutes));
        if total > u32::from(h.max_hours) * 60 {
            out.push(Finding::new(
                "hours",
                "minutes",
                h.severity,
                format!("Med denne kontakt bliver det {} timer; rammen er {}–{} timer.", hours_da(total), h.min_hours, h.max_hours),
                format!("this contact makes {total} minutes, above the range of {}-{} hours", h.min_hours, h.max_hours),
            ));
        }
    }
    if let Some(severity) = rules.weekdays_only
        && !is_working_day(c.date)
    {
        let why = crate::holidays::public_holiday(c.date).map_or_else(|| "en lørdag eller søndag".to_owned(), |name| format!("{name}, en helligdag"));
        out.push(Finding::new(
            "weekdays_only",
            "date",
            severity,
            format!("Indsatsen foregår kun på hverdage, og {} er {why}.", crate::danish::date(c.date)),
            "the service takes place on weekdays only, not on weekends or public holidays".into(),
        ));
    }
    Findings(out)
}

/// Hours with one decimal and a comma: `6,5`; whole hours without (`10`).
pub fn hours_da(minutes: u32) -> String {
    if minutes.is_multiple_of(60) { (minutes / 60).to_string() } else { crate::danish::decimal(f64::from(minutes) / 60.0, 1) }
}

/// The statutory hours as the case page shows them: "6,5 af 4–10 timer", and whether the
/// journal is past the top (a warning) or still under the bottom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HoursProgress {
    pub text: String,
    pub over: bool,
    pub under: bool,
}

pub fn hours_progress(rules: &ServiceRules, minutes: u32) -> Option<HoursProgress> {
    let h = rules.hours?;
    Some(HoursProgress {
        text: format!("{} af {}–{} timer", hours_da(minutes), h.min_hours, h.max_hours),
        over: minutes > u32::from(h.max_hours) * 60,
        under: minutes < u32::from(h.min_hours) * 60,
    })
}

fn age_finding(service: &Service, born: Option<NaiveDate>, on: NaiveDate, field: &'static str) -> Option<Finding> {
    let (severity, range, born) = (service.rules.age_check?, service.age_range?, born?);
    let age = age_on(born, on);
    if u8::try_from(age).is_ok_and(|a| range.contains(a)) {
        return None;
    }
    Some(Finding::new(
        "age_range",
        field,
        severity,
        format!("Barnet er {age} år den {}; indsatsen er for {}–{} år.", crate::danish::date(on), range.min_years, range.max_years),
        format!("the child is {age}, outside the service's {}-{} years", range.min_years, range.max_years),
    ))
}

/// A referral on `enrolled_on` of a person born on `born` (unknown: not checked).
pub fn check_referral(service: &Service, born: Option<NaiveDate>, enrolled_on: NaiveDate) -> Findings {
    Findings(age_finding(service, born, enrolled_on, "person.birth_date").into_iter().collect())
}

/// What a start is checked against besides the service.
#[derive(Debug, Clone, Copy)]
pub struct StartFacts {
    pub started_on: NaiveDate,
    pub born: Option<NaiveDate>,
    /// A consent is recorded on the case (and not withdrawn).
    pub has_consent: bool,
    /// The case's decision has every field the rule needs.
    pub has_decision: bool,
    /// Started, open cases of the service now (this one not among them).
    pub running_cases: u32,
}

pub fn check_start(service: &Service, s: &StartFacts) -> Findings {
    let rules = &service.rules;
    let mut out: Vec<Finding> = age_finding(service, s.born, s.started_on, "started_on").into_iter().collect();
    if rules.requires_consent && !s.has_consent {
        out.push(Finding::new(
            "requires_consent",
            "started_on",
            RuleSeverity::Stop,
            "Indsatsen kræver samtykke, før den starter. Registrér samtykket på sagen først.".into(),
            "the service needs a recorded consent before it starts".into(),
        ));
    }
    if rules.requires_decision && !s.has_decision {
        out.push(Finding::new(
            "requires_decision",
            "started_on",
            RuleSeverity::Stop,
            "Indsatsen kræver en afgørelse med dato, hyppighed, varighed og tilsynsførende, før den starter. Registrér afgørelsen på sagen først.".into(),
            "the service needs a decision (date, frequency, duration, supervisor) before it starts".into(),
        ));
    }
    if let Some(capacity) = service.capacity
        && s.running_cases >= capacity
    {
        out.push(Finding::new(
            "capacity",
            "started_on",
            RuleSeverity::Warning,
            format!("Indsatsen er fuld: {} igangværende sager med en kapacitet på {capacity}.", s.running_cases),
            format!("the service is full: {} running cases, capacity {capacity}", s.running_cases),
        ));
    }
    Findings(out)
}

/// Sending a status report: a consent first where the rule asks for one (§ 71.2).
pub fn check_report(rules: &ServiceRules, has_consent: bool) -> Findings {
    let mut out = Vec::new();
    if rules.consent_before_report && !has_consent {
        out.push(Finding::new(
            "consent_before_report",
            "consent",
            RuleSeverity::Stop,
            "Rapporten kan først sendes, når forældrenes samtykke er registreret på sagen.".into(),
            "the report needs a recorded consent before it is sent".into(),
        ));
    }
    Findings(out)
}

/// What a case still lacks before its service's rules let it go on, as the case page says it:
/// a consent or a decision before the start (§ 109 stk. 5, § 71.3) and a consent before a
/// report is sent (§ 71.2). The same conditions as `check_start` and `check_report` stop on.
pub fn missing(rules: &ServiceRules, started: bool, has_consent: bool, has_decision: bool) -> Vec<&'static str> {
    let mut out = Vec::new();
    if !started && rules.requires_consent && !has_consent {
        out.push("Samtykke mangler, før sagen kan iværksættes.");
    }
    if !started && rules.requires_decision && !has_decision {
        out.push("Afgørelse med dato, hyppighed, varighed og tilsynsførende mangler, før sagen kan iværksættes.");
    }
    if rules.consent_before_report && !has_consent {
        out.push("Samtykke mangler, før statusrapporten kan sendes.");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{HoursRange, Limit};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn contact(date: NaiveDate, talks_before: u32, minutes_before: u32, minutes: u16) -> ContactFacts {
        ContactFacts { date, kind: ContactKind::Talk, minutes, talks_before, minutes_before }
    }

    fn rules_of(findings: &Findings) -> Vec<&'static str> {
        findings.0.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn crisis_help_stops_at_the_sixth_talk() {
        // domain.md: crisis help (§ 11), at most 5 talks, then guidance to other help.
        let rules = ServiceRules { max_talks: Some(Limit { value: 5, severity: RuleSeverity::Stop }), ..Default::default() };
        let monday = d(2024, 3, 4);
        assert!(check_contact(&rules, &contact(monday, 4, 0, 60)).is_empty());
        let sixth = check_contact(&rules, &contact(monday, 5, 0, 60));
        assert_eq!(rules_of(&sixth), ["max_talks"]);
        assert!(matches!(sixth.settle(true), Err(RuleRefusal::Stopped(_))));
        // A phone call is not a talk.
        let phone = ContactFacts { kind: ContactKind::Phone, ..contact(monday, 5, 0, 10) };
        assert!(check_contact(&rules, &phone).is_empty());
    }

    #[test]
    fn counselling_warns_of_the_status_meeting_at_the_eighth_talk() {
        // domain.md: counselling (SEL § 11.7), 8 talks, then a status meeting.
        let rules = ServiceRules { status_meeting_after: Some(8), ..Default::default() };
        let day = d(2024, 3, 4);
        assert!(check_contact(&rules, &contact(day, 6, 0, 60)).is_empty());
        let eighth = check_contact(&rules, &contact(day, 7, 0, 60));
        assert_eq!(rules_of(&eighth), ["status_meeting_after"]);
        assert!(check_contact(&rules, &contact(day, 8, 0, 60)).is_empty());
        assert!(matches!(eighth.clone().settle(false), Err(RuleRefusal::Unconfirmed(w)) if w.len() == 1));
        assert_eq!(eighth.settle(true), Ok(()));
    }

    #[test]
    fn shelter_treatment_tracks_four_to_ten_hours() {
        // domain.md: psychologist treatment at a women's shelter (§ 109 stk. 5), 4–10 hours.
        let rules = ServiceRules { hours: Some(HoursRange { min_hours: 4, max_hours: 10, severity: RuleSeverity::Warning }), ..Default::default() };
        assert_eq!(hours_progress(&rules, 390).unwrap(), HoursProgress { text: "6,5 af 4–10 timer".into(), over: false, under: false });
        assert!(hours_progress(&rules, 180).unwrap().under);
        assert!(hours_progress(&rules, 601).unwrap().over);
        let day = d(2024, 3, 4);
        assert!(check_contact(&rules, &contact(day, 0, 540, 60)).is_empty());
        let over = check_contact(&rules, &contact(day, 0, 540, 90));
        assert_eq!(over.0[0].message_da, "Med denne kontakt bliver det 10,5 timer; rammen er 4–10 timer.");
        assert_eq!(over.0[0].severity, RuleSeverity::Warning);
    }

    #[test]
    fn supported_contact_is_on_weekdays_only() {
        // domain.md: supported contact (§ 71.2) on weekdays; supervised (§ 71.3) weekdays only.
        let rules = ServiceRules { weekdays_only: Some(RuleSeverity::Stop), ..Default::default() };
        assert!(check_contact(&rules, &contact(d(2024, 3, 8), 0, 0, 60)).is_empty()); // a Friday
        assert_eq!(rules_of(&check_contact(&rules, &contact(d(2024, 3, 9), 0, 0, 60))), ["weekdays_only"]); // Saturday
        let easter_monday = check_contact(&rules, &contact(d(2024, 4, 1), 0, 0, 60));
        assert!(easter_monday.0[0].message_da.contains("01.04.2024 er 2. påskedag, en helligdag"), "{:?}", easter_monday);
    }

    #[test]
    fn a_start_needs_consent_and_decision_and_warns_when_full_or_outside_the_ages() {
        let mut service = crate::catalogue::tests::family_treatment();
        service.rules = ServiceRules { requires_consent: true, requires_decision: true, age_check: Some(RuleSeverity::Warning), ..Default::default() };
        service.age_range = Some(crate::catalogue::AgeRange { min_years: 8, max_years: 12 });
        service.capacity = Some(2);
        let facts = StartFacts { started_on: d(2024, 3, 4), born: Some(d(2014, 3, 5)), has_consent: false, has_decision: false, running_cases: 2 };
        assert_eq!(rules_of(&check_start(&service, &facts)), ["requires_consent", "requires_decision", "capacity"]);
        let ok = StartFacts { born: Some(d(2010, 1, 1)), has_consent: true, has_decision: true, running_cases: 1, ..facts };
        let found = check_start(&service, &ok);
        assert_eq!(rules_of(&found), ["age_range"]);
        assert_eq!(found.0[0].message_da, "Barnet er 14 år den 04.03.2024; indsatsen er for 8–12 år.");
        assert!(check_referral(&service, Some(d(2014, 3, 4)), d(2024, 3, 4)).is_empty());
        assert_eq!(check_referral(&service, Some(d(2014, 3, 5)), d(2022, 3, 4)).0.len(), 1);
    }

    #[test]
    fn a_contact_report_needs_the_parents_consent() {
        // domain.md: supported contact (§ 71.2), a contact report only with the parents' consent.
        let rules = ServiceRules { consent_before_report: true, ..Default::default() };
        assert!(matches!(check_report(&rules, false).settle(true), Err(RuleRefusal::Stopped(_))));
        assert!(check_report(&rules, true).is_empty());
        assert!(check_report(&ServiceRules::default(), false).is_empty());
    }

    #[test]
    fn the_case_page_names_what_is_missing_as_the_checks_stop_on() {
        // § 109 stk. 5 consent before the start, § 71.3 decision before the start, § 71.2
        // consent before a contact report: `missing` says so exactly when the check stops.
        let rules = ServiceRules { requires_consent: true, requires_decision: true, consent_before_report: true, ..Default::default() };
        assert_eq!(missing(&rules, false, false, false).len(), 3);
        assert_eq!(missing(&rules, true, false, true), ["Samtykke mangler, før statusrapporten kan sendes."]);
        assert!(missing(&rules, false, true, true).is_empty());
        assert!(missing(&ServiceRules::default(), false, false, false).is_empty());
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(d(2012, 2, 29), d(2013, 2, 28)), 0);
        assert_eq!(age_on(d(2012, 2, 29), d(2013, 3, 1)), 1);
        assert_eq!(age_on(d(2012, 5, 1), d(2012, 4, 1)), 0);
    }

    proptest! {
        #[test]
        fn weekdays_only_flags_exactly_weekends_and_holidays(days in 0u64..20_000) {
            let date = d(2000, 1, 1) + chrono::Days::new(days);
            let rules = ServiceRules { weekdays_only: Some(RuleSeverity::Warning), ..Default::default() };
            let found = !check_contact(&rules, &contact(date, 0, 0, 30)).is_empty();
            let off = matches!(date.weekday(), Weekday::Sat | Weekday::Sun) || crate::holidays::public_holiday(date).is_some();
            prop_assert_eq!(found, off);
        }

        #[test]
        fn hours_warn_exactly_past_the_top(min in 0u16..10, extra in 0u16..10, before in 0u32..2000, minutes in 1u16..600) {
            let h = HoursRange { min_hours: min, max_hours: min + extra + 1, severity: RuleSeverity::Warning };
            let rules = ServiceRules { hours: Some(h), ..Default::default() };
            let found = !check_contact(&rules, &contact(d(2024, 3, 4), 0, before, minutes)).is_empty();
            prop_assert_eq!(found, before + u32::from(minutes) > u32::from(h.max_hours) * 60);
            let progress = hours_progress(&rules, before).unwrap();
            prop_assert_eq!(progress.over, before > u32::from(h.max_hours) * 60);
            prop_assert!(!(progress.over && progress.under));
        }

        #[test]
        fn max_talks_refuses_exactly_the_talks_past_it(max in 1u16..20, before in 0u32..40, stop in any::<bool>()) {
            let severity = if stop { RuleSeverity::Stop } else { RuleSeverity::Warning };
            let rules = ServiceRules { max_talks: Some(Limit { value: max, severity }), ..Default::default() };
            let found = check_contact(&rules, &contact(d(2024, 3, 4), before, 0, 60));
            prop_assert_eq!(!found.is_empty(), before >= u32::from(max));
            let settled = found.settle(true);
            prop_assert_eq!(settled.is_err(), stop && before >= u32::from(max));
        }
    }
}
