"""Findings as the JSON of LSP diagnostics, without pygls or lsprotocol.

A diagnostic carries everything the code actions need in ``data`` (the rule's name, the
finding's fix with its edits already in the client's positions, the word of an unknown-word
finding), so that choosing an action never lints the text again. ``diagnostic_json`` is what
lsprotocol's converter makes of ``diagnostics.to_diagnostic`` (tests compare the two): the
first diagnostics are written with it before lsprotocol is imported (``firstlint.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from healthlint import usercache
from healthlint.commands.lsp.positions import byte_order_marks, to_client
from healthlint.core.findings import Applicability, Finding, Severity, lookup

SOURCE = "healthlint"
UNKNOWN_WORD = "HL401"
# LSP's DiagnosticSeverity: 1 error, 2 warning, 3 information
SEVERITY_NUMBERS = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.SUGGESTION: 3}


def client_range(lines: Sequence[str], line: int, column: int, end_line: int,
                 end_column: int, encoding: str) -> dict[str, dict[str, int]]:
    """An LSP range (JSON) in the client's position encoding."""
    start = to_client(lines, line, column, encoding)
    end = to_client(lines, end_line, end_column, encoding)
    return {"start": {"line": start[0], "character": start[1]},
            "end": {"line": end[0], "character": end[1]}}


def message(finding: Finding) -> str:
    """The message with what to do instead after it, as the text report shows it."""
    if finding.suggestion:
        return f"{finding.message} ({finding.suggestion})"
    return finding.message


def fix_data(finding: Finding, lines: Sequence[str], encoding: str) -> dict[str, Any] | None:
    """The finding's fix with its edits as LSP text edits (JSON), or None when it has no fix
    an editor may apply (display-only fixes are shown, never applied)."""
    fix = finding.fix
    if fix is None or fix.applicability is Applicability.DISPLAY_ONLY or not fix.edits:
        return None
    edits = []
    for edit in fix.edits:
        edits.append({"range": client_range(lines, edit.line, edit.column, edit.end_line,
                                            edit.end_column, encoding),
                      "newText": edit.content})
    return {"message": fix.message, "applicability": str(fix.applicability), "edits": edits}


def span_text(lines: Sequence[str], finding: Finding) -> str:
    if finding.line != finding.end_line or not 1 <= finding.line <= len(lines):
        return ""
    text = lines[finding.line - 1]
    shift = byte_order_marks(text) if finding.line == 1 else 0
    return text[finding.column - 1 + shift:finding.end_column - 1 + shift]


def diagnostic_data(finding: Finding, lines: Sequence[str], encoding: str) -> dict[str, Any]:
    """What a diagnostic's ``data`` holds for the code actions."""
    data: dict[str, Any] = {"name": finding.name}
    fix = fix_data(finding, lines, encoding)
    if fix is not None:
        data["fix"] = fix
    if finding.code == UNKNOWN_WORD:
        data["word"] = span_text(lines, finding)
    return data


def diagnostic_json(finding: Finding, lines: Sequence[str], encoding: str,
                    docs: Callable[[str], str | None]) -> dict[str, Any]:
    """The finding as an LSP ``Diagnostic`` in JSON (fields without a value left out)."""
    found: dict[str, Any] = {
        "range": client_range(lines, finding.line, finding.column, finding.end_line,
                              finding.end_column, encoding),
        "message": message(finding),
        "severity": SEVERITY_NUMBERS[finding.severity],
        "code": finding.code,
    }
    href = docs(finding.code)
    if href:
        found["codeDescription"] = {"href": href}
    found["source"] = SOURCE
    found["data"] = diagnostic_data(finding, lines, encoding)
    return found


class ExplainPages:
    """Where a rule is explained, for a diagnostic's ``codeDescription``.

    When the package declares a Documentation URL, the rule's anchor there (the ``helpUri``
    SARIF gives). Otherwise a page of ``healthlint explain CODE``'s text, written once per run
    of the server to ``explain/CODE.md`` in the user's cache folder (a file URI every editor
    opens, offline), or no link when that folder cannot be written."""

    def __init__(self, base: str | None) -> None:
        self.base = base.split("#")[0] if base else None
        self.pages: dict[str, str | None] = {}

    def __call__(self, code: str) -> str | None:
        if self.base:
            return f"{self.base}#{code.lower()}"
        if code not in self.pages:
            self.pages[code] = self._write(code)
        return self.pages[code]

    def _write(self, code: str) -> str | None:
        rule = lookup(code)
        root = usercache.folder()
        if rule is None or root is None:
            return None
        page = (root / "explain" / f"{code}.md").absolute()
        text = rule.docs()
        try:
            if page.read_text("utf-8") == text:
                return page.as_uri()
        except (OSError, UnicodeDecodeError):
            pass
        return page.as_uri() if usercache.write_whole(page, text.encode("utf-8")) else None
