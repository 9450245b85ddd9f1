"""Progress on long runs (issue 12): a bar on a terminal, nothing piped or in CI."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from healthlint.commands import progress
from healthlint.commands.cli import main
from tests.conftest import TODAY_ARG


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture()
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    content = tmp_path / "content"
    content.mkdir()
    for n in range(progress.MIN_FILES + 5):
        (content / f"a{n:02}.md").write_text(f"# Article {n}\n\nThis tea cures colds.\n",
                                             encoding="utf-8")
    return content


def check_json(stderr: io.StringIO, monkeypatch: pytest.MonkeyPatch,
               capsys: pytest.CaptureFixture[str]) -> list[object]:
    monkeypatch.setattr(sys, "stderr", stderr)
    assert main(["check", "content", "--select", "HL5", "--format", "json",
                 "--today", TODAY_ARG]) == 1
    return json.loads(capsys.readouterr().out)["findings"]


def test_a_terminal_gets_a_bar_and_the_same_findings(
        many: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    piped = io.StringIO()
    plain = check_json(piped, monkeypatch, capsys)
    assert piped.getvalue() == ""
    terminal = Terminal()
    with_bar = check_json(terminal, monkeypatch, capsys)
    assert with_bar == plain and len(plain) == progress.MIN_FILES + 5
    assert "checking" in terminal.getvalue()
    assert f"{progress.MIN_FILES + 5}/{progress.MIN_FILES + 5}" in terminal.getvalue()


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_no_bar_in_ci(ci: str, many: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CI", ci)
    terminal = Terminal()
    check_json(terminal, monkeypatch, capsys)
    assert terminal.getvalue() == ""


def test_no_bar_for_a_few_files(many: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    for extra in sorted(many.iterdir())[progress.MIN_FILES:]:
        extra.unlink()
    terminal = Terminal()
    check_json(terminal, monkeypatch, capsys)
    assert terminal.getvalue() == ""


def test_wanted() -> None:
    assert progress.wanted(100, Terminal(), {}) is True
    assert progress.wanted(100, Terminal(), {"CI": "false"}) is True
    assert progress.wanted(100, Terminal(), {"CI": "true"}) is False
    assert progress.wanted(progress.MIN_FILES, Terminal(), {}) is False
    assert progress.wanted(100, io.StringIO(), {}) is False


def test_batches_keep_order() -> None:
    items = list(range(1000))
    done = progress.in_batches(items, lambda batch: [i * 2 for i in batch], Terminal(), 2)
    assert done == [i * 2 for i in items]


def export_site(stderr: io.StringIO, monkeypatch: pytest.MonkeyPatch, out: str) -> str:
    monkeypatch.setattr(sys, "stderr", stderr)
    main(["export", "content", "--out", out, "--force", "--today", TODAY_ARG, "--jobs", "1"])
    return stderr.getvalue()


def test_export_shows_a_bar_on_a_terminal_and_none_in_ci(
        many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(many.parent))
    assert "exporting" in export_site(Terminal(), monkeypatch, "site-a")
    monkeypatch.setenv("CI", "true")
    assert "exporting" not in export_site(Terminal(), monkeypatch, "site-b")
    monkeypatch.delenv("CI")
    assert "exporting" not in export_site(io.StringIO(), monkeypatch, "site-c")
