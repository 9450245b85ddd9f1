"""``--format html`` (issue 12): one self-contained page, escaped, checked in Chromium.

The page is judged as a browser reads it (html5lib, the export's XSS judge): the only
constructs that could run or load anything are the report's own (one stylesheet, one script,
the Content-Security-Policy, the chart and the filter form), however hostile the articles and
file names. In headless Chromium (started as the export's browser test does, skipped when
there is none): no console errors, no request but the page, filters work, rule codes lead to
their explanation, nothing overflows a phone screen, and screenshots at 1280 and 375 px go to
$HEALTHLINT_ARTIFACTS.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import html5lib
import pytest

from healthlint.commands.cli import main
from healthlint.commands.report.html import TEMPLATES, csp_hash
from tests.commands.test_export_browser import DevTools, Tab, artifacts
from tests.commands.test_export_browser import browser as browser  # noqa: F401 (fixture)
from tests.commands.test_export_security import XSS_VECTORS, executable_constructs
from tests.conftest import FIXTURES, TODAY_ARG

SOURCES = [FIXTURES / "articles" / "turmeric-bad.md", FIXTURES / "articles" / "sleep-good.md",
           FIXTURES / "readability" / "dense-prose.md",
           FIXTURES / "readability" / "plain-words.md", FIXTURES / "claims" / "remedy-advert.md"]
EVIL_NAME = "<img src=x onerror=alert(1)>.md"


def build(folder: Path, *extra: tuple[str, str]) -> Path:
    content = folder / "content"
    content.mkdir()
    for source in SOURCES:
        shutil.copy(source, content / source.name)
    for name, text in extra:
        (content / name).write_text(text, encoding="utf-8")
    return content


def report(folder: Path, content: Path) -> str:
    out = folder / "report.html"
    code = main(["check", str(content), "--format", "html", "--output", str(out),
                 "--today", TODAY_ARG])
    assert code == 1
    return out.read_text("utf-8")


def own_constructs(page: str) -> list[str]:
    """What the XSS judge reports that is not the report's own: the one <style>, <script>,
    CSP <meta>, chart <svg> and filter <form> with its checkboxes."""
    found = Counter(executable_constructs(page))
    for construct in ("<style>", "<script>", "<meta http-equiv>", "<svg>", "<form>"):
        if found[construct] == 1:
            del found[construct]
    checkboxes = len(re.findall(r'<input type="checkbox" name="(?:severity|family)" value="'
                                r'[a-z]+" checked>', page))
    if found["<input>"] == checkboxes:
        del found["<input>"]
    return sorted(found.elements())


def test_the_page_is_self_contained_and_locked_down(tmp_path: Path) -> None:
    page = report(tmp_path, build(tmp_path))
    css = (TEMPLATES / "report.css").read_text("utf-8")
    script = (TEMPLATES / "report.js").read_text("utf-8")
    assert f"<style>{css}</style>" in page and f"<script>{script}</script>" in page
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp is not None
    assert html.unescape(csp.group(1)) == (f"default-src 'none'; style-src '{csp_hash(css)}'; script-src "
                            f"'{csp_hash(script)}'; base-uri 'none'; form-action 'none'")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert own_constructs(page) == []
    html5lib.HTMLParser(strict=True).parse(page)


def test_totals_chart_findings_and_explanations(tmp_path: Path) -> None:
    page = report(tmp_path, build(tmp_path))
    root = html5lib.parse(page, namespaceHTMLElements=False)
    rows = {row.find("th").text: [td.text for td in row.findall("td")]
            for row in root.iter("tr") if row.find("th") is not None and row.findall("td")}
    assert "claims" in rows and rows["all families"][-1] == str(
        sum(int(rows[f][-1]) for f in rows if f != "all families"))
    chart_rows = [g for g in root.iter("{http://www.w3.org/2000/svg}g")] or \
        [g for g in root.iter("g")]
    classes = {g.get("class") for g in chart_rows}
    assert {"row over", "row ok", "row none"} <= classes  # dense prose misses its target, plain meets it
    assert "content/dense-prose.md" in page
    marks = [m.text for m in root.iter("mark")]
    assert marks and all(marks)
    codes = {a.text for a in root.iter("a") if a.get("class") == "code"}
    for code in codes:
        assert f'id="rule-{code}"' in page
    assert "Why it matters" in page  # the explain text is embedded


def test_a_span_is_highlighted_in_its_source_lines(tmp_path: Path) -> None:
    article = ("---\ntitle: Tea\ntype: condition\n---\n# Tea\n\n## Overview\n\nLine one.\n\n"
               "This tea cures diabetes in a week.\n\nLine after.\n")
    content = tmp_path / "content"
    content.mkdir()
    (content / "tea.md").write_text(article, encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["check", str(content), "--select", "HL501", "--format", "html", "--output",
                 str(out), "--today", TODAY_ARG]) == 1
    page = out.read_text("utf-8")
    assert ('<span class="line hit"><span class="ln">11</span>This tea <mark>cures</mark> '
            'diabetes in a week.</span>') in page
    assert '<span class="ln">9</span>' in page and '<span class="ln">13</span>Line after.' \
        in page


def test_article_text_and_file_names_are_escaped(tmp_path: Path) -> None:
    hostile = [(f"vector-{i}.md", "---\ntitle: T\ntype: condition\n---\n# T\n\n## Overview\n\n"
                f"This tea cures diabetes. {vector}\n\nThis herb is a miracle cure {vector}\n")
               for i, vector in enumerate(XSS_VECTORS)]
    hostile.append((EVIL_NAME, "# <script>alert(1)</script>\n\nThis cures colds.\n"))
    page = report(tmp_path, build(tmp_path, *hostile))
    assert own_constructs(page) == []
    assert "&lt;img src=x onerror=alert(1)&gt;.md" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    html5lib.HTMLParser(strict=True).parse(page)


# ---- in Chromium -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The report as a person opens it: a file, with no server around it."""
    base = tmp_path_factory.mktemp("html-report")
    report(base, build(base, ("hostile.md", "# T\n\nThis cures colds. "
                              "<img src=x onerror=console.error(1)>\n")))
    return (base / "report.html").as_uri()


VISIBLE = """
(() => {
  const shown = [...document.querySelectorAll('li.finding')].filter(li => !li.hidden);
  return {severities: [...new Set(shown.map(li => li.dataset.severity))].sort(),
          families: [...new Set(shown.map(li => li.dataset.family))].sort(),
          count: shown.length,
          articles: [...document.querySelectorAll('section.article')].filter(s => !s.hidden).length,
          text: document.getElementById('shown').textContent};
})()
"""


def toggle(tab: Tab, name: str, value: str) -> None:
    tab.evaluate(f"document.querySelector('input[name={name}][value={value}]').click()")


def test_the_report_in_chromium(browser: DevTools, served_report: str,  # noqa: F811
                                tmp_path: Path) -> None:
    tab = Tab(browser)
    tab.send("Network.enable")
    mark = len(browser.events)
    tab.open(served_report)
    requests = [e["params"]["request"]["url"] for e in browser.events[mark:]
                if e["method"] == "Network.requestWillBeSent" and e.get("sessionId") == tab.session]
    assert requests == [served_report]

    everything = tab.evaluate(VISIBLE)
    total = everything["count"]
    assert total > 0 and everything["text"] == f"{total} of {total} findings shown"
    assert "error" in everything["severities"] and "claims" in everything["families"]

    toggle(tab, "severity", "error")
    without_errors = tab.evaluate(VISIBLE)
    assert "error" not in without_errors["severities"] and without_errors["count"] < total
    assert without_errors["text"] == f"{without_errors['count']} of {total} findings shown"
    toggle(tab, "family", "claims")
    neither = tab.evaluate(VISIBLE)
    assert "claims" not in neither["families"] and "error" not in neither["severities"]
    for severity in ("warning", "suggestion"):
        toggle(tab, "severity", severity)
    assert tab.evaluate(VISIBLE) | {"text": ""} == {"severities": [], "families": [],
                                                    "count": 0, "articles": 0, "text": ""}
    for severity in ("error", "warning", "suggestion"):
        toggle(tab, "severity", severity)
    toggle(tab, "family", "claims")
    assert tab.evaluate(VISIBLE)["count"] == total

    tab.evaluate("document.querySelector('a.code').click()")
    target = tab.evaluate("[location.hash, document.querySelector(':target')?.className,"
                          " document.querySelector(':target pre.explain')?.textContent]")
    assert target[0].startswith("#rule-HL") and target[1] == "rule"
    assert "What it does" in target[2] and "Use instead" in target[2]
    rows = tab.evaluate("[...document.querySelectorAll('svg.chart g.row')].map(g => g.classList[1])")
    assert len(rows) == 6 and {"ok", "over", "none"} <= set(rows)

    for width, height, phone in ((1280, 900, False), (375, 740, True)):
        tab.send("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 2 if phone else 1,
            "mobile": phone})
        tab.open(served_report)
        wider = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wider <= 0, f"at {width}px the report is {wider}px wider than the screen"
        shot = tab.screenshot(artifacts(tmp_path) / f"html-report-{width}.png")
        print(f"screenshot: {shot}", file=sys.stderr)
        assert shot.stat().st_size > 10_000
    assert tab.console_errors() == []


def test_a_level_that_cannot_be_computed_is_a_row_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import healthlint.commands.report.html as html_report

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(html_report, "reading_level", broken)
    page = report(tmp_path, build(tmp_path))
    assert page.count('<g class="row none">') == len(SOURCES)
    assert 'class="row ok"' not in page
