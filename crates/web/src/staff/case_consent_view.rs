//! What the case page shows of the records its service's rules ask for: the consents and the
//! decision (§ 71.3), each with who recorded it and when, what is still missing before the
//! start or before a status report can be sent (`domain::service_rules::missing`), and the
//! forms' state (`case_consents` handles them). Template: `staff/case_consents.html`.

use familiehus_domain::{ServiceRules, danish, service_rules};
use familiehus_store::{RecordedConsent, RecordedDecision};

pub struct ConsentLine {
    pub given_on: String,
    pub given_by: String,
    pub recorded: String,
}

pub struct DecisionView {
    pub decided_on: String,
    pub frequency: String,
    pub duration: String,
    pub supervisor: String,
    pub recorded: String,
}

/// The case page's section; not shown when the service asks for neither record, none is
/// recorded and the user may not record one.
#[derive(Default)]
pub struct Section {
    pub shown: bool,
    pub consents: Vec<ConsentLine>,
    pub decision: Option<DecisionView>,
    /// "Samtykke mangler, før statusrapporten kan sendes.", one line per missing record.
    pub missing: Vec<&'static str>,
    /// Offered to those who change cases on a case that is not closed.
    pub can_record: bool,
    /// The decision form is offered where the service needs one (or one is recorded).
    pub decision_form: bool,
}

fn recorded(at: &str, by: Option<&str>) -> String {
    match by {
        Some(name) => format!("{name}, {}", danish::timestamp(at)),
        None => danish::timestamp(at),
    }
}

impl Section {
    pub fn new(rules: &ServiceRules, started: bool, consents: Vec<RecordedConsent>, decision: Option<RecordedDecision>, can_record: bool) -> Self {
        let missing = service_rules::missing(rules, started, !consents.is_empty(), decision.is_some());
        let asks = rules.requires_consent || rules.requires_decision || rules.consent_before_report;
        Section {
            // Any case may record a consent (the case's own papers); the section is left out
            // only where there is nothing to show and nothing the user may record.
            shown: asks || can_record || !consents.is_empty() || decision.is_some(),
            decision_form: rules.requires_decision || decision.is_some(),
            consents: consents
                .into_iter()
                .map(|c| ConsentLine {
                    given_on: danish::date(c.given_on),
                    recorded: recorded(&c.recorded_at, c.recorded_by_name.as_deref()),
                    given_by: c.given_by,
                })
                .collect(),
            decision: decision.map(|d| DecisionView {
                decided_on: danish::date(d.decided_on),
                recorded: recorded(&d.recorded_at, d.recorded_by_name.as_deref()),
                frequency: d.frequency,
                duration: d.duration,
                supervisor: d.supervisor,
            }),
            missing,
            can_record,
        }
    }
}
