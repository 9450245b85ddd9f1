"""The claims model (HL512 marketing-claim): shipped weights, inference, and a deterministic trainer."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from healthlint.rules.claims import lexicon_for
from healthlint.rules.claims_model import (
    WEIGHTS_FILE,
    Model,
    features,
    judge,
    message,
    shipped_model,
)
from tests.conftest import ROOT, lint
from tools import train_claims_model as trainer

WEIGHTS = ROOT / "checks" / WEIGHTS_FILE
SELLER = "Experience the power of our herbal formula for healthy blood pressure and circulation."

# real wordings of editorial health text with the same words: never flagged
LOOKALIKES = [
    "Statins lower LDL cholesterol.",
    "The flu vaccine helps protect older adults.",
    "Talk to your doctor about ways to lower your blood pressure.",
    "Regular exercise can help you control your blood sugar.",
    "Skin cancer found early is usually easier to treat.",
    "Chemotherapy can shrink some tumours before surgery.",
]


def header() -> dict:
    return json.loads(WEIGHTS.read_text("utf-8"))


def test_shipped_weights_load_and_are_small() -> None:
    assert WEIGHTS.stat().st_size < 2_000_000
    model = shipped_model()
    assert 0.5 < model.threshold < 1
    assert len(model.weights) > 100
    assert any(w > 0 for w in model.weights.values())
    assert any(w < 0 for w in model.weights.values())


def test_header_names_the_training_script_and_data_it_was_trained_on() -> None:
    data = header()
    assert data["trained-by"] == "python -m tools.train_claims_model"
    assert set(data["data"]) == {"tools/claims_model/train_bad.tsv",
                                 "tools/claims_model/train_bad_extra.tsv",
                                 "tools/claims_model/train_ok.tsv",
                                 "tools/claims_model/train_ok_remedy.tsv"}
    assert data["features"] == trainer.SHIPPED == shipped_model().kind
    for path, digest in data["data"].items():
        assert hashlib.sha256((ROOT / path).read_bytes()).hexdigest() == digest, path


def test_training_data_never_holds_the_held_out_half() -> None:
    from tools.evaluate import read_labelled, split_half

    held_out = {r.sentence for name in ("claims_bad.tsv", "claims_ok.tsv")
                for r in read_labelled(ROOT / "tests" / "data" / name)
                if split_half(r.document) == "held-out"}
    for name in ("train_bad.tsv", "train_bad_extra.tsv", "train_bad_more.tsv", "train_ok.tsv",
                 "train_ok_remedy.tsv", "dev_bad_letters.tsv"):
        rows = trainer.read_rows(ROOT / "tools" / "claims_model" / name)
        assert rows and not held_out & {sentence for sentence, _ in rows}


@pytest.mark.parametrize("name, least", [("train_bad_extra.tsv", 300),
                                         ("train_bad_more.tsv", 100),
                                         ("dev_bad_letters.tsv", 70)])
def test_the_extra_seller_claims_come_from_documents_outside_the_labelled_set(
        name: str, least: int) -> None:
    from tools.evaluate import read_labelled

    labelled = {r.document for labelled_file in ("claims_bad.tsv", "claims_ok.tsv")
                for r in read_labelled(ROOT / "tests" / "data" / labelled_file)}
    rows = trainer.read_rows(ROOT / "tools" / "claims_model" / name)
    assert len(rows) >= least
    assert not labelled & {document for _, document in rows}


def slice_of(path: Path, rows: int, folder: Path) -> Path:
    lines = path.read_text("utf-8").splitlines(keepends=True)
    out = folder / path.name
    out.write_text("".join(lines[:rows + 1]), "utf-8")
    return out


def test_the_more_seller_claims_pass_the_exclusions_they_were_built_with() -> None:
    """train_bad_more.tsv is what tools.claims_model.exclude keeps of it: no firm of the labelled
    set, no sentence equal or near one of an evaluation set, no repeat of the other claims (the
    shared corpus' files are compared too when they are there)."""
    from tools.claims_model import exclude

    path = ROOT / "tools" / "claims_model" / "train_bad_more.tsv"
    rows = exclude.rows(path)
    shared = [ROOT.parent / "shared" / "corpus" / name
              for name in ("claims_bad.tsv", "claims_ok.tsv")]
    kept, dropped = exclude.filter_rows(rows, [p for p in shared if p.is_file()])
    assert len(rows) >= 100 and not dropped and kept == rows
    assert len({row["document"] for row in rows}) >= 30
    assert all(row["source"].startswith(("http://", "https://")) for row in rows)


def test_the_development_letters_come_from_firms_no_other_set_quotes() -> None:
    """dev_bad_letters.tsv is what tools.claims_model.exclude keeps of the claims gathered for
    it, with every document of train_bad*.tsv left out as well: no firm of the labelled set or
    of the training claims, no sentence near one of an evaluation set."""
    from tools.claims_model import exclude

    folder = ROOT / "tools" / "claims_model"
    rows = exclude.rows(folder / "dev_bad_letters.tsv")
    training = sorted({row["document"] for name in ("train_bad.tsv", "train_bad_extra.tsv",
                                                    "train_bad_more.tsv")
                       for row in exclude.rows(folder / name)})
    shared = [ROOT.parent / "shared" / "corpus" / name
              for name in ("claims_bad.tsv", "claims_ok.tsv")]
    kept, dropped = exclude.filter_rows(rows, [p for p in shared if p.is_file()], training)
    assert not dropped and kept == rows
    assert len({row["document"] for row in rows}) >= 25
    assert all(row["source"].startswith(("http://", "https://")) for row in rows)


def test_exclusion_reads_firms_from_document_names() -> None:
    from tools.claims_model.exclude import firm, same_firm

    assert firm("fda-herbal-groups-prostalex-cl-06-hfs-810-237-08212006") == \
        "herbal groups prostalex"
    assert firm("great-india-overseas-pvt-ltd-dba-silkrute-729065-06172026") == \
        "great india overseas silkrute"
    assert same_firm(firm("fda-wild-arabic-herbs-2026"), "wild arabic herbs")
    assert same_firm(firm("fda-ftc-silveryguy-08142020"), "silveryguy")
    assert not same_firm(firm("fda-herbal-groups-2006"), "herbal vitality")
    assert not same_firm("herbs", "herbs for cancer")  # one short word names no firm


def test_exclusion_drops_firms_near_sentences_and_repeats(tmp_path: Path) -> None:
    from tools.claims_model.exclude import filter_rows

    evaluation = tmp_path / "claims.tsv"
    evaluation.write_text("sentence\tsource\n"
                          "Our tonic dissolves kidney stones in three short days flat.\t"
                          "FDA warning letter to Tonic Makers Inc (2020-01-01)\n", "utf-8")
    row = {"document": "fda-other-firm-2021", "source": "https://example.org/letter"}
    gathered = [
        row | {"sentence": "This tonic dissolves kidney stones in three short days flat!"},
        row | {"sentence": "It dissolves kidney stones in three short days, they say."},
        row | {"sentence": "It dissolves kidney stones in three short days, they say."},
        row | {"sentence": "Gallstones melt away.", "document": "fda-tonic-makers-2020"},
    ]
    kept, dropped = filter_rows(gathered, [evaluation])
    assert [r["sentence"] for r in kept] == [gathered[1]["sentence"]]
    assert dropped == {"equal or near a sentence of an evaluation set": 1,
                       "repeats a training row": 1, "firm quoted by an evaluation set": 1}


def test_trainer_takes_the_shape_half_of_the_more_claims(tmp_path: Path) -> None:
    from tools.evaluate import split_half

    shipped = ROOT / "tools" / "claims_model" / trainer.MORE_FILE
    assert trainer.more_claims("all", tmp_path) == shipped
    copy = trainer.more_claims("shape", tmp_path)
    assert copy.parent == tmp_path
    half = trainer.read_rows(copy)
    everything = trainer.read_rows(trainer.more_claims("all", tmp_path))
    assert 0 < len(half) < len(everything)
    assert {split_half(document) for _, document in half} == {"shape"}
    assert [r for r in everything if split_half(r[1]) == "shape"] == half


def test_trainer_is_deterministic_on_a_slice(tmp_path: Path) -> None:
    bad = slice_of(ROOT / "tools" / "claims_model" / "train_bad.tsv", 30, tmp_path)
    ok = slice_of(ROOT / "tools" / "claims_model" / "train_ok.tsv", 400, tmp_path)
    settings = trainer.Settings(epochs=3)
    first = trainer.train(bad, ok, settings, verbose=False)
    assert trainer.train(bad, ok, settings, verbose=False) == first
    weights = json.loads(first)["weights"]
    assert weights and all(isinstance(w, float) for w in weights.values())


def test_trainer_check_says_when_the_shipped_weights_differ(tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    out.write_text("{}", "utf-8")
    bad = slice_of(ROOT / "tools" / "claims_model" / "train_bad.tsv", 10, tmp_path)
    ok = slice_of(ROOT / "tools" / "claims_model" / "train_ok.tsv", 50, tmp_path)
    args = ["--bad", str(bad), "--ok", str(ok), "--out", str(out)]
    assert trainer.main([*args, "--check"]) == 1
    assert trainer.main(args) == 0
    assert trainer.main([*args, "--check"]) == 0


def test_trainer_names_a_missing_data_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    assert trainer.main(["--bad", str(tmp_path / "none.tsv")]) == 2
    assert "none.tsv: no such file" in capsys.readouterr().err


def test_threshold_keeps_the_chosen_share_of_anchored_negatives_below_it() -> None:
    def example(label: int) -> trainer.Example:
        return trainer.Example((), label, "d", True)

    scored = [(example(0), s / 100) for s in range(100)] + [(example(1), 0.995)]
    assert trainer.choose_threshold(scored, 0.0) == 0.991  # above every negative
    threshold = trainer.choose_threshold(scored, 0.05)
    assert threshold == 0.941
    assert sum(s >= threshold for e, s in scored if e.label == 0) == 5


def test_the_remedy_negatives_come_from_pages_outside_the_labelled_set() -> None:
    from tools.evaluate import read_labelled

    pages = {r.document.rstrip("/").lower()
             for r in read_labelled(ROOT / "tests" / "data" / "claims_ok.tsv")}
    rows = trainer.read_rows(ROOT / "tools" / "claims_model" / "train_ok_remedy.tsv")
    assert len(rows) >= 1000
    assert not pages & {document.rstrip("/").lower() for _, document in rows}
    ok = {sentence for sentence, _ in
          trainer.read_rows(ROOT / "tools" / "claims_model" / "train_ok.tsv")}
    assert not ok & {sentence for sentence, _ in rows}


def test_features_words_pairs_and_shapes() -> None:
    names = {f.name for f in features("Try our TurboFlex™ formula now! 2 caps a day.",
                                      lexicon_for({}))}
    assert {"w:try", "w:our", "b:our turboflex", "w:0", "b:0 caps"} <= names
    assert {"s:we", "s:exclaim", "s:trademark", "s:opening-verb", "s:brand"} <= names


def test_seller_sentence_is_flagged_with_the_words_that_made_it() -> None:
    found = lint(SELLER, select="HL512")
    assert [f.code for f in found] == ["HL512"]
    message = found[0].message
    assert message.startswith("reads like a seller's health claim: “")
    named = [part.split("”")[0] for part in message.split("“")[1:]]
    assert 1 <= len(named) <= 4
    assert all(word in SELLER for word in named)
    # the span runs from the first named word to the last
    assert found[0].column == SELLER.index(named[0]) + 1
    assert found[0].end_column == SELLER.index(named[-1]) + len(named[-1]) + 1


@pytest.mark.parametrize("sentence", LOOKALIKES)
def test_editorial_lookalikes_are_not_flagged(sentence: str) -> None:
    assert lint(sentence, select="HL5") == []


def test_no_second_opinion_on_a_sentence_another_rule_flagged() -> None:
    text = SELLER.replace("our herbal", "our miracle herbal")
    assert judge(shipped_model(), text, lexicon_for({})) is not None
    assert [f.code for f in lint(text, select="HL5")] == ["HL505"]


def test_no_health_anchor_no_finding() -> None:
    model = shipped_model()
    assert judge(model, "Experience the power of our herbal formula today.", lexicon_for({})) \
        is None


def test_suppression_and_ignore_work_as_for_every_rule() -> None:
    assert lint(f"<!-- healthlint-disable-next-line marketing-claim -->\n{SELLER}\n",
                select="HL5") == []
    assert lint(SELLER, config={"select": ["HL5"], "ignore": ["HL512"]}) == []
    assert [f.code for f in lint(SELLER, select="HL5")] == ["HL512"]


def test_a_quoted_or_debunked_claim_is_mentioned_not_made() -> None:
    assert lint(f"The label said: “{SELLER}”\n", select="HL512") == []
    assert lint(f"# Tea\n\n## Myths about herbal formulas\n\n{SELLER}\n", select="HL512") == []


def test_a_repeated_word_counts_once_as_in_training() -> None:
    model = shipped_model()
    once = features("our formula for blood pressure")
    assert model.score(once + once) == model.score(once)


# ---- the kinds of wording (the shipped model's words+classes) --------------------------------
def kinds(sentence: str, kind: str = "classes") -> set[str]:
    return {f.name for f in features(sentence, lexicon_for({}), kind=kind)}


def test_words_are_read_as_their_kinds() -> None:
    names = kinds("Our mushroom extract shrinks fibroids in 2 weeks!")
    assert {"k:I", "k:ING", "k:PROD", "k:TREAT", "k:DIS", "k:NUM", "k:TIME", "k:exclaim",
            "k3:ING PROD TREAT", "k3:PROD TREAT DIS", "kp:PROD DIS"} <= names
    medicine = kinds("Statins lower LDL cholesterol.")
    assert {"k:MED", "k3:MED TREAT DIS"} <= medicine
    assert not {"k:ING", "k:PROD"} & medicine
    report = kinds("Studies suggest that garlic may not lower blood pressure.")
    assert {"k:SRC", "k:HEDGE", "k:NEG", "kp:ING TREAT@report"} <= report
    assert {"k:YOU", "k:SUP", "k:opening BENEFIT"} <= kinds(
        "Boost your immunity with the best formula for colds.")


def test_a_condition_is_a_kind_whatever_its_name() -> None:
    # the topic (which disease) is not what the kinds describe: only words no kind covers
    # stay words
    def shape(sentence: str) -> set[str]:
        return {n for n in kinds(sentence) if not n.startswith("w:")}

    assert shape("This cream clears herpes fast.") == shape("This cream clears psoriasis fast.")
    assert "w:herpes" not in kinds("This cream clears herpes fast.")


def test_the_shipped_features_keep_the_words_and_add_the_kinds_in_sequence() -> None:
    names = kinds("Our capsules lower blood sugar naturally.", "words+classes")
    assert {"w:capsules", "b:our capsules", "s:we", "k:PROD", "k3:PROD TREAT DIS"} <= names
    assert not any(n.startswith(("kp:", "kw:")) for n in names)


def test_a_finding_names_the_kinds_that_weighed() -> None:
    lexicon = lexicon_for({})
    model = Model(bias=-3.0, threshold=0.5, weights={"k3:PROD TREAT DIS": 4.0},
                  kind="words+classes")
    text = "These capsules lower blood sugar."
    named = judge(model, text, lexicon)
    assert named is not None and [f.name for f in named] == ["k3:PROD TREAT DIS"]
    assert text[named[0].start:named[0].end] == "capsules lower blood sugar"
    assert message(text, named) == ("reads like a seller's health claim: “capsules lower blood "
                                    "sugar” (a product form, a treating verb, a condition)")


@pytest.mark.parametrize("sentence", [
    "Clinically proven to lower cholesterol (Smith et al., 2020).",
    "I have not noticed any change in my eczema since I started using the cream.",
    "Supports healthy blood sugar levels.",
])
def test_a_sentence_that_asserts_no_claim_is_passed_over_the_threshold(sentence: str) -> None:
    # a model that weighs every feature at 5 scores any sentence over its threshold
    lexicon = lexicon_for({})
    names = {f.name for f in features(sentence, lexicon, anchored=True, kind="words+classes")}
    model = Model(bias=0.0, threshold=0.5, weights=dict.fromkeys(names, 5.0),
                  kind="words+classes")
    assert judge(model, sentence, lexicon) is None
    # the same wording asserted, without its source, negation or "healthy": flagged
    asserted = {"Clinically proven to lower cholesterol.",
                "I have noticed a change in my eczema since I started using the cream.",
                "Supports blood sugar levels."}
    for other in asserted:
        names = {f.name for f in features(other, lexicon, anchored=True, kind=model.kind)}
        flat = Model(bias=0.0, threshold=0.5, weights=dict.fromkeys(names, 5.0),
                     kind=model.kind)
        assert judge(flat, other, lexicon) is not None, other


def _flat_model(sentence: str) -> tuple[Model, object]:
    """A model that weighs every feature of ``sentence`` at 5: over any threshold."""
    lexicon = lexicon_for({})
    names = {f.name for f in features(sentence, lexicon, anchored=True, kind="words+classes")}
    return Model(bias=0.0, threshold=0.5, weights=dict.fromkeys(names, 5.0),
                 kind="words+classes"), lexicon


@pytest.mark.parametrize(("editorial", "seller"), [
    # a report of research or care, as the claims rules read one
    ("Several trials found that ginger eases nausea in early pregnancy.",
     "Several trials found that our ginger chews ease nausea in early pregnancy."),
    ("Patients who walked daily had lower blood pressure after a year.",
     "Walk daily with Pulsewise® and watch your blood pressure fall."),
    ("Doctors often suggest cutting down on salt to bring blood pressure down.",
     "Cutting out salt brings blood pressure down."),
    # the reader advised, with "your": a base-form verb opening the sentence
    ("Lower your risk of heart disease by staying active.",
     "Lowers the risk of heart disease."),
    ("Protect your skin from sunburn with shade and clothing.",
     "Protect your skin from sunburn with our mineral lotion."),
    # a first-person story of care, as the testimonial rule reads one
    ("My cholesterol fell after I cut down on fried food and started exercising.",
     "My cholesterol fell after I started the drops."),
    # a patient's story that credits nothing and tells of no cure
    ("My eczema flares up every winter.",
     "My eczema cleared up for good after a week of the balm."),
    ("I had headaches for weeks before my diagnosis.",
     "I had headaches for weeks until I tried this tea."),
    # a licensed medicine or procedure doing what it does
    ("Chemotherapy works against cancer by killing fast-growing cancer cells.",
     "Mushroom extract works against cancer by killing fast-growing cancer cells."),
    ("Statins lower LDL cholesterol and protect against heart attacks.",
     "Red yeast rice lowers LDL cholesterol and protects against heart attacks."),
])
def test_editorial_wording_is_passed_and_its_seller_twin_judged(editorial: str,
                                                                seller: str) -> None:
    model, lexicon = _flat_model(editorial)
    assert judge(model, editorial, lexicon) is None
    model, lexicon = _flat_model(seller)
    assert judge(model, seller, lexicon) is not None


def test_a_product_voice_keeps_structure_function_wording_judged() -> None:
    lexicon = lexicon_for({})
    names = {f.name for f in features(SELLER, lexicon, anchored=True, kind="words+classes")}
    model = Model(bias=0.0, threshold=0.5, weights=dict.fromkeys(names, 5.0),
                  kind="words+classes")
    assert judge(model, SELLER, lexicon) is not None


def test_documents_decide_which_features_the_trainer_keeps() -> None:
    def example(names: tuple[str, ...], document: str) -> trainer.Example:
        return trainer.Example(names, 1, document, True)

    # "w:ebola" three times in one letter, "w:cures" once in each of three letters
    train = [example(("w:ebola",), "a")] * 3 + [example(("w:cures",), d) for d in "abc"]
    assert trainer.vocabulary(train, 3) == {"w:ebola", "w:cures"}
    assert trainer.vocabulary(train, 3, min_documents=3) == {"w:cures"}


# ---- the clause features (tools.train_claims_model --features clause), not shipped ----------
def clause_names(sentence: str, kind: str = "clause") -> set[str]:
    return {f.name for f in features(sentence, lexicon_for({}), kind=kind)}


def test_clause_features_say_who_is_said_to_treat_what() -> None:
    own = clause_names("Our mushroom extract shrinks tumours.")
    assert {"c:subject=own", "c:object=cancer", "c:own:flat", "c:own:cancer"} <= own
    medicine = clause_names("Statins lower LDL cholesterol.")
    assert "c:subject=medicine" in medicine and "c:medicine:flat" in medicine
    # no word or word pair is a feature of the clause set; single words come back with +words
    assert not any(n.startswith(("w:", "b:")) for n in own)
    with_words = clause_names("Our mushroom extract shrinks tumours.", "clause+words")
    assert "w:mushroom" in with_words and not any(n.startswith("b:") for n in with_words)


@pytest.mark.parametrize(("sentence", "state"), [
    ("This tea does not cure diabetes.", "c:negated"),
    ("This tea may help lower blood pressure.", "c:hedged"),
    ("This tea lowers blood pressure.", "c:flat"),
])
def test_clause_features_read_negation_and_hedges(sentence: str, state: str) -> None:
    assert state in clause_names(sentence)


def test_clause_features_of_a_sentence_reporting_a_study_and_its_flags() -> None:
    names = clause_names("Clinical trials report that acupuncture relieves nausea (Smith, 2019).")
    assert {"c:reported", "c:cited"} <= names
    names = clause_names("The best formula! 100% of users saw 50% lower blood sugar.")
    assert {"c:superlative", "c:absolute", "c:percent"} <= names
    # a sentence without a treating verb and its object costs one search and says only that
    assert clause_names("Cook the rice for ten minutes.") == set()


def test_clause_feature_spans_run_from_subject_to_object() -> None:
    text = "Bitter melon capsules bring down triglycerides. Our tea cures gout."
    spans = {text[f.start:f.end] for f in features(text, lexicon_for({}), kind="clause")
             if f.start >= 0}
    assert "Our tea cures gout" in spans


def test_a_clause_model_judges_and_names_its_features() -> None:
    lexicon = lexicon_for({})
    model = Model(bias=-3.0, threshold=0.5, weights={"c:own:flat": 4.0}, kind="clause")
    named = judge(model, "Our tea cures gout in a week.", lexicon)
    assert named is not None and [f.name for f in named] == ["c:own:flat"]
    assert judge(model, "Our tea does not cure gout.", lexicon) is None
    with pytest.raises(ValueError, match="lexicon"):
        features("Our tea cures gout.", kind="clause")


def test_trainer_writes_a_clause_model_from_several_claim_files(tmp_path: Path) -> None:
    bad = slice_of(ROOT / "tools" / "claims_model" / "train_bad.tsv", 20, tmp_path)
    extra = slice_of(ROOT / "tools" / "claims_model" / "train_bad_extra.tsv", 20, tmp_path)
    ok = slice_of(ROOT / "tools" / "claims_model" / "train_ok.tsv", 200, tmp_path)
    out = tmp_path / "model.json"
    args = ["--bad", str(bad), "--bad", str(extra), "--ok", str(ok), "--out", str(out),
            "--features", "clause+words", "--floor", "0.9"]
    assert trainer.main(args) == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["features"] == "clause+words" and data["threshold"] >= 0.9
    assert data["trained-by"].endswith("--features clause+words")
    assert len(data["data"]) == 3
    assert any(name.startswith("c:") for name in data["weights"])
    assert trainer.main([*args, "--check"]) == 0


def test_the_shipped_weights_are_what_the_trainer_makes_of_the_shipped_data() -> None:
    # the model's features read the claims lexicon: a change to the lexicon must retrain the
    # model (python -m tools.train_claims_model) and explain any change to HL512's findings
    assert trainer.main(["--check"]) == 0


def test_technical_words_from_the_user_cache_are_the_words_built_from_the_data(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from healthlint.rules import claims_model
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path))
    built = claims_model._technical_words.__wrapped__()
    assert list(tmp_path.glob("technical-words-2.marshal"))
    cached = claims_model._technical_words.__wrapped__()  # read from the cache
    assert isinstance(cached.offsets, memoryview)
    assert list(cached) == list(built) == sorted(set(built))
    assert "metformin" in built and "experience" not in built
    assert "metformin" in cached and "experience" not in cached
