"""Baselines: adopt healthlint on a collection that already has findings.

``healthlint check --write-baseline FILE`` records every finding of the run by its fingerprint
(``healthlint.commands.report.fingerprints``); ``--baseline FILE`` then reports, and fails on,
only the findings that are not in it, and says which of its entries no longer occur (fixed,
or their words changed) so the file can shrink. A paragraph moved within its file keeps its
entries; a claim edited inside it is a new finding.

The file is JSON, sorted, one entry per finding (the line and message are there for a person
reading it; only the fingerprint is matched). It is written whole or not at all.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from healthlint import __version__
from healthlint.commands.report.fingerprints import fingerprints, posix_path
from healthlint.commands.report.text import escape_surrogates, printable, write_report
from healthlint.config import ConfigError
from healthlint.engine.runner import FileResult

FORMAT = "healthlint-baseline"
FORMAT_VERSION = 1
SHOWN_STALE = 10


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    path: str
    code: str
    line: int
    message: str


def entries(results: Sequence[FileResult]) -> list[Entry]:
    found = [Entry(fp, shown_path(f.path), f.code, f.line, f.message)
             for r, prints in zip(results, fingerprints(results))
             for f, fp in zip(r.findings, prints)]
    return sorted(found, key=lambda e: (e.path, e.line, e.code, e.fingerprint))


def shown_path(path: str) -> str:
    """A path as the baseline file records it: forward slashes, writable as UTF-8."""
    return escape_surrogates(posix_path(path))


def dump(found: Sequence[Entry]) -> str:
    data = {
        "format": FORMAT, "version": FORMAT_VERSION, "healthlint": __version__,
        "findings": [{"fingerprint": e.fingerprint, "path": e.path,
                      "code": e.code, "line": e.line, "message": escape_surrogates(e.message)}
                     for e in found],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(path: Path, results: Sequence[FileResult]) -> int:
    """Record every finding of ``results`` in ``path`` and say so on stderr; how many.
    ConfigError if it cannot."""
    found = entries(results)
    try:
        write_report(path, dump(found))
    except OSError as exc:
        raise ConfigError(f"--write-baseline {path}: cannot write the baseline: "
                          f"{exc.strerror or exc}") from None
    name = printable(str(path))
    print(f"healthlint: recorded {len(found)} finding{'' if len(found) == 1 else 's'} in "
          f"{name}; with --baseline {name} later runs report only new ones", file=sys.stderr)
    return len(found)


def load(path: Path) -> list[Entry]:
    """The entries of a baseline file; ConfigError naming the file (and line) if it is not one."""
    where = f"--baseline {path}"
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read the baseline: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{where}: not a baseline file (not UTF-8 text)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{where}:{exc.lineno}:{exc.colno}: not a baseline file (broken "
                          f"JSON: {exc.msg}); write one with --write-baseline") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f"{where}: not a baseline file (no \"format\": \"{FORMAT}\"); write "
                          "one with --write-baseline")
    if data.get("version") != FORMAT_VERSION:
        raise ConfigError(f"{where}: baseline version {data.get('version')!r} is not "
                          f"{FORMAT_VERSION}; write it again with --write-baseline")
    items = data.get("findings")
    if not isinstance(items, list):
        raise ConfigError(f"{where}: \"findings\" must be a list")
    found = []
    for number, item in enumerate(items, 1):
        try:
            found.append(Entry(str(item["fingerprint"]), str(item["path"]), str(item["code"]),
                               int(item["line"]), str(item.get("message", ""))))
        except (TypeError, KeyError, ValueError, AttributeError):
            raise ConfigError(f"{where}: finding {number} needs a fingerprint, path, code and "
                              "line") from None
    return found


def apply(results: Sequence[FileResult], path: Path) -> list[FileResult]:
    """``results`` without the findings recorded in the baseline at ``path``; says on stderr
    how many were left out and which entries of checked files no longer occur."""
    known = load(path)
    wanted = {e.fingerprint for e in known}
    seen: set[str] = set()
    kept, dropped = [], 0
    for result, prints in zip(results, fingerprints(results)):
        new = [f for f, fp in zip(result.findings, prints) if fp not in wanted]
        seen.update(prints)
        dropped += len(result.findings) - len(new)
        kept.append(replace(result, findings=new))
    checked = {shown_path(r.path) for r in results}
    stale = [e for e in known if e.path in checked and e.fingerprint not in seen]
    if dropped:
        print(f"healthlint: {dropped} finding{'' if dropped == 1 else 's'} already in the "
              f"baseline {printable(str(path))} not reported", file=sys.stderr)
    if stale:
        print(f"healthlint: {len(stale)} baseline entr{'y' if len(stale) == 1 else 'ies'} no "
              "longer occur (fixed, or the text changed); --write-baseline "
              f"{printable(str(path))} drops them:", file=sys.stderr)
        for entry in stale[:SHOWN_STALE]:
            print(f"  {printable(entry.path)}:{entry.line}: {entry.code} "
                  f"{printable(entry.message)[:120]}", file=sys.stderr)
        if len(stale) > SHOWN_STALE:
            print(f"  and {len(stale) - SHOWN_STALE} more", file=sys.stderr)
    return kept
