//! Bulk insertion of persons and cases for seeding: multi-row INSERTs in one transaction per
//! call, persons with ids chosen up front so cases can refer to them without a round trip each.
//! CPR numbers are sealed with their lookup hash like every other write (`cpr_crypt`).

use crate::{Db, Store, StoreError, with_pool};
use chrono::NaiveDate;
use familiehus_domain::{ClosureReason, Cpr, ReferralSource};

pub struct BulkPerson {
    pub id: i64,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub cpr: Option<Cpr>,
}

pub struct BulkCase {
    pub service_id: i64,
    pub person_id: i64,
    pub referral_source: ReferralSource,
    pub enrolled_on: NaiveDate,
    pub started_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub closure_reason: Option<ClosureReason>,
}

/// Rows per statement: 1000 rows × 7 columns stays below both databases' parameter limits.
const ROWS_PER_STATEMENT: usize = 1000;

fn values_sql(prefix: &str, columns: usize, rows: usize) -> String {
    let mut sql = String::from(prefix);
    let mut n = 0;
    for r in 0..rows {
        sql.push_str(if r == 0 { " VALUES (" } else { ", (" });
        for c in 0..columns {
            n += 1;
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    sql
}

impl Store {
    /// The next free person id.
    pub async fn next_person_id(&self) -> Result<i64, StoreError> {
        let sql = "SELECT CAST(COALESCE(max(id), 0) + 1 AS BIGINT) FROM persons";
        Ok(with_pool!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await)?)
    }

    /// Inserts persons (with their given ids) and cases, all or nothing.
    pub async fn insert_bulk(&self, persons: &[BulkPerson], cases: &[BulkCase]) -> Result<(), StoreError> {
        // Sealed up front (the connection is borrowed below); no key is needed without CPR numbers.
        let sealed: Vec<Option<(String, String)>> = if persons.iter().any(|p| p.cpr.is_some()) {
            let cipher = self.cipher()?;
            persons.iter().map(|p| p.cpr.as_ref().map(|c| (cipher.seal(c), cipher.lookup(c)))).collect()
        } else {
            vec![None; persons.len()]
        };
        let mut tx = self.begin().await?;
        crate::tx::with_tx!(tx, conn => {
            for (chunk, sealed) in persons.chunks(ROWS_PER_STATEMENT).zip(sealed.chunks(ROWS_PER_STATEMENT)) {
                let sql = values_sql("INSERT INTO persons (id, name, birth_date, cpr, cpr_hash)", 5, chunk.len());
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (p, s) in chunk.iter().zip(sealed) {
                    q = q.bind(p.id).bind(p.name.as_str()).bind(p.birth_date).bind(s.as_ref().map(|s| s.0.clone())).bind(s.as_ref().map(|s| s.1.clone()));
                }
                q.execute(&mut *conn).await?;
            }
            for chunk in cases.chunks(ROWS_PER_STATEMENT) {
                let sql = values_sql(
                    "INSERT INTO cases (service_id, person_id, referral_source, enrolled_on, started_on, closed_on, closure_reason, note)",
                    8,
                    chunk.len(),
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for c in chunk {
                    q = q
                        .bind(c.service_id)
                        .bind(c.person_id)
                        .bind(c.referral_source.code())
                        .bind(c.enrolled_on)
                        .bind(c.started_on)
                        .bind(c.closed_on)
                        .bind(c.closure_reason.map(ClosureReason::code))
                        .bind("");
                }
                q.execute(&mut *conn).await?;
            }
            Ok::<(), StoreError>(())
        })?;
        tx.commit().await?;
        if let Db::Postgres(pool) = &self.db {
            // Explicit ids bypass the identity sequence; move it past them.
            sqlx::query("SELECT setval(pg_get_serial_sequence('persons', 'id'), (SELECT COALESCE(max(id), 1) FROM persons))").execute(pool).await?;
        }
        Ok(())
    }

    /// Refreshes the planner's statistics after a bulk load.
    pub async fn analyze(&self) -> Result<(), StoreError> {
        // PostgreSQL also needs VACUUM for its visibility map, without which the report's
        // covering indexes cannot be read without visiting the table.
        let sql = match self.db {
            Db::Sqlite(_) => "ANALYZE",
            Db::Postgres(_) => "VACUUM ANALYZE",
        };
        crate::with_writer!(self, pool => sqlx::query(sql).execute(pool).await.map(|_| ()))?;
        Ok(())
    }
}
