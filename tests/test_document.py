from __future__ import annotations

from pathlib import Path

import pytest

from checks.document import decode_and_parse, parse, read_document

ARTICLE = """---
title: Asthma
type: condition
last_reviewed: 2026-13-45
---
# Asthma

Asthma is a common **lung** condition, e.g. in children. See `inhaler` use at 9 a.m. daily.
It affects approx. 2.5 mg doses? No. Read [the NHS page](https://www.nhs.uk/conditions/asthma/).

## Symptoms

- Wheezing
- Feeling breathless at https://example.org/x today

| Symptom | When |
| --- | --- |
| Cough | at night |

<!-- healthlint-disable HL101 -- reason -->

## Sources

1. [NHS: Asthma](https://www.nhs.uk/conditions/asthma/)[^1]

[^1]: Checked in 2026.
"""


def test_front_matter_dates_stay_strings_and_key_lines_are_known() -> None:
    doc = parse(ARTICLE, "a.md")
    assert doc.front_matter["last_reviewed"] == "2026-13-45"
    assert doc.front_matter_lines == {"title": 2, "type": 3, "last_reviewed": 4}
    assert doc.front_matter_end_line == 5
    assert doc.problems == []


def test_sections_and_title() -> None:
    doc = parse(ARTICLE, "a.md")
    assert [(s.title, s.level, s.line) for s in doc.sections] == [
        ("Asthma", 1, 6), ("Symptoms", 2, 11), ("Sources", 2, 22)]
    assert doc.title == "Asthma" and doc.title_line == 6
    symptoms = doc.sections[1]
    assert symptoms.parent is doc.sections[0]
    assert symptoms.end_line == 21


def test_prose_excludes_code_urls_and_link_targets() -> None:
    doc = parse(ARTICLE, "a.md")
    text = " ".join(b.text for b in doc.blocks)
    assert "inhaler" not in text
    assert "https" not in text and "example.org" not in text
    assert "the NHS page" in text
    assert "healthlint-disable" not in text


def test_every_prose_character_points_at_itself_in_the_source() -> None:
    doc = parse(ARTICLE, "a.md")
    for block in doc.blocks:
        for i, ch in enumerate(block.text):
            if ch != " ":
                assert doc.text[block.offsets[i]] == ch, (block.text, i)


def test_sentences_respect_abbreviations_and_block_ends() -> None:
    doc = parse(ARTICLE, "a.md")
    texts = [s.text for s in doc.sentences]
    assert "Asthma is a common lung condition, e.g. in children." in texts
    assert "It affects approx. 2.5 mg doses?" in texts
    assert "Wheezing" in texts  # a list item ends a sentence
    assert "Cough" in texts and "at night" in texts  # table cells end sentences


def test_links_images_comments_footnotes() -> None:
    doc = parse(ARTICLE, "a.md")
    assert [(link.href, link.line) for link in doc.links] == [
        ("https://www.nhs.uk/conditions/asthma/", 9),
        ("https://www.nhs.uk/conditions/asthma/", 24)]
    assert doc.sections[2].links[0].text == "NHS: Asthma"
    assert doc.sections[2].footnote_refs == 1
    assert doc.footnotes == 1
    assert [c.line for c in doc.comments] == [20]


def test_position_and_span() -> None:
    doc = parse(ARTICLE, "a.md")
    sentence = next(s for s in doc.sentences if s.text.startswith("Asthma is"))
    i = sentence.text.index("lung")
    start, end = sentence.span(i, i + 4)
    assert doc.text[start:end] == "lung"
    assert doc.position(start) == (8, 22)


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_crlf_and_bom(newline: str) -> None:
    text = "\ufeff" + ARTICLE.replace("\n", newline)
    doc, problems = decode_and_parse(text.encode("utf-8"), "a.md")
    assert problems == [] and doc is not None
    assert doc.front_matter["title"] == "Asthma"
    assert [s.line for s in doc.sections] == [6, 11, 22]


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (b"", "HL003", 1),
        (b"  \n\n", "HL003", 1),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "HL002", 1),
        (b"# Title\n\nCaf\xe9 au lait\n", "HL001", 3),
    ],
)
def test_unreadable_input_becomes_a_finding(data: bytes, code: str, line: int) -> None:
    doc, problems = decode_and_parse(data, "bad.md")
    assert doc is None
    assert [(p.code, p.line) for p in problems] == [(code, line)]


@pytest.mark.parametrize(
    ("front", "code", "line"),
    [
        ("title: Asthma: basics\n", "HL005", 2),
        ("title: ok\nbad: [unclosed\n", "HL005", 3),
        ("- a\n- b\n", "HL006", 2),
        ("a: &a [x, x]\nb: [*a, *a]\n", "HL007", 2),
    ],
)
def test_bad_front_matter(front: str, code: str, line: int) -> None:
    doc = parse(f"---\n{front}---\n# T\n\nText.\n", "a.md")
    assert [(p.code, p.line) for p in doc.problems] == [(code, line)]
    assert doc.front_matter == {}
    assert doc.sections[0].title == "T"  # the rest of the article is still parsed


def test_unclosed_front_matter() -> None:
    doc = parse("---\ntitle: x\n\n# T\n\nText.\n", "a.md")
    assert [p.code for p in doc.problems] == ["HL005"]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]" for i in range(1, 10)]
    doc = parse("---\n" + "\n".join(lines) + "\n---\n# T\n", "a.md")
    assert [p.code for p in doc.problems] == ["HL007"]


def test_large_file_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"# Big\n\n" + b"word " * 2_100_000)
    doc, problems = read_document(big, "big.md")
    assert doc is None and [p.code for p in problems] == ["HL004"]
    assert "over the" in problems[0].message


def test_missing_file(tmp_path: Path) -> None:
    doc, problems = read_document(tmp_path / "nope.md", "nope.md")
    assert doc is None and [p.code for p in problems] == ["HL001"]


def test_escapes_and_entities_map_to_source() -> None:
    doc = parse("Fish \\* chips &amp; peas caf&eacute; end.\n", "a.md")
    block = doc.blocks[0]
    assert block.text == "Fish * chips & peas café end."
    e = block.text.index("é")
    assert doc.text[block.offsets[e]] == "&"
    p = block.text.index("peas")
    assert doc.text[block.offsets[p]:block.offsets[p] + 4] == "peas"


def test_html_is_not_prose_but_comments_are_found() -> None:
    doc = parse("<div onclick='x'>raw <b>html</b></div>\n\nText <!-- note --> here.\n", "a.md")
    assert [b.text for b in doc.blocks] == ["Text  here."]
    assert [c.text for c in doc.comments] == [" note "]
