//! Calendar dates, and dates as precise as a source gives them.

/// A calendar date; dates compare in calendar order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A TOML date without a time, such as `2014-07-01`.
    pub fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
        match (value.date, value.time) {
            (Some(d), None) => Some(Date {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            _ => None,
        }
    }

    /// Today, in UTC: the day of `SOURCE_DATE_EPOCH` when it is set (seconds since 1970, the
    /// reproducible-builds convention: an export made under it is the same whenever it is
    /// made, and the tests judge the fixture's sources on a fixed day), else the system clock's.
    /// A value that is not a number of seconds is ignored with a warning.
    pub fn today() -> Date {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(value) => match value.trim().parse::<u64>() {
                Ok(seconds) => Date::from_epoch_seconds(seconds),
                Err(_) => {
                    log::warn!(
                        "SOURCE_DATE_EPOCH is `{value}`, not a number of seconds; using the system clock"
                    );
                    Date::from_clock()
                }
            },
            Err(_) => Date::from_clock(),
        }
    }

    /// Today, in UTC, from the system clock.
    pub fn from_clock() -> Date {
        Date::from_system_time(std::time::SystemTime::now())
    }

    /// The day, in UTC, this many seconds after the start of 1970.
    pub fn from_epoch_seconds(seconds: u64) -> Date {
        Date::from_system_time(std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds))
    }

    fn from_system_time(time: std::time::SystemTime) -> Date {
        let now = humantime::format_rfc3339_seconds(time).to_string();
        let part =
            |range: std::ops::Range<usize>| now.get(range).and_then(|p| p.parse::<u16>().ok());
        let small = |n: Option<u16>| n.and_then(|n| u8::try_from(n).ok()).unwrap_or(1);
        Date {
            year: part(0..4).unwrap_or(1970),
            month: small(part(5..7)),
            day: small(part(8..10)),
        }
    }

    /// The same day a number of months earlier; the 31st becomes the month's last day.
    pub fn months_before(self, months: u16) -> Date {
        let total = self.year * 12 + u16::from(self.month) - 1 - months;
        let (year, month) = (total / 12, (total % 12) as u8 + 1);
        let last = days_in_month(year, month);
        Date {
            year,
            month,
            day: self.day.min(last),
        }
    }

    /// `2014-07-01`, for `<time datetime>`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A date as precise as a source gives it: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// `2014-07-01`, `2024-07` or `2007`; anything else, such as a day without its month, a
    /// day a month does not have or a two-digit year, is `None`.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let mut parts = text.split('-');
        let number = |part: Option<&str>, digits: usize| {
            part.filter(|p| p.len() == digits && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u16>().ok())
        };
        let year = number(parts.next(), 4)?;
        let month = match parts.next() {
            None => None,
            Some(m) => Some(u8::try_from(number(Some(m), 2)?).ok()?),
        };
        let day = match parts.next() {
            None => None,
            Some(d) => Some(u8::try_from(number(Some(d), 2)?).ok()?),
        };
        if parts.next().is_some() || month.is_some_and(|m| !(1..=12).contains(&m)) {
            return None;
        }
        if let (Some(month), Some(day)) = (month, day)
            && (day == 0 || day > days_in_month(year, month))
        {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// The fiscal year the date falls in: fiscal years start on 1 April. A year alone is
    /// taken as a fiscal year.
    pub fn fiscal_year(self) -> u16 {
        match self.month {
            Some(m) if m < 4 => self.year - 1,
            _ => self.year,
        }
    }

    /// The date as written in the content, for `<time datetime>` and downloads.
    pub fn iso(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The full date, when the source gives the day.
    pub fn date(self) -> Option<Date> {
        Some(Date {
            year: self.year,
            month: self.month?,
            day: self.day?,
        })
    }
}

/// The number of days in a month of the Gregorian calendar.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::ui::Ui;

    fn date(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month() {
        assert_eq!(date(2026, 11, 30).months_before(12), date(2025, 11, 30));
        assert_eq!(date(2026, 1, 15).months_before(1), date(2025, 12, 15));
        assert_eq!(date(2025, 3, 31).months_before(1), date(2025, 2, 28));
        assert_eq!(date(2024, 3, 31).months_before(1), date(2024, 2, 29));
        assert_eq!(date(2000, 3, 31).months_before(1), date(2000, 2, 29));
        assert_eq!(date(1900, 3, 31).months_before(1), date(1900, 2, 28));
        assert_eq!(date(2025, 5, 31).months_before(1), date(2025, 4, 30));
        assert_eq!(date(2025, 8, 31).months_before(1), date(2025, 7, 31));
        assert_eq!(date(2025, 12, 31).months_before(3), date(2025, 9, 30));
        assert_eq!(date(2025, 12, 31).months_before(1), date(2025, 11, 30));
        assert_eq!(date(2025, 7, 31).months_before(1), date(2025, 6, 30));
    }

    #[test]
    fn partial_dates_are_as_precise_as_written() {
        let parse = PartialDate::parse;
        let d = |year, month, day| PartialDate { year, month, day };
        assert_eq!(parse("2014-07-01"), Some(d(2014, Some(7), Some(1))));
        assert_eq!(parse("2024-07"), Some(d(2024, Some(7), None)));
        assert_eq!(parse("2007"), Some(d(2007, None, None)));
        assert_eq!(parse("2024-02-29"), Some(d(2024, Some(2), Some(29))));
        for bad in [
            "",
            "07",
            "2014-7",
            "2014-13",
            "2014-00",
            "2023-02-29",
            "2014-04-31",
            "2014-07-00",
            "2014-07-01-01",
            "2014/07/01",
            "20140701",
            "+2014",
            "2014-07-1",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(d(2014, Some(7), Some(1)).iso(), "2014-07-01");
        assert_eq!(d(2024, Some(7), None).iso(), "2024-07");
        assert_eq!(d(987, None, None).iso(), "0987");
        let ui = Ui::english();
        assert_eq!(ui.partial_date(d(2014, Some(7), Some(1))), "1 July 2014");
        assert_eq!(ui.partial_date(d(2024, Some(7), None)), "July 2024");
        assert_eq!(ui.partial_date(d(2007, None, None)), "2007");
        let ja = Ui::japanese();
        assert_eq!(ja.partial_date(d(2014, Some(7), Some(1))), "2014年7月1日");
        assert_eq!(ja.partial_date(d(2024, Some(7), None)), "2024年7月");
        assert_eq!(ja.partial_date(d(2007, None, None)), "2007年");
        assert_eq!(ja.list(&["2020".into(), "2021".into()]), "2020、2021");
        assert_eq!(ja.integer(4465), "4,465");
        assert_eq!(ja.tenths(82), "8.2");
    }

    #[test]
    fn a_fiscal_year_starts_on_the_first_of_april() {
        let d = |year, month| PartialDate {
            year,
            month,
            day: None,
        };
        assert_eq!(d(2013, Some(3)).fiscal_year(), 2012);
        assert_eq!(d(2013, Some(4)).fiscal_year(), 2013);
        assert_eq!(d(2013, Some(1)).fiscal_year(), 2012);
        assert_eq!(d(2013, Some(12)).fiscal_year(), 2013);
        assert_eq!(d(2013, None).fiscal_year(), 2013);
        assert_eq!(
            d(2014, Some(7)).date(),
            None,
            "a month alone is not a full date"
        );
    }

    #[test]
    fn dates_compare_in_calendar_order() {
        assert!(date(2025, 11, 29) < date(2025, 11, 30));
        assert!(date(2025, 12, 1) > date(2025, 11, 30));
        assert!(date(2026, 1, 1) > date(2025, 12, 31));
    }

    #[test]
    fn toml_dates_without_a_time_are_read() {
        let value: toml::value::Datetime = "2014-07-01".parse().expect("date");
        assert_eq!(Date::from_toml(&value), Some(date(2014, 7, 1)));
        let value: toml::value::Datetime = "2014-07-01T10:00:00".parse().expect("datetime");
        assert_eq!(Date::from_toml(&value), None);
        let value: toml::value::Datetime = "10:00:00".parse().expect("time");
        assert_eq!(Date::from_toml(&value), None);
    }

    #[test]
    fn the_clock_gives_a_real_date() {
        let today = Date::from_clock();
        let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        // Run just before midnight, the two reads may straddle it: compare the year only when
        // the days differ.
        if today.iso() != now[..10] {
            assert_eq!(today.year.to_string(), now[..4]);
        }
        assert!(today.year >= 2026 && (1..=12).contains(&today.month));
        assert!((1..=31).contains(&today.day));
    }

    #[test]
    fn seconds_since_1970_give_the_day_in_utc() {
        assert_eq!(Date::from_epoch_seconds(0), date(1970, 1, 1));
        assert_eq!(Date::from_epoch_seconds(1_796_083_200), date(2026, 12, 1));
        assert_eq!(Date::from_epoch_seconds(1_796_083_199), date(2026, 11, 30));
        // 29 February of a leap year, its last second.
        assert_eq!(Date::from_epoch_seconds(1_709_251_199), date(2024, 2, 29));
    }
}
