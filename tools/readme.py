"""Regenerate the parts of README.md that are generated from the rule data.

    python -m tools.readme          # rewrite README.md in place
    python -m tools.readme --check  # exit 1 when README.md is out of date

The rules table sits between ``<!-- rules-table ... -->`` and ``<!-- rules-table end -->``;
tests/core/test_families.py fails when it differs from ``healthlint rules --format markdown``.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path

from healthlint.commands.cli import rules_table

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- rules-table:[^\n]*-->\n)(.*?)(<!-- rules-table end -->)", re.S)


def generated(text: str) -> str:
    """README text with the rules table replaced by the generated one."""
    if not BLOCK.search(text):
        raise SystemExit("README.md has no <!-- rules-table ... --> block")
    return BLOCK.sub(lambda m: m.group(1) + rules_table() + m.group(3), text, count=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.readme")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = README.read_text("utf-8")
    new = generated(text)
    if args.check:
        return 0 if new == text else 1
    README.write_text(new, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
