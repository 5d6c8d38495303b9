//! Writing a report as the results come, file by file in path order, so that a run over a
//! large tree holds the results of one batch of files at a time, never the whole report.
//!
//! The line formats (human, short, github) write each file's part at once. The JSON and SARIF
//! documents put the summary (and SARIF its notifications) before the diagnostics, so their
//! items go to a [`Spill`] first (memory up to a bound, then an anonymous temporary file),
//! and the document is written around them at the end, byte for byte as if rendered whole.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Seek, Write};

use serde_json::Value;

use super::sarif::{self, RuleInfo};
use super::{FileResult, Format, Summary, github, json, short};

/// How many bytes of JSON or SARIF items are kept in memory before they go to a file.
const IN_MEMORY: usize = 8 << 20;

/// The size of the blocks the spilled items are written and read back in: one system call
/// per megabyte, not one per file's items.
const BLOCK: usize = 1 << 20;

/// Bytes kept in memory up to [`IN_MEMORY`], then in an anonymous temporary file (removed by
/// the system when it is closed), written and read back in large blocks. If no temporary
/// file can be made, memory it is.
struct Spill {
    memory: Vec<u8>,
    file: Option<io::BufWriter<File>>,
    /// [`IN_MEMORY`], but smaller in tests.
    limit: usize,
}

impl Default for Spill {
    fn default() -> Spill {
        Spill {
            memory: Vec::new(),
            file: None,
            limit: IN_MEMORY,
        }
    }
}

impl Spill {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.file.is_none()
            && self.memory.len() + bytes.len() > self.limit
            && let Ok(mut file) = tempfile::tempfile()
        {
            file.write_all(&self.memory)?;
            self.memory = Vec::new();
            self.file = Some(io::BufWriter::with_capacity(BLOCK, file));
        }
        match &mut self.file {
            Some(file) => file.write_all(bytes),
            None => {
                self.memory.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    fn copy_to(self, out: &mut dyn Write) -> io::Result<()> {
        let Some(file) = self.file else {
            return out.write_all(&self.memory);
        };
        let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.rewind()?;
        io::copy(&mut io::BufReader::with_capacity(BLOCK, file), out).map(|_| ())
    }
}

/// What SARIF needs beyond the results.
pub struct SarifRun {
    pub rules: Vec<RuleInfo>,
    /// The `file://` URI that relative paths are resolved against.
    pub base: String,
}

/// A report being written.
pub struct Reporter<'w> {
    format: Format,
    quiet: bool,
    out: io::BufWriter<Box<dyn Write + Send + 'w>>,
    summary: Summary,
    /// JSON or SARIF items, and how many.
    items: Spill,
    count: usize,
    sarif: Option<(SarifRun, HashMap<String, usize>)>,
    notifications: Vec<Value>,
    /// The first write error (a closed pipe): nothing more is written after it.
    error: Option<io::Error>,
}

impl<'w> Reporter<'w> {
    pub fn new(
        format: Format,
        quiet: bool,
        out: Box<dyn Write + Send + 'w>,
        sarif_run: Option<SarifRun>,
    ) -> Reporter<'w> {
        let sarif = sarif_run.map(|run| {
            let index = sarif::rule_index(&run.rules);
            (run, index)
        });
        Reporter {
            format,
            quiet,
            out: io::BufWriter::with_capacity(64 << 10, out),
            summary: Summary::default(),
            items: Spill::default(),
            count: 0,
            sarif,
            notifications: Vec::new(),
            error: None,
        }
    }

    /// The counts so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Counts one file's results without writing them (`--diff` prints diffs instead).
    pub fn count(&mut self, result: &FileResult) {
        self.summary.add(result);
    }

    /// Adds one file's results; they are written (or kept for the end) now.
    pub fn file(&mut self, result: &FileResult) {
        self.summary.add(result);
        if self.error.is_some() {
            return;
        }
        let rendered = match &result.rendered {
            Some((format, bytes)) if *format == self.format => Some(bytes.as_slice()),
            _ => None,
        };
        let written = match self.format {
            Format::Human | Format::Short | Format::Github => match rendered {
                Some(bytes) => self.out.write_all(bytes),
                None => self.out.write_all(&render_file(self.format, result)),
            },
            Format::Json if result.tally().total() == 0 => Ok(()),
            Format::Json => {
                let owned;
                let bytes = match rendered {
                    Some(bytes) => bytes,
                    None => {
                        owned = render_file(Format::Json, result);
                        &owned
                    }
                };
                let written = if self.count > 0 {
                    self.items.write(b",\n")
                } else {
                    Ok(())
                };
                self.count += result.tally().total();
                written.and_then(|()| self.items.write(bytes))
            }
            Format::Sarif => {
                let Some((_, index)) = &self.sarif else {
                    return;
                };
                let (results, notifications) = sarif::file(result, index);
                self.notifications.extend(notifications);
                let mut written = Ok(());
                for item in results {
                    written = self.item(&item, 4);
                    if written.is_err() {
                        break;
                    }
                }
                written
            }
        };
        if let Err(error) = written {
            self.error = Some(error);
        }
    }

    /// Writes out what is buffered (before a progress bar is drawn again).
    pub fn flush(&mut self) {
        if self.error.is_none()
            && let Err(error) = self.out.flush()
        {
            self.error = Some(error);
        }
    }

    /// One item of the SARIF results array, pretty-printed at `depth` levels.
    fn item(&mut self, value: &impl serde::Serialize, depth: usize) -> io::Result<()> {
        let mut bytes = Vec::with_capacity(1024);
        if self.count > 0 {
            bytes.extend_from_slice(b",\n");
        }
        super::pretty::write_at(&mut bytes, value, depth);
        self.count += 1;
        self.items.write(&bytes)
    }

    /// Writes the end of the report (the summary line, or the document around its items).
    /// `successful` is SARIF's `executionSuccessful`. A closed pipe is not an error.
    pub fn finish(mut self, successful: bool) -> io::Result<()> {
        if let Some(error) = self.error.take() {
            return quiet_pipe(Err(error));
        }
        let written = match self.format {
            Format::Human | Format::Short => {
                if self.quiet {
                    Ok(())
                } else {
                    writeln!(self.out, "{}", self.summary.line())
                }
            }
            Format::Github => writeln!(self.out, "{}", self.summary.line()),
            Format::Json => {
                let empty = json::document(&self.summary, Vec::new());
                self.around(&empty, "\"diagnostics\": []", "  ]")
            }
            Format::Sarif => {
                let Some((run, _)) = self.sarif.take() else {
                    return Ok(());
                };
                let notifications = std::mem::take(&mut self.notifications);
                let empty =
                    sarif::document(&run.rules, &run.base, successful, notifications, Vec::new());
                self.around(&empty, "\"results\": []", "      ]")
            }
        };
        quiet_pipe(written.and_then(|()| self.out.flush()))
    }

    /// Writes `empty` (a document whose last array is empty, named by `marker`) with the kept
    /// items inside that array, closed by `close`.
    fn around(&mut self, empty: &str, marker: &str, close: &str) -> io::Result<()> {
        let Some(at) = empty.rfind(marker).filter(|_| self.count > 0) else {
            self.out.write_all(empty.as_bytes())?;
            return self.out.write_all(b"\n");
        };
        let open = at + marker.len() - 1;
        self.out.write_all(&empty.as_bytes()[..open])?;
        self.out.write_all(b"\n")?;
        std::mem::take(&mut self.items).copy_to(&mut self.out)?;
        self.out.write_all(b"\n")?;
        self.out.write_all(close.as_bytes())?;
        self.out.write_all(&empty.as_bytes()[open + 1..])?;
        self.out.write_all(b"\n")
    }
}

/// A reader that went away (`healthlint check . | head -1`) ends the output quietly.
fn quiet_pipe(written: io::Result<()>) -> io::Result<()> {
    match written {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// One file's part of a report in `format`: its lines, or its JSON items (separated by
/// `,\n`); empty for the formats the writer renders itself (human frames are drawn where the
/// text is at hand, SARIF results are numbered against the run's rules).
fn render_file(format: Format, result: &FileResult) -> Vec<u8> {
    match format {
        Format::Short => short::lines(result).into_bytes(),
        Format::Github => github::lines(result).into_bytes(),
        Format::Json => json::items_text(result),
        Format::Human | Format::Sarif => Vec::new(),
    }
}

/// Renders one file's part of the report now, on the thread that linted it, so that the
/// thread writing the report in path order only copies bytes.
pub fn prerender(format: Format, result: &mut FileResult) {
    if matches!(format, Format::Short | Format::Github | Format::Json) {
        result.rendered = Some((format, render_file(format, result)));
    }
}

/// Renders whole results at once, as the streaming reporter writes them.
pub fn render(
    format: Format,
    results: &[FileResult],
    quiet: bool,
    sarif_run: Option<SarifRun>,
    successful: bool,
) -> String {
    let mut out = Vec::new();
    let mut reporter = Reporter::new(format, quiet, Box::new(&mut out), sarif_run);
    for result in results {
        reporter.file(result);
    }
    // Writing to memory cannot fail.
    let _ = reporter.finish(successful);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::diagnostic::Severity;
    use crate::output::Tally;
    use jiff::civil::Date;

    fn results() -> Vec<FileResult> {
        let text = "---\ntitle: A\n---\n\nSee a GP. Call 02380 248725.\n";
        let config = Config::defaults();
        (0..40)
            .map(|n| {
                let diagnostics = crate::lint(text, &config, Date::constant(2026, 11, 25));
                FileResult::new(format!("a/{n:02}.md"), text, diagnostics)
            })
            .collect()
    }

    fn rendered(format: Format, limit: usize) -> String {
        let mut out = Vec::new();
        let run = (format == Format::Sarif).then(|| SarifRun {
            rules: Vec::new(),
            base: "file:///work/".to_string(),
        });
        let mut reporter = Reporter::new(format, false, Box::new(&mut out), run);
        reporter.items.limit = limit;
        for result in &results() {
            reporter.file(result);
        }
        let spilled = reporter.items.file.is_some();
        reporter.finish(true).unwrap();
        assert_eq!(
            spilled,
            limit < 1000,
            "spilled to a file only when over the limit"
        );
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn items_spilled_to_a_file_give_the_same_document() {
        for format in [Format::Json, Format::Sarif] {
            let in_memory = rendered(format, IN_MEMORY);
            assert_eq!(rendered(format, 100), in_memory);
            let _: Value = serde_json::from_str(&in_memory).unwrap();
        }
    }

    #[test]
    fn the_streamed_json_is_the_document_rendered_whole() {
        let results = results();
        let whole = json::document(
            &Summary::of(&results),
            results.iter().flat_map(json::items).collect(),
        );
        assert_eq!(
            render(Format::Json, &results, false, None, true),
            whole + "\n"
        );
        let empty = json::document(&Summary::default(), Vec::new());
        assert_eq!(render(Format::Json, &[], false, None, true), empty + "\n");
    }

    #[test]
    fn files_rendered_by_their_workers_give_the_same_report() {
        for format in [Format::Json, Format::Short, Format::Github, Format::Sarif] {
            let whole = render(format, &results(), false, sarif_run(format), true);
            let mut out = Vec::new();
            let mut reporter = Reporter::new(format, false, Box::new(&mut out), sarif_run(format));
            for mut result in results() {
                let tally = result.tally();
                prerender(format, &mut result);
                assert_eq!(
                    result.rendered.is_some(),
                    format != Format::Sarif,
                    "{format:?}"
                );
                // As the workers do: a rendered file's diagnostics are dropped, their
                // tally kept; SARIF's are numbered by the writer, so they stay.
                result.shed(format);
                assert_eq!(
                    result.diagnostics.is_empty(),
                    format != Format::Sarif,
                    "{format:?}"
                );
                assert_eq!(result.tally(), tally, "{format:?}");
                reporter.file(&result);
            }
            reporter.finish(true).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), whole, "{format:?}");
        }
    }

    #[test]
    fn a_file_with_frames_keeps_its_counts_when_shed() {
        let (mut out, mut shed_out) = (Vec::new(), Vec::new());
        let mut reporter = Reporter::new(Format::Human, false, Box::new(&mut out), None);
        let mut shed_reporter = Reporter::new(Format::Human, false, Box::new(&mut shed_out), None);
        for result in results() {
            let result = result.with_frames("frames\n".to_string());
            reporter.file(&result);
            let mut shed = result.clone();
            shed.shed(Format::Human);
            assert!(shed.diagnostics.is_empty());
            shed_reporter.file(&shed);
        }
        reporter.finish(true).unwrap();
        shed_reporter.finish(true).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains(" fixable with --fix"), "{out}");
        assert_eq!(String::from_utf8(shed_out).unwrap(), out);
    }

    #[test]
    fn a_file_without_a_rendering_in_the_format_is_not_shed() {
        let mut result = results().remove(0);
        let count = result.diagnostics.len();
        result.shed(Format::Json);
        assert_eq!((result.diagnostics.len(), result.shed), (count, None));
        // Rendered for another format, it keeps what the report's format is rendered from.
        prerender(Format::Short, &mut result);
        result.shed(Format::Json);
        assert_eq!((result.diagnostics.len(), result.shed), (count, None));
    }

    #[test]
    fn a_tally_counts_each_severity_and_the_fixes() {
        let result = results().remove(0);
        let of = |severity| {
            result
                .diagnostics
                .iter()
                .filter(|located| located.diagnostic.severity == severity)
                .count()
        };
        let tally = result.tally();
        assert_eq!(
            (tally.errors, tally.warnings, tally.infos),
            (
                of(Severity::Error),
                of(Severity::Warning),
                of(Severity::Info)
            )
        );
        assert!(
            tally.errors > 0 && tally.warnings > 0 && tally.fixable > 0,
            "{tally:?}"
        );
        assert_eq!(tally.total(), result.diagnostics.len());
        let only = |errors, warnings, infos| Tally {
            errors,
            warnings,
            infos,
            fixable: 0,
        };
        for (tally, at_least) in [
            (only(0, 0, 0), [false, false, false]),
            (only(0, 0, 1), [true, false, false]),
            (only(0, 2, 0), [true, true, false]),
            (only(1, 0, 0), [true, true, true]),
        ] {
            let severities = [Severity::Info, Severity::Warning, Severity::Error];
            for (severity, expected) in severities.into_iter().zip(at_least) {
                assert_eq!(
                    tally.any_at_least(severity),
                    expected,
                    "{tally:?} {severity:?}"
                );
            }
        }
    }

    #[test]
    fn a_file_rendered_for_another_format_is_rendered_again() {
        let mut result = results().remove(0);
        prerender(Format::Short, &mut result);
        // Not shed for a JSON report: its diagnostics are what it is rendered from.
        result.shed(Format::Json);
        let mut out = Vec::new();
        let mut reporter = Reporter::new(Format::Json, false, Box::new(&mut out), None);
        reporter.file(&result);
        reporter.finish(true).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            render(Format::Json, &results()[..1], false, None, true)
        );
    }

    fn sarif_run(format: Format) -> Option<SarifRun> {
        (format == Format::Sarif).then(|| SarifRun {
            rules: Vec::new(),
            base: "file:///work/".to_string(),
        })
    }

    #[test]
    fn the_streamed_sarif_is_the_log_rendered_whole() {
        let results = results();
        let index = sarif::rule_index(&[]);
        let (items, notes): (Vec<_>, Vec<_>) = results
            .iter()
            .map(|result| sarif::file(result, &index))
            .unzip();
        let whole = sarif::document(
            &[],
            "file:///work/",
            true,
            notes.into_iter().flatten().collect(),
            items.into_iter().flatten().collect(),
        );
        let run = SarifRun {
            rules: Vec::new(),
            base: "file:///work/".to_string(),
        };
        assert_eq!(
            render(Format::Sarif, &results, false, Some(run), true),
            whole + "\n"
        );
    }
}
