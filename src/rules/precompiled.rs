//! The default patterns, compiled into DFAs at build time (`build/patterns.rs`).
//!
//! Compiling the dozen patterns one article needs took most of a run's time (about 5 ms of
//! the 10 ms of CPU that checking one NHS page took). A DFA prepared at build time is ready
//! at once: loading one checks its tables (a few microseconds per 10 kB) and builds nothing.
//!
//! [`Entry`] says what was prepared for one pattern: the whole of it ([`Automata::Whole`]),
//! which answers every question but capture groups, or DFAs of its parts
//! ([`Automata::Parts`]), which often answer "does it match?" and always know when it cannot.
//! Whatever they cannot answer falls back to the regex, compiled then (see [`super::Regex`]).

use std::sync::OnceLock;

use regex_automata::dfa::regex::{FindMatches, Regex as DfaRegex};
use regex_automata::dfa::{Automaton, dense, sparse};
use regex_automata::{Anchored, Input, Match};

/// Where one DFA's bytes are in [`BLOB`]: start and end.
type Span = (usize, usize);

/// What the build prepared for one default pattern with its settings.
pub(crate) struct Entry {
    pub pattern: &'static str,
    pub case_insensitive: bool,
    pub size_limit: usize,
    pub groups: bool,
    pub automata: Automata,
}

pub(crate) enum Automata {
    /// The forward and reverse DFAs of the whole pattern, dense or `sparse`.
    Whole {
        forward: Span,
        reverse: Span,
        sparse: bool,
    },
    /// Dense forward DFAs that between them match wherever the pattern does: each of a run
    /// of the pattern's alternatives, approximated unless `true` (exact) says it is not.
    Parts(&'static [(Span, bool)]),
}

include!(concat!(env!("OUT_DIR"), "/patterns.rs"));

/// The DFAs' bytes, aligned as DFAs must be to be read in place.
#[repr(C, align(8))]
struct Aligned<Bytes: ?Sized>(Bytes);

static BLOB: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/patterns.bin")));

type Dense = dense::DFA<&'static [u32]>;
type Sparse = sparse::DFA<&'static [u8]>;

/// The dense DFA at `span`; `None` if its bytes do not check out (they always do: a test
/// loads every one).
fn dense(span: Span) -> Option<Dense> {
    dense::DFA::from_bytes(BLOB.0.get(span.0..span.1)?)
        .ok()
        .map(|(dfa, _)| dfa)
}

/// The sparse DFA at `span` (see [`dense`]).
fn sparse(span: Span) -> Option<Sparse> {
    sparse::DFA::from_bytes(BLOB.0.get(span.0..span.1)?)
        .ok()
        .map(|(dfa, _)| dfa)
}

/// The entry of `pattern` with these settings, if the build prepared it.
fn entry(
    pattern: &str,
    case_insensitive: bool,
    size_limit: usize,
    groups: bool,
) -> Option<&'static Entry> {
    ENTRIES.iter().find(|entry| {
        entry.pattern == pattern
            && entry.case_insensitive == case_insensitive
            && entry.size_limit == size_limit
            && entry.groups == groups
    })
}

/// Whether the build prepared `pattern` with these settings: then it is known to compile.
pub(crate) fn is_prepared(
    pattern: &str,
    case_insensitive: bool,
    size_limit: usize,
    groups: bool,
) -> bool {
    entry(pattern, case_insensitive, size_limit, groups).is_some()
}

/// The prepared automata of `pattern` with these settings, if the build made any.
pub(crate) fn find(
    pattern: &str,
    case_insensitive: bool,
    size_limit: usize,
    groups: bool,
) -> Option<Prepared> {
    let entry = entry(pattern, case_insensitive, size_limit, groups)?;
    match entry.automata {
        Automata::Whole {
            forward,
            reverse,
            sparse: false,
        } => Some(Prepared::Dense(Whole::new(dense(forward)?, reverse))),
        Automata::Whole {
            forward,
            reverse,
            sparse: true,
        } => Some(Prepared::Sparse(Whole::new(sparse(forward)?, reverse))),
        Automata::Parts(parts) => parts
            .iter()
            .map(|&(span, exact)| Some((dense(span)?, exact)))
            .collect::<Option<Vec<_>>>()
            .map(Prepared::Parts),
    }
}

/// A default pattern's DFAs, loaded.
pub(crate) enum Prepared {
    Dense(Box<Whole<Dense>>),
    Sparse(Box<Whole<Sparse>>),
    Parts(Vec<(Dense, bool)>),
}

/// The DFAs of a whole pattern.
pub(crate) struct Whole<Dfa> {
    forward: Dfa,
    /// The reverse DFA, loaded with `regex` when a match's start is first asked for.
    reverse: Span,
    regex: OnceLock<Option<DfaRegex<Dfa>>>,
}

impl<Dfa: Automaton + Clone> Whole<Dfa> {
    fn new(forward: Dfa, reverse: Span) -> Box<Whole<Dfa>> {
        Box::new(Whole {
            forward,
            reverse,
            regex: OnceLock::new(),
        })
    }

    /// The regex of the forward and reverse DFAs, `load` reading the reverse one.
    fn regex(&self, load: fn(Span) -> Option<Dfa>) -> Option<&DfaRegex<Dfa>> {
        self.regex
            .get_or_init(|| {
                let reverse = load(self.reverse)?;
                Some(
                    regex_automata::dfa::regex::Builder::new()
                        .build_from_dfas(self.forward.clone(), reverse),
                )
            })
            .as_ref()
    }
}

/// What the DFAs know of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    /// The pattern matches.
    Matches,
    /// The pattern does not match.
    Not,
    /// Only the regex can tell.
    Unknown,
}

impl Answer {
    fn of(found: Option<bool>) -> Answer {
        match found {
            Some(true) => Answer::Matches,
            Some(false) => Answer::Not,
            None => Answer::Unknown,
        }
    }
}

/// The matches of a whole pattern's DFAs in a text.
pub(crate) enum Matches<'r, 'h> {
    Dense(FindMatches<'r, 'h, Dense>),
    Sparse(FindMatches<'r, 'h, Sparse>),
}

impl Iterator for Matches<'_, '_> {
    type Item = Match;

    fn next(&mut self) -> Option<Match> {
        match self {
            Matches::Dense(matches) => matches.next(),
            Matches::Sparse(matches) => matches.next(),
        }
    }
}

impl Prepared {
    /// Whether the pattern matches somewhere in `text`, if the DFAs can tell.
    pub fn is_match(&self, text: &str) -> Answer {
        match self {
            Prepared::Dense(whole) => Answer::of(matches(&whole.forward, text)),
            Prepared::Sparse(whole) => Answer::of(matches(&whole.forward, text)),
            Prepared::Parts(parts) => {
                let mut maybe = false;
                for (dfa, exact) in parts {
                    match matches(dfa, text) {
                        Some(true) if *exact => return Answer::Matches,
                        Some(false) => {}
                        _ => maybe = true,
                    }
                }
                if maybe { Answer::Unknown } else { Answer::Not }
            }
        }
    }

    /// Every match of the pattern in `text`, when the whole pattern's DFAs were prepared
    /// (`None` for parts).
    pub fn find_iter<'r, 'h>(&'r self, text: &'h str) -> Option<Matches<'r, 'h>> {
        match self {
            Prepared::Dense(whole) => Some(Matches::Dense(whole.regex(dense)?.find_iter(text))),
            Prepared::Sparse(whole) => Some(Matches::Sparse(whole.regex(sparse)?.find_iter(text))),
            Prepared::Parts(_) => None,
        }
    }
}

/// Whether `dfa` matches anywhere in `text`; `None` if the search failed (it cannot: the
/// DFAs are built without any byte that stops a search).
fn matches(dfa: &impl Automaton, text: &str) -> Option<bool> {
    let input = Input::new(text).anchored(Anchored::No).earliest(true);
    dfa.try_search_fwd(&input).ok().map(|found| found.is_some())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::rules::hot::Hot;
    use crate::rules::{Regex, approximate};

    const LIST: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/rules/default_patterns.txt"
    );
    const HEADER: &str = "\
# Every pattern the built-in defaults make: flags (i: case-insensitive, g: capture groups),
# NFA size limit, pattern; separated by tabs. build/patterns.rs compiles each into DFAs.
# Generated: HEALTHLINT_UPDATE_PATTERNS=1 cargo test precompiled
";

    /// Every pattern the defaults make, as lines of [`LIST`].
    fn made() -> BTreeSet<String> {
        let mut made = crate::rules::record(|| {
            crate::config::Config::defaults();
        });
        // The patterns written in the code (`rules::fixed`).
        for pattern in [
            crate::phone::CANDIDATE_PATTERN,
            crate::phone::DATE_LIKE_PATTERN,
            crate::phone::DECIMAL_PATTERN,
            super::super::ambiguous_date::NUMERIC_DATE_PATTERN,
        ] {
            made.push((pattern.to_string(), false, super::super::FIXED_LIMIT, false));
        }
        made.into_iter()
            .map(|(pattern, case_insensitive, size_limit, groups)| {
                assert!(!pattern.contains(['\t', '\n', '\r']), "{pattern:?}");
                let flags = match (case_insensitive, groups) {
                    (true, true) => "ig",
                    (true, false) => "i",
                    (false, true) => "g",
                    (false, false) => "-",
                };
                format!("{flags}\t{size_limit}\t{pattern}")
            })
            .collect()
    }

    #[test]
    fn the_list_is_every_pattern_the_defaults_make() {
        let made = made();
        let text = std::fs::read_to_string(LIST).unwrap_or_default();
        let listed: BTreeSet<String> = text
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_string)
            .collect();
        if made == listed {
            return;
        }
        if std::env::var_os("HEALTHLINT_UPDATE_PATTERNS").is_some() {
            let lines: Vec<&str> = made.iter().map(String::as_str).collect();
            std::fs::write(LIST, format!("{HEADER}{}\n", lines.join("\n"))).unwrap();
            return;
        }
        let missing: Vec<_> = made.difference(&listed).collect();
        let stale: Vec<_> = listed.difference(&made).collect();
        panic!(
            "src/rules/default_patterns.txt is out of date (missing {missing:#?}, stale \
             {stale:#?}); rewrite it with HEALTHLINT_UPDATE_PATTERNS=1 cargo test precompiled"
        );
    }

    #[test]
    fn every_listed_pattern_is_prepared_and_every_dfa_loads() {
        assert_eq!(
            ENTRIES.len(),
            made().len(),
            "a default pattern was left to run time"
        );
        for entry in ENTRIES {
            let loads = match entry.automata {
                Automata::Whole {
                    forward,
                    reverse,
                    sparse: false,
                } => dense(forward).is_some() && dense(reverse).is_some(),
                Automata::Whole {
                    forward,
                    reverse,
                    sparse: true,
                } => sparse(forward).is_some() && sparse(reverse).is_some(),
                Automata::Parts(parts) => parts.iter().all(|(span, _)| dense(*span).is_some()),
            };
            assert!(loads, "{}", entry.pattern);
        }
    }

    /// Every line, paragraph and whole text of the fixture articles, and a few made to
    /// match the patterns' edges.
    fn texts() -> Vec<String> {
        let mut texts = vec![String::new(), "\u{212a}\u{17f}".to_string()];
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
        let mut files = vec![];
        let mut folders = vec![std::path::PathBuf::from(root)];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|ext| ext == "md") {
                    files.push(path);
                }
            }
        }
        for file in files {
            let text = std::fs::read_to_string(file).unwrap();
            texts.extend(text.lines().map(str::to_string));
            texts.extend(text.split("\n\n").map(str::to_string));
            texts.push(text);
        }
        texts
    }

    /// The answers of `prepared` (DFAs, falling back to the regex) and of `compiled` (the
    /// regex alone, hot or not) to every question a rule asks of `text`.
    fn agree((prepared, compiled, hot): &(Regex, Regex, Regex), text: &str) {
        agree_with(prepared, compiled, text);
        agree_with(prepared, hot, text);
    }

    fn agree_with(prepared: &Regex, compiled: &Regex, text: &str) {
        let pattern = &prepared.pattern;
        assert_eq!(
            prepared.is_match(text),
            compiled.is_match(text),
            "{pattern}\n{text}"
        );
        let spans = |regex: &Regex| {
            regex
                .find_iter(text)
                .map(|found| found.range())
                .collect::<Vec<_>>()
        };
        assert_eq!(spans(prepared), spans(compiled), "{pattern}\n{text}");
        if prepared.groups {
            let groups = |regex: &Regex| {
                regex
                    .group_iter(text, 1)
                    .map(|found| found.range())
                    .collect::<Vec<_>>()
            };
            assert_eq!(groups(prepared), groups(compiled), "{pattern}\n{text}");
        }
    }

    /// A default pattern with its prepared DFAs, the same compiled as any other, and that
    /// once hot (compiled with its prefilter).
    fn both(entry: &Entry) -> (Regex, Regex, Regex) {
        let build = || {
            Regex::build(
                entry.pattern,
                entry.case_insensitive,
                entry.size_limit,
                entry.groups,
            )
            .unwrap()
        };
        let mut prepared = build();
        assert!(prepared.prepared.is_some(), "{}", entry.pattern);
        // The DFAs answer every question here, however much text the tests search.
        prepared.fast.threshold = usize::MAX;
        let compiled = Regex {
            prepared: None,
            compiled: OnceLock::new(),
            fast: Hot::new(usize::MAX),
            ..build()
        };
        assert!(
            compiled.compiled(false).is_some() && compiled.compiled(true).is_some(),
            "{} does not compile",
            entry.pattern
        );
        let hot = Regex {
            prepared: None,
            fast: Hot::new(0),
            ..build()
        };
        (prepared, compiled, hot)
    }

    #[test]
    fn prepared_dfas_answer_as_the_regex_does_on_the_fixtures() {
        let texts = texts();
        for pair in PAIRS.iter() {
            for text in &texts {
                agree(pair, text);
            }
        }
    }

    #[test]
    fn a_pattern_searched_enough_is_compiled_and_the_regex_takes_over() {
        let entry = ENTRIES
            .iter()
            .find(|entry| matches!(entry.automata, Automata::Whole { .. }) && !entry.groups)
            .unwrap();
        let mut regex = Regex::build(
            entry.pattern,
            entry.case_insensitive,
            entry.size_limit,
            entry.groups,
        )
        .unwrap();
        regex.fast.threshold = 100;
        let text = "x".repeat(60);
        regex.is_match(&text);
        regex.find_iter(&text).count();
        assert!(regex.compiled.get().is_none(), "the DFAs answered");
        regex.is_match(&text);
        assert!(
            regex.compiled.get().is_none() && regex.fast.value.get().is_some(),
            "the regex took over, with its prefilter"
        );
    }

    /// Where `regex-lite` answers for a pattern (an ASCII text), it answers as the regex does.
    fn lite_agrees((_, compiled, _): &(Regex, Regex, Regex), text: &str) {
        let (Some(lite), Some(regex)) = (compiled.lite(), compiled.compiled(false)) else {
            return;
        };
        let (lite, regex) = (
            super::super::Fallback::Lite(lite),
            super::super::Fallback::Regex(regex),
        );
        let pattern = &compiled.pattern;
        assert_eq!(
            lite.is_match(text),
            regex.is_match(text),
            "{pattern}\n{text}"
        );
        assert_eq!(
            lite.find_iter(text).collect::<Vec<_>>(),
            regex.find_iter(text).collect::<Vec<_>>(),
            "{pattern}\n{text}"
        );
        if compiled.groups {
            assert_eq!(
                lite.group_iter(text, 1).collect::<Vec<_>>(),
                regex.group_iter(text, 1).collect::<Vec<_>>(),
                "{pattern}\n{text}"
            );
        }
    }

    #[test]
    fn regex_lite_answers_as_the_regex_does_on_the_ascii_fixtures() {
        let texts = texts();
        let mut answered = 0;
        for pair in PAIRS.iter() {
            answered += usize::from(pair.1.lite().is_some());
            // Each fixture's ASCII paragraphs, and the whole of those that are ASCII.
            let paragraphs = texts.iter().flat_map(|text| text.split("\n\n"));
            for text in texts.iter().map(String::as_str).chain(paragraphs) {
                if text.is_ascii() {
                    lite_agrees(pair, text);
                }
            }
        }
        // Most default patterns are ASCII and within what `regex-lite` reads.
        assert!(answered * 2 > PAIRS.len(), "{answered} of {}", PAIRS.len());
    }

    #[test]
    fn a_pattern_another_thread_is_compiling_is_searched_as_before_meanwhile() {
        use std::sync::atomic::Ordering::Relaxed;
        let entry = ENTRIES
            .iter()
            .find(|entry| entry.pattern.contains("miracle") && !entry.groups)
            .expect("the default claims are prepared");
        let (mut prepared, compiled, _) = both(entry);
        prepared.fast.threshold = 0;
        // Another thread found the pattern hot first, and is compiling it.
        prepared.fast.making.store(true, Relaxed);
        let texts = [
            "It is a miracle.",
            "Nothing to find here.",
            "MIRACLE, miracle!",
        ];
        for text in texts {
            agree_with(&prepared, &compiled, text);
        }
        assert!(prepared.is_match(texts[0]));
        assert!(
            prepared.fast.value.get().is_none(),
            "it neither waited for the compiled regex nor compiled it again"
        );
        // Once compiled, it is what answers.
        prepared.fast.making.store(false, Relaxed);
        for text in texts {
            agree_with(&prepared, &compiled, text);
        }
        assert!(prepared.fast.value.get().is_some_and(Option::is_some));
    }

    /// Every default pattern with its prepared DFAs, and compiled as any other.
    static PAIRS: std::sync::LazyLock<Vec<(Regex, Regex, Regex)>> =
        std::sync::LazyLock::new(|| ENTRIES.iter().map(both).collect());

    /// The words of the default patterns, and numbers, citations and filler: text made of
    /// them matches the patterns' pieces at every distance from each other.
    static WORDS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        let mut words: BTreeSet<String> = ENTRIES
            .iter()
            .flat_map(|entry| {
                entry
                    .pattern
                    .split(|c: char| !c.is_ascii_alphabetic() && c != '\'' && c != '&')
            })
            .filter(|word| word.len() >= 2)
            .map(str::to_string)
            .collect();
        words.extend(
            [
                "0800 123 4567",
                "+44 (0)20 7946 0000",
                "(2019)",
                "[1, 2]",
                "[3]",
                "lorem",
                "ipsum",
                "x",
                "étude",
                "\u{212a}",
                "a",
                "the",
                "your",
                "GMC 1234567",
                "MBBS",
                "(Smith 2020)",
            ]
            .map(str::to_string),
        );
        words.into_iter().collect()
    });

    /// Patterns of the shapes the build script splits and approximates, and the odd ones.
    const SHAPES: &[&str] = &[
        r"consult\sa",
        r"a[^.]b",
        r"a.{1,3}b",
        r"x\w?y",
        r"(?i)mis+",
        r"[^a]",
        r"é{2}",
        r"(?i)(?-u:\b)(numb|tingling|loss of feeling)(?-u:\b)[^.;\n]{0,40}(?-u:\b)both (of your )?legs(?-u:\b)",
        r"(?-u:\b)not(?-u:\b).{0,5}?(?-u:\b)medical\s+advice|(?i)urinat\w*",
    ];

    /// Whether `hir` matches somewhere in `text` (bytes: an approximation may match invalid
    /// UTF-8).
    fn hir_matches(hir: &regex_syntax::hir::Hir, text: &str) -> bool {
        use regex_automata::{meta, util::syntax};
        meta::Builder::new()
            .syntax(syntax::Config::new().utf8(false))
            .configure(meta::Config::new().utf8_empty(false))
            .build_from_hir(hir)
            .unwrap()
            .is_match(text.as_bytes())
    }

    #[test]
    fn an_approximated_class_still_takes_a_whole_character() {
        for (pattern, text) in [
            (r"consult\sa", "consult\u{a0}a"),
            (r"a[^.]b", "a\u{e9}b"),
            (r"a.{1,3}b", "a\u{e9}\u{e9}b"),
            (r"x\w?y", "x\u{e9}y"),
            (r"x[^.]y", "x\u{1f600}y"),
        ] {
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(pattern)
                .unwrap();
            assert!(hir_matches(&hir, text), "{pattern}");
            let approximation = approximate::approximate(&hir);
            assert!(
                hir_matches(&approximation, text),
                "{approximation} misses {text:?}"
            );
        }
    }

    proptest::proptest! {
        /// The alternatives match between them exactly where the pattern does, and each
        /// approximation wherever its alternative does.
        #[test]
        fn approximations_match_wherever_the_pattern_does(
            text in "([abxy ;.\n\u{a0}éſ\u{1f600}]|consult|numb|legs|both|not|medical|advice|urinat|mis){0,12}"
        ) {
            for pattern in SHAPES {
                let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).unwrap();
                let alternatives = approximate::alternatives(&hir);
                let matches = hir_matches(&hir, &text);
                let any = alternatives.iter().any(|alternative| hir_matches(alternative, &text));
                proptest::prop_assert_eq!(any, matches, "{} on {:?}", pattern, text);
                for alternative in &alternatives {
                    if hir_matches(alternative, &text) {
                        let approximation = approximate::approximate(alternative);
                        proptest::prop_assert!(
                            hir_matches(&approximation, &text),
                            "{} approximated {} misses {:?}", pattern, approximation, text
                        );
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Words of the patterns with filler between them: matches whose pieces are near or
        /// just too far apart, which is where relaxed parts and the regex differ.
        #[test]
        fn prepared_dfas_answer_as_the_regex_does_on_pattern_words(
            picks in proptest::collection::vec((0usize..10_000, "[ .;,\n]|  |: | - "), 1..40)
        ) {
            let mut text = String::new();
            for (index, glue) in &picks {
                text.push_str(&WORDS[index % WORDS.len()]);
                text.push_str(glue);
            }
            for pair in PAIRS.iter() {
                agree(pair, &text);
                if text.is_ascii() {
                    lite_agrees(pair, &text);
                }
            }
        }

        /// Pieces of the fixtures run together, with odd characters between them: matches
        /// that start or end at the seams, and Unicode the DFAs must read as the regex does.
        #[test]
        fn prepared_dfas_answer_as_the_regex_does_on_spliced_text(
            picks in proptest::collection::vec((0usize..100_000, "[ .;\n\u{212a}\u{17f}éA-Z0-9]{0,3}"), 1..6)
        ) {
            static TEXTS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(texts);
            let mut text = String::new();
            for (index, glue) in &picks {
                let piece = &TEXTS[index % TEXTS.len()];
                let cut = piece.char_indices().map(|(at, _)| at).nth(index % 7).unwrap_or(0);
                text.extend(piece[cut..].chars().take(200));
                text.push_str(glue);
            }
            for pair in PAIRS.iter() {
                agree(pair, &text);
            }
        }
    }
}
