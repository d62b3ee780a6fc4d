//! Study days. A study day rolls over at 04:00 local time, as in Anki.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::sm2::MAX_INTERVAL;

pub const ROLLOVER_HOUR: i64 = 4;

/// The first year `--now` may name: study days count from 1970-01-01.
pub const FIRST_YEAR: i32 = 1970;
/// The last year `--now` may name.
pub const LAST_YEAR: i32 = 9999;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum NowError {
    #[error("expected YYYY-MM-DD or an RFC 3339 time")]
    Unreadable,
    #[error("the year {year} is out of range ({FIRST_YEAR} to {LAST_YEAR})")]
    OutOfRange { year: i32 },
}

/// A study day: the day from 04:00 local time to the next 04:00, counted
/// in days since 1970-01-01. Due dates, burials and the log are kept in
/// these; the user sees them as dates.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct StudyDay(i64);

impl StudyDay {
    pub fn from_number(days_since_1970: i64) -> StudyDay {
        StudyDay(days_since_1970)
    }

    /// Days since 1970-01-01.
    pub fn number(self) -> i64 {
        self.0
    }

    pub fn date(self) -> NaiveDate {
        day_date(self.0)
    }

    /// The day `days` later (earlier when negative); days far outside any
    /// calendar stay at the ends instead of wrapping.
    pub fn plus(self, days: i64) -> StudyDay {
        StudyDay(self.0.saturating_add(days))
    }

    /// How many days after `earlier` this day is.
    pub fn days_since(self, earlier: StudyDay) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl fmt::Display for StudyDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date())
    }
}

/// The moment "now", with the local offset it was read in. Built once by the
/// CLI from the real clock or `--now`, and passed down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now(pub DateTime<FixedOffset>);

impl Now {
    /// The study day this moment falls on (days begin at 04:00 local time).
    pub fn study_day(&self) -> StudyDay {
        let local = self.0.naive_local();
        // Saturating: only a moment at chrono's very first hours cannot go
        // back four hours, and `parse` never builds one.
        let shifted = local
            .checked_sub_signed(TimeDelta::hours(ROLLOVER_HOUR))
            .unwrap_or(local);
        StudyDay(day_number(shifted.date()))
    }

    pub fn rfc3339(&self) -> String {
        self.0.to_rfc3339()
    }

    /// Parses `YYYY-MM-DD` (noon, in `offset`) or an RFC 3339 moment, in
    /// the years [`FIRST_YEAR`]..=[`LAST_YEAR`] (local date).
    pub fn parse(text: &str, offset: FixedOffset) -> Result<Now, NowError> {
        let text = text.trim();
        let now = match DateTime::parse_from_rfc3339(text) {
            Ok(moment) => Now(moment),
            Err(_) => {
                let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| NowError::Unreadable)?;
                let noon = date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
                offset
                    .from_local_datetime(&noon)
                    .single()
                    .map(Now)
                    .ok_or(NowError::OutOfRange { year: date.year() })?
            }
        };
        let year = now.0.naive_local().year();
        if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
            Ok(now)
        } else {
            Err(NowError::OutOfRange { year })
        }
    }
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

pub fn day_number(date: NaiveDate) -> i64 {
    (date - epoch()).num_days()
}

/// The calendar date of a study day, if chrono can represent it.
pub fn checked_day_date(day: i64) -> Option<NaiveDate> {
    epoch().checked_add_signed(TimeDelta::try_days(day)?)
}

/// The calendar date of a study day, clamped to chrono's first and last
/// date. Total: a day out of that range can only come from a damaged
/// database, and listing it must not panic (`due_in_range` tells it apart).
pub fn day_date(day: i64) -> NaiveDate {
    checked_day_date(day).unwrap_or(if day < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// Whether a stored due day is one the scheduler could have written: from
/// 1970-01-01 to [`MAX_INTERVAL`] days after the last day of [`LAST_YEAR`].
pub fn due_in_range(day: i64) -> bool {
    let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).map_or(0, day_number);
    (0..=last + i64::from(MAX_INTERVAL)).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_day_rolls_over_at_four() {
        let at = |s: &str| Now(DateTime::parse_from_rfc3339(s).unwrap()).study_day();
        let day = at("2026-11-21T12:00:00+09:00");
        assert_eq!(at("2026-11-22T03:59:59+09:00"), day);
        assert_eq!(at("2026-11-22T04:00:00+09:00"), day.plus(1));
        assert_eq!(day.date(), NaiveDate::from_ymd_opt(2026, 11, 21).unwrap());
        assert_eq!(day.to_string(), "2026-11-21");
        assert_eq!(day.plus(3).days_since(day), 3);
    }

    #[test]
    fn dates_parse_as_noon() {
        let offset = FixedOffset::east_opt(0).unwrap();
        let now = Now::parse("2026-11-21", offset).unwrap();
        assert_eq!(now.rfc3339(), "2026-11-21T12:00:00+00:00");
        assert_eq!(Now::parse("yesterday", offset), Err(NowError::Unreadable));
    }

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    #[test]
    fn now_is_bounded_to_the_documented_years() {
        assert!(Now::parse("1970-01-01", utc()).is_ok());
        assert!(Now::parse("9999-12-31T23:59:59+00:00", utc()).is_ok());
        for (text, year) in [
            ("+262142-12-31", 262_142),
            ("+10000-01-01", 10_000),
            ("1969-12-31", 1969),
            ("-0001-01-01", -1),
            ("0000-01-01T00:00:00Z", 0),
        ] {
            assert_eq!(
                Now::parse(text, utc()),
                Err(NowError::OutOfRange { year }),
                "{text}"
            );
        }
    }

    #[test]
    fn the_last_allowed_day_plus_the_longest_interval_is_a_date() {
        let now = Now::parse("9999-12-31T23:00:00+00:00", utc()).unwrap();
        let due = now.study_day().number() + i64::from(MAX_INTERVAL);
        assert!(due_in_range(due));
        assert_eq!(checked_day_date(due).map(|d| d.year()), Some(10_099));
    }

    #[test]
    fn a_stored_day_beyond_chrono_is_clamped_never_a_panic() {
        assert_eq!(day_date(i64::MAX), NaiveDate::MAX);
        assert_eq!(day_date(i64::MIN), NaiveDate::MIN);
        assert_eq!(checked_day_date(100_000_000), None);
        assert!(!due_in_range(100_000_000));
        assert!(!due_in_range(-1));
        assert!(due_in_range(0));
    }

    proptest! {
        #[test]
        fn every_study_day_has_a_date(day in any::<i64>()) {
            let date = day_date(day);
            if let Some(exact) = checked_day_date(day) {
                prop_assert_eq!(date, exact);
                prop_assert_eq!(day_number(exact), day);
            }
        }

        #[test]
        fn every_moment_has_a_study_day(secs in any::<i64>(), offset in -86_399i32..86_400) {
            if let (Some(utc), Some(offset)) = (
                DateTime::from_timestamp(secs, 0),
                FixedOffset::east_opt(offset),
            ) {
                let _ = Now(utc.with_timezone(&offset)).study_day();
            }
        }
    }
}
