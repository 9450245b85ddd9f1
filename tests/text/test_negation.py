"""NegEx-style scopes: negation, hedges, attribution, and quotations."""

from __future__ import annotations

import pytest

from healthlint.text.negation import Scopes, is_hedged, is_negated, lower, quote_spans


def span(sentence: str, phrase: str) -> tuple[int, int]:
    start = sentence.index(phrase)
    return start, start + len(phrase)


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("There is no cure for hay fever.", "cure"),
    ("These tablets do not cure migraine.", "cure"),
    ("Antibiotics won't cure a cold.", "cure"),
    ("You can't cure a virus with antibiotics.", "cure"),
    ("No single diet works for everyone.", "works for everyone"),
    ("There is no evidence that detox teas flush toxins.", "flush toxins"),
    ("There is little evidence that the supplement is a cure.", "cure"),
    ("Most people recover without a miracle treatment.", "miracle"),
    ("The claim that it cures cancer has not been proven.", "cures"),
    ("That magnets relieve arthritis is a myth.", "relieve arthritis"),
    ("Studies that suggest it helps are limited.", "helps"),
    ("Nobody should promise a guaranteed result.", "guaranteed"),
])
def test_negated(sentence: str, phrase: str) -> None:
    assert is_negated(sentence, *span(sentence, phrase))


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("This tea cures arthritis.", "cures"),
    # the scope of "not" ends at "but"
    ("It is not approved, but it cures arthritis.", "cures"),
    ("It does not hurt; it cures arthritis.", "cures"),
    # "not only" is a pseudo-trigger
    ("The tonic not only cures colds but also prevents flu.", "cures"),
    # a non-restrictive "which" clause and a colon start a new assertion
    ("Nothing compares to our tea, which cures gout.", "cures"),
    ("No more pain: the balm cures arthritis.", "cures"),
    # a negation after the phrase negates only with a post-trigger
    ("It cures arthritis and nobody knows why.", "cures"),
])
def test_not_negated(sentence: str, phrase: str) -> None:
    assert not is_negated(sentence, *span(sentence, phrase))


def test_a_trigger_inside_the_phrase_does_not_negate_it() -> None:
    sentence = "This cream has no side effects."
    scopes = Scopes(sentence, pseudo=r"\bno side effects\b")
    assert not scopes.negated(*span(sentence, "no side effects"))


def test_pseudo_triggers_stop_a_phrase_from_negating_what_follows() -> None:
    sentence = "It has no side effects and cures eczema."
    assert Scopes(sentence).negated(*span(sentence, "cures"))
    assert not Scopes(sentence, pseudo=r"\bno side effects\b").negated(*span(sentence, "cures"))


@pytest.mark.parametrize(("sentence", "phrase", "hedged"), [
    ("Surgery usually cures the condition.", "cures", True),
    ("Radiotherapy can cure some cancers.", "cure", True),
    ("In some cases, the operation cures it.", "cures", True),
    ("Most people are cured within a week.", "cured", True),
    ("Antibiotics cure the infection.", "cure", False),
    # a hedge in another clause does not hedge this one
    ("It may sting, but it cures warts.", "cures", False),
    # a superlative is not a hedge
    ("The most powerful remedy cures warts.", "cures", False),
])
def test_hedged(sentence: str, phrase: str, hedged: bool) -> None:
    assert is_hedged(sentence, *span(sentence, phrase)) is hedged


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("The theory is that coffee enemas remove toxins.", "remove toxins"),
    ("According to the seller, the drops cure cataracts.", "cure"),
    ("Some people with eczema believe the cream cures it.", "cures"),
    ("Be wary of products that promise a miracle.", "miracle"),
    ("The balm cures shingles, the company claims.", "cures"),
])
def test_attributed(sentence: str, phrase: str) -> None:
    assert Scopes(sentence).attributed(*span(sentence, phrase))


def test_self_attribution_is_not_attribution() -> None:
    sentence = "According to our research, the tonic cures arthritis."
    assert not Scopes(sentence).attributed(*span(sentence, "cures"))


def test_clause_runs_between_terminations() -> None:
    sentence = "It is cheap; however, it cures nothing."
    scopes = Scopes(sentence)
    left, right = scopes.clause(*span(sentence, "cures"))
    assert sentence[left:right].strip(" ,") == "it cures nothing."


@pytest.mark.parametrize(("text", "quoted"), [
    ('The label said "cures all ills" in red.', ['"cures all ills"']),
    ("The ad promised “a miracle cure” for pain.", ["“a miracle cure”"]),
    ("It’s a ‘wonder drug’, they said.", ["‘wonder drug’"]),
    ("It’s not quoted and isn’t either.", []),
    ('An unclosed "quote does nothing.', []),
])
def test_quote_spans(text: str, quoted: list[str]) -> None:
    assert [text[a:b] for a, b in quote_spans(text)] == quoted


def test_lower_keeps_offsets() -> None:
    text = "İstanbul CURES"
    assert len(lower(text)) == len(text)
    assert lower(text).endswith("cures")
