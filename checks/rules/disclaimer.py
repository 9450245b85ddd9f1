"""Disclaimer (HL2xx): the article carries a medical disclaimer, in the right place, unaltered.

A health article that reads like personal advice must say that it is not. NIH's National
Library of Medicine states on MedlinePlus that it does not give specific medical advice and
urges readers to consult a qualified physician; the house style asks every article to say the
same in its own words. A disclaimer is accepted when one paragraph (or one blockquote) either
contains an approved wording exactly (ignoring case and white space) or conveys three ideas
within at most four consecutive sentences: (1) it is general information only, (2) it is not a
substitute for professional medical advice, diagnosis or treatment, (3) talk to a doctor,
pharmacist, nurse or other health professional. The wordings and the phrases for each idea are
data (checks/data/disclaimers.toml) that users extend from config.

The exporter puts the disclaimer in an ``<aside>``: it calls :func:`find_disclaimer`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from healthlint import usercache
from healthlint.core.families import declared, family_codes
from healthlint.core.findings import Applicability, Finding, Fix
from healthlint.core.options import SECTIONS
from healthlint.engine.checks import Context, check
from healthlint.parse.document import Document, Offsets, Prose, Section, Sentence
from healthlint.text import patterns as regex_cache
from healthlint.text.memo import Memo
from healthlint.text.phrases import normalize

MAX_SENTENCES = 4
"""The three ideas must appear within this many consecutive sentences of one paragraph."""
ALTERED_RATIO = 0.8
"""A text at least this similar (difflib, by words) to an approved wording, but not equal,
is an altered copy of it."""
IDEAS = ("information", "not-advice", "consult")


@cache
def builtin_data() -> dict[str, Any]:
    text = resources.files("healthlint").joinpath("data/disclaimers.toml").read_text("utf-8")
    return usercache.toml(text)


def builtin_phrases(idea: str) -> tuple[str, ...]:
    return tuple(builtin_data()["ideas"][idea]["phrases"])


MISSING = declared("HL201")
POSITION = declared("HL202")
ALTERED = declared("HL203")
DISCLAIMER_CODES = (MISSING.code, POSITION.code, ALTERED.code)



# ---- phrases ----------------------------------------------------------------------------
CONTRACTION_RE = re.compile(r"\b(can)['’]t\b|\b(won)['’]t\b|\b(shan)['’]t\b|\b(can)(not)\b"
                            r"|n['’]t\b", re.I)
CONTRACTED = {"can": "can", "won": "will", "shan": "shall"}


def _expand(match: re.Match[str]) -> str:
    stem = next((g for g in match.groups()[:4] if g), None)
    return " not" if stem is None else CONTRACTED[stem.lower()] + " not"


def plain(text: str) -> str:
    """Lower-case words separated by single spaces, contractions expanded."""
    if "'" in text or "’" in text or "annot" in text:
        text = CONTRACTION_RE.sub(_expand, text)
    return normalize(text)


@dataclass(frozen=True)
class Phrase:
    """One phrase as a regex over :func:`plain` text, and the words it cannot match without."""

    regex: re.Pattern[str]
    needs: tuple[frozenset[str], ...]

    def search(self, words: str, vocabulary: set[str]) -> bool:
        return all(not n.isdisjoint(vocabulary) for n in self.needs) and \
            bool(self.regex.search(words))


GROUP_RE = re.compile(r"^\{([\w-]+)\}$")


def word_groups() -> dict[str, list[str]]:
    """The [words] groups of disclaimers.toml: ``{advice}`` in a phrase is any of them."""
    return {name: value.split("|") for name, value in builtin_data()["words"].items()}


def expand(token: str, groups: Mapping[str, Sequence[str]]) -> set[str]:
    words: set[str] = set()
    for alternative in token.split("|"):
        group = GROUP_RE.match(alternative)
        if group and group.group(1) in groups:
            words.update(plain(w) for w in groups[group.group(1)])
        else:
            words.add(plain(alternative))
    return words - {""}


def compile_phrase(phrase: str, groups: Mapping[str, Sequence[str]] | None = None
                   ) -> Phrase | None:
    """A phrase: words, ``a|b`` alternatives, ``{group}`` word groups, ``...`` gaps of 0-4
    words."""
    groups = word_groups() if groups is None else groups
    parts: list[str] = []
    needs: list[frozenset[str]] = []
    gap = False
    for token in phrase.split():
        if token == "...":
            gap = bool(parts)
            continue
        # longest first; alphabetical among those of one length (two such alternatives never
        # match at one place), so the source is the same in every process and its compiled
        # code is kept in the user's cache
        alternatives = sorted(expand(token, groups), key=lambda a: (-len(a), a))
        if not alternatives:
            continue
        if parts:
            parts.append(r"(?: \S+){0,4} " if gap else " ")
        parts.append("(?:" + "|".join(re.escape(a) for a in alternatives) + ")")
        needs.append(frozenset(a.split()[0] for a in alternatives))
        gap = False
    if not parts:
        return None
    return Phrase(regex_cache.compile(r"(?<!\S)" + "".join(parts) + r"(?!\S)"), tuple(needs))


@dataclass(frozen=True)
class PhraseSet:
    phrases: tuple[Phrase, ...]
    triggers: frozenset[str]  # every phrase needs one of these words

    @classmethod
    def of(cls, phrases: Iterable[str]) -> PhraseSet:
        compiled = tuple(p for p in map(compile_phrase, phrases) if p is not None)
        return cls(compiled, frozenset().union(*(p.needs[0] for p in compiled)))

    def search(self, words: str, vocabulary: set[str]) -> bool:
        if self.triggers.isdisjoint(vocabulary):
            return False
        return any(p.search(words, vocabulary) for p in self.phrases)


@dataclass(frozen=True)
class Vocabulary:
    """Everything the disclaimer search needs, built once per set of options."""

    approved: tuple[Wording, ...]
    ideas: dict[str, PhraseSet]
    unnegated: PhraseSet
    back_matter: tuple[str, ...]

    def ideas_in(self, text: str, only: Sequence[str] = IDEAS) -> frozenset[str]:
        """The ideas of ``only`` that ``text`` says (it reads nothing else: kept by text)."""
        table = _IDEAS_FOUND.answers(self)
        key = (text, tuple(only))
        found = table.get(key)
        if found is None:
            found = table[key] = self._ideas_in(text, only)
        return found

    def _ideas_in(self, text: str, only: Sequence[str]) -> frozenset[str]:
        words = plain(text)
        present = set(words.split())
        return frozenset(i for i in only if self.ideas[i].search(words, present))

    def unnegated_in(self, text: str) -> bool:
        words = plain(text)
        return self.unnegated.search(words, set(words.split()))


# the ideas of the latest sentences and paragraphs, per vocabulary and text: after a pass of
# fixes most of an article reads as it did
_IDEAS_FOUND: Memo[frozenset[str]] = Memo(1024)


@lru_cache(maxsize=32)
def build_vocabulary(approved: tuple[str, ...], extra: tuple[tuple[str, ...], ...],
                     back_matter: tuple[str, ...]) -> Vocabulary:
    data = builtin_data()["ideas"]
    ideas = {idea: PhraseSet.of([*builtin_phrases(idea), *more])
             for idea, more in zip(IDEAS, extra, strict=True)}
    return Vocabulary(tuple(Wording.of(a) for a in approved if a.strip()), ideas,
                      PhraseSet.of(data["not-advice"]["unnegated"]), back_matter)


def vocabulary(options: Mapping[str, Any] | None) -> Vocabulary:
    merged = {k: opt.default for k, opt in SECTIONS["disclaimer"].items()}
    merged.update(options or {})
    extra = tuple(tuple(merged[f"{idea}-phrases"]) for idea in IDEAS)
    return build_vocabulary(tuple(merged["approved"]), extra, tuple(merged["back-matter"]))


def idea_label(idea: str) -> str:
    return str(builtin_data()["ideas"][idea]["label"])


# ---- where a disclaimer can be: paragraphs and blockquotes -------------------------------
@dataclass(frozen=True)
class Unit:
    """A paragraph, or the paragraphs of one top-level blockquote, read as one text."""

    blocks: tuple[Prose, ...]
    sentences: tuple[Sentence, ...]
    exact: tuple[str, ...]  # exact_form of each sentence
    words: Counter[str]  # every word of exact, counted


def unit_sentences(doc: Document) -> list[tuple[tuple[Prose, ...], tuple[Sentence, ...]]]:
    """The blocks and sentences of each unit, in order."""
    quotes = [(t.map[0] + 1, t.map[1]) for t in doc.tokens
              if t.type == "blockquote_open" and t.level == 0 and t.map]
    grouped: dict[object, list[Prose]] = {}
    for block in doc.blocks:
        if block.kind != "paragraph" or not block.text:
            continue
        key: object = id(block)
        if block.in_blockquote:
            key = next((q for q in quotes if q[0] <= block.line <= q[1]), key)
        grouped.setdefault(key, []).append(block)
    return [(tuple(blocks), tuple(s for b in blocks for s in b.sentences))
            for blocks in grouped.values()]


def make_unit(blocks: tuple[Prose, ...], sentences: tuple[Sentence, ...]) -> Unit:
    exact = tuple(exact_form(s.text) for s in sentences)
    # each exact form is words joined by single spaces: one split finds them all
    return Unit(blocks, sentences, exact, Counter(" ".join(exact).split()))


@dataclass(frozen=True)
class Match:
    """Sentences ``first..last`` (inclusive) of a unit that make a disclaimer, or nearly do."""

    unit: Unit
    first: int
    last: int
    how: str  # "approved", "ideas", "altered", "unnegated", "partial"
    ideas: frozenset[str] = frozenset()
    changes: tuple[str, ...] = ()
    change_span: tuple[int, int] | None = None
    wording: str | None = None  # the approved wording an altered match was compared with

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.unit.sentences[self.first:self.last + 1]

    @property
    def span(self) -> tuple[int, int]:
        sentences = self.sentences
        return sentences[0].span()[0], sentences[-1].span()[1]

    @property
    def line(self) -> int:
        return self.sentences[0].block.line

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


QUOTES = str.maketrans("’‘“”", "''\"\"")


def exact_form(text: str) -> str:
    """The approved-wording comparison form: case and white space ignored, quotes unified."""
    return " ".join(text.translate(QUOTES).casefold().split())


@dataclass(frozen=True)
class Wording:
    """An approved wording in comparison form."""

    text: str
    exact: str
    words: tuple[str, ...]
    counts: Counter[str]

    @classmethod
    def of(cls, text: str) -> Wording:
        exact = exact_form(text)
        return cls(text, exact, tuple(exact.split()), Counter(exact.split()))

    def shared(self, unit: Unit) -> int:
        """How many of this wording's words (with repeats) the unit has."""
        common = self.counts.keys() & unit.words.keys()
        return sum(min(self.counts[w], unit.words[w]) for w in common)


def approved_match(unit: Unit, approved: Sequence[Wording]) -> Match | None:
    wanted = {a.exact for a in approved if a.shared(unit) == len(a.words)}
    if not wanted:
        return None
    texts = unit.exact
    for i in range(len(texts)):
        joined = ""
        for j in range(i, len(texts)):
            joined = f"{joined} {texts[j]}".strip()
            if joined in wanted:
                return Match(unit, i, j, "approved", frozenset(IDEAS))
    return None


def windows(count: int) -> Iterator[tuple[int, int]]:
    """Runs of consecutive sentences, shortest first."""
    for size in range(1, min(MAX_SENTENCES, count) + 1):
        for i in range(count - size + 1):
            yield i, i + size - 1


def ideas_match(unit: Unit, vocab: Vocabulary) -> tuple[Match | None, Match | None]:
    """(a window with all three ideas, or None; else the best partial or unnegated window)."""
    whole = " ".join(s.text for s in unit.sentences)
    if not (vocab.ideas_in(whole, ("information", "not-advice"))):
        return None, None  # every match below needs one of these two ideas
    per_sentence = [vocab.ideas_in(s.text) for s in unit.sentences]
    near: Match | None = None
    for i, j in windows(len(per_sentence)):
        found = frozenset().union(*per_sentence[i:j + 1])
        if found == frozenset(IDEAS):
            return Match(unit, i, j, "ideas", found), None
        if near is not None:
            continue
        if found == {"information", "consult"} and any(
                vocab.unnegated_in(s.text) for s in unit.sentences[i:j + 1]):
            near = Match(unit, i, j, "unnegated", found)
        elif len(found) == 2:  # two of the three ideas: "for informational purposes only.
            # Always consult with a healthcare provider" lacks only "not a substitute"
            near = Match(unit, i, j, "partial", found)
    return None, near


def words_with_spans(sentences: Sequence[Sentence]) -> list[tuple[str, tuple[int, int]]]:
    result = []
    for sentence in sentences:
        for m in re.finditer(r"\S+", sentence.text):
            result.append((exact_form(m.group()), sentence.span(m.start(), m.end())))
    return result


def altered_match(unit: Unit, approved: Sequence[Wording]) -> Match | None:
    """The window most like an approved wording, when it is close but not equal."""
    best: tuple[float, Match] | None = None
    sentence_words = [e.split() for e in unit.exact]
    for wording in approved:
        target = list(wording.words)
        # ratio = 2M / (len(target) + len(window)) and M <= len(window), so a ratio of 0.8
        # needs M >= 2/3 of the target: skip units that do not share that many words.
        if wording.shared(unit) < ALTERED_RATIO * len(target) / (2 - ALTERED_RATIO):
            continue
        low, high = 0.7 * len(target), 1.3 * len(target)
        for i in range(len(sentence_words)):
            words: list[str] = []
            for j in range(i, len(sentence_words)):
                words = words + sentence_words[j]
                if len(words) > high:
                    break
                if len(words) < low or words == target:
                    continue
                matcher = SequenceMatcher(None, target, words, autojunk=False)
                if matcher.real_quick_ratio() < ALTERED_RATIO or \
                        matcher.quick_ratio() < ALTERED_RATIO:
                    continue
                ratio = matcher.ratio()
                if ratio >= ALTERED_RATIO and (best is None or ratio > best[0]):
                    found = words_with_spans(unit.sentences[i:j + 1])
                    changes, span = describe_changes(matcher, target, found)
                    best = ratio, Match(unit, i, j, "altered", frozenset(), changes, span,
                                        wording.text)
    return best[1] if best else None


def describe_changes(matcher: SequenceMatcher[str], target: list[str],
                     found: list[tuple[str, tuple[int, int]]]
                     ) -> tuple[tuple[str, ...], tuple[int, int]]:
    """Each difference from the approved wording in words, and the source span they cover."""
    changes: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old = " ".join(target[i1:i2])
        new = " ".join(w for w, _ in found[j1:j2])
        if tag == "delete":
            changes.append(f'removed "{old}"')
        elif tag == "insert":
            changes.append(f'added "{new}"')
        else:
            changes.append(f'changed "{old}" to "{new}"')
        if tag == "delete":  # point at the words on either side of the gap
            k1, k2 = max(j1 - 1, 0), min(j1, len(found) - 1)
        else:
            k1, k2 = j1, j2 - 1
        starts.append(found[k1][1][0])
        ends.append(found[k2][1][1])
    return tuple(changes), (min(starts), max(ends))


@dataclass(frozen=True)
class Scan:
    accepted: list[Match]
    altered: list[Match]
    near: list[Match]


def scan(doc: Document, vocab: Vocabulary) -> Scan:
    """Every disclaimer-like paragraph, once per Document and vocabulary (the check and the
    exporter's `find_disclaimer` share it)."""
    key = ("disclaimer-scan", id(vocab))  # vocabularies are cached for the whole process
    found = doc.derived.get(key)
    if found is None:
        found = doc.derived[key] = _scan(doc, vocab)
    return found


# The paragraphs (by the texts of their sentences, per vocabulary) in which the latest scans
# found nothing: no approved wording, no idea of a disclaimer, nothing near one. Whether a
# unit holds a match depends on nothing but its sentences' texts and the vocabulary (only the
# positions of a match come from the Document, and a paragraph kept here has none), so such a
# paragraph read again (after a pass of fixes, or in another article) is skipped.
_QUIET: Memo[bool] = Memo(1024)


def _scan(doc: Document, vocab: Vocabulary) -> Scan:
    accepted: list[Match] = []
    altered: list[Match] = []
    near: list[Match] = []
    quiet = _QUIET.answers(vocab)
    for blocks, sentences in unit_sentences(doc):
        key = tuple(s.text for s in sentences)
        if key in quiet:
            continue
        unit = make_unit(blocks, sentences)
        found = len(accepted) + len(altered) + len(near)
        _scan_unit(unit, vocab, accepted, altered, near)
        if len(accepted) + len(altered) + len(near) == found:
            quiet[key] = True
    return Scan(accepted, altered, near)


def _scan_unit(unit: Unit, vocab: Vocabulary, accepted: list[Match], altered: list[Match],
               near: list[Match]) -> None:
    """What one unit holds, added to the lists of the scan."""
    exact = approved_match(unit, vocab.approved)
    if exact is not None:
        accepted.append(exact)
        return
    by_ideas, close = ideas_match(unit, vocab)
    changed = altered_match(unit, vocab.approved)
    if changed is not None:
        altered.append(changed)
    if by_ideas is not None:
        accepted.append(by_ideas)
    elif close is not None and not (changed is not None and close.how == "unnegated"):
        near.append(close)


# ---- position ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    """The article's top-level sections: the main body, and the back matter after it."""

    body: tuple[Section, ...]
    back: Section | None
    has_sections: bool


def layout(doc: Document, back_matter: Sequence[str]) -> Layout:
    titles = [s for s in doc.sections if s.level == 1]
    title = titles[0] if titles else None
    top = [s for s in doc.sections
           if s is not title and (s.parent is None or s.parent is title)]
    names = {normalize(n) for n in back_matter}
    back_index = next((k for k, s in enumerate(top) if normalize(s.title) in names), len(top))
    back = top[back_index] if back_index < len(top) else None
    return Layout(tuple(top[:back_index]), back, bool(top))


def in_place(doc: Document, match: Match, position: str, shape: Layout) -> bool:
    if position == "anywhere":
        return True
    line = match.line
    if shape.body:
        if position == "end":
            return line >= shape.body[-1].line
        return line <= shape.body[0].end_line
    start, end = match.span
    before = sum(len(b.words) for b in doc.blocks if b.offsets and b.offsets[-1] <= start)
    after = sum(len(b.words) for b in doc.blocks if b.offsets and b.offsets[0] >= end)
    total = max(doc.word_count, 1)
    return (after if position == "end" else before) <= total / 4


def destination(doc: Document, position: str, shape: Layout) -> tuple[int, str]:
    """(line, words) for where the disclaimer belongs."""
    if position == "start":
        if shape.body:
            first = shape.body[0]
            return first.line, f"at the start of the article, before or in `{heading(first)}`"
        return doc.title_line, "at the start of the article, after the title"
    if shape.body and shape.back is not None:
        return shape.back.line, (f"at the end of `{heading(shape.body[-1])}`, before "
                                 f"`{heading(shape.back)}`")
    if shape.body:
        return doc.line_count, f"at the end of the article, in `{heading(shape.body[-1])}`"
    if shape.back is not None:
        return shape.back.line, f"at the end of the article, before `{heading(shape.back)}`"
    return doc.line_count, "at the end of the article"


def heading(section: Section) -> str:
    return f"{'#' * section.level} {section.title}"


def choose(doc: Document, matches: Sequence[Match], position: str,
           shape: Layout) -> tuple[Match | None, bool]:
    """(the disclaimer, whether it is in place): the first one in place, else the nearest."""
    for match in matches:
        if in_place(doc, match, position, shape):
            return match, True
    if not matches:
        return None, False
    return (matches[0] if position == "start" else matches[-1]), False


# ---- the public look-up for the exporter ------------------------------------------------
def find_disclaimer(doc: Document, options: Mapping[str, Any] | None = None) -> Prose | None:
    """The prose of the article's disclaimer, or None. ``options`` is
    ``config.section("disclaimer")`` (None: the built-in defaults).

    A disclaimer in one paragraph returns that paragraph's Prose (one of ``doc.blocks``). A
    disclaimer in a blockquote of several paragraphs returns a Prose that joins them
    (``in_blockquote`` is True and ``line`` is the first paragraph's line); wrap the
    top-level blockquote that holds ``line``. Where there are several, the one in the
    configured position wins.
    """
    vocab = vocabulary(options)
    position = (options or {}).get("position", "end")
    found = scan(doc, vocab)
    match, _ = choose(doc, found.accepted, position, layout(doc, vocab.back_matter))
    if match is None:
        return None
    blocks = match.unit.blocks
    if len(blocks) == 1:
        return blocks[0]
    text = " ".join(b.text for b in blocks)
    offsets = Offsets()
    for k, block in enumerate(blocks):
        offsets.extend(block.offsets[:-1])
        if k < len(blocks) - 1:
            offsets.append(block.offsets[-1])
    offsets.append(blocks[-1].offsets[-1])
    return Prose("paragraph", text, offsets, blocks[0].line, blocks[0].section,
                 in_list=blocks[0].in_list, in_blockquote=True,
                 sentences=list(match.unit.sentences))


# ---- the check --------------------------------------------------------------------------
@check("disclaimer", rules=family_codes("HL2"), fixes=(Applicability.UNSAFE,))
def check_disclaimer(doc: Document, ctx: Context) -> Iterable[Finding]:
    options = ctx.options("disclaimer")
    vocab = vocabulary(options)
    position = options["position"]
    shape = layout(doc, vocab.back_matter)
    found = scan(doc, vocab)
    for match in found.altered:
        yield altered_finding(ctx, match, vocab)
    for match in found.near:
        if match.how == "unnegated":
            yield unnegated_finding(ctx, match, vocab)
    chosen, placed = choose(doc, found.accepted, position, shape)
    if chosen is None:
        yield missing_finding(doc, ctx, found, vocab, position, shape)
    elif not placed:
        line, where = destination(doc, position, shape)
        section = doc.section_at(chosen.line)
        inside = f"in `{heading(section)}`" if section is not None else "before any heading"
        yield ctx.finding(
            POSITION, *chosen.span,
            f"the disclaimer (line {chosen.line}) is {inside}; with position = "
            f"\"{position}\" it belongs {where} (line {line})",
        )


def altered_finding(ctx: Context, match: Match, vocab: Vocabulary) -> Finding:
    changes = list(match.changes)
    shown = "; ".join(changes[:3]) + (f"; and {len(changes) - 3} more" if len(changes) > 3
                                      else "")
    lost = [idea_label(i) for i in IDEAS if i not in vocab.ideas_in(match.text)]
    consequence = f". It no longer says {' or '.join(lost)}" if lost else ""
    start, end = match.change_span or match.span
    return ctx.finding(ALTERED, start, end,
                       f"disclaimer differs from the approved wording: {shown}{consequence}",
                       suggestion=match.wording)


def unnegated_finding(ctx: Context, match: Match, vocab: Vocabulary) -> Finding:
    sentence = next((s for s in match.sentences if vocab.unnegated_in(s.text)),
                    match.sentences[0])
    return ctx.finding(
        ALTERED, *sentence.span(),
        f"disclaimer says \"{sentence.text}\" without a negation: it tells readers the page "
        "is a substitute for professional advice, the opposite of a disclaimer",
        suggestion="It is not a substitute for professional medical advice, diagnosis or "
        "treatment.",
    )


def missing_finding(doc: Document, ctx: Context, found: Scan, vocab: Vocabulary,
                    position: str, shape: Layout) -> Finding:
    needed = "; ".join(f"({k}) {idea_label(i)}" for k, i in enumerate(IDEAS, 1))
    example = vocab.approved[0].text if vocab.approved else None
    broken = [*found.altered, *(m for m in found.near if m.how == "unnegated")]
    if broken:
        match = broken[0]
        return ctx.finding(MISSING, *match.span,
                           f"no valid medical disclaimer: the paragraph on line {match.line} "
                           "looks like one but is altered (see HL203); it must say "
                           f"{needed}", suggestion=example)
    partial = [m for m in found.near if m.how == "partial"]
    if partial:
        match = partial[0]
        missing = [idea_label(i) for i in IDEAS if i not in match.ideas]
        return ctx.finding(MISSING, *match.span,
                           "no complete medical disclaimer: this paragraph does not say "
                           f"{' or '.join(missing)}", suggestion=example)
    line, where = destination(doc, position, shape)
    start, end = doc.line_span(line)
    return ctx.finding(MISSING, start, end,
                       f"no medical disclaimer: add one {where}. It must say {needed}",
                       suggestion=example, fix=insertion_fix(doc, position, shape, example))


def insertion_fix(doc: Document, position: str, shape: Layout, wording: str | None
                  ) -> Fix | None:
    """An unsafe fix inserting the approved wording as a paragraph where ``destination``
    says it belongs: before the heading it names, or at the end of the article. None at the
    start of an article without sections (its title may be in the front matter) or without
    an approved wording."""
    if not wording:
        return None
    if position == "start":
        if not shape.body:
            return None
        before: Section | None = shape.body[0]
    else:
        before = shape.back
    text = doc.text
    if before is None:
        if any(t.type in ("fence", "code_block", "html_block") and t.map and
               t.map[1] >= doc.line_count for t in doc.tokens):
            return None  # the article ends in code or HTML: the paragraph would join it
        end = len(text)
        lead = "" if text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
        return Fix("Insert the approved disclaimer at the end", Applicability.UNSAFE,
                   (doc.edit(end, end, f"{lead}{wording}\n"),))
    at = doc.line_starts[before.line - 1]
    lead = "" if at == 0 or text.endswith("\n\n", 0, at) else "\n"
    return Fix(f"Insert the approved disclaimer before `{heading(before)}`",
               Applicability.UNSAFE, (doc.edit(at, at, f"{lead}{wording}\n\n"),))
