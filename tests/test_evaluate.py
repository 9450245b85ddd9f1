"""tools/evaluate.py on a tiny labelled claims set made here (no dependence on ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.evaluate import HALVES, evaluate_claims_set, main, read_labelled, split_half


def documents() -> tuple[str, str]:
    """One document id in each half."""
    found: dict[str, str] = {}
    for n in range(100):
        found.setdefault(split_half(f"letter-{n}"), f"letter-{n}")
    return found["shape"], found["held-out"]


def make_set(folder: Path) -> tuple[str, str]:
    shape, held = documents()
    (folder / "claims_bad.tsv").write_text(
        "sentence\tkind\tdocument\tsource\n"
        f"Our tea cures diabetes.\t1\t{shape}\tx\n"
        f"It tastes of summer.\t6\t{shape}\tx\n"
        f"This herb cures cancer.\t1\t{held}\tx\n"
        f"Held-out wording nobody should see.\t7\t{held}\tx\n", encoding="utf-8")
    (folder / "claims_ok.tsv").write_text(
        "sentence\tkind\tdocument\tsource\n"
        f"Asthma has no cure.\t1\t{shape}-page\tx\n"
        f"This is a miracle cure.\t5\t{shape}-page\tx\n", encoding="utf-8")
    return shape, held


def test_the_split_is_by_document_deterministic_and_roughly_even() -> None:
    assert split_half("abc") == split_half("abc") == split_half(" abc ")
    halves = [split_half(f"doc-{n}") for n in range(400)]
    assert set(halves) == set(HALVES)
    assert 150 < halves.count("shape") < 250


def test_figures_per_half_and_kind(tmp_path: Path) -> None:
    make_set(tmp_path)
    figures = evaluate_claims_set(tmp_path)
    shape, held = figures["shape"], figures["held-out"]
    assert (shape["total"]["bad"], shape["total"]["bad_flagged"]) == (2, 1)
    assert shape["kinds"]["1"]["bad"] == 1 and shape["kinds"]["1"]["bad_flagged"] == 1
    assert shape["kinds"]["6"] == {"bad": 1, "bad_flagged": 0, "ok": 0, "ok_flagged": 0}
    assert held["total"]["bad"] == 2 and held["total"]["bad_flagged"] == 1
    assert held["rules_bad"] == {"HL501": 1}
    ok_page = split_half(f"{documents()[0]}-page")
    assert figures[ok_page]["total"]["ok"] == 2
    assert figures[ok_page]["total"]["ok_flagged"] == 1
    assert "shape_details" not in figures


def test_show_lists_the_shape_half_only(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    make_set(tmp_path)
    assert main(["--claims-set", str(tmp_path), "--show", "shape"]) == 0
    out = capsys.readouterr().out
    assert "It tastes of summer." in out
    assert "Held-out wording" not in out
    assert "1 product-disease" in out and "held-out half" in out
    with pytest.raises(SystemExit):
        main(["--claims-set", str(tmp_path), "--show", "held-out"])
    capsys.readouterr()
    assert main(["--claims-set", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "shape_details" not in data["figures"]
    assert main(["--claims-set", str(tmp_path), "--strict"]) == 1


def test_a_bad_row_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "claims_bad.tsv").write_text(
        "sentence\tkind\tdocument\tsource\nCures all.\t9\td\tx\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind"):
        read_labelled(tmp_path / "claims_bad.tsv")
    assert main(["--claims-set", str(tmp_path)]) == 2
    assert "kind '9'" in capsys.readouterr().err


def test_the_shipped_set_is_well_formed() -> None:
    """tests/data holds the issue 9 set: at least 200 rows each, every row labelled, no
    document in both halves (a document's rows share a half by construction), both halves
    used."""
    folder = Path(__file__).parent / "data"
    for name, least in (("claims_bad.tsv", 200), ("claims_ok.tsv", 200)):
        rows = read_labelled(folder / name)
        assert len(rows) >= least
        assert len({r.sentence for r in rows}) == len(rows)
        assert all(r.source for r in rows)
        assert {split_half(r.document) for r in rows} == set(HALVES)


def test_dev_reports_recall_and_lists_the_misses(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    dev = tmp_path / "dev.tsv"
    dev.write_text("sentence\tdocument\tsource\n"
                   "Our tea cures diabetes.\tletter-a\tx\n"
                   "It tastes of summer.\tletter-b\tx\n\n", encoding="utf-8")
    assert main(["--dev", str(dev)]) == 0
    out = capsys.readouterr().out
    assert "1/2 (50.0%)" in out and "2 documents" in out
    assert "[letter-b] It tastes of summer." in out
    assert "Our tea cures diabetes." not in out
    assert main(["--dev", str(dev), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["figures"]
    assert (data["sentences"], data["rules"]) == (2, 1)
    assert data["missed"] == [{"document": "letter-b", "sentence": "It tastes of summer.",
                               "model": ""}]


def test_a_bad_dev_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dev = tmp_path / "dev.tsv"
    dev.write_text("text\nOur tea cures diabetes.\n", encoding="utf-8")
    assert main(["--dev", str(dev)]) == 2
    assert "no 'sentence' column" in capsys.readouterr().err
    assert main(["--dev", str(tmp_path / "missing.tsv")]) == 2
    assert "not a file" in capsys.readouterr().err
