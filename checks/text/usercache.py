"""The user's cache folder (``healthlint.usercache``, the bottom layer: the family data files of
``healthlint.core`` are read through it too), under the name the text layer has used."""

from healthlint.usercache import (
    FORMAT,
    MARK,
    ORPHAN,
    UNUSED,
    family,
    folder,
    load,
    prune,
    python_tag,
    store,
    toml,
)

__all__ = ["FORMAT", "MARK", "ORPHAN", "UNUSED", "family", "folder", "load", "prune",
           "python_tag", "store", "toml"]
