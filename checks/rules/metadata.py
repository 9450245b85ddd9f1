"""Metadata (HL6xx): who wrote and reviewed an article, when, and on what sources.

Readers judge health information by its attribution and its age. NHS England's Standard for
Creating Health Content (which replaced The Information Standard) asks for clinical review and
approval, a planned review cycle, the date content was last checked, and a record of the
evidence used. HONcode principle 4 (Attribution) asked sites to cite their sources and date
their health pages. NIH's National Library of Medicine (MedlinePlus, "Evaluating Internet Health
Information") tells readers to check who wrote and reviewed a page, when it was last updated,
and where its information comes from. These rules check that an article carries all of that in
its front matter and its Sources section.

Front matter dates stay strings (the Document's loader drops PyYAML's timestamp resolver), so a
date such as ``2026-13-45`` is reported here at its line instead of crashing the load.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from healthlint.core.families import declared, family_codes
from healthlint.core.findings import Applicability, Finding, Fix
from healthlint.engine.checks import Context, check
from healthlint.parse.document import (
    BAD_FRONT_MATTER,
    FRONT_MATTER_ALIAS,
    FRONT_MATTER_NOT_MAPPING,
    Document,
    Link,
    Section,
)
from healthlint.text.phrases import normalize

NHS_STANDARD = ("NHS England's Standard for Creating Health Content (which replaced The "
                "Information Standard)")
HONCODE = "HONcode principle 4, Attribution (Health On the Net Foundation, 1996-2022)"
NLM_GUIDE = "the National Library of Medicine's MedlinePlus guide to evaluating health information"

MISSING_FIELD = declared("HL601")
INVALID_DATE = declared("HL602")
FUTURE_REVIEW = declared("HL603")
REVIEW_OVERDUE = declared("HL604")
TOO_FEW_SOURCES = declared("HL605")
SOURCE_NOT_WEB = declared("HL606")
DESCRIPTION_LENGTH = declared("HL607")
TITLE_MISMATCH = declared("HL608")

RULES = (MISSING_FIELD, INVALID_DATE, FUTURE_REVIEW, REVIEW_OVERDUE, TOO_FEW_SOURCES,
         SOURCE_NOT_WEB, DESCRIPTION_LENGTH, TITLE_MISMATCH)
FRONT_MATTER_PROBLEMS = {BAD_FRONT_MATTER.code, FRONT_MATTER_NOT_MAPPING.code,
                         FRONT_MATTER_ALIAS.code}
TYPE_FIELD = "type"  # reported by HL107 (sections.py), never here
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # not locale-dependent
ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# a date written year first with one or two digits for month and day, one separator throughout:
# only one date it can be (day-first and month-first forms are not: 03/05 is two dates)
YEAR_FIRST_RE = re.compile(r"(['\"]?)([0-9]{4})([-/.])([0-9]{1,2})\3([0-9]{1,2})\1")
WEB_SCHEMES = ("http", "https")

FIELD_HINTS = {
    "title": "the article's title, the same as its H1",
    "description": "one or two plain sentences saying what the article covers",
    "author": "who wrote the article",
    "reviewer": "the clinician who checked it, with their role",
    "last_reviewed": "the date of the last clinical review, as YYYY-MM-DD",
}


@dataclass(frozen=True)
class FootnoteDefinition:
    """A footnote definition rendered on the page; lines are 1-based, inclusive (0 if unknown)."""

    label: str | None
    first_line: int
    last_line: int

    def holds(self, line: int) -> bool:
        return self.first_line <= line <= self.last_line


def is_empty(value: Any) -> bool:
    """Empty values count as missing: null, blank text, and empty lists or tables."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict, tuple, set)):
        return not value
    return False


def not_text(value: Any) -> str | None:
    """What a front matter value is when it is not text (a string, a number, or a list of
    them, as several authors), or None."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list) and not all(isinstance(v, (str, int, float)) and
                                           not isinstance(v, bool) for v in value):
        return "a list of more than text"
    return None


def date_problem(value: Any) -> str | None:
    """Why ``value`` is not a YYYY-MM-DD calendar date, or None when it is one."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return f"is a {type(value).__name__}, not a date"
    text = str(value).strip()
    match = ISO_DATE_RE.fullmatch(text)
    if match is None:
        if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]", text):
            return f"{text!r} has a time in it; write the date alone"
        return f"{text!r} is not written as YYYY-MM-DD"
    year, month, day = (int(g) for g in match.groups())
    if year < 1:
        return f"{text!r} is not a real date: there is no year 0"
    if not 1 <= month <= 12:
        return f"{text!r} is not a real date: there is no month {month}"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"{text!r} is not a real date: {MONTHS[month - 1]} {year} has {last} days"
    return None


def iso_date_fix(doc: Document, start: int, end: int) -> Fix | None:
    """A safe fix for a real date written year first but not as YYYY-MM-DD ("2024-3-5",
    "2024/03/05" -> "2024-03-05"); None for any other problem (quotes are kept)."""
    match = YEAR_FIRST_RE.fullmatch(doc.text, start, end)
    if match is None:
        return None
    iso = f"{match[2]}-{int(match[4]):02d}-{int(match[5]):02d}"
    if date_problem(iso) is not None:
        return None  # not a real date: only the writer knows which one was meant
    a, b = match.span(2)[0], match.span(5)[1]
    return Fix(f"Write the date as {iso}", Applicability.SAFE, (doc.edit(a, b, iso),))


def parse_date(value: Any) -> dt.date | None:
    """The date in ``value`` when it is a valid YYYY-MM-DD date, else None."""
    if date_problem(value) is not None:
        return None
    year, month, day = str(value).strip().split("-")
    return dt.date(int(year), int(month), int(day))


def footnote_definitions(doc: Document) -> list[FootnoteDefinition]:
    """Footnote definitions the page renders (referenced ones), with their source lines.

    Read from the token stream the Document already holds: markdown-it's footnote plugin moves
    each referenced definition into a ``footnote_open``/``footnote_close`` pair at the end, and
    the blocks inside keep their source line maps. Unreferenced definitions are not rendered
    and so are not sources.
    """
    found: list[FootnoteDefinition] = []
    label: str | None = None
    lines: list[int] = []
    inside = False
    for token in doc.tokens:
        if token.type == "footnote_open":
            inside, lines = True, []
            label = token.meta.get("label") if token.meta else None
        elif token.type == "footnote_close" and inside:
            inside = False
            first = min(lines) + 1 if lines else 0
            last = max(lines) if lines else 0
            found.append(FootnoteDefinition(label, first, last))
        elif inside and token.map:
            lines.extend(token.map)
    return found


def source_sections(doc: Document, headings: Iterable[str]) -> list[Section]:
    """Sections titled like one of ``headings`` (Sources, References), outermost only."""
    wanted = {normalize(h) for h in headings}
    found: list[Section] = []
    for section in doc.sections:
        if normalize(section.title) not in wanted:
            continue
        if any(section.line <= outer.end_line and section.line > outer.line for outer in found):
            continue  # a "References" inside "Sources" is already covered
        found.append(section)
    return found


def is_web_url(href: str) -> bool:
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def value_span(doc: Document, line: int, key: str) -> tuple[int, int]:
    """Source offsets of the value after ``key:`` on ``line`` (the whole line if not found)."""
    start, end = doc.line_span(line)
    text = doc.text[start:end]
    match = re.match(r"\s*(['\"]?)" + re.escape(key) + r"\1\s*:[ \t]*", text)
    if match is None:
        return start, end
    value = text[match.end():]
    value = re.sub(r"\s+#.*$", "", value).rstrip()
    if not value:
        return start, end
    return start + match.end(), start + match.end() + len(value)


def href_span(doc: Document, link: Link) -> tuple[int, int]:
    """Source offsets of a link's target on its line (the whole line if not found there)."""
    start, end = doc.line_span(link.line)
    pos = doc.text.find(link.href, start, end) if link.href else -1
    if pos < 0:
        return start, end
    return pos, pos + len(link.href)


def validate_options(options: dict[str, Any]) -> None:
    """A config error (exit 2) for description bounds the wrong way round."""
    if options["description-min"] > options["description-max"]:
        raise ValueError(f"metadata: description-min ({options['description-min']}) is larger "
                         f"than description-max ({options['description-max']})")


@check("metadata", rules=family_codes("HL6"), section="metadata",
       validate=validate_options, fixes=(Applicability.SAFE,))
def check_metadata(doc: Document, ctx: Context) -> Iterator[Finding]:
    opts = ctx.options("metadata")
    if not any(p.code in FRONT_MATTER_PROBLEMS for p in doc.problems):
        yield from check_fields(doc, ctx)
        yield from check_dates(doc, ctx, opts["date-fields"])
        yield from check_description(doc, ctx, opts["description-min"], opts["description-max"])
        yield from check_title(doc, ctx)
    yield from check_sources(doc, ctx, opts["source-headings"])


def missing_front_matter(ctx: Context, fields: list[str]) -> Finding:
    """The one finding for an article without front matter: every field it needs, the
    `type:` among them (HL107 stays quiet then), with the values a type may take."""
    wanted = list(fields)
    if TYPE_FIELD in ctx.profile.required_fields:
        types = [name for name in ctx.config.profiles if name != "default"]
        wanted.insert(min(2, len(wanted)), f"{TYPE_FIELD} (one of: {', '.join(types)})")
    lines = ", ".join(f"`{field.split()[0]}: ...`" for field in wanted)
    return ctx.finding_at_line(
        MISSING_FIELD, 1,
        f"no front matter: add a `---` block at the top with {', '.join(wanted)}",
        suggestion=f"start the file with a `---` line, then {lines} (one a line), and a "
        "closing `---` line")


def check_fields(doc: Document, ctx: Context) -> Iterator[Finding]:
    fields = [f for f in ctx.profile.required_fields if f != TYPE_FIELD]
    if not fields:
        return
    if not doc.has_front_matter:
        yield missing_front_matter(ctx, fields)
        return
    absent: list[str] = []
    dates = set(ctx.options("metadata")["date-fields"])  # HL602 says what is wrong with those
    for field in fields:
        value = doc.front_matter.get(field)
        kind = not_text(value)
        if kind is not None and field not in dates and field in doc.front_matter_lines:
            yield ctx.finding_at_line(
                MISSING_FIELD, doc.front_matter_lines[field],
                f"required front matter field `{field}` is {kind}, not text: the page would "
                "show nothing for it",
                suggestion=f"{field}: {field_hint(doc, field)}")
            continue
        if not is_empty(value):
            continue
        if field not in doc.front_matter or field not in doc.front_matter_lines:
            absent.append(field)
            continue
        yield ctx.finding_at_line(
            MISSING_FIELD, doc.front_matter_lines[field],
            f"required front matter field `{field}` is empty",
            suggestion=f"{field}: {field_hint(doc, field)}")
    if absent:
        names = ", ".join(f"`{f}`" for f in absent)
        lines = "; ".join(f"`{f}: {field_hint(doc, f)}`" for f in absent)
        yield ctx.finding_at_line(
            MISSING_FIELD, 1,
            f"required front matter field{'s' if len(absent) > 1 else ''} {names} "
            f"{'are' if len(absent) > 1 else 'is'} missing",
            suggestion=f"add {lines} to the front matter")


def field_hint(doc: Document, field: str) -> str:
    """What to write for a missing field: the H1 for a title, else a description of it."""
    if field == "title" and doc.title:
        return doc.title
    return FIELD_HINTS.get(field, "a value")


def check_dates(doc: Document, ctx: Context, date_fields: list[str]) -> Iterator[Finding]:
    required = set(ctx.profile.required_fields)
    dates: dict[str, dt.date] = {}
    for field in date_fields:
        if field not in doc.front_matter:
            continue
        value = doc.front_matter[field]
        line = doc.front_matter_lines.get(field, 1)
        if is_empty(value):
            if field not in required:  # a required empty field is HL601's
                yield ctx.finding_at_line(INVALID_DATE, line, f"`{field}` is empty",
                                          suggestion=f"give a date as YYYY-MM-DD or remove "
                                          f"`{field}`")
            continue
        problem = date_problem(value)
        if problem is not None:
            start, end = value_span(doc, line, field)
            yield ctx.finding(INVALID_DATE, start, end, f"`{field}`: {problem}",
                              suggestion=f"write {field} as YYYY-MM-DD: year, month, day",
                              fix=iso_date_fix(doc, start, end))
            continue
        parsed = parse_date(value)
        if parsed is not None:
            dates[field] = parsed
    yield from check_review(doc, ctx, dates)


def check_review(doc: Document, ctx: Context, dates: dict[str, dt.date]) -> Iterator[Finding]:
    reviewed = dates.get("last_reviewed")
    if reviewed is None:
        return
    line = doc.front_matter_lines.get("last_reviewed", 1)
    span = value_span(doc, line, "last_reviewed")
    today = ctx.today
    if reviewed > today:
        yield ctx.finding(FUTURE_REVIEW, *span,
                          f"last_reviewed {reviewed.isoformat()} is in the future (today is "
                          f"{today.isoformat()})",
                          suggestion="give the date the review actually took place")
        return
    days = ctx.profile.review_days
    due = reviewed + dt.timedelta(days=min(days, (dt.date.max - reviewed).days))  # no overflow
    why = f"last reviewed {reviewed.isoformat()}, review every {days} days"
    planned = dates.get("next_review")
    if planned is not None and planned < due:
        due = planned
        why = f"next_review is {planned.isoformat()}"
        line = doc.front_matter_lines.get("next_review", line)
        span = value_span(doc, line, "next_review")
    if today > due:
        late = (today - due).days
        yield ctx.finding(REVIEW_OVERDUE, *span,
                          f"review overdue: it was due by {due.isoformat()} ({why}); "
                          f"{late} day{'s' if late != 1 else ''} late",
                          suggestion="have the article reviewed again, then update last_reviewed")


def check_description(doc: Document, ctx: Context, low: int, high: int) -> Iterator[Finding]:
    value = doc.front_matter.get("description")
    if not isinstance(value, str) or not value.strip():
        return
    length = len(" ".join(value.split()))
    line = doc.front_matter_lines.get("description", 1)
    if length < low:
        yield ctx.finding(DESCRIPTION_LENGTH, *value_span(doc, line, "description"),
                          f"description is {length} characters; search results show about "
                          f"{low}-{high}",
                          suggestion="say what the article covers in one or two sentences")
    elif length > high:
        yield ctx.finding(DESCRIPTION_LENGTH, *value_span(doc, line, "description"),
                          f"description is {length} characters; search results cut it after "
                          f"about {high}", suggestion="shorten it to the main point")


def check_title(doc: Document, ctx: Context) -> Iterator[Finding]:
    value = doc.front_matter.get("title")
    h1 = next((s for s in doc.sections if s.level == 1), None)
    if h1 is None or is_empty(value) or not isinstance(value, (str, int, float)):
        return
    if normalize(str(value)) == normalize(h1.title):
        return
    line = doc.front_matter_lines.get("title", 1)
    yield ctx.finding(TITLE_MISMATCH, *value_span(doc, line, "title"),
                      f"front matter title {str(value).strip()!r} differs from the H1 "
                      f"{h1.title!r} on line {h1.line}",
                      suggestion="use the same title in both places")


# a web address written as text: not a link's target (`](`), an autolink (`<`), a link's
# text (`[`) or an attribute (`="`)
PLAIN_URL_RE = re.compile(r"(?<![(<\[\"'=/\w`])https?://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?]")


def plain_urls(doc: Document, sections: Iterable[Section]) -> list[tuple[int, str]]:
    """(line, address) of each web address written as plain text in the Sources sections."""
    found = []
    for section in sections:
        for line in range(section.line + 1, section.end_line + 1):
            start, end = doc.line_span(line)
            found.extend((line, m.group()) for m in PLAIN_URL_RE.finditer(doc.text, start, end))
    return found


def check_sources(doc: Document, ctx: Context, headings: list[str]) -> Iterator[Finding]:
    sections = source_sections(doc, headings)
    notes = footnote_definitions(doc)
    in_sources = [
        link for link in doc.links
        if any(s.line <= link.line <= s.end_line for s in sections)
    ]
    in_notes = [link for link in doc.links if any(n.holds(link.line) for n in notes)]
    for link in sorted({id(x): x for x in [*in_sources, *in_notes]}.values(),
                       key=lambda x: (x.line, x.href)):
        if not is_web_url(link.href):
            yield ctx.finding(SOURCE_NOT_WEB, *href_span(doc, link),
                              f"source link {link.href!r} is not an http(s) address",
                              suggestion="link to the source's public web page, https://...")
    wanted = ctx.profile.min_sources
    if wanted <= 0:
        return
    web = {link.href.strip() for link in in_sources
           if is_web_url(link.href) and not any(n.holds(link.line) for n in notes)}
    count = len(web) + len(notes)
    if count >= wanted:
        return
    example = "- [Asthma, NHS](https://www.nhs.uk/conditions/asthma/)"
    if sections:
        first = sections[0]
        plain = plain_urls(doc, sections)
        if plain:  # issue 11: "Sources has 0 sources" under a list of plain addresses
            line, url = plain[0]
            where = f"line {line}" if len(plain) == 1 else \
                f"lines {', '.join(str(n) for n, _ in plain)}"
            yield ctx.finding_at_line(
                TOO_FEW_SOURCES, first.line,
                f"{first.title} has {count} source{'s' if count != 1 else ''} (web links or "
                f"footnotes); the {ctx.profile.name} profile needs at least {wanted}: {where} "
                f"{'is a plain address' if len(plain) == 1 else 'are plain addresses'}, not "
                f"{'a link: write it' if len(plain) == 1 else 'links: write each'} as a link "
                "with the page's title",
                suggestion=f"- [Title of the page, Publisher]({url})")
            return
        yield ctx.finding_at_line(
            TOO_FEW_SOURCES, first.line,
            f"{first.title} has {count} source{'s' if count != 1 else ''} (web links or "
            f"footnotes); the {ctx.profile.name} profile needs at least {wanted}",
            suggestion=f"add links to the pages you used, e.g. `{example}`")
        return
    if any(any(r.matches(h) for h in headings) for r in ctx.profile.sections):
        return  # the structure rules report the missing required section
    yield ctx.finding_at_line(
        TOO_FEW_SOURCES, doc.title_line if doc.title else 1,
        f"no {' or '.join(headings)} section and {count} footnote"
        f"{'s' if count != 1 else ''}; the {ctx.profile.name} profile needs at least {wanted} "
        "sources",
        suggestion=f"add `## Sources` with links, e.g. `{example}`")
