//! Reading, validating and formatting numbers over the per-territory metadata.
//!
//! The `phonenumber` crate does the same, but its `Database` compiles every pattern of a
//! territory when it is made (1.9 ms for the four territories of +44) and its parser and
//! validator compile patterns of their own at first use: together most of the time a run
//! with one phone number took. Here a pattern is compiled when it is first needed.
//!
//! The crate stays the reference: numbers written the way prose writes them (digits, with
//! spaces, hyphens, dots and brackets, and a leading `+`) are read here step by step as the
//! crate reads them, quirks included, and unit tests compare the two on every territory's
//! example numbers and on arbitrary strings of those characters. Anything else (an
//! extension, letters, a `tel:` URI) is read by the crate itself.

use phonenumber::country;

use super::Style;
use super::territory::{self, Format, Length, Territory};

/// A phone number as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    pub code: u16,
    /// The national significant number, leading zeros kept (an Italian fixed line's `0`).
    pub national: String,
    pub extension: Option<String>,
    /// The carrier code the national prefix carried, where a territory has them.
    pub carrier: Option<String>,
}

/// Longest and shortest national significant numbers.
const SHORTEST: usize = 2;
const LONGEST: usize = 17;

/// How the crate saw the country code.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    /// A leading `+`.
    Plus,
    /// The region's international prefix (`00`).
    Idd,
    /// The region's own.
    Default,
}

/// Reads `text` as a number of `region` (or with its own country code).
pub fn parse(text: &str, region: country::Id) -> Option<Number> {
    let home = territory::by_id(region.as_ref())?;
    if is_plain(text) {
        read_plain(text, home)
    } else {
        read_with_the_crate(text, region, home.code)
    }
}

/// Written with digits, spaces, hyphens, dots, brackets and `+` only.
fn is_plain(text: &str) -> bool {
    text.bytes().all(|byte| {
        byte.is_ascii_digit() || matches!(byte, b'+' | b'-' | b'.' | b'(' | b')' | b' ')
    })
}

/// The crate's reading of anything that is not plain.
fn read_with_the_crate(text: &str, region: country::Id, home: u16) -> Option<Number> {
    let mut codes = super::codes_in(text);
    codes.push(home);
    let number = phonenumber::parse_with(super::database(&codes), Some(region), text).ok()?;
    Some(Number {
        code: number.code().value(),
        national: number.national().to_string(),
        extension: number.extension().map(|extension| extension.to_string()),
        carrier: number.carrier().map(|carrier| carrier.to_string()),
    })
}

/// The crate's parse of a plain text, step by step.
fn read_plain(text: &str, home: &Territory) -> Option<Number> {
    // The crate tries a `tel:` number (RFC 3966) first, which has no spaces, then a number
    // in prose: from the first `+` or digit to the last digit.
    let rfc = if text.contains(' ') {
        None
    } else {
        rfc3966(text)
    };
    let (written, written_code) = match rfc {
        Some(found) => found,
        None => (natural(text)?, None),
    };
    if !is_viable(written) {
        return None;
    }
    let (mut national, code) = country_code(written, written_code, home)?;
    let mut carrier = None;
    // The national prefix and carrier code, read by the home territory's rules (as the crate
    // does, whatever the country code), then the national prefix once more; kept unless
    // that leaves too few digits.
    let (mut potential, potential_carrier) = national_number(home, &national);
    if let Some(prefix) = home.national_prefix.as_deref()
        && potential.starts_with(prefix)
    {
        potential.drain(..prefix.len());
    }
    if home.length(&potential) != Length::TooShort {
        national = potential;
        carrier = potential_carrier;
    }
    if !(SHORTEST..=LONGEST).contains(&national.len()) {
        return None;
    }
    // The crate keeps the national number as leading zeros and a value below 2^56.
    let value = national.trim_start_matches('0');
    if value.parse::<u64>().ok()? >= 1 << 56 {
        return None;
    }
    Some(Number {
        code,
        national,
        extension: None,
        carrier,
    })
}

/// A `tel:`-style number: an optional `+` and country code up to the first separator, then
/// digits and separators to the end.
fn rfc3966(text: &str) -> Option<(&str, Option<&str>)> {
    let separator = |byte: u8| matches!(byte, b'-' | b'.' | b'(' | b')');
    let mut rest = text;
    let mut code = None;
    if let Some(after) = text.strip_prefix('+') {
        let length = after.bytes().position(separator).unwrap_or(after.len());
        if length > 0 {
            code = Some(&after[..length]);
            rest = &after[length..];
        }
    }
    let all_number = rest
        .bytes()
        .all(|byte| byte.is_ascii_digit() || separator(byte));
    (!rest.is_empty() && all_number).then_some((rest, code))
}

/// A number in prose: from the first `+` or digit to the last digit.
fn natural(text: &str) -> Option<&str> {
    let start = text.find(|c: char| c == '+' || c.is_ascii_digit())?;
    let rest = &text[start..];
    let end = rest.rfind(|c: char| c.is_ascii_digit())? + 1;
    Some(&rest[..end])
}

/// Two digits, or any `+`s then at least three digits among spaces, hyphens, dots and
/// brackets.
fn is_viable(written: &str) -> bool {
    let bytes = written.as_bytes();
    if bytes.len() < SHORTEST {
        return false;
    }
    if bytes.len() == 2 && bytes.iter().all(u8::is_ascii_digit) {
        return true;
    }
    let body = written.trim_start_matches('+');
    body.bytes()
        .all(|byte| byte.is_ascii_digit() || matches!(byte, b'-' | b'.' | b'(' | b')' | b' '))
        && body.bytes().filter(u8::is_ascii_digit).count() >= 3
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// The country code, and the national number that follows it.
fn country_code(
    written: &str,
    written_code: Option<&str>,
    home: &Territory,
) -> Option<(String, u16)> {
    let idd = home.international_prefix.as_ref();
    let (mut source, mut national, look_for_idd) = match written_code {
        Some(_) => (Source::Plus, digits(written), false),
        None => {
            let after_plus = written.trim_start_matches('+');
            if after_plus.len() < written.len() {
                let national = digits(after_plus);
                let idd_first = idd.and_then(|idd| idd.at_start(&national)).is_some();
                (Source::Plus, national, idd_first)
            } else {
                (Source::Default, digits(written), true)
            }
        }
    };
    if look_for_idd
        && let Some(end) = idd.and_then(|idd| idd.at_start(&national))
        && !national[end..].starts_with('0')
    {
        if source != Source::Plus {
            source = Source::Idd;
        }
        national.drain(..end);
    }
    match source {
        Source::Plus | Source::Idd => {
            if national.len() <= SHORTEST {
                return None;
            }
            if let Some(code) = written_code {
                let code: u16 = digits(code).parse().ok()?;
                return territory::is_code(code).then_some((national, code));
            }
            if national.starts_with('0') {
                return None;
            }
            let length = (1..=3).find(|&length| {
                national[..length]
                    .parse::<u16>()
                    .is_ok_and(territory::is_code)
            })?;
            let code = national[..length].parse().ok()?;
            national.drain(..length);
            Some((national, code))
        }
        Source::Default => {
            let code = home.code.to_string();
            if national.starts_with(&code)
                && (!home.general.is_match(&national) || !home.length(&national).is_possible())
            {
                national.drain(..code.len());
            }
            Some((national, home.code))
        }
    }
}

/// The national number with the territory's national prefix (and any carrier code) taken
/// off, and the carrier code.
fn national_number(home: &Territory, national: &str) -> (String, Option<String>) {
    let unchanged = || (national.to_string(), None);
    let Some(parsing) = home.national_prefix_for_parsing.as_ref() else {
        let stripped = home
            .national_prefix
            .as_deref()
            .and_then(|prefix| national.strip_prefix(prefix))
            .unwrap_or(national);
        return (stripped.to_string(), None);
    };
    let Some(regex) = parsing.regex() else {
        return unchanged();
    };
    let Some(captures) = regex.captures(national) else {
        return unchanged();
    };
    let Some(whole) = captures.get(0).filter(|whole| whole.start() == 0) else {
        return unchanged();
    };
    let group = |index: usize| captures.get(index).map(|found| found.as_str().to_string());
    let first = group(1);
    let last = group(captures.len() - 1);
    match (&home.national_prefix_transform_rule, last) {
        (Some(rule), Some(_)) => {
            let viable = home.general.is_match(national);
            let transformed = regex.replace(national, rule.as_str()).into_owned();
            if viable && !home.general.is_match(&transformed) {
                return unchanged();
            }
            (transformed, Some(first.unwrap_or_default()))
        }
        (_, last) => (national[whole.end()..].to_string(), last),
    }
}

/// Whether a number is valid: its territory (the one of its country code whose leading
/// digits it has, or whose numbers it fits) has numbers like it.
pub fn is_valid(number: &Number) -> bool {
    let national = number.national.as_str();
    let territories = territory::of_code(number.code);
    let found = match territories {
        [] => None,
        [only] => Some(only).filter(|only| only.id == "001" || super::region(&only.id).is_some()),
        _ => territories
            .iter()
            .find(|territory| match &territory.leading_digits {
                Some(leading) => leading.at_start(national).is_some(),
                None => territory.is_valid(national),
            }),
    };
    found.is_some_and(|territory| territory.is_valid(national))
}

/// `number` written in `style`, by libphonenumber's formatting rules (the first format of
/// the territory whose leading digits and pattern fit the national number).
pub fn format(number: &Number, style: Style) -> String {
    let code = number.code;
    let national = number.national.as_str();
    let Some(meta) = territory::of_code(code).first() else {
        return format!("+{code}{national}");
    };
    let formats = if meta.international_formats.is_empty() || style == Style::National {
        &meta.formats
    } else {
        &meta.international_formats
    };
    let chosen = formats.iter().find(|format| {
        format.leading_digits.last().is_none_or(|leading| {
            leading.at_start(national).is_some()
                && format
                    .pattern
                    .regex()
                    .and_then(|pattern| pattern.find(national))
                    .is_some_and(|found| found.start() == 0 && found.end() == national.len())
        })
    });
    let extension = number.extension.as_ref().map(|extension| {
        let prefix = meta
            .preferred_extension_prefix
            .as_deref()
            .unwrap_or(" ext. ");
        format!("{prefix}{extension}")
    });
    let body = match (style, chosen) {
        (Style::E164, _) => return format!("+{code}{national}"),
        (_, None) => national.to_string(),
        (Style::International, Some(format)) => replace(national, meta, format, None, None),
        (_, Some(format)) => {
            let carrier = number.carrier.as_deref().and_then(|carrier| {
                format
                    .domestic_carrier
                    .as_deref()
                    .map(|rule| (carrier, rule))
            });
            match (carrier, format.national_prefix_rule.as_deref()) {
                (Some((carrier, rule)), _) => {
                    replace(national, meta, format, Some(rule), Some(carrier))
                }
                (None, Some(prefix)) => replace(national, meta, format, Some(prefix), None),
                (None, None) => replace(national, meta, format, None, None),
            }
        }
    };
    let lead = if style == Style::International {
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
    meta: &Territory,
    format: &Format,
    rule: Option<&str>,
    carrier: Option<&str>,
) -> String {
    let template = match (rule, first_group(&format.format)) {
        (Some(rule), Some(first)) => {
            let group = format!("${first}");
            let rule = rule
                .replace("$NP", meta.national_prefix.as_deref().unwrap_or(""))
                .replace("$FG", &group)
                .replace("$CC", carrier.unwrap_or(""));
            format.format.replacen(&group, &rule, 1)
        }
        _ => format.format.clone(),
    };
    match format.pattern.regex() {
        Some(pattern) => pattern.replace(national, template.as_str()).into_owned(),
        None => national.to_string(),
    }
}

/// The digit of the first `$n` of a format (`$1 $2` → `1`).
fn first_group(format: &str) -> Option<&str> {
    let at = format
        .as_bytes()
        .windows(2)
        .position(|pair| pair[0] == b'$' && pair[1].is_ascii_digit())?;
    Some(&format[at + 1..at + 2])
}
