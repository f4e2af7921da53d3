//! The half-yearly report on case counts and waiting times (sagstal og ventetider).
//!
//! Column definitions, for a period `from..=to` and a report date `as_of` (the period's last day
//! unless given). A case is *open* on day D when `enrolled_on <= D` and it is not closed on or
//! before D (`closed_on` is empty or after D).
//! - **Aktuelt sagstal** (`current_cases`): cases open on `as_of`, started or not.
//! - **Endnu ikke iværksat** (`not_started`): open on `as_of` and not started on or before `as_of`.
//! - **Iværksat i perioden** (`started_in_period`): cases with `from <= started_on <= to`.
//! - **Ventetid** (waiting days = `started_on − enrolled_on`) is measured over the cases started in
//!   the period: **gennemsnit** (mean, shown with two decimals), **median** (the middle value, or
//!   the mean of the two middle values), **90 %-fraktil** (nearest rank: the ⌈0,9·n⌉-th smallest).
//! - **Længste aktuelle ventetid** (`longest_current_wait`): the largest `as_of − enrolled_on`
//!   among the cases not started on `as_of`.
//!
//! The store computes the same aggregates in SQL (`ServiceAggregates`); `CaseloadReport::build`
//! turns them into rows, and `aggregate` is the reference computation the SQL is tested against.

use crate::legal_ref::LegalRef;
use chrono::Datelike;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// The period of a report and its report date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportPeriod {
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("the period starts ({from}) after it ends ({to})")]
    PeriodReversed { from: NaiveDate, to: NaiveDate },
    #[error("the report date {as_of} is before the period starts ({from})")]
    AsOfBeforePeriod { from: NaiveDate, as_of: NaiveDate },
}

impl ReportError {
    pub fn message_da(&self) -> String {
        let d = crate::danish::date;
        match self {
            ReportError::PeriodReversed { from, to } => format!("Perioden starter ({}) efter den slutter ({}).", d(*from), d(*to)),
            ReportError::AsOfBeforePeriod { from, as_of } => format!("Opgørelsesdatoen ({}) ligger før periodens start ({}).", d(*as_of), d(*from)),
        }
    }
    pub fn field(&self) -> &'static str {
        match self {
            ReportError::PeriodReversed { .. } => "to",
            ReportError::AsOfBeforePeriod { .. } => "as_of",
        }
    }
}

impl ReportPeriod {
    pub fn new(from: NaiveDate, to: NaiveDate, as_of: Option<NaiveDate>) -> Result<Self, ReportError> {
        if from > to {
            return Err(ReportError::PeriodReversed { from, to });
        }
        let as_of = as_of.unwrap_or(to);
        if as_of < from {
            return Err(ReportError::AsOfBeforePeriod { from, as_of });
        }
        Ok(Self { from, to, as_of })
    }
    pub fn from(&self) -> NaiveDate {
        self.from
    }
    pub fn to(&self) -> NaiveDate {
        self.to
    }
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The period a trend compares with, reported at its own last day: for a period starting
    /// on 1 January or 1 July (a half-year, whole or so far) the whole half-year before it, as
    /// the children's committee compares; otherwise the period of the same length just before.
    pub fn previous(&self) -> Option<Self> {
        let to = self.from.pred_opt()?;
        let from = if starts_half_year(self.from) && self.to <= half_year_end(self.from)? {
            let (year, month) = if self.from.month() == 1 { (self.from.year() - 1, 7) } else { (self.from.year(), 1) };
            NaiveDate::from_ymd_opt(year, month, 1)?
        } else {
            to - (self.to - self.from)
        };
        Some(Self { from, to, as_of: to })
    }
}

fn starts_half_year(day: NaiveDate) -> bool {
    day.day() == 1 && matches!(day.month(), 1 | 7)
}

fn half_year_end(start: NaiveDate) -> Option<NaiveDate> {
    if start.month() <= 6 { NaiveDate::from_ymd_opt(start.year(), 6, 30) } else { NaiveDate::from_ymd_opt(start.year(), 12, 31) }
}

/// The dates of one case, as much as the report needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub service_id: i64,
    pub enrolled_on: NaiveDate,
    pub started_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    /// A reopened case's new episode, running again from its first day: it counts as a current
    /// case, but it is no new start, so it is not "iværksat i perioden" and has no wait.
    pub resumed: bool,
}

/// Integer aggregates for one service: what SQL computes, and what `aggregate` computes in Rust.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceAggregates {
    pub current_cases: i64,
    pub not_started: i64,
    pub started_in_period: i64,
    /// Sum of waiting days over the cases started in the period.
    pub wait_sum: i64,
    /// The ⌈n/2⌉-th and ⌊n/2⌋+1-th smallest waits (equal when n is odd).
    pub wait_median_low: Option<i64>,
    pub wait_median_high: Option<i64>,
    /// The ⌈0,9·n⌉-th smallest wait.
    pub wait_p90: Option<i64>,
    pub longest_current_wait: Option<i64>,
}

/// 1-based ranks used for the median and the 90th percentile of `n` sorted values; the SQL uses
/// the same integer expressions: `(n+1)/2`, `(n+2)/2`, `(9n+9)/10`.
pub fn ranks(n: i64) -> (i64, i64, i64) {
    ((n + 1) / 2, (n + 2) / 2, (9 * n + 9) / 10)
}

/// Reference computation of the per-service aggregates.
pub fn aggregate(period: &ReportPeriod, cases: impl IntoIterator<Item = CaseFacts>) -> BTreeMap<i64, ServiceAggregates> {
    let mut out: BTreeMap<i64, ServiceAggregates> = BTreeMap::new();
    let mut waits: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let as_of = period.as_of;
    for c in cases {
        let open = c.enrolled_on <= as_of && c.closed_on.is_none_or(|d| d > as_of);
        let started_by_as_of = c.started_on.is_some_and(|d| d <= as_of);
        let started_in_period = c.started_on.filter(|s| !c.resumed && (period.from..=period.to).contains(s));
        if !open && started_in_period.is_none() {
            continue; // like the SQL, a service appears only when some case counts
        }
        let a = out.entry(c.service_id).or_default();
        if open {
            a.current_cases += 1;
            if !started_by_as_of {
                a.not_started += 1;
                let wait = (as_of - c.enrolled_on).num_days();
                a.longest_current_wait = Some(a.longest_current_wait.map_or(wait, |w| w.max(wait)));
            }
        }
        if let Some(s) = started_in_period {
            a.started_in_period += 1;
            let wait = (s - c.enrolled_on).num_days();
            a.wait_sum += wait;
            waits.entry(c.service_id).or_default().push(wait);
        }
    }
    for (service_id, mut w) in waits {
        w.sort_unstable();
        let (lo, hi, p90) = ranks(w.len() as i64);
        let at = |rank: i64| w.get((rank - 1) as usize).copied();
        if let Some(a) = out.get_mut(&service_id) {
            a.wait_median_low = at(lo);
            a.wait_median_high = at(hi);
            a.wait_p90 = at(p90);
        }
    }
    out
}

/// Waiting-time statistics of one row, in days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WaitStats {
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub p90: Option<i64>,
}

/// One configured row of the report, as the committee knows it: which service, the paragraph
/// and label printed for it (the 2022 table tells the two § 52.3.7 rows apart as "§ 52.3.7
/// Supervision" and "§ 52.3.7 Behandling", and names services in its own words), and the
/// leader's remark to the committee ("Bemærkninger"). The order of the rows is the order of the
/// configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportService {
    pub service_id: i64,
    /// As the table's first column prints it: `§ 52.3.2 + 52.3.3`, `§ 52.3.7 Supervision`.
    pub paragraph: String,
    pub label: String,
    /// The leader's explanation of the row's figures; empty when there is none.
    pub remark: String,
}

/// Longest label, paragraph and remark a row takes: the table must still fit a page.
pub const MAX_LABEL: usize = 120;
pub const MAX_PARAGRAPH: usize = 40;
pub const MAX_REMARK: usize = 600;

/// The report as configured for the committee: its rows, in order. The set of services changes
/// between reports (§ 71.2 was added in 2022), so it is configuration, not a service flag.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ReportConfig {
    pub rows: Vec<ReportService>,
}

/// A catalogue service offered as a row when nothing is configured.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueRow {
    pub service_id: i64,
    pub name: String,
    pub legal_refs: Vec<LegalRef>,
}

impl ReportConfig {
    /// Rows for the services marked for the report in the catalogue, ordered by legal
    /// reference and name, labelled with their catalogue name: the starting point before a
    /// leader has configured the report.
    pub fn from_catalogue(mut services: Vec<CatalogueRow>) -> Self {
        services.sort_by(|a, b| a.legal_refs.cmp(&b.legal_refs).then_with(|| a.name.cmp(&b.name)));
        let rows = services
            .into_iter()
            .map(|s| ReportService { service_id: s.service_id, paragraph: short_paragraph(&s.legal_refs), label: s.name, remark: String::new() })
            .collect();
        Self { rows }
    }

    /// Every row names a service once, has a label, and stays within the lengths above.
    pub fn validate(&self) -> Result<(), crate::ValidationErrors> {
        crate::ValidationErrors::check(self.row_problems().into_iter().map(|(_, e)| e).collect())
    }

    /// `validate`'s problems with the index of the row each is about, so a form can show each at
    /// its row.
    pub fn row_problems(&self) -> Vec<(usize, crate::FieldError)> {
        let mut errors = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (i, row) in self.rows.iter().enumerate() {
            let n = i + 1;
            if !seen.insert(row.service_id) {
                errors.push((
                    i,
                    crate::FieldError::new("rows", format!("Række {n}: indsatsen står allerede i rapporten."), format!("row {n}: service listed twice")),
                ));
            }
            if row.label.trim().is_empty() {
                errors.push((i, crate::FieldError::new("rows", format!("Række {n}: skriv indsatsens betegnelse."), format!("row {n}: label is empty"))));
            }
            let lengths = [
                ("label", "Betegnelsen", &row.label, MAX_LABEL),
                ("paragraph", "Paragraffen", &row.paragraph, MAX_PARAGRAPH),
                ("remark", "Bemærkningen", &row.remark, MAX_REMARK),
            ];
            for (field, name_da, text, max) in lengths {
                if text.chars().count() > max {
                    let da = format!("Række {n}: {name_da} må højst have {max} tegn.");
                    errors.push((i, crate::FieldError::new("rows", da, format!("row {n}: {field} longer than {max}"))));
                }
            }
        }
        errors
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRow {
    pub service_id: i64,
    /// Legal references as the table's first column shows them: `§ 52.3.2 + 52.3.3`.
    pub paragraph: String,
    pub service_name: String,
    pub current_cases: i64,
    pub not_started: i64,
    pub started_in_period: i64,
    pub wait: WaitStats,
    pub longest_current_wait: Option<i64>,
    pub remarks: String,
    /// The previous period's mean wait, as shown (two decimals); `None` without a comparison.
    pub previous_mean: Option<f64>,
    /// Shown mean minus shown previous mean: the difference a reader computes from the two
    /// figures printed beside it, never one of unrounded means.
    pub change: Option<f64>,
    /// Counts not shown to roles without case access (`crate::disclosure::suppress`); all
    /// `Shown` for everyone else.
    pub hidden: HiddenCounts,
}

/// Whether a count is shown, or why not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hide {
    #[default]
    Shown,
    /// 1–4: shown as "under 5".
    UnderFive,
    /// A total that, with the shown rows, would give away a count under 5.
    Withheld,
}

impl Hide {
    pub fn is_shown(self) -> bool {
        self == Hide::Shown
    }

    /// The text in place of the number: "under 5" or "–".
    pub fn text_da(self) -> &'static str {
        match self {
            Hide::Shown => "",
            Hide::UnderFive => "under 5",
            Hide::Withheld => "–",
        }
    }
}

/// The three counts of a row, each shown or hidden.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HiddenCounts {
    pub current_cases: Hide,
    pub not_started: Hide,
    pub started_in_period: Hide,
}

impl HiddenCounts {
    pub fn any(&self) -> bool {
        !(self.current_cases.is_shown() && self.not_started.is_shown() && self.started_in_period.is_shown())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseloadReport {
    pub period: ReportPeriod,
    pub rows: Vec<ReportRow>,
    pub totals: ReportRow,
    /// The period compared with, once `compare_with` has been applied.
    pub previous: Option<ReportPeriod>,
}

/// The footnote printed under every rendering of the report.
pub const FOOTNOTE_DA: &str = "Aktuelt sagstal: sager, der er indskrevet og ikke afsluttet på opgørelsesdatoen, \
uanset om indsatsen er iværksat. Endnu ikke iværksat: heraf sager, hvor indsatsen ikke er iværksat på opgørelsesdatoen. \
Iværksat i perioden: sager, hvor indsatsen er iværksat fra og med periodens første til og med dens sidste dag, \
også hvis sagen siden er afsluttet. Det er disse sager, ventetiderne er målt på. \
Ventetid: antal dage fra indskrivning til iværksættelse for sager iværksat i perioden; gennemsnit med to decimaler, \
median (midterste værdi) og 90 %-fraktil (den ventetid, som 90 % af sagerne ligger på eller under). \
Længste aktuelle ventetid: flest dage fra indskrivning til opgørelsesdatoen blandt sager, der endnu ikke er iværksat. \
Ændring: den viste gennemsnitlige ventetid minus den viste for forrige periode.";

/// How the 90th percentile is computed, and why Excel gives another number.
pub const PERCENTILE_NOTE_DA: &str = "90 %-fraktilen er beregnet efter nærmeste rang: ventetiderne sorteres, \
og fraktilen er den ⌈0,9 · n⌉-te mindste, altså en ventetid, som en sag faktisk har haft (ved 10 sager den 9. mindste). \
Excels FRAKTIL (PERCENTILE, FRAKTIL.MEDTAG) interpolerer i stedet mellem de to nærmeste ventetider og kan derfor \
give et andet tal, også et med decimaler.";

/// A value as it is shown with two decimals (the same rounding as `danish::decimal`).
pub fn shown(value: f64) -> f64 {
    format!("{value:.2}").parse().unwrap_or(value)
}

/// Short form used in the report's paragraph column, as the 2022 table writes it.
pub fn short_paragraph(refs: &[LegalRef]) -> String {
    let parts: Vec<String> = refs
        .iter()
        .map(|r| {
            let mut s = r.paragraph().to_string();
            if let Some(stk) = r.subsection() {
                s.push_str(&format!(".{stk}"));
                match r.numbers() {
                    Some(crate::Numbers::One(n)) => s.push_str(&format!(".{n}")),
                    Some(crate::Numbers::Range(a, b)) => s.push_str(&format!(".{a}-{b}")),
                    None => {}
                }
            }
            s
        })
        .collect();
    if parts.is_empty() { String::new() } else { format!("§ {}", parts.join(" + ")) }
}

impl CaseloadReport {
    /// Rows for the configured services (in the order given), from per-service aggregates.
    pub fn build(period: ReportPeriod, services: &[ReportService], aggregates: &BTreeMap<i64, ServiceAggregates>) -> Self {
        let rows: Vec<ReportRow> = services
            .iter()
            .map(|s| {
                let a = aggregates.get(&s.service_id).copied().unwrap_or_default();
                row(s.service_id, s.paragraph.clone(), s.label.clone(), &a, s.remark.clone())
            })
            .collect();
        let totals = totals(&rows, services, aggregates);
        Self { period, rows, totals, previous: None }
    }

    /// Adds the comparison with `previous` (the same rows computed for the previous period):
    /// each row's previous mean as shown and the change between the two shown means.
    pub fn compare_with(mut self, previous: &CaseloadReport) -> Self {
        let before = |service_id: i64| previous.rows.iter().find(|q| q.service_id == service_id).and_then(|q| q.wait.mean);
        for r in &mut self.rows {
            compare_row(r, before(r.service_id));
        }
        compare_row(&mut self.totals, previous.totals.wait.mean);
        self.previous = Some(previous.period);
        self
    }
}

fn compare_row(row: &mut ReportRow, before: Option<f64>) {
    row.previous_mean = before.map(shown);
    row.change = match (row.wait.mean, before) {
        (Some(now), Some(then)) => Some(shown(shown(now) - shown(then))),
        _ => None,
    };
}

fn row(service_id: i64, paragraph: String, service_name: String, a: &ServiceAggregates, remarks: String) -> ReportRow {
    let n = a.started_in_period;
    let mean = (n > 0).then(|| a.wait_sum as f64 / n as f64);
    let median = match (a.wait_median_low, a.wait_median_high) {
        (Some(lo), Some(hi)) => Some((lo + hi) as f64 / 2.0),
        _ => None,
    };
    ReportRow {
        service_id,
        paragraph,
        service_name,
        current_cases: a.current_cases,
        not_started: a.not_started,
        started_in_period: n,
        wait: WaitStats { mean, median, p90: a.wait_p90 },
        longest_current_wait: a.longest_current_wait,
        remarks,
        previous_mean: None,
        change: None,
        hidden: HiddenCounts::default(),
    }
}

/// The "I alt" row: sums of counts, mean over all waits; median and percentile are not
/// additive, so the total row leaves them empty.
fn totals(rows: &[ReportRow], services: &[ReportService], aggregates: &BTreeMap<i64, ServiceAggregates>) -> ReportRow {
    let mut sum = ServiceAggregates::default();
    for s in services {
        if let Some(a) = aggregates.get(&s.service_id) {
            sum.current_cases += a.current_cases;
            sum.not_started += a.not_started;
            sum.started_in_period += a.started_in_period;
            sum.wait_sum += a.wait_sum;
        }
    }
    sum.longest_current_wait = rows.iter().filter_map(|r| r.longest_current_wait).max();
    row(0, String::new(), "I alt".into(), &sum, String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn facts(enrolled: &str, started: Option<&str>, closed: Option<&str>) -> CaseFacts {
        CaseFacts { service_id: 1, enrolled_on: d(enrolled), started_on: started.map(d), closed_on: closed.map(d), resumed: false }
    }

    #[test]
    fn a_resumed_episode_is_a_current_case_but_no_new_start() {
        let period = ReportPeriod::new(d("2022-01-01"), d("2022-04-26"), None).unwrap();
        let first = facts("2021-09-01", Some("2021-10-01"), Some("2022-02-01"));
        let resumed = CaseFacts { resumed: true, ..facts("2022-03-01", Some("2022-03-01"), None) };
        let a = aggregate(&period, [first, resumed]);
        let row = a.get(&1).copied().unwrap_or_default();
        assert_eq!((row.current_cases, row.not_started, row.started_in_period, row.wait_sum), (1, 0, 0, 0));
    }

    #[test]
    fn columns_follow_their_definitions() {
        let period = ReportPeriod::new(d("2022-01-01"), d("2022-04-26"), None).unwrap();
        let cases = [
            facts("2021-11-01", Some("2022-01-31"), None),               // started in period, wait 91
            facts("2022-02-01", Some("2022-02-11"), Some("2022-03-01")), // started in period, wait 10, closed
            facts("2022-03-01", None, None),                             // waiting 56 days
            facts("2022-04-01", Some("2022-05-01"), None),               // starts after report date: waiting 25
            facts("2022-04-20", None, Some("2022-04-26")),               // closed on the report date
            facts("2022-05-01", None, None),                             // enrolled after the report date
            facts("2021-01-01", Some("2021-02-01"), None),               // long-running, started before period
        ];
        let a = aggregate(&period, cases)[&1];
        assert_eq!(a.current_cases, 4);
        assert_eq!(a.not_started, 2);
        assert_eq!(a.longest_current_wait, Some(56));
        assert_eq!(a.started_in_period, 2);
        assert_eq!(a.wait_sum, 101);
        assert_eq!((a.wait_median_low, a.wait_median_high, a.wait_p90), (Some(10), Some(91), Some(91)));
        let services =
            [ReportService { service_id: 1, paragraph: "§ 52.3.3".into(), label: "Familiebehandling".into(), remark: "To behandlere på orlov".into() }];
        let report = CaseloadReport::build(period, &services, &aggregate(&period, cases));
        assert_eq!(report.rows[0].wait.mean, Some(50.5));
        assert_eq!(report.rows[0].wait.median, Some(50.5));
        assert_eq!(report.rows[0].remarks, "To behandlere på orlov");
        assert_eq!(report.totals.current_cases, 4);
    }

    #[test]
    fn reversed_periods_are_rejected() {
        assert!(matches!(ReportPeriod::new(d("2022-05-01"), d("2022-04-01"), None), Err(ReportError::PeriodReversed { .. })));
        assert!(matches!(ReportPeriod::new(d("2022-05-01"), d("2022-06-01"), Some(d("2022-04-01"))), Err(ReportError::AsOfBeforePeriod { .. })));
    }

    #[test]
    fn the_previous_half_year_is_the_half_year_before() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let p = ReportPeriod::new(d(2022, 1, 1), d(2022, 6, 30), None).unwrap().previous().unwrap();
        assert_eq!((p.from(), p.to(), p.as_of()), (d(2021, 7, 1), d(2021, 12, 31), d(2021, 12, 31)));
        let p = ReportPeriod::new(d(2022, 7, 1), d(2022, 12, 31), None).unwrap().previous().unwrap();
        assert_eq!((p.from(), p.to()), (d(2022, 1, 1), d(2022, 6, 30)));
        // The half-year so far compares with the whole half-year before.
        let p = ReportPeriod::new(d(2022, 1, 1), d(2022, 4, 26), None).unwrap().previous().unwrap();
        assert_eq!((p.from(), p.to()), (d(2021, 7, 1), d(2021, 12, 31)));
        let p = ReportPeriod::new(d(2022, 2, 1), d(2022, 4, 30), None).unwrap().previous().unwrap();
        assert_eq!((p.from(), p.to()), (d(2021, 11, 4), d(2022, 1, 31)));
    }

    fn one_row(mean_wait_sum: i64, n: i64) -> CaseloadReport {
        let period = ReportPeriod::new(d("2022-01-01"), d("2022-04-26"), None).unwrap();
        let services = [ReportService { service_id: 1, paragraph: "§ 76".into(), label: "Fast kontaktperson".into(), remark: String::new() }];
        let mut a = BTreeMap::new();
        a.insert(1, ServiceAggregates { started_in_period: n, wait_sum: mean_wait_sum, ..Default::default() });
        CaseloadReport::build(period, &services, &a)
    }

    #[test]
    fn the_change_is_the_difference_of_the_shown_means() {
        // 2,305 is shown 2,31 (2,3049…), 2,354 shown 2,35: the reader computes 2,31 − 2,35 = −0,04,
        // whereas the unrounded difference −0,049 would show as −0,05.
        let now = one_row(2305, 1000);
        let before = one_row(2354, 1000);
        let r = now.compare_with(&before);
        assert_eq!(r.rows[0].previous_mean, Some(2.35));
        assert_eq!(r.rows[0].change, Some(shown(shown(2.305) - 2.35)));
        assert_eq!(shown(2.305_f64 - 2.354), -0.05);
        assert_ne!(r.rows[0].change, Some(-0.05));
        assert!(r.previous.is_some());
        // No mean in either period: no change.
        let r = one_row(0, 0).compare_with(&before);
        assert_eq!((r.rows[0].previous_mean, r.rows[0].change), (Some(2.35), None));
    }

    #[test]
    fn the_catalogue_default_orders_by_reference_and_a_configuration_is_validated() {
        let refs = |t: &str| crate::legal_ref::parse_refs(t).unwrap();
        let c = ReportConfig::from_catalogue(vec![
            CatalogueRow { service_id: 2, name: "B".into(), legal_refs: refs("SEL § 76") },
            CatalogueRow { service_id: 1, name: "A".into(), legal_refs: refs("SEL § 52.3.3") },
        ]);
        assert_eq!(c.rows.iter().map(|r| (r.service_id, r.paragraph.as_str())).collect::<Vec<_>>(), [(1, "§ 52.3.3"), (2, "§ 76")]);
        assert!(c.validate().is_ok());
        let mut bad = c.clone();
        bad.rows[1].service_id = 1;
        bad.rows[0].label = " ".into();
        bad.rows[0].remark = "x".repeat(MAX_REMARK + 1);
        let crate::ValidationErrors(errors) = bad.validate().unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
    }

    proptest! {
        #[test]
        fn the_previous_period_ends_the_day_before_and_is_a_half_year_or_as_long(start in 0i64..20_000, len in 0i64..800) {
            let from = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new(start as u64);
            let to = from + chrono::Days::new(len as u64);
            let p = ReportPeriod::new(from, to, None).unwrap();
            let prev = p.previous().unwrap();
            prop_assert_eq!(prev.to().succ_opt().unwrap(), from);
            prop_assert!(prev.from() <= prev.to());
            if starts_half_year(from) && Some(to) <= half_year_end(from) {
                prop_assert!(starts_half_year(prev.from()));
                prop_assert_eq!(half_year_end(prev.from()), Some(prev.to()));
            } else {
                prop_assert_eq!(prev.to() - prev.from(), to - from);
            }
        }
        #[test]
        fn median_and_p90_are_order_statistics(mut waits in proptest::collection::vec(0i64..400, 1..60)) {
            let period = ReportPeriod::new(d("2022-01-01"), d("2022-12-31"), None).unwrap();
            let start = d("2022-06-01");
            let cases = waits.iter().map(|w| CaseFacts { service_id: 7, enrolled_on: start - chrono::Days::new(*w as u64), started_on: Some(start), closed_on: None, resumed: false });
            let a = aggregate(&period, cases)[&7];
            waits.sort_unstable();
            let n = waits.len();
            let median = if n % 2 == 1 { waits[n / 2] as f64 } else { (waits[n / 2 - 1] + waits[n / 2]) as f64 / 2.0 };
            let (lo, hi) = (a.wait_median_low.unwrap(), a.wait_median_high.unwrap());
            prop_assert_eq!((lo + hi) as f64 / 2.0, median);
            let p90 = a.wait_p90.unwrap();
            let at_or_below = waits.iter().filter(|w| **w <= p90).count();
            prop_assert!(at_or_below * 10 >= n * 9, "at least 90 % at or below the percentile");
            prop_assert!(waits.iter().filter(|w| **w < p90).count() * 10 < n * 9, "it is the smallest such value");
            prop_assert_eq!(a.wait_sum, waits.iter().sum::<i64>());
        }
    }
}
