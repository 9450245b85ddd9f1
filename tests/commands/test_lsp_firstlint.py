"""The first diagnostics, written before pygls and lsprotocol are imported (commands/lsp/
firstlint.py): the JSON lsprotocol's converter makes of the server's own diagnostics."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pygls.protocol import default_converter

from healthlint.commands.lsp import early, firstlint
from healthlint.commands.lsp.diagnostics import to_diagnostic
from healthlint.commands.lsp.plain import ExplainPages, diagnostic_json
from healthlint.commands.lsp.positions import UTF8, UTF16, split_lines
from healthlint.config import Config
from healthlint.engine.runner import lint_text

DATA = Path(__file__).parent / "data" / "lsp"
FIXTURES = Path(__file__).parents[1] / "fixtures"
TEXTS = [DATA / "article.md", DATA / "repeated.md", DATA / "table.md",
         *sorted(FIXTURES.rglob("*.md"))[:40]]


def message(body: dict[str, Any]) -> bytes:
    return early.frame(json.dumps(body).encode("utf-8"))


@pytest.mark.parametrize("encoding", [UTF16, UTF8])
def test_the_json_is_what_lsprotocol_writes_of_the_servers_diagnostic(encoding: str) -> None:
    converter = default_converter()
    docs = ExplainPages("https://example.org/rules")
    seen = 0
    for path in TEXTS:
        text = path.read_text("utf-8")
        lines = split_lines(text)
        for finding in lint_text(text, path.name, Config.default()):
            assert diagnostic_json(finding, lines, encoding, docs) == \
                converter.unstructure(to_diagnostic(finding, lines, encoding, docs))
            seen += 1
    assert seen > 50


def test_documents_changed_or_closed_before_pygls_are_left_to_it() -> None:
    def opened(uri: str, version: int) -> dict[str, Any]:
        return {"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "version": version, "text": "x", "languageId": "markdown"}}}

    messages = [{"method": "initialized", "params": {}}, opened("file:///a.md", 1),
                opened("file:///b.md", 3), opened("file:///c.md", 1),
                {"method": "textDocument/didChange", "params": {"textDocument": {
                    "uri": "file:///b.md", "version": 4}, "contentChanges": []}},
                {"method": "textDocument/didClose", "params": {"textDocument": {
                    "uri": "file:///c.md"}}}]
    assert firstlint.opened(messages) == [("file:///a.md", 1, "x")]


def test_a_started_server_publishes_the_opened_article_first(tmp_path: Path) -> None:
    """The second start answers `initialize` from the cache and lints the article opened
    with it before pygls is imported: its diagnostics are the server's, as JSON."""
    article = tmp_path / "article.md"
    text = (DATA / "article.md").read_text("utf-8")
    article.write_text(text, "utf-8")
    uri = article.as_uri()
    stdin = b"".join([
        message({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": tmp_path.as_uri(),
                            "capabilities": {"general": {"positionEncodings": ["utf-16"]}}}}),
        message({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        message({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                             "text": text}}}),
        message({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        message({"jsonrpc": "2.0", "method": "exit"}),
    ])
    cache = tmp_path / "cache"
    env = {**os.environ, "HEALTHLINT_CACHE_DIR": str(cache)}
    outputs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "healthlint.lsp"], input=stdin,
                              capture_output=True, env=env, cwd=tmp_path, timeout=180,
                              check=False)
        outputs.append([read[1] for read in _messages(done.stdout)])
    second = outputs[1]
    published = [m["params"] for m in second
                 if m.get("method") == "textDocument/publishDiagnostics"]
    assert published and published[0]["uri"] == uri and published[0]["version"] == 1
    assert [m.get("id") for m in second if "method" not in m] == [1, 2]  # answered once each
    first_answer = next(i for i, m in enumerate(second) if m.get("id") == 1)
    first_published = next(i for i, m in enumerate(second) if m.get("method") ==
                           "textDocument/publishDiagnostics")
    assert first_answer < first_published
    expected = _expected(text, article, cache)
    assert published[0]["diagnostics"] == expected and expected
    assert all(p["diagnostics"] == expected for p in published)  # pygls's own, if it got to it


def _expected(text: str, article: Path, cache: Path) -> list[dict[str, Any]]:
    """The server's diagnostics of the article, through lsprotocol's converter."""
    from healthlint.commands.report.ci import rules_uri

    previous = os.environ.get("HEALTHLINT_CACHE_DIR")
    os.environ["HEALTHLINT_CACHE_DIR"] = str(cache)
    try:
        converter = default_converter()
        docs = ExplainPages(rules_uri())
        lines = split_lines(text)
        config = Config.discover(article.parent)
        return [converter.unstructure(to_diagnostic(f, lines, UTF16, docs))
                for f in lint_text(text, str(article), config)]
    finally:
        if previous is None:
            del os.environ["HEALTHLINT_CACHE_DIR"]
        else:
            os.environ["HEALTHLINT_CACHE_DIR"] = previous


def _messages(data: bytes) -> list[tuple[bytes, Any]]:
    import io

    stream, found = io.BytesIO(data), []
    while (read := early.read_message(stream)) is not None:
        found.append(read)
    return found
