//! The access log's hash chain: each event's hash covers its content and the previous event's
//! hash, so changing, removing or reordering any stored event breaks every hash after it.

use sha2::{Digest, Sha256};

/// What an access-log event records: a read or a change of personal data, or a refusal.
/// The code is what is stored (and hashed), so codes never change once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    ReadCase,
    ReadPerson,
    SearchPersons,
    ReadWaitingList,
    EnrolCase,
    StartCase,
    CloseCase,
    ReopenCase,
    RecordFollowUp,
    AssignCase,
    /// A case (and its person's name) shown in a list: the case list, the front page.
    ListCase,
    /// A request refused (403): who tried what, and which case or person it concerned.
    Refused,
    CreateUser,
    ChangeUser,
    DeactivateUser,
    ReactivateUser,
    /// A person's insight document was produced (GDPR art. 15).
    ProduceInsight,
    /// A person's identity was removed after the retention period.
    AnonymisePerson,
    /// A citizen's enquiry was opened (its text and contact details shown).
    ReadEnquiry,
    /// An enquiry became a case on the service's waiting list.
    AcceptEnquiry,
    /// An enquiry was answered and closed without a case.
    CloseEnquiry,
    /// An enquiry's text and contact details were erased after the retention period.
    EraseEnquiry,
    /// A contact written in the case's journal.
    AddJournalEntry,
    /// A journal entry corrected (a new version; the earlier ones are kept).
    CorrectJournalEntry,
    /// The case's journal read on its own (the API; the case page's read covers the page).
    ReadJournal,
    /// A status report drafted, edited, approved or sent (the detail says which).
    WriteStatusReport,
    /// A status report opened (its text shown).
    ReadStatusReport,
    AddGoal,
    EndGoal,
    RateGoals,
    AddScore,
    ReadMeasurements,
    /// A case enrolled from the waiting list into a group course.
    EnrolInGroup,
    /// The case's place in a group course ended (its seat freed).
    EndParticipation,
    /// Attendance at a group session recorded for the case.
    RecordAttendance,
    /// A group course's page showed the case's person (participant or waiting).
    ReadGroupCourse,
    /// A pre-talk (forsamtale) recorded on the case.
    RecordPreTalk,
    /// The case's referral note or source corrected (the earlier value kept in its history).
    CorrectCaseDetails,
    /// A person added to the family around the case's child.
    AddFamilyMember,
    /// A family member's details overwritten (the log keeps that it happened, and by whom).
    ChangeFamilyMember,
    RemoveFamilyMember,
    /// The family around the child shown on its own page or through the API.
    ReadFamily,
    AddAttachment,
    /// An attachment downloaded (its content shown).
    OpenAttachment,
    RecordConsent,
    /// A strengthened family treatment case's phases shown on their own page or the API.
    ReadPhases,
    SavePhases,
    /// The network maps around the family shown (names of people outside the case).
    ReadNetworkMap,
    AddNetworkMap,
    /// The family-readable log shown or printed.
    ReadFamilyLog,
}

crate::catalogue::codes!(AuditAction {
    ReadCase => "read_case", "Så sagen";
    ReadPerson => "read_person", "Så personen";
    SearchPersons => "search_persons", "Søgte efter personer";
    ReadWaitingList => "read_waiting_list", "Så ventelisten";
    EnrolCase => "enrol_case", "Henviste sagen";
    StartCase => "start_case", "Iværksatte sagen";
    CloseCase => "close_case", "Afsluttede sagen";
    ReopenCase => "reopen_case", "Genåbnede sagen";
    RecordFollowUp => "record_follow_up", "Registrerede en opfølgning";
    AssignCase => "assign_case", "Tildelte sagen";
    ListCase => "list_case", "Så sagen på en liste";
    Refused => "refused", "Blev afvist";
    CreateUser => "create_user", "Oprettede en bruger";
    ChangeUser => "change_user", "Ændrede en bruger";
    DeactivateUser => "deactivate_user", "Deaktiverede en bruger";
    ReactivateUser => "reactivate_user", "Genaktiverede en bruger";
    ProduceInsight => "produce_insight", "Dannede indsigt i personens oplysninger";
    AnonymisePerson => "anonymise_person", "Anonymiserede personen efter opbevaringstiden";
    ReadEnquiry => "read_enquiry", "Så henvendelsen";
    AcceptEnquiry => "accept_enquiry", "Oprettede henvendelsen som sag";
    CloseEnquiry => "close_enquiry", "Besvarede og lukkede henvendelsen";
    EraseEnquiry => "erase_enquiry", "Slettede henvendelsens oplysninger efter opbevaringstiden";
    AddJournalEntry => "add_journal_entry", "Skrev i journalen";
    CorrectJournalEntry => "correct_journal_entry", "Rettede et journalnotat";
    ReadJournal => "read_journal", "Så journalen";
    WriteStatusReport => "write_status_report", "Skrev, godkendte eller sendte en statusrapport";
    ReadStatusReport => "read_status_report", "Så en statusrapport";
    AddGoal => "add_goal", "Satte et mål";
    EndGoal => "end_goal", "Afsluttede et mål";
    RateGoals => "rate_goals", "Vurderede målene";
    AddScore => "add_score", "Registrerede en måling";
    ReadMeasurements => "read_measurements", "Så mål og målinger";
    EnrolInGroup => "enrol_in_group", "Optog sagen i et gruppeforløb";
    EndParticipation => "end_participation", "Stoppede sagens plads i et gruppeforløb";
    RecordAttendance => "record_attendance", "Registrerede fremmøde";
    ReadGroupCourse => "read_group_course", "Så sagen i et gruppeforløb";
    RecordPreTalk => "record_pre_talk", "Registrerede en forsamtale";
    CorrectCaseDetails => "correct_case_details", "Rettede sagens oplysninger";
    AddFamilyMember => "add_family_member", "Tilføjede en person i familien";
    ChangeFamilyMember => "change_family_member", "Rettede en person i familien";
    RemoveFamilyMember => "remove_family_member", "Fjernede en person fra familien";
    ReadFamily => "read_family", "Så familien omkring barnet";
    AddAttachment => "add_attachment", "Tilføjede et bilag";
    OpenAttachment => "open_attachment", "Åbnede et bilag";
    RecordConsent => "record_consent", "Registrerede samtykke eller afgørelse";
    ReadPhases => "read_phases", "Så faserne";
    SavePhases => "save_phases", "Registrerede faserne";
    ReadNetworkMap => "read_network_map", "Så netværkskortet";
    AddNetworkMap => "add_network_map", "Tegnede et netværkskort";
    ReadFamilyLog => "read_family_log", "Så familiens log";
});

impl AuditAction {
    /// Danish wording of a stored code for "Hvem har set sagen"; an unknown code (from a newer
    /// version) is shown as it is rather than hidden.
    pub fn label_da_of(code: &str) -> &str {
        match AuditAction::from_code(code) {
            Some(action) => action.label_da(),
            None => code,
        }
    }
}

/// The hash of the (imaginary) event before the first.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The parts of an event that the hash covers, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditContent<'a> {
    pub at: &'a str,
    pub user_id: Option<i64>,
    pub action: &'a str,
    pub person_id: Option<i64>,
    pub case_id: Option<i64>,
    pub detail: &'a str,
    pub remote: &'a str,
}

/// SHA-256 over the previous hash and the content, fields separated by a unit separator so that
/// no two different events serialise alike.
pub fn chain_hash(previous: &str, e: &AuditContent<'_>) -> String {
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let parts = [previous, e.at, &opt(e.user_id), e.action, &opt(e.person_id), &opt(e.case_id), e.detail, e.remote];
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// Where a chain first breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("access log chain broken at event {event_id}")]
pub struct ChainBroken {
    pub event_id: i64,
}

/// Verifies stored events in order: `(id, content, stored hash)`. Returns the count checked.
pub fn verify<'a>(events: impl IntoIterator<Item = (i64, AuditContent<'a>, &'a str)>) -> Result<u64, ChainBroken> {
    let mut previous = GENESIS.to_owned();
    let mut n = 0;
    for (id, content, stored) in events {
        let expected = chain_hash(&previous, &content);
        if expected != stored {
            return Err(ChainBroken { event_id: id });
        }
        previous = expected;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(detail: &str) -> AuditContent<'_> {
        AuditContent { at: "2026-11-25T08:00:00Z", user_id: Some(1), action: "read_case", person_id: Some(2), case_id: Some(3), detail, remote: "127.0.0.1" }
    }

    #[test]
    fn a_changed_event_breaks_the_chain_from_there() {
        let a = chain_hash(GENESIS, &event("a"));
        let b = chain_hash(&a, &event("b"));
        assert_eq!(verify([(1, event("a"), a.as_str()), (2, event("b"), b.as_str())]), Ok(2));
        assert_eq!(verify([(1, event("x"), a.as_str()), (2, event("b"), b.as_str())]), Err(ChainBroken { event_id: 1 }));
        assert_eq!(verify([(2, event("b"), b.as_str())]), Err(ChainBroken { event_id: 2 }), "removing the first event is detected");
    }

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        let one = AuditContent { detail: "ab", remote: "", ..event("") };
        let two = AuditContent { detail: "a", remote: "b", ..event("") };
        assert_ne!(chain_hash(GENESIS, &one), chain_hash(GENESIS, &two));
    }
}
