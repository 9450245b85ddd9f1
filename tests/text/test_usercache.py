"""The user's cache folder: values kept whole, and old files of a family removed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from healthlint import usercache

DAY = 24 * 3600


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    folder = tmp_path / "cache"
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(folder))
    return folder


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_value_comes_back_under_its_key_only(cache: Path) -> None:
    path = usercache.folder() / "dictionaries-5.marshal"
    assert path.parent == cache
    usercache.store(path, "key", {"words": [1, 2]})
    assert usercache.load(path, "key") == {"words": [1, 2]}
    assert usercache.load(path, "another key") is None
    path.write_bytes(b"\x00damaged")
    assert usercache.load(path, "key") is None


@pytest.mark.parametrize(("name", "expected"), [
    ("dictionaries-5.marshal", "dictionaries"),
    ("patterns-1cba0d76a8f476c0.marshal", "patterns"),
    ("technical-words.marshal", "technical-words"),
    ("hyphenation.marshal", "hyphenation"),
])
def test_family_is_the_name_without_its_version(name: str, expected: str) -> None:
    assert usercache.family(name) == expected


def test_writing_a_new_version_removes_the_family_files_unused_for_a_day(cache: Path) -> None:
    old = cache / "dictionaries-3.marshal"
    recent = cache / "dictionaries-4.marshal"
    other_family = cache / "nearwords-2.marshal"
    usercache.store(old, "k", 1)
    usercache.store(recent, "k", 1)
    usercache.store(other_family, "k", 1)
    _age(old, 2 * DAY)
    _age(other_family, 2 * DAY)
    _age(recent, 3600)
    usercache.store(cache / "dictionaries-5.marshal", "k", 2)
    assert not old.exists()
    assert recent.exists()  # another installed version used it within the day
    assert other_family.exists()  # only the family that was written is pruned
    assert usercache.load(cache / "dictionaries-5.marshal", "k") == 2


def test_a_read_marks_a_file_used_so_it_is_kept(cache: Path) -> None:
    kept = cache / "patterns-aaaa.marshal"
    usercache.store(kept, "k", "compiled")
    _age(kept, 2 * DAY)
    assert usercache.load(kept, "k") == "compiled"
    usercache.store(cache / "patterns-bbbb.marshal", "k", "newer")
    assert kept.exists()


def test_files_not_written_here_are_never_removed(cache: Path) -> None:
    cache.mkdir()
    users = cache / "dictionaries-1.marshal"
    users.write_bytes(b"my own notes, not a cache file")
    unrelated = cache / "notes.txt"
    unrelated.write_text("keep me")
    hidden = cache / ".profile"
    hidden.write_text("keep me too")
    for path in (users, unrelated, hidden):
        _age(path, 30 * DAY)
    usercache.store(cache / "dictionaries-5.marshal", "k", 1)
    assert users.exists() and unrelated.exists() and hidden.exists()


def test_temporary_files_of_killed_runs_are_removed_after_an_hour(cache: Path) -> None:
    cache.mkdir()
    orphan = cache / ".nearwords-3.marshal-x1y2z3"
    running = cache / ".nearwords-3.marshal-a1b2c3"
    other = cache / ".dictionaries-5.marshal-q9w8e7"
    for path in (orphan, running, other):
        path.write_bytes(b"partial")
    _age(orphan, 2 * 3600)
    _age(other, 2 * 3600)
    removed = usercache.prune(cache / "nearwords-3.marshal")
    assert removed == [orphan]
    assert running.exists() and other.exists()


def test_an_unwritable_folder_only_costs_the_value(tmp_path: Path) -> None:
    missing_parent = tmp_path / "file"
    missing_parent.write_text("a file where the folder should be")
    usercache.store(missing_parent / "dictionaries-5.marshal", "k", 1)
    assert usercache.load(missing_parent / "dictionaries-5.marshal", "k") is None
    assert usercache.prune(missing_parent / "dictionaries-5.marshal") == []


def test_a_data_file_is_parsed_once_and_read_back_the_same(cache: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """healthlint's TOML data comes back from the cache as tomllib parses it, a fresh copy
    each time; text marshal cannot hold (a date) is parsed every time; the file is bounded."""
    import tomllib

    from healthlint import usercache as bottom

    monkeypatch.setattr(bottom, "_toml", None)
    text = '[a]\nb = [1, 2.5, "c", true]\n[a.d]\ne = "f"\n'
    first = usercache.toml(text)
    assert first == tomllib.loads(text)
    monkeypatch.setattr(bottom, "_toml", None)  # a new process: from the file
    calls: list[str] = []
    with monkeypatch.context() as patched:
        patched.setattr(tomllib, "loads", lambda t: calls.append(t) or {})
        second = usercache.toml(text)
        assert second == first and second is not first and calls == []
        second["a"]["b"].append(3)  # a caller's change is its own
        assert usercache.toml(text) == first
    dated = "when = 2024-03-05\n"
    assert usercache.toml(dated) == tomllib.loads(dated)
    monkeypatch.setattr(bottom, "_toml", None)
    for n in range(bottom.TOML_KEPT + 5):
        usercache.toml(f"n = {n}\n")
    assert len(usercache.load(cache / "toml-1.marshal", bottom.TOML_STORE)) <= bottom.TOML_KEPT
