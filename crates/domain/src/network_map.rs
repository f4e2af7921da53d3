//! The network map of strengthened family treatment (element 7 of the model): the people around
//! a family, each with their relation and how close they are (three circles), recorded as a
//! dated snapshot and revisited over time. `compare` says what changed between two snapshots:
//! who was added, who was removed, who moved closer and who moved further away.

use crate::danish;
use crate::validation::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The circles of the map, innermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Closeness {
    Close,
    Medium,
    Distant,
}

crate::catalogue::codes!(Closeness {
    Close => "close", "Tæt på";
    Medium => "medium", "Mellem";
    Distant => "distant", "Længere væk";
});

impl Closeness {
    /// 1 for the inner circle, 3 for the outer.
    pub fn circle(self) -> u8 {
        match self {
            Closeness::Close => 1,
            Closeness::Medium => 2,
            Closeness::Distant => 3,
        }
    }
}

/// Longest name or relation: a person's name, "mormor", "pædagog i vuggestuen".
pub const MAX_TEXT_CHARS: usize = 80;
/// More people than this is not a map one can read with the family.
pub const MAX_PEOPLE: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkPerson {
    pub name: String,
    /// To the family, in their words: "Mormor", "Nabo", "Fodboldtræner".
    pub relation: String,
    pub closeness: Closeness,
}

/// One snapshot, checked: a date and the people, in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkMap {
    pub taken_on: NaiveDate,
    pub people: Vec<NetworkPerson>,
}

/// A row of the form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PersonDraft {
    pub name: String,
    pub relation: String,
    pub closeness: String,
}

/// The form as typed: the date and the rows; rows left wholly empty are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkDraft {
    pub taken_on: String,
    pub people: Vec<PersonDraft>,
}

/// What the case says about its maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapFrame {
    pub started_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub today: NaiveDate,
}

/// Names match whatever their case and spacing: "Mormor Inge" and "mormor  inge" are one person.
pub fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl NetworkDraft {
    /// Every problem at its field: `taken_on`, and `people` (the first bad row's field, named
    /// in the message by its row number, so the summary's link lands in the table).
    pub fn check(&self, frame: &MapFrame) -> Result<NetworkMap, ValidationErrors> {
        let mut errors = Vec::new();
        let taken_on = match danish::read_date(&self.taken_on) {
            Ok(d) => match check_date(d, frame) {
                Ok(d) => Some(d),
                Err(da) => {
                    errors.push(FieldError::new("taken_on", da, "date outside the case"));
                    None
                }
            },
            Err(_) if self.taken_on.trim().is_empty() => {
                errors.push(FieldError::new("taken_on", "Skriv datoen for netværkskortet.", "date is missing"));
                None
            }
            Err(p) => {
                errors.push(FieldError::new("taken_on", p.message_da(), "date is unreadable"));
                None
            }
        };
        let mut people = Vec::new();
        let mut row_problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, row) in self.people.iter().enumerate() {
            let (name, relation) = (row.name.split_whitespace().collect::<Vec<_>>().join(" "), row.relation.trim().to_owned());
            if name.is_empty() && relation.is_empty() && row.closeness.trim().is_empty() {
                continue;
            }
            let n = i + 1;
            let closeness = Closeness::from_code(row.closeness.trim());
            if name.is_empty() {
                row_problems.push(format!("Række {n}: skriv personens navn."));
            } else if name.chars().count() > MAX_TEXT_CHARS || relation.chars().count() > MAX_TEXT_CHARS {
                row_problems.push(format!("Række {n}: navn og relation må højst være {MAX_TEXT_CHARS} tegn."));
            } else if !seen.insert(name_key(&name)) {
                row_problems.push(format!("Række {n}: {name} står der allerede. Skriv hver person én gang."));
            }
            if relation.is_empty() && !name.is_empty() {
                row_problems.push(format!("Række {n}: skriv hvem {name} er for familien, fx mormor eller nabo."));
            }
            if closeness.is_none() {
                row_problems.push(format!("Række {n}: vælg hvor tæt personen er på familien."));
            }
            if let Some(closeness) = closeness {
                people.push(NetworkPerson { name, relation, closeness });
            }
        }
        if people.is_empty() && row_problems.is_empty() {
            row_problems.push("Skriv mindst én person i netværket.".to_owned());
        }
        if people.len() > MAX_PEOPLE {
            row_problems.push(format!("Netværkskortet kan højst have {MAX_PEOPLE} personer."));
        }
        if !row_problems.is_empty() {
            errors.push(FieldError::new("people", row_problems.join(" "), "invalid rows"));
        }
        ValidationErrors::check(errors)?;
        match taken_on {
            Some(taken_on) => Ok(NetworkMap { taken_on, people }),
            None => Err(ValidationErrors(vec![FieldError::new("taken_on", "Skriv datoen for netværkskortet.", "date is missing")])),
        }
    }
}

fn check_date(d: NaiveDate, frame: &MapFrame) -> Result<NaiveDate, String> {
    let Some(started_on) = frame.started_on else {
        return Err("Sagen er ikke iværksat. Netværkskortet tegnes fra iværksættelsen.".into());
    };
    if d < started_on {
        return Err(format!("Netværkskortet kan ikke være fra før sagens iværksættelse den {}.", danish::date(started_on)));
    }
    if let Some(closed) = frame.closed_on
        && d > closed
    {
        return Err(format!("Netværkskortet kan ikke være fra efter sagens afslutning den {}.", danish::date(closed)));
    }
    if d > frame.today {
        return Err("Datoen ligger i fremtiden.".into());
    }
    Ok(d)
}

impl NetworkMap {
    /// The rows that show this map in the form again (a new snapshot starts from the latest).
    pub fn to_draft(&self) -> Vec<PersonDraft> {
        self.people.iter().map(|p| PersonDraft { name: p.name.clone(), relation: p.relation.clone(), closeness: p.closeness.code().to_owned() }).collect()
    }
}

/// One person whose circle changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    pub name: String,
    pub relation: String,
    pub from: Closeness,
    pub to: Closeness,
}

/// What changed from one snapshot to a later one, each list in the order of the snapshot it
/// comes from (added, moved and unchanged: the later; removed: the earlier).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NetworkChanges {
    pub added: Vec<NetworkPerson>,
    pub removed: Vec<NetworkPerson>,
    pub closer: Vec<Moved>,
    pub further: Vec<Moved>,
    pub unchanged: Vec<NetworkPerson>,
}

impl NetworkChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.closer.is_empty() && self.further.is_empty()
    }
}

/// Compares two snapshots, matching people by name (`name_key`).
pub fn compare(earlier: &[NetworkPerson], later: &[NetworkPerson]) -> NetworkChanges {
    let find = |list: &[NetworkPerson], name: &str| list.iter().find(|p| name_key(&p.name) == name_key(name)).cloned();
    let mut changes = NetworkChanges::default();
    for person in later {
        match find(earlier, &person.name) {
            None => changes.added.push(person.clone()),
            Some(before) if before.closeness == person.closeness => changes.unchanged.push(person.clone()),
            Some(before) => {
                let moved = Moved { name: person.name.clone(), relation: person.relation.clone(), from: before.closeness, to: person.closeness };
                if person.closeness < before.closeness { changes.closer.push(moved) } else { changes.further.push(moved) }
            }
        }
    }
    changes.removed = earlier.iter().filter(|p| find(later, &p.name).is_none()).cloned().collect();
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    fn frame() -> MapFrame {
        MapFrame { started_on: Some(day(2022, 2, 1)), closed_on: None, today: day(2022, 9, 1) }
    }

    fn row(name: &str, relation: &str, closeness: &str) -> PersonDraft {
        PersonDraft { name: name.into(), relation: relation.into(), closeness: closeness.into() }
    }

    fn person(name: &str, closeness: Closeness) -> NetworkPerson {
        NetworkPerson { name: name.into(), relation: "Ven".into(), closeness }
    }

    #[test]
    fn a_map_is_read_and_empty_rows_ignored() {
        let d = NetworkDraft {
            taken_on: "01.03.2022".into(),
            people: vec![row(" Inge  Hansen ", "Mormor", "close"), row("", "", ""), row("Ali", "Nabo", "distant")],
        };
        let map = d.check(&frame()).expect("valid");
        assert_eq!(map.people.len(), 2);
        assert_eq!(map.people[0].name, "Inge Hansen");
        assert_eq!(map.people[1].closeness, Closeness::Distant);
    }

    #[test]
    fn bad_rows_are_named_by_number() {
        let d = NetworkDraft {
            taken_on: "01.03.2030".into(),
            people: vec![row("Inge", "Mormor", "close"), row("inge", "Moster", "medium"), row("", "Nabo", "far"), row("Bo", "", "close")],
        };
        let e = d.check(&frame()).expect_err("invalid");
        assert_eq!(e.0.iter().map(|f| f.field).collect::<Vec<_>>(), ["taken_on", "people"]);
        let m = &e.0[1].message_da;
        for part in ["Række 2", "Række 3", "Række 4"] {
            assert!(m.contains(part), "{m}");
        }
        assert!(!m.contains("Række 1"), "{m}");
        let empty = NetworkDraft { taken_on: "01.03.2022".into(), people: vec![row("", "", "")] };
        assert_eq!(empty.check(&frame()).expect_err("empty").0[0].field, "people");
        let early = NetworkDraft { taken_on: "31.01.2022".into(), people: vec![row("Inge", "Mormor", "close")] };
        assert_eq!(early.check(&frame()).expect_err("early").0[0].field, "taken_on");
    }

    #[test]
    fn compare_names_added_removed_closer_further() {
        let before = [person("Inge", Closeness::Close), person("Ali", Closeness::Distant), person("Bo", Closeness::Medium), person("Per", Closeness::Medium)];
        let after = [person("inge", Closeness::Medium), person("ALI", Closeness::Medium), person("Per", Closeness::Medium), person("Sara", Closeness::Close)];
        let c = compare(&before, &after);
        assert_eq!(c.added.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Sara"]);
        assert_eq!(c.removed.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Bo"]);
        assert_eq!(c.closer.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["ALI"]);
        assert_eq!(c.further.iter().map(|p| (p.name.as_str(), p.from, p.to)).collect::<Vec<_>>(), [("inge", Closeness::Close, Closeness::Medium)]);
        assert_eq!(c.unchanged.len(), 1);
        assert!(compare(&after, &after).is_empty());
    }

    fn people() -> impl Strategy<Value = Vec<NetworkPerson>> {
        proptest::collection::btree_map(0u8..12, 0usize..3, 0..10).prop_map(|m| {
            m.into_iter().map(|(n, c)| NetworkPerson { name: format!("Person {n}"), relation: "Ven".into(), closeness: Closeness::ALL[c] }).collect()
        })
    }

    proptest! {
        /// Every person of either snapshot is in exactly one list; reversing the comparison
        /// swaps added with removed and closer with further.
        #[test]
        fn compare_accounts_for_everyone_and_reverses(a in people(), b in people()) {
            let c = compare(&a, &b);
            prop_assert_eq!(c.added.len() + c.closer.len() + c.further.len() + c.unchanged.len(), b.len());
            prop_assert_eq!(c.removed.len() + c.closer.len() + c.further.len() + c.unchanged.len(), a.len());
            let r = compare(&b, &a);
            let names = |l: &[NetworkPerson]| l.iter().map(|p| p.name.clone()).collect::<std::collections::BTreeSet<_>>();
            let moved = |l: &[Moved]| l.iter().map(|p| p.name.clone()).collect::<std::collections::BTreeSet<_>>();
            prop_assert_eq!(names(&c.added), names(&r.removed));
            prop_assert_eq!(names(&c.removed), names(&r.added));
            prop_assert_eq!(moved(&c.closer), moved(&r.further));
            prop_assert_eq!(moved(&c.further), moved(&r.closer));
            for m in &c.closer { prop_assert!(m.to < m.from); }
            for m in &c.further { prop_assert!(m.to > m.from); }
            prop_assert!(compare(&a, &a).is_empty());
        }
    }
}
