"""Confusable words (HL407): real words written for the ones the sentence needs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.rules.confusables import (
    any_confusable,
    any_confusable_in_lower_case,
    confusables,
)
from tests.conftest import fix_of, fixed, lint


def found(text: str) -> list[tuple[int, str | None]]:
    return [(f.column, f.suggestion) for f in lint(text, "HL407")]


@pytest.mark.parametrize(("text", "expected"), [
    ("You should of asked your pharmacist.", [(5, "should have")]),
    ("We could of known sooner.", [(4, "could have")]),
    ("Its very important to finish the course.", [(1, "It's very important")]),
    ("If its not possible, call us.", [(4, "it's not")]),
    ("I think its been a year.", [(9, "it's been")]),
    ("Eating to much salt raises blood pressure.", [(1, "Eating too much")]),
    ("There are way to many pills here.", [(11, "way too many")]),
    ("Your welcome to call the clinic.", [(1, "You're welcome")]),
    ("It takes more then a week.", [(10, "more than")]),
    ("Loosing weight helps your knees.", [(1, "Losing weight")]),
    ("Aim to loose 5 kg over three months.", [(8, "lose 5 kg")]),
])
def test_confusables_are_reported_with_the_corrected_words(
        text: str, expected: list[tuple[int, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "The drug and its very rare side effects are listed below.",
    "The clinic opened in May of 2020.",
    "Compared to much older people, children recover quickly.",
    "You could, of course, ask your pharmacist.",
    "We could of course ask the pharmacist.",
    "The virus and its effects on the lungs.",
    "Your welcome pack has a map of the hospital.",
    "Take the first dose, then wait an hour.",
    "A loose bandage can slip.",
    "Read `should of` in the style guide.",
])
def test_the_right_words_are_not_reported(text: str) -> None:
    assert found(text) == []


def test_every_replacement_compiles_against_its_pattern() -> None:
    for entry in confusables():
        groups = entry.pattern.groups
        assert all(f"\\{n}" not in entry.replace for n in range(groups + 1, 10)), entry
        assert entry.why


# ---- fixes -------------------------------------------------------------------------------
def test_a_confusable_word_gets_an_unsafe_fix() -> None:
    assert fix_of("Its not a cold.", "HL407") == ("unsafe", [(0, 7, "It's not")])
    assert fixed("# Colds\n\nIts not a cold.\n", "HL407") == "# Colds\n\nIts not a cold.\n"
    assert fixed("# Colds\n\nIts not a cold.\n", "HL407", unsafe=True) == \
        "# Colds\n\nIt's not a cold.\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["should", "of", "its", "not", "way", "to", "much", "your",
                                 "welcome", "more", "then", "loose", "weight", "course", "Its",
                                 "It's", "very", ".", ",", " ", "  ", "x", "SHOULD OF",
                                 "Way To Much", "THEN", "LoOse"]), max_size=12)
       .map(" ".join))
def test_one_search_finds_a_sentence_any_entry_would(text: str) -> None:
    # the check skips a sentence the combined pattern finds nothing in
    assert (any_confusable().search(text) is not None) == \
        any(entry.pattern.search(text) for entry in confusables())
    lowered = any_confusable_in_lower_case()  # the same answer, faster, for ASCII text
    assert lowered is not None
    assert (lowered.search(text.lower()) is not None) == \
        (any_confusable().search(text) is not None)
