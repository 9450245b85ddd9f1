"""The hook works through pre-commit itself: `pre-commit try-repo` on this repository, the
README's snippet copied into a fresh content repository, and this repository's own config on a
fresh copy with nothing activated. The last two download the hooks' packages from PyPI, as
pre-commit always does the first time, and are skipped (saying so) when PyPI cannot be reached;
the tests of the files and the hook definitions need no network."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

GOOD = f"""---
title: Sleep for adults
description: How much sleep adults need each night, and simple habits that can help you sleep well.
type: wellness
author: healthlint editorial team
reviewer: Clinical reviewer, healthlint
last_reviewed: {(dt.date.today() - dt.timedelta(days=30)).isoformat()}
---
# Sleep for adults

## Overview

The CDC advises that adults aged 18 to 60 get 7 hours of sleep or more each night.
Going to bed and getting up at the same time each day can help.

This article gives general information only. It is not a substitute for professional medical
advice, diagnosis or treatment. Talk to your doctor, pharmacist or nurse about your own health.

## Sources

- [CDC: About sleep](https://www.cdc.gov/sleep/about/index.html)
- [NHLBI: Sleep deprivation and deficiency](https://www.nhlbi.nih.gov/health/sleep-deprivation)
"""
BAD = "---\ntitle: [broken\n---\n# Sleep\n"


def test_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["healthlint"]
    assert hooks[0]["language"] == "python" and hooks[0]["types"] == ["markdown"]
    assert hooks[0]["entry"].startswith("healthlint check")


def own_hooks() -> dict[str, dict[str, object]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    return {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}


def test_this_repository_runs_the_hook_on_content() -> None:
    hooks = own_hooks()
    assert hooks["healthlint"]["files"] == r"^content/.*\.md$"
    assert {"trailing-whitespace", "end-of-file-fixer"} <= set(hooks)


def test_every_own_hook_makes_its_environment() -> None:
    """`language: system` needs an activated environment; a fresh clone has none."""
    hooks = own_hooks()
    assert {h["language"] for h in hooks.values()} == {"python"}
    module = str(hooks["healthlint"]["entry"]).removeprefix("python -m ")
    assert (ROOT / (module.replace(".", "/") + ".py")).is_file()


def tracked_files() -> list[str]:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout: the tracked files are what the hooks read")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                            check=True)
    return [name for name in listed.stdout.decode().split("\0") if name]


def test_whitespace_hooks_would_change_no_tracked_file() -> None:
    """What trailing-whitespace and end-of-file-fixer would rewrite, listed by name: a fresh
    clone's `pre-commit run --all-files` must pass without touching a file."""
    hooks = own_hooks()
    exclude = re.compile(str(hooks["end-of-file-fixer"]["exclude"]))
    assert hooks["trailing-whitespace"]["exclude"] == hooks["end-of-file-fixer"]["exclude"]
    dirty = []
    for name in tracked_files():
        if exclude.search(name) or not (ROOT / name).is_file():
            continue
        data = (ROOT / name).read_bytes()
        if b"\0" in data:
            continue  # binary: not `types: [text]`
        if data and (not data.endswith(b"\n") or data.endswith(b"\n\n")):
            dirty.append(f"{name}: must end with exactly one newline")
        for number, line in enumerate(data.split(b"\n"), 1):
            if line.rstrip(b"\r") != line.rstrip(b"\r").rstrip(b" \t\f\v"):
                dirty.append(f"{name}:{number}: trailing white space")
    assert dirty == []


def readme_snippet() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Pre-commit"):readme.index("## CI")]
    return section[section.index("```yaml\n") + 8:section.index("```\n", section.index("```yaml"))]


def test_readme_snippet_pins_a_commit_and_keeps_to_content() -> None:
    snippet = yaml.safe_load(readme_snippet())
    (repo,) = snippet["repos"]
    assert repo["repo"] == "<URL of this repository>"
    assert repo["hooks"] == [{"id": "healthlint", "files": "^content/"}]
    assert re.fullmatch(r"[0-9a-f]{40}", repo["rev"]), repo["rev"]
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout: cannot look the pinned commit up")
    if (ROOT / ".git" / "shallow").exists():
        pytest.skip("a shallow clone may not hold the pinned commit")
    found = subprocess.run(["git", "cat-file", "-e", f"{repo['rev']}^{{commit}}"], cwd=ROOT,
                           capture_output=True)
    assert found.returncode == 0, f"README pins {repo['rev']}, which this repository lacks"
    hooks = subprocess.run(["git", "show", f"{repo['rev']}:.pre-commit-hooks.yaml"], cwd=ROOT,
                           capture_output=True, text=True, check=True)
    assert [h["id"] for h in yaml.safe_load(hooks.stdout)] == ["healthlint"]


def git(args: list[str], cwd: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_try_repo_fails_on_bad_and_passes_on_good(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit try-repo needs one")
    repo = tmp_path / "content-repo"
    repo.mkdir()
    git(["init", "-q"], repo)
    (repo / "good.md").write_text(GOOD)
    (repo / "bad.md").write_text(BAD)
    git(["add", "."], repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "healthlint",
               "--color", "never", "--files"]
    bad = subprocess.run([*command, "bad.md"], cwd=repo, capture_output=True, text=True,
                         env=env, timeout=600)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.md:2:1: HL005" in bad.stdout
    good = subprocess.run([*command, "good.md"], cwd=repo,
                          capture_output=True, text=True, env=env, timeout=600)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def needs_pypi() -> None:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
    except OSError:
        pytest.skip("PyPI cannot be reached: pre-commit downloads the hooks' packages from it")


def pre_commit_env(tmp_path: Path) -> dict[str, str]:
    """Nothing activated: no virtual environment on PATH, HOME and the cache in tmp_path."""
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                           if not Path(p, "healthlint").exists())
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return {**env, "PATH": path, "HOME": str(tmp_path), "NO_COLOR": "1",
            "PRE_COMMIT_HOME": str(tmp_path / "cache"),
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_readme_snippet_as_written_runs_the_hook(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit clones the repository")
    needs_pypi()
    repo = tmp_path / "content-repo"
    (repo / "content").mkdir(parents=True)
    git(["init", "-q"], repo)
    config = readme_snippet().replace("<URL of this repository>", str(ROOT))
    (repo / ".pre-commit-config.yaml").write_text(config)
    (repo / "README.md").write_text("# Our articles\n\nNotes for writers.\n")
    (repo / "content" / "good.md").write_text(GOOD)
    (repo / "content" / "bad.md").write_text(BAD)
    git(["add", "."], repo)
    env = pre_commit_env(tmp_path)
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    bad = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env,
                         timeout=900)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "content/bad.md:2:1: HL005" in bad.stdout
    assert "README.md:" not in bad.stdout  # not an article: `files: ^content/` keeps it out
    git(["rm", "-q", "-f", "content/bad.md"], repo)
    good = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env,
                          timeout=900)
    assert good.returncode == 0, good.stdout + good.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_own_config_passes_on_a_fresh_copy_with_nothing_activated(tmp_path: Path) -> None:
    needs_pypi()
    repo = tmp_path / "clone"
    for name in tracked_files():
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    git(["init", "-q"], repo)
    git(["add", "."], repo)
    git(["commit", "-q", "-m", "fresh clone"], repo)
    env = pre_commit_env(tmp_path)
    done = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color",
                           "never"], cwd=repo, capture_output=True, text=True, env=env,
                          timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"healthlint \(content/\)\.+Passed", done.stdout), done.stdout
    changed = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True,
                             text=True, check=True)
    assert changed.stdout == ""
