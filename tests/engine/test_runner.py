"""The runner: a check runs only when one of the rules it declares is enabled."""

from __future__ import annotations

from dataclasses import replace

import pytest

from healthlint.engine import checks as registry
from healthlint.engine.checks import load_checks
from tests.conftest import lint


@pytest.mark.parametrize(("name", "prefix"), [
    ("disclaimer", "HL2"), ("metadata", "HL6"), ("readability", "HL3"), ("structure", "HL1"),
    ("unmarked-headings", "HL109"), ("claims", "HL5"), ("spelling", "HL4"),
    ("language", "HL7"),
])
def test_a_check_whose_rules_are_all_off_is_not_called(
        monkeypatch: pytest.MonkeyPatch, name: str, prefix: str) -> None:
    spec = load_checks()[name]

    def fail(doc: object, ctx: object) -> list[object]:
        raise AssertionError(f"{name} ran with {prefix} ignored")

    monkeypatch.setitem(registry.CHECKS, name, replace(spec, func=fail))
    lint("# Hay fever\n\nNo front matter, no sources.\n", config={"ignore": [prefix]})
    found = lint("# Hay fever\n\nNo front matter.\n")
    assert any(f.code == "HL010" and name in f.message for f in found)


def test_every_check_declares_only_rules_its_family_data_declares() -> None:
    from healthlint.core.findings import REGISTRY

    for spec in load_checks().values():
        assert spec.rules, spec.name
        assert all(code in REGISTRY for code in spec.rules), spec.name
