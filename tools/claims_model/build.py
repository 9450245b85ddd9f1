"""Build the claims model's training data (tools/claims_model/train_bad.tsv, train_ok.tsv).

    python -m tools.claims_model.build /path/to/MedQuAD/.git --commit 577bd37... \
        --exclude-index ../shared/corpus/index.tsv \
        --exclude-sentences ../shared/corpus/claims_bad.tsv \
        --exclude-sentences ../shared/corpus/claims_ok.tsv

Seller claims (train_bad.tsv) are the rows of the shape half of the labelled claims set
(``tests/data/claims_bad.tsv``, documents whose sha256 is even: ``tools.evaluate.split_half``);
the held-out half is never read into the training data. Negatives (train_ok.tsv) are the shape
half of ``tests/data/claims_ok.tsv`` and a sample of MedQuAD sentences.

MedQuAD (Ben Abacha & Demner-Fushman 2019, CC BY 4.0) holds answers copied from NIH, CDC,
MedlinePlus, GARD and GHR pages. Pages that the evaluation uses are left out (the documents of
``tests/data/claims_ok.tsv``, and ``--exclude-index`` files such as the shared corpus'
``index.tsv``), and so is any sentence whose lowercased words equal a sentence of a labelled
set given with ``--exclude-sentences``. Sentences with a trigger word (treat, cure, prevent,
safe, effective, studies, ...) are kept first, then a share of the others; the sample is drawn
with a fixed seed, so the same checkout gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import html
import random
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from tools.evaluate import read_labelled, split_half

LABELLED = Path(__file__).parents[2] / "tests" / "data"

TRIGGER = re.compile(
    r"\b(?:treat\w*|cur(?:e|es|ed|ing)|prevent\w*|reduc\w*|lower\w*|safe\w*|effective\w*|"
    r"stud(?:y|ies)|research\w*|proven|shown|boost\w*|support\w*|improv\w*|relie\w*|heal\w*|"
    r"fight\w*|protect\w*|natural\w*|risk\w*|benefit\w*|help\w*|remed\w*|supplement\w*|"
    r"immun\w*|symptom\w*)\b", re.IGNORECASE)
# a sentence about a supplement, an ingredient, a remedy or a complementary therapy: the words
# seller claims share with NIH pages that report on them ("Studies of ginkgo for memory found
# ..."), which the trigger sample holds too few of (train_ok_remedy.tsv)
REMEDY = re.compile(
    r"\b(?:supplements?|vitamins?|herbs?|herbal|botanicals?|minerals?|extracts?|remed(?:y|ies)"
    r"|complementary|alternative (?:medicine|therap\w+)|integrative|acupuncture|massage|yoga"
    r"|tai chi|meditation|chiropractic|homeopath\w*|naturopath\w*|probiotics?|antioxidants?"
    r"|fish oil|omega-3|ginkgo|ginseng|echinacea|garlic|ginger|turmeric|curcumin|cannabis|cbd"
    r"|marijuana|melatonin|zinc|magnesium|selenium|calcium|iron pills|folic acid|st\.? john's"
    r" wort|green tea|soy|cranberr\w+|honey|aloe|tea|juice|diet(?:ary)?|foods?|capsules?"
    r"|creams?|ointments?|lotions?|oils?|over-the-counter|products?)\b", re.IGNORECASE)
ANSWER = re.compile(r"<Answer>(.*?)</Answer>", re.DOTALL)
URL = re.compile(r'<Document[^>]*\burl="([^"]+)"')
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
WORD = re.compile(r"[a-z0-9]+")


def words_key(sentence: str) -> str:
    return " ".join(WORD.findall(sentence.lower()))


def sentences_of(answer: str) -> list[str]:
    text = html.unescape(answer)
    out = []
    for chunk in re.split(r"\s{3,}|\s-\s{2,}|\n", text):
        for sentence in SENTENCE_END.split(chunk.strip()):
            sentence = " ".join(sentence.split()).lstrip("- ").strip()
            if 6 <= len(sentence.split()) <= 60 and sentence[-1:] in ".!?":
                out.append(sentence)
    return out


def tsv_rows(paths: Sequence[Path]) -> Iterator[dict[str, str]]:
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def excluded_urls(paths: Sequence[Path]) -> set[str]:
    return {row[column].strip().rstrip("/").lower() for row in tsv_rows(paths)
            for column in ("document", "source_url") if row.get(column)}


def excluded_sentences(paths: Sequence[Path]) -> set[str]:
    return {words_key(row["sentence"]) for row in tsv_rows(paths) if row.get("sentence")}


def git_files(gitdir: Path, commit: str) -> list[str]:
    out = subprocess.run(["git", "-C", str(gitdir), "ls-tree", "-r", "--name-only", commit],
                         check=True, capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.endswith(".xml")]


def git_show(gitdir: Path, commit: str, path: str) -> str:
    return subprocess.run(["git", "-C", str(gitdir), "show", f"{commit}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def write(path: Path, rows: list[tuple[str, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("sentence\tdocument\tsource\n")
        for row in rows:
            handle.write("\t".join(" ".join(cell.split()) for cell in row) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gitdir", type=Path, help="a MedQuAD git directory")
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--exclude-index", type=Path, action="append", default=[],
                        help="TSV with a document or source_url column: pages to leave out "
                        "(tests/data/claims_ok.tsv always is)")
    parser.add_argument("--exclude-sentences", type=Path, action="append", default=[],
                        help="TSV with a sentence column: sentences never trained on (the "
                        "labelled set's always are, but for its shape half)")
    parser.add_argument("--trigger", type=int, default=4500, help="sentences with a trigger word")
    parser.add_argument("--other", type=int, default=1500, help="other sentences")
    parser.add_argument("--remedy", type=int, default=0,
                        help="also write train_ok_remedy.tsv: this many other sentences that "
                        "name a supplement, ingredient, remedy or complementary therapy")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent,
                        help="folder for train_bad.tsv and train_ok.tsv")
    args = parser.parse_args(argv)
    shared = excluded_sentences(args.exclude_sentences)  # an independent measure: never trained on
    commit = subprocess.run(["git", "-C", str(args.gitdir), "rev-parse", args.commit],
                            check=True, capture_output=True, text=True).stdout.strip()
    urls = excluded_urls([*args.exclude_index, LABELLED / "claims_ok.tsv"])
    seen = shared | excluded_sentences([LABELLED / "claims_ok.tsv",
                                        LABELLED / "claims_bad.tsv"])
    trigger: list[tuple[str, str, str]] = []
    other: list[tuple[str, str, str]] = []
    for path in sorted(git_files(args.gitdir, commit)):
        text = git_show(args.gitdir, commit, path)
        match = URL.search(text)
        url = match.group(1).strip() if match else ""
        if not url or url.rstrip("/").lower() in urls:
            continue
        for answer in ANSWER.findall(text):
            for sentence in sentences_of(answer):
                key = words_key(sentence)
                if key in seen:
                    continue
                seen.add(key)
                row = (sentence, url, f"MedQuAD {path}@{commit}")
                (trigger if TRIGGER.search(sentence) else other).append(row)
    rng = random.Random(9)
    rows = rng.sample(trigger, min(args.trigger, len(trigger)))
    rows += rng.sample(other, min(args.other, len(other)))
    rows.sort(key=lambda r: (r[1], r[0]))
    if args.remedy:  # drawn after the two samples above, which it leaves as they were
        taken = set(rows)
        remedy = [r for r in trigger + other if r not in taken and REMEDY.search(r[0])]
        extra = sorted(rng.sample(remedy, min(args.remedy, len(remedy))),
                       key=lambda r: (r[1], r[0]))
        write(args.out / "train_ok_remedy.tsv", extra)
        print(f"{args.out}: {len(extra)} remedy negatives (of {len(remedy)})", file=sys.stderr)
    shape = {label: [(r.sentence, r.document, f"tests/data/claims_{label}.tsv (shape half)")
                     for r in read_labelled(LABELLED / f"claims_{label}.tsv")
                     if split_half(r.document) == "shape" and words_key(r.sentence) not in shared]
             for label in ("bad", "ok")}
    write(args.out / "train_bad.tsv", shape["bad"])
    write(args.out / "train_ok.tsv", shape["ok"] + rows)
    print(f"{args.out}: {len(shape['bad'])} claims; {len(shape['ok'])} + {len(rows)} negatives "
          f"({len(trigger)} MedQuAD sentences with a trigger word, {len(other)} other, before "
          "sampling)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
