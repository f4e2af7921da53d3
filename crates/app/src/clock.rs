//! Where "today" comes from: the system clock in production, a fixed date in tests, so that
//! waiting times, deadlines and default report dates are reproducible.

use chrono::NaiveDate;
use std::sync::Arc;

#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> NaiveDate + Send + Sync>);

impl Clock {
    /// Today in Denmark, whatever time zone the server runs in (containers often run in UTC,
    /// which would make "today" yesterday between midnight and 01.00 or 02.00).
    pub fn system() -> Self {
        Clock(Arc::new(|| familiehus_domain::danish::local_date(chrono::Utc::now())))
    }

    /// Always the same date.
    pub fn fixed(date: NaiveDate) -> Self {
        Clock(Arc::new(move || date))
    }

    pub fn today(&self) -> NaiveDate {
        (self.0)()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock(today = {})", self.today())
    }
}
