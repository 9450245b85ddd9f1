"""Banned absolute health claims (HL501-HL508), negation-, hedge- and quotation-aware.

The lexicon is data (``checks/data/claims.toml``): categories of phrases and patterns, each
with its rule, message, suggested rewrite and exceptions; a project adds phrases or allows
them under ``[tool.healthlint.claims]``. What counts as a banned claim follows the FTC Health
Products Compliance Guidance (2022), FDA's "Health Fraud Scams" tip-offs and FDA warning
letters (a product that claims to cure, treat or prevent a disease is a drug).

A phrase is not flagged when the words around it say it is not being asserted:
- negated, with NegEx scopes (``checks/negation.py``): "There is no cure for asthma";
- hedged, for categories where a hedge changes the claim: "Surgery usually cures CTS";
- attributed or mentioned: "The theory is that ...", a quotation, a blockquote introduced as
  a quotation, a list under "recognise the red flags such as:", a section about myths or
  claims, a label that names a thing ("Detoxification: ...");
- about a medical intervention: "Radiation therapy can cure cancer";
- cited, for evidence claims: a link, footnote or reference in the sentence or paragraph.
A product in marketing voice ("this supplement", "colloidal silver", "our formula") makes a
hedge or an intervention word no excuse.

HL508 (disease-claim) goes beyond the word list: a verb and a disease together, in a voice
that health services do not use (a verbless fragment "Shrinks malignant tumors", "May help
prevent the flu", "Target cancer cells"; "kills coronaviruses", "treats all forms of cancer",
"acne disappears"), a product's testimonial ("since I started taking it my blood sugar has
dropped"), and a product's implied protection ("no reason to fear the flu"). What counts follows
FDA's definition of a disease claim for a supplement or cosmetic (21 CFR 101.93(g): a claim,
explicit or implied, to diagnose, treat, cure, mitigate or prevent a disease or its
characteristic signs and symptoms), so "may help" or a customer's story is still a claim.
A pronoun that opens a sentence ("It", "They", "Which") speaks of a product named in marketing
voice in the sentence before it, in the same paragraph.
"""

from __future__ import annotations

import bisect
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from itertools import islice
from typing import Any

from healthlint import usercache
from healthlint.config import ConfigError
from healthlint.core.families import declared, family_codes
from healthlint.core.findings import Finding, Rule
from healthlint.engine.checks import Context, check
from healthlint.parse.document import Document, Prose, Sentence
from healthlint.rules.clause import ClauseReader, Phrase
from healthlint.rules.conditions import Conditions
from healthlint.text import patterns as regex_cache
from healthlint.text.dictionaries import known_word
from healthlint.text.medicines import medicine_name
from healthlint.text.negation import Scopes, Spans, lower, quote_spans
from healthlint.text.patterns import compile as re_compile  # re.compile through the regex cache
from healthlint.text.phrases import phrase_pattern

# Phrases that may be claims, examined per sentence at most (HL509 reports the rest). The
# articles, the test fixtures and the claims corpus (FDA and FTC letters) have at most 4.
MAX_CANDIDATES = 100

CURE_CLAIM = declared("HL501")
GUARANTEE_CLAIM = declared("HL502")
SAFETY_ABSOLUTE = declared("HL503")
UNSUPPORTED_EVIDENCE = declared("HL504")
HYPE = declared("HL505")
URGENCY = declared("HL506")
PSEUDO_SCIENCE = declared("HL507")
DISEASE_CLAIM = declared("HL508")
CLAIMS_NOT_CHECKED = declared("HL509")
STOP_TREATMENT = declared("HL510")
RISKY_REMEDY = declared("HL511")

LEXICON_FILE = "data/claims.toml"
CLAIMS_KEY = "claims.found"  # key of Document.derived
CONTEXT_KEY = "claims.context"  # key of Document.derived: its ClaimContext
MACRO_RE = re_compile(r"\{(disease|virus|product|intervention|meds)\}")
NEGATIVE_START = re_compile(r"^(?:no|not|never|without|zero|don[’']?t)\b", re.IGNORECASE)
MENTION_TITLE = re_compile(
    r"\b(?:theory|theories|claims?|myths?|misconceptions?|red flags|warning signs|scams?"
    r"|frauds?|quackery|hoax(?:es)?|misinformation|rip-offs?|tip-offs?)\b", re.IGNORECASE)
QUOTE_INTRO = re_compile(
    r":\s*$|\b(?:said|says|wrote|writes|claim\w*|stat(?:ed|es)|advertis\w*|quot\w*|reads?|warn\w*"
    r"|letter|label|website|posted|post|promot\w*)\b", re.IGNORECASE)
# "— the seller's website" opening a line of a blockquote, or "... — Jane Smith" ending it
SIGNATURE = re_compile(
    r"^\s*(?:[—–]|--?)\s*\w|\s[—–]\s*[A-Z][\w.’']*(?:\s+[A-Z][\w.’']*)*\s*$")
CITATION_TEXT = re_compile(
    r"\(\s*\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\s*\)|\[\s*\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\s*\]"
    r"|\bet al\b"
    r"|\(\s*[A-Z][A-Za-z-]+(?:\s+(?:and|&)\s+[A-Z][A-Za-z-]+)?,?\s+(?:19|20)\d\d[a-z]?\s*\)")
CITATION_SOURCE = re_compile(r"\[\^[^\]]+\]|\]\(|\]\[|<https?://|https?://|www\.")
BRACKET_LETTER = re_compile(r"\[([A-Za-z])\]")
LEADING_BRACKET = re_compile(r"[^\w\[]*\[([a-z])\]")
FRAGMENT_RE = re_compile(
    r"^[^\w\[]*(?:(?P<brand>[A-Z][A-Z0-9-]{2,}(?:\s+[A-Z0-9-]{2,})*)\s+"
    r"(?i:(?:directly|actively|naturally|effectively|quickly|safely|powerfully|gently)\s+)?)?"
    r"(?P<verb>(?:\[[A-Za-z]\])?[A-Za-z]+)(?:\s+(?:to\s+)?(?P<second>[a-z]+))?")
NOT_A_VERB_NEXT = re_compile(
    r"\s*(?:of|for|are|were|can|may|will|should|is|in|on|at|and|or|to|from|with|that)\b",
    re.IGNORECASE)
PURPOSE_TO = re_compile(
    r"\b(?:take|takes|taking|took|use|uses|using|try|tries|trying|tried|buy|buys|buying|want"
    r"|wants|choose|chooses)\b[^.;:]{0,40}\bto\s+$")
# A sentence whose subject is a pronoun that points back to the sentence before
ANAPHOR = re_compile(r"^[^\w]*(?:it|it[’']s|its|they|they[’']re|their|which)\b", re.IGNORECASE)
# every testimonial-use pattern names a length of time or a start
STORY_TIME = re_compile(r"\b(?:days?|weeks?|months?|years?|started|began|tried|taking|using"
                        r"|drinking|applying|trying)\b")
# a use with no one named: "after using this cream" (a story only in the first person)
FIRST_USE = re_compile(r"(?:since|after|once) (?:i |we )?(?:started |began |first )?"
                       r"(?:taking|using|drinking|applying|trying) ")
# "can even" boasts: "Chromium can even reverse insulin resistance" claims more than
# "Chromium reverses", not less; it is no hedge for the rules (the negation module's hedges,
# which the learned second opinion also reads, are left as they are)
CAN_EVEN = re_compile(r"\bcan even\b")
# "one product does it all": this many conditions after a word of benefit
CURE_ALL = 4
CURE_ALL_BENEFIT = re_compile(
    r"\b(?:helps?|helped|helpful|useful|beneficial|benefits?|good for|great for"
    r"|relie(?:f|ve|ves|ved)|treats?|treated|treating|prevents?|fights?|heals?|cures?|combats?"
    r"|protects?|remed(?:y|ies)"
    r"|aids?|against|for (?:people|those|anyone) (?:with|suffering from|who suffer from))\b")
# an imperative that promises freedom from a condition (group 1 opens the finding)
FREE_FROM = re_compile(r"[^\w\[]*((?:(?:finally|now|at last|and)\s+)?(?:(?:be|get|stay|live|become|"
                       r"feel)\s+(?:\w+\s+)?free|free\s+yourself)\s+(?:from|of)\s+)")
BY_DOING = re_compile(r"\bby\s+(?:[a-z]+ly\s+)?[a-z]+ing\b")
LIST_SEPARATOR = re_compile(r",|;|\band\b|\bor\b|&|\.\.\.|…")
# a list of risks, causes, symptoms or complications names conditions without selling a cure
CURE_ALL_NOT = re_compile(r"\b(?:risks?|causes?|caused|symptoms?|signs?|complications?|side[- ]"
                          r"effects?|linked to|associated with|such as smoking|diagnos\w*)\b")
# licensed medicines a shop also sells, named as the subject: "Hydrocortisone cream treats ..."
LICENSED = re_compile(r"\b(?:hydrocortisone|emollients?|antihistamines?|paracetamol|ibuprofen"
                      r"|nsaids?|aspirin|clotrimazole|miconazole|terbinafine|salicylic acid|benzoyl"
                      r"|permethrin|lidocaine|antiseptic|antibiotic|medicated|nicotine)\b")
# a brand written with a capital inside the sentence ("that Ioniplex", "studies, Tirzepatide"):
# the claimant of uncited proof when nothing else names one (HL504, [proof])
BRAND = re_compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}(?:[A-Z][a-z]+)*(?:[- ][A-Z][a-z]+)?\b")
# a brand named as the subject at the start of a sentence (issue 9, kind 1): a name no dictionary
# spells that way - a capital inside the word ("MedaVir", "PolyMVA"), a trademark sign
# ("Tumexal™", "TumexalTM") or a digit ("Vigor-25"); matched on the sentence as written (the
# lexicon's patterns run on lower-cased text)
BRAND_SUBJECT = re_compile(
    r"[^\w\[]*(?P<subject>[A-Z][a-z]+[A-Z][\w-]*|[A-Z][\w-]*[a-zA-Z][\w-]*\d[\w-]*"
    r"|[A-Z][\w-]+?(?:™|®|TM\b))(?:™|®)?(?=\s)")
TREATMENT_SHOWN = re_compile(
    r"(?:\s+that)?(?:\s+it(?:[’']s|\s+is)\s+(?:safer|better|safe|important|best|vital|essential"
    r"|wise)\s+to(?:\s+keep)?)?"
    r"\s+(?:(?:early|prompt|regular|timely|proper)\s+)?(?:treating|treatment"
    r"|tak(?:e|ing) (?:\w+ ){0,2}?(?:medicines?|medications?|drugs|statins|aspirin)|vaccination"
    r"|screening"
    r"|surgery|therapy)\b")
# the writer's own thing: "our diet", "this protocol", "my programme"
OWN = re_compile(r"\b(?:our|this|these|my)\s+[\w’'-]+")
# "our" opening the noun phrase that ends where an intervention word starts
OUR_BEFORE = re_compile(
    r"\bour (?!(?:[\w’'-]+ )?(?:say|says|said|think|thinks|believe|believes|recommend\w*"
    r"|advis\w*|use|uses|may|can|will|often|usually|agree|agrees)\b)(?:[\w’'-]+ ){0,2}$")
USERS = re_compile(r"\b(?:users|customers|clients|buyers|testers)\b")
BARE_STEM_CELLS = re_compile(r"(?:[\w-]+ )?stem[- ]cells?")
ANTI_WORD = re_compile(r"\banti-?(?:viral|microbial|bacterial|fungal|inflammatory|cancer|tumou?r"
                       r"|oxidant|septic|biotic)")
SMALL_WORDS = frozenset(("a", "an", "and", "or", "of", "the", "to", "in", "on", "for", "with"))
# a property put to the test is research: "tested for anticancer activity"
TESTED = re_compile(r"\b(?:tested|testing|studied|studying|investigated|investigating|evaluated"
                    r"|examined|screened|assessed|researched)\b")
# a label's use named in so many words: "for the treatment of", "for the relief of"
USE_OF = re_compile(r"\bfor the (?:treatment|relief|prevention) of\b")
# a product's name written as a placeholder or with a trademark sign: "[Product]", "Prefense®"
PLACEHOLDER = re_compile(r"\[(?:product|brand|name)\]|™|®|\w(?:TM)\b", re.IGNORECASE)
# the agent after a passive verb: the writer's own thing (group 1) or a capitalised name (2)
OWN_AGENT = re_compile(r"((?:[Oo]ur|[Tt]his|[Tt]hese|[Mm]y)\s+[\w’'-]+(?:\s+[\w’'-]+)?)"
                       r"|([A-Z][a-z]{3,}(?:[A-Z][a-z]+)*)\b")
# the symptoms of a condition, with up to eight words describing them before the condition
SYMPTOMS_OF = re_compile(r"\s+(?:the\s+)?(?:(?:signs|discomfort)\s+and\s+)?(?:symptoms|discomfort"
                         r"|pain)\s+(?:(?:of|from|due\s+to|associated\s+with|caused\s+by"
                         r"|related\s+to)\s+)?(?:[\w-]+\s+){0,8}?(?:of|from|with|by|to)\s+")
# kind 2's verbs and objects: killing, starving or shrinking cancer cells or tumours
KILLING = re_compile(r"(?:kill|destroy|starve|shrink|shrank|shrunk|eliminat|eradicat|wipe|attack"
                     r"|target|dissolv)")
CANCER_TARGET = re_compile(r"\b(?:cancer|cancerous|tumou?rs?|malignan\w*|carcinomas?"
                           r"|metasta\w+)\b")
# a capitalised word that may be a name
CAPITALISED = re_compile(r"\b[A-Z][a-z]{3,}(?:[A-Z][a-z]+)*\b")
# a word of a name, without a possessive ending ("Bilberry's")
NAME_WORD = re_compile(r"[A-Za-z][a-z]+(?:[A-Z][a-z]+)*(?=(?:[’']s)?\b)")
# a person by the ending of the word: a therapist, a dietitian ("-ing": a behaviour, "eating")
PERSON_ENDINGS = ("ist", "ists", "ian", "ians", "ing")
# a product's name after "with" in label copy ("Prevention with H-Guard Dx"): a capital inside
# the word, a digit, a trademark sign, or two capitals together
BRAND_NAME = re_compile(r"[a-z][A-Z]|[A-Z]-?[A-Z]|\d|™|®")
# the words before a thing that make it what a person does, not a subject: "using nasal spray"
USED_BY = frozenset(("use", "uses", "take", "takes", "apply", "applies", "try", "tries", "with",
                     "without", "buy", "get", "drink", "drinks", "eat", "eats", "of"))
# advice that follows a purpose: "To help with headaches you can take painkillers"
ADVICE_TO_READER = re_compile(r"\b(?:you|your|we|ask|talk|see|call|take|try|use|drink|eat)\b")
RISK_BEFORE = re_compile(r"\b(?:risk|chance|likelihood|odds|symptoms?|side effects?)\b")
READER_RISK = re_compile(r"\b(?:risk|chance|likelihood|odds|side effects?)\b")
# a benefit word or figure that measures a risk: "30% lower risk", "less likely to"
RISK_AFTER = re_compile(r"(?:\s+[\w-]+){0,2}?\s+(?:risk|chances?|odds|likelihood|likely)\b")
# an object left open in a pattern: the name is looked up in data/conditions.txt after it
OPEN_OBJECT = r"(?=[a-z0-9])"
RISK_OBJECT = re_compile(r"\s*(?:the |your )?(?:risk|chance|likelihood|odds)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Category:
    key: str
    rule: Rule
    message: str
    suggestion: str
    pattern: re.Pattern[str] | None
    product_pattern: re.Pattern[str] | None
    generic_pattern: re.Pattern[str] | None
    generic_requires: re.Pattern[str] | None
    exceptions: re.Pattern[str] | None
    hedges: bool
    interventions: bool
    citation: bool
    clear_if: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Frame:
    """Subject x verb x object: who is said to treat what (issue 9)."""

    product: re.Pattern[str]
    remedy: re.Pattern[str]
    pronoun: re.Pattern[str]
    fragment: re.Pattern[str]
    predicate: re.Pattern[str]
    message: str
    who: Mapping[str, str]
    cell_death: re.Pattern[str]
    ally: re.Pattern[str]
    story: re.Pattern[str]
    recovery: re.Pattern[str]
    first_person: re.Pattern[str]
    report: re.Pattern[str]
    therapy: re.Pattern[str]
    possessive: re.Pattern[str]
    label_for: re.Pattern[str]
    label_indication: re.Pattern[str]
    passive: re.Pattern[str]
    passive_own: re.Pattern[str]
    use_to: re.Pattern[str]
    results: re.Pattern[str]
    therapy_for: re.Pattern[str]
    best_way: re.Pattern[str]
    label_copy: re.Pattern[str]
    brand_predicate: re.Pattern[str]
    label_promise: re.Pattern[str]
    remedy_name: re.Pattern[str]
    anti_cancer: re.Pattern[str]
    # the same, with an empty object: where a name of data/conditions.txt is looked up
    predicate_open: re.Pattern[str]
    label_copy_open: re.Pattern[str]
    brand_predicate_open: re.Pattern[str]
    # the treating family's nominal and adjectival forms
    nominal_label: re.Pattern[str]
    nominal_with: re.Pattern[str]
    relief_label: re.Pattern[str]
    better_marker: re.Pattern[str]
    keep_under: re.Pattern[str]
    fighting: re.Pattern[str]
    anti_condition: re.Pattern[str]
    property_nouns: re.Pattern[str]
    anti_noun: re.Pattern[str]
    ingredient: re.Pattern[str]  # a plant part, a vitamin, a mineral: judged as a remedy
    rhetorical: re.Pattern[str]  # a question that takes the claim as known
    nominal_excerpt: re.Pattern[str]
    no_match: re.Pattern[str]


@dataclass(frozen=True)
class Proof:
    """Uncited proof tied to a claimant (HL504 in its real wordings, issue 9 kind 3)."""

    before: re.Pattern[str]
    after: re.Pattern[str]
    benefits: re.Pattern[str]
    claimed: re.Pattern[str]
    care: re.Pattern[str]
    message: str
    who: Mapping[str, str]


@dataclass(frozen=True)
class DiseaseVocabulary:
    message: str
    suggestion: str
    disease: re.Pattern[str]
    absolute: re.Pattern[str]
    verb: re.Pattern[str]
    third_person: frozenset[str]
    disappear: re.Pattern[str]
    universal: re.Pattern[str]
    anti_fragment: re.Pattern[str]
    anti_property: re.Pattern[str]
    effective_against: re.Pattern[str]
    covid: re.Pattern[str]
    protection: re.Pattern[str]
    covid_remedy: re.Pattern[str]
    modal_fragment: re.Pattern[str]
    mechanism_fragment: re.Pattern[str]
    reassurance: re.Pattern[str]
    testimonial_use: re.Pattern[str]
    testimonial_result: re.Pattern[str]
    testimonial_marker: re.Pattern[str]
    testimonial_message: str
    testimonial_suggestion: str


@dataclass(frozen=True)
class Lexicon:
    categories: tuple[Category, ...]
    disease: DiseaseVocabulary
    frame: Frame
    proof: Proof
    product: re.Pattern[str]
    intervention: re.Pattern[str]
    allow: re.Pattern[str] | None
    pseudo: str
    # every category pattern, a cheap first pass: grouped by the words one of which each
    # cannot match without (``patterns.required_literals``), each group in one alternation
    # tried only when one of its words is in the sentence; the patterns that need no plain
    # word in ``any_phrase``, tried always
    any_phrase: re.Pattern[str] | None
    keyed_phrases: tuple[re.Pattern[str], ...]
    phrase_keys: Mapping[str, tuple[int, ...]]  # a word, the keyed_phrases that need it
    phrase_words: regex_cache.WordFinder  # the words of phrase_keys
    clause: ClauseReader  # the family as the learned second opinion (HL512) reads it
    clause_more: ClauseReader  # the same with [frame] `verbs-more` ...: what the rules read
    conditions: Conditions  # any disease or condition, looked up after a verb
    # the project's own words (spelling `words` and `wordlists`, lower-cased): a name the
    # writer has confirmed (a medicine's brand, "Lyrica") is not a coined brand
    known_names: frozenset[str] = frozenset()

    def may_claim(self, low: str, pos: int) -> bool:
        """Some category pattern matches in ``low`` from ``pos``: what one alternation of them
        all would say (an alternation matches where one of its alternatives does)."""
        if self.any_phrase is not None and self.any_phrase.search(low, pos) is not None:
            return True
        phrases, keys = self.keyed_phrases, self.phrase_keys
        tried = {i for word in self.phrase_words.found(low) for i in keys[word]}
        return any(phrases[i].search(low, pos) is not None for i in sorted(tried))


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int
    end: int
    message: str
    suggestion: str


# ---- the lexicon ------------------------------------------------------------------------
@cache
def _raw_lexicon() -> dict[str, Any]:
    text = resources.files("healthlint").joinpath(LEXICON_FILE).read_text("utf-8")
    return usercache.toml(text)


def _expand(pattern: str, macros: Mapping[str, str]) -> str:
    return MACRO_RE.sub(lambda m: macros[m.group(1)], pattern)


def _alternation(patterns: Iterable[str], macros: Mapping[str, str]) -> re.Pattern[str] | None:
    parts = [f"(?:{_expand(p, macros)})" for p in patterns]
    return regex_cache.compile("|".join(parts)) if parts else None


def _inflections(verb: str) -> str:
    """A regex for the forms of a (possibly multi-word) verb: treat, treats, treated, treating."""
    first, _, rest = verb.partition(" ")
    if first.endswith("e"):
        forms = rf"{first[:-1]}(?:e|es|ed|ing)"
    elif first.endswith("y") and first[-2:-1] not in "aeiou":
        forms = rf"{first[:-1]}(?:y|ies|ied|ying)"
    else:
        forms = rf"{first}(?:s|es|ed|ing|{first[-1]}ed|{first[-1]}ing)?"
    return forms + (r"\s+" + r"\s+".join(map(re.escape, rest.split())) if rest else "")


def _third_forms(verbs: Iterable[str]) -> str:
    """A regex for the third-person forms of some verbs: "treats", "wipes out"."""
    return r"(?:" + "|".join(r"\s+".join(map(re.escape, [third_person(v), *v.split()[1:]]))
                             for v in verbs) + r")"


def _label_copy(data: Mapping[str, Any], obj: str) -> re.Pattern[str]:
    """A fragment of label copy that opens with a treating verb and names its object within a
    few words ("Lowers cholesterol", "Helps with eczema", "Relieves … inflammation"). The group
    ``base`` is set when it opens with a base form that a health page also uses to advise its
    reader: that one needs a promise as well."""
    skip = set(data["label-skip"])
    kept = [v for v in data["verbs"] if v.split()[0] not in skip and v not in data["label-only"]]
    only = list(data["label-only"])
    helped = _base_forms(kept + only)
    ellipsis = r"(?:…|\.\s?\.\s?\.)"
    # "Helps . . . high cholesterol", "Help you fight off ...", "May help slow (the)
    # progression of Alzheimer's" (slowing a disease's progression treats it; "slow" alone is
    # structure/function wording)
    verb = (rf"(?:helps(?=\s*{ellipsis})|helps? you (?:to )?{helped}"
            rf"|(?:(?:may|can) (?:help )?|helps (?:to )?)?slow(?:s|ing)? (?:down )?(?:the )?"
            rf"progression of"
            rf"|(?:helps|aids)(?:\s+(?:to|in))?\s+(?:{ellipsis}\s*)?{helped}|helps with"
            rf"|aids (?:in|with)|{data['adjectives']}"
            rf"|(?:may|can|will|could)\s+(?:(?:also|even|naturally|effectively"
            rf"|help|help to)\s+){{0,2}}{helped}|{_third_forms(kept + only)}|{_base_forms(only)}"
            rf"|(?P<base>{_base_forms(kept)}))")
    gap = (r"(?:(?!(?:where|when|which|that|while|because|but|so|if|by|with|through|your"
           r"|healthy|normal|already|hdl|good)\b)(?:[\w’'-]+,?|" + ellipsis + r")\s+){0,4}?")
    # "Naturally lowers blood sugar", "Selectively destroys cancer cells": an adverb may open it
    return regex_cache.compile(rf"[^\w\[]*(?P<to>to\s+)?"
                               rf"(?:(?!(?:only|usually|generally|typically|normally|mostly"
                               rf"|occasionally|rarely|frequently|possibly|potentially|probably"
                               rf"|partly|partially|likely)\b)[a-z]+ly\s+){{0,2}}"
                               rf"(?P<verb>{verb})\b"
                               rf"(?:\s*{ellipsis}\s*|\s+){gap}(?P<object>{obj})\b")


def _base_forms(verbs: Iterable[str]) -> str:
    """A regex for the base (infinitive) forms of some verbs: "treat", "wipe out"."""
    return r"(?:" + "|".join(r"\s+".join(map(re.escape, v.split())) for v in verbs) + r")"


def third_person(verb: str) -> str:
    first = verb.split()[0]
    if first.endswith(("s", "x", "ch", "sh", "z")):
        return first + "es"
    if first.endswith("y") and first[-2:-1] not in "aeiou":
        return first[:-1] + "ies"
    return first + "s"


def _disease_vocabulary(data: Mapping[str, Any], macros: Mapping[str, str]) -> DiseaseVocabulary:
    absolute = list(data["absolute-verbs"])
    verbs = absolute + list(data["verbs"])

    def words(items: Iterable[str]) -> re.Pattern[str]:
        return regex_cache.compile(r"\b(?:" + "|".join(_inflections(v) for v in items) + r")\b")

    def compiled(key: str) -> re.Pattern[str]:
        return regex_cache.compile(_expand(data[key], macros))

    return DiseaseVocabulary(
        message=data["message"],
        suggestion=data["suggestion"],
        disease=regex_cache.compile(r"\b" + macros["disease"] + r"\b"),
        absolute=words(absolute),
        verb=words(verbs),
        third_person=frozenset(third_person(v) for v in verbs if not v.startswith("help ")),
        disappear=regex_cache.compile(
            r"\b" + macros["disease"] + r"\s+(?:will\s+)?" + data["disappear"]),
        universal=compiled("universal"),
        anti_fragment=regex_cache.compile(
            r"^[^\w]*" + data["anti"] + r"(?:\s+and\s+[\w-]+)?\s+(?:effects?|properties|activity"
            r"|actions?|cytotoxicity)\b", re.IGNORECASE),
        anti_property=regex_cache.compile(
            r"\b(?:has|have|had|with|possess(?:es)?|shows?|showing)\s+(?:\w+\s+)?"
            + data["anti"] + r"\s+(?:effects?|properties|activity|actions?)\b"),
        effective_against=compiled("effective-against"),
        covid=regex_cache.compile(r"\b" + data["covid"] + r"\b"),
        protection=regex_cache.compile(r"\b" + data["protection"] + r"\b"),
        covid_remedy=compiled("covid-remedy"),
        modal_fragment=regex_cache.compile(
            r"^[^\w\[]*(?P<verb>" + data["modals"] + r")\s+(?:" + data["modal-fillers"]
            + r"\s+){0,2}?" + _base_forms(verbs) + r"\b", re.IGNORECASE),
        mechanism_fragment=regex_cache.compile(
            r"^[^\w\[]*(?P<verb>" + _base_forms(data["mechanism-verbs"])
            + r")\s+(?:[\w’'-]+\s+){0,2}?" + macros["disease"] + r"\b", re.IGNORECASE),
        reassurance=compiled("reassurance"),
        testimonial_use=compiled("testimonial-use"),
        testimonial_result=compiled("testimonial-result"),
        testimonial_marker=compiled("testimonial-marker"),
        testimonial_message=data["testimonial-message"],
        testimonial_suggestion=data["testimonial-suggestion"],
    )


def _frame(data: Mapping[str, Any], story: str, recovery: str, first_person: str,
           macros: Mapping[str, str]) -> Frame:
    gap = int(data["gap"])
    verbs = r"\b(?:" + "|".join(_inflections(v) for v in data["verbs"]) + r")\b"
    # "provides relief from", "is a natural treatment for": a verb and a noun of the family
    verbs = rf"(?:{data['nominal-verbs']}|{data['adjectives']}|{verbs})"
    # the subject, up to `gap` words, a verb of the family, up to 5 words, the object
    predicate = (r"(?:\s+(?:to\s+)?(?:[\w’'-]+\s+(?:to\s+)?){{0,{gap}}}?|\s*)(?P<verb>{verbs})"
                 r"(?:\s+(?:(?!(?:where|when|which|that|while|because|but|so|if)\b)[\w’'-]+,?\s+)"
                 r"{{0,4}}?|\s+)(?P<object>\b{obj})\b")
    obj = _expand(data["object"], macros)

    def brand_predicate(obj: str) -> str:
        return (r"(?:\s+(?:also|even|naturally|effectively|quickly|safely|can|may|will|could"
                rf"|helps?|to))*\s+(?P<verb>{verbs})(?:\s+(?:(?!(?:where|when|which|that|while"
                rf"|because|but|so|if)\b)[\w’'-]+,?\s+){{0,4}}?|\s+)(?P<object>{obj})\b")

    def framed(key: str) -> re.Pattern[str]:
        return regex_cache.compile(data[key].replace("{object}", obj)
                                   .replace("{therapy}", data["therapy"]).replace("{verbs}", verbs))

    return Frame(
        therapy=regex_cache.compile(data["therapy"]),
        possessive=regex_cache.compile(data["possessive"]),
        label_for=framed("label-for"),
        label_indication=framed("label-indication"),
        passive=framed("passive"),
        passive_own=regex_cache.compile(data["passive-own"]),
        use_to=regex_cache.compile(data["use-to"]),
        results=framed("results"),
        therapy_for=framed("therapy-for"),
        best_way=framed("best-way"),
        label_copy=_label_copy(data, obj),
        brand_predicate=regex_cache.compile(brand_predicate(obj)),
        brand_predicate_open=regex_cache.compile(brand_predicate(OPEN_OBJECT)),
        predicate_open=regex_cache.compile(
            predicate.format(gap=gap, verbs=verbs, obj=OPEN_OBJECT)),
        label_copy_open=_label_copy(data, OPEN_OBJECT),
        nominal_label=regex_cache.compile(data["nominal-label"]),
        nominal_with=regex_cache.compile(data["nominal-with"]),
        relief_label=regex_cache.compile(data["relief-label"]),
        better_marker=regex_cache.compile(data["better-marker"]),
        keep_under=regex_cache.compile(data["keep-under"]),
        fighting=regex_cache.compile(data["fighting"]),
        anti_condition=regex_cache.compile(data["anti-condition"]),
        property_nouns=regex_cache.compile(data["property-nouns"]),
        anti_noun=regex_cache.compile(data["anti-noun"]),
        ingredient=regex_cache.compile(data["ingredient"]),
        rhetorical=regex_cache.compile(data["rhetorical"]),
        nominal_excerpt=regex_cache.compile(data["nominal-excerpt"]),
        no_match=regex_cache.compile(data["no-match"]),
        label_promise=regex_cache.compile(data["label-promise"]),
        remedy_name=framed("remedy-name"),
        anti_cancer=regex_cache.compile(data["anti-cancer"]),
        product=regex_cache.compile(data["product"]),
        remedy=regex_cache.compile(data["remedy"]),
        pronoun=regex_cache.compile(data["pronoun"]),
        fragment=regex_cache.compile(data["fragment"]),
        predicate=regex_cache.compile(predicate.format(gap=gap, verbs=verbs, obj=obj)),
        message=data["message"],
        who=dict(data["who"]),
        cell_death=regex_cache.compile(data["cell-death"]),
        ally=regex_cache.compile(_expand(data["ally"], macros)),
        story=regex_cache.compile(_expand(story.replace("{object}", data["object"]), macros)),
        recovery=regex_cache.compile(_expand(recovery.replace("{object}", data["object"]), macros)),
        first_person=regex_cache.compile(first_person),
        report=regex_cache.compile(data["report"]),
    )


def _more_of_the_family(frame: Mapping[str, Any]) -> dict[str, Any]:
    """[frame] with `verbs-more`, `adjectives-more` and `nominal-more` added to its `verbs`,
    `adjectives` and `nominal-verbs`: the family as the rules read it. The learned second
    opinion (HL512) reads the family without them, as its shipped weights were trained."""
    more = dict(frame)
    more["verbs"] = [*frame["verbs"], *frame["verbs-more"]]
    more["adjectives"] = f"(?:{frame['adjectives']}|{frame['adjectives-more']})"
    more["nominal-verbs"] = f"(?:{frame['nominal-verbs']}|{frame['nominal-more']})"
    return more


def _clause_reader(data: Mapping[str, Any], frame: Mapping[str, Any],
                   macros: Mapping[str, str]) -> ClauseReader:
    """The clause reader with its trigger: a verb of the frame's family and, within a few
    words, its object (a condition, a marker, cancer cells), unless "healthy" or "normal"
    stands before the marker (structure/function wording: "supports healthy blood sugar")."""
    verbs = r"\b(?:" + "|".join(_inflections(v) for v in frame["verbs"]) + r")\b"
    verbs = rf"(?:{frame['nominal-verbs']}|{frame['adjectives']}|{verbs})"
    # its own objects first: "cancer cells" before the frame's "cancer"
    obj = _expand(data["object"], macros) + "|" + _expand(frame["object"], macros)
    gap = (r"(?!(?:where|when|which|that|while|because|but|so|if|healthy|normal|good|hdl|risk"
           r"|chance|odds|likelihood|side)\b)[\w’'-]+,?\s+")
    claim = (rf"(?<![\w-])(?P<verb>{verbs})(?:\s+(?!(?:and|or)\b)(?:{gap}){{0,4}}?|\s+)"
             rf"(?P<object>\b(?:{obj}))\b(?!-)")
    medicine = r"\b[a-z]*(?:" + regex_cache.word_alternation(data["medicine-stems"]) + r")\b"
    return ClauseReader.from_data(
        data, claim=regex_cache.compile(claim),
        verb=regex_cache.compile(rf"(?<![\w-]){verbs}"), medicine=regex_cache.compile(medicine),
        condition=regex_cache.compile(r"\b(?:" + obj + r")\b"),
        biology=regex_cache.compile(data["biology"]),
        title_advice=regex_cache.compile(r"(?:" + "|".join(data["title-advice"]) + r")\b"))


def _category_key(name: str, categories: Mapping[str, Any]) -> str:
    """A category named by its key, its rule code or its rule name."""
    wanted = name.strip().lower()
    for key, table in categories.items():
        rule_obj = _RULES[table["rule"]]
        if wanted in (key, rule_obj.code.lower(), rule_obj.name):
            return key
    valid = ", ".join(f"{k} ({categories[k]['rule']})" for k in categories)
    raise ConfigError(f"claims.extra: unknown category {name!r}; valid: {valid}")


def _validate_phrases(where: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: expected a list of non-empty phrases")
    return [v.strip() for v in value]


@lru_cache(maxsize=32)
def load_lexicon(extra: tuple[tuple[str, tuple[str, ...]], ...] = (),
                 allow: tuple[str, ...] = ()) -> Lexicon:
    """The built-in lexicon, with a project's extra phrases added and allowed phrases removed."""
    data = _raw_lexicon()
    macros = data["macros"]
    added: dict[str, list[str]] = {}
    for name, phrases in extra:
        added.setdefault(_category_key(name, data["categories"]), []).extend(phrases)
    categories = []
    negative_starts: list[str] = []
    every_source: list[str] = []
    for key, table in data["categories"].items():
        phrases = [*table.get("phrases", []), *added.get(key, [])]
        patterns = [phrase_pattern(p) for p in phrases] + list(table.get("patterns", []))
        # a pattern that opens with a negation word is the claim, not a negation of it
        negative_starts += [p for p in [*patterns, *table.get("product-patterns", [])]
                            if NEGATIVE_START.match(p.removeprefix(r"\b"))]
        every_source += [*patterns, *table.get("product-patterns", []),
                         *table.get("generic-patterns", [])]
        categories.append(Category(
            key=key,
            rule=_RULES[table["rule"]],
            message=table["message"],
            suggestion=table["suggestion"],
            pattern=_alternation(patterns, macros),
            product_pattern=_alternation(table.get("product-patterns", []), macros),
            generic_pattern=_alternation(table.get("generic-patterns", []), macros),
            generic_requires=_alternation([table["generic-requires"]], macros)
            if "generic-requires" in table else None,
            exceptions=_alternation(table.get("exceptions", []), macros),
            hedges=bool(table.get("hedges", False)),
            interventions=bool(table.get("interventions", False)),
            citation=bool(table.get("citation", False)),
            clear_if=regex_cache.compile(_expand(table["clear-if"], macros))
            if "clear-if" in table else None,
        ))
    allowed = _alternation([phrase_pattern(p) for p in allow], macros)
    keyed: dict[frozenset[str], list[str]] = {}
    for source in every_source:
        source = _expand(source, macros)
        keyed.setdefault(regex_cache.required_literals(source) or frozenset(), []).append(source)
    unkeyed = keyed.pop(frozenset(), [])
    clause = _clause_reader(data["clause"], data["frame"], macros)
    more = _more_of_the_family(data["frame"])
    lexicon = Lexicon(
        categories=tuple(categories),
        disease=_disease_vocabulary(data["disease-claim"], macros),
        frame=_frame(more, data["disease-claim"]["testimonial-story"],
                     data["disease-claim"]["testimonial-recovery"],
                     data["disease-claim"]["first-person"], macros),
        proof=Proof(
            before=regex_cache.compile(data["proof"]["before"]),
            after=regex_cache.compile(data["proof"]["after"]),
            benefits=regex_cache.compile(data["proof"]["benefits"]),
            # what the proof is said to show: a benefit, a figure, a disease or a condition
            claimed=regex_cache.compile(
                _expand(data["categories"]["evidence"]["generic-requires"], macros)
                + "|" + _expand(data["frame"]["object"], macros)),
            care=regex_cache.compile(data["proof"]["care"]),
            message=data["proof"]["message"],
            who=dict(data["proof"]["who"]),
        ),
        product=regex_cache.compile(macros["product"]),
        intervention=regex_cache.compile(macros["intervention"]),
        allow=allowed,
        pseudo="|".join(_expand(p, macros) for p in negative_starts),
        any_phrase=regex_cache.compile("|".join(f"(?:{p})" for p in unkeyed))
        if unkeyed else None,
        keyed_phrases=tuple(regex_cache.compile("|".join(f"(?:{p})" for p in group))
                            for group in keyed.values()),
        phrase_keys=_groups_of_words(keyed),
        phrase_words=regex_cache.WordFinder(w for words in keyed for w in words),
        clause=clause,
        clause_more=_clause_reader(data["clause"], more, macros),
        conditions=Conditions(data["frame"]["conditions-extra"], data["frame"]["conditions-skip"],
                              pattern=clause.condition),
    )
    lexicon = _gated(lexicon)
    regex_cache.save()  # the code compiled anew, for the next run
    return lexicon


def _groups_of_words(keyed: Mapping[frozenset[str], list[str]]) -> dict[str, tuple[int, ...]]:
    """For each word (in sorted order), the numbers of the groups of ``keyed`` (in order) whose
    words hold it: one pass over the groups, not one per word and group."""
    groups: dict[str, list[int]] = {}
    for number, words in enumerate(keyed):
        for word in words:
            groups.setdefault(word, []).append(number)
    return {word: tuple(groups[word]) for word in sorted(groups)}


def _gated(lexicon: Lexicon) -> Lexicon:
    """The lexicon with the patterns of its frame, disease, proof and clause readers (and its
    own) passed over in a sentence that holds none of the words they need
    (``patterns.gated``): the same matches, without running each pattern on each sentence."""
    own, frame, disease, proof, clause, more = regex_cache.gated(
        lexicon, lexicon.frame, lexicon.disease, lexicon.proof, lexicon.clause,
        lexicon.clause_more)
    return replace(own, frame=frame, disease=disease, proof=proof, clause=clause,
                   clause_more=more)


def lexicon_for(options: Mapping[str, Any]) -> Lexicon:
    extra = options.get("extra") or {}
    if not isinstance(extra, Mapping):
        raise ConfigError("claims.extra: expected a table of category = [phrases]")
    frozen = tuple(sorted((str(k), tuple(_validate_phrases(f"claims.extra.{k}", v)))
                          for k, v in extra.items()))
    allow = tuple(_validate_phrases("claims.allow", list(options.get("allow") or [])))
    return load_lexicon(frozen, allow)


_WITH_NAMES: dict[tuple[int, frozenset[str]], tuple[Lexicon, Lexicon]] = {}


@lru_cache(maxsize=8)
def _lowered(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def lexicon_in(ctx: Context) -> Lexicon:
    """The run's lexicon (``lexicon_for`` the claims options) knowing the project's own words:
    the spelling section's ``words`` and the words of its ``wordlists`` (a file that cannot be
    read adds nothing here; the spelling check reports it). One lexicon per run and word set,
    so the claims rules and the claims model share their per-document results."""
    base = lexicon_for(ctx.options("claims"))
    names = _lowered(ctx.project_words()[0])
    if not names:
        return base
    kept = _WITH_NAMES.get((id(base), names))
    if kept is None or kept[0] is not base:
        kept = _WITH_NAMES[(id(base), names)] = (base, replace(base, known_names=names))
        if len(_WITH_NAMES) > 8:
            del _WITH_NAMES[next(iter(_WITH_NAMES))]
    return kept[1]


# ---- document context -------------------------------------------------------------------
class ClaimContext:
    """What the claims check needs to know about a document beyond one sentence."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.lead_in: dict[int, str] = {}
        self.mentioned: set[int] = set()
        self._quotes: dict[int, Spans] = {}
        self._cited: dict[int, bool] = {}
        self._link_lines: list[int] | None = None  # the lines of the links, in order
        self._index()

    def _index(self) -> None:
        previous: Prose | None = None
        question: str | None = None  # "1. **What is the theory behind ...?**" (FAQ style)
        quote_run: list[Prose] = []
        before_quote: Prose | None = None
        seen: list[Prose] = []
        for block in self.doc.blocks:
            if block.in_blockquote:
                if not quote_run:
                    before_quote = previous
                quote_run.append(block)
            elif quote_run:
                self._attribute_quote(quote_run, before_quote)
                quote_run = []
            if block.in_list:
                lead = self._find_lead_in(block, seen)
                if lead:
                    self.lead_in[id(block)] = lead
            seen.append(block)
            if question is not None and MENTION_TITLE.search(question):
                self.mentioned.add(id(block))
            last = block.sentences[-1].text if block.sentences else ""
            if block.kind == "heading":
                question = None
            elif last.endswith("?") and len(last.split()) <= 30:
                question = last
            if self._in_mention_section(block):
                self.mentioned.add(id(block))
            previous = block
        if quote_run:
            self._attribute_quote(quote_run, before_quote)

    def _indent(self, block: Prose) -> int:
        return self.doc.position(block.offsets[0])[1] if block.offsets else 0

    def _find_lead_in(self, item: Prose, before: list[Prose]) -> str:
        """The sentence that introduces a list item ("Chemotherapy can:"): the paragraph or
        parent item just before its list, or the lead-in of an earlier item of the same list."""
        indent = self._indent(item)
        for block in reversed(before):
            if block.in_list and self._indent(block) > indent:
                continue  # an item of a list nested in an earlier sibling
            if block.in_list and self._indent(block) == indent:
                return self.lead_in.get(id(block), "")
            if block.text.rstrip().endswith(":") and block.sentences:
                return block.sentences[-1].text
            return ""
        return ""

    def _attribute_quote(self, run: list[Prose], before: Prose | None) -> None:
        attributed = any(SIGNATURE.search(b.text) for b in run) or (
            before is not None and QUOTE_INTRO.search(before.text) is not None)
        if attributed:
            self.mentioned.update(id(b) for b in run)

    @staticmethod
    def _in_mention_section(block: Prose) -> bool:
        section = block.section
        if block.kind == "heading":
            section = section.parent if section is not None else None
        while section is not None:
            # a section about myths or scams mentions claims to debunk them; the title (H1)
            # does not make a whole article exempt: its sentences are judged one by one
            if section.level >= 2 and MENTION_TITLE.search(section.title):
                return True
            section = section.parent
        return False

    def quotes(self, block: Prose) -> Spans:
        key = id(block)
        if key not in self._quotes:
            self._quotes[key] = Spans(quote_spans(block.text))
        return self._quotes[key]

    def cited(self, block: Prose) -> bool:
        """Whether the paragraph has a link, a footnote reference or a reference marker."""
        key = id(block)
        if key not in self._cited:
            start, end = block.span()
            first = self.doc.position(start)[0]
            last = self.doc.position(max(start, end - 1))[0]
            source_start, source_end = self.doc.line_span(first)[0], self.doc.line_span(last)[1]
            if self._link_lines is None:
                self._link_lines = sorted(link.line for link in self.doc.links)
            # a link on one of its lines: the first link line from its first on is its last
            at = bisect.bisect_left(self._link_lines, first)
            self._cited[key] = (
                (at < len(self._link_lines) and self._link_lines[at] <= last)
                or _cites(self.doc.text[source_start:source_end], block.text)
            )
        return self._cited[key]


@lru_cache(maxsize=256)
def _cites(source: str, text: str) -> bool:
    """Whether a paragraph's source lines or its text hold a reference marker (its own
    function of these strings: CITATION_SOURCE reads nothing around what it matches, so the
    lines cut out read as in the whole text). Kept for the latest paragraphs: after a pass of
    fixes most paragraphs are as they were."""
    return CITATION_SOURCE.search(source) is not None or CITATION_TEXT.search(text) is not None


def claim_context(doc: Document) -> ClaimContext:
    """The ClaimContext of a (folded) Document, once: the claims rules and the claims model
    read the same one (it depends on nothing but the Document, and what it finds out about a
    paragraph is kept)."""
    context = doc.derived.get(CONTEXT_KEY)
    if context is None:
        context = doc.derived[CONTEXT_KEY] = ClaimContext(doc)
    return context


# ---- matching ---------------------------------------------------------------------------
class SentenceView:
    """One sentence, with the lead-in of its list (if any) in front, and its scopes.

    ``inherits_product``: the sentence opens with a pronoun ("It", "They", "Which") that points
    back to a product named in marketing voice in the sentence before, so it speaks of that
    product too ("Colloidal silver ... Which can disable viruses"). A medicine named in the
    sentence itself is still its subject: "... It takes days for the immune system to destroy
    the virus".
    """

    def __init__(self, sentence: Sentence, lead: str, lexicon: Lexicon,
                 inherits_product: bool = False) -> None:
        self.sentence = sentence
        self.lead = lead
        # the lead-in's colon would end its scope: "Chemotherapy can: - cure your cancer"
        lead = lead[:-1] + " " if lead.endswith(":") else lead
        self.shift = len(lead) + 1 if lead else 0
        self.text = f"{lead} {sentence.text}" if lead else sentence.text
        self.low = lower(self.text)
        self.lexicon = lexicon
        self._scopes: Scopes | None = None
        self._matches: dict[re.Pattern[str], Spans] = {}
        self.budget = MAX_CANDIDATES
        self.unchecked: int | None = None  # where the first phrase left unexamined starts
        self.inherits_product = inherits_product
        self._product: bool | None = True if inherits_product else None

    @property
    def scopes(self) -> Scopes:
        if self._scopes is None:
            self._scopes = Scopes(self.text, self.lexicon.pseudo or None)
        return self._scopes

    @property
    def product_voice(self) -> bool:
        if self._product is None:
            # an unapproved therapy (stem cells, exosomes ...) is sold like a product
            # ("blood-forming stem cells" alone are biology, "stem cell therapy" is sold)
            self._product = self.lexicon.product.search(self.low) is not None or any(
                BARE_STEM_CELLS.fullmatch(m.group()) is None
                for m in self.lexicon.frame.therapy.finditer(self.low))
        return self._product

    def product_subject(self, start: int) -> bool:
        """The product in marketing voice is what the words at ``start`` are said of: no hedge
        or medicine can excuse them."""
        return self.product_voice and not (self.inherits_product and
                                           self.intervention_before(start))

    def intervention_before(self, start: int) -> bool:
        left, _ = self.scopes.clause(start, start + 1)
        if self.low.endswith(", which", 0, left):  # "Vaccines, which work against cancer"
            left = self.scopes.clause(left - 7, left - 6)[0]
        # "our treatments", "our clinic's therapy": a business speaking of what it sells, in a
        # service's voice (issue 9, kind 7), not a medicine or procedure as the subject
        return any(not OUR_BEFORE.search(self.low, max(0, m.start() - 40), m.start())
                   for m in islice(self.lexicon.intervention.finditer(self.low, left, start),
                                   MAX_CANDIDATES))

    def not_asserted(self, start: int, end: int) -> bool:
        return self.scopes.negated(start, end) or self.scopes.attributed(start, end)

    def candidates(self, matches: Iterable[re.Match[str]]) -> Iterator[re.Match[str]]:
        """``matches``, while the sentence's budget of phrases to examine lasts (each one is
        judged against its clause, so an unbounded number made a sentence's time grow with
        the square of its length). The first one left out is remembered for HL509."""
        for match in matches:
            if self.budget <= 0:
                if self.unchecked is None or match.start() < self.unchecked:
                    self.unchecked = match.start()
                return
            self.budget -= 1
            yield match

    def overlaps(self, pattern: re.Pattern[str] | None, start: int, end: int) -> bool:
        """A match of ``pattern`` in the sentence overlaps ``[start, end)``. The matches are
        found once per sentence and pattern, not once per phrase."""
        if pattern is None:
            return False
        if pattern not in self._matches:
            self._matches[pattern] = Spans.of(pattern, self.low)
        return self._matches[pattern].overlaps(start, end)


def _is_label(block: Prose, start: int) -> bool:
    """``start`` is in a short label that names a thing: "Detoxification: treatments ..."."""
    colon = block.text.find(":")
    if colon < 0 or start > colon:
        return False
    return len(block.text[:colon].split()) <= 4


def _generic_claim(category: Category, view: SentenceView, lexicon: Lexicon, end: int
                   ) -> tuple[int, int] | None:
    """What "studies show" is said to show is a claim: that something works or is safe
    (``generic-requires``), or, of a product in marketing voice, anything about a disease
    ("In vitro tests showed that viruses could not enter cells with our silver"). Returns the
    span of the words that say what is shown (the benefit, or the disease), or None."""
    # "Studies show that treating PV improves ...": what is shown is about a treatment or a
    # medicine, not a product
    if not view.product_voice and TREATMENT_SHOWN.match(view.low, end):
        return None
    low = view.low
    benefits = category.generic_requires.finditer(low, end) \
        if category.generic_requires is not None else iter(())
    # a figure or a comparison of the reader's risk ("30% lower risk of stroke") is a risk,
    # not a benefit claimed: the next benefit word decides
    claimed = next((m for m in islice(benefits, MAX_CANDIDATES)
                    if not RISK_AFTER.match(low, m.end())), None)
    if claimed is not None:
        # what the research is said to show is about a licensed medicine, a procedure or
        # vaccine, a behaviour or a group of people, named before the benefit ("Research
        # confirms that the HPV vaccine prevents ...", "that regular exercise lowers ...",
        # "that people who eat more fibre have lower ..."): research about medicine or
        # health, judged the same way whatever the wording, unless a product is being sold
        if view.product_voice or not _shown_of_care(view, lexicon, end, claimed.start()):
            return claimed.span()
        return None
    disease = lexicon.disease.disease.search(low, end) if view.product_voice else None
    return disease.span() if disease is not None else None


def _shown_of_care(view: SentenceView, lexicon: Lexicon, start: int, end: int) -> bool:
    """The words between a proof phrase and the benefit it claims (the subject of what is
    shown) name a medicine, a procedure or vaccine, a behaviour or a group of people."""
    low = view.low
    end = min(end, start + 80)
    # "that this diet reverses ...", "users sleep longer": the seller's product or its users
    if OWN.search(low, start, end) is not None or USERS.search(low, start, end) is not None:
        return False
    return (lexicon.intervention.search(low, start, end) is not None
            or LICENSED.search(low, start, end) is not None
            or lexicon.clause.medicine.search(low, start, end) is not None
            or lexicon.proof.care.search(low, start, end) is not None)


def lexicon_hits(view: SentenceView, lexicon: Lexicon) -> Iterator[Hit]:
    low = view.low
    if not lexicon.may_claim(low, view.shift):
        return
    for category in lexicon.categories:
        for pattern, kind in ((category.pattern, ""), (category.product_pattern, "product"),
                              (category.generic_pattern, "generic")):
            if pattern is None:
                continue
            for match in view.candidates(pattern.finditer(low, view.shift)):
                start, end = match.span()
                if kind == "product" and not view.product_voice:
                    continue
                shown = _generic_claim(category, view, lexicon, end) \
                    if kind == "generic" else None
                if kind == "generic" and shown is None:
                    continue
                if view.overlaps(category.exceptions, start, end):
                    continue
                if view.not_asserted(start, end):
                    continue
                if category.clear_if is not None and category.clear_if.search(low) is not None:
                    continue
                if not view.product_subject(start):
                    if category.hedges and view.scopes.hedged(start, end):
                        continue
                    if category.interventions and view.intervention_before(start):
                        continue
                words = view.text[start:end]
                if shown is not None:
                    # the finding names what the proof is said to show, and spans it: "“Studies
                    # show the spray helps”", "“Studies show … fewer colds”"
                    words = view.text[start:shown[1]] if shown[1] - start <= 60 else \
                        f"{words} … {view.text[shown[0]:shown[1]]}"
                    end = shown[1]
                yield Hit(category.rule, start, end, category.message.format(match=words),
                          category.suggestion)


def _claimant(view: SentenceView, lexicon: Lexicon, start: int, end: int
              ) -> tuple[str, int, int] | None:
    """Who uncited proof is claimed for, between ``start`` and ``end``: the writer's own
    product or service, a product, a remedy, an unapproved therapy or a brand; None for a
    treatment, a licensed medicine or nobody."""
    low, frame = view.low, lexicon.frame
    own = re.compile(r"\b(?:our|this|these|my) [\w’'-]+").search(low, start, end)
    if own is not None and lexicon.intervention.fullmatch(low, own.end() - len(
            own.group().split()[-1]), own.end()) is None:
        return "own", *own.span()
    # a remedy, food or product form ("acupuncture", "mistletoe extracts") is what research
    # summaries report on (NCI PDQ: "trials found that acupuncture ..."): not a claimant
    therapy = frame.therapy.search(low, start, end)
    if therapy is not None:
        return "therapy", *therapy.span()
    # a brand beside a medicine ("antihistamines such as Atarax") is a medicine's brand, and
    # so is a licensed medicine's name ("studies show Ozempic ...")
    brand = BRAND.search(view.text, start, end)
    if brand is not None and _medicines_only(brand.group()):
        brand = None
    if brand is None:  # a coined name anywhere, the sentence's first word too ("Kelvora has")
        brand = next((m for m in CAPITALISED.finditer(view.text, start, end)
                      if _coined_name(m.group(), lexicon.known_names)), None)
    if brand is not None and lexicon.intervention.search(low, start, end) is None \
            and LICENSED.search(low, start, end) is None:
        return "brand", *brand.span()
    return None


def proof_hits(view: SentenceView, lexicon: Lexicon) -> Iterator[Hit]:
    """HL504 in its real wordings: research said to prove something of a claimant."""
    proof, low = lexicon.proof, view.low
    found: tuple[str, int, int, int, int] | None = None  # who, claimant, the proof phrase
    for match in view.candidates(proof.before.finditer(low, view.shift)):
        _, right = view.scopes.clause(match.start(), match.end())
        window = min(right, match.end() + 40)
        who = _claimant(view, lexicon, match.end(), window)
        if who is not None and who[1] - match.end() <= 12 \
                and proof.claimed.search(low, who[2]) is not None:
            found = (who[0], who[1], who[2], match.start(), match.end())
            break
    if found is None:
        for match in view.candidates(proof.after.finditer(low, view.shift)):
            left = max(view.shift, match.start() - 80)
            who = _claimant(view, lexicon, left, match.start())
            if who is not None and proof.claimed.search(low, match.end()) is not None:
                found = (who[0], who[1], who[2], match.start(), match.end())
                break
    if found is None:
        for match in view.candidates(proof.benefits.finditer(low, view.shift)):
            who = _claimant(view, lexicon, view.shift, match.start())
            if who is not None:
                found = (who[0], who[1], who[2], match.start(), match.end())
                break
    if found is None:
        return
    who, c_start, c_end, p_start, p_end = found
    start, end = min(c_start, p_start), max(c_end, p_end)
    # the proof itself must be asserted ("X isn't the only thing ... it has been shown to")
    if not view.not_asserted(p_start, p_end):
        text = view.text
        first, second = sorted(((c_start, c_end), (p_start, p_end)))
        words = f"{text[first[0]:first[1]].strip()} … {text[second[0]:second[1]].strip(' ,')}"
        yield Hit(UNSUPPORTED_EVIDENCE, start, end,
                  proof.message.format(frame=words, who=proof.who[who]),
                  next(c.suggestion for c in lexicon.categories if c.rule is UNSUPPORTED_EVIDENCE))


def disease_hits(view: SentenceView, lexicon: Lexicon) -> Iterator[Hit]:
    """HL508: a verb and a disease together, stated flatly in marketing voice. The kinds of
    wording are tried in order, and the first that finds a claim reports the sentence."""
    scan = _DiseaseScan(view, lexicon)
    for kind in _DISEASE_KINDS:
        found = kind(scan)
        if found is not None:
            yield found
            return


@dataclass
class _DiseaseScan:
    """One sentence as the disease-claim kinds read it."""

    view: SentenceView
    lexicon: Lexicon

    def __post_init__(self) -> None:
        self.vocab = self.lexicon.disease
        self.low = self.view.low
        self.shift = self.view.shift
        self.diseases = list(self.vocab.disease.finditer(self.low, self.shift))
        self.question = self.view.sentence.text.rstrip(" *_\"”’)").endswith("?") \
            and self.lexicon.frame.rhetorical.match(lower(self.view.sentence.text)) is None

    def hit(self, start: int, end: int) -> Hit:
        return Hit(DISEASE_CLAIM, start, end,
                   self.vocab.message.format(match=self.view.text[start:end]),
                   self.vocab.suggestion)

    def framed(self, start: int, end: int, who: str, words: str | None = None) -> Hit:
        """The frame's finding: ``words`` (by default the text from ``start`` to ``end``) said
        by the kind of subject ``who`` (a key of [frame] `who`)."""
        frame = self.lexicon.frame
        shown = self.view.text[start:end] if words is None else words
        return Hit(DISEASE_CLAIM, start, end, frame.message.format(frame=shown, who=frame.who[who]),
                   self.vocab.suggestion)

    def testimonial(self, start: int, end: int) -> Hit:
        return Hit(DISEASE_CLAIM, start, end, self.vocab.testimonial_message.format(
            match=self.view.text[start:end]), self.vocab.testimonial_suggestion)

    def matches(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        return self.view.candidates(pattern.finditer(self.low, self.shift))

    def flat(self, start: int, end: int) -> bool:
        """Said of the product, or neither hedged nor said of a medical intervention."""
        if self.view.product_subject(start):
            return True
        return not (self.view.scopes.hedged(start, end) or self.view.intervention_before(start))

    def asserted(self, start: int, end: int) -> bool:
        # a question asserts nothing: "Does turmeric ease arthritis pain?"
        return not self.question and not self.view.not_asserted(start, end)

    def disease_in_clause(self, match: re.Match[str], diseases: Sequence[re.Match[str]]
                          ) -> re.Match[str] | None:
        left, right = self.view.scopes.clause(*match.span())
        return next((d for d in diseases if left <= d.start() and d.end() <= right), None)

    def predicate(self, pattern: re.Pattern[str], open_pattern: re.Pattern[str], start: int,
                  end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """A verb of the family and its object from ``start`` (``pattern`` matched there),
        the object a name of the hand-written `object` or, failing that, any disease or
        condition of data/conditions.txt after the verb (``open_pattern``)."""
        claim = pattern.match(self.low, start, end)
        target: tuple[int, int] | None = None
        if claim is not None:
            # the longer name: "arthritis pain" rather than `object`'s "arthritis"
            target = claim.span("object")
            longer = self.lexicon.conditions.after(self.low, target[0], end)
            if longer is not None and longer[0] == target[0] and longer[1] > target[1]:
                target = longer
        else:
            claim = open_pattern.match(self.low, start, end)
            if claim is None:
                return None
            target = self.lexicon.conditions.after(self.low, claim.start("object"), end)
        if target is None or self.purpose(start, claim.start("verb")):
            return None
        return claim.span("verb"), target

    def purpose(self, start: int, verb: int) -> bool:
        """The verb is a purpose, not what the subject does: "<thing> (used) to treat ...",
        "drink fluids to prevent ...", "lotion to stop itching". "To" bridges a subject and
        its verb only after the words of [clause] `to-bridge` ("helps to", "formulated to"),
        and never after "used" ("Products used to treat scabies")."""
        words = self.low[start:verb].split()
        if not words or words[-1] != "to":
            return False
        return len(words) < 2 or words[-2] == "used" \
            or words[-2] not in self.lexicon.clause.to_bridge

    def around(self, match: re.Match[str], target: re.Match[str]) -> Hit:
        return self.hit(min(match.start(), target.start()), max(match.end(), target.end()))


def _anti_fragment(scan: _DiseaseScan) -> Hit | None:
    """"Anti-cancer", "anti-viral" as a fragment of their own."""
    anti = scan.vocab.anti_fragment.match(scan.view.sentence.text)
    return scan.hit(scan.shift + anti.start(), scan.shift + anti.end()) if anti else None


def _anti_cancer_claim(scan: _DiseaseScan) -> Hit | None:
    """Kind 2 as an adjective: "very powerful anti-tumor properties", "anti-cancer herbs",
    asserted, not in a sentence that reports research or names a medicine (a product's
    voice overrides both)."""
    view, low = scan.view, scan.low
    for match in scan.matches(scan.lexicon.frame.anti_cancer):
        if not scan.asserted(*match.span()):
            continue
        if not view.product_voice and (
                scan.lexicon.frame.report.search(low, scan.shift) is not None
                or TESTED.search(low, scan.shift) is not None
                or scan.lexicon.intervention.search(low, scan.shift) is not None
                or view.scopes.hedged(*match.span())):
            continue
        return scan.framed(*match.span(), "properties")
    return None


def _anti_condition_claim(scan: _DiseaseScan) -> Hit | None:
    """The family as an adjective of any condition (issue 9, kind 1): "infection-fighting
    effects", "anti-inflammatory properties", or a label's line of them alone
    ("[A]nti-inflammatory"). Judged as "anti-cancer" is: asserted, and, unless the sentence
    is in a product's voice, not in a sentence that reports research, names a medicine or
    hedges ("NSAIDs have anti-inflammatory effects")."""
    view, low, frame = scan.view, scan.low, scan.lexicon.frame
    conditions = scan.lexicon.conditions
    # "[I]nfection-fighting": a quotation's capital in brackets is the word's first letter
    bracket = LEADING_BRACKET.match(low, scan.shift)
    if bracket is not None:
        low = f"{low[:bracket.start(1) - 1]}  {bracket.group(1)}{low[bracket.end():]}"
    text = low[scan.shift:]
    for pattern in (frame.fighting, frame.anti_condition):
        for match in scan.view.candidates(pattern.finditer(low, scan.shift)):
            first = match.start()
            if pattern is frame.fighting:
                named = match.span(1)
                found = conditions.within(low, *named)
                if found is None or found[1] != named[1]:
                    continue  # "crime-fighting", "fat-burning": no condition before it
                first = found[0]
            after = frame.property_nouns.match(low, match.end())
            alone = re.fullmatch(r"[\W\d]*(?:" + pattern.pattern
                                 + r"[\s,&/]*(?:and\s+)?)+[\W]*", text) is not None
            # "is a natural antiviral": the "anti-" word as the noun the subject is said to be
            window = max(scan.shift, first - 60)
            noun = frame.anti_noun.search(low[window:first])
            if after is None and not alone and noun is None:
                continue
            if noun is not None:
                first = window + noun.start()
                # what is said to be "a natural antiviral" must be sold: a product, remedy,
                # ingredient or therapy, or a coined name ("Naproxen is a powerful
                # anti-inflammatory" names a medicine)
                if after is None and not alone and not _sold_before(scan, first):
                    continue
            end = after.end() if after is not None else match.end()
            start = bracket.start(1) - 1 if bracket is not None \
                and first == bracket.end() - 1 else first
            if not scan.asserted(start, end):
                continue
            # the "anti-" word itself ("antiviral", "antibiotic" in a list of them) is no
            # medicine named in the sentence
            medicine = any(m.start() < start or m.end() > end for pattern in (
                scan.lexicon.intervention, LICENSED, frame.report)
                for m in pattern.finditer(low, scan.shift))
            if not view.product_voice and (
                    TESTED.search(low, scan.shift) is not None
                    or medicine
                    or scan.lexicon.clause.medicine.search(low, scan.shift) is not None
                    or view.scopes.hedged(start, end)):
                continue
            return scan.framed(start, end, "properties")
    return None


def _sold_before(scan: _DiseaseScan, end: int) -> bool:
    """The words of the sentence before ``end`` name a thing sold: a product, a remedy, an
    ingredient, an unapproved therapy or a coined name."""
    frame, low = scan.lexicon.frame, scan.low
    return scan.view.product_voice or any(
        pattern.search(low, scan.shift, end) is not None
        for pattern in (frame.product, frame.remedy, frame.ingredient, frame.therapy)) or any(
        _coined_name(m.group(), scan.lexicon.known_names)
        for m in CAPITALISED.finditer(scan.view.text, scan.shift, end))


def _keep_claim(scan: _DiseaseScan) -> Hit | None:
    """"Keeps blood pressure under check", "helps keep cholesterol under control": a product
    (the subject, or the missing subject of label copy) said to control a condition. Not
    advice ("ways to keep your blood pressure under control": a purpose) nor a behaviour or a
    medicine as the subject ("Exercise keeps blood sugar under control")."""
    view, low, clause = scan.view, scan.low, scan.lexicon.clause_more
    for match in scan.matches(scan.lexicon.frame.keep_under):
        target = scan.lexicon.conditions.within(low, *match.span(2))
        if target is None or not scan.asserted(match.start(), match.end()):
            continue
        verb = match.span(1)
        opening = low[scan.shift:verb[0]].strip(" \t*_#>-–—•[(\"“'.…")
        if not opening or opening in ("helps", "help", "helps to", "can help", "may help"):
            if not _subjectless(view.sentence, view.lead, scan.lexicon):
                continue
            who, start = "fragment", verb[0]
        else:
            left = view.scopes.clause(*verb)[0]
            phrase = clause.subject(low, max(left, scan.shift), *verb, scan.shift)
            if phrase is None:
                continue
            who = _agent(scan, phrase)
            if who is None or (who not in ("product", "substance")
                               and view.scopes.hedged(*verb)):
                continue
            start = phrase.start
        if scan.lexicon.intervention.search(low, scan.shift, match.end()) is not None \
                or scan.lexicon.frame.report.search(low, scan.shift) is not None:
            continue
        return scan.framed(start, match.end(), who)
    return None


def _nominal_label_claim(scan: _DiseaseScan) -> Hit | None:
    """Label copy built on a noun of the family, with no subject (issue 9, kind 1): a word
    that sells it ("Complete Oral and Genital Herpes Remedy and Prevention", "Fast relief
    from arthritis pain"), a brand after "with" ("Herpes Prevention with H-Guard Dx"), or a
    benefit promised for a marker ("For improved A1c levels and glycemic control"). A health
    page's own heading names its topic and sells nothing ("Cancer prevention", "Treatment of
    gout", "For lower blood pressure, eat less salt")."""
    view, low, frame = scan.view, scan.low, scan.lexicon.frame
    text = view.sentence.text
    if len(text.split()) > 12 or not _subjectless(view.sentence, view.lead, scan.lexicon) \
            or scan.lexicon.intervention.search(low, scan.shift) is not None \
            or LICENSED.search(low, scan.shift) is not None \
            or scan.lexicon.clause.medicine.search(low, scan.shift) is not None:
        return None
    conditions, end = scan.lexicon.conditions, len(low)
    found: tuple[int, int] | None = None
    label = frame.nominal_label.match(low, scan.shift) \
        or frame.relief_label.match(low, scan.shift)
    sentence = text.lstrip(" \t*_#>-–—•[(\"“'")
    if label is None and (sentence[:1].islower() or text.lstrip().startswith(
            ("...", "…", ". . ."))):
        label = frame.nominal_excerpt.match(low, scan.shift)
    if label is not None:
        target = conditions.within(low, scan.shift, end)
        if target is not None:
            found = (min(label.start(), target[0]), max(label.end(), target[1]))
    brand = frame.nominal_with.search(low, scan.shift)
    if found is None and brand is not None and view.text[brand.end():brand.end() + 1].isupper():
        name = re.match(r"[\w™®-]+(?:\s+[A-Z][\w™®-]*)*", view.text[brand.end():])
        target = conditions.within(low, scan.shift, brand.start() + 1) \
            or conditions.within(low, scan.shift, end)
        if name is not None and target is not None and (
                BRAND_NAME.search(name.group())
                or _coined_name(name.group(), scan.lexicon.known_names)):
            found = (min(target[0], brand.start()), brand.end() + name.end())
    better = frame.better_marker.match(low, scan.shift)
    if found is None and better is not None and "," not in text:
        target = conditions.after(low, better.end(), end)
        if target is not None:
            opening = len(better.group()) - len(better.group().lstrip(" \t*_#>-–—•[(\"“'"))
            found = (better.start() + opening, target[1])
    if found is None or not scan.asserted(*found):
        return None
    return scan.framed(*found, "fragment", view.text[found[0]:found[1]].strip())


def _no_match_claim(scan: _DiseaseScan) -> Hit | None:
    """The condition as the subject and the product after it: "Viruses are no match for
    Young Living oils", "Ebola cannot live in the presence of cinnamon bark". The negation is
    the claim, so only attribution and a question clear it; the thing after it must be a
    product, a remedy, an ingredient or a name written with a capital."""
    view, low, frame, lexicon = scan.view, scan.low, scan.lexicon.frame, scan.lexicon
    for match in scan.matches(frame.no_match):
        left, right = view.scopes.clause(*match.span())
        target = lexicon.conditions.within(low, max(left, scan.shift), match.start())
        if target is None or scan.question or view.scopes.attributed(*match.span()):
            continue
        after = (frame.product.search(low, match.end(), right)
                 or frame.remedy.search(low, match.end(), right)
                 or frame.ingredient.search(low, match.end(), right)
                 or lexicon.product.search(low, match.end(), right)
                 or re.compile(r"\s*(?:the\s+)?[A-Z][\w’'-]+").match(view.text, match.end()))
        if after is None or lexicon.intervention.search(low, match.end(), right) is not None:
            continue
        return scan.framed(target[0], after.end(), "remedy")
    return None


def _frame_claim(scan: _DiseaseScan) -> Hit | None:
    """Subject x verb x object: a product, remedy, food, device or service (or a pronoun for a
    product named before) said to treat a disease, a marker or cancer cells."""
    frame, view, low = scan.lexicon.frame, scan.view, scan.low
    subjects: list[tuple[str, re.Match[str]]] = []
    if view.inherits_product:
        for who, pattern in (("pronoun", frame.pronoun), ("possessive", frame.possessive)):
            pronoun = pattern.match(low, scan.shift)
            if pronoun is not None:
                subjects.append((who, pronoun))
    else:
        # "Its antiviral and antimicrobial properties help protect against infections": the
        # "anti-" properties of a thing are a product's (judged like a remedy: a hedge clears)
        anti = frame.possessive.match(low, scan.shift)
        if anti is not None and ANTI_WORD.search(anti.group()) is not None:
            subjects.append(("properties", anti))
    fragment = frame.fragment.match(low, scan.shift)
    if fragment is not None:
        subjects.append(("fragment", fragment))
    for who, pattern in (("product", frame.product), ("remedy", frame.remedy),
                         ("therapy", frame.therapy)):
        # bounded like the other phrases, without spending the sentence's budget (the words
        # already examined as claims report HL509)
        subjects.extend((who, m) for m in islice(pattern.finditer(low, scan.shift),
                                                  MAX_CANDIDATES))
    for who, subject in subjects:
        left, right = view.scopes.clause(*subject.span())
        claim = scan.predicate(frame.predicate, frame.predicate_open, subject.end(), right)
        if claim is None:
            continue
        verb, target = claim
        # "using nasal spray can help relieve ...": the object of a behaviour, not the subject
        before = low[max(scan.shift, subject.start() - 30):subject.start()].split()
        if before and (before[-1] in USED_BY or before[-1].endswith("ing")):
            continue
        # "Antihistamine tablets or nasal sprays can ease ...": one of a medicine's kinds
        if before and before[-1] in ("or", "and", "&") and (
                view.intervention_before(subject.start())
                or LICENSED.search(low, left, subject.start()) is not None):
            continue
        # the subject is a medicine, a procedure or a vaccine: "steroid creams", "antibiotic drops"
        # ("our clinic's treatment" speaks for a business, not of a medicine)
        # (an unapproved therapy is named with "therapy", "injections": not a medicine; "its
        # antiviral properties" are the product's)
        if who not in ("therapy", "possessive", "properties") \
                and scan.lexicon.intervention.search(low, subject.start(), verb[0]) is not None \
                and not low.startswith(("our ", "my "), subject.start()):
            continue
        strong = who in ("product", "fragment", "pronoun", "possessive", "therapy")
        if RISK_BEFORE.search(low, verb[1], target[0]) and not strong:
            continue
        if not scan.asserted(verb[0], target[1]) \
                or scan.lexicon.intervention.search(low, verb[1], target[0]) is not None \
                or scan.lexicon.intervention.match(low, target[1] + 1) is not None \
                or LICENSED.search(low, subject.start(), subject.end()) is not None:
            continue
        if not strong and _hedged(view, *verb):
            continue
        own = low.startswith(("our ", "my ", "this ", "these "), subject.start()) \
            or who in ("fragment", "pronoun", "possessive")
        if not own and frame.report.search(low, scan.shift) is not None:
            continue
        text = view.text
        named = text[subject.start():subject.end()].strip()
        shown = text[verb[0]:target[1]]
        words = f"{named} {shown}" if verb[0] - subject.end() <= 1 else f"{named} … {shown}"
        # a label ("Benefits of X: Enhances ...") names the thing: the claim is what follows
        start = verb[0] if ":" in named else subject.start()
        return scan.framed(start, target[1], who, words)
    found = _brand_claim(scan) or _label_claim(scan) or _therapy_claim(scan)
    if found is not None:
        return found
    recovery = _recovery(scan)
    if recovery is not None:
        return recovery
    for pattern in (frame.cell_death, frame.ally, frame.remedy_name, frame.story):
        for match in scan.matches(pattern):
            if not scan.asserted(*match.span()):
                continue
            # a product's name is a label or heading of its own, not a phrase in a sentence
            # ("Herbal gout remedies are popular, but ...")
            if pattern is frame.remedy_name and len(view.sentence.text.split()) > 7:
                continue
            if pattern is frame.story:
                if not view.product_voice and scan.lexicon.intervention.search(low):
                    continue
                return scan.testimonial(*match.span())
            if view.intervention_before(match.start()) and not view.product_subject(match.start()):
                continue
            if pattern is frame.cell_death and not view.product_subject(match.start()) \
                    and view.scopes.hedged(*match.span()):
                continue
            return scan.hit(*match.span())
    return None


def _kills_cancer(low: str, verb: tuple[int, int], target: tuple[int, int]) -> bool:
    """Kind 2 by a food or remedy: "can help kill cancer cells", "may shrink tumours". Only a
    medicine or procedure may be said to do that, hedged or not; research reports are cleared
    by their own words ("in lab studies ...")."""
    return KILLING.match(low, *verb) is not None and CANCER_TARGET.search(low, *target) is not None


def _hedged(view: SentenceView, start: int, end: int) -> bool:
    """A hedge in the clause of ``start:end`` other than "can even" (a boast, ``CAN_EVEN``)."""
    if not view.scopes.hedged(start, end):
        return False
    left, right = view.scopes.clause(start, end)
    return any(not CAN_EVEN.match(view.low, at) for at, _ in view.scopes.hedges
               if left <= at < start or end <= at < right)


def _clause_claim(scan: _DiseaseScan) -> Hit | None:
    """Any noun phrase as the subject of a treating verb and its object, found by the clause
    reader ("Cranberry prevents urinary tract infections", "Sophora root inhibits viral
    replication", "polyphenols, which kill cancer cells"): a claim unless the subject is a
    licensed medicine, a procedure or vaccine, a person, the body, a behaviour or the disease."""
    view, low, clause = scan.view, scan.low, scan.lexicon.clause_more
    # bounded like [frame]'s subjects, without spending the sentence's budget
    for verb, target in islice(_verb_objects(scan), MAX_CANDIDATES):
        left = view.scopes.clause(*verb)[0]
        phrase = clause.subject(low, max(left, scan.shift), *verb, scan.shift)
        if phrase is None:
            continue
        who = _agent(scan, phrase)
        if who is None or not scan.asserted(verb[0], target[1]):
            continue
        # "relieves the symptoms of colic" is a claim to treat colic when a product says it
        # (21 CFR 101.93(g)(2)); the reader's risk is never the product's claim
        risk = READER_RISK if who in ("product", "substance", "brand") else RISK_BEFORE
        if risk.search(low, verb[1], target[0]) \
                or scan.lexicon.intervention.search(low, verb[1], target[0]) is not None:
            continue
        own = low.startswith(("our ", "my ", "this ", "these "), phrase.start)
        if not own and scan.lexicon.frame.report.search(low, scan.shift) is not None:
            continue
        if who not in ("product", "substance", "brand") and _hedged(view, *verb) \
                and not own and not _kills_cancer(low, verb, target):
            continue
        text = view.text
        named = text[phrase.start:phrase.end]
        shown = text[verb[0]:target[1]]
        words = f"{named} {shown}" if verb[0] - phrase.end <= 1 else f"{named} … {shown}"
        return scan.framed(min(phrase.start, verb[0]), target[1], who, words)
    return None


def _verb_objects(scan: _DiseaseScan) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """Each verb of the family with its object, in text order: the clause reader's own
    objects and [frame] `object` first, else any disease or condition of data/conditions.txt
    in the words after the verb."""
    clause, low = scan.lexicon.clause_more, scan.low
    named = {m.start("verb"): m for m in clause.claim.finditer(low, scan.shift)}
    for verb in clause.verb.finditer(low, scan.shift):
        claim = named.get(verb.start())
        if claim is not None:
            yield claim.span("verb"), claim.span("object")
            continue
        right = scan.view.scopes.clause(*verb.span())[1]
        target = scan.lexicon.conditions.after(low, verb.end() + 1, right) \
            if low.startswith(" ", verb.end()) else None
        # "relieves the symptoms of acute distress associated with diarrhea": the condition
        # named after the symptoms, however many words describe them
        hop = SYMPTOMS_OF.match(low, verb.end()) if target is None else None
        if hop is not None:
            target = scan.lexicon.conditions.after(low, hop.end(), right)
        if target is not None:
            yield verb.span(), target


def _agent(scan: _DiseaseScan, phrase: Phrase) -> str | None:
    """Who the noun phrase is, as [frame] `who` names it; None for a licensed medicine, a
    procedure or vaccine, a person, the body, a behaviour, a generic word or a disease, and for
    a name that nothing in the sentence sells (a drug's name reads like a herb's: only a list of
    licensed medicines could tell "Ezetimibe lowers LDL" from "Sophora root lowers LDL")."""
    low, lexicon, frame, view = scan.low, scan.lexicon, scan.lexicon.frame, scan.view
    start, end = phrase.start, phrase.end
    clause = lexicon.clause
    if low.startswith(("our ", "my "), start):
        return "product"
    # "Antihistamine tablets or nasal sprays can ease ...": one of a medicine's kinds
    left = view.scopes.clause(start, end)[0]
    if low[left:start].rstrip().endswith((" or", " and", "&")) and (
            LICENSED.search(low, left, start) is not None
            or lexicon.intervention.search(low, left, start) is not None):
        return None
    if lexicon.intervention.search(low, start, end) is not None \
            or LICENSED.search(low, start, end) is not None \
            or clause.medicine.search(low, start, end) is not None:
        return None
    # a coined name with its condition in it: "Bebelyn Colic relieves ..." (a product's name)
    if not view.intervention_before(start) \
            and _coined_name(view.text[start:end], scan.lexicon.known_names) \
            and clause.biology.search(low, scan.shift) is None \
            and not (phrase.relative and not view.text[start:start + 1].isupper()):
        return "brand"
    if scan.vocab.disease.search(low, start, end) is not None \
            or clause.condition.search(low, start, end) is not None \
            or any(w in clause.not_agents or w.endswith(PERSON_ENDINGS) for w in phrase.words) \
            or view.intervention_before(start):
        return None
    for who, pattern in (("therapy", frame.therapy), ("product", frame.product),
                         ("product", lexicon.product), ("remedy", frame.remedy)):
        if pattern.search(low, start, end) is not None:
            return who
    # a name not sold in so many words: only a placeholder or a trademark sign ("[Product]",
    # "Prefense®"), or in a sentence in a product's voice; never in a sentence about biology
    # ("osteopontin helps fight infection")
    named = view.text[start:end]
    if clause.biology.search(low, scan.shift) is not None:
        return None
    if not (PLACEHOLDER.search(named) or view.product_voice or _proper_name(scan, phrase)):
        if _coined_name(named, scan.lexicon.known_names):
            return "brand"
        # an ingredient by its class, in a sentence that sells nothing: judged as a remedy
        return "remedy" if frame.ingredient.search(low, start, end) is not None else None
    # ", which relieves ...": of a name only ("Scopoletin, which lowers ..."); after a common
    # noun it may speak of the whole clause before ("... reduce the acid, which relieves ...")
    if phrase.relative and not any(c.isupper() for c in named):
        return None
    # a licensed medicine's name or brand ("Both Tylenol and Advil relieve ...")
    if _medicines_only(named):
        return None
    return "substance"


def _coined_name(named: str, known: Set[str] = frozenset()) -> bool:
    """The subject is a name no dictionary holds: capitalised words only, one of them coined
    ("Bebelyn", "Uriflow", "Prefense": a brand the sentence treats as an agent). A medicine's
    name (FDA UNII, in the medical vocabulary: "Ezetimibe", "Metformin"; or a licensed
    medicine's brand, ``healthlint.text.medicines``: "Lyrica"), an English word
    ("Garlic", "Walking"), a plural ("Fibrates") and an acronym ("DASH", "NICE") are not
    coined, nor is a word of the project's word lists (``known``, lower-cased: a brand the
    writer confirmed for the spelling check, "Lyrica")."""
    words = NAME_WORD.findall(named)
    if not words or len(words) > 3 or not all(w[0].isupper() for w in words):
        return False
    # a plural is a class of things, of medicines too ("Fibrates lower triglycerides")
    return any(len(w) >= 4 and not w.isupper() and not w.endswith("s") and not known_word(w)
               and w.lower() not in known and not medicine_name(w) for w in words)


def _medicines_only(named: str) -> bool:
    """Every capitalised word of ``named`` is a licensed medicine's name or brand ("Advil",
    "Paxlovid and Lagevrio"); "Coral Calcium" and "Velmorix" are not."""
    names = [w for w in NAME_WORD.findall(named) if w[0].isupper()]
    return bool(names) and all(medicine_name(w) for w in names)


def _proper_name(scan: _DiseaseScan, phrase: Phrase) -> bool:
    """The noun phrase is written as a name: two capitalised words ("Coral Calcium", "Sophora
    Root") or a capital that does not open the sentence ("in six weeks Cheerios can ...")."""
    text = scan.view.text
    if _title_case(scan.view.sentence.text):  # a headline capitalises every word
        return False
    words = [(m.group(), m.start())
             for m in re.finditer(r"[A-Za-z][\w’'-]*", text[phrase.start:phrase.end])]
    capitals = [w for w, at in words if w[0].isupper() and not w.isupper()]
    opening = phrase.start + (words[0][1] if words else 0) == scan.shift + len(
        text[scan.shift:]) - len(text[scan.shift:].lstrip(" \t*_#>-–—•[(\"“'"))
    return len(capitals) >= 2 or (len(capitals) == 1 and not opening)


def _brand_claim(scan: _DiseaseScan) -> Hit | None:
    """A brand that opens the sentence ("MedaVir stops outbreaks", "Tumexal™ blocks cancer
    growth") followed at once by a treating verb and a condition; a name no dictionary spells
    that way is a product's, so a hedge is no excuse ("MedaVir can reduce cold sores")."""
    view, frame, lexicon, low = scan.view, scan.lexicon.frame, scan.lexicon, scan.low
    if view.lead:
        return None
    name = BRAND_SUBJECT.match(view.text, scan.shift)
    if name is None:
        return None
    start, end = name.span("subject")
    if lexicon.intervention.search(low, start, end) or scan.vocab.disease.search(low, start, end) \
            or LICENSED.search(low, start, end) or low.startswith(("omega", "vitamin"), start):
        return None
    claim = scan.predicate(frame.brand_predicate, frame.brand_predicate_open, name.end(),
                           view.scopes.clause(start, end)[1])
    if claim is None:
        return None
    verb, target = claim
    if RISK_BEFORE.search(low, verb[1], target[0]) or not scan.asserted(verb[0], target[1]) \
            or lexicon.intervention.search(low, end, target[1]) \
            or frame.report.search(low, scan.shift) is not None:
        return None
    text = view.text
    words = f"{text[start:end]} … {text[verb[0]:target[1]]}"
    return scan.framed(start, target[1], "brand", words)


def _recovery(scan: _DiseaseScan) -> Hit | None:
    """A first-person recovery worded as a negation or a count of uses ("I no longer have
    shingles", "it fell off after the third application"): a testimonial. Not when the
    sentence names a medicine, procedure or vaccine (a patient's story of treatment), is
    attributed or asks a question."""
    view, frame, low = scan.view, scan.lexicon.frame, scan.low
    if view.sentence.text.rstrip().endswith("?") \
            or frame.first_person.search(low, scan.shift) is None:
        return None
    match = frame.recovery.search(low, scan.shift)
    if match is None or view.scopes.attributed(*match.span()):
        return None
    if not view.product_voice and (scan.lexicon.intervention.search(low, scan.shift)
                                   or LICENSED.search(low, scan.shift)):
        return None
    return scan.testimonial(*match.span())


def _label_claim(scan: _DiseaseScan) -> Hit | None:
    """A heading or label that names a condition as the product's use: "For erectile
    dysfunction", "Indications: ...", "the most common indication for X is cataracts"."""
    frame, view, low = scan.lexicon.frame, scan.view, scan.low
    for pattern in (frame.label_for, frame.label_indication):
        match = pattern.search(low, scan.shift)
        if match is None:
            continue
        start, end = match.span()
        if pattern is frame.label_for:
            # a short heading or list item only; a medicine or procedure in it is medicine
            # (the "treatment" of "for the treatment of" is not a medicine)
            use_of = USE_OF.search(low, start, end)
            use = use_of is not None
            if len(match.group().split()) > (10 if use else 7) or view.lead \
                    or scan.lexicon.intervention.search(
                        low, use_of.end() if use_of else start, end) is not None:
                continue
            # label copy is set in capitals or Title Case ("FOR ERECTILE DYSFUNCTION", "For
            # Sexual Dysfunction"); an article's heading "For outer ear infections" is
            # sentence case and heads a section of treatment advice
            # "for the treatment of ..." names a use in any case: a heading says "Treating ..."
            words = re.findall(r"[A-Za-z][\w’'-]*", view.text[start:end])
            if (len(words) < 2 or not all(w[0].isupper() for w in words[1:]
                                          if w.lower() not in SMALL_WORDS)) and not use:
                continue
        else:
            # the words after "Indications:" name the condition; a medicine's indications
            # are a medicine's
            colon = low.find(":", start, end)
            if colon >= 0:  # the span is what follows the label, to the end of its clause
                start = end
                end = view.scopes.clause(start, start + 1)[1]
            if scan.lexicon.intervention.search(low, scan.shift) is not None \
                    or LICENSED.search(low, scan.shift) is not None:
                continue
            if end <= start:
                continue
        if not scan.asserted(start, max(end, start + 1)):
            continue
        words = view.text[start:end].strip(" :")
        return scan.framed(start, end, "label", words)
    return None


def _therapy_claim(scan: _DiseaseScan) -> Hit | None:
    """An unapproved therapy, or the product, as the agent of a treating verb ("can be treated
    with stem cells"), or results claimed for a condition ("getting great results for joint
    pain relief") in a sentence about a product or an unapproved therapy."""
    frame, view, low = scan.lexicon.frame, scan.view, scan.low
    passive = frame.passive.search(low, scan.shift)
    if passive is not None and scan.asserted(*passive.span()):
        return scan.framed(*passive.span(), "therapy")
    own = _passive_own(scan) or _use_to_claim(scan)
    if own is not None:
        return own
    # "<therapy> for patients who have joint pain", "has been used for conditions such as
    # arthritis": an unapproved therapy offered for a condition
    for used in frame.therapy_for.finditer(low, scan.shift):
        if scan.asserted(*used.span()) and not view.scopes.hedged(*used.span()):
            return scan.framed(*used.span(), "therapy")
    # "It's the best way to reduce acne": the product (a pronoun, "this", "our") as the way
    best = frame.best_way.search(low, scan.shift)
    if best is not None and scan.asserted(*best.span()):
        return scan.framed(*best.span(), "product")
    results = frame.results.search(low, scan.shift)
    if results is None or not scan.asserted(*results.span()):
        return None
    left = view.scopes.clause(*results.span())[0]
    subject = frame.therapy.search(low, left, results.start()) \
        or scan.lexicon.product.search(low, left, results.start()) \
        or frame.product.search(low, left, results.start())
    if subject is None:
        return None
    who = "therapy" if frame.therapy.fullmatch(subject.group()) else "product"
    text = view.text
    words = f"{text[subject.start():subject.end()]} … {text[results.start():results.end()]}"
    return scan.framed(subject.start(), results.end(), who, words)


def _passive_own(scan: _DiseaseScan) -> Hit | None:
    """The writer's own product or a coined name as the agent of a passive treating verb, a
    condition before it in the clause: "Eczema can be soothed with our balm" (a hedge is no
    excuse for the writer's own product; "Eczema can be treated with creams" names none)."""
    frame, view, low = scan.lexicon.frame, scan.view, scan.low
    for match in frame.passive_own.finditer(low, scan.shift):
        agent = OWN_AGENT.match(view.text, match.end())
        if agent is None or not (agent.group(1) or _coined_name(agent.group(2) or "",
                                                                scan.lexicon.known_names)) \
                or any(w in scan.lexicon.clause.not_agents
                       for w in agent.group().lower().split()[1:]):
            continue  # "with this approach", "with our help": no product
        left = view.scopes.clause(*match.span())[0]
        target = scan.lexicon.conditions.within(low, max(left, scan.shift), match.start())
        if target is None or not scan.asserted(target[0], agent.end()) \
                or scan.lexicon.intervention.search(low, match.end(), agent.end()) is not None:
            continue
        return scan.framed(target[0], agent.end(), "product")
    return None


def _use_to_claim(scan: _DiseaseScan) -> Hit | None:
    """The reader told to use the writer's product or a coined name to treat a condition
    ("Take our capsules daily to lower blood pressure", "Use Zentravo to relieve sciatica")."""
    frame, view, low = scan.lexicon.frame, scan.view, scan.low
    use = frame.use_to.match(low, scan.shift)
    if use is None:
        return None
    named = view.text[use.start(1):use.end(1)]
    if not (low.startswith(("our ", "this ", "these ", "my "), use.start(1))
            or _coined_name(named, scan.lexicon.known_names)) \
            or any(w in scan.lexicon.clause.not_agents for w in named.lower().split()[1:]) \
            or scan.lexicon.intervention.search(low, use.start(1), use.end(1)) is not None:
        return None
    claim = scan.lexicon.clause_more.claim.match(low, use.end())
    if claim is not None:
        target = claim.span("object")
    else:
        verb = scan.lexicon.clause_more.verb.match(low, use.end())
        target = scan.lexicon.conditions.after(low, verb.end() + 1, len(low)) \
            if verb is not None else None
    if target is None or not scan.asserted(use.start(1), target[1]):
        return None
    start = use.start(1)
    return scan.framed(start, target[1], "product", view.text[use.start():target[1]].strip())


def _testimonial_claim(scan: _DiseaseScan) -> Hit | None:
    story = _testimonial(scan.view, scan.lexicon)
    if story is None:
        return None
    return scan.testimonial(*story)


def _fragment_claim(scan: _DiseaseScan) -> Hit | None:
    """A heading or list fragment that starts with the verb: "Calms eczema flare-ups"."""
    fragment = _fragment_verb(scan.view.sentence, scan.vocab, scan.view.lead, scan.lexicon)
    if fragment is None:
        return None
    v_start, v_end = fragment[0] + scan.shift, fragment[1] + scan.shift
    target = next((d for d in scan.diseases if d.start() >= v_end), None)
    if target is not None and scan.asserted(v_start, target.end()):
        return scan.hit(v_start, target.end())
    return None


def _label_copy_claim(scan: _DiseaseScan) -> Hit | None:
    """Label copy that opens with a treating verb of the frame and names a condition or a
    marker ("Lowers cholesterol.", "Helps with eczema", "Stop outbreaks forever"): the product
    is its missing subject. Not a question, a table cell, a list item that continues a sentence
    or one under a lead-in that names no product ("Exercise can: - lower blood pressure")."""
    view, frame, low = scan.view, scan.lexicon.frame, scan.low
    if not _subjectless(view.sentence, view.lead, scan.lexicon):
        return None
    # "[P]rotects against ...": a quotation's capital in brackets is the verb's first letter
    bracket = LEADING_BRACKET.match(low, scan.shift)
    if bracket is not None:
        low = f"{low[:bracket.start(1) - 1]}  {bracket.group(1)}{low[bracket.end():]}"
    match = frame.label_copy.match(low, scan.shift) \
        or frame.label_copy_open.match(low, scan.shift)
    if match is None:
        return None
    verb, target = match.span("verb"), match.span("object")
    # the open pattern: a name of data/conditions.txt after the verb; or a longer name than
    # `object` found ("cancer cells", not "cancer")
    found = scan.lexicon.conditions.after(low, target[0], len(low))
    if target[0] == target[1] and found is None:
        return None
    if found is not None and found[0] == target[0] and found[1] > target[1]:
        target = found
    if bracket is not None:
        verb = (bracket.start(1) - 1, verb[1])
    # a base form counts with a promise, or set as a label in Title Case ("Relieve Muscle and
    # Joint Pain") with a verb that a health page's Title Case heading does not use to advise
    # ("Prevent Heart Disease", "Treat High Blood Pressure")
    # an excerpt that opens with an ellipsis ("...prevent the flu") lost its subject, and a
    # label's use opens with "To" ("To relieve symptoms of prostate swelling"); a page's "To
    # lower your blood pressure, eat less salt" goes on to its advice
    sentence = view.sentence.text.strip()
    excerpt = sentence.startswith(("...", "…", ". . ."))
    if match.group("to") is not None:
        if match.group("base") is None or any(c in sentence for c in ",:;") \
                or sentence.endswith("?") or view.sentence.block.kind == "heading" \
                or ADVICE_TO_READER.search(low, match.end()) is not None:
            return None
    elif match.group("base") is not None and not excerpt \
            and frame.label_promise.search(low, scan.shift) is None \
            and not (_title_case(view.sentence.text)
                     and scan.lexicon.clause.title_advice.match(low, verb[0]) is None):
        return None
    # the product relieving "symptoms of" a disease is a disease claim (21 CFR 101.93(g)(2):
    # its characteristic signs or symptoms); the reader's risk is another kind
    if RISK_OBJECT.search(low, verb[1], target[0]) or not scan.asserted(verb[0], target[1]) \
            or scan.lexicon.intervention.search(low, scan.shift, target[1]) is not None:
        return None
    words = view.text[verb[0]:target[1]]
    return scan.framed(verb[0], target[1], "fragment", words)


def _title_case(text: str) -> bool:
    """Label or packaging typography: three words or more, each capitalised but the small
    ones ("Relieve Muscle and Joint Pain"); an article's heading is in sentence case."""
    words = re.findall(r"[A-Za-z][\w’'-]*", text)
    return len(words) >= 3 and all(w[0].isupper() for w in words if w.lower() not in SMALL_WORDS)


def _universal_claim(scan: _DiseaseScan) -> Hit | None:
    """A verb before "all diseases", "any infection"."""
    view = scan.view
    for match in scan.matches(scan.vocab.universal):
        left = view.scopes.clause(*match.span())[0]
        verb = _last_verb_before(scan.vocab.verb, scan.low, left, match.start())
        if verb is not None and scan.asserted(verb.start(), match.end()) \
                and (view.product_subject(verb.start())
                     or not view.intervention_before(verb.start())):
            return scan.hit(verb.start(), match.end())
    return None


def _absolute_claim(scan: _DiseaseScan) -> Hit | None:
    """An absolute verb ("eliminates", "destroys") with a disease in its clause."""
    # "kill cancer cells", "kill bacteria": how treatments work, said in every oncology page
    killable = [d for d in scan.diseases if not scan.low.startswith(" cell", d.end())
                and not d.group().lower().startswith("bacteri")]
    for match in scan.matches(scan.vocab.absolute):
        target = scan.disease_in_clause(match, killable)
        if target is not None and scan.asserted(*match.span()) and scan.flat(*match.span()):
            return scan.around(match, target)
    return None


def _disappear_or_effective(scan: _DiseaseScan) -> Hit | None:
    for pattern in (scan.vocab.disappear, scan.vocab.effective_against):
        for match in scan.matches(pattern):
            if scan.asserted(*match.span()) and scan.flat(*match.span()):
                return scan.hit(*match.span())
    return None


def _covid_claim(scan: _DiseaseScan) -> Hit | None:
    vocab, low = scan.vocab, scan.low
    for match in scan.matches(vocab.covid):
        left, right = scan.view.scopes.clause(*match.span())
        claim = vocab.protection.search(low, left, right)
        if claim is None:
            continue
        start, end = min(claim.start(), match.start()), max(claim.end(), match.end())
        # a vitamin, mineral or herb sold against COVID-19, with no medicine or vaccine in the
        # clause to be the subject: a hedge is no excuse
        remedy = vocab.covid_remedy.search(low, left, right) is not None \
            and scan.lexicon.intervention.search(low, left, right) is None
        # judge the hedge and the subject at each word, so that a hedge or a medicine between
        # them counts: "Antiviral medicines can help stop COVID-19"
        if scan.asserted(start, end) and (
                remedy or (scan.flat(*claim.span()) and scan.flat(*match.span()))):
            return scan.hit(start, end)
    return None


def _product_claim(scan: _DiseaseScan) -> Hit | None:
    """In a product's voice: reassurance, an "anti-" property, or the product as the subject of
    a disease verb, where even "may reduce" is a claim."""
    if not scan.view.product_voice:
        return None
    vocab, low = scan.vocab, scan.low
    for match in scan.matches(vocab.reassurance):
        target = scan.disease_in_clause(match, scan.diseases)
        if target is not None and scan.asserted(*match.span()):
            return scan.around(match, target)
    anti_property = vocab.anti_property.search(low, scan.shift)
    if anti_property and scan.asserted(*anti_property.span()):
        return scan.hit(*anti_property.span())
    for match in scan.matches(vocab.verb):
        left, right = scan.view.scopes.clause(*match.span())
        target = next((d for d in scan.diseases if match.end() <= d.start() < right), None)
        if target is None or not scan.asserted(match.start(), target.end()):
            continue
        # "supplements you take to treat cancer": the person's purpose, not the product's
        if PURPOSE_TO.search(low, max(left, match.start() - 60), match.start()) is not None:
            continue
        # the product is what the clause is about (before the verb)
        if scan.lexicon.product.search(low, left, match.start()) is not None:
            return scan.hit(match.start(), target.end())
    return None


def _free_from_claim(scan: _DiseaseScan) -> Hit | None:
    """Label copy that promises the reader freedom from a condition (issue 9, kinds 1 and 5):
    "Be free from premature ejaculation", "Finally live free of back pain", "Free yourself from
    migraines". An imperative that opens the sentence; a page tells its reader how, not to be
    free ("Most people are free of symptoms after treatment" describes)."""
    opening = FREE_FROM.match(scan.low, scan.shift)
    if opening is None or scan.question:
        return None
    # health advice names the means: "Stay free from infection by washing your hands",
    # "... with the vaccine", "... if you exercise"
    low = scan.low
    if BY_DOING.search(low, opening.end()) is not None \
            or scan.lexicon.proof.care.search(low, opening.end()) is not None \
            or scan.lexicon.intervention.search(low, scan.shift) is not None:
        return None
    target = scan.lexicon.conditions.after(scan.low, opening.end(), len(scan.low))
    if target is None or not scan.asserted(opening.start(1), target[1]):
        return None
    return scan.hit(opening.start(1), target[1])


def _cure_all_claim(scan: _DiseaseScan) -> Hit | None:
    """FDA's first tip-off of health fraud, "one product does it all" (issue 9, kinds 1 and 7):
    a thing sold (a product in marketing voice, a remedy, an ingredient, an unapproved therapy)
    said to help with a list of CURE_ALL or more different conditions in one sentence ("useful
    in diseases such as cystic fibrosis, Crohn's disease, short bowel syndrome, biliary
    cirrhosis"). Not a list of risks, causes or symptoms, not a report of research or use, and
    not with a medicine, procedure or vaccine named."""
    view, low, frame = scan.view, scan.low, scan.lexicon.frame
    benefit = None if scan.question else CURE_ALL_BENEFIT.search(low, scan.shift)
    # the cheap tests first: a word of benefit, then enough separators after it for a list
    if benefit is None or len(LIST_SEPARATOR.findall(low, benefit.end())) < CURE_ALL - 1:
        return None
    if CURE_ALL_NOT.search(low, scan.shift) is not None \
            or scan.lexicon.intervention.search(low, scan.shift) is not None \
            or LICENSED.search(low, scan.shift) is not None \
            or scan.lexicon.clause.medicine.search(low, scan.shift) is not None:
        return None
    sold = view.product_voice or any(
        pattern.search(low, scan.shift) is not None
        for pattern in (frame.product, frame.remedy, frame.ingredient, frame.therapy))
    if not sold or (frame.report.search(low, scan.shift) is not None
                    and OWN.search(low, scan.shift) is None):
        return None
    names: dict[str, tuple[int, int]] = {}
    at, end = benefit.end(), len(low)
    # every name listed, so that the finding spans the list
    while len(names) < MAX_CANDIDATES and (found := scan.lexicon.conditions.within(low, at, end)):
        names.setdefault(low[found[0]:found[1]], found)
        at = found[1]
    if len(names) < CURE_ALL or not scan.asserted(benefit.start(), at):
        return None
    return scan.hit(benefit.start(), at)


def _needs_a_disease(kind: Callable[[_DiseaseScan], Hit | None]
                     ) -> Callable[[_DiseaseScan], Hit | None]:
    return lambda scan: kind(scan) if scan.diseases else None


# The kinds of disease-claim wording, in the order they are tried (the first found reports).
# Before the diseases: the kinds that need no disease name; after: the ones that do.
_DISEASE_KINDS: tuple[Callable[[_DiseaseScan], Hit | None], ...] = (
    _anti_fragment,
    _testimonial_claim,
    _frame_claim,
    _clause_claim,
    _label_copy_claim,
    *(_needs_a_disease(kind) for kind in (
        _fragment_claim, _universal_claim, _absolute_claim, _disappear_or_effective,
        _covid_claim, _product_claim)),
    _anti_cancer_claim,
    _anti_condition_claim,
    _cure_all_claim,
    _free_from_claim,
    _keep_claim,
    _nominal_label_claim,
    _no_match_claim,
)


def _testimonial(view: SentenceView, lexicon: Lexicon) -> tuple[int, int] | None:
    """A success story: someone's use of a product over time and a change in a disease or a
    marker of one, in the same sentence ("she has been taking it for several weeks and has
    noticed a drop in her glucose levels"). A patient's story about a medicine ("she has been
    taking insulin for two years") is not a product's testimonial. Returns the span of the
    story's opening."""
    vocab = lexicon.disease
    if STORY_TIME.search(view.low, view.shift) is None:  # a cheap first pass
        return None
    use = vocab.testimonial_use.search(view.low, view.shift)
    if use is None or view.not_asserted(*use.span()):
        return None
    # "after using this cream" tells a story only in the first person ("after using this
    # cream, wash your hands" is an instruction)
    if FIRST_USE.match(use.group()) and lexicon.frame.first_person.search(view.low, view.shift) \
            is None:
        return None
    if not view.product_voice and lexicon.intervention.search(view.low, *use.span()):
        return None
    if vocab.testimonial_marker.search(view.low, view.shift) is None:
        return None
    for result in view.candidates(vocab.testimonial_result.finditer(view.low, view.shift)):
        if not (use.start() <= result.start() < use.end()) \
                and not view.not_asserted(*result.span()):
            # "after using this cream my psoriasis cleared up": the use and its result
            if FIRST_USE.match(use.group()) and result.start() >= use.end():
                return use.start(), result.end()
            return use.start(), use.end()
    return None


def _subjectless(item: Sentence, lead: str, lexicon: Lexicon) -> bool:
    """The sentence may be label copy with no subject: not a question, not a table cell (its
    row is the subject), not a list item that continues a sentence in lower case or that takes
    its subject from a lead-in naming no product ("Chemotherapy can:")."""
    sentence = item.text
    continues = item.block.kind == "table_cell" or (
        item.block.in_list and sentence.lstrip()[:1].islower())
    return not sentence.rstrip().endswith("?") and not continues and (
        not lead or lexicon.product.search(lower(lead)) is not None)


def _fragment_verb(item: Sentence, vocab: DiseaseVocabulary, lead: str,
                   lexicon: Lexicon) -> tuple[int, int] | None:
    """The verb that opens a subjectless marketing fragment ("Shrinks tumors"), if any.

    Besides a verb in the third person, label copy opens with a modal ("May help prevent the
    flu") or with the base form of a verb that only a product can do to a disease ("Kill
    viruses", "Target cancer cells"). Those two need the subject to be missing: a list item
    under a lead-in ("Chemotherapy is used to:") takes its subject from the lead-in, and is a
    fragment only when the lead-in names a product in marketing voice; a list item that opens
    in lower case continues a sentence before the list even when no lead-in was found, and a
    table cell takes its subject from its row ("| Tamoxifen | May shrink tumours |").
    """
    sentence = item.text
    if _subjectless(item, lead, lexicon):
        # "[K]ill the viruses": a quotation's capital in brackets is the verb's first letter
        # (blanked to keep the offsets)
        opened = LEADING_BRACKET.match(sentence.lower())
        plain = sentence if opened is None else \
            sentence[:opened.start(1) - 1] + "  " + sentence[opened.start(1)] \
            + sentence[opened.end():]
        for pattern in (vocab.modal_fragment, vocab.mechanism_fragment):
            opening = pattern.match(plain)
            if opening is not None:
                rest = plain[opening.end():]
                # the finding opens at the bracket: "[K]ill the viruses"
                start = opening.start("verb")
                if opened is not None and start == opened.end() - 1:
                    start = opened.start(1) - 1
                if pattern is vocab.mechanism_fragment:
                    return start, opening.end("verb")
                if not (NOT_A_VERB_NEXT.match(rest) or RISK_OBJECT.match(rest)):
                    return start, opening.end()
    match = FRAGMENT_RE.match(sentence)
    if match is None:
        return None
    verb = BRACKET_LETTER.sub(r"\1", match.group("verb")).lower()
    if verb == "helps" and match.group("second"):
        second = match.group("second").lower()
        if not vocab.verb.fullmatch(second):
            return None
    elif verb not in vocab.third_person:
        return None
    rest = sentence[match.end("verb"):]
    if NOT_A_VERB_NEXT.match(rest) or RISK_OBJECT.match(rest):
        return None
    return match.start("verb"), match.end("verb")


def _last_verb_before(verbs: re.Pattern[str], text: str, left: int,
                      end: int) -> re.Match[str] | None:
    found = None
    for match in verbs.finditer(text, left, end):
        found = match
    return found


# The phrases a sentence holds depend on its text, its list's lead-in, whether it speaks of the
# product of the sentence before, the kind of block it is in (a table cell, a list item) and
# the lexicon: nothing else of the document. `check --fix` lints a file again after each pass
# of edits, and the language server after each keystroke, and most sentences are then as they
# were: their phrases are looked up, not found again. At most SENTENCES_KEPT sentences are kept
# (the latest), each as plain data (`SentenceClaims`): a `SentenceView` holds its sentence, and
# through it the section of an old version of the document with its per-character offsets
# (about 47 MiB of a language server's memory with 20 articles open, when views were kept).
SENTENCES_KEPT = 512


@dataclass(frozen=True, slots=True)
class SentenceClaims:
    """What `find_claims` reads of one sentence: no reference to its Sentence or Document."""

    shift: int  # the length of the lead-in put in front of the sentence (and its space)
    product_voice: bool  # the sentence speaks of a product in marketing voice
    unchecked: int | None  # where the first phrase left unexamined starts (HL509)
    hits: tuple[Hit, ...]  # offsets in the lead-in and sentence
    allowed: tuple[bool, ...]  # per hit: it overlaps a phrase the user allows


_SENTENCE_HITS: OrderedDict[tuple[object, ...], tuple[Lexicon, SentenceClaims]] = OrderedDict()


def read_sentence(sentence: Sentence, lead: str, lexicon: Lexicon,
                  inherits: bool) -> SentenceClaims:
    """The phrases in a sentence that may be claims (before the checks that read the rest of
    the document: quotes, labels, citations), found anew."""
    view = SentenceView(sentence, lead, lexicon, inherits)
    hits = (*lexicon_hits(view, lexicon), *disease_hits(view, lexicon),
            *proof_hits(view, lexicon))
    return SentenceClaims(view.shift, view.product_voice, view.unchecked, hits,
                          tuple(view.overlaps(lexicon.allow, h.start, h.end) for h in hits))


def sentence_hits(sentence: Sentence, lead: str, lexicon: Lexicon,
                  inherits: bool) -> SentenceClaims:
    """``read_sentence``, looked up when the same sentence was read in the same context."""
    block = sentence.block
    key = (id(lexicon), sentence.text, lead, inherits, block.kind, block.in_list)
    kept = _SENTENCE_HITS.get(key)
    if kept is not None and kept[0] is lexicon:
        _SENTENCE_HITS.move_to_end(key)
        return kept[1]
    found = read_sentence(sentence, lead, lexicon, inherits)
    _SENTENCE_HITS[key] = (lexicon, found)
    if len(_SENTENCE_HITS) > SENTENCES_KEPT:
        _SENTENCE_HITS.popitem(last=False)
    return found


def find_claims(doc: Document, lexicon: Lexicon) -> list[tuple[Sentence, Hit]]:
    """Every claim in the document, as (sentence, hit) with hit offsets in the sentence text
    (sentences of the folded prose: "ｃｕｒｅｓ", "cu\ufe0fres" and "сures" read as "cures")."""
    doc = doc.folded()
    context = claim_context(doc)
    results: list[tuple[Sentence, Hit]] = []
    previous: SentenceClaims | None = None
    previous_block: Prose | None = None
    for sentence in doc.sentences:
        block = sentence.block
        if id(block) in context.mentioned:
            continue
        lead = context.lead_in.get(id(block), "") if sentence.start == 0 else ""
        inherits = (previous is not None and previous_block is block
                    and ANAPHOR.match(sentence.text) is not None and previous.product_voice)
        view = sentence_hits(sentence, lead, lexicon, inherits)
        previous, previous_block = view, block
        quotes = context.quotes(block)
        kept: list[Hit] = []
        for found, allowed in zip(view.hits, view.allowed, strict=True):
            start, end = found.start - view.shift, found.end - view.shift
            block_start, block_end = sentence.start + start, sentence.start + end
            if quotes.contains(block_start, block_end):
                continue
            if _is_label(block, block_start):
                continue
            if allowed:
                continue
            if found.rule is UNSUPPORTED_EVIDENCE and context.cited(block):
                continue
            # research reported with its source ("Studies show that our formula shortens
            # outbreaks [1]"): the claim is the study's, and the source is there to read
            if found.rule is DISEASE_CLAIM and context.cited(block) and lexicon.proof.before.search(
                    lower(sentence.text), 0, max(start, 0)) is not None:
                continue
            if any(k.start < end and start < k.end and
                   (k.rule is found.rule
                    or (found.rule is DISEASE_CLAIM and k.rule in (CURE_CLAIM, GUARANTEE_CLAIM)))
                   for k in kept):
                continue
            kept.append(Hit(found.rule, start, end, found.message, found.suggestion))
        if view.unchecked is not None:
            kept.append(Hit(
                CLAIMS_NOT_CHECKED, view.unchecked - view.shift, len(sentence.text),
                f"more than {MAX_CANDIDATES} phrases in this sentence may be claims: from "
                "here on it was not fully checked",
                "split it into sentences a reader can follow, and remove repeated claims"))
        results.extend((sentence, h) for h in kept)
    return results


_RULES = {r.code: r for r in (CURE_CLAIM, GUARANTEE_CLAIM, SAFETY_ABSOLUTE, UNSUPPORTED_EVIDENCE,
                              HYPE, URGENCY, PSEUDO_SCIENCE, DISEASE_CLAIM, STOP_TREATMENT,
                              RISKY_REMEDY)}


def claims_of(doc: Document, lexicon: Lexicon) -> list[tuple[Sentence, Hit]]:
    """``find_claims``, once per document and lexicon: the claims model (HL512) reads which
    sentences the rules flagged."""
    cached = doc.derived.get(CLAIMS_KEY)
    if cached is None or cached[0] is not lexicon:
        cached = doc.derived[CLAIMS_KEY] = (lexicon, find_claims(doc, lexicon))
    return cached[1]


@check("claims", rules=tuple(c for c in family_codes("HL5") if c != "HL512"), section="claims",
       validate=lexicon_for)
def check_claims(doc: Document, ctx: Context) -> Iterable[Finding]:
    lexicon = lexicon_in(ctx)
    for sentence, found in claims_of(doc, lexicon):
        start, end = sentence.span(found.start, found.end)
        yield ctx.finding(found.rule, start, end, found.message, suggestion=found.suggestion)


__all__ = ["Lexicon", "check_claims", "claim_context", "claims_of", "find_claims", "lexicon_for",
           "lexicon_in", "load_lexicon"]

# The learned second opinion (HL512) is its own module; importing it registers its check after
# this one.
from healthlint.rules import claims_model  # noqa: E402, F401
