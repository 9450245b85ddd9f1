from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.config import Config
from healthlint.engine.runner import lint_text
from tests.conftest import TODAY

ONLY = Config.from_table({"select": ["HL109"]}, Path("."), None)
RUNNING = ("Clonazepam slows down activity in the brain, which can ease panic attacks and some "
           "kinds of seizures.")


def found(text: str) -> list[tuple[int, int, str | None]]:
    return [(f.line, f.column, f.suggestion) for f in lint_text(text, "a.md", ONLY, TODAY)]


@pytest.mark.parametrize(("text", "expected"), [
    (f"# Clonazepam\n\nHow clonazepam works\n\n{RUNNING}\n", [(3, 1, "## How clonazepam works")]),
    (f"# Clonazepam\n\n**How clonazepam works**\n\n{RUNNING}\n", [(3, 3, "## How clonazepam works")]),
    (f"# C\n\n## Use\n\nLong-term use\n\n{RUNNING}\n", [(5, 1, "## Long-term use")]),
    (f"# C\n\n## Use\n\n### In adults\n\nLong-term use\n\n{RUNNING}\n", [(7, 1, "### Long-term use")]),
])
def test_plain_text_headings_are_reported(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    f"# Clonazepam\n\n## How clonazepam works\n\n{RUNNING}\n",          # a real heading
    f"# Clonazepam\n\nTake it as your doctor says.\n\n{RUNNING}\n",     # a sentence
    f"# Clonazepam\n\nCommon side effects include\n\n{RUNNING}\n",      # a lead-in
    f"# Clonazepam\n\n[Find a pharmacy](https://www.nhs.uk/)\n\n{RUNNING}\n",  # a link
    f"# Clonazepam\n\n- How it works\n\n{RUNNING}\n",                   # a list item
    f"# Clonazepam\n\n> How it works\n\n{RUNNING}\n",                   # a quote
    "# Clonazepam\n\nHow clonazepam works\n\nIt is a medicine.\n",      # no running text after
    f"# Clonazepam\n\nHow clonazepam works and why it can help\nand what to ask\n\n{RUNNING}\n",
    f"# Clonazepam\n\nhow clonazepam works\n\n{RUNNING}\n",             # not capitalised
    f"# Clonazepam\n\nHow *clonazepam* works\n\n{RUNNING}\n",           # inline markup
])
def test_look_alikes_are_not_reported(text: str) -> None:
    assert found(text) == []
