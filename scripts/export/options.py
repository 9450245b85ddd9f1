"""The export command's options and its ``[tool.healthlint.export]`` config table, declared
apart from the exporter so that ``healthlint check`` starts without importing it."""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from healthlint.core.families import declared, load_family

# The export's own findings (engine family) and its config table, declared in rules.toml
# beside this file and registered with the other rules so that `healthlint rules`,
# `explain`, select/ignore and SARIF know them. The library does not import this module; a
# config that names the export table loads it through the `healthlint.families` entry point.
load_family(resources.files(__package__).joinpath("rules.toml").read_text("utf-8"),
            "healthlint.commands.export:rules.toml")
INVALID_SLUG = declared("HL020")
SLUG_CLASH = declared("HL021")
IMAGE_OUTSIDE = declared("HL022")
IMAGE_UNUSABLE = declared("HL023")



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
