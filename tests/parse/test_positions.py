"""Aligned runs: a text aligned as runs of the source gets the offsets that aligning it one
character at a time gets, whatever the content and the text."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.parse.document import parse
from healthlint.parse.inline import Aligner
from healthlint.parse.offsets import Offsets

PIECES = st.sampled_from(["a", "b", " ", "\\*", "*", "&amp;", "&eacute;", "&#x41;", "é", "\n",
                          "[", "]", "(", ")", "`", "\\", "&", "x" * 600])
CONTENT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(CONTENT, st.data())
def test_runs_align_as_characters_do(content: str, data: st.DataObject) -> None:
    # runs of two source characters, one skipped between them (as escapes leave them)
    cmap = Offsets(3 * (k // 2) + k % 2 + 1 for k in range(len(content) + 1))
    parsed = html.unescape(content.replace("\\", ""))
    text = data.draw(st.one_of(st.just(parsed), st.just(content), st.text(max_size=20),
                               st.lists(st.sampled_from([parsed[:5], content[3:9], "a", "&"]),
                                        max_size=5).map("".join)))
    start = data.draw(st.integers(0, len(content)))
    runs = Aligner(content, cmap)
    runs.k = start
    chars = Aligner(content, cmap)
    chars.k = start
    assert runs.align_text(text) == [chars.align(ch) for ch in text]
    assert runs.k == chars.k


def test_escapes_and_entities_keep_their_source_characters() -> None:
    source = "A \\*star\\* &amp; caf&eacute; [link](https://x.org) and `code` here.\n"
    block = parse(source, "p.md").blocks[0]
    assert block.text == "A *star* & café link and   here."
    for ch, offset in zip(block.text, block.offsets, strict=False):
        if not ch.isspace():
            assert source[offset] in (ch, "\\", "&")
    assert block.offsets[block.text.index("é")] == source.index("&eacute;")
    assert block.offsets[block.text.index("link")] == source.index("link")
