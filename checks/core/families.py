"""Rule families declared as data: rules, their docs and the options of their config table.

Each family is one TOML file (``checks/data/rules/<family>.toml``; the exporter ships its own
beside its code) with the family's name, code prefix, the module (or list of modules) that holds
its checks, its config table with the options it reads, and every rule it emits with its docs.
Loading a file
registers its rules (:mod:`healthlint.core.findings`) and options
(:mod:`healthlint.core.options`); code looks a rule up with :func:`declared`. The modules named
by the data are imported by :func:`import_checks`, so no layer below the rules imports them,
and families from other packages join through the ``healthlint.families`` entry point group.

A rule's ``example`` must trigger it and its ``instead`` must not (tests/test_rule_examples.py
lints them). Three optional fields say how: ``example-config``, a ``[tool.healthlint]`` table
to lint both with (shown above the example by ``explain``); ``example-file`` and
``instead-file``, a file or folder beside the data file (``examples/HL002.md``) that is linted
in place of the text, for what a text cannot hold (bytes that are not UTF-8, an empty file, a
folder of articles for the exporter). With a file, ``example`` describes it for readers.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath
from typing import Any

from healthlint import usercache
from healthlint.core.findings import FAMILIES, REGISTRY, Rule, Severity, rule
from healthlint.core.options import option_from_data, register_section

ENTRY_POINTS = "healthlint.families"
RULE_FIELDS = ("name", "severity", "summary", "what", "why", "example", "instead")
EXAMPLE_FIELDS = ("example-config", "example-file", "instead-file")


@dataclass(frozen=True)
class Family:
    name: str
    prefix: str
    modules: tuple[str, ...]  # `module` in the data: one module name, or a list of them
    table: str | None
    codes: tuple[str, ...]
    origin: str


@dataclass(frozen=True)
class RuleExample:
    """What the tests lint for a rule: the ``example`` that must trigger it and the ``instead``
    that must not, the config both are linted with, and the files that replace the texts."""

    code: str
    example: str
    instead: str
    config: Mapping[str, Any]
    example_file: Traversable | None
    instead_file: Traversable | None
    origin: str


LOADED: dict[str, Family] = {}
EXAMPLES: dict[str, RuleExample] = {}
_imported: set[str] = set()
_plugins_loaded = False


def load_family(text: str, origin: str, folder: Traversable | None = None) -> Family:
    """Register the rules and options of one family data file (TOML text); ``folder``, the
    data file's folder, holds the files that rule examples name."""
    data: dict[str, Any] = usercache.toml(text)
    table = data.get("table")
    if table is not None:
        register_section(table, {key: option_from_data(f"{table}.{key}", spec)
                                 for key, spec in data.get("options", {}).items()})
    codes = []
    for code, spec in data.get("rules", {}).items():
        missing = [f for f in RULE_FIELDS if not spec.get(f)]
        unknown = sorted(set(spec) - {*RULE_FIELDS, *EXAMPLE_FIELDS})
        if missing or unknown:
            raise ValueError(f"{origin}: rule {code} has " + (
                f"no {', '.join(missing)}" if missing else f"unknown fields {unknown}"))
        docs = {f: spec[f].strip("\n") for f in RULE_FIELDS[2:]}
        example = _example(code, docs, spec, origin, folder)
        if example.config:
            docs["example"] = f"With {config_text(example.config)}:\n{docs['example']}"
        rule(code, spec["name"], Severity.parse(spec["severity"]), **docs)
        EXAMPLES[code] = example
        codes.append(code)
    FAMILIES.setdefault(data["prefix"], data["family"])
    module = data.get("module") or ()
    modules = (module,) if isinstance(module, str) else tuple(module)
    family = Family(data["family"], data["prefix"], modules, table, tuple(codes), origin)
    LOADED[origin] = family
    return family


def _example(code: str, docs: dict[str, str], spec: dict[str, Any], origin: str,
             folder: Traversable | None) -> RuleExample:
    config = spec.get("example-config", {})
    if not isinstance(config, dict):
        raise ValueError(f"{origin}: rule {code}: example-config must be a table")
    files = {}
    for key in ("example-file", "instead-file"):
        name = spec.get(key)
        if name is None:
            continue
        where = PurePosixPath(name) if isinstance(name, str) else None
        if where is None or where.is_absolute() or ".." in where.parts or folder is None:
            raise ValueError(f"{origin}: rule {code}: {key} must be a path inside the folder "
                             f"of the data file: {name!r}")
        # Not opened here: a missing file fails the tests, never a user's run.
        files[key] = folder.joinpath(*where.parts)
    return RuleExample(code, docs["example"], docs["instead"], config,
                       files.get("example-file"), files.get("instead-file"), origin)


def config_text(config: Mapping[str, Any], table: str = "tool.healthlint") -> str:
    """A config table in one line, as TOML: ``[tool.healthlint.spelling] variant = "en-US"``."""
    values = [f"{key} = {json.dumps(value)}" for key, value in config.items()
              if not isinstance(value, dict)]
    parts = [f"[{table}] {', '.join(values)}"] if values else []
    parts += [config_text(value, f"{table}.{key}") for key, value in config.items()
              if isinstance(value, dict)]
    return "; ".join(parts)


def _load_builtin() -> None:
    folder = resources.files("healthlint").joinpath("data/rules")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            load_family(entry.read_text("utf-8"), f"healthlint:data/rules/{entry.name}", folder)


def declared(code: str) -> Rule:
    """The rule ``code`` as its family's data declares it."""
    try:
        return REGISTRY[code]
    except KeyError:
        raise LookupError(f"rule {code} is not declared in any family data file") from None


def family_codes(prefix: str) -> tuple[str, ...]:
    """Every declared rule code that starts with ``prefix`` (``HL5``: the claims family)."""
    return tuple(code for code in sorted(REGISTRY) if code.startswith(prefix))


def import_checks(plugins: bool = False) -> None:
    """Import the module of every family (so its checks and validators register); with
    ``plugins``, also the families installed by other packages (entry points)."""
    global _plugins_loaded
    if plugins and not _plugins_loaded:
        _plugins_loaded = True
        from importlib.metadata import entry_points

        for point in entry_points(group=ENTRY_POINTS):
            point.load()
    for family in list(LOADED.values()):
        for module in family.modules:
            if module not in _imported:
                _imported.add(module)
                importlib.import_module(module)


_load_builtin()
