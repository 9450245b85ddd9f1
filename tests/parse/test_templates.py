"""Static-site template syntax is not prose (issue 11): Liquid, Hugo shortcodes and kramdown
attribute lists are read as blanks, every other character keeps its place, links around them
are links, and code and front matter stay as written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from healthlint.parse.document import markdown, parse
from healthlint.parse.templates import blank_templates
from tests.conftest import lint

JEKYLL = """---
title: "Gut health {{ site.title }}"
description: What to eat for a healthy gut, and what the evidence says about it.
---
# Gut health

Read [my notes]({{ site.baseurl }}/2020/kombuchaa-notes/) and [the plan]({% post_url 2020-01-01-gutt-plan %}).
{: .notee-box}

Some text {{< figure src="imgg.jpg" captionn="Flowerz" >}} and {{% notice warnning %}} more.

{% comment %}
This tea curess cancer.
{% endcomment %}

Use `{{ page.titel }}` in a layout:

```liquid
{{ site.baseurl }}
```
"""


def test_links_around_template_syntax_are_links() -> None:
    doc = parse(JEKYLL)
    assert [(link.text, link.href) for link in doc.links] == [
        ("my notes", "/2020/kombuchaa-notes/"), ("the plan", "")]


def test_template_syntax_is_not_prose() -> None:
    doc = parse(JEKYLL)
    texts = " ".join(block.text for block in doc.blocks)
    for word in ("baseurl", "post_url", "notee", "imgg", "captionn", "warnning", "curess"):
        assert word not in texts
    assert "Some text" in texts and "more." in texts


def test_no_spelling_or_claims_findings_inside_template_syntax() -> None:
    found = [f for f in lint(JEKYLL, ["HL4", "HL5"])]
    assert found == []


def test_code_and_front_matter_stay_as_written() -> None:
    doc = parse(JEKYLL)
    assert doc.front_matter["title"] == "Gut health {{ site.title }}"
    assert [t.content for t in doc.tokens if t.type == "fence"] == ["{{ site.baseurl }}\n"]
    codes = [c.content for t in doc.tokens if t.type == "inline" for c in t.children or []
             if c.type == "code_inline"]
    assert codes == ["{{ page.titel }}"]


def test_positions_after_template_syntax_are_the_source_positions() -> None:
    text = "---\ntitle: T\n---\n# T\n\n- See {{ site.name }} and the docter today.\n"
    (finding,) = lint(text, "HL401")
    assert (finding.line, finding.column) == (6, 31)
    assert text.splitlines()[5][30:36] == "docter"


def test_text_without_template_syntax_is_parsed_once_as_it_stands() -> None:
    calls: list[str] = []

    def parse_tokens(text: str) -> list:
        calls.append(text)
        return markdown().parse(text)

    text = "Braces {like this} and a set {a, b} are prose."
    assert blank_templates(text, parse_tokens) is text
    assert calls == []


@given(st.text(alphabet="{}%<>:`-\n ab", max_size=80))
def test_blanking_keeps_length_and_line_breaks(text: str) -> None:
    blanked = blank_templates(text, markdown().parse)
    assert len(blanked) == len(text)
    assert [i for i, c in enumerate(blanked) if c == "\n"] == \
        [i for i, c in enumerate(text) if c == "\n"]
    assert all(b == t or b == " " for b, t in zip(blanked, text))


def test_a_liquid_comment_is_blank_to_its_end_tag_and_no_further() -> None:
    text = ("Before {% comment %} {{ x }} `{{ y }}` wrongg {% endcomment %} middel "
            "{% comment %} unclosed {{ z }}")
    blanked = blank_templates(text, markdown().parse)
    assert blanked.split() == ["Before", "middel", "unclosed"]
