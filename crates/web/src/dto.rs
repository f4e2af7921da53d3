//! Pieces shared by the API's request and response types: dates that read both ISO and Danish
//! notation, and the web's mirrors of the domain's code enums.
//!
//! The mirrors exist because the OpenAPI schema is the web crate's business: the domain and
//! store stay free of `utoipa`. Each mirror converts both ways with an exhaustive `match`, so a
//! variant added in the domain fails to compile here instead of silently missing from the API.

use chrono::NaiveDate;
use familiehus_domain::danish;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// Start of the serde message for an unreadable date; `error.rs` recognises it to answer in
/// Danish.
pub const BAD_DATE_EN: &str = "invalid date";

fn parse<E: serde::de::Error>(text: &str) -> Result<NaiveDate, E> {
    danish::parse_date(text).ok_or_else(|| E::custom(format!("{BAD_DATE_EN}: expected YYYY-MM-DD or DD.MM.YYYY")))
}

/// `deserialize_with` for a required date: `2022-04-26` or `26.04.2022`.
pub fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse(&text)
}

/// `deserialize_with` for an optional date; `null` and `""` are no date.
pub fn opt_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        Some(text) if !text.trim().is_empty() => parse(&text).map(Some),
        _ => Ok(None),
    }
}

/// Declares a web enum mirroring a domain code enum. serde's `snake_case` names equal the
/// domain's `code()` strings (checked by the test below).
macro_rules! mirror {
    ($(#[$meta:meta])* $name:ident => $domain:ty { $($variant:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl From<$name> for $domain {
            fn from(v: $name) -> Self { match v { $($name::$variant => <$domain>::$variant),* } }
        }

        impl From<$domain> for $name {
            fn from(v: $domain) -> Self { match v { $(<$domain>::$variant => $name::$variant),* } }
        }
    };
}

mirror!(
    /// `active`, or `retired` (udgået: no new cases, kept for history).
    ServiceStatusCode => familiehus_domain::ServiceStatus { Active, Retired }
);
mirror!(
    /// How a citizen gets the service.
    AccessCode => familiehus_domain::Access { Open, Anonymous, Referral }
);
mirror!(
    /// Individual or group delivery.
    DeliveryCode => familiehus_domain::Delivery { Individual, Group }
);
mirror!(
    /// Who sent the family.
    ReferralSourceCode => familiehus_domain::ReferralSource {
        AuthorityDecision, HealthVisitor, Midwife, GeneralPractitioner, DayCare, School, Ppr, SelfReferral, WalkIn,
    }
);
mirror!(
    /// Which way a case came in: `authority_referral` (visitation), `leader_admission` (the
    /// unit leader's short form), `direct_contact`, `walk_in`, or `enquiry` (accepted from the
    /// inbox).
    AccessRouteCode => familiehus_domain::access_route::AccessRoute { AuthorityReferral, LeaderAdmission, DirectContact, WalkIn, Enquiry }
);
mirror!(
    /// Why a case ended.
    ClosureReasonCode => familiehus_domain::ClosureReason {
        PurposeMet, NoLongerServesPurpose, FamilyDoesNotProfit, MovedToOtherService, Withdrawn, FamilyWithdrew,
    }
);
mirror!(
    /// Where a case is: `waiting` (on the waiting list), `active` (started) or `closed`.
    CaseStateCode => familiehus_domain::CaseState { Waiting, Active, Closed }
);

#[cfg(test)]
mod tests {
    use super::*;
    use familiehus_domain::{Access, ClosureReason, Delivery, ReferralSource, ServiceStatus};

    fn name<T: Serialize>(v: T) -> String {
        serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }

    #[test]
    fn mirrors_use_the_domain_codes() {
        for r in ReferralSource::ALL {
            assert_eq!(name(ReferralSourceCode::from(*r)), r.code());
        }
        for r in familiehus_domain::access_route::AccessRoute::ALL {
            assert_eq!(name(AccessRouteCode::from(*r)), r.code());
        }
        for r in ClosureReason::ALL {
            assert_eq!(name(ClosureReasonCode::from(*r)), r.code());
        }
        for a in Access::ALL {
            assert_eq!(name(AccessCode::from(*a)), a.code());
        }
        for d in Delivery::ALL {
            assert_eq!(name(DeliveryCode::from(*d)), d.code());
        }
        for s in ServiceStatus::ALL {
            assert_eq!(name(ServiceStatusCode::from(*s)), s.code());
        }
    }

    #[test]
    fn dates_read_iso_and_danish() {
        #[derive(Deserialize)]
        struct D {
            #[serde(deserialize_with = "date")]
            d: NaiveDate,
            #[serde(default, deserialize_with = "opt_date")]
            o: Option<NaiveDate>,
        }
        let a: D = serde_json::from_str(r#"{"d": "26.04.2022", "o": ""}"#).unwrap();
        assert_eq!(a.d, NaiveDate::from_ymd_opt(2022, 4, 26).unwrap());
        assert_eq!(a.o, None);
        let b: D = serde_json::from_str(r#"{"d": "2022-04-26"}"#).unwrap();
        assert_eq!(b.d, a.d);
        let err = serde_json::from_str::<D>(r#"{"d": "31.02.2022"}"#).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.starts_with(BAD_DATE_EN), "{err}");
    }
}
