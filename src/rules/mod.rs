//! The rules: one file each, named after the rule's id, and the one table that lists them.
//! A rule sees an [`Article`], its own options and the [`Context`]; it returns diagnostics
//! and never prints, reads files or sees command-line flags.

mod ambiguous_date;
/// The build script's approximations of a pattern, which match wherever it does: the gate
/// compiles its set from them. (`alternatives` serves the tests alone.)
#[path = "../../build/approximate.rs"]
#[cfg_attr(not(test), allow(dead_code))]
mod approximate;
mod cached;
pub mod custom;
mod disclaimer;
mod emergency_escalation;
mod field_type;
mod front_matter;
pub mod gate;
mod health_claims;
mod help_line;
mod hot;
mod medical_reviewer;
mod medicine_safety;
mod phone_format;
mod precompiled;
mod readability;
mod reading_time;
mod required_field;
mod review_date;
mod seek_help;
mod sources;
mod unknown_field;
mod unused_suppression;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock, Weak};

use jiff::civil::Date;
use serde::de::DeserializeOwned;

use crate::article::Article;
use crate::config::schema::Schema;
use crate::diagnostic::Diagnostic;

/// What a rule may know besides the article and its options.
pub struct Context<'a> {
    /// Today's date (`--today`, or the system's).
    pub today: Date,
    pub schema: &'a Schema,
    /// The publisher's help line, as configured for `help-line`.
    pub help_line: Option<&'a HelpLine>,
    /// Which blocks the rule's [`Rule::question`] has no answer in, once a run is long
    /// enough for the shared scan ([`gate`]); `None`: the rule scans every block itself.
    pub gate: Option<gate::BlockGate<'a>>,
}

impl Context<'_> {
    /// Whether the rule's [`Rule::question`] may match in block number `block`; if the gate
    /// says no, it does not.
    pub fn may_match(&self, block: usize) -> bool {
        self.gate.is_none_or(|gate| gate.may_match(block))
    }
}

/// The help line a publisher configured, as written there, with its region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpLine {
    pub number: String,
    pub region: String,
}

/// A check over one article.
pub trait Rule: Send + Sync {
    fn check(&self, article: &Article, context: &Context, out: &mut Vec<Diagnostic>);

    /// Compiles now the patterns that `check` needs for every article, so that another
    /// thread can do it while the first article is read and parsed (see [`LazyRegex`]).
    fn warm(&self) {}

    /// What the rule asks of every block of prose: a pattern that, where it does not match,
    /// lets it skip the block. The rules' questions share one scan ([`gate`]).
    fn question(&self) -> Option<gate::Question> {
        None
    }
}

/// Builds a rule from its merged options (page defaults, then configuration).
pub type Build = fn(serde_json::Value) -> Result<Box<dyn Rule>, String>;

pub struct RuleEntry {
    pub id: &'static str,
    pub build: Build,
}

/// Every rule, in the order `healthlint rules` lists them.
pub static TABLE: &[RuleEntry] = &[
    RuleEntry {
        id: "front-matter",
        build: front_matter::build,
    },
    RuleEntry {
        id: "required-field",
        build: required_field::build,
    },
    RuleEntry {
        id: "field-type",
        build: field_type::build,
    },
    RuleEntry {
        id: "unknown-field",
        build: unknown_field::build,
    },
    RuleEntry {
        id: "reading-time",
        build: reading_time::build,
    },
    RuleEntry {
        id: "disclaimer",
        build: disclaimer::build,
    },
    RuleEntry {
        id: "seek-help",
        build: seek_help::build,
    },
    RuleEntry {
        id: "help-line",
        build: help_line::build,
    },
    RuleEntry {
        id: "phone-format",
        build: phone_format::build,
    },
    RuleEntry {
        id: "unused-suppression",
        build: unused_suppression::build,
    },
    RuleEntry {
        id: "review-date",
        build: review_date::build,
    },
    RuleEntry {
        id: "medical-reviewer",
        build: medical_reviewer::build,
    },
    RuleEntry {
        id: "sources",
        build: sources::build,
    },
    RuleEntry {
        id: "ambiguous-date",
        build: ambiguous_date::build,
    },
    RuleEntry {
        id: "health-claims",
        build: health_claims::build,
    },
    RuleEntry {
        id: "medicine-safety",
        build: medicine_safety::build,
    },
    RuleEntry {
        id: "emergency-escalation",
        build: emergency_escalation::build,
    },
    RuleEntry {
        id: "readability",
        build: readability::build,
    },
];

/// Reads a rule's options into its typed struct.
fn typed<T: DeserializeOwned>(options: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(options).map_err(|error| error.to_string())
}

/// `pattern` with its word boundaries (`\b`) made ASCII (`(?-u:\b)`) when the pattern is
/// all ASCII. A Unicode `\b` stops the regex engine's fast lazy DFA on any non-ASCII text
/// (every translated page) and sends it to a much slower engine; for an ASCII pattern the
/// ASCII boundary finds the same matches in English prose.
pub(crate) fn ascii_boundaries(pattern: &str) -> std::borrow::Cow<'_, str> {
    if !pattern.is_ascii() || !pattern.contains(r"\b") {
        return std::borrow::Cow::Borrowed(pattern);
    }
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A pattern from a rule's options, compiled for what the rules ask of it: whether it
/// matches, and where (and, when built with `groups`, its capture groups). The syntax is the
/// `regex` crate's.
///
/// A default pattern comes with DFAs prepared at build time ([`precompiled`]), which answer
/// without compiling anything; the regex itself is compiled only for what they cannot answer
/// (capture groups, or a match that parts of the pattern could not confirm). Any other pattern
/// is compiled at once. The regex keeps no capture groups but the ones asked for, and builds no
/// literal prefilter: building it (extracting the literals of a case-insensitive alternation)
/// cost more than half of compiling the pattern, which a run checking one article pays in
/// full. A pattern that has searched [`Regex::HOT`] bytes in a run ([`Regex::SPARSE_HOT`] for
/// a sparse prepared DFA) is compiled once more with its prefilter, which then skips most of a
/// text without stepping the automaton.
pub(crate) struct Regex {
    prepared: Option<precompiled::Prepared>,
    compiled: OnceLock<Option<cached::Cached>>,
    /// The regex with its literal prefilter, compiled once the pattern is hot: when it has
    /// searched [`Regex::HOT`] bytes with its prepared DFAs (see [`Regex::hot`]).
    fast: hot::Hot<Option<cached::Cached>>,
    /// The pattern compiled by `regex-lite`, for what the prepared DFAs cannot answer in an
    /// ASCII text (see [`Regex::fallback`]).
    lite: OnceLock<Option<regex_lite::Regex>>,
    pattern: String,
    case_insensitive: bool,
    size_limit: usize,
    groups: bool,
}

/// Where a [`Regex`] matched in a text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Found<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Found<'t> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

impl Regex {
    /// Bytes searched with a pattern's prepared DFAs before its regex is compiled to take over
    /// (a few dozen articles): a run checking one article never compiles a default pattern,
    /// a run over a whole site compiles the ones it uses most.
    const HOT: usize = 512 << 10;

    /// [`Regex::HOT`] for a pattern whose prepared DFA is sparse (a large one): it reads
    /// several times slower a byte than a compiled regex's lazy DFA, so it hands over sooner.
    const SPARSE_HOT: usize = 64 << 10;

    /// Compiles `pattern` (or loads its prepared DFAs); `groups` keeps its capture groups for
    /// [`Regex::group_iter`].
    fn build(
        pattern: &str,
        case_insensitive: bool,
        size_limit: usize,
        groups: bool,
    ) -> Result<Regex, Box<regex_automata::meta::BuildError>> {
        let prepared = precompiled::find(pattern, case_insensitive, size_limit, groups);
        let hot = match prepared {
            Some(precompiled::Prepared::Sparse(_)) => Regex::SPARSE_HOT,
            _ => Regex::HOT,
        };
        let mut regex = Regex {
            prepared,
            compiled: OnceLock::new(),
            fast: hot::Hot::new(hot),
            lite: OnceLock::new(),
            pattern: pattern.to_string(),
            case_insensitive,
            size_limit,
            groups,
        };
        if regex.prepared.is_none() {
            regex.compiled = OnceLock::from(Some(cached::Cached::new(regex.compile(false)?)));
        }
        Ok(regex)
    }

    fn compile(
        &self,
        prefilter: bool,
    ) -> Result<regex_automata::meta::Regex, Box<regex_automata::meta::BuildError>> {
        use regex_automata::{meta, nfa::thompson::WhichCaptures, util::syntax};
        meta::Builder::new()
            .syntax(syntax::Config::new().case_insensitive(self.case_insensitive))
            .configure(
                meta::Config::new()
                    .which_captures(if self.groups {
                        WhichCaptures::All
                    } else {
                        WhichCaptures::Implicit
                    })
                    .auto_prefilter(prefilter)
                    .nfa_size_limit(Some(self.size_limit))
                    .onepass_size_limit(Some(self.size_limit)),
            )
            .build(&self.pattern)
            .map_err(Box::new)
    }

    /// The compiled regex, compiling it now if only prepared DFAs were loaded; once the
    /// pattern is `hot`, the one with a prefilter. `None` only if a prepared pattern fails
    /// to compile after all, which a test rules out.
    fn compiled(&self, hot: bool) -> Option<&cached::Cached> {
        let make = || self.compile(hot).ok().map(cached::Cached::new);
        if hot {
            self.fast.get_or_make(make).as_ref()
        } else {
            self.compiled.get_or_init(make).as_ref()
        }
    }

    /// The longest text `regex-lite` searches: it steps every thread of the pattern at every
    /// byte, fine for a disclaimer or an article, not for a book (the regex's lazy DFA then
    /// pays for its compiling).
    const LITE_MOST: usize = 32 << 10;

    /// What answers for `text` where the prepared DFAs cannot. While the pattern is not hot
    /// and has not been compiled, an ASCII pattern searching an ASCII text of at most
    /// [`Regex::LITE_MOST`] bytes is compiled by `regex-lite`: on ASCII text its classes,
    /// word boundaries and case folding are the Unicode ones, it refuses what it lacks
    /// (`\p{…}`), and it compiles a bounded repetition such as `.{0,80}` in microseconds,
    /// where the regex, building UTF-8 automata for each copy of `.`, took most of a
    /// millisecond (an article's disclaimer phrase, a help line). Otherwise, the regex.
    fn fallback(&self, hot: bool, text: &str) -> Option<Fallback<'_>> {
        if !hot
            && self.compiled.get().is_none()
            && text.len() <= Regex::LITE_MOST
            && text.is_ascii()
            && let Some(lite) = self.lite()
        {
            return Some(Fallback::Lite(lite));
        }
        self.compiled(hot).map(Fallback::Regex)
    }

    /// The pattern compiled by `regex-lite`, if it is ASCII and `regex-lite` reads it.
    fn lite(&self) -> Option<&regex_lite::Regex> {
        self.lite
            .get_or_init(|| {
                self.pattern.is_ascii().then_some(())?;
                regex_lite::RegexBuilder::new(&self.pattern)
                    .case_insensitive(self.case_insensitive)
                    .size_limit(self.size_limit)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Whether a run has searched the pattern's `hot` bytes ([`Regex::HOT`], or
    /// [`Regex::SPARSE_HOT`] for a sparse prepared DFA) with the pattern, counting `text`
    /// until it has. The prepared DFAs are ready at once but search more slowly than the
    /// compiled regex, which builds only the states a text visits and skips ahead with its
    /// prefilter: once the pattern is hot, compiling it has paid for itself. The first thread
    /// to find it hot compiles it; the others search as before until it is compiled
    /// ([`hot::Hot`]).
    fn hot(&self, text: &str) -> bool {
        self.fast.ready(text.len())
    }

    /// What the prepared DFAs know of `text` while the pattern is not hot, and whether it is.
    fn prepared(&self, text: &str) -> (precompiled::Answer, bool) {
        let hot = self.hot(text);
        let answer = match &self.prepared {
            Some(prepared) if !hot => prepared.is_match(text),
            _ => precompiled::Answer::Unknown,
        };
        (answer, hot)
    }

    pub fn is_match(&self, text: &str) -> bool {
        match self.prepared(text) {
            (precompiled::Answer::Matches, _) => true,
            (precompiled::Answer::Not, _) => false,
            (precompiled::Answer::Unknown, hot) => self
                .fallback(hot, text)
                .is_some_and(|regex| regex.is_match(text)),
        }
    }

    /// Capture group `group` of every match, where it took part (the regex must be built
    /// with `groups`).
    pub fn group_iter<'r, 't>(
        &'r self,
        text: &'t str,
        group: usize,
    ) -> impl Iterator<Item = Found<'t>> + 'r
    where
        't: 'r,
    {
        let regex = match self.prepared(text) {
            (precompiled::Answer::Not, _) => None,
            (_, hot) => self.fallback(hot, text),
        };
        regex
            .into_iter()
            .flat_map(move |regex| regex.group_iter(text, group))
            .map(move |(start, end)| Found { text, start, end })
    }

    pub fn find_iter<'r, 't>(&'r self, text: &'t str) -> impl Iterator<Item = Found<'t>> + 'r
    where
        't: 'r,
    {
        let found = |found: regex_automata::Match| Found {
            text,
            start: found.start(),
            end: found.end(),
        };
        // The whole pattern's DFAs find its matches; parts of it can only rule them out.
        let hot = self.hot(text);
        let serving = self.prepared.as_ref().filter(|_| !hot);
        let by_dfa = serving.and_then(|prepared| prepared.find_iter(text));
        let compiled = match (serving, &by_dfa) {
            (_, Some(_)) => None,
            (Some(parts), None) if parts.is_match(text) == precompiled::Answer::Not => None,
            _ => self.fallback(hot, text),
        };
        let by_dfa = by_dfa.into_iter().flatten().map(found);
        let by_regex = compiled
            .into_iter()
            .flat_map(move |regex| regex.find_iter(text))
            .map(move |(start, end)| Found { text, start, end });
        by_dfa.chain(by_regex)
    }
}

/// The engine that answers for a [`Regex`] where its prepared DFAs cannot.
enum Fallback<'r> {
    Regex(&'r cached::Cached),
    Lite(&'r regex_lite::Regex),
}

impl<'r> Fallback<'r> {
    fn is_match(&self, text: &str) -> bool {
        match self {
            Fallback::Regex(regex) => regex.is_match(text),
            Fallback::Lite(regex) => regex.is_match(text),
        }
    }

    /// Where each match starts and ends.
    fn find_iter<'t>(&self, text: &'t str) -> Box<dyn Iterator<Item = (usize, usize)> + 'r>
    where
        't: 'r,
    {
        match *self {
            Fallback::Regex(regex) => Box::new(
                regex
                    .regex
                    .find_iter(text)
                    .map(|found| (found.start(), found.end())),
            ),
            Fallback::Lite(regex) => Box::new(
                regex
                    .find_iter(text)
                    .map(|found| (found.start(), found.end())),
            ),
        }
    }

    /// Where capture group `group` of each match starts and ends, where it took part.
    fn group_iter<'t>(
        &self,
        text: &'t str,
        group: usize,
    ) -> Box<dyn Iterator<Item = (usize, usize)> + 'r>
    where
        't: 'r,
    {
        match *self {
            Fallback::Regex(regex) => {
                Box::new(regex.regex.captures_iter(text).filter_map(move |captures| {
                    captures.get_group(group).map(|span| (span.start, span.end))
                }))
            }
            Fallback::Lite(regex) => {
                Box::new(regex.captures_iter(text).filter_map(move |captures| {
                    captures.get(group).map(|span| (span.start(), span.end()))
                }))
            }
        }
    }
}

/// A pattern written in the code rather than an option (a phone-number candidate, a numeric
/// date): compiled, or loaded from DFAs prepared at build time, once per process. The test
/// of [`precompiled`] lists every one, so that they are prepared too.
pub(crate) fn fixed(pattern: &str) -> Regex {
    // Invariant: a fixed pattern compiles (the tests compile every one).
    Regex::build(pattern, false, FIXED_LIMIT, false)
        .unwrap_or_else(|error| panic!("fixed pattern {pattern}: {error}"))
}

/// The NFA size limit of a [`fixed`] pattern (the `regex` crate's default).
const FIXED_LIMIT: usize = 10 << 20;

/// A regex compiled when first used. A run pays only for the patterns its articles need:
/// building the configuration compiled every pattern of every rule, which cost more than
/// linting a whole article. A pattern that is not a default is compiled at once (unless the
/// same pattern already is), so that its mistakes are reported as configuration errors before
/// any article is linted. The patterns
/// every article needs are compiled on another worker as the run starts ([`Rule::warm`]);
/// a rule that gets there first compiles it itself, and the other waits for it.
///
/// One pattern is compiled once per run however many configurations use it: every live
/// `LazyRegex` of the same pattern and settings shares one slot ([`slot`]), so folders with
/// their own configuration share the patterns they did not change. A slot lives as long as
/// some `LazyRegex` holds it.
pub(crate) struct LazyRegex {
    pattern: String,
    case_insensitive: bool,
    size_limit: usize,
    groups: bool,
    compiled: Slot,
}

/// A pattern's regex once compiled (`None`: it failed).
type Compiled = OnceLock<Option<Regex>>;
type Slot = Arc<Compiled>;

/// A pattern with its settings: case-insensitive, size limit, capture groups kept.
type Key = (String, bool, usize, bool);

#[cfg(test)]
thread_local! {
    /// Every pattern this thread makes a [`LazyRegex`] of, while [`record`] runs.
    static RECORDING: std::cell::RefCell<Option<Vec<Key>>> =
        const { std::cell::RefCell::new(None) };
}

/// Every pattern (with its settings) that `run` makes a [`LazyRegex`] of, in order.
#[cfg(test)]
pub(crate) fn record(run: impl FnOnce()) -> Vec<Key> {
    RECORDING.set(Some(Vec::new()));
    run();
    RECORDING.take().unwrap_or_default()
}

/// The slot of a pattern with its settings, the same for every caller in the process.
fn slot(pattern: &str, case_insensitive: bool, size_limit: usize, groups: bool) -> Slot {
    static SLOTS: LazyLock<Mutex<HashMap<Key, Weak<Compiled>>>> = LazyLock::new(Mutex::default);
    // A thread panicked while holding the lock: this one is compiled on its own.
    let Ok(mut slots) = SLOTS.lock() else {
        return Slot::default();
    };
    let key = (pattern.to_string(), case_insensitive, size_limit, groups);
    #[cfg(test)]
    RECORDING.with_borrow_mut(|recording| {
        if let Some(recording) = recording {
            recording.push(key.clone());
        }
    });
    if let Some(live) = slots.get(&key).and_then(Weak::upgrade) {
        return live;
    }
    // Forget the slots no configuration holds any more (a library building many), now and
    // then rather than on every call.
    if slots.len() >= 256 && slots.len().is_power_of_two() {
        slots.retain(|_, slot| slot.strong_count() > 0);
    }
    let fresh = Slot::default();
    slots.insert(key, Arc::downgrade(&fresh));
    fresh
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_tuple("LazyRegex")
            .field(&self.pattern)
            .finish()
    }
}

impl LazyRegex {
    /// A pattern the build prepared is known to compile, and waits for its first use; any
    /// other is compiled now, so that its mistake is reported with the configuration.
    pub fn new(
        pattern: String,
        case_insensitive: bool,
        size_limit: usize,
    ) -> Result<LazyRegex, Box<regex_automata::meta::BuildError>> {
        LazyRegex::make(pattern, case_insensitive, size_limit, false)
    }

    /// [`LazyRegex::new`] keeping the capture groups, for [`Regex::group_iter`].
    pub fn with_groups(
        pattern: String,
        case_insensitive: bool,
        size_limit: usize,
    ) -> Result<LazyRegex, Box<regex_automata::meta::BuildError>> {
        LazyRegex::make(pattern, case_insensitive, size_limit, true)
    }

    fn make(
        pattern: String,
        case_insensitive: bool,
        size_limit: usize,
        groups: bool,
    ) -> Result<LazyRegex, Box<regex_automata::meta::BuildError>> {
        let lazy = LazyRegex {
            compiled: slot(&pattern, case_insensitive, size_limit, groups),
            pattern,
            case_insensitive,
            size_limit,
            groups,
        };
        // The build compiled every prepared pattern (and the tests of `precompiled` compile
        // each as a regex too). A slot already holding this pattern's regex saves the work;
        // one holding a failure does not excuse the pattern from reporting it.
        let prepared =
            precompiled::is_prepared(&lazy.pattern, case_insensitive, size_limit, groups);
        if !prepared && !matches!(lazy.compiled.get(), Some(Some(_))) {
            let regex = lazy.compile()?;
            let _ = lazy.compiled.set(Some(regex));
        }
        Ok(lazy)
    }

    fn compile(&self) -> Result<Regex, Box<regex_automata::meta::BuildError>> {
        Regex::build(
            &self.pattern,
            self.case_insensitive,
            self.size_limit,
            self.groups,
        )
    }

    /// The regex; `None` only if a prepared pattern failed to compile after all (it then
    /// matches nothing).
    pub fn get(&self) -> Option<&Regex> {
        self.compiled.get_or_init(|| self.compile().ok()).as_ref()
    }

    /// Compiles the regex now ([`Rule::warm`]).
    pub fn warm(&self) {
        self.get();
    }

    /// The pattern as a rule's question for the [`gate`].
    pub fn question(&self) -> gate::Question {
        gate::Question {
            pattern: self.pattern.clone(),
            case_insensitive: self.case_insensitive,
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|regex| regex.is_match(text))
    }
}

/// A list of patterns from options, with one regex of them all, so that the usual question
/// on a block of prose, "does any of them match?", costs one scan instead of one per pattern.
/// Compiled when first used (see [`LazyRegex`]).
pub(crate) struct Patterns {
    each: Vec<LazyRegex>,
    /// Every pattern as one alternation; `None` for fewer than two.
    any: Option<LazyRegex>,
}

impl Patterns {
    /// Whether any of the patterns matches `text`.
    pub fn is_match(&self, text: &str) -> bool {
        match self.any.as_ref().and_then(LazyRegex::get) {
            Some(any) => any.is_match(text),
            None => self.each.iter().any(|regex| regex.is_match(text)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.each.is_empty()
    }

    /// Compiles what [`Patterns::is_match`] uses.
    pub fn warm(&self) {
        match &self.any {
            Some(any) => {
                any.warm();
            }
            None => self.each.iter().for_each(|regex| {
                regex.warm();
            }),
        }
    }

    /// Each pattern's regex, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Regex> {
        self.each.iter().filter_map(LazyRegex::get)
    }
}

/// Case-insensitive patterns from options, each compiled when first used (or at once when the
/// build did not prepare it), with their alternation for [`Patterns::is_match`].
fn pattern_list(list: &[String]) -> Result<Patterns, String> {
    let each = list
        .iter()
        .map(|pattern| {
            LazyRegex::new(ascii_boundaries(pattern).into_owned(), true, 1 << 20)
                .map_err(|error| format!("bad pattern `{pattern}`: {}", build_problem(&error)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let any = if each.len() > 1 {
        alternation(&[list])
    } else {
        None
    };
    Ok(Patterns { each, any })
}

/// One regex of every pattern of `lists`, compiled when first used. Each pattern is checked
/// where its own list is built, so only their union can fail (by being too large): then
/// `None`, and the lists are tried in turn.
fn alternation(lists: &[&[String]]) -> Option<LazyRegex> {
    let alternatives: Vec<String> = lists
        .iter()
        .flat_map(|list| list.iter())
        .map(|pattern| format!("(?:{})", ascii_boundaries(pattern)))
        .collect();
    LazyRegex::new(alternatives.join("|"), true, 1 << 22).ok()
}

/// Several pattern lists that are usually asked together "does any of them match?", as one
/// regex of them all (the lists themselves stay where they are).
pub(crate) struct Union {
    any: Option<LazyRegex>,
}

impl Union {
    fn of(lists: &[&[String]]) -> Union {
        Union {
            any: alternation(lists),
        }
    }

    /// Compiles what [`Union::is_match`] uses.
    pub fn warm(&self) {
        if let Some(any) = &self.any {
            any.warm();
        }
    }

    /// The union as a rule's question for the [`gate`]; `None` if it was too large to
    /// compile.
    pub fn question(&self) -> Option<gate::Question> {
        self.any.as_ref().map(LazyRegex::question)
    }

    /// Whether a pattern of any of `lists` (those it was made of) matches `text`: one scan.
    pub fn is_match(&self, text: &str, lists: &[&Patterns]) -> bool {
        match self.any.as_ref().and_then(LazyRegex::get) {
            Some(any) => any.is_match(text),
            None => lists.iter().any(|list| list.is_match(text)),
        }
    }
}

/// The gist of a regex error: its last line ("unclosed group"), not the drawing above it.
pub fn regex_problem(error: &regex::Error) -> String {
    match error {
        regex::Error::CompiledTooBig(_) => "the pattern is too large".to_string(),
        other => gist(&other.to_string()),
    }
}

/// [`regex_problem`] for a [`Regex`] of the rules' options.
pub(crate) fn build_problem(error: &regex_automata::meta::BuildError) -> String {
    match error.syntax_error() {
        Some(syntax) => gist(&syntax.to_string()),
        None if error.size_limit().is_some() => "the pattern is too large".to_string(),
        None => gist(&error.to_string()),
    }
}

/// The last line of an error's text, without its `error: `.
fn gist(text: &str) -> String {
    let last = text.lines().last().unwrap_or_default().trim();
    last.strip_prefix("error: ").unwrap_or(last).to_string()
}

/// The plain form of a typographic quote or apostrophe, or of a no-break space: what the
/// rules' patterns, written with `'`, `"` and ` `, read in its place.
fn straight(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => Some('"'),
        '\u{00A0}' => Some(' '),
        _ => None,
    }
}

/// Folds case, typographic quotes and runs of white space, for phrase matching.
fn fold(text: &str) -> String {
    fold_upto(text, usize::MAX)
}

/// [`fold`] of the start of `text` only: stops once the folded text has `limit` bytes, so
/// that testing a long block for a short prefix costs what the prefix costs.
fn fold_upto(text: &str, limit: usize) -> String {
    let mut folded = String::with_capacity(text.len().min(limit.saturating_add(4)));
    let mut space = false;
    for c in text.chars() {
        if folded.len() >= limit {
            break;
        }
        let c = straight(c).unwrap_or(c);
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !folded.is_empty() {
            folded.push(' ');
        }
        space = false;
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
        } else {
            folded.extend(c.to_lowercase());
        }
    }
    folded
}

/// For the rules' unit tests: the diagnostics of rule `id` on `text` with the built-in
/// defaults, each shown as `message @flagged text`.
#[cfg(test)]
pub(crate) fn findings(text: &str, id: &str) -> Vec<String> {
    crate::lint(
        text,
        &crate::Config::defaults(),
        jiff::civil::Date::constant(2026, 11, 25),
    )
    .into_iter()
    .filter(|d| d.rule == id)
    .map(|d| format!("{} @{}", d.message, &text[d.span.range()]))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regex(pattern: &str) -> Regex {
        Regex::build(pattern, true, 1 << 20, false).expect("test pattern")
    }

    proptest::proptest! {
        /// Folding lower-cases ASCII letters by hand and every other letter by Unicode's
        /// rules (`İ` becomes two characters), straightens quotes and joins white space.
        #[test]
        fn folding_reads_as_unicode_lower_casing(
            text in "[aZ İẞΣ\u{2019}\u{201c}\u{a0}\t\n.'-]{0,16}",
            limit in 0usize..24,
        ) {
            let lowered: String = text
                .replace('\u{2019}', "'")
                .replace('\u{201c}', "\"")
                .chars()
                .flat_map(char::to_lowercase)
                .collect();
            let expected = lowered.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(fold(&text), expected.clone());
            let upto = fold_upto(&text, limit);
            proptest::prop_assert!(expected.starts_with(&upto), "{upto:?} {expected:?}");
            proptest::prop_assert!(upto.len() >= limit.min(expected.len()));
        }
    }

    #[test]
    fn a_regex_finds_every_match_with_byte_offsets() {
        let text = "Ça va. Call 999, or CALL 999 now.";
        let found: Vec<(usize, &str)> = regex(r"call 999")
            .find_iter(text)
            .map(|found| (found.start(), found.as_str()))
            .collect();
        assert_eq!(found, [(8, "Call 999"), (21, "CALL 999")]);
        assert!(regex(r"ça").is_match("ÇA"), "case folding is Unicode");
    }

    #[test]
    fn capture_groups_are_kept_when_asked_for() {
        let labels = Regex::build(r"line:? (\d+)", true, 1 << 20, true).expect("test pattern");
        let numbers: Vec<&str> = labels
            .group_iter("Line 111; line: 999; lines", 1)
            .map(|found| found.as_str())
            .collect();
        assert_eq!(numbers, ["111", "999"]);
    }

    #[test]
    fn a_pattern_is_compiled_once_for_every_rule_that_uses_it() {
        let make = |pattern: &str, case_insensitive: bool| {
            LazyRegex::new(pattern.to_string(), case_insensitive, 1 << 20).expect("test pattern")
        };
        let (first, second) = (
            make("shared (one|two)", true),
            make("shared (one|two)", true),
        );
        let (first, second) = (first.get().unwrap(), second.get().unwrap());
        assert!(std::ptr::eq(first, second));
        let other = make("shared (one|two)", false);
        assert!(
            !std::ptr::eq(first, other.get().unwrap()),
            "settings are part of the key"
        );
        assert!(first.is_match("SHARED TWO") && !other.get().unwrap().is_match("SHARED TWO"));
    }

    #[test]
    fn only_a_pages_own_list_is_trusted_whole() {
        for (id, option) in [
            ("medicine-safety", "medicines"),
            ("medical-reviewer", "credentials"),
            ("help-line", "labels"),
        ] {
            let page = crate::config::pages::get(id).expect("page");
            let default = page.options.get(option).expect("option").value.to_json();
            let list: Vec<String> = serde_json::from_value(default).expect("a list of strings");
            let unprepared = |list: &[String]| {
                let text = format!(
                    "rules:\n  {id}:\n    {option}: {}\n",
                    serde_json::json!(list)
                );
                record(|| {
                    crate::config::Config::from_text("test.yaml", &text).expect("config");
                })
                .into_iter()
                .filter(|(pattern, ci, limit, groups)| {
                    !precompiled::is_prepared(pattern, *ci, *limit, *groups)
                })
                .count()
            };
            assert_eq!(unprepared(&list), 0, "{id}.{option}");
            let doubled = [list.clone(), list].concat();
            assert!(unprepared(&doubled) > 0, "{id}.{option} twice");
        }
    }

    #[test]
    fn a_bad_pattern_is_explained_in_one_line() {
        let problem = |pattern: &str| match Regex::build(pattern, true, 1 << 20, false) {
            Ok(_) => panic!("`{pattern}` compiled"),
            Err(error) => build_problem(&error),
        };
        assert_eq!(problem("(unclosed"), "unclosed group");
        assert_eq!(problem(r"\w{1000}\w{1000}"), "the pattern is too large");
        // Patterns run over text, so one that could match half a character is refused.
        assert!(problem(r"(?-u:\xFF)").contains("invalid UTF-8"));
    }
}
