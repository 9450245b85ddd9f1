"""The shipped dictionaries as one compact table, loaded once per process.

pyspellchecker's English word frequencies (MIT), the medical vocabulary
(``data/medical_words.txt`` and ``data/medical_words_extra.txt``: FDA UNII substance names and
MeSH disease terms, provenance in ``data/medical_words.md``) and SCOWL's general words that
pyspellchecker lacks (``data/english_words.txt``), as views of one ``Vocabulary``
(``healthlint.text.vocabulary``). Read by the spelling check (is a word known?) and by the
claims check (is the name that opens a sentence a word at all, or a brand's?).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import importlib.util
import json
import pkgutil
from functools import cache
from importlib import resources
from pathlib import Path

from healthlint import usercache
from healthlint.text.vocabulary import (
    FrequencyView,
    Vocabulary,
    WordView,
    list_lines,
    read_medical_words,
)

MEDICAL_WORDS = "data/medical_words.txt"
MEDICAL_EXTRA = "data/medical_words_extra.txt"
SPELLCHECKER, ENGLISH_DATA = "spellchecker", "resources/en.json.gz"
GENERAL_WORDS = "data/english_words.txt"  # SCOWL's words that pyspellchecker lacks
ENGLISH, MEDICAL, GENERAL = 1, 2, 4  # the vocabularies' flags in the one table


@cache
def dictionaries() -> tuple[FrequencyView, WordView, WordView]:
    """The English table, the medical vocabulary and the general words, as views of one
    compact table (``healthlint.text.vocabulary``: about 7 MB where Python sets and a dict
    of the 342,000 words took 39 MB), from the user's cache when it holds them as made from
    these very files (five byte strings: marshal reads them in a few milliseconds); else
    built from the files and kept there."""
    data = english_data()
    package = resources.files("healthlint")
    words, extra, general = (package.joinpath(name).read_bytes()
                             for name in (MEDICAL_WORDS, MEDICAL_EXTRA, GENERAL_WORDS))
    key = digest(data, words, extra, general)
    folder = usercache.folder()
    path = folder / "dictionaries-6.marshal" if folder is not None else None  # 6: 32-bit numbers
    found = usercache.load(path, key) if path is not None else None
    table = Vocabulary.from_parts(found)
    if table is None:
        english: dict[str, int] = json.loads(gzip.decompress(data).decode("utf-8"))
        medical = read_medical_words(words.decode("utf-8"), extra.decode("utf-8"))
        table = Vocabulary.build([english, medical, list_lines(general.decode("utf-8"))],
                                 english)
        del english, medical
        if path is not None:
            usercache.store(path, key, table.parts())
    return (FrequencyView(table, ENGLISH), WordView(table, MEDICAL), WordView(table, GENERAL))


def english_data() -> bytes:
    """pyspellchecker's English word frequencies, gzipped JSON, as its package ships them;
    read from the package's folder, found without importing it (9 ms of every start)."""
    spec = importlib.util.find_spec(SPELLCHECKER)
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    for folder in folders:
        with contextlib.suppress(OSError):
            return (Path(folder) / ENGLISH_DATA).read_bytes()
    data = pkgutil.get_data(SPELLCHECKER, ENGLISH_DATA)  # a zipped install: its loader reads it
    if data is None:  # pragma: no cover - a broken pyspellchecker install
        raise RuntimeError("pyspellchecker's English dictionary (en.json.gz) is missing")
    return data


def digest(*parts: bytes) -> str:
    """A user-cache key: this Python and the data a value is made from."""
    key = hashlib.sha256(usercache.python_tag().encode())
    for part in parts:
        key.update(hashlib.sha256(part).digest())
    return key.hexdigest()


def known_word(word: str) -> bool:
    """The word (any case) is in one of the shipped dictionaries: English, medical or general,
    as written or lower-cased."""
    english, medical, general = dictionaries()
    lower = word.lower()
    return any(w in english or w in medical or w in general for w in {word, lower})
