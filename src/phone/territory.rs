//! libphonenumber's metadata, territory by territory, as `build/phone.rs` prepared it: a
//! territory's record is decoded when its country code is first met, and each of its
//! patterns is compiled when first used.
//!
//! The patterns are compiled with `regex-lite`. They are small (digits, classes, groups and
//! counted repeats) and match numbers of at most 17 digits, so matching speed is of no
//! account; what a run pays is compiling them, which `regex-lite` does about nine times
//! faster than `regex` (0.11 against 0.96 ms for Great Britain's number patterns).

use std::sync::OnceLock;

use phonenumber::metadata::loader;

include!(concat!(env!("OUT_DIR"), "/territories.rs"));

static RECORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/territories.bin"));

/// The territories of each country code, decoded when the code is first met.
static BY_CODE: [OnceLock<Vec<Territory>>; 1000] = [const { OnceLock::new() }; 1000];

/// A pattern of the metadata, compiled when first used, as libphonenumber's patterns are
/// read: unanchored, with white space ignored.
pub(super) struct Pattern {
    source: String,
    compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl Pattern {
    fn new(source: String) -> Pattern {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled pattern; `None` if it does not compile (a unit test compiles them all).
    pub fn regex(&self) -> Option<&regex_lite::Regex> {
        self.compiled
            .get_or_init(|| {
                regex_lite::RegexBuilder::new(&self.source)
                    .ignore_whitespace(true)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Where the first match ends, when it starts at the beginning of `text`.
    pub fn at_start(&self, text: &str) -> Option<usize> {
        self.regex()?
            .find(text)
            .filter(|found| found.start() == 0)
            .map(|found| found.end())
    }
}

/// The numbers of one kind (fixed line, mobile, …) or of the whole territory.
pub(super) struct Descriptor {
    pattern: Pattern,
    /// Sorted; empty when the metadata gives none.
    pub possible: Vec<u16>,
    pub possible_local: Vec<u16>,
}

impl Descriptor {
    fn new(descriptor: loader::Descriptor) -> Option<Descriptor> {
        Some(Descriptor {
            pattern: Pattern::new(descriptor.national_number?),
            possible: descriptor.possible_length,
            possible_local: descriptor.possible_local_length,
        })
    }

    /// Whether a national number is of this kind: a possible length (when lengths are
    /// given), and the pattern matching from its first digit.
    pub fn is_match(&self, national: &str) -> bool {
        let length = u16::try_from(national.len()).unwrap_or(u16::MAX);
        (self.possible.is_empty() || self.possible.contains(&length))
            && self.pattern.at_start(national).is_some()
    }
}

/// One way to lay out numbers whose leading digits fit.
pub(super) struct Format {
    pub pattern: Pattern,
    pub format: String,
    pub leading_digits: Vec<Pattern>,
    pub national_prefix_rule: Option<String>,
    pub domestic_carrier: Option<String>,
}

impl Format {
    fn new(format: loader::Format) -> Option<Format> {
        Some(Format {
            pattern: Pattern::new(format.pattern?),
            format: format.format?,
            leading_digits: format
                .leading_digits
                .into_iter()
                .map(Pattern::new)
                .collect(),
            national_prefix_rule: format.national_prefix_formatting_rule,
            domestic_carrier: format.domestic_carrier,
        })
    }
}

/// One territory's metadata.
pub(super) struct Territory {
    pub id: String,
    pub code: u16,
    pub general: Descriptor,
    /// The kinds of number that make a number valid: premium rate, toll free, shared cost,
    /// VoIP, personal, pager, UAN, voicemail, fixed line, mobile.
    pub kinds: Vec<Descriptor>,
    pub international_prefix: Option<Pattern>,
    pub national_prefix: Option<String>,
    pub national_prefix_for_parsing: Option<Pattern>,
    pub national_prefix_transform_rule: Option<String>,
    pub preferred_extension_prefix: Option<String>,
    pub formats: Vec<Format>,
    pub international_formats: Vec<Format>,
    /// For a country code shared by several territories: the leading digits of this one's.
    pub leading_digits: Option<Pattern>,
}

impl Territory {
    /// `None` for a record without what every territory has (the crate's database refuses
    /// those too).
    fn new(record: loader::Metadata) -> Option<(Territory, bool)> {
        let kinds = [
            record.premium_rate,
            record.toll_free,
            record.shared_cost,
            record.voip,
            record.personal_number,
            record.pager,
            record.uan,
            record.voicemail,
            record.fixed_line,
            record.mobile,
        ];
        let territory = Territory {
            id: record.id?,
            code: record.country_code?,
            general: Descriptor::new(record.general?)?,
            kinds: kinds
                .into_iter()
                .flatten()
                .map(Descriptor::new)
                .collect::<Option<_>>()?,
            international_prefix: record.international_prefix.map(Pattern::new),
            national_prefix: record.national_prefix,
            national_prefix_for_parsing: record.national_prefix_for_parsing.map(Pattern::new),
            national_prefix_transform_rule: record.national_prefix_transform_rule,
            preferred_extension_prefix: record.preferred_extension_prefix,
            formats: record
                .formats
                .into_iter()
                .map(Format::new)
                .collect::<Option<_>>()?,
            international_formats: record
                .international_formats
                .into_iter()
                .map(Format::new)
                .collect::<Option<_>>()?,
            leading_digits: record.leading_digits.map(Pattern::new),
        };
        Some((territory, record.main_country_for_code))
    }

    /// Compiles the patterns that reading and validating any number of the territory uses.
    pub fn warm(&self) {
        let patterns = [
            &self.international_prefix,
            &self.national_prefix_for_parsing,
        ];
        for pattern in patterns.into_iter().flatten() {
            pattern.regex();
        }
        self.general.pattern.regex();
        for kind in &self.kinds {
            kind.pattern.regex();
        }
    }

    /// Compiles every pattern of the territory, and says how many there are.
    #[cfg(test)]
    pub fn compile_all(&self) -> usize {
        let formats = self.formats.iter().chain(&self.international_formats);
        let patterns: Vec<&Pattern> = [
            &self.international_prefix,
            &self.national_prefix_for_parsing,
            &self.leading_digits,
        ]
        .into_iter()
        .flatten()
        .chain([&self.general.pattern])
        .chain(self.kinds.iter().map(|kind| &kind.pattern))
        .chain(
            formats
                .flat_map(|format| std::iter::once(&format.pattern).chain(&format.leading_digits)),
        )
        .collect();
        for pattern in &patterns {
            assert!(
                pattern.regex().is_some(),
                "{} of {}: {}",
                self.id,
                self.code,
                pattern.source
            );
        }
        patterns.len()
    }

    /// Whether a national number is a valid number of this territory: it fits the
    /// territory's numbers, and one kind of them.
    pub fn is_valid(&self, national: &str) -> bool {
        self.general.is_match(national) && self.kinds.iter().any(|kind| kind.is_match(national))
    }

    /// Whether a national number's length is possible here, and how.
    pub fn length(&self, national: &str) -> Length {
        let length = u16::try_from(national.len()).unwrap_or(u16::MAX);
        let possible = &self.general.possible;
        let (Some(&shortest), Some(&longest)) = (possible.first(), possible.last()) else {
            return Length::Invalid;
        };
        if self.general.possible_local.contains(&length) {
            Length::LocalOnly
        } else if length == shortest {
            Length::Possible
        } else if length < shortest {
            Length::TooShort
        } else if length > longest {
            Length::TooLong
        } else if possible.contains(&length) {
            Length::Possible
        } else {
            Length::Invalid
        }
    }
}

/// How a national number's length fits a territory's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Length {
    Possible,
    LocalOnly,
    TooShort,
    TooLong,
    Invalid,
}

impl Length {
    pub fn is_possible(self) -> bool {
        matches!(self, Length::Possible | Length::LocalOnly)
    }
}

/// Whether `code` is a country code.
pub(super) fn is_code(code: u16) -> bool {
    TERRITORIES.iter().any(|&(_, known, ..)| known == code)
}

/// The country code of a region (`GB` → 44).
pub(super) fn code_of(region: &str) -> Option<u16> {
    TERRITORIES
        .iter()
        .find(|(id, ..)| *id == region)
        .map(|&(_, code, ..)| code)
}

/// The undecoded records of the territories of `codes`, for the `phonenumber` crate.
pub(super) fn records(codes: &[u16]) -> Option<Vec<loader::Metadata>> {
    TERRITORIES
        .iter()
        .filter(|(_, code, ..)| codes.contains(code))
        .map(|&(_, _, start, end)| postcard::from_bytes(&RECORDS[start..end]).ok())
        .collect()
}

/// The territories of a country code, the main one first (then in the metadata's order).
pub(super) fn of_code(code: u16) -> &'static [Territory] {
    let Some(slot) = BY_CODE.get(usize::from(code)) else {
        return &[];
    };
    slot.get_or_init(|| {
        let mut territories = Vec::new();
        for record in records(&[code]).into_iter().flatten() {
            if let Some((territory, main)) = Territory::new(record) {
                if main {
                    territories.insert(0, territory);
                } else {
                    territories.push(territory);
                }
            }
        }
        territories
    })
}

/// A region's territory (`GB`).
pub(super) fn by_id(region: &str) -> Option<&'static Territory> {
    of_code(code_of(region)?)
        .iter()
        .find(|territory| territory.id == region)
}
