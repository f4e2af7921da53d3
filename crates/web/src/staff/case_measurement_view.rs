//! What the case page shows of goals and measurements (`templates/staff/case_measurements.html`):
//! the off-track flags with their rules, the goals with their latest rating, the scores with
//! their readings and thresholds, a chart per goal and instrument (`crate::measurement_chart`)
//! with the numbers in a table, and the forms (set a goal, rate the running goals, record a
//! score, end a goal) with what was typed and the errors of a refused one. Field ids carry a
//! prefix, since the case page has other forms with dates.

use super::fields::Choice;
use super::layout::FormErrors;
use crate::measurement_chart::{SeriesChart, Span, series_chart};
use familiehus_app::measurements::CaseMeasurements;
use familiehus_domain::danish;
use familiehus_domain::measurement::{GoalLevel, Instrument, RATING_MAX, RATING_MIN, Thresholds};
use familiehus_domain::off_track::Flag;

pub struct FlagLine {
    pub title: &'static str,
    pub rule: String,
    pub evidence: String,
}

pub struct GoalLine {
    pub id: i64,
    pub level: &'static str,
    pub text: String,
    pub set_on: String,
    /// `Afsluttet 20.04.2022`, empty while running.
    pub ended: String,
    /// `7 (20.04.2022)`, empty before the first rating.
    pub latest: String,
    /// First → latest, `3 → 7`, with two ratings or more.
    pub change: String,
    /// What the rating form had typed for this goal.
    pub typed: String,
    pub input_id: String,
}

pub struct ScoreLine {
    pub on: String,
    pub instrument: &'static str,
    pub shown: String,
    pub reading: String,
    pub concern: bool,
}

pub struct InstrumentNote {
    pub name: &'static str,
    pub thresholds: String,
}

pub struct TableRow {
    date: chrono::NaiveDate,
    pub on: String,
    pub what: String,
    pub value: String,
}

/// What was typed into the section's forms, kept on a refused form's page.
#[derive(Default, Clone)]
pub struct Typed {
    pub goal_level: String,
    pub goal_text: String,
    pub goal_set_on: String,
    pub rated_on: String,
    /// (goal id, rating as typed).
    pub ratings: Vec<(i64, String)>,
    pub score_instrument: String,
    pub measured_on: String,
    pub score: String,
}

/// Which form a refused page shows (the case page shows every one).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Only {
    All,
    Goal,
    Ratings,
    Score,
}

pub struct Section {
    pub id: i64,
    pub flags: Vec<FlagLine>,
    pub goals: Vec<GoalLine>,
    pub running_goals: usize,
    pub scores: Vec<ScoreLine>,
    pub notes: Vec<InstrumentNote>,
    pub charts: Vec<SeriesChart>,
    pub table: Vec<TableRow>,
    /// The forms are offered on a running, started case to those who change cases.
    pub can_write: bool,
    pub show_goal: bool,
    pub show_ratings: bool,
    pub show_score: bool,
    pub levels: Vec<Choice>,
    pub instruments: Vec<Choice>,
    pub typed: Typed,
    pub errors: FormErrors,
    pub rating_range: String,
}

pub fn flag_lines(flags: &[Flag]) -> Vec<FlagLine> {
    flags.iter().map(|f| FlagLine { title: f.rule.label_da(), rule: f.rule.rule_da(), evidence: f.evidence.clone() }).collect()
}

fn level_label(code: &str) -> &'static str {
    GoalLevel::from_code(code).map_or("", GoalLevel::label_da)
}

fn instrument_of(code: &str) -> Option<Instrument> {
    Instrument::from_code(code)
}

impl Section {
    pub fn new(id: i64, m: CaseMeasurements, can_write: bool, only: Only, typed: Typed, errors: FormErrors, today: chrono::NaiveDate) -> Self {
        let t: Thresholds = m.thresholds;
        let typed_rating = |goal: i64| typed.ratings.iter().find(|(g, _)| *g == goal).map(|(_, v)| v.clone()).unwrap_or_default();
        let goals: Vec<GoalLine> = m
            .goals
            .iter()
            .map(|g| GoalLine {
                id: g.id,
                level: level_label(&g.level),
                text: g.text.clone(),
                set_on: danish::date(g.set_on),
                ended: g.ended_on.map(|d| format!("Afsluttet {}", danish::date(d))).unwrap_or_default(),
                latest: g.ratings.last().map(|r| format!("{} ({})", r.rating, danish::date(r.rated_on))).unwrap_or_default(),
                change: match (g.ratings.first(), g.ratings.last()) {
                    (Some(a), Some(b)) if g.ratings.len() > 1 => format!("{} → {}", a.rating, b.rating),
                    _ => String::new(),
                },
                typed: typed_rating(g.id),
                input_id: format!("rating_{}", g.id),
            })
            .collect();
        let running_goals = m.goals.iter().filter(|g| g.ended_on.is_none()).count();
        let scores = m
            .scores
            .iter()
            .rev()
            .filter_map(|s| {
                let i = instrument_of(&s.instrument)?;
                let r = i.reading(s.score, t);
                Some(ScoreLine { on: danish::date(s.measured_on), instrument: i.label_da(), shown: i.shown(s.score), reading: r.label, concern: r.concern })
            })
            .collect();
        let used: Vec<Instrument> = Instrument::ALL.iter().copied().filter(|i| m.scores.iter().any(|s| s.instrument == i.code())).collect();
        let notes = used.iter().map(|i| InstrumentNote { name: i.label_da(), thresholds: i.thresholds_da(t) }).collect();
        let dates = m.scores.iter().map(|s| s.measured_on).chain(m.goals.iter().flat_map(|g| g.ratings.iter().map(|r| r.rated_on)));
        let mut charts = Vec::new();
        let mut table = Vec::new();
        if let Some(span) = Span::of(dates) {
            for g in &m.goals {
                if g.ratings.is_empty() {
                    continue;
                }
                let title = format!("Mål ({}): {}", level_label(&g.level).to_lowercase(), shorten(&g.text, 60));
                let points: Vec<_> = g.ratings.iter().map(|r| (r.rated_on, r.rating, r.rating.to_string())).collect();
                charts.push(series_chart(format!("graf-maal-{}", g.id), title.clone(), (RATING_MIN, RATING_MAX), None, &points, span));
                table.extend(g.ratings.iter().map(|r| TableRow {
                    date: r.rated_on,
                    on: danish::date(r.rated_on),
                    what: title.clone(),
                    value: r.rating.to_string(),
                }));
            }
            for i in &used {
                let points: Vec<_> = m.scores.iter().filter(|s| s.instrument == i.code()).map(|s| (s.measured_on, s.score, i.shown(s.score))).collect();
                let threshold = match i {
                    Instrument::Epds => Some((i64::from(t.epds_cut_off), format!("kommunens grænse {}", t.epds_cut_off))),
                    Instrument::Ors => Some((familiehus_domain::measurement::ORS_CLINICAL_CUT_OFF, "klinisk grænse 25 (voksne)".to_owned())),
                    Instrument::Srs => Some((familiehus_domain::measurement::SRS_CUT_OFF, "grænse 36".to_owned())),
                    Instrument::SdqTotal => Some((familiehus_domain::measurement::SDQ_ABNORMAL_FROM, "afvigende fra 17".to_owned())),
                    Instrument::Who5 => Some((familiehus_domain::measurement::WHO5_POOR_AT_MOST / 4, "50 % (dårlig trivsel)".to_owned())),
                    Instrument::ChildRuler => None,
                };
                charts.push(series_chart(format!("graf-{}", i.code()), i.label_da().to_owned(), i.range(), threshold, &points, span));
                table.extend(points.iter().map(|(on, _, shown)| TableRow {
                    date: *on,
                    on: danish::date(*on),
                    what: i.label_da().to_owned(),
                    value: shown.clone(),
                }));
            }
        }
        table.sort_by_key(|r| r.date);
        let levels = Choice::list(GoalLevel::ALL.iter().map(|l| (l.code().to_owned(), l.label_da().to_owned())), &typed.goal_level);
        let instruments = Choice::list(
            Instrument::ALL.iter().map(|i| {
                let (lo, hi) = i.range();
                let range = if *i == Instrument::ChildRuler { "grøn, gul, rød".to_owned() } else { format!("{lo}–{hi}") };
                (i.code().to_owned(), format!("{} ({range})", i.label_da()))
            }),
            &typed.score_instrument,
        );
        let today = danish::date(today);
        let mut typed = typed;
        for d in [&mut typed.goal_set_on, &mut typed.rated_on, &mut typed.measured_on] {
            if d.is_empty() {
                d.clone_from(&today);
            }
        }
        Section {
            id,
            flags: flag_lines(&m.flags),
            goals,
            running_goals,
            scores,
            notes,
            charts,
            table,
            can_write,
            show_goal: can_write && matches!(only, Only::All | Only::Goal),
            show_ratings: can_write && running_goals > 0 && matches!(only, Only::All | Only::Ratings),
            show_score: can_write && matches!(only, Only::All | Only::Score),
            levels,
            instruments,
            typed,
            errors,
            rating_range: format!("{RATING_MIN}–{RATING_MAX}"),
        }
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max { text.to_owned() } else { format!("{}…", text.chars().take(max - 1).collect::<String>().trim_end()) }
}
