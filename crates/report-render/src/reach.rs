//! The reach report (`domain::reach`) as people read it: its sections of labelled counts, the
//! one list the page, the CSV and the workbook are all built from, so they cannot disagree.

use crate::{period_text, write_safe};
use familiehus_domain::ReportPeriod;
use familiehus_domain::anonymous_stats::Shown;
use familiehus_domain::danish;
use familiehus_domain::reach::Reach;

pub const TITLE: &str = "Rækkevidde";

/// A count as shown: the number, "under 5" or "–" (withheld so a hidden count cannot be
/// worked out from a total).
pub fn shown(s: Shown) -> String {
    match s {
        Shown::Count(n) => danish::integer(n),
        Shown::UnderFive => "under 5".into(),
        Shown::Withheld => "–".into(),
    }
}

/// One table of the report: its heading and each line's label with its count.
pub struct Section {
    pub heading: &'static str,
    pub lines: Vec<(&'static str, Shown)>,
}

/// The totals first (cases opened, fathers taking part), then the breakdowns, in page order.
pub fn sections(r: &Reach) -> Vec<Section> {
    vec![
        Section { heading: "I alt", lines: vec![("Nye sager (familier nået)", r.cases), ("Far deltog i mindst én kontakt", r.fathers)] },
        Section { heading: "Hvornår familien blev nået", lines: r.when.iter().map(|(w, s)| (w.label_da(), *s)).collect() },
        Section { heading: "Adgangsvej", lines: r.by_route.iter().map(|(a, s)| (a.label_da(), *s)).collect() },
        Section { heading: "Henvist af", lines: r.by_source.iter().map(|(a, s)| (a.label_da(), *s)).collect() },
    ]
}

/// `01.01.2022 – 30.06.2022`.
pub fn period(r: &Reach) -> String {
    ReportPeriod::new(r.from, r.to, None).map(|p| period_text(&p)).unwrap_or_else(|_| format!("{} – {}", danish::date(r.from), danish::date(r.to)))
}

/// `raekkevidde-2022-01-01-2022-06-30.csv`.
pub fn filename(r: &Reach, extension: &str) -> String {
    format!("raekkevidde-{}-{}.{extension}", r.from.format("%Y-%m-%d"), r.to.format("%Y-%m-%d"))
}

/// Three columns (section, line, count) under the title and period, for Danish Excel.
pub fn csv(r: &Reach) -> Result<Vec<u8>, csv::Error> {
    let mut records = vec![vec![TITLE.to_owned()], vec!["Periode".to_owned(), period(r)], Vec::new()];
    records.push(vec!["Afsnit".to_owned(), "Linje".to_owned(), "Antal".to_owned()]);
    for section in sections(r) {
        records.extend(section.lines.iter().map(|(label, s)| vec![section.heading.to_owned(), (*label).to_owned(), shown(*s)]));
    }
    write_safe(&records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use familiehus_domain::access_route::AccessRoute;
    use familiehus_domain::case::ReferralSource;
    use familiehus_domain::reach::{ReachRow, build};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_csv_has_every_section_line_and_hides_small_counts_for_restricted_roles() {
        let row = ReachRow {
            enrolled_on: d("2022-02-01"),
            access_route: AccessRoute::WalkIn,
            referral_source: ReferralSource::SelfReferral,
            birth_date: Some(d("2021-06-01")),
            expected_birth_on: None,
            father_took_part: true,
        };
        let rows = vec![row; 3];
        let open = build(&rows, d("2022-01-01"), d("2022-06-30"), false);
        let text = String::from_utf8(csv(&open).expect("csv")).expect("utf-8");
        assert!(text.contains("Periode;01.01.2022 – 30.06.2022") && text.contains("I alt;Nye sager (familier nået);3"), "{text}");
        let lines = sections(&open).iter().map(|s| s.lines.len()).sum::<usize>();
        assert_eq!(text.lines().count(), 4 + lines, "{text}");
        let restricted = build(&rows, d("2022-01-01"), d("2022-06-30"), true);
        let text = String::from_utf8(csv(&restricted).expect("csv")).expect("utf-8");
        assert!(text.contains("Nye sager (familier nået);under 5") && !text.contains(";3\r"), "{text}");
    }
}
