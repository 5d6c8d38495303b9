//! The health-content rules over real UK health writing: the NHS condition pages in
//! `../shared/corpora/nhs-betahealth.tar.gz`, linted with the eight rules of issue 6 and their
//! built-in defaults. The per-rule counts, and every diagnostic of the rules that fire on a
//! few pages rather than on all of them, are kept as a snapshot, so that a change in what the
//! rules find there is seen and reviewed. Skips, saying why, when `../shared` is absent.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpora/nhs-betahealth.tar.gz"
);

const RULES: [&str; 8] = [
    "review-date",
    "medical-reviewer",
    "sources",
    "ambiguous-date",
    "health-claims",
    "medicine-safety",
    "emergency-escalation",
    "readability",
];

/// Rules that fire on more pages than this are counted only: the corpus's front matter was
/// made for it and has no review dates, and NHS pages list no references.
const LISTED_BELOW: usize = 30;

#[test]
fn health_content_rules_on_the_nhs_pages() {
    let corpus = Path::new(CORPUS);
    if !corpus.exists() {
        println!(
            "skipped: {} is absent (the shared corpora sit beside the repository)",
            corpus.display()
        );
        return;
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(corpus)
        .arg("-C")
        .arg(folder.path())
        .status()
        .expect("`tar` runs (it unpacks the corpus)");
    assert!(status.success(), "tar failed: {status}");
    // The built-in defaults, whatever configuration lies above the temporary folder.
    let config = folder.path().join("healthlint.yaml");
    std::fs::write(&config, "rules: {}\n").expect("write the configuration");

    let output = Command::new(env!("CARGO_BIN_EXE_healthlint"))
        .arg("check")
        .arg(folder.path().join("assembled"))
        .args(["--config", &config.to_string_lossy()])
        .args(["--select", &RULES.join(",")])
        .args([
            "--today",
            "2026-11-25",
            "--format",
            "short",
            "--color",
            "never",
        ])
        .output()
        .expect("run healthlint");
    let code = output.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "exit code {code}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");

    // `path:line:column: severity[rule] message`, the path shortened to the page's name.
    let mut by_rule: BTreeMap<&str, Vec<String>> =
        RULES.iter().map(|rule| (*rule, Vec::new())).collect();
    for line in text.lines() {
        let Some(open) = line.find('[') else {
            continue;
        };
        let Some(close) = line[open..].find(']') else {
            continue;
        };
        let rule = &line[open + 1..open + close];
        let Some(found) = by_rule.get_mut(rule) else {
            continue;
        };
        let shown = line
            .rsplit_once("assembled/")
            .map_or(line, |(_, rest)| rest)
            .to_string();
        found.push(shown);
    }

    let mut snapshot = String::from("rule                  diagnostics\n");
    for rule in RULES {
        snapshot.push_str(&format!("{rule:21} {:>11}\n", by_rule[rule].len()));
    }
    for rule in RULES {
        let found = &by_rule[rule];
        if found.is_empty() || found.len() > LISTED_BELOW {
            continue;
        }
        snapshot.push_str(&format!("\n{rule}:\n"));
        for line in found {
            snapshot.push_str(&format!("  {line}\n"));
        }
    }
    insta::assert_snapshot!(snapshot);
}
