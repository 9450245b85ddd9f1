"""Baselines (issue 12): record today's findings, then fail only on new ones."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from healthlint.commands.cli import main
from tests.conftest import TODAY_ARG

LEGACY = """---
title: Herbal remedies
type: condition
---
# Herbal remedies

## Overview

Many people try herbs alongside their usual care.

This tea cures diabetes in a week.

Some people drink it every day.

## Symptoms

Ginger is a miracle cure for nausea.
"""
NEW_CLAIM = "Garlic cures high blood pressure for good."


@pytest.fixture()
def legacy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "herbs.md").write_text(LEGACY, encoding="utf-8")
    (tmp_path / "content" / "other.md").write_text(
        LEGACY.replace("Herbal remedies", "Other remedies"), encoding="utf-8")
    return tmp_path


def check(*args: str) -> int:
    return main(["check", "content", "--select", "HL5", "--today", TODAY_ARG, "--format",
                 "json", *args])


def reported(capsys: pytest.CaptureFixture[str]) -> list[tuple[str, int, str]]:
    out = capsys.readouterr().out
    return [(f["path"], f["line"], f["code"]) for f in json.loads(out)["findings"]]


def test_a_legacy_repository_passes_with_its_baseline_and_fails_on_one_new_claim(
        legacy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check() == 1
    everything = reported(capsys)
    assert len(everything) >= 4

    assert check("--write-baseline", "healthlint-baseline.json") == 0
    err = capsys.readouterr().err
    assert f"recorded {len(everything)} findings in healthlint-baseline.json" in err
    data = json.loads((legacy / "healthlint-baseline.json").read_text("utf-8"))
    assert data["format"] == "healthlint-baseline" and len(data["findings"]) == len(everything)

    assert check("--baseline", "healthlint-baseline.json") == 0
    assert reported(capsys) == []

    # lines added above, a paragraph moved: the same findings, still in the baseline
    article = legacy / "content" / "herbs.md"
    text = article.read_text("utf-8")
    text = text.replace("Many people try herbs", "A new opening paragraph.\n\nMany people try herbs")
    paragraph = "This tea cures diabetes in a week.\n\n"
    text = text.replace(paragraph, "").replace("## Symptoms\n\n", "## Symptoms\n\n" + paragraph)
    article.write_text(text, encoding="utf-8")
    assert check("--baseline", "healthlint-baseline.json") == 0
    assert reported(capsys) == []

    # one new claim fails, and only it is reported
    article.write_text(text + "\n" + NEW_CLAIM + "\n", encoding="utf-8")
    assert check("--baseline", "healthlint-baseline.json") == 1
    new = reported(capsys)
    last_line = len((text + "\n" + NEW_CLAIM).splitlines())
    assert new and {(path, line) for path, line, _ in new} == {("content/herbs.md", last_line)}


def test_an_edited_claim_is_new_and_its_old_entry_is_reported_gone(
        legacy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--write-baseline", "base.json") == 0
    capsys.readouterr()
    article = legacy / "content" / "herbs.md"
    article.write_text(article.read_text("utf-8").replace("cures diabetes", "cures asthma"),
                       encoding="utf-8")
    assert check("--baseline", "base.json") == 1
    captured = capsys.readouterr()
    assert [f["line"] for f in json.loads(captured.out)["findings"]] == [11]
    assert "1 baseline entry no longer occur" in captured.err
    assert "content/herbs.md:11: HL501" in captured.err


def test_entries_of_files_not_checked_are_not_reported_gone(
        legacy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--write-baseline", "base.json") == 0
    capsys.readouterr()
    code = main(["check", "content/herbs.md", "--select", "HL5", "--today", TODAY_ARG,
                 "--baseline", "base.json"])
    assert code == 0
    assert "no longer occur" not in capsys.readouterr().err


@pytest.mark.parametrize(("content", "says"), [
    ("{not json", "base.json:1:2: not a baseline file (broken JSON"),
    ("[]", "not a baseline file (no \"format\""),
    ('{"format": "healthlint-baseline", "version": 9, "findings": []}', "version 9"),
    ('{"format": "healthlint-baseline", "version": 1, "findings": {}}', "must be a list"),
    ('{"format": "healthlint-baseline", "version": 1, "findings": [{"path": "a"}]}',
     "finding 1 needs a fingerprint"),
    (b"\xff\xfe", "not UTF-8"),
])
def test_a_broken_baseline_is_a_clear_error(legacy: Path, capsys: pytest.CaptureFixture[str],
                                            content: str | bytes, says: str) -> None:
    target = legacy / "base.json"
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    assert check("--baseline", "base.json") == 2
    err = capsys.readouterr().err
    assert err.startswith("healthlint: --baseline base.json") and says in err, err
    assert "Traceback" not in err


def test_a_missing_baseline_is_a_clear_error(legacy: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--baseline", "nowhere.json") == 2
    assert "--baseline nowhere.json: cannot read the baseline" in capsys.readouterr().err


def test_the_baseline_is_written_whole_or_not_at_all(
        legacy: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert check("--write-baseline", "base.json") == 0
    before = (legacy / "base.json").read_bytes()
    (legacy / "content" / "herbs.md").write_text(LEGACY + "\n" + NEW_CLAIM + "\n", "utf-8")

    def no_space(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    assert check("--write-baseline", "base.json") == 2
    assert "--write-baseline base.json: cannot write the baseline: No space left" in \
        capsys.readouterr().err
    assert (legacy / "base.json").read_bytes() == before
    assert sorted(p.name for p in legacy.iterdir()) == ["base.json", "content"]


def test_the_baseline_cannot_replace_an_article(legacy: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--write-baseline", "content/herbs.md") == 2
    assert "--write-baseline content/herbs.md: this is an input file" in capsys.readouterr().err
    assert (legacy / "content" / "herbs.md").read_text("utf-8") == LEGACY


def test_baseline_and_write_baseline_are_exclusive(legacy: Path) -> None:
    assert check("--baseline", "a.json", "--write-baseline", "b.json") == 2
