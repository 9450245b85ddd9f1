"""Config options as declared by a rule family or a command: type, default, help, limits.

A family's options are declared in its data file (``[options.<key>]`` under
``checks/data/rules/<family>.toml``); the config loader validates every user table against
these declarations, so a typo is an error that lists the valid keys, never a silent no-op.
Checks that need more than a type check (the claims lexicon, the metadata ranges) register a
``validate`` function for their table with :func:`register_validator`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Whole-number options are counts, sizes and days: no larger than this unless an option says
# otherwise, so that no value can overflow a date, a buffer or a C integer.
MAX_WHOLE_NUMBER = 1_000_000


@dataclass(frozen=True)
class Option:
    """One config option a check reads: its type, default and (optional) allowed values."""

    type: type | tuple[type, ...]
    default: Any
    help: str
    choices: tuple[Any, ...] = ()
    # The smallest number allowed. Whole-number options are counts, sizes and days, so they
    # may not be negative unless an option says otherwise.
    minimum: float | None = None
    # The largest number allowed; whole numbers: MAX_WHOLE_NUMBER unless an option says.
    # Numbers must be finite (no nan or inf) in any case.
    maximum: float | None = None
    # A check of the value beyond its type (e.g. glob patterns): raises ValueError with a
    # message that does not repeat the key.
    check: Callable[[Any], object] | None = None

    def validate(self, key: str, value: Any) -> Any:
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        if isinstance(value, bool) and bool not in types:
            raise ValueError(f"{key}: expected {_type_name(types)}, got a boolean")
        if float in types and isinstance(value, int) and not isinstance(value, bool):
            self._check_range(key, value, types)  # before float(): 1e400 does not fit
            value = float(value)
        if not isinstance(value, types):
            raise ValueError(f"{key}: expected {_type_name(types)}, got {type(value).__name__}")
        if list in types and isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ValueError(f"{key}: expected a list of strings")
        if self.choices and value not in self.choices:
            valid = ", ".join(repr(c) for c in self.choices)
            raise ValueError(f"{key}: {value!r} is not one of {valid}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self._check_range(key, value, types)
        if self.check is not None:
            try:
                self.check(value)
            except ValueError as exc:
                raise ValueError(f"{key}: {exc}") from None
        return value

    def _check_range(self, key: str, value: float, types: tuple[type, ...]) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{key}: {value} is not a number that can be used: give a finite "
                             "number")
        whole = types == (int,)
        lowest = self.minimum if self.minimum is not None else 0 if whole else None
        highest = self.maximum if self.maximum is not None else (
            MAX_WHOLE_NUMBER if whole else None)
        if lowest is not None and value < lowest:
            raise ValueError(f"{key}: {_number(value)} is too small: it must be at least "
                             f"{_number(lowest)}")
        if highest is not None and value > highest:
            raise ValueError(f"{key}: {_number(value)} is too large: it must be at most "
                             f"{_number(highest)}")


def _number(value: float) -> str:
    """A number for a message: whole numbers with thousands separators; a huge one by size."""
    if isinstance(value, int) and len(str(abs(value))) > 20:
        return f"a {len(str(abs(value)))}-digit number"
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e16):
        return f"{int(value):,}"
    return f"{value:g}"


def _type_name(types: tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
             list: "a list of strings", dict: "a table"}
    return " or ".join(names.get(t, t.__name__) for t in types)


TYPES: dict[str, type] = {"string": str, "integer": int, "number": float, "boolean": bool,
                          "list": list, "table": dict}


def option_from_data(key: str, table: dict[str, Any]) -> Option:
    """An Option from its data declaration (``type``, ``default``, ``help``, ``choices``,
    ``minimum``, ``maximum``); an unknown type or key is a programming error in the data
    file."""
    unknown = set(table) - {"type", "default", "help", "choices", "minimum", "maximum"}
    if unknown:
        raise ValueError(f"option {key}: unknown fields {sorted(unknown)}")
    names = table["type"] if isinstance(table["type"], list) else [table["type"]]
    types = tuple(TYPES[n] for n in names)
    return Option(types[0] if len(types) == 1 else types, table["default"], table["help"],
                  tuple(table.get("choices", ())), table.get("minimum"), table.get("maximum"))


# Every config table ``[tool.healthlint.<section>]``, its options, and its whole-table
# validators (called with the section's merged values when the config loads; raise
# ValueError so a bad value is a configuration error, exit 2).
SECTIONS: dict[str, dict[str, Option]] = {}
VALIDATORS: dict[str, list[Callable[[dict[str, Any]], object]]] = {}


def register_section(section: str, options: dict[str, Option]) -> None:
    """Declare a config table and its options."""
    SECTIONS.setdefault(section, {}).update(options)


def register_validator(section: str, validate: Callable[[dict[str, Any]], object]) -> None:
    """Add a whole-table check for ``[tool.healthlint.<section>]``."""
    if validate not in VALIDATORS.setdefault(section, []):
        VALIDATORS[section].append(validate)
