"""``--format html``: one self-contained page a person would rather look at.

The page has the totals per rule family and severity, an inline SVG chart of every article's
reading level against its profile's target, each article's findings with the source lines
around them and the span highlighted, filters by severity and family, and every rule's
``explain`` text, linked from its code. It makes no request: the CSS and the script are inline,
and its Content-Security-Policy allows those two blocks (by their hashes) and nothing else, so
even a mistake in escaping could not run an article's script. Everything that comes from an
article or a file name goes through Jinja2's autoescaping.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from healthlint import __version__
from healthlint.commands.report.fingerprints import NOT_READ, read_lines
from healthlint.commands.report.text import printable, shown_name, summary_line
from healthlint.config import Config
from healthlint.core.findings import FAMILIES, REGISTRY, Finding, Severity
from healthlint.engine.checks import context_for, load_checks
from healthlint.engine.runner import FileResult
from healthlint.parse.document import read_document
from healthlint.rules.readability import (
    METRIC_NAMES,
    READING_EASE,
    measure_sentence,
    prose_blocks,
    resolve_target,
    score,
    too_hard,
    total,
)

TEMPLATES = Path(__file__).parent / "templates"
CONTEXT_LINES = 2
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.SUGGESTION)
CHART_WIDTH, LABEL_ROW, BAR_ROW = 800, 18, 22


@dataclass(frozen=True)
class Level:
    """An article's reading level: the profile's metric, its value and the target."""

    metric: str
    value: float
    target: float

    @property
    def name(self) -> str:
        return METRIC_NAMES[self.metric]

    @property
    def ease(self) -> bool:
        """Flesch reading ease: higher is easier, and the target is a minimum."""
        return self.metric == READING_EASE

    @property
    def too_hard(self) -> bool:
        return too_hard(self.metric, self.value, self.target)


@dataclass(frozen=True)
class SourceLine:
    number: int
    before: str
    marked: str
    after: str
    hit: bool


@dataclass(frozen=True)
class Shown:
    finding: Finding
    family: str
    lines: list[SourceLine]


@dataclass(frozen=True)
class Article:
    path: str
    anchor: str
    level: Level | None
    findings: list[Shown]


def reading_level(path: str, config: Config, today: dt.date | None) -> Level | None:
    """The article's score on its profile's metric, as the readability rules compute it;
    None when it cannot be read or has too few words to score."""
    doc, _ = read_document(Path(path), path, config.max_file_size)
    if doc is None:
        return None
    ctx = context_for(config, doc, today, {})
    opts = ctx.options("readability")
    target = resolve_target(ctx.profile, opts)
    counts = total(measure_sentence(sentence).counts
                   for block in prose_blocks(doc, opts["exclude-sections"])
                   for sentence in block.sentences)
    value = score(target.metric, counts)
    if value is None or counts.words < int(opts["min-words"]):
        return None
    return Level(target.metric, round(value, 1), target.value)


def source_lines(lines: Sequence[str] | None, finding: Finding) -> list[SourceLine]:
    """The finding's lines and CONTEXT_LINES either side, its span marked."""
    if not lines or not 1 <= finding.line <= finding.end_line <= len(lines):
        return []
    first = max(1, finding.line - CONTEXT_LINES)
    last = min(len(lines), finding.end_line + CONTEXT_LINES)
    shown = []
    for number in range(first, last + 1):
        text = lines[number - 1].replace("\x00", "\ufffd")
        hit = finding.line <= number <= finding.end_line
        start = finding.column - 1 if number == finding.line else 0
        end = finding.end_column - 1 if number == finding.end_line else len(text)
        if not hit or end <= start:
            shown.append(SourceLine(number, printable(text), "", "", hit))
        else:
            shown.append(SourceLine(number, printable(text[:start]),
                                    printable(text[start:end]), printable(text[end:]), hit))
    return shown


def level_or_none(path: str, config: Config, today: dt.date | None) -> Level | None:
    """The reading level, or None when it cannot be computed: the readability check has
    already reported any failure of its own on the file (HL010), and the chart row says
    "not scored"; the report is written either way."""
    try:
        return reading_level(path, config, today)
    except Exception:  # noqa: BLE001 - the row shows "not scored"
        return None


def articles(results: Sequence[FileResult], config: Config,
             today: dt.date | None) -> list[Article]:
    out = []
    for index, result in enumerate(results):
        codes = {f.code for f in result.findings}
        readable = not codes & NOT_READ
        lines = read_lines(result.path) if readable and result.findings else None
        level = level_or_none(result.path, config, today) if readable else None
        shown = [Shown(f, FAMILIES.get(f.code[:3], "other"), source_lines(lines, f))
                 for f in result.findings]
        out.append(Article(shown_name(result.path), f"article-{index + 1}", level, shown))
    return out


def chart(items: Sequence[Article]) -> dict[str, object]:
    """Geometry of the reading-level chart: one labelled bar per article, the target as a
    tick across it (an article too short to score, or not read, has a row saying so); the
    scale fits the largest value and target."""
    levels = [a.level for a in items if a.level is not None]
    top = max([20.0, *(max(level.value, level.target) for level in levels)])
    scale = (CHART_WIDTH - 90) / top
    rows = []
    for row, article in enumerate(items):
        y = row * (LABEL_ROW + BAR_ROW)
        level = article.level
        width = max(level.value, 0) * scale if level else 0.0
        target_x = level.target * scale if level else 0.0
        rows.append({"article": article, "level": level, "y": y, "bar_y": y + LABEL_ROW,
                     "width": width, "target_x": target_x,
                     "text_x": max(width, target_x) + 8})  # clear of the bar and the tick
    return {"rows": rows, "scored": len(levels), "width": CHART_WIDTH,
            "height": max(len(rows), 1) * (LABEL_ROW + BAR_ROW), "bar_height": BAR_ROW - 6}


def totals(counts: Counter[tuple[str, Severity]], families: Sequence[str]
           ) -> list[dict[str, object]]:
    """One row per family, then one for all: the counts per severity, most severe first."""
    rows: list[dict[str, object]] = [
        {"name": family, "all": False, "counts": [counts[family, s] for s in SEVERITIES]}
        for family in families]
    rows.append({"name": "all families", "all": True,
                 "counts": [sum(counts[family, s] for family in families) for s in SEVERITIES]})
    return rows


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def render_html(results: Sequence[FileResult], config: Config,
                today: dt.date | None = None) -> str:
    load_checks()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    css = (TEMPLATES / "report.css").read_text("utf-8")
    script = (TEMPLATES / "report.js").read_text("utf-8")
    items = articles(results, config, today)
    findings = [f for r in results for f in r.findings]
    counts = Counter((FAMILIES.get(f.code[:3], "other"), f.severity) for f in findings)
    families = sorted({family for family, _ in counts})
    used = sorted({f.code for f in findings})
    rules = [REGISTRY[code] for code in used if code in REGISTRY]
    return env.get_template("report.html").render(
        version=__version__, summary=summary_line(results), articles=items,
        with_findings=[a for a in items if a.findings], families=families,
        severities=[str(s) for s in SEVERITIES], totals=totals(counts, families),
        total=len(findings), rules=rules, chart=chart(items),
        css=Markup(css), script=Markup(script),
        csp=f"default-src 'none'; style-src '{csp_hash(css)}'; "
            f"script-src '{csp_hash(script)}'; base-uri 'none'; form-action 'none'")


def html_reporter(config: Config, today: dt.date | None
                  ) -> Callable[[Sequence[FileResult], bool], str]:
    """A reporter ``(results, color) -> str`` for the run's config and date."""
    def reporter(results: Sequence[FileResult], color: bool = False) -> str:
        return render_html(results, config, today)
    return reporter
