"""The index of deletions gives exactly the words that generating every edit gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.rules.spelling import english_frequencies, general_words, medical_words, near_words
from healthlint.text.nearwords import NearWords, one_edit, one_edit_apart

# letters the edits add (a-z) and some they cannot (accents, an apostrophe, a hyphen, capitals)
ALPHABET = "abcdeilnorstuyzé'-A"
words = st.text(alphabet=ALPHABET, min_size=0, max_size=6)
SMALL = NearWords.build(
    {"cat", "act", "at", "a", "cast", "coat", "cot", "scat", "chat", "ca", "tac", "catt",
     "café", "cafe", "don't", "dont", "e", "", "eclair", "éclair", "aab", "aba", "baa"}, 8)


def two_edits(word: str) -> set[str]:
    return set().union(*map(one_edit, one_edit(word)))


@settings(deadline=None)
@given(words, words)
def test_one_edit_apart_is_membership_of_one_edit(word: str, other: str) -> None:
    assert one_edit_apart(word, other) == (other in one_edit(word))


@settings(deadline=None)
@given(words)
def test_one_edit_apart_holds_for_every_generated_edit(word: str) -> None:
    assert all(one_edit_apart(word, edit) for edit in one_edit(word))


@settings(max_examples=300, deadline=None)
@given(words)
def test_near_and_within_two_are_the_generated_edits_in_the_vocabulary(word: str) -> None:
    vocabulary = set(SMALL.words)
    assert SMALL.near(word) == vocabulary & one_edit(word)
    assert SMALL.within_two(word) == vocabulary & two_edits(word)


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="abcdeghilmnoprstuy'", min_size=1, max_size=8))
def test_the_shipped_index_gives_the_generated_edits(word: str) -> None:
    vocabulary = english_frequencies().keys() | medical_words() | general_words()
    assert near_words().within_two(word) == vocabulary & two_edits(word)


def test_typos_of_the_evaluation_find_the_same_words() -> None:
    vocabulary = english_frequencies().keys() | medical_words() | general_words()
    for typo in ("asthama", "symtoms", "medecine", "ulser", "wnat", "teh", "xqzpt", "café"):
        assert near_words().within_two(typo) == vocabulary & two_edits(typo), typo


def test_a_word_too_long_for_the_index_is_refused() -> None:
    with pytest.raises(ValueError, match="at most 8 characters"):
        SMALL.within_two("abcdefg")


def test_a_word_table_gives_back_its_words() -> None:
    from healthlint.text.nearwords import WordTable

    words = ["", "a", "asthma", "ménière", "zinc"]
    table = WordTable.of(words)
    assert len(table) == 5 and list(table) == words
    assert [table[i] for i in range(5)] == words


@settings(deadline=None)
@given(st.sets(words, max_size=30), st.lists(words, max_size=20))
def test_a_sorted_word_table_holds_what_the_set_holds(vocabulary: set[str],
                                                      probes: list[str]) -> None:
    from healthlint.text.nearwords import WordTable

    table = WordTable.of(sorted(vocabulary))
    for word in [*vocabulary, *probes, "zzzzzzz", ""]:
        assert (word in table) == (word in vocabulary), word
    assert 3 not in table
