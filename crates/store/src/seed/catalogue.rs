//! The demo catalogue (`catalogue.json`): a Norddjurs-like set of units and services written for
//! Familiehus, with the 2022 report figures the demo cases are generated to match.

use crate::{Store, StoreError, StoredService};
use chrono::NaiveDate;
use familiehus_domain::legal_ref::parse_refs;
use familiehus_domain::{Access, AgeRange, Approval, Delivery, Service, ServiceRules, ServiceStatus, ServiceTexts, Unit};
use serde::Deserialize;

const CATALOGUE_JSON: &str = include_str!("catalogue.json");

#[derive(Deserialize)]
struct CatalogueSeed {
    units: Vec<UnitSeed>,
    services: Vec<ServiceSeed>,
}

#[derive(Deserialize)]
struct UnitSeed {
    key: String,
    name: String,
    short_name: String,
    /// "Kontakt os" on the public pages (fictional numbers and addresses).
    #[serde(default)]
    contact: Option<crate::UnitContact>,
}

#[derive(Deserialize)]
struct ApprovalSeed {
    body: String,
    date: NaiveDate,
}

#[derive(Deserialize)]
struct ServiceSeed {
    unit: String,
    name: String,
    legal_refs: String,
    status: String,
    approval: Option<ApprovalSeed>,
    ladder_step: u8,
    access: String,
    delivery: String,
    age_min: Option<u8>,
    age_max: Option<u8>,
    capacity: Option<u32>,
    in_report: bool,
    rules: ServiceRules,
    texts: ServiceTexts,
    #[serde(default)]
    themes: Vec<String>,
    report_2022: Option<Figures2022>,
}

/// One row of the 2022 report, which the demo cases reproduce.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Figures2022 {
    pub current_cases: i64,
    pub not_started: i64,
    pub mean_wait_days: f64,
}

fn bad(what: String) -> StoreError {
    StoreError::Corrupt(format!("demo catalogue: {what}"))
}

/// Stores the demo units and services; returns every service with its 2022 figures, if any.
pub async fn load_demo_catalogue(store: &Store) -> Result<Vec<(StoredService, Option<Figures2022>)>, StoreError> {
    let seed: CatalogueSeed = serde_json::from_str(CATALOGUE_JSON).map_err(|e| bad(e.to_string()))?;
    let mut unit_ids = std::collections::HashMap::new();
    for u in &seed.units {
        let stored = store.create_unit(&Unit { name: u.name.clone(), short_name: u.short_name.clone() }).await?;
        if let Some(contact) = &u.contact {
            let mut tx = store.begin().await?;
            tx.set_unit_contact(stored.id, contact).await?;
            tx.commit().await?;
        }
        unit_ids.insert(u.key.clone(), stored.id);
    }
    let mut out = Vec::new();
    for s in seed.services {
        let unit_id = *unit_ids.get(&s.unit).ok_or_else(|| bad(format!("unknown unit {}", s.unit)))?;
        let legal_refs = if s.legal_refs.trim().is_empty() { Vec::new() } else { parse_refs(&s.legal_refs).map_err(|e| bad(e.to_string()))? };
        let service = Service {
            name: s.name,
            legal_refs,
            texts: s.texts,
            status: ServiceStatus::from_code(&s.status).ok_or_else(|| bad(format!("status {}", s.status)))?,
            approval: s.approval.map(|a| Approval { body: a.body, date: a.date }),
            ladder_step: s.ladder_step,
            access: Access::from_code(&s.access).ok_or_else(|| bad(format!("access {}", s.access)))?,
            delivery: Delivery::from_code(&s.delivery).ok_or_else(|| bad(format!("delivery {}", s.delivery)))?,
            age_range: match (s.age_min, s.age_max) {
                (Some(min_years), Some(max_years)) => Some(AgeRange { min_years, max_years }),
                _ => None,
            },
            capacity: s.capacity,
            in_report: s.in_report,
            rules: s.rules,
            themes: s.themes,
        };
        out.push((store.create_service(unit_id, &service, None).await?, s.report_2022));
    }
    Ok(out)
}
