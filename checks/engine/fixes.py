"""Fixes: the edits findings carry, applied to an article's text.

A finding's fix is safe (meaning cannot change: applied by ``--fix``), unsafe (applied only with
``--unsafe-fixes``) or display-only (never applied). :func:`apply_fixes` applies the applicable
fixes of one lint from the end of the text, skipping any fix whose edits overlap (or touch) one
already taken; :func:`fix_text` lints, applies and lints again until nothing changes.

Edits are over the offsets of ``Document.text``, which is the article's text with its byte
order mark dropped, line endings read as ``\\n`` and template syntax blanked (same length). The
text handed in is the text as it is on disk, so each offset is mapped back through the dropped
characters, inserted line breaks are written as the file writes them (CRLF stays CRLF), and an
edit over characters that the Document does not hold as written (template syntax, a NUL read as
U+FFFD) is refused: a fix never lands on text the checks did not read.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from healthlint.config import Config
from healthlint.core.findings import Applicability, Edit, Finding, Fix
from healthlint.engine.checks import load_checks
from healthlint.engine.protect import CLAIMS, DOSE_RE, claim_spans, inside, needs_claims
from healthlint.engine.runner import FileResult, Lint, finish
from healthlint.engine.suppress import has_directives
from healthlint.parse.blocks import markdown
from healthlint.parse.document import Document, decode_and_parse
from healthlint.parse.read import decode, read_bytes
from healthlint.parse.templates import blank_templates

MAX_PASSES = 5  # lint-and-apply rounds; a text still changing after them is left as it is
def applicable(fix: Fix | None, unsafe: bool = False) -> bool:
    """Whether ``--fix`` (or ``--fix --unsafe-fixes`` when ``unsafe``) applies this fix."""
    if fix is None or not fix.edits:
        return False
    return fix.applicability is Applicability.SAFE or (
        unsafe and fix.applicability is Applicability.UNSAFE)


class SourceText:
    """The text as on disk beside the text the Document was parsed from (``read``), with the
    map from one's offsets to the other's."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.skip = 0  # byte order marks the parser drops (decode takes one, parse another)
        while self.skip < 2 and text.startswith("\ufeff", self.skip):
            self.skip += 1
        body = text[self.skip:]
        # the parser's offsets lose the \r of each \r\n: where (in its offsets) each one was
        self.dropped: list[int] = []
        position = body.find("\r\n")
        while position >= 0:
            self.dropped.append(position - len(self.dropped))
            position = body.find("\r\n", position + 2)
        self.read = body.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
        self.blanked: str | None = None
        crlf = len(self.dropped)
        self.newline = "\r\n" if crlf and crlf * 2 >= body.count("\n") else "\n"

    def position(self, line: int, column: int) -> int:
        """The parser's offset of a 1-based line and column (a finding's)."""
        if not hasattr(self, "_line_starts"):
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.read))]
        index = max(0, min(line - 1, len(self._line_starts) - 1))
        return min(self._line_starts[index] + column - 1, len(self.read))

    def offset(self, position: int) -> int:
        """The offset in the original text of the parser's offset ``position``."""
        return self.skip + position + bisect.bisect_left(self.dropped, position)

    def as_read(self, start: int, end: int) -> bool:
        """Whether the parser's ``[start, end)`` holds the source's characters as written."""
        if not 0 <= start <= end <= len(self.read):
            return False
        if self.blanked is None:
            self.blanked = blank_templates(self.read, markdown().parse)
        original = self.original[self.offset(start):self.offset(end)]
        return self.blanked[start:end] == self.read[start:end] == \
            original.replace("\r\n", "\n").replace("\r", "\n")


def _overlaps(edits: tuple[Edit, ...], taken: list[tuple[int, int]]) -> bool:
    """Whether any edit overlaps or touches a range already taken (two insertions at one
    place, or an edit ending where another starts, are left for the next pass)."""
    return any(start <= end_taken and start_taken <= end
               for edit in edits for start, end in [(edit.start, edit.end)]
               for start_taken, end_taken in taken)


def protected_spans(source: SourceText, findings: Iterable[Finding]) -> list[tuple[int, int]]:
    """What no fix may change: the doses of the text and the claims among ``findings``."""
    spans = [m.span() for m in DOSE_RE.finditer(source.read)]
    spans += [(source.position(f.line, f.column), source.position(f.end_line, f.end_column))
              for f in findings if f.code.startswith(CLAIMS)]
    return spans


def choose_fixes(findings: Iterable[Finding], unsafe: bool = False,
                 allowed: Callable[[Fix], bool] | None = None) -> list[Fix]:
    """The fixes to apply, in text order: the applicable (and ``allowed``) ones, each once,
    none overlapping one chosen before it (the earlier in the text wins, then the lower
    code)."""
    candidates: dict[tuple[Edit, ...], tuple[tuple[int, str], Fix]] = {}
    for finding in findings:
        fix = finding.fix
        if applicable(fix, unsafe) and fix is not None and (allowed is None or allowed(fix)):
            edits = tuple(sorted(fix.edits, key=lambda e: (e.start, e.end)))
            key = (edits[0].start, finding.code)
            if edits not in candidates or key < candidates[edits][0]:
                candidates[edits] = (key, fix)
    chosen: list[Fix] = []
    taken: list[tuple[int, int]] = []
    for _, fix in sorted(candidates.values(), key=lambda item: item[0]):
        edits = tuple(sorted(fix.edits, key=lambda e: (e.start, e.end)))
        if any(a.end > b.start for a, b in zip(edits, edits[1:], strict=False)) or \
                _overlaps(edits, taken):
            continue  # a fix whose own edits overlap is malformed: never applied
        chosen.append(fix)
        taken.extend((edit.start, edit.end) for edit in edits)
    return chosen


def apply_fixes(text: str, findings: Iterable[Finding], *, unsafe: bool = False,
                protected: Iterable[tuple[int, int]] = ()) -> tuple[str, int]:
    """``text`` (as on disk: a byte order mark and CRLF line endings are kept) with the
    applicable fixes of ``findings`` (found on that text) applied from the end, and how many
    fixes were applied. A fix is skipped whole when it overlaps one before it, changes a
    dose, a claim among ``findings`` or a ``protected`` span (parser offsets), or lands on
    characters the checks did not read as written."""
    findings = list(findings)
    source = SourceText(text)
    keep = [*protected_spans(source, findings), *protected]
    fixes = choose_fixes(findings, unsafe, lambda fix: all(
        source.as_read(edit.start, edit.end) and not inside(edit, keep) for edit in fix.edits))
    edits = sorted((edit for fix in fixes for edit in fix.edits),
                   key=lambda e: (e.start, e.end), reverse=True)
    result = text
    for edit in edits:
        start, end = source.offset(edit.start), source.offset(edit.end)
        content = edit.content.replace("\n", source.newline) if source.newline != "\n" \
            else edit.content
        result = result[:start] + content + result[end:]
    return result, len(fixes)


@dataclass
class FixResult:
    """What :func:`fix_text` made of a text: the fixed text, how many fixes were applied,
    the findings left on it (and its words), and how many times it was linted."""

    text: str
    applied: int
    findings: list[Finding] = field(default_factory=list)
    passes: int = 0
    words: int = 0

    @property
    def changed(self) -> bool:
        return self.applied > 0


def fixing_checks(unsafe: bool = False) -> frozenset[str]:
    """The checks a pass of :func:`fix_text` runs before it knows whether it applies a fix:
    those that may offer a fix it applies (``CheckSpec.fixes``), the claims checks (no fix is
    applied in a claim) and every check that shares a rule with one of them (``finish`` keeps
    one of two equal findings). The others offer no fix that could be applied, so their
    findings change nothing a pass applies: they run once, on the text the fixing ends with."""
    levels = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    specs = list(load_checks().values())
    chosen = {spec.name for spec in specs
              if spec.fixes & levels or any(code.startswith(CLAIMS) for code in spec.rules)}
    rules = {code for spec in specs if spec.name in chosen for code in spec.rules}
    grown = True
    while grown:
        grown = False
        for spec in specs:
            if spec.name not in chosen and rules.intersection(spec.rules):
                chosen.add(spec.name)
                rules.update(spec.rules)
                grown = True
    return frozenset(chosen)


def fix_text(text: str, path: str, config: Config, *, unsafe: bool = False,
             today: dt.date | None = None, cache: dict[str, Any] | None = None) -> FixResult:
    """Lint ``text`` (as a file holds it), apply its fixes, and lint again until no fix
    applies (at most MAX_PASSES lints that apply something, and one more that finds what is
    left); ``cache`` is the checks' cache, shared by the passes.

    A pass runs the :func:`fixing_checks` first; the other checks run only on the last text
    (their findings cannot change what is applied). The findings and the text are those of
    linting every pass in full: the last pass checks that the fixes it applies by are the
    same with every check run, and should a check that declares no fix have offered one,
    the text is fixed again with every check in every pass."""
    cache = {} if cache is None else cache
    result = _fix_passes(text, path, config, unsafe, today, cache, fixing_checks(unsafe))
    if result is None:
        result = _fix_passes(text, path, config, unsafe, today, cache, None)
    assert result is not None  # every check runs in every pass: nothing to compare
    return result


def _fix_passes(text: str, path: str, config: Config, unsafe: bool, today: dt.date | None,
                cache: dict[str, Any], first: frozenset[str] | None) -> FixResult | None:
    """:func:`fix_text`'s passes, each running the checks ``first`` (None: all of them)
    unless the Document has a suppression comment (which one is unused depends on every
    check's findings); None when the last pass, with every check run, would apply other
    fixes than its ``first`` checks' (a check offered a fix it does not declare)."""
    result = FixResult(text, 0)
    counted: Document | None = None
    while True:
        claims: list[tuple[int, int]] = []
        doc, problems = decode_and_parse(result.text.encode("utf-8", "surrogatepass"), path)
        lint = None
        if doc is None:
            result.findings = finish(None, problems, config)
        else:
            lint, counted = Lint(doc, config, today, cache), doc
            partial = first is not None and not has_directives(doc)
            lint.run(first if partial else None)
            result.findings = lint.findings()
            if partial and any(f.fix is not None for f in result.findings) and not \
                    needs_claims(result.findings, [s.span() for s in doc.sentences]):
                # its fixes are offered as with every check run only when the claims are
                # looked up for them, or there are none to offer: the lint is finished
                lint.run()
                result.findings = lint.findings()
        result.passes += 1
        # no applicable fix: apply_fixes would apply none (it takes only applicable ones), so
        # the text is final; the last lint costs nothing more than its findings
        if result.passes > MAX_PASSES or not any(applicable(f.fix, unsafe)
                                                 for f in result.findings):
            break
        if doc is not None:
            # lint_document offers no fix over a claim the config checks; these are all the
            # claims, whatever the config selects or a comment suppresses
            claims = claim_spans(doc, config, today, cache)
        fixed, count = apply_fixes(result.text, result.findings, unsafe=unsafe,
                                   protected=claims)
        if not count or fixed == result.text:
            break
        result.text, result.applied = fixed, result.applied + count
    if counted is not None:
        result.words = counted.word_count  # of the last text that could be read
    if lint is not None:
        decided = _applied_by(result.findings, unsafe)
        lint.run()  # the checks left for the last text
        result.findings = lint.findings()
        if result.passes <= MAX_PASSES and _applied_by(result.findings, unsafe) != decided:
            return None
    return result


def _applied_by(findings: Iterable[Finding], unsafe: bool) -> list[tuple[Finding, Fix]]:
    """What a pass decides on: the findings with a fix it applies, and their fixes."""
    return [(f, f.fix) for f in findings if f.fix is not None and applicable(f.fix, unsafe)]


@dataclass(frozen=True)
class FileFix:
    """A file's bytes as read (with its modification time and size, to tell whether it
    changed before the fix is written) and as fixed."""

    before: bytes
    after: bytes
    applied: int
    stamp: tuple[int, int]

    @property
    def changed(self) -> bool:
        return self.after != self.before


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(modification time in ns, size) of a file, or None when it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def fix_file(path: Path, display: str, config: Config, today: dt.date | None = None,
             cache: dict[str, Any] | None = None, unsafe: bool = False) -> FileResult:
    """``lint_file`` for ``--fix``: the findings left after fixing, and the file's bytes
    before and after (``FileResult.fixed``; nothing is written here)."""
    stamp = file_stamp(path)  # before reading: a change after it shows in the time
    data, problems = read_bytes(path, display, config.max_file_size)
    if data is None or stamp is None:
        return FileResult(display, finish(None, problems, config))
    text, problems = decode(data, display)
    if text is None:
        return FileResult(display, finish(None, problems, config))
    result = fix_text(data.decode("utf-8"), display, config, unsafe=unsafe, today=today,
                      cache=cache)
    fixed = FileFix(data, result.text.encode("utf-8"), result.applied, stamp)
    return FileResult(display, result.findings, None, result.words, fixed)


def fixable_counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """(findings with a safe fix, findings with an unsafe one)."""
    safe = unsafe = 0
    for finding in findings:
        if applicable(finding.fix):
            safe += 1
        elif applicable(finding.fix, unsafe=True):
            unsafe += 1
    return safe, unsafe


__all__ = ["MAX_PASSES", "FileFix", "FixResult", "SourceText", "applicable", "apply_fixes",
           "choose_fixes", "file_stamp", "fix_file", "fix_text", "fixable_counts",
           "fixing_checks"]
