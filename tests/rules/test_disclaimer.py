"""Disclaimer checks (HL2xx): the three ideas, approved wordings, position, alterations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from healthlint.config import Config, ConfigError
from healthlint.core.findings import REGISTRY
from healthlint.core.options import SECTIONS
from healthlint.parse.document import parse
from healthlint.rules.disclaimer import (
    DISCLAIMER_CODES,
    compile_phrase,
    find_disclaimer,
    plain,
)
from tests.conftest import FIXTURES, fixed, lint
from tests.fixture_articles import codes_expected

HOUSE = SECTIONS["disclaimer"]["approved"].default[0]

ARTICLE = """\
---
title: Hand washing
type: wellness
---

# Hand washing

## Overview

Washing your hands with soap and water is one of the best ways to stop germs from spreading.

## How to wash your hands

Rub your hands together with soap for at least 20 seconds, then rinse and dry them.

{end}

## Sources

- [Handwashing, CDC](https://www.cdc.gov/clean-hands/)
"""


def codes(text: str, table: dict[str, Any] | None = None) -> list[str]:
    return [f.code for f in lint(text, "HL2", table)]


def with_end(paragraph: str) -> str:
    return ARTICLE.format(end=paragraph)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# ---- the three ideas -------------------------------------------------------------------------
GOOD = [
    "This page gives general information. It does not replace advice from your doctor or "
    "pharmacist.",
    HOUSE,
    "This leaflet is for educational purposes only and isn't a substitute for medical advice. "
    "Always consult your healthcare provider.",
    "For information only: this cannot replace a visit to a GP or nurse.",
    "The information here is general information. It is not medical advice. If you are "
    "worried, talk to a qualified health professional.",
    "Everything here is general health information and should not be taken as medical "
    "advice. Please see a clinician about your symptoms.",
    # adjacent sentences of one paragraph, with other sentences around them
    "Call 911 in an emergency. This article is for informational purposes only. It should "
    "never be used instead of advice from a pharmacist. Keep this page for later.",
]
BAD = [
    # one idea
    "This information is not a substitute for professional medical advice.",
    "This page gives general information about hand washing.",
    "Talk to your doctor or pharmacist about your own health.",
    # two ideas
    "This page gives general information. Talk to your doctor or pharmacist.",
    "This page gives general information. It is not a substitute for professional medical "
    "advice.",
    "It does not replace advice from your doctor or pharmacist.",
    # the negation dropped
    "This page gives general information. It replaces advice from your doctor or pharmacist.",
    # "not a substitute" for something that is not advice or a professional
    "Hand gel is not a substitute for washing your hands with soap. For general information "
    "about hand hygiene, ask your nurse.",
    # the ideas spread over more than four sentences
    "This page gives general information. Germs spread on hands. Soap removes them. Rinse "
    "well. Dry your hands. It does not replace advice from your doctor.",
]


@pytest.mark.parametrize("paragraph", GOOD)
def test_paragraph_with_the_three_ideas_is_a_disclaimer(paragraph: str) -> None:
    text = with_end(paragraph)
    assert codes(text) == []
    prose = find_disclaimer(parse(text))
    assert prose is not None and prose.line == line_of(text, paragraph[:30])


@pytest.mark.parametrize("paragraph", BAD)
def test_paragraph_missing_an_idea_is_not_a_disclaimer(paragraph: str) -> None:
    text = with_end(paragraph)
    assert "HL201" in codes(text)
    assert find_disclaimer(parse(text)) is None


def test_missing_disclaimer_is_reported_where_it_belongs() -> None:
    text = with_end("")
    [finding] = lint(text, "HL2")
    assert finding.code == "HL201" and finding.severity.name == "ERROR"
    assert finding.line == line_of(text, "## Sources")
    assert "at the end of `## How to wash your hands`, before `## Sources`" in finding.message
    assert finding.suggestion == HOUSE


def test_partial_disclaimer_is_reported_on_the_paragraph_naming_what_is_missing() -> None:
    text = with_end("This page gives general information. It is not a substitute for "
                    "professional medical advice.")
    [finding] = lint(text, "HL2")
    assert finding.line == line_of(text, "This page gives")
    assert "does not say talk to a doctor, pharmacist, nurse or other health professional" in \
        finding.message


def test_information_and_consult_without_not_advice_is_a_partial_disclaimer() -> None:
    # issue 11: this was reported as no disclaimer at all, at the end of the article
    text = with_end("This article is for informational purposes only. Always consult with a "
                    "healthcare provider before you change your medicines.")
    [finding] = lint(text, "HL2")
    assert finding.line == line_of(text, "This article is for")
    assert finding.message == (
        "no complete medical disclaimer: this paragraph does not say it is not a substitute "
        "for professional medical advice, diagnosis or treatment")


def test_blockquote_of_several_paragraphs_is_one_disclaimer() -> None:
    text = with_end("> This page is for general information only.\n>\n> It is not a substitute "
                    "for medical advice. Ask your pharmacist.")
    assert codes(text) == []
    doc = parse(text)
    prose = find_disclaimer(doc)
    assert prose is not None and prose.in_blockquote
    assert prose.text == ("This page is for general information only. It is not a substitute "
                          "for medical advice. Ask your pharmacist.")
    start, end = prose.span()
    assert doc.text[start:end].startswith("This page") and doc.text[start:end].endswith("st.")


def test_single_paragraph_disclaimer_is_the_documents_own_block() -> None:
    doc = parse(with_end(HOUSE))
    assert any(block is find_disclaimer(doc) for block in doc.blocks)


def test_separate_paragraphs_do_not_add_up() -> None:
    text = with_end("This page gives general information.\n\nIt does not replace advice from "
                    "your doctor or pharmacist.")
    assert "HL201" in codes(text)


# ---- phrases ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("phrase", "text", "matches"), [
    ("not ... replace", "it does not fully replace", True),
    ("not ... replace", "it can replace", False),
    ("not ... replace", "not one two three four five replace", False),  # gap of 0-4 words
    ("not ... replace", "not one two three four replace", True),
    ("doctor|nurse", "ask a nurse", True),
    ("doctor|nurse", "ask a nursery", False),
    ("doesn't replace", "It does not replace", True),
    ("not ... replace ... {advice}", "it does not replace a visit", True),
    ("not ... replace ... {advice}", "it does not replace washing", False),
    ("ask ... {professional}|herbalist", "ask your herbalist", True),
])
def test_phrase_syntax(phrase: str, text: str, matches: bool) -> None:
    compiled = compile_phrase(phrase)
    assert compiled is not None
    words = plain(text)
    assert compiled.search(words, set(words.split())) == matches


def test_contractions_are_expanded() -> None:
    assert plain("It isn't; it can't, won't or cannot.") == \
        "it is not it can not will not or can not"


@pytest.mark.parametrize(("option", "phrase", "paragraph"), [
    ("consult-phrases", "physiotherapist",
     "This page gives general information. It does not replace advice from your "
     "physiotherapist."),
    ("information-phrases", "overview",
     "This page is an overview. It does not replace advice from your doctor."),
    ("not-advice-phrases", "no stand-in for",
     "This page gives general information and is no stand-in for your doctor."),
])
def test_extra_phrases_from_config(option: str, phrase: str, paragraph: str) -> None:
    text = with_end(paragraph)
    assert "HL201" in codes(text)
    assert codes(text, {"disclaimer": {option: [phrase]}}) == []


# ---- approved wordings ----------------------------------------------------------------------
def test_approved_wording_ignores_case_and_white_space() -> None:
    assert codes(with_end(HOUSE.upper().replace(" ", "  \n", 3))) == []


def test_approved_wording_from_config_is_exact() -> None:
    ours = "Information on this page is educational and is not meant to replace your doctor."
    table = {"disclaimer": {"approved": [ours]}}
    assert codes(with_end(ours), table) == []
    # the built-in wording is no longer approved, but it still carries the three ideas
    assert codes(with_end(HOUSE), table) == []


def test_approved_wording_without_the_ideas_passes_only_when_approved() -> None:
    ours = "Read our editorial policy before acting on this page."
    assert codes(with_end(ours)) == ["HL201"]
    assert codes(with_end(ours), {"disclaimer": {"approved": [ours]}}) == []


@pytest.mark.parametrize(("altered", "change"), [
    (HOUSE.replace("is not a", "is a"), 'removed "not"'),
    (HOUSE.replace("pharmacist or nurse", "pharmacist or dentist"),
     'changed "nurse" to "dentist"'),
    (HOUSE.replace("Talk to", "Always talk to"), 'added "always"'),
    (HOUSE.replace(", diagnosis or treatment", " or treatment"),
     'changed "advice, diagnosis" to "advice"'),
])
def test_altered_wording_names_the_change(altered: str, change: str) -> None:
    findings = [f for f in lint(with_end(altered), "HL2") if f.code == "HL203"]
    assert len(findings) == 1 and change in findings[0].message.lower()
    assert findings[0].suggestion == HOUSE


def test_dropped_negation_means_no_disclaimer() -> None:
    text = with_end(HOUSE.replace("is not a", "is a"))
    found = lint(text, "HL2")
    assert [f.code for f in found] == ["HL201", "HL203"]
    assert "no longer says it is not a substitute" in found[1].message
    col = found[1].column
    assert text.splitlines()[found[1].line - 1][col - 1:].startswith("is a substitute")


def test_dropped_negation_in_a_paraphrase_is_altered() -> None:
    text = with_end("This page gives general information. It replaces advice from your "
                    "doctor or pharmacist.")
    found = lint(text, "HL2")
    assert [f.code for f in found] == ["HL201", "HL203"]
    assert "without a negation" in found[1].message


def test_far_paraphrase_is_not_altered() -> None:
    assert codes(with_end(GOOD[0])) == []


# ---- position ----------------------------------------------------------------------------------
CHAPTERS = """\
---
title: Flu
type: wellness
---

# Flu

{intro}

## Overview

Flu is an infection of the nose, throat and lungs.

{overview}

## Looking after yourself

Rest, keep warm and drink plenty of fluids.

{last}

## Sources

- [Flu, NHS](https://www.nhs.uk/conditions/flu/)

{after}
"""


def placed(where: str) -> str:
    slots = {"intro": "", "overview": "", "last": "", "after": ""}
    slots[where] = HOUSE
    return CHAPTERS.format(**slots)


@pytest.mark.parametrize(("where", "position", "found"), [
    ("last", "end", []),
    ("after", "end", []),
    ("overview", "end", ["HL202"]),
    ("intro", "end", ["HL202"]),
    ("intro", "start", []),
    ("overview", "start", []),
    ("last", "start", ["HL202"]),
    ("overview", "anywhere", []),
    ("intro", "anywhere", []),
])
def test_position(where: str, position: str, found: list[str]) -> None:
    table = {"disclaimer": {"position": position}}
    assert codes(placed(where), table) == found


def test_position_finding_says_where_it_belongs() -> None:
    text = placed("overview")
    [finding] = lint(text, "HL2")
    assert finding.line == line_of(text, HOUSE[:20])
    assert "is in `## Overview`" in finding.message
    assert "at the end of `## Looking after yourself`, before `## Sources`" in finding.message


def test_a_disclaimer_in_place_wins_over_one_out_of_place() -> None:
    text = CHAPTERS.format(intro=HOUSE, overview="", last=HOUSE, after="")
    assert codes(text) == []
    prose = find_disclaimer(parse(text))
    assert prose is not None and prose.line == line_of(text, "## Looking after") + 4


@pytest.mark.parametrize(("paragraphs", "found"), [
    (["Flu is an infection.", "Rest and drink fluids.", HOUSE], []),
    ([HOUSE, "Flu is an infection of the nose, throat and lungs caused by influenza viruses. "
      "Rest, keep warm and drink plenty of fluids; paracetamol can ease aches."], ["HL202"]),
])
def test_position_without_sections_counts_words(paragraphs: list[str],
                                                found: list[str]) -> None:
    assert codes("# Flu\n\n" + "\n\n".join(paragraphs) + "\n") == found


def test_missing_disclaimer_with_position_start_points_at_the_first_section() -> None:
    text = placed("intro").replace(HOUSE, "")
    [finding] = lint(text, "HL2", {"disclaimer": {"position": "start"}})
    assert finding.code == "HL201" and finding.line == line_of(text, "## Overview")


# ---- config, rules, fixtures ---------------------------------------------------------------------
@pytest.mark.parametrize("table", [
    {"disclaimer": {"position": "middle"}},
    {"disclaimer": {"approved": "one wording"}},
    {"disclaimer": {"wording": ["x"]}},
])
def test_bad_disclaimer_options_are_config_errors(table: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        Config.from_table(table, root=Path("."), source=None)


def test_back_matter_names_are_configurable() -> None:
    text = CHAPTERS.replace("## Sources", "## Bronnen").format(
        intro="", overview="", last=HOUSE, after="")
    # `## Bronnen` is not a known back-matter name, so it is the last section of the body
    assert codes(text) == ["HL202"]
    assert codes(text, {"disclaimer": {"back-matter": ["Bronnen"]}}) == []


def test_rules_are_registered_as_disclaimer() -> None:
    assert [REGISTRY[c].family for c in DISCLAIMER_CODES] == ["disclaimer"] * 3


def test_plain_text_page_disclaimer_is_found() -> None:
    text = ("Klonopin and long-term use\n\nClonazepam is a benzodiazepine.\n\n"
            "This article is for informational purposes only and should not be used as a "
            "substitute for professional medical advice. Always consult your healthcare "
            "provider before starting or changing any medication.\n")
    assert codes(text) == []


def test_fixtures_exercise_every_disclaimer_rule() -> None:
    assert codes_expected(FIXTURES / "disclaimer") == set(DISCLAIMER_CODES)


# ---- the fix of HL201 ----------------------------------------------------------------------
APPROVED = ("This article gives general information only. It is not a substitute for "
            "professional medical advice, diagnosis or treatment. Talk to your doctor, "
            "pharmacist or nurse about your own health.")
BODY = ("# Asthma\n\n## Symptoms\n\nWheezing and a tight chest are common signs of asthma in "
        "adults and children.\n")


@pytest.mark.parametrize(("text", "after"), [
    # before the back matter
    (BODY + "\n## Sources\n\n- NHS.\n", BODY + f"\n{APPROVED}\n\n## Sources\n\n- NHS.\n"),
    (BODY + "## Sources\n\n- NHS.\n", BODY + f"\n{APPROVED}\n\n## Sources\n\n- NHS.\n"),
    # at the end
    (BODY, BODY + f"\n{APPROVED}\n"),
    (BODY.rstrip("\n"), BODY + f"\n{APPROVED}\n"),
])
def test_missing_disclaimer_unsafe_fix_inserts_the_approved_wording(text: str,
                                                                      after: str) -> None:
    assert fixed(text, "HL2") == text  # unsafe: not applied by --fix
    assert fixed(text, "HL2", unsafe=True) == after
    assert lint(after, "HL2") == []


def test_missing_disclaimer_at_the_start() -> None:
    text = BODY + "\n## Sources\n\n- NHS.\n"
    after = fixed(text, "HL2", {"disclaimer": {"position": "start"}}, unsafe=True)
    assert after == f"# Asthma\n\n{APPROVED}\n\n## Symptoms" + text.split("## Symptoms")[1]
    assert lint(after, "HL2", {"disclaimer": {"position": "start"}}) == []


def test_no_insertion_into_code_that_ends_the_article() -> None:
    text = BODY + "\n```\ncode\n"
    [found] = lint(text, "HL201")
    assert found.fix is None
