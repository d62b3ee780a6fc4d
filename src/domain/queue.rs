//! Which cards a study day shows: due reviews first (most overdue first),
//! then new cards in document order, within the day's limits, one card per
//! sibling group.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

/// Per-study-day limits, counted across all of the day's sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub new_per_day: u64,
    pub reviews_per_day: u64,
}

pub const DEFAULT_NEW_PER_DAY: u64 = 20;
pub const DEFAULT_REVIEWS_PER_DAY: u64 = 200;

/// What has been done already today.
#[derive(Debug, Clone, Default)]
pub struct DoneToday {
    pub new: u64,
    pub reviews: u64,
    /// Sibling groups that already had a card today.
    pub siblings: HashSet<String>,
}

/// Which of the day's two lines a candidate comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// Due reviews, most overdue first.
    Due,
    /// New cards, in document order.
    New,
}

/// What [`Admission::admit`] says of a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    /// It goes into the queue.
    Take,
    /// Its sibling group already has a card today: the next one, please.
    Skip,
    /// The pool's room for the day is filled: read no further.
    Full,
}

/// The most cards a day's queue is sized for ahead; a larger day grows.
const SIZED_AHEAD: u64 = 1 << 16;

/// A day's room as a size to reserve ahead (at most [`SIZED_AHEAD`]).
fn sized_ahead(room: u64) -> usize {
    usize::try_from(room.min(SIZED_AHEAD)).unwrap_or(0)
}

/// The day's queue decided one candidate at a time, in queue order: each
/// pool up to its room (the day's limit less what was done today), one card
/// per sibling group. Candidates can then be read lazily and the reading
/// stopped as soon as the room is filled.
#[derive(Debug, Clone)]
pub struct Admission {
    /// Sibling groups already in the day.
    seen: Groups,
    review_room: u64,
    new_room: u64,
}

impl Admission {
    pub fn new(limits: Limits, done: DoneToday) -> Admission {
        let review_room = limits.reviews_per_day.saturating_sub(done.reviews);
        let new_room = limits.new_per_day.saturating_sub(done.new);
        // Room for the groups the day can take.
        let mut seen = Groups::with_capacity(
            sized_ahead(review_room.saturating_add(new_room)) + done.siblings.len(),
            foldhash::fast::RandomState::default(),
        );
        for sibling in &done.siblings {
            seen.insert(sibling);
        }
        Admission {
            seen,
            review_room,
            new_room,
        }
    }

    /// How many more cards the day takes, both pools together.
    pub fn room(&self) -> u64 {
        self.review_room.saturating_add(self.new_room)
    }

    /// What to size the day's collections for ahead: [`Admission::room`],
    /// within reason.
    pub fn expected(&self) -> usize {
        sized_ahead(self.room())
    }

    /// Whether the pool has room left at all.
    pub fn has_room(&self, pool: Pool) -> bool {
        match pool {
            Pool::Due => self.review_room > 0,
            Pool::New => self.new_room > 0,
        }
    }

    /// The next candidate of `pool`, whose sibling group is `sibling`.
    pub fn admit(&mut self, pool: Pool, sibling: &str) -> Admit {
        let room = match pool {
            Pool::Due => &mut self.review_room,
            Pool::New => &mut self.new_room,
        };
        if *room == 0 {
            return Admit::Full;
        }
        if !self.seen.insert(sibling) {
            return Admit::Skip;
        }
        *room -= 1;
        Admit::Take
    }
}

/// A set of names (a day's sibling groups) that copies none of them one
/// by one: a queue of thousands of cards remembers thousands of groups.
/// The names are kept end to end in one string and found by a fast hash;
/// a name whose hash another name already has (rare) is kept whole aside.
#[derive(Debug, Clone)]
struct Groups<S = foldhash::fast::RandomState> {
    names: String,
    /// A name's hash → where it is in `names`.
    by_hash: HashMap<u64, (usize, usize), foldhash::fast::RandomState>,
    others: HashSet<String, foldhash::fast::RandomState>,
    hasher: S,
}

impl<S: BuildHasher> Groups<S> {
    fn with_capacity(capacity: usize, hasher: S) -> Groups<S> {
        Groups {
            names: String::with_capacity(capacity.saturating_mul(16)),
            by_hash: HashMap::with_capacity_and_hasher(capacity, Default::default()),
            others: HashSet::default(),
            hasher,
        }
    }

    /// Whether the name was new.
    fn insert(&mut self, name: &str) -> bool {
        match self.by_hash.entry(self.hasher.hash_one(name)) {
            Entry::Vacant(entry) => {
                let start = self.names.len();
                self.names.push_str(name);
                entry.insert((start, self.names.len()));
                true
            }
            Entry::Occupied(entry) => {
                let (start, end) = *entry.get();
                self.names.get(start..end) != Some(name) && self.others.insert(name.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The day's queue from whole candidate lists already in order, as a
    /// session admits them one by one.
    fn build<T>(
        due: Vec<T>,
        new: Vec<T>,
        limits: Limits,
        done: &DoneToday,
        sibling: impl Fn(&T) -> &str,
    ) -> Vec<T> {
        let mut admission = Admission::new(limits, done.clone());
        let mut queue = Vec::new();
        for (pool, cards) in [(Pool::Due, due), (Pool::New, new)] {
            for card in cards {
                match admission.admit(pool, sibling(&card)) {
                    Admit::Take => queue.push(card),
                    Admit::Skip => {}
                    Admit::Full => break,
                }
            }
        }
        queue
    }

    fn card(id: &'static str, sibling: &'static str) -> (&'static str, &'static str) {
        (id, sibling)
    }

    #[test]
    fn groups_are_told_apart_even_when_their_hashes_agree() {
        /// Every name hashes alike.
        #[derive(Default)]
        struct Same;
        impl std::hash::Hasher for Same {
            fn finish(&self) -> u64 {
                7
            }
            fn write(&mut self, _: &[u8]) {}
        }
        let mut groups = Groups::with_capacity(4, std::hash::BuildHasherDefault::<Same>::default());
        assert!(groups.insert("a"));
        assert!(groups.insert("b"));
        assert!(groups.insert("c"));
        assert!(!groups.insert("a"));
        assert!(!groups.insert("b"));
        assert!(!groups.insert("c"));
        assert!(groups.insert(""));
        assert!(!groups.insert(""));
        let mut groups = Groups::with_capacity(0, foldhash::fast::RandomState::default());
        assert!(groups.insert("x"));
        assert!(!groups.insert("x"));
        assert!(groups.insert("y"));
    }

    #[test]
    fn due_first_then_new_with_limits_and_burial() {
        let due = vec![card("d1", "a"), card("d2", "a"), card("d3", "b")];
        let new = vec![card("n1", "c"), card("n2", "d"), card("n3", "e")];
        let limits = Limits {
            new_per_day: 2,
            reviews_per_day: 5,
        };
        let queue = build(due, new, limits, &DoneToday::default(), |c| c.1);
        let ids: Vec<_> = queue.iter().map(|c| c.0).collect();
        assert_eq!(ids, vec!["d1", "d3", "n1", "n2"]);
    }

    #[test]
    fn admission_takes_one_per_group_and_says_when_a_pool_is_full() {
        let limits = Limits {
            new_per_day: 2,
            reviews_per_day: 1,
        };
        let done = DoneToday {
            siblings: HashSet::from(["seen".to_string()]),
            ..DoneToday::default()
        };
        let mut admission = Admission::new(limits, done);
        assert_eq!(admission.room(), 3);
        assert_eq!(admission.admit(Pool::Due, "seen"), Admit::Skip);
        assert_eq!(admission.admit(Pool::Due, "a"), Admit::Take);
        assert_eq!(admission.room(), 2);
        assert_eq!(admission.admit(Pool::Due, "b"), Admit::Full);
        assert!(!admission.has_room(Pool::Due));
        assert_eq!(admission.admit(Pool::New, "a"), Admit::Skip);
        assert_eq!(admission.admit(Pool::New, "c"), Admit::Take);
        assert_eq!(admission.admit(Pool::New, "d"), Admit::Take);
        assert_eq!(admission.admit(Pool::New, "e"), Admit::Full);
    }

    #[test]
    fn counts_from_earlier_sessions_reduce_the_room() {
        let new = vec![card("n1", "c"), card("n2", "d"), card("n3", "e")];
        let done = DoneToday {
            new: 2,
            reviews: 0,
            siblings: HashSet::from(["c".to_string()]),
        };
        let limits = Limits {
            new_per_day: 3,
            reviews_per_day: 0,
        };
        let queue = build(Vec::new(), new, limits, &done, |c| c.1);
        assert_eq!(queue, vec![card("n2", "d")]);
    }
}
