"""Whole articles through every check: each fixture gives exactly the findings beside it.

`turmeric-bad.md` carries a problem from every family next to the look-alikes that must pass
("There is no cure for osteoarthritis", "Never stop taking a prescribed medicine suddenly", a
quoted claim); `sleep-good.md` is a complete wellness article that must produce nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixture_articles import expected, fixture_cases, found

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


@pytest.mark.parametrize("path", fixture_cases(FIXTURES), ids=lambda p: p.name)
def test_article_gives_exactly_its_findings(path: Path) -> None:
    assert found(path) == expected(path)


def test_the_bad_article_touches_every_check_family() -> None:
    families = {line.split()[1][:3] for line in expected(FIXTURES / "turmeric-bad.md")}
    assert families == {"HL0", "HL1", "HL2", "HL3", "HL4", "HL5", "HL6", "HL7"}


def test_a_claim_in_the_published_description_is_found() -> None:
    from healthlint.config import Config
    from healthlint.engine.runner import lint_text
    from tests.conftest import TODAY

    text = ("---\ntitle: Herbal tea\ndescription: This herbal tea cures cancer.\n---\n"
            "# Herbal tea\n\nBody text.\n")
    config = Config.from_table({"select": ["HL5"]}, Path("."), None)
    found_codes = [(f.line, f.column, f.code) for f in lint_text(text, "a.md", config, TODAY)]
    assert found_codes == [(3, 30, "HL501")]
