//! Discovering the files to lint (the `ignore` crate: `.gitignore`, `.healthlintignore`,
//! `*.md` and `*.markdown`) in parallel, and reading them as UTF-8.

use std::collections::{HashMap, HashSet};
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
    /// Named on the command line, rather than found in a folder.
    pub explicit: bool,
}

impl Target {
    /// The folder the file is in (`.` for a bare name).
    pub fn folder(&self) -> &Path {
        folder_of(&self.path)
    }
}

/// The folder `path` is in (`.` for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
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
/// linted whatever its name and ignore rules, unless `force_exclude`; folders are walked in
/// parallel.
pub fn discover(
    paths: &[PathBuf],
    threads: usize,
    force_exclude: bool,
) -> (Vec<Target>, Vec<WalkProblem>) {
    let mut targets = Vec::new();
    let mut problems = Vec::new();
    let mut kept_by_folder: HashMap<PathBuf, HashSet<PathBuf>> = HashMap::new();
    for path in paths {
        let shown = display(path);
        match std::fs::metadata(path) {
            Err(error) => problems.push(WalkProblem {
                display: shown,
                message: describe_io(&error),
            }),
            Ok(meta) if meta.is_file() => {
                if force_exclude && is_ignored(path, &mut kept_by_folder) {
                    continue;
                }
                targets.push(Target {
                    display: shown,
                    path: path.clone(),
                    explicit: true,
                })
            }
            Ok(_) => walk_folder(path, threads, &mut targets, &mut problems),
        }
    }
    targets.sort();
    // One folder's walk finds each file once: only a file named twice, or found under two
    // of the paths given (`. a.md`, where the walk finds `./a.md`), is checked once, as
    // named if it was named (a comparison of paths part by part for every neighbour was
    // 4 ms of a tree of 38,000 files).
    if paths.len() > 1 {
        // Keyed by the path's parts without `.` (`./a.md`, `a.md` and `docs//a.md`'s
        // `docs/a.md` are one file each), the first in path order kept.
        let mut first: HashMap<PathBuf, usize> = HashMap::new();
        let mut kept: Vec<Target> = Vec::with_capacity(targets.len());
        for target in targets {
            match first.entry(parts(&target.path)) {
                std::collections::hash_map::Entry::Occupied(place) => {
                    kept[*place.get()].explicit |= target.explicit;
                }
                std::collections::hash_map::Entry::Vacant(place) => {
                    place.insert(kept.len());
                    kept.push(target);
                }
            }
        }
        targets = kept;
    }
    problems.sort_by(|a, b| a.display.cmp(&b.display));
    (targets, problems)
}

/// The parts of `path` without `.`: two paths with the same parts name the same file.
fn parts(path: &Path) -> PathBuf {
    path.components()
        .filter(|part| *part != std::path::Component::CurDir)
        .collect()
}

/// Whether ignore files (`.gitignore`, `.healthlintignore`, in the file's folder or above)
/// exclude `path`: the folder is listed once with the same filters as a walk.
fn is_ignored(path: &Path, kept_by_folder: &mut HashMap<PathBuf, HashSet<PathBuf>>) -> bool {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let kept = kept_by_folder.entry(folder.clone()).or_insert_with(|| {
        walker(&folder, 1)
            .max_depth(Some(1))
            .build()
            .filter_map(Result::ok)
            .map(|entry| entry.into_path())
            .collect()
    });
    let name = path.file_name().map(|name| folder.join(name));
    !name.is_some_and(|name| kept.contains(&name))
}

/// A walker with healthlint's filters: hidden files, `.gitignore` (also outside a git
/// repository) and `.healthlintignore`.
fn walker(root: &Path, threads: usize) -> WalkBuilder {
    let mut builder = WalkBuilder::new(root);
    builder
        .standard_filters(true)
        .require_git(false)
        .follow_links(false)
        .add_custom_ignore_filename(".healthlintignore")
        .threads(threads);
    builder
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
    let mut builder = walker(root, threads);
    if let Ok(matcher) = types.build() {
        builder.types(matcher);
    }
    let found = Mutex::new((Vec::new(), Vec::new()));
    builder.build_parallel().run(|| {
        let found = &found;
        Box::new(move |entry| {
            // Made before the lock is taken, so that the walking threads wait only for the
            // push.
            let (target, problem) = match entry {
                Ok(entry) if entry.file_type().is_some_and(|kind| kind.is_file()) => (
                    Some(Target {
                        display: display(entry.path()),
                        path: entry.into_path(),
                        explicit: false,
                    }),
                    None,
                ),
                Ok(_) => return ignore::WalkState::Continue,
                Err(error) => (
                    None,
                    Some(WalkProblem {
                        display: display(root),
                        message: error.to_string(),
                    }),
                ),
            };
            let mut guard = match found.lock() {
                Ok(guard) => guard,
                Err(poisoned) => poisoned.into_inner(),
            };
            guard.0.extend(target);
            guard.1.extend(problem);
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
