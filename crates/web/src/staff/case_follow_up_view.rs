//! What the case page shows of its follow-ups: the due one with its state (overdue until it is
//! recorded as held, however many days pass), the held ones, and the choices of the form that
//! records one (`case_follow_ups`). Template: `staff/case_follow_ups.html`.

use familiehus_app::follow_ups::FollowUpsOfCase;
use familiehus_domain::danish;
use familiehus_domain::follow_up::FollowUpDecision;

pub struct HeldLine {
    pub number: i64,
    pub held_on: String,
    pub attendees: String,
    pub decision: String,
    pub note: String,
    pub recorded_by: String,
}

pub struct DecisionChoice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// What the case page's follow-up section shows.
#[derive(Default)]
pub struct FollowUpSection {
    /// `30.04.2022 (opfølgning nr. 1; statusrapport senest 16.04.2022)`; empty without a rule.
    pub due: String,
    pub state: &'static str,
    pub pressing: bool,
    pub held: Vec<HeldLine>,
    /// The form is offered on a running case to those who change cases.
    pub can_record: bool,
    pub decisions: Vec<DecisionChoice>,
}

impl FollowUpSection {
    /// `decision` is the decision the form had chosen (kept on a re-render).
    /// `reports_sent` are the follow-up numbers whose status report has been sent.
    pub fn new(f: FollowUpsOfCase, can_record: bool, decision: &str, reports_sent: &[i64]) -> Self {
        let (due, state, pressing) = match f.due {
            Some((d, state)) => (
                if reports_sent.contains(&i64::from(d.number)) {
                    format!("{} (opfølgning nr. {}; statusrapporten er sendt)", danish::date(d.due_on), d.number)
                } else {
                    format!("{} (opfølgning nr. {}; statusrapport senest {})", danish::date(d.due_on), d.number, danish::date(d.status_report_due_on))
                },
                state.label_da(),
                state.is_pressing(),
            ),
            None => (String::new(), "", false),
        };
        let held = f
            .held
            .into_iter()
            .map(|h| HeldLine {
                number: h.number,
                held_on: danish::date(h.held_on),
                attendees: h.attendees,
                decision: FollowUpDecision::from_code(&h.decision).map_or(h.decision.clone(), |d| d.label_da().to_owned()),
                note: h.note,
                recorded_by: h.recorded_by_name.unwrap_or_default(),
            })
            .collect();
        let decisions = FollowUpDecision::ALL.iter().map(|d| DecisionChoice { value: d.code(), label: d.label_da(), selected: decision == d.code() }).collect();
        Self { due, state, pressing, held, can_record, decisions }
    }
}
