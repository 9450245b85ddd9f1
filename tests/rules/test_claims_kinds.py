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


def test_uncited_proof_is_judged_by_what_it_shows_not_by_its_figure() -> None:
    """A figure is a claim when it measures a benefit, as the same words without it are; a
    figure of prevalence or risk is not, with the figure or without it."""
    claims = ["Studies show 30-50% of users sleep longer with the spray.",
              "Studies show users sleep longer with the spray."]
    findings = ["Studies show 30-50% of adults have low vitamin D.",
                "Studies show adults have low vitamin D.",
                "Studies show a 30% lower risk of stroke in people who are active.",
                "Studies show a lower risk of stroke in people who are active."]
    text = "\n\n".join(claims + findings) + "\n"
    assert [(f.code, f.line) for f in lint(text, "HL5")] == [("HL504", 1), ("HL504", 3)]


def test_proof_about_medicine_is_judged_alike_in_every_wording() -> None:
    """What research shows about a vaccine or a behaviour is not a seller's proof, whichever
    proof phrase says it; about the writer's own product it is."""
    for proof in ("Research confirms that", "Studies have shown that", "Evidence shows that"):
        for subject, flagged in (("the HPV vaccine prevents", False),
                                 ("regular walking lowers", False),
                                 ("our herbal drops lower", True)):
            sentence = f"{proof} {subject} blood pressure."
            codes = [f.code for f in lint(sentence, "HL504")]
            assert codes == (["HL504"] if flagged else []), sentence


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


def test_uncited_proof_names_what_it_is_said_to_show_and_spans_it() -> None:
    """A writer sees which claim needs the source: the finding runs from the proof phrase to
    the benefit it is said to show (or names both, when they stand far apart)."""
    sentence = "Studies show the spray helps you sleep."
    [found] = lint(sentence, "HL504")
    assert found.message.startswith("“Studies show the spray helps”")
    assert (found.column, found.end_column) == (1, sentence.index(" you") + 1)
    far = ("Studies show that, for adults of every age and in every season of the year, "
           "the spray helps.")
    [found] = lint(far, "HL504")
    assert found.message.startswith("“Studies show … helps”")
    assert found.end_column == far.index(".") + 1
