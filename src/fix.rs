//! Applying fixes: only the bytes of their edits change, a fix is applied whole or not at
//! all, and files are written atomically (a temporary file in the same folder, then a
//! rename), keeping permissions, never over a file that changed since it was read.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Edit};

/// Applies every fix whose edits overlap no fix applied before it (in source order).
/// Returns the new text and how many fixes were applied; a later pass can take the rest.
pub fn apply(text: &str, diagnostics: &[Diagnostic]) -> (String, usize) {
    let mut fixes: Vec<&[Edit]> = diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic.fix.as_ref())
        .map(|fix| fix.edits.as_slice())
        .filter(|edits| !edits.is_empty() && edits.iter().all(|edit| valid(text, edit)))
        .filter(|edits| {
            edits
                .iter()
                .any(|edit| text[edit.start..edit.end] != edit.replacement)
        })
        .collect();
    fixes.sort_by_key(|edits| edits.iter().map(|edit| edit.start).min().unwrap_or(0));
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for edits in fixes {
        let clashes = edits.iter().enumerate().any(|(index, edit)| {
            accepted.iter().any(|other| overlaps(edit, other))
                || edits[..index].iter().any(|other| overlaps(edit, other))
        });
        if clashes {
            continue;
        }
        accepted.extend(edits.iter());
        applied += 1;
    }
    accepted.sort_by_key(|edit| (edit.start, edit.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in accepted {
        out.push_str(&text[at..edit.start]);
        out.push_str(&edit.replacement);
        at = edit.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

fn valid(text: &str, edit: &Edit) -> bool {
    edit.start <= edit.end
        && edit.end <= text.len()
        && text.is_char_boundary(edit.start)
        && text.is_char_boundary(edit.end)
}

/// Two edits clash when their ranges share a byte, or both insert at the same place.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    (a.start < b.end && b.start < a.end)
        || (a.start == b.start && (a.start == a.end || b.start == b.end))
}

/// Why a fixed file was not written. The file is left as it was.
#[derive(Debug)]
pub enum WriteError {
    ReadOnly,
    ChangedOnDisk,
    Io(std::io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::ReadOnly => f.write_str("the file is read-only; it was not changed"),
            WriteError::ChangedOnDisk => {
                f.write_str("the file changed on disk while it was being fixed; it was not written")
            }
            WriteError::Io(error) => write!(
                f,
                "cannot write the fixed file: {error}; it was not changed"
            ),
        }
    }
}

/// Writes `fixed` over `path`, which was read as `original`. A symlink's target is written
/// and the link stays. Nothing is written when nothing changed.
pub fn write(path: &Path, original: &str, fixed: &str) -> Result<(), WriteError> {
    if original == fixed {
        return Ok(());
    }
    let target: PathBuf = std::fs::canonicalize(path).map_err(WriteError::Io)?;
    let metadata = std::fs::metadata(&target).map_err(WriteError::Io)?;
    if metadata.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    // The mode can allow writing (to the group, say) and still not to this user; a rename
    // over the file would get round that, so ask the system whether it may be written.
    if let Err(error) = std::fs::OpenOptions::new().write(true).open(&target) {
        return Err(match error.kind() {
            std::io::ErrorKind::PermissionDenied => WriteError::ReadOnly,
            _ => WriteError::Io(error),
        });
    }
    let folder = target.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".healthlint-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(WriteError::Io)?;
    temporary
        .write_all(fixed.as_bytes())
        .map_err(WriteError::Io)?;
    temporary.as_file().sync_all().map_err(WriteError::Io)?;
    // The owner first: changing it clears set-user-ID and set-group-ID bits.
    #[cfg(unix)]
    keep_owner(temporary.as_file(), &metadata);
    std::fs::set_permissions(temporary.path(), metadata.permissions()).map_err(WriteError::Io)?;
    // The last moment to notice that someone else wrote the file since it was read.
    let now = std::fs::read(&target).map_err(WriteError::Io)?;
    if now != original.as_bytes() {
        return Err(WriteError::ChangedOnDisk);
    }
    temporary
        .persist(&target)
        .map_err(|error| WriteError::Io(error.error))?;
    Ok(())
}

/// Gives the new file the owner and group of the file it replaces, as far as this user may:
/// root may give it to anyone, others may keep a group they belong to. Otherwise the new file
/// is the user's own, as after any editor's save.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, old: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let Ok(new) = file.metadata() else {
        return;
    };
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return;
    }
    if std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
    }
}

/// A unified diff of a file's fix, as `--diff` prints it: empty when nothing changed.
///
/// Lines end at `\n` only, as `patch` and `git apply` read them: a lone `\r` inside a line
/// stays in its line (similar's own line splitting would end a line there and print a diff
/// that no patch tool can apply), and a last line without `\n` gets the
/// `\ No newline at end of file` marker even when it ends in `\r`.
pub fn unified_diff(path: &str, original: &str, fixed: &str) -> String {
    use std::fmt::Write as _;
    let old: Vec<&str> = original.split_inclusive('\n').collect();
    let new: Vec<&str> = fixed.split_inclusive('\n').collect();
    let diff = similar::TextDiff::configure().diff_slices(&old, &new);
    let mut out = String::new();
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        if out.is_empty() {
            let _ = write!(out, "--- a/{path}\n+++ b/{path}\n");
        }
        let _ = writeln!(out, "{}", hunk.header());
        for change in hunk.iter_changes() {
            let line = change.value();
            let _ = write!(out, "{}{line}", change.tag());
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Span};

    fn fixing(span: (usize, usize), replacement: &str) -> Diagnostic {
        Diagnostic::new("r", Span::new(span.0, span.1), "m").with_fix(Fix::new(
            "t",
            vec![Edit::replace(Span::new(span.0, span.1), replacement)],
        ))
    }

    #[test]
    fn only_the_edited_bytes_change() {
        let (out, applied) = apply("a 1 b 2 c", &[fixing((2, 3), "one"), fixing((6, 7), "two")]);
        assert_eq!(out, "a one b two c");
        assert_eq!(applied, 2);
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_pass() {
        let (out, applied) = apply("abcdef", &[fixing((1, 4), "X"), fixing((3, 5), "Y")]);
        assert_eq!(out, "aXef");
        assert_eq!(applied, 1);
    }

    #[test]
    fn a_fix_that_changes_nothing_is_not_counted() {
        let (out, applied) = apply("abc", &[fixing((0, 1), "a")]);
        assert_eq!((out.as_str(), applied), ("abc", 0));
    }

    #[test]
    fn a_lone_carriage_return_stays_inside_its_diff_line() {
        assert_eq!(
            unified_diff("a.md", "x\ra\nb\n", "x\rA\nb\n"),
            "--- a/a.md\n+++ b/a.md\n@@ -1,2 +1,2 @@\n-x\ra\n+x\rA\n b\n"
        );
        assert_eq!(
            unified_diff("a.md", "a\r", "b\r"),
            "--- a/a.md\n+++ b/a.md\n@@ -1 +1 @@\n-a\r\n\\ No newline at end of file\n+b\r\n\\ No newline at end of file\n"
        );
        assert_eq!(unified_diff("a.md", "same\n", "same\n"), "");
    }

    #[test]
    fn edits_off_a_character_boundary_are_refused() {
        let (out, applied) = apply("é", &[fixing((1, 2), "x")]);
        assert_eq!((out.as_str(), applied), ("é", 0));
    }
}
