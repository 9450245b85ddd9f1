"""Memory and processes stay bounded whatever the input (issue 7, item 9).

Big files are sparse (``truncate``): nothing real is written. Memory is measured with
tracemalloc (which sees every allocation of file contents), never with timing.
"""

from __future__ import annotations

import shutil
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from healthlint.commands.cli import main
from healthlint.commands.export import pipeline as export
from healthlint.config import Config
from healthlint.engine import runner as api
from tests.commands.test_export import EXPORT_FIXTURES, article, assert_complete_site
from tests.conftest import TODAY_ARG

MB = 2**20


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(EXPORT_FIXTURES, folder)
    return folder


def sparse(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


def peak_memory(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# ---- the cache key ---------------------------------------------------------------------------
def test_the_cache_key_never_reads_an_article_over_the_size_limit(tmp_path: Path) -> None:
    big = sparse(tmp_path / "content" / "big.md", 256 * MB)
    config = Config.default(tmp_path)
    jobs: list[export.Job] = []
    peak = peak_memory(lambda: jobs.extend(export.make_jobs([big], [big.parent], config, "x")))
    assert peak < 4 * MB, f"{peak:,} bytes"


def test_the_cache_key_reads_an_article_in_chunks(tmp_path: Path) -> None:
    text = article("drinking-water", "Drinking water")
    page = tmp_path / "content" / "water.md"
    page.parent.mkdir()
    page.write_text(text * (1_900_000 // len(text)), "utf-8")  # under max-file-size (2 MB)
    config = Config.default(tmp_path)
    keys: list[str] = []
    peak = peak_memory(lambda: keys.extend(
        j.key for j in export.make_jobs([page], [page.parent], config, "x")))
    assert peak < MB, f"{peak:,} bytes"
    page.write_text(page.read_text("utf-8").replace("water", "Water", 1), "utf-8")
    assert export.make_jobs([page], [page.parent], config, "x")[0].key != keys[0]


def test_export_with_a_huge_sparse_article_stays_small(content: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    sparse(content / "huge.md", 512 * MB)
    codes: list[int] = []
    peak = peak_memory(lambda: codes.append(main(
        ["export", "--today", TODAY_ARG, str(content), "--out", str(tmp_path / "site")])))
    stdout = capsys.readouterr().out
    assert codes == [1] and "HL004" in stdout and "Exported 2 of 3 articles" in stdout
    assert peak < 64 * MB, f"{peak:,} bytes"


# ---- images ----------------------------------------------------------------------------------
def test_a_huge_image_is_a_finding_and_never_read(content: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    sparse(content / "images" / "huge.png", 1024 * MB)
    body = "\n![A very large chart](images/huge.png)\n\n"
    (content / "water.md").write_text(article("drinking-water", "Drinking water", body=body),
                                      "utf-8")
    out = tmp_path / "site"
    codes: list[int] = []
    peak = peak_memory(lambda: codes.append(main(
        ["export", "--today", TODAY_ARG, str(content), "--out", str(out)])))
    stdout = capsys.readouterr().out
    assert codes == [1], stdout
    assert "water.md:21:23: HL023 [error] image 'images/huge.png' is " \
        "1,073,741,824 bytes, over the 10,000,000-byte limit (max-image-size)" in stdout, stdout
    assert "Exported 2 of 3 articles" in stdout
    assert peak < 64 * MB, f"{peak:,} bytes"
    assert_complete_site(out)


def test_max_image_size_is_configurable(content: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.healthlint]\n[tool.healthlint.export]\nmax-image-size = 10\n", "utf-8")
    code = main(["export", "--today", TODAY_ARG, str(content), "--out", str(tmp_path / "site")])
    stdout = capsys.readouterr().out
    assert code == 1 and "over the 10-byte limit (max-image-size)" in stdout, stdout
    assert "Exported 1 of 2 articles" in stdout


# ---- worker processes ------------------------------------------------------------------------
class FakePool:
    """Records how many workers were asked for, and runs the work in this process (whose
    worker settings the first article has already set; the pool's initializer, which closes
    the lock a forked worker inherits, is not for this process)."""

    asked: list[int] = []

    def __init__(self, max_workers: int, initializer: Callable[..., object] | None = None,
                 initargs: tuple[Any, ...] = ()) -> None:
        FakePool.asked.append(max_workers)

    def __enter__(self) -> FakePool:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, func: Callable[[Any], Any], items: Iterable[Any],
            chunksize: int = 1) -> Iterator[Any]:
        return map(func, list(items))


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> type[FakePool]:
    FakePool.asked = []
    monkeypatch.setattr(api, "ProcessPoolExecutor", FakePool)
    monkeypatch.setattr(export, "ProcessPoolExecutor", FakePool)
    for module in (api, export):
        monkeypatch.setattr(module, "available_cores", lambda: 4, raising=False)
    return FakePool


@pytest.mark.parametrize("jobs, files, workers", [("3000", 10, 4), ("3", 10, 3),
                                                  ("3000", 9, 4)])
def test_check_jobs_is_capped_by_cores_and_files(tmp_path: Path, pool: type[FakePool],
                                                 jobs: str, files: int, workers: int,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    for n in range(files):
        (folder / f"water-{n}.md").write_text(article(f"water-{n}", f"Water {n}"), "utf-8")
    code = main(["check", "--today", TODAY_ARG, "--select", "HL0", "--jobs", jobs, str(folder)])
    assert code == 0 and pool.asked == [workers]
    assert f"{files} files checked" in capsys.readouterr().out


def test_check_jobs_never_exceeds_the_number_of_files(tmp_path: Path, pool: type[FakePool],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "available_cores", lambda: 64, raising=False)
    files = []
    for n in range(9):
        files.append(tmp_path / f"water-{n}.md")
        files[-1].write_text(article(f"water-{n}", f"Water {n}"), "utf-8")
    results = api.lint_paths(files, Config.default(tmp_path), jobs=3000)
    # the first file is linted in this process (it loads the dictionaries the workers share)
    assert pool.asked == [8] and [r.path for r in results] == [api.display_path(f)
                                                               for f in files]


def test_export_jobs_is_capped_by_cores_and_articles(content: Path, tmp_path: Path,
                                                    pool: type[FakePool],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(export.POOL_MIN_ARTICLES):
        (content / f"water-{n}.md").write_text(article(f"water-{n}", f"Water {n}"), "utf-8")
    code = main(["export", "--today", TODAY_ARG, str(content), "--out", str(tmp_path / "site"),
                 "--jobs", "3000"])
    assert code == 0, capsys.readouterr()
    assert pool.asked == [4]
    assert export.default_jobs() == 4


def test_the_config_part_of_the_cache_key_reads_named_files_in_chunks(tmp_path: Path) -> None:
    from healthlint.commands.export import site

    sparse(tmp_path / "words.txt", 256 * MB)
    config = Config.default(tmp_path)
    config.options["spelling"] = {**config.options.get("spelling", {}),
                                  "wordlists": ["words.txt"]}
    digests: list[str] = []
    peak = peak_memory(lambda: digests.append(site.config_digest(config)))
    assert peak < 4 * MB, f"{peak:,} bytes"
    with open(tmp_path / "words.txt", "r+b") as handle:
        handle.write(b"asthma\n")
    assert site.config_digest(config) != digests[0]
