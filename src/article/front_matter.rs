//! Finding the front-matter block (`---` … `---` or `...`) and reading its YAML with spans
//! that point into the whole file.

use crate::diagnostic::Span;
use crate::yaml::{self, Entry, Node, Value, YamlError};

/// The front-matter block of an article.
#[derive(Clone, Debug)]
pub struct FrontMatter {
    /// The opening `---` line, without its line ending.
    pub open: Span,
    /// The closing `---` or `...` line, when there is one.
    pub close: Option<Span>,
    /// The YAML between the two lines.
    pub yaml: Span,
    /// The parsed YAML, spans relative to the file; `Err` when it is not valid YAML.
    pub parsed: Result<Node, YamlError>,
}

impl FrontMatter {
    /// The whole block, delimiters included.
    pub fn span(&self) -> Span {
        Span::new(
            self.open.start,
            self.close.map_or(self.yaml.end, |close| close.end),
        )
    }

    /// The top-level fields when the block is closed, valid YAML and a mapping.
    pub fn fields(&self) -> Option<&[Entry]> {
        self.close?;
        match &self.parsed {
            Ok(Node {
                value: Value::Map(entries),
                ..
            }) => Some(entries),
            _ => None,
        }
    }
}

/// Splits `text` into its front matter (if it opens with a `---` line after an optional BOM)
/// and the offset where the body starts.
pub fn split(text: &str) -> (Option<FrontMatter>, usize) {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Some((open_end, after_open)) = delimiter_line(text, start, &["---"]) else {
        return (None, start);
    };
    let open = Span::new(start, open_end);
    let mut at = after_open;
    while at < text.len() {
        if let Some((close_end, after_close)) = delimiter_line(text, at, &["---", "..."]) {
            let yaml_span = Span::new(after_open, at);
            let parsed = parse_shifted(&text[yaml_span.range()], after_open);
            let front = FrontMatter {
                open,
                close: Some(Span::new(at, close_end)),
                yaml: yaml_span,
                parsed,
            };
            return (Some(front), after_close);
        }
        at = next_line(text, at);
    }
    let yaml_span = Span::new(after_open, text.len());
    let front = FrontMatter {
        open,
        close: None,
        yaml: yaml_span,
        parsed: parse_shifted(&text[yaml_span.range()], after_open),
    };
    (Some(front), after_open)
}

/// When the line at `at` is one of `marks` (trailing spaces allowed), where its text ends and
/// where the next line starts.
fn delimiter_line(text: &str, at: usize, marks: &[&str]) -> Option<(usize, usize)> {
    let next = next_line(text, at);
    let line = text[at..next].trim_end_matches(['\n', '\r']);
    let content = line.trim_end_matches([' ', '\t']);
    marks
        .contains(&content)
        .then_some((at + content.len(), next))
}

fn next_line(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |nl| at + nl + 1)
}

fn parse_shifted(yaml_text: &str, offset: usize) -> Result<Node, YamlError> {
    match yaml::parse(yaml_text) {
        Ok(mut node) => {
            shift(&mut node, offset);
            Ok(node)
        }
        Err(mut error) => {
            error.span = Span::new(error.span.start + offset, error.span.end + offset);
            Err(error)
        }
    }
}

fn shift(node: &mut Node, offset: usize) {
    node.span = Span::new(node.span.start + offset, node.span.end + offset);
    match &mut node.value {
        Value::List(items) => items.iter_mut().for_each(|item| shift(item, offset)),
        Value::Map(entries) => {
            for entry in entries {
                entry.key_span =
                    Span::new(entry.key_span.start + offset, entry.key_span.end + offset);
                shift(&mut entry.value, offset);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_text<'a>(text: &'a str, front: &FrontMatter, key: &str) -> &'a str {
        let entry = front
            .fields()
            .unwrap()
            .iter()
            .find(|e| e.key == key)
            .unwrap();
        &text[entry.value.span.range()]
    }

    #[test]
    fn lf_block() {
        let text = "---\ntitle: Hi\ndate: 2025-10-17\n---\n# Body\n";
        let (front, body) = split(text);
        let front = front.unwrap();
        assert_eq!(value_text(text, &front, "date"), "2025-10-17");
        assert_eq!(&text[body..], "# Body\n");
        assert_eq!(&text[front.close.unwrap().range()], "---");
    }

    #[test]
    fn crlf_block_with_blank_lines_and_dots_close() {
        let text = "---\r\n\r\ntitle: Hi\r\ndate: 2025-10-17\r\n...\r\nBody";
        let (front, body) = split(text);
        let front = front.unwrap();
        assert_eq!(value_text(text, &front, "title"), "Hi");
        assert_eq!(value_text(text, &front, "date"), "2025-10-17");
        assert_eq!(&text[body..], "Body");
    }

    #[test]
    fn bom_is_skipped_and_spans_stay_exact() {
        let text = "\u{feff}---\ntitle: \"Ça va\"\n---\n";
        let (front, _) = split(text);
        let front = front.unwrap();
        assert_eq!(front.open.start, 3);
        assert_eq!(value_text(text, &front, "title"), "\"Ça va\"");
    }

    #[test]
    fn unclosed_and_absent() {
        let (front, body) = split("---\ntitle: x\n");
        assert!(front.unwrap().close.is_none());
        assert_eq!(body, 4);
        let (front, body) = split("# Title\n---\n");
        assert!(front.is_none());
        assert_eq!(body, 0);
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let text = "---\ntitle: [oops\n---\n";
        let (front, _) = split(text);
        let error = front.unwrap().parsed.unwrap_err();
        assert!(error.span.start > 4 && error.span.end <= text.len());
    }
}
