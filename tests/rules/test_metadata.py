"""Metadata rules (HL6xx): tables of good and bad examples, and fixture articles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.core.findings import REGISTRY, Finding
from healthlint.parse.document import parse
from healthlint.rules.metadata import (
    RULES,
    date_problem,
    footnote_definitions,
    is_empty,
    parse_date,
)
from tests.conftest import TODAY, lint

FRONT = {
    "title": "Hay fever",
    "description": "What hay fever is, the symptoms it causes, and how to ease them with "
                   "medicines and by avoiding pollen.",
    "type": "condition",
    "author": "healthlint editorial team",
    "reviewer": "Clinical reviewer, healthlint",
    "last_reviewed": "2026-03-02",
}
BODY = """# Hay fever

## Overview

Hay fever is an allergy to pollen. It often causes sneezing and itchy, watery eyes.

## Sources

- [Hay fever, from the NHS](https://www.nhs.uk/conditions/hay-fever/)
- [Hay fever, from MedlinePlus](https://medlineplus.gov/hayfever.html)
"""


def article(body: str = BODY, **fields: Any) -> str:
    """An article whose front matter is FRONT with ``fields`` changed (None drops a field)."""
    merged = {**FRONT, **fields}
    lines = [f"{key}: {value}" for key, value in merged.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def metadata(text: str, table: dict[str, Any] | None = None, today: dt.date = TODAY
             ) -> list[Finding]:
    """The HL6 findings (or those the table selects) for ``text``."""
    return lint(text, config={"select": ["HL6"], **(table or {})}, today=today)


def found(text: str, table: dict[str, Any] | None = None,
          today: dt.date = TODAY) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in metadata(text, table, today)]


def messages(text: str, code: str, table: dict[str, Any] | None = None) -> list[str]:
    return [f.message for f in metadata(text, table) if f.code == code]


def test_the_base_article_is_clean() -> None:
    assert found(article()) == []


# ---- HL601 missing-metadata-field ---------------------------------------------------------
@pytest.mark.parametrize(("fields", "expected"), [
    ({"author": None}, [(1, "HL601")]),
    ({"author": None, "reviewer": None}, [(1, "HL601")]),  # one finding names both
    ({"author": None, "reviewer": "''"}, [(1, "HL601"), (5, "HL601")]),
    ({"author": '""'}, [(5, "HL601")]),
    ({"author": "''"}, [(5, "HL601")]),
    ({"author": ""}, [(5, "HL601")]),  # `author:` is null
    ({"author": "[]"}, [(5, "HL601")]),
    ({"author": "'   '"}, [(5, "HL601")]),
    ({"last_reviewed": None}, [(1, "HL601")]),
    ({"description": None}, [(1, "HL601")]),
    ({"title": None}, [(1, "HL601")]),
])
def test_missing_or_empty_required_fields(fields: dict[str, Any],
                                          expected: list[tuple[int, str]]) -> None:
    assert found(article(**fields)) == expected


@pytest.mark.parametrize("fields", [
    {"type": None},                      # a missing type is HL107's, never HL601's
    {"author": "[Jane Doe, Sam Lee]"},   # a list of authors is fine
    {"reviewer": "Dr A. Smith (GP)"},
    {"slug": "hay-fever"},               # extra fields are fine
])
def test_fields_that_are_present(fields: dict[str, Any]) -> None:
    assert found(article(**fields)) == []


def test_missing_field_message_says_what_to_add() -> None:
    result = lint(article(reviewer=None), "HL6")
    assert [f.message for f in result] == ["required front matter field `reviewer` is missing"]
    assert result[0].suggestion is not None and "reviewer:" in result[0].suggestion


def test_missing_fields_are_named_together() -> None:
    result = lint(article(author=None, reviewer=None), "HL6")
    assert [f.message for f in result] == [
        "required front matter fields `author`, `reviewer` are missing"]
    assert result[0].suggestion == ("add `author: who wrote the article`; `reviewer: the "
                                    "clinician who checked it, with their role` to the front "
                                    "matter")


def test_missing_title_suggests_the_h1() -> None:
    result = lint(article(title=None), "HL6")
    assert result[0].suggestion == "add `title: Hay fever` to the front matter"


def test_no_front_matter_is_one_finding_at_line_1() -> None:
    result = lint(BODY, "HL6")
    assert [(f.line, f.code) for f in result] == [(1, "HL601")]
    assert result[0].message == (
        "no front matter: add a `---` block at the top with title, description, type (one of: "
        "condition, medication, procedure, wellness), author, reviewer, last_reviewed")
    assert "`type: ...`" in (result[0].suggestion or "")


def test_no_front_matter_is_not_also_a_missing_type() -> None:
    # issue 11: one finding says it (HL601 names `type:`); HL107 stays for a block without it
    assert [f.code for f in lint(BODY, ["HL1", "HL6"]) if f.code in ("HL107", "HL601")] == [
        "HL601"]
    assert [f.code for f in lint(BODY, "HL107")] == ["HL107"]


def test_profile_required_fields_come_from_config() -> None:
    table = {"profiles": {"condition": {"required-fields": ["title", "owner"]}}}
    assert found(article(author=None, reviewer=None), table) == [(1, "HL601")]
    assert messages(article(), "HL601", table) == [
        "required front matter field `owner` is missing"]


def test_unreadable_front_matter_is_not_reported_field_by_field() -> None:
    text = "---\ntitle: Hay fever: the basics\n---\n\n" + BODY
    assert found(text, {"select": ["HL005", "HL6"]}) == [(2, "HL005")]


# ---- HL602 invalid-date -------------------------------------------------------------------
@pytest.mark.parametrize("value", [
    "2026-09-14", "2024-02-29", "2000-02-29", "1999-12-31", " 2026-01-01 ",
])
def test_valid_dates(value: str) -> None:
    assert date_problem(value) is None
    assert parse_date(value) == dt.date.fromisoformat(value.strip())


@pytest.mark.parametrize(("value", "problem"), [
    ("2026-13-45", "there is no month 13"),
    ("2026-00-10", "there is no month 0"),
    ("2026-02-30", "February 2026 has 28 days"),
    ("2025-02-29", "February 2025 has 28 days"),
    ("1900-02-29", "February 1900 has 28 days"),
    ("2026-04-31", "April 2026 has 30 days"),
    ("2026-01-00", "January 2026 has 31 days"),
    ("0000-01-01", "there is no year 0"),
    ("14/09/2026", "not written as YYYY-MM-DD"),
    ("2026-9-14", "not written as YYYY-MM-DD"),
    ("20260914", "not written as YYYY-MM-DD"),
    ("Sept 2026", "not written as YYYY-MM-DD"),
    ("2026-W37-1", "not written as YYYY-MM-DD"),  # fromisoformat would accept this
    ("٢٠٢٦-٠٩-١٤", "not written as YYYY-MM-DD"),  # non-ASCII digits
    ("2026-09-14T10:00:00Z", "has a time in it"),
    ("2026-09-14 10:00", "has a time in it"),
    (20260914, "not written as YYYY-MM-DD"),
    (True, "is a bool, not a date"),
    (["2026-09-14"], "is a list, not a date"),
    ({"on": "2026-09-14"}, "is a dict, not a date"),
])
def test_invalid_dates(value: Any, problem: str) -> None:
    message = date_problem(value)
    assert message is not None and problem in message
    assert parse_date(value) is None


def test_a_bad_date_is_a_finding_at_its_value_not_a_crash() -> None:
    text = article(last_reviewed="2026-13-45")
    result = lint(text, "HL6")
    assert [(f.line, f.column, f.end_column, f.code) for f in result] == [(7, 16, 26, "HL602")]
    assert result[0].message == "`last_reviewed`: '2026-13-45' is not a real date: there is no " \
                                "month 13"


@pytest.mark.parametrize(("fields", "expected"), [
    ({"next_review": "2028-02-30"}, [(8, "HL602")]),
    ({"published": "last spring"}, [(8, "HL602")]),
    ({"published": "'2026-01-05'"}, []),     # quoted dates are dates too
    ({"published": ""}, [(8, "HL602")]),     # an optional date present but empty
    ({"last_reviewed": "2026-09-14 # checked by Dr Smith"}, []),
    ({"updated": "not a date"}, []),          # not a date field unless configured
])
def test_optional_date_fields(fields: dict[str, Any], expected: list[tuple[int, str]]) -> None:
    assert found(article(**fields)) == expected


def test_date_fields_are_configurable() -> None:
    table = {"metadata": {"date-fields": ["last_reviewed", "updated"]}}
    assert found(article(updated="soon"), table) == [(8, "HL602")]
    assert found(article(published="soon"), table) == []


# ---- HL603 review-date-in-future, HL604 review-overdue ------------------------------------
def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


@pytest.mark.parametrize(("reviewed", "expected"), [
    (days_ago(0), []),
    (days_ago(-1), [(7, "HL603")]),
    (days_ago(-400), [(7, "HL603")]),
    (days_ago(729), []),
    (days_ago(730), []),            # due today: not yet overdue
    (days_ago(731), [(7, "HL604")]),
    (days_ago(3000), [(7, "HL604")]),
])
def test_review_dates(reviewed: str, expected: list[tuple[int, str]]) -> None:
    assert found(article(last_reviewed=reviewed)) == expected


def test_overdue_message_gives_the_due_date() -> None:
    assert messages(article(last_reviewed="2024-01-10"), "HL604") == [
        "review overdue: it was due by 2026-01-09 (last reviewed 2024-01-10, review every 730 "
        "days); 320 days late"]


def test_future_message_names_today() -> None:
    assert messages(article(last_reviewed="2062-09-14"), "HL603") == [
        "last_reviewed 2062-09-14 is in the future (today is 2026-11-25)"]


def test_today_decides() -> None:
    text = article(last_reviewed="2026-03-02")
    assert found(text, today=dt.date(2028, 3, 1)) == []
    assert found(text, today=dt.date(2028, 3, 2)) == [(7, "HL604")]
    assert found(text, today=dt.date(2026, 3, 1)) == [(7, "HL603")]


def test_review_interval_comes_from_the_profile() -> None:
    table = {"profiles": {"condition": {"review-days": 365}}}
    assert found(article(last_reviewed=days_ago(366)), table) == [(7, "HL604")]
    assert found(article(last_reviewed=days_ago(366))) == []
    assert "review every 365 days" in messages(article(last_reviewed=days_ago(366)), "HL604",
                                               table)[0]


def test_a_passed_next_review_is_overdue_at_its_line() -> None:
    text = article(last_reviewed="2026-03-02", next_review="2026-09-01")
    assert found(text) == [(8, "HL604")]
    assert messages(text, "HL604") == [
        "review overdue: it was due by 2026-09-01 (next_review is 2026-09-01); 85 days late"]
    assert found(article(last_reviewed="2026-03-02", next_review="2027-03-02")) == []


# ---- HL605 too-few-sources, HL606 source-not-web-link -------------------------------------
def with_sources(sources: str, heading: str = "## Sources", extra: str = "") -> str:
    body = ("# Hay fever\n\n## Overview\n\nHay fever is an allergy to pollen." + extra +
            f"\n\n{heading}\n\n{sources}\n")
    return article(body)


NHS = "- [NHS](https://www.nhs.uk/conditions/hay-fever/)"
NLM = "- [MedlinePlus](https://medlineplus.gov/hayfever.html)"


@pytest.mark.parametrize(("text", "expected"), [
    (with_sources(f"{NHS}\n{NLM}"), []),
    (with_sources(f"{NHS}\n{NLM}", "## References"), []),
    (with_sources(f"{NHS}\n{NLM}", "## sources:"), []),
    (with_sources(f"{NHS}\n\n### Further reading\n\n{NLM}"), []),  # subsections count
    (with_sources(NHS), [(16, "HL605")]),
    (with_sources(f"{NHS}\n{NHS}"), [(16, "HL605")]),  # the same page twice is one source
    (with_sources("- NHS website\n- MedlinePlus"), [(16, "HL605")]),
    (with_sources("- https://www.nhs.uk/\n- https://medlineplus.gov/"), [(16, "HL605")]),
    (with_sources("- <https://www.nhs.uk/>\n- <https://medlineplus.gov/>"), []),
    (with_sources("", "## Sources"), [(16, "HL605")]),
    (with_sources(f"{NHS}\n- [Leaflet](leaflet.pdf)"), [(16, "HL605"), (19, "HL606")]),
    (with_sources(f"{NHS}\n{NLM}\n- [Email us](mailto:a@example.org)"), [(20, "HL606")]),
    (with_sources(f"{NHS}\n{NLM}\n- [Top](#overview)"), [(20, "HL606")]),
    (with_sources(f"{NHS}\n{NLM}\n- [FTP](ftp://example.org/x)"), [(20, "HL606")]),
    (with_sources(f"{NHS}\n{NLM}\n- [Bad](https:no-host)"), [(20, "HL606")]),
    (with_sources(f"{NHS}\n- [Read more](https://www.nhs.uk/x)", "## Sources and reading"),
     []),  # not a Sources heading: the structure rules report the missing section
])
def test_sources(text: str, expected: list[tuple[int, str]]) -> None:
    assert found(text) == expected


def test_plain_addresses_under_sources_are_named_with_how_to_write_them() -> None:
    # issue 11: "Sources has 0 sources" said nothing of the two addresses under it
    text = with_sources(f"- https://www.nhs.uk/conditions/hay-fever/.\n- {NHS[2:]}")
    [finding] = lint(text, "HL605")
    assert finding.line == 16
    assert finding.message == (
        "Sources has 1 source (web links or footnotes); the condition profile needs at least "
        "2: line 18 is a plain address, not a link: write it as a link with the page's title")
    assert finding.suggestion == (
        "- [Title of the page, Publisher](https://www.nhs.uk/conditions/hay-fever/)")
    two = with_sources("- https://www.nhs.uk/\n- See http://medlineplus.gov/hayfever.html")
    [finding] = lint(two, "HL605")
    assert "lines 18, 19 are plain addresses, not links: write each as a link" in finding.message
    # an autolink, a link's target and a link's text are links
    assert lint(with_sources("- <https://www.nhs.uk/>\n- [https://a.org/](https://a.org/)"),
                "HL605") == []


@pytest.mark.parametrize(("sources", "extra", "expected"), [
    (NHS, " It is common.[^1]\n\n[^1]: Seen in many adults.", []),
    ("[^1]: NHS, hay fever.\n[^2]: MedlinePlus, hay fever.", " It is common.[^1][^2]", []),
    ("[^1]: NHS, hay fever.\n[^2]: Never cited.", " It is common.[^1]", [(16, "HL605")]),
    # a footnote holding a link is one source, not two
    ("[^1]: [NHS](https://www.nhs.uk/conditions/hay-fever/)", " It is common.[^1]",
     [(16, "HL605")]),
    ("[^1]: [Leaflet](leaflet.pdf)\n[^2]: MedlinePlus.", " It is common.[^1][^2]",
     [(18, "HL606")]),
])
def test_footnotes_count_as_sources(sources: str, extra: str,
                                    expected: list[tuple[int, str]]) -> None:
    assert found(with_sources(sources, extra=extra)) == expected


def test_footnote_definitions_are_read_from_tokens_with_their_lines() -> None:
    doc = parse("Text[^a] and[^b].\n\n[^a]: One\n    more\n[^b]: Two\n[^c]: Unused\n")
    notes = footnote_definitions(doc)
    assert [(n.label, n.first_line, n.last_line) for n in notes] == [("a", 3, 4), ("b", 5, 5)]


def test_too_few_sources_message() -> None:
    assert messages(with_sources(NHS), "HL605") == [
        "Sources has 1 source (web links or footnotes); the condition profile needs at least 2"]


def test_min_sources_comes_from_the_profile() -> None:
    three = {"profiles": {"condition": {"min-sources": 3}}}
    none = {"profiles": {"condition": {"min-sources": 0}}}
    assert found(with_sources(f"{NHS}\n{NLM}"), three) == [(16, "HL605")]
    assert found(with_sources(""), none) == []


def test_missing_sources_section_is_reported_once() -> None:
    no_section = article("# Hay fever\n\n## Overview\n\nHay fever is an allergy to pollen.\n")
    assert found(no_section) == []  # the profile requires Sources: HL101 reports it
    table = {"profiles": {"condition": {"remove-sections": ["Sources"]}}}
    assert found(no_section, table) == [(10, "HL605")]
    assert "no Sources or References section and 0 footnotes" in messages(
        no_section, "HL605", table)[0]


def test_source_headings_are_configurable() -> None:
    table = {"metadata": {"source-headings": ["Evidence"]}}
    assert found(with_sources(f"{NHS}\n{NLM}", "## Evidence"), table) == []
    assert found(with_sources(NHS, "## Evidence"), table) == [(16, "HL605")]


def test_source_link_finding_points_at_the_target() -> None:
    text = with_sources(f"{NHS}\n{NLM}\n- [Leaflet](../leaflet.pdf)")
    (finding,) = [f for f in lint(text, "HL6") if f.code == "HL606"]
    line = text.split("\n")[finding.line - 1]
    assert line[finding.column - 1:finding.end_column - 1] == "../leaflet.pdf"


# ---- HL607 description-length, HL608 title-mismatch ---------------------------------------
@pytest.mark.parametrize(("description", "expected"), [
    ("Hay fever.", [(3, "HL607")]),
    ("x" * 49, [(3, "HL607")]),
    ("x" * 50, []),
    ("x" * 160, []),
    ("x" * 161, [(3, "HL607")]),
    ("'" + "word " * 40 + "'", [(3, "HL607")]),
    ("'What hay fever is,    and how   to ease it with medicines and by avoiding pollen.'", []),
])
def test_description_length(description: str, expected: list[tuple[int, str]]) -> None:
    assert found(article(description=description)) == expected


def test_description_limits_are_configurable() -> None:
    table = {"metadata": {"description-min": 5, "description-max": 20}}
    assert found(article(description="Hay fever basics"), table) == []
    assert found(article(), table) == [(3, "HL607")]


@pytest.mark.parametrize(("title", "h1", "expected"), [
    ("Hay fever", "# Hay fever", []),
    ("Hay fever", "# Hay Fever", []),
    ("'Hay fever: the basics'", "# Hay fever - the basics", []),
    ("Hay fever", "# Allergic rhinitis", [(2, "HL608")]),
    ("Hay fever", "# *Hay* fever", []),
])
def test_title_matches_h1(title: str, h1: str, expected: list[tuple[int, str]]) -> None:
    body = BODY.replace("# Hay fever", h1, 1)
    assert found(article(body, title=title)) == expected


def test_title_without_h1_is_not_compared() -> None:
    assert found(article(BODY.replace("# Hay fever\n\n", "", 1))) == []


# ---- the check as a whole -----------------------------------------------------------------
def test_rules_are_in_the_metadata_family_with_full_docs() -> None:
    assert [r.code for r in RULES] == [f"HL60{i}" for i in range(1, 9)]
    for rule in RULES:
        assert REGISTRY[rule.code] is rule and rule.family == "metadata"
        for part in (rule.summary, rule.what, rule.why, rule.example, rule.instead):
            assert len(part) >= 10


@pytest.mark.parametrize(("value", "empty"), [
    (None, True), ("", True), ("  ", True), ([], True), ({}, True),
    ("x", False), (0, False), (False, False), (["a"], False),
])
def test_is_empty(value: Any, empty: bool) -> None:
    assert is_empty(value) is empty


# ---- never a crash -----------------------------------------------------------------------
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30),
                    st.dates().map(dt.date.isoformat),
                    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6)
FIELDS = st.sampled_from(["title", "description", "author", "reviewer", "last_reviewed",
                          "next_review", "published", "type"])


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(FIELDS, VALUES, max_size=8), st.sampled_from(["", "## Sources\n\n",
                                                                   "## References\n\n- [x](y)\n"]))
def test_any_front_matter_gives_findings_not_a_crash(fields: dict[str, Any], tail: str) -> None:
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n\n# Title\n\n" + tail
    result = lint(text, ["HL6", "HL010"])
    assert not [f for f in result if f.code == "HL010"]
    lines = text.count("\n") + 1
    assert all(1 <= f.line <= f.end_line <= lines for f in result)


@pytest.mark.parametrize(("fields", "kind"), [
    ({"author": "{name: Jane}"}, "a mapping"),
    ({"reviewer": "true"}, "true or false"),
    ({"description": "[[a, b], c]"}, "a list of more than text"),
])
def test_required_fields_that_are_not_text_are_reported(fields: dict[str, Any],
                                                        kind: str) -> None:
    # the page would show nothing for them: a required field that says nothing is missing
    line = list(FRONT).index(next(iter(fields))) + 2
    assert found(article(**fields)) == [(line, "HL601")]
    assert kind in messages(article(**fields), "HL601")[0]


# ---- the fix of HL602 ----------------------------------------------------------------------
@pytest.mark.parametrize(("value", "edit"), [
    ("2024-3-5", (28, 36, "2024-03-05")),
    ("'2024/03/05'", (29, 39, "2024-03-05")),  # the quotes stay
    ("2024.12.1", (28, 37, "2024-12-01")),
])
def test_a_year_first_date_gets_a_safe_fix(value: str, edit: tuple[int, int, str]) -> None:
    text = f"---\ntitle: A\nlast_reviewed: {value}\n---\n# A\n\nText.\n"
    [found] = [f for f in lint(text, "HL602")]
    assert found.fix is not None and str(found.fix.applicability) == "safe"
    assert [(e.start, e.end, e.content) for e in found.fix.edits] == [edit]


@pytest.mark.parametrize("value", [
    "14/09/2026",  # day first (or month first): two dates it may be
    "09/14/2026",
    "2024-2-30",  # no such day: only the writer knows which was meant
    "2024-3/5",  # two separators
    "2024-03-05T10:00",
    "next week",
])
def test_a_date_that_is_not_certain_has_no_fix(value: str) -> None:
    text = f"---\ntitle: A\nlast_reviewed: {value}\n---\n# A\n\nText.\n"
    [found] = [f for f in lint(text, "HL602")]
    assert found.fix is None
