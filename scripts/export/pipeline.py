"""``healthlint export``: publish the articles that pass the checks as a static HTML site.

Issue 4 and DESIGN.md ("Export"). For each article: read and parse once, lint that Document,
then render the same Document's tokens (scripts/render.py). Articles with error findings are
held back and listed with their findings (exit 1) unless ``--force``; the others are written to
a new site that replaces DIR atomically (scripts/site.py). Unchanged articles (same source,
config, templates, code and date) are copied from the previous site, not rendered again.

Exit codes: 0 every article exported, 1 some held back, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from healthlint.commands.export import render, site
from healthlint.commands.export.options import (  # noqa: F401  (add_arguments: the CLI)
    INVALID_SLUG,
    SLUG_CLASH,
    UNRENDERABLE,
    add_arguments,
    article_link,
    file_slug,
    md_links,
)
from healthlint.commands.export.render import ArticleMeta, Asset
from healthlint.commands.export.site import ExportError
from healthlint.commands.progress import bar as progress_bar
from healthlint.commands.progress import wanted as progress_wanted
from healthlint.config import Config, ConfigError
from healthlint.core.findings import Finding, Severity
from healthlint.engine.runner import (
    FileResult,
    available_cores,
    collect_paths,
    display_path,
    include_root,
    lint_file,
)
from healthlint.parse.document import file_finding, read_document

POOL_MIN_ARTICLES = 16  # fewer are faster in one process than spread over new ones


def default_jobs() -> int:
    return available_cores()


@dataclass(frozen=True)
class Job:
    """One article to export, with everything a worker process needs to know about it."""

    path: str
    display: str
    source: str  # path shown in the manifest: relative to the config folder, POSIX
    root: str  # the content folder it belongs to
    key: str  # cache key: source bytes, config, templates, code, date, base URL


@dataclass
class Outcome:
    """What became of one article: its findings, and its page unless it was held back."""

    job: Job
    findings: list[Finding]
    slug: str | None = None
    meta: ArticleMeta | None = None
    page: bytes | None = None
    assets: list[Asset] = field(default_factory=list)
    cached: dict[str, Any] | None = None  # the previous manifest entry, when reused
    linted: FileResult | None = None  # the lint's result (no Document), when linted here
    # held back before rendering: what its images resolved to (render.ImagePlan.facts), kept
    # with its findings in the result cache, so an unchanged held-back article is not parsed
    held_facts: list[list[str | None]] | None = None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity >= Severity.ERROR)

    def counts(self) -> dict[str, int]:
        if self.cached is not None:
            return dict(self.cached["findings"])
        found = Counter(str(f.severity) for f in self.findings)
        return {str(s): found[str(s)] for s in Severity}


@dataclass(frozen=True)
class Settings:
    config: Config
    today: dt.date
    base_url: str | None
    force: bool
    slugs: dict[str, str] = field(default_factory=dict)  # resolved article path -> its slug
    known: dict[str, FileResult] = field(default_factory=dict)  # job.path -> cached lint


class Results(Protocol):
    """check's result cache, file by file (``healthlint.commands.cache.FileCache``)."""

    def read(self, file: Path) -> FileResult | None: ...

    def write(self, file: Path, result: FileResult) -> None: ...

    def read_held(self, file: Path, key: str) -> tuple[list[Finding], Any] | None: ...

    def write_held(self, file: Path, key: str, findings: list[Finding], facts: Any) -> None: ...


# ---- worker ----------------------------------------------------------------------------------
_SETTINGS: Settings | None = None
_LINT_CACHE: dict[str, Any] = {}


def _start_worker(settings: Settings) -> None:
    global _SETTINGS
    _SETTINGS = settings


def _start_pool_worker(settings: Settings) -> None:
    site.drop_inherited_lock()
    _start_worker(settings)


def build_article(job: Job) -> Outcome:
    """Lint one article and, when it may be published, render its page (in a worker)."""
    settings = _SETTINGS
    assert settings is not None, "worker not started"
    config = settings.config
    known = settings.known.get(job.path)
    fresh: FileResult | None = None
    if known is None:
        result = lint_file(Path(job.path), job.display, config, settings.today, _LINT_CACHE)
        fresh = FileResult(result.path, result.findings, None, result.words)
    else:  # the findings check (or an earlier export) found in these bytes: parse, no lint
        doc, _ = read_document(Path(job.path), job.display, config.max_file_size)
        result = FileResult(known.path, known.findings, doc, known.words)
    doc = result.document
    if doc is None:
        return Outcome(job, result.findings, linted=fresh)
    slug, slug_problem = render.article_slug(doc, Path(job.path).name)
    images = render.plan_images(doc, Path(job.path), Path(job.root), config)
    # the lint reports the slug as the config grades it; the export refuses it whatever the
    # config says, so its own finding takes the place of the lint's
    linted = [f for f in result.findings if f.code != INVALID_SLUG.code]
    findings = [*linted, *images.findings, *([slug_problem] if slug_problem else [])]
    outcome = Outcome(job, sorted(findings, key=_finding_order), slug, linted=fresh)
    if slug is None or (outcome.errors and not settings.force):
        outcome.held_facts = images.facts
        return outcome
    try:
        page = render.render_article(doc, slug, config, images, settings.base_url,
                                     forced=outcome.errors > 0,
                                     links=article_urls(doc, Path(job.path), settings.slugs))
    except Exception as exc:  # this article only: it is held back, the others are published
        import jinja2

        if isinstance(exc, jinja2.TemplateError):
            raise  # the publisher's templates: every page would fail the same way
        outcome.findings = sorted([*findings, unrenderable(job, exc)], key=_finding_order)
        return outcome
    outcome.meta, outcome.page, outcome.assets = page.meta, page.html.encode(), page.assets
    return outcome


def article_urls(doc: Any, source: Path, slugs: dict[str, str]) -> dict[str, str | None]:
    """Each link to another article (``beta.md#side-effects``) -> the URL of its page from this
    one (``../beta/#side-effects``), or None when that article is not part of the site."""
    urls: dict[str, str | None] = {}
    for link in doc.links:
        target = article_link(link.href)
        if target is None:
            continue
        path, fragment = target
        slug = slugs.get(str((source.parent / path).resolve()))
        urls[link.href] = None if slug is None else \
            f"../{slug}/" + (f"#{fragment}" if fragment else "")
    return urls


def unrenderable(job: Job, exc: Exception) -> Finding:
    reason = f"{type(exc).__name__}: {exc}"
    if len(reason) > 300:
        reason = reason[:300] + "..."
    return file_finding(job.display, UNRENDERABLE,
                        f"the page could not be rendered ({reason}); nothing is exported for "
                        "this article, even with --force; if nothing in the article explains "
                        "it, please report this with the article")


def _finding_order(f: Finding) -> tuple[object, ...]:
    return (f.line, f.column, f.code, f.end_line, f.end_column, f.message)


def render_all(jobs: list[Job], settings: Settings, workers: int,
               progress: bool) -> list[Outcome]:
    """Outcomes in the order of ``jobs``, from ``workers`` processes (1: this process), with
    check's progress bar on stderr when ``progress`` (stdout is the report's).

    The first article is always done here: it loads the checks' word lists and the templates,
    which forked workers then share instead of each loading them again.
    """
    _LINT_CACHE.clear()
    _start_worker(settings)
    with progress_bar(len(jobs), sys.stderr if progress else None, "exporting") as advance:
        outcomes = []
        for job in jobs[:1] if workers > 1 and len(jobs) >= POOL_MIN_ARTICLES else jobs:
            outcomes.append(build_article(job))
            advance(1)
        if len(outcomes) == len(jobs):
            return outcomes
        rest = jobs[1:]
        chunk = max(1, min(16, len(rest) // (workers * 4)))
        with ProcessPoolExecutor(max_workers=workers, initializer=_start_pool_worker,
                                 initargs=(settings,)) as pool:
            for outcome in pool.map(build_article, rest, chunksize=chunk):
                outcomes.append(outcome)
                advance(1)
        return outcomes


# ---- planning --------------------------------------------------------------------------------
_REAL_FOLDERS: dict[str, str] = {}  # a folder -> its real path, for one export


def resolved(path: Path) -> Path:
    """``path.resolve()``, with each folder resolved once per export rather than once per
    file (realpath reads every part of a path): only the last part is looked at again."""
    if path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    folder = str(path.parent)
    real = _REAL_FOLDERS.get(folder)
    if real is None:
        real = _REAL_FOLDERS[folder] = os.path.realpath(folder)
    return Path(real, path.name)


def content_roots(paths: Sequence[str], config: Config) -> list[Path]:
    """The folders whose files an export may publish: the folders given (a file's own folder),
    or the fixed part of each ``include`` pattern."""
    if paths:
        return sorted({(Path(p) if Path(p).is_dir() else Path(p).parent).resolve() for p in paths})
    return sorted({include_root(pattern, config) for pattern in config.include})


def root_of(path: Path, roots: Sequence[Path]) -> Path:
    real = resolved(path)
    inside = [r for r in roots if real.is_relative_to(r)]
    return max(inside, key=lambda r: len(r.parts)) if inside else real.parent


def manifest_source(path: Path, config: Config, root: Path) -> str:
    """A path for the manifest that does not depend on the machine: relative to the config
    folder, or else to the content folder's parent."""
    real = resolved(path)
    for base in (resolved(config.root), root.parent):
        if real.is_relative_to(base):
            return real.relative_to(base).as_posix()
    return path.name


def source_file(source: str, config: Config, root: Path) -> Path:
    """The file a :func:`manifest_source` path names."""
    candidate = (config.root / source).resolve()
    return candidate if candidate.is_relative_to(root) else root.parent / source


def make_jobs(files: Sequence[Path], roots: Sequence[Path], config: Config, common: str,
              slugs: dict[str, str] | None = None,
              links: dict[Path, list[str]] | None = None) -> list[Job]:
    """A job for each file; ``links``: each file's :func:`md_links`, when already read."""
    from healthlint.commands.report.text import escape_surrogates

    jobs = []
    for file in files:
        root = root_of(file, roots)
        # a name that is not UTF-8 is recorded with escapes (\xff): the manifest is UTF-8
        source = escape_surrogates(manifest_source(file, config, root))
        digest = hashlib.sha256(f"{common}\0{source}\0{root}\0".encode("utf-8",
                                                                        "surrogateescape"))
        # read in chunks; nothing is read from a named pipe, a folder, an unreadable file or
        # a file over max-file-size (the lint reports each of them unread)
        digest.update((site.file_sha256(file, config.max_file_size) or "unread").encode())
        # a page that links to other articles changes when their slugs do
        hrefs = links[file] if links is not None else md_links(file, config.max_file_size)
        linked = [(href, (slugs or {}).get(str(resolved(file.parent / target[0]))))
                  for href in hrefs if (target := article_link(href)) is not None]
        digest.update(json.dumps(linked).encode())
        jobs.append(Job(str(file), display_path(file), source, str(root), digest.hexdigest()))
    return jobs


MEDIA_RE = re.compile(r"assets/media/([0-9a-f]{16})-[A-Za-z0-9._-]+")


def reuse(job: Job, entry: Any, out: Path, force: bool, config: Config) -> Outcome | None:
    """The previous site's page for this article, when it can be copied as it is.

    The old manifest is read like any input: an entry is used only when its key matches, its
    paths have the shapes export writes, and every file still has its recorded SHA-256.
    """
    try:
        if not isinstance(entry, dict) or entry.get("cache_key") != job.key:
            return None
        if entry["findings"].get("error", 0) and not force:
            return None  # re-lint, to list its findings
        meta = site.meta_from_entry(entry)
        if not render.valid_slug(meta.slug) or entry["slug"] != meta.slug or \
                entry["output"] != f"{meta.slug}/index.html" or \
                site.file_sha256(out / entry["output"]) != entry["sha256"]:
            return None
        root = Path(job.root)
        for asset in entry["assets"]:
            shape = MEDIA_RE.fullmatch(asset["path"])
            source = source_file(asset["source"], config, root).resolve()
            if shape is None or shape.group(1) != asset["sha256"][:16] or \
                    not source.is_relative_to(root) or \
                    site.file_sha256(source) != asset["sha256"] or \
                    site.file_sha256(out / asset["path"]) != asset["sha256"]:
                return None
    except (KeyError, TypeError, AttributeError, ValueError):
        return None
    return Outcome(job, [], meta.slug, meta, cached=entry)


def held_again(job: Job, results: Results, settings: Settings,
               outcomes: dict[str, Outcome]) -> bool:
    """Whether the result cache says this article is held back as it was last time (same
    bytes, config, date, code, templates, linked slugs, and every image resolving the same
    way), with the same findings; if so its outcome goes into ``outcomes``, unparsed."""
    found = results.read_held(Path(job.path), job.key)
    if found is None:
        return False
    findings, facts = found
    try:
        slug = facts["slug"]
        if not (slug is None or render.valid_slug(slug)) or not render.images_resolve_as(
                facts["images"], Path(job.path), Path(job.root), settings.config):
            return False
    except (KeyError, TypeError):
        return False
    outcome = Outcome(job, findings, slug)
    if slug is not None and not (outcome.errors and not settings.force):
        return False  # published now (--force): rendered
    outcomes[job.path] = outcome
    return True


# ---- the command -----------------------------------------------------------------------------
def run(args: argparse.Namespace, config: Config, results: Results | None = None) -> int:
    try:
        return export(args, config, results)
    except ExportError as exc:
        print(f"healthlint: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the site folder cannot be written: read-only, no permission, full
        where = f" {exc.filename}" if exc.filename else ""
        print(f"healthlint: cannot write{where}: {exc.strerror or exc}; the previous site, "
              "if any, is unchanged", file=sys.stderr)
        return 2
    except Exception as exc:
        import jinja2

        if not isinstance(exc, jinja2.TemplateError):
            raise
        where = (f"{exc.filename}:{exc.lineno}: " if isinstance(exc, jinja2.TemplateSyntaxError)
                 else "")
        print(f"healthlint: template error: {where}{exc}; nothing was written", file=sys.stderr)
        return 2


def export(args: argparse.Namespace, config: Config, results: Results | None = None) -> int:
    """Export; ``results``: check's result cache, which gives the findings of an article
    whose bytes, config, date and healthlint are unchanged (a held-back article is listed
    again without being linted again) and keeps those of the articles linted here."""
    options = config.options.get("export", {})
    base_url = site.normalize_base_url(args.base_url or options.get("base-url") or None)
    site_title = render.site_title(config)
    for folder in render.template_folders(config)[:-1]:  # the publisher's; then ours
        problem = render.template_folder_problem(folder)
        if problem:
            where = config.source or "[tool.healthlint.export]"
            raise ConfigError(f"{where}: export.templates: {folder} {problem}")
    out: Path = args.out
    files, warnings, problems = collect_paths(args.paths, config)
    for warning in warnings:
        print(f"healthlint: {warning}", file=sys.stderr)
    # what the scan could not check (HL001, HL012, HL013): held back, never exported
    unchecked = [Outcome(Job(r.path, r.path, "", "", ""), r.findings) for r in problems]
    if not files:
        report(unchecked, [], out, args.force, False)
        print("healthlint: nothing to export", file=sys.stderr)
        return 2
    roots = content_roots(args.paths, config)
    keep = [config.root, Path.cwd(), *(Path(f) for f in files)]
    site.check_output(out, roots, args.clean, keep)
    today = args.today or dt.date.today()
    _REAL_FOLDERS.clear()
    # the articles' links to articles, and the slugs of the articles linked to (a page's
    # link becomes a link to that slug's folder); no other article's slug is read up front
    links = {f: md_links(f, config.max_file_size) for f in files}
    targets = {resolved(f.parent / target[0]) for f, hrefs in links.items() for href in hrefs
               if (target := article_link(href)) is not None}
    slugs = {str(r): s for f in files if (r := resolved(f)) in targets
             and (s := file_slug(f, config.max_file_size)) is not None}
    settings = Settings(config, today, base_url, args.force, slugs)
    common = json.dumps([site.code_digest(), site.config_digest(config),
                         render.templates_digest(config), base_url, today.isoformat(),
                         site.library_versions(), sys.version])
    with site.locked(out):
        site.recover(out)
        site.check_output(out, roots, args.clean, keep)
        previous = site.read_manifest(out) if out.is_dir() else None
        old_entries = {e["source"]: e for e in (previous or {}).get("articles", [])
                       if isinstance(e, dict) and isinstance(e.get("source"), str)}
        jobs = make_jobs(files, roots, config, common, slugs, links)
        outcomes: dict[str, Outcome] = {}
        fresh: list[Job] = []
        for job in jobs:
            cached = reuse(job, old_entries.get(job.source), out, args.force, config)
            if cached is not None:
                outcomes[job.path] = cached
            else:
                fresh.append(job)
        if results is not None:
            fresh = [job for job in fresh if not held_again(job, results, settings, outcomes)]
            settings = replace(settings, known={
                job.path: hit for job in fresh
                if (hit := results.read(Path(job.path))) is not None})
        workers = max(1, min(args.jobs or default_jobs(), default_jobs(), len(fresh)))
        bar = progress_wanted(len(fresh), sys.stderr)
        for outcome in render_all(fresh, settings, workers, bar):
            outcomes[outcome.job.path] = outcome
            if results is not None and outcome.linted is not None:
                results.write(Path(outcome.job.path), outcome.linted)
            if results is not None and outcome.held_facts is not None:
                results.write_held(Path(outcome.job.path), outcome.job.key, outcome.findings,
                                   {"slug": outcome.slug, "images": outcome.held_facts})
        ordered = [*unchecked, *(outcomes[job.path] for job in jobs)]
        mark_clashes(ordered)
        exported = [o for o in ordered if o.meta is not None]
        write_site(out, exported, config, base_url, site_title, args.force, previous)
    color = sys.stdout.isatty() and not args.no_color and not os.environ.get("NO_COLOR")
    report(ordered, exported, out, args.force, color)
    return 1 if len(exported) < len(ordered) else 0


def mark_clashes(outcomes: list[Outcome]) -> None:
    """Articles that share a slug: an error on each, and none of them is exported."""
    by_slug: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        if outcome.slug is not None:
            by_slug.setdefault(outcome.slug, []).append(outcome)
    for slug, same in by_slug.items():
        if len(same) < 2:
            continue
        for outcome in same:
            others = ", ".join(sorted(o.job.display for o in same if o is not outcome))
            outcome.findings.append(Finding(
                outcome.job.display, 1, 1, 1, 1, SLUG_CLASH.code, SLUG_CLASH.name,
                SLUG_CLASH.severity, f"slug {slug!r} is also the slug of {others}; neither is "
                "exported until each has its own slug"))
            outcome.meta = outcome.page = outcome.cached = None


def write_site(out: Path, exported: list[Outcome], config: Config, base_url: str | None,
               site_title: str, force: bool, previous: dict[str, Any] | None = None) -> bool:
    """Write the new site and swap it in; False, with nothing written, when DIR already holds
    exactly the files the new site would have (every page unchanged, and so its index,
    manifest and sitemap): the previous site (``previous``: its manifest) is kept as it is."""
    files: dict[str, bytes] = {}
    for name in render.STATIC_FILES:
        files[f"assets/{name}"] = render.static_file(config, name)
    if base_url:  # a page published with --force is not offered to search engines
        reviewed = [o.meta for o in exported if o.meta is not None and not forced(o)]
        files["sitemap.xml"] = site.sitemap_xml(base_url, reviewed)
    if all(o.cached is not None for o in exported):  # each page checked against its SHA-256
        entries = [o.cached for o in exported if o.cached is not None]
        # the same pages as last time, each under the same key (code, config, templates, base
        # URL, date, libraries): the index is the one that run made, when DIR still has it
        recorded = site.recorded_index(previous, entries)
        if recorded is None:
            files["index.html"] = render_index(exported, config, base_url, site_title)
        digests = {name: site.sha256(data) for name, data in files.items()}
        digests["index.html"] = recorded or digests["index.html"]
        if site.holds_exactly(out, site.manifest_json(entries, digests), digests, entries):
            return False
    if "index.html" not in files:
        files["index.html"] = render_index(exported, config, base_url, site_title)
    writer = site.SiteWriter(out)
    try:
        entries = []
        for outcome in exported:
            assert outcome.meta is not None
            entries.append(_write_article(writer, out, outcome, config, force))
        for name, data in files.items():
            writer.write(name, data)
        writer.write(site.MANIFEST, site.manifest_json(
            entries, {name: site.sha256(data) for name, data in files.items()}))
        writer.commit()
    except BaseException:
        writer.abandon()
        raise
    return True


def render_index(exported: list[Outcome], config: Config, base_url: str | None,
                 site_title: str) -> bytes:
    metas = [o.meta for o in exported if o.meta is not None]
    return render.render_index(
        config, site.index_groups(metas), site_title, base_url,
        frozenset(o.meta.slug for o in exported if o.meta is not None and forced(o))).encode()


def _write_article(writer: site.SiteWriter, out: Path, outcome: Outcome, config: Config,
                   force: bool) -> dict[str, Any]:
    assert outcome.meta is not None
    if outcome.cached is not None:
        entry = outcome.cached
        writer.copy(entry["output"], out / entry["output"])
        for asset in entry["assets"]:
            writer.copy(asset["path"], source_file(asset["source"], config,
                                                   Path(outcome.job.root)))
        return entry
    assert outcome.page is not None
    writer.write(f"{outcome.meta.slug}/index.html", outcome.page)
    assets = []
    for asset in outcome.assets:
        writer.copy(asset.target, Path(asset.source))
        source = manifest_source(Path(asset.source), config, Path(outcome.job.root))
        assets.append({"path": asset.target, "sha256": asset.sha256, "source": source})
    return site.manifest_entry(outcome.meta, outcome.job.source, outcome.page, outcome.counts(),
                               assets, outcome.job.key, bool(outcome.errors) and force)


def forced(outcome: Outcome) -> bool:
    """Whether the article is published only because of --force (its page says so)."""
    return bool(outcome.errors or (outcome.cached and outcome.cached["findings"].get("error")))


def report(ordered: list[Outcome], exported: list[Outcome], out: Path, force: bool,
           color: bool) -> None:
    from healthlint.commands.report.text import render_text, shown_name

    held = [o for o in ordered if o.meta is None]
    if held:
        # Every article checked is counted in the summary line; the held ones are listed.
        results = [FileResult(o.job.display, sorted(o.findings, key=_finding_order)
                              if o.meta is None else []) for o in ordered]
        print(f"Held back {len(held)} article{'s' if len(held) != 1 else ''} with error "
              "findings (fix them, or export anyway with --force):\n")
        print(render_text(results, color))
    despite = [o for o in exported if forced(o)]
    if despite and force:
        print("Exported despite error findings (--force): "
              + ", ".join(shown_name(o.job.display) for o in despite))
    rendered = sum(1 for o in exported if o.cached is None)
    reused = len(exported) - rendered
    print(f"Exported {len(exported)} of {len(ordered)} article{'s' if len(ordered) != 1 else ''}"
          f" to {out} ({rendered} rendered, {reused} unchanged)"
          + (f"; {len(held)} held back" if held else ""))
