"""The runner: a check runs only when one of the rules it declares is enabled."""

from __future__ import annotations

from dataclasses import replace

import pytest

from healthlint.engine import checks as registry
from healthlint.engine.checks import load_checks
from tests.conftest import lint


@pytest.mark.parametrize(("name", "prefix"), [
    ("disclaimer", "HL2"), ("metadata", "HL6"), ("readability", "HL3"), ("structure", "HL1"),
    ("unmarked-headings", "HL109"), ("claims", "HL5"), ("spelling", "HL4"),
    ("language", "HL7"),
])
def test_a_check_whose_rules_are_all_off_is_not_called(
        monkeypatch: pytest.MonkeyPatch, name: str, prefix: str) -> None:
    spec = load_checks()[name]

    def fail(doc: object, ctx: object) -> list[object]:
        raise AssertionError(f"{name} ran with {prefix} ignored")

    monkeypatch.setitem(registry.CHECKS, name, replace(spec, func=fail))
    lint("# Hay fever\n\nNo front matter, no sources.\n", config={"ignore": [prefix]})
    found = lint("# Hay fever\n\nNo front matter.\n")
    assert any(f.code == "HL010" and name in f.message for f in found)


def test_every_check_declares_only_rules_its_family_data_declares() -> None:
    from healthlint.core.findings import REGISTRY

    for spec in load_checks().values():
        assert spec.rules, spec.name
        assert all(code in REGISTRY for code in spec.rules), spec.name


def test_the_project_word_lists_are_read_once_for_spelling_and_claims(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Spelling and claims both know the project's words; a run reads each list once."""
    from healthlint.engine.runner import lint_text
    from tests.conftest import make_config

    (tmp_path / "words.txt").write_text("Zorbinex\n", "utf-8")
    reads: list[str] = []
    real = registry.read_word_list
    monkeypatch.setattr(registry, "read_word_list",
                        lambda path: reads.append(path.name) or real(path))
    config = make_config({"spelling": {"wordlists": ["words.txt"], "words": ["Quellamin"]}},
                         None, tmp_path)
    cache: dict[str, object] = {}
    text = "# Zorbinex\n\nZorbinex cures arthritis. Quellamin and Blorvax too.\n"
    for _ in range(2):
        found = lint_text(text, "a.md", config, None, cache)
    assert reads == ["words.txt"]
    unknown = [f.message for f in found if f.code == "HL401"]
    assert any("Blorvax" in m for m in unknown)
    assert not any("Zorbinex" in m or "Quellamin" in m for m in unknown)


def test_an_unreadable_word_list_is_named_once(tmp_path) -> None:
    from tests.conftest import make_config

    config = make_config({"spelling": {"wordlists": ["missing.txt"]}}, None, tmp_path)
    found = lint("# Title\n\nPlain words here.\n", config=config, root=tmp_path)
    problems = [f.message for f in found if "missing.txt" in f.message]
    assert len(problems) == 1 and "cannot read word list 'missing.txt'" in problems[0]


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_result_is_handed_over_in_order_as_it_comes(tmp_path: object, jobs: int) -> None:
    # check --fix writes each fixed file as its result comes back from the workers
    from pathlib import Path

    from healthlint.config import Config
    from healthlint.engine.runner import POOL_MIN_FILES, lint_paths

    folder = Path(str(tmp_path))
    files = []
    for n in range(POOL_MIN_FILES + 4):
        files.append(folder / f"a{n:02}.md")
        files[-1].write_text(f"# Iron {n}\n\nTake the the tablets.\n", "utf-8")
    seen: list[tuple[Path, object]] = []
    results = lint_paths(files, Config.default(), jobs=jobs,
                         done=lambda file, result: seen.append((file, result)))
    assert [file for file, _ in seen] == files
    assert [result for _, result in seen] == results
    assert [r.path.rsplit("/", 1)[-1] for r in results] == [f.name for f in files]
