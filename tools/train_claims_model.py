"""Train the claims model (HL512) and write its weights to checks/data/claims_model.json.

    python -m tools.train_claims_model            # cross-validate, train, write the weights
    python -m tools.train_claims_model --check    # exit 1 if retraining changes the shipped file
    python -m tools.train_claims_model --features classes --floor 0.97 \
        --out /tmp/model.json                     # an experiment of the README (not shipped)

A logistic regression over the features of ``healthlint.rules.claims_model.features`` (by
default ``words+classes``: words, word pairs, shape, and the kinds of the words in sequence),
fitted by stochastic gradient descent with L2 and balanced class weights,
from a fixed seed, in pure Python: the same data gives the same weights, byte for byte. The
threshold is chosen by cross-validation grouped by source document (no document has
sentences on both sides of a fold): the lowest score at which at most ``max_false_alarms``
of the negatives that name a health anchor (the only ones the rule can flag) score above it,
raised to ``floor`` when that is higher (the false-alarm budget on real articles, see
``Settings``).
The data is ``tools/claims_model/train_bad.tsv`` and ``train_bad_extra.tsv`` (seller claims)
against ``train_ok.tsv`` and ``train_ok_remedy.tsv`` (NIH, CDC and MedlinePlus sentences; see
the README there); ``--more`` adds ``train_bad_more.tsv`` (106 more seller claims, gathered for
issue 9 and not in the shipped model: the README says why), ``--more shape`` only its documents
of the "shape" half (``tools.evaluate.split_half``), to measure on the other half. ``--features``
trains over other feature sets (``FEATURE_SETS``); the README records what each gave and why the
shipped one was chosen.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from healthlint.rules.claims import lexicon_for
from healthlint.rules.claims_model import FEATURE_SETS, WEIGHTS_FILE, features
from healthlint.text.negation import lower

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tools" / "claims_model"
OUT = ROOT / "checks" / WEIGHTS_FILE
SEED = 9
FOLDS = 5
SHIPPED = "words+classes"  # the feature set of the shipped model
# the seller claims the shipped model is trained on (README.md there: provenance of each)
BAD_FILES = ("train_bad.tsv", "train_bad_extra.tsv")
# more seller claims, trained on with --more (an experiment of the README, not shipped)
MORE_FILE = "train_bad_more.tsv"


@dataclass(frozen=True)
class Example:
    names: tuple[str, ...]
    label: int
    document: str
    anchored: bool


@dataclass(frozen=True)
class Settings:
    epochs: int = 30
    rate: float = 0.01
    l2: float = 0.3
    min_count: int = 3
    # a feature is kept only when this many documents use it (1: any), so that one letter's
    # topic words cannot carry the model
    min_documents: int = 1
    prune: float = 0.02
    max_false_alarms: float = 0.0003
    # The budget check (issue 9): the cross-validated threshold keeps false alarms on the NIH
    # sentences at 0.03%, but real articles (the shared corpus' good/, 156 NIH, NCI, CDC and
    # NHS pages) hold more sentences about supplements and remedies than the training
    # negatives; at that threshold the model flagged 100+ of their sentences. The budget of 0.5
    # claims findings per 10,000 words leaves HL512 one or two there: the threshold was raised,
    # once, to a floor of 0.94. Since the model passes editorial wording (research or care
    # reported, the reader advised: ``_editorial`` in claims_model.py) the same budget allows
    # 0.90 (HL512 4 on good/; see tools/claims_model/README.md for the figures).
    floor: float = 0.90


def read_rows(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["sentence"], row["document"]) for row in reader if row.get("sentence")]


def examples(bad: Sequence[Path], ok: Path | Sequence[Path], kind: str = "words"
             ) -> list[Example]:
    lexicon = lexicon_for({})
    anchor = lexicon.proof.claimed
    out = []
    oks = [ok] if isinstance(ok, Path) else list(ok)
    for label, path in [*((1, b) for b in bad), *((0, o) for o in oks)]:
        for sentence, document in read_rows(path):
            names = tuple(sorted({f.name for f in features(sentence, lexicon, kind=kind)}))
            out.append(Example(names, label, document,
                               anchor.search(lower(sentence)) is not None))
    return out


def vocabulary(train: Sequence[Example], min_count: int, min_documents: int = 1) -> set[str]:
    counts = Counter(name for e in train for name in e.names)
    known = {name for name, n in counts.items() if n >= min_count}
    if min_documents > 1:
        documents = Counter(name for document, names in
                            {(e.document, n) for e in train for n in e.names}
                            for name in [names] if name in known)
        known = {name for name in known if documents[name] >= min_documents}
    return known


def fit(train: Sequence[Example], settings: Settings) -> tuple[float, dict[str, float]]:
    """Logistic regression by SGD: balanced class weights, L2 on the features an example
    touches, a learning rate that decays by epoch, examples in a seeded order."""
    known = vocabulary(train, settings.min_count, settings.min_documents)
    positives = sum(e.label for e in train) or 1
    negatives = (len(train) - positives) or 1
    class_weight = {1: len(train) / (2 * positives), 0: len(train) / (2 * negatives)}
    weights: dict[str, float] = {}
    bias = 0.0
    order = list(range(len(train)))
    rng = random.Random(SEED)
    for epoch in range(settings.epochs):
        rng.shuffle(order)
        rate = settings.rate / (1 + epoch)
        for i in order:
            example = train[i]
            names = [n for n in example.names if n in known]
            z = bias + sum(weights.get(n, 0.0) for n in names)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            gradient = (p - example.label) * class_weight[example.label]
            bias -= rate * gradient
            for n in names:
                w = weights.get(n, 0.0)
                weights[n] = w - rate * (gradient + settings.l2 * w)
    return bias, weights


def score(bias: float, weights: dict[str, float], example: Example) -> float:
    z = bias + sum(weights.get(n, 0.0) for n in example.names)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fold_of(document: str) -> int:
    return hashlib.sha256(document.encode("utf-8")).digest()[0] % FOLDS


def cross_validate(data: Sequence[Example], settings: Settings) -> list[tuple[Example, float]]:
    """Out-of-fold scores, folds grouped by source document."""
    scored = []
    for fold in range(FOLDS):
        train = [e for e in data if fold_of(e.document) != fold]
        bias, weights = fit(train, settings)
        scored += [(e, score(bias, weights, e)) for e in data if fold_of(e.document) == fold]
    return scored


def choose_threshold(scored: Sequence[tuple[Example, float]], max_false_alarms: float) -> float:
    """The lowest threshold at which at most ``max_false_alarms`` of the anchored negatives
    score at or above it (rounded up to 3 decimals)."""
    negatives = sorted((s for e, s in scored if e.label == 0 and e.anchored), reverse=True)
    allowed = int(max_false_alarms * len(negatives))
    cut = negatives[allowed] if allowed < len(negatives) else 0.0
    return math.floor(cut * 1000 + 1) / 1000


def report(scored: Sequence[tuple[Example, float]], threshold: float) -> str:
    bad = [s for e, s in scored if e.label == 1 and e.anchored]
    ok = [s for e, s in scored if e.label == 0 and e.anchored]
    caught = sum(s >= threshold for s in bad)
    alarms = sum(s >= threshold for s in ok)
    return (f"cross-validated ({FOLDS} folds by document), anchored sentences, threshold "
            f"{threshold}: claims {caught}/{len(bad)}, false alarms {alarms}/{len(ok)}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shown(path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def model_json(bias: float, weights: dict[str, float], threshold: float, settings: Settings,
               bad: Sequence[Path], ok: Path | Sequence[Path], kind: str = "words") -> str:
    kept = {n: round(w, 4) for n, w in sorted(weights.items()) if abs(w) >= settings.prune}
    header: dict[str, object] = {
        "model": "HL512 marketing-claim: logistic regression over words, word pairs and shape",
        "trained-by": "python -m tools.train_claims_model",
        "data": {shown(p): sha256(p)
                 for p in (*bad, *([ok] if isinstance(ok, Path) else ok))},
        "settings": vars(settings) | {"seed": SEED, "folds": FOLDS},
        "threshold": threshold,
        "bias": round(bias, 4),
    }
    if kind != "words":  # a words model's file stays as it was
        header["model"] = f"HL512 marketing-claim: logistic regression over {kind} features"
        if kind != SHIPPED:
            header["trained-by"] += f" --features {kind}"
        header["features"] = kind
    return json.dumps(header | {"weights": kept}, ensure_ascii=False, indent=0,
                      sort_keys=False).replace("\n", "") + "\n"


def train(bad: Path | Sequence[Path], ok: Path | Sequence[Path], settings: Settings,
          verbose: bool = True, kind: str = "words") -> str:
    bad = [bad] if isinstance(bad, Path) else list(bad)
    data = examples(bad, ok, kind)
    scored = cross_validate(data, settings)
    chosen = choose_threshold(scored, settings.max_false_alarms)
    threshold = max(chosen, settings.floor)
    if verbose:
        print(report(scored, chosen), file=sys.stderr)
        print(report(scored, threshold), file=sys.stderr)
    bias, weights = fit(data, settings)
    return model_json(bias, weights, threshold, settings, bad, ok, kind)


def more_claims(half: str, scratch: Path) -> Path:
    """``train_bad_more.tsv``, or (``half`` "shape") a copy in the folder ``scratch`` with only
    the rows of its documents in the shape half (``tools.evaluate.split_half``): the other half
    is then seller claims from documents the model never saw."""
    path = DATA / MORE_FILE
    if half == "all":
        return path
    from tools.evaluate import split_half

    lines = path.read_text("utf-8").splitlines(keepends=True)
    kept = [line for line in lines[1:] if split_half(line.split("\t")[1]) == half]
    out = scratch / f"{path.stem}-{half}.tsv"
    out.write_text("".join([lines[0], *kept]), "utf-8")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="train_claims_model",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--bad", type=Path, action="append",
                        help="seller claims (repeatable; default: train_bad.tsv and "
                             "train_bad_extra.tsv)")
    parser.add_argument("--ok", type=Path, action="append",
                        help="sentences that are not claims (repeatable; default: train_ok.tsv "
                             "and train_ok_remedy.tsv)")
    parser.add_argument("--more", nargs="?", const="all", choices=["all", "shape"],
                        help=f"also train on {MORE_FILE} (seller claims not in the shipped "
                             "model): all of it, or its documents of the shape half")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--features", choices=FEATURE_SETS, default=SHIPPED,
                        help="words and word pairs (the shipped model), what the sentence "
                             "asserts (clause), or that with single words (clause+words)")
    parser.add_argument("--floor", type=float, default=None,
                        help=f"the lowest threshold (default {Settings.floor})")
    parser.add_argument("--check", action="store_true",
                        help="do not write: exit 1 when the result differs from --out")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="claims-more-") as scratch:
        return run(args, Path(scratch))


def run(args: argparse.Namespace, scratch: Path) -> int:
    """Train (or ``--check``) as ``args`` say; ``scratch`` holds a copy of the rows ``--more
    shape`` keeps, and is removed when the run ends."""
    bad = args.bad or [DATA / name for name in BAD_FILES]
    if args.more:
        bad = [*bad, more_claims(args.more, scratch)]
    ok = args.ok or [DATA / "train_ok.tsv", DATA / "train_ok_remedy.tsv"]
    for path in (*bad, *ok):
        if not path.is_file():
            print(f"train_claims_model: {path}: no such file", file=sys.stderr)
            return 2
    settings = Settings() if args.floor is None else replace(Settings(), floor=args.floor)
    text = train([p.resolve() for p in bad], [p.resolve() for p in ok], settings,
                 kind=args.features)
    if args.check:
        same = args.out.is_file() and args.out.read_text("utf-8") == text
        print(f"{args.out}: {'reproduced' if same else 'DIFFERS from a retrained model'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(text):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
