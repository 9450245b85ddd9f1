"""The check registry and the Context a check reads.

A check is a function ``(doc, ctx) -> Iterable[Finding]`` registered with :func:`check`, which
names the rules it emits (declared in its family's data file) so that the runner skips a check
none of whose rules are enabled. Its options are declared in the same data file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from healthlint.core.families import import_checks
from healthlint.core.findings import REGISTRY, Applicability, Finding, Fix, Rule
from healthlint.core.options import register_validator
from healthlint.text.vocabulary import read_word_list

if TYPE_CHECKING:
    from healthlint.config import Config, Profile
    from healthlint.parse.document import Document


CheckFunc = Callable[["Document", "Context"], Iterable[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    name: str
    func: CheckFunc
    rules: tuple[str, ...]
    # the applicabilities of the fixes its findings may carry (none: it never offers a fix);
    # ``fix_text`` leaves a check that can offer no fix it applies to the pass that ends it
    fixes: frozenset[Applicability] = frozenset()


CHECKS: dict[str, CheckSpec] = {}


def check(
    name: str,
    *,
    rules: tuple[str, ...],
    section: str | None = None,
    validate: Callable[[dict[str, Any]], object] | None = None,
    fixes: Iterable[Applicability] = (),
) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check that emits ``rules``; ``validate`` checks the values of its config
    table ``[tool.healthlint.<section>]`` as a whole when the config loads. ``fixes``: the
    applicabilities of the fixes its findings may carry (a check that declares none must
    never offer a fix: ``--fix`` runs it only on the text it has finished fixing)."""
    unknown = [code for code in rules if code not in REGISTRY]
    if unknown:
        raise LookupError(f"check {name}: rules {unknown} are not declared in any family")

    def register(func: CheckFunc) -> CheckFunc:
        CHECKS[name] = CheckSpec(name, func, tuple(rules), frozenset(fixes))
        if validate is not None:
            register_validator(section or name, validate)
        return func

    return register


@dataclass
class Context:
    """What a check may read besides the Document: config, the article's profile, caches."""

    config: Config
    profile: Profile
    today: dt.date
    doc: Document
    cache: dict[str, Any] = field(default_factory=dict)

    def options(self, section: str) -> dict[str, Any]:
        return self.config.section(section)

    @property
    def root(self) -> Path:
        return self.config.root

    def project_words(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """The project's own words, read once per run: the spelling section's ``words`` and
        the words of its ``wordlists`` files (relative to the project root), with a message for
        each list that could not be read (the spelling check reports those; the other checks
        use what could be read)."""
        options = self.options("spelling")
        paths = tuple(str(p) for p in options.get("wordlists") or ())
        listed = tuple(str(w) for w in options.get("words") or ())
        key = f"project-words:{self.root}:{paths}:{listed}"
        cached = self.cache.get(key)
        if cached is None:
            words = set(listed)
            problems = []
            for name in paths:
                path = self.root / name
                try:
                    words.update(read_word_list(path))
                except (OSError, UnicodeDecodeError) as exc:
                    reason = (exc.strerror if isinstance(exc, OSError) and exc.strerror
                              else str(exc))
                    problems.append(f"[tool.healthlint.spelling] wordlists: cannot read word "
                                    f"list {name!r} (resolved to {path}): {reason[:1].lower()}"
                                    f"{reason[1:]}")
            cached = self.cache[key] = (frozenset(words), tuple(problems))
        return cached

    def finding(
        self,
        rule: Rule,
        start: int,
        end: int | None = None,
        message: str | None = None,
        suggestion: str | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding for ``rule`` over source offsets ``[start, end)`` of ``doc.text``."""
        return self.doc.finding(rule, start, end, message or rule.summary, suggestion, fix)

    def finding_at_line(
        self, rule: Rule, line: int, message: str | None = None, suggestion: str | None = None
    ) -> Finding:
        """A finding that covers a whole (1-based) source line."""
        start, end = self.doc.line_span(line)
        return self.doc.finding(rule, start, end, message or rule.summary, suggestion)


def load_checks() -> dict[str, CheckSpec]:
    """Import every family's module (named in its data file) so its checks register."""
    import_checks()
    return CHECKS


def context_for(config: Config, doc: Document, today: dt.date | None = None,
                cache: dict[str, Any] | None = None) -> Context:
    """The Context of one article: its profile is chosen by the front matter ``type``."""
    profile = config.profile_for(doc.front_matter.get("type")) or config.default_profile
    return Context(config, profile, today or dt.date.today(), doc,
                   cache if cache is not None else {})


__all__ = ["CHECKS", "CheckSpec", "Context", "check", "context_for", "load_checks"]
