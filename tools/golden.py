"""Golden findings: what healthlint reports on every article we ship, and the bytes it exports.

A refactor must not change what an article gets told. This records, with a fixed ``--today``:
the JSON findings of every Markdown file in ``content/`` and ``tests/fixtures/``, and the
SHA-256 of every file an export of ``content/`` writes (the manifest with its cache keys
blanked, since those hash the code itself). ``tests/test_golden.py`` compares the tree with
``tests/golden/findings.json`` on every run.

    python -m tools.golden write             # after a change in findings you have read and explain
    python -m tools.golden check             # exit 1 and a diff when anything changed
    python -m tools.golden snapshot DIR OUT  # findings of another folder (../shared/corpus/good)

A changed finding is a decision to explain in the commit message, never a file to regenerate
without reading the diff.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import hashlib
import importlib
import io
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "findings.json"
TODAY = "2026-11-25"
FOLDERS = ("content", "tests/fixtures")


def _main() -> Any:
    try:
        from healthlint.commands.cli import main
    except ImportError:  # the layout before the refactor (to record the first golden file)
        main = importlib.import_module("scripts" + ".cli").main
    return main


def findings(folders: Sequence[str], cwd: Path = ROOT) -> dict[str, list[dict[str, object]]]:
    """Findings per file, as ``healthlint check --format json`` reports them."""
    main = _main()
    files = sorted(str(p.relative_to(cwd)) for folder in folders
                   for p in (cwd / folder).rglob("*.md") if p.is_file())
    out = io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out):
        main(["check", *files, "--format", "json", "--today", TODAY, "--jobs", "1", "--no-cache",
              "--fail-on", "error"])
    report = json.loads(out.getvalue())
    by_file: dict[str, list[dict[str, object]]] = {f: [] for f in files}
    for item in report["findings"]:
        by_file.setdefault(item["path"], []).append(item)
    return by_file


def export_digests() -> dict[str, str]:
    """SHA-256 of every file an export of content/ writes (cache keys blanked)."""
    main = _main()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        with contextlib.chdir(ROOT), contextlib.redirect_stdout(io.StringIO()):
            code = main(["export", "content", "--out", str(out), "--today", TODAY,
                         "--jobs", "1"])
        if code != 0:
            raise SystemExit(f"export of content/ failed with exit {code}")
        digests = {}
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if path.name == "manifest.json":
                manifest = json.loads(data)
                for article in manifest.get("articles", []):
                    article["cache_key"] = ""
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            digests[path.relative_to(out).as_posix()] = hashlib.sha256(data).hexdigest()
    return digests


def current() -> dict[str, object]:
    return {"today": TODAY, "findings": findings(FOLDERS), "export": export_digests()}


def dump(data: object) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.golden")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("write")
    sub.add_parser("check")
    snap = sub.add_parser("snapshot")
    snap.add_argument("folder", type=Path)
    snap.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "snapshot":
        folder = args.folder.resolve()
        args.out.write_text(dump(findings(["."], cwd=folder)), "utf-8")
        return 0
    text = dump(current())
    if args.command == "write":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, "utf-8")
        return 0
    old = GOLDEN.read_text("utf-8") if GOLDEN.is_file() else ""
    if old == text:
        print("golden findings unchanged")
        return 0
    sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), text.splitlines(True),
                                               "tests/golden/findings.json", "now"))
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
