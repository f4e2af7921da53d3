//! The demo municipality: the demo catalogue, the report configured as the 2022 table (its rows,
//! paragraphs, labels and order), and a deterministic history of cases from 2021 to today, built
//! so that the report for 01.01.2022–26.04.2022 reproduces every figure of the 2022 table: the
//! counts exactly, and each mean wait to the two decimals it is shown with (the number of cases
//! started in the period is chosen so that a whole number of days divided by it rounds to the
//! table's mean).

use super::bulk::{BulkCase, BulkPerson};
use super::catalogue::{Figures2022, load_demo_catalogue};
use super::names::random_name;
use crate::{Store, StoreError, StoredService};
use chrono::{Days, NaiveDate};
use familiehus_domain::report::ReportService;
use familiehus_domain::{Access, ClosureReason, Cpr, ReferralSource, ReportConfig};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub services: usize,
    pub cases: usize,
}

/// The 2022 report's period and report date.
pub fn period_2022() -> (NaiveDate, NaiveDate) {
    (date(2022, 1, 1), date(2022, 4, 26))
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 { d + Days::new(days as u64) } else { d - Days::new(days.unsigned_abs()) }
}

fn between(rng: &mut StdRng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0);
    plus(from, rng.random_range(0..=span))
}

const REASONS: [ClosureReason; 6] = [
    ClosureReason::PurposeMet,
    ClosureReason::PurposeMet,
    ClosureReason::PurposeMet,
    ClosureReason::NoLongerServesPurpose,
    ClosureReason::MovedToOtherService,
    ClosureReason::FamilyDoesNotProfit,
];

struct Builder<'a> {
    rng: StdRng,
    today: NaiveDate,
    next_person: i64,
    persons: Vec<BulkPerson>,
    cases: Vec<BulkCase>,
    service: Option<&'a StoredService>,
    /// Demo CPR serials used per birth date.
    serials: std::collections::HashMap<NaiveDate, u32>,
}

impl Builder<'_> {
    /// An invented CPR number for a demo child born on `birth_date`: the right century digit, a
    /// serial counted per birth date (so numbers are unique), and a check digit chosen so the
    /// number fails modulus 11, which every number issued before 2007 passes. At most 100 per
    /// date; `None` after that.
    fn fictitious_cpr(&mut self, birth_date: NaiveDate) -> Option<Cpr> {
        let n = self.serials.entry(birth_date).or_insert(0);
        if *n >= 100 {
            return None;
        }
        let serial = *n;
        *n += 1;
        let seventh = if chrono::Datelike::year(&birth_date) >= 2000 { 4 } else { 0 };
        let head = format!("{}{seventh}{serial:02}", birth_date.format("%d%m%y"));
        let weights = [4u32, 3, 2, 7, 6, 5, 4, 3, 2];
        let sum: u32 = head.bytes().zip(weights).map(|(b, w)| u32::from(b - b'0') * w).sum();
        // The digit that would pass is (11 - sum % 11) % 11; one more (mod 10) never does.
        let passing = (11 - sum % 11) % 11;
        let check = (passing + 1) % 10;
        Cpr::parse(&format!("{head}{check}")).ok()
    }

    /// Adds a case; a closure after `today` is dropped (the case is still open today).
    fn case(&mut self, enrolled: NaiveDate, started: Option<NaiveDate>, closed: Option<NaiveDate>) {
        let Some(service) = self.service else { return };
        let today = self.today;
        let started = started.filter(|s| *s <= today);
        let closed = closed.filter(|c| *c <= today && started.is_some_and(|s| s <= *c));
        let reason = closed.map(|_| REASONS[self.rng.random_range(0..REASONS.len())]);
        let birth_date = service.service.age_range.map(|r| {
            let age = self.rng.random_range(i64::from(r.min_years)..=i64::from(r.max_years));
            plus(enrolled, -(age * 365 + self.rng.random_range(0..365)))
        });
        let person_id = self.next_person;
        self.next_person += 1;
        let cpr = birth_date.and_then(|b| self.fictitious_cpr(b));
        self.persons.push(BulkPerson { id: person_id, name: random_name(&mut self.rng), birth_date, cpr });
        let referral_source = match service.service.access {
            Access::Referral => ReferralSource::AuthorityDecision,
            _ => [ReferralSource::SelfReferral, ReferralSource::HealthVisitor, ReferralSource::School, ReferralSource::DayCare][self.rng.random_range(0..4)],
        };
        self.cases.push(BulkCase {
            service_id: service.id,
            person_id,
            referral_source,
            enrolled_on: enrolled,
            started_on: started,
            closed_on: closed,
            closure_reason: reason,
        });
    }

    /// `n` waits around `mean` whose sum is `round(mean · n)`, so their mean is as close as it can be.
    fn waits(&mut self, n: usize, mean: f64) -> Vec<i64> {
        let mut w: Vec<i64> = (0..n).map(|_| (mean * self.rng.random_range(0.4..1.6)).round() as i64).collect();
        let target = (mean * n as f64).round() as i64;
        let mut diff = target - w.iter().sum::<i64>();
        let mut i = 0;
        while diff != 0 && n > 0 {
            let step = diff.signum();
            if w[i % n] + step >= 0 {
                w[i % n] += step;
                diff -= step;
            }
            i += 1;
        }
        w
    }

    /// The cases behind one row of the 2022 report.
    fn report_2022(&mut self, f: Figures2022) {
        let (from, as_of) = period_2022();
        let started_open = (f.current_cases - f.not_started).max(0);
        let open_started_in_period = started_open * 2 / 5;
        let closed_in_period = exact_count(open_started_in_period, (open_started_in_period / 4).max(3), f.mean_wait_days);
        let waits = self.waits((open_started_in_period + closed_in_period) as usize, f.mean_wait_days);
        for (i, wait) in waits.into_iter().enumerate() {
            if (i as i64) < open_started_in_period {
                let start = between(&mut self.rng, from, as_of);
                let close = plus(as_of, self.rng.random_range(30..500));
                self.case(plus(start, -wait), Some(start), Some(close));
            } else {
                let start = between(&mut self.rng, from, plus(as_of, -20));
                let close = between(&mut self.rng, start, plus(as_of, -1));
                self.case(plus(start, -wait), Some(start), Some(close));
            }
        }
        for _ in 0..(started_open - open_started_in_period) {
            let start = between(&mut self.rng, date(2021, 1, 1), date(2021, 12, 31));
            let wait = (f.mean_wait_days * self.rng.random_range(0.4..1.6)).round() as i64;
            let close = plus(as_of, self.rng.random_range(30..600));
            self.case(plus(start, -wait), Some(start), Some(close));
        }
        let horizon = (f.mean_wait_days * 2.0).round() as i64 + 10;
        for _ in 0..f.not_started {
            let enrolled = between(&mut self.rng, plus(as_of, -horizon), as_of);
            let wait = (f.mean_wait_days * self.rng.random_range(0.4..1.6)).round() as i64;
            let start = plus(enrolled, wait).max(plus(as_of, 1));
            let close = plus(start, self.rng.random_range(90..450));
            self.case(enrolled, Some(start), Some(close));
        }
    }

    /// A steady flow of cases from `from` to today: `per_year` arrivals, waits around `mean_wait`.
    fn stream(&mut self, from: NaiveDate, per_year: f64, mean_wait: f64) {
        let days = (self.today - from).num_days().max(0);
        let n = (per_year * days as f64 / 365.0).round() as i64;
        for _ in 0..n {
            let enrolled = between(&mut self.rng, from, self.today);
            let wait = (mean_wait * self.rng.random_range(0.4..1.6)).round() as i64;
            let start = plus(enrolled, wait);
            let close = plus(start, self.rng.random_range(60..450));
            self.case(enrolled, Some(start), Some(close));
        }
    }
}

/// The fewest cases closed in the period (at least `at_least`) for which a whole number of
/// waiting days over all `open + closed` started cases has the mean `mean` when shown with two
/// decimals: 29,48 cannot be the mean of 13 whole waits, but is that of 25.
fn exact_count(open: i64, at_least: i64, mean: f64) -> i64 {
    let shown = |v: f64| format!("{v:.2}");
    (at_least..at_least + 200)
        .find(|closed| {
            let n = (open + closed) as f64;
            shown((mean * n).round() / n) == shown(mean)
        })
        .unwrap_or(at_least)
}

/// The 2022 table's rows as the committee knows them, in its order: the demo catalogue's
/// service name, then the paragraph and label the table prints.
const TABLE_2022: [(&str, &str, &str); 8] = [
    ("Praktisk, pædagogisk støtte i hjemmet", "§ 52.3.2", "Praktisk, pædagogisk eller anden støtte i hjemmet"),
    ("Familiebehandling", "§ 52.3.3", "Familiebehandling"),
    (
        "Familiehusets afd. Åboulevarden 68 – et intensivt dagbehandlingstilbud til gravide og spæd/småbørnsforældre",
        "§ 52.3.2 + 52.3.3",
        "Dagbehandlingstilbud til gravide og spæd-/småbørnsforældre",
    ),
    ("Fast kontaktperson for barnet, den unge eller hele familien", "§ 52.3.6", "Fast kontaktperson for barnet eller den unge eller for hele familien"),
    ("Supervision af plejefamilier", "§ 52.3.7 Supervision", "Supervision for plejefamilier + vejledningsforløb til plejefamilier"),
    (
        "Støtte og vejledning ift. anbragte børn hos plejeforældre og netværksplejeforældre",
        "§ 52.3.7 Behandling",
        "Behandling til børn/unge i anbringelse, f.eks. støttende samtaler",
    ),
    ("Støttet samvær", "§ 71.2", "Samvær"),
    ("Fast kontaktperson i efterværn", "§ 76", "Fast kontaktperson i efterværn (indtil det fyldte 18 år)"),
];

/// The report configured as the 2022 table: its rows, paragraphs, labels and order.
pub fn config_2022(services: &[StoredService]) -> Result<ReportConfig, StoreError> {
    let rows = TABLE_2022
        .iter()
        .map(|(name, paragraph, label)| {
            let service = services.iter().find(|s| s.service.name == *name).ok_or_else(|| StoreError::Corrupt(format!("demo catalogue: no service {name}")))?;
            Ok(ReportService { service_id: service.id, paragraph: (*paragraph).to_owned(), label: (*label).to_owned(), remark: String::new() })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(ReportConfig { rows })
}

/// Loads the demo catalogue and its cases into an empty store.
/// About three anonymous talks a week over the last fourteen months, in courses of one to
/// four talks a week or two apart (a fourth only for young people 18–25, whose limit is five);
/// some guided onward at their last talk.
async fn seed_anonymous_contacts(store: &Store, rng: &mut StdRng, service_id: i64, today: NaiveDate) -> Result<(), StoreError> {
    use familiehus_domain::anonymous::{AgeBand, AnonymousContact, Channel, Seeker, Topic};
    use familiehus_domain::anonymous_course::{Guidance, GuidedOnward, talk_limit};
    const ONWARD: [GuidedOnward; 5] =
        [GuidedOnward::GeneralPractitioner, GuidedOnward::SchoolOrPpr, GuidedOnward::Authority, GuidedOnward::Volunteer, GuidedOnward::Psychiatry];
    for _ in 0..110 {
        let age_band = AgeBand::ALL[rng.random_range(0..AgeBand::ALL.len())];
        let talks = rng.random_range(1..=talk_limit(age_band).min(4));
        let mut on = plus(today, -rng.random_range(0..425));
        let mut course = None;
        for n in 1..=talks {
            if on > today {
                break;
            }
            let last = n == talks;
            let guidance = if last && rng.random_bool(0.3) {
                Guidance { onward: ONWARD[rng.random_range(0..ONWARD.len())], service_id: None }
            } else {
                Guidance::default()
            };
            let contact = AnonymousContact {
                service_id,
                occurred_on: on,
                channel: Channel::ALL[rng.random_range(0..Channel::ALL.len())],
                seeker: Seeker::ALL[rng.random_range(0..Seeker::ALL.len())],
                age_band,
                topic: Topic::ALL[rng.random_range(0..Topic::ALL.len())],
                minutes: rng.random_range(20..=90),
                guidance,
            };
            let new = crate::NewTalk { contact, course: course.clone(), confirm_beyond_limit: false, recorded_by: None };
            course = Some(store.log_anonymous_talk(&new, today).await?.course);
            on = plus(on, rng.random_range(7..=21));
        }
    }
    Ok(())
}

pub async fn seed_demo(store: &Store, today: NaiveDate) -> Result<DemoSummary, StoreError> {
    let services = load_demo_catalogue(store).await?;
    let stored: Vec<StoredService> = services.iter().map(|(s, _)| s.clone()).collect();
    let mut tx = store.begin().await?;
    tx.save_report_config(&config_2022(&stored)?, None).await?;
    tx.commit().await?;
    let mut b = Builder {
        rng: StdRng::seed_from_u64(2022),
        today,
        next_person: store.next_person_id().await?,
        persons: Vec::new(),
        cases: Vec::new(),
        service: None,
        serials: Default::default(),
    };
    let (_, as_of) = period_2022();
    for (service, figures) in &services {
        if service.service.access == Access::Anonymous || service.service.ladder_step == 0 {
            continue; // anonymous counselling has no cases; universal visits are not case work
        }
        b.service = Some(service);
        match figures {
            Some(f) => {
                b.report_2022(*f);
                // Keep the load about as it was in 2022: arrivals ≈ caseload / typical duration.
                b.stream(plus(as_of, 1), f.current_cases as f64 / 0.7, f.mean_wait_days);
            }
            None => b.stream(date(2021, 1, 1), f64::from(service.service.capacity.unwrap_or(20)).min(40.0), 20.0),
        }
    }
    let cases = b.cases.len();
    store.insert_bulk(&b.persons, &b.cases).await?;
    for (service, _) in services.iter().filter(|(s, _)| s.service.access == Access::Anonymous) {
        seed_anonymous_contacts(store, &mut b.rng, service.id, today).await?;
    }
    store.analyze().await?;
    Ok(DemoSummary { services: services.len(), cases })
}
