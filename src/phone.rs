//! Phone numbers: finding what looks like one in prose and front matter (without being fooled
//! by dates, times, prices, years, ranges, percentages or ISBNs), and reading and formatting
//! them with libphonenumber's metadata, which is only loaded when a candidate is found.

use std::str::FromStr;
use std::sync::LazyLock;

use phonenumber::{Mode, PhoneNumber, country};
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

impl Style {
    fn mode(self) -> Mode {
        match self {
            Style::National => Mode::National,
            Style::International => Mode::International,
            Style::E164 => Mode::E164,
        }
    }
}

/// A region code such as `GB`, checked against libphonenumber's list.
pub fn region(code: &str) -> Option<country::Id> {
    country::Id::from_str(&code.to_ascii_uppercase()).ok()
}

/// Reads `text` as a number of `region` (or with its own `+` country code).
pub fn parse(text: &str, region: country::Id) -> Option<PhoneNumber> {
    let home: &str = region.as_ref();
    let mut codes: Vec<u16> = metadata::code_of(home).into_iter().collect();
    codes.extend(metadata::code_dialled(text));
    phonenumber::parse_with(metadata::database(&codes), Some(region), text).ok()
}

pub fn is_valid(number: &PhoneNumber) -> bool {
    let database = metadata::database(&[number.code().value()]);
    phonenumber::is_valid_with(database, number)
}

pub fn format(number: &PhoneNumber, style: Style) -> String {
    let database = metadata::database(&[number.code().value()]);
    metadata::format(database, number, style.mode())
}

/// libphonenumber's metadata, loaded for the country codes a run meets rather than for the
/// whole world at once (see `build/phone.rs`).
mod metadata {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};

    use phonenumber::metadata::{DATABASE, Database, loader};
    use phonenumber::{Mode, PhoneNumber};

    include!(concat!(env!("OUT_DIR"), "/territories.rs"));

    static RECORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/territories.bin"));

    /// The databases made so far, by the country codes they hold; each lives for the run.
    static MADE: LazyLock<Mutex<HashMap<Vec<u16>, &'static Database>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));

    /// The country code of a region (`GB` → 44).
    pub fn code_of(region: &str) -> Option<u16> {
        TERRITORIES
            .iter()
            .find(|(id, ..)| *id == region)
            .map(|&(_, code, ..)| code)
    }

    /// The country code that a number written with `+` or `00` starts with, if it is one.
    pub fn code_dialled(text: &str) -> Option<u16> {
        let text = text.trim_start_matches(['(', ' ']);
        let rest = text.strip_prefix('+').or_else(|| text.strip_prefix("00"))?;
        let digits: String = rest
            .chars()
            .filter(|c| !matches!(c, ' ' | '(' | ')' | '-' | '.'))
            .take_while(char::is_ascii_digit)
            .take(3)
            .collect();
        (1..=digits.len())
            .filter_map(|length| digits[..length].parse::<u16>().ok())
            .find(|code| TERRITORIES.iter().any(|&(_, known, ..)| known == *code))
    }

    /// `number` written in `mode`, by libphonenumber's formatting rules (the first format of
    /// the territory whose leading digits and pattern fit the national number).
    ///
    /// The `phonenumber` crate's own formatter does the same, but it loads the whole world's
    /// database whichever database it is given (it evaluates its default eagerly), which
    /// costs ~80 ms on the first number of a run.
    pub fn format(database: &Database, number: &PhoneNumber, mode: Mode) -> String {
        let code = number.code().value();
        let national = number.national().to_string();
        let Some(meta) = database
            .by_code(&code)
            .and_then(|territories| territories.into_iter().next())
        else {
            return format!("+{code}{national}");
        };
        let formats = if meta.international_formats().is_empty() || mode == Mode::National {
            meta.formats()
        } else {
            meta.international_formats()
        };
        let chosen = formats.iter().find(|format| {
            let leading = format.leading_digits();
            leading.last().is_none_or(|regex| {
                regex
                    .find(&national)
                    .is_some_and(|found| found.start() == 0)
                    && format
                        .pattern()
                        .find(&national)
                        .is_some_and(|found| found.start() == 0 && found.end() == national.len())
            })
        });
        let extension = number.extension().map(|extension| {
            let prefix = meta.preferred_extension_prefix().unwrap_or(" ext. ");
            format!("{prefix}{}", &**extension)
        });
        let body = match (mode, chosen) {
            (Mode::E164, _) => return format!("+{code}{national}"),
            (_, None) => national.clone(),
            (Mode::International, Some(format)) => replace(&national, meta, format, None, None),
            (_, Some(format)) => {
                let carrier = number
                    .carrier()
                    .and_then(|carrier| format.domestic_carrier().map(|rule| (carrier, rule)));
                match (carrier, format.national_prefix()) {
                    (Some((carrier, rule)), _) => {
                        replace(&national, meta, format, Some(rule), Some(carrier))
                    }
                    (None, Some(prefix)) => replace(&national, meta, format, Some(prefix), None),
                    (None, None) => replace(&national, meta, format, None, None),
                }
            }
        };
        let lead = if mode == Mode::International {
            format!("+{code} ")
        } else {
            String::new()
        };
        format!("{lead}{body}{}", extension.unwrap_or_default())
    }

    /// The national number through a format's pattern, with the national-prefix (or carrier)
    /// rule applied to its first group when there is one.
    fn replace(
        national: &str,
        meta: &phonenumber::metadata::Metadata,
        format: &phonenumber::metadata::Format,
        rule: Option<&str>,
        carrier: Option<&str>,
    ) -> String {
        static FIRST_GROUP: LazyLock<regex::Regex> =
            LazyLock::new(|| regex::Regex::new(r"(\$\d)").expect("static regex"));
        let template = match rule {
            Some(rule) => {
                let first = FIRST_GROUP
                    .captures(format.format())
                    .and_then(|captures| captures.get(1))
                    .map_or("", |group| group.as_str());
                let rule = rule
                    .replace("$NP", meta.national_prefix().unwrap_or(""))
                    .replace("$FG", &format!("${first}"))
                    .replace("$CC", carrier.unwrap_or(""));
                FIRST_GROUP
                    .replace(format.format(), rule.as_str())
                    .into_owned()
            }
            None => format.format().to_string(),
        };
        format
            .pattern()
            .replace(national, template.as_str())
            .into_owned()
    }

    /// A database with every territory of `codes` (the whole world's when the territories
    /// could not be prepared at build time, or a record does not load).
    pub fn database(codes: &[u16]) -> &'static Database {
        if TERRITORIES.is_empty() {
            return &DATABASE;
        }
        let mut key = codes.to_vec();
        key.sort_unstable();
        key.dedup();
        let Ok(mut made) = MADE.lock() else {
            return &DATABASE;
        };
        if let Some(database) = made.get(&key) {
            return database;
        }
        let records: Option<Vec<loader::Metadata>> = TERRITORIES
            .iter()
            .filter(|(_, code, ..)| key.contains(code))
            .map(|&(_, _, start, end)| postcard::from_bytes(&RECORDS[start..end]).ok())
            .collect();
        let Some(Ok(database)) = records.map(Database::from) else {
            return &DATABASE;
        };
        // A handful per run at most (one per country code met): kept until the process ends.
        let database: &'static Database = Box::leak(Box::new(database));
        made.insert(key, database);
        database
    }
}

/// E.164 form, the one way to compare two numbers.
pub fn e164(number: &PhoneNumber) -> String {
    format(number, Style::E164)
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
    let home: &str = region.as_ref();
    let codes: Vec<u16> = metadata::code_of(home).into_iter().collect();
    metadata::database(&codes);
}

/// Finds the candidates in `text`, whose byte `offset` in the prose or file is `base`.
pub fn candidates(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    for m in CANDIDATE.find_iter(text) {
        let (mut start, mut end) = (m.start(), m.end());
        // Balance brackets: a trailing `)` without an opening one is not part of the number.
        while end > start && bytes[end - 1] == b')' && !text[start..end].contains('(') {
            end -= 1;
        }
        if start < end && bytes[start] == b'(' && !text[start..end].contains(')') {
            start += 1;
        }
        let candidate = &text[start..end];
        let digits = candidate.bytes().filter(u8::is_ascii_digit).count();
        if !(7..=15).contains(&digits) {
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
    use super::*;

    #[test]
    fn the_territories_were_prepared_at_build_time() {
        assert!(
            metadata::code_of("GB") == Some(44),
            "the build script found no metadata"
        );
        assert_eq!(metadata::code_of("US"), Some(1));
        assert_eq!(metadata::code_dialled("+44 20 7946 0000"), Some(44));
        assert_eq!(metadata::code_dialled("(+1) 212 555 0100"), Some(1));
        assert_eq!(metadata::code_dialled("00 353 1 234 5678"), Some(353));
        assert_eq!(metadata::code_dialled("023 8024 8725"), None);
    }

    /// Loaded territory by territory, numbers read, validate and format exactly as with the
    /// whole world's database.
    #[test]
    fn per_territory_metadata_agrees_with_the_whole_database() {
        let whole = |text: &str, region: country::Id| {
            phonenumber::parse(Some(region), text).ok().map(|number| {
                (
                    phonenumber::is_valid(&number),
                    number.format().mode(Mode::National).to_string(),
                    number.format().mode(Mode::International).to_string(),
                    number.format().mode(Mode::E164).to_string(),
                )
            })
        };
        let ours = |text: &str, region: country::Id| {
            parse(text, region).map(|number| {
                (
                    is_valid(&number),
                    format(&number, Style::National),
                    format(&number, Style::International),
                    format(&number, Style::E164),
                )
            })
        };
        for region in ["GB", "US", "IE", "AU"] {
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
            ] {
                assert_eq!(
                    ours(text, region),
                    whole(text, region),
                    "{text} in {region:?}"
                );
            }
        }
    }

    /// Every territory's example numbers (fixed line, mobile, toll free and the rest) read,
    /// validate and format as with the crate's own database: the prepared metadata (whose
    /// patterns are rewritten with ASCII digits at build time) covers the whole world alike.
    #[test]
    fn every_territorys_example_numbers_agree_with_the_whole_database() {
        let mut checked = 0;
        for &(id, ..) in metadata::TERRITORIES {
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
                let whole = phonenumber::parse(Some(region), example).ok();
                let ours = parse(example, region);
                assert_eq!(
                    ours.as_ref()
                        .map(|number| (is_valid(number), format(number, Style::International))),
                    whole.as_ref().map(|number| (
                        phonenumber::is_valid(number),
                        number.format().mode(Mode::International).to_string()
                    )),
                    "{example} in {id}"
                );
                checked += 1;
            }
        }
        assert!(checked > 1000, "only {checked} examples");
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
