//! `/personer/{id}/indsigt`: a person's insight document (GDPR art. 15), printable, in plain
//! Danish. What goes into it, who may produce it and the log entry are
//! `familiehus_app::insight`; this page only lays it out.

use super::errors::PageError;
use super::layout::{Layout, ok_page};
use super::views::{cpr_text, opt_date};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use familiehus_domain::{AuditAction, CaseEventKind, danish};

pub struct FactLine {
    pub label: &'static str,
    pub value: String,
}

pub struct EventLine {
    pub at: String,
    pub who: String,
    pub what: String,
    pub detail: String,
}

pub struct CaseSection {
    pub heading: String,
    pub facts: Vec<FactLine>,
    pub note: String,
    pub timeline: Vec<EventLine>,
}

#[derive(Template)]
#[template(path = "staff/insight.html")]
struct InsightPage {
    layout: Layout,
    name: String,
    produced: String,
    person: Vec<FactLine>,
    family: Vec<String>,
    cases: Vec<CaseSection>,
    access_log: Vec<EventLine>,
}

fn or_none(text: String) -> String {
    if text.is_empty() { "Ikke registreret".into() } else { text }
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Path(id): Path<i64>) -> Result<Response, PageError> {
    let insight = familiehus_app::insight::insight(&state.app, &user.acting(&remote), id).await?;
    let actor = user.actor();
    let p = &insight.person;
    let person = vec![
        FactLine { label: "Navn", value: p.name.clone() },
        FactLine { label: "CPR-nummer", value: or_none(cpr_text(p.cpr.as_ref(), &actor)) },
        FactLine { label: "Fødselsdato", value: or_none(opt_date(p.birth_date)) },
        FactLine { label: "Familie", value: or_none(p.family_name.clone().unwrap_or_default()) },
        FactLine { label: "Rolle i familien", value: or_none(p.family_role.clone().unwrap_or_default()) },
    ];
    let family = insight.family.iter().map(|m| format!("{}{}", m.name, m.family_role.as_ref().map(|r| format!(" ({r})")).unwrap_or_default())).collect();
    let cases = insight
        .cases
        .iter()
        .map(|c| {
            let r = &c.case;
            CaseSection {
                heading: format!("Sag {}: {}", r.id, r.service_name),
                facts: vec![
                    FactLine { label: "Status", value: r.state.label_da().to_owned() },
                    FactLine { label: "Henvist af", value: r.referral_source.label_da().to_owned() },
                    FactLine { label: "Indskrevet", value: danish::date(r.case.enrolled_on()) },
                    FactLine { label: "Iværksat", value: or_none(opt_date(r.case.started_on())) },
                    FactLine { label: "Afsluttet", value: or_none(opt_date(r.case.closed_on())) },
                    FactLine { label: "Årsag til afslutning", value: or_none(r.case.closure_reason().map(|c| c.label_da().to_owned()).unwrap_or_default()) },
                ],
                note: r.note.clone(),
                timeline: c
                    .timeline
                    .iter()
                    .map(|e| EventLine {
                        at: danish::date(e.occurred_on),
                        who: e.user_name.clone().unwrap_or_else(|| "Systemet".into()),
                        what: CaseEventKind::from_code(&e.kind).map_or_else(|| e.kind.clone(), |k| k.label_da().to_owned()),
                        detail: e.detail.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let access_log = insight
        .access_log
        .iter()
        .map(|e| EventLine {
            at: danish::timestamp(&e.at),
            who: e.user_name.clone().unwrap_or_else(|| "Konsollen".into()),
            what: AuditAction::label_da_of(&e.action).to_owned(),
            detail: e.case_id.map(|c| format!("sag {c}")).unwrap_or_default(),
        })
        .collect();
    let produced = danish::time(chrono::Utc::now());
    Ok(ok_page(&InsightPage {
        layout: Layout::new(format!("Indsigt: {}", p.name), &user, "/personer"),
        name: p.name.clone(),
        produced,
        person,
        family,
        cases,
        access_log,
    }))
}
