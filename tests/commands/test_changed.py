"""Changed lines: which lines a change touched, and keeping only the findings on them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from healthlint.commands.changed import (
    DiffError,
    changed_lines,
    filter_results,
    parse_diff,
    unquote_path,
)
from healthlint.config import Config, ConfigError
from healthlint.core.findings import Finding, Severity
from healthlint.engine.runner import FileResult, lint_paths
from tests.conftest import TODAY, TODAY_ARG


@pytest.fixture(autouse=True)
def _plain_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user or system git config, a fixed identity, and no prompts."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(key, raising=False)
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "test@example.org")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def make_repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def key(path: Path) -> str:
    return str(path.resolve())


# ---- parsing git's output ----------------------------------------------------------------
DIFF = """diff --git a/a.md b/a.md
index 1111111..2222222 100644
--- a/a.md
+++ b/a.md
@@ -2 +2 @@ one
-two
+TWO
@@ -4,0 +5,2 @@ four
+five
+six
@@ -9,2 +10,0 @@ eight
-nine
-ten
diff --git a/new.md b/new.md
new file mode 100644
--- /dev/null
+++ b/new.md
@@ -0,0 +1,3 @@
+a
+b
+c
diff --git a/gone.md b/gone.md
deleted file mode 100644
--- a/gone.md
+++ /dev/null
@@ -1,2 +0,0 @@
-x
-y
diff --git "a/caf\\303\\251 \\"x\\".md" "b/caf\\303\\251 \\"x\\".md"
--- "a/caf\\303\\251 \\"x\\".md"\t
+++ "b/caf\\303\\251 \\"x\\".md"\t
@@ -1,0 +2 @@ z
+y
"""


def test_parse_diff() -> None:
    assert parse_diff(DIFF) == {
        "a.md": {2, 5, 6, 10, 11},   # a change, two added lines, a deletion after line 10
        "new.md": {1, 2, 3},
        'café "x".md': {2},
    }


def test_deletion_at_the_top_of_a_file() -> None:
    diff = "+++ b/a.md\n@@ -1,3 +0,0 @@\n-a\n-b\n-c\n"
    assert parse_diff(diff) == {"a.md": {1}}


@pytest.mark.parametrize(("quoted", "plain"), [
    ("a.md", "a.md"),
    ('"a\\tb.md"', "a\tb.md"),
    ('"caf\\303\\251.md"', "café.md"),
    ('"say \\"hi\\".md"', 'say "hi".md'),
    ('"back\\\\slash.md"', "back\\slash.md"),
])
def test_unquote_path(quoted: str, plain: str) -> None:
    assert unquote_path(quoted) == plain


# ---- asking git --------------------------------------------------------------------------
def test_changed_lines_in_a_repository(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {
        "content/a.md": "one\ntwo\nthree\nfour\n",
        "content/same.md": "unchanged\n",
        "content/gone.md": "x\n",
        ".gitignore": "ignored.md\n",
    })
    write(repo, {"content/a.md": "one\nTWO\nthree\nfour\nfive\n",
                 "content/new.md": "new\nfile\n",
                 "content/staged.md": "staged\n",
                 "ignored.md": "ignored\n"})
    git(repo, "add", "content/staged.md")
    (repo / "content" / "gone.md").unlink()
    files = [repo / "content" / n for n in ("a.md", "same.md", "new.md", "staged.md")]
    files.append(repo / "ignored.md")
    assert changed_lines("main", files, cwd=repo) == {
        key(repo / "content/a.md"): {2, 5},
        key(repo / "content/new.md"): {1, 2},       # untracked: every line
        key(repo / "content/staged.md"): {1},       # added to the index, not committed
    }


def test_paths_relative_to_a_subfolder(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"content/a.md": "one\ntwo\n"})
    write(repo, {"content/a.md": "one\n2\n"})
    here = repo / "content"
    assert changed_lines("HEAD", ["a.md"], cwd=here) == {key(here / "a.md"): {2}}


def test_odd_file_names(tmp_path: Path) -> None:
    name = 'café "x" y.md'
    repo = make_repo(tmp_path / "repo", {name: "a\nb\n"})
    write(repo, {name: "a\nB\n"})
    assert changed_lines("HEAD", [repo / name], cwd=repo) == {key(repo / name): {2}}


def test_user_diff_settings_do_not_change_the_answer(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"b/a.md": "a\nb\n"})  # a folder named b
    git(repo, "config", "diff.noprefix", "true")
    git(repo, "config", "diff.mnemonicPrefix", "true")
    git(repo, "config", "color.ui", "always")
    git(repo, "config", "diff.external", "false")
    write(repo, {"b/a.md": "a\nB\n"})
    assert changed_lines("HEAD", [repo / "b/a.md"], cwd=repo) == {key(repo / "b/a.md"): {2}}


def test_binary_changes_count_as_every_line(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.md": "text\n"})
    (repo / "a.md").write_bytes(b"\x00\x01\nsecond\n")
    assert changed_lines("HEAD", [repo / "a.md"], cwd=repo) == {key(repo / "a.md"): {1, 2}}


def test_the_diff_starts_at_the_merge_base(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.md": "1\n2\n3\n4\n", "b.md": "b\n"})
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, {"a.md": "1\n2\n3\nFOUR\n"})
    git(repo, "commit", "-q", "-am", "feature work")
    git(repo, "checkout", "-q", "main")
    write(repo, {"a.md": "ONE\n2\n3\n4\n", "b.md": "changed on main\n"})
    git(repo, "commit", "-q", "-am", "main moved on")
    git(repo, "checkout", "-q", "feature")
    # main's later edits to line 1 and to b.md are not the feature branch's changes
    assert changed_lines("main", [repo / "a.md", repo / "b.md"], cwd=repo) == {
        key(repo / "a.md"): {4}}


def test_not_a_repository(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(DiffError, match="git rev-parse failed"):
        changed_lines("main", ["a.md"], cwd=tmp_path / "plain")


def test_unknown_base_is_a_usage_error(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.md": "a\n"})
    with pytest.raises(DiffError, match="'origin/nope' is not a commit"):
        changed_lines("origin/nope", [repo / "a.md"], cwd=repo)
    assert issubclass(DiffError, ConfigError)  # the CLI turns it into exit code 2


# ---- filtering findings ------------------------------------------------------------------
def finding(path: str, line: int, end_line: int | None = None, code: str = "HL602") -> Finding:
    return Finding(path, line, 1, end_line or line, 5, code, "invalid-date", Severity.ERROR, "m")


def test_filter_keeps_findings_on_changed_lines(tmp_path: Path) -> None:
    results = [
        FileResult("a.md", [finding("a.md", 1), finding("a.md", 3), finding("a.md", 5, 7)]),
        FileResult("same.md", [finding("same.md", 1)]),
    ]
    changed = {key(tmp_path / "a.md"): {3, 6}}
    kept = filter_results(results, changed, cwd=tmp_path)
    assert [(r.path, [f.line for f in r.findings]) for r in kept] == [
        ("a.md", [3, 5]),      # 5..7 spans the changed line 6
        ("same.md", []),       # unchanged files stay, with nothing to report
    ]
    whole = filter_results(results, changed, scope="files", cwd=tmp_path)
    assert [(r.path, [f.line for f in r.findings]) for r in whole] == [
        ("a.md", [1, 3, 5]), ("same.md", [])]


def test_filter_rejects_an_unknown_scope() -> None:
    with pytest.raises(ValueError, match="scope"):
        filter_results([], {}, scope="hunks")


ARTICLE = """---
title: Hay fever
description: What hay fever is, the symptoms it causes, and how to ease them with medicines.
type: condition
author: healthlint editorial team
reviewer: Clinical reviewer, healthlint
last_reviewed: {reviewed}
published: {published}
---

# Hay fever
"""


def test_only_problems_the_change_introduced(tmp_path: Path) -> None:
    old = ARTICLE.format(reviewed="2026-13-45", published="2026-01-10")  # an old problem
    repo = make_repo(tmp_path / "repo", {"content/old.md": old, "content/other.md": old})
    write(repo, {"content/old.md": ARTICLE.format(reviewed="2026-13-45", published="2026-02-30"),
                 "content/new.md": ARTICLE.format(reviewed="2026-09-14", published="soon")})
    files = sorted((repo / "content").glob("*.md"))
    config = Config.from_table({"select": ["HL602"]}, repo, None)
    everything = lint_paths(files, config, TODAY)
    assert sum(len(r.findings) for r in everything) == 4
    kept = filter_results(everything, changed_lines("HEAD", files, cwd=repo))
    assert [(Path(r.path).name, [(f.line, f.code) for f in r.findings]) for r in kept] == [
        ("new.md", [(8, "HL602")]),
        ("old.md", [(8, "HL602")]),   # the edited line; line 7's old problem is not reported
        ("other.md", []),
    ]


def test_a_link_loop_found_by_the_scan_is_reported_with_diff_base(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from healthlint.commands.cli import main

    repo = make_repo(tmp_path / "repo", {"content/a.md": "# A\n"})
    (repo / "content" / "loop-a.md").symlink_to("loop-b.md")
    (repo / "content" / "loop-b.md").symlink_to("loop-a.md")
    monkeypatch.chdir(repo)
    code = main(["check", "content", "--diff-base", "main", "--today", TODAY_ARG])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert code == 1 and "content/loop-a.md:1:1: HL001" in out
