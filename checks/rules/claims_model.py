"""A learned second opinion on health claims (HL512 marketing-claim), issue 9.

The hand-written claims rules (``claims.py``) recognise kinds of wording; real seller copy
keeps finding new ones. This check scores each prose sentence with a logistic regression over
its lowercased words and word pairs (numbers read as ``0``) and a few shape features (first or
second person, an exclamation mark, a trademark sign, an imperative opening, a capitalised
brand-like word, a health word from the claims lexicon). The weights are data
(``checks/data/claims_model.json``), trained by ``python -m tools.train_claims_model`` on the
files its header names; inference is dictionary look-ups.

A sentence is flagged only when its score passes the shipped threshold, it names a health
anchor (a disease, marker, body function or benefit word of the claims lexicon), and no other
claims rule flagged it. The finding names the words that weighed most towards the verdict, and
its span runs from the first of them to the last.

``clause_features`` (what a sentence asserts: the subject's class of a treating verb, its
object, negation, hedge, attribution) are there for ``tools.train_claims_model --features``;
a model trained over them was measured and not shipped (``tools/claims_model/README.md``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from itertools import islice, repeat
from typing import NamedTuple

from healthlint import usercache
from healthlint.core.families import declared
from healthlint.core.findings import Finding
from healthlint.engine.checks import Context, check
from healthlint.parse.document import Document, Sentence
from healthlint.rules.claims import (
    LICENSED,
    PERSON_ENDINGS,
    Lexicon,
    claim_context,
    claims_of,
    lexicon_in,
)
from healthlint.text.dictionaries import english_data
from healthlint.text.nearwords import WordTable
from healthlint.text.negation import Scopes, lower
from healthlint.text.patterns import compile as re_compile  # re.compile through the regex cache
from healthlint.text.vocabulary import read_medical_words

MARKETING_CLAIM = declared("HL512")
WEIGHTS_FILE = "data/claims_model.json"
TOKEN = re_compile(r"[a-z0-9]+(?:['’][a-z]+)?")
DIGITS = re_compile(r"[0-9]+")
PERSON_I = re_compile(r"\b(?:i|my|me|i['’](?:ve|m|d))\b")
PERSON_WE = re_compile(r"\b(?:we|our|us|ours)\b")
PERSON_YOU = re_compile(r"\b(?:you|your|yours)\b")
TRADEMARK = re_compile(r"[™®©]|\((?:tm|r)\)", re.IGNORECASE)
BRAND = re_compile(r"(?<=[a-z,] )[A-Z][a-z]+[A-Z]\w*|(?<=[a-z,] )[A-Z]{3,}\b|\b[A-Z][a-z]+-[A-Z]")
IMPERATIVE = frozenset((
    "take", "try", "use", "get", "buy", "order", "add", "drink", "apply", "give", "start",
    "say", "discover", "experience", "enjoy", "feel", "boost", "support", "protect", "fight",
    "help", "promote", "restore", "improve", "reduce", "relieve", "eliminate", "stop", "naturally",
    "helps", "supports", "promotes", "boosts", "restores", "reduces", "relieves", "fights"))
MIN_WORDS = 3
NAMED = 4  # how many words a finding names
# words too common to name on their own: a pair is named only with a word outside this list
FUNCTION_WORDS = frozenset((
    "_", "a", "an", "and", "or", "of", "the", "to", "in", "on", "for", "with", "by", "at", "from",
    "as", "is", "are", "be", "been", "was", "were", "it", "its", "this", "that", "these", "those",
    "can", "may", "will", "has", "have", "had", "not", "no", "0", "which", "who", "than", "so",
    "if", "but", "into", "also", "more", "most", "such", "their", "they", "them", "all", "any"))
SUGGESTION = ("say what the evidence shows, for whom, hedged and cited; a product may not claim "
              "to treat, cure or prevent a disease")


class Feature(NamedTuple):
    name: str
    start: int  # where its words are in the sentence (-1 for a shape feature)
    end: int


@dataclass(frozen=True)
class Model:
    bias: float
    threshold: float
    weights: dict[str, float]
    kind: str = "words"  # the feature set (FEATURE_SETS)

    def logit(self, features: Iterable[Feature]) -> float:
        return self.names_logit([f.name for f in features])

    def names_logit(self, names: Iterable[str]) -> float:
        # each feature counts once, however often its words repeat (as in training)
        distinct = set(names)
        return self.bias + sum(map(self.weights.get, distinct, repeat(0.0, len(distinct))))

    def score(self, features: Iterable[Feature]) -> float:
        z = self.logit(features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @cached_property
    def cutoff(self) -> float:
        """The logit of the threshold: a sentence scores at or above the threshold when its
        logit is at least this."""
        return math.log(self.threshold / (1.0 - self.threshold))

    @cached_property
    def lexicon_bonus(self) -> float:
        """The most the lexicon's shapes can add to a sentence's logit."""
        return sum(max(0.0, self.weights.get(name, 0.0)) for name in LEXICON_SHAPES)


# what a sentence asserts, read by the clause reader (``clause_features``): the trigger is the
# reader's own pattern (a verb of the treating family and its object), so a sentence without
# one costs a single regex search
CLAUSE_VERBS = 3  # how many verb-object pairs of a sentence are read
OWN = ("our ", "my ", "this ", "these ")
CANCER = re_compile(r"\b(?:cancer|cancers|tumou?rs?|malignan\w*|carcinoma\w*|leukemia)\b")
CITED = re_compile(r"\[\d+(?:[,–-]\d+)*\]|\([A-Z][\w-]+(?: et al\.?| and [A-Z][\w-]+)?,? \d{4}\)"
                   r"|\bdoi:|https?://")
PERCENT = re_compile(r"\d\s*(?:%|percent\b)")
SUPERLATIVE = re_compile(r"\b(?:best|safest|strongest|fastest|most (?:effective|powerful|potent)"
                         r"|number one|#1|ultimate|miracle\w*|breakthrough)\b")
ABSOLUTE = re_compile(r"\b100\s*%|\b(?:guarantee\w*|always|permanent\w*|completely|totally"
                      r"|forever|instantly|no side effects|all[- ]natural)\b")


def subject_class(low: str, start: int, end: int, words: Sequence[str], lexicon: Lexicon) -> str:
    """What the noun phrase ``low[start:end]`` is, in the classes of the clause reader's
    callers: a seller's own thing, a medicine or procedure, a disease or marker, a person or
    the body or a behaviour, a product, a remedy, a therapy, or another noun."""
    clause = lexicon.clause
    if low.startswith(OWN, start):
        return "own"
    if lexicon.intervention.search(low, start, end) or LICENSED.search(low, start, end) \
            or clause.medicine.search(low, start, end):
        return "medicine"
    if lexicon.disease.disease.search(low, start, end) or clause.condition.search(low, start, end):
        return "disease"
    if any(w in clause.not_agents or w.endswith(PERSON_ENDINGS) for w in words):
        return "person"
    for name, pattern in (("product", lexicon.frame.product), ("product", lexicon.product),
                          ("remedy", lexicon.frame.remedy), ("therapy", lexicon.frame.therapy)):
        if pattern.search(low, start, end):
            return name
    return "other"


def clause_features(text: str, lexicon: Lexicon) -> list[Feature]:
    """What the sentence asserts rather than how it is written (``c:`` names): for each verb
    of the treating family with its object, the class of its subject (``subject_class``), the
    verb, the object's class (cancer or a condition), and whether it is negated, hedged or
    attributed, alone and with the subject's class, and whether the sentence reports a study
    or a clinician's advice, with the subject's class; and, for the whole sentence, a
    question, a citation, a percentage, a superlative, an absolute word, biology wording. The
    features of a verb span the words from its subject to its object."""
    low = lower(text)
    out: list[Feature] = []
    flags = []
    if text.rstrip().endswith("?"):
        flags.append("question")
    if CITED.search(text):
        flags.append("cited")
    if PERCENT.search(low):
        flags.append("percent")
    if SUPERLATIVE.search(low):
        flags.append("superlative")
    if ABSOLUTE.search(low):
        flags.append("absolute")
    clause = lexicon.clause
    claims = list(islice(clause.claim.finditer(low), CLAUSE_VERBS))
    if claims:
        if clause.biology.search(low):
            flags.append("biology")
        reported = lexicon.frame.report.search(low) is not None
        if reported:
            flags.append("reported")
        scopes = Scopes(text, lexicon.pseudo or None)
        for claim in claims:
            (verb, verb_end), (obj, obj_end) = claim.span("verb"), claim.span("object")
            phrase = clause.subject(low, scopes.clause(verb, verb_end)[0], verb, verb_end)
            who = "none" if phrase is None else \
                subject_class(low, phrase.start, phrase.end, phrase.words, lexicon)
            start = verb if phrase is None else min(phrase.start, verb)
            what = "cancer" if CANCER.search(low, obj, obj_end) else "condition"
            state = ("negated" if scopes.negated(verb, obj_end)
                     else "attributed" if scopes.attributed(verb, obj_end)
                     else "hedged" if scopes.hedged(verb, obj_end) else "flat")
            verb_word = low[verb:verb_end].split()[0]
            names = [f"subject={who}", f"object={what}", f"verb={verb_word}", state,
                     f"{who}:{state}", f"{who}:{what}", f"{who}:{verb_word}"]
            if reported:
                names.append(f"{who}:reported")
            for name in names:
                out.append(Feature("c:" + name, start, obj_end))
    return out + [Feature("c:" + f, -1, -1) for f in flags]


# ---- kinds of wording (``classes``): what a sentence's words are, not which words ----------
# A bag of words over a few hundred seller claims learns their topics (herpes, Ebola) rather
# than their wording. The ``classes`` features read each word as its kind (``WORD_CLASSES``)
# and describe the sentence by the kinds, their order and their neighbours, keeping as words
# only those that no kind covers (the trainer keeps a word only when several documents use it).
# The kinds come from the claims lexicon where it has them (conditions, treating verbs,
# product forms, remedies, unapproved therapies, licensed medicines and procedures) and from
# the short lists below.
HEDGES = frozenset((
    "may", "might", "could", "possibly", "perhaps", "probably", "likely", "unlikely", "some",
    "sometimes", "often", "usually", "generally", "typically", "rarely", "seldom", "suggest",
    "suggests", "suggested", "appear", "appears", "seem", "seems", "potentially", "limited",
    "mixed", "unclear", "uncertain", "more research", "occasionally", "most"))
NEGATIONS = frozenset((
    "not", "no", "never", "without", "none", "nor", "neither", "cannot", "can't", "don't",
    "doesn't", "didn't", "isn't", "aren't", "won't", "wasn't", "weren't", "hasn't", "haven't",
    "don’t", "doesn’t", "isn’t", "aren’t", "can’t", "won’t", "little", "lack", "insufficient"))
SOURCES = frozenset((
    "doctor", "doctors", "physician", "physicians", "nurse", "nurses", "pharmacist",
    "pharmacists", "clinician", "clinicians", "provider", "providers", "gp", "gps",
    "specialist", "specialists", "surgeon", "surgeons", "researchers", "researcher",
    "scientists", "scientist", "experts", "expert", "study", "studies", "studied", "research",
    "trial", "trials", "evidence", "data", "review", "reviews", "according", "reported",
    "report", "reports", "found", "shown", "showed", "nih", "cdc", "fda", "nhs", "nci",
    "guidelines", "recommend", "recommends", "recommended", "recommendation", "advise",
    "advises", "advice", "prescribe", "prescribed", "prescription", "diagnosis", "diagnosed",
    "participants", "patients", "patient", "healthcare", "clinical", "investigators"))
FIRST_PERSON = frozenset(("i", "i'm", "i’m", "i've", "i’ve", "my", "me", "we", "our", "us",
                          "ours", "we're", "we’re", "we've", "we’ve", "myself"))
SECOND_PERSON = frozenset(("you", "your", "yours", "you're", "you’re", "yourself", "you'll",
                           "you’ll"))
SUPERLATIVES = frozenset((
    "best", "most", "all", "every", "everyone", "only", "always", "completely", "totally",
    "entirely", "fully", "100", "guaranteed", "guarantee", "guarantees", "forever",
    "permanently", "permanent", "instantly", "instant", "miracle", "miraculous", "ultimate",
    "safest", "strongest", "fastest", "powerful", "amazing", "incredible", "revolutionary",
    "breakthrough", "proven", "unique", "superior", "perfect", "natural", "naturally",
    "effective", "effectively", "safe", "safely", "pure", "premium", "finest", "highest",
    "greatest", "number", "#1", "any", "absolutely", "dramatically", "remarkable",
    "significantly", "quickly", "fast", "rapidly", "immediately", "free"))
TIME_WORDS = frozenset(("seconds", "minutes", "minute", "hours", "hour", "days", "day", "weeks",
                        "week", "months", "month", "years", "year", "overnight", "today"))
BENEFIT_VERBS = frozenset((
    "boost", "boosts", "boosted", "boosting", "support", "supports", "supporting", "improve",
    "improves", "improving", "promote", "promotes", "promoting", "enhance", "enhances",
    "enhancing", "strengthen", "strengthens", "nourish", "nourishes", "detox", "detoxify",
    "detoxifies", "cleanse", "cleanses", "rejuvenate", "rejuvenates", "revitalize",
    "revitalizes", "energize", "energizes", "optimize", "optimizes", "maintain", "maintains",
    "balance", "balances", "restore", "restores", "regenerate", "regenerates", "renew",
    "renews", "revive", "revives", "stimulate", "stimulates", "increase", "increases"))
PRODUCT_FORMS = frozenset((
    "product", "products", "formula", "formulas", "formulation", "formulations", "cream",
    "creams", "supplement", "supplements", "tea", "teas", "oil", "oils", "extract",
    "extracts", "tincture", "tinctures", "blend", "blends", "drink", "drinks", "kit", "kits",
    "tonic", "tonics", "capsule", "capsules", "caps", "softgel", "softgels", "tablet",
    "tablets", "pill", "pills", "bracelet", "bracelets", "patch", "patches", "spray",
    "sprays", "serum", "serums", "powder", "powders", "juice", "juices", "elixir", "elixirs",
    "lotion", "lotions", "balm", "balms", "salve", "salves", "ointment", "ointments",
    "gummies", "drops", "syrup", "syrups", "shake", "shakes", "device", "devices", "bottle",
    "bottles", "dose", "doses", "ingredient", "ingredients", "nutrient", "nutrients",
    "compound", "compounds", "gel", "gels", "soap", "shampoo", "mask", "brand"))
INGREDIENTS = frozenset((
    "vitamin", "vitamins", "mineral", "minerals", "herb", "herbs", "herbal", "botanical",
    "botanicals", "root", "leaf", "leaves", "seed", "seeds", "berry", "berries", "bark",
    "flower", "mushroom", "mushrooms", "zinc", "magnesium", "selenium", "iodine", "collagen",
    "antioxidant", "antioxidants", "enzymes", "probiotic", "probiotics", "amino", "acids",
    "omega", "fiber", "fibre", "honey", "vinegar", "garlic", "ginger", "turmeric", "silver",
    "colloidal", "cbd", "hemp", "cannabis", "kratom", "homeopathic", "essential", "organic",
    "plant", "plants", "natural", "superfood", "superfoods", "alkaline", "ozone", "peptide",
    "peptides", "stem", "exosome", "exosomes", "nano", "ionic", "chlorine", "dioxide"))
SYMPTOMS = frozenset((
    "pain", "pains", "ache", "aches", "aching", "inflammation", "swelling", "fatigue",
    "itching", "itch", "rash", "rashes", "cramps", "nausea", "headache", "headaches",
    "anxiety", "stress", "insomnia", "constipation", "bloating", "cough", "coughs",
    "congestion", "fever", "symptoms", "symptom", "soreness", "stiffness", "wrinkles",
    "weight", "fat", "cholesterol", "glucose", "sugar", "pressure", "triglycerides", "a1c",
    "hba1c", "psa", "toxins", "toxin", "infection", "infections", "disease", "diseases",
    "disorder", "disorders", "condition", "conditions", "illness", "illnesses", "syndrome",
    "outbreaks", "outbreak", "flare", "lesions", "tumor", "tumors", "tumour", "tumours",
    "cells", "immunity", "immune", "virus", "viruses", "germs", "bacteria", "pathogens"))
TECH_ENDINGS = ("itis", "osis", "emia", "aemia", "oma", "omas", "pathy", "algia", "iasis")
# the kinds, each a short name in the features and words in the finding's message
CLASS_NAMES = {
    "DIS": "a condition", "TREAT": "a treating verb", "BENEFIT": "a benefit verb",
    "PROD": "a product form", "ING": "an ingredient or remedy", "THER": "an unapproved therapy",
    "MED": "a licensed medicine or procedure", "SRC": "a clinician or research",
    "HEDGE": "a hedge", "NEG": "a negation", "I": "first person", "YOU": "second person",
    "SUP": "an absolute word", "NUM": "a number", "TIME": "a time", "BRAND": "a brand-like name",
    "TECH": "a medical term"}
CLASS_WINDOW = 6  # two kinds at most this many words apart are read as a pair (``kp:``)


def _span_classes(low: str, text: str, lexicon: Lexicon, starts: Sequence[int]
                  ) -> dict[int, str]:
    """The kind of the words the lexicon's phrases cover, by the word's index in ``starts``
    (where each word of ``low`` starts): conditions, treating verbs, remedies, unapproved
    therapies, licensed medicines and procedures, a brand-like name (read on ``text`` as
    written). A word belongs to a phrase when it starts inside it."""
    found: dict[int, str] = {}
    clause = lexicon.clause
    # a word keeps the first kind found for it, except that a condition's phrase overrides
    # all but a treating verb (the lexicon's "<word> cancer cells" may begin with the verb)
    for kind, pattern in (("TREAT", clause.verb), ("TREAT", lexicon.disease.verb),
                          ("MED", lexicon.intervention), ("MED", LICENSED),
                          ("MED", clause.medicine), ("THER", lexicon.frame.therapy),
                          ("DIS", clause.condition), ("ING", lexicon.frame.remedy),
                          ("BRAND", BRAND)):
        for m in pattern.finditer(text if kind == "BRAND" else low):
            for i in range(bisect_left(starts, m.start()), bisect_left(starts, m.end())):
                if i not in found or (kind == "DIS" and found[i] != "TREAT"):
                    found[i] = kind
    return found


@cache
def _technical_words() -> WordTable:
    """The shipped medical words (FDA UNII names and MeSH disease terms, the spelling check's
    vocabulary: ``medical_words.txt`` and ``medical_words_extra.txt``) that pyspellchecker's
    English does not know: a technical term, a drug, a disease or a botanical name
    ("experience" and "formula" are in both, and are not). Read here, not imported from the
    spelling family: rule families do not import each other. Sorted in one string
    (``WordTable``, looked up by halving): about 1 MB where a frozenset of the words took
    6.5 MB in every process that checks claims, the language server among them."""
    package = resources.files("healthlint")
    medical_text = package.joinpath("data/medical_words.txt").read_bytes()
    extra_text = package.joinpath("data/medical_words_extra.txt").read_bytes()
    english = english_data()
    # the set depends only on these three files: kept in the user's cache under their hash,
    # so a one-article run does not split and subtract 87,000 words again
    key = "technical-2 " + hashlib.sha256(medical_text + b"\0" + extra_text + b"\0"
                                          + english).hexdigest()
    base = usercache.folder()
    path = base / "technical-words-2.marshal" if base is not None else None  # 2: a WordTable
    kept = usercache.load(path, key) if path is not None else None
    if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], str) \
            and isinstance(kept[1], bytes) and len(kept[1]) % 4 == 0 and kept[1]:
        offsets = memoryview(kept[1]).cast("I")  # a view of the bytes read, not a copy
        if offsets[0] == 0 and offsets[-1] == len(kept[0]):
            return WordTable(kept[0], offsets)
    medical = read_medical_words(medical_text.decode("utf-8"), extra_text.decode("utf-8"))
    known = json.loads(gzip.decompress(english).decode("utf-8")) if english else {}
    words = WordTable.of(sorted(medical - known.keys()))
    if path is not None:
        usercache.store(path, key, (words.text, words.offsets.tobytes()))
    return words


@lru_cache(maxsize=4096)  # a function of the word alone: the words met most are looked up
def word_class(word: str) -> str | None:
    """The kind of one lowercased word from the lists here (the lexicon's phrases come
    first, ``_span_classes``)."""
    if word in NEGATIONS:
        return "NEG"
    if word in FIRST_PERSON:
        return "I"
    if word in SECOND_PERSON:
        return "YOU"
    if word in HEDGES:
        return "HEDGE"
    if word in SOURCES:
        return "SRC"
    if word in BENEFIT_VERBS:
        return "BENEFIT"
    if word in PRODUCT_FORMS:
        return "PROD"
    if word in INGREDIENTS:
        return "ING"
    if word in SUPERLATIVES:
        return "SUP"
    if word in TIME_WORDS:
        return "TIME"
    if word in SYMPTOMS:
        return "DIS"
    if word[:1].isdigit() or word in ("percent", "%"):
        return "NUM"
    if len(word) > 5 and word.endswith(TECH_ENDINGS):
        return "DIS"
    if len(word) > 4 and word in _technical_words():
        return "TECH"
    return None


def class_features(text: str, lexicon: Lexicon, pairs: bool = True) -> list[Feature]:
    """The kinds of wording of one sentence (``k:`` names): each kind present; the sequence
    of kinds and of the small words between them read as pairs and triples (``k2:``,
    ``k3:``), other words as ``_``; each kind with the word beside it (``kw:``); each pair
    of kinds in reading order within a few words (``kp:``); and the words no kind covers
    (``w:``), which the trainer keeps only when several documents use them. Without
    ``pairs``, only the kinds and their sequence (what ``words+classes`` reads)."""
    low = lower(text)
    tokens = list(TOKEN.finditer(low))
    spans = _span_classes(low, text, lexicon, [m.start() for m in tokens])
    items: list[tuple[str, str | None, int, int]] = []  # word, kind, start, end
    for i, m in enumerate(tokens):
        word = m.group()
        word = word if word.isalpha() or "'" in word or "’" in word else DIGITS.sub("0", word)
        kind = spans.get(i) or word_class(word)
        items.append((word, kind, m.start(), m.end()))
    out: list[Feature] = []
    # a run of words of one kind is one item ("high blood pressure")
    runs: list[tuple[str, int, int]] = []
    for word, kind, start, end in items:
        label = kind or (word if word in FUNCTION_WORDS else "_")
        if runs and runs[-1][0] == label and (kind or label == "_"):
            runs[-1] = (label, runs[-1][1], end)
        else:
            runs.append((label, start, end))
        if kind:
            out.append(Feature("k:" + kind, start, end))
        else:
            out.append(Feature("w:" + word, start, end))
    for a, b in zip(runs, runs[1:]):
        out.append(Feature(f"k2:{a[0]} {b[0]}", a[1], b[2]))
    for a, b, c in zip(runs, runs[1:], runs[2:]):
        out.append(Feature(f"k3:{a[0]} {b[0]} {c[0]}", a[1], c[2]))
    kinds = [(kind, i, start, end) for i, (_, kind, start, end) in enumerate(items) if kind]
    # the same pairs and triples in a sentence that reports a source or negates: "trials have
    # studied <remedy> for <condition>" is not "<remedy> treats <condition>"
    voice = "@report" if any(k in ("SRC", "NEG") for k, _, _, _ in kinds) else ""
    if voice:
        out += [Feature(f.name + voice, f.start, f.end) for f in out if f.name.startswith("k3:")]
    if items:
        first = items[0]
        if first[0] in IMPERATIVE or first[1] in ("TREAT", "BENEFIT"):
            out.append(Feature("k:opening " + (first[1] or "verb"), first[2], first[3]))
        if first[1] in ("PROD", "ING", "THER", "BRAND", "I"):
            out.append(Feature("k:subject " + first[1], first[2], first[3]))
    if text.rstrip().endswith("?"):
        out.append(Feature("k:question", -1, -1))
    if "!" in text:
        out.append(Feature("k:exclaim", -1, -1))
    if TRADEMARK.search(text):
        out.append(Feature("k:trademark", -1, -1))
    if CITED.search(text):
        out.append(Feature("k:cited", -1, -1))
    if not pairs:
        return [f for f in out if not f.name.startswith("w:")]
    for (wa, ka, sa, _), (wb, kb, _, eb) in zip(items, items[1:]):
        if ka and not kb:
            out.append(Feature(f"kw:{ka} {wb}", sa, eb))
        elif kb and not ka:
            out.append(Feature(f"kw:{wa} {kb}", sa, eb))
    for n, (ka, ia, sa, _) in enumerate(kinds):
        for kb, ib, _, eb in kinds[n + 1:]:
            if ib - ia > CLASS_WINDOW:
                break
            if ka != kb:
                out.append(Feature(f"kp:{ka} {kb}{voice}", sa, eb))
                if voice:
                    out.append(Feature(f"kp:{ka} {kb}", sa, eb))
    return out



LEXICON_SHAPES = ("s:anchor", "s:product", "s:remedy", "s:therapy", "s:verb", "s:disease",
                  "s:intervention")


FEATURE_SETS = ("words", "clause", "clause+words", "classes", "classes+words", "words+classes")


def features(text: str, lexicon: Lexicon | None = None,
             anchored: bool | None = None, kind: str = "words") -> list[Feature]:
    """The features of one sentence, by ``kind``: ``words`` are ``w:word``, ``b:word word``
    and ``s:shape`` names, each with the span of its words (shape features have none);
    ``clause`` replaces the words and pairs with what the sentence asserts
    (``clause_features``); ``clause+words`` adds the single words back. With the claims
    ``lexicon``, the shapes also say which of its vocabularies the sentence uses
    (``lexicon_shapes``); the clause features need it."""
    if kind not in FEATURE_SETS:
        raise ValueError(f"unknown feature set {kind!r} (known: {', '.join(FEATURE_SETS)})")
    if kind == "words+classes":  # the words model's features and the kinds in sequence
        if lexicon is None:
            raise ValueError(f"the {kind!r} features need the claims lexicon")
        return (text_features(text) + lexicon_shapes(lower(text), lexicon, anchored)
                + class_features(text, lexicon, pairs=False))
    if kind.startswith("classes"):
        if lexicon is None:
            raise ValueError(f"the {kind!r} features need the claims lexicon")
        found = class_features(text, lexicon)
        if kind == "classes+words":  # the word pairs too (the words are there already)
            found += [f for f in text_features(text) if f.name.startswith("b:")]
        return found
    found = text_features(text)
    if kind != "words":
        if lexicon is None:
            raise ValueError(f"the {kind!r} features need the claims lexicon")
        found = [f for f in found if f.name.startswith("s:") or
                 (kind == "clause+words" and f.name.startswith("w:"))]
        found += clause_features(text, lexicon)
    if lexicon is not None:
        found += lexicon_shapes(lower(text), lexicon, anchored)
    return found


def text_features(text: str) -> list[Feature]:
    """Words, word pairs and the shapes of the text itself (person, '!', trademark, an
    imperative opening, a brand-like name)."""
    low = lower(text)
    tokens = [(t if t.isalpha() else DIGITS.sub("0", t), m.start(), m.end())
              for m in TOKEN.finditer(low) for t in (m.group(),)]
    out = [Feature("w:" + t, s, e) for t, s, e in tokens]
    out += [Feature(f"b:{a[0]} {b[0]}", a[1], b[2]) for a, b in zip(tokens, tokens[1:])]
    return out + [Feature("s:" + s, -1, -1) for s in _shapes(text, low, tokens[0][0] if tokens
                                                               else None)]


def _text_names(text: str) -> tuple[list[str], str]:
    """The names of ``text_features(text)``, in the same order, without their spans (what
    the first, cheap verdict needs), and the lowercased text."""
    low = lower(text)
    tokens = [t if t.isalpha() else DIGITS.sub("0", t) for t in TOKEN.findall(low)]
    names = ["w:" + t for t in tokens]
    names += [f"b:{a} {b}" for a, b in zip(tokens, tokens[1:])]
    names += ["s:" + s for s in _shapes(text, low, tokens[0] if tokens else None)]
    return names, low


def _shapes(text: str, low: str, first: str | None) -> list[str]:
    shapes = []
    if PERSON_WE.search(low):
        shapes.append("we")
    if PERSON_YOU.search(low):
        shapes.append("you")
    if "!" in text:
        shapes.append("exclaim")
    if TRADEMARK.search(text):
        shapes.append("trademark")
    if first in IMPERATIVE:
        shapes.append("opening-verb")
    if BRAND.search(text):
        shapes.append("brand")
    return shapes


def lexicon_shapes(low: str, lexicon: Lexicon, anchored: bool | None = None) -> list[Feature]:
    """Which vocabularies of the claims lexicon the lowercased sentence uses: a health anchor
    (``anchored``, when the caller knows), a product in marketing voice, a remedy or
    unapproved therapy, a treating verb, a disease, a licensed intervention."""
    if anchored is None:
        anchored = lexicon.proof.claimed.search(low) is not None
    vocabularies = {
        "product": lexicon.product, "remedy": lexicon.frame.remedy,
        "therapy": lexicon.frame.therapy, "verb": lexicon.disease.verb,
        "disease": lexicon.disease.disease, "intervention": lexicon.intervention}
    names = ["anchor"] if anchored else []
    names += [name for name, pattern in vocabularies.items() if pattern.search(low)]
    return [Feature("s:" + name, -1, -1) for name in names]


@cache
def shipped_model() -> Model:
    data = json.loads(resources.files("healthlint").joinpath(WEIGHTS_FILE).read_text("utf-8"))
    return Model(float(data["bias"]), float(data["threshold"]),
                 {k: float(v) for k, v in data["weights"].items()},
                 str(data.get("features", "words")))


def strongest(model: Model, found: Sequence[Feature]) -> list[Feature]:
    """The word features that weighed most towards the verdict, at most ``NAMED``, in reading
    order; a pair is not named beside a word of its own."""
    best: dict[str, Feature] = {}
    for f in found:
        if (f.start >= 0 and model.weights.get(f.name, 0.0) > 0 and f.name not in best
                and not FUNCTION_WORDS.issuperset(f.name.partition(":")[2].split())):
            best[f.name] = f
    ranked = sorted(best.values(), key=lambda f: (-model.weights[f.name], f.start))
    chosen: list[Feature] = []
    for f in ranked:
        if any(c.start < f.end and f.start < c.end for c in chosen):
            continue
        chosen.append(f)
        if len(chosen) == NAMED:
            break
    return sorted(chosen, key=lambda f: f.start)


def judge(model: Model, text: str, lexicon: Lexicon) -> list[Feature] | None:
    """The features to name when ``text`` reads like a seller's health claim, else None.

    The words and the text's own shapes are scored first: when even the lexicon's shapes could
    not lift that score to the threshold, the lexicon's patterns are never run (most sentences
    stop there, so the model costs little)."""
    if model.kind != "words":
        return _judge_read(model, text, lexicon)
    names, low = _text_names(text)
    if len(names) < 2 * MIN_WORDS - 1:  # fewer than MIN_WORDS words (and their pairs)
        return None
    if model.names_logit(names) + model.lexicon_bonus < model.cutoff:
        return None
    if not lexicon.proof.claimed.search(low):
        return None
    found = text_features(text) + lexicon_shapes(low, lexicon, anchored=True)
    if model.score(found) < model.threshold:
        return None
    return strongest(model, found) or None


def _judge_read(model: Model, text: str, lexicon: Lexicon) -> list[Feature] | None:
    """``judge`` for a model over the kinds of words or the clause features: only a sentence
    with a health anchor is read at all (one regex search for the others), and a sentence
    over the threshold is still passed when it does not assert a claim (``_not_asserted``)."""
    low = lower(text)
    if len(TOKEN.findall(low)) < MIN_WORDS or not lexicon.proof.claimed.search(low):
        return None
    found = features(text, lexicon, anchored=True, kind=model.kind)
    if model.score(found) < model.threshold or _not_asserted(text, low, lexicon):
        return None
    return strongest(model, found) or None


# A reader told what to do to their own health ("Lower your risk of ...", "Reduce your
# screen time"): the base form of a verb opening the sentence, "you"/"your" within five words
READER_ADVICE = re_compile(r"[^a-z]*([a-z]+)\b(?: [\w’'-]+){0,4}? (?:your|you)\b")
NOT_A_VERB = frozenset(("the", "a", "an", "this", "these", "it", "they", "we", "you", "your",
                        "our", "my", "i", "if", "when", "for", "with", "in", "to", "and", "or",
                        "of", "as", "at", "on", "by", "all", "any", "some", "most", "many"))


# A first-person story that credits something taken, used or tried ("I took these capsules
# and ...", "thanks to", "it helped"), or tells of a condition that went away or got better,
# is a testimonial's shape; one that does neither ("My eczema flares up every winter", "I had
# headaches for weeks before my diagnosis") is a patient's story, as health pages tell them.
STORY_CREDIT = re_compile(
    r"\b(?:t(?:ake|akes|aking|ook|aken)|us(?:e|es|ed|ing)|tr(?:y|ies|ied|ying)"
    r"|appl(?:y|ies|ied|ying)|dr(?:ink|inks|ank|inking|unk)|swallow\w*|rub\w*|switch\w*"
    r"|thanks|because of (?:it|this|these|them|the)|since (?:i|my)|it (?:helped|works|worked)"
    r"|(?:this|these|the|your|a) (?:\w+ )?(?:product|formula|capsules?|pills?|tablets?"
    r"|supplements?|drops|oil|cream|tea|extract|blend|kit|remedy|protocol|program(?:me)?))\b")
STORY_RESULT = re_compile(
    r"\b(?:gone|went away|disappear\w*|vanish\w*|clear(?:ed|s)? up|cleared|cured|heal(?:ed|s)"
    r"|better|improv\w*|relie[fv]\w*|free (?:of|from)|no longer|back to normal|revers\w*"
    r"|lost|dropp\w*|fell|normal|results?|recover\w*|remission|never (?:felt|been))\b")


def _medicine_said(low: str, lexicon: Lexicon) -> bool:
    """A sentence whose treating verbs have a licensed medicine or procedure as subject
    ("Chemotherapy works against cancer by killing fast-growing cancer cells"; a verb that
    continues it without a subject of its own counts with it): what the medicine does is
    editorial, what a supplement does is the claim (issue 9)."""
    subjects = {f.name for f in clause_features(low, lexicon) if f.name.startswith("c:subject=")}
    return "c:subject=medicine" in subjects and subjects <= {"c:subject=medicine",
                                                             "c:subject=none"}


def _editorial(text: str, low: str, lexicon: Lexicon) -> bool:
    """A sentence a health page writes and a seller's copy rarely does, as the claims rules
    read it, unless it names a product in marketing voice, a trademark or the writer's own
    ("our", "we"): it reports research or care (the rules' `report` words: "studies",
    "trials", "found", "patients who", "doctors", "is used"...), tells a first-person story of
    care (the testimonial rule's `clear-if`: "after I changed my diet") or a patient's story that
    credits nothing taken or used and tells of no condition gone or better (``STORY_CREDIT``,
    ``STORY_RESULT``), says what a licensed medicine or procedure does (``_medicine_said``), or
    it advises the reader ("Lower your risk of heart disease": a base-form verb opening it with
    "you"/"your" within five words; label copy is in the third person, "Lowers cholesterol")."""
    if lexicon.product.search(low) is not None or TRADEMARK.search(text) \
            or PERSON_WE.search(low):
        return False
    if lexicon.frame.report.search(low) is not None:
        return True
    # a first-person story of care ("... after I changed my diet"), as the testimonial rule's
    # `clear-if` reads one, or a patient's story that credits nothing and tells of no cure
    if PERSON_I.search(low) is not None and (
            any(c.key == "testimonial" and c.clear_if is not None and c.clear_if.search(low)
                for c in lexicon.categories)
            or (STORY_CREDIT.search(low) is None and STORY_RESULT.search(low) is None)):
        return True
    if _medicine_said(low, lexicon):
        return True
    advice = READER_ADVICE.match(low)
    if advice is None:
        return False
    verb = advice.group(1)
    return verb not in NOT_A_VERB and not verb.endswith(("ing", "ed", "ly")) \
        and (not verb.endswith("s") or verb.endswith("ss"))


# structure/function wording: a marker of health said to be kept healthy or normal
KEPT_REACH = 40  # how far before a marker "healthy" is looked for (characters)
KEPT_HEALTHY = re_compile(r"\b(?:healthy|normal|balanced)\s+(?:[\w-]+\s+){0,1}$")


def _not_asserted(text: str, low: str, lexicon: Lexicon) -> bool:
    """What the claims rules pass as a kind, and a model over words cannot weigh: a sentence
    that gives its source (a citation: the rules' HL504 judges proof with a source), one whose
    every health anchor is negated ("I have not noticed any change in my eczema"), and
    structure/function wording, where every condition or marker named is one kept "healthy" or
    "normal" ("Supports healthy blood sugar levels", lawful on a supplement's label), unless a
    product in marketing voice is named ("our herbal formula for healthy blood pressure"), as
    the claims rules read a product's voice; and editorial wording (``_editorial``: research or
    care reported, a patient's story, a medicine's action, the reader advised)."""
    if CITED.search(text):
        return True
    if _editorial(text, low, lexicon):
        return True
    scopes = Scopes(text, lexicon.pseudo or None)
    if all(scopes.negated(m.start(), m.end()) for m in lexicon.proof.claimed.finditer(low)):
        return True
    markers = list(lexicon.clause.condition.finditer(low))
    return (bool(markers) and lexicon.product.search(low) is None
            and all(KEPT_HEALTHY.search(low, max(0, m.start() - KEPT_REACH), m.start())
                    for m in markers))


JUDGED_KEPT = 4096  # sentences whose verdict is kept (the latest): --fix lints a file again
_JUDGED: OrderedDict[tuple[int, int, str], tuple[Model, Lexicon, list[Feature] | None]] = \
    OrderedDict()


def judged(model: Model, text: str, lexicon: Lexicon) -> list[Feature] | None:
    """``judge``, once per sentence text among the latest JUDGED_KEPT (it reads nothing
    else): after a pass of fixes most sentences of the file are as they were."""
    key = (id(model), id(lexicon), text)
    kept = _JUDGED.get(key)
    if kept is not None and kept[0] is model and kept[1] is lexicon:
        _JUDGED.move_to_end(key)
        return kept[2]
    verdict = judge(model, text, lexicon)
    _JUDGED[key] = (model, lexicon, verdict)
    if len(_JUDGED) > JUDGED_KEPT:
        _JUDGED.popitem(last=False)
    return verdict


def message(text: str, named: Sequence[Feature]) -> str:
    """The words that weighed most, each with the kinds it was read as when a kind weighed
    ("“capsules lower”: a product form, a treating verb")."""
    parts = []
    for f in named:
        quoted = f"“{text[f.start:f.end]}”"
        kinds = _kinds_named(f.name)
        parts.append(f"{quoted} ({', '.join(kinds)})" if kinds else quoted)
    return f"reads like a seller's health claim: {'; '.join(parts)}"


def _kinds_named(name: str) -> list[str]:
    """The descriptions of the kinds in a ``k``-feature's name, in order, once each."""
    if not name.startswith("k"):
        return []
    out: list[str] = []
    for part in name.partition(":")[2].split():
        described = CLASS_NAMES.get(part)
        if described and described not in out:
            out.append(described)
    return out


MODEL_KEY = "claims_model.marketing_claims"  # key of Document.derived


def flagged_sentences(doc: Document, ctx: Context) -> set[tuple[int, int]]:
    """(block id, sentence start) of every sentence another claims rule flagged."""
    found = claims_of(doc, lexicon_in(ctx))
    return {(id(s.block), s.start) for s, _ in found}


def marketing_claims(doc: Document, ctx: Context) -> list[tuple[Sentence, list[Feature]]]:
    """Sentences the model flags: not flagged by another claims rule, and not mentioned
    rather than asserted as the claims rules see it (a section about myths, an attributed
    blockquote, a sentence inside quotation marks). Once per document and lexicon (``--fix``
    reads the claims again to keep its edits out of them)."""
    lexicon = lexicon_in(ctx)
    cached = doc.derived.get(MODEL_KEY)
    if cached is None or cached[0] is not lexicon:
        cached = doc.derived[MODEL_KEY] = (lexicon, list(_marketing_claims(doc, ctx, lexicon)))
    return cached[1]


def _marketing_claims(doc: Document, ctx: Context, lexicon: Lexicon
                      ) -> Iterator[tuple[Sentence, list[Feature]]]:
    model = shipped_model()
    flagged = flagged_sentences(doc, ctx)
    folded = doc.folded()
    context = claim_context(folded)
    for sentence in folded.sentences:
        block = sentence.block
        if (id(block), sentence.start) in flagged or id(block) in context.mentioned:
            continue
        if _continues(sentence, context.lead_in.get(id(block), ""), lexicon):
            continue
        if context.cited(block):  # a source in the paragraph: the rules weigh the claim
            continue
        named = judged(model, sentence.text, lexicon)
        if named is not None and not context.quotes(block).contains(
                sentence.start + named[0].start, sentence.start + named[-1].end):
            yield sentence, named


def _continues(sentence: Sentence, lead: str, lexicon: Lexicon) -> bool:
    """A list item that opens in lower case continues the sentence before the list ("Regular
    physical activity can:" / "- improve your mood and ease anxiety"): its subject is there,
    and unless that lead-in names a product in marketing voice the item says what that
    subject does, as the claims rules read it. The model has only ever seen whole sentences
    and label copy, so it is not asked."""
    return (sentence.start == 0 and sentence.block.in_list
            and sentence.text.lstrip()[:1].islower()
            and lexicon.product.search(lower(lead)) is None)


@check("claims-model", rules=("HL512",), section="claims")
def check_marketing_claims(doc: Document, ctx: Context) -> Iterable[Finding]:
    for sentence, named in marketing_claims(doc, ctx):
        start, end = sentence.span(named[0].start, named[-1].end)
        yield ctx.finding(MARKETING_CLAIM, start, end, message(sentence.text, named),
                          suggestion=SUGGESTION)


__all__ = ["Feature", "Model", "check_marketing_claims", "features", "judge", "shipped_model"]
