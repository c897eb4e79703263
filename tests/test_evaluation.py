"""The scorer on hand-made gold and predictions, and `clusterkg eval` on the real dev set."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from loaders.evaluation import (
    NEREL_MATCHER,
    Doc,
    GoldEntity,
    GoldRelation,
    Matcher,
    nerel_gold,
    read_nerel,
    score_documents,
)

# The floors on the annotated articles are cross-validated: see tests/test_learning.py (the rules and the
# shipped model were fitted on dev.jsonl, so its own figures would flatter them).


def gold_doc() -> Doc:
    return Doc(
        id="a",
        entities=[
            GoldEntity("ТУСУР", "University", ["Томский государственный университет систем управления и радиоэлектроники"]),
            GoldEntity("НПФ «Микран»", "Company", ["Микран", "АО «НПФ «Микран»"]),
            GoldEntity("Виктор Рулевский", "Official"),
            GoldEntity("Р. В. Харитонов", "Official"),
            GoldEntity("производство беспилотного минитрактора", "Project"),
        ],
        relations=[
            GoldRelation("Виктор Рулевский", "OFFICIAL_OF", "ТУСУР", "ректор"),
            GoldRelation("ТУСУР", "COOPERATES_WITH", "НПФ «Микран»"),
        ],
    )


MATCHES = [
    (GoldEntity("АО «НПФ «Микран»", "Company"), "НПФ «Микран»", True),
    (GoldEntity("Томский государственный университет систем управления и радиоэлектроники", "University"), "ТУСУР", True),
    (GoldEntity("В. Рулевский", "Official"), "Виктор Рулевский", True),
    (GoldEntity("Харитонов Роман", "Official"), "Р. В. Харитонов", True),
    (GoldEntity("Игорь Рулевский", "Official"), "Виктор Рулевский", False),
    (GoldEntity("беспилотный минитрактор", "Project"), "производство беспилотного минитрактора", True),
    (GoldEntity("производство лидаров", "Project"), "производство беспилотного минитрактора", False),
    (GoldEntity("ТУСУР", "Company"), "ТУСУР", False),  # typed match needs the same type
]


@pytest.mark.parametrize(("pred", "gold_name", "expected"), MATCHES)
def test_entity_matching(pred, gold_name, expected):
    gold = next(e for e in gold_doc().entities if e.name == gold_name)
    assert Matcher().match(pred, gold, typed=True) is expected


def test_micro_scores_and_symmetric_cooperation():
    pred = Doc(
        id="a",
        entities=[
            GoldEntity("ТУСУР", "University"),
            GoldEntity("Микран", "Company"),
            GoldEntity("Виктор Рулевский", "Official"),
            GoldEntity("Газпром", "Company"),
        ],
        relations=[
            GoldRelation("Виктор Рулевский", "OFFICIAL_OF", "ТУСУР"),
            GoldRelation("Микран", "COOPERATES_WITH", "ТУСУР"),  # reversed: still a match
            GoldRelation("Газпром", "COOPERATES_WITH", "ТУСУР"),
        ],
    )
    score = score_documents([gold_doc()], [pred])
    assert (score.typed.tp, score.typed.pred, score.typed.gold) == (3, 4, 5)
    assert score.relations.tp == 2 and score.relations.pred == 3 and score.relations.gold == 2
    assert score.relations.recall == 1.0
    assert score.by_relation["COOPERATES_WITH"].precision == 0.5
    assert score.typed.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_duplicates_count_once():
    pred = Doc(id="a", entities=[GoldEntity("Микран", "Company"), GoldEntity("НПФ Микран", "Company")])
    score = score_documents([gold_doc()], [pred])
    assert score.typed.tp == 1 and score.typed.pred == 2


def test_nerel_reader(tmp_path):
    text = "Президент компании «Альфа» Иван Петров заявил. Петров добавил."
    (tmp_path / "1_text.txt").write_text(text, encoding="utf-8")
    ann = [
        "T1\tPROFESSION 0 9\tПрезидент",
        "T2\tORGANIZATION 19 24\tАльфа",
        "T3\tPERSON 26 37\tИван Петров",
        "T4\tPERSON 47 53\tПетров",
        "R1\tWORKS_AS Arg1:T3 Arg2:T1",
        "R2\tWORKPLACE Arg1:T3 Arg2:T2",
    ]
    (tmp_path / "1_text.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    doc = nerel_gold(tmp_path / "1_text.ann", text)
    assert sorted(e.name for e in doc.entities) == ["Альфа", "Иван Петров"]
    assert [(r.source, r.type, r.target) for r in doc.relations] == [("Иван Петров", "OFFICIAL_OF", "Альфа")]
    assert read_nerel(tmp_path)[0].id == "1_text"
    pred = Doc(id="1_text", entities=[GoldEntity("Иван Петров", "Official"), GoldEntity("Альфа", "Organization")],
               relations=[GoldRelation("Иван Петров", "OFFICIAL_OF", "Альфа")])
    score = score_documents([doc], [pred], matcher=NEREL_MATCHER)
    assert score.untyped.f1 == 1.0 and score.relations.f1 == 1.0


def test_nerel_official_through_the_profession_or_another_mention(tmp_path):
    """NEREL writes a post as the profession's WORKPLACE («Президент ФФККР Иван Петров») or as the person's own,
    with WORKS_AS on another mention; a person with a WORKPLACE and no profession anywhere is no official."""
    text = "Президент союза «Альфа» Иван Петров заявил. Петров работает и в «Бете». Олег Сомов играет за «Гамму»."
    (tmp_path / "2_text.txt").write_text(text, encoding="utf-8")
    spans = {"Президент союза «Альфа»": "PROFESSION", "Альфа": "ORGANIZATION", "Иван Петров": "PERSON", "Петров": "PERSON",
             "Бете": "ORGANIZATION", "Олег Сомов": "PERSON", "Гамму": "ORGANIZATION"}
    ann = []
    for n, (words, kind) in enumerate(spans.items(), 1):
        start = text.index(words) if words != "Петров" else text.index("Петров работает")
        ann.append(f"T{n}\t{kind} {start} {start + len(words)}\t{words}")
    ann += ["R1\tWORKS_AS Arg1:T3 Arg2:T1", "R2\tWORKPLACE Arg1:T1 Arg2:T2", "R3\tWORKPLACE Arg1:T4 Arg2:T5",
            "R4\tWORKPLACE Arg1:T6 Arg2:T7"]
    (tmp_path / "2_text.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    doc = nerel_gold(tmp_path / "2_text.ann", text)
    assert sorted((r.source, r.target) for r in doc.relations) == [("Иван Петров", "Альфа"), ("Иван Петров", "Бете")]


def test_nerel_sample_is_fixed_and_sized(tmp_path):
    for n in range(5):
        (tmp_path / f"{n}_text.txt").write_text("Текст.", encoding="utf-8")
        (tmp_path / f"{n}_text.ann").write_text("", encoding="utf-8")
    first = [d.id for d in read_nerel(tmp_path, sample=3)]
    assert len(first) == 3 and first == [d.id for d in read_nerel(tmp_path, sample=3)]
    assert len(read_nerel(tmp_path)) == 5


# issue 10's NEREL dev targets: entities (untyped) >= 0.82, OFFICIAL_OF >= 0.70 (measured 0.834 / 0.703)
NEREL_ENTITY_F1_FLOOR = 0.82
NEREL_RELATION_F1_FLOOR = 0.70


@pytest.mark.slow
def test_nerel_dev_figures_meet_the_targets(nerel_dev):
    from clusterkg.cli import app

    result = CliRunner().invoke(app, ["eval", "--nerel", str(nerel_dev), "--json"])
    assert result.exit_code == 0, result.output
    scores = next(iter(json.loads(result.stdout[result.stdout.index("{"):]).values()))
    assert scores["entities_untyped"]["f1"] >= NEREL_ENTITY_F1_FLOOR, scores["entities_untyped"]
    assert scores["relations"]["f1"] >= NEREL_RELATION_F1_FLOOR, scores["relations"]


def test_nerel_dev_reads(nerel_dev):
    docs = read_nerel(nerel_dev)
    assert len(docs) > 50
    assert sum(len(d.relations) for d in docs) > 50


@pytest.mark.slow
def test_eval_prints_figures(dev_jsonl):
    from clusterkg.cli import app

    result = CliRunner().invoke(app, ["eval", str(dev_jsonl)])
    assert result.exit_code == 0, result.output
    assert "entities (typed)" in result.output and "relations" in result.output and "F1" in result.output


@pytest.mark.slow
def test_extract_writes_one_line_per_article_and_pred_scores(dev_jsonl, tmp_path):
    from clusterkg.cli import app

    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(app, ["extract", str(dev_jsonl), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(dev_jsonl.read_text(encoding="utf-8").splitlines())
    first = lines[0]
    assert set(first) == {"id", "entities", "relations"}
    assert {"id", "name", "type", "aliases"} <= set(first["entities"][0])
    scored = CliRunner().invoke(app, ["eval", str(dev_jsonl), "--pred", str(out), "--json"])
    assert scored.exit_code == 0, scored.output


def test_extract_ignores_gold_fields(tmp_path):
    from clusterkg.cli import app

    src = tmp_path / "in.jsonl"
    article = {"id": "x", "text": "Ректор ТПУ Дмитрий Седнев выступил.", "entities": [{"name": "ЛОЖЬ", "type": "Company"}]}
    src.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "ЛОЖЬ" not in out.read_text(encoding="utf-8")


def test_eval_missing_file_is_one_line_error(tmp_path):
    from clusterkg.cli import app

    result = CliRunner().invoke(app, ["eval", str(tmp_path / "none.jsonl")])
    assert result.exit_code != 0
    assert "no such file" in result.output


# Figures on tests/data/heldout.jsonl (articles we wrote, never tuned on), minus a margin.
HELDOUT_TYPED_F1_FLOOR = 0.90
HELDOUT_RELATION_F1_FLOOR = 0.85


def test_heldout_figures_do_not_regress():
    from pathlib import Path

    from clusterkg.cli import app

    heldout = Path(__file__).parent / "data" / "heldout.jsonl"
    result = CliRunner().invoke(app, ["eval", str(heldout), "--json"])
    assert result.exit_code == 0, result.output
    scores = next(iter(json.loads(result.stdout[result.stdout.index("{"):]).values()))
    assert scores["entities_typed"]["f1"] >= HELDOUT_TYPED_F1_FLOOR, scores["entities_typed"]
    assert scores["relations"]["f1"] >= HELDOUT_RELATION_F1_FLOOR, scores["relations"]
