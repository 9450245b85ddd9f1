"""Readability (HL3xx): scores, targets, what is prose, and where a writer should start."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import nltk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.config import Config
from healthlint.core.findings import Finding, Severity
from healthlint.parse.document import Document, parse
from healthlint.rules.readability import (
    FLESCH_KINCAID,
    READING_EASE,
    SMOG,
    Counts,
    hardest,
    measure_sentence,
    prose_blocks,
    resolve_target,
    score,
    split_hint,
    total,
)
from healthlint.text import syllables
from tests.conftest import ROOT, lint

# 12 sentences, 100 words at Flesch-Kincaid grade 2, in three paragraphs.
PLAIN_SENTENCES = [
    "Asthma is a common condition that affects the lungs.",
    "It makes the airways swell and get narrow.",
    "This makes it hard to breathe.",
    "Some people have mild symptoms now and then.",
    "Others have symptoms most days.",
    "You may cough, wheeze or feel tight in your chest.",
    "Symptoms are often worse at night.",
    "A cold or the flu can make them worse too.",
    "Smoke, dust and pets can set them off.",
    "Most people can keep their asthma under control.",
    "The right plan and the right inhaler help a lot.",
    "Ask your doctor or nurse to check how you use your inhaler.",
]
PLAIN = "\n\n".join(" ".join(PLAIN_SENTENCES[i:i + 4]) for i in range(0, 12, 4))
ONE_PARAGRAPH = " ".join(PLAIN_SENTENCES)
# Three sentences, 61 words, far above any target.
HARD_1 = ("Hypertension that remains inadequately controlled substantially increases an "
          "individual's susceptibility to cardiovascular complications, including myocardial "
          "infarction and cerebrovascular accidents.")
HARD_2 = ("Pharmacological management typically incorporates angiotensin-converting enzyme "
          "inhibitors, calcium channel antagonists or thiazide diuretics, administered "
          "individually or in combination according to clinical characteristics, coexisting "
          "conditions and tolerability.")
HARD_3 = ("Comprehensive evaluation necessitates repeated ambulatory measurements, because "
          "isolated observations frequently misrepresent an individual's physiological "
          "circumstances.")
HARD = f"{HARD_1} {HARD_2} {HARD_3}"
# 31 words of everyday English.
LONG = ("You can get asthma at any age, and it often starts in childhood, but many adults get "
        "it for the first time after a bad chest infection or a new job.")


def article(*sections: tuple[str, str], title: str = "High blood pressure") -> str:
    body = "".join(f"## {heading}\n\n{text}\n\n" for heading, text in sections)
    return f"# {title}\n\n{body}"


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


def text_at(text: str, finding: Finding) -> str:
    doc = parse(text)
    start = doc.line_starts[finding.line - 1] + finding.column - 1
    end = doc.line_starts[finding.end_line - 1] + finding.end_column - 1
    return doc.text[start:end]


# ---- good and bad examples ------------------------------------------------------------------

EXAMPLES = [
    # (what, article, rule codes it must produce)
    ("plain prose passes", article(("Overview", PLAIN)), []),
    ("hard prose: document, hardest sentences",
     article(("Overview", PLAIN), ("Treatment", HARD)), ["HL301", "HL303", "HL303", "HL303"]),
    ("hard prose in Sources is not scored",
     article(("Overview", PLAIN), ("Sources", HARD)), []),
    ("hard prose in a References subsection is not scored",
     article(("Overview", PLAIN), ("References", "- [NHS](https://www.nhs.uk/)"))
     + f"### Notes\n\n{HARD}\n", []),
    ("hard prose in a table is not scored",
     article(("Overview", PLAIN), ("Treatment", f"| Drug | Note |\n| --- | --- |\n"
                                                f"| A | {HARD_1} |\n| B | {HARD_2} |")), []),
    ("hard prose in code is not scored",
     article(("Overview", PLAIN), ("Treatment", f"```\n{HARD}\n```")), []),
    ("hard prose in a footnote is not scored",
     article(("Overview", PLAIN + "[^1]")) + f"[^1]: {HARD}\n", []),
    ("too little prose is not judged",
     article(("Treatment", HARD)), ["HL304", "HL306"]),
    ("a long sentence",
     article(("Overview", PLAIN + "\n\nYou can get asthma at any age, and it often starts in "
                                  "childhood, but many adults get it for the first time after "
                                  "a bad chest infection or a new job.")), ["HL304"]),
    ("a long paragraph", article(("Overview", ONE_PARAGRAPH)), ["HL305"]),
    ("the same sentences as a list are not a long paragraph",
     article(("Overview", "\n".join(f"- {s}" for s in PLAIN_SENTENCES))), []),
]


@pytest.mark.parametrize("what, text, expected", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_examples(what: str, text: str, expected: list[str]) -> None:
    assert codes(lint(text, "HL3")) == expected, what


# ---- scoring --------------------------------------------------------------------------------

def scored(doc: Document) -> Counts:
    blocks = prose_blocks(doc, ["Sources"])
    return total(measure_sentence(s).counts for b in blocks for s in b.sentences)


def test_headings_and_list_items_are_sentences_of_their_own() -> None:
    doc = parse("# Sleep\n\nMost adults need 7 or more hours. Teens need more.\n\n"
                "## Tips\n\n- go to bed at the same time\n- keep the room dark\n")
    counts = scored(doc)
    assert counts.sentences == 6  # 2 headings, 2 sentences, 2 list items
    assert counts.words == 2 + 10 + 11


def test_sentences_follow_the_document_not_textstat() -> None:
    # textstat would split "Dr." and "2.5" and drop the 1-word heading; the Document does not.
    doc = parse("# Dosage\n\nDr. Lee says to take 2.5 mg at 9 a.m. and 5 p.m. every day.\n")
    assert scored(doc).sentences == 2


def test_formulas_on_known_counts() -> None:
    counts = Counts(sentences=10, words=150, syllables=210, polysyllables=12)
    assert score(FLESCH_KINCAID, counts) == pytest.approx(0.39 * 15 + 11.8 * 1.4 - 15.59)
    assert score(READING_EASE, counts) == pytest.approx(206.835 - 1.015 * 15 - 84.6 * 1.4)
    assert score(SMOG, counts) == pytest.approx(1.043 * (12 * 30 / 10) ** 0.5 + 3.1291)
    assert score(FLESCH_KINCAID, Counts()) is None


def test_curly_apostrophes_count_like_straight_ones() -> None:
    curly = measure_sentence(parse("Don’t stop; it’s not safe.").sentences[0]).counts
    straight = measure_sentence(parse("Don't stop; it's not safe.").sentences[0]).counts
    assert curly == straight


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aeiouy sktrn'’-.,;!?()\"0123é")), max_size=80))
def test_long_words_as_written_match_the_count(text: str) -> None:
    doc = parse(f"# T\n\n{text}\n")
    for sentence in doc.sentences:
        item = measure_sentence(sentence)
        assert len(item.long_words()) == item.counts.polysyllables


def test_long_words_keep_their_written_form() -> None:
    sentence = parse("Serotonin-norepinephrine reuptake inhibitors, “SNRIs”, help.").sentences[0]
    assert measure_sentence(sentence).long_words()[0] == "Serotonin-norepinephrine"


def test_words_are_counted_as_textstat_counts_them() -> None:
    text = "A well-known side-effect (drowsiness) — isn't rare: 2.5 mg, e.g. at night!"
    counts = measure_sentence(parse(text).sentences[0]).counts
    assert counts.words == len(syllables.list_words(text))
    assert counts.syllables == syllables.count_syllables(text)


# ---- document, sections, hardest sentences ---------------------------------------------------

def test_document_finding_is_at_the_title_with_the_score_and_a_way_to_the_target() -> None:
    text = article(("Overview", PLAIN), ("Treatment", HARD))
    found = [f for f in lint(text, "HL3") if f.code == "HL301"]
    assert len(found) == 1
    finding = found[0]
    assert (finding.line, finding.column, finding.severity) == (1, 1, Severity.WARNING)
    assert "Flesch-Kincaid grade" in finding.message and "target of 8" in finding.message
    assert finding.suggestion is not None and "Start with the hardest sentences" in finding.suggestion


def test_hardest_sentences_are_named_at_their_own_positions_hardest_first() -> None:
    text = article(("Overview", PLAIN), ("Treatment", HARD))
    found = [f for f in lint(text, "HL3") if f.code == "HL303"]
    assert [text_at(text, f) for f in found] == [HARD_1, HARD_2, HARD_3]
    ranks = {text_at(text, f): int(f.message.split()[2]) for f in found}
    doc = parse(text)
    items = [measure_sentence(s) for s in doc.sentences]
    expected = [item.sentence.text for item, _ in hardest(items, FLESCH_KINCAID, 3)]
    assert sorted(ranks, key=ranks.__getitem__) == expected
    assert all(f.severity == Severity.SUGGESTION for f in found)
    assert "with 3+ syllables" in found[0].message


def test_a_long_sentence_weighs_more_than_a_short_one_with_a_long_word() -> None:
    doc = parse(f"# Title\n\n{PLAIN}\n\nOsteoporosis matters. {LONG}\n")
    items = [measure_sentence(s) for s in doc.sentences]
    named = [item.sentence.text for item, _ in hardest(items, FLESCH_KINCAID, 3)]
    assert named[0] == LONG
    assert "Osteoporosis matters." in named[1:]


def test_hardest_count_is_an_option(tmp_path: Path) -> None:
    text = article(("Overview", PLAIN), ("Treatment", HARD))
    found = lint(text, "HL3", {"readability": {"hardest": 1}})
    assert codes(found).count("HL303") == 1
    none = lint(text, "HL3", {"readability": {"hardest": 0}})
    assert "HL303" not in codes(none)
    document = next(f for f in none if f.code == "HL301")
    assert document.suggestion is not None and "Start with" not in document.suggestion


def test_a_hard_section_in_an_easy_article(tmp_path: Path) -> None:
    text = article(("Overview", f"{PLAIN}\n\n{PLAIN}"), ("Symptoms", PLAIN),
                   ("Treatment", HARD))
    found = lint(text, "HL3", {"readability": {"min-section-words": 40}})
    assert codes(found) == ["HL302", "HL304"]  # and HARD_2 is long
    finding = found[0]
    assert finding.line == text.splitlines().index("## Treatment") + 1
    assert 'section "Treatment"' in finding.message
    assert finding.suggestion is not None and "hardest sentence" in finding.suggestion


def test_short_sections_are_not_scored_alone() -> None:
    text = article(("Overview", f"{PLAIN}\n\n{PLAIN}"), ("Symptoms", PLAIN),
                   ("Treatment", HARD))
    assert "HL302" not in codes(lint(text, "HL3"))  # 56 words < min-section-words (80)


def test_too_little_prose_gives_the_score_for_information_only() -> None:
    found = [f for f in lint(article(("Treatment", HARD)), "HL3") if f.code != "HL304"]
    assert codes(found) == ["HL306"]
    assert "not judged" in found[0].message and "Flesch-Kincaid grade" in found[0].message
    assert found[0].line == 1


# ---- targets and metrics --------------------------------------------------------------------

def test_profile_target_and_metric(tmp_path: Path) -> None:
    text = "---\ntype: condition\n---\n" + article(("Overview", PLAIN), ("Symptoms", PLAIN))
    assert lint(text, "HL3") == []
    strict = {"profiles": {"condition": {"max-grade": 1.0}}}
    found = lint(text, "HL3", strict)
    assert "HL301" in codes(found)
    assert "target of 1 for condition articles" in next(f for f in found
                                                       if f.code == "HL301").message


def test_smog_metric_from_the_config(tmp_path: Path) -> None:
    text = article(("Overview", PLAIN), ("Symptoms", PLAIN))
    table = {"readability": {"metric": "smog"}, "profiles": {"default": {"max-grade": 5.0}}}
    found = next(f for f in lint(text, "HL3", table) if f.code == "HL301")
    assert "SMOG grade" in found.message


def test_reading_ease_is_a_minimum(tmp_path: Path) -> None:
    text = article(("Overview", PLAIN), ("Treatment", HARD))
    found = lint(text, "HL3", {"readability": {"metric": "flesch-reading-ease"}})
    document = next(f for f in found if f.code == "HL301")
    assert "Flesch reading ease" in document.message
    assert "under the minimum of 60" in document.message
    easy = article(("Overview", PLAIN), ("Symptoms", PLAIN))
    assert lint(easy, "HL3", {"readability": {"metric": "flesch-reading-ease"}}) == []


def test_reading_ease_profile_uses_its_max_grade_as_the_minimum() -> None:
    config = Config.from_table({"profiles": {"default": {"metric": "flesch-reading-ease",
                                                         "max-grade": 70.0}}},
                               root=Path.cwd(), source=None)
    target = resolve_target(config.default_profile, config.section("readability"))
    assert (target.metric, target.value) == (READING_EASE, 70.0)
    override = resolve_target(config.default_profile, {"metric": "flesch-kincaid"})
    assert (override.metric, override.value) == (FLESCH_KINCAID, 8.0)


def test_unknown_metric_is_a_config_error(tmp_path: Path) -> None:
    from healthlint.config import ConfigError

    with pytest.raises(ConfigError, match="flesch-kincaid"):
        Config.from_table({"readability": {"metric": "gunning-fog"}}, root=tmp_path,
                          source=None)


# ---- long sentences and paragraphs ----------------------------------------------------------


def test_long_sentence_points_at_the_sentence_and_says_where_to_split() -> None:
    text = article(("Overview", f"{PLAIN}\n\n{LONG}"))
    finding = next(f for f in lint(text, "HL3") if f.code == "HL304")
    assert text_at(text, finding) == LONG
    assert "31 words" in finding.message
    assert finding.suggestion is not None and "…often starts in childhood" in finding.suggestion


def test_long_sentence_limit_is_an_option(tmp_path: Path) -> None:
    text = article(("Overview", f"{PLAIN}\n\n{LONG}"))
    assert lint(text, "HL3", {"readability": {"max-sentence-words": 31}}) == []
    assert lint(text, "HL3", {"readability": {"max-sentence-words": 0}}) == []


def test_a_hardest_sentence_is_not_reported_again_as_long() -> None:
    text = article(("Overview", PLAIN), ("Treatment", HARD))
    found = lint(text, "HL3")
    assert "HL304" not in codes(found)  # HARD_2 has 27 words but HL303 names it
    ignored = [f for f in lint(text, config={"ignore": ["HL303"]}) if f.code == "HL304"]
    assert [text_at(text, f) for f in ignored] == [HARD_2]


def test_long_paragraph_covers_the_paragraph_and_suggests_a_break() -> None:
    text = article(("Overview", ONE_PARAGRAPH))
    finding = next(f for f in lint(text, "HL3") if f.code == "HL305")
    assert text_at(text, finding) == ONE_PARAGRAPH
    assert "12 sentences and 100 words" in finding.message
    assert finding.suggestion is not None and 'before "' in finding.suggestion


@pytest.mark.parametrize("sentence, expected", [
    (LONG, "…often starts in childhood\" (', but')"),
    ("Take ibuprofen with food or milk; it can upset your stomach if you take it on an "
     "empty one.", "…with food or milk\" (';')"),
    ("Short, and then, nothing to split here at all really.", None),
])
def test_split_hint(sentence: str, expected: str | None) -> None:
    hint = split_hint(sentence)
    assert (hint is None) if expected is None else (hint is not None and expected in hint)


def test_all_rules_off_means_no_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("scored although every HL3 rule is off")

    monkeypatch.setattr("healthlint.rules.readability.prose_blocks", fail)
    text = article(("Overview", PLAIN), ("Treatment", HARD))
    assert lint(text, "HL3", {"ignore": ["HL3"]}) == []


# ---- offline ---------------------------------------------------------------------------------

def test_works_offline_without_nltk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No network, no NLTK download, nothing written to the home folder."""
    from textstat.backend.utils._get_cmudict import get_cmudict

    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def raiser(*args: object, **kwargs: object) -> None:
            attempts.append(name)
            raise OSError(f"{name} called while offline")
        return raiser

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(nltk, "download", refuse("nltk.download"))
    monkeypatch.setattr(nltk.data, "find", refuse("nltk.data.find"))
    monkeypatch.setattr(nltk.data, "load", refuse("nltk.data.load"))
    get_cmudict.cache_clear()  # textstat must not have a dictionary from an earlier test
    syllables.cmu_dictionary.cache_clear()  # load ours again, here, offline
    monkeypatch.setattr(syllables, "_known", {})

    findings = lint(article(("Overview", PLAIN), ("Treatment", HARD)))
    assert "HL010" not in codes(findings)  # no check failed
    assert "HL301" in codes(findings)
    assert attempts == []
    assert list(home.iterdir()) == []
    get_cmudict.cache_clear()


def test_a_fresh_process_never_imports_nltk_or_textstat(tmp_path: Path) -> None:
    script = (
        "import json, socket, sys\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "from healthlint.parse.document import parse\n"
        "from healthlint.rules.readability import measure_sentence, score, total\n"
        f"doc = parse({article(('Overview', PLAIN), ('Treatment', HARD))!r})\n"
        "counts = total(measure_sentence(s).counts for s in doc.sentences)\n"
        "print(json.dumps({'grade': score('flesch-kincaid', counts),\n"
        "                  'nltk': 'nltk' in sys.modules, 'textstat': 'textstat' in sys.modules}))\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "NLTK_DATA": str(tmp_path / "none"),
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["grade"] > 8
    assert not result["nltk"] and not result["textstat"]
    assert list(tmp_path.iterdir()) == []


def _split_hint_reference(text: str) -> str | None:
    """split_hint as first written: the words before every split point counted afresh."""
    import healthlint.rules.readability as readability

    total_words = len(readability.words_of(text))
    best = None
    for match in readability.SPLIT_POINT.finditer(text):
        before = len(readability.words_of(text[:match.start()]))
        if before < 5 or total_words - before < 5:
            continue
        distance = abs(before - total_words / 2)
        if best is None or distance < best[0]:
            best = (distance, match)
    if best is None:
        return None
    lead = " ".join(text[:best[1].start()].split()[-4:])
    return f"for example after \"…{lead}\" ({best[1].group().strip()!r})"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["word", "don't", "'", "—", " — ", "; ", ": ", ", and ", ", but ",
                                 " ", "x;y", "(a)", "’s", "2.5", "-", "e.g."]),
                max_size=60).map("".join))
def test_split_hint_counts_words_like_textstat(text: str) -> None:
    assert split_hint(text) == _split_hint_reference(text)


def test_split_hint_reads_a_long_sentence_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # counting the words before every split point afresh took minutes on a 1 MB "sentence"
    import healthlint.rules.readability as readability

    calls = []
    real = readability.words_of
    monkeypatch.setattr(readability, "words_of", lambda text: calls.append(text) or real(text))
    sentence = "; ".join(f"part {i} of a list" for i in range(200))
    assert split_hint(sentence) is not None
    assert len(calls) <= 1
