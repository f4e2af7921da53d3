//! A small municipality for the access tests: two units, a service in each, a user of every
//! role, and cases — one in Familiehuset referred by the caseworker (visible to every role that
//! reads cases), one in FTI referred by nobody (visible to admin only among the test users).

use crate::helpers::{TestApp, expect_json, id_of};
use crate::sessions::ADMIN;
use familiehus_domain::{Actor, Cpr, ReferralSource, Role};
use familiehus_store::{NewCase, NewPerson, PersonInput, User};
use reqwest::StatusCode;
use serde_json::json;

pub const CPR: &str = "010215-4321";

pub struct World {
    pub service: i64,
    pub other_service: i64,
    /// Familiehuset, referred by `raadgiver`, waiting; the person has a CPR number.
    pub case: i64,
    pub person: i64,
    /// FTI, referred by nobody.
    pub other_case: i64,
    pub users: Vec<User>,
}

impl World {
    pub fn user(&self, role: Role) -> &User {
        self.users.iter().find(|u| u.role == role).unwrap_or_else(|| panic!("no user with role {role:?}"))
    }

    pub fn actor(&self, role: Role) -> Actor {
        self.user(role).actor()
    }
}

/// The username of the test user of each role.
pub fn username(role: Role) -> &'static str {
    match role {
        Role::Admin => ADMIN,
        Role::UnitLeader => "leder",
        Role::Caseworker => "raadgiver",
        Role::Practitioner => "behandler",
        Role::GroupLeader => "gruppeleder",
        Role::AnonymousCounsellor => "anonym",
        Role::Analyst => "analytiker",
    }
}

async fn service(app: &TestApp, unit_id: i64, name: &str) -> i64 {
    let body = json!({"unit_id": unit_id, "name": name, "legal_refs": "§ 52.3.3", "ladder_step": 4, "access": "referral", "delivery": "individual", "in_report": true});
    id_of(&expect_json(app.post("/api/services", &body).await, StatusCode::CREATED).await)
}

pub async fn world(app: &TestApp) -> World {
    let familiehuset = app.create_unit("Familiehuset", "FH").await;
    let fti = app.create_unit("Forebyggelse og Tidlig Indsats", "FTI").await;
    let myndighed = app.create_unit("Myndighed og Visitation", "MV").await;
    let service_id = service(app, familiehuset, "Familiebehandling").await;
    let other_service = service(app, fti, "Fast kontaktperson").await;

    let mut users = vec![app.store.user_by_username(ADMIN).await.expect("lookup").expect("admin exists")];
    for (role, unit) in [
        (Role::UnitLeader, Some(familiehuset)),
        (Role::Caseworker, Some(myndighed)),
        (Role::Practitioner, Some(familiehuset)),
        (Role::GroupLeader, Some(familiehuset)),
        (Role::AnonymousCounsellor, None),
        (Role::Analyst, None),
    ] {
        users.push(app.add_user(username(role), role, unit).await);
    }
    let caseworker = users.iter().find(|u| u.role == Role::Caseworker).map(|u| u.id);

    let cpr = Cpr::parse(CPR).expect("cpr");
    let person = app.store.create_person(&NewPerson { name: "Ida Jensen".into(), cpr: Some(cpr), ..Default::default() }).await.expect("person");
    let enrol = |service_id: i64, person: PersonInput, referred_by: Option<i64>| NewCase {
        service_id,
        person,
        referral_source: ReferralSource::AuthorityDecision,
        enrolled_on: crate::helpers::date("2022-03-01"),
        note: "Bekymring for trivsel".into(),
        referred_by_user_id: referred_by,
        assigned_user_id: None,
    };
    let case = app.store.enrol_case(&enrol(service_id, PersonInput::Existing(person.id), caseworker)).await.expect("case").id;
    let other = PersonInput::New { name: "Bo Andersen".into(), birth_date: None };
    let other_case = app.store.enrol_case(&enrol(other_service, other, None)).await.expect("other case").id;
    World { service: service_id, other_service, case, person: person.id, other_case, users }
}
