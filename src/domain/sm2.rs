//! The original SM-2 (Wozniak 1990), exactly: EF in integer hundredths so that
//! ceil() never moves by a day through float drift.

use serde::{Deserialize, Serialize};

use super::clock::StudyDay;

pub const INITIAL_EF: u32 = 250;
pub const MIN_EF: u32 = 130;
pub const MAX_INTERVAL: u32 = 36_500;
/// A card that lapses this many times is a leech: suspended and tagged.
pub const LEECH_LAPSES: u32 = 8;

/// A grade 0–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Grade(u8);

impl Grade {
    /// `quiz --schedule`: a right answer counts as 4, a wrong one as 1.
    pub const QUIZ_RIGHT: Grade = Grade(4);
    pub const QUIZ_WRONG: Grade = Grade(1);

    pub fn new(value: u8) -> Option<Self> {
        (value <= 5).then_some(Grade(value))
    }

    pub fn value(self) -> u8 {
        self.0
    }

    pub fn passed(self) -> bool {
        self.0 >= 3
    }

    /// A card graded below 4 comes back later in the same session.
    pub fn repeat_today(self) -> bool {
        self.0 < 4
    }

    /// What the grade means in SM-2's own words.
    pub fn meaning(self) -> &'static str {
        match self.0 {
            0 => "완전히 잊음 (blackout)",
            1 => "틀림, 답을 보니 기억남 (wrong, familiar)",
            2 => "틀림, 쉽게 떠오름 (wrong, easy to recall)",
            3 => "맞음, 매우 힘들게 (correct, hard)",
            4 => "맞음, 잠시 망설임 (correct, hesitant)",
            _ => "완벽 (perfect)",
        }
    }
}

/// A card's scheduling state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// Successful repetitions in a row (SM-2's n).
    pub reps: u32,
    /// Easiness factor in hundredths (250 = 2.5).
    pub ef: u32,
    /// Days until the next review.
    pub interval: u32,
    /// The study day the card is due; `None` for a new card.
    pub due: Option<StudyDay>,
    pub lapses: u32,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            reps: 0,
            ef: INITIAL_EF,
            interval: 0,
            due: None,
            lapses: 0,
        }
    }
}

impl Schedule {
    pub fn is_new(&self) -> bool {
        self.due.is_none()
    }
}

/// What one answer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answered {
    pub schedule: Schedule,
    /// The answer failed a card that had been learned.
    pub lapsed: bool,
    pub repeat_today: bool,
}

/// The EF change for a grade, in hundredths: 0.1 − (5−q)(0.08 + (5−q)·0.02).
fn ef_delta(grade: Grade) -> i64 {
    let miss = 5 - i64::from(grade.value());
    10 - miss * (8 + miss * 2)
}

/// Applies one graded answer given on study day `today`.
pub fn answer(before: Schedule, grade: Grade, today: StudyDay) -> Answered {
    let (reps, interval, lapsed) = if grade.passed() {
        let interval = match before.reps {
            0 => 1,
            1 => 6,
            // ceil(I × EF) with the EF from before this answer.
            _ => {
                let product = u64::from(before.interval) * u64::from(before.ef);
                u32::try_from(product.div_ceil(100)).unwrap_or(MAX_INTERVAL)
            }
        };
        (before.reps + 1, interval.min(MAX_INTERVAL), false)
    } else {
        (0, 1, before.reps > 0)
    };
    let ef = (i64::from(before.ef) + ef_delta(grade)).max(i64::from(MIN_EF));
    Answered {
        schedule: Schedule {
            reps,
            ef: u32::try_from(ef).unwrap_or(MIN_EF),
            interval,
            due: Some(today.plus(i64::from(interval))),
            lapses: before.lapses + u32::from(lapsed),
        },
        lapsed,
        repeat_today: grade.repeat_today(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(grades: &[u8]) -> Schedule {
        let mut state = Schedule::default();
        let mut day = StudyDay::from_number(0);
        for &g in grades {
            state = answer(state, Grade::new(g).unwrap(), day).schedule;
            day = state.due.unwrap();
        }
        state
    }

    #[test]
    fn first_answers_follow_the_paper() {
        let s = run(&[5]);
        assert_eq!(
            (s.reps, s.ef, s.interval, s.due),
            (1, 260, 1, Some(StudyDay::from_number(1)))
        );
        let s = run(&[5, 5]);
        assert_eq!((s.reps, s.interval), (2, 6));
        // ceil(6 × 2.7) = 17, with the EF from before the third answer.
        let s = run(&[5, 5, 5]);
        assert_eq!((s.reps, s.ef, s.interval), (3, 280, 17));
    }

    #[test]
    fn failing_resets_and_counts_a_lapse_only_when_learned() {
        let s = run(&[0]);
        assert_eq!((s.reps, s.ef, s.interval, s.lapses), (0, 170, 1, 0));
        let s = run(&[4, 4, 1]);
        assert_eq!((s.reps, s.interval, s.lapses), (0, 1, 1));
    }

    #[test]
    fn ef_never_drops_below_the_floor_and_intervals_are_capped() {
        assert_eq!(run(&[0, 0, 0, 0, 0]).ef, MIN_EF);
        assert_eq!(run(&[5; 40]).interval, MAX_INTERVAL);
    }

    #[test]
    fn grades_are_zero_to_five() {
        assert!(Grade::new(6).is_none());
        assert!(Grade::new(3).unwrap().passed());
        assert!(Grade::new(3).unwrap().repeat_today());
        assert!(!Grade::new(4).unwrap().repeat_today());
    }
}
