//! Configuration as publishers write it: `extends`, `files`, `fields`, `rules`, `overrides`,
//! `custom`, inline suppressions, `init` and `config`; and every mistake shown with a code
//! frame into the file (snapshots of the frames).

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

mod common;
use common::GOOD;

fn folder_with(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

fn healthlint(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("healthlint").unwrap();
    command.current_dir(dir).env_remove("NO_COLOR");
    command
}

fn check(dir: &Path, args: &[&str]) -> (String, i32) {
    let output = healthlint(dir)
        .arg("check")
        .args(args)
        .args(["--today", "2026-11-25", "--format", "short", "--quiet"])
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

/// The code frame of a configuration mistake, as a writer sees it (colour off).
fn config_error(config: &str, extra: &[(&str, &str)]) -> String {
    let mut files = vec![("healthlint.yaml", config), ("a.md", GOOD)];
    files.extend_from_slice(extra);
    let dir = folder_with(&files);
    let output = healthlint(dir.path())
        .args(["check", "a.md", "--today", "2026-11-25"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "a bad configuration stops the run"
    );
    assert!(output.stdout.is_empty(), "nothing is linted");
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// A named configuration mistake: the configuration's text and the other files it needs.
type ConfigCase<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

#[test]
fn every_configuration_mistake_has_a_code_frame() {
    let cases: &[ConfigCase] = &[
        ("bad_yaml", "rules:\n  disclaimer: [off\n", &[]),
        ("unknown_key", "rulez:\n  disclaimer: off\n", &[]),
        ("unknown_rule", "rules:\n  disclaimr: off\n", &[]),
        ("bad_severity", "rules:\n  disclaimer: eror\n", &[]),
        (
            "unknown_option",
            "rules:\n  reading-time:\n    words_per_minut: 250\n",
            &[],
        ),
        (
            "wrong_type",
            "rules:\n  reading-time:\n    words_per_minute: fast\n",
            &[],
        ),
        (
            "bad_rule_regex",
            "rules:\n  seek-help:\n    headings: ['(when']\n",
            &[],
        ),
        (
            "bad_custom_regex",
            "custom:\n  - id: no-x\n    message: no x\n    forbid: '(x'\n",
            &[],
        ),
        (
            "huge_custom_regex",
            "custom:\n  - id: huge\n    message: too big\n    forbid: '(\\w{50}){50}'\n",
            &[],
        ),
        ("missing_extends", "extends: base.yaml\n", &[]),
        (
            "extends_cycle",
            "extends: base.yaml\n",
            &[("base.yaml", "extends: healthlint.yaml\n")],
        ),
        ("bad_glob", "files:\n  exclude: ['drafts/[']\n", &[]),
        ("bad_field", "fields:\n  title: {type: text}\n", &[]),
        (
            "custom_clashes_with_builtin",
            "custom:\n  - id: disclaimer\n    message: x\n    forbid: x\n",
            &[],
        ),
        (
            "bad_scope",
            "custom:\n  - id: no-x\n    message: x\n    forbid: x\n    scope: heading\n",
            &[],
        ),
        (
            "override_without_files",
            "overrides:\n  - rules:\n      disclaimer: off\n",
            &[],
        ),
    ];
    for (name, config, extra) in cases {
        let frame = config_error(config, extra);
        insta::with_settings!({snapshot_suffix => *name}, {
            insta::assert_snapshot!(frame);
        });
    }
}

#[test]
fn extends_merge_in_order_and_the_file_wins() {
    let dir = folder_with(&[
        (
            "shared/base.yaml",
            "rules:\n  reading-time:\n    words_per_minute: 10\n    tolerance_minutes: 0\n",
        ),
        (
            "shared/strict.yaml",
            "extends: base.yaml\nrules:\n  reading-time: warning\n",
        ),
        (
            "healthlint.yaml",
            "extends: [shared/strict.yaml]\nrules:\n  reading-time:\n    words_per_minute: 5\n",
        ),
        ("a.md", GOOD),
    ]);
    let (out, code) = check(dir.path(), &["a.md"]);
    assert_eq!(code, 0, "a warning: {out}");
    assert!(out.contains("warning[reading-time]"), "{out}");
    assert!(out.contains("at 5 words a minute"), "{out}");
    let shown = healthlint(dir.path())
        .args(["config", "a.md"])
        .output()
        .unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(shown.contains("rules.reading-time: warning"), "{shown}");
    assert!(shown.contains("shared/strict.yaml:3"), "{shown}");
    assert!(
        shown.contains("rules.reading-time.words_per_minute: 5"),
        "{shown}"
    );
    assert!(
        shown.contains("rules.reading-time.tolerance_minutes: 0"),
        "{shown}"
    );
    assert!(shown.contains("shared/base.yaml:4"), "{shown}");
}

#[test]
fn files_globs_include_and_exclude_relative_to_the_configuration() {
    let broken = GOOD.replace("date: 2025-10-17", "date: 10/17/2025");
    let dir = folder_with(&[
        (
            "site/healthlint.yaml",
            "files:\n  include: ['articles/**/*.md']\n  exclude: ['articles/drafts/**']\n",
        ),
        ("site/articles/a.md", GOOD),
        ("site/articles/drafts/d.md", &broken),
        ("site/notes/n.md", &broken),
    ]);
    let (out, code) = check(dir.path(), &["site"]);
    assert_eq!((out.as_str(), code), ("", 0));
    // Named on the command line, an excluded file is linted, unless --force-exclude.
    let (_, code) = check(dir.path(), &["site/articles/drafts/d.md"]);
    assert_eq!(code, 1);
    let (_, code) = check(
        dir.path(),
        &["site/articles/drafts/d.md", "--force-exclude"],
    );
    assert_eq!(code, 0);
    // Named and also found by walking its folder, it is still a file named.
    let (out, code) = check(dir.path(), &["./site", "site/articles/drafts/d.md"]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn overrides_apply_to_matching_paths_in_order() {
    let dir = folder_with(&[
        (
            "healthlint.yaml",
            "overrides:\n  - files: ['news/**']\n    rules:\n      disclaimer: off\n      seek-help: warning\n  - files: ['news/brief-*.md']\n    rules:\n      seek-help: off\n",
        ),
        (
            "news/story.md",
            &GOOD
                .replace("**Disclaimer:**", "Note:")
                .replace("## When to Seek Professional Help", "## More"),
        ),
        (
            "news/brief-1.md",
            &GOOD.replace("## When to Seek Professional Help", "## More"),
        ),
        ("a.md", &GOOD.replace("**Disclaimer:**", "Note:")),
    ]);
    let (out, _) = check(dir.path(), &["."]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("a.md:") && lines[0].contains("error[disclaimer]"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("news/story.md:") && lines[1].contains("warning[seek-help]"),
        "{out}"
    );
}

#[test]
fn fields_add_change_drop_and_alias() {
    let article = GOOD
        .replace("date: 2025-10-17", "published: 2025-10-17")
        .replace(
            "tags: [back-pain, stretching]",
            "tags: [back-pain, stretching]\naudience: adults",
        );
    let dir = folder_with(&[
        (
            "healthlint.yaml",
            "fields:\n  date: {aliases: [published]}\n  audience: {type: string, enum: [adults, children]}\n  title: {max_length: 20}\n",
        ),
        ("a.md", &article),
    ]);
    let (out, code) = check(dir.path(), &["a.md"]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("`title` is 26 characters long; the limit is 20"),
        "{out}"
    );
}

#[test]
fn custom_rules_run_in_every_format_and_in_the_rule_list() {
    let dir = folder_with(&[
        (
            "healthlint.yaml",
            "custom:\n  - id: no-knee-hug\n    message: \"say `knee-to-chest stretch`\"\n    forbid: '(?i)knee hug'\n    severity: warning\n    help: the house name of the stretch\n  - id: needs-summary\n    message: the article needs a summary heading\n    require: '(?i)^summary$'\n    scope: headings\n  - id: title-no-colon\n    message: no colon in titles\n    forbid: ':'\n    scope: front-matter.title\n",
        ),
        ("a.md", GOOD),
    ]);
    let (out, code) = check(dir.path(), &["a.md"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("a.md:15:47: warning[no-knee-hug] say `knee-to-chest stretch`"),
        "{out}"
    );
    assert!(out.contains("error[needs-summary]"), "{out}");
    assert!(!out.contains("title-no-colon"), "{out}");
    let sarif = healthlint(dir.path())
        .args([
            "check",
            "a.md",
            "--format",
            "sarif",
            "--today",
            "2026-11-25",
        ])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|rule| rule["id"] == "no-knee-hug"));
    healthlint(dir.path())
        .arg("rules")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no-knee-hug"))
        .stdout(predicate::str::contains("(custom)"));
    healthlint(dir.path())
        .args([
            "check",
            "a.md",
            "--select",
            "no-knee-hug",
            "--format",
            "short",
            "--today",
            "2026-11-25",
        ])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("no-knee-hug")
                .and(predicate::str::contains("needs-summary").not()),
        );
}

#[test]
fn inline_suppressions_and_unused_ones() {
    let article = GOOD
        .replace(
            "Try a knee hug each morning.",
            "Try a knee hug each morning.\n\n<!-- healthlint-disable-next-line phone-format -- a partner's number, as they write it -->\nCall the gym on 02380 248725.\n\n<!-- healthlint-disable-next-line phone-format -->\nNothing to silence here.\n\n<!-- healthlint-disable phone-fromat -->",
        )
        .replace("**Disclaimer:**", "<!-- healthlint-disable disclaimer -->\n\nNote:");
    let dir = folder_with(&[("a.md", &article)]);
    let (out, code) = check(dir.path(), &["a.md"]);
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].contains(
            "warning[unused-suppression] this suppression of `phone-format` suppresses nothing"
        ),
        "{out}"
    );
    assert!(
        lines[1].contains("names `phone-fromat`, which is not a rule"),
        "{out}"
    );

    // A front-matter problem can only be silenced for the whole file.
    let article = GOOD
        .replace("date: 2025-10-17", "date: 10/17/2025")
        .replace(
            "# Stretches",
            "<!-- healthlint-disable-file field-type -- imported as is -->\n\n# Stretches",
        );
    let dir = folder_with(&[("a.md", &article)]);
    let (out, code) = check(dir.path(), &["a.md"]);
    assert_eq!((out.as_str(), code), ("", 0));
}

#[test]
fn init_writes_a_starter_that_lints_like_the_defaults_and_refuses_to_overwrite() {
    let dir = folder_with(&[(
        "a.md",
        &GOOD.replace("date: 2025-10-17", "date: 10/17/2025"),
    )]);
    let (before, _) = check(dir.path(), &["a.md"]);
    healthlint(dir.path()).arg("init").assert().code(0);
    let written = std::fs::read_to_string(dir.path().join("healthlint.yaml")).unwrap();
    assert!(
        written.contains("  reading-time:\n    severity: error\n    words_per_minute: 200"),
        "{written}"
    );
    let (after, _) = check(dir.path(), &["a.md"]);
    assert_eq!(before, after);
    healthlint(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    std::fs::write(dir.path().join("healthlint.yaml"), "rules: {}\n").unwrap();
    healthlint(dir.path())
        .args(["init", "--force"])
        .assert()
        .code(0);
    let rewritten = std::fs::read_to_string(dir.path().join("healthlint.yaml")).unwrap();
    assert_eq!(rewritten, written);
}
