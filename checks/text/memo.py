"""Answers kept per piece of text: a check's work on one sentence (or paragraph), looked up
when the same text is read again with the same word lists.

``check --fix`` lints a file again after each pass of edits, and the language server after
each keystroke; most sentences are then as they were, and so are the answers of any check
that reads nothing but the sentence and objects built once from the options (a vocabulary, a
speller). A :class:`Memo` holds the answers for one set of such objects (its *owners*, held
and compared by identity): :meth:`Memo.answers` gives the table for the owners asked for,
emptied when they are not those of the answers kept, and cut to the newer half of its answers
when it holds ``size``. A key
of the table must hold every other input the answer depends on (the text, and any flag), and
answers must be plain immutable data (no Sentence or Document: those hold a whole version of
an article). Pure functions of strings alone use ``functools.lru_cache`` instead.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class _Forgetful(dict):  # type: ignore[type-arg]
    """A table that keeps nothing (a Memo of size 0: every answer is worked out anew)."""

    def __setitem__(self, key: object, value: object) -> None:
        return None


class Memo(Generic[T]):
    """The answers of a function of text for one set of owners: at most ``size`` of them."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._owners: tuple[object, ...] = ()
        self._answers: dict[Hashable, T] = {}

    def answers(self, *owners: object) -> dict[Hashable, T]:
        """The table of answers for ``owners``: look an answer up with ``get``, keep one by
        setting it."""
        if self.size <= 0:
            return _Forgetful()
        kept = self._owners
        if len(kept) != len(owners) or any(a is not b for a, b in zip(kept, owners)):  # noqa: B905
            self._owners = owners
            self._answers = {}
        elif len(self._answers) >= self.size:
            # full: the newer half stays (the answers of the article just linted, which the
            # next lint of its fixed text reads, were kept last)
            items = list(self._answers.items())
            self._answers = dict(items[len(items) - self.size // 2:])
        return self._answers

    def __len__(self) -> int:
        return len(self._answers)


__all__ = ["Memo"]
