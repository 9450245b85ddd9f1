"""Benchmark ``healthlint check`` and ``export`` against the building blocks alone (issue 10).

Run it from the repository root (a maintainer tool, not part of the tests):

    python -m tools.bench                      # N=1000 articles, median of 3
    python -m tools.bench --articles 200 --repeat 5

It writes N articles of about 1,000 words with a fixed seed (front matter, sections, lists,
links, medical words, some misspellings and some claims) into a temporary folder and reports
the median wall time and the peak resident memory (``os.wait4``: the largest process of the
tree) of, each as a fresh process as a writer or CI starts it (with the package's bytecode
written first, as an installed package has it):

- one article, cold (no result cache);
- N articles cold with ``--jobs 1`` and ``--jobs 2``;
- ``check --fix`` of the N articles cold with ``--jobs 2``, on a fresh copy of the corpus
  before each run (the copy is not timed), and its ratio to ``check`` (issue 14: at most
  1.5x), when this healthlint has ``--fix``;
- N articles again with the result cache warm (when ``check`` has one);
- ``export`` of the N articles into an empty folder, then unchanged (after one untimed
  export with the result cache, as a writer's first export leaves it);
- with ``--before PYTHON`` (the Python of a venv with the old version installed), the same
  runs of the old version, each timed right before the same run of this one;
- the floor: the building blocks alone on the same corpus in 2 processes (markdown-it-py
  parse, pyspellchecker set look-ups of every word, Pyphen syllables of every word and one
  claims regex), start-up included; and each check run's ratio to it, measured in the same
  minutes so the ratio holds on a noisy machine.

Runs are interleaved (one of each, then again) so that load from other processes falls on
all of them alike.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tools.bench_export import corpus_article

MEDICAL = ["metformin", "hypertension", "ibuprofen", "acetaminophen", "cholesterol",
           "echocardiogram", "inhaler", "antihistamines", "corticosteroid", "thyroid",
           "insulin", "statins", "physiotherapy", "dermatologist", "antibiotics"]
MISSPELLED = ["diabeties", "ibuprofin", "acetominophen", "symtoms", "perscription",
              "medecine", "asthama", "cholestrol"]
CLAIMS = ["This herbal tea cures diabetes in two weeks.",
          "Our capsules are 100% safe and have no side effects.",
          "Doctors hate this miracle detox that melts fat overnight."]
LIST_ITEMS = ["Drink water through the day.", "Take {m} as your doctor tells you.",
              "Write down when you feel unwell.", "Ask about {m} at your next visit.",
              "Keep your appointments."]

BYTECODE_PROBE = """
import compileall, os
import healthlint, healthlint.commands
for package in (healthlint, healthlint.commands):
    compileall.compile_dir(os.path.dirname(package.__file__), quiet=1)
"""

FLOOR_PROBE = """
import re, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

WORD = re.compile(r"[^\\W_]+(?:['’-][^\\W_]+)*")
CLAIM = re.compile(r"\\b(?:cures?|miracle|100% safe|no side effects|detox)\\b", re.I)

def work(paths):
    from markdown_it import MarkdownIt
    from pyphen import Pyphen
    from spellchecker import SpellChecker
    md = MarkdownIt("commonmark")
    words = SpellChecker().word_frequency.dictionary
    hyphen = Pyphen(lang="en_US")
    unknown = syllables = claims = 0
    for path in paths:
        text = Path(path).read_text("utf-8")
        tokens = md.parse(text)
        prose = " ".join(t.content for t in tokens if t.type == "inline")
        for word in WORD.findall(prose):
            lowered = word.lower()
            if lowered not in words:
                unknown += 1
            syllables += len(hyphen.positions(lowered)) + 1
        claims += len(CLAIM.findall(prose))
    return unknown, syllables, claims

if __name__ == "__main__":
    files = sorted(str(p) for p in Path(sys.argv[1]).glob("*.md"))
    jobs = int(sys.argv[2])
    chunks = [files[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(jobs) as pool:
        print(list(pool.map(work, chunks)))
"""


def varied(sentence: str, rng: random.Random) -> str:
    """Now and then a medical word, a misspelling, a claim or a link in place of a plain
    sentence."""
    roll = rng.random()
    if roll < 0.15:
        return sentence[:-1] + f", and {rng.choice(MEDICAL)} may be part of it."
    if roll < 0.18:
        return sentence[:-1] + f" with {rng.choice(MISSPELLED)}."
    if roll < 0.19:
        return rng.choice(CLAIMS)
    if roll < 0.22:
        return sentence[:-1] + (" (see [the NHS page](https://www.nhs.uk/conditions/"
                                f"{rng.choice(MEDICAL)}/)).")
    return sentence


def listed(title: str, rng: random.Random) -> str:
    """A list of three items after the Symptoms and Treatment sections."""
    if title not in ("Symptoms", "Treatment"):
        return ""
    items = rng.sample(LIST_ITEMS, 3)
    return "\n" + "".join(f"- {item.format(m=rng.choice(MEDICAL))}\n" for item in items)


def article(n: int, words: int, rng: random.Random) -> str:
    """A condition article of about ``words`` words: every section of the profile, a list,
    links, medical words, now and then a misspelling or a claim."""
    return corpus_article(n, words, rng, vary=varied, after_section=listed)


def make_corpus(folder: Path, articles: int, words: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(10)
    for n in range(articles):
        (folder / f"condition-{n:04d}.md").write_text(article(n, words, rng), "utf-8")


def timed(command: Sequence[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MiB of the largest process of the tree, exit code)."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=output, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        output.seek(0)
        errors = output.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"failed ({code}): {' '.join(command)}\n{errors[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, code


def check_options(cli: Sequence[str], command: str = "check") -> tuple[list[str], bool]:
    """The flags that make a ``command`` cold (``--no-cache`` when it reads the result cache)
    and whether it reads it at all: the same benchmark runs before and after it."""
    helptext = subprocess.run([*cli, command, "--help"], capture_output=True, text=True,
                              check=True).stdout
    cached = "--no-cache" in helptext
    return (["--no-cache"] if cached else []), cached


Runs = dict[str, tuple[list[str], Path | None]]
# label -> (the corpus, the copy made fresh before each run): runs that change the files
COPIES: dict[str, tuple[Path, Path]] = {}


def fix_label(tag: str, n: int) -> str:
    return f"{tag}check --fix {n}, cold, --jobs 2"


def add_runs(runs: Runs, tag: str, python: str, corpus: Path, base: Path,
             args: argparse.Namespace) -> bool:
    """The runs of one healthlint (the Python it is installed for), labelled with ``tag``;
    True when its ``check`` has a result cache (filled here, to time the cached run)."""
    cli = [python, "-m", "healthlint.commands.cli"]
    # as pip leaves an installed package: its bytecode written, so no run compiles the source
    # (an editable install, with PYTHONDONTWRITEBYTECODE set, would in every run)
    subprocess.run([python, "-c", BYTECODE_PROBE], check=True, capture_output=True)
    cold, cached = check_options(cli)
    one = sorted(corpus.glob("*.md"))[0]
    site = base / f"site{len(runs)}"
    check = [*cli, "check", "--today", args.today, "--no-color"]
    n = args.articles
    runs[f"{tag}check 1 article, cold"] = ([*check, *cold, "--jobs", "1", str(one)], None)
    runs[f"{tag}check {n}, cold, --jobs 1"] = ([*check, *cold, "--jobs", "1", str(corpus)], None)
    runs[f"{tag}check {n}, cold, --jobs 2"] = ([*check, *cold, "--jobs", "2", str(corpus)], None)
    if "--fix" in subprocess.run([*cli, "check", "--help"], capture_output=True, text=True,
                                 check=True).stdout:
        copy = base / f"fixed{len(runs)}"
        COPIES[fix_label(tag, n)] = (corpus, copy)
        runs[fix_label(tag, n)] = ([*check, *cold, "--fix", "--jobs", "2", str(copy)], None)
    export = [*cli, "export", str(corpus), "--out", str(site), "--today", args.today,
              "--jobs", "2"]
    # cold: an empty site, and no lint results from the cache when export can read them
    export_cold, _ = check_options(cli, "export")
    runs[f"{tag}export {n}, cold, --jobs 2"] = ([*export, *export_cold], site)
    runs[f"{tag}export {n}, unchanged, --jobs 2"] = (export, None)
    if cached:
        warm = [*check, "--jobs", "2", str(corpus)]
        timed(warm, base)  # fills the cache
        runs[f"{tag}check {n}, cached, --jobs 2"] = (warm, None)
        # and an export with the cache, as a writer's first export leaves it (what export
        # keeps there itself: its held-back articles); the cold export reads none of it
        timed(export, base)
    return cached


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="N (default 1000)")
    parser.add_argument("--words", type=int, default=1000, help="words an article (1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--today", default="2026-11-25")
    parser.add_argument("--keep", type=Path, help="write the corpus and site here, keep them")
    parser.add_argument("--before", type=Path, metavar="PYTHON", help="the Python of another "
                        "install of healthlint (a venv of the old version): each of its runs "
                        "is timed next to the same run of this one, interleaved")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.repeat < 1:
        parser.error("--articles and --repeat must be 1 or more")
    base = args.keep or Path(tempfile.mkdtemp(prefix="healthlint-bench-"))
    base = base.resolve()
    try:
        corpus = base / "corpus"
        make_corpus(corpus, args.articles, args.words)
        # the cache (when there is one) lives in the project root: keep it in the scratch
        (base / "pyproject.toml").write_text("[tool.healthlint]\n", "utf-8")
        words = sum(len(p.read_text("utf-8").split()) for p in corpus.glob("*.md"))
        runs: dict[str, tuple[list[str], Path | None]] = {
            "floor: building blocks, 2 processes": (
                [sys.executable, "-c", FLOOR_PROBE, str(corpus), "2"], None)}
        versions = [("", sys.executable)]
        if args.before:
            versions.insert(0, ("before: ", str(args.before)))
        cached = False
        for tag, python in versions:
            cached = add_runs(runs, tag, python, corpus, base, args) or cached
        ordered = {}  # each run of the old version right before the same run of this one
        for label in [k for k in runs if not k.startswith("before: ")]:
            if f"before: {label}" in runs:
                ordered[f"before: {label}"] = runs[f"before: {label}"]
            ordered[label] = runs[label]
        runs = ordered
        print(f"corpus: {args.articles} articles, {words / args.articles:.0f} words each "
              f"(source); {os.cpu_count()} CPUs; median of {args.repeat}, interleaved; "
              f"result cache: {'yes' if cached else 'none'}; peak RSS: the largest process",
              flush=True)
        times: dict[str, list[float]] = {label: [] for label in runs}
        peaks: dict[str, list[float]] = {label: [] for label in runs}
        for _ in range(args.repeat):
            for label, (command, fresh) in runs.items():
                if fresh is not None and fresh.exists():
                    shutil.rmtree(fresh)
                if label in COPIES:  # --fix changes the files: a fresh copy each time
                    source, copy = COPIES[label]
                    shutil.rmtree(copy, ignore_errors=True)
                    shutil.copytree(source, copy)
                elapsed, peak, _ = timed(command, base)
                times[label].append(elapsed)
                peaks[label].append(peak)
        floor = statistics.median(next(iter(times.values())))
        print(f"{'run':<40} {'median':>9} {'(min-max)':>13} {'peak RSS':>9} {'/floor':>7}")
        for label in runs:
            median = statistics.median(times[label])
            spread = f"{min(times[label]):.2f}-{max(times[label]):.2f}"
            print(f"{label:<40} {median:8.2f}s {spread:>13} {max(peaks[label]):6.0f} MiB "
                  f"{median / floor:6.2f}x")
        n = args.articles
        for tag, _ in versions:
            fixing, checking = fix_label(tag, n), f"{tag}check {n}, cold, --jobs 2"
            if fixing in times:
                ratio = statistics.median(times[fixing]) / statistics.median(times[checking])
                print(f"{tag}check --fix / check ({n}, cold, --jobs 2): {ratio:.2f}x "
                      "(target: at most 1.5x)")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
