//! `readability`: the Flesch–Kincaid grade of the prose (headings, tables and code left out)
//! is at most `max_grade`; the diagnostic labels the longest sentences. Sentences and
//! syllables are counted by the heuristic that `rules/readability.md` describes.

use std::ops::Range;

use serde::Deserialize;
use wide::u8x16;

use super::health_claims::Plain;
use super::{Context, Rule, typed};
use crate::article::words::{self, at_most, is_alphanumeric};
use crate::article::{Article, Block, BlockKind};
use crate::diagnostic::Diagnostic;

const ID: &str = "readability";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    max_grade: f64,
    min_words: usize,
    longest: usize,
    abbreviations: Vec<String>,
}

struct Readability {
    max_grade: f64,
    min_words: usize,
    longest: usize,
    /// Lowercase, each ending in `.`.
    abbreviations: Vec<String>,
}

pub fn build(options: serde_json::Value) -> Result<Box<dyn Rule>, String> {
    let options: Options = typed(options)?;
    if !options.max_grade.is_finite() {
        return Err("`max_grade` must be a number".into());
    }
    Ok(Box::new(Readability {
        max_grade: options.max_grade,
        min_words: options.min_words,
        longest: options.longest,
        abbreviations: options
            .abbreviations
            .iter()
            .map(|abbreviation| abbreviation.trim().to_lowercase())
            .filter(|abbreviation| abbreviation.ends_with('.'))
            .collect(),
    }))
}

/// One sentence of the prose: where it is in the article's prose (its source span is worked
/// out only for the sentences a diagnostic labels) and how many words it has.
struct Sentence {
    prose: Range<usize>,
    words: usize,
}

/// What the grade is computed from.
#[derive(Default)]
struct Counts {
    words: usize,
    syllables: usize,
    sentences: Vec<Sentence>,
}

impl Counts {
    /// A sentence of `words` words at `prose` of the article's prose (its range is asked of
    /// `prose` only when the sentence is kept). A fragment of one or two words ("Rest.",
    /// "e.g.", a label) is not a sentence of its own, but its words still count.
    fn add(&mut self, prose: impl FnOnce() -> Range<usize>, words: usize) {
        self.words += words;
        if words >= 3 {
            self.sentences.push(Sentence {
                prose: prose(),
                words,
            });
        }
    }

    /// Flesch–Kincaid grade: 0.39 × words a sentence + 11.8 × syllables a word − 15.59.
    fn grade(&self) -> f64 {
        let sentences = self.sentences.len().max(1) as f64;
        let words = self.words.max(1) as f64;
        0.39 * (self.words as f64 / sentences) + 11.8 * (self.syllables as f64 / words) - 15.59
    }
}

impl Rule for Readability {
    fn check(&self, article: &Article, _: &Context, out: &mut Vec<Diagnostic>) {
        // Most short pages are told apart by their tokens alone, before any sentence is split
        // or syllable counted.
        if !tokens_reach(article, self.min_words.max(1)) {
            return;
        }
        let counts = self.count(article);
        if counts.words < self.min_words.max(1) {
            return;
        }
        let grade = counts.grade();
        // Compared as shown, to one decimal place, so the message never contradicts itself.
        let shown = (grade * 10.0).round() / 10.0;
        if shown <= self.max_grade {
            return;
        }
        let mut longest: Vec<&Sentence> = counts.sentences.iter().collect();
        longest.sort_by_key(|sentence| (usize::MAX - sentence.words, sentence.prose.start));
        longest.truncate(self.longest.max(1));
        let Some(first) = longest.first() else {
            return;
        };
        let mut diagnostic = Diagnostic::new(
            ID,
            article.prose_span(first.prose.clone()),
            format!(
                "the prose reads at Flesch–Kincaid grade {shown:.1}; the most allowed is {}",
                trim_number(self.max_grade)
            ),
        )
        .with_label(format!("the longest sentence: {} words", first.words));
        for sentence in longest.iter().skip(1) {
            diagnostic = diagnostic.with_secondary(
                article.prose_span(sentence.prose.clone()),
                format!("{} words", sentence.words),
            );
        }
        out.push(diagnostic.with_help(format!(
            "{} words in {} sentences: {:.1} words a sentence and {:.2} syllables a word; shorter sentences and everyday words lower the grade",
            counts.words,
            counts.sentences.len(),
            counts.words as f64 / counts.sentences.len().max(1) as f64,
            counts.syllables as f64 / counts.words.max(1) as f64,
        )));
    }
}

/// Whether a block's prose is graded: headings and table cells are not sentences.
fn graded(block: &Block) -> bool {
    !matches!(block.kind, BlockKind::Heading(_) | BlockKind::TableCell)
}

/// Whether the graded blocks have at least `least` tokens between white space, stopping
/// there. Never fewer tokens than [`Readability::count`] finds words: each word is such a
/// token of a sentence, sentences end only before white space, and [`Plain`] turns white
/// space into white space and nothing else into it. So an article without `least` tokens
/// has fewer than `least` words, and is not graded.
fn tokens_reach(article: &Article, least: usize) -> bool {
    let mut tokens = 0;
    for block in article.body.blocks.iter().filter(|block| graded(block)) {
        if tokens >= least {
            return true;
        }
        let text = article.block_text(block);
        tokens += if text.is_ascii() {
            // White space as `char::is_whitespace` has it in ASCII; no branch per byte.
            let mut after_space = true;
            text.bytes().fold(0, |starts, byte| {
                let space = matches!(byte, b' ' | b'\t'..=b'\r');
                let start = after_space & !space;
                after_space = space;
                starts + usize::from(start)
            })
        } else {
            text.split_whitespace().count()
        };
    }
    tokens >= least
}

/// The most prose a run of blocks grows to before another block is added: the masks of a
/// run are kept while it is counted, so a long article is counted in runs of this size
/// rather than all at once.
const RUN_BYTES: usize = 1 << 16;

/// `9` for 9.0, `9.5` for 9.5.
fn trim_number(number: f64) -> String {
    if number.fract() == 0.0 {
        format!("{number:.0}")
    } else {
        format!("{number}")
    }
}

impl Readability {
    fn count(&self, article: &Article) -> Counts {
        let mut counts = Counts {
            sentences: Vec::with_capacity(article.body.prose.text.len() / 128 + 4),
            ..Counts::default()
        };
        // One buffer for every block's sentences, and one for its classes of bytes.
        let mut ranges = Vec::new();
        let mut classes = Classes::default();
        // A run of consecutive graded ASCII blocks, counted as one text: nothing in them is
        // straightened, so their plain text is their prose, and in the prose only a blank
        // line stands between one block and the next (`Prose`).
        let blocks = &article.body.blocks;
        // The run so far: the blocks before `index` back to its start. The index past the
        // last block ends the last run.
        let mut run = 0..0;
        for index in 0..=blocks.len() {
            let block = blocks.get(index);
            let countable =
                block.is_some_and(|block| graded(block) && article.block_text(block).is_ascii());
            let fits = run.is_empty()
                || block.is_some_and(|block| {
                    block.prose.end - blocks[run.start].prose.start <= RUN_BYTES
                });
            if countable && fits {
                run.end = index + 1;
                continue;
            }
            self.count_run(
                article,
                &blocks[run],
                &mut classes,
                &mut ranges,
                &mut counts,
            );
            run = if countable {
                index..index + 1
            } else {
                index + 1..index + 1
            };
            if let Some(block) = block.filter(|block| !countable && graded(block)) {
                self.count_block(article, block, &mut classes, &mut ranges, &mut counts);
            }
        }
        counts
    }

    /// Counts a run of consecutive graded ASCII blocks as one text: most blocks are a
    /// sentence or two, and classifying and tallying each on its own cost more than their
    /// bytes. The blank lines between the blocks have no word, so the run's tally is the sum
    /// of its blocks'; each block's sentences are then counted in the run's masks. A run
    /// with a token too long to tally is counted block by block.
    fn count_run(
        &self,
        article: &Article,
        run: &[Block],
        classes: &mut Classes,
        ranges: &mut Vec<Range<usize>>,
        counts: &mut Counts,
    ) {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return;
        };
        let start = first.prose.start;
        let text = &article.body.prose.text[start..last.prose.end];
        classes.of(text.as_bytes());
        let Some(syllables) = classes.tally(text) else {
            for block in run {
                self.count_block(article, block, classes, ranges, counts);
            }
            return;
        };
        counts.syllables += syllables;
        for block in run {
            let base = block.prose.start;
            ranges.clear();
            self.sentences_into(article.block_text(block), ranges);
            for range in ranges.iter() {
                let (from, to) = (base + range.start, base + range.end);
                counts.add(|| from..to, classes.words_in(from - start..to - start));
            }
        }
    }

    /// Counts one graded block on its own: an ASCII block 64 bytes at a time, any other (or
    /// one with a token too long to tally) sentence by sentence.
    fn count_block(
        &self,
        article: &Article,
        block: &Block,
        classes: &mut Classes,
        ranges: &mut Vec<Range<usize>>,
        counts: &mut Counts,
    ) {
        let plain = Plain::of(article, block);
        ranges.clear();
        self.sentences_into(&plain.text, ranges);
        if plain.text.is_ascii() {
            classes.of(plain.text.as_bytes());
            if let Some(syllables) = classes.tally(&plain.text) {
                counts.syllables += syllables;
                for range in ranges.iter().cloned() {
                    let words = classes.words_in(range.clone());
                    counts.add(|| plain.prose_range(range), words);
                }
                return;
            }
        }
        // Sentence by sentence: an ASCII sentence tallied on its own, any other word by word.
        for range in ranges.iter().cloned() {
            let text = &plain.text[range.clone()];
            let words = if text.is_ascii() {
                classes.count_words(text, &mut counts.syllables)
            } else {
                count_words(text, &mut counts.syllables)
            };
            counts.add(|| plain.prose_range(range), words);
        }
    }

    /// The sentences of a block: each ends at `.`, `!` or `?` (with any closing quotes or
    /// brackets) before white space, unless the word is an abbreviation; the block's end
    /// ends the last one. Ranges are trimmed of white space.
    #[cfg(test)]
    fn sentences(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut sentences = Vec::new();
        self.sentences_into(text, &mut sentences);
        sentences
    }

    /// [`Readability::sentences`], added to `sentences`.
    fn sentences_into(&self, text: &str, sentences: &mut Vec<std::ops::Range<usize>>) {
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut from = 0;
        // The marks are ASCII: the search jumps from one to the next.
        while let Some(found) = memchr::memchr3(b'.', b'!', b'?', &bytes[from..]) {
            let mut end = from + found + 1;
            while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?') {
                end += 1;
            }
            loop {
                if end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
                    end += 1;
                } else if text[end..].starts_with('\u{bb}') {
                    end += '\u{bb}'.len_utf8();
                } else {
                    break;
                }
            }
            from = end;
            let at_space = text[end..].chars().next().is_none_or(char::is_whitespace);
            if at_space && !self.is_abbreviation(&text[start..end]) {
                push_trimmed(sentences, text, start..end);
                start = end;
            }
        }
        push_trimmed(sentences, text, start..text.len());
    }

    /// Whether the last word of `text` is one of the abbreviations (`e.g.`).
    fn is_abbreviation(&self, text: &str) -> bool {
        let Some(word) = text.split_whitespace().next_back() else {
            return false;
        };
        let word = word.trim_start_matches(|c: char| !is_alphanumeric(c));
        if word.is_ascii() {
            // The common case, without a lower-cased copy per sentence end.
            self.abbreviations
                .iter()
                .any(|abbreviation| abbreviation.eq_ignore_ascii_case(word))
        } else {
            self.abbreviations.contains(&word.to_lowercase())
        }
    }
}

fn push_trimmed(
    sentences: &mut Vec<std::ops::Range<usize>>,
    text: &str,
    range: std::ops::Range<usize>,
) {
    let part = &text[range.clone()];
    let start = range.start + (part.len() - part.trim_start().len());
    let end = range.start + part.trim_end().len();
    if end > start {
        sentences.push(start..end);
    }
}

/// The words of `text` (adding their syllables to `syllables`), word by word: how a sentence
/// with characters outside ASCII is counted, and the reference that [`Classes::tally`]
/// is held to.
fn count_words(text: &str, syllables_total: &mut usize) -> usize {
    let mut words = 0;
    for word in text.split_whitespace().filter(|word| is_word(word)) {
        words += 1;
        *syllables_total += syllables(word);
    }
    words
}

/// What each byte of a block is, one bit per byte in words of 64: white space (as
/// `char::is_whitespace` has it in ASCII, the vertical tab included), an ASCII letter, an
/// ASCII letter or digit, a vowel or `y` of either case, and the letters the endings are
/// told by. Made 64 bytes at a time with SIMD comparisons, so that the words of an ASCII
/// block, or of an ASCII sentence ([`Classes::count_words`]), are counted with their
/// syllables 64 bytes at a time ([`Classes::tally`]). The masks of each 64 bytes are kept
/// together, as the tally reads them; the buffers are kept from block to block.
#[derive(Default)]
struct Classes {
    /// For each 64 bytes, a mask of each class ([`SPACE`], [`LETTER`], ...).
    masks: Vec<[u64; CLASSES]>,
    /// Made by [`Classes::tally`]: for each 64 bytes, where its words start (their first
    /// letter or digit).
    firsts: Vec<u64>,
    /// Made by [`Classes::tally`]: for each 64 bytes, how many words start before them.
    ranks: Vec<usize>,
    /// Made by [`Classes::tally`]: for each 64 bytes, where a syllable is added to a word's
    /// first.
    extras: Vec<u64>,
    /// Made by [`Classes::tally`]: where the tokens with letters apart (`don't`) have their
    /// later runs of letters, as byte offsets.
    apart: Vec<usize>,
}

/// White space, as `char::is_whitespace` has it in ASCII.
const SPACE: usize = 0;
const LETTER: usize = 1;
const ALPHANUMERIC: usize = 2;
/// A vowel or `y`.
const VOWEL: usize = 3;
/// The letters the endings are told by, of either case, from here on: `y` (a consonant
/// when first),
const Y: usize = 4;
/// `e`,
const E: usize = 5;
/// `l` (of -le),
const L: usize = 6;
/// `d` (of -ed),
const D: usize = 7;
/// `s` (of -es),
const S: usize = 8;
/// `t` or `d` (before which -ed is sounded),
const T_OR_D: usize = 9;
/// and `s`, `x`, `z`, `g`, `c` or `h` (before which -es is sounded).
const SOUNDS_ES: usize = 10;
const CLASSES: usize = 11;

impl Classes {
    /// The classes of `text`'s bytes, and one word more (white space) after its end, so that
    /// a word is always followed by a word of bits to read.
    fn of(&mut self, text: &[u8]) {
        self.masks.clear();
        let mut chunks = text.chunks_exact(64);
        for chunk in chunks.by_ref() {
            let mut bytes = [0; 64];
            bytes.copy_from_slice(chunk);
            self.push(bytes);
        }
        // The last bytes, padded with spaces.
        let rest = chunks.remainder();
        let mut bytes = [b' '; 64];
        bytes[..rest.len()].copy_from_slice(rest);
        self.push(bytes);
        self.push([b' '; 64]);
    }

    fn push(&mut self, bytes: [u8; 64]) {
        let mut masks = [0u64; CLASSES];
        // Sixteen bytes a vector: the widest every x86-64 has (made as wider vectors on
        // SSE2, the bits of the masks were taken apart and put back together one by one).
        for (index, sixteen) in bytes.chunks_exact(16).enumerate() {
            let lanes = u8x16::from(words::sixteen_or_padded(sixteen));
            for (mask, bits) in masks.iter_mut().zip(classify(lanes)) {
                *mask |= u64::from(bits) << (16 * index);
            }
        }
        self.masks.push(masks);
    }

    /// Every word of the ASCII `text` the classes were just made of, and its syllables, as
    /// [`count_words`] counts them, but 64 bytes at a time: the masks say where each word
    /// starts and where a word's letters add a syllable to its first, so no word is read on
    /// its own unless its letters are apart (`don't`, `shoulder-width`). Returns the
    /// syllables; [`Classes::words_in`] then counts the words of any sentence. `None` when a
    /// token is 64 bytes or longer, which is rare: a token of more than 64 letters is one
    /// [`syllables`] reads only the first 64 of, and telling a long token is cheaper than
    /// counting its letters. Such a block is counted sentence by sentence.
    ///
    /// Each word is its run of letters, as [`syllables_of_vowels`] reads it: a syllable, and
    /// one more for each group of vowels but the first from the fourth letter to the last
    /// but one (a break before it, away from the ends), but a silent -ed or -es, and one for
    /// a final -le after a consonant.
    fn tally(&mut self, text: &str) -> Option<usize> {
        // The classes of `text`, and two words of white space after it ([`Classes::of`]).
        debug_assert_eq!(self.masks.len(), text.len() / 64 + 2);
        self.firsts.clear();
        self.ranks.clear();
        self.extras.clear();
        self.apart.clear();
        // Before the text: white space.
        let mut before = [0u64; CLASSES];
        before[SPACE] = u64::MAX;
        let mut group_before = 0u64;
        // The carries of three additions from one 64 bytes to the next.
        let (mut carry_group, mut carry_alphanumeric, mut carry_letter) = (0, 0, 0);
        let mut words = 0;
        let mut extra = 0;
        for index in 0..self.masks.len() {
            let this = &self.masks[index];
            // The class of the byte `by` before each (by 1 to 4).
            let back = |class: usize, by: u32| this[class] << by | before[class] >> (64 - by);
            let tokens = !this[SPACE];
            let tokens_before = !before[SPACE];
            if tokens == u64::MAX || tokens_before.leading_ones() + tokens.trailing_ones() >= 64 {
                return None;
            }
            let token_starts = tokens & back(SPACE, 1);
            let letters = this[LETTER];
            let letter_back = |by| back(LETTER, by);
            // The class of the byte `by` after each (by 1 or 2).
            let ahead = |class: usize, by: u32| {
                this[class] >> by | self.next_bits(index, class) << (64 - by)
            };
            let letter_ahead = |by| ahead(LETTER, by);
            let run_starts = letters & !letter_back(1);
            // A first y is a consonant ("yes").
            let group = this[VOWEL] & !(this[Y] & run_starts);
            let group_back = |by: u32| group << by | group_before >> (64 - by);
            let group_starts = group & !group_back(1);
            // The first group of each run: at its start, or after its first consonants,
            // where carrying a bit from the run's start through them lands.
            let consonants = letters & !group;
            let landed = carried(consonants, run_starts, &mut carry_group);
            let first_group = (run_starts | landed) & group;
            // From the fourth letter of a run to the last but one.
            let fourth_on = letters & letter_back(1) & letter_back(2) & letter_back(3);
            let breaks = group_starts & !first_group & fourth_on & letter_ahead(1);
            // The break before a silent -ed or -es: an e starting the last group of two or
            // more, the run's last letter but one, after a letter that leaves it silent.
            let silent = breaks
                & this[E]
                & !letter_ahead(2)
                & (ahead(D, 1) & !back(T_OR_D, 1) | ahead(S, 1) & !back(SOUNDS_ES, 1));
            // A final -le after a consonant, in a run of five letters or more with a group
            // before it.
            let le = this[E]
                & !letter_ahead(1)
                & fourth_on
                & letter_back(4)
                & back(L, 1)
                & !group_back(2)
                & !first_group;
            let extras = breaks & !silent | le;
            // Each word's first letter or digit; a token without one is not a word.
            let not_alphanumeric = tokens & !this[ALPHANUMERIC];
            let firsts = (token_starts
                | carried(not_alphanumeric, token_starts, &mut carry_alphanumeric))
                & this[ALPHANUMERIC];
            // Runs of letters after the first of their token.
            let not_letters = tokens & !letters;
            let first_letters =
                (token_starts | carried(not_letters, token_starts, &mut carry_letter)) & letters;
            let mut later_runs = run_starts & !first_letters;
            while later_runs != 0 {
                self.apart
                    .push(index * 64 + later_runs.trailing_zeros() as usize);
                later_runs &= later_runs - 1;
            }
            self.ranks.push(words);
            words += firsts.count_ones() as usize;
            extra += extras.count_ones() as usize;
            self.firsts.push(firsts);
            self.extras.push(extras);
            before = *this;
            group_before = group;
        }
        // The words whose letters are apart, each read on its own, in place of what the
        // masks added for their runs.
        let mut syllables_total = words + extra;
        let mut done = 0;
        let apart = std::mem::take(&mut self.apart);
        for &at in &apart {
            if at < done {
                continue;
            }
            let start = self.token_start(at);
            done = next(&self.masks, at, text.len());
            syllables_total += syllables(&text[start..done]) - 1;
            syllables_total -= ones_in(&self.extras, start..done);
        }
        self.apart = apart;
        Some(syllables_total)
    }

    /// The bits of `class` of the 64 bytes after `index`'s (none after the last).
    fn next_bits(&self, index: usize, class: usize) -> u64 {
        self.masks.get(index + 1).map_or(0, |next| next[class])
    }

    /// Where the token with `at` in it starts: after the last white space before `at`, or at
    /// the text's start.
    fn token_start(&self, at: usize) -> usize {
        let mut index = at / 64;
        let mut spaces = self.masks[index][SPACE] & !(u64::MAX << (at % 64));
        while spaces == 0 {
            if index == 0 {
                return 0;
            }
            index -= 1;
            spaces = self.masks[index][SPACE];
        }
        index * 64 + 64 - spaces.leading_zeros() as usize
    }

    /// The words of `range` of the text [`Classes::tally`] last counted (when it counted
    /// it). A word is counted by its first letter or digit, so `range` starts and ends
    /// between tokens, as a sentence does.
    fn words_in(&self, range: Range<usize>) -> usize {
        let rank = |at: usize| {
            let (index, shift) = (at / 64, at % 64);
            self.ranks[index] + (self.firsts[index] & !(u64::MAX << shift)).count_ones() as usize
        };
        rank(range.end) - rank(range.start)
    }

    /// The words of the ASCII `text`, adding their syllables to `syllables_total`, as
    /// [`count_words`] counts them: tallied from the classes of `text` (made here), or word
    /// by word when a token is too long to tally. How a sentence is counted in a block that
    /// [`Classes::tally`] declined, or that has characters outside ASCII.
    fn count_words(&mut self, text: &str, syllables_total: &mut usize) -> usize {
        self.of(text.as_bytes());
        match self.tally(text) {
            Some(syllables) => {
                *syllables_total += syllables;
                self.words_in(0..text.len())
            }
            None => count_words(text, syllables_total),
        }
    }
}

/// Where a bit added at each of `starts` that is in `run` is carried to, through the rest of
/// its run of `run`: the bit after the run. `carry` comes in from the 64 bits before (a run
/// that reached their end), and goes out to the next.
fn carried(run: u64, starts: u64, carry: &mut u64) -> u64 {
    let (sum, over) = run.overflowing_add(starts & run);
    let (sum, over_again) = sum.overflowing_add(*carry);
    *carry = u64::from(over | over_again);
    sum & !run
}

/// The bits of `bits` (64 to a word) in `range`, which is not empty.
fn ones_in(bits: &[u64], range: Range<usize>) -> usize {
    (range.start / 64..=(range.end - 1) / 64)
        .map(|index| {
            let low = index * 64;
            let mut word = bits[index];
            if range.start > low {
                word &= u64::MAX << (range.start - low);
            }
            if range.end < low + 64 {
                word &= !(u64::MAX << (range.end - low));
            }
            word.count_ones() as usize
        })
        .sum()
}

/// The classes of sixteen bytes, a bit each, in the order of [`SPACE`], [`LETTER`], ...
#[inline(always)]
fn classify(bytes: u8x16) -> [u32; CLASSES] {
    let splat = u8x16::splat;
    // Only an ASCII letter becomes a letter when its 0x20 bit is set.
    let lower = bytes | splat(0x20);
    let is = |letter: u8| lower.simd_eq(splat(letter));
    let space = bytes.simd_eq(splat(b' ')) | at_most(bytes - splat(b'\t'), b'\r' - b'\t');
    let letter = at_most(lower - splat(b'a'), 25);
    let digit = at_most(bytes - splat(b'0'), 9);
    let (y, e, d, s) = (is(b'y'), is(b'e'), is(b'd'), is(b's'));
    let vowel = [b'a', b'i', b'o', b'u']
        .into_iter()
        .fold(y | e, |vowel, letter| vowel | is(letter));
    let sounds_es = [b'x', b'z', b'g', b'c', b'h']
        .into_iter()
        .fold(s, |sounds, letter| sounds | is(letter));
    [
        space,
        letter,
        letter | digit,
        vowel,
        y,
        e,
        is(b'l'),
        d,
        s,
        is(b't') | d,
        sounds_es,
    ]
    .map(u8x16::to_bitmask)
}

/// The first white space from `at` on, or `limit` if there is none before it (`limit` is
/// within the words of `masks`).
fn next(masks: &[[u64; CLASSES]], at: usize, limit: usize) -> usize {
    let mut index = at / 64;
    let mut word = masks[index][SPACE] & (u64::MAX << (at % 64));
    while word == 0 {
        index += 1;
        if index * 64 >= limit {
            return limit;
        }
        word = masks[index][SPACE];
    }
    (index * 64 + word.trailing_zeros() as usize).min(limit)
}

/// A word is a run of non-space characters with a letter or a digit in it, so "don't",
/// "10-12" and "shoulder-width" are one word each and a lone "—" or "&" is none.
fn is_word(token: &str) -> bool {
    if token.is_ascii() {
        token.bytes().any(|byte| byte.is_ascii_alphanumeric())
    } else {
        token.chars().any(is_alphanumeric)
    }
}

/// The syllables of a word, estimated the way hyphenation-based counters estimate them:
/// vowel groups (a, e, i, o, u, and y after a consonant), less a silent final e and a silent
/// -es or -ed; then, like a hyphenation dictionary, no break is counted within the first two
/// letters or the last three. A word with no letters (a number) has one.
fn syllables(word: &str) -> usize {
    // A word without a Latin letter has no vowel group, so one syllable: known without
    // testing each character's Unicode properties, which was the largest single cost of
    // linting pages in Korean, Chinese or Russian.
    if word.chars().all(cannot_be_a_vowel) {
        return 1;
    }
    // Fixed buffers: this runs for every word of every article, so it allocates nothing.
    let mut letters = [0u8; LONGEST];
    let mut length = 0;
    if word.is_ascii() {
        // Most words: bytes, without Unicode case tables.
        for byte in word.bytes().filter(u8::is_ascii_alphabetic).take(LONGEST) {
            letters[length] = byte.to_ascii_lowercase();
            length += 1;
        }
    } else {
        // [`syllables_of`] compares letters only with ASCII ones, so a letter outside ASCII
        // (once an accented vowel is its plain one) is a consonant equal to none: `0`.
        for c in word
            .chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .map(plain_vowel)
            .take(LONGEST)
        {
            letters[length] = u8::try_from(c).ok().filter(u8::is_ascii).unwrap_or(0);
            length += 1;
        }
    }
    syllables_of(&letters[..length])
}

/// No real word is longer than this; the cap bounds the work on a run of letters.
const LONGEST: usize = 64;

/// [`syllables`] of a word's letters, lower-cased, at most [`LONGEST`] of them; a letter
/// outside ASCII is `0`.
///
/// Without a branch per letter: bit `i` of a mask says whether letter `i` is in a vowel group
/// (a, e, i, o, u, and any y but a first letter), so the groups start where a bit follows a
/// clear one. A break is counted before each group but the first, a letter before it (two
/// before a final -le), away from the ends. Only the last group can turn out to be a silent
/// -ed or -es, which takes its break back. A unit test and property tests hold it to the
/// rules written out group by group (where a silent e is a rule of its own).
fn syllables_of(letters: &[u8]) -> usize {
    let length = letters.len();
    // A break needs two letters before it and three after: none in a word of four.
    if length <= 4 {
        return 1;
    }
    // The vowels by the classes a block's bytes get, sixteen letters at a time (the padding,
    // and `0` for a letter outside ASCII, are never vowels).
    let mut vowels = 0u64;
    for (index, sixteen) in letters.chunks(16).enumerate() {
        let classes = classify(u8x16::from(words::sixteen_or_padded(sixteen)));
        vowels |= u64::from(classes[VOWEL]) << (16 * index);
    }
    syllables_of_vowels(
        vowels,
        length,
        letters[0],
        [
            letters[length - 3],
            letters[length - 2],
            letters[length - 1],
        ],
    )
}

/// [`syllables_of`] a word of `length` letters (five to [`LONGEST`]) from its vowels: bit
/// `i` of `vowels` says whether letter `i` is a vowel or `y`. `first` is the first letter
/// and `last` the last three, lower-cased: all the rules read of the letters themselves.
fn syllables_of_vowels(vowels: u64, length: usize, first: u8, last: [u8; 3]) -> usize {
    // A first y is a consonant ("yes").
    let group = vowels & !u64::from(first == b'y');
    let starts = group & !(group << 1);
    let later = starts & starts.wrapping_sub(1);
    if later == 0 {
        return 1;
    }
    // A break before the group starting at `start` falls at `start - 1`: counted from the
    // third letter to the third from the end.
    let window = (u64::MAX >> (64 - (length - 1))) & !0b111;
    let last_start = 63 - starts.leading_zeros() as usize;
    let last_end = last_start + (group >> last_start).trailing_ones() as usize;
    let [third, second, final_letter] = last;
    let ends_with = |suffix: [u8; 2]| [second, final_letter] == suffix;
    // A final -le after a consonant is a syllable of its own ("ta-ble"): a break before the
    // consonant. (The final e is then a group of its own, after the l.)
    let le_break = ends_with(*b"le") && group >> (length - 3) & 1 == 0;
    let breaks = (later & window).count_ones() as usize + usize::from(le_break);
    // A silent final e ("make") takes nothing back: the break before it, one letter from
    // the end, is never counted, and where -le counts one the e is not silent. A silent -ed
    // ("liked", not "wanted") or -es ("makes", not "boxes" or "changes") takes back the break
    // before its e, which a word of five letters or more always counts.
    let silent_suffix = (last_start, last_end) == (length - 2, length - 1)
        && ((ends_with(*b"ed") && !matches!(third, b't' | b'd'))
            || (ends_with(*b"es")
                && !matches!(third, b's' | b'x' | b'z' | b'g' | b'c')
                && third != b'h'));
    breaks + 1 - usize::from(silent_suffix)
}

/// [`syllables_of`] written out group by group, as the test's reference.
#[cfg(test)]
fn syllables_by_groups(letters: &[u8]) -> usize {
    let length = letters.len();
    if length == 0 {
        return 1;
    }
    let is_vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let mut group_buffer = [(0u8, 0u8); LONGEST / 2];
    let mut count = 0;
    let mut at = 0;
    while at < length {
        let c = letters[at];
        let starts = is_vowel(c) || (c == b'y' && at > 0 && !is_vowel(letters[at - 1]));
        if starts {
            let start = at;
            while at < length && (is_vowel(letters[at]) || letters[at] == b'y') {
                at += 1;
            }
            group_buffer[count] = (start as u8, at as u8);
            count += 1;
        } else {
            at += 1;
        }
    }
    let ends_with = |suffix: &str| {
        let suffix = suffix.as_bytes();
        length >= suffix.len()
            && letters[length - suffix.len()..]
                .iter()
                .zip(suffix)
                .all(|(&letter, &byte)| letter == byte)
    };
    let before = |from_end: usize| letters.get(length.wrapping_sub(from_end)).copied();
    if count > 1
        && widen(group_buffer[count - 1]) == (length - 1, length)
        && letters[length - 1] == b'e'
        && !(ends_with("le") && before(3).is_some_and(|c| !is_vowel(c) && c != b'y'))
    {
        count -= 1;
    }
    if count > 1 && length >= 3 && widen(group_buffer[count - 1]) == (length - 2, length - 1) {
        let third = before(3).unwrap_or(b'a');
        let silent = (ends_with("ed") && !matches!(third, b't' | b'd'))
            || (ends_with("es")
                && !matches!(third, b's' | b'x' | b'z' | b'g' | b'c')
                && !ends_with("hes"));
        if silent {
            count -= 1;
        }
    }
    let groups = &group_buffer[..count];
    let syllabic_le = ends_with("le");
    let breaks = groups
        .windows(2)
        .map(|pair| {
            let (end, next) = (usize::from(pair[0].1), usize::from(pair[1].0));
            if syllabic_le && widen(pair[1]) == (length - 1, length) && next >= end + 2 {
                next - 2
            } else if next > end {
                next - 1
            } else {
                next
            }
        })
        .filter(|&cut| cut >= 2 && length - cut >= 3)
        .count();
    breaks + 1
}

#[cfg(test)]
fn widen((start, end): (u8, u8)) -> (usize, usize) {
    (usize::from(start), usize::from(end))
}

/// Whether `c` is sure not to be (or lower-case to) a letter [`syllables_of`] counts as a
/// vowel: ASCII that is not a letter, and everything past Latin and IPA but the letterlike
/// symbols (`Å`, U+212B, lower-cases to `å`). A unit test checks every character.
fn cannot_be_a_vowel(c: char) -> bool {
    if c.is_ascii() {
        !c.is_ascii_alphabetic()
    } else {
        c >= '\u{370}' && !('\u{2100}'..='\u{214F}').contains(&c)
    }
}

/// Accented vowels count as their plain letter ("café", "naïve").
fn plain_vowel(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_character_said_not_to_be_a_vowel_lower_cases_to_one() {
        let vowel = |c: char| matches!(plain_vowel(c), 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if cannot_be_a_vowel(c) {
                assert!(!c.to_lowercase().any(vowel), "{c:?} U+{:04X}", u32::from(c));
            }
        }
        assert_eq!(syllables("한국어"), 1);
        assert_eq!(syllables("Ångström"), 2);
        assert_eq!(
            syllables("\u{212B}ngstr\u{f6}m"),
            2,
            "the Ångström sign is a vowel"
        );
    }
    use crate::Config;
    use jiff::civil::Date;

    /// Words and syllables of `text` counted word by word: the reference.
    fn word_by_word(text: &str) -> (usize, usize) {
        let mut syllables_total = 0;
        let words = count_words(text, &mut syllables_total);
        (words, syllables_total)
    }

    /// Words and syllables of `text[range]` counted as an ASCII sentence is counted
    /// ([`Classes::count_words`]).
    fn by_classes(text: &str, range: std::ops::Range<usize>) -> (usize, usize) {
        let mut syllables_total = 0;
        let words = Classes::default().count_words(&text[range], &mut syllables_total);
        (words, syllables_total)
    }

    /// [`by_classes`] agrees with [`word_by_word`] on the whole of `text`, and on the part of
    /// it between the two cuts.
    fn agrees_whole_and_cut(
        text: &str,
        (a, b): (usize, usize),
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        proptest::prop_assert_eq!(by_classes(text, 0..text.len()), word_by_word(text));
        let (start, end) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
        proptest::prop_assert_eq!(
            by_classes(text, start..end),
            word_by_word(&text[start..end])
        );
        Ok(())
    }

    /// The count from the classes agrees with splitting, testing and counting word by word.
    #[test]
    fn the_ascii_word_count_is_the_general_one() {
        let long = format!("{} then{} words", "a".repeat(62), "x".repeat(70));
        // Words longer than 64 bytes whose first 64 hold no letter, or only some letters.
        let dashes = format!("{}abc and", "-".repeat(65));
        let syllables_apart = format!("see {} too", "ba-".repeat(30));
        for text in [
            "",
            " ",
            "Back pain usually gets better on its own.",
            "Don't lift heavy things; rest 2-3 days, e.g. after a fall!",
            "tabs\tand\nnew\x0blines\x0c and\r\ncarriage returns",
            "pneumonoultramicroscopicsilicovolcanoconiosisisareallylongwordindeedyesitisverylong",
            "x\x1fy \x00 z",
            "(Usually) \"tables\" liked; yesterday's boxes... 2025 YES",
            &long,
            &dashes,
            &syllables_apart,
        ] {
            if text.is_ascii() {
                assert_eq!(
                    by_classes(text, 0..text.len()),
                    word_by_word(text),
                    "{text:?}"
                );
            }
        }
        // Each part of a text, counted on its own.
        let text = "Rest for a day or two; then, gently, start moving again.";
        for (start, end) in [(0, 4), (5, 21), (22, text.len()), (3, 30)] {
            assert_eq!(
                by_classes(text, start..end),
                word_by_word(&text[start..end])
            );
        }
        // Words at and across the edges of 64-byte blocks, and the endings read in place.
        for text in [
            "a".repeat(64),
            format!(" {} b", "a".repeat(64)),
            format!("{} {}", "o".repeat(62), "tables"),
            "\"Yellowish (Yesterday".to_string(),
            "Bottle. Liked. Makes. Wanted. Boxes. Tables,".to_string(),
        ] {
            assert_eq!(
                by_classes(&text, 0..text.len()),
                word_by_word(&text),
                "{text:?}"
            );
        }
        // An ASCII sentence in a block with characters outside ASCII before it.
        for before in ["Café au lait. ", "Rest\u{a0}well. ", "A pause\u{2003}"] {
            let text = format!("{before}Then we walk the tables daily.");
            let range = before.len()..text.len();
            assert_eq!(
                by_classes(&text, range.clone()),
                word_by_word(&text[range]),
                "{text:?}"
            );
        }
    }

    /// [`Classes::tally`] agrees with [`word_by_word`] on `text`, or declines it for a token
    /// of 64 bytes or more; and [`Classes::words_in`] with it on every sentence and on the
    /// part between two cuts (each moved back to the white space before it).
    fn tally_agrees(
        text: &str,
        (a, b): (usize, usize),
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let is_space = |c: char| matches!(c, ' ' | '\t'..='\r');
        let mut classes = Classes::default();
        classes.of(text.as_bytes());
        let Some(syllables_total) = classes.tally(text) else {
            proptest::prop_assert!(text.split(is_space).any(|token| token.len() >= 64));
            return Ok(());
        };
        proptest::prop_assert_eq!(
            (classes.words_in(0..text.len()), syllables_total),
            word_by_word(text)
        );
        for range in rule().sentences(text) {
            proptest::prop_assert_eq!(
                classes.words_in(range.clone()),
                word_by_word(&text[range]).0
            );
        }
        let cut = |at: usize| text[..at.min(text.len())].rfind(is_space).unwrap_or(0);
        let (start, end) = (cut(a.min(b)), cut(a.max(b)));
        proptest::prop_assert_eq!(
            classes.words_in(start..end),
            word_by_word(&text[start..end]).0
        );
        Ok(())
    }

    #[test]
    fn the_tally_of_a_block_is_the_word_by_word_count() {
        let texts = [
            "",
            "   ",
            "Back pain usually gets better on its own.",
            "Don't lift heavy things; rest 2-3 days, e.g. after a fall!",
            "tabs\tand\nnew\x0blines\x0c and\r\ncarriage returns",
            "(Usually) \"tables\" liked; yesterday's boxes... 2025 YES",
            "Bottle. Liked. Makes. Wanted. Boxes. Tables, ISLE axed used yoyo YELLOW strength",
            "x86-64 e.g. shoulder-width don't 10-12 — & | a1b2c3d4 Get-ChildItem $PSVersion.Major",
            "handled rushes changes boxes fizzes judges places hatched wanted needed stables",
            // One group only, so no -le syllable or silent ending ("bbbble", "Strdle", "tsked",
            // "STSTLE"); and two, with the y of "rhythmle".
            "bbbble Strdle tsked rhythmle STSTLE",
            "under-stand re-enter co-operate a-b-c-d-e-f",
        ];
        for text in texts {
            tally_agrees(text, (0, text.len())).unwrap();
            // The same across the edges of 64-byte blocks.
            for shift in 1..64 {
                let shifted = format!("{}{text} {text}", " ".repeat(shift));
                tally_agrees(&shifted, (shift, shifted.len() / 2)).unwrap();
            }
        }
        // A token of 64 bytes or more leaves the block to be counted sentence by sentence.
        for text in [
            "a".repeat(64),
            format!("{} {}", "-".repeat(30), "b".repeat(64)),
            format!("{}{}", " ".repeat(40), "c".repeat(70)),
        ] {
            let mut classes = Classes::default();
            classes.of(text.as_bytes());
            assert_eq!(classes.tally(&text), None, "{text:?}");
        }
    }

    /// Every word of `lengths` letters drawn from `letters`.
    fn every_word(letters: &[u8], lengths: std::ops::RangeInclusive<u32>) -> Vec<Vec<u8>> {
        let mut words = Vec::new();
        for length in lengths {
            for mut index in 0..letters.len().pow(length) {
                words.push(
                    (0..length)
                        .map(|_| {
                            let letter = letters[index % letters.len()];
                            index /= letters.len();
                            letter
                        })
                        .collect(),
                );
            }
        }
        words
    }

    #[test]
    fn syllables_from_masks_agree_with_the_groups_on_every_short_word() {
        // Every word of up to five of the letters the rules look at (vowels, y, the
        // consonants of -le, -ed, -es and -hes and those that keep -es voiced), another
        // consonant, and a letter outside ASCII; and every word of six and seven of the
        // letters the silent endings and -le are made of.
        let short = every_word(b"aeyldsthxcr\0", 0..=5);
        assert_eq!(short.len(), 271_453);
        for word in short.iter().chain(&every_word(b"aeyldsh", 6..=7)) {
            assert_eq!(syllables_of(word), syllables_by_groups(word), "{word:?}");
        }
        for (word, expected) in [
            ("table", 2),
            ("make", 1),
            ("liked", 1),
            ("wanted", 2),
            ("boxes", 2),
            ("yesterday", 3),
        ] {
            assert_eq!(syllables_of(word.as_bytes()), expected, "{word}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_counts_agree_on_any_ascii(
            text in "[ -~\t\n\r\x0b\x0c\x1f]{0,300}",
            cuts in (0usize..301, 0usize..301),
        ) {
            agrees_whole_and_cut(&text, cuts)?;
            tally_agrees(&text, cuts)?;
        }

        #[test]
        fn the_ascii_counts_agree_on_word_like_text(
            text in "([(\"]?[A-Za-z]{0,14}['.-]?[a-zA-Z0-9]{0,12}[,.;:!?)\"]{0,2}[ \t\n]{1,2}){0,40}([a-z]{60,70}( [a-zA-Z]{0,80}){0,3})?",
            cuts in (0usize..1200, 0usize..1200),
        ) {
            agrees_whole_and_cut(&text, cuts)?;
            tally_agrees(&text, cuts)?;
        }

        #[test]
        fn the_tally_agrees_on_the_endings(
            text in "([(\"]?[YyAEIeiouylLsSdDhtxcgzr]{1,12}(['-][aeylsd]{1,6})?[,.;!?)]{0,2}[ \n]{1,2}){0,60}",
            cuts in (0usize..1200, 0usize..1200),
        ) {
            tally_agrees(&text, cuts)?;
        }

        #[test]
        fn syllables_from_masks_agree_with_the_groups(word in "[a-z\0]{0,64}") {
            proptest::prop_assert_eq!(syllables_of(word.as_bytes()), syllables_by_groups(word.as_bytes()));
        }

        #[test]
        fn syllables_from_masks_agree_on_vowel_heavy_words(word in "[aeiouylsdhtx]{0,64}") {
            proptest::prop_assert_eq!(syllables_of(word.as_bytes()), syllables_by_groups(word.as_bytes()));
        }
    }

    #[test]
    fn words_outside_ascii_are_counted_word_by_word() {
        // Five tokens, three of them words: "10-12" (one syllable, no letters),
        // "shoulder-width" (three) and "physiotherapist's" (five).
        assert_eq!(
            word_by_word("  -- & — 10-12 shoulder-width physiotherapist's  "),
            (3, 9)
        );
    }

    #[test]
    fn syllable_heuristic() {
        for (word, expected) in [
            ("back", 1),
            ("pain", 1),
            ("table", 2),
            ("makes", 1),
            ("wanted", 2),
            ("liked", 1),
            ("physiotherapist", 5),
            ("information", 4),
            ("2025", 1),
            ("don't", 1),
            ("shoulder-width", 3),
            // Hyphenation limits: no break in the first two or last three letters.
            ("about", 1),
            ("very", 1),
        ] {
            assert_eq!(syllables(word), expected, "{word}");
        }
        // The most vowel groups a word can hold: one every other letter, up to the cap.
        for word in ["ab".repeat(40), "ba".repeat(40), "bé".repeat(40)] {
            assert!(syllables(&word) > 20, "{word}");
            let mut total = 0;
            assert_eq!(count_words(&word, &mut total), 1);
            if word.is_ascii() {
                assert_eq!(by_classes(&word, 0..word.len()), (1, total));
            }
        }
    }

    fn rule() -> Readability {
        Readability {
            max_grade: 9.0,
            min_words: 0,
            longest: 3,
            abbreviations: vec!["e.g.".into(), "dr.".into()],
        }
    }

    /// The sentence splitter as first written, character by character: the reference for
    /// the one that jumps from mark to mark.
    fn sentences_by_character(rule: &Readability, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut sentences = Vec::new();
        let mut start = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if !matches!(c, '.' | '!' | '?') {
                continue;
            }
            let mut end = at + c.len_utf8();
            while let Some(&(next_at, next)) = chars.peek() {
                if !matches!(next, '.' | '!' | '?') {
                    break;
                }
                end = next_at + next.len_utf8();
                chars.next();
            }
            while let Some(&(next_at, next)) = chars.peek() {
                if !matches!(next, '"' | '\'' | ')' | ']' | '\u{bb}') {
                    break;
                }
                end = next_at + next.len_utf8();
                chars.next();
            }
            let at_space = chars.peek().is_none_or(|&(_, next)| next.is_whitespace());
            if at_space && !rule.is_abbreviation(&text[start..end]) {
                push_trimmed(&mut sentences, text, start..end);
                start = end;
            }
        }
        push_trimmed(&mut sentences, text, start..text.len());
        sentences
    }

    proptest::proptest! {
        #[test]
        fn sentences_split_as_character_by_character(
            text in "([a-z]{1,3}|e\\.g\\.|Dr\\.|[.!?\"')\\]»\u{a0}\u{2003} \n]|é){0,40}",
        ) {
            let rule = rule();
            proptest::prop_assert_eq!(rule.sentences(&text), sentences_by_character(&rule, &text));
        }
    }

    proptest::proptest! {
        /// The tokens that decide whether to count at all are never fewer than the words
        /// counted: in ASCII, with white space outside it (next line, a no-break space, the
        /// Ogham space mark, an em space, the line separator, the ideographic space),
        /// typographic quotes, headings and tables around.
        #[test]
        fn an_article_has_at_least_as_many_tokens_as_words(
            blocks in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["", "# ", "- ", "> ", "| a | b |\n|---|---|\n| "]),
                    "([A-Za-z]{1,6}|[0-9]{1,3}|e\\.g\\.|[.!?,;\"'()»«—-]|[“”‘’]|é|日本|[ \t\u{85}\u{a0}\u{1680}\u{2003}\u{2028}\u{3000}]){0,40}",
                ),
                0..8,
            ),
        ) {
            tokens_are_at_least_words(&blocks)?;
        }

        /// The same in ASCII alone, with every ASCII white space (tabs, vertical tabs, form
        /// feeds, soft line breaks with and without a carriage return) inside the blocks.
        #[test]
        fn an_ascii_article_has_at_least_as_many_tokens_as_words(
            blocks in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["", "# ", "- ", "> "]),
                    "([A-Za-z]{1,6}|[0-9]{1,3}|e\\.g\\.|[.!?,;\"'()-]|[ \t\x0b\x0c]|\r?\n\t?){0,60}",
                ),
                0..6,
            ),
        ) {
            tokens_are_at_least_words(&blocks)?;
        }
    }

    /// `count`, but every graded block on its own: the reference that counting runs of
    /// blocks at once is held to.
    fn count_block_by_block(rule: &Readability, article: &Article) -> Counts {
        let mut counts = Counts::default();
        let (mut classes, mut ranges) = (Classes::default(), Vec::new());
        for block in article.body.blocks.iter().filter(|block| graded(block)) {
            rule.count_block(article, block, &mut classes, &mut ranges, &mut counts);
        }
        counts
    }

    /// What a count found: words, syllables, and each sentence's place and words.
    fn found(counts: &Counts) -> (usize, usize, Vec<(Range<usize>, usize)>) {
        let sentences = counts
            .sentences
            .iter()
            .map(|sentence| (sentence.prose.clone(), sentence.words))
            .collect();
        (counts.words, counts.syllables, sentences)
    }

    proptest::proptest! {
        /// Runs of blocks are counted as the blocks one by one are: among headings, tables,
        /// quotes and lists, blocks outside ASCII, typographic quotes (straightened, so such
        /// a block is counted on its own), tokens of 64 bytes or more (a run with one is
        /// counted block by block), soft line breaks, and blocks of many lengths, so that runs
        /// cross the edges of 64 bytes.
        #[test]
        fn runs_of_blocks_count_as_the_blocks_one_by_one(
            blocks in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["", "# ", "- ", "> ", "1. ", "| a | b |\n|---|---|\n| "]),
                    "([A-Za-z]{1,9}|[0-9]{1,3}|e\\.g\\.|Dr\\.|[.!?,;\"'()-]|’|é|x{64}|[ \t]|\n){0,50}",
                    0usize..3,
                ),
                0..12,
            ),
        ) {
            let body: String = blocks
                .iter()
                .map(|(start, text, repeat)| {
                    // Now and then a longer block, across more edges of 64 bytes (runs that
                    // reach `RUN_BYTES` are the next test's).
                    let text = text.repeat(1 + 4 * repeat);
                    format!("{start}{text}\n\n")
                })
                .collect();
            let text = format!("---\ntitle: x\n---\n\n{body}");
            let article = Article::parse(&text);
            let rule = rule();
            proptest::prop_assert_eq!(
                found(&rule.count(&article)),
                found(&count_block_by_block(&rule, &article))
            );
        }
    }

    #[test]
    fn a_long_article_is_counted_in_runs_as_block_by_block() {
        let paragraph = "Bend your knees. Don't lift heavy things, e.g. boxes; rest 2-3 days!\n\n";
        let paragraphs = 3 * RUN_BYTES / paragraph.len();
        let text = format!("# Back\n\n{}", paragraph.repeat(paragraphs));
        let article = Article::parse(&text);
        let rule = rule();
        let counts = rule.count(&article);
        assert_eq!(
            found(&counts),
            found(&count_block_by_block(&rule, &article))
        );
        // Twelve words a paragraph (the heading is not graded), two sentences of three or
        // more.
        assert_eq!(counts.words, 12 * paragraphs);
        assert_eq!(counts.sentences.len(), 2 * paragraphs);
    }

    /// Each block is `(how it starts, its text)`, and blocks are separated by blank lines.
    fn tokens_are_at_least_words(
        blocks: &[(&str, String)],
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let body: String = blocks
            .iter()
            .map(|(start, text)| format!("{start}{text}\n\n"))
            .collect();
        let text = format!("---\ntitle: x\n---\n\n{body}");
        let article = Article::parse(&text);
        let words = rule().count(&article).words;
        proptest::prop_assert!(tokens_reach(&article, words), "{words} words in {body:?}");
        Ok(())
    }

    #[test]
    fn an_article_of_few_tokens_is_not_graded_and_one_of_enough_is() {
        let short = "Run fast. Jump far.\n\n# A heading of several words that are not prose\n";
        let article_text = format!("---\ntitle: x\n---\n\n{short}");
        let article = Article::parse(&article_text);
        assert!(tokens_reach(&article, 4));
        // The heading's seven words are not counted.
        assert!(!tokens_reach(&article, 5));
        let words = "word ".repeat(120);
        let long = format!("---\ntitle: x\n---\n\n{words}.\n");
        assert!(tokens_reach(&Article::parse(&long), 100));
    }

    #[test]
    fn sentences_end_at_marks_before_space() {
        let text = "Take 2.5 mg, e.g. with food. Is it \"safe?\" Yes! Ask Dr. Lee";
        let found: Vec<&str> = rule()
            .sentences(text)
            .into_iter()
            .map(|range| &text[range])
            .collect();
        assert_eq!(
            found,
            [
                "Take 2.5 mg, e.g. with food.",
                "Is it \"safe?\"",
                "Yes!",
                "Ask Dr. Lee"
            ]
        );
    }

    fn check(body: &str, config: &str) -> Vec<(String, String, Vec<String>)> {
        let text = format!("---\ntitle: x\n---\n\n{body}");
        let config = Config::from_text("c.yaml", config).unwrap();
        crate::lint(&text, &config, Date::constant(2026, 11, 25))
            .into_iter()
            .filter(|d| d.rule == ID)
            .map(|d| {
                let labels = d
                    .labels
                    .iter()
                    .map(|label| text[label.span.range()].to_string())
                    .collect();
                (
                    d.message.to_string(),
                    text[d.span.range()].to_string(),
                    labels,
                )
            })
            .collect()
    }

    #[test]
    fn the_grade_and_the_longest_sentences() {
        let body = "# Heading words are left out entirely here\n\nThe cat sat on the mat. Consideration of multidisciplinary rehabilitation interventions necessitates individualised assessment.\n\n```\ncode is left out too\n```\n\n- a short list item here\n";
        let found = check(
            body,
            "rules:\n  readability:\n    max_grade: 5\n    min_words: 10\n",
        );
        assert_eq!(found.len(), 1);
        let (message, span, labels) = &found[0];
        assert!(
            message.starts_with("the prose reads at Flesch–Kincaid grade "),
            "{message}"
        );
        assert!(message.ends_with("; the most allowed is 5"), "{message}");
        assert_eq!(
            span,
            "Consideration of multidisciplinary rehabilitation interventions necessitates individualised assessment."
        );
        assert_eq!(
            labels,
            &["The cat sat on the mat.", "a short list item here"]
        );
        assert!(check(body, "rules:\n  readability:\n    max_grade: 30\n").is_empty());
        assert!(
            check(body, "rules:\n  readability:\n    max_grade: 5\n").is_empty(),
            "under min_words"
        );
    }
}
