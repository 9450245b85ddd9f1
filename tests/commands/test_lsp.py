"""The language server, end to end over stdio (pytest-lsp): a client starts `python -m
healthlint.lsp`, opens and edits articles, and reads the diagnostics, hovers and code actions
it gets back. One server serves the module (its start-up is the slow part); tests that need
another client (UTF-8 positions, a client without versioned edits) start their own.

Code actions are applied here as a client applies them, and the result is compared with the
expected files in data/lsp/."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import make_test_lsp_client

from healthlint.commands.lsp.positions import UTF16, from_client, split_lines

DATA = Path(__file__).parent / "data" / "lsp"


def recording_client() -> LanguageClient:
    """pytest-lsp's client, keeping every publishDiagnostics in order (with its version)."""
    client = make_test_lsp_client()
    client.published = []  # type: ignore[attr-defined]
    handle = client.protocol._handle_notification

    def record(method: str, params: Any) -> Any:
        if method == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
            client.published.append(params)  # type: ignore[attr-defined]
        return handle(method, params)

    client.protocol._handle_notification = record  # type: ignore[method-assign]
    return client


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "healthlint.lsp"],
                            client_factory=recording_client)
ARTICLE = (DATA / "article.md").read_text("utf-8")
WAIT = 20.0  # seconds a test waits for the server at most (a busy machine), never a bound

pytestmark = pytest.mark.asyncio(loop_scope="module")


REGISTERED: list[types.RegistrationParams] = []


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient) -> Any:
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        REGISTERED.append(params)

    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code")))
    for _ in range(int(WAIT / 0.05)):
        if REGISTERED:
            break
        await asyncio.sleep(0.05)
    yield
    await lsp_client.shutdown_session()


# ---- helpers: what a client does ----------------------------------------------------------
async def published(client: LanguageClient, uri: str, since: int, version: int | None = None
                    ) -> types.PublishDiagnosticsParams:
    """The first diagnostics published for ``uri`` (at ``version``, when given) after the
    ``since``-th publication."""
    for _ in range(int(WAIT / 0.02)):
        for params in client.published[since:]:  # type: ignore[attr-defined]
            if params.uri == uri and (version is None or params.version == version):
                return params
        await asyncio.sleep(0.02)
    raise AssertionError(f"no diagnostics for {uri} (version {version}) in {WAIT} s")


def mark(client: LanguageClient) -> int:
    return len(client.published)  # type: ignore[attr-defined]


async def open_article(client: LanguageClient, path: Path, text: str
                       ) -> types.PublishDiagnosticsParams:
    path.write_text(text, "utf-8")
    since = mark(client)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=path.as_uri(), language_id="markdown", version=1, text=text)))
    return await published(client, path.as_uri(), since, 1)


def change(client: LanguageClient, uri: str, version: int, start: tuple[int, int],
           end: tuple[int, int], text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(*start), types.Position(*end)), text=text)]))


def close(client: LanguageClient, uri: str) -> None:
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        types.TextDocumentIdentifier(uri)))


def apply_edits(text: str, edits: list[types.TextEdit], encoding: str = UTF16) -> str:
    """``text`` with the edits applied as a client applies them (from the end)."""
    lines = split_lines(text)
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def offset(position: types.Position) -> int:
        return starts[position.line] + from_client(lines, position.line, position.character,
                                                   encoding)

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits),
                   reverse=True)
    for begin, end, new in spans:
        text = text[:begin] + new + text[end:]
    return text


def edits_for(edit: types.WorkspaceEdit | None, uri: str) -> list[types.TextEdit]:
    assert edit is not None
    found: list[types.TextEdit] = list((edit.changes or {}).get(uri, []))
    for change_ in edit.document_changes or []:
        if isinstance(change_, types.TextDocumentEdit) and change_.text_document.uri == uri:
            found += [e for e in change_.edits if isinstance(e, types.TextEdit)]
    return found


async def actions_at(client: LanguageClient, uri: str, diagnostic: types.Diagnostic,
                     only: list[str] | None = None) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic], only=only)))
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


def codes(params: types.PublishDiagnosticsParams) -> list[str]:
    return [str(d.code) for d in params.diagnostics]


# ---- diagnostics ----------------------------------------------------------------------------
async def test_the_config_files_are_watched(client: LanguageClient) -> None:
    (registration,) = REGISTERED[0].registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    globs = [w["globPattern"] for w in registration.register_options["watchers"]]
    assert "**/pyproject.toml" in globs and "**/healthlint.toml" in globs


async def test_open_publishes_every_finding_with_its_code_link_and_data(
        client: LanguageClient, tmp_path: Path) -> None:
    params = await open_article(client, tmp_path / "article.md", ARTICLE)
    assert codes(params) == ["HL107", "HL601", "HL602", "HL101", "HL306", "HL401", "HL401",
                             "HL201", "HL401"]
    word = params.diagnostics[5]
    assert word.source == "healthlint"
    assert word.severity == types.DiagnosticSeverity.Warning
    assert word.range == types.Range(types.Position(8, 28), types.Position(8, 38))
    assert word.message.startswith("Unknown word 'clonazapam'")
    assert word.data["name"] == "unknown-word" and word.data["word"] == "clonazapam"
    # the fix's edits travel in data, in the client's positions
    assert word.data["fix"] == {
        "message": "Replace 'clonazapam' with 'clonazepam'", "applicability": "unsafe",
        "edits": [{"range": {"start": {"line": 8, "character": 28},
                             "end": {"line": 8, "character": 38}},
                   "newText": "clonazepam"}]}
    assert word.code_description is not None
    page = word.code_description.href
    assert page.endswith("#hl401") or page.endswith("/HL401.md")
    if page.startswith("file:"):  # no Documentation URL declared: `explain HL401`'s text
        assert "unknown-word" in Path(page.removeprefix("file://")).read_text("utf-8")
    severities = {str(d.code): d.severity for d in params.diagnostics}
    assert severities["HL602"] == types.DiagnosticSeverity.Error
    assert severities["HL306"] == types.DiagnosticSeverity.Information
    close(client, (tmp_path / "article.md").as_uri())


async def test_an_edit_is_linted_before_it_is_saved(client: LanguageClient,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    await open_article(client, path, ARTICLE)
    since = mark(client)
    change(client, path.as_uri(), 2, (8, 28), (8, 38), "clonazepam")  # the misspelling mended
    params = await published(client, path.as_uri(), since, 2)
    assert codes(params).count("HL401") == 2
    assert path.read_text("utf-8") == ARTICLE  # the file on disk is never touched
    close(client, path.as_uri())


async def test_two_quick_edits_publish_only_the_last_version(client: LanguageClient,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    await open_article(client, path, ARTICLE)
    since = mark(client)
    change(client, path.as_uri(), 2, (8, 28), (8, 38), "clonazepam")
    change(client, path.as_uri(), 3, (10, 32), (10, 42), "clonazepam")
    await published(client, path.as_uri(), since, 3)
    await asyncio.sleep(0.5)  # a late run of version 2 would be published by now
    seen = [p for p in client.published[since:]  # type: ignore[attr-defined]
            if p.uri == path.as_uri()]
    assert [p.version for p in seen] == [3]
    assert codes(seen[0]).count("HL401") == 1
    close(client, path.as_uri())


async def test_a_config_change_on_disk_is_picked_up(client: LanguageClient,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    params = await open_article(client, path, ARTICLE)
    assert "HL401" in codes(params)
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.healthlint]\nignore = ["unknown-word"]\n', "utf-8")
    since = mark(client)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]))
    assert "HL401" not in codes(await published(client, path.as_uri(), since))
    # without a notification, the next lint stats the config again
    config.write_text('[tool.healthlint]\nignore = ["HL1", "HL3"]\n', "utf-8")
    since = mark(client)
    change(client, path.as_uri(), 2, (0, 0), (0, 0), "")
    after = codes(await published(client, path.as_uri(), since, 2))
    assert "HL401" in after and "HL101" not in after and "HL306" not in after
    close(client, path.as_uri())


async def test_a_broken_config_is_one_diagnostic_and_a_message(client: LanguageClient,
                                                               tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.healthlint]\nfail-on = "often"\n', "utf-8")
    params = await open_article(client, tmp_path / "article.md", ARTICLE)
    assert len(params.diagnostics) == 1
    assert "pyproject.toml" in params.diagnostics[0].message
    assert "fail-on" in params.diagnostics[0].message
    await asyncio.sleep(0.1)
    assert any("fail-on" in m.message for m in client.messages)
    close(client, (tmp_path / "article.md").as_uri())


async def test_an_excluded_file_gets_no_diagnostics(client: LanguageClient,
                                                    tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.healthlint]\nexclude = ["notes/*"]\n',
                                             "utf-8")
    (tmp_path / "notes").mkdir()
    params = await open_article(client, tmp_path / "notes" / "draft.md", ARTICLE)
    assert list(params.diagnostics) == []
    close(client, (tmp_path / "notes" / "draft.md").as_uri())


async def test_closing_clears_the_diagnostics(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    await open_article(client, path, ARTICLE)
    since = mark(client)
    close(client, path.as_uri())
    assert list((await published(client, path.as_uri(), since)).diagnostics) == []


# ---- hover and code actions ----------------------------------------------------------------
async def test_hover_shows_why_and_instead(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    await open_article(client, path, ARTICLE)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(path.as_uri()),
        position=types.Position(8, 30)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "HL401 unknown-word" in hover.contents.value
    assert "Why it matters" in hover.contents.value
    assert "Never stop taking clonazepam suddenly." in hover.contents.value  # the instead
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(path.as_uri()),
        position=types.Position(10, 2)))
    assert nothing is None
    close(client, path.as_uri())


@pytest.mark.parametrize(("source", "line", "code", "expected", "gone"), [
    ("article", 8, "HL401", "disable-in-paragraph", 1),
    ("article", 10, "HL401", "disable-after-blank-line", 1),
    ("article", 13, "HL401", "disable-in-list-item", 1),
    ("article", 2, "HL602", "disable-in-front-matter", 1),
    ("table", 5, "HL401", "disable-in-table-row", 1),
    ("table", 4, "HL401", "disable-around-table", 2),  # both rows of the table
])
async def test_disable_for_this_line(client: LanguageClient, tmp_path: Path, source: str,
                                     line: int, code: str, expected: str, gone: int) -> None:
    text = (DATA / f"{source}.md").read_text("utf-8")
    path = tmp_path / "article.md"
    params = await open_article(client, path, text)
    diagnostic = next(d for d in params.diagnostics
                      if d.code == code and d.range.start.line == line)
    found = [a for a in await actions_at(client, path.as_uri(), diagnostic)
             if a.title.startswith(f"Disable {code}")]
    assert len(found) == 1
    new_text = apply_edits(text, edits_for(found[0].edit, path.as_uri()))
    assert new_text == (DATA / f"{expected}.expected.md").read_text("utf-8")
    # and the finding is gone when the edited text is linted
    since = mark(client)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=new_text)]))
    after = await published(client, path.as_uri(), since, 2)
    assert sum(1 for d in after.diagnostics if d.code == code) == \
        sum(1 for d in params.diagnostics if d.code == code) - gone
    assert "HL008" not in codes(after) and "HL009" not in codes(after)
    close(client, path.as_uri())


async def test_add_a_word_to_the_configured_word_list(client: LanguageClient,
                                                      tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.healthlint.spelling]\nwordlists = ["content/.wordlist.txt"]\n', "utf-8")
    content = tmp_path / "content"
    content.mkdir()
    path = content / "article.md"
    params = await open_article(client, path, ARTICLE)
    word = next(d for d in params.diagnostics if d.code == "HL401")
    found = [a for a in await actions_at(client, path.as_uri(), word)
             if a.title.startswith("Add 'clonazapam'")]
    assert len(found) == 1
    edit = found[0].edit
    assert edit is not None and edit.document_changes is not None
    wordlist = content / ".wordlist.txt"
    create = edit.document_changes[0]
    assert isinstance(create, types.CreateFile) and create.uri == wordlist.as_uri()
    wordlist.write_text(apply_edits("", edits_for(edit, wordlist.as_uri())), "utf-8")
    assert wordlist.read_text("utf-8") == "clonazapam\n"
    since = mark(client)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=wordlist.as_uri(), type=types.FileChangeType.Created)]))
    after = await published(client, path.as_uri(), since)
    assert codes(after).count("HL401") == 2
    # a second word is appended to the list that now exists
    word = next(d for d in after.diagnostics if d.code == "HL401")
    found = [a for a in await actions_at(client, path.as_uri(), word)
             if a.title.startswith("Add '")]
    appended = apply_edits(wordlist.read_text("utf-8"),
                           edits_for(found[0].edit, wordlist.as_uri()))
    assert appended == "clonazapam\nzorblaxine\n"
    close(client, path.as_uri())


async def test_no_word_list_action_without_a_configured_list(client: LanguageClient,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    params = await open_article(client, path, ARTICLE)
    word = next(d for d in params.diagnostics if d.code == "HL401")
    titles = [a.title for a in await actions_at(client, path.as_uri(), word)]
    assert "Disable HL401 (unknown-word) for this line" in titles
    assert not [t for t in titles if t.startswith("Add '")]
    close(client, path.as_uri())


async def test_actions_for_a_stale_version_are_not_offered(client: LanguageClient,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    params = await open_article(client, path, ARTICLE)
    change(client, path.as_uri(), 2, (0, 0), (0, 0), "")
    word = next(d for d in params.diagnostics if d.code == "HL401")
    assert await actions_at(client, path.as_uri(), word) == []
    close(client, path.as_uri())


# ---- positions in the negotiated encoding ---------------------------------------------------
EMOJI = "# Doses\n\nTake 5 µg 😀 then clonazapam daily.\n"


async def test_utf16_ranges_count_an_emoji_as_two(client: LanguageClient,
                                                  tmp_path: Path) -> None:
    params = await open_article(client, tmp_path / "doses.md", EMOJI)
    word = next(d for d in params.diagnostics if d.code == "HL401"
                and d.data["word"] == "clonazapam")
    # "Take 5 µg " is 10 UTF-16 units, the emoji 2, " then " 6
    assert word.range == types.Range(types.Position(2, 18), types.Position(2, 28))
    close(client, (tmp_path / "doses.md").as_uri())


UTF8_CLIENT = ClientServerConfig(server_command=[sys.executable, "-m", "healthlint", "lsp",
                                                 "--stdio"], client_factory=recording_client)


@pytest_lsp.fixture(config=UTF8_CLIENT)
async def utf8_client(lsp_client: LanguageClient) -> Any:
    capabilities = client_capabilities("neovim")
    capabilities.general = types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind.Utf8,
                            types.PositionEncodingKind.Utf16])
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=capabilities, initialization_options={"debounce": 0}))
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="function")
async def test_utf8_ranges_count_bytes(utf8_client: LanguageClient, tmp_path: Path) -> None:
    params = await open_article(utf8_client, tmp_path / "doses.md", EMOJI)
    word = next(d for d in params.diagnostics if d.code == "HL401"
                and d.data["word"] == "clonazapam")
    # "Take 5 µg " is 11 bytes (µ is two), the emoji 4, " then " 6
    assert word.range == types.Range(types.Position(2, 21), types.Position(2, 31))
    # an edit after the emoji, in UTF-8 columns, lands where the client meant it
    uri = (tmp_path / "doses.md").as_uri()
    since = mark(utf8_client)
    change(utf8_client, uri, 2, (2, 21), (2, 31), "clonazepam")
    after = await published(utf8_client, uri, since, 2)
    assert all(d.data.get("word") != "clonazapam" for d in after.diagnostics)


# ---- fixes -----------------------------------------------------------------------------------
REPEATED = (DATA / "repeated.md").read_text("utf-8")


async def test_apply_this_fix(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "repeated.md"
    params = await open_article(client, path, REPEATED)
    first = next(d for d in params.diagnostics if d.code == "HL402")
    assert first.data["fix"]["applicability"] == "safe"
    found = [a for a in await actions_at(client, path.as_uri(), first)
             if a.kind == types.CodeActionKind.QuickFix and "safe fix" in a.title]
    assert [a.title for a in found] == ["Delete the second 'the' (safe fix, HL402)"]
    assert found[0].is_preferred
    new_text = apply_edits(REPEATED, edits_for(found[0].edit, path.as_uri()))
    assert new_text == (DATA / "fix-one.expected.md").read_text("utf-8")
    close(client, path.as_uri())


async def test_fix_all_is_what_the_fixer_writes(client: LanguageClient, tmp_path: Path) -> None:
    from healthlint.config import Config
    from healthlint.engine.fixes import fix_text

    path = tmp_path / "repeated.md"
    text = REPEATED.replace("\n", "\r\n")  # line endings are kept as they are
    params = await open_article(client, path, text)
    found = [a for a in await actions_at(client, path.as_uri(), params.diagnostics[0],
                                         only=[types.CodeActionKind.SourceFixAll])]
    assert [a.kind for a in found] == ["source.fixAll.healthlint"]
    assert found[0].edit is None  # resolved when chosen: offering it lints nothing
    resolved = await client.code_action_resolve_async(found[0])
    fixed = apply_edits(text, edits_for(resolved.edit, path.as_uri()))
    expected = fix_text(text, str(path), Config.discover(tmp_path)).text
    assert fixed == expected
    # "rest rest" stays: a repeated content word may be meant, so its fix is not safe
    assert fixed == ("# Repeated words\r\n\r\nTake the tablets with food. Ask your pharmacist."
                     "\r\n\r\nStop if you feel faint. 😀 Then rest rest.\r\n")
    close(client, path.as_uri())


async def test_an_unsafe_fix_is_offered_but_not_preferred(client: LanguageClient,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    params = await open_article(client, path, ARTICLE)
    word = next(d for d in params.diagnostics if d.code == "HL401")
    (found,) = [a for a in await actions_at(client, path.as_uri(), word)
                if "unsafe fix" in a.title]
    assert found.title == "Replace 'clonazapam' with 'clonazepam' (unsafe fix, HL401)"
    assert not found.is_preferred
    fixed = apply_edits(ARTICLE, edits_for(found.edit, path.as_uri()))
    assert fixed == ARTICLE.replace("taking clonazapam", "taking clonazepam")
    close(client, path.as_uri())


async def test_fix_all_is_byte_identical_to_check_fix(client: LanguageClient, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from healthlint.commands.cli import main

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    text = "\ufeff" + ARTICLE.replace("\n", "\r\n") + "Stop if if you feel faint.\r\n"
    path = tmp_path / "article.md"
    params = await open_article(client, path, text)
    found = await actions_at(client, path.as_uri(), params.diagnostics[0],
                             only=[types.CodeActionKind.SourceFixAll])
    resolved = await client.code_action_resolve_async(found[0])
    in_editor = apply_edits(text, edits_for(resolved.edit, path.as_uri()))
    on_disk = tmp_path / "cli" / "article.md"
    on_disk.parent.mkdir()
    on_disk.write_bytes(text.encode("utf-8"))
    main(["check", "--fix", "--no-cache", "cli/article.md"])
    assert in_editor.encode("utf-8") == on_disk.read_bytes()
    assert in_editor != text and "2024-03-05" in in_editor and "if if" not in in_editor
    close(client, path.as_uri())


async def test_no_fix_all_without_a_safe_fix(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "doses.md"
    params = await open_article(client, path, EMOJI)  # unsafe fixes only
    assert await actions_at(client, path.as_uri(), params.diagnostics[0],
                            only=[types.CodeActionKind.Source]) == []
    close(client, path.as_uri())


PLAIN_CLIENT = ClientServerConfig(server_command=[sys.executable, "-m", "healthlint.lsp"],
                                  client_factory=recording_client)


@pytest_lsp.fixture(config=PLAIN_CLIENT)
async def plain_client(lsp_client: LanguageClient) -> Any:
    """A client that takes plain edits only: no versioned edits, no resolving actions."""
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), initialization_options={"debounce": 0}))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="function")
async def test_a_plain_client_gets_the_fix_all_edit_at_once(plain_client: LanguageClient,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "repeated.md"
    params = await open_article(plain_client, path, "\ufeff" + REPEATED)
    first = next(d for d in params.diagnostics if d.code == "HL402")
    assert first.range.start == types.Position(2, 5)  # the byte order mark is not a column
    found = await actions_at(plain_client, path.as_uri(), first)
    fix_all = next(a for a in found if a.kind == "source.fixAll.healthlint")
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    assert apply_edits("\ufeff" + REPEATED, fix_all.edit.changes[path.as_uri()]) == \
        "\ufeff" + REPEATED.replace("the the", "the").replace("your your", "your") \
        .replace("if if", "if")


async def test_an_untitled_document_is_linted_too(client: LanguageClient) -> None:
    uri = "untitled:Untitled-1"
    since = mark(client)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=EMOJI)))
    params = await published(client, uri, since, 1)
    assert "HL401" in codes(params)
    close(client, uri)
