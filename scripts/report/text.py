"""Reporters: plain functions from lint results to text.

``text`` is ``path:line:col: CODE [severity] message`` grouped by file, which every editor can
jump to; ``json`` is one object with ``findings`` and ``summary``.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from healthlint import __version__
from healthlint.core.findings import Finding, Severity
from healthlint.engine.fixes import applicable, fixable_counts
from healthlint.engine.runner import FileResult

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}


def summary(results: Sequence[FileResult]) -> dict[str, int]:
    counts = Counter(f.severity for r in results for f in r.findings)
    return {
        "files": len(results),
        "files_with_findings": sum(1 for r in results if r.findings),
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "suggestions": counts[Severity.SUGGESTION],
        "words": sum(r.words for r in results),
    }


def fixable_line(results: Sequence[FileResult]) -> str | None:
    """"N fixable with --fix (M more with --unsafe-fixes)", when any finding has a fix that
    ``--fix`` (or ``--unsafe-fixes``) would apply."""
    safe, unsafe = fixable_counts(f for r in results for f in r.findings)
    if not safe and not unsafe:
        return None
    more = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
    return f"{safe} fixable with --fix{more}"


def fix_mark(finding: Finding) -> str:
    """`` [*]`` after the severity of a finding that ``--fix`` fixes (as ruff marks them)."""
    return " [*]" if applicable(finding.fix) else ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(results: Sequence[FileResult]) -> str:
    s = summary(results)
    return (f"{_plural(s['files'], 'file')} checked: {_plural(s['errors'], 'error')}, "
            f"{_plural(s['warnings'], 'warning')}, {_plural(s['suggestions'], 'suggestion')}")


# Control characters (C0 but tab and newline, DEL, C1) and bidirectional overrides: an
# article's text reaches messages, and raw they would drive the reader's terminal (clear it,
# retitle it) or reorder what it shows ("Trojan Source", CVE-2021-42574). Lone surrogates are
# a file name's bytes that are not UTF-8, as Python decodes them (PEP 383, b"\xff" becomes
# "\udcff"): they cannot be written as UTF-8 at all.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
SURROGATE_RE = re.compile("[\ud800-\udfff]")
# In a file name, tab, CR and LF are escaped too: a name is shown on one line.
NAME_UNSHOWN_RE = re.compile(f"[\t\n\r]|{CONTROL_RE.pattern}")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if "\udc80" <= char <= "\udcff":  # the byte it stands for, as Python writes bytes
        return f"\\x{ord(char) - 0xDC00:02x}"
    return ascii(char)[1:-1]


def printable(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``, ``\\u202e``), and the
    bytes of a file name that are not UTF-8 as the bytes (``\\xff``)."""
    return CONTROL_RE.sub(_escape, text)


def shown_name(path: str) -> str:
    """A file name as reports show it: itself when every character is printable, else with
    each control, bidirectional or undecodable character as an escape (``\\x1b``,
    ``\\u202e``, ``\\xff``, ``\\n``)."""
    return NAME_UNSHOWN_RE.sub(_escape, path)


def escape_surrogates(text: str) -> str:
    """``text`` that can be written as UTF-8: bytes that were not UTF-8 written ``\\xff``. For
    formats whose own escaping already makes control characters inert (JSON, SARIF, XML)."""
    return SURROGATE_RE.sub(_escape, text)


def one_line(text: str) -> str:
    """One finding, one line: editors and grep read `path:line:col: ...` line by line."""
    return printable(" / ".join(part.strip() for part in text.splitlines() if part.strip()))


def render_text(results: Sequence[FileResult], color: bool = False) -> str:
    """The text report; colours (rich) only for a terminal, plain text built in one go
    otherwise (what rich would print, without its cost per finding)."""
    if color or any("\t" in f.message or "\t" in (f.suggestion or "")
                    for r in results for f in r.findings):
        return _render_rich(results, color)  # rich lays out tabs its own way
    lines: list[str] = []
    for result in results:
        if not result.findings:
            continue
        lines.append(shown_name(result.path))
        for f in result.findings:
            line = (f"{shown_name(f.path)}:{f.line}:{f.column}: {f.code} [{f.severity}]"
                    f"{fix_mark(f)} {one_line(f.message)}")
            if f.suggestion:
                line += f" ({one_line(f.suggestion)})"
            lines.append(line)
        lines.append("")
    lines.append(summary_line(results))
    fixable = fixable_line(results)
    if fixable:
        lines.append(fixable)
    return "\n".join(lines) + "\n"


def _render_rich(results: Sequence[FileResult], color: bool) -> str:
    from rich.console import Console  # only for colours (and tabs): 20-50 ms to import
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, highlight=False,
                      width=100_000, soft_wrap=True, color_system="standard" if color else None)
    for result in results:
        if not result.findings:
            continue
        console.print(Text(shown_name(result.path), style="bold underline"))
        for f in result.findings:
            line = Text()
            line.append(f"{shown_name(f.path)}:{f.line}:{f.column}:", style="bold")
            line.append(f" {f.code} ")
            line.append(f"[{f.severity}]", style=STYLES[f.severity])
            line.append(f"{fix_mark(f)} {one_line(f.message)}")
            if f.suggestion:
                line.append(f" ({one_line(f.suggestion)})", style="dim")
            console.print(line)
        console.print()
    console.print(Text(summary_line(results), style="bold"))
    fixable = fixable_line(results)
    if fixable:
        console.print(Text(fixable))
    return buffer.getvalue()


def render_json(results: Sequence[FileResult], color: bool = False) -> str:
    findings = [{key: escape_surrogates(value) if isinstance(value, str) else value
                 for key, value in f.as_dict().items()} for r in results for f in r.findings]
    return json.dumps({"version": __version__, "findings": findings,
                       "summary": summary(results)}, indent=2, ensure_ascii=False) + "\n"


def all_findings(results: Sequence[FileResult]) -> list[Finding]:
    return [f for r in results for f in r.findings]


Reporter = Callable[[Sequence[FileResult], bool], str]
REPORTERS: dict[str, Reporter] = {"text": render_text, "json": render_json}


def write_report(path: Path, text: str | bytes) -> None:
    """Write a report whole or not at all: into a temporary file beside ``path``, then renamed
    over it, so a failed run (disk full, an error) leaves the previous report as it was and
    never a truncated or empty one. A new report gets the usual permissions (0666 less the
    umask); a replaced one keeps its own. Raises OSError."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".tmp")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
