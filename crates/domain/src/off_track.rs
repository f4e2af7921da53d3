//! Off-track flags from a case's ORS and SRS scores: transparent rules, each with the text the
//! practitioner and the leader see beside the flag, so a flag can always be explained. The
//! rules are feedback-informed practice's usual signals, kept deliberately simple:
//! - ORS: no reliable improvement (5 points, the ORS's reliable change index) from the first
//!   score to the latest once 3 sessions have been scored after the first;
//! - SRS: the latest score below the cut-off (36);
//! - SRS: falling over the last two sessions (each lower than the one before).
//!
//! A flag asks for a conversation with the family and the leader; it decides nothing.

use crate::catalogue::codes;
use crate::measurement::SRS_CUT_OFF;
use chrono::NaiveDate;
use serde::Serialize;

/// The ORS's reliable change index: a smaller change may be measurement noise.
pub const ORS_RELIABLE_CHANGE: i64 = 5;
/// Sessions scored after the first ORS before the ORS rule judges.
pub const ORS_SESSIONS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OffTrackRule {
    OrsNoImprovement,
    SrsBelowCutOff,
    SrsFalling,
}

codes!(OffTrackRule {
    OrsNoImprovement => "ors_no_improvement", "ORS er ikke forbedret";
    SrsBelowCutOff => "srs_below_cut_off", "SRS under grænsen";
    SrsFalling => "srs_falling", "SRS falder";
});

impl OffTrackRule {
    /// The rule as the user reads it beside the flag.
    pub fn rule_da(self) -> String {
        match self {
            OffTrackRule::OrsNoImprovement => format!(
                "ORS er ikke steget mindst {ORS_RELIABLE_CHANGE} point (pålidelig ændring) fra første måling til den seneste, efter {ORS_SESSIONS} målte sessioner."
            ),
            OffTrackRule::SrsBelowCutOff => format!("Den seneste SRS er under {SRS_CUT_OFF}: drøft samarbejdet med familien."),
            OffTrackRule::SrsFalling => "SRS er faldet ved begge de to seneste sessioner.".to_owned(),
        }
    }
}

/// One score in a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub on: NaiveDate,
    pub score: i64,
}

/// A raised flag: the rule, and what in the scores raised it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub rule: OffTrackRule,
    /// `første ORS 22, seneste 23, 4 målinger`.
    pub evidence: String,
}

/// The flags of a case's ORS and SRS series (each in date order; the order of scores on one
/// day is the order given).
pub fn flags(ors: &[Point], srs: &[Point]) -> Vec<Flag> {
    let mut found = Vec::new();
    if let (Some(first), Some(last)) = (ors.first(), ors.last())
        && ors.len() > ORS_SESSIONS
        && last.score - first.score < ORS_RELIABLE_CHANGE
    {
        found.push(Flag {
            rule: OffTrackRule::OrsNoImprovement,
            evidence: format!("første ORS {}, seneste {}, {} målinger", first.score, last.score, ors.len()),
        });
    }
    if let Some(last) = srs.last()
        && last.score < SRS_CUT_OFF
    {
        found.push(Flag { rule: OffTrackRule::SrsBelowCutOff, evidence: format!("seneste SRS {}", last.score) });
    }
    if let [.., a, b, c] = srs
        && a.score > b.score
        && b.score > c.score
    {
        found.push(Flag { rule: OffTrackRule::SrsFalling, evidence: format!("SRS {} → {} → {}", a.score, b.score, c.score) });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn series(scores: &[i64]) -> Vec<Point> {
        let start = NaiveDate::from_ymd_opt(2022, 1, 10).unwrap_or_default();
        scores.iter().enumerate().map(|(i, s)| Point { on: start + chrono::Days::new(7 * i as u64), score: *s }).collect()
    }

    fn rules(ors: &[i64], srs: &[i64]) -> Vec<OffTrackRule> {
        flags(&series(ors), &series(srs)).into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn the_documented_examples() {
        assert!(rules(&[18, 19, 20], &[]).is_empty(), "too early to judge");
        assert_eq!(rules(&[18, 19, 20, 22], &[]), [OffTrackRule::OrsNoImprovement], "4 points is within noise");
        assert!(rules(&[18, 19, 20, 23], &[]).is_empty(), "5 points is a reliable change");
        assert_eq!(rules(&[18, 25, 27, 20], &[]), [OffTrackRule::OrsNoImprovement], "improved, then fell back");
        assert_eq!(rules(&[], &[38, 35]), [OffTrackRule::SrsBelowCutOff]);
        assert_eq!(rules(&[], &[40, 39, 38]), [OffTrackRule::SrsFalling]);
        assert_eq!(rules(&[], &[39, 39, 38]), [], "one fall is not two");
        assert_eq!(rules(&[], &[38, 36, 34]), [OffTrackRule::SrsBelowCutOff, OffTrackRule::SrsFalling]);
        assert!(OffTrackRule::OrsNoImprovement.rule_da().contains("5 point"));
        let f = flags(&series(&[20, 20, 21, 21]), &[]);
        assert_eq!(f[0].evidence, "første ORS 20, seneste 21, 4 målinger");
    }

    proptest! {
        /// Rising by at least 2 points a session reaches the reliable change by the third
        /// session, and a rising SRS at or above the cut-off is never a concern.
        #[test]
        fn a_strictly_improving_series_is_never_flagged(start in 0i64..20, steps in prop::collection::vec(2i64..5, 0..12), srs_start in 36i64..38) {
            let mut ors = vec![start];
            for s in &steps {
                ors.push(ors[ors.len() - 1] + s);
            }
            let srs: Vec<i64> = (0..ors.len() as i64).map(|i| (srs_start + i).min(40)).collect();
            prop_assert!(flags(&series(&ors), &series(&srs)).is_empty(), "{ors:?} {srs:?}");
        }

        #[test]
        fn a_flat_ors_after_three_sessions_is_always_flagged(score in 0i64..=40, extra in 0usize..10) {
            let ors = vec![score; ORS_SESSIONS + 1 + extra];
            prop_assert_eq!(rules(&ors, &[]), vec![OffTrackRule::OrsNoImprovement]);
        }

        #[test]
        fn the_ors_rule_waits_for_three_sessions(scores in prop::collection::vec(0i64..=40, 0..=ORS_SESSIONS)) {
            prop_assert!(rules(&scores, &[]).is_empty());
        }

        #[test]
        fn the_ors_rule_is_the_change_from_first_to_latest(scores in prop::collection::vec(0i64..=40, ORS_SESSIONS + 1..12)) {
            let change = scores[scores.len() - 1] - scores[0];
            prop_assert_eq!(rules(&scores, &[]).contains(&OffTrackRule::OrsNoImprovement), change < ORS_RELIABLE_CHANGE);
        }

        #[test]
        fn an_srs_below_the_cut_off_is_always_flagged(before in prop::collection::vec(0i64..=40, 0..6), last in 0i64..SRS_CUT_OFF) {
            let mut srs = before;
            srs.push(last);
            prop_assert!(rules(&[], &srs).contains(&OffTrackRule::SrsBelowCutOff));
        }
    }
}
