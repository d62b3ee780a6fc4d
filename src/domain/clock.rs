//! Study days. A study day rolls over at 04:00 local time, as in Anki.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};

pub const ROLLOVER_HOUR: i64 = 4;

/// The moment "now", with the local offset it was read in. Built once by the
/// CLI from the real clock or `--now`, and passed down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now(pub DateTime<FixedOffset>);

impl Now {
    /// Days since 1970-01-01, counting each day from 04:00 local time.
    pub fn study_day(&self) -> i64 {
        let shifted = self.0.naive_local() - Duration::hours(ROLLOVER_HOUR);
        day_number(shifted.date())
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

/// The calendar date of a study day.
pub fn day_date(day: i64) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    epoch + Duration::days(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_rolls_over_at_four() {
        let at = |s: &str| Now(DateTime::parse_from_rfc3339(s).unwrap()).study_day();
        let day = at("2026-11-21T12:00:00+09:00");
        assert_eq!(at("2026-11-22T03:59:59+09:00"), day);
        assert_eq!(at("2026-11-22T04:00:00+09:00"), day + 1);
        assert_eq!(
            day_date(day),
            NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
        );
    }

    #[test]
    fn dates_parse_as_noon() {
        let offset = FixedOffset::east_opt(0).unwrap();
        let now = Now::parse("2026-11-21", offset).unwrap();
        assert_eq!(now.rfc3339(), "2026-11-21T12:00:00+00:00");
        assert!(Now::parse("yesterday", offset).is_none());
    }
}
