"""Configuration: built-in defaults < ``[tool.healthlint]`` in a config file < command-line flags.

The config file is the nearest ``pyproject.toml`` with a ``[tool.healthlint]`` table walking up
from the current folder, or the file given with ``--config`` (a pyproject.toml, or a
healthlint.toml whose top level is the healthlint table). Unknown keys, wrong types and
unknown rule codes are errors that list what is valid, as in mdformat: a typo must not be a
silent no-op.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from healthlint import usercache
from healthlint.core.families import import_checks
from healthlint.core.findings import REGISTRY, Rule, Severity, lookup, resolve_selector
from healthlint.core.options import SECTIONS, VALIDATORS, Option
from healthlint.text.phrases import normalize

METRICS = ("flesch-kincaid", "smog", "flesch-reading-ease")
# Ten years: a health article not reviewed for longer is out of date whatever a profile says.
MAX_REVIEW_DAYS = 3653


class ConfigError(Exception):
    """A problem with the configuration or the command line; exit code 2."""


SUBJECT_LINKS = ("of", "on", "for", "the", "a", "an")  # "Overview of the ..."


@dataclass(frozen=True)
class RequiredSection:
    names: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.names[0]

    def matches(self, title: str, subject: str | None = None) -> bool:
        """``title`` is one of the names, or, given the article's ``subject`` (its title), one
        followed by words of the subject: "About metformin" or "Overview of type 2 diabetes"
        in an article titled "Metformin" or "Type 2 diabetes"."""
        return _section_matches(self.names, title, subject)

    @classmethod
    def parse(cls, entry: str) -> RequiredSection:
        names = tuple(n.strip() for n in entry.split("|") if n.strip())
        if not names:
            raise ConfigError(f"empty section name in profile: {entry!r}")
        return cls(names)


@lru_cache(maxsize=256)
def _section_matches(names: tuple[str, ...], title: str, subject: str | None) -> bool:
    """``RequiredSection(names).matches(title, subject)``: a function of its strings alone,
    kept for the latest titles (every article's sections are matched against every required
    section, and ``check --fix`` lints each fixed article again)."""
    wanted = normalize(title)
    normalized = [normalize(n) for n in names]
    if wanted in normalized:
        return True
    subject_words = set(normalize(subject).split()) if subject else set()
    for name in normalized:
        if not wanted.startswith(f"{name} "):
            continue
        rest = wanted[len(name) + 1:].split()
        while rest and rest[0] in SUBJECT_LINKS:
            rest = rest[1:]
        if rest and set(rest) <= subject_words:
            return True
    return False


@dataclass(frozen=True)
class Profile:
    name: str
    sections: tuple[RequiredSection, ...]
    ordered: bool
    max_grade: float
    metric: str
    required_fields: tuple[str, ...]
    review_days: int
    min_sources: int
    types: tuple[str, ...] = ()


PROFILE_KEYS: dict[str, Option] = {
    "extends": Option(str, "default", "the profile this one starts from"),
    "sections": Option(list, [], 'required sections, in order; "Name|Alias" gives aliases'),
    "add-sections": Option(list, [], "sections added to the inherited list (before a "
                           "trailing Sources)"),
    "remove-sections": Option(list, [], "inherited sections to drop (any of their names)"),
    "ordered": Option(bool, True, "whether the sections must appear in the listed order"),
    "max-grade": Option(float, 8.0, "readability target (grade, or minimum reading ease)",
                        minimum=0, maximum=100),
    "metric": Option(str, "flesch-kincaid", "readability formula", METRICS),
    "required-fields": Option(list, [], "front matter fields every article must have"),
    "review-days": Option(int, 730, "days after last_reviewed when a review is overdue",
                          minimum=1, maximum=MAX_REVIEW_DAYS),
    "min-sources": Option(int, 2, "links or footnotes required in the Sources section"),
    "types": Option(list, [], "other `type:` values that select this profile"),
}

TOP_KEYS: dict[str, Option] = {
    "include": Option(list, ["content/**/*.md"], "globs of articles to check with no paths",
                      check=lambda patterns: [_relative_glob(p) for p in patterns]),
    "exclude": Option(list, [], "globs to leave out"),
    "fail-on": Option(str, "error", "lowest severity that makes the exit code 1",
                      ("error", "warning", "suggestion")),
    "select": Option(list, [], "rules to run (codes, names or prefixes); empty: all"),
    "ignore": Option(list, [], "rules to skip (codes, names or prefixes)"),
    "severity": Option(dict, {}, "per-rule severity: {HL301 = 'error'}"),
    "max-file-size": Option(int, 2_000_000, "bytes; larger files are reported, not read",
                            minimum=1, maximum=100_000_000),
    "profiles": Option(dict, {}, "article profiles by type"),
}


@cache
def builtin_profiles() -> dict[str, dict[str, Any]]:
    text = resources.files("healthlint").joinpath("data/profiles.toml").read_text("utf-8")
    return usercache.toml(text)


@dataclass
class Config:
    root: Path
    source: Path | None = None
    include: list[str] = field(default_factory=lambda: ["content/**/*.md"])
    exclude: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.ERROR
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    max_file_size: int = 2_000_000
    profiles: dict[str, Profile] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    _enabled: dict[str, bool] = field(default_factory=dict, repr=False)

    # ---- construction -----------------------------------------------------------------
    @classmethod
    def default(cls, root: Path | None = None) -> Config:
        return cls.from_table({}, root or Path.cwd(), None)

    @classmethod
    def discover(cls, start: Path | None = None) -> Config:
        """The nearest pyproject.toml with [tool.healthlint], walking up; else defaults."""
        here = (start or Path.cwd()).resolve()
        for folder in [here, *here.parents]:
            for name in ("healthlint.toml", "pyproject.toml"):
                candidate = folder / name
                if candidate.is_file():
                    table = _read_table(candidate, required=False)
                    if table is not None:
                        return cls.from_table(table, folder, candidate)
        return cls.default(here)

    @classmethod
    def load(cls, path: Path) -> Config:
        if path.is_dir():
            raise ConfigError(f"{path} is a folder: give the config file itself (a "
                              "pyproject.toml or healthlint.toml)")
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        table = _read_table(path, required=True) or {}
        return cls.from_table(table, path.resolve().parent, path)

    @classmethod
    def from_table(cls, table: dict[str, Any], root: Path, source: Path | None) -> Config:
        import_checks(plugins=any(key not in TOP_KEYS and key not in SECTIONS
                                  for key in table))
        where = str(source) if source else "config"
        config = cls(root=root, source=source)
        valid = {**TOP_KEYS, **{name: Option(dict, {}, "check options") for name in SECTIONS}}
        for key in table:
            if key not in valid:
                raise ConfigError(f"{where}: unknown key {key!r} in [tool.healthlint]; valid "
                                  f"keys: {', '.join(sorted(valid))}")
        try:
            values = {k: opt.validate(k, table.get(k, opt.default)) for k, opt in TOP_KEYS.items()}
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        config.include = list(values["include"])
        config.exclude = list(values["exclude"])
        config.fail_on = Severity.parse(values["fail-on"])
        config.select = _check_selectors(values["select"], f"{where}: select")
        config.ignore = _check_selectors(values["ignore"], f"{where}: ignore")
        config.severity = _parse_severities(values["severity"], where)
        config.max_file_size = values["max-file-size"]
        config.profiles = _build_profiles(values["profiles"], where)
        for section, options in SECTIONS.items():
            config.options[section] = _section_values(section, options, table.get(section, {}),
                                                      where)
        return config

    def with_overrides(
        self,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        fail_on: str | None = None,
    ) -> Config:
        """Command-line flags over the file: --select replaces, --ignore adds."""
        new = replace(self, _enabled={})
        if select is not None:
            new.select = _check_selectors(select, "--select")
        if ignore:
            new.ignore = [*self.ignore, *_check_selectors(ignore, "--ignore")]
        if fail_on is not None:
            try:
                new.fail_on = Severity.parse(fail_on)
            except ValueError as exc:
                raise ConfigError(f"--fail-on: {exc}") from None
        return new

    # ---- queries ------------------------------------------------------------------------
    def section(self, name: str) -> dict[str, Any]:
        return self.options.get(name, {})

    def enabled(self, code: str) -> bool:
        """Longest matching selector wins; on a tie ``ignore`` wins. Empty select = all."""
        known = self._enabled.get(code)
        if known is not None:
            return known
        rule = REGISTRY.get(code)
        name = rule.name if rule else ""
        best_select = max((_match_len(s, code, name) for s in self.select), default=0)
        if not self.select:
            best_select = 0.5
        best_ignore = max((_match_len(s, code, name) for s in self.ignore), default=0)
        result = best_select > 0 and best_select > best_ignore
        self._enabled[code] = result
        return result

    def severity_of(self, rule: Rule) -> Severity:
        found = self.severity.get(rule.code)
        return found if found is not None else rule.severity

    def profile_for(self, type_value: object) -> Profile | None:
        """The profile a front matter ``type`` selects, or None when it selects none."""
        if not isinstance(type_value, str) or not type_value.strip():
            return None
        wanted = normalize(type_value)
        for profile in self.profiles.values():
            if profile.name == "default":
                continue
            if wanted == normalize(profile.name) or wanted in {normalize(t) for t in profile.types}:
                return profile
        return None

    @property
    def default_profile(self) -> Profile:
        return self.profiles["default"]


def _match_len(selector: str, code: str, name: str) -> float:
    sel = selector.strip()
    if sel.lower() == name or sel.upper() == code:
        return 5
    upper = sel.upper()
    if re.fullmatch(r"HL\d{0,3}", upper) and code.startswith(upper):
        return len(upper)
    return 0


def _check_selectors(selectors: list[str], where: str) -> list[str]:
    for selector in selectors:
        if not resolve_selector(selector):
            import_checks(plugins=True)  # a rule of an installed family (the exporter's)
        if not resolve_selector(selector):
            raise ConfigError(f"{where}: unknown rule {selector!r}; use a code (HL501), a name "
                              f"(cure-claim) or a prefix (HL5). Valid codes: "
                              f"{', '.join(sorted(REGISTRY))}")
    return list(selectors)


def _parse_severities(table: dict[str, Any], where: str) -> dict[str, Severity]:
    result: dict[str, Severity] = {}
    for key, value in table.items():
        if not isinstance(value, str):
            raise ConfigError(f"{where}: severity.{key}: expected a string")
        try:
            severity = Severity.parse(value)
        except ValueError as exc:
            raise ConfigError(f"{where}: severity.{key}: {exc}") from None
        rules = resolve_selector(key)
        if not rules:
            import_checks(plugins=True)
            rules = resolve_selector(key)
        if not rules:
            raise ConfigError(f"{where}: severity: unknown rule {key!r}; valid codes: "
                              f"{', '.join(sorted(REGISTRY))}")
        for rule in rules:
            result[rule.code] = severity
    return result


def _section_values(section: str, options: dict[str, Option], table: Any,
                    where: str) -> dict[str, Any]:
    _check_table(table, options, f"[tool.healthlint.{section}]", where)
    try:
        values = {k: opt.validate(f"{section}.{k}", table.get(k, opt.default))
                  for k, opt in options.items()}
        # the defaults are valid: with no table of the user's, a check builds what it needs
        # (the claims lexicon) when it first runs, and a run served from the cache never does
        for validate in VALIDATORS.get(section, []) if table else ():
            validate(values)
    except (ConfigError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return values


def _check_table(table: Any, valid: dict[str, Option], name: str, where: str) -> None:
    """A config table must be a table of known keys; say which keys are valid."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: {name} must be a table")
    for key in table:
        if key not in valid:
            raise ConfigError(f"{where}: unknown key {key!r} in {name}; valid keys: "
                              f"{', '.join(sorted(valid)) or '(none)'}")


def _build_profiles(user: dict[str, Any], where: str) -> dict[str, Profile]:
    raw: dict[str, dict[str, Any]] = {k: dict(v) for k, v in builtin_profiles().items()}
    for name, table in user.items():
        _check_table(table, PROFILE_KEYS, f"profiles.{name}", where)
        if name in raw:  # change a built-in profile: keep what is not said
            raw[name] = {**raw[name], **table}
        else:
            raw[name] = {"extends": "default", **table}
    resolved: dict[str, dict[str, Any]] = {}

    def resolve(name: str, seen: tuple[str, ...]) -> dict[str, Any]:
        if name in resolved:
            return resolved[name]
        if name not in raw:
            raise ConfigError(f"{where}: profile {seen[-1] if seen else name!r} extends unknown "
                              f"profile {name!r}; "
                              f"profiles: {', '.join(sorted(raw))}")
        if name in seen:
            raise ConfigError(f"{where}: profiles extend each other in a loop: "
                              f"{' -> '.join([*seen, name])}")
        table = raw[name]
        base_name = table.get("extends")
        if name == "default" or base_name is None:
            base = {k: opt.default for k, opt in PROFILE_KEYS.items()}
        else:
            base = dict(resolve(str(base_name), (*seen, name)))
        values: dict[str, Any] = dict(base)
        try:
            for key, value in table.items():
                values[key] = PROFILE_KEYS[key].validate(f"profiles.{name}.{key}", value)
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        if "sections" not in table:
            values["sections"] = list(base["sections"])
        values["sections"] = _insert_before_sources(values["sections"],
                                                    table.get("add-sections", []))
        drop = {normalize(n) for entry in table.get("remove-sections", [])
                for n in entry.split("|")}
        values["sections"] = [s for s in values["sections"]
                              if not {normalize(n) for n in s.split("|")} & drop]
        values["add-sections"] = []
        values["remove-sections"] = []
        if "types" not in table:
            values["types"] = []
        resolved[name] = values
        return values

    profiles: dict[str, Profile] = {}
    for name in raw:
        v = resolve(name, ())
        try:
            sections = tuple(RequiredSection.parse(s) for s in v["sections"])
        except ConfigError as exc:
            raise ConfigError(f"{where}: profiles.{name}.sections: {exc}") from None
        profiles[name] = Profile(
            name=name,
            sections=sections,
            ordered=v["ordered"],
            max_grade=float(v["max-grade"]),
            metric=v["metric"],
            required_fields=tuple(v["required-fields"]),
            review_days=v["review-days"],
            min_sources=v["min-sources"],
            types=tuple(v["types"]),
        )
    return profiles


def _insert_before_sources(sections: list[str], added: list[str]) -> list[str]:
    """Added sections go before a trailing Sources/References entry, which stays last."""
    if sections and {normalize(n) for n in sections[-1].split("|")} & {"sources", "references"}:
        return [*sections[:-1], *added, sections[-1]]
    return [*sections, *added]


def _read_table(path: Path, required: bool) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool")  # other tools' shapes (tool = "poetry", [[tool]]) are theirs
        table = tool.get("healthlint") if isinstance(tool, dict) else None
        if table is None:
            if required:
                return {}
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.healthlint] must be a table")
        return table
    if isinstance(data.get("tool"), dict) and "healthlint" in data["tool"]:
        raise ConfigError(f"{path}: a {path.name} holds the options at its top level; remove "
                          "the [tool.healthlint] header (it belongs in pyproject.toml)")
    return data


def _relative_glob(pattern: str) -> None:
    """An ``include`` pattern pathlib's glob can use, below the config file's folder."""
    if not pattern.strip():
        raise ValueError("an empty pattern matches nothing: write a glob such as "
                         "'content/**/*.md'")
    if PurePosixPath(pattern).is_absolute() or PureWindowsPath(pattern).anchor:
        raise ValueError(f"{pattern!r} is absolute: patterns are relative to the folder of "
                         "the config file (give the folder as a path on the command line)")
    if any("**" in part and part != "**" for part in re.split(r"[/\\]", pattern)):
        raise ValueError(f"{pattern!r}: '**' must be a whole part of the path, as in "
                         "'content/**/*.md'")


def rule_or_error(code: str) -> Rule:
    found = lookup(code)
    if found is None:
        raise ConfigError(f"unknown rule {code!r}; valid codes: {', '.join(sorted(REGISTRY))}")
    return found
