//! The leader's front page section "Sager ude af kurs" (`templates/staff/off_track.html`): the
//! unit's running cases whose ORS/SRS scores raise an off-track flag, each with the rules it
//! breaks in words (`domain::off_track`), from `familiehus_app::measurements::flagged_cases`,
//! which logs every case it returns.

use super::case_measurement_view::{FlagLine, flag_lines};
use familiehus_app::measurements::FlaggedCase;

pub struct OffTrackLine {
    pub case_id: i64,
    pub person_name: String,
    pub service_name: String,
    pub flags: Vec<FlagLine>,
}

pub fn lines(cases: Vec<FlaggedCase>) -> Vec<OffTrackLine> {
    cases
        .into_iter()
        .map(|c| OffTrackLine { case_id: c.record.id, person_name: c.record.person_name, service_name: c.record.service_name, flags: flag_lines(&c.flags) })
        .collect()
}
