//! `/katalog/{id}`: one catalogue entry for staff: every template field under the catalogue's
//! own headings, every setting and rule, and the version history (who changed what, when).
//! With `?dato=` it shows the version that was current at the end of that day, with
//! `?version=N` that version as saved.

use super::super::errors::PageError;
use super::super::layout::{Layout, ok_page};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::public::text::{Block, age_text, blocks, legal_ref_in_full};
use crate::public::view::ladder_text;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use familiehus_domain::access_route;
use familiehus_domain::{Access, Ladder, Permission, ServiceStatus, danish};
use familiehus_store::{ServiceVersion, StoredService};
use serde::Deserialize;

pub struct Section {
    pub heading: &'static str,
    pub blocks: Vec<Block>,
}

pub struct Fact {
    pub label: &'static str,
    pub lines: Vec<String>,
}

pub struct VersionLine {
    pub version: i64,
    pub recorded: String,
    pub by: String,
    pub changed: String,
}

#[derive(Template)]
#[template(path = "staff/catalogue/service.html")]
struct ServicePage {
    layout: Layout,
    id: i64,
    title: String,
    unit_name: String,
    retired: bool,
    /// What older state the page shows ("Version 2" or "Versionen ved udgangen af …"), if any.
    showing: Option<String>,
    sections: Vec<Section>,
    facts: Vec<Fact>,
    history: Vec<VersionLine>,
    can_edit: bool,
    waiting_list: bool,
    /// The ways in besides the authority referral, as boxes, when the user may set them.
    route_boxes: Option<Vec<super::access_routes::RouteBox>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ServiceQuery {
    dato: String,
    version: String,
    besked: String,
}

fn yes_no(on: bool) -> String {
    if on { "Ja".into() } else { "Nej".into() }
}

/// The service's rules that act where the user acts (`domain::service_rules`), each with what
/// happens when it is broken; "Ingen" when none is set.
fn rule_lines(r: &familiehus_domain::ServiceRules) -> Vec<String> {
    let what = |s: familiehus_domain::RuleSeverity| match s {
        familiehus_domain::RuleSeverity::Warning => "advarsel",
        familiehus_domain::RuleSeverity::Stop => "stop",
    };
    let mut lines = Vec::new();
    if let Some(l) = r.max_talks {
        lines.push(format!("Højst {} samtaler ({})", l.value, what(l.severity)));
    }
    if let Some(n) = r.status_meeting_after {
        lines.push(format!("Statusmøde efter {n} samtaler"));
    }
    if let Some(h) = r.hours {
        lines.push(format!("Timeramme {}–{} timer ({})", h.min_hours, h.max_hours, what(h.severity)));
    }
    if !r.contact_frequency.is_empty() {
        lines.push(format!("Kontakthyppighed: {}", r.contact_frequency));
    }
    if let Some(s) = r.weekdays_only {
        lines.push(format!("Kun hverdage ({})", what(s)));
    }
    if let Some(s) = r.age_check {
        lines.push(format!("Aldersgrænsen kontrolleres ved henvisning og start ({})", what(s)));
    }
    if let Some(d) = r.status_report_lead_days {
        lines.push(format!("Statusrapporten skal være klar {d} dage før opfølgningen"));
    }
    if r.consent_before_report {
        lines.push("Samtykke før statusrapporten sendes".into());
    }
    if r.requires_decision {
        lines.push("Afgørelse (dato, hyppighed, varighed, tilsynsperson) før start".into());
    }
    if lines.is_empty() {
        lines.push("Ingen".into());
    }
    lines
}

fn facts(s: &StoredService, ladder: &Ladder) -> Vec<Fact> {
    let v = &s.service;
    let fact = |label, line: String| Fact { label, lines: vec![line] };
    let mut out = vec![
        Fact {
            label: "Lovgrundlag",
            lines: if v.legal_refs.is_empty() {
                vec!["Ikke angivet".into()]
            } else {
                v.legal_refs.iter().map(|r| format!("{r} ({})", legal_ref_in_full(r))).collect()
            },
        },
        fact("Leveres af", s.unit_name.clone()),
        fact("Status", v.status.label_da().to_owned()),
        fact("Indsatstrappen", ladder_text(v.ladder_step, ladder)),
        fact("Adgang", v.access.label_da().to_owned()),
        fact("Form", v.delivery.label_da().to_owned()),
        fact("Alder", age_text(v.age_range)),
        fact("Kapacitet", v.capacity.map_or_else(|| "Intet loft".into(), |c| format!("{} samtidige sager", danish::integer(i64::from(c))))),
        fact("Antal samtaler", v.rules.talks.map_or_else(|| "Ikke fastsat".into(), |n| n.to_string())),
    ];
    let follow_up = match (v.rules.first_follow_up_months, v.rules.follow_up_every_months) {
        (Some(first), Some(every)) => format!("{first} måneder efter start, derefter hver {every}. måned"),
        (Some(first), None) => format!("{first} måneder efter start"),
        (None, Some(every)) => format!("Hver {every}. måned"),
        (None, None) => "Ikke fastsat".into(),
    };
    out.push(fact("Opfølgning", follow_up));
    out.push(fact("Kræver samtykke", yes_no(v.rules.requires_consent)));
    // Said positively: "Der føres ikke notater: Nej" made the reader undo two negations.
    out.push(fact("Notater i journalen", if v.rules.no_notes { "Nej – fortroligt tilbud".into() } else { "Ja".into() }));
    out.push(fact("Styrket familiebehandling", yes_no(v.rules.family_treatment)));
    out.push(Fact { label: "Regler for forløbet", lines: rule_lines(&v.rules) });
    out.push(fact("Med i sagstal og ventetider", yes_no(v.in_report)));
    out.push(fact("Temaord", if v.themes.is_empty() { "Ingen".into() } else { v.themes.join(", ") }));
    out.push(fact("Godkendt", v.approval.as_ref().map_or_else(|| "Ikke angivet".into(), |a| format!("{} den {}", a.body, danish::date(a.date)))));
    out
}

fn history_lines(versions: Vec<ServiceVersion>) -> Vec<VersionLine> {
    versions
        .into_iter()
        .map(|v| VersionLine {
            version: v.version,
            recorded: familiehus_domain::danish::timestamp(&v.recorded_at),
            by: v.user_name.unwrap_or_else(|| "Systemet (import eller API)".into()),
            changed: v.changed,
        })
        .collect()
}

fn notice(code: &str) -> Option<String> {
    match code {
        "oprettet" => Some("Indsatsen er oprettet.".into()),
        "gemt" => Some("Ændringerne er gemt som en ny version.".into()),
        "adgangsveje" => Some("Adgangsvejene er gemt.".into()),
        _ => None,
    }
}

#[tracing::instrument(skip_all)]
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Query(query): Query<ServiceQuery>,
) -> Result<Response, PageError> {
    let actor = user.actor();
    let date = danish::parse_date(query.dato.trim());
    let version = query.version.trim().parse::<i64>().ok();
    let (stored, showing) = match (version, date) {
        (Some(v), _) => (state.store.service_version(id, v).await?, Some(format!("Version {v}, som den blev gemt."))),
        (None, Some(d)) => (
            state.store.catalogue_on(d).await?.into_iter().find(|s| s.id == id).ok_or(PageError::NotFound)?,
            Some(format!("Versionen, der gjaldt ved udgangen af {}.", danish::date(d))),
        ),
        (None, None) => (state.store.service(id).await?, None),
    };
    let ladder = familiehus_app::settings::settings(&state.app).await?.ladder;
    let current = showing.is_none();
    let texts = &stored.service.texts;
    let sections = texts.fields().iter().map(|(_, label, text)| Section { heading: label, blocks: blocks(text) }).collect();
    let title = stored.service.title();
    let optional = familiehus_app::catalogue::access_routes(&state.app, &user.acting(&remote), id).await?;
    let can_edit = current && actor.allows(Permission::EditCatalogue) && actor.may_edit_catalogue_of(stored.unit_id);
    let mut facts = facts(&stored, &ladder);
    let ways_in = access_route::allowed(&optional, stored.service.access == Access::Open);
    facts.push(Fact { label: "Adgangsveje", lines: ways_in.iter().map(|r| r.label_da().to_owned()).collect() });
    let page = ServicePage {
        layout: Layout::new(stored.service.name.clone(), &user, "/katalog").with_notice(notice(&query.besked)),
        id,
        unit_name: stored.unit_name.clone(),
        retired: stored.service.status == ServiceStatus::Retired,
        showing,
        facts,
        route_boxes: (can_edit && stored.service.access != Access::Anonymous).then(|| super::access_routes::boxes(&optional)),
        sections,
        history: history_lines(state.store.service_history(id).await?),
        can_edit,
        waiting_list: current && actor.allows(Permission::ReadCases) && stored.service.access != Access::Anonymous,
        title,
    };
    Ok(ok_page(&page))
}
