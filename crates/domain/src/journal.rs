//! The case journal (contacts): what one contact with a family is (kind, date, start time,
//! minutes, place, participants by role, one or two practitioners, a note) and the rules a new
//! entry or a correction must meet. Entries are never overwritten: a correction is a new
//! version (`store` keeps every version), so the rules here apply to each version alike.
//! Every problem is answered at its field, in Danish, and all of them at once.

use crate::danish;
use crate::validation::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    Talk,
    HomeVisit,
    Meeting,
    GroupSession,
    Phone,
    Mail,
}

crate::catalogue::codes!(ContactKind {
    Talk => "talk", "Samtale";
    HomeVisit => "home_visit", "Hjemmebesøg";
    Meeting => "meeting", "Møde";
    GroupSession => "group_session", "Gruppesession";
    Phone => "phone", "Telefon";
    Mail => "mail", "Mail";
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactPlace {
    Home,
    Unit,
    School,
    Shelter,
    Online,
    Other,
}

crate::catalogue::codes!(ContactPlace {
    Home => "home", "Hjemmet";
    Unit => "unit", "Enheden";
    School => "school", "Skolen";
    Shelter => "shelter", "Krisecenter";
    Online => "online", "Online";
    Other => "other", "Andet";
});

/// Who took part besides the practitioners, by role (never by name: names belong to the case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Participant {
    Child,
    Parents,
    /// The mother (or the father) by name of role: the reach figures count fathers taking
    /// part. Older contacts say `Parents` and stay valid.
    Mother,
    Father,
    FosterParents,
    Network,
    OtherProfessionals,
}

crate::catalogue::codes!(Participant {
    Child => "child", "Barnet";
    Parents => "parents", "Forældre";
    Mother => "mother", "Mor";
    Father => "father", "Far";
    FosterParents => "foster_parents", "Plejeforældre";
    Network => "network", "Netværk";
    OtherProfessionals => "other_professionals", "Andre fagpersoner";
});

/// Longest contact accepted: ten hours (a day of intensive treatment), so a typo of an extra
/// digit (`6000`) is refused rather than counted in the hours.
pub const MAX_MINUTES: u16 = 600;
/// Two practitioners on one contact is normal; more is not a journal entry but a meeting note.
pub const MAX_PRACTITIONERS: usize = 2;
/// A note longer than this is pasted text, not a journal note.
pub const MAX_NOTE_CHARS: usize = 20_000;
/// A multi-family group in strengthened family treatment has at most 8 families (the note's
/// element 6), this case's family included.
pub const MAX_GROUP_FAMILIES: usize = 8;
/// …and always two professionals.
pub const MIN_GROUP_STAFF: usize = 2;

/// A start time of day in Danish local time, written `14.05`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StartTime {
    hour: u8,
    minute: u8,
}

impl StartTime {
    pub const MIDNIGHT: StartTime = StartTime { hour: 0, minute: 0 };

    pub fn new(hour: u8, minute: u8) -> Option<Self> {
        (hour < 24 && minute < 60).then_some(Self { hour, minute })
    }

    /// Reads `14.05`, `9.30` or `14:05` (the colon is what a phone keyboard offers); the minutes
    /// always have two digits.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let (h, m) = t.split_once(['.', ':'])?;
        let digits = |p: &str, min: usize, max: usize| (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(h, 1, 2) || !digits(m, 2, 2) {
            return None;
        }
        Self::new(h.parse().ok()?, m.parse().ok()?)
    }

    pub fn hour(self) -> u8 {
        self.hour
    }

    pub fn minute(self) -> u8 {
        self.minute
    }
}

impl std::fmt::Display for StartTime {
    /// `14.05`, as the page shows it and the form takes it back.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}.{:02}", self.hour, self.minute)
    }
}

/// One version of a journal entry, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub kind: ContactKind,
    pub occurred_on: NaiveDate,
    #[serde(serialize_with = "start_as_text")]
    pub start: StartTime,
    pub minutes: u16,
    pub place: ContactPlace,
    /// Sorted, without repeats.
    pub participants: Vec<Participant>,
    /// User ids, one or two, without repeats; the first is the one who led the contact.
    pub practitioners: Vec<i64>,
    pub note: String,
    /// Flexible time (outside the planned schedule, e.g. a visit at 06.30) rather than planned;
    /// planned is the default (strengthened family treatment's 70/30 split).
    pub flexible: bool,
    /// The family may read this entry: it is on their printable log.
    pub family_may_read: bool,
    /// A multi-family group session: the other families' cases, ascending, never this case.
    pub group_cases: Vec<i64>,
}

fn start_as_text<S: serde::Serializer>(start: &StartTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&start.to_string())
}

/// A contact as typed (form) or sent (JSON), before any check: every field as text, so that a
/// refused form can be shown again exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactDraft {
    pub kind: String,
    /// `26.04.2022` or `2022-04-26`.
    pub occurred_on: String,
    /// `14.05`.
    pub start_time: String,
    pub minutes: String,
    pub place: String,
    /// Participant codes.
    pub participants: Vec<String>,
    /// User ids as text; empty ones are ignored (the form's "Ingen" in the second choice).
    pub practitioners: Vec<String>,
    pub note: String,
    pub flexible: bool,
    pub family_may_read: bool,
    /// The other families' case numbers, separated by commas or spaces.
    pub group_cases: String,
}

/// What the case and its service say about the contacts it may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JournalFrame {
    /// No contact before the case started; `None` (not started) refuses every contact.
    pub started_on: Option<NaiveDate>,
    /// No contact after the closure.
    pub closed_on: Option<NaiveDate>,
    /// The Danish date today: no contact in the future.
    pub today: NaiveDate,
    /// The service keeps no written notes (`ServiceRules::no_notes`).
    pub no_notes: bool,
    /// The service is strengthened family treatment (`ServiceRules::family_treatment`): its
    /// group sessions may list other families and need two practitioners.
    pub family_treatment: bool,
    /// The case the contact is written in (never one of its own group's other families).
    pub case_id: i64,
}

impl ContactDraft {
    /// Checks every field against the frame; all problems at once, each at its field.
    pub fn check(&self, frame: &JournalFrame) -> Result<Contact, ValidationErrors> {
        let mut errors = Vec::new();
        let mut err = |field: &'static str, da: &str, en: &str| errors.push(FieldError::new(field, da, en));

        let kind = ContactKind::from_code(self.kind.trim());
        if kind.is_none() {
            err("kind", "Vælg kontaktens art.", "unknown contact kind");
        }
        let occurred_on = match danish::read_date(&self.occurred_on) {
            Ok(d) => check_date(d, frame).map_err(|(da, en)| err("occurred_on", &da, en)).ok(),
            Err(_) if self.occurred_on.trim().is_empty() => {
                err("occurred_on", "Skriv datoen for kontakten.", "date is missing");
                None
            }
            Err(p) => {
                err("occurred_on", p.message_da(), "date is unreadable");
                None
            }
        };
        let start = StartTime::parse(&self.start_time);
        if start.is_none() {
            err("start_time", "Skriv starttidspunktet som TT.MM, fx 14.05.", "start time must be HH.MM");
        }
        let minutes = match self.minutes.trim().parse::<i64>() {
            Ok(m) if (1..=i64::from(MAX_MINUTES)).contains(&m) => u16::try_from(m).ok(),
            Ok(_) => {
                err("minutes", &format!("Varigheden skal være mellem 1 og {MAX_MINUTES} minutter."), "minutes out of range");
                None
            }
            Err(_) => {
                err("minutes", "Skriv varigheden som et helt antal minutter, fx 60.", "minutes must be a whole number");
                None
            }
        };
        let place = ContactPlace::from_code(self.place.trim());
        if place.is_none() {
            err("place", "Vælg hvor kontakten foregik.", "unknown place");
        }
        let mut participants = Vec::new();
        for code in &self.participants {
            match Participant::from_code(code.trim()) {
                Some(p) => participants.push(p),
                None => err("participants", "Vælg deltagerne på listen.", "unknown participant"),
            }
        }
        participants.sort();
        participants.dedup();
        let practitioners = read_practitioners(&self.practitioners).map_err(|(da, en)| err("practitioners", da, en)).unwrap_or_default();
        let note = self.note.trim().to_owned();
        if frame.no_notes && !note.is_empty() {
            err("note", "Indsatsen fører ikke skriftlige notater. Lad notatfeltet være tomt.", "the service keeps no written notes");
        } else if note.chars().count() > MAX_NOTE_CHARS {
            err("note", &format!("Notatet må højst være {MAX_NOTE_CHARS} tegn."), "note too long");
        }
        let group_session = frame.family_treatment && kind == Some(ContactKind::GroupSession);
        let group_cases = read_group_cases(&self.group_cases, group_session, frame.case_id)
            .map_err(|da| err("group_cases", &da, "invalid group families"))
            .unwrap_or_default();
        if group_session && !practitioners.is_empty() && practitioners.len() < MIN_GROUP_STAFF {
            err(
                "practitioners",
                "En gruppesession i styrket familiebehandling har altid to behandlere. Vælg den anden behandler.",
                "a group session needs two practitioners",
            );
        }
        ValidationErrors::check(errors)?;
        let (flexible, family_may_read) = (self.flexible, self.family_may_read);
        match (kind, occurred_on, start, minutes, place) {
            (Some(kind), Some(occurred_on), Some(start), Some(minutes), Some(place)) => {
                Ok(Contact { kind, occurred_on, start, minutes, place, participants, practitioners, note, flexible, family_may_read, group_cases })
            }
            // Every `None` above added an error, so this is unreachable in practice; answer it
            // as invalid rather than panic.
            _ => Err(ValidationErrors(vec![FieldError::new("kind", "Kontakten kunne ikke læses.", "contact unreadable")])),
        }
    }
}

/// The date's place in the case's course: not before the start, not after the closure, not
/// in the future.
fn check_date(d: NaiveDate, frame: &JournalFrame) -> Result<NaiveDate, (String, &'static str)> {
    let Some(started_on) = frame.started_on else {
        return Err(("Sagen er ikke iværksat. Kontakter skrives i journalen fra iværksættelsen.".into(), "case not started"));
    };
    if d < started_on {
        return Err((format!("Kontakten kan ikke ligge før sagens iværksættelse den {}.", danish::date(started_on)), "before the case started"));
    }
    if let Some(closed_on) = frame.closed_on
        && d > closed_on
    {
        return Err((format!("Kontakten kan ikke ligge efter sagens afslutning den {}.", danish::date(closed_on)), "after the case closed"));
    }
    if d > frame.today {
        return Err(("Datoen ligger i fremtiden. Journalen skrives om kontakter, der har fundet sted.".into(), "date in the future"));
    }
    Ok(d)
}

/// The other families of a group session as case numbers: only on a group session of
/// strengthened family treatment, each once, never the case itself, at most 8 families in all.
fn read_group_cases(text: &str, group_session: bool, case_id: i64) -> Result<Vec<i64>, String> {
    let mut ids = Vec::new();
    for t in text.split([',', ';', ' ', '\n', '\t']).map(str::trim).filter(|t| !t.is_empty()) {
        let id =
            t.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| format!("»{t}« er ikke et sagsnummer. Skriv sagsnumrene som tal adskilt af komma."))?;
        if id == case_id {
            return Err("Skriv de andre familiers sager; denne sag er allerede med.".into());
        }
        if ids.contains(&id) {
            return Err(format!("Sag {id} står der to gange."));
        }
        ids.push(id);
    }
    if !ids.is_empty() && !group_session {
        return Err("Andre familier kan kun skrives på en gruppesession i styrket familiebehandling.".into());
    }
    if ids.len() + 1 > MAX_GROUP_FAMILIES {
        return Err(format!("En gruppe har højst {MAX_GROUP_FAMILIES} familier: denne og højst {} andre.", MAX_GROUP_FAMILIES - 1));
    }
    ids.sort_unstable();
    Ok(ids)
}

fn read_practitioners(texts: &[String]) -> Result<Vec<i64>, (&'static str, &'static str)> {
    let mut ids = Vec::new();
    for t in texts.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        let id = t.parse::<i64>().map_err(|_| ("Vælg behandlerne på listen.", "practitioner id unreadable"))?;
        if ids.contains(&id) {
            return Err(("Vælg to forskellige behandlere, eller kun én.", "the same practitioner twice"));
        }
        ids.push(id);
    }
    match ids.len() {
        0 => Err(("Vælg mindst én behandler.", "no practitioner")),
        n if n > MAX_PRACTITIONERS => Err(("Der kan højst være to behandlere på en kontakt.", "more than two practitioners")),
        _ => Ok(ids),
    }
}

impl Contact {
    /// The draft that shows this contact in a form again (the correction form starts from it).
    pub fn to_draft(&self) -> ContactDraft {
        ContactDraft {
            kind: self.kind.code().to_owned(),
            occurred_on: danish::date(self.occurred_on),
            start_time: self.start.to_string(),
            minutes: self.minutes.to_string(),
            place: self.place.code().to_owned(),
            participants: self.participants.iter().map(|p| p.code().to_owned()).collect(),
            practitioners: self.practitioners.iter().map(i64::to_string).collect(),
            note: self.note.clone(),
            flexible: self.flexible,
            family_may_read: self.family_may_read,
            group_cases: self.group_cases.iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    fn frame() -> JournalFrame {
        JournalFrame { started_on: Some(day(2022, 2, 1)), closed_on: None, today: day(2022, 4, 26), no_notes: false, family_treatment: false, case_id: 1 }
    }

    fn draft() -> ContactDraft {
        ContactDraft {
            kind: "home_visit".into(),
            occurred_on: "20.04.2022".into(),
            start_time: "14.05".into(),
            minutes: "90".into(),
            place: "home".into(),
            participants: vec!["parents".into(), "child".into(), "child".into()],
            practitioners: vec!["7".into(), "9".into()],
            note: "  Mor fortalte om ugen.  ".into(),
            ..Default::default()
        }
    }

    fn fields(draft: &ContactDraft, frame: &JournalFrame) -> Vec<&'static str> {
        match draft.check(frame) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(|f| f.field).collect(),
        }
    }

    #[test]
    fn a_home_visit_with_two_practitioners_is_read() {
        let c = draft().check(&frame()).expect("valid");
        assert_eq!(c.kind, ContactKind::HomeVisit);
        assert_eq!(c.start, StartTime::new(14, 5).expect("time"));
        assert_eq!(c.participants, vec![Participant::Child, Participant::Parents]);
        assert_eq!(c.practitioners, vec![7, 9]);
        assert_eq!(c.note, "Mor fortalte om ugen.");
        assert_eq!(c.to_draft().check(&frame()), Ok(c));
    }

    #[test]
    fn dates_outside_the_course_are_refused_at_the_date() {
        for d in ["31.01.2022", "27.04.2022", "2022-01-31", "31.02.2022", "", "1.2.22"] {
            assert_eq!(fields(&ContactDraft { occurred_on: d.into(), ..draft() }, &frame()), ["occurred_on"], "{d}");
        }
        let closed = JournalFrame { closed_on: Some(day(2022, 3, 1)), ..frame() };
        assert_eq!(fields(&ContactDraft { occurred_on: "02.03.2022".into(), ..draft() }, &closed), ["occurred_on"]);
        assert_eq!(fields(&ContactDraft { occurred_on: "01.03.2022".into(), ..draft() }, &closed), Vec::<&str>::new());
        let waiting = JournalFrame { started_on: None, ..frame() };
        assert_eq!(fields(&draft(), &waiting), ["occurred_on"]);
        // The first and the last day of the course are inside it.
        assert_eq!(fields(&ContactDraft { occurred_on: "01.02.2022".into(), ..draft() }, &frame()), Vec::<&str>::new());
        assert_eq!(fields(&ContactDraft { occurred_on: "26.04.2022".into(), ..draft() }, &frame()), Vec::<&str>::new());
    }

    #[test]
    fn minutes_must_be_between_one_and_six_hundred() {
        for m in ["-5", "0", "601", "10000", "1,5", "", "en time"] {
            assert_eq!(fields(&ContactDraft { minutes: m.into(), ..draft() }, &frame()), ["minutes"], "{m}");
        }
        for m in ["1", "600", " 45 "] {
            assert!(draft_with_minutes(m).check(&frame()).is_ok(), "{m}");
        }
    }

    fn draft_with_minutes(m: &str) -> ContactDraft {
        ContactDraft { minutes: m.into(), ..draft() }
    }

    #[test]
    fn a_no_notes_service_refuses_note_text_but_takes_the_contact() {
        let no_notes = JournalFrame { no_notes: true, ..frame() };
        assert_eq!(fields(&draft(), &no_notes), ["note"]);
        assert!(ContactDraft { note: " \n ".into(), ..draft() }.check(&no_notes).is_ok());
    }

    #[test]
    fn practitioners_one_or_two_different() {
        for p in [vec![], vec!["".to_owned()], vec!["7".into(), "7".into()], vec!["1".into(), "2".into(), "3".into()], vec!["x".into()]] {
            assert_eq!(fields(&ContactDraft { practitioners: p.clone(), ..draft() }, &frame()), ["practitioners"], "{p:?}");
        }
        let one = ContactDraft { practitioners: vec!["7".into(), "".into()], ..draft() }.check(&frame()).expect("one");
        assert_eq!(one.practitioners, vec![7]);
    }

    #[test]
    fn closed_lists_and_every_problem_at_once() {
        let bad = ContactDraft {
            kind: "besøg".into(),
            occurred_on: "01.01.2030".into(),
            start_time: "25.00".into(),
            minutes: "-5".into(),
            place: "bilen".into(),
            participants: vec!["naboen".into()],
            practitioners: vec![],
            note: String::new(),
            ..Default::default()
        };
        assert_eq!(fields(&bad, &frame()), ["kind", "occurred_on", "start_time", "minutes", "place", "participants", "practitioners"]);
    }

    #[test]
    fn start_times() {
        assert_eq!(StartTime::parse("9.30"), StartTime::new(9, 30));
        assert_eq!(StartTime::parse("14:05"), StartTime::new(14, 5));
        assert_eq!(StartTime::parse("00.00"), StartTime::new(0, 0));
        assert_eq!(StartTime::parse("23.59").map(|t| t.to_string()), Some("23.59".to_owned()));
        for bad in ["24.00", "12.60", "12.5", "1205", "12", "", "-1.30", "12.05.", "١٢.٠٥", "+1.30"] {
            assert_eq!(StartTime::parse(bad), None, "{bad}");
        }
    }

    fn group(others: &str, practitioners: &[&str]) -> ContactDraft {
        ContactDraft {
            kind: "group_session".into(),
            place: "unit".into(),
            group_cases: others.into(),
            practitioners: practitioners.iter().map(|p| (*p).to_owned()).collect(),
            ..draft()
        }
    }

    #[test]
    fn a_family_treatment_group_session_lists_at_most_eight_families_and_two_staff() {
        let sft = JournalFrame { family_treatment: true, case_id: 10, ..frame() };
        let c = group("14, 12 13;15 16 17 18", &["7", "9"]).check(&sft).expect("eight families");
        assert_eq!(c.group_cases, vec![12, 13, 14, 15, 16, 17, 18]);
        assert_eq!(c.to_draft().check(&sft), Ok(c));
        assert_eq!(fields(&group("12 13 14 15 16 17 18 19", &["7", "9"]), &sft), ["group_cases"], "nine families");
        assert_eq!(fields(&group("12", &["7"]), &sft), ["practitioners"], "one practitioner");
        assert_eq!(fields(&group("", &["7"]), &sft), ["practitioners"], "a group session always has two");
        for bad in ["10", "12, 12", "12a", "-3", "0"] {
            assert_eq!(fields(&group(bad, &["7", "9"]), &sft), ["group_cases"], "{bad}");
        }
        // Other families only on a group session of such a service.
        assert_eq!(fields(&group("12", &["7", "9"]), &frame()), ["group_cases"]);
        assert_eq!(fields(&ContactDraft { group_cases: "12".into(), ..draft() }, &sft), ["group_cases"]);
        // One practitioner is fine on an ordinary group session and on an individual contact.
        assert!(group("", &["7"]).check(&frame()).is_ok());
        assert!(ContactDraft { practitioners: vec!["7".into()], ..draft() }.check(&sft).is_ok());
    }

    #[test]
    fn flexible_and_family_may_read_are_kept() {
        let c = ContactDraft { flexible: true, family_may_read: true, ..draft() }.check(&frame()).expect("valid");
        assert!(c.flexible && c.family_may_read);
        let plain = draft().check(&frame()).expect("valid");
        assert!(!plain.flexible && !plain.family_may_read, "planned and internal by default");
    }

    proptest! {
        /// Any number of distinct other cases is accepted on a family-treatment group session
        /// with two practitioners exactly when the group has at most 8 families.
        #[test]
        fn group_size_rule(others in proptest::collection::btree_set(11i64..200, 0..12)) {
            let sft = JournalFrame { family_treatment: true, case_id: 10, ..frame() };
            let text = others.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            prop_assert_eq!(group(&text, &["7", "9"]).check(&sft).is_ok(), others.len() < MAX_GROUP_FAMILIES);
        }

        /// Every time the form could show reads back as itself, and no text panics.
        #[test]
        fn start_time_round_trips(h in 0u8..24, m in 0u8..60, junk in ".{0,8}") {
            let t = StartTime::new(h, m).expect("in range");
            prop_assert_eq!(StartTime::parse(&t.to_string()), Some(t));
            let _ = StartTime::parse(&junk);
        }

        /// A date is accepted exactly when it lies in the course: from the start to the
        /// closure (or today, if earlier), both included.
        #[test]
        fn date_accepted_exactly_inside_the_course(start in 0i64..400, length in proptest::option::of(0i64..400), offset in -50i64..900) {
            let base = day(2021, 1, 1);
            let today = day(2022, 4, 26);
            let started_on = base + chrono::Duration::days(start);
            let closed_on = length.map(|l| started_on + chrono::Duration::days(l));
            let on = base + chrono::Duration::days(offset);
            let frame = JournalFrame { started_on: Some(started_on), closed_on, today, ..frame() };
            let inside = on >= started_on && closed_on.is_none_or(|c| on <= c) && on <= today;
            let d = ContactDraft { occurred_on: danish::date(on), ..draft() };
            prop_assert_eq!(d.check(&frame).is_ok(), inside);
        }
    }
}
