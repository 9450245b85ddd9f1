"""Measure healthlint on a corpus written by others: false alarms, recall, unknown words.

Run it from the repository root:

    python -m tools.evaluate ../shared/corpus            # a plain table
    python -m tools.evaluate ../shared/corpus --json     # the same figures as JSON
    python -m tools.evaluate ../shared/corpus --show     # also list every false alarm/miss

The corpus folder is laid out like ``../shared/corpus/``: ``good/*.md`` (published articles
that should raise no claims, stigma or spelling alarms), ``claims_bad.tsv`` and
``claims_ok.tsv`` (a ``sentence`` column; banned claims and legitimate look-alikes). It
prints, per rule family:

- findings per 10,000 words on ``good/`` (every finding there is a false alarm), with the
  structure (HL1), disclaimer (HL2), readability (HL3, a metric, not an alarm) and metadata
  (HL6) rules off, since those pages follow other house styles;
- claims (HL5): recall on ``claims_bad.tsv``, all sentences and the ones with an absolute word
  (cure, guarantee, 100%, proven, miracle, eliminate, kill, never fail, no side effects,
  risk-free, completely safe, detox); sentences of ``claims_ok.tsv`` flagged;
- spelling (HL4): unknown-word (HL401) findings as a share of the words of ``good/`` with
  ``variant = "any"``, and, from ``tools/misspellings.tsv``, how many misspellings are
  flagged and how often the right word is the first (or among the) suggestions.

Targets (issue 3) are printed beside the figures; ``--strict`` exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from healthlint.config import Config
from healthlint.core.findings import Finding
from healthlint.engine.runner import lint_paths, lint_text

OFF = ["HL1", "HL2", "HL3", "HL6"]
FAMILIES = {"HL4": "spelling", "HL5": "claims", "HL7": "language"}
ABSOLUTE_WORD = re.compile(
    r"\bcur(?:e|es|ed|ing)\b|guarant|100 ?%|\bproven\b|miracl|eliminat|\bkill|never fail"
    r"|no side effects|risk[- ]free|completely safe|detox", re.IGNORECASE)
MISSPELLINGS = Path(__file__).with_name("misspellings.tsv")


@dataclass
class Row:
    family: str
    metric: str
    value: str
    target: str = ""
    met: bool | None = None


@dataclass
class Report:
    corpus: str
    articles: int = 0
    words: int = 0
    rows: list[Row] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    details: dict[str, list[str]] = field(default_factory=dict)

    def add(self, family: str, metric: str, value: str, target: str = "",
            met: bool | None = None) -> None:
        self.rows.append(Row(family, metric, value, target, met))


def evaluation_config(root: Path) -> Config:
    return Config.from_table({"ignore": OFF, "spelling": {"variant": "any"}}, root, None)


def read_sentences(path: Path) -> list[str]:
    """The ``sentence`` column of a TSV file (quotes in the text are literal)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, [])
        column = header.index("sentence") if "sentence" in header else 0
        return [row[column] for row in reader if len(row) > column and row[column].strip()]


def per_10k(count: int, words: int) -> float:
    return round(count * 10_000 / words, 3) if words else 0.0


def percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "n/a"


def describe(finding: Finding, text: str | None = None) -> str:
    where = f"{finding.location()} " if text is None else ""
    quoted = f" | {text[:140]}" if text else ""
    return f"{where}{finding.code} {finding.message}{quoted}"


def evaluate_good(folder: Path, config: Config, report: Report, jobs: int) -> list[Finding]:
    files = sorted(folder.glob("*.md"))
    results = lint_paths(files, config, dt.date.today(), jobs=jobs)
    report.articles = len(results)
    report.words = sum(r.words for r in results)
    findings = [f for r in results for f in r.findings]
    by_rule = Counter(f.code for f in findings)
    report.figures["good"] = {"articles": report.articles, "words": report.words,
                              "findings_by_rule": dict(sorted(by_rule.items()))}
    for prefix, name in FAMILIES.items():
        family = [f for f in findings if f.code.startswith(prefix)]
        rate = per_10k(len(family), report.words)
        report.figures["good"][name] = {"findings": len(family), "per_10k_words": rate}
        if prefix == "HL4":  # hundreds of findings: one line per distinct message
            counts = Counter(f"{f.code} {f.message}" for f in family)
            report.details[f"good {name}"] = [f"{m} (x{n})" for m, n in counts.most_common()]
        else:
            report.details[f"good {name}"] = [describe(f) for f in family]
        target, met = {"HL5": ("<= 0.5", rate <= 0.5), "HL7": ("<= 0.2", rate <= 0.2)}.get(
            prefix, ("", None))
        report.add(f"{name} {prefix}", "findings per 10,000 words on good/",
                   f"{rate} ({len(family)})", target, met)
    return findings


def evaluate_claims(corpus: Path, config: Config, report: Report) -> None:
    def flagged(sentence: str) -> list[Finding]:
        return [f for f in lint_text(sentence + "\n", "sentence.md", config)
                if f.code.startswith("HL5")]

    bad_path, ok_path = corpus / "claims_bad.tsv", corpus / "claims_ok.tsv"
    if bad_path.is_file():
        bad = read_sentences(bad_path)
        hits = {s: flagged(s) for s in bad}
        absolute = [s for s in bad if ABSOLUTE_WORD.search(s)]
        caught = [s for s in bad if hits[s]]
        caught_abs = [s for s in absolute if hits[s]]
        share = len(caught_abs) / len(absolute) if absolute else 1.0
        report.add("claims HL5", "recall, claims_bad.tsv (all)", percent(len(caught), len(bad)))
        report.add("claims HL5", "recall, claims_bad.tsv (absolute words)",
                   percent(len(caught_abs), len(absolute)), ">= 95%", share >= 0.95)
        report.figures["claims_bad"] = {
            "sentences": len(bad), "flagged": len(caught), "absolute": len(absolute),
            "absolute_flagged": len(caught_abs),
            "by_rule": dict(Counter(f.code for s in bad for f in hits[s])),
        }
        report.details["claims_bad missed"] = [
            ("[absolute] " if s in absolute else "") + s for s in bad if not hits[s]]
    if ok_path.is_file():
        ok = read_sentences(ok_path)
        alarms = {s: flagged(s) for s in ok}
        wrong = [s for s in ok if alarms[s]]
        report.add("claims HL5", "flagged, claims_ok.tsv", f"{len(wrong)}/{len(ok)}", "<= 3",
                   len(wrong) <= 3)
        report.figures["claims_ok"] = {"sentences": len(ok), "flagged": len(wrong)}
        report.details["claims_ok flagged"] = [
            f"{s} -> " + "; ".join(f"{f.code} {f.message}" for f in alarms[s]) for s in wrong]


def evaluate_spelling(findings: list[Finding], report: Report) -> None:
    unknown = sum(1 for f in findings if f.code == "HL401")
    share = unknown / report.words if report.words else 0.0
    report.add("spelling HL4", "unknown words (HL401) / words on good/",
               f"{100 * share:.2f}% ({unknown})", "< 0.3%", share < 0.003)
    report.figures["spelling"] = {"unknown_words": unknown, "unknown_rate": round(share, 5)}
    speller = _speller()
    if speller is None or not MISSPELLINGS.is_file():
        report.add("spelling HL4", "misspellings list",
                   "n/a (no healthlint.rules.spelling.Speller or tools/misspellings.tsv)")
        return
    pairs = _misspellings()
    known: Callable[[str], bool] = speller.known
    missed = [(typo, right) for typo, right in pairs if known(typo)]
    first = top = 0
    wrong_first: list[str] = []
    for typo, right in pairs:
        suggestions = [s.lower() for s in speller.suggest(typo)]
        first += bool(suggestions) and suggestions[0] == right.lower()
        top += right.lower() in suggestions
        if not suggestions or suggestions[0] != right.lower():
            wrong_first.append(f"{typo}: {', '.join(suggestions) or '(none)'} (want {right})")
    n = len(pairs)
    report.add("spelling HL4", "misspellings flagged", percent(n - len(missed), n), "all",
               not missed)
    report.add("spelling HL4", "right word first among suggestions", percent(first, n),
               ">= 85%", n > 0 and first / n >= 0.85)
    report.add("spelling HL4", "right word among suggestions", percent(top, n))
    report.figures["misspellings"] = {"pairs": n, "flagged": n - len(missed),
                                      "right_first": first, "right_in_suggestions": top}
    report.details["misspellings not flagged"] = [t for t, _ in missed]
    report.details["misspellings: right word not first"] = wrong_first


def _speller() -> Any:
    try:
        from healthlint.rules.spelling import Speller
    except ImportError:
        return None
    return Speller(variant="any")


def _misspellings() -> list[tuple[str, str]]:
    with MISSPELLINGS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r[0].strip(), r[1].strip()) for r in rows[1:] if len(r) >= 2 and r[0].strip()]


def evaluate(corpus: Path, jobs: int = 1) -> Report:
    report = Report(str(corpus))
    config = evaluation_config(corpus)
    findings: list[Finding] = []
    if (corpus / "good").is_dir():
        findings = evaluate_good(corpus / "good", config, report, jobs)
    evaluate_claims(corpus, config, report)
    evaluate_spelling(findings, report)
    return report


def render(report: Report, show: bool) -> str:
    head = ["family", "metric", "value", "target", "met"]
    body = [[r.family, r.metric, r.value, r.target,
             "" if r.met is None else ("ok" if r.met else "MISSED")] for r in report.rows]
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]
    lines = [f"healthlint evaluation of {report.corpus}: {report.articles} articles in good/, "
             f"{report.words:,} words (rules off on good/: {', '.join(OFF)})", ""]
    for row in [head, ["-" * w for w in widths], *body]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    by_rule = report.figures.get("good", {}).get("findings_by_rule", {})
    shown = {k: v for k, v in by_rule.items() if k[:3] in FAMILIES}
    if shown:
        lines += ["", "findings on good/ by rule: " +
                  ", ".join(f"{code} {count}" for code, count in shown.items())]
    if show:
        for title, items in report.details.items():
            if items:
                lines += ["", f"{title} ({len(items)}):", *(f"  {item}" for item in items)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="folder with good/, claims_bad.tsv, "
                        "claims_ok.tsv")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show", action="store_true", help="list false alarms and misses")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for good/")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"evaluate: {args.corpus}: not a folder", file=sys.stderr)
        return 2
    report = evaluate(args.corpus, max(1, args.jobs))
    if args.json:
        data = {"corpus": report.corpus, "articles": report.articles, "words": report.words,
                "rules_off": OFF, "figures": report.figures,
                "table": [vars(r) for r in report.rows]}
        if args.show:
            data["details"] = report.details
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(render(report, args.show))
    missed = any(r.met is False for r in report.rows)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
