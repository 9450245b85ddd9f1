"""Readability (HL3xx): grade level of the prose against the profile's target, and where to start.

The scores are textstat's formulas (Flesch-Kincaid grade, SMOG, Flesch reading ease) with
textstat's word and syllable counts (``healthlint.text.syllables``, which never touches NLTK),
but the
sentences are the Document's: every heading, list item and paragraph ends a sentence, and
"Dr.", "e.g." or "2.5 mg" do not. What is scored is prose a reader reads through: headings,
paragraphs and list items. Left out: code, URLs and link targets (the Document never puts them
in prose), table cells (a table is read cell by cell, not as sentences), footnote definitions
and the Sources / References section (lists of citations, not prose).

Targets come from the article's profile (``max-grade``, default 8, and ``metric``). NIH's
MedlinePlus guide to easy-to-read health materials asks for about a 6th to 7th grade level,
and NIH's "Clear & Simple" warns that materials written at 10th grade and above are of
little use to readers with limited literacy. The formulas only measure the length of words
and sentences (AHRQ, "Be cautious about using readability formulas"), so the rules here also
point at the sentences and paragraphs to rewrite, and an article with fewer than
``min-words`` words of prose is reported as too short to score (HL306) instead of judged.
"""

from __future__ import annotations

import bisect
import math
import re
import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from healthlint.config import METRICS, PROFILE_KEYS, Profile
from healthlint.core.families import declared, family_codes
from healthlint.core.findings import Finding
from healthlint.engine.checks import Context, check
from healthlint.parse.document import Document, Prose, Sentence
from healthlint.text.phrases import normalize
from healthlint.text.syllables import POLYSYLLABLE, list_words, syllable_counts, word_syllables

FLESCH_KINCAID, SMOG, READING_EASE = "flesch-kincaid", "smog", "flesch-reading-ease"
METRIC_NAMES = {
    FLESCH_KINCAID: "Flesch-Kincaid grade",
    SMOG: "SMOG grade",
    READING_EASE: "Flesch reading ease",
}
DEFAULT_GRADE = float(PROFILE_KEYS["max-grade"].default)
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
PUNCTUATION = string.punctuation + "“”‘’«»…–—"
TOKEN_RE = re.compile(r"\S+")  # str.split()'s tokens, with their positions
SPLIT_POINT = re.compile(
    r";\s|:\s|\s[–—]\s|,\s+(?:and|but|or|so|which|because|although|though|while|where|"
    r"when|if|unless|as|since)\s", re.IGNORECASE)


READING_LEVEL = declared("HL301")
SECTION_READING_LEVEL = declared("HL302")
HARDEST_SENTENCE = declared("HL303")
LONG_SENTENCE = declared("HL304")
LONG_PARAGRAPH = declared("HL305")
TOO_SHORT_TO_SCORE = declared("HL306")


# ---- counting --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Counts:
    """What every formula needs: sentences, words, syllables, words of 3+ syllables."""

    sentences: int = 0
    words: int = 0
    syllables: int = 0
    polysyllables: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.sentences + other.sentences, self.words + other.words,
                      self.syllables + other.syllables, self.polysyllables + other.polysyllables)

    def __sub__(self, other: Counts) -> Counts:
        return Counts(self.sentences - other.sentences, self.words - other.words,
                      self.syllables - other.syllables, self.polysyllables - other.polysyllables)


def total(counts: Iterable[Counts]) -> Counts:
    """The sum of ``counts``, added field by field (not a Counts made for each addition)."""
    sentences = words = syllables = polysyllables = 0
    for one in counts:
        sentences += one.sentences
        words += one.words
        syllables += one.syllables
        polysyllables += one.polysyllables
    return Counts(sentences, words, syllables, polysyllables)


def score(metric: str, counts: Counts) -> float | None:
    """textstat's formula for ``metric`` on these counts; None when there are no words."""
    if counts.words <= 0 or counts.sentences <= 0:
        return None
    words_per_sentence = counts.words / counts.sentences
    syllables_per_word = counts.syllables / counts.words
    if metric == FLESCH_KINCAID:
        return 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
    if metric == READING_EASE:
        return 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
    if metric == SMOG:
        return 1.043 * math.sqrt(counts.polysyllables * 30 / counts.sentences) + 3.1291
    raise ValueError(f"unknown readability metric {metric!r}; valid: {', '.join(METRICS)}")


def too_hard(metric: str, value: float, target: float) -> bool:
    """Over a grade target, or under a reading-ease minimum (compared as displayed)."""
    shown = round(value, 1)
    return shown < target if metric == READING_EASE else shown > target


def hardness(metric: str, value: float) -> float:
    """A number that grows as text gets harder, whatever the metric's direction."""
    return -value if metric == READING_EASE else value


def words_of(text: str) -> list[str]:
    """Words as textstat counts them; typographic apostrophes read as straight ones."""
    return list_words(text.translate(APOSTROPHES))


@dataclass(frozen=True)
class ScoredSentence:
    sentence: Sentence
    counts: Counts

    def where(self, doc: Document) -> str:
        line, column = doc.position(self.sentence.span()[0])
        return f"{line}:{column}"

    def long_words(self) -> list[str]:
        """Its words of 3+ syllables as written, most syllables first.

        textstat's words are the white-space-separated tokens with punctuation removed (tokens
        of punctuation only are dropped), so going token by token finds the same words while
        keeping their written form ("serotonin-norepinephrine", not the joined form textstat
        looks up).
        """
        found: list[tuple[int, str]] = []
        for token in self.sentence.text.translate(APOSTROPHES).split():
            counted = list_words(token)
            if counted:
                count = word_syllables(counted[0])
                if count >= POLYSYLLABLE:
                    found.append((count, token.strip(PUNCTUATION)))
        found.sort(key=lambda pair: -pair[0])
        return [word for _, word in found]


@lru_cache(maxsize=512)
def count_sentence(text: str) -> Counts:
    """Words, syllables and words of 3+ syllables of one sentence's text, as textstat counts
    them (nothing else is read: the word lists and Pyphen's patterns are the package's). Kept
    for the latest sentences: after a pass of fixes (or a keystroke in the language server)
    most sentences of an article are as they were."""
    words = words_of(text)
    syllables = syllable_counts(words)
    long_words = len([count for count in syllables if count >= POLYSYLLABLE])
    return Counts(1, len(words), sum(syllables), long_words)


def measure_sentence(sentence: Sentence) -> ScoredSentence:
    """Words, syllables and words of 3+ syllables of one sentence, as textstat counts them."""
    return ScoredSentence(sentence, count_sentence(sentence.text))


# ---- what is prose ---------------------------------------------------------------------------

def footnote_lines(doc: Document) -> set[int]:
    """1-based lines of footnote definitions (citations, not prose)."""
    lines: set[int] = set()
    depth = 0
    for token in doc.tokens:
        if token.type == "footnote_open":
            depth += 1
        elif token.type == "footnote_close":
            depth -= 1
        elif depth and token.map:
            lines.update(range(token.map[0] + 1, token.map[1] + 1))
    return lines


def excluded_sections(doc: Document, names: Sequence[str]) -> set[int]:
    """Ids of the sections named in ``names`` (any case or punctuation) and their subsections."""
    wanted = {normalize(name) for name in names}
    excluded: set[int] = set()
    for section in doc.sections:  # parents come before their children
        if normalize(section.title) in wanted or (
                section.parent is not None and id(section.parent) in excluded):
            excluded.add(id(section))
    return excluded


def prose_blocks(doc: Document, exclude_sections: Sequence[str]) -> list[Prose]:
    """Headings, paragraphs and list items a reader reads through, in order."""
    excluded = excluded_sections(doc, exclude_sections)
    footnotes = footnote_lines(doc)
    return [block for block in doc.blocks
            if block.kind in ("heading", "paragraph")
            and block.line not in footnotes
            and (block.section is None or id(block.section) not in excluded)]


# ---- targets ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    metric: str
    value: float
    profile: str

    @property
    def name(self) -> str:
        return METRIC_NAMES[self.metric]

    @property
    def comparison(self) -> str:
        return "under" if self.metric == READING_EASE else "over"

    def level(self, value: float) -> str:
        return f"{'reading ease' if self.metric == READING_EASE else 'grade'} {value:g}"

    def describe(self) -> str:
        kind = "minimum" if self.metric == READING_EASE else "target"
        articles = ("articles with no known type" if self.profile == "default"
                    else f"{self.profile} articles")
        return f"the {kind} of {self.value:g} for {articles}"


def resolve_target(profile: Profile, options: dict[str, Any]) -> Target:
    """The metric and target: the profile's, unless ``readability.metric`` overrides it.

    A profile's ``max-grade`` is a grade for flesch-kincaid and smog and a minimum reading
    ease for flesch-reading-ease; it is used only for a metric of the same kind.
    """
    chosen = str(options.get("metric", "profile"))
    metric = profile.metric if chosen == "profile" else chosen
    if metric == profile.metric or (READING_EASE not in (metric, profile.metric)):
        value = profile.max_grade
    elif metric == READING_EASE:
        value = float(options.get("min-reading-ease", 60.0))
    else:
        value = DEFAULT_GRADE
    return Target(metric, value, profile.name)


# ---- advice ----------------------------------------------------------------------------------

def advice(target: Target, counts: Counts) -> str:
    """How far the averages must move to reach the target, in the writer's terms."""
    goal = target.level(target.value)
    if target.metric == SMOG:
        per_ten = counts.polysyllables * 10 / counts.sentences
        allowed = max((target.value - 3.1291) / 1.043, 0) ** 2 / 30 * 10
        return (f"It has {per_ten:.1f} words of 3+ syllables per 10 sentences; {goal} allows "
                f"about {allowed:.1f}: use shorter, everyday words")
    words_per_sentence = counts.words / counts.sentences
    syllables_per_word = counts.syllables / counts.words
    if target.metric == FLESCH_KINCAID:
        needed = (target.value + 15.59 - 11.8 * syllables_per_word) / 0.39
    else:
        needed = (206.835 - 84.6 * syllables_per_word - target.value) / 1.015
    now = (f"Sentences average {words_per_sentence:.1f} words and words "
           f"{syllables_per_word:.2f} syllables")
    if needed >= 8:
        return (f"{now}; with these words, sentences of {needed:.0f} words or fewer on average "
                f"would reach {goal}")
    return f"{now}; the words are too long to reach {goal} by shorter sentences alone: use " \
           "shorter, everyday words"


def split_hint(text: str) -> str | None:
    """A place near the middle of a long sentence where it could be split, if there is one."""
    words_before = _word_counter(text)
    total_words = words_before(len(text))
    best: tuple[float, re.Match[str]] | None = None
    for match in SPLIT_POINT.finditer(text):
        before = words_before(match.start())
        if before < 5 or total_words - before < 5:
            continue
        distance = abs(before - total_words / 2)
        if best is None or distance < best[0]:
            best = (distance, match)
    if best is None:
        return None
    match = best[1]
    lead = " ".join(text[:match.start()].split()[-4:])
    return f"for example after \"…{lead}\" ({match.group().strip()!r})"


def _word_counter(text: str) -> Callable[[int], int]:
    """``len(words_of(text[:end]))`` for any ``end``, from one pass over the text.

    textstat's words are the white-space-separated tokens that keep a letter, digit or
    apostrophe once punctuation is removed, so a prefix holds the words of its whole tokens
    plus, maybe, the start of the token it cuts through."""
    plain = text.translate(APOSTROPHES)
    tokens = [(m.start(), m.end()) for m in TOKEN_RE.finditer(plain)]
    starts = [start for start, _ in tokens]
    counts = [0]
    for start, end in tokens:
        counts.append(counts[-1] + (1 if list_words(plain[start:end]) else 0))

    def words_before(end: int) -> int:
        whole = bisect.bisect_left(starts, end)
        if whole and tokens[whole - 1][1] > end:  # the prefix cuts this token
            start = tokens[whole - 1][0]
            return counts[whole - 1] + (1 if list_words(plain[start:end]) else 0)
        return counts[whole]

    return words_before


def listing(words: Sequence[str], limit: int = 5) -> str:
    unique = list(dict.fromkeys(w.lower() for w in words))
    return ", ".join(unique[:limit]) + (", …" if len(unique) > limit else "")


def hardest(scored: Sequence[ScoredSentence], metric: str, limit: int
            ) -> list[tuple[ScoredSentence, float]]:
    """The sentences whose removal would lower the score most, with the score without each.

    Leaving one sentence out weighs its length and its syllables the way the formula does, so
    a long sentence of long words ranks first and a short one with one long word does not.
    """
    whole = total(s.counts for s in scored)
    base = score(metric, whole)
    if base is None or limit <= 0:
        return []
    ranked: list[tuple[float, int, ScoredSentence, float]] = []
    for index, item in enumerate(scored):
        rest = score(metric, whole - item.counts)
        if rest is None:
            continue
        gain = hardness(metric, base) - hardness(metric, rest)
        if gain > 0:
            ranked.append((-gain, index, item, rest))
    ranked.sort(key=lambda entry: (entry[0], entry[1]))
    return [(item, rest) for _, _, item, rest in ranked[:limit]]


# ---- the check -------------------------------------------------------------------------------

RULES = (READING_LEVEL, SECTION_READING_LEVEL, HARDEST_SENTENCE, LONG_SENTENCE, LONG_PARAGRAPH,
         TOO_SHORT_TO_SCORE)
SCORE_RULES = (READING_LEVEL, SECTION_READING_LEVEL, HARDEST_SENTENCE, TOO_SHORT_TO_SCORE)


@check("readability", rules=family_codes("HL3"))
def check_readability(doc: Document, ctx: Context) -> Iterator[Finding]:
    opts = ctx.options("readability")
    blocks = prose_blocks(doc, opts["exclude-sections"])
    word_counts: dict[int, int] = {}
    named: set[int] = set()
    if any(ctx.config.enabled(r.code) for r in SCORE_RULES):
        scored = [measure_sentence(s) for block in blocks for s in block.sentences]
        word_counts = {id(item.sentence): item.counts.words for item in scored}
        for finding, sentence in level_findings(doc, scored, ctx, opts):
            if sentence is not None:
                named.add(id(sentence))
            yield finding
    yield from length_findings(blocks, ctx, opts, word_counts, named)


def level_findings(doc: Document, scored: Sequence[ScoredSentence], ctx: Context,
                   opts: dict[str, Any]) -> Iterator[tuple[Finding, Sentence | None]]:
    """HL301, HL302, HL303 and HL306, each with the sentence it names (if one)."""
    target = resolve_target(ctx.profile, opts)
    scored = [s for s in scored if s.counts.words]
    whole = total(s.counts for s in scored)
    value = score(target.metric, whole)
    min_words = int(opts["min-words"])
    if whole.words < min_words or value is None:
        if ctx.config.enabled(TOO_SHORT_TO_SCORE.code):
            shown = f"{target.name} {value:.1f}" if value is not None else "no score"
            words = f"{whole.words} word{'' if whole.words == 1 else 's'}"
            yield ctx.finding_at_line(
                TOO_SHORT_TO_SCORE, doc.title_line,
                f"only {words} of prose ({shown}): readability needs at least "
                f"{min_words} words for a reliable score, so it was not judged"), None
        return
    if too_hard(target.metric, value, target.value):
        named = []
        if ctx.config.enabled(HARDEST_SENTENCE.code):
            named = hardest(scored, target.metric, int(opts["hardest"]))
        for rank, (item, rest) in enumerate(named, 1):
            yield hardest_finding(item, rank, len(named), rest, value, target, ctx), item.sentence
        if ctx.config.enabled(READING_LEVEL.code):
            start = ""
            if named:
                places = sorted((item for item, _ in named), key=lambda i: i.sentence.span())
                start = ("Start with the hardest sentences (HL303) at "
                         f"{', '.join(item.where(doc) for item in places)}. ")
            yield ctx.finding_at_line(
                READING_LEVEL, doc.title_line,
                f"{target.name} {value:.1f} is {target.comparison} {target.describe()} "
                f"({whole.words} words in {whole.sentences} sentences)",
                f"{start}{advice(target, whole)}."), None
    if ctx.config.enabled(SECTION_READING_LEVEL.code):
        for finding in section_findings(doc, scored, whole, target, ctx, opts):
            yield finding, None


def hardest_finding(item: ScoredSentence, rank: int, of: int, rest: float, value: float,
                    target: Target, ctx: Context) -> Finding:
    counts = item.counts
    long_words = (f", {counts.polysyllables} with 3+ syllables ({listing(item.long_words())})"
                  if counts.polysyllables else "")
    hint = split_hint(item.sentence.text)
    return ctx.finding(
        HARDEST_SENTENCE, *item.sentence.span(),
        f"hardest sentence {rank} of {of}: {counts.words} words{long_words}; without it the "
        f"article's {target.name} would be {rest:.1f} instead of {value:.1f}",
        "Split it into shorter sentences" + (f" ({hint})" if hint else "")
        + (", and use everyday words for the long ones" if counts.polysyllables else "") + ".")


def section_findings(doc: Document, scored: Sequence[ScoredSentence], whole: Counts,
                     target: Target, ctx: Context, opts: dict[str, Any]) -> Iterator[Finding]:
    """HL302 for each section (heading and own prose) over the target."""
    min_words = int(opts["min-section-words"])
    by_section: dict[int, list[ScoredSentence]] = {}
    for item in scored:
        section = item.sentence.block.section
        if section is not None:
            by_section.setdefault(id(section), []).append(item)
    for section in doc.sections:
        own = by_section.get(id(section), [])
        counts = total(s.counts for s in own)
        if counts.words < min_words or counts == whole:
            continue  # too short to score alone, or the section is the whole article
        value = score(target.metric, counts)
        if value is None or not too_hard(target.metric, value, target.value):
            continue
        tip = ""
        worst = hardest(own, target.metric, 1)
        if worst:
            item = worst[0][0]
            tip = (f"Its hardest sentence is at {item.where(doc)} ({item.counts.words} words, "
                   f"{item.counts.polysyllables} with 3+ syllables). ")
        name = "the introduction" if section.level == 1 else f"section \"{section.title}\""
        yield ctx.finding_at_line(
            SECTION_READING_LEVEL, section.line,
            f"{name} reads at {target.name} {value:.1f}, {target.comparison} "
            f"{target.describe()} ({counts.words} words in {counts.sentences} sentences)",
            f"{tip}{advice(target, counts)}.")


def length_findings(blocks: Sequence[Prose], ctx: Context, opts: dict[str, Any],
                    word_counts: dict[int, int], named: set[int]) -> Iterator[Finding]:
    """HL304 long sentences (except those HL303 already named) and HL305 long paragraphs."""
    max_words = int(opts["max-sentence-words"])
    max_sentences = int(opts["max-paragraph-sentences"])
    max_paragraph_words = int(opts["max-paragraph-words"])
    long_sentences = ctx.config.enabled(LONG_SENTENCE.code) and max_words > 0
    long_paragraphs = ctx.config.enabled(LONG_PARAGRAPH.code)
    for block in blocks:
        lengths = [word_counts[id(s)] if id(s) in word_counts else len(words_of(s.text))
                   for s in block.sentences]
        if long_sentences:
            for sentence, length in zip(block.sentences, lengths):
                if length > max_words and id(sentence) not in named:
                    hint = split_hint(sentence.text)
                    yield ctx.finding(
                        LONG_SENTENCE, *sentence.span(),
                        f"sentence of {length} words; keep sentences to {max_words} words or "
                        "fewer",
                        "Split it into two or more sentences, one idea each"
                        + (f", {hint}" if hint else "") + ".")
        if not long_paragraphs or block.kind != "paragraph":
            continue
        count = sum(1 for n in lengths if n)
        words = sum(lengths)
        if 0 < max_sentences < count or 0 < max_paragraph_words < words:
            limits = " or ".join(part for part in (
                f"{max_sentences} sentences" if max_sentences > 0 else "",
                f"{max_paragraph_words} words" if max_paragraph_words > 0 else "") if part)
            middle = block.sentences[len(block.sentences) // 2]
            opening = " ".join(middle.text.split()[:5])
            yield ctx.finding(
                LONG_PARAGRAPH, *block.span(),
                f"paragraph of {count} sentences and {words} words; keep paragraphs to "
                f"{limits} at most",
                f"Break it where the topic changes, for example before \"{opening}…\", and "
                "keep one idea to a paragraph.")
