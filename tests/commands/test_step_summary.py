"""``--format github`` writes a job summary to $GITHUB_STEP_SUMMARY (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.commands.cli import main
from healthlint.commands.report.step_summary import SHOWN, cell, render_summary
from healthlint.core.findings import Finding, Severity
from healthlint.engine.runner import FileResult
from tests.conftest import TODAY_ARG

ARTICLE = """---
title: Green tea
type: condition
---
# Green tea

## Overview

This tea cures diabetes in a week.
"""
GITHUB = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/articles",
          "GITHUB_SHA": "0123abcd"}


def test_the_summary_is_appended_when_the_variable_is_set(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tea.md").write_text(ARTICLE, encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    for key, value in GITHUB.items():
        monkeypatch.setenv(key, value)
    assert main(["check", "tea.md", "--select", "HL5", "--format", "github",
                 "--today", TODAY_ARG]) == 1
    assert capsys.readouterr().out.startswith("::error file=tea.md,line=9")
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n## healthlint\n")
    assert "| claims | 1 | 0 | 0 |" in text
    assert "[tea\\.md:9:" in text and "](https://github.com/acme/articles/blob/0123abcd/" \
        "tea.md#L9)" in text
    assert "`HL501` cure\\-claim | error |" in text


def test_no_summary_without_the_variable_or_for_other_formats(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tea.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert main(["check", "tea.md", "--select", "HL5", "--format", "github",
                 "--today", TODAY_ARG]) == 1
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", "tea.md", "--select", "HL5", "--format", "sarif",
                 "--today", TODAY_ARG]) == 1
    assert not summary.exists()


def test_an_unwritable_summary_is_a_warning_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tea.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing" / "summary.md"))
    assert main(["check", "tea.md", "--select", "HL5", "--format", "github",
                 "--today", TODAY_ARG]) == 1
    err = capsys.readouterr().err
    assert "GITHUB_STEP_SUMMARY" in err and "cannot write the job summary" in err
    assert "Traceback" not in err


def test_article_text_is_shown_not_rendered() -> None:
    assert cell("<img src=x onerror=alert(1)> | [x](javascript:y) *b*") == (
        "&lt;img src=x onerror=alert\\(1\\)&gt; \\| \\[x\\]\\(javascript:y\\) \\*b\\*")
    assert cell("two\nlines\x1b") == "two / lines\\\\x1b"


def test_the_first_findings_only_most_severe_first() -> None:
    path = "a.md"
    findings = [Finding(path, n, 1, n, 2, "HL401", "unknown-word", Severity.WARNING, f"w{n}")
                for n in range(1, 40)]
    findings.append(Finding(path, 50, 1, 50, 2, "HL501", "cure-claim", Severity.ERROR, "c"))
    text = render_summary([FileResult(path, findings)], {})
    assert f"### First {SHOWN} of 40 findings" in text
    rows = [line for line in text.splitlines() if line.startswith("| a")]
    assert len(rows) == SHOWN and "`HL501`" in rows[0]
    assert "](" not in text  # no repository known: no links
    assert "| claims | 1 | 0 | 0 |" in text and "| spelling | 0 | 39 | 0 |" in text
