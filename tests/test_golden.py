"""The golden findings: what every shipped article is told, and the bytes its export writes.

tests/golden/findings.json holds the JSON findings of every Markdown file in content/ and
tests/fixtures/ (with a fixed date) and the SHA-256 of every file an export of content/ writes.
A change here is a decision to explain in the commit message: read the diff, then run
``python -m tools.golden write``; never regenerate the file without reading it.
"""

from __future__ import annotations

import difflib
import json

from tools import golden


def test_findings_and_export_match_the_golden_file() -> None:
    recorded = golden.GOLDEN.read_text("utf-8")
    now = golden.dump(golden.current())
    if now != recorded:
        diff = "".join(difflib.unified_diff(recorded.splitlines(True), now.splitlines(True),
                                            "tests/golden/findings.json", "now", n=2))
        raise AssertionError("findings or export bytes changed; read the diff, explain it in "
                             "the commit, then run `python -m tools.golden write`:\n" + diff[:20000])


def test_the_golden_file_covers_content_and_fixtures() -> None:
    data = json.loads(golden.GOLDEN.read_text("utf-8"))
    files = set(data["findings"])
    assert any(f.startswith("content/") for f in files)
    assert any(f.startswith("tests/fixtures/") for f in files)
    assert "index.html" in data["export"] and "manifest.json" in data["export"]
    assert sum(len(v) for v in data["findings"].values()) > 50
