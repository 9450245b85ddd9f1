"""Changed lines: report only the problems a change introduced.

A reviewer or CI job on a pull request wants to fail on what the pull request added, not on
every old problem in every file it touched (Vale users have asked for this for years). This
module asks git which lines changed since a base revision and drops findings elsewhere:

    changed = changed_lines("origin/main", files)     # {absolute path: {line, ...}}
    results = filter_results(results, changed)

How lines count as changed:
- the diff is taken from the merge base of BASE and HEAD to the working tree (staged and
  unstaged edits included), so commits that landed on the base branch after the pull request
  branched off are not counted as the pull request's;
- every added or modified line counts; where lines were only deleted, the lines on either
  side of the deletion count (joining two paragraphs can create a problem there);
- files that git does not track (and does not ignore), and binary files that changed, count
  as changed on every line;
- a finding counts when any line of its span (line .. end_line) changed; with
  ``scope="files"`` every finding in a changed file counts.

A finding about the whole document is reported at one line (the title, the front matter, the
Sources heading); it survives the filter only when that line changed. Use ``scope="files"``
when such findings must not slip through.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from healthlint.config import ConfigError
from healthlint.engine.runner import FileResult

HUNK_RE = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
SCOPES = ("lines", "files")
PATHSPEC_CHUNK = 200  # paths per git call, well under any command-line length limit
C_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
             '"': '"', "\\": "\\"}


class DiffError(ConfigError):
    """git could not say what changed (not a repository, unknown revision, no git): exit 2."""


def git(args: Sequence[str], cwd: Path) -> str:
    command = ["git", "-c", "core.quotePath=false", *args]
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise DiffError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(f"git {args[0]} failed: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", "surrogateescape")


def repo_root(cwd: Path) -> Path:
    return Path(git(["rev-parse", "--show-toplevel"], cwd).strip()).resolve()


def merge_base(base: str, cwd: Path) -> str:
    """The commit the diff starts from: merge-base(BASE, HEAD), or BASE itself."""
    try:
        git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], cwd)
    except DiffError:
        raise DiffError(f"{base!r} is not a commit in this repository (fetch it first, e.g. "
                        "`git fetch origin main`)") from None
    try:
        return git(["merge-base", base, "HEAD"], cwd).strip() or base
    except DiffError:  # no HEAD yet, or unrelated histories: compare with BASE itself
        return base


def unquote_path(text: str) -> str:
    """A path as git prints it in a diff header, C-quoted when it has unusual characters."""
    if not (text.startswith('"') and text.endswith('"')):
        return text
    raw = bytearray()
    body = text[1:-1]
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            octal = body[i + 1:i + 4]
            if re.fullmatch(r"[0-7]{3}", octal):  # one byte of a UTF-8 sequence
                raw.append(int(octal, 8))
                i += 4
                continue
            raw.extend(C_ESCAPES.get(body[i + 1], body[i + 1]).encode("utf-8", "surrogateescape"))
            i += 2
            continue
        raw.extend(ch.encode("utf-8", "surrogateescape"))
        i += 1
    return raw.decode("utf-8", "surrogateescape")


def parse_diff(diff: str) -> dict[str, set[int]]:
    """``{path relative to the repository: changed lines}`` from ``git diff --unified=0``.

    Binary files that changed map to an empty set and are listed by :func:`binary_paths`.
    """
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            target = line[4:].rstrip("\t")
            if target == "/dev/null":
                current = None
                continue
            path = unquote_path(target)
            path = path[2:] if path.startswith("b/") else path
            current = changed.setdefault(path, set())
            continue
        match = HUNK_RE.match(line)
        if match and current is not None:
            start = int(match.group(1))
            count = 1 if match.group(2) is None else int(match.group(2))
            if count:
                current.update(range(start, start + count))
            else:  # only deletions, after line `start`: its neighbours count
                current.update(n for n in (start, start + 1) if n >= 1)
    return changed


BINARY_RE = re.compile(r"^Binary files (?:.+?|/dev/null) and (?:b/)?(.+) differ$")


def binary_paths(diff: str) -> set[str]:
    found = set()
    for line in diff.splitlines():
        match = BINARY_RE.match(line)
        if match and match.group(1) != "/dev/null":
            found.add(unquote_path(match.group(1)))
    return found


def all_lines(path: Path) -> set[int]:
    """Every line of a file (at least line 1), for files that are new or unreadable as text."""
    try:
        data = path.read_bytes()
    except OSError:
        return {1}
    count = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return set(range(1, max(count, 1) + 1))


def changed_lines(base: str, files: Iterable[Path | str], cwd: Path | None = None
                  ) -> dict[str, set[int]]:
    """Changed lines of ``files`` since ``base``: ``{resolved absolute path: {1-based lines}}``.

    Runs ``git diff --unified=0 --no-color MERGE_BASE -- FILES`` (plus ``git ls-files --others
    --exclude-standard`` for untracked files, which count as changed on every line). A file
    with no changes is absent from the result. Raises DiffError when git cannot answer.
    """
    here = (cwd or Path.cwd()).resolve()
    root = repo_root(here)
    start = merge_base(base, here)
    wanted: list[Path] = []
    outside: list[Path] = []
    for file in files:
        path = (here / file).resolve()
        (wanted if path.is_relative_to(root) else outside).append(path)
    result: dict[str, set[int]] = {}
    for chunk in (wanted[i:i + PATHSPEC_CHUNK] for i in range(0, len(wanted), PATHSPEC_CHUNK)):
        specs = [":(literal)" + p.relative_to(root).as_posix() for p in chunk]
        diff = git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv",
                    "--src-prefix=a/", "--dst-prefix=b/", start, "--", *specs], root)
        for rel, lines in parse_diff(diff).items():
            result[str((root / rel).resolve())] = lines
        for rel in binary_paths(diff):  # no hunks to read: the whole file changed
            path = (root / rel).resolve()
            result[str(path)] = all_lines(path)
        untracked = git(["ls-files", "--others", "--exclude-standard", "-z", "--", *specs], root)
        for rel in filter(None, untracked.split("\0")):
            path = (root / rel).resolve()
            result[str(path)] = all_lines(path)
    for path in outside:  # not in the repository at all: nothing to compare with
        result[str(path)] = all_lines(path)
    return {path: lines for path, lines in result.items() if lines}


def filter_results(results: Sequence[FileResult], changed: dict[str, set[int]],
                   scope: str = "lines", cwd: Path | None = None) -> list[FileResult]:
    """Keep the findings on changed lines (``scope="lines"``) or in changed files (``"files"``).

    Every file stays in the list (so summaries still count the files checked); unchanged
    files keep no findings.
    """
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    here = (cwd or Path.cwd()).resolve()
    kept: list[FileResult] = []
    for result in results:
        lines = changed.get(str((here / result.path).resolve()))
        if not lines:
            findings = []
        elif scope == "files":
            findings = list(result.findings)
        else:
            findings = [f for f in result.findings
                        if any(n in lines for n in range(f.line, f.end_line + 1))]
        kept.append(replace(result, findings=findings))
    return kept
