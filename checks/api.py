"""Linting as a library: files or text in, sorted findings out.

The pipeline for one article: read -> Document -> every enabled check -> select/ignore ->
suppression comments -> per-rule severity. A check that raises is reported as a finding
(HL010) on that file, never swallowed, and the other checks and files still run.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import traceback
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checks.config import Config, ConfigError
from checks.document import Document, decode_and_parse, file_finding, read_document
from checks.engine import load_checks
from checks.findings import Finding, Severity, rule
from checks.suppress import UNUSED, apply_suppressions

CHECK_FAILED = rule(
    "HL010", "check-failed", Severity.ERROR,
    summary="A check failed with an internal error, so this file was not fully checked.",
    what="Reports a check that raised an exception on this file, with the error, instead of "
    "passing the file silently.",
    why="A check that could not run must say so; otherwise a broken check looks like a clean "
    "article.",
    example="A check crashing on an unusual table.",
    instead="Report the message as a bug, with the article; meanwhile `ignore` the failing "
    "rule family if you must publish.",
)


@dataclass
class FileResult:
    path: str
    findings: list[Finding]
    document: Document | None = None
    words: int = 0


def lint_document(doc: Document, config: Config, today: dt.date | None = None,
                  cache: dict[str, Any] | None = None) -> list[Finding]:
    ctx = config.context_for(doc, today, cache)
    found: list[Finding] = list(doc.problems)
    for spec in load_checks().values():
        try:
            found.extend(spec.func(doc, ctx))
        except Exception as exc:  # noqa: BLE001 - reported as a finding, never swallowed
            where = traceback.extract_tb(exc.__traceback__)[-1]
            found.append(file_finding(doc.path, CHECK_FAILED,
                         f"check {spec.name!r} failed: {type(exc).__name__}: {exc} "
                         f"({Path(where.filename).name}:{where.lineno}); the rest of the file "
                         "was checked"))
    return finish(doc, found, config)


def finish(doc: Document | None, found: Iterable[Finding], config: Config) -> list[Finding]:
    kept = [f for f in found if config.enabled(f.code)]
    if doc is not None:
        kept = apply_suppressions(doc, kept, report_unused=config.enabled(UNUSED.code))
        kept = [f for f in kept if config.enabled(f.code)]
    result = []
    for finding in kept:
        severity = config.severity.get(finding.code)
        result.append(replace(finding, severity=severity) if severity else finding)
    unique = {(f, f.message, f.suggestion): f for f in result}
    return sorted(unique.values(), key=_order)


def _order(f: Finding) -> tuple[object, ...]:
    return (f.path, f.line, f.column, f.code, f.end_line, f.end_column, f.message)


def lint_file(path: Path, display: str, config: Config, today: dt.date | None = None,
              cache: dict[str, Any] | None = None) -> FileResult:
    doc, problems = read_document(path, display, config.max_file_size)
    if doc is None:
        return FileResult(display, finish(None, problems, config))
    return FileResult(display, lint_document(doc, config, today, cache), doc, doc.word_count)


def lint_text(text: str, path: str = "article.md", config: Config | None = None,
              today: dt.date | None = None) -> list[Finding]:
    config = config or Config.default()
    doc, problems = decode_and_parse(text.encode("utf-8"), path)
    if doc is None:
        return finish(None, problems, config)
    return lint_document(doc, config, today)


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def collect_paths(paths: Sequence[str], config: Config) -> tuple[list[Path], list[str]]:
    """Files to check, and warnings (folders with no Markdown). Raises ConfigError for a path
    that does not exist. ``exclude`` applies to files named on the command line too, so a
    pre-commit hook that passes every changed Markdown file skips the excluded ones."""
    files: list[Path] = []
    warnings: list[str] = []
    if not paths:
        for pattern in config.include:
            files.extend(p for p in sorted(config.root.glob(pattern)) if p.is_file())
        files = [p for p in files if not _excluded(p, config)]
        if not files:
            warnings.append(f"no Markdown files match include = {config.include} under "
                            f"{display_path(config.root) or '.'}")
        return _unique(files), warnings
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [p for p in sorted(path.rglob("*.md"))
                     if p.is_file() and not _excluded(p, config)]
            if not found:
                warnings.append(f"{raw}: no Markdown (*.md) files in this folder")
            files.extend(found)
        elif path.exists():
            if not _excluded(path, config):
                files.append(path)
        else:
            raise ConfigError(f"{raw}: no such file or folder")
    return _unique(files), warnings


def _excluded(path: Path, config: Config) -> bool:
    if not config.exclude:
        return False
    try:
        rel = path.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    return any(fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(path.as_posix(), pattern)
               for pattern in config.exclude)


def _unique(files: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    result = []
    for file in files:
        key = file.resolve()
        if key not in seen:
            seen.add(key)
            result.append(file)
    return result


def _lint_chunk(args: tuple[list[str], Config, dt.date | None]) -> list[FileResult]:
    paths, config, today = args
    cache: dict[str, Any] = {}
    results = []
    for raw in paths:
        result = lint_file(Path(raw), display_path(Path(raw)), config, today, cache)
        result.document = None  # documents stay in the worker
        results.append(result)
    return results


def available_cores() -> int:
    """The cores this process may run on: the most worker processes worth starting."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


def lint_paths(files: Sequence[Path], config: Config, today: dt.date | None = None,
               jobs: int = 1, keep_documents: bool = False) -> list[FileResult]:
    """Lint files in order; with jobs > 1, in worker processes (same results, same order),
    at most one per file and per core."""
    jobs = min(jobs, len(files), available_cores())
    if jobs <= 1 or len(files) < 8:
        cache: dict[str, Any] = {}
        results = []
        for file in files:
            result = lint_file(file, display_path(file), config, today, cache)
            if not keep_documents:
                result.document = None  # one Document in memory at a time
            results.append(result)
        return results
    chunks = [[str(f) for f in files[i::jobs]] for i in range(jobs)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        parts = list(pool.map(_lint_chunk, [(c, config, today) for c in chunks]))
    by_path = {r.path: r for part in parts for r in part}
    return [by_path[display_path(f)] for f in files]
