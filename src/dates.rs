//! Reading dates: strict ISO 8601 / RFC 3339 as the front matter requires, and the other
//! ways people write dates (`10/17/2025`, `17 October 2025`), so that a fix can offer the
//! ISO form when exactly one reading is a real date.

use std::str::FromStr;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

/// Why a value is not an ISO date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// Not in the ISO shape at all.
    NotIso,
    /// The ISO shape, but no such day (`2025-02-30`).
    NotReal,
}

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{2})-(\d{2})$").expect("static regex"));
static RFC3339: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})$")
        .expect("static regex")
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$").expect("static regex")
});
static WRITTEN_DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$").expect("static regex")
});
static WRITTEN_MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$").expect("static regex")
});

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The English name of a month, 1 to 12.
pub fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

fn month_number(name: &str) -> Option<i8> {
    let name = name.to_lowercase();
    if name.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|month| month.starts_with(&name) || (name == "sept" && *month == "september"))
        .map(|index| index as i8 + 1)
}

fn date(year: &str, month: &str, day: &str) -> Option<Date> {
    Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok()
}

/// Reads an ISO 8601 date (`YYYY-MM-DD`) or an RFC 3339 date-time, giving its date.
pub fn parse_iso(text: &str) -> Result<Date, DateProblem> {
    let text = text.trim();
    if let Some([year, month, day]) = iso_parts(text) {
        return date(year, month, day).ok_or(DateProblem::NotReal);
    }
    parse_datetime(text)
}

/// The year, month and day of a `YYYY-MM-DD` date. ASCII text is read by hand: compiling
/// [`ISO_DATE`] (its `\d` is every script's digits) cost a run of one article a millisecond.
fn iso_parts(text: &str) -> Option<[&str; 3]> {
    if !text.is_ascii() {
        let parts = ISO_DATE.captures(text)?;
        let [year, month, day] =
            [1, 2, 3].map(|group| parts.get(group).map_or("", |part| part.as_str()));
        return Some([year, month, day]);
    }
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10);
    shaped.then(|| [&text[..4], &text[5..7], &text[8..]])
}

/// Reads an RFC 3339 date-time, giving its date.
pub fn parse_datetime(text: &str) -> Result<Date, DateProblem> {
    let text = text.trim();
    let Some(parts) = RFC3339.captures(text) else {
        return Err(DateProblem::NotIso);
    };
    let day = date(&parts[1], &parts[2], &parts[3]).ok_or(DateProblem::NotReal)?;
    jiff::Timestamp::from_str(text).map_err(|_| DateProblem::NotReal)?;
    Ok(day)
}

/// Every real date that `text` can be read as, when it is written some other way.
pub fn readings(text: &str) -> Vec<Date> {
    let text = text.trim();
    let mut found = Vec::new();
    if let Some(parts) = NUMERIC.captures(text) {
        let (a, b, c) = (&parts[1], &parts[2], &parts[3]);
        if a.len() == 4 {
            found.extend(date(a, b, c));
        } else if c.len() == 4 {
            found.extend(date(c, a, b)); // month first
            found.extend(date(c, b, a)); // day first
        }
    } else if let Some(parts) = WRITTEN_DAY_FIRST.captures(text) {
        if let Some(month) = month_number(&parts[2]) {
            found.extend(date(&parts[3], &month.to_string(), &parts[1]));
        }
    } else if let Some(parts) = WRITTEN_MONTH_FIRST.captures(text)
        && let Some(month) = month_number(&parts[1])
    {
        found.extend(date(&parts[3], &month.to_string(), &parts[2]));
    }
    found.dedup();
    found
}

/// The one date `text` means, when it has exactly one real reading.
pub fn unambiguous(text: &str) -> Option<Date> {
    match readings(text).as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// Today in the machine's time zone, for runs without `--today`.
///
/// With `TZ` unset, the zone is read straight from `/etc/localtime`: the general lookup
/// first indexes the whole zoneinfo folder to name the zone (about 0.7 ms, a tenth of
/// checking one article), and a date needs only the offset. `TZ`, and any other system,
/// go through jiff's own lookup.
pub fn today() -> Date {
    // An empty `TZ` means UTC to jiff, as to the C library: only an unset one is ours.
    if std::env::var_os("TZ").is_none()
        && cfg!(unix)
        && let Ok(data) = std::fs::read("/etc/localtime")
        && let Ok(zone) = jiff::tz::TimeZone::tzif("localtime", &data)
    {
        return jiff::Timestamp::now().to_zoned_datetime(zone).date();
    }
    jiff::ZonedDateTime::now().date()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The hand reading of ASCII text finds exactly the dates the pattern finds.
        #[test]
        fn iso_dates_are_read_as_the_pattern_reads_them(
            text in "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{3,5}-[0-9]{1,3}-[0-9]{1,3}[ TZ]?|[0-9 -]{0,12}",
        ) {
            let by_pattern = ISO_DATE
                .captures(&text)
                .map(|parts| [1, 2, 3].map(|group| parts[group].to_string()));
            let by_hand = iso_parts(&text).map(|parts| parts.map(str::to_string));
            proptest::prop_assert_eq!(by_hand, by_pattern);
        }
    }

    #[test]
    fn iso_dates_and_datetimes() {
        assert_eq!(parse_iso("2025-10-17").unwrap().to_string(), "2025-10-17");
        assert_eq!(
            parse_iso("2025-10-17T09:30:00Z").unwrap().to_string(),
            "2025-10-17"
        );
        assert_eq!(parse_iso("2025-02-30"), Err(DateProblem::NotReal));
        assert_eq!(parse_iso("10/17/2025"), Err(DateProblem::NotIso));
        assert_eq!(parse_iso("2025-1-7"), Err(DateProblem::NotIso));
    }

    #[test]
    fn other_forms_are_read_when_unambiguous() {
        let expected = Date::constant(2025, 10, 17);
        assert_eq!(unambiguous("10/17/2025"), Some(expected));
        assert_eq!(unambiguous("17/10/2025"), Some(expected));
        assert_eq!(unambiguous("17 October 2025"), Some(expected));
        assert_eq!(unambiguous("Oct 17, 2025"), Some(expected));
        assert_eq!(unambiguous("2025/10/17"), Some(expected));
        assert_eq!(unambiguous("03/04/2025"), None);
        assert_eq!(unambiguous("04/04/2025"), Some(Date::constant(2025, 4, 4)));
        assert_eq!(unambiguous("31/02/2025"), None);
    }

    #[test]
    fn today_is_the_machines_date() {
        // Either side of midnight the two may differ by a day, never more.
        let general = jiff::ZonedDateTime::now().date();
        let days = (today() - general).get_days().abs();
        assert!(days <= 1, "{} against {general}", today());
    }
}
