"""Text as the reader sees it, for matching: invisible characters, compatibility forms and
look-alike letters folded, with the source index of every folded character.

Three things make a word look like "cures" on the page while being other characters:

- invisible code points inside it ("cu\\ufe0fres"): Unicode's Default_Ignorable_Code_Point
  (variation selectors, joiners, tags, fillers) and the other format characters. The
  Document drops them from prose, so every check reads "cures";
- compatibility forms: fullwidth "ｃｕｒｅｓ", mathematical bold or italic letters, ligatures
  ("ﬁ"), the long s. NFKC folds them, one character at a time, so that every folded character
  keeps the index of the character it came from (NFKC of one character may give several,
  "½" -> "1⁄2", and their findings point at that one source character);
- look-alike letters from another script or style that NFKC leaves alone: Cyrillic "с",
  Greek "ο", the small capital "ᴄ". They come from ``data/lookalikes.tsv``, which HL405
  (mixed-script-word) and HL406 (styled-letters) read too: one table.

The folded text is for matching only (claims, language, spelling): readability, the messages
that quote the source and the exported page keep the characters the writer typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

# Default_Ignorable_Code_Point, from Unicode's DerivedCoreProperties.txt (the same ranges in
# Unicode 14 to 16): code points that are invisible when a font has no glyph for them, so a
# word with one inside reads as the word without it. Inclusive ranges.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),    # soft hyphen
    (0x034F, 0x034F),    # combining grapheme joiner
    (0x061C, 0x061C),    # Arabic letter mark
    (0x115F, 0x1160),    # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),    # Khmer inherent vowels
    (0x180B, 0x180F),    # Mongolian free variation selectors, vowel separator
    (0x200B, 0x200F),    # zero-width space, non-joiner, joiner; left-to-right, right-to-left
    (0x202A, 0x202E),    # bidirectional embeddings and overrides
    (0x2060, 0x206F),    # word joiner, invisible operators, isolates, deprecated formats
    (0x3164, 0x3164),    # Hangul filler
    (0xFE00, 0xFE0F),    # variation selectors 1-16
    (0xFEFF, 0xFEFF),    # zero-width no-break space (byte order mark)
    (0xFFA0, 0xFFA0),    # halfwidth Hangul filler
    (0xFFF0, 0xFFF8),    # unassigned, reserved as default-ignorable
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol beams, ties, slurs, phrases
    (0xE0000, 0xE0FFF),  # tags, variation selectors 17-256, reserved
)
# Format characters (general category Cf) that are not default-ignorable but are never a
# letter of a word either: Arabic number and end-of-ayah signs, the Syriac abbreviation mark,
# interlinear annotation marks, Kaithi number signs, Egyptian hieroglyph format controls.
OTHER_INVISIBLE = (
    (0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
    (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F),
)
INVISIBLE_RE = re.compile(
    "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in DEFAULT_IGNORABLE + OTHER_INVISIBLE)
    + "]"
)
LOOKALIKES = "data/lookalikes.tsv"


@cache
def lookalikes() -> dict[str, str]:
    """Look-alike letter -> the plain Latin letter it looks like (``data/lookalikes.tsv``)."""
    return {char: letter for char, letter, _ in _lookalike_rows()}


@cache
def lookalike_scripts() -> dict[str, str]:
    """Look-alike letter -> its script (Cyrillic, Greek, Latin)."""
    return {char: script for char, _, script in _lookalike_rows()}


def _lookalike_rows() -> list[tuple[str, str, str]]:
    text = resources.files("healthlint").joinpath(LOOKALIKES).read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, letter, script, _name = line.split("\t")
            rows.append((chr(int(code.removeprefix("U+"), 16)), letter, script))
    return rows


_FOLDED: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """One character as it is matched: "" for an invisible one, else its NFKC form with
    look-alike letters replaced by the Latin letter they look like."""
    folded = _FOLDED.get(ch)
    if folded is None:
        if INVISIBLE_RE.match(ch):
            folded = ""
        else:
            table = lookalikes()
            folded = "".join(table.get(c, c) for c in unicodedata.normalize("NFKC", ch))
        _FOLDED[ch] = folded
    return folded


def fold(text: str) -> tuple[str, list[int] | None]:
    """The text as it is matched, and the index in ``text`` of each of its characters (None
    when folding changes nothing: then the indices are the identity)."""
    if text.isascii():
        return text, None
    out: list[str] = []
    index: list[int] = []
    changed = False
    for i, ch in enumerate(text):
        folded = ch if ch < "\x80" else fold_char(ch)
        if folded != ch:
            changed = True
        out.append(folded)
        index.extend([i] * len(folded))
    return ("".join(out), index) if changed else (text, None)


def styled_letters(word: str) -> list[str]:
    """The letters of a word that stand for other, plain Latin letters: fullwidth,
    mathematical or small-capital forms, ligatures (not Cyrillic or Greek look-alikes: those
    are another script, see ``mixed_script``)."""
    scripts = lookalike_scripts()
    return [ch for ch in word if not ch.isascii() and unicodedata.category(ch)[0] == "L"
            and scripts.get(ch, "Latin") == "Latin" and (folded := fold_char(ch)) != ch
            and folded.isascii() and folded.isalpha()]


__all__ = ["DEFAULT_IGNORABLE", "INVISIBLE_RE", "fold", "fold_char", "lookalike_scripts",
           "lookalikes", "styled_letters"]
