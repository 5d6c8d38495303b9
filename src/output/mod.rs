//! Rendering results: one renderer per format. Renderers only present what the rules found.

pub mod github;
pub mod human;
pub mod json;
mod pretty;
pub mod sarif;
pub mod short;
pub mod stream;

use std::fmt::Write as _;

use crate::article::Position;
use crate::diagnostic::{Diagnostic, Severity};

/// A diagnostic with its positions worked out, so it can be rendered without the file text.
#[derive(Clone, Debug)]
pub struct Located {
    pub diagnostic: Diagnostic,
    pub start: Position,
    pub end: Position,
    /// The flagged text (at most 200 bytes), for fingerprints that survive edits above it.
    pub flagged: String,
}

/// Everything found in one file, ready to render.
#[derive(Clone, Debug)]
pub struct FileResult {
    /// As given on the command line or found under it, with `/` separators.
    pub path: String,
    pub diagnostics: Vec<Located>,
    /// This file's part of the report, rendered by the worker that linted it so that the
    /// writer only copies it, and the format it is in: human code frames, drawn while the
    /// text was at hand ([`FileResult::with_frames`]), or the lines or JSON items of another
    /// format ([`stream::prerender`]).
    pub rendered: Option<(Format, Vec<u8>)>,
    /// How many fixes `--fix` applied (or `--diff` would apply).
    pub fixed: usize,
    /// Set by [`FileResult::shed`]: the diagnostics were rendered and dropped, and this is
    /// what the report still needs of them.
    pub shed: Option<Tally>,
}

impl FileResult {
    pub fn new(path: String, text: &str, diagnostics: Vec<Diagnostic>) -> FileResult {
        FileResult::positioned(path, text, diagnostics, true)
    }

    /// [`FileResult::new`], keeping each diagnostic's flagged text only if `flagged` (SARIF's
    /// fingerprints are the one use of it): a report in another format does not copy it.
    pub fn positioned(
        path: String,
        text: &str,
        diagnostics: Vec<Diagnostic>,
        flagged: bool,
    ) -> FileResult {
        let offsets: Vec<usize> = diagnostics
            .iter()
            .flat_map(|diagnostic| [diagnostic.span.start, diagnostic.span.end])
            .collect();
        let positions = crate::article::positions(text, &offsets);
        let diagnostics = diagnostics
            .into_iter()
            .zip(positions.chunks_exact(2))
            .map(|(diagnostic, ends)| {
                let (start, end) = (ends[0], ends[1]);
                let mut cut = if flagged {
                    end.offset.min(start.offset + 200)
                } else {
                    start.offset
                };
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                Located {
                    flagged: text[start.offset..cut].to_string(),
                    start,
                    end,
                    diagnostic,
                }
            })
            .collect();
        FileResult {
            path,
            diagnostics,
            rendered: None,
            fixed: 0,
            shed: None,
        }
    }

    /// The result with its human code frames.
    pub fn with_frames(mut self, frames: String) -> FileResult {
        self.rendered = Some((Format::Human, frames.into_bytes()));
        self
    }

    /// Drops the diagnostics once they are rendered in `format` (the report's), keeping their
    /// [`Tally`]: the worker that made them frees them, and the thread writing the report only
    /// copies bytes. (Freed by the writer, memory allocated by another thread went back
    /// through the allocator's locks: 5 % of the wall time of a site's JSON report.) Without
    /// a rendering in that format, nothing changes: a reporter of another format renders the
    /// file again from its diagnostics.
    pub fn shed(&mut self, format: Format) {
        let rendered = matches!(&self.rendered, Some((done, _)) if *done == format);
        if rendered && self.shed.is_none() {
            self.shed = Some(self.tally());
            self.diagnostics = Vec::new();
        }
    }

    /// How many diagnostics of each severity the file has, and how many can be fixed.
    pub fn tally(&self) -> Tally {
        self.shed.unwrap_or_else(|| {
            let mut tally = Tally::default();
            for located in &self.diagnostics {
                match located.diagnostic.severity {
                    Severity::Error => tally.errors += 1,
                    Severity::Warning => tally.warnings += 1,
                    Severity::Info => tally.infos += 1,
                }
                tally.fixable += usize::from(located.diagnostic.fix.is_some());
            }
            tally
        })
    }
}

/// A file's diagnostics counted: what the summary and the exit code need of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
}

impl Tally {
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// Whether any diagnostic is at `severity` or above.
    pub fn any_at_least(&self, severity: Severity) -> bool {
        match severity {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Info => self.total() > 0,
        }
    }
}

/// The counts in the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
    /// Fixes applied by `--fix`; not part of the JSON document's version 1 summary.
    #[serde(skip)]
    pub fixed: usize,
}

impl Summary {
    pub fn of(results: &[FileResult]) -> Summary {
        let mut summary = Summary::default();
        for result in results {
            summary.add(result);
        }
        summary
    }

    /// Counts one more file.
    pub fn add(&mut self, result: &FileResult) {
        self.files += 1;
        self.fixed += result.fixed;
        let tally = result.tally();
        self.errors += tally.errors;
        self.warnings += tally.warnings;
        self.infos += tally.infos;
        self.fixable += tally.fixable;
    }

    /// `2 errors, 1 warning in 3 files (1 fixable with --fix)`.
    pub fn line(&self) -> String {
        let files = plural(self.files, "file");
        let fixed = match self.fixed {
            0 => String::new(),
            count => format!(" ({} fixed)", plural(count, "problem")),
        };
        if self.errors + self.warnings + self.infos == 0 {
            return format!("no problems in {files}{fixed}");
        }
        let mut line = format!(
            "{}, {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        );
        if self.infos > 0 {
            let _ = write!(line, ", {}", plural(self.infos, "info"));
        }
        let _ = write!(line, " in {files}{fixed}");
        if self.fixable > 0 {
            let _ = write!(line, " ({} fixable with --fix)", self.fixable);
        }
        line
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Code frames for people, then a summary line.
    Human,
    /// One line per diagnostic: `path:line:column: severity[rule] message`.
    Short,
    /// The JSON document of version 1.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands, shown as annotations on pull requests.
    Github,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;

    #[test]
    fn the_flagged_text_is_kept_only_when_asked_for() {
        let text = "---\ntitle: A\n---\n\nA miracle cure.\n";
        let start = text.find("miracle").unwrap();
        let diagnostic = || vec![Diagnostic::new("x", Span::new(start, start + 7), "m")];
        let kept = FileResult::new("a.md".to_string(), text, diagnostic());
        let dropped = FileResult::positioned("a.md".to_string(), text, diagnostic(), false);
        assert_eq!(kept.diagnostics[0].flagged, "miracle");
        assert_eq!(dropped.diagnostics[0].flagged, "");
        let position = |result: &FileResult| {
            let located = &result.diagnostics[0];
            (located.start, located.end)
        };
        assert_eq!(position(&kept), position(&dropped));
        assert_eq!(kept.diagnostics[0].start.line, 5);
    }
}
