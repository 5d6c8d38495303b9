//! Every fixture article, linted as a writer would lint it (`--today 2026-11-25`, colour off),
//! with its exact output kept as insta snapshots: the human code frames and the JSON.

use std::path::Path;
use std::process::Command;

const TODAY: &str = "2026-11-25";

fn healthlint(args: &[&str]) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_healthlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run healthlint");
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");
    (text, output.status.code().unwrap_or(-1))
}

/// The fixture's path relative to the repository, with `/` separators.
fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn human_output_of_every_fixture() {
    insta::glob!("../fixtures/articles", "**/*.md", |path| {
        let file = relative(path);
        let (out, code) = healthlint(&["check", &file, "--today", TODAY, "--color", "never"]);
        insta::assert_snapshot!(format!("exit code {code}\n\n{out}"));
    });
}

#[test]
fn json_output_of_every_fixture() {
    insta::glob!("../fixtures/articles", "**/*.md", |path| {
        let file = relative(path);
        let (out, _) = healthlint(&["check", &file, "--today", TODAY, "--format", "json"]);
        let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        insta::assert_json_snapshot!(value);
    });
}

#[test]
fn good_articles_pass_every_rule() {
    let (out, code) = healthlint(&[
        "check",
        "fixtures/articles/good",
        "--today",
        TODAY,
        "--format",
        "short",
        "--fail-on",
        "info",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("no problems in "), "{out}");
}

#[test]
fn every_mission_rule_reports_on_the_bad_articles() {
    let (out, code) = healthlint(&[
        "check",
        "fixtures/articles/bad",
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diagnostics = value["diagnostics"].as_array().unwrap();
    for rule in [
        "front-matter",
        "required-field",
        "field-type",
        "unknown-field",
        "reading-time",
        "disclaimer",
        "seek-help",
        "help-line",
        "phone-format",
    ] {
        assert!(
            diagnostics.iter().any(|d| d["rule"] == rule),
            "no `{rule}` diagnostic on fixtures/articles/bad"
        );
    }
}

/// Rules whose default severity is `warning`: alone they do not fail a run.
const WARNING_RULES: &[&str] = &[
    "unknown-field",
    "phone-format",
    "review-date",
    "medical-reviewer",
    "sources",
    "ambiguous-date",
    "medicine-safety",
    "readability",
];

/// Each article under `bad/<rule>/` breaks that rule (and, by design, only that one, except
/// where a broken front matter or a misplaced disclaimer necessarily shows in a second rule).
#[test]
fn each_bad_folder_breaks_its_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles/bad");
    for folder in std::fs::read_dir(&root).unwrap() {
        let folder = folder.unwrap().path();
        let rule = folder.file_name().unwrap().to_string_lossy().to_string();
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = relative(&file.unwrap().path());
            let (out, code) = healthlint(&["check", &file, "--today", TODAY, "--format", "json"]);
            let value: serde_json::Value = serde_json::from_str(&out).unwrap();
            let rules: Vec<&str> = value["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["rule"].as_str().unwrap())
                .collect();
            assert!(rules.contains(&rule.as_str()), "{file}: {rules:?}");
            let expected_code = if WARNING_RULES.contains(&rule.as_str()) {
                0
            } else {
                1
            };
            assert_eq!(code, expected_code, "{file}");
        }
    }
}

#[test]
fn the_seed_as_published_gives_its_two_known_problems() {
    let (out, _) = healthlint(&[
        "check",
        "fixtures/articles/seed-as-published.md",
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diagnostics = value["diagnostics"].as_array().unwrap();
    let date = diagnostics
        .iter()
        .find(|d| d["rule"] == "field-type")
        .expect("field-type on the date");
    assert!(date["message"].as_str().unwrap().contains("10/17/2025"));
    assert_eq!(date["fix"]["edits"][0]["replacement"], "2025-10-17");
    let phone = diagnostics
        .iter()
        .find(|d| d["rule"] == "phone-format")
        .expect("phone-format on the help line");
    assert_eq!(phone["fix"]["edits"][0]["replacement"], "023 8024 8725");
}

/// The second publisher (`fixtures/us-publisher/`) shares nothing with the first: its own
/// region, help line, field names, disclaimer, routes to care and a custom rule.
#[test]
fn the_second_publisher_is_all_configuration() {
    let (out, code) = healthlint(&[
        "check",
        "fixtures/us-publisher",
        "--today",
        TODAY,
        "--format",
        "short",
    ]);
    assert_eq!(code, 1);
    assert!(
        !out.contains("us-publisher/articles/good-"),
        "the good article passes: {out}"
    );
    insta::assert_snapshot!(out);
}
