//! `/katalog/ny` and `/katalog/{id}/rediger`: create and edit a catalogue entry. Every field of
//! the service is on one form; the legal basis is shown as the server reads it ("Læses som"),
//! after pressing "Vis lovhenvisning" (no JavaScript needed) and whenever the form comes back.
//! Saving records a version with the user; a rejected form comes back with every value kept
//! and a Danish message at each field.

use super::super::errors::PageError;
use super::super::fields::{Choice, Field, Group, Kind, optional_number, ticked};
use super::super::layout::{FormErrors, Layout, render};
use crate::AppState;
use crate::api::services::legal_ref_problem;
use crate::auth::CurrentUser;
use crate::public::text::legal_ref_in_full;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_domain::legal_ref::parse_refs;
use familiehus_domain::{
    Access, AgeRange, Approval, Delivery, HoursRange, Ladder, Limit, RuleSeverity, Service, ServiceRules, ServiceStatus, ServiceTexts, danish,
};
use familiehus_store::{StoreError, StoredService, StoredUnit};
use serde::Deserialize;

/// The form as typed: every value a string, so a rejected form shows exactly what was sent.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ServiceForm {
    pub unit_id: String,
    pub name: String,
    pub legal_refs: String,
    /// The seven template texts, under their own field names.
    #[serde(flatten)]
    pub texts: ServiceTexts,
    pub status: String,
    pub approval_body: String,
    pub approval_date: String,
    pub ladder_step: String,
    pub access: String,
    pub delivery: String,
    pub age_min: String,
    pub age_max: String,
    pub capacity: String,
    pub in_report: String,
    pub talks: String,
    pub first_follow_up_months: String,
    pub follow_up_every_months: String,
    pub requires_consent: String,
    pub no_notes: String,
    pub max_talks: String,
    pub max_talks_severity: String,
    pub status_meeting_after: String,
    pub hours_min: String,
    pub hours_max: String,
    pub hours_severity: String,
    pub contact_frequency: String,
    pub weekdays_only: String,
    pub age_check: String,
    pub status_report_lead_days: String,
    pub consent_before_report: String,
    pub requires_decision: String,
    pub family_treatment: String,
    pub themes: String,
    /// `vis`: only show how the legal basis reads; do not save.
    pub handling: String,
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn severity_code(s: Option<RuleSeverity>) -> String {
    s.map(|s| s.code().to_owned()).unwrap_or_default()
}

/// A severity select: empty is "no such rule"; a limit without one warns.
fn severity(code: &str) -> Option<RuleSeverity> {
    RuleSeverity::from_code(code)
}

fn flag(on: bool) -> String {
    if on { "ja".into() } else { String::new() }
}

impl ServiceForm {
    fn blank(unit_id: Option<i64>) -> Self {
        ServiceForm {
            unit_id: opt(unit_id),
            status: ServiceStatus::Active.code().into(),
            access: Access::Referral.code().into(),
            delivery: Delivery::Individual.code().into(),
            ladder_step: "4".into(),
            ..Default::default()
        }
    }

    fn from_stored(s: &StoredService) -> Self {
        let v = &s.service;
        ServiceForm {
            unit_id: s.unit_id.to_string(),
            name: v.name.clone(),
            legal_refs: v.legal_refs.iter().map(ToString::to_string).collect::<Vec<_>>().join(" og "),
            texts: v.texts.clone(),
            status: v.status.code().into(),
            approval_body: v.approval.as_ref().map(|a| a.body.clone()).unwrap_or_default(),
            approval_date: v.approval.as_ref().map(|a| danish::date(a.date)).unwrap_or_default(),
            ladder_step: v.ladder_step.to_string(),
            access: v.access.code().into(),
            delivery: v.delivery.code().into(),
            age_min: opt(v.age_range.map(|r| r.min_years)),
            age_max: opt(v.age_range.map(|r| r.max_years)),
            capacity: opt(v.capacity),
            in_report: flag(v.in_report),
            talks: opt(v.rules.talks),
            first_follow_up_months: opt(v.rules.first_follow_up_months),
            follow_up_every_months: opt(v.rules.follow_up_every_months),
            requires_consent: flag(v.rules.requires_consent),
            no_notes: flag(v.rules.no_notes),
            max_talks: opt(v.rules.max_talks.map(|l| l.value)),
            max_talks_severity: severity_code(v.rules.max_talks.map(|l| l.severity)),
            status_meeting_after: opt(v.rules.status_meeting_after),
            hours_min: opt(v.rules.hours.map(|h| h.min_hours)),
            hours_max: opt(v.rules.hours.map(|h| h.max_hours)),
            hours_severity: severity_code(v.rules.hours.map(|h| h.severity)),
            contact_frequency: v.rules.contact_frequency.clone(),
            weekdays_only: severity_code(v.rules.weekdays_only),
            age_check: severity_code(v.rules.age_check),
            status_report_lead_days: opt(v.rules.status_report_lead_days),
            consent_before_report: flag(v.rules.consent_before_report),
            requires_decision: flag(v.rules.requires_decision),
            family_treatment: flag(v.rules.family_treatment),
            themes: v.themes.join(", "),
            handling: String::new(),
        }
    }

    /// The unit and the service, or every problem found (the form's own and the domain's).
    pub fn parse(&self) -> Result<(i64, Service), FormErrors> {
        let mut errors = FormErrors::default();
        let unit_id = self.unit_id.parse::<i64>().ok();
        if unit_id.is_none() {
            errors.add("unit_id", "Vælg den enhed, der leverer indsatsen.");
        }
        let refs_text = self.legal_refs.trim();
        let legal_refs = if refs_text.is_empty() {
            Vec::new()
        } else {
            parse_refs(refs_text).unwrap_or_else(|e| {
                errors.add("legal_refs", legal_ref_problem(refs_text, &e).message_da);
                Vec::new()
            })
        };
        let status = ServiceStatus::from_code(&self.status).unwrap_or(ServiceStatus::Active);
        let access = Access::from_code(&self.access).unwrap_or(Access::Referral);
        let delivery = Delivery::from_code(&self.delivery).unwrap_or(Delivery::Individual);
        let ladder_step = optional_number::<u8>(&self.ladder_step, "ladder_step", "Trinnet", &mut errors).unwrap_or_default();
        let age_min = optional_number::<u8>(&self.age_min, "age_min", "Laveste alder", &mut errors);
        let age_max = optional_number::<u8>(&self.age_max, "age_max", "Højeste alder", &mut errors);
        let age_range = match (age_min, age_max) {
            (Some(min_years), Some(max_years)) => Some(AgeRange { min_years, max_years }),
            (None, None) => None,
            (Some(min_years), None) if self.age_max.trim().is_empty() => Some(AgeRange { min_years, max_years: 17 }),
            (None, Some(max_years)) if self.age_min.trim().is_empty() => Some(AgeRange { min_years: 0, max_years }),
            _ => None,
        };
        let capacity = optional_number::<u32>(&self.capacity, "capacity", "Kapaciteten", &mut errors);
        let rules = ServiceRules {
            talks: optional_number(&self.talks, "talks", "Antal samtaler", &mut errors),
            first_follow_up_months: optional_number(&self.first_follow_up_months, "first_follow_up_months", "Første opfølgning", &mut errors),
            follow_up_every_months: optional_number(&self.follow_up_every_months, "follow_up_every_months", "Opfølgningsintervallet", &mut errors),
            requires_consent: ticked(&self.requires_consent),
            no_notes: ticked(&self.no_notes),
            max_talks: optional_number::<u16>(&self.max_talks, "max_talks", "Højeste antal samtaler", &mut errors)
                .map(|value| Limit { value, severity: severity(&self.max_talks_severity).unwrap_or(RuleSeverity::Warning) }),
            status_meeting_after: optional_number(&self.status_meeting_after, "status_meeting_after", "Statusmøde efter", &mut errors),
            hours: match (
                optional_number::<u16>(&self.hours_min, "hours_min", "Mindste antal timer", &mut errors),
                optional_number::<u16>(&self.hours_max, "hours_max", "Højeste antal timer", &mut errors),
            ) {
                (None, None) => None,
                (min, Some(max)) => {
                    Some(HoursRange { min_hours: min.unwrap_or(0), max_hours: max, severity: severity(&self.hours_severity).unwrap_or(RuleSeverity::Warning) })
                }
                (Some(_), None) => {
                    errors.add("hours_max", "Skriv også det højeste antal timer.");
                    None
                }
            },
            contact_frequency: self.contact_frequency.trim().to_owned(),
            weekdays_only: severity(&self.weekdays_only),
            age_check: severity(&self.age_check),
            status_report_lead_days: optional_number(&self.status_report_lead_days, "status_report_lead_days", "Statusrapportens frist", &mut errors),
            consent_before_report: ticked(&self.consent_before_report),
            requires_decision: ticked(&self.requires_decision),
            family_treatment: ticked(&self.family_treatment),
        };
        let approval = match (self.approval_body.trim(), self.approval_date.trim()) {
            ("", "") => None,
            (body, date) => match danish::parse_date(date) {
                Some(date) if !body.is_empty() => Some(Approval { body: body.to_owned(), date }),
                Some(_) => {
                    errors.add("approval_body", "Skriv hvem der har godkendt indsatsen, fx Børne- og Ungdomsudvalget.");
                    None
                }
                None => {
                    errors.add("approval_date", super::super::fields::UNREADABLE_DATE_DA);
                    None
                }
            },
        };
        let themes = self.themes.split([',', ';']).map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect();
        let service = Service {
            name: self.name.trim().to_owned(),
            legal_refs,
            texts: self.texts.map(template_text),
            status,
            approval,
            ladder_step,
            access,
            delivery,
            age_range,
            capacity,
            in_report: ticked(&self.in_report),
            rules,
            themes,
        };
        if let Err(found) = service.validate() {
            add_domain_errors(&mut errors, found.0);
        }
        match unit_id {
            Some(unit_id) if errors.is_empty() => Ok((unit_id, service)),
            _ => Err(errors),
        }
    }
}

/// A template text as stored (LF line ends, no surrounding blank lines), so saving an
/// untouched text records no change.
fn template_text(text: &str) -> String {
    super::super::fields::line_feeds(text).trim().to_owned()
}

/// The domain names a few fields differently from the form.
fn add_domain_errors(errors: &mut FormErrors, found: Vec<familiehus_domain::FieldError>) {
    for f in found {
        let field = match f.field {
            "age_range" => "age_min",
            "hours" => "hours_min",
            "rules" => "first_follow_up_months",
            same => same,
        };
        if errors.get(field).is_none() {
            errors.add(field, f.message_da);
        }
    }
}

/// How the legal basis reads: canonical and with the law's name, or nothing when unreadable.
fn reading(text: &str) -> Vec<String> {
    match parse_refs(text.trim()) {
        Ok(refs) => refs.iter().map(|r| format!("{r} ({})", legal_ref_in_full(r))).collect(),
        Err(_) => Vec::new(),
    }
}

/// A severity select: `none` is the empty choice's label.
fn severities(current: &str, none: &str) -> Vec<Choice> {
    let all = [
        (String::new(), none.to_owned()),
        ("warning".to_owned(), "Advarsel (kan gemmes alligevel)".to_owned()),
        ("stop".to_owned(), "Stop (afvises)".to_owned()),
    ];
    Choice::list(all.into_iter().filter(|(c, _)| !(c.is_empty() && none == "Advarsel")), current)
}

fn groups(form: &ServiceForm, units: &[StoredUnit], ladder: &Ladder, errors: &FormErrors) -> Vec<Group> {
    let unit_choices =
        Choice::list(std::iter::once((String::new(), "Vælg enhed".to_owned())).chain(units.iter().map(|u| (u.id.to_string(), u.name.clone()))), &form.unit_id);
    let code_choices =
        |all: Vec<(&'static str, &'static str)>, current: &str| Choice::list(all.into_iter().map(|(c, l)| (c.to_owned(), l.to_owned())), current);
    let steps = Choice::list(ladder.steps().iter().map(|s| (s.number.to_string(), format!("{}: {}", s.number, s.label))), &form.ladder_step);
    let template_fields = form
        .texts
        .fields()
        .iter()
        .map(|(key, label, text)| {
            Field::new(key, *label, text, Kind::TextArea { rows: if *key == "target_group" || *key == "activities" { 8 } else { 4 } }, errors)
        })
        .collect();
    vec![
        Group {
            legend: "Indsatsen",
            fields: vec![
                Field::new("unit_id", "Enhed", &form.unit_id, Kind::Select(unit_choices), errors),
                Field::new("name", "Navn", &form.name, Kind::Text, errors),
                Field::new("legal_refs", "Lovgrundlag", &form.legal_refs, Kind::Text, errors)
                    .hint("Fx § 52.3.3 eller SEL § 52, stk. 3, nr. 3 og BL § 32, stk. 1, nr. 3. Uden lovens navn gælder Serviceloven.")
                    .reading(reading(&form.legal_refs)),
                Field::new(
                    "status",
                    "Status",
                    &form.status,
                    Kind::Select(code_choices(ServiceStatus::ALL.iter().map(|s| (s.code(), s.label_da())).collect(), &form.status)),
                    errors,
                ),
                Field::new("ladder_step", "Trin på indsatstrappen", &form.ladder_step, Kind::Select(steps), errors),
                Field::new(
                    "access",
                    "Adgang",
                    &form.access,
                    Kind::Select(code_choices(Access::ALL.iter().map(|a| (a.code(), a.label_da())).collect(), &form.access)),
                    errors,
                ),
                Field::new(
                    "delivery",
                    "Form",
                    &form.delivery,
                    Kind::Select(code_choices(Delivery::ALL.iter().map(|d| (d.code(), d.label_da())).collect(), &form.delivery)),
                    errors,
                ),
            ],
        },
        Group { legend: "Skabelontekster", fields: template_fields },
        Group {
            legend: "Regler",
            fields: vec![
                Field::new("age_min", "Laveste alder (år)", &form.age_min, Kind::Number, errors),
                Field::new("age_max", "Højeste alder (år)", &form.age_max, Kind::Number, errors).hint("Tomme felter betyder ingen aldersgrænse."),
                Field::new("capacity", "Kapacitet (samtidige sager)", &form.capacity, Kind::Number, errors).hint("Tom betyder intet loft."),
                Field::new("talks", "Antal samtaler eller sessioner", &form.talks, Kind::Number, errors),
                Field::new("first_follow_up_months", "Første opfølgning (måneder efter start)", &form.first_follow_up_months, Kind::Number, errors),
                Field::new("follow_up_every_months", "Derefter opfølgning hver (måneder)", &form.follow_up_every_months, Kind::Number, errors),
                Field::new(
                    "requires_consent",
                    "Kræver registreret samtykke før start (fx § 109)",
                    "",
                    Kind::Checkbox { checked: ticked(&form.requires_consent) },
                    errors,
                ),
                Field::new(
                    "consent_before_report",
                    "Kræver samtykke før en rapport sendes (fx § 71, stk. 2)",
                    "",
                    Kind::Checkbox { checked: ticked(&form.consent_before_report) },
                    errors,
                ),
                Field::new(
                    "requires_decision",
                    "Kræver afgørelse (dato, hyppighed, varighed, tilsynsførende) før start (fx § 71, stk. 3)",
                    "",
                    Kind::Checkbox { checked: ticked(&form.requires_decision) },
                    errors,
                ),
                Field::new("no_notes", "Der føres ikke notater (fortroligt tilbud)", "", Kind::Checkbox { checked: ticked(&form.no_notes) }, errors),
                Field::new("max_talks", "Højeste antal samtaler", &form.max_talks, Kind::Number, errors).hint("Fx 5 for krisehjælp. Tom betyder intet loft."),
                Field::new(
                    "max_talks_severity",
                    "Ud over højeste antal samtaler",
                    &form.max_talks_severity,
                    Kind::Select(severities(&form.max_talks_severity, "Advarsel")),
                    errors,
                ),
                Field::new("status_meeting_after", "Statusmøde efter antal samtaler", &form.status_meeting_after, Kind::Number, errors)
                    .hint("Fx 8 for rådgivning: der advares, når den 8. samtale registreres."),
                Field::new("hours_min", "Timeramme: mindst (timer)", &form.hours_min, Kind::Number, errors),
                Field::new("hours_max", "Timeramme: højst (timer)", &form.hours_max, Kind::Number, errors)
                    .hint("Fx 4–10 timer efter § 109. Tom betyder ingen timeramme."),
                Field::new("hours_severity", "Ud over timerammen", &form.hours_severity, Kind::Select(severities(&form.hours_severity, "Advarsel")), errors),
                Field::new("contact_frequency", "Kontakthyppighed (vejledende)", &form.contact_frequency, Kind::Text, errors)
                    .hint("Fx hver 1.–2. uge. Vises på sagen."),
                Field::new(
                    "weekdays_only",
                    "Kun hverdage (ikke weekend og helligdage)",
                    &form.weekdays_only,
                    Kind::Select(severities(&form.weekdays_only, "Nej")),
                    errors,
                ),
                Field::new(
                    "age_check",
                    "Alder uden for aldersgrænsen ved henvisning og start",
                    &form.age_check,
                    Kind::Select(severities(&form.age_check, "Kontrolleres ikke")),
                    errors,
                ),
                Field::new("status_report_lead_days", "Statusrapport (dage før opfølgning)", &form.status_report_lead_days, Kind::Number, errors)
                    .hint("Tom betyder kommunens indstilling."),
                Field::new(
                    "family_treatment",
                    "Styrket familiebehandling (faser, netværkskort, planlagte og fleksible timer, flerfamiliegrupper)",
                    "",
                    Kind::Checkbox { checked: ticked(&form.family_treatment) },
                    errors,
                ),
                Field::new("in_report", "Med i opgørelsen af sagstal og ventetider", "", Kind::Checkbox { checked: ticked(&form.in_report) }, errors),
                Field::new("themes", "Temaord", &form.themes, Kind::Text, errors)
                    .hint("Adskilt med komma, fx skilsmisse, angst. Bruges i søgningen på Find hjælp."),
            ],
        },
        Group {
            legend: "Godkendelse",
            fields: vec![
                Field::new("approval_body", "Godkendt af", &form.approval_body, Kind::Text, errors),
                Field::new("approval_date", "Godkendt den", &form.approval_date, Kind::Date, errors),
            ],
        },
    ]
}

#[derive(Template)]
#[template(path = "staff/catalogue/form.html")]
struct FormPage {
    layout: Layout,
    heading: String,
    action: String,
    cancel_href: String,
    errors: FormErrors,
    groups: Vec<Group>,
}

async fn show(
    state: &AppState,
    user: &CurrentUser,
    id: Option<i64>,
    form: &ServiceForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let actor = user.actor();
    let units: Vec<StoredUnit> = state.store.list_units().await?.into_iter().filter(|u| actor.may_edit_catalogue_of(u.id)).collect();
    let (heading, action, cancel_href) = match id {
        Some(id) => (format!("Rediger {}", form.name), format!("/katalog/{id}/rediger"), format!("/katalog/{id}")),
        None => ("Ny indsats".to_owned(), "/katalog/ny".to_owned(), "/katalog".to_owned()),
    };
    let ladder = familiehus_app::settings::settings(&state.app).await?.ladder;
    let groups = groups(form, &units, &ladder, &errors);
    let page = FormPage { layout: Layout::new(heading.clone(), user, "/katalog"), heading, action, cancel_href, errors, groups };
    Ok(render(status, &page))
}

pub async fn new_page(State(state): State<AppState>, user: CurrentUser) -> Result<Response, PageError> {
    show(&state, &user, None, &ServiceForm::blank(user.user.unit_id), FormErrors::default(), StatusCode::OK).await
}

pub async fn edit_page(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let stored = state.store.service(id).await?;
    if !user.actor().may_edit_catalogue_of(stored.unit_id) {
        return Err(PageError::Forbidden);
    }
    show(&state, &user, Some(id), &ServiceForm::from_stored(&stored), FormErrors::default(), StatusCode::OK).await
}

pub async fn create(State(state): State<AppState>, user: CurrentUser, Form(form): Form<ServiceForm>) -> Result<Response, PageError> {
    save(&state, &user, None, form).await
}

pub async fn update(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>, Form(form): Form<ServiceForm>) -> Result<Response, PageError> {
    if !user.actor().may_edit_catalogue_of(state.store.service(id).await?.unit_id) {
        return Err(PageError::Forbidden);
    }
    save(&state, &user, Some(id), form).await
}

async fn save(state: &AppState, user: &CurrentUser, id: Option<i64>, form: ServiceForm) -> Result<Response, PageError> {
    if form.handling == "vis" {
        let mut errors = FormErrors::default();
        let refs = form.legal_refs.trim();
        if let Some(e) = (!refs.is_empty()).then(|| parse_refs(refs).err()).flatten() {
            errors.add("legal_refs", legal_ref_problem(refs, &e).message_da);
        }
        return show(state, user, id, &form, errors, StatusCode::OK).await;
    }
    let (unit_id, service) = match form.parse() {
        Ok((unit_id, _)) if !user.actor().may_edit_catalogue_of(unit_id) => {
            let mut errors = FormErrors::default();
            errors.add("unit_id", "Du kan kun oprette og rette indsatser i din egen enhed.");
            return show(state, user, id, &form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Ok(parsed) => parsed,
        Err(errors) => return show(state, user, id, &form, errors, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    // The ladder is the municipality's setting, so a step number is checked against it here.
    if familiehus_app::settings::settings(&state.app).await?.ladder.step(service.ladder_step).is_none() {
        let mut errors = FormErrors::default();
        errors.add("ladder_step", "Vælg et trin på indsatstrappen.");
        return show(state, user, id, &form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let by = Some(user.user.id);
    let saved = match id {
        Some(id) => state.store.update_service(id, unit_id, &service, by).await,
        None => state.store.create_service(unit_id, &service, by).await,
    };
    match saved {
        Ok(stored) => {
            let notice = if id.is_some() { "gemt" } else { "oprettet" };
            Ok(Redirect::to(&format!("/katalog/{}?besked={notice}", stored.id)).into_response())
        }
        Err(StoreError::Invalid(list)) => {
            let mut errors = FormErrors::default();
            add_domain_errors(&mut errors, list.0);
            show(state, user, id, &form, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> ServiceForm {
        ServiceForm { unit_id: "1".into(), name: "Familiebehandling".into(), legal_refs: "§ 52.3.3".into(), ..ServiceForm::blank(Some(1)) }
    }

    #[test]
    fn a_filled_form_reads_into_a_service_and_back() {
        let mut form = filled();
        form.age_min = "0".into();
        form.age_max = "17".into();
        form.in_report = "ja".into();
        form.themes = "Familie, Skilsmisse".into();
        form.approval_body = "Børne- og Ungdomsudvalget".into();
        form.approval_date = "20.04.2023".into();
        let (unit, service) = form.parse().expect("valid");
        assert_eq!(unit, 1);
        assert_eq!(service.title(), "Familiebehandling jf. SEL § 52, stk. 3, nr. 3");
        assert_eq!(service.age_range, Some(AgeRange { min_years: 0, max_years: 17 }));
        assert!(service.in_report);
        assert_eq!(service.themes, ["familie", "skilsmisse"]);
        let stored = StoredService { id: 9, unit_id: 1, unit_name: "Familiehuset".into(), service: service.clone() };
        assert_eq!(ServiceForm::from_stored(&stored).parse().expect("round trip").1, service);
    }

    #[test]
    fn texts_sent_with_crlf_read_as_stored() {
        let mut form = filled();
        form.texts.activities = "Samtaler\r\n\r\n- med forældre\r\n- med barnet\r\n".into();
        assert_eq!(form.parse().expect("valid").1.texts.activities, "Samtaler\n\n- med forældre\n- med barnet");
    }

    #[test]
    fn every_problem_is_named_at_its_field() {
        let mut form = filled();
        form.unit_id = String::new();
        form.name = " ".into();
        form.legal_refs = "§ fem".into();
        form.capacity = "mange".into();
        form.age_min = "12".into();
        form.age_max = "8".into();
        form.approval_date = "i går".into();
        form.approval_body = "Udvalget".into();
        let errors = form.parse().expect_err("invalid");
        for field in ["unit_id", "name", "legal_refs", "capacity", "age_min", "approval_date"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert!(errors.get("legal_refs").is_some_and(|m| m.contains("tegn 3")));
    }

    #[test]
    fn the_reading_shows_canonical_references_with_the_law_named() {
        assert_eq!(
            reading("§ 52.3.3 + BL § 32.1.3"),
            ["SEL § 52, stk. 3, nr. 3 (Serviceloven § 52, stk. 3, nr. 3)", "BL § 32, stk. 1, nr. 3 (Barnets Lov § 32, stk. 1, nr. 3)"]
        );
        assert!(reading("§ fem").is_empty());
    }
}
