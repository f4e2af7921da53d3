//! Need-to-know: the roles and what each may do. This is the one policy the server enforces for
//! HTML and JSON alike; `web` maps routes to `Permission`s and asks `allows`, and case-level
//! visibility is `CaseScope`, which the store turns into a query filter.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    UnitLeader,
    Caseworker,
    Practitioner,
    GroupLeader,
    AnonymousCounsellor,
    Analyst,
}

crate::catalogue::codes!(Role {
    Admin => "admin", "Administrator";
    UnitLeader => "unit_leader", "Leder";
    Caseworker => "caseworker", "Myndighedsrådgiver";
    Practitioner => "practitioner", "Behandler";
    GroupLeader => "group_leader", "Gruppeleder";
    AnonymousCounsellor => "anonymous_counsellor", "Anonym rådgiver";
    Analyst => "analyst", "Analytiker";
});

impl Role {
    /// Who can carry (be assigned) a case: the practitioners who deliver services.
    pub fn carries_cases(self) -> bool {
        matches!(self, Role::Practitioner | Role::GroupLeader)
    }
}

/// What a request wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read the catalogue (it is public anyway, but staff pages show more).
    ReadCatalogue,
    EditCatalogue,
    /// Aggregated figures only: the half-yearly report and its saved editions.
    ReadReport,
    /// Configure the committee report (rows, labels, order, remarks) and save an edition for a
    /// committee meeting: unit leaders and administrators.
    EditReport,
    /// Register a referral (enrol a case).
    Refer,
    /// Read cases and the persons in them (further limited by `CaseScope`).
    ReadCases,
    /// Start, close, reopen cases.
    ChangeCases,
    /// See who looked at a case.
    ReadAccessLog,
    ManageUsers,
    /// Change the municipality's settings (ladder, deadlines, thresholds).
    ManageSettings,
    /// See CPR numbers in full rather than masked.
    SeeFullCpr,
    /// Log anonymous counselling (no identity).
    LogAnonymous,
    /// Read anonymous counselling's statistics (talks per month, themes, channels, guidance
    /// onward): counsellors, leaders, analysts and administrators.
    ReadAnonymousStatistics,
    /// Produce a person's insight document (GDPR art. 15: everything stored about them).
    ProduceInsight,
    /// Read the unit's inbox of citizens' enquiries and answer them (further limited to the
    /// actor's unit by `may_handle_enquiries_of`), accepting one as a case on an open service's
    /// waiting list or answering and closing it.
    HandleEnquiries,
    /// See the caseload of a unit's practitioners (cases, contacts, hours) and plan it: unit
    /// leaders (their unit) and administrators.
    SeeCaseload,
}

/// Which cases a user may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseScope {
    All,
    /// Cases of services delivered by the unit.
    Unit(i64),
    /// Cases assigned to the user, or of services delivered by their team (unit).
    AssignedOrTeam {
        user_id: i64,
        unit_id: Option<i64>,
    },
    /// Cases the user referred.
    ReferredBy(i64),
    None,
}

/// Who is asking: the parts of a user the policy needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    pub unit_id: Option<i64>,
}

impl Actor {
    pub fn allows(&self, permission: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match self.role {
            Admin => true,
            // A leader answers a family's request for insight for their unit; the case workers
            // who only refer or treat do not produce the municipality's answer.
            UnitLeader => !matches!(permission, ManageUsers | ManageSettings | LogAnonymous),
            Caseworker => matches!(permission, ReadCatalogue | Refer | ReadCases | SeeFullCpr),
            Practitioner | GroupLeader => matches!(permission, ReadCatalogue | ReadCases | ChangeCases | HandleEnquiries),
            AnonymousCounsellor => matches!(permission, ReadCatalogue | LogAnonymous | ReadAnonymousStatistics),
            Analyst => matches!(permission, ReadCatalogue | ReadReport | ReadAnonymousStatistics),
        }
    }

    /// Whether the actor approves status reports before they are sent: the unit's leader (and
    /// administrators); within their case scope, which the use case checks.
    pub fn may_approve_status_reports(&self) -> bool {
        matches!(self.role, Role::Admin | Role::UnitLeader)
    }

    /// Whether the actor may change the catalogue entries of a unit: administrators every unit,
    /// a unit leader their own unit's (every unit when they have none); nobody else.
    pub fn may_edit_catalogue_of(&self, unit_id: i64) -> bool {
        match self.role {
            Role::Admin => true,
            Role::UnitLeader => self.unit_id.is_none_or(|own| own == unit_id),
            _ => false,
        }
    }

    /// Whether the actor may read and handle the enquiries sent to a unit: administrators every
    /// unit's, a unit leader their own unit's (every unit's when they have none), practitioners
    /// and group leaders their own unit's only (need-to-know: an enquiry is personal data).
    pub fn may_handle_enquiries_of(&self, unit_id: i64) -> bool {
        match self.role {
            Role::Admin => true,
            Role::UnitLeader => self.unit_id.is_none_or(|own| own == unit_id),
            Role::Practitioner | Role::GroupLeader => self.unit_id == Some(unit_id),
            _ => false,
        }
    }

    /// Whether the actor may create a unit (on the import page, the API or the CLI alike):
    /// administrators only, since a unit leader's catalogue rights are bounded by their unit.
    pub fn may_create_units(&self) -> bool {
        self.role == Role::Admin
    }

    pub fn case_scope(&self) -> CaseScope {
        match self.role {
            Role::Admin => CaseScope::All,
            Role::UnitLeader => self.unit_id.map_or(CaseScope::All, CaseScope::Unit),
            Role::Practitioner | Role::GroupLeader => CaseScope::AssignedOrTeam { user_id: self.user_id, unit_id: self.unit_id },
            Role::Caseworker => CaseScope::ReferredBy(self.user_id),
            Role::AnonymousCounsellor | Role::Analyst => CaseScope::None,
        }
    }
}

/// The facts about one case that decide whether an actor may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseAccessFacts {
    pub service_unit_id: i64,
    pub assigned_user_id: Option<i64>,
    pub referred_by_user_id: Option<i64>,
}

impl CaseScope {
    pub fn includes(&self, case: &CaseAccessFacts) -> bool {
        match *self {
            CaseScope::All => true,
            CaseScope::Unit(unit) => case.service_unit_id == unit,
            CaseScope::AssignedOrTeam { user_id, unit_id } => case.assigned_user_id == Some(user_id) || unit_id == Some(case.service_unit_id),
            CaseScope::ReferredBy(user_id) => case.referred_by_user_id == Some(user_id),
            CaseScope::None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaders_edit_their_own_units_catalogue_and_admins_every_unit() {
        let with = |role, unit_id| Actor { user_id: 1, role, unit_id };
        assert!(with(Role::Admin, Some(1)).may_edit_catalogue_of(2));
        assert!(with(Role::UnitLeader, Some(1)).may_edit_catalogue_of(1));
        assert!(!with(Role::UnitLeader, Some(1)).may_edit_catalogue_of(2));
        assert!(with(Role::UnitLeader, None).may_edit_catalogue_of(2));
        for role in [Role::Caseworker, Role::Practitioner, Role::GroupLeader, Role::AnonymousCounsellor, Role::Analyst] {
            assert!(!with(role, Some(1)).may_edit_catalogue_of(1), "{role:?}");
            assert!(!with(role, Some(1)).allows(Permission::EditCatalogue), "{role:?}");
        }
    }

    fn actor(role: Role) -> Actor {
        Actor { user_id: 7, role, unit_id: Some(1) }
    }

    #[test]
    fn only_practitioners_carry_cases_and_only_admins_create_units() {
        for role in Role::ALL {
            assert_eq!(role.carries_cases(), matches!(role, Role::Practitioner | Role::GroupLeader), "{role:?}");
            assert_eq!(actor(*role).may_create_units(), *role == Role::Admin, "{role:?}");
        }
    }

    #[test]
    fn analysts_see_aggregates_and_no_personal_data() {
        let a = actor(Role::Analyst);
        assert!(a.allows(Permission::ReadReport));
        assert!(!a.allows(Permission::EditReport), "an analyst reads the report, the leader writes it");
        assert!(actor(Role::UnitLeader).allows(Permission::EditReport));
        assert!(!a.allows(Permission::ReadCases));
        assert!(!a.allows(Permission::SeeFullCpr));
        assert_eq!(a.case_scope(), CaseScope::None);
    }

    #[test]
    fn case_visibility_follows_need_to_know() {
        let own_unit = CaseAccessFacts { service_unit_id: 1, assigned_user_id: None, referred_by_user_id: None };
        let other_unit_assigned = CaseAccessFacts { service_unit_id: 2, assigned_user_id: Some(7), referred_by_user_id: None };
        let referred = CaseAccessFacts { service_unit_id: 2, assigned_user_id: None, referred_by_user_id: Some(7) };
        let practitioner = actor(Role::Practitioner).case_scope();
        assert!(practitioner.includes(&own_unit) && practitioner.includes(&other_unit_assigned) && !practitioner.includes(&referred));
        let caseworker = actor(Role::Caseworker).case_scope();
        assert!(caseworker.includes(&referred) && !caseworker.includes(&own_unit));
        let leader = actor(Role::UnitLeader).case_scope();
        assert!(leader.includes(&own_unit) && !leader.includes(&referred));
        assert!(actor(Role::Admin).case_scope().includes(&referred));
        assert!(!actor(Role::AnonymousCounsellor).case_scope().includes(&own_unit));
    }

    #[test]
    fn enquiries_are_read_only_within_the_unit() {
        let with = |role, unit_id| Actor { user_id: 1, role, unit_id };
        assert!(with(Role::Admin, None).may_handle_enquiries_of(2));
        assert!(with(Role::UnitLeader, Some(1)).may_handle_enquiries_of(1) && !with(Role::UnitLeader, Some(1)).may_handle_enquiries_of(2));
        assert!(with(Role::Practitioner, Some(1)).may_handle_enquiries_of(1) && !with(Role::Practitioner, Some(1)).may_handle_enquiries_of(2));
        assert!(!with(Role::Practitioner, None).may_handle_enquiries_of(1), "a practitioner without a unit reads no inbox");
        for role in [Role::Caseworker, Role::AnonymousCounsellor, Role::Analyst] {
            assert!(!with(role, Some(1)).may_handle_enquiries_of(1) && !with(role, Some(1)).allows(Permission::HandleEnquiries), "{role:?}");
        }
    }

    #[test]
    fn only_admins_manage_users_and_settings_and_only_caseworkers_and_leaders_refer() {
        for role in Role::ALL {
            let a = actor(*role);
            assert_eq!(a.allows(Permission::ManageUsers), *role == Role::Admin, "{role:?}");
            assert_eq!(a.allows(Permission::ManageSettings), *role == Role::Admin, "{role:?}");
            assert_eq!(a.allows(Permission::Refer), matches!(role, Role::Admin | Role::UnitLeader | Role::Caseworker), "{role:?}");
        }
    }
}
