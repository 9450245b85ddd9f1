"""Structure (HL1xx): required sections, their order, empty sections, one title, heading levels.

The required sections come from the article's profile (front matter ``type:``, see
checks/data/profiles.toml), as the house style asks: a condition page has Overview, Symptoms,
Causes, Diagnosis, Treatment, When to see a doctor and Sources, in that order. Readers scan
health pages by their headings (the NHS digital service manual's content guidance asks for
headings that let people scan), so a predictable outline and working heading levels are part
of the content, not decoration: screen readers navigate by heading level (W3C WAI "Headings"
tutorial; WCAG technique G141), which is why a skipped level or an empty heading is reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from checks.config import Profile, RequiredSection, normalize
from checks.document import Document, Section
from checks.engine import Context, Option, check
from checks.findings import Finding, Severity, rule

MISSING_SECTION = rule(
    "HL101", "missing-section", Severity.ERROR,
    summary="A section that the article's type requires is missing.",
    what="Checks that every section of the article's profile (chosen by the front matter "
    "`type:`) is present as a heading of level 2 or deeper. Names match ignoring case and "
    "punctuation, and aliases count (`When to get medical help` for `When to see a doctor`). "
    "The finding is on the line where the section belongs and names its neighbours.",
    why="Readers look for the same things on every health page: what it is, the symptoms, "
    "what to do and when to get help. NHS and MedlinePlus condition pages follow a common "
    "outline for that reason; a page without 'When to see a doctor' leaves out the safety "
    "advice readers need most.",
    example="A condition article with `## Causes` followed directly by `## Treatment`.",
    instead="Add `## Diagnosis` after `## Causes`, or add an alias in the profile "
    "(`sections = [\"Diagnosis|Tests\", ...]`) if your house uses another name.",
)
SECTION_ORDER = rule(
    "HL102", "section-order", Severity.WARNING,
    summary="Required sections are not in the order the profile asks for.",
    what="When the profile is `ordered` (all built-in profiles except `default` are), finds the "
    "fewest required sections that are out of place and reports each one at its heading, "
    "naming the section it should follow.",
    why="A fixed order lets readers find a section without reading the whole page, and lets "
    "the NHS-style 'symptoms, causes, diagnosis, treatment' story build on itself.",
    example="`## Treatment` on line 20, `## Symptoms` on line 40.",
    instead="Move `## Symptoms` before `## Treatment`, or set `ordered = false` in the profile.",
)
EMPTY_SECTION = rule(
    "HL103", "empty-section", Severity.WARNING,
    summary="A heading has no content before the next heading of the same or higher level.",
    what="Reports a heading followed directly by another heading of the same or a higher "
    "level, or by the end of the article. A heading whose content is only subsections is not "
    "empty; an HTML comment alone is not content.",
    why="An empty heading is a promise the page does not keep. Screen reader users jump by "
    "headings (W3C WAI, 'Headings' tutorial) and land on nothing.",
    example="## Diagnosis\n## Treatment",
    instead="Write the section, or delete its heading until you do.",
)
MISSING_TITLE = rule(
    "HL104", "missing-title", Severity.ERROR,
    summary="The article has no title.",
    what="Reports an article with no level-1 heading and no `title:` in its front matter.",
    why="The title is the page's name in search results, browser tabs and the site index; "
    "without it the exporter cannot name the page.",
    example="An article that starts with `## Overview` and has no front matter title.",
    instead="Start the article with `# Asthma`, or add `title: Asthma` to the front matter.",
)
MULTIPLE_TITLES = rule(
    "HL105", "multiple-titles", Severity.ERROR,
    summary="The article has more than one level-1 heading.",
    what="Reports every level-1 heading after the first. The first H1 is the title (a front "
    "matter `title:` is the title only when there is no H1).",
    why="A page has one subject. Two H1 headings confuse the outline that screen readers and "
    "search engines build (W3C WAI 'Headings' tutorial), and usually mean a section was "
    "written with `#` instead of `##`.",
    example="# Asthma\n...\n# Treatment",
    instead="Make the second heading a section: `## Treatment`.",
)
SKIPPED_LEVEL = rule(
    "HL106", "skipped-heading-level", Severity.WARNING,
    summary="A heading skips a level (for example `##` followed by `####`).",
    what="Reports a heading more than one level deeper than the heading before it. The title "
    "counts as level 1, also when it comes from the front matter.",
    why="Assistive technology presents headings as a tree; a skipped level looks like a "
    "missing section (W3C WCAG technique G141, 'Organizing a page using headings').",
    example="## Treatment\n#### Inhalers",
    instead="## Treatment\n### Inhalers",
)
MISSING_TYPE = rule(
    "HL107", "missing-type", Severity.WARNING,
    summary="The front matter has no `type:`, or one that selects no profile.",
    what="Reports an article whose front matter `type:` is missing or names no profile. The "
    "article is then checked against the `default` profile (only a Sources section), and the "
    "message lists the valid types.",
    why="The type decides which sections the article must have and its reading level target; "
    "without it the structure check cannot tell a medicine leaflet from a condition page.",
    example="---\ntitle: Ibuprofen\n---",
    instead="---\ntitle: Ibuprofen\ntype: medication\n---",
)
DUPLICATE_HEADING = rule(
    "HL108", "duplicate-heading", Severity.WARNING,
    summary="Two headings say the same thing.",
    what="Reports a heading with the same text (ignoring case and punctuation) as an earlier "
    "one under the same parent, or two headings that satisfy the same required section "
    "(`## Sources` and `## References`). With `duplicates = \"document\"` any repeat in the "
    "article is reported.",
    why="Duplicate headings split one topic in two and give the table of contents two "
    "identical entries; readers cannot tell which one they need.",
    example="## Symptoms\n...\n## Symptoms",
    instead="Merge the two sections, or name each for what it covers: `## Symptoms in "
    "children`.",
)

STRUCTURE_CODES = ("HL101", "HL102", "HL103", "HL104", "HL105", "HL106", "HL107", "HL108")


@check("structure", section="structure", options={
    "duplicates": Option(str, "siblings", "which repeated headings HL108 reports: under the "
                         "same parent (siblings) or anywhere (document)",
                         ("siblings", "document")),
})
def check_structure(doc: Document, ctx: Context) -> Iterable[Finding]:
    """Run every structure rule that is enabled."""
    if not any(ctx.config.enabled(code) for code in STRUCTURE_CODES):
        return
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
            if index not in found and wanted.matches(section.title):
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
            if section.level >= 2 and wanted.matches(section.title):
                firsts.setdefault(normalize(section.title), section)
        ordered = sorted(firsts.values(), key=lambda s: s.line)
        for other in ordered[1:]:
            first = ordered[0]
            yield ctx.finding_at_line(
                DUPLICATE_HEADING, other.line,
                f"`{heading(other)}` and `{heading(first)}` "
                f"(line {first.line}) are both the `{wanted.name}` section; merge them",
            )
