"""Stigmatizing language (HL7xx): bad sentences are flagged at the term, good ones not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthlint.config import Config, ConfigError
from healthlint.core.findings import REGISTRY
from healthlint.parse.document import Prose, Sentence
from healthlint.rules.language import (
    WORD_BEFORE,
    _capitalised_word_before,
    _word_before,
    load_vocabulary,
    with_keywords,
)
from healthlint.text.negation import lower as lower_text
from tests.conftest import fix_of, fixed, lint

# (sentence, code, the term the finding must start at)
BAD = [
    ("Addicts need treatment, not blame.", "HL701", "Addicts"),
    ("He was a heroin addict for ten years.", "HL701", "heroin addict"),
    ("Services for substance abusers are underfunded.", "HL701", "substance abusers"),
    ("Drug abuse is a common reason for admission.", "HL701", "Drug abuse"),
    ("A dirty urine test can cost you a job.", "HL701", "dirty urine test"),
    ("Her father was an alcoholic.", "HL701", "alcoholic"),
    ("Alcoholics often hide how much they drink.", "HL701", "Alcoholics"),
    ("Junkies were turned away from the clinic.", "HL701", "Junkies"),
    ("She has been clean for two years after heroin.", "HL701", "been clean"),
    ("The patient had a dirty urine test for opioids.", "HL701", "dirty urine test"),
    ("Injecting drug users are at risk of hepatitis C.", "HL701", "Injecting drug users"),
    ("Addicted babies need specialist care.", "HL701", "Addicted babies"),
    ("He committed suicide last spring.", "HL702", "committed suicide"),
    ("She survived a failed suicide attempt.", "HL702", "failed suicide attempt"),
    ("Rates of successful suicide are higher in men.", "HL702", "successful suicide"),
    ("He has been confined to a wheelchair since the accident.", "HL703",
     "confined to a wheelchair"),
    ("Wheelchair-bound patients need step-free access.", "HL703", "Wheelchair-bound"),
    ("The building has handicapped toilets.", "HL703", "handicapped"),
    ("Services for the disabled are improving.", "HL703", "disabled"),
    ("The term mental retardation is outdated.", "HL703", "mental retardation"),
    ("Millions suffer from depression.", "HL704", "suffer from"),
    ("She is suffering from multiple sclerosis.", "HL704", "suffering from"),
    ("He was a victim of polio as a child.", "HL704", "victim of"),
    ("Cancer victims deserve better care.", "HL704", "Cancer victims"),
    ("Migraine sufferers often miss work.", "HL704", "Migraine sufferers"),
    ("He was afflicted with epilepsy.", "HL704", "afflicted with"),
    ("Noncompliant patients were excluded.", "HL704", "Noncompliant"),
    ("Diabetics should check their feet every day.", "HL705", "Diabetics"),
    ("A diabetic should carry glucose tablets.", "HL705", "diabetic"),
    ("Diabetic patients need yearly eye checks.", "HL705", "Diabetic"),
    ("The clinic sees many epileptics.", "HL705", "epileptics"),
    ("Asthmatic children miss more school.", "HL705", "Asthmatic"),
    ("Obese patients were offered a referral.", "HL705", "Obese"),
    ("She had an epileptic fit at work.", "HL705", "epileptic fit"),
    ("HIV-infected people can live long lives.", "HL705", "HIV-infected people"),
    ("The mentally ill are more often victims than perpetrators.", "HL706",
     "The mentally ill"),
    ("He was sent to an insane asylum.", "HL706", "insane asylum"),
    ("Lunatics were once chained.", "HL706", "Lunatics"),
    ("Crazy people are not dangerous.", "HL706", "Crazy"),
    ("I'm so OCD about my desk.", "HL706", "so OCD"),
]

GOOD = [
    "Collect a clean urine sample in the cup.",
    "Dirty dishes can spread germs.",
    "People with a substance use disorder need treatment.",
    "Child abuse must be reported.",
    "Alcoholic drinks contain a lot of sugar.",
    "Alcoholic liver disease can be prevented.",
    "Alcoholics Anonymous has groups in most towns.",
    "The National Institute on Drug Abuse funds research.",
    "Clean the wound with water.",
    "Keep the area clean and dry.",
    "Needle programmes give out clean needles to people who use drugs.",
    "He died by suicide.",
    "She uses a wheelchair.",
    "Disabled people face barriers at work.",
    "Many people with sickle cell disease suffer from chronic pain.",
    "Children can suffer from nightmares.",
    "Victims of crime can get support.",
    "Diabetic retinopathy can cause sight loss.",
    "A diabetic diet is no longer recommended.",
    "If you are diabetic, check your feet.",
    "An epileptic seizure can last a few minutes.",
    "Mental health matters.",
    "That is a crazy idea.",
    "The itching can drive you crazy.",
    "Being obese raises the risk of diabetes.",
    'The old sign read "Home for the Incurable and Handicapped".',
    "The device was non-compliant with the regulations.",
]


@pytest.mark.parametrize(("sentence", "code", "at"), BAD)
def test_bad_sentence_is_flagged_at_the_term(sentence: str, code: str, at: str) -> None:
    found = lint(sentence, "HL7")
    assert [f.code for f in found] == [code], [f"{f.code} {f.message}" for f in found]
    assert found[0].column == sentence.index(at) + 1
    assert found[0].end_column == sentence.index(at) + len(at) + 1


@pytest.mark.parametrize("sentence", GOOD)
def test_good_sentence_is_not_flagged(sentence: str) -> None:
    assert [f"{f.code} {f.message}" for f in lint(sentence, "HL7")] == []


def test_every_language_rule_has_bad_examples() -> None:
    codes = {code for code in REGISTRY if code.startswith("HL7")}
    assert codes == {code for _, code, _ in BAD}


def test_message_gives_the_source_and_the_suggestion_the_preferred_wording() -> None:
    [finding] = lint("Addicts need treatment.", "HL7")
    assert "“Addicts”" in finding.message and "NIDA" in finding.message
    assert finding.suggestion and "substance use disorder" in finding.suggestion
    assert finding.severity.name == "WARNING"


def test_position_in_a_longer_document() -> None:
    text = "# Living with diabetes\n\nMost *diabetics* manage well.\n"
    [finding] = lint(text, "HL7")
    assert (finding.line, finding.column) == (3, text.splitlines()[2].index("diabetics") + 1)


def test_config_adds_terms_by_theme_key_code_or_name() -> None:
    for key in ("substance-use", "HL701", "substance-use-language"):
        table = {"language": {"extra": {key: {"drug seeker": "person seeking pain relief"}}}}
        [finding] = lint("He was labelled a drug seeker.", "HL7", table)
        assert finding.code == "HL701" and finding.suggestion is not None
        assert "person seeking pain relief" in finding.suggestion


def test_config_allow_trims_terms() -> None:
    table = {"language": {"allow": ["sufferers"]}}
    assert lint("Hay fever sufferers should check pollen counts.", "HL7", table) == []
    assert [f.code for f in lint("Addicts need care.", "HL7", table)] == ["HL701"]


def test_bad_config_is_an_error() -> None:
    with pytest.raises(ConfigError, match="unknown theme"):
        lint("Text.", "HL7", {"language": {"extra": {"nonsense": {"x": "y"}}}})
    with pytest.raises(ConfigError, match="preferred wording"):
        lint("Text.", "HL7", {"language": {"extra": {"suicide": ["x"]}}})
    with pytest.raises(ConfigError):
        Config.from_table({"language": {"extra": "x"}}, Path.cwd(), None)


def test_every_term_has_a_keyword_for_the_first_pass() -> None:
    vocab = load_vocabulary()
    stems = vocab.keywords.pattern.split("|")
    for term in vocab.terms:
        assert any(stem in term.pattern for stem in stems), term.pattern


PREFIX = st.lists(st.sampled_from([*"aZb’'_1é .,\t\n-\"“(*–—", "the ", "Word ", "addicts’ "]),
                  max_size=12).map("".join)


@given(PREFIX, st.data())
def test_words_before_a_term_are_read_backwards_as_the_regexes_would_find_them(
        text: str, data: st.DataObject) -> None:
    """The word before a term is read back from the term, not searched for in all the text
    before it (that made a sentence with many terms quadratic); the answers are the same."""
    start = data.draw(st.integers(0, len(text)))
    found = WORD_BEFORE.search(text[:start])
    assert _word_before(text, start) == (found.group(1) if found else None)
    before = re.search(r"([A-Za-z]+)\s+$", text[:start])
    assert _capitalised_word_before(text, start) == (
        before is not None and before.group(1)[0].isupper())


def test_message_and_suggestion_do_not_repeat_each_other() -> None:
    found = lint("She suffers from diabetes and is noncompliant.", "HL7")
    assert [f.code for f in found] == ["HL704", "HL704"]
    for finding in found:
        assert finding.suggestion is not None and finding.suggestion.startswith("say “")
        preferred = finding.suggestion.removeprefix("say “").removesuffix("” instead")
        assert preferred not in finding.message, finding


# ---- fixes -------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "after"), [
    ("An asthmatic should carry an inhaler.", "A person with asthma should carry an inhaler."),
    ("She is a diabetic.", "She is a person with diabetes."),
    ("Schizophrenics hear voices.", "People with schizophrenia hear voices."),
    ("The epileptic was fine.", "The person with epilepsy was fine."),
])
def test_a_term_with_one_preferred_wording_gets_an_unsafe_fix(text: str, after: str) -> None:
    fix = fix_of(text, code_of(text), "HL7")
    assert fix is not None and fix[0] == "unsafe"
    assert fixed(f"# A\n\n{text}\n", "HL7") == f"# A\n\n{text}\n"  # not a safe fix
    assert fixed(f"# A\n\n{text}\n", "HL7", unsafe=True) == f"# A\n\n{after}\n"


def code_of(text: str) -> str:
    [found] = lint(text, "HL7")
    return found.code


def test_a_term_with_a_choice_of_wordings_has_no_fix() -> None:
    # "person with a substance use disorder (or person in recovery)": the writer chooses
    [found] = lint("He is an addict.", "HL7")
    assert found.fix is None


KEYWORDISH = st.lists(st.sampled_from(["Addict", "ABUS", "diabet", "habit", "hab", "it", "ΣΑ",
                                       "İ", " ", "\n", "-", "x", "Al", "cohol", "ψ"]),
                      max_size=8).map("".join)


@given(st.lists(KEYWORDISH, max_size=6), st.booleans())
def test_sentences_with_keywords_are_those_the_keyword_regex_finds(texts: list[str],
                                                                    extra: bool) -> None:
    """Keywords looked for with `in`, first in all the sentences at once, find the sentences
    the keyword regex finds, a project's extra words included."""
    vocab = load_vocabulary((("suicide", (("Hab-it x", "y"),)),) if extra else ())
    assert vocab.keyword_strings is not None
    block = Prose("paragraph", "", [0], 1)
    sentences = [Sentence(text, block, 0, len(text)) for text in texts]
    found = [sentence.text for sentence, _ in with_keywords(sentences, vocab)]
    assert found == [text for text in texts
                     if vocab.keywords.search(lower_text(text)) is not None]
