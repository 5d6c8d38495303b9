//! Property tests: whatever the text or the bytes, linting never panics, every span (primary
//! and secondary) lies inside the text on character boundaries, the JSON output parses and its
//! lines and columns agree with its byte offsets, and every fix edit lies inside the text, on
//! character boundaries, without overlapping the other edits of its fix, and applies to valid
//! UTF-8.
//!
//! The default is 256 cases per property so `cargo test` stays fast; set `PROPTEST_CASES`
//! (e.g. `PROPTEST_CASES=20000 cargo test --release --test properties`) for a longer run.

use std::sync::LazyLock;

use healthlint::article::Article;
use healthlint::diagnostic::Diagnostic;
use healthlint::output::stream::{self, SarifRun};
use healthlint::output::{FileResult, Format, human};
use healthlint::rules::Context;
use healthlint::{Config, Span};
use jiff::civil::{Date, date};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

const TODAY: Date = date(2026, 11, 25);

mod common;
use common::full_config_text;

static DEFAULTS: LazyLock<Config> = LazyLock::new(Config::defaults);
static FULL: LazyLock<Config> = LazyLock::new(|| {
    Config::from_text("healthlint.yaml", &full_config_text())
        .expect("the test configuration is valid")
});

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(256)
}

fn proptest_config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        // Shrinking a failing article can take long; a short bound still gives a small case.
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------

fn check_span(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} {span:?} is outside the text of {} bytes",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} is not on character boundaries"
    );
    Ok(())
}

/// Spans, labels and fixes of one diagnostic against the text it was found in.
fn check_diagnostic(text: &str, diagnostic: &Diagnostic) -> Result<(), TestCaseError> {
    let rule = &diagnostic.rule;
    check_span(text, diagnostic.span, &format!("{rule}: span"))?;
    for label in &diagnostic.labels {
        check_span(
            text,
            label.span,
            &format!("{rule}: label `{}`", label.message),
        )?;
    }
    if let Some(fix) = &diagnostic.fix {
        let mut edits: Vec<_> = fix.edits.iter().collect();
        for edit in &edits {
            check_span(
                text,
                Span {
                    start: edit.start,
                    end: edit.end,
                },
                &format!("{rule}: fix `{}` edit", fix.title),
            )?;
        }
        edits.sort_by_key(|edit| (edit.start, edit.end));
        for pair in edits.windows(2) {
            prop_assert!(
                pair[0].end <= pair[1].start,
                "{rule}: fix `{}` has overlapping edits {:?} and {:?}",
                fix.title,
                pair[0],
                pair[1]
            );
            prop_assert!(
                !(pair[0].start == pair[0].end && pair[0].start == pair[1].start),
                "{rule}: fix `{}` has two edits at {} whose order is unclear",
                fix.title,
                pair[0].start
            );
        }
        let fixed = apply(text, &edits);
        prop_assert!(
            String::from_utf8(fixed).is_ok(),
            "{rule}: fix `{}` gives invalid UTF-8",
            fix.title
        );
    }
    Ok(())
}

/// The text with `edits` (sorted, not overlapping) applied, as bytes.
fn apply(text: &str, edits: &[&healthlint::Edit]) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for edit in edits {
        out.extend_from_slice(&bytes[at..edit.start]);
        out.extend_from_slice(edit.replacement.as_bytes());
        at = edit.end;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

/// The 1-based line and column (in Unicode scalar values) of a byte offset, worked out
/// independently of the crate: lines end at `\n`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

fn check_point(text: &str, point: &serde_json::Value) -> Result<(), TestCaseError> {
    let offset = point["offset"].as_u64().expect("offset is a number") as usize;
    let line = point["line"].as_u64().expect("line is a number") as usize;
    let column = point["column"].as_u64().expect("column is a number") as usize;
    prop_assert!(offset <= text.len() && text.is_char_boundary(offset));
    prop_assert_eq!(
        (line, column),
        line_column(text, offset),
        "line and column of offset {}",
        offset
    );
    Ok(())
}

/// Lints `text` under `config`, checks every diagnostic, then renders every output format and
/// checks the JSON and SARIF documents.
fn check_text(text: &str, config: &Config) -> Result<(), TestCaseError> {
    let diagnostics = healthlint::lint(text, config, TODAY);
    for diagnostic in &diagnostics {
        check_diagnostic(text, diagnostic)?;
    }

    let style = human::Style {
        color: false,
        width: 80,
    };
    let frames = human::frames("a.md", text, &diagnostics, style);
    let result = FileResult::new("a.md".to_string(), text, diagnostics.clone()).with_frames(frames);
    let results = [result];
    for format in [Format::Human, Format::Short, Format::Github] {
        let _ = stream::render(format, &results, false, None, true);
    }

    let json: serde_json::Value =
        match serde_json::from_str(&stream::render(Format::Json, &results, false, None, true)) {
            Ok(json) => json,
            Err(error) => return Err(TestCaseError::fail(format!("JSON does not parse: {error}"))),
        };
    let items = json["diagnostics"].as_array().expect("a diagnostics array");
    prop_assert_eq!(items.len(), diagnostics.len());
    for (item, diagnostic) in items.iter().zip(&diagnostics) {
        let start = &item["span"]["start"];
        let end = &item["span"]["end"];
        check_point(text, start)?;
        check_point(text, end)?;
        prop_assert_eq!(start["offset"].as_u64(), Some(diagnostic.span.start as u64));
        prop_assert_eq!(end["offset"].as_u64(), Some(diagnostic.span.end as u64));
    }

    let run = SarifRun {
        rules: Vec::new(),
        base: "file:///work/".to_string(),
    };
    let sarif_text = stream::render(Format::Sarif, &results, false, Some(run), true);
    let sarif_json: Result<serde_json::Value, _> = serde_json::from_str(&sarif_text);
    prop_assert!(sarif_json.is_ok(), "SARIF does not parse");
    Ok(())
}

/// Each active rule run on its own, before `lint` clamps spans onto boundaries: a rule that
/// computes a span outside the text or inside a character is pointing at the wrong place
/// even when the clamped output is valid.
fn check_raw_rules(text: &str, config: &Config) -> Result<(), TestCaseError> {
    let article = Article::parse(text);
    // `Article::blocks_in` relies on it.
    prop_assert!(
        article
            .body
            .blocks
            .windows(2)
            .all(|pair| pair[0].span.start <= pair[1].span.start),
        "blocks out of source order"
    );
    let context = Context {
        today: TODAY,
        schema: &config.schema,
        help_line: config.help_line.as_ref(),
        gate: None,
    };
    for active in &config.rules {
        let mut out = Vec::new();
        active.rule.check(&article, &context, &mut out);
        for diagnostic in &out {
            check_diagnostic(text, diagnostic)?;
        }
    }
    Ok(())
}

fn check_everything(text: &str) -> Result<(), TestCaseError> {
    check_text(text, &DEFAULTS)?;
    check_text(text, &FULL)?;
    check_raw_rules(text, &FULL)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------

/// Pieces of odd text: Unicode of every width, look-alike punctuation, phone-like digits.
fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z]{1,8}",
        1 => Just(" ".to_string()),
        1 => Just("  ".to_string()),
        1 => Just("\t".to_string()),
        1 => Just("\r".to_string()),
        1 => Just("\u{feff}".to_string()),
        1 => Just("\u{00a0}".to_string()),
        1 => Just("\u{200b}".to_string()),
        1 => Just("e\u{0301}".to_string()),
        1 => Just("😀".to_string()),
        1 => Just("👩‍⚕️".to_string()),
        1 => Just("🇬🇧".to_string()),
        1 => Just("腰痛の治療".to_string()),
        1 => Just("허리 통증".to_string()),
        1 => Just("עברית".to_string()),
        1 => Just("\u{2019}".to_string()),
        1 => Just("…".to_string()),
        1 => Just("£1,250.00".to_string()),
        2 => Just("023 8024 8725".to_string()),
        1 => Just("02380 248725".to_string()),
        1 => Just("+44 23 8024 8725".to_string()),
        1 => Just("(023) 8024 8725".to_string()),
        1 => Just("0300-123-4567".to_string()),
        1 => Just("+1 (555) 010-9999".to_string()),
        1 => Just("999".to_string()),
        1 => Just("111".to_string()),
        1 => "[0-9]{1,16}",
        1 => "[0-9 ()+.-]{1,20}",
        1 => Just("2025-10-17".to_string()),
        1 => Just("10/17/2025".to_string()),
        1 => Just("ISBN 978-0-19-852663-6".to_string()),
        1 => Just("[023 8024 8725](tel:+442380248725)".to_string()),
        1 => Just("[call](tel:0)".to_string()),
        1 => Just("<https://nhs.uk>".to_string()),
        1 => Just("https://www.nhs.uk/conditions/".to_string()),
        1 => Just("![alt 023 8024 8725](x.png)".to_string()),
        1 => Just("`code`".to_string()),
        1 => Just("**".to_string()),
        1 => Just("*".to_string()),
        1 => Just("_".to_string()),
        1 => Just("~~".to_string()),
        1 => Just("&amp;".to_string()),
        1 => Just("&#x1F600;".to_string()),
        1 => Just("&#0;".to_string()),
        1 => Just("\\".to_string()),
        1 => Just("<!--".to_string()),
        1 => Just("-->".to_string()),
        1 => Just("<b>".to_string()),
        1 => Just("[^1]".to_string()),
        1 => Just("$x$".to_string()),
        1 => Just("[".to_string()),
        1 => Just("](".to_string()),
        1 => Just(")".to_string()),
        1 => Just("|".to_string()),
        1 => Just(":".to_string()),
        1 => Just("\"".to_string()),
        1 => Just("'".to_string()),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn inline() -> impl Strategy<Value = String> {
    prop::collection::vec(atom(), 0..8).prop_map(|atoms| atoms.concat())
}

/// One line of Markdown-ish body.
fn body_line() -> impl Strategy<Value = String> {
    let prefix = prop_oneof![
        4 => Just(""),
        1 => Just("# "),
        1 => Just("## "),
        1 => Just("### "),
        1 => Just("####### "),
        1 => Just("- "),
        1 => Just("* "),
        1 => Just("1. "),
        1 => Just("  - "),
        1 => Just("    - "),
        1 => Just("> "),
        1 => Just("> - "),
        1 => Just(">> "),
        1 => Just("    "),
        1 => Just("| "),
        1 => Just("- [ ] "),
        1 => Just("[^1]: "),
        1 => Just("[ref]: "),
    ];
    let whole = prop_oneof![
        1 => Just("```".to_string()),
        1 => Just("~~~".to_string()),
        1 => Just("---".to_string()),
        1 => Just("...".to_string()),
        1 => Just("===".to_string()),
        1 => Just("|---|---|".to_string()),
        1 => Just("<!-- comment -->".to_string()),
        1 => Just("<div>".to_string()),
        1 => Just("</div>".to_string()),
        1 => Just("## When to Seek Professional Help".to_string()),
        1 => Just("See a GP if:".to_string()),
        1 => Just("Call 999 or go to A&E if:".to_string()),
        1 => Just("## Disclaimer".to_string()),
        1 => Just("**Help line:** 023 8024 8725".to_string()),
        1 => Just("**Help line:** 0300 123 4567".to_string()),
        1 => Just(
            "**Disclaimer:** This article is for informational purposes only and is not medical advice. Always consult a healthcare professional."
                .to_string()
        ),
        1 => Just("$$".to_string()),
        1 => Just(String::new()),
    ];
    prop_oneof![
        4 => (prefix, inline()).prop_map(|(prefix, rest)| format!("{prefix}{rest}")),
        1 => whole,
    ]
}

/// One line of YAML-ish front matter.
fn yaml_line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("title"),
        Just("description"),
        Just("date"),
        Just("updated"),
        Just("last_reviewed"),
        Just("author"),
        Just("tags"),
        Just("reading_time"),
        Just("help_line"),
        Just("reviewed_by"),
        Just("titel"),
        Just("readingtime"),
        Just("x"),
        Just("? complex"),
        Just("- item"),
        Just("2025"),
        Just("\"quoted key\""),
    ];
    let value = prop_oneof![
        Just("\"Back Pain After Squats\"".to_string()),
        Just("Sciaticalm Medical Team".to_string()),
        Just("2025-10-17".to_string()),
        Just("2025-10-17T09:30:00Z".to_string()),
        Just("10/17/2025".to_string()),
        Just("17 October 2025".to_string()),
        Just("2025-02-30".to_string()),
        Just("9999-12-31".to_string()),
        Just("4 min read".to_string()),
        Just("\"4 min read\"".to_string()),
        Just("12 minutes".to_string()),
        Just("-3".to_string()),
        Just("99999999999999999999999".to_string()),
        Just("1e400".to_string()),
        Just("[back-pain, health]".to_string()),
        Just("[Back Pain, \"x\"]".to_string()),
        Just("[]".to_string()),
        Just("{a: 1}".to_string()),
        Just("\"023 8024 8725\"".to_string()),
        Just("'0300 123 4567'".to_string()),
        Just("&anchor value".to_string()),
        Just("*anchor".to_string()),
        Just("!!binary aGVsbG8=".to_string()),
        Just("!!str 5".to_string()),
        Just("|".to_string()),
        Just(">-".to_string()),
        Just("~".to_string()),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("\"\\u00e9\\x41\\U0001F600\"".to_string()),
        Just("\"unterminated".to_string()),
        Just("[unclosed".to_string()),
        inline(),
    ];
    prop_oneof![
        6 => (key, value).prop_map(|(key, value)| format!("{key}: {value}")),
        1 => inline().prop_map(|value| format!("  - {value}")),
        1 => inline().prop_map(|value| format!("  {value}")),
        1 => Just("tags:".to_string()),
        1 => Just("  - back-pain".to_string()),
        1 => Just("\t- tab".to_string()),
        1 => Just("# comment".to_string()),
        1 => Just(String::new()),
    ]
}

/// A Markdown-ish article: an optional BOM, an optional (maybe unclosed) front matter, body
/// lines, joined by `\n`, `\r\n` or a mix, with or without a final line ending.
fn article() -> impl Strategy<Value = String> {
    let ending = prop_oneof![
        4 => Just("\n"),
        2 => Just("\r\n"),
        1 => Just("\r"),
    ];
    let front = prop_oneof![
        1 => Just(None),
        4 => (prop::collection::vec(yaml_line(), 0..10), prop_oneof![
            5 => Just("---"),
            1 => Just("..."),
            1 => Just("--- "),
            1 => Just(""),
        ])
            .prop_map(Some),
    ];
    (
        any::<bool>(),
        front,
        prop::collection::vec(body_line(), 0..30),
        prop::collection::vec(ending, 1..4),
        any::<bool>(),
    )
        .prop_map(|(bom, front, body, endings, final_ending)| {
            let mut lines = Vec::new();
            if let Some((yaml, close)) = front {
                lines.push("---".to_string());
                lines.extend(yaml);
                if !close.is_empty() {
                    lines.push(close.to_string());
                }
            }
            lines.extend(body);
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            for (index, line) in lines.iter().enumerate() {
                if index > 0 {
                    text.push_str(endings[index % endings.len()]);
                }
                text.push_str(line);
            }
            if final_ending {
                text.push_str(endings[0]);
            }
            text
        })
}

/// A real article (a good fixture) with a few bytes replaced, inserted or cut.
fn mutated_fixture() -> impl Strategy<Value = String> {
    const SEEDS: [&str; 3] = [
        include_str!("../fixtures/articles/good/back-pain-after-squats.md"),
        include_str!("../fixtures/articles/good/sciatica-exercises.md"),
        include_str!("../fixtures/articles/seed-as-published.md"),
    ];
    (
        0..SEEDS.len(),
        prop::collection::vec((any::<prop::sample::Index>(), 0..3u8, atom()), 1..6),
    )
        .prop_map(|(seed, mutations)| {
            let mut text = SEEDS[seed].to_string();
            for (index, kind, atom) in mutations {
                let mut at = index.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match kind {
                    0 => text.insert_str(at, &atom),
                    1 => {
                        let mut end = (at + atom.len()).min(text.len());
                        while !text.is_char_boundary(end) {
                            end += 1;
                        }
                        text.replace_range(at..end, &atom);
                    }
                    _ => {
                        let mut end = (at + 1 + atom.len() % 40).min(text.len());
                        while !text.is_char_boundary(end) {
                            end += 1;
                        }
                        text.replace_range(at..end, "");
                    }
                }
            }
            text
        })
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn any_string_is_linted_safely(text in any::<String>()) {
        check_everything(&text)?;
    }

    #[test]
    fn any_bytes_read_lossily_are_linted_safely(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        check_everything(&text)?;
    }

    #[test]
    fn markdown_ish_articles_are_linted_safely(text in article()) {
        check_everything(&text)?;
    }

    #[test]
    fn mutated_real_articles_are_linted_safely(text in mutated_fixture()) {
        check_everything(&text)?;
    }

    #[test]
    fn crlf_articles_report_the_same_places(text in article()) {
        // The same article with LF and with CRLF endings: the same diagnostics, at the same
        // lines, with columns that differ only where a `\r` was counted.
        let lf = text.replace("\r\n", "\n").replace('\r', "\n");
        let crlf = lf.replace('\n', "\r\n");
        let lf_found = healthlint::lint(&lf, &FULL, TODAY);
        let crlf_found = healthlint::lint(&crlf, &FULL, TODAY);
        let lines = |text: &str, found: &[Diagnostic]| -> Vec<(String, usize)> {
            let mut lines: Vec<_> = found
                .iter()
                .map(|d| (d.rule.to_string(), line_column(text, d.span.start).0))
                .collect();
            lines.sort();
            lines
        };
        prop_assert_eq!(lines(&lf, &lf_found), lines(&crlf, &crlf_found));
    }
}

// ---------------------------------------------------------------------------------------
// Plain tests of the checks themselves, so a property that passes is known to bite
// ---------------------------------------------------------------------------------------

#[test]
fn line_column_counts_scalar_values_from_one() {
    let text = "ab\r\nçé😀x\n";
    let x = text.find('x').unwrap();
    assert_eq!(line_column(text, 0), (1, 1));
    assert_eq!(line_column(text, x), (2, 4));
    assert_eq!(line_column(text, text.len()), (3, 1));
}

#[test]
fn the_checks_catch_a_bad_span_and_a_bad_fix() {
    let text = "é";
    let inside = Diagnostic::new("x", Span { start: 1, end: 2 }, "m");
    assert!(check_diagnostic(text, &inside).is_err());
    let past = Diagnostic::new("x", Span { start: 0, end: 3 }, "m");
    assert!(check_diagnostic(text, &past).is_err());
    let overlapping =
        Diagnostic::new("x", Span { start: 0, end: 0 }, "m").with_fix(healthlint::Fix::new(
            "f",
            vec![
                healthlint::Edit::replace(Span { start: 0, end: 2 }, "a"),
                healthlint::Edit::replace(Span { start: 1, end: 2 }, "b"),
            ],
        ));
    assert!(check_diagnostic(text, &overlapping).is_err());
}

#[test]
fn the_full_configuration_turns_every_rule_on() {
    assert_eq!(FULL.rules.len(), healthlint::rules::TABLE.len());
    assert!(FULL.help_line.is_some());
}
