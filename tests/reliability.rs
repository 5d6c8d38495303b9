//! The odd inputs of RELIABILITY.md, each with its expected outcome: bytes that are not
//! UTF-8, a BOM, CRLF, empty and binary files, a 100 MB article, deep nesting, YAML bombs,
//! files that cannot be read or do not exist, symlink loops, names that are not UTF-8, a
//! standard output closed early, configuration wrong in every way, and every crash the
//! fuzzers and property tests found (`tests/regressions/`).
//!
//! Most tests run the binary (`CARGO_BIN_EXE_healthlint`) with `--format json` and check that
//! it did not panic, that its exit code is the documented one, and that every span in its
//! output lies in the file on character boundaries with lines and columns that agree.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use healthlint::{Config, Diagnostic};
use jiff::civil::{Date, date};
use serde_json::Value;
use tempfile::TempDir;

const TODAY: Date = date(2026, 11, 25);

mod common;
use common::full_config_text;

const GOOD: &str = "---
title: \"Stretches for a Stiff Back\"
description: \"Gentle stretches for a stiff back, and when to get help.\"
date: 2025-10-17
author: Sciaticalm Medical Team
reviewed_by: \"Jane Doe, MCSP\"
last_reviewed: 2025-10-17
next_review: 2027-10-17
tags: [back-pain, stretching]
reading_time: 1 min read
help_line: \"023 8024 8725\"
---

**Help line:** 023 8024 8725

# Stretches for a Stiff Back

Gentle movement helps most stiff backs. Try a knee hug each morning.

## When to Seek Professional Help

See a GP if:

- the pain lasts more than six weeks
- the stiffness stops you sleeping

## References

- NHS. [Back pain](https://www.nhs.uk/conditions/back-pain/).

**Disclaimer:** This article is for informational purposes only and does not constitute
medical advice. Always consult a healthcare professional for diagnosis and treatment.
";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A temporary folder with the full configuration as `healthlint.yaml` and these files.
fn folder_with(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().expect("a temporary folder");
    std::fs::write(dir.path().join("healthlint.yaml"), full_config_text()).expect("write config");
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        std::fs::write(path, content).expect("write a file");
    }
    dir
}

fn healthlint(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_healthlint"));
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "1");
    command
}

/// Runs `healthlint check --format json --today … ARGS` in `dir`.
fn check_json(dir: &Path, args: &[&str]) -> Output {
    healthlint(dir)
        .args(["check", "--format", "json", "--today", "2026-11-25"])
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The run ended normally (no panic, no signal) with `code`.
fn assert_exit(output: &Output, code: i32) {
    let err = stderr(output);
    assert!(!err.contains("panicked"), "a panic:\n{err}");
    assert_eq!(
        output.status.code(),
        Some(code),
        "exit status {:?}; stderr:\n{err}",
        output.status
    );
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "the JSON output does not parse ({error}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn diagnostics(document: &Value) -> &[Value] {
    document["diagnostics"]
        .as_array()
        .expect("a diagnostics array")
}

fn for_path<'a>(document: &'a Value, path: &str) -> Vec<&'a Value> {
    diagnostics(document)
        .iter()
        .filter(|item| item["path"] == path)
        .collect()
}

/// The 1-based line and column (Unicode scalar values) of a byte offset; lines end at `\n`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

/// Every span of the JSON document lies in its file (read from `dir`; lossily for a file
/// that is not UTF-8, as the output describes it), on character boundaries, with lines and
/// columns that agree with the offsets.
fn check_spans(dir: &Path, document: &Value) {
    for item in diagnostics(document) {
        let path = item["path"].as_str().expect("a path");
        let Ok(bytes) = std::fs::read(dir.join(path)) else {
            // Only a file that could not be read (or does not exist) has no text.
            assert_eq!(item["rule"], "io", "{item}");
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for end in ["start", "end"] {
            let point = &item["span"][end];
            let offset = point["offset"].as_u64().expect("an offset") as usize;
            assert!(
                offset <= text.len(),
                "{path}: {end} {offset} is past the end"
            );
            assert!(
                text.is_char_boundary(offset),
                "{path}: {end} {offset} is inside a character"
            );
            let (line, column) = line_column(&text, offset);
            assert_eq!(
                (point["line"].as_u64(), point["column"].as_u64()),
                (Some(line as u64), Some(column as u64)),
                "{path}: line and column of offset {offset}"
            );
        }
    }
}

fn full_config() -> Config {
    Config::from_text("healthlint.yaml", &full_config_text()).expect("the test configuration")
}

/// Lints through the library and checks every span, label and fix edit.
fn lint_checked(text: &str, config: &Config) -> Vec<Diagnostic> {
    let found = healthlint::lint(text, config, TODAY);
    for diagnostic in &found {
        let spans = std::iter::once(diagnostic.span)
            .chain(diagnostic.labels.iter().map(|label| label.span))
            .chain(diagnostic.fix.iter().flat_map(|fix| {
                fix.edits
                    .iter()
                    .map(|edit| healthlint::Span::new(edit.start, edit.end))
            }));
        for span in spans {
            assert!(
                span.end <= text.len(),
                "{}: {span:?} past the end",
                diagnostic.rule
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{}: {span:?} inside a character",
                diagnostic.rule
            );
        }
    }
    found
}

/// Runs `body` on a thread with a small stack (512 KiB, a quarter of a test thread's), so that
/// recursion that grows with the input fails here rather than only on a big input.
fn on_small_stack(body: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(body)
        .expect("spawn")
        .join()
        .expect("no stack overflow or panic");
}

// ---------------------------------------------------------------------------------------
// Encodings and line endings
// ---------------------------------------------------------------------------------------

#[test]
fn invalid_utf8_is_an_io_diagnostic_naming_the_offset_and_the_rest_is_linted() {
    let mut bad = b"---\ntitle: caf".to_vec();
    bad.extend_from_slice(b"\xe9 au lait\n---\n"); // Latin-1 é
    let dir = folder_with(&[
        ("bad.md", &bad),
        ("good.md", GOOD.as_bytes()),
        ("other.md", b"# No front matter\n"),
    ]);
    let output = check_json(dir.path(), &["."]);
    assert_exit(&output, 2);
    let document = json(&output);
    check_spans(dir.path(), &document);
    let bad = for_path(&document, "bad.md");
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(bad[0]["rule"], "io");
    assert_eq!(bad[0]["span"]["start"]["offset"], 14);
    assert!(
        bad[0]["message"]
            .as_str()
            .unwrap()
            .contains("invalid byte at offset 14"),
        "{}",
        bad[0]["message"]
    );
    assert!(
        for_path(&document, "good.md")
            .iter()
            .all(|item| item["rule"] != "io" && item["severity"] != "error"),
        "good.md is linted as usual"
    );
    assert!(
        for_path(&document, "other.md")
            .iter()
            .any(|item| item["rule"] == "front-matter"),
        "the other files are still linted"
    );
}

#[test]
fn a_truncated_character_at_the_end_is_reported_at_its_first_byte() {
    // "é" is C3 A9; the file stops after C3.
    let dir = folder_with(&[("cut.md", b"# Caf\xc3")]);
    let output = check_json(dir.path(), &["cut.md"]);
    assert_exit(&output, 2);
    let document = json(&output);
    assert_eq!(diagnostics(&document)[0]["span"]["start"]["offset"], 5);
    check_spans(dir.path(), &document);
}

#[test]
fn a_bom_is_skipped_and_spans_point_past_it() {
    let with_bom = format!("\u{feff}{GOOD}");
    let dir = folder_with(&[("bom.md", with_bom.as_bytes())]);
    let output = check_json(dir.path(), &["bom.md"]);
    assert_exit(&output, 0);

    // The same problem with and without a BOM: the offsets differ by its three bytes, and on
    // the first line the columns by one (the BOM is a Unicode scalar value of the file).
    let broken = GOOD.replace("date: 2025-10-17", "date: 10/17/2025");
    let with_bom = format!("\u{feff}{broken}");
    let dir = folder_with(&[
        ("bom.md", with_bom.as_bytes()),
        ("plain.md", broken.as_bytes()),
    ]);
    let output = check_json(dir.path(), &["."]);
    assert_exit(&output, 1);
    let document = json(&output);
    check_spans(dir.path(), &document);
    let bom = for_path(&document, "bom.md");
    let plain = for_path(&document, "plain.md");
    assert!(!plain.is_empty());
    assert_eq!(bom.len(), plain.len());
    for (b, p) in bom.iter().zip(&plain) {
        assert_eq!(b["rule"], p["rule"]);
        let offset = |item: &Value| item["span"]["start"]["offset"].as_u64().unwrap();
        assert_eq!(offset(b), offset(p) + 3, "{b} / {p}");
        assert_eq!(b["span"]["start"]["line"], p["span"]["start"]["line"]);
    }
}

#[test]
fn crlf_gives_the_same_lines_and_columns_as_lf() {
    let lf = GOOD
        .replace("date: 2025-10-17", "date: 10/17/2025")
        .replace("reading_time: 1 min read", "reading_time: 9 min read")
        .replace(
            "**Help line:** 023 8024 8725",
            "**Help line:** 02380 248725",
        );
    let crlf = lf.replace('\n', "\r\n");
    let dir = folder_with(&[("crlf.md", crlf.as_bytes()), ("lf.md", lf.as_bytes())]);
    let output = check_json(dir.path(), &["."]);
    assert_exit(&output, 1);
    let document = json(&output);
    check_spans(dir.path(), &document);
    let crlf_items = for_path(&document, "crlf.md");
    let lf_items = for_path(&document, "lf.md");
    assert!(lf_items.len() >= 3, "{lf_items:?}");
    assert_eq!(crlf_items.len(), lf_items.len());
    for (c, l) in crlf_items.iter().zip(&lf_items) {
        assert_eq!(c["rule"], l["rule"]);
        let start = |item: &Value, key: &str| item["span"]["start"][key].as_u64().unwrap();
        assert_eq!(start(c, "line"), start(l, "line"));
        assert_eq!(start(c, "column"), start(l, "column"));
        // One more byte (the `\r`) for every line above.
        assert_eq!(
            start(c, "offset"),
            start(l, "offset") + start(l, "line") - 1
        );
    }
    // A fix in a CRLF file keeps CRLF: no edit adds a bare `\n`.
    for item in crlf_items {
        if let Some(edits) = item["fix"]["edits"].as_array() {
            for edit in edits {
                let replacement = edit["replacement"].as_str().unwrap();
                assert_eq!(
                    replacement.matches('\n').count(),
                    replacement.matches("\r\n").count(),
                    "{item}"
                );
            }
        }
    }
}

#[test]
fn mixed_and_lone_cr_line_endings_do_not_panic() {
    let mixed = GOOD
        .lines()
        .enumerate()
        .map(|(index, line)| format!("{line}{}", ["\n", "\r\n", "\r"][index % 3]))
        .collect::<String>();
    let dir = folder_with(&[("mixed.md", mixed.as_bytes())]);
    let output = check_json(dir.path(), &["mixed.md"]);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    check_spans(dir.path(), &json(&output));
}

// ---------------------------------------------------------------------------------------
// Empty, blank and binary files
// ---------------------------------------------------------------------------------------

#[test]
fn an_empty_file_and_a_blank_one_are_linted() {
    let dir = folder_with(&[
        ("empty.md", b""),
        ("blank.md", b"  \n\t\n \r\n\n"),
        ("bom-only.md", b"\xef\xbb\xbf"),
    ]);
    let output = check_json(dir.path(), &["."]);
    assert_exit(&output, 1);
    let document = json(&output);
    check_spans(dir.path(), &document);
    for path in ["empty.md", "blank.md", "bom-only.md"] {
        let items = for_path(&document, path);
        assert!(
            items.iter().any(|item| item["rule"] == "front-matter"),
            "{path}: {items:?}"
        );
    }
}

#[test]
fn a_binary_file_named_md_is_not_utf8_and_a_control_character_soup_is_linted() {
    // A PNG header: 0x89 is not UTF-8 at offset 0.
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10";
    // UTF-16 with its BOM, an encoded surrogate, an overlong `/`: each not UTF-8.
    let utf16: &[u8] = b"\xff\xfe-\x00-\x00-\x00\n\x00";
    let surrogate: &[u8] = b"# a\xed\xa0\x80";
    let overlong: &[u8] = b"---\n\xc0\xaf";
    // Valid UTF-8 that is nothing like text: NULs and every other control character.
    let soup: Vec<u8> = (0u8..0x80).cycle().take(4096).collect();
    let dir = folder_with(&[
        ("image.md", png),
        ("utf16.md", utf16),
        ("surrogate.md", surrogate),
        ("overlong.md", overlong),
        ("soup.md", &soup),
    ]);
    let output = check_json(dir.path(), &["."]);
    assert_exit(&output, 2);
    let document = json(&output);
    check_spans(dir.path(), &document);
    for (name, offset) in [
        ("image.md", 0),
        ("utf16.md", 0),
        ("surrogate.md", 3),
        ("overlong.md", 4),
    ] {
        let items = for_path(&document, name);
        assert_eq!(items.len(), 1, "{name}");
        assert_eq!(items[0]["rule"], "io", "{name}");
        assert_eq!(items[0]["span"]["start"]["offset"], offset, "{name}");
    }
    assert!(!for_path(&document, "soup.md").is_empty());
}

#[test]
fn standard_input_that_is_empty_or_not_utf8() {
    let dir = folder_with(&[]);
    for (input, code) in [
        (&b""[..], 1),
        (&b"\x89PNG\r\n"[..], 2),
        (&b"# T\xc3"[..], 2),
    ] {
        let mut child = healthlint(dir.path())
            .args(["check", "--format", "json", "--today", "2026-11-25", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(input).expect("write");
        }
        let output = child.wait_with_output().expect("wait");
        assert_exit(&output, code);
        let document = json(&output);
        let items = diagnostics(&document);
        assert!(!items.is_empty());
        if code == 2 {
            let offset = std::str::from_utf8(input).unwrap_err().valid_up_to();
            assert_eq!(items[0]["rule"], "io");
            assert_eq!(items[0]["span"]["start"]["offset"], offset);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Size and depth
// ---------------------------------------------------------------------------------------

/// An article of about `size` bytes: a front matter, then a real body over and over.
fn big_article(size: usize) -> String {
    let (front, body) = GOOD.split_at(GOOD.find("\n---\n").unwrap() + 5);
    let mut text = String::with_capacity(size + body.len());
    text.push_str(front);
    while text.len() < size {
        text.push_str(body);
        text.push_str("Call 023 8024 8725 or 0300 123 4567, see 2025-10-17, 腰痛 😀.\n\n");
    }
    text
}

fn timed_run(dir: &Path, name: &str) -> (Duration, Output) {
    let started = Instant::now();
    let output = check_json(dir, &[name]);
    (started.elapsed(), output)
}

#[test]
fn a_100_mb_article_finishes_in_time_linear_in_its_size() {
    let dir = folder_with(&[]);
    std::fs::write(dir.path().join("ten.md"), big_article(10_000_000)).unwrap();
    std::fs::write(dir.path().join("hundred.md"), big_article(100_000_000)).unwrap();
    let (ten, ten_output) = timed_run(dir.path(), "ten.md");
    let (hundred, hundred_output) = timed_run(dir.path(), "hundred.md");
    assert_exit(&ten_output, 1);
    assert_exit(&hundred_output, 1);
    let ratio = hundred.as_secs_f64() / ten.as_secs_f64().max(0.001);
    println!("10 MB: {ten:.2?}, 100 MB: {hundred:.2?}, ratio {ratio:.1} (linear is 10)");
    // Linear is 10, quadratic 100; 30 leaves room for a loaded machine without letting a
    // quadratic pass go unnoticed.
    assert!(
        ratio < 30.0,
        "100 MB took {ratio:.1} times as long as 10 MB"
    );
    let size = std::fs::metadata(dir.path().join("hundred.md"))
        .unwrap()
        .len();
    let document = json(&hundred_output);
    let hundred_items = diagnostics(&document);
    assert!(!hundred_items.is_empty());
    for item in hundred_items {
        let offset = item["span"]["end"]["offset"].as_u64().unwrap();
        assert!(offset <= size, "{item}");
    }
}

/// Deeply nested Markdown that CommonMark allows.
fn nested_markdown() -> Vec<(&'static str, String)> {
    let n = 10_000;
    vec![
        // Each `- ` opens a list inside the item before it.
        ("lists.md", format!("{}deep\n", "- ".repeat(n))),
        ("ordered.md", format!("{}deep\n", "1. ".repeat(n))),
        ("quotes.md", format!("{} deep\n", ">".repeat(n))),
        ("quoted-lists.md", format!("{}deep\n", "> - ".repeat(n))),
        // A list nested by indentation: 1,000 levels is already 1 MB of spaces.
        (
            "indented.md",
            (0..1_000)
                .map(|level| format!("{}- item {level}\n", "  ".repeat(level)))
                .collect(),
        ),
        (
            "emphasis.md",
            format!("{}x{}\n", "*a ".repeat(n), " b*".repeat(n)),
        ),
        (
            "links.md",
            format!("{}x{}\n", "[".repeat(n), "](u)".repeat(n)),
        ),
        ("brackets.md", format!("{}\n", "[".repeat(n * 5))),
        ("html.md", format!("{}\n", "<div>".repeat(n))),
        ("code-spans.md", format!("{}\n", "`".repeat(n))),
        ("footnotes.md", format!("{}\n", "[^a]: ".repeat(n))),
        ("headings.md", "# h\n".repeat(n)),
        (
            "table.md",
            format!("|{}\n|{}\n", "a|".repeat(n), "-|".repeat(n)),
        ),
    ]
}

#[test]
fn markdown_nested_10_000_deep_is_linted_through_the_binary() {
    let files = nested_markdown();
    let dir = folder_with(
        &files
            .iter()
            .map(|(name, text)| (*name, text.as_bytes()))
            .collect::<Vec<_>>(),
    );
    let output = check_json(dir.path(), &["."]);
    assert_exit(&output, 1);
    let document = json(&output);
    check_spans(dir.path(), &document);
    for (name, _) in &files {
        assert!(
            for_path(&document, name)
                .iter()
                .any(|item| item["rule"] == "front-matter"),
            "{name} was linted"
        );
    }
}

#[test]
fn markdown_nested_10_000_deep_is_linted_on_a_small_stack() {
    on_small_stack(|| {
        let config = full_config();
        for (name, text) in nested_markdown() {
            let found = lint_checked(&text, &config);
            assert!(!found.is_empty(), "{name}");
        }
    });
}

#[test]
fn yaml_bombs_and_deep_yaml_are_bounded_and_reported_by_front_matter() {
    let mut laughs = String::from("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..12 {
        let previous = format!("*a{}", level - 1);
        let list = [previous.as_str(); 9].join(", ");
        laughs.push_str(&format!("a{level}: &a{level} [{list}]\n"));
    }
    laughs.push_str("---\n# Body\n");
    let mut block_laughs = String::from("---\na0: &a0\n");
    for _ in 0..9 {
        block_laughs.push_str("  - lol\n");
    }
    for level in 1..12 {
        block_laughs.push_str(&format!("a{level}: &a{level}\n"));
        for _ in 0..9 {
            block_laughs.push_str(&format!("  - *a{}\n", level - 1));
        }
    }
    block_laughs.push_str("---\n");
    let merge_keys = {
        let mut text = String::from("---\nb0: &b0 {x: 1, y: 2}\n");
        for level in 1..20 {
            text.push_str(&format!(
                "b{level}: &b{level} {{<<: [*b{p}, *b{p}, *b{p}], z{level}: 1}}\n",
                p = level - 1
            ));
        }
        text.push_str("---\n");
        text
    };
    let n = 10_000;
    let files: Vec<(&str, String)> = vec![
        ("flow-laughs.md", laughs),
        ("block-laughs.md", block_laughs),
        ("merge-keys.md", merge_keys),
        (
            "flow-lists.md",
            format!("---\na: {}{}\n---\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "flow-maps.md",
            format!("---\na: {}x{}\n---\n", "{a: ".repeat(n), "}".repeat(n)),
        ),
        (
            "unclosed-flow.md",
            format!("---\na: {}\n---\n", "[".repeat(n)),
        ),
        (
            "block-maps.md",
            format!(
                "---\n{}---\n",
                (0..1_000)
                    .map(|level| format!("{}k{level}:\n", " ".repeat(level)))
                    .collect::<String>()
            ),
        ),
        (
            "block-lists.md",
            format!("---\na:\n{}x\n---\n", "- ".repeat(n)),
        ),
        (
            "anchors.md",
            format!(
                "---\n{}---\n",
                (0..5_000)
                    .map(|i| format!("k{i}: &a{i} v\n"))
                    .collect::<String>()
            ),
        ),
        (
            "many-keys.md",
            format!(
                "---\n{}---\n",
                (0..50_000)
                    .map(|i| format!("k{i}: v\n"))
                    .collect::<String>()
            ),
        ),
    ];
    let dir = folder_with(
        &files
            .iter()
            .map(|(name, text)| (*name, text.as_bytes()))
            .collect::<Vec<_>>(),
    );
    let output = check_json(dir.path(), &["."]);
    assert_exit(&output, 1);
    let document = json(&output);
    check_spans(dir.path(), &document);
    // The bombs and the nesting are refused by the YAML budgets and reported by
    // `front-matter`; the others parse (within the budgets) or are refused the same way.
    for name in [
        "flow-laughs.md",
        "block-laughs.md",
        "flow-lists.md",
        "flow-maps.md",
        "unclosed-flow.md",
        "block-maps.md",
        "block-lists.md",
    ] {
        let items = for_path(&document, name);
        assert!(
            items.iter().any(|item| item["rule"] == "front-matter"
                && item["message"].as_str().unwrap().contains("not valid YAML")),
            "{name}: {items:#?}"
        );
    }
    for (name, _) in &files {
        let items = for_path(&document, name);
        assert!(!items.is_empty(), "{name} was linted");
        for item in items {
            let message = item["message"].as_str().unwrap();
            assert!(message.len() < 500, "{name}: a long message: {message}");
        }
    }
    // Through the library on a small stack, too.
    on_small_stack(move || {
        let config = full_config();
        for (_, text) in files {
            lint_checked(&text, &config);
        }
    });
}

#[test]
fn a_1_mb_single_line_yaml_value_is_read_and_checked() {
    let value = "x".repeat(1 << 20);
    let quoted = format!("---\ntitle: \"{value}\"\n---\n");
    let plain = format!("---\ntitle: {value}\n---\n");
    let digits = format!("---\nreading_time: {}\n---\n", "9".repeat(1 << 20));
    let phone = format!("---\nhelp_line: \"{}\"\n---\n", "0 ".repeat(1 << 19));
    let dir = folder_with(&[
        ("quoted.md", quoted.as_bytes()),
        ("plain.md", plain.as_bytes()),
        ("digits.md", digits.as_bytes()),
        ("phone.md", phone.as_bytes()),
    ]);
    let output = check_json(dir.path(), &["."]);
    assert_exit(&output, 1);
    let document = json(&output);
    check_spans(dir.path(), &document);
    for name in ["quoted.md", "plain.md"] {
        assert!(
            for_path(&document, name)
                .iter()
                .any(|item| item["rule"] == "field-type"
                    && item["message"].as_str().unwrap().contains("1048576")),
            "{name}: the long title is reported"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Files that cannot be read
// ---------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_io_diagnostic_unless_permissions_do_not_apply() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder_with(&[("locked.md", GOOD.as_bytes()), ("open.md", b"# Open\n")]);
    let locked = dir.path().join("locked.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let output = check_json(dir.path(), &["."]);
    let document = json(&output);
    check_spans(dir.path(), &document);
    assert!(
        !for_path(&document, "open.md").is_empty(),
        "the other file is linted"
    );
    if std::fs::read(&locked).is_ok() {
        // Root (or CAP_DAC_OVERRIDE) reads a mode-000 file: there is nothing to refuse.
        println!(
            "note: this test runs with privileges that ignore permission bits (root?): \
             locked.md was readable and was linted; the permission-denied path was not exercised"
        );
        assert_exit(&output, 1);
        assert!(
            for_path(&document, "locked.md")
                .iter()
                .all(|item| item["rule"] != "io")
        );
    } else {
        assert_exit(&output, 2);
        let items = for_path(&document, "locked.md");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["rule"], "io");
        assert!(
            items[0]["message"]
                .as_str()
                .unwrap()
                .contains("permission denied")
        );
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_reported_and_the_rest_is_linted() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder_with(&[("locked/a.md", GOOD.as_bytes()), ("open.md", b"# Open\n")]);
    let locked = dir.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let output = check_json(dir.path(), &["."]);
    let document = json(&output);
    check_spans(dir.path(), &document);
    assert!(!for_path(&document, "open.md").is_empty());
    if std::fs::read_dir(&locked).is_ok() {
        println!(
            "note: privileges ignore permission bits here (root?): the mode-000 folder was \
             walked and linted"
        );
        assert_exit(&output, 1);
    } else {
        assert_exit(&output, 2);
        assert!(
            diagnostics(&document)
                .iter()
                .any(|item| item["rule"] == "io")
        );
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_path_that_does_not_exist_is_reported_and_the_rest_is_linted() {
    let dir = folder_with(&[("a.md", b"# A\n")]);
    let output = check_json(dir.path(), &["a.md", "missing.md", "no/such/folder"]);
    assert_exit(&output, 2);
    let document = json(&output);
    check_spans(dir.path(), &document);
    for missing in ["missing.md", "no/such/folder"] {
        let items = for_path(&document, missing);
        assert_eq!(items.len(), 1, "{missing}");
        assert_eq!(items[0]["rule"], "io");
        assert!(
            items[0]["message"]
                .as_str()
                .unwrap()
                .contains("no such file")
        );
    }
    assert!(!for_path(&document, "a.md").is_empty());
}

#[cfg(unix)]
#[test]
fn a_directory_symlink_loop_ends() {
    use std::os::unix::fs::symlink;
    let dir = folder_with(&[("articles/a.md", b"# A\n")]);
    let articles = dir.path().join("articles");
    symlink("..", articles.join("up")).unwrap(); // articles/up -> the folder above
    symlink(".", articles.join("here")).unwrap(); // articles/here -> itself
    symlink("self.md", articles.join("self.md")).unwrap(); // a link to itself (ELOOP)
    symlink("ping", articles.join("pong")).unwrap();
    symlink("pong", articles.join("ping")).unwrap();
    let started = Instant::now();
    let output = check_json(dir.path(), &["articles"]);
    assert!(started.elapsed() < Duration::from_secs(60));
    // Links are not followed in a walk, so the loop is never entered and a.md is linted once.
    assert_exit(&output, 1);
    let document = json(&output);
    check_spans(dir.path(), &document);
    let paths: Vec<&str> = diagnostics(&document)
        .iter()
        .map(|item| item["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().all(|path| *path == "articles/a.md"),
        "{paths:?}"
    );

    // Named on the command line, a looping link is an `io` diagnostic.
    let output = check_json(dir.path(), &["articles/self.md", "articles/a.md"]);
    assert_exit(&output, 2);
    let document = json(&output);
    let items = for_path(&document, "articles/self.md");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["rule"], "io");
    // A folder reached through a link named on the command line is walked, once.
    let output = check_json(dir.path(), &["articles/here"]);
    assert_exit(&output, 1);
    assert_eq!(
        diagnostics(&json(&output))
            .iter()
            .filter(|item| item["rule"] == "front-matter")
            .count(),
        1
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_skipped_in_a_walk_and_reported_when_named() {
    // The nearest thing to "deleted between the walk and the read" that can be timed: the
    // walk sees a name whose file is gone.
    use std::os::unix::fs::symlink;
    let dir = folder_with(&[("a.md", b"# A\n")]);
    symlink("gone.md", dir.path().join("ghost.md")).unwrap();
    let output = check_json(dir.path(), &["."]);
    assert_exit(&output, 1);
    assert!(for_path(&json(&output), "ghost.md").is_empty());

    let output = check_json(dir.path(), &["ghost.md", "a.md"]);
    assert_exit(&output, 2);
    let document = json(&output);
    let items = for_path(&document, "ghost.md");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["rule"], "io");
    assert!(!for_path(&document, "a.md").is_empty());
}

#[test]
fn a_file_gone_by_the_time_it_is_read_is_an_io_problem() {
    // The walk and the read are separate steps; a file deleted in between fails the read,
    // which `check` turns into an `io` diagnostic and exit 2 (see RELIABILITY.md). The race
    // itself cannot be timed from outside, so the read is tested directly.
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("gone.md");
    std::fs::write(&path, "# Soon gone\n").unwrap();
    let (targets, problems) = healthlint::walk::discover(&[dir.path().to_path_buf()], 1, false);
    assert!(problems.is_empty());
    assert_eq!(targets.len(), 1);
    std::fs::remove_file(&path).unwrap();
    healthlint::walk::with_text(&targets[0].path, |text| match text {
        Err(healthlint::walk::ReadProblem::Io(message)) => {
            assert!(message.contains("no such file"), "{message}")
        }
        other => panic!("expected an io problem, got {other:?}"),
    });
}

// Linux: macOS and Windows file systems refuse names that are not UTF-8.
#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_linted_and_shown_lossily() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = folder_with(&[]);
    let name = OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(dir.path().join(name), "# Caf\u{e9}\n").unwrap();
    let output = check_json(dir.path(), &["."]);
    assert_exit(&output, 1);
    let document = json(&output);
    let items = for_path(&document, "caf\u{fffd}.md");
    assert!(
        items.iter().any(|item| item["rule"] == "front-matter"),
        "{document:#}"
    );
    // Every output format copes with the name.
    for format in ["human", "short", "sarif", "github"] {
        let output = healthlint(dir.path())
            .args(["check", "--today", "2026-11-25", "--format", format, "."])
            .output()
            .unwrap();
        assert_exit(&output, 1);
    }
    // Named on the command line, too.
    let output = healthlint(dir.path())
        .args(["check", "--format", "json", "--today", "2026-11-25"])
        .arg(name)
        .output()
        .unwrap();
    assert_exit(&output, 1);
}

// Linux: macOS and Windows file systems refuse names that are not UTF-8.
#[cfg(target_os = "linux")]
#[test]
fn two_names_that_are_not_utf8_and_show_alike_are_both_linted() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = folder_with(&[]);
    for name in [&b"caf\xe9.md"[..], &b"caf\xe8.md"[..]] {
        std::fs::write(dir.path().join(OsStr::from_bytes(name)), "# Caf\n").unwrap();
    }
    let output = check_json(dir.path(), &["."]);
    let document = json(&output);
    assert_eq!(json(&output)["summary"]["files"], 2, "{document:#}");
}

// ---------------------------------------------------------------------------------------
// Standard output closed early
// ---------------------------------------------------------------------------------------

/// Runs `healthlint ARGS` with its standard output to a pipe that is closed after one line,
/// like `healthlint check . | head -1`.
fn run_closed_after_one_line(
    dir: &Path,
    args: &[&str],
) -> (String, std::process::ExitStatus, String) {
    let mut child = healthlint(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    {
        let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
        reader.read_line(&mut first).expect("one line");
        // Dropping the reader closes the pipe's reading end.
    }
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr");
    let status = child.wait().expect("wait");
    (first, status, err)
}

#[test]
fn standard_output_closed_early_ends_quietly() {
    // Enough output to overflow a pipe's buffer (64 KiB on Linux), so the writer really
    // meets the closed pipe.
    let files: Vec<(String, Vec<u8>)> = (0..400)
        .map(|i| {
            (
                format!("a{i:03}.md"),
                b"# Title\n\nNo front matter.\n".to_vec(),
            )
        })
        .collect();
    let dir = folder_with(
        &files
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_slice()))
            .collect::<Vec<_>>(),
    );
    let full = healthlint(dir.path())
        .args(["check", "--today", "2026-11-25", "."])
        .output()
        .unwrap();
    assert!(full.stdout.len() > 256 << 10, "{} bytes", full.stdout.len());
    for format in ["human", "short", "json", "sarif", "github"] {
        let (first, status, err) = run_closed_after_one_line(
            dir.path(),
            &["check", "--today", "2026-11-25", "--format", format, "."],
        );
        assert!(!first.is_empty(), "{format}: a first line");
        assert!(!err.contains("panicked"), "{format}: {err}");
        assert!(err.trim().is_empty(), "{format}: quiet, but wrote: {err}");
        // Not 101 (a panic) and not killed by SIGPIPE: the exit code of the run.
        assert_eq!(status.code(), Some(1), "{format}: {status:?}");
    }
    let (_, status, err) = run_closed_after_one_line(dir.path(), &["rules"]);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(status.code(), Some(0));
}

// ---------------------------------------------------------------------------------------
// Configuration wrong in every way
// ---------------------------------------------------------------------------------------

#[test]
fn configuration_wrong_in_every_way_exits_2_with_a_message() {
    let huge_regex = r"(\w{100}){100}";
    let cases: Vec<(&str, String)> = vec![
        ("bad YAML", "rules:\n  disclaimer: [error\n".into()),
        ("tabs", "rules:\n\tdisclaimer: error\n".into()),
        ("not a mapping", "- rules\n- fields\n".into()),
        ("a scalar", "just words\n".into()),
        ("unknown key", "rulez:\n  disclaimer: off\n".into()),
        ("missing extends", "extends: ./nowhere.yaml\n".into()),
        ("rules not a mapping", "rules: [disclaimer]\n".into()),
        ("unknown rule id", "rules:\n  disclaimr: off\n".into()),
        ("bad severity", "rules:\n  disclaimer: fatal\n".into()),
        (
            "severity of the wrong type",
            "rules:\n  disclaimer: 3\n".into(),
        ),
        (
            "unknown option",
            "rules:\n  reading-time:\n    wpm: 200\n".into(),
        ),
        (
            "option of the wrong type",
            "rules:\n  reading-time:\n    words_per_minute: fast\n".into(),
        ),
        (
            "negative number",
            "rules:\n  reading-time:\n    words_per_minute: -5\n".into(),
        ),
        (
            "number too large",
            "rules:\n  reading-time:\n    words_per_minute: 99999999999999999999\n".into(),
        ),
        (
            "zero words a minute",
            "rules:\n  reading-time:\n    words_per_minute: 0\n".into(),
        ),
        (
            "bad regex",
            "rules:\n  seek-help:\n    headings: ['(']\n".into(),
        ),
        (
            "huge regex",
            format!("rules:\n  seek-help:\n    headings: ['{huge_regex}']\n"),
        ),
        (
            "list of the wrong items",
            "rules:\n  seek-help:\n    headings: [{a: 1}]\n".into(),
        ),
        (
            "bad region",
            "rules:\n  help-line:\n    region: XX\n".into(),
        ),
        (
            "bad help line",
            "rules:\n  help-line:\n    number: 'call us'\n".into(),
        ),
        (
            "bad phone style",
            "rules:\n  phone-format:\n    style: fancy\n".into(),
        ),
        ("fields not a mapping", "fields: [title]\n".into()),
        ("bad field type", "fields:\n  title: {type: strin}\n".into()),
        ("bad field spec", "fields:\n  title: 5\n".into()),
        (
            "bad field pattern",
            "fields:\n  title: {type: string, pattern: '('}\n".into(),
        ),
        (
            "huge field pattern",
            format!("fields:\n  title: {{type: string, pattern: '{huge_regex}'}}\n"),
        ),
        ("alias bomb", {
            let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for level in 1..10 {
                let list = vec![format!("*a{}", level - 1); 10].join(", ");
                text.push_str(&format!("a{level}: &a{level} [{list}]\n"));
            }
            text
        }),
        (
            "deep nesting",
            format!("rules: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        ),
    ];
    let dir = folder_with(&[("a.md", GOOD.as_bytes())]);
    for (what, text) in &cases {
        std::fs::write(dir.path().join("bad.yaml"), text).unwrap();
        let output = check_json(dir.path(), &["--config", "bad.yaml", "a.md"]);
        let err = stderr(&output);
        assert!(!err.contains("panicked"), "{what}: {err}");
        assert_eq!(output.status.code(), Some(2), "{what}: {err}");
        assert!(
            err.contains("bad.yaml"),
            "{what}: the message names the file: {err}"
        );
        assert!(output.stdout.is_empty(), "{what}: nothing is linted");
        // Found upward rather than named, the same.
        std::fs::write(dir.path().join("healthlint.yaml"), text).unwrap();
        let output = check_json(dir.path(), &["a.md"]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{what} (found): {}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"));
        std::fs::write(dir.path().join("healthlint.yaml"), full_config_text()).unwrap();
    }
}

#[test]
fn a_configuration_that_cannot_be_read_exits_2_with_a_message() {
    let dir = folder_with(&[("a.md", GOOD.as_bytes())]);
    std::fs::write(
        dir.path().join("latin1.yaml"),
        b"rules:\n  disclaimer: \xe9\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("folder.yaml")).unwrap();
    std::fs::write(dir.path().join("empty.yaml"), b"").unwrap();
    for (config, code) in [
        ("latin1.yaml", 2),
        ("folder.yaml", 2),
        ("missing.yaml", 2),
        // An empty configuration is the defaults.
        ("empty.yaml", 0),
    ] {
        let output = check_json(dir.path(), &["--config", config, "a.md"]);
        let err = stderr(&output);
        assert!(!err.contains("panicked"), "{config}: {err}");
        assert_eq!(output.status.code(), Some(code), "{config}: {err}");
        if code == 2 {
            assert!(err.contains(config), "{config}: {err}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Regressions: every crash found by the fuzzers and the property tests
// ---------------------------------------------------------------------------------------

fn regression_files() -> Vec<PathBuf> {
    let folder = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/regressions"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("tests/regressions")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_regression_input_lints_without_a_panic_and_with_valid_spans() {
    let files = regression_files();
    assert!(!files.is_empty());
    let defaults = Config::defaults();
    let full = full_config();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        lint_checked(&text, &defaults);
        lint_checked(&text, &full);
    }
    // And through the binary, as files (`.md` or not: each is named on the command line).
    let dir = folder_with(&[]);
    let mut names = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        std::fs::copy(path, dir.path().join(&name)).unwrap();
        names.push(name);
    }
    let args: Vec<&str> = names.iter().map(String::as_str).collect();
    let output = check_json(dir.path(), &args);
    let not_utf8 = files
        .iter()
        .any(|path| String::from_utf8(std::fs::read(path).unwrap()).is_err());
    assert_exit(&output, if not_utf8 { 2 } else { 1 });
    check_spans(dir.path(), &json(&output));
}
