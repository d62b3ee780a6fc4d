//! The daily review session: the queue of the study day, the collection's
//! scheduler (SM-2 or FSRS) on every answer, same-day drill, undo, suspend and
//! bury. Every answer is committed to the store when it is given.

use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::time::Instant;

use serde::Serialize;

use super::library::Collection;
use super::prompt::{AtAnswer, AtQuestion, Progress, Prompter};
use super::scheduler;
use crate::domain::card::CardId;
use crate::domain::clock::{Now, StudyDay};
use crate::domain::collection::CardRecord;
use crate::domain::queue::{Admission, Admit, DoneToday, Limits, Pool};
use crate::domain::sm2::{Grade, LEECH_LAPSES};
use crate::domain::state::{self, LogKind};
use crate::error::Result;
use crate::storage::{LogEntry, Store, StoreError};

/// Where a session gets its time: a steady instant for how long an answer
/// took, and the moment each answer is logged with. The command line reads
/// the real clock (or `--now`); tests pass their own.
pub trait Clock {
    fn instant(&self) -> Instant;
    fn now(&self) -> Now;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// The day's scheduled review (or first sight of a new card).
    Review,
    /// A same-day repeat after a grade below 4: logged, changes nothing.
    Drill,
}

/// A card waiting in the session. The card itself is read from the store
/// when it comes up, so it is always shown as it is now.
#[derive(Debug, Clone)]
struct Item {
    id: CardId,
    is_new: bool,
    pass: Pass,
}

/// What is left in the queue, kept up to date as items come and go.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    new: usize,
    review: usize,
    drill: usize,
}

impl Tally {
    fn change(&mut self, item: &Item, add: bool) {
        let slot = match (item.pass, item.is_new) {
            (Pass::Drill, _) => &mut self.drill,
            (Pass::Review, true) => &mut self.new,
            (Pass::Review, false) => &mut self.review,
        };
        *slot = if add {
            *slot + 1
        } else {
            slot.saturating_sub(1)
        };
    }
}

/// An event of this session, kept so that undo can take it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    Answered {
        pass: Pass,
        grade: u8,
        was_new: bool,
    },
    Suspended,
    Buried,
}

/// What the user is told when an answer makes a card a leech, in review
/// and in a scheduled quiz alike.
pub fn leech_notice(id: &CardId) -> String {
    format!(
        "거머리 카드(leech): {LEECH_LAPSES}번 잊어 보류했습니다 — 카드를 고쳐 쓰거나 `recall unsuspend {id}`"
    )
}

impl Event {
    /// The action, for an undo notice.
    fn what(self) -> String {
        match self {
            Event::Answered {
                pass: Pass::Drill,
                grade,
                ..
            } => format!("반복 연습 답 (drill answer, grade {grade})"),
            Event::Answered { grade, .. } => format!("답 (answer, grade {grade})"),
            Event::Suspended => "보류 (suspend)".to_string(),
            Event::Buried => "내일로 미루기 (bury)".to_string(),
        }
    }
}

/// A card changed elsewhere since it was shown (another recall answered,
/// suspended or undid it): the change is not recorded, the user is told,
/// and the session goes on. Returns the log row when it was recorded.
fn recorded_or_skipped(
    recorded: std::result::Result<i64, StoreError>,
    prompter: &mut dyn Prompter,
) -> Result<Option<i64>> {
    match recorded {
        Ok(id) => Ok(Some(id)),
        Err(StoreError::CardChanged(_)) => {
            prompter.notice(
                "다른 곳에서 바뀐 카드라 기록하지 않았습니다 \
                 (changed by another recall since it was shown; skipped)",
            )?;
            Ok(None)
        }
        Err(other) => Err(other.into()),
    }
}

/// The study day's queue as a session started now would build it: the day's
/// limits less what was done today (in any session), buried siblings left
/// out, due reviews first.
fn pick(store: &Store, day: StudyDay, deck: Option<&str>, limits: Limits) -> Result<Vec<Item>> {
    let (done_new, done_reviews) = store.done_on(day, None)?;
    let done = DoneToday {
        new: done_new,
        reviews: done_reviews,
        siblings: store.siblings_seen_on(day)?,
    };
    let mut admission = Admission::new(limits, done);
    // Room for the day's whole queue: no copies as it grows.
    let mut picked = Vec::with_capacity(admission.expected());
    for pool in [Pool::Due, Pool::New] {
        if !admission.has_room(pool) {
            continue;
        }
        store.each_candidate(day, deck, pool, |sibling, id| {
            match admission.admit(pool, sibling) {
                Admit::Take => picked.push(Item {
                    id,
                    is_new: pool == Pool::New,
                    pass: Pass::Review,
                }),
                Admit::Skip => {}
                Admit::Full => return ControlFlow::Break(()),
            }
            ControlFlow::Continue(())
        })?;
    }
    Ok(picked)
}

/// The end-of-session figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub reviewed: usize,
    pub correct: usize,
    pub new_learned: usize,
    pub drilled: usize,
    pub suspended: usize,
    pub buried: usize,
    pub leeches: Vec<String>,
    pub seconds: u64,
    pub due_tomorrow: u64,
    pub left_today: usize,
}

pub struct Options<'a> {
    pub deck: Option<&'a str>,
    pub limits: Limits,
}

pub struct Session<'s> {
    store: &'s mut Store,
    day: StudyDay,
    deck: Option<String>,
    limits: Limits,
    queue: VecDeque<Item>,
    tally: Tally,
    /// This session's events with the log rows that recorded them.
    events: Vec<(Event, CardRecord, i64)>,
    leeches: Vec<String>,
    /// The queue's length as built at the start, and the file's change
    /// stamp then: while neither this session nor anyone else has written,
    /// it is what a new session would build.
    built: (usize, (i64, u64)),
}

impl<'s> Session<'s> {
    /// Builds the queue of the study day that `now` falls on; the whole
    /// session belongs to that day, even past the rollover.
    pub fn start(
        collection: &'s mut Collection,
        now: Now,
        options: &Options<'_>,
    ) -> Result<Session<'s>> {
        super::library::require_deck(collection, options.deck)?;
        let store = &mut collection.store;
        // One session at a time; a read-only file is refused before the
        // first card, a damaged one at the latest before the first answer.
        store.begin_session()?;
        let day = now.study_day();
        let picked = pick(store, day, options.deck, options.limits)?;
        let built = (picked.len(), store.change_stamp()?);
        let mut tally = Tally::default();
        for item in &picked {
            tally.change(item, true);
        }
        let session = Session {
            store,
            day,
            deck: options.deck.map(str::to_string),
            limits: options.limits,
            // The picked cards become the queue as they are (no copy).
            queue: VecDeque::from(picked),
            tally,
            events: Vec::new(),
            leeches: Vec::new(),
            built,
        };
        if !session.queue.is_empty() {
            session.store.verify_in_background();
        }
        Ok(session)
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    fn push_back(&mut self, item: Item) {
        self.tally.change(&item, true);
        self.queue.push_back(item);
    }

    fn push_front(&mut self, item: Item) {
        self.tally.change(&item, true);
        self.queue.push_front(item);
    }

    fn pop_front(&mut self) -> Option<Item> {
        let item = self.queue.pop_front()?;
        self.tally.change(&item, false);
        Some(item)
    }

    /// Where the session stands while `current` is on screen.
    fn progress(&self, current: &Item) -> Progress {
        let mut tally = self.tally;
        tally.change(current, true);
        Progress {
            done: self
                .events
                .iter()
                .filter(|(e, _, _)| {
                    !matches!(
                        e,
                        Event::Answered {
                            pass: Pass::Drill,
                            ..
                        }
                    )
                })
                .count(),
            left: self.queue.len() + 1,
            new_left: tally.new,
            review_left: tally.review,
            drill_left: tally.drill,
            drilling: current.pass == Pass::Drill,
        }
    }

    /// Runs the session until the queue is empty or the user quits.
    pub fn run(&mut self, prompter: &mut dyn Prompter, clock: &dyn Clock) -> Result<Summary> {
        let started = clock.instant();
        while let Some(item) = self.pop_front() {
            // A card suspended or retired since the queue was built is skipped.
            let Some(card) = self
                .store
                .card(&item.id)?
                .filter(|c| !c.state.suspended && !c.retired)
            else {
                continue;
            };
            let progress = self.progress(&item);
            let shown = clock.instant();
            let action = match prompter.question(&card, progress)? {
                AtQuestion::Reveal => match prompter.answer(&card, progress)? {
                    AtAnswer::Grade(grade) => {
                        let ms = u64::try_from(clock.instant().duration_since(shown).as_millis())
                            .unwrap_or(u64::MAX);
                        let at = clock.now().rfc3339();
                        self.grade(item, card, grade, (&at, ms), prompter)?;
                        continue;
                    }
                    AtAnswer::Suspend => AtQuestion::Suspend,
                    AtAnswer::Bury => AtQuestion::Bury,
                    AtAnswer::Undo => AtQuestion::Undo,
                    AtAnswer::Quit => AtQuestion::Quit,
                },
                other => other,
            };
            let at = clock.now().rfc3339();
            match action {
                AtQuestion::Suspend => self.set_aside(card, Event::Suspended, &at, prompter)?,
                AtQuestion::Bury => self.set_aside(card, Event::Buried, &at, prompter)?,
                AtQuestion::Undo => {
                    self.push_front(item);
                    self.undo(prompter, &at)?;
                }
                AtQuestion::Quit => {
                    self.push_front(item);
                    break;
                }
                AtQuestion::Reveal => {}
            }
        }
        self.summary(clock.instant().duration_since(started).as_secs())
    }

    /// Records a grade given at `at` after `ms` milliseconds.
    fn grade(
        &mut self,
        item: Item,
        card: CardRecord,
        grade: Grade,
        (at, ms): (&str, u64),
        prompter: &mut dyn Prompter,
    ) -> Result<()> {
        let before = card.state;
        let was_new = item.pass == Pass::Review && before.is_new();
        let (kind, after, became_leech) = match item.pass {
            Pass::Drill => (LogKind::Drill, before, false),
            Pass::Review => {
                let answered =
                    scheduler::answer(self.store, &card.card.id, before, grade, self.day)?;
                (LogKind::Review, answered.after, answered.became_leech)
            }
        };
        let recorded = self.store.record(&LogEntry {
            card: &card.card.id,
            at,
            day: self.day,
            kind,
            grade: Some(grade),
            duration_ms: ms,
            was_new,
            before,
            after,
        });
        let Some(log_id) = recorded_or_skipped(recorded, prompter)? else {
            return Ok(());
        };
        let event = Event::Answered {
            pass: item.pass,
            grade: grade.value(),
            was_new,
        };
        if became_leech {
            self.leeches.push(card.card.question.clone());
            prompter.notice(&leech_notice(&card.card.id))?;
        } else if grade.repeat_today() {
            self.push_back(Item {
                id: item.id,
                is_new: false,
                pass: Pass::Drill,
            });
        }
        self.events.push((event, card, log_id));
        Ok(())
    }

    fn set_aside(
        &mut self,
        card: CardRecord,
        event: Event,
        at: &str,
        prompter: &mut dyn Prompter,
    ) -> Result<()> {
        let before = card.state;
        let (kind, after, done) = match event {
            Event::Suspended => (
                LogKind::Suspend,
                state::suspend(before),
                "보류했습니다 (suspended)",
            ),
            _ => (
                LogKind::Bury,
                state::bury(before, self.day),
                "내일로 미뤘습니다 (buried)",
            ),
        };
        let recorded = self.store.record(&LogEntry::change(
            &card.card.id,
            at,
            self.day,
            kind,
            before,
            after,
        ));
        if let Some(log_id) = recorded_or_skipped(recorded, prompter)? {
            prompter.notice(&format!("{done}: {}", card.card.question))?;
            self.events.push((event, card, log_id));
        }
        Ok(())
    }

    /// Takes back this session's last event: the card's state is restored
    /// from the log and it is shown again.
    fn undo(&mut self, prompter: &mut dyn Prompter, at: &str) -> Result<()> {
        let Some((event, card, log_id)) = self.events.pop() else {
            return prompter
                .notice("이번 세션에서 되돌릴 답이 없습니다 (nothing to undo in this session)");
        };
        // This session's own change, not whatever another recall did last.
        let undone = self.store.undo_entry(log_id, at, self.day);
        if recorded_or_skipped(undone.map(|_| log_id), prompter)?.is_none() {
            return Ok(());
        }
        // Whatever was queued for this card (its drill) goes; it comes back
        // as it was before the undone event.
        self.queue.retain(|i| i.id != card.card.id);
        self.tally = Tally::default();
        for item in self.queue.clone() {
            self.tally.change(&item, true);
        }
        let (pass, was_new) = match event {
            Event::Answered { pass, was_new, .. } => (pass, was_new),
            _ => (Pass::Review, card.state.is_new()),
        };
        self.leeches.retain(|q| q != &card.card.question);
        prompter.notice(&format!(
            "되돌렸습니다 (undone) — {}: {}",
            event.what(),
            card.card.question
        ))?;
        self.push_front(Item {
            id: card.card.id,
            is_new: was_new,
            pass,
        });
        Ok(())
    }

    /// What the next session today will show: the queue rebuilt as it
    /// would be now (dropped drills are not left; a buried card's place goes
    /// to the next new card). Nothing written since the start, by this
    /// session or another process, leaves the queue as it was built.
    fn left_today(&self) -> Result<usize> {
        let (built, stamp) = self.built;
        if self.store.change_stamp()? == stamp {
            return Ok(built);
        }
        Ok(pick(self.store, self.day, self.deck.as_deref(), self.limits)?.len())
    }

    fn summary(&self, seconds: u64) -> Result<Summary> {
        let mut summary = Summary {
            seconds,
            leeches: self.leeches.clone(),
            due_tomorrow: self.store.due_on(self.day.plus(1), self.deck.as_deref())?,
            left_today: self.left_today()?,
            ..Summary::default()
        };
        for (event, _, _) in &self.events {
            match *event {
                Event::Answered {
                    pass: Pass::Review,
                    grade,
                    was_new,
                } => {
                    summary.reviewed += 1;
                    summary.correct += usize::from(grade >= 3);
                    summary.new_learned += usize::from(was_new);
                }
                Event::Answered {
                    pass: Pass::Drill, ..
                } => summary.drilled += 1,
                Event::Suspended => summary.suspended += 1,
                Event::Buried => summary.buried += 1,
            }
        }
        Ok(summary)
    }

    pub fn study_day(&self) -> StudyDay {
        self.day
    }

    /// The next study day with a due card, when the queue is empty.
    pub fn next_due(&self) -> Result<Option<StudyDay>> {
        Ok(self.store.next_due_after(self.day, self.deck.as_deref())?)
    }
}
