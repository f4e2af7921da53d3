//! Strengthened family treatment's tables (`0024_family_treatment.sql`): a case's three phases
//! (one row, replaced when corrected) and its network maps (dated snapshots, never changed:
//! revisiting the network adds a snapshot, so two can be compared). The rules are
//! `domain::family_treatment` and `domain::network_map`; who may write is `app::family_treatment`.

use crate::tx::with_tx;
use crate::{Store, StoreError, Tx, with_pool};
use chrono::NaiveDate;
use familiehus_domain::family_treatment::{PhaseDates, Phases};
use familiehus_domain::network_map::{Closeness, NetworkMap, NetworkPerson};
use serde::Serialize;

/// A stored network map with who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredNetworkMap {
    pub id: i64,
    #[serde(flatten)]
    pub map: NetworkMap,
    pub written_at: String,
    pub written_by_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PhaseRow {
    phase1_start: Option<NaiveDate>,
    phase1_end: Option<NaiveDate>,
    phase2_start: Option<NaiveDate>,
    phase2_end: Option<NaiveDate>,
    phase3_start: Option<NaiveDate>,
    phase3_end: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct MapRow {
    id: i64,
    taken_on: NaiveDate,
    written_at: String,
    written_by_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    map_id: i64,
    name: String,
    relation: String,
    closeness: String,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Store {
    /// A case's phases; none recorded reads as three empty phases.
    pub async fn phases(&self, case_id: i64) -> Result<Phases, StoreError> {
        let sql = "SELECT phase1_start, phase1_end, phase2_start, phase2_end, phase3_start, phase3_end FROM treatment_phases WHERE case_id = $1";
        let row: Option<PhaseRow> = with_pool!(self, pool => sqlx::query_as(sql).bind(case_id).fetch_optional(pool).await)?;
        Ok(row.map_or_else(Phases::default, |r| {
            Phases([
                PhaseDates { starts_on: r.phase1_start, ends_on: r.phase1_end },
                PhaseDates { starts_on: r.phase2_start, ends_on: r.phase2_end },
                PhaseDates { starts_on: r.phase3_start, ends_on: r.phase3_end },
            ])
        }))
    }

    /// A case's network maps, oldest first (by date, then as written), each with its people.
    pub async fn network_maps(&self, case_id: i64) -> Result<Vec<StoredNetworkMap>, StoreError> {
        let maps_sql = "SELECT m.id, m.taken_on, m.written_at, u.display_name AS written_by_name FROM network_maps m \
            LEFT JOIN users u ON u.id = m.written_by WHERE m.case_id = $1 ORDER BY m.taken_on, m.id";
        let people_sql = "SELECT p.map_id, p.name, p.relation, p.closeness FROM network_people p JOIN network_maps m ON m.id = p.map_id \
            WHERE m.case_id = $1 ORDER BY p.map_id, p.position";
        let (maps, people): (Vec<MapRow>, Vec<PersonRow>) = with_pool!(self, pool => {
            let maps = sqlx::query_as(maps_sql).bind(case_id).fetch_all(pool).await?;
            let people = sqlx::query_as(people_sql).bind(case_id).fetch_all(pool).await?;
            Ok::<_, sqlx::Error>((maps, people))
        })?;
        let mut out: Vec<StoredNetworkMap> = maps
            .into_iter()
            .map(|m| StoredNetworkMap {
                id: m.id,
                map: NetworkMap { taken_on: m.taken_on, people: Vec::new() },
                written_at: m.written_at,
                written_by_name: m.written_by_name,
            })
            .collect();
        for p in people {
            let closeness = Closeness::from_code(&p.closeness).ok_or_else(|| StoreError::Corrupt(format!("network map {}: closeness", p.map_id)))?;
            if let Some(map) = out.iter_mut().find(|m| m.id == p.map_id) {
                map.map.people.push(NetworkPerson { name: p.name, relation: p.relation, closeness });
            }
        }
        Ok(out)
    }
}

impl Tx {
    /// Records a case's phases, replacing what was recorded before.
    pub async fn save_phases(&mut self, case_id: i64, phases: &Phases, by: Option<i64>) -> Result<(), StoreError> {
        let sql = "INSERT INTO treatment_phases (case_id, phase1_start, phase1_end, phase2_start, phase2_end, phase3_start, phase3_end, written_at, written_by) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (case_id) DO UPDATE SET phase1_start = excluded.phase1_start, \
            phase1_end = excluded.phase1_end, phase2_start = excluded.phase2_start, phase2_end = excluded.phase2_end, \
            phase3_start = excluded.phase3_start, phase3_end = excluded.phase3_end, written_at = excluded.written_at, written_by = excluded.written_by";
        let [a, b, c] = phases.0;
        let at = now();
        with_tx!(self, conn => sqlx::query(sql).bind(case_id).bind(a.starts_on).bind(a.ends_on).bind(b.starts_on).bind(b.ends_on)
            .bind(c.starts_on).bind(c.ends_on).bind(&at).bind(by).execute(conn).await.map(|_| ()))?;
        Ok(())
    }

    /// Adds a network map to the case; returns its id.
    pub async fn add_network_map(&mut self, case_id: i64, map: &NetworkMap, by: Option<i64>) -> Result<i64, StoreError> {
        let insert = "INSERT INTO network_maps (case_id, taken_on, written_at, written_by) VALUES ($1, $2, $3, $4) RETURNING id";
        let person = "INSERT INTO network_people (map_id, position, name, relation, closeness) VALUES ($1, $2, $3, $4, $5)";
        let at = now();
        let id: i64 = with_tx!(self, conn => {
            let id: i64 = sqlx::query_scalar(insert).bind(case_id).bind(map.taken_on).bind(&at).bind(by).fetch_one(&mut *conn).await?;
            for (i, p) in map.people.iter().enumerate() {
                let position = i64::try_from(i).unwrap_or(i64::MAX);
                sqlx::query(person).bind(id).bind(position).bind(&p.name).bind(&p.relation).bind(p.closeness.code()).execute(&mut *conn).await?;
            }
            id
        });
        Ok(id)
    }
}
