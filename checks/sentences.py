"""Sentence splitting for health prose.

Splits after ``.``, ``!`` or ``?`` followed by white space, except after abbreviations that
health writing is full of ("Dr.", "e.g.", "i.e.", "approx.", "vs.", "no. 5", single initials)
and never inside numbers ("2.5 mg"). "etc.", "a.m." and "p.m." end a sentence only when the
next word starts with a capital letter ("at 9 a.m. Take it ..." is two sentences, "at 9 a.m.
and 5 p.m." is one). Paragraph, list item, table cell and heading ends are sentence ends too:
the Document splits each of those blocks separately.
"""

from __future__ import annotations

import re

# Never the end of a sentence, whatever follows.
ABBREVIATIONS = frozenset(
    """dr mr mrs ms mx prof sr jr st mt e.g eg i.e ie approx vs v cf al fig figs no nos vol
    pp p ed eds dept inc ltd co corp univ est ca min max tab tabs cap caps resp approx ref
    refs ch sec jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n""".split()
)
# End a sentence only when the next word is capitalised.
SOMETIMES = frozenset("etc a.m am p.m pm u.s.a".split())

BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)")
WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences in ``text``, white space trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        end = match.end()
        if match.group().startswith(".") and not _ends_sentence(text, match.start(), end):
            continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _ends_sentence(text: str, dot: int, end: int) -> bool:
    head = text[max(0, dot - 40):dot + 1]
    found = WORD_BEFORE.search(head)
    rest = text[end:].lstrip()
    next_char = rest[:1]
    if not next_char:
        return True
    if found:
        word = found.group(1).lower()
        if word in ABBREVIATIONS:
            return False
        if word in SOMETIMES:
            return next_char.isupper()
        if len(word) == 1 and found.group(1).isupper() and _preceded_by_space(text, found, dot):
            return False  # an initial: "J. Smith"
    return not next_char.islower()


def _preceded_by_space(text: str, found: re.Match[str], dot: int) -> bool:
    begin = dot + 1 - len(found.group())
    return begin == 0 or text[begin - 1] in " (\"'“"


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    if right > left:
        spans.append((start + left, start + right))
