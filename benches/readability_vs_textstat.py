#!/usr/bin/env python3
"""Compare healthlint's `readability` grades with textstat's Flesch-Kincaid grades.

Unpacks the NHS condition pages (../shared/corpora/nhs-betahealth.tar.gz) into a temporary
folder, has healthlint report every page's grade (`--select readability` with `max_grade: 0`,
so each graded page gives one diagnostic), computes textstat 0.7.3's `flesch_kincaid_grade`
on the same prose, and prints each page and the share of pages within one grade.

Setup (textstat 0.7.3: later versions download a dictionary at run time):

    python3 -m venv /tmp/textstat-venv
    /tmp/textstat-venv/bin/pip install textstat==0.7.3 markdown-it-py
    cargo build
    /tmp/textstat-venv/bin/python benches/readability_vs_textstat.py

"The same prose" is the rule's prose (rules/readability.md), rebuilt here from a CommonMark
parse (markdown-it-py, like pulldown-cmark a CommonMark parser): paragraphs and list items,
with link and emphasis text; headings, tables, code, HTML, images and bare URLs left out.
The approximations:

- The rule ends a sentence at the end of every paragraph and list item; textstat only at
  `.`, `!` or `?`. So each block is given to textstat with a full stop added when it has no
  closing mark, and blocks are joined by new lines.
- Everything else is textstat's own: it splits sentences at every `.`, `!`, `?` (even in
  "e.g." or "2.5"; fragments of one or two words are not counted, as in the rule), counts
  words after deleting all punctuation, and counts syllables as pyphen's en_US hyphenation
  points plus one. It rounds words per sentence and syllables per word to one decimal place
  before the formula, which alone moves its grade by up to 0.6.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

try:
    import textstat
    from markdown_it import MarkdownIt
except ImportError as error:  # pragma: no cover - a setup problem, said plainly
    sys.exit(f"{error}: pip install textstat==0.7.3 markdown-it-py (see this file's docstring)")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "nhs-betahealth.tar.gz"
URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]]+")
CLOSED = re.compile(r"[.!?][\"')\]\u201d\u2019]*$")
GRADE = re.compile(r"grade (-?\d+(?:\.\d+)?)")


def front_matter_end(text: str) -> int:
    """Where the body starts: after a `---` ... `---`/`...` block at the very start."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return 0
    offset = len(lines[0])
    for line in lines[1:]:
        offset += len(line)
        if line.strip() in ("---", "..."):
            return offset
    return 0


def inline_text(token) -> str:
    """The readable text of an inline token: no code, HTML, images or autolinks."""
    out = []
    skip = 0
    for child in token.children or []:
        if child.type == "link_open" and child.markup == "autolink":
            skip += 1
        elif child.type == "link_close" and skip:
            skip -= 1
        elif skip:
            continue
        elif child.type == "text":
            out.append(URL.sub(" ", child.content))
        elif child.type in ("softbreak", "hardbreak", "code_inline"):
            out.append(" ")
    return "".join(out)


def prose_blocks(markdown: str) -> list[str]:
    """The rule's blocks: paragraphs and list items outside headings and tables."""
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    blocks = []
    in_heading = in_table = 0
    for token in parser.parse(markdown):
        if token.type == "heading_open":
            in_heading += 1
        elif token.type == "heading_close":
            in_heading -= 1
        elif token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        elif token.type == "inline" and not in_heading and not in_table:
            text = " ".join(inline_text(token).split())
            if text:
                blocks.append(text)
    return blocks


def textstat_input(blocks: list[str]) -> str:
    return "\n".join(block if CLOSED.search(block) else block + "." for block in blocks)


def healthlint_grades(binary: Path, folder: Path, min_words: int) -> dict[str, float]:
    config = folder / "grades.yaml"
    config.write_text(
        f"rules:\n  readability:\n    severity: info\n    max_grade: 0\n    min_words: {min_words}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(binary), "check", str(folder / "assembled"), "--config", str(config),
         "--select", "readability", "--format", "json", "--fail-on", "error"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode not in (0, 1):
        sys.exit(f"healthlint failed ({result.returncode}): {result.stderr}")
    grades = {}
    for diagnostic in json.loads(result.stdout)["diagnostics"]:
        match = GRADE.search(diagnostic["message"])
        if diagnostic["rule"] == "readability" and match:
            grades[Path(diagnostic["path"]).name] = float(match.group(1))
    return grades


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--binary", type=Path, help="healthlint to run (default: the release build, else the debug build)")
    arguments.add_argument("--corpus", type=Path, default=CORPUS)
    arguments.add_argument("--min-words", type=int, default=100, help="the rule's min_words (default 100, as shipped)")
    arguments.add_argument("--quiet", action="store_true", help="print only the summary")
    arguments.add_argument(
        "--unrounded", action="store_true",
        help="turn off textstat's rounding of the averages (textstat.set_rounding(False))",
    )
    options = arguments.parse_args()
    binary = options.binary or next(
        (
            path
            for profile in ("release", "debug")
            # .cargo/config.toml builds for the host by name, into target/<host tuple>/.
            for path in sorted((ROOT / "target").glob(f"*/{profile}/healthlint")) + [ROOT / "target" / profile / "healthlint"]
            if path.exists()
        ),
        None,
    )
    if binary is None:
        sys.exit("no healthlint binary: run `cargo build` first, or pass --binary")
    if not options.corpus.exists():
        sys.exit(f"no corpus at {options.corpus}")
    if options.unrounded:
        textstat.set_rounding(False)

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        with tarfile.open(options.corpus) as archive:
            archive.extractall(folder, filter="data")
        ours = healthlint_grades(binary, folder, options.min_words)
        rows = []
        for page in sorted((folder / "assembled").glob("*.md")):
            if page.name not in ours:
                continue  # fewer than min_words words of prose: not graded
            text = page.read_text(encoding="utf-8")
            theirs = textstat.flesch_kincaid_grade(textstat_input(prose_blocks(text[front_matter_end(text):])))
            rows.append((page.name, ours[page.name], theirs))

    within = sum(1 for _, ours_grade, theirs in rows if abs(ours_grade - theirs) <= 1.0)
    if not options.quiet:
        print(f"{'page':60} {'healthlint':>10} {'textstat':>9} {'diff':>6}")
        for name, ours_grade, theirs in rows:
            flag = "" if abs(ours_grade - theirs) <= 1.0 else "  <- more than one grade apart"
            print(f"{name:60} {ours_grade:10.1f} {theirs:9.1f} {ours_grade - theirs:+6.1f}{flag}")
    mean = sum(ours_grade - theirs for _, ours_grade, theirs in rows) / max(len(rows), 1)
    print(
        f"{within} of {len(rows)} pages within one grade ({100 * within / max(len(rows), 1):.1f}%); "
        f"mean difference {mean:+.2f} (healthlint minus textstat"
        f"{', unrounded' if options.unrounded else ''})"
    )
    return 0 if rows and within / len(rows) >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
