"""The first diagnostics, published before pygls and lsprotocol are imported.

Importing lsprotocol's types takes most of a start (about 0.45 s of CPU here), and an editor
opens the writer's article as soon as `initialize` is answered, which ``early.py`` does from
the user's cache at once. So when it has, the server first loads the engine and lints the
documents opened meanwhile, and writes their diagnostics itself (``plain.diagnostic_json``:
what lsprotocol's converter writes), then imports pygls, which reads every message as ever
(the documents are opened in its workspace too, and linted again there: the same diagnostics,
from the warm cache). A document edited or closed meanwhile, one without a file, one whose
folder's configuration cannot be read or that the configuration excludes is left to pygls.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from healthlint.commands.lsp.early import EarlyStart, frame
from healthlint.commands.lsp.plain import ExplainPages, diagnostic_json
from healthlint.commands.lsp.positions import UTF16, split_lines
from healthlint.commands.lsp.settings import Configs, document_path, lint_open

MOST = 8  # documents linted here at most; pygls lints the others as they come
WARM_UP = "# Warm-up\n\nA short text to load the dictionaries.\n"


def warm_up() -> None:
    """Import the engine and load what every lint needs (rules, dictionaries, compiled
    patterns) by linting a short text."""
    from healthlint.config import Config
    from healthlint.engine.checks import load_checks
    from healthlint.engine.runner import lint_text

    load_checks()
    lint_text(WARM_UP, "warm-up.md", Config.default(Path.cwd()))


def opened(messages: list[dict[str, Any]]) -> list[tuple[str, int | None, str]]:
    """The documents opened in ``messages`` and neither changed nor closed after: (uri,
    version, text), in the order they were opened."""
    found: dict[str, tuple[str, int | None, str] | None] = {}
    for message in messages:
        params = message.get("params")
        document = params.get("textDocument") if isinstance(params, dict) else None
        uri = document.get("uri") if isinstance(document, dict) else None
        if not isinstance(uri, str):
            continue
        if message.get("method") == "textDocument/didOpen" and uri not in found \
                and isinstance(document.get("text"), str):
            version = document.get("version")
            found[uri] = (uri, version if isinstance(version, int) else None, document["text"])
        elif message.get("method") in ("textDocument/didChange", "textDocument/didClose"):
            found[uri] = None
    return [entry for entry in found.values() if entry is not None]


def diagnostics(uri: str, text: str, configs: Configs, encoding: str,
                docs: ExplainPages) -> list[dict[str, Any]] | None:
    """The document's diagnostics as the server would publish them, or None when the server
    should be the one to answer (see the module's docstring)."""
    path = document_path(uri)
    if path is None:
        return None
    settings = configs.get(path.parent.resolve())
    if settings.config is None:
        return None
    linted = lint_open(text, path, str(path), settings.config, settings.cache)
    if linted is None or linted[0] is None:
        return None
    lines = split_lines(text)
    return [diagnostic_json(f, lines, encoding, docs) for f in linted[1]]


def publish_first(started: EarlyStart, configs: Configs) -> ExplainPages | None:
    """Lint what was opened while `initialize` was answered from the cache, and publish it;
    the explanation pages made on the way (for the server to go on with), or None when
    nothing was done here."""
    if not started.answered or started.result is None:
        return None
    from healthlint.commands.report.ci import rules_uri

    if not opened(started.messages):
        warm_up()  # the editor has not opened anything yet: ready for when it does
    capabilities = started.result.get("capabilities")
    encoding = capabilities.get("positionEncoding") if isinstance(capabilities, dict) else None
    encoding = encoding if isinstance(encoding, str) else UTF16
    docs = ExplainPages(rules_uri())
    for uri, version, text in opened(started.messages)[:MOST]:
        found = diagnostics(uri, text, configs, encoding, docs)
        if found is None:
            continue
        params: dict[str, Any] = {"uri": uri, "diagnostics": found}
        if version is not None:
            params["version"] = version
        body = {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": params}
        started.stdout.write(frame(json.dumps(body).encode("utf-8")))
        started.stdout.flush()
    return docs
