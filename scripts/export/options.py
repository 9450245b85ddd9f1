"""The export command's options and its ``[tool.healthlint.export]`` config table, declared
apart from the exporter so that ``healthlint check`` starts without importing it."""

from __future__ import annotations

import argparse
from pathlib import Path

from healthlint.core.findings import Severity, rule
from healthlint.engine.checks import Option, register_section

# The export's own findings (engine family): registered with the other rules so that
# `healthlint rules`, `explain`, select/ignore and SARIF know them.
INVALID_SLUG = rule(
    "HL020", "export-slug-invalid", Severity.ERROR,
    summary="The article's slug cannot be used as a folder of the exported site.",
    what="Reports a front matter `slug` (or, without one, a file name) that is not lower-case "
    "letters and digits joined by single hyphens, or that is reserved (`assets`). Nothing is "
    "exported for the article.",
    why="The slug becomes `DIR/<slug>/index.html`; a value such as `../x`, `/etc` or `a/b` "
    "would write outside its folder or outside the site, and anything else makes URLs that "
    "break when copied.",
    example="slug: ../../etc",
    instead="slug: long-term-clonazepam",
)
SLUG_CLASH = rule(
    "HL021", "export-slug-clash", Severity.ERROR,
    summary="Two articles would be exported to the same slug.",
    what="Reports every article whose slug another article in the same export also has. "
    "Neither is exported, whatever the order of the files.",
    why="Exporting one of them would silently drop the other, and which one wins would depend "
    "on the order of files on disk.",
    example="asthma.md and asthma-in-children.md that both say `slug: asthma`.",
    instead="Give each article its own slug.",
)
IMAGE_OUTSIDE = rule(
    "HL022", "image-outside-content", Severity.ERROR,
    summary="An image points outside the content folder, so it is not published.",
    what="Reports a local image whose path (after `..` and symbolic links) leaves the folder "
    "being exported, or that starts with `/`.",
    why="Export copies only files inside the content folder, so that an article cannot "
    "publish other files of the machine it is built on.",
    example="![Inhaler](../../private/photo.jpg)",
    instead="Put the image in the content folder and use a path relative to the article: "
    "![Inhaler](images/inhaler.jpg).",
)
IMAGE_UNUSABLE = rule(
    "HL023", "image-unusable", Severity.ERROR,
    summary="An image cannot be published: the file is missing, its type is not allowed, or "
    "its URL scheme is unsafe.",
    what="Reports a local image that does not exist, one that is not PNG, JPEG, GIF, WebP or "
    "AVIF (SVG can carry script), and an image whose URL is not http(s) or a relative path "
    "(`data:`, `javascript:`...).",
    why="A missing image is a broken page; SVG files and data: URLs can run script in the "
    "reader's browser (OWASP XSS Prevention Cheat Sheet).",
    example="![Peak flow chart](images/peak-flow.svg)",
    instead="![Peak flow chart](images/peak-flow.png)",
)


EXPORT_OPTIONS = {
    "templates": Option(str, "", "a folder of Jinja2 templates (relative to the config file) "
                        "that replace the built-in ones of the same name"),
    "site-title": Option(str, "Health information", "the title of the site's index page"),
    "base-url": Option(str, "", "public URL of the site (canonical links, sitemap.xml); "
                       "--base-url overrides it"),
}

register_section("export", EXPORT_OPTIONS)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Export-only options; ``paths``, ``--config``, ``--jobs``... come from cli.add_common."""
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="the site folder to write (replaced as a whole, atomically)")
    parser.add_argument("--base-url", metavar="URL",
                        help="public URL of the site: adds canonical links and sitemap.xml")
    parser.add_argument("--force", action="store_true",
                        help="export articles with error findings too (and say so)")
    parser.add_argument("--clean", action="store_true",
                        help="replace an existing DIR even if it is not a healthlint export")
    parser.set_defaults(jobs=None)  # export: one worker per core unless --jobs says otherwise
