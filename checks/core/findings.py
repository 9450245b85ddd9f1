"""Findings, severities and the rule registry.

A rule is a code (``HL`` and three digits), a kebab-case name, a default severity and
four parts of documentation. A finding is an immutable record that points at a span of
the source file (1-based lines and columns) and says what to do instead.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

CODE_RE = re.compile(r"^HL\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

FAMILIES = {
    "HL0": "engine",
    "HL1": "structure",
    "HL2": "disclaimer",
    "HL3": "readability",
    "HL4": "spelling",
    "HL5": "claims",
    "HL6": "metadata",
    "HL7": "language",
}


class Severity(enum.IntEnum):
    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            valid = ", ".join(str(s) for s in cls)
            raise ValueError(f"unknown severity {value!r}; valid: {valid}") from None


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    what: str
    why: str
    example: str
    instead: str

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[:3], "other")

    def docs(self) -> str:
        return (
            f"{self.code} {self.name} [{self.severity}] ({self.family})\n\n"
            f"{self.summary}\n\n"
            f"What it does\n{self.what}\n\n"
            f"Why it matters\n{self.why}\n\n"
            f"Example\n{self.example}\n\n"
            f"Use instead\n{self.instead}\n"
        )


REGISTRY: dict[str, Rule] = {}
_BY_NAME: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    summary: str,
    what: str,
    why: str,
    example: str,
    instead: str,
) -> Rule:
    """Define a rule and add it to the registry; codes and names must be unique."""
    if not CODE_RE.match(code):
        raise ValueError(f"rule code {code!r} must be HL followed by three digits")
    if not NAME_RE.match(name):
        raise ValueError(f"rule name {name!r} must be kebab-case")
    new = Rule(code, name, severity, summary, what, why, example, instead)
    if REGISTRY.get(code, new) != new or _BY_NAME.get(name, new) != new:
        raise ValueError(f"rule {code} {name} is defined twice")
    REGISTRY[code] = new
    _BY_NAME[name] = new
    return new


def lookup(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    return REGISTRY.get(key.upper()) or _BY_NAME.get(key.lower())


def resolve_selector(selector: str) -> list[Rule]:
    """Rules matched by a code, a name or a code prefix (``HL5``); [] if none."""
    one = lookup(selector)
    if one is not None:
        return [one]
    prefix = selector.strip().upper()
    if re.fullmatch(r"HL\d{0,3}", prefix):
        return [r for c, r in sorted(REGISTRY.items()) if c.startswith(prefix)]
    return []


class Applicability(enum.Enum):
    """How far a fix may be trusted (ruff's model).

    ``SAFE`` fixes cannot change what the text means and are applied by ``--fix``;
    ``UNSAFE`` ones may, and need ``--unsafe-fixes``; ``DISPLAY_ONLY`` ones are shown and
    never applied (claims, missing sections, readability).
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Edit:
    """Replace source offsets ``[start, end)`` of the article's text with ``content``.

    The 1-based line and column of both ends are kept beside the offsets, in the same
    convention as a Finding's, so reporters (JSON, SARIF) and editors need no text to
    place the edit.
    """

    start: int
    end: int
    content: str
    line: int
    column: int
    end_line: int
    end_column: int

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "content": self.content,
        }


@dataclass(frozen=True)
class Fix:
    """A finding's remedy: what it does, how far it may be trusted, and its edits."""

    message: str
    applicability: Applicability
    edits: tuple[Edit, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "message": self.message,
            "applicability": str(self.applicability),
            "edits": [edit.as_dict() for edit in self.edits],
        }


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    suggestion: str | None = field(default=None, compare=False)
    fix: Fix | None = field(default=None, compare=False)

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "suggestion": self.suggestion,
            "fix": None if self.fix is None else self.fix.as_dict(),
        }
