"""Headings written as plain text (HL109).

Articles pasted from a web page or a word processor often lose their heading markup: "How it
works" stands on a line of its own, in plain or bold text, above the paragraph it introduces.
Readers see a heading; screen readers, the table of contents and every section check do not.
The seed article of this project has five such lines. NHS and GOV.UK content design guidance
asks for real headings so that people using assistive technology can move around a page
(GOV.UK Service Manual, "Headings"; W3C WCAG 2.2 success criterion 1.3.1 Info and
Relationships).

A paragraph is reported when it is one short source line (at most 10 words) that starts with a
capital letter, ends without punctuation, is not a link, a list item, a table cell or a quote,
does not end in a lead-in word ("may include", "such as"), and is followed by a paragraph of
running text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from healthlint.core.findings import Finding, Severity, rule
from healthlint.engine.checks import Context, check
from healthlint.parse.document import Document, Prose

MAX_WORDS = 10
MIN_NEXT_WORDS = 12
ENDS_WITH_PUNCTUATION = re.compile(r"[.!?:;,…)\]\"'”’*_-]$")
LEAD_IN_END = re.compile(
    r"\b(?:include|includes|including|are|is|were|was|such as|like|following|of|to|and|or|"
    r"the|a|an|with|for|by|from|in|on)$", re.IGNORECASE)
EMPHASIS = re.compile(r"^\s*(\*\*|__)(.+)\1\s*$")

UNMARKED_HEADING = rule(
    "HL109", "unmarked-heading", Severity.SUGGESTION,
    summary="A short line stands above a paragraph like a heading, but is plain text.",
    what="Reports a one-line paragraph of at most 10 words, capitalised and without closing "
    "punctuation (plain or all bold), that is followed by running text: a heading that lost "
    "its `##` markup, often when text is pasted from a web page.",
    why="Screen readers, the table of contents and healthlint's section checks only see real "
    "headings; people who use assistive technology move around a page by its headings "
    "(GOV.UK Service Manual, 'Headings'; WCAG 2.2, 1.3.1 Info and Relationships).",
    example="How Klonopin works\n\nKlonopin slows down activity in the brain ...",
    instead="## How Klonopin works\n\nKlonopin slows down activity in the brain ...",
)


@check("unmarked-headings")
def check_unmarked_headings(doc: Document, ctx: Context) -> Iterator[Finding]:
    if not ctx.config.enabled(UNMARKED_HEADING.code):
        return
    paragraphs = [b for b in doc.blocks if b.kind in ("paragraph", "heading")]
    for block, following in zip(paragraphs, paragraphs[1:]):
        if looks_like_heading(doc, block) and is_running_text(following):
            start, end = block.span()
            section = block.section
            level = "#" * (section.level if section is not None and section.level >= 2 else 2)
            yield ctx.finding(
                UNMARKED_HEADING, start, end,
                f"“{block.text}” looks like a heading written as plain text: mark it as one "
                "so readers, screen readers and the section checks see it",
                suggestion=f"{level} {block.text}")


def looks_like_heading(doc: Document, block: Prose) -> bool:
    if block.kind != "paragraph" or block.in_list or block.in_blockquote or not block.text:
        return False
    first, last = doc.position(block.offsets[0])[0], doc.position(block.offsets[-1])[0]
    source = doc.line_text(first).strip()
    if first != last or source.startswith(("[", "<", "!", "|")):
        return False
    text = block.text.strip()
    bold = EMPHASIS.match(source)
    if bold is None and source != text:  # inline markup inside: links, code, partial emphasis
        return False
    words = block.words
    return (
        1 <= len(words) <= MAX_WORDS
        and text[0].isupper()
        and not ENDS_WITH_PUNCTUATION.search(text)
        and not LEAD_IN_END.search(text)
    )


def is_running_text(block: Prose) -> bool:
    return block.kind == "paragraph" and len(block.words) >= MIN_NEXT_WORDS
