"""Every rule's ``example`` triggers it and its ``instead`` does not (issue 8).

They are what ``healthlint explain`` prints, so a rule's docs are tested like pycodestyle's
docstring examples. Each is linted as an article with only its rule selected, the family data's
``example-config`` and the fixed date of conftest.py; a file-level rule lints the file its data
names (``example-file``/``instead-file``, shipped beside the data file). What a text cannot
hold is built here: the exporter's rules run through ``healthlint export``, the scan rules get a
symbolic link or a folder that cannot be listed, and HL010 gets a check that crashes. A new rule
without a working example fails this module.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pytest

import healthlint.commands.export.options  # noqa: F401 - the exporter's rules join the registry
from healthlint.commands.cli import main
from healthlint.config import Config
from healthlint.core.families import EXAMPLES, load_family
from healthlint.core.findings import REGISTRY
from healthlint.engine.checks import CHECKS, CheckSpec, load_checks
from healthlint.engine.runner import lint_file, lint_text
from tests.conftest import TODAY

load_checks()
EXPORT_ORIGIN = "healthlint.commands.export:rules.toml"
# Rules whose example no test can run, with the reason. Keep it short; today it is empty.
NOT_RUNNABLE: dict[str, str] = {}


@dataclass
class Case:
    """One text (or file) of one rule, and the tmp folder to lint it in."""

    code: str
    text: str
    file: Traversable | None
    file_level: bool
    table: dict[str, Any]
    tmp: Path
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def content(self) -> Path:
        """A content folder holding the article (or the folder of articles) of the case."""
        folder = self.tmp / "content"
        if self.file is not None and self.file.is_dir():
            return copy_out(self.file, folder)
        folder.mkdir()
        if self.file is not None:
            copy_out(self.file, folder / "article.md")
        else:
            (folder / "article.md").write_text(self.text, "utf-8")
        return folder

    @property
    def config(self) -> Config:
        return Config.from_table({**self.table, "select": [self.code]}, self.tmp, None)

    def run(self, *argv: str) -> str:
        main([*argv, "--today", TODAY.isoformat(), "--select", self.code])
        out, _ = self.capsys.readouterr()
        return out


def copy_out(source: Traversable, target: Path) -> Path:
    if source.is_dir():
        target.mkdir(parents=True)
        for child in source.iterdir():
            copy_out(child, target / child.name)
    else:
        target.write_bytes(source.read_bytes())
    return target


def by_lint(case: Case) -> set[str]:
    """An article linted as a library user does: ``lint_text``, or ``lint_file`` for the rules
    about the file itself (encoding, size...)."""
    if case.file_level:
        result = lint_file(case.content() / "article.md", "article.md", case.config, TODAY)
        return {f.code for f in result.findings}
    return {f.code for f in lint_text(case.text, config=case.config, today=TODAY)}


def by_export(case: Case) -> set[str]:
    """``healthlint export`` of a content folder that holds the article (or the example's
    folder of articles), with HOME in the tmp folder."""
    assert not case.table, "an export example takes no example-config (yet)"
    case.monkeypatch.setenv("HOME", str(case.tmp))
    out = case.run("export", "--out", str(case.tmp / "site"), str(case.content()))
    return set(re.findall(r": (HL\d{3}) \[", out))


def by_check(case: Case) -> set[str]:
    """``healthlint check`` of the content folder (made by the caller, or here)."""
    folder = case.tmp / "content"
    out = case.run("check", "--format", "json", str(folder if folder.exists() else
                                                      case.content()))
    return {f["code"] for f in json.loads(out)["findings"]}


def link_out_of_content(case: Case) -> set[str]:
    """HL012: content/passwd.md -> a file outside the content folder."""
    outside = case.tmp / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", "utf-8")
    (case.content() / "passwd.md").symlink_to(outside / "passwd")
    return by_check(case)


def folder_nobody_can_list(case: Case) -> set[str]:
    """HL013: content/drafts cannot be listed (os.scandir is refused: tests run as root,
    whom mode 000 does not stop)."""
    drafts = case.content() / "drafts"
    drafts.mkdir()
    (drafts / "asthma.md").write_text("# Asthma\n", "utf-8")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if Path(path).resolve() == drafts.resolve():
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    case.monkeypatch.setattr(os, "scandir", scandir)
    return by_check(case)


def a_check_crashes(case: Case) -> set[str]:
    """HL010: one check raises on the article."""
    def crash(doc: object, ctx: object) -> list[object]:
        raise IndexError("list index out of range")

    case.monkeypatch.setitem(CHECKS, "crashing", CheckSpec("crashing", crash, ("HL010",)))
    return by_lint(case)


# How the example and the instead of a rule that is not about an article's text are run.
BUILDERS: dict[str, tuple[Callable[[Case], set[str]], Callable[[Case], set[str]]]] = {
    "HL010": (a_check_crashes, by_lint),
    "HL012": (link_out_of_content, by_check),
    "HL013": (folder_nobody_can_list, by_check),
}


def codes_of(code: str, which: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> set[str]:
    if code in NOT_RUNNABLE:
        pytest.skip(NOT_RUNNABLE[code])
    example = EXAMPLES[code]
    case = Case(code, example.example if which == "example" else example.instead,
                example.example_file if which == "example" else example.instead_file,
                example.example_file is not None, dict(example.config), tmp_path, monkeypatch,
                capsys)
    if example.origin == EXPORT_ORIGIN:
        return by_export(case)
    if code in BUILDERS:
        return BUILDERS[code][which == "instead"](case)
    return by_lint(case)


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_the_example_triggers_its_rule(code: str, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert code in codes_of(code, "example", tmp_path, monkeypatch, capsys)


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_instead_does_not_trigger_its_rule(code: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert code not in codes_of(code, "instead", tmp_path, monkeypatch, capsys)


def test_every_rule_has_its_example_data() -> None:
    assert set(EXAMPLES) >= set(REGISTRY)
    files = [f for e in EXAMPLES.values() for f in (e.example_file, e.instead_file) if f]
    assert files and all(f.is_file() or f.is_dir() for f in files)
    assert set(NOT_RUNNABLE) <= set(REGISTRY) and len(NOT_RUNNABLE) <= 3


def test_explain_shows_the_config_an_example_is_linted_with(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "HL403"]) == 0
    out = capsys.readouterr().out
    assert 'Example\nWith [tool.healthlint.spelling] variant = "en-US":\nEat more fibre' in out


def test_explain_describes_a_file_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "HL002"]) == 0
    out = capsys.readouterr().out
    assert "Example\nA .docx file renamed to article.md" in out and "\x00" not in out


RULE = """
family = "test"
prefix = "HL9"

[rules.HL990]
name = "throwaway-rule"
severity = "warning"
summary = "A rule for this test only."
what = "Nothing."
why = "Nothing."
example = "x"
instead = "y"
"""


@pytest.mark.parametrize("extra, problem", [
    ('example-fil = "examples/HL001.md"', "unknown fields ['example-fil']"),
    ('example-file = "../rules/engine.toml"', "must be a path inside the folder"),
    ('example-file = "/etc/passwd"', "must be a path inside the folder"),
    ("example-config = 3", "example-config must be a table"),
])
def test_the_loader_rejects_a_bad_example_field(extra: str, problem: str) -> None:
    folder = resources.files("healthlint").joinpath("data/rules")
    with pytest.raises(ValueError, match=re.escape(problem)):
        load_family(RULE + extra + "\n", "test:HL990", folder)
    assert "HL990" not in REGISTRY
