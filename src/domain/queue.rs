//! Which cards a study day shows: due reviews first (most overdue first),
//! then new cards in document order, within the day's limits, one card per
//! sibling group.

use std::collections::HashSet;

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

/// Builds the day's queue from candidates already in order (`due` most
/// overdue first, `new` in document order). `sibling` names a card's group.
pub fn build<T>(
    due: Vec<T>,
    new: Vec<T>,
    limits: Limits,
    done: &DoneToday,
    sibling: impl Fn(&T) -> &str,
) -> Vec<T> {
    let mut seen: HashSet<String> = done.siblings.clone();
    let mut queue = Vec::new();
    let review_room = limits.reviews_per_day.saturating_sub(done.reviews);
    let new_room = limits.new_per_day.saturating_sub(done.new);
    let mut take = |cards: Vec<T>, room: u64, queue: &mut Vec<T>| {
        let mut taken = 0;
        for card in cards {
            if taken >= room {
                break;
            }
            if seen.insert(sibling(&card).to_string()) {
                queue.push(card);
                taken += 1;
            }
        }
    };
    take(due, review_room, &mut queue);
    take(new, new_room, &mut queue);
    queue
}

/// How many candidates to fetch for `room` cards; burial may call for a
/// larger `factor`.
pub fn fetch_size(room: u64, factor: u64) -> u64 {
    room.saturating_mul(factor).saturating_add(64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: &'static str, sibling: &'static str) -> (&'static str, &'static str) {
        (id, sibling)
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
