"""Fingerprints: an identity for a finding that survives edits elsewhere in its file.

A finding's line moves whenever a line is added or removed above it, so CI tools that match
findings by line (GitHub code scanning, a baseline file) would close and reopen them on every
edit. The fingerprint is made of what a reader would call the same problem instead:

- the rule's code and the file's path (with forward slashes),
- the text of the finding's span and a few words either side of it on its own lines (folded
  with NFKC and case folding, runs of white space as one space),
- an occurrence counter: how many earlier findings in the same file had the same rule, path
  and text, so two identical sentences keep two identities.

No line or column number goes in. A paragraph moved elsewhere in its file keeps its
fingerprints; a finding whose words are edited gets a new one. The source is read again from
disk here, as bytes decoded the way the parser decodes them, so the fingerprint depends on the
finding and the file only, not on how the lint run was made.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from healthlint.core.findings import Finding
from healthlint.engine.runner import FileResult

VERSION = "v1"
KEY = f"healthlint/{VERSION}"  # the partialFingerprints key in SARIF
NEIGHBOUR_WORDS = 4
MAX_SOURCE_BYTES = 100_000_000  # the largest max-file-size a config may set
# Findings about a file that was not (or must not be) read: a pipe, a device, a link out of
# its content folder, a file too large or binary. Their file is never opened here either.
NOT_READ = frozenset({"HL001", "HL002", "HL004", "HL012", "HL013"})


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def posix_path(path: str) -> str:
    native = Path(path)
    return PurePosixPath(*native.parts).as_posix() if native.parts else path


def read_lines(path: str) -> list[str] | None:
    """The file's lines as the parser numbers them (BOM dropped, CRLF and CR as LF), or None
    when it is not a regular file or cannot be read. Never blocks on a named pipe."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SOURCE_BYTES:
            return None
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    text = data.decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def span_parts(lines: Sequence[str] | None, finding: Finding) -> tuple[str, str, str]:
    """(words before, the span's text, words after), each normalised; empty where the
    finding points outside the text."""
    if not lines or not 1 <= finding.line <= finding.end_line <= len(lines):
        return "", "", ""
    first, last = lines[finding.line - 1], lines[finding.end_line - 1]
    start, end = max(finding.column - 1, 0), max(finding.end_column - 1, 0)
    if finding.line == finding.end_line:
        end = max(end, start)
        span = first[start:end]
    else:
        span = "\n".join([first[start:], *lines[finding.line:finding.end_line - 1], last[:end]])
    before = " ".join(first[:start].split()[-NEIGHBOUR_WORDS:])
    after = " ".join(last[end:].split()[:NEIGHBOUR_WORDS])
    return normalise(before), normalise(span), normalise(after)


def fingerprint_file(findings: Sequence[Finding], lines: Sequence[str] | None) -> list[str]:
    """One fingerprint per finding, in order (findings of one file)."""
    seen: Counter[tuple[str, ...]] = Counter()
    prints = []
    for finding in findings:
        key = (VERSION, finding.code, posix_path(finding.path), *span_parts(lines, finding))
        seen[key] += 1
        material = "\0".join((*key, str(seen[key]))).encode("utf-8", "surrogateescape")
        prints.append(hashlib.sha256(material).hexdigest()[:32])
    return prints


def fingerprints(results: Sequence[FileResult]) -> list[list[str]]:
    """Fingerprints for every finding of every result, shaped like the results."""
    out = []
    for result in results:
        findings = sorted(result.findings, key=position)
        lines = None
        if findings and not any(f.code in NOT_READ for f in findings):
            lines = read_lines(result.path)
        by_finding = dict(zip(map(id, findings), fingerprint_file(findings, lines)))
        out.append([by_finding[id(f)] for f in result.findings])
    return out


def position(finding: Finding) -> tuple[int, int, int, int, str]:
    return (finding.line, finding.column, finding.end_line, finding.end_column, finding.code)
