//! `/indstillinger/synonymer` (administrators only): the public search's synonym list as one
//! textarea, a line per word, `ord = ord, ord` ("ondt i maven = mavepine, angst"), which needs no
//! script and reads the same with a screen reader. A refused list comes back as typed, with the
//! Danish problems at the field; the rules are `domain::danish_words::Synonyms::new`'s, the use
//! case `app::search_synonyms`.

use super::errors::PageError;
use super::fields::{Field, Group, Kind, line_feeds};
use super::layout::{FormErrors, Layout, NoticeQuery, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_app::search_synonyms::{synonyms_for_editing, update_synonyms};
use familiehus_domain::danish;
use familiehus_domain::danish_words::{SYNONYMS_FIELD, Synonym, Synonyms};
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SynonymsForm {
    pub synonyms: String,
}

#[derive(Template)]
#[template(path = "staff/synonyms.html")]
struct SynonymsPage {
    layout: Layout,
    changed: String,
    errors: FormErrors,
    groups: Vec<Group>,
}

/// The list as the textarea shows it, one term a line.
pub fn synonyms_text(synonyms: &Synonyms) -> String {
    synonyms.entries().iter().map(|e| format!("{} = {}", e.term, e.alternatives.join(", "))).collect::<Vec<_>>().join("\n")
}

/// Reads the textarea's lines (blank lines skipped); every unreadable line is named.
fn read_synonyms(text: &str) -> Result<Vec<Synonym>, Vec<String>> {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let Some((term, alternatives)) = line.split_once('=') else {
            problems.push(format!("Linje {}: skriv ord = ord, ord, fx bange = angst, ængstelig.", i + 1));
            continue;
        };
        entries.push(Synonym::new(term, alternatives.split(',')));
    }
    if problems.is_empty() { Ok(entries) } else { Err(problems) }
}

async fn show(state: &AppState, user: &CurrentUser, remote: &Remote, text: &str, errors: FormErrors, notice: Option<String>) -> Result<Response, PageError> {
    let stored = synonyms_for_editing(&state.app, &user.acting(remote)).await?;
    let changed = match stored.changed {
        None => "Listen er kommunens standardliste.".to_owned(),
        Some(c) => match c.by {
            Some(by) => format!("Senest ændret {} af {by}.", danish::timestamp(&c.at)),
            None => format!("Senest ændret {}.", danish::timestamp(&c.at)),
        },
    };
    let groups = vec![Group {
        legend: "Synonymer",
        fields: vec![Field::new(SYNONYMS_FIELD, "Ord og deres synonymer", text, Kind::TextArea { rows: 24 }, &errors).hint(
            "Ét ord eller udtryk pr. linje, så et lighedstegn og de ord, søgningen også skal finde, adskilt af komma, \
             fx ondt i maven = mavepine, angst. Det virker én vej: bange = angst finder tilbud om angst, når nogen søger på bange. \
             Bøjninger (skilsmisse, skilsmisser) findes af sig selv.",
        )],
    }];
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = if errors.is_empty() { "Synonymer i den offentlige søgning" } else { "Fejl: Synonymer i den offentlige søgning" };
    let layout = Layout::new(title, user, "/indstillinger").with_notice(notice);
    Ok(render(status, &SynonymsPage { layout, changed, errors, groups }))
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(query): Query<NoticeQuery>) -> Result<Response, PageError> {
    let current = synonyms_for_editing(&state.app, &user.acting(&remote)).await?.synonyms;
    let notice = (query.besked == "gemt").then(|| "Synonymerne er gemt.".to_owned());
    show(&state, &user, &remote, &synonyms_text(&current), FormErrors::default(), notice).await
}

#[tracing::instrument(skip_all)]
pub async fn save(State(state): State<AppState>, user: CurrentUser, remote: Remote, Form(form): Form<SynonymsForm>) -> Result<Response, PageError> {
    let text = line_feeds(&form.synonyms);
    let mut errors = FormErrors::default();
    let entries = match read_synonyms(&text) {
        Ok(entries) => entries,
        Err(problems) => {
            errors.add(SYNONYMS_FIELD, problems.join(" "));
            return show(&state, &user, &remote, &text, errors, None).await;
        }
    };
    match update_synonyms(&state.app, &user.acting(&remote), entries).await {
        Ok(()) => Ok(Redirect::to("/indstillinger/synonymer?besked=gemt").into_response()),
        Err(AppError::Invalid(list)) => {
            errors.add(SYNONYMS_FIELD, list.0.iter().map(|e| e.message_da.as_str()).collect::<Vec<_>>().join(" "));
            show(&state, &user, &remote, &text, errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_reads_back_from_its_own_text_and_bad_lines_are_named() {
        let list = Synonyms::new(vec![Synonym::new("ondt i maven", ["mavepine", "angst"]), Synonym::new("bange", ["angst"])]).expect("valid");
        assert_eq!(Synonyms::new(read_synonyms(&synonyms_text(&list)).expect("readable")), Ok(list));
        assert_eq!(read_synonyms("bange = angst\n\nsorg død").unwrap_err(), ["Linje 3: skriv ord = ord, ord, fx bange = angst, ængstelig."]);
    }
}
