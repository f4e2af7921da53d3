//! `/indstillinger/ferier` (administrators only): the school holidays group courses skip, as one
//! textarea, a line per period, `2026/27;Efterårsferie;10.10.2026;18.10.2026`. A school year
//! without lines keeps the defaults (`domain::holidays::default_school_holidays`); with nothing
//! stored the page starts from this and next school year's defaults. Public holidays are computed
//! and need no line. The use case is `app::groups::update_holidays`.

use super::errors::PageError;
use super::fields::{Field, Group, Kind, line_feeds};
use super::layout::{FormErrors, Layout, NoticeQuery, form_title, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_app::groups::{holiday_lines, update_holidays};
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct HolidaysForm {
    pub holidays: String,
}

#[derive(Template)]
#[template(path = "staff/holidays.html")]
struct HolidaysPage {
    layout: Layout,
    errors: FormErrors,
    groups: Vec<Group>,
}

fn show(user: &CurrentUser, text: &str, errors: FormErrors, notice: Option<String>) -> Response {
    let groups = vec![Group {
        legend: "Skoleferier",
        fields: vec![Field::new("holidays", "Ferier", text, Kind::TextArea { rows: 16 }, &errors).hint(
            "Én ferie pr. linje: skoleår;navn;første dag;sidste dag, fx 2026/27;Efterårsferie;10.10.2026;18.10.2026. \
             Et skoleår uden linjer bruger standardferierne (uge 42, 21.12–1.1, uge 7, mandag før påske til 2. påskedag, \
             sidste lørdag i juni til anden søndag i august). Helligdage regnes ud af sig selv.",
        )],
    }];
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout::new(form_title("Skoleferier for gruppeforløb", &errors), user, "/indstillinger").with_notice(notice);
    render(status, &HolidaysPage { layout, errors, groups })
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(query): Query<NoticeQuery>) -> Result<Response, PageError> {
    let text = holiday_lines(&state.app, &user.acting(&remote)).await?;
    let notice = (query.besked == "gemt").then(|| "Ferierne er gemt.".to_owned());
    Ok(show(&user, &text, FormErrors::default(), notice))
}

#[tracing::instrument(skip_all)]
pub async fn save(State(state): State<AppState>, user: CurrentUser, remote: Remote, Form(form): Form<HolidaysForm>) -> Result<Response, PageError> {
    let text = line_feeds(&form.holidays);
    match update_holidays(&state.app, &user.acting(&remote), &text).await {
        Ok(_) => Ok(Redirect::to("/indstillinger/ferier?besked=gemt").into_response()),
        Err(AppError::Invalid(list)) => {
            let mut errors = FormErrors::default();
            errors.add("holidays", list.0.iter().map(|e| e.message_da.as_str()).collect::<Vec<_>>().join(" "));
            Ok(show(&user, &text, errors, None))
        }
        Err(e) => Err(e.into()),
    }
}
