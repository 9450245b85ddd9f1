"""`check --output FILE`: never an input file, and written whole or not at all."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from healthlint.commands.cli import main
from tests.commands.test_cli import GOOD


@pytest.mark.parametrize("output", ["content/walk.md", "./content/../content/walk.md",
                                    "link.md", "hard.md", "content/sub/deep.md"])
def test_output_may_not_be_an_input_file(
    output: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    (content / "sub").mkdir(parents=True)
    (content / "walk.md").write_text(GOOD)
    (content / "sub" / "deep.md").write_text(GOOD)
    (tmp_path / "link.md").symlink_to(content / "walk.md")
    os.link(content / "sub" / "deep.md", tmp_path / "hard.md")
    before = {p: p.read_bytes() for p in content.rglob("*.md")}
    # the file named, and the files found by scanning a folder, are inputs
    for paths in (["content/walk.md", "content/sub/deep.md"], ["content"]):
        code = main(["check", *paths, "--output", output])
        _, err = capsys.readouterr()
        assert code == 2, paths
        assert err.startswith(f"healthlint: --output {Path(output)}: this is an input file")
        assert "Traceback" not in err
        assert {p: p.read_bytes() for p in content.rglob("*.md")} == before


def test_output_beside_the_inputs_is_fine(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "walk.md").write_text(GOOD)
    main(["check", "content", "--output", "content/report.txt"])
    assert "1 file checked" in (tmp_path / "content" / "report.txt").read_text()


def test_a_failed_write_leaves_the_previous_report_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / "out").mkdir()
    report = tmp_path / "out" / "r.json"
    report.write_text('{"previous": "report"}\n')

    def disk_full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", disk_full)
    code = main(["check", "a.md", "--format", "json", "--output", "out/r.json"])
    monkeypatch.undo()
    _, err = capsys.readouterr()
    assert code == 2
    assert err == (f"healthlint: --output out/r.json: cannot write the report: "
                   f"{os.strerror(errno.ENOSPC)}\n")
    assert report.read_text() == '{"previous": "report"}\n'
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["r.json"]  # no temp file


def test_a_report_replaces_the_old_one_with_the_usual_permissions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text(GOOD)
    old_mask = os.umask(0o022)
    try:
        main(["check", "a.md", "--output", "new.txt"])
        (tmp_path / "kept.txt").write_text("old")
        (tmp_path / "kept.txt").chmod(0o640)
        main(["check", "a.md", "--output", "kept.txt"])
    finally:
        os.umask(old_mask)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "kept.txt").stat().st_mode & 0o777 == 0o640
    assert "1 file checked" in (tmp_path / "kept.txt").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "kept.txt", "new.txt"]
