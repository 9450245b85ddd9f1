"""The words of a vocabulary one edit away from a string, found through an index of deletions.

An edit is Norvig's: a deletion, a swap of two neighbours, a substitution or an insertion of a
letter a-z ("How to write a spelling corrector"; ``one_edit``). Generating every string one
edit away from each of the ~450 strings one edit away from an eight-letter typo is ~200,000
strings a word; the index turns that into a few thousand look-ups.

The index (the symmetric-delete idea of SymSpell, Garbe 2012) holds, for every word of the
vocabulary, the word itself and each string one deletion away from it. A word ``c`` one edit
from ``e`` shares one of those keys with ``e`` or one of ``e``'s deletions (a substitution at
``i``: both without their letter ``i``; a swap: ``e`` without the first letter of the pair, ``c``
without the second), so looking up ``e`` and its deletions finds every such word; each one
found is then held to the exact definition (``one_edit_apart``), so the answer is the same set
the strings would give, never more. A key is stored as the CRC-32 of its UTF-8 bytes next to
the word's number, 4 bytes a key instead of a Python string and dictionary entry (a
dictionary of the keys took 300 MB): the keys are sorted and cut into buckets by the top bits
of their CRC (``starts`` says where each bucket begins), and an entry holds the CRC's other
bits and the word's number in one 32-bit integer (the 214,000 words need 18 bits, which
leaves 14 bits of the CRC in the entry and 18 in the bucket's number), searched with
``bisect`` within its bucket. An entry and its bucket give back the whole CRC, so a look-up
finds exactly the entries of its key, as one sorted array of ``CRC << 32 | number`` (8 bytes
an entry, 15 MB for the shipped words against 7.5 MB and a 1 MB bucket table) did.
"""

from __future__ import annotations

import bisect
import string
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence

LETTERS = frozenset(string.ascii_lowercase)  # what an insertion or a substitution adds


def one_edit(word: str) -> set[str]:
    """Strings one deletion, transposition, substitution or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    letters = string.ascii_lowercase
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    edits.discard(word)
    return edits


def one_edit_apart(word: str, other: str) -> bool:
    """True when ``other`` is in ``one_edit(word)``, without generating it."""
    size, other_size = len(word), len(other)
    if other_size == size:
        if other == word:
            return False
        diff = [i for i in range(size) if word[i] != other[i]]
        if len(diff) == 1:
            return other[diff[0]] in LETTERS
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and word[diff[0]] == other[diff[1]] and word[diff[1]] == other[diff[0]])
    if other_size == size - 1:
        first = _first_difference(word, other)
        return word[first + 1:] == other[first:]
    if other_size == size + 1:
        first = _first_difference(other, word)
        return other[first] in LETTERS and other[first + 1:] == word[first:]
    return False


def _first_difference(longer: str, shorter: str) -> int:
    for i, char in enumerate(shorter):
        if longer[i] != char:
            return i
    return len(shorter)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _key(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


class WordTable:
    """A sorted list of words held as one string and the offset of each word in it: about 10
    bytes a word where a list of strings costs about 60 (the index's 440,000 words: 25 MB
    less in every process that makes a suggestion, the language server among them)."""

    def __init__(self, text: str, offsets: array | memoryview) -> None:
        self.text = text
        self.offsets = offsets  # offsets[i]: where word i starts; one more: where text ends

    @classmethod
    def of(cls, words: Iterable[str]) -> WordTable:
        offsets = array("I", [0])
        parts = []
        for word in words:
            parts.append(word)
            offsets.append(offsets[-1] + len(word))
        return cls("".join(parts), offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, number: int) -> str:
        return self.text[self.offsets[number]:self.offsets[number + 1]]

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))

    def __contains__(self, word: object) -> bool:
        """Whether ``word`` is one of the words, found by halving: only for a table of sorted
        words (``WordTable.of(sorted(words))``), as the index's and lists' tables are."""
        if not isinstance(word, str):
            return False
        text, offsets = self.text, self.offsets
        low, high = 0, len(offsets) - 1
        while low < high:
            middle = (low + high) // 2
            if text[offsets[middle]:offsets[middle + 1]] < word:
                low = middle + 1
            else:
                high = middle
        return low < len(offsets) - 1 and text[offsets[low]:offsets[low + 1]] == word


def number_bits(count: int) -> int:
    """The bits a word's number takes in an entry (at least one, at most 31)."""
    bits = max(1, (count - 1).bit_length())
    if bits > 31:
        raise ValueError(f"{count} words: too many for the index")
    return bits


class NearWords:
    """The words of a vocabulary (of at most ``longest`` characters) within one or two edits
    of a string: ``near(word)`` is ``vocabulary & one_edit(word)`` and ``within_two(word)``
    is ``vocabulary & union(one_edit(e) for e in one_edit(word))``."""

    def __init__(self, words: WordTable | Sequence[str], entries: array | memoryview,
                 starts: array | memoryview, longest: int) -> None:
        self.words = words
        self.number_bits = number_bits(len(words))
        self.entries = entries  # by bucket, sorted: the CRC's low bits << number_bits | number
        self.starts = starts  # starts[b]: the first entry of the keys whose CRC's top bits are b
        self.longest = longest
        self._found: dict[str, list[str]] = {}
        self._made: dict[int, str] = {}  # the words looked up so far, by number

    @classmethod
    def build(cls, vocabulary: Iterable[str], longest: int) -> NearWords:
        words = sorted({w for w in vocabulary if len(w) <= longest})
        bits = number_bits(len(words))
        low = 32 - bits  # the bits of the CRC kept in an entry; the rest name its bucket
        sorting = [array("Q") for _ in range(256)]  # sorted a part at a time: less memory
        for number, word in enumerate(words):
            for key in {word} | _deletions(word):
                crc = _key(key)
                sorting[crc >> 24].append(crc << 32 | number)
        mask = (1 << low) - 1
        entries, starts = array("I"), array("I", [0] * ((1 << bits) + 1))
        for part in sorting:
            for key in sorted(part):
                entries.append((key >> 32 & mask) << bits | key & 0xFFFFFFFF)
                starts[(key >> 32 + low) + 1] += 1
            del part[:]
        for bucket in range(1 << bits):
            starts[bucket + 1] += starts[bucket]
        return cls(WordTable.of(words), entries, starts, longest)

    def near(self, word: str) -> set[str]:
        """The vocabulary's words in ``one_edit(word)``."""
        return {found for key in {word} | _deletions(word) for found in self._lookup(key)
                if one_edit_apart(word, found)}

    def within_two(self, word: str) -> set[str]:
        """The vocabulary's words in ``one_edit(e)`` for some ``e`` in ``one_edit(word)``
        (``word`` itself among them when it is in the vocabulary)."""
        if len(word) + 2 > self.longest:
            raise ValueError(f"{word!r}: the index holds words of at most {self.longest} "
                             "characters, too short for two edits of it")
        found: set[str] = set()
        lookup = self._lookup
        for edit in one_edit(word):
            for key in {edit} | _deletions(edit):
                for other in lookup(key):
                    if other not in found and one_edit_apart(edit, other):
                        found.add(other)
        return found

    def _lookup(self, key: str) -> list[str]:
        found = self._found.get(key)
        if found is None:
            crc = _key(key)
            bits = self.number_bits
            low = 32 - bits
            bucket, rest = crc >> low, (crc & (1 << low) - 1) << bits
            entries, made, mask = self.entries, self._made, (1 << bits) - 1
            end = self.starts[bucket + 1]
            i = bisect.bisect_left(entries, rest, self.starts[bucket], end)
            found = []
            while i < end and entries[i] & ~mask == rest:
                number = entries[i] & mask
                word = made.get(number)
                if word is None:  # each word is made once, then shared by every look-up
                    word = made[number] = self.words[number]
                found.append(word)
                i += 1
            if len(self._found) > 100_000:
                self._found.clear()
                self._made.clear()
            self._found[key] = found
        return found
