"""The user's cache folder: data healthlint derives from its own data, kept between runs.

What is kept here depends only on healthlint's data, its libraries and the Python running it,
never on an article: compiled regexes (``patterns.py``) and the dictionaries in a form that
loads fast (the spelling check). The folder is ``$HEALTHLINT_CACHE_DIR`` when it is set, else
``$XDG_CACHE_HOME/healthlint`` or ``~/.cache/healthlint``. A value is stored under a key that
names what it was made from; a file that is missing, damaged or made from something else is a
miss, and a folder that cannot be written only costs the time of building the value again.
Files are written to a temporary name and renamed into place, so concurrent runs may share it.

Old files do not pile up. A file's name is its family (``dictionaries``, ``patterns``) and,
after a last hyphen, the version or hash of what it was made from (``dictionaries-5``,
``patterns-1cba0d76a8f476c0``). Each read of a file marks it used (its modification time, at
most once an hour), and each write of a new file removes the files of its family that no run
has used for a day: what an older healthlint, Python or library left behind. A second
installed version still in use keeps its files; one unused for a day rebuilds them if it runs
again, which costs time and nothing else. Temporary files a killed run left are removed after
an hour.
"""

from __future__ import annotations

import contextlib
import marshal
import mmap
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FORMAT = 1  # the layout of a file; a new layout is a new file name
UNUSED = 24 * 3600  # seconds: a file of a family no run has read for this long is removed
MARK = 3600  # seconds: how stale a file's time may get before a read marks it used again
ORPHAN = 3600  # seconds: a temporary file this old belongs to a run that was killed
_VERSIONED = re.compile(r"(?P<family>.+)-[0-9a-f]+\.marshal")


def folder() -> Path | None:
    """The cache folder, or None when there is no home folder to put it in."""
    chosen = os.environ.get("HEALTHLINT_CACHE_DIR")
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    try:
        return (Path(xdg) if xdg else Path.home() / ".cache") / "healthlint"
    except RuntimeError:  # no home folder
        return None


def python_tag() -> str:
    """What marshal's format and compiled code depend on: this Python's version and build."""
    return f"{FORMAT} {sys.version} {sys.implementation.cache_tag}"


def load(path: Path, key: str) -> Any | None:
    """The value stored at ``path`` under ``key``; None when absent, damaged or another key's."""
    try:  # read through a mapping of the file: no copy of the whole file left in memory
        with open(path, "rb") as handle, \
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
            stored = marshal.loads(view)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != key:
        return None
    _mark_used(path)
    return stored[1]


def family(name: str) -> str:
    """The family of a cache file's name: the name without its version or hash."""
    found = _VERSIONED.fullmatch(name)
    return found["family"] if found else name.removesuffix(".marshal")


def prune(kept: Path, now: float | None = None) -> list[Path]:
    """Remove the files of ``kept``'s family (not ``kept``) that no run has used for a day, and
    its family's temporary files of killed runs; return what was removed. Only files named as
    this module names them and holding what ``store`` writes are touched, so a folder the user
    named in ``HEALTHLINT_CACHE_DIR`` keeps everything else. Errors are ignored: another run
    may be pruning too, and a file that stays only costs its space."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    wanted = family(kept.name)
    try:
        entries = list(os.scandir(kept.parent))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if name.startswith("."):  # a temporary file: ".<name>.marshal-<random>"
            stored, _, rest = name[1:].partition(".marshal-")
            ours, limit = bool(rest) and family(f"{stored}.marshal") == wanted, ORPHAN
        else:
            ours = name != kept.name and name.endswith(".marshal") and family(name) == wanted
            limit = UNUSED
        if not ours:
            continue
        with contextlib.suppress(OSError):
            if not entry.is_file(follow_symlinks=False) or \
                    now - entry.stat(follow_symlinks=False).st_mtime <= limit:
                continue
            if limit == UNUSED and not _written_here(entry.path):
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _written_here(path: str) -> bool:
    """Whether the file starts as ``store`` writes one: marshal's pair (key, value)."""
    with open(path, "rb") as handle:
        return handle.read(2) in (b")\x02", b"\xa9\x02")


def _mark_used(path: Path) -> None:
    """Record that a run read ``path`` (its time, when that is over an hour old)."""
    with contextlib.suppress(OSError):
        if time.time() - path.stat().st_mtime > MARK:
            os.utime(path)


def write_whole(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` whole (a temporary file beside it, then renamed over it), or
    not at all; False when it could not be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    return True


def store(path: Path, key: str, value: Any) -> None:
    """Write ``value`` under ``key`` at ``path`` whole, or not at all."""
    try:
        data = marshal.dumps((key, value))
    except ValueError:  # nothing marshal can write
        return
    if write_whole(path, data):
        prune(path)


# ---- healthlint's own TOML data, parsed once per Python -------------------------------------
TOML_STORE = "toml-1"  # a file of {digest of the text: marshal bytes of what tomllib made}
TOML_KEPT = 64  # entries: the shipped files are a dozen; more (another version's) start again
_toml: dict[str, bytes] | None = None


def toml(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)`` for healthlint's own data files (the rule families, the claims
    lexicon, the language terms...), from the cache folder when it holds the same text: the
    pure-Python parser took 40-60 ms of every start, marshal reads the result in about 1 ms.
    Each call returns objects of its own (callers may change them). Not for a project's files:
    each new text would be kept."""
    import hashlib

    global _toml
    digest = hashlib.sha256(f"{python_tag()}\0{text}".encode("utf-8", "surrogatepass")
                            ).hexdigest()
    base = folder()
    path = base / f"{TOML_STORE}.marshal" if base is not None else None
    if _toml is None:
        found = load(path, TOML_STORE) if path is not None else None
        _toml = found if isinstance(found, dict) else {}
    kept = _toml.get(digest)
    if isinstance(kept, bytes):
        with contextlib.suppress(EOFError, ValueError, TypeError):
            value = marshal.loads(kept)
            if isinstance(value, dict):
                return value
    import tomllib

    value = tomllib.loads(text)
    try:
        raw = marshal.dumps(value)
    except ValueError:  # a date or time: nothing marshal can write; parsed every time
        return value
    if len(_toml) >= TOML_KEPT:
        _toml = {}
    _toml[digest] = raw
    if path is not None:
        store(path, TOML_STORE, _toml)
    return value
