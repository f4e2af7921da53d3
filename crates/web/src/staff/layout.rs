//! What every staff page shares: the layout's data (title, signed-in user, navigation by role,
//! CSRF token, notice), form errors, and rendering a template into a response.

use crate::auth::CurrentUser;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use familiehus_domain::Permission;

pub struct UserBar {
    pub name: String,
    pub role_label: &'static str,
}

pub struct NavLink {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

/// The base layout's data (`templates/staff/base.html`).
pub struct Layout {
    pub title: String,
    pub user: Option<UserBar>,
    pub csrf_token: String,
    pub nav: Vec<NavLink>,
    pub notice: Option<String>,
}

impl Layout {
    /// For a signed-in page; `current` is the path of the menu item to mark.
    pub fn new(title: impl Into<String>, user: &CurrentUser, current: &str) -> Self {
        let actor = user.actor();
        let mut nav = vec![("/".to_owned(), "Forside", true)];
        nav.push(("/katalog".into(), "Katalog", actor.allows(Permission::ReadCatalogue)));
        nav.push(("/mine-sager".into(), "Mine sager", actor.role.carries_cases()));
        nav.push(("/sager".into(), "Sager", actor.allows(Permission::ReadCases)));
        // Group courses are run by practitioners, group leaders and leaders (caseworkers refer).
        nav.push(("/grupper".into(), "Grupper", actor.allows(Permission::ChangeCases)));
        nav.push(("/frister".into(), "Frister", actor.allows(Permission::ReadCases)));
        nav.push(("/belastning".into(), "Belastning", actor.allows(Permission::SeeCaseload)));
        nav.push(("/personer".into(), "Personer", actor.allows(Permission::ReadCases)));
        nav.push(("/henvisning".into(), "Ny henvisning", actor.allows(Permission::Refer)));
        nav.push(("/optag".into(), "Optag uden visitation", actor.allows(Permission::ChangeCases)));
        nav.push(("/indbakke".into(), "Indbakke", actor.allows(Permission::Refer) && !actor.allows(Permission::ChangeCases)));
        nav.push(("/henvendelser".into(), "Henvendelser", actor.allows(Permission::HandleEnquiries)));
        nav.push(("/rapport".into(), "Sagstal og ventetider", actor.allows(Permission::ReadReport)));
        nav.push(("/rapport/resultater".into(), "Resultater", actor.allows(Permission::ReadReport)));
        nav.push(("/anonym".into(), "Anonym rådgivning", actor.allows(Permission::LogAnonymous)));
        nav.push((
            "/anonym/statistik".into(),
            "Anonym statistik",
            actor.allows(Permission::ReadAnonymousStatistics) && !actor.allows(Permission::LogAnonymous),
        ));
        nav.push(("/brugere".into(), "Brugere", actor.allows(Permission::ManageUsers)));
        nav.push(("/indstillinger".into(), "Indstillinger", actor.allows(Permission::ManageSettings)));
        Layout {
            title: title.into(),
            user: Some(UserBar { name: user.user.display_name.clone(), role_label: user.user.role.label_da() }),
            csrf_token: user.csrf_token.clone(),
            nav: nav.into_iter().filter(|(_, _, shown)| *shown).map(|(href, label, _)| NavLink { current: href == current, href, label }).collect(),
            notice: None,
        }
    }

    /// For pages seen without a session (login, errors).
    pub fn anonymous(title: impl Into<String>) -> Self {
        Layout { title: title.into(), user: None, csrf_token: String::new(), nav: Vec::new(), notice: None }
    }

    pub fn with_notice(mut self, notice: Option<String>) -> Self {
        self.notice = notice;
        self
    }
}

/// `?besked=` after a redirect: which confirmation the page shows (each page maps its codes).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    pub besked: String,
}

/// One problem with one form field, in Danish; `field` is the input's id.
#[derive(Debug)]
pub struct FieldMsg {
    pub field: &'static str,
    pub message: String,
}

/// A form's problems, shown in the summary at the top and next to each field.
#[derive(Debug, Default)]
pub struct FormErrors {
    pub list: Vec<FieldMsg>,
}

impl FormErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.list.push(FieldMsg { field, message: message.into() });
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.list.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A form page's title: a refused form says so first, which is what a screen reader announces.
pub fn form_title(title: &str, errors: &FormErrors) -> String {
    if errors.is_empty() { title.to_owned() } else { format!("Fejl i formularen – {title}") }
}

/// Renders a page; a template failure is a plain 500 page (cause logged only). The fallback is
/// fixed text rather than `errors::PageError`, whose pages use this layout: errors depend on
/// the layout, never the other way round.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "staff page template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, Html(TEMPLATE_FAILED_HTML)).into_response()
        }
    }
}

/// The page a template failure shows: valid, Danish and accessible without the layout.
const TEMPLATE_FAILED_HTML: &str = "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\">\
    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Fejl – Familiehus</title></head>\
    <body><main><h1>Der opstod en fejl</h1><p>Siden kunne ikke vises. Prøv igen senere.</p><p><a href=\"/\">Til forsiden</a></p></main></body></html>";

pub fn ok_page(template: &impl Template) -> Response {
    render(StatusCode::OK, template)
}
