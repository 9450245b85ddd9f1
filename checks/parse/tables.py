"""Table cells: where a cell's text stands in its source row. Cells of one row share a source
line, so each is looked for after the one before; a pipe written ``\\|`` in the source is ``|``
in the cell's text."""

from __future__ import annotations

from healthlint.parse.state import ParseState


def cell_columns(state: ParseState, index: int, source_line: str,
                 content_line: str) -> tuple[int, list[int] | None]:
    """Where a line of a cell's content starts in 0-based source line ``index``; with escaped
    pipes, also the column of each of its characters (and one past its end)."""
    begin = state.cell_cursor.get(index, 0)
    escaped = content_line.replace("|", "\\|")
    pos = source_line.find(escaped, begin) if content_line else -1
    if pos >= 0 and escaped != content_line:
        columns = [pos]
        k = pos
        for ch in content_line[:-1]:
            k += 2 if source_line[k] == "\\" and ch == "|" else 1
            columns.append(k)
        end = pos + len(escaped)
        state.cell_cursor[index] = end
        columns.append(min(end, len(source_line)))
        return pos, columns
    if pos < 0:
        pos = begin
    state.cell_cursor[index] = pos + len(content_line)
    return pos, None
