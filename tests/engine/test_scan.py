"""Folder scans (issue 7): what a scan cannot check is a finding naming the path, never a silent
skip, and an article that is a symbolic link out of its content folder is neither read, quoted
nor published."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from healthlint.commands.cli import main
from tests.commands.test_export import article
from tests.conftest import TODAY_ARG

SECRET = "The launch code is swordfish-cures-cancer."


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([*map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def findings(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, list[dict]]:
    code, out, err = run(capsys, "check", "--today", TODAY_ARG, "--format", "json", *argv)
    assert "Traceback" not in err
    return code, json.loads(out)["findings"] if out else []


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "water.md").write_text(article("water", "Water"), "utf-8")
    return folder


SCAN_CODES = ("HL001", "HL012", "HL013")


def by_file(found: list[dict]) -> dict[str, list[str]]:
    """The scan findings of each file, by name."""
    result: dict[str, list[str]] = {}
    for f in found:
        if f["code"] in SCAN_CODES:
            result.setdefault(Path(f["path"]).name, []).append(f["code"])
    return result


def test_a_fifo_dangling_link_and_link_loop_are_each_reported(
        content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(content / "pipe.md")
    (content / "gone.md").symlink_to(content / "missing.md")
    (content / "loop-a.md").symlink_to("loop-b.md")
    (content / "loop-b.md").symlink_to("loop-a.md")
    code, found = findings(capsys, content)
    files = by_file(found)
    assert code == 1
    assert files["pipe.md"] == ["HL001"] and files["gone.md"] == ["HL001"]
    assert files["loop-a.md"] == ["HL001"] and files["loop-b.md"] == ["HL001"]
    assert "water.md" not in files  # the rest of the batch was checked
    messages = {Path(f["path"]).name: f["message"] for f in found}
    assert "named pipe" in messages["pipe.md"]
    assert "missing" in messages["gone.md"] and "symbolic link" in messages["gone.md"]
    assert "loop" in messages["loop-a.md"]


def test_an_unreadable_folder_is_reported(content: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    private = content / "private"
    private.mkdir()
    (private / "hidden.md").write_text("# Hidden\n", "utf-8")
    private.chmod(0)
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # tests run as root, whom chmod 000 does not stop
        if Path(os.fspath(path)).resolve() == private.resolve():  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    try:
        code, found = findings(capsys, content)
    finally:
        private.chmod(0o755)
    assert code == 1
    [finding] = [f for f in found if f["code"] in SCAN_CODES]
    assert finding["code"] == "HL013" and Path(finding["path"]).name == "private"
    assert "Permission denied" in finding["message"]


def test_a_scan_by_include_patterns_reports_them_too(
        content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(content / "pipe.md")
    (content.parent / "pyproject.toml").write_text(
        '[tool.healthlint]\ninclude = ["content/**/*.md"]\n', "utf-8")
    os.chdir(content.parent)
    code, found = findings(capsys)
    assert code == 1 and by_file(found) == {"pipe.md": ["HL001"]}


def outside_link(content: Path) -> Path:
    secret = content.parent / "elsewhere" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(article("secret", "Secret", body=f"\n{SECRET}\n\n"), "utf-8")
    link = content / "passwd.md"
    link.symlink_to(secret)
    return link


def test_an_article_linked_from_outside_the_folder_is_not_read(
        content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = outside_link(content)
    for args in ([content], [link]):  # found in the folder, or named on the command line
        code, out, err = run(capsys, "check", "--today", TODAY_ARG, *args)
        assert code == 1, out + err
        assert "passwd.md:1:1: HL012" in out
        assert "swordfish" not in out + err and "Secret" not in out + err


def test_a_link_inside_the_folder_is_an_article_like_any_other(
        content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "sub").mkdir()
    (content / "sub" / "alias.md").symlink_to(content / "water.md")
    code, found = findings(capsys, content)
    assert code == 0 and not [f for f in found if f["code"] in ("HL001", "HL012")]


def test_export_never_publishes_an_article_linked_from_outside(
        content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    outside_link(content)
    out = tmp_path / "site"
    code, stdout, err = run(capsys, "export", "--today", TODAY_ARG, "--force", content,
                            "--out", out)
    assert code == 1, stdout + err
    assert "HL012" in stdout and "swordfish" not in stdout + err
    pages = [p.read_bytes() for p in out.rglob("*") if p.is_file()]
    assert not any(b"swordfish" in page or b"Secret" in page for page in pages)
    assert (out / "water" / "index.html").is_file()
    assert not (out / "secret").exists()
