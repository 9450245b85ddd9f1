"""The front matter pass: YAML between ``---`` lines loaded with a safe loader that builds text,
numbers, booleans, lists and mappings only; everything it cannot load is a finding at its line
(the front matter is then ignored); the published title and description are prose."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml
from markdown_it.token import Token

from healthlint.core.families import declared
from healthlint.core.findings import Finding
from healthlint.parse.model import Document, Prose
from healthlint.parse.offsets import Offsets
from healthlint.parse.prose import drop_invisible
from healthlint.parse.state import ParseState
from healthlint.text.folding import INVISIBLE_RE

# Front matter fields that are published as text (page header, meta description, index page).
PROSE_FIELDS = ("title", "description")
# PyYAML's scanner takes quadratic time in the depth of nested flow collections ([[[...]]]);
# no article field needs more than a few levels.
MAX_FRONT_MATTER_DEPTH = 50
FLOW_BRACKET_RE = re.compile(r"[\[\]{}]")
YAML_KINDS = {"bool": "true or false", "int": "a whole number", "float": "a number"}

BAD_FRONT_MATTER = declared("HL005")
FRONT_MATTER_NOT_MAPPING = declared("HL006")
FRONT_MATTER_ALIAS = declared("HL007")


class _ValuesAtTheirLines:
    """The constructor of both loaders below."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's constructors raise KeyError (``!!bool maybe``), IndexError (``!!int ''``)
        or OverflowError (a 200-part sexagesimal float) on values they cannot build: make each
        a YAML error at the value, so it is a finding on its line (HL005) like any other."""
        try:
            return super().construct_object(node, deep)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception as exc:  # noqa: BLE001 - becomes a finding at the value's line
            kind = node.tag.rpartition(":")[2]
            value = node.value if isinstance(node, yaml.ScalarNode) else ""
            shown = value if len(value) <= 40 else value[:37] + "..."
            reason = "" if isinstance(exc, (KeyError, IndexError)) else f" ({exc})"
            raise yaml.constructor.ConstructorError(
                None, None, f"the value {shown!r} cannot be read as "
                f"{YAML_KINDS.get(kind, '!!' + kind)}{reason}; quote it to keep it as text",
                node.start_mark) from None


class FrontMatterLoader(_ValuesAtTheirLines, yaml.SafeLoader):
    """A SafeLoader that keeps dates as strings, so a bad date is a finding, not a crash."""


# libyaml's parser (PyYAML's C extension), where PyYAML was built with it, with the same
# resolvers and constructors: it reads the front matter, and the pure-Python loader above
# decides whenever it finds anything but plain values (an anchor, an alias, an error), so
# every message and line stays the one the pure-Python loader gives.
CFrontMatterLoader: type | None = None
if getattr(yaml, "CSafeLoader", None) is not None:
    class CFrontMatterLoader(_ValuesAtTheirLines, yaml.CSafeLoader):  # type: ignore[no-redef]
        """FrontMatterLoader on libyaml's parser."""


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Explicit tags that would build dates, bytes, sets or pair lists are refused too (YAML error,
# HL005): front matter values are text, numbers, booleans, lists and mappings only.
FrontMatterLoader.yaml_constructors = {
    tag: constructor for tag, constructor in yaml.SafeLoader.yaml_constructors.items()
    if tag not in {f"tag:yaml.org,2002:{name}"
                   for name in ("timestamp", "binary", "set", "omap", "pairs")}
}
if CFrontMatterLoader is not None:
    CFrontMatterLoader.yaml_implicit_resolvers = FrontMatterLoader.yaml_implicit_resolvers
    CFrontMatterLoader.yaml_constructors = FrontMatterLoader.yaml_constructors


def read_front_matter(state: ParseState) -> None:
    """The pass: the front matter token markdown-it found, or a ``---`` line 1 never closed."""
    doc = state.doc
    tokens = doc.tokens
    if tokens and tokens[0].type == "front_matter":
        _read(doc, tokens[0])
    elif doc.text.startswith("---\n") or doc.text == "---":
        close = re.search(r"^(---|\.\.\.)[ \t]*$", doc.text[4:], re.MULTILINE)
        if close is None:
            doc.problems.append(doc.finding(BAD_FRONT_MATTER, 0, 3, "front matter starts "
                                "with `---` on line 1 but is never closed by a `---` line"))


def _read(doc: Document, token: Token) -> None:
    doc.has_front_matter = True
    begin, end = token.map or (0, 0)
    doc.front_matter_end_line = end
    first_line = begin + 2  # 1-based line of the first YAML line
    loaded = _load(doc, token.content, first_line, end)
    if loaded is None:
        return
    node, data = loaded
    if data is None:
        return
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        doc.problems.append(doc.finding(FRONT_MATTER_NOT_MAPPING, *doc.line_span(first_line),
                            f"front matter is a {type(data).__name__}, not `key: value` "
                            "lines"))
        return
    doc.front_matter = {str(k): v for k, v in data.items()}
    for key_node, _ in node.value:  # the line of the value YAML kept: the last one
        doc.front_matter_lines[str(key_node.value)] = first_line + key_node.start_mark.line
    _published_prose(doc, node, first_line)
    for key, line, first in _duplicate_keys(node):
        doc.problems.append(doc.finding(
            BAD_FRONT_MATTER, *doc.line_span(first_line + line),
            f"front matter has a duplicate key {key!r} (first on line {first_line + first}); "
            "YAML keeps only the last value: remove one of them"))


def _load(doc: Document, content: str, first_line: int,
          end: int) -> tuple[yaml.Node | None, Any] | None:
    """The composed node and loaded data of the YAML, or None when it cannot be loaded (and a
    finding says why)."""
    too_deep = _flow_too_deep(content)
    if too_deep is not None:
        doc.problems.append(doc.finding(
            BAD_FRONT_MATTER, *doc.line_span(first_line + too_deep),
            f"front matter is nested more than {MAX_FRONT_MATTER_DEPTH} levels deep "
            "([ and { inside each other); write the values out plainly (front matter "
            "ignored)"))
        return None
    fast = load_with_libyaml(content)
    if fast is not None:
        return fast
    try:
        if any(isinstance(e, (yaml.AliasEvent,)) or getattr(e, "anchor", None)
               for e in yaml.parse(content, Loader=FrontMatterLoader)):
            doc.problems.append(doc.finding(FRONT_MATTER_ALIAS, *doc.line_span(first_line),
                                "front matter uses YAML anchors or aliases; write values "
                                "out in full (front matter ignored)"))
            return None
        node = yaml.compose(content, Loader=FrontMatterLoader)
        data = yaml.load(content, Loader=FrontMatterLoader) if node is not None else None
    except yaml.YAMLError as exc:
        doc.problems.append(_yaml_error(doc, exc, first_line, end))
        return None
    except Exception as exc:  # noqa: BLE001 - a finding on the file, never a traceback
        doc.problems.append(doc.finding(BAD_FRONT_MATTER, *doc.line_span(first_line),
                            f"front matter cannot be loaded: {type(exc).__name__}: {exc}"))
        return None
    return node, data


def load_with_libyaml(content: str) -> tuple[yaml.Node | None, Any] | None:
    """The composed node and data of plain front matter (a mapping) read by libyaml, or None
    when libyaml is missing or the text is anything else: a tab, an anchor, an alias, an
    explicit tag, not a mapping, anything that raises (the pure-Python loader then reads it
    and words the finding)."""
    if CFrontMatterLoader is None or "\t" in content:
        return None  # (libyaml takes tabs that PyYAML refuses; PyYAML words the finding)
    try:
        for event in yaml.parse(content, Loader=CFrontMatterLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) \
                    or getattr(event, "tag", None):  # an explicit tag, even "!"
                return None
        loader = CFrontMatterLoader(content)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - the pure-Python loader reads it and says what is wrong
        return None
    if not isinstance(node, yaml.MappingNode):
        return None  # not `key: value` lines: the pure-Python loader words the finding
    return node, data


def _yaml_error(doc: Document, exc: yaml.YAMLError, first_line: int, end: int) -> Finding:
    """HL005 at the line PyYAML names (within the front matter), in the words of a writer."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = first_line + (mark.line if mark else 0)
    line = min(line, max(first_line, end - 1))
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    tag = re.search(r"constructor for the tag '(?:tag:yaml\.org,2002:)?([^']*)'", problem)
    if tag is not None:
        problem = (f"the tag !!{tag.group(1).lstrip('!')} is not allowed: write plain "
                   "text, numbers, lists or mappings")
    return doc.finding(BAD_FRONT_MATTER, *doc.line_span(line),
                       f"front matter is not valid YAML: {problem}")


def _published_prose(doc: Document, node: yaml.MappingNode, first_line: int) -> None:
    """The title and description are published (page header, meta description, index
    page), so they are prose too: kind "front_matter", checked for claims, language and
    spelling like the body (readability scores the body only)."""
    for key_node, value_node in node.value:
        if str(key_node.value) not in PROSE_FIELDS or not isinstance(value_node,
                                                                      yaml.ScalarNode):
            continue
        raw = str(value_node.value)
        mark = value_node.start_mark
        index = min(first_line - 1 + mark.line, len(doc.line_starts) - 1)
        start = doc.line_starts[index] + mark.column + (value_node.style in ("'", '"'))
        if doc.text.startswith(raw, start):  # as written: each character at its place
            text, offsets = drop_invisible(raw, Offsets.run(start, len(raw)))
        else:  # folded, escaped or split over lines: every character at the value's start
            text = INVISIBLE_RE.sub("", raw)
            offsets = Offsets([start] * len(text))
        left, right = len(text) - len(text.lstrip()), len(text.rstrip())
        value, offsets = text[left:right], offsets[left:right]
        if not value:
            continue
        offsets.append(offsets[-1] + 1)
        doc.blocks.append(Prose("front_matter", value, offsets, first_line + mark.line))


def _flow_too_deep(content: str) -> int | None:
    """The 0-based line where ``[``/``{`` nesting passes the limit, or None (brackets inside
    quoted text count too: no real front matter has fifty of them open at once)."""
    depth = 0
    for match in FLOW_BRACKET_RE.finditer(content):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_FRONT_MATTER_DEPTH:
            return content.count("\n", 0, match.start())
        depth = max(depth, 0)
    return None


def _duplicate_keys(root: yaml.Node) -> Iterator[tuple[str, int, int]]:
    """(key, 0-based line, 0-based line of its first occurrence) for every repeated key of
    every mapping in the composed front matter (PyYAML silently keeps the last value)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                stack.append(value_node)
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                line = key_node.start_mark.line
                if key_node.value in seen:
                    yield key_node.value, line, seen[key_node.value]
                else:
                    seen[key_node.value] = line
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
