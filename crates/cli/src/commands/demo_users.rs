//! The demo's staff: one user per role, all with the password `demo` (demo only: real accounts
//! are made with `familiehus user add`, which refuses passwords under 8 characters; so these
//! are written through the store, not `familiehus_app::users::create`), and some
//! demo cases assigned to `behandler` and referred by `raadgiver`, so every role has something
//! to see.

use anyhow::Context;
use familiehus_app::passwords as password;
use familiehus_domain::Role;
use familiehus_store::{NewUser, Store};

pub const PASSWORD: &str = "demo";

/// Demo cases given to the practitioner and to the caseworker.
const DEMO_CASES: i64 = 30;

const USERS: [(&str, &str, Role, Option<&str>); 7] = [
    ("admin", "Ada Administrator", Role::Admin, None),
    ("leder", "Lene Leder", Role::UnitLeader, Some("Familiehuset")),
    ("raadgiver", "Rasmus Rådgiver", Role::Caseworker, Some("Myndighed og Visitation")),
    ("behandler", "Bente Behandler", Role::Practitioner, Some("Familiehuset")),
    ("gruppeleder", "Gorm Gruppeleder", Role::GroupLeader, Some("Familiehuset")),
    ("anonym", "Anne Anonym", Role::AnonymousCounsellor, None),
    ("analytiker", "Anders Analytiker", Role::Analyst, None),
];

/// Creates the demo users and their cases; returns (username, role label) to print.
pub async fn create(store: &Store) -> anyhow::Result<Vec<(&'static str, &'static str)>> {
    // One hash for all: they share the password, and hashing is deliberately slow.
    let password_hash = password::hash(PASSWORD).await.context("could not hash the demo password")?;
    let mut ids = std::collections::HashMap::new();
    for (username, name, role, unit) in USERS {
        let unit_id = match unit {
            Some(unit) => Some(store.unit_by_name(unit).await?.with_context(|| format!("demo unit {unit} is missing"))?.id),
            None => None,
        };
        let user =
            store.create_user(&NewUser { username: username.into(), display_name: name.into(), role, unit_id, password_hash: password_hash.clone() }).await?;
        ids.insert(username, (user.id, unit_id));
    }
    if let (Some((practitioner, Some(unit_id))), Some((caseworker, _))) = (ids.get("behandler"), ids.get("raadgiver")) {
        store.assign_demo_cases(*unit_id, *practitioner, *caseworker, DEMO_CASES).await?;
        let colleague = ids.get("gruppeleder").map(|(id, _)| *id);
        store.seed_demo_journal(*unit_id, *practitioner, colleague, chrono::Local::now().date_naive()).await?;
        store.seed_demo_measurements(*unit_id, *practitioner, chrono::Local::now().date_naive()).await?;
        store.seed_demo_outcomes(*unit_id, *practitioner).await?;
        store.seed_demo_access(*unit_id, *practitioner, chrono::Local::now().date_naive()).await?;
        store.seed_demo_family_treatment(*unit_id, *practitioner, colleague, chrono::Local::now().date_naive()).await?;
        store.seed_demo_consents(*practitioner).await?;
    }
    if let (Some((leader, Some(unit_id))), Some((practitioner, _))) = (ids.get("gruppeleder"), ids.get("behandler")) {
        store.seed_demo_groups(*unit_id, *leader, Some(*practitioner), chrono::Local::now().date_naive()).await?;
    }
    Ok(USERS.iter().map(|(username, _, role, _)| (*username, role.label_da())).collect())
}
