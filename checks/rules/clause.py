"""A shallow clause reader for the claims check: who is said to do what (issue 9, kinds 1 and 2).

Given a verb of the treating family and its object, it walks back from the verb over the
words that stand between a subject and its verb (modals, "help(s) to", "has been shown to",
adverbs), over a relative pronoun to the noun it points to ("polyphenols, which kill ..."),
and takes the noun phrase before them, up to a determiner, a preposition, a punctuation mark
or a few words. Classifying that noun phrase (a medicine, a person, the body, a behaviour, a
disease, or a thing sold) is the caller's business: the reader only finds it.

The word lists are data (``[clause]`` in ``checks/data/claims.toml``).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

WINDOW = 200  # characters read before a verb for its subject
WORD = re.compile(r"\[[\w ]+\]|[\w’'-]+[™®]?|[^\w\s]")


@dataclass(frozen=True)
class Phrase:
    """A noun phrase found as a verb's subject: its span and its words (lower case)."""

    start: int
    end: int
    words: tuple[str, ...]
    relative: bool  # reached over ", which": the noun may be the clause before as a whole


@dataclass(frozen=True)
class ClauseReader:
    bridge: frozenset[str]  # words between a subject and its verb ("can", "helps", "to")
    to_bridge: frozenset[str]  # the words before a "to" that bridges ("helps to", "known to")
    progressive: frozenset[str]  # the words before a verb in -ing ("is fighting")
    passive: frozenset[str]  # the words before a verb in -ed that make it passive ("is treated")
    stops: frozenset[str]  # words that end a noun phrase on its left ("in", "of", "is")
    determiners: frozenset[str]  # the first word of a noun phrase, kept in it ("our", "this")
    not_adverbs: frozenset[str]  # words in -ly that are nouns ("jelly", "family")
    max_words: int
    not_agents: frozenset[str]  # words of a subject that does not sell: people, the body ...
    claim: re.Pattern[str]  # a verb of the treating family and its object
    verb: re.Pattern[str]  # a verb of the treating family
    medicine: re.Pattern[str]  # a licensed medicine by its name's stem ("-statin", "-mab")
    condition: re.Pattern[str]  # a condition or marker: the object, never the subject
    biology: re.Pattern[str]  # a sentence about the body's own molecules and cells
    title_advice: re.Pattern[str]  # verbs of a health page's Title Case headings ("Prevent")

    @classmethod
    def from_data(cls, data: Mapping[str, Any], *, claim: re.Pattern[str], verb: re.Pattern[str],
                  medicine: re.Pattern[str], condition: re.Pattern[str],
                  biology: re.Pattern[str], title_advice: re.Pattern[str]) -> ClauseReader:
        return cls(bridge=frozenset(data["bridge"]), to_bridge=frozenset(data["to-bridge"]),
                   progressive=frozenset(data["progressive"]),
                   passive=frozenset(data["passive"]), stops=frozenset(data["stops"]),
                   determiners=frozenset(data["determiners"]),
                   not_adverbs=frozenset(data["not-adverbs"]), max_words=int(data["max-words"]),
                   not_agents=frozenset(data["not-agents"]), claim=claim, verb=verb,
                   medicine=medicine,
                   condition=condition, biology=biology, title_advice=title_advice)

    def _bridging(self, word: str) -> bool:
        return word in self.bridge or (len(word) > 4 and word.endswith("ly")
                                       and word not in self.not_adverbs)

    def subject(self, low: str, left: int, verb: int, verb_end: int, before: int = 0,
                depth: int = 0) -> Phrase | None:
        """The noun phrase that is the subject of the verb at ``verb``, looked for between
        ``left`` (the start of the verb's clause) and the verb; over a relative pronoun at the
        clause's start, in the words from ``before`` to ``left``."""
        # a subject stands within a few words of its verb: the words read are bounded, so a
        # long clause with many verbs costs no more than a short one per verb
        left, before = max(left, verb - WINDOW), max(before, left - WINDOW)
        tokens = [(m.group(), m.start(), m.end()) for m in WORD.finditer(low, left, verb)]
        if low.startswith("ing", verb_end - 3) \
                and not (tokens and tokens[-1][0] in self.progressive):
            return None  # "self healing", "expertise in treating": not a finite verb
        if tokens and tokens[-1][0] in ("and", "or", "&"):
            # "X supports heart function and reduces high blood pressure": the subject of the
            # verb before, when it is of the family too ("find and treat diabetes": none)
            first = deque(self.verb.finditer(low, left, tokens[-1][1]), maxlen=1)
            if not first or depth > 0:
                return None
            return self.subject(low, left, first[0].start(), first[0].end(), before, depth + 1)
        if tokens and tokens[-1][0] in ("has", "have", "had") \
                and not low.startswith(("ed", "en"), verb_end - 2):
            return None  # "users had lower anxiety": an adjective after "had", not a verb
        if low.startswith("ed", verb_end - 2) and tokens and tokens[-1][0] in self.passive:
            return None  # "is treated with ...": the subject is the patient, not the agent
        while tokens and self._bridging(tokens[-1][0]):
            word = tokens.pop()[0]
            # "Products used to treat scabies": a participle describes what a thing is for
            if word == "to" and tokens and tokens[-1][0] == "used" \
                    and not (len(tokens) > 1 and tokens[-2][0] in self.passive):
                return None
            # "a substance to treat ...", "important to prevent": a purpose, not a subject's
            # verb; "helps to" and "is known to" bridge
            if word == "to" and not (tokens and tokens[-1][0] in self.to_bridge):
                return None
        relative = False
        if not tokens:  # "which" may end the clause before: "scopoletin, which lowers ..."
            tokens = [(m.group(), m.start(), m.end()) for m in WORD.finditer(low, before, left)]
            if not tokens or tokens[-1][0] not in ("which", "that", "who"):
                return None
        if tokens and tokens[-1][0] in ("which", "that", "who"):
            tokens.pop()
            relative = not tokens or tokens[-1][0] == ","
            if not tokens:  # "polyphenols, which": the clause boundary is the comma
                tokens = [(m.group(), m.start(), m.end())
                          for m in WORD.finditer(low, before, left)]
                left = before
            while tokens and tokens[-1][0] in (",", "—", "–"):
                tokens.pop()
        words: list[tuple[str, int, int]] = []
        for token in reversed(tokens):
            word = token[0]
            if not (word[0].isalpha() or word[0] == "[") or word in self.stops \
                    or len(words) == self.max_words:
                break
            words.append(token)
            if word in self.determiners:
                break
        if not words or words[0][0] in self.determiners:
            return None  # no noun: "for the", or only a determiner
        rest = len(tokens) - len(words)
        if rest > 0 and tokens[rest - 1][0].endswith("ing"):
            return None  # "Treating the disease can relieve ...": a gerund's object
        words.reverse()
        return Phrase(words[0][1], words[-1][2], tuple(w for w, _, _ in words), relative)
