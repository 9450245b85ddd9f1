"""The hook works through pre-commit itself: `pre-commit try-repo` on this repository."""

from __future__ import annotations

import datetime as dt
import os
import shutil
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


def test_this_repository_runs_the_hook_on_content() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["healthlint"]["files"] == r"^content/.*\.md$"
    assert {"trailing-whitespace", "end-of-file-fixer"} <= set(hooks)


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
