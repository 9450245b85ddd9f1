"""Positions in the client's encoding: a code point column and a client's column agree in
UTF-8, UTF-16 and UTF-32 on any line, emoji and "µ" included."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from healthlint.commands.lsp.positions import (
    UTF8,
    UTF16,
    UTF32,
    from_client,
    split_lines,
    to_client,
    units,
)

LINE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\ufeff"),
               max_size=40)


def test_units_of_emoji_and_micro() -> None:
    assert [units("µg", e) for e in (UTF8, UTF16, UTF32)] == [3, 2, 2]
    assert [units("😀", e) for e in (UTF8, UTF16, UTF32)] == [4, 2, 1]


def test_lines_end_as_the_protocol_says() -> None:
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]


@given(LINE, st.data())
def test_a_column_goes_to_the_client_and_back(line: str, data: st.DataObject) -> None:
    column = data.draw(st.integers(0, len(line)))
    for encoding in (UTF8, UTF16, UTF32):
        index, character = to_client([line], 1, column + 1, encoding)
        assert index == 0
        assert character == units(line[:column], encoding)
        assert from_client([line], 0, character, encoding) == column


def test_a_column_past_the_end_is_the_end() -> None:
    assert to_client(["ab"], 1, 9, UTF16) == (0, 2)
    assert from_client(["ab"], 0, 9, UTF16) == 2
    assert to_client(["ab"], 5, 1, UTF16) == (0, 0)


def test_byte_order_marks_on_line_one_are_counted() -> None:
    # the parser's column 1 is the first character after the marks it dropped
    assert to_client(["\ufeffab"], 1, 2, UTF16) == (0, 2)
    assert to_client(["\ufeffab"], 1, 2, UTF8) == (0, 4)
    assert to_client(["\ufeffab", "\ufeffc"], 2, 2, UTF16) == (1, 1)
