//! Byte offsets to 1-based lines and columns (columns count Unicode scalar values).

/// Where each line starts, for turning byte offsets into lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and column, with the byte offset it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()));
        LineIndex { starts }
    }

    /// The position of `offset`, clamped into the text and back to a character boundary.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(exact) => exact,
            Err(next) => next - 1,
        };
        let start = self.starts[line];
        let column = text[start..offset].chars().count() + 1;
        Position {
            offset,
            line: line + 1,
            column,
        }
    }

    /// The byte range of 1-based `line`, without its line ending.
    pub fn line_span(&self, text: &str, line: usize) -> (usize, usize) {
        let index = line.saturating_sub(1).min(self.starts.len() - 1);
        let start = self.starts[index];
        let mut end = self.starts.get(index + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    /// The byte offset of 1-based `line` and `column` (in characters), clamped into the text.
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let (start, end) = self.line_span(text, line);
        text[start..end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(end, |(at, _)| start + at)
    }
}

/// The positions of `offsets` (in any order, each moved back onto a character boundary),
/// as [`LineIndex::position`] gives them, without an index of every line: one pass counts
/// the line feeds up to the last offset, and each column is counted
/// back to its line's start. What a file's handful of diagnostics needs.
pub fn positions(text: &str, offsets: &[usize]) -> Vec<Position> {
    let bytes = text.as_bytes();
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&index| offsets[index]);
    let mut found = vec![
        Position {
            offset: 0,
            line: 1,
            column: 1,
        };
        offsets.len()
    ];
    // Line feeds before `counted`.
    let (mut feeds, mut counted) = (0, 0);
    for index in order {
        let mut offset = offsets[index].min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // memchr's count is vectorised for the machine it runs on: a file's last diagnostic
        // (a missing section, reported at the end) counts every line feed of the file.
        feeds += memchr::memchr_iter(b'\n', &bytes[counted..offset]).count();
        counted = offset;
        let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |feed| feed + 1);
        found[index] = Position {
            offset,
            line: feeds + 1,
            column: text[start..offset].chars().count() + 1,
        };
    }
    found
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes).map(|at| at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn positions_are_the_indexs(
            text in "[a\n\ré€]{0,80}",
            offsets in proptest::collection::vec(0usize..100, 0..8),
        ) {
            let index = LineIndex::new(&text);
            let expected: Vec<Position> =
                offsets.iter().map(|&offset| index.position(&text, offset)).collect();
            proptest::prop_assert_eq!(positions(&text, &offsets), expected);
        }
    }

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "ab\r\nçé x\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0).line, 1);
        let x = text.find('x').unwrap();
        let at = index.position(text, x);
        assert_eq!((at.line, at.column), (2, 4));
        assert_eq!(index.position(text, text.len()).line, 3);
        assert_eq!(index.line_span(text, 1), (0, 2));
        assert_eq!(index.offset(text, 2, 4), x);
    }

    #[test]
    fn offsets_inside_a_character_move_back_to_its_start() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1).offset, 0);
    }
}
