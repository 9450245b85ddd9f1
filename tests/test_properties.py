"""Property tests: whatever Markdown comes in, positions point inside the file and at the text."""

from __future__ import annotations

import bisect

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.parse.document import Document, parse
from healthlint.rules.leftovers import prose_lines
from tests.conftest import lint

PIECES = st.sampled_from([
    "# ", "## ", "### ", "- ", "1. ", "> ", "**", "_", "`", "```\n", "\n", "\n\n", "  \n",
    "[link](https://example.org/a)", "<https://nhs.uk>", "![x](a.png)", "&amp;", "&eacute;",
    "\\*", "<!-- c -->", "<b>", "</b>", "| a | b |\n| - | - |\n| c | d |\n", "[^1]",
    "[^1]: note\n", "Dr. Smith", "e.g. ", "2.5 mg", "9 a.m. ", "cures ", "Asthma. ", "Words here",
    "---\n", "title: x\n", "\t", "é", "日本", "\r\n", " ",
])
MARKDOWN = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
def test_prose_offsets_point_at_their_characters(source: str) -> None:
    doc = parse(source, "p.md")
    for block in doc.blocks:
        assert len(block.offsets) == len(block.text) + 1
        for i, ch in enumerate(block.text):
            offset = block.offsets[i]
            assert 0 <= offset < len(doc.text)
            if not ch.isspace():
                assert doc.text[offset] == ch or doc.text[offset] in "\\&\x00", (source, block.text, i)
    for sentence in doc.sentences:
        start, end = sentence.span()
        assert 0 <= start <= end <= len(doc.text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
def test_findings_point_inside_the_file(source: str) -> None:
    findings = lint(source, path="p.md")
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for f in findings:
        assert 1 <= f.line <= max(1, len(lines))
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1
        assert (f.line, f.column) <= (f.end_line, f.end_column)


def lines_one_character_at_a_time(doc: Document) -> list[tuple[int, str, int, int]]:
    """Leftovers' prose lines as they were first found: each character's line looked up."""
    found = []
    for block in doc.blocks:
        if block.kind not in ("paragraph", "heading") or not block.text.strip():
            continue
        numbers = [bisect.bisect_right(doc.line_starts, block.offsets[i])
                   for i in range(len(block.text))]
        begin = 0
        for index in range(1, len(numbers) + 1):
            if index < len(numbers) and numbers[index] == numbers[begin]:
                continue
            piece = block.text[begin:index]
            if piece.strip():
                start = begin + len(piece) - len(piece.lstrip())
                end = begin + len(piece.rstrip())
                found.append((numbers[begin], block.text[start:end], start, end))
            begin = index
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
def test_prose_lines_cut_at_line_starts_are_the_lines_of_each_character(source: str) -> None:
    doc = parse(source, "p.md")
    assert [(line.number, line.text, line.start, line.end) for line in prose_lines(doc)] \
        == lines_one_character_at_a_time(doc)
