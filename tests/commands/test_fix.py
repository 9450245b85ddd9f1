"""``check --fix``, ``--unsafe-fixes`` and ``--diff``: what is written, and when nothing is.

Every file is written inside the test's own folder, with HOME pointed at one."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from healthlint.commands import fix as fix_module
from healthlint.commands.cli import main
from tests.conftest import TODAY_ARG

ARTICLE = "# Iron\n\nTake the the tablets with with food.\n"
FIXED = "# Iron\n\nTake the tablets with food.\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = tmp_path / "project"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--select", "HL4", "--today", TODAY_ARG, "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_fix_writes_the_fixed_article_and_reports_what_is_left(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = project / "a.md"
    article.write_text(ARTICLE + "It helps irn levels.\n", "utf-8")
    code, out, err = check(capsys, "a.md", "--fix", "--fail-on", "warning")
    assert article.read_text("utf-8") == FIXED + "It helps irn levels.\n"
    assert code == 1  # the unknown word is left, at fail-on
    assert "HL402" not in out and "a.md:4:10: HL401 [warning] Unknown word 'irn'" in out
    assert err == "healthlint: fixed 2 problems in 1 file\n"


def test_without_fix_the_report_marks_fixable_findings(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "a.md").write_text(ARTICLE, "utf-8")
    code, out, _ = check(capsys, "a.md")
    assert "a.md:3:6: HL402 [warning] [*] Repeated word 'the'" in out
    assert out.endswith("2 fixable with --fix\n")
    assert (project / "a.md").read_text("utf-8") == ARTICLE  # nothing written


def test_an_unchanged_file_is_not_written(project: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    article = project / "a.md"
    article.write_text(FIXED, "utf-8")
    os.utime(article, ns=(1_000_000_000, 1_000_000_000))
    code, _, err = check(capsys, "a.md", "--fix")
    assert (code, err) == (0, "healthlint: fixed 0 problems in 0 files\n")
    assert article.stat().st_mtime_ns == 1_000_000_000


def test_fix_keeps_the_file_mode_bom_and_crlf(project: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    article = project / "a.md"
    article.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    article.chmod(0o640)
    check(capsys, "a.md", "--fix")
    assert article.read_bytes() == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode()
    assert stat.S_IMODE(article.stat().st_mode) == 0o640
    assert [p.name for p in project.iterdir()] == ["a.md"]  # no temporary file left


def test_fix_through_a_symbolic_link_replaces_the_file_it_names(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "real.md").write_text(ARTICLE, "utf-8")
    (project / "link.md").symlink_to("real.md")
    check(capsys, "link.md", "--fix")
    assert (project / "link.md").is_symlink()
    assert (project / "real.md").read_text("utf-8") == FIXED


def test_diff_prints_a_unified_diff_and_writes_nothing(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = project / "a.md"
    article.write_text(ARTICLE, "utf-8")
    code, out, err = check(capsys, "a.md", "--diff")
    assert code == 1  # something to fix
    assert out == ("--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n # Iron\n \n"
                   "-Take the the tablets with with food.\n+Take the tablets with food.\n")
    assert err == "healthlint: 2 fixes would be applied to 1 file (--diff: nothing written)\n"
    assert article.read_text("utf-8") == ARTICLE


def test_diff_of_a_clean_file_is_empty_and_exits_0(project: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (project / "a.md").write_text(FIXED, "utf-8")
    assert check(capsys, "a.md", "--diff")[:2] == (0, "")


def test_diff_exits_1_when_something_is_left_at_fail_on(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "a.md").write_text("# Iron\n\nIt helps irn levels.\n", "utf-8")
    assert check(capsys, "a.md", "--diff", "--fail-on", "warning")[:2] == (1, "")
    assert check(capsys, "a.md", "--diff")[:2] == (0, "")


def test_diff_of_a_file_without_a_final_newline(project: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (project / "a.md").write_text(ARTICLE.rstrip("\n"), "utf-8")
    out = check(capsys, "a.md", "--diff")[1]
    assert out.endswith("+Take the tablets with food.\n\\ No newline at end of file\n")


def test_unsafe_fixes_needs_fix_or_diff(project: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (project / "a.md").write_text(ARTICLE, "utf-8")
    code, _, err = check(capsys, "a.md", "--unsafe-fixes")
    assert code == 2 and "--unsafe-fixes" in err and "--fix or --diff" in err


def meanwhile(monkeypatch: pytest.MonkeyPatch, action: Callable[[], object]) -> None:
    """Run ``action`` after the file is fixed in memory, before it is written: an editor
    saving the file during the run."""
    real = fix_module.write_fix

    def write_fix(file: Path, result: Any, outcome: fix_module.Outcome) -> None:
        action()
        real(file, result, outcome)

    monkeypatch.setattr(fix_module, "write_fix", write_fix)


def test_a_file_changed_during_the_run_is_left_alone(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    article = project / "a.md"
    article.write_text(ARTICLE, "utf-8")
    meanwhile(monkeypatch, lambda: article.write_text(ARTICLE + "A new line.\n", "utf-8"))
    code, _, err = check(capsys, "a.md", "--fix")
    assert code == 1
    assert "a.md: changed on disk while it was checked; not fixed (run again)" in err
    assert article.read_text("utf-8") == ARTICLE + "A new line.\n"


def test_same_bytes_and_size_but_a_new_time_is_left_alone_too(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    article = project / "a.md"
    article.write_text(ARTICLE, "utf-8")
    meanwhile(monkeypatch, lambda: os.utime(article, ns=(2_000_000_000, 2_000_000_000)))
    assert check(capsys, "a.md", "--fix")[0] == 1
    assert article.read_text("utf-8") == ARTICLE


def test_fix_in_worker_processes_is_the_same(project: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(10):
        (project / f"a{i}.md").write_text(ARTICLE.replace("Iron", f"Iron {i}"), "utf-8")
    code = main(["check", ".", "--select", "HL4", "--fix", "--jobs", "2"])
    capsys.readouterr()
    assert code == 0
    assert all((project / f"a{i}.md").read_text("utf-8") == FIXED.replace("Iron", f"Iron {i}")
               for i in range(10))


def test_a_file_that_cannot_be_read_is_reported_not_fixed(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "a.md").write_bytes(b"# Iron\n\nTake \xff the the tablets.\n")
    code, out, _ = check(capsys, "a.md", "--fix", "--select", "HL0")
    assert code == 1 and "HL001" in out
    assert (project / "a.md").read_bytes() == b"# Iron\n\nTake \xff the the tablets.\n"
