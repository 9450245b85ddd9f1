"""Measure healthlint on a corpus written by others: false alarms, recall, unknown words.

Run it from the repository root:

    python -m tools.evaluate ../shared/corpus            # a plain table
    python -m tools.evaluate ../shared/corpus --json     # the same figures as JSON
    python -m tools.evaluate ../shared/corpus --show     # also list every false alarm/miss
    python -m tools.evaluate --claims-set tests/data     # the labelled claims set, by half
    python -m tools.evaluate --claims-set tests/data --show shape   # + the shape half's misses
    python -m tools.evaluate --dev tools/claims_model/train_bad_extra.tsv   # a development set

The corpus folder is laid out like ``../shared/corpus/``: ``good/*.md`` (published articles
that should raise no claims, stigma or spelling alarms), ``claims_bad.tsv`` and
``claims_ok.tsv`` (a ``sentence`` column; banned claims and legitimate look-alikes). It
prints, per rule family:

- findings per 10,000 words on ``good/`` (every finding there is a false alarm), with the
  structure (HL1), disclaimer (HL2), readability (HL3, a metric, not an alarm) and metadata
  (HL6) rules off, since those pages follow other house styles;
- page furniture and repeated text (HL8), which a published page never has: none expected;
  confusable words (HL407) are listed one by one (each is a real slip of the page, or a false
  alarm to fix);
- claims (HL5): recall on ``claims_bad.tsv``, all sentences and the ones with an absolute word
  (cure, guarantee, 100%, proven, miracle, eliminate, kill, never fail, no side effects,
  risk-free, completely safe, detox); sentences of ``claims_ok.tsv`` flagged;
- spelling (HL4): unknown-word (HL401) findings as a share of the words of ``good/`` with
  ``variant = "any"``, and, from ``tools/misspellings.tsv``, how many misspellings are
  flagged and how often the right word is the first (or among the) suggestions.

Targets (issue 3) are printed beside the figures; ``--strict`` exits 1 when one is missed.

``--claims-set DIR`` measures the claims rules on a labelled set of real sentences (issue 9;
``tests/data/claims_bad.tsv`` and ``claims_ok.tsv``, columns ``sentence``, ``kind``,
``document``, ``source``): seller claims quoted in FDA warning letters, and look-alike
sentences from NIH/CDC pages. The set is split by source document (``split_half``: sha256 of
``document``, even = "shape", odd = "held-out"), so no document has sentences in both halves.
Rules may be shaped on the shape half; the held-out half is reported as figures only: its
misses and false alarms are never printed (``--show shape`` lists the shape half's; there is
no way to list the held-out half's). For each half and each of the issue's eight kinds it
prints bad sentences flagged / total (recall), ok sentences flagged / total (false alarms),
the totals, and which HL5 rules fired.

``--dev TSV`` measures the claims rules on a development set of seller claims (a ``sentence``
column, and ``document`` when there is one; every row is a claim): recall of the rules
(HL501-HL511) and of the family with the learned second opinion (HL512, which may have been
trained on the set), per document, which rules fired, and every sentence the rules missed, so
that rules can be shaped on it. It is for sets outside ``tests/data``; the held-out half there
is never listed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
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
# HL407 (confusable words) is also a row of its own: a handful of findings, each to read.
FAMILIES = {"HL4": "spelling", "HL407": "confusables", "HL5": "claims", "HL7": "language",
            "HL8": "leftovers"}
ABSOLUTE_WORD = re.compile(
    r"\bcur(?:e|es|ed|ing)\b|guarant|100 ?%|\bproven\b|miracl|eliminat|\bkill|never fail"
    r"|no side effects|risk[- ]free|completely safe|detox", re.IGNORECASE)
MISSPELLINGS = Path(__file__).with_name("misspellings.tsv")
HALVES = ("shape", "held-out")
KINDS = {"1": "product-disease", "2": "cancer-cells", "3": "uncited-proof",
         "4": "replace-medicine", "5": "absolute-quantifier", "6": "testimonial",
         "7": "safety-efficacy-boast", "8": "risky-self-treatment"}


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
        target, met = {"HL5": ("<= 0.5", rate <= 0.5), "HL7": ("<= 0.2", rate <= 0.2),
                       "HL8": ("0", not family)}.get(prefix, ("", None))
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


def split_half(document: str) -> str:
    """The half of the labelled claims set a source document belongs to: "shape" when the
    sha256 of its id is even, "held-out" when odd. Every sentence of one document is in the
    same half, so a rule shaped on one letter's wording is not measured on that letter."""
    digest = hashlib.sha256(document.strip().encode("utf-8")).digest()
    return HALVES[digest[-1] % 2]


@dataclass(frozen=True)
class Labelled:
    sentence: str
    kind: str
    document: str
    source: str


def read_labelled(path: Path) -> list[Labelled]:
    """Rows of a labelled claims TSV (``sentence``, ``kind``, ``document``, ``source``)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, [])
        missing = {"sentence", "kind", "document"} - set(header)
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        at = {name: header.index(name) for name in header}
        rows = []
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ValueError(f"{path}:{number}: {len(row)} columns, want {len(header)}")
            kind = row[at["kind"]].strip()
            if kind not in KINDS:
                raise ValueError(f"{path}:{number}: kind {kind!r} is not one of 1-8")
            rows.append(Labelled(row[at["sentence"]], kind, row[at["document"]].strip(),
                                 row[at["source"]] if "source" in at else ""))
        return rows


def _tally() -> dict[str, Any]:
    return {"bad": 0, "bad_flagged": 0, "ok": 0, "ok_flagged": 0}


def evaluate_claims_set(folder: Path, config: Config | None = None,
                        show: bool = False) -> dict[str, Any]:
    """Recall and false alarms of the HL5 rules on a labelled claims set, per half and kind.

    Returns ``{half: {"kinds": {kind: tally}, "total": tally, "rules_bad": {...},
    "rules_ok": {...}, "documents": {"bad": n, "ok": n}}}`` and, only when ``show`` is true,
    ``"shape_details"`` with the shape half's misses and false alarms."""
    config = config or evaluation_config(folder)
    figures: dict[str, Any] = {
        half: {"kinds": {k: _tally() for k in KINDS}, "total": _tally(),
               "rules_bad": Counter(), "rules_ok": Counter(),
               "documents": {"bad": set(), "ok": set()}} for half in HALVES}
    details: dict[str, list[str]] = {"shape: bad sentences not flagged": [],
                                     "shape: ok sentences flagged": []}
    for label in ("bad", "ok"):
        path = folder / f"claims_{label}.tsv"
        if not path.is_file():
            continue
        for row in read_labelled(path):
            half = figures[split_half(row.document)]
            codes = [f.code for f in lint_text(row.sentence + "\n", "sentence.md", config)
                     if f.code.startswith("HL5")]
            for tally in (half["kinds"][row.kind], half["total"]):
                tally[label] += 1
                tally[f"{label}_flagged"] += bool(codes)
            half[f"rules_{label}"].update(set(codes))
            half["documents"][label].add(row.document)
            if show and split_half(row.document) == "shape":
                if label == "bad" and not codes:
                    details["shape: bad sentences not flagged"].append(
                        f"[{row.kind} {KINDS[row.kind]}] {row.sentence}")
                elif label == "ok" and codes:
                    details["shape: ok sentences flagged"].append(
                        f"[{row.kind} {KINDS[row.kind]}] {row.sentence} -> {', '.join(codes)}")
    for half in figures.values():
        half["rules_bad"] = dict(sorted(half["rules_bad"].items()))
        half["rules_ok"] = dict(sorted(half["rules_ok"].items()))
        half["documents"] = {k: len(v) for k, v in half["documents"].items()}
    if show:
        figures["shape_details"] = details
    return figures


def render_claims_set(folder: Path, figures: dict[str, Any]) -> str:
    lines = [f"healthlint claims (HL5) on the labelled set {folder}, split by source document "
             "(sha256 of the document id: even = shape, odd = held-out)"]
    for half in HALVES:
        data = figures[half]
        docs = data["documents"]
        lines += ["", f"{half} half ({docs['bad']} letters, {docs['ok']} pages):"]
        head = ["kind", "bad flagged (recall)", "ok flagged (false alarms)"]
        body = [[f"{k} {name}", percent(t["bad_flagged"], t["bad"]),
                 percent(t["ok_flagged"], t["ok"])]
                for k, name in KINDS.items() for t in [data["kinds"][k]]]
        total = data["total"]
        body.append(["all", percent(total["bad_flagged"], total["bad"]),
                     percent(total["ok_flagged"], total["ok"])])
        widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]
        for row in [head, ["-" * w for w in widths], *body]:
            lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        for label in ("bad", "ok"):
            rules = data[f"rules_{label}"]
            lines.append(f"  rules fired on {label} sentences: " +
                         (", ".join(f"{code} {n}" for code, n in rules.items()) or "none"))
    held = figures["held-out"]["total"]
    lines += ["", "targets on the held-out half: recall >= 80% "
              f"({'met' if claims_set_targets(figures)[0] else 'MISSED'}), false alarms <= 3% "
              f"({'met' if claims_set_targets(figures)[1] else 'MISSED'})"
              f" [{held['bad_flagged']}/{held['bad']} bad, {held['ok_flagged']}/{held['ok']} ok]"]
    for title, items in figures.get("shape_details", {}).items():
        lines += ["", f"{title} ({len(items)}):", *(f"  {item}" for item in items)]
    return "\n".join(lines)


def claims_set_targets(figures: dict[str, Any]) -> tuple[bool, bool]:
    """(recall >= 80%, false alarms <= 3%) on the held-out half (issue 9)."""
    held = figures["held-out"]["total"]
    recall = held["bad_flagged"] / held["bad"] if held["bad"] else 0.0
    alarms = held["ok_flagged"] / held["ok"] if held["ok"] else 0.0
    return recall >= 0.8, alarms <= 0.03


def read_dev(path: Path) -> list[tuple[str, str]]:
    """(sentence, document) rows of a development TSV; the document is "" without the column."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, [])
        if "sentence" not in header:
            raise ValueError(f"{path}:1: no 'sentence' column in the header")
        sentence = header.index("sentence")
        document = header.index("document") if "document" in header else None
        rows = []
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) <= sentence or (document is not None and len(row) <= document):
                raise ValueError(f"{path}:{number}: {len(row)} columns, want {len(header)}")
            rows.append((row[sentence], row[document].strip() if document is not None else ""))
        return rows


def evaluate_dev(path: Path, config: Config | None = None) -> dict[str, Any]:
    """Recall of the HL5 rules on a development set of claims, with its misses.

    ``rules`` counts sentences flagged by HL501-HL511, ``family`` by any HL5 rule (HL512
    included); ``missed`` lists the sentences no rule (HL512 aside) flagged, with their
    document, in file order."""
    config = config or evaluation_config(path.parent)
    rows = read_dev(path)
    fired: Counter[str] = Counter()
    by_rules = by_family = 0
    missed: list[dict[str, str]] = []
    for sentence, document in rows:
        codes = {f.code for f in lint_text(sentence + "\n", "sentence.md", config)
                 if f.code.startswith("HL5")}
        fired.update(codes)
        rules = codes - {"HL512"}
        by_rules += bool(rules)
        by_family += bool(codes)
        if not rules:
            missed.append({"document": document, "sentence": sentence,
                           "model": "HL512" if codes else ""})
    return {"sentences": len(rows), "documents": len({d for _, d in rows}),
            "rules": by_rules, "family": by_family,
            "fired": dict(sorted(fired.items())), "missed": missed}


def render_dev(path: Path, figures: dict[str, Any], show: bool = True) -> str:
    total = figures["sentences"]
    lines = [f"healthlint claims (HL5) on the development set {path} "
             f"({total} claims from {figures['documents']} documents)",
             f"  recall of the rules (HL501-HL511): {percent(figures['rules'], total)}",
             f"  recall with HL512 (it may have been trained on this set): "
             f"{percent(figures['family'], total)}",
             "  rules fired: " + (", ".join(f"{c} {n}" for c, n in figures["fired"].items())
                                  or "none")]
    if show:
        missed = figures["missed"]
        lines += ["", f"missed by the rules ({len(missed)}):"]
        lines += [f"  [{m['document']}]{' (HL512)' if m['model'] else ''} {m['sentence']}"
                  for m in missed]
    return "\n".join(lines)


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
    parser.add_argument("corpus", type=Path, nargs="?", help="folder with good/, "
                        "claims_bad.tsv, claims_ok.tsv")
    parser.add_argument("--claims-set", type=Path, metavar="DIR",
                        help="a labelled claims set (claims_bad.tsv, claims_ok.tsv with kind "
                        "and document columns), measured by half")
    parser.add_argument("--dev", type=Path, metavar="TSV",
                        help="a development set of claims (a sentence column, and document): "
                        "recall of the rules and every sentence they missed")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show", nargs="?", const="all", choices=["all", "shape"],
                        help="list false alarms and misses (of the corpus, and of the shape "
                        "half of the claims set; the held-out half's are never listed); "
                        "'--show shape': the shape half's only")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for good/")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.corpus is None and args.claims_set is None and args.dev is None:
        parser.error("give a corpus folder, --claims-set DIR, --dev TSV, or several")
    if args.dev is not None:
        if not args.dev.is_file():
            print(f"evaluate: {args.dev}: not a file", file=sys.stderr)
            return 2
        try:
            dev = evaluate_dev(args.dev)
        except ValueError as error:
            print(f"evaluate: {error}", file=sys.stderr)
            return 2
        if args.json:
            print(json.dumps({"dev": str(args.dev), "figures": dev}, indent=2,
                             ensure_ascii=False))
        else:
            print(render_dev(args.dev, dev))
        if args.corpus is None and args.claims_set is None:
            return 0
        print()
    for folder in (args.corpus, args.claims_set):
        if folder is not None and not folder.is_dir():
            print(f"evaluate: {folder}: not a folder", file=sys.stderr)
            return 2
    missed = False
    if args.claims_set is not None:
        try:
            figures = evaluate_claims_set(args.claims_set, show=args.show is not None)
        except ValueError as error:
            print(f"evaluate: {error}", file=sys.stderr)
            return 2
        missed = not all(claims_set_targets(figures))
        if args.json:
            print(json.dumps({"claims_set": str(args.claims_set), "figures": figures},
                             indent=2, ensure_ascii=False))
        else:
            print(render_claims_set(args.claims_set, figures))
        if args.corpus is None:
            return 1 if args.strict and missed else 0
        print()
    show = args.show == "all"
    report = evaluate(args.corpus, max(1, args.jobs))
    if args.json:
        data = {"corpus": report.corpus, "articles": report.articles, "words": report.words,
                "rules_off": OFF, "figures": report.figures,
                "table": [vars(r) for r in report.rows]}
        if show:
            data["details"] = report.details
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(render(report, show))
    missed = missed or any(r.met is False for r in report.rows)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
