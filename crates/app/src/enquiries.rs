//! Enquiries (henvendelser) from the public catalogue: a citizen's self-referral to an open
//! service (`submit`, no account: refused as automated when the honeypot is filled, limited per
//! client address, validated by `domain::enquiry`), and the delivering unit's handling — the
//! inbox, opening one (every read logged, shown only once the entry is durable), accepting it
//! as a case on the service's waiting list (the referral use case in the same transaction,
//! referral source self-referral) or answering and closing it. Need-to-know: the unit's own
//! staff (`Actor::may_handle_enquiries_of`); a refusal is `Forbidden`.

use crate::cases::{Referral, Referred};
use crate::{Acting, App, AppError};
use familiehus_domain::enquiry::{self, EnquiryForm, EnquiryStatus};
use familiehus_domain::{Access, AuditAction, Permission, ReferralSource, ServiceStatus, danish};
use familiehus_store::{AuditEntry, CaseRecord, Enquiry, StoreError, UnitContact};
use std::time::Instant;

/// What the citizen is told after sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub receipt: String,
    pub service_name: String,
    pub unit_name: String,
    pub contact: UnitContact,
}

/// The inbox shows at most this many, newest first.
pub const INBOX_LIMIT: i64 = 500;

/// A service's delivering unit's contact details, for "Kontakt os" on the public page.
pub async fn unit_contact(app: &App, unit_id: i64) -> Result<UnitContact, AppError> {
    Ok(app.store.unit_contact(unit_id).await?)
}

/// Sets a unit's contact details: whoever may edit the unit's catalogue.
pub async fn set_unit_contact(app: &App, acting: &Acting, unit_id: i64, contact: &UnitContact) -> Result<(), AppError> {
    acting.require(Permission::EditCatalogue)?;
    if !acting.actor().may_edit_catalogue_of(unit_id) {
        return Err(AppError::Forbidden);
    }
    let too_long = [&contact.phone, &contact.email, &contact.address].iter().any(|v| v.chars().count() > enquiry::MAX_EMAIL_CHARS);
    if too_long {
        return Err(AppError::invalid("contact", "Telefon, e-mail og adresse må højst være 200 tegn hver.", "contact field too long"));
    }
    let mut tx = app.store.begin().await?;
    tx.set_unit_contact(unit_id, contact).await?;
    tx.commit().await?;
    Ok(())
}

/// A citizen sends an enquiry to an open, active service from `address` at `now`. The honeypot
/// and the rate limit are checked before anything else, so a robot's form is neither read nor
/// stored; an invalid form is refused with every problem at its field and counts nothing.
pub async fn submit(app: &App, address: &str, service_id: i64, form: &EnquiryForm, honeypot: &str, now: Instant) -> Result<Receipt, AppError> {
    if !honeypot.trim().is_empty() {
        // Counted too, so a robot that learns of the field still meets the limit.
        let _ = app.enquiry_limit.take(address, now);
        tracing::info!("enquiry refused: honeypot filled");
        return Err(AppError::Automated);
    }
    let stored = app.store.service(service_id).await?;
    if stored.service.status != ServiceStatus::Active || stored.service.access != Access::Open {
        return Err(AppError::Store(StoreError::NotFound { entity: familiehus_store::Entity::Service, id: service_id }));
    }
    let new = form.read(app.today())?;
    if let Err(wait) = app.enquiry_limit.take(address, now) {
        return Err(AppError::TooManyEnquiries { retry_after_secs: wait.as_secs().max(1) });
    }
    let received_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut tx = app.store.begin().await?;
    // A taken receipt (one in a billion) draws another; three misses in a row is our fault.
    let mut receipt = None;
    for _ in 0..3 {
        let mut random = [0u8; 6];
        rand::fill(&mut random);
        let code = enquiry::receipt(random);
        if tx.insert_enquiry(&new, service_id, stored.unit_id, &code, (&received_at, app.today())).await?.is_some() {
            receipt = Some(code);
            break;
        }
    }
    let Some(receipt) = receipt else { return Err(AppError::Store(StoreError::Corrupt("no free enquiry receipt".into()))) };
    tx.commit().await?;
    tracing::info!(service_id, "enquiry received");
    let contact = app.store.unit_contact(stored.unit_id).await?;
    Ok(Receipt { receipt, service_name: stored.service.name, unit_name: stored.unit_name, contact })
}

/// The unit whose inbox the actor sees: `None` for every unit's (administrators, a leader
/// without a unit); a practitioner without a unit sees none.
fn inbox_unit(acting: &Acting) -> Result<Option<i64>, AppError> {
    let actor = acting.actor();
    match (actor.role, actor.unit_id) {
        (familiehus_domain::Role::Admin, _) | (familiehus_domain::Role::UnitLeader, None) => Ok(None),
        (_, Some(unit)) if actor.may_handle_enquiries_of(unit) => Ok(Some(unit)),
        _ => Err(AppError::Forbidden),
    }
}

/// The inbox: the unit's enquiries, newest first. The list shows receipt, service, date and
/// status only (no personal data), so it is not logged; opening one is.
pub async fn inbox(app: &App, acting: &Acting) -> Result<Vec<Enquiry>, AppError> {
    acting.require(Permission::HandleEnquiries)?;
    let unit = inbox_unit(acting)?;
    Ok(app.store.enquiries(unit, INBOX_LIMIT).await?)
}

fn entry(acting: &Acting, action: AuditAction, e: &Enquiry, detail: &str) -> AuditEntry {
    let detail = if detail.is_empty() { format!("henvendelse {} ({})", e.id, e.receipt) } else { format!("henvendelse {} ({}): {detail}", e.id, e.receipt) };
    AuditEntry { case_id: e.case_id, detail, ..acting.entry(action) }
}

fn check_unit(acting: &Acting, e: &Enquiry) -> Result<(), AppError> {
    if acting.actor().may_handle_enquiries_of(e.unit_id) { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Opens one enquiry (`place` says where: `side`, `api`), logged before it is returned.
pub async fn read(app: &App, acting: &Acting, id: i64, place: &str) -> Result<Enquiry, AppError> {
    acting.require(Permission::HandleEnquiries)?;
    let e = app.store.enquiry(id).await?;
    check_unit(acting, &e)?;
    app.store.log_access(vec![entry(acting, AuditAction::ReadEnquiry, &e, place)]).await?;
    Ok(e)
}

fn not_new() -> AppError {
    AppError::invalid("status", "Henvendelsen er allerede behandlet.", "enquiry already handled")
}

/// The case note of an accepted enquiry: who to contact and the citizen's own words, so the
/// case carries them (and the case's retention rule covers them from then on).
fn case_note(e: &Enquiry) -> String {
    let mut contact = Vec::new();
    if !e.phone.is_empty() {
        contact.push(format!("tlf. {}", e.phone));
    }
    if !e.email.is_empty() {
        contact.push(e.email.clone());
    }
    let age = match (e.child_age, e.child_birth_date) {
        (_, Some(born)) => format!(", født {}", danish::date(born)),
        (Some(age), None) => format!(", {age} år"),
        (None, None) => String::new(),
    };
    format!("Egen henvendelse {} fra {} ({}) om {}{age}:\n{}", e.receipt, e.parent_name, contact.join(", "), e.child_first_name, e.difficulties)
}

/// Accepts an enquiry: the child becomes a new person with a case on the service's waiting
/// list (referral source self-referral, enrolled today), and the enquiry is marked accepted —
/// one transaction, so either both happen or neither. The unit's own staff decide (no `Refer`
/// needed): the service is open, families come themselves, so admitting one is no authority
/// decision ("act on direct contact" in the family-house access models).
pub async fn accept(app: &App, acting: &Acting, id: i64) -> Result<CaseRecord, AppError> {
    acting.require(Permission::HandleEnquiries)?;
    let mut tx = app.store.begin().await?;
    let e = tx.enquiry(id).await?;
    check_unit(acting, &e)?;
    if e.status != EnquiryStatus::New {
        return Err(not_new());
    }
    let referral = Referral {
        service_id: e.service_id,
        person: Referred::Named { name: e.child_first_name.clone(), birth_date: e.child_birth_date },
        referral_source: ReferralSource::SelfReferral,
        enrolled_on: app.today(),
        note: case_note(&e),
        access_route: familiehus_domain::access_route::AccessRoute::Enquiry,
        expected_birth_on: None,
        // The family came to an open service itself; an age warning is asked at the start.
        confirm_warnings: true,
    };
    let record = crate::cases::refer_in(app, acting, &mut tx, referral).await?;
    if !tx.finish_enquiry(id, EnquiryStatus::Accepted, "", Some(record.id), app.today(), acting.account_id()).await? {
        return Err(not_new());
    }
    tx.log(AuditEntry { case_id: Some(record.id), person_id: Some(record.person_id), ..entry(acting, AuditAction::AcceptEnquiry, &e, "") });
    tx.commit().await?;
    Ok(record)
}

/// Answers and closes an enquiry without a case, with a short note of the answer.
pub async fn answer_and_close(app: &App, acting: &Acting, id: i64, answer: &str) -> Result<Enquiry, AppError> {
    acting.require(Permission::HandleEnquiries)?;
    enquiry::check_answer(answer)?;
    let mut tx = app.store.begin().await?;
    let e = tx.enquiry(id).await?;
    check_unit(acting, &e)?;
    if !tx.finish_enquiry(id, EnquiryStatus::Closed, answer.trim(), None, app.today(), acting.account_id()).await? {
        return Err(not_new());
    }
    tx.log(entry(acting, AuditAction::CloseEnquiry, &e, ""));
    let closed = tx.enquiry(id).await?;
    tx.commit().await?;
    Ok(closed)
}
