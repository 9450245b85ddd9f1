"""Claims as real seller copy words them (issue 9, kinds 3-8): sentences of each kind of
wording, with the text the finding must start at, and their editorial look-alikes, which must
stay clean. ``tests/rules/test_claims.py`` runs them with its own examples. The sentences are
written for these tests; none is copied from the labelled or development sets."""

from __future__ import annotations

# (sentence, code, the text the finding must start at)
KINDS_BAD = [
    # 3 proof asserted without a source, in its other wordings
    ("Many studies have shown that our lozenges ease a sore throat.", "HL504", "Many studies"),
    ("Over 30 trials confirm that beetroot juice lowers blood pressure.", "HL504", "Over 30"),
    ("Recent research has highlighted the power of sea moss in fighting infections.", "HL504",
     "research has highlighted"),
    ("Our formula is proven highly effective.", "HL504", "is proven"),
    ("The study-proven mineral blend for tired joints.", "HL504", "study-proven"),
    ("Backed by 15 years of clinical research.", "HL504", "Backed by"),
    ("Scientists have discovered a berry that supports memory.", "HL504", "Scientists"),
    ("New data offers further proof of the heart benefits of our cocoa.", "HL504", "offers"),
    ("This herbal supplement has been known to help you sleep.", "HL504", "has been known"),
    ("Nerve regrowth and improved balance have been documented.", "HL504", "regrowth"),
    ("Doctors confirm that the patches help with back pain.", "HL504", "Doctors confirm"),
    ("Choose the proven joint formula.", "HL504", "proven joint formula"),
    # 4 replacing prescribed treatment, hedged or not
    ("Our capsules can replace your thyroid tablets.", "HL510", "replace"),
    ("Calm your skin without having to use harsh steroid creams.", "HL510", "without having"),
    ("Say no to toxic prescription drugs.", "HL510", "no to"),
    ("The herbal flu shot alternative for the whole family.", "HL510", "flu shot"),
    ("A gentle alternative to over-the-counter pain relievers.", "HL510", "gentle alternative"),
    ("Our protocol helps you avoid the need for hip replacement surgery.", "HL510", "avoid"),
    ("Our balm treats sciatica without drugs or surgery.", "HL510", "without drugs"),
    # 5 certainty or permanence of a benefit
    ("Cold sores can be totally prevented with our gel.", "HL502", "totally prevented"),
    ("Permanently overcome your sugar cravings.", "HL502", "Permanently overcome"),
    ("Leave your migraines behind permanently.", "HL502", "Leave"),
    ("The key to lifelong recovery from back pain.", "HL502", "lifelong recovery"),
    ("It is the only remedy that actually works.", "HL502", "the only remedy"),
    ("Our drops almost always clear the rash.", "HL502", "almost always clear"),
    ("Cupping has a 92% success rate for neck pain.", "HL502", "92% success rate"),
    ("Everlasting energy and stamina.", "HL502", "Everlasting energy"),
    # 6 testimonials and crowd proof
    ("I ordered the balm and within a week my sores were gone.", "HL508", "I ordered"),
    ("After a month of drinking the tonic I noticed a real difference.", "HL508", "After a month"),
    ("Thanks to the tea, my blood sugar is back to normal.", "HL508", "Thanks to"),
    ("I tried everything, and this oil saved my life.", "HL508", "oil saved"),
    ("Many users have reported relief within days.", "HL508", "Many users"),
    ("Listen to what other sufferers are saying.", "HL508", "Listen to"),
    ("I have been pain-free since the first jar.", "HL508", "I have been"),
    ("My psoriasis is finally under control.", "HL508", "My psoriasis"),
    ("This salve has helped me tremendously.", "HL508", "salve"),
    # 7 safety and efficacy boasts in product voice
    ("The #1 herbal formula for restful sleep.", "HL503", "#1"),
    ("The purest and most potent oils for your skin.", "HL503", "The purest"),
    ("The most powerful joint cream on the market.", "HL503", "The most powerful"),
    ("Try the best natural supplements for your prostate.", "HL503", "the best natural"),
    ("Safe, effective and natural relief for tired legs.", "HL503", "Safe, effective"),
    ("A blend of safe, natural ingredients.", "HL503", "safe, natural"),
    ("Our tea is as effective as prescription drugs.", "HL503", "as effective as"),
    ("Soothes colic without any harmful side effects.", "HL503", "without any harmful"),
    ("A toxicity-free formula for the whole family.", "HL503", "toxicity-free"),
    ("Ours is the only joint supplement on the market with this blend.", "HL503", "the only"),
    # 8 risky self-treatment
    ("Apply the paste directly to the mole and cover it for three days.", "HL511", "Apply"),
    ("Activate six drops with citric acid before you drink them.", "HL511", "Activate"),
    ("Eat a handful of bitter apricot kernels each morning.", "HL511", "Eat"),
    ("Drink a glass of your own urine every morning.", "HL511", "Drink"),
    ("Take a pea-sized dose of horse ivermectin paste.", "HL511", "dose of"),
    ("Titrate up to 12 mg weekly.", "HL511", "Titrate"),
    ("Rub a few drops of DMSO on the swollen joint.", "HL511", "Rub"),
]

# Editorial statements of each kind's look-alikes, which must stay clean
KINDS_GOOD = [
    # the editorial list
    "Chemotherapy can shrink some tumours before surgery.",
    "Immunotherapy helps the immune system attack cancer cells.",
    "Statins lower LDL cholesterol.",
    "Skin cancer found early is usually easier to treat.",
    "Crash diets seldom keep weight off for long.",
    "The flu vaccine helps protect older adults.",
    # 3: hedged, about medicine, about risk or a sign, described before, or health advice
    "Some studies show that people who are active have a lower risk of bowel cancer.",
    "Two trials showed that the drug lowered blood pressure.",
    "Regular exercise is known to lower blood pressure.",
    "Smoking is known to cause lung cancer.",
    "There is no proven treatment for this condition.",
    "Most doctors agree that the benefits of the vaccine outweigh the risks.",
    "Researchers have shown that fish oil may slow kidney damage in some people.",
    # 4: advice that keeps care, a medicine replacing a medicine, hedged editorial text
    "Do not stop taking clonazepam without talking to your prescriber.",
    "Your doctor may replace your inhaler with a different one.",
    "Generic medicines can replace branded ones.",
    "Insulin replacement therapy is needed in type 1 diabetes.",
    "Say no to antibiotics for colds: they do not work.",
    "Physiotherapy can help you avoid the need for surgery.",
    "Most people with back pain get better without drugs or surgery.",
    "Reduce your need for quick-relief medicines by taking your preventer every day.",
    # 5: a medicine, procedure or vaccine as the means, a rate already described, genetics
    "Measles can be completely prevented by vaccination.",
    "Surgery is the only treatment that works for this kind of hernia.",
    "Cataract surgery has a high success rate.",
    "Even with this high success rate, a transplant still has risks.",
    "These mutations completely eliminate the enzyme's activity.",
    # 6: a patient's story of care, a question, many patients after therapy
    "After two weeks of antibiotics I felt much better.",
    "The transplant saved my life.",
    "Thanks to my GP, my blood pressure is under control.",
    "Many patients report relief after physiotherapy.",
    "Is your eczema under control?",
    # 7: ranking treatments, a food's nutrient, a medicine's safety, a trial's finding
    "The most effective treatment for depression is talking therapy with medicine.",
    "Oily fish is the best source of omega-3.",
    "Vaccines are safe and effective.",
    "Both doses were well tolerated without any adverse effects.",
    "Dronabinol works as well as other drugs to relieve nausea.",
    # 8: a warning, a clinician's treatment, a medicine's label
    "Drinking chlorine dioxide can cause severe vomiting; ask a doctor first.",
    "Do not eat apricot kernels: they can cause cyanide poisoning.",
    "Your dermatologist may apply a cream to the skin cancer.",
    "Fluorouracil cream is applied to the skin cancer.",
    "Your doctor will titrate up to 10 mg a day over a few weeks.",
]
