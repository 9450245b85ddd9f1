"""One article's markdown-it tokens -> one safe HTML page.

Issue 4 ("What a page is", "Safe") and DESIGN.md ("Export"). The tokens are those of the
Document the checks read (one parse per article); nothing here parses the Markdown again.

The body goes through markdown-it's HTML renderer with our own rules (stable unique heading ids,
``rel="noopener noreferrer"`` on external links, local images pointed at their copy in
``assets/``), then through nh3 with an allow-list, so raw HTML in an article can never carry
script: no ``<script>``/``<iframe>``/``<object>``/``<embed>``/``<form>``/``<base>``/``<meta>``/
``<style>``, no event-handler attributes, and only http(s)/mailto/tel or relative URLs (nh3
decodes entities and strips control characters before it reads a URL's scheme, so
``jav&#x09;ascript:`` is caught). Front matter reaches the page only through Jinja2's
autoescaping, and the JSON-LD block escapes ``<``, ``>`` and ``&`` so it cannot close its
``<script>`` element (the OWASP XSS Prevention Cheat Sheet's advice for JSON in HTML).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote, unquote, urlsplit

import nh3
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markupsafe import Markup

from healthlint.commands.export.options import (  # noqa: F401  (the slug rules, for the exporter)
    IMAGE_OUTSIDE,
    IMAGE_UNUSABLE,
    RESERVED_SLUGS,
    SLUG_RE,
    article_slug,
    heading_slug,
    valid_slug,
)
from healthlint.config import Config, Profile, RequiredSection, normalize
from healthlint.core.findings import Finding, Rule
from healthlint.core.options import SECTIONS
from healthlint.parse.document import Document, markdown
from healthlint.rules.disclaimer import find_disclaimer

if TYPE_CHECKING:
    import jinja2

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"})
MEDIA_DIR = "assets/media"
MEDIA_NAME_RE = re.compile(r"[0-9a-f]{16}-[A-Za-z0-9._-]+")  # a copied image in MEDIA_DIR



# Template ids that heading ids must not take; footnote ids come from the footnote plugin.
PAGE_IDS = frozenset({"content", "toc", "toc-title", "disclaimer", "sources-list", "top"})
FOOTNOTE_ID_RE = re.compile(r"fn(?:ref)?\d+(?::\d+)?")

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul", "var", "wbr",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start", "reversed"},
    "li": {"value", "id"},
    "sup": {"id"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "td": {"style", "colspan", "rowspan"},
    **{f"h{n}": {"id"} for n in range(1, 7)},
}
ALLOWED_CLASSES = {  # the footnote plugin's markup, and ours
    "sup": {"footnote-ref"}, "a": {"footnote-backref"}, "section": {"footnotes"},
    "ol": {"footnotes-list"}, "li": {"footnote-item"}, "hr": {"footnotes-sep"},
    "span": {"image-missing"},  # an image left out (exported with --force)
}
REMOVED_WITH_CONTENT = frozenset({
    "script", "style", "template", "iframe", "object", "embed", "noscript", "noembed",
    "noframes", "textarea", "select", "xmp", "plaintext", "svg", "math", "title",
})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
EXTERNAL_RE = re.compile(r"(?i)(?:https?:)?//")
# The one style a page keeps: the alignment markdown-it writes on table cells. nh3 keeps the
# text-align property whatever its value, and IE ran script from `expression(...)` there.
ALIGN_STYLE_RE = re.compile(r"\s*text-align\s*:\s*(?:left|right|center|justify|start|end)\s*;?\s*",
                            re.IGNORECASE)
ANCHOR_TAG_RE = re.compile(r'<a((?:\s+[^\s"=>]+(?:="[^"]*")?)*)\s*>')

SCHEMA_ABOUT = {  # profile name -> schema.org type of what the page is about
    "condition": "MedicalCondition",
    "medication": "Drug",
    "procedure": "MedicalProcedure",
    "wellness": "MedicalEntity",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


class Asset(NamedTuple):
    """A local image to publish: the file, where it goes in the site, its SHA-256."""

    source: str
    target: str
    sha256: str


@dataclass(frozen=True)
class TocEntry:
    id: str
    title: str


@dataclass(frozen=True)
class ArticleMeta:
    """What the index, manifest and sitemap need to know about an exported article."""

    slug: str
    title: str
    description: str
    type: str
    profile: str
    author: str
    reviewer: str
    last_reviewed: str | None
    next_review: str | None
    lang: str


@dataclass
class RenderedPage:
    meta: ArticleMeta
    html: str
    assets: list[Asset] = field(default_factory=list)


# ---- front matter ----------------------------------------------------------------------------
# Code points HTML forbids in a document (WHATWG "control-character-in-input-stream",
# "noncharacter-in-input-stream" and "surrogate-in-input-stream" parse errors).
_NONCHARACTERS = "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(17))
NOT_IN_HTML_RE = re.compile(
    r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff" + _NONCHARACTERS + "]")


def plain_text(text: str) -> str:
    """Text as one line, without the code points that HTML does not allow."""
    return " ".join(NOT_IN_HTML_RE.sub("", text).split())


def text_value(value: object) -> str:
    """A front matter value as display text ('' for tables and other non-text values)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return plain_text(str(value))
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(plain_text(str(v)) for v in value)
    return ""


def iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def human_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def article_meta(doc: Document, slug: str, profile: Profile, is_default: bool) -> ArticleMeta:
    fm = doc.front_matter
    title = text_value(fm.get("title")) or plain_text(doc.title or "") or slug
    reviewed = iso_date(fm.get("last_reviewed"))
    try:
        due = reviewed + dt.timedelta(days=profile.review_days) if reviewed else None
    except OverflowError:  # after the year 9999 (reviewed "9999-12-31", exported with --force)
        due = None
    lang = text_value(fm.get("lang"))
    return ArticleMeta(
        slug=slug, title=title, description=text_value(fm.get("description")),
        type=text_value(fm.get("type")), profile="" if is_default else profile.name,
        author=text_value(fm.get("author")), reviewer=text_value(fm.get("reviewer")),
        last_reviewed=reviewed.isoformat() if reviewed else None,
        next_review=due.isoformat() if due else None,
        lang=lang if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", lang) else "en",
    )


# ---- images ----------------------------------------------------------------------------------
@dataclass
class ImagePlan:
    """For each image ``src`` of the article: the URL to use in the page, or None (dropped)."""

    urls: dict[str, str | None] = field(default_factory=dict)
    assets: list[Asset] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # what each src resolved to, as JSON data: the image findings follow from these (and the
    # article and config), so a cached outcome holds while every src resolves the same way
    facts: list[list[str | None]] = field(default_factory=list)


def image_fact(src: str, resolved: tuple[str | None, tuple[Rule, str] | None, Asset | None]
               ) -> list[str | None]:
    url, problem, asset = resolved
    found = [problem[0].code, problem[1]] if problem else [None, None]
    return [src, url, *found, *(asset or (None, None, None))]


def images_resolve_as(facts: object, source: Path, root: Path, config: Config) -> bool:
    """Whether every image src in ``facts`` (ImagePlan.facts of an earlier run) resolves now
    as it did then: the same URL, the same problem, the same file with the same SHA-256."""
    if not isinstance(facts, list):
        return False
    root = root.resolve()
    for fact in facts:
        if not isinstance(fact, list) or not fact or not isinstance(fact[0], str):
            return False
        if image_fact(fact[0], _resolve_image(fact[0], source, root, max_image_size(config))) \
                != fact:
            return False
    return True


def max_image_size(config: Config) -> int:
    limit: int = config.section("export").get("max-image-size",
                                              SECTIONS["export"]["max-image-size"].default)
    return limit


def plan_images(doc: Document, source: Path, root: Path, config: Config) -> ImagePlan:
    """Resolve every image against the article's folder; only files inside ``root`` are kept."""
    plan = ImagePlan()
    root = root.resolve()
    max_bytes = max_image_size(config)
    for image in doc.images:
        if image.src in plan.urls:
            continue
        resolved = _resolve_image(image.src, source, root, max_bytes)
        plan.facts.append(image_fact(image.src, resolved))
        url, problem, asset = resolved
        plan.urls[image.src] = url
        if asset is not None and asset not in plan.assets:
            plan.assets.append(asset)
        if problem is not None:
            which, message = problem
            if config.enabled(which.code):
                start, end = _image_span(doc, image.line, image.src)
                found = doc.finding(which, start, end, message)
                plan.findings.append(replace(found, severity=config.severity_of(which)))
    plan.assets.sort(key=lambda a: a.target)
    return plan


def _resolve_image(src: str, source: Path, root: Path, max_bytes: int
                   ) -> tuple[str | None, tuple[Rule, str] | None, Asset | None]:
    parts = urlsplit(src)
    if parts.scheme in ("http", "https") or (not parts.scheme and src.startswith("//")):
        return src, None, None
    if parts.scheme:
        return None, (IMAGE_UNUSABLE, f"image URL scheme {parts.scheme + ':'!r} is not allowed; "
                      "use an https:// URL or a file in the content folder"), None
    path_text = unquote(parts.path)
    if not path_text or path_text.startswith("/"):
        return None, (IMAGE_OUTSIDE, f"image path {path_text!r} is not relative to the article; "
                      "use a path inside the content folder"), None
    try:
        resolved = (source.parent / path_text).resolve()
        if not resolved.is_relative_to(root):
            return None, (IMAGE_OUTSIDE, f"image {path_text!r} is outside the content folder "
                          f"{root.name!r}; it is not published"), None
        if resolved.suffix.lower() not in IMAGE_TYPES:
            return None, (IMAGE_UNUSABLE, f"image {path_text!r}: type "
                          f"{resolved.suffix or '(none)'!r} is not published; use PNG, JPEG, "
                          "GIF, WebP or AVIF"), None
        if not resolved.is_file():
            return None, (IMAGE_UNUSABLE, f"image {path_text!r} not found"), None
        size = resolved.stat().st_size
        if size > max_bytes:  # checked before anything is read
            return None, (IMAGE_UNUSABLE, f"image {path_text!r} is {size:,} bytes, over the "
                          f"{max_bytes:,}-byte limit (max-image-size); make it smaller for the "
                          "web"), None
        with open(resolved, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except (OSError, ValueError, RuntimeError) as exc:
        # a NUL byte in the path (ValueError), a name too long or unreadable file (OSError),
        # a symbolic link loop (RuntimeError from Path.resolve)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, (IMAGE_UNUSABLE, f"image {path_text[:80]!r} cannot be opened: "
                      f"{reason[:200]}"), None
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", resolved.name).strip("-.") or "image"
    target = f"{MEDIA_DIR}/{digest[:16]}-{name}"
    return "../" + quote(target), None, Asset(str(resolved), target, digest)


def _image_span(doc: Document, line: int, src: str) -> tuple[int, int]:
    start, end = doc.line_span(line)
    for needle in (src, unquote(src)):
        at = doc.text.find(needle, start, end)
        if at >= 0:
            return at, at + len(needle)
    return start, end


# ---- headings, disclaimer, sources -----------------------------------------------------------
def inline_text(token: Token) -> str:
    """Plain text of an inline token (text, code, image alt), white space collapsed."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(inline_text(child))
    return plain_text("".join(parts))


def heading_ids(tokens: Sequence[Token]) -> dict[int, str]:
    """Token index of each heading_open -> a unique id, stable for the same headings in order."""
    used = set(PAGE_IDS)
    # the last suffix tried for each base: ids are only ever added, so the next free one is
    # never below it (probing from 2 each time was quadratic in the number of equal headings)
    last_suffix: dict[str, int] = {}
    ids: dict[int, str] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        base = heading_slug(inline_text(tokens[index + 1]))
        if FOOTNOTE_ID_RE.fullmatch(base):
            base = f"section-{base}"
        n = last_suffix.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        last_suffix[base] = n
        used.add(candidate)
        ids[index] = candidate
    return ids


def disclaimer_range(doc: Document, config: Config) -> range:
    """Token indices of the disclaimer (a paragraph, or a top-level blockquote), located by the
    disclaimer check's own look-up (checks/disclaimer.py), so page and check agree."""
    prose = find_disclaimer(doc, config.section("disclaimer"))
    if prose is None:
        return range(0)
    tokens = doc.tokens
    opener = "blockquote_open" if prose.in_blockquote else "paragraph_open"
    for index, token in enumerate(tokens):
        if token.type != opener or not token.map:
            continue
        if prose.in_blockquote and token.level == 0 and \
                token.map[0] + 1 <= prose.line <= token.map[1]:
            return range(index, _closing(tokens, index))
        if not prose.in_blockquote and token.map[0] + 1 == prose.line:
            return range(index, _closing(tokens, index))
    return range(0)


def _closing(tokens: Sequence[Token], start: int) -> int:
    """Index just past the token that closes ``tokens[start]``."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index + 1
    return len(tokens)


SOURCES_FALLBACK = RequiredSection(("Sources", "References"))


def find_sources(doc: Document, profile: Profile) -> tuple[int, int] | None:
    """Token range ``[start, end)`` of the Sources/References section (last one), or None."""
    wanted = next((s for s in profile.sections
                   if {"sources", "references"} & {normalize(n) for n in s.names}),
                  SOURCES_FALLBACK)
    matches = [s for s in doc.sections if s.level >= 2 and wanted.matches(s.title)]
    if not matches:
        return None
    section = matches[-1]
    tokens = doc.tokens
    start = next((i for i, t in enumerate(tokens) if t.type == "heading_open" and t.map
                  and t.map[0] + 1 == section.line), None)
    if start is None:
        return None
    end = start + 1
    while end < len(tokens):
        token = tokens[end]
        if token.type == "footnote_block_open":
            break
        if token.type == "heading_open" and int(token.tag[1:]) <= section.level:
            break
        end += 1
    return start, end


def _as_ordered(tokens: Sequence[Token]) -> list[Token]:
    """Tokens of the sources range with its top-level bullet lists turned into <ol>."""
    depth = 0
    result: list[Token] = []
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if token.type == "bullet_list_open" and depth == 1:
                token = token.copy(type="ordered_list_open", tag="ol", markup=".")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            if token.type == "bullet_list_close" and depth == 1:
                token = token.copy(type="ordered_list_close", tag="ol", markup=".")
            depth -= 1
        result.append(token)
    return result


# ---- the renderer ----------------------------------------------------------------------------
class PageRenderer(RendererHTML):
    """markdown-it's HTML renderer with heading ids, safe external links and image paths.

    ``env`` carries ``heading_ids`` (id(token) -> id) and ``images`` (src -> URL or None).
    Tokens belong to the Document and are never changed: rules render copies.
    """

    def __init__(self) -> None:
        md = markdown()
        super().__init__(md)
        for name, func in md.renderer.rules.items():  # plugin rules (footnotes), rebound to us
            target = getattr(func, "__func__", None)
            if target is not None and getattr(func, "__self__", None) is md.renderer:
                self.rules[name] = target.__get__(self)
        self.rules["heading_open"] = self.heading_open
        self.rules["link_open"] = self.link_open
        self.rules["image"] = self.image
        self.rules["front_matter"] = lambda *args: ""

    def heading_open(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        anchor = env["heading_ids"].get(id(token))
        copy = token.copy(attrs={**token.attrs, "id": anchor} if anchor else dict(token.attrs))
        return f"<{copy.tag}{self.renderAttrs(copy)}>"

    def link_open(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        attrs = dict(token.attrs)
        href = str(attrs.get("href", ""))
        if href in env.get("article_links", {}):  # another article: its page, or no link
            url = env["article_links"][href]
            if url is None:
                del attrs["href"]
            else:
                attrs["href"] = url
        elif EXTERNAL_RE.match(href):
            attrs["rel"] = "noopener noreferrer"
        return self.renderToken([token.copy(attrs=attrs)], 0, options, env)

    def image(self, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env)
        url = env["images"].get(str(token.attrs.get("src", "")))
        if url is None:
            return f'<span class="image-missing">{html.escape(alt)}</span>' if alt else ""
        copy = token.copy(attrs={**token.attrs, "src": url, "alt": alt})
        return self.renderToken([copy], 0, options, env)


@cache
def page_renderer() -> PageRenderer:
    return PageRenderer()


# ---- sanitizing ------------------------------------------------------------------------------
def sanitize(fragment: str, allowed_ids: frozenset[str], asset_urls: frozenset[str]) -> str:
    """Clean rendered HTML with the allow-list; ids and local image paths must be ours."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            return value if value in allowed_ids or FOOTNOTE_ID_RE.fullmatch(value) else None
        if tag == "img" and attribute == "src":
            return value if value in asset_urls or EXTERNAL_RE.match(value) else None
        if attribute == "style":
            return value if ALIGN_STYLE_RE.fullmatch(value) else None
        return value

    def clean(text: str) -> str:
        return nh3.clean(
            text, tags=set(ALLOWED_TAGS),
            clean_content_tags=set(REMOVED_WITH_CONTENT),
            attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=keep, strip_comments=True, link_rel=None,
            tag_attribute_values={"a": {"rel": {"noopener noreferrer"}}},
            url_schemes=set(URL_SCHEMES),
            allowed_classes={k: set(v) for k, v in ALLOWED_CLASSES.items()},
            filter_style_properties={"text-align"},
        )

    cleaned = clean(NOT_IN_HTML_RE.sub("", fragment))
    if _nested_paragraphs(cleaned):
        # An element that is dropped but keeps its text (<applet>, <marquee>, <button>...)
        # is a scope boundary for the HTML parser: "<p><applet>x</p>" gives it an empty <p>
        # of its own, and once the element is gone "<p>x<p></p></p>" is left, which no parser
        # reads back as written. Cleaning the cleaned text again parses it as a browser would.
        cleaned = EMPTY_P_RE.sub("", clean(cleaned))
    return ANCHOR_TAG_RE.sub(_add_rel, cleaned).strip()


P_TAG_RE = re.compile(r"<(/?)p>")  # nh3 writes <p> without attributes (none are allowed)
EMPTY_P_RE = re.compile(r"<p></p>")


def _nested_paragraphs(cleaned: str) -> bool:
    depth = 0
    for match in P_TAG_RE.finditer(cleaned):
        depth += -1 if match.group(1) else 1
        if depth > 1 or depth < 0:
            return True
    return False


def _add_rel(match: re.Match[str]) -> str:
    """rel="noopener noreferrer" on external links that raw HTML wrote without it."""
    attrs = match.group(1)
    href = re.search(r'\shref="([^"]*)"', attrs)
    if href and EXTERNAL_RE.match(html.unescape(href.group(1))) and " rel=" not in attrs:
        return f'<a{attrs} rel="noopener noreferrer">'
    return match.group(0)


def json_ld(data: dict[str, Any]) -> str:
    """JSON for a <script type="application/ld+json"> block that no value can close or break."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def page_json_ld(meta: ArticleMeta, canonical: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": meta.title,
        "inLanguage": meta.lang,
        "about": {"@type": SCHEMA_ABOUT.get(meta.profile, "MedicalEntity"), "name": meta.title},
    }
    if meta.description:
        data["description"] = meta.description
    if meta.last_reviewed:
        data["lastReviewed"] = meta.last_reviewed
    if meta.reviewer:
        data["reviewedBy"] = {"@type": "Person", "name": meta.reviewer}
    if meta.author:
        data["author"] = {"@type": "Person", "name": meta.author}
    if canonical:
        data["url"] = canonical
    return data


# ---- templates -------------------------------------------------------------------------------
def template_folders(config: Config) -> list[Path]:
    """The publisher's folder (``[tool.healthlint.export] templates``) first, then ours."""
    folder = str(config.options.get("export", {}).get("templates", "") or "")
    if not folder:
        return [BUILTIN_TEMPLATES]
    return [(config.root / folder).resolve(), BUILTIN_TEMPLATES]


TEMPLATES = ("base.html", "index.html", "page.html")  # the templates export loads by name


def template_folder_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot be a publisher's template folder, or None when it can be."""
    try:
        if not folder.is_dir():
            return "is not a folder" if os.path.lexists(folder) else "not found"
        if any((folder / name).is_file() for name in (*TEMPLATES, *STATIC_FILES)):
            return None
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    return (f"is not a template folder: it holds none of {', '.join(TEMPLATES)}, "
            f"{', '.join(STATIC_FILES)}")


@cache
def environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    import jinja2  # only an export needs it; `healthlint check` should not pay for the import

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["human_date"] = human_date
    return env


# ---- the page --------------------------------------------------------------------------------
DEFAULT_SITE_TITLE = "Health information"


def site_title(config: Config) -> str:
    """The index page's title (``[tool.healthlint.export] site-title``)."""
    return str(config.options.get("export", {}).get("site-title") or DEFAULT_SITE_TITLE)


def site_name(config: Config) -> str:
    """The site's name in every page's header and title: ``site-name``, else the site-title."""
    return str(config.options.get("export", {}).get("site-name") or site_title(config))


def render_article(doc: Document, slug: str, config: Config, images: ImagePlan,
                   base_url: str | None, forced: bool = False,
                   links: dict[str, str | None] | None = None) -> RenderedPage:
    """Render the page for one article from its tokens (already linted, slug already valid).
    ``forced``: it has error findings and is published only because of ``--force``, so the
    page says it did not pass review and asks search engines not to index it. ``links``: each
    link to another article (``beta.md``) -> the URL of its page, or None (not published)."""
    profile = config.profile_for(doc.front_matter.get("type"))
    meta = article_meta(doc, slug, profile or config.default_profile, profile is None)
    tokens = doc.tokens
    ids = heading_ids(tokens)
    skip: set[int] = set()
    title_at = next((i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"),
                    None)
    if title_at is not None:
        skip.update(range(title_at, title_at + 3))
    disclaimer = disclaimer_range(doc, config)
    skip.update(disclaimer)
    sources_range = find_sources(doc, profile or config.default_profile)
    if sources_range is not None:
        skip.update(range(*sources_range))
    body_tokens = [t for i, t in enumerate(tokens) if i not in skip and t.type != "front_matter"]
    env = {"heading_ids": {id(tokens[i]): v for i, v in ids.items()}, "images": images.urls,
           "article_links": links or {}}
    renderer = page_renderer()
    options = markdown().options
    allowed_ids = frozenset(ids.values())
    asset_urls = frozenset(u for u in images.urls.values() if u and not EXTERNAL_RE.match(u))

    def clean(part: list[Token]) -> Markup:
        return Markup(sanitize(renderer.render(part, options, env), allowed_ids, asset_urls))

    sources_html = None
    if sources_range is not None:
        kept = [t for i, t in zip(range(*sources_range), tokens[slice(*sources_range)])
                if i not in disclaimer]
        sources_html = clean(_as_ordered(kept))
    disclaimer_html = None
    if disclaimer:
        inner = [tokens[i] for i in disclaimer]
        if inner[0].type == "blockquote_open":
            inner = inner[1:-1]
        disclaimer_html = clean(inner)
    sources_heading = sources_range[0] if sources_range is not None else None
    toc = [TocEntry(ids[i], inline_text(tokens[i + 1])) for i in sorted(ids)
           if tokens[i].tag == "h2" and (i not in skip or i == sources_heading)]
    canonical = f"{base_url}{slug}/" if base_url else None
    page = environment(tuple(template_folders(config))).get_template("page.html").render(
        meta=meta, body=clean(body_tokens), disclaimer=disclaimer_html, sources=sources_html,
        toc=toc, canonical=canonical, root="../", site_name=site_name(config), forced=forced,
        json_ld=Markup(json_ld(page_json_ld(meta, canonical))),
    )
    return RenderedPage(meta, page, list(images.assets))


def render_index(config: Config, groups: Iterable[tuple[str, list[ArticleMeta]]],
                 site_title: str, base_url: str | None,
                 forced: frozenset[str] = frozenset()) -> str:
    """The index page; ``forced``: the slugs of pages published with --force, marked."""
    template = environment(tuple(template_folders(config))).get_template("index.html")
    return template.render(groups=list(groups), site_title=site_title, root="",
                           canonical=base_url or None, site_name=site_name(config),
                           forced=forced)


STATIC_FILES = ("style.css", "icon.png")  # copied from the template folders into assets/


def static_file(config: Config, name: str) -> bytes:
    """A static file of the site, from the publisher's template folder or ours."""
    for folder in template_folders(config):
        candidate = folder / name
        if candidate.is_file():
            return candidate.read_bytes()
    raise FileNotFoundError(f"{name} not found in the template folders")


def templates_digest(config: Config) -> str:
    """SHA-256 over every file of the template folders, for the incremental cache."""
    from healthlint.commands.export.site import tree_digest

    return tree_digest(template_folders(config))
