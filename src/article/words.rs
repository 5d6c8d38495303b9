//! Counting words the way a reader meets them: Unicode word boundaries (UAX #29), a word must
//! hold a letter or digit, and each CJK ideograph, kana or hangul syllable is a word of its own.

use unicode_segmentation::UnicodeSegmentation;
use wide::u8x16;

/// The number of words in `text`.
pub fn count(text: &str) -> usize {
    // Word boundaries always fall after a line feed (UAX #29, WB3a, which no other rule
    // overrides), so the lines can be counted apart: the ASCII ones on the fast path, and only
    // the lines with a character outside ASCII by the Unicode rules. One curly quote no
    // longer sends a whole article down the slow path.
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut at = 0;
    // One buffer for every line with a character outside ASCII.
    let mut stand_ins = Vec::new();
    while let Some(found) = first_non_ascii(&bytes[at..]) {
        let outside = at + found;
        let line_start =
            memchr::memrchr(b'\n', &bytes[at..outside]).map_or(at, |line| at + line + 1);
        let line_end =
            memchr::memchr(b'\n', &bytes[outside..]).map_or(bytes.len(), |end| outside + end + 1);
        words += count_ascii(&bytes[at..line_start]);
        words += count_by_stand_ins(&text[line_start..line_end], &mut stand_ins)
            .unwrap_or_else(|| count_mixed(text, line_start, line_end, outside));
        at = line_end;
    }
    words + count_ascii(&bytes[at..])
}

/// [`count`] of a line whose characters outside ASCII are all ones that [`stand_in`] knows
/// (`None` for any other line): most lines of a page in Chinese, Japanese, Korean, Russian,
/// Greek or a language written in Latin letters. Each such character is counted if it is a
/// word of its own and replaced by ASCII that the Unicode rules treat alike, and the ASCII
/// is counted on the fast path. `stand_ins` is a buffer to reuse.
fn count_by_stand_ins(line: &str, stand_ins: &mut Vec<u8>) -> Option<usize> {
    stand_ins.clear();
    let mut words = 0;
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let Some(found) = first_non_ascii(&bytes[at..]) else {
            stand_ins.extend_from_slice(&bytes[at..]);
            break;
        };
        stand_ins.extend_from_slice(&bytes[at..at + found]);
        at += found;
        let c = line[at..].chars().next()?;
        at += c.len_utf8();
        match stand_in(c)? {
            StandIn::Word => {
                words += 1;
                stand_ins.push(b' ');
            }
            StandIn::Byte(byte) => stand_ins.push(byte),
        }
    }
    Some(words + count_ascii(stand_ins))
}

/// What a character outside ASCII counts as in [`count_by_stand_ins`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StandIn {
    /// A word of its own that joins nothing: a hangul syllable, an ideograph, kana. Each is
    /// a word by [`count_in_word`] whatever segment it is in, and a word in a segment ends
    /// any run of letters before it, so it counts as a word between two spaces does.
    Word,
    /// A character that the word-boundary rules treat as this ASCII byte: an accented or
    /// Cyrillic letter as `a`, a full-width comma (joining two digits) as `,`, a full-width
    /// colon (joining two letters) as `:`, an ideographic full stop (a boundary) as a space.
    Byte(u8),
}

/// The characters of prose outside ASCII that [`count_by_stand_ins`] can count; a unit test
/// holds each of them to the Unicode rules in ASCII contexts that join, split or run on.
fn stand_in(c: char) -> Option<StandIn> {
    let stand_in = match c as u32 {
        // Hangul syllables, hiragana, katakana (with the prolonged sound mark) and the
        // unified ideographs: letters, each a word (an unassigned code point is none).
        0xAC00..=0xD7A3 | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC => StandIn::Word,
        0x4E00..=0x9FFF if is_alphanumeric(c) => StandIn::Word,
        0x4E00..=0x9FFF => StandIn::Byte(b' '),
        // Ideographic comma and full stop, corner brackets, and full-width `!`, `(`, `)`,
        // `?`, `[`, `]`: boundaries.
        0x3001 | 0x3002 | 0x300C..=0x300F | 0xFF01 | 0xFF08 | 0xFF09 | 0xFF1F | 0xFF3B | 0xFF3D => {
            StandIn::Byte(b' ')
        }
        0xFF0C => StandIn::Byte(b','),
        0xFF0E => StandIn::Byte(b'.'),
        0xFF1A => StandIn::Byte(b':'),
        0xFF1B => StandIn::Byte(b';'),
        // The letters of Latin-1 and Latin Extended-A, Greek and Cyrillic (not their marks
        // or signs): letters as `a` is, joined into words as ASCII letters are.
        0x00C0..=0x017F | 0x0370..=0x03FF | 0x0400..=0x04FF if is_alphanumeric(c) => {
            StandIn::Byte(b'a')
        }
        // Typographic apostrophes join letters as `'` does; dashes, quotation marks, the
        // ellipsis, guillemets and the no-break space are boundaries.
        0x2018 | 0x2019 => StandIn::Byte(b'\''),
        0x2013 | 0x2014 | 0x201C | 0x201D | 0x2026 | 0x00AB | 0x00BB | 0x00A0 => {
            StandIn::Byte(b' ')
        }
        _ => return None,
    };
    Some(stand_in)
}

/// [`count`] of the line `text[start..end]`, whose first byte outside ASCII is at `outside`:
/// a line in a language written in Latin letters is mostly ASCII words with an accented one
/// here and there, so only the stretches around the characters outside ASCII go by the
/// Unicode rules. The line is cut where a space is followed by an ASCII character that is
/// not a space: UAX #29 always breaks there (no rule joins a space to what follows it but
/// another space, WB3d, or a mark, WB4), and no rule on either side looks across the space,
/// so each stretch has the words it has in the whole line.
fn count_mixed(text: &str, start: usize, end: usize, mut outside: usize) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut at = start;
    loop {
        // The cut at or before the character outside ASCII, and the first after it.
        let from = last_cut(&bytes[at..outside]).map_or(at, |cut| at + cut);
        let to = next_cut(&bytes[outside + 1..end]).map_or(end, |cut| outside + 1 + cut);
        words += count_ascii(&bytes[at..from]);
        words += count_unicode(&text[from..to]);
        at = to;
        match first_non_ascii(&bytes[at..end]) {
            Some(found) => outside = at + found,
            None => return words + count_ascii(&bytes[at..end]),
        }
    }
}

/// The last place in `bytes` (all ASCII) where a stretch may be cut: after a space, before
/// an ASCII byte that is not one. A cut needs a space before it, so the search jumps from
/// space to space.
fn last_cut(bytes: &[u8]) -> Option<usize> {
    memchr::memrchr_iter(b' ', bytes).find_map(|space| cut_after(bytes, space))
}

/// The first place in `bytes` where a stretch may be cut, found as [`last_cut`] finds it.
fn next_cut(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b' ', bytes).find_map(|space| cut_after(bytes, space))
}

/// The cut right after the space at `space`, if the byte there is ASCII and not a space.
fn cut_after(bytes: &[u8], space: usize) -> Option<usize> {
    let after = space + 1;
    bytes
        .get(after)
        .is_some_and(|&byte| byte != b' ' && byte.is_ascii())
        .then_some(after)
}

/// Where the first byte outside ASCII is, eight bytes at a time.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let high = u64::from_le_bytes(word.try_into().expect("eight bytes")) & HIGH;
        if high != 0 {
            return Some(at + high.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|byte| !byte.is_ascii())
        .map(|found| at + found)
}

/// [`count`] by the Unicode rules alone.
fn count_unicode(text: &str) -> usize {
    // Every segment, not only `unicode_words`' (those with a letter or digit): a segment
    // without one counts no words anyway, and the letters are then tested once, not twice.
    text.split_word_bounds().map(count_in_word).sum()
}

/// [`count`] of ASCII text from bit masks of 64 bytes at a time (property tests hold it to
/// the general path, and to a count a byte at a time). In ASCII, UAX #29 keeps letters,
/// digits and `_` together, and joins two letters across one `:`, `.` or `'`, and two
/// digits across one `,`, `;`, `.` or `'`; a word must hold a letter or digit. So the words
/// are the runs of letters, digits and `_`, less the joins between two of them, less the
/// runs of `_` alone.
fn count_ascii(bytes: &[u8]) -> usize {
    count_ascii_runs(bytes) - underscores_alone(bytes)
}

/// The runs of `_` with no letter or digit either side (`___`, not `a_b` or `_id`): each is
/// a run that [`count_ascii_runs`] counted and that holds no word. `_` is rare in prose, so
/// the search jumps from one to the next.
fn underscores_alone(bytes: &[u8]) -> usize {
    let mut alone = 0;
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'_', &bytes[from..]) {
        let start = from + found;
        let mut end = start + 1;
        while bytes.get(end) == Some(&b'_') {
            end += 1;
        }
        let before = start
            .checked_sub(1)
            .is_some_and(|before| bytes[before].is_ascii_alphanumeric());
        let after = bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
        alone += usize::from(!before && !after);
        from = end;
    }
    alone
}

/// The runs of letters, digits and `_` in ASCII text, less the joins between two of them,
/// from bit masks of 64 bytes at a time.
fn count_ascii_runs(bytes: &[u8]) -> usize {
    let mut words = 0;
    // The masks of the block before, of this one and of the next: the joins of this block
    // look one byte either side.
    let mut before = Masks::default();
    let mut blocks = bytes.chunks(64).map(Masks::of);
    let Some(mut this) = blocks.next() else {
        return 0;
    };
    loop {
        let next = blocks.next();
        let after = next.unwrap_or_default();
        let word = this.alpha | this.digit | this.underscore;
        let carried = (before.alpha | before.digit | before.underscore) >> 63;
        words += (word & !(word << 1 | carried)).count_ones() as usize;
        let alpha_before = this.alpha << 1 | before.alpha >> 63;
        let alpha_after = this.alpha >> 1 | (after.alpha & 1) << 63;
        let digit_before = this.digit << 1 | before.digit >> 63;
        let digit_after = this.digit >> 1 | (after.digit & 1) << 63;
        let joins = (this.joins_letters & alpha_before & alpha_after)
            | (this.joins_digits & digit_before & digit_after);
        words -= joins.count_ones() as usize;
        let Some(next) = next else {
            return words;
        };
        before = this;
        this = next;
    }
}

/// Bit `i` of each mask says whether byte `i` of a block of 64 ASCII bytes is a letter, a
/// digit, `_`, a byte that joins two letters (`:`, `.`, `'`), or one that joins two digits
/// (`,`, `;`, `.`, `'`). Bytes past the end of the text are none of them.
#[derive(Clone, Copy, Default)]
struct Masks {
    alpha: u64,
    digit: u64,
    underscore: u64,
    joins_letters: u64,
    joins_digits: u64,
}

impl Masks {
    /// The masks of a block of at most 64 bytes: sixteen bytes a SIMD vector (`wide`, the
    /// width every x86-64 has), the last ones padded with zeros, which are none of the classes.
    fn of(block: &[u8]) -> Masks {
        let mut masks = Masks::default();
        for (index, sixteen) in block.chunks(16).enumerate() {
            let b = u8x16::from(sixteen_or_padded(sixteen));
            let splat = u8x16::splat;
            let is = |byte: u8| b.simd_eq(splat(byte));
            let shift = 16 * index;
            let bits = |vector: u8x16| u64::from(vector.to_bitmask()) << shift;
            masks.alpha |= bits(at_most((b | splat(0x20)) - splat(b'a'), 25));
            masks.digit |= bits(at_most(b - splat(b'0'), 9));
            masks.underscore |= bits(is(b'_'));
            let both = is(b'.') | is(b'\'');
            masks.joins_letters |= bits(both | is(b':'));
            masks.joins_digits |= bits(both | is(b',') | is(b';'));
        }
        masks
    }
}

/// The lanes of `x` at most `n`, unsigned: what SSE2 has for it is an unsigned minimum.
pub(crate) fn at_most(x: u8x16, n: u8) -> u8x16 {
    x.min(u8x16::splat(n)).simd_eq(x)
}

/// Sixteen bytes as an array, the last bytes of a text padded with zeros: never through a
/// copy of unknown length where there are sixteen.
pub(crate) fn sixteen_or_padded(bytes: &[u8]) -> [u8; 16] {
    <[u8; 16]>::try_from(bytes).unwrap_or_else(|_| {
        let mut lanes = [0; 16];
        let length = bytes.len().min(16);
        lanes[..length].copy_from_slice(&bytes[..length]);
        lanes
    })
}

/// [`count_ascii`] a byte at a time: the reference the masks are held to.
#[cfg(test)]
fn count_ascii_bytes(bytes: &[u8]) -> usize {
    let is_word_byte = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let joins = |before: u8, middle: u8, after: u8| {
        (before.is_ascii_alphabetic()
            && after.is_ascii_alphabetic()
            && matches!(middle, b':' | b'.' | b'\''))
            || (before.is_ascii_digit()
                && after.is_ascii_digit()
                && matches!(middle, b',' | b';' | b'.' | b'\''))
    };
    let mut words = 0;
    let mut at = 0;
    while at < bytes.len() {
        if !is_word_byte(bytes[at]) {
            at += 1;
            continue;
        }
        let mut alphanumeric = false;
        loop {
            while at < bytes.len() && is_word_byte(bytes[at]) {
                alphanumeric |= bytes[at] != b'_';
                at += 1;
            }
            match (bytes.get(at), bytes.get(at + 1)) {
                (Some(&middle), Some(&after)) if joins(bytes[at - 1], middle, after) => at += 1,
                _ => break,
            }
        }
        words += usize::from(alphanumeric);
    }
    words
}

/// The words in one segment between word boundaries: none without a letter or digit.
fn count_in_word(word: &str) -> usize {
    if word.is_ascii() {
        return usize::from(word.bytes().any(|byte| byte.is_ascii_alphanumeric()));
    }
    let mut words = 0;
    let mut in_run = false;
    // A segment of marks alone (a lone voiced-sound mark, U+3099, is in the kana block) is
    // no word; one letter or digit makes every CJK character in it one.
    let mut alphanumeric = false;
    for c in word.chars() {
        if is_cjk(c) {
            words += 1;
            in_run = false;
            alphanumeric = alphanumeric || is_alphanumeric(c);
        } else if is_alphanumeric(c) {
            if !in_run {
                words += 1;
            }
            in_run = true;
            alphanumeric = true;
        }
    }
    if alphanumeric { words } else { 0 }
}

/// One bit per code point of the Basic Multilingual Plane, made by the build script from
/// `char::is_alphanumeric`.
static ALPHANUMERIC: &[u8; 0x10000 / 8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/alphanumeric.bin"));

/// Whether `text` has at least `count` ASCII digits: how the phone-number and numeric-date
/// searches rule out most of the prose (nine in ten of tldr's pages have too few) without
/// their patterns. Counted a block at a time until there are enough; within a block the
/// count is a byte, which the compiler adds sixteen lanes at a time (a count of `usize`
/// took four bytes a step, and this test was ~4 % of linting a docs site).
pub(crate) fn has_ascii_digits(text: &str, count: usize) -> bool {
    let mut digits = 0;
    // At most 255 digits in a block, so its count fits in a byte.
    for block in text.as_bytes().chunks(255) {
        let in_block = block.iter().fold(0u8, |sum, &byte| {
            sum.wrapping_add(u8::from(byte.wrapping_sub(b'0') < 10))
        });
        digits += usize::from(in_block);
        if digits >= count {
            return true;
        }
    }
    count == 0
}

/// `char::is_alphanumeric`, by a table for the Basic Multilingual Plane (a unit test
/// compares every character): the word counts test every letter outside ASCII.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    let code = c as usize;
    match ALPHANUMERIC.get(code / 8) {
        Some(bits) => bits & (1 << (code % 8)) != 0,
        None => c.is_alphanumeric(),
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // hiragana, katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // hangul syllables
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0x20000..=0x3134F  // extensions B to G
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_table_of_letters_and_digits_is_the_standard_librarys() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                is_alphanumeric(c),
                c.is_alphanumeric(),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    /// Every character with a stand-in, between ASCII that joins, splits or runs on.
    #[test]
    fn every_stand_in_counts_as_the_unicode_rules_count_it() {
        let stand_ins: Vec<char> = (0..=0xFFFF)
            .filter_map(char::from_u32)
            .filter(|&c| stand_in(c).is_some())
            .collect();
        assert!(stand_ins.len() > 30_500, "{}", stand_ins.len());
        let befores = [
            "", "a", "1", "_", " ", "a.", "1.", "a:", "1,", "a'", "1;", "a_",
        ];
        let afters = [
            "", "a", "1", "_", " ", ".a", ".1", ":a", ",1", "'a", ";1", "_a",
        ];
        let mut buffer = Vec::new();
        for (index, &c) in stand_ins.iter().enumerate() {
            // Every character in the contexts that matter most, and one in a hundred (and
            // the ends of each range) in all of them.
            let every = index % 100 == 0
                || stand_ins
                    .get(index + 1)
                    .is_none_or(|&next| next as u32 != c as u32 + 1)
                || index
                    .checked_sub(1)
                    .is_none_or(|before| stand_ins[before] as u32 + 1 != c as u32);
            let pairs: Vec<(&str, &str)> = if every {
                befores
                    .iter()
                    .flat_map(|&b| afters.iter().map(move |&a| (b, a)))
                    .collect()
            } else {
                vec![("a.", ".1"), ("1,", ":a"), ("a'", "_a")]
            };
            for (before, after) in pairs {
                let line = format!("{before}{c}{after}");
                assert_eq!(
                    count_by_stand_ins(&line, &mut buffer),
                    Some(count_unicode(&line)),
                    "{line:?} (U+{:04X})",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn a_mark_alone_is_no_word() {
        // U+3099, the voiced-sound mark, is in the kana block but is no letter.
        assert_eq!(count("\u{3099}\u{ae}"), 0);
        // Each ideograph is a word of its own.
        assert_eq!(count("\u{65e5}\u{672c}"), 2);
    }

    #[test]
    fn the_runs_count_each_byte_and_block_edge_as_the_bytes_do() {
        // Every word and join a byte either side of a block's edge.
        for at in 55..=73 {
            for piece in [
                "a.b", "1,5", "a'b", "x:y", "1.a", "a. b", "7;8", "ab", "a", "_", "a_", "_a", "__",
                "_.a", "a_.b", "1_2",
            ] {
                let text = format!("{}{piece} c", " ".repeat(at));
                assert_eq!(
                    count_ascii(text.as_bytes()),
                    count_ascii_bytes(text.as_bytes()),
                    "{text:?}"
                );
            }
        }
        assert_eq!(count_ascii_runs(b""), 0);
        let text = b"don't stop: 1,000.5 x.y.z ... a..b";
        assert_eq!(count_ascii_runs(text), 6);
        assert_eq!(count_ascii_bytes(text), 6);
    }

    proptest! {
        #[test]
        fn enough_digits_is_said_as_a_count_of_every_digit_says(
            // Long runs of digits fill a block of the count with digits only.
            text in "([0-9]{0,300}|[a/:é ]{0,40}){0,12}",
            count in 0usize..800,
        ) {
            let digits = text.bytes().filter(u8::is_ascii_digit).count();
            prop_assert_eq!(has_ascii_digits(&text, count), digits >= count);
        }

        #[test]
        fn the_runs_count_as_the_bytes_do(text in "[a-c0-2 .,:;'\\-]{0,200}") {
            prop_assert_eq!(count_ascii_runs(text.as_bytes()), count_ascii_bytes(text.as_bytes()));
        }

        #[test]
        fn underscores_count_as_the_bytes_do(text in "[a-c0-2_ .,:;'\\-]{0,200}") {
            prop_assert_eq!(count_ascii(text.as_bytes()), count_ascii_bytes(text.as_bytes()));
        }

        #[test]
        fn any_ascii_counts_as_the_bytes_do(text in "[\\x00-\\x7f]{0,200}") {
            prop_assert_eq!(count_ascii(text.as_bytes()), count_ascii_bytes(text.as_bytes()));
        }

        #[test]
        fn lines_apart_count_as_the_whole_text_does(
            text in "([a-z_]{1,4}|[ée’'_.,: \n\r\t]|\r\n|[\u{4e00}-\u{4e0f}]|\u{301}|\u{200d}|\u{1f1ec}|[0-9]){0,40}",
        ) {
            prop_assert_eq!(count(&text), count_unicode(&text));
        }

        #[test]
        fn the_runs_count_any_ascii_without_underscores_as_the_bytes_do(text in "[\\x00-\\x5e\\x60-\\x7f]{0,200}") {
            prop_assert_eq!(count_ascii_runs(text.as_bytes()), count_ascii_bytes(text.as_bytes()));
        }

        #[test]
        fn ascii_is_counted_as_the_unicode_rules_count_it(
            text in "[aZy09_.:',;!? \t\n\r\"()/-]{0,40}",
        ) {
            let general: usize = text.unicode_words().map(count_in_word).sum();
            prop_assert_eq!(count_ascii(text.as_bytes()), general);
        }

        #[test]
        fn stretches_between_cuts_count_as_the_whole_line_does(
            text in "( {1,2}|\t|[a-z]{1,3}|[0-9]|[.'’:,_-]|é|\u{301}|\u{200d}|\u{ad}|\u{1f1ec}|\u{1f600}|[\u{4e00}-\u{4e03}]|[а-в]|\r?\n){0,40}",
        ) {
            prop_assert_eq!(count(&text), count_unicode(&text));
        }

        #[test]
        fn every_segment_counted_is_what_the_words_alone_count(text in "\\PC{0,60}") {
            let words: usize = text.unicode_words().map(count_in_word).sum();
            prop_assert_eq!(count(&text), words);
        }

        #[test]
        fn cjk_lines_are_counted_as_the_unicode_rules_count_them(
            text in "([a-z]{1,3}|[0-9]{1,2}|[ _.,:;'!?()\n-]|[가-힣]{1,3}|[一-龥]{1,3}|[ぁ-ゖ]{1,2}|[ァ-ヺー]{1,2}|[、。「」『』！（），．：；？［］]|[ㄱ-ㅎ]|[“”・]|é|\u{301}){0,40}",
        ) {
            prop_assert_eq!(count(&text), count_unicode(&text));
        }

        #[test]
        fn mixed_scripts_are_counted_as_the_words_alone_count(
            text in "([a-z]{1,4}|[ée’'_.,: ]|[\\u{4e00}-\\u{4e0f}]|[а-я]{1,3}|\\u{301}|\\u{200d}|[0-9]){0,30}",
        ) {
            let words: usize = text.unicode_words().map(count_in_word).sum();
            prop_assert_eq!(count(&text), words);
        }

        #[test]
        fn any_ascii_is_counted_as_the_unicode_rules_count_it(text in "[\\x00-\\x7f]{0,60}") {
            let general: usize = text.unicode_words().map(count_in_word).sum();
            prop_assert_eq!(count_ascii(text.as_bytes()), general);
        }
    }

    #[test]
    fn ascii_joins_and_splits() {
        for (text, words) in [
            ("a.b.c", 1),
            ("a..b", 2),
            ("1,000.50", 1),
            ("a:b", 1),
            ("a.1", 2),
            ("1a_b2", 1),
            ("___ _", 0),
            ("it's 3'4", 2),
            ("end.", 1),
        ] {
            assert_eq!(count_ascii(text.as_bytes()), words, "{text}");
            assert_eq!(text.unicode_words().count(), words, "{text}");
        }
    }

    #[test]
    fn english_words() {
        assert_eq!(count("Back pain after squats: safe technique."), 6);
        assert_eq!(count("don't stop — it's fine"), 4);
        assert_eq!(count("10-12 reps, 85% of 1RM"), 6);
        assert_eq!(count("  \n\t "), 0);
    }

    #[test]
    fn each_cjk_character_is_a_word() {
        assert_eq!(count("腰痛の治療"), 5);
        assert_eq!(count("허리 통증"), 4);
        assert_eq!(count("pain 痛み"), 3);
    }

    #[test]
    fn accents_stay_in_one_word() {
        assert_eq!(count("café naïve résumé"), 3);
    }
}
