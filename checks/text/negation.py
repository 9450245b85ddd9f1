"""Negation, hedge and attribution scopes in a sentence, after NegEx.

NegEx (Chapman WW, Bridewell W, Hanbury P, Cooper GF, Buchanan BG. "A simple algorithm for
identifying negated findings and diseases in discharge summaries." J Biomed Inform.
2001;34(5):301-310) finds a negation *trigger* ("no", "not", "without", "no evidence that"),
opens a *scope* that runs forward from it (or backward, for post-triggers such as "has not
been proven") and closes the scope at a *termination* term ("but", "however", "although")
or at the end of the sentence. *Pseudo-triggers* ("not only", "no increase") look like
negation and are not. ConText (Harkema H et al., J Biomed Inform. 2009;42(5):839-851)
extends the same machinery from negation to other properties; we use two of them:

- hedged: a hedge ("may", "can", "usually", "in some cases") anywhere in the same clause
  means the statement is not absolute ("Surgery usually cures carpal tunnel syndrome");
- attributed: the words are reported or mentioned, not asserted ("The theory is that ...",
  "Be wary of products that promise ...", "..., the seller claims").

The claims and language checks share this module; it knows nothing about health terms.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from healthlint.text import patterns

# Scope ends here (NegEx termination terms, plus clause punctuation that starts a new claim).
TERMINATION = (
    r"\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\bwhereas\b|\bexcept\b|\bapart from\b"
    r"|\bnevertheless\b|\bstill\b|\baside from\b|\bunless\b|, which\b|;|:|\s[–—]\s|\s-\s|!|\?"
    r"|\.{3}|…"
)

# Pre-triggers: negate what follows, up to a termination term or the end of the sentence.
PRE_NEGATION = (
    r"\bno\b|\bnot\b|n[’']t\b|\bnever\b|\bwithout\b|\bcannot\b|\bnone\b|\bnothing\b"
    r"|\bneither\b|\bnor\b|\bnobody\b|\bno one\b|\black(?:s|ed|ing)? (?:of )?(?:evidence|proof)\b"
    r"|\b(?:little|limited|insufficient|inconclusive|weak|scant) (?:evidence|proof)\b"
    r"|\bunproven\b|\bunable to\b|\bfail(?:s|ed)? to\b|\bfar from\b|\brather than\b"
    r"|\binstead of\b|\babsence of\b|\bdisprove[sd]?\b|\brefute[sd]?\b|\bdebunk(?:s|ed)?\b"
)

# Post-triggers: negate what comes before them in the clause.
POST_NEGATION = (
    r"\b(?:has|have|had|is|are|was|were)(?: not|n[’']t)(?: been| yet been)?"
    r" (?:proven|proved|shown|found|established|demonstrated|confirmed|approved|supported"
    r"|backed|true|recommended)\b"
    r"|\b(?:is|are|was|were) (?:a |an )?(?:myths?|false|untrue|unproven|unfounded|misleading"
    r"|not true|not supported|a misconception|misconceptions|a scam|scams|fraud|fake)\b"
    r"|\b(?:is|are|was|were|been) ruled out\b|\bunlikely\b"
    r"|\b(?:is|are|was|were|remains?) (?:very |too )?(?:limited|weak|scant|lacking|inconclusive"
    r"|mixed|unclear|conflicting|sparse)\b"
)

# Look like negation, are not.
PSEUDO_NEGATION = (
    r"\bnot only\b|\bnot just\b|\bno doubt\b|\bnot necessarily\b|\bno increase\b"
    r"|\bno change\b|\bno wonder\b|\bnothing but\b|\bnot to mention\b|\bno longer\b"
    r"|\bnever fails?\b|\bno matter\b|\bnot least\b"
)

# Hedges: the statement is qualified, not absolute (scope: the whole clause).
HEDGE = (
    r"\bmay\b|\bmight\b|\bcould\b|\bcan\b|\bca[’']n\b|\bpossibl[ey]\b|\bpotentially\b"
    r"|\bprobabl[ey]\b|\blikely\b|\busually\b|\boften\b|\bsometimes\b|\bgenerally\b"
    r"|\btypically\b|\bnormally\b|\bmostly\b|\bmost (?:of|often|people|patients|cases|adults"
    r"|children|men|women|newborns|babies|infections)\b|\bsome\b|\bseveral\b|\bmany\b"
    r"|\brarely\b|\bseldom\b|\boccasionally\b|\bfrequently\b|\bin (?:some|certain|rare|many)"
    r" (?:cases|instances|people|patients)\b|\bsuggest(?:s|ed|ing)?\b|\bappear(?:s|ed)? to\b"
    r"|\bseem(?:s|ed)? to\b|\btend(?:s|ed)? to\b|\balmost\b|\bnearly\b|\bpartly\b"
    r"|\bpartially\b|\bup to\b|\bin an effort to\b|\battempt(?:s|ed)? to\b|\baim(?:s|ed)? to\b"
    r"|\btr(?:y|ies|ied) to\b|\bhope[sd]?\b|\bif (?:caught|found|diagnosed|detected|treated)"
    r" early\b|\bwhen (?:caught|found|diagnosed|detected|treated) early\b|\bpreliminary\b"
    r"|\b(?:want|wants|wanted|ask|asks|asked|wonder|wonders|wondering|find out|know) (?:\w+ ){0,2}?"
    r"(?:if|whether)\b"
)

# Attribution and mention: words reported or quoted as an example, not asserted.
PRE_ATTRIBUTION = (
    r"\baccording to\b(?! (?:our|us|me|my)\b)|\bclaim(?:s|ed|ing)? (?:that|to)\b"
    r"|\b(?:is|are|was|were) said to\b"
    r"|\b(?:is|are|was|were) (?:thought|believed|claimed|promoted|marketed|advertised|touted"
    r"|sold|alleged|rumou?red|reported) (?:to|as)\b|\bthe (?:theory|idea|belief|claim) (?:is|was)\b"
    r"|\btheor(?:y|ies|ised|ized) that\b|\bproponents\b|\badvocates\b|\bsupporters\b"
    r"|\b(?:some|many|other|most) people(?: \w+){0,3}? (?:think|believe|say|claim|feel)\b"
    r"|\bpeople (?:think|believe|say|claim)\b|\bmyths?\b|\bbeware\b|\bwatch out for\b"
    r"|\bbe (?:wary|suspicious|sceptical|skeptical|careful|cautious) (?:of|about)\b"
    r"|\bred flags?\b|\bwarning signs?\b|\b(?:claims|promises|phrases|words|terms|ads|adverts"
    r"|advertisements|labels) (?:like|such as|that (?:say|promise|claim))\b"
    r"|\b(?:that|which|who) promise[sd]?\b|\bso-called\b|\bsupposedly\b|\ballege(?:d|dly)\b"
    r"|\bpurport(?:s|ed|edly)?\b|\bmarketed as\b|\bsold as\b"
    r"|\bwarn(?:s|ed)? (?:that|about|against)\b"
)
POST_ATTRIBUTION = (
    r",? (?:the )?(?:company|seller|maker|manufacturer|website|site|ad|advert|label|brand"
    r"|proponents|supporters|advocates|promoters|they|he|she) (?:says?|said|claims?|claimed"
    r"|promises?|promised|insists?|insisted)\b"
)


@dataclass(frozen=True)
class Trigger:
    kind: str  # "negation", "attribution"
    start: int
    end: int
    forward: bool


@lru_cache(maxsize=16)
def _compile(pattern: str) -> re.Pattern[str]:
    # patterns are lower case and run on lower-cased text; their code is kept in the user's
    # cache (``healthlint.text.patterns``)
    return patterns.compile(pattern)


def lower(text: str) -> str:
    """``text`` in lower case, same length (so offsets hold): regexes without IGNORECASE run
    several times faster on it."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class Scopes:
    """Negation, hedge and attribution scopes of one sentence (character offsets)."""

    def __init__(self, text: str, pseudo: str | None = None) -> None:
        self.text = text
        masked = _mask(lower(text), PSEUDO_NEGATION + (f"|{pseudo}" if pseudo else ""))
        self.masked = masked
        self.bounds = _boundaries(text)
        self.triggers: list[Trigger] = []
        # each (kind, direction) comes from one pattern's matches: in order and not overlapping,
        # so their starts and their ends are both sorted and every look-up below is a bisection
        # (a scan per phrase was quadratic in a sentence with many phrases)
        self._spans: dict[tuple[str, bool], Spans] = {}
        for kind, forward, pattern in (("negation", True, PRE_NEGATION),
                                       ("negation", False, POST_NEGATION),
                                       ("attribution", True, PRE_ATTRIBUTION),
                                       ("attribution", False, POST_ATTRIBUTION)):
            found = [Trigger(kind, m.start(), m.end(), forward)
                     for m in _compile(pattern).finditer(masked)]
            self.triggers.extend(found)
            self._spans[kind, forward] = Spans([(t.start, t.end) for t in found])
        self.hedges = [(m.start(), m.end()) for m in _compile(HEDGE).finditer(masked)]
        self._hedges = Spans(self.hedges)
        self._bounds = Spans(self.bounds)

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around ``text[start:end]``: from the last termination before it to the
        next one after it (or the sentence ends)."""
        before = self._bounds.last_ending_by(start)
        after = self._bounds.first_starting_at(end)
        return (0 if before is None else before[1],
                len(self.text) if after is None else after[0])

    def _in_scope(self, kind: str, start: int, end: int) -> bool:
        """A ``kind`` trigger in the clause scopes over ``text[start:end]``: a pre-trigger
        between the clause start and the phrase, or a post-trigger between the phrase and the
        clause end. A trigger inside the phrase itself ("no side effects") is the phrase."""
        left, right = self.clause(start, end)
        return (self._spans[kind, True].any_within(left, start)
                or self._spans[kind, False].any_within(end, right))

    def negated(self, start: int, end: int) -> bool:
        return self._in_scope("negation", start, end)

    def attributed(self, start: int, end: int) -> bool:
        return self._in_scope("attribution", start, end)

    def hedged(self, start: int, end: int) -> bool:
        left, right = self.clause(start, end)
        return self._hedges.any_within(left, start) or self._hedges.any_within(end, right)


class Spans:
    """Spans ``(start, end)`` of one pattern's matches: in order and not overlapping."""

    @classmethod
    def of(cls, pattern: re.Pattern[str], text: str, pos: int = 0) -> Spans:
        return cls([m.span() for m in pattern.finditer(text, pos)])

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def any_within(self, left: int, right: int) -> bool:
        """Some span lies inside ``[left, right]``: the first one that starts at or after
        ``left`` ends first."""
        k = bisect.bisect_left(self.starts, left)
        return k < len(self.spans) and self.ends[k] <= right

    def overlaps(self, start: int, end: int) -> bool:
        """Some span overlaps ``[start, end)``: the first one that ends after ``start`` starts
        first."""
        k = bisect.bisect_right(self.ends, start)
        return k < len(self.spans) and self.starts[k] < end

    def contains(self, start: int, end: int) -> bool:
        """Some span holds all of ``[start, end)``."""
        k = bisect.bisect_right(self.starts, start) - 1
        return k >= 0 and end <= self.ends[k]

    def last_ending_by(self, offset: int) -> tuple[int, int] | None:
        k = bisect.bisect_right(self.ends, offset)
        return self.spans[k - 1] if k else None

    def first_starting_at(self, offset: int) -> tuple[int, int] | None:
        k = bisect.bisect_left(self.starts, offset)
        return self.spans[k] if k < len(self.spans) else None


def _mask(text: str, pattern: str) -> str:
    """``text`` with the pseudo-triggers blanked out (same length, so offsets still hold)."""
    return _compile(pattern).sub(lambda m: "_" * len(m.group()), text)


def _boundaries(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _compile(TERMINATION).finditer(lower(text))]


QUOTE_PAIRS = {"“": "”", "„": "“", "«": "»", "‘": "’"}
QUOTE_OPEN = re.compile('["“„«‘]')


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of quoted passages: “curly”, "straight", «guillemets», ‘single’
    quotes.

    A single curly quote closes only before a non-letter, so the apostrophe in "it’s" does not
    end a ‘quotation’. An unclosed quote quotes nothing.

    Each opening quote finds its closing one by bisecting a list of where each closing quote
    is, made once: searching the rest of the text from every unclosed quote took time that grew
    with the square of their number.
    """
    spans: list[tuple[int, int]] = []
    opener = QUOTE_OPEN.search(text)
    closers: dict[str, list[int]] = {}
    while opener is not None:
        i = opener.start()
        ch = text[i]
        after = i + 1
        if not (ch == "‘" and i > 0 and text[i - 1].isalnum()):
            close = '"' if ch == '"' else QUOTE_PAIRS[ch]
            if close not in closers:
                closers[close] = _closing_quotes(text, close)
            positions = closers[close]
            k = bisect.bisect_right(positions, i)
            if k < len(positions):
                spans.append((i, positions[k] + 1))
                after = positions[k] + 1
        opener = QUOTE_OPEN.search(text, after)
    return spans


def _closing_quotes(text: str, close: str) -> list[int]:
    """Offsets where ``close`` can close a quotation, in order."""
    positions = []
    j = text.find(close)
    while j >= 0:
        if close != "’" or j + 1 == len(text) or not text[j + 1].isalpha():
            positions.append(j)
        j = text.find(close, j + 1)
    return positions


def scopes(text: str, pseudo: str | None = None) -> Scopes:
    """Analyse one sentence. ``pseudo`` adds pseudo-triggers (a regex alternation), for
    phrases that start with a negation word but are themselves the claim ("no side effects")."""
    return Scopes(text, pseudo)


def is_negated(text: str, start: int, end: int) -> bool:
    return Scopes(text).negated(start, end)


def is_hedged(text: str, start: int, end: int) -> bool:
    return Scopes(text).hedged(start, end)


__all__ = ["Scopes", "Spans", "Trigger", "is_hedged", "is_negated", "lower", "quote_spans",
           "scopes"]
