"""`python -m healthlint.lsp`: the language server over stdio (as `healthlint lsp`)."""

from healthlint.commands.lsp import main

if __name__ == "__main__":
    raise SystemExit(main())
