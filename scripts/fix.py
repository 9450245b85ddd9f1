"""``check --fix`` and ``check --diff``: fixed articles written back, or shown as a diff.

The fixing itself is the library's (``healthlint.engine.fixes.fix_file``, run for each file in
place of ``lint_file``); this writes what it made. A file is written only when its bytes
changed, atomically (a temporary file beside it, renamed over it, its permission bits kept: a
failed run leaves the article whole), and only when it is still what was read: a file whose
bytes, modification time or size changed during the run (an editor saved it) is left alone,
with a message. A symbolic link is followed: the file it names is replaced, the link stays.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from healthlint.commands.report.text import printable, shown_name, write_report
from healthlint.engine.fixes import FileFix, file_stamp
from healthlint.engine.runner import FileResult


@dataclass
class Outcome:
    """What ``--fix`` (or ``--diff``) did: fixes and files written (or that would be), and
    messages about files left alone."""

    fixes: int = 0
    files: int = 0
    left: list[str] = field(default_factory=list)


def changed(files: Sequence[Path], results: Sequence[FileResult]
            ) -> Iterator[tuple[Path, FileResult, FileFix]]:
    """The files whose fixed bytes differ from what was read (results in the files' order)."""
    for file, result in zip(files, results, strict=True):
        if result.fixed is not None and result.fixed.changed:
            yield file, result, result.fixed


def unified_diff(name: str, fixed: FileFix) -> str:
    """The fix of one file as a unified diff (``a/`` and ``b/`` names, as git writes them)."""
    before = fixed.before.decode("utf-8").splitlines(keepends=True)
    after = fixed.after.decode("utf-8").splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def show_diff(files: Sequence[Path], results: Sequence[FileResult]) -> tuple[str, Outcome]:
    """The diff of every file a fix would change, and how many fixes and files: nothing is
    written."""
    outcome = Outcome()
    parts = []
    for _, result, fixed in changed(files, results):
        parts.append(unified_diff(printable(shown_name(result.path)), fixed))
        outcome.fixes += fixed.applied
        outcome.files += 1
    return "".join(parts), outcome


def write_fix(file: Path, result: FileResult, outcome: Outcome) -> None:
    """Write one file when its fix changed it (``result``: what ``fix_file`` made of it),
    unless it changed on disk since it was read; what was done is added to ``outcome``.
    ``check --fix`` calls this for each file as its result comes back from the workers, so
    the writing (a rename over each file) goes on while the other files are fixed."""
    fixed = result.fixed
    if fixed is None or not fixed.changed:
        return
    name = printable(shown_name(result.path))
    target = file.resolve()
    try:
        same = file_stamp(target) == fixed.stamp and target.read_bytes() == fixed.before
    except OSError:
        same = False
    if not same:
        outcome.left.append(f"{name}: changed on disk while it was checked; not fixed "
                            "(run again)")
        return
    try:
        write_report(target, fixed.after)
    except OSError as exc:
        outcome.left.append(f"{name}: cannot write the fixed file: {exc.strerror or exc}; "
                            "not fixed")
        return
    outcome.fixes += fixed.applied
    outcome.files += 1


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(outcome: Outcome, dry_run: bool) -> str:
    files = _count(outcome.files, "file", "files")
    if dry_run:
        return (f"{_count(outcome.fixes, 'fix', 'fixes')} would be applied to {files} "
                "(--diff: nothing written)")
    return f"fixed {_count(outcome.fixes, 'problem', 'problems')} in {files}"
