"""The parsed article: a Document of sections, prose blocks and sentences, every character of
prose with the source offset it came from (``healthlint.parse.document`` builds it)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from markdown_it.token import Token

from healthlint.core.findings import Edit, Finding, Fix, Rule
from healthlint.parse.offsets import Offsets
from healthlint.parse.sentences import split_sentences
from healthlint.text.folding import fold

WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_FOLDED_VIEW = "document.folded"  # key of Document.derived


@dataclass(frozen=True)
class Link:
    """A link of the body: its target, its text as the reader sees it, its line."""

    href: str
    text: str
    line: int
    section: Section | None = field(repr=False, compare=False)


@dataclass(frozen=True)
class Image:
    """An image of the body (its alt text is prose too, kind "alt_text")."""

    src: str
    alt: str
    line: int


@dataclass(frozen=True)
class Comment:
    """An HTML comment: its text and source offsets (suppressions are comments)."""

    text: str
    start: int
    end: int
    line: int


@dataclass(eq=False)
class Prose:
    """A run of prose (paragraph, heading or table cell) with the source offset of each char
    (and one past its end), kept as runs (``healthlint.parse.offsets``)."""

    kind: str
    text: str
    offsets: Offsets
    line: int
    section: Section | None = field(default=None, repr=False)
    in_list: bool = False
    in_blockquote: bool = False
    level: int = 0
    sentences: list[Sentence] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.offsets, Offsets):  # a plain list of ints, as tests write
            self.offsets = Offsets(self.offsets)

    def span(self, i: int = 0, j: int | None = None) -> tuple[int, int]:
        """Source offsets ``[start, end)`` of ``text[i:j]``."""
        return self.offsets.bounds(i, len(self.text) if j is None else j)

    @property
    def words(self) -> list[str]:
        return WORD_RE.findall(self.text)

    def folded(self) -> Prose:
        """This prose as words are matched (``healthlint.text.folding.fold``), itself when nothing
        folds; each folded character keeps the source offset of the character it came from."""
        text, index = fold(self.text)
        if index is None:
            return self
        offsets = self.offsets.take(index)
        offsets.append(self.offsets[-1])
        prose = Prose(self.kind, text, offsets, self.line, self.section,
                      self.in_list, self.in_blockquote, self.level)
        split_into_sentences(prose)
        return prose


@dataclass(eq=False)
class Sentence:
    text: str
    block: Prose = field(repr=False)
    start: int
    end: int

    def span(self, i: int = 0, j: int | None = None) -> tuple[int, int]:
        """Source offsets of ``text[i:j]`` (indices into this sentence's text)."""
        j = len(self.text) if j is None else j
        return self.block.span(self.start + i, self.start + j)

    @property
    def words(self) -> list[str]:
        return WORD_RE.findall(self.text)


@dataclass(eq=False)
class Section:
    title: str
    level: int
    line: int
    end_line: int
    heading: Prose = field(repr=False)
    parent: Section | None = field(default=None, repr=False)
    children: list[Section] = field(default_factory=list, repr=False)
    blocks: list[Prose] = field(default_factory=list, repr=False)
    links: list[Link] = field(default_factory=list, repr=False)
    footnote_refs: int = 0
    content_tokens: int = 0

    def all_blocks(self) -> Iterator[Prose]:
        """Prose of this section and of its subsections, without the headings."""
        yield from self.blocks
        for child in self.children:
            yield child.heading
            yield from child.all_blocks()


@dataclass(eq=False)
class Document:
    path: str
    text: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_matter_lines: dict[str, int] = field(default_factory=dict)
    has_front_matter: bool = False
    front_matter_end_line: int = 0
    tokens: list[Token] = field(default_factory=list, repr=False)
    blocks: list[Prose] = field(default_factory=list, repr=False)
    sentences: list[Sentence] = field(default_factory=list, repr=False)
    sections: list[Section] = field(default_factory=list, repr=False)
    links: list[Link] = field(default_factory=list, repr=False)
    images: list[Image] = field(default_factory=list, repr=False)
    comments: list[Comment] = field(default_factory=list, repr=False)
    footnotes: int = 0
    problems: list[Finding] = field(default_factory=list)
    # analyses that checks derive from this Document, kept with it so that the exporter (or
    # another check) reuses them instead of repeating the work: one parse, one analysis
    derived: dict[object, Any] = field(default_factory=dict, repr=False)
    line_starts: list[int] = field(default_factory=list, repr=False)
    _section_reach: list[int] = field(default_factory=list, repr=False)  # for section_at

    @property
    def title(self) -> str | None:
        h1 = self._first_h1()
        if h1 is not None:
            return h1.title
        value = self.front_matter.get("title")
        return str(value) if isinstance(value, (str, int, float)) and str(value).strip() else None

    @property
    def title_line(self) -> int:
        h1 = self._first_h1()
        if h1 is not None:
            return h1.line
        return self.front_matter_lines.get("title", 1)

    def _first_h1(self) -> Section | None:
        # the first, not every one: checks ask for the title once per section
        return next((s for s in self.sections if s.level == 1), None)

    @property
    def word_count(self) -> int:
        return sum(len(b.words) for b in self.blocks)

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Source offsets ``[start, end)`` of a 1-based line, without its newline."""
        line = max(1, min(line, len(self.line_starts)))
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end

    def line_text(self, line: int) -> str:
        start, end = self.line_span(line)
        return self.text[start:end]

    def folded(self) -> Document:
        """This Document with its prose folded for matching (claims, language): the same
        Document when no prose changes, else a view that shares everything but its blocks and
        sentences. Everything else (readability, messages that quote the source, the exported
        page) keeps the original text."""
        view = self.derived.get(_FOLDED_VIEW)
        if view is None:
            blocks = [block.folded() for block in self.blocks]
            view = self
            if any(f is not b for f, b in zip(blocks, self.blocks, strict=True)):
                view = replace(self, blocks=blocks, derived={},
                               sentences=[s for block in blocks for s in block.sentences])
                view.derived[_FOLDED_VIEW] = view
            self.derived[_FOLDED_VIEW] = view
        return view

    def section_at(self, line: int) -> Section | None:
        """The innermost section whose heading is at or before ``line``."""
        index = self._sections_until(line)
        return self.sections[index - 1] if index else None

    def section_after(self, line: int) -> Section | None:
        """The first section (in document order) whose heading is after ``line``."""
        index = self._sections_until(line)
        return self.sections[index] if index < len(self.sections) else None

    def _sections_until(self, line: int) -> int:
        """How many sections, from the first, have their headings at or before ``line``.

        Sections are in token order, which is the order of lines except for a heading in a
        footnote (footnotes come last), so this bisects the running maximum of their lines:
        a scan per call made checks that ask for every token's section, or for the heading
        after every section, take time that grew with the square of the number of headings.
        """
        if len(self._section_reach) != len(self.sections):
            self._section_reach = list(itertools.accumulate(
                (s.line for s in self.sections), max))
        return bisect.bisect_right(self._section_reach, line)

    def finding(
        self,
        rule: Rule,
        start: int,
        end: int | None,
        message: str,
        suggestion: str | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        end = start if end is None else max(start, end)
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Finding(self.path, line, col, end_line, end_col, rule.code, rule.name,
                       rule.severity, message, suggestion, fix)

    def edit(self, start: int, end: int, content: str) -> Edit:
        """An edit replacing source offsets ``[start, end)`` of ``text`` with ``content``."""
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Edit(start, end, content, line, col, end_line, end_col)


def file_finding(path: str, rule: Rule, message: str, line: int = 1, col: int = 1) -> Finding:
    return Finding(path, line, col, line, col, rule.code, rule.name, rule.severity, message)


def split_into_sentences(block: Prose) -> None:
    block.sentences = [
        Sentence(block.text[a:b], block, a, b) for a, b in sentence_spans(block.text)
    ]


@lru_cache(maxsize=1024)  # the latest blocks: after a pass of fixes most are as they were
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``split_sentences``, looked up when a block of the same text was split lately (a
    function of the text alone)."""
    return tuple(split_sentences(text))
