//! `reading-time`: the declared reading time matches the prose of the body at the configured
//! reading speed. The fix rewrites the declared value in its own style.

use serde::Deserialize;

use super::{Context, Rule, typed};
use crate::article::Article;
use crate::diagnostic::{Diagnostic, Edit, Fix, Span};
use crate::yaml::Value;

const ID: &str = "reading-time";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    words_per_minute: u32,
    tolerance_minutes: u32,
    field: String,
}

struct ReadingTime {
    options: Options,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    if options.words_per_minute == 0 {
        return Err("`words_per_minute` must be at least 1".into());
    }
    Ok(Box::new(ReadingTime { options }))
}

/// The minutes in a declared reading time written as text ("4 min read", "4 minutes"): up
/// to six digits, a unit (`m`, `min`, `mins`, `minute`, `minutes`, any case) with an optional
/// full stop, and an optional "read", with any white space around.
pub fn parse_minutes(text: &str) -> Option<u64> {
    let rest = text.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=6).contains(&digits) {
        return None;
    }
    let (number, rest) = rest.split_at(digits);
    let rest = rest.trim_start();
    let unit_end = rest
        .find(|c: char| c == '.' || c.is_whitespace())
        .unwrap_or(rest.len());
    let (unit, rest) = rest.split_at(unit_end);
    // Case-insensitive as Unicode simple case folding reads it: the long s is an `s`.
    let unit: String = unit
        .chars()
        .map(|c| {
            if c == '\u{17f}' {
                's'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if !matches!(unit.as_str(), "m" | "min" | "mins" | "minute" | "minutes") {
        return None;
    }
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let trimmed = rest.trim_start();
    let rest = match trimmed.get(..4) {
        Some(word) if trimmed.len() < rest.len() && word.eq_ignore_ascii_case("read") => {
            &trimmed[4..]
        }
        _ => rest,
    };
    if !rest.trim().is_empty() {
        return None;
    }
    number.parse().ok()
}

/// Where the number sits inside a text value, so a fix keeps the rest as written.
fn number_span(source: &str, start: usize) -> Option<Span> {
    let begin = source.find(|c: char| c.is_ascii_digit())?;
    let end = source[begin..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(source.len(), |at| begin + at);
    Some(Span::new(start + begin, start + end))
}

impl Rule for ReadingTime {
    fn check(&self, article: &Article, _: &Context, out: &mut Vec<Diagnostic>) {
        let Some(entry) = article.field(&self.options.field) else {
            return;
        };
        let declared = match &entry.value.value {
            Value::Int(minutes) if *minutes >= 0 => *minutes as u64,
            Value::String(text) => match parse_minutes(text) {
                Some(minutes) => minutes,
                None => return, // `field-type` reports the format
            },
            _ => return,
        };
        let words = article.word_count() as u64;
        let per_minute = u64::from(self.options.words_per_minute);
        let expected = words.div_ceil(per_minute).max(1);
        if declared.abs_diff(expected) <= u64::from(self.options.tolerance_minutes) {
            return;
        }
        let source = article.slice(entry.value.span);
        let mut diagnostic = Diagnostic::new(
            ID,
            entry.value.span,
            format!(
                "declared reading time {declared} min does not match the body: {} words at {per_minute} words a minute is {expected} min",
                thousands(words)
            ),
        )
        .with_label(format!("the body reads in about {expected} min"))
        .with_help(format!(
            "declare {expected} min, or change `words_per_minute` if your readers read faster or slower"
        ));
        if let Some(number) = number_span(source, entry.value.span.start) {
            diagnostic = diagnostic.with_fix(Fix::new(
                format!("declare {expected} min"),
                vec![Edit::replace(number, expected.to_string())],
            ));
        }
        out.push(diagnostic);
    }
}

/// `1212` as `1,212`, the way the message is read.
fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_s_is_an_s() {
        assert_eq!(parse_minutes("5 minute\u{17f}"), Some(5));
        assert_eq!(parse_minutes("5 MIN\u{17f} read"), Some(5));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        /// The hand-written reading is the pattern it replaced, with its number parsed.
        #[test]
        fn minutes_are_read_as_the_pattern_read_them(
            text in "[ \t\u{a0}]{0,2}([0-9]{1,6}|[0-9\u{663}]{0,8})[ ]{0,2}(m|min|mins|minute|minutes|MIN|Mins|minute\u{17f}|mn|x)\\.?([ \t]{1,2}(read|READ|reads|rea))?[ \u{2003}]{0,2}[x.]?"
        ) {
            let pattern = regex::Regex::new(
                r"(?i)^\s*(\d{1,6})\s*(?:m|min|mins|minute|minutes)\.?(?:\s+read)?\s*$",
            )
            .unwrap();
            let expected = pattern.captures(&text).and_then(|parts| parts[1].parse::<u64>().ok());
            proptest::prop_assert_eq!(parse_minutes(&text), expected, "{:?}", text);
        }
    }

    #[test]
    fn declared_forms() {
        assert_eq!(parse_minutes("4 min read"), Some(4));
        assert_eq!(parse_minutes("12 minutes"), Some(12));
        assert_eq!(parse_minutes("5min"), Some(5));
        assert_eq!(parse_minutes("four minutes"), None);
        assert_eq!(parse_minutes(" 7 MINUTES. Read "), Some(7));
        assert_eq!(parse_minutes("3 minread"), None);
        assert_eq!(parse_minutes("1234567 min"), None);
        assert_eq!(thousands(1212), "1,212");
        assert_eq!(thousands(760), "760");
    }

    #[test]
    fn the_fix_keeps_the_style() {
        assert_eq!(number_span("\"4 min read\"", 10), Some(Span::new(11, 12)));
        assert_eq!(number_span("12", 0), Some(Span::new(0, 2)));
    }
}
