"""Benchmark of the language server (issue 14): what a writer waits for in an editor.

Starts `python -m healthlint.lsp` as an editor does (a new process, stdio) and measures:
- initialize: from starting the process to the answer to `initialize`;
- first diagnostics: from `didOpen` of the first article to its diagnostics, and from
  starting the process;
- diagnostics after the last change: a writer types a burst of keystrokes (``--burst``
  changes ``--gap`` ms apart) into a 1,500-word article; the time from the last one to the
  diagnostics of its version (debounce included), median and 95th percentile over
  ``--bursts`` bursts;
- memory: the server's resident set (VmRSS) with ``--open`` articles open and linted.
The articles come from tools.bench's generator (fixed seed). Timings are never asserted in
tests; record them in docs/benchmarks.md with the machine's load.

    python -m tools.bench_lsp [--runs 5] [--bursts 40] [--open 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from tools.bench import article


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Session:
    """One server process and a client that notes when each document's diagnostics arrive."""

    def __init__(self) -> None:
        self.client = LanguageClient("bench", "1")
        self.arrived: dict[tuple[str, int | None], float] = {}
        self.event = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.arrived[(params.uri, params.version)] = time.perf_counter()
            self.event.set()

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            return None

    async def start(self) -> tuple[float, int]:
        started = time.perf_counter()
        await self.client.start_io(sys.executable, "-m", "healthlint.lsp")
        await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities()))
        took = time.perf_counter() - started
        self.client.initialized(types.InitializedParams())
        return took, self.client._server.pid  # type: ignore[union-attr]

    async def wait(self, uri: str, version: int) -> float:
        while (uri, version) not in self.arrived:
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), 60)
        return self.arrived[(uri, version)]

    def open(self, uri: str, text: str) -> float:
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
        return time.perf_counter()

    def type_char(self, uri: str, version: int, line: int, char: str) -> float:
        at = types.Position(line, 0)
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(at, at), text=char)]))
        return time.perf_counter()

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


async def one_run(folder: Path, texts: list[str], bursts: int, burst: int, gap: float,
                  opened: int) -> dict[str, list[float]]:
    session = Session()
    started = time.perf_counter()
    initialize, pid = await session.start()
    first = folder / "article-00.md"
    sent = session.open(first.as_uri(), texts[0])
    arrived = await session.wait(first.as_uri(), 1)
    result = {"initialize": [initialize], "first": [arrived - sent],
              "first from start": [arrived - started], "after change": []}
    version = 1
    body = texts[0].count("\n") // 2  # a line in the middle of the article
    for _ in range(bursts):
        for _ in range(burst):
            version += 1
            last = session.type_char(first.as_uri(), version, body, "a")
            await asyncio.sleep(gap)
        result["after change"].append(await session.wait(first.as_uri(), version) - last)
        await asyncio.sleep(0.2)
    for n in range(1, opened):
        uri = (folder / f"article-{n:02d}.md").as_uri()
        session.open(uri, texts[n])
        await session.wait(uri, 1)
    result["rss"] = [rss_mib(pid)]
    await session.stop()
    return result


def floors(text: str, runs: int) -> dict[str, list[float]]:
    """What the server cannot beat, measured beside it: a Python that only imports pygls and
    lsprotocol (initialize), and one lint of the article in this process with a warm checks'
    cache (the work after the debounce)."""
    import subprocess

    from healthlint.config import Config
    from healthlint.engine.runner import lint_text

    found: dict[str, list[float]] = {"floor: import pygls + lsprotocol": [],
                                     "floor: one lint, warm": []}
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import lsprotocol.types, pygls.lsp.server"],
                       check=True)
        found["floor: import pygls + lsprotocol"].append(time.perf_counter() - started)
    config, cache = Config.default(), {}
    lint_text(text, "article.md", config, None, cache)
    for _ in range(max(10, runs)):
        started = time.perf_counter()
        lint_text(text, "article.md", config, None, cache)
        found["floor: one lint, warm"].append(time.perf_counter() - started)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="server processes (default 5)")
    parser.add_argument("--bursts", type=int, default=40, help="bursts of typing per run")
    parser.add_argument("--burst", type=int, default=3, help="keystrokes per burst")
    parser.add_argument("--gap", type=float, default=0.03, help="seconds between keystrokes")
    parser.add_argument("--open", type=int, default=20, help="articles open for the memory")
    parser.add_argument("--words", type=int, default=1500, help="words of each article")
    args = parser.parse_args(argv)
    rng = random.Random(14)
    texts = [article(n, args.words, rng) for n in range(max(1, args.open))]
    totals: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for n, text in enumerate(texts):
            (folder / f"article-{n:02d}.md").write_text(text, "utf-8")
        for _ in range(args.runs):
            for key, values in asyncio.run(one_run(folder, texts, args.bursts, args.burst,
                                                   args.gap, args.open)).items():
                totals.setdefault(key, []).extend(values)
    for key, values in floors(texts[0], args.runs).items():
        totals[key] = values
    words = len(texts[0].split())
    print(f"{args.runs} server processes; {words}-word article; {args.bursts} bursts of "
          f"{args.burst} keystrokes {args.gap * 1000:.0f} ms apart per run; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| measure | median | p95 | min-max | target |")
    print("| --- | ---: | ---: | ---: | ---: |")
    targets = {"initialize": "0.5 s", "first": "1 s", "after change": "150 ms (p95)",
               "rss": "100 MB"}
    for key, values in totals.items():
        if key == "rss":
            print(f"| RSS with {args.open} articles open | {statistics.median(values):.0f} MiB "
                  f"| | {min(values):.0f}-{max(values):.0f} MiB | {targets[key]} |")
            continue
        ms = [v * 1000 for v in values]
        print(f"| {key} | {statistics.median(ms):.0f} ms | {percentile(ms, 0.95):.0f} ms | "
              f"{min(ms):.0f}-{max(ms):.0f} ms | {targets.get(key, '')} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
