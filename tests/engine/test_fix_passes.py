"""``fix_text`` runs the checks that can offer no fix it applies only on the text it ends with
(issue 14's ``--fix`` time): its text and findings are those of linting every check in every
pass, a check offering a fix it does not declare is caught, and the declarations hold."""

from __future__ import annotations

import random
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from healthlint.core.findings import Applicability, Finding, Fix
from healthlint.engine import checks as registry
from healthlint.engine.checks import load_checks
from healthlint.engine.fixes import FixResult, _fix_passes, fix_text, fixing_checks
from healthlint.engine.runner import Lint, lint_document
from healthlint.parse.document import Document, parse
from tests.conftest import FIXTURES, TODAY, make_config
from tests.engine.test_relint_caches import edited
from tools.bench import article

ARTICLES = sorted(FIXTURES.rglob("*.md"))
GENERATED = [article(n, 600, random.Random(100 + n)) for n in range(4)]


def config_of(path: Path) -> dict[str, object]:
    """A fixture's own config (its NAME.toml), every rule selected."""
    extra = path.with_suffix(".toml")
    return tomllib.loads(extra.read_text("utf-8")) if extra.exists() else {}


def every_pass_in_full(text: str, config: object, unsafe: bool) -> FixResult:
    result = _fix_passes(text, "article.md", make_config(config), unsafe, TODAY, {}, None)
    assert result is not None
    return result


def outcome(result: FixResult) -> tuple[object, ...]:
    return (result.text, result.applied, result.passes, result.words,
            [(f, f.message, f.suggestion, f.severity, f.fix) for f in result.findings])


# ---- the declarations ---------------------------------------------------------------------
def offered_fixes(doc: Document, config: object) -> list[tuple[str, Applicability]]:
    """(check, applicability) of every fix the checks offer on ``doc``, as they emit them
    (before a fix over a claim or a dose is taken off)."""
    lint = Lint(doc, make_config(config), TODAY, {})
    lint.run()
    return [(name, f.fix.applicability) for name, found in lint.found.items()
            for f in found if f.fix is not None and f.fix.edits]


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_fixture_fix_comes_from_a_check_that_declares_it(path: Path) -> None:
    specs = load_checks()
    for name, applicability in offered_fixes(parse(path.read_text("utf-8"), path.name),
                                             config_of(path)):
        assert applicability in specs[name].fixes, (name, applicability)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_every_fix_on_edited_articles_comes_from_a_check_that_declares_it(
        pair: tuple[str, str]) -> None:
    specs = load_checks()
    for name, applicability in offered_fixes(parse(pair[1]), {}):
        assert applicability in specs[name].fixes, (name, applicability)


def test_the_checks_run_first_are_those_that_may_offer_an_applied_fix() -> None:
    specs = load_checks()
    safe, unsafe = fixing_checks(), fixing_checks(unsafe=True)
    assert {"spelling", "metadata", "claims", "claims-model"} <= safe <= unsafe
    assert not {"readability", "leftovers", "structure"} & unsafe
    assert {"disclaimer", "language"} <= unsafe - safe
    # no check left for the last text shares a rule with one run first
    for first in (safe, unsafe):
        rules = {code for name in first for code in specs[name].rules}
        assert all(not rules.intersection(spec.rules) for spec in specs.values()
                   if spec.name not in first)


# ---- the same text and findings as linting every check in every pass ---------------------
@pytest.mark.parametrize("unsafe", [False, True])
def test_every_fixture_fixes_as_with_every_check_in_every_pass(unsafe: bool) -> None:
    for path in ARTICLES:
        text, config = path.read_text("utf-8"), config_of(path)
        fixed = fix_text(text, "article.md", make_config(config), unsafe=unsafe, today=TODAY)
        assert outcome(fixed) == outcome(every_pass_in_full(text, config, unsafe)), path


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_edited_articles_fix_as_with_every_check_in_every_pass(pair: tuple[str, str]) -> None:
    for unsafe in (False, True):
        fixed = fix_text(pair[1], "article.md", make_config(), unsafe=unsafe, today=TODAY)
        assert outcome(fixed) == outcome(every_pass_in_full(pair[1], {}, unsafe))


def test_generated_articles_fix_as_with_every_check_in_every_pass() -> None:
    applied = 0
    for text in GENERATED:
        fixed = fix_text(text, "article.md", make_config(), today=TODAY)
        assert outcome(fixed) == outcome(every_pass_in_full(text, {}, False))
        final = parse(fixed.text, "article.md")
        assert fixed.findings == lint_document(final, make_config(), TODAY)
        applied += fixed.applied
    assert applied  # they have something to fix: the passes are tested


ARTICLE = "# Iron\n\nTake the the tablets with food.\n\nIron helps you feel less tired.\n"


def test_a_suppression_comment_runs_every_check_in_every_pass() -> None:
    # which suppression is unused (HL008, a safe fix) depends on every check's findings
    text = ARTICLE + "\n<!-- healthlint-disable-next-line HL301 -->\nShort.\n"
    fixed = fix_text(text, "article.md", make_config(), today=TODAY)
    assert outcome(fixed) == outcome(every_pass_in_full(text, {}, False))
    assert "the the" not in fixed.text


def test_a_check_offering_a_fix_it_does_not_declare_is_caught(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # readability declares no fix: were it to offer a safe one, the text is fixed again with
    # every check in every pass, and the fix is applied as it always was
    spec = load_checks()["readability"]
    assert not spec.fixes

    def offers(doc: Document, ctx: registry.Context) -> list[Finding]:
        at = doc.text.find("less")
        if at < 0:
            return []
        fix = Fix("Say fewer", Applicability.SAFE, (doc.edit(at, at + 4, "more"),))
        return [ctx.finding(spec_rule, at, at + 4, "less", fix=fix)]

    spec_rule = registry.REGISTRY[spec.rules[0]]
    monkeypatch.setitem(registry.CHECKS, "readability", replace(spec, func=offers))
    fixed = fix_text(ARTICLE, "article.md", make_config(), today=TODAY)
    assert "feel more tired" in fixed.text and "the the" not in fixed.text
    assert outcome(fixed) == outcome(every_pass_in_full(ARTICLE, {}, False))
