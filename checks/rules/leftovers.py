"""Leftovers (HL8xx): what a scraped or pasted web page leaves in an article.

An article copied from a web page brings the page with it: the comment form ("Leave a Reply",
"Your email address will not be published"), share and subscribe prompts, breadcrumbs, the post's
date and category line, cookie notices, comment counts, a blogger's "PS: if you liked this", and
the markers a clipboard or an editor leaves in the source (``<!-- StartFragment -->``,
``<!-- wp:paragraph -->``). The seed article of this project ends with a comment form. Exported,
they are published as part of the article. HL801 reports each such line; the list is data
(checks/data/furniture.toml), a pattern must match a whole line, so a phrase inside a sentence
is never furniture.

A paste also repeats itself: the seed article gives its title twice and a related-post line
twice (once with a stray "from"). HL802 reports a line or paragraph of prose that repeats an
earlier one, with the line of the first, so the writer deletes the copy, not the original.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from healthlint.core.families import declared, family_codes
from healthlint.core.findings import Finding
from healthlint.engine.checks import Context, check
from healthlint.parse.document import Document, Prose
from healthlint.text.furniture import furniture_comment, furniture_line

PAGE_FURNITURE = declared("HL801")
DUPLICATE_TEXT = declared("HL802")

MIN_REPEAT_WORDS = 5  # shorter lines ("Call 999.", "See a GP") may repeat on purpose
MAX_EXTRA_WORDS = 2   # "X?" then "X? from": a copy with a scrap of the next element
MAX_GAP = 2  # prose lines between the first and its copy: a paste repeats what is beside it
_PROSE_LINES = "leftovers.prose_lines"  # key of Document.derived


@dataclass(frozen=True)
class Line:
    """One source line of a prose block: its text (as read) and where it is in the block."""

    number: int
    index: int  # the how-manieth prose line of the document, from 0
    text: str
    block: Prose
    start: int
    end: int

    def span(self) -> tuple[int, int]:
        return self.block.span(self.start, self.end)


def prose_lines(doc: Document) -> list[Line]:
    """Every source line of every paragraph, heading and list item, in order (worked out once
    per Document: both rules read them). A paragraph's soft line breaks are spaces in its
    text; its characters' offsets say which line they are on."""
    found = doc.derived.get(_PROSE_LINES)
    if found is None:
        found = []
        for block in doc.blocks:
            if block.kind not in ("paragraph", "heading") or not block.text.strip():
                continue
            for number, begin, index in _line_runs(doc.line_starts, block):
                piece = block.text[begin:index]
                if piece.strip():
                    start = begin + len(piece) - len(piece.lstrip())
                    end = begin + len(piece.rstrip())
                    found.append(Line(number, len(found), block.text[start:end], block, start,
                                      end))
        doc.derived[_PROSE_LINES] = found
    return found


def _line_runs(line_starts: list[int], block: Prose) -> Iterator[tuple[int, int, int]]:
    """``(line number, begin, end)`` of each run of the block's characters on one source line.
    Offsets in order (nearly always) are cut where each line starts; else each character's
    line is looked up."""
    offsets = block.offsets[:len(block.text)]
    if not offsets.ascending():
        numbers = [bisect.bisect_right(line_starts, offset) for offset in offsets]
        begin = 0
        for number, run in itertools.groupby(numbers):
            end = begin + sum(1 for _ in run)
            yield number, begin, end
            begin = end
        return
    cuts = [0]
    first = bisect.bisect_right(line_starts, offsets[0])
    for number in range(first + 1, bisect.bisect_right(line_starts, offsets[-1]) + 1):
        cut = bisect.bisect_left(offsets, line_starts[number - 1])
        if cut > cuts[-1]:
            cuts.append(cut)
    cuts.append(len(offsets))
    for begin, end in itertools.pairwise(cuts):
        yield bisect.bisect_right(line_starts, offsets[begin]), begin, end


@check("leftovers", rules=family_codes("HL8"))
def check_leftovers(doc: Document, ctx: Context) -> Iterator[Finding]:
    yield from page_furniture(doc, ctx)
    yield from duplicate_text(doc, ctx)


# ---- HL801 ------------------------------------------------------------------------------
def page_furniture(doc: Document, ctx: Context) -> Iterator[Finding]:
    for line in prose_lines(doc):
        kind = furniture_line(line.text)
        if kind is not None:
            yield ctx.finding(
                PAGE_FURNITURE, *line.span(),
                f"“{line.text}” is {kind.what} left from a web page, not part of the article: "
                "it would be published as if the article said it",
                suggestion="delete the line")
    for comment in doc.comments:
        kind = furniture_comment(comment.text)
        if kind is not None:
            yield ctx.finding(PAGE_FURNITURE, comment.start, comment.end,
                              f"“<!--{comment.text}-->” is {kind.what}, not the writer's",
                              suggestion="delete the comment")


# ---- HL802 ------------------------------------------------------------------------------
@lru_cache(maxsize=256)  # the latest lines: after a pass of fixes most are as they were
def words_of(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[\w’']+", text.casefold()))


def duplicate_text(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A line repeated, in the same section and within ``MAX_GAP`` prose lines of the first
    (a complete sentence may be repeated with a scrap of up to two words after it); a run of
    repeated lines (a paragraph) is one finding, at its first line. Farther apart, health
    pages repeat a sentence on purpose (a key-points list, the same advice for two tests)."""
    firsts: dict[tuple[str, ...], Line] = {}
    runs: list[list[tuple[Line, Line]]] = []  # (copy, first) pairs on consecutive lines
    for line in prose_lines(doc):
        words = words_of(line.text)
        first = firsts.get(words) if len(words) >= MIN_REPEAT_WORDS else None
        for n in range(len(words) - 1, len(words) - MAX_EXTRA_WORDS - 1, -1):
            if first is not None or n < MIN_REPEAT_WORDS:
                break
            candidate = firsts.get(words[:n])
            if candidate is not None and candidate.text.endswith((".", "?", "!")):
                first = candidate
        if first is None or line.block.section is not first.block.section:
            firsts.setdefault(words, line)
            continue
        last = runs[-1][-1] if runs else None
        if last is not None and last[0].index + 1 == line.index \
                and last[1].index + 1 == first.index:
            runs[-1].append((line, first))
        else:
            runs.append([(line, first)])
    for run in runs:
        (line, first), (end, end_first) = run[0], run[-1]
        if line.index - end_first.index - 1 > MAX_GAP:
            continue
        if len(run) > 1:
            message = (f"lines {line.number}-{end.number} repeat lines "
                       f"{first.number}-{end_first.number}")
            keep = f"lines {first.number}-{end_first.number}"
        else:
            added = words_of(line.text) != words_of(first.text)
            message = f"this line repeats line {first.number}" + (
                f" (“{first.text}”) with words added" if added else "")
            keep = f"line {first.number}"
        start, _ = line.span()
        _, stop = end.span()
        yield ctx.finding(DUPLICATE_TEXT, start, stop,
                          f"{message}: a copy left by a paste or an edit",
                          suggestion=f"delete the copy and keep {keep}")
