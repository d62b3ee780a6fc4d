//! The daily review session: the queue of the study day, SM-2 on every
//! answer, same-day drill, undo, suspend and bury. Every answer is
//! committed to the store when it is given.

use std::collections::VecDeque;
use std::time::Instant;

use serde::Serialize;

use super::prompt::{AtAnswer, AtQuestion, Progress, Prompter};
use crate::domain::clock::Now;
use crate::domain::queue::{self, DoneToday, Limits};
use crate::domain::sm2::{self, Grade, LEECH_LAPSES};
use crate::error::Result;
use crate::storage::{CardRow, CardState, LogEntry, LogKind, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// The day's scheduled review (or first sight of a new card).
    Review,
    /// A same-day repeat after a grade below 4: logged, changes nothing.
    Drill,
}

#[derive(Debug, Clone)]
struct Item {
    card: CardRow,
    pass: Pass,
}

/// An event of this session, kept so that undo can take it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    Answered {
        pass: Pass,
        grade: u8,
        was_new: bool,
        ms: u64,
    },
    Suspended,
    Buried,
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
    /// When nothing was due: the next study day with a due card.
    pub next_due_day: Option<i64>,
}

pub struct Options<'a> {
    pub deck: Option<&'a str>,
    pub limits: Limits,
}

pub struct Session<'s> {
    store: &'s mut Store,
    now: Now,
    day: i64,
    deck: Option<String>,
    queue: VecDeque<Item>,
    events: Vec<(Event, CardRow)>,
    leeches: Vec<String>,
}

impl<'s> Session<'s> {
    /// Builds the study day's queue.
    pub fn start(store: &'s mut Store, now: Now, options: &Options<'_>) -> Result<Session<'s>> {
        let day = now.study_day();
        let (done_new, done_reviews) = store.done_on(day, None)?;
        let done = DoneToday {
            new: done_new,
            reviews: done_reviews,
            siblings: store.siblings_seen_on(day)?,
        };
        let review_room = options.limits.reviews_per_day.saturating_sub(done.reviews);
        let new_room = options.limits.new_per_day.saturating_sub(done.new);
        let due = store.due_cards(day, options.deck, queue::fetch_size(review_room))?;
        let new = store.new_cards(day, options.deck, queue::fetch_size(new_room))?;
        let cards = queue::build(due, new, options.limits, &done, |c| c.card.sibling.as_str());
        Ok(Session {
            store,
            now,
            day,
            deck: options.deck.map(str::to_string),
            queue: cards
                .into_iter()
                .map(|card| Item {
                    card,
                    pass: Pass::Review,
                })
                .collect(),
            events: Vec::new(),
            leeches: Vec::new(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Where the session stands while `current` is on screen.
    fn progress(&self, current: &Item) -> Progress {
        let items = || self.queue.iter().chain(std::iter::once(current));
        let fresh = || items().filter(|i| i.pass == Pass::Review);
        let new_left = fresh().filter(|i| i.card.schedule.is_new()).count();
        Progress {
            done: self
                .events
                .iter()
                .filter(|(e, _)| {
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
            new_left,
            review_left: fresh().count() - new_left,
            drill_left: items().filter(|i| i.pass == Pass::Drill).count(),
            drilling: current.pass == Pass::Drill,
        }
    }

    /// Runs the session until the queue is empty or the user quits.
    pub fn run(
        &mut self,
        prompter: &mut dyn Prompter,
        clock: &dyn Fn() -> Instant,
    ) -> Result<Summary> {
        let started = clock();
        while let Some(item) = self.queue.pop_front() {
            let progress = self.progress(&item);
            let shown = clock();
            let action = match prompter.question(&item.card, progress)? {
                AtQuestion::Reveal => match prompter.answer(&item.card, progress)? {
                    AtAnswer::Grade(grade) => {
                        let ms = u64::try_from(clock().duration_since(shown).as_millis())
                            .unwrap_or(u64::MAX);
                        self.grade(item, grade, ms, prompter)?;
                        continue;
                    }
                    AtAnswer::Suspend => AtQuestion::Suspend,
                    AtAnswer::Bury => AtQuestion::Bury,
                    AtAnswer::Undo => AtQuestion::Undo,
                    AtAnswer::Quit => AtQuestion::Quit,
                },
                other => other,
            };
            match action {
                AtQuestion::Suspend => self.set_aside(item, Event::Suspended)?,
                AtQuestion::Bury => self.set_aside(item, Event::Buried)?,
                AtQuestion::Undo => {
                    self.queue.push_front(item);
                    self.undo(prompter)?;
                }
                AtQuestion::Quit => {
                    self.queue.push_front(item);
                    break;
                }
                AtQuestion::Reveal => {}
            }
        }
        self.summary(clock().duration_since(started).as_secs())
    }

    fn grade(
        &mut self,
        item: Item,
        grade: Grade,
        ms: u64,
        prompter: &mut dyn Prompter,
    ) -> Result<()> {
        let before = item.card.state();
        let was_new = item.card.schedule.is_new();
        let (kind, after, lapsed_to_leech) = match item.pass {
            Pass::Drill => (LogKind::Drill, before, false),
            Pass::Review => {
                let answered = sm2::answer(item.card.schedule, grade, self.day);
                let s = answered.schedule;
                let leech = answered.lapsed && s.lapses >= LEECH_LAPSES;
                let after = CardState {
                    reps: s.reps,
                    ef: s.ef,
                    interval: s.interval,
                    due: s.due,
                    lapses: s.lapses,
                    suspended: before.suspended || leech,
                    leech: before.leech || leech,
                    buried_day: before.buried_day,
                };
                (LogKind::Review, after, leech)
            }
        };
        let at = self.now.rfc3339();
        self.store.record(&LogEntry {
            card: &item.card.card.id,
            at: &at,
            day: self.day,
            kind,
            grade: Some(grade),
            duration_ms: ms,
            was_new: was_new && kind == LogKind::Review,
            before,
            after,
        })?;
        self.events.push((
            Event::Answered {
                pass: item.pass,
                grade: grade.value(),
                was_new: was_new && kind == LogKind::Review,
                ms,
            },
            item.card.clone(),
        ));
        if lapsed_to_leech {
            self.leeches.push(item.card.card.question.clone());
            prompter.notice(&format!(
                "거머리 카드(leech): {}번 잊어 보류했습니다 — 카드를 고쳐 쓰거나 `recall unsuspend {}`",
                LEECH_LAPSES, item.card.card.id
            ))?;
        } else if grade.repeat_today() {
            let mut card = item.card;
            apply(&mut card, &after);
            self.queue.push_back(Item {
                card,
                pass: Pass::Drill,
            });
        }
        Ok(())
    }

    fn set_aside(&mut self, item: Item, event: Event) -> Result<()> {
        let before = item.card.state();
        let mut after = before;
        let kind = match event {
            Event::Suspended => {
                after.suspended = true;
                LogKind::Suspend
            }
            _ => {
                after.buried_day = Some(self.day);
                LogKind::Bury
            }
        };
        let at = self.now.rfc3339();
        self.store.record(&LogEntry {
            card: &item.card.card.id,
            at: &at,
            day: self.day,
            kind,
            grade: None,
            duration_ms: 0,
            was_new: false,
            before,
            after,
        })?;
        self.events.push((event, item.card));
        Ok(())
    }

    /// Takes back this session's last event: the card's state is restored
    /// from the log and it is shown again.
    fn undo(&mut self, prompter: &mut dyn Prompter) -> Result<()> {
        let Some((event, card)) = self.events.pop() else {
            return prompter
                .notice("이번 세션에서 되돌릴 답이 없습니다 (nothing to undo in this session)");
        };
        let at = self.now.rfc3339();
        self.store.undo_last(&at, self.day)?;
        // Whatever was queued for this card (its drill) goes; it comes back
        // as it was before the undone event.
        self.queue.retain(|i| i.card.card.id != card.card.id);
        let pass = match event {
            Event::Answered { pass, .. } => pass,
            _ => Pass::Review,
        };
        self.leeches.retain(|q| q != &card.card.question);
        let restored = self.store.card(card.card.id.as_str())?.unwrap_or(card);
        prompter.notice(&format!(
            "되돌렸습니다 (undone): {}",
            restored.card.question
        ))?;
        self.queue.push_front(Item {
            card: restored,
            pass,
        });
        Ok(())
    }

    fn summary(&self, seconds: u64) -> Result<Summary> {
        let mut summary = Summary {
            seconds,
            leeches: self.leeches.clone(),
            due_tomorrow: self.store.due_on(self.day + 1, self.deck.as_deref())?,
            left_today: self.queue.len(),
            ..Summary::default()
        };
        for (event, _) in &self.events {
            match *event {
                Event::Answered {
                    pass: Pass::Review,
                    grade,
                    was_new,
                    ..
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
        if self.events.is_empty() {
            summary.next_due_day = self.store.next_due_after(self.day, self.deck.as_deref())?;
        }
        Ok(summary)
    }

    /// Time spent answering, in milliseconds (for tests and the summary).
    pub fn answer_time_ms(&self) -> u64 {
        self.events
            .iter()
            .map(|(e, _)| match e {
                Event::Answered { ms, .. } => *ms,
                _ => 0,
            })
            .sum()
    }

    pub fn study_day(&self) -> i64 {
        self.day
    }

    /// The next study day with a due card, when the queue is empty.
    pub fn next_due(&self) -> Result<Option<i64>> {
        Ok(self.store.next_due_after(self.day, self.deck.as_deref())?)
    }
}

fn apply(card: &mut CardRow, state: &CardState) {
    card.schedule = state.schedule();
    card.suspended = state.suspended;
    card.leech = state.leech;
    card.buried_day = state.buried_day;
}
