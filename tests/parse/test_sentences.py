"""Sentence splitting survives health writing's abbreviations, numbers and pasted text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.parse.document import parse
from healthlint.parse.sentences import BOUNDARY, split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


CASES = [
    # titles, Latin abbreviations and "approx." never end a sentence
    ("See Dr. Patel today. Then rest.", ["See Dr. Patel today.", "Then rest."]),
    ("Eat fruit, e.g. apples. Drink water.", ["Eat fruit, e.g. apples.", "Drink water."]),
    ("Take it with food, i.e. after a meal. Rest.",
     ["Take it with food, i.e. after a meal.", "Rest."]),
    ("It takes approx. 2 weeks. Then it stops.", ["It takes approx. 2 weeks.", "Then it stops."]),
    ("Type 2 vs. type 1 diabetes. Read on.", ["Type 2 vs. type 1 diabetes.", "Read on."]),
    # numbers
    ("Take 2.5 mg daily. Do not take more than 5 mg.",
     ["Take 2.5 mg daily.", "Do not take more than 5 mg."]),
    ("An A1C of 6.5% or higher means diabetes. Below 5.7% is normal.",
     ["An A1C of 6.5% or higher means diabetes.", "Below 5.7% is normal."]),
    ("I have had it since age 5. It got worse.", ["I have had it since age 5.", "It got worse."]),
    # times: a sentence ends after a.m./p.m. only before a capital
    ("Take it at 9 a.m. and 5 p.m. every day.", ["Take it at 9 a.m. and 5 p.m. every day."]),
    ("Take it at 9 a.m. Then wait an hour.", ["Take it at 9 a.m.", "Then wait an hour."]),
    ("The clinic shuts at 5 p.m. Call 111 after that.",
     ["The clinic shuts at 5 p.m.", "Call 111 after that."]),
    # "etc." and units
    ("Avoid smoke, dust, etc. and stay warm.", ["Avoid smoke, dust, etc. and stay warm."]),
    ("Avoid smoke, dust, etc. Stay warm.", ["Avoid smoke, dust, etc.", "Stay warm."]),
    ("Rest for 10 min. Then stand up slowly.", ["Rest for 10 min.", "Then stand up slowly."]),
    # "no.", "fig.", months: abbreviations only before a number
    ("Is it contagious? No. It does not spread.",
     ["Is it contagious?", "No.", "It does not spread."]),
    ("Form no. 5 is the one to use.", ["Form no. 5 is the one to use."]),
    ("See Fig. 2 for the dose.", ["See Fig. 2 for the dose."]),
    ("It changed in Jan. 2024 for everyone.", ["It changed in Jan. 2024 for everyone."]),
    # initials and letter names
    ("J. Smith wrote the leaflet. It is short.", ["J. Smith wrote the leaflet.", "It is short."]),
    ("The leaflet is by J. Smith and colleagues.", ["The leaflet is by J. Smith and colleagues."]),
    ("Many people are low in vitamin D. Eat oily fish.",
     ["Many people are low in vitamin D.", "Eat oily fish."]),
    ("There is a vaccine for hepatitis B. People at risk should get it.",
     ["There is a vaccine for hepatitis B.", "People at risk should get it."]),
    ("Bile helps you absorb vitamins A, D, E and K. Fat does too.",
     ["Bile helps you absorb vitamins A, D, E and K.", "Fat does too."]),
    # "U.S." ends a sentence only before a word that starts one
    ("See the U.S. Food and Drug Administration website.",
     ["See the U.S. Food and Drug Administration website."]),
    ("ADHD is common in the U.S. It affects about 1 in 10 children.",
     ["ADHD is common in the U.S.", "It affects about 1 in 10 children."]),
    # other ends
    ("Is it safe? Yes, for most people!", ["Is it safe?", "Yes, for most people!"]),
    ("Really?! Yes.", ["Really?!", "Yes."]),
    ('He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
    ("Ask your doctor… Then decide.", ["Ask your doctor…", "Then decide."]),
    ("Ask your doctor... Then decide.", ["Ask your doctor...", "Then decide."]),
    ("About 3 in 10 people (30%). Most recover.", ["About 3 in 10 people (30%).", "Most recover."]),
    # pasted text: a lost space, a citation number after the full stop
    ("About 145 cases a year.Of these, most are infants.",
     ["About 145 cases a year.", "Of these, most are infants."]),
    ("It may not harm the liver.3 Drinking more can.",
     ["It may not harm the liver.3", "Drinking more can."]),
    ("Use e.g.Apples and Dr.Smith as examples.", ["Use e.g.Apples and Dr.Smith as examples."]),
    ("Visit nhs.uk for more.", ["Visit nhs.uk for more."]),
    # no end punctuation at all
    ("a tight feeling in your chest", ["a tight feeling in your chest"]),
    ("", []),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:40] or "empty" for c in CASES])
def test_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_blocks_end_sentences() -> None:
    doc = parse("# Asthma symptoms\n\n- wheezing\n- a tight chest\n\n"
                "| Sign | When |\n| --- | --- |\n| Cough | at night |\n\nSee a GP if it lasts")
    assert [s.text for s in doc.sentences] == [
        "Asthma symptoms", "wheezing", "a tight chest", "Sign", "When", "Cough", "at night",
        "See a GP if it lasts"]


def test_sentence_positions_point_at_the_source() -> None:
    text = "# Dose\n\nTake 2.5 mg at 9 a.m. Then rest for 10 min. Drink water.\n"
    doc = parse(text)
    for sentence in doc.sentences:
        start, end = sentence.span()
        assert text[start:end] == sentence.text


@given(st.text(alphabet=st.sampled_from(list("aZ. !?…\"'”)(1\n e.g")), max_size=80))
def test_spans_are_ordered_trimmed_and_inside(text: str) -> None:
    last = 0
    for start, end in split_sentences(text):
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        last = end
    covered = "".join(text[a:b] for a, b in split_sentences(text))
    assert "".join(covered.split()) == "".join(text.split())


# the boundary pattern as it was written before its alternatives opened with the stop they
# consume (a look-behind first): the reference for the matches
_BOUNDARY_BEFORE = re.compile(
    r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+(?=\s|$)"
    r"|(?<=[A-Za-z]{2})\.(?:\d{1,3}(?=\s+[A-Z])|(?=[A-Z][a-z]))")


@settings(max_examples=1000)
@given(st.text(alphabet=st.sampled_from(list("aBxY3. !?…\"'”’)]\n\t")), max_size=40))
def test_the_boundary_pattern_matches_as_it_did_with_its_look_behind_first(text: str) -> None:
    assert [m.span() for m in BOUNDARY.finditer(text)] == \
        [m.span() for m in _BOUNDARY_BEFORE.finditer(text)]


# ---- the sentences of a block are looked up by its text (check --fix parses a fixed article
# again, and most of its blocks are as they were) --------------------------------------------
EDITS = [("Take it. Now go home.", "Take it now. Go home."),  # same length, other sentences
         ("Take it. Now go home.", "Take it. Now go home. Rest."),
         ("Dr. Lee said so. It helps.", "Dr Lee said so. It helps.")]


@pytest.mark.parametrize(("before", "after"), EDITS)
def test_a_block_split_before_an_edit_is_split_anew_after_it(before: str, after: str) -> None:
    from healthlint.parse.model import sentence_spans

    sentence_spans.cache_clear()
    for text in (before, after, before):  # the memo holds both: each is its own text's
        doc = parse(f"# Iron\n\n{text}\n")
        [block] = [b for b in doc.blocks if b.kind == "paragraph"]
        assert [s.text for s in block.sentences] == sentences(text)
        assert [s.text for s in doc.sentences][1:] == sentences(text)
    assert sentence_spans.cache_info().hits >= 2  # the heading, then the first text again
