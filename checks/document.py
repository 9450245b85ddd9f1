"""One parse of an article: front matter, tokens, sections, prose with source positions.

``read_document`` turns bytes on disk into a :class:`Document` (or engine findings that say
why it could not), and ``parse`` does the same for text. Every check and the exporter read the
Document; none of them parses the Markdown again.

Prose is what a reader reads: the text of paragraphs, list items, headings, table cells and
raw HTML blocks, without code, URLs, link targets, images, HTML tags or comments, invisible
characters (every default-ignorable code point and format character: zero-width spaces, soft
hyphens, variation selectors; see ``checks.folding``), and front matter. Every
character of prose keeps the offset of the source character it came from, so findings point
at the exact line and column in the file. ``Document.folded()`` is the same prose with
compatibility forms and look-alike letters folded ("ｃｕｒｅｓ", "ᴄures" -> "cures"), for the
checks that match words; its characters keep the offsets of the source characters too.
"""

from __future__ import annotations

import bisect
import codecs
import html
import itertools
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from checks.findings import Finding, Rule, Severity, rule
from checks.folding import INVISIBLE_RE, fold
from checks.sentences import split_sentences

WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# An address's local part is at most 64 characters (RFC 5321, 4.5.3.1.1): unbounded, every
# position of a long dotted run ("a.a.a.a…") was tried and the run read to its end, so the
# time grew with the square of its length.
URL_RE = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"]*[^\s<>\"().,;:!?'’]"
    r"|\b[\w.+-]{1,64}+@[\w-]++(?:\.[\w-]++)+"
)
COMMENT_RE = re.compile(r"<!--(.*?)-->", re.DOTALL)
ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

DEFAULT_MAX_BYTES = 2_000_000
# Front matter fields that are published as text (page header, meta description, index page).
PROSE_FIELDS = ("title", "description")
# PyYAML's scanner takes quadratic time in the depth of nested flow collections ([[[...]]]);
# no article field needs more than a few levels.
MAX_FRONT_MATTER_DEPTH = 50
FLOW_BRACKET_RE = re.compile(r"[\[\]{}]")
# Byte order marks of the encodings a text editor may save instead of UTF-8 (UTF-32 first: its
# little-endian mark starts with UTF-16's).
OTHER_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)
# Text inside these HTML elements never reaches the reader as prose: sanitized away with its
# content (scripts, styles, embedded documents), or code (as Markdown code is not prose).
HIDDEN_HTML = frozenset(
    "script style template iframe object embed noscript noembed noframes textarea select xmp "
    "plaintext svg math title pre code kbd samp".split()
)
# Elements that start a new block of text: the text before and after is not one sentence.
BLOCK_HTML = frozenset(
    "address article aside blockquote br caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p section "
    "summary table tbody td tfoot th thead tr ul".split()
)
TAG_NAME_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_FOLDED_VIEW = "document.folded"  # key of Document.derived

UNREADABLE = rule(
    "HL001", "unreadable-file", Severity.ERROR,
    summary="The file could not be read as UTF-8 text, so nothing in it was checked.",
    what="Reports a file that cannot be opened or is not valid UTF-8, with the line and column "
    "of the first byte that is not.",
    why="A check that cannot read a file must say so: a silent pass would publish an article "
    "that nobody checked.",
    example="An article saved as Windows-1252 with a byte 0x92 for an apostrophe.",
    instead="Save the file as UTF-8 (with or without a byte order mark).",
)
BINARY = rule(
    "HL002", "binary-file", Severity.ERROR,
    summary="The file is binary, not Markdown text; nothing in it was checked.",
    what="Reports a file with NUL bytes in it, such as an image or a word-processor file "
    "saved with a .md name.",
    why="Binary data is not an article; checking it would only produce noise.",
    example="A .docx file renamed to article.md.",
    instead="Export the article as Markdown text, or exclude the file in `exclude`.",
)
EMPTY = rule(
    "HL003", "empty-file", Severity.ERROR,
    summary="The file is empty.",
    what="Reports a file with no content, or only white space.",
    why="An empty article published by mistake is a broken page for readers.",
    example="A zero-byte content/asthma.md.",
    instead="Write the article, or delete the file.",
)
TOO_LARGE = rule(
    "HL004", "file-too-large", Severity.ERROR,
    summary="The file is larger than the configured limit and was not checked.",
    what="Reports a file over `max-file-size` bytes (default 2 MB) without reading it whole.",
    why="A health article is a few thousand words; a huge file is almost always a mistake "
    "(a pasted data dump) and would slow every run.",
    example="A 10 MB Markdown file generated from a spreadsheet.",
    instead="Split the content into articles, or raise `max-file-size` in the config.",
)
BAD_FRONT_MATTER = rule(
    "HL005", "front-matter-invalid", Severity.ERROR,
    summary="The YAML front matter cannot be read.",
    what="Reports front matter that is not valid YAML or is not closed by a `---` line, at "
    "the line of the error.",
    why="Front matter carries the article type, reviewer and review date; when it cannot be "
    "read, the checks that depend on it cannot run.",
    example="---\ntitle: Asthma: the basics\n---  (an unquoted colon in a value)",
    instead='Quote values that contain a colon: title: "Asthma: the basics".',
)
FRONT_MATTER_NOT_MAPPING = rule(
    "HL006", "front-matter-not-mapping", Severity.ERROR,
    summary="The front matter is not a mapping of keys to values.",
    what="Reports front matter that is a list or a single value instead of `key: value` lines.",
    why="The checks read named fields (type, reviewer, last_reviewed) from the front matter.",
    example="---\n- asthma\n- condition\n---",
    instead="---\ntitle: Asthma\ntype: condition\n---",
)
FRONT_MATTER_ALIAS = rule(
    "HL007", "front-matter-alias", Severity.ERROR,
    summary="The front matter uses YAML anchors or aliases, which are not allowed.",
    what="Reports `&anchor` and `*alias` in front matter and ignores that front matter.",
    why="Aliases can expand into huge structures (the 'billion laughs' attack) and are never "
    "needed to describe an article.",
    example="---\na: &a [x, x]\nb: [*a, *a]\n---",
    instead="Write each value out in full.",
)
TOO_DEEP = rule(
    "HL011", "nesting-too-deep", Severity.ERROR,
    summary="Lists or block quotes are nested so deeply that the Markdown parser stops reading "
    "them; what it skipped is neither checked nor published.",
    what="Reports a list item or block quote nested more than 20 levels deep, with the lines "
    "that the Markdown parser (markdown-it, which protects itself with that limit) did not "
    "read. Those lines are missing from the checks and from the exported page.",
    why="A check must never pass text it did not read: a claim or a Sources section inside "
    "the skipped lines would look checked when it was not, and it silently vanishes from the "
    "published page.",
    example="- a\n  - b\n    - c\n      ... (20 levels of nested items)",
    instead="Flatten the structure: use headings, or at most two or three levels of nested "
    "items.",
)


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    line: int
    section: Section | None = field(repr=False, compare=False)


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    line: int


@dataclass(frozen=True)
class Comment:
    text: str
    start: int
    end: int
    line: int


@dataclass(eq=False)
class Prose:
    """A run of prose (paragraph, heading or table cell) with the source offset of each char."""

    kind: str
    text: str
    offsets: list[int]
    line: int
    section: Section | None = field(default=None, repr=False)
    in_list: bool = False
    in_blockquote: bool = False
    level: int = 0
    sentences: list[Sentence] = field(default_factory=list, repr=False)

    def span(self, i: int = 0, j: int | None = None) -> tuple[int, int]:
        """Source offsets ``[start, end)`` of ``text[i:j]``."""
        j = len(self.text) if j is None else j
        if j <= i:
            return self.offsets[i], self.offsets[i]
        return self.offsets[i], self.offsets[j - 1] + 1

    @property
    def words(self) -> list[str]:
        return WORD_RE.findall(self.text)

    def folded(self) -> Prose:
        """This prose as words are matched (``checks.folding.fold``), itself when nothing
        folds; each folded character keeps the source offset of the character it came from."""
        text, index = fold(self.text)
        if index is None:
            return self
        offsets = [self.offsets[i] for i in index]
        prose = Prose(self.kind, text, [*offsets, self.offsets[-1]], self.line, self.section,
                      self.in_list, self.in_blockquote, self.level)
        _split(prose)
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
        h1 = [s for s in self.sections if s.level == 1]
        if h1:
            return h1[0].title
        value = self.front_matter.get("title")
        return str(value) if isinstance(value, (str, int, float)) and str(value).strip() else None

    @property
    def title_line(self) -> int:
        h1 = [s for s in self.sections if s.level == 1]
        if h1:
            return h1[0].line
        return self.front_matter_lines.get("title", 1)

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
    ) -> Finding:
        end = start if end is None else max(start, end)
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Finding(self.path, line, col, end_line, end_col, rule.code, rule.name,
                       rule.severity, message, suggestion)


def file_finding(path: str, rule: Rule, message: str, line: int = 1, col: int = 1) -> Finding:
    return Finding(path, line, col, line, col, rule.code, rule.name, rule.severity, message)


def read_document(
    path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Document | None, list[Finding]]:
    """Read and parse a file; on failure return None and findings that say why."""
    name = display or str(path)
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer (the file is checked to be
        # a regular file before anything is read from it)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(fd)
        except OSError:
            os.close(fd)
            raise
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            return None, [file_finding(name, UNREADABLE, f"not a regular file "
                                       f"({file_kind(info.st_mode)}); not checked")]
        with os.fdopen(fd, "rb") as handle:
            if info.st_size > max_bytes:
                return None, [file_finding(name, TOO_LARGE, f"file is {info.st_size:,} bytes, "
                                           f"over the {max_bytes:,}-byte limit (max-file-size);"
                                           " not checked")]
            data = handle.read(max_bytes + 1)  # a file that grew since fstat: no more
        if len(data) > max_bytes:
            return None, [file_finding(name, TOO_LARGE, f"file grew past the {max_bytes:,}-byte "
                                       "limit (max-file-size) while it was read; not checked")]
    except OSError as exc:
        return None, [file_finding(name, UNREADABLE, f"cannot read file: {exc.strerror or exc}")]
    return decode_and_parse(data, name)


def file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def other_unicode(data: bytes) -> str | None:
    """The encoding of UTF-16 or UTF-32 text (by its byte order mark, or the NUL byte of every
    other byte that ASCII text has in UTF-16), or None."""
    for bom, encoding in OTHER_UNICODE_BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:4096]
    sample = sample[:len(sample) - len(sample) % 2]
    if len(sample) >= 4:
        high, low = sample[1::2], sample[0::2]
        for zeros, text in ((high, low), (low, high)):
            if zeros.count(0) >= 0.9 * len(zeros) and 0 not in text:
                return "UTF-16"
    return None


def decode_and_parse(data: bytes, name: str) -> tuple[Document | None, list[Finding]]:
    encoding = other_unicode(data)
    if encoding is not None:
        return None, [file_finding(name, UNREADABLE, f"file is {encoding} text, not UTF-8; "
                                   "save the file as UTF-8 (with or without a byte order "
                                   "mark); not checked")]
    if b"\x00" in data[:65536]:
        return None, [file_finding(name, BINARY, "file contains NUL bytes: it is binary, not "
                                   "Markdown text; not checked")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
        line = data.count(b"\n", 0, bad) + 1
        col = bad - (data.rfind(b"\n", 0, bad) + 1) + 1
        return None, [file_finding(name, UNREADABLE, f"not valid UTF-8: byte 0x{data[bad]:02x} "
                                   f"at line {line}, column {col}; save the file as UTF-8",
                                   line, col)]
    if not text.strip():
        return None, [file_finding(name, EMPTY, "file is empty")]
    return parse(text, name), []


@cache
def markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    return md.use(front_matter_plugin).use(footnote_plugin)


YAML_KINDS = {"bool": "true or false", "int": "a whole number", "float": "a number"}


class FrontMatterLoader(yaml.SafeLoader):
    """A SafeLoader that keeps dates as strings, so a bad date is a finding, not a crash."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's constructors raise KeyError (``!!bool maybe``), IndexError (``!!int ''``)
        or OverflowError (a 200-part sexagesimal float) on values they cannot build: make each
        a YAML error at the value, so it is a finding on its line (HL005) like any other."""
        try:
            return super().construct_object(node, deep)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception as exc:  # noqa: BLE001 - becomes a finding at the value's line
            kind = node.tag.rpartition(":")[2]
            value = node.value if isinstance(node, yaml.ScalarNode) else ""
            shown = value if len(value) <= 40 else value[:37] + "..."
            reason = "" if isinstance(exc, (KeyError, IndexError)) else f" ({exc})"
            raise yaml.constructor.ConstructorError(
                None, None, f"the value {shown!r} cannot be read as "
                f"{YAML_KINDS.get(kind, '!!' + kind)}{reason}; quote it to keep it as text",
                node.start_mark) from None


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Explicit tags that would build dates, bytes, sets or pair lists are refused too (YAML error,
# HL005): front matter values are text, numbers, booleans, lists and mappings only.
FrontMatterLoader.yaml_constructors = {
    tag: constructor for tag, constructor in yaml.SafeLoader.yaml_constructors.items()
    if tag not in {f"tag:yaml.org,2002:{name}"
                   for name in ("timestamp", "binary", "set", "omap", "pairs")}
}


def parse(text: str, path: str = "<text>") -> Document:
    """Parse Markdown text into a Document (newlines normalised to LF, BOM removed)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # as markdown-it does before parsing, so that positions line up (binary files, with NUL
    # bytes near the start, never get here)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    doc = Document(path=path, text=text)
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    if starts[-1] == len(text) and len(starts) > 1:
        starts.pop()
    doc.line_starts = starts
    doc.tokens = markdown().parse(text)
    _report_unread_nesting(doc)
    _Builder(doc).build()
    for section in doc.sections:
        for block in [section.heading, *section.blocks]:
            block.section = section
    for block in doc.blocks:
        _split(block)
        doc.sentences.extend(block.sentences)
    return doc


def _split(block: Prose) -> None:
    block.sentences = [
        Sentence(block.text[a:b], block, a, b) for a, b in split_sentences(block.text)
    ]


def _report_unread_nesting(doc: Document) -> None:
    """markdown-it stops reading a list item or block quote nested at its ``maxNesting`` limit
    (its block tokenizer returns at once, and the container swallows the lines it would have
    read); say so instead of checking, and publishing, an article with lines missing."""
    limit = markdown().options["maxNesting"]
    reported_until = 0
    for token in doc.tokens:
        if token.type not in ("list_item_open", "blockquote_open") or not token.map \
                or token.level < limit - 1:
            continue
        first, last = token.map[0] + 1, max(token.map[0] + 1, token.map[1])
        if first <= reported_until:
            continue
        reported_until = last
        lines = f"line {first}" if first == last else f"lines {first}-{last}"
        doc.problems.append(doc.finding(
            TOO_DEEP, *doc.line_span(first),
            f"lists or block quotes are nested more than {limit} levels deep here, where the "
            f"Markdown parser stops: {lines} are not read, so they are neither checked nor "
            "published"))


class _Builder:
    """Walks the token stream once and fills in the Document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.list_depth = 0
        self.quote_depth = 0
        self.section: Section | None = None
        self.stack: list[Section] = []
        self.cell_cursor: dict[int, int] = {}
        self.pending_heading: Token | None = None
        self.in_cell = False

    def build(self) -> None:
        doc = self.doc
        tokens = doc.tokens
        if tokens and tokens[0].type == "front_matter":
            self.front_matter(tokens[0])
        elif doc.text.startswith("---\n") or doc.text == "---":
            close = re.search(r"^(---|\.\.\.)[ \t]*$", doc.text[4:], re.MULTILINE)
            if close is None:
                doc.problems.append(doc.finding(BAD_FRONT_MATTER, 0, 3, "front matter starts "
                                    "with `---` on line 1 but is never closed by a `---` line"))
        for index, token in enumerate(tokens):
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                self.list_depth += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.list_depth -= 1
            elif kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth -= 1
            elif kind == "heading_open":
                self.pending_heading = token
            elif kind in ("th_open", "td_open"):
                self.in_cell = True
            elif kind in ("th_close", "td_close"):
                self.in_cell = False
            elif kind == "footnote_open":
                doc.footnotes += 1
            elif kind == "html_block":
                self.html_block(token)
            elif kind == "inline":
                self.inline(token, tokens[index - 1] if index else None)
            if self.section is not None and kind.endswith("_open") and kind != "heading_open":
                self.section.content_tokens += 1
            if self.section is not None and kind in ("html_block", "code_block", "fence", "hr"):
                self.section.content_tokens += 1
        self.close_sections(0, len(doc.line_starts))

    # front matter -------------------------------------------------------------------------
    def front_matter(self, token: Token) -> None:
        doc = self.doc
        doc.has_front_matter = True
        begin, end = token.map or (0, 0)
        doc.front_matter_end_line = end
        content = token.content
        first_line = begin + 2  # 1-based line of the first YAML line
        too_deep = _flow_too_deep(content)
        if too_deep is not None:
            doc.problems.append(doc.finding(
                BAD_FRONT_MATTER, *doc.line_span(first_line + too_deep),
                f"front matter is nested more than {MAX_FRONT_MATTER_DEPTH} levels deep "
                "([ and { inside each other); write the values out plainly (front matter "
                "ignored)"))
            return
        try:
            if any(isinstance(e, (yaml.AliasEvent,)) or getattr(e, "anchor", None)
                   for e in yaml.parse(content, Loader=FrontMatterLoader)):
                doc.problems.append(doc.finding(FRONT_MATTER_ALIAS, *doc.line_span(first_line),
                                    "front matter uses YAML anchors or aliases; write values "
                                    "out in full (front matter ignored)"))
                return
            node = yaml.compose(content, Loader=FrontMatterLoader)
            data = yaml.load(content, Loader=FrontMatterLoader) if node is not None else None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = first_line + (mark.line if mark else 0)
            line = min(line, max(first_line, end - 1))
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            tag = re.search(r"constructor for the tag '(?:tag:yaml\.org,2002:)?([^']*)'",
                            problem)
            if tag is not None:
                problem = (f"the tag !!{tag.group(1).lstrip('!')} is not allowed: write plain "
                           "text, numbers, lists or mappings")
            doc.problems.append(doc.finding(BAD_FRONT_MATTER, *doc.line_span(line),
                                f"front matter is not valid YAML: {problem}"))
            return
        except Exception as exc:  # noqa: BLE001 - a finding on the file, never a traceback
            doc.problems.append(doc.finding(BAD_FRONT_MATTER, *doc.line_span(first_line),
                                f"front matter cannot be loaded: {type(exc).__name__}: {exc}"))
            return
        if data is None:
            return
        if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
            doc.problems.append(doc.finding(FRONT_MATTER_NOT_MAPPING, *doc.line_span(first_line),
                                f"front matter is a {type(data).__name__}, not `key: value` "
                                "lines"))
            return
        doc.front_matter = {str(k): v for k, v in data.items()}
        for key_node, _ in node.value:  # the line of the value YAML kept: the last one
            doc.front_matter_lines[str(key_node.value)] = first_line + key_node.start_mark.line
        self.front_matter_prose(node, first_line)
        for key, line, first in _duplicate_keys(node):
            doc.problems.append(doc.finding(
                BAD_FRONT_MATTER, *doc.line_span(first_line + line),
                f"front matter has a duplicate key {key!r} (first on line {first_line + first}); "
                "YAML keeps only the last value: remove one of them"))

    def front_matter_prose(self, node: yaml.MappingNode, first_line: int) -> None:
        """The title and description are published (page header, meta description, index
        page), so they are prose too: kind "front_matter", checked for claims, language and
        spelling like the body (readability scores the body only)."""
        doc = self.doc
        for key_node, value_node in node.value:
            if str(key_node.value) not in PROSE_FIELDS or not isinstance(value_node,
                                                                          yaml.ScalarNode):
                continue
            raw = str(value_node.value)
            mark = value_node.start_mark
            index = min(first_line - 1 + mark.line, len(doc.line_starts) - 1)
            start = doc.line_starts[index] + mark.column + (value_node.style in ("'", '"'))
            if doc.text.startswith(raw, start):  # as written: each character at its place
                text, offsets = _drop_invisible(raw, list(range(start, start + len(raw))))
            else:  # folded, escaped or split over lines: every character at the value's start
                text = INVISIBLE_RE.sub("", raw)
                offsets = [start] * len(text)
            left, right = len(text) - len(text.lstrip()), len(text.rstrip())
            value, offsets = text[left:right], offsets[left:right]
            if not value:
                continue
            doc.blocks.append(Prose("front_matter", value, [*offsets, offsets[-1] + 1],
                                    first_line + mark.line))

    # sections -----------------------------------------------------------------------------
    def close_sections(self, level: int, before_line: int) -> None:
        while self.stack and self.stack[-1].level >= level:
            done = self.stack.pop()
            done.end_line = max(done.line, before_line)
        self.section = self.stack[-1] if self.stack else None

    def open_section(self, prose: Prose, token: Token) -> None:
        level = int(token.tag[1]) if token.tag[1:].isdigit() else 1
        line = (token.map[0] + 1) if token.map else prose.line
        self.close_sections(level, line - 1)
        parent = self.stack[-1] if self.stack else None
        section = Section(prose.text.strip(), level, line, line, prose, parent)
        if parent is not None:
            parent.children.append(section)
        self.doc.sections.append(section)
        self.stack.append(section)
        self.section = section

    # html ----------------------------------------------------------------------------------
    def html_block(self, token: Token) -> None:
        if not token.map:
            return
        base = self.doc.line_starts[token.map[0]]
        self.add_comments(self.doc.text, base, base + len(token.content))
        self.html_prose(token)

    def html_prose(self, token: Token) -> None:
        """The text of a raw HTML block is prose: the page shows it (the exporter sanitizes
        tags, not text), so it must be checked like any paragraph. Tags, attributes, comments
        and the content of script-like and code elements are left out; block elements start
        a new run of prose."""
        content = token.content
        cmap = self.content_map(token)
        runs: list[tuple[str, list[str], list[int]]] = [("paragraph", [], [])]
        k, n = 0, len(content)
        while k < n:
            ch = content[k]
            if ch == "<":
                match = HTML_TAG_RE.match(content, k)
                if match is None and content.startswith("<!--", k):
                    break  # an unclosed comment hides the rest of the block
                if match is not None:
                    k = match.end()
                    tag = TAG_NAME_RE.match(match.group())
                    if tag is None:
                        continue
                    name, closing = tag.group(2).lower(), tag.group(1) == "/"
                    if name in HIDDEN_HTML and not closing and not match.group().endswith("/>"):
                        end = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(content, k)
                        k = end.end() if end else n
                        runs.append(("paragraph", [], []))
                    elif name in BLOCK_HTML:  # a cell's text is a table cell, as in Markdown
                        cell = name in ("td", "th") and not closing
                        runs.append(("table_cell" if cell else "paragraph", [], []))
                    continue
            _, chars, offs = runs[-1]
            if ch == "&":
                entity = ENTITY_RE.match(content, k)
                if entity is not None:
                    for decoded in html.unescape(entity.group()):
                        chars.append(decoded)
                        offs.append(cmap[k])
                    k = entity.end()
                    continue
            chars.append(" " if ch == "\n" else ch)
            offs.append(cmap[k])
            k += 1
        for kind, chars, offs in runs:
            text, kept = _drop_urls(*_drop_invisible("".join(chars), offs))
            if not text.strip():
                continue
            line, _ = self.doc.position(kept[len(text) - len(text.lstrip())])
            prose = _trimmed(Prose(kind, text, kept, line, in_list=self.list_depth > 0,
                                   in_blockquote=self.quote_depth > 0), text, kept)
            if self.section is not None:
                self.section.blocks.append(prose)
            self.doc.blocks.append(prose)

    def add_comments(self, text: str, start: int, end: int) -> None:
        for match in COMMENT_RE.finditer(text, start, end):
            line, _ = self.doc.position(match.start())
            self.doc.comments.append(Comment(match.group(1), match.start(), match.end(), line))

    # inline --------------------------------------------------------------------------------
    def inline(self, token: Token, opener: Token | None) -> None:
        doc = self.doc
        if not token.map:
            return
        cmap = self.content_map(token)
        chars: list[str] = []
        offs: list[int] = []
        aligner = _Aligner(token.content, cmap)
        links_here: list[Link] = []
        alt_texts: list[tuple[str, list[int]]] = []  # image alt text: published, so prose
        children = token.children or []
        skip_until_close = False
        link_start: int | None = None
        link_href = ""
        for child in children:
            kind = child.type
            if skip_until_close:
                if kind == "link_close":
                    skip_until_close = False
                    aligner.skip_past(">")
                continue
            if kind in ("text", "text_special"):
                for ch in child.content:
                    off = aligner.align(ch)
                    chars.append(ch)
                    offs.append(off)
            elif kind in ("softbreak", "hardbreak"):
                off = aligner.skip_past("\n") - 1
                chars.append(" ")
                offs.append(max(off, 0))
            elif kind == "code_inline":
                off = aligner.skip_code(child.markup, child.content)
                chars.append(" ")
                offs.append(off)
            elif kind == "html_inline":
                start = aligner.skip_literal(child.content)
                if child.content.startswith("<!--") and start is not None:
                    self.add_comments(doc.text, start, start + len(child.content))
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                if child.markup in ("autolink", "linkify"):
                    skip_until_close = True
                    aligner.skip_past("<")
                    line, _ = doc.position(aligner.source_offset())
                    links_here.append(Link(href, href, line, self.section))
                else:
                    link_start = len(chars)
                    link_href = href
                    aligner.skip_past("[")
            elif kind == "link_close":
                line, _ = doc.position(aligner.source_offset())
                text = "".join(chars[link_start or 0:]).strip()
                links_here.append(Link(link_href, text, line, self.section))
                aligner.skip_link_destination()
                link_start = None
            elif kind == "image":
                line, _ = doc.position(aligner.source_offset())
                doc.images.append(Image(str(child.attrs.get("src", "")), child.content, line))
                aligner.skip_past("![")
                alt = "".join(c.content for c in child.children or []
                              if c.type in ("text", "text_special"))  # as the page shows it
                alt_offs = [aligner.align(ch) for ch in alt]
                if alt.strip():
                    alt_texts.append((alt, alt_offs))
                aligner.skip_past("]")
                aligner.skip_link_destination(after_bracket=True)
            elif kind == "footnote_ref":
                if self.section is not None:
                    self.section.footnote_refs += 1
                aligner.skip_past("]")
        text, offs = _drop_urls(*_drop_invisible("".join(chars), offs))
        line = token.map[0] + 1
        is_heading = opener is not None and opener.type == "heading_open"
        heading = self.pending_heading if is_heading else None
        if heading is not None:
            level = int(heading.tag[1]) if heading.tag[1:].isdigit() else 1
            prose = _trimmed(Prose("heading", text, offs, line, level=level), text, offs)
            self.pending_heading = None
            self.open_section(prose, heading)
            doc.blocks.append(prose)
        else:
            kind = "table_cell" if self.in_cell else "paragraph"
            prose = _trimmed(Prose(kind, text, offs, line, in_list=self.list_depth > 0,
                                   in_blockquote=self.quote_depth > 0), text, offs)
            if self.section is not None:
                self.section.blocks.append(prose)
            if prose.text:
                doc.blocks.append(prose)
        for alt, alt_offs in alt_texts:
            text, kept = _drop_urls(*_drop_invisible(alt, alt_offs))
            if not text.strip():
                continue
            line, _ = doc.position(kept[len(text) - len(text.lstrip())])
            prose = _trimmed(Prose("alt_text", text, kept, line, in_list=self.list_depth > 0,
                                   in_blockquote=self.quote_depth > 0), text, kept)
            if self.section is not None:
                self.section.blocks.append(prose)
            doc.blocks.append(prose)
        for link in links_here:
            doc.links.append(link)
            if self.section is not None:
                self.section.links.append(link)

    def content_map(self, token: Token) -> list[int]:
        """Source offset of every character of ``token.content`` (plus one past the end)."""
        doc = self.doc
        first = token.map[0] if token.map else 0
        result: list[int] = []
        lines = token.content.split("\n")
        for j, content_line in enumerate(lines):
            index = min(first + j, len(doc.line_starts) - 1)
            line_start = doc.line_starts[index]
            source_line = doc.line_text(index + 1)
            if self.in_cell:
                begin = self.cell_cursor.get(index, 0)
                escaped = content_line.replace("|", "\\|")
                pos = source_line.find(escaped, begin) if content_line else -1
                if pos >= 0 and escaped != content_line:
                    # an escaped pipe in a cell: "\\|" in the source is "|" in the content
                    cells = [line_start + pos]
                    k = pos
                    for ch in content_line[:-1]:
                        k += 2 if source_line[k] == "\\" and ch == "|" else 1
                        cells.append(line_start + k)
                    end = pos + len(escaped)
                    self.cell_cursor[index] = end
                    result.extend(cells)
                    result.append(line_start + min(end, len(source_line)))
                    continue
                if pos < 0:
                    pos = begin
                self.cell_cursor[index] = pos + len(content_line)
            else:
                pos = _locate(source_line, content_line)
                if pos + len(content_line) > len(source_line):
                    # a tab of indentation became spaces in the content (html blocks in list
                    # items): the content is longer than its source, whose end it matches
                    pos = len(source_line) - len(content_line)
            last = max(len(source_line) - 1, 0)
            result.extend(line_start + min(max(pos + k, 0), last)
                          for k in range(len(content_line)))
            result.append(line_start + min(max(pos + len(content_line), 0), len(source_line)))
        return result


def _locate(source_line: str, content_line: str) -> int:
    """Where a line of inline content starts in its source line (markers stripped)."""
    if not content_line:
        return len(source_line)
    stripped = source_line.rstrip()
    wanted = content_line.rstrip()
    if wanted and stripped.endswith(wanted):
        return len(stripped) - len(wanted)
    pos = source_line.find(content_line)
    if pos < 0 and wanted:
        pos = source_line.find(wanted)
    if pos < 0:
        pos = len(source_line) - len(source_line.lstrip())
    return pos


def _trimmed(prose: Prose, text: str, offs: list[int]) -> Prose:
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    prose.text = text[left:right]
    kept = offs[left:right]
    end = (kept[-1] + 1) if kept else (offs[left] if left < len(offs) else 0)
    prose.offsets = kept + [end]
    return prose


def _flow_too_deep(content: str) -> int | None:
    """The 0-based line where ``[``/``{`` nesting passes the limit, or None (brackets inside
    quoted text count too: no real front matter has fifty of them open at once)."""
    depth = 0
    for match in FLOW_BRACKET_RE.finditer(content):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_FRONT_MATTER_DEPTH:
            return content.count("\n", 0, match.start())
        depth = max(depth, 0)
    return None


def _duplicate_keys(root: yaml.Node) -> Iterator[tuple[str, int, int]]:
    """(key, 0-based line, 0-based line of its first occurrence) for every repeated key of
    every mapping in the composed front matter (PyYAML silently keeps the last value)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                stack.append(value_node)
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                line = key_node.start_mark.line
                if key_node.value in seen:
                    yield key_node.value, line, seen[key_node.value]
                else:
                    seen[key_node.value] = line
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _drop_invisible(text: str, offs: list[int]) -> tuple[str, list[int]]:
    """Remove invisible format characters (and their offsets) from prose."""
    if INVISIBLE_RE.search(text) is None:
        return text, offs
    kept = [i for i, ch in enumerate(text) if not INVISIBLE_RE.match(ch)]
    return "".join(text[i] for i in kept), [offs[i] for i in kept]


def _drop_urls(text: str, offs: list[int]) -> tuple[str, list[int]]:
    if "://" not in text and "www." not in text and "@" not in text:
        return text, offs
    out: list[str] = []
    out_offs: list[int] = []
    last = 0
    for match in URL_RE.finditer(text):
        out.append(text[last:match.start()])
        out_offs.extend(offs[last:match.start()])
        out.append(" ")
        out_offs.append(offs[match.start()])
        last = match.end()
    out.append(text[last:])
    out_offs.extend(offs[last:])
    return "".join(out), out_offs


class _Aligner:
    """Walks inline source content alongside the parsed children to recover positions."""

    def __init__(self, content: str, cmap: list[int]) -> None:
        self.content = content
        self.cmap = cmap
        self.k = 0

    def source_offset(self) -> int:
        return self.cmap[min(self.k, len(self.cmap) - 1)]

    def align(self, ch: str) -> int:
        content, k = self.content, self.k
        limit = min(len(content), k + 512)
        while k < limit:
            c = content[k]
            if c == ch:
                self.k = k + 1
                return self.cmap[k]
            if c == "\\" and k + 1 < len(content) and content[k + 1] == ch:
                self.k = k + 2
                return self.cmap[k]
            if c == "&":
                match = ENTITY_RE.match(content, k)
                if match and html.unescape(match.group()) == ch:
                    self.k = match.end()
                    return self.cmap[k]
            k += 1
        return self.source_offset()

    def skip_past(self, literal: str) -> int:
        pos = self.content.find(literal, self.k)
        if pos >= 0:
            self.k = pos + len(literal)
        return self.source_offset()

    def skip_literal(self, literal: str) -> int | None:
        pos = self.content.find(literal, self.k)
        if pos < 0:
            return None
        self.k = pos + len(literal)
        return self.cmap[pos]

    def skip_code(self, markup: str, code: str) -> int:
        """Skip an inline code span: its opening backtick run and the closing run of the
        same length (the code itself may differ from the source: newlines become spaces)."""
        pos = self.content.find(markup, self.k)
        if pos < 0:
            return self.source_offset()
        closing = re.compile(r"(?<!`)" + re.escape(markup) + r"(?!`)")
        match = closing.search(self.content, pos + len(markup))
        self.k = match.end() if match else len(self.content)
        return self.cmap[pos]

    def skip_link_destination(self, after_bracket: bool = False) -> None:
        content = self.content
        if not after_bracket:
            close = content.find("]", self.k)
            if close < 0:
                return
            self.k = close + 1
        if self.k < len(content) and content[self.k] == "(":
            depth = 0
            k = self.k
            while k < len(content):
                if content[k] == "\\":
                    k += 2
                    continue
                if content[k] == "(":
                    depth += 1
                elif content[k] == ")":
                    depth -= 1
                    if depth == 0:
                        self.k = k + 1
                        return
                k += 1
        elif self.k < len(content) and content[self.k] == "[":
            close = content.find("]", self.k)
            if close >= 0:
                self.k = close + 1
