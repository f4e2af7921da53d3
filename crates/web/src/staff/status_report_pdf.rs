//! A status report as an accessible PDF (`/sager/{id}/statusrapporter/{rid}/pdf`, through the
//! same logged read as its page): the case, service and period, the report's text, and the
//! family's reading.

use super::errors::PageError;
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use axum::extract::{Path, State};
use axum::response::Response;
use familiehus_app::status_reports;
use familiehus_domain::danish;
use familiehus_pdf::{Block, Document};
use familiehus_store::{CaseRecord, StatusReport};

/// The report's blocks: paragraphs as written (blank lines between them).
pub fn document(record: &CaseRecord, report: &StatusReport) -> Document {
    let period = format!("{}–{}", danish::date(report.period_from), danish::date(report.period_to));
    let title = format!("Statusrapport {period}, sag {}", record.id);
    let mut blocks = vec![
        Block::Heading { level: 1, text: title.clone() },
        Block::Small(format!("{} · {} · {}", record.person_name, record.service_name, report.state.label_da())),
    ];
    let mut details = vec![format!("Skrevet af: {}", report.written_by.clone().unwrap_or_default())];
    if let Some(by) = &report.approved_by {
        details.push(format!("Godkendt af: {by}"));
    }
    blocks.push(Block::List(details));
    blocks.push(Block::Heading { level: 2, text: "Rapport".into() });
    blocks.extend(report.edit.body.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| Block::Paragraph(p.replace('\n', " "))));
    blocks.push(Block::Heading { level: 2, text: "Familiens gennemlæsning".into() });
    let read = report.edit.family_read_on.map(danish::date).unwrap_or_else(|| "ikke læst".into());
    blocks.push(Block::Paragraph(format!("Læst: {read}.")));
    if !report.edit.family_remarks.is_empty() {
        blocks.push(Block::Paragraph(format!("Familiens bemærkninger: {}", report.edit.family_remarks.replace('\n', " "))));
    }
    Document { title, landscape: false, blocks }
}

#[tracing::instrument(skip_all)]
pub async fn pdf(State(state): State<AppState>, user: CurrentUser, remote: Remote, Path((id, rid)): Path<(i64, i64)>) -> Result<Response, PageError> {
    let (record, report) = status_reports::read(&state.app, &user.acting(&remote), id, rid).await?;
    let doc = document(&record, &report);
    let bytes = tokio::task::spawn_blocking(move || familiehus_pdf::render(&doc))
        .await
        .map_err(|e| PageError::Internal(format!("pdf task: {e}")))?
        .map_err(|e| PageError::Internal(format!("pdf: {e}")))?;
    Ok(crate::download::file(crate::download::PDF, &format!("statusrapport-sag-{id}-{rid}.pdf"), bytes))
}
