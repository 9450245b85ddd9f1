"""Each folder's configuration for the language server, discovered as the CLI does: kept with
the checks' cache that goes with it. Free of pygls and lsprotocol, so the first lint
(``firstlint.py``) reads it before they are imported, and the server goes on with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pygls.uris import to_fs_path  # light: neither lsprotocol nor the server

if TYPE_CHECKING:
    from healthlint.config import Config
    from healthlint.core.findings import Finding
    from healthlint.parse.document import Document

CONFIG_NAMES = ("healthlint.toml", "pyproject.toml")

Stamp = tuple[Any, ...]


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size, found.st_ino


@dataclass
class Settings:
    """One folder's configuration and the checks' cache that goes with it (word lists and
    speller, kept between lints while the files they come from are unchanged)."""

    stamp: Stamp
    config: Config | None
    error: str | None
    words_stamp: Stamp = ()
    cache: dict[str, Any] = field(default_factory=dict)


class Configs:
    """The configuration of each folder, discovered as the CLI does and read again when a
    config file that discovery looks at, or a word list the config names, has changed."""

    def __init__(self) -> None:
        self.folders: dict[Path, Settings] = {}

    def clear(self) -> None:
        self.folders.clear()

    def get(self, folder: Path) -> Settings:
        stamp = tuple(_stat(where / name) for where in [folder, *folder.parents]
                      for name in CONFIG_NAMES)
        settings = self.folders.get(folder)
        if settings is None or settings.stamp != stamp:
            from healthlint.config import Config, ConfigError

            try:
                settings = Settings(stamp, Config.discover(folder), None)
            except ConfigError as exc:
                settings = Settings(stamp, None, str(exc))
            self.folders[folder] = settings
        if settings.config is not None:
            words = tuple(_stat(path) for path in wordlists(settings.config))
            if words != settings.words_stamp:
                settings.words_stamp, settings.cache = words, {}
        return settings


def wordlists(config: Config) -> list[Path]:
    return [config.root / str(name) for name in config.section("spelling").get("wordlists", [])]


def document_path(uri: str) -> Path | None:
    """The file of a document's URI; None for a document without one (untitled)."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def lint_open(text: str, path: Path | None, shown: str, config: Config,
              cache: dict[str, Any]) -> tuple[Document | None, list[Finding]] | None:
    """Lint an open document's text as its folder's ``config`` says, with its checks'
    ``cache``: its Document (None when the text cannot be parsed) and findings, or None when
    the configuration excludes the file. Used by the first lint and by the server."""
    from healthlint.engine.runner import excluded, finish, lint_document
    from healthlint.parse.document import decode_and_parse

    if path is not None and excluded(path, config):
        return None
    doc, problems = decode_and_parse(text.encode("utf-8", "surrogatepass"), shown)
    if doc is None:
        return None, finish(None, problems, config)
    return doc, lint_document(doc, config, None, cache)
