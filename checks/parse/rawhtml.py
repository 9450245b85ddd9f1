"""Raw HTML blocks: their comments, and their text as prose. The page shows the text (the
exporter sanitizes tags, not text), so it is checked like any paragraph; tags, attributes,
comments and the content of script-like and code elements are left out, and block elements
start a new run of prose."""

from __future__ import annotations

import html
import re

from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.token import Token

from healthlint.parse.offsets import Offsets
from healthlint.parse.positions import content_map
from healthlint.parse.prose import ENTITY_RE, add_comments, add_run
from healthlint.parse.state import ParseState

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

Run = tuple[str, list[str], Offsets]  # kind of prose, its text in pieces, its source offsets
PLAIN_RE = re.compile(r"[^<&]*")  # text taken as it is (line breaks as spaces)


def html_block(state: ParseState, token: Token) -> None:
    if not token.map:
        return
    base = state.doc.line_starts[token.map[0]]
    add_comments(state, base, base + len(token.content))
    for kind, chars, offs in _runs(token.content, content_map(state, token)):
        add_run(state, kind, "".join(chars), offs)


def _runs(content: str, cmap: Offsets) -> list[Run]:
    """The text of an HTML block, split where block elements start and end; then the text of
    the attributes the page shows (a link's or an image's title, an image's alt text)."""
    runs: list[Run] = [("paragraph", [], Offsets())]
    shown: list[Run] = []
    k, n = 0, len(content)
    while k < n:
        ch = content[k]
        if ch == "<":
            match = HTML_TAG_RE.match(content, k)
            if match is None and content.startswith("<!--", k):
                break  # an unclosed comment hides the rest of the block
            if match is not None:
                shown.extend(attribute_runs(content, match.start(), match.end(), cmap))
                k = _past_tag(content, match, runs)
                continue
        _, chars, offs = runs[-1]
        k = _take(content, k, n, cmap, chars, offs)
    return runs + shown


def _take(content: str, k: int, stop: int, cmap: Offsets, chars: list[str],
          offs: Offsets) -> int:
    """Add the text at ``content[k]`` to ``chars`` and ``offs`` (one entity decoded, each of
    its characters at its ``&``, or the character at ``k`` and the plain text after it, line
    breaks as spaces); the position after it."""
    if content[k] == "&":
        entity = ENTITY_RE.match(content, k, stop)
        if entity is not None:
            for decoded in html.unescape(entity.group()):
                chars.append(decoded)
                offs.append(cmap[k])
            return entity.end()
    plain = PLAIN_RE.match(content, k + 1, stop)
    end = plain.end() if plain is not None else k + 1
    chars.append(content[k:end].replace("\n", " "))
    offs.extend(cmap[k:end])
    return end


# Attributes whose text the exported page shows (the sanitizer keeps them: a link's and an
# abbreviation's title on hover, an image's alt text and title), and the kind of prose each is
ATTRIBUTE_RE = re.compile(
    r"""\s([A-Za-z_:][\w:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
PUBLISHED_ATTRIBUTES = {("a", "title"): "link_title", ("abbr", "title"): "link_title",
                        ("img", "title"): "link_title", ("img", "alt"): "alt_text"}


def attribute_runs(content: str, start: int, end: int, cmap: Offsets) -> list[Run]:
    """The published attributes of the opening tag ``content[start:end]``, as runs of prose
    with their source offsets (entities decoded, each pointing at its ``&``)."""
    tag = TAG_NAME_RE.match(content, start)
    if tag is None or tag.group(1):
        return []
    element = tag.group(2).lower()
    found: list[Run] = []
    for attribute in ATTRIBUTE_RE.finditer(content, tag.end(), end):
        kind = PUBLISHED_ATTRIBUTES.get((element, attribute.group(1).lower()))
        group = next((g for g in (2, 3, 4) if attribute.group(g) is not None), None)
        if kind is None or group is None:
            continue
        chars: list[str] = []
        offs = Offsets()
        k, stop = attribute.start(group), attribute.end(group)
        while k < stop:
            k = _take(content, k, stop, cmap, chars, offs)
        found.append((kind, chars, offs))
    return found


def _past_tag(content: str, match: re.Match[str], runs: list[Run]) -> int:
    """Where the text after a tag starts (past the whole element if its content is hidden);
    a block element starts a new run."""
    k = match.end()
    tag = TAG_NAME_RE.match(match.group())
    if tag is None:
        return k
    name, closing = tag.group(2).lower(), tag.group(1) == "/"
    if name in HIDDEN_HTML and not closing and not match.group().endswith("/>"):
        end = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(content, k)
        k = end.end() if end else len(content)
        runs.append(("paragraph", [], Offsets()))
    elif name in BLOCK_HTML:  # a cell's text is a table cell, as in Markdown
        cell = name in ("td", "th") and not closing
        runs.append(("table_cell" if cell else "paragraph", [], Offsets()))
    return k
