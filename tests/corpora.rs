//! The corpus sweep: every archive in `../shared/corpora` (real Markdown nobody on this
//! project wrote; see its SOURCES.md) is unpacked into a temporary folder and every file in it
//! is linted with every rule on, by the binary, with `--format json`. Nothing may panic, the
//! exit code must be 0 or 1 (2 only for `io` diagnostics on files that really are not UTF-8),
//! and every span must lie in its file on character boundaries with lines and columns that
//! agree with the byte offsets.
//!
//! The sweep skips, saying why, only when `../shared/corpora` is absent. It lints every file,
//! in debug builds too: the binary runs once per archive (the archives in parallel), and the
//! JSON is read into small typed records, which keeps the whole sweep to about a minute on two
//! cores. Files the walk leaves out on purpose (hidden folders such as `.github`) are then
//! named on the command line, which lints them too.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde::Deserialize;
use tempfile::TempDir;

const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");

/// Every rule on: the help line and the house disclaimer set, and any rule that is off by
/// default turned on as a warning.
fn full_config() -> String {
    let mut text = String::from(
        "rules:\n  help-line:\n    number: \"023 8024 8725\"\n    region: GB\n  disclaimer:\n    text: \"**Disclaimer:** This article is for informational purposes only and does not constitute medical advice. Always consult a healthcare professional.\"\n",
    );
    for page in healthlint::config::pages::all() {
        if page.severity.is_none() {
            text.push_str(&format!("  {}: warning\n", page.id));
        }
    }
    text
}

#[derive(Deserialize)]
struct Document {
    summary: Summary,
    diagnostics: Vec<Item>,
}

#[derive(Deserialize)]
struct Summary {
    files: usize,
}

#[derive(Deserialize)]
struct Item {
    path: String,
    rule: String,
    message: String,
    span: SpanOut,
}

#[derive(Deserialize)]
struct SpanOut {
    start: Point,
    end: Point,
}

#[derive(Deserialize)]
struct Point {
    offset: usize,
    line: usize,
    column: usize,
}

/// What the sweep of one archive found.
struct Sweep {
    archive: String,
    files: usize,
    walked: usize,
    named: usize,
    diagnostics: usize,
    by_rule: BTreeMap<String, usize>,
    not_utf8: usize,
    exit_codes: Vec<i32>,
    took: Duration,
    /// Time spent in the binary (the rest is unpacking and checking the output).
    linting: Duration,
}

/// Every regular file under `root`.
fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read an unpacked folder") {
            let entry = entry.expect("an entry");
            let kind = entry.file_type().expect("a file type");
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    found
}

/// Runs the binary in `dir` over `args` and reads its JSON.
fn run(dir: &Path, config: &Path, args: &[String]) -> (i32, Document, String, Duration) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_healthlint"))
        .current_dir(dir)
        .env("RUST_BACKTRACE", "1")
        .args([
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-25",
            "--config",
        ])
        .arg(config)
        .args(args)
        .output()
        .expect("the binary runs");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {:?}\n{stderr}", output.status));
    let document: Document = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("the JSON output does not parse: {error}\n{stderr}"));
    (code, document, stderr, took)
}

/// Byte offsets where lines start, for checking many positions in one file.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect()
}

fn check_point(path: &str, text: &str, starts: &[usize], point: &Point) {
    assert!(
        point.offset <= text.len(),
        "{path}: offset {} is past the end ({} bytes)",
        point.offset,
        text.len()
    );
    assert!(
        text.is_char_boundary(point.offset),
        "{path}: offset {} is inside a character",
        point.offset
    );
    let line = starts.partition_point(|&start| start <= point.offset);
    let column = text[starts[line - 1]..point.offset].chars().count() + 1;
    assert_eq!(
        (point.line, point.column),
        (line, column),
        "{path}: line and column of offset {}",
        point.offset
    );
}

/// Checks every diagnostic of `document` against the files in `dir`; counts them by rule.
fn check_document(dir: &Path, document: &Document, sweep: &mut Sweep) {
    let mut by_path: HashMap<&str, Vec<&Item>> = HashMap::new();
    for item in &document.diagnostics {
        by_path.entry(item.path.as_str()).or_default().push(item);
        *sweep.by_rule.entry(item.rule.clone()).or_default() += 1;
    }
    sweep.diagnostics += document.diagnostics.len();
    for (path, items) in by_path {
        let bytes = std::fs::read(dir.join(path)).unwrap_or_else(|error| {
            panic!("{path}: a diagnosed file cannot be read back: {error}")
        });
        let utf8_error = std::str::from_utf8(&bytes).err();
        let text = String::from_utf8_lossy(&bytes);
        let starts = line_starts(&text);
        for item in items {
            if item.rule == "io" {
                // The only `io` diagnostic a corpus may give: a file that is not UTF-8, at the
                // offset of its first bad byte.
                let error = utf8_error.unwrap_or_else(|| {
                    panic!(
                        "{path}: an io diagnostic on a readable UTF-8 file: {}",
                        item.message
                    )
                });
                assert_eq!(item.span.start.offset, error.valid_up_to(), "{path}");
                sweep.not_utf8 += 1;
            }
            check_point(path, &text, &starts, &item.span.start);
            check_point(path, &text, &starts, &item.span.end);
            assert!(item.span.start.offset <= item.span.end.offset, "{path}");
        }
    }
}

fn sweep_archive(archive: &Path, config: &Path) -> Sweep {
    let name = archive
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    let started = Instant::now();
    let dir = TempDir::new().expect("a temporary folder");
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(archive)
        .arg("-C")
        .arg(dir.path())
        .status()
        .expect("`tar` runs (it unpacks the corpora)");
    assert!(status.success(), "{name}: tar failed: {status}");

    let mut sweep = Sweep {
        archive: name.clone(),
        files: 0,
        walked: 0,
        named: 0,
        diagnostics: 0,
        by_rule: BTreeMap::new(),
        not_utf8: 0,
        exit_codes: Vec::new(),
        took: Duration::ZERO,
        linting: Duration::ZERO,
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("the unpacked archive")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    folders.sort();
    for folder in folders {
        let relative = folder
            .strip_prefix(dir.path())
            .expect("inside")
            .to_path_buf();
        let files = files_under(&folder);
        sweep.files += files.len();
        // What the walk lints (the library's own walk, as the binary runs it); the rest
        // (hidden folders, ignored names) is named on the command line afterwards.
        let (targets, problems) =
            healthlint::walk::discover(std::slice::from_ref(&folder), 1, false);
        assert!(problems.is_empty(), "{name}: walk problems");
        let found: HashSet<&Path> = targets.iter().map(|target| target.path.as_path()).collect();
        let skipped: Vec<String> = files
            .iter()
            .filter(|path| !found.contains(path.as_path()))
            .map(|path| {
                path.strip_prefix(dir.path())
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let walked = found.len();
        assert_eq!(
            walked + skipped.len(),
            files.len(),
            "{name}: the walk finds only files"
        );

        let (code, document, stderr, took) = run(
            dir.path(),
            config,
            &[relative.to_string_lossy().into_owned()],
        );
        assert_eq!(
            document.summary.files,
            walked,
            "{name}: the walk of {} linted {} files, not the {walked} it finds",
            relative.display(),
            document.summary.files
        );
        sweep.linting += took;
        sweep.walked += document.summary.files;
        sweep.exit_codes.push(code);
        check_document(dir.path(), &document, &mut sweep);
        check_exit(&name, code, &document, &stderr);

        // The files the walk leaves out, named on the command line, in batches that fit any
        // command line.
        for batch in skipped.chunks(500) {
            let (code, document, stderr, took) = run(dir.path(), config, batch);
            assert_eq!(document.summary.files, batch.len(), "{name}: named files");
            sweep.linting += took;
            sweep.named += batch.len();
            sweep.exit_codes.push(code);
            check_document(dir.path(), &document, &mut sweep);
            check_exit(&name, code, &document, &stderr);
        }
    }
    sweep.took = started.elapsed();
    sweep
}

/// 0 or 1; 2 only when every `io` diagnostic is a file that is not UTF-8 (checked above).
fn check_exit(name: &str, code: i32, document: &Document, stderr: &str) {
    match code {
        0 | 1 => assert!(
            document.diagnostics.iter().all(|item| item.rule != "io"),
            "{name}: an io diagnostic without exit 2"
        ),
        2 => assert!(
            document.diagnostics.iter().any(|item| item.rule == "io"),
            "{name}: exit 2 without an io diagnostic:\n{stderr}"
        ),
        other => panic!("{name}: exit code {other}:\n{stderr}"),
    }
}

#[test]
fn every_file_of_every_corpus_lints_without_a_panic_and_with_valid_spans() {
    let corpora = Path::new(CORPORA);
    if !corpora.is_dir() {
        println!(
            "skipping the corpus sweep: {} is absent (the shared corpora are not checked out \
             beside this repository)",
            corpora.display()
        );
        return;
    }
    let mut archives: Vec<PathBuf> = std::fs::read_dir(corpora)
        .expect("read the corpora folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.to_string_lossy().ends_with(".tar.gz"))
        .collect();
    archives.sort();
    assert!(!archives.is_empty(), "no archives in {}", corpora.display());

    let config_dir = TempDir::new().expect("a temporary folder");
    let config = config_dir.path().join("healthlint.yaml");
    std::fs::write(&config, full_config()).expect("write the configuration");
    // The configuration is valid (with every rule on) before any archive is swept.
    healthlint::Config::from_text("healthlint.yaml", &full_config()).expect("a valid config");

    let started = Instant::now();
    // The archives in parallel, two at a time: the biggest two are about even.
    let sweeps: Vec<Sweep> = std::thread::scope(|scope| {
        let (left, right): (Vec<_>, Vec<_>) = archives
            .iter()
            .enumerate()
            .partition(|(index, _)| index % 2 == 0);
        let config = &config;
        let handles: Vec<_> = [left, right]
            .into_iter()
            .map(|half| {
                scope.spawn(move || {
                    half.into_iter()
                        .map(|(_, archive)| sweep_archive(archive, config))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a sweep thread"))
            .collect()
    });

    println!("corpus sweep, every rule on, --today 2026-11-25:");
    for sweep in &sweeps {
        println!(
            "  {}: {} files ({} walked, {} named after the walk left them out), {} diagnostics, {} not UTF-8, exit codes {:?}, {:.1?} ({:.1?} in the binary)",
            sweep.archive,
            sweep.files,
            sweep.walked,
            sweep.named,
            sweep.diagnostics,
            sweep.not_utf8,
            {
                let mut codes = sweep.exit_codes.clone();
                codes.sort();
                codes.dedup();
                codes
            },
            sweep.took,
            sweep.linting
        );
        let rules: Vec<String> = sweep
            .by_rule
            .iter()
            .map(|(rule, count)| format!("{rule} {count}"))
            .collect();
        println!("    {}", rules.join(", "));
        assert_eq!(
            sweep.walked + sweep.named,
            sweep.files,
            "{}: every file is linted",
            sweep.archive
        );
    }
    println!("  total {:.1?}", started.elapsed());
}
