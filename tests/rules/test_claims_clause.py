"""The clause reader of the claims check (issue 9, kinds 1 and 2): who is said to treat what.

Every example here is written for this test: the sentences that measure the rules
(tests/data, tools/claims_model) are never copied into tests."""

from __future__ import annotations

import pytest

from healthlint.rules.claims import load_lexicon
from healthlint.text.negation import lower

from .claims_kinds import EDITORIAL
from .test_claims import lint

# (sentence, words the finding must start at, words its message must name)
BAD = [
    # a placeholder or a trademark sign names the product, wherever the sentence stands
    ("[Product] helps lower blood sugar after meals.", "[Product]", "[Product] … lower blood sugar"),
    ("Vitalex® protects you from germs all day long.", "Vitalex®", "protects you from germs"),
    # a relative clause: the noun it points to is the subject
    ("This supplement is rich in resveratrol, a strong antioxidant that helps kill cancer cells.",
     "a strong antioxidant", "a strong antioxidant … kill cancer cells"),
    ("The supplement contains Vernolide, which reduces high blood pressure.", "Vernolide",
     "Vernolide … reduces high blood pressure"),
    # a verb after "and" has the subject of the verb of the family before it
    ("Arjuna Bark supports the heart's normal rhythm and lowers high blood pressure.",
     "Arjuna Bark",
     "Arjuna Bark … lowers high blood pressure"),
    # a hedge does not excuse a thing sold in a product's voice
    ("With our tonic, Rosavine may help fight arthritis.", "Rosavine",
     "Rosavine … fight arthritis"),
    # label copy: "symptoms of" a disease, and a base form set in Title Case
    ("Relieves symptoms of psoriasis.", "Relieves", "Relieves symptoms of psoriasis"),
    ("Relieve Sore Joints and Arthritis Pain", "Relieve", "Relieve Sore Joints and Arthritis"),
    ("May help slow the progression of Parkinson's disease", "May help",
     "May help slow the progression of Parkinson"),
    ("Helps you fight off shingles.", "Helps", "Helps you fight off shingles"),
    ("for the treatment of gout and kidney stones", "for the treatment", "gout"),
    ("Effective on Shingles and Cold Sores", "Effective", "Shingles"),
    ("Our tincture is known to ward off the flu.", "Our tincture", "ward off the flu"),
    # kind 2 as an adjective
    ("Packed with powerful anti-tumour compounds.", "anti-tumour", "anti-tumour compounds"),
    ("A tea with cancer-fighting antioxidants in every cup.", "cancer-fighting",
     "cancer-fighting antioxidants"),
]

GOOD = [
    # the editorial statements
    *EDITORIAL,
    # a medicine by its name: nothing in the sentence sells it
    "Ezetimibe lowers LDL cholesterol.",
    "Octreotide may also help slow tumour growth.",
    "Cortisol suppresses inflammation in the body.",
    # foods and behaviours on a health page
    "Monounsaturated fats help lower blood cholesterol.",
    "A snack before bed can prevent hypoglycemia at night.",
    # a purpose, not a subject: "to" after a noun
    "Surgery is the usual treatment for these cysts to prevent infection.",
    "You can buy gels from pharmacies to get rid of warts.",
    # a verb joined by "and" has the first verb's subject
    "Testing helps doctors find and treat diabetes early.",
    "Cool water soothes the burn and helps prevent blisters.",
    # a noun, not a verb: "balance", and "lower" after "had"
    "Bacterial vaginosis happens when the natural balance of bacteria changes.",
    "The cannabis users had lower anxiety than the nonusers.",
    # passive: the patient is the subject
    "People with MODY can often be treated with tablets.",
    # a "which" after a common noun may speak of the whole clause
    "These medicines reduce the acid in the stomach, which relieves ulcer pain.",
    # a person or a service
    "Sexual health clinics can help with bacterial vaginosis.",
    "Talking with a therapist may reduce stress and improve IBS symptoms.",
    # research, a medicine's class and a test are not a product's properties
    "Benzaldehyde has been tested for anticancer activity in people.",
    "Anticancer drugs can harm healthy cells too.",
    # a subject before the label copy's words makes it a sentence, judged by its subject
    "Medicines may help slow the progression of Alzheimer's disease.",
    "Hand washing helps you fight off colds.",
    "Treatment of gout and kidney stones",
    # a health page's Title Case heading that advises
    "Prevent Heart Disease",
    "Treat High Blood Pressure",
]


@pytest.mark.parametrize(("sentence", "at", "named"), BAD)
def test_a_thing_sold_as_the_subject_of_a_treating_verb_is_flagged(sentence: str, at: str,
                                                                  named: str) -> None:
    found = [f for f in lint(sentence, "HL5") if f.code == "HL508"]
    assert found, sentence
    assert found[0].column == sentence.index(at) + 1, [(f.column, f.message) for f in found]
    assert named in found[0].message


@pytest.mark.parametrize("sentence", GOOD)
def test_a_look_alike_is_not_flagged(sentence: str) -> None:
    assert [f"{f.code} {f.message}" for f in lint(sentence, "HL5")] == []


@pytest.mark.parametrize(("text", "verb", "subject"), [
    ("garlic can help to lower blood pressure", "lower", "garlic"),
    ("lion's mane is known to protect from dementia", "protect", "lion's mane"),
    ("it has polyphenols, which kill cancer cells", "kill", "polyphenols"),
    ("the oil naturally soothes eczema", "soothes", "the oil"),
])
def test_the_reader_finds_the_subject_over_the_words_between(text: str, verb: str,
                                                             subject: str) -> None:
    reader = load_lexicon().clause
    start = text.index(verb)
    left = text.rfind(",", 0, start) + 1 if "which" in text else 0
    phrase = reader.subject(lower(text), left, start, start + len(verb))
    assert phrase is not None and text[phrase.start:phrase.end] == subject


@pytest.mark.parametrize(("text", "verb"), [
    ("a substance to treat cancer", "treat"),  # a purpose
    ("damage and kill cancer cells", "kill"),  # the first verb's subject
    ("expertise in treating cancer", "treating"),  # not a finite verb
    ("patients are treated with insulin", "treated"),  # passive
])
def test_the_reader_finds_no_subject_where_there_is_none(text: str, verb: str) -> None:
    start = text.index(verb)
    assert load_lexicon().clause.subject(text, 0, start, start + len(verb)) is None
