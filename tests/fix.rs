//! `check --fix` and `check --diff` through the binary, one test per promise of the brief
//! (section 8, "`--fix` loses nothing"): only the edited bytes change, CRLF and a BOM are
//! kept, a file that cannot be written (read-only, in a read-only folder, changed on disk) is
//! left untouched with a clear error, a symlink's target is fixed and the link kept, nothing
//! is written when nothing changed, permissions (and, where it can be tested, the owner) are
//! kept, standard input is fixed to standard output, `--diff` writes nothing, no temporary
//! file is ever left behind, and after `--fix` no fixture has a fixable diagnostic left.
//!
//! Tests that depend on permission bits print a note and skip that part when the tests run
//! with privileges that ignore them (root), as `tests/reliability.rs` does.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

mod common;
use common::{copy_fixtures, full_config_text};

const TODAY: &str = "2026-11-25";
const BOM: &str = "\u{feff}";

/// Fixable everywhere: a US date, a misspelt key, a tag in title case, a wrong reading time,
/// a phone number out of house style in the front matter and in the body, and no disclaimer.
const FIXABLE: &str = "---
title: \"Stretches for a Stiff Back\"
description: \"Gentle stretches for a stiff back, and when to get help.\"
date: 10/17/2025
author: Sciaticalm Medical Team
reveiwed_by: \"Jane Doe, MCSP (HCPC PH123456)\"
last_reviewed: 2025-10-17
next_review: 2027-10-17
tags: [Back Pain, stretching]
reading_time: 4 min read
help_line: \"02380 248725\"
---

# Stretches for a Stiff Back

Gentle movement helps most stiff backs. Try a knee hug each morning.

**Help line:** 02380 248725

## When to Seek Professional Help

See a GP if:

- the pain lasts more than six weeks
- the stiffness stops you sleeping

## References

- NHS. Back pain. https://www.nhs.uk/conditions/back-pain/
";

/// [`FIXABLE`] as `--fix` must leave it: each problem mended in place, the house disclaimer
/// appended after a blank line; every other byte as it was.
const FIXED: &str = "---
title: \"Stretches for a Stiff Back\"
description: \"Gentle stretches for a stiff back, and when to get help.\"
date: 2025-10-17
author: Sciaticalm Medical Team
reviewed_by: \"Jane Doe, MCSP (HCPC PH123456)\"
last_reviewed: 2025-10-17
next_review: 2027-10-17
tags: [back-pain, stretching]
reading_time: 1 min read
help_line: \"023 8024 8725\"
---

# Stretches for a Stiff Back

Gentle movement helps most stiff backs. Try a knee hug each morning.

**Help line:** 023 8024 8725

## When to Seek Professional Help

See a GP if:

- the pain lasts more than six weeks
- the stiffness stops you sleeping

## References

- NHS. Back pain. https://www.nhs.uk/conditions/back-pain/

**Disclaimer:** This article is for informational purposes only and does not constitute medical advice. Always consult a healthcare professional.
";

/// A problem `--fix` cannot mend (no "when to seek help" section), and nothing it can.
const UNFIXABLE: &str = "---
title: \"Stretches for a Stiff Back\"
description: \"Gentle stretches for a stiff back, and when to get help.\"
date: 2025-10-17
author: Jane Doe
tags: [back-pain, stretching]
reading_time: 1 min read
---

# Stretches for a Stiff Back

**Help line:** 023 8024 8725

Gentle movement helps most stiff backs.

**Disclaimer:** This article is for informational purposes only and does not constitute medical advice. Always consult a healthcare professional.
";

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// A temporary folder with the every-rule configuration and these files.
fn folder_with(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().expect("a temporary folder");
    std::fs::write(dir.path().join("healthlint.yaml"), full_config_text())
        .expect("write the config");
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the folder");
        std::fs::write(path, content).expect("write the file");
    }
    dir
}

/// `healthlint check ARGS` in `dir` with the folder's configuration and a fixed today.
fn check(dir: &Path, args: &[&str]) -> Output {
    check_with_stdin(dir, args, &[])
}

fn check_with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let config = dir.join("healthlint.yaml");
    Command::cargo_bin("healthlint")
        .expect("the binary")
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--today", TODAY, "--color", "never", "--config"])
        .arg(&config)
        .env_remove("NO_COLOR")
        .write_stdin(stdin.to_vec())
        .output()
        .expect("run healthlint")
}

fn text_of(output: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn assert_exit(output: &Output, code: i32) {
    assert_eq!(output.status.code(), Some(code), "{}", text_of(output));
}

/// No `.healthlint-*.tmp` file anywhere under `dir`.
fn assert_no_temporaries(dir: &Path) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let entry = entry.expect("an entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                !(name.starts_with(".healthlint-") && name.ends_with(".tmp")),
                "a temporary file was left behind: {}",
                entry.path().display()
            );
            if entry.file_type().expect("a type").is_dir() {
                stack.push(entry.path());
            }
        }
    }
}

fn read(path: &Path) -> String {
    String::from_utf8(std::fs::read(path).expect("read the file")).expect("UTF-8")
}

#[test]
fn the_expected_texts_are_what_the_rules_say() {
    // FIXED is clean under the configuration, FIXABLE is not, UNFIXABLE has nothing to fix.
    let dir = folder_with(&[
        ("fixed.md", FIXED),
        ("fixable.md", FIXABLE),
        ("unfixable.md", UNFIXABLE),
    ]);
    assert_exit(&check(dir.path(), &["fixed.md", "--fail-on", "info"]), 0);
    let output = check(dir.path(), &["fixable.md", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(document["summary"]["fixable"], 7, "{}", text_of(&output));
    let output = check(dir.path(), &["unfixable.md", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(document["summary"]["fixable"], 0, "{}", text_of(&output));
    assert!(document["summary"]["errors"].as_u64().unwrap() > 0);
}

#[test]
fn fix_changes_only_the_bytes_of_its_edits() {
    let dir = folder_with(&[("a.md", FIXABLE)]);
    let output = check(dir.path(), &["a.md", "--fix"]);
    assert_exit(&output, 0);
    assert_eq!(read(&dir.path().join("a.md")), FIXED);
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("7 problems fixed"),
        "{}",
        text_of(&output)
    );
    // A second run changes nothing.
    let output = check(dir.path(), &["a.md", "--fix"]);
    assert_exit(&output, 0);
    assert_eq!(read(&dir.path().join("a.md")), FIXED);
    assert_no_temporaries(dir.path());
}

#[test]
fn a_crlf_file_keeps_crlf_everywhere() {
    let dir = folder_with(&[("a.md", &crlf(FIXABLE))]);
    assert_exit(&check(dir.path(), &["a.md", "--fix"]), 0);
    let fixed = read(&dir.path().join("a.md"));
    assert_eq!(fixed, crlf(FIXED));
    assert!(
        fixed
            .match_indices('\n')
            .all(|(at, _)| fixed.as_bytes()[at - 1] == b'\r'),
        "a bare LF in {fixed:?}"
    );
    assert_no_temporaries(dir.path());
}

#[test]
fn a_bom_is_kept() {
    for (original, expected) in [
        (format!("{BOM}{FIXABLE}"), format!("{BOM}{FIXED}")),
        (
            format!("{BOM}{}", crlf(FIXABLE)),
            format!("{BOM}{}", crlf(FIXED)),
        ),
    ] {
        let dir = folder_with(&[("a.md", &original)]);
        assert_exit(&check(dir.path(), &["a.md", "--fix"]), 0);
        assert_eq!(read(&dir.path().join("a.md")), expected);
        assert_no_temporaries(dir.path());
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_left_untouched_with_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder_with(&[("a.md", FIXABLE), ("b.md", FIXABLE)]);
    let path = dir.path().join("a.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    // The refusal rests on the file's mode, so it holds for root too.
    let output = check(dir.path(), &["a.md", "b.md", "--fix", "--format", "short"]);
    assert_exit(&output, 2);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout
            .lines()
            .any(|line| line.starts_with("a.md:") && line.contains("read-only")),
        "the error names the file and says why: {}",
        text_of(&output)
    );
    assert_eq!(read(&path), FIXABLE, "the read-only file was changed");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
    // The other file is still fixed.
    assert_eq!(read(&dir.path().join("b.md")), FIXED);
    assert_no_temporaries(dir.path());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_file_its_owner_may_not_write_is_left_untouched() {
    // Mode 0464: the group may write, the owner may not. Renaming over it would replace a
    // file the user cannot write; `--fix` must refuse instead.
    use std::os::unix::fs::PermissionsExt;
    let dir = folder_with(&[("a.md", FIXABLE)]);
    let path = dir.path().join("a.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o464)).unwrap();
    if std::fs::OpenOptions::new().append(true).open(&path).is_ok() {
        println!(
            "note: this test runs with privileges that ignore permission bits (root?): a.md \
             (mode 0464) is writable here, so the refusal was not exercised"
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        return;
    }
    let output = check(dir.path(), &["a.md", "--fix", "--format", "short"]);
    assert_exit(&output, 2);
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .any(|line| line.starts_with("a.md:") && line.contains("error[io]")),
        "{}",
        text_of(&output)
    );
    assert_eq!(read(&path), FIXABLE);
    assert_no_temporaries(dir.path());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_file_in_a_read_only_folder_is_left_untouched_with_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder_with(&[("locked/a.md", FIXABLE)]);
    let locked = dir.path().join("locked");
    let path = locked.join("a.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = locked.join("probe");
    let privileged = std::fs::write(&probe, "").is_ok();
    let output = check(dir.path(), &["locked/a.md", "--fix", "--format", "short"]);
    if privileged {
        let _ = std::fs::remove_file(&probe);
        println!(
            "note: this test runs with privileges that ignore permission bits (root?): files \
             can be created in the mode-0555 folder, so the fix was written and the refusal \
             was not exercised"
        );
        assert_exit(&output, 0);
        assert_eq!(read(&path), FIXED);
    } else {
        assert_exit(&output, 2);
        assert!(
            String::from_utf8_lossy(&output.stdout).lines().any(|line| {
                line.starts_with("locked/a.md:")
                    && line.contains("error[io]")
                    && line.contains("not changed")
            }),
            "the error names the file and says it was not changed: {}",
            text_of(&output)
        );
        assert_eq!(read(&path), FIXABLE, "the file was changed");
    }
    assert_no_temporaries(dir.path());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlink_target_is_fixed_and_the_link_stays() {
    let dir = folder_with(&[("real/target.md", FIXABLE)]);
    let links = dir.path().join("links");
    std::fs::create_dir(&links).unwrap();
    let link = links.join("link.md");
    let pointing = PathBuf::from("../real/target.md");
    std::os::unix::fs::symlink(&pointing, &link).unwrap();
    let output = check(dir.path(), &["links/link.md", "--fix"]);
    assert_exit(&output, 0);
    let metadata = std::fs::symlink_metadata(&link).unwrap();
    assert!(metadata.file_type().is_symlink(), "the link was replaced");
    assert_eq!(std::fs::read_link(&link).unwrap(), pointing);
    assert_eq!(read(&dir.path().join("real/target.md")), FIXED);
    assert_no_temporaries(dir.path());
}

#[test]
fn a_file_changed_on_disk_since_it_was_read_is_not_written() {
    let dir = folder_with(&[("a.md", FIXABLE)]);
    let path = dir.path().join("a.md");
    // What the fixer read is not what is on disk now: someone saved the file meanwhile.
    let read_earlier = FIXABLE.replace("Try a knee hug", "Try a hug");
    let result = healthlint::fix::write(&path, &read_earlier, FIXED);
    assert!(
        matches!(result, Err(healthlint::fix::WriteError::ChangedOnDisk)),
        "{result:?}"
    );
    let message = result.unwrap_err().to_string();
    assert!(message.contains("changed on disk"), "{message}");
    assert_eq!(read(&path), FIXABLE);
    assert_no_temporaries(dir.path());
    // And when it is what was read, the write goes through.
    healthlint::fix::write(&path, FIXABLE, FIXED).expect("write");
    assert_eq!(read(&path), FIXED);
    assert_no_temporaries(dir.path());
}

#[cfg(unix)]
#[test]
fn nothing_is_written_when_nothing_changed() {
    use std::os::unix::fs::MetadataExt;
    let dir = folder_with(&[("clean.md", FIXED), ("unfixable.md", UNFIXABLE)]);
    let long_ago =
        std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    let mut before = Vec::new();
    for name in ["clean.md", "unfixable.md"] {
        let path = dir.path().join(name);
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(long_ago).unwrap();
        drop(file);
        let metadata = std::fs::metadata(&path).unwrap();
        before.push((name, metadata.ino(), metadata.modified().unwrap()));
    }
    assert_exit(&check(dir.path(), &["clean.md", "--fix"]), 0);
    assert_exit(&check(dir.path(), &["unfixable.md", "--fix"]), 1);
    assert_exit(&check(dir.path(), &[".", "--fix"]), 1);
    for (name, inode, modified) in before {
        let metadata = std::fs::metadata(dir.path().join(name)).unwrap();
        assert_eq!(metadata.ino(), inode, "{name} was replaced");
        assert_eq!(metadata.modified().unwrap(), modified, "{name} was written");
    }
    assert_eq!(read(&dir.path().join("clean.md")), FIXED);
    assert_eq!(read(&dir.path().join("unfixable.md")), UNFIXABLE);
    assert_no_temporaries(dir.path());
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    for mode in [0o640, 0o600, 0o755, 0o604] {
        let dir = folder_with(&[("a.md", FIXABLE)]);
        let path = dir.path().join("a.md");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        assert_exit(&check(dir.path(), &["a.md", "--fix"]), 0);
        assert_eq!(read(&path), FIXED);
        let after = std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(after, mode, "mode {mode:o} became {after:o}");
        assert_no_temporaries(dir.path());
    }
}

#[cfg(unix)]
#[test]
fn the_owner_and_group_are_kept_when_the_fixer_may_keep_them() {
    use std::os::unix::fs::MetadataExt;
    let dir = folder_with(&[("a.md", FIXABLE)]);
    let path = dir.path().join("a.md");
    // Only a privileged user can give a file away; then `--fix` must not take it back.
    let me = std::fs::metadata(&path).unwrap().uid();
    let other = if me == 65_534 { 65_533 } else { 65_534 };
    let (uid, gid) = (other, other);
    if std::os::unix::fs::chown(&path, Some(uid), Some(gid)).is_err() {
        println!(
            "note: this test runs without the privilege to give a file to another user: the \
             fixed file is necessarily the user's own, so ownership was not exercised"
        );
        return;
    }
    assert_exit(&check(dir.path(), &["a.md", "--fix"]), 0);
    assert_eq!(read(&path), FIXED);
    let metadata = std::fs::metadata(&path).unwrap();
    assert_eq!(
        (metadata.uid(), metadata.gid()),
        (uid, gid),
        "--fix by a privileged user took the file from its owner"
    );
    assert_no_temporaries(dir.path());
}

#[test]
fn fix_of_standard_input_writes_the_fixed_text_to_standard_output() {
    let dir = folder_with(&[]);
    for (input, expected) in [
        (FIXABLE.to_string(), FIXED.to_string()),
        (
            format!("{BOM}{}", crlf(FIXABLE)),
            format!("{BOM}{}", crlf(FIXED)),
        ),
        (FIXED.to_string(), FIXED.to_string()),
        (UNFIXABLE.to_string(), UNFIXABLE.to_string()),
    ] {
        let output = check_with_stdin(
            dir.path(),
            &["-", "--stdin-filename", "a.md", "--fix"],
            input.as_bytes(),
        );
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            expected,
            "{}",
            text_of(&output)
        );
        assert_ne!(output.status.code(), Some(2), "{}", text_of(&output));
    }
    // The report goes to standard error.
    let output = check_with_stdin(
        dir.path(),
        &["-", "--stdin-filename", "a.md", "--fix"],
        UNFIXABLE.as_bytes(),
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("seek-help"),
        "{}",
        text_of(&output)
    );
    assert_no_temporaries(dir.path());
}

#[test]
fn fix_of_standard_input_that_cannot_be_fixed_prints_no_report_to_standard_output() {
    // `healthlint - --fix < a.md > b.md` (an editor's format-on-save) must never put a report
    // where the article is expected. Input that is not UTF-8 cannot be fixed: exit 2, the
    // report on standard error, and standard output empty.
    let dir = folder_with(&[]);
    let output = check_with_stdin(
        dir.path(),
        &["-", "--stdin-filename", "a.md", "--fix"],
        b"---\ntitle: \xff\n---\n",
    );
    assert_exit(&output, 2);
    assert!(output.stdout.is_empty(), "{}", text_of(&output));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("UTF-8"),
        "{}",
        text_of(&output)
    );
}

#[cfg(unix)]
#[test]
fn a_file_named_twice_is_fixed_once_without_an_error() {
    // `check a.md ./a.md --fix` (or a symlink and its target): both jobs read the original,
    // the first writes the fix, the second finds the file changed on disk and the run fails
    // with exit 2, although the file was fixed. Each file must be fixed once.
    let dir = folder_with(&[("a.md", FIXABLE), ("b.md", FIXABLE)]);
    std::os::unix::fs::symlink("b.md", dir.path().join("link.md")).unwrap();
    for _ in 0..5 {
        std::fs::write(dir.path().join("a.md"), FIXABLE).unwrap();
        std::fs::write(dir.path().join("b.md"), FIXABLE).unwrap();
        let output = check(dir.path(), &["a.md", "./a.md", "b.md", "link.md", "--fix"]);
        assert_exit(&output, 0);
        assert_eq!(read(&dir.path().join("a.md")), FIXED);
        assert_eq!(read(&dir.path().join("b.md")), FIXED);
        let diff = check(dir.path(), &["a.md", "./a.md", "b.md", "link.md", "--diff"]);
        assert_exit(&diff, 0);
    }
    std::fs::write(dir.path().join("a.md"), FIXABLE).unwrap();
    let output = check(dir.path(), &["a.md", "./a.md", "--diff"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout)
            .matches("--- a/")
            .count(),
        1,
        "one diff per file: {}",
        text_of(&output)
    );
    assert_no_temporaries(dir.path());
}

#[test]
fn diff_exits_1_on_a_change_and_writes_nothing() {
    use std::time::{Duration, SystemTime};
    let dir = folder_with(&[("a.md", FIXABLE)]);
    let path = dir.path().join("a.md");
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    let output = check(dir.path(), &["a.md", "--diff"]);
    assert_exit(&output, 1);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("--- a/a.md\n+++ b/a.md\n@@ "),
        "{}",
        text_of(&output)
    );
    assert!(
        stdout.contains("\n-date: 10/17/2025\n+date: 2025-10-17\n"),
        "{stdout}"
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("7 problems would be fixed in 1 file"),
        "{}",
        text_of(&output)
    );
    assert_eq!(read(&path), FIXABLE);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        long_ago,
        "--diff wrote the file"
    );
    assert_no_temporaries(dir.path());
}

#[test]
fn diff_exits_0_and_prints_nothing_when_there_is_nothing_to_fix() {
    let dir = folder_with(&[("clean.md", FIXED), ("unfixable.md", UNFIXABLE)]);
    for target in ["clean.md", "unfixable.md", "."] {
        let output = check(dir.path(), &[target, "--diff"]);
        assert_exit(&output, 0);
        assert!(output.stdout.is_empty(), "{}", text_of(&output));
    }
    assert_eq!(read(&dir.path().join("clean.md")), FIXED);
    assert_eq!(read(&dir.path().join("unfixable.md")), UNFIXABLE);
    assert_no_temporaries(dir.path());
}

// ---------------------------------------------------------------------------------------
// Every bad fixture: after `--fix`, nothing fixable is left
// ---------------------------------------------------------------------------------------

/// Every `.md` file under `dir`, relative, with `/`.
fn articles_under(dir: &Path, base: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(articles_under(&path, base));
        } else if path.extension().is_some_and(|ext| ext == "md") {
            out.push(
                path.strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    out.sort();
    out
}

/// `healthlint check ARGS` in `dir`, with the configuration each file finds upward.
fn check_found_config(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("healthlint")
        .expect("the binary")
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--today", TODAY, "--color", "never"])
        .env_remove("NO_COLOR")
        .output()
        .expect("run healthlint")
}

fn fixable_left(dir: &Path, target: &str) -> Vec<String> {
    let output = check_found_config(dir, &[target, "--format", "json"]);
    let document: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("JSON: {}", text_of(&output)));
    document["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|item| !item["fix"].is_null())
        .map(|item| {
            format!(
                "{} {}: {} (fix {})",
                item["path"], item["rule"], item["message"], item["fix"]
            )
        })
        .collect()
}

#[test]
fn after_fix_no_bad_fixture_has_a_fixable_diagnostic_left() {
    let dir = TempDir::new().expect("a temporary folder");
    copy_fixtures(dir.path());
    for target in [
        "articles/bad",
        "articles/seed-as-published.md",
        "us-publisher",
    ] {
        let articles = if target.ends_with(".md") {
            vec![target.to_string()]
        } else {
            articles_under(&dir.path().join(target), dir.path())
        };
        let before: Vec<(String, Vec<u8>)> = articles
            .iter()
            .map(|name| (name.clone(), std::fs::read(dir.path().join(name)).unwrap()))
            .collect();
        let fixable_before = fixable_left(dir.path(), target);
        let output = check_found_config(dir.path(), &[target, "--fix", "--format", "json"]);
        assert_ne!(output.status.code(), Some(2), "{}", text_of(&output));
        let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(
            document["summary"]["files"].as_u64(),
            Some(articles.len() as u64),
            "every article of {target} was linted"
        );
        let left = fixable_left(dir.path(), target);
        assert!(
            left.is_empty(),
            "{target}: fixable after --fix:\n{}",
            left.join("\n")
        );
        // Each file with a fixable diagnostic changed; the others did not.
        for (name, bytes) in &before {
            let now = std::fs::read(dir.path().join(name)).unwrap();
            let had_fix = fixable_before
                .iter()
                .any(|line| line.starts_with(&format!("\"{name}\" ")));
            assert_eq!(
                now != *bytes,
                had_fix,
                "{name}: changed = {}",
                now != *bytes
            );
        }
        // And a second --fix has nothing to do.
        let after: Vec<Vec<u8>> = articles
            .iter()
            .map(|name| std::fs::read(dir.path().join(name)).unwrap())
            .collect();
        let output = check_found_config(dir.path(), &[target, "--diff"]);
        assert_exit(&output, 0);
        check_found_config(dir.path(), &[target, "--fix"]);
        for (name, bytes) in articles.iter().zip(&after) {
            assert_eq!(
                &std::fs::read(dir.path().join(name)).unwrap(),
                bytes,
                "{name}"
            );
        }
        if target == "articles/bad" {
            assert!(
                fixable_before.len() >= 5,
                "the bad fixtures have fixable problems: {fixable_before:?}"
            );
        }
    }
    assert_no_temporaries(dir.path());
}
