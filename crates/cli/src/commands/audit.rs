//! `familiehus audit verify`: recomputes the access log's hash chain. A changed, removed or
//! inserted event breaks it; the command then names the first broken event and exits 1.

use familiehus_store::Store;

pub async fn verify(store: &Store) -> anyhow::Result<()> {
    match store.verify_audit_chain().await? {
        Ok(n) => {
            println!("Adgangsloggen er intakt: {n} hændelser.");
            Ok(())
        }
        Err(broken) => {
            eprintln!("Adgangsloggen er brudt ved hændelse {}.", broken.event_id);
            std::process::exit(1);
        }
    }
}
