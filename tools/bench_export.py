"""Benchmark ``healthlint export``: wall time and peak memory (issue 4, "Report").

Run from the repository root (a maintainer script, not part of the tests):

    /work/venv/bin/python -m tools.bench_export                # content/ + 1,000 articles
    /work/venv/bin/python -m tools.bench_export --articles 200 --repeat 5 --jobs 1 2 4

It times, as separate ``healthlint export`` processes (start-up included, as a publisher sees
it), the median of ``--repeat`` runs of:

- a full export of the house content (``--content``, default content/) and of a generated
  corpus of ``--articles`` articles of about ``--words`` words (condition profile, every
  section, a disclaimer and sources, so they pass the checks and are rendered, not held back),
  once per ``--jobs`` value, each into an empty output folder;
- a re-run with nothing changed (every page copied from the previous site);
- ``healthlint check`` of the corpus, to show how much of an export is linting.

Peak memory is the ``ru_maxrss`` that ``os.wait4`` reports for each run: the largest resident
set of the export process or any of its worker processes. CPU is user + system time of the
process and its workers (less sensitive than wall time to other load on the machine).
Everything is written in a temporary folder that is deleted at the end (``--keep DIR`` to keep
the corpus and sites there instead).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

SECTIONS = {
    "Overview": [
        "This condition affects many adults and some children.",
        "It can be mild for some people and more serious for others.",
        "Many people live well with it when they get the right care.",
        "Your doctor can explain what it means for you.",
        "It often starts slowly, so it can be easy to miss at first.",
        "Learning about it can help you take part in choices about your care.",
    ],
    "Symptoms": [
        "Some people have no symptoms at first.",
        "You may feel more tired than usual.",
        "Some people notice changes in their sleep or appetite.",
        "Symptoms can come and go over weeks or months.",
        "Keep a note of when your symptoms start and what makes them better or worse.",
        "Tell your doctor if your symptoms change.",
    ],
    "Causes": [
        "Doctors do not always know the exact cause.",
        "It can run in families.",
        "Your age and your daily habits can play a part.",
        "Some medicines can raise the risk for some people.",
        "Smoking and drinking a lot of alcohol can make it more likely.",
        "Other health problems can also play a part.",
    ],
    "Diagnosis": [
        "Your doctor will ask about your symptoms and your health history.",
        "They may check your blood pressure and your weight.",
        "You may need a blood test or other tests.",
        "Some tests are done in a clinic and some can be done at home.",
        "It can take more than one visit to find out what is going on.",
        "Ask your doctor what each test is for and when you will get the results.",
    ],
    "Treatment": [
        "Treatment depends on how the condition affects you.",
        "Changes to daily habits can help many people.",
        "Being active on most days can help you feel better.",
        "Your doctor may suggest a medicine.",
        "Take your medicine the way your doctor or pharmacist tells you.",
        "Go to your check-ups, even when you feel well.",
    ],
    "When to see a doctor": [
        "See a doctor if your symptoms do not get better.",
        "Get help soon if your symptoms get worse quickly.",
        "Call 911 or your local emergency number if you have chest pain or trouble breathing.",
        "Ask for help if you are worried about your health.",
        "Bring a list of your medicines to your visit.",
        "Write down your questions before you go.",
    ],
}
DISCLAIMER = ("This article gives general information only. It is not a substitute for "
              "professional medical advice, diagnosis or treatment. Talk to your doctor, "
              "pharmacist or nurse about your own health.")
SOURCES = ("- [Health topics, from MedlinePlus](https://medlineplus.gov/healthtopics.html)\n"
           "- [Health A to Z, from the NHS](https://www.nhs.uk/health-a-to-z/)\n")


def corpus_article(n: int, words: int, rng: random.Random,
                   vary: Callable[[str, random.Random], str] | None = None,
                   after_section: Callable[[str, random.Random], str] | None = None) -> str:
    """A condition article of about ``words`` words of prose; ``vary`` may change each sentence
    drawn and ``after_section`` may add text after a section (``tools.bench`` adds medical
    words, misspellings, claims, links and lists)."""
    per_section = max(1, words // len(SECTIONS))
    parts = [f"---\ntitle: Condition {n}\ndescription: What condition {n} is, its symptoms "
             f"and causes, and how it is found and treated.\ntype: condition\nauthor: "
             f"healthlint editorial team\nreviewer: Clinical reviewer, healthlint\n"
             f"last_reviewed: 2026-0{1 + n % 9}-1{n % 10}\nslug: condition-{n}\n---\n\n"
             f"# Condition {n}\n"]
    for title, pool in SECTIONS.items():
        parts.append(f"\n## {title}\n")
        count, paragraph = 0, []
        while count < per_section:
            sentence = rng.choice(pool)
            if vary is not None:
                sentence = vary(sentence, rng)
            paragraph.append(sentence)
            count += len(sentence.split())
            if len(paragraph) == 4:
                parts.append("\n" + " ".join(paragraph) + "\n")
                paragraph = []
        if paragraph:
            parts.append("\n" + " ".join(paragraph) + "\n")
        if after_section is not None:
            parts.append(after_section(title, rng))
    parts.append(f"\n{DISCLAIMER}\n\n## Sources\n\n{SOURCES}")
    return "".join(parts)


def make_corpus(folder: Path, articles: int, words: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(4)
    for n in range(articles):
        (folder / f"condition-{n}.md").write_text(corpus_article(n, words, rng), "utf-8")


def timed(command: Sequence[str]) -> tuple[float, float, float, int, str]:
    """(wall seconds, CPU seconds of the process tree, peak RSS in MiB of its largest process,
    exit code, what it printed)."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        output.seek(0)
        printed = output.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}\n{printed}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, printed


def measure(label: str, command: Sequence[str], repeat: int, fresh: Path | None) -> None:
    times, cpus, peaks, rendered = [], [], [], []
    code = 0
    for _ in range(repeat):
        if fresh is not None and fresh.exists():
            shutil.rmtree(fresh)
        elapsed, cpu, peak, code, printed = timed(command)
        times.append(elapsed)
        cpus.append(cpu)
        peaks.append(peak)
        found = re.search(r"\((\d+) rendered", printed)
        if found:
            rendered.append(found.group(1))
    spread = f"{min(times):.2f}-{max(times):.2f}"
    # A re-run renders again when the code of healthlint changed in between (a cache miss).
    pages = f"  rendered {'/'.join(rendered)}" if rendered else ""
    print(f"{label:<44} {statistics.median(times):8.2f} s  ({spread:>13})  "
          f"{statistics.median(cpus):8.2f} s  {max(peaks):7.0f} MiB  exit {code}{pages}",
          flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--today", default="2026-11-25")
    parser.add_argument("--keep", type=Path, help="write the corpus and sites here, keep them")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="healthlint-bench-"))
    cli = [sys.executable, "-m", "healthlint.commands.cli"]
    try:
        corpus = base / "corpus"
        make_corpus(corpus, args.articles, args.words)
        words = sum(len(p.read_text("utf-8").split()) for p in corpus.glob("*.md"))
        print(f"corpus: {args.articles} articles, {words / args.articles:.0f} words each "
              f"(source, with front matter); cores: {os.cpu_count()}; median of {args.repeat}")
        print(f"{'run':<44} {'wall':>10}  {'(min-max)':>15}  {'CPU':>10}  {'peak RSS':>11}")
        for name, source in (("content", args.content), ("corpus", corpus)):
            if not source.is_dir():
                print(f"{name}: {source} not found, skipped")
                continue
            count = len(list(source.rglob("*.md")))
            out = base / f"site-{name}"
            for jobs in args.jobs:
                command = [*cli, "export", str(source), "--out", str(out), "--jobs", str(jobs),
                           "--today", args.today]
                measure(f"export {name} ({count}) --jobs {jobs}, full", command, args.repeat,
                        out)
            command = [*cli, "export", str(source), "--out", str(out), "--today", args.today]
            measure(f"export {name} ({count}) unchanged re-run", command, args.repeat, None)
        for jobs in args.jobs:
            measure(f"check corpus ({args.articles}) --jobs {jobs} (lint only)",
                    [*cli, "check", str(corpus), "--jobs", str(jobs), "--today", args.today],
                    args.repeat, None)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
