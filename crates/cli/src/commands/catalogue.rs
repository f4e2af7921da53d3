//! `catalogue import FILE`: text extracted from a catalogue PDF → services. `--dry-run` only
//! reads the file (the database is not even opened); otherwise the whole import is applied in
//! one transaction.

use crate::args::ImportFormat;
use anyhow::Context;
use familiehus_domain::catalogue_import::{ImportResult, import_catalogue, review};
use familiehus_domain::legal_ref::format_refs;
use familiehus_domain::{Service, Unit};
use std::path::Path;

pub async fn import(database_url: &str, file: &Path, dry_run: bool, format: ImportFormat, unit: &str) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("kan ikke læse {}", file.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let result = import_catalogue(&text);
    if result.services.is_empty() {
        print(&result, format)?;
        anyhow::bail!("ingen indsatser fundet i {}: intet er gemt", file.display());
    }
    if dry_run {
        print(&result, format)?;
        eprintln!("Prøvekørsel: intet er gemt.");
        return Ok(());
    }
    let store = super::open(database_url).await?;
    let unit_id = match store.unit_by_name(unit).await? {
        Some(u) => u.id,
        None => store.create_unit(&Unit { name: unit.to_owned(), short_name: unit.to_owned() }).await?.id,
    };
    let drafts: Vec<Service> = result.services.iter().map(review::to_service).collect();
    let diff = store.apply_catalogue(unit_id, &drafts, None).await.context("importen blev afvist; intet er gemt")?;
    print(&result, format)?;
    eprintln!(
        "Gemt i {unit}: {} nye, {} ændrede, {} uændrede, {} udgået.",
        diff.new.len(),
        diff.changed.len(),
        diff.unchanged.len(),
        diff.retired.len()
    );
    for (name, fields) in &diff.changed {
        eprintln!("  ændret: {name} ({})", fields.join(", "));
    }
    for name in &diff.retired {
        eprintln!("  udgået: {name}");
    }
    Ok(())
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
