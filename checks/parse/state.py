"""The one state the parser's passes share, as markdown-it's rules share theirs: the Document
they fill in and where the walk over the token stream is (lists, quotes, table cells, the open
sections)."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token

from healthlint.parse.model import Document, Section


@dataclass(eq=False)
class ParseState:
    doc: Document
    list_depth: int = 0
    quote_depth: int = 0
    in_cell: bool = False
    # the innermost open section, and every open section from the outermost in
    section: Section | None = None
    stack: list[Section] = field(default_factory=list)
    # a heading's opening token until its inline content makes the heading's section
    pending_heading: Token | None = None
    # per 0-based source line: where the next table cell's text is looked for
    cell_cursor: dict[int, int] = field(default_factory=dict)
    # markdown-it's link reference definitions (env["references"]): label -> href, title, map
    references: dict[str, dict[str, object]] = field(default_factory=dict)
