//! `GET /offentlig` — "Find hjælp": the search form (a plain GET form, so it works without
//! JavaScript and every search is a link that can be shared) and its results. The form's values
//! are read leniently: a wrong value is explained next to its field or ignored, never a 400,
//! because the visitor is a citizen, not an API client. What matches is decided by
//! `familiehus_domain::catalogue_search`, with the municipality's synonym list
//! (`familiehus_app::search_synonyms`).
//!
//! Once the visitor has searched, the results come before the filter form in the page (on a
//! phone they are what one came for; on a wide screen the stylesheet sets the form beside
//! them), with a link to the form. The order is the document's, not only CSS's, so reading order,
//! tab order and what one sees agree.

use super::error::PublicError;
use super::page::render;
use super::view::ServiceCard;
use crate::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Html;
use familiehus_domain::catalogue_search::{CatalogueQuery, LadderFilter};
use familiehus_domain::danish_words::Synonyms;
use familiehus_domain::{Access, Ladder, LadderCategory, ServiceStatus};
use familiehus_store::StoredService;
use serde::Deserialize;

/// The form's fields as sent; every one optional and free text.
#[derive(Debug, Default, Deserialize)]
pub struct FindParams {
    pub q: Option<String>,
    pub alder: Option<String>,
    pub tema: Option<String>,
    pub trin: Option<String>,
    pub adgang: Option<String>,
    pub enhed: Option<String>,
}

/// The highest age the form accepts; the catalogue's ages stay below it (aftercare ends at 23).
const MAX_AGE: u8 = 30;

/// The `trin` values for categories; step numbers are sent as digits.
fn category_code(c: LadderCategory) -> &'static str {
    match c {
        LadderCategory::Universal => "almene",
        LadderCategory::Preventive => "forebyggende",
        LadderCategory::Referred => "visiterede",
    }
}

fn parse_ladder(value: &str) -> Option<LadderFilter> {
    let value = value.trim();
    if let Ok(n) = value.parse::<u8>() {
        return Some(LadderFilter::Step(n));
    }
    [LadderCategory::Universal, LadderCategory::Preventive, LadderCategory::Referred]
        .into_iter()
        .find(|c| category_code(*c) == value)
        .map(LadderFilter::Category)
}

/// The query and, when the age could not be read, the message to show by its field.
pub fn parse(params: &FindParams) -> (CatalogueQuery, Option<&'static str>) {
    let non_empty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let mut age_error = None;
    let age = match non_empty(&params.alder) {
        None => None,
        Some(text) => match text.parse::<u8>() {
            Ok(age) if age <= MAX_AGE => Some(age),
            _ => {
                age_error = Some("Alderen skal skrives som et helt tal mellem 0 og 30, fx 10. Vi har søgt uden alder.");
                None
            }
        },
    };
    let query = CatalogueQuery {
        text: non_empty(&params.q).unwrap_or_default(),
        age,
        theme: non_empty(&params.tema),
        ladder: non_empty(&params.trin).as_deref().and_then(parse_ladder),
        access: non_empty(&params.adgang).as_deref().and_then(Access::from_code),
        unit_id: non_empty(&params.enhed).and_then(|u| u.parse().ok()),
    };
    (query, age_error)
}

/// One `<option>`.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// An `<optgroup>` of the ladder select: the category itself, then its steps.
#[derive(Debug, Clone)]
pub struct ChoiceGroup {
    pub label: String,
    pub choices: Vec<Choice>,
}

/// A radio button for an access model with its explanation.
#[derive(Debug, Clone)]
pub struct AccessChoice {
    pub value: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "public/find.html")]
pub struct FindPage {
    pub current: &'static str,
    pub q: String,
    pub alder: String,
    pub age_error: Option<&'static str>,
    pub themes: Vec<Choice>,
    pub ladder_groups: Vec<ChoiceGroup>,
    pub access_choices: Vec<AccessChoice>,
    pub units: Vec<Choice>,
    /// True once the visitor has searched or filtered; the first visit shows every service.
    pub searched: bool,
    pub count_text: String,
    pub results: Vec<ServiceCard>,
    /// Open and anonymous services to suggest when nothing matched.
    pub suggestions: Vec<ServiceCard>,
}

fn themes(active: &[&StoredService], selected: Option<&str>) -> Vec<Choice> {
    let mut all: Vec<String> = active.iter().flat_map(|s| s.service.themes.iter()).map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect();
    all.sort();
    all.dedup();
    let selected = selected.map(str::to_lowercase);
    all.into_iter().map(|t| Choice { selected: selected.as_deref() == Some(t.as_str()), label: t.clone(), value: t }).collect()
}

fn ladder_groups(ladder: &Ladder, selected: Option<LadderFilter>) -> Vec<ChoiceGroup> {
    let mut groups: Vec<ChoiceGroup> = Vec::new();
    for step in ladder.steps() {
        let label = step.category.label_da();
        if groups.last().is_none_or(|g| g.label != label) {
            groups.push(ChoiceGroup {
                label: label.to_owned(),
                choices: vec![Choice {
                    value: category_code(step.category).to_owned(),
                    label: format!("Alle: {label}"),
                    selected: selected == Some(LadderFilter::Category(step.category)),
                }],
            });
        }
        if let Some(group) = groups.last_mut() {
            group.choices.push(Choice {
                value: step.number.to_string(),
                // Citizens know what a service is like, not the ladder's step numbers.
                label: step.label.clone(),
                selected: selected == Some(LadderFilter::Step(step.number)),
            });
        }
    }
    groups
}

fn access_choices(selected: Option<Access>) -> Vec<AccessChoice> {
    let mut choices = vec![AccessChoice { value: "", label: "Alle", hint: "Vis tilbud uanset hvordan man får dem", checked: selected.is_none() }];
    for (access, hint) in [
        (Access::Open, "Du kan kontakte tilbuddet direkte uden henvisning."),
        (Access::Anonymous, "Du kan få hjælp uden at sige, hvem du er."),
        (Access::Referral, "Rådgiveren i kommunen vurderer, om tilbuddet er det rette, og henviser jer."),
    ] {
        choices.push(AccessChoice { value: access.code(), label: super::text::access_badge(access), hint, checked: selected == Some(access) });
    }
    choices
}

fn units(active: &[&StoredService], selected: Option<i64>) -> Vec<Choice> {
    let mut units: Vec<(String, i64)> = active.iter().map(|s| (s.unit_name.clone(), s.unit_id)).collect();
    units.sort();
    units.dedup();
    units.into_iter().map(|(name, id)| Choice { value: id.to_string(), label: name, selected: selected == Some(id) }).collect()
}

fn count_text(n: usize) -> String {
    match n {
        1 => "1 tilbud fundet".to_owned(),
        n => format!("{n} tilbud fundet"),
    }
}

/// Builds the page from every stored service; pure, so the handler stays thin.
pub fn page(services: &[StoredService], ladder: &Ladder, synonyms: &Synonyms, params: &FindParams) -> FindPage {
    let (query, age_error) = parse(params);
    let active: Vec<&StoredService> = services.iter().filter(|s| s.service.status == ServiceStatus::Active).collect();
    let results: Vec<ServiceCard> = query.filter(services, ladder, synonyms, |s| (s.unit_id, &s.service)).into_iter().map(ServiceCard::new).collect();
    let suggestions =
        if results.is_empty() { active.iter().filter(|s| s.service.access != Access::Referral).map(|s| ServiceCard::new(s)).collect() } else { Vec::new() };
    FindPage {
        current: "find",
        q: params.q.clone().unwrap_or_default(),
        alder: params.alder.clone().unwrap_or_default(),
        age_error,
        themes: themes(&active, query.theme.as_deref()),
        ladder_groups: ladder_groups(ladder, query.ladder),
        access_choices: access_choices(query.access),
        units: units(&active, query.unit_id),
        searched: !query.is_empty() || age_error.is_some(),
        count_text: count_text(results.len()),
        results,
        suggestions,
    }
}

pub async fn handler(State(state): State<AppState>, params: Result<Query<FindParams>, QueryRejection>) -> Result<Html<String>, PublicError> {
    // An unreadable query string (e.g. broken percent-encoding) is treated as an empty search.
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let services = state.store.list_services().await?;
    let ladder = familiehus_app::settings::settings(&state.app).await?.ladder;
    let synonyms = familiehus_app::search_synonyms::synonyms(&state.app).await?;
    render(&page(&services, &ladder, &synonyms, &params))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::public::catalogue_doc::tests::stored;

    fn params(q: &str, alder: &str, trin: &str) -> FindParams {
        FindParams { q: Some(q.into()), alder: Some(alder.into()), trin: Some(trin.into()), ..Default::default() }
    }

    #[test]
    fn form_values_are_read_leniently() {
        let (q, err) = parse(&params("  angst ", "10", "forebyggende"));
        assert_eq!(q.text, "angst");
        assert_eq!(q.age, Some(10));
        assert_eq!(q.ladder, Some(LadderFilter::Category(LadderCategory::Preventive)));
        assert!(err.is_none());
        let (q, err) = parse(&params("", "ti", "4"));
        assert_eq!((q.age, q.ladder), (None, Some(LadderFilter::Step(4))));
        assert!(err.is_some());
        let (q, _) = parse(&FindParams { adgang: Some("hemmelig".into()), enhed: Some("x".into()), ..Default::default() });
        assert!(q.is_empty());
    }

    #[test]
    fn page_counts_results_and_suggests_open_services_when_empty() {
        let mut open = stored(2, 1, "FTI", "Åben rådgivning", 1);
        open.service.access = Access::Open;
        let services = vec![stored(1, 1, "FTI", "Familiebehandling", 4), open];
        let found = page(&services, &Ladder::default(), &Synonyms::default(), &params("familie", "", ""));
        assert_eq!(found.count_text, "2 tilbud fundet");
        let none = page(&services, &Ladder::default(), &Synonyms::default(), &params("zzz", "", ""));
        assert_eq!(none.count_text, "0 tilbud fundet");
        assert_eq!(none.suggestions.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Åben rådgivning"]);
    }
}
