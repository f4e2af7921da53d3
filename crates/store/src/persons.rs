//! Persons (children, young people, parents) and families; search by name, birth date or CPR.
//! CPR numbers are written sealed with their lookup hash and read opened (`cpr_crypt`), so no
//! query here ever holds one in clear.

use crate::tx::with_tx;
use crate::{Store, StoreError, with_pool};
use chrono::NaiveDate;
use familiehus_domain::{Cpr, PersonQuery};
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

/// The name as the search compares it: lower case, with the letters SQLite's `lower()` leaves
/// alone (it folds ASCII only) folded first, so both backends compare alike whatever their locale.
pub(crate) const NAME_KEY: &str =
    "replace(replace(replace(replace(replace(replace(replace(lower(p.name), 'Æ', 'æ'), 'Ø', 'ø'), 'Å', 'å'), 'Ä', 'ä'), 'Ö', 'ö'), 'Ü', 'ü'), 'É', 'é')";

/// The search text folded the way `NAME_KEY` folds names.
pub(crate) fn name_key(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'Æ' | 'Ø' | 'Å' | 'Ä' | 'Ö' | 'Ü' | 'É' => c.to_lowercase().next().unwrap_or(c),
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

const SELECT: &str = "SELECT p.id, p.name, p.birth_date, p.cpr, p.family_id, f.name, p.family_role FROM persons p LEFT JOIN families f ON f.id = p.family_id";

impl Store {
    /// A row as a person, its CPR number opened (a value that does not open is `Corrupt`).
    fn person_of(&self, r: PersonRow) -> Result<Person, StoreError> {
        let cpr = match r.3 {
            Some(stored) => Some(self.cipher()?.open(&stored).map_err(|e| StoreError::Corrupt(format!("person {}: {e}", r.0)))?),
            None => None,
        };
        Ok(Person { id: r.0, name: r.1, birth_date: r.2, cpr, family_id: r.4, family_name: r.5, family_role: r.6 })
    }

    fn persons_of(&self, rows: Vec<PersonRow>) -> Result<Vec<Person>, StoreError> {
        rows.into_iter().map(|r| self.person_of(r)).collect()
    }

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
        let sealed = match &p.cpr {
            Some(cpr) => Some((self.cipher()?.seal(cpr), self.cipher()?.lookup(cpr))),
            None => None,
        };
        let sql = "INSERT INTO persons (name, birth_date, cpr, cpr_hash, family_id, family_role) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let id: i64 = crate::with_writer!(self, pool => sqlx::query_scalar(sql)
            .bind(p.name.trim())
            .bind(birth_date)
            .bind(sealed.as_ref().map(|s| s.0.as_str()))
            .bind(sealed.as_ref().map(|s| s.1.as_str()))
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
        self.person_of(row.ok_or(StoreError::NotFound { entity: crate::Entity::Person, id })?)
    }

    /// Persons whose name contains the text (any case), born on the date, or with exactly the
    /// CPR number; at most 50, by name.
    pub async fn search_persons(&self, search: &PersonQuery) -> Result<Vec<Person>, StoreError> {
        let rows: Vec<PersonRow> = match search {
            PersonQuery::Name(text) => {
                let text = text.trim();
                if text.is_empty() {
                    return Ok(Vec::new());
                }
                let like = format!("%{}%", name_key(text).replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
                let sql = format!("{SELECT} WHERE {NAME_KEY} LIKE $1 ESCAPE '\\' ORDER BY p.name, p.id LIMIT 50");
                with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(like).fetch_all(pool).await)?
            }
            PersonQuery::BirthDate(date) => {
                let sql = format!("{SELECT} WHERE p.birth_date = $1 ORDER BY p.name, p.id LIMIT 50");
                with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(*date).fetch_all(pool).await)?
            }
            PersonQuery::Cpr(cpr) => {
                let hash = self.cipher()?.lookup(cpr);
                let sql = format!("{SELECT} WHERE p.cpr_hash = $1 ORDER BY p.name, p.id LIMIT 50");
                with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(hash).fetch_all(pool).await)?
            }
        };
        self.persons_of(rows)
    }

    pub async fn family_members(&self, family_id: i64) -> Result<Vec<Person>, StoreError> {
        let sql = format!("{SELECT} WHERE p.family_id = $1 ORDER BY p.birth_date, p.id");
        let rows: Vec<PersonRow> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(family_id).fetch_all(pool).await)?;
        self.persons_of(rows)
    }
}

impl crate::Tx {
    /// `Store::use_cpr_key`'s work: checks the key against the stored fingerprint (storing it
    /// the first time), then seals every CPR number still in clear.
    pub(crate) async fn adopt_cpr_key(&mut self, cipher: &crate::cpr_crypt::CprCipher) -> Result<u64, StoreError> {
        let stored: Option<String> = with_tx!(self, conn => sqlx::query_scalar("SELECT fingerprint FROM cpr_key WHERE id = 1").fetch_optional(conn).await)?;
        match stored {
            Some(f) if f != cipher.fingerprint => return Err(StoreError::CprKeyMismatch),
            Some(_) => {}
            None => {
                with_tx!(self, conn => sqlx::query("INSERT INTO cpr_key (id, fingerprint) VALUES (1, $1)").bind(&cipher.fingerprint).execute(conn).await.map(|_| ()))?;
            }
        }
        let clear: Vec<(i64, String)> =
            with_tx!(self, conn => sqlx::query_as("SELECT id, cpr FROM persons WHERE cpr IS NOT NULL AND cpr_hash IS NULL").fetch_all(conn).await)?;
        let mut sealed = 0;
        for (id, text) in clear {
            if crate::cpr_crypt::is_sealed(&text) {
                continue;
            }
            // A clear value that is not a CPR number cannot be sealed as one: stop, and say which row.
            let cpr = Cpr::parse(&text).map_err(|_| StoreError::Corrupt(format!("person {id}: the stored CPR number is not one")))?;
            let update = "UPDATE persons SET cpr = $1, cpr_hash = $2 WHERE id = $3";
            with_tx!(self, conn => sqlx::query(update).bind(cipher.seal(&cpr)).bind(cipher.lookup(&cpr)).bind(id).execute(conn).await.map(|_| ()))?;
            sealed += 1;
        }
        if sealed > 0 {
            tracing::info!(sealed, "sealed CPR numbers stored in clear");
        }
        Ok(sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CprKey;

    /// Rows written in clear before migration 0007 are sealed when the key is first given,
    /// in one transaction, and then found by their hash. (SQL outside the store's API is
    /// needed to write such a row, so this is a unit test, on SQLite.)
    #[tokio::test]
    async fn clear_rows_are_sealed_when_the_key_is_first_used() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("old.db").display());
        let store = Store::connect(&url).await.expect("connect");
        store.migrate().await.expect("migrate");
        let insert = "INSERT INTO persons (name, cpr) VALUES ('Gammel Række', '010215-4321'), ('Uden CPR', NULL)";
        crate::with_writer!(store, pool => sqlx::query(insert).execute(pool).await.map(|_| ())).expect("clear row");
        let key = CprKey::generate();
        let store = store.use_cpr_key(&key).await.expect("seal");
        let stored: Vec<(Option<String>, Option<String>)> =
            with_pool!(store, pool => sqlx::query_as("SELECT cpr, cpr_hash FROM persons ORDER BY id").fetch_all(pool).await).expect("rows");
        assert!(stored[0].0.as_deref().is_some_and(|c| c.starts_with("c1:") && !c.contains("4321")), "{stored:?}");
        assert!(stored[0].1.is_some() && stored[1] == (None, None), "{stored:?}");
        let found = store.search_persons(&PersonQuery::parse("010215-4321").expect("query")).await.expect("search");
        assert_eq!(found.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Gammel Række"]);
        // Given again (every start), nothing is sealed twice; another key is refused.
        let again = store.without_cpr_key().use_cpr_key(&key).await.expect("same key");
        assert_eq!(again.person(found[0].id).await.expect("read").cpr, Cpr::parse("010215-4321").ok());
        assert!(matches!(store.without_cpr_key().use_cpr_key(&CprKey::generate()).await, Err(StoreError::CprKeyMismatch)));
    }
}
