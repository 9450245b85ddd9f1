"""An unchanged export is verified and kept; a change rebuilds exactly what it touches (issue 10).

Every run is compared with a cold export (``--no-cache``, an empty folder) of the same content:
whatever an export reuses, from its previous site or from the result cache, its output and its
report are those of a cold export. HOME and the result cache are the test's own folders.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from healthlint.commands.export import pipeline as export
from healthlint.commands.export import render, site
from healthlint.config import Config
from tests.commands.test_export import (
    EXPORT_FIXTURES,
    article,
    assert_complete_site,
    run_export,
    tree_bytes,
    write_broken_water,
)


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The export fixtures in a temporary content folder; HOME a temporary folder too."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    return Path(shutil.copytree(EXPORT_FIXTURES, tmp_path / "content"))


class Calls:
    """What an export did: articles linted, parsed without a lint, pages rendered, sites built."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.linted: list[str] = []
        self.parsed: list[str] = []
        self.rendered: list[str] = []
        self.built = self.indexes = 0
        lint, read, page, writer, index = (export.lint_file, export.read_document,
                                           render.render_article, site.SiteWriter,
                                           render.render_index)

        def linting(path: Path, *args: object, **kwargs: object) -> object:
            self.linted.append(path.name)
            return lint(path, *args, **kwargs)  # type: ignore[arg-type]

        def reading(path: Path, *args: object, **kwargs: object) -> object:
            self.parsed.append(path.name)
            return read(path, *args, **kwargs)  # type: ignore[arg-type]

        def rendering(doc: object, slug: str, *args: object, **kwargs: object) -> object:
            self.rendered.append(slug)
            return page(doc, slug, *args, **kwargs)  # type: ignore[arg-type]

        def building(out: Path) -> site.SiteWriter:
            self.built += 1
            return writer(out)

        def indexing(*args: object, **kwargs: object) -> str:
            self.indexes += 1
            return index(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(export, "lint_file", linting)
        monkeypatch.setattr(export, "read_document", reading)
        monkeypatch.setattr(render, "render_article", rendering)
        monkeypatch.setattr(site, "SiteWriter", building)
        monkeypatch.setattr(render, "render_index", indexing)

    def clear(self) -> None:
        self.linted, self.parsed, self.rendered, self.built, self.indexes = [], [], [], 0, 0


def cold(capsys: pytest.CaptureFixture[str], content: Path, out: Path,
         *args: str | Path) -> tuple[int, str, dict[str, bytes]]:
    """A cold export into ``out`` (removed first): no result cache, no previous site."""
    code, stdout, _ = run_export(capsys, content, "--out", out, "--no-cache", *args)
    return code, stdout, tree_bytes(out)


def same_as_cold(capsys: pytest.CaptureFixture[str], content: Path, out: Path,
                 printed: str, *args: str | Path) -> None:
    fresh = out.parent / f"cold-{len(list(out.parent.glob('cold-*')))}"
    code, stdout, files = cold(capsys, content, fresh, *args)
    assert tree_bytes(out) == files
    counts = r"\(\d+ rendered, \d+ unchanged\)"
    assert re.sub(counts, "", printed).replace(str(out), "OUT") == \
        re.sub(counts, "", stdout).replace(str(fresh), "OUT")


def test_an_unchanged_site_is_verified_and_kept(content: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write_broken_water(content)  # held back: HL005
    out = tmp_path / "site"
    code, first, _ = run_export(capsys, content, "--out", out, "--base-url",
                                "https://h.example.org/")
    assert code == 1 and "HL005 [error]" in first
    before = tree_bytes(out)
    inode = out.stat().st_ino
    calls = Calls(monkeypatch)
    code, again, _ = run_export(capsys, content, "--out", out, "--base-url",
                                "https://h.example.org/")
    # nothing linted, parsed, rendered (not even the index) or written: the same folder
    assert (code, calls.linted, calls.parsed, calls.rendered, calls.built, calls.indexes) == \
        (1, [], [], [], 0, 0)
    assert out.stat().st_ino == inode and tree_bytes(out) == before
    assert again == first.replace("(2 rendered, 0 unchanged)", "(0 rendered, 2 unchanged)")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]
    same_as_cold(capsys, content, out, again, "--base-url", "https://h.example.org/")


@pytest.mark.parametrize("damage", ["extra file", "extra folder", "page edited", "page linked",
                                    "index edited", "manifest edited", "image removed"])
def test_a_site_that_differs_from_its_manifest_is_rebuilt(
        content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out)
    page = out / "paracetamol" / "index.html"
    if damage == "extra file":
        (out / "paracetamol" / "notes.txt").write_text("mine", "utf-8")
    elif damage == "extra folder":
        (out / "assets" / "fonts").mkdir()
    elif damage == "page edited":
        page.write_text(page.read_text("utf-8") + " ", "utf-8")
    elif damage == "page linked":  # the same bytes, behind a symbolic link
        (tmp_path / "elsewhere.html").write_bytes(page.read_bytes())
        page.unlink()
        page.symlink_to(tmp_path / "elsewhere.html")
    elif damage == "index edited":
        (out / "index.html").write_text("<p>edited</p>", "utf-8")
    elif damage == "manifest edited":
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        (out / "manifest.json").write_text(json.dumps(manifest, indent=1), "utf-8")
    else:
        next((out / "assets" / "media").iterdir()).unlink()
    calls = Calls(monkeypatch)
    code, printed, _ = run_export(capsys, content, "--out", out)
    assert code == 0 and calls.built == 1
    assert not (out / "paracetamol" / "index.html").is_symlink()
    assert_complete_site(out)
    same_as_cold(capsys, content, out, printed)


def test_a_change_rebuilds_what_it_touches_and_no_more(
        content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(3):
        (content / f"water-{n}.md").write_text(article(f"water-{n}", f"Water {n}"), "utf-8")
    # water-0 links to water-1 (its page shows water-1's slug), water-2 to no article
    linking = content / "water-0.md"
    linking.write_text(linking.read_text("utf-8").replace(
        "Drink more when", "See [water 1](water-1.md#overview). Drink more when"), "utf-8")
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out)
    calls = Calls(monkeypatch)

    # one article's text: that page only
    calls.clear()
    source = content / "water-2.md"
    source.write_text(source.read_text("utf-8").replace("fruit and soup", "fruit"), "utf-8")
    code, printed, _ = run_export(capsys, content, "--out", out)
    assert calls.rendered == ["water-2"] and calls.linted == ["water-2.md"]
    same_as_cold(capsys, content, out, printed)

    # a linked article's slug: its own page and the page that links to it
    calls.clear()
    target = content / "water-1.md"
    target.write_text(target.read_text("utf-8").replace("slug: water-1", "slug: water-one"),
                      "utf-8")
    code, printed, _ = run_export(capsys, content, "--out", out)
    assert sorted(calls.rendered) == ["water-0", "water-one"]
    assert '<a href="../water-one/#overview">' in (out / "water-0" / "index.html").read_text(
        "utf-8")
    same_as_cold(capsys, content, out, printed)

    # a linked article's title (not shown on the linking page): that article's page only
    calls.clear()
    target.write_text(target.read_text("utf-8").replace("Water 1", "Water one"), "utf-8")
    code, printed, _ = run_export(capsys, content, "--out", out)
    assert calls.rendered == ["water-one"]
    same_as_cold(capsys, content, out, printed)

    # an article gone: every other page kept, the index made again without it
    calls.clear()
    (content / "water-2.md").unlink()
    code, printed, _ = run_export(capsys, content, "--out", out)
    assert calls.rendered == [] and calls.indexes == 1 and calls.built == 1
    assert not (out / "water-2").exists()
    same_as_cold(capsys, content, out, printed)


def test_a_template_or_config_change_rebuilds_every_page(
        content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "my-templates"
    mine.mkdir()
    (mine / "style.css").write_text("body { color: #222; }\n", "utf-8")
    config = Config.default(tmp_path)
    config.options["export"] = {"templates": "my-templates", "site-title": "Health A"}
    monkeypatch.setattr("healthlint.commands.cli.load_config", lambda args: config)
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out)
    calls = Calls(monkeypatch)
    (mine / "page.html").write_text(
        '{% extends "base.html" %}{% block main %}<article>{{ body }}</article>{% endblock %}\n',
        "utf-8")
    code, printed, _ = run_export(capsys, content, "--out", out)
    assert sorted(calls.rendered) == ["high-blood-pressure", "paracetamol"]
    assert calls.built == 1
    same_as_cold(capsys, content, out, printed)

    calls.clear()
    config.options["export"]["site-title"] = "Health B"
    code, printed, _ = run_export(capsys, content, "--out", out)
    assert sorted(calls.rendered) == ["high-blood-pressure", "paracetamol"]
    assert "Health B" in (out / "index.html").read_text("utf-8")
    same_as_cold(capsys, content, out, printed)

    # another version of a library that makes the pages (the sanitizer, here)
    calls.clear()
    versions = site.library_versions()
    monkeypatch.setattr(site, "library_versions", lambda: [*versions, "nh3=99"])
    run_export(capsys, content, "--out", out)
    assert sorted(calls.rendered) == ["high-blood-pressure", "paracetamol"]


def test_a_held_back_article_is_listed_again_from_the_cache(
        content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Its findings (the lint's and export's own: images, slug) come back from the result
    cache while its bytes, the config and the images it names are what they were."""
    water = article("drinking-water", "Drinking water", body="\n![A glass](images/glass.png)\n")
    (content / "water.md").write_text(water.replace("title: Drinking water",
                                                    "title: [unclosed"), "utf-8")
    out = tmp_path / "site"
    code, first, _ = run_export(capsys, content, "--out", out)
    assert code == 1 and "HL005 [error]" in first and "HL023" in first
    calls = Calls(monkeypatch)
    code, again, _ = run_export(capsys, content, "--out", out)
    assert (calls.linted, calls.parsed, calls.built) == ([], [], 0)
    same_as_cold(capsys, content, out, again)

    # the image it names appears: the article is parsed again, its HL023 gone
    calls.clear()
    (content / "images" / "glass.png").write_bytes(b"\x89PNG\r\n\x1a\nglass")
    code, printed, _ = run_export(capsys, content, "--out", out)
    assert calls.parsed == ["water.md"] and calls.linted == [] and "HL023" not in printed
    same_as_cold(capsys, content, out, printed)

    # --force publishes it: rendered, not taken from the cache of held-back articles
    calls.clear()
    code, printed, _ = run_export(capsys, content, "--out", out, "--force")
    assert code == 0 and calls.rendered == ["water"]
    same_as_cold(capsys, content, out, printed, "--force")


@pytest.mark.parametrize("damage", ["not json", "another shape", "another file's",
                                    "wrong images"])
def test_a_damaged_cache_entry_is_a_miss(content: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    write_broken_water(content)
    out = tmp_path / "site"
    run_export(capsys, content, "--out", out)
    held = Path(os.environ["HEALTHLINT_CACHE_DIR"]) / "export-v1"
    entries = list(held.iterdir())
    assert len(entries) == 1
    entry = entries[0]
    original = entry.read_text("utf-8")
    data = json.loads(original)
    if damage == "not json":
        entry.write_bytes(entry.read_bytes()[:-7])
    elif damage == "another shape":
        entry.write_text(json.dumps({**data, "findings": [["x"]]}), "utf-8")
    elif damage == "another file's":
        entry.write_text(json.dumps({**data, "path": "other.md"}), "utf-8")
    else:
        data["export"]["images"] = [["images/none.png", "../x.png", None, None, None, None,
                                     None]]
        entry.write_text(json.dumps(data), "utf-8")
    calls = Calls(monkeypatch)
    code, printed, _ = run_export(capsys, content, "--out", out)
    assert code == 1 and calls.parsed == ["water.md"] and calls.linted == []
    assert entry.read_text("utf-8") == original  # written again, as it was
    same_as_cold(capsys, content, out, printed)


def test_paths_resolve_as_path_resolve_does(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """export.resolved reads each folder once a run: the same answers as Path.resolve, with
    links to folders, links to files, `..`, missing files and relative paths."""
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "sub" / "a.md").write_text("a", "utf-8")
    (tmp_path / "linked").symlink_to(real)
    (real / "sub" / "b.md").symlink_to(real / "sub" / "a.md")
    (real / "up.md").symlink_to("sub/../sub/a.md")
    monkeypatch.chdir(real)
    export._REAL_FOLDERS.clear()
    for path in [tmp_path / "linked" / "sub" / "a.md", tmp_path / "linked" / "sub" / "b.md",
                 tmp_path / "linked" / "sub" / ".." / "up.md", real / "sub" / "missing.md",
                 Path("sub/a.md"), Path("up.md"), Path("linked/../sub/a.md"), Path("."),
                 tmp_path / "linked" / "sub" / "..", tmp_path / "linked"]:
        for _ in range(2):  # the second time from what the first one kept
            assert export.resolved(path) == path.resolve(), path
