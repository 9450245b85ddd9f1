"""What every test shares: the one date, the repository's paths, and one way to lint a text.

Test modules import these (``from tests.conftest import TODAY, lint``); the tree under
``tests/`` mirrors the package (``core``, ``parse``, ``engine``, ``rules``, ``text``,
``commands``), with the tests that span layers at the top.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from healthlint.config import Config
from healthlint.core.findings import Finding
from healthlint.engine.checks import context_for
from healthlint.engine.runner import lint_text
from healthlint.parse.document import parse

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
TODAY = dt.date(2026, 11, 25)
TODAY_ARG = TODAY.isoformat()  # the same date as a command line gives it (--today)

ConfigLike = Config | dict[str, Any] | None


def make_config(config: ConfigLike = None, select: str | Iterable[str] | None = None,
                root: Path | None = None) -> Config:
    """A Config from a [tool.healthlint] table (or a Config as it is), with ``select`` (one
    selector or several) replacing the table's own; ``root`` is the current folder unless
    given."""
    if isinstance(config, Config):
        if select is not None:
            raise TypeError("give select inside the table, or a table instead of a Config")
        return config
    table = dict(config or {})
    if select is not None:
        table["select"] = [select] if isinstance(select, str) else list(select)
    return Config.from_table(table, root or Path.cwd(), None)


def lint(text: str, select: str | Iterable[str] | None = None, config: ConfigLike = None,
         path: str = "article.md", today: dt.date = TODAY, root: Path | None = None
         ) -> list[Finding]:
    """The findings for ``text`` as the library reports them (``lint_text``), on TODAY.

    ``select``: the rules to run (``"HL5"``, ``["HL6", "HL010"]``; replaces a ``select`` in
    the table); ``config``: a [tool.healthlint] table or a Config; ``root``: the folder the
    config's file names are read from (the current folder unless given)."""
    return lint_text(text, path, make_config(config, select, root), today)


def fix_of(text: str, code: str, select: str | Iterable[str] | None = None,
           config: ConfigLike = None) -> tuple[str, list[tuple[int, int, str]]] | None:
    """The applicability and edits ``(start, end, content)`` of the fix of the one finding
    ``code`` in ``text`` (None when it has no fix); ``select`` defaults to ``code``."""
    [found] = [f for f in lint(text, select or code, config) if f.code == code]
    if found.fix is None:
        return None
    return str(found.fix.applicability), [(e.start, e.end, e.content) for e in found.fix.edits]


def fixed(text: str, select: str | Iterable[str] | None = None, config: ConfigLike = None,
          unsafe: bool = False) -> str:
    """``text`` after ``--fix`` (``--unsafe-fixes`` with ``unsafe``) on TODAY."""
    from healthlint.engine.fixes import fix_text

    return fix_text(text, "article.md", make_config(config, select), unsafe=unsafe,
                    today=TODAY).text


def run_check(check: Callable[..., Iterable[Finding]], text: str, config: ConfigLike = None,
              path: str = "article.md", cache: dict[str, Any] | None = None) -> list[Finding]:
    """One check function called directly on ``text`` on TODAY, sorted: for the tests that
    must see what a check emits before select, suppressions and severity apply."""
    doc = parse(text, path)
    return sorted(check(doc, context_for(make_config(config), doc, TODAY, cache)))


@pytest.fixture(autouse=True)
def _no_user_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run every test from an empty folder so the repository's own config never leaks in."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    # check's result cache: the test's own (beside its folder), never a repository's
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path.with_name(tmp_path.name + "-cache")))
