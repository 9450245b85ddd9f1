"""The user's cache folder: data healthlint derives from its own data, kept between runs.

What is kept here depends only on healthlint's data, its libraries and the Python running it,
never on an article: compiled regexes (``patterns.py``) and the dictionaries in a form that
loads fast (the spelling check). The folder is ``$HEALTHLINT_CACHE_DIR`` when it is set, else
``$XDG_CACHE_HOME/healthlint`` or ``~/.cache/healthlint``. A value is stored under a key that
names what it was made from; a file that is missing, damaged or made from something else is a
miss, and a folder that cannot be written only costs the time of building the value again.
Files are written to a temporary name and renamed into place, so concurrent runs may share it.
"""

from __future__ import annotations

import contextlib
import marshal
import mmap
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

FORMAT = 1  # the layout of a file; a new layout is a new file name


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
    return stored[1]


def store(path: Path, key: str, value: Any) -> None:
    """Write ``value`` under ``key`` at ``path`` whole, or not at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps((key, value)))
        os.replace(temp, path)
    except (OSError, ValueError):  # ValueError: nothing marshal can write
        with contextlib.suppress(OSError):
            os.unlink(temp)
