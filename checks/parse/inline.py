"""Inline content to prose: the text a reader sees of a paragraph, heading or table cell, each
character aligned with the source character it came from; links, images, image alt text and
link and image titles (they are published, so they are prose), footnote references and inline
comments on the way."""

from __future__ import annotations

import html
import re

from markdown_it.token import Token

from healthlint.parse.model import Image, Link, Prose
from healthlint.parse.offsets import Offsets
from healthlint.parse.positions import content_map
from healthlint.parse.prose import (
    ENTITY_RE,
    add_comments,
    add_run,
    add_to_section,
    block_prose,
    cleaned,
    trimmed,
)
from healthlint.parse.rawhtml import attribute_runs
from healthlint.parse.sections import heading_level, open_section
from healthlint.parse.state import ParseState


def inline(state: ParseState, token: Token, opener: Token | None) -> None:
    """The pass over one ``inline`` token; ``opener`` is the token before it."""
    if not token.map:
        return
    walk = _InlineWalk(state, token)
    for child in token.children or []:
        walk.visit(child)
    text, offs = cleaned("".join(walk.chars), walk.offs)
    line = token.map[0] + 1
    heading = state.pending_heading
    if opener is not None and opener.type == "heading_open" and heading is not None:
        prose = trimmed(Prose("heading", text, offs, line, level=heading_level(heading)),
                        text, offs)
        state.pending_heading = None
        open_section(state, prose, heading)
        state.doc.blocks.append(prose)
    else:
        kind = "table_cell" if state.in_cell else "paragraph"
        prose = block_prose(state, kind, text, offs, line)
        add_to_section(state, prose)
        if prose.text:
            state.doc.blocks.append(prose)
    for alt, alt_offs in walk.alt_texts:
        add_run(state, "alt_text", alt, alt_offs)
    for title, title_offs in walk.titles:
        add_run(state, "link_title", title, title_offs)
    for link in walk.links:
        state.doc.links.append(link)
        if state.section is not None:
            state.section.links.append(link)


class _InlineWalk:
    """The children of one inline token, read in step with its source content."""

    def __init__(self, state: ParseState, token: Token) -> None:
        self.state = state
        self.doc = state.doc
        self.aligner = Aligner(token.content, content_map(state, token))
        self.chars: list[str] = []
        self.offs = Offsets()
        self.links: list[Link] = []
        self.alt_texts: list[tuple[str, Offsets]] = []
        self.titles: list[tuple[str, Offsets]] = []  # `[x](url "title")`: shown on hover
        self.link_title = ""
        self.in_autolink = False  # the text of an autolink is its URL: not prose
        self.link_start: int | None = None
        self.link_href = ""

    def visit(self, child: Token) -> None:
        if self.in_autolink:
            if child.type == "link_close":
                self.in_autolink = False
                self.aligner.skip_past(">")
            return
        handler = self.HANDLERS.get(child.type)
        if handler is not None:
            handler(self, child)

    def line(self) -> int:
        return self.doc.position(self.aligner.source_offset())[0]

    def text(self, child: Token) -> None:
        self.chars.append(child.content)
        self.aligner.align_text(child.content, self.offs)

    def line_break(self, child: Token) -> None:
        off = self.aligner.skip_past("\n") - 1
        self.chars.append(" ")
        self.offs.append(max(off, 0))

    def code(self, child: Token) -> None:
        off = self.aligner.skip_code(child.markup, child.content)
        self.chars.append(" ")
        self.offs.append(off)

    def html_inline(self, child: Token) -> None:
        start = self.aligner.skip_literal(child.content)
        if child.content.startswith("<!--") and start is not None:
            add_comments(self.state, start, start + len(child.content))
        elif start is not None:  # `<a title="...">`, `<img alt="...">`: published text
            at = self.aligner.k - len(child.content)
            cmap = self.aligner.cmap[at:self.aligner.k]
            for kind, chars, offs in attribute_runs(child.content, 0, len(child.content), cmap):
                runs = self.titles if kind == "link_title" else self.alt_texts
                runs.append(("".join(chars), offs))

    def link_open(self, child: Token) -> None:
        href = str(child.attrs.get("href", ""))
        if child.markup in ("autolink", "linkify"):
            self.in_autolink = True
            self.aligner.skip_past("<")
            self.links.append(Link(href, href, self.line(), self.state.section))
        else:
            self.link_start = len(self.chars)
            self.link_href = href
            self.link_title = str(child.attrs.get("title") or "")
            self.aligner.skip_past("[")

    def link_close(self, child: Token) -> None:
        line = self.line()
        text = "".join(self.chars[self.link_start or 0:]).strip()
        self.links.append(Link(self.link_href, text, line, self.state.section))
        close = self.aligner.content.find("]", self.aligner.k)
        if self.link_title and close >= 0:
            self._title(self.link_title, close + 1)
        self.aligner.skip_link_destination()
        self.link_start = None

    def image(self, child: Token) -> None:
        self.doc.images.append(Image(str(child.attrs.get("src", "")), child.content,
                                     self.line()))
        self.aligner.skip_past("![")
        alt = "".join(c.content for c in child.children or []
                      if c.type in ("text", "text_special"))  # as the page shows it
        alt_offs = self.aligner.align_text(alt)
        if alt.strip():
            self.alt_texts.append((alt, alt_offs))
        self.aligner.skip_past("]")
        title = str(child.attrs.get("title") or "")
        if title:
            self._title(title, self.aligner.k)
        self.aligner.skip_link_destination(after_bracket=True)

    def _title(self, title: str, paren: int) -> None:
        """The title of ``[x](url "title")`` (or ``'title'``, ``(title)``), aligned with the
        source when the destination's parentheses at ``paren`` hold it."""
        span = title_span(self.aligner.content, paren)
        if span is None:
            return
        inner = Aligner(self.aligner.content[span[0]:span[1]],
                        self.aligner.cmap[span[0]:span[1]])
        self.titles.append((title, inner.align_text(title)))

    def footnote_ref(self, child: Token) -> None:
        if self.state.section is not None:
            self.state.section.footnote_refs += 1
        self.aligner.skip_past("]")

    HANDLERS = {
        "text": text, "text_special": text, "softbreak": line_break, "hardbreak": line_break,
        "code_inline": code, "html_inline": html_inline, "link_open": link_open,
        "link_close": link_close, "image": image, "footnote_ref": footnote_ref,
    }


def reference_titles(state: ParseState) -> list[tuple[int, str, Offsets]]:
    """The titles of link reference definitions (``[1]: https://… "title"``) that a link or
    image of the article uses: the page shows them on hover like an inline link's title, so
    they are prose, aligned with the definition's source. (0-based line of the definition,
    title, offsets), in source order. A definition no link uses is not published."""
    doc = state.doc
    used = {(str(child.attrs.get("href") or child.attrs.get("src") or ""),
             str(child.attrs["title"]))
            for token in doc.tokens if token.type == "inline"
            for child in token.children or []
            if child.type in ("link_open", "image") and child.attrs.get("title")}
    found: list[tuple[int, str, Offsets]] = []
    for reference in state.references.values():
        title, where = str(reference.get("title") or ""), reference.get("map")
        if not title or (str(reference.get("href") or ""), title) not in used \
                or not isinstance(where, list) or len(where) != 2:
            continue
        first, last = where
        start = doc.line_starts[min(first, len(doc.line_starts) - 1)]
        end = doc.line_starts[last] if last < len(doc.line_starts) else len(doc.text)
        opener = DEFINITION_TITLE_RE.match(doc.text, start, end)
        if opener is None:
            continue
        source = doc.text[opener.end():end]
        aligner = Aligner(source, Offsets.run(opener.end(), len(source) + 1))
        found.append((first, title, aligner.align_text(title)))
    return sorted(found, key=lambda item: item[0])


# A link reference definition up to its title's opening quote or parenthesis: the label (after
# any list or block quote markers), the destination, and the space (lines in a block quote
# carry their markers) before the title.
DEFINITION_TITLE_RE = re.compile(
    r"[^\[\n]*\[(?:[^\]\\]|\\.)+\]:(?:[ \t]|\n[ \t>]*)*"
    r"(?:<(?:[^>\\\n]|\\.)*>|[^\s<][^\s]*)(?:[ \t]|\n[ \t>]*)+[\"'(]")


def title_span(content: str, paren: int) -> tuple[int, int] | None:
    """Where the title of an inline link destination ``(url "title")`` starting at ``paren``
    sits in ``content``: the characters between its quotes, or None."""
    if paren >= len(content) or content[paren] != "(":
        return None
    match = DESTINATION_RE.match(content, paren + 1)
    if match is None or match.end() >= len(content):
        return None
    opener = content[match.end()]
    closer = {"'": "'", '"': '"', "(": ")"}.get(opener)
    if closer is None:
        return None
    k = match.end() + 1
    while k < len(content) and content[k] != closer:
        k += 2 if content[k] == "\\" else 1
    return (match.end() + 1, k) if k < len(content) else None


# A link destination and the space after it: <anything> or a run without spaces.
DESTINATION_RE = re.compile(
    r"[ \t\n]*(?:<(?:[^>\\\n]|\\.)*>|(?:[^\s\\()]|\\.|\([^\s()]*\))+)[ \t\n]+")


def _common_run(text: str, i: int, content: str, k: int) -> int:
    """How many characters from ``text[i]`` on equal those from ``content[k]`` on."""
    if content.startswith(text[i:], k):
        return len(text) - i
    low, high = 0, min(len(text) - i, len(content) - k)  # text[i:i+low] matches; high fails
    while low < high:
        middle = (low + high + 1) // 2
        if content.startswith(text[i:i + middle], k):
            low = middle
        else:
            high = middle - 1
    return low


class Aligner:
    """Walks inline source content alongside the parsed children to recover positions."""

    def __init__(self, content: str, cmap: Offsets) -> None:
        self.content = content
        self.cmap = cmap
        self.k = 0

    def source_offset(self) -> int:
        return self.cmap[min(self.k, len(self.cmap) - 1)]

    def align_text(self, text: str, into: Offsets | None = None) -> Offsets:
        """The source offsets of the characters of ``text`` (appended to ``into``, if given):
        the same as ``align`` of each character in turn, but a run of characters written as
        they are in the source (the common case: no escape or entity) is taken as one slice
        of the content map."""
        content, cmap = self.content, self.cmap
        result = Offsets() if into is None else into
        i = 0
        while i < len(text):
            k = self.k
            run = _common_run(text, i, content, k)
            if run:
                result.extend_from(cmap, k, k + run)
                self.k = k + run
                i += run
            else:
                result.append(self.align(text[i]))
                i += 1
        return result

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
