"""``healthlint export``: what it writes, what it refuses, and that it never leaves half a site.

Issue 4. Every test exports the small fixture articles in tests/fixtures/export (copied into a
temporary content folder) and reads the site back; every page is validated with html5lib in
strict mode.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest

from healthlint.commands.cli import main
from healthlint.commands.export import pipeline as export
from healthlint.commands.export import render, site
from healthlint.config import Config
from healthlint.parse.document import parse
from tests.conftest import FIXTURES, ROOT, TODAY_ARG

EXPORT_FIXTURES = FIXTURES / "export"


# ---- helpers ---------------------------------------------------------------------------------
@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(EXPORT_FIXTURES, folder)
    return folder


def run_export(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["export", "--today", TODAY_ARG, *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def strict_parse(text: str) -> ET.Element:
    """Parse with html5lib in strict mode: any HTML5 parse error fails the test."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(text)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def assert_complete_site(out: Path) -> dict[str, object]:
    """DIR holds a whole export: a manifest whose every file exists with its SHA-256."""
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    for entry in manifest["articles"]:
        page = (out / entry["output"]).read_bytes()
        assert hashlib.sha256(page).hexdigest() == entry["sha256"], entry["output"]
        for asset in entry["assets"]:
            assert hashlib.sha256((out / asset["path"]).read_bytes()).hexdigest() == \
                asset["sha256"]
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    return manifest


def article(slug: str, title: str, extra_front: str = "", body: str = "") -> str:
    """A short wellness article that passes the checks, for tests that need many articles."""
    return f"""---
title: {title}
description: How much water adults need each day and easy ways to drink enough.
type: wellness
author: healthlint editorial team
reviewer: Clinical reviewer, healthlint
last_reviewed: 2026-09-01
slug: {slug}
{extra_front}---

# {title}

## Overview

Your body needs water to work well. Water helps keep your temperature normal. It also helps
your kidneys get rid of waste.

Most of the water you need comes from drinks. Some comes from food, such as fruit and soup.
Drink more when it is hot or when you are active.
{body}
This article gives general information only. It is not a substitute for professional medical
advice, diagnosis or treatment. Talk to your doctor, pharmacist or nurse about your own health.

## Sources

- [Water and healthier drinks, from the CDC](https://www.cdc.gov/healthy-weight-growth/water-healthy-drinks/index.html)
- [Water, drinks and your health, from the NHS](https://www.nhs.uk/live-well/eat-well/food-guidelines-and-food-labels/water-drinks-nutrition/)
"""


# ---- what it writes --------------------------------------------------------------------------
def test_exports_every_passing_article(content: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    code, stdout, _ = run_export(capsys, content, "--out", out, "--base-url",
                                 "https://health.example.org/guide")
    assert code == 0, stdout
    assert "Exported 2 of 2 articles" in stdout
    files = tree_bytes(out)
    media = [n for n in files if n.startswith("assets/media/")]
    assert len(media) == 1
    assert set(files) == {
        *media, "assets/icon.png", "assets/style.css", "high-blood-pressure/index.html",
        "index.html", "manifest.json", "paracetamol/index.html", "sitemap.xml",
    }
    for name, data in files.items():
        if name.endswith(".html"):
            strict_parse(data.decode("utf-8"))
    manifest = assert_complete_site(out)
    from healthlint import __version__

    assert manifest["version"] == __version__
    entries = {e["slug"]: e for e in manifest["articles"]}
    bp = entries["high-blood-pressure"]
    assert bp["title"] == "High blood pressure" and bp["type"] == "condition"
    assert bp["source"] == "content/high-blood-pressure.md"
    assert bp["output"] == "high-blood-pressure/index.html"
    assert bp["last_reviewed"] == "2026-10-01"
    assert bp["findings"] == {"error": 0, "warning": 0, "suggestion": 0}
    assert len(bp["assets"]) == 1


def test_page_is_semantic_html(content: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out, "--base-url", "https://health.example.org/")
    text = (out / "high-blood-pressure" / "index.html").read_text("utf-8")
    root = strict_parse(text)
    assert root.get("lang") == "en"
    head = root.find("head")
    assert head is not None
    assert head.find("meta[@charset='utf-8']") is not None
    assert "width=device-width" in head.find("meta[@name='viewport']").get("content")
    assert head.findtext("title") == "High blood pressure · Health information"
    assert head.find("meta[@name='description']").get("content").startswith("What high blood")
    assert head.find("link[@rel='canonical']").get("href") == \
        "https://health.example.org/high-blood-pressure/"
    # Open Graph and Twitter card: what a shared link shows
    card = {m.get("property") or m.get("name"): m.get("content") for m in head.iter("meta")
            if (m.get("property") or m.get("name") or "").startswith(("og:", "twitter:",
                                                                       "article:"))}
    assert card["og:type"] == "article" and card["og:title"] == "High blood pressure"
    assert card["og:site_name"] == "Health information"
    assert card["og:url"] == "https://health.example.org/high-blood-pressure/"
    assert card["og:description"].startswith("What high blood")
    assert card["article:modified_time"] == "2026-10-01"
    assert card["twitter:card"] == "summary" and card["twitter:title"] == "High blood pressure"
    assert head.find("meta[@name='robots']") is None  # reviewed pages may be indexed
    # the site's header and navigation, and the skip link to the content
    site_header = root.find("body/header")
    assert site_header.findtext("a[@class='site-name']") == "Health information"
    assert [a.get("href") for a in site_header.iter("a")] == ["../", "../"]
    assert site_header.find("nav").get("aria-label") == "Site"
    assert root.find("body/a[@class='skip-link']").get("href") == "#content"
    assert root.find("body/main").get("id") == "content"
    assert root.find(".//div[@class='review-notice']") is None
    article_el = root.find("body/main/article")
    assert article_el is not None
    header = article_el.find("header")
    assert header.findtext("h1") == "High blood pressure"
    times = {t.get("datetime") for t in header.iter("time")}
    assert times == {"2026-10-01", "2028-09-30"}  # last reviewed, next review (730 days)
    assert "Clinical reviewer, healthlint" in "".join(header.itertext())
    assert "healthlint editorial team" in "".join(header.itertext())
    assert len(list(root.iter("h1"))) == 1

    # table of contents: every h2 section, linked to unique ids
    links = [a.get("href") for a in article_el.find("nav").iter("a")]
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    h2_ids = [h.get("id") for h in article_el.iter("h2") if h.get("id") != "toc-title"]
    assert links == [f"#{i}" for i in h2_ids]
    assert h2_ids == ["overview", "symptoms", "causes", "diagnosis", "treatment",
                      "when-to-see-a-doctor", "sources"]

    # disclaimer in an aside, not also in the body; sources as an ordered list
    aside = article_el.find("aside")
    assert "not a substitute for professional medical advice" in "".join(aside.itertext())
    body = article_el.find("div[@class='article-body']")
    assert "not a substitute" not in "".join(body.itertext())
    sources = article_el.find("section[@class='sources']")
    items = sources.findall("ol/li")
    assert len(items) == 3
    for anchor in sources.iter("a"):
        assert anchor.get("href").startswith("https://")
        assert anchor.get("rel") == "noopener noreferrer"

    # the table keeps its alignment and the image points at its copy
    assert body.find(".//table") is not None
    assert any(td.get("style") == "text-align:right" for td in body.iter("td"))
    image = body.find(".//img")
    assert image.get("alt") == "A blood pressure cuff on an upper arm"
    assert re.fullmatch(r"\.\./assets/media/[0-9a-f]{16}-blood-pressure-cuff\.png",
                        image.get("src"))
    copied = out / "high-blood-pressure" / image.get("src")
    assert copied.read_bytes() == (content / "images" / "blood-pressure-cuff.png").read_bytes()

    # JSON-LD
    scripts = list(root.iter("script"))
    assert len(scripts) == 1 and scripts[0].get("type") == "application/ld+json"
    data = json.loads(scripts[0].text)
    assert data["@type"] == "MedicalWebPage" and data["name"] == "High blood pressure"
    assert data["lastReviewed"] == "2026-10-01"
    assert data["reviewedBy"]["name"] == "Clinical reviewer, healthlint"
    assert data["author"]["name"] == "healthlint editorial team"
    assert data["about"]["@type"] == "MedicalCondition"
    assert data["description"].startswith("What high blood pressure is")


def test_footnotes_and_medicine_page(content: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out)
    root = strict_parse((out / "paracetamol" / "index.html").read_text("utf-8"))
    data = json.loads(next(root.iter("script")).text)
    assert data["about"]["@type"] == "Drug"
    footnote_ref = root.find(".//sup[@class='footnote-ref']/a")
    target = footnote_ref.get("href")[1:]
    assert root.find(f".//li[@id='{target}']") is not None
    assert root.find("head/link[@rel='canonical']") is None
    assert not (out / "sitemap.xml").exists()


def test_index_groups_articles_by_type(content: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    (content / "water.md").write_text(article("drinking-water", "Drinking water"), "utf-8")
    out = tmp_path / "site"
    code, stdout, _ = run_export(capsys, content, "--out", out)
    assert code == 0, stdout
    root = strict_parse((out / "index.html").read_text("utf-8"))
    groups = {}
    for section in root.iter("section"):
        groups[section.findtext("h2")] = [(a.get("href"), a.text) for a in section.iter("a")]
    assert groups == {
        "Conditions": [("high-blood-pressure/", "High blood pressure")],
        "Healthy living": [("drinking-water/", "Drinking water")],
        "Medicines": [("paracetamol/", "Paracetamol (acetaminophen)")],
    }
    text = "".join(root.itertext())
    assert "How to take paracetamol safely" in text
    assert "20 September 2026" in text
    assert root.find(".//time[@datetime='2026-09-20']") is not None


def test_sitemap_lists_pages_with_lastmod(content: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out, "--base-url", "https://health.example.org/a&b")
    tree = ET.fromstring((out / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [(u.findtext("s:loc", namespaces=ns), u.findtext("s:lastmod", namespaces=ns))
            for u in tree.findall("s:url", ns)]
    assert urls == [
        ("https://health.example.org/a&b/", None),
        ("https://health.example.org/a&b/high-blood-pressure/", "2026-10-01"),
        ("https://health.example.org/a&b/paracetamol/", "2026-09-20"),
    ]


BAD_BASE_URLS = ["ftp://x.org/", "health.example.org", "javascript:alert(1)",
                 "https://x.org/?a=1", "https://x.org/\"><script>", "https://x.org/a\x01b",
                 "https://x.org/\x1b[31m", "https://x.org/\x7f", "https://x.org/\x9b",
                 "https://x.org/\udcff", "https://x.org/\ufffe", "http://[x.org/"]


@pytest.mark.parametrize("url", BAD_BASE_URLS)
def test_bad_base_url_is_a_usage_error(content: Path, tmp_path: Path, url: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_export(capsys, content, "--out", tmp_path / "site", "--base-url", url)
    assert code == 2 and "--base-url" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("url", [u for u in BAD_BASE_URLS if "\udcff" not in u])  # not TOML
def test_bad_base_url_in_the_config_is_a_config_error(content: Path, tmp_path: Path, url: str,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    value = "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
                    for c in url)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.healthlint.export]\nbase-url = "{value}"\n', "utf-8")
    code, _, err = run_export(capsys, content, "--out", tmp_path / "site")
    assert code == 2 and "export.base-url" in err and "pyproject.toml" in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_the_sitemap_is_well_formed_xml_whatever_the_base_url(content: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    base = "https://h.example.org/caf\u00e9&x=<1>/\U0001f600/"
    code, _, err = run_export(capsys, content, "--out", tmp_path / "site", "--base-url", base)
    if code == 2:  # refused as a usage error is fine; a malformed sitemap is not
        assert "--base-url" in err
        return
    tree = ET.fromstring((tmp_path / "site" / "sitemap.xml").read_bytes())
    assert tree.find("{http://www.sitemaps.org/schemas/sitemap/0.9}url") is not None


# ---- slugs and held-back articles ------------------------------------------------------------
@pytest.mark.parametrize("slug", ['"../x"', '"/etc"', '"a/b"', '""', "Asthma", "a--b", "assets",
                                  "[a, b]", "12.5"])
def test_bad_slug_is_an_error_and_nothing_is_written(content: Path, tmp_path: Path, slug: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = article("placeholder", "Drinking water").replace("slug: placeholder", f"slug: {slug}")
    (content / "water.md").write_text(text, "utf-8")
    out = tmp_path / "site"
    code, stdout, _ = run_export(capsys, content, "--out", out)
    assert code == 1
    assert re.search(r"water\.md:8:1: HL020 \[error\] front matter slug .* cannot be a folder",
                     stdout), stdout
    assert "Exported 2 of 3 articles" in stdout
    # the summary counts every article checked, not only the one held back
    assert "3 files checked: 1 error" in stdout and "1 file checked" not in stdout
    names = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")}
    assert not any("etc" in n or n.endswith("/x") or "/a/b" in n for n in names)
    manifest = assert_complete_site(out)
    assert sorted(e["slug"] for e in manifest["articles"]) == ["high-blood-pressure",
                                                               "paracetamol"]


def test_file_name_slug(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    text = article("x", "Drinking water").replace("slug: x\n", "")
    (folder / "drinking-water.md").write_text(text, "utf-8")
    (folder / "Bad Name.md").write_text(text, "utf-8")
    code, stdout, _ = run_export(capsys, folder, "--out", tmp_path / "site")
    assert code == 1
    assert "Bad Name.md:1:1: HL020 [error] file name 'Bad Name' cannot be a folder" in stdout
    assert (tmp_path / "site" / "drinking-water" / "index.html").is_file()


HUGE_HEX = "0x" + "f" * 4000  # a valid YAML integer past Python's int-to-text limit


@pytest.mark.parametrize("front, code, words", [
    ("slug: " + "a" * 300, "HL020", "300 characters long"),
    ("slug: " + "a-" * 130 + "b", "HL020", "261 characters long"),
    (f"description: {HUGE_HEX}", "HL024", "front matter description: a number of more than"),
    (f"author: {HUGE_HEX}", "HL024", "front matter author"),
    (f"lang: {HUGE_HEX}", "HL024", "front matter lang"),
    (f"reviewer: [a, {HUGE_HEX}]", "HL024", "front matter reviewer"),
])
def test_check_reports_what_export_cannot_publish_and_export_holds_back_only_that(
        content: Path, tmp_path: Path, front: str, code: str, words: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    text = article("drinking-water", "Drinking water")
    if front.startswith("slug: "):
        text = text.replace("slug: drinking-water\n", front + "\n")
    else:
        key = front.split(":")[0]
        text = re.sub(rf"(?m)^{key}: .*$", lambda _: front, text) if f"\n{key}:" in text \
            else text.replace("slug: drinking-water\n", f"slug: drinking-water\n{front}\n")
    (content / "water.md").write_text(text, "utf-8")
    status = main(["check", "--today", TODAY_ARG, "--format", "json", str(content / "water.md")])
    found = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == code]
    assert status == 1 and len(found) == 1 and words in found[0]["message"], found
    out = tmp_path / "site"
    for force in ((), ("--force",)):
        status, stdout, err = run_export(capsys, content, "--out", out, *force)
        assert status == 1 and "Traceback" not in err, err
        assert re.search(rf"water\.md:\d+:1: {code} \[error\]", stdout), stdout
        assert "Exported 2 of 3 articles" in stdout
        manifest = assert_complete_site(out)
        assert sorted(e["slug"] for e in manifest["articles"]) == ["high-blood-pressure",
                                                                   "paracetamol"]
        assert siblings(out) == []


def test_a_review_date_at_the_end_of_time_exports_with_force(content: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    text = article("drinking-water", "Drinking water").replace(
        "last_reviewed: 2026-09-01", 'last_reviewed: "9999-12-31"')
    (content / "water.md").write_text(text, "utf-8")
    out = tmp_path / "site"
    code, stdout, err = run_export(capsys, content, "--out", out)
    assert code == 1 and "HL603" in stdout  # a review date in the future is an error
    code, stdout, err = run_export(capsys, content, "--out", out, "--force")
    assert code == 0 and "Traceback" not in err, err
    assert "Exported 3 of 3 articles" in stdout
    page = (out / "drinking-water" / "index.html").read_text("utf-8")
    strict_parse(page)
    assert '<time datetime="9999-12-31">31 December 9999</time>' in page
    assert "Next review" not in page


def test_slug_clash_holds_back_both_whatever_the_order(content: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    (content / "water.md").write_text(article("paracetamol", "Drinking water"), "utf-8")
    for order in ([content / "water.md", content / "paracetamol.md"],
                  [content / "paracetamol.md", content / "water.md"]):
        out = tmp_path / "site"
        code, stdout, _ = run_export(capsys, *order, content / "high-blood-pressure.md",
                                     "--out", out, "--force")
        assert code == 1
        assert stdout.count("HL021 [error] slug 'paracetamol' is also the slug of") == 2
        manifest = assert_complete_site(out)
        assert [e["slug"] for e in manifest["articles"]] == ["high-blood-pressure"]
        assert not (out / "paracetamol").exists()


def write_broken_water(content: Path) -> None:
    """content/water.md with front matter that is not YAML: an error, exported only with
    --force (its slug then comes from the file name)."""
    broken = article("drinking-water", "Drinking water").replace(
        "title: Drinking water", "title: [unclosed")
    (content / "water.md").write_text(broken, "utf-8")


def assert_forced_page(page: Path) -> None:
    """A page published with --force says it did not pass review and is not indexed."""
    root = strict_parse(page.read_text("utf-8"))
    assert root.find("head/meta[@name='robots']").get("content") == "noindex"
    notice = root.find("body/main/article/div[@class='review-notice']")
    assert notice is not None and notice.get("role") == "note"
    assert "did not pass review" in "".join(notice.itertext())


def test_a_forced_page_is_left_out_of_the_sitemap(content: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    write_broken_water(content)
    out = tmp_path / "site"
    for _ in range(2):  # rendered, then copied from the previous site: the same either way
        code, _, _ = run_export(capsys, content, "--out", out, "--force", "--base-url",
                                "https://health.example.org/")
        assert code == 0
        assert_forced_page(out / "water" / "index.html")
        sitemap = (out / "sitemap.xml").read_text("utf-8")
        assert "/water/" not in sitemap and "/high-blood-pressure/" in sitemap
        index = strict_parse((out / "index.html").read_text("utf-8"))
        flagged = {item.find("a").get("href"): item.findtext("p[@class='review-flag']")
                   for item in index.iter("li")}
        assert flagged["water/"] == "Did not pass review"  # still listed, and marked
        assert flagged["high-blood-pressure/"] is None


def test_site_name_names_every_page(content: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.healthlint.export]\nsite-name = "Riverside Health"\n'
        'site-title = "All our articles"\n', "utf-8")
    out = tmp_path / "site"
    code, _, err = run_export(capsys, content, "--out", out)
    assert code == 0, err
    page = strict_parse((out / "high-blood-pressure" / "index.html").read_text("utf-8"))
    assert page.findtext("head/title") == "High blood pressure · Riverside Health"
    assert page.findtext("body/header/a[@class='site-name']") == "Riverside Health"
    index = strict_parse((out / "index.html").read_text("utf-8"))
    assert index.findtext("head/title") == "All our articles · Riverside Health"
    assert index.findtext("body/main/h1") == "All our articles"
    assert index.findtext("body/header/a[@class='site-name']") == "Riverside Health"


def test_articles_with_errors_are_held_back_unless_forced(content: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    write_broken_water(content)
    out = tmp_path / "site"
    code, stdout, _ = run_export(capsys, content, "--out", out)
    assert code == 1
    assert "Held back 1 article with error findings" in stdout
    assert "water.md:3:1: HL005 [error] front matter is not valid YAML" in stdout
    assert not (out / "water").exists()

    # front matter that cannot be read is ignored: the slug comes from the file name
    code, stdout, _ = run_export(capsys, content, "--out", out, "--force")
    assert code == 0
    assert "Exported despite error findings (--force):" in stdout and "water.md" in stdout
    manifest = assert_complete_site(out)
    entry = next(e for e in manifest["articles"] if e["slug"] == "water")
    assert entry["findings"]["error"] >= 1 and entry["exported_with_errors"] is True
    strict_parse((out / "water" / "index.html").read_text("utf-8"))
    assert_forced_page(out / "water" / "index.html")

    # the page was exported with --force: a run without it lists the findings again
    code, stdout, _ = run_export(capsys, content, "--out", out)
    assert code == 1 and "HL005 [error]" in stdout
    assert not (out / "water").exists()


def test_warnings_do_not_block(content: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    text = article("drinking-water", "Drinking water").replace(
        "last_reviewed: 2026-09-01", "last_reviewed: 2020-01-01")
    (content / "water.md").write_text(text, "utf-8")
    out = tmp_path / "site"
    code, stdout, _ = run_export(capsys, content, "--out", out)
    manifest = assert_complete_site(out)
    entry = next(e for e in manifest["articles"] if e["slug"] == "drinking-water")
    assert entry["findings"]["error"] == 0 and entry["findings"]["warning"] >= 1, stdout
    assert code == 0


@pytest.mark.parametrize("src, code, message", [
    ("../outside.png", "HL022", "is outside the content folder"),
    ("/etc/hosts.png", "HL022", "is not relative to the article"),
    ("images/missing.png", "HL023", "not found"),
    ("images/chart.svg", "HL023", "type '.svg' is not published"),
    ("data:image/png;base64,iVBORw0KGgo=", "HL023", "scheme 'data:' is not allowed"),
])
def test_unusable_images_are_errors(content: Path, tmp_path: Path, src: str, code: str,
                                    message: str, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\nsecret")
    (content / "images" / "chart.svg").write_text("<svg onload='alert(1)'/>", "utf-8")
    body = f"\n![A chart]({src})\n\n"
    (content / "water.md").write_text(article("drinking-water", "Drinking water", body=body),
                                      "utf-8")
    out = tmp_path / "site"
    exit_code, stdout, _ = run_export(capsys, content, "--out", out)
    assert exit_code == 1
    assert f"{code} [error]" in stdout and message in stdout, stdout
    assert not (out / "drinking-water").exists()

    exit_code, stdout, _ = run_export(capsys, content, "--out", out, "--force")
    assert exit_code == 0
    page = (out / "drinking-water" / "index.html").read_text("utf-8")
    strict_parse(page)
    assert "<img" not in page and '<span class="image-missing">A chart</span>' in page
    assert not any(b"secret" in p.read_bytes() or p.suffix == ".svg"
                   for p in out.rglob("*") if p.is_file())


def test_symlinked_image_leaving_content_is_refused(content: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "private.png").write_bytes(b"\x89PNG\r\n\x1a\nprivate")
    (content / "images" / "link.png").symlink_to(tmp_path / "private.png")
    body = "\n![A chart](images/link.png)\n\n"
    (content / "water.md").write_text(article("drinking-water", "Drinking water", body=body),
                                      "utf-8")
    code, stdout, _ = run_export(capsys, content, "--out", tmp_path / "site")
    assert code == 1 and "HL022 [error]" in stdout


# ---- where the site may go -------------------------------------------------------------------
def test_refuses_output_that_is_inside_or_contains_content(content: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    before = tree_bytes(tmp_path)
    for out, words in ((content, "is the content folder"),
                       (content / "site", "is inside the content folder"),
                       (tmp_path, "contains the content folder")):
        code, _, err = run_export(capsys, content, "--out", out, "--clean")
        assert code == 2 and words in err, err
    assert tree_bytes(tmp_path) == before


def test_refuses_a_folder_that_is_not_an_export_unless_clean(content: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", "utf-8")
    code, _, err = run_export(capsys, content, "--out", out)
    assert code == 2 and "not a healthlint export" in err and "--clean" in err
    assert (out / "notes.txt").read_text("utf-8") == "keep me"
    # --clean replaces only a folder that holds what an export writes (tests/test_export_guards)
    code, _, err = run_export(capsys, content, "--out", out, "--clean")
    assert code == 2 and "notes.txt" in err
    assert (out / "notes.txt").read_text("utf-8") == "keep me"
    assert siblings(out) == []


def test_refuses_missing_parent_and_files(content: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_export(capsys, content, "--out", tmp_path / "no" / "site")
    assert code == 2 and "does not exist" in err and not (tmp_path / "no").exists()
    (tmp_path / "file").write_text("x", "utf-8")
    code, _, err = run_export(capsys, content, "--out", tmp_path / "file")
    assert code == 2 and "not a folder" in err


def test_a_second_export_replaces_the_first(content: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    (content / "water.md").write_text(article("drinking-water", "Drinking water"), "utf-8")
    assert run_export(capsys, content, "--out", out)[0] == 0
    (content / "water.md").unlink()
    assert run_export(capsys, content, "--out", out)[0] == 0
    assert not (out / "drinking-water").exists()
    assert_complete_site(out)
    assert siblings(out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


# ---- nothing half-done -----------------------------------------------------------------------
def test_a_failure_while_writing_leaves_the_old_site(content: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out)
    old = tree_bytes(out)
    (content / "paracetamol.md").write_text(
        (content / "paracetamol.md").read_text("utf-8").replace("Tylenol", "Panadol"), "utf-8")

    def broken_index(*args: object, **kwargs: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(render, "render_index", broken_index)
    with pytest.raises(RuntimeError, match="disk full"):
        main(["export", "--today", TODAY_ARG, str(content), "--out", str(out)])
    assert tree_bytes(out) == old
    assert siblings(out) == []


def test_a_failure_while_rendering_holds_back_that_article_only(
        content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    (content / "water.md").write_text(article("drinking-water", "Drinking water"), "utf-8")
    real = render.render_article

    def broken_for_one(doc: object, slug: str, *args: object, **kwargs: object) -> object:
        if slug == "paracetamol":
            raise ZeroDivisionError("division by zero")
        return real(doc, slug, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_article", broken_for_one)
    for force in ((), ("--force",)):
        code, stdout, err = run_export(capsys, content, "--out", out, *force)
        assert code == 1 and "Traceback" not in err, err
        assert re.search(r"paracetamol\.md:1:1: HL024 \[error\] the page could not be rendered "
                         r"\(ZeroDivisionError: division by zero\)", stdout), stdout
        assert "Exported 2 of 3 articles" in stdout and "1 held back" in stdout
        manifest = assert_complete_site(out)
        assert sorted(e["slug"] for e in manifest["articles"]) == ["drinking-water",
                                                                   "high-blood-pressure"]
        assert siblings(out) == []


def test_killed_runs_leave_the_old_or_the_new_site(tmp_path: Path) -> None:
    """SIGKILL an export at moments spread over a whole run: DIR is always one complete site,
    the one before the run or the one it was writing."""
    folder = tmp_path / "content"
    folder.mkdir()
    count = 80

    def write_corpus(version: str) -> None:
        for n in range(count):
            body = f"\nVersion {version} of article {n}.\n\n"
            (folder / f"a{n}.md").write_text(article(f"water-{n}", f"Water {n}", body=body),
                                             "utf-8")

    def site_version() -> str:
        manifest = assert_complete_site(out)
        assert len(manifest["articles"]) == count
        found = {re.search(r"Version (\w+) of article", (out / e["output"]).read_text("utf-8"))
                 .group(1) for e in manifest["articles"]}
        assert len(found) == 1, found
        return found.pop()

    out = tmp_path / "site"
    command = [sys.executable, "-m", "healthlint.commands.cli", "export", str(folder), "--out", str(out),
               "--today", TODAY_ARG, "--select", "HL0", "--jobs", "2"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    write_corpus("v0")
    started = time.monotonic()
    subprocess.run(command, check=True, env=env, cwd=tmp_path, capture_output=True)
    full_run = time.monotonic() - started
    current = site_version()
    outcomes = []
    for k in range(1, 7):
        write_corpus(f"v{k}")
        process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(full_run * k / 6)
        killed = process.poll() is None
        if killed:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        now = site_version()
        assert now in (current, f"v{k}")
        outcomes.append((killed, now == current))
        current = now
    assert any(killed for killed, _ in outcomes), "no run was killed: the test proved nothing"
    final = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert final.returncode == 0, final.stdout[-2000:] + final.stderr[-2000:]
    assert site_version() == "v6" and siblings(out) == []


def test_recover_restores_the_old_site_after_a_half_done_fallback_swap(tmp_path: Path) -> None:
    out = tmp_path / "site"
    backup = site.backup_dir(out)
    backup.mkdir()
    (backup / "manifest.json").write_text(json.dumps(
        {"generator": "healthlint", "articles": [], "files": {}}), "utf-8")
    build = site.build_dir(out)
    build.mkdir()
    (build / site.BUILD_MARKER).write_bytes(b"")
    site.recover(out)
    assert (out / "manifest.json").is_file() and not backup.exists() and not build.exists()


def test_recover_removes_an_empty_build_folder(tmp_path: Path) -> None:
    """A run killed between making the build folder and writing its marker (or between removing
    the marker and the folder) leaves it empty: the next run removes it and goes on."""
    out = tmp_path / "site"
    site.build_dir(out).mkdir()
    site.backup_dir(out).mkdir()
    site.recover(out)
    assert not site.build_dir(out).exists() and not site.backup_dir(out).exists()
    assert not out.exists()  # an empty backup is not an old site to put back


def test_recover_leaves_folders_it_did_not_make(tmp_path: Path) -> None:
    out = tmp_path / "site"
    stranger = site.build_dir(out)
    stranger.mkdir()
    (stranger / "thesis.txt").write_text("not ours", "utf-8")
    with pytest.raises(site.ExportError, match="not made by healthlint"):
        site.recover(out)
    assert (stranger / "thesis.txt").is_file()


# ---- same input, same output -----------------------------------------------------------------
def test_output_is_byte_identical_whatever_the_order_and_jobs(content: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    for n in range(export.POOL_MIN_ARTICLES):  # enough for worker processes to be used
        (content / f"water-{n}.md").write_text(article(f"water-{n}", f"Water {n}"), "utf-8")
    files = sorted(content.glob("*.md"))
    runs = {}
    for name, order, jobs in (("a", files, "1"), ("b", files[::-1], "2"),
                              ("c", files[3:] + files[:3], "3")):
        out = tmp_path / name
        code, stdout, _ = run_export(capsys, *order, "--out", out, "--jobs", jobs,
                                     "--base-url", "https://h.example.org/")
        assert code == 0, stdout
        runs[name] = tree_bytes(out)
    assert runs["a"] == runs["b"] == runs["c"]
    assert TODAY_ARG.encode() not in b"".join(runs["a"].values())  # no build date anywhere


def test_unchanged_articles_are_not_rendered_again(content: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out)
    first = tree_bytes(out)

    calls: list[str] = []
    real = render.render_article

    def counting(doc: object, slug: str, *args: object, **kwargs: object) -> object:
        calls.append(slug)
        return real(doc, slug, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_article", counting)
    code, stdout, _ = run_export(capsys, content, "--out", out)
    assert code == 0 and calls == [] and "(0 rendered, 2 unchanged)" in stdout
    assert tree_bytes(out) == first

    source = content / "paracetamol.md"
    source.write_text(source.read_text("utf-8").replace("Tylenol", "Panadol"), "utf-8")
    code, stdout, _ = run_export(capsys, content, "--out", out)
    assert calls == ["paracetamol"] and "(1 rendered, 1 unchanged)" in stdout

    (out / "high-blood-pressure" / "index.html").write_text("tampered", "utf-8")
    calls.clear()
    run_export(capsys, content, "--out", out)
    assert calls == ["high-blood-pressure"]
    assert_complete_site(out)

    (content / "images" / "blood-pressure-cuff.png").write_bytes(b"\x89PNG\r\n\x1a\nnew")
    calls.clear()
    run_export(capsys, content, "--out", out)
    assert calls == ["high-blood-pressure"]
    assert_complete_site(out)

    calls.clear()
    run_export(capsys, content, "--out", out, "--base-url", "https://h.example.org/")
    assert sorted(calls) == ["high-blood-pressure", "paracetamol"]


def test_unchanged_held_back_articles_are_not_linted_again(
        content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """check's result cache gives export the findings of unchanged articles: a held-back
    article is listed again, with the same findings, without being linted again; an article
    check has linted is only parsed to be rendered. Without the cache, the same output."""
    write_broken_water(content)
    out = tmp_path / "site"
    code, first, _ = run_export(capsys, content, "--out", out)
    assert code == 1 and "HL005 [error]" in first
    site_bytes = tree_bytes(out)

    linted: list[str] = []
    real = export.lint_file

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        linted.append(path.name)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(export, "lint_file", counting)
    code, again, _ = run_export(capsys, content, "--out", out)
    assert (code, linted) == (1, [])  # nothing linted, the same report
    assert again == first.replace("(2 rendered, 0 unchanged)", "(0 rendered, 2 unchanged)")
    assert tree_bytes(out) == site_bytes

    water = content / "water.md"
    water.write_text(water.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    code, changed, _ = run_export(capsys, content, "--out", out)
    assert linted == ["water.md"] and "HL005 [error]" in changed

    # check fills the same cache: a forced export of a fresh site lints nothing, and its
    # pages are the pages of an export that linted every article
    linted.clear()
    assert main(["check", "--today", TODAY_ARG, str(content)]) == 1
    capsys.readouterr()
    code, forced, _ = run_export(capsys, content, "--out", tmp_path / "forced", "--force")
    assert code == 0 and linted == []
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "empty-cache"))
    code, fresh, _ = run_export(capsys, content, "--out", tmp_path / "fresh", "--force")
    assert sorted(linted) == ["high-blood-pressure.md", "paracetamol.md", "water.md"]
    assert fresh.replace("fresh", "forced") == forced
    linted.clear()  # --no-cache: every article linted, though the cache has them all
    code, bypassed, _ = run_export(capsys, content, "--out", tmp_path / "bypass", "--force",
                                   "--no-cache")
    assert code == 0 and "(3 rendered, 0 unchanged)" in bypassed
    assert sorted(linted) == ["high-blood-pressure.md", "paracetamol.md", "water.md"]
    assert tree_bytes(tmp_path / "fresh") == tree_bytes(tmp_path / "forced")


def test_a_cached_run_matches_a_fresh_one(content: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    run_export(capsys, content, "--out", tmp_path / "one")
    run_export(capsys, content, "--out", tmp_path / "one")
    run_export(capsys, content, "--out", tmp_path / "two")
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


# ---- templates -------------------------------------------------------------------------------
def test_publisher_templates_override_ours(content: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "my-templates"
    mine.mkdir()
    (mine / "style.css").write_text("body { color: #222; }\n", "utf-8")
    (mine / "page.html").write_text(
        '{% extends "base.html" %}{% block title %}{{ meta.title }} | Example Health'
        "{% endblock %}{% block main %}<article>{{ body }}</article>{% endblock %}\n", "utf-8")
    config = Config.default(tmp_path)
    config.options["export"] = {"templates": "my-templates"}
    monkeypatch.setattr("healthlint.commands.cli.load_config", lambda args: config)
    out = tmp_path / "site"
    code, _, _ = run_export(capsys, content, "--out", out)
    assert code == 0
    page = (out / "paracetamol" / "index.html").read_text("utf-8")
    assert "<title>Paracetamol (acetaminophen) | Example Health</title>" in page
    strict_parse(page)
    assert (out / "assets" / "style.css").read_text("utf-8") == "body { color: #222; }\n"

    (mine / "style.css").write_text("body { color: #111; }\n", "utf-8")
    code, stdout, _ = run_export(capsys, content, "--out", out)
    assert "(2 rendered, 0 unchanged)" in stdout


# ---- units -----------------------------------------------------------------------------------
def test_heading_ids_are_unique_and_stable() -> None:
    doc = parse("# Title\n\n## Overview\n\n## Overview\n\n### Café & crème\n\n## 日本語\n\n"
                "## Contents\n\n## fn1\n\n## Overview 2\n")
    ids = list(render.heading_ids(doc.tokens).values())
    assert ids == ["title", "overview", "overview-2", "cafe-creme", "section", "contents",
                   "section-fn1", "overview-2-2"]
    assert ids == list(render.heading_ids(parse(doc.text).tokens).values())


def test_jobs_default_is_the_number_of_cores() -> None:
    from healthlint.commands.cli import build_parser

    args = build_parser().parse_args(["export", "--out", "site"])
    assert args.jobs is None and export.default_jobs() >= 1
    assert build_parser().parse_args(["export", "--out", "s", "--jobs", "3"]).jobs == 3
    assert build_parser().parse_args(["check"]).jobs is None  # check too (issue 10)


def test_one_export_at_a_time(content: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    with site.locked(out):
        code, _, err = run_export(capsys, content, "--out", out)
    assert code == 2 and "another healthlint export" in err and not out.exists()
    assert run_export(capsys, content, "--out", out)[0] == 0


def test_a_tampered_manifest_is_not_trusted(content: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out)
    (tmp_path / "secret.txt").write_text("private", "utf-8")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    for entry in manifest["articles"]:
        entry["output"] = "../secret.txt"
        entry["sha256"] = hashlib.sha256(b"private").hexdigest()
        entry["meta"]["last_reviewed"] = "<script>"
    manifest["articles"].append({"source": ["not", "text"]})
    (out / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    code, stdout, _ = run_export(capsys, content, "--out", out)
    assert code == 0 and "(2 rendered, 0 unchanged)" in stdout
    assert not any(b"private" in p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert_complete_site(out)


@pytest.mark.parametrize("template, words", [
    ("{% block main %}{{ body }", "template error: "),
    ("{% extends 'base.html' %}{% block main %}{{ no_such_value }}{% endblock %}",
     "'no_such_value' is undefined"),
])
def test_a_broken_template_is_a_clear_error(content: Path, tmp_path: Path, template: str,
                                            words: str, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out)
    old = tree_bytes(out)
    mine = tmp_path / "my-templates"
    mine.mkdir()
    (mine / "page.html").write_text(template, "utf-8")
    config = Config.default(tmp_path)
    config.options["export"] = {"templates": "my-templates"}
    monkeypatch.setattr("healthlint.commands.cli.load_config", lambda args: config)
    code, _, err = run_export(capsys, content, "--out", out)
    assert code == 2 and words in err and "nothing was written" in err
    assert tree_bytes(out) == old and siblings(out) == []


@pytest.mark.parametrize("value, words", [
    ("no-such-folder", "not found"),
    ("notes.txt", "is not a folder"),
    ("empty", "is not a template folder: it holds none of base.html, index.html, page.html"),
    ("/proc/self", "is not a template folder"),
])
def test_a_templates_setting_that_is_no_template_folder_says_so(
        content: Path, tmp_path: Path, value: str, words: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    if value.startswith("/proc") and not Path(value).is_dir():
        pytest.skip("no /proc on this system")
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.healthlint.export]\ntemplates = "{value}"\n', "utf-8")
    code, _, err = run_export(capsys, content, "--out", tmp_path / "site")
    assert code == 2 and "Traceback" not in err, err
    assert "export.templates" in err and "pyproject.toml" in err and words in err, err
    assert "cannot write" not in err
    assert not (tmp_path / "site").exists()


def test_no_paths_exports_the_configured_include(content: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run_export(capsys, "--out", "site")
    assert code == 0 and "Exported 2 of 2 articles to site" in stdout
    manifest = assert_complete_site(tmp_path / "site")
    assert sorted(e["source"] for e in manifest["articles"]) == [
        "content/high-blood-pressure.md", "content/paracetamol.md"]
    code, _, err = run_export(capsys, "--out", "content/site")
    assert code == 2 and "is inside the content folder" in err


@pytest.mark.parametrize("src", ["images/a%00.png", "images/" + "a" * 300 + ".png",
                                 "images/loop-a.png"])
def test_an_image_path_the_system_cannot_open_is_a_finding(content: Path, tmp_path: Path,
                                                           src: str,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    # a NUL byte, a name over the file system's limit, a symbolic link loop: each is an error
    # on its article, and the other articles are still exported
    (content / "images" / "loop-a.png").symlink_to("loop-b.png")
    (content / "images" / "loop-b.png").symlink_to("loop-a.png")
    body = f"\n![A chart]({src})\n\n"
    (content / "water.md").write_text(article("drinking-water", "Drinking water", body=body),
                                      "utf-8")
    out = tmp_path / "site"
    code, stdout, err = run_export(capsys, content, "--out", out)
    assert code == 1 and "Traceback" not in err
    assert "HL023 [error]" in stdout and "cannot be opened" in stdout, stdout
    assert "Exported 2 of 3 articles" in stdout
    assert_complete_site(out)


def test_an_output_folder_that_cannot_be_created_is_a_usage_error(
        content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a read-only or permission-denied parent folder (root ignores chmod, so the refusal of
    # the file system is simulated where the site folder is first created)
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(site.Path, "mkdir", refuse)
    code, _, err = run_export(capsys, content, "--out", tmp_path / "site")
    assert code == 2 and "Traceback" not in err
    assert err.startswith("healthlint: cannot write") and "Permission denied" in err
    assert not (tmp_path / "site").exists()


def test_a_named_pipe_among_the_articles_is_reported_not_waited_on(
        content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import threading

    pipes = tmp_path / "pipes"
    pipes.mkdir()
    fifo = pipes / "pipe.md"
    os.mkfifo(fifo)
    codes: list[int] = []
    worker = threading.Thread(daemon=True, target=lambda: codes.append(main(
        ["export", "--today", TODAY_ARG, str(content), str(fifo), "--out", str(tmp_path / "site"),
         "--jobs", "1"])))
    worker.start()
    worker.join(30)
    if worker.is_alive():  # it blocked reading the FIFO: open the other end so it can finish
        with open(fifo, "wb"):
            pass
        worker.join(30)
        pytest.fail("export waited for a writer on a FIFO")
    stdout = capsys.readouterr().out
    assert codes == [1] and "HL001 [error] not a regular file (a named pipe)" in stdout
    assert "Exported 2 of 3 articles" in stdout


# ---- links between articles ------------------------------------------------------------------
ALPHA = """# Alpha

See [beta](drugs/beta.md), its [side effects](drugs/beta.md#side-effects) and
[a page elsewhere](https://example.org/notes.md).
"""
BETA = """---
slug: beta-blockers
---
# Beta

Back to [alpha](../alpha.md).

## Side effects

Tiredness.
"""


def linked_articles(tmp_path: Path) -> Path:
    content = tmp_path / "links"
    (content / "drugs").mkdir(parents=True)
    (content / "alpha.md").write_text(ALPHA, "utf-8")
    (content / "drugs" / "beta.md").write_text(BETA, "utf-8")
    return content


def page_links(page: Path) -> dict[str, str | None]:
    root = strict_parse(page.read_text("utf-8"))
    return {"".join(a.itertext()): a.get("href") for a in root.iter("a")
            if a.get("class") is None and (a.get("href") or "").startswith(("../", "h"))
            or a.get("href") is None}


def test_a_link_to_an_article_becomes_a_link_to_its_page(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    content = linked_articles(tmp_path)
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out, "--force")
    alpha = page_links(out / "alpha" / "index.html")
    assert alpha["beta"] == "../beta-blockers/"
    assert alpha["side effects"] == "../beta-blockers/#side-effects"
    assert alpha["a page elsewhere"] == "https://example.org/notes.md"
    assert page_links(out / "beta-blockers" / "index.html")["alpha"] == "../alpha/"
    beta_page = strict_parse((out / "beta-blockers" / "index.html").read_text("utf-8"))
    assert any(h.get("id") == "side-effects" for h in beta_page.iter("h2"))

    # the slug changes: the page that links to it is rendered again, not copied
    (content / "drugs" / "beta.md").write_text(BETA.replace("beta-blockers", "beta"), "utf-8")
    _, stdout, _ = run_export(capsys, content, "--out", out, "--force")
    assert "(2 rendered, 0 unchanged)" in stdout
    assert page_links(out / "alpha" / "index.html")["beta"] == "../beta/"


def test_a_link_to_an_article_that_is_not_published_is_no_link(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = linked_articles(tmp_path)
    (content / "drugs" / "beta.md").write_text(BETA.replace("beta-blockers", "Not A Slug"))
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out, "--force")
    root = strict_parse((out / "alpha" / "index.html").read_text("utf-8"))
    beta = next(a for a in root.iter("a") if "".join(a.itertext()) == "beta")
    assert beta.get("href") is None


def test_check_reports_links_to_missing_articles_and_headings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = linked_articles(tmp_path)
    (content / "alpha.md").write_text(
        ALPHA + "\nAlso [gone](gone.md) and [a heading](drugs/beta.md#dosage), "
        "[the title](drugs/beta.md#beta).\n", "utf-8")
    code = main(["check", "--select", "HL025", "--format", "json", str(content)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    found = [(f["line"], f["column"], f["message"]) for f in findings]
    assert [(line, col) for line, col, _ in found] == [(6, 13), (6, 38), (6, 73)]
    assert "the link to `gone.md` names no article" in found[0][2]
    assert "no heading with the id `dosage`; its headings are #side-effects" in found[1][2]
    assert "no heading with the id `beta`" in found[2][2]  # the title has no id on the page
    assert [f["suggestion"] for f in findings][1] == "drugs/beta.md#side-effects"


@pytest.mark.parametrize(("text", "slug"), [
    ("---\nslug: beta-blockers\n---\n# Beta\n", "beta-blockers"),
    ("---\r\nslug: beta-blockers\r\n---\r\n# Beta\r\n", "beta-blockers"),
    ("\ufeff---\nslug: beta-blockers\n---\n# Beta\n", "beta-blockers"),
    ("---\ntitle: [unclosed\nslug: other\n---\n# Beta\n", "beta"),  # unreadable: the name
    ("---\nslug: &a beta-x\nalias: *a\n---\n# Beta\n", "beta"),  # aliases are refused
    ("---\nslug: Not A Slug\n---\n# Beta\n", None),  # HL020: not exported
    ("# Beta\n\n---\nslug: other\n---\n", "beta"),  # a rule, not front matter
    ("---\nslug: 0x1f\n---\n# Beta\n", None),  # YAML reads a number: HL020
    ("---\nslug: yes\n---\n# Beta\n", None),
    ("---\nslug: null\n---\n# Beta\n", "beta"),
    ("---\nslug: a-b\nslug: c-d\n---\n# Beta\n", "c-d"),  # as the YAML loader reads it
    ("---\ntitle: x\nslug:   spaced-out  \n---\n# Beta\n", "spaced-out"),
])
def test_the_slug_export_links_to_is_the_slug_it_exports(tmp_path: Path, text: str,
                                                         slug: str | None) -> None:
    from healthlint.commands.export.options import file_slug

    file = tmp_path / "beta.md"
    file.write_text(text, "utf-8", newline="")
    assert file_slug(file, 2_000_000) == slug
    if slug is not None:  # the same as the page it exports
        doc = parse(text)
        assert render.article_slug(doc, "beta.md")[0] == slug
