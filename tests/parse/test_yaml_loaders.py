"""Front matter read by libyaml (PyYAML's C loader) and by the pure-Python loader: the same
values, nodes and lines wherever libyaml is used, and the same findings either way."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.parse import frontmatter
from healthlint.parse.document import parse
from tests.conftest import FIXTURES, ROOT

needs_libyaml = pytest.mark.skipif(frontmatter.CFrontMatterLoader is None,
                                   reason="PyYAML was built without libyaml")


def shape(node: yaml.Node | None) -> Any:
    """What the checks read of a node: tag, value, style, line and column, all the way down."""
    if node is None:
        return None
    mark = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        if node.value == "":
            mark = None  # nothing there to point at: libyaml and PyYAML place it differently
        return node.tag, node.value, node.style or None, mark  # plain: libyaml "", PyYAML None
    if isinstance(node, yaml.MappingNode):
        return node.tag, mark, [(shape(k), shape(v)) for k, v in node.value]
    return node.tag, mark, [shape(v) for v in node.value]


def python_load(content: str) -> tuple[Any, Any]:
    node = yaml.compose(content, Loader=frontmatter.FrontMatterLoader)
    data = yaml.load(content, Loader=frontmatter.FrontMatterLoader) if node else None
    return shape(node), data


def front_matters() -> list[str]:
    found = []
    for path in sorted([*FIXTURES.rglob("*.md"), *(ROOT / "content").rglob("*.md")]):
        text = path.read_text("utf-8", errors="replace")
        if text.startswith("---\n") and "\n---" in text[3:]:
            found.append(text[4:text.index("\n---", 3) + 1])
    return found


@needs_libyaml
def test_libyaml_reads_every_shipped_front_matter_as_python_does() -> None:
    contents = front_matters()
    assert len(contents) > 20
    read = 0
    for content in contents:
        fast = frontmatter.load_with_libyaml(content)
        if fast is not None:
            read += 1
            assert (shape(fast[0]), fast[1]) == python_load(content), content
    assert read > len(contents) // 2


PIECES = st.sampled_from([
    "title: ", "description: ", "key: ", "- ", "  ", "\n", "'", '"', "[", "]", "{", "}", ", ",
    ": ", "#", "&a ", "*a", "!!int ", "!!str ", "2026-01-02", "yes", "~", "3.5", "|\n", ">\n",
    "é", "\t", "---", "? ", "%YAML 1.1\n", "\\",
])
YAML_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=30).map("".join)


@needs_libyaml
@settings(max_examples=300, deadline=None)
@given(YAML_TEXT)
def test_whatever_libyaml_reads_python_reads_the_same(content: str) -> None:
    fast = frontmatter.load_with_libyaml(content)
    if fast is None:
        return  # the pure-Python loader decides
    assert (shape(fast[0]), fast[1]) == python_load(content)


@pytest.mark.parametrize("content", [
    "title: A\nlast_reviewed: 2026-13-45\n", "a: &x 1\nb: *x\n", "title: [unclosed\n",
    "a: 1\na: 2\n", "t: !!binary aGk=\n", "- a\n- b\n", "title: ok\ndescription: fine\n",
])
def test_the_same_findings_with_and_without_libyaml(
        content: str, monkeypatch: pytest.MonkeyPatch) -> None:
    source = f"---\n{content}---\n\n# Title\n\nText.\n"
    with_c = parse(source, "a.md")
    monkeypatch.setattr(frontmatter, "CFrontMatterLoader", None)
    without = parse(source, "a.md")
    assert with_c.problems == without.problems
    assert with_c.front_matter == without.front_matter
    assert with_c.front_matter_lines == without.front_matter_lines
    assert [(b.text, b.offsets) for b in with_c.blocks] == \
        [(b.text, b.offsets) for b in without.blocks]
