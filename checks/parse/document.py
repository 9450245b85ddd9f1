"""One parse of an article: front matter, tokens, sections, prose with source positions.

``read_document`` turns bytes on disk into a :class:`Document` (or engine findings that say
why it could not), and ``parse`` does the same for text. Every check and the exporter read the
Document; none of them parses the Markdown again.

Prose is what a reader reads: the text of paragraphs, list items, headings, table cells and
raw HTML blocks, without code, URLs, link targets, images, HTML tags or comments, invisible
characters (every default-ignorable code point and format character: zero-width spaces, soft
hyphens, variation selectors; see ``healthlint.text.folding``), and front matter. Every
character of prose keeps the offset of the source character it came from, so findings point
at the exact line and column in the file. ``Document.folded()`` is the same prose with
compatibility forms and look-alike letters folded ("ｃｕｒｅｓ", "ᴄures" -> "cures"), for the
checks that match words; its characters keep the offsets of the source characters too.

The parser reads in passes over one shared state (``healthlint.parse.state``), as
markdown-it's rules do: markdown-it's tokens, then nesting it could not read
(``blocks``), the front matter (``frontmatter``), the block structure and sections (``blocks``,
``sections``) with inline prose (``inline``), raw HTML prose (``rawhtml``) and table cells
(``tables``) on the way, then sentences. Reading bytes from disk is ``read``. Before all
that, static-site template syntax is blanked out (``templates``): it is not prose.
"""

from __future__ import annotations

import re
from pathlib import Path

from healthlint.core.findings import Finding
from healthlint.parse.blocks import TOO_DEEP, markdown, read_blocks, report_unread_nesting
from healthlint.parse.frontmatter import (
    BAD_FRONT_MATTER,
    FRONT_MATTER_ALIAS,
    FRONT_MATTER_NOT_MAPPING,
    FrontMatterLoader,
    read_front_matter,
)
from healthlint.parse.model import (
    WORD_RE,
    Comment,
    Document,
    Image,
    Link,
    Prose,
    Section,
    Sentence,
    file_finding,
    split_into_sentences,
)
from healthlint.parse.offsets import Offsets
from healthlint.parse.read import (
    BINARY,
    DEFAULT_MAX_BYTES,
    EMPTY,
    TOO_LARGE,
    UNREADABLE,
    decode,
    file_kind,
    read_bytes,
)
from healthlint.parse.sections import link_blocks_to_sections
from healthlint.parse.state import ParseState
from healthlint.parse.templates import blank_templates

__all__ = [
    "BAD_FRONT_MATTER", "BINARY", "DEFAULT_MAX_BYTES", "EMPTY", "FRONT_MATTER_ALIAS",
    "FRONT_MATTER_NOT_MAPPING", "TOO_DEEP", "TOO_LARGE", "UNREADABLE", "WORD_RE", "Comment",
    "Document", "FrontMatterLoader", "Image", "Link", "Offsets", "Prose", "Section", "Sentence",
    "decode_and_parse", "file_finding", "file_kind", "markdown", "parse", "read_document",
]


def parse(text: str, path: str = "<text>") -> Document:
    """Parse Markdown text into a Document (newlines normalised to LF, BOM removed)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # as markdown-it does before parsing, so that positions line up (binary files, with NUL
    # bytes near the start, never get here)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    # template syntax (Liquid, Hugo shortcodes, kramdown attributes) read as blanks
    text = blank_templates(text, markdown().parse)
    doc = Document(path=path, text=text, line_starts=_line_starts(text))
    env: dict[str, object] = {}
    doc.tokens = markdown().parse(text, env)
    state = ParseState(doc, references=dict(env.get("references") or {}))
    report_unread_nesting(state)
    read_front_matter(state)
    read_blocks(state)
    link_blocks_to_sections(doc)
    for block in doc.blocks:
        split_into_sentences(block)
        doc.sentences.extend(block.sentences)
    return doc


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    if starts[-1] == len(text) and len(starts) > 1:
        starts.pop()
    return starts


def read_document(
    path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Document | None, list[Finding]]:
    """Read and parse a file; on failure return None and findings that say why."""
    name = display or str(path)
    data, problems = read_bytes(path, name, max_bytes)
    if data is None:
        return None, problems
    return decode_and_parse(data, name)


def decode_and_parse(data: bytes, name: str) -> tuple[Document | None, list[Finding]]:
    text, problems = decode(data, name)
    if text is None:
        return None, problems
    return parse(text, name), []
