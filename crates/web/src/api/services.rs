//! `/api/services`: the catalogue's services (create, read, list, replace) and each service's
//! waiting list. Legal references come in as one string in any notation seen in real catalogues
//! (`§ 52.3.3`, `SEL §71, stk. 2`, `BL § 32.stk.1 nr.3`) and go out in canonical form.

use crate::AppState;
use crate::dto::{AccessCode, DeliveryCode, ReferralSourceCode, ServiceStatusCode, opt_date};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use familiehus_domain::legal_ref::{LegalRefError, parse_refs};
use familiehus_domain::report::short_paragraph;
use familiehus_domain::{AgeRange, Approval, FieldError, HoursRange, Limit, RuleSeverity, Service, ServiceRules, ServiceTexts, ValidationErrors};
use familiehus_store::{StoredService, WaitingEntry};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The seven template texts of a catalogue entry, in the catalogue's order.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct TextsDto {
    /// Målgruppe.
    pub target_group: String,
    /// Kvalitetsmål.
    pub quality_goals: String,
    /// Aktiviteter, der kan indgå i indsatsen.
    pub activities: String,
    /// Borgerens opgaver.
    pub citizen_tasks: String,
    /// Vejledende tidsforbrug.
    pub time_use: String,
    /// Varighed/tidsbegrænsning.
    pub duration: String,
    /// Andet.
    pub other: String,
}

/// Approval by a political body, e.g. Børne- og Ungdomsudvalget.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ApprovalDto {
    pub body: String,
    /// `2023-04-20` or `20.04.2023`.
    #[serde(deserialize_with = "crate::dto::date")]
    pub date: NaiveDate,
}

/// Age range in whole years, both ends inclusive.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct AgeRangeDto {
    pub min_years: u8,
    pub max_years: u8,
}

/// Rules a case of the service follows.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RulesDto {
    /// Talks or sessions included.
    pub talks: Option<u16>,
    /// First follow-up, months after start.
    pub first_follow_up_months: Option<u8>,
    /// Later follow-ups every N months.
    pub follow_up_every_months: Option<u8>,
    /// A recorded consent is needed.
    pub requires_consent: bool,
    /// Confidential: no written notes are kept.
    pub no_notes: bool,
    /// At most this many talks (crisis help: 5).
    pub max_talks: Option<LimitDto>,
    /// A status meeting is due at the Nth talk (counselling: 8).
    pub status_meeting_after: Option<u16>,
    /// Statutory hours (§ 109: 4–10).
    pub hours: Option<HoursDto>,
    /// Contact frequency guidance, shown on the case page.
    pub contact_frequency: String,
    /// Contacts on weekdays only, not public holidays (§ 71).
    pub weekdays_only: Option<SeverityDto>,
    /// The age range checked at referral and start.
    pub age_check: Option<SeverityDto>,
    /// Days before the follow-up the status report is due (the municipality's setting if none).
    pub status_report_lead_days: Option<u16>,
    /// A consent is needed before a status report is sent (§ 71.2).
    pub consent_before_report: bool,
    /// A decision is needed before the start (§ 71.3).
    pub requires_decision: bool,
    /// Strengthened family treatment: phases, network map, planned/flexible hours, group sessions.
    pub family_treatment: bool,
}

/// A warning lets the user confirm (`confirm_warnings`); a stop refuses.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeverityDto {
    Warning,
    Stop,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct LimitDto {
    pub value: u16,
    pub severity: SeverityDto,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct HoursDto {
    pub min_hours: u16,
    pub max_hours: u16,
    pub severity: SeverityDto,
}

impl From<RuleSeverity> for SeverityDto {
    fn from(s: RuleSeverity) -> Self {
        match s {
            RuleSeverity::Warning => SeverityDto::Warning,
            RuleSeverity::Stop => SeverityDto::Stop,
        }
    }
}

impl From<SeverityDto> for RuleSeverity {
    fn from(s: SeverityDto) -> Self {
        match s {
            SeverityDto::Warning => RuleSeverity::Warning,
            SeverityDto::Stop => RuleSeverity::Stop,
        }
    }
}

fn default_status() -> ServiceStatusCode {
    ServiceStatusCode::Active
}
fn default_access() -> AccessCode {
    AccessCode::Referral
}
fn default_delivery() -> DeliveryCode {
    DeliveryCode::Individual
}

/// A service to create, or the full new content of one to replace.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ServiceIn {
    /// The delivering unit.
    pub unit_id: i64,
    pub name: String,
    /// Legal basis in any common notation, several joined with `og`, `+` or `,`:
    /// `§ 52.3.3`, `SEL § 52, stk. 3, nr. 3`, `§ 52 stk. 3 nr. 6 BL § 32 stk. 1 nr. 3`.
    #[serde(default)]
    #[schema(example = "§ 52.3.3")]
    pub legal_refs: String,
    #[serde(default)]
    pub texts: TextsDto,
    /// Defaults to `active`.
    #[serde(default = "default_status")]
    pub status: ServiceStatusCode,
    #[serde(default)]
    pub approval: Option<ApprovalDto>,
    /// Step on the intervention ladder (0–7 by default).
    #[serde(default)]
    pub ladder_step: u8,
    /// Defaults to `referral`.
    #[serde(default = "default_access")]
    pub access: AccessCode,
    /// Defaults to `individual`.
    #[serde(default = "default_delivery")]
    pub delivery: DeliveryCode,
    #[serde(default)]
    pub age_range: Option<AgeRangeDto>,
    /// Concurrent cases the unit can carry; empty for no limit.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Counted in the half-yearly report.
    #[serde(default)]
    pub in_report: bool,
    #[serde(default)]
    pub rules: RulesDto,
    #[serde(default)]
    pub themes: Vec<String>,
}

/// A stored service.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceOut {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    /// As the catalogue prints it: `Familiebehandling jf. SEL § 52, stk. 3, nr. 3`.
    pub title: String,
    pub name: String,
    /// Canonical references: `SEL § 52, stk. 3, nr. 3`.
    pub legal_refs: Vec<String>,
    /// Short form of the report's first column: `§ 52.3.3`.
    pub paragraph: String,
    pub texts: TextsDto,
    pub status: ServiceStatusCode,
    pub approval: Option<ApprovalDto>,
    pub ladder_step: u8,
    pub access: AccessCode,
    pub delivery: DeliveryCode,
    pub age_range: Option<AgeRangeDto>,
    pub capacity: Option<u32>,
    pub in_report: bool,
    pub rules: RulesDto,
    pub themes: Vec<String>,
}

impl From<StoredService> for ServiceOut {
    fn from(s: StoredService) -> Self {
        let title = s.service.title();
        let paragraph = short_paragraph(&s.service.legal_refs);
        let Service { name, legal_refs, texts, status, approval, ladder_step, access, delivery, age_range, capacity, in_report, rules, themes } = s.service;
        let ServiceTexts { target_group, quality_goals, activities, citizen_tasks, time_use, duration, other } = texts;
        Self {
            id: s.id,
            unit_id: s.unit_id,
            unit_name: s.unit_name,
            title,
            name,
            legal_refs: legal_refs.iter().map(ToString::to_string).collect(),
            paragraph,
            texts: TextsDto { target_group, quality_goals, activities, citizen_tasks, time_use, duration, other },
            status: status.into(),
            approval: approval.map(|a| ApprovalDto { body: a.body, date: a.date }),
            ladder_step,
            access: access.into(),
            delivery: delivery.into(),
            age_range: age_range.map(|r| AgeRangeDto { min_years: r.min_years, max_years: r.max_years }),
            capacity,
            in_report,
            rules: RulesDto {
                talks: rules.talks,
                first_follow_up_months: rules.first_follow_up_months,
                follow_up_every_months: rules.follow_up_every_months,
                requires_consent: rules.requires_consent,
                no_notes: rules.no_notes,
                max_talks: rules.max_talks.map(|l| LimitDto { value: l.value, severity: l.severity.into() }),
                status_meeting_after: rules.status_meeting_after,
                hours: rules.hours.map(|h| HoursDto { min_hours: h.min_hours, max_hours: h.max_hours, severity: h.severity.into() }),
                contact_frequency: rules.contact_frequency,
                weekdays_only: rules.weekdays_only.map(Into::into),
                age_check: rules.age_check.map(Into::into),
                status_report_lead_days: rules.status_report_lead_days,
                consent_before_report: rules.consent_before_report,
                requires_decision: rules.requires_decision,
                family_treatment: rules.family_treatment,
            },
            themes,
        }
    }
}

/// Danish text for an unreadable legal reference, pointing at the character (not byte) where
/// reading stopped.
pub(crate) fn legal_ref_problem(text: &str, e: &LegalRefError) -> FieldError {
    let at = text.get(..e.position).map_or(e.position, |before| before.chars().count()) + 1;
    FieldError::new(
        "legal_refs",
        format!("Lovhenvisningen kunne ikke læses ved tegn {at}. Skriv den fx som § 52.3.3 eller SEL § 52, stk. 3, nr. 3."),
        e.to_string(),
    )
}

impl ServiceIn {
    /// The domain service and its unit; every problem at once (references and the domain's own
    /// checks), so a form can show them together.
    fn into_domain(self) -> Result<(i64, Service), ApiError> {
        let mut errors = Vec::new();
        let refs_text = self.legal_refs.trim();
        let legal_refs = if refs_text.is_empty() {
            Vec::new()
        } else {
            parse_refs(refs_text).unwrap_or_else(|e| {
                errors.push(legal_ref_problem(refs_text, &e));
                Vec::new()
            })
        };
        let t = self.texts;
        let service = Service {
            name: self.name,
            legal_refs,
            texts: ServiceTexts {
                target_group: t.target_group,
                quality_goals: t.quality_goals,
                activities: t.activities,
                citizen_tasks: t.citizen_tasks,
                time_use: t.time_use,
                duration: t.duration,
                other: t.other,
            },
            status: self.status.into(),
            approval: self.approval.map(|a| Approval { body: a.body, date: a.date }),
            ladder_step: self.ladder_step,
            access: self.access.into(),
            delivery: self.delivery.into(),
            age_range: self.age_range.map(|r| AgeRange { min_years: r.min_years, max_years: r.max_years }),
            capacity: self.capacity,
            in_report: self.in_report,
            rules: ServiceRules {
                talks: self.rules.talks,
                first_follow_up_months: self.rules.first_follow_up_months,
                follow_up_every_months: self.rules.follow_up_every_months,
                requires_consent: self.rules.requires_consent,
                no_notes: self.rules.no_notes,
                max_talks: self.rules.max_talks.map(|l| Limit { value: l.value, severity: l.severity.into() }),
                status_meeting_after: self.rules.status_meeting_after,
                hours: self.rules.hours.map(|h| HoursRange { min_hours: h.min_hours, max_hours: h.max_hours, severity: h.severity.into() }),
                contact_frequency: self.rules.contact_frequency.trim().to_owned(),
                weekdays_only: self.rules.weekdays_only.map(Into::into),
                age_check: self.rules.age_check.map(Into::into),
                status_report_lead_days: self.rules.status_report_lead_days,
                consent_before_report: self.rules.consent_before_report,
                requires_decision: self.rules.requires_decision,
                family_treatment: self.rules.family_treatment,
            },
            themes: self.themes,
        };
        if let Err(found) = service.validate() {
            errors.extend(found.0);
        }
        ValidationErrors::check(errors)?;
        Ok((self.unit_id, service))
    }
}

#[utoipa::path(get, path = "/api/services", operation_id = "listServices", tag = "services",
    responses((status = 200, description = "Every service, by unit, ladder step and name", body = Vec<ServiceOut>)))]
#[tracing::instrument(skip_all)]
pub async fn list(State(state): State<AppState>) -> Result<ApiJson<Vec<ServiceOut>>, ApiError> {
    let services = state.store.list_services().await?;
    Ok(ApiJson(services.into_iter().map(ServiceOut::from).collect()))
}

#[utoipa::path(post, path = "/api/services", operation_id = "createService", tag = "services", request_body = ServiceIn,
    responses(
        (status = 201, description = "Created", body = ServiceOut),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 403, description = "A unit leader writing another unit's catalogue", body = ErrorBody),
        (status = 422, description = "Invalid service, unknown unit or unreadable legal reference", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    user: crate::auth::CurrentUser,
    ApiJson(input): ApiJson<ServiceIn>,
) -> Result<(StatusCode, ApiJson<ServiceOut>), ApiError> {
    let (unit_id, service) = input.into_domain()?;
    if !user.actor().may_edit_catalogue_of(unit_id) {
        return Err(ApiError::Forbidden);
    }
    // The version history names who saved.
    let stored = state.store.create_service(unit_id, &service, Some(user.user.id)).await?;
    Ok((StatusCode::CREATED, ApiJson(stored.into())))
}

#[utoipa::path(get, path = "/api/services/{id}", operation_id = "getService", tag = "services",
    params(("id" = i64, Path, description = "Service id")),
    responses(
        (status = 200, description = "The service", body = ServiceOut),
        (status = 404, description = "No such service", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn get(State(state): State<AppState>, ApiPath(id): ApiPath<i64>) -> Result<ApiJson<ServiceOut>, ApiError> {
    Ok(ApiJson(state.store.service(id).await?.into()))
}

#[utoipa::path(put, path = "/api/services/{id}", operation_id = "updateService", tag = "services", request_body = ServiceIn,
    params(("id" = i64, Path, description = "Service id")),
    responses(
        (status = 200, description = "Replaced", body = ServiceOut),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 403, description = "A unit leader writing another unit's catalogue", body = ErrorBody),
        (status = 404, description = "No such service", body = ErrorBody),
        (status = 422, description = "Invalid service", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn update(
    State(state): State<AppState>,
    user: crate::auth::CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ServiceIn>,
) -> Result<ApiJson<ServiceOut>, ApiError> {
    let (unit_id, service) = input.into_domain()?;
    let current = state.store.service(id).await?;
    // A leader may neither change another unit's service nor move one there.
    if !user.actor().may_edit_catalogue_of(current.unit_id) || !user.actor().may_edit_catalogue_of(unit_id) {
        return Err(ApiError::Forbidden);
    }
    Ok(ApiJson(state.store.update_service(id, unit_id, &service, Some(user.user.id)).await?.into()))
}

/// Query of the waiting list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WaitingListQuery {
    /// Day the waiting times are counted to (`2022-04-26` or `26.04.2022`); the server's date
    /// when left out.
    #[serde(default, deserialize_with = "opt_date")]
    #[param(value_type = Option<String>, format = Date)]
    pub today: Option<NaiveDate>,
}

/// One case on a waiting list.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitingEntryOut {
    pub case_id: i64,
    pub person_name: String,
    pub enrolled_on: NaiveDate,
    /// Days from enrolment to `today`.
    pub days_waiting: i64,
    pub referral_source: ReferralSourceCode,
}

impl From<WaitingEntry> for WaitingEntryOut {
    fn from(e: WaitingEntry) -> Self {
        Self {
            case_id: e.case_id,
            person_name: e.person_name,
            enrolled_on: e.enrolled_on,
            days_waiting: e.days_waiting,
            referral_source: e.referral_source.into(),
        }
    }
}

/// A service's waiting list: enrolled, not started, not closed; longest waiting first.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitingListOut {
    pub service_id: i64,
    pub service_title: String,
    pub today: NaiveDate,
    pub entries: Vec<WaitingEntryOut>,
}

#[utoipa::path(get, path = "/api/services/{id}/waiting-list", operation_id = "getServiceWaitingList", tag = "services",
    params(("id" = i64, Path, description = "Service id"), WaitingListQuery),
    responses(
        (status = 200, description = "The waiting list, oldest enrolment first", body = WaitingListOut),
        (status = 400, description = "Unreadable date", body = ErrorBody),
        (status = 404, description = "No such service", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn waiting_list(
    State(state): State<AppState>,
    user: crate::auth::CurrentUser,
    remote: crate::auth::Remote,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<WaitingListQuery>,
) -> Result<ApiJson<WaitingListOut>, ApiError> {
    let today = query.today.unwrap_or_else(|| state.today());
    // Read the service first so an unknown id is a 404, not an empty list.
    let service = state.store.service(id).await?;
    // Only the cases the caller may see (need-to-know), and the read is logged.
    let entries = familiehus_app::cases::waiting_list(&state.app, &user.acting(&remote), id, today).await?;
    Ok(ApiJson(WaitingListOut {
        service_id: id,
        service_title: service.service.title(),
        today,
        entries: entries.into_iter().map(WaitingEntryOut::from).collect(),
    }))
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::{EditCatalogue, ReadCases, ReadCatalogue};
    use utoipa_axum::routes;
    vec![
        Route::json(Needs(ReadCatalogue), routes!(list)),
        Route::json(Needs(EditCatalogue), routes!(create)),
        Route::json(Needs(ReadCatalogue), routes!(get)),
        Route::json(Needs(EditCatalogue), routes!(update)),
        Route::json(Needs(ReadCases), routes!(waiting_list)),
    ]
}
