//! The family-house access models in the database (`0025_access_routes.sql`): which optional
//! ways in a service allows (a setting beside the service, like a unit's contact details), and
//! the reach report's one query — a nameless row per case opened in a period, with whether a
//! current journal contact has the father among its participants.

use crate::tx::with_tx;
use crate::{Entity, Store, StoreError, Tx, with_pool};
use chrono::NaiveDate;
use familiehus_domain::ReferralSource;
use familiehus_domain::access_route::{self, AccessRoute};
use familiehus_domain::reach::ReachRow;

impl Store {
    /// The optional ways in a service allows (empty: the authority referral only).
    pub async fn service_access_routes(&self, service_id: i64) -> Result<Vec<AccessRoute>, StoreError> {
        let sql = "SELECT access_routes FROM services WHERE id = $1";
        let codes: Option<String> = with_pool!(self, pool => sqlx::query_scalar(sql).bind(service_id).fetch_optional(pool).await)?;
        Ok(access_route::read_optional(&codes.ok_or(StoreError::NotFound { entity: Entity::Service, id: service_id })?))
    }

    /// Every service's optional ways in, for the forms that list services: `(service id, routes)`
    /// for the services that allow any.
    pub async fn services_with_access_routes(&self) -> Result<Vec<(i64, Vec<AccessRoute>)>, StoreError> {
        let sql = "SELECT id, access_routes FROM services WHERE access_routes <> '' ORDER BY id";
        let rows: Vec<(i64, String)> = with_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|(id, codes)| (id, access_route::read_optional(&codes))).filter(|(_, r)| !r.is_empty()).collect())
    }

    /// One row per case opened from `from` to `to` (both included), of one unit's services or
    /// every unit's: the reach report's input, without names.
    pub async fn reach_rows(&self, from: NaiveDate, to: NaiveDate, unit_id: Option<i64>) -> Result<Vec<ReachRow>, StoreError> {
        let sql = "SELECT c.id, c.enrolled_on, c.access_route, c.referral_source, p.birth_date, c.expected_birth_on, \
            CASE WHEN EXISTS (SELECT 1 FROM journal_entries e JOIN journal_versions v ON v.entry_id = e.id \
                WHERE e.case_id = c.id AND v.version = (SELECT max(w.version) FROM journal_versions w WHERE w.entry_id = e.id) \
                AND (',' || v.participants || ',') LIKE '%,father,%') THEN 1 ELSE 0 END \
            FROM cases c JOIN persons p ON p.id = c.person_id JOIN services s ON s.id = c.service_id \
            WHERE c.enrolled_on >= $1 AND c.enrolled_on <= $2 AND ($3 < 0 OR s.unit_id = $3) ORDER BY c.id";
        type Row = (i64, NaiveDate, String, String, Option<NaiveDate>, Option<NaiveDate>, i32);
        let rows: Vec<Row> = with_pool!(self, pool => sqlx::query_as(sql).bind(from).bind(to).bind(unit_id.unwrap_or(-1)).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|(id, enrolled_on, route, source, birth_date, expected_birth_on, father)| {
                let corrupt = |what: &str| StoreError::Corrupt(format!("case {id}: {what}"));
                Ok(ReachRow {
                    enrolled_on,
                    access_route: AccessRoute::from_code(&route).ok_or_else(|| corrupt("access_route"))?,
                    referral_source: ReferralSource::from_code(&source).ok_or_else(|| corrupt("referral_source"))?,
                    birth_date,
                    expected_birth_on,
                    father_took_part: father != 0,
                })
            })
            .collect()
    }
}

impl Tx {
    /// Sets the optional ways in a service allows.
    pub async fn set_service_access_routes(&mut self, service_id: i64, routes: &[AccessRoute]) -> Result<(), StoreError> {
        let sql = "UPDATE services SET access_routes = $1 WHERE id = $2";
        let codes = access_route::write_optional(routes);
        let done = with_tx!(self, conn => sqlx::query(sql).bind(codes).bind(service_id).execute(conn).await.map(|r| r.rows_affected()))?;
        if done == 0 { Err(StoreError::NotFound { entity: Entity::Service, id: service_id }) } else { Ok(()) }
    }
}
