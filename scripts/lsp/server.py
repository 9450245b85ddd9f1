"""`healthlint lsp`: the Language Server Protocol over stdio (pygls).

One asyncio loop reads the client's messages; linting runs in one worker thread, so the loop
answers while an article is linted and two lints never share the checks' caches at once.
Each open document has at most one task: an edit cancels the task of the edit before it,
waits ``debounce`` seconds, lints the text as it is then, and publishes the findings only if
the document is still at that version (results for a stale version are dropped). The
configuration comes from the same discovery as the CLI (``healthlint.toml`` or
``pyproject.toml`` with ``[tool.healthlint]``, walking up from the document's folder), and is
read again when one of those files or a word list it names changes on disk (stat'ed before
each lint) or the client reports a change (``workspace/didChangeWatchedFiles``).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from healthlint import __version__
from healthlint.commands.lsp import actions, firstlint
from healthlint.commands.lsp.diagnostics import SOURCE, ExplainPages, hover_text, to_diagnostic
from healthlint.commands.lsp.positions import UTF16, split_lines
from healthlint.commands.lsp.settings import (
    Configs,
    Settings,
    document_path,
    lint_open,
    wordlists,
)

# The engine (config, parser, checks, dictionaries) is imported and warmed up in the worker
# thread once `initialize` is answered, never before: the client waits for that answer.

DEBOUNCE = 0.05  # seconds between the last edit and the lint
WATCHED = ("**/pyproject.toml", "**/healthlint.toml", "**/*.txt", "**/*.dic")

@dataclass
class Linted:
    """What the last lint of a document left for hovers and code actions."""

    version: int | None
    lines: list[str]
    paragraphs: list[tuple[int, int]]
    tables: list[tuple[int, int]]
    front_matter_end: int
    diagnostics: list[types.Diagnostic]
    wordlist: Path | None


class HealthlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("healthlint", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.configs = Configs()
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.linted: dict[str, Linted] = {}
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthlint-lint")
        self.debounce = DEBOUNCE
        self.docs: ExplainPages | None = None
        self.shown_errors: set[str] = set()
        self.warming = False

    # ---- what the client negotiated ------------------------------------------------------
    @property
    def encoding(self) -> str:
        chosen = self.workspace.position_encoding or UTF16
        return str(getattr(chosen, "value", chosen))  # PositionEncodingKind or its string

    def supports(self, path: str) -> Any:
        value: Any = self.client_capabilities
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    # ---- linting ------------------------------------------------------------------------------
    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds, cancelling the run this one replaces."""
        old = self.tasks.pop(uri, None)
        if old is not None:
            old.cancel()
        task = asyncio.get_running_loop().create_task(self._run(uri, delay))
        self.tasks[uri] = task
        task.add_done_callback(lambda done: self._forget(uri, done))

    def _forget(self, uri: str, task: asyncio.Task[None]) -> None:
        if self.tasks.get(uri) is task:
            del self.tasks[uri]
        if not task.cancelled() and task.exception() is not None:
            logging.getLogger(__name__).error("linting %s failed", uri,
                                              exc_info=task.exception())

    async def _run(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return
        version, text = document.version, document.source
        loop = asyncio.get_running_loop()
        linted, error = await loop.run_in_executor(self.worker, self.lint, uri, version, text)
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return  # edited or closed meanwhile: a newer run publishes
        if error and error not in self.shown_errors:
            self.shown_errors.add(error)
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Error, message=f"healthlint: {error}"))
        self.linted[uri] = linted
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=linted.diagnostics, version=version))

    def start_warm_up(self) -> None:
        """Queue the warm-up as the worker's first job (once)."""
        if not self.warming:
            self.warming = True
            self.worker.submit(self.warm_up)

    def warm_up(self) -> None:
        """Import the engine and load what every lint needs (rules, dictionaries, compiled
        patterns) by linting a short text, in the worker thread: the first diagnostics then
        wait for none of it (nothing to do when ``firstlint.py`` did it)."""
        firstlint.warm_up()

    def explain_pages(self) -> ExplainPages:
        if self.docs is None:
            from healthlint.commands.report.ci import rules_uri

            self.docs = ExplainPages(rules_uri())
        return self.docs

    def settings_for(self, uri: str) -> tuple[Path | None, str, Settings]:
        """A document's file (None when it has none, as an untitled one), the path its
        findings are given for, and its folder's configuration (the workspace's for a
        document without a file)."""
        path = document_path(uri)
        folder = path.parent if path else Path(self.workspace.root_path or os.getcwd())
        shown = str(path) if path is not None else "untitled.md"
        return path, shown, self.configs.get(folder.resolve())

    def lint(self, uri: str, version: int | None, text: str) -> tuple[Linted, str | None]:
        """Lint one text (in the worker thread): its diagnostics and what the actions need,
        and the configuration error, if any, shown instead of findings."""
        path, shown, settings = self.settings_for(uri)
        lines = split_lines(text)
        linted = Linted(version, lines, [], [], 0, [], None)
        config = settings.config
        if config is None:
            linted.diagnostics = [types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                message=f"healthlint could not read its configuration: {settings.error}",
                severity=types.DiagnosticSeverity.Error, source=SOURCE)]
            return linted, settings.error
        found = lint_open(text, path, shown, config, settings.cache)
        if found is None:
            return linted, None
        doc, findings = found
        if doc is not None:
            linted.paragraphs = blocks(doc.tokens, "paragraph_open")
            linted.tables = blocks(doc.tokens, "table_open")
            linted.front_matter_end = doc.front_matter_end_line if doc.has_front_matter else 0
        docs = self.explain_pages()
        linted.diagnostics = [to_diagnostic(f, lines, self.encoding, docs) for f in findings]
        lists = wordlists(config)
        linted.wordlist = lists[0] if lists else None
        return linted, None

    def fixed_text(self, uri: str, text: str) -> str:
        """The text as ``healthlint check --fix`` writes it (safe fixes, passes until
        stable), in the worker thread."""
        from healthlint.engine.fixes import fix_text

        _, shown, settings = self.settings_for(uri)
        if settings.config is None:
            return text
        return fix_text(text, shown, settings.config, unsafe=False, cache=settings.cache).text

    # ---- code actions -------------------------------------------------------------------------
    def target(self, uri: str) -> actions.Target | None:
        linted = self.linted.get(uri)
        document = self.workspace.text_documents.get(uri)
        if linted is None or document is None or document.version != linted.version:
            return None  # the diagnostics the client holds are from another version
        wordlist, wordlist_text = linted.wordlist, None
        if wordlist is not None:
            open_list = self.workspace.text_documents.get(wordlist.as_uri())
            if open_list is not None:
                wordlist_text = open_list.source
            elif wordlist.exists():
                try:
                    wordlist_text = wordlist.read_text("utf-8")
                except (OSError, UnicodeDecodeError):
                    wordlist = None  # a list that cannot be read (HL404) is not written to
        changes = bool(self.supports("workspace.workspace_edit.document_changes"))
        operations = self.supports("workspace.workspace_edit.resource_operations") or []
        return actions.Target(
            uri=uri, version=linted.version, lines=linted.lines, paragraphs=linted.paragraphs,
            tables=linted.tables,
            front_matter_end=linted.front_matter_end, wordlist=wordlist,
            wordlist_text=wordlist_text, document_changes=changes,
            create_files=changes and types.ResourceOperationKind.Create in operations)

    async def fix_all(self, uri: str) -> types.WorkspaceEdit | None:
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        version, text = document.version, document.source
        loop = asyncio.get_running_loop()
        new_text = await loop.run_in_executor(self.worker, self.fixed_text, uri, text)
        if new_text == text:
            return None
        edit = actions.whole_text_edit(split_lines(text), new_text, self.encoding)
        target = actions.Target(uri, version, [], [], [], 0, None, None,
                                bool(self.supports("workspace.workspace_edit.document_changes")),
                                False)
        return actions.edit_document(target, [edit])


def blocks(tokens: Sequence[Any], kind: str) -> list[tuple[int, int]]:
    """The 0-based ``[begin, end)`` lines of each block token of ``kind`` (the parser numbers
    lines as the client does: it drops byte order marks and ``\\r``, never a line)."""
    return [(t.map[0], t.map[1]) for t in tokens if t.type == kind and t.map]


def has_safe_fix(diagnostics: Sequence[types.Diagnostic]) -> bool:
    return any(isinstance(d.data, dict) and isinstance(d.data.get("fix"), dict)
               and d.data["fix"].get("applicability") == "safe" for d in diagnostics)


def wanted(only: Sequence[str] | None, kind: str) -> bool:
    """Whether a client that asked for ``only`` these kinds wants an action of ``kind``
    (a kind covers its sub-kinds: "source" covers "source.fixAll.healthlint")."""
    return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)


server = HealthlintServer()


@server.feature(types.INITIALIZE)
def initialize(ls: HealthlintServer, params: types.InitializeParams) -> None:
    # Nothing here may change the server's capabilities: early.py keeps pygls's answer under
    # the client's capabilities (and this source), not under the initialization options.
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounce"), int | float):
        ls.debounce = max(0.0, float(options["debounce"]))


@server.feature(types.INITIALIZED)
async def initialized(ls: HealthlintServer, params: types.InitializedParams) -> None:
    ls.start_warm_up()  # the worker's first job, once `initialize` is answered
    if ls.supports("workspace.did_change_watched_files.dynamic_registration"):
        watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[
                types.Registration(
                    id="healthlint-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=watchers))]))
        except Exception as exc:  # noqa: BLE001 - the client refused: re-stat still works
            logging.getLogger(__name__).warning("the client did not watch the config files "
                                                "(%s); they are stat'ed before each lint", exc)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: HealthlintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: HealthlintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: HealthlintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    task = ls.tasks.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.linted.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: HealthlintServer,
                             params: types.DidChangeWatchedFilesParams) -> None:
    ls.configs.clear()
    ls.shown_errors.clear()
    for uri in list(ls.workspace.text_documents):
        ls.schedule(uri, ls.debounce)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: HealthlintServer, params: types.HoverParams) -> types.Hover | None:
    linted = ls.linted.get(params.text_document.uri)
    if linted is None:
        return None
    at = (params.position.line, params.position.character)
    found = [d for d in linted.diagnostics
             if (d.range.start.line, d.range.start.character) <= at
             <= (d.range.end.line, d.range.end.character)]
    if not found:
        return None
    return types.Hover(contents=types.MarkupContent(
        kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(hover_text(d) for d in found)),
        range=found[0].range)


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL], resolve_provider=True))
async def code_action(ls: HealthlintServer, params: types.CodeActionParams
                      ) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    target = ls.target(uri)
    if target is None:
        return None
    only = params.context.only
    found: list[types.CodeAction] = []
    if wanted(only, types.CodeActionKind.QuickFix.value):
        found += actions.quick_fixes(target, params.context.diagnostics, ls.encoding)
    linted = ls.linted[uri]
    if wanted(only, actions.FIX_ALL) and has_safe_fix(linted.diagnostics):
        fix_all = types.CodeAction(title="Fix all safe problems in this file (healthlint)",
                                   kind=actions.FIX_ALL, data={"uri": uri})
        if "edit" not in (ls.supports("text_document.code_action.resolve_support.properties")
                          or []):
            fix_all.edit, fix_all.data = await ls.fix_all(uri), None  # cannot resolve later
        if fix_all.edit is not None or fix_all.data:
            found.append(fix_all)
    return found


@server.feature(types.CODE_ACTION_RESOLVE)
async def resolve_code_action(ls: HealthlintServer, action: types.CodeAction
                              ) -> types.CodeAction:
    if action.kind == actions.FIX_ALL and isinstance(action.data, dict):
        action.edit = await ls.fix_all(str(action.data.get("uri"))) or types.WorkspaceEdit()
    return action


def main(argv: Sequence[str] | None = None, stdin: Any = None, stdout: Any = None,
         configs: Configs | None = None, docs: ExplainPages | None = None) -> int:
    """Serve over stdio (or ``stdin`` and ``stdout``, readers and writers of bytes) until the
    client says exit; with the folders' configurations and explanation pages of the first
    lint (``firstlint.py``), when there was one."""
    logging.basicConfig(level=logging.WARNING, format="healthlint lsp: %(message)s")
    if configs is not None:
        server.configs = configs
    if docs is not None:  # the first lint loaded the engine: no warm-up to queue
        server.docs, server.warming = docs, True
    if getattr(stdout, "answered", False):  # `initialize` is answered (early.py): warm up now
        server.start_warm_up()
    server.start_io(stdin, stdout)
    return 0
