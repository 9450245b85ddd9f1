"""The export command's options and its ``[tool.healthlint.export]`` config table, declared
apart from the exporter so that ``healthlint check`` starts without importing it."""

from __future__ import annotations

import argparse
from pathlib import Path

from checks.engine import Option, register_section

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
