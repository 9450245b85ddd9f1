"""Static-site template syntax is not prose: Jekyll/Liquid tags and output (``{{ site.baseurl }}``,
``{% post_url 2020-01-01-title %}``, ``{% comment %}…{% endcomment %}``), Hugo shortcodes
(``{{< figure … >}}``, ``{{% notice %}}``) and kramdown attribute lists (``{: .note}``,
``{:toc}``) are blanked out before markdown-it reads the article, one space for each of their
characters (line breaks kept), so every other character keeps its offset, nothing inside them
is checked, and a link around them is still a link (``[post]({{ site.baseurl }}/a/)`` links to
``/a/``; markdown-it reads no link with spaces in its target).

Code stays as written: fenced and indented code blocks (found by a first parse) and code spans,
and so does the front matter. Each tag is bounded to one line of at most ``LONGEST`` characters
and a Liquid comment runs to the first ``{% endcomment %}`` after it, so the scan stays linear
on any input.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from markdown_it.token import Token

LONGEST = 400
# the cheap test first: an article without any of these is parsed once, as it stands
MARKERS = ("{{", "{%", "{:")
TEMPLATE_RE = re.compile(
    rf"(?P<code>`[^`\n]{{0,{LONGEST}}}`)"  # a code span: left as it is
    rf"|\{{\{{[^\n]{{0,{LONGEST}}}?\}}\}}"  # Liquid output, Hugo shortcodes {{< >}}, {{% %}}
    rf"|\{{%[^\n]{{0,{LONGEST}}}?%\}}"  # Liquid tags: {% post_url … %}, {% include … %}
    rf"|\{{:[^\n{{}}]{{0,{LONGEST}}}\}}"  # kramdown attribute lists, extensions: {: .x}, {:toc}
)
# `{% comment %}` … `{% endcomment %}`: the tags and everything between them (not published)
COMMENT_TAG_RE = re.compile(r"\{%-?\s*(end)?comment\s*-?%\}")
# block tokens whose lines are left as written
KEPT_BLOCKS = ("front_matter", "fence", "code_block")


def has_template_syntax(text: str) -> bool:
    return any(marker in text for marker in MARKERS)


def blank_templates(text: str, parse_tokens: Callable[[str], Sequence[Token]]) -> str:
    """``text`` with its template syntax blanked (same length, same line breaks), or ``text``
    itself when it has none; ``parse_tokens`` is markdown-it's parse, used to find the code
    blocks and the front matter when a candidate is found."""
    if not has_template_syntax(text):
        return text
    comments = _comment_spans(text)
    comment_ends = [end for _, end in comments]
    spans = list(comments)
    for match in TEMPLATE_RE.finditer(text):
        start, end = match.span()
        after = bisect.bisect_right(comment_ends, start)  # the first comment ending past start
        in_comment = after < len(comments) and comments[after][0] <= start
        if match.group("code") is None and not in_comment:
            spans.append((start, end))
    if not spans:
        return text
    spans.sort()
    kept = _kept_lines(parse_tokens(text))
    line_of = _line_numbers(text)
    pieces: list[str] = []
    at = 0
    for start, end in spans:
        if start < at or line_of(start) in kept:
            continue
        pieces.append(text[at:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:end]))
        at = end
    if not pieces:
        return text
    pieces.append(text[at:])
    return "".join(pieces)


def _comment_spans(text: str) -> list[tuple[int, int]]:
    """Each Liquid comment, from its tag to the end of the first ``endcomment`` after it."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for match in COMMENT_TAG_RE.finditer(text):
        if match.group(1) is None and opened is None:
            opened = match.start()
        elif match.group(1) is not None and opened is not None:
            spans.append((opened, match.end()))
            opened = None
    return spans


def _kept_lines(tokens: Sequence[Token]) -> set[int]:
    kept: set[int] = set()
    for token in tokens:
        if token.type in KEPT_BLOCKS and token.map:
            kept.update(range(token.map[0], token.map[1]))
    return kept


def _line_numbers(text: str) -> Callable[[int], int]:
    """offset -> 0-based line, for offsets asked in increasing order (one pass in all)."""
    state = {"line": 0, "at": 0}

    def line_of(offset: int) -> int:
        state["line"] += text.count("\n", state["at"], offset)
        state["at"] = offset
        return state["line"]

    return line_of
