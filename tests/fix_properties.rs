//! Property tests of `--fix` and `--diff`: on articles that really have fixable problems (US
//! dates, tags in title case, a wrong reading time, phone numbers not in the house style, a
//! misspelt key, no disclaimer), with LF, CRLF or mixed line endings and a BOM, under a
//! configuration with every rule on and the house disclaimer text set:
//!
//! - one pass of `fix::apply` changes only the bytes of the fixes it applies, each fix whole;
//! - the fixed text is valid UTF-8, keeps the BOM and keeps the file's line-ending style;
//! - fixing is idempotent and leaves nothing fixable;
//! - the unified diff of `--diff`, applied by a strict patch applier written here (lines end
//!   at `\n`, as `patch` and `git apply` read them), gives exactly the fixed text, in the
//!   library and through the binary (`check --diff` patched onto the file equals the file
//!   after `check --fix`).
//!
//! The default is 256 cases per property (the binary property runs fewer); set
//! `PROPTEST_CASES` for a longer run.

use std::path::Path;
use std::process::Command;
use std::sync::LazyLock;

use healthlint::diagnostic::Diagnostic;
use healthlint::{Config, Edit, fix};
use jiff::civil::{Date, date};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

mod common;
use common::{GOOD, copy_fixtures, full_config_text};

const TODAY: Date = date(2026, 11, 25);
const BOM: char = '\u{feff}';

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

fn proptest_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// Generators: articles with fixable problems
// ---------------------------------------------------------------------------------------

fn one_of(choices: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    prop::sample::select(choices).prop_map(str::to_string)
}

/// The front-matter lines, each right or wrong in a way a fix can mend (or not).
fn front_matter() -> impl Strategy<Value = Vec<String>> {
    let fields = (
        one_of(&[
            "date: 2025-10-17",
            "date: 10/17/2025",
            "date: \"10/17/2025\"",
            "date: '10/17/2025'",
            "date: 17 October 2025",
            "date: October 17, 2025",
            "date: 17/10/2025",
            "date: 2025/10/17",
            "date: 03/04/2025",
        ]),
        one_of(&[
            "reviewed_by: \"Jane Doe, MCSP (HCPC PH123456)\"",
            "reveiwed_by: \"Jane Doe, MCSP (HCPC PH123456)\"",
            "reviewd_by: Jane Doe, MCSP",
        ]),
        one_of(&[
            "last_reviewed: 2025-10-17",
            "last_reviewed: 10/17/2025",
            "lastreviewed: 2025-10-17",
        ]),
        one_of(&["next_review: 2027-10-17", "next_review: 10/17/2027"]),
        one_of(&[
            "tags: [back-pain, stretching]",
            "tags: [Back Pain, stretching]",
            "tags: [\"Back Pain\", 'Pain Relief']",
            "tags:\n  - Back Pain\n  - Stretching",
            "tags: [Back_Pain, BackPain, back pain]",
            "tags: [ Back  Pain ,Stretching]",
        ]),
        one_of(&[
            "reading_time: 1 min read",
            "reading_time: 4 min read",
            "reading_time: 4",
            "reading_time: \"4 min read\"",
            "reading_time: 12 minutes",
            "reading_time: 1",
            "readingtime: 4 min read",
        ]),
        one_of(&[
            "",
            "help_line: \"02380 248725\"",
            "help_line: \"023 8024 8725\"",
            "help_line: 02380 248725",
            "help_line: \"+44 23 8024 8725\"",
            "help_line: '(023) 8024 8725'",
            "help_line: \"02380248725\"",
        ]),
        one_of(&["", "titel: \"A typo\"", "# a comment"]),
    );
    fields
        .prop_map(
            |(date, reviewer, last, next, tags, reading, help_line, extra)| {
                let mut lines = vec![
                    "title: \"Stretches for a Stiff Back\"".to_string(),
                    "description: \"Gentle stretches for a stiff back, and when to get help.\""
                        .to_string(),
                    date,
                    "author: Sciaticalm Medical Team".to_string(),
                    reviewer,
                    last,
                    next,
                    tags,
                    reading,
                ];
                lines.extend(
                    [help_line, extra]
                        .into_iter()
                        .filter(|line| !line.is_empty()),
                );
                lines
            },
        )
        .prop_shuffle()
}

/// A sentence of prose, often with a phone number or a date in it, sometimes odd text.
fn sentence() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => one_of(&[
            "Gentle movement helps most stiff backs.",
            "Try a knee hug each morning.",
            "Call our help line on 02380 248725 for advice.",
            "**Help line:** 023 8024 8725",
            "**Help line:** 02380 248725",
            "Ring (023) 8024 8725 today.",
            "[Call us](tel:02380248725) any time.",
            "[023 8024 8725](tel:+442380248725)",
            "Phone +44 23 8024 8725 or 02380 248725.",
            "Text 07700 900123 for a reply.",
            "Published 10/17/2025.",
            "It costs £1,250.00 a year.",
            "See `02380 248725` in code.",
            "<!-- 02380 248725 -->",
            "Our number: 02380248725.",
        ]),
        1 => one_of(&[
            "😀", "腰痛の治療", "e\u{0301}", "\u{00a0}", "👩‍⚕️", "\u{2019}", "…", "\t",
            // A lone CR inside a line: not a line ending for `patch`.
            "a\rb",
            "\u{feff}",
        ]),
        2 => "[a-z]{1,8}( [a-z]{1,8}){0,6}\\.",
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(sentence(), 1..5).prop_map(|sentences| sentences.join(" "))
}

/// Filler words, so the honest reading time varies from 1 to 5 minutes.
fn filler() -> impl Strategy<Value = String> {
    (0..900usize).prop_map(|words| {
        let mut text = String::new();
        for index in 0..words {
            if index > 0 {
                text.push(if index % 12 == 0 { '\n' } else { ' ' });
            }
            text.push_str("word");
        }
        text
    })
}

const SEEK_HELP: &str = "## When to Seek Professional Help\n\nSee a GP if:\n\n- the pain lasts more than six weeks\n- the stiffness stops you sleeping";
const REFERENCES: &str =
    "## References\n\n- NHS. Back pain. https://www.nhs.uk/conditions/back-pain/";

fn disclaimer() -> impl Strategy<Value = String> {
    one_of(&[
        "",
        "",
        "**Disclaimer:** This article is for informational purposes only and does not constitute\nmedical advice. Always consult a healthcare professional for diagnosis and treatment.",
        "## Disclaimer\n\nThis is not medical advice.",
        "**Disclaimer:** This article is for informational purposes only and does not constitute medical advice. Always consult a healthcare professional.\n\nOne more paragraph after it.",
    ])
}

/// What may end an article after its disclaimer: blocks that are never closed (which take
/// in whatever follows them), and ones that only look like it.
fn last_block() -> impl Strategy<Value = String> {
    one_of(&[
        "",
        "",
        "",
        "<!-- an editor's note ->",
        "<!--\nnote",
        "```text\ncode",
        "  ~~~",
        "    ```",
        "- item\n\n  ```\n  code",
        "<div>\nhtml",
        "> quoted",
    ])
}

/// The line endings of an article: all LF, all CRLF, or a mix.
fn endings() -> impl Strategy<Value = Vec<&'static str>> {
    prop_oneof![
        2 => Just(vec!["\n"]),
        2 => Just(vec!["\r\n"]),
        1 => prop::collection::vec(prop::sample::select(&["\n", "\r\n"][..]), 2..5),
    ]
}

/// An article with fixable problems in its front matter and body.
fn fixable_article() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        front_matter(),
        prop::collection::vec(paragraph(), 0..4),
        filler(),
        any::<bool>(),
        any::<bool>(),
        disclaimer(),
        last_block(),
        one_of(&[
            "", "\n", "\n\n", "\n\n\n", " \n", "\t", "\n\n  ", "\n\n\t", "\n\u{a0}", "\n\n    ",
        ]),
        endings(),
    )
        .prop_map(
            |(
                bom,
                front,
                paragraphs,
                filler,
                seek_help,
                references,
                disclaimer,
                last,
                tail,
                endings,
            )| {
                let mut blocks = vec![
                    format!("---\n{}\n---", front.join("\n")),
                    "# Stretches for a Stiff Back".to_string(),
                ];
                blocks.extend(paragraphs);
                if !filler.is_empty() {
                    blocks.push(filler);
                }
                if seek_help {
                    blocks.push(SEEK_HELP.to_string());
                }
                if references {
                    blocks.push(REFERENCES.to_string());
                }
                if !disclaimer.is_empty() {
                    blocks.push(disclaimer);
                }
                if !last.is_empty() {
                    blocks.push(last);
                }
                let lf = format!("{}{tail}", blocks.join("\n\n"));
                let mut text = String::new();
                if bom {
                    text.push(BOM);
                }
                for (index, line) in lf.split('\n').enumerate() {
                    if index > 0 {
                        text.push_str(endings[index % endings.len()]);
                    }
                    text.push_str(line);
                }
                text
            },
        )
}

/// A good article with a few of its bytes replaced by fixable or odd text.
fn mutated_good() -> impl Strategy<Value = String> {
    prop::collection::vec((any::<prop::sample::Index>(), sentence()), 1..5).prop_map(|edits| {
        let mut text = GOOD.to_string();
        for (index, insert) in edits {
            let mut at = index.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, &insert);
        }
        text
    })
}

// ---------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------

/// What one pass must do, straight from the contract of `fix::apply`: take the fixes in
/// source order (by their first edit), skip a fix with an edit outside the text or off a
/// character boundary, a fix that changes nothing, and a fix that clashes with one taken
/// before it or with itself; apply the rest whole. Returns the accepted edits, sorted, and
/// how many fixes they come from.
fn accepted_edits<'a>(text: &str, diagnostics: &'a [Diagnostic]) -> (Vec<&'a Edit>, usize) {
    let inside = |edit: &Edit| {
        edit.start <= edit.end
            && edit.end <= text.len()
            && text.is_char_boundary(edit.start)
            && text.is_char_boundary(edit.end)
    };
    let clash = |a: &Edit, b: &Edit| {
        (a.start < b.end && b.start < a.end)
            || (a.start == b.start && (a.start == a.end || b.start == b.end))
    };
    let mut fixes: Vec<&[Edit]> = diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic.fix.as_ref())
        .map(|fix| fix.edits.as_slice())
        .filter(|edits| !edits.is_empty() && edits.iter().all(inside))
        .filter(|edits| {
            edits
                .iter()
                .any(|edit| text[edit.start..edit.end] != edit.replacement)
        })
        .collect();
    fixes.sort_by_key(|edits| edits.iter().map(|edit| edit.start).min());
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut count = 0;
    for edits in fixes {
        let fits = edits.iter().enumerate().all(|(index, edit)| {
            accepted.iter().all(|other| !clash(edit, other))
                && edits[..index].iter().all(|other| !clash(edit, other))
        });
        if fits {
            accepted.extend(edits);
            count += 1;
        }
    }
    accepted.sort_by_key(|edit| (edit.start, edit.end));
    (accepted, count)
}

fn rebuild(text: &str, edits: &[&Edit]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.start]);
        out.push_str(&edit.replacement);
        at = edit.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The byte ranges no fix of `diagnostics` touches, in order.
fn untouched_regions(text: &str, diagnostics: &[Diagnostic]) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic.fix.as_ref())
        .flat_map(|fix| fix.edits.iter())
        .map(|edit| (edit.start.min(text.len()), edit.end.min(text.len())))
        .collect();
    spans.sort();
    let mut regions = Vec::new();
    let mut at = 0;
    for (start, end) in spans {
        if start > at {
            regions.push((at, start));
        }
        at = at.max(end);
    }
    regions.push((at, text.len()));
    regions
}

/// One pass of `fix::apply` against the contract, and, independently of how fixes are
/// chosen, that every region no fix touches is in the output, in order, with the head and
/// the tail of the file in place.
fn check_single_pass(text: &str) -> Result<(), TestCaseError> {
    let diagnostics = healthlint::lint(text, &FULL, TODAY);
    let (out, applied) = fix::apply(text, &diagnostics);
    let (accepted, count) = accepted_edits(text, &diagnostics);
    prop_assert_eq!(applied, count, "the number of fixes applied");
    prop_assert_eq!(
        &out,
        &rebuild(text, &accepted),
        "only the accepted edits change"
    );
    let regions = untouched_regions(text, &diagnostics);
    let (first, last) = (regions[0], regions[regions.len() - 1]);
    prop_assert!(
        first.0 == 0 && out.as_bytes().starts_with(&text.as_bytes()[..first.1]),
        "the bytes before the first edit changed"
    );
    prop_assert!(
        out.as_bytes().ends_with(&text.as_bytes()[last.0..]),
        "the bytes after the last edit changed"
    );
    let mut from = 0;
    for (start, end) in regions {
        let piece = &text[start..end];
        match out[from..].find(piece) {
            Some(found) => from += found + piece.len(),
            None => {
                return Err(TestCaseError::fail(format!(
                    "the untouched bytes {start}..{end} ({piece:?}) are not in the output in order"
                )));
            }
        }
    }
    Ok(())
}

/// Every `\n` of `text` is preceded by `\r`.
fn all_crlf(text: &str) -> bool {
    text.match_indices('\n')
        .all(|(at, _)| at > 0 && text.as_bytes()[at - 1] == b'\r')
}

/// The fixed text: valid UTF-8, the BOM kept, the line-ending style kept, and the report
/// that comes with it is the lint of the fixed text.
fn check_fixed_text(text: &str) -> Result<(), TestCaseError> {
    let fixed = healthlint::fix(text, &FULL, TODAY);
    prop_assert!(std::str::from_utf8(fixed.text.as_bytes()).is_ok());
    prop_assert_eq!(
        fixed.text.starts_with(BOM),
        text.starts_with(BOM),
        "the BOM is kept (and none added)"
    );
    if all_crlf(text) && text.contains('\n') {
        prop_assert!(
            all_crlf(&fixed.text),
            "a CRLF file got a bare LF:\n{:?}",
            fixed.text
        );
    }
    if !text.contains('\r') {
        prop_assert!(
            !fixed.text.contains('\r'),
            "an LF file got a CR:\n{:?}",
            fixed.text
        );
    }
    prop_assert_eq!(
        &fixed.diagnostics,
        &healthlint::lint(&fixed.text, &FULL, TODAY),
        "the report after fixing is the lint of the fixed text"
    );
    Ok(())
}

/// A second fix changes nothing, and nothing fixable is left to report.
fn check_idempotent(text: &str) -> Result<(), TestCaseError> {
    let once = healthlint::fix(text, &FULL, TODAY);
    let twice = healthlint::fix(&once.text, &FULL, TODAY);
    prop_assert_eq!(
        twice.fixed,
        0,
        "a second fix applied fixes to\n{:?}",
        once.text
    );
    prop_assert_eq!(&twice.text, &once.text);
    let left: Vec<_> = once
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.fix.is_some())
        .map(|diagnostic| (diagnostic.rule.as_ref(), diagnostic.message.as_ref()))
        .collect();
    prop_assert!(
        left.is_empty(),
        "still fixable after --fix: {:?}\nin\n{:?}",
        left,
        once.text
    );
    Ok(())
}

/// The diff of `--diff`, applied to the original, is the fixed text of `--fix`.
fn check_diff(text: &str) -> Result<(), TestCaseError> {
    let fixed = healthlint::fix(text, &FULL, TODAY);
    let diff = fix::unified_diff("a.md", text, &fixed.text);
    prop_assert_eq!(diff.is_empty(), fixed.text == text);
    if diff.is_empty() {
        return Ok(());
    }
    let files = parse_diff(&diff).map_err(|error| {
        TestCaseError::fail(format!("the diff does not parse: {error}\n{diff:?}"))
    })?;
    prop_assert_eq!(files.len(), 1);
    prop_assert_eq!(files[0].old.as_str(), "a/a.md");
    prop_assert_eq!(files[0].new.as_str(), "b/a.md");
    let patched = apply_patch(text, &files[0]).map_err(|error| {
        TestCaseError::fail(format!("the diff does not apply: {error}\n{diff:?}"))
    })?;
    prop_assert_eq!(
        &patched,
        &fixed.text,
        "the diff gives another text than the fix:\n{:?}",
        diff
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// A strict unified-diff reader and applier: lines end at `\n` (as `patch` and `git apply`
// read them), context and removed lines must match the original exactly, the hunk header
// counts must agree, and `\ No newline at end of file` drops the line's `\n`.
// ---------------------------------------------------------------------------------------

#[derive(Debug)]
struct FilePatch {
    old: String,
    new: String,
    hunks: Vec<Hunk>,
}

#[derive(Debug)]
struct Hunk {
    /// The 0-based index of the first old line the hunk covers.
    old_start: usize,
    /// (tag, line with its ending) for ' ', '-' and '+'.
    lines: Vec<(char, String)>,
}

fn parse_range(text: &str) -> Result<(usize, usize), String> {
    let (start, count) = match text.split_once(',') {
        Some((start, count)) => (start, count),
        None => (text, "1"),
    };
    let start: usize = start.parse().map_err(|_| format!("bad range `{text}`"))?;
    let count: usize = count.parse().map_err(|_| format!("bad range `{text}`"))?;
    Ok((start, count))
}

fn parse_diff(diff: &str) -> Result<Vec<FilePatch>, String> {
    let lines: Vec<&str> = diff.split_inclusive('\n').collect();
    let mut files: Vec<FilePatch> = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at];
        if let Some(old) = line.strip_prefix("--- ") {
            let new = lines
                .get(at + 1)
                .and_then(|line| line.strip_prefix("+++ "))
                .ok_or_else(|| format!("line {}: `---` without `+++`", at + 1))?;
            files.push(FilePatch {
                old: old.trim_end_matches('\n').to_string(),
                new: new.trim_end_matches('\n').to_string(),
                hunks: Vec::new(),
            });
            at += 2;
            continue;
        }
        let header = line
            .strip_prefix("@@ -")
            .and_then(|rest| rest.strip_suffix(" @@\n"))
            .ok_or_else(|| format!("line {}: unexpected {line:?}", at + 1))?;
        let file = files
            .last_mut()
            .ok_or_else(|| format!("line {}: a hunk before any file header", at + 1))?;
        let (old, new) = header
            .split_once(" +")
            .ok_or_else(|| format!("line {}: bad hunk header {line:?}", at + 1))?;
        let (old_start, old_count) = parse_range(old)?;
        let (_, new_count) = parse_range(new)?;
        let mut hunk = Hunk {
            old_start: if old_count == 0 {
                old_start
            } else {
                old_start
                    .checked_sub(1)
                    .ok_or_else(|| format!("line {}: line 0", at + 1))?
            },
            lines: Vec::new(),
        };
        at += 1;
        let (mut olds, mut news) = (0, 0);
        while olds < old_count || news < new_count {
            let line = lines.get(at).ok_or_else(|| {
                format!(
                    "the hunk ends early: {olds}/{old_count} old and {news}/{new_count} new lines"
                )
            })?;
            let mut chars = line.chars();
            let tag = chars.next().unwrap_or('?');
            let content = chars.as_str().to_string();
            match tag {
                ' ' => {
                    olds += 1;
                    news += 1;
                }
                '-' => olds += 1,
                '+' => news += 1,
                _ => {
                    return Err(format!(
                        "line {}: unexpected {line:?} inside a hunk",
                        at + 1
                    ));
                }
            }
            if !content.ends_with('\n') {
                return Err(format!("line {}: the diff ends inside a line", at + 1));
            }
            hunk.lines.push((tag, content));
            at += 1;
            if lines
                .get(at)
                .is_some_and(|line| line.starts_with("\\ No newline at end of file"))
            {
                let last = &mut hunk.lines.last_mut().expect("a line before the marker").1;
                last.pop();
                at += 1;
            }
        }
        if olds != old_count || news != new_count {
            return Err(format!(
                "hunk counts: header says -{old_count} +{new_count}, body has -{olds} +{news}"
            ));
        }
        file.hunks.push(hunk);
    }
    Ok(files)
}

fn apply_patch(original: &str, patch: &FilePatch) -> Result<String, String> {
    let old: Vec<&str> = original.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut next = 0;
    for hunk in &patch.hunks {
        if hunk.old_start < next || hunk.old_start > old.len() {
            return Err(format!(
                "hunk at old line {} is out of order or past the end",
                hunk.old_start + 1
            ));
        }
        for line in &old[next..hunk.old_start] {
            out.push_str(line);
        }
        next = hunk.old_start;
        for (tag, content) in &hunk.lines {
            match tag {
                ' ' | '-' => {
                    let found = old.get(next).copied();
                    if found != Some(content.as_str()) {
                        return Err(format!(
                            "old line {}: the diff has {content:?}, the file has {found:?}",
                            next + 1
                        ));
                    }
                    if *tag == ' ' {
                        out.push_str(content);
                    }
                    next += 1;
                }
                _ => out.push_str(content),
            }
        }
    }
    for line in &old[next..] {
        out.push_str(line);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// The binary
// ---------------------------------------------------------------------------------------

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_healthlint"))
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--today", "2026-11-25", "--color", "never"])
        .env_remove("NO_COLOR")
        .output()
        .expect("run healthlint")
}

/// Every file under `dir` (relative path with `/`, bytes).
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read the folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .expect("under dir")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((name, std::fs::read(&path).expect("read the file")));
            }
        }
    }
    out.sort();
    out
}

/// `check --diff` over `dir`, patched onto the files, equals the files after `check --fix`;
/// a file without a diff is not changed by `--fix`. Returns how many files changed.
fn diff_agrees_with_fix(dir: &Path, targets: &[&str]) -> Result<usize, String> {
    let before = files_under(dir);
    let mut diff_args = targets.to_vec();
    diff_args.extend(["--diff", "--quiet"]);
    let diff = run(dir, &diff_args);
    let diff_text = String::from_utf8(diff.stdout).map_err(|_| "the diff is not UTF-8")?;
    if files_under(dir) != before {
        return Err("--diff wrote a file".to_string());
    }
    let code = diff.status.code();
    if code != Some(if diff_text.is_empty() { 0 } else { 1 }) {
        return Err(format!(
            "--diff exited {code:?} with a diff of {} bytes; stderr: {}",
            diff_text.len(),
            String::from_utf8_lossy(&diff.stderr)
        ));
    }
    let patches = parse_diff(&diff_text)?;
    let mut fix_args = targets.to_vec();
    fix_args.extend(["--fix", "--quiet"]);
    let fixed = run(dir, &fix_args);
    if fixed.status.code() == Some(2) {
        return Err(format!(
            "--fix failed: {}{}",
            String::from_utf8_lossy(&fixed.stdout),
            String::from_utf8_lossy(&fixed.stderr)
        ));
    }
    let after = files_under(dir);
    let mut changed = 0;
    for ((name, old), (same, new)) in before.iter().zip(&after) {
        assert_eq!(name, same);
        let patch = patches
            .iter()
            .find(|patch| patch.old == format!("a/{name}"));
        let expected = match patch {
            Some(patch) => {
                let original = std::str::from_utf8(old).map_err(|_| "a file is not UTF-8")?;
                if patch.new != format!("b/{name}") {
                    return Err(format!("{name}: the new side is named {}", patch.new));
                }
                changed += 1;
                apply_patch(original, patch)
                    .map_err(|error| format!("{name}: the diff does not apply: {error}"))?
                    .into_bytes()
            }
            None => old.clone(),
        };
        if *new != expected {
            return Err(format!(
                "{name}: the file after --fix is not the original patched with --diff\n\
                 after --fix:   {:?}\nfrom the diff: {:?}\ndiff:\n{diff_text}",
                String::from_utf8_lossy(new),
                String::from_utf8_lossy(&expected)
            ));
        }
    }
    if patches.len() != changed {
        return Err(format!(
            "the diff names {} files, {changed} of them in the folder",
            patches.len()
        ));
    }
    Ok(changed)
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(proptest_config(cases()))]

    #[test]
    fn one_pass_changes_only_the_bytes_of_its_edits(text in fixable_article()) {
        check_single_pass(&text)?;
    }

    #[test]
    fn the_fixed_text_is_utf8_and_keeps_the_bom_and_line_endings(text in fixable_article()) {
        check_fixed_text(&text)?;
    }

    #[test]
    fn fixing_is_idempotent_and_leaves_nothing_fixable(text in fixable_article()) {
        check_idempotent(&text)?;
    }

    #[test]
    fn the_diff_applied_to_the_article_is_the_fixed_article(text in fixable_article()) {
        check_diff(&text)?;
    }

    #[test]
    fn mutated_good_articles_fix_safely(text in mutated_good()) {
        check_single_pass(&text)?;
        check_fixed_text(&text)?;
        check_idempotent(&text)?;
        check_diff(&text)?;
    }

    #[test]
    fn any_text_fixes_safely_and_its_diff_applies(text in any::<String>()) {
        check_single_pass(&text)?;
        check_fixed_text(&text)?;
        check_diff(&text)?;
    }
}

proptest! {
    // Each case starts the binary twice.
    #![proptest_config(proptest_config(cases().div_ceil(8)))]

    #[test]
    fn check_diff_patched_onto_the_file_is_the_file_after_check_fix(
        texts in prop::collection::vec(fixable_article(), 1..3)
    ) {
        let dir = tempfile::TempDir::new().expect("a temporary folder");
        std::fs::write(dir.path().join("healthlint.yaml"), full_config_text())
            .expect("write the configuration");
        for (index, text) in texts.iter().enumerate() {
            std::fs::write(dir.path().join(format!("{index}.md")), text).expect("write");
        }
        let changed = diff_agrees_with_fix(dir.path(), &["."]).map_err(TestCaseError::fail)?;
        // The binary fixes exactly what the library fixes.
        for (index, text) in texts.iter().enumerate() {
            let on_disk = std::fs::read_to_string(dir.path().join(format!("{index}.md")))
                .expect("read back");
            prop_assert_eq!(&on_disk, &healthlint::fix(text, &FULL, TODAY).text);
        }
        prop_assert!(changed <= texts.len());
    }
}

// ---------------------------------------------------------------------------------------
// The fixtures, through the binary
// ---------------------------------------------------------------------------------------

#[test]
fn check_diff_of_every_fixture_patched_onto_it_is_what_check_fix_writes() {
    let dir = tempfile::TempDir::new().expect("a temporary folder");
    copy_fixtures(dir.path());
    let changed = match diff_agrees_with_fix(dir.path(), &["."]) {
        Ok(changed) => changed,
        Err(error) => panic!("{error}"),
    };
    assert!(
        changed >= 5,
        "the fixtures have fixable problems in several files, {changed} changed"
    );
    // CRLF and a BOM: the same fixtures converted.
    let dir = tempfile::TempDir::new().expect("a temporary folder");
    copy_fixtures(dir.path());
    for (name, bytes) in files_under(dir.path()) {
        if name.ends_with(".md") {
            let text = String::from_utf8(bytes).expect("UTF-8 fixture");
            let converted = format!("{BOM}{}", text.replace('\n', "\r\n"));
            std::fs::write(dir.path().join(&name), converted).expect("rewrite");
        }
    }
    if let Err(error) = diff_agrees_with_fix(dir.path(), &["."]) {
        panic!("with CRLF and a BOM: {error}");
    }
}

// ---------------------------------------------------------------------------------------
// Plain tests of the checks themselves, so that a property that passes is known to bite
// ---------------------------------------------------------------------------------------

fn fixing(start: usize, end: usize, replacement: &str) -> Diagnostic {
    Diagnostic::new("r", healthlint::Span::new(start, end), "m").with_fix(healthlint::Fix::new(
        "t",
        vec![Edit::replace(
            healthlint::Span::new(start, end),
            replacement,
        )],
    ))
}

#[test]
fn the_pass_model_applies_whole_fixes_in_source_order() {
    let diagnostics = [fixing(3, 5, "Y"), fixing(1, 4, "X"), fixing(6, 6, "!")];
    let (edits, count) = accepted_edits("abcdefg", &diagnostics);
    assert_eq!(count, 2);
    assert_eq!(rebuild("abcdefg", &edits), "aXef!g");
}

#[test]
fn the_patch_applier_rejects_a_diff_that_does_not_match() {
    let diff = fix::unified_diff("a.md", "a\nb\nc\n", "a\nB\nc\n");
    let files = parse_diff(&diff).unwrap();
    assert_eq!(apply_patch("a\nb\nc\n", &files[0]).unwrap(), "a\nB\nc\n");
    assert!(apply_patch("a\nx\nc\n", &files[0]).is_err());
    // A missing final newline, on either side.
    for (old, new) in [("a\nb", "a\nB"), ("a\nb\n", "a\nb"), ("a\nb", "a\nb\n")] {
        let diff = fix::unified_diff("a.md", old, new);
        let files = parse_diff(&diff).unwrap();
        assert_eq!(apply_patch(old, &files[0]).unwrap(), new, "{diff:?}");
    }
    // A hunk whose counts disagree with its header.
    assert!(parse_diff("--- a/a.md\n+++ b/a.md\n@@ -1,2 +1,2 @@\n-a\n+b\n").is_err());
}

#[test]
fn a_lone_cr_in_a_changed_line_gives_a_diff_that_applies() {
    // Found by these properties: the diff split lines at a lone `\r` too, so `patch` (which
    // ends lines at `\n` only) could not apply it.
    for text in [
        "Call our help line on 02380 248725 for advice. a\rb",
        "Call 02380 248725.\rMore text.\n",
        "a\rb\nCall 02380 248725.\n",
        "Call 02380 248725.\r",
    ] {
        check_diff(text).unwrap_or_else(|error| panic!("{text:?}: {error}"));
    }
}

#[test]
fn the_line_ending_check_tells_crlf_from_lf() {
    assert!(all_crlf("a\r\nb\r\n"));
    assert!(!all_crlf("a\r\nb\n"));
    assert!(!all_crlf("\n"));
}

#[test]
fn the_generated_articles_have_fixable_problems() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = fixable_article();
    let mut fixed_some = 0;
    for _ in 0..50 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        if healthlint::fix(&text, &FULL, TODAY).fixed > 0 {
            fixed_some += 1;
        }
    }
    assert!(
        fixed_some >= 40,
        "only {fixed_some} of 50 articles had a fix"
    );
}
