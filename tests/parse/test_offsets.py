"""Prose offsets as runs (``healthlint.parse.offsets``): the same offsets as the per-character
lists they replace, for every character of every block, whatever the Markdown.

The reference is the old mapping: the parser run with ``CharOffsets``, a plain list holding one
int per character (what ``Prose.offsets`` was), in place of ``Offsets`` in every module that
builds offsets; with it ``content_map`` is the per-character map it was (a line's run is
``range(start, start + length)``, one int each)."""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.parse.document import Document, Offsets, parse
from tests.test_properties import PIECES as COMMON_PIECES

BUILDERS = ["healthlint.parse.positions", "healthlint.parse.inline", "healthlint.parse.prose",
            "healthlint.parse.rawhtml", "healthlint.parse.model", "healthlint.parse.frontmatter"]


class CharOffsets(list[int]):
    """The old mapping: one int per character, with the few methods ``Offsets`` adds."""

    @classmethod
    def run(cls, source: int, length: int) -> CharOffsets:
        return cls(range(source, source + length))

    def append_run(self, source: int, length: int) -> None:
        self.extend(range(source, source + length))

    def extend_from(self, other: list[int], start: int, stop: int) -> None:
        self.extend(other[start:stop])

    def take(self, indices: Iterable[int]) -> CharOffsets:
        return CharOffsets(self[i] for i in indices)

    def ascending(self) -> bool:
        return self == sorted(self)

    def bounds(self, i: int, j: int) -> tuple[int, int]:
        return (self[i], self[i]) if j <= i else (self[i], self[j - 1] + 1)

    def __getitem__(self, index: Any) -> Any:
        found = super().__getitem__(index)
        return CharOffsets(found) if isinstance(index, slice) else found


@contextmanager
def per_character() -> Iterator[None]:
    with ExitStack() as stack:
        for module in BUILDERS:
            stack.enter_context(patch(f"{module}.Offsets", CharOffsets))
        yield


def mapping(doc: Document) -> list[object]:
    return [[(b.kind, b.text, list(b.offsets)) for b in doc.blocks],
            [(b.kind, b.text, list(b.offsets)) for b in doc.folded().blocks],
            [s.span() for s in doc.sentences]]


# what moves positions: escapes, entities, line breaks, tabs, markers, table cells with
# escaped pipes, link and image titles (inline, reference, HTML attributes), raw HTML text,
# URLs, invisible and folded characters
PIECES = st.one_of(COMMON_PIECES, st.sampled_from([
    "| a \\| b | c |\n| --- | --- |\n| d \\|\\| e | f |\n", "\\|", "|", "a\tb", "-\t<div>x\n",
    "<div>\n\tText &amp; more</div>\n", '[x](https://a.org "A \\"cure\\" &amp; more")',
    "[x][r]\n\n[r]: https://a.org 'Ref title'\n", '<a title="Cures &amp; more">t</a>',
    '<img alt="An alt" title="T">', '![alt *text*](p.png "Pic title")', "\\\n", "\u200b",
    "\u00ad", "ｃｕｒｅｓ", "ﬁne", "https://x.org/a b", "a@b.org", "&#x41;", "&nbsp;", "  ",
    "<p>one\ntwo</p>", "`co\nde`", "***", "\n    code\n", "1) ", "+ ", "> > ", "&#0;",
    "---\ntitle: A\u200bcure for  \ndescription: 'It ｃｕｒｅｓ'\n---\n",
    '---\ntitle: "a \\"b\\" c"\ndescription: >\n  folded\n  text\n---\n',
]))
MARKDOWN = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
def test_runs_give_the_offsets_of_the_per_character_mapping(source: str) -> None:
    doc = parse(source, "p.md")
    with per_character():
        reference = parse(source, "p.md")
    assert all(isinstance(b.offsets, CharOffsets) for b in reference.blocks)
    assert all(isinstance(b.offsets, Offsets) for b in doc.blocks)
    assert mapping(doc) == mapping(reference)


# ---- the container, operation by operation, against a list -----------------------------------

OFFSET = st.integers(0, 60)
OPERATION = st.one_of(
    st.tuples(st.just("append"), OFFSET),
    st.tuples(st.just("append_run"), OFFSET, st.integers(0, 6)),
    st.tuples(st.just("extend"), st.lists(OFFSET, max_size=6)),
    st.tuples(st.just("extend_runs"), st.lists(OFFSET, max_size=6)),
    st.tuples(st.just("extend_from"), st.lists(OFFSET, max_size=8), st.integers(0, 8),
              st.integers(0, 8)),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(OPERATION, max_size=25), st.data())
def test_offsets_read_as_the_list_of_ints(operations: list[tuple[Any, ...]],
                                          data: st.DataObject) -> None:
    offsets, plain = Offsets(), []
    for name, *args in operations:
        if name == "append":
            offsets.append(args[0])
            plain.append(args[0])
        elif name == "append_run":
            offsets.append_run(*args)
            plain.extend(range(args[0], args[0] + args[1]))
        elif name == "extend":
            offsets.extend(args[0])
            plain.extend(args[0])
        elif name == "extend_runs":
            offsets.extend(Offsets(args[0]))
            plain.extend(args[0])
        else:
            values, start, stop = args
            start, stop = min(start, len(values)), min(stop, len(values))
            offsets.extend_from(Offsets(values), start, stop)
            plain.extend(values[start:stop])
    assert list(offsets) == plain and len(offsets) == len(plain) and bool(offsets) == bool(plain)
    assert offsets == Offsets(plain) == plain
    assert [offsets[i] for i in range(-len(plain), len(plain))] == plain + plain
    start = data.draw(st.integers(-len(plain) - 2, len(plain) + 2))
    stop = data.draw(st.one_of(st.none(), st.integers(-len(plain) - 2, len(plain) + 2)))
    part = offsets[start:stop]
    assert isinstance(part, Offsets) and list(part) == plain[start:stop]
    assert part == Offsets(plain[start:stop])  # runs as long as they can be, however built
    indices = data.draw(st.lists(st.integers(0, len(plain) - 1), max_size=8)) if plain else []
    assert list(offsets.take(indices)) == [plain[i] for i in indices]
    assert offsets.ascending() == (plain == sorted(plain))
    assert pickle.loads(pickle.dumps(offsets)) == offsets
    # bounds(i, j): (self[i], self[j - 1] + 1), or (self[i], self[i]) when j <= i, and the
    # IndexError of the list where either index is out of range
    i = data.draw(st.integers(-len(plain) - 2, len(plain) + 2))
    j = data.draw(st.integers(-len(plain) - 2, len(plain) + 2))
    try:
        expected: object = (plain[i], plain[i]) if j <= i else (plain[i], plain[j - 1] + 1)
    except IndexError:
        expected = IndexError
    try:
        got: object = offsets.bounds(i, j)
    except IndexError:
        got = IndexError
    assert got == expected, (i, j)
    assert sum(length for _, _, length in offsets.runs) == len(plain)


def test_out_of_range_and_steps_fail_as_a_list_would() -> None:
    offsets = Offsets.run(10, 3)
    assert offsets[-1] == 12 and offsets[0] == 10
    for index in (3, -4):
        try:
            offsets[index]
        except IndexError:
            continue
        raise AssertionError(index)
    try:
        offsets[::2]
    except ValueError:
        pass
    else:
        raise AssertionError("a step")
    assert Offsets() == [] and not Offsets() and Offsets().runs == []


# ---- the odd cases, each against the per-character mapping and by what it points at -------------

def same_as_per_character(source: str) -> Document:
    doc = parse(source, "p.md")
    with per_character():
        assert mapping(doc) == mapping(parse(source, "p.md"))
    return doc


def test_a_paragraph_is_a_run_per_line() -> None:
    source = "- First line of it,\n  second line &amp; more\n  and a \\*third*.\n"
    block = same_as_per_character(source).blocks[0]
    assert block.text == "First line of it, second line & more and a *third*."
    # line 1; a soft break (at the space before the next line) and line 2 to the entity's
    # "&"; after the entity; line 3 to the escape's "\\"; after it, with one past the end
    assert [block.text[i:i + n] for i, _, n in block.offsets.runs[:-1]] == [
        "First line of it,", " second line &", " more", " and a *"]
    assert block.offsets[len(block.text)] == source.index(".") + 1


def test_escaped_pipes_in_a_table_cell() -> None:
    source = "| a \\| b | c |\n| --- | --- |\n| d | e \\|\\| f |\n"
    doc = same_as_per_character(source)
    cells = {b.text: b for b in doc.blocks if b.kind == "table_cell"}
    cell = cells["e || f"]
    assert [source[o] for o in cell.offsets[:len(cell.text)]] == list("e \\\\ f")
    assert cell.offsets[2] == source.index("\\|\\|") and cell.offsets[3] == cell.offsets[2] + 2


def test_a_tab_in_an_html_block_in_a_list_item_is_clamped_as_before() -> None:
    source = "-\t<div>\n\tText &amp; more here</div>\n"
    doc = same_as_per_character(source)
    assert any("Text & more here" in b.text for b in doc.blocks)


def test_link_titles_and_reference_titles() -> None:
    source = ('A [link](https://a.org "A \\"cure\\" &amp; more") and [ref][r].\n\n'
              "[r]: https://b.org\n  'Ref title'\n")
    doc = same_as_per_character(source)
    titles = [b for b in doc.blocks if b.kind == "link_title"]
    assert [t.text for t in titles] == ['A "cure" & more', "Ref title"]
    assert source[titles[0].offsets[2]] == "\\" and source[titles[0].offsets[9]] == "&"
    assert titles[1].offsets.runs == [(0, source.index("Ref"), 10)]


def test_folded_prose_keeps_the_offsets_of_its_source_characters() -> None:
    source = "It ｃｕｒｅｓ colds\u200b and ﬁnes.\n"
    doc = same_as_per_character(source)
    folded = doc.folded().blocks[0]
    assert folded.text == "It cures colds and fines."
    fi = folded.text.index("fi")
    assert folded.offsets[fi] == folded.offsets[fi + 1] == source.index("ﬁ")


def test_front_matter_values_as_written_folded_and_with_invisible_characters() -> None:
    source = ("---\ntitle: A\u200bcure for colds\ndescription: >\n  It cures\n  colds\n---\n"
              "# Head\n\nBody.\n")
    doc = same_as_per_character(source)
    title, description = (b for b in doc.blocks if b.kind == "front_matter")
    assert title.text == "Acure for colds"
    assert title.offsets.runs == [(0, source.index("A"), 1), (1, source.index("cure"), 15)]
    assert description.text == "It cures colds"  # folded: every character at the value's start
    assert set(description.offsets[:len(description.text)]) == {source.index(">")}
