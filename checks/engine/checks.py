"""The lint engine: registered checks, their options, and running them on a Document.

A check is a function ``(doc, ctx) -> Iterable[Finding]`` registered with :func:`check`.
It declares the options it reads under ``[tool.healthlint.<section>]``; the config loader
validates user config against these declarations, so a typo is an error, not a no-op.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from healthlint.core.findings import Finding, Rule, Severity

if TYPE_CHECKING:
    from healthlint.config import Config, Profile
    from healthlint.parse.document import Document


@dataclass(frozen=True)
class Option:
    """One config option a check reads: its type, default and (optional) allowed values."""

    type: type | tuple[type, ...]
    default: Any
    help: str
    choices: tuple[Any, ...] = ()
    # The smallest number allowed. Whole-number options are counts, sizes and days, so they
    # may not be negative unless an option says otherwise.
    minimum: float | None = None

    def validate(self, key: str, value: Any) -> Any:
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        if float in types and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) and bool not in types:
            raise ValueError(f"{key}: expected {_type_name(types)}, got a boolean")
        if not isinstance(value, types):
            raise ValueError(f"{key}: expected {_type_name(types)}, got {type(value).__name__}")
        if list in types and isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ValueError(f"{key}: expected a list of strings")
        if self.choices and value not in self.choices:
            valid = ", ".join(repr(c) for c in self.choices)
            raise ValueError(f"{key}: {value!r} is not one of {valid}")
        lowest = self.minimum if self.minimum is not None else 0 if types == (int,) else None
        if lowest is not None and isinstance(value, (int, float)) and value < lowest:
            raise ValueError(f"{key}: {value} is too small: it must be at least {lowest:g}")
        return value


def _type_name(types: tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
             list: "a list of strings", dict: "a table"}
    return " or ".join(names.get(t, t.__name__) for t in types)


CheckFunc = Callable[["Document", "Context"], Iterable[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    name: str
    func: CheckFunc
    section: str | None
    options: dict[str, Option]


CHECKS: dict[str, CheckSpec] = {}
SECTIONS: dict[str, dict[str, Option]] = {}
# Called with a section's merged options when the config loads; raise ConfigError (or
# ValueError) so a bad value is a configuration error (exit 2), not a finding on every file.
VALIDATORS: dict[str, list[Callable[[dict[str, Any]], object]]] = {}


def check(
    name: str,
    *,
    section: str | None = None,
    options: dict[str, Option] | None = None,
    validate: Callable[[dict[str, Any]], object] | None = None,
) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check; ``section`` names its config table ``[tool.healthlint.<section>]``;
    ``validate`` checks that table's values as a whole when the config loads."""

    def register(func: CheckFunc) -> CheckFunc:
        spec = CheckSpec(name, func, section, dict(options or {}))
        CHECKS[name] = spec
        if section is not None:
            SECTIONS.setdefault(section, {}).update(spec.options)
            if validate is not None and validate not in VALIDATORS.setdefault(section, []):
                VALIDATORS[section].append(validate)
        return func

    return register


def register_section(
    section: str,
    options: dict[str, Option],
    validate: Callable[[dict[str, Any]], object] | None = None,
) -> None:
    """Declare a config table that is not a check's (``[tool.healthlint.export]``)."""
    SECTIONS.setdefault(section, {}).update(options)
    if validate is not None and validate not in VALIDATORS.setdefault(section, []):
        VALIDATORS[section].append(validate)


@dataclass
class Context:
    """What a check may read besides the Document: config, the article's profile, caches."""

    config: Config
    profile: Profile
    today: dt.date
    doc: Document
    cache: dict[str, Any] = field(default_factory=dict)

    def options(self, section: str) -> dict[str, Any]:
        return self.config.section(section)

    @property
    def root(self) -> Path:
        return self.config.root

    def finding(
        self,
        rule: Rule,
        start: int,
        end: int | None = None,
        message: str | None = None,
        suggestion: str | None = None,
    ) -> Finding:
        """A finding for ``rule`` over source offsets ``[start, end)`` of ``doc.text``."""
        return self.doc.finding(rule, start, end, message or rule.summary, suggestion)

    def finding_at_line(
        self, rule: Rule, line: int, message: str | None = None, suggestion: str | None = None
    ) -> Finding:
        """A finding that covers a whole (1-based) source line."""
        start, end = self.doc.line_span(line)
        return self.doc.finding(rule, start, end, message or rule.summary, suggestion)


CHECK_MODULES = (
    "healthlint.parse.document",
    "healthlint.engine.suppress",
    "healthlint.engine.runner",
    "healthlint.rules.structure",
    "healthlint.rules.headings",
    "healthlint.rules.disclaimer",
    "healthlint.rules.readability",
    "healthlint.rules.spelling",
    "healthlint.rules.claims",
    "healthlint.rules.metadata",
    "healthlint.rules.language",
    "healthlint.commands.export.options",
)


def load_checks() -> dict[str, CheckSpec]:
    """Import every check module so that its rules and checks are registered."""
    import importlib

    for module in CHECK_MODULES:
        importlib.import_module(module)
    return CHECKS


def run_checks(doc: Document, ctx: Context) -> Iterator[Finding]:
    for spec in load_checks().values():
        yield from spec.func(doc, ctx)


__all__ = ["CHECKS", "Context", "Option", "Severity", "check", "load_checks", "run_checks"]
