"""Where the content of a block token stands in the source: markdown-it strips list and quote
markers and indentation from each line, so each content line is found again in its source
line."""

from __future__ import annotations

from markdown_it.token import Token

from healthlint.parse.offsets import Offsets
from healthlint.parse.state import ParseState
from healthlint.parse.tables import cell_columns


def content_map(state: ParseState, token: Token) -> Offsets:
    """Source offset of every character of ``token.content`` (plus one past the end): a run
    per content line, unless its characters had to be placed one by one (escaped pipes in a
    table cell, a content line that does not fit in its source line)."""
    doc = state.doc
    first = token.map[0] if token.map else 0
    result = Offsets()
    for j, content_line in enumerate(token.content.split("\n")):
        index = min(first + j, len(doc.line_starts) - 1)
        line_start = doc.line_starts[index]
        source_line = doc.line_text(index + 1)
        if state.in_cell:
            pos, columns = cell_columns(state, index, source_line, content_line)
            if columns is not None:
                result.extend(line_start + column for column in columns)
                continue
        else:
            pos = _locate(source_line, content_line)
            if pos + len(content_line) > len(source_line):
                # a tab of indentation became spaces in the content (html blocks in list
                # items): the content is longer than its source, whose end it matches
                pos = len(source_line) - len(content_line)
        last = max(len(source_line) - 1, 0)
        if 0 <= pos and pos + len(content_line) - 1 <= last:  # the line as one run
            result.append_run(line_start + pos, len(content_line))
        else:
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
