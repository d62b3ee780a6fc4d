//! Which scheduler sets a card's next interval: SM-2 (the default, exact)
//! or FSRS-6 through the `fsrs` crate. Both go through [`Scheduler::answer`]:
//! SM-2 keeps the card's repetitions, EF and lapses under either scheduler
//! (so leeches, burial and the learning/review classes work the same), and
//! under FSRS only the interval and due day come from the card's memory
//! state instead of from SM-2.
//!
//! A card's FSRS memory state is never stored: it is the replay of the card's
//! own log ([`Scheduler::replay`]), so switching schedulers, undo and
//! optimizing never leave a stale memory behind. [`Scheduler::replay`] also
//! gives the whole card state a log leads to, which is what `recall check`
//! compares a card with.

use fsrs::{FSRS, FSRSError, MemoryState};
use serde::Serialize;

use super::clock::StudyDay;
use super::collection::LogRecord;
use super::sm2::{Grade, MAX_INTERVAL};
use super::state::{self, Answered, CardState, LogKind};

/// Desired retention when the user has not chosen one.
pub const DEFAULT_RETENTION: f32 = 0.90;
/// The range `--retention` accepts, as Anki does: below it reviews get
/// rare enough to forget most cards, above it the workload explodes.
pub const MIN_RETENTION: f32 = 0.70;
pub const MAX_RETENTION: f32 = 0.97;

/// The collection's scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SchedulerKind {
    Sm2,
    Fsrs,
}

impl SchedulerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SchedulerKind::Sm2 => "sm2",
            SchedulerKind::Fsrs => "fsrs",
        }
    }

    pub fn parse(text: &str) -> Option<SchedulerKind> {
        match text {
            "sm2" => Some(SchedulerKind::Sm2),
            "fsrs" => Some(SchedulerKind::Fsrs),
            _ => None,
        }
    }
}

/// What the database keeps about scheduling.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    pub kind: SchedulerKind,
    /// FSRS's desired retention (the probability of recall at the due day).
    pub retention: f32,
    /// FSRS parameters fitted by `recall optimize`; `None`: the defaults.
    pub parameters: Option<Vec<f32>>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            kind: SchedulerKind::Sm2,
            retention: DEFAULT_RETENTION,
            parameters: None,
        }
    }
}

pub fn valid_retention(retention: f32) -> bool {
    (MIN_RETENTION..=MAX_RETENTION).contains(&retention)
}

/// Why FSRS could not be set up or could not compute a state.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum SchedulerError {
    #[error("FSRS: {0:?}")]
    Fsrs(FSRSError),
}

impl From<FSRSError> for SchedulerError {
    fn from(err: FSRSError) -> Self {
        SchedulerError::Fsrs(err)
    }
}

/// SM-2's grades on FSRS's four buttons: 0–2 are failures (Again), 3 is
/// "correct, hard" (Hard), 4 "correct, hesitant" (Good), 5 "perfect" (Easy).
pub fn rating(grade: Grade) -> u32 {
    match grade.value() {
        0..=2 => 1,
        3 => 2,
        4 => 3,
        _ => 4,
    }
}

/// The grade a log row applied to the schedule, if it did: a review, or a
/// `quiz --schedule` answer (the only quiz rows that change the state); not
/// drills, plain quiz answers, other changes, or anything undone.
pub fn applied_grade(record: &LogRecord) -> Option<Grade> {
    if record.undone {
        return None;
    }
    match record.kind {
        LogKind::Review => record.grade,
        LogKind::Quiz if record.before != record.after => record.grade,
        _ => None,
    }
}

/// A card's history as FSRS sees it: the first applied answer of each study
/// day, oldest first (a second answer on one day says little about memory
/// and FSRS's parameters are fitted on day-level data). `None` when the log
/// does not start with the card new: its history before the log is unknown.
pub fn day_history(log: &[LogRecord]) -> Option<Vec<(StudyDay, Grade)>> {
    let mut out: Vec<(StudyDay, Grade)> = Vec::new();
    for record in log {
        let Some(grade) = applied_grade(record) else {
            continue;
        };
        if out.is_empty() && !record.before.is_new() {
            return None;
        }
        if out.last().is_some_and(|(day, _)| *day == record.day) {
            continue;
        }
        out.push((record.day, grade));
    }
    Some(out)
}

/// What FSRS knows about a card: its memory after the first answer of
/// study day `day`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    pub state: MemoryState,
    pub day: StudyDay,
}

/// A card state and the memory a replayed log leads to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Replayed {
    pub state: CardState,
    pub memory: Option<Memory>,
}

/// The collection's scheduler, ready to answer.
#[derive(Debug, Clone)]
pub struct Scheduler {
    pub kind: SchedulerKind,
    model: FSRS,
    /// The forgetting curve's decay (FSRS-6's last parameter).
    decay: f32,
    retention: f32,
    /// The share of reviews this learner passes: the retention SM-2 gave
    /// them, to turn an SM-2 state without a log into an FSRS memory.
    sm2_retention: f32,
}

impl Scheduler {
    pub fn new(settings: &Settings, sm2_retention: f32) -> Result<Scheduler, SchedulerError> {
        let parameters = settings.parameters.as_deref().unwrap_or(&[]);
        let filled = fsrs::check_and_fill_parameters(parameters)?;
        Ok(Scheduler {
            kind: settings.kind,
            model: FSRS::new(parameters)?,
            decay: filled.get(20).copied().unwrap_or(fsrs::FSRS6_DEFAULT_DECAY),
            retention: settings.retention,
            // Outside this range `memory_state_from_sm2` gives no finite state.
            sm2_retention: sm2_retention.clamp(MIN_RETENTION, MAX_RETENTION),
        })
    }

    pub fn model(&self) -> &FSRS {
        &self.model
    }

    /// The memory after answering `grade` on `today`, from the memory before
    /// (or, for a card without a usable log, from its SM-2 state). A later
    /// answer on the same day leaves the memory as the first one set it.
    pub fn next_memory(
        &self,
        before: &CardState,
        memory: Option<Memory>,
        grade: Grade,
        today: StudyDay,
    ) -> Result<Memory, SchedulerError> {
        let start = match memory {
            Some(m) if m.day == today => return Ok(m),
            Some(m) => Some((m.state, today.number() - m.day.number())),
            None => match before.due {
                None => None,
                Some(due) => {
                    let state = self.model.memory_state_from_sm2(
                        ef_as_float(before.ef),
                        days_as_float(before.interval),
                        self.sm2_retention,
                    )?;
                    let reviewed = due.number() - i64::from(before.interval);
                    Some((state, today.number() - reviewed))
                }
            },
        };
        let (state, elapsed) = match start {
            Some((state, elapsed)) => (Some(state), u32::try_from(elapsed.max(0)).unwrap_or(0)),
            None => (None, 0),
        };
        let next = self.model.next_states(state, self.retention, elapsed)?;
        let chosen = match rating(grade) {
            1 => next.again,
            2 => next.hard,
            3 => next.good,
            _ => next.easy,
        };
        Ok(Memory {
            state: chosen.memory,
            day: today,
        })
    }

    /// FSRS's interval for a memory at the desired retention, in whole days.
    pub fn interval(&self, memory: &MemoryState) -> u32 {
        whole_days(
            self.model
                .next_interval(Some(memory.stability), self.retention, 3),
        )
    }

    /// A graded answer: SM-2 and the leech rule ([`state::answer`]); under
    /// FSRS the interval and due day then come from the new memory, which is
    /// returned beside. Under SM-2 FSRS is not consulted at all (no memory),
    /// so nothing of FSRS can change or fail an SM-2 answer.
    pub fn answer(
        &self,
        before: CardState,
        memory: Option<Memory>,
        grade: Grade,
        today: StudyDay,
    ) -> Result<(Answered, Option<Memory>), SchedulerError> {
        let mut answered = state::answer(before, grade, today);
        if self.kind == SchedulerKind::Sm2 {
            return Ok((answered, None));
        }
        let memory = self.next_memory(&before, memory, grade, today)?;
        let interval = self.interval(&memory.state);
        answered.after.interval = interval;
        answered.after.due = Some(today.plus(i64::from(interval)));
        Ok((answered, Some(memory)))
    }

    /// The state and memory (under FSRS) a card's log leads to under this
    /// scheduler:
    /// every applied answer (reviews and `quiz --schedule` answers that were
    /// not undone) through [`Scheduler::answer`], suspensions and burials as
    /// logged; drills, plain quiz answers and undone rows change nothing. A
    /// log that starts with the card already learned starts from the state
    /// logged before its first row.
    pub fn replay(&self, log: &[LogRecord]) -> Result<Replayed, SchedulerError> {
        let mut state = log
            .iter()
            .find(|r| r.kind != LogKind::Undo)
            .map_or_else(CardState::default, |r| r.before);
        let mut memory = None;
        for record in log.iter().filter(|r| !r.undone) {
            match record.kind {
                LogKind::Review | LogKind::Quiz => {
                    if let Some(grade) = applied_grade(record) {
                        let (answered, next) = self.answer(state, memory, grade, record.day)?;
                        state = answered.after;
                        memory = next;
                    }
                }
                LogKind::Suspend if record.after.suspended => state = state::suspend(state),
                LogKind::Suspend => state = state::unsuspend(state),
                LogKind::Bury => state = state::bury(state, record.day),
                LogKind::Drill | LogKind::Undo => {}
            }
        }
        Ok(Replayed { state, memory })
    }

    /// The probability of recalling a card with this memory on `today`.
    pub fn retrievability(&self, memory: &Memory, today: StudyDay) -> f32 {
        let elapsed = (today.number() - memory.day.number()).max(0);
        let elapsed = u32::try_from(elapsed).unwrap_or(u32::MAX);
        fsrs::current_retrievability(memory.state, days_as_float(elapsed), self.decay)
    }
}

/// The share of reviews a learner passed: first answers of the day on cards
/// that had been seen before; `None` without any.
pub fn measured_retention<'a>(logs: impl IntoIterator<Item = &'a [LogRecord]>) -> Option<f32> {
    let (mut passed, mut total) = (0u32, 0u32);
    for log in logs {
        let mut last_day = None;
        for record in log {
            let Some(grade) = applied_grade(record) else {
                continue;
            };
            if last_day != Some(record.day) && !record.before.is_new() {
                total += 1;
                passed += u32::from(grade.passed());
            }
            last_day = Some(record.day);
        }
    }
    (total > 0).then(|| ratio(passed, total))
}

// A share or a day count as FSRS's f32: the value is a ratio of two u32, so
// narrowing to f32 only rounds in the last place, it never truncates.
#[allow(clippy::cast_possible_truncation)]
fn ratio(part: u32, whole: u32) -> f32 {
    (f64::from(part) / f64::from(whole)) as f32
}

fn ef_as_float(ef: u32) -> f32 {
    ratio(ef, 100)
}

fn days_as_float(days: u32) -> f32 {
    ratio(days, 1)
}

/// A float interval in whole days, at least 1 and at most SM-2's cap.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn whole_days(days: f32) -> u32 {
    // Clamped to 1..=36,500 before the cast, so it neither truncates nor
    // loses a sign; NaN (no finite interval) becomes the cap's floor, 1.
    let clamped = f64::from(days).round().clamp(1.0, f64::from(MAX_INTERVAL));
    if clamped.is_nan() { 1 } else { clamped as u32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grade(value: u8) -> Grade {
        Grade::new(value).unwrap()
    }

    #[test]
    fn grades_map_to_the_four_buttons() {
        let ratings: Vec<u32> = (0..=5).map(|g| rating(grade(g))).collect();
        assert_eq!(ratings, [1, 1, 1, 2, 3, 4]);
    }

    #[test]
    fn whole_days_round_and_stay_in_range() {
        assert_eq!(whole_days(0.212), 1);
        assert_eq!(whole_days(2.5), 3);
        assert_eq!(whole_days(1e9), MAX_INTERVAL);
        assert_eq!(whole_days(f32::NAN), 1);
    }

    /// Builds a log as the store would write it, each row applied to the
    /// state the rows before left.
    struct Log {
        rows: Vec<LogRecord>,
        state: CardState,
    }

    impl Log {
        fn push(&mut self, kind: LogKind, day: i64, grade_value: Option<u8>, after: CardState) {
            let id = i64::try_from(self.rows.len()).unwrap() + 1;
            self.rows.push(LogRecord {
                id,
                card: super::super::card::CardId::parse("c1").unwrap(),
                at: String::new(),
                day: StudyDay::from_number(day),
                kind,
                grade: grade_value.map(grade),
                duration_ms: 0,
                was_new: false,
                before: self.state,
                after,
                undone: false,
            });
            self.state = after;
        }

        fn answer(&mut self, day: i64, g: u8) {
            let after = state::answer(self.state, grade(g), StudyDay::from_number(day)).after;
            self.push(LogKind::Review, day, Some(g), after);
        }
    }

    #[test]
    fn replay_under_sm2_gives_back_the_state_the_log_led_to() {
        let mut log = Log {
            rows: Vec::new(),
            state: CardState::default(),
        };
        log.answer(0, 4);
        log.answer(1, 5);
        let drilled = log.state;
        log.push(LogKind::Drill, 1, Some(4), drilled);
        log.answer(7, 1);
        // A plain quiz answer changes nothing; a scheduled one is an answer.
        let unchanged = log.state;
        log.push(LogKind::Quiz, 8, Some(1), unchanged);
        let quizzed = state::answer(log.state, grade(4), StudyDay::from_number(8)).after;
        log.push(LogKind::Quiz, 8, Some(4), quizzed);
        // An answer taken back by an undo.
        let before_undone = log.state;
        log.answer(9, 0);
        let undone_after = log.state;
        log.rows.last_mut().unwrap().undone = true;
        log.push(LogKind::Undo, 9, None, before_undone);
        assert_ne!(undone_after, before_undone);
        log.push(LogKind::Suspend, 9, None, state::suspend(log.state));
        log.push(LogKind::Suspend, 10, None, state::unsuspend(log.state));
        log.push(
            LogKind::Bury,
            10,
            None,
            state::bury(log.state, StudyDay::from_number(10)),
        );

        let sm2 = Scheduler::new(&Settings::default(), DEFAULT_RETENTION).unwrap();
        let replayed = sm2.replay(&log.rows).unwrap();
        assert_eq!(replayed.state, log.state);
        assert_eq!(replayed.memory, None);
        assert_eq!(
            day_history(&log.rows).unwrap(),
            [(0, 4), (1, 5), (7, 1), (8, 4)].map(|(d, g)| (StudyDay::from_number(d), grade(g)))
        );

        // Under FSRS the same log keeps SM-2's bookkeeping and flags, with
        // FSRS's interval from the first answers of each day.
        let settings = Settings {
            kind: SchedulerKind::Fsrs,
            ..Settings::default()
        };
        let fsrs = Scheduler::new(&settings, DEFAULT_RETENTION).unwrap();
        let replayed = fsrs.replay(&log.rows).unwrap();
        let memory = replayed.memory.unwrap();
        assert_eq!(memory.day, StudyDay::from_number(8));
        assert_eq!(
            (
                replayed.state.reps,
                replayed.state.ef,
                replayed.state.lapses
            ),
            (log.state.reps, log.state.ef, log.state.lapses)
        );
        assert_eq!(replayed.state.buried_day, log.state.buried_day);
        let interval = fsrs.interval(&memory.state);
        assert_eq!(replayed.state.interval, interval);
        assert_eq!(
            replayed.state.due,
            Some(StudyDay::from_number(8 + i64::from(interval)))
        );
    }

    #[test]
    fn scheduler_names_round_trip() {
        for kind in [SchedulerKind::Sm2, SchedulerKind::Fsrs] {
            assert_eq!(SchedulerKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(SchedulerKind::parse("anki"), None);
        assert!(valid_retention(0.9) && !valid_retention(0.5) && !valid_retention(0.99));
    }
}
