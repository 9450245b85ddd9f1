"""Disease claims by class of wording (issue 9, kinds 1 and 2): any disease or condition as the
object (data/conditions.txt, MeSH), the treating family in its nominal and adjectival forms,
and the look-alikes that stay quiet.

Every example here is written for this test: the sentences that measure the rules
(tests/data, tools/claims_model) are never copied into tests."""

from __future__ import annotations

import subprocess
import sys

import pytest

from healthlint.rules.conditions import Conditions, key, shipped_names, singulars
from healthlint.text.negation import lower
from tools.build_conditions import EVERYDAY_PHRASES, compact, phrase_key
from tools.build_conditions import singulars as build_singulars

from .test_claims import lint

# (sentence, words the finding starts at, words its message must name)
BAD = [
    # conditions no hand list names: MeSH names, found after the verb
    ("Our balm soothes plantar fasciitis overnight.", "Our balm",
     "Our balm soothes plantar fasciitis"),
    ("This tonic eases restless legs syndrome.", "This tonic",
     "This tonic eases restless legs syndrome"),
    ("Our drops lessen tinnitus and vertigo.", "Our drops", "Our drops lessen tinnitus"),
    ("Our capsules reduce hay fever symptoms.", "Our capsules", "Our capsules reduce hay fever"),
    # the longer name: the list's "arthritis pain", not the hand pattern's "arthritis"
    ("Our balm lessens arthritis pain.", "Our balm", "Our balm lessens arthritis pain"),
    # a name of the list with an ingredient or a brand as the subject
    ("Sophora root lowers LDL.", "Sophora root", "Sophora root lowers LDL"),
    ("Chromium improves insulin resistance.", "Chromium",
     "Chromium improves insulin resistance"),
    # nominal forms with a subject
    ("Our tea is a natural remedy for colds.", "Our tea", "Our tea is a natural remedy for colds"),
    ("Our salve provides fast relief from shingles.", "Our salve",
     "Our salve provides fast relief from shingles"),
    ("Our tea is very effective for treating bronchitis.", "Our tea",
     "Our tea is very effective for treating bronchitis"),
    # "keep ... under control"
    ("Keeps blood sugar under control.", "Keeps", "Keeps blood sugar under control"),
    ("Our tea helps keep cholesterol in check.", "Our tea",
     "Our tea helps keep cholesterol in check"),
    # label copy built on a noun or an adjective of the family
    ("Fast relief from sciatica", "Fast relief", "Fast relief from sciatica"),
    ("Eczema Relief with Dermavex-5", "Eczema", "Eczema Relief with Dermavex-5"),
    ("For improved A1c levels.", "For improved", "For improved A1c levels"),
    ("Beneficial for gout and arthritis.", "Beneficial", "Beneficial for gout"),
    ("To relieve symptoms of an enlarged prostate.", "relieve",
     "relieve symptoms of an enlarged prostate"),
    ("...shrink fibroids", "shrink", "shrink fibroids"),
    # an excerpt that lost its subject: a noun of the family needs no selling word
    ("the prevention of gout and relief of its symptoms", "the prevention",
     "the prevention of gout"),
    # the condition as the subject, the product after it; the negation is the claim
    ("Viruses are no match for our herbal spray.", "Viruses",
     "Viruses are no match for our herbal spray"),
    ("Shingles cannot survive in the presence of oregano oil.", "Shingles",
     "Shingles cannot survive in the presence of oregano oil"),
    # kind 2 in other words, label copy opened by an adverb or a proof, a brand with a hedge
    ("This tea triggers apoptosis in cancer cells.", "This tea",
     "This tea triggers apoptosis in cancer cells"),
    ("Black salve draws out the cancer.", "Black salve", "Black salve draws out the cancer"),
    ("Selectively destroys cancer cells.", "destroys", "destroys cancer cells"),
    ("Naturally lowers blood sugar.", "lowers", "lowers blood sugar"),
    ("MedaVir can reduce cold sores.", "MedaVir", "MedaVir … reduce cold sores"),
    # the family as an adjective of any condition
    ("Powerful infection-fighting properties.", "infection-fighting",
     "infection-fighting properties"),
    ("[A]nti-inflammatory", "[A]nti-inflammatory", "[A]nti-inflammatory"),
    ("This tincture has strong antiviral action against shingles.", "antiviral",
     "antiviral action"),
    # classes of wording read on unseen seller claims (issue 9): a coined name as the subject,
    # hedged or not; the symptoms of a condition; the writer's product as a passive's agent;
    # relief with a promise; "anti-" words as nouns and in lists; kind 2 by a remedy, hedged;
    # "can even"; "known for its ability to", "great for", "shows promise in"
    ("Quorvita can ease gout flare-ups.", "Quorvita", "Quorvita … ease gout"),
    ("Lumexin Colic relieves colic in babies.", "Lumexin", "Lumexin Colic relieves colic"),
    ("Our spray relieves the discomfort caused by seasonal hay fever.", "Our spray",
     "Our spray relieves the discomfort caused by seasonal hay fever"),
    ("Psoriasis can be calmed with this ointment.", "Psoriasis",
     "Psoriasis can be calmed with this ointment"),
    ("Relief from migraines in just 20 minutes.", "Relief", "Relief from migraines"),
    ("Garlic acts as a powerful antibacterial.", "as a", "as a powerful antibacterial"),
    ("An antifungal, antiviral and anti-inflammatory tonic.", "antifungal",
     "antifungal, antiviral and anti-inflammatory tonic"),
    ("Soursop may starve tumours.", "Soursop", "Soursop … starve tumours"),
    ("Magnesium can even reverse type 2 diabetes.", "Magnesium",
     "Magnesium … reverse type 2 diabetes"),
    ("Moringa is prized for its ability to lower blood sugar.", "Moringa",
     "Moringa … prized for its ability to lower blood sugar"),
    ("This tonic is great for gout sufferers.", "This tonic",
     "This tonic is great for gout"),
    ("Use Quorvita to relieve sciatica.", "Quorvita", "Use Quorvita to relieve sciatica"),
    ("Take our drops daily to lower blood pressure.", "our drops",
     "Take our drops daily to lower blood pressure"),
    ("Our elixir is showing great promise in treating shingles.", "Our elixir",
     "Our elixir … showing great promise in treating shingles"),
]

GOOD = [
    # a purpose, not what the subject does
    "Products used to treat head lice are sold in pharmacies.",
    "Use calamine lotion to ease itching.",
    "Drink plenty of fluids to prevent dehydration.",
    "To help with a sore throat you can take paracetamol.",
    "Talk to your doctor about ways to keep your blood pressure under control.",
    # a medicine, a procedure, a behaviour or the body as the subject
    "Antihistamine tablets or nasal sprays can ease hay fever symptoms.",
    "Exercise keeps blood sugar under control.",
    "Eating less salt lowers blood pressure.",
    "Using a saline spray can help relieve a stuffy nose.",
    "NSAIDs have anti-inflammatory effects.",
    "Antifungal agents do not help people with allergic aspergillosis.",
    "Physiotherapy is helpful for people with plantar fasciitis.",
    # a health page's own headings and topics
    "Cancer prevention",
    "Natural remedies for eczema",
    "Treatment of gout",
    "Pain relief with paracetamol",
    "For lower blood pressure, eat less salt.",
    # hedged, negated, attributed or asked
    "Soluble fiber can lower LDL cholesterol.",
    "There is no cure for tinnitus, and no supplement prevents it.",
    "Does turmeric ease arthritis pain?",
    "Researchers found that ginger may ease nausea in pregnancy.",
    "The prevention of gout starts with diet.",
    "Germs are no match for soap and water.",
    "The flu virus cannot survive with regular handwashing.",
    "Chemotherapy induces apoptosis in cancer cells.",
    "Usually treats the infection without scarring.",
    # everyday words MeSH files under a condition
    "Our cream reduces strain on your budget.",
    "This drink burns fat and combined with exercise builds muscle.",
    "Crime-fighting properties are not a health claim.",
    # look-alikes of the classes above: a medicine's name (brand names are in the UNII list),
    # a class of medicines, creams in general, a generic agent, a page's heading, a medicine
    # as an "anti-" noun, research reports, a medicine killing cancer cells, care that shortens
    # a cold, a behaviour that is good for a condition, a medicine for symptoms
    "Lipitor lowers LDL cholesterol.",
    "Statins and fibrates lower cholesterol. Fibrates lower triglycerides.",
    "Psoriasis can be calmed with creams and ointments.",
    "Acne is best treated with this approach: see a dermatologist.",
    "Relief from constipation",
    "Naproxen is a powerful anti-inflammatory.",
    "In laboratory studies, soursop extracts killed cancer cells.",
    "Radiotherapy can shrink tumours.",
    "Rest and fluids may shorten a cold.",
    "Swimming is great for people with arthritis.",
    "Paracetamol relieves the symptoms of flu.",
    "Take paracetamol to relieve pain.",
    "Use this method to prevent infection.",
    "Take these steps to lower your blood pressure.",
]


@pytest.mark.parametrize(("sentence", "at", "named"), BAD)
def test_disease_claims_by_class_are_flagged_with_their_frame(sentence: str, at: str,
                                                              named: str) -> None:
    found = [f for f in lint(sentence, "HL508")]
    assert len(found) == 1, [f.message for f in found]
    assert found[0].column == sentence.index(at) + 1, (found[0].column, found[0].message)
    assert f"“{named}" in found[0].message, found[0].message


@pytest.mark.parametrize("sentence", GOOD)
def test_look_alikes_are_not_flagged(sentence: str) -> None:
    assert [f.message for f in lint(sentence, "HL508")] == []


def test_a_name_is_looked_up_longest_first_within_the_gap() -> None:
    conditions = Conditions(["cancer cells"], ["risk", "which"])
    low = lower("helps ease the symptoms of chronic kidney disease today")
    start = low.index("the")
    assert low[slice(*conditions.after(low, start, len(low)))] == "chronic kidney disease"
    # the reader's risk ends the look-up; so does a full stop
    risk = "the risk of kidney disease"
    assert conditions.after(risk, 0, len(risk)) is None
    stop = "the skin. kidney disease"
    assert conditions.after(stop, 0, len(stop)) is None
    # a plural and an apostrophe's "s" are read as the list holds them
    plural = "kidney stones and crohn's disease"
    assert plural[slice(*conditions.after(plural, 0, len(plural)))] == "kidney stones"
    assert conditions.within(plural, 14, len(plural)) == (18, len(plural))


def test_the_shipped_names_are_keys_without_everyday_words_or_plurals_of_kept_names() -> None:
    names = shipped_names()
    assert len(names) > 20_000
    assert all(n in names for n in ("hypertension", "plantar fasciitis", "herpes labialis",
                                     "tinnitus"))
    assert not any(phrase in names for phrase in EVERYDAY_PHRASES)
    listed = list(names)
    assert listed == sorted(set(listed))  # sorted, once each: looked up by halving
    assert all(n == key(n) for n in listed[:2000])
    assert all(n in names for n in listed[::97]) and "" not in names and "zzzz" not in names
    assert "kidney stone" in names and "kidney stones" not in names
    assert key("Alzheimer's disease") == "alzheimer disease" == phrase_key("Alzheimer’s Disease")
    assert "allergy" in singulars("allergies") and "virus" in singulars("viruses")


def test_the_build_keeps_singulars_and_drops_everyday_entries() -> None:
    names = {"kidney stone", "kidney stones", "allergies", "allergy", "shock", "burns",
             "hay fever"}
    assert compact(names) == ["allergy", "hay fever", "kidney stone"]
    # a key's last word loses its plural ending; "abscess" and "psoriasis" have none
    assert "kidney stone" in build_singulars("kidney stones")
    assert "food allergy" in build_singulars("food allergies")
    assert build_singulars("lung abscess") == () == build_singulars("psoriasis")


def test_the_names_are_read_when_first_looked_up_not_at_import() -> None:
    code = ("import healthlint.rules.claims as c, healthlint.rules.conditions as n;"
            "assert n.shipped_names.cache_info().currsize == 0;"
            "c.load_lexicon();"
            "assert n.shipped_names.cache_info().currsize == 0;"
            "from healthlint.engine.runner import lint_text;"
            "lint_text('Our drops ease restless legs syndrome.\\n', 'a.md');"
            "assert n.shipped_names.cache_info().currsize == 1")
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- a coined name is a brand until the project's word list confirms it --------------------
def _brand_findings(tmp_path, table):
    from healthlint.config import Config
    from healthlint.engine.runner import lint_text

    config = Config.from_table({"select": ["HL508"], **table}, tmp_path, None)
    text = ("# Athlete's foot\n\nDaktarin treats athlete's foot.\n\n"
            "Velmorix treats athlete's foot.\n")
    return [f for f in lint_text(text, str(tmp_path / "a.md"), config) if f.code == "HL508"]


def test_a_name_no_dictionary_holds_is_read_as_a_brand(tmp_path) -> None:
    found = _brand_findings(tmp_path, {})
    assert [f.line for f in found] == [3, 5]
    assert "add it to the project's word list" in found[0].message


@pytest.mark.parametrize("spelling", [
    {"words": ["Daktarin"]},
    {"wordlists": ["words.txt"]},
])
def test_a_name_in_the_project_word_lists_is_not_a_coined_brand(tmp_path, spelling) -> None:
    (tmp_path / "words.txt").write_text("# medicines' brands\ndaktarin\n", "utf-8")
    found = _brand_findings(tmp_path, {"spelling": spelling})
    assert [f.line for f in found] == [5]  # the coined name the list does not hold


def test_a_licensed_medicine_s_brand_in_the_medical_vocabulary_is_not_coined() -> None:
    """Brands of licensed medicines (MedlinePlus or NHS medicines pages) ship in the medical
    vocabulary; a coined name never does."""
    text = "# Heartburn\n\nGaviscon relieves heartburn.\n\nVelmorix relieves heartburn.\n"
    assert [f.line for f in lint(text, "HL508")] == [5]


@pytest.mark.parametrize("sentence", [
    "Lyrica relieves nerve pain.",  # the licensed list, though spelling does not know it
    "Both Tylenol and Advil relieve headaches.",
    "Zyrtec and Claritin treat hay fever.",
    "Many people find that Gaviscon relieves heartburn.",
    "Case reports have shown that Zovirax can heal cold sores.",
])
def test_a_licensed_medicine_s_name_is_not_a_claimant(sentence: str) -> None:
    assert not lint(f"# Medicines\n\n{sentence}\n", "HL5")


@pytest.mark.parametrize("sentence", [
    "Velmorix relieves headaches as fast as Advil.",
    "Many buy Coral Calcium, which cures cancer.",
    "Case reports have shown that Ioniplex can heal cold sores.",
])
def test_a_name_beside_a_medicine_s_is_still_judged(sentence: str) -> None:
    assert lint(f"# Remedies\n\n{sentence}\n", "HL5")


def test_an_unreadable_word_list_adds_no_names(tmp_path) -> None:
    found = _brand_findings(tmp_path, {"spelling": {"wordlists": ["missing.txt"]}})
    assert [f.line for f in found] == [3, 5]
