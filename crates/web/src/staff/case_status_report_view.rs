//! What the case page shows of its status reports: each report's period and state with a link,
//! and the form that drafts a new one for a period (`case_status_reports`). Template:
//! `staff/case_status_reports.html`. Field ids carry `sr_`.

use familiehus_domain::danish;
use familiehus_store::StatusReport;

pub struct ReportLine {
    pub id: i64,
    pub period: String,
    pub state: &'static str,
    pub written_by: String,
}

#[derive(Default)]
pub struct StatusReportSection {
    pub reports: Vec<ReportLine>,
    /// The draft form is offered on a running case to those who change cases.
    pub can_draft: bool,
}

impl StatusReportSection {
    pub fn new(reports: &[StatusReport], can_draft: bool) -> Self {
        let reports = reports
            .iter()
            .map(|r| ReportLine {
                id: r.id,
                period: format!("{}–{}", danish::date(r.period_from), danish::date(r.period_to)),
                state: r.state.label_da(),
                written_by: r.written_by.clone().unwrap_or_default(),
            })
            .collect();
        Self { reports, can_draft }
    }
}
