//! The machine formats over every fixture, as CI tools read them: `short` and `github` lines
//! and SARIF results kept as insta snapshots, and the SARIF of every fixture (and of the
//! whole tree) validated against the SARIF 2.1.0 schema in `../shared/schemas`.

use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-25";

/// Runs healthlint in the repository; returns standard output and the exit code.
fn healthlint(args: &[&str]) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_healthlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .args(["--today", TODAY, "--color", "never"])
        .output()
        .expect("run healthlint");
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");
    (text, output.status.code().unwrap_or(-1))
}

fn fixture_articles() -> Vec<String> {
    fn walk(folder: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|extension| extension == "md") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    walk(&root.join("fixtures"), &mut found);
    let mut names: Vec<String> = found
        .iter()
        .map(|path| {
            path.strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    names.sort();
    names
}

#[test]
fn short_output_of_the_fixtures() {
    let (out, code) = healthlint(&["check", "fixtures", "--format", "short"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn github_output_of_the_fixtures() {
    let (out, code) = healthlint(&["check", "fixtures", "--format", "github"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

/// The SARIF results (the driver's rule list is the rule pages, snapshotted elsewhere as
/// they are; the base URI is this checkout's folder).
#[test]
fn sarif_results_of_the_fixtures() {
    let (out, code) = healthlint(&["check", "fixtures", "--format", "sarif"]);
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let run = &sarif["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    // Every result's rule is in the driver's list, at its index.
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], result["ruleId"].as_str().unwrap());
    }
    let shown = serde_json::json!({
        "rules": rules,
        "invocations": run["invocations"],
        "results": run["results"],
    });
    insta::assert_snapshot!(serde_json::to_string_pretty(&shown).unwrap());
}

fn sarif_schema() -> Option<jsonschema::Validator> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "note: {} is absent (no ../shared beside the checkout): the SARIF schema check is skipped",
            path.display()
        );
        return None;
    };
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    Some(jsonschema::validator_for(&schema).expect("the SARIF schema compiles"))
}

fn assert_valid(validator: &jsonschema::Validator, sarif: &str, what: &str) {
    let document: serde_json::Value = serde_json::from_str(sarif).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn the_sarif_of_every_fixture_validates_against_the_schema() {
    let Some(validator) = sarif_schema() else {
        return;
    };
    let articles = fixture_articles();
    assert!(articles.len() > 60, "the fixtures were found");
    for article in &articles {
        let (out, _) = healthlint(&["check", article, "--format", "sarif"]);
        assert_valid(&validator, &out, article);
    }
    let (out, _) = healthlint(&["check", "fixtures", "--format", "sarif"]);
    assert_valid(&validator, &out, "the whole fixtures tree");
    // A run that failed (a missing path) is still valid SARIF, with a notification.
    let (out, code) = healthlint(&[
        "check",
        "fixtures/articles/good",
        "missing.md",
        "--format",
        "sarif",
    ]);
    assert_eq!(code, 2);
    assert_valid(&validator, &out, "a failed run");
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert!(
        !invocation["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

/// The validator is not vacuous: a document that breaks the schema is caught.
#[test]
fn the_schema_check_catches_a_broken_document() {
    let Some(validator) = sarif_schema() else {
        return;
    };
    let (out, _) = healthlint(&[
        "check",
        "fixtures/articles/seed-as-published.md",
        "--format",
        "sarif",
    ]);
    let mut document: serde_json::Value = serde_json::from_str(&out).unwrap();
    document["runs"][0]["results"][0]["level"] = serde_json::json!("loud");
    assert!(!validator.is_valid(&document));
}
