//! `/sager` and `/mine-sager`: the cases the signed-in user may see (need-to-know scope), with
//! search, filters, sorting by any column and paging (`case_list_view` reads the query string);
//! "Mine sager" is the list of the cases the user carries, open ones first shown. Users who
//! change cases tick cases and move them to another practitioner in one go (`POST
//! /sager/tildel`, through `familiehus_app::cases_bulk::assign_many`: all or nothing).

use super::case_list_view::{ListParams, PER_PAGE, Reading, STATES, showing};
use super::errors::PageError;
use super::layout::{FormErrors, Layout, form_title, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use familiehus_app::AppError;
use familiehus_app::case_list::CaseListRequest;
use familiehus_domain::{Permission, danish};
use familiehus_store::{CasePage, CaseSort};

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct Column {
    pub label: &'static str,
    pub href: String,
    /// `ascending`/`descending` on the sorted column (`aria-sort`), empty elsewhere.
    pub aria_sort: &'static str,
}

pub struct Row {
    pub id: i64,
    pub person_name: String,
    pub service_name: String,
    pub state: &'static str,
    pub enrolled_on: String,
    pub started_on: String,
    pub closed_on: String,
    pub practitioner: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "staff/cases.html")]
struct CasesPage {
    layout: Layout,
    heading: &'static str,
    path: &'static str,
    mine: bool,
    text: String,
    states: Vec<Opt>,
    services: Vec<Opt>,
    practitioners: Vec<Opt>,
    overdue: bool,
    columns: Vec<Column>,
    rows: Vec<Row>,
    showing: String,
    previous: Option<String>,
    next: Option<String>,
    /// Past the last page: a link back to the first.
    back_to_start: Option<String>,
    can_reassign: bool,
    targets: Vec<Opt>,
    hidden: Vec<(&'static str, String)>,
    errors: FormErrors,
}

const COLUMNS: &[(CaseSort, &str)] = &[
    (CaseSort::Id, "Sag"),
    (CaseSort::Person, "Person"),
    (CaseSort::Service, "Indsats"),
    (CaseSort::State, "Status"),
    (CaseSort::Enrolled, "Indskrevet"),
    (CaseSort::Started, "Iværksat"),
    (CaseSort::Closed, "Afsluttet"),
    (CaseSort::Practitioner, "Behandler"),
];

/// Which list: every case in scope, or the user's own.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    All,
    Mine,
}

impl Which {
    fn path(self) -> &'static str {
        match self {
            Which::All => "/sager",
            Which::Mine => "/mine-sager",
        }
    }
}

/// What a reassignment form brought back: the ticked cases and the chosen practitioner.
#[derive(Default)]
struct Ticked {
    ids: Vec<i64>,
    target: String,
}

/// What the list shows besides the cases: a refused form as it was sent, or a confirmation.
#[derive(Default)]
struct Outcome {
    ticked: Ticked,
    errors: FormErrors,
    notice: Option<String>,
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    which: Which,
    params: &ListParams,
    outcome: Outcome,
) -> Result<Response, PageError> {
    let Outcome { ticked, errors, notice } = outcome;
    let actor = user.actor();
    let mut reading: Reading = params.read(if which == Which::Mine { "aaben" } else { "alle" });
    if which == Which::Mine {
        reading.practitioner = Some(user.user.id);
    }
    let request = CaseListRequest { query: reading.query(), overdue: reading.overdue };
    let place = if which == Which::Mine { "mine sager" } else { "sagsliste" };
    let CasePage { total, cases } = familiehus_app::case_list::page(&state.app, &user.acting(remote), request, place).await?;
    let path = which.path();
    let offset = (reading.page - 1) * PER_PAGE;
    let last_page = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let services = state.store.list_services().await?;
    let users = state.store.list_users().await?;
    let carriers: Vec<&familiehus_store::User> =
        users.iter().filter(|u| u.active && u.role.carries_cases() && scope_unit(&actor).is_none_or(|unit| u.unit_id == Some(unit))).collect();
    let opt = |value: String, label: String, selected: bool| Opt { value, label, selected };
    let mut service_opts = vec![opt(String::new(), "Alle indsatser".into(), reading.service_id.is_none())];
    service_opts.extend(
        services
            .iter()
            .filter(|s| scope_unit(&actor).is_none_or(|unit| s.unit_id == unit) || reading.service_id == Some(s.id))
            .map(|s| opt(s.id.to_string(), s.service.name.clone(), reading.service_id == Some(s.id))),
    );
    let mut practitioner_opts = vec![opt(String::new(), "Alle behandlere".into(), reading.practitioner.is_none())];
    practitioner_opts.extend(carriers.iter().map(|u| opt(u.id.to_string(), u.display_name.clone(), reading.practitioner == Some(u.id))));
    let mut targets = vec![opt(String::new(), "Vælg behandler".into(), ticked.target.is_empty())];
    targets.extend(carriers.iter().map(|u| opt(u.id.to_string(), u.display_name.clone(), ticked.target == u.id.to_string())));
    let rows = cases
        .iter()
        .map(|c| Row {
            id: c.record.id,
            person_name: c.record.person_name.clone(),
            service_name: c.record.service_name.clone(),
            state: c.record.state.label_da(),
            enrolled_on: danish::date(c.record.case.enrolled_on()),
            started_on: super::views::opt_date(c.record.case.started_on()),
            closed_on: super::views::opt_date(c.record.case.closed_on()),
            practitioner: c.practitioner_name.clone().unwrap_or_default(),
            checked: ticked.ids.contains(&c.record.id),
        })
        .collect::<Vec<_>>();
    let columns = COLUMNS
        .iter()
        .map(|(sort, label)| Column {
            label,
            href: reading.sort_href(path, *sort),
            aria_sort: match (*sort == reading.sort, reading.descending) {
                (true, false) => "ascending",
                (true, true) => "descending",
                _ => "",
            },
        })
        .collect();
    let heading = if which == Which::Mine { "Mine sager" } else { "Sager" };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = CasesPage {
        layout: Layout::new(form_title(heading, &errors), user, path).with_notice(notice),
        heading,
        path,
        mine: which == Which::Mine,
        text: reading.text.clone(),
        states: STATES.iter().map(|(code, label)| opt((*code).into(), (*label).into(), *code == reading.status)).collect(),
        services: service_opts,
        practitioners: practitioner_opts,
        overdue: reading.overdue,
        columns,
        showing: showing(offset, rows.len(), total),
        previous: (reading.page > 1 && reading.page <= last_page).then(|| reading.page_href(path, reading.page - 1)),
        next: (reading.page < last_page).then(|| reading.page_href(path, reading.page + 1)),
        back_to_start: (rows.is_empty() && total > 0).then(|| reading.page_href(path, 1)),
        rows,
        can_reassign: actor.allows(Permission::ChangeCases),
        targets,
        hidden: reading.hidden(),
        errors,
    };
    Ok(render(status, &page))
}

#[tracing::instrument(skip_all)]
pub async fn list(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(params): Query<ListParams>) -> Result<Response, PageError> {
    render_list(&state, &user, &remote, Which::All, &params, Outcome::default()).await
}

#[tracing::instrument(skip_all)]
pub async fn mine(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(params): Query<ListParams>) -> Result<Response, PageError> {
    render_list(&state, &user, &remote, Which::Mine, &params, Outcome::default()).await
}

/// The one unit whose services and practitioners the actor's cases come from, if their scope
/// is a unit (leaders, practitioners, group leaders); `None` for scopes across units (a
/// caseworker's referrals, an administrator), whose filters offer every unit's.
pub fn scope_unit(actor: &familiehus_domain::Actor) -> Option<i64> {
    match actor.case_scope() {
        familiehus_domain::CaseScope::Unit(unit) | familiehus_domain::CaseScope::AssignedOrTeam { unit_id: Some(unit), .. } => Some(unit),
        _ => None,
    }
}

/// "sag 3, sag 5 og sag 8".
pub fn case_names(ids: &[i64]) -> String {
    let names: Vec<String> = ids.iter().map(|id| format!("sag {id}")).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} og {last}", rest.join(", ")),
    }
}

/// `POST /sager/tildel`: the ticked cases (`sag`, repeated) to practitioner `til`; the list's
/// parameters come along as hidden fields, so the page comes back as it was.
#[tracing::instrument(skip_all)]
pub async fn reassign(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut params = ListParams::default();
    let mut ticked = Ticked::default();
    let mut from_mine = false;
    for (key, value) in &fields {
        match key.as_str() {
            "sag" => ticked.ids.extend(value.trim().parse::<i64>().ok()),
            "til" => ticked.target = value.trim().to_owned(),
            "liste" => from_mine = value == "mine",
            "q" => params.q = value.clone(),
            "indsats" => params.indsats = value.clone(),
            "status" => params.status = value.clone(),
            "behandler" => params.behandler = value.clone(),
            "forsinket" => params.forsinket = value.clone(),
            "sorter" => params.sorter = value.clone(),
            "retning" => params.retning = value.clone(),
            "side" => params.side = value.clone(),
            _ => {}
        }
    }
    let which = if from_mine { Which::Mine } else { Which::All };
    let mut errors = FormErrors::default();
    let target = ticked.target.parse::<i64>().ok();
    if ticked.ids.is_empty() {
        errors.add("sager", "Sæt kryds ved de sager, der skal flyttes.");
    }
    let Some(target) = target.filter(|_| errors.is_empty()) else {
        if target.is_none() {
            errors.add("til", "Vælg den behandler, sagerne skal flyttes til.");
        }
        return render_list(&state, &user, &remote, which, &params, Outcome { ticked, errors, notice: None }).await;
    };
    match familiehus_app::cases_bulk::assign_many(&state.app, &user.acting(&remote), &ticked.ids, target).await {
        Ok(done) => {
            let ids: Vec<i64> = done.iter().map(|c| c.id).collect();
            let name = state.store.user(target).await.map(|u| u.display_name).unwrap_or_default();
            let notice = format!("Flyttet til {name}: {}.", case_names(&ids));
            render_list(&state, &user, &remote, which, &params, Outcome { notice: Some(notice), ..Outcome::default() }).await
        }
        Err(AppError::Invalid(problems)) => {
            for p in &problems.0 {
                errors.add(if p.field == "assigned_user_id" { "til" } else { "sager" }, p.message_da.clone());
            }
            render_list(&state, &user, &remote, which, &params, Outcome { ticked, errors, notice: None }).await
        }
        Err(e) => Err(e.into()),
    }
}
