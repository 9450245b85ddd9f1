"""The export command's options and its ``[tool.healthlint.export]`` config table, declared
apart from the exporter so that ``healthlint check`` starts without importing it."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterator
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from healthlint.core.families import declared, load_family
from healthlint.core.findings import Finding
from healthlint.core.options import register_validator
from healthlint.engine.checks import Context, check

if TYPE_CHECKING:
    from healthlint.parse.document import Document

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED_SLUGS = frozenset({"assets"})
# A slug is a folder name: at most 255 bytes on ext4, XFS, Btrfs, APFS and NTFS (NAME_MAX).
MAX_SLUG_LENGTH = 255
# Front matter the page shows (scripts/render.py, article_meta).
PAGE_FIELDS = ("title", "description", "type", "author", "reviewer", "lang")

# The export's own findings (engine family) and its config table, declared in rules.toml
# beside this file and registered with the other rules so that `healthlint rules`,
# `explain`, select/ignore and SARIF know them. The library does not import this module; a
# config that names the export table loads it through the `healthlint.families` entry point.
HERE = resources.files(__package__)
load_family(HERE.joinpath("rules.toml").read_text("utf-8"),
            "healthlint.commands.export:rules.toml", HERE)
INVALID_SLUG = declared("HL020")
SLUG_CLASH = declared("HL021")
IMAGE_OUTSIDE = declared("HL022")
IMAGE_UNUSABLE = declared("HL023")
UNRENDERABLE = declared("HL024")


# Not in a URL: white space, quotes, angle brackets, backslash, control characters (C0, DEL,
# C1), lone surrogates (a file name's bytes that are not UTF-8) and the non-characters XML
# 1.0 forbids; sitemap.xml and every page's canonical link must stay well-formed.
URL_FORBIDDEN_RE = re.compile(
    r"[\s\"'<>\\\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def base_url_problem(value: str) -> str | None:
    """Why ``value`` cannot be the site's public URL, or None when it can."""
    bad = URL_FORBIDDEN_RE.search(value)
    if bad:
        return f"it holds U+{ord(bad.group()):04X}, which a URL may not"
    try:
        parts = urlsplit(value)
    except ValueError as exc:  # an unbalanced [ or ] in the host
        return str(exc)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "it is not an http(s) URL"
    if parts.query or parts.fragment:
        return "it has a query or a fragment"
    return None


def _validate_export(values: dict[str, object]) -> None:
    url = values.get("base-url")
    if isinstance(url, str) and url:
        problem = base_url_problem(url)
        if problem:
            raise ValueError(f"export.base-url: {url!r}: {problem}; give an http(s) URL "
                             "without query or fragment, such as https://health.example.org/")


register_validator("export", _validate_export)


# ---- what `check` can tell beforehand ----------------------------------------------------------
def valid_slug(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_SLUG_LENGTH and \
        value not in RESERVED_SLUGS and SLUG_RE.fullmatch(value) is not None


def heading_slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens (accents folded); 'section' if none."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "section"


def article_slug(doc: Document, file_name: str) -> tuple[str | None, Finding | None]:
    """The slug from front matter ``slug`` or the file name; a finding when it is not usable."""
    raw = doc.front_matter.get("slug")
    line = doc.front_matter_lines.get("slug", 1) if raw is not None else 1
    where = "front matter slug" if raw is not None else "file name"
    value = raw if raw is not None else PurePosixPath(file_name).stem
    if valid_slug(value):
        return value, None
    if isinstance(value, str) and value in RESERVED_SLUGS:
        why = f"{value!r} is reserved for the site's own files"
    elif isinstance(value, str) and len(value) > MAX_SLUG_LENGTH:
        why = (f"it is {len(value):,} characters long, and a folder name can have at most "
               f"{MAX_SLUG_LENGTH}")
    else:
        why = "use lower-case letters and digits joined by single hyphens"
    shown = value if isinstance(value, str) else type(value).__name__
    if len(shown) > 80:
        shown = shown[:60] + "..."
    suggestion = heading_slug(str(shown))[:MAX_SLUG_LENGTH].strip("-") or "section"
    finding = doc.finding(INVALID_SLUG, *doc.line_span(line),
                          f"{where} {shown!r} cannot be a folder of the site: {why}; "
                          "nothing is exported for this article",
                          suggestion=f"slug: {suggestion}")
    return None, finding


def _not_text(value: object) -> bool:
    """True for a value the page cannot show as text: a whole number too long to convert."""
    if isinstance(value, list):
        return any(_not_text(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            str(value)
        except ValueError:  # over sys.get_int_max_str_digits()
            return True
    return False


def unrenderable_values(doc: Document) -> Iterator[Finding]:
    for key in PAGE_FIELDS:
        if _not_text(doc.front_matter.get(key)):
            line = doc.front_matter_lines.get(key, 1)
            yield doc.finding(
                UNRENDERABLE, *doc.line_span(line),
                f"front matter {key}: a number of more than {sys.get_int_max_str_digits():,} "
                "digits cannot be shown on a page; nothing is exported for this article; "
                "write the value as quoted text")


@check("export", rules=(INVALID_SLUG.code, UNRENDERABLE.code))
def export_readiness(doc: Document, ctx: Context) -> Iterator[Finding]:
    """What `export` would refuse to publish, reported by `check` beforehand."""
    _, problem = article_slug(doc, Path(doc.path).name)
    if problem is not None:
        yield problem
    yield from unrenderable_values(doc)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Export-only options; ``paths``, ``--config``, ``--jobs``... come from cli.add_common."""
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="the site folder to write (replaced as a whole, atomically)")
    parser.add_argument("--base-url", metavar="URL",
                        help="public URL of the site: adds canonical links and sitemap.xml")
    parser.add_argument("--force", action="store_true",
                        help="export articles with error findings too (and say so)")
    parser.add_argument("--clean", action="store_true",
                        help="replace an existing DIR that has no valid manifest.json, when "
                        "all it holds is what an export writes (a damaged export)")
    parser.set_defaults(jobs=None)  # export: one worker per core unless --jobs says otherwise
