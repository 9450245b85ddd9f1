"""Findings as lsprotocol's diagnostics, and a rule's explanation as a hover (what a
diagnostic holds, and its JSON for the first lint before lsprotocol is imported:
``plain.py``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lsprotocol import types

from healthlint.commands.lsp.plain import (
    SEVERITY_NUMBERS,
    SOURCE,
    UNKNOWN_WORD,
    ExplainPages,
    client_range,
    diagnostic_data,
    message,
)
from healthlint.core.findings import Finding, lookup


def to_diagnostic(finding: Finding, lines: Sequence[str], encoding: str,
                  docs: Callable[[str], str | None]) -> types.Diagnostic:
    where = client_range(lines, finding.line, finding.column, finding.end_line,
                         finding.end_column, encoding)
    href = docs(finding.code)
    return types.Diagnostic(
        range=types.Range(types.Position(**where["start"]), types.Position(**where["end"])),
        message=message(finding),
        severity=types.DiagnosticSeverity(SEVERITY_NUMBERS[finding.severity]),
        code=finding.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        data=diagnostic_data(finding, lines, encoding),
    )


def hover_text(diagnostic: types.Diagnostic) -> str:
    """A finding's message, then its rule's why and what to write instead (Markdown)."""
    rule = lookup(str(diagnostic.code)) if diagnostic.code else None
    if rule is None:
        return diagnostic.message
    fence = "```"
    return (f"**{rule.code} {rule.name}** ({rule.severity})\n\n{diagnostic.message}\n\n"
            f"**Why it matters.** {rule.why}\n\n**Use instead:**\n\n"
            f"{fence}markdown\n{rule.instead}\n{fence}")


__all__ = ["SOURCE", "UNKNOWN_WORD", "ExplainPages", "hover_text", "to_diagnostic"]
