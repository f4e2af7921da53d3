//! `/indstillinger` (administrators only): the municipality's settings — the status report's
//! lead time, the long-wait threshold and the intervention ladder — on one form. The ladder is
//! one textarea line per step, `nummer;kategori;betegnelse`, which needs no script and reads
//! the same with a screen reader as on screen. A refused form comes back as typed, with the
//! Danish message at each field; the rules themselves are `domain::settings`' and
//! `app::settings`'.

use super::errors::PageError;
use super::fields::{Field, Group, Kind, line_feeds, optional_number};
use super::layout::{FormErrors, Layout, NoticeQuery, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_app::settings::{settings_with_change, update_settings};
use familiehus_domain::settings::ladder_errors;
use familiehus_domain::{FieldError, Ladder, LadderCategory, LadderStep, MunicipalitySettings, danish};
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SettingsForm {
    pub status_report_lead_days: String,
    pub long_wait_days: String,
    pub retention_years: String,
    pub epds_cut_off: String,
    pub ladder: String,
}

impl SettingsForm {
    fn from_settings(s: &MunicipalitySettings) -> Self {
        SettingsForm {
            status_report_lead_days: s.status_report_lead_days.to_string(),
            long_wait_days: s.long_wait_days.to_string(),
            retention_years: s.retention_years.to_string(),
            epds_cut_off: s.epds_cut_off.to_string(),
            ladder: ladder_text(&s.ladder),
        }
    }
}

#[derive(Template)]
#[template(path = "staff/settings.html")]
struct SettingsPage {
    layout: Layout,
    /// "Senest ændret …", or that the defaults apply.
    changed: String,
    errors: FormErrors,
    groups: Vec<Group>,
}

/// The word a ladder line uses for its category.
fn category_word(category: LadderCategory) -> &'static str {
    match category {
        LadderCategory::Universal => "almen",
        LadderCategory::Preventive => "forebyggende",
        LadderCategory::Referred => "visiteret",
    }
}

fn category_from_word(word: &str) -> Option<LadderCategory> {
    let word = word.to_lowercase();
    [LadderCategory::Universal, LadderCategory::Preventive, LadderCategory::Referred].into_iter().find(|c| category_word(*c) == word)
}

/// The ladder as the textarea shows it, one step a line.
pub fn ladder_text(ladder: &Ladder) -> String {
    ladder.steps().iter().map(|s| format!("{};{};{}", s.number, category_word(s.category), s.label)).collect::<Vec<_>>().join("\n")
}

/// Reads the textarea's lines (blank lines skipped); every unreadable line is named.
fn read_ladder(text: &str) -> Result<Vec<LadderStep>, Vec<String>> {
    let mut steps = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in line_feeds(text).lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let n = i + 1;
        let mut parts = line.splitn(3, ';').map(str::trim);
        let (Some(number), Some(category), Some(label)) = (parts.next(), parts.next(), parts.next()) else {
            problems.push(format!("Linje {n}: skriv nummer;kategori;betegnelse, fx 4;visiteret;Visiterede indsatser i hjemmet."));
            continue;
        };
        let Ok(number) = number.parse::<u8>() else {
            problems.push(format!("Linje {n}: nummeret skal være et helt tal fra 0 til 255."));
            continue;
        };
        let Some(category) = category_from_word(category) else {
            problems.push(format!("Linje {n}: kategorien skal være almen, forebyggende eller visiteret."));
            continue;
        };
        steps.push(LadderStep { number, label: label.to_owned(), category });
    }
    if problems.is_empty() { Ok(steps) } else { Err(problems) }
}

/// Adds the field errors of fields that have none yet, one message per field (several joined),
/// since a field shows one message.
fn add_field_errors(errors: &mut FormErrors, list: Vec<FieldError>) {
    let fields: Vec<&'static str> = list.iter().map(|e| e.field).collect();
    for field in fields {
        if errors.get(field).is_some() {
            continue;
        }
        let messages: Vec<&str> = list.iter().filter(|e| e.field == field).map(|e| e.message_da.as_str()).collect();
        errors.add(field, messages.join(" "));
    }
}

/// A required number of days; empty or unreadable is an error on the field.
fn days(text: &str, field: &'static str, label: &str, errors: &mut FormErrors) -> Option<u32> {
    let n = optional_number::<u32>(text, field, label, errors);
    if n.is_none() && errors.get(field).is_none() {
        errors.add(field, format!("Skriv {}.", label.to_lowercase()));
    }
    n
}

async fn show(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    form: &SettingsForm,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let stored = settings_with_change(&state.app, &user.acting(remote)).await?;
    let changed = match stored.changed {
        None => "Kommunen bruger standardindstillingerne.".to_owned(),
        Some(c) => {
            let at = danish::timestamp(&c.at);
            match c.by {
                Some(by) => format!("Senest ændret {at} af {by}."),
                None => format!("Senest ændret {at}."),
            }
        }
    };
    let groups = vec![
        Group {
            legend: "Frister",
            fields: vec![
                Field::new("status_report_lead_days", "Statusrapport før opfølgning (dage)", &form.status_report_lead_days, Kind::Number, &errors)
                    .hint("Hvor mange dage før et opfølgningsmøde statusrapporten skal være klar. 0 til 90."),
                Field::new("long_wait_days", "Lang ventetid (dage)", &form.long_wait_days, Kind::Number, &errors)
                    .hint("Ventetider over så mange dage markeres på ledernes forside. 1 til 365."),
                Field::new("retention_years", "Opbevaring efter sidste afslutning (år)", &form.retention_years, Kind::Number, &errors)
                    .hint("Så mange år efter en persons sidste sag er afsluttet, fjernes navn, CPR-nummer og fødselsdato. Sagernes tal bevares. 1 til 50."),
            ],
        },
        Group {
            legend: "Målinger",
            fields: vec![
                Field::new("epds_cut_off", "EPDS-grænse (score)", &form.epds_cut_off, Kind::Number, &errors)
                    .hint("En EPDS-score på dette tal eller derover markeres som mulig efterfødselsreaktion. Den danske validering anbefaler 11. 1 til 30."),
            ],
        },
        Group {
            legend: "Indsatstrappen",
            fields: vec![Field::new("ladder", "Trin", &form.ladder, Kind::TextArea { rows: 12 }, &errors).hint(
                "Ét trin pr. linje: nummer;kategori;betegnelse, fx 4;visiteret;Visiterede indsatser i hjemmet. \
                 Kategorien er almen, forebyggende eller visiteret. Et trin med indsatser kan ikke fjernes.",
            )],
        },
    ];
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout::new("Indstillinger", user, "/indstillinger").with_notice(notice);
    Ok(render(status, &SettingsPage { layout, changed, errors, groups }))
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(query): Query<NoticeQuery>) -> Result<Response, PageError> {
    let current = familiehus_app::settings::settings(&state.app).await?;
    let notice = (query.besked == "gemt").then(|| "Indstillingerne er gemt.".to_owned());
    show(&state, &user, &remote, &SettingsForm::from_settings(&current), FormErrors::default(), notice).await
}

#[tracing::instrument(skip_all)]
pub async fn save(State(state): State<AppState>, user: CurrentUser, remote: Remote, Form(form): Form<SettingsForm>) -> Result<Response, PageError> {
    // Browsers send CRLF; the form comes back with the one line-end rule (LF) like other texts.
    let form = SettingsForm { ladder: line_feeds(&form.ladder), ..form };
    let mut errors = FormErrors::default();
    let lead = days(&form.status_report_lead_days, "status_report_lead_days", "Antal dage før opfølgningen", &mut errors);
    let wait = days(&form.long_wait_days, "long_wait_days", "Antal dage for lang ventetid", &mut errors);
    // Empty keeps the period in force (a form from before the field existed says nothing).
    let years = if form.retention_years.trim().is_empty() {
        Some(familiehus_app::settings::settings(&state.app).await?.retention_years)
    } else {
        days(&form.retention_years, "retention_years", "Antal år", &mut errors)
    };
    let epds = if form.epds_cut_off.trim().is_empty() {
        Some(familiehus_app::settings::settings(&state.app).await?.epds_cut_off)
    } else {
        days(&form.epds_cut_off, "epds_cut_off", "EPDS-grænsen", &mut errors)
    };
    let ladder = match read_ladder(&form.ladder) {
        Err(problems) => {
            errors.add("ladder", problems.join(" "));
            None
        }
        Ok(steps) => {
            let problems = ladder_errors(&steps);
            if problems.is_empty() {
                Ladder::new(steps).ok()
            } else {
                add_field_errors(&mut errors, problems);
                None
            }
        }
    };
    // What could not be read is taken from the defaults only to check the rest, so the form
    // shows every problem at once; nothing is saved unless all of it was read.
    let defaults = MunicipalitySettings::default();
    let new = MunicipalitySettings {
        ladder: ladder.unwrap_or(defaults.ladder),
        status_report_lead_days: lead.unwrap_or(defaults.status_report_lead_days),
        long_wait_days: wait.unwrap_or(defaults.long_wait_days),
        retention_years: years.unwrap_or(defaults.retention_years),
        epds_cut_off: epds.unwrap_or(defaults.epds_cut_off),
    };
    if !errors.is_empty() {
        if let Err(e) = new.validate() {
            add_field_errors(&mut errors, e.0);
        }
        return show(&state, &user, &remote, &form, errors, None).await;
    }
    match update_settings(&state.app, &user.acting(&remote), &new).await {
        Ok(()) => Ok(Redirect::to("/indstillinger?besked=gemt").into_response()),
        Err(AppError::Invalid(list)) => {
            add_field_errors(&mut errors, list.0);
            show(&state, &user, &remote, &form, errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_reads_back_from_its_own_text_and_bad_lines_are_named() {
        let ladder = Ladder::default();
        let steps = read_ladder(&ladder_text(&ladder).replace('\n', "\r\n")).expect("readable");
        assert_eq!(Ladder::new(steps), Ok(ladder));
        let problems = read_ladder("1;almen;Alle\n\nto;almen;x\n3;andet;y\n4;visiteret").unwrap_err();
        assert_eq!(
            problems,
            [
                "Linje 3: nummeret skal være et helt tal fra 0 til 255.",
                "Linje 4: kategorien skal være almen, forebyggende eller visiteret.",
                "Linje 5: skriv nummer;kategori;betegnelse, fx 4;visiteret;Visiterede indsatser i hjemmet."
            ]
        );
        assert_eq!(read_ladder(" 2 ; Forebyggende ; Tidlig; tæt på ").expect("one")[0].label, "Tidlig; tæt på");
    }
}
