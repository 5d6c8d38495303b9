//! The Markdown body read once with pulldown-cmark: sections, text blocks, list items, links,
//! HTML comments, and the prose (the words a reader reads) with a map back to source bytes.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use wide::u8x16;

use super::words;
use crate::diagnostic::Span;

/// A heading and what follows it up to the next heading of the same or a higher level.
#[derive(Clone, Debug)]
pub struct Section {
    pub title: String,
    pub level: u8,
    pub heading: Span,
    /// From the end of the heading to the start of the next heading of level ≤ this one.
    pub content: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    /// Text directly in a list item (a tight list).
    ListItem,
    TableCell,
}

/// A leaf block of text and where its prose lies in [`Prose::text`].
#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
    pub prose: Range<usize>,
}

/// A block at the top level of the body (not inside a list or quote), for "is it last?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TopBlock {
    pub span: Span,
    pub is_html: bool,
}

#[derive(Clone, Debug)]
pub struct ListItem {
    pub span: Span,
    /// 1 for an item of a top-level list, 2 for one nested in it, and so on.
    pub depth: usize,
}

#[derive(Clone, Debug)]
pub struct Link {
    pub destination: String,
    pub span: Span,
    /// Source span of the link text (between the brackets).
    pub text_span: Span,
}

#[derive(Clone, Debug)]
pub struct HtmlComment {
    pub span: Span,
    /// The text between `<!--` and `-->`, trimmed.
    pub text: String,
}

/// The body's readable text: blocks separated by blank lines, code, HTML, images and URLs
/// left out, and a map from every position back to a source byte offset.
#[derive(Clone, Debug, Default)]
pub struct Prose {
    pub text: String,
    segments: Vec<Segment>,
}

/// A run of prose that came from one source range. When `exact`, the prose is a verbatim copy
/// of the source and positions map one to one; otherwise (entities, escapes) the whole run
/// maps to the whole range.
#[derive(Clone, Copy, Debug)]
struct Segment {
    prose_start: usize,
    prose_end: usize,
    source: Span,
    exact: bool,
}

impl Prose {
    fn push(&mut self, piece: &str, source: Span, exact: bool) {
        if piece.is_empty() {
            return;
        }
        let prose_start = self.text.len();
        self.text.push_str(piece);
        self.segments.push(Segment {
            prose_start,
            prose_end: self.text.len(),
            source,
            exact,
        });
    }

    /// A separator that belongs to no source text.
    fn push_gap(&mut self, gap: &str) {
        self.text.push_str(gap);
    }

    /// The source span of a range of prose.
    pub fn source_span(&self, range: Range<usize>) -> Span {
        if range.is_empty() {
            let at = self.source_offset(range.start, false);
            return Span::point(at);
        }
        Span::new(
            self.source_offset(range.start, false),
            self.source_offset(range.end, true),
        )
    }

    fn source_offset(&self, at: usize, is_end: bool) -> usize {
        if self.segments.is_empty() {
            return 0;
        }
        // The segment holding `at` (for an end, the one holding the character before it).
        let probe = if is_end { at.saturating_sub(1) } else { at };
        let index = match self
            .segments
            .binary_search_by(|segment| segment.prose_start.cmp(&probe))
        {
            Ok(found) => found,
            Err(0) => return self.segments[0].source.start,
            Err(next) => next - 1,
        };
        let segment = self.segments[index];
        if probe >= segment.prose_end {
            // In a gap after this segment.
            return segment.source.end;
        }
        if segment.exact {
            (segment.source.start + (at - segment.prose_start)).min(segment.source.end)
        } else if is_end {
            segment.source.end
        } else {
            segment.source.start
        }
    }
}

/// Everything the rules need from the body, from one pass of the parser.
#[derive(Clone, Debug, Default)]
pub struct Body {
    pub sections: Vec<Section>,
    pub blocks: Vec<Block>,
    pub top_blocks: Vec<TopBlock>,
    pub list_items: Vec<ListItem>,
    pub links: Vec<Link>,
    /// Footnote references (`[^1]`) to a footnote the body defines, in source order: the
    /// parser reads a reference to an undefined footnote, or one in code, as text.
    pub footnote_references: Vec<Span>,
    pub comments: Vec<HtmlComment>,
    pub prose: Prose,
}

/// The bare URLs of `text`, as byte ranges: `http://`, `https://` or `www.` (in any case)
/// at the start of a word, and every character after it up to white space or one of
/// `<>()[]`. (The regex `(?i)\b(?:https?://|www\.)[^\s<>()\[\]]+`, scanned by hand: compiling
/// that regex cost a tenth of checking one article. Its case folding is Unicode's, under
/// which the long s, `ſ`, is an `s`; so it is here.)
fn bare_urls(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    // Where a prefix can start, in order: before a `://` (`http`, `https`, `httpſ`) and
    // three bytes before a `.` (`www`), found from the `:` and the `.` after a `w` (`marks`),
    // much faster than testing every `h` and `w` of the prose. A scheme's letters hold no
    // `.`, and `www` no `:`, so the starts come in the order of the bytes that find them.
    let mut starts = marks(bytes).filter_map(move |mark| {
        if bytes[mark] == b'.' {
            let start = mark.checked_sub(3)?;
            return bytes[start..mark]
                .iter()
                .all(|&byte| byte == b'w' || byte == b'W')
                .then_some(start);
        }
        if !bytes[mark..].starts_with(b"://") {
            return None;
        }
        [6, 5, 4].into_iter().find_map(|back| {
            let start = mark.checked_sub(back)?;
            let rest = text.get(start..)?;
            ["https://", "http://"]
                .into_iter()
                .any(|prefix| url_prefix(rest, prefix).is_some())
                .then_some(start)
        })
    });
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let start = starts.next()?;
            if start < at {
                continue;
            }
            let rest = &text[start..];
            let Some(prefix) = ["https://", "http://", "www."]
                .into_iter()
                .find_map(|prefix| url_prefix(rest, prefix))
            else {
                continue;
            };
            let after_word = text[..start]
                .chars()
                .next_back()
                .is_some_and(regex_syntax::is_word_character);
            if after_word {
                continue;
            }
            let tail = &rest[prefix..];
            let length = tail
                .find(|c: char| c.is_whitespace() || "<>()[]".contains(c))
                .unwrap_or(tail.len());
            if length == 0 {
                continue;
            }
            at = start + prefix + length;
            return Some(start..at);
        }
    })
}

struct OpenBlock {
    kind: BlockKind,
    start: usize,
    prose_start: usize,
}

/// Parses the body `text[start..]`; every span is an offset into `text`.
pub fn parse(text: &str, start: usize) -> Body {
    let body_text = &text[start..];
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    // Room for what a page of this size usually holds, so that the vectors seldom grow
    // (each growth is an allocation and a copy, for every file of a site): the prose is at
    // most the body, a segment or a block per 40 bytes or so.
    let mut body = Body {
        blocks: Vec::with_capacity(body_text.len() / 128 + 4),
        top_blocks: Vec::with_capacity(body_text.len() / 256 + 4),
        prose: Prose {
            text: String::with_capacity(body_text.len()),
            segments: Vec::with_capacity(body_text.len() / 48 + 4),
        },
        ..Body::default()
    };
    let mut open: Option<OpenBlock> = None;
    let mut headings: Vec<(u8, Span, String)> = Vec::new();
    let mut container_depth = 0usize;
    let mut list_depth = 0usize;
    let mut item_starts: Vec<(usize, usize)> = Vec::new();
    let mut skip_text = 0usize; // inside code blocks, images, autolinks
    let mut links: Vec<(String, usize, usize, bool)> = Vec::new();
    let mut html_ranges: Vec<Range<usize>> = Vec::new();

    let close_block = |open: &mut Option<OpenBlock>, body: &mut Body, end: usize| {
        if let Some(block) = open.take() {
            let prose = block.prose_start..body.prose.text.len();
            body.blocks.push(Block {
                kind: block.kind,
                span: Span::new(block.start, end),
                prose,
            });
            body.prose.push_gap("\n\n");
        }
    };

    for (event, range) in Parser::new_ext(body_text, options).into_offset_iter() {
        let span = Span::new(range.start + start, range.end + start);
        match event {
            Event::Start(tag) => {
                if container_depth == 0 && !matches!(tag, Tag::HtmlBlock) {
                    body.top_blocks.push(TopBlock {
                        span,
                        is_html: false,
                    });
                }
                match tag {
                    Tag::Paragraph | Tag::TableCell | Tag::Heading { .. } => {
                        // A paragraph inside a list item ends the item's own loose text.
                        close_block(&mut open, &mut body, span.start);
                        let kind = match tag {
                            Tag::Heading { level, .. } => BlockKind::Heading(level as u8),
                            Tag::TableCell => BlockKind::TableCell,
                            _ => BlockKind::Paragraph,
                        };
                        open = Some(OpenBlock {
                            kind,
                            start: span.start,
                            prose_start: body.prose.text.len(),
                        });
                    }
                    Tag::Item => {
                        close_block(&mut open, &mut body, span.start);
                        item_starts.push((span.start, list_depth));
                        body.list_items.push(ListItem {
                            span,
                            depth: list_depth,
                        });
                    }
                    Tag::List(_) => {
                        close_block(&mut open, &mut body, span.start);
                        list_depth += 1;
                    }
                    Tag::CodeBlock(_) | Tag::Image { .. } | Tag::MetadataBlock(_) => skip_text += 1,
                    Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    } => {
                        let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                        if auto {
                            skip_text += 1;
                        }
                        links.push((dest_url.to_string(), span.start, span.end, auto));
                    }
                    Tag::HtmlBlock if container_depth == 0 => {
                        body.top_blocks.push(TopBlock {
                            span,
                            is_html: true,
                        });
                    }
                    _ => {}
                }
                container_depth += 1;
            }
            Event::End(tag_end) => {
                container_depth = container_depth.saturating_sub(1);
                match tag_end {
                    TagEnd::Paragraph | TagEnd::TableCell => {
                        close_block(&mut open, &mut body, span.end)
                    }
                    TagEnd::Heading(level) => {
                        let title_range = open
                            .as_ref()
                            .map(|block| block.prose_start..body.prose.text.len());
                        let title = title_range
                            .map(|range| body.prose.text[range].trim().to_string())
                            .unwrap_or_default();
                        headings.push((level as u8, span, title));
                        close_block(&mut open, &mut body, span.end);
                    }
                    TagEnd::Item => {
                        close_block(&mut open, &mut body, span.end);
                        item_starts.pop();
                    }
                    TagEnd::List(_) => {
                        close_block(&mut open, &mut body, span.end);
                        list_depth = list_depth.saturating_sub(1);
                    }
                    TagEnd::CodeBlock | TagEnd::Image | TagEnd::MetadataBlock(_) => {
                        skip_text = skip_text.saturating_sub(1)
                    }
                    TagEnd::Link => {
                        if let Some((destination, link_start, _, auto)) = links.pop() {
                            if auto {
                                skip_text = skip_text.saturating_sub(1);
                            }
                            let text_span = link_text_span(text, link_start, span.end);
                            body.links.push(Link {
                                destination,
                                span: Span::new(link_start, span.end),
                                text_span,
                            });
                        }
                    }
                    _ => {}
                }
                if container_depth == 0
                    && let Some(last) = body.top_blocks.last_mut()
                {
                    last.span = Span::new(last.span.start, span.end.max(last.span.end));
                }
            }
            Event::Text(content) => {
                if skip_text > 0 {
                    continue;
                }
                if open.is_none() {
                    if item_starts.is_empty() {
                        continue;
                    }
                    open = Some(OpenBlock {
                        kind: BlockKind::ListItem,
                        start: span.start,
                        prose_start: body.prose.text.len(),
                    });
                }
                push_text(&mut body.prose, text, span, &content);
            }
            // Code is not read as prose, but it still separates the words around it.
            Event::FootnoteReference(_) => body.footnote_references.push(span),
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) if open.is_some() => {
                body.prose.push(" ", Span::point(span.start), false);
            }
            Event::SoftBreak | Event::HardBreak if open.is_some() => {
                body.prose.push(" ", span, false);
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                match html_ranges.last_mut() {
                    Some(last) if last.end == span.start => last.end = span.end,
                    _ => html_ranges.push(span.range()),
                }
                if container_depth == 0 {
                    body.top_blocks.push(TopBlock {
                        span,
                        is_html: true,
                    });
                }
            }
            _ => {}
        }
    }
    close_block(&mut open, &mut body, text.len());
    body.comments = find_comments(text, &html_ranges);
    body.sections = sections(headings, text.len());
    body.links.sort_by_key(|link| link.span.start);
    body
}

/// Adds a text event to the prose, leaving out bare URLs.
fn push_text(prose: &mut Prose, text: &str, span: Span, content: &str) {
    // Most text is borrowed from its own place in the source; only the rest is compared.
    let exact = text.get(span.range()).is_some_and(|source| {
        std::ptr::eq(source.as_ptr(), content.as_ptr()) && source.len() == content.len()
            || source == content
    });
    if !exact {
        prose.push(content, span, false);
        return;
    }
    let mut last = 0;
    for url in bare_urls(content) {
        prose.push(
            &content[last..url.start],
            Span::new(span.start + last, span.start + url.start),
            true,
        );
        prose.push(
            " ",
            Span::new(span.start + url.start, span.start + url.end),
            false,
        );
        last = url.end;
    }
    prose.push(
        &content[last..],
        Span::new(span.start + last, span.end),
        true,
    );
}

/// The offsets of every `:` of `bytes`, and of every `.` after a `w` or `W`, in order: where
/// a URL's prefix may end. Found sixteen bytes at a time with SIMD comparisons (`wide`), not
/// a search per mark: the prose has a `.` at every sentence's end, and most text events are
/// short, so a search's cost per call was what the prose paid.
fn marks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut chunks = bytes.chunks(16).enumerate();
    // The marks of the current sixteen bytes not yet given, and where they start.
    let (mut pending, mut base) = (0u32, 0usize);
    // Whether the byte before the current sixteen is a `w` or `W`.
    let mut after_w = 0u32;
    std::iter::from_fn(move || {
        while pending == 0 {
            let (index, sixteen) = chunks.next()?;
            let lanes = u8x16::from(words::sixteen_or_padded(sixteen));
            let is = |byte: u8| lanes.simd_eq(u8x16::splat(byte)).to_bitmask();
            let w = (lanes | u8x16::splat(0x20))
                .simd_eq(u8x16::splat(b'w'))
                .to_bitmask();
            pending = is(b':') | is(b'.') & (w << 1 | after_w);
            after_w = w >> 15 & 1;
            base = 16 * index;
        }
        let mark = base + pending.trailing_zeros() as usize;
        pending &= pending - 1;
        Some(mark)
    })
}

/// The length in bytes of `prefix` at the start of `text`, in any case (`ſ` for `s`).
fn url_prefix(text: &str, prefix: &str) -> Option<usize> {
    let mut chars = text.char_indices();
    for wanted in prefix.chars() {
        let (_, c) = chars.next()?;
        if !(c.eq_ignore_ascii_case(&wanted) || (wanted == 's' && c == 'ſ')) {
            return None;
        }
    }
    Some(chars.next().map_or(text.len(), |(at, _)| at))
}

/// The span between a link's `[` and `]`, or the whole link when it has no brackets.
fn link_text_span(text: &str, start: usize, end: usize) -> Span {
    let source = &text[start..end];
    if source.starts_with('[')
        && let Some(close) = source.rfind("](")
    {
        return Span::new(start + 1, start + close);
    }
    Span::new(start, end)
}

fn find_comments(text: &str, html_ranges: &[Range<usize>]) -> Vec<HtmlComment> {
    let mut comments = Vec::new();
    for range in html_ranges {
        let html = &text[range.clone()];
        let mut at = 0;
        while let Some(open) = html[at..].find("<!--") {
            let open = at + open;
            let Some(close) = html[open + 4..].find("-->") else {
                break;
            };
            let close = open + 4 + close;
            comments.push(HtmlComment {
                span: Span::new(range.start + open, range.start + close + 3),
                text: html[open + 4..close].trim().to_string(),
            });
            at = close + 3;
        }
    }
    comments
}

fn sections(headings: Vec<(u8, Span, String)>, end: usize) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::with_capacity(headings.len());
    for (index, (level, heading, title)) in headings.iter().enumerate() {
        let content_end = headings[index + 1..]
            .iter()
            .find(|(other, _, _)| other <= level)
            .map_or(end, |(_, span, _)| span.start);
        sections.push(Section {
            title: title.clone(),
            level: *level,
            heading: trim_heading(*heading),
            content: Span::new(heading.end, content_end.max(heading.end)),
        });
    }
    sections
}

/// pulldown-cmark's heading range includes the line ending of an ATX heading; the span
/// shown to people stops at the text.
fn trim_heading(span: Span) -> Span {
    span
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`bare_urls`] stands for.
    fn by_regex(text: &str) -> Vec<Range<usize>> {
        let url = regex::Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]]+").unwrap();
        url.find_iter(text).map(|found| found.range()).collect()
    }

    #[test]
    fn bare_urls_are_what_the_regex_finds() {
        for text in [
            "see https://www.nhs.uk/conditions/ or www.nhs.uk.",
            "HTTPS://X.Y HTTP://a Www.b wwwx.y xhttp://no _www.no éhttp://no",
            "(https://a.b/c) <http://d> [www.e]f https:// http:// www. https://x",
            "«www.nhs.uk» —https://a\u{a0}b http://a\tb https://https://x",
            "httpſ://x HTTPſ://y httpſ:// ſhttp://no",
            "",
            "h",
            "www.www.www",
        ] {
            let found: Vec<Range<usize>> = bare_urls(text).collect();
            assert_eq!(found, by_regex(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn bare_urls_agree_with_the_regex(text in "(https?://|HTTPS?://|httpſ://|[wW]ww\\.|www|x|é|_|[ (\\]<.:/]|\u{a0}|ſ){0,12}") {
            let found: Vec<Range<usize>> = bare_urls(&text).collect();
            proptest::prop_assert_eq!(found, by_regex(&text));
        }
    }

    /// What [`marks`] stands for, a byte at a time.
    fn marks_bytes(bytes: &[u8]) -> Vec<usize> {
        (0..bytes.len())
            .filter(|&at| {
                bytes[at] == b':'
                    || bytes[at] == b'.' && at > 0 && matches!(bytes[at - 1], b'w' | b'W')
            })
            .collect()
    }

    #[test]
    fn marks_cross_the_sixteen_byte_edges() {
        for shift in 0..40 {
            let text = format!("{}w.W.x.:w:.ww. wW.", "a".repeat(shift));
            let found: Vec<usize> = marks(text.as_bytes()).collect();
            assert_eq!(found, marks_bytes(text.as_bytes()), "{text:?}");
        }
        assert_eq!(marks(b"").count(), 0);
        assert_eq!(marks(b".").count(), 0, "no w before it");
    }

    proptest::proptest! {
        #[test]
        fn marks_are_those_of_a_byte_at_a_time(text in "([wW.:x ]|ww\\.|é){0,80}") {
            let found: Vec<usize> = marks(text.as_bytes()).collect();
            proptest::prop_assert_eq!(found, marks_bytes(text.as_bytes()));
        }
    }

    fn prose_of(body: &Body, block: &Block) -> String {
        body.prose.text[block.prose.clone()].to_string()
    }

    #[test]
    fn blocks_are_in_source_order() {
        let text = "# A\n\n> quote\n> - item\n>   1. deep\n>\n>      loose\n\n| a | b |\n|---|---|\n| c | d |\n\n- x\n\n  para[^1]\n  - y\n\n[^1]: note\n\n    more\n\nEnd.\n";
        let body = parse(text, 0);
        assert!(body.blocks.len() > 8);
        assert!(
            body.blocks
                .windows(2)
                .all(|pair| pair[0].span.start <= pair[1].span.start)
        );
    }

    #[test]
    fn footnote_references_are_those_to_defined_footnotes_outside_code() {
        let text = "A[^1] b[^gone] `[^1]`.\n\n```\n[^1]\n```\n\n[^1]: The source.\n";
        let body = parse(text, 0);
        let shown: Vec<&str> = body
            .footnote_references
            .iter()
            .map(|span| &text[span.range()])
            .collect();
        assert_eq!(shown, ["[^1]"]);
        assert_eq!(body.footnote_references[0].start, 1);
    }

    #[test]
    fn prose_leaves_out_code_html_images_and_urls() {
        let text = "# Title\n\nRead `code` and <b>bold</b> ![alt text](x.png) at https://nhs.uk/x now.\n\n```\nfenced code\n```\n";
        let body = parse(text, 0);
        let words: Vec<_> = body.prose.text.split_whitespace().collect();
        assert_eq!(words, ["Title", "Read", "and", "bold", "at", "now."]);
    }

    #[test]
    fn prose_maps_back_to_source() {
        let text = "Intro.\n\n- **Help line:** 023 8024 8725\n- second item\n";
        let body = parse(text, 0);
        let at = body.prose.text.find("023").unwrap();
        let span = body.prose.source_span(at..at + 13);
        assert_eq!(&text[span.range()], "023 8024 8725");
        assert_eq!(body.list_items.len(), 2);
        assert_eq!(body.blocks.len(), 3);
        assert_eq!(prose_of(&body, &body.blocks[1]), "Help line: 023 8024 8725");
    }

    #[test]
    fn sections_run_to_the_next_heading_of_their_level() {
        let text = "# A\n\none\n\n## B\n\ntwo\n\n### C\n\nthree\n\n## D\n\nfour\n";
        let body = parse(text, 0);
        let titles: Vec<_> = body.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["A", "B", "C", "D"]);
        let b = &body.sections[1];
        assert!(text[b.content.range()].contains("three"));
        assert!(!text[b.content.range()].contains("four"));
    }

    #[test]
    fn comments_and_links_are_found() {
        let text = "Call [023 8024 8725](tel:+442380248725).\n\n<!-- note -- why -->\n";
        let body = parse(text, 0);
        assert_eq!(body.links[0].destination, "tel:+442380248725");
        assert_eq!(&text[body.links[0].text_span.range()], "023 8024 8725");
        assert_eq!(body.comments[0].text, "note -- why");
        assert!(body.top_blocks.last().unwrap().is_html);
    }

    #[test]
    fn entities_map_to_their_whole_source() {
        let text = "Fish &amp; chips";
        let body = parse(text, 0);
        let at = body.prose.text.find('&').unwrap();
        assert_eq!(&text[body.prose.source_span(at..at + 1).range()], "&amp;");
    }
}
