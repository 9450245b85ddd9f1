"""The names of licensed medicines and their brands (``data/licensed_medicines.txt``): one-word
names of the medicines that have a MedlinePlus drug page or an NHS medicines page, built by
``tools/build_medical_words.py`` (provenance in ``data/medical_words.md``).

Unlike the spelling check's medical vocabulary, these are not filtered for typos ("lyrica"
is one letter from "lyrics" and stays an unknown word there): the claims check only asks
whether a capitalised name is a medicine's, never whether a word is spelt right.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from healthlint.text.nearwords import WordTable
from healthlint.text.vocabulary import list_lines

LICENSED_FILE = "data/licensed_medicines.txt"


@cache
def licensed_names() -> WordTable:
    """The names, lower-case and sorted, in one string (about 10 bytes a name)."""
    text = resources.files("healthlint").joinpath(LICENSED_FILE).read_text("utf-8")
    return WordTable.of(sorted(list_lines(text)))


def medicine_name(word: str) -> bool:
    """``word`` (any case) is the one-word name of a licensed medicine or its brand:
    "Lyrica", "Advil", "Pregabalin"; not "Calcium", "Curcumin" or "Velmorix"."""
    return word.lower() in licensed_names()


__all__ = ["licensed_names", "medicine_name"]
