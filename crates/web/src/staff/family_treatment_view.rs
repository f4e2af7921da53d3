//! What the staff pages show of strengthened family treatment, apart from the handlers
//! (`family_treatment.rs`): the case page's compact section (current phase, the three phases,
//! the planned/flexible split against 70/30), the phases as lines, a network map's three-circle
//! SVG (dots numbered, the list beside it the text alternative) and a comparison's table rows.

use familiehus_app::family_treatment::CaseTreatment;
use familiehus_domain::danish;
use familiehus_domain::family_treatment::{HoursSplit, Phase, Phases, TARGET_PLANNED_PERCENT, hours_da};
use familiehus_domain::network_map::{Closeness, NetworkChanges, NetworkPerson};

/// One phase as a line: "1. Opstart i myndighed: 01.02.2022–28.02.2022".
pub struct PhaseLine {
    pub number: usize,
    pub label: &'static str,
    pub dates: String,
    pub current: bool,
}

pub fn phase_lines(phases: &Phases, current: Option<Phase>) -> Vec<PhaseLine> {
    Phase::ALL
        .iter()
        .zip(phases.0)
        .map(|(p, d)| {
            let dates = match (d.starts_on, d.ends_on) {
                (None, _) => "Ikke startet".to_owned(),
                (Some(s), None) => format!("fra {}", danish::date(s)),
                (Some(s), Some(e)) => format!("{}–{}", danish::date(s), danish::date(e)),
            };
            PhaseLine { number: p.number(), label: p.label_da(), dates, current: current == Some(*p) }
        })
        .collect()
}

/// "Fase 2: Indsatsen hos leverandøren", or that no phase runs.
pub fn current_text(current: Option<Phase>) -> String {
    match current {
        Some(p) => format!("Fase {}: {}", p.number(), p.label_da()),
        None => "Ingen fase i gang".to_owned(),
    }
}

/// The split as the case page shows it.
pub struct SplitView {
    pub planned: String,
    pub flexible: String,
    /// "75 % planlagt / 25 % fleksibel", or empty without hours.
    pub shares: String,
    pub target: String,
    /// Said when the split lies outside the target's tolerance (`HoursSplit::outside_target`).
    pub warning: String,
}

pub fn split_view(split: &HoursSplit) -> SplitView {
    let shares = split.planned_percent().map(|p| format!("{p} % planlagt / {} % fleksibel", 100 - p)).unwrap_or_default();
    let warning = match split.off_target() {
        Some(d) if split.outside_target() && d > 0 => {
            format!("{d} procentpoint mere planlagt tid end målet: der er for lidt fleksibel tid.")
        }
        Some(d) if split.outside_target() => format!("{} procentpoint mere fleksibel tid end målet.", -d),
        _ => String::new(),
    };
    SplitView {
        planned: hours_da(split.planned_minutes),
        flexible: hours_da(split.flexible_minutes),
        shares,
        target: format!("{TARGET_PLANNED_PERCENT} % planlagt / {} % fleksibel", 100 - TARGET_PLANNED_PERCENT),
        warning,
    }
}

/// The case page's section (only on a strengthened family treatment service).
pub struct Section {
    pub current: String,
    pub phases: Vec<PhaseLine>,
    pub split: SplitView,
}

impl Section {
    pub fn of(t: &CaseTreatment) -> Self {
        Section { current: current_text(t.current), phases: phase_lines(&t.phases, t.current), split: split_view(&t.split) }
    }
}

/// A dot on the network map's SVG.
pub struct Dot {
    pub number: usize,
    pub x: i32,
    pub y: i32,
    pub circle: u8,
}

/// The drawing's size and the three circles' radii (inner, middle, outer), drawn 320 wide so a
/// phone shows it whole at 13 px numbers.
pub const MAP_SIZE: i32 = 320;
pub const RADII: [i32; 3] = [55, 100, 150];

/// The dots of a map: each circle's people evenly round its ring, numbered as the list is.
pub fn dots(people: &[NetworkPerson]) -> Vec<Dot> {
    let centre = f64::from(MAP_SIZE / 2);
    let mut out = Vec::new();
    for &closeness in Closeness::ALL.iter() {
        let ring: Vec<usize> = people.iter().enumerate().filter(|(_, p)| p.closeness == closeness).map(|(i, _)| i).collect();
        let circle = closeness.circle();
        // Halfway between this circle's edge and the one inside it.
        let inner = if circle == 1 { 0 } else { RADII[usize::from(circle) - 2] };
        let r = f64::from(inner + RADII[usize::from(circle) - 1]) / 2.0;
        let count = ring.len().max(1) as f64;
        for (k, i) in ring.iter().enumerate() {
            // Start at the top, offset per circle so numbers of neighbouring rings do not line up.
            let angle = -std::f64::consts::FRAC_PI_2 + f64::from(circle) * 0.4 + (k as f64) * std::f64::consts::TAU / count;
            let (x, y) = if circle == 1 && ring.len() == 1 { (centre, centre) } else { (centre + r * angle.cos(), centre + r * angle.sin()) };
            out.push(Dot { number: i + 1, x: x.round() as i32, y: y.round() as i32, circle });
        }
    }
    out
}

/// One row of the comparison table.
pub struct ChangeRow {
    pub name: String,
    pub relation: String,
    pub before: &'static str,
    pub after: &'static str,
    pub change: &'static str,
}

/// The comparison's rows: added, removed, moved closer, moved further, then the unchanged.
pub fn change_rows(c: &NetworkChanges) -> Vec<ChangeRow> {
    let mut rows = Vec::new();
    rows.extend(c.added.iter().map(|p| ChangeRow {
        name: p.name.clone(),
        relation: p.relation.clone(),
        before: "–",
        after: p.closeness.label_da(),
        change: "Ny i netværket",
    }));
    rows.extend(c.removed.iter().map(|p| ChangeRow {
        name: p.name.clone(),
        relation: p.relation.clone(),
        before: p.closeness.label_da(),
        after: "–",
        change: "Ikke længere med",
    }));
    rows.extend(c.closer.iter().map(|m| ChangeRow {
        name: m.name.clone(),
        relation: m.relation.clone(),
        before: m.from.label_da(),
        after: m.to.label_da(),
        change: "Rykket tættere på",
    }));
    rows.extend(c.further.iter().map(|m| ChangeRow {
        name: m.name.clone(),
        relation: m.relation.clone(),
        before: m.from.label_da(),
        after: m.to.label_da(),
        change: "Rykket længere væk",
    }));
    rows.extend(c.unchanged.iter().map(|p| ChangeRow {
        name: p.name.clone(),
        relation: p.relation.clone(),
        before: p.closeness.label_da(),
        after: p.closeness.label_da(),
        change: "Uændret",
    }));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, closeness: Closeness) -> NetworkPerson {
        NetworkPerson { name: name.into(), relation: "Ven".into(), closeness }
    }

    #[test]
    fn dots_stay_inside_their_ring_and_the_drawing() {
        let people: Vec<_> = (0..12).map(|i| person(&format!("P{i}"), Closeness::ALL[i % 3])).collect();
        let d = dots(&people);
        assert_eq!(d.len(), 12);
        for dot in &d {
            let (dx, dy) = (f64::from(dot.x - MAP_SIZE / 2), f64::from(dot.y - MAP_SIZE / 2));
            let r = (dx * dx + dy * dy).sqrt();
            let outer = f64::from(RADII[usize::from(dot.circle) - 1]);
            assert!(r <= outer, "dot {} at {r} outside {outer}", dot.number);
            assert!(dot.x > 0 && dot.y > 0 && dot.x < MAP_SIZE && dot.y < MAP_SIZE);
        }
        let mut numbers: Vec<_> = d.iter().map(|d| d.number).collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=12).collect::<Vec<_>>());
    }

    #[test]
    fn the_split_warns_only_outside_the_tolerance() {
        assert!(split_view(&HoursSplit { planned_minutes: 420, flexible_minutes: 180 }).warning.is_empty());
        assert!(split_view(&HoursSplit { planned_minutes: 540, flexible_minutes: 60 }).warning.contains("for lidt fleksibel"));
        assert!(split_view(&HoursSplit { planned_minutes: 300, flexible_minutes: 300 }).warning.contains("mere fleksibel"));
        assert!(split_view(&HoursSplit::default()).shares.is_empty());
    }
}
