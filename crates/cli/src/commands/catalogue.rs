//! `catalogue import FILE`: text extracted from a catalogue PDF → services. `--dry-run` writes
//! nothing: it reads the file and, when the database exists, opens it read-only to show what the
//! import would change; otherwise the whole import is applied in one transaction.

use crate::args::ImportFormat;
use anyhow::Context;
use familiehus_domain::catalogue_import::review::CatalogueDiff;
use familiehus_domain::catalogue_import::{ImportResult, import_catalogue, review};
use familiehus_domain::legal_ref::format_refs;
use familiehus_domain::{Service, Unit};
use std::path::Path;

pub async fn import(database_url: &str, file: &Path, dry_run: bool, format: ImportFormat, unit: &str) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("kan ikke læse {}", file.display()))?;
    let text = familiehus_web::staff::catalogue::import::decode_text(&bytes);
    let result = import_catalogue(&text);
    if result.services.is_empty() {
        print(&result, format)?;
        anyhow::bail!("ingen indsatser fundet i {}: intet er gemt", file.display());
    }
    let drafts: Vec<Service> = result.services.iter().map(review::to_service).collect();
    if dry_run {
        print(&result, format)?;
        match preview(database_url, unit, &drafts).await {
            Ok(diff) => print_diff(&format!("Ville ændre {unit}"), &diff),
            Err(reason) => eprintln!("Ingen sammenligning med kataloget: {reason}"),
        }
        eprintln!("Prøvekørsel: intet er gemt.");
        return Ok(());
    }
    let store = super::open(database_url).await?;
    let unit_id = match store.unit_by_name(unit).await? {
        Some(u) => u.id,
        None => store.create_unit(&Unit { name: unit.to_owned(), short_name: unit.to_owned() }).await?.id,
    };
    let diff = store.apply_catalogue(unit_id, &drafts, None).await.context("importen blev afvist; intet er gemt")?;
    print(&result, format)?;
    print_diff(&format!("Gemt i {unit}"), &diff);
    Ok(())
}

/// What the import would change in the unit's catalogue, read without writing anything; an
/// unknown unit (or an empty database) means every service is new.
async fn preview(database_url: &str, unit: &str, drafts: &[Service]) -> Result<CatalogueDiff, String> {
    let store = familiehus_store::Store::connect_read_only(database_url).await.map_err(|e| format!("databasen kan ikke åbnes ({e})"))?;
    match store.unit_by_name(unit).await.map_err(|e| format!("databasen kan ikke læses ({e})"))? {
        Some(u) => store.preview_catalogue(u.id, drafts).await.map_err(|e| format!("kataloget kan ikke læses ({e})")),
        None => Ok(review::diff(&[], drafts)),
    }
}

/// The diff on standard error, so `--format json` keeps standard output one JSON document.
fn print_diff(heading: &str, diff: &CatalogueDiff) {
    eprintln!("{heading}: {} nye, {} ændrede, {} uændrede, {} udgået.", diff.new.len(), diff.changed.len(), diff.unchanged.len(), diff.retired.len());
    for name in &diff.new {
        eprintln!("  ny: {name}");
    }
    for (name, fields) in &diff.changed {
        eprintln!("  ændret: {name} ({})", fields.join(", "));
    }
    for name in &diff.retired {
        eprintln!("  udgået: {name}");
    }
}

fn print(result: &ImportResult, format: ImportFormat) -> anyhow::Result<()> {
    match format {
        ImportFormat::Json => println!("{}", serde_json::to_string_pretty(result)?),
        ImportFormat::Text => {
            println!("Fundet {} indsatser.", result.services.len());
            for s in &result.services {
                println!("\n{} (linje {})", s.name, s.source_line);
                println!("  Lovgrundlag: {}", if s.legal_refs.is_empty() { "–".into() } else { format_refs(&s.legal_refs) });
                if s.retired {
                    println!("  Status: Udgået");
                }
                if let Some(a) = &s.approval {
                    println!("  Godkendt: {} {}", a.body, a.date.map(familiehus_domain::danish::date).unwrap_or_default());
                }
                for (_, label, text) in s.texts.fields() {
                    let first = text.lines().next().unwrap_or("");
                    let more = if text.lines().count() > 1 { " …" } else { "" };
                    println!("  {label}: {first}{more}");
                }
            }
            if !result.warnings.is_empty() {
                println!("\nAdvarsler:");
                for w in &result.warnings {
                    println!("  linje {}: {}", w.line, w.message_da);
                }
            }
        }
    }
    Ok(())
}
