"""``--shard K/N`` (issue 12): a deterministic split whose union is the unsharded run."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from healthlint.commands.cli import main
from healthlint.commands.shard import parse_shard, shard_of
from tests.conftest import FIXTURES, TODAY_ARG


@pytest.fixture()
def collection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for family in ("claims", "spelling", "readability", "structure", "metadata", "articles"):
        shutil.copytree(FIXTURES / family, tmp_path / "content" / family,
                        ignore=shutil.ignore_patterns("*.expected", "*.toml"))
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]]]:
    code = main(["check", "content", "--format", "json", "--today", TODAY_ARG, *args])
    return code, json.loads(capsys.readouterr().out)["findings"]


def key(finding: dict[str, object]) -> str:
    return json.dumps(finding, sort_keys=True)


@pytest.mark.parametrize("count", [2, 3, 5])
def test_the_union_of_the_shards_is_the_unsharded_run(
        collection: Path, capsys: pytest.CaptureFixture[str], count: int) -> None:
    _, whole = run(capsys)
    assert len({f["path"] for f in whole}) > count
    parts = []
    for index in range(1, count + 1):
        _, found = run(capsys, "--shard", f"{index}/{count}")
        parts.append(found)
    paths = [{f["path"] for f in part} for part in parts]
    for i, one in enumerate(paths):
        for other in paths[i + 1:]:
            assert not one & other  # a file is checked by one shard only
    assert sorted(key(f) for part in parts for f in part) == sorted(key(f) for f in whole)


def test_adding_files_moves_no_other_file(collection: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    def checked(index: int) -> set[str]:
        main(["check", "content", "--shard", f"{index}/3", "--format", "junit",
              "--today", TODAY_ARG])
        return set(re.findall(r'<testcase classname="healthlint" name="([^"]+)"',
                              capsys.readouterr().out))

    before = [checked(k) for k in (1, 2, 3)]
    assert all(before) and sum(map(len, before)) == len(set().union(*before))
    for n in range(6):
        (collection / "content" / f"new-{n}.md").write_text(f"# New {n}\n", encoding="utf-8")
    after = [checked(k) for k in (1, 2, 3)]
    for old, new in zip(before, after):
        assert old <= new and all(p.startswith("content/new-") for p in new - old)


def test_an_empty_shard_is_an_empty_report_not_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("# A\n", encoding="utf-8")
    empty = next(k for k in (1, 2) if shard_of("content/a.md", 2) != k)
    code = main(["check", "content", "--shard", f"{empty}/2", "--format", "sarif",
                 "--today", TODAY_ARG])
    captured = capsys.readouterr()
    assert code == 0
    run_ = json.loads(captured.out)["runs"][0]
    assert run_["results"] == []
    assert run_["automationDetails"] == {"id": f"healthlint/shard-{empty}-of-2/"}
    assert f"shard {empty}/2 has none of the 1 files" in captured.err


@pytest.mark.parametrize(("value", "says"), [
    ("0/2", "the shard must be 1 to 2"), ("3/2", "the shard must be 1 to 2"),
    ("1/0", "the number of shards"), ("2", "is not K/N"), ("a/b", "is not K/N"),
    ("1/1001", "the number of shards"),
])
def test_a_bad_shard_is_a_usage_error(value: str, says: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--shard", value]) == 2
    assert says in capsys.readouterr().err
    with pytest.raises(Exception, match=says.split(" ")[0]):
        parse_shard(value)
