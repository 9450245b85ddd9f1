"""Every fixture article gives exactly the findings beside it (tests/fixture_articles.py).

One folder per rule family under tests/fixtures/, each with an article that must produce
findings and one that must produce none, plus ``articles/``: whole articles through every
check. `turmeric-bad.md` carries a problem from every family next to the look-alikes that
must pass ("There is no cure for osteoarthritis", "Never stop taking a prescribed medicine
suddenly", a quoted claim); `sleep-good.md` is a complete wellness article that must produce
nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.fixture_articles import (
    case_id,
    expected,
    family_prefixes,
    findings,
    fixture_cases,
    fixture_folders,
    unmatched_messages,
    where,
)


@pytest.mark.parametrize("path", fixture_cases(), ids=case_id)
def test_fixture_gives_exactly_its_findings(path: Path) -> None:
    result = findings(path)
    assert sorted(where(f) for f in result) == expected(path)
    assert unmatched_messages(path, result) == []


def test_every_fixture_has_its_expected_findings_file() -> None:
    articles = fixture_cases()
    assert len(articles) >= 30
    assert [p for p in articles if not p.with_suffix(".expected").is_file()] == []


@pytest.mark.parametrize("family", sorted(set(family_prefixes()) - {"engine"}))
def test_every_family_has_a_fixture_with_findings_and_a_clean_one(family: str) -> None:
    cases = fixture_cases(FIXTURES / family)
    assert any(expected(p) for p in cases), f"tests/fixtures/{family}: none with findings"
    assert any(not expected(p) for p in cases), f"tests/fixtures/{family}: none clean"


def test_only_family_folders_and_whole_articles() -> None:
    names = {p.name for p in fixture_folders()}
    assert names <= set(family_prefixes()) | {"articles"}


def test_the_bad_article_touches_every_check_family() -> None:
    families = {line.split()[1][:3] for line in expected(FIXTURES / "articles" / "turmeric-bad.md")}
    assert families == {"HL0", "HL1", "HL2", "HL3", "HL4", "HL5", "HL6", "HL7", "HL8"}
