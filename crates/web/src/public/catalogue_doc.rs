//! The whole published catalogue as one document, grouped unit → ladder category → step, with
//! every service's eight template fields in the catalogue's order. Both the printable page and
//! the PDF are drawn from this one structure, so they always list the same services.

use super::text::{self, Block};
use chrono::NaiveDate;
use familiehus_domain::{Ladder, LadderCategory, ServiceStatus, danish};
use familiehus_store::StoredService;

#[derive(Debug, Clone)]
pub struct CatalogueDoc {
    /// `26.04.2022`.
    pub printed: String,
    pub units: Vec<UnitGroup>,
    pub service_count: usize,
}

#[derive(Debug, Clone)]
pub struct UnitGroup {
    pub name: String,
    pub anchor: String,
    pub categories: Vec<CategoryGroup>,
}

#[derive(Debug, Clone)]
pub struct CategoryGroup {
    pub label: String,
    pub anchor: String,
    pub steps: Vec<StepGroup>,
}

#[derive(Debug, Clone)]
pub struct StepGroup {
    /// `Visiterede indsatser i hjemmet`: the step's own words, not its number (citizens do not
    /// know the ladder's numbering).
    pub label: String,
    pub services: Vec<ServiceEntry>,
}

#[derive(Debug, Clone)]
pub struct ServiceEntry {
    pub id: i64,
    pub anchor: String,
    pub name: String,
    /// The catalogue's title line: name and canonical legal basis.
    pub title: String,
    /// The seven texts after the title: (label, blocks); empty texts have no blocks.
    pub fields: Vec<(&'static str, Vec<Block>)>,
    /// Short facts under the title: access, age, approval.
    pub facts: Vec<String>,
}

/// Category order on the ladder; steps unknown to the ladder come last, as "Øvrige tilbud".
fn category_of(step: u8, ladder: &Ladder) -> Option<LadderCategory> {
    ladder.step(step).map(|s| s.category)
}

fn category_anchor(category: Option<LadderCategory>) -> &'static str {
    match category {
        Some(LadderCategory::Universal) => "almene",
        Some(LadderCategory::Preventive) => "forebyggende",
        Some(LadderCategory::Referred) => "visiterede",
        None => "oevrige",
    }
}

fn step_label(step: u8, ladder: &Ladder) -> String {
    match ladder.step(step) {
        Some(s) => s.label.clone(),
        None => "Øvrige tilbud".to_owned(),
    }
}

/// The seven texts as the catalogue prints them. A text that repeats the field above it (an
/// imported "Som ovenfor", resolved so the data stands alone) is printed as "Som ovenfor." again,
/// so no paragraph appears twice in a row.
fn printed_fields(texts: &familiehus_domain::ServiceTexts) -> Vec<(&'static str, Vec<Block>)> {
    let fields = texts.fields();
    let mut out = Vec::with_capacity(fields.len());
    let mut previous: Option<&str> = None;
    for (_, label, value) in fields {
        let repeats = previous.is_some_and(|p| !value.trim().is_empty() && p.trim() == value.trim());
        let blocks = if repeats { vec![Block { list: false, lines: vec!["Som ovenfor.".to_owned()] }] } else { text::blocks(value) };
        out.push((label, blocks));
        previous = Some(value);
    }
    out
}

fn entry(s: &StoredService) -> ServiceEntry {
    let service = &s.service;
    let mut facts = vec![format!("Adgang: {}", text::access_badge(service.access)), format!("Alder: {}", text::age_text(service.age_range))];
    if let Some(a) = &service.approval {
        facts.push(format!("Godkendt af {} den {}", a.body, danish::date(a.date)));
    }
    ServiceEntry {
        id: s.id,
        anchor: format!("tilbud-{}", s.id),
        name: service.name.clone(),
        title: service.title(),
        fields: printed_fields(&service.texts),
        facts,
    }
}

/// Groups the active services; retired ones are left out. Units sort by name, then categories
/// in ladder order, steps ascending, services by name.
pub fn build(services: &[StoredService], ladder: &Ladder, printed: NaiveDate) -> CatalogueDoc {
    let mut active: Vec<&StoredService> = services.iter().filter(|s| s.service.status == ServiceStatus::Active).collect();
    // `None` (unknown step) sorts first in `Option`'s order; map it past every category.
    let rank = |s: &StoredService| category_of(s.service.ladder_step, ladder).map_or(u8::MAX, |c| c as u8);
    active.sort_by(|a, b| {
        (a.unit_name.as_str(), a.unit_id, rank(a), a.service.ladder_step, a.service.name.as_str()).cmp(&(
            b.unit_name.as_str(),
            b.unit_id,
            rank(b),
            b.service.ladder_step,
            b.service.name.as_str(),
        ))
    });
    let mut units: Vec<UnitGroup> = Vec::new();
    let mut unit_ids: Vec<i64> = Vec::new();
    for s in &active {
        if unit_ids.last() != Some(&s.unit_id) {
            unit_ids.push(s.unit_id);
            units.push(UnitGroup { name: s.unit_name.clone(), anchor: format!("enhed-{}", s.unit_id), categories: Vec::new() });
        }
        let Some(unit) = units.last_mut() else { continue };
        let category = category_of(s.service.ladder_step, ladder);
        let label = category.map_or("Øvrige tilbud", LadderCategory::label_da);
        if unit.categories.last().is_none_or(|c| c.label != label) {
            let anchor = format!("{}-{}", unit.anchor, category_anchor(category));
            unit.categories.push(CategoryGroup { label: label.to_owned(), anchor, steps: Vec::new() });
        }
        let Some(cat) = unit.categories.last_mut() else { continue };
        let step = step_label(s.service.ladder_step, ladder);
        if cat.steps.last().is_none_or(|st| st.label != step) {
            cat.steps.push(StepGroup { label: step, services: Vec::new() });
        }
        if let Some(st) = cat.steps.last_mut() {
            st.services.push(entry(s));
        }
    }
    CatalogueDoc { printed: danish::date(printed), units, service_count: active.len() }
}

impl CatalogueDoc {
    /// Every service in document order.
    pub fn services(&self) -> impl Iterator<Item = &ServiceEntry> {
        self.units.iter().flat_map(|u| u.categories.iter()).flat_map(|c| c.steps.iter()).flat_map(|st| st.services.iter())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use familiehus_domain::legal_ref::parse_refs;
    use familiehus_domain::{Access, AgeRange, Delivery, Service, ServiceRules, ServiceTexts};

    pub(crate) fn stored(id: i64, unit_id: i64, unit: &str, name: &str, step: u8) -> StoredService {
        StoredService {
            id,
            unit_id,
            unit_name: unit.to_owned(),
            service: Service {
                name: name.to_owned(),
                legal_refs: parse_refs("§ 52.3.3").unwrap_or_default(),
                texts: ServiceTexts {
                    target_group: format!("Familier med børn – målgruppe for {name}. Mere tekst."),
                    activities: "- Samtaler\n- Hjemmebesøg".into(),
                    ..Default::default()
                },
                status: ServiceStatus::Active,
                approval: None,
                ladder_step: step,
                access: Access::Referral,
                delivery: Delivery::Individual,
                age_range: Some(AgeRange { min_years: 0, max_years: 17 }),
                capacity: None,
                in_report: false,
                rules: ServiceRules::default(),
                themes: Vec::new(),
            },
        }
    }

    #[test]
    fn groups_by_unit_then_category_then_step_and_drops_retired() {
        let mut retired = stored(4, 1, "Familiehuset", "Gammelt tilbud", 4);
        retired.service.status = ServiceStatus::Retired;
        let services = vec![
            stored(1, 1, "Familiehuset", "Familiebehandling", 4),
            stored(2, 2, "FTI", "Åben rådgivning", 1),
            stored(3, 1, "Familiehuset", "Cool Kids", 2),
            retired,
            stored(5, 1, "Familiehuset", "Ukendt trin", 12),
        ];
        let doc = build(&services, &Ladder::default(), NaiveDate::from_ymd_opt(2022, 4, 26).unwrap_or_default());
        assert_eq!(doc.printed, "26.04.2022");
        assert_eq!(doc.service_count, 4);
        let units: Vec<_> = doc.units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(units, ["FTI", "Familiehuset"]);
        let fh = &doc.units[1];
        let cats: Vec<_> = fh.categories.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(cats, ["Forebyggende og foregribende tilbud", "Visiterede indsatser og anbringelser", "Øvrige tilbud"]);
        let names: Vec<_> = doc.services().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Åben rådgivning", "Cool Kids", "Familiebehandling", "Ukendt trin"]);
        let first = doc.services().next().map(|s| (s.title.clone(), s.fields.len()));
        assert_eq!(first, Some(("Åben rådgivning jf. SEL § 52, stk. 3, nr. 3".to_owned(), 7)));
    }
}
