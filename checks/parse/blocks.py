"""The block pass: markdown-it's token stream read once, keeping track of lists, block quotes,
table cells and sections, and handing inline content and raw HTML to their passes."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from healthlint.core.families import declared
from healthlint.parse.inline import inline, reference_titles
from healthlint.parse.offsets import Offsets
from healthlint.parse.prose import add_run
from healthlint.parse.rawhtml import html_block
from healthlint.parse.sections import close_sections
from healthlint.parse.state import ParseState

TOO_DEEP = declared("HL011")
# tokens that are content of the section they are in, beside every *_open but a heading's
CONTENT_TOKENS = ("html_block", "code_block", "fence", "hr")


@cache
def markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    return md.use(front_matter_plugin).use(footnote_plugin)


def read_blocks(state: ParseState) -> None:
    """The pass over the block tokens; every section is closed at the end of the file."""
    doc = state.doc
    tokens = doc.tokens
    # titles of link reference definitions, prose where their definitions are (a definition
    # leaves no token: each goes in before the first block that starts after it, or before
    # the block quote or list item that holds it closes)
    titles = reference_titles(state)
    containers: list[int] = []  # the line each open block quote or list item ends before
    for index, token in enumerate(tokens):
        kind = token.type
        if titles and token.map:
            _add_titles(state, titles, token.map[0])
        if kind in ("blockquote_open", "list_item_open"):
            containers.append(token.map[1] if token.map else 0)
        elif kind in ("blockquote_close", "list_item_close") and containers:
            _add_titles(state, titles, containers.pop())
        if kind in ("bullet_list_open", "ordered_list_open"):
            state.list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            state.list_depth -= 1
        elif kind == "blockquote_open":
            state.quote_depth += 1
        elif kind == "blockquote_close":
            state.quote_depth -= 1
        elif kind == "heading_open":
            state.pending_heading = token
        elif kind in ("th_open", "td_open"):
            state.in_cell = True
        elif kind in ("th_close", "td_close"):
            state.in_cell = False
        elif kind == "footnote_open":
            doc.footnotes += 1
        elif kind == "html_block":
            html_block(state, token)
        elif kind == "inline":
            inline(state, token, tokens[index - 1] if index else None)
        if state.section is not None and kind.endswith("_open") and kind != "heading_open":
            state.section.content_tokens += 1
        if state.section is not None and kind in CONTENT_TOKENS:
            state.section.content_tokens += 1
    _add_titles(state, titles, len(doc.line_starts) + 1)
    close_sections(state, 0, len(doc.line_starts))


def _add_titles(state: ParseState, titles: list[tuple[int, str, Offsets]], before: int) -> None:
    """The titles (in source order) whose definitions start before line ``before``."""
    while titles and titles[0][0] < before:
        _, title, offs = titles.pop(0)
        add_run(state, "link_title", title, offs)


def report_unread_nesting(state: ParseState) -> None:
    """markdown-it stops reading a list item or block quote nested at its ``maxNesting`` limit
    (its block tokenizer returns at once, and the container swallows the lines it would have
    read); say so instead of checking, and publishing, an article with lines missing."""
    doc = state.doc
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
