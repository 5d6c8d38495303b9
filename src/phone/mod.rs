//! Phone numbers: finding what looks like one in prose and front matter (without being fooled
//! by dates, times, prices, years, ranges, percentages or ISBNs), and reading and formatting
//! them with libphonenumber's metadata, which is only loaded when a candidate is found.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{LazyLock, Mutex};

use phonenumber::country;
use phonenumber::metadata::{DATABASE, Database};
use serde::Deserialize;

use crate::article::Article;
use crate::diagnostic::Span;
use crate::yaml::{Node, Value};

/// A run of text that may be a phone number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneMention {
    /// The source span of the number as written.
    pub span: Span,
    /// The number as written.
    pub text: String,
    /// The front-matter field it is the value of, if any.
    pub field: Option<String>,
}

impl PhoneMention {
    /// Digits only, with a leading `+` kept.
    pub fn digits(&self) -> usize {
        self.text.chars().filter(char::is_ascii_digit).count()
    }

    /// Starts like a dialled number (`0…` or `+…`) and is long enough to be one, so that an
    /// invalid one is worth reporting rather than being some other figure.
    pub fn looks_dialled(&self) -> bool {
        let first = self.text.trim_start_matches('(').chars().next();
        matches!(first, Some('0') | Some('+')) && (9..=15).contains(&self.digits())
    }
}

/// How the house writes numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    National,
    International,
    E164,
}

mod number;
mod territory;

// Reading (a number of a region, or with its own `+` country code), validating, and writing
// numbers in a house style.
pub use number::{Number, format, is_valid, parse};

/// A region code such as `GB`, checked against libphonenumber's list.
pub fn region(code: &str) -> Option<country::Id> {
    country::Id::from_str(&code.to_ascii_uppercase()).ok()
}

/// E.164 form, the one way to compare two numbers.
pub fn e164(number: &Number) -> String {
    format(number, Style::E164)
}

/// Every country code that the digits of `text` have at some position: the crate finds a
/// number's country code in its digits (after a `+`, an international prefix, or in a
/// `tel:` URI's context), and a database with all of these reads `text` as the whole
/// world's does.
fn codes_in(text: &str) -> Vec<u16> {
    let digits: Vec<u16> = text
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|digit| u16::from(digit - b'0'))
        .collect();
    let mut codes: Vec<u16> = (0..digits.len())
        .filter_map(|start| {
            let mut code = 0;
            digits[start..].iter().take(3).find_map(|&digit| {
                code = code * 10 + digit;
                territory::is_code(code).then_some(code)
            })
        })
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The `phonenumber` crate's database of the territories of `codes`, for the numbers it
/// reads itself (see [`number`]); each lives for the run.
fn database(codes: &[u16]) -> &'static Database {
    static MADE: LazyLock<Mutex<HashMap<Vec<u16>, &'static Database>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut key = codes.to_vec();
    key.sort_unstable();
    key.dedup();
    let Ok(mut made) = MADE.lock() else {
        return &DATABASE;
    };
    if let Some(database) = made.get(&key) {
        return database;
    }
    let Some(Ok(database)) = territory::records(&key).map(Database::from) else {
        return &DATABASE;
    };
    // A handful per run at most (one per set of country codes met): kept until the process
    // ends.
    let database: &'static Database = Box::leak(Box::new(database));
    made.insert(key, database);
    database
}

/// Digit groups joined by single spaces, hyphens, dots or brackets; a leading `+` allowed.
pub(crate) const CANDIDATE_PATTERN: &str = r"\+?\(?\d[\d)]*(?:(?:[ .\-]|\)\s?|\s?\()\d[\d)]*)*";
pub(crate) const DATE_LIKE_PATTERN: &str =
    r"^(?:\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{2,4}|\d{4}\s?-\s?\d{4})$";
pub(crate) const DECIMAL_PATTERN: &str = r"^\d+\.\d+$";

static CANDIDATE: LazyLock<crate::rules::Regex> =
    LazyLock::new(|| crate::rules::fixed(CANDIDATE_PATTERN));
static DATE_LIKE: LazyLock<crate::rules::Regex> =
    LazyLock::new(|| crate::rules::fixed(DATE_LIKE_PATTERN));
static DECIMAL: LazyLock<crate::rules::Regex> =
    LazyLock::new(|| crate::rules::fixed(DECIMAL_PATTERN));

/// Prepares what reading numbers of `region` needs (the patterns that find candidates, and
/// the region's metadata), for a worker to do before the first article asks.
pub fn warm(region: country::Id) {
    LazyLock::force(&CANDIDATE);
    LazyLock::force(&DATE_LIKE);
    LazyLock::force(&DECIMAL);
    if let Some(home) = territory::by_id(region.as_ref()) {
        home.warm();
    }
}

/// The fewest ASCII digits a candidate has.
const FEWEST_DIGITS: usize = 7;

/// Finds the candidates in `text`, whose byte `offset` in the prose or file is `base`.
pub fn candidates(text: &str) -> Vec<(usize, usize)> {
    // Most pages of a docs site have fewer digits than one number needs: they are ruled out
    // without the pattern.
    if !crate::article::words::has_ascii_digits(text, FEWEST_DIGITS) {
        return Vec::new();
    }
    scan(text)
}

/// [`candidates`] without counting the digits of the whole text first.
fn scan(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    // A candidate holds no blank line (at most one white space in a row), so the pattern
    // searches only the paragraphs with enough digits for one: in a docs page with version
    // numbers and dates, a few of them.
    let mut from = 0;
    let ends = memchr::memmem::find_iter(bytes, b"\n\n").chain([text.len()]);
    let paragraphs = ends.map(|end| {
        let paragraph = from..end;
        from = (end + 2).min(text.len());
        paragraph
    });
    let matches = paragraphs
        .filter(|paragraph| {
            crate::article::words::has_ascii_digits(&text[paragraph.clone()], FEWEST_DIGITS)
        })
        .flat_map(|paragraph| {
            CANDIDATE
                .find_iter(&text[paragraph.clone()])
                .map(move |m| (paragraph.start + m.start(), paragraph.start + m.end()))
        });
    accept(text, matches)
}

/// The matches of the candidate pattern in `text` that are phone-number candidates: brackets
/// balanced, 7 to 15 digits, not glued to a word, not a date, a decimal, an ISBN or a DOI.
fn accept(text: &str, matches: impl Iterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (mut start, mut end) in matches {
        // Balance brackets: a trailing `)` without an opening one is not part of the number.
        while end > start && bytes[end - 1] == b')' && !text[start..end].contains('(') {
            end -= 1;
        }
        if start < end && bytes[start] == b'(' && !text[start..end].contains(')') {
            start += 1;
        }
        let candidate = &text[start..end];
        let digits = candidate.bytes().filter(u8::is_ascii_digit).count();
        if !(FEWEST_DIGITS..=15).contains(&digits) {
            continue;
        }
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let glued_before = before.is_some_and(|c| {
            c.is_alphanumeric()
                || matches!(c, '£' | '$' | '€' | '#' | '/' | '.' | ',' | ':' | '-' | '_')
        });
        let glued_after = after
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '%' | '/' | ',' | ':' | '_' | '-'))
            || (after == Some('.') && text[end + 1..].starts_with(|c: char| c.is_ascii_digit()));
        if glued_before || glued_after {
            continue;
        }
        if DATE_LIKE.is_match(candidate) || DECIMAL.is_match(candidate) {
            continue;
        }
        let lead = text[..start].trim_end();
        // The last dozen bytes or so, from a character boundary.
        let mut lead_from = lead.len().saturating_sub(12);
        while !lead.is_char_boundary(lead_from) {
            lead_from -= 1;
        }
        let lead_word = &lead[lead_from..];
        if lead_word.to_ascii_uppercase().contains("ISBN")
            || lead_word.to_ascii_uppercase().contains("ISSN")
            || lead_word.to_ascii_uppercase().contains("DOI")
        {
            continue;
        }
        found.push((start, end));
    }
    found
}

/// Every mention in the article: in its prose, then in its front-matter string values.
pub fn mentions(article: &Article) -> Vec<PhoneMention> {
    let mut mentions = Vec::new();
    let prose = &article.body.prose.text;
    for (start, end) in candidates(prose) {
        let span = article.prose_span(start..end);
        mentions.push(PhoneMention {
            span,
            text: article.slice(span).to_string(),
            field: None,
        });
    }
    if let Some(fields) = article.fields() {
        for entry in fields {
            collect_in_value(article, &entry.key, &entry.value, &mut mentions);
        }
    }
    mentions.sort_by_key(|mention| mention.span.start);
    mentions
}

fn collect_in_value(article: &Article, key: &str, node: &Node, out: &mut Vec<PhoneMention>) {
    match &node.value {
        Value::String(_) => {
            let source = article.slice(node.span);
            let (inner_start, inner) = unquote(source);
            for (start, end) in candidates(inner) {
                let at = node.span.start + inner_start;
                out.push(PhoneMention {
                    span: Span::new(at + start, at + end),
                    text: inner[start..end].to_string(),
                    field: Some(key.to_string()),
                });
            }
        }
        Value::List(items) => items
            .iter()
            .for_each(|item| collect_in_value(article, key, item, out)),
        _ => {}
    }
}

/// The text inside YAML quotes, and where it starts.
pub fn unquote(source: &str) -> (usize, &str) {
    let quoted = source.len() >= 2
        && ((source.starts_with('"') && source.ends_with('"'))
            || (source.starts_with('\'') && source.ends_with('\'')));
    if quoted {
        (1, &source[1..source.len() - 1])
    } else {
        (0, source)
    }
}

#[cfg(test)]
mod tests {
    use phonenumber::Mode;

    use super::*;

    #[test]
    fn the_territories_were_prepared_at_build_time() {
        assert!(
            territory::code_of("GB") == Some(44),
            "the build script found no metadata"
        );
        assert_eq!(territory::code_of("US"), Some(1));
        // Each digit may start a code: 44, 420 (from its second 4) and 20.
        assert_eq!(codes_in("+44 20"), [20, 44, 420]);
        assert_eq!(codes_in("(+1) 2"), [1]);
        assert!(codes_in("00 353 1").contains(&353));
        assert!(codes_in("tel:020;phone-context=+44").contains(&44));
        assert!(codes_in("no digits").is_empty());
    }

    /// What the `phonenumber` crate, with the whole world's database, makes of `text`: the
    /// number as read, whether it is valid, and it in each style.
    fn reference(text: &str, region: country::Id) -> Option<(Number, bool, [String; 3])> {
        let number = phonenumber::parse(Some(region), text).ok()?;
        Some((
            Number {
                code: number.code().value(),
                national: number.national().to_string(),
                extension: number.extension().map(|extension| extension.to_string()),
                carrier: number.carrier().map(|carrier| carrier.to_string()),
            },
            phonenumber::is_valid(&number),
            [Mode::National, Mode::International, Mode::E164]
                .map(|mode| number.format().mode(mode).to_string()),
        ))
    }

    /// The same, read and formatted here over the per-territory metadata.
    fn ours(text: &str, region: country::Id) -> Option<(Number, bool, [String; 3])> {
        let number = parse(text, region)?;
        let valid = is_valid(&number);
        let styles = [Style::National, Style::International, Style::E164]
            .map(|style| format(&number, style));
        Some((number, valid, styles))
    }

    /// Numbers written in many ways read, validate and format exactly as the crate does them
    /// with the whole world's database.
    #[test]
    fn numbers_read_as_the_crate_reads_them() {
        for region in [
            "GB", "US", "IE", "AU", "DE", "IT", "BR", "AR", "MX", "JE", "CO", "KR",
        ] {
            let region = super::region(region).unwrap();
            for text in [
                "023 8024 8725",
                "02380 248725",
                "+44 23 8024 8725",
                "0044 23 8024 8725",
                "0800 123 4567",
                "111",
                "999",
                "07700 900123",
                "+1 212 555 0100",
                "(212) 555-0100",
                "+353 1 234 5678",
                "+61 2 9876 5432",
                "+33 1 23 45 67 89",
                "+49 30 123456",
                "+999 123",
                "020 7946 0000 ext. 123",
                "+44 20 7946 0000 x 45",
                "01632 960 001",
                "0300 123 1234",
                "+49 30 12345678",
                "+81 3-1234-5678",
                "+55 11 91234 5678",
                "12345",
                "not a number",
                "+44-20-7946-0000",
                "+4420-7946-0000",
                "+44.20.7946.0000",
                "(020) 7946-0000",
                "(12",
                "020-7946-0000)",
                "++44 20 7946 0000",
                "+0044 20 7946 0000",
                "0044 020 7946 0000",
                "44 20 7946 0000",
                "+39 06 1234 5678",
                "06 1234 5678",
                "+54 9 11 1234-5678",
                "011 15-1234-5678",
                "+52 1 55 1234 5678",
                "+57 601 234 5678",
                "+82 2 123 4567",
                "tel:+44-20-7946-0000",
                "+44\t(0)20 7946 0000",
                "00",
                "0",
                "+",
            ] {
                assert_eq!(
                    ours(text, region),
                    reference(text, region),
                    "{text} in {region:?}"
                );
            }
        }
    }

    /// Every territory's example numbers (fixed line, mobile, toll free and the rest), as
    /// given and as the crate writes them in each style, read, validate and format as the
    /// crate does them: the prepared metadata (whose patterns are rewritten with ASCII digits
    /// at build time) covers the whole world alike.
    #[test]
    fn every_territorys_example_numbers_agree_with_the_whole_database() {
        let mut checked = 0;
        for &(id, ..) in territory::TERRITORIES {
            let (Some(region), Some(meta)) =
                (super::region(id), phonenumber::metadata::DATABASE.by_id(id))
            else {
                continue;
            };
            let descriptors = meta.descriptors();
            let examples = [
                descriptors.fixed_line(),
                descriptors.mobile(),
                descriptors.toll_free(),
                descriptors.premium_rate(),
                descriptors.shared_cost(),
                descriptors.personal_number(),
                descriptors.voip(),
                descriptors.pager(),
                descriptors.uan(),
                descriptors.voicemail(),
            ];
            for example in examples.into_iter().flatten().filter_map(|d| d.example()) {
                let mut texts = vec![example.to_string()];
                if let Some((_, _, styles)) = reference(example, region) {
                    texts.extend(styles);
                }
                for text in &texts {
                    assert_eq!(
                        ours(text, region),
                        reference(text, region),
                        "{text} in {id}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 4000, "only {checked} numbers");
    }

    /// Every pattern of every territory compiles (a pattern that did not would never match).
    #[test]
    fn every_pattern_of_the_metadata_compiles() {
        let mut codes: Vec<u16> = territory::TERRITORIES
            .iter()
            .map(|&(_, code, ..)| code)
            .collect();
        codes.dedup();
        let mut compiled = 0;
        for code in codes {
            for territory in territory::of_code(code) {
                compiled += territory.compile_all();
            }
        }
        assert!(compiled > 5000, "only {compiled} patterns");
    }

    proptest::proptest! {
        /// Any text of digits, spaces, hyphens, dots, brackets and `+`: read as the crate
        /// reads it, step by step.
        #[test]
        fn plain_text_reads_as_the_crate_reads_it(
            text in "(\\+|00|\\(|0)?[0-9 ().+-]{0,18}",
            region in proptest::sample::select(vec!["GB", "US", "IT", "AR", "BR", "MX", "JE", "DE", "CO", "AU"]),
        ) {
            let region = super::region(region).unwrap();
            proptest::prop_assert_eq!(ours(&text, region), reference(&text, region), "{}", text);
        }

        /// Counting the digits first rules out only texts the pattern finds nothing in.
        #[test]
        fn the_digit_count_rules_out_nothing_the_pattern_finds(
            text in "([0-9]{1,4}|[ .()+-]|[a-z]{1,5}|\n|\u{e9}){0,300}",
        ) {
            proptest::prop_assert_eq!(candidates(&text), scan(&text));
        }

        /// Searching paragraph by paragraph finds what searching the whole text finds.
        #[test]
        fn paragraphs_apart_find_what_the_whole_text_does(
            text in "([0-9]{1,4}|[ .()+-]|[a-z]{1,3}|\n|\n\n|\n\n\n|\u{e9}|\u{a0}){0,200}",
        ) {
            let whole = super::CANDIDATE
                .find_iter(&text)
                .map(|found| (found.start(), found.end()));
            proptest::prop_assert_eq!(scan(&text), super::accept(&text, whole));
        }

        /// Numbers that look like a region's own, with a national prefix or country code.
        #[test]
        fn dialled_numbers_read_as_the_crate_reads_them(
            lead in proptest::sample::select(vec!["", "0", "+44 ", "0044 ", "+1 ", "+39 ", "+54 9 ", "(0", "+44 (0)", "00 "]),
            digits in "[1-9][0-9]{5,11}",
            separator in proptest::sample::select(vec![" ", "-", ".", ""]),
            region in proptest::sample::select(vec!["GB", "US", "IT", "AR", "IM", "GG"]),
        ) {
            let (head, tail) = digits.split_at(3);
            let text = format!("{lead}{head}{separator}{tail}");
            let region = super::region(region).unwrap();
            proptest::prop_assert_eq!(ours(&text, region), reference(&text, region), "{}", text);
        }
    }

    fn found(text: &str) -> Vec<&str> {
        candidates(text)
            .into_iter()
            .map(|(start, end)| &text[start..end])
            .collect()
    }

    #[test]
    fn finds_numbers_in_their_usual_shapes() {
        assert_eq!(found("Call 023 8024 8725 today."), ["023 8024 8725"]);
        assert_eq!(found("Help line: 02380 248725"), ["02380 248725"]);
        assert_eq!(found("Ring +44 23 8024 8725."), ["+44 23 8024 8725"]);
        assert_eq!(found("Ring (023) 8024 8725"), ["(023) 8024 8725"]);
        assert_eq!(found("or 0300-123-4567"), ["0300-123-4567"]);
        assert_eq!(found("Fax 020.7946.0000."), ["020.7946.0000"]);
        assert_eq!(
            found("Tel.\u{a0}+44\t(0)20 7946 0000"),
            ["+44\t(0)20 7946 0000"]
        );
    }

    #[test]
    fn false_friends_are_not_numbers() {
        for text in [
            "Published 10/17/2025 and 2025-10-17.",
            "Open 09:30–17:00, 09:30-17:00.",
            "It costs £1,250.00 or $1250000.",
            "Since 1998, and from 1998-2005.",
            "Do 10-12 reps, 3 sets.",
            "About 85% of 1,000,000 people.",
            "ISBN 978-0-19-852663-6 and ISBN: 9780198526636",
            "Pi is 3.14159265 roughly.",
            "Call 999, 111 or 116 123.",
            "Registration HCPC PH123456.",
            "doi:10.1093/ageing/afx123",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn formats_in_the_house_style() {
        let gb = region("GB").unwrap();
        let number = parse("02380 248725", gb).unwrap();
        assert!(is_valid(&number));
        assert_eq!(format(&number, Style::National), "023 8024 8725");
        assert_eq!(format(&number, Style::E164), "+442380248725");
        assert_eq!(format(&number, Style::International), "+44 23 8024 8725");
        // The emergency number is a short code, which libphonenumber does not call a valid
        // number: `help-line` reports it if it is given as the help line.
        let short = parse("999", gb).unwrap();
        assert!(!is_valid(&short));
    }
}
