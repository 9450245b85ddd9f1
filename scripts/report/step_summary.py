"""The job summary GitHub Actions shows on a run's page (``$GITHUB_STEP_SUMMARY``).

With ``--format github``, healthlint appends a Markdown summary to the file that variable
names: the totals, a table of findings per rule family and severity, and the first findings
with links to their lines (when the run's repository and commit are known from
``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY`` and ``GITHUB_SHA``). Everything that comes from
an article or a file name is escaped, so it is shown as text and never as Markdown or HTML.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

from healthlint.commands.report.ci import github_path
from healthlint.commands.report.text import escape_surrogates, one_line, summary_line
from healthlint.core.findings import FAMILIES, Severity
from healthlint.engine.runner import FileResult

SHOWN = 20
MARKDOWN_PUNCTUATION_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def cell(text: str) -> str:
    """Text for one table cell: on one line, HTML escaped, Markdown punctuation escaped."""
    text = html.escape(escape_surrogates(one_line(text)), quote=False)
    return MARKDOWN_PUNCTUATION_RE.sub(r"\\\1", text)


def line_url(path: str, line: int, env: Mapping[str, str]) -> str | None:
    server, repo, sha = (env.get(key, "") for key in
                         ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if not (server and repo and sha) or Path(path).is_absolute():
        return None
    return (f"{server.rstrip('/')}/{quote(repo)}/blob/{quote(sha)}/"
            f"{quote(escape_surrogates(github_path(path)))}#L{line}")


def render_summary(results: Sequence[FileResult], env: Mapping[str, str]) -> str:
    findings = [f for r in results for f in r.findings]
    out = ["## healthlint", "", cell(summary_line(results)), ""]
    if findings:
        counts = Counter((FAMILIES.get(f.code[:3], "other"), f.severity) for f in findings)
        families = sorted({family for family, _ in counts})
        out += ["| family | errors | warnings | suggestions |",
                "| --- | ---: | ---: | ---: |"]
        out += [f"| {family} | " + " | ".join(
                    str(counts[family, severity]) for severity in
                    (Severity.ERROR, Severity.WARNING, Severity.SUGGESTION)) + " |"
                for family in families]
        first = sorted(findings, key=lambda f: (-f.severity, f.path, f.line, f.column))[:SHOWN]
        out += ["", f"### First {len(first)} of {len(findings)} findings" if
                len(findings) > len(first) else "### Findings", "",
                "| where | rule | severity | message |", "| --- | --- | --- | --- |"]
        for f in first:
            where = cell(f"{github_path(f.path)}:{f.line}:{f.column}")
            url = line_url(f.path, f.line, env)
            if url:
                where = f"[{where}]({url})"
            out.append(f"| {where} | `{f.code}` {cell(f.name)} | {f.severity} | "
                       f"{cell(f.message)} |")
    return "\n".join(out) + "\n\n"


def append_summary(path: Path, results: Sequence[FileResult], env: Mapping[str, str]) -> None:
    """Append the summary to ``path`` (GitHub gathers each step's additions). Raises OSError."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(render_summary(results, env))
