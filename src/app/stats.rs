//! The figures of `status` and `stats`, read from the collection and
//! computed by the domain.

use super::library::Collection;
use crate::domain::clock::StudyDay;
use crate::domain::collection::{DeckCounts, Lapsed};
use crate::domain::stats::{self, HEATMAP_DAYS, Stats};
use crate::error::Result;

/// How many of the most lapsed cards `stats` shows.
const MOST_LAPSED: u64 = 5;

/// Per-deck counts on study day `today`.
pub fn deck_counts(collection: &Collection, today: StudyDay) -> Result<Vec<DeckCounts>> {
    Ok(collection.store.deck_counts(today)?)
}

/// Everything `recall stats` shows.
#[derive(Debug, Clone)]
pub struct Report {
    pub decks: Vec<DeckCounts>,
    pub computed: Stats,
    pub most_lapsed: Vec<Lapsed>,
}

/// The statistics of study day `today`, with a forecast of `days` days.
pub fn report(collection: &Collection, today: StudyDay, days: usize) -> Result<Report> {
    let store = &collection.store;
    // Retention looks back 30 days, the heatmap 26 weeks.
    let reviews = store.review_facts(today.plus(1 - HEATMAP_DAYS.max(30)))?;
    Ok(Report {
        decks: store.deck_counts(today)?,
        computed: stats::compute(today.number(), days, &store.due_days()?, &reviews),
        most_lapsed: store.most_lapsed(MOST_LAPSED)?,
    })
}
