//! `--format json`: the version 1 document of the brief, field for field.

use serde::Serialize;

use super::{FileResult, Located, Summary};
use crate::diagnostic::{Fix, Severity};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    summary: &'a Summary,
    diagnostics: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
pub(super) struct Item<'a> {
    path: &'a str,
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    span: SpanOut,
    fix: Option<&'a Fix>,
}

#[derive(Serialize)]
struct SpanOut {
    start: Point,
    end: Point,
}

#[derive(Serialize)]
struct Point {
    offset: usize,
    line: usize,
    column: usize,
}

/// The serde form of an item, the reference that [`items_text`] is held to.
#[cfg(test)]
fn item<'a>(path: &'a str, located: &'a Located) -> Item<'a> {
    let diagnostic = &located.diagnostic;
    Item {
        path,
        rule: &diagnostic.rule,
        severity: diagnostic.severity,
        message: &diagnostic.message,
        help: diagnostic.help.as_deref(),
        span: SpanOut {
            start: Point {
                offset: located.start.offset,
                line: located.start.line,
                column: located.start.column,
            },
            end: Point {
                offset: located.end.offset,
                line: located.end.line,
                column: located.end.column,
            },
        },
        fix: diagnostic.fix.as_ref(),
    }
}

/// The items of one file's diagnostics (the tests render whole documents from them).
#[cfg(test)]
pub(super) fn items(result: &FileResult) -> Vec<Item<'_>> {
    result
        .diagnostics
        .iter()
        .map(|located| item(&result.path, located))
        .collect()
}

/// The items of one file's diagnostics as they stand in the document's `diagnostics` array,
/// separated by `,\n`: written field by field, byte for byte as serde_json's pretty printer
/// writes [`Item`] two levels deep (a property test holds them together), without its
/// formatter's calls per token.
pub(super) fn items_text(result: &FileResult) -> Vec<u8> {
    let mut out = Vec::with_capacity(result.diagnostics.len() * 600);
    for (at, located) in result.diagnostics.iter().enumerate() {
        if at > 0 {
            out.extend_from_slice(b",\n");
        }
        write_item(&mut out, &result.path, located);
    }
    out
}

fn write_item(out: &mut Vec<u8>, path: &str, located: &Located) {
    let diagnostic = &located.diagnostic;
    out.extend_from_slice(b"    {\n      \"path\": ");
    string(out, path);
    out.extend_from_slice(b",\n      \"rule\": ");
    string(out, &diagnostic.rule);
    out.extend_from_slice(b",\n      \"severity\": \"");
    out.extend_from_slice(diagnostic.severity.as_str().as_bytes());
    out.extend_from_slice(b"\",\n      \"message\": ");
    string(out, &diagnostic.message);
    out.extend_from_slice(b",\n      \"help\": ");
    match &diagnostic.help {
        Some(help) => string(out, help),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\n      \"span\": {\n        \"start\": ");
    point(out, &located.start);
    out.extend_from_slice(b",\n        \"end\": ");
    point(out, &located.end);
    out.extend_from_slice(b"\n      },\n      \"fix\": ");
    match &diagnostic.fix {
        None => out.extend_from_slice(b"null"),
        Some(fix) => {
            out.extend_from_slice(b"{\n        \"title\": ");
            string(out, &fix.title);
            out.extend_from_slice(b",\n        \"edits\": ");
            if fix.edits.is_empty() {
                out.extend_from_slice(b"[]");
            } else {
                out.push(b'[');
                for (at, edit) in fix.edits.iter().enumerate() {
                    out.extend_from_slice(if at > 0 { b",\n" } else { b"\n" });
                    out.extend_from_slice(b"          {\n            \"start\": ");
                    number(out, edit.start);
                    out.extend_from_slice(b",\n            \"end\": ");
                    number(out, edit.end);
                    out.extend_from_slice(b",\n            \"replacement\": ");
                    string(out, &edit.replacement);
                    out.extend_from_slice(b"\n          }");
                }
                out.extend_from_slice(b"\n        ]");
            }
            out.extend_from_slice(b"\n      }");
        }
    }
    out.extend_from_slice(b"\n    }");
}

/// A point of a span, four levels deep.
fn point(out: &mut Vec<u8>, position: &crate::article::Position) {
    out.extend_from_slice(b"{\n          \"offset\": ");
    number(out, position.offset);
    out.extend_from_slice(b",\n          \"line\": ");
    number(out, position.line);
    out.extend_from_slice(b",\n          \"column\": ");
    number(out, position.column);
    out.extend_from_slice(b"\n        }");
}

/// A JSON string, escaped as serde_json escapes it.
fn string(out: &mut Vec<u8>, text: &str) {
    // serde_json escapes control characters, `"` and `\`, nothing else. Most strings have
    // none: they are copied whole, after one pass over their bytes that the compiler
    // vectorises (it cannot stop early, so it does not branch per byte).
    let plain = !text.bytes().fold(false, |escape, byte| {
        escape | (byte < 0x20) | (byte == b'"') | (byte == b'\\')
    });
    if plain {
        out.reserve(text.len() + 2);
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        return;
    }
    // Writing to memory cannot fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

fn number(out: &mut Vec<u8>, number: usize) {
    let _ = serde_json::to_writer(&mut *out, &number);
}

/// The whole document, pretty-printed, without the final newline.
pub(super) fn document(summary: &Summary, diagnostics: Vec<Item<'_>>) -> String {
    let document = Document {
        version: 1,
        tool: Tool {
            name: "healthlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary,
        diagnostics,
    };
    // Serialising plain data to a String cannot fail.
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::article::Position;
    use crate::diagnostic::{Diagnostic, Edit, Span};

    /// The items as serde_json's pretty printer writes them, two levels deep.
    fn items_by_serde(result: &FileResult) -> Vec<u8> {
        let mut out = Vec::new();
        for (at, item) in items(result).iter().enumerate() {
            if at > 0 {
                out.extend_from_slice(b",\n");
            }
            super::super::pretty::write_at(&mut out, item, 2);
        }
        out
    }

    fn position() -> impl Strategy<Value = Position> {
        (any::<usize>(), 0..100_000usize, 0..1_000usize).prop_map(|(offset, line, column)| {
            Position {
                offset,
                line,
                column,
            }
        })
    }

    fn located() -> impl Strategy<Value = Located> {
        let severity = prop_oneof![
            Just(Severity::Error),
            Just(Severity::Warning),
            Just(Severity::Info)
        ];
        let edits = prop::collection::vec((any::<usize>(), any::<usize>(), ".{0,12}"), 0..3);
        let fix = proptest::option::of((".{0,20}", edits));
        (
            ("[a-z-]{1,12}", ".{0,40}", proptest::option::of(".{0,40}")),
            severity,
            fix,
            position(),
            position(),
        )
            .prop_map(|((rule, message, help), severity, fix, start, end)| {
                let mut diagnostic = Diagnostic::new(rule, Span::new(0, 0), message);
                diagnostic.severity = severity;
                diagnostic.help = help.map(Into::into);
                diagnostic.fix = fix.map(|(title, edits)| {
                    let edits = edits
                        .into_iter()
                        .map(|(start, end, replacement)| Edit {
                            start,
                            end,
                            replacement,
                        })
                        .collect();
                    Fix::new(title, edits)
                });
                Located {
                    diagnostic,
                    start,
                    end,
                    flagged: String::new(),
                }
            })
    }

    proptest! {
        /// Strings with and without what must be escaped read as serde_json writes them.
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(
            text in "[a\"\\\\\t\n\u{1}\u{1f}\u{20}\u{7f}é/`’]{0,12}"
        ) {
            let mut out = Vec::new();
            string(&mut out, &text);
            prop_assert_eq!(out, serde_json::to_vec(&text).unwrap());
        }

        #[test]
        fn items_are_written_as_serde_json_prints_them(
            path in ".{0,30}",
            diagnostics in prop::collection::vec(located(), 0..4),
        ) {
            let result = FileResult { path, diagnostics, rendered: None, fixed: 0, shed: None };
            let by_hand = String::from_utf8(items_text(&result)).unwrap();
            let by_serde = String::from_utf8(items_by_serde(&result)).unwrap();
            prop_assert_eq!(by_hand, by_serde);
        }
    }

    #[test]
    fn an_item_with_a_fix_reads_as_the_brief_shows() {
        let diagnostic = Diagnostic::new(
            "phone-format",
            Span::new(412, 424),
            "phone number `02380 248725` is not in the house style",
        )
        .with_help("write it as `023 8024 8725`")
        .with_fix(Fix::new(
            "reformat to `023 8024 8725`",
            vec![Edit::replace(Span::new(412, 424), "023 8024 8725")],
        ));
        let at = |offset, column| Position {
            offset,
            line: 14,
            column,
        };
        let result = FileResult {
            path: "articles/squats.md".to_string(),
            diagnostics: vec![Located {
                diagnostic,
                start: at(412, 16),
                end: at(424, 28),
                flagged: String::new(),
            }],
            rendered: None,
            fixed: 0,
            shed: None,
        };
        let text = String::from_utf8(items_text(&result)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["fix"]["edits"][0]["replacement"], "023 8024 8725");
        assert_eq!(value["span"]["end"]["column"], 28);
        assert_eq!(text, String::from_utf8(items_by_serde(&result)).unwrap());
    }
}
