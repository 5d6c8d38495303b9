//! `--format human`: miette code frames (rule id as the code, labelled spans, help), colour
//! only when asked for, then the summary line.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode, ThemeCharacters,
    ThemeStyles,
};

use crate::diagnostic::{Diagnostic, Severity};

/// How to draw the frames.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a NamedSource<String>,
    has_source: bool,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.diagnostic.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.diagnostic.help.as_ref()?;
        match &self.diagnostic.fix {
            Some(fix) => Some(Box::new(format!("{help} (fix: {})", fix.title))),
            None => Some(Box::new(help)),
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.has_source.then_some(self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.has_source {
            return None;
        }
        let span = self.diagnostic.span;
        let primary = LabeledSpan::new_primary_with_span(
            self.diagnostic.label.as_deref().map(str::to_string),
            (span.start, span.len()),
        );
        let secondary = self.diagnostic.labels.iter().map(|label| {
            LabeledSpan::new_with_span(
                Some(label.message.clone()),
                (label.span.start, label.span.len()),
            )
        });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme {
            characters: ThemeCharacters::unicode(),
            styles: ThemeStyles::ansi(),
        }
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_context_lines(1)
        .without_syntax_highlighting()
}

/// The frames of one file's diagnostics, rendered while its text is at hand.
pub fn frames(path: &str, text: &str, diagnostics: &[Diagnostic], style: Style) -> String {
    let handler = handler(style);
    let source = NamedSource::new(path, text.to_string());
    let mut out = String::new();
    for diagnostic in diagnostics {
        let shown = Shown {
            diagnostic,
            source: &source,
            has_source: !text.is_empty() || diagnostic.span.is_empty(),
        };
        if handler.render_report(&mut out, &shown).is_err() {
            // A frame that cannot be drawn still gets its message.
            out.push_str(&format!("{}: {}\n", diagnostic.rule, diagnostic.message));
        }
        out.push('\n');
    }
    out
}
