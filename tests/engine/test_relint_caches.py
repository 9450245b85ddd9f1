"""The answers the checks keep per sentence or paragraph (so that ``check --fix`` lints a fixed
article again cheaply): a lint that reads them gives the findings a lint that keeps nothing
gives, after any edit; and a change in anything an answer depends on (the sentence's text, the
lines around it, the config) is read anew."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint import config as config_module
from healthlint.engine.fixes import fix_text
from healthlint.parse import model as parse_model
from healthlint.rules import (
    claims,
    claims_model,
    disclaimer,
    language,
    leftovers,
    readability,
    spelling,
    structure,
)
from healthlint.text.memo import Memo
from tests.conftest import TODAY, lint, make_config
from tools.bench import article

# every answer kept across lints: (module, name) of a function with an lru_cache ...
CACHED_FUNCTIONS = [
    (readability, "count_sentence"), (spelling, "_has_repeat"), (leftovers, "words_of"),
    (leftovers, "furniture_line"), (structure, "furniture_line"), (claims, "_cites"),
    (config_module, "_section_matches"), (parse_model, "sentence_spans"),
]
# ... and of a Memo
MEMOS = [(disclaimer, "_IDEAS_FOUND"), (disclaimer, "_QUIET"), (language, "_TERMS_FOUND"),
         (spelling, "_QUIET_SENTENCES")]


@contextlib.contextmanager
def nothing_kept() -> Iterator[None]:
    """Every check reads its text anew: no answer of an earlier sentence is looked up."""
    with pytest.MonkeyPatch.context() as patched:
        for module, name in CACHED_FUNCTIONS:
            patched.setattr(module, name, getattr(module, name).__wrapped__)
        for module, name in MEMOS:
            patched.setattr(module, name, Memo(0))
        patched.setattr(claims, "_SENTENCE_HITS", type(claims._SENTENCE_HITS)())
        patched.setattr(claims, "SENTENCES_KEPT", 0)
        patched.setattr(claims_model, "_JUDGED", type(claims_model._JUDGED)())
        patched.setattr(claims_model, "JUDGED_KEPT", 0)
        yield


def test_the_list_of_kept_answers_is_complete() -> None:
    # a new cache in a check must be added above, or the tests below do not cover it
    for module, name in CACHED_FUNCTIONS:
        assert hasattr(getattr(module, name), "cache_clear"), (module, name)
    memos = {(m.__name__, n) for m, n in MEMOS}
    for module in (claims, claims_model, disclaimer, language, leftovers, readability,
                   spelling, structure):
        for name, value in vars(module).items():
            if isinstance(value, Memo):
                assert (module.__name__, name) in memos, name


def findings(text: str, config: object = None) -> list[tuple[object, ...]]:
    return [(f.code, f.line, f.column, f.end_line, f.end_column, f.message, f.suggestion,
             f.fix) for f in lint(text, config=config)]


BASE = [article(n, 400, random.Random(n)) for n in range(3)]
WORDS = ["diabeties", "the the", "metformin", "cures", "100% safe", "asthama", "colour",
         "addict", "[a source](https://example.org)", "(Smith, 2020)", "Studies prove",
         "not a substitute for professional medical advice", "informational purposes only",
         "consult your doctor", "Share this article", ":", ".", "\n\n", "\n- ", "\n## Treatment\n",
         "it's", "dont", "500 mg", "Ｃｕｒｅｓ", "teh"]


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    """A generated article and the same article after a few edits of words, punctuation,
    lines, headings, links and list items (as a writer, or a pass of fixes, makes them)."""
    text = draw(st.sampled_from(BASE))
    new = text
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(new)))
        at = new.rfind(" ", 0, at) + 1  # at the start of a word
        end = at + draw(st.integers(0, 12))
        new = new[:at] + draw(st.sampled_from(WORDS)) + " " + new[end:]
    return text, new


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_an_edited_article_reads_the_same_from_the_kept_answers(pair: tuple[str, str]
                                                                ) -> None:
    before, after = pair
    lint(before)  # the answers of the article before the edits are kept
    kept = findings(after)
    with nothing_kept():
        assert findings(after) == kept


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_fixing_reads_the_same_from_the_kept_answers(pair: tuple[str, str]) -> None:
    _, text = pair
    config = make_config()
    warm = fix_text(text, "article.md", config, unsafe=True, today=TODAY)
    with nothing_kept():
        cold = fix_text(text, "article.md", config, unsafe=True, today=TODAY)
    assert (warm.text, warm.findings, warm.applied, warm.passes) == \
        (cold.text, cold.findings, cold.applied, cold.passes)
    assert fix_text(warm.text, "article.md", config, unsafe=True, today=TODAY).text == warm.text


FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").rglob("*.md"))


def test_every_fixture_reads_the_same_from_the_kept_answers() -> None:
    texts = [path.read_text(encoding="utf-8") for path in FIXTURES]
    kept = [findings(text) for text in texts for _ in range(2)]  # filled, then read
    with nothing_kept():
        assert [findings(text) for text in texts for _ in range(2)] == kept


# ---- what the keys hold ---------------------------------------------------------------
def test_a_memo_answers_only_for_the_same_owners() -> None:
    memo: Memo[int] = Memo(2)
    first, second = object(), object()
    memo.answers(first)["k"] = 1
    assert memo.answers(first).get("k") == 1  # kept
    assert memo.answers(second).get("k") is None  # other owners: nothing kept for them
    memo.answers(second)["k"] = 2
    assert memo.answers(first).get("k") is None  # the answers of the first went
    table = memo.answers(first)
    table["a"], table["b"] = 3, 4
    assert memo.answers(first) == {"b": 4}  # full: the newer half stays
    forgetful = Memo[int](0).answers(first)
    forgetful["a"] = 5
    assert forgetful.get("a") is None


PARAGRAPH = "Read this page before you change any medicine or dose."


def article_with(paragraph: str, body: str = "") -> str:
    return ("---\ntitle: Asthma\ntype: condition\n---\n\n# Asthma\n\n"
            f"{paragraph}\n\n{body}")


def test_a_paragraph_quiet_for_one_disclaimer_wording_is_read_for_another() -> None:
    text = article_with(PARAGRAPH)
    default = [f.code for f in lint(text, "HL2")]
    house = {"disclaimer": {"approved": [PARAGRAPH]}}
    assert "HL201" in default  # no disclaimer: the paragraph is quiet, and kept as quiet
    assert "HL201" not in [f.code for f in lint(text, "HL2", config=house)]
    assert [f.code for f in lint(text, "HL2")] == default


def test_a_sentence_without_terms_is_read_again_with_more_terms() -> None:
    text = article_with("Many runners drink water before a race.")
    assert not lint(text, "HL7")
    extra = {"language": {"extra": {"illness-framing": {"runners": "people who run"}}}}
    assert [f.code for f in lint(text, "HL7", config=extra)] == ["HL704"]
    assert not lint(text, "HL7")


def test_a_quiet_sentence_is_read_again_by_another_speller() -> None:
    text = article_with("The colour of the rash can change.")
    assert not lint(text, "HL403", config={"spelling": {"variant": "any"}})
    assert [f.code for f in lint(text, "HL403",
                                 config={"spelling": {"variant": "en-US"}})] == ["HL403"]


def test_a_link_on_the_paragraphs_line_is_read_though_its_text_is_the_same() -> None:
    # the prose of both paragraphs is "Studies prove that this tea helps"; only the source
    # line holds the link that cites the claim
    plain = article_with("Studies prove that this tea helps.")
    linked = article_with("[Studies](https://example.org/trial) prove that this tea helps.")
    with nothing_kept():
        expected = (findings(plain), findings(linked))
    assert expected[0] != expected[1]  # the link cites the claim
    assert (findings(plain), findings(linked), findings(plain)) == (*expected, expected[0])
