//! `ambiguous-date`: numeric dates in the prose that a reader could take two ways
//! (`03/04/2025`) or that break the house day order (`10/17/2025` for a day-first house). The
//! fix writes an unambiguous date out in words: "17 October 2025".

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;
use serde::Deserialize;

use super::{Context, Rule, typed};
use crate::article::Article;
use crate::article::words::has_ascii_digits;
use crate::dates::month_name;
use crate::diagnostic::{Diagnostic, Edit, Fix, Span};

const ID: &str = "ambiguous-date";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Order {
    DayFirst,
    MonthFirst,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    order: Order,
    all_numeric: bool,
}

struct AmbiguousDate {
    order: Order,
    all_numeric: bool,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    Ok(Box::new(AmbiguousDate {
        order: options.order,
        all_numeric: options.all_numeric,
    }))
}

/// Day and month (either order) and a year, joined by the same `/`, `.` or `-`; two-digit
/// years only with `/` (`3.4.25` is as likely a version or a section number). ASCII digits
/// and boundaries: the fast engine stays on for non-ASCII text.
pub(crate) const NUMERIC_DATE_PATTERN: &str = r"(?-u:\b)([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}|[0-9]{2})(?-u:\b)|(?-u:\b)([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})(?-u:\b)|(?-u:\b)([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})(?-u:\b)";

/// Whether a block has a numeric date at all, from DFAs prepared at build time: most blocks
/// have none, and then the regex with its capture groups need not be compiled.
static ANY_NUMERIC_DATE: LazyLock<super::Regex> =
    LazyLock::new(|| super::fixed(NUMERIC_DATE_PATTERN));

static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(NUMERIC_DATE_PATTERN).expect("static regex"));

/// A numeric date as written: its two leading numbers and its year.
struct Written {
    first: i8,
    second: i8,
    year: i16,
    /// A two-digit year: its century is a guess, so there is no fix.
    short_year: bool,
}

impl Written {
    fn read(captures: &regex::Captures) -> Option<Written> {
        let groups: Vec<&str> = (1..=9)
            .filter_map(|index| captures.get(index).map(|group| group.as_str()))
            .collect();
        let [first, second, year] = groups[..] else {
            return None;
        };
        let short_year = year.len() == 2;
        let year: i16 = year.parse().ok()?;
        Some(Written {
            first: first.parse().ok()?,
            second: second.parse().ok()?,
            year: if short_year { 2000 + year } else { year },
            short_year,
        })
    }

    fn reading(&self, order: Order) -> Option<Date> {
        let (day, month) = match order {
            Order::DayFirst => (self.first, self.second),
            Order::MonthFirst => (self.second, self.first),
        };
        Date::new(self.year, month, day).ok()
    }
}

impl Order {
    fn other(self) -> Order {
        match self {
            Order::DayFirst => Order::MonthFirst,
            Order::MonthFirst => Order::DayFirst,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Order::DayFirst => "day first",
            Order::MonthFirst => "month first",
        }
    }

    /// The date in words, in this order: "17 October 2025" or "October 17, 2025".
    fn words(self, date: Date, with_year: bool) -> String {
        let month = month_name(date.month());
        match (self, with_year) {
            (Order::DayFirst, true) => format!("{} {month} {}", date.day(), date.year()),
            (Order::DayFirst, false) => format!("{} {month}", date.day()),
            (Order::MonthFirst, true) => format!("{month} {}, {}", date.day(), date.year()),
            (Order::MonthFirst, false) => format!("{month} {}", date.day()),
        }
    }
}

impl Rule for AmbiguousDate {
    fn warm(&self) {
        LazyLock::force(&ANY_NUMERIC_DATE);
    }

    fn check(&self, article: &Article, _: &Context, out: &mut Vec<Diagnostic>) {
        for block in &article.body.blocks {
            let text = article.block_text(block);
            if !has_ascii_digits(text, FEWEST_DIGITS) || !ANY_NUMERIC_DATE.is_match(text) {
                continue;
            }
            for captures in NUMERIC_DATE.captures_iter(text) {
                let Some(whole) = captures.get(0) else {
                    continue;
                };
                if part_of_something_longer(text, whole.start(), whole.end()) {
                    continue;
                }
                let Some(written) = Written::read(&captures) else {
                    continue;
                };
                let range = block.prose.start + whole.start()..block.prose.start + whole.end();
                let span = article.prose_span(range);
                // A fix replaces exactly what the reader sees, so only when the span covers
                // the date's own characters (not an entity or an escape around it).
                let fixable = article.slice(span) == whole.as_str();
                if let Some(diagnostic) = self.judge(whole.as_str(), &written, span, fixable) {
                    out.push(diagnostic);
                }
            }
        }
    }
}

/// The ASCII digits of the shortest numeric date (`1/2/26`): most blocks of prose have
/// fewer, and counting them is much cheaper than the pattern's scan.
const FEWEST_DIGITS: usize = 4;

impl AmbiguousDate {
    /// What is wrong with the numeric date at `at`, if anything.
    fn judge(&self, shown: &str, written: &Written, at: Span, fixable: bool) -> Option<Diagnostic> {
        let house = written.reading(self.order);
        let other = written.reading(self.order.other());
        let with_year = !written.short_year;
        // A two-digit year's century is a guess, so it gets no fix.
        let fixable = fixable && with_year;
        match (house, other) {
            (Some(house), Some(other)) if house != other => Some(
                Diagnostic::new(
                    ID,
                    at,
                    format!(
                        "`{shown}` is ambiguous: {} or {}",
                        self.order.words(house, with_year),
                        self.order.words(other, with_year)
                    ),
                )
                .with_label("day and month could be either way round")
                .with_help(format!(
                    "write the date out in words: `{}` if it is {} (the house order), otherwise `{}`",
                    self.order.words(house, with_year),
                    self.order.describe(),
                    self.order.words(other, with_year)
                )),
            ),
            (None, Some(only)) => {
                let words = self.order.words(only, with_year);
                let diagnostic = Diagnostic::new(
                    ID,
                    at,
                    format!(
                        "`{shown}` is written {}, but the house order is {}",
                        self.order.other().describe(),
                        self.order.describe()
                    ),
                )
                .with_label(format!("read {}, this is {words}", self.order.other().describe()))
                .with_help(format!("write the date out in words: `{words}`"));
                Some(fixed(diagnostic, at, &words, fixable))
            }
            (Some(only), _) if self.all_numeric => {
                let words = self.order.words(only, with_year);
                let diagnostic =
                    Diagnostic::new(ID, at, format!("`{shown}` is a date written in numbers"))
                        .with_label(format!("this is {words}"))
                        .with_help(format!("write the date out in words: `{words}`"));
                Some(fixed(diagnostic, at, &words, fixable))
            }
            _ => None,
        }
    }
}

/// The fix to the written-out form, when the date can be replaced safely.
fn fixed(diagnostic: Diagnostic, at: Span, words: &str, fixable: bool) -> Diagnostic {
    if !fixable {
        return diagnostic;
    }
    diagnostic.with_fix(Fix::new(
        format!("write `{words}`"),
        vec![Edit::replace(at, words)],
    ))
}

/// A match that continues as a longer run of numbers (`1.2.3.2025`, `12/10/2025/3`) is not a
/// date.
fn part_of_something_longer(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut after = text[end..].chars();
    let next = after.next();
    let then = after.next();
    let joins = |c: char| matches!(c, '/' | '.' | '-' | ':');
    let before_joins = before.is_some_and(joins)
        && text[..start]
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit());
    let after_joins = next.is_some_and(joins) && then.is_some_and(|c| c.is_ascii_digit());
    before_joins || after_joins
}

#[cfg(test)]
mod tests {
    use crate::Config;
    use jiff::civil::Date;

    fn check_with(config: &Config, body: &str) -> Vec<String> {
        let text = format!("---\ntitle: x\n---\n\n{body}");
        crate::lint(&text, config, Date::constant(2026, 11, 25))
            .into_iter()
            .filter(|d| d.rule == super::ID)
            .map(|d| {
                let fix = d
                    .fix
                    .map(|fix| format!(" => {}", fix.edits[0].replacement))
                    .unwrap_or_default();
                format!("{} @{}{fix}", d.message, &text[d.span.range()])
            })
            .collect()
    }

    fn check(body: &str) -> Vec<String> {
        check_with(&Config::defaults(), body)
    }

    proptest::proptest! {
        #[test]
        fn a_block_with_a_date_has_the_digits_for_one(text in "[0-9/.\\- a]{0,16}") {
            if super::ANY_NUMERIC_DATE.is_match(&text) {
                proptest::prop_assert!(super::has_ascii_digits(&text, super::FEWEST_DIGITS));
            }
        }
    }

    #[test]
    fn day_first_house() {
        assert_eq!(
            check("Published 10/17/2025.\n"),
            [
                "`10/17/2025` is written month first, but the house order is day first @10/17/2025 => 17 October 2025"
            ]
        );
        assert_eq!(
            check("Seen on 03/04/2025 and 3-4-2025.\n"),
            [
                "`03/04/2025` is ambiguous: 3 April 2025 or 4 March 2025 @03/04/2025",
                "`3-4-2025` is ambiguous: 3 April 2025 or 4 March 2025 @3-4-2025"
            ]
        );
        assert!(check("On 17/10/2025, 04/04/2025, 2025-10-17 and 31/02/2025.\n").is_empty());
        assert_eq!(
            check("On 3/4/25.\n"),
            ["`3/4/25` is ambiguous: 3 April or 4 March @3/4/25"]
        );
    }

    #[test]
    fn not_dates() {
        assert!(
            check("Version 1.2.3.2025, ratio 10/12, `03/04/2025` in code, 10-12 reps.\n")
                .is_empty()
        );
        assert!(check("```\n03/04/2025\n```\n").is_empty());
    }

    #[test]
    fn month_first_house_and_all_numeric() {
        let config = Config::from_text(
            "c.yaml",
            "rules:\n  ambiguous-date:\n    order: month-first\n    all_numeric: true\n",
        )
        .unwrap();
        assert_eq!(
            check_with(&config, "On 17/10/2025 and 10/17/2025.\n"),
            [
                "`17/10/2025` is written day first, but the house order is month first @17/10/2025 => October 17, 2025",
                "`10/17/2025` is a date written in numbers @10/17/2025 => October 17, 2025"
            ]
        );
    }
}
