//! The approximations behind the build script's "parts" (see `patterns.rs`), in a file of
//! their own so that the crate can use them too (`rules::approximate`, by `#[path]`): the
//! gate compiles the rules' questions approximated (`rules::gate`), and tests hold them to
//! their promise, that an approximation matches wherever the pattern does.

use regex_syntax::hir::{Capture, Class, ClassBytes, ClassBytesRange, Hir, HirKind, Repetition};

/// A class with at most this many non-ASCII characters (as `(?i)s` has `ſ`) is kept exact.
const KEEP_NON_ASCII: u32 = 8;
/// A bounded repetition wider than this is made unbounded.
const RELAX_ABOVE: u32 = 3;

/// The alternatives of `hir`, which match between them where it does: those of its top
/// alternation, with what the parser factored out of them (`\b(?:a|b)` → `\ba`, `\bb`).
pub fn alternatives(hir: &Hir) -> Vec<Hir> {
    match hir.kind() {
        HirKind::Alternation(items) => items.clone(),
        HirKind::Capture(capture) => alternatives(&capture.sub),
        HirKind::Concat(items) => {
            let Some(at) = items.iter().position(|item| alternatives(item).len() > 1) else {
                return vec![hir.clone()];
            };
            alternatives(&items[at])
                .into_iter()
                .map(|branch| {
                    let mut concat = items[..at].to_vec();
                    concat.push(branch);
                    concat.extend_from_slice(&items[at + 1..]);
                    Hir::concat(concat)
                })
                .collect()
        }
        _ => vec![hir.clone()],
    }
}

/// How many non-ASCII characters `class` has.
fn non_ascii(class: &regex_syntax::hir::ClassUnicode) -> u32 {
    class
        .ranges()
        .iter()
        .filter(|range| !range.end().is_ascii())
        .map(|range| u32::from(range.end()) - u32::from(range.start().max('\u{80}')) + 1)
        .sum()
}

/// `hir` approximated: each bounded repetition wider than [`RELAX_ABOVE`] made unbounded,
/// and each class with more than [`KEEP_NON_ASCII`] non-ASCII characters made its ASCII part
/// or any run of non-ASCII bytes. It matches wherever `hir` does; its DFA is a fraction of the size.
pub fn approximate(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) if non_ascii(class) > KEEP_NON_ASCII => {
            // One character of the class: one of its ASCII characters, or a run of non-ASCII
            // bytes (as long as the character's UTF-8 is).
            let ascii: Vec<ClassBytesRange> = class
                .ranges()
                .iter()
                .filter(|range| range.start().is_ascii())
                .map(|range| {
                    ClassBytesRange::new(range.start() as u8, range.end().min('\x7f') as u8)
                })
                .collect();
            let non_ascii = Hir::repetition(Repetition {
                min: 1,
                max: None,
                greedy: true,
                sub: Box::new(Hir::class(Class::Bytes(ClassBytes::new([
                    ClassBytesRange::new(0x80, 0xff),
                ])))),
            });
            if ascii.is_empty() {
                non_ascii
            } else {
                Hir::alternation(vec![
                    Hir::class(Class::Bytes(ClassBytes::new(ascii))),
                    non_ascii,
                ])
            }
        }
        HirKind::Repetition(repetition) => {
            let wide = repetition
                .max
                .is_some_and(|max| max - repetition.min > RELAX_ABOVE);
            Hir::repetition(Repetition {
                min: repetition.min,
                max: if wide { None } else { repetition.max },
                greedy: repetition.greedy,
                sub: Box::new(approximate(&repetition.sub)),
            })
        }
        _ => map_parts(hir, approximate),
    }
}

/// `hir` with `f` applied to each of its parts: the items of a concatenation or an
/// alternation, what a repetition repeats, what a group holds. Anything else is `hir` as it
/// is. How a rewrite of patterns walks them (the gate's `without_anchors` too).
pub fn map_parts(hir: &Hir, f: impl Fn(&Hir) -> Hir) -> Hir {
    match hir.kind() {
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            min: repetition.min,
            max: repetition.max,
            greedy: repetition.greedy,
            sub: Box::new(f(&repetition.sub)),
        }),
        HirKind::Concat(items) => Hir::concat(items.iter().map(&f).collect()),
        HirKind::Alternation(items) => Hir::alternation(items.iter().map(&f).collect()),
        HirKind::Capture(capture) => Hir::capture(Capture {
            index: capture.index,
            name: capture.name.clone(),
            sub: Box::new(f(&capture.sub)),
        }),
        _ => hir.clone(),
    }
}
