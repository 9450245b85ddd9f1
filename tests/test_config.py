from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.config import Config, ConfigError
from healthlint.engine.checks import context_for
from healthlint.parse.document import parse
from healthlint.text.phrases import normalize
from tests.conftest import lint


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


# ---- shapes a careless or hostile config takes -----------------------------------------------
@pytest.mark.parametrize("tool", ['tool = "poetry"', "[[tool]]\nname = 'x'", "tool = 3",
                                  "[tool]\npoetry = 'x'\nhealthlint-other = 1"])
def test_someone_elses_tool_shapes_are_not_our_config(
    tmp_path: Path, tool: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    # any pyproject.toml up the tree broke every command (AttributeError): it is not our
    # config, so discovery walks past it and --config gives the defaults
    from healthlint.commands.cli import main

    write(tmp_path / "pyproject.toml", f"{tool}\n[project]\nname = 'x'\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    assert Config.discover(inner).source is None
    assert Config.load(tmp_path / "pyproject.toml").include == ["content/**/*.md"]
    write(inner / "a.md", "# T\n\nText.\n")
    monkeypatch.chdir(inner)
    assert main(["check", "a.md", "--select", "HL0"]) == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(("patterns", "why"), [
    ('["/abs/*.md"]', "is absolute"),
    ('["content/*.md", ""]', "empty pattern"),
    ('["   "]', "empty pattern"),
    ('["content/**.md"]', "'\\*\\*'"),
])
def test_include_patterns_that_glob_cannot_use_are_config_errors(
    tmp_path: Path, patterns: str, why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # NotImplementedError ("Non-relative patterns") and ValueError ("Unacceptable pattern")
    # from pathlib's glob, on every command, before
    path = write(tmp_path / "pyproject.toml", f"[tool.healthlint]\ninclude = {patterns}\n")
    with pytest.raises(ConfigError, match=rf"{path}: include: .*{why}"):
        Config.load(path)
    from healthlint.commands.cli import main

    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"healthlint: {path}: include: ") and "Traceback" not in err


@pytest.mark.parametrize(("table", "key", "why"), [
    ("[profiles.wellness]\nreview-days = 1000000000", "profiles.wellness.review-days",
     "at most 3,653"),
    ("[profiles.wellness]\nmax-grade = nan", "profiles.wellness.max-grade", "finite"),
    ("[profiles.default]\nmax-grade = inf", "profiles.default.max-grade", "finite"),
    ("[profiles.default]\nmax-grade = -inf", "profiles.default.max-grade", "finite"),
    ("[profiles.default]\nmax-grade = 1" + "0" * 400, "profiles.default.max-grade",
     "at most 100"),
    ("[profiles.default]\nmax-grade = 1e300", "profiles.default.max-grade", "at most 100"),
    ("[readability]\nmin-reading-ease = nan", "readability.min-reading-ease", "finite"),
    ("max-file-size = 1" + "0" * 30, "max-file-size", "at most 100,000,000"),
    ("[profiles.wellness]\nmin-sources = 1" + "0" * 20, "profiles.wellness.min-sources",
     "at most"),
    ("[readability]\nhardest = 9223372036854775807", "readability.hardest", "at most"),
    ("[metadata]\ndescription-max = 99999999999", "metadata.description-max", "at most"),
])
def test_numbers_out_of_any_sane_range_are_config_errors(
    tmp_path: Path, table: str, key: str, why: str
) -> None:
    # review-days = 1000000000 was accepted, then overflowed a date: HL010 on every file;
    # max-grade = nan was accepted and judged nothing
    path = write(tmp_path / "healthlint.toml", table + "\n")
    with pytest.raises(ConfigError, match=rf"{path}: {key}: .*{why}"):
        Config.load(path)


def test_the_largest_review_interval_still_gives_a_date(tmp_path: Path) -> None:
    path = write(tmp_path / "healthlint.toml", "[profiles.default]\nreview-days = 3653\n")
    text = "---\nlast_reviewed: 9999-12-30\n---\n# T\n\nText.\n"
    import datetime as dt

    found = lint(text, config=Config.load(path), today=dt.date(9999, 12, 31))
    assert "HL010" not in {f.code for f in found}
