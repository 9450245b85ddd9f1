"""`python -m healthlint`: the command line."""

from healthlint.commands.cli import main

raise SystemExit(main())
