//! Study days. A study day rolls over at 04:00 local time, as in Anki.

use std::fmt;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};

pub const ROLLOVER_HOUR: i64 = 4;

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
        let shifted = self.0.naive_local() - Duration::hours(ROLLOVER_HOUR);
        StudyDay(day_number(shifted.date()))
    }

    pub fn rfc3339(&self) -> String {
        self.0.to_rfc3339()
    }

    /// Parses `YYYY-MM-DD` (noon, in `offset`) or an RFC 3339 moment.
    pub fn parse(text: &str, offset: FixedOffset) -> Option<Now> {
        let text = text.trim();
        if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
            return Some(Now(moment));
        }
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        let noon = date.and_time(NaiveTime::from_hms_opt(12, 0, 0)?);
        offset.from_local_datetime(&noon).single().map(Now)
    }
}

pub fn day_number(date: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (date - epoch).num_days()
}

/// The calendar date of a study day number; days beyond chrono's calendar
/// (±262,000 years) show as its ends rather than panicking.
pub fn day_date(day: i64) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let Some(days) = Duration::try_days(day) else {
        return if day < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        };
    };
    epoch.checked_add_signed(days).unwrap_or(if day < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(Now::parse("yesterday", offset).is_none());
    }
}
