"""What no fix may change, and the fixes that are offered at all.

A dose ("500 mg") and the sentence of any claim are never edited by a fix: a claim has to be
rewritten by its writer, and a dose changed by a spelling fix could hurt someone. A fix whose
edits fall on either is not offered (the finding keeps its suggestion, without a fix), so what
a report marks as fixable is exactly what ``--fix`` applies. :mod:`healthlint.engine.fixes`
checks the same spans again when it applies edits.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from healthlint.config import Config
from healthlint.core.findings import Edit, Finding
from healthlint.engine.checks import context_for, load_checks
from healthlint.parse.document import Document

CLAIMS = "HL5"  # the claims family: no fix is applied over what it reports
# A dose, an amount or a measurement: a number (a range, a decimal) and its unit. No fix is
# applied over one: "500 mg" stays as written, whatever is fixed beside it. The first digit is
# matched before the look-behind that no word character or "." stands before it (the same
# matches as a look-behind first, found without testing it at every position of the text).
DOSE_RE = re.compile(
    r"\d(?<![\w.]\d)\d*(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?\s*"
    r"(?:mg|mcg|µg|μg|ug|g|kg|ml|l|dl|iu|units?|mmol|mmhg|%|micrograms?|milligrams?|grams?|"
    r"millilit(?:re|er)s?|lit(?:re|er)s?|tablets?|capsules?|pills?|puffs?|drops?|sprays?|"
    r"teaspoons?|tablespoons?|tsp|tbsp|sachets?|doses?|injections?|patch(?:es)?)"
    r"(?:\s*/\s*(?:day|kg|dl|l|ml|hour|h|week|m2))?(?!\w)", re.IGNORECASE)


def claim_spans(doc: Document, config: Config, today: dt.date | None,
                cache: dict[str, Any], sentences: list[tuple[int, int]] | None = None
                ) -> list[tuple[int, int]]:
    """The sentences of every claim the claims checks find, whether the config runs them or
    not and whatever a suppression comment hides: no fix is applied in one, since the writer
    has to rewrite it (the claims check keeps what it found with the Document, so after a
    lint this costs little). When a claims check fails (the lint reports it as HL010), no
    one knows where the claims are: the whole text is protected. ``sentences``: the spans of
    the document's sentences, when the caller has them already."""
    ctx = context_for(config, doc, today, cache)
    found = []
    for spec in load_checks().values():
        if any(code.startswith(CLAIMS) for code in spec.rules):
            try:
                claims = spec.func(doc, ctx)
            except Exception:  # noqa: BLE001 - the lint reports the failure as HL010
                return [(0, len(doc.text))]
            for finding in claims:
                start = doc.line_starts[finding.line - 1] + finding.column - 1
                end = doc.line_starts[finding.end_line - 1] + finding.end_column - 1
                found.append((start, end))
    if not found:
        return []
    sentences = sorted(s.span() for s in doc.sentences) if sentences is None \
        else sorted(sentences)
    reach = list(itertools.accumulate((end for _, end in sentences), max))
    spans = []
    for start, end in found:
        # the sentences that hold any of it: from the first that reaches past its start
        index = bisect.bisect_right(reach, start)
        while index < len(sentences) and sentences[index][0] < max(end, start + 1):
            spans.append(sentences[index])
            index += 1
        spans.append((start, end))
    return spans



def dose_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in DOSE_RE.finditer(text)]


def inside(edit: Edit, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether an edit changes a character of a span (an insertion strictly inside one)."""
    return any(edit.start < end and start < max(edit.end, edit.start + 1) and
               not (edit.start == edit.end and edit.start == start)
               for start, end in spans)


def needs_claims(findings: Iterable[Finding], sentences: list[tuple[int, int]]) -> bool:
    """Whether :func:`offered` looks up the claims for ``findings``: when a fix of one edits
    a sentence (``sentences``: the spans of the Document's sentences)."""
    return any(f.fix is not None and any(inside(edit, sentences) for edit in f.fix.edits)
               for f in findings)


def offered(doc: Document, findings: list[Finding], config: Config,
            today: dt.date | None, cache: dict[str, Any] | None) -> list[Finding]:
    """``findings`` with every fix that touches a dose or a claim's sentence taken off."""
    if not any(f.fix is not None for f in findings):
        return findings
    spans = dose_spans(doc.text)
    sentences = [s.span() for s in doc.sentences]
    if needs_claims(findings, sentences):
        # a fix in a sentence: the claims are needed, whatever the config runs (when it runs
        # the claims checks, their results are kept with the Document and cost nothing here)
        spans += claim_spans(doc, config, today, {} if cache is None else cache, sentences)
    if not spans:
        return findings
    return [replace(f, fix=None) if f.fix is not None and
            any(inside(edit, spans) for edit in f.fix.edits) else f for f in findings]


__all__ = ["CLAIMS", "DOSE_RE", "claim_spans", "dose_spans", "inside", "needs_claims", "offered"]
