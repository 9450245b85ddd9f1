"""The language server (`healthlint lsp`, `python -m healthlint.lsp`): findings while the
writer types, fixes as code actions. DESIGN.md, "Editor (LSP)", describes it."""

from __future__ import annotations

import sys
from collections.abc import Sequence

INSTALL = "pip install 'pygls>=2.1,<2.2' 'lsprotocol>=2025.0,<2026'"


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the Language Server Protocol over stdin/stdout until the client exits.

    The first message is read (and `initialize` answered from the user's cache when it can
    be: ``early.py``) in a thread while this one imports pygls and the server; when it was
    answered, the documents the editor opened meanwhile are linted and their diagnostics
    published first (``firstlint.py``), before pygls and lsprotocol are imported."""
    from healthlint.commands.lsp import early

    started = early.begin()
    configs, docs = None, None
    started.first_read.wait()
    if started.answered:  # the editor may open its article now: lint it before pygls
        try:
            from healthlint.commands.lsp.firstlint import publish_first
            from healthlint.commands.lsp.settings import Configs
        except ImportError as exc:
            print(f"healthlint lsp: the language server needs pygls 2 ({exc}); install it "
                  f"with: {INSTALL}", file=sys.stderr)
            return 2
        configs = Configs()
        docs = publish_first(started, configs)
    try:
        from healthlint.commands.lsp.server import main as serve
    except ImportError as exc:
        print(f"healthlint lsp: the language server needs pygls 2 and lsprotocol ({exc}); "
              f"install them with: {INSTALL}", file=sys.stderr)
        return 2
    stdin, stdout = started.streams()
    return serve(argv, stdin, stdout, configs, docs)
