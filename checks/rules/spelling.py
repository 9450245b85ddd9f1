"""Spelling (HL4xx): unknown words with suggestions, repeated words, US/British variants.

The vocabulary is pyspellchecker's English word frequencies (MIT; counted in the OpenSubtitles
corpus and cleaned by its maintainers; a US list: "colour" is not in it) plus a medical
vocabulary shipped in ``checks/data/``: FDA UNII substance names and MeSH disease terms (built
by ``tools/build_medical_words.py``; provenance in ``checks/data/medical_words.md``) and a
short hand-curated list of health words. Projects add words in config (``words``, ``wordlists``
with plain or Hunspell ``.dic`` files) and articles in their front matter (``words:``).

What is never checked, because it is not a spelling mistake a dictionary can judge: code,
URLs, e-mail addresses and domains, link targets (the Document already removes code, URLs and
link targets from prose), all-caps acronyms and their plurals (CBT, SSRIs, NSAIDs, mRNA),
anything with a digit (10mg, 5-HT3, 1st, COVID-19), units after a number (2.5 mL, 140/90 mmHg),
one-letter words, and the whole of a Sources / References / Bibliography / Further reading
section, whose journal abbreviations and author names are not prose.

Capitalised words in mid-sentence (names of people, places, products) are checked like any
other word, but an unknown one is reported only when there is a suggestion for it: "Ibuprofin"
is close to "ibuprofen"; "Gaithersburg" or "Mariendistel" are close to nothing. Measured on 156
published NHS, NIH and CDC articles (see checks/data/medical_words.md), this hides 13 of 321
false alarms; skipping every capitalised word would hide 135 but would also hide every
capitalised typo. A typo hidden this way would have had no suggestion to offer either.

Suggestions follow Norvig's "How to write a spelling corrector": candidates one edit away
(deletion, transposition, substitution, insertion), then two edits only for words of at most
eight letters when one edit finds nothing (two edits of a long word take pyspellchecker over a
second). Two edits are looked up in an index of the vocabulary's one-letter deletions
(``healthlint.text.nearwords``, kept in the user's cache) instead of generating the ~200,000
strings two edits away: the same words, in a few milliseconds instead of ~70. Candidates come
from the English and the medical vocabularies and the project's words, and are ranked by
pyspellchecker's word frequency (a medical word it lacks counts as a rare word) plus a bonus
for the commonest kinds of slip (Damerau 1964; Kukich 1992): swapped letters, a doubled or
undoubled letter, one vowel for another, a left-out vowel, a sound-alike consonant. They are
computed only for words that are reported, once per distinct word per run (the run's Speller is
kept in ``ctx.cache``).
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from healthlint import usercache
from healthlint.core.families import declared, family_codes
from healthlint.core.findings import Applicability, Finding, Fix
from healthlint.engine.checks import Context, check
from healthlint.parse.document import Document, Section, Sentence
from healthlint.text.dictionaries import (
    GENERAL_WORDS,
    MEDICAL_EXTRA,
    MEDICAL_WORDS,
)
from healthlint.text.dictionaries import dictionaries as _dictionaries
from healthlint.text.dictionaries import digest as _digest
from healthlint.text.dictionaries import english_data as _english_data
from healthlint.text.folding import fold, lookalike_scripts, lookalikes, styled_letters
from healthlint.text.memo import Memo
from healthlint.text.nearwords import NearWords, number_bits, one_edit
from healthlint.text.patterns import compile as re_compile  # re.compile through the regex cache
from healthlint.text.vocabulary import FrequencyView, TableWords, WordView, list_lines

UNKNOWN_WORD = declared("HL401")
REPEATED_WORD = declared("HL402")
SPELLING_VARIANT = declared("HL403")
BAD_WORD_LIST = declared("HL404")
MIXED_SCRIPT = declared("HL405")
STYLED_LETTERS = declared("HL406")
CYRILLIC_RE = re_compile("[\u0400-\u04ff]")
LATIN_RE = re_compile("[A-Za-z]")

VARIANTS = ("any", "en-US", "en-GB")

VARIANT_TABLE = "data/variants.tsv"
CORRECTIONS = "data/corrections.tsv"  # misspellings with one correction: HL401's safe fixes
APOSTROPHES = "spelling.curly_apostrophes"  # key of Document.derived
APOSTROPHE_RE = re_compile(r"(?<=[^\W\d_])(['’])(?=[^\W\d_])")

# Suggestions cost up to ~70 ms a word; past this many different unknown words in one file
# (gibberish, another language) the rest are reported without them.
SUGGESTION_BUDGET = 50
LONG_WORD = 8  # longer words get no two-edit suggestions (too slow, too many candidates)
TWO_EDITS_LONGEST = LONG_WORD + 2  # the longest word two edits of a LONG_WORD can reach
# No dictionary word is longer (pneumonoultramicroscopicsilicovolcanoconiosis): longer "words"
# get no suggestions, whose edits would take memory growing with the square of the length.
LONGEST_WORD = 45
SHOWN_WORD = 40  # longer words are cut short in messages
MAX_SUGGESTIONS = 3
VERDICTS_KEPT = 200_000  # distinct words whose verdict a run keeps
MEDICAL_FREQUENCY = 100  # a medical word pyspellchecker lacks counts as a rare English word
GENERAL_FREQUENCY = 1  # a SCOWL word pyspellchecker lacks: the rarest English word
SLIP_BONUS = 3.0  # in log-frequency units: e**3, a slip beats a 20 times commoner word
VOWELS = frozenset("aeiouy")
SOUND_ALIKE = ({"c", "s"}, {"c", "k"}, {"s", "z"}, {"f", "v"}, {"g", "j"}, {"m", "n"})
REPEAT_OK = frozenset({"had", "that", "do", "bye", "ha"})
# Words whose second copy is a slip whatever the sentence ("the the", "with with"): deleting it
# is a safe fix. A repeated content word may be two items of a list flattened into a line
# ("ale beer malt malt beverages") or a word whose punctuation was lost ("iodized salt salt
# supplemented with iodine", where a dash stood): deleting it is an unsafe fix. Words people
# double on purpose ("so so", "no no", "very very", "there there") are not here.
REPEAT_SLIPS = frozenset(
    "a an the and or but nor of to in on at by for with from into onto about as than then if "
    "is are was were be been being am does did has have will would can could should may might "
    "must shall this these those it its he she they we you i me him her them us my your our "
    "their his not which who whom whose what when where why how".split())
SOURCES_TITLE = re_compile(
    r"(sources?|references?|bibliography|further reading|citations?|works cited)"
    r"(\s+(and|&)\s+(sources?|references?|further reading|notes|citations?))?",
    re.IGNORECASE,
)
# Bound prefixes that only appear before a hyphen ("pre-eclampsia", "non-steroidal").
HYPHEN_PREFIXES = frozenset(
    "pre post non anti co re un multi sub semi inter intra self ex mid pro de bi tri micro "
    "macro neuro cardio gastro psycho hyper hypo ultra extra trans peri over under".split()
)
UNITS = frozenset(
    "mg mcg µg ug g kg ml l dl cl mmhg mmol mol µmol umol iu units cm mm km m in ft "
    "mcl µl ul kcal cal lb lbs oz hr hrs h min mins s sec secs ms bpm mph pg ng meq".split()
)
# top-level domains: every two-letter country code and the generic ones health sites use, so
# "mindbodygreen.com" and "selfcare.blog" in a link's text are names, not words to check
TLDS = ("[a-z]{2}|com|org|net|gov|edu|int|mil|info|nhs|health|healthcare|clinic|dental|vet|"
        "blog|app|site|online|news|shop|store|tech|dev|page|xyz|club|fit|fitness|bio|media|"
        "coach|yoga")
DOMAIN_RE = re_compile(rf"^(?:[a-z0-9-]+\.)+(?:{TLDS})(?:[/?#]\S*)?$", re.IGNORECASE)
CHUNK_RE = re_compile(r"\S+")
SEGMENT_SPLIT_RE = re_compile(r"[-‐‑–—/\\+=&|×]")
WORD_IN_SEGMENT_RE = re_compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
EDGE_PUNCTUATION = "\"'“”‘’()[]{}<>,.;:!?*_~«»…"
NUMBER_END_RE = re_compile(r"\d[%)\]]*$")
REPEAT_RE = re_compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")



# ---- data, loaded once per process ---------------------------------------------------------
@cache
def english_frequencies() -> FrequencyView:
    """pyspellchecker's English word -> frequency table, read straight from its data file."""
    return _dictionaries()[0]


@cache
def corrections() -> dict[str, str]:
    """Misspelling (lower case) -> its one correction (``data/corrections.tsv``)."""
    return dict(line.split("\t") for line in _data_lines(CORRECTIONS))


def curly_apostrophes(doc: Document) -> bool:
    """Whether the article writes more apostrophes between letters curly (’) than straight."""
    found = doc.derived.get(APOSTROPHES)
    if found is None:
        counts = Counter(m.group(1) for m in APOSTROPHE_RE.finditer(doc.text))
        found = doc.derived[APOSTROPHES] = counts["’"] > counts["'"]
    return bool(found)


def word_fix(doc: Document, found: WordAt, replacement: str, applicability: Applicability
             ) -> Fix | None:
    """A fix replacing a word with ``replacement``, when the source holds the word as the
    prose reads it (not split by markup or invisible characters)."""
    if doc.text[found.start:found.end] != found.word or replacement == found.word:
        return None
    return Fix(f"Replace {quoted_word(found.word)} with {quoted_word(replacement)}",
               applicability, (doc.edit(found.start, found.end, replacement),))


def plain_letters(word: str) -> str | None:
    """A mixed-script word with its Cyrillic and Greek look-alike letters as the Latin
    letters they look like, or None when a letter of another script is left."""
    table = lookalikes()
    plain = "".join(table.get(ch, ch) for ch in word)
    return plain if mixed_script(plain) is None and not CYRILLIC_RE.search(plain) else None


def _data_lines(name: str) -> Iterator[str]:
    text = resources.files("healthlint").joinpath(name).read_text("utf-8")
    yield from list_lines(text)


@cache
def medical_words() -> WordView:
    """The shipped medical vocabulary: the generated list plus the hand-curated extras."""
    return _dictionaries()[1]


@cache
def near_words() -> NearWords:
    """The index of the shipped vocabulary (English, medical, general) for two-edit
    suggestions (``healthlint.text.nearwords``): from the user's cache when it was made from
    these very files, else built (about 1.5 s, once) and kept there. Its words are numbers of
    the spelling table (``TableWords``), not a copy of them; the key holds the table's layout
    (the digest of its keys and offsets), so numbers are never read against another table."""
    table = english_frequencies().table
    package = resources.files("healthlint")
    key = _digest(_english_data(), f"near {TWO_EDITS_LONGEST}".encode(),
                  *(package.joinpath(name).read_bytes()
                    for name in (MEDICAL_WORDS, MEDICAL_EXTRA, GENERAL_WORDS)),
                  bytes(table.keys), bytes(table.offsets))
    folder = usercache.folder()
    path = folder / "nearwords-4.marshal" if folder is not None else None  # 4: table numbers
    found = usercache.load(path, key) if path is not None else None
    if isinstance(found, tuple) and len(found) == 3 \
            and all(isinstance(part, bytes) for part in found):
        try:  # views of the bytes read, not copies
            indices, entries, starts = (memoryview(raw).cast("I") for raw in found)
        except TypeError:
            indices = entries = starts = memoryview(b"").cast("I")
        if starts and len(starts) == (1 << number_bits(len(indices))) + 1 \
                and starts[-1] == len(entries):
            return NearWords(TableWords(table, indices), entries, starts, TWO_EDITS_LONGEST)
    index = NearWords.build(english_frequencies().keys() | medical_words() | general_words(),
                            TWO_EDITS_LONGEST)
    indices = array("I", (table.find(word) for word in index.words))
    if path is not None:
        usercache.store(path, key, (indices.tobytes(), index.entries.tobytes(),
                                    index.starts.tobytes()))
    return NearWords(TableWords(table, indices), index.entries, index.starts, TWO_EDITS_LONGEST)


@cache
def general_words() -> WordView:
    """The shipped general English words that pyspellchecker lacks (``english_words.txt``),
    known as written: the list has its own inflections."""
    return _dictionaries()[2]


@dataclass(frozen=True)
class VariantPair:
    us: str
    gb: str
    flag: str  # "both", "gb" (only the British form is wrong in en-US) or "us"


@dataclass
class VariantTable:
    """US and British spellings, both ways, with derived inflections (colours, anaemic)."""

    by_us: dict[str, VariantPair] = field(default_factory=dict)
    by_gb: dict[str, VariantPair] = field(default_factory=dict)

    def add(self, pair: VariantPair) -> None:
        self.by_us.setdefault(pair.us, pair)
        self.by_gb.setdefault(pair.gb, pair)


# Suffixes whose US and British forms follow the base pair: colour -> colours, coloured.
INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers", "ist", "ists", "ian", "ians", "al",
               "ally", "ic", "ical", "ly", "ation", "ations", "able", "ful", "less", "ness",
               "ite", "ites", "ism")


def _inflect(base: str, suffix: str) -> str:
    """``base`` + ``suffix`` with the usual spelling changes (fibre+ed, allergy+es)."""
    if base.endswith("y") and len(base) > 1 and base[-2] not in VOWELS:
        if suffix == "s":
            return base[:-1] + "ies"
        if suffix[0] == "e":
            return base[:-1] + "i" + suffix
        return base + suffix
    if suffix[0] in VOWELS and base.endswith("e"):
        return base[:-1] + suffix
    if suffix == "s" and base.endswith(("s", "x", "ch", "sh")):
        return base + "es"
    return base + suffix


@cache
def variant_table() -> VariantTable:
    """The pairs of ``data/variants.tsv`` and the inflections the dictionary confirms."""
    english = english_frequencies()
    medical = medical_words()
    table = VariantTable()
    pairs: list[VariantPair] = []
    for line in _data_lines(VARIANT_TABLE):
        us, gb, flag = line.split("\t")
        if us == "us":  # header
            continue
        pairs.append(VariantPair(us, gb, flag))
    for pair in pairs:
        table.add(pair)
    for pair in pairs:
        for suffix in INFLECTIONS:
            us, gb = _inflect(pair.us, suffix), _inflect(pair.gb, suffix)
            if us != gb and (us in english or us in medical):
                table.add(VariantPair(us, gb, pair.flag))
    return table


# British spelling patterns, tried on a word nobody knows to find its US spelling
# ("haematologist" -> "hematologist"): (British, US, flag). Narrow on purpose: "oe" -> "e"
# everywhere would accept the typo "hoem" as a British "hem".
GB_PATTERNS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(gb), us, flag) for gb, us, flag in (
        (r"haem", "hem", "both"), (r"aemi(?=a|as|c)", "emi", "both"), (r"paed", "ped", "both"),
        (r"anaes", "anes", "both"), (r"aesth", "esth", "both"), (r"^aeti", "eti", "both"),
        (r"gynaec", "gynec", "both"), (r"faec", "fec", "both"), (r"^caesar", "cesar", "both"),
        (r"oedem", "edem", "both"), (r"oesoph", "esoph", "both"), (r"oestr", "estr", "both"),
        (r"rrhoe", "rrhe", "both"), (r"coeli", "celi", "both"), (r"foet", "fet", "gb"),
        (r"amoeb", "ameb", "us"), (r"homoeo", "homeo", "gb"), (r"pnoe", "pne", "both"),
        (r"leucaem", "leukem", "both"),
        (r"our(?=(s|ed|ing|ings|ite|ites|able|ably|ful|less|er|ers|ism|ist|ists|al|ally|ly)?$)",
         "or", "both"),
        (r"tre(?=(s|d)?$)", "ter", "both"), (r"tring$", "tering", "both"),
        (r"is(?=(e|es|ed|er|ers|ing|ation|ations|able)$)", "iz", "gb"),
        (r"ys(?=(e|es|ed|er|ers|ing)$)", "yz", "both"),
        (r"ll(?=(ed|ing|er|ers|ation)$)", "l", "both"),
        (r"ogue(?=s?$)", "og", "us"),
    )
)


def _pattern_rewrites(word: str, depth: int = 2) -> Iterator[tuple[str, str]]:
    """US spellings that British patterns turn ``word`` into, with the pattern's flag."""
    for pattern, us, flag in GB_PATTERNS:
        for match in pattern.finditer(word):
            rewritten = word[:match.start()] + us + word[match.end():]
            yield rewritten, flag
            if depth > 1:
                for deeper, deeper_flag in _pattern_rewrites(rewritten, depth - 1):
                    yield deeper, "both" if "both" in (flag, deeper_flag) else deeper_flag


# ---- finding words to check ----------------------------------------------------------------
@lru_cache(maxsize=1 << 16)
def normalize(word: str) -> str:
    """Lower case, straight apostrophes, accents folded: the form looked up in word lists."""
    word = word.replace("’", "'").lower()
    if word.isascii():
        return word
    # fold accents by dropping combining marks; letters of other scripts stay (dropping every
    # non-ASCII character turned a Cyrillic or Arabic word into "")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Units as normalize() sees them: NFKD turns the micro sign of "µg" into a Greek mu.
UNITS = frozenset(normalize(unit) for unit in UNITS)


def is_acronym(word: str) -> bool:
    """All-caps abbreviations and their plurals: CBT, GABA, SSRIs, NSAIDs', mRNA, IgG."""
    if word.islower():
        return False
    core = re.sub(r"['’]s?$", "", word)
    upper = sum(1 for c in core if c.isupper())
    lower = len(core) - upper
    return upper >= 2 and lower <= 1


def _is_unit_chunk(core: str, previous: str) -> bool:
    """A unit: a slash compound of units (mg/dL, kg/m2), a unit in its mixed-case symbol
    (mmHg, mL), or a unit after a number ("2.5 ml", "15 kg")."""
    parts = [p.rstrip("0123456789²³") for p in core.split("/")]
    if not all(parts) or not all(normalize(p) in UNITS for p in parts):
        return False
    if "/" in core or (not core.islower() and not core.istitle()):  # mg/dL, mmHg, mL
        return True
    return bool(NUMBER_END_RE.search(previous.strip(EDGE_PUNCTUATION)))


def _is_pronunciation(core: str) -> bool:
    """A respelling such as "an-AS-troh-zole": hyphenated syllables, the stressed one in caps."""
    syllables = core.split("-")
    if len(syllables) < 2:
        return False
    stressed = [s for s in syllables if len(s) >= 2 and s.isalpha() and s.isupper()]
    others = [s for s in syllables if s not in stressed]
    return bool(stressed) and all(s.isalpha() and s.islower() and len(s) <= 5 for s in others)


def candidate_words(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, word)`` for every word of ``text`` that the spell check should judge.

    Leaves out e-mail addresses, URLs and bare domains, anything with a digit (10mg, 5-HT3,
    1st), units after a number or a slash (2.5 mL, mg/dL, cells/mcL), all-caps acronyms and
    their plurals, pronunciation respellings (an-AS-troh-zole), one-letter words, and bound
    prefixes before a hyphen (pre-, non-). Hyphenated words are split into their parts.

    One pass of one compiled pattern over the text; what a chunk between spaces holds is
    worked out once per distinct chunk (``_chunk_plan``), since prose repeats its words.
    """
    previous = ""
    for match in CHUNK_RE.finditer(text):
        chunk = match.group()
        before, previous = previous, chunk
        plain, after_number = _chunk_plan(chunk)
        words = plain
        if after_number is not plain and NUMBER_END_RE.search(before.strip(EDGE_PUNCTUATION)):
            words = after_number
        offset = match.start()
        for start, end, word in words:
            yield offset + start, offset + end, word


Plan = tuple[tuple[int, int, str], ...]


@lru_cache(maxsize=1 << 16)
def _chunk_plan(chunk: str) -> tuple[Plan, Plan]:
    """The words of a chunk to check (offsets in the chunk): after anything but a number, and
    after a number (where a unit is not a word); the same tuple when that makes no
    difference."""
    plain = tuple(_chunk_words(chunk, ""))
    after_number = tuple(_chunk_words(chunk, "1"))
    return plain, (plain if after_number == plain else after_number)


def _chunk_words(chunk: str, before: str) -> Iterator[tuple[int, int, str]]:
    core = chunk.strip(EDGE_PUNCTUATION)
    if core.isalpha():  # the common case: one plain word
        if len(core) > 1 and not is_acronym(core) and not _is_unit_chunk(core, before):
            start = chunk.find(core)
            yield start, start + len(core), core
        return
    if not core or "@" in core or "://" in core or core.lower().startswith("www."):
        return
    if DOMAIN_RE.match(core) or _is_unit_chunk(core, before) or _is_pronunciation(core):
        return
    position = 0
    segments = SEGMENT_SPLIT_RE.split(chunk)
    for index, segment in enumerate(segments):
        seg_start = position
        position += len(segment) + 1
        if any(c.isdigit() for c in segment):
            continue
        after_slash = index > 0 and chunk[seg_start - 1] == "/"
        if after_slash and normalize(segment.strip(EDGE_PUNCTUATION)) in UNITS:
            continue
        followed_by_hyphen = index + 1 < len(segments) and chunk[position - 1] in "-‐‑"
        for word_match in WORD_IN_SEGMENT_RE.finditer(segment):
            word = word_match.group()
            if len(word) < 2 or is_acronym(word):
                continue
            if followed_by_hyphen and word_match.end() == len(segment) and \
                    word.lower() in HYPHEN_PREFIXES:
                continue
            yield seg_start + word_match.start(), seg_start + word_match.end(), word


def is_sentence_start(text: str, start: int) -> bool:
    """True when only punctuation, numbers or list markers come before ``start``, or a colon."""
    before = text[:start].rstrip(" \t\n\"'“‘([*_")
    if not before or before.endswith((".", "!", "?", ":", "•")):
        return True
    return not any(c.isalpha() for c in before)


# ---- the speller ---------------------------------------------------------------------------
class Speller:
    """Whether a word is known, its US/British counterpart, and spelling suggestions.

    ``words`` are extra accepted words (config, word lists); an entry of several words
    ("Flor Essence") adds each. ``variant`` is "any", "en-US" or "en-GB". The dictionaries
    are loaded once per process and shared by every Speller.
    """

    def __init__(self, words: Iterable[str] = (), variant: str = "any") -> None:
        if variant not in VARIANTS:
            raise ValueError(f"variant {variant!r} is not one of {', '.join(VARIANTS)}")
        self.english = english_frequencies()
        self.medical = medical_words()
        self.general = general_words()
        self.variants = variant_table()
        self.user = frozenset(normalize(token) for entry in words
                              for token in re.split(r"[\s\-–/]+", entry) if token)
        self.variant = variant
        self._suggestions: dict[str, list[str]] = {}  # once per distinct word
        self._user_index: NearWords | None = None  # the project's words, for two edits
        # what the check asks of a word, once per distinct word and run: (variant_issue,
        # known, variant_of); bounded, as a run over a large corpus meets many words
        self._verdicts: dict[str, tuple[str | None, bool, str | None]] = {}
        # chunks of text (``CHUNK_RE``) whose words can give no finding, and those that can,
        # by whether the check marks each variant's words (``consistent-variant``)
        self._quiet: dict[bool, tuple[set[str], set[str]]] = {False: (set(), set()),
                                                              True: (set(), set())}

    def verdict(self, word: str) -> tuple[str | None, bool, str | None]:
        """``(variant_issue(word), known(word), variant_of(word))``, worked out once per
        distinct word; ``known`` and ``variant_of`` are only asked when the one before them
        did not decide (None, False, None past the first answer)."""
        found = self._verdicts.get(word)
        if found is None:
            issue = self.variant_issue(word)
            known = issue is None and self.known(word)
            variant = self.variant_of(word) if known else None
            found = (issue, known, variant)
            if len(self._verdicts) >= VERDICTS_KEPT:
                self._verdicts.clear()
            self._verdicts[word] = found
        return found

    def quiet_chunks(self, chunks: Sequence[str], marks_variants: bool) -> bool:
        """True when no word of any of ``chunks`` (``CHUNK_RE``'s, whether after a number or
        not) can give a finding: every word is ASCII (no styled or mixed-script letters), known,
        not another variant's spelling and, when the check marks each variant's words
        (``marks_variants``), no variant's own. Worked out once per distinct chunk and run, so
        a sentence of words met before is passed over in one set look-up."""
        quiet, loud = self._quiet[marks_variants]
        if quiet.issuperset(chunks):
            return True
        if len(quiet) + len(loud) >= VERDICTS_KEPT:
            quiet.clear()
            loud.clear()
        answer = True
        for chunk in chunks:
            if chunk in quiet:
                continue
            if chunk in loud:
                answer = False
                continue
            plain, after_number = _chunk_plan(chunk)
            if all(self._quiet_word(word, marks_variants) for word in (*plain, *after_number)):
                quiet.add(chunk)
            else:
                loud.add(chunk)
                answer = False
        return answer

    def _quiet_word(self, planned: tuple[int, int, str], marks_variants: bool) -> bool:
        word = planned[2]
        if not word.isascii():
            return False
        wanted, known, which = self.verdict(word)
        return wanted is None and known and (which is None or not marks_variants)

    # -- knowing words --------------------------------------------------------------------
    def _in_vocabulary(self, word: str) -> bool:
        # one look-up in the table that holds the three shipped vocabularies
        return bool(self.english.table.flags_of(word)) or word in self.user

    def _base_known(self, word: str) -> bool:
        """Known as written, as a possessive or contraction of a known word, or as a plural
        (third person) of a medical or project word. English words only get the regular
        "-es" after a hissing sound and "-ies" ("attaches"), which pyspellchecker sometimes
        lacks; a bare "-s" would let "informations" and "softwares" through."""
        if self._in_vocabulary(word):
            return True
        if any(self._in_vocabulary(stem) for stem in _possessive_stems(word)):
            return True
        for stem in _plural_stems(word):
            if stem in self.medical or stem in self.user:
                return True
            if stem in self.english and len(stem) < len(word) - 1:
                return True
        return False

    def british_to_us(self, word: str) -> tuple[str, str] | None:
        """(US spelling, flag) when ``word`` is a British spelling of a US word."""
        key = normalize(word)
        found = _in_variant_table(key, self.variants.by_gb, "us")
        if found is not None:
            return found
        if self._in_vocabulary(key):
            return None
        for rewritten, flag in _pattern_rewrites(key):
            if rewritten != key and self._base_known(rewritten):
                return rewritten, flag
        return None

    def us_to_british(self, word: str) -> tuple[str, str] | None:
        """(British spelling, flag) when ``word`` is a US spelling in the variant table."""
        return _in_variant_table(normalize(word), self.variants.by_us, "gb")


    def known(self, word: str) -> bool:
        """True when ``word`` is a correct spelling in any variant (US or British)."""
        key = normalize(word)
        if self._base_known(key) or self.us_to_british(key) is not None:
            return True
        return self.british_to_us(key) is not None

    def variant_issue(self, word: str) -> str | None:
        """The spelling the configured variant wants instead of ``word``, or None."""
        if self.variant == "en-US":
            found = self.british_to_us(word)
            if found and found[1] in ("both", "gb"):
                return match_case(found[0], word)
        elif self.variant == "en-GB":
            found = self.us_to_british(word)
            if found and found[1] in ("both", "us"):
                return match_case(found[0], word)
        return None

    def variant_of(self, word: str) -> str | None:
        """"en-US" or "en-GB" when ``word`` is a spelling that only that variant uses."""
        us = self.us_to_british(word)
        if us is not None and us[1] in ("both", "us"):
            return "en-US"
        gb = self.british_to_us(word)
        if gb is not None and gb[1] in ("both", "gb"):
            return "en-GB"
        return None

    # -- suggestions ----------------------------------------------------------------------
    def has_suggestions(self, word: str) -> bool:
        """Whether suggestions for ``word`` are already computed (free to ask for)."""
        return normalize(word) in self._suggestions

    def suggest(self, word: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
        """Up to ``limit`` corrections, best first, in the case of ``word``."""
        key = normalize(word)
        if len(key) > LONGEST_WORD:
            return []
        ending = "'s" if key.endswith("'s") else "'" if key.endswith("s'") else ""
        key = key[: len(key) - len(ending)]
        found = self._suggestions.get(key)
        if found is None:
            found = self._rank(key)
            self._suggestions[key] = found
        return [match_case(s + ending, word) for s in found[:limit]]

    def _rank(self, word: str) -> list[str]:
        contractions = self.contractions(word)
        return [*contractions, *self._ranked_edits(word)][:MAX_SUGGESTIONS]

    def contractions(self, word: str) -> list[str]:
        """A contraction with its apostrophe left out ("dont", "youre", "im") is that
        contraction: the one suggestion that fits the sentence, so it comes first."""
        found = [f"{word[:i]}'{word[i:]}" for i in range(1, len(word))
                 if f"{word[:i]}'{word[i:]}" in self.english]
        return ["I" + c[1:] if c.startswith("i'") else c for c in found]

    def _ranked_edits(self, word: str) -> list[str]:
        candidates = self._in_vocabularies(one_edit(word))
        if not candidates and len(word) <= LONG_WORD:
            candidates = near_words().within_two(word)
            if self.user:
                candidates |= self._user_near().within_two(word)
            candidates.discard(word)
        return sorted(candidates, key=lambda c: (-self._score(word, c), c))[:MAX_SUGGESTIONS]

    def _user_near(self) -> NearWords:
        if self._user_index is None:
            self._user_index = NearWords.build(self.user, TWO_EDITS_LONGEST)
        return self._user_index

    def _in_vocabularies(self, words: set[str]) -> set[str]:
        flags_of = self.english.table.flags_of  # English, medical or general: one look-up
        return {word for word in words if flags_of(word)} | (words & self.user)

    def _score(self, typo: str, candidate: str) -> float:
        frequency = self.english.get(candidate, 0)
        if candidate in self.user:
            frequency = max(frequency, 10_000)
        if candidate in self.medical:
            frequency = max(frequency, MEDICAL_FREQUENCY)
        elif candidate in self.general:
            frequency = max(frequency, GENERAL_FREQUENCY)
        return math.log(frequency + 1) + _error_bonus(typo, candidate)



def _in_variant_table(key: str, table: Mapping[str, Any], other: str) -> tuple[str, str] | None:
    """(the other variant's spelling, flag) for ``key`` or its stem found in ``table``."""
    for form in (key, *_stems(key)):
        pair = table.get(form)
        if pair is not None:
            ending = key[len(form):] if key.startswith(form) else ""
            return getattr(pair, other) + ending, pair.flag
    return None


def _error_bonus(typo: str, candidate: str) -> float:
    """Common slips weigh more than arbitrary edits (Damerau 1964; Kukich 1992): swapped
    letters, a doubled or undoubled letter, one vowel for another, or a left-out vowel."""
    if len(typo) == len(candidate):
        diff = [i for i, (a, b) in enumerate(zip(typo, candidate, strict=True)) if a != b]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and sorted(typo) == sorted(candidate):
            return SLIP_BONUS  # transposition: "recieve"
        if len(diff) == 1:
            pair = {typo[diff[0]], candidate[diff[0]]}
            if pair <= VOWELS or pair in SOUND_ALIKE:
                return SLIP_BONUS  # vowel for vowel, or a sound-alike: "seperate", "ulser"
        return 0.0
    longer, shorter = (candidate, typo) if len(candidate) > len(typo) else (typo, candidate)
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1:] == shorter:
            doubled = (i > 0 and longer[i] == longer[i - 1]) or \
                (i + 1 < len(longer) and longer[i] == longer[i + 1])
            if doubled:
                return SLIP_BONUS  # doubled or undoubled letter: "ocured", "untill"
            if longer is candidate and longer[i] in VOWELS:
                return SLIP_BONUS  # a left-out vowel: "withdrawl", "physican"
            return 1.0
    return 0.0


def _possessive_stems(word: str) -> Iterator[str]:
    """The word without a possessive or contraction ending: "crohn's", "patients'", "don't"."""
    if word.endswith("'s"):
        yield word[:-2]
    elif word.endswith("'"):
        yield word[:-1]
    for ending in ("n't", "'re", "'ve", "'ll", "'d", "'m"):
        if word.endswith(ending):
            yield word[: -len(ending)]


def _plural_stems(word: str) -> Iterator[str]:
    """Singulars of a plural of six letters or more: statins, biopsies, fetuses."""
    if len(word) <= 5 or not word.endswith("s"):
        return
    if word.endswith("ies"):
        yield word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh", "o")):
        yield word[:-2]
    yield word[:-1]


def _stems(word: str) -> Iterator[str]:
    """Forms a word may be an inflection of: possessives, contractions, plurals."""
    yield from _possessive_stems(word)
    yield from _plural_stems(word)


def match_case(suggestion: str, original: str) -> str:
    """``suggestion`` in the case (Capitalised, ALL CAPS) and apostrophe of ``original``."""
    if "’" in original:
        suggestion = suggestion.replace("'", "’")
    if original[:1].isupper() and original[1:2].islower():
        return suggestion[:1].upper() + suggestion[1:]
    if original.isupper() and len(original) > 1:
        return suggestion.upper()
    return suggestion


# ---- the check -----------------------------------------------------------------------------
def in_sources_section(section: Section | None) -> bool:
    """True inside a Sources / References / Bibliography / Further reading section."""
    while section is not None:
        if SOURCES_TITLE.fullmatch(section.title.strip().rstrip(":").strip()):
            return True
        section = section.parent
    return False


def _speller_for(options: dict[str, Any], ctx: Context) -> tuple[Speller, list[str]]:
    """The run's Speller (config ``words`` and ``wordlists``, read once per run) and the
    word lists that could not be read."""
    key = f"spelling:{ctx.root}:{tuple(options['wordlists'])}:{tuple(options['words'])}:" \
          f"{options['variant']}"
    cached = ctx.cache.get(key)
    if cached is None:
        words, problems = ctx.project_words()
        cached = ctx.cache[key] = (Speller(set(words), options["variant"]), list(problems))
    speller: Speller = cached[0]
    unreadable: list[str] = cached[1]
    return speller, unreadable


def _front_matter_words(doc: Document) -> tuple[frozenset[str], str | None]:
    value = doc.front_matter.get("words")
    if value is None:
        return frozenset(), None
    if isinstance(value, str):
        value = re.split(r"[\s,]+", value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return frozenset(), "front matter `words:` must be a list of words (strings)"
    return frozenset(normalize(token) for entry in value
                     for token in re.split(r"[\s\-–/]+", entry) if token), None


@dataclass(frozen=True)
class WordAt:
    start: int  # source offsets
    end: int
    word: str
    proper: bool  # capitalised in mid-sentence


def sentence_words(doc: Document, speller: Speller | None = None, marks_variants: bool = False
                   ) -> Iterator[tuple[Sentence, int, int, str]]:
    """Every checkable word of the article's prose, outside the Sources section, as
    ``(sentence, start, end, word)`` with offsets into the sentence's text: most words are
    known words, and need no source position (``word_at``). With a ``speller``, sentences
    whose words can give no finding (``Speller.quiet_chunks``) are left out."""
    quiet = _QUIET_SENTENCES.answers(speller, marks_variants) if speller is not None else {}
    for sentence in _sentences_outside_sources(doc):
        text = sentence.text
        if speller is not None:
            known = quiet.get(text)
            if known is None:
                known = quiet[text] = speller.quiet_chunks(CHUNK_RE.findall(text),
                                                           marks_variants)
            if known:
                continue
        for i, j, word in candidate_words(text):
            yield sentence, i, j, word


# Per speller and sentence text, whether the sentence's words can give no finding
# (``Speller.quiet_chunks``, which reads nothing else): after a pass of fixes most sentences
# of an article are as they were, and are passed over in one look-up.
_QUIET_SENTENCES: Memo[bool] = Memo(1024)


def _sentences_outside_sources(doc: Document) -> Iterator[Sentence]:
    sources: dict[int, bool] = {}  # id(section) -> in a Sources section
    for sentence in doc.sentences:
        section = sentence.block.section
        skip = sources.get(id(section))
        if skip is None:
            skip = sources[id(section)] = in_sources_section(section)
        if not skip:
            yield sentence


def word_at(sentence: Sentence, i: int, j: int, word: str) -> WordAt:
    """A word of ``sentence_words`` with its source offsets."""
    start, end = sentence.span(i, j)
    proper = word[:1].isupper() and not is_sentence_start(sentence.text, i)
    return WordAt(start, end, word, proper)


@lru_cache(maxsize=1 << 16)
def mixed_script(word: str) -> tuple[str, str] | None:
    """(script, its letters) for a word of Latin letters with Cyrillic letters, or with Greek
    letters that look like Latin ones (``data/lookalikes.tsv``: "cοlds" with an omicron, not
    "Aβ" or "TNFα"), else None."""
    if not LATIN_RE.search(word):
        return None
    cyrillic = CYRILLIC_RE.findall(word)
    if cyrillic:
        return "Cyrillic", "".join(sorted(set(cyrillic)))
    scripts = lookalike_scripts()
    greek = [ch for ch in word if scripts.get(ch) == "Greek"]
    return ("Greek", "".join(sorted(set(greek)))) if greek else None


def _letter_names(letters: Sequence[str]) -> str:
    names = dict.fromkeys(unicodedata.name(ch, f"U+{ord(ch):04X}").lower() for ch in letters)
    shown = list(names)[:3]
    return ", ".join(shown) + (", ..." if len(names) > 3 else "")


def quoted_word(word: str) -> str:
    """A word as a message quotes it: very long ones cut short, with their length."""
    if len(word) <= SHOWN_WORD:
        return f"'{word}'"
    return f"'{word[:SHOWN_WORD // 2]}…{word[-8:]}' ({len(word):,} letters)"


def suggestion_text(suggestions: Sequence[str]) -> str:
    if suggestions:
        return (f"Did you mean: {', '.join(suggestions)}? If it is correct, add it to a word "
                "list.")
    return ("No close match. If it is correct, add it to a word list (`words` or `wordlists` "
            "in [tool.healthlint.spelling], or `words:` in the front matter).")


# HL407 is the confusables check's: this one never reports it (and so offers no safe fix that
# would make --fix run the confusables check before its last pass)
@check("spelling", rules=tuple(c for c in family_codes("HL4") if c != "HL407"),
       fixes=(Applicability.SAFE, Applicability.UNSAFE))
def check_spelling(doc: Document, ctx: Context) -> Iterator[Finding]:
    """HL401 unknown words, HL402 repeated words, HL403 spelling variants, HL404 word lists."""
    options = ctx.options("spelling")
    speller, unreadable = _speller_for(options, ctx)
    for problem in unreadable:
        yield ctx.finding_at_line(BAD_WORD_LIST, 1, problem)
    article_words, bad_words = _front_matter_words(doc)
    if bad_words:
        yield ctx.finding_at_line(BAD_WORD_LIST, doc.front_matter_lines.get("words", 1),
                                  bad_words)
    variant = options["variant"]
    enabled = ctx.config.enabled
    marked: list[tuple[WordAt, str]] = []
    distinct: set[str] = set()
    marks_variants = bool(options["consistent-variant"]) and variant == "any"
    for sentence, i, j, word in sentence_words(doc, speller, marks_variants):
        found: WordAt | None = None
        mixed = mixed_script(word)
        styled = styled_letters(word) if mixed is None and not word.isascii() else []
        if styled:
            found = word_at(sentence, i, j, word)
            plain = fold(word)[0]
            if enabled(STYLED_LETTERS.code):
                yield _styled_finding(ctx, found, styled, plain,
                                      word_fix(doc, found, plain, Applicability.SAFE))
            found = replace(found, word=plain)  # its spelling is checked as the plain word
            word = plain
        key = normalize(word)
        if article_words and (key in article_words
                              or any(stem in article_words for stem in _stems(key))):
            continue
        if mixed is not None:
            if enabled(MIXED_SCRIPT.code):
                found = found or word_at(sentence, i, j, word)
                script, odd = mixed
                plain = plain_letters(found.word)
                yield ctx.finding(MIXED_SCRIPT, found.start, found.end,
                                  f"{quoted_word(word)} mixes Latin and {script} letters "
                                  f"({script}: {odd}); it reads as another word to every check",
                                  "Retype the word on an English keyboard.",
                                  word_fix(doc, found, plain, Applicability.SAFE) if plain
                                  else None)
            continue
        wanted, known, which = speller.verdict(word)
        if wanted is not None:
            if enabled(SPELLING_VARIANT.code):
                found = found or word_at(sentence, i, j, word)
                yield ctx.finding(SPELLING_VARIANT, found.start, found.end,
                                  f"'{word}' is not {variant} spelling",
                                  f"Use '{wanted}'.",
                                  word_fix(doc, found, wanted, Applicability.UNSAFE))
            continue
        if not known:
            if enabled(UNKNOWN_WORD.code):
                distinct.add(key)
                unknown = _unknown_finding(ctx, speller, found or word_at(sentence, i, j, word),
                                           len(distinct))
                if unknown is not None:
                    yield unknown
            continue
        if options["consistent-variant"] and variant == "any":
            if which is not None:
                marked.append((found or word_at(sentence, i, j, word), which))
    if marked and enabled(SPELLING_VARIANT.code):
        yield from _mixed_variants(marked, speller, ctx)
    if enabled(REPEATED_WORD.code):
        yield from repeated_words(doc, ctx)


def _styled_finding(ctx: Context, found: WordAt, styled: list[str], plain: str,
                    fix: Fix | None) -> Finding:
    return ctx.finding(STYLED_LETTERS, found.start, found.end,
                       f"{quoted_word(found.word)} is written with letters that stand for "
                       f"plain ones ({_letter_names(styled)}); screen readers and searches do "
                       f"not read it as {quoted_word(plain)}",
                       f"Retype it as {quoted_word(plain)}; use **emphasis** for style.", fix)


def _unknown_finding(ctx: Context, speller: Speller, found: WordAt,
                     distinct: int) -> Finding | None:
    """HL401 for a word no dictionary knows, with suggestions while the file has at most
    SUGGESTION_BUDGET different unknown words (past that: gibberish or another language)."""
    if distinct <= SUGGESTION_BUDGET or speller.has_suggestions(found.word):
        suggestions = speller.suggest(found.word)
        advice = suggestion_text(suggestions)
    else:  # stay fast, and say why
        suggestions = []
        advice = (f"No suggestions: over {SUGGESTION_BUDGET} different unknown words in this "
                  "file. Is it in English? If the word is correct, add it to a word list.")
        if found.proper:
            return None
    if found.proper and not suggestions:
        return None  # a name, most likely: no known word is close to it
    certain = corrections().get(found.word.lower())
    if certain is not None:  # one word it can be: safe
        correction = match_case(certain, found.word)
        if "'" in correction and curly_apostrophes(ctx.doc):
            correction = correction.replace("'", "’")  # as the article writes "you’ll"
        fix = word_fix(ctx.doc, found, correction, Applicability.SAFE)
    elif suggestions and found.word.islower():  # the likeliest of several: the writer reads it
        fix = word_fix(ctx.doc, found, suggestions[0], Applicability.UNSAFE)
    else:  # a capital: a name (of a therapy, a brand, a site) more often than a slip
        fix = None
    return ctx.finding(UNKNOWN_WORD, found.start, found.end,
                       f"Unknown word {quoted_word(found.word)}", advice, fix)


VARIANT_NAMES = {"en-US": "US", "en-GB": "British"}


def _mixed_variants(marked: list[tuple[WordAt, str]], speller: Speller,
                    ctx: Context) -> Iterator[Finding]:
    """The spellings of the minority variant in an article that mixes US and British."""
    counts = Counter(which for _, which in marked)
    if len(counts) < 2:
        return
    first = marked[0][1]
    majority = max(counts, key=lambda v: (counts[v], v == first))
    for found, which in marked:
        if which == majority:
            continue
        other = speller.us_to_british(found.word) if which == "en-US" else \
            speller.british_to_us(found.word)
        instead = match_case(other[0], found.word) if other else None
        yield ctx.finding(
            SPELLING_VARIANT, found.start, found.end,
            f"{VARIANT_NAMES[which]} spelling '{found.word}' in an article that mostly uses "
            f"{VARIANT_NAMES[majority]} spelling ({counts[majority]} to {counts[which]})",
            f"Use '{instead}'." if instead else None,
            word_fix(ctx.doc, found, instead, Applicability.UNSAFE) if instead else None)


def repeated_words(doc: Document, ctx: Context) -> Iterator[Finding]:
    """HL402: a word written twice in a row, with only white space (or a line break) between."""
    for sentence in _sentences_outside_sources(doc):
        if not _has_repeat(sentence.text):
            continue  # no word equals the one before it: the common case, in one pass
        previous: re.Match[str] | None = None
        for match in REPEAT_RE.finditer(sentence.text):
            word = match.group()
            if previous is not None and previous.group().lower() == word.lower() \
                    and word.lower() not in REPEAT_OK:
                p_start, p_end = sentence.span(previous.start(), previous.end())
                start, end = sentence.span(match.start(), match.end())
                if not doc.text[p_end:start].strip():
                    # the second word goes, with the space before it: the first keeps its case
                    safe = word.lower() in REPEAT_SLIPS
                    fix = Fix(f"Delete the second {quoted_word(word)}",
                              Applicability.SAFE if safe else Applicability.UNSAFE,
                              (doc.edit(p_end, end, ""),))
                    yield ctx.finding(REPEATED_WORD, p_start, end,
                                      f"Repeated word {quoted_word(word)}",
                                      f"Delete one {quoted_word(word)}.", fix)
            previous = match


@lru_cache(maxsize=512)  # the latest sentences: after a pass of fixes most are as before
def _has_repeat(text: str) -> bool:
    """Whether a word of ``text`` (``REPEAT_RE``'s, in any case) equals the one before it."""
    lowered = [word.lower() for word in REPEAT_RE.findall(text)]
    return any(map(operator.eq, lowered, lowered[1:]))
