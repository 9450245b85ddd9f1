"""Reporters for CI: SARIF 2.1.0, GitHub Actions workflow commands, and JUnit XML.

Importing this module adds ``sarif``, ``github`` and ``junit`` to
``healthlint.commands.report.text.REPORTERS``.
Each reporter is a plain function ``(results, color) -> str`` (``color`` is ignored: CI files
are never coloured) and is deterministic: the same findings give byte-identical output.

- SARIF 2.1.0 (OASIS standard) is what GitHub code scanning and other review tools read:
  ``healthlint check --format sarif --output healthlint.sarif``. Columns are counted in Unicode
  code points (``columnKind``), like every healthlint position, and regions end one column past
  the last character, as SARIF specifies.
- ``github`` prints one workflow command per finding (``::error file=...,line=...::message``),
  which GitHub Actions turns into annotations on the pull request.
- ``junit`` is one ``<testsuite>`` with a ``<testcase>`` per file and a ``<failure>`` per
  finding, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from healthlint import __version__
from healthlint.commands.report.fingerprints import KEY, fingerprints
from healthlint.commands.report.text import (
    REPORTERS,
    escape_surrogates,
    printable,
    shown_name,
    summary_line,
)
from healthlint.core.findings import REGISTRY, Applicability, Finding, Fix, Rule, Severity
from healthlint.engine.checks import load_checks
from healthlint.engine.runner import FileResult

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}
GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning",
                 Severity.SUGGESTION: "notice"}
SRCROOT = "%SRCROOT%"
# XML 1.0 allows tab, LF, CR and these ranges; anything else cannot appear even escaped.
XML_ILLEGAL_RE = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def project_urls() -> dict[str, str]:
    """The installed package's Project-URL entries, by lower-case label."""
    try:
        urls = metadata.metadata("healthlint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return {}
    found: dict[str, str] = {}
    for entry in urls:
        label, _, url = entry.partition(",")
        if url.strip():
            found.setdefault(label.strip().lower(), url.strip())
    return found


def first_url(labels: Sequence[str]) -> str | None:
    found = project_urls()
    return next((found[label] for label in labels if label in found), None)


def information_uri() -> str | None:
    """The project's home page from the installed package metadata, if it declares one."""
    return first_url(("homepage", "home", "source", "repository"))


def rules_uri() -> str | None:
    """Where the rules are documented, if the package metadata says (its Documentation URL):
    a rule's ``helpUri`` is that page with the rule's code as the fragment."""
    return first_url(("documentation", "docs"))


def full_text(finding: Finding) -> str:
    """The message, with the suggestion after it as the text reporter shows it; always
    writable as UTF-8."""
    if finding.suggestion:
        return escape_surrogates(f"{finding.message} ({finding.suggestion})")
    return escape_surrogates(finding.message)


# ---- SARIF --------------------------------------------------------------------------------
def artifact_uri(path: str) -> tuple[str, str | None]:
    """A SARIF artifact URI for a reported path and its uriBaseId.

    Paths inside the current folder become relative URIs with forward slashes against
    ``%SRCROOT%``; other absolute paths become ``file://`` URIs with no base.
    """
    native = Path(path)
    if native.is_absolute():
        try:
            native = native.relative_to(Path.cwd())
        except ValueError:
            return native.as_uri(), None
    posix = PurePosixPath(*native.parts).as_posix() if native.parts else path
    # the name's own bytes, percent-encoded: a name that is not UTF-8 still names its file
    return quote(os.fsencode(posix), safe="/-._~!$&'()*+,;=@"), SRCROOT


def unknown_rule(finding: Finding) -> Rule:
    """A stand-in descriptor for a finding whose code is not registered (never dropped)."""
    message = escape_surrogates(finding.message)
    return Rule(finding.code, finding.name, finding.severity, message, message,
                "", "", "")


def sarif_rule(rule: Rule, docs_uri: str | None = None) -> dict[str, object]:
    help_text = (f"{rule.what}\n\nWhy it matters: {rule.why}\n\nExample: {rule.example}\n\n"
                 f"Use instead: {rule.instead}")
    help_markdown = (f"**{rule.code} {rule.name}** ({rule.severity}, {rule.family})\n\n"
                     f"{rule.what}\n\n### Why it matters\n{rule.why}\n\n"
                     f"### Example\n{fenced(rule.example)}\n\n"
                     f"### Use instead\n{fenced(rule.instead)}")
    entry: dict[str, object] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": {"tags": [rule.family]},
    }
    if docs_uri:
        entry["helpUri"] = f"{docs_uri.split('#')[0]}#{rule.code.lower()}"
    return entry


def fenced(text: str) -> str:
    """``text`` as a Markdown code block whose fence no line of it can close."""
    fence = "`" * max(3, max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence}markdown\n{text}\n{fence}"


def automation_id(shard: tuple[int, int] | None = None) -> str:
    """``automationDetails.id``: the category GitHub code scanning keeps results under (all
    before the last ``/``); each shard of a split run is a category of its own, so uploading
    one shard does not close the alerts of another."""
    return "healthlint/" if shard is None else f"healthlint/shard-{shard[0]}-of-{shard[1]}/"


def sarif_result(finding: Finding, index: int, fingerprint: str) -> dict[str, object]:
    uri, base = artifact_uri(finding.path)
    location: dict[str, object] = {"uri": uri}
    if base is not None:
        location["uriBaseId"] = base
    result: dict[str, object] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": SARIF_LEVELS[finding.severity],
        "message": {"text": full_text(finding)},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": location,
                "region": {
                    "startLine": finding.line,
                    "startColumn": finding.column,
                    "endLine": finding.end_line,
                    "endColumn": finding.end_column,
                },
            },
        }],
        "partialFingerprints": {KEY: fingerprint},
    }
    fix = finding.fix
    if fix is not None and fix.edits and fix.applicability is not Applicability.DISPLAY_ONLY:
        result["fixes"] = [sarif_fix(fix, location)]
    return result


def sarif_fix(fix: Fix, location: dict[str, object]) -> dict[str, object]:
    """A fix as SARIF writes one: its edits as replacements in the finding's file (regions in
    the run's columnKind, code points), its applicability (safe or unsafe) as a property."""
    replacements = [{
        "deletedRegion": {"startLine": edit.line, "startColumn": edit.column,
                          "endLine": edit.end_line, "endColumn": edit.end_column},
        "insertedContent": {"text": edit.content},
    } for edit in sorted(fix.edits, key=lambda e: (e.start, e.end))]
    return {
        "description": {"text": fix.message},
        "artifactChanges": [{"artifactLocation": location, "replacements": replacements}],
        "properties": {"applicability": str(fix.applicability)},
    }


def render_sarif(results: Sequence[FileResult], color: bool = False,
                 shard: tuple[int, int] | None = None) -> str:
    load_checks()
    known = dict(REGISTRY)
    for finding in (f for r in results for f in r.findings if f.code not in REGISTRY):
        known.setdefault(finding.code, unknown_rule(finding))
    rules = [known[code] for code in sorted(known)]
    index = {rule.code: i for i, rule in enumerate(rules)}
    driver: dict[str, object] = {"name": "healthlint", "version": __version__,
                                 "semanticVersion": __version__}
    uri = information_uri()
    if uri:
        driver["informationUri"] = uri
    docs_uri = rules_uri()
    driver["rules"] = [sarif_rule(rule, docs_uri) for rule in rules]
    sarif_results = [sarif_result(f, index[f.code], fingerprint)
                     for r, prints in zip(results, fingerprints(results))
                     for f, fingerprint in zip(r.findings, prints)]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "automationDetails": {"id": automation_id(shard)},
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


# ---- GitHub Actions ----------------------------------------------------------------------
def escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's toolkit: %, CR, LF); other control
    characters are written as escapes, as the text report does (the log is a terminal)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(text)


def escape_property(text: str) -> str:
    """Escape a workflow command property value: as data, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_path(path: str) -> str:
    native = Path(path)
    if native.is_absolute():
        try:
            native = native.relative_to(Path.cwd())
        except ValueError:
            return native.as_posix()
    return PurePosixPath(*native.parts).as_posix() if native.parts else path


def github_command(finding: Finding) -> str:
    """One annotation. GitHub finds the file by the ``file`` property after undoing the
    workflow-command escapes (``%25 %0D %0A %3A %2C``), so a name that has to be shown with
    other escapes (control, bidirectional or undecodable characters) would name a file that
    does not exist: such a finding is annotated on the run instead, its message starting with
    the escaped ``path:line:col:``."""
    path = github_path(finding.path)
    message = full_text(finding)
    props: list[tuple[str, str]] = []
    if shown_name(path) == path:
        one_line = finding.end_line == finding.line  # GitHub takes columns on one line only
        props += [("file", path), ("line", str(finding.line))]
        if one_line:
            props.append(("col", str(finding.column)))
        props.append(("endLine", str(finding.end_line)))
        if one_line:
            props.append(("endColumn", str(finding.end_column)))
    else:
        message = f"{shown_name(path)}:{finding.line}:{finding.column}: {message}"
    props.append(("title", f"{finding.code} {finding.name}"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{GITHUB_LEVELS[finding.severity]} {rendered}::{escape_data(message)}"


def render_github(results: Sequence[FileResult], color: bool = False) -> str:
    lines = [github_command(f) for r in results for f in r.findings]
    lines.append(summary_line(results))
    return "\n".join(lines) + "\n"


# ---- JUnit XML ---------------------------------------------------------------------------
def xml_text(text: str) -> str:
    """Character data: markup escaped, CR kept as a reference (parsers turn a raw CR into LF),
    and characters XML 1.0 cannot carry replaced with U+FFFD."""
    text = XML_ILLEGAL_RE.sub("\ufffd", escape_surrogates(text))
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def xml_attr(text: str) -> str:
    """An attribute value in double quotes; white space kept (parsers normalise raw LF/TAB)."""
    return xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def junit_failure(finding: Finding) -> str:
    body = (f"{shown_name(finding.path)}:{finding.line}:{finding.column}: {finding.code} "
            f"{finding.name} [{finding.severity}] {full_text(finding)}")
    return (f'      <failure type="{xml_attr(finding.code)}" '
            f'message="{xml_attr(finding.message)}">{xml_text(body)}</failure>')


def render_junit(results: Sequence[FileResult], color: bool = False) -> str:
    failed = sum(1 for r in results if r.findings)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="healthlint" tests="{len(results)}" failures="{failed}" '
           'errors="0">',
           f'  <testsuite name="healthlint" tests="{len(results)}" failures="{failed}" '
           'errors="0" skipped="0">']
    for result in results:
        name = xml_attr(shown_name(result.path.replace(os.sep, "/")))
        opening = f'    <testcase classname="healthlint" name="{name}" file="{name}"'
        if not result.findings:
            out.append(opening + "/>")
            continue
        out.append(opening + ">")
        out.extend(junit_failure(f) for f in result.findings)
        out.append("    </testcase>")
    out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


REPORTERS["sarif"] = render_sarif
REPORTERS["github"] = render_github
REPORTERS["junit"] = render_junit
