//! One scan of each block for every rule that looks for patterns in it.
//!
//! `health-claims`, `emergency-escalation` and `medicine-safety` each ask of every block of
//! prose "could any of my patterns match here?", and on a site's pages the answer is almost
//! always no, found only by reading the whole block: three scans of all the prose. Once a run
//! has read enough prose to pay for compiling it (or at its start, for a configuration with
//! many files to check: [`Gate::warm`]), the [`Gate`] puts the rules' questions into one set
//! of patterns and scans each block once, telling each rule which blocks it may skip.
//! A rule asks its own question where the gate says "maybe", so the gate changes how much is
//! read, never what is found. Most articles have no "maybe" at all: one search of their whole
//! prose says so before any block is read on its own.

use regex_automata::{Input, MatchKind, PatternSet, meta};
use regex_syntax::hir::{Hir, HirKind, Look};

use super::approximate;
use super::cached::Cached;
use super::health_claims::{Plain, plain_text};
use super::hot::Hot;
use crate::article::Article;

/// What a rule asks of each block: a pattern whose absence lets it skip the block.
pub struct Question {
    pub pattern: String,
    pub case_insensitive: bool,
}

/// The rules' questions, as one set of patterns compiled once a run is long enough.
pub(crate) struct Gate {
    /// For each rule of the configuration, in order, its question's place in `patterns`.
    places: Vec<Option<usize>>,
    /// Each question as a pattern of its own, with its case setting inside it.
    patterns: Vec<String>,
    /// Compiled once the run has read [`Gate::HOT`] bytes of prose, or by [`Gate::warm`].
    set: Hot<Option<Compiled>>,
}

/// The compiled set of the questions.
struct Compiled {
    set: Cached,
    /// Whether an article's whole prose is searched before its blocks: not when a question
    /// has a Unicode word boundary (a pattern of a configuration with letters outside ASCII
    /// next to one), which stops the lazy DFA at the first byte outside ASCII and leaves the
    /// search to a slower engine; searched block by block, only the blocks with such bytes
    /// pay for it.
    whole_first: bool,
}

impl Gate {
    /// Prose bytes a run reads before the set is compiled (about a hundred pages): compiling
    /// costs a few milliseconds, which a run checking one article would not win back.
    const HOT: usize = 1 << 20;

    /// The most questions: one bit of a block's answer each.
    const MOST: usize = 64;

    /// The gate of the rules asking `questions` (one entry per rule, in order). Fewer than two
    /// questions need no gate: each rule's own scan is already the only one.
    pub fn new(questions: impl IntoIterator<Item = Option<Question>>) -> Gate {
        let mut patterns = Vec::new();
        let places = questions
            .into_iter()
            .map(|question| {
                let question = question.filter(|_| patterns.len() < Gate::MOST)?;
                let flags = if question.case_insensitive { "i" } else { "" };
                patterns.push(format!("(?{flags}:{})", question.pattern));
                Some(patterns.len() - 1)
            })
            .collect();
        Gate {
            places,
            patterns,
            set: Hot::new(Gate::HOT),
        }
    }

    /// The set of the questions, each *approximated* as the build script approximates the
    /// parts of a large pattern (`build/approximate.rs`): a wide bounded repetition made
    /// unbounded (`[^.;\n]{0,40}` → `[^.;\n]*`), a class with many characters outside ASCII
    /// read as its ASCII part or any run of non-ASCII bytes. An approximation matches
    /// wherever its pattern does, so the gate still never hides a match; what it may add is a
    /// "maybe" the rule then answers itself. Its automaton is about half the size: the exact
    /// set keeps a count for every `{0,40}` under way, and a state for each byte of a
    /// character (after 678 kB of PowerShell-Docs' prose, the lazy DFA's cache was 175 kB
    /// against 387 kB, the NFA 130 kB against 321 kB). Its assertions of a text's or a
    /// line's start or end are dropped ([`without_anchors`]), so that a block's match is a
    /// match of the whole prose (see [`Gate::answers`]).
    /// `None` if it cannot be compiled (then every rule scans for itself, as before the set).
    fn compile(&self) -> Option<Compiled> {
        let hirs = self
            .patterns
            .iter()
            .map(|pattern| {
                let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
                Some(without_anchors(&approximate::approximate(&hir)))
            })
            .collect::<Option<Vec<_>>>()?;
        let whole_first = hirs
            .iter()
            .all(|hir| !hir.properties().look_set().contains_word_unicode());
        let set = meta::Builder::new()
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::All)
                    .nfa_size_limit(Some(1 << 26)),
            )
            .build_many_from_hir(&hirs)
            .ok()
            .map(Cached::new)?;
        Some(Compiled { set, whole_first })
    }

    /// Compiles the set now, for a configuration with enough files to check to pay for it
    /// whatever its first articles are (`check` calls it on the worker that warms the
    /// patterns): the scan starts with the articles read once it is made, instead of after
    /// [`Gate::HOT`] bytes of prose. Articles read while it compiles are checked rule by rule.
    pub fn warm(&self) {
        if self.patterns.len() >= 2 {
            self.set.make_now(|| self.compile());
        }
    }

    /// Which of the questions each block of `article` may answer yes to; `None` until the set
    /// is compiled (after [`Gate::HOT`] bytes of prose, or by [`Gate::warm`]; or if it could
    /// not be), and then every rule scans for itself.
    ///
    /// Most articles have no "maybe" in any block: one search of the whole prose (made plain,
    /// as each block is) says so, without a search and a plain copy of each block. A block's
    /// match is a match of the whole prose: the prose is the blocks' text, each followed by a
    /// blank line; each edge of a block is the prose's start or a line feed, which a word
    /// boundary reads as it reads the edge of a text; and the set has no other assertion.
    pub fn answers(&self, article: &Article) -> Option<Answers> {
        if self.patterns.len() < 2 {
            return None;
        }
        // The first article past the threshold compiles the set; while it does, the others
        // are checked rule by rule instead of waiting for it.
        if !self.set.ready(article.body.prose.text.len()) {
            return None;
        }
        let compiled = self.set.get_or_make(|| self.compile()).as_ref()?;
        // This thread's cache for the set, taken once for the whole article.
        let bits = compiled.set.with(|set, cache| {
            if compiled.whole_first {
                let whole = plain_text(&article.body.prose.text);
                if !set.is_match_with(cache, &Input::new(whole.as_ref())) {
                    return vec![0; article.body.blocks.len()];
                }
            }
            let mut found = PatternSet::new(set.pattern_len());
            article
                .body
                .blocks
                .iter()
                .map(|block| {
                    let plain = Plain::of(article, block);
                    let input = Input::new(plain.text.as_ref());
                    // "Any?" stops at the first match; "which?" reads the block to its end,
                    // and is asked only of the few blocks with a match.
                    if !set.is_match_with(cache, &input) {
                        return 0;
                    }
                    found.clear();
                    set.which_overlapping_matches_with(cache, &input, &mut found);
                    found
                        .iter()
                        .fold(0u64, |bits, id| bits | 1 << id.as_usize())
                })
                .collect()
        });
        Some(Answers { bits })
    }

    /// What rule number `rule` of the configuration may skip, given an article's answers.
    pub fn for_rule<'a>(&self, answers: Option<&'a Answers>, rule: usize) -> Option<BlockGate<'a>> {
        let place = self.places.get(rule).copied().flatten()?;
        answers.map(|answers| BlockGate {
            bits: &answers.bits,
            mask: 1 << place,
        })
    }
}

/// `hir` with its assertions of a text's or a line's start or end (`^`, `$`, `\A`, `\z`, with
/// or without `(?m)`) made empty: it matches wherever `hir` does, and a match in a block's
/// text is then a match at the same place in the whole prose, where a block may start after
/// a line feed rather than at the text's start. Assertions about words are kept: next to a
/// block, the prose's start or a line feed stands where the edge of the block's text did.
/// (The build script's parts keep their anchors: this is the gate's alone.)
fn without_anchors(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(look) if !is_about_words(*look) => Hir::empty(),
        _ => approximate::map_parts(hir, without_anchors),
    }
}

/// Whether `look` asks only whether the characters on either side are word characters
/// (`\b`, `\B` and the halves of `\b`; a text's edge reads as a character that is not). Any
/// other assertion, including one a later regex-syntax may add, is dropped.
fn is_about_words(look: Look) -> bool {
    matches!(
        look,
        Look::WordAscii
            | Look::WordAsciiNegate
            | Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartAscii
            | Look::WordEndAscii
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfAscii
            | Look::WordEndHalfAscii
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode
    )
}

/// The gate's answers for one article: a bit per question for each block.
pub(crate) struct Answers {
    bits: Vec<u64>,
}

/// One rule's view of an article's answers.
#[derive(Clone, Copy)]
pub struct BlockGate<'a> {
    bits: &'a [u64],
    mask: u64,
}

impl BlockGate<'_> {
    /// Whether the rule's question may have a yes in block number `block`.
    pub fn may_match(&self, block: usize) -> bool {
        self.bits
            .get(block)
            .is_none_or(|bits| bits & self.mask != 0)
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::Date;
    use proptest::prelude::*;

    use std::sync::atomic::Ordering::Relaxed;

    use super::*;
    use crate::Config;

    const TODAY: Date = Date::constant(2026, 11, 25);

    /// `config` with its gate answering once `threshold` bytes of prose have been read.
    fn gated(mut config: Config, threshold: usize) -> Config {
        config.gate.set.threshold = threshold;
        config
    }

    /// The built-in defaults, with a gate that answers from the first article.
    fn eager() -> Config {
        gated(Config::defaults(), 0)
    }

    /// The built-in defaults, with a gate that never answers.
    fn ungated() -> Config {
        gated(Config::defaults(), usize::MAX)
    }

    fn texts() -> Vec<String> {
        let mut texts = vec![
            "# Pain\n\nThis miracle cure works. Take ibuprofen.\n\n## Urgent\n\nLoss of bladder control.\n\nCall 999.\n".to_string(),
            "Plain text with nothing to find.\n\nAnother paragraph, also plain.\n".to_string(),
            "- paracetamol\n- guaranteed to work\n\n> numbness around your bottom\n\n| a | b |\n|---|---|\n| ibuprofen | cure |\n".to_string(),
        ];
        let mut folders = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures"
        ))];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|extension| extension == "md") {
                    texts.push(std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        texts
    }

    #[test]
    fn the_gate_changes_what_is_read_never_what_is_found() {
        let (eager, ungated) = (eager(), ungated());
        let texts = texts();
        assert!(texts.len() > 30, "the fixtures were not found");
        for text in &texts {
            assert_eq!(
                crate::lint(text, &eager, TODAY),
                crate::lint(text, &ungated, TODAY),
                "{text}"
            );
        }
    }

    #[test]
    fn the_approximated_set_says_maybe_wherever_the_exact_one_says_yes() {
        let gate = &Config::defaults().gate;
        let approximated = gate.compile().expect("the defaults' set compiles");
        let exact = meta::Builder::new()
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::All)
                    .nfa_size_limit(Some(1 << 26)),
            )
            .build_many(&gate.patterns)
            .unwrap();
        let mut texts = texts();
        // The signs' words with gaps between them: of characters outside ASCII (which the
        // approximation reads as runs of bytes), and of 39 ASCII characters (their patterns
        // allow 40), which a narrower repetition would miss.
        let gap = format!(" {}c ", "ab ".repeat(12));
        assert_eq!(gap.len(), 39);
        // Each in a block of its own: a rule's question is one pattern, and any one match in
        // a block answers it.
        texts.push(format!(
            "Numb — «très» ¡loin! — ñandú… buttocks.\n\nWeakness in één of both legs.\n\n\
             Sciatica, über-painful, on both sides.\n\nNumbness{gap}buttocks.\n\n\
             Weakness{gap}both legs.\n\nSciatica{gap}both sides.\n"
        ));
        let (mut yes, mut maybe) = (0, 0);
        for text in &texts {
            let article = Article::parse(text);
            for block in &article.body.blocks {
                let plain = Plain::of(&article, block);
                let which = |set: &meta::Regex| {
                    let mut found = PatternSet::new(set.pattern_len());
                    set.which_overlapping_matches(&Input::new(plain.text.as_ref()), &mut found);
                    found
                };
                let (yes_here, maybe_here) =
                    approximated.set.with(|set, _| (which(&exact), which(set)));
                for id in yes_here.iter() {
                    assert!(maybe_here.contains(id), "{:?}", plain.text);
                }
                yes += yes_here.len();
                maybe += maybe_here.len();
            }
        }
        assert!(yes > 20, "the texts hold matches: {yes}");
        assert!(maybe >= yes);
    }

    /// A rule's own patterns: with anchors, which match at a block's start or end but not at
    /// the same place in the whole prose unless the set drops them; and with a straight
    /// apostrophe, which matches a typographic one only in the prose made plain.
    #[test]
    fn anchored_and_quoted_questions_are_gated_as_the_rules_ask_them() {
        let own = "rules:\n  health-claims:\n    claims: ['^guaranteed', 'works$', '\\Amiracle', 'instant\\z', \"can't fail\"]\n";
        let config = || Config::from_text("healthlint.yml", own).unwrap();
        let (eager, ungated) = (gated(config(), 0), gated(config(), usize::MAX));
        // Each claim alone in an article, in a block that neither starts nor ends its prose.
        for claim in [
            "Guaranteed relief.",
            "This remedy works",
            "Miracle oil.",
            "- Results are instant",
            "It can’t fail.",
        ] {
            let text = format!("# Pain\n\nRest well.\n\n{claim}\n\nSleep well.\n");
            let article = Article::parse(&text);
            assert!(eager.gate.answers(&article).is_some(), "the gate answers");
            let found = crate::lint(&text, &eager, TODAY);
            assert!(
                found
                    .iter()
                    .any(|diagnostic| diagnostic.rule == "health-claims"),
                "{claim}: {found:#?}"
            );
            assert_eq!(found, crate::lint(&text, &ungated, TODAY));
        }
    }

    /// A question with a Unicode word boundary (a claim with a letter outside ASCII next to
    /// `\b`) keeps the gate searching block by block: the lazy DFA cannot read such a boundary
    /// past a byte outside ASCII, and the whole prose would go to a slower engine.
    #[test]
    fn a_unicode_word_boundary_keeps_the_search_block_by_block() {
        let own = "rules:\n  health-claims:\n    claims: ['\\bguérit\\b']\n";
        let config = || Config::from_text("healthlint.yml", own).unwrap();
        let compiled = config().gate.compile().unwrap();
        assert!(!compiled.whole_first);
        assert!(Config::defaults().gate.compile().unwrap().whole_first);
        let (eager, ungated) = (gated(config(), 0), gated(config(), usize::MAX));
        let text = "# Douleur\n\nRepos.\n\nCe remède guérit tout.\n\nDormez bien.\n";
        let found = crate::lint(text, &eager, TODAY);
        assert!(
            found
                .iter()
                .any(|diagnostic| diagnostic.rule == "health-claims"),
            "{found:#?}"
        );
        assert_eq!(found, crate::lint(text, &ungated, TODAY));
    }

    /// The built-in defaults with an eager gate, shared by the cases of a property test.
    static EAGER: std::sync::LazyLock<Config> = std::sync::LazyLock::new(eager);

    /// The exact questions of the defaults, each compiled alone.
    static EXACT: std::sync::LazyLock<Vec<meta::Regex>> = std::sync::LazyLock::new(|| {
        Config::defaults()
            .gate
            .patterns
            .iter()
            .map(|pattern| meta::Regex::new(pattern).unwrap())
            .collect()
    });

    /// Words of the defaults' questions and words around them, with typographic quotes
    /// ("don’t" before "take" or "give" is a question's match only made plain) and text
    /// outside ASCII.
    const WORDS: &[&str] = &[
        "miracle",
        "cure",
        "cured",
        "guaranteed",
        "instant",
        "results",
        "clinically",
        "proven",
        "ibuprofen",
        "paracetamol",
        "numbness",
        "around",
        "your",
        "bottom",
        "buttocks",
        "weakness",
        "in",
        "both",
        "legs",
        "sides",
        "chest",
        "pain",
        "loss",
        "of",
        "bladder",
        "control",
        "call",
        "999",
        "secure",
        "inside",
        "don’t",
        "“cured”",
        "—",
        "très",
        "é",
        "the",
        "and",
        ".",
        ";",
        "it",
        "works",
        "take",
        "give",
        "use",
        "have",
    ];

    fn paragraphs() -> impl Strategy<Value = Vec<(u8, Vec<usize>)>> {
        prop::collection::vec((0u8..3, prop::collection::vec(0..WORDS.len(), 1..14)), 1..7)
    }

    proptest! {
        /// Whatever the blocks, a block where one of the exact questions matches is a "maybe"
        /// for that question: the search of the whole prose that rules most articles out never
        /// rules out one with a match.
        #[test]
        fn every_block_with_a_match_is_a_maybe(paragraphs in paragraphs()) {
            let text: String = paragraphs
                .iter()
                .map(|(kind, words)| {
                    let words: Vec<&str> = words.iter().map(|&word| WORDS[word]).collect();
                    let lead = ["", "- ", "## "][usize::from(*kind)];
                    format!("{lead}{}\n\n", words.join(" "))
                })
                .collect();
            let article = Article::parse(&text);
            let answers = EAGER.gate.answers(&article).expect("an eager gate answers");
            for (index, block) in article.body.blocks.iter().enumerate() {
                let plain = Plain::of(&article, block);
                for (place, exact) in EXACT.iter().enumerate() {
                    if exact.is_match(plain.text.as_ref()) {
                        prop_assert!(
                            answers.bits[index] & 1 << place != 0,
                            "question {} in {:?}", place, plain.text
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn articles_checked_while_the_set_compiles_are_not_gated() {
        let config = eager();
        let text = &texts()[0];
        let article = Article::parse(text);
        // Another thread is compiling the set: this article goes on without it.
        config.gate.set.making.store(true, Relaxed);
        assert!(config.gate.answers(&article).is_none());
        assert!(
            config.gate.set.value.get().is_none(),
            "it did not compile the set too"
        );
        // Once compiled, the set answers for everyone.
        config.gate.set.get_or_make(|| config.gate.compile());
        assert!(config.gate.answers(&article).is_some());
    }

    #[test]
    fn a_warmed_gate_answers_before_its_threshold() {
        let config = Config::defaults();
        let text = &texts()[0];
        let article = Article::parse(text);
        assert!(
            config.gate.answers(&article).is_none(),
            "a short article alone"
        );
        config.warm_gate();
        assert!(config.gate.answers(&article).is_some());
    }

    #[test]
    fn the_gate_answers_for_each_rule_and_block() {
        let config = eager();
        let text = &texts()[0];
        let article = Article::parse(text);
        let answers = config
            .gate
            .answers(&article)
            .expect("an eager gate answers");
        let place = |id: &str| config.rules.iter().position(|rule| rule.id == id).unwrap();
        let gate = |id: &str| config.gate.for_rule(Some(&answers), place(id)).unwrap();
        // The blocks: the heading, the claims and the medicine, the second heading, the sign,
        // the route.
        let skipped = |id: &str| {
            (0..article.body.blocks.len())
                .map(|block| !gate(id).may_match(block))
                .collect::<Vec<_>>()
        };
        assert_eq!(skipped("health-claims"), [true, false, true, true, true]);
        assert_eq!(skipped("medicine-safety"), [true, false, true, true, true]);
        assert_eq!(
            skipped("emergency-escalation"),
            [true, true, true, false, false]
        );
        assert!(
            config
                .gate
                .for_rule(Some(&answers), place("readability"))
                .is_none()
        );
        assert!(ungated().gate.answers(&article).is_none());
    }
}
