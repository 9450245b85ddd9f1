"""Leftovers (HL8xx): page furniture from a scraped or pasted web page, and repeated text."""

from __future__ import annotations

import re

import pytest

from healthlint.text.furniture import furniture
from tests.conftest import lint

BODY = "Most adults need seven or more hours of sleep each night to stay well."


def furniture_lines(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.message) for f in lint(text, "HL801")]


# ---- HL801 -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("line", "kind"), [
    ("Leave a Reply", "comment form"),
    ("### Leave a Comment", "comment form"),
    ("Your email address will not be published. Required fields are marked *", "comment form"),
    ("Save my name, email, and website in this browser for the next time I comment.",
     "comment form"),
    ("12 Comments", "comment count"),
    ("No comments", "comment count"),
    ("Share this:", "share prompt"),
    ("**Share this article**", "share prompt"),
    ("Click to share on Facebook (Opens in new window)", "share prompt"),
    ("Subscribe to our newsletter!", "subscribe prompt"),
    ("Enter your email address to subscribe to this blog and receive notifications.",
     "subscribe prompt"),
    ("Home » Health » Sleep", "breadcrumb"),
    ("Home > Conditions > Asthma", "breadcrumb"),
    ("Posted in Health, Sleep", "category line"),
    ("Filed under: Wellness", "category line"),
    ("Published Time: 2023-04-02T10:00:00+00:00", "category line"),
    ("Posted on March 3, 2023 by admin", "category line"),
    ("This website uses cookies to improve your experience.", "cookie notice"),
    ("Accept all cookies", "cookie notice"),
    ("Related posts:", "related-posts"),
    ("You may also like", "related-posts"),
    ("PS: If you liked this article, share it with your friends!", "appeal"),
    ("P.S. if you enjoyed this post, subscribe for more.", "appeal"),
])
def test_page_furniture_is_reported(line: str, kind: str) -> None:
    text = f"# Sleep\n\n{BODY}\n\n{line}\n"
    [(number, _, message)] = furniture_lines(text)
    assert number == 5 and kind in message


@pytest.mark.parametrize("comment", ["<!-- StartFragment -->", "<!--EndFragment-->",
                                     "<!-- wp:paragraph -->", "<!-- /wp:heading -->",
                                     "<!--more-->"])
def test_comments_left_by_a_paste_or_an_editor_are_reported(comment: str) -> None:
    [(number, column, message)] = furniture_lines(f"# Sleep\n\n{comment}\n\n{BODY}\n")
    assert (number, column) == (3, 1) and "paste or an editor" in message


@pytest.mark.parametrize("line", [
    "Leave a reply to the letter from your clinic within two weeks.",
    "Posted in the staff room, a notice reminded nurses to take breaks every few hours.",
    "Share this leaflet with your family so they know the warning signs.",
    "Home is where most people with a cold should stay.",
    "Subscribe to a sleep diary app if it helps you keep track.",
    "Some cookies contain a lot of sugar, so keep them for a treat.",
    "Tags on the skin are harmless growths.",
    "Comments from readers are welcome at the address below.",
    "You may also like to read about naps.",
    "<!-- a note from the editor: check the sources again -->",
    "Home/work balance matters.",
])
def test_the_same_words_in_a_sentence_are_not_furniture(line: str) -> None:
    assert furniture_lines(f"# Sleep\n\n{BODY}\n\n{line}\n") == []


def test_code_and_link_targets_are_not_read() -> None:
    text = f"# Sleep\n\n{BODY}\n\n```\nLeave a Reply\n```\n\n[Sleep](https://x.org/leave-a-reply)\n"
    assert furniture_lines(text) == []


def test_every_kind_of_furniture_names_itself_and_compiles() -> None:
    kinds = furniture()
    assert len(kinds) >= 9
    for kind in kinds:
        assert kind.what and (kind.lines is not None or kind.comments is not None), kind.kind
        for pattern in (kind.lines, kind.comments):
            assert pattern is None or not pattern.fullmatch(""), kind.kind


# ---- HL802 -----------------------------------------------------------------------------------
def repeats(text: str) -> list[tuple[int, int, str, str | None]]:
    return [(f.line, f.end_line, f.message, f.suggestion) for f in lint(text, "HL802")]


def test_a_repeated_title_line_names_the_first() -> None:
    text = f"Sleep and shift work: a short guide\n\nSleep and shift work: a short guide\n\n{BODY}\n"
    [(line, end, message, suggestion)] = repeats(text)
    assert (line, end) == (3, 3)
    assert message.startswith("this line repeats line 1:")
    assert suggestion == "delete the copy and keep line 1"


def test_a_repeat_with_a_scrap_after_it() -> None:
    text = (f"# Sleep\n\n{BODY}\n\nWhy does shift work make sleep harder?\n"
            "Why does shift work make sleep harder? from\n")
    [(line, _, message, _)] = repeats(text)
    assert line == 6 and "repeats line 5 (“Why does shift work make sleep harder?”) with words" \
        " added" in message


def test_a_paragraph_pasted_twice_is_one_finding() -> None:
    paragraph = "Keep your bedroom dark and quiet.\nTry to sleep at the same times each day."
    text = f"# Sleep\n\n{paragraph}\n\n{paragraph}\n"
    assert [(line, end) for line, end, _, _ in repeats(text)] == [(6, 7)]
    assert "lines 6-7 repeat lines 3-4" in repeats(text)[0][2]


@pytest.mark.parametrize("text", [
    # a sentence each section needs, under two headings
    f"# Sleep\n\n## Naps\n\n{BODY}\n\n## Nights\n\n{BODY}\n",
    # far apart in one section: a summary at the end
    f"# Sleep\n\n{BODY}\n\nOne.\n\nTwo.\n\nThree.\n\n{BODY}\n",
    # short lines repeat on purpose
    "# Sleep\n\nCall 999.\n\nCall 999.\n",
    # a plain heading and the lead-in that follows it: not a sentence repeated
    "# Sleep\n\nOther treatments for poor sleep\n\nOther treatments for poor sleep include:\n",
    # a heading repeated is HL108's
    f"# Sleep\n\n## How much sleep you need\n\n{BODY}\n\n## How much sleep you need\n",
])
def test_repeats_on_purpose_are_not_reported(text: str) -> None:
    assert repeats(text) == []


def test_positions_point_at_the_copy() -> None:
    text = f"# Sleep\n\n  {BODY}\n  {BODY}\n"
    [finding] = lint(text, "HL802")
    assert (finding.line, finding.column) == (4, 3)
    assert re.search(r"repeats line 3\b", finding.message)
