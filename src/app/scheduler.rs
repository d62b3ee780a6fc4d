//! The collection's scheduler: answering under SM-2 or FSRS, switching
//! between them, fitting FSRS to the learner's log (`optimize`) and showing
//! how well each predicts the learner's recalls (`eval`).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::library::Collection;
use crate::domain::card::CardId;
use crate::domain::clock::StudyDay;
use crate::domain::collection::LogRecord;
use crate::domain::eval::{self, Metrics, Prediction};
use crate::domain::scheduler::{
    self, DEFAULT_RETENTION, Scheduler, SchedulerKind, Settings, day_history,
};
use crate::domain::sm2::Grade;
use crate::domain::state::{self, Answered, CardState};
use crate::error::{Error, Result};
use crate::storage::{CardFilter, Store};

/// `recall optimize` refuses to fit fewer reviews than this: below it the
/// fitted parameters follow the noise more than the learner.
pub const MIN_FIT_REVIEWS: usize = 100;
/// The share of the predictable answers, oldest first, that `eval` fits on.
const TRAIN_SHARE: f64 = 0.5;

/// A graded answer under the collection's scheduler. Under SM-2 exactly
/// [`state::answer`]; under FSRS the card's memory is replayed from its log
/// first.
pub(crate) fn answer(
    store: &Store,
    card: &CardId,
    before: CardState,
    grade: Grade,
    today: StudyDay,
) -> Result<Answered> {
    let settings = store.scheduler_settings()?;
    if settings.kind == SchedulerKind::Sm2 {
        return Ok(state::answer(before, grade, today));
    }
    let log = store.log(Some(card))?;
    // A card with a schedule but no log from its first answer on: its memory
    // starts from its SM-2 state at the retention this learner really has.
    let from_sm2 = match day_history(&log) {
        None => true,
        Some(history) => history.is_empty() && !before.is_new(),
    };
    let sm2_retention = if from_sm2 {
        measured_retention(store)?
    } else {
        DEFAULT_RETENTION
    };
    let fsrs = Scheduler::new(&settings, sm2_retention)?;
    let memory = fsrs.replay(&log)?.memory;
    Ok(fsrs.answer(before, memory, grade, today)?.0)
}

pub fn settings(collection: &Collection) -> Result<Settings> {
    Ok(collection.store.scheduler_settings()?)
}

/// Every card's log, oldest row first.
fn logs(store: &Store) -> Result<BTreeMap<CardId, Vec<LogRecord>>> {
    let mut by_card: BTreeMap<CardId, Vec<LogRecord>> = BTreeMap::new();
    for record in store.log(None)? {
        by_card.entry(record.card.clone()).or_default().push(record);
    }
    Ok(by_card)
}

fn measured_retention(store: &Store) -> Result<f32> {
    Ok(measured(&logs(store)?))
}

/// The retention this learner has over these logs (the default without any).
fn measured(logs: &BTreeMap<CardId, Vec<LogRecord>>) -> f32 {
    scheduler::measured_retention(logs.values().map(Vec::as_slice)).unwrap_or(DEFAULT_RETENTION)
}

/// The scheduler that replays these logs under `settings`: a card without
/// a usable log starts from its SM-2 state at the measured retention.
fn replaying(settings: &Settings, logs: &BTreeMap<CardId, Vec<LogRecord>>) -> Result<Scheduler> {
    Ok(Scheduler::new(settings, measured(logs))?)
}

/// `settings` with FSRS's default parameters instead of fitted ones.
fn with_default_parameters(settings: &Settings) -> Result<Scheduler> {
    Ok(Scheduler::new(
        &Settings {
            parameters: None,
            ..settings.clone()
        },
        DEFAULT_RETENTION,
    )?)
}

/// What a change of scheduler did.
#[derive(Debug, Clone, Serialize)]
pub struct Switched {
    pub settings: Settings,
    /// Cards whose interval and due day were recomputed from their log.
    pub rescheduled: usize,
}

/// Sets the scheduler and/or the desired retention, and reschedules every
/// card with a log to what replaying its log under the new settings gives:
/// back on SM-2 that is SM-2's own state, whatever FSRS did meanwhile. The
/// log itself is never touched.
pub fn set(
    collection: &mut Collection,
    kind: Option<SchedulerKind>,
    retention: Option<f32>,
) -> Result<Switched> {
    if let Some(r) = retention.filter(|r| !scheduler::valid_retention(*r)) {
        return Err(Error::Retention(r));
    }
    let current = collection.store.scheduler_settings()?;
    let settings = Settings {
        kind: kind.unwrap_or(current.kind),
        retention: retention.unwrap_or(current.retention),
        parameters: current.parameters,
    };
    store_and_reschedule(&mut collection.store, &settings)
}

fn store_and_reschedule(store: &mut Store, settings: &Settings) -> Result<Switched> {
    let logs = logs(store)?;
    let fsrs = replaying(settings, &logs)?;
    let current: BTreeMap<CardId, CardState> = store
        .cards(&CardFilter {
            include_retired: true,
            ..CardFilter::default()
        })?
        .into_iter()
        .map(|c| (c.card.id, c.state))
        .collect();
    let mut states = Vec::new();
    for (id, log) in &logs {
        let Some(now) = current.get(id) else {
            continue;
        };
        let replayed = fsrs.replay(log)?.state;
        if replayed.schedule() != now.schedule() {
            states.push((id.clone(), replayed));
        }
    }
    store.set_scheduler(settings, &states)?;
    Ok(Switched {
        settings: settings.clone(),
        rescheduled: states.len(),
    })
}

/// Every logged card's state as replaying its log under the current
/// settings gives ([`Scheduler::replay`]): what `recall check` compares
/// each card with, whichever scheduler it uses and however often it
/// switched.
pub fn replayed_states(collection: &Collection) -> Result<HashMap<CardId, CardState>> {
    let store = &collection.store;
    let settings = store.scheduler_settings()?;
    let logs = logs(store)?;
    let fsrs = replaying(&settings, &logs)?;
    let mut out = HashMap::with_capacity(logs.len());
    for (id, log) in &logs {
        out.insert(id.clone(), fsrs.replay(log)?.state);
    }
    Ok(out)
}

/// The cards whose state is not what replaying their log under the current
/// settings gives ([`Scheduler::replay`]): empty in a healthy collection,
/// whichever scheduler it uses and however often it switched. What `recall
/// check` verifies; cards without a log have nothing to replay.
pub fn replay_mismatches(collection: &Collection) -> Result<Vec<CardId>> {
    let replayed = replayed_states(collection)?;
    Ok(collection
        .store
        .cards(&CardFilter {
            include_retired: true,
            ..CardFilter::default()
        })?
        .into_iter()
        .filter(|card| {
            replayed
                .get(&card.card.id)
                .is_some_and(|state| *state != card.state)
        })
        .map(|card| card.card.id)
        .collect())
}

/// Every card's day history (cards whose log starts with them new).
fn histories(store: &Store) -> Result<Vec<Vec<(StudyDay, Grade)>>> {
    Ok(logs(store)?
        .values()
        .filter_map(|log| day_history(log))
        .filter(|h| h.len() > 1)
        .collect())
}

fn fsrs_predictions(
    fsrs: &Scheduler,
    histories: &[Vec<(StudyDay, Grade)>],
) -> Result<Vec<Prediction>> {
    let mut out = Vec::new();
    for history in histories {
        out.extend(eval::fsrs_predictions(fsrs, history)?);
    }
    Ok(out)
}

fn fit(histories: &[Vec<(StudyDay, Grade)>], keep: impl Fn(StudyDay) -> bool) -> Result<Vec<f32>> {
    let items: Vec<fsrs::FSRSItem> = histories
        .iter()
        .flat_map(|h| eval::training_items(h, &keep))
        .collect();
    if items.len() < MIN_FIT_REVIEWS {
        return Err(Error::TooLittleHistory {
            have: items.len(),
            need: MIN_FIT_REVIEWS,
        });
    }
    fsrs::compute_parameters(fsrs::ComputeParametersInput {
        train_set: items,
        ..Default::default()
    })
    .map_err(|e| Error::Scheduler(e.into()))
}

/// What `recall optimize` did.
#[derive(Debug, Clone, Serialize)]
pub struct Optimized {
    pub parameters: Vec<f32>,
    /// How the defaults and the fitted parameters predict the whole log.
    pub default: Option<Metrics>,
    pub fitted: Option<Metrics>,
    pub rescheduled: usize,
}

/// Fits FSRS's parameters to the collection's log and stores them; under
/// FSRS the cards are rescheduled with them.
pub fn optimize(collection: &mut Collection) -> Result<Optimized> {
    let store = &mut collection.store;
    let histories = histories(store)?;
    let parameters = fit(&histories, |_| true)?;
    let current = store.scheduler_settings()?;
    let defaults = with_default_parameters(&current)?;
    let settings = Settings {
        parameters: Some(parameters.clone()),
        ..current
    };
    let fitted = Scheduler::new(&settings, DEFAULT_RETENTION)?;
    let default = eval::metrics(&fsrs_predictions(&defaults, &histories)?);
    let fitted = eval::metrics(&fsrs_predictions(&fitted, &histories)?);
    let switched = store_and_reschedule(store, &settings)?;
    Ok(Optimized {
        parameters,
        default,
        fitted,
        rescheduled: switched.rescheduled,
    })
}

/// What `recall eval` shows.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Answers before this study day fit the parameters; answers from it on
    /// are predicted.
    pub split_day: Option<String>,
    pub train_reviews: usize,
    pub sm2: Option<Metrics>,
    pub fsrs_default: Option<Metrics>,
    /// `None` when the part before the split is too small to fit on.
    pub fsrs_fitted: Option<Metrics>,
    pub note: Option<String>,
}

/// How well SM-2 and FSRS (default and fitted parameters) would have
/// predicted the learner's recalls: fitted on the older half of the
/// answers, all three judged on the newer half.
pub fn evaluate(collection: &Collection) -> Result<Evaluation> {
    let store = &collection.store;
    let histories = histories(store)?;
    let Some(split) = eval::split_day(&histories, TRAIN_SHARE) else {
        return Ok(Evaluation {
            split_day: None,
            train_reviews: 0,
            sm2: None,
            fsrs_default: None,
            fsrs_fitted: None,
            note: Some("no card has been answered on two days yet".into()),
        });
    };
    let test = |p: &Prediction| p.day >= split;
    let sm2: Vec<Prediction> = histories
        .iter()
        .flat_map(|h| eval::sm2_predictions(h))
        .filter(test)
        .collect();
    let settings = store.scheduler_settings()?;
    let defaults = with_default_parameters(&settings)?;
    let fsrs_default: Vec<Prediction> = fsrs_predictions(&defaults, &histories)?
        .into_iter()
        .filter(test)
        .collect();
    let train_reviews = histories
        .iter()
        .map(|h| eval::training_items(h, |d| d < split).len())
        .sum();
    let (fsrs_fitted, note) = match fit(&histories, |d| d < split) {
        Ok(parameters) => {
            let fitted = Scheduler::new(
                &Settings {
                    parameters: Some(parameters),
                    ..settings
                },
                DEFAULT_RETENTION,
            )?;
            let predictions: Vec<Prediction> = fsrs_predictions(&fitted, &histories)?
                .into_iter()
                .filter(test)
                .collect();
            (eval::metrics(&predictions), None)
        }
        Err(Error::TooLittleHistory { have, need }) => (
            None,
            Some(format!(
                "too little history before the split to fit FSRS ({have} reviews, {need} needed)"
            )),
        ),
        Err(other) => return Err(other),
    };
    Ok(Evaluation {
        split_day: Some(split.to_string()),
        train_reviews,
        sm2: eval::metrics(&sm2),
        fsrs_default: eval::metrics(&fsrs_default),
        fsrs_fitted,
        note,
    })
}

/// FSRS's mean predicted probability of recall today over the cards in
/// review (seen, not suspended, not retired); `None` without any.
pub fn predicted_retention(collection: &Collection, today: StudyDay) -> Result<Option<f64>> {
    let store = &collection.store;
    let settings = store.scheduler_settings()?;
    let logs = logs(store)?;
    let fsrs = replaying(&settings, &logs)?;
    let active: BTreeMap<CardId, CardState> = store
        .cards(&CardFilter::default())?
        .into_iter()
        .filter(|c| !c.state.suspended && !c.state.is_new())
        .map(|c| (c.card.id, c.state))
        .collect();
    let (mut sum, mut count) = (0.0, 0u32);
    for (id, log) in &logs {
        if !active.contains_key(id) {
            continue;
        }
        if let Some(memory) = fsrs.replay(log)?.memory {
            sum += f64::from(fsrs.retrievability(&memory, today));
            count += 1;
        }
    }
    Ok((count > 0).then(|| sum / f64::from(count)))
}
