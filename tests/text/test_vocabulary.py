"""The compact word table answers exactly as the sets and the dict it replaces."""

from __future__ import annotations

import gzip
import json
from importlib import resources

from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.rules import spelling
from healthlint.text.vocabulary import FrequencyView, Vocabulary, WordView, list_lines

WORDS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sets(WORDS, max_size=30), min_size=1, max_size=3),
       st.dictionaries(WORDS, st.integers(0, 2**40), max_size=30), st.lists(WORDS, max_size=30))
def test_membership_and_numbers_are_those_of_sets_and_a_dict(
        lists: list[set[str]], numbers: dict[str, int], probes: list[str]) -> None:
    lists[0] |= numbers.keys()
    table = Vocabulary.build(lists, numbers)
    again = Vocabulary.from_parts(table.parts())
    assert again is not None
    for candidate in (table, again):
        views = [WordView(candidate, 1 << bit) for bit in range(len(lists))]
        frequencies = FrequencyView(candidate, 1)
        for view, words in zip(views, lists, strict=True):
            assert set(view) == words and len(view) == len(words)
            for probe in [*probes, *words]:
                assert (probe in view) == (probe in words)
        for probe in [*probes, *lists[0]]:
            assert frequencies.get(probe) == (numbers.get(probe, 0) if probe in lists[0]
                                              else None)
        assert set(frequencies.keys()) | set().union(*lists) == set().union(*lists)
        assert set(probes) & views[0] == set(probes) & lists[0]  # set operations: plain sets


def test_numbers_are_32_bit_when_they_fit_and_64_bit_when_not() -> None:
    for top, size in ((2**32 - 1, 4), (2**32, 8)):
        table = Vocabulary.build([{"a", "b"}], {"a": top, "b": 1})
        again = Vocabulary.from_parts(table.parts())
        assert again is not None and again.numbers.itemsize == table.numbers.itemsize == size
        assert FrequencyView(again, 1)["a"] == top and FrequencyView(again, 1)["b"] == 1


def test_parts_of_another_shape_are_refused() -> None:
    table = Vocabulary.build([{"a", "b"}])
    parts = table.parts()
    assert Vocabulary.from_parts(parts[:-1]) is None
    assert Vocabulary.from_parts((b"x", *parts[1:])) is None  # the words' bytes do not fit
    assert Vocabulary.from_parts(None) is None


def test_the_spelling_vocabularies_are_the_files() -> None:
    """The three views over the one table hold what the shipped files hold, word for word,
    with pyspellchecker's frequencies."""
    english = json.loads(gzip.decompress(spelling._english_data()).decode("utf-8"))
    package = resources.files("healthlint")
    medical = set(list_lines(package.joinpath(spelling.MEDICAL_WORDS).read_text("utf-8")))
    medical.update(line.split()[0].lower() for line in list_lines(
        package.joinpath(spelling.MEDICAL_EXTRA).read_text("utf-8")))
    general = set(list_lines(package.joinpath(spelling.GENERAL_WORDS).read_text("utf-8")))
    frequencies = spelling.english_frequencies()
    assert dict(frequencies.items()) == english
    assert set(spelling.medical_words()) == medical
    assert set(spelling.general_words()) == general
    for word in ("the", "ibuprofen", "colour", "teh", "xyzzy", "Ibuprofen", "naïve", ""):
        assert (word in frequencies, word in spelling.medical_words(),
                word in spelling.general_words()) == (word in english, word in medical,
                                                       word in general)
