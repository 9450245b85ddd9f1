"""Claims that slip through by their letters (issue 7): invisible characters, compatibility
forms (fullwidth, mathematical letters, ligatures) and look-alike letters (Cyrillic, Greek,
small capitals) are folded before claims, language and spelling match, and every finding
still points at the characters of the source file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from healthlint.commands.cli import main
from healthlint.core.findings import Finding
from healthlint.parse.document import parse
from healthlint.text.folding import INVISIBLE_RE, fold, lookalikes
from tests.conftest import TODAY_ARG, lint


def notes(body: str, *codes: str) -> list[Finding]:
    """The findings of ``codes`` for ``body`` as the one paragraph of an article."""
    return lint(f"# Notes\n\n{body}\n", codes)


# the word "cures" written so that it looks (or is read aloud) the same
CURES = [
    "cu\ufe0fres",            # variation selector 16
    "cu\u034fres",            # combining grapheme joiner
    "cu\u180bres",            # Mongolian free variation selector
    "cu\U000e0100res",        # variation selector 17
    "cu\u2065res",            # an unassigned default-ignorable code point
    "\uff43\uff55\uff52\uff45\uff53",                           # fullwidth
    "\U0001d41c\U0001d42e\U0001d42b\U0001d41e\U0001d42c",      # mathematical bold
    "\u1d04ures",             # small capital c
    "\u0441ures",             # Cyrillic es
    "cur\u0435s",            # Cyrillic ie
]


@pytest.mark.parametrize("word", CURES)
def test_a_disguised_cure_claim_is_found_at_its_source_characters(word: str) -> None:
    line = f"This tea {word} cancer."
    found = [f for f in notes(line, "HL501") if f.code == "HL501"]
    assert [(f.line, f.column) for f in found] == [(3, line.index(word) + 1)]
    # the finding ends right after the last character of the word in the source
    assert found[0].end_column == line.index(word) + len(word) + 1


@pytest.mark.parametrize("word", ["sa\ufe0ffe", "\uff53\uff41\uff46\uff45", "s\u1d00fe",
                                  "\U0001d42c\U0001d41a\U0001d41f\U0001d41e"])
def test_a_disguised_safety_claim_is_found(word: str) -> None:
    line = f"Our pills are 100% {word}."
    found = notes(line, "HL503")
    assert [(f.code, f.column, f.end_column) for f in found] == \
        [("HL503", line.index("100%") + 1, line.index(".") + 1)]


def test_the_safety_claim_of_the_issue_is_found_with_a_variation_selector() -> None:
    found = notes("It is completely sa\ufe0ffe.", "HL503")
    assert [(f.code, f.column) for f in found] == [("HL503", 7)]


def test_stigmatizing_language_is_found_in_fullwidth_letters() -> None:
    line = "He was an \uff41\uff4c\uff43\uff4f\uff48\uff4f\uff4c\uff49\uff43."
    found = notes(line, "HL701")
    assert [(f.code, f.column, f.end_column) for f in found] == \
        [("HL701", line.index("\uff41") + 1, line.index(".") + 1)]


def test_a_fullwidth_word_is_not_misspelt_but_its_letters_are_reported() -> None:
    line = "Drink \uff57\uff41\uff54\uff45\uff52 every day."
    found = notes(line, "HL401", "HL406")
    assert [(f.code, f.column, f.end_column) for f in found] == [("HL406", 7, 12)]
    assert "fullwidth" in found[0].message or "plain" in found[0].message
    # a typo in styled letters is still a typo
    typo = notes("Drink \uff57\uff41\uff54\uff54\uff45\uff52\uff52 every day.", "HL401")
    assert [f.code for f in typo] == ["HL401"]


@pytest.mark.parametrize(("text", "expected"), [
    ("This tea cures c\u03bflds.", [("HL405", 16)]),   # Greek omicron in "colds"
    ("\u0391\u03b2 plaques build up in the brain.", []),  # Greek A and beta: all Greek
    ("A\u03b2 plaques build up in the brain.", []),       # amyloid beta: beta is no look-alike
    ("Raised IFN\u03b3 and TNF\u03b1 levels.", []),        # gamma, alpha: Greek names
    ("Drink \U0001d430ater every day.", [("HL406", 7)]),  # mathematical bold w
])
def test_mixed_and_styled_letters(text: str, expected: list[tuple[str, int]]) -> None:
    found = notes(text, "HL405", "HL406")
    assert [(f.code, f.column) for f in found] == expected


def test_mixed_script_words_are_still_reported_and_now_also_claims() -> None:
    found = notes("This tea \u0441ures colds.", "HL405", "HL501", "HL508")
    assert {f.code for f in found} >= {"HL405", "HL501"}


def test_every_default_ignorable_code_point_is_dropped_from_prose() -> None:
    regex = pytest.importorskip("regex")  # knows Unicode's Default_Ignorable_Code_Point
    wanted = regex.compile(r"\p{Default_Ignorable_Code_Point}")
    missing = [f"U+{cp:04X}" for cp in range(0x110000)
               if wanted.match(chr(cp)) and not INVISIBLE_RE.match(chr(cp))]
    assert missing == []


def test_format_characters_stay_invisible() -> None:
    # every format character (Cf) but the visible ones is still dropped, as before
    visible = {0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x0890, 0x0891,
               0x08E2, 0x110BD, 0x110CD}
    missing = [f"U+{cp:04X}" for cp in range(0x110000)
               if unicodedata.category(chr(cp)) == "Cf" and not INVISIBLE_RE.match(chr(cp))
               and cp not in visible]
    assert missing == []


def test_fold_maps_every_character_back_to_its_source() -> None:
    text = "\ufb01ne \u00bd \uff43u\ufe0fres \u1d04"  # ligature fi, one half, fullwidth c
    folded, index = fold(text)
    assert folded == "fine 1\u20442 cures c"
    assert index is not None and len(index) == len(folded)
    assert [text[i] for i in index[:2]] == ["\ufb01", "\ufb01"]
    assert [text[i] for i in index[5:8]] == ["\u00bd"] * 3
    assert fold("plain text") == ("plain text", None)


def test_the_lookalike_table_says_what_each_letter_is() -> None:
    table = lookalikes()
    assert table["\u0441"] == "c" and table["\u1d04"] == "c" and table["\u039f"] == "O"
    for char, letter in table.items():
        assert letter.isascii() and letter.isalpha() and len(letter) == 1
        assert unicodedata.category(char).startswith("L")


def test_folding_is_for_matching_only() -> None:
    text = "# T\n\nThis \uff54\uff45\uff41 is nice \u2764\ufe0f.\n"
    doc = parse(text, "a.md")
    assert doc.blocks[1].text == "This \uff54\uff45\uff41 is nice \u2764."
    view = doc.folded()
    assert view.blocks[1].text == "This tea is nice \u2764."
    assert view.blocks[1].sentences[0].text == "This tea is nice \u2764."
    plain = parse("# T\n\nPlain text.\n", "a.md")
    assert plain.folded() is plain


def test_the_exporter_publishes_the_original_letters(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from tests.commands.test_export import article

    content = tmp_path / "content"
    content.mkdir()
    body = "\nA cup of \uff54\uff45\uff41 is nice \u2764\ufe0f. This \u0441ures nothing.\n\n"
    (content / "tea.md").write_text(article("tea", "Tea", body=body), "utf-8")
    out = tmp_path / "site"
    code = main(["export", "--today", TODAY_ARG, "--force", str(content), "--out", str(out)])
    capsys.readouterr()
    assert code in (0, 1)
    page = (out / "tea" / "index.html").read_text("utf-8")
    assert "\uff54\uff45\uff41 is nice \u2764\ufe0f." in page
    assert "\u0441ures" in page


def test_a_disguised_claim_in_the_front_matter_points_at_its_letters() -> None:
    for word in ("cu\ufe0fres", "\uff43\uff55\uff52\uff45\uff53"):
        line = f"description: This tea {word} colds."
        found = lint(f"---\n{line}\n---\n# Tea\n", "HL501")
        assert [(f.code, f.line, f.column, f.end_column) for f in found] == \
            [("HL501", 2, line.index(word) + 1, line.index(word) + len(word) + 1)]
