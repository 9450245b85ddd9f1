"""Stigmatizing language (HL701-HL706), with the preferred wording in every message.

Terms and preferred wordings come from NIDA's "Words Matter" (2021), the AP Stylebook, the
UK Government / NHS inclusive-language guidance on disability, the Samaritans and WHO/IASP
media guidelines on suicide, ADA/ADCES language in diabetes care and UNAIDS terminology. The
list is data (``checks/data/stigma.toml``); a project adds or allows terms under
``[tool.healthlint.language]``.

Context matters, and is handled without a parser:
- labels ("diabetic", "alcoholic", "epileptic") are flagged only as nouns for people ("a
  diabetic", "diabetics") or before a word for people ("diabetic patients"), never before a
  thing ("diabetic retinopathy", "alcoholic drinks") or as a predicate ("if you are diabetic");
- some terms need context in the sentence ("stay clean" only where drugs are mentioned, so
  "keep the wound clean" is fine) or have exceptions ("child abuser", "suffering from pain",
  "victims of crime");
- capitalised proper names ("National Institute on Drug Abuse", "Alcoholics Anonymous") and
  quotations are not the writer's words and are not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from healthlint import usercache
from healthlint.config import ConfigError
from healthlint.core.families import declared, family_codes
from healthlint.core.findings import Applicability, Finding, Fix, Rule
from healthlint.engine.checks import Context, check
from healthlint.parse.document import Document, Sentence
from healthlint.text import patterns as regex_cache
from healthlint.text.folding import fold
from healthlint.text.memo import Memo
from healthlint.text.negation import Spans, lower, quote_spans
from healthlint.text.patterns import compile as re_compile  # re.compile through the regex cache
from healthlint.text.phrases import phrase_pattern

SUBSTANCE_USE = declared("HL701")
SUICIDE = declared("HL702")
DISABILITY = declared("HL703")
ILLNESS_FRAMING = declared("HL704")
PERSON_FIRST = declared("HL705")
MENTAL_HEALTH = declared("HL706")
THEME_RULES = {r.code: r for r in (SUBSTANCE_USE, SUICIDE, DISABILITY, ILLNESS_FRAMING,
                                   PERSON_FIRST, MENTAL_HEALTH)}

LEXICON_FILE = "data/stigma.toml"
DETERMINERS = frozenset(
    "a an the every each any no one fellow many most some all this these those another other "
    "such his her their my your our its".split())
FUNCTION_WORDS = frozenset(
    "who whom whose that which should must can could may might will would shall is are was "
    "were be been has have had does do did need needs and or but nor in with on at to of for "
    "like because so when if than as from by about after before during not also often usually "
    "always never s".split())
WORD_BEFORE = re_compile(r"([a-z’']+)\W*$")  # what _word_before finds, reading backwards
WORD_AFTER = re_compile(r"\s*([a-z]+)")
NEXT_NON_SPACE = re_compile(r"\S")
SPACE_CAPITAL = re_compile(r"\s+([A-Z])")
CAPITALISED = re_compile(r"^[A-Z]")
NAME_OPENING = " \t\"“‘(*-–—"  # what may come before a name that opens a sentence


@dataclass(frozen=True)
class Theme:
    key: str
    rule: Rule
    reason: str
    source: str


@dataclass(frozen=True)
class Term:
    theme: Theme
    pattern: str
    prefer: str
    reason: str
    label: re.Pattern[str] | None  # the singular word of a label term
    person_after: bool
    requires: re.Pattern[str] | None
    exceptions: re.Pattern[str] | None


@dataclass(frozen=True)
class Vocabulary:
    terms: tuple[Term, ...]
    keywords: re.Pattern[str]  # a sentence without one of these has none of the terms
    combined: re.Pattern[str]
    person: re.Pattern[str]
    allow: re.Pattern[str] | None
    # the keywords as plain strings, when they are (a keyword is then looked for with `in`)
    keyword_strings: tuple[str, ...] | None = None


@cache
def _raw() -> dict[str, Any]:
    return usercache.toml(resources.files("healthlint").joinpath(LEXICON_FILE).read_text("utf-8"))


def _theme_key(name: str, themes: Mapping[str, Theme]) -> str:
    wanted = name.strip().lower()
    for key, theme in themes.items():
        if wanted in (key, theme.rule.code.lower(), theme.rule.name):
            return key
    valid = ", ".join(f"{k} ({t.rule.code})" for k, t in themes.items())
    raise ConfigError(f"language.extra: unknown theme {name!r}; valid: {valid}")


def _term(entry: Mapping[str, Any], theme: Theme, person: str) -> Term:
    label = entry.get("kind") == "label"
    body = entry["match"].replace("{person}", person)
    pattern = rf"\b(?:{body})s?\b" if label else body
    requires = entry.get("requires")
    exceptions = entry.get("exceptions", [])
    return Term(
        theme=theme,
        pattern=pattern,
        prefer=entry["prefer"],
        reason=entry.get("reason", theme.reason),
        label=regex_cache.compile(body) if label else None,
        person_after=bool(entry.get("person-after", True)),
        requires=regex_cache.compile(requires) if requires else None,
        exceptions=regex_cache.compile("|".join(f"(?:{e})" for e in exceptions))
        if exceptions else None,
    )


@lru_cache(maxsize=32)
def load_vocabulary(extra: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (),
                    allow: tuple[str, ...] = ()) -> Vocabulary:
    """The built-in terms, plus a project's extra terms, minus the allowed phrases."""
    data = _raw()
    person = data["macros"]["person"]
    themes = {key: Theme(key, THEME_RULES[t["rule"]], t["reason"], t["source"])
              for key, t in data["themes"].items()}
    terms = [_term(entry, themes[entry["theme"]], person) for entry in data["terms"]]
    keywords = [data["keywords"]]
    strings = data["keywords"].split("|")
    for name, pairs in extra:
        theme = themes[_theme_key(name, themes)]
        words = [word for phrase, _ in pairs for word in phrase.lower().split()]
        keywords += [re.escape(word) for word in words]
        strings += words
        terms.extend(Term(theme, phrase_pattern(phrase), prefer, theme.reason, None, True,
                          None, None) for phrase, prefer in pairs)
    # labels last: at one position the first alternative wins ("epileptic fit" over "epileptic")
    terms.sort(key=lambda t: t.label is not None)
    combined = regex_cache.compile("|".join(f"(?P<t{i}>{t.pattern})"
                                            for i, t in enumerate(terms)))
    allowed = "|".join(phrase_pattern(p) for p in allow)
    # the built-in keywords are letters (a keyword with a regex's syntax is searched for as
    # a regex); a project's are its words, escaped
    plain = all(word and re.escape(word) == word for word in data["keywords"].split("|"))
    vocabulary = Vocabulary(tuple(terms), regex_cache.compile("|".join(keywords)), combined,
                            re.compile(rf"^{person}$"),
                            re.compile(allowed) if allowed else None,
                            tuple(dict.fromkeys(strings)) if plain else None)
    regex_cache.save()
    return vocabulary


def vocabulary_for(options: Mapping[str, Any]) -> Vocabulary:
    extra = options.get("extra") or {}
    if not isinstance(extra, Mapping):
        raise ConfigError("language.extra: expected a table of theme = {term = 'preferred'}")
    frozen: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    for theme, table in extra.items():
        if not isinstance(table, Mapping) or not all(
                isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip()
                for k, v in table.items()):
            raise ConfigError(f"language.extra.{theme}: expected a table of "
                              "\"term\" = \"preferred wording\"")
        frozen.append((str(theme), tuple(sorted((k.strip(), v.strip()) for k, v in
                                                table.items()))))
    allow = options.get("allow") or []
    if not all(isinstance(a, str) and a.strip() for a in allow):
        raise ConfigError("language.allow: expected a list of non-empty phrases")
    return load_vocabulary(tuple(sorted(frozen)), tuple(a.strip() for a in allow))


def _is_label_use(term: Term, vocab: Vocabulary, low: str, start: int, end: int) -> bool:
    """A label word used of a person: a plural noun, a noun after a determiner, or before a
    word for people."""
    if term.label is not None and low[end - 1] == "s" and term.label.fullmatch(low[start:end - 1]):
        return True  # "diabetics", "alcoholics": always nouns
    after = WORD_AFTER.match(low, end)
    next_word = after.group(1) if after else None
    if next_word and term.person_after and vocab.person.match(next_word):
        return True
    if _word_before(low, start) in DETERMINERS:
        following = NEXT_NON_SPACE.search(low, end)
        return next_word is None or next_word in FUNCTION_WORDS or not (
            following is not None and following.group().isalpha())
    return False


def _word_before(low: str, start: int) -> str | None:
    """What ``WORD_BEFORE.search(low[:start]).group(1)`` is, read backwards from ``start``
    only as far as that word (searching all the text before each term was quadratic).

    The leftmost match is the run of ``[a-z’']`` that reaches the non-word characters at the
    end (they may begin with quotes of the run: "addicts’ "); when a word character outside
    ``[a-z]`` comes before those, only a quote among them can start the match."""
    tail = start
    while tail > 0 and not _is_word_char(low[tail - 1]):
        tail -= 1
    begin = tail
    while begin > 0 and low[begin - 1] in WORD_BEFORE_CHARS:
        begin -= 1
    if begin == tail:  # no [a-z] before the non-word characters
        quotes = [i for i in range(tail, start) if low[i] in "’'"]
        if not quotes:
            return None
        begin = quotes[0]
    end = begin
    while end < start and low[end] in WORD_BEFORE_CHARS:
        end += 1
    return low[begin:end]


WORD_BEFORE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz’'")
_WORD_CHAR = re_compile(r"\w")


def _is_word_char(ch: str) -> bool:
    return _WORD_CHAR.match(ch) is not None


def _proper_name(sentence: str, start: int, end: int, opening: int) -> bool:
    """Capitalised words that are part of a name: "Alcoholics Anonymous", "Institute on Drug
    Abuse". ``opening``: how many characters of NAME_OPENING the sentence starts with."""
    words = sentence[start:end].split()
    if not words or not all(CAPITALISED.match(w) for w in words):
        return False
    initial = start <= opening
    after = SPACE_CAPITAL.match(sentence, end)
    return after is not None or (not initial and (
        len(words) > 1 or _capitalised_word_before(sentence, start)))


def _capitalised_word_before(sentence: str, start: int) -> bool:
    """``re.search(r"([A-Za-z]+)\\s+$", sentence[:start])`` finds a word that starts with a
    capital, read backwards from ``start``: white space, then the word."""
    tail = start
    while tail > 0 and sentence[tail - 1].isspace():
        tail -= 1
    begin = tail
    while begin > 0 and sentence[begin - 1] in ASCII_LETTERS:
        begin -= 1
    return start > tail > begin and sentence[begin].isupper()


ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def find_terms(sentence: Sentence, vocab: Vocabulary, low: str | None = None
               ) -> Iterator[tuple[Term, int, int]]:
    """Stigmatizing terms in one sentence: (term, start, end) in the sentence text. ``low``:
    the sentence's text as ``lower`` gives it, when its keywords were looked for already."""
    text = sentence.text
    if low is None:
        low = lower(text)
        if vocab.keywords.search(low) is None:
            return
    quotes: Spans | None = None
    opening = len(text) - len(text.lstrip(NAME_OPENING))
    # found once per sentence, not once per term (that was quadratic in a long sentence)
    spans: dict[re.Pattern[str], Spans] = {}
    required: dict[re.Pattern[str], bool] = {}

    def overlaps(pattern: re.Pattern[str], start: int, end: int) -> bool:
        if pattern not in spans:
            spans[pattern] = Spans.of(pattern, low)
        return spans[pattern].overlaps(start, end)

    for match in vocab.combined.finditer(low):
        term = vocab.terms[int(match.lastgroup[1:])] if match.lastgroup else None
        if term is None:
            continue
        start, end = match.span()
        if term.label is not None and not _is_label_use(term, vocab, low, start, end):
            continue
        if term.requires is not None:
            if term.requires not in required:
                required[term.requires] = term.requires.search(low) is not None
            if not required[term.requires]:
                continue
        if term.exceptions is not None and overlaps(term.exceptions, start, end):
            continue
        if vocab.allow is not None and overlaps(vocab.allow, start, end):
            continue
        if _proper_name(text, start, end, opening):
            continue
        if quotes is None:
            quotes = Spans(quote_spans(text))
        if quotes.contains(start, end):
            continue
        yield term, start, end


def with_keywords(sentences: Sequence[Sentence], vocab: Vocabulary
                  ) -> Iterator[tuple[Sentence, str]]:
    """The sentences with a keyword of ``vocab`` (the others have none of its terms), each
    with its text as ``lower`` gives it. Plain keywords are looked for with ``in``: first in
    all the sentences at once, then only those found there, in each sentence (a regex of
    alternatives tries them all at every position of every sentence)."""
    lows = [lower(sentence.text) for sentence in sentences]
    strings = vocab.keyword_strings
    if strings is None:
        found = [vocab.keywords.search(low) is not None for low in lows]
    else:
        joined = "\n".join(lows)  # no keyword holds a line break: none is found across two
        present = [word for word in strings if word in joined]
        found = [any(word in low for word in present) for low in lows] if present else []
    for sentence, low, hit in zip(sentences, lows, found):
        if hit:
            yield sentence, low


ARTICLE_BEFORE = re_compile(r"(?<![\w'’])(an?)[ \t]+$", re.IGNORECASE)
# a choice of wordings: "X, or Y", "X (or Y)", "X; Y", "X or Y"
ONE_OF_SEVERAL = re_compile(r"[,;()/]|\bor\b")


# the terms of the latest sentences, per vocabulary and text (find_terms reads nothing else):
# after a pass of fixes most sentences of an article are as they were
_TERMS_FOUND: Memo[tuple[tuple[Term, int, int], ...]] = Memo(1024)


def sentence_terms(sentences: Sequence[Sentence], vocab: Vocabulary
                   ) -> list[tuple[Sentence, tuple[tuple[Term, int, int], ...]]]:
    """``find_terms`` of each sentence that has any, in order: those read before are looked
    up, the others found as ``with_keywords`` and ``find_terms`` find them."""
    table = _TERMS_FOUND.answers(vocab)
    missing = [s for s in sentences if s.text not in table]
    found = {id(s): tuple(find_terms(s, vocab, low)) for s, low in with_keywords(missing, vocab)}
    for sentence in missing:
        table[sentence.text] = found.get(id(sentence), ())
    result = []
    for sentence in sentences:
        terms = table.get(sentence.text)
        if terms is None:  # a table that keeps nothing (or was full): as found just now
            terms = found.get(id(sentence), ())
        if terms:
            result.append((sentence, terms))
    return result


@check("language", rules=family_codes("HL7"), section="language", validate=vocabulary_for,
       fixes=(Applicability.UNSAFE,))
def check_language(doc: Document, ctx: Context) -> Iterable[Finding]:
    vocab = vocabulary_for(ctx.options("language"))
    for sentence, terms in sentence_terms(doc.folded().sentences, vocab):  # look-alikes folded
        for term, start, end in terms:
            said = sentence.text[start:end]
            # What to write goes in the suggestion only: the text report shows it after the
            # message, and saying it twice read as "say X instead (…) (X)".
            message = f"“{said}” {term.reason} ({term.theme.source})"
            a, b = sentence.span(start, end)
            yield ctx.finding(term.theme.rule, a, b, message,
                              suggestion=f"say “{term.prefer}” instead",
                              fix=preferred_fix(doc, a, b, said, term.prefer))


def one_wording(prefer: str) -> bool:
    """Whether a preferred wording is one phrase to write, not a choice ("X, or Y", "X (or
    Y)", "X; Y") left to the writer."""
    return not ONE_OF_SEVERAL.search(prefer)


def preferred_fix(doc: Document, start: int, end: int, said: str, prefer: str) -> Fix | None:
    """An unsafe fix writing the one preferred wording for the term (the sentence around it
    may need another article or verb: the writer reads it), when the source holds the term
    as the prose reads it."""
    if not one_wording(prefer) or fold(doc.text[start:end])[0] != said:
        return None
    if said.lower().endswith("s") and prefer.startswith("person "):  # "diabetics"
        prefer = "people " + prefer[len("person "):]
    wanted = prefer[:1].upper() + prefer[1:] if said[:1].isupper() else prefer
    edits = [doc.edit(start, end, wanted)]
    article = ARTICLE_BEFORE.search(doc.text, max(0, start - 8), start)
    if article is not None:  # "an asthmatic" -> "a person with asthma"
        right = "an" if wanted[:1].lower() in "aeiou" else "a"
        said_article = article.group(1)
        if said_article.lower() != right:
            right = right.capitalize() if said_article[:1].isupper() else right
            edits.insert(0, doc.edit(*article.span(1), right))
    return Fix(f"Replace “{said}” with “{wanted}”", Applicability.UNSAFE, tuple(edits))


__all__ = ["Term", "Vocabulary", "check_language", "find_terms", "load_vocabulary",
           "vocabulary_for", "with_keywords"]
