"""Structure (HL1xx): required sections, their order, empty sections, one title, heading levels,
and headings written as plain text.

The required sections come from the article's profile (front matter ``type:``, see
checks/data/profiles.toml), as the house style asks: a condition page has Overview, Symptoms,
Causes, Diagnosis, Treatment, When to see a doctor and Sources, in that order. Readers scan
health pages by their headings (the NHS digital service manual's content guidance asks for
headings that let people scan), so a predictable outline and working heading levels are part
of the content, not decoration: screen readers navigate by heading level (W3C WAI "Headings"
tutorial; WCAG technique G141), which is why a skipped level or an empty heading is reported.

Headings written as plain text (HL109): articles pasted from a web page or a word processor
often lose their heading markup: "How it works" stands on a line of its own, in plain or bold
text, above the paragraph it introduces. Readers see a heading; screen readers, the table of
contents and every section check do not.
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
from collections.abc import Iterable, Iterator, Sequence

from healthlint.config import Profile, RequiredSection
from healthlint.core.families import declared, family_codes
from healthlint.core.findings import Applicability, Finding, Fix
from healthlint.engine.checks import Context, check
from healthlint.parse.document import Document, Prose, Section
from healthlint.text.furniture import furniture_line
from healthlint.text.phrases import normalize

MISSING_SECTION = declared("HL101")
SECTION_ORDER = declared("HL102")
EMPTY_SECTION = declared("HL103")
MISSING_TITLE = declared("HL104")
MULTIPLE_TITLES = declared("HL105")
SKIPPED_LEVEL = declared("HL106")
MISSING_TYPE = declared("HL107")
DUPLICATE_HEADING = declared("HL108")

# Every structure rule but HL109, which the unmarked-headings check below emits.
STRUCTURE_CODES = tuple(code for code in family_codes("HL1") if code != "HL109")


@check("structure", rules=STRUCTURE_CODES)
def check_structure(doc: Document, ctx: Context) -> Iterable[Finding]:
    """Run every structure rule (the runner skips this when none is enabled)."""
    yield from check_type(doc, ctx)
    yield from check_title(doc, ctx)
    yield from check_required(doc, ctx, ctx.profile)
    yield from check_empty(doc, ctx)
    yield from check_levels(doc, ctx)
    yield from check_duplicates(doc, ctx, ctx.options("structure")["duplicates"])


# ---- HL107 ------------------------------------------------------------------------------
def valid_types(profiles: Iterable[Profile]) -> list[str]:
    """Every `type:` value that selects a profile, profile names first."""
    named = [p for p in profiles if p.name != "default"]
    return [p.name for p in named] + [t for p in named for t in p.types]


def check_type(doc: Document, ctx: Context) -> Iterator[Finding]:
    value = doc.front_matter.get("type")
    if ctx.config.profile_for(value) is not None:
        return
    if not doc.has_front_matter and ctx.config.enabled("HL601") \
            and "type" in ctx.profile.required_fields:
        return  # HL601 says it once: add front matter, with a `type:` among its fields
    valid = ", ".join(valid_types(ctx.config.profiles.values()))
    required = ", ".join(s.name for s in ctx.config.default_profile.sections) or "none"
    fallback = f"checked with the `default` profile (required sections: {required})"
    line = doc.front_matter_lines.get("type", 1)
    if value is None or (isinstance(value, str) and not value.strip()):
        message = f"front matter has no `type:`; {fallback}. Valid types: {valid}"
    else:
        message = f"unknown article type {value!r}; {fallback}. Valid types: {valid}"
    yield ctx.finding_at_line(MISSING_TYPE, line, message)


# ---- HL104 / HL105 ----------------------------------------------------------------------
def check_title(doc: Document, ctx: Context) -> Iterator[Finding]:
    titles = [s for s in doc.sections if s.level == 1]
    if not titles and doc.title is None:
        yield ctx.finding_at_line(
            MISSING_TITLE, 1,
            "the article has no title: add a `# Title` heading, or `title:` to the front matter",
        )
        return
    for extra in titles[1:]:
        yield ctx.finding_at_line(
            MULTIPLE_TITLES, extra.line,
            f"second title `# {extra.title}`: the title is `# {titles[0].title}` (line "
            f"{titles[0].line}); an article has one level-1 heading",
            suggestion=f"## {extra.title}",
        )


# ---- HL101 / HL102 ----------------------------------------------------------------------
def find_required(doc: Document, required: Sequence[RequiredSection]) -> dict[int, Section]:
    """Index in ``required`` -> the first heading (level 2 or deeper) that satisfies it."""
    found: dict[int, Section] = {}
    for section in doc.sections:
        if section.level < 2:
            continue
        for index, wanted in enumerate(required):
            if index not in found and wanted.matches(section.title, doc.title):
                found[index] = section
                break
    return found


def check_required(doc: Document, ctx: Context, profile: Profile) -> Iterator[Finding]:
    required = profile.sections
    found = find_required(doc, required)
    by_line = sorted(found.items(), key=lambda item: item[1].line)
    in_order = set(longest_increasing([i for i, _ in by_line]))
    anchors = {i: s for i, s in found.items() if i in in_order}
    groups: dict[tuple[int, str], list[RequiredSection]] = {}
    for index, wanted in enumerate(required):
        if index not in found:
            where = insertion_point(doc, required, anchors, index, profile.ordered)
            groups.setdefault(where, []).append(wanted)
    # One finding per place: findings on the same span with the same code are one finding.
    for (line, place), missing in groups.items():
        yield ctx.finding_at_line(MISSING_SECTION, line,
                                  missing_message(doc, profile.name, missing, place),
                                  suggestion="\n\n".join(f"## {m.name}" for m in missing))
    if profile.ordered:
        yield from check_order(ctx, required, found)


def missing_message(doc: Document, profile: str, missing: Sequence[RequiredSection],
                    place: str) -> str:
    def named(wanted: RequiredSection) -> str:
        also = f" (or: {', '.join(wanted.names[1:])})" if len(wanted.names) > 1 else ""
        return f"`## {wanted.name}`{also}"

    hints = "".join(near_miss(doc, m) for m in missing)
    if len(missing) == 1:
        return f"missing required section {named(missing[0])} for a {profile} article: " \
               f"add it {place}{hints}"
    listed = ", then ".join(named(m) for m in missing)
    return f"missing required sections for a {profile} article: add {listed}, {place}{hints}"


def insertion_point(doc: Document, required: Sequence[RequiredSection],
                    found: dict[int, Section], index: int, ordered: bool) -> tuple[int, str]:
    """Where a missing section belongs: (line, words that say where).

    ``found`` holds the required sections that are present and in order; the missing one goes
    after the nearest one before it in the profile, or before the nearest one after it.
    """
    if not ordered:
        return doc.title_line, "to the article"
    before = [i for i in range(index) if i in found]
    after = [i for i in range(index + 1, len(required)) if i in found]
    if before:
        previous = found[before[-1]]
        following = next_heading_after(doc, previous)
        if following is not None:
            return following.line, f"after `{heading(previous)}`, before `{heading(following)}`"
        return previous.end_line, f"after `{heading(previous)}`, at the end of the article"
    if after:
        following = found[after[0]]
        return following.line, f"before `{heading(following)}`"
    return doc.title_line, "after the title"


def heading(section: Section) -> str:
    return f"{'#' * section.level} {section.title}"


def next_heading_after(doc: Document, section: Section) -> Section | None:
    """The first heading after ``section`` and its subsections."""
    return doc.section_after(section.end_line)


def near_miss(doc: Document, wanted: RequiredSection) -> str:
    """A hint when a heading nearly matches: an H1 with the name, or a longer heading."""
    names = [normalize(n) for n in wanted.names]
    for section in doc.sections:
        title = normalize(section.title)
        if section.level == 1 and title in names:
            return f"; `# {section.title}` (line {section.line}) is a level-1 heading, " \
                   "required sections are level 2 or deeper"
    for section in doc.sections:
        title = normalize(section.title)
        if section.level >= 2 and any(title.startswith(f"{n} ") or title.endswith(f" {n}")
                                      for n in names):
            return f"; `{heading(section)}` (line {section.line}) is " \
                   f"close: rename it to `{wanted.name}`, or add its name as an alias in the " \
                   "profile"
    return ""


def check_order(ctx: Context, required: Sequence[RequiredSection],
                found: dict[int, Section]) -> Iterator[Finding]:
    present = sorted(found.items(), key=lambda item: item[1].line)
    keep = set(longest_increasing([i for i, _ in present]))
    for index, section in present:
        if index in keep:
            continue
        before = [found[i] for i in sorted(keep) if i < index]
        after = [found[i] for i in sorted(keep) if i > index]
        places = [f"after `{heading(before[-1])}` (line {before[-1].line})"] if before else []
        places += [f"before `{heading(after[0])}` (line {after[0].line})"] if after else []
        place = ", ".join(places)
        order = ", ".join(s.name for s in required)
        yield ctx.finding_at_line(
            SECTION_ORDER, section.line,
            f"`{heading(section)}` is out of order: move it {place}. "
            f"Order for a {ctx.profile.name} article: {order}",
        )


def longest_increasing(values: Sequence[int]) -> list[int]:
    """One longest strictly increasing subsequence (the sections that stay in place)."""
    best: list[list[int]] = []
    for value in values:
        candidates = [run for run in best if run[-1] < value]
        longest = max(candidates, key=len, default=[])
        best.append([*longest, value])
    return max(best, key=len, default=[])


# ---- HL103 ------------------------------------------------------------------------------
def sections_with_content(doc: Document) -> set[int]:
    """ids of sections that hold any block other than headings and HTML comments."""
    filled: set[int] = set()
    for token in doc.tokens:
        if token.level != 0 or not token.map or token.type.endswith("_close"):
            continue
        if token.type in ("heading_open", "front_matter"):
            continue
        if token.type == "html_block" and is_only_comments(token.content):
            continue
        section = doc.section_at(token.map[0] + 1)
        if section is not None:
            filled.add(id(section))
    return filled


def is_only_comments(html: str) -> bool:
    """Nothing but HTML comments and white space. Each comment is cut out in turn, and a
    comment can start in what was left before the one cut out ("<!<!-- a -->-- b -->"); the
    text is read once (cutting by copying the rest was quadratic in the number of comments)."""
    left: list[str] = []  # the characters outside comments so far; never holds "<!--"
    pos = 0
    while True:
        back = next((k for k in (3, 2, 1) if len(left) >= k
                     and "".join(left[-k:]) + html[pos:pos + 4 - k] == "<!--"), 0)
        if back:
            del left[-back:]
            after_open = pos + 4 - back
        else:
            start = html.find("<!--", pos)
            if start < 0:
                left.extend(html[pos:])
                return not "".join(left).strip()
            left.extend(html[pos:start])
            after_open = start + 4
        end = html.find("-->", after_open)
        if end < 0:
            return False
        pos = end + 3


def check_empty(doc: Document, ctx: Context) -> Iterator[Finding]:
    filled = sections_with_content(doc)
    for section in doc.sections:
        if section.children or id(section) in filled:
            continue
        following = next_heading_after(doc, section)
        if following is None:
            where = "before the end of the article"
        else:
            where = f"before `{heading(following)}` (line {following.line})"
        yield ctx.finding_at_line(EMPTY_SECTION, section.line,
                                  f"section `{heading(section)}` is empty: no content "
                                  f"{where}")


# ---- HL106 ------------------------------------------------------------------------------
def check_levels(doc: Document, ctx: Context) -> Iterator[Finding]:
    previous = 1  # the title is level 1, also when it is front matter (or missing: HL104)
    for section in doc.sections:
        if section.level > previous + 1:
            expected = "#" * (previous + 1)
            yield ctx.finding_at_line(
                SKIPPED_LEVEL, section.line,
                f"heading `{heading(section)}` skips from level "
                f"{previous} to {section.level}; use `{expected}`",
                suggestion=f"{expected} {section.title}",
            )
        previous = section.level


# ---- HL108 ------------------------------------------------------------------------------
def check_duplicates(doc: Document, ctx: Context, scope: str) -> Iterator[Finding]:
    seen: dict[tuple[int, str], Section] = {}
    for section in doc.sections:
        parent = id(section.parent) if scope == "siblings" and section.parent else 0
        key = (parent, normalize(section.title))
        first = seen.setdefault(key, section)
        if first is not section:
            yield ctx.finding_at_line(
                DUPLICATE_HEADING, section.line,
                f"heading `{heading(section)}` repeats "
                f"`{heading(first)}` (line {first.line})",
            )
    for wanted in ctx.profile.sections:
        firsts: dict[str, Section] = {}
        for section in doc.sections:
            if section.level >= 2 and wanted.matches(section.title, doc.title):
                firsts.setdefault(normalize(section.title), section)
        ordered = sorted(firsts.values(), key=lambda s: s.line)
        for other in ordered[1:]:
            first = ordered[0]
            yield ctx.finding_at_line(
                DUPLICATE_HEADING, other.line,
                f"`{heading(other)}` and `{heading(first)}` "
                f"(line {first.line}) are both the `{wanted.name}` section; merge them",
            )


# ---- HL109 ------------------------------------------------------------------------------

MAX_WORDS = 10
MIN_NEXT_WORDS = 12
ENDS_WITH_PUNCTUATION = re.compile(r"[.!?:;,…)\]\"'”’*_-]$")
LEAD_IN_END = re.compile(
    r"\b(?:include|includes|including|are|is|were|was|such as|like|following|of|to|and|or|"
    r"the|a|an|with|for|by|from|in|on)$", re.IGNORECASE)
EMPHASIS = re.compile(r"^\s*(\*\*|__)(.+)\1\s*$")

UNMARKED_HEADING = declared("HL109")


@check("unmarked-headings", rules=(UNMARKED_HEADING.code,), fixes=(Applicability.UNSAFE,))
def check_unmarked_headings(doc: Document, ctx: Context) -> Iterator[Finding]:
    paragraphs = [b for b in doc.blocks if b.kind in ("paragraph", "heading")]
    # With no title at all (HL104), the first such line above every heading is the title.
    untitled = doc.title is None and not any(s.level == 1 for s in doc.sections)
    for block, following in zip(paragraphs, paragraphs[1:]):
        if looks_like_heading(doc, block) and is_running_text(following):
            start, end = block.span()
            section = block.section
            if untitled and section is None:
                untitled = False
                yield ctx.finding(
                    UNMARKED_HEADING, start, end,
                    f"“{block.text}” looks like the article's title written as plain text, and "
                    "the article has no title: mark it as the level-1 heading",
                    suggestion=f"# {block.text}", fix=heading_fix(doc, block, f"# {block.text}"))
                continue
            level = "#" * (section.level if section is not None and section.level >= 2 else 2)
            yield ctx.finding(
                UNMARKED_HEADING, start, end,
                f"“{block.text}” looks like a heading written as plain text: mark it as one "
                "so readers, screen readers and the section checks see it",
                suggestion=f"{level} {block.text}",
                fix=heading_fix(doc, block, f"{level} {block.text}"))


def heading_fix(doc: Document, block: Prose, heading_line: str) -> Fix:
    """An unsafe fix writing the line as a heading (``looks_like_heading`` made sure it is
    one line of plain or all-bold text); the level is a guess the writer checks."""
    start, end = doc.line_span(doc.position(block.offsets[0])[0])
    return Fix(f"Mark “{block.text}” up as a heading", Applicability.UNSAFE,
               (doc.edit(start, end, heading_line),))


def looks_like_heading(doc: Document, block: Prose) -> bool:
    if block.kind != "paragraph" or block.in_list or block.in_blockquote or not block.text:
        return False
    words = block.words
    if not 1 <= len(words) <= MAX_WORDS:  # the cheap test first: most paragraphs are longer
        return False
    first, last = doc.position(block.offsets[0])[0], doc.position(block.offsets[-1])[0]
    source = doc.line_text(first).strip()
    if first != last or source.startswith(("[", "<", "!", "|")):
        return False
    text = block.text.strip()
    bold = EMPHASIS.match(source)
    if bold is None and source != text:  # inline markup inside: links, code, partial emphasis
        return False
    return (
        furniture_line(text) is None  # left from a web page: to delete (HL801), not mark up
        and text[0].isupper()
        and not ENDS_WITH_PUNCTUATION.search(text)
        and not LEAD_IN_END.search(text)
    )


def is_running_text(block: Prose) -> bool:
    return block.kind == "paragraph" and len(block.words) >= MIN_NEXT_WORDS
