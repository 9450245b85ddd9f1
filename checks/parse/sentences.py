"""Sentence splitting for health prose.

Splits after ``.``, ``!``, ``?`` or ``…`` followed by white space, except after abbreviations
that health writing is full of ("Dr.", "e.g.", "i.e.", "approx.", "vs.", single initials) and
never inside numbers ("2.5 mg"). "etc.", "a.m.", "p.m." and units such as "min." end a sentence
only when the next word starts with a capital letter ("at 9 a.m. Take it ..." is two
sentences, "at 9 a.m. and 5 p.m." is one); "no.", "fig." or "Jan." are abbreviations only
before a number ("No. 5", but "No. It is not."). A capital letter after a lower-case word is
a name, not an initial: "vitamin D. It helps" and "hepatitis B. People" are two sentences
each. Text pasted from web pages sometimes lost the space after a full stop ("each year.Of
these") or kept a citation number ("the liver.3 Drinking"); both end a sentence. Paragraph,
list item, table cell and heading ends are sentence ends too: the Document splits each of
those blocks separately.
"""

from __future__ import annotations

import re

# Never the end of a sentence, whatever follows.
ABBREVIATIONS = frozenset(
    """dr mr mrs ms mx prof sr jr st mt e.g eg i.e ie approx vs v cf al""".split()
)
# End a sentence only when the next word is capitalised.
SOMETIMES = frozenset(
    """etc a.m am p.m pm u.s.a min max est ca inc ltd co corp dept univ ed eds resp tab tabs
    cap caps""".split()
)
# Abbreviations only when a number follows ("No. 5", "Fig. 2", "Jan. 12").
BEFORE_NUMBER = frozenset(
    """no nos vol fig figs pp p ch sec ref refs jan feb mar apr jun jul aug sep sept oct nov
    dec""".split()
)
# Countries end a sentence only before a word that starts one ("... in the U.S. It affects");
# other capitalised words after them are names ("the U.S. Food and Drug Administration").
COUNTRIES = frozenset(["u.s", "u.k", "u.n"])
STARTERS = frozenset(
    """a about after also an and as at because but by each every for from he her his how if
    in it its many more most of on one only other people some she since so that the their
    there these they this those to we what when where which while who why you your""".split()
)
# Nouns that name things by a letter: "vitamin D.", "hepatitis B.", "type A.", "and K.".
LETTER_NAME = re.compile(
    r"(?i:\b(?:vitamins?|hepatitis|types?|groups?|stages?|grades?|class|phase|plan|parts?|"
    r"schedules?|categor(?:y|ies)|factors?|ha?emoglobin|strep|influenza|flu|section|"
    r"appendix|steps?|levels?|tiers?|zones?|antigens?|proteins?|and|or)) [A-Z]$"
)

# A run of stops is tried from its first character only and never backtracked into: a shorter
# part of the run is followed by another stop, not by white space, so it could not match anyway,
# and retrying inside a long run ("Wait.....x") took time that grew with its square. Each
# alternative opens with the stop it consumes and looks behind only then (not "(?<!...)[.!?…]"):
# the same matches, but the matcher skips to the next stop character instead of testing the
# look-behind at every position of the text (3-4x faster on prose).
BOUNDARY = re.compile(
    r"[.!?…](?<![.!?…][.!?…])[.!?…]*+[\"'”’)\]]*+(?=\s|$)"  # stops, closing quotes, space
    r"|\.(?<=[A-Za-z]{2}\.)(?:\d{1,3}(?=\s+[A-Z])|(?=[A-Z][a-z]))"  # "liver.3 Drinking", "year.Of"
)
WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
FIRST_WORD = re.compile(r"[\"'“‘(]*([A-Za-z]+)")
NEXT_NON_SPACE = re.compile(r"\S")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences in ``text``, white space trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        end = match.end()
        if match.group()[0] in ".…" and not _ends_sentence(text, match.start(), end):
            continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _ends_sentence(text: str, dot: int, end: int) -> bool:
    head = text[max(0, dot - 40):dot + 1]
    found = WORD_BEFORE.search(head)
    after = NEXT_NON_SPACE.search(text, end)  # not text[end:]: a copy per stop is quadratic
    if after is None:
        return True
    next_char = after.group()
    if found:
        word = found.group(1).lower()
        if word in COUNTRIES:
            starter = FIRST_WORD.match(text, after.start())
            return starter is not None and starter.group(1).lower() in STARTERS
        if word in ABBREVIATIONS:
            return False
        if word in SOMETIMES:
            return next_char.isupper()
        if word in BEFORE_NUMBER and next_char.isdigit():
            return False
        if len(word) == 1 and found.group(1).isupper() and _preceded_by_space(text, found, dot):
            if not LETTER_NAME.search(head[:-1]):
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
