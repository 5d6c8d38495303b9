//! Any bytes, read the way the command line reads a file (lossily here, so every input is
//! linted), through parsing and every rule, under the built-in defaults and under a
//! configuration with every rule on and the help line set. Panics are the failures libFuzzer
//! looks for; the asserts below turn a span outside the text, a span inside a character,
//! a fix that overlaps itself or a JSON document that does not parse into panics too.

#![no_main]

use std::sync::LazyLock;

use healthlint::output::{FileResult, Summary, human, json};
use healthlint::{Config, Diagnostic, Span};
use jiff::civil::{Date, date};
use libfuzzer_sys::fuzz_target;

const TODAY: Date = date(2026, 11, 25);

const FULL_CONFIG: &str = r#"
rules:
  help-line:
    number: "023 8024 8725"
    region: GB
  disclaimer:
    text: "**Disclaimer:** This article is for informational purposes only and does not constitute medical advice. Always consult a healthcare professional."
fields:
  help_line: {type: string}
"#;

static DEFAULTS: LazyLock<Config> = LazyLock::new(Config::defaults);
static FULL: LazyLock<Config> =
    LazyLock::new(|| Config::from_text("healthlint.yaml", FULL_CONFIG).expect("valid"));

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} not on character boundaries"
    );
}

fn check(text: &str, diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        check_span(text, diagnostic.span, &diagnostic.rule);
        for label in &diagnostic.labels {
            check_span(text, label.span, &diagnostic.rule);
        }
        if let Some(fix) = &diagnostic.fix {
            let mut edits: Vec<_> = fix.edits.iter().collect();
            edits.sort_by_key(|edit| (edit.start, edit.end));
            for edit in &edits {
                check_span(text, Span::new(edit.start, edit.end), &fix.title);
                assert!(edit.start <= edit.end, "{}: reversed edit", fix.title);
            }
            for pair in edits.windows(2) {
                assert!(
                    pair[0].end <= pair[1].start,
                    "{}: overlapping edits",
                    fix.title
                );
            }
            let mut fixed = String::with_capacity(text.len());
            let mut at = 0;
            for edit in &edits {
                fixed.push_str(&text[at..edit.start]);
                fixed.push_str(&edit.replacement);
                at = edit.end;
            }
            fixed.push_str(&text[at..]);
            // The fixed text must lint without a panic too.
            let _ = healthlint::lint(&fixed, &FULL, TODAY);
        }
    }
    let style = human::Style {
        color: false,
        width: 80,
    };
    let _ = human::frames("a.md", text, diagnostics, style);
    let results = [FileResult::new("a.md".into(), text, diagnostics.to_vec())];
    let rendered = json::render(&results, &Summary::of(&results));
    let document: serde_json::Value = serde_json::from_str(&rendered).expect("JSON parses");
    for (item, diagnostic) in document["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .zip(diagnostics)
    {
        let start = &item["span"]["start"];
        let offset = diagnostic.span.start;
        assert_eq!(start["offset"].as_u64(), Some(offset as u64));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let column = text[line_start..offset].chars().count() + 1;
        assert_eq!(
            start["line"].as_u64(),
            Some(line as u64),
            "line of {offset}"
        );
        assert_eq!(
            start["column"].as_u64(),
            Some(column as u64),
            "column of {offset}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for config in [&*DEFAULTS, &*FULL] {
        let diagnostics = healthlint::lint(&text, config, TODAY);
        check(&text, &diagnostics);
    }
});
