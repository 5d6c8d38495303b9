//! Discovering the files to lint (the `ignore` crate: `.gitignore`, `.healthlintignore`,
//! `*.md` and `*.markdown`) in parallel, and reading them as UTF-8.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::WalkBuilder;
use ignore::types::TypesBuilder;

/// A file to lint.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// How the file is named in the output: as given, or found under what was given.
    pub display: String,
    pub path: PathBuf,
}

/// A path that could not be walked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkProblem {
    pub display: String,
    pub message: String,
}

/// Why a file could not be linted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadProblem {
    Io(String),
    /// Not UTF-8: the offset of the first bad byte, and the text read lossily for context.
    NotUtf8 {
        offset: usize,
        lossy: String,
    },
}

/// Shows a path with `/` separators and without a leading `./`.
pub fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    match text.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => text,
    }
}

/// Every file to lint under `paths`, sorted by displayed path. A file named explicitly is
/// linted whatever its name and ignore rules; folders are walked in parallel.
pub fn discover(paths: &[PathBuf], threads: usize) -> (Vec<Target>, Vec<WalkProblem>) {
    let mut targets = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let shown = display(path);
        match std::fs::metadata(path) {
            Err(error) => problems.push(WalkProblem {
                display: shown,
                message: describe_io(&error),
            }),
            Ok(meta) if meta.is_file() => targets.push(Target {
                display: shown,
                path: path.clone(),
            }),
            Ok(_) => walk_folder(path, threads, &mut targets, &mut problems),
        }
    }
    targets.sort();
    targets.dedup_by(|a, b| a.display == b.display);
    problems.sort_by(|a, b| a.display.cmp(&b.display));
    (targets, problems)
}

fn walk_folder(
    root: &Path,
    threads: usize,
    targets: &mut Vec<Target>,
    problems: &mut Vec<WalkProblem>,
) {
    let mut types = TypesBuilder::new();
    // Static globs; adding them cannot fail.
    let _ = types.add("article", "*.md");
    let _ = types.add("article", "*.markdown");
    types.select("article");
    let mut builder = WalkBuilder::new(root);
    builder
        .standard_filters(true)
        .require_git(false)
        .follow_links(false)
        .add_custom_ignore_filename(".healthlintignore")
        .threads(threads);
    if let Ok(matcher) = types.build() {
        builder.types(matcher);
    }
    let found = Mutex::new((Vec::new(), Vec::new()));
    builder.build_parallel().run(|| {
        let found = &found;
        Box::new(move |entry| {
            let mut guard = match found.lock() {
                Ok(guard) => guard,
                Err(poisoned) => poisoned.into_inner(),
            };
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|kind| kind.is_file()) {
                        guard.0.push(Target {
                            display: display(entry.path()),
                            path: entry.into_path(),
                        });
                    }
                }
                Err(error) => guard.1.push(WalkProblem {
                    display: display(root),
                    message: error.to_string(),
                }),
            }
            ignore::WalkState::Continue
        })
    });
    let (found_targets, found_problems) = match found.into_inner() {
        Ok(inner) => inner,
        Err(poisoned) => poisoned.into_inner(),
    };
    targets.extend(found_targets);
    problems.extend(found_problems);
}

/// Reads a file as UTF-8.
pub fn read(path: &Path) -> Result<String, ReadProblem> {
    let bytes = std::fs::read(path).map_err(|error| ReadProblem::Io(describe_io(&error)))?;
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        ReadProblem::NotUtf8 {
            offset,
            lossy: String::from_utf8_lossy(error.as_bytes()).into_owned(),
        }
    })
}

fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "is a folder".to_string(),
        _ => error.to_string(),
    }
}
