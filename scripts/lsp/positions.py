"""Positions as the client counts them.

A Finding (and an Edit) gives 1-based lines and columns in code points; the Language Server
Protocol counts 0-based lines and columns in the negotiated encoding's code units: UTF-16 by
default, UTF-8 or UTF-32 when the client prefers them. "µ" is one UTF-16 unit and two UTF-8
bytes; an emoji outside the Basic Multilingual Plane is two UTF-16 units and four bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` the text takes."""
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == UTF16:
        return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
    return len(text)


def byte_order_marks(text: str) -> int:
    """How many byte order marks the parser drops from the start of ``text`` (at most two:
    the decoder takes one, the parser another)."""
    count = 0
    while count < 2 and text.startswith("\ufeff", count):
        count += 1
    return count


def split_lines(text: str) -> list[str]:
    """The lines of a text as the protocol numbers them (``\\n``, ``\\r\\n`` or ``\\r``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def to_client(lines: Sequence[str], line: int, column: int, encoding: str) -> tuple[int, int]:
    """A 1-based (line, code point column) as the client's 0-based (line, character).

    The parser drops byte order marks at the start of the text (a finding's columns on line
    1 count from after them) while the client's text keeps them: they are counted here."""
    index = min(max(line, 1), len(lines)) - 1
    text = lines[index]
    if index == 0:
        column += byte_order_marks(text)
    return index, units(text[:max(column, 1) - 1], encoding)


def from_client(lines: Sequence[str], line: int, character: int, encoding: str) -> int:
    """The 0-based code point column of a client's (line, character) on its line."""
    if not 0 <= line < len(lines):
        return 0
    text = lines[line]
    if encoding == UTF32:
        return min(character, len(text))
    count = 0
    for index, char in enumerate(text):
        if count >= character:
            return index
        count += units(char, encoding)
    return len(text)
