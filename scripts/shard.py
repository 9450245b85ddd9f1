"""``--shard K/N``: check one N-th of the files, so N CI runners share a large collection.

A file belongs to shard ``1 + hash(path) mod N``, the hash being SHA-256 of its path as
reported (forward slashes), so the split is the same on every runner and every run, needs no
list of the other files, and a file added to the collection never moves another file to a
different shard. The union of the N shards' findings is the unsharded run's.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path, PurePosixPath

MAX_SHARDS = 1000


def parse_shard(value: str) -> tuple[int, int]:
    """``K/N`` with 1 <= K <= N <= MAX_SHARDS, for argparse."""
    index, slash, count = value.partition("/")
    try:
        if not slash:
            raise ValueError
        k, n = int(index), int(count)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not K/N (this runner's shard K of N, e.g. 2/4)") from None
    if not 1 <= n <= MAX_SHARDS:
        raise argparse.ArgumentTypeError(f"the number of shards must be 1 to {MAX_SHARDS}")
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(f"the shard must be 1 to {n}, not {k}")
    return k, n


def shard_of(path: str, count: int) -> int:
    """The shard (1 to ``count``) a reported path belongs to."""
    native = Path(path)
    posix = PurePosixPath(*native.parts).as_posix() if native.parts else path
    digest = hashlib.sha256(posix.encode("utf-8", "surrogateescape")).digest()
    return 1 + int.from_bytes(digest[:8], "big") % count


def in_shard(path: str, shard: tuple[int, int]) -> bool:
    return shard_of(path, shard[1]) == shard[0]
