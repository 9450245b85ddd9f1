from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from healthlint.parse.document import decode_and_parse, parse, read_document

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


def test_html_tags_are_not_prose_but_comments_are_found() -> None:
    doc = parse("<div onclick='x'>raw <b>html</b></div>\n\nText <!-- note --> here.\n", "a.md")
    # the text between the tags is published, so it is prose; the tags and attributes are not
    assert [b.text for b in doc.blocks] == ["raw html", "Text  here."]
    assert [c.text for c in doc.comments] == [" note "]


# ---- input a demanding user throws at it -----------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_named_not_called_binary(encoding: str) -> None:
    # Windows Notepad's "Unicode" is UTF-16 with a byte order mark; it is text, not binary
    doc, problems = decode_and_parse("# Asthma\n\nText.\n".encode(encoding), "a.md")
    assert doc is None and [p.code for p in problems] == ["HL001"]
    assert "UTF-" in problems[0].message and "save the file as UTF-8" in problems[0].message


def test_a_fifo_or_folder_is_reported_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    found: list[tuple[object, list[object]]] = []
    reader = threading.Thread(target=lambda: found.append(read_document(fifo, "pipe.md")),
                              daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():  # it blocked on the FIFO: open the other end so it can finish
        with open(fifo, "wb"):
            pass
        reader.join(5)
        pytest.fail("read_document waited for a writer on a FIFO")
    (tmp_path / "dir.md").mkdir()
    found.append(read_document(tmp_path / "dir.md", "dir.md"))
    for doc, problems in found:
        assert doc is None and [p.code for p in problems] == ["HL001"]  # type: ignore[attr-defined]
        assert "not a regular file" in problems[0].message  # type: ignore[attr-defined]


def test_duplicate_front_matter_keys_are_reported_at_the_second() -> None:
    doc = parse("---\ntitle: Asthma\ntype: condition\ntitle: Hay fever\n---\n# T\n", "a.md")
    assert [(p.code, p.line) for p in doc.problems] == [("HL005", 4)]
    message = doc.problems[0].message
    assert "duplicate key 'title'" in message and "line 2" in message
    nested = parse("---\nwords:\n  a: 1\n  a: 2\n---\n# T\n", "a.md")
    assert [(p.code, p.line) for p in nested.problems] == [("HL005", 4)]


@pytest.mark.parametrize("value", ["!!timestamp 2026-01-01", "!!binary aGVsbG8=", "!!set {a, b}",
                                   "!!omap [a: 1]", "!!pairs [a: 1]"])
def test_yaml_tags_that_build_non_text_values_are_refused(value: str) -> None:
    # dates stay text; bytes, sets and pairs are no article field's type
    doc = parse(f"---\ntitle: T\nlast_reviewed: {value}\n---\n# T\n", "a.md")
    assert [(p.code, p.line) for p in doc.problems] == [("HL005", 3)]
    assert f"the tag {value.split()[0]} is not allowed" in doc.problems[0].message
    assert doc.front_matter == {}


def test_deeply_nested_front_matter_is_refused_without_parsing_it() -> None:
    # PyYAML takes quadratic time on deeply nested flow collections
    doc = parse("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n# T\n", "a.md")
    assert [(p.code, p.line) for p in doc.problems] == [("HL005", 2)]
    assert "nested" in doc.problems[0].message


@pytest.mark.parametrize("nesting", [
    "".join("  " * i + "- item\n" for i in range(30)),
    "- " * 30 + "item\n",
    "> - " * 15 + "item\n",
])
def test_markdown_nested_too_deep_for_the_parser_is_reported(nesting: str) -> None:
    # markdown-it stops reading at 20 levels of lists and quotes: what follows is neither
    # checked nor published, so the writer must be told
    doc = parse("# T\n\n" + nesting + "\nThis herbal tea cures cancer.\n\n## Sources\n", "a.md")
    assert [p.code for p in doc.problems] == ["HL011"]
    problem = doc.problems[0]
    claim_line = doc.text[:doc.text.index("This herbal")].count("\n") + 1
    assert 3 <= problem.line <= claim_line and "not read" in problem.message


def test_text_in_html_blocks_is_prose_with_positions() -> None:
    text = ("# T\n\n<p>This tea <b>cures</b> cancer &amp; colds.</p>\n\n"
            "<div>\n<script>var a = 'hidden';</script>\nSecond line.\n</div>\n\n"
            "<!-- note --> After a comment.\n")
    doc = parse(text, "a.md")
    texts = [b.text for b in doc.blocks]
    assert texts[1:] == ["This tea cures cancer & colds.", "Second line.", "After a comment."]
    for block in doc.blocks:
        for i, ch in enumerate(block.text):
            source = doc.text[block.offsets[i]]
            assert source == ch or ch == " ", (block.text, i)  # "&amp;" starts at its "&"
    assert "cures cancer" in [s.text for s in doc.sentences][1]
    assert doc.blocks[2].line == 7 and doc.blocks[2].section is doc.sections[0]
    table = parse("<table><tr><th>Dose</th><td>2 tablets</td></tr></table>\n", "a.md")
    assert [(b.kind, b.text) for b in table.blocks] == [("table_cell", "Dose"),
                                                         ("table_cell", "2 tablets")]


def test_invisible_format_characters_are_not_prose() -> None:
    # a zero-width space or soft hyphen inside a word is invisible on the page: "cures" there
    # must read as "cures" to the checks
    doc = parse("# T\n\nThis tea cu\u200bres can\u00adcer.\n", "a.md")
    block = doc.blocks[1]
    assert block.text == "This tea cures cancer."
    for i, ch in enumerate(block.text):
        assert doc.text[block.offsets[i]] == ch


def test_published_front_matter_fields_are_prose_with_positions() -> None:
    text = ('---\ntitle: "Herbal tea"\ndescription: This tea cures colds.\n'
            "author: Jo\n---\n# Herbal tea\n\nBody.\n")
    doc = parse(text, "a.md")
    front = [b for b in doc.blocks if b.kind == "front_matter"]
    assert [(b.text, b.line) for b in front] == [("Herbal tea", 2), ("This tea cures colds.", 3)]
    for block in front:
        start, end = block.span()
        assert doc.text[start:end] == block.text
    assert "Jo" not in " ".join(b.text for b in doc.blocks)


def test_folded_front_matter_prose_points_at_the_value() -> None:
    doc = parse("---\ndescription: >\n  Tea that\n  cures colds.\n---\n# T\n", "a.md")
    [block] = [b for b in doc.blocks if b.kind == "front_matter"]
    assert block.text == "Tea that cures colds."
    assert doc.position(block.span()[0])[0] == 2


def test_image_alt_text_is_prose_as_the_page_shows_it() -> None:
    doc = parse("# T\n\nSee ![This tea *cures* colds](tea.png \"t\") here.\n", "a.md")
    [alt] = [b for b in doc.blocks if b.kind == "alt_text"]
    assert alt.text == "This tea cures colds" and alt.line == 3
    i = alt.text.index("cures")
    start, end = alt.span(i, i + 5)
    assert doc.text[start:end] == "cures"
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == ["See  here."]


def test_a_file_that_grows_after_its_size_was_taken_is_not_read_past_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from healthlint.parse.document import read_document

    path = tmp_path / "growing.md"
    path.write_text("# Title\n\n" + "word " * 2000)
    real_fstat = os.fstat

    class Small:
        def __init__(self, info: os.stat_result) -> None:
            self._info = info
            self.st_size = 10

        def __getattr__(self, name: str) -> object:
            return getattr(self._info, name)

    monkeypatch.setattr(os, "fstat", lambda fd: Small(real_fstat(fd)))
    doc, problems = read_document(path, "growing.md", max_bytes=100)
    assert doc is None
    assert [p.code for p in problems] == ["HL004"]
    assert "grew past the 100-byte limit" in problems[0].message


def test_alt_text_and_html_prose_join_the_section_they_are_in() -> None:
    doc = parse("# A\n\ntext\n\n## B ![tea cures](t.png)\n\n<div>html <b>text</b></div>\n")
    a, b = doc.sections
    assert [(p.kind, p.text) for p in b.blocks] == [("alt_text", "tea cures"),
                                                    ("paragraph", "html text")]
    assert [p.text for p in a.blocks] == ["text"]
    assert all(block.section is b for block in b.blocks)
    assert [p.text for p in doc.blocks] == ["A", "text", "B", "tea cures", "html text"]


def test_the_parser_is_small_passes() -> None:
    """No function of the parser over 60 lines: each pass does one thing (issue 8)."""
    import ast

    folder = Path(__file__).resolve().parent.parent / "checks" / "parse"
    long = []
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    long.append(f"{path.name}:{node.lineno} {node.name} ({length} lines)")
    assert not long


@pytest.mark.parametrize("source", [
    '[tea](https://x.example "This tea cures colds")',
    "[tea](https://x.example 'This tea cures colds')",
    "[tea](<https://x.example/a b> (This tea cures colds))",
    '![Leaf](leaf.png "This tea cures colds")',
])
def test_link_and_image_titles_are_prose_at_their_source_position(source: str) -> None:
    text = f"# T\n\nSee {source} now.\n"
    doc = parse(text, "a.md")
    [title] = [b for b in doc.blocks if b.kind == "link_title"]
    assert title.text == "This tea cures colds"
    start = text.index("This tea")
    assert [text[o] for o in title.offsets[:len(title.text)]] == list("This tea cures colds")
    assert title.offsets[0] == start


def test_a_title_with_an_escaped_quote_keeps_its_positions() -> None:
    text = '# T\n\n[tea](https://x.example "a \\"cure\\" for colds")\n'
    doc = parse(text, "a.md")
    [title] = [b for b in doc.blocks if b.kind == "link_title"]
    assert title.text == 'a "cure" for colds'
    # an escaped character points at its backslash, as everywhere in prose
    assert [text[o] for o in title.offsets[:len(title.text)]] == list('a \\cure\\ for colds')


@pytest.mark.parametrize(("source", "where"), [
    # a reference link, a collapsed and a shortcut reference, an image
    ('See [tea][1] now.\n\n[1]: https://x.example "This tea cures colds"\n', (False, False)),
    ("See [tea][] now.\n\n[tea]: https://x.example\n  'This tea cures colds'\n", (False, False)),
    ("See ![a leaf][img].\n\n[img]: leaf.png (This tea cures colds)\n", (False, False)),
    # in a block quote (its second line carries the quote's marker) and in a list item
    ('> See [tea][1].\n>\n> [1]: https://x.example\n>   "This tea cures colds"\n', (True, False)),
    ("- See [tea][1].\n- [1]: <https://x.example/a b> 'This tea cures colds'\n", (False, True)),
])
def test_reference_definition_titles_are_prose_at_their_source_position(
        source: str, where: tuple[bool, bool]) -> None:
    """A link reference definition's title is shown on hover like an inline link's."""
    text = f"# T\n\n{source}"
    doc = parse(text, "a.md")
    [title] = [b for b in doc.blocks if b.kind == "link_title"]
    assert title.text == "This tea cures colds"
    assert [text[o] for o in title.offsets[:len(title.text)]] == list(title.text)
    assert title.offsets[0] == text.rindex("This tea")
    assert (title.in_blockquote, title.in_list) == where
    assert title.section is not None and title.section.title == "T"


def test_a_reference_title_across_lines_with_escapes_keeps_its_positions() -> None:
    text = '# T\n\n[tea][1]\n\n> [1]: https://x.example "a &amp; \\"cure\\"\n>   for colds"\n'
    [title] = [b for b in parse(text, "a.md").blocks if b.kind == "link_title"]
    assert title.text == 'a & "cure"\nfor colds'
    assert [text[o] for o in title.offsets[:len(title.text)]] == list('a & \\cure\\\nfor colds')
    assert title.line == 5


def test_a_reference_title_is_prose_once_where_defined_and_only_when_used() -> None:
    used = ('# T\n\n[1]: https://x.example "Cures colds"\n\n## Tea\n\n[a][1] and [b][1].\n'
            '\n[2]: https://y.example "Never used"\n')
    doc = parse(used, "a.md")
    [title] = [b for b in doc.blocks if b.kind == "link_title"]
    assert (title.text, title.line, title.section.title) == ("Cures colds", 3, "T")
    assert [b.kind for b in doc.blocks] == ["heading", "link_title", "heading", "paragraph"]


@pytest.mark.parametrize(("source", "kind"), [
    # in a raw HTML block and inline, the attributes the exported page keeps and shows
    ('<div>\n<a href="x" title="This tea cures colds">tea</a>\n</div>\n', "link_title"),
    ("See <a href='x' title='This tea cures colds'>tea</a> now.\n", "link_title"),
    ('See <abbr title="This tea cures colds">TT</abbr> now.\n', "link_title"),
    ('<p><img src="a.png" alt="This tea cures colds"></p>\n', "alt_text"),
    ('See <img src="a.png" title="This tea cures colds"> now.\n', "link_title"),
])
def test_published_html_attributes_are_prose_at_their_source_position(
        source: str, kind: str) -> None:
    text = f"# T\n\n{source}"
    [shown] = [b for b in parse(text, "a.md").blocks if b.kind in ("link_title", "alt_text")]
    assert (shown.kind, shown.text) == (kind, "This tea cures colds")
    assert [text[o] for o in shown.offsets[:len(shown.text)]] == list(shown.text)
    assert shown.offsets[0] == text.index("This tea")


def test_html_attributes_the_page_does_not_show_are_not_prose() -> None:
    text = ('# T\n\n<span title="a hidden cure">x</span> <a href="x" data-note="a cure">y</a>'
            ' <a title="cures &amp; heals">z</a>\n')
    shown = [b for b in parse(text, "a.md").blocks if b.kind in ("link_title", "alt_text")]
    assert [b.text for b in shown] == ["cures & heals"]
    assert text[shown[0].offsets[6]] == "&"  # an entity points at its ampersand
