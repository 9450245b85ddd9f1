"""Banned absolute claims (HL5xx): bad sentences are flagged at the right place, good ones not."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.config import Config, ConfigError
from healthlint.core.findings import REGISTRY
from healthlint.rules.claims import MAX_CANDIDATES, load_lexicon
from healthlint.text.phrases import phrase_pattern
from tests.conftest import lint
from tests.rules.claims_kinds import EDITORIAL, KINDS_BAD, KINDS_GOOD

# (sentence, code, the text the finding must start at)
BAD = [
    ("Our herbal tea cures type 2 diabetes.", "HL501", "cures"),
    ("This oil cured my arthritis in two weeks.", "HL501", "cured"),
    ("Herbal bitters can cure liver disease.", "HL501", "cure"),
    ("The drops are a natural cure for cataracts.", "HL501", "cure"),
    ("Our programme reverses type 2 diabetes for good.", "HL501", "reverses"),
    ("Guaranteed to lower your blood pressure.", "HL502", "Guaranteed"),
    ("The patch is 100% effective against cravings.", "HL502", "100% effective"),
    ("This method works for everyone.", "HL502", "works for everyone"),
    ("A remedy that never fails.", "HL502", "never fails"),
    ("Enjoy permanent results after one session.", "HL502", "permanent results"),
    ("The spray kills 99.9% of germs on contact.", "HL502", "kills 99.9%"),
    ("The capsules are completely safe.", "HL503", "completely safe"),
    ("Our pills have no side effects.", "HL503", "no side effects"),
    ("A risk-free way to lose weight.", "HL503", "risk-free"),
    ("It is all natural, so it is safe for children.", "HL503", "all natural, so it is safe"),
    ("Our herbal drops are harmless.", "HL503", "harmless"),
    ("Clinically proven to support healthy joints.", "HL504", "Clinically proven"),
    ("The formula is scientifically proven.", "HL504", "scientifically proven"),
    ("Studies show that the gummies help you sleep.", "HL504", "Studies show"),
    ("Tests prove it works: 40 percent more effective than aspirin.", "HL504",
     "40 percent more effective"),
    ("A miracle for tired joints.", "HL505", "miracle"),
    ("A breakthrough in hair regrowth.", "HL505", "breakthrough"),
    ("Made to a secret formula from the mountains.", "HL505", "secret formula"),
    ("Turmeric is the cure-all your kitchen needs.", "HL505", "cure-all"),
    ("Act now while this offer lasts.", "HL506", "Act now"),
    ("Protect your heart before it's too late.", "HL506", "before it's too late"),
    ("A limited-time offer for new customers.", "HL506", "limited-time offer"),
    ("Start a 3-day detox this weekend.", "HL507", "detox"),
    ("The juice helps flush toxins from the liver.", "HL507", "flush toxins"),
    ("Boost your immune system with zinc gummies.", "HL507", "Boost your immune system"),
    ("Green powders alkalise the blood.", "HL507", "alkalise"),
    ("A colon cleanse resets your gut.", "HL507", "colon cleanse"),
    ("Shrinks benign and malignant tumours.", "HL508", "Shrinks"),
    ("Eliminates eczema and psoriasis in days.", "HL508", "Eliminates"),
    ("Treats all forms of arthritis.", "HL508", "Treats"),
    ("Silver water kills coronaviruses.", "HL508", "kills"),
    ("After a week, acne disappears.", "HL508", "acne disappears"),
    ("Our essential oil blend protects against COVID-19.", "HL508", "Our essential oil"),
    ("This cream helps remove warts overnight.", "HL508", "helps remove warts"),
    ("The herbs in this formula have anti-tumour properties.", "HL508", "have anti-tumour"),
    ("Anticancer and antiviral effects, from a single capsule.", "HL508", "Anticancer"),
    ("Avoid painful surgery and toxic chemotherapy.", "HL510", "Avoid painful surgery"),
    ("Stop taking insulin with our programme.", "HL510", "Stop taking insulin"),
    ("Cancer is curable with our programme.", "HL501", "curable"),
    ("This tea eliminates toxins from your gut.", "HL507", "eliminates toxins"),
    ("Doctors don't want you to know about this tonic.", "HL505", "Doctors don't want"),
    ("Say goodbye to back pain for good.", "HL502", "Say goodbye"),
    ("Never suffer from cold sores again.", "HL502", "Never suffer"),
    ("Nothing works like our formula, which cures gout.", "HL501", "cures"),
    ("No more pain: our balm heals arthritis.", "HL501", "heals arthritis"),
    ("According to our research, the tonic cures arthritis.", "HL501", "cures"),
    # issue 9: advice against treatment, risky remedies, the subject x verb x object frame
    ("Throw away your inhaler.", "HL510", "Throw away"),
    ("A natural substitute for your antidepressants.", "HL510", "natural substitute"),
    ("Drink a few drops of chlorine dioxide every morning.", "HL511", "Drink"),
    # the learned second opinion (tests/rules/test_claims_model.py)
    ("Experience the power of our herbal formula for healthy blood pressure and circulation.",
     "HL512", "Experience"),
    ("Bitter melon capsules bring down triglycerides.", "HL508", "Bitter melon"),
    ("This tincture wipes out shingles.", "HL508", "This tincture"),
    ("It works without fail.", "HL502", "without fail"),
    ("After two weeks my joint pain was gone.", "HL508", "my joint pain"),
    # label copy that opens with a modal: the product is the missing subject, the hedge no excuse
    ("May help prevent shingles flare-ups.", "HL508", "May help prevent"),
    ("Can effectively treat psoriasis in two weeks.", "HL508", "Can effectively treat"),
    # a base form that only a product can do to a disease
    ("Destroy fungal infections from the inside out.", "HL508", "Destroy"),
    ("Neutralise flu viruses before they take hold.", "HL508", "Neutralise"),
    # a pronoun that points back to a product in the sentence before
    ("Try our herbal tonic. It can kill the flu virus in hours.", "HL508", "It"),
    ("Colloidal silver sprays are sold online. They may destroy viruses on contact.", "HL508",
     "They"),
    # implied protection in a product's voice
    ("Keep our herbal syrup at home and you have no reason to worry about flu season.",
     "HL508", "no reason to worry"),
    ("Take this supplement daily and there is no need to be afraid of shingles.", "HL508",
     "no need to be afraid"),
    # uncited research about a product and a disease, whatever it is said to show
    ("Clinical trials showed that herpes outbreaks were shorter with our lysine formula.",
     "HL504", "Clinical trials showed"),
    ("Research shows that arthritis sufferers who drink this herbal tea have less stiffness.",
     "HL504", "Research shows"),
    ("As featured in peer-reviewed journals, our capsules support joint health.", "HL504",
     "featured in peer-reviewed"),
    ("Recognised by clinical research as the leading sleep aid.", "HL504", "Recognised by"),
    # a vitamin, mineral or herb against COVID-19: hedged or not
    ("Zinc lozenges may help stop COVID-19 from taking hold.", "HL508", "stop COVID-19"),
    ("Doctors say vitamin D could protect you from coronavirus.", "HL508", "protect you"),
    # fever, a sign of infection, is a disease claim's target too
    ("Our ginger tea helps clear a fever overnight.", "HL508", "Our ginger tea"),
    ("Herbal drops that reduce fever in toddlers.", "HL508", "Herbal drops"),
    # testimonials: a story of use over time and a change in a disease or a marker of one
    ("Since I started taking the capsules, my blood pressure has dropped to normal.", "HL508",
     "Since I started taking"),
    ("My husband has been using the balm for three weeks and his psoriasis has cleared.",
     "HL508", "My husband has been using"),
    # label and heading copy that names a condition as the product's use
    ("FOR ERECTILE DYSFUNCTION", "HL508", "FOR"),
    ("For Joint Pain And Inflammation", "HL508", "For"),
    ("Indications: Relieves urinary problems and cystitis.", "HL508", "Relieves"),
    ("The most common indication for Moringa Gold is arthritis.", "HL508", "most common"),
    ("Benefits of Glucozen: Lowers blood sugar and HbA1c.", "HL508", "Lowers"),
    # unapproved therapies (services and biologics, not licensed medicines) as the subject
    ("Many sports injuries can be treated with stem cells.", "HL508", "treated with"),
    ("Exosome therapy is getting great results for knee pain.", "HL508", "Exosome therapy"),
    ("Stem cell injections repair damaged cartilage.", "HL508", "Stem cell injections"),
    ("Umbilical cord allografts reduce inflammation in arthritic joints.", "HL508",
     "Umbilical cord"),
    ("Try our nasal spray. Its antiviral properties help protect against infections.",
     "HL508", "Its"),
    ("Its antiviral and antimicrobial properties help protect against infections.", "HL508",
     "Its"),
    ("We offer exosome therapy for patients who have knee pain.", "HL508", "exosome therapy"),
    ("Cord blood has been used for conditions such as arthritis and autism.", "HL508",
     "Cord blood"),
    ("It's the best way to reduce acne, melasma and rosacea.", "HL508", "It's"),
    # uncited proof for a brand, an unapproved therapy or the writer's own product
    ("Case reports have shown that Glucozen can help control blood sugar.", "HL504",
     "Case reports"),
    ("In studies, Slimtide has led to up to 20% weight loss.", "HL504", "In studies"),
    ("Research has shown that exosomes can reduce inflammation.", "HL504", "Research"),
    ("Stem cell therapy has also been shown to improve arthritis.", "HL504", "Stem cell"),
    ("Early trials suggest that Leanatide may result in 24% weight loss.", "HL504", "Early"),
    ("From our experience, there are benefits being shown for autism and diabetes.", "HL504",
     "our experience"),
    # safety and efficacy boasts in a product's or service's voice
    ("Our spray safely and effectively improves your natural defences.", "HL503",
     "safely and effectively"),
    ("Choose your most cost effective and safe option for joint care.", "HL503", "your most"),
    ("All of this makes it very effective for these conditions.", "HL503", "very effective"),
    ("This cream is a safe and affordable option for dry skin.", "HL503", "a safe and"),
    # label copy: a fragment that opens with a treating verb, the product its missing subject
    ("Brings down triglycerides.", "HL508", "Brings"),
    ("Helps with rosacea flare-ups", "HL508", "Helps"),
    ("Relieves … joint pain", "HL508", "Relieves"),
    ("Helps to lower blood pressure.", "HL508", "Helps"),
    ("Banish psoriasis", "HL508", "Banish"),
    ("Lower cholesterol in just 3 weeks!", "HL508", "Lower"),
    # a product named for the condition it is sold against
    ("The all-natural gout remedy", "HL508", "all-natural"),
    ("Shingles Eliminator Plus", "HL508", "Shingles"),
    ("[R]elieves gout pain", "HL508", "[R]elieves"),
    ("Stops rosacea flare-ups and calms itching", "HL508", "Stops"),
    # a brand (a capital inside the name, a trademark sign, a digit) as the subject
    ("FlexiJoint naturally relieves arthritis pain.", "HL508", "FlexiJoint"),
    ("Gutsoothe™ calms IBS flare-ups.", "HL508", "Gutsoothe"),
    ("Derma-7 clears psoriasis.", "HL508", "Derma-7"),
    # a label that names a use, with a condition after it
    ("Main uses: gout, kidney stones", "HL508", "gout"),
    ("Benefit: for the relief of nagging arthritis", "HL508", "for the"),
    # a first-person recovery worded as a negation or a count of uses
    ("Three jars later I can honestly say I no longer have rosacea.", "HL508", "I can"),
    ("This balm has done wonders for my knees.", "HL508", "has done"),
    ("My skin tag dropped off after the fourth application.", "HL508", "dropped off"),
    # speed promised as efficacy
    ("Gentle on the stomach and works fast.", "HL503", "works fast"),
    ("Our lozenge works in as little as 10 minutes.", "HL503", "works in"),
    ("The fast-acting solution for aching joints.", "HL503", "fast-acting"),
    # more possible claims in one sentence than are examined: the rest is reported, not searched
    ("There is " + "no cure and " * MAX_CANDIDATES + "no cure for that.", "HL509",
     "cure for that"),
]

GOOD = [
    # negated
    "There is no cure for hay fever, but treatment helps.",
    "Antibiotics do not cure colds.",
    "No single treatment works for everyone.",
    "There is no evidence that detox diets flush toxins.",
    "The FDA has not approved the tea as a treatment for cancer.",
    "That this tea cures cancer has not been proven.",
    "The benefits of rhythm control have not been proven.",
    # hedged
    "Surgery usually cures carpal tunnel syndrome.",
    "Radiotherapy can cure some cancers.",
    "Hepatitis C is often curable with tablets.",
    "In some people, these medicines cure the infection.",
    "Heat rash is usually harmless.",
    "Studies have shown that yoga may ease back pain.",
    # about a medical intervention, stated accurately
    "A stem cell transplant is the only cure for sickle cell disease.",
    "Surgery to remove the colon eliminates the risk of colon cancer.",
    "Chemotherapy kills cancer cells.",
    "Antibiotics kill bacteria or stop them growing.",
    "Vaccines protect against severe COVID-19.",
    "Treatment vaccines, which work against cancer, train the immune system.",
    # medical terms that look like hype or pseudo-science
    "Breakthrough bleeding is common in the first months of the pill.",
    "Breakthrough infections can happen after vaccination.",
    "Alcohol detox should be medically supervised.",
    "Bowel cleansing before a colonoscopy takes a day.",
    "Immunotherapy works by boosting the immune system's response to cancer cells.",
    "Allergen shots slowly build up your immunity to pollen.",
    "Call 999 before it is too late if someone has stroke symptoms.",
    "Act now and call 999 if the face droops.",
    # a condition, not a product, is harmless
    "Bacterial vaginosis is harmless and easily treated.",
    "An ECG is painless and harmless.",
    # reported, quoted, mentioned
    "The theory is that coffee enemas remove toxins and boost the immune system.",
    'The seller\'s site called it "a miracle cure" for arthritis.',
    "Some people think that no side effects means the treatment is not working.",
    "Be wary of products that promise a miracle.",
    # findings reported from a trial, and studies already described
    "All four trials showed no side effects.",
    "These studies showed that the diet lowers blood pressure.",
    "Research shows that lack of sleep raises the risk of obesity.",
    # cited evidence
    "Studies show that the vaccine prevents shingles [1].",
    "Clinically proven to lower cholesterol (Smith et al., 2020).",
    # a person's purpose, not a product's power; creams that are medicines
    "Tell your doctor about any supplements you take to treat cancer.",
    "Some people take herbs to treat their arthritis.",
    "Hydrocortisone cream treats eczema flare-ups.",
    "Hepatitis C is curable.",
    "You may be able to avoid surgery with physiotherapy.",
    "Do not stop taking insulin without advice.",
    "Detox units help people stop drinking safely.",
    "The liver removes toxins from the blood.",
    # food and figures of speech
    "Cured meats are high in salt.",
    "Permethrin kills live lice but not eggs.",
    # a question, a verb that is not a disease claim, a list item whose lead-in is the subject
    "Can treating eczema early prevent asthma?",
    "May cause drowsiness in people with asthma.",
    "Statins:\n\n- May reduce the risk of a heart attack\n",
    "Antiviral medicines:\n\n- may prevent flu in people at high risk\n",
    "Radiotherapy may be used to:\n\n- Shrink a tumour before surgery\n",
    "- kill cancer cells left behind after surgery\n",  # continues a sentence before the list
    "| Medicine | Effect |\n| --- | --- |\n| Tamoxifen | May shrink breast tumours |\n",
    "Block out time for exercise to manage diabetes.",
    # a pronoun after a product, in a sentence that makes no claim for it
    "Tell your doctor if you take herbal remedies. They can stop HIV medicines from working.",
    "Herbal teas are popular in winter. They cannot cure the flu.",
    "Keep herbal remedies away from children. It takes days for the immune system to destroy "
    "the virus.",
    "Herbal remedies are no substitute for medicine. It is antibiotics that kill bacterial "
    "infections.",
    # reassurance that is not a product's
    "There is no need to worry about catching flu from the vaccine itself.",
    "Herbal teas are fine to drink; there is no need to worry about them.",
    # research about a product and a disease, cited or negated; research without a product
    "Studies show that our lysine formula shortens herpes outbreaks [1].",
    "No studies show that herbal remedies help with shingles.",
    "Research shows that people with eczema often have hay fever too.",
    "Our findings were featured in peer-reviewed journals (Smith et al., 2020).",
    "The trial was reported in a medical journal.",
    # COVID-19 and a vitamin, negated or beside a vaccine or medicine
    "There is no evidence that vitamin D protects against COVID-19.",
    "Vaccines can protect you from COVID-19, and vitamin D keeps bones healthy.",
    "Antiviral medicines can help stop COVID-19 getting worse in people who take vitamin D.",
    # fever, not of a product
    "Paracetamol can help bring down a fever.",
    "Herbal teas will not clear a fever.",
    "Hay fever usually disappears by the autumn.",
    # stories that are advice, about a medicine, or negated
    "If you have been taking steroids for more than 3 weeks and your asthma has improved, "
    "do not stop them suddenly.",
    "She has been taking insulin for two years and her diabetes is under control.",
    "I have not noticed any change in my eczema since I started using the cream.",
    # a heading in sentence case over treatment advice; a medicine's or procedure's indication
    "### For outer ear infections\n",
    "The main indication for surgery is a blocked artery.",
    "Indications: your doctor will explain when this medicine is used.",
    # stem cells as biology or as a licensed transplant
    "A stem cell transplant can treat some leukaemias.",
    "Stem cells from a donor grow into healthy blood cells after chemotherapy.",
    "A stem cell transplant for leukaemia replaces the blood-forming cells.",
    "Exosome therapy for knee pain may be studied in future trials.",
    "The best way to prevent flu is to get the flu vaccine every year.",
    "Its anti-inflammatory properties are being studied, but there is no proof it helps.",
    # research about a treatment, a licensed medicine, or a remedy reported by a study
    "Studies show that treating PV greatly improves your chances of living longer.",
    "ACE inhibitors and ARBs have proven effective in slowing kidney disease.",
    "Trials found that acupuncture may ease nausea after chemotherapy.",
    "Antihistamines such as Atarax have been found to ease itching.",
    "In a 2019 study of older adults, Tai Chi was found to reduce falls.",
    "No studies have shown that Glucozen lowers blood sugar.",
    # safety and efficacy of a medicine or vaccine, hedged, or not in a product's voice
    "Vaccines safely and effectively prevent serious illness.",
    "Antibiotics are very effective for these infections.",
    "Walking is a safe and effective way to stay active.",
    "For most people, this treatment may be very effective for these conditions.",
    # editorial statements of issue 9: a medicine, procedure or vaccine, or the disease itself
    *EDITORIAL,
    # look-alikes of label copy: advice to the reader, the reader's risk, structure/function
    # wording, a heading that names a topic, and a remedy named inside a sentence
    "Lower your blood pressure by walking every day.",
    "Treat a minor burn with cool running water.",
    "Prevent infections by washing your hands.",
    "Reduces the risk of heart disease.",
    "Supports healthy blood sugar levels.",
    "Lowers HDL cholesterol",
    "Natural remedies for eczema",
    "Treating eczema",
    "Herbal gout remedies are popular, but the evidence for them is weak.",
    "Does it lower cholesterol?",
    # look-alikes of a recovery and of speed: a patient's story of treatment, someone else's
    # state, a question, an onset stated plainly, a medicine's speed
    "After the operation I no longer have hip pain.",
    "Since my new inhaler I no longer have night-time asthma attacks.",
    "My neighbour no longer has gout.",
    "Will I no longer have migraines after the menopause?",
    "Most antacids work within minutes of a dose.",
    "Most laxatives work within 3 days.",
    "Fast-acting insulin is taken just before a meal.",
    "Your kidneys work quickly to clear the extra salt.",
    # a label of uses or benefits that names no condition, or names a medicine
    "Benefits: more energy and better sleep.",
    # look-alikes of a brand: a disease, a cell, a nutrient, a marker, a hedge, a report
    "COVID-19 attacks the lungs first.",
    "CD4 cells fight infections.",
    "Omega-3 lowers triglycerides in some people.",
    "HbA1c shows blood sugar control over three months.",
    "FlexiJoint may relieve arthritis pain, a small trial found.",
    "Uses: ibuprofen eases pain and inflammation.",
]


@pytest.mark.parametrize(("sentence", "code", "at"), BAD + KINDS_BAD)
def test_bad_sentence_is_flagged_at_the_phrase(sentence: str, code: str, at: str) -> None:
    found = lint(sentence, "HL5")
    assert {f.code for f in found} == {code}, [f"{f.code} {f.message}" for f in found]
    assert any(f.column == sentence.index(at) + 1 and f.line == 1 for f in found), \
        [(f.code, f.column) for f in found]


@pytest.mark.parametrize("sentence", GOOD + KINDS_GOOD)
def test_good_sentence_is_not_flagged(sentence: str) -> None:
    assert [f"{f.code} {f.message}" for f in lint(sentence, "HL5")] == []


def test_every_claims_rule_has_bad_examples() -> None:
    codes = {code for code in REGISTRY if code.startswith("HL5")}
    assert codes == {code for _, code, _ in BAD}


def test_messages_name_the_phrase_and_suggest_a_rewrite() -> None:
    [finding] = lint("Our herbal tea cures type 2 diabetes.", "HL5")
    assert "“cures”" in finding.message
    assert finding.suggestion and "evidence" in finding.suggestion
    assert finding.severity.name == "ERROR"
    [hype] = lint("A miracle for tired joints.", "HL5")
    assert hype.severity.name == "WARNING"


def test_a_testimonial_is_named_as_one() -> None:
    [finding] = lint("She has been taking our tonic for a few weeks and her eczema is gone.", "HL5")
    assert finding.code == "HL508" and "testimonial" in finding.message
    assert finding.suggestion and "evidence" in finding.suggestion


def test_a_pronoun_takes_the_product_only_from_its_own_paragraph() -> None:
    text = "Try our herbal tonic. It can kill the flu virus in hours.\n"
    assert [f.code for f in lint(text, "HL5")] == ["HL508"]
    text = "Try our herbal tonic.\n\nIt can kill the flu virus in hours.\n"
    assert lint(text, "HL5") == []


def test_finding_covers_the_phrase_in_the_source() -> None:
    text = "# Title\n\nSome text. Our tea is **clinically proven** to work.\n"
    [finding] = lint(text, "HL5")
    line = text.splitlines()[2]
    assert (finding.line, finding.column) == (3, line.index("clinically") + 1)
    assert finding.end_column == line.index("proven") + len("proven") + 1


# ---- context beyond the sentence ---------------------------------------------------------
def test_a_list_lead_in_hedges_its_items() -> None:
    text = "Depending on the cancer, chemotherapy can:\n\n- cure your cancer\n- shrink tumours\n"
    assert lint(text, "HL5") == []


def test_label_copy_under_a_lead_in_takes_its_subject_from_it() -> None:
    text = "Regular exercise can:\n\n- Lower blood pressure in just weeks\n- Ease joint pain\n"
    assert lint(text, "HL5") == []
    sold = "Our capsules:\n\n- Lower blood pressure in just weeks\n"
    assert [f.code for f in lint(sold, "HL5")] == ["HL508"]


def test_label_copy_names_the_frame_it_matched() -> None:
    [finding] = lint("Relieves … arthritis pain", "HL5")
    assert "“Relieves ... arthritis" in finding.message  # the folded text: "…" reads "..."
    assert "missing subject of this label copy" in finding.message


def test_a_list_lead_in_that_negates() -> None:
    text = ("There is no proof that these diets cure cancer, but you may hear about:\n\n"
            "- an alkaline diet\n- a detox diet\n")
    assert [f.code for f in lint(text, "HL5")] == ["HL507", "HL507"]
    text = "There is no proof that these diets can cure cancer or that you may need:\n\n- a detox\n"
    assert lint(text, "HL5") == []


def test_a_list_of_red_flags_is_a_mention() -> None:
    text = "Recognise the red flags such as:\n\n- Miracle cure\n- Secret ingredient\n- Quick fix\n"
    assert lint(text, "HL5") == []


def test_a_myths_section_is_a_mention() -> None:
    text = "# Your liver\n\n## Common myths\n\nDetox teas flush toxins from the liver.\n"
    assert lint(text, "HL5") == []
    text = "# Your liver\n\n## What to buy\n\nDetox teas flush toxins from the liver.\n"
    assert [f.code for f in lint(text, "HL5")] == ["HL507", "HL507"]


def test_an_faq_question_about_a_theory_is_a_heading() -> None:
    text = ("Intro text.\n\n1. What is the theory behind the claim?\n\n"
            "Coffee enemas are used to flush toxins.\n\nAnother paragraph.\n")
    assert lint(text, "HL5") == []


def test_a_blockquote_introduced_as_a_quotation() -> None:
    text = "The warning letter quoted the website:\n\n> Our tonic cures arthritis.\n"
    assert lint(text, "HL5") == []
    text = "> Our tonic cures arthritis.\n>\n> — the seller's website\n"
    assert lint(text, "HL5") == []
    text = "Try this:\n\nThen this.\n\n> Our tonic cures arthritis.\n"
    assert [f.code for f in lint(text, "HL5")] == ["HL501"]


def test_a_label_names_a_thing() -> None:
    assert lint("- Detoxification: enemas given to remove waste.\n", "HL5") == []


@pytest.mark.parametrize("text", [
    "Studies show that the gummies help you sleep ([trial](https://example.org/trial)).\n",
    "Studies show that the gummies help you sleep.[^1]\n\n[^1]: A trial, 2024.\n",
    "Studies show that the gummies help you sleep. See [the trial](https://example.org).\n",
])
def test_a_citation_in_the_paragraph_supports_evidence(text: str) -> None:
    assert lint(text, "HL5") == []


def test_a_citation_in_another_paragraph_does_not() -> None:
    text = "Studies show the gummies help you sleep.\n\nSee [a trial](https://example.org).\n"
    assert [f.code for f in lint(text, "HL5")] == ["HL504"]


def test_quoted_words_are_not_flagged_but_the_rest_is() -> None:
    text = 'Removing the colon "cures" colitis, while our tea cures gout.'
    found = lint(text, "HL5")
    assert [(f.code, f.column) for f in found] == [("HL501", text.rindex("cures") + 1)]


# ---- configuration ---------------------------------------------------------------------
def test_config_extends_a_category_by_key_code_or_name() -> None:
    for key in ("hype", "HL505", "hype"):
        table = {"claims": {"extra": {key: ["wonder berry", "super-food"]}}}
        found = lint("Eat this wonder berry, a super food.", "HL5", table)
        assert [f.code for f in found] == ["HL505", "HL505"]


def test_config_allow_trims_the_lexicon() -> None:
    table = {"claims": {"allow": ["miracle berry", "detox"]}}
    assert lint("Miracle berry tablets and a detox tea.", "HL5", table) == []
    assert [f.code for f in lint("A miracle tea.", "HL5", table)] == ["HL505"]


def test_unknown_category_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown category 'nonsense'"):
        lint("Text.", "HL5", {"claims": {"extra": {"nonsense": ["x"]}}})


def test_bad_phrase_list_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="non-empty phrases"):
        lint("Text.", "HL5", {"claims": {"extra": {"hype": [""]}}})
    with pytest.raises(ConfigError):
        Config.from_table({"claims": {"extra": ["hype"]}}, Path.cwd(), None)
    with pytest.raises(ConfigError):
        Config.from_table({"claims": {"alow": ["x"]}}, Path.cwd(), None)


def test_phrase_pattern_ignores_spacing_and_hyphens() -> None:
    import re
    pattern = re.compile(phrase_pattern("Cure-All  Tonic"))
    assert pattern.search("a cure all tonic") and pattern.search("a cure-all tonic")
    assert not pattern.search("a cure-allx tonic")


def test_lexicon_is_loaded_once() -> None:
    assert load_lexicon() is load_lexicon()


def test_data_patterns_are_lower_case() -> None:
    """Patterns run on lower-cased text: an upper-case letter could never match."""
    import re
    import tomllib
    from importlib import resources

    for name in ("claims.toml", "stigma.toml"):
        text = resources.files("healthlint").joinpath(f"data/{name}").read_text("utf-8")
        for line in text.splitlines():
            if line.lstrip().startswith("#") or "'" not in line:
                continue
            for literal in re.findall(r"'([^']*)'", line):
                assert not re.search(r"[A-Z]", re.sub(r"\\.", "", literal)), (name, literal)
        tomllib.loads(text)


def test_evaluate_script_measures_a_small_corpus(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from tools.evaluate import main

    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "a.md").write_text(
        "---\ntitle: Colds\n---\n\n# Colds\n\nThere is no cure for a cold. Rest helps.\n"
        "Our tonic is a miracle.\n", encoding="utf-8")
    (tmp_path / "claims_bad.tsv").write_text(
        "sentence\tsource\nOur tea cures diabetes.\tx\nShrinks tumours.\tx\nIt tastes nice.\tx\n",
        encoding="utf-8")
    (tmp_path / "claims_ok.tsv").write_text(
        "sentence\tsource\nAsthma has no cure.\tx\nThis is a miracle cure.\tx\n", encoding="utf-8")
    assert main([str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    figures = data["figures"]
    assert figures["claims_bad"] == {"sentences": 3, "flagged": 2, "absolute": 1,
                                     "absolute_flagged": 1,
                                     "by_rule": {"HL501": 1, "HL508": 1}}
    assert figures["claims_ok"] == {"sentences": 2, "flagged": 1}
    assert figures["good"]["claims"]["findings"] == 1
    assert main([str(tmp_path), "--strict"]) == 1  # 1 false alarm in 15 words misses a target
    assert "recall, claims_bad.tsv (all)" in capsys.readouterr().out


def test_a_title_about_claims_does_not_exempt_the_article() -> None:
    text = "# Health claims\n\nThis supplement cures diabetes.\n"
    assert [f.code for f in lint(text, "HL5")] == ["HL501"]
    text = "# Turmeric\n\n## Myths about turmeric\n\nSome say turmeric cures diabetes.\n"
    assert lint(text, "HL5") == []


def test_a_claim_in_the_published_description_is_found() -> None:
    text = ("---\ntitle: Herbal tea\ndescription: This herbal tea cures cancer.\n---\n"
            "# Herbal tea\n\nBody text.\n")
    found = [(f.line, f.column, f.code) for f in lint(text, "HL5", path="a.md")]
    assert found == [(3, 30, "HL501")]


def test_a_sentence_with_too_many_possible_claims_is_checked_up_to_a_limit() -> None:
    """Each possible claim is judged against its clause; past MAX_CANDIDATES in one sentence,
    the rest of the sentence is one HL509 finding (it used to take time that grew with the
    square of the sentence: 18 s for 10,000 "cures")."""
    sentence = "Our tea cures " * (MAX_CANDIDATES + 20) + "everything."
    found = lint(sentence, "HL5")
    cures = [f for f in found if f.code == "HL501"]
    assert len(cures) == MAX_CANDIDATES
    [rest] = [f for f in found if f.code == "HL509"]
    assert rest.column == len("Our tea cures ") * MAX_CANDIDATES + len("Our tea ") + 1
    assert rest.end_column == len(sentence) + 1
    assert "from here on it was not fully checked" in rest.message
    # a limit per sentence: the next sentence is checked again
    found = lint(sentence + " This oil cured my arthritis.", "HL5")
    assert any(f.code == "HL501" and f.message.startswith("“cured”") for f in found)


def test_a_sentence_at_the_limit_is_fully_checked() -> None:
    sentence = "There is " + "no cure and " * (MAX_CANDIDATES - 1) + "it cures nothing."
    assert [f.code for f in lint(sentence, "HL5")] == []


def test_a_claim_in_a_link_title_is_found_where_it_is_written() -> None:
    text = '# Tea\n\nSee [our tea](https://tea.example "This herbal tea cures cancer") today.\n'
    found = [(f.line, f.column, f.code) for f in lint(text, "HL5", path="a.md")]
    assert found == [(3, text.splitlines()[2].index("cures") + 1, "HL501")]


def test_a_claim_in_an_html_title_is_found_where_it_is_written() -> None:
    text = '# Tea\n\nSee <a href="https://tea.example" title="This herbal tea cures cancer">it</a>.\n'
    found = [(f.line, f.column, f.code) for f in lint(text, "HL5", path="a.md")]
    assert found == [(3, text.splitlines()[2].index("cures") + 1, "HL501")]


def test_a_claim_in_a_reference_definition_title_is_found_where_it_is_written() -> None:
    text = ('# Tea\n\nSee [our tea][tea] today.\n\n'
            '[tea]: https://tea.example "This herbal tea cures cancer"\n')
    found = [(f.line, f.column, f.code) for f in lint(text, "HL5", path="a.md")]
    assert found == [(5, text.splitlines()[4].index("cures") + 1, "HL501")]


@pytest.mark.parametrize(("text", "about", "not_about"), [
    ("This tea alkalizes your body.", "pH", "detox"),
    ("Drink alkaline water every day.", "pH", "toxins"),
    ("Our juice will detox your body.", "toxins", "pH"),
    ("These gummies boost your immune system.", "immune system", "toxins"),
    ("The drops oxygenate your blood.", "oxygen", "toxins"),
])
def test_pseudo_science_message_fits_what_matched(text: str, about: str, not_about: str) -> None:
    [finding] = lint(text, "HL507")
    said = f"{finding.message} {finding.suggestion}"
    assert about in said and not_about not in said, said
