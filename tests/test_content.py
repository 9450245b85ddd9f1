"""The house collection in content/ passes its own checks and exports whole.

`healthlint check` with no arguments (the config's include, on today's date, as a writer runs
it) must report no error and no warning, and `healthlint export content` must publish every
article, with every link between articles and every image resolved in the site. So the shipped
articles cannot drift out of compliance as the rules change or as their review dates age.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from healthlint.commands.cli import main
from tests.conftest import ROOT

CONTENT = ROOT / "content"
TYPES = ("condition", "medication", "procedure", "wellness")


class _Page(HTMLParser):
    """The ids, links and image sources of one exported page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag == "img" and "src" in values:
            self.images.append(values["src"])


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


def _articles() -> list[Path]:
    return sorted(CONTENT.glob("*.md"))


def test_check_with_no_arguments_reports_no_error_and_no_warning(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    code = main(["check", "--format", "json", "--no-cache", "--fail-on", "warning"])
    report = json.loads(capsys.readouterr().out)
    serious = [f"{f['path']}:{f['line']}:{f['column']}: {f['code']} {f['message']}"
               for f in report["findings"] if f["severity"] in ("error", "warning")]
    assert serious == []
    assert code == 0
    assert report["summary"]["files"] == len(_articles())


def test_the_collection_has_at_least_three_articles_of_each_type() -> None:
    types = [re.search(r"^type: *(\w+)", p.read_text("utf-8"), re.M) for p in _articles()]
    counts = {t: sum(1 for m in types if m and m.group(1) == t) for t in TYPES}
    assert len(_articles()) >= 16
    assert all(n >= 3 for n in counts.values()), counts


def test_export_publishes_every_article_with_every_link_resolved(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    site = tmp_path / "site"
    assert main(["export", "content", "--out", str(site)]) == 0
    capsys.readouterr()
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    assert len(manifest["articles"]) == len(_articles())
    pages = sorted(site.glob("*/index.html"))
    assert len(pages) == len(_articles())
    figures = 0
    for page_path in pages:
        page = _page(page_path)
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("//", "#")):
                continue
            assert not parts.path.endswith(".md"), f"{page_path}: {href} was not rewritten"
            target = (page_path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page_path.relative_to(site)}: {href} leads nowhere"
            if parts.fragment and target.name == "index.html":
                assert parts.fragment in _page(target).ids, \
                    f"{page_path.relative_to(site)}: {href} names no heading"
        for src in page.images:
            assert (page_path.parent / unquote(urlsplit(src).path)).resolve().is_file(), src
            figures += 1
    assert figures >= 2
