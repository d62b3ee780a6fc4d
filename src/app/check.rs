//! `recall check [--repair]`: the file's integrity, the per-deck counters
//! against the cards, and each card's state against a replay of its log
//! with the domain's own transitions; the repair rebuilds what the log
//! knows (after a snapshot).

use std::collections::HashMap;
use std::path::Path;

use super::library::{self, Collection};
use crate::domain::card::CardId;
use crate::domain::clock::{Now, StudyDay};
use crate::domain::collection::LogRecord;
use crate::domain::sm2::{MAX_INTERVAL, MIN_EF};
use crate::domain::state::{self, CardState, LogKind};
use crate::error::{Error, Result};
use crate::storage::{CardFilter, Recovered, StoreErrorKind};

/// What `check` found; empty lists mean a sound collection.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub cards: usize,
    pub log_rows: usize,
    /// `PRAGMA integrity_check`'s messages.
    pub integrity: Vec<String>,
    /// Counters that differ from the cards, one line each.
    pub counters: Vec<String>,
    /// Cards whose state or log does not hold together, one line each.
    pub states: Vec<String>,
    /// The state a replay of the log gives each card that differs.
    pub rebuilt: Vec<(CardId, CardState)>,
}

impl Report {
    pub fn problems(&self) -> usize {
        self.integrity.len() + self.counters.len() + self.states.len()
    }
}

/// What a log row may have turned its `before` into.
fn allowed_after(row: &LogRecord, undone_before: Option<CardState>) -> Vec<CardState> {
    let before = row.before;
    match row.kind {
        LogKind::Review => row
            .grade
            .map(|g| vec![state::answer(before, g, row.day).after])
            .unwrap_or_default(),
        LogKind::Drill => vec![before],
        // Whether the quiz was scheduled is not logged: either is right.
        LogKind::Quiz => {
            let mut out = vec![before];
            if let Some(g) = row.grade {
                out.push(state::answer(before, g, row.day).after);
            }
            out
        }
        LogKind::Suspend => vec![state::suspend(before), state::unsuspend(before)],
        LogKind::Bury => vec![state::bury(before, row.day)],
        LogKind::Undo => undone_before.into_iter().collect(),
    }
}

/// Under FSRS an answer moves SM-2's counters (repetitions, EF, lapses)
/// exactly as SM-2 would, but the interval — and so the due day — is
/// FSRS's: the two states agree but for those two, and the due day still
/// is the interval after the day it was set.
fn same_but_interval(expected: &CardState, logged: &CardState) -> bool {
    if expected == logged {
        return true;
    }
    let counters = CardState {
        interval: logged.interval,
        due: logged.due,
        ..*expected
    };
    counters == *logged
        && match (expected.due, logged.due) {
            (Some(e), Some(l)) => {
                e.days_since(l) == i64::from(expected.interval) - i64::from(logged.interval)
            }
            (None, None) => true,
            _ => false,
        }
}

/// Equal but for the interval and the due day, which a switch of the
/// scheduler sets anew from the log.
fn same_counters(a: &CardState, b: &CardState) -> bool {
    CardState {
        interval: b.interval,
        due: b.due,
        ..*a
    } == *b
}

/// A state's own bounds: EF never under 1.30, a due day no further than
/// the longest interval after the change that set it.
fn out_of_range(state: &CardState, changed_on: Option<StudyDay>) -> Option<String> {
    if state.ef < MIN_EF {
        return Some(format!(
            "EF {:.2} is below 1.30",
            f64::from(state.ef) / 100.0
        ));
    }
    if let (Some(due), Some(day)) = (state.due, changed_on)
        && due.days_since(day) > i64::from(MAX_INTERVAL)
    {
        return Some(format!(
            "due {due} is more than {MAX_INTERVAL} days after {day}"
        ));
    }
    None
}

/// Replays every card's log from a new card's state.
fn replay(
    report: &mut Report,
    states: &[(CardId, CardState)],
    log: &[LogRecord],
    undoes: &HashMap<i64, i64>,
    scheduled: &HashMap<CardId, CardState>,
) {
    let by_id: HashMap<i64, &LogRecord> = log.iter().map(|r| (r.id, r)).collect();
    let mut by_card: HashMap<&CardId, Vec<&LogRecord>> = HashMap::new();
    for row in log {
        by_card.entry(&row.card).or_default().push(row);
    }
    for (id, stored) in states {
        let mut current = CardState::default();
        let mut last_day = None;
        let mut broken = false;
        for row in by_card.remove(id).unwrap_or_default() {
            // A scheduler switch reschedules cards (interval and due day)
            // without a log row; everything else must chain exactly.
            if !same_counters(&row.before, &current) && !broken {
                report.states.push(format!(
                    "card {id}: log row {} starts from a state the previous change did not leave",
                    row.id
                ));
                broken = true;
            }
            let undone_before = undoes
                .get(&row.id)
                .and_then(|target| by_id.get(target))
                .map(|target| target.before);
            let allowed = allowed_after(row, undone_before);
            if !allowed.iter().any(|a| same_but_interval(a, &row.after)) && !broken {
                report.states.push(format!(
                    "card {id}: log row {} ({}) does not follow from its state before",
                    row.id,
                    row.kind.as_str()
                ));
                broken = true;
            }
            if let Some(problem) = out_of_range(&row.after, Some(row.day)) {
                report
                    .states
                    .push(format!("card {id}: log row {}: {problem}", row.id));
            }
            current = row.after;
            last_day = Some(row.day);
        }
        if let Some(problem) = out_of_range(stored, last_day) {
            report.states.push(format!("card {id}: {problem}"));
        }
        // The scheduler in force replays the log (a switch reschedules
        // every card that way); without a scheduler's replay, the state the
        // last change left.
        let expected = scheduled.get(id).copied().unwrap_or(current);
        if *stored != expected {
            report.states.push(format!(
                "card {id}: its state differs from the one its log leaves"
            ));
            report.rebuilt.push((id.clone(), expected));
        }
    }
    for (card, rows) in by_card {
        report.states.push(format!(
            "log rows {:?}: card {card} is not in the collection",
            rows.iter().map(|r| r.id).collect::<Vec<_>>()
        ));
    }
}

/// Checks the collection. Reading a damaged file may fail half-way; the
/// integrity messages (or the error that stopped the reading) are then
/// all there is.
pub fn check(collection: &Collection) -> Result<Report> {
    match check_all(collection) {
        Err(Error::Store(e) | Error::Database { source: e, .. })
            if e.kind() == StoreErrorKind::Damaged =>
        {
            Ok(Report {
                integrity: vec![e.to_string()],
                ..Report::default()
            })
        }
        other => other,
    }
}

fn check_all(collection: &Collection) -> Result<Report> {
    let store = &collection.store;
    let mut report = Report {
        integrity: store.integrity_problems()?,
        ..Report::default()
    };
    if !report.integrity.is_empty() {
        return Ok(report);
    }
    report.counters = store
        .counter_mismatches()?
        .into_iter()
        .map(|m| {
            format!(
                "deck {:?} (class {}, due {}): counted {}, the cards say {}",
                m.deck, m.class, m.due, m.counted, m.cards
            )
        })
        .collect();
    let cards = store.cards(&CardFilter {
        include_retired: true,
        ..CardFilter::default()
    })?;
    let log = store.log(None)?;
    let undoes: HashMap<i64, i64> = store
        .undo_links()?
        .into_iter()
        .map(|link| (link.undo, link.undoes))
        .collect();
    report.cards = cards.len();
    report.log_rows = log.len();
    let states: Vec<(CardId, CardState)> =
        cards.into_iter().map(|c| (c.card.id, c.state)).collect();
    let scheduled = super::scheduler::replayed_states(collection)?;
    replay(&mut report, &states, &log, &undoes, &scheduled);
    Ok(report)
}

/// What `--repair` did.
#[derive(Debug)]
pub struct Repaired {
    /// The check before the repair.
    pub found: Report,
    /// A damaged file was replaced by the rows that could be read.
    pub recovered: Option<Recovered>,
    /// Card states rebuilt from the log.
    pub rebuilt: usize,
    /// The check after the repair.
    pub after: Report,
}

/// Repairs what can be repaired. A damaged file first: its readable rows
/// go into a fresh file that takes its place (the damaged one is kept
/// beside it), and the built-in decks are synced to bring back cards that
/// were lost. Then the counters and every card's state (the state its last
/// logged change left) are rebuilt, after a snapshot.
pub fn repair(collection: Collection, db: &Path, now: Now) -> Result<Repaired> {
    let found = check(&collection)?;
    let (mut collection, recovered) = if found.integrity.is_empty() {
        (collection, None)
    } else {
        let recovered = collection.store.recover()?;
        (library::open(db, now)?.0, Some(recovered))
    };
    let before = check(&collection)?;
    collection.store.repair(&before.rebuilt)?;
    let after = check(&collection)?;
    Ok(Repaired {
        found,
        recovered,
        rebuilt: before.rebuilt.len(),
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sm2::Grade;

    fn row(
        id: i64,
        kind: LogKind,
        grade: Option<u8>,
        before: CardState,
        after: CardState,
    ) -> LogRecord {
        LogRecord {
            id,
            card: CardId::parse("c1").unwrap(),
            at: "2026-11-21T12:00:00+00:00".into(),
            day: StudyDay::from_number(20_000),
            kind,
            grade: grade.and_then(Grade::new),
            duration_ms: 0,
            was_new: false,
            before,
            after,
            undone: false,
        }
    }

    #[test]
    fn a_state_that_its_log_does_not_lead_to_is_reported_and_rebuilt() {
        let day = StudyDay::from_number(20_000);
        let new = CardState::default();
        let answered = state::answer(new, Grade::new(5).unwrap(), day).after;
        let log = vec![row(1, LogKind::Review, Some(5), new, answered)];
        let id = CardId::parse("c1").unwrap();
        // The log and the card agree.
        let mut sound = Report::default();
        replay(
            &mut sound,
            &[(id.clone(), answered)],
            &log,
            &HashMap::new(),
            &HashMap::new(),
        );
        assert!(sound.states.is_empty(), "{:?}", sound.states);
        // The card lost its answer.
        let mut lost = Report::default();
        replay(
            &mut lost,
            &[(id.clone(), new)],
            &log,
            &HashMap::new(),
            &HashMap::new(),
        );
        assert_eq!(lost.states.len(), 1, "{:?}", lost.states);
        assert_eq!(lost.rebuilt, vec![(id.clone(), answered)]);
        // A logged answer that SM-2 would not give, and an EF under 1.30.
        let forged = CardState {
            ef: 120,
            ..answered
        };
        let log = vec![row(1, LogKind::Review, Some(5), new, forged)];
        let mut bad = Report::default();
        replay(
            &mut bad,
            &[(id, forged)],
            &log,
            &HashMap::new(),
            &HashMap::new(),
        );
        assert!(
            bad.states.iter().any(|s| s.contains("does not follow")),
            "{:?}",
            bad.states
        );
        assert!(
            bad.states.iter().any(|s| s.contains("below 1.30")),
            "{:?}",
            bad.states
        );
    }
}
