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
/// separated by `,\n`.
pub(super) fn items_text(result: &FileResult) -> Vec<u8> {
    let mut out = Vec::with_capacity(result.diagnostics.len() * 600);
    for (at, located) in result.diagnostics.iter().enumerate() {
        if at > 0 {
            out.extend_from_slice(b",\n");
        }
        super::pretty::write_at(&mut out, &item(&result.path, located), 2);
    }
    out
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
