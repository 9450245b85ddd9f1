"""Page furniture: the lines a web page puts around an article (comment forms, share and
subscribe prompts, breadcrumbs, post meta, cookie notices), read from checks/data/furniture.toml.

The leftovers family reports them (HL801); the structure family does not take one for a heading
written as plain text (HL109), since the fix is to delete it, not to mark it up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from healthlint import usercache
from healthlint.text import patterns as regex_cache

FURNITURE = "data/furniture.toml"


@dataclass(frozen=True)
class Furniture:
    kind: str
    what: str  # the words a finding uses: "a blog's comment form"
    lines: re.Pattern[str] | None  # matched against a whole line
    comments: re.Pattern[str] | None  # matched against a whole HTML comment's text


def _whole(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return regex_cache.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@cache
def furniture() -> tuple[Furniture, ...]:
    """Every kind of page furniture, in the order of the data file."""
    text = resources.files("healthlint").joinpath(FURNITURE).read_text("utf-8")
    return tuple(Furniture(kind, table["what"], _whole(table.get("lines", [])),
                           _whole(table.get("comments", [])))
                 for kind, table in usercache.toml(text).items())


@lru_cache(maxsize=256)  # the latest lines: after a pass of fixes most are as they were
def furniture_line(line: str) -> Furniture | None:
    """The kind of furniture a whole line of prose is, if it is one."""
    text = line.strip()
    return next((k for k in furniture() if k.lines is not None and k.lines.fullmatch(text)),
                None)


def furniture_comment(comment: str) -> Furniture | None:
    """The kind of furniture an HTML comment's text is, if it is one."""
    text = comment.strip()
    return next((k for k in furniture() if k.comments is not None and k.comments.fullmatch(text)),
                None)
