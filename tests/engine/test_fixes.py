"""Fixes (healthlint.engine.fixes): which are applied, in what order, on which characters."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from healthlint.engine.fixes import (
    DOSE_RE,
    MAX_PASSES,
    SourceText,
    apply_fixes,
    choose_fixes,
    fix_text,
)
from tests.conftest import TODAY, lint, make_config

SAFE, UNSAFE, DISPLAY = Applicability.SAFE, Applicability.UNSAFE, Applicability.DISPLAY_ONLY


def finding(start: int, end: int, content: str, applicability: Applicability = SAFE,
            code: str = "HL402", *more: tuple[int, int, str]) -> Finding:
    """A finding on line 1 whose fix replaces ``[start, end)`` (and ``more`` spans)."""
    edits = tuple(Edit(a, b, c, 1, a + 1, 1, b + 1) for a, b, c in ((start, end, content), *more))
    return Finding("a.md", 1, start + 1, 1, end + 1, code, "x", Severity.WARNING, "m", None,
                   Fix("do it", applicability, edits))


def test_edits_are_applied_from_the_end() -> None:
    text = "one two three four"
    found = [finding(0, 3, "1"), finding(8, 13, "3"), finding(4, 7, "2 2 2")]
    assert apply_fixes(text, found) == ("1 2 2 2 3 four", 3)


def test_only_safe_fixes_without_unsafe() -> None:
    text = "one two three"
    found = [finding(0, 3, "1"), finding(4, 7, "2", UNSAFE), finding(8, 13, "3", DISPLAY)]
    assert apply_fixes(text, found) == ("1 two three", 1)
    assert apply_fixes(text, found, unsafe=True) == ("1 2 three", 2)


def test_a_fix_without_edits_or_without_a_fix_is_not_counted() -> None:
    bare = Finding("a.md", 1, 1, 1, 2, "HL401", "x", Severity.WARNING, "m")
    empty = Finding("a.md", 1, 1, 1, 2, "HL401", "x", Severity.WARNING, "m", None,
                    Fix("nothing", SAFE, ()))
    assert apply_fixes("abc", [bare, empty]) == ("abc", 0)


@pytest.mark.parametrize(("second", "kept"), [
    ((2, 5, "X"), "AB-defg"),  # overlaps the first: skipped
    ((3, 4, "X"), "AB-defg"),  # touches it (starts where it ends): left for the next pass
    ((0, 0, "X"), "AB-defg"),  # an insertion where it starts
    ((5, 6, "X"), "AB-deXg"),  # apart: both
])
def test_overlapping_and_touching_fixes_are_skipped(second: tuple[int, int, str],
                                                    kept: str) -> None:
    text = "abcdefg"
    found = [finding(0, 3, "AB-"), finding(*second)]
    assert apply_fixes(text, found)[0] == kept


def test_the_earlier_fix_wins_whatever_the_order_of_findings() -> None:
    first, second = finding(0, 3, "1"), finding(2, 5, "2")
    assert apply_fixes("abcdef", [second, first]) == ("1def", 1)


def test_a_fix_is_applied_whole_or_not_at_all() -> None:
    # two edits; the second overlaps a fix taken before it: neither edit is applied
    taken = finding(0, 2, "Z")
    both = finding(5, 6, "F", SAFE, "HL405", (1, 2, "B"))
    assert apply_fixes("abcdefg", [taken, both]) == ("Zcdefg", 1)
    assert apply_fixes("abcdefg", [both]) == ("aBcdeFg", 1)


def test_the_same_fix_on_two_findings_is_applied_once() -> None:
    found = [finding(0, 1, "A", SAFE, "HL401"), finding(0, 1, "A", SAFE, "HL405")]
    assert apply_fixes("abc", found) == ("Abc", 1)
    assert len(choose_fixes(found)) == 1


def test_edits_outside_the_text_are_refused() -> None:
    assert apply_fixes("abc", [finding(2, 9, "x")]) == ("abc", 0)


def test_byte_order_mark_and_crlf_are_kept_and_offsets_mapped() -> None:
    # Document.text is "a\nbc\nd" (no mark, LF); offsets 2-4 are "bc"
    text = "\ufeffa\r\nbc\r\nd"
    assert apply_fixes(text, [finding(2, 4, "BC")]) == ("\ufeffa\r\nBC\r\nd", 1)
    # a line break written by a fix comes out as the file writes its line breaks
    assert apply_fixes(text, [finding(1, 2, "\n\n")]) == ("\ufeffa\r\n\r\nbc\r\nd", 1)
    assert apply_fixes(text, [finding(1, 4, "")]) == ("\ufeffa\r\nd", 1)
    assert apply_fixes(text, [finding(1, 5, "")]) == ("\ufeffad", 1)


def test_source_text_maps_every_offset() -> None:
    source = SourceText("\ufeffab\r\ncd\ne\r\n")
    assert source.read == "ab\ncd\ne\n"
    for position, char in enumerate(source.read):
        original = source.original[source.offset(position)]
        assert original == char or (char == "\n" and original == "\r")
    assert source.newline == "\r\n"  # the most line breaks are CRLF
    assert SourceText("a\r\nb\nc\n").newline == "\n"


def test_template_syntax_is_never_edited() -> None:
    text = "A {{ x }} b"
    assert apply_fixes(text, [finding(2, 9, "")]) == (text, 0)
    assert apply_fixes(text, [finding(10, 11, "B")]) == ("A {{ x }} B", 1)


# ---- fix_text: lint, apply, lint again --------------------------------------------------
ARTICLE = "# Iron\n\nTake the the tablets with with food.\n"


def test_fix_text_applies_safe_fixes_and_reports_what_is_left() -> None:
    config = make_config(select="HL402")
    result = fix_text(ARTICLE, "a.md", config, today=TODAY)
    assert result.text == "# Iron\n\nTake the tablets with food.\n"
    assert (result.applied, result.passes, result.findings) == (2, 2, [])


def test_fix_text_lints_until_stable() -> None:
    # "the the the": the two findings touch, so the second is taken on the next pass
    config = make_config(select="HL402")
    result = fix_text("# Iron\n\nTake the the the tablets.\n", "a.md", config, today=TODAY)
    assert result.text == "# Iron\n\nTake the tablets.\n"
    assert (result.applied, result.passes) == (2, 3)
    assert fix_text(result.text, "a.md", config, today=TODAY).applied == 0


def test_fix_text_stops_after_max_passes() -> None:
    config = make_config(select="HL402")
    # each pass takes every other finding of a run of touching ones: the run halves
    text = "# Iron\n\nTake" + " the" * 2 ** (MAX_PASSES + 1) + " tablets.\n"
    result = fix_text(text, "a.md", config, today=TODAY)
    assert result.passes == MAX_PASSES + 1
    assert result.applied == 2 ** (MAX_PASSES + 1) - 2
    assert [f.code for f in result.findings] == ["HL402"]


def test_nothing_to_fix_is_one_pass_and_the_same_text() -> None:
    config = make_config(select="HL4")
    result = fix_text("# Iron\n\nTake the tablets.\n", "a.md", config, today=TODAY)
    assert (result.text, result.applied, result.passes) == ("# Iron\n\nTake the tablets.\n", 0, 1)


def test_findings_of_fix_text_are_those_of_lint() -> None:
    config = make_config(select="HL4")
    text = "# Iron\n\nTake irn tablets.\n"
    assert fix_text(text, "article.md", config, today=TODAY).findings == lint(text, "HL4")


def test_no_fix_is_offered_in_a_claims_sentence() -> None:
    # what a report marks fixable is exactly what --fix applies: the repeated word in the
    # claim's sentence carries no fix (the writer rewrites that sentence); the plain one does
    config = make_config(select="HL402")
    text = "# Iron\n\nOur tonic cures the the anaemia for good.\n\nTake the the tablets.\n"
    found = fix_text(text, "a.md", config, today=TODAY)
    assert found.text == text.replace("Take the the", "Take the")
    offered = [(f.line, f.fix is not None) for f in lint(text, "HL402")]
    assert offered == [(3, False), (5, True)]


def test_a_failing_claims_check_leaves_nothing_fixable(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from healthlint.engine import checks as registry
    from healthlint.engine.checks import load_checks

    def fail(doc: object, ctx: object) -> list[object]:
        raise RuntimeError("broken")

    monkeypatch.setitem(registry.CHECKS, "claims", replace(load_checks()["claims"], func=fail))
    text = "# Iron\n\nTake the the tablets.\n"
    found = lint(text)
    assert any(f.code == "HL010" for f in found)
    assert [f.fix for f in found if f.code == "HL402"] == [None]
    assert fix_text(text, "a.md", make_config(), today=TODAY).text == text


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("19.,5 mgMlx-/%a_to\n")), max_size=30))
def test_the_dose_pattern_matches_as_it_did_with_its_look_behind_first(text: str) -> None:
    before = re.compile(r"(?<![\w.])\d+" + DOSE_RE.pattern.removeprefix(r"\d(?<![\w.]\d)\d*"),
                        re.IGNORECASE)
    assert before.pattern != DOSE_RE.pattern
    assert [m.span() for m in DOSE_RE.finditer(text)] == [m.span() for m in before.finditer(text)]
