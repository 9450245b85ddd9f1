"""Fixture articles with the findings they must produce.

Each ``NAME.md`` has a ``NAME.expected`` beside it: one ``LINE:COL CODE`` a line. An optional
``NAME.toml`` adds config (a [tool.healthlint] table) for that article.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from healthlint.config import Config
from healthlint.engine.runner import lint_text
from tests.conftest import TODAY


def fixture_cases(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.md"))


def expected(path: Path) -> list[str]:
    lines = path.with_suffix(".expected").read_text("utf-8").splitlines()
    return sorted(line.strip() for line in lines if line.strip())


def found(path: Path, select: str | None = None) -> list[str]:
    """The findings for a fixture, with only the ``select``ed family (None: every rule)."""
    table: dict[str, Any] = {"select": [select]} if select else {}
    extra = path.with_suffix(".toml")
    if extra.exists():
        table.update(tomllib.loads(extra.read_text("utf-8")))
    config = Config.from_table(table, root=path.parent, source=None)
    findings = lint_text(path.read_text("utf-8"), path.name, config, TODAY)
    return sorted(f"{f.line}:{f.column} {f.code}" for f in findings)


def codes_expected(folder: Path) -> set[str]:
    return {line.split()[1] for path in fixture_cases(folder) for line in expected(path)}
