//! Counting words the way a reader meets them: Unicode word boundaries (UAX #29), a word must
//! hold a letter or digit, and each CJK ideograph, kana or hangul syllable is a word of its own.

use unicode_segmentation::UnicodeSegmentation;

/// The number of words in `text`.
pub fn count(text: &str) -> usize {
    text.unicode_words().map(count_in_word).sum()
}

fn count_in_word(word: &str) -> usize {
    if word.is_ascii() {
        return 1;
    }
    let mut words = 0;
    let mut in_run = false;
    for c in word.chars() {
        if is_cjk(c) {
            words += 1;
            in_run = false;
        } else if c.is_alphanumeric() {
            if !in_run {
                words += 1;
            }
            in_run = true;
        }
    }
    words
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
    use super::count;

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
