"""``healthlint export`` never deletes what it did not write (issue 7, "Data loss").

Every test works inside pytest's temporary folder, with HOME pointed at a folder in it: no
export here is ever aimed at a real home folder, the file system root or a checkout.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from healthlint.commands.export import site
from tests.commands.test_export import EXPORT_FIXTURES, assert_complete_site, run_export, siblings


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(EXPORT_FIXTURES, folder)
    return folder


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pretend home folder with the kind of things a real one holds; HOME points at it."""
    folder = tmp_path / "home"
    (folder / ".cache" / "pip").mkdir(parents=True)
    (folder / ".cache" / "pip" / "wheel.whl").write_bytes(b"PK\x03\x04")
    (folder / ".bashrc").write_text("export PATH=$HOME/bin:$PATH\n", "utf-8")
    (folder / "thesis.md").write_text("Chapter one\n", "utf-8")
    monkeypatch.setenv("HOME", str(folder))
    return folder


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry below ``folder`` (links as their targets, not followed), with file bytes."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = ("link", os.readlink(path))
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name] = "folder"
    return found


# ---- --clean: places it never replaces ------------------------------------------------------
def test_clean_never_replaces_the_home_folder(content: Path, tmp_path: Path, home: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # not inside the home folder, as in the report
    before = snapshot(tmp_path)
    for out in (home, Path("..") / "home"):
        code, _, err = run_export(capsys, content, "--out", out, "--clean")
        assert code == 2 and "home folder" in err and "Traceback" not in err, err
    assert snapshot(tmp_path) == before


def test_clean_never_replaces_a_folder_that_holds_the_home_folder(
        content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    users = tmp_path / "users"
    (users / "ann").mkdir(parents=True)
    (users / "ann" / "notes.txt").write_text("keep", "utf-8")
    monkeypatch.setenv("HOME", str(users / "ann"))
    before = snapshot(tmp_path)
    code, _, err = run_export(capsys, content, "--out", users, "--clean")
    assert code == 2 and "home folder" in err, err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("marker", [".git", ".hg", ".svn"])
@pytest.mark.parametrize("as_file", [False, True])  # a git worktree's .git is a file
def test_clean_never_replaces_a_version_controlled_folder(content: Path, tmp_path: Path,
                                                          home: Path, marker: str,
                                                          as_file: bool,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    if as_file:
        (repo / marker).write_text("gitdir: /elsewhere\n", "utf-8")
    else:
        (repo / marker).mkdir()
        (repo / marker / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    (repo / "index.html").write_text("<p>my own page</p>", "utf-8")
    before = snapshot(tmp_path)
    code, _, err = run_export(capsys, content, "--out", repo, "--clean")
    assert code == 2 and marker in err and "version control" in err, err
    assert snapshot(tmp_path) == before


def test_a_version_controlled_folder_is_refused_even_with_our_manifest(
        content: Path, tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert run_export(capsys, content, "--out", out)[0] == 0
    (out / ".git").mkdir()
    (out / ".git" / "config").write_text("[core]\n", "utf-8")
    before = snapshot(tmp_path)
    code, _, err = run_export(capsys, content, "--out", out)
    assert code == 2 and ".git" in err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("where", ["cwd", "parent of cwd"])
def test_clean_never_replaces_the_current_folder_or_its_ancestors(
        content: Path, tmp_path: Path, home: Path, where: str,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "projects" / "work"
    work.mkdir(parents=True)
    (work / "draft.txt").write_text("keep", "utf-8")
    monkeypatch.chdir(work)
    out = work if where == "cwd" else work.parent
    before = snapshot(tmp_path)
    code, _, err = run_export(capsys, content, "--out", out, "--clean")
    assert code == 2 and "Traceback" not in err, err
    assert snapshot(tmp_path) == before


# ---- --clean: only what an export writes ------------------------------------------------------
def test_clean_refuses_a_folder_with_files_an_export_does_not_write(
        content: Path, tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    (out / "assets").mkdir(parents=True)
    (out / "assets" / "style.css").write_text("body {}", "utf-8")
    (out / "index.html").write_text("<p>old</p>", "utf-8")
    (out / "notes.txt").write_text("keep me", "utf-8")
    (out / "Photos").mkdir()
    (out / "Photos" / "cat.jpg").write_bytes(b"\xff\xd8")
    (out / "water").mkdir()
    (out / "water" / "draft.md").write_text("keep", "utf-8")
    (out / "link").symlink_to(home)
    before = snapshot(tmp_path)
    code, _, err = run_export(capsys, content, "--out", out, "--clean")
    assert code == 2 and "not a healthlint export" in err, err
    for name in ("notes.txt", "Photos", "water/draft.md", "link"):
        assert name in err, name
    assert "style.css" not in err and "index.html" not in err
    assert snapshot(tmp_path) == before
    assert siblings(out) == []


def test_clean_lists_only_a_few_unexpected_entries(content: Path, tmp_path: Path, home: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    out.mkdir()
    for n in range(50):
        (out / f"file-{n:02}.txt").write_text("x", "utf-8")
    code, _, err = run_export(capsys, content, "--out", out, "--clean")
    assert code == 2 and "file-00.txt" in err and "file-49.txt" not in err
    assert "and more" in err
    assert len(list(out.iterdir())) == 50


def test_clean_replaces_what_looks_like_an_export_without_its_manifest(
        content: Path, tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert run_export(capsys, content, "--out", out, "--base-url", "https://h.example.org/"
                      )[0] == 0
    (out / "manifest.json").write_text("{broken", "utf-8")  # damaged by hand, say
    code, _, err = run_export(capsys, content, "--out", out)
    assert code == 2 and "--clean" in err
    code, _, err = run_export(capsys, content, "--out", out, "--clean")
    assert code == 0, err
    assert_complete_site(out)
    assert siblings(out) == []


def test_clean_accepts_an_empty_folder(content: Path, tmp_path: Path, home: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    out.mkdir()
    assert run_export(capsys, content, "--out", out, "--clean")[0] == 0
    assert_complete_site(out)


# ---- symbolic links beside the site -----------------------------------------------------------
@pytest.mark.parametrize("which", ["build", "old"])
@pytest.mark.parametrize("site_exists", [False, True])
def test_a_planted_link_beside_the_site_is_refused_and_followed_nowhere(
        content: Path, tmp_path: Path, home: Path, which: str, site_exists: bool,
        capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other-site"
    assert run_export(capsys, content, "--out", other)[0] == 0
    out = tmp_path / "site"
    if site_exists:
        assert run_export(capsys, content, "--out", out)[0] == 0
    planted = site.build_dir(out) if which == "build" else site.backup_dir(out)
    planted.symlink_to(other, target_is_directory=True)
    before = snapshot(tmp_path)
    code, _, err = run_export(capsys, content, "--out", out)
    assert code == 2 and "symbolic link" in err and planted.name in err, err
    assert "Traceback" not in err
    assert snapshot(tmp_path) == before
    assert_complete_site(other)


def test_removing_a_build_folder_never_follows_links_inside_it(tmp_path: Path) -> None:
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "precious.txt").write_text("keep", "utf-8")
    build = site.build_dir(tmp_path / "site")
    (build / "deep").mkdir(parents=True)
    (build / site.BUILD_MARKER).write_bytes(b"")
    (build / "top-link").symlink_to(keep, target_is_directory=True)
    (build / "deep" / "link").symlink_to(keep, target_is_directory=True)
    site.remove_tree(build)
    assert not os.path.lexists(build)
    assert (keep / "precious.txt").read_text("utf-8") == "keep"


def test_remove_tree_refuses_a_link(tmp_path: Path) -> None:
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / site.BUILD_MARKER).write_bytes(b"")
    (keep / "precious.txt").write_text("keep", "utf-8")
    link = tmp_path / "link"
    link.symlink_to(keep, target_is_directory=True)
    with pytest.raises(site.ExportError, match="symbolic link"):
        site.remove_tree(link)
    assert link.is_symlink() and (keep / "precious.txt").is_file()
