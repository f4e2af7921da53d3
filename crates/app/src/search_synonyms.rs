//! The public search's synonym list: read by every public search (no actor: the list is not
//! personal and the page is public), and edited by administrators (`ManageSettings`, like the
//! other municipal settings), validated by `domain::danish_words::Synonyms::new`, replaced in one
//! transaction. Not cached, for the reason `settings` gives: several processes share the database.

use crate::{Acting, App, AppError};
use familiehus_domain::Permission;
use familiehus_domain::danish_words::{Synonym, Synonyms};
use familiehus_store::StoredSynonyms;

/// The list in force, for the public search.
pub async fn synonyms(app: &App) -> Result<Synonyms, AppError> {
    Ok(app.store.search_synonyms().await?.synonyms)
}

/// The list with its last change, for the administrator's page.
pub async fn synonyms_for_editing(app: &App, acting: &Acting) -> Result<StoredSynonyms, AppError> {
    acting.require(Permission::ManageSettings)?;
    Ok(app.store.search_synonyms().await?)
}

/// Replaces the list: administrators only, validated (every problem named), one transaction.
pub async fn update_synonyms(app: &App, acting: &Acting, entries: Vec<Synonym>) -> Result<(), AppError> {
    acting.require(Permission::ManageSettings)?;
    let synonyms = Synonyms::new(entries)?;
    let mut tx = app.store.begin().await?;
    tx.replace_search_synonyms(&synonyms, acting.account_id()).await?;
    tx.commit().await?;
    tracing::info!(by = acting.user.id, entries = synonyms.entries().len(), "search synonyms changed");
    Ok(())
}
