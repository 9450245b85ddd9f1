"""Runs of prose into blocks: invisible characters and URLs dropped, white space trimmed, each
character keeping its source offset; the block added to the Document and its section."""

from __future__ import annotations

import re

from healthlint.parse.model import Comment, Prose
from healthlint.parse.offsets import Offsets
from healthlint.parse.state import ParseState
from healthlint.text.folding import INVISIBLE_RE

# An address's local part is at most 64 characters (RFC 5321, 4.5.3.1.1): unbounded, every
# position of a long dotted run ("a.a.a.a…") was tried and the run read to its end, so the
# time grew with the square of its length.
URL_RE = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"]*[^\s<>\"().,;:!?'’]"
    r"|\b[\w.+-]{1,64}+@[\w-]++(?:\.[\w-]++)+"
)
COMMENT_RE = re.compile(r"<!--(.*?)-->", re.DOTALL)
ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def add_run(state: ParseState, kind: str, text: str, offs: Offsets) -> None:
    """A run of prose (raw HTML text, image alt text) as a block, unless nothing is left of it;
    its line is the line of its first visible character."""
    text, kept = cleaned(text, offs)
    if not text.strip():
        return
    line, _ = state.doc.position(kept[len(text) - len(text.lstrip())])
    prose = block_prose(state, kind, text, kept, line)
    add_to_section(state, prose)
    state.doc.blocks.append(prose)


def block_prose(state: ParseState, kind: str, text: str, offs: Offsets, line: int) -> Prose:
    """Cleaned text as a trimmed block, marked with the lists and quotes it is in."""
    prose = Prose(kind, text, offs, line, in_list=state.list_depth > 0,
                  in_blockquote=state.quote_depth > 0)
    return trimmed(prose, text, offs)


def add_to_section(state: ParseState, prose: Prose) -> None:
    if state.section is not None:
        state.section.blocks.append(prose)


def add_comments(state: ParseState, start: int, end: int) -> None:
    """The HTML comments in ``doc.text[start:end]`` (suppressions are written as comments)."""
    doc = state.doc
    for match in COMMENT_RE.finditer(doc.text, start, end):
        line, _ = doc.position(match.start())
        doc.comments.append(Comment(match.group(1), match.start(), match.end(), line))


def cleaned(text: str, offs: Offsets) -> tuple[str, Offsets]:
    """Text as prose: invisible characters dropped, URLs and e-mail addresses a space."""
    return drop_urls(*drop_invisible(text, offs))


def trimmed(prose: Prose, text: str, offs: Offsets) -> Prose:
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    prose.text = text[left:right]
    kept = Offsets()
    kept.extend_from(offs, left, right)
    kept.append((kept[-1] + 1) if right > left else (offs[left] if left < len(offs) else 0))
    prose.offsets = kept
    return prose


def drop_invisible(text: str, offs: Offsets) -> tuple[str, Offsets]:
    """Remove invisible format characters (and their offsets) from prose."""
    if INVISIBLE_RE.search(text) is None:
        return text, offs
    kept = [i for i, ch in enumerate(text) if not INVISIBLE_RE.match(ch)]
    return "".join(text[i] for i in kept), offs.take(kept)


def drop_urls(text: str, offs: Offsets) -> tuple[str, Offsets]:
    if "://" not in text and "www." not in text and "@" not in text:
        return text, offs
    out: list[str] = []
    out_offs = Offsets()
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
