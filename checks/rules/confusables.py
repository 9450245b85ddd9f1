"""Confusable words (HL407, spelling family): a real word written for the one the sentence needs.

A spell checker passes "should of", "its very important to", "to much", "your welcome" and
"loose weight": every word is in the dictionary. These are among the commonest usage errors in
edited English (Merriam-Webster and the AP Stylebook list each of them), and in a health article
they read as carelessness at the point where the reader decides whether to trust the advice.
Only patterns that are nearly always a mistake are listed (checks/data/confusables.toml); each
gives no finding on the 156 published health articles of ../shared/corpus/good.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from healthlint import usercache
from healthlint.core.families import declared
from healthlint.core.findings import Applicability, Finding, Fix
from healthlint.engine.checks import Context, check
from healthlint.parse.document import Document
from healthlint.text.folding import fold

CONFUSABLE = declared("HL407")


@dataclass(frozen=True)
class Confusable:
    pattern: re.Pattern[str]
    replace: str
    why: str


@lru_cache(maxsize=1)
def confusables() -> tuple[Confusable, ...]:
    text = resources.files("healthlint").joinpath("data/confusables.toml").read_text("utf-8")
    return tuple(Confusable(re.compile(entry["pattern"], re.IGNORECASE), entry["replace"],
                            entry["why"])
                 for entry in usercache.toml(text)["confusable"])


@lru_cache(maxsize=1)
def any_confusable() -> re.Pattern[str]:
    """Every entry's pattern in one: a sentence it finds nothing in is not searched again for
    each entry (nearly every sentence; the entries use no back-references, so their groups
    may be renumbered)."""
    return re.compile("|".join(f"(?:{entry.pattern.pattern})" for entry in confusables()),
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def any_confusable_in_lower_case() -> re.Pattern[str] | None:
    """``any_confusable`` without IGNORECASE, for ASCII text in lower case: it finds something
    in ``text.lower()`` exactly when ``any_confusable`` finds something in ``text`` (the entries
    are written in lower case, and an ASCII letter matches its other case only), and runs
    several times faster. None when an entry has a capital letter (``\\S`` too)."""
    pattern = any_confusable().pattern
    if any("A" <= ch <= "Z" for ch in pattern):
        return None
    return re.compile(pattern)


def match_case(replacement: str, said: str) -> str:
    """The replacement with the capital of what was written: "Its not" -> "It's not"."""
    if said[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


@check("confusables", rules=(CONFUSABLE.code,), fixes=(Applicability.UNSAFE,))
def check_confusables(doc: Document, ctx: Context) -> Iterator[Finding]:
    entries = confusables()
    anything = any_confusable()
    lowered = any_confusable_in_lower_case()
    for sentence in doc.folded().sentences:  # look-alike letters folded, as claims do
        if sentence.block.kind not in ("paragraph", "heading", "table_cell"):
            continue
        text = sentence.text
        if lowered is not None and text.isascii():
            if lowered.search(text.lower()) is None:
                continue
        elif anything.search(text) is None:
            continue
        for entry in entries:
            for match in entry.pattern.finditer(sentence.text):
                said = match.group(0)
                fixed = match_case(match.expand(entry.replace), said)
                start, end = sentence.span(match.start(), match.end())
                yield ctx.finding(CONFUSABLE, start, end,
                                  f"“{said}” should be “{fixed}”: {entry.why}",
                                  suggestion=fixed, fix=replacement(doc, start, end, said, fixed))


def replacement(doc: Document, start: int, end: int, said: str, fixed: str) -> Fix | None:
    """An unsafe fix writing ``fixed`` for ``said`` (the sentence decides which word was
    meant), when the source holds ``said`` as the prose reads it (look-alike letters folded),
    not split by markup."""
    if fold(doc.text[start:end])[0] != said:
        return None
    return Fix(f"Replace “{said}” with “{fixed}”", Applicability.UNSAFE,
               (doc.edit(start, end, fixed),))
