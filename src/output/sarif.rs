//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning. The driver lists every rule that
//! ran with its page; results carry regions in lines, code-point columns and bytes, stable
//! fingerprints and fixes; files that could not be read are tool notifications.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{FileResult, Located};
use crate::diagnostic::Severity;

/// A rule as the driver describes it.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    pub id: String,
    pub summary: String,
    /// The rule's page (Markdown).
    pub page: String,
    pub default: Option<Severity>,
}

fn level(severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "note",
        None => "none",
    }
}

/// The first paragraph under "## What it checks", or the summary.
fn full_description(rule: &RuleInfo) -> String {
    let Some((_, rest)) = rule.page.split_once("## What it checks") else {
        return rule.summary.clone();
    };
    let paragraph: Vec<&str> = rest
        .trim_start()
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    if paragraph.is_empty() {
        rule.summary.clone()
    } else {
        paragraph.join(" ")
    }
}

/// A relative path as a URI reference: `/` separators, unsafe bytes percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn artifact(path: &str) -> Value {
    if path.starts_with('/') {
        json!({ "uri": format!("file://{}", uri(path)) })
    } else {
        json!({ "uri": uri(path), "uriBaseId": "%SRCROOT%" })
    }
}

/// FNV-1a: a small hash that is the same on every machine and every release.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

fn region(located: &Located) -> Value {
    json!({
        "startLine": located.start.line,
        "startColumn": located.start.column,
        "endLine": located.end.line,
        "endColumn": located.end.column,
        "byteOffset": located.start.offset,
        "byteLength": located.end.offset - located.start.offset,
    })
}

/// Each rule's place in the driver's list, for `ruleIndex`.
pub(super) fn rule_index(rules: &[RuleInfo]) -> HashMap<String, usize> {
    rules
        .iter()
        .enumerate()
        .map(|(at, rule)| (rule.id.clone(), at))
        .collect()
}

/// One file's results, and its tool notifications (files that could not be read).
pub(super) fn file(
    result: &FileResult,
    index: &HashMap<String, usize>,
) -> (Vec<Value>, Vec<Value>) {
    let mut sarif_results = Vec::new();
    let mut notifications = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for located in &result.diagnostics {
        let diagnostic = &located.diagnostic;
        let location = json!({
            "physicalLocation": {
                "artifactLocation": artifact(&result.path),
                "region": region(located),
            }
        });
        if diagnostic.rule == "io" {
            notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {}", result.path, diagnostic.message) },
                "locations": [location],
            }));
            continue;
        }
        let mut message = diagnostic.message.to_string();
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        // Identical findings in one file are told apart by their order, not their line.
        let occurrence = seen
            .entry((diagnostic.rule.to_string(), located.flagged.clone()))
            .or_insert(0);
        *occurrence += 1;
        let fingerprint = format!(
            "{:016x}:{}",
            fnv1a(&[&diagnostic.rule, &result.path, &located.flagged]),
            occurrence
        );
        let mut sarif_result = json!({
            "ruleId": diagnostic.rule,
            "level": level(Some(diagnostic.severity)),
            "message": { "text": message },
            "locations": [location],
            "partialFingerprints": { "healthlint/v1": fingerprint },
        });
        if let Some(&at) = index.get(diagnostic.rule.as_ref()) {
            sarif_result["ruleIndex"] = json!(at);
        }
        if let Some(fix) = &diagnostic.fix {
            let replacements: Vec<Value> = fix
                .edits
                .iter()
                .map(|edit| {
                    json!({
                        "deletedRegion": {
                            "byteOffset": edit.start,
                            "byteLength": edit.end - edit.start,
                        },
                        "insertedContent": { "text": edit.replacement },
                    })
                })
                .collect();
            sarif_result["fixes"] = json!([{
                "description": { "text": fix.title },
                "artifactChanges": [{
                    "artifactLocation": artifact(&result.path),
                    "replacements": replacements,
                }],
            }]);
        }
        sarif_results.push(sarif_result);
    }
    (sarif_results, notifications)
}

/// The whole SARIF log, pretty-printed, without the final newline.
pub(super) fn document(
    rules: &[RuleInfo],
    base: &str,
    successful: bool,
    notifications: Vec<Value>,
    results: Vec<Value>,
) -> String {
    let driver_rules: Vec<Value> = rules
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.id,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": full_description(rule) },
                "help": { "text": rule.page, "markdown": rule.page },
                "defaultConfiguration": {
                    "enabled": rule.default.is_some(),
                    "level": level(rule.default),
                },
            })
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "healthlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": driver_rules,
                }
            },
            "originalUriBaseIds": { "%SRCROOT%": { "uri": base } },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": successful,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// The current folder as a `file://` URI ending in `/`, the base of relative paths.
pub fn base_uri(folder: &std::path::Path) -> String {
    let path = folder.to_string_lossy().replace('\\', "/");
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    let mut base = format!("file://{}", uri(&path));
    if !base.ends_with('/') {
        base.push('/');
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded_and_fingerprints_stable() {
        assert_eq!(uri("a b/ç.md"), "a%20b/%C3%A7.md");
        assert_eq!(fnv1a(&["a", "b"]), fnv1a(&["a", "b"]));
        assert_ne!(fnv1a(&["ab", ""]), fnv1a(&["a", "b"]));
        assert_eq!(base_uri(std::path::Path::new("/work/x")), "file:///work/x/");
    }
}
