"""docs/ci.md stays copy-pasteable: every YAML block parses, and every healthlint command in
it is one the command line accepts."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from healthlint.commands.cli import build_parser
from tests.conftest import TESTS

CI_DOC = TESTS.parent / "docs" / "ci.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", CI_DOC.read_text("utf-8"), re.DOTALL)
PLACEHOLDERS = {r"\$\{\{ matrix\.shard \}\}": "2", r"\$\{\{ github\.base_ref \}\}": "main",
                r'"?\$CI_NODE_INDEX/\$CI_NODE_TOTAL"?': "2/4",
                r'"?healthlint-\$CI_NODE_INDEX\.xml"?': "healthlint-2.xml",
                r'"?origin/\$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"?': "origin/main"}


def commands(node: object) -> list[str]:
    """The healthlint commands in a workflow's run/script entries."""
    if isinstance(node, dict):
        return [c for value in node.values() for c in commands(value)]
    if isinstance(node, list):
        return [c for value in node for c in commands(value)]
    if isinstance(node, str):
        text = node.replace("\\\n", " ")
        return [m.group(0) for m in re.finditer(r"healthlint check[^\n|]*", text)]
    return []


def test_the_examples_are_there() -> None:
    assert len(BLOCKS) == 4
    text = CI_DOC.read_text("utf-8")
    for part in ("upload-sarif", "--diff-base", "--baseline", "--shard", "parallel:",
                 "junit:"):
        assert part in text


@pytest.mark.parametrize("block", BLOCKS)
def test_each_block_is_yaml_whose_commands_parse(block: str) -> None:
    found = commands(yaml.safe_load(block))
    assert found
    for command in found:
        for pattern, value in PLACEHOLDERS.items():
            command = re.sub(pattern, value, command)
        command = command.split("||")[0]
        args = build_parser().parse_args(shlex.split(command)[1:])
        assert args.command == "check"
