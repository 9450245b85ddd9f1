"""The maintainer script that builds the medical vocabulary: which medicines' names it takes,
and the filters that keep a variant spelling from hiding a typo (on small made-up sources)."""

from __future__ import annotations

import bz2
import pickle
from pathlib import Path

from tools import build_medical_words as builder


def write_pickle(path: Path, data: object) -> Path:
    with bz2.open(path, "wb") as handle:
        pickle.dump(data, handle)
    return path


def medicines_file(tmp_path: Path) -> Path:
    return write_pickle(tmp_path / "drugs.pkl.bz2", {
        "drug_canonical_to_data": {
            "pregabalin": {"name": "Pregabalin", "medline_plus_id": "a605045"},
            "molnupiravir": {"name": "Molnupiravir", "nhs_url": "https://www.nhs.uk/medicines/x/"},
            "curcumin": {"name": "Curcumin", "drugbank_id": "DB11672"},  # no licence page
            "acetaminophen": {"name": "Acetaminophen", "medline_plus_id": "a621016"},
        },
        "drug_variant_to_canonical": {
            "pregabalin": ["pregabalin"], "lyrica": ["pregabalin"],
            "lagevrio": ["molnupiravir"], "molnupiravir": ["molnupiravir"],
            "curcumin": ["curcumin"], "turmeric yellow": ["curcumin"],
            "acetaminophen": ["acetaminophen"], "acetominophen": ["acetaminophen"],
            "tylenol": ["acetaminophen"],
        },
    })


def test_only_medicines_with_a_medlineplus_or_nhs_page_are_taken(tmp_path: Path) -> None:
    words = builder.medicine_words(medicines_file(tmp_path))
    assert {"pregabalin", "lyrica", "lagevrio", "molnupiravir", "tylenol"} <= words
    assert not {"curcumin", "turmeric", "yellow"} & words


def test_a_variant_spelling_of_a_medicine_is_dropped(tmp_path: Path) -> None:
    unii = tmp_path / "unii.txt"
    unii.write_text("Name\tTYPE\tUNII\tDisplay Name\n"
                    "ACETAMINOPHEN\tof\tX1\tACETAMINOPHEN\n", "utf-8")
    mesh = write_pickle(tmp_path / "mesh.pkl.bz2", {
        "disease_canonical_to_data": {"gout": {"name": "Gout"}},
        "disease_variant_to_canonical": {}})
    english = {"lyrics": 5000, "the": 100000}
    words, stats = builder.build(unii, mesh, english, medicines_file(tmp_path))
    assert {"acetaminophen", "lagevrio", "molnupiravir", "tylenol", "pregabalin"} <= set(words)
    assert "acetominophen" not in words  # one edit from acetaminophen: a typo must stay one
    assert "lyrica" not in words  # one edit from a common English word ("lyrics")
    assert stats["medicines-dropped-near-medical"] == 1
    assert words == sorted(words)


def test_the_claims_list_holds_whole_one_word_names_unfiltered(tmp_path: Path) -> None:
    names = builder.licensed_names(medicines_file(tmp_path))
    assert names == sorted(names)
    assert {"lyrica", "acetominophen", "tylenol", "pregabalin"} <= set(names)  # no typo filter
    assert not {"curcumin", "turmeric", "yellow"} & set(names)
