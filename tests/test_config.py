from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.config import Config, ConfigError
from healthlint.engine.checks import context_for
from healthlint.parse.document import parse
from healthlint.text.phrases import normalize


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_works_with_no_config_at_all(tmp_path: Path) -> None:
    config = Config.discover(tmp_path)
    assert config.source is None
    assert set(config.profiles) >= {"default", "condition", "medication", "procedure", "wellness"}
    condition = config.profiles["condition"]
    assert [s.name for s in condition.sections][-2:] == ["When to see a doctor", "Sources"]
    assert condition.max_grade == 8.0 and condition.ordered


def test_nearest_pyproject_walking_up(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.healthlint]\nfail-on = "warning"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    config = Config.discover(deep)
    assert config.source == tmp_path / "pyproject.toml"
    assert str(config.fail_on) == "warning"
    assert config.root == tmp_path


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.healthlint]\nignore = ["HL3"]\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    write(inner / "pyproject.toml", "[project]\nname = 'x'\n")
    assert Config.discover(inner).ignore == ["HL3"]


def test_healthlint_toml_top_level(tmp_path: Path) -> None:
    path = write(tmp_path / "healthlint.toml", 'ignore = ["HL3"]\n[spelling]\n')
    assert Config.load(path).ignore == ["HL3"]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('fail_on = "error"', "unknown key 'fail_on'"),
        ('fail-on = "fatal"', "is not one of"),
        ("include = 3", "expected a list of strings"),
        ('ignore = ["HL999"]', "unknown rule 'HL999'"),
        ('select = ["cure-claimz"]', "unknown rule"),
        ("[profiles.condition]\nmax-grade = 'eight'", "expected a number"),
        ("[profiles.condition]\nsectons = []", "unknown key 'sectons'"),
        ("[profiles.x]\nextends = 'nope'", "unknown profile 'nope'"),
        ("[profiles.a]\nextends = 'b'\n[profiles.b]\nextends = 'a'", "loop"),
        ("[severity]\nHL999 = 'error'", "unknown rule"),
        ("[severity]\nHL1 = 'loud'", "unknown severity"),
        ("[nosuchcheck]\nx = 1", "unknown key 'nosuchcheck'"),
        ("[claims.extra]\nnosuch = ['x']", "unknown category 'nosuch'"),
        ("[spelling]\nvariant = 'en-AU'", "is not one of"),
    ],
)
def test_config_errors_list_what_is_valid(tmp_path: Path, toml: str, message: str) -> None:
    path = write(tmp_path / "healthlint.toml", toml + "\n")
    with pytest.raises(ConfigError, match=message):
        Config.load(path)


def test_unknown_key_message_lists_valid_keys(tmp_path: Path) -> None:
    path = write(tmp_path / "healthlint.toml", "colour = true\n")
    with pytest.raises(ConfigError) as info:
        Config.load(path)
    assert "fail-on" in str(info.value) and "include" in str(info.value)


def test_invalid_toml(tmp_path: Path) -> None:
    path = write(tmp_path / "healthlint.toml", "ignore = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        Config.load(path)


def test_profiles_change_add_and_extend_without_copying(tmp_path: Path) -> None:
    path = write(tmp_path / "healthlint.toml", """
[profiles.condition]
add-sections = ["Outlook"]
max-grade = 9
[profiles.recipe]
extends = "wellness"
add-sections = ["Ingredients|What you need"]
types = ["healthy recipe"]
[profiles.medication]
remove-sections = ["Interactions"]
""")
    config = Config.load(path)
    condition = config.profiles["condition"]
    assert [s.name for s in condition.sections][0] == "Overview"
    assert [s.name for s in condition.sections][-2:] == ["Outlook", "Sources"]
    assert condition.max_grade == 9.0
    recipe = config.profiles["recipe"]
    assert [s.name for s in recipe.sections] == ["Overview", "Ingredients", "Sources"]
    assert config.profile_for("Healthy-Recipe") is recipe
    assert "Interactions" not in [s.name for s in config.profiles["medication"].sections]


def test_profile_by_type_and_alias_matching() -> None:
    config = Config.default()
    assert config.profile_for("Medicine").name == "medication"
    assert config.profile_for(" CONDITION ").name == "condition"
    assert config.profile_for("recipe") is None
    assert config.profile_for(None) is None
    section = config.profiles["condition"].sections[5]
    assert section.matches("When to get medical help!")
    assert section.matches("when to see a Doctor")
    assert not section.matches("When to worry")
    assert normalize("Why it's done") == normalize("why it s done")


def test_context_uses_default_profile_without_type() -> None:
    config = Config.default()
    ctx = context_for(config, parse("# T\n", "a.md"))
    assert ctx.profile.name == "default"
    ctx = context_for(config, parse("---\ntype: procedure\n---\n# T\n", "a.md"))
    assert ctx.profile.name == "procedure"


def test_select_ignore_longest_prefix_wins() -> None:
    config = Config.from_table({"select": ["HL5"], "ignore": ["HL50"]}, Path("."), None)
    config2 = Config.from_table({"ignore": ["HL5"], "select": ["HL501", "HL0"]}, Path("."), None)
    assert not config.enabled("HL501")
    assert config.enabled("HL003") is False  # not selected
    assert config2.enabled("HL501") and not config2.enabled("HL502")
    assert config2.enabled("HL003")


def test_command_line_overrides_file(tmp_path: Path) -> None:
    path = write(tmp_path / "healthlint.toml", 'ignore = ["HL3"]\nfail-on = "warning"\n')
    config = Config.load(path).with_overrides(select=["HL0"], ignore=["HL001"], fail_on="error")
    assert config.select == ["HL0"] and config.ignore == ["HL3", "HL001"]
    assert str(config.fail_on) == "error"
    assert not config.enabled("HL001") and config.enabled("HL002")


def test_severity_override_by_name_and_prefix(tmp_path: Path) -> None:
    path = write(tmp_path / "healthlint.toml", "[severity]\nunused-suppression = 'error'\nHL00 = 'warning'\n")
    config = Config.load(path)
    assert str(config.severity["HL008"]) in ("error", "warning")
    assert str(config.severity["HL001"]) == "warning"


@pytest.mark.parametrize("table, key", [
    ("max-file-size = 0", "max-file-size"),
    ("max-file-size = -1", "max-file-size"),
    ("[profiles.wellness]\nreview-days = -5", "profiles.wellness.review-days"),
    ("[profiles.wellness]\nmin-sources = -1", "profiles.wellness.min-sources"),
    ("[readability]\nhardest = -1", "readability.hardest"),
    ("[readability]\nmin-words = -3", "readability.min-words"),
    ("[metadata]\ndescription-max = -10", "metadata.description-max"),
])
def test_negative_numbers_are_config_errors(tmp_path: Path, table: str, key: str) -> None:
    # max-file-size = -1 made every article "too large"; review-days = -5 made every one overdue
    path = write(tmp_path / "healthlint.toml", table + "\n")
    with pytest.raises(ConfigError, match=rf"{path}: {key}: .* must be at least"):
        Config.load(path)


def test_an_empty_section_name_says_which_file_and_profile(tmp_path: Path) -> None:
    path = write(tmp_path / "healthlint.toml",
                 '[profiles.wellness]\nsections = ["Overview", "|"]\n')
    with pytest.raises(ConfigError, match=rf"{path}: profiles.wellness.sections: empty section"):
        Config.load(path)


def test_description_bounds_the_wrong_way_round_are_a_config_error(tmp_path: Path) -> None:
    path = write(tmp_path / "healthlint.toml", "[metadata]\ndescription-min = 200\n"
                 "description-max = 10\n")
    with pytest.raises(ConfigError, match="description-min .*200.* description-max .*10"):
        Config.load(path)


def test_a_tool_healthlint_header_in_healthlint_toml_is_explained(tmp_path: Path) -> None:
    # a table copied from pyproject.toml: say what to change, not "unknown key 'tool'"
    path = write(tmp_path / "healthlint.toml", '[tool.healthlint]\nfail-on = "warning"\n')
    with pytest.raises(ConfigError, match=r"top level.*\[tool\.healthlint\]"):
        Config.load(path)
