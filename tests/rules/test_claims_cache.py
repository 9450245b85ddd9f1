"""The claims check's sentence cache: answers looked up are the answers found anew, and what
is kept holds no part of the document it was read from."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.parse.document import parse
from healthlint.rules import claims
from healthlint.rules.claims import find_claims, load_lexicon
from tests.rules.claims_kinds import KINDS_BAD, KINDS_GOOD
from tests.rules.test_claims import BAD

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures" / "claims").glob("*.md"))


def _answers(text: str) -> list[tuple[str, object, object]]:
    doc = parse(text)
    return [(sentence.text, sentence.span(hit.start, hit.end), hit)
            for sentence, hit in find_claims(doc, load_lexicon())]


def _uncached(text: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object, object]]:
    with monkeypatch.context() as patched:
        patched.setattr(claims, "_SENTENCE_HITS", type(claims._SENTENCE_HITS)())
        patched.setattr(claims, "SENTENCES_KEPT", 0)
        return _answers(text)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_a_fixture_reads_the_same_from_the_cache(path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    fresh = _uncached(text, monkeypatch)
    assert fresh == _answers(text) == _answers(text)  # filled, then read from the cache


_SENTENCES = [s for s, *_ in BAD] + [s for s, *_ in KINDS_BAD] + list(KINDS_GOOD)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=6),
       st.sampled_from(["", "- ", "| ", "Our product can:\n\n- "]))
def test_sentences_in_any_order_read_the_same_from_the_cache(chosen: list[str],
                                                             form: str) -> None:
    # the same sentences as paragraphs, list items under a lead-in and in a new order: what
    # the cache returns for each must be what reading it anew finds
    text = "\n\n".join(form + s if form != "| " else f"| a | {s} |\n| - | - |" for s in chosen)
    cached = _answers(text)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(claims, "_SENTENCE_HITS", type(claims._SENTENCE_HITS)())
        patched.setattr(claims, "SENTENCES_KEPT", 0)
        assert _answers(text) == cached


def test_the_cache_keeps_no_part_of_the_document() -> None:
    text = FIXTURES[0].read_text(encoding="utf-8")
    doc = parse(text)
    folded = doc.folded()
    block = weakref.ref(folded.sentences[0].block)
    assert find_claims(doc, load_lexicon())
    del doc, folded
    gc.collect()
    assert block() is None
