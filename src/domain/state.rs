//! A card's scheduling state and the rules that change it: an answer (SM-2
//! plus the leech rule), suspend, unsuspend, bury and undo. Review and quiz
//! both go through [`answer`], so a leech is made the same way by either.

use serde::{Deserialize, Serialize};

use super::clock::StudyDay;
use super::sm2::{self, Grade, LEECH_LAPSES, Schedule};

/// The tag a leech carries, beside the suspension.
pub const LEECH_TAG: &str = "leech";

/// The state that an answer, an undo or a suspend changes; the log keeps
/// it before and after every change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardState {
    pub reps: u32,
    /// Easiness factor in hundredths (250 = 2.5).
    pub ef: u32,
    pub interval: u32,
    /// The study day the card is due; `None` for a new card.
    pub due: Option<StudyDay>,
    pub lapses: u32,
    pub suspended: bool,
    pub leech: bool,
    /// The study day the card was buried on (out of that day's queue).
    pub buried_day: Option<StudyDay>,
}

impl Default for CardState {
    fn default() -> Self {
        CardState::from_schedule(Schedule::default())
    }
}

impl CardState {
    fn from_schedule(s: Schedule) -> CardState {
        CardState {
            reps: s.reps,
            ef: s.ef,
            interval: s.interval,
            due: s.due,
            lapses: s.lapses,
            suspended: false,
            leech: false,
            buried_day: None,
        }
    }

    /// The same card with a new SM-2 schedule.
    pub fn with_schedule(self, s: Schedule) -> CardState {
        CardState {
            reps: s.reps,
            ef: s.ef,
            interval: s.interval,
            due: s.due,
            lapses: s.lapses,
            ..self
        }
    }

    pub fn schedule(&self) -> Schedule {
        Schedule {
            reps: self.reps,
            ef: self.ef,
            interval: self.interval,
            due: self.due,
            lapses: self.lapses,
        }
    }

    pub fn is_new(&self) -> bool {
        self.due.is_none()
    }
}

/// What kind of event a log row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogKind {
    /// The day's scheduled answer (or a new card's first).
    Review,
    /// A same-day repeat after a grade below 4: logged, changes nothing.
    Drill,
    Quiz,
    Undo,
    /// Suspend and unsuspend (the states tell which).
    Suspend,
    Bury,
}

impl LogKind {
    pub const ALL: [LogKind; 6] = [
        LogKind::Review,
        LogKind::Drill,
        LogKind::Quiz,
        LogKind::Undo,
        LogKind::Suspend,
        LogKind::Bury,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LogKind::Review => "review",
            LogKind::Drill => "drill",
            LogKind::Quiz => "quiz",
            LogKind::Undo => "undo",
            LogKind::Suspend => "suspend",
            LogKind::Bury => "bury",
        }
    }

    pub fn parse(text: &str) -> Option<LogKind> {
        LogKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// What one graded answer did to a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answered {
    pub after: CardState,
    /// The answer failed a card that had been learned.
    pub lapsed: bool,
    /// This answer's lapse made the card a leech: it is now suspended and
    /// tagged, and the user should be told.
    pub became_leech: bool,
    pub repeat_today: bool,
}

/// A graded answer on study day `today`: SM-2, then the leech rule (the
/// lapse that reaches [`LEECH_LAPSES`] suspends and tags the card).
pub fn answer(before: CardState, grade: Grade, today: StudyDay) -> Answered {
    let answered = sm2::answer(before.schedule(), grade, today);
    let became_leech = answered.lapsed && answered.schedule.lapses >= LEECH_LAPSES;
    let after = CardState {
        suspended: before.suspended || became_leech,
        leech: before.leech || became_leech,
        ..before.with_schedule(answered.schedule)
    };
    Answered {
        after,
        lapsed: answered.lapsed,
        became_leech,
        repeat_today: answered.repeat_today,
    }
}

/// Takes the card out of the queue until it is unsuspended.
pub fn suspend(before: CardState) -> CardState {
    CardState {
        suspended: true,
        ..before
    }
}

/// Puts the card back; a leech stops being one (the user has dealt with it),
/// its lapses stay as history.
pub fn unsuspend(before: CardState) -> CardState {
    CardState {
        suspended: false,
        leech: false,
        ..before
    }
}

/// Takes the card out of study day `today` only.
pub fn bury(before: CardState, today: StudyDay) -> CardState {
    CardState {
        buried_day: Some(today),
        ..before
    }
}

/// A logged change and the change that takes it back: undo restores the
/// state from before, whatever happened in between was this change.
pub fn undo(logged_before: CardState, logged_after: CardState) -> (CardState, CardState) {
    (logged_after, logged_before)
}

/// A card's tags as stored (separated by spaces), with the leech tag
/// present exactly when `leech` is set; the card's own tags keep their
/// order. One allocation: every card an import writes goes through here.
pub fn tags_with_leech<'a>(tags: impl IntoIterator<Item = &'a str>, leech: bool) -> String {
    let mut out = String::new();
    let own = tags.into_iter().filter(|t| *t != LEECH_TAG);
    for (i, tag) in own.chain(leech.then_some(LEECH_TAG)).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(tag);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grade(value: u8) -> Grade {
        Grade::new(value).unwrap()
    }

    fn day(n: i64) -> StudyDay {
        StudyDay::from_number(n)
    }

    /// Learn the card (grade 4), then fail it (grade 1): one lapse.
    fn lapse(state: CardState, on: i64) -> Answered {
        let learned = answer(state, grade(4), day(on)).after;
        answer(learned, grade(1), day(on + 1))
    }

    #[test]
    fn the_eighth_lapse_makes_a_leech_and_not_before() {
        let mut state = CardState::default();
        for n in 1..LEECH_LAPSES {
            let answered = lapse(state, i64::from(n) * 10);
            assert!(answered.lapsed);
            assert!(!answered.became_leech, "lapse {n}");
            state = answered.after;
            assert_eq!(state.lapses, n);
            assert!(!state.suspended && !state.leech);
        }
        let eighth = lapse(state, 100);
        assert!(eighth.became_leech);
        assert_eq!(eighth.after.lapses, LEECH_LAPSES);
        assert!(eighth.after.suspended && eighth.after.leech);
        // A further answer keeps it a leech but does not announce it again.
        let later = answer(eighth.after, grade(1), day(200));
        assert!(later.after.leech && !later.became_leech);
    }

    #[test]
    fn a_failed_new_card_is_no_lapse_and_no_leech() {
        let mut state = CardState::default();
        for n in 0..20 {
            let answered = answer(state, grade(0), day(n));
            assert!(!answered.lapsed && !answered.became_leech);
            state = answered.after;
        }
        assert_eq!(state.lapses, 0);
    }

    #[test]
    fn answer_keeps_what_sm2_does_not_touch() {
        let before = bury(CardState::default(), day(7));
        let after = answer(before, grade(5), day(8)).after;
        assert_eq!(after.buried_day, Some(day(7)));
        assert_eq!(
            after.schedule(),
            sm2::answer(before.schedule(), grade(5), day(8)).schedule
        );
    }

    #[test]
    fn suspend_unsuspend_bury_and_undo() {
        let leech = CardState {
            suspended: true,
            leech: true,
            lapses: 8,
            ..CardState::default()
        };
        let back = unsuspend(leech);
        assert!(!back.suspended && !back.leech);
        assert_eq!(back.lapses, 8);
        assert!(suspend(back).suspended);
        assert_eq!(bury(back, day(3)).buried_day, Some(day(3)));
        let (undo_before, undo_after) = undo(leech, back);
        assert_eq!((undo_before, undo_after), (back, leech));
    }

    #[test]
    fn log_kinds_round_trip_and_unknown_ones_are_refused() {
        for kind in LogKind::ALL {
            assert_eq!(LogKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(LogKind::parse("delete"), None);
    }

    #[test]
    fn the_leech_tag_is_added_once_and_removed() {
        assert_eq!(tags_with_leech(["a", "b"], true), "a b leech");
        assert_eq!(tags_with_leech(["a", "leech", "b"], true), "a b leech");
        assert_eq!(tags_with_leech(["leech", "a"], false), "a");
        assert_eq!(tags_with_leech(["leech"], false), "");
        assert_eq!(tags_with_leech([], true), "leech");
    }
}
