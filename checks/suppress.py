"""Inline suppression comments.

    <!-- healthlint-disable HL401 cure-claim -- quoting the FDA letter -->
    ...
    <!-- healthlint-enable HL401 cure-claim -->
    <!-- healthlint-disable-next-line HL3 -->
    <!-- healthlint-disable-file unknown-word -->

Each takes codes, names or code prefixes (none means every rule), and an optional reason after
``--``. A suppression that suppresses nothing is reported (HL008), like ruff's unused-noqa, so
stale suppressions do not pile up and hide future problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from checks.document import Comment, Document
from checks.findings import Finding, Severity, resolve_selector, rule

DIRECTIVE_RE = re.compile(
    r"^\s*healthlint-(disable-next-line|disable-file|disable|enable)\b(.*?)\s*$", re.DOTALL
)

UNUSED = rule(
    "HL008", "unused-suppression", Severity.SUGGESTION,
    summary="A suppression comment suppresses nothing.",
    what="Reports a healthlint-disable comment (or one of its codes) under which no finding "
    "was suppressed.",
    why="Stale suppressions hide the next real problem in that place; ruff's unused-noqa and "
    "ESLint's --report-unused-disable-directives exist for the same reason.",
    example="<!-- healthlint-disable-next-line cure-claim -->\nAsthma can be controlled.",
    instead="Delete the comment, or narrow it to the rule that still fires.",
)
INVALID = rule(
    "HL009", "invalid-suppression", Severity.WARNING,
    summary="A suppression comment names a rule that does not exist.",
    what="Reports codes, names or prefixes in a healthlint comment that match no rule, and "
    "enable comments with no matching disable.",
    why="A typo in a suppression silently suppresses nothing, or everything.",
    example="<!-- healthlint-disable cure-claims -->",
    instead="Use a code (HL501), a name (cure-claim) or a prefix (HL5); `healthlint rules` "
    "lists them.",
)


@dataclass
class Directive:
    kind: str
    selectors: tuple[str, ...]
    comment: Comment
    first_line: int = 0
    last_line: int = 0
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> str | None:
        """The selector that suppresses ``finding`` here, or None."""
        if not self.first_line <= finding.line <= self.last_line:
            return None
        if not self.selectors:
            return "*"
        for selector in self.selectors:
            sel = selector.upper()
            if sel == finding.code or selector.lower() == finding.name:
                return selector
            if re.fullmatch(r"HL\d{0,3}", sel) and finding.code.startswith(sel):
                return selector
        return None


def parse_directives(doc: Document) -> tuple[list[Directive], list[Finding]]:
    directives: list[Directive] = []
    problems: list[Finding] = []
    open_regions: list[Directive] = []
    last_line = doc.line_count
    for comment in doc.comments:
        match = DIRECTIVE_RE.match(comment.text)
        if not match:
            continue
        kind, rest = match.group(1), match.group(2)
        rest = rest.split("--", 1)[0]
        selectors = tuple(s for s in re.split(r"[\s,]+", rest) if s)
        for selector in selectors:
            if not resolve_selector(selector):
                problems.append(doc.finding(INVALID, comment.start, comment.end,
                                f"unknown rule {selector!r} in suppression comment"))
        end_line, _ = doc.position(comment.end)
        if kind == "enable":
            matched = False
            for region in reversed(open_regions):
                if not selectors or set(region.selectors) & set(selectors) or not region.selectors:
                    region.last_line = comment.line
                    open_regions.remove(region)
                    matched = True
                    if selectors and region.selectors:
                        break
            if not matched:
                problems.append(doc.finding(INVALID, comment.start, comment.end,
                                "healthlint-enable with no matching healthlint-disable"))
            continue
        directive = Directive(kind, selectors, comment)
        if kind == "disable-file":
            directive.first_line, directive.last_line = 1, last_line
        elif kind == "disable-next-line":
            target = end_line + 1
            while target <= last_line and not doc.line_text(target).strip():
                target += 1
            directive.first_line = directive.last_line = target
        else:
            directive.first_line, directive.last_line = comment.line, last_line
            open_regions.append(directive)
        directives.append(directive)
    return directives, problems


def apply_suppressions(
    doc: Document, findings: Iterable[Finding], report_unused: bool
) -> list[Finding]:
    """Drop suppressed findings; add findings for invalid and unused suppressions."""
    directives, problems = parse_directives(doc)
    kept: list[Finding] = []
    for finding in findings:
        suppressed = False
        for directive in directives:
            selector = directive.covers(finding)
            if selector is not None:
                directive.used.add(selector)
                suppressed = True
        if not suppressed:
            kept.append(finding)
    if report_unused:
        for directive in directives:
            wanted = set(directive.selectors) or {"*"}
            unused = sorted(wanted - directive.used)
            if not unused:
                continue
            what = "" if unused == ["*"] else " " + ", ".join(unused)
            kept.append(doc.finding(UNUSED, directive.comment.start, directive.comment.end,
                                    f"healthlint-{directive.kind}{what} suppresses nothing; "
                                    "remove it"))
    return kept + problems
