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

import json
import math
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from itertools import islice, repeat
from typing import NamedTuple

from healthlint.core.families import declared
from healthlint.core.findings import Finding
from healthlint.engine.checks import Context, check
from healthlint.parse.document import Document, Sentence
from healthlint.rules.claims import (
    LICENSED,
    PERSON_ENDINGS,
    ClaimContext,
    Lexicon,
    claims_of,
    lexicon_for,
)
from healthlint.text.negation import Scopes, lower

MARKETING_CLAIM = declared("HL512")
WEIGHTS_FILE = "data/claims_model.json"
TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
DIGITS = re.compile(r"[0-9]+")
PERSON_WE = re.compile(r"\b(?:we|our|us|ours)\b")
PERSON_YOU = re.compile(r"\b(?:you|your|yours)\b")
TRADEMARK = re.compile(r"[™®©]|\((?:tm|r)\)", re.IGNORECASE)
BRAND = re.compile(r"(?<=[a-z,] )[A-Z][a-z]+[A-Z]\w*|(?<=[a-z,] )[A-Z]{3,}\b|\b[A-Z][a-z]+-[A-Z]")
IMPERATIVE = frozenset((
    "take", "try", "use", "get", "buy", "order", "add", "drink", "apply", "give", "start",
    "say", "discover", "experience", "enjoy", "feel", "boost", "support", "protect", "fight",
    "help", "promote", "restore", "improve", "reduce", "relieve", "eliminate", "stop", "naturally",
    "helps", "supports", "promotes", "boosts", "restores", "reduces", "relieves", "fights"))
MIN_WORDS = 3
NAMED = 4  # how many words a finding names
# words too common to name on their own: a pair is named only with a word outside this list
FUNCTION_WORDS = frozenset((
    "a", "an", "and", "or", "of", "the", "to", "in", "on", "for", "with", "by", "at", "from",
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
CANCER = re.compile(r"\b(?:cancer|cancers|tumou?rs?|malignan\w*|carcinoma\w*|leukemia)\b")
CITED = re.compile(r"\[\d+(?:[,–-]\d+)*\]|\([A-Z][\w-]+(?: et al\.?| and [A-Z][\w-]+)?,? \d{4}\)"
                   r"|\bdoi:|https?://")
PERCENT = re.compile(r"\d\s*(?:%|percent\b)")
SUPERLATIVE = re.compile(r"\b(?:best|safest|strongest|fastest|most (?:effective|powerful|potent)"
                         r"|number one|#1|ultimate|miracle\w*|breakthrough)\b")
ABSOLUTE = re.compile(r"\b100\s*%|\b(?:guarantee\w*|always|permanent\w*|completely|totally"
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


LEXICON_SHAPES = ("s:anchor", "s:product", "s:remedy", "s:therapy", "s:verb", "s:disease",
                  "s:intervention")


FEATURE_SETS = ("words", "clause", "clause+words")


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
                and not FUNCTION_WORDS.issuperset(f.name[2:].split())):
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
        return _judge_clause(model, text, lexicon)
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


def _judge_clause(model: Model, text: str, lexicon: Lexicon) -> list[Feature] | None:
    """``judge`` for a model over the clause features: only a sentence with a health anchor
    is read at all (one regex search for the others)."""
    low = lower(text)
    if len(TOKEN.findall(low)) < MIN_WORDS or not lexicon.proof.claimed.search(low):
        return None
    found = features(text, lexicon, anchored=True, kind=model.kind)
    if model.score(found) < model.threshold:
        return None
    return strongest(model, found) or None


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
    words = ", ".join(f"“{text[f.start:f.end]}”" for f in named)
    return f"reads like a seller's health claim: {words}"


MODEL_KEY = "claims_model.marketing_claims"  # key of Document.derived


def flagged_sentences(doc: Document, ctx: Context) -> set[tuple[int, int]]:
    """(block id, sentence start) of every sentence another claims rule flagged."""
    found = claims_of(doc, lexicon_for(ctx.options("claims")))
    return {(id(s.block), s.start) for s, _ in found}


def marketing_claims(doc: Document, ctx: Context) -> list[tuple[Sentence, list[Feature]]]:
    """Sentences the model flags: not flagged by another claims rule, and not mentioned
    rather than asserted as the claims rules see it (a section about myths, an attributed
    blockquote, a sentence inside quotation marks). Once per document and lexicon (``--fix``
    reads the claims again to keep its edits out of them)."""
    lexicon = lexicon_for(ctx.options("claims"))
    cached = doc.derived.get(MODEL_KEY)
    if cached is None or cached[0] is not lexicon:
        cached = doc.derived[MODEL_KEY] = (lexicon, list(_marketing_claims(doc, ctx, lexicon)))
    return cached[1]


def _marketing_claims(doc: Document, ctx: Context, lexicon: Lexicon
                      ) -> Iterator[tuple[Sentence, list[Feature]]]:
    model = shipped_model()
    flagged = flagged_sentences(doc, ctx)
    folded = doc.folded()
    context = ClaimContext(folded)
    for sentence in folded.sentences:
        block = sentence.block
        if (id(block), sentence.start) in flagged or id(block) in context.mentioned:
            continue
        named = judged(model, sentence.text, lexicon)
        if named is not None and not context.quotes(block).contains(
                sentence.start + named[0].start, sentence.start + named[-1].end):
            yield sentence, named


@check("claims-model", rules=("HL512",), section="claims")
def check_marketing_claims(doc: Document, ctx: Context) -> Iterable[Finding]:
    for sentence, named in marketing_claims(doc, ctx):
        start, end = sentence.span(named[0].start, named[-1].end)
        yield ctx.finding(MARKETING_CLAIM, start, end, message(sentence.text, named),
                          suggestion=SUGGESTION)


__all__ = ["Feature", "Model", "check_marketing_claims", "features", "judge", "shipped_model"]
