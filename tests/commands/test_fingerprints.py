"""Stable fingerprints in SARIF (issue 12): a finding keeps its identity when lines are added
or removed above it, and gets a new one when its own words change."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import healthlint.commands.report.ci as report_ci
from healthlint.commands.cli import main
from healthlint.commands.report.fingerprints import fingerprints, span_parts
from healthlint.core.findings import REGISTRY, Finding, Severity
from healthlint.engine.runner import FileResult
from tests.commands.test_report import sarif_validator
from tests.conftest import TODAY_ARG

CLAIM = "This tea cures diabetes in a week."
ARTICLE = """---
title: Green tea
type: condition
---
# Green tea

## Overview

Green tea is a drink made from the leaves of a plant.

{claim}

Some people drink it every day.
"""
INSERTED = "Another paragraph, added later above the claim.\n\nAnd one more line.\n\n"


def sarif_for(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch,
              *extra: str) -> dict[str, object]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tea.md").write_text(text, encoding="utf-8")
    out = tmp_path / "out.sarif"
    main(["check", "tea.md", "--select", "HL501", "--format", "sarif", "--output", str(out),
          "--today", TODAY_ARG, *extra])
    log = json.loads(out.read_text("utf-8"))
    sarif_validator().validate(log)
    return log


def claim_results(log: dict[str, object]) -> list[tuple[int, str]]:
    run = log["runs"][0]  # type: ignore[index]
    return [(r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["partialFingerprints"]["healthlint/v1"]) for r in run["results"]]


def test_a_fingerprint_stays_put_when_a_paragraph_is_inserted_above(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = claim_results(sarif_for(tmp_path, ARTICLE.format(claim=CLAIM), monkeypatch))
    moved = ARTICLE.format(claim=CLAIM).replace("Green tea is a drink",
                                                 INSERTED + "Green tea is a drink")
    after = claim_results(sarif_for(tmp_path, moved, monkeypatch))
    assert len(before) == 1 and len(after) == 1
    assert after[0][0] == before[0][0] + 4  # the line moved ...
    assert after[0][1] == before[0][1]  # ... the identity did not


def test_an_edited_claim_gets_a_new_fingerprint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = claim_results(sarif_for(tmp_path, ARTICLE.format(claim=CLAIM), monkeypatch))
    edited = CLAIM.replace("diabetes", "arthritis")
    after = claim_results(sarif_for(tmp_path, ARTICLE.format(claim=edited), monkeypatch))
    assert before[0][0] == after[0][0] and before[0][1] != after[0][1]


def test_identical_findings_are_told_apart_by_an_occurrence_counter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    twice = ARTICLE.format(claim=f"{CLAIM}\n\n{CLAIM}")
    prints = [p for _, p in claim_results(sarif_for(tmp_path, twice, monkeypatch))]
    assert len(prints) == 2 and len(set(prints)) == 2


def finding(line: int, col: int, end_line: int, end_col: int, code: str = "HL401",
            path: str = "a.md") -> Finding:
    return Finding(path, line, col, end_line, end_col, code, "unknown-word",
                   Severity.WARNING, f"message {line}")


def test_span_and_neighbourhood_are_normalised_and_line_free() -> None:
    lines = ["# Title", "", "Some   words  before the TEEH   word and some after it here."]
    before, span, after = span_parts(lines, finding(3, 26, 3, 30))
    assert (before, span, after) == ("some words before the", "teeh", "word and some after")
    assert span_parts(lines, finding(9, 1, 9, 2)) == ("", "", "")  # outside the text
    many = ["one two", "three four", "five six"]
    assert span_parts(many, finding(1, 5, 3, 5)) == ("one", "two three four five", "six")


def test_fingerprints_change_with_rule_and_path_but_not_message_or_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("x\nthe teeh word\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("x\ny\nz\nthe teeh word\n", encoding="utf-8")
    one = fingerprints([FileResult("a.md", [finding(2, 5, 2, 9)])])[0][0]
    moved = fingerprints([FileResult("b.md", [finding(4, 5, 4, 9, path="b.md")])])[0][0]
    other_rule = fingerprints([FileResult("a.md", [finding(2, 5, 2, 9, "HL402")])])[0][0]
    assert len({one, moved, other_rule}) == 3
    os.replace(tmp_path / "b.md", tmp_path / "a.md")
    again = fingerprints([FileResult("a.md", [finding(4, 5, 4, 9)])])[0][0]
    assert again == one


def test_a_named_pipe_is_never_opened_for_a_fingerprint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "pipe.md")
    result = FileResult("pipe.md", [finding(1, 1, 1, 1, "HL001", "pipe.md")])
    assert len(fingerprints([result])[0][0]) == 32  # returns: nothing waited for a writer


def test_sarif_run_has_an_automation_id_per_shard() -> None:
    run = json.loads(report_ci.render_sarif([], False))["runs"][0]
    assert run["automationDetails"] == {"id": "healthlint/"}
    shard = json.loads(report_ci.render_sarif([], False, shard=(2, 4)))["runs"][0]
    assert shard["automationDetails"] == {"id": "healthlint/shard-2-of-4/"}
    sarif_validator().validate(json.loads(report_ci.render_sarif([], False, shard=(2, 4))))


def test_sarif_rules_keep_full_docs_and_help_uris(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_ci, "project_urls",
                        lambda: {"documentation": "https://docs.example.org/rules#top"})
    driver = json.loads(report_ci.render_sarif([], False))["runs"][0]["tool"]["driver"]
    (entry,) = [r for r in driver["rules"] if r["id"] == "HL501"]
    rule = REGISTRY["HL501"]
    assert entry["helpUri"] == "https://docs.example.org/rules#hl501"
    markdown = entry["help"]["markdown"]
    for part in (rule.what, rule.why, rule.example, rule.instead, "### Use instead"):
        assert part in markdown
    monkeypatch.setattr(report_ci, "project_urls", lambda: {})
    driver = json.loads(report_ci.render_sarif([], False))["runs"][0]["tool"]["driver"]
    assert not any("helpUri" in r for r in driver["rules"])


def test_a_code_fence_in_an_example_cannot_close_the_help_block() -> None:
    assert report_ci.fenced("a\n```\nb") == "````markdown\na\n```\nb\n````"
