"""Matching names and phrases: case-, punctuation- and spacing-insensitive forms."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=4096)  # section titles, profile names and aliases: the same few, every article
def normalize(text: str) -> str:
    """Case-, punctuation- and space-insensitive form used to match names and aliases."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", text.casefold()).split())


def phrase_pattern(phrase: str) -> str:
    """A literal phrase as a regex for lower-cased text: runs of spaces and hyphens ignored,
    whole words."""
    words = [re.escape(w) for w in re.split(r"[\s\-‑]+", phrase.strip().lower()) if w]
    body = r"[\s\-‑]+".join(words)
    left = r"\b" if phrase.strip()[:1].isalnum() else ""
    right = r"\b" if phrase.strip()[-1:].isalnum() else ""
    return f"{left}{body}{right}"
