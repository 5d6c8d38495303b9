//! What the integration tests share: a good article and the every-rule-on configuration.
#![allow(dead_code)] // each test crate uses its own part of this module

/// An article that passes every default rule.
pub const GOOD: &str = "---
title: \"Stretches for a Stiff Back\"
description: \"Gentle stretches for a stiff back, and when to get help.\"
date: 2025-10-17
author: Sciaticalm Medical Team
reviewed_by: \"Jane Doe, MCSP (HCPC PH123456)\"
last_reviewed: 2025-10-17
next_review: 2027-10-17
tags: [back-pain, stretching]
reading_time: 1 min read
---

# Stretches for a Stiff Back

Gentle movement helps most stiff backs. Try a knee hug each morning.

## When to Seek Professional Help

See a GP if:

- the pain lasts more than six weeks
- the stiffness stops you sleeping

## References

- NHS. Back pain. https://www.nhs.uk/conditions/back-pain/

**Disclaimer:** This article is for informational purposes only and does not constitute
medical advice. Always consult a healthcare professional for diagnosis and treatment.
";

/// Every rule on: the help line and the house disclaimer set.
pub const FULL_CONFIG: &str = r#"rules:
  help-line:
    number: "023 8024 8725"
    region: GB
  disclaimer:
    text: "**Disclaimer:** This article is for informational purposes only and does not constitute medical advice. Always consult a healthcare professional."
"#;

/// [`FULL_CONFIG`] with every rule that is off by default turned on as a warning.
pub fn full_config_text() -> String {
    let mut text = FULL_CONFIG.to_string();
    for page in healthlint::config::pages::all() {
        if page.severity.is_none() {
            text.push_str(&format!("  {}: warning\n", page.id));
        }
    }
    text
}

/// Copies `fixtures/` (its configurations and every article) into `dest`, so each article is
/// linted with the configuration it is linted with in the repository.
pub fn copy_fixtures(dest: &std::path::Path) {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).expect("create a folder");
        for entry in std::fs::read_dir(from).expect("read the fixtures") {
            let path = entry.expect("an entry").path();
            let target = to.join(path.file_name().expect("a name"));
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).expect("copy a fixture");
            }
        }
    }
    copy(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        dest,
    );
}
