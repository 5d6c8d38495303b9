//! Discovering the files to lint (the `ignore` crate: `.gitignore`, `.healthlintignore`,
//! `*.md` and `*.markdown`) in parallel, and reading them as UTF-8.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
    /// The folder the file is in (`.` for a bare name): shared by the files of a folder that
    /// one walking thread found one after another (most of them), so that telling whether two
    /// files share a folder mostly compares pointers instead of reading their paths.
    pub folder: Arc<Path>,
}

impl Target {
    /// A file named on the command line.
    fn named(display: String, path: PathBuf) -> Target {
        Target {
            display,
            folder: Arc::from(folder_of(&path)),
            path,
            explicit: true,
        }
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
                targets.push(Target::named(shown, path.clone()))
            }
            Ok(_) => walk_folder(path, threads, &mut targets, &mut problems),
        }
    }
    // Each walking thread sorted its own finds: this sort merges their runs.
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

/// What the walking threads found, each thread's targets in path order after the last's.
#[derive(Default)]
struct Found {
    targets: Vec<Target>,
    problems: Vec<WalkProblem>,
}

/// Makes a [`Finder`] for each walking thread.
struct Finders<'s> {
    root: &'s Path,
    found: &'s Mutex<Found>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for Finders<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Finder {
            root: self.root,
            folder: None,
            targets: Vec::new(),
            problems: Vec::new(),
            into: self.found,
        })
    }
}

/// One walking thread's finds, kept to itself and sorted by that thread when its walk is
/// over: the run's sort then merges a few sorted runs (sorting them all after the walk, on
/// one thread, was 4 ms of a tree of 38,000 files), and nothing is locked for each file.
struct Finder<'s> {
    root: &'s Path,
    /// The folder of the last file found.
    folder: Option<Arc<Path>>,
    targets: Vec<Target>,
    problems: Vec<WalkProblem>,
    into: &'s Mutex<Found>,
}

impl ignore::ParallelVisitor for Finder<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|kind| kind.is_file()) => {
                let path = entry.into_path();
                // A folder's files mostly come one after another, to the thread that read it
                // (another thread may take some, and a subfolder's may come between).
                let folder = match &self.folder {
                    Some(last) if last.as_os_str() == folder_of(&path).as_os_str() => last.clone(),
                    _ => {
                        let folder: Arc<Path> = Arc::from(folder_of(&path));
                        self.folder = Some(folder.clone());
                        folder
                    }
                };
                self.targets.push(Target {
                    display: display(&path),
                    path,
                    explicit: false,
                    folder,
                });
            }
            Ok(_) => {}
            Err(error) => self.problems.push(WalkProblem {
                display: display(self.root),
                message: error.to_string(),
            }),
        }
        ignore::WalkState::Continue
    }
}

impl Drop for Finder<'_> {
    fn drop(&mut self) {
        self.targets.sort();
        let mut found = match self.into.lock() {
            Ok(found) => found,
            Err(poisoned) => poisoned.into_inner(),
        };
        found.targets.append(&mut self.targets);
        found.problems.append(&mut self.problems);
    }
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
    let found = Mutex::new(Found::default());
    builder.build_parallel().visit(&mut Finders {
        root,
        found: &found,
    });
    let Found {
        targets: found_targets,
        problems: found_problems,
    } = match found.into_inner() {
        Ok(inner) => inner,
        Err(poisoned) => poisoned.into_inner(),
    };
    targets.extend(found_targets);
    problems.extend(found_problems);
}

/// How large each thread's read buffer starts (the articles of a site are mostly smaller),
/// and the most it keeps between files.
const BUFFER_START: usize = 64 << 10;
const BUFFER_KEPT: usize = 4 << 20;

thread_local! {
    /// The bytes of the file being linted on this thread, kept for the next one.
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Reads the file at `path` as UTF-8 and hands the text to `use_text`.
///
/// The bytes go into a buffer this thread keeps from file to file: no allocation for each
/// file, and no `fstat` to size one (a tenth of the system's time for a tree of small files).
/// A file that fills the buffer is measured once, and the buffer grows to fit it.
pub fn with_text<R>(path: &Path, use_text: impl FnOnce(Result<&str, ReadProblem>) -> R) -> R {
    BUFFER.with(|cell| {
        // Taken, not borrowed: were `use_text` ever to read another file on this thread, that
        // read would find an empty buffer rather than a borrowed one.
        let mut buffer = cell.take();
        let result = match fill(path, &mut buffer) {
            Err(error) => use_text(Err(ReadProblem::Io(describe_io(&error)))),
            Ok(filled) => match std::str::from_utf8(&buffer[..filled]) {
                Ok(text) => use_text(Ok(text)),
                Err(error) => use_text(Err(ReadProblem::NotUtf8 {
                    offset: error.valid_up_to(),
                    lossy: String::from_utf8_lossy(&buffer[..filled]).into_owned(),
                })),
            },
        };
        if buffer.capacity() <= BUFFER_KEPT {
            cell.replace(buffer);
        }
        result
    })
}

/// Reads the whole file at `path` into the start of `buffer` and returns how many bytes it
/// has. `buffer`'s length is what of it is initialised, not the file's length.
fn fill(path: &Path, buffer: &mut Vec<u8>) -> std::io::Result<usize> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    if buffer.len() < BUFFER_START {
        buffer.resize(BUFFER_START, 0);
    }
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(filled),
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    // Larger than the buffer: the rest as the standard library reads a file, into room
    // made for all of it at once.
    buffer.truncate(filled);
    file.read_to_end(buffer)?;
    Ok(buffer.len())
}

fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "is a folder".to_string(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `with_text` hands over for the file at `path`, owned.
    fn read(path: &Path) -> Result<String, ReadProblem> {
        with_text(path, |text| text.map(str::to_string))
    }

    #[test]
    fn files_of_every_size_are_read_whole_one_after_another() {
        let folder = tempfile::tempdir().unwrap();
        let sizes = [
            BUFFER_START + 1,
            0,
            1,
            BUFFER_START - 1,
            BUFFER_START,
            3 * BUFFER_START + 7,
            BUFFER_KEPT + 5,
            10,
        ];
        for (at, size) in sizes.into_iter().enumerate() {
            // Each file's bytes differ from the one before's, so that a byte left over from
            // an earlier, longer file would show.
            let text: String = (0..size)
                .map(|index| char::from(b'a' + ((index + at) % 26) as u8))
                .collect();
            let path = folder.path().join(format!("{at}.md"));
            std::fs::write(&path, &text).unwrap();
            assert_eq!(read(&path), Ok(text), "a file of {size} bytes");
        }
    }

    #[test]
    fn a_walk_on_any_number_of_threads_finds_each_article_once_in_path_order() {
        let folder = tempfile::tempdir().unwrap();
        let mut expected = Vec::new();
        for section in 0..30 {
            for depth in ["", "deeper/"] {
                let dir = folder.path().join(format!("s{section}/{depth}"));
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(dir.join("notes.txt"), "not an article").unwrap();
                for file in 0..25 {
                    let name = format!("{file:x}-{}.md", 24 - file);
                    std::fs::write(dir.join(&name), "# A\n").unwrap();
                    expected.push(display(&dir.join(name)));
                }
            }
        }
        std::fs::write(folder.path().join(".healthlintignore"), "s3/\n").unwrap();
        expected.retain(|path| !path.contains("/s3/"));
        expected.sort();
        for threads in [1, 2, 4] {
            let (targets, problems) = discover(&[folder.path().to_path_buf()], threads, false);
            assert!(problems.is_empty(), "{problems:?}");
            for target in &targets {
                assert_eq!(&*target.folder, folder_of(&target.path));
            }
            let found: Vec<String> = targets.into_iter().map(|target| target.display).collect();
            assert_eq!(found, expected, "on {threads} threads");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_reported_at_their_offset() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("latin1.md");
        std::fs::write(&path, b"caf\xe9 au lait").unwrap();
        assert_eq!(
            read(&path),
            Err(ReadProblem::NotUtf8 {
                offset: 3,
                lossy: "caf\u{fffd} au lait".to_string(),
            })
        );
    }

    #[test]
    fn a_missing_file_or_a_folder_is_a_plain_reason() {
        let folder = tempfile::tempdir().unwrap();
        assert_eq!(
            read(&folder.path().join("gone.md")),
            Err(ReadProblem::Io("no such file or folder".to_string()))
        );
        assert_eq!(
            read(folder.path()),
            Err(ReadProblem::Io("is a folder".to_string()))
        );
    }
}
