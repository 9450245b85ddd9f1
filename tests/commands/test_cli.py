from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from healthlint import __version__
from healthlint.commands.cli import main
from healthlint.core.findings import REGISTRY
from healthlint.engine.checks import load_checks

GOOD = """---
title: Sleep
type: wellness
---
# Sleep

## Overview

Most adults need seven or more hours of sleep each night.

## Sources

- [CDC: About sleep](https://www.cdc.gov/sleep/about/index.html)
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out.strip() == f"healthlint {__version__}"


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([], capsys)
    assert code == 2 and "check" in out


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "nope.md"], capsys)
    assert code == 2 and "nope.md: no such file or folder" in err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "--frobnicate"], capsys)
    assert code == 2 and "unrecognized arguments" in err


def test_unknown_rule_on_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(GOOD)
    code, _, err = run(["check", "a.md", "--ignore", "HL999"], capsys)
    assert code == 2 and "unknown rule 'HL999'" in err


def test_folder_without_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run(["check", "empty"], capsys)
    assert code == 2
    assert "empty: no Markdown (*.md) files in this folder" in err


def test_bad_files_are_reported_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a-latin1.md").write_bytes(b"# Caf\xe9\n")
    (folder / "b-binary.md").write_bytes(b"\x00\x01\x02")
    (folder / "c-empty.md").write_bytes(b"")
    (folder / "d-yaml.md").write_text("---\ntitle: [\n---\n# T\n")
    (folder / "e-good.md").write_text(GOOD)
    code, out, _ = run(["check", "content", "--select", "HL0", "--format", "json"], capsys)
    data = json.loads(out)
    by_file = {(Path(f["path"]).name, f["code"], f["line"]) for f in data["findings"]}
    assert by_file == {
        ("a-latin1.md", "HL001", 1),
        ("b-binary.md", "HL002", 1),
        ("c-empty.md", "HL003", 1),
        ("d-yaml.md", "HL005", 2),
    }
    assert data["summary"]["files"] == 5 and data["summary"]["errors"] == 4
    assert code == 1


def test_text_format_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.md").write_text("---\n- x\n---\n# T\n")
    code, out, _ = run(["check", "bad.md", "--select", "HL0"], capsys)
    assert code == 1
    assert "bad.md:2:1: HL006 [error] front matter is a list" in out
    assert out.rstrip().endswith("1 file checked: 1 error, 0 warnings, 0 suggestions")
    assert "\x1b[" not in out  # no colour when not a terminal


def test_fail_on_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(GOOD + "\n<!-- healthlint-disable-next-line HL001 -->\n")
    code, out, _ = run(["check", "a.md", "--select", "HL0"], capsys)
    assert code == 0 and "HL008 [suggestion]" in out
    code, _, _ = run(["check", "a.md", "--select", "HL0", "--fail-on", "suggestion"], capsys)
    assert code == 1


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(GOOD)
    code, out, _ = run(["check", "a.md", "--format", "json", "--output", "out/r.json"], capsys)
    assert out == ""
    data = json.loads((tmp_path / "out" / "r.json").read_text())
    assert set(data) == {"version", "findings", "summary"}
    assert code == (1 if any(f["severity"] == "error" for f in data["findings"]) else 0)


def test_json_finding_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text("")
    _, out, _ = run(["check", "a.md", "--format", "json"], capsys)
    finding = json.loads(out)["findings"][0]
    assert list(finding) == ["path", "line", "column", "end_line", "end_column", "code", "name",
                             "severity", "message", "suggestion", "fix"]


def test_config_error_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.healthlint]\nfail-on = 'sometimes'\n")
    (tmp_path / "a.md").write_text(GOOD)
    code, _, err = run(["check", "a.md"], capsys)
    assert code == 2 and "is not one of" in err


def test_include_from_config_when_no_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.healthlint]\ninclude = ["docs/*.md"]\nexclude = ["docs/skip*"]\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("")
    (tmp_path / "docs" / "skip.md").write_text("")
    _, out, _ = run(["check", "--format", "json"], capsys)
    assert [Path(f["path"]).name for f in json.loads(out)["findings"]] == ["a.md"]


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    load_checks()
    for rule_code, rule in REGISTRY.items():
        assert rule_code in out and rule.name in out


@pytest.mark.parametrize("name", ["HL003", "empty-file", "hl003"])
def test_explain(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["explain", name], capsys)
    assert code == 0
    for part in ("What it does", "Why it matters", "Example", "Use instead"):
        assert part in out


def test_explain_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["explain", "HL999"], capsys)
    assert code == 2 and "unknown rule" in err


def test_init_writes_a_config_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(["init"], capsys)
    assert code == 0 and "[tool.healthlint]" in (tmp_path / "pyproject.toml").read_text()
    code, _, err = run(["init"], capsys)
    assert code == 2 and "already has" in err


def test_source_files_are_never_modified(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.md"
    article.write_bytes(GOOD.replace("\n", "\r\n").encode())
    before = article.read_bytes()
    run(["check", "a.md"], capsys)
    assert article.read_bytes() == before


def test_text_output_is_one_finding_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # HL101's suggestion spans lines (the headings to add); the text report keeps one line each
    (tmp_path / "a.md").write_text("---\ntype: medication\n---\n# Ibuprofen\n\n## Overview\n\nText.\n")
    _, out, _ = run(["check", "a.md", "--select", "HL101", "--format", "json"], capsys)
    count = len(json.loads(out)["findings"])
    _, out, _ = run(["check", "a.md", "--select", "HL101"], capsys)
    lines = [line for line in out.splitlines() if line.startswith("a.md:")]
    assert count >= 1 and len(lines) == count
    assert "## Side effects / ## Warnings" in out or "/ ##" in out


def test_exclude_applies_to_files_given_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a pre-commit hook passes every changed Markdown file, README.md included
    (tmp_path / "pyproject.toml").write_text('[tool.healthlint]\nexclude = ["README.md"]\n')
    (tmp_path / "README.md").write_text("")
    (tmp_path / "a.md").write_text("")
    code, out, _ = run(["check", "README.md", "a.md", "--format", "json"], capsys)
    assert [Path(f["path"]).name for f in json.loads(out)["findings"]] == ["a.md"]
    code, out, err = run(["check", "README.md"], capsys)
    assert code == 0 and "excluded" in err


@pytest.mark.parametrize("target", ["folder", "file/report.txt"])
def test_an_output_that_cannot_be_written_is_a_clear_error(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("not a folder")
    code, _, err = run(["check", "a.md", "--output", target], capsys)
    assert code == 2 and err.startswith(f"healthlint: --output {target}: cannot write")
    assert "Traceback" not in err


def test_init_into_a_folder_is_a_clear_error(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "conf").mkdir()
    code, _, err = run(["init", "--path", "conf"], capsys)
    assert code == 2 and "conf" in err and "Traceback" not in err


def test_a_closed_pipe_is_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # `healthlint rules | head -1`, `healthlint check | head -1`: the reader went away
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    (tmp_path / "a.md").write_text(GOOD.replace("## Sources", "## Nothing"))
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["rules"]) == 1
    assert main(["check", "a.md"]) == 1  # the result of the check, though nobody read it
    assert "Traceback" not in capsys.readouterr().err


def test_rules_may_be_separated_by_spaces_as_in_suppression_comments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text(GOOD.replace("Most adults", "Most most adults"))
    code, out, err = run(["check", "a.md", "--select", "HL402 HL1", "--format", "json"],
                         capsys)
    assert code == 0 and err == ""
    assert [f["code"] for f in json.loads(out)["findings"]] == ["HL402"]


def test_config_that_is_a_folder_says_so(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / "conf").mkdir()
    code, _, err = run(["check", "a.md", "--config", "conf"], capsys)
    assert code == 2 and "conf is a folder" in err


def test_html_block_text_is_checked_like_any_paragraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the exporter publishes the text of raw HTML; wrapping a claim in <p> must not hide it
    (tmp_path / "a.md").write_text(GOOD.replace(
        "Most adults", "<p>This herbal tea cures cancer.</p>\n\nMost adults"))
    code, out, _ = run(["check", "a.md", "--select", "HL5", "--format", "json"], capsys)
    assert code == 1
    assert [(f["code"], f["line"]) for f in json.loads(out)["findings"]] == [("HL501", 9)]


def test_options_and_paths_in_any_order(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(GOOD)
    (content / "b.md").write_text("# B\n\nNo front matter.\n")
    code, out, err = run(["check", str(content / "a.md"), "--fail-on", "warning",
                          "--format", "json", str(content / "b.md"), "--no-color"], capsys)
    assert err == "" and code == 1
    paths = {Path(f["path"]).name for f in json.loads(out)["findings"]}
    assert paths == {"a.md", "b.md"}
    code, out, err = run(["export", str(content / "a.md"), "--out", str(tmp_path / "site"),
                          str(content / "b.md"), "--force"], capsys)
    assert "unrecognized arguments" not in err and "of 2 articles" in out


def test_every_option_has_help() -> None:
    import argparse

    from healthlint.commands.cli import build_parser

    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    bare = [f"{name} {action.option_strings[0]}"
            for name, command in sub.choices.items() for action in command._actions
            if action.option_strings and not action.help]
    assert bare == []
