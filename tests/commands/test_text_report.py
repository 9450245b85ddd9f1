"""The plain text report is built without rich, and says exactly what rich printed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.commands.report.text import _render_rich, render_text
from healthlint.core.findings import Finding, Severity
from healthlint.engine.runner import FileResult
from tests.conftest import FIXTURES, TODAY
from tests.conftest import make_config as config_for

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30) | \
    st.sampled_from(["[bold]x[/]", "a\nb", "é 日本 👍", "\x1b[31m", "\u202e", "  x  ", ""])
FINDING = st.builds(
    Finding, path=TEXT.map(lambda t: t or "a.md"), line=st.integers(1, 9999),
    column=st.integers(1, 999), end_line=st.just(1), end_column=st.just(1),
    code=st.sampled_from(["HL401", "HL501"]), name=st.just("x"),
    severity=st.sampled_from(list(Severity)), message=TEXT, suggestion=st.none() | TEXT)
RESULTS = st.lists(st.builds(FileResult, path=TEXT, findings=st.lists(FINDING, max_size=4),
                             words=st.integers(0, 99)), max_size=4)


@settings(max_examples=300, deadline=None)
@given(RESULTS)
def test_plain_text_is_what_rich_printed(results: list[FileResult]) -> None:
    assert render_text(results, False) == _render_rich(results, False)


def test_the_fixtures_report_as_rich_reported_them() -> None:
    from healthlint.engine.runner import lint_paths

    files = sorted(FIXTURES.rglob("*.md"))
    results = lint_paths(files, config_for(), TODAY)
    assert sum(len(r.findings) for r in results) > 50
    assert render_text(results, False) == _render_rich(results, False)
