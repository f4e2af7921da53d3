//! Group courses: creating a course of a group service (its plan from `domain::group_course`
//! around the holiday calendar), the course page's view (participants' names only for cases in
//! the actor's `CaseScope`, each shown one logged), a pre-talk on a waiting case, enrolment from
//! the service's waiting list while seats last (counted by the store under a lock on the course),
//! attendance, moving or cancelling a session, and for continuous intake adding sessions and
//! ending a participation (which frees its seat).
//!
//! When to start the case: the waiting time of a group participant runs from its enrolment to
//! the first session it attends, so recording "present" for a participant whose case has not
//! started starts it on that session's date, through `cases::start` (the same use case as the
//! case page's button), and the half-yearly report counts it like any case.

use crate::{Acting, App, AppError};
use chrono::NaiveDate;
use familiehus_domain::group_course::{self, Attendance, CourseDraft, may_run_course, may_see_course};
use familiehus_domain::holidays::{Calendar, SchoolHoliday};
use familiehus_domain::{AuditAction, CaseState, Delivery, Permission, Role, ValidationErrors};
use familiehus_store::{AttendanceMark, CourseFilter, CourseLeader, GroupParticipant, GroupSession, PreTalk, Seats, StoreError, StoredCourse, WaitingEntry};

/// A course in a list: the plan's facts and leaders, no personal data.
#[derive(Debug, Clone)]
pub struct CourseSummary {
    pub course: StoredCourse,
    pub leaders: Vec<CourseLeader>,
}

/// A participant as the actor may see them: the name only with the case in scope.
#[derive(Debug, Clone)]
pub struct ParticipantView {
    pub participant: GroupParticipant,
    pub visible: bool,
    /// For a step-built course: the steps missed (held sessions since joining, recorded absent).
    pub missed_steps: Vec<usize>,
}

/// Everything the course page shows.
#[derive(Debug, Clone)]
pub struct CourseView {
    pub course: StoredCourse,
    pub leaders: Vec<CourseLeader>,
    pub sessions: Vec<GroupSession>,
    pub participants: Vec<ParticipantView>,
    pub attendance: Vec<AttendanceMark>,
    /// The service's waiting list within need-to-know, with each case's pre-talks, when the
    /// actor runs the course; empty otherwise.
    pub waiting: Vec<(WaitingEntry, Vec<PreTalk>)>,
    pub may_run: bool,
}

/// The holiday calendar in force (stored periods, defaults for years without).
pub async fn calendar(app: &App) -> Result<Calendar, AppError> {
    Ok(Calendar::new(app.store.school_holidays().await?))
}

async fn leader_ids(app: &App, course_id: i64) -> Result<(Vec<CourseLeader>, Vec<i64>), AppError> {
    let leaders = app.store.course_leaders(course_id).await?;
    let ids = leaders.iter().map(|l| l.user_id).collect();
    Ok((leaders, ids))
}

/// The courses the actor sees, newest first.
pub async fn list(app: &App, acting: &Acting) -> Result<Vec<CourseSummary>, AppError> {
    acting.require(Permission::ReadCases)?;
    let actor = acting.actor();
    let filter = match (actor.role, actor.unit_id) {
        (Role::Admin, _) | (Role::UnitLeader, None) => CourseFilter::All,
        (Role::UnitLeader | Role::Practitioner | Role::GroupLeader, unit_id) => CourseFilter::UnitOrLeader { unit_id, user_id: actor.user_id },
        _ => return Ok(Vec::new()),
    };
    let mut out = Vec::new();
    for course in app.store.courses(filter, app.today()).await? {
        let (leaders, ids) = leader_ids(app, course.id).await?;
        if may_see_course(&actor, course.unit_id, &ids) {
            out.push(CourseSummary { course, leaders });
        }
    }
    Ok(out)
}

/// The group services the actor may create a course of, with the active users who may lead it
/// (practitioners and group leaders of the service's unit): `(service id, name, unit id)`.
pub async fn services_for_courses(app: &App, acting: &Acting) -> Result<Vec<(i64, String, i64)>, AppError> {
    acting.require(Permission::ChangeCases)?;
    let actor = acting.actor();
    Ok(app
        .store
        .list_services()
        .await?
        .into_iter()
        .filter(|s| s.service.delivery == Delivery::Group && may_run_course(&actor, s.unit_id, &[]))
        .map(|s| (s.id, s.service.name, s.unit_id))
        .collect())
}

/// Who may lead a course of a unit: active practitioners and group leaders of the unit.
pub async fn possible_leaders(app: &App, unit_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(app
        .store
        .list_users()
        .await?
        .into_iter()
        .filter(|u| u.active && u.role.carries_cases() && u.unit_id == Some(unit_id))
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// Creates a course of a group service with its generated sessions.
pub async fn create(app: &App, acting: &Acting, service_id: i64, draft: &CourseDraft) -> Result<i64, AppError> {
    acting.require(Permission::ChangeCases)?;
    let stored = app.store.service(service_id).await.map_err(|e| match e {
        StoreError::NotFound { .. } => AppError::invalid("service_id", "Vælg en gruppeindsats.", "service does not exist"),
        other => other.into(),
    })?;
    if !may_run_course(&acting.actor(), stored.unit_id, &[]) {
        return Err(AppError::Forbidden);
    }
    if stored.service.delivery != Delivery::Group {
        return Err(AppError::invalid("service_id", "Forløb kan kun oprettes for en indsats, der leveres i grupper.", "service is not a group service"));
    }
    let leaders: Vec<i64> = possible_leaders(app, stored.unit_id).await?.into_iter().map(|(id, _)| id).collect();
    let calendar = calendar(app).await?;
    let (course, sessions) = draft.check(&|id| leaders.contains(&id), &calendar)?;
    let mut tx = app.store.begin().await?;
    let id = tx.create_course(service_id, &course, &sessions, acting.account_id()).await?;
    tx.commit().await?;
    Ok(id)
}

/// The course, if the actor sees it.
async fn visible_course(app: &App, acting: &Acting, id: i64) -> Result<(StoredCourse, Vec<CourseLeader>, bool), AppError> {
    acting.require(Permission::ReadCases)?;
    let course = app.store.course(id).await?;
    let (leaders, ids) = leader_ids(app, id).await?;
    let actor = acting.actor();
    if !may_see_course(&actor, course.unit_id, &ids) {
        return Err(AppError::Forbidden);
    }
    let may_run = may_run_course(&actor, course.unit_id, &ids);
    Ok((course, leaders, may_run))
}

/// The course page: plan, participants (names within need-to-know, each shown logged), attendance
/// and, for those who run it, the waiting list to enrol from (logged by `cases::waiting_list`).
pub async fn view(app: &App, acting: &Acting, id: i64, place: &str) -> Result<CourseView, AppError> {
    let (course, leaders, may_run) = visible_course(app, acting, id).await?;
    let sessions = app.store.course_sessions(id).await?;
    let attendance = app.store.course_attendance(id).await?;
    let scope = acting.actor().case_scope();
    let held: Vec<(i64, NaiveDate)> = sessions.iter().filter(|s| !s.cancelled() && s.held_on <= app.today()).map(|s| (s.id, s.held_on)).collect();
    let participants: Vec<ParticipantView> = app
        .store
        .course_participants(id)
        .await?
        .into_iter()
        .map(|p| {
            let visible = scope.includes(&p.access_facts());
            let missed_steps = if course.step_built {
                let of = |session_id| attendance.iter().find(|a| a.session_id == session_id && a.case_id == p.case_id).map(|a| a.status);
                group_course::missed_steps(&held, p.joined_on, &of)
            } else {
                Vec::new()
            };
            ParticipantView { participant: p, visible, missed_steps }
        })
        .collect();
    let log: Vec<_> = participants
        .iter()
        .filter(|p| p.visible)
        .map(|p| familiehus_store::AuditEntry {
            case_id: Some(p.participant.case_id),
            person_id: Some(p.participant.person_id),
            detail: format!("{place}, forløb {id}"),
            ..acting.entry(AuditAction::ReadGroupCourse)
        })
        .collect();
    if !log.is_empty() {
        app.store.log_access(log).await?;
    }
    let mut waiting = Vec::new();
    if may_run {
        let enrolled: Vec<i64> = participants.iter().map(|p| p.participant.case_id).collect();
        for entry in crate::cases::waiting_list(app, acting, course.service_id, app.today()).await? {
            if !enrolled.contains(&entry.case_id) {
                let talks = app.store.pre_talks(entry.case_id).await?;
                waiting.push((entry, talks));
            }
        }
    }
    Ok(CourseView { course, leaders, sessions, participants, attendance, waiting, may_run })
}

/// The course for one who runs it, inside the transaction (locked: enrolments queue here).
async fn run_course(acting: &Acting, app: &App, tx: &mut familiehus_store::Tx, id: i64) -> Result<StoredCourse, AppError> {
    acting.require(Permission::ChangeCases)?;
    let course = tx.lock_course(id).await?;
    let (_, ids) = leader_ids(app, id).await?;
    if !may_run_course(&acting.actor(), course.unit_id, &ids) {
        return Err(AppError::Forbidden);
    }
    Ok(course)
}

/// Records a pre-talk (forsamtale) on a case that is waiting for the course's service.
pub async fn record_pre_talk(app: &App, acting: &Acting, course_id: i64, case_id: i64, held_on: &str, note: &str) -> Result<i64, AppError> {
    let mut tx = app.store.begin().await?;
    let course = run_course(acting, app, &mut tx, course_id).await?;
    let record = tx.case(case_id).await?;
    if !acting.actor().case_scope().includes(&record.access_facts()) {
        return Err(AppError::Forbidden);
    }
    if record.service_id != course.service_id || record.state == CaseState::Closed {
        return Err(AppError::invalid("case_id", "Sagen står ikke på indsatsens venteliste.", "case not on the service's waiting list"));
    }
    let (date, note) = group_course::check_pre_talk(held_on, note, record.case.enrolled_on(), app.today())?;
    let id = tx.record_pre_talk(case_id, date, &note, acting.account_id()).await?;
    tx.log(crate::cases::logged(acting, AuditAction::RecordPreTalk, &record, format!("forløb {course_id}")));
    tx.commit().await?;
    Ok(id)
}

/// Enrols a case from the service's waiting list into the course while seats last. A full
/// course refuses at the field `case_id` in Danish; the case stays on the waiting list.
pub async fn enrol(app: &App, acting: &Acting, course_id: i64, case_id: i64) -> Result<(), AppError> {
    let mut tx = app.store.begin().await?;
    let course = run_course(acting, app, &mut tx, course_id).await?;
    let record = tx.case(case_id).await.map_err(|e| match e {
        StoreError::NotFound { .. } => AppError::invalid("case_id", "Sagen findes ikke.", "case does not exist"),
        other => other.into(),
    })?;
    if !acting.actor().case_scope().includes(&record.access_facts()) {
        return Err(AppError::Forbidden);
    }
    if record.service_id != course.service_id || record.state != CaseState::Waiting {
        return Err(AppError::invalid("case_id", "Kun en sag på indsatsens venteliste kan optages i forløbet.", "case not on the service's waiting list"));
    }
    if !tx.courses_of_case(case_id).await?.is_empty() {
        return Err(AppError::invalid("case_id", "Sagen er allerede optaget i et forløb.", "case already in a course"));
    }
    let sessions: Vec<NaiveDate> = app.store.course_sessions(course_id).await?.iter().filter(|s| !s.cancelled()).map(|s| s.held_on).collect();
    let today = app.today();
    group_course::takes_participants(course.continuous_intake, &sessions, today)?;
    match tx.add_participant(&course, case_id, today, acting.account_id()).await? {
        Seats::Taken => {}
        Seats::Full(taken, of) => {
            return Err(AppError::invalid(
                "case_id",
                &format!("Forløbet er fuldt ({taken} af {of} pladser). Sagen bliver på ventelisten til næste forløb."),
                "course is full",
            ));
        }
        Seats::FamiliesFull(families, of) => {
            return Err(AppError::invalid(
                "case_id",
                &format!("Forløbet har allerede {families} af højst {of} familier. Sagen bliver på ventelisten til næste forløb."),
                "course has its families",
            ));
        }
    }
    tx.log(crate::cases::logged(acting, AuditAction::EnrolInGroup, &record, format!("forløb {course_id}")));
    tx.commit().await?;
    Ok(())
}

/// The course's session for one who runs it, in the transaction.
async fn run_session(
    app: &App,
    acting: &Acting,
    tx: &mut familiehus_store::Tx,
    course_id: i64,
    session_id: i64,
) -> Result<(StoredCourse, GroupSession), AppError> {
    let course = run_course(acting, app, tx, course_id).await?;
    let session = tx.session(session_id).await?;
    if session.course_id != course_id {
        return Err(StoreError::NotFound { entity: familiehus_store::Entity::Session, id: session_id }.into());
    }
    Ok((course, session))
}

/// Records attendance at a held session: one mark per participant's case. A participant
/// recorded present whose case has not started is started on the session's date.
pub async fn record_attendance(app: &App, acting: &Acting, course_id: i64, session_id: i64, marks: &[(i64, Attendance)]) -> Result<(), AppError> {
    let mut tx = app.store.begin().await?;
    let (_, session) = run_session(app, acting, &mut tx, course_id, session_id).await?;
    if session.cancelled() {
        return Err(AppError::invalid("session", "Gangen er aflyst; der kan ikke registreres fremmøde.", "session cancelled"));
    }
    if session.held_on > app.today() {
        return Err(AppError::invalid("session", "Fremmøde kan først registreres på dagen for gangen.", "session in the future"));
    }
    let participants = app.store.course_participants(course_id).await?;
    let scope = acting.actor().case_scope();
    let mut to_start = Vec::new();
    for (case_id, status) in marks {
        let Some(p) = participants.iter().find(|p| p.case_id == *case_id) else {
            return Err(AppError::invalid("attendance", "Fremmøde kan kun registreres for forløbets deltagere.", "not a participant"));
        };
        if !scope.includes(&p.access_facts()) {
            return Err(AppError::Forbidden);
        }
        if p.joined_on > session.held_on {
            return Err(AppError::invalid("attendance", "Deltageren var ikke optaget i forløbet på den dag.", "session before joining"));
        }
        if p.left_on.is_some_and(|left| left < session.held_on) {
            return Err(AppError::invalid("attendance", "Deltageren var stoppet i forløbet før den dag.", "session after leaving"));
        }
        if *status == Attendance::Present && p.started_on.is_none() {
            to_start.push(*case_id);
        }
        tx.log(familiehus_store::AuditEntry {
            case_id: Some(*case_id),
            person_id: Some(p.person_id),
            detail: format!("gang {session_id}: {}", status.code()),
            ..acting.entry(AuditAction::RecordAttendance)
        });
    }
    tx.record_attendance(session_id, marks, acting.account_id()).await?;
    tx.commit().await?;
    for case_id in to_start {
        crate::cases::start(app, acting, case_id, session.held_on, true).await?;
    }
    Ok(())
}

/// Adds `count` sessions to a continuous-intake course, in its rhythm after its last session
/// and around the holidays (`group_course::check_added_sessions`); returns their dates.
pub async fn add_sessions(app: &App, acting: &Acting, course_id: i64, count: &str) -> Result<Vec<NaiveDate>, AppError> {
    let calendar = calendar(app).await?;
    let mut tx = app.store.begin().await?;
    let course = run_course(acting, app, &mut tx, course_id).await?;
    let sessions = tx.sessions_of(course_id).await?;
    let last = sessions.iter().map(|s| s.planned_on.max(s.held_on)).max();
    let weekday = group_course::weekday_from_code(&course.weekday).ok_or_else(|| StoreError::Corrupt(format!("course {course_id}: weekday")))?;
    let interval = group_course::Interval::from_code(&course.interval_code).ok_or_else(|| StoreError::Corrupt(format!("course {course_id}: interval")))?;
    let dates = group_course::check_added_sessions(course.continuous_intake, count, sessions.len(), (weekday, interval), last, app.today(), &calendar)?;
    tx.add_sessions(&course, &dates, acting.account_id()).await?;
    tx.commit().await?;
    Ok(dates)
}

/// Ends a participant's place in the course on a day (from joining, not in the future): the
/// seat is free for the next family on the waiting list. The case itself goes on (it may be
/// closed on its own page); its attendance after that day is refused.
pub async fn end_participation(app: &App, acting: &Acting, course_id: i64, case_id: i64, left_on: &str, reason: &str) -> Result<(), AppError> {
    let mut tx = app.store.begin().await?;
    run_course(acting, app, &mut tx, course_id).await?;
    let participants = app.store.course_participants(course_id).await?;
    let Some(p) = participants.iter().find(|p| p.case_id == case_id && p.left_on.is_none()) else {
        return Err(AppError::invalid("case_id", "Sagen har ikke en plads i forløbet.", "not a participant"));
    };
    if !acting.actor().case_scope().includes(&p.access_facts()) {
        return Err(AppError::Forbidden);
    }
    let (left_on, reason) = group_course::check_leave(left_on, reason, p.joined_on, app.today())?;
    if !tx.end_participation(course_id, case_id, left_on, &reason).await? {
        return Err(AppError::invalid("case_id", "Sagen har ikke en plads i forløbet.", "not a participant"));
    }
    tx.log(familiehus_store::AuditEntry {
        case_id: Some(case_id),
        person_id: Some(p.person_id),
        detail: format!("forløb {course_id}: stoppet {}", familiehus_domain::danish::date(left_on)),
        ..acting.entry(AuditAction::EndParticipation)
    });
    tx.commit().await?;
    Ok(())
}

/// Moves one session to a new date (not a holiday) and time.
pub async fn move_session(app: &App, acting: &Acting, course_id: i64, session_id: i64, date: &str, time: &str) -> Result<(), AppError> {
    let (date, start) = group_course::check_move(date, time, &calendar(app).await?)?;
    let mut tx = app.store.begin().await?;
    let (_, session) = run_session(app, acting, &mut tx, course_id, session_id).await?;
    if session.cancelled() {
        return Err(AppError::invalid("date", "Gangen er aflyst og kan ikke flyttes.", "session cancelled"));
    }
    tx.move_session(session_id, date, &start.to_string(), acting.account_id()).await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels one session with a reason; it stays in the plan, marked cancelled.
pub async fn cancel_session(app: &App, acting: &Acting, course_id: i64, session_id: i64, reason: &str) -> Result<(), AppError> {
    let reason = group_course::check_cancel_reason(reason)?;
    let mut tx = app.store.begin().await?;
    run_session(app, acting, &mut tx, course_id, session_id).await?;
    tx.cancel_session(session_id, &reason, acting.account_id()).await?;
    tx.commit().await?;
    Ok(())
}

/// The holiday calendar's lines for the settings page: the stored periods, or, when nothing is
/// stored, this and next school year's defaults to start from.
pub async fn holiday_lines(app: &App, acting: &Acting) -> Result<String, AppError> {
    acting.require(Permission::ManageSettings)?;
    let stored = app.store.school_holidays().await?;
    let shown = if stored.is_empty() {
        let year = familiehus_domain::holidays::school_year_of(app.today());
        [year, year + 1].into_iter().flat_map(familiehus_domain::holidays::default_school_holidays).collect()
    } else {
        stored
    };
    Ok(shown.iter().map(familiehus_domain::holidays::line_of).collect::<Vec<_>>().join("\n"))
}

/// Replaces the school-holiday calendar with the lines typed (administrators).
pub async fn update_holidays(app: &App, acting: &Acting, text: &str) -> Result<Vec<SchoolHoliday>, AppError> {
    acting.require(Permission::ManageSettings)?;
    let holidays = familiehus_domain::holidays::read_lines(text).map_err(|problems| {
        ValidationErrors(
            problems
                .into_iter()
                .map(|(n, da)| familiehus_domain::FieldError::new("holidays", if n == 0 { da } else { format!("Linje {n}: {da}") }, "holiday line unreadable"))
                .collect(),
        )
    })?;
    let mut tx = app.store.begin().await?;
    tx.replace_school_holidays(&holidays, acting.account_id()).await?;
    tx.commit().await?;
    Ok(holidays)
}
