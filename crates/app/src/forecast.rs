//! "When can we start?" (`domain::start_forecast`): the expected start on each service for a
//! new referral (the referral form), the waiting list's queue for its rows, one case's expected
//! start, and the backtest of the model against what happened. Aggregates of waiting lists
//! only, no personal data, so nothing here is logged; the case's own forecast is shown where
//! the case already is (and logged).

use crate::{Acting, App, AppError};
use chrono::{Days, NaiveDate};
use familiehus_domain::Permission;
use familiehus_domain::start_forecast::{self, Backtest, Forecast, Queue, WINDOW_DAYS};
use familiehus_store::QueueCounts;
use std::collections::HashMap;

/// Every service's waiting list as the forecast sees it, by service id.
pub struct Queues {
    today: NaiveDate,
    by_service: HashMap<i64, (QueueCounts, Option<u32>)>,
}

impl Queues {
    /// The service's queue; a service with no case yet has no basis.
    pub fn queue(&self, service_id: i64) -> Queue {
        match self.by_service.get(&service_id) {
            Some((counts, capacity)) => Queue {
                exits_in_window: u32::try_from(counts.exits_in_window).unwrap_or(u32::MAX),
                free_seats: capacity.map(|c| u32::try_from((i64::from(c) - counts.running).max(0)).unwrap_or(0)),
            },
            None => Queue { exits_in_window: 0, free_seats: None },
        }
    }

    /// The forecast for a new referral on the service: behind everyone waiting now.
    pub fn for_new_referral(&self, service_id: i64) -> Forecast {
        let waiting = self.by_service.get(&service_id).map(|(c, _)| c.waiting).unwrap_or(0);
        start_forecast::forecast(self.queue(service_id), u32::try_from(waiting + 1).unwrap_or(u32::MAX), self.today)
    }

    /// The forecast for the case at `position` (1 = next) on the service's waiting list.
    pub fn at_position(&self, service_id: i64, position: i64) -> Forecast {
        start_forecast::forecast(self.queue(service_id), u32::try_from(position).unwrap_or(u32::MAX), self.today)
    }
}

/// The first day of the window the exits are counted in, seen on `today`.
fn window_start(today: NaiveDate) -> NaiveDate {
    today.checked_sub_days(Days::new(u64::from(WINDOW_DAYS))).unwrap_or(NaiveDate::MIN)
}

/// Who may see forecasts: those who refer or read cases (the referral form, waiting lists).
fn require(acting: &Acting) -> Result<(), AppError> {
    let actor = acting.actor();
    if actor.allows(Permission::Refer) || actor.allows(Permission::ReadCases) { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Every service's queue on today.
pub async fn queues(app: &App, acting: &Acting) -> Result<Queues, AppError> {
    require(acting)?;
    let today = app.today();
    let counts = app.store.queue_counts(window_start(today), today).await?;
    let capacities: HashMap<i64, Option<u32>> = app.store.list_services().await?.into_iter().map(|s| (s.id, s.service.capacity)).collect();
    let by_service = counts.into_iter().map(|c| (c.service_id, (c, capacities.get(&c.service_id).copied().flatten()))).collect();
    Ok(Queues { today, by_service })
}

/// One waiting case's place in its queue and expected start, for a user with the case in
/// scope; `None` when it is not waiting.
pub async fn for_case(app: &App, acting: &Acting, case_id: i64) -> Result<Option<(i64, Forecast)>, AppError> {
    acting.require(Permission::ReadCases)?;
    let case = app.store.case(case_id).await?;
    if !acting.actor().case_scope().includes(&case.access_facts()) {
        return Err(AppError::Forbidden);
    }
    let Some(position) = app.store.queue_position(case_id).await? else { return Ok(None) };
    // Only this service's queue: the case page is read often, the whole municipality's not needed.
    let today = app.today();
    let counts = app.store.queue_counts_of(case.service_id, window_start(today), today).await?;
    let capacity = app.store.service(case.service_id).await?.service.capacity;
    let by_service = counts.into_iter().map(|c| (c.service_id, (c, capacity))).collect();
    Ok(Some((position, Queues { today, by_service }.at_position(case.service_id, position))))
}

/// The expected start of each of these waiting cases of one service (a waiting list's page,
/// whose cases the caller has read and logged), by case id.
pub async fn for_waiting_cases(app: &App, acting: &Acting, service_id: i64, case_ids: &[i64]) -> Result<HashMap<i64, (i64, Forecast)>, AppError> {
    let queues = queues(app, acting).await?;
    Ok(app.store.queue_positions(case_ids).await?.into_iter().map(|(id, position)| (id, (position, queues.at_position(service_id, position)))).collect())
}

/// The backtest per service with cases enrolled between `from` and `to` (leaders, analysts and
/// administrators: `ReadReport`; the figures are rates, never single cases).
pub async fn backtest(app: &App, acting: &Acting, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, Backtest)>, AppError> {
    acting.require(Permission::ReadReport)?;
    let mut out = Vec::new();
    for service in app.store.list_services().await? {
        let cases = app.store.service_case_dates(service.id).await?;
        let result = start_forecast::backtest(&cases, from, to);
        if result.cases > 0 {
            out.push((service.service.name, result));
        }
    }
    Ok(out)
}
