"""Structure checks (HL1xx): tables of good and bad articles, config options, the fixtures'
rules, and headings written as plain text (HL109)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from healthlint.config import Config, ConfigError
from healthlint.core.findings import REGISTRY
from healthlint.rules.structure import STRUCTURE_CODES, longest_increasing
from tests.conftest import FIXTURES, fixed, lint
from tests.fixture_articles import codes_expected

CONDITION = """\
---
title: Chickenpox
type: condition
---

# Chickenpox

## Overview

Chickenpox is a common illness that causes an itchy rash of spots.

## Symptoms

Red spots fill with fluid, become blisters and then crust over.

## Causes

It is caused by the varicella-zoster virus.

## Diagnosis

A doctor can usually tell by looking at the rash.

## Treatment

Rest, drink fluids and use a cooling gel for the itch.

## When to see a doctor

Get help if the skin around the spots turns red, hot or painful.

## Sources

- [Chickenpox, NHS](https://www.nhs.uk/conditions/chickenpox/)
"""


def codes(text: str, table: dict[str, Any] | None = None) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in lint(text, "HL1", table)]


def renamed(*pairs: tuple[str, str]) -> str:
    """The condition article with headings replaced: renamed(("Diagnosis", "## Tests"))."""
    text = CONDITION
    for old, new in pairs:
        assert f"## {old}\n" in text
        text = text.replace(f"## {old}\n", f"{new}\n")
    return text


def test_complete_condition_article_is_clean() -> None:
    assert lint(CONDITION, "HL1") == []


# ---- HL101 missing-section ----------------------------------------------------------------
@pytest.mark.parametrize(("text", "found"), [
    # aliases, case and punctuation do not matter
    (renamed(("When to see a doctor", "## When to get medical help"),
             ("Sources", "## References")), []),
    (renamed(("When to see a doctor", "## WHEN TO GET HELP?")), []),
    (renamed(("Overview", "## Overview:")), []),
    # a required section may be deeper than level 2
    (renamed(("Diagnosis", "### Diagnosis")), []),
    # a name followed by the article's subject (issue 11)
    (renamed(("Overview", "## Overview of chickenpox"), ("Symptoms", "## Chickenpox symptoms")),
     [(12, "HL101")]),
    (renamed(("Overview", "## Overview of chickenpox"), ("Symptoms", "## Symptoms: Chickenpox")),
     []),
])
def test_required_sections_match_with_aliases(text: str, found: list[tuple[int, str]]) -> None:
    assert codes(text) == found


def test_missing_section_is_reported_where_it_belongs() -> None:
    text = CONDITION.replace("## Diagnosis\n\nA doctor can usually tell by looking at the rash."
                             "\n\n", "")
    [finding] = lint(text, "HL1")
    assert finding.code == "HL101" and finding.severity.name == "ERROR"
    assert finding.line == text.splitlines().index("## Treatment") + 1
    assert "add it after `## Causes`, before `## Treatment`" in finding.message
    assert finding.suggestion == "## Diagnosis"


def test_missing_sections_at_one_place_are_one_finding() -> None:
    text = CONDITION.split("## Diagnosis")[0] + "## Sources\n\n- NHS\n"
    [finding] = [f for f in lint(text, "HL1") if f.code == "HL101"]
    assert "add `## Diagnosis`, then `## Treatment`, then `## When to see a doctor`" in \
        finding.message
    assert finding.line == text.splitlines().index("## Sources") + 1


def test_title_heading_does_not_count_as_a_section_and_says_why() -> None:
    text = "---\ntype: wellness\n---\n# Overview\n\nText.\n\n## Sources\n\n- NHS\n"
    [finding] = lint(text, "HL1")
    assert finding.code == "HL101" and "is a level-1 heading" in finding.message


def test_near_miss_heading_is_named() -> None:
    text = renamed(("Symptoms", "## Symptoms in children"))
    [finding] = lint(text, "HL1")
    assert finding.code == "HL101"
    assert "`## Symptoms in children` (line 12) is close" in finding.message


@pytest.mark.parametrize(("title", "heading", "found"), [
    ("Metformin", "## About metformin", []),
    ("Metformin tablets", "## About Metformin", []),
    ("Metformin", "## About the medicine metformin", [(10, "HL101")]),
    ("Metformin", "## About ibuprofen", [(10, "HL101")]),
])
def test_an_alias_followed_by_the_subject_satisfies_the_section(
        title: str, heading: str, found: list[tuple[int, str]]) -> None:
    text = (f"---\ntype: medication\n---\n# {title}\n\n{heading}\n\nIt lowers blood sugar."
            "\n\n## How to take it\n\nWith food.\n\n## Side effects\n\nNausea.\n\n"
            "## Warnings\n\nKidneys.\n\n## Interactions\n\nAlcohol.\n\n## Sources\n\n- NHS\n")
    assert codes(text) == found


def test_default_profile_needs_sources_at_the_title_line() -> None:
    text = "---\ntitle: Flu\ntype: lifestyle\n---\n\nFlu is an infection of the airways.\n"
    assert codes(text) == [(2, "HL101")]


def test_profile_add_sections_from_config() -> None:
    table = {"profiles": {"condition": {"add-sections": ["Outlook|Prognosis"]}}}
    [finding] = lint(CONDITION, "HL1", table)
    assert finding.code == "HL101" and "`## Outlook` (or: Prognosis)" in finding.message
    assert "before `## Sources`" in finding.message  # added sections go before Sources
    with_outlook = CONDITION.replace(
        "## Sources", "## Prognosis\n\nMost children get better within 2 weeks.\n\n## Sources")
    assert lint(with_outlook, "HL1", table) == []


def test_profile_aliases_from_config() -> None:
    text = renamed(("Diagnosis", "## Tests"))
    assert [c for _, c in codes(text)] == ["HL101"]
    table = {"profiles": {"condition": {"sections": [
        "Overview", "Symptoms", "Causes", "Diagnosis|Tests", "Treatment",
        "When to see a doctor", "Sources"]}}}
    assert codes(text, table) == []


def test_custom_profile_from_config() -> None:
    table = {"profiles": {"vaccine": {"sections": ["Who should have it", "Sources"],
                                      "ordered": True}}}
    text = "---\ntitle: Flu vaccine\ntype: vaccine\n---\n\n## Sources\n\n- CDC\n"
    [finding] = lint(text, "HL1", table)
    assert finding.code == "HL101" and "for a vaccine article" in finding.message
    assert "before `## Sources`" in finding.message


# ---- HL102 section-order ------------------------------------------------------------------
def swap(text: str, first: str, second: str) -> str:
    head, rest = text.split(f"## {first}\n", 1)
    one, rest = rest.split(f"## {second}\n", 1)
    two, tail = rest.split("\n## ", 1)
    return f"{head}## {second}\n{two}\n## {first}\n{one}## {tail}"


def test_sections_out_of_order_are_reported_at_the_moved_heading() -> None:
    text = swap(CONDITION, "Symptoms", "Causes")
    found = lint(text, "HL1")
    assert [f.code for f in found] == ["HL102"]
    assert found[0].line == text.splitlines().index("## Symptoms") + 1
    message = found[0].message
    assert "move it after `## Overview` (line 8), before `## Causes` (line 12)" in message


def test_order_is_not_checked_when_the_profile_is_unordered() -> None:
    text = swap(CONDITION, "Symptoms", "Causes")
    assert lint(text, "HL1", {"profiles": {"condition": {"ordered": False}}}) == []


def test_longest_increasing_keeps_most_sections_in_place() -> None:
    assert longest_increasing([0, 4, 1, 2, 6]) == [0, 1, 2, 6]
    assert longest_increasing([]) == []


# ---- HL103 empty-section ------------------------------------------------------------------
WELLNESS = ("---\ntitle: Sleep\ntype: wellness\n---\n\n## Overview\n\n{body}\n\n"
            "## Sources\n\n- NHS\n")


@pytest.mark.parametrize(("body", "empty"), [
    ("## Tips", True),                                   # heading right before `## Sources`
    ("<!-- TODO: write this -->", True),                 # a comment is not content
    ("Most adults need 7 to 9 hours of sleep.", False),
    ("### Adults\n\nMost adults need 7 to 9 hours.", False),  # subsections only: not empty
    ("```\nbedtime 22:30\n```", False),
    ("![A bedroom](bed.png)", False),
    ("| age | hours |\n| --- | --- |\n| adult | 7-9 |", False),
])
def test_empty_section(body: str, empty: bool) -> None:
    found = [c for _, c in codes(WELLNESS.format(body=body))]
    assert ("HL103" in found) == empty


def test_empty_heading_at_the_end_of_the_article() -> None:
    text = WELLNESS.format(body="Sleep matters.") + "\n## Further reading\n"
    assert codes(text) == [(text.count("\n"), "HL103")]


# ---- HL104 missing-title, HL105 multiple-titles --------------------------------------------
@pytest.mark.parametrize(("text", "found"), [
    ("---\ntype: wellness\n---\n\n## Sources\n\n- NHS\n", [(1, "HL104")]),
    ("---\ntitle: Sleep\ntype: wellness\n---\n\n## Sources\n\n- NHS\n", []),
    ("---\ntype: wellness\n---\n# Sleep\n\n## Sources\n\n- NHS\n", []),
    ("---\ntitle: Sleep\ntype: wellness\n---\n# Sleep\n\n## Sources\n\n- NHS\n", []),
    ("---\ntype: wellness\n---\n# Sleep\n\nText.\n\n# Naps\n\nText.\n\n## Sources\n\n- NHS\n",
     [(8, "HL105")]),
])
def test_exactly_one_title(text: str, found: list[tuple[int, str]]) -> None:
    assert [(n, c) for n, c in codes(text) if c in ("HL104", "HL105")] == found


# ---- HL106 skipped-heading-level -----------------------------------------------------------
@pytest.mark.parametrize(("headings", "skipped"), [
    ("# T\n## A\n### B\n## C", []),
    ("# T\n## A\n#### B", [3]),
    ("# T\n### A", [2]),
    ("## A\n### B\n#### C\n## D", []),   # front matter title counts as level 1
    ("### A", [1]),
])
def test_skipped_heading_levels(headings: str, skipped: list[int]) -> None:
    body = "\n\ntext\n\n".join(headings.splitlines()) + "\n\ntext\n\n## Sources\n\n- NHS\n"
    lines = [line for line, code in codes("---\ntitle: T\ntype: wellness\n---\n" + body)
             if code == "HL106"]
    heading_lines = [i + 5 for i, line in enumerate(body.splitlines()) if line.startswith("#")]
    assert lines == [heading_lines[k - 1] for k in skipped]


def test_skipped_level_suggests_the_right_level() -> None:
    [finding] = [f for f in lint("---\ntype: wellness\n---\n# T\n\n## A\n\nx\n\n#### B\n\nx\n\n"
                                "## Sources\n\n- NHS\n", "HL1") if f.code == "HL106"]
    assert finding.suggestion == "### B" and "from level 2 to 4" in finding.message


# ---- HL107 missing-type --------------------------------------------------------------------
@pytest.mark.parametrize(("front", "found"), [
    ("title: T", [(1, "HL107")]),
    ("title: T\ntype: recipe", [(3, "HL107")]),
    ("title: T\ntype: ''", [(3, "HL107")]),
    ("title: T\ntype: Disease", []),   # a profile alias, matched ignoring case
])
def test_type_selects_a_profile(front: str, found: list[tuple[int, str]]) -> None:
    text = f"---\n{front}\n---\n\nText.\n\n## Sources\n\n- NHS\n"
    assert [(line, code) for line, code in codes(text) if code == "HL107"] == found


def test_missing_type_says_default_profile_and_lists_types() -> None:
    found = lint("# T\n\nText.\n\n## Sources\n\n- NHS\n", "HL1")
    [finding] = [f for f in found if f.code == "HL107"]
    assert "`default` profile" in finding.message
    assert "Valid types: condition, medication, procedure, wellness" in finding.message


def test_type_from_a_config_profile_is_valid() -> None:
    table = {"profiles": {"recipe": {"extends": "wellness"}}}
    text = "---\ntitle: T\ntype: recipe\n---\n\n## Overview\n\nText.\n\n## Sources\n\n- NHS\n"
    assert codes(text, table) == []


# ---- HL108 duplicate-heading ---------------------------------------------------------------
NESTED = """\
---
title: Diabetes
type: wellness
---

## Overview

Text.

## Type 1 diabetes

### Symptoms

Text.

## Type 2 diabetes

### Symptoms

Text.

## Sources

- NHS
"""


def test_duplicate_sibling_headings() -> None:
    text = WELLNESS.format(body="Text.\n\n## Tips\n\nText.\n\n## tips!\n\nText.")
    found = lint(text, "HL1")
    assert [f.code for f in found] == ["HL108"]
    assert found[0].line == text.splitlines().index("## tips!") + 1


def test_same_heading_under_different_parents_depends_on_option() -> None:
    assert lint(NESTED, "HL1") == []
    found = lint(NESTED, "HL1", {"structure": {"duplicates": "document"}})
    assert [(f.line, f.code) for f in found] == [(18, "HL108")]


def test_two_names_for_one_required_section_are_duplicates() -> None:
    text = CONDITION + "\n## References\n\n- CDC\n"
    found = lint(text, "HL1")
    assert [f.code for f in found] == ["HL108"]
    assert "both the `Sources` section" in found[0].message


# ---- config, rules, fixtures ----------------------------------------------------------------
@pytest.mark.parametrize("table", [
    {"structure": {"duplicates": "everywhere"}},
    {"structure": {"min-level": 2}},
])
def test_bad_structure_options_are_config_errors(table: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        Config.from_table(table, root=Path("."), source=None)


def test_rules_are_registered_as_structure() -> None:
    for code in STRUCTURE_CODES:
        assert REGISTRY[code].family == "structure"


def test_fixtures_exercise_every_structure_rule() -> None:
    assert codes_expected(FIXTURES / "structure") == set(STRUCTURE_CODES)


# ---- headings written as plain text (HL109) -----------------------------------------------
RUNNING = ("Clonazepam slows down activity in the brain, which can ease panic attacks and some "
           "kinds of seizures.")


def unmarked(text: str) -> list[tuple[int, int, str | None]]:
    return [(f.line, f.column, f.suggestion) for f in lint(text, "HL109")]


@pytest.mark.parametrize(("text", "expected"), [
    (f"# Clonazepam\n\nHow clonazepam works\n\n{RUNNING}\n", [(3, 1, "## How clonazepam works")]),
    (f"# Clonazepam\n\n**How clonazepam works**\n\n{RUNNING}\n", [(3, 3, "## How clonazepam works")]),
    (f"# C\n\n## Use\n\nLong-term use\n\n{RUNNING}\n", [(5, 1, "## Long-term use")]),
    (f"# C\n\n## Use\n\n### In adults\n\nLong-term use\n\n{RUNNING}\n", [(7, 1, "### Long-term use")]),
])
def test_plain_text_headings_are_reported(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert unmarked(text) == expected


def test_plain_title_of_an_untitled_article_is_suggested_as_the_title() -> None:
    text = (f"Living with clonazepam: a guide\n\n{RUNNING}\n\nHow clonazepam works\n\n"
            f"{RUNNING}\n")
    assert unmarked(text) == [(1, 1, "# Living with clonazepam: a guide"),
                              (5, 1, "## How clonazepam works")]
    assert "HL104" in [f.code for f in lint(text, "HL1")]
    lines = text.split("\n")
    for line, _, suggestion in unmarked(text):  # follow every suggestion
        assert suggestion is not None
        lines[line - 1] = suggestion
    fixed = "\n".join(lines)
    assert [f.code for f in lint(fixed, "HL1") if f.code in ("HL104", "HL109")] == []


def test_a_front_matter_title_keeps_plain_lines_at_level_two() -> None:
    text = f"---\ntitle: Clonazepam\n---\nHow clonazepam works\n\n{RUNNING}\n"
    assert unmarked(text) == [(4, 1, "## How clonazepam works")]


@pytest.mark.parametrize("text", [
    f"# Clonazepam\n\n## How clonazepam works\n\n{RUNNING}\n",          # a real heading
    f"# Clonazepam\n\nTake it as your doctor says.\n\n{RUNNING}\n",     # a sentence
    f"# Clonazepam\n\nCommon side effects include\n\n{RUNNING}\n",      # a lead-in
    f"# Clonazepam\n\n[Find a pharmacy](https://www.nhs.uk/)\n\n{RUNNING}\n",  # a link
    f"# Clonazepam\n\n- How it works\n\n{RUNNING}\n",                   # a list item
    f"# Clonazepam\n\n> How it works\n\n{RUNNING}\n",                   # a quote
    "# Clonazepam\n\nHow clonazepam works\n\nIt is a medicine.\n",      # no running text after
    f"# Clonazepam\n\nHow clonazepam works and why it can help\nand what to ask\n\n{RUNNING}\n",
    f"# Clonazepam\n\nhow clonazepam works\n\n{RUNNING}\n",             # not capitalised
    f"# Clonazepam\n\nHow *clonazepam* works\n\n{RUNNING}\n",           # inline markup
    f"# Clonazepam\n\nPosted in Health, Sleep\n\n{RUNNING}\n",        # page furniture: HL801
    f"# Clonazepam\n\nPublished Time: 2023-04-02\n\n{RUNNING}\n",
])
def test_look_alikes_are_not_reported(text: str) -> None:
    assert unmarked(text) == []


@pytest.mark.parametrize(("line", "heading"), [
    ("How clonazepam works", "## How clonazepam works"),
    ("**How clonazepam works**", "## How clonazepam works"),  # the bold goes too
])
def test_unmarked_heading_unsafe_fix_marks_it_up(line: str, heading: str) -> None:
    text = f"# Clonazepam\n\n{line}\n\n{RUNNING}\n"
    assert fixed(text, "HL109") == text
    assert fixed(text, "HL109", unsafe=True) == f"# Clonazepam\n\n{heading}\n\n{RUNNING}\n"


def test_an_untitled_article_gets_its_title_marked_up() -> None:
    text = f"Clonazepam for panic\n\n{RUNNING}\n"
    assert fixed(text, "HL109", unsafe=True) == f"# Clonazepam for panic\n\n{RUNNING}\n"
