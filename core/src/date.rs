//! Calendar dates as days since 1970-01-01 (proleptic Gregorian), and the
//! age cutoffs verifiers derive from them.
//!
//! The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`
//! algorithms, exact for every date this module accepts (years 0000 to 9999).

use crate::Error;

/// Day number of 0000-01-01.
const FIRST_DAY: i64 = -719_528;
/// Day number of 9999-12-31.
const LAST_DAY: i64 = 2_932_896;

/// A calendar date, stored as days since 1970-01-01 (negative before).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i64);

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1-12) of `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date `year-month-day`, if it exists and `0 <= year <= 9999`.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Result<Date, Error> {
        if !(0..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return Err(Error::InvalidDate);
        }
        // days_from_civil (Hinnant).
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Ok(Date(era * 146_097 + doe - 719_468))
    }

    /// The date `days` after 1970-01-01, if its year is within 0000-9999.
    ///
    /// The range is checked before the conversion, whose arithmetic would
    /// overflow for day numbers near `i64::MIN` or `i64::MAX`.
    pub fn from_days(days: i64) -> Result<Date, Error> {
        if !(FIRST_DAY..=LAST_DAY).contains(&days) {
            return Err(Error::InvalidDate);
        }
        let d = Date(days);
        let (y, _, _) = d.ymd();
        if !(0..=9999).contains(&y) {
            return Err(Error::InvalidDate);
        }
        Ok(d)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        self.0
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i64, u32, u32) {
        // civil_from_days (Hinnant).
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }

    /// Parses `YYYY-MM-DD`, or an RFC 3339 date-time at midnight UTC
    /// (`YYYY-MM-DDT00:00:00Z`, the form credentials carry).
    pub fn parse(s: &str) -> Result<Date, Error> {
        let date = match s.len() {
            10 => s,
            20 if s.ends_with("T00:00:00Z") => &s[..10],
            _ => return Err(Error::InvalidDate),
        };
        let b = date.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return Err(Error::InvalidDate);
        }
        let num = |r: std::ops::Range<usize>| -> Result<i64, Error> {
            let part = &date[r];
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(Error::InvalidDate);
            }
            part.parse().map_err(|_| Error::InvalidDate)
        };
        Date::from_ymd(num(0..4)?, num(5..7)? as u32, num(8..10)? as u32)
    }

    /// The date `years` years earlier, on the same month and day; 29 February
    /// becomes 28 February when the earlier year has no leap day.
    pub fn years_before(self, years: u32) -> Result<Date, Error> {
        let (y, m, d) = self.ymd();
        let year = y - i64::from(years);
        let day = d.min(days_in_month(year, m));
        Date::from_ymd(year, m, day)
    }

    /// The latest birth date of someone at least `years` old on `self`.
    ///
    /// A person born on `b` is `years` old from the day whose month and day
    /// are those of `b`, `years` later; for a 29 February birthday in a year
    /// without one, that is 1 March. Hence: `b <= self.years_before(years)`.
    pub fn age_cutoff(self, years: u32) -> Result<Date, Error> {
        self.years_before(years)
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date(secs.div_euclid(86_400))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl std::str::FromStr for Date {
    type Err = Error;
    fn from_str(s: &str) -> Result<Date, Error> {
        Date::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(d("1970-01-01").days(), 0);
        assert_eq!(d("1969-12-31").days(), -1);
        assert_eq!(d("2000-03-01").days(), 11_017);
        assert_eq!(d("2026-11-23").days(), 20_780);
        assert_eq!(d("0000-01-01").days(), -719_528);
        assert_eq!(d("9999-12-31").to_string(), "9999-12-31");
        assert_eq!(d("0000-01-01").days(), FIRST_DAY);
        assert_eq!(d("9999-12-31").days(), LAST_DAY);
    }

    #[test]
    fn day_numbers_out_of_range_are_refused_without_overflow() {
        for days in [
            i64::MIN,
            i64::MIN + 1,
            FIRST_DAY - 1,
            LAST_DAY + 1,
            i64::MAX - 719_468,
            i64::MAX,
        ] {
            assert!(
                matches!(Date::from_days(days), Err(Error::InvalidDate)),
                "{days}"
            );
        }
        assert_eq!(
            Date::from_days(FIRST_DAY).unwrap().to_string(),
            "0000-01-01"
        );
        assert_eq!(Date::from_days(LAST_DAY).unwrap().to_string(), "9999-12-31");
    }

    #[test]
    fn invalid_dates_are_refused() {
        for s in [
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-4-01",
            "24-04-01",
            "2024-04-01T10:00:00Z",
            "+024-04-01",
            "2024/04/01",
            "",
            "２０２４-01-01",
        ] {
            assert!(matches!(Date::parse(s), Err(Error::InvalidDate)), "{s}");
        }
        assert_eq!(d("2000-02-29").to_string(), "2000-02-29");
        assert_eq!(d("2024-02-29T00:00:00Z"), d("2024-02-29"));
    }

    #[test]
    fn age_cutoff_on_ordinary_days() {
        let today = d("2026-11-23");
        let cutoff = today.age_cutoff(18).unwrap();
        assert_eq!(cutoff, d("2008-11-23"));
        // Born on the cutoff: 18 today. Born a day later: not yet.
        assert!(d("2008-11-23") <= cutoff);
        assert!(d("2008-11-24") > cutoff);
    }

    #[test]
    fn leap_day_birthdays_come_of_age_on_the_first_of_march() {
        let born = d("2008-02-29");
        assert!(
            born > d("2026-02-28").age_cutoff(18).unwrap(),
            "not 18 on 28 Feb 2026"
        );
        assert!(
            born <= d("2026-03-01").age_cutoff(18).unwrap(),
            "18 on 1 Mar 2026"
        );
        // In a leap year the birthday itself exists.
        let born = d("2004-02-29");
        assert!(born > d("2024-02-28").age_cutoff(20).unwrap());
        assert!(born <= d("2024-02-29").age_cutoff(20).unwrap());
    }

    #[test]
    fn verifying_on_a_leap_day_clamps_to_the_28th() {
        // On 2028-02-29, 18 years earlier has no leap day: born 2010-02-28 is 18.
        let cutoff = d("2028-02-29").age_cutoff(18).unwrap();
        assert_eq!(cutoff, d("2010-02-28"));
        assert!(d("2010-03-01") > cutoff);
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -719_528i64..=2_932_896) {
            let date = Date::from_days(days).unwrap();
            prop_assert_eq!(Date::parse(&date.to_string()).unwrap(), date);
        }

        #[test]
        fn cutoff_agrees_with_counting_birthdays(by in 1900i64..2100, bm in 1u32..=12, bd in 1u32..=31, years in 0u32..100, off in -3i64..=3) {
            prop_assume!(bd <= days_in_month(by, bm));
            let born = Date::from_ymd(by, bm, bd).unwrap();
            // The birthday `years` later (1 March for an absent 29 February), plus an offset.
            let y = by + i64::from(years);
            let birthday = if bm == 2 && bd == 29 && !is_leap_year(y) {
                Date::from_ymd(y, 3, 1).unwrap()
            } else {
                Date::from_ymd(y, bm, bd).unwrap()
            };
            let today = Date::from_days(birthday.days() + off).unwrap();
            let of_age = born <= today.age_cutoff(years).unwrap();
            prop_assert_eq!(of_age, off >= 0, "born {} today {} years {}", born, today, years);
        }
    }
}
