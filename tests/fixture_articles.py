"""Fixture articles with the findings they must produce: one style for every family.

``tests/fixtures/<folder>/NAME.md`` has a ``NAME.expected`` beside it: one finding a line,
``LINE:COL CODE``, optionally followed by `` | text the message must contain``; blank lines and
lines starting with ``#`` are ignored. An optional ``NAME.toml`` adds config (a
[tool.healthlint] table) for that article; word lists in it are read from the fixture's folder.

A folder named after a rule family (``structure``, ``claims``, ...) is linted with only that
family's rules selected, so a fixture shows what its family says and nothing else;
``articles/`` is linted with every rule. ``export/`` holds the exporter's articles, not
fixtures of this kind.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from healthlint.core.findings import FAMILIES, Finding
from healthlint.engine.checks import load_checks
from tests.conftest import FIXTURES, lint

EVERY_RULE = "articles"
NOT_FIXTURES = {"export"}


def family_prefixes() -> dict[str, str]:
    """Family name -> code prefix, for every family with checks (``structure``: ``HL1``)."""
    load_checks()
    return {name: prefix for prefix, name in FAMILIES.items()}


def fixture_folders() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name not in NOT_FIXTURES)


def fixture_cases(folder: Path | None = None) -> list[Path]:
    """The fixture articles of one folder, or of every folder."""
    folders = [folder] if folder else fixture_folders()
    return sorted(p for f in folders for p in f.glob("*.md"))


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def expected_rows(path: Path) -> list[tuple[str, str]]:
    """``(LINE:COL CODE, text the message must contain or "")`` for each expected finding."""
    rows = []
    for line in path.with_suffix(".expected").read_text("utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            where, _, text = line.partition(" | ")
            rows.append((" ".join(where.split()), text.strip()))
    return rows


def expected(path: Path) -> list[str]:
    return sorted(where for where, _ in expected_rows(path))


def select_for(folder: Path) -> str | None:
    """The code prefix a fixture folder is linted with (None: every rule)."""
    if folder.name == EVERY_RULE:
        return None
    prefixes = family_prefixes()
    if folder.name not in prefixes:
        raise LookupError(f"tests/fixtures/{folder.name}: not a rule family "
                          f"({', '.join(sorted(prefixes))}) nor {EVERY_RULE!r}")
    return prefixes[folder.name]


def findings(path: Path) -> list[Finding]:
    table: dict[str, Any] = {}
    extra = path.with_suffix(".toml")
    if extra.exists():
        table.update(tomllib.loads(extra.read_text("utf-8")))
    return lint(path.read_text("utf-8"), select_for(path.parent), table, path=path.name,
                root=path.parent)


def where(finding: Finding) -> str:
    return f"{finding.line}:{finding.column} {finding.code}"


def found(path: Path) -> list[str]:
    return sorted(where(f) for f in findings(path))


def unmatched_messages(path: Path, result: list[Finding]) -> list[tuple[str, str]]:
    """The expected ``(where, text)`` rows no finding at that place has a message for."""
    left = list(result)
    missing = []
    for place, text in expected_rows(path):
        match = next((f for f in left if where(f) == place and text in f.message), None)
        if match is None:
            missing.append((place, text))
        else:
            left.remove(match)
    return missing


def codes_expected(folder: Path) -> set[str]:
    return {row.split()[1] for path in fixture_cases(folder) for row in expected(path)}
