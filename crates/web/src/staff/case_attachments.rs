//! Attachments on the staff pages: the case page's section (`templates/staff/case_attachments.html`:
//! the list with download links and the upload form, `enctype="multipart/form-data"`, no
//! script), the upload (`POST /sager/{id}/bilag`, a `Route::upload` taking a little more than
//! the 10 MB file limit, so a file just over it is a 422 at the field and anything larger the
//! policy's 413 page) and the download (`GET /sager/{id}/bilag/{attachment}`: logged by
//! `familiehus_app::attachments::open`, sent as `Content-Disposition: attachment` with the type
//! detected at upload and `nosniff`, so a browser never renders it as a page of ours).

use super::errors::PageError;
use super::fields::Choice;
use super::layout::{FieldMsg, FormErrors, Layout, form_title, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::{AppError, attachments};
use familiehus_domain::attachment::{AttachmentDraft, AttachmentKind, MAX_BYTES, size_text};
use familiehus_domain::danish;
use familiehus_store::{CaseRecord, StoreError, StoredAttachment};

/// What the upload route takes: the file limit plus room for the other fields and the
/// multipart framing.
pub const UPLOAD_LIMIT: usize = MAX_BYTES + 256 * 1024;

/// One attachment as the case page lists it.
pub struct AttachmentView {
    pub href: String,
    pub title: String,
    pub kind: &'static str,
    /// "PDF, 830 kB".
    pub file: String,
    pub uploaded: String,
}

/// The Danish day an attachment was added (the timeline's date).
pub fn uploaded_on(a: &StoredAttachment) -> chrono::NaiveDate {
    chrono::DateTime::parse_from_rfc3339(&a.uploaded_at).map(|t| danish::local_date(t.with_timezone(&chrono::Utc))).unwrap_or_default()
}

/// The attachment's line in the case's timeline: date, what, who, detail (`case_page` makes
/// it an `EventLine`; this module does not depend on the page).
pub fn timeline_line(a: &StoredAttachment) -> (String, String, String, String) {
    (danish::date(uploaded_on(a)), "Bilag tilføjet".into(), a.uploaded_by_name.clone().unwrap_or_default(), format!("{}: {}", a.kind.label_da(), a.title))
}

impl AttachmentView {
    pub fn of(a: &StoredAttachment) -> Self {
        let by = a.uploaded_by_name.as_deref().map(|n| format!(" af {n}")).unwrap_or_default();
        AttachmentView {
            href: format!("/sager/{}/bilag/{}", a.case_id, a.id),
            title: a.title.clone(),
            kind: a.kind.label_da(),
            file: format!("{}, {}", a.file_type.label_da(), size_text(usize::try_from(a.size_bytes).unwrap_or_default())),
            uploaded: format!("tilføjet {}{by}", danish::timestamp(&a.uploaded_at)),
        }
    }
}

/// The upload form with what was typed (a file input cannot be refilled) and its errors.
pub struct UploadForm {
    pub action: String,
    pub title: String,
    pub kinds: Vec<Choice>,
    pub errors: FormErrors,
}

fn upload_form(case_id: i64, title: String, kind: &str, errors: FormErrors) -> UploadForm {
    let kinds = Choice::list(AttachmentKind::ALL.iter().map(|k| (k.code().to_owned(), k.label_da().to_owned())), kind);
    UploadForm { action: format!("/sager/{case_id}/bilag"), title, kinds, errors }
}

/// The case page's attachments section.
pub struct Section {
    pub attachments: Vec<AttachmentView>,
    pub form: Option<UploadForm>,
}

/// The attachments of a case the page has just read (and logged) through `cases::read`.
pub async fn section(state: &AppState, user: &CurrentUser, remote: &Remote, record: &CaseRecord) -> Result<(Section, Vec<StoredAttachment>), PageError> {
    let stored = attachments::of_read_case(&state.app, record).await?;
    let form = familiehus_app::family::may_write(&user.acting(remote)).then(|| upload_form(record.id, String::new(), "", FormErrors::default()));
    Ok((Section { attachments: stored.iter().map(AttachmentView::of).collect(), form }, stored))
}

#[derive(Template)]
#[template(path = "staff/case_attachment_page.html")]
struct UploadPage {
    layout: Layout,
    errors: FormErrors,
    id: i64,
    form: UploadForm,
}

/// The form's element for a domain field: the upload form sits on the case page beside the
/// journal's form, so its ids carry a prefix (one `kind`, one `title` per page).
fn form_field(field: &'static str) -> &'static str {
    match field {
        "title" => "attachment_title",
        "kind" => "attachment_kind",
        "file" => "attachment_file",
        other => other,
    }
}

/// Reads the upload, at most `MAX_BYTES` + 1 of the file (the rest is not needed to refuse it).
async fn read_upload(mut multipart: Multipart) -> Result<AttachmentDraft, FormErrors> {
    let broken = |_| {
        let mut errors = FormErrors::default();
        errors.add("attachment_file", "Filen kunne ikke modtages. Prøv igen.");
        errors
    };
    let mut draft = AttachmentDraft::default();
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        match field.name().unwrap_or_default() {
            "title" => draft.title = field.text().await.map_err(broken)?,
            "kind" => draft.kind = field.text().await.map_err(broken)?,
            "file" => {
                while let Some(chunk) = field.chunk().await.map_err(broken)? {
                    if draft.bytes.len() + chunk.len() > MAX_BYTES {
                        draft.over_limit = true;
                        break;
                    }
                    draft.bytes.extend_from_slice(&chunk);
                }
                if draft.over_limit {
                    draft.bytes.clear();
                }
            }
            _ => {}
        }
    }
    Ok(draft)
}

#[tracing::instrument(skip_all)]
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let (title, kind, errors) = match read_upload(multipart).await {
        Ok(draft) => {
            let (title, kind) = (draft.title.clone(), draft.kind.clone());
            match attachments::upload(&state.app, &acting, id, draft).await {
                Ok(_) => return Ok(Redirect::to(&format!("/sager/{id}?besked=bilag#bilag")).into_response()),
                Err(AppError::Invalid(list) | AppError::Store(StoreError::Invalid(list))) => {
                    let mut errors = FormErrors::default();
                    for f in list.0 {
                        errors.add(form_field(f.field), f.message_da);
                    }
                    (title, kind, errors)
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(errors) => (String::new(), String::new(), errors),
    };
    // The refused form on its own page; the case must still be in scope to show it.
    familiehus_app::cases::visible(&state.app, &acting, id).await?;
    let base = format!("Tilføj bilag – sag {id}");
    let summary = FormErrors { list: errors.list.iter().map(|e| FieldMsg { field: e.field, message: e.message.clone() }).collect() };
    let view =
        UploadPage { layout: Layout::new(form_title(&base, &errors), &user, "/sager"), errors: summary, id, form: upload_form(id, title, &kind, errors) };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &view))
}

/// `bilag-12.pdf`: the download's name says what it is without repeating the title, which may
/// name the family.
fn file_name(a: &StoredAttachment) -> String {
    format!("bilag-{}.{}", a.id, a.file_type.extension())
}

#[tracing::instrument(skip_all)]
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path((id, attachment)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let (info, bytes) = attachments::open(&state.app, &user.acting(&remote), id, attachment).await?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(info.file_type.mime()));
    if let Ok(disposition) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file_name(&info))) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
