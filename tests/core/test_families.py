"""Every rule is documented the same way, and the README lists every rule."""

from __future__ import annotations

import pytest

from healthlint.core.findings import CODE_RE, FAMILIES, NAME_RE, REGISTRY
from healthlint.engine.checks import load_checks
from tests.conftest import ROOT

load_checks()
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_has_every_part_of_its_docs(code: str) -> None:
    rule = REGISTRY[code]
    assert CODE_RE.match(rule.code) and NAME_RE.match(rule.name)
    assert rule.code[:3] in FAMILIES
    for part in ("summary", "what", "why", "example", "instead"):
        text = getattr(rule, part)
        assert isinstance(text, str) and len(text.strip()) >= 10, (code, part)


def test_readme_rules_table_is_generated_from_the_rule_data() -> None:
    from tools.readme import generated

    assert generated(README) == README, "README.md is out of date: run python -m tools.readme"


def test_names_are_unique() -> None:
    names = [r.name for r in REGISTRY.values()]
    assert len(names) == len(set(names))
