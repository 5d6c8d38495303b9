//! The command line as scripts and CI see it: exit codes, formats, flags and bad input.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

mod common;
use common::GOOD;

fn healthlint(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("healthlint").unwrap();
    command.current_dir(dir).args(["--today", "2026-11-25"]);
    command.env_remove("NO_COLOR");
    command
}

fn bin(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("healthlint").unwrap();
    command.current_dir(dir);
    command
}

fn folder_with(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

#[test]
fn a_clean_article_exits_0() {
    let dir = folder_with(&[("a.md", GOOD.as_bytes())]);
    bin(dir.path())
        .args(["check", "a.md", "--today", "2026-11-25", "--color", "never"])
        .assert()
        .code(0)
        .stdout("no problems in 1 file\n");
}

#[test]
fn the_check_command_is_the_default() {
    let dir = folder_with(&[("a.md", GOOD.as_bytes())]);
    bin(dir.path())
        .args(["a.md", "--today", "2026-11-25"])
        .assert()
        .code(0);
    // No path: the current folder.
    bin(dir.path())
        .args(["--today", "2026-11-25"])
        .assert()
        .code(0)
        .stdout("no problems in 1 file\n");
}

#[test]
fn an_error_exits_1_and_fail_on_moves_the_threshold() {
    let broken = GOOD.replace("date: 2025-10-17", "date: 10/17/2025");
    let styled = GOOD.replace("Try a knee hug", "Call 02380 248725. Try a knee hug");
    let dir = folder_with(&[("a.md", broken.as_bytes()), ("b.md", styled.as_bytes())]);
    let assert = healthlint(dir.path()).args(["a.md"]).assert().code(1);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(out.contains("field-type"), "{out}");
    // A warning alone exits 0 by default, 1 with --fail-on warning.
    healthlint(dir.path()).args(["b.md"]).assert().code(0);
    healthlint(dir.path())
        .args(["b.md", "--fail-on", "warning"])
        .assert()
        .code(1);
}

#[test]
fn a_missing_path_exits_2_and_still_lints_the_rest() {
    let dir = folder_with(&[("a.md", GOOD.as_bytes())]);
    healthlint(dir.path())
        .args(["a.md", "nope.md", "--format", "short"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "nope.md:1:1: error[io] no such file or folder",
        ));
}

#[test]
fn a_file_that_is_not_utf8_is_an_io_diagnostic_with_its_offset() {
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.insert(10, 0xff);
    let dir = folder_with(&[("bad.md", &bytes), ("good.md", GOOD.as_bytes())]);
    let assert = healthlint(dir.path())
        .args([".", "--format", "json"])
        .assert()
        .code(2);
    let value: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let diagnostics = value["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{value}");
    assert_eq!(diagnostics[0]["rule"], "io");
    assert_eq!(diagnostics[0]["path"], "bad.md");
    assert_eq!(diagnostics[0]["span"]["start"]["offset"], 10);
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("offset 10")
    );
    assert_eq!(value["summary"]["files"], 2);
}

#[test]
fn broken_yaml_is_a_front_matter_diagnostic_and_body_rules_still_run() {
    let broken = GOOD.replace(
        "tags: [back-pain, stretching]",
        "tags: [back-pain, stretching",
    );
    let dir = folder_with(&[("a.md", broken.as_bytes())]);
    let assert = healthlint(dir.path())
        .args(["a.md", "--format", "short"])
        .assert()
        .code(1);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("error[front-matter] front matter is not valid YAML"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 2, "{out}");
}

#[test]
fn select_and_ignore_choose_rules_and_unknown_ids_are_refused() {
    let broken = GOOD.replace("date: 2025-10-17", "date: 10/17/2025");
    let dir = folder_with(&[("a.md", broken.as_bytes())]);
    healthlint(dir.path())
        .args(["a.md", "--ignore", "field-type"])
        .assert()
        .code(0);
    healthlint(dir.path())
        .args(["a.md", "--select", "disclaimer,seek-help"])
        .assert()
        .code(0);
    healthlint(dir.path())
        .args(["a.md", "--select", "field-typo"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `field-type`?"));
}

#[test]
fn a_file_named_twice_or_found_under_two_paths_is_checked_once() {
    let missing = include_str!("../fixtures/articles/bad/disclaimer/missing.md");
    let dir = folder_with(&[
        ("a.md", missing.as_bytes()),
        ("sub/b.md", missing.as_bytes()),
    ]);
    let output = healthlint(dir.path())
        .args([".", "a.md", "./sub", "sub/b.md", "sub", "./a.md"])
        .args(["--format", "short", "--select", "disclaimer"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout,
        "a.md:50:168: error[disclaimer] the article has no medical disclaimer\n\
         sub/b.md:50:168: error[disclaimer] the article has no medical disclaimer\n\
         2 errors, 0 warnings in 2 files\n"
    );
    // Spelled with a doubled `/` or a `./` inside, it is still one file (shown as first
    // named, in path order).
    let output = healthlint(dir.path())
        .args(["sub//b.md", "sub", "./sub/./b.md"])
        .args(["--format", "short", "--select", "disclaimer", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 1);
}

#[test]
fn output_is_sorted_by_path_then_position() {
    let broken = GOOD.replace("date: 2025-10-17", "date: 10/17/2025");
    let dir = folder_with(&[
        ("b/z.md", broken.as_bytes()),
        ("a.md", broken.as_bytes()),
        ("b/a.md", broken.as_bytes()),
    ]);
    let assert = healthlint(dir.path())
        .args([".", "--format", "short", "--quiet", "-j", "2"])
        .assert()
        .code(1);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let paths: Vec<&str> = out
        .lines()
        .map(|line| line.split(':').next().unwrap())
        .collect();
    assert_eq!(paths, ["a.md", "b/a.md", "b/z.md"], "{out}");
}

#[test]
fn gitignore_and_healthlintignore_are_honoured_in_folders() {
    let broken = GOOD.replace("date: 2025-10-17", "date: 10/17/2025");
    let dir = folder_with(&[
        (".gitignore", b"drafts/\n"),
        (".healthlintignore", b"old.md\n"),
        ("drafts/x.md", broken.as_bytes()),
        ("old.md", broken.as_bytes()),
        ("notes.txt", b"not markdown"),
        ("a.markdown", GOOD.as_bytes()),
    ]);
    healthlint(dir.path())
        .args(["."])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("in 1 file"));
    // Named explicitly, an ignored file is still linted.
    healthlint(dir.path()).args(["old.md"]).assert().code(1);
}

#[test]
fn a_configuration_is_found_upward_and_a_bad_one_stops_the_run() {
    let dir = folder_with(&[
        ("healthlint.yaml", b"rules:\n  disclaimer: off\n"),
        (
            "articles/a.md",
            GOOD.replace("**Disclaimer:**", "Note:").as_bytes(),
        ),
    ]);
    healthlint(dir.path()).args(["articles"]).assert().code(0);

    std::fs::write(
        dir.path().join("healthlint.yaml"),
        "rules:\n  disclaimr: off\n",
    )
    .unwrap();
    healthlint(dir.path())
        .args(["articles", "--color", "never"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `disclaimr`"))
        .stderr(predicate::str::contains("did you mean `disclaimer`?"))
        .stderr(predicate::str::contains("2 │   disclaimr: off"));
}

#[test]
fn each_file_gets_the_nearest_configuration_above_it() {
    let no_disclaimer = GOOD.replace("**Disclaimer:**", "Note:");
    let dir = folder_with(&[
        ("healthlint.yaml", b"rules:\n  disclaimer: off\n"),
        ("articles/a.md", no_disclaimer.as_bytes()),
        ("articles/deep/b.md", no_disclaimer.as_bytes()),
        ("articles/deep/inner/.healthlint.yaml", b"rules: {}\n"),
        ("articles/deep/inner/c.md", no_disclaimer.as_bytes()),
        ("articles/deep/inner/more/d.md", no_disclaimer.as_bytes()),
        (
            "articles/deep/inner/more/most/e.md",
            no_disclaimer.as_bytes(),
        ),
        ("articles/other/f.md", no_disclaimer.as_bytes()),
    ]);
    let output = healthlint(dir.path())
        .args(["articles", "--format", "short", "--quiet"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let flagged: Vec<String> = String::from_utf8(output)
        .unwrap()
        .lines()
        .filter(|line| line.contains("[disclaimer]"))
        .map(|line| line.split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(
        flagged,
        [
            "articles/deep/inner/c.md",
            "articles/deep/inner/more/d.md",
            "articles/deep/inner/more/most/e.md",
        ]
    );
}

#[test]
fn an_explicit_config_wins_and_a_missing_one_is_an_error() {
    let dir = folder_with(&[
        (
            "strict.yaml",
            b"rules:\n  reading-time:\n    tolerance_minutes: 0\n    words_per_minute: 10\n",
        ),
        ("a.md", GOOD.as_bytes()),
    ]);
    healthlint(dir.path())
        .args(["a.md", "--config", "strict.yaml", "--format", "short"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[reading-time]"));
    healthlint(dir.path())
        .args(["a.md", "--config", "missing.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the configuration"));
}

#[test]
fn rules_lists_every_rule_and_explain_prints_a_page() {
    let dir = TempDir::new().unwrap();
    let assert = bin(dir.path()).arg("rules").assert().code(0);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(out.lines().count() >= 9, "{out}");
    assert!(out.starts_with("front-matter "), "{out}");
    assert!(out.lines().all(|line| {
        line.split_whitespace()
            .nth(1)
            .is_some_and(|s| ["error", "warning", "info", "off"].contains(&s))
    }));
    bin(dir.path())
        .args(["explain", "reading-time"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# reading-time"))
        .stdout(predicate::str::contains("## Options"));
    bin(dir.path())
        .args(["explain", "reading-tim"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `reading-time`?"));
}

#[test]
fn bad_arguments_exit_2() {
    let dir = TempDir::new().unwrap();
    bin(dir.path())
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    bin(dir.path())
        .args(["check", "--today", "17/10/2025"])
        .assert()
        .code(2);
}

#[test]
fn colour_only_when_asked() {
    let broken = GOOD.replace("date: 2025-10-17", "date: 10/17/2025");
    let dir = folder_with(&[("a.md", broken.as_bytes())]);
    let plain = healthlint(dir.path()).args(["a.md"]).assert().code(1);
    assert!(!plain.get_output().stdout.contains(&0x1b));
    let colour = healthlint(dir.path())
        .args(["a.md", "--color", "always"])
        .assert()
        .code(1);
    assert!(colour.get_output().stdout.contains(&0x1b));
}

#[test]
fn stdin_is_linted_under_its_given_name() {
    let broken = GOOD.replace("date: 2025-10-17", "date: 10/17/2025");
    let dir = TempDir::new().unwrap();
    healthlint(dir.path())
        .args([
            "-",
            "--stdin-filename",
            "articles/x.md",
            "--format",
            "short",
        ])
        .write_stdin(broken)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "articles/x.md:4:7: error[field-type]",
        ));
}

#[test]
fn an_empty_file_and_a_binary_file_do_not_panic() {
    let dir = folder_with(&[
        ("empty.md", b""),
        ("binary.md", &[0, 159, 146, 150, 0, 1, 2]),
    ]);
    let assert = healthlint(dir.path())
        .args([".", "--format", "json"])
        .assert();
    let code = assert.get_output().status.code();
    assert_eq!(code, Some(2));
    let value: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let rules: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"io"));
    assert!(rules.contains(&"front-matter"));
}

/// The progress bar: drawn on a terminal's standard error for a long run, never when
/// standard error is not a terminal, nor with `--quiet`. The terminal is `script`'s
/// pseudo-terminal (util-linux); without `script` the terminal half is skipped, saying why.
#[test]
fn a_progress_bar_only_on_a_terminal_and_never_with_quiet() {
    let dir = TempDir::new().unwrap();
    for n in 0..600 {
        std::fs::write(
            dir.path().join(format!("a{n:03}.md")),
            "---\ntitle: x\n---\n\nText.\n",
        )
        .unwrap();
    }
    // Not a terminal: nothing but the report.
    let output = bin(dir.path())
        .args(["check", ".", "--format", "json"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&output.stderr).contains("linting"));

    let script = std::process::Command::new("script")
        .arg("--version")
        .output();
    if !script.is_ok_and(|output| output.status.success()) {
        eprintln!("note: `script` (util-linux) is not installed: the terminal half is skipped");
        return;
    }
    let exe = env!("CARGO_BIN_EXE_healthlint");
    let on_terminal = |extra: &str| {
        let log = dir.path().join("terminal.log");
        let command =
            format!("'{exe}' check . --format json --today 2026-11-25 {extra} > report.json",);
        std::process::Command::new("script")
            .args(["-qec", &command])
            .arg(&log)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let shown = std::fs::read_to_string(&log).unwrap_or_default();
        let report = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
        let value: serde_json::Value = serde_json::from_str(&report).unwrap();
        assert_eq!(value["summary"]["files"], 600, "the report is whole");
        shown
    };
    assert!(
        on_terminal("").contains("/600 files"),
        "a bar on a terminal"
    );
    assert!(
        !on_terminal("--quiet").contains("files"),
        "no bar with --quiet"
    );
}

#[test]
fn jobs_change_nothing_but_speed() {
    // One article is linted on the main thread (with a worker compiling patterns, or none
    // with `--jobs 1`); several go to the pool. Every way gives the same report.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles");
    let one = fixtures.join("bad/seek-help");
    let one = std::fs::read_dir(&one)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|ext| ext == "md"))
        .unwrap();
    for target in [one.as_path(), fixtures.as_path()] {
        let run = |jobs: &str| {
            let mut command = healthlint(&fixtures);
            command.args(["--format", "json", "--jobs", jobs]);
            command.arg(target);
            let output = command.output().unwrap();
            assert_eq!(output.status.code(), Some(1), "{}", target.display());
            output.stdout
        };
        let single = run("1");
        assert!(!single.is_empty());
        assert_eq!(run("2"), single, "{}", target.display());
        assert_eq!(run("8"), single, "{}", target.display());
    }
}
