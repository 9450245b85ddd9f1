"""This repository's own healthlint pre-commit hook: install the project, then check.

    python -m tools.precommit_hook content/asthma.md ...

pre-commit gives a ``language: python`` hook of a ``repo: local`` config an environment of its
own, but installs only the hook's ``additional_dependencies`` into it, never the repository the
config sits in. This entry installs the checkout it runs in (editable, so the hook checks with
the rules as they are in the working tree) into that environment the first time, and again when
the checkout moved or ``pyproject.toml`` changed, then runs ``healthlint check`` on the files
pre-commit names. Nothing has to be activated, and no ``healthlint`` on PATH is used.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def stamp_path() -> Path:
    """Where the environment records which checkout it holds (inside the environment)."""
    return Path(sys.prefix) / "healthlint-hook.stamp"


def wanted_stamp(root: Path) -> str:
    digest = hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest()
    return f"{root}\n{digest}\n"


def ensure_installed(root: Path) -> int:
    """0 when the environment holds ``root`` as it is now, installing it when it does not."""
    wanted = wanted_stamp(root)
    stamp = stamp_path()
    try:
        if stamp.read_text("utf-8") == wanted:
            return 0
    except OSError:
        pass
    print(f"healthlint hook: installing {root} into {sys.prefix} (once)", file=sys.stderr)
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                           "--disable-pip-version-check", "--editable", str(root)], check=False)
    if done.returncode != 0:
        print(f"healthlint hook: pip could not install {root}; see its message above",
              file=sys.stderr)
        return done.returncode
    stamp.write_text(wanted, "utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    files = list(sys.argv[1:] if argv is None else argv)
    installed = ensure_installed(ROOT)
    if installed != 0:
        return installed
    # A new interpreter: an editable install is found through a .pth file read at start-up.
    return subprocess.run([sys.executable, "-m", "healthlint", "check", *files],
                          check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
