"""The source offset of each character of prose, kept as runs.

Prose is nearly always the source read straight through: a paragraph is a few stretches of
its lines, cut where markers, markup, escapes or entities were left out. So instead of one
Python int per character (about 36 bytes each), ``Offsets`` keeps one entry per stretch: the
prose index where it starts and the source offset of that first character; each character
after it, up to the next stretch, is one source character further on. A position is found
with ``bisect``. It reads like the list of ints it replaces (``len``, indexing, slicing with
step 1, iteration, ``append``, ``extend``), and equal sequences of offsets are equal
``Offsets`` whichever way they were built (runs are always as long as they can be).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

_CODE = "q"  # 64-bit: offsets are never negative, but a bad one must not wrap around


class Offsets(Sequence[int]):
    """Source offsets as runs: run ``r`` covers prose indices ``starts[r]`` up to the next
    run's start (or the length), at source offsets ``sources[r]``, ``sources[r] + 1``, …"""

    __slots__ = ("_length", "_sources", "_starts")

    def __init__(self, values: Iterable[int] = ()) -> None:
        self._starts = array(_CODE)
        self._sources = array(_CODE)
        self._length = 0
        if values:
            self.extend(values)

    @classmethod
    def run(cls, source: int, length: int) -> Offsets:
        """``source``, ``source + 1``, … ``length`` offsets in all."""
        offsets = cls()
        offsets.append_run(source, length)
        return offsets

    @property
    def runs(self) -> list[tuple[int, int, int]]:
        """``(prose index, source offset, length)`` of each run."""
        ends = [*self._starts[1:], self._length] if self._starts else []
        return [(start, source, end - start)
                for start, source, end in zip(self._starts, self._sources, ends, strict=True)]

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> Offsets: ...

    def __getitem__(self, index: int | slice) -> int | Offsets:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step != 1:
                raise ValueError("Offsets slices take every offset (step 1)")
            part = Offsets()
            part.extend_from(self, start, stop)
            return part
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset index out of range")
        starts = self._starts
        run = bisect_right(starts, index) - 1
        return self._sources[run] + index - starts[run]

    def bounds(self, i: int, j: int) -> tuple[int, int]:
        """``(self[i], self[j - 1] + 1)``, or ``(self[i], self[i])`` when ``j <= i``: the
        source span of prose ``[i, j)``, in one call (a finding's or a sentence's span is
        asked for often)."""
        if j <= i:
            value = self[i]
            return value, value
        length = self._length
        last = j - 1
        if i < 0:
            i += length
        if last < 0:
            last += length
        if not (0 <= i < length and 0 <= last < length):
            raise IndexError("offset index out of range")
        starts, sources = self._starts, self._sources
        first = bisect_right(starts, i) - 1
        run = bisect_right(starts, last, first if last >= i else 0) - 1
        return sources[first] + i - starts[first], sources[run] + last - starts[run] + 1

    def __iter__(self) -> Iterator[int]:
        for _, source, length in self.runs:
            yield from range(source, source + length)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Offsets):
            return (self._length == other._length and self._starts == other._starts
                    and self._sources == other._sources)
        if isinstance(other, (list, tuple)):
            return len(other) == self._length and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, as the list it replaces

    def __repr__(self) -> str:
        return f"Offsets(runs={self.runs})"

    def __reduce__(self) -> tuple[object, ...]:
        return _rebuilt, (self._starts.tobytes(), self._sources.tobytes(), self._length)

    def _next(self) -> int:
        """The offset that would continue the last run (only when there is one)."""
        return self._sources[-1] + self._length - self._starts[-1]

    def append(self, value: int) -> None:
        if not self._length or value != self._next():
            self._starts.append(self._length)
            self._sources.append(value)
        self._length += 1

    def append_run(self, source: int, length: int) -> None:
        """Append ``source``, ``source + 1``, … (``length`` offsets)."""
        if length <= 0:
            return
        if not self._length or source != self._next():
            self._starts.append(self._length)
            self._sources.append(source)
        self._length += length

    def extend(self, values: Iterable[int]) -> None:
        if isinstance(values, Offsets):
            self.extend_from(values, 0, values._length)
            return
        for value in values:
            self.append(value)

    def extend_from(self, other: Offsets, start: int, stop: int) -> None:
        """Append ``other[start:stop]`` (``0 <= start``, ``stop <= len(other)``) without
        making the slice: its runs, the first one cut, joined to the last run here when the
        offsets go on from it."""
        if stop <= start:
            return
        starts, sources = other._starts, other._sources
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, stop - 1, first + 1)  # runs first..last-1 hold the slice
        source = sources[first] + start - starts[first]
        length = self._length
        if not length or source != self._next():
            self._starts.append(length)
            self._sources.append(source)
        if last > first + 1:
            shift = length - start
            self._starts.extend([begin + shift for begin in starts[first + 1:last]])
            self._sources.extend(sources[first + 1:last])
        self._length = length + stop - start

    def take(self, indices: Iterable[int]) -> Offsets:
        """The offsets at ``indices``, in that order (``[self[i] for i in indices]``)."""
        taken = Offsets()
        for i in indices:
            taken.append(self[i])
        return taken

    def ascending(self) -> bool:
        """Whether the offsets never go down (within a run they go up by one)."""
        ends = [*self._starts[1:], self._length]
        return all(self._sources[r + 1] >= self._sources[r] + ends[r] - self._starts[r] - 1
                   for r in range(len(self._starts) - 1))


def _rebuilt(starts: bytes, sources: bytes, length: int) -> Offsets:
    offsets = Offsets()
    offsets._starts.frombytes(starts)
    offsets._sources.frombytes(sources)
    offsets._length = length
    return offsets
