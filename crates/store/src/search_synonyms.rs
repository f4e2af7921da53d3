//! The public search's synonym list (`0011_search_synonyms.sql`): one row per term, in the
//! administrator's order, alternatives comma-joined. Read on every public search (one small
//! table), replaced whole inside a unit of work. Rows are read leniently
//! (`Synonyms::lenient`), so a row edited outside the product cannot break the search.

use crate::settings::SettingsChange;
use crate::{Store, StoreError, Tx, with_pool};
use familiehus_domain::danish_words::{Synonym, Synonyms};

/// The list and its last change (`None` while the seeded defaults stand, or the list is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSynonyms {
    pub synonyms: Synonyms,
    pub changed: Option<SettingsChange>,
}

impl Store {
    pub async fn search_synonyms(&self) -> Result<StoredSynonyms, StoreError> {
        let sql =
            "SELECT s.term, s.alternatives, s.changed_at, u.display_name FROM search_synonyms s LEFT JOIN users u ON u.id = s.changed_by ORDER BY s.position";
        let rows: Vec<(String, String, Option<String>, Option<String>)> = with_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        let changed = rows.iter().find_map(|(_, _, at, by)| at.clone().map(|at| SettingsChange { at, by: by.clone() }));
        let entries = rows.into_iter().map(|(term, alternatives, _, _)| Synonym::new(&term, alternatives.split(','))).collect();
        Ok(StoredSynonyms { synonyms: Synonyms::lenient(entries), changed })
    }
}

impl Tx {
    /// Replaces the whole list, recording who saved it.
    pub async fn replace_search_synonyms(&mut self, synonyms: &Synonyms, by: Option<i64>) -> Result<(), StoreError> {
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        crate::tx::with_tx!(self, conn => sqlx::query("DELETE FROM search_synonyms").execute(&mut *conn).await.map(|_| ()))?;
        let sql = "INSERT INTO search_synonyms (position, term, alternatives, changed_at, changed_by) VALUES ($1, $2, $3, $4, $5)";
        for (i, entry) in synonyms.entries().iter().enumerate() {
            let position = i64::try_from(i).unwrap_or(i64::MAX);
            let alternatives = entry.alternatives.join(", ");
            crate::tx::with_tx!(self, conn => sqlx::query(sql).bind(position).bind(&entry.term).bind(&alternatives).bind(&at).bind(by).execute(&mut *conn).await.map(|_| ()))?;
        }
        Ok(())
    }
}
