//! Calendar dates across the boundary: [`CalendarDate`], days since
//! 1970-01-01 on the wire, mapped by uniffi custom types
//! (`bindings/uniffi/uniffi.toml`) to `java.time.LocalDate` in Kotlin and
//! `Foundation.Date` (midnight UTC of the day) in Swift.

use zkcred_core::date::Date;

use crate::errors::Result;

/// A calendar day, without time or time zone: `java.time.LocalDate` in
/// Kotlin, `Foundation.Date` in Swift (the UTC day it falls on: build it
/// with a UTC calendar, e.g. `DateComponents(calendar: utc, year:, month:,
/// day:).date!`). Days before 0000-01-01 or after 9999-12-31 are refused
/// with `InvalidDate` where a date is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate(pub i64);

uniffi::custom_type!(CalendarDate, i64, {
    lower: |d| d.0,
    try_lift: |days| Ok(CalendarDate(days)),
});

impl CalendarDate {
    /// The core date (`InvalidDate` out of core's range).
    pub(crate) fn to_core(self) -> Result<Date> {
        Ok(Date::from_days(self.0)?)
    }

    /// The FFI date of a core date.
    pub(crate) fn of(date: Date) -> CalendarDate {
        CalendarDate(date.days())
    }
}

impl From<Date> for CalendarDate {
    fn from(date: Date) -> Self {
        CalendarDate::of(date)
    }
}
