from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import lint

ENGINE_ONLY = ["HL0"]
BAD_YAML = "---\ntitle: [\n---\n"


def codes(text: str, select: list[str] = ENGINE_ONLY, config: dict[str, Any] | None = None
          ) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in lint(text, select, config)]


def test_without_suppression_the_finding_shows() -> None:
    assert codes(BAD_YAML + "# T\n") == [("HL005", 2)]


def test_disable_file_by_code_name_and_prefix() -> None:
    for selector in ("HL005", "front-matter-invalid", "HL0", "HL00", ""):
        text = BAD_YAML + f"<!-- healthlint-disable-file {selector} -- migrating -->\n# T\n"
        assert codes(text) == [], selector


def test_disable_next_line_only_covers_the_next_line() -> None:
    text = "<!-- healthlint-disable-next-line HL005 -->\n" + BAD_YAML
    # the front matter is not on line 1 any more, so it is plain text: nothing to suppress
    assert codes(text) == [("HL008", 1)]


def test_unused_suppression_names_the_unused_code() -> None:
    text = BAD_YAML + "<!-- healthlint-disable-file HL005 HL003 -->\n# T\n"
    findings = lint(text, ENGINE_ONLY)
    assert [(f.code, f.line) for f in findings] == [("HL008", 4)]
    assert "HL003" in findings[0].message and "HL005" not in findings[0].message


def test_region_disable_enable() -> None:
    text = BAD_YAML + "<!-- healthlint-disable HL007 -->\nx\n<!-- healthlint-enable HL007 -->\n"
    assert codes(text) == [("HL005", 2), ("HL008", 4)]


def test_enable_without_disable_and_unknown_codes_are_reported() -> None:
    assert codes("# T\n\n<!-- healthlint-enable HL005 -->\n") == [("HL009", 3)]
    found = codes("# T\n\n<!-- healthlint-disable-file HL5x9 -->\n")
    assert ("HL009", 3) in found


def test_unused_suppression_can_be_ignored() -> None:
    config = {"ignore": ["unused-suppression"]}
    assert codes("# T\n\n<!-- healthlint-disable-file HL005 -->\n", config=config) == []


def test_suppression_in_code_is_not_a_directive() -> None:
    text = BAD_YAML + "```\n<!-- healthlint-disable-file HL005 -->\n```\n"
    assert codes(text) == [("HL005", 2)]


SPELLING = ["HL0", "HL401", "HL402"]
BOTH = "It is is zxqvw.\n"  # HL402 (repeated word) and HL401 (unknown word) on one line


def test_enable_by_name_closes_a_disable_by_code() -> None:
    text = ("# T\n\n<!-- healthlint-disable HL402 -->\nIt is is.\n"
            "<!-- healthlint-enable repeated-word -->\n\nIt is is.\n")
    assert codes(text, SPELLING) == [("HL402", 7)]


def test_enabling_one_rule_keeps_the_rest_of_a_wider_disable() -> None:
    for wider in ("", "HL4"):
        text = (f"# T\n\n<!-- healthlint-disable {wider} -->\n{BOTH}"
                "<!-- healthlint-enable HL402 -->\n\n" + BOTH)
        assert codes(text, SPELLING) == [("HL402", 7)], wider


def test_nested_disables_of_one_rule_close_innermost_first() -> None:
    text = ("# T\n\n<!-- healthlint-disable HL4 -->\n<!-- healthlint-disable HL402 -->\n"
            f"{BOTH}<!-- healthlint-enable HL402 -->\n\n{BOTH}<!-- healthlint-enable HL4 -->\n\n"
            + BOTH)
    assert codes(text, SPELLING) == [("HL402", 11), ("HL401", 11)]


@pytest.mark.parametrize("directive", ["healthlint-disable-line HL402",
                                       "healthlint-disableHL402", "healthlint-ignore HL402"])
def test_an_unknown_directive_is_reported_and_suppresses_nothing(directive: str) -> None:
    # ESLint writers reach for "disable-line": it must not become a disable to the end of file
    text = f"# T\n\nIt is is. <!-- {directive} -->\n\nIt is is.\n"
    found = lint(text, SPELLING)
    assert [(f.code, f.line) for f in found] == [("HL402", 3), ("HL009", 3), ("HL402", 5)]
    assert "disable-next-line" in found[1].message


# ---- the fix of HL008 ----------------------------------------------------------------------
def unused_fix(text: str, config: dict[str, Any] | None = None) -> list[tuple[int, int, str]] | None:
    [found] = [f for f in lint(text, config=config) if f.code == "HL008"]
    if found.fix is None:
        return None
    assert str(found.fix.applicability) == "safe"
    return [(e.start, e.end, e.content) for e in found.fix.edits]


def test_an_unused_comment_on_its_own_line_goes_with_its_line() -> None:
    text = "# A\n\n<!-- healthlint-disable-next-line HL402 -->\nTake the tablets.\n"
    comment = text.index("<!--")
    assert unused_fix(text) == [(comment, text.index("Take"), "")]


def test_an_unused_comment_inside_a_line_goes_with_the_space_before_it() -> None:
    text = "# A\n\nTake the tablets. <!-- healthlint-disable-file HL401 --> Fine.\n"
    assert unused_fix(text) == [(text.index(" <!--"), text.index(" Fine"), "")]


def test_a_comment_for_a_rule_that_did_not_run_is_kept() -> None:
    # HL401 is left out by the config: on a full run the comment may be needed
    text = "# A\n\n<!-- healthlint-disable-next-line HL401 HL402 -->\nTake the tablets.\n"
    assert unused_fix(text, {"ignore": ["HL401"]}) is None
    assert unused_fix(text) is not None


def test_a_disable_region_closed_by_an_enable_is_kept() -> None:
    text = ("# A\n\n<!-- healthlint-disable HL402 -->\nTake the tablets.\n"
            "<!-- healthlint-enable HL402 -->\n")
    assert unused_fix(text) is None


def test_a_partly_used_comment_has_no_fix() -> None:
    text = "# A\n\n<!-- healthlint-disable-next-line HL402 HL403 -->\nTake the the tablets.\n"
    assert unused_fix(text) is None
