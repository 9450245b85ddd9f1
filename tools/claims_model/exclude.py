"""Filter gathered seller claims before they join the training data (train_bad_more.tsv).

    python -m tools.claims_model.exclude gathered.tsv --out tools/claims_model/train_bad_more.tsv \
        --exclude-sentences ../shared/corpus/claims_bad.tsv \
        --exclude-sentences ../shared/corpus/claims_ok.tsv

A gathered row (``sentence``, ``document``, ``source``) is dropped when

* its firm is one the evaluation quotes: the firm of every ``document`` of
  ``tests/data/claims_bad.tsv`` and ``claims_ok.tsv`` (both halves, compared by firm name only:
  the held-out sentences are not read for this), and the firm named in the ``source`` column of
  each ``--exclude-sentences`` file ("FDA warning letter to X (date)"), or a document
  ``--exclude-document`` names;
* its lowercased words equal, or share a run of ``RUN`` words with, a sentence of
  ``tests/data/claims_*.tsv`` or of an ``--exclude-sentences`` file (compared inside this
  script; nothing of those sentences is printed);
* it repeats (the same test) a row of ``train_bad.tsv`` / ``train_bad_extra.tsv`` or an earlier
  gathered row.

What was dropped is counted by reason on stderr; the kept rows are written in the input's order.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tools" / "claims_model"
LABELLED = ROOT / "tests" / "data"
RUN = 8  # words in a row that make two sentences "nearly equal"
WORD = re.compile(r"[a-z0-9]+")
# parts of a document name that say nothing of the firm
GENERIC = {"fda", "ftc", "doj", "us", "v", "inc", "llc", "ltd", "co", "corp", "company", "the",
           "dba", "pvt", "private", "limited", "and", "of", "letter", "letters", "wlw", "www",
           "com", "cl", "hfs", "wl", "nyk", "sea", "fla", "den", "dal", "atl", "phi", "nol"}
SOURCE_FIRM = re.compile(r"(?:letter|letters|complaint) to (?:the )?([^(;,]+)", re.IGNORECASE)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def firm(name: str) -> str:
    """The firm in a document name or a "letter to X" phrase: its words, without agency,
    reference numbers, dates and legal suffixes ("fda-herbal-groups-cl-06-...-08212006"
    -> "herbal groups")."""
    kept = [w for w in words(name.replace("-", " ")) if w not in GENERIC and not w.isdigit()
            and not re.fullmatch(r"\d+[a-z]?|[a-z]?\d+", w)]
    return " ".join(kept)


def same_firm(a: str, b: str) -> bool:
    """Two firm names match when the shorter one's first two words (or its only word, if it
    is long enough to name a firm) appear in the other, as words."""
    short, long_ = sorted((a, b), key=len)
    head = short.split()[:2]
    if not head or (len(head) == 1 and len(head[0]) < 6):
        return False
    return f" {' '.join(head)} " in f" {long_} "


def runs(tokens: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + RUN]) for i in range(len(tokens) - RUN + 1)}


class Seen:
    """Sentences to keep away from: exact word sequences and every run of RUN words."""

    def __init__(self) -> None:
        self.exact: set[tuple[str, ...]] = set()
        self.runs: set[tuple[str, ...]] = set()

    def add(self, sentence: str) -> None:
        tokens = words(sentence)
        self.exact.add(tuple(tokens))
        self.runs |= runs(tokens)

    def __contains__(self, sentence: str) -> bool:
        tokens = words(sentence)
        return tuple(tokens) in self.exact or bool(runs(tokens) & self.runs)


def excluded_firms(sentence_files: Iterable[Path], documents: Iterable[str]) -> list[str]:
    firms = []
    for name in ("claims_bad.tsv", "claims_ok.tsv"):
        for row in rows(LABELLED / name):
            document = row["document"]
            if "://" not in document:  # the ok half's documents are NIH/CDC addresses
                firms.append(firm(document))
    for path in sentence_files:
        for row in rows(path):
            firms += [firm(m) for m in SOURCE_FIRM.findall(row.get("source", ""))]
    firms += [firm(d) for d in documents]
    return sorted({f for f in firms if f})


def filter_rows(gathered: Sequence[dict[str, str]], sentence_files: Sequence[Path],
                documents: Sequence[str] = ()) -> tuple[list[dict[str, str]], Counter[str]]:
    firms = excluded_firms(sentence_files, documents)
    evaluation = Seen()
    for path in (LABELLED / "claims_bad.tsv", LABELLED / "claims_ok.tsv", *sentence_files):
        for row in rows(path):
            evaluation.add(row["sentence"])
    training = Seen()
    for name in ("train_bad.tsv", "train_bad_extra.tsv"):
        for row in rows(DATA / name):
            training.add(row["sentence"])
    ok_urls = {row["document"] for row in rows(LABELLED / "claims_ok.tsv")}
    kept, dropped = [], Counter[str]()
    for row in gathered:
        sentence, document = row["sentence"].strip(), row["document"].strip()
        name = firm(document)
        if row.get("source", "") in ok_urls or any(same_firm(name, f) for f in firms):
            dropped["firm quoted by an evaluation set"] += 1
        elif len(words(sentence)) < 2:
            dropped["fewer than two words"] += 1
        elif sentence in evaluation:
            dropped["equal or near a sentence of an evaluation set"] += 1
        elif sentence in training:
            dropped["repeats a training row"] += 1
        else:
            kept.append(row | {"sentence": sentence, "document": document})
            training.add(sentence)
    return kept, dropped


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="claims_model.exclude",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("gathered", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--exclude-sentences", type=Path, action="append", default=[])
    parser.add_argument("--exclude-document", action="append", default=[],
                        help="a document (or firm) name to leave out")
    args = parser.parse_args(argv)
    kept, dropped = filter_rows(rows(args.gathered), args.exclude_sentences,
                                args.exclude_document)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        handle.write("sentence\tdocument\tsource\n")
        for row in kept:
            handle.write(f"{row['sentence']}\t{row['document']}\t{row['source']}\n")
    documents = len({row["document"] for row in kept})
    print(f"kept {len(kept)} rows from {documents} documents", file=sys.stderr)
    for reason, n in dropped.most_common():
        print(f"dropped {n}: {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
