//! `serve` and `demo`: run the web server; the demo first builds a fresh SQLite file. Both
//! open the CPR key first (`with_cpr_key`; the demo's lies beside its database file) and take
//! access-log checkpoints (at commits, on a timer, and at shutdown on Ctrl-C or SIGTERM).

use crate::args::AuditFiles;
use anyhow::Context;
use familiehus_store::Store;
use familiehus_store::audit_checkpoint::default_checkpoint_file;
use familiehus_web::{Config, Server};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

pub async fn serve(store: &Store, addr: SocketAddr, secure_cookies: bool, audit: &AuditFiles) -> anyhow::Result<()> {
    let (key_file, checkpoint_file) = audit.paths();
    super::audit::enable(store, &key_file, &checkpoint_file)?;
    let server =
        Server::bind(store.clone(), Config { addr, secure_cookies, ..Config::default() }).await.with_context(|| format!("could not listen on {addr}"))?;
    eprintln!("Familiehus kører på http://{}/", server.addr());
    run(store, server).await
}

/// Serves until Ctrl-C or SIGTERM, then checkpoints the access log's head.
async fn run(store: &Store, server: Server) -> anyhow::Result<()> {
    server.run_until(shutdown()).await.context("server stopped")?;
    store.audit_checkpoint_now().await.context("the access log's last checkpoint")?;
    Ok(())
}

async fn shutdown() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}

/// Loads (or creates) the CPR key file and hands it to the store, which seals any CPR number
/// still stored in clear. Without a path, an SQLite database's key is `<file>.cpr-key`.
pub async fn with_cpr_key(store: Store, url: &str, path: Option<&Path>) -> anyhow::Result<Store> {
    let path = match path {
        Some(p) => p.to_owned(),
        None => match url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            Some(file) => std::path::PathBuf::from(format!("{}.cpr-key", file.split('?').next().unwrap_or(file))),
            None => anyhow::bail!("PostgreSQL needs the CPR key file: give --cpr-key-file or FAMILIEHUS_CPR_KEY_FILE"),
        },
    };
    let key = familiehus_store::CprKey::load_or_create(&path)?;
    store.use_cpr_key(&key).await.with_context(|| format!("could not use the CPR key {}", path.display()))
}

pub async fn demo(port: u16, file: &Path) -> anyhow::Result<()> {
    // The key stays beside the demo file; its checkpoints go with the database they describe.
    let key_file = file.with_extension("audit.key");
    let checkpoint_file = default_checkpoint_file(&key_file);
    for suffix in ["", "-wal", "-shm", ".cpr-key"] {
        let mut path = file.as_os_str().to_owned();
        path.push(suffix);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("could not replace {}", file.display())),
        }
    }
    match std::fs::remove_file(&checkpoint_file) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("could not replace {}", checkpoint_file.display())),
    }
    let url = format!("sqlite://{}", file.display());
    let store = with_cpr_key(super::open(&url).await?, &url, None).await?;
    super::audit::enable(&store, &key_file, &checkpoint_file)?;
    let today = chrono::Local::now().date_naive();
    let summary = familiehus_store::seed::seed_demo(&store, today).await.context("could not create the demo data")?;
    let logins = super::demo_users::create(&store).await.context("could not create the demo users")?;
    let server = Server::bind(store.clone(), Config { addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)), ..Config::default() })
        .await
        .with_context(|| format!("could not listen on port {port} (try --port)"))?;
    println!("Familiehus demo: {} indsatser, {} sager i {}", summary.services, summary.cases, file.display());
    println!("Åbn http://{}/", server.addr());
    println!(
        "Sagstal og ventetider 2022 (log ind som leder; analytikeren ser hele måneder uden tal under 5): http://{}/rapport?fra=01.01.2022&til=26.04.2022",
        server.addr()
    );
    println!("API-beskrivelse: http://{}/api/openapi.json", server.addr());
    println!("Log ind med adgangskoden «{}» som:", super::demo_users::PASSWORD);
    for (username, role) in logins {
        println!("  {username:<12} {role}");
    }
    println!("Adgangsloggens nøgle: {} (tjek: familiehus audit verify --audit-key-file {})", key_file.display(), key_file.display());
    run(&store, server).await
}
