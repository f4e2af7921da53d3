//! The municipality's settings (the intervention ladder, the status report's lead time, the
//! long-wait threshold): read by every page that uses them, changed by administrators only.
//!
//! Not cached in `App`: the settings are one primary-key row, a read far cheaper than the pages
//! that use them, and several processes share one database (the server, the CLI, several
//! servers on PostgreSQL), so a per-process cache would keep showing old settings in every
//! process but the one that saved. Reading each time makes a change apply everywhere at once.

use crate::{Acting, App, AppError};
use familiehus_domain::{FieldError, MunicipalitySettings, Permission, ValidationErrors};
use familiehus_store::StoredSettings;

/// The settings in force (the defaults until an administrator saves).
pub async fn settings(app: &App) -> Result<MunicipalitySettings, AppError> {
    Ok(app.store.settings().await?.settings)
}

/// The settings with their last change, for the settings page.
pub async fn settings_with_change(app: &App, acting: &Acting) -> Result<StoredSettings, AppError> {
    acting.require(Permission::ManageSettings)?;
    Ok(app.store.settings().await?)
}

/// Replaces the settings: administrators only, validated, and refused when the new ladder drops
/// a step services are still placed on (their step would no longer exist), in one transaction.
pub async fn update_settings(app: &App, acting: &Acting, new: &MunicipalitySettings) -> Result<(), AppError> {
    acting.require(Permission::ManageSettings)?;
    let mut errors = match new.validate() {
        Ok(()) => Vec::new(),
        Err(ValidationErrors(list)) => list,
    };
    let mut in_use: Vec<u8> = app.store.list_services().await?.iter().map(|s| s.service.ladder_step).filter(|n| new.ladder.step(*n).is_none()).collect();
    in_use.sort_unstable();
    in_use.dedup();
    for n in in_use {
        errors.push(FieldError::new(
            "ladder",
            format!("Trin {n} kan ikke fjernes, fordi der er indsatser på det. Flyt dem til et andet trin først."),
            format!("ladder step {n} is used by services"),
        ));
    }
    ValidationErrors::check(errors)?;
    let mut tx = app.store.begin().await?;
    tx.save_settings(new, Some(acting.user.id)).await?;
    tx.commit().await?;
    tracing::info!(
        by = acting.user.id,
        steps = new.ladder.steps().len(),
        status_report_lead_days = new.status_report_lead_days,
        long_wait_days = new.long_wait_days,
        "settings changed"
    );
    Ok(())
}
