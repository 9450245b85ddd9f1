"""Large regular expressions compiled once per Python, not once per run.

The claims lexicon is a few hundred kilobytes of regex source; turning it into the matcher's
code is pure Python (``re._parser`` and ``re._compiler``) and took most of the start-up of a
one-article run, while handing finished code to the C matcher (``_sre.compile``) takes
microseconds. ``compile`` keeps that code, per pattern source and flags, in a file of the
user's cache folder (``usercache.py``); ``save`` writes what was compiled anew. An entry is
looked up by the exact source, so it can never be stale, and the file is named for the Python
and regex engine versions that produced the code and the layout of its entries (two versions
of healthlint on one machine keep a file each, instead of overwriting each other's). Anything
unexpected (no cache folder, a file that cannot be read or does not have this shape, a Python
whose compiler works differently, code the matcher rejects) falls back to ``re.compile``: the
cache only ever saves time. Besides the claims lexicon, the negation and hedge patterns, the
language terms, the disclaimer phrases and the page-furniture lines are compiled through it;
``healthlint.engine.runner.lint_paths`` saves what a run compiled anew, once.

The code is kept as bytes (4 bytes a word of the matcher's code), and an entry is dropped from
memory once it has made its pattern: the lexicon's 1.2 million words of code, read as lists of
Python ints, were about 10 MB of every process that checks claims, the language server's
among them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import sys
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from healthlint import usercache

try:  # Python 3.11+: the pure-Python halves of re.compile
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another implementation of re
    _sre = None  # type: ignore[assignment]

STORE = "patterns-4"  # the layout of the entries (3: code as the bytes of 32-bit words; 4:
# alternations grouped by first character, ``by_first_character``)
MAX_ENTRIES = 5_000  # beyond this (many projects' extra phrases) the file starts again

# an entry: flags, the matcher's code (the bytes of an array("I"): 4 bytes a word, where a
# list of Python ints took 8-36), the groups, the group index and the index of group names
_Entry = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]
_store: dict[tuple[str, int], _Entry] | None = None  # the entries read and not yet used
_fresh = False  # entries compiled in this process and not yet saved
# the patterns given out, by (source, flags): an entry read from the file is turned into a
# pattern once and dropped from ``_store`` (the claims lexicon's code is 1.2 million words,
# ~10 MB as the lists of ints it was read as); ``save`` reads the file again for those
_compiled: dict[tuple[str, int], re.Pattern[str]] = {}


def cache_file() -> Path | None:
    """Where the compiled code lives for this Python and regex engine; None without a home."""
    base = usercache.folder()
    if _sre is None or base is None:
        return None
    engine = f"{usercache.python_tag()} {_sre.MAGIC} {_sre.CODESIZE} {sys.byteorder} {STORE}"
    return base / f"patterns-{hashlib.sha256(engine.encode()).hexdigest()[:16]}.marshal"


def _read() -> dict[tuple[str, int], _Entry]:
    path = cache_file()
    data = usercache.load(path, STORE) if path is not None else None
    return data if isinstance(data, dict) and len(data) <= MAX_ENTRIES else {}


def _load() -> dict[tuple[str, int], _Entry]:
    global _store
    if _store is None:  # a new process (or a test's): nothing given out yet
        _compiled.clear()
        _store = _read()
    return _store


def _build(pattern: str, flags: int) -> tuple[re.Pattern[str], _Entry]:
    """What ``re._compiler.compile`` does, keeping the code it hands to the matcher; a
    pattern whose alternatives all open with ``\\b`` is compiled behind one more
    (``behind_word_boundary``: the same matches and groups, found faster), its alternations
    are grouped by their first character (``by_first_character``), and it keeps its own
    source as its ``pattern``."""
    source = pattern
    if not flags & re.VERBOSE and opens_at_word_boundary(pattern):
        source = rf"\b(?:{pattern})"
    parsed = _parser.parse(source, flags)
    by_first_character(parsed)
    code = array("I", [int(op) for op in _compiler._code(parsed, flags)]).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry: _Entry = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex,
                     tuple(indexgroup))
    return _from_entry(pattern, entry), entry


def _from_entry(pattern: str, entry: _Entry) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, flags, array("I", code).tolist(), groups, groupindex,
                        indexgroup)


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:  # noqa: A001
    """``re.compile(pattern, flags)``, from the cache file when it holds the pattern."""
    if _sre is None:
        return re.compile(pattern, flags)
    global _fresh
    store = _load()
    key = (pattern, int(flags))
    given = _compiled.get(key)
    if given is not None:
        return given
    entry = store.pop(key, None)
    if entry is not None:
        try:
            compiled = _compiled[key] = _from_entry(pattern, entry)
            return compiled
        except (TypeError, ValueError, RuntimeError, OverflowError):  # not code for this matcher
            pass
    try:
        compiled, entry = _build(pattern, int(flags))
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - a Python whose compiler works differently
        return re.compile(pattern, flags)
    store[key] = entry
    _fresh = True
    _compiled[key] = compiled
    return compiled


def save() -> None:
    """Write the entries compiled in this process, if any (and the folder can be written),
    with those of the file (read again: the entries this process used were dropped)."""
    global _fresh
    path = cache_file()
    if not _fresh or _store is None or path is None:
        return
    _fresh = False
    entries = {**_read(), **_store}
    if len(entries) > MAX_ENTRIES:  # the file starts again
        entries = _store
    if len(entries) <= MAX_ENTRIES:
        usercache.store(path, STORE, entries)


# ---- alternations that can only match at the start of a word -------------------------------
# a regex's source as tokens: an escape, a character class, a group that captures or not (its
# content is read on), any other construct that opens with "(?" (lookarounds, flags), ")", "|",
# and runs of anything else
_TOKEN_RE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|\((?:\?:|\?P<\w+>)?|\(\?|[)|]"
                       r"|[^\\\[()|]+", re.DOTALL)
_OPTIONAL = ("?", "*", "{")  # what may follow a group and make it optional


def opens_at_word_boundary(pattern: str) -> bool:
    """True when every top-level alternative of ``pattern`` opens with ``\\b``, or with a
    group (not optional) each of whose alternatives does, so any match starts where ``\\b``
    holds; False when it does not or when that is not plain to see (comments, verbose mode,
    an unbalanced pattern): a cautious answer, read from the source without ``re``'s parser."""
    if "(?#" in pattern or ("(?" in pattern and re.search(r"\(\?[aiLmsux-]*x", pattern)):
        return False  # comments and verbose mode would need reading too
    tokens = _TOKEN_RE.findall(pattern)
    if "".join(tokens) != pattern:
        return False  # something the tokens do not cover (an unclosed class)
    return _alternatives(tokens, 0) == len(tokens)


def _alternatives(tokens: list[str], at: int) -> int:
    """Reading alternatives from ``tokens[at]`` up to the ``)`` that closes their group (or
    the end): the index of that ``)`` (or the end) when each opens as
    ``opens_at_word_boundary`` wants, else -1."""
    depth = 0
    k = at
    opening = True  # at the start of an alternative
    while k < len(tokens):
        token = tokens[k]
        if opening:
            opening = False
            if token == r"\b":
                k += 1
            elif token == "(" or token == "(?:" or token.startswith("(?P<"):
                close = _alternatives(tokens, k + 1)
                if close < 0 or close >= len(tokens):
                    return -1
                k = close + 1
            else:
                return -1
            if k < len(tokens) and tokens[k].startswith(_OPTIONAL):
                return -1
            continue
        if token.startswith("("):
            depth += 1
        elif token == ")":
            if depth == 0:
                return k
            depth -= 1
        elif token == "|" and depth == 0:
            opening = True
        k += 1
    return -1 if opening or depth else k


def behind_word_boundary(joined: str, parts: Iterable[str]) -> str:
    """``joined`` (an alternation of ``parts``, each perhaps in a group of its own) behind one
    ``\\b`` when every part opens with one, else ``joined`` as it is.

    The same matches, with the same groups: ``\\b`` is zero-width and each part tests it
    again. But the matcher tries a top-level alternation at every position, all of its
    branches; behind one ``\\b`` it gives up inside a word after one test, so a large
    vocabulary of whole words is searched several times faster."""
    if all(opens_at_word_boundary(part) for part in parts):
        return rf"\b(?:{joined})"
    return joined


# ---- alternations grouped by their first character -----------------------------------------
def by_first_character(parsed: Any) -> None:
    """Group, in ``re``'s parse of a pattern (changed in place), the alternatives of each
    alternation that open with a literal character by that character, as a trie of their
    openings: ``cancer|carcinoma|tumour|colitis`` is matched as
    ``c(?:a(?:ncer|rcinoma)|olitis)|tumour``. The same matches, groups and spans: two
    alternatives that open with different characters never both match at one position, so
    only the order of those that open alike decides, and it is kept; an alternative that
    does not open with a literal (a class, a group, a lookaround, an empty one) stays where
    it was, between the runs before and after it. The matcher skips an alternative whose
    first literal is not the character at hand in one test, but tries every alternative of
    an alternation in turn at every position: the claims lexicon's disease and condition
    vocabularies (seventy and more alternatives, without a leading ``\\b`` in some
    patterns) were tried one by one at every character of a sentence. Not done where case is
    ignored (``a`` and ``A`` would open alike)."""
    if _sre is None:  # pragma: no cover - another implementation of re
        return
    _group_alternatives(parsed.data, parsed.state,
                        bool(parsed.state.flags & re.IGNORECASE))


# parse items that hold no parse of their own (most of a pattern's items: its characters)
_LEAVES = frozenset(getattr(_parser, name) for name in ("LITERAL", "NOT_LITERAL", "IN", "AT",
                                                        "ANY", "CATEGORY")
                    if _sre is not None and hasattr(_parser, name))


def _group_alternatives(items: list[tuple[Any, Any]], state: Any, caseless: bool) -> None:
    constants = _parser
    for index, (op, av) in enumerate(items):
        if op in _LEAVES:
            continue
        if op is constants.BRANCH:  # this level first: a nested group joins it whole
            ways = av[1] if caseless else _grouped(av[1], state)
            for alternative in ways:
                _group_alternatives(alternative.data, state, caseless)
            items[index] = (op, (av[0], ways))
        elif op is constants.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            inner = (caseless or bool(add_flags & re.IGNORECASE)) \
                and not del_flags & re.IGNORECASE
            _group_alternatives(sub.data, state, inner)
        else:  # repeats, lookarounds, atomic and conditional groups: any parse inside
            for part in av if isinstance(av, (tuple, list)) else (av,):
                if isinstance(part, _parser.SubPattern):
                    _group_alternatives(part.data, state, caseless)


def _grouped(alternatives: list[Any], state: Any) -> list[Any]:
    """``alternatives`` with each run of literal-led ones grouped by first character (in the
    order the characters first appear), the rest of each group as an alternation of its own,
    grouped in turn."""
    constants = _parser
    result: list[Any] = []
    run: dict[int, list[Any]] = {}

    def close_run() -> None:
        for char, members in run.items():
            if len(members) == 1:
                result.append(members[0])
                continue
            rests = [_parser.SubPattern(state, member.data[1:]) for member in members]
            if all(len(rest.data) == 1 and rest.data[0][0] is constants.LITERAL
                   for rest in rests):  # "ab|ac": one class, as re's parser makes "a(?:b|c)"
                then = [(constants.IN, [rest.data[0] for rest in rests])]
            else:
                ways = _grouped(rests, state)
                if len(ways) == 1:  # one way on: its items after the character
                    then = list(ways[0].data)
                else:
                    inner = _parser.SubPattern(state, [(constants.BRANCH, (None, ways))])
                    then = [(constants.SUBPATTERN, (None, 0, 0, inner))]
            result.append(_parser.SubPattern(state, [(constants.LITERAL, char), *then]))
        run.clear()

    for alternative in (one for given in alternatives for one in _opened(given, state)):
        if alternative.data and alternative.data[0][0] is constants.LITERAL:
            run.setdefault(alternative.data[0][1], []).append(alternative)
        else:
            close_run()
            result.append(alternative)
    close_run()
    return result


OPENED_LARGEST = 200  # the most parse items (a character is one) an alternative is written out to


def _opened(alternative: Any, state: Any) -> list[Any]:
    """``alternative`` as the alternatives it tries in turn, where it opens with a group of
    alternatives or an optional group: ``(?:x|y)z`` as ``xz|yz``, ``(?:x)?z`` as ``xz|z``
    (greedy: with the group first), so that each opens with what the group opens with and
    can be grouped by first character. Only for small groups and rests without capturing
    groups or references (written out, the rest is copied once per way in), and never for a
    group that may match nothing; a group of alternatives that is the whole alternative is
    always opened (nothing is copied), and so are the alternatives it gives."""
    constants = _parser
    if not alternative.data:
        return [alternative]
    (op, av), rest = alternative.data[0], alternative.data[1:]
    if op is constants.MAX_REPEAT and av[0] == 0 and av[1] == 1:
        body = av[2]
        ways = [*_ways_in(body), []]
    elif op is constants.SUBPATTERN and av[0] is None and not av[1] and not av[2]:
        body = av[3]
        ways = _ways_in(body)
    elif op is constants.BRANCH:  # a group of alternatives as re's parser leaves it
        body = _parser.SubPattern(state, [(op, av)])
        ways = _ways_in(body)
    else:
        return [alternative]
    if not rest and op is not constants.MAX_REPEAT and len(ways) > 1:
        # a group of alternatives that is the whole alternative: its alternatives are the
        # alternation's own, in their order ("a|(?:b|c)|d" is "a|b|c|d"), copying nothing
        return [one for way in ways for one in _opened(_parser.SubPattern(state, way), state)]
    if len(ways) < 2 or body.getwidth()[0] < 1 or not _plain(body.data) or not _plain(rest) \
            or sum(_size(way) + _size(rest) for way in ways) > OPENED_LARGEST:
        return [alternative]
    return [_parser.SubPattern(state, [*way, *rest]) for way in ways]


def _ways_in(body: Any) -> list[list[tuple[Any, Any]]]:
    """The alternatives of a group's parse, each as its items, or the parse as one."""
    if len(body.data) == 1 and body.data[0][0] is _parser.BRANCH:
        return [list(way.data) for way in body.data[0][1][1]]
    return [list(body.data)]


def _size(items: list[tuple[Any, Any]]) -> int:
    """The parse items in ``items``, at any depth."""
    total = 0
    for op, av in items:
        total += 1
        if op in _LEAVES:
            continue
        for part in av if isinstance(av, (tuple, list)) else (av,):
            if isinstance(part, _parser.SubPattern):
                total += _size(part.data)
            elif isinstance(part, list):
                total += sum(_size(way.data) for way in part
                             if isinstance(way, _parser.SubPattern))
    return total


def _plain(items: list[tuple[Any, Any]]) -> bool:
    """No capturing group, reference to a group or conditional in ``items`` (at any depth)."""
    constants = _parser
    for op, av in items:
        if op in (constants.GROUPREF, constants.GROUPREF_EXISTS) or \
                (op is constants.SUBPATTERN and av[0] is not None):
            return False
        if op in _LEAVES:
            continue
        parts = av if isinstance(av, (tuple, list)) else (av,)
        for part in parts:
            if isinstance(part, _parser.SubPattern) and not _plain(part.data):
                return False
            if isinstance(part, list) and op is constants.BRANCH:
                if not all(_plain(way.data) for way in part):
                    return False
    return True


# ---- words a pattern cannot match without ---------------------------------------------------
def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which is in every text ``pattern`` matches in (read from ``re``'s parse
    of it): a cheap ``in`` test tells that the pattern cannot match there. None when no such
    set is plain to see (a pattern that may match an empty or any word, case-insensitive
    parts, back-references, another implementation of ``re``). Kept in the cache file beside
    the compiled code (under the flags -1, which no compiled entry has), so a run that loads
    the claims lexicon does not parse its patterns again; ``save`` writes new answers."""
    if _sre is None:
        return None
    global _fresh
    store = _load()
    key = (pattern, -1)
    kept = store.get(key)
    if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], bool):
        return frozenset(kept[1]) if kept[0] else None
    found = _parsed_literals(pattern)
    store[key] = (found is not None, tuple(sorted(found or ())))  # type: ignore[assignment]
    _fresh = True
    return found


def _parsed_literals(pattern: str) -> frozenset[str] | None:
    if _sre is None:
        return None
    try:
        parsed = _parser.parse(pattern, 0)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    return _required(list(parsed))


_REPEATS = tuple(getattr(_parser, name) for name in ("MAX_REPEAT", "MIN_REPEAT",
                                                     "POSSESSIVE_REPEAT")
                 if _sre is not None and hasattr(_parser, name))


def _required(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The best set for a sequence: a run of literal characters, or the best set of one item
    that must match (the one whose shortest string is longest: the rarest to be found)."""
    constants = _parser  # the opcodes (re._constants), as the parser names them
    best: frozenset[str] | None = None

    def better(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    run: list[str] = []
    for op, av in items:
        if op is constants.LITERAL:
            run.append(chr(av))
            continue
        if run:
            better(frozenset({"".join(run)}))
            run = []
        if op is constants.SUBPATTERN:
            _, add_flags, _, sub = av
            if not add_flags & re.IGNORECASE:
                better(_required(list(sub)))
        elif op is constants.BRANCH:
            found: set[str] = set()
            for branch in av[1]:
                one = _required(list(branch))
                if not one:
                    found = set()
                    break
                found |= one
            better(frozenset(found))
        elif op in _REPEATS:
            low, _, sub = av
            if low >= 1:
                better(_required(list(sub)))
        # anything else (classes, assertions, groups referred to) requires nothing plain
    if run:
        better(frozenset({"".join(run)}))
    return best


def trie_source(words: Iterable[str]) -> str:
    """An alternation of the (non-empty) strings ``words`` as a trie: at any position it
    matches one of them, the longest it can first; the matcher follows one branch per
    character instead of trying every string in turn. Empty when there are none."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node(trie) if trie else ""


def _trie_node(node: dict[str, Any]) -> str:
    chain: list[str] = []  # the characters of a run of nodes with one way on and no end
    while len(node) == 1:
        ((char, child),) = node.items()
        if not char:
            return "".join(chain)
        chain.append(_ESCAPED.get(char) or _escaped(char))
        node = child
    parts = [(_ESCAPED.get(char) or _escaped(char)) + _trie_node(child)
             for char, child in sorted(node.items()) if char]
    if "" in node:
        parts.append("")  # a word ends here: tried after the longer ones
    return "".join(chain) + "(?:" + "|".join(parts) + ")"


_ESCAPED: dict[str, str] = {}  # re.escape of one character, by character


def _escaped(char: str) -> str:
    escaped = _ESCAPED[char] = re.escape(char)
    return escaped


def word_alternation(parts: Iterable[str]) -> str:
    """The alternation ``a|b|...`` of ``parts`` (regex sources), with the parts that are plain
    words (letters, digits, ``_``) as one trie (``trie_source``), then the others as they
    are. Only where which part matches cannot change the match: parts without groups, between
    word characters and ``\\b`` (every part that can match at a position ends where the word
    does, so the order of the parts decides nothing); the trie is several times faster than a
    long list of words tried one by one."""
    parts = list(parts)
    plain = [p for p in parts if p and re.fullmatch(r"\w+", p, re.ASCII)]
    others = [p for p in parts if p not in plain]
    return "|".join(([trie_source(plain)] if plain else []) + others)


class WordFinder:
    """Which of a set of strings occur in a text, in one pass of the matcher: a trie of the
    strings as one regex, tried at every position behind a lookahead (so occurrences may
    overlap), preferring the longest string there; the shorter ones that start at the same
    position are its prefixes, found with it."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w)
        source = trie_source(self.words)
        # through the cache: the claims lexicon's trie is a large pattern to compile anew
        self._regex = compile(f"(?=({source}))", re.DOTALL) if source else None
        self._within = {w: frozenset(w[:k] for k in range(1, len(w) + 1)) & self.words
                        for w in self.words}

    def found(self, text: str) -> set[str]:
        if self._regex is None:
            return set()
        seen: set[str] = set()
        for longest in set(self._regex.findall(text)):
            seen |= self._within[longest]
        return seen


# ---- patterns passed over where their words are missing ------------------------------------
class Presence:
    """Which of some words occur in a text: one ``WordFinder`` pass per text, kept for the
    few texts read last (a sentence's patterns are searched in its lower-cased text, its text
    as written and a few others, one after the other, then the next sentence's)."""

    KEPT = 8  # texts whose answer is kept; then the answers start again

    def __init__(self, words: Iterable[str]) -> None:
        self.finder = WordFinder(words)
        self._recent: dict[str, set[str]] = {}

    def found(self, text: str) -> set[str]:
        found = self._recent.get(text)
        if found is None:
            found = self.finder.found(text)
            if len(self._recent) >= self.KEPT:
                self._recent.clear()
            self._recent[text] = found
        return found


class GatedPattern:
    """A compiled pattern that is not run on a text holding none of the words it cannot match
    without (``required_literals``): the same answers as the pattern (a match lies in the
    text, so its required word does too), found without running the matcher where it would
    fail. ``pattern``, ``flags``, ``groups`` and ``groupindex`` are the pattern's; anything
    else is the pattern's own (not gated)."""

    __slots__ = ("regex", "words", "presence", "pattern", "flags", "groups", "groupindex")

    def __init__(self, regex: re.Pattern[str], words: frozenset[str],
                 presence: Presence) -> None:
        self.regex = regex
        self.words = words
        self.presence = presence
        self.pattern = regex.pattern
        self.flags = regex.flags
        self.groups = regex.groups
        self.groupindex = regex.groupindex

    def absent(self, text: str) -> bool:
        """None of the pattern's required words is in ``text``: it cannot match there."""
        return self.words.isdisjoint(self.presence.found(text))

    # each method tests as ``absent`` does, written out: it runs once per pattern and sentence
    def search(self, string: str, *args: Any, **kwargs: Any) -> re.Match[str] | None:
        if self.words.isdisjoint(self.presence.found(string)):
            return None
        return self.regex.search(string, *args, **kwargs)

    def match(self, string: str, *args: Any, **kwargs: Any) -> re.Match[str] | None:
        if self.words.isdisjoint(self.presence.found(string)):
            return None
        return self.regex.match(string, *args, **kwargs)

    def fullmatch(self, string: str, *args: Any, **kwargs: Any) -> re.Match[str] | None:
        if self.words.isdisjoint(self.presence.found(string)):
            return None
        return self.regex.fullmatch(string, *args, **kwargs)

    def finditer(self, string: str, *args: Any, **kwargs: Any) -> Iterator[re.Match[str]]:
        if self.words.isdisjoint(self.presence.found(string)):
            return iter(())
        return self.regex.finditer(string, *args, **kwargs)

    def findall(self, string: str, *args: Any, **kwargs: Any) -> list[Any]:
        if self.words.isdisjoint(self.presence.found(string)):
            return []
        return self.regex.findall(string, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:  # sub, split, scanner ...: the pattern's own
        return getattr(self.regex, name)

    def __repr__(self) -> str:
        return f"GatedPattern({self.regex!r})"


def _gate_words(regex: re.Pattern[str]) -> frozenset[str] | None:
    """The words ``regex`` cannot match without, or None (case-insensitive or verbose: the
    literals of its source are not what it matches)."""
    if regex.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    return required_literals(regex.pattern)


def gated(*holders: Any) -> list[Any]:
    """Copies of dataclass instances whose compiled-pattern fields are ``GatedPattern`` where
    the pattern requires words (the others as they were), all sharing one ``Presence``: a
    text is read for the words of every gated pattern once, and each pattern after that is a
    set test away from being passed over."""
    words: dict[tuple[int, str], frozenset[str]] = {}
    for k, holder in enumerate(holders):
        for item in dataclasses.fields(holder):
            value = getattr(holder, item.name)
            if isinstance(value, re.Pattern):
                found = _gate_words(value)
                if found:
                    words[(k, item.name)] = found
    presence = Presence(w for found in words.values() for w in found)
    result = []
    for k, holder in enumerate(holders):
        changes = {name: GatedPattern(getattr(holder, name), found, presence)
                   for (at, name), found in words.items() if at == k}
        result.append(dataclasses.replace(holder, **changes) if changes else holder)
    return result
