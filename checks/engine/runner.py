"""Linting as a library: files or text in, sorted findings out.

The pipeline for one article: read -> Document -> every enabled check -> select/ignore ->
suppression comments -> per-rule severity. A check that raises is reported as a finding
(HL010) on that file, never swallowed, and the other checks and files still run.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import stat
import traceback
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from healthlint.config import Config, ConfigError
from healthlint.core.families import declared
from healthlint.core.findings import Finding, Rule
from healthlint.engine.checks import context_for, load_checks
from healthlint.engine.protect import offered
from healthlint.engine.suppress import UNUSED, apply_suppressions
from healthlint.parse.document import (
    UNREADABLE,
    Document,
    decode_and_parse,
    file_finding,
    file_kind,
    read_document,
)
from healthlint.text import patterns as regex_cache

if TYPE_CHECKING:
    from healthlint.engine.fixes import FileFix

CHECK_FAILED = declared("HL010")


@dataclass
class FileResult:
    path: str
    findings: list[Finding]
    document: Document | None = None
    words: int = 0
    fixed: FileFix | None = None  # --fix: the bytes before and after (engine.fixes.fix_file)


def lint_document(doc: Document, config: Config, today: dt.date | None = None,
                  cache: dict[str, Any] | None = None) -> list[Finding]:
    lint = Lint(doc, config, today, cache)
    lint.run()
    return lint.findings()


class Lint:
    """One lint of a Document, check by check: :meth:`run` the enabled checks (all of them,
    or some first and the rest later, as ``fix_text`` does), :meth:`findings` what the checks
    run so far found, as ``lint_document`` reports them (after every check has run, exactly
    its findings)."""

    def __init__(self, doc: Document, config: Config, today: dt.date | None = None,
                 cache: dict[str, Any] | None = None) -> None:
        self.doc, self.config, self.today, self.cache = doc, config, today, cache
        self.ctx = context_for(config, doc, today, cache)
        self.found: dict[str, list[Finding]] = {}  # check name -> what it found, as it ran

    def run(self, names: Collection[str] | None = None) -> None:
        """Run the enabled checks not run yet (only those named, when ``names`` is given)."""
        for spec in load_checks().values():
            if spec.name in self.found or (names is not None and spec.name not in names):
                continue
            if not any(self.config.enabled(code) for code in spec.rules):
                continue
            found: list[Finding] = []
            try:
                found.extend(spec.func(self.doc, self.ctx))
            except Exception as exc:  # noqa: BLE001 - reported as a finding, never swallowed
                where = traceback.extract_tb(exc.__traceback__)[-1]
                found.append(file_finding(
                    self.doc.path, CHECK_FAILED,
                    f"check {spec.name!r} failed: {type(exc).__name__}: {exc} "
                    f"({Path(where.filename).name}:{where.lineno}); the rest of the file was "
                    "checked"))
            self.found[spec.name] = found

    def findings(self) -> list[Finding]:
        """The findings of the checks run so far, each check's in the registry's order,
        through ``finish`` and ``offered``."""
        found: list[Finding] = list(self.doc.problems)
        for name in load_checks():
            if name in self.found:
                found.extend(self.found[name])
        return offered(self.doc, finish(self.doc, found, self.config), self.config,
                       self.today, self.cache)


def finish(doc: Document | None, found: Iterable[Finding], config: Config) -> list[Finding]:
    kept = [f for f in found if config.enabled(f.code)]
    if doc is not None:
        kept = apply_suppressions(doc, kept, report_unused=config.enabled(UNUSED.code),
                                  enabled=config.enabled)
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
              today: dt.date | None = None, cache: dict[str, Any] | None = None
              ) -> list[Finding]:
    """The findings of a text as a file holds it (a byte order mark and CRLF line endings
    are read as from disk); ``cache`` is the checks' cache, to share between calls."""
    config = config or Config.default()
    doc, problems = decode_and_parse(text.encode("utf-8", "surrogatepass"), path)
    if doc is None:
        return finish(None, problems, config)
    return lint_document(doc, config, today, cache)


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


ARTICLE_OUTSIDE = declared("HL012")
UNREADABLE_FOLDER = declared("HL013")


def collect_paths(paths: Sequence[str], config: Config
                  ) -> tuple[list[Path], list[str], list[FileResult]]:
    """Files to check, warnings (folders with no Markdown) and the results of what a scan
    found but cannot check (a named pipe, a broken or looping symbolic link, a folder that
    cannot be listed, an article linked from outside its content folder: findings naming the
    path, never a silent skip). Raises ConfigError for a path that does not exist.
    ``exclude`` applies to files named on the command line too, so a pre-commit hook that
    passes every changed Markdown file skips the excluded ones."""
    scan = _Scan(config)
    if not paths:
        for pattern in config.include:
            root = include_root(pattern, config)
            if "**" in pattern and root.is_dir():
                scan.walk(root, root, keep=False)  # only to report folders it cannot list
            for path in sorted(config.root.glob(pattern)):
                scan.add(path, root, quiet_dirs=True)
        if not scan.files and not scan.problems:
            scan.warnings.append(f"no Markdown files match include = {config.include} under "
                                 f"{display_path(config.root) or '.'}")
        return scan.result()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            before = len(scan.files) + len(scan.problems)
            scan.walk(path, path.resolve(), keep=True)
            if len(scan.files) + len(scan.problems) == before:
                scan.warnings.append(f"{raw}: no Markdown (*.md) files in this folder")
        elif path.exists():
            scan.add(path, path.parent.resolve())
        else:
            raise ConfigError(f"{raw}: no such file or folder")
    return scan.result()


def include_root(pattern: str, config: Config) -> Path:
    """The content folder of an ``include`` pattern: its part before the first wildcard."""
    fixed = []
    for part in Path(pattern).parts:
        if any(c in part for c in "*?["):
            break
        fixed.append(part)
    return config.root.joinpath(*fixed).resolve()


class _Scan:
    """The files of a scan, and a finding for each thing in it that cannot be checked."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.files: list[Path] = []
        self.warnings: list[str] = []
        self.problems: list[FileResult] = []

    def result(self) -> tuple[list[Path], list[str], list[FileResult]]:
        return _unique(self.files), self.warnings, self.problems

    def problem(self, path: Path, rule: Rule, message: str) -> None:
        display = display_path(path)
        self.problems.append(FileResult(display, finish(None, [file_finding(display, rule,
                                                                               message)],
                                                        self.config)))

    def walk(self, folder: Path, root: Path, keep: bool) -> None:
        """Every ``*.md`` below ``folder`` (symbolic links to folders are not followed, as
        ``Path.rglob`` does not), in sorted order; a folder that cannot be listed is a
        finding."""
        found: list[Path] = []
        pending = [folder]
        while pending:
            current = pending.pop()
            try:
                with os.scandir(current) as listing:
                    entries = list(listing)
            except OSError as exc:
                if not excluded(current, self.config):
                    self.problem(current, UNREADABLE_FOLDER, f"cannot list this folder: "
                                 f"{exc.strerror or exc}; the articles in it were not checked")
                continue
            for entry in entries:
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    is_dir = False
                if is_dir:
                    pending.append(Path(entry.path))
                elif entry.name.endswith(".md"):
                    found.append(Path(entry.path))
        if keep:
            for path in sorted(found):
                self.add(path, root, quiet_dirs=True)

    def add(self, path: Path, root: Path, quiet_dirs: bool = False) -> None:
        """A file that was found or named: kept to be checked, or a finding saying why not."""
        if excluded(path, self.config):
            return
        try:
            target = path.resolve(strict=True)
            mode = target.stat().st_mode
        except RuntimeError:
            self.problem(path, UNREADABLE, "a symbolic link loop: the link points (through "
                         "other links) back at itself; not checked")
            return
        except OSError as exc:
            missing = path.is_symlink() and isinstance(exc, FileNotFoundError)
            self.problem(path, UNREADABLE, f"a symbolic link to a missing file "
                         f"({os.readlink(path)}); not checked" if missing else
                         f"cannot read file: {exc.strerror or exc}")
            return
        if not target.is_relative_to(root):
            self.problem(path, ARTICLE_OUTSIDE, "a symbolic link to a file outside the content "
                         f"folder {root.name!r}; it is not read, checked or published")
            return
        if stat.S_ISDIR(mode) and quiet_dirs:
            return  # a folder named like an article: walked, or matched by an include pattern
        if stat.S_ISREG(mode):
            self.files.append(path)
        else:
            self.problem(path, UNREADABLE, f"not a regular file ({file_kind(mode)}); "
                         "not checked")


def excluded(path: Path, config: Config) -> bool:
    if not config.exclude:
        return False
    try:
        rel = path.resolve().relative_to(config.root.resolve()).as_posix()
    except (ValueError, RuntimeError):  # outside the config folder, or a symbolic link loop
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


def ProcessPoolExecutor(max_workers: int) -> Any:  # noqa: N802 - the class, imported when used
    """concurrent.futures' process pool, imported only for a run that starts one (it brings
    in multiprocessing: a one-article pre-commit run does without)."""
    from concurrent.futures import ProcessPoolExecutor as pool

    return pool(max_workers=max_workers)


# the checks' cache (the run's word lists and speller) of a worker process: forked workers
# start with the one the first file filled in the parent
_WORKER_CACHE: dict[str, Any] = {}


LintOne = Callable[..., "FileResult"]  # (path, display, config, today, cache) -> FileResult


def _lint_chunk(args: tuple[list[str], Config, dt.date | None, LintOne]) -> list[FileResult]:
    paths, config, today, per_file = args
    results = []
    for raw in paths:
        result = per_file(Path(raw), display_path(Path(raw)), config, today, _WORKER_CACHE)
        result.document = None  # documents stay in the worker
        results.append(result)
    return results


def available_cores() -> int:
    """The cores this process may run on: the most worker processes worth starting."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


POOL_MIN_FILES = 8  # fewer are faster in this process than spread over new ones
CHUNK_FILES = 16  # the most files handed to a worker at once


def lint_paths(files: Sequence[Path], config: Config, today: dt.date | None = None,
               jobs: int | None = 1, keep_documents: bool = False,
               per_file: LintOne = lint_file,
               done: Callable[[Path, FileResult], object] | None = None) -> list[FileResult]:
    """Lint files in order; with jobs > 1 (None: one per core), in worker processes: the same
    results in the same order, at most one process per file and per core. ``per_file`` lints
    one file (``lint_file``; ``--fix`` gives one that fixes it, a module-level function or a
    partial of one, as workers receive it pickled).

    The first file is linted here, so that the dictionaries and word lists it loads are
    shared by the forked workers instead of loaded again in each; the rest is handed out in
    chunks of consecutive files (at most CHUNK_FILES, about four per worker), so a worker that
    finishes early takes the next chunk. ``done(file, result)`` is called here for each
    file in order as its result comes back (``check --fix`` writes the fixed file then, while
    the workers go on)."""
    jobs = min(available_cores() if jobs is None else jobs, len(files), available_cores())
    cache: dict[str, Any] = {}
    results = []
    for file in files[:1] if jobs > 1 and len(files) >= POOL_MIN_FILES else files:
        result = per_file(file, display_path(file), config, today, cache)
        if not keep_documents:
            result.document = None  # one Document in memory at a time
        results.append(result)
        if done is not None:
            done(file, result)
    regex_cache.save()  # what the checks compiled anew, for the next run (once, here)
    rest = [str(f) for f in files[len(results):]]
    if not rest:
        return results
    size = max(1, min(CHUNK_FILES, len(rest) // (jobs * 4)))
    chunks = [(rest[i:i + size], config, today, per_file) for i in range(0, len(rest), size)]
    _WORKER_CACHE.update(cache)
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(chunks))) as pool:
            for part in pool.map(_lint_chunk, chunks):
                for result in part:
                    results.append(result)
                    if done is not None:
                        done(files[len(results) - 1], result)
    finally:
        _WORKER_CACHE.clear()
    return results
