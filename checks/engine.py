"""The lint engine: registered checks, their options, and running them on a Document.

A check is a function ``(doc, ctx) -> Iterable[Finding]`` registered with :func:`check`.
It declares the options it reads under ``[tool.healthlint.<section>]``; the config loader
validates user config against these declarations, so a typo is an error, not a no-op.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks.findings import Finding, Rule, Severity

if TYPE_CHECKING:
    from checks.config import Config, Profile
    from checks.document import Document


# Whole-number options are counts, sizes and days: no larger than this unless an option says
# otherwise, so that no value can overflow a date, a buffer or a C integer.
MAX_WHOLE_NUMBER = 1_000_000


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
    # The largest number allowed; whole numbers: MAX_WHOLE_NUMBER unless an option says.
    # Numbers must be finite (no nan or inf) in any case.
    maximum: float | None = None
    # A check of the value beyond its type (e.g. glob patterns): raises ValueError with a
    # message that does not repeat the key.
    check: Callable[[Any], object] | None = None

    def validate(self, key: str, value: Any) -> Any:
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        if isinstance(value, bool) and bool not in types:
            raise ValueError(f"{key}: expected {_type_name(types)}, got a boolean")
        if float in types and isinstance(value, int) and not isinstance(value, bool):
            self._check_range(key, value, types)  # before float(): 1e400 does not fit
            value = float(value)
        if not isinstance(value, types):
            raise ValueError(f"{key}: expected {_type_name(types)}, got {type(value).__name__}")
        if list in types and isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ValueError(f"{key}: expected a list of strings")
        if self.choices and value not in self.choices:
            valid = ", ".join(repr(c) for c in self.choices)
            raise ValueError(f"{key}: {value!r} is not one of {valid}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self._check_range(key, value, types)
        if self.check is not None:
            try:
                self.check(value)
            except ValueError as exc:
                raise ValueError(f"{key}: {exc}") from None
        return value

    def _check_range(self, key: str, value: float, types: tuple[type, ...]) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{key}: {value} is not a number that can be used: give a finite "
                             "number")
        whole = types == (int,)
        lowest = self.minimum if self.minimum is not None else 0 if whole else None
        highest = self.maximum if self.maximum is not None else (
            MAX_WHOLE_NUMBER if whole else None)
        if lowest is not None and value < lowest:
            raise ValueError(f"{key}: {_number(value)} is too small: it must be at least "
                             f"{_number(lowest)}")
        if highest is not None and value > highest:
            raise ValueError(f"{key}: {_number(value)} is too large: it must be at most "
                             f"{_number(highest)}")


def _number(value: float) -> str:
    """A number for a message: whole numbers with thousands separators; a huge one by size."""
    if isinstance(value, int) and len(str(abs(value))) > 20:
        return f"a {len(str(abs(value)))}-digit number"
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e16):
        return f"{int(value):,}"
    return f"{value:g}"


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
    "checks.document",
    "checks.suppress",
    "checks.api",
    "checks.sections",
    "checks.headings",
    "checks.disclaimer",
    "checks.readability",
    "checks.spelling",
    "checks.claims",
    "checks.metadata",
    "checks.language",
    "scripts.export_options",
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
