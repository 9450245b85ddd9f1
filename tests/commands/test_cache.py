"""check's result cache: what a cached run prints is what a cold run printed, an entry is
never used for anything but the bytes, config, date and code it was made for, and a damaged
cache is a miss, never an error. Everything is written inside the test's own folder (HOME
too)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from healthlint.commands import cache
from healthlint.commands.cli import main
from tests.conftest import FIXTURES, TODAY_ARG


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("HEALTHLINT_CACHE_DIR")  # the project root's, as a writer has it
    folder = tmp_path / "project" / "content"
    for family in ("claims", "spelling", "metadata"):
        shutil.copytree(FIXTURES / family, folder / family,
                        ignore=shutil.ignore_patterns("*.expected", "*.toml"))
    (tmp_path / "project" / "pyproject.toml").write_text(
        '[tool.healthlint]\n[tool.healthlint.spelling]\nwordlists = ["words.txt"]\n', "utf-8")
    (tmp_path / "project" / "words.txt").write_text("healthlint\n", "utf-8")
    monkeypatch.chdir(tmp_path / "project")
    return folder


def check(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["check", "content", "--today", TODAY_ARG, *extra])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return code, out


class Linted:
    """Records which files lint_paths was asked to lint (the cache's misses)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.files: list[str] = []
        real = cache.lint_paths

        def lint_paths(files: list[Path], *args: Any) -> Any:
            self.files.extend(str(f) for f in files)
            return real(files, *args)

        monkeypatch.setattr(cache, "lint_paths", lint_paths)


def entries(project: Path) -> list[Path]:
    return sorted((project / ".healthlint_cache" / cache.ENTRIES).glob("*.json"))


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_cached_run_prints_what_the_cold_run_printed(
        corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        fmt: str) -> None:
    cold_code, cold = check(capsys, "--format", fmt, "--no-cache")
    assert not (corpus.parent / ".healthlint_cache").exists()  # --no-cache writes nothing
    first_code, first = check(capsys, "--format", fmt)
    linted = Linted(monkeypatch)
    code, again = check(capsys, "--format", fmt, "--jobs", "2")
    assert linted.files == []  # every file from the cache
    assert (code, again) == (first_code, first) == (cold_code, cold)
    assert len(entries(corpus.parent)) == len(list(corpus.rglob("*.md"))) > 10
    assert (corpus.parent / ".healthlint_cache" / ".gitignore").read_text("utf-8").endswith("*\n")


def test_a_change_to_bytes_config_word_list_or_date_lints_again(
        corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    check(capsys)
    linted = Linted(monkeypatch)
    article = sorted(corpus.rglob("*.md"))[0]
    article.write_text(article.read_text("utf-8") + "\nA new paragraf.\n", "utf-8")
    _, out = check(capsys)
    assert linted.files == [str(article.relative_to(corpus.parent))]
    assert "paragraf" in out
    total = len(list(corpus.rglob("*.md")))
    for change in ("words", "date"):
        linted.files.clear()
        if change == "words":
            (corpus.parent / "words.txt").write_text("healthlint\nparagraf\n", "utf-8")
            _, out = check(capsys)
            assert "paragraf" not in out
        else:
            check(capsys, "--today", "2030-01-01")
        assert len(linted.files) == total, change


def test_damaged_entries_are_misses_and_are_written_again(
        corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, cold = check(capsys)
    damage = ["", "{", "[]", '{"path": 1}', json.dumps({"path": "x", "words": 1,
                                                         "findings": [[1, 2]]})]
    found = entries(corpus.parent)
    for n, entry in enumerate(found):
        entry.write_text(damage[n % len(damage)], "utf-8")
    linted = Linted(monkeypatch)
    _, out = check(capsys)
    assert out == cold and len(linted.files) == len(found)
    linted.files.clear()
    assert check(capsys)[1] == cold and linted.files == []  # written again, whole


def test_another_files_entry_is_never_used(corpus: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    check(capsys)
    first, second = entries(corpus.parent)[:2]
    shutil.copyfile(first, second)  # an entry under another file's key
    linted = Linted(monkeypatch)
    check(capsys)
    assert len(linted.files) == 1


def test_cache_dir_moves_it_and_a_folder_of_the_users_gets_no_gitignore(
        corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "ci-cache"
    check(capsys, "--cache-dir", str(mine))
    assert (mine / ".gitignore").is_file() and list((mine / cache.ENTRIES).glob("*.json"))
    assert not (corpus.parent / ".healthlint_cache").exists()
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    check(capsys, "--cache-dir", str(theirs))
    assert not (theirs / ".gitignore").exists() and (theirs / cache.ENTRIES).is_dir()


def test_a_cache_that_cannot_be_written_is_no_error(
        corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", "utf-8")
    _, cold = check(capsys, "--no-cache")
    assert check(capsys, "--cache-dir", str(blocked))[1] == cold


def test_the_cache_keeps_the_most_recently_used_entries(tmp_path: Path) -> None:
    store = cache._Store(tmp_path / "cache" / cache.ENTRIES)
    for n in range(10):
        store.write(f"{n:064x}", cache.FileResult(f"a{n}.md", [], None, n))
    old = tmp_path / "cache" / cache.ENTRIES / f"{0:064x}.json"
    assert store.read(f"{0:064x}", "a0.md") is not None  # used: now the newest
    for n, path in enumerate(sorted(old.parent.glob("*.json"))):
        if path != old:
            os.utime(path, (1000 + n, 1000 + n))
    store.prune(limit=5)
    kept = sorted(p.name for p in old.parent.glob("*.json"))
    assert len(kept) == 4 and old.name in kept


def test_a_cached_run_carries_the_fixes_of_a_cold_run(corpus: Path) -> None:
    from healthlint.config import Config
    from tests.conftest import TODAY

    (corpus / "fixable.md").write_text("# Iron\n\nTake the the tablets.\n", "utf-8")
    config = Config.discover()
    files = sorted(corpus.rglob("*.md"))
    folder = corpus.parent / ".healthlint_cache"
    cold = cache.lint_paths(files, config, TODAY)
    first = cache.lint_cached(files, config, TODAY, 1, folder)
    again = cache.lint_cached(files, config, TODAY, 1, folder)

    def fixes(results: list[Any]) -> list[Any]:
        return [(f, f.fix) for r in results for f in r.findings]

    assert fixes(again) == fixes(first) == fixes(cold)
    assert any(fix is not None for _, fix in fixes(cold))


def test_fix_reads_the_file_now_never_a_cached_entry(
        corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    article = corpus / "fixable.md"
    article.write_text("# Iron\n\nTake the the tablets.\n", "utf-8")
    check(capsys)  # cached
    linted = Linted(monkeypatch)
    article.write_text("# Iron\n\nTake it with with food.\n", "utf-8")
    main(["check", str(article), "--today", TODAY_ARG, "--fix"])
    capsys.readouterr()
    assert article.read_text("utf-8") == "# Iron\n\nTake it with food.\n"
    assert linted.files == []  # --fix lints for itself, never through the cache


def test_entries_of_an_older_layout_are_dropped_and_nothing_else(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    old = root / "check-v1"
    old.mkdir(parents=True)
    (old / f"{1:064x}.json").write_text("{}", "utf-8")
    mixed = root / "check-v0"  # not a layout healthlint wrote: left alone
    mixed.mkdir()
    (mixed / f"{2:064x}.json").write_text("{}", "utf-8")
    store = cache._Store(root / cache.ENTRIES)
    store.write(f"{3:064x}", cache.FileResult("a.md", [], None, 1))
    store.prune()
    assert not old.exists()
    assert (mixed / f"{2:064x}.json").exists()
    assert (root / cache.ENTRIES / f"{3:064x}.json").exists()
    # a folder of the old name holding anything else keeps it
    old.mkdir()
    (old / "notes.txt").write_text("mine", "utf-8")
    (old / f"{4:064x}.json").write_text("{}", "utf-8")
    store.prune()
    assert [p.name for p in old.iterdir()] == ["notes.txt"]
