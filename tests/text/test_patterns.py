"""The user cache: compiled regexes (the same matcher as re.compile) and dictionaries."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint import usercache
from healthlint.rules import claims, spelling
from healthlint.text import patterns

SAMPLES = [
    (r"\b(?P<verb>cur(?:e|es|ed|ing))\b(?!-)\s+(?:your\s+)?(?P<object>cancer|flu)", 0),
    (r"^[^\w]*(?:anti-?(?:viral|cancer))\s+(?:effects?|properties)\b", re.IGNORECASE),
    (r"(?<=[a-z,] )[A-Z][a-z]{3,}(?:[A-Z][a-z]+)*(?:[- ][A-Z][a-z]+)?\b", 0),
    (r"(\w+)\s+\1", 0),
]
TEXTS = ["It cures your cancer.", "Anti-viral properties", "such as Atarax or Zyrtec",
         "the the cat", "curing-edge", "  ANTICANCER effects of", ""]


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty cache folder and no entries in memory."""
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(patterns, "_store", None)
    monkeypatch.setattr(patterns, "_fresh", False)
    return tmp_path / "cache"


def _same(one: re.Pattern[str], other: re.Pattern[str], text: str) -> None:
    assert (one.pattern, one.flags, one.groups, one.groupindex) == \
        (other.pattern, other.flags, other.groups, other.groupindex)
    assert [(m.span(), m.groups()) for m in one.finditer(text)] == \
        [(m.span(), m.groups()) for m in other.finditer(text)]


def test_second_run_reads_the_file_and_matches_like_re(fresh: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    first = [patterns.compile(p, f) for p, f in SAMPLES]
    patterns.save()
    (saved,) = fresh.glob("patterns-*.marshal")
    monkeypatch.setattr(patterns, "_store", None)  # a new process
    second = [patterns.compile(p, f) for p, f in SAMPLES]
    assert not patterns._fresh  # every pattern came from the file
    for (p, f), one, two in zip(SAMPLES, first, second, strict=True):
        for text in TEXTS:
            _same(one, re.compile(p, f), text)
            _same(two, re.compile(p, f), text)
    assert saved.stat().st_size > 0


def test_an_entry_used_is_dropped_and_a_later_save_keeps_it(fresh: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry read from the file is turned into a pattern once and no longer held (its code
    is the bulk of the process's regex memory); a run that compiles something new writes the
    file's entries back with it, the ones it used among them."""
    for p, f in SAMPLES[:2]:
        patterns.compile(p, f)
    patterns.save()
    monkeypatch.setattr(patterns, "_store", None)  # a new process
    first = patterns.compile(*SAMPLES[0])
    assert patterns._store is not None and (SAMPLES[0][0], SAMPLES[0][1]) not in patterns._store
    assert (SAMPLES[1][0], int(SAMPLES[1][1])) in patterns._store  # read, not used yet
    assert patterns.compile(*SAMPLES[0]) is first  # given out again, not rebuilt
    assert not patterns._fresh
    patterns.compile(*SAMPLES[2])  # new: the file is written again
    patterns.save()
    stored = usercache.load(patterns.cache_file(), patterns.STORE)
    assert {(p, int(f)) for p, f in SAMPLES[:3]} <= set(stored)
    assert all(isinstance(entry[1], bytes) for key, entry in stored.items() if key[1] >= 0)
    monkeypatch.setattr(patterns, "_store", None)  # a third process: all three from the file
    for (p, f) in SAMPLES[:3]:
        for text in TEXTS:
            _same(patterns.compile(p, f), re.compile(p, f), text)
    assert not patterns._fresh


@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")  # "[[" and the like
@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abc()|*+?[]^$.\\-{}0123456789 ", max_size=20), st.text(max_size=30))
def test_any_pattern_compiles_and_matches_as_re_does(pattern: str, text: str) -> None:
    try:
        expected = re.compile(pattern)
    except re.error:
        with pytest.raises(re.error):
            patterns.compile(pattern)
        return
    _same(patterns.compile(pattern), expected, text)


def test_a_damaged_file_is_a_miss_not_an_error(fresh: Path) -> None:
    path = patterns.cache_file()
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00not marshal")
    compiled = patterns.compile(SAMPLES[0][0])
    assert compiled.search("it cures cancer") is not None
    patterns.save()  # replaced by a readable file
    assert patterns.compile(SAMPLES[0][0]).pattern == SAMPLES[0][0]


def test_code_the_matcher_rejects_is_compiled_again(fresh: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = SAMPLES[1][0]
    flags, _, groups, groupindex, indexgroup = patterns._build(pattern, 0)[1]
    monkeypatch.setattr(patterns, "_store", {(pattern, 0): (flags, [999, 1, 2], groups,
                                                            groupindex, indexgroup)})
    _same(patterns.compile(pattern), re.compile(pattern), "anti-viral properties")


def test_an_unwritable_folder_only_costs_time(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(blocker))
    monkeypatch.setattr(patterns, "_store", None)
    assert patterns.compile(SAMPLES[2][0]).search("such as Atarax") is not None
    patterns.save()
    assert blocker.read_text() == "not a folder"


def test_the_claims_lexicon_from_the_cache_finds_the_same(fresh: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    claims.load_lexicon.cache_clear()
    built = claims.load_lexicon()
    monkeypatch.setattr(patterns, "_store", None)
    claims.load_lexicon.cache_clear()
    cached = claims.load_lexicon()
    assert not patterns._fresh
    claims.load_lexicon.cache_clear()
    text = "this supplement cures cancer and is 100% safe, clinically proven to kill viruses"
    for one, two in ((built.keyed_phrases[0], cached.keyed_phrases[0]), (built.frame.predicate,
                                                              cached.frame.predicate),
                     (built.disease.verb, cached.disease.verb)):
        assert one is not None and two is not None
        _same(one, two, text)
        assert two.search(text) is not None
    assert built.phrase_keys == cached.phrase_keys


def test_a_value_is_read_back_only_under_its_own_key(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "table.marshal"
    usercache.store(path, "key-1", ({"a": 1}, frozenset({"b"})))
    assert usercache.load(path, "key-1") == ({"a": 1}, frozenset({"b"}))
    assert usercache.load(path, "key-2") is None  # made from something else
    path.write_bytes(path.read_bytes()[:10])
    assert usercache.load(path, "key-1") is None  # damaged
    assert usercache.load(tmp_path / "absent", "key-1") is None
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_the_cache_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "ci"))
    assert usercache.folder() == tmp_path / "ci"
    monkeypatch.delenv("HEALTHLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert usercache.folder() == tmp_path / "xdg" / "healthlint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert usercache.folder() == tmp_path / "home" / ".cache" / "healthlint"


def test_the_dictionaries_from_the_cache_are_the_files(fresh: Path) -> None:
    spelling._dictionaries.cache_clear()
    try:
        built = spelling._dictionaries()
        assert (fresh / "dictionaries-6.marshal").is_file()
        spelling._dictionaries.cache_clear()
        cached = spelling._dictionaries()
        assert cached is not built and cached[0].table.parts() == built[0].table.parts()
        assert "ibuprofen" in cached[1] and "ibuprofen" in built[1]
        assert cached[0]["the"] == built[0]["the"]
        assert "ibuprofen" not in cached[2] and cached[2] == built[2]  # the general words
    finally:
        spelling._dictionaries.cache_clear()


def test_the_index_of_near_words_from_the_cache_is_the_one_built(fresh: Path) -> None:
    spelling.near_words.cache_clear()
    try:
        built = spelling.near_words()
        assert (fresh / "nearwords-4.marshal").is_file()
        spelling.near_words.cache_clear()
        cached = spelling.near_words()
        assert cached is not built
        assert (list(cached.words), cached.entries, cached.starts) == \
            (list(built.words), built.entries, built.starts)
        shipped = spelling.english_frequencies().keys() | spelling.medical_words() | \
            spelling.general_words()  # the words the index numbers, in its order
        assert list(cached.words) == sorted(w for w in shipped
                                            if len(w) <= spelling.TWO_EDITS_LONGEST)
        assert cached.within_two("asthama") == built.within_two("asthama") != set()
    finally:
        spelling.near_words.cache_clear()


# ---- alternations behind one \b ---------------------------------------------------------------
PIECES = [r"\b", "a", "b", "ab", " ", "-", "|", "(", ")", "(?:", "(?P<g>", "?", "*", "+", "{0,2}",
          "[|(]", "[^a]", r"\|", r"\(", "'", r"\w", r"(?<=a)", r"(?!b)", "(?i)", "(?#(|)"]
TEXT = st.text(alphabet="ab -'|(AB", max_size=30)


PART = st.tuples(st.sampled_from([r"\b", r"\b", ""]),
                 st.lists(st.sampled_from(PIECES), max_size=8)).map(lambda t: t[0] + "".join(t[1]))


@given(st.lists(PART, min_size=1, max_size=4), st.lists(TEXT, min_size=1, max_size=4))
@settings(max_examples=400, deadline=None)
def test_an_alternation_behind_one_word_boundary_matches_as_before(
        parts: list[str], texts: list[str]) -> None:
    joined = "|".join(f"(?P<t{i}>{p})" for i, p in enumerate(parts))
    try:
        before = re.compile(joined)
    except re.error:
        return
    after = re.compile(patterns.behind_word_boundary(joined, parts))
    built, _ = patterns._build(joined, 0)  # what patterns.compile hands the matcher
    assert built.pattern == joined
    for text in texts:
        found = [(m.span(), m.lastgroup, m.groups()) for m in before.finditer(text)]
        assert [(m.span(), m.lastgroup, m.groups()) for m in after.finditer(text)] == found
        assert [(m.span(), m.lastgroup, m.groups()) for m in built.finditer(text)] == found


def test_what_opens_at_a_word_boundary() -> None:
    opens = patterns.opens_at_word_boundary
    assert opens(r"\bfoo") and opens(r"\bfoo|\bbar") and opens(r"\b(?:a|b)c")
    assert opens(r"\b[|(]x|\by") and opens(r"\b\|x")
    assert opens(r"(?:\bfoo)") and opens(r"(?P<a>\bx)|(\by|\bz)w") and opens(r"(?:\bx)+")
    assert not opens(r"\bfoo|bar") and not opens("foo") and not opens(r"(?:\bfoo)?x")
    assert not opens(r"(?:\bfoo|x)") and not opens(r"(?=\b)x") and not opens(r"(?i:\bx)")
    assert not opens(r"(?:\bx){0,2}y") and not opens(r"\b[abc")
    assert not opens(r"\b(x") and not opens(r"\bfoo|") and not opens(r"(?x)\bfoo")
    assert not opens(r"\b(?#(|)x|y")
    assert patterns.behind_word_boundary(r"\ba|\bb", [r"\ba", r"\bb"]) == r"\b(?:\ba|\bb)"
    assert patterns.behind_word_boundary(r"\ba|b", [r"\ba", "b"]) == r"\ba|b"


def test_a_run_keeps_the_scopes_terms_phrases_and_furniture_for_the_next(
        fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Negation scopes, language terms, disclaimer phrases and page furniture are compiled
    through the cache, and ``lint_paths`` saves them: a second process compiles none anew."""
    from healthlint.config import Config
    from healthlint.engine.runner import lint_paths
    from healthlint.rules import disclaimer, language
    from healthlint.text import furniture, negation

    article = tmp_path / "a.md"
    article.write_text("# Title\n\nThis tea does not cure colds, the company says.\n\n"
                       "Share this post\n", "utf-8")
    for cached in (negation._compile, language.load_vocabulary, disclaimer.build_vocabulary,
                   furniture.furniture):
        cached.cache_clear()  # compiled again in this "process", through the empty cache
    lint_paths([article], Config.default())
    sources = {source for source, _ in usercache.load(patterns.cache_file(), patterns.STORE)}
    assert negation.HEDGE in sources
    assert any(s.startswith("(?P<t0>") for s in sources)  # the language terms
    assert any(s.startswith(r"(?<!\S)") for s in sources)  # a disclaimer phrase
    assert any(p.lines is not None and p.lines.pattern in sources
               for p in furniture.furniture())
    monkeypatch.setattr(patterns, "_store", None)  # a new process
    monkeypatch.setattr(patterns, "_fresh", False)
    for cached in (negation._compile, language.load_vocabulary, disclaimer.build_vocabulary,
                   furniture.furniture):
        cached.cache_clear()
    lint_paths([article], Config.default())
    assert not patterns._fresh


def _lexicon_sources() -> list[str]:
    data = claims._raw_lexicon()
    return [claims._expand(p, data["macros"]) for table in data["categories"].values()
            for p in [*map(claims.phrase_pattern, table.get("phrases", [])),
                      *table.get("patterns", []), *table.get("product-patterns", []),
                      *table.get("generic-patterns", [])]]


_WORDS = ["cure", "cures", "our", "tea", "no ", "side effects", "100%", "safe", "#1", "number one",
          "doctors", " ", "-", "x", "q", "proven", "clinically", "it", "saved my life", "detox",
          "never", "fails", "heals", "cancer", "recommended by ", "guaranteed", ", "]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_lexicon_sources()),
       st.lists(st.sampled_from(_WORDS) | st.text("ab cr-%1#", max_size=4), max_size=8))
def test_a_pattern_never_matches_without_one_of_its_required_words(pattern: str,
                                                                   pieces: list[str]) -> None:
    text = "".join(pieces)
    words = patterns.required_literals(pattern)
    if words is not None and re.search(pattern, text):
        assert any(word in text for word in words)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(re.compile(r"[a-c]{0,3}(?:x|yz?)?[a-c]*", re.ASCII), fullmatch=True),
       st.sampled_from([r"ab", r"a(?:bc|bd)e", r"(?:x|yy)+c", r"a?b", r"(?:ab)*c", r"[ab]c",
                        r"a{2}b", r"(?i:ab)c", r"\bab\b|ca", r"(a)\1", r"a(?=bc)"]))
def test_required_words_of_small_patterns(text: str, pattern: str) -> None:
    words = patterns.required_literals(pattern)
    if words is not None and re.search(pattern, text):
        assert any(word in text for word in words)


def test_what_a_pattern_requires() -> None:
    required = patterns.required_literals
    assert required(r"\bcur(?:e|es|ed)\b") == {"cure"}  # the parser takes the "e" out
    assert required(r"(?:#1|\bnumber one|no\. ?1)") == {"#1", "number one", "no."}
    assert required(r"\b(?:it|[\w-]+) (?:really )*saved (?:my|our) life") == {"saved "}
    assert required(r"(?:ab)+x?") == {"ab"} and required(r"a{2,}bc") == {"bc"}
    assert required("a?") is None and required("(?i)cure") is None
    assert required("(?i:ab)") is None and required(r"(a)\1") == {"a"}
    assert required(r"[ab]|d") is None and required(r"[ab]c|d") == {"c", "d"}
    assert required(r"(?:x|y?)z") == {"z"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=10))
def test_the_claims_first_pass_answers_as_one_alternation_of_all(pieces: list[str]) -> None:
    lexicon = claims.load_lexicon()
    every = re.compile("|".join(f"(?:{p})" for p in _lexicon_sources()))
    text = "".join(pieces)
    for pos in (0, min(3, len(text))):
        assert lexicon.may_claim(text, pos) == (every.search(text, pos) is not None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("abc .-", min_size=1, max_size=4), max_size=12),
       st.text("abcd .-", max_size=30))
def test_the_word_finder_finds_what_in_finds(words: list[str], text: str) -> None:
    finder = patterns.WordFinder(words)
    assert finder.found(text) == {w for w in words if w in text}


def test_the_word_finder_finds_overlapping_and_nested_words() -> None:
    finder = patterns.WordFinder(["ab", "abcd", "bc", "d", " of ", "of", "x"])
    assert finder.found("zabcd of z") == {"ab", "abcd", "bc", "d", " of ", "of"}
    assert finder.found("abc") == {"ab", "bc"} and patterns.WordFinder([]).found("ab") == set()


def test_required_literals_are_kept_in_the_cache_file_and_read_back_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(patterns, "_store", None)
    sources = [r"\bcures? (?:all|every) \w+", r"(?:\w+ )?heals", r"\w+", r"(?i)cure"]
    first = [patterns.required_literals(s) for s in sources]
    assert first == [patterns._parsed_literals(s) for s in sources]
    assert first[0] == frozenset({"cure"}) and first[2] is None and first[3] is None
    patterns.save()
    monkeypatch.setattr(patterns, "_store", None)  # a new run: answers from the file
    assert [patterns.required_literals(s) for s in sources] == first
    assert patterns._store is not None and (sources[0], -1) in patterns._store


# ---- patterns passed over where their words are missing -------------------------------------
def _gated_lexicon_patterns() -> list[tuple[str, patterns.GatedPattern]]:
    lexicon = claims.load_lexicon()
    holders = {"lexicon": lexicon, "frame": lexicon.frame, "disease": lexicon.disease,
               "proof": lexicon.proof, "clause": lexicon.clause_more}
    return [(f"{where}.{name}", value) for where, holder in holders.items()
            for name, value in vars(holder).items() if isinstance(value, patterns.GatedPattern)]


def test_the_claims_lexicon_gates_most_of_its_patterns() -> None:
    gated = _gated_lexicon_patterns()
    names = {name for name, _ in gated}
    assert len(gated) >= 40  # frame, disease, proof and clause patterns that need a word
    assert {"frame.product", "frame.remedy", "frame.therapy", "disease.disease",
            "proof.before", "lexicon.intervention", "clause.claim"} <= names
    # one Presence for all: a sentence is read for their words once
    assert len({id(p.presence) for _, p in gated}) == 1


_GATE_WORDS = ["our ", "this ", "tea", "cures ", "cancer", "treats ", "herbal ", "capsules ",
               "arthritis", "studies show ", "it ", "may help ", "prevent ", "the flu", "kills ",
               "viruses", "anti-inflammatory", "properties", ", which ", "supplement ",
               "relieves ", "pain", "stem cell therapy ", "diabetes", "i ", "started taking ",
               "weeks", " no ", "doctor", "reverse ", "vitamin c ", "blood pressure", ". "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_GATE_WORDS) | st.text("abc ei-", max_size=3), max_size=12),
       st.integers(0, 5), st.data())
def test_a_gated_pattern_answers_as_its_pattern(pieces: list[str], pos: int,
                                                data: st.DataObject) -> None:
    name, gated = data.draw(st.sampled_from(_gated_lexicon_patterns()))
    text = "".join(pieces)
    raw = gated.regex
    assert gated.pattern == raw.pattern and gated.groupindex == raw.groupindex
    spans = [(m.span(), m.groups()) for m in raw.finditer(text, pos)]
    assert [(m.span(), m.groups()) for m in gated.finditer(text, pos)] == spans, name
    for method in ("search", "match", "fullmatch"):
        one, other = getattr(gated, method)(text, pos), getattr(raw, method)(text, pos)
        assert (one and one.span()) == (other and other.span()), (name, method)
    assert gated.findall(text) == raw.findall(text)
    if spans:  # it matched, so it was run: one of its words is in the text
        assert not gated.absent(text) and any(word in text for word in gated.words)


def test_a_gate_passes_over_a_text_without_its_words_and_keeps_what_else_the_pattern_has(
        ) -> None:
    presence = patterns.Presence(["cure", "heal"])
    gated = patterns.GatedPattern(re.compile(r"\b(?P<v>cures?|heals)\b"), frozenset({"cure",
                                                                                     "heal"}),
                                  presence)
    assert gated.absent("it helps") and gated.search("it helps") is None
    assert list(gated.finditer("it helps")) == [] and gated.findall("it helps") == []
    assert gated.search("it cures").group("v") == "cures" and not gated.absent("heals it")
    assert gated.sub("x", "it cures") == "it x"  # anything else is the pattern's own
    for n in range(patterns.Presence.KEPT * 3):  # the kept answers stay bounded
        presence.found(f"text {n}")
    assert len(presence._recent) <= patterns.Presence.KEPT
    # patterns.gated: a dataclass's pattern fields that need a word, one Presence for all;
    # a case-insensitive or verbose pattern is left as it is (its words are not its source's)
    @dataclasses.dataclass(frozen=True)
    class Holder:
        needs: re.Pattern[str]
        ignores_case: re.Pattern[str]
        needs_nothing: re.Pattern[str]
        other: str = "x"

    holder = Holder(re.compile(r"\bcures?"), re.compile("cure", re.IGNORECASE),
                    re.compile(r"\w+"))
    one, two = patterns.gated(holder, Holder(re.compile("heal"), re.compile("x", re.VERBOSE),
                                             re.compile("a?")))
    assert isinstance(one.needs, patterns.GatedPattern) and one.needs.words == {"cure"}
    assert one.ignores_case is holder.ignores_case and one.needs_nothing is holder.needs_nothing
    assert isinstance(two.needs, patterns.GatedPattern) and two.needs.presence is \
        one.needs.presence and one.needs.presence.finder.words == {"cure", "heal"}
    assert not isinstance(two.ignores_case, patterns.GatedPattern) and one.other == "x"


def test_a_trie_matches_the_words_it_is_made_of() -> None:
    words = ["pril", "prilat", "mab", "vir", "amivir", "x"]
    source = patterns.trie_source(words)
    assert {w for w in words if re.fullmatch(source, w)} == set(words)
    assert re.fullmatch(source, "pri") is None and patterns.trie_source([]) == ""
    assert patterns.word_alternation(["ab", r"c\w+", "abc"]).endswith(r"|c\w+")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["statin", "atorva", "cef", "alexin", "pril", "prilat", "lisino",
                                 "vir", "us", "mab", "x", " ", "-", "2", "_", ". "]), max_size=10))
def test_the_medicine_stems_as_a_trie_match_as_the_list_did(pieces: list[str]) -> None:
    stems = claims._raw_lexicon()["clause"]["medicine-stems"]
    listed = re.compile(r"\b[a-z]*(?:" + "|".join(stems) + r")\b")
    text = "".join(pieces)
    medicine = claims.load_lexicon().clause.medicine
    assert [m.span() for m in medicine.finditer(text)] == [m.span() for m in listed.finditer(text)]


# ---- alternations grouped by their first character ------------------------------------------
def _regex_trees() -> st.SearchStrategy[str]:
    """Regex sources over a small alphabet: alternations of literal-led, class-led, empty and
    grouped alternatives (capturing, named, lookarounds, case-insensitive), repeated too."""
    leaf = st.sampled_from(["a", "b", "ab", "aab", "ba", "c", "[ab]", ".", r"\b", r"\w", " ", "",
                            "A", "a?", "b*", "(?=a)", "(?!b)", "(?<=a)", "(?<!b)", "$", "^"])

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        alternation = st.lists(st.lists(inner, min_size=1, max_size=3).map("".join),
                               min_size=1, max_size=5).map("|".join)
        return st.one_of(
            st.tuples(st.sampled_from(["(?:", "(", "(?=", "(?!", "(?i:", "(?>"]), alternation)
            .map(lambda t: f"{t[0]}{t[1]})"),
            st.tuples(alternation, st.sampled_from(["", "?", "*", "+", "{1,2}", "*+", "??"]))
            .map(lambda t: f"(?:{t[0]}){t[1]}"),
            alternation)

    return st.recursive(leaf, grow, max_leaves=14)


def _found(regex: re.Pattern[str], text: str, pos: int) -> list[Any]:
    found: list[Any] = [(m.span(), m.groups(), m.lastindex, m.lastgroup)
                        for m in regex.finditer(text, pos)]
    for method in (regex.search, regex.match, regex.fullmatch):
        match = method(text, pos)
        found.append(match and (match.span(), match.groups()))
    return found


@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")
@settings(max_examples=1500, deadline=None)
@given(_regex_trees(), st.sampled_from(["", "(?i)"]), st.lists(st.text("abAB c", max_size=12),
                                                                min_size=1, max_size=4),
       st.integers(0, 3))
def test_alternatives_grouped_by_their_first_character_match_as_before(
        tree: str, flags: str, texts: list[str], pos: int) -> None:
    source = f"{flags}{tree}|{tree}b|a{tree}"
    try:
        before = re.compile(source)
    except re.error:
        return
    after, _ = patterns._build(source, 0)
    assert (after.pattern, after.groups, after.groupindex) == \
        (before.pattern, before.groups, before.groupindex)
    for text in texts:
        assert _found(after, text, pos) == _found(before, text, pos), text


def _compiled_code(source: str, group: bool) -> list[int]:
    from re import _compiler, _parser  # type: ignore[attr-defined]
    parsed = _parser.parse(source, 0)
    if group:
        patterns.by_first_character(parsed)
    return list(_compiler._code(parsed, 0))


def test_what_is_grouped_by_its_first_character() -> None:
    # a trie of the openings, in the order the characters first appear
    assert _compiled_code("cancer|carcinoma|tumour|colitis", True) == \
        _compiled_code("c(?:a(?:ncer|rcinoma)|olitis)|tumour", False)
    # an alternative that opens with a class, a group or nothing keeps its place between runs
    assert _compiled_code(r"ab|ac|[a-z]+itis|ad|ae|(?:x)*y|", True) == \
        _compiled_code(r"a(?:b|c)|[a-z]+itis|a(?:d|e)|(?:x)*y|", False)
    # an alternative that opens with a small group is written out, the ways into it in turn
    assert _compiled_code(r"x|(?:ab|cd)?ef|g", True) == _compiled_code(r"x|abef|cdef|ef|g", False)
    assert _compiled_code(r"(?:rheumatoid |osteo)?arthritis|osteoporosis", True) == \
        _compiled_code(r"rheumatoid arthritis|osteo(?:arthritis|porosis)|arthritis", False)
    # a group of alternatives that is a whole alternative: its alternatives join the outer ones
    assert _compiled_code(r"ab|(?:ac|(?:ad|b))|c", True) == _compiled_code(r"a(?:b|c|d)|b|c",
                                                                          False)
    # not with a capturing group, a group that may match nothing, or a large one
    for kept in (r"(ab|cd)?ef|g", r"(?:ab|x*)?ef|g", r"(?:ab|cd)(e)|g",
                 "(?:" + "|".join(f"{w}x" for w in ("ab", "cd", "ef", "gh")) + ")" + "y" * 60):
        assert _compiled_code(kept, True) == _compiled_code(kept, False), kept
    # not where case is ignored
    assert _compiled_code("(?i)ab|ac", True) == _compiled_code("(?i)ab|ac", False)
    assert _compiled_code("(?i:ab|ac)|xy|xz", True) == _compiled_code("(?i:ab|ac)|x(?:y|z)",
                                                                      False)


_CLAIMED_WORDS = ["cancer", "cancers", "arthritis", "osteoarthritis", "diagnosis", "anemia",
                  "lymphoma", "aroma", "flare-ups", "joint flare-ups", "neuropathy", "less ",
                  "helps ", "50% ", "no longer", "blood sugar", "levels", "viral load", "flu",
                  "influence", "aids", "braids", "cold sores", "skin tags", "covid-19", " ",
                  "xitis", "no better", "percent of people have", "cure", "cured", "heart",
                  "disease", "chronic illness", "insulin resistance", "the", ", ", "."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CLAIMED_WORDS) | st.text("aeiostr -", max_size=5),
                max_size=14), st.integers(0, 6), st.data())
def test_the_claims_lexicon_grouped_by_first_character_matches_as_before(
        pieces: list[str], pos: int, data: st.DataObject) -> None:
    """The lexicon's slowest patterns (the health anchor of the model and the proof rule, the
    conditions, the frame's predicate) and any of its patterns, as compiled for the matcher,
    against ``re.compile`` of the same source."""
    lexicon = claims.load_lexicon()
    chosen = data.draw(st.sampled_from([
        lexicon.proof.claimed, lexicon.clause.condition, lexicon.clause_more.claim,
        lexicon.frame.predicate, lexicon.disease.universal, lexicon.frame.remedy_name,
        *[pattern for _, pattern in _gated_lexicon_patterns()]]))
    text = "".join(pieces)
    built, _ = patterns._build(chosen.pattern, chosen.flags & ~re.UNICODE)
    before = re.compile(chosen.pattern, chosen.flags & ~re.UNICODE)
    assert _found(built, text, pos) == _found(before, text, pos)


def _trie_as_it_was(words: list[str]) -> str:
    """``trie_source`` as stop 20 wrote it (one call a node, ``re.escape`` a character)."""
    def node_source(node: dict[str, Any]) -> str:
        parts = [re.escape(char) + node_source(child) for char, child in sorted(node.items())
                 if char]
        if "" in node:
            parts.append("")
        if len(parts) == 1:
            return parts[0]
        return "(?:" + "|".join(parts) + ")"

    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return node_source(trie) if trie else ""


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text("abc.-( ", min_size=1, max_size=6), max_size=12))
def test_a_trie_is_written_as_it_was(words: list[str]) -> None:
    """The same source, character for character: the regex cache keys its code by source."""
    assert patterns.trie_source(words) == _trie_as_it_was(words)


def test_the_lexicon_tries_are_written_as_they_were() -> None:
    lexicon = claims.load_lexicon()
    for finder in (lexicon.phrase_words, _gated_lexicon_patterns()[0][1].presence.finder):
        assert patterns.trie_source(finder.words) == _trie_as_it_was(list(finder.words))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.frozensets(st.sampled_from(["cure", "heal", "our", "tea", "x"]), min_size=1),
                max_size=8, unique=True))
def test_the_groups_of_a_word_are_found_in_one_pass(keys: list[frozenset[str]]) -> None:
    keyed = {key: [] for key in keys}
    expected = {word: tuple(i for i, words in enumerate(keyed) if word in words)
                for word in sorted({w for words in keyed for w in words})}
    assert claims._groups_of_words(keyed) == expected
    assert list(claims._groups_of_words(keyed)) == list(expected)
