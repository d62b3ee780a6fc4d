//! Automatic snapshots of the collection: their file names, and which to
//! keep as they age. Pure: the storage side lists the folder, takes the
//! snapshot (`VACUUM INTO` or SQLite's online backup) and deletes what
//! [`thin`] names.
//!
//! **Names.** `recall-2026-12-02T081305.db`: the local time the snapshot
//! was taken, to the second, so names sort by time and two snapshots in one
//! minute (a sync, then an import) do not collide. [`Snapshot::parse`] also
//! reads the minute form `recall-2026-12-02T0813.db`, and nothing else:
//! a file that does not parse is never thinned away.
//!
//! **Thinning**, as Anki does it (12 daily, 10 weekly, 9 monthly). Days are
//! study days (they roll over at 04:00, like the review), weeks are ISO
//! weeks (Monday to Sunday) of the study day, months calendar months of it.
//! Every snapshot of the current study day, or later, is kept. Then, going
//! back newest first: the newest snapshot of each earlier study day is kept
//! until [`Limits::daily`] are kept; then the newest snapshot of each week
//! earlier than the last one kept, until [`Limits::weekly`]; then of each
//! month earlier than the last one kept, until [`Limits::monthly`]. All
//! others are removed. Days without a snapshot use up nothing: twelve
//! "daily" snapshots are the last twelve days on which there was one.

use chrono::{Datelike, NaiveDateTime, TimeDelta};

use super::clock::{ROLLOVER_HOUR, day_date, day_number};

const PREFIX: &str = "recall-";
const SUFFIX: &str = ".db";
const STAMP: &str = "%Y-%m-%dT%H%M%S";
const MINUTE_STAMP: &str = "%Y-%m-%dT%H%M";

/// One snapshot, known by the local time it was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Snapshot {
    pub taken: NaiveDateTime,
}

impl Snapshot {
    /// `recall-2026-12-02T081305.db`.
    pub fn file_name(&self) -> String {
        format!("{PREFIX}{}{SUFFIX}", self.taken.format(STAMP))
    }

    /// A snapshot's file name back to its time; `None` for any other file
    /// (a name that does not spell a time exactly as [`file_name`] would,
    /// or with minutes only, is not one of ours).
    ///
    /// [`file_name`]: Snapshot::file_name
    pub fn parse(name: &str) -> Option<Snapshot> {
        let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
        [STAMP, MINUTE_STAMP].into_iter().find_map(|format| {
            let taken = NaiveDateTime::parse_from_str(stamp, format).ok()?;
            // chrono reads `2026-1-2` and `+2026` too; a name is ours only
            // when it is spelled exactly as we write it.
            (taken.format(format).to_string() == stamp).then_some(Snapshot { taken })
        })
    }

    /// The study day the snapshot was taken on (days since 1970-01-01,
    /// rolling over at 04:00).
    pub fn study_day(&self) -> i64 {
        let shifted = self
            .taken
            .checked_sub_signed(TimeDelta::hours(ROLLOVER_HOUR))
            .unwrap_or(self.taken);
        day_number(shifted.date())
    }
}

/// How many snapshots each stage of thinning keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub daily: usize,
    pub weekly: usize,
    pub monthly: usize,
}

/// Anki's own limits.
pub const DEFAULT_LIMITS: Limits = Limits {
    daily: 12,
    weekly: 10,
    monthly: 9,
};

/// The periods a snapshot falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Periods {
    day: i64,
    week: (i32, u32),
    month: (i32, u32),
}

fn periods(snapshot: &Snapshot) -> Periods {
    let day = snapshot.study_day();
    let date = day_date(day);
    let week = date.iso_week();
    Periods {
        day,
        week: (week.year(), week.week()),
        month: (date.year(), date.month()),
    }
}

/// Whether a new automatic snapshot is due: none was taken on study day
/// `today` yet ("at most once a study day").
pub fn daily_snapshot_due(snapshots: &[Snapshot], today: i64) -> bool {
    !snapshots.iter().any(|s| s.study_day() == today)
}

/// The snapshots to remove on study day `today`, in the order given (see
/// the module notes for the rule).
pub fn thin(snapshots: &[Snapshot], today: i64, limits: Limits) -> Vec<Snapshot> {
    let mut newest_first: Vec<&Snapshot> = snapshots.iter().collect();
    newest_first.sort_by(|a, b| b.cmp(a));
    let mut left = limits;
    let mut last_kept: Option<Periods> = None;
    let mut remove: Vec<Snapshot> = Vec::new();
    for snapshot in newest_first {
        let at = periods(snapshot);
        let earlier =
            |key: fn(&Periods) -> (i64, i64)| last_kept.is_none_or(|last| key(&at) < key(&last));
        let keep = if at.day >= today {
            true
        } else if left.daily > 0 {
            let keep = earlier(|p| (p.day, 0));
            left.daily -= usize::from(keep);
            keep
        } else if left.weekly > 0 {
            let keep = earlier(|p| (i64::from(p.week.0), i64::from(p.week.1)));
            left.weekly -= usize::from(keep);
            keep
        } else if left.monthly > 0 {
            let keep = earlier(|p| (i64::from(p.month.0), i64::from(p.month.1)));
            left.monthly -= usize::from(keep);
            keep
        } else {
            false
        };
        if keep {
            last_kept = Some(at);
        } else {
            remove.push(*snapshot);
        }
    }
    // Back to the caller's order, duplicates included.
    snapshots
        .iter()
        .filter(|s| {
            if let Some(i) = remove.iter().position(|r| r == *s) {
                remove.swap_remove(i);
                true
            } else {
                false
            }
        })
        .copied()
        .collect()
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Weekday};
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn at(date: NaiveDate, hour: u32, minute: u32) -> Snapshot {
        Snapshot {
            taken: date.and_hms_opt(hour, minute, 0).unwrap(),
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn kept(snapshots: &[Snapshot], today: i64) -> Vec<Snapshot> {
        let removed = thin(snapshots, today, DEFAULT_LIMITS);
        let mut kept: Vec<Snapshot> = snapshots
            .iter()
            .filter(|s| !removed.contains(s))
            .copied()
            .collect();
        kept.sort();
        kept
    }

    #[test]
    fn a_snapshot_is_named_by_its_time_to_the_second() {
        let snapshot = Snapshot {
            taken: date(2026, 12, 2).and_hms_opt(8, 13, 5).unwrap(),
        };
        assert_eq!(snapshot.file_name(), "recall-2026-12-02T081305.db");
        assert_eq!(Snapshot::parse(&snapshot.file_name()), Some(snapshot));
    }

    #[test]
    fn the_minute_form_is_read_too() {
        assert_eq!(
            Snapshot::parse("recall-2026-12-02T0813.db"),
            Some(at(date(2026, 12, 2), 8, 13))
        );
    }

    #[test]
    fn other_files_are_not_snapshots() {
        for name in [
            "recall.db",
            "recall-2026-12-02T081305.db-wal",
            "recall-2026-13-02T0813.db",
            "recall-2026-1-2T0813.db",
            "recall-+2026-12-02T0813.db",
            "recall-2026-12-02T08135.db",
            "recall-2026-12-02 081305.db",
            "notes-2026-12-02T081305.db",
            "recall-2026-12-02T081305.db.bak",
        ] {
            assert_eq!(Snapshot::parse(name), None, "{name}");
        }
    }

    #[test]
    fn a_snapshot_before_four_belongs_to_the_day_before() {
        let day = day_number(date(2026, 12, 2));
        assert_eq!(at(date(2026, 12, 3), 3, 59).study_day(), day);
        assert_eq!(at(date(2026, 12, 3), 4, 0).study_day(), day + 1);
    }

    #[test]
    fn one_automatic_snapshot_a_study_day() {
        let today = day_number(date(2026, 12, 2));
        let snapshots = [at(date(2026, 12, 2), 3, 0)];
        assert!(daily_snapshot_due(&snapshots, today));
        let snapshots = [at(date(2026, 12, 2), 9, 0)];
        assert!(!daily_snapshot_due(&snapshots, today));
        assert!(daily_snapshot_due(&[], today));
    }

    #[test]
    fn every_snapshot_of_today_is_kept() {
        let today = date(2026, 12, 2);
        let snapshots: Vec<Snapshot> = (4..24).map(|h| at(today, h, 0)).collect();
        assert!(thin(&snapshots, day_number(today), DEFAULT_LIMITS).is_empty());
    }

    #[test]
    fn only_the_newest_of_an_earlier_day_is_kept() {
        let today = date(2026, 12, 2);
        let yesterday = date(2026, 12, 1);
        let snapshots = [
            at(yesterday, 9, 0),
            at(yesterday, 21, 0),
            at(yesterday, 13, 0),
        ];
        assert_eq!(
            thin(&snapshots, day_number(today), DEFAULT_LIMITS),
            [at(yesterday, 9, 0), at(yesterday, 13, 0)]
        );
    }

    #[test]
    fn two_years_of_daily_snapshots_thin_to_12_daily_10_weekly_9_monthly() {
        // 2026-12-02 is a Wednesday.
        let today = date(2026, 12, 2);
        let day = day_number(today);
        let snapshots: Vec<Snapshot> = (0..730)
            .map(|back| at(day_date(day - back), 20, 0))
            .collect();
        let kept = kept(&snapshots, day);
        assert_eq!(kept.len(), 1 + 12 + 10 + 9, "{kept:?}");
        let dates: Vec<NaiveDate> = kept.iter().rev().map(|s| s.taken.date()).collect();
        // Today, then the twelve days before it.
        for (back, d) in (0..13).zip(&dates) {
            assert_eq!(*d, day_date(day - back));
        }
        // The oldest daily is 2026-11-20, a Friday: the weeklies are the
        // Sundays of the ten weeks before its week.
        let weekly = &dates[13..23];
        assert_eq!(weekly[0], date(2026, 11, 15));
        for pair in weekly.windows(2) {
            assert_eq!(pair[0].weekday(), Weekday::Sun);
            assert_eq!(pair[0] - pair[1], TimeDelta::days(7));
        }
        // The oldest weekly is 2026-09-13: the monthlies are the last days
        // of the nine months before September.
        assert_eq!(weekly[9], date(2026, 9, 13));
        let monthly = &dates[23..];
        assert_eq!(monthly[0], date(2026, 8, 31));
        assert_eq!(monthly[8], date(2025, 12, 31));
        for d in monthly {
            assert_eq!(d.succ_opt().unwrap().day(), 1, "{d} is a month's last day");
        }
    }

    #[test]
    fn three_simulated_years_of_use_keep_a_bounded_spread_history() {
        // Irregular use: some days skipped, some with several snapshots
        // (a sync, an import); the folder is thinned each day, as the
        // storage side will.
        let first = day_number(date(2024, 1, 1));
        let mut folder: Vec<Snapshot> = Vec::new();
        let mut state: u64 = 7;
        for today in first..first + 3 * 365 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let taken_today = u32::try_from((state >> 33) % 4).unwrap(); // 0 to 3 snapshots
            for n in 0..taken_today {
                folder.push(at(day_date(today), 8 + 4 * n, 30));
            }
            let removed = thin(&folder, today, DEFAULT_LIMITS);
            folder.retain(|s| !removed.contains(s));

            let today_count = folder.iter().filter(|s| s.study_day() == today).count();
            assert!(
                folder.len() <= today_count + 31,
                "day {today}: {}",
                folder.len()
            );
            // Thinning what is left removes nothing more.
            assert!(thin(&folder, today, DEFAULT_LIMITS).is_empty());
            // Never two kept snapshots of one earlier day.
            let earlier_days: BTreeSet<i64> = folder
                .iter()
                .map(Snapshot::study_day)
                .filter(|d| *d < today)
                .collect();
            assert_eq!(earlier_days.len(), folder.len() - today_count);
        }
        let today = first + 3 * 365 - 1;
        let oldest = folder.iter().map(Snapshot::study_day).min().unwrap();
        // 12 days + 10 weeks + 9 months back, give or take a month.
        let age = today - oldest;
        assert!((300..=400).contains(&age), "oldest snapshot {age} days old");
        // No gap between kept snapshots is longer than two months.
        let mut days: Vec<i64> = folder.iter().map(Snapshot::study_day).collect();
        days.sort();
        assert!(days.windows(2).all(|w| w[1] - w[0] <= 62), "{days:?}");
    }

    proptest! {
        #[test]
        fn every_name_reads_back(secs in 0i64..253_402_300_799) {
            let taken = chrono::DateTime::from_timestamp(secs, 0).unwrap().naive_utc();
            let snapshot = Snapshot { taken };
            prop_assert_eq!(Snapshot::parse(&snapshot.file_name()), Some(snapshot));
        }

        #[test]
        fn thinning_never_keeps_more_than_the_limits_allow(
            times in prop::collection::vec(0i64..400_000_000, 0..200),
            today in 0i64..5000,
        ) {
            let snapshots: Vec<Snapshot> = times
                .iter()
                .map(|t| Snapshot { taken: chrono::DateTime::from_timestamp(*t, 0).unwrap().naive_utc() })
                .collect();
            let removed = thin(&snapshots, today, DEFAULT_LIMITS);
            let current = snapshots.iter().filter(|s| s.study_day() >= today).count();
            prop_assert!(snapshots.len() - removed.len() <= current + 31);
            // What is removed was there, and the newest earlier one stays.
            for r in &removed {
                prop_assert!(snapshots.contains(r));
            }
            if let Some(newest) = snapshots.iter().filter(|s| s.study_day() < today).max() {
                let copies = |list: &[Snapshot]| list.iter().filter(|s| *s == newest).count();
                prop_assert!(copies(&snapshots) > copies(&removed));
            }
        }
    }
}
