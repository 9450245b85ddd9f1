"""Rule families declared as data: rules, their docs and the options of their config table.

Each family is one TOML file (``checks/data/rules/<family>.toml``; the exporter ships its own
beside its code) with the family's name, code prefix, the module that holds its checks, its
config table with the options it reads, and every rule it emits with its docs. Loading a file
registers its rules (:mod:`healthlint.core.findings`) and options
(:mod:`healthlint.core.options`); code looks a rule up with :func:`declared`. The modules named
by the data are imported by :func:`import_checks`, so no layer below the rules imports them,
and families from other packages join through the ``healthlint.families`` entry point group.
"""

from __future__ import annotations

import importlib
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from healthlint.core.findings import FAMILIES, REGISTRY, Rule, Severity, rule
from healthlint.core.options import option_from_data, register_section

ENTRY_POINTS = "healthlint.families"
RULE_FIELDS = ("name", "severity", "summary", "what", "why", "example", "instead")


@dataclass(frozen=True)
class Family:
    name: str
    prefix: str
    module: str | None
    table: str | None
    codes: tuple[str, ...]
    origin: str


LOADED: dict[str, Family] = {}
_imported: set[str] = set()
_plugins_loaded = False


def load_family(text: str, origin: str) -> Family:
    """Register the rules and options of one family data file (TOML text)."""
    data: dict[str, Any] = tomllib.loads(text)
    table = data.get("table")
    if table is not None:
        register_section(table, {key: option_from_data(f"{table}.{key}", spec)
                                 for key, spec in data.get("options", {}).items()})
    codes = []
    for code, spec in data.get("rules", {}).items():
        missing = [f for f in RULE_FIELDS if not spec.get(f)]
        if missing:
            raise ValueError(f"{origin}: rule {code} has no {', '.join(missing)}")
        rule(code, spec["name"], Severity.parse(spec["severity"]),
             **{f: spec[f].strip("\n") for f in RULE_FIELDS[2:]})
        codes.append(code)
    FAMILIES.setdefault(data["prefix"], data["family"])
    family = Family(data["family"], data["prefix"], data.get("module"), table, tuple(codes),
                    origin)
    LOADED[origin] = family
    return family


def _load_builtin() -> None:
    folder = resources.files("healthlint").joinpath("data/rules")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            load_family(entry.read_text("utf-8"), f"healthlint:data/rules/{entry.name}")


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
        if family.module and family.module not in _imported:
            _imported.add(family.module)
            importlib.import_module(family.module)


_load_builtin()
