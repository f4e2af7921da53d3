//! From an import to the catalogue: each imported entry becomes a `Service` draft (access,
//! delivery and age as the text proposed them — `guesses`, each with a warning — else inferred
//! from the legal basis, for the user to review), and the
//! drafts are compared with the existing catalogue (new, changed, retired, unchanged).

use super::ImportedService;
use crate::catalogue::{Access, Approval, Delivery, Service, ServiceRules, ServiceStatus};
use crate::legal_ref::{Law, LegalRef};
use serde::Serialize;

/// Ladder step and access inferred from the references: referred services under SEL §§ 52, 71,
/// 76, 109 (BL §§ 32, 75, 89, 90) sit at step 4, the preventive § 11 (BL §§ 28–30) at step 2.
fn inferred_referred(refs: &[LegalRef]) -> bool {
    refs.iter().any(|r| match r.law() {
        Law::Sel => matches!(r.paragraph(), 52 | 54 | 71 | 76 | 109 | 114),
        Law::Bl => matches!(r.paragraph(), 32 | 75 | 89 | 90),
    })
}

/// A draft service for one imported entry; the unit's other settings are the user's to set.
pub fn to_service(s: &ImportedService) -> Service {
    let referred = inferred_referred(&s.legal_refs);
    Service {
        name: s.name.clone(),
        legal_refs: s.legal_refs.clone(),
        texts: s.texts.clone(),
        status: if s.retired { ServiceStatus::Retired } else { ServiceStatus::Active },
        approval: s.approval.as_ref().and_then(|a| a.date.map(|date| Approval { body: a.body.clone(), date })),
        ladder_step: if referred { 4 } else { 2 },
        // The text's own word beats the law: anonymous counselling is given under § 11 too.
        access: if s.guesses.anonymous {
            Access::Anonymous
        } else if referred {
            Access::Referral
        } else {
            Access::Open
        },
        delivery: if s.guesses.group { Delivery::Group } else { Delivery::Individual },
        age_range: s.guesses.age_range,
        capacity: None,
        in_report: false,
        rules: ServiceRules::default(),
        themes: Vec::new(),
    }
}

/// What an import would do to the catalogue, matched by service name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CatalogueDiff {
    pub new: Vec<String>,
    /// Service name and the Danish labels of the fields that differ.
    pub changed: Vec<(String, Vec<&'static str>)>,
    /// In the catalogue but not in the import: they become `Udgået`.
    pub retired: Vec<String>,
    pub unchanged: Vec<String>,
}

pub fn diff(existing: &[Service], imported: &[Service]) -> CatalogueDiff {
    let mut d = CatalogueDiff::default();
    for new in imported {
        match existing.iter().find(|e| e.name == new.name) {
            None => d.new.push(new.name.clone()),
            Some(old) => {
                let fields = old.differences(&merge(Some(old), new.clone()));
                if fields.is_empty() { d.unchanged.push(new.name.clone()) } else { d.changed.push((new.name.clone(), fields)) }
            }
        }
    }
    for old in existing {
        if old.status == ServiceStatus::Active && !imported.iter().any(|n| n.name == old.name) {
            d.retired.push(old.name.clone());
        }
    }
    d
}

/// The service as it will be stored: an existing service keeps the settings the text does not
/// carry (ladder step, access, age, capacity, report flag, rules, themes).
pub fn merge(existing: Option<&Service>, imported: Service) -> Service {
    match existing {
        None => imported,
        Some(old) => Service {
            legal_refs: imported.legal_refs,
            texts: imported.texts,
            status: imported.status,
            approval: imported.approval.or_else(|| old.approval.clone()),
            ..old.clone()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue_import::import_catalogue;

    use familiehus_test_support::{fixtures, seeds};

    fn drafts_of(text: &str) -> Vec<Service> {
        import_catalogue(text).services.iter().map(to_service).collect()
    }

    /// The catalogue fixture written for the project (five services).
    fn drafts() -> Vec<Service> {
        drafts_of(fixtures::CATALOGUE)
    }

    #[test]
    fn fixture_drafts_are_valid_services_with_inferred_access() {
        let drafts = drafts();
        assert_eq!(drafts.len(), fixtures::CATALOGUE_SERVICES.len());
        for s in &drafts {
            assert!(s.validate().is_ok(), "{}", s.name);
        }
        let family = drafts.iter().find(|s| s.name == "Familiebehandling").map(|s| (s.access, s.ladder_step));
        assert_eq!(family, Some((Access::Referral, 4)));
        let group = drafts.iter().find(|s| s.name == "Forældregruppe for nybagte forældre").map(|s| (s.access, s.ladder_step, s.delivery));
        assert_eq!(group, Some((Access::Open, 2, Delivery::Group)));
        let retired: Vec<&str> = drafts.iter().filter(|s| s.status == ServiceStatus::Retired).map(|s| s.name.as_str()).collect();
        assert_eq!(retired, ["Netværksmøder"]);
    }

    #[test]
    fn seed_drafts_are_valid_services_with_inferred_access() {
        let Some(seed) = seeds::read(seeds::CATALOGUE_2023) else { return };
        let drafts = drafts_of(&seed);
        assert_eq!(drafts.len(), 17);
        for s in &drafts {
            assert!(s.validate().is_ok(), "{}", s.name);
        }
        let family = drafts.iter().find(|s| s.name == "Familiebehandling").map(|s| (s.access, s.ladder_step));
        assert_eq!(family, Some((Access::Referral, 4)));
        assert!(drafts.iter().any(|s| s.access == Access::Open && s.delivery == Delivery::Group));
    }

    #[test]
    fn diff_names_new_changed_retired_and_unchanged() {
        let drafts = drafts();
        let mut existing = drafts[..3].to_vec();
        existing[1].texts.target_group = "Gammel tekst".into();
        let mut gone = drafts[0].clone();
        gone.name = "Nedlagt tilbud".into();
        existing.push(gone);
        let d = diff(&existing, &drafts);
        assert_eq!(d.new.len(), drafts.len() - 3);
        assert_eq!(d.changed, vec![(drafts[1].name.clone(), vec!["Målgruppe"])]);
        assert_eq!(d.retired, vec!["Nedlagt tilbud".to_string()]);
        assert_eq!(d.unchanged, vec![drafts[0].name.clone(), drafts[2].name.clone()]);
        assert_eq!(diff(&drafts, &drafts).unchanged.len(), drafts.len());
    }

    #[test]
    fn merge_keeps_settings_the_text_does_not_carry() {
        let drafts = drafts();
        let mut old = drafts[0].clone();
        old.capacity = Some(12);
        old.in_report = true;
        old.texts.other = "Gammel".into();
        let merged = merge(Some(&old), drafts[0].clone());
        assert_eq!((merged.capacity, merged.in_report), (Some(12), true));
        assert_eq!(merged.texts, drafts[0].texts);
    }
}
