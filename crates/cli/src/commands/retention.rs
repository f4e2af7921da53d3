//! `retention`: the retention rule from the console (`familiehus_app::retention`), as a dry run
//! or, with `--apply`, the anonymisation itself.

use familiehus_app::{Acting, App, Clock, retention};
use familiehus_domain::danish;
use familiehus_store::Store;

pub async fn run(store: &Store, apply: bool) -> anyhow::Result<()> {
    let app = App::new(store.clone(), Clock::system());
    let console = Acting::console();
    let plan = if apply { retention::apply(&app, &console).await? } else { retention::dry_run(&app, &console).await? };
    let verb = if apply { "Anonymiseret" } else { "Ville blive anonymiseret" };
    println!("Opbevaringstid: {} år efter sidste afslutning; personer, hvis sidste sag blev afsluttet før {}.", plan.years, danish::date(plan.cutoff));
    for p in &plan.persons {
        println!("  person {:>8}  {} sager, senest afsluttet {}", p.person_id, p.cases, danish::date(p.last_closed_on));
    }
    println!(
        "Henvendelser slettes {} måneder efter lukning; henvendelser lukket før {}: {}.",
        familiehus_domain::enquiry::RETENTION_MONTHS,
        danish::date(plan.enquiry_cutoff),
        plan.enquiries.len()
    );
    if plan.unanswered_enquiries > 0 {
        println!(
            "  {} ubesvarede henvendelser er modtaget før {} og slettes ikke: besvar dem i indbakken.",
            plan.unanswered_enquiries,
            danish::date(plan.enquiry_cutoff)
        );
    }
    println!("{verb}: {} personer, {} henvendelser.{}", plan.persons.len(), plan.enquiries.len(), if apply { "" } else { " Intet er ændret (brug --apply)." });
    Ok(())
}
