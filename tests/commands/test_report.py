"""Reporters: text, json, sarif, github, junit, checked against exact output on small inputs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import healthlint.commands.report.ci as report_ci
from healthlint.commands.cli import main
from healthlint.commands.report.text import REPORTERS, render_json, render_text
from healthlint.core.findings import REGISTRY, Applicability, Edit, Finding, Fix, Severity
from healthlint.engine.runner import FileResult
from tests.conftest import TESTS, TODAY_ARG

SCHEMA_FILE = TESTS / "data" / "sarif-schema-2.1.0.json"
ODD = "`last_reviewed`: 50% sure, \"maybe\" <b> & co,\r\nnext"


def results() -> list[FileResult]:
    path = "content/a b.md"
    return [
        FileResult(path, [
            Finding(path, 3, 5, 3, 15, "HL602", "invalid-date", Severity.ERROR, ODD,
                    "write it as YYYY-MM-DD"),
            Finding(path, 7, 1, 9, 4, "HL604", "review-overdue", Severity.WARNING,
                    "review overdue"),
            Finding(path, 12, 3, 12, 3, "HL607", "description-length", Severity.SUGGESTION,
                    "too short\x01"),
        ], None, 120),
        FileResult("content/clean.md", [], None, 80),
    ]


def sarif_validator() -> jsonschema.protocols.Validator:
    """A validator for a whole SARIF log.

    The shipped schema keeps the root object under ``definitions.Root`` and constrains nothing
    at its top level, so validate against a reference to that definition.
    """
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    if "Root" in schema.get("definitions", {}):
        schema = {**schema, "$ref": "#/definitions/Root"}
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


# ---- registration ------------------------------------------------------------------------
def test_ci_reporters_are_registered() -> None:
    assert REPORTERS["sarif"] is report_ci.render_sarif
    assert REPORTERS["github"] is report_ci.render_github
    assert REPORTERS["junit"] is report_ci.render_junit
    assert REPORTERS["text"] is render_text and REPORTERS["json"] is render_json


# ---- text and json -----------------------------------------------------------------------
def test_text() -> None:
    plain = [FileResult("content/a.md", [
        Finding("content/a.md", 3, 5, 3, 15, "HL602", "invalid-date", Severity.ERROR,
                "`published`: '2026-13-45' is not a real date", "write it as YYYY-MM-DD"),
        Finding("content/a.md", 7, 1, 9, 4, "HL604", "review-overdue", Severity.WARNING,
                "review overdue [due 2026-01-09]"),
    ], None, 10), FileResult("content/b.md", [], None, 5)]
    assert render_text(plain, False) == (
        "content/a.md\n"
        "content/a.md:3:5: HL602 [error] `published`: '2026-13-45' is not a real date "
        "(write it as YYYY-MM-DD)\n"
        "content/a.md:7:1: HL604 [warning] review overdue [due 2026-01-09]\n"
        "\n"
        "2 files checked: 1 error, 1 warning, 0 suggestions\n"
    )


def test_text_with_nothing_found() -> None:
    assert render_text([FileResult("a.md", [], None, 3)], False) == (
        "1 file checked: 0 errors, 0 warnings, 0 suggestions\n")


def test_json() -> None:
    data = json.loads(render_json(results(), False))
    assert data["summary"] == {"files": 2, "files_with_findings": 1, "errors": 1,
                               "warnings": 1, "suggestions": 1, "words": 200}
    assert data["findings"][0] == {
        "path": "content/a b.md", "line": 3, "column": 5, "end_line": 3, "end_column": 15,
        "code": "HL602", "name": "invalid-date", "severity": "error", "message": ODD,
        "suggestion": "write it as YYYY-MM-DD", "fix": None}
    assert [f["code"] for f in data["findings"]] == ["HL602", "HL604", "HL607"]
    assert data["findings"][2]["suggestion"] is None


# ---- SARIF -------------------------------------------------------------------------------
def location(uri: str, region: tuple[int, int, int, int]) -> list[dict[str, Any]]:
    start_line, start_col, end_line, end_col = region
    return [{"physicalLocation": {
        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": start_line, "startColumn": start_col, "endLine": end_line,
                   "endColumn": end_col}}}]


def test_sarif_results_are_exact() -> None:
    log = json.loads(report_ci.render_sarif(results(), False))
    run = log["runs"][0]
    index = {rule["id"]: i for i, rule in enumerate(run["tool"]["driver"]["rules"])}
    assert log["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    prints = [r.pop("partialFingerprints") for r in run["results"]]
    assert all(set(p) == {"healthlint/v1"} and len(p["healthlint/v1"]) == 32 for p in prints)
    assert len({p["healthlint/v1"] for p in prints}) == 3
    assert run["results"] == [
        {"ruleId": "HL602", "ruleIndex": index["HL602"], "level": "error",
         "message": {"text": ODD + " (write it as YYYY-MM-DD)"},
         "locations": location("content/a%20b.md", (3, 5, 3, 15))},
        {"ruleId": "HL604", "ruleIndex": index["HL604"], "level": "warning",
         "message": {"text": "review overdue"},
         "locations": location("content/a%20b.md", (7, 1, 9, 4))},
        {"ruleId": "HL607", "ruleIndex": index["HL607"], "level": "note",
         "message": {"text": "too short\x01"},
         "locations": location("content/a%20b.md", (12, 3, 12, 3))},
    ]


def test_sarif_driver_describes_every_rule() -> None:
    driver = json.loads(report_ci.render_sarif([], False))["runs"][0]["tool"]["driver"]
    assert driver["name"] == "healthlint" and driver["version"]
    assert [r["id"] for r in driver["rules"]] == sorted(REGISTRY)
    rule = REGISTRY["HL604"]
    (entry,) = [r for r in driver["rules"] if r["id"] == "HL604"]
    assert entry == {
        "id": "HL604", "name": "review-overdue",
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what},
        "help": {"text": f"{rule.what}\n\nWhy it matters: {rule.why}\n\nExample: "
                         f"{rule.example}\n\nUse instead: {rule.instead}",
                 "markdown": entry["help"]["markdown"]},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["metadata"]},
    }
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels["HL601"] == "error" and levels["HL607"] == "note"


def test_sarif_information_uri_comes_from_package_metadata(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_ci, "information_uri", lambda: "https://example.org/healthlint")
    driver = json.loads(report_ci.render_sarif([], False))["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/healthlint"
    monkeypatch.setattr(report_ci, "information_uri", lambda: None)
    assert "informationUri" not in json.loads(
        report_ci.render_sarif([], False))["runs"][0]["tool"]["driver"]


def test_sarif_validates_against_the_schema() -> None:
    validator = sarif_validator()
    for data in (results(), []):
        validator.validate(json.loads(report_ci.render_sarif(data, False)))


@pytest.mark.parametrize("breakage", [
    lambda log: log.update(version="2.2.0"),
    lambda log: log.pop("runs"),
    lambda log: log["runs"][0]["results"][0].update(level="fatal"),
    lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    .update(startLine=0),
    lambda log: log["runs"][0]["tool"]["driver"].pop("name"),
    lambda log: log["runs"][0].update(unknownProperty=1),
])
def test_the_schema_check_rejects_broken_logs(breakage: Any) -> None:
    log = json.loads(report_ci.render_sarif(results(), False))
    breakage(log)
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator().validate(log)


def test_sarif_is_deterministic() -> None:
    assert report_ci.render_sarif(results(), False) == report_ci.render_sarif(results(), False)


@pytest.mark.parametrize(("path", "uri", "base"), [
    ("content/asthma.md", "content/asthma.md", "%SRCROOT%"),
    ("content/a b#1%.md", "content/a%20b%231%25.md", "%SRCROOT%"),
    ("content/ü.md", "content/%C3%BC.md", "%SRCROOT%"),
    ("a:b.md", "a%3Ab.md", "%SRCROOT%"),  # a colon would read as a URI scheme
])
def test_artifact_uris_are_relative_with_forward_slashes(path: str, uri: str,
                                                         base: str) -> None:
    assert report_ci.artifact_uri(path) == (uri, base)


def test_artifact_uris_for_absolute_paths() -> None:
    inside = Path.cwd() / "content" / "x.md"
    assert report_ci.artifact_uri(str(inside)) == ("content/x.md", "%SRCROOT%")
    outside = Path("/elsewhere/x y.md")
    assert report_ci.artifact_uri(str(outside)) == ("file:///elsewhere/x%20y.md", None)


def test_sarif_keeps_findings_of_unregistered_codes() -> None:
    odd = Finding("a.md", 1, 1, 1, 2, "HL999", "not-a-rule", Severity.WARNING, "odd")
    log = json.loads(report_ci.render_sarif([FileResult("a.md", [odd])], False))
    run = log["runs"][0]
    (result,) = run["results"]
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "HL999"
    sarif_validator().validate(log)


# ---- GitHub Actions ----------------------------------------------------------------------
def test_github() -> None:
    assert report_ci.render_github(results(), False) == (
        "::error file=content/a b.md,line=3,col=5,endLine=3,endColumn=15,"
        "title=HL602 invalid-date::`last_reviewed`: 50%25 sure, \"maybe\" <b> & co,%0D%0Anext "
        "(write it as YYYY-MM-DD)\n"
        "::warning file=content/a b.md,line=7,endLine=9,title=HL604 review-overdue::"
        "review overdue\n"
        "::notice file=content/a b.md,line=12,col=3,endLine=12,endColumn=3,"
        "title=HL607 description-length::too short\\x01\n"  # control characters escaped
        "2 files checked: 1 error, 1 warning, 1 suggestion\n"
    )


@pytest.mark.parametrize(("text", "data", "prop"), [
    ("plain", "plain", "plain"),
    ("50%", "50%25", "50%25"),
    ("a\nb\r", "a%0Ab%0D", "a%0Ab%0D"),
    ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
    ("%0A", "%250A", "%250A"),  # escaping happens once, percent first
])
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert report_ci.escape_data(text) == data
    assert report_ci.escape_property(text) == prop


def test_github_escapes_properties() -> None:
    odd = Finding("dir,x/a:b.md", 2, 1, 2, 3, "HL601", "missing-metadata-field",
                  Severity.ERROR, "m")
    assert report_ci.github_command(odd) == (
        "::error file=dir%2Cx/a%3Ab.md,line=2,col=1,endLine=2,endColumn=3,"
        "title=HL601 missing-metadata-field::m")


# ---- JUnit XML ---------------------------------------------------------------------------
def test_junit() -> None:
    assert report_ci.render_junit(results(), False) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="healthlint" tests="2" failures="1" errors="0">\n'
        '  <testsuite name="healthlint" tests="2" failures="1" errors="0" skipped="0">\n'
        '    <testcase classname="healthlint" name="content/a b.md" file="content/a b.md">\n'
        '      <failure type="HL602" message="`last_reviewed`: 50% sure, &quot;maybe&quot; '
        '&lt;b&gt; &amp; co,&#13;&#10;next">content/a b.md:3:5: HL602 invalid-date [error] '
        '`last_reviewed`: 50% sure, "maybe" &lt;b&gt; &amp; co,&#13;\nnext (write it as '
        'YYYY-MM-DD)</failure>\n'
        '      <failure type="HL604" message="review overdue">content/a b.md:7:1: HL604 '
        'review-overdue [warning] review overdue</failure>\n'
        '      <failure type="HL607" message="too short\ufffd">content/a b.md:12:3: HL607 '
        'description-length [suggestion] too short\ufffd</failure>\n'
        '    </testcase>\n'
        '    <testcase classname="healthlint" name="content/clean.md" '
        'file="content/clean.md"/>\n'
        '  </testsuite>\n'
        '</testsuites>\n'
    )


def test_junit_is_valid_xml_that_keeps_the_text() -> None:
    root = ET.fromstring(report_ci.render_junit(results(), False).encode("utf-8"))
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["content/a b.md", "content/clean.md"]
    failures = cases[0].findall("failure")
    assert [f.get("type") for f in failures] == ["HL602", "HL604", "HL607"]
    assert failures[0].get("message") == ODD
    assert failures[0].text is not None and ODD in failures[0].text
    assert cases[1].findall("failure") == []


# ---- through the command line ------------------------------------------------------------
ARTICLE = """---
title: Hay fever
description: What hay fever is, the symptoms it causes, and how to ease them with medicines.
type: condition
author: healthlint editorial team
reviewer: Clinical reviewer, healthlint
last_reviewed: 2026-13-45
---

# Hay fever
"""


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "json", "text"])
def test_every_format_through_the_cli(fmt: str, tmp_path: Path) -> None:
    (tmp_path / "hay-fever.md").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "report" / f"out.{fmt}"
    code = main(["check", "hay-fever.md", "--select", "HL602", "--format", fmt,
                 "--output", str(out), "--today", TODAY_ARG])
    assert code == 1
    text = out.read_text("utf-8")
    if fmt == "sarif":
        log = json.loads(text)
        sarif_validator().validate(log)
        (result,) = log["runs"][0]["results"]
        assert result["ruleId"] == "HL602"
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"], region["endColumn"]) == (7, 16, 26)
    elif fmt == "github":
        assert text.startswith("::error file=hay-fever.md,line=7,col=16,endLine=7,"
                               "endColumn=26,title=HL602 invalid-date::")
    elif fmt == "junit":
        assert ET.fromstring(text.encode("utf-8")).find("testsuite/testcase/failure") is not None
    elif fmt == "json":
        assert [f["code"] for f in json.loads(text)["findings"]] == ["HL602"]
    else:
        assert "hay-fever.md:7:16: HL602 [error]" in text


def test_terminal_control_characters_from_an_article_are_shown_not_sent() -> None:
    # a heading such as "## Ov\x1b[2J\x1b]0;pwned\x07erview" reaches messages; raw, it would
    # clear the reader's terminal, retitle it, or reorder the line (bidi override)
    path = "content/\x1b[31mred.md"
    evil = "section `## Ov\x1b[2J\x1b]0;pwned\x07erview\u202e` is empty\x9b"
    found = [FileResult(path, [Finding(path, 7, 1, 7, 4, "HL103", "empty-section",
                                       Severity.WARNING, evil, "fix \x1b[0m it")])]
    for text in (render_text(found, False), report_ci.render_github(found, False)):
        assert not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) < 0xa0 or c == "\u202e"
                       for c in text), repr(text)
        assert "\\x1b[2J" in text and "\\u202e" in text and "red.md" in text


# ---- fixes -------------------------------------------------------------------------------
def fixed_results() -> list[FileResult]:
    path = "content/a.md"
    delete = Fix("Delete the second 'the'", Applicability.SAFE,
                 (Edit(8, 12, "", 3, 9, 3, 13),))
    two = Fix("Use 'fiber'", Applicability.UNSAFE,
              (Edit(30, 35, "fiber", 4, 5, 4, 10), Edit(20, 20, "X\n", 3, 21, 3, 21)))
    shown = Fix("Cite a source", Applicability.DISPLAY_ONLY, ())
    return [FileResult(path, [
        Finding(path, 3, 5, 3, 13, "HL402", "repeated-word", Severity.WARNING, "Repeated word",
                None, delete),
        Finding(path, 4, 5, 4, 10, "HL403", "spelling-variant", Severity.WARNING, "variant",
                None, two),
        Finding(path, 5, 1, 5, 9, "HL501", "cure-claim", Severity.ERROR, "claim", None, shown),
    ], None, 10)]


def test_json_carries_fixes() -> None:
    findings = json.loads(render_json(fixed_results(), False))["findings"]
    assert findings[0]["fix"] == {
        "message": "Delete the second 'the'", "applicability": "safe",
        "edits": [{"line": 3, "column": 9, "end_line": 3, "end_column": 13, "content": ""}]}
    assert findings[1]["fix"]["applicability"] == "unsafe"
    assert findings[2]["fix"] == {"message": "Cite a source", "applicability": "display-only",
                                  "edits": []}


def test_text_marks_safe_fixes_and_counts_them() -> None:
    text = render_text(fixed_results(), False)
    assert "content/a.md:3:5: HL402 [warning] [*] Repeated word\n" in text
    assert "content/a.md:4:5: HL403 [warning] variant\n" in text  # unsafe: not marked
    assert text.endswith("1 fixable with --fix (1 more with --unsafe-fixes)\n")
    assert render_text(fixed_results(), True).rstrip().endswith(
        "1 fixable with --fix (1 more with --unsafe-fixes)")


def test_sarif_carries_applicable_fixes_and_is_valid() -> None:
    log = json.loads(report_ci.render_sarif(fixed_results(), False))
    sarif_validator().validate(log)
    safe, unsafe, shown = log["runs"][0]["results"]
    assert safe["fixes"] == [{
        "description": {"text": "Delete the second 'the'"},
        "artifactChanges": [{
            "artifactLocation": {"uri": "content/a.md", "uriBaseId": "%SRCROOT%"},
            "replacements": [{
                "deletedRegion": {"startLine": 3, "startColumn": 9, "endLine": 3,
                                  "endColumn": 13},
                "insertedContent": {"text": ""}}]}],
        "properties": {"applicability": "safe"}}]
    replacements = unsafe["fixes"][0]["artifactChanges"][0]["replacements"]
    assert [r["insertedContent"]["text"] for r in replacements] == ["X\n", "fiber"]  # in order
    assert unsafe["fixes"][0]["properties"] == {"applicability": "unsafe"}
    assert "fixes" not in shown  # display-only: nothing to apply
