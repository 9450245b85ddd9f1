"""The language server (`healthlint lsp`, `python -m healthlint.lsp`): findings while the
writer types, fixes as code actions. DESIGN.md, "Editor (LSP)", describes it."""

from __future__ import annotations

import sys
from collections.abc import Sequence

INSTALL = "pip install 'pygls>=2.1,<2.2' 'lsprotocol>=2025.0,<2026'"


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the Language Server Protocol over stdin/stdout until the client exits.

    The first message is read (and `initialize` answered from the user's cache when it can
    be: ``early.py``) in a thread while this one imports pygls and the server."""
    from healthlint.commands.lsp import early

    started = early.begin()
    try:
        from healthlint.commands.lsp.server import main as serve
    except ImportError as exc:
        print(f"healthlint lsp: the language server needs pygls 2 and lsprotocol ({exc}); "
              f"install them with: {INSTALL}", file=sys.stderr)
        return 2
    stdin, stdout = started.streams()
    return serve(argv, stdin, stdout)
