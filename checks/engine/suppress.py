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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from healthlint.core.families import declared
from healthlint.core.findings import REGISTRY, Applicability, Finding, Fix, resolve_selector
from healthlint.parse.document import Comment, Document

DIRECTIVE_RE = re.compile(
    r"^\s*healthlint-(disable-next-line|disable-file|disable|enable)(?=\s|$)(.*?)\s*$",
    re.DOTALL,
)
ANY_DIRECTIVE_RE = re.compile(r"^\s*healthlint-(\S*)")

UNUSED = declared("HL008")
INVALID = declared("HL009")


def rule_codes(selector: str) -> frozenset[str]:
    """Codes of the rules a selector (code, name or prefix) names."""
    return frozenset(r.code for r in resolve_selector(selector))


@dataclass
class Directive:
    kind: str
    selectors: tuple[str, ...]
    comment: Comment
    first_line: int = 0
    last_line: int = 0
    used: set[str] = field(default_factory=set)
    # code -> the last line a later healthlint-enable for that rule left it suppressed
    released: dict[str, int] = field(default_factory=dict)
    by_selector: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.by_selector = {s: rule_codes(s) for s in self.selectors}

    @property
    def codes(self) -> frozenset[str] | None:
        """The rules this directive suppresses; None for every rule."""
        if not self.selectors:
            return None
        return frozenset().union(*self.by_selector.values())

    def covers(self, finding: Finding) -> str | None:
        """The selector that suppresses ``finding`` here, or None."""
        if not self.first_line <= finding.line <= self.last_line:
            return None
        until = self.released.get(finding.code)
        if until is not None and finding.line > until:
            return None
        if not self.selectors:
            return "*"
        for selector, codes in self.by_selector.items():
            if finding.code in codes:
                return selector
        return None


def has_directives(doc: Document) -> bool:
    """Whether any comment of ``doc`` is a suppression (valid or not): without one, no
    finding is suppressed and none is reported unused, whatever the checks find."""
    return any(DIRECTIVE_RE.match(comment.text) for comment in doc.comments)


def parse_directives(doc: Document) -> tuple[list[Directive], list[Finding]]:
    directives: list[Directive] = []
    problems: list[Finding] = []
    open_regions: list[Directive] = []
    last_line = doc.line_count
    for comment in doc.comments:
        match = DIRECTIVE_RE.match(comment.text)
        if not match:
            unknown = ANY_DIRECTIVE_RE.match(comment.text)
            if unknown:
                problems.append(doc.finding(
                    INVALID, comment.start, comment.end,
                    f"unknown suppression comment 'healthlint-{unknown.group(1)}': use "
                    "healthlint-disable-next-line, healthlint-disable ... healthlint-enable, or "
                    "healthlint-disable-file; it suppresses nothing"))
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
            wanted = set().union(*(rule_codes(s) for s in selectors))
            if selectors and not wanted:
                continue  # only unknown rules: reported above
            if not _enable(open_regions, wanted if selectors else None, comment.line):
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


def _enable(open_regions: list[Directive], wanted: set[str] | None, line: int) -> bool:
    """Apply a healthlint-enable at ``line`` to the open disable regions; False if it matched
    none. Without rules it ends every region. With rules, each rule is enabled again in the
    innermost region that disables it (a wider region, such as ``disable HL4`` or a bare
    ``disable``, goes on for its other rules); a region whose every rule is enabled ends."""
    if wanted is None:
        for region in open_regions:
            region.last_line = line
        matched = bool(open_regions)
        open_regions.clear()
        return matched
    matched = False
    for region in reversed(list(open_regions)):
        codes = region.codes
        hit = (set(wanted) if codes is None else wanted & codes) - set(region.released)
        if not hit:
            continue
        matched = True
        for code in hit:
            region.released[code] = line
        wanted -= hit
        if codes is not None and codes <= set(region.released):
            region.last_line = line
            open_regions.remove(region)
        if not wanted:
            break
    return matched


def removal_fix(doc: Document, directive: Directive,
                enabled: Callable[[str], bool] | None) -> Fix | None:
    """A safe fix deleting a suppression comment that suppresses nothing: only when every
    rule it names ran (with a rule left out by the config it may be needed on another run),
    and not a ``disable`` region that a ``healthlint-enable`` closes (the enable would be left
    with nothing to close). A comment alone on its lines goes with its line break."""
    codes = directive.codes
    if enabled is None or not all(enabled(code) for code in
                                  (REGISTRY if codes is None else codes)):
        return None
    if directive.kind == "disable" and (directive.released or
                                        directive.last_line != doc.line_count):
        return None
    start, end = directive.comment.start, directive.comment.end
    # the lines it is on, by bisection (a search would read a long line once a comment)
    line_start = doc.line_starts[doc.position(start)[0] - 1]
    after = doc.position(end)[0]
    line_end = doc.line_starts[after] - 1 if after < len(doc.line_starts) else len(doc.text)
    if doc.text[line_start:start].strip() or doc.text[end:line_end].strip():
        if doc.text[start - 1:start] == " ":  # inside a line: the comment and a space before
            start -= 1
    else:
        start, end = line_start, min(line_end + 1, len(doc.text))
    return Fix("Remove the unused suppression comment", Applicability.SAFE,
               (doc.edit(start, end, ""),))


def apply_suppressions(
    doc: Document, findings: Iterable[Finding], report_unused: bool,
    enabled: Callable[[str], bool] | None = None,
) -> list[Finding]:
    """Drop suppressed findings; add findings for invalid and unused suppressions (with a fix
    removing a comment none of whose rules was needed, when ``enabled`` says which ran)."""
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
            fix = removal_fix(doc, directive, enabled) if not directive.used else None
            kept.append(doc.finding(UNUSED, directive.comment.start, directive.comment.end,
                                    f"healthlint-{directive.kind}{what} suppresses nothing; "
                                    "remove it", fix=fix))
    return kept + problems
