"""Sections: a heading opens one and closes every open section of its level or deeper; a
section's blocks, links and subsections are the ones between its heading and the next."""

from __future__ import annotations

from markdown_it.token import Token

from healthlint.parse.model import Document, Prose, Section
from healthlint.parse.state import ParseState


def heading_level(token: Token) -> int:
    return int(token.tag[1]) if token.tag[1:].isdigit() else 1


def open_section(state: ParseState, prose: Prose, token: Token) -> None:
    level = heading_level(token)
    line = (token.map[0] + 1) if token.map else prose.line
    close_sections(state, level, line - 1)
    parent = state.stack[-1] if state.stack else None
    section = Section(prose.text.strip(), level, line, line, prose, parent)
    if parent is not None:
        parent.children.append(section)
    state.doc.sections.append(section)
    state.stack.append(section)
    state.section = section


def close_sections(state: ParseState, level: int, before_line: int) -> None:
    """Close the open sections of ``level`` or deeper, each ending at ``before_line``."""
    while state.stack and state.stack[-1].level >= level:
        done = state.stack.pop()
        done.end_line = max(done.line, before_line)
    state.section = state.stack[-1] if state.stack else None


def link_blocks_to_sections(doc: Document) -> None:
    for section in doc.sections:
        for block in [section.heading, *section.blocks]:
            block.section = section
