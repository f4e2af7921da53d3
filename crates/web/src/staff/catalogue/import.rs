//! `/katalog/import`: onboarding a catalogue from the text of its PDF. Three steps, and nothing
//! is written before the last:
//! 1. upload the text file (or paste the text) and pick the unit, or name a new one;
//! 2. review: what the importer found (services, every field, warnings) and what it would do to
//!    the unit's catalogue (new, changed with the fields, retired);
//! 3. accept: the same text is imported again and applied in one transaction. If the catalogue
//!    changed since the review (another user saved meanwhile), the review is shown again
//!    instead, because the user accepted something else.
//!
//! A file that is not UTF-8 is read as Windows-1252, which Word and Windows PDF tools write.

use super::super::errors::PageError;
use super::super::fields::{Choice, line_feeds};
use super::super::layout::{FormErrors, Layout, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::public::text::{Block, blocks};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_app::catalogue::ImportTarget;
use familiehus_domain::catalogue_import::review::{self, CatalogueDiff};
use familiehus_domain::catalogue_import::{ImportResult, import_catalogue};
use familiehus_domain::legal_ref::format_refs;
use familiehus_domain::{Service, danish};
use familiehus_store::StoreError;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// What the user sent: the target unit (an existing one, or a name for a new one) and the text.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct Upload {
    pub unit_id: String,
    pub new_unit: String,
    pub text: String,
    /// Set on the accept form: the review's fingerprint (see `fingerprint`).
    pub fingerprint: String,
    /// The uploaded file's name, shown on the review.
    pub file_name: String,
}

#[derive(Template)]
#[template(path = "staff/catalogue/import.html")]
struct UploadPage {
    layout: Layout,
    errors: FormErrors,
    units: Vec<Choice>,
    input: Upload,
}

pub struct FieldView {
    pub label: &'static str,
    pub blocks: Vec<Block>,
}

pub struct ServiceView {
    pub name: String,
    pub legal_refs: String,
    pub retired: bool,
    pub approval: String,
    pub line: usize,
    pub fields: Vec<FieldView>,
    /// `1 advarsel`, `3 advarsler`; empty when there are none.
    pub warnings: String,
}

pub struct WarningView {
    pub line: usize,
    pub service: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "staff/catalogue/review.html")]
struct ReviewPage {
    layout: Layout,
    input: Upload,
    unit_name: String,
    new_unit: bool,
    services: Vec<ServiceView>,
    /// `5 indsatser`, `1 indsats`.
    services_text: String,
    warnings: Vec<WarningView>,
    diff: CatalogueDiff,
    changed: Vec<(String, String)>,
    fingerprint: String,
    /// Set when the review is shown again because the catalogue changed meanwhile.
    stale: bool,
    problems: Vec<String>,
}

pub async fn page(State(state): State<AppState>, user: CurrentUser) -> Result<Response, PageError> {
    let input = Upload { unit_id: user.user.unit_id.map(|u| u.to_string()).unwrap_or_default(), ..Default::default() };
    show_upload(&state, &user, input, FormErrors::default()).await
}

async fn show_upload(state: &AppState, user: &CurrentUser, input: Upload, errors: FormErrors) -> Result<Response, PageError> {
    let actor = user.actor();
    let units: Vec<_> = state.store.list_units().await?.into_iter().filter(|u| actor.may_edit_catalogue_of(u.id)).collect();
    let new_unit = may_create_unit(user).then(|| (String::new(), "Ny enhed (skriv navnet nedenfor)".to_owned()));
    let choices = Choice::list(new_unit.into_iter().chain(units.iter().map(|u| (u.id.to_string(), u.name.clone()))), &input.unit_id);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render(status, &UploadPage { layout: Layout::new("Importér katalog", user, "/katalog"), errors, units: choices, input }))
}

/// Bytes of a text file: UTF-8 (a byte-order mark is dropped), else Windows-1252.
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        // What Word and older PDF tools on Windows write.
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// Reads the multipart upload; a broken upload is a form error, not a failure.
async fn read_upload(mut multipart: Multipart) -> Result<Upload, FormErrors> {
    let mut input = Upload::default();
    let mut pasted = String::new();
    let mut file = Vec::new();
    let broken = |_| {
        let mut errors = FormErrors::default();
        errors.add("file", "Filen kunne ikke modtages. Prøv igen.");
        errors
    };
    while let Some(field) = multipart.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                input.file_name = field.file_name().unwrap_or_default().to_owned();
                file = field.bytes().await.map_err(broken)?.to_vec();
            }
            "unit_id" => input.unit_id = field.text().await.map_err(broken)?,
            "new_unit" => input.new_unit = field.text().await.map_err(broken)?,
            "text" => pasted = field.text().await.map_err(broken)?,
            _ => {}
        }
    }
    input.text = line_feeds(&if file.is_empty() { pasted } else { decode_text(&file) });
    Ok(input)
}

/// Only administrators add units: a leader imports into their own unit.
fn may_create_unit(user: &CurrentUser) -> bool {
    user.actor().may_create_units()
}

/// The unit the import goes to: `Ok(Some(id))` for an existing one, `Ok(None)` for a new one
/// (created only on accept).
async fn target_unit(state: &AppState, user: &CurrentUser, input: &Upload, errors: &mut FormErrors) -> Result<(Option<i64>, String), PageError> {
    let units = state.store.list_units().await?;
    let actor = user.actor();
    if let Ok(id) = input.unit_id.parse::<i64>() {
        return match units.iter().find(|u| u.id == id) {
            Some(u) if !actor.may_edit_catalogue_of(u.id) => {
                errors.add("unit_id", "Du kan kun importere til din egen enhed.");
                Ok((None, String::new()))
            }
            Some(u) => Ok((Some(u.id), u.name.clone())),
            None => {
                errors.add("unit_id", "Enheden findes ikke.");
                Ok((None, String::new()))
            }
        };
    }
    let name = input.new_unit.trim();
    if name.is_empty() {
        errors.add("unit_id", "Vælg den enhed, kataloget hører til, eller skriv navnet på en ny enhed.");
        return Ok((None, String::new()));
    }
    // A typed name that already exists means that unit.
    Ok(match units.iter().find(|u| u.name.eq_ignore_ascii_case(name)) {
        Some(u) if actor.may_edit_catalogue_of(u.id) => (Some(u.id), u.name.clone()),
        Some(_) => {
            errors.add("unit_id", "Du kan kun importere til din egen enhed.");
            (None, String::new())
        }
        None if may_create_unit(user) => (None, name.to_owned()),
        None => {
            errors.add("unit_id", "Kun en administrator kan oprette en ny enhed. Vælg din egen enhed.");
            (None, String::new())
        }
    })
}

/// Identifies what the user reviewed: the text, the target and the resulting diff.
fn fingerprint(input: &Upload, unit: &str, diff: &CatalogueDiff) -> String {
    let mut hash = Sha256::new();
    hash.update(input.text.as_bytes());
    hash.update([0]);
    hash.update(unit.as_bytes());
    hash.update([0]);
    hash.update(serde_json::to_string(diff).unwrap_or_default().as_bytes());
    hex::encode(hash.finalize())
}

/// The drafts of an import, and the problems that would stop it being saved.
fn drafts(result: &ImportResult) -> (Vec<Service>, Vec<String>) {
    let drafts: Vec<Service> = result.services.iter().map(review::to_service).collect();
    let mut problems: Vec<String> = drafts
        .iter()
        .filter_map(|s| s.validate().err().map(|e| format!("{}: {}", s.name, e.0.iter().map(|f| f.message_da.as_str()).collect::<Vec<_>>().join(" "))))
        .collect();
    for (i, s) in drafts.iter().enumerate() {
        if drafts[..i].iter().any(|earlier| earlier.name == s.name) {
            problems.push(format!("{}: navnet står to gange i teksten. Hver indsats i en enhed skal have sit eget navn.", s.name));
        }
    }
    (drafts, problems)
}

struct Reviewed {
    unit_id: Option<i64>,
    unit_name: String,
    drafts: Vec<Service>,
    diff: CatalogueDiff,
    fingerprint: String,
    result: ImportResult,
    problems: Vec<String>,
}

/// Imports the text and compares it with the unit's catalogue; form errors when there is
/// nothing to review.
async fn review_of(state: &AppState, user: &CurrentUser, input: &Upload) -> Result<Result<Reviewed, FormErrors>, PageError> {
    let mut errors = FormErrors::default();
    let (unit_id, unit_name) = target_unit(state, user, input, &mut errors).await?;
    let result = import_catalogue(&input.text);
    if input.text.trim().is_empty() {
        errors.add("file", "Vælg en tekstfil med kataloget, eller indsæt teksten.");
    } else if result.services.is_empty() {
        errors.add("file", "Der blev ikke fundet nogen indsatser i teksten. Kontrollér, at det er teksten fra et indsatskatalog med felterne Målgruppe, Kvalitetsmål og så videre.");
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let (drafts, problems) = drafts(&result);
    let diff = match unit_id {
        Some(id) => state.store.preview_catalogue(id, &drafts).await?,
        None => review::diff(&[], &drafts),
    };
    let fingerprint = fingerprint(input, &unit_name, &diff);
    Ok(Ok(Reviewed { unit_id, unit_name, drafts, diff, fingerprint, result, problems }))
}

fn review_page(user: &CurrentUser, input: Upload, r: Reviewed, stale: bool) -> ReviewPage {
    let services: Vec<ServiceView> = r
        .result
        .services
        .iter()
        .map(|s| ServiceView {
            name: s.name.clone(),
            legal_refs: if s.legal_refs.is_empty() { "Ingen".into() } else { format_refs(&s.legal_refs) },
            retired: s.retired,
            approval: s.approval.as_ref().map(|a| format!("{} {}", a.body, a.date.map(danish::date).unwrap_or_default()).trim().to_owned()).unwrap_or_default(),
            line: s.source_line,
            fields: s.texts.fields().iter().map(|(_, label, text)| FieldView { label, blocks: blocks(text) }).collect(),
            warnings: match r.result.warnings.iter().filter(|w| w.service.as_deref() == Some(s.name.as_str())).count() {
                0 => String::new(),
                n => danish::count(n, "advarsel", "advarsler"),
            },
        })
        .collect();
    let warnings =
        r.result.warnings.iter().map(|w| WarningView { line: w.line, service: w.service.clone().unwrap_or_default(), message: w.message_da.clone() }).collect();
    let changed = r.diff.changed.iter().map(|(name, fields)| (name.clone(), fields.join(", "))).collect();
    ReviewPage {
        layout: Layout::new("Forhåndsvisning af import", user, "/katalog"),
        input,
        new_unit: r.unit_id.is_none(),
        unit_name: r.unit_name,
        services_text: danish::count(services.len(), "indsats", "indsatser"),
        services,
        warnings,
        diff: r.diff,
        changed,
        fingerprint: r.fingerprint,
        stale,
        problems: r.problems,
    }
}

/// Step 2: the upload is read and reviewed; nothing is written.
#[tracing::instrument(skip_all)]
pub async fn upload(State(state): State<AppState>, user: CurrentUser, multipart: Multipart) -> Result<Response, PageError> {
    let input = match read_upload(multipart).await {
        Ok(input) => input,
        Err(errors) => return show_upload(&state, &user, Upload::default(), errors).await,
    };
    match review_of(&state, &user, &input).await? {
        Ok(r) => Ok(render(StatusCode::OK, &review_page(&user, input, r, false))),
        Err(errors) => {
            // The file itself cannot be put back into a file input; the pasted text is kept.
            show_upload(&state, &user, Upload { text: String::new(), ..input }, errors).await
        }
    }
}

/// Step 3: accept what was reviewed.
#[tracing::instrument(skip_all)]
pub async fn accept(State(state): State<AppState>, user: CurrentUser, remote: Remote, Form(mut input): Form<Upload>) -> Result<Response, PageError> {
    input.text = line_feeds(&input.text);
    let r = match review_of(&state, &user, &input).await? {
        Ok(r) => r,
        Err(errors) => return show_upload(&state, &user, input, errors).await,
    };
    if r.fingerprint != input.fingerprint || !r.problems.is_empty() {
        return Ok(render(StatusCode::CONFLICT, &review_page(&user, input, r, true)));
    }
    let target = match r.unit_id {
        Some(id) => ImportTarget::Unit(id),
        None => ImportTarget::NewUnit(r.unit_name.clone()),
    };
    match familiehus_app::catalogue::apply_import(&state.app, &user.acting(&remote), target, &r.drafts).await {
        Ok((unit_id, diff)) => {
            tracing::info!(unit_id, new = diff.new.len(), changed = diff.changed.len(), retired = diff.retired.len(), "catalogue imported");
            Ok(Redirect::to("/katalog?besked=importeret").into_response())
        }
        Err(AppError::Invalid(list) | AppError::Store(StoreError::Invalid(list))) => {
            let mut errors = FormErrors::default();
            errors
                .add("file", format!("Importen blev afvist, og intet er gemt: {}", list.0.iter().map(|f| f.message_da.as_str()).collect::<Vec<_>>().join(" ")));
            show_upload(&state, &user, input, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_are_read_as_utf8_or_windows_1252() {
        assert_eq!(decode_text("Målgruppe".as_bytes()), "Målgruppe");
        assert_eq!(decode_text(b"\xEF\xBB\xBFM\xC3\xA5l"), "Mål");
        assert_eq!(decode_text(b"M\xE5lgruppe \x96 \xA7 52"), "Målgruppe – § 52");
    }
}
