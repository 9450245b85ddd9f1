"""Disease and condition names: the objects of a disease claim (HL508, issue 9 kind 1).

A disease claim is a subject, a verb of the treating family and an object that is a disease or
a condition: any of them, not a hand-picked few. The names are the MeSH disease terms (trees C
and F03, NLM; ``data/conditions.txt``, built by tools/build_conditions.py, provenance in
``data/conditions.md``), with the markers, symptoms and agents that MeSH does not list as
diseases added from ``[frame] conditions-extra`` in ``data/claims.toml`` (blood sugar, A1c,
cholesterol, flare-ups, cancer cells, germs).

The list is a set of keys (lower case, letters and digits, single spaces), loaded the first
time a sentence has a verb of the family; a name is looked up by the words after the verb,
longest first, so no large regular expression is compiled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from healthlint.text.nearwords import WordTable
from healthlint.text.vocabulary import list_lines

CONDITIONS_FILE = "data/conditions.txt"
MAX_WORDS = 5  # the longest name kept by the build script
# a word as a name is looked up: letters and digits; "alzheimer's" reads as "alzheimer"
TOKEN = re.compile(r"[a-z0-9]+(?:['’]s\b)?")


@cache
def shipped_names() -> WordTable:
    """The names of data/conditions.txt (comment lines skipped), sorted in one string
    (``WordTable``: about 0.6 MB where a frozenset of the 22,000 strings took 4.5 MB, held
    by every process that checks claims, the language server among them)."""
    text = resources.files("healthlint").joinpath(CONDITIONS_FILE).read_text("utf-8")
    return WordTable.of(sorted(set(list_lines(text))))


def bare(word: str) -> str:
    """A token without its possessive ending: "crohn's" -> "crohn"."""
    return word.split("'")[0].split("’")[0]


def key(text: str) -> str:
    """A phrase as the list holds it: "Flare-ups" -> "flare ups", "Crohn's" -> "crohn"."""
    return " ".join(bare(m.group()) for m in TOKEN.finditer(text.lower()))


def singulars(word: str) -> tuple[str, ...]:
    """A word with each plural ending it may have taken off (as the build script does)."""
    forms: list[str] = []
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        forms.append(word[:-1])
    return tuple(forms)


class Conditions:
    """Disease and condition names, looked up after a verb. The shipped list is read the
    first time a name is looked up, not when the lexicon is built."""

    def __init__(self, extra: Iterable[str], skip: Iterable[str], gap: int = 4,
                 pattern: re.Pattern[str] | None = None) -> None:
        self.pattern = pattern  # the hand-written names ("herpes", "cancer cells") besides
        self.extra = frozenset(key(e) for e in extra)
        self.skip = frozenset(skip)  # words a gap may not hold ("which", "risk", "healthy")
        self.gap = gap  # words that may stand between the verb and the name
        self._names: WordTable | None = None

    def named(self, name: str) -> bool:
        """Whether ``name`` (a key) is a condition: in the shipped list or the extras."""
        if name in self.extra:
            return True
        if self._names is None:
            self._names = shipped_names()
        return name in self._names

    def known(self, words: list[str]) -> bool:
        if self.named(" ".join(words)):
            return True
        head = " ".join(words[:-1])
        return any(self.named(f"{head} {form}" if head else form)
                   for form in singulars(words[-1]))

    def after(self, low: str, start: int, end: int) -> tuple[int, int] | None:
        """The span of the first name (the longest there) within ``gap`` words after
        ``start``, in one stretch of words (a full stop, a semicolon or a bracket ends it);
        None when a word that the gap may not hold comes first."""
        tokens: list[tuple[str, int, int]] = []
        at = start
        for match in TOKEN.finditer(low, start, end):
            between = low[at:match.start()]
            if tokens and between.strip(" ,-‐‑/") != "" or not tokens and between.strip(" ") != "":
                break
            tokens.append((bare(match.group()), match.start(), match.end()))
            at = match.end()
            if len(tokens) >= self.gap + 1 + MAX_WORDS:
                break
        for first in range(min(self.gap + 1, len(tokens))):
            found = self._longest(low, tokens[first:first + MAX_WORDS])
            if found is not None:
                return found
            if tokens[first][0] in self.skip:
                return None
        return None

    def _longest(self, low: str, tokens: list[tuple[str, int, int]]) -> tuple[int, int] | None:
        """The longest name that opens ``tokens``, from the list or the hand-written pattern."""
        start = tokens[0][1]
        written = self.pattern.match(low, start) if self.pattern is not None else None
        for size in range(len(tokens), 0, -1):
            if written is not None and written.end() >= tokens[size - 1][2]:
                return written.span()
            if self.known([t[0] for t in tokens[:size]]):
                return start, tokens[size - 1][2]
        return written.span() if written is not None else None

    def within(self, low: str, start: int, end: int) -> tuple[int, int] | None:
        """The span of the first name that starts at a word between ``start`` and ``end``."""
        for match in TOKEN.finditer(low, start, end):
            found = self._at(low, match.start(), end)
            if found is not None:
                return found
        return None

    def _at(self, low: str, start: int, end: int) -> tuple[int, int] | None:
        tokens: list[tuple[str, int, int]] = []
        for match in TOKEN.finditer(low, start, end):
            if tokens and low[tokens[-1][2]:match.start()].strip(" -‐‑/") != "":
                break
            tokens.append((bare(match.group()), match.start(), match.end()))
            if len(tokens) == MAX_WORDS:
                break
        return self._longest(low, tokens) if tokens else None
