//! Units (enheder): Familiehuset, FTI, Sundhedsplejen, Myndighed.

use crate::{Store, StoreError, Tx, with_pool};
use familiehus_domain::Unit;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct StoredUnit {
    pub id: i64,
    pub name: String,
    pub short_name: String,
}

impl Tx {
    pub async fn create_unit(&mut self, unit: &Unit) -> Result<StoredUnit, StoreError> {
        if unit.name.trim().is_empty() {
            return Err(StoreError::invalid("name", "Enheden skal have et navn.", "unit name is empty"));
        }
        let sql = "INSERT INTO units (name, short_name) VALUES ($1, $2) RETURNING id, name, short_name";
        crate::tx::with_tx!(self, conn => sqlx::query_as(sql).bind(unit.name.trim()).bind(unit.short_name.trim()).fetch_one(conn).await)
            .map_err(|e| StoreError::unique_as_field(e, "name", "Der findes allerede en enhed med dette navn.", "unit name taken"))
    }
}

impl Store {
    pub async fn create_unit(&self, unit: &Unit) -> Result<StoredUnit, StoreError> {
        let mut tx = self.begin().await?;
        let created = tx.create_unit(unit).await?;
        tx.commit().await?;
        Ok(created)
    }

    pub async fn list_units(&self) -> Result<Vec<StoredUnit>, StoreError> {
        let sql = "SELECT id, name, short_name FROM units ORDER BY name";
        Ok(with_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?)
    }

    pub async fn unit_by_name(&self, name: &str) -> Result<Option<StoredUnit>, StoreError> {
        let sql = "SELECT id, name, short_name FROM units WHERE name = $1";
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(name).fetch_optional(pool).await)?)
    }
}
