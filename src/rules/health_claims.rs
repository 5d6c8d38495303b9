//! `health-claims`: claims that UK advertising rules forbid or restrict (cures, miracles,
//! guarantees, "no side effects"), unless negated or quoted as a phrase, and "clinically
//! proven" without a citation in the same block.

use std::borrow::Cow;
use std::ops::Range;

use serde::Deserialize;

use super::{Context, Patterns, Rule, Union, pattern_list, straight, typed};
use crate::article::{Article, Block};
use crate::diagnostic::{Diagnostic, Span};

const ID: &str = "health-claims";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    claims: Vec<String>,
    needs_citation: Vec<String>,
    citations: Vec<String>,
    negations: Vec<String>,
    negation_window: usize,
    quoted_words: usize,
}

struct HealthClaims {
    claims: Patterns,
    needs_citation: Patterns,
    /// `claims` and `needs_citation` together: most blocks are ruled out by one scan.
    either: Union,
    citations: Patterns,
    negations: Patterns,
    negation_window: usize,
    quoted_words: usize,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    Ok(Box::new(HealthClaims {
        either: Union::of(&[&options.claims, &options.needs_citation]),
        claims: pattern_list(&options.claims)?,
        needs_citation: pattern_list(&options.needs_citation)?,
        citations: pattern_list(&options.citations)?,
        negations: pattern_list(&options.negations)?,
        negation_window: options.negation_window,
        quoted_words: options.quoted_words,
    }))
}

/// A block's prose with typographic quotes and apostrophes made straight, so that patterns
/// written with `'` and `"` match "don’t" and “quoted” text; positions map back to the source.
/// Borrowed when the block has nothing to straighten.
pub(super) struct Plain<'a> {
    pub text: Cow<'a, str>,
    /// Where the block's prose starts in the article's prose.
    base: usize,
    /// After each character made shorter: where it ends in `text`, and the bytes saved up to
    /// and including it.
    shifts: Vec<(usize, usize)>,
}

/// `prose` with every character [`straight`] knows made plain, and the shifts of [`Plain`];
/// `None` when there is none. The search jumps from one candidate lead byte to the next, and
/// the text between is copied whole: a text in another script is read once, by SIMD.
fn straightened(prose: &str) -> Option<(String, Vec<(usize, usize)>)> {
    let mut next = next_straight(prose, 0)?;
    let mut text = String::with_capacity(prose.len());
    let mut shifts = Vec::new();
    let (mut saved, mut copied) = (0, 0);
    loop {
        let (start, plain, length) = next;
        text.push_str(&prose[copied..start]);
        text.push(plain);
        saved += length - plain.len_utf8();
        shifts.push((text.len(), saved));
        copied = start + length;
        match next_straight(prose, copied) {
            Some(found) => next = found,
            None => break,
        }
    }
    text.push_str(&prose[copied..]);
    Some((text, shifts))
}

/// The next character of `text` from `from` on that [`straight`] makes plain: where it
/// starts, its plain form, and its length. Each starts with byte 0xC2 or 0xE2, which in UTF-8
/// only ever start a character.
fn next_straight(text: &str, from: usize) -> Option<(usize, char, usize)> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(found) = memchr::memchr2(0xC2, 0xE2, &bytes[at..]) {
        let start = at + found;
        if let Some(c) = text[start..].chars().next()
            && let Some(plain) = straight(c)
        {
            return Some((start, plain, c.len_utf8()));
        }
        at = start + 1;
    }
    None
}

/// `text` with every character [`straight`] knows made plain, as [`Plain::of`] makes a
/// block's: each character is made plain on its own, so the plain text of the whole prose is
/// its blocks' plain texts with the blank lines between them.
pub(super) fn plain_text(text: &str) -> Cow<'_, str> {
    match straightened(text) {
        None => Cow::Borrowed(text),
        Some((plain, _)) => Cow::Owned(plain),
    }
}

impl<'a> Plain<'a> {
    pub fn of(article: &'a Article, block: &Block) -> Plain<'a> {
        let prose = article.block_text(block);
        let base = block.prose.start;
        match straightened(prose) {
            None => Plain {
                text: Cow::Borrowed(prose),
                base,
                shifts: Vec::new(),
            },
            Some((text, shifts)) => Plain {
                text: Cow::Owned(text),
                base,
                shifts,
            },
        }
    }

    /// The offset in the article's prose of a position in `text`.
    fn prose_offset(&self, at: usize) -> usize {
        let before = self.shifts.partition_point(|&(end, _)| end <= at);
        let saved = before
            .checked_sub(1)
            .map_or(0, |index| self.shifts[index].1);
        self.base + at + saved
    }

    /// The range in the article's prose of a range of `text`.
    pub fn prose_range(&self, range: Range<usize>) -> Range<usize> {
        self.prose_offset(range.start)..self.prose_offset(range.end)
    }

    /// The source span of a range of `text`.
    pub fn span(&self, article: &Article, range: Range<usize>) -> Span {
        article.prose_span(self.prose_range(range))
    }
}

/// How far back a clause is looked for: enough for any window of words, and a bound on the
/// work for each match however long the paragraph.
const LOOK_BACK: usize = 600;

/// Where a clause starts in `before` (text that ends where a match starts): after a sentence
/// mark, a semicolon, a colon, a dash, or a word that turns the sentence ("but", "however", …).
fn clause_start(before: &str) -> usize {
    let mut start = before
        .rfind(['.', '!', '?', ';', ':', '\u{2013}', '\u{2014}'])
        .map_or(0, |at| {
            at + before[at..].chars().next().map_or(1, char::len_utf8)
        });
    if let Some(dash) = before.rfind(" - ") {
        start = start.max(dash + 3);
    }
    // ASCII lowercase keeps every byte where it was.
    let lower = before.to_ascii_lowercase();
    for turn in [
        " but ",
        " however ",
        " however,",
        " although ",
        " though ",
        " whereas ",
    ] {
        if let Some(found) = lower.rfind(turn) {
            start = start.max(found + turn.len());
        }
    }
    start
}

/// Where each word (run of non-whitespace) of `text` starts.
fn word_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut after_space = true;
    for (at, c) in text.char_indices() {
        if after_space && !c.is_whitespace() {
            starts.push(at);
        }
        after_space = c.is_whitespace();
    }
    starts
}

/// Up to `count` words before `at`, in the same clause.
pub(super) fn words_before(text: &str, at: usize, count: usize) -> &str {
    let mut floor = at.saturating_sub(LOOK_BACK);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let region = &text[floor..at];
    let before = &region[clause_start(region)..];
    let starts = word_starts(before);
    let from = starts.len().saturating_sub(count);
    starts.get(from).map_or("", |&start| &before[start..])
}

/// The ranges of `text` inside quotation marks, in order: double quotes, and (separately)
/// single quotes that open after a space and close before one, so that the apostrophe of
/// "don't" is no quote.
fn quoted(text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let mut doubles = Vec::new();
    let mut singles = Vec::new();
    let mut double: Option<usize> = None;
    let mut single: Option<usize> = None;
    let mut before: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let after = chars.peek().map(|&(_, c)| c);
        match c {
            '"' => match double.take() {
                Some(open) => doubles.push(open..at),
                None => double = Some(at + 1),
            },
            '\'' => {
                let opens = before.is_none_or(|c| c.is_whitespace() || "([".contains(c))
                    && after.is_some_and(char::is_alphanumeric);
                let closes = before.is_some_and(|c| !c.is_whitespace())
                    && after.is_none_or(|c| !c.is_alphanumeric());
                if opens && single.is_none() {
                    single = Some(at + 1);
                } else if closes && let Some(open) = single.take() {
                    singles.push(open..at);
                }
            }
            _ => {}
        }
        before = Some(c);
    }
    (doubles, singles)
}

/// The range of `ranges` (in order, not overlapping) that holds `inner`, if any.
fn holding<'r>(ranges: &'r [Range<usize>], inner: &Range<usize>) -> Option<&'r Range<usize>> {
    let index = ranges.partition_point(|range| range.start <= inner.start);
    let candidate = &ranges[index.checked_sub(1)?];
    (inner.end <= candidate.end).then_some(candidate)
}

fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count()
}

impl Rule for HealthClaims {
    fn warm(&self) {
        self.either.warm();
    }

    fn question(&self) -> Option<super::gate::Question> {
        self.either.question()
    }

    fn check(&self, article: &Article, context: &Context, out: &mut Vec<Diagnostic>) {
        for (index, block) in article.body.blocks.iter().enumerate() {
            if !context.may_match(index) {
                continue;
            }
            let plain = Plain::of(article, block);
            if !self
                .either
                .is_match(&plain.text, &[&self.claims, &self.needs_citation])
            {
                continue;
            }
            let mut found: Vec<(Range<usize>, bool)> = Vec::new();
            for (list, needs_citation) in [(&self.claims, false), (&self.needs_citation, true)] {
                for regex in list.iter() {
                    for claim in regex.find_iter(&plain.text) {
                        found.push((claim.range(), needs_citation));
                    }
                }
            }
            if found.is_empty() {
                continue;
            }
            let (doubles, singles) = quoted(&plain.text);
            let mut cited: Option<bool> = None;
            // One diagnostic for overlapping matches ("permanent cure"): the earliest, longest.
            found.sort_by_key(|(range, _)| (range.start, usize::MAX - range.end));
            let mut last_end = 0;
            for (range, needs_citation) in found {
                if range.start < last_end {
                    continue;
                }
                last_end = range.end;
                let quoted = [&doubles, &singles].into_iter().any(|quotes| {
                    holding(quotes, &range)
                        .is_some_and(|quote| words(&plain.text[quote.clone()]) <= self.quoted_words)
                });
                if quoted || self.negated(&plain.text, range.start) {
                    continue;
                }
                if needs_citation
                    && *cited.get_or_insert_with(|| self.cited(article, block, &plain.text))
                {
                    continue;
                }
                let span = plain.span(article, range.clone());
                let claim = plain.text[range].trim();
                out.push(if needs_citation {
                    Diagnostic::new(
                        ID,
                        span,
                        format!("`{claim}` without a citation in the same paragraph"),
                    )
                    .with_label("needs a citation")
                    .with_help(
                        "cite the evidence next to the claim: link to the study or guideline, or add a footnote or a numbered reference; or say what the evidence shows instead",
                    )
                } else {
                    Diagnostic::new(
                        ID,
                        span,
                        format!("`{claim}` is a health claim that advertising rules do not allow"),
                    )
                    .with_label("forbidden claim")
                    .with_help(
                        "say what the evidence supports (\"can ease\", \"may help\", \"most people recover\"); the CAP Code (section 12) does not allow claims to cure, or of guaranteed, instant or risk-free results",
                    )
                });
            }
        }
    }
}

impl HealthClaims {
    /// Whether a negation, or a word that reports the claim as someone else's, comes shortly
    /// before `at` in the same clause.
    fn negated(&self, text: &str, at: usize) -> bool {
        let window = words_before(text, at, self.negation_window);
        self.negations.is_match(window)
    }

    /// A citation in the same block: a link (not `tel:` or `mailto:`), a footnote reference,
    /// or text matching `citations`.
    fn cited(&self, article: &Article, block: &Block, text: &str) -> bool {
        let links = &article.body.links;
        let first = links.partition_point(|link| link.span.start < block.span.start);
        let linked = links[first..]
            .iter()
            .take_while(|link| link.span.start < block.span.end)
            .any(|link| {
                !link.destination.starts_with("tel:") && !link.destination.starts_with("mailto:")
            });
        let footnoted = article
            .body
            .footnote_references
            .iter()
            .any(|reference| block.span.contains(*reference));
        linked || footnoted || self.citations.is_match(text)
    }
}

#[cfg(test)]
mod tests {
    use crate::Config;
    use jiff::civil::Date;

    /// [`super::straightened`] written out character by character, as it once was.
    fn straightened_by_chars(prose: &str) -> Option<(String, Vec<(usize, usize)>)> {
        if !prose.chars().any(|c| super::straight(c).is_some()) {
            return None;
        }
        let (mut text, mut shifts, mut saved) = (String::new(), Vec::new(), 0);
        for c in prose.chars() {
            match super::straight(c) {
                Some(plain) => {
                    text.push(plain);
                    saved += c.len_utf8() - plain.len_utf8();
                    shifts.push((text.len(), saved));
                }
                None => text.push(c),
            }
        }
        Some((text, shifts))
    }

    #[test]
    fn typographic_quotes_and_no_break_spaces_are_made_plain() {
        let (text, shifts) =
            super::straightened("don\u{2019}t \u{201c}cure\u{201d}\u{a0}é").unwrap();
        assert_eq!(text, "don't \"cure\" é");
        assert_eq!(shifts, [(4, 2), (7, 4), (12, 6), (13, 7)]);
        // Other characters with the same lead bytes stay as they are.
        let (text, shifts) = super::straightened("«a» – ‚x\u{201b}").unwrap();
        assert_eq!(
            (text.as_str(), shifts),
            ("«a» – ‚x'", vec![(text.len(), 2)])
        );
        assert!(super::straightened("plain text, café, «–» and ‚").is_none());
    }

    proptest::proptest! {
        /// Straightening jumps between candidate bytes, and gives what reading every
        /// character did.
        #[test]
        fn straightening_reads_as_character_by_character(
            prose in "[ a\u{a0}\u{2018}\u{2019}\u{201b}\u{2032}\u{201c}\u{201d}\u{201f}\u{2033}\u{2013}\u{201a}\u{c9}\u{e9}\u{2030}\u{ab}\u{2003}]{0,24}"
        ) {
            proptest::prop_assert_eq!(super::straightened(&prose), straightened_by_chars(&prose));
        }

        /// Words start where the pattern `\S+` finds them.
        #[test]
        fn words_start_where_non_space_runs_do(text in "[ a\t\n\u{a0}\u{2003}\u{85}é.\u{200b}]{0,24}") {
            let pattern = regex::Regex::new(r"\S+").unwrap();
            let expected: Vec<usize> = pattern.find_iter(&text).map(|word| word.start()).collect();
            proptest::prop_assert_eq!(super::word_starts(&text), expected);
        }
    }

    fn check(body: &str) -> Vec<String> {
        let text = format!("---\ntitle: x\n---\n\n{body}");
        crate::lint(&text, &Config::defaults(), Date::constant(2026, 11, 25))
            .into_iter()
            .filter(|d| d.rule == super::ID)
            .map(|d| text[d.span.range()].to_string())
            .collect()
    }

    #[test]
    fn negated_claims_pass() {
        for text in [
            "There is no cure for sciatica.",
            "Sciatica cannot be cured.",
            "No treatment is guaranteed to work.",
            "Antibiotics won\u{2019}t cure a cold.",
            "You can\u{2019}t take antibiotics or medicines to cure it.",
            "Steroid injections aren\u{2019}t always a cure.",
            "Be wary of clinics that promise a miracle cure.",
            "There is little evidence that it is a long-term cure.",
        ] {
            assert_eq!(check(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn claims_fail() {
        assert_eq!(check("Our massage cures sciatica."), ["cures"]);
        assert_eq!(check("Guaranteed relief in one session."), ["Guaranteed"]);
        assert_eq!(
            check("A permanent cure, with no side effects!"),
            ["permanent cure", "no side effects"]
        );
        assert_eq!(check("There is no cure, but our belt cures it."), ["cures"]);
        assert_eq!(
            check("It is 100% effective and risk-free."),
            ["100% effective", "risk-free"]
        );
        assert_eq!(check("Instant relief from back pain."), ["Instant relief"]);
    }

    #[test]
    fn quotation() {
        assert!(
            check("Be careful with anything sold as a \u{201C}miracle cure\u{201D}.").is_empty()
        );
        assert!(check("Ads that say 'guaranteed results' break the rules.").is_empty());
        assert_eq!(
            check("\u{201C}This treatment cured my sciatica in a single week,\u{201D} says Jane."),
            ["cured"]
        );
    }

    #[test]
    fn clinically_proven_needs_a_citation() {
        assert_eq!(
            check("Our pillow is clinically proven to help."),
            ["clinically proven"]
        );
        assert!(check("It is clinically proven ([NICE](https://nice.org.uk)).").is_empty());
        assert!(check("It is clinically proven [1].").is_empty());
        assert!(check("It is clinically proven (Smith et al., 2019).").is_empty());
        assert!(check("It is not clinically proven.").is_empty());
    }
}
