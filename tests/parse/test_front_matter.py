"""Front matter values that make PyYAML's constructors raise something other than a YAML error
(KeyError, IndexError, OverflowError): each is a finding on that file, at the value's line,
through the library, `check`, `check --jobs` and `export`; never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from healthlint.commands.cli import main
from tests.commands.test_cli import GOOD
from tests.commands.test_export import EXPORT_FIXTURES
from tests.conftest import TODAY_ARG, lint

SEXAGESIMAL = ":".join(["59"] * 200) + ".5"  # 60**199 does not fit a float
SHAPES = [
    "!!bool maybe",
    "!!bool ''",
    "!!int ''",
    "!!int '-'",
    "!!float ''",
    SEXAGESIMAL,  # a plain scalar: YAML 1.1 resolves it as a float by itself
    f"!!float {SEXAGESIMAL}",
]
IDS = ["bool-maybe", "bool-empty", "int-empty", "int-dash", "float-empty", "sexagesimal",
       "float-sexagesimal"]


def article(value: str) -> str:
    return f"---\ntype: wellness\ntitle: {value}\n---\n# Sleep\n\nText.\n"


@pytest.mark.parametrize("value", SHAPES, ids=IDS)
def test_lint_text_reports_the_value_that_cannot_be_loaded(value: str) -> None:
    found = [(f.code, f.line) for f in lint(article(value)) if f.code.startswith("HL0")]
    assert found == [("HL005", 3)]
    message = next(f.message for f in lint(article(value)) if f.code == "HL005")
    assert "front matter" in message and "quote" in message


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("value", SHAPES, ids=IDS)
def test_check_reports_it_and_the_batch_goes_on(
    value: str, jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --jobs runs worker processes from 8 files up
    for i in range(8):
        (tmp_path / f"good{i}.md").write_text(GOOD)
    (tmp_path / "bad.md").write_text(article(value))
    code = main(["check", ".", "--jobs", jobs, "--select", "HL0", "--format", "json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    data = json.loads(out)
    assert [(f["path"], f["code"], f["line"]) for f in data["findings"]] == [
        ("bad.md", "HL005", 3)]
    assert data["summary"]["files"] == 9 and code == 1


@pytest.mark.parametrize("value", ["!!bool maybe", SEXAGESIMAL], ids=["bool", "sexagesimal"])
def test_export_holds_the_article_back_with_the_finding(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    content = tmp_path / "content"
    shutil.copytree(EXPORT_FIXTURES, content)
    (content / "bad.md").write_text(article(value))
    code = main(["export", "content", "--out", "site", "--today", TODAY_ARG])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "content/bad.md:3:1: HL005" in out and "Held back 1 article" in out
    assert "1 held back" in out and code == 1
    manifest = json.loads((tmp_path / "site" / "manifest.json").read_text())
    assert sorted(a["source"] for a in manifest["articles"]) == [
        "content/high-blood-pressure.md", "content/paracetamol.md"]
