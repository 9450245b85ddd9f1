"""`healthlint lsp` on the command line: the subcommand exists, and without pygls it says
what to install instead of a traceback."""

from __future__ import annotations

import sys

import pytest

from healthlint.commands import lsp
from healthlint.commands.cli import main


def test_lsp_is_a_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lsp", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--stdio" in out and "stdin and stdout" in out


def test_without_pygls_it_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "healthlint.commands.lsp.server", None)  # import fails
    assert lsp.main([]) == 2
    err = capsys.readouterr().err
    assert "pip install 'pygls>=2.1,<2.2' 'lsprotocol>=2025.0,<2026'" in err
    assert "Traceback" not in err
