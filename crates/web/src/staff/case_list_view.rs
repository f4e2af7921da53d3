//! The case list's query string read and written back: filters, sort and page as the page's
//! GET form sends them (`q`, `indsats`, `status`, `behandler`, `forsinket`, `sorter`,
//! `retning`, `side`). An unknown value is ignored (the default applies), never an error; the
//! links a page shows (sorting by a column, the next page) keep every other parameter.

use familiehus_domain::CaseState;
use familiehus_store::{CaseListQuery, CaseSort, StateFilter};
use serde::Deserialize;

/// Cases a page shows.
pub const PER_PAGE: i64 = 50;

/// The query string as typed; every field text, so nothing in it can fail to parse.
#[derive(Deserialize, Default, Debug, Clone)]
#[serde(default)]
pub struct ListParams {
    pub q: String,
    pub indsats: String,
    pub status: String,
    pub behandler: String,
    pub forsinket: String,
    pub sorter: String,
    pub retning: String,
    pub side: String,
    pub besked: String,
}

/// The parameters as understood (unknown values replaced by the defaults).
#[derive(Debug, Clone)]
pub struct Reading {
    pub text: String,
    pub service_id: Option<i64>,
    /// The state code kept in links (`""` all, `venter`, `aktiv`, `afsluttet`, `aaben`).
    pub status: &'static str,
    pub practitioner: Option<i64>,
    pub overdue: bool,
    pub sort: CaseSort,
    pub descending: bool,
    pub page: i64,
}

pub const STATES: &[(&str, &str)] = &[("alle", "Alle"), ("aaben", "Åbne"), ("venter", "På venteliste"), ("aktiv", "Iværksat"), ("afsluttet", "Afsluttet")];

fn state_filter(code: &str) -> Option<StateFilter> {
    match code {
        "venter" => Some(StateFilter::One(CaseState::Waiting)),
        "aktiv" => Some(StateFilter::One(CaseState::Active)),
        "afsluttet" => Some(StateFilter::One(CaseState::Closed)),
        "aaben" => Some(StateFilter::Open),
        _ => None,
    }
}

impl ListParams {
    /// `default_status` applies when no (known) status is given: all cases on `/sager`, the
    /// open ones on "Mine sager".
    pub fn read(&self, default_status: &'static str) -> Reading {
        let status = STATES.iter().map(|(code, _)| *code).find(|c| *c == self.status.trim()).unwrap_or(default_status);
        let sort = CaseSort::from_code(self.sorter.trim());
        Reading {
            text: self.q.trim().chars().take(100).collect(),
            service_id: self.indsats.trim().parse().ok().filter(|id| *id > 0),
            status,
            practitioner: self.behandler.trim().parse().ok().filter(|id| *id > 0),
            overdue: self.forsinket == "1",
            // Newest enrolment first unless a column is chosen.
            descending: match self.retning.as_str() {
                "ned" => true,
                "op" => false,
                _ => sort.is_none(),
            },
            sort: sort.unwrap_or_default(),
            page: self.side.trim().parse::<i64>().ok().filter(|p| (1..=1_000_000).contains(p)).unwrap_or(1),
        }
    }
}

impl Reading {
    pub fn query(&self) -> CaseListQuery {
        CaseListQuery {
            text: self.text.clone(),
            service_id: self.service_id,
            state: state_filter(self.status),
            assigned_user_id: self.practitioner,
            follow_up_due_before: None,
            sort: self.sort,
            descending: self.descending,
            offset: (self.page - 1) * PER_PAGE,
            limit: PER_PAGE,
        }
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if !self.text.is_empty() {
            p.push(("q", self.text.clone()));
        }
        if let Some(s) = self.service_id {
            p.push(("indsats", s.to_string()));
        }
        p.push(("status", self.status.to_owned()));
        if let Some(u) = self.practitioner {
            p.push(("behandler", u.to_string()));
        }
        if self.overdue {
            p.push(("forsinket", "1".into()));
        }
        p.push(("sorter", self.sort.code().to_owned()));
        p.push(("retning", if self.descending { "ned" } else { "op" }.to_owned()));
        p
    }

    /// `path?…` with every parameter kept and page `page`.
    pub fn page_href(&self, path: &str, page: i64) -> String {
        let mut p = self.pairs();
        p.push(("side", page.to_string()));
        format!("{path}?{}", serde_urlencoded::to_string(&p).unwrap_or_default())
    }

    /// The link of a column heading: sorted by it, the other way round if it already is; page 1.
    pub fn sort_href(&self, path: &str, sort: CaseSort) -> String {
        let descending = sort == self.sort && !self.descending;
        let next = Reading { sort, descending, page: 1, ..self.clone() };
        next.page_href(path, 1)
    }

    /// The hidden fields that carry the list's parameters through a form post.
    pub fn hidden(&self) -> Vec<(&'static str, String)> {
        let mut p = self.pairs();
        p.push(("side", self.page.to_string()));
        p
    }
}

/// "Viser 51–100 af 1.234", or what an empty page says.
pub fn showing(offset: i64, shown: usize, total: i64) -> String {
    let n = familiehus_domain::danish::integer;
    if shown == 0 {
        if total == 0 { "Ingen sager passer på søgningen.".into() } else { format!("Ingen sager på denne side. Der er {} i alt.", n(total)) }
    } else {
        format!("Viser {}–{} af {}", n(offset + 1), n(offset + shown as i64), n(total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_fall_back_and_links_keep_the_other_parameters() {
        let params = ListParams {
            q: "Ærø".into(),
            status: "nonsense".into(),
            sorter: "drop table".into(),
            side: "-3".into(),
            indsats: "x".into(),
            ..Default::default()
        };
        let r = params.read("");
        assert_eq!((r.status, r.sort, r.descending, r.page, r.service_id), ("", CaseSort::Enrolled, true, 1, None));
        let href = r.sort_href("/sager", CaseSort::Person);
        assert!(href.contains("q=%C3%86r%C3%B8") && href.contains("sorter=person") && href.contains("retning=op") && href.contains("side=1"), "{href}");
        let again = ListParams { sorter: "person".into(), retning: "op".into(), ..Default::default() }.read("aaben");
        assert!(again.sort_href("/mine-sager", CaseSort::Person).contains("retning=ned"));
        assert_eq!(again.status, "aaben");
        assert_eq!(showing(50, 50, 1234), "Viser 51–100 af 1.234");
        assert_eq!(showing(5000, 0, 1234), "Ingen sager på denne side. Der er 1.234 i alt.");
    }
}
