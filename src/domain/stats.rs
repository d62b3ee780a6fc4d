//! Study statistics as a pure computation over days and review facts; the
//! terminal rendering lives in `term::tables`.

use serde::Serialize;

/// One graded review from the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewFact {
    pub day: i64,
    pub grade: u8,
    /// The interval before the answer: 21 days or more is a mature card.
    pub interval_before: u32,
}

pub const MATURE_DAYS: u32 = 21;
pub const HEATMAP_DAYS: i64 = 26 * 7;

/// Passed (grade ≥ 3) out of reviewed, for young and mature cards.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Retention {
    pub reviews: u64,
    pub passed: u64,
    pub young_reviews: u64,
    pub young_passed: u64,
    pub mature_reviews: u64,
    pub mature_passed: u64,
}

impl Retention {
    pub fn rate(passed: u64, reviews: u64) -> Option<f64> {
        (reviews > 0).then(|| passed as f64 / reviews as f64)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Reviews due on each of the next days (overdue ones count today).
    pub forecast: Vec<u64>,
    /// Reviews per day for the last 26 weeks, oldest first, today last.
    pub heatmap: Vec<u64>,
    pub retention_7_days: Retention,
    pub retention_30_days: Retention,
    /// Days in a row with at least one review, up to today (or yesterday
    /// when today has none yet).
    pub streak: u32,
    pub reviews_today: u64,
}

pub fn compute(today: i64, days: usize, due_days: &[i64], reviews: &[ReviewFact]) -> Stats {
    let mut forecast = vec![0u64; days];
    for &due in due_days {
        let offset = usize::try_from((due - today).max(0)).unwrap_or(usize::MAX);
        if let Some(slot) = forecast.get_mut(offset) {
            *slot += 1;
        }
    }
    let heatmap_len = usize::try_from(HEATMAP_DAYS).unwrap_or(0);
    let mut heatmap = vec![0u64; heatmap_len];
    let first = today - HEATMAP_DAYS + 1;
    let mut last_7 = Retention::default();
    let mut last_30 = Retention::default();
    for r in reviews {
        if let Ok(index) = usize::try_from(r.day - first) {
            if let Some(slot) = heatmap.get_mut(index) {
                *slot += 1;
            }
        }
        for (window, retention) in [(7, &mut last_7), (30, &mut last_30)] {
            if r.day > today - window && r.day <= today {
                let passed = u64::from(r.grade >= 3);
                retention.reviews += 1;
                retention.passed += passed;
                if r.interval_before >= MATURE_DAYS {
                    retention.mature_reviews += 1;
                    retention.mature_passed += passed;
                } else {
                    retention.young_reviews += 1;
                    retention.young_passed += passed;
                }
            }
        }
    }
    let reviews_today = heatmap.last().copied().unwrap_or(0);
    let mut streak = 0;
    let mut index = heatmap.len();
    if reviews_today == 0 {
        index = index.saturating_sub(1);
    }
    // Days in a row with reviews, counting back from `index` (exclusive).
    while let Some(&count) = index.checked_sub(1).and_then(|i| heatmap.get(i)) {
        if count == 0 {
            break;
        }
        streak += 1;
        index -= 1;
    }
    Stats {
        forecast,
        heatmap,
        retention_7_days: last_7,
        retention_30_days: last_30,
        streak,
        reviews_today,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(day: i64, grade: u8, interval_before: u32) -> ReviewFact {
        ReviewFact {
            day,
            grade,
            interval_before,
        }
    }

    #[test]
    fn forecast_counts_overdue_today_and_drops_the_far_future() {
        let stats = compute(100, 3, &[90, 100, 101, 101, 250], &[]);
        assert_eq!(stats.forecast, vec![2, 2, 0]);
    }

    #[test]
    fn retention_splits_young_and_mature_within_the_window() {
        let reviews = [
            review(100, 5, 30),
            review(99, 2, 30),
            review(98, 4, 1),
            review(80, 1, 1),
        ];
        let stats = compute(100, 1, &[], &reviews);
        let r = stats.retention_7_days;
        assert_eq!((r.reviews, r.passed), (3, 2));
        assert_eq!(
            (
                r.mature_reviews,
                r.mature_passed,
                r.young_reviews,
                r.young_passed
            ),
            (2, 1, 1, 1)
        );
        assert_eq!(stats.retention_30_days.reviews, 4);
    }

    #[test]
    fn the_streak_counts_back_from_today_or_yesterday() {
        let days = |ds: &[i64]| ds.iter().map(|&d| review(d, 4, 1)).collect::<Vec<_>>();
        assert_eq!(compute(100, 1, &[], &days(&[100, 99, 98, 96])).streak, 3);
        assert_eq!(compute(100, 1, &[], &days(&[99, 98])).streak, 2);
        assert_eq!(compute(100, 1, &[], &days(&[97])).streak, 0);
        let stats = compute(100, 1, &[], &days(&[100, 100, -500]));
        assert_eq!(stats.reviews_today, 2);
        assert_eq!(stats.heatmap.len(), 182);
    }
}
