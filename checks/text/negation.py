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

import re
from dataclasses import dataclass
from functools import lru_cache

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
    return re.compile(pattern)  # patterns are lower case and run on lower-cased text


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
        for match in _compile(PRE_NEGATION).finditer(masked):
            self.triggers.append(Trigger("negation", match.start(), match.end(), True))
        for match in _compile(POST_NEGATION).finditer(masked):
            self.triggers.append(Trigger("negation", match.start(), match.end(), False))
        for match in _compile(PRE_ATTRIBUTION).finditer(masked):
            self.triggers.append(Trigger("attribution", match.start(), match.end(), True))
        for match in _compile(POST_ATTRIBUTION).finditer(masked):
            self.triggers.append(Trigger("attribution", match.start(), match.end(), False))
        self.hedges = [(m.start(), m.end()) for m in _compile(HEDGE).finditer(masked)]

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around ``text[start:end]``: from the last termination before it to the
        next one after it (or the sentence ends)."""
        left = 0
        right = len(self.text)
        for b_start, b_end in self.bounds:
            if b_end <= start:
                left = b_end
            elif b_start >= end:
                right = b_start
                break
        return left, right

    def _in_scope(self, kind: str, start: int, end: int) -> Trigger | None:
        left, right = self.clause(start, end)
        for trig in self.triggers:
            if trig.kind != kind:
                continue
            if trig.start < end and start < trig.end:
                continue  # a trigger inside the phrase itself ("no side effects") is the phrase
            if trig.forward and left <= trig.start and trig.end <= start:
                return trig
            if not trig.forward and end <= trig.start and trig.end <= right:
                return trig
        return None

    def negated(self, start: int, end: int) -> bool:
        return self._in_scope("negation", start, end) is not None

    def attributed(self, start: int, end: int) -> bool:
        return self._in_scope("attribution", start, end) is not None

    def hedged(self, start: int, end: int) -> bool:
        left, right = self.clause(start, end)
        return any(left <= h_start and h_end <= right and not (h_start < end and start < h_end)
                   for h_start, h_end in self.hedges)


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
    """
    spans: list[tuple[int, int]] = []
    first = QUOTE_OPEN.search(text)
    if first is None:
        return spans
    i = first.start()
    n = len(text)
    while i < n:
        ch = text[i]
        close = '"' if ch == '"' else QUOTE_PAIRS.get(ch)
        if close is None or (ch == "‘" and i > 0 and text[i - 1].isalnum()):
            i += 1
            continue
        j = i + 1
        while j < n:
            if text[j] == close and (close != "’" or j + 1 == n or not text[j + 1].isalpha()):
                break
            j += 1
        if j >= n:
            i += 1
            continue
        spans.append((i, j + 1))
        i = j + 1
    return spans


def scopes(text: str, pseudo: str | None = None) -> Scopes:
    """Analyse one sentence. ``pseudo`` adds pseudo-triggers (a regex alternation), for
    phrases that start with a negation word but are themselves the claim ("no side effects")."""
    return Scopes(text, pseudo)


def is_negated(text: str, start: int, end: int) -> bool:
    return Scopes(text).negated(start, end)


def is_hedged(text: str, start: int, end: int) -> bool:
    return Scopes(text).hedged(start, end)


__all__ = ["Scopes", "Trigger", "is_hedged", "is_negated", "lower", "quote_spans", "scopes"]
