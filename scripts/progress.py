"""A progress bar for long runs, on a terminal only.

``healthlint check`` (and ``export``) on more than ``MIN_FILES`` files shows rich's progress
bar on stderr when stderr is a terminal and the run is not in CI (``CI`` set to anything but
``false`` or ``0``, as GitHub Actions, GitLab CI and most others set it). Piped, redirected or
in a CI log there is no bar and the run is exactly the one without it. With a bar the files are
linted in batches (about 40, each at least 8 files a worker), so the bar moves while the work
itself is unchanged: the results are the same, in the same order.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, TypeVar

MIN_FILES = 36  # "more than a few dozen"
STEPS = 40
Item = TypeVar("Item")
Result = TypeVar("Result")


def in_ci(env: Mapping[str, str]) -> bool:
    return env.get("CI", "").strip().lower() not in ("", "false", "0", "no")


def wanted(count: int, stream: IO[str], env: Mapping[str, str] = os.environ) -> bool:
    if count <= MIN_FILES or in_ci(env):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def bar(total: int, stream: IO[str] | None, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar of ``total`` steps on ``stream``, or nothing when ``stream`` is None;
    yields ``advance(steps)``. rich is imported here, when a bar is drawn: a run without one
    (piped, in CI, a pre-commit hook on a few files) does not pay for importing it."""
    if stream is None:
        yield lambda steps: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(file=stream, highlight=False)
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda steps: progress.advance(task, steps)


def in_batches(items: Sequence[Item], work: Callable[[Sequence[Item]], list[Result]],
               stream: IO[str], jobs: int | None = 1, label: str = "checking") -> list[Result]:
    """``work(items)``, done in batches with a progress bar on ``stream`` (``jobs`` None: one
    worker per core)."""
    size = max(8 * (jobs or os.cpu_count() or 1), math.ceil(len(items) / STEPS))
    results: list[Result] = []
    with bar(len(items), stream, label) as advance:
        for start in range(0, len(items), size):
            batch = items[start:start + size]
            results.extend(work(batch))
            advance(len(batch))
    return results
