"""File names a report cannot show as they are: bytes that are not UTF-8 (``b'\\xff.md'``),
and escape or bidirectional control characters. Every report stays valid UTF-8 and parses;
names are shown with backslash escapes (``\\xff``, ``\\x1b``, ``\\u202e``); nothing raises."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from healthlint.commands.cli import main
from tests.commands.test_export import EXPORT_FIXTURES
from tests.conftest import TODAY_ARG

ARTICLE = "# Tea\n\nThis tea cures cancer.\n"
FORMATS = ["text", "json", "sarif", "github", "junit"]


@pytest.fixture
def not_utf8(tmp_path: Path) -> Path:
    """content/ with an article named b'\\xff.md' (created by its bytes) and one good name."""
    folder = os.fsencode(tmp_path / "content")
    os.mkdir(folder)
    try:
        with open(os.path.join(folder, b"\xff.md"), "wb") as handle:
            handle.write(ARTICLE.encode())
    except OSError:
        pytest.skip("this file system refuses file names that are not UTF-8")
    (tmp_path / "content" / "ok.md").write_text(ARTICLE)
    return tmp_path / "content"


def parses(fmt: str, report: str) -> None:
    if fmt in ("json", "sarif"):
        json.loads(report)
    elif fmt == "junit":
        ET.fromstring(report.encode("utf-8"))


def assert_clean(fmt: str, report: str) -> None:
    report.encode("utf-8")  # no lone surrogate: the bytes written are valid UTF-8
    parses(fmt, report)
    assert "\udcff" not in report and "\ufffd" not in report


@pytest.mark.parametrize("fmt", FORMATS)
def test_stdout_report_is_utf8_and_names_the_file_with_an_escape(
    fmt: str, not_utf8: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "content", "--format", fmt])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and code == 1
    assert_clean(fmt, out)
    if fmt == "sarif":  # the artifact URI is the file's own bytes, percent-encoded
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in json.loads(out)["runs"][0]["results"]}
        assert uris == {"content/%FF.md", "content/ok.md"}
    else:
        shown = out if fmt != "json" else {f["path"] for f in json.loads(out)["findings"]}
        assert "content/\\xff.md" in shown


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_file_is_utf8_and_complete(
    fmt: str, not_utf8: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "content", "--format", fmt, "--output", f"r.{fmt}"])
    _, err = capsys.readouterr()
    assert "Traceback" not in err and code == 1
    report = (not_utf8.parent / f"r.{fmt}").read_bytes().decode("utf-8")
    assert_clean(fmt, report)
    assert "ok.md" in report


@pytest.mark.parametrize("slug", ["", "slug: tea\n"], ids=["file-name-slug", "front-matter-slug"])
def test_export_of_a_name_that_is_not_utf8(
    slug: str, tmp_path: Path, not_utf8: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    # its slug from the file name is not usable: a finding, held back, the rest exported; with
    # a slug in its front matter it is published, the manifest naming its source with \xff
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    os.remove(not_utf8 / "ok.md")
    text = (EXPORT_FIXTURES / "paracetamol.md").read_text()
    with open(os.path.join(os.fsencode(not_utf8), b"\xff.md"), "wb") as handle:
        handle.write(text.replace("slug: paracetamol\n", slug).encode())
    (not_utf8 / "paracetamol.md").write_text(text)
    code = main(["export", "content", "--out", "site", "--today", TODAY_ARG])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    out.encode("utf-8")
    manifest_text = (tmp_path / "site" / "manifest.json").read_bytes().decode("utf-8")
    published = {a["slug"]: a["source"] for a in json.loads(manifest_text)["articles"]}
    if slug:
        assert code == 0 and published == {"paracetamol": "content/paracetamol.md",
                                           "tea": "content/\\xff.md"}
        assert (tmp_path / "site" / "tea" / "index.html").is_file()
    else:
        assert code == 1 and published == {"paracetamol": "content/paracetamol.md"}
        assert "content/\\xff.md:1:1: HL020" in out and "1 held back" in out


def github_file(line: str) -> str | None:
    """The ``file`` property of a workflow command, unescaped as GitHub's runner does."""
    props = line.split(" ", 1)[1].split("::", 1)[0]
    for prop in props.split(","):
        key, _, value = prop.partition("=")
        if key == "file":
            for escape, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"),
                                 ("%25", "%")):
                value = value.replace(escape, char)
            return value
    return None


def test_github_annotations_name_real_files_or_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # printable names (with %, : and , escaped as GitHub undoes them) keep file=; a name that
    # has to be shown with other escapes is annotated on the run, its escaped name in the text
    content = tmp_path / "content"
    content.mkdir()
    names = ["ok.md", "50%, a:b.md", "\x1b[31mred.md", "evil\u202edm.md", "tab\there.md"]
    for name in names:
        (content / name).write_text(ARTICLE)
    main(["check", "content", "--format", "github"])
    out = capsys.readouterr().out
    assert_clean("github", out)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)
    lines = [line for line in out.splitlines() if line.startswith("::")]
    files = {github_file(line) for line in lines}
    assert files == {"content/ok.md", "content/50%, a:b.md", None}
    for file in files - {None}:
        assert (tmp_path / file).is_file()  # type: ignore[operator]
    run_level = {line.split("::")[2].split(":")[0] for line in lines if github_file(line) is None}
    assert run_level == {"content/\\x1b[31mred.md", "content/evil\\u202edm.md",
                         "content/tab\\there.md"}


def test_an_over_long_word_list_name_is_not_a_write_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # export said "cannot write <word list>: File name too long" and stopped
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    name = "w" * 300 + ".txt"
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.healthlint.spelling]\nwordlists = ["{name}"]\n')
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "paracetamol.md").write_text(
        (EXPORT_FIXTURES / "paracetamol.md").read_text())
    code = main(["export", "content", "--out", "site", "--today", TODAY_ARG])
    out, err = capsys.readouterr()
    assert "cannot write" not in err and "Traceback" not in err
    assert code == 1 and "1 held back" in out
    assert f"HL404 [error] [tool.healthlint.spelling] wordlists: cannot read word list " \
        f"'{name}'" in out and out.count(": file name too long") == 1


def test_usage_errors_show_names_with_escapes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "\x1b]0;x\x07\udcff.md"]) == 2
    err = capsys.readouterr().err
    assert err == "healthlint: \\x1b]0;x\\x07\\xff.md: no such file or folder\n"
