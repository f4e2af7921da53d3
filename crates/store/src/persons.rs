//! Persons (children, young people, parents) and families; search by name or CPR.

use crate::{Store, StoreError, with_pool};
use chrono::NaiveDate;
use familiehus_domain::Cpr;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    #[serde(skip)]
    pub cpr: Option<Cpr>,
    pub family_id: Option<i64>,
    pub family_name: Option<String>,
    pub family_role: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct NewPerson {
    pub name: String,
    pub cpr: Option<Cpr>,
    pub birth_date: Option<NaiveDate>,
    pub family_id: Option<i64>,
    /// `barn`, `forælder`, … as the caseworker writes it.
    pub family_role: Option<String>,
}

type PersonRow = (i64, String, Option<NaiveDate>, Option<String>, Option<i64>, Option<String>, Option<String>);

const SELECT: &str = "SELECT p.id, p.name, p.birth_date, p.cpr, p.family_id, f.name, p.family_role FROM persons p LEFT JOIN families f ON f.id = p.family_id";

fn person(r: PersonRow) -> Person {
    Person { id: r.0, name: r.1, birth_date: r.2, cpr: r.3.and_then(|c| Cpr::parse(&c).ok()), family_id: r.4, family_name: r.5, family_role: r.6 }
}

impl Store {
    pub async fn create_family(&self, name: &str) -> Result<i64, StoreError> {
        if name.trim().is_empty() {
            return Err(StoreError::invalid("family_name", "Familien skal have et navn.", "family name is empty"));
        }
        let sql = "INSERT INTO families (name) VALUES ($1) RETURNING id";
        Ok(crate::with_writer!(self, pool => sqlx::query_scalar(sql).bind(name.trim()).fetch_one(pool).await)?)
    }

    pub async fn create_person(&self, p: &NewPerson) -> Result<Person, StoreError> {
        if p.name.trim().is_empty() {
            return Err(StoreError::invalid("person_name", "Skriv personens navn.", "person name is empty"));
        }
        let birth_date = p.birth_date.or_else(|| p.cpr.as_ref().and_then(Cpr::birth_date));
        let sql = "INSERT INTO persons (name, birth_date, cpr, family_id, family_role) VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let id: i64 = crate::with_writer!(self, pool => sqlx::query_scalar(sql)
            .bind(p.name.trim())
            .bind(birth_date)
            .bind(p.cpr.as_ref().map(Cpr::full))
            .bind(p.family_id)
            .bind(p.family_role.as_deref())
            .fetch_one(pool)
            .await)
        .map_err(|e| StoreError::unique_as_field(e, "cpr", "Der findes allerede en person med dette CPR-nummer.", "cpr taken"))?;
        self.person(id).await
    }

    pub async fn person(&self, id: i64) -> Result<Person, StoreError> {
        let sql = format!("{SELECT} WHERE p.id = $1");
        let row: Option<PersonRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await)?;
        row.map(person).ok_or(StoreError::NotFound { entity: crate::Entity::Person, id })
    }

    /// Persons whose name contains the text, or whose CPR number is the text; at most 50.
    pub async fn search_persons(&self, text: &str) -> Result<Vec<Person>, StoreError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let cpr = Cpr::parse(text).ok().map(|c| c.full()).unwrap_or_default();
        let like = format!("%{}%", text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let sql = format!("{SELECT} WHERE lower(p.name) LIKE $1 ESCAPE '\\' OR p.cpr = $2 ORDER BY p.name, p.id LIMIT 50");
        let rows: Vec<PersonRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(like).bind(cpr).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(person).collect())
    }

    pub async fn family_members(&self, family_id: i64) -> Result<Vec<Person>, StoreError> {
        let sql = format!("{SELECT} WHERE p.family_id = $1 ORDER BY p.birth_date, p.id");
        let rows: Vec<PersonRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(family_id).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(person).collect())
    }
}
