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
from urllib.parse import unquote, urlsplit

import yaml

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
BROKEN_ARTICLE_LINK = declared("HL025")


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


# ---- links between articles ------------------------------------------------------------------
def article_link(href: str) -> tuple[str, str] | None:
    """(path, fragment) of a link to another article, a relative link to a ``.md`` file
    (``beta.md``, ``../drugs/beta.md#side-effects``); None for any other link."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or path.startswith("/") or \
            not path.lower().endswith(".md"):
        return None
    return path, parts.fragment


def linked_article(doc: Document, path: str) -> Path:
    """The file a link's path names: relative to the folder of the article that holds it."""
    return Path(doc.path).parent / path


def heading_ids_of(file: Path, ctx: Context) -> list[str] | None:
    """The heading ids the exported page of ``file`` has (None: it cannot be read), from its
    own parse, once per file per run."""
    cache = ctx.cache.setdefault("article-heading-ids", {})
    key = str(file.resolve())
    if key not in cache:
        from healthlint.commands.export.render import heading_ids  # only for links with anchors
        from healthlint.parse.document import read_document

        linked, _ = read_document(file, str(file), ctx.config.max_file_size)
        if linked is None:
            cache[key] = None
        else:  # the first H1 is the page's title, shown without an id
            tokens = linked.tokens
            title = next((i for i, t in enumerate(tokens) if t.type == "heading_open"
                          and t.tag == "h1"), None)
            cache[key] = [v for i, v in heading_ids(tokens).items() if i != title]
    found: list[str] | None = cache[key]
    return found


# A link to a Markdown file, inline or as a reference definition: what `export` rewrites.
MD_LINK_RE = re.compile(r"(?:\]\(\s*<?|^\s{0,3}\[[^\]\n]+\]:\s*<?)([^\s()<>]+?\.md(?:#[^\s()<>]*)?)"
                        r"(?=[\s)>]|$)", re.M | re.I)
FENCE_RE = re.compile(r"---[ \t]*\r?\n?")


def source_lines(file: Path, max_bytes: int) -> Iterator[str]:
    """The lines of an article's source, read a piece at a time (a line longer than 64 KB
    comes in pieces): the exporter reads every article before it renders, and must not hold
    one whole. Nothing from a file over ``max_bytes`` (the lint reports it unread, HL004), a
    folder or a file that cannot be read."""
    try:
        if not file.is_file() or file.stat().st_size > max_bytes:
            return
        with open(file, encoding="utf-8-sig", errors="replace", newline="") as handle:
            while line := handle.readline(65536):
                yield line
    except OSError:
        return


def file_slug(file: Path, max_bytes: int) -> str | None:
    """The slug export gives the article in ``file`` (front matter ``slug``, else the file
    name), read without parsing the Markdown: the exporter needs every article's slug before
    it renders the pages that link to them. None when it has no usable slug (HL020)."""
    from healthlint.parse.frontmatter import FrontMatterLoader

    value: object = PurePosixPath(file.name).stem
    lines = source_lines(file, max_bytes)
    if FENCE_RE.fullmatch(next(lines, "")):
        block: list[str] = []
        for line in lines:
            if FENCE_RE.fullmatch(line):
                value = _slug_in(''.join(block), FrontMatterLoader, value)
                break
            block.append(line)
    return value if valid_slug(value) else None


def _slug_in(yaml_text: str, loader: type[yaml.SafeLoader], default: object) -> object:
    """The front matter's slug as the lint's loader reads it; ``default`` when there is none
    or the front matter cannot be read (the lint says why: HL005, HL007)."""
    if "slug" not in yaml_text:  # no slug key: the file name, and no YAML to load
        return default
    from healthlint.parse.frontmatter import load_with_libyaml

    fast = load_with_libyaml(yaml_text)  # plain `key: value` lines: libyaml, as the lint reads
    if fast is not None:
        data = fast[1]
        return data["slug"] if isinstance(data, dict) and data.get("slug") is not None \
            else default
    try:
        if ("&" in yaml_text or "*" in yaml_text) and any(
                isinstance(e, yaml.AliasEvent) or getattr(e, "anchor", None)
                for e in yaml.parse(yaml_text, Loader=loader)):
            return default  # anchors and aliases are refused (HL007)
        data = yaml.load(yaml_text, Loader=loader)
    except Exception:  # noqa: BLE001 - unreadable front matter (HL005)
        return default
    if isinstance(data, dict) and data.get("slug") is not None:
        return data["slug"]
    return default


def md_links(file: Path, max_bytes: int) -> list[str]:
    """The targets of the links to Markdown files in ``file``'s source, line by line."""
    found: set[str] = set()
    for line in source_lines(file, max_bytes):
        if ".md" in line or ".MD" in line.upper():
            found.update(MD_LINK_RE.findall(line))
    return sorted(found)


def link_span(doc: Document, line: int, href: str) -> tuple[int, int]:
    """The link's target on its line, or the whole line when it is written elsewhere (a
    reference definition)."""
    start, end = doc.line_span(line)
    at = doc.text.find(href, start, end)
    return (at, at + len(href)) if at >= 0 else (start, end)


@check("article-links", rules=(BROKEN_ARTICLE_LINK.code,))
def article_links(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A link to an article that does not exist, or to a heading it does not have: found by
    `check`, before an export would publish a broken link."""
    for link in doc.links:
        target = article_link(link.href)
        if target is None:
            continue
        path, fragment = target
        file = linked_article(doc, path)
        if not file.is_file():
            yield doc.finding(
                BROKEN_ARTICLE_LINK, *link_span(doc, link.line, link.href),
                f"the link to `{path}` names no article: there is no file {file.as_posix()}",
                suggestion="link to an article that exists, by its file name relative to this "
                "one, or remove the link")
            continue
        if not fragment:
            continue
        ids = heading_ids_of(file, ctx)
        if ids is not None and fragment not in ids:
            shown = ", ".join(f"#{i}" for i in ids[:12]) + (", ..." if len(ids) > 12 else "")
            yield doc.finding(
                BROKEN_ARTICLE_LINK, *link_span(doc, link.line, link.href),
                f"`{path}` has no heading with the id `{fragment}`"
                + (f"; its headings are {shown}" if ids else "; it has no headings"),
                suggestion=f"{path}#{ids[0]}" if ids else path)


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
