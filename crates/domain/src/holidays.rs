//! Danish public holidays (computed from Easter) and the school holidays a group course skips:
//! `SchoolHoliday` is one period of the calendar the municipality edits, and
//! `default_school_holidays` proposes a school year's periods when nothing is stored for it.
//! `Calendar` is what session planning asks: is this day a public holiday or in a school holiday.
//!
//! The defaults (a choice: municipalities differ by a day or two, and edit them):
//! - efterårsferie: week 42, Saturday before to Sunday;
//! - juleferie: 21 December to 1 January;
//! - vinterferie: week 7, Saturday before to Sunday;
//! - påskeferie: the Monday before Easter to 2. påskedag;
//! - sommerferie: the last Saturday of June to the second Sunday of August.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Easter Sunday (Gregorian; the anonymous algorithm, also called Meeus/Jones/Butcher).
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

fn shift(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    if days >= 0 { date.checked_add_days(Days::new(days.unsigned_abs())) } else { date.checked_sub_days(Days::new(days.unsigned_abs())) }
}

/// The year's public holidays (helligdage) with their Danish names, in date order. Store
/// bededag (the fourth Friday after Easter) was abolished from 2024.
pub fn public_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut days = Vec::new();
    let mut fixed = |month, day, name| {
        if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
            days.push((d, name));
        }
    };
    fixed(1, 1, "Nytårsdag");
    fixed(6, 5, "Grundlovsdag");
    fixed(12, 24, "Juleaften");
    fixed(12, 25, "Juledag");
    fixed(12, 26, "2. juledag");
    if let Some(e) = easter(year) {
        let mut moving = vec![
            (-3, "Skærtorsdag"),
            (-2, "Langfredag"),
            (0, "Påskedag"),
            (1, "2. påskedag"),
            (39, "Kristi himmelfartsdag"),
            (49, "Pinsedag"),
            (50, "2. pinsedag"),
        ];
        if year < 2024 {
            moving.push((26, "Store bededag"));
        }
        days.extend(moving.into_iter().filter_map(|(offset, name)| shift(e, offset).map(|d| (d, name))));
    }
    days.sort();
    days
}

/// The name of the public holiday on `date`, if it is one.
pub fn public_holiday(date: NaiveDate) -> Option<&'static str> {
    public_holidays(date.year()).into_iter().find(|(d, _)| *d == date).map(|(_, name)| name)
}

/// One school holiday, both days included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolHoliday {
    /// The school year it belongs to, by the year it begins in (2026 for 2026/27).
    pub school_year: i32,
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl SchoolHoliday {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// The school year a date falls in, by the year it begins in: 1 August to 31 July.
pub fn school_year_of(date: NaiveDate) -> i32 {
    if date.month() >= 8 { date.year() } else { date.year() - 1 }
}

/// `2026/27`.
pub fn school_year_label(year: i32) -> String {
    format!("{year}/{:02}", (year + 1).rem_euclid(100))
}

/// The Saturday before an ISO week to its Sunday.
fn holiday_week(year: i32, week: u32) -> Option<(NaiveDate, NaiveDate)> {
    let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
    Some((shift(monday, -2)?, shift(monday, 6)?))
}

/// The default school holidays of the school year beginning in August of `year` (module doc).
pub fn default_school_holidays(year: i32) -> Vec<SchoolHoliday> {
    let next = year + 1;
    let mut periods: Vec<(&str, Option<(NaiveDate, NaiveDate)>)> = vec![
        ("Efterårsferie", holiday_week(year, 42)),
        ("Juleferie", NaiveDate::from_ymd_opt(year, 12, 21).zip(NaiveDate::from_ymd_opt(next, 1, 1))),
        ("Vinterferie", holiday_week(next, 7)),
    ];
    let easter = easter(next);
    periods.push(("Påskeferie", easter.and_then(|e| shift(e, -6).zip(shift(e, 1)))));
    let last_saturday_of_june = NaiveDate::from_ymd_opt(next, 6, 30).map(|d| {
        let back = (d.weekday().num_days_from_monday() + 2) % 7;
        shift(d, -i64::from(back)).unwrap_or(d)
    });
    let second_sunday_of_august = NaiveDate::from_weekday_of_month_opt(next, 8, Weekday::Sun, 2);
    periods.push(("Sommerferie", last_saturday_of_june.zip(second_sunday_of_august)));
    periods.into_iter().filter_map(|(name, span)| span.map(|(from, to)| SchoolHoliday { school_year: year, name: name.to_owned(), from, to })).collect()
}

/// The school holidays in force: the stored periods of each school year that has any, and the
/// defaults for every year that has none (so a calendar nobody edited still skips the holidays).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    stored: Vec<SchoolHoliday>,
}

/// Why a day has no session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOff {
    Public(&'static str),
    School(String),
}

impl DayOff {
    pub fn label_da(&self) -> &str {
        match self {
            DayOff::Public(name) => name,
            DayOff::School(name) => name,
        }
    }
}

impl Calendar {
    pub fn new(stored: Vec<SchoolHoliday>) -> Self {
        Self { stored }
    }

    /// The school year's periods: stored, or the defaults.
    pub fn school_year(&self, year: i32) -> Vec<SchoolHoliday> {
        let stored: Vec<_> = self.stored.iter().filter(|h| h.school_year == year).cloned().collect();
        if stored.is_empty() { default_school_holidays(year) } else { stored }
    }

    /// Whether `date` is a public holiday or in a school holiday, and which. The summer holiday
    /// reaches into the next school year's August, so the year before is asked too.
    pub fn day_off(&self, date: NaiveDate) -> Option<DayOff> {
        if let Some(name) = public_holiday(date) {
            return Some(DayOff::Public(name));
        }
        let year = school_year_of(date);
        [year - 1, year].into_iter().flat_map(|y| self.school_year(y)).find(|h| h.contains(date)).map(|h| DayOff::School(h.name))
    }
}

/// Reads the settings page's lines, `2026/27;Efterårsferie;10.10.2026;18.10.2026`, one period a
/// line; every problem as `(line number, Danish message)`.
pub fn read_lines(text: &str) -> Result<Vec<SchoolHoliday>, Vec<(usize, String)>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split(';').map(str::trim).collect();
        let [year, name, from, to] = parts.as_slice() else {
            problems.push((n, "Skriv skoleår;navn;fra;til, fx 2026/27;Efterårsferie;10.10.2026;18.10.2026.".to_owned()));
            continue;
        };
        let school_year = year.split_once('/').and_then(|(a, _)| a.parse::<i32>().ok()).filter(|y| (2000..=2100).contains(y));
        let (from, to) = (crate::danish::read_date(from), crate::danish::read_date(to));
        match (school_year, from, to) {
            (None, _, _) => problems.push((n, "Skriv skoleåret som 2026/27.".to_owned())),
            (_, Err(p), _) | (_, _, Err(p)) => problems.push((n, p.message_da().to_owned())),
            _ if name.is_empty() || name.chars().count() > 60 => problems.push((n, "Skriv ferien navn (højst 60 tegn).".to_owned())),
            (Some(_), Ok(from), Ok(to)) if to < from => problems.push((n, "Ferien slutter før den begynder.".to_owned())),
            (Some(_), Ok(from), Ok(to)) if (to - from).num_days() > 70 => problems.push((n, "En ferie kan højst vare 70 dage.".to_owned())),
            (Some(school_year), Ok(from), Ok(to)) => out.push(SchoolHoliday { school_year, name: (*name).to_owned(), from, to }),
        }
    }
    if out.len() > 200 {
        problems.push((0, "Højst 200 ferier.".to_owned()));
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// The settings page's line of one period.
pub fn line_of(h: &SchoolHoliday) -> String {
    format!("{};{};{};{}", school_year_label(h.school_year), h.name, crate::danish::date(h.from), crate::danish::date(h.to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_of_known_years() {
        assert_eq!(easter(2024), Some(d(2024, 3, 31)));
        assert_eq!(easter(2025), Some(d(2025, 4, 20)));
        assert_eq!(easter(2026), Some(d(2026, 4, 5)));
        assert_eq!(easter(2027), Some(d(2027, 3, 28)));
        assert_eq!(easter(2019), Some(d(2019, 4, 21)));
    }

    #[test]
    fn public_holidays_of_2025_and_2026() {
        let names = |y| public_holidays(y).into_iter().map(|(date, name)| (crate::danish::date(date), name)).collect::<Vec<_>>();
        let y2025 = names(2025);
        for (date, name) in [
            ("01.01.2025", "Nytårsdag"),
            ("17.04.2025", "Skærtorsdag"),
            ("18.04.2025", "Langfredag"),
            ("20.04.2025", "Påskedag"),
            ("21.04.2025", "2. påskedag"),
            ("29.05.2025", "Kristi himmelfartsdag"),
            ("08.06.2025", "Pinsedag"),
            ("09.06.2025", "2. pinsedag"),
            ("05.06.2025", "Grundlovsdag"),
            ("24.12.2025", "Juleaften"),
            ("25.12.2025", "Juledag"),
            ("26.12.2025", "2. juledag"),
        ] {
            assert!(y2025.contains(&(date.to_owned(), name)), "{date} {name}");
        }
        assert_eq!(y2025.len(), 12, "no store bededag from 2024: {y2025:?}");
        assert_eq!(public_holiday(d(2026, 5, 14)), Some("Kristi himmelfartsdag"));
        assert_eq!(public_holiday(d(2026, 4, 2)), Some("Skærtorsdag"));
        assert_eq!(public_holiday(d(2026, 5, 25)), Some("2. pinsedag"));
        assert_eq!(public_holiday(d(2023, 5, 5)), Some("Store bededag"), "still a holiday in 2023");
        assert_eq!(public_holiday(d(2024, 4, 26)), None, "abolished from 2024");
        assert!(public_holidays(2030).windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn default_school_holidays_of_2026_27() {
        let h = default_school_holidays(2026);
        let span = |name: &str| h.iter().find(|p| p.name == name).map(|p| (p.from, p.to)).unwrap();
        assert_eq!(span("Efterårsferie"), (d(2026, 10, 10), d(2026, 10, 18)), "week 42 of 2026 is 12–18 October");
        assert_eq!(span("Juleferie"), (d(2026, 12, 21), d(2027, 1, 1)));
        assert_eq!(span("Vinterferie"), (d(2027, 2, 13), d(2027, 2, 21)), "week 7 of 2027 is 15–21 February");
        assert_eq!(span("Påskeferie"), (d(2027, 3, 22), d(2027, 3, 29)), "Easter 2027 is 28 March");
        assert_eq!(span("Sommerferie"), (d(2027, 6, 26), d(2027, 8, 8)));
    }

    #[test]
    fn stored_periods_replace_a_years_defaults_only() {
        let edited = SchoolHoliday { school_year: 2026, name: "Efterårsferie".into(), from: d(2026, 10, 17), to: d(2026, 10, 25) };
        let cal = Calendar::new(vec![edited]);
        assert_eq!(cal.day_off(d(2026, 10, 14)), None, "the default week 42 is replaced");
        assert_eq!(cal.day_off(d(2026, 10, 21)), Some(DayOff::School("Efterårsferie".into())));
        assert_eq!(cal.day_off(d(2026, 12, 23)), None, "only the stored periods count for 2026/27");
        assert_eq!(cal.day_off(d(2027, 10, 20)), Some(DayOff::School("Efterårsferie".into())), "2027/28 keeps its defaults");
        assert_eq!(cal.day_off(d(2026, 8, 3)), Some(DayOff::School("Sommerferie".into())), "summer of 2025/26 reaches into August");
        assert_eq!(cal.day_off(d(2026, 6, 5)), Some(DayOff::Public("Grundlovsdag")));
    }

    #[test]
    fn lines_read_back_and_refuse_nonsense() {
        let lines = default_school_holidays(2026).iter().map(line_of).collect::<Vec<_>>().join("\n");
        assert_eq!(read_lines(&lines).unwrap(), default_school_holidays(2026));
        let problems = read_lines("2026/27;Efterårsferie;18.10.2026;10.10.2026\nnoget\n2026;X;1.1.26;2.1.2026").unwrap_err();
        assert_eq!(problems.iter().map(|p| p.0).collect::<Vec<_>>(), vec![1, 2, 3]);
    }
}
