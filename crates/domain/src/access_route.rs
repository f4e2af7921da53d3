//! Which way a case came in (the family-house access models for 0–6): an authority referral,
//! the unit leader's admission on a short referral form (the leader's mandate to start a § 11
//! course without the authority), acting first on a direct contact (the authority informed
//! after), a walk-in from the street, or a citizen's enquiry accepted from the inbox. Which
//! ways a service allows is a service setting (`Service::access_routes`; the authority
//! referral always), who may use each is `may_use`, and a case opened during pregnancy
//! records the expected birth date (`check_expected_birth`).

use crate::access::{Actor, Permission, Role};
use crate::validation::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The way a case came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessRoute {
    AuthorityReferral,
    LeaderAdmission,
    DirectContact,
    WalkIn,
    Enquiry,
}

crate::catalogue::codes!(AccessRoute {
    AuthorityReferral => "authority_referral", "Visitation (myndighed)";
    LeaderAdmission => "leader_admission", "Lederens optag på kort henvisning";
    DirectContact => "direct_contact", "Direkte kontakt (visitationen orienteres)";
    WalkIn => "walk_in", "Åben dør (kommet ind fra gaden)";
    Enquiry => "enquiry", "Egen henvendelse via hjemmesiden";
});

/// The ways a service may allow besides the authority referral, in form order. `Enquiry` is
/// not among them: it follows from the service being open to self-referral.
pub const OPTIONAL_ROUTES: [AccessRoute; 3] = [AccessRoute::LeaderAdmission, AccessRoute::DirectContact, AccessRoute::WalkIn];

/// The ways in a service takes: the authority referral always, the optional ones it allows,
/// and an accepted enquiry when it is open.
pub fn allowed(optional: &[AccessRoute], open: bool) -> Vec<AccessRoute> {
    let mut out = vec![AccessRoute::AuthorityReferral];
    out.extend(OPTIONAL_ROUTES.iter().copied().filter(|r| optional.contains(r)));
    if open {
        out.push(AccessRoute::Enquiry);
    }
    out
}

/// A service's setting as stored (comma-separated codes): unknown codes and the routes that
/// are never optional are dropped, so an old or edited row reads without failing.
pub fn read_optional(codes: &str) -> Vec<AccessRoute> {
    let found: Vec<AccessRoute> = codes.split(',').filter_map(|c| AccessRoute::from_code(c.trim())).collect();
    OPTIONAL_ROUTES.iter().copied().filter(|r| found.contains(r)).collect()
}

/// The stored form of `read_optional`'s list.
pub fn write_optional(routes: &[AccessRoute]) -> String {
    OPTIONAL_ROUTES.iter().filter(|r| routes.contains(r)).map(|r| r.code()).collect::<Vec<_>>().join(",")
}

/// Whether the actor may open a case on a service of `unit_id` this way: the authority
/// referral whoever refers; the leader's admission the unit's leader (a leader without a unit
/// leads every unit) and administrators; direct contact and walk-in the unit's own staff who
/// change cases. An enquiry becomes a case only by accepting it in the inbox.
pub fn may_use(route: AccessRoute, actor: &Actor, unit_id: i64) -> bool {
    let own_unit = actor.unit_id.is_none_or(|own| own == unit_id);
    match route {
        AccessRoute::AuthorityReferral => actor.allows(Permission::Refer),
        AccessRoute::LeaderAdmission => actor.role == Role::Admin || (actor.role == Role::UnitLeader && own_unit),
        AccessRoute::DirectContact | AccessRoute::WalkIn => {
            actor.role == Role::Admin
                || (actor.allows(Permission::ChangeCases) && actor.unit_id == Some(unit_id))
                || (actor.role == Role::UnitLeader && own_unit)
        }
        AccessRoute::Enquiry => false,
    }
}

/// Checks a chosen way in against the service's setting and the actor, at the field
/// `access_route`, in Danish.
pub fn check(route: AccessRoute, allowed: &[AccessRoute], actor: &Actor, unit_id: i64) -> Result<(), FieldError> {
    if route == AccessRoute::Enquiry {
        return Err(FieldError::new(
            "access_route",
            "En egen henvendelse bliver en sag ved at tage imod den i indbakken.",
            "enquiries are accepted in the inbox",
        ));
    }
    if !allowed.contains(&route) {
        return Err(FieldError::new(
            "access_route",
            format!("Indsatsen tager ikke imod sager ad vejen »{}«.", route.label_da()),
            "the service does not take cases this way",
        ));
    }
    if !may_use(route, actor, unit_id) {
        let da = match route {
            AccessRoute::AuthorityReferral => "Kun visitationen kan henvise ad den vej.",
            AccessRoute::LeaderAdmission => "Kun enhedens leder kan optage på kort henvisning.",
            _ => "Kun enhedens egne medarbejdere kan registrere en direkte kontakt eller åben dør.",
        };
        return Err(FieldError::new("access_route", da, "the actor may not use this way in"));
    }
    Ok(())
}

/// The longest a pregnancy can still run after the case opens (42 weeks).
pub const MAX_DAYS_TO_BIRTH: i64 = 294;

/// The expected birth date of a case opened during pregnancy: after the day the case opens
/// and at most 42 weeks ahead, and only for a child without a birth date (`born`): once born,
/// the birth date says it.
pub fn check_expected_birth(expected: NaiveDate, enrolled_on: NaiveDate, born: bool) -> Result<(), FieldError> {
    if born {
        return Err(FieldError::new(
            "expected_birth_on",
            "Barnet har en fødselsdato. Terminen skrives kun, før barnet er født.",
            "expected birth with a birth date",
        ));
    }
    let days = (expected - enrolled_on).num_days();
    if days <= 0 {
        return Err(FieldError::new(
            "expected_birth_on",
            "Terminen skal ligge efter sagens start. Er barnet født, så skriv fødselsdatoen.",
            "expected birth not after enrolment",
        ));
    }
    if days > MAX_DAYS_TO_BIRTH {
        return Err(FieldError::new("expected_birth_on", "Terminen kan højst ligge 42 uger efter sagens start.", "expected birth too far ahead"));
    }
    Ok(())
}

/// When a family was reached: in pregnancy, after the birth, or not known (no birth date and
/// no expected birth date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReachedWhen {
    InPregnancy,
    AfterBirth,
    Unknown,
}

crate::catalogue::codes!(ReachedWhen {
    InPregnancy => "in_pregnancy", "I graviditeten";
    AfterBirth => "after_birth", "Efter fødslen";
    Unknown => "unknown", "Ukendt (ingen fødsels- eller termindato)";
});

/// When the case's family was reached: the child's birth date decides once known (a case
/// opened before it was in pregnancy); before that, a recorded expected birth date means the
/// case opened in pregnancy.
pub fn reached_when(enrolled_on: NaiveDate, birth_date: Option<NaiveDate>, expected_birth_on: Option<NaiveDate>) -> ReachedWhen {
    match (birth_date, expected_birth_on) {
        (Some(born), _) if born > enrolled_on => ReachedWhen::InPregnancy,
        (Some(_), _) => ReachedWhen::AfterBirth,
        (None, Some(_)) => ReachedWhen::InPregnancy,
        (None, None) => ReachedWhen::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn actor(role: Role, unit: Option<i64>) -> Actor {
        Actor { user_id: 7, role, unit_id: unit }
    }

    #[test]
    fn a_service_takes_the_authority_referral_always_and_the_others_only_when_set() {
        assert_eq!(allowed(&[], false), vec![AccessRoute::AuthorityReferral]);
        assert_eq!(
            allowed(&[AccessRoute::WalkIn, AccessRoute::LeaderAdmission], true),
            vec![AccessRoute::AuthorityReferral, AccessRoute::LeaderAdmission, AccessRoute::WalkIn, AccessRoute::Enquiry]
        );
        assert_eq!(read_optional("walk_in, nonsense,authority_referral,enquiry,leader_admission"), vec![AccessRoute::LeaderAdmission, AccessRoute::WalkIn]);
        assert_eq!(read_optional(""), vec![]);
        assert_eq!(write_optional(&[AccessRoute::WalkIn, AccessRoute::Enquiry, AccessRoute::DirectContact]), "direct_contact,walk_in");
    }

    #[test]
    fn the_leader_admits_the_units_staff_register_walk_ins_and_the_caseworker_refers() {
        let leader = actor(Role::UnitLeader, Some(1));
        let practitioner = actor(Role::Practitioner, Some(1));
        let caseworker = actor(Role::Caseworker, None);
        assert!(may_use(AccessRoute::LeaderAdmission, &leader, 1));
        assert!(!may_use(AccessRoute::LeaderAdmission, &leader, 2), "another unit's leader");
        assert!(!may_use(AccessRoute::LeaderAdmission, &practitioner, 1));
        assert!(may_use(AccessRoute::WalkIn, &practitioner, 1) && may_use(AccessRoute::DirectContact, &practitioner, 1));
        assert!(!may_use(AccessRoute::WalkIn, &practitioner, 2));
        assert!(!may_use(AccessRoute::WalkIn, &actor(Role::Practitioner, None), 1), "a practitioner without a unit");
        assert!(may_use(AccessRoute::AuthorityReferral, &caseworker, 1) && !may_use(AccessRoute::WalkIn, &caseworker, 1));
        assert!(!may_use(AccessRoute::WalkIn, &actor(Role::Analyst, Some(1)), 1));
        for route in AccessRoute::ALL {
            assert!(!may_use(*route, &actor(Role::AnonymousCounsellor, Some(1)), 1), "{route:?}");
            assert_eq!(may_use(*route, &actor(Role::Admin, None), 1), *route != AccessRoute::Enquiry, "{route:?}");
        }
    }

    #[test]
    fn check_names_the_service_setting_and_the_actor_in_danish() {
        let leader = actor(Role::UnitLeader, Some(1));
        let only_authority = allowed(&[], false);
        let e = check(AccessRoute::LeaderAdmission, &only_authority, &leader, 1).expect_err("not allowed by the service");
        assert_eq!(e.field, "access_route");
        assert!(e.message_da.contains("tager ikke imod"), "{e:?}");
        let family_house = allowed(&OPTIONAL_ROUTES, true);
        assert!(check(AccessRoute::LeaderAdmission, &family_house, &leader, 1).is_ok());
        let e = check(AccessRoute::LeaderAdmission, &family_house, &actor(Role::Practitioner, Some(1)), 1).expect_err("not the leader");
        assert!(e.message_da.contains("leder"), "{e:?}");
        assert!(check(AccessRoute::Enquiry, &family_house, &leader, 1).is_err(), "an enquiry is accepted in the inbox");
    }

    #[test]
    fn the_birth_date_decides_once_known_else_the_expected_birth() {
        let opened = d(2026, 3, 1);
        assert_eq!(reached_when(opened, Some(d(2026, 5, 10)), None), ReachedWhen::InPregnancy);
        assert_eq!(reached_when(opened, Some(d(2026, 5, 10)), Some(d(2026, 5, 20))), ReachedWhen::InPregnancy);
        assert_eq!(reached_when(opened, Some(d(2025, 11, 2)), Some(d(2026, 5, 20))), ReachedWhen::AfterBirth, "a wrong term is overruled");
        assert_eq!(reached_when(opened, Some(opened), None), ReachedWhen::AfterBirth, "born the day the case opened");
        assert_eq!(reached_when(opened, None, Some(d(2026, 6, 1))), ReachedWhen::InPregnancy);
        assert_eq!(reached_when(opened, None, None), ReachedWhen::Unknown);
    }

    #[test]
    fn the_expected_birth_lies_after_the_start_and_within_42_weeks() {
        let opened = d(2026, 3, 1);
        assert!(check_expected_birth(d(2026, 3, 2), opened, false).is_ok());
        assert!(check_expected_birth(d(2026, 12, 20), opened, false).is_ok(), "294 days");
        assert!(check_expected_birth(d(2026, 12, 21), opened, false).is_err());
        assert!(check_expected_birth(opened, opened, false).is_err());
        assert!(check_expected_birth(d(2025, 12, 24), opened, false).is_err());
        assert!(check_expected_birth(d(2026, 5, 2), opened, true).is_err(), "a child with a birth date");
    }
}
