"""The learned layer: cross-validated figures on the shared annotated articles, the shipped model rebuilt
from them, `clusterkg train` / `--model` / `eval --folds` end to end, and model files that must be refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

DATA = Path(__file__).parents[2] / "shared" / "data"
GOLD = [DATA / "train.jsonl", DATA / "dev.jsonl"]

# 5-fold cross-validated micro F1 on train + dev: the targets, 0.85 (typed entities) and 0.75
# (relations), both reached (0.878 and 0.776 when last measured), so the floors are the targets themselves.
CV_TYPED_F1_FLOOR = 0.85
CV_RELATION_F1_FLOOR = 0.75


def _json(output: str) -> dict:
    return json.loads(output[output.index("{"):])


@pytest.fixture(scope="module")
def prepared():
    """The rule stages over all 93 annotated articles, once for every test here."""
    from loaders.evaluation import crossval
    from loaders.evaluation.gold import read_gold_articles
    from loaders.extraction import Extractor

    for path in GOLD:
        if not path.exists():
            pytest.fail(f"{path} is missing: the learning tests need ../shared/data")
    extractor = Extractor.load(model=None)
    pairs = [pair for path in GOLD for pair in read_gold_articles(path)]
    return extractor, crossval.prepare(extractor, pairs)


@pytest.fixture(scope="module")
def cross_validated(prepared):
    from loaders.evaluation import crossval

    extractor, items = prepared
    return crossval.cross_validate(extractor, items, 5)


@pytest.mark.slow
def test_cross_validated_figures_meet_the_floors(cross_validated):
    cv = cross_validated["cross_validated"]
    assert cv.typed.f1 >= CV_TYPED_F1_FLOOR, cv.as_dict()["entities_typed"]
    assert cv.relations.f1 >= CV_RELATION_F1_FLOOR, cv.as_dict()["relations"]


@pytest.mark.slow
def test_cross_validation_reports_the_gap_and_every_type(cross_validated):
    cv, fit = cross_validated["cross_validated"], cross_validated["train_on_all"]
    assert fit.typed.f1 >= cv.typed.f1  # a model scored on its own training data flatters itself
    assert cv.typed.gold == fit.typed.gold == cross_validated["rules_only"].typed.gold
    assert {"Company", "Cluster", "Official", "Project", "RegionalBody"} <= set(cv.by_type)
    assert {"OFFICIAL_OF", "PARTICIPATES_IN", "COOPERATES_WITH"} <= set(cv.by_relation)


def test_folds_are_fixed_by_article_id():
    from loaders.evaluation.crossval import assign_folds

    ids = [f"a{n}" for n in range(23)]
    folds = assign_folds(ids, 5)
    assert folds == assign_folds(list(reversed(ids)), 5)  # the file order does not matter
    sizes = sorted(list(folds.values()).count(k) for k in range(5))
    assert sizes == [4, 4, 5, 5, 5]


def _predictions(extractor, items, model) -> list:
    from loaders.evaluation import crossval

    out = []
    for p in items:
        doc = crossval.predict(extractor, p, model)
        out.append((sorted((e.type, e.name) for e in doc.entities), sorted((r.source, r.type, r.target) for r in doc.relations)))
    return out


@pytest.mark.slow
def test_shipped_model_is_what_training_on_the_shared_data_gives(prepared):
    from loaders.evaluation import crossval
    from loaders.extraction.learned import default_model_path, load_default_model

    extractor, items = prepared
    shipped = load_default_model()
    assert shipped is not None, f"{default_model_path()} is missing: run `make model`"
    rebuilt = crossval.train_model(items, trained_on=shipped.trained_on)
    assert _predictions(extractor, items, rebuilt) == _predictions(extractor, items, shipped), "run `make model`"
    assert default_model_path().stat().st_size < 2_000_000


@pytest.mark.slow
def test_the_layer_learns_a_relation_type_the_rules_do_not_find(prepared):
    """With the rules' OFFICIAL_OF relations taken away, training learns the type from the annotations (the
    inner cross-validation lets the model add it) and the held-out folds get OFFICIAL_OF relations back."""
    import copy

    from loaders.evaluation import crossval
    from loaders.evaluation.training import label
    from loaders.extraction.learned import layer
    from loaders.extraction.learned.model import NEVER

    extractor, items = prepared
    stripped = []
    for p in items:
        state = copy.deepcopy(p.state)
        state.relations = [r for r in state.relations if r.type != "OFFICIAL_OF"]
        candidates = layer.candidates(extractor, state)
        stripped.append(crossval.Prepared(p.article, p.gold, state, label(state, candidates, p.gold)))
    model = crossval.train_model(stripped)
    assert model.relation_threshold("relation_add", "OFFICIAL_OF") < NEVER
    scores = crossval.cross_validate(extractor, stripped, 5)
    assert scores["rules_only"].by_relation["OFFICIAL_OF"].tp == 0
    learned = scores["cross_validated"].by_relation["OFFICIAL_OF"]
    assert learned.f1 >= 0.3 and learned.precision >= 0.7, learned.as_dict()


@pytest.mark.slow
def test_train_then_extract_and_eval_with_the_model(tmp_path):
    from clusterkg.cli import app

    runner = CliRunner()
    model = tmp_path / "model.json"
    trained = runner.invoke(app, ["train", str(DATA / "dev.jsonl"), "--out", str(model), "--json"])
    assert trained.exit_code == 0, trained.output
    assert _json(trained.stdout)["articles"] == 21
    data = json.loads(model.read_text(encoding="utf-8"))
    assert data["format"] == "clusterkg-learned-model" and isinstance(data["version"], int)
    out = tmp_path / "pred.jsonl"
    extracted = runner.invoke(app, ["extract", str(DATA / "dev.jsonl"), "--out", str(out), "--model", str(model)])
    assert extracted.exit_code == 0, extracted.output
    scored = runner.invoke(app, ["eval", str(DATA / "dev.jsonl"), "--pred", str(out), "--json"])
    direct = runner.invoke(app, ["eval", str(DATA / "dev.jsonl"), "--model", str(model), "--json"])
    assert scored.exit_code == 0 and direct.exit_code == 0, scored.output + direct.output
    assert next(iter(_json(scored.stdout).values())) == next(iter(_json(direct.stdout).values()))


@pytest.mark.slow
def test_eval_folds_prints_cross_validated_and_train_on_all(tmp_path):
    from clusterkg.cli import app

    result = CliRunner().invoke(app, ["eval", str(DATA / "dev.jsonl"), "--folds", "3", "--json"])
    assert result.exit_code == 0, result.output
    report = _json(result.stdout)
    assert report["folds"] == 3 and report["articles"] == 21
    for key in ("cross_validated", "train_on_all", "rules_only"):
        assert {"entities_typed", "entities_untyped", "relations", "by_type", "by_relation"} <= set(report[key])
    gap = report["train_on_all"]["entities_typed"]["f1"] - report["cross_validated"]["entities_typed"]["f1"]
    assert report["gap_train_minus_cv"]["entities_typed"] == pytest.approx(gap, abs=1e-3)


@pytest.mark.parametrize("content, message", [
    ('{"format": "clusterkg-learned-model", "version": 999}', "version 999"),
    ('{"weights": []}', "not a clusterkg model file"),
    ("\x80not json", "not a clusterkg model file"),
])
def test_a_model_from_elsewhere_is_refused_with_one_line(tmp_path, content, message):
    from clusterkg.cli import app

    bad = tmp_path / "model.json"
    bad.write_bytes(b"\x80not json" if content.startswith("\x80") else content.encode("utf-8"))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(DATA / "dev.jsonl"), "--out", str(out), "--model", str(bad)])
    assert result.exit_code == 1
    assert "error:" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_model_file_holds_no_code(tmp_path):
    """The model is plain JSON: numbers and feature names, nothing a loader would execute."""
    from loaders.extraction.learned import LearnedModel, default_model_path

    data = json.loads(default_model_path().read_text(encoding="utf-8"))
    assert set(data) == {"format", "version", "trained_on", "vectors", "thresholds", "signatures", "entity", "relation"}
    model = LearnedModel.from_json(data)
    model.save(tmp_path / "again.json")
    assert LearnedModel.load(tmp_path / "again.json").to_json() == model.to_json()


def test_ingest_takes_the_model_option(tmp_path, monkeypatch):
    from clusterkg.cli import app

    monkeypatch.setenv("CLUSTERKG_MODEL", "default")  # ingest --model sets it for its workers: undone after the test

    result = CliRunner().invoke(app, ["ingest", str(DATA / "dev.jsonl"), "--store", str(tmp_path / "store"),
                                      "--model", str(tmp_path / "missing.json")])
    assert result.exit_code == 1
    assert "error:" in result.output and "missing.json: no such model file" in result.output


def _synthetic_examples(informative: bool) -> list:
    """30 made-up articles of 6 candidate pairs: the rules relate pair 0 (rightly) and pair 1 (wrongly); pairs
    2-3 are members the rules missed; pairs 4-5 are no relation. A "member" word marks pairs 2-3 when
    ``informative``; otherwise it marks pairs 2-5, so nothing tells the members from the others."""
    from loaders.evaluation.training import Example
    from loaders.extraction.learned.layer import Candidates

    examples = []
    for n in range(30):
        pairs, labels = [], []
        for k in range(6):
            f = {"bias:pair": 1.0, f"w:{n % 7}": 1.0}
            if k < 2:
                f["rule:PARTICIPATES_IN"] = 1.0
            if k in (2, 3) or (k >= 2 and not informative):
                f["btw:member"] = 1.0
            pairs.append((k, 10 + k, 0, f))
            labels.append("PARTICIPATES_IN" if k in (0, 2, 3) else "NONE")
        examples.append(Example(Candidates([], pairs), [], labels, {("Company", "PARTICIPATES_IN", "Cluster")},
                                {"PARTICIPATES_IN": 3}))
    return examples


def test_thresholds_let_the_model_add_what_it_ranks_well_and_leave_the_rest_to_the_rules():
    from loaders.evaluation.training import fit
    from loaders.extraction.learned.model import NEVER

    learned = fit(_synthetic_examples(informative=True))
    assert learned.relation_threshold("relation_add", "PARTICIPATES_IN") < NEVER
    noise = fit(_synthetic_examples(informative=False))
    assert noise.relation_threshold("relation_add", "PARTICIPATES_IN") == NEVER
    assert noise.relation_threshold("relation_drop", "OFFICIAL_OF") == NEVER  # a type never seen keeps the rules'


def test_per_type_thresholds_survive_the_model_file(tmp_path):
    from loaders.evaluation.training import fit
    from loaders.extraction.learned import LearnedModel

    model = fit(_synthetic_examples(informative=True))
    model.save(tmp_path / "m.json")
    again = LearnedModel.load(tmp_path / "m.json")
    assert again.thresholds == model.thresholds
    assert again.relation_threshold("relation_add", "PARTICIPATES_IN") == model.relation_threshold("relation_add", "PARTICIPATES_IN")


def test_a_pair_knows_the_cue_kinds_of_its_sentence():
    """The sentence's cue words (cues.tsv) reach the pair classifier as kinds, with the pair's two types."""
    from graph.model import Article
    from loaders.extraction import Extractor
    from loaders.extraction.learned import layer

    extractor = Extractor.load(model=None)
    text = ("Компания «Северный ветер» и Томский политехнический университет подписали соглашение о сотрудничестве. "
            "Погода в Томске была тёплой.")
    state = extractor.rules_state(Article(id="cue-test", text=text))
    pairs = layer.candidates(extractor, state).pairs
    typed = {(state.drafts[a].type, state.drafts[b].type): f for a, b, _, f in pairs}
    features = typed[("Company", "University")]
    assert features.get("cue:cooperation") == 1.0 and features.get("cue:signing") == 1.0
    assert features.get("cue_tab:cooperation:Company>University") == 1.0
    assert not any(name.startswith("cue:participation") for name in features)
