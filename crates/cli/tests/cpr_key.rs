//! The CPR key file of `familiehus serve`: created on first start (32 bytes, mode 0600) at
//! `--cpr-key-file`, reused on the next, and another key file for the same database is refused
//! before the server listens (it would open none of the sealed numbers).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn serve(db: &str, key: &std::path::Path) -> (std::process::Child, u16) {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_familiehus"))
        .env("FAMILIEHUS_DATABASE_URL", db)
        .args(["serve", "--port", &port.to_string(), "--cpr-key-file"])
        .arg(key)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the server");
    (child, port)
}

async fn wait_until_up(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !reqwest::get(format!("http://127.0.0.1:{port}/health")).await.is_ok_and(|r| r.status().is_success()) {
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn serve_creates_a_private_key_file_and_refuses_another() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("f.sqlite").display());
    let key = dir.path().join("cpr.key");
    for _ in 0..2 {
        let (mut child, port) = serve(&db, &key);
        wait_until_up(port).await;
        child.kill().expect("kill");
        child.wait().expect("wait");
    }
    let bytes = std::fs::read(&key).expect("the key file");
    assert_eq!(bytes.len(), 32);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key).expect("meta").permissions().mode() & 0o777, 0o600);
    }
    assert_eq!(std::fs::read(&key).expect("again"), bytes, "the second start reused it");

    let (child, _) = serve(&db, &dir.path().join("other.key"));
    let out = child.wait_with_output().expect("exit");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not match"), "{}", String::from_utf8_lossy(&out.stderr));
}
