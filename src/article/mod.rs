//! An [`Article`]: one file parsed once into front matter (with key and value spans), the
//! Markdown body (sections, blocks, prose with an offset map) and its word count. Rules read
//! these views and never parse the text again.

mod body;
mod front_matter;
mod lines;
pub mod words;

use std::cell::OnceCell;

pub use body::{Block, BlockKind, Body, HtmlComment, Link, ListItem, Prose, Section, TopBlock};
pub use front_matter::{FrontMatter, split as split_front_matter};
pub use lines::{LineIndex, Position, positions};

use crate::diagnostic::Span;
use crate::phone::{self, PhoneMention};
use crate::yaml::Entry;

/// Where an article's disclaimer is, and its prose (found by `rules::disclaimer`).
pub struct Disclaimer {
    pub span: Span,
    pub text: String,
    /// What diagnostics point at: the heading of a section, or the "Disclaimer:" label of a
    /// paragraph.
    pub shown: Span,
}

/// One article, parsed once.
pub struct Article<'a> {
    pub text: &'a str,
    pub front_matter: Option<FrontMatter>,
    /// Where the Markdown body starts (after the front matter).
    pub body_start: usize,
    pub body: Body,
    /// Words in the prose, counted at the first [`Article::word_count`].
    words: OnceCell<usize>,
    /// The disclaimer by the default markers, found at the first
    /// [`Article::default_disclaimer`].
    default_disclaimer: OnceCell<Option<Disclaimer>>,
    lines: OnceCell<LineIndex>,
    phones: OnceCell<Vec<PhoneMention>>,
}

impl<'a> Article<'a> {
    pub fn parse(text: &'a str) -> Article<'a> {
        let (front_matter, body_start) = front_matter::split(text);
        Article::with_body(text, front_matter, body_start)
    }

    /// `text` read as Markdown alone, with no front matter: for a rule that asks how a piece
    /// of Markdown it would add parses (the end of an article and a fix's text).
    pub fn body_only(text: &'a str) -> Article<'a> {
        Article::with_body(text, None, 0)
    }

    fn with_body(
        text: &'a str,
        front_matter: Option<FrontMatter>,
        body_start: usize,
    ) -> Article<'a> {
        let body = body::parse(text, body_start);
        Article {
            text,
            front_matter,
            body_start,
            body,
            words: OnceCell::new(),
            default_disclaimer: OnceCell::new(),
            lines: OnceCell::new(),
            phones: OnceCell::new(),
        }
    }

    /// The top-level front-matter fields, when the block is closed, valid and a mapping.
    pub fn fields(&self) -> Option<&[Entry]> {
        self.front_matter.as_ref().and_then(FrontMatter::fields)
    }

    /// The first field named `key`.
    pub fn field(&self, key: &str) -> Option<&Entry> {
        self.fields()?.iter().find(|entry| entry.key == key)
    }

    /// Words in the prose (see `rules/reading-time.md`), counted when first asked for: only
    /// an article that declares its reading time needs them (the count was a twentieth of the
    /// time of checking a tree of pages without front matter).
    pub fn word_count(&self) -> usize {
        *self
            .words
            .get_or_init(|| words::count(&self.body.prose.text))
    }

    /// The article's disclaimer by the default markers: `find` (`rules::disclaimer`'s search)
    /// runs at the first ask, and the rules after it get its answer.
    pub(crate) fn default_disclaimer(
        &self,
        find: impl FnOnce(&Article) -> Option<Disclaimer>,
    ) -> Option<&Disclaimer> {
        self.default_disclaimer.get_or_init(|| find(self)).as_ref()
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    pub fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.range()).unwrap_or("")
    }

    pub fn sections(&self) -> &[Section] {
        &self.body.sections
    }

    /// The prose of a block.
    pub fn block_text(&self, block: &Block) -> &str {
        &self.body.prose.text[block.prose.clone()]
    }

    /// The blocks whose source lies inside `span`. Blocks are in source order (the parser
    /// closes one before it opens the next), so the first is found by binary search.
    pub fn blocks_in(&self, span: Span) -> impl Iterator<Item = &Block> {
        let blocks = &self.body.blocks;
        let first = blocks.partition_point(|block| block.span.start < span.start);
        blocks[first..]
            .iter()
            .take_while(move |block| block.span.start <= span.end)
            .filter(move |block| span.contains(block.span))
    }

    /// The source span of a range of [`Prose::text`].
    pub fn prose_span(&self, range: std::ops::Range<usize>) -> Span {
        self.body.prose.source_span(range)
    }

    /// Every phone-number-like mention in the prose and the front matter, found on first use.
    pub fn phones(&self) -> &[PhoneMention] {
        self.phones.get_or_init(|| phone::mentions(self))
    }

    /// Where a missing thing at the end of the article goes: the end of its last text.
    pub fn end(&self) -> Span {
        let trimmed = self.text.trim_end().len().max(self.body_start);
        Span::point(trimmed)
    }

    /// Where a missing front-matter field is reported: the closing delimiter, or the start.
    pub fn front_matter_anchor(&self) -> Span {
        match &self.front_matter {
            Some(front) => front.close.unwrap_or(front.open),
            None => Span::point(0),
        }
    }
}

impl Article<'_> {
    /// `span` without the white space at either end.
    pub fn trimmed(&self, span: Span) -> Span {
        let text = self.slice(span);
        let start = span.start + (text.len() - text.trim_start().len());
        let end = span.start + text.trim_end().len();
        Span::new(start, end.max(start))
    }
}
