"""Large word lists held compactly: one table of words, each with flags (which lists hold it)
and a number (a frequency), looked up by the CRC-32 of its UTF-8 bytes.

A Python set of the spelling check's 342,000 words costs about 60 bytes a word (a string
object each, and the set's slots): about 39 MB for the English table, the medical words and
the general words, in every process that checks spelling, the language server among them.
Here the words are one ``bytes`` object (sorted by their key, then their bytes), with four
arrays beside it (where each word starts, its key, its flags, its number): about 20 bytes a
word, 7 MB, and loading it from the user's cache makes five objects instead of 342,000.

A look-up encodes the word, takes its CRC-32, finds the first entry with that key by binary
search and compares the bytes of each entry with that key, so the answer is exact: a word is
in the table only if it was put there. ``WordView`` and ``FrequencyView`` show one list of the
table as a read-only set and a read-only mapping (``in``, iteration, ``len``, ``get``, set
operations), so the code that asks questions of the lists is the same as for a set or a dict.
"""

from __future__ import annotations

import bisect
import errno
import re
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from pathlib import Path
from typing import Any

MISSING = -1
Ints = array | memoryview  # of unsigned integers: built as arrays, loaded as views of bytes
FILTER_SHIFT = 9  # the filter has a bit for each value of a key's top 23 bits (1 MB)
BUCKET_SHIFT = 16  # the search starts in the keys that share the top 16 bits (about five)


def list_lines(text: str) -> Iterator[str]:
    """The entries of a shipped word list: its lines stripped, blank and ``#`` lines skipped."""
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def read_medical_words(words: str, extra: str) -> set[str]:
    """The medical vocabulary: ``medical_words.txt`` (``words``) and the first column of
    ``medical_words_extra.txt`` (``extra``), lower-cased; read by the spelling check and by the
    claims model's technical words, the same way."""
    medical = set(list_lines(words))
    medical.update(line.split()[0].lower() for line in list_lines(extra))
    return medical


def _key(raw: bytes) -> int:
    return zlib.crc32(raw)


class Vocabulary:
    """Words with flags and a number each; see the module's docstring."""

    def __init__(self, data: bytes, offsets: Ints, keys: Ints, flags: bytes,
                 numbers: Ints, present: bytes | None = None,
                 starts: Ints | None = None) -> None:
        self.data = data
        self.offsets = offsets  # offsets[i]: where word i starts in data; one more: the end
        self.keys = keys  # sorted: CRC-32 of word i's bytes
        self.flags = flags  # flags[i]: the lists word i is in, one bit a list
        self.numbers = numbers  # numbers[i]: word i's number (0 when it has none)
        if present is None:
            bits = bytearray(1 << (32 - FILTER_SHIFT - 3))
            for key in keys:
                bits[key >> FILTER_SHIFT + 3] |= 1 << (key >> FILTER_SHIFT & 7)
            present = bytes(bits)
        # a bit for each top 23 bits of a key some word has: most strings that are no word
        # (the edits of a typo) are turned away by it without a search (1 in 25 passes)
        self.present = present
        # starts[b]: the first entry whose key's top 16 bits are b or more
        self.starts = starts if starts is not None else array("I", (
            bisect.bisect_left(keys, b << BUCKET_SHIFT)
            for b in range((1 << 32 - BUCKET_SHIFT) + 1)))

    @classmethod
    def build(cls, lists: Iterable[Iterable[str]], numbers: Mapping[str, int] | None = None
              ) -> Vocabulary:
        """The words of ``lists`` (list ``k`` sets flag ``1 << k``), with ``numbers``."""
        numbers = numbers or {}
        flags: dict[str, int] = {}
        for bit, words in enumerate(lists):
            for word in words:
                flags[word] = flags.get(word, 0) | 1 << bit
        entries = sorted((_key(raw), raw, word) for word in flags
                         for raw in [word.encode("utf-8", "surrogatepass")])
        wide = any(value >= 1 << 32 for value in numbers.values())
        # 32-bit numbers when they fit (pyspellchecker's counts do: 1.3 MB less than 64-bit)
        offsets, keys, values = array("I", [0]), array("I"), array("Q" if wide else "I")
        for key, raw, word in entries:
            offsets.append(offsets[-1] + len(raw))
            keys.append(key)
            values.append(numbers.get(word, 0))
        return cls(b"".join(raw for _, raw, _ in entries), offsets, keys,
                   bytes(flags[word] for _, _, word in entries), values)

    def parts(self) -> tuple[bytes, ...]:
        """What :meth:`from_parts` takes back (plain bytes, for marshal)."""
        return (self.data, self.offsets.tobytes(), self.keys.tobytes(), self.flags,
                self.numbers.tobytes(), self.present, self.starts.tobytes())

    @classmethod
    def from_parts(cls, parts: Any) -> Vocabulary | None:
        """The table from :meth:`parts`, or None when ``parts`` is not what it gave."""
        if not (isinstance(parts, tuple) and len(parts) == 7
                and all(isinstance(part, bytes) for part in parts)):
            return None
        data, offsets_raw, keys_raw, flags, numbers_raw, present, starts_raw = parts
        try:  # views of the bytes read, not copies: the RSS is the file's size, once
            offsets, keys, starts = (memoryview(raw).cast("I")
                                     for raw in (offsets_raw, keys_raw, starts_raw))
            size = len(keys)
            numbers = memoryview(numbers_raw).cast("Q" if len(numbers_raw) == 8 * size else "I")
        except TypeError:
            return None
        if not (len(offsets) == size + 1 and len(flags) == len(numbers) == size
                and offsets[-1] == len(data) and len(present) == 1 << (32 - FILTER_SHIFT - 3)
                and len(starts) == (1 << 32 - BUCKET_SHIFT) + 1 and starts[-1] == size):
            return None
        return cls(data, offsets, keys, flags, numbers, present, starts)

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, word: str) -> int:
        """The index of ``word``, or MISSING."""
        raw = word.encode("utf-8", "surrogatepass")
        key = _key(raw)
        if not self.present[key >> FILTER_SHIFT + 3] >> (key >> FILTER_SHIFT & 7) & 1:
            return MISSING
        keys, offsets, data, starts = self.keys, self.offsets, self.data, self.starts
        bucket = key >> BUCKET_SHIFT
        size = starts[bucket + 1]
        i = bisect.bisect_left(keys, key, starts[bucket], size)
        while i < size and keys[i] == key:
            if data[offsets[i]:offsets[i + 1]] == raw:
                return i
            i += 1
        return MISSING

    def flags_of(self, word: str) -> int:
        """The flags of ``word`` (0 when no list holds it)."""
        i = self.find(word)
        return 0 if i == MISSING else self.flags[i]

    def word(self, i: int) -> str:
        return self.data[self.offsets[i]:self.offsets[i + 1]].decode("utf-8", "surrogatepass")

    def words(self, flag: int) -> Iterator[str]:
        """The words of the list of ``flag`` (in the table's order)."""
        flags = self.flags
        return (self.word(i) for i in range(len(flags)) if flags[i] & flag)


class WordView(Set[str]):
    """One list of a :class:`Vocabulary` as a read-only set."""

    def __init__(self, table: Vocabulary, flag: int) -> None:
        self.table = table
        self.flag = flag
        self._size: int | None = None

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self.table.flags_of(word) & self.flag)

    def __iter__(self) -> Iterator[str]:
        return self.table.words(self.flag)

    def __len__(self) -> int:
        if self._size is None:
            self._size = sum(1 for value in self.table.flags if value & self.flag)
        return self._size

    @classmethod
    def _from_iterable(cls, it: Iterable[str]) -> frozenset[str]:
        return frozenset(it)  # the result of a set operation is a plain set


class FrequencyView(Mapping[str, int]):
    """One list of a :class:`Vocabulary` as a read-only mapping of word to number."""

    def __init__(self, table: Vocabulary, flag: int) -> None:
        self.table = table
        self.flag = flag
        self.words = WordView(table, flag)

    def __getitem__(self, word: str) -> int:
        i = self.table.find(word) if isinstance(word, str) else MISSING
        if i == MISSING or not self.table.flags[i] & self.flag:
            raise KeyError(word)
        return self.table.numbers[i]

    def get(self, word: str, default: Any = None) -> Any:
        try:
            return self[word]
        except KeyError:
            return default

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self.table.flags_of(word) & self.flag)

    def __iter__(self) -> Iterator[str]:
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)


class TableWords(Sequence[str]):
    """Words of a :class:`Vocabulary` in an order of their own: word ``i`` is the table's word
    ``indices[i]``. The two-edit index (``healthlint.text.nearwords``) numbers its words this
    way instead of holding them again (1.9 MB of text for its 214,000 words)."""

    def __init__(self, table: Vocabulary, indices: Ints) -> None:
        self.table = table
        self.indices = indices

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, i):  # type: ignore[override]  # an int only: the index's use
        return self.table.word(self.indices[i])

    def __iter__(self) -> Iterator[str]:
        word = self.table.word
        return (word(i) for i in self.indices)


__all__ = ["FrequencyView", "TableWords", "Vocabulary", "WordView"]


def read_word_list(path: Path) -> list[str]:
    """Words of a plain list (one a line, ``#`` comments) or a Hunspell ``.dic`` file.

    A ``.dic`` file starts with an approximate word count and marks affix flags after a
    slash (``clonazepam/M``); the flags are dropped, so affixed forms are not generated.
    """
    if path.exists() and not path.is_file():  # a folder, or a named pipe that would block
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    lines = path.read_text("utf-8-sig").splitlines()
    if path.suffix.lower() == ".dic" and lines and lines[0].strip().isdigit():
        lines = lines[1:]
    words = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word = re.split(r"(?<!\\)/", line, maxsplit=1)[0].replace("\\/", "/").split()[0]
        words.append(word)
    return words
