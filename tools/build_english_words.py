"""Build ``checks/data/english_words.txt``, the general English vocabulary that widens
pyspellchecker's for the spelling check.

A maintainer script, not part of the installed package. The source is SCOWL (Spell Checker
Oriented Word Lists, Kevin Atkinson; a permissive licence, see checks/data/medical_words.md)
as Debian's package ``scowl`` installs it in ``/usr/share/dict/scowl``: the word lists of the
English, American, British (-ise and -ize) and Canadian categories up to size 80, without the
``variant_*`` lists (alternative spellings), names, abbreviations or contractions. We keep
entries of five or more ASCII letters in lower case that neither pyspellchecker nor the
medical vocabulary already knows.

A word list that accepts a typo is worse than none, so, as for the medical list:

- a word one edit away from an English word that pyspellchecker counts at least ``COMMON``
  times is dropped ("wich" beside "which");
- size 80 holds rare and archaic words beside spellings that are typos today ("persue",
  "publically"): a size-80 word is also dropped when it and such a word are one letter
  apart each (a letter changed: "persue", "pursue") or when it is such a word with up to
  two letters added ("publically", "publicly").

Run it from the repository root, with the Debian package installed::

    apt-get install scowl
    .venv/bin/python -m tools.build_english_words [--out checks/data/english_words.txt]

The output is deterministic for the same package versions; commit it with the versions noted
in checks/data/medical_words.md.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from healthlint.rules.spelling import english_frequencies, medical_words, one_edit

MIN_LETTERS = 5
COMMON = 1000
RARE_SIZE = 80  # the SCOWL size whose words pass the stricter filter
PACKAGE = "scowl"
FOLDER = Path("/usr/share/dict/scowl")
CATEGORIES = ("english", "american", "british", "british_z", "canadian")
LIST_RE = re.compile(r"(?P<category>[a-z_]+)-words\.(?P<size>\d+)")
WORD_RE = re.compile(r"[a-z]+")
# SCOWL's licence asks that its copyright and permission notice go with every copy
SCOWL_NOTICE = """
Copyright 2000-2011 by Kevin Atkinson

  Permission to use, copy, modify, distribute and sell these word
  lists, the associated scripts, the output created from the scripts,
  and its documentation for any purpose is hereby granted without fee,
  provided that the above copyright notice appears in all copies and
  that both that copyright notice and this permission notice appear in
  supporting documentation. Kevin Atkinson makes no representations
  about the suitability of this array for any purpose. It is provided
  "as is" without express or implied warranty.
"""
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "checks" / "data" / "english_words.txt"


def package_version(package: str) -> str:
    found = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                           capture_output=True, text=True, check=False)
    if found.returncode != 0 or not found.stdout:
        raise SystemExit(f"{package} is not installed: apt-get install {package}")
    return found.stdout


def read_words(folder: Path) -> dict[str, int]:
    """word -> the smallest SCOWL size that lists it, for the kept categories."""
    sizes: dict[str, int] = {}
    for path in sorted(folder.iterdir()):
        found = LIST_RE.fullmatch(path.name)
        if found is None or found["category"] not in CATEGORIES:
            continue
        size = int(found["size"])
        if size > RARE_SIZE:
            continue
        for line in path.read_bytes().decode("latin-1").splitlines():
            word = line.strip()
            if WORD_RE.fullmatch(word) and len(word) >= MIN_LETTERS:
                sizes[word] = min(size, sizes.get(word, size))
    return sizes


def deletions(word: str, depth: int = 2) -> set[str]:
    found = {word}
    for _ in range(depth):
        found |= {w[:i] + w[i + 1:] for w in found for i in range(len(w))}
    return found


def select(sizes: dict[str, int]) -> list[str]:
    """The words no shipped vocabulary knows, without those that look like a typo of a
    common word."""
    english = english_frequencies()
    medical = medical_words()
    common = {word for word, count in english.items() if count >= COMMON}
    common_deletions = set().union(*(deletions(word, 1) for word in common))
    kept = []
    for word, size in sizes.items():
        if word in english or word in medical or one_edit(word) & common:
            continue
        if size >= RARE_SIZE and (deletions(word, 1) & common_deletions
                                  or deletions(word) & common):
            continue
        kept.append(word)
    return sorted(kept)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not FOLDER.is_dir():
        raise SystemExit(f"{FOLDER} is missing: apt-get install {PACKAGE}")
    words = select(read_words(FOLDER))
    built_from = f"{PACKAGE} {package_version(PACKAGE)}"
    header = [
        "# General English words for healthlint's spelling check. GENERATED: do not edit.",
        "# Built by tools/build_english_words.py from SCOWL (Kevin Atkinson; permissive",
        f"# licence) as Debian ships it: {built_from}. Only words that",
        f"# pyspellchecker {version('pyspellchecker')} and the medical lists lack; "
        "see medical_words.md.",
        *(f"# {line}".rstrip() for line in SCOWL_NOTICE.splitlines()),
    ]
    args.out.write_text("\n".join([*header, *words]) + "\n", "utf-8")
    print(f"{len(words)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
