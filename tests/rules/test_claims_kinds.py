"""Claims as real seller copy words them (issue 9, kinds 3-8): what holds across the kinds.
The sentences of each kind and their look-alikes are in ``tests/rules/claims_kinds.py``."""

from __future__ import annotations

from tests.conftest import lint


def test_uncited_proof_is_judged_alike_with_a_figure_or_a_benefit() -> None:
    """Issue 9: "Studies show 30-50% ..." and "Studies show ... helps" are judged alike."""
    figure = "Studies show 30-50% of users sleep longer with the spray."
    benefit = "Studies show the spray helps you sleep."
    text = f"{figure}\n\n{benefit}\n"
    assert [(f.code, f.line) for f in lint(text, "HL5")] == [("HL504", 1), ("HL504", 3)]


def test_a_source_in_the_paragraph_clears_every_wording_of_proof() -> None:
    for sentence in ("Many studies have shown that our lozenges help you sleep better.",
                     "Backed by 15 years of clinical research.",
                     "Our formula is proven highly effective."):
        cited = f"{sentence} See [the review](https://example.org/review).\n"
        assert [f.code for f in lint(cited, "HL5")] == [], sentence


def test_a_testimonial_names_itself_and_its_words() -> None:
    sentence = "I ordered the balm and within a week my sores were gone."
    [found] = lint(sentence, "HL5")
    assert found.message.startswith("“I ordered the balm and within a week my sores were gone”")
    assert "testimonial" in found.message
