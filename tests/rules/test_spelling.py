"""Spelling (HL4xx): unknown words, repeated words, variants, word lists, suggestions."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from healthlint.core.findings import Finding
from healthlint.rules.spelling import (
    Speller,
    candidate_words,
    check_spelling,
    medical_words,
    variant_table,
)
from healthlint.text.vocabulary import read_word_list
from tests.conftest import ROOT, fix_of, lint, run_check

MISSPELLINGS = ROOT / "tools" / "misspellings.tsv"
DATA = ROOT / "checks" / "data"


def codes(text: str, options: dict[str, Any] | None = None) -> list[str]:
    return [f.code for f in lint(text, "HL4", {"spelling": options or {}})]


# ---- text that must pass -------------------------------------------------------------------
GOOD = [
    "Clonazepam and pembrolizumab are medicines. Lymphedema can follow surgery.",
    "See your GP. CBT, GABA, SSRIs, NSAIDs and mRNA vaccines are common terms.",
    "Take 10mg twice a day, or 2.5 mL of liquid. Aim for 140/90 mmHg and 70 mg/dL or more.",
    "Blood pressure is measured in mmHg; a child weighing 15 kg takes 5 ml.",
    "5-HT3 antagonists help. COVID-19 vaccines. On the 1st and the 22nd day.",
    "Visit https://www.nhs.uk/conditions/asthma or nhs.uk, or e-mail help@example.org today.",
    "Read [the guide](https://example.com/seperate-pagge) first.",
    "Read [mindbodygreen.com](https://example.com/) and [selfcare.blog](https://x.org/).",
    "Sites such as Examine.ly, wellness.app and nutrition.fit write about diet.",
    "Run `clonazapam --dose` in the terminal.",
    "Anastrozole (an-AS-troh-zole) is a hormone therapy.",
    "Pre-eclampsia and non-steroidal anti-inflammatory drugs.",
    "Crohn's disease and Alzheimer’s disease; don't stop, you'll feel better.",
    "Statins lower cholesterol; colonoscopy and sigmoidoscopy find polyps.",
    "Eat more fibre: colour, paediatric and coeliac care, anaemia and haematologists.",
    "Eat more fiber: color, pediatric and celiac care, anemia and hematologists.",
    "She had had the test. He said that that was fine.",
    "It ends here. Here we go.",
    "The clinic is in Gaithersburg, near the river.",
    "# Heading\n\nText.\n\n## Sources\n\n- Smith J. J Clin Oncol. Jnl Med Assoc. 2020;12:33.\n",
    "## References\n\n### Journals\n\nBrit Jnl Gen Pract. Ann Intrn Med.\n",
    "| Drug | Dose |\n| --- | --- |\n| metformin | 500 mg |\n",
]


@pytest.mark.parametrize("text", GOOD)
def test_good_text_has_no_findings(text: str) -> None:
    assert lint(text, "HL4") == []


# ---- text that must fail: (text, [(code, line, column, end_column)]) ----------------------
BAD = [
    ("Never stop taking clonazapam suddenly.", [("HL401", 1, 19, 29)]),
    ("Withdrawl can be hard.", [("HL401", 1, 1, 10)]),
    ("Ask about Ibuprofin doses.", [("HL401", 1, 11, 20)]),
    ("A seperate dose (10mg) of asprin.", [("HL401", 1, 3, 11), ("HL401", 1, 27, 33)]),
    ("# Title\n\n## Symptons\n\nText.\n", [("HL401", 3, 4, 12)]),
    ("| a | b |\n| --- | --- |\n| fine | diarhea |\n", [("HL401", 3, 10, 17)]),
    ("Take the the tablets.", [("HL402", 1, 6, 13)]),
    ("Take it with\nwith food.", [("HL402", 1, 9, 5)]),
    ("The The rash spreads.", [("HL402", 1, 1, 8)]),
    ("Its vacine is new.", [("HL401", 1, 5, 11)]),
    ("## Sources\n\nA seperate source.\n\n## Treatment\n\nA seperate dose.\n",
     [("HL401", 7, 3, 11)]),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_bad_text_gives_exactly_these_findings(
    text: str, expected: list[tuple[str, int, int, int]]
) -> None:
    found = [(f.code, f.line, f.column, f.end_column) for f in lint(text, "HL4")]
    assert found == expected


def test_unknown_word_finding_has_suggestions() -> None:
    [finding] = lint("Never stop taking clonazapam suddenly.", "HL4")
    assert finding.name == "unknown-word"
    assert "clonazapam" in finding.message
    assert finding.suggestion is not None
    assert finding.suggestion.startswith("Did you mean: clonazepam")
    assert "add it to a word list" in finding.suggestion


def test_unknown_word_without_a_close_match_still_reported() -> None:
    [finding] = lint("The zzxqv was found.", "HL4")
    assert finding.code == "HL401" and finding.suggestion is not None
    assert "No close match" in finding.suggestion


# ---- suggestions ---------------------------------------------------------------------------
@pytest.mark.parametrize(("typo", "best"), [
    ("clonazapam", "clonazepam"),
    ("acetominophen", "acetaminophen"),
    ("seperate", "separate"),
    ("withdrawl", "withdrawal"),
    ("recieve", "receive"),
    ("Ibuprofin", "Ibuprofen"),
    ("DIABETIES", "DIABETES"),
])
def test_right_word_first(typo: str, best: str) -> None:
    assert Speller().suggest(typo)[0] == best


def test_at_most_three_suggestions_and_no_two_edit_search_on_long_words() -> None:
    speller = Speller()
    assert 0 < len(speller.suggest("wich")) <= 3
    assert speller.suggest("reccomend") == []  # nine letters, two edits away: not searched
    assert "recommend" not in speller.suggest("reccomend")


def test_suggestions_once_per_distinct_word_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = Speller._rank

    def counting(self: Speller, word: str) -> list[str]:
        calls.append(word)
        return original(self, word)

    monkeypatch.setattr(Speller, "_rank", counting)
    cache: dict[str, Any] = {}
    run_check(check_spelling, "A seperate dose. Another seperate dose.", cache=cache)
    run_check(check_spelling, "A third seperate dose.", cache=cache)
    assert calls == ["seperate"]


def _misspellings() -> list[tuple[str, str]]:
    with MISSPELLINGS.open(encoding="utf-8") as handle:
        return [(r["misspelling"], r["correct"]) for r in csv.DictReader(handle, delimiter="\t")]


def test_misspellings_list_is_flagged_in_full_and_ranked() -> None:
    rows = _misspellings()
    assert len(rows) >= 45
    speller = Speller()
    assert [m for m, _ in rows if speller.known(m)] == []
    assert [c for _, c in rows if not speller.known(c)] == []
    first = sum(1 for m, c in rows if speller.suggest(m)[:1] == [c])
    assert first / len(rows) >= 0.85


# ---- word lists ----------------------------------------------------------------------------
def test_config_words(tmp_path: Path) -> None:
    text = "Essiac and Gerson are names here."
    assert codes(text) == ["HL401", "HL401"]
    assert codes(text, {"words": ["essiac", "Gerson"]}) == []
    assert codes("Flor Essence tea.") == ["HL401"]
    assert codes("Flor Essence tea.", {"words": ["Flor Essence"]}) == []


def test_plain_and_hunspell_word_lists(tmp_path: Path) -> None:
    (tmp_path / "words.txt").write_text("# project words\nEssiac\n\n", encoding="utf-8")
    (tmp_path / "med.dic").write_text("2\ngerson/MS\nflorx\n", encoding="utf-8")
    found = lint("Essiac, Gerson and florx.", "HL4",
                 {"spelling": {"wordlists": ["words.txt", "med.dic"]}})
    assert found == []
    assert read_word_list(tmp_path / "med.dic") == ["gerson", "florx"]


def test_missing_word_list_is_an_error(tmp_path: Path) -> None:
    found = lint("Fine text.", "HL4", {"spelling": {"wordlists": ["missing.txt"]}})
    assert [(f.code, f.line) for f in found] == [("HL404", 1)]
    assert "missing.txt" in found[0].message


@pytest.mark.parametrize(("name", "reason"), [
    ("a" * 300 + ".txt", "file name too long"),
    ("missing.txt", "no such file or directory"),
])
def test_an_unreadable_word_list_names_the_key_and_the_reason(
    tmp_path: Path, name: str, reason: str
) -> None:
    found = lint("Fine text.", "HL4", {"spelling": {"wordlists": [name]}})
    assert [f.code for f in found] == ["HL404"]
    assert found[0].message.startswith(
        f"[tool.healthlint.spelling] wordlists: cannot read word list {name!r} ")
    assert found[0].message.endswith(f": {reason}")


def test_front_matter_words() -> None:
    text = "---\ntitle: X\nwords: [Essiac, gerson]\n---\n\nEssiac and Gerson's diet.\n"
    assert lint(text, "HL4") == []
    as_string = "---\nwords: Essiac, gerson\n---\n\nEssiac and Gerson here.\n"
    assert lint(as_string, "HL4") == []
    bad = "---\ntitle: X\nwords: {a: 1}\n---\n\nFine.\n"
    assert [(f.code, f.line) for f in lint(bad, "HL4")] == [("HL404", 3)]


# ---- variants ------------------------------------------------------------------------------
@pytest.mark.parametrize(("variant", "text", "expected"), [
    ("en-US", "Eat more fibre.", ["Use 'fiber'."]),
    ("en-US", "Colours and Paediatric care.", ["Use 'Colors'.", "Use 'Pediatric'."]),
    ("en-US", "See a haematologist about oesophageal pain.",
     ["Use 'hematologist'.", "Use 'esophageal'."]),
    ("en-US", "Hospitals organise care.", ["Use 'organize'."]),
    ("en-US", "Eat more fiber; see a pediatrician.", []),
    ("en-GB", "Eat more fiber; color and anemia.", ["Use 'fibre'.", "Use 'colour'.",
                                                     "Use 'anaemia'."]),
    ("en-GB", "Organize care for the fetus; a license to practice.", []),
    ("en-GB", "Eat more fibre and see a paediatrician.", []),
])
def test_spelling_variant(variant: str, text: str, expected: list[str]) -> None:
    found = lint(text, "HL4", {"spelling": {"variant": variant}})
    assert all(f.code == "HL403" for f in found)
    assert [f.suggestion for f in found] == expected


def test_consistent_variant_flags_the_minority() -> None:
    text = "Colour and fibre matter. The tumour grew. A color chart.\n"
    found = lint(text, "HL4", {"spelling": {"consistent-variant": True}})
    assert [(f.code, f.column) for f in found] == [("HL403", 45)]
    assert found[0].suggestion == "Use 'colour'."
    assert lint(text, "HL4") == []  # off by default


def test_variant_table_has_enough_valid_pairs() -> None:
    rows = [line.split("\t") for line in (DATA / "variants.tsv").read_text("utf-8").splitlines()
            if line and not line.startswith("#")][1:]
    assert len(rows) >= 150
    assert all(len(r) == 3 and r[0] != r[1] and r[2] in ("both", "gb", "us") for r in rows)
    assert len({r[0] for r in rows}) == len(rows) and len({r[1] for r in rows}) == len(rows)
    table = variant_table()
    assert table.by_gb["colours"].us == "colors"  # derived inflection


# ---- what is never checked -----------------------------------------------------------------
def test_candidate_words_skip_what_is_not_prose() -> None:
    text = "Take 10mg of B12 (2.5 mL) via nhs.uk, a@b.org, SSRIs and x-ray; pre-op care."
    assert [w for _, _, w in candidate_words(text)] == [
        "Take", "of", "via", "and", "ray", "op", "care"]


def test_candidate_word_offsets() -> None:
    text = "  long-term use"
    assert list(candidate_words(text)) == [(2, 6, "long"), (7, 11, "term"), (12, 15, "use")]


def test_quiet_chunks_pass_over_only_words_that_give_no_finding() -> None:
    speller = Speller()
    assert speller.quiet_chunks(["Take", "10mg", "of", "(2.5", "mL)", "daily."], False)
    assert speller.quiet_chunks([], False)
    assert not speller.quiet_chunks(["Take", "ibuprofin"], False)  # unknown
    assert not speller.quiet_chunks(["ｃｕｒｅｓ"], False)  # styled letters
    assert not speller.quiet_chunks(["cоlds"], False)  # a Cyrillic o
    assert speller.quiet_chunks(["colour"], False)  # a British spelling, variants not marked
    assert not speller.quiet_chunks(["colour"], True)  # ... and marked
    assert speller.quiet_chunks(["colour"], False)  # the answer is kept per setting
    assert not Speller(variant="en-US").quiet_chunks(["colour"], False)


def test_medical_list_holds_only_long_lower_case_words() -> None:
    generated = [line for line in (DATA / "medical_words.txt").read_text("utf-8").splitlines()
                 if not line.startswith("#")]
    assert len(generated) > 50_000
    assert all(re.fullmatch(r"[a-z]{5,}", w) for w in generated)
    assert {"clonazepam", "pembrolizumab", "lymphedema"} <= medical_words()


def test_general_list_holds_long_lower_case_words_the_other_lists_lack() -> None:
    generated = [line for line in (DATA / "english_words.txt").read_text("utf-8").splitlines()
                 if not line.startswith("#")]
    assert len(generated) > 50_000
    assert all(re.fullmatch(r"[a-z]{5,}", w) for w in generated)
    assert generated == sorted(generated)
    assert not set(generated) & medical_words()


@pytest.mark.parametrize("word", [
    "kombucha", "prebiotic", "prebiotics", "adaptogens", "nutraceuticals", "neurodivergent",
    "smartwatch", "superfoods", "bioavailable", "microbiome", "wearable", "zucchini"])
def test_words_of_real_health_blogs_are_known(word: str) -> None:
    assert Speller().known(word)


def test_rare_and_archaic_spellings_of_the_general_list_stay_typos() -> None:
    # SCOWL's size 80 lists these; the build drops them (near a common word)
    speller = Speller()
    assert [w for w in ("wich", "persue", "publically", "seperate", "definately")
            if speller.known(w)] == []


def test_suggestions_keep_case_and_possessive() -> None:
    assert Speller().suggest("Clonazapam’s")[0] == "Clonazepam’s"


def test_a_huge_unknown_word_gets_no_suggestions_and_a_short_message(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # edits of an n-letter word take n * n memory: a 1 MB "word" used 24 GB before this
    import healthlint.rules.spelling as spelling

    def no_edits(word: str) -> set[str]:
        raise AssertionError(f"edits computed for a {len(word)}-letter word")

    monkeypatch.setattr(spelling, "one_edit", no_edits)
    assert Speller().suggest("b" * 5000) == []
    findings = lint("# T\n\nThe " + "b" * 5000 + " word.\n", "HL4")
    assert [f.code for f in findings] == ["HL401"]
    assert len(findings[0].message) < 120 and findings[0].end_column - findings[0].column == 5000


def test_a_word_list_that_is_a_pipe_or_folder_is_reported_not_waited_on(tmp_path: Path) -> None:
    import os
    import threading

    os.mkfifo(tmp_path / "words.txt")
    (tmp_path / "folder.txt").mkdir()
    found: list[list[Finding]] = []
    reader = threading.Thread(daemon=True, target=lambda: found.append(lint(
        "# T\n\nText.\n", "HL4", {"spelling": {"wordlists": ["words.txt", "folder.txt"]}})))
    reader.start()
    reader.join(30)
    if reader.is_alive():  # it blocked on the FIFO: open the other end so it can finish
        with open(tmp_path / "words.txt", "wb"):
            pass
        reader.join(30)
        pytest.fail("a word list that is a named pipe was waited on")
    messages = [f.message for f in found[0] if f.code == "HL404"]
    assert len(messages) == 2 and all("not a regular file" in m for m in messages), messages


def test_words_in_other_scripts_are_kept_as_written() -> None:
    # accents are folded ("naïve" is "naive"), but a Cyrillic, Greek or Arabic word is not
    # emptied: before, every such word became "", got the suggestions "i, a, e", and one of
    # them in a word list made all of them known
    speller = Speller(words=["Привет"])
    assert speller.known("Привет") and not speller.known("مرحبا")
    assert speller.suggest("مرحبا") == [] and speller.suggest("Ελληνικά") == []
    found = lint("# T\n\nSay مرحبا to friends.\n", "HL4")
    assert [f.code for f in found] == ["HL401"] and "i, a, e" not in (found[0].suggestion or "")
    # units with the micro sign, or a Greek mu, are still units
    assert codes("Take 5 µg or 5 μg daily, 20 µmol/L, 3 µl, 2 mcg/µL.") == []


def test_a_file_of_gibberish_stays_fast_and_says_why_there_are_no_suggestions() -> None:
    from healthlint.rules.spelling import SUGGESTION_BUDGET

    letters = "bcdfghjklmnpqrstvwxz"
    words = ["".join(letters[(i * 7 + k * 3) % len(letters)] for k in range(6)) + letters[i % 20]
             + letters[(i // 20) % 20] for i in range(SUGGESTION_BUDGET + 30)]
    text = "# Notes\n\n" + " ".join(words) + ".\n"
    found = lint(text, "HL401")
    assert len(found) == len(set(words))
    assert sum("No suggestions: over" in (f.suggestion or "") for f in found) >= 30


@pytest.mark.parametrize(("text", "expected"), [
    ("This tea \u0441ures colds.", [("HL405", 10)]),           # Cyrillic es in "cures"
    ("Take \u0430spirin with food.", [("HL405", 6)]),         # Cyrillic a
    ("\u041c\u043e\u0441\u043a\u0432\u0430 is a city.", []),  # all Cyrillic: not mixed
    ("Use 5 \u03bcg of vitamin B12.", []),                    # Greek mu in a unit
])
def test_words_mixing_latin_and_cyrillic(text: str, expected: list[tuple[str, int]]) -> None:
    found = lint(f"# Notes\n\n{text}\n", "HL405")
    assert [(f.code, f.column) for f in found] == expected


@pytest.mark.parametrize(("typo", "contraction"), [
    ("dont", "don't"), ("doesnt", "doesn't"), ("youre", "you're"), ("Isnt", "Isn't"),
    ("im", "I'm"), ("theyre", "they're")])
def test_missing_apostrophe_suggests_the_contraction_first(typo: str, contraction: str) -> None:
    [finding] = lint(f"Some people say {typo} worry about it.", "HL401")
    assert finding.suggestion is not None
    assert finding.suggestion.startswith(f"Did you mean: {contraction},"), finding.suggestion


# ---- fixes -------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "edits"), [
    ("Take the the tablets.", [(8, 12, "")]),
    ("Take it with\nwith food.", [(12, 17, "")]),
    ("The The rash spreads.", [(3, 7, "")]),  # the first keeps its capital
])
def test_repeated_word_fix_deletes_the_second(text: str,
                                              edits: list[tuple[int, int, str]]) -> None:
    assert fix_of(text, "HL402", "HL4") == ("safe", edits)


@pytest.mark.parametrize("text", [
    # two items of a flattened list, and a dash lost between two words (real NIDDK pages)
    "Avoid ale beer malt malt beverages and porter.",
    "Choosing iodized salt salt supplemented with iodine helps.",
])
def test_a_repeated_content_word_is_an_unsafe_fix(text: str) -> None:
    fix = fix_of(text, "HL402", "HL4")
    assert fix is not None and fix[0] == "unsafe"


@pytest.mark.parametrize(("text", "fix"), [
    # a misspelling of the curated table: its one correction, safe (case kept)
    ("Do not take ibuprofin.", ("safe", [(12, 21, "ibuprofen")])),
    ("Dont stop suddenly.", ("safe", [(0, 4, "Don't")])),
    ("You doesnt need it.", ("safe", [(4, 10, "doesn't")])),
    # any other unknown word: the first suggestion, unsafe
    ("Take irn tablets.", ("unsafe", [(5, 8, "in")])),
])
def test_unknown_word_fix(text: str, fix: tuple[str, list[tuple[int, int, str]]]) -> None:
    assert fix_of(text, "HL401", "HL4") == fix


@pytest.mark.parametrize("text", [
    # names read as misspellings: "Person Therapy", "Essay tea", "Oncoming" would be wrong
    "Read about Gerson therapy.", "Essiac is a herbal tea.", "The OncoLink site helps.",
])
def test_a_capitalised_unknown_word_gets_no_suggestion_fix(text: str) -> None:
    found = [f for f in lint(text, "HL4") if f.code == "HL401"]
    assert found and all(f.fix is None for f in found)


def test_a_contraction_fix_writes_the_article_s_apostrophe() -> None:
    curly = "You’ll need rest; theyve said it’s fine."
    at = curly.index("theyve")
    assert fix_of(curly, "HL401", "HL4") == ("safe", [(at, at + 6, "they’ve")])
    straight = curly.replace("’", "'")
    assert fix_of(straight, "HL401", "HL4") == ("safe", [(at, at + 6, "they've")])


def test_unknown_word_without_suggestions_has_no_fix() -> None:
    [found] = [f for f in lint("It is qxzvbnwk.", "HL4") if f.code == "HL401"]
    assert found.fix is None


def test_unknown_word_split_by_markup_has_no_fix() -> None:
    # the soft hyphen is not prose: the word as read is not the word as written
    [found] = [f for f in lint("Take ibupro\u00adfin daily.", "HL4") if f.code == "HL401"]
    assert found.fix is None


def test_every_correction_is_a_word_hl401_reports_and_its_correction_one_it_accepts() -> None:
    from healthlint.rules.spelling import corrections

    table = corrections()
    assert len(table) >= 100
    for wrong, right in table.items():
        assert wrong == wrong.lower() and wrong != right.lower()
        assert [f.code for f in lint(f"The {wrong} here.", "HL401")] == ["HL401"], wrong
        assert lint(f"The {right} here.", "HL401") == [], right


def test_variant_fix_is_unsafe() -> None:
    [found] = [f for f in lint("Eat more fibre.", "HL4", {"spelling": {"variant": "en-US"}})]
    assert found.fix is not None and str(found.fix.applicability) == "unsafe"
    assert [(e.start, e.end, e.content) for e in found.fix.edits] == [(9, 14, "fiber")]


def test_mixed_script_fix_retypes_the_look_alike_letters() -> None:
    # Greek omicron and Cyrillic a
    assert fix_of("Rest helps c\u03bflds.", "HL405", "HL4") == ("safe", [(11, 16, "colds")])
    assert fix_of("Drink w\u0430ter.", "HL405", "HL4") == ("safe", [(6, 11, "water")])


def test_mixed_script_with_a_letter_of_no_latin_look_alike_has_no_fix() -> None:
    [found] = [f for f in lint("Drink w\u0434ter.", "HL4") if f.code == "HL405"]
    assert found.fix is None


def test_styled_letters_fix_writes_plain_letters() -> None:
    assert fix_of("A \u1d04old is mild.", "HL406", "HL4") == ("safe", [(2, 6, "cold")])


def test_a_project_word_two_edits_away_is_suggested() -> None:
    # two edits are looked up in an index: the project's words have one of their own
    assert Speller().suggest("qzvxra") == []
    assert Speller(["Qzvexram"]).suggest("qzvxra") == ["qzvexram"]
    assert Speller(["plmqutax"]).suggest("plmqta") == ["plmqutax", "palmata", "plata"]


@pytest.mark.parametrize("word", ["Gaviscon", "Paxlovid", "Lagevrio", "Zegerid", "Menveo"])
def test_brands_of_licensed_medicines_are_known(word: str) -> None:
    assert Speller().known(word)


@pytest.mark.parametrize("word", ["acetominophen", "Lyrica"])
def test_a_brand_that_would_hide_a_typo_is_not_known(word: str) -> None:
    assert not Speller().known(word)
