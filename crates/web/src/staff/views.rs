//! Small display types shared by the staff pages: a case as a table row, dates and CPR numbers
//! formatted the Danish way, masked unless the actor may see them in full.

use familiehus_domain::{Actor, Cpr, Permission, danish};
use familiehus_store::CaseRecord;

pub struct CaseRow {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub service_id: i64,
    pub service_name: String,
    pub state: &'static str,
    pub enrolled_on: String,
    pub started_on: String,
    pub closed_on: String,
}

impl From<&CaseRecord> for CaseRow {
    fn from(r: &CaseRecord) -> Self {
        CaseRow {
            id: r.id,
            person_id: r.person_id,
            person_name: r.person_name.clone(),
            service_id: r.service_id,
            service_name: r.service_name.clone(),
            state: r.state.label_da(),
            enrolled_on: danish::date(r.case.enrolled_on()),
            started_on: opt_date(r.case.started_on()),
            closed_on: opt_date(r.case.closed_on()),
        }
    }
}

pub fn rows(records: &[CaseRecord]) -> Vec<CaseRow> {
    records.iter().map(CaseRow::from).collect()
}

pub fn opt_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(danish::date).unwrap_or_default()
}

/// `DDMMYY-xxxx`, or in full for roles that need it; empty without a CPR number.
pub fn cpr_text(cpr: Option<&Cpr>, actor: &Actor) -> String {
    match cpr {
        Some(c) if actor.allows(Permission::SeeFullCpr) => c.full(),
        Some(c) => c.masked(),
        None => String::new(),
    }
}
