"""Code actions, built from what a diagnostic carries (never by linting again).

- apply this fix: the edits in the diagnostic's ``data`` (safe and unsafe fixes, titled
  with their applicability; display-only fixes are never offered);
- disable this rule for this line: a ``healthlint-disable-next-line`` comment with a reason
  to fill in (inside a paragraph, at the end of the line above, so that the paragraph stays
  one; in front matter, where no comment can go, a ``healthlint-disable-file`` after it);
- add this word to the project word list (unknown-word): a plain WorkspaceEdit on the first
  ``[tool.healthlint.spelling] wordlists`` file, created when it is missing.
Fix all safe problems is the server's (it needs the fixer's passes over the whole text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types

from healthlint.commands.lsp.diagnostics import SOURCE, UNKNOWN_WORD
from healthlint.commands.lsp.positions import units

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}"
REASON = "reason"


@dataclass(frozen=True)
class Target:
    """What the actions need to know of the document they edit."""

    uri: str
    version: int | None
    lines: Sequence[str]
    paragraphs: Sequence[tuple[int, int]]  # 0-based [begin, end) lines of each paragraph
    tables: Sequence[tuple[int, int]]  # ... and of each table
    front_matter_end: int  # the 1-based line closing the front matter; 0 when none
    wordlist: Path | None  # the word list unknown words are added to, when one is configured
    wordlist_text: str | None  # its text (the editor's if open, else the file's; None: none)
    document_changes: bool  # the client takes versioned TextDocumentEdits
    create_files: bool  # ... and CreateFile


def edit_document(target: Target, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    """Edits of the document, refused by the client if it has changed since (versioned)
    where it supports that."""
    if target.document_changes:
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(
                uri=target.uri, version=target.version),
            edits=edits)])
    return types.WorkspaceEdit(changes={target.uri: edits})


def _range(value: dict[str, Any]) -> types.Range:
    start, end = value["start"], value["end"]
    return types.Range(types.Position(start["line"], start["character"]),
                       types.Position(end["line"], end["character"]))


def apply_fix(target: Target, diagnostic: types.Diagnostic) -> types.CodeAction | None:
    data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
    fix = data.get("fix")
    if not isinstance(fix, dict) or fix.get("applicability") not in ("safe", "unsafe"):
        return None
    edits = [types.TextEdit(range=_range(e["range"]), new_text=e["newText"])
             for e in fix["edits"]]
    safe = fix["applicability"] == "safe"
    return types.CodeAction(
        title=f"{fix['message']} ({fix['applicability']} fix, {diagnostic.code})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=safe,
        edit=edit_document(target, edits),
    )


def disable_line(target: Target, diagnostic: types.Diagnostic, encoding: str
                 ) -> types.CodeAction:
    data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
    name = data.get("name") or str(diagnostic.code)
    line = diagnostic.range.start.line  # 0-based
    lines = target.lines
    if line < target.front_matter_end:
        # a front matter line: no comment can go inside the YAML, so the rule is turned off
        # for the file, right after the closing ---
        title = f"Disable {diagnostic.code} ({name}) for this file: no comment can go in " \
                "front matter"
        at = types.Position(target.front_matter_end, 0)
        text = f"<!-- healthlint-disable-file {name} -- {REASON} -->\n"
        if target.front_matter_end >= len(lines):
            text = "\n" + text
        edit = types.TextEdit(range=types.Range(at, at), new_text=text)
    elif (table := _table_of(target, line)) is not None:
        title, edits = _disable_in_table(target, table, line, str(diagnostic.code), name,
                                         encoding)
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                                diagnostics=[diagnostic], edit=edit_document(target, edits))
    else:
        title = f"Disable {diagnostic.code} ({name}) for this line"
        comment = f"<!-- healthlint-disable-next-line {name} -- {REASON} -->"
        above = lines[line - 1] if 0 < line <= len(lines) else ""
        if above.strip() and _in_paragraph(target, line - 1) and not _hard_break(above):
            # a new line here would split the paragraph (an HTML block interrupts it): the
            # comment goes at the end of the line above, which it applies to the next line of
            at = types.Position(line - 1, units(above, encoding))
            edit = types.TextEdit(range=types.Range(at, at), new_text=f" {comment}")
        else:
            here = lines[line] if line < len(lines) else ""
            indent = here[:len(here) - len(here.lstrip(" \t"))]
            at = types.Position(line, 0)
            edit = types.TextEdit(range=types.Range(at, at), new_text=f"{indent}{comment}\n")
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diagnostic], edit=edit_document(target, [edit]))


def _table_of(target: Target, line: int) -> tuple[int, int] | None:
    return next(((b, e) for b, e in target.tables if b <= line < e), None)


def _disable_in_table(target: Target, table: tuple[int, int], line: int, code: str,
                      name: str, encoding: str) -> tuple[str, list[types.TextEdit]]:
    """A line of its own would end the table. From the second body row on, the comment goes
    into the last cell of the row above (a comment there applies to the next line); on the
    header, the delimiter or the first body row there is no such cell, so the rule is
    disabled before the table and enabled again after it."""
    lines = target.lines
    begin, end = table
    if line >= begin + 3:
        above = lines[line - 1]
        body = above.rstrip()
        pipe = len(body) - 1 if body.endswith("|") and not body.endswith("\\|") else len(body)
        at = types.Position(line - 1, units(above[:pipe], encoding))
        text = f"<!-- healthlint-disable-next-line {name} -- {REASON} --> " \
            if pipe < len(body) else f" <!-- healthlint-disable-next-line {name} -- {REASON} -->"
        return (f"Disable {code} ({name}) for this line",
                [types.TextEdit(range=types.Range(at, at), new_text=text)])
    first = lines[begin] if begin < len(lines) else ""
    indent = first[:len(first) - len(first.lstrip(" \t"))]
    start = types.Position(begin, 0)
    edits = [types.TextEdit(range=types.Range(start, start), new_text=f"{indent}<!-- "
                            f"healthlint-disable {name} -- {REASON} -->\n")]
    enable = f"{indent}<!-- healthlint-enable {name} -->"
    if end < len(lines):
        after = types.Position(end, 0)
        edits.append(types.TextEdit(range=types.Range(after, after), new_text=f"{enable}\n"))
    else:
        last = types.Position(len(lines) - 1, units(lines[-1], encoding))
        edits.append(types.TextEdit(range=types.Range(last, last), new_text=f"\n{enable}\n"))
    return f"Disable {code} ({name}) for this table", edits


def _in_paragraph(target: Target, line: int) -> bool:
    return any(begin <= line < end for begin, end in target.paragraphs)


def _hard_break(line: str) -> bool:
    """A line that ends in a hard line break (two spaces or a backslash), which text after
    it would undo."""
    return line.endswith(("  ", "\\", "\t"))


def add_word(target: Target, diagnostic: types.Diagnostic, encoding: str
             ) -> types.CodeAction | None:
    data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
    word = data.get("word")
    if diagnostic.code != UNKNOWN_WORD or not word or target.wordlist is None:
        return None
    uri = target.wordlist.as_uri()
    text = target.wordlist_text
    title = f"Add '{word}' to the word list {target.wordlist.name}"
    if text is None:
        if not target.create_files:
            return None
        insert = types.TextEdit(range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                                new_text=f"{word}\n")
        change = types.WorkspaceEdit(document_changes=[
            types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True)),
            types.TextDocumentEdit(text_document=types.OptionalVersionedTextDocumentIdentifier(
                uri=uri, version=None), edits=[insert])])
    else:
        lines = text.split("\n")
        at = types.Position(len(lines) - 1, units(lines[-1], encoding))
        new_text = f"{word}\n" if not lines[-1] else f"\n{word}\n"
        insert = types.TextEdit(range=types.Range(at, at), new_text=new_text)
        if target.document_changes:
            change = types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri,
                                                                            version=None),
                edits=[insert])])
        else:
            change = types.WorkspaceEdit(changes={uri: [insert]})
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diagnostic], edit=change)


def quick_fixes(target: Target, diagnostics: Sequence[types.Diagnostic], encoding: str
                ) -> list[types.CodeAction]:
    """The per-finding actions for the diagnostics the client asks about (ours only)."""
    found: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        if diagnostic.source != SOURCE or not diagnostic.code:
            continue
        for action in (apply_fix(target, diagnostic), add_word(target, diagnostic, encoding),
                       disable_line(target, diagnostic, encoding)):
            if action is not None:
                found.append(action)
    return found


def whole_text_edit(lines: Sequence[str], new_text: str, encoding: str) -> types.TextEdit:
    """One edit that replaces the whole document with ``new_text``."""
    end = types.Position(len(lines) - 1, units(lines[-1], encoding))
    return types.TextEdit(range=types.Range(types.Position(0, 0), end), new_text=new_text)
