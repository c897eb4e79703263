"""A small hand-built graph shaped like ours (three articles we wrote), for analytics, export and CLI tests."""

from __future__ import annotations

from datetime import date

from graph.model import Article, Entity, Evidence, Extraction, GraphSnapshot, Relation

CLUSTER = "Кластер электроники и беспилотных технологий"


def _e(type_: str, name: str, *aliases: str) -> Entity:
    return Entity(type=type_, name=name, aliases=list(aliases))


def _evidence(article: Article, sentence: str) -> Evidence:
    start = article.text.index(sentence)
    return Evidence(article_id=article.id, sentence=sentence, start=start, end=start + len(sentence), published=article.published)


def _rel(type_: str, source: Entity, target: Entity, article: Article, sentence: str, **attributes: str) -> Relation:
    return Relation(type=type_, source=source.id, target=target.id, attributes=attributes, evidence=[_evidence(article, sentence)])


def _mentioned(article: Article, *entities: Entity) -> list[Entity]:
    """Copies of the entities with one mention each in ``article`` (the name's first occurrence)."""
    out = []
    for entity in entities:
        copy = entity.model_copy(deep=True)
        start = max(article.text.find(entity.name), 0)
        copy.mentions = [
            Evidence(article_id=article.id, sentence=entity.name, start=start, end=start + len(entity.name), published=article.published)
        ]
        out.append(copy)
    return out


def sample_extractions() -> list[Extraction]:
    """Three articles: a cluster formed on an instruction, members joining, two cooperations."""
    cluster = _e("Cluster", CLUSTER, "кластер электроники")
    tusur = _e("University", "ТУСУР", "Томский государственный университет систем управления и радиоэлектроники")
    mikran = _e("Company", "Микран", "НПФ Микран")
    elecard = _e("Company", "Элекард")
    tpu = _e("University", "ТПУ", "Томский политехнический университет")
    governor = _e("Official", "Владимир Мазур")
    administration = _e("RegionalBody", "Администрация Томской области")
    tractor = _e("Project", "Производство беспилотного минитрактора")

    s1 = [
        f"{CLUSTER} создан по поручению губернатора.",
        f"В {CLUSTER} вошли ТУСУР и Микран.",
        "Владимир Мазур, губернатор, провел совещание.",
    ]
    a1 = Article(id=Article.make_id("https://example.org/1", ""), url="https://example.org/1", title="Кластер создан",
                 outlet="Пример", published=date(2023, 3, 1), text=" ".join(s1))
    s2 = [
        "ТУСУР и Микран подписали соглашение о сотрудничестве.",
        f"Элекард стал участником кластера: {CLUSTER} растет.",
        f"Производство беспилотного минитрактора идет в рамках {CLUSTER}.",
    ]
    a2 = Article(id=Article.make_id("https://example.org/2", ""), url="https://example.org/2", title="Соглашение",
                 outlet="Пример", published=date(2023, 9, 15), text=" ".join(s2))
    s3 = [
        "ТУСУР и Микран продлили соглашение.",
        "ТПУ и Элекард начали совместные исследования.",
        "Производство беспилотного минитрактора начато по поручению Владимир Мазур.",
    ]
    a3 = Article(id=Article.make_id("https://example.org/3", ""), url="https://example.org/3", title="Исследования",
                 outlet="Пример", published=date(2024, 2, 10), text=" ".join(s3))

    return [
        Extraction(
            article=a1,
            entities=_mentioned(a1, cluster, tusur, mikran, governor, administration),
            relations=[
                _rel("INSTRUCTED_BY", cluster, governor, a1, s1[0]),
                _rel("PARTICIPATES_IN", tusur, cluster, a1, s1[1]),
                _rel("PARTICIPATES_IN", mikran, cluster, a1, s1[1]),
                _rel("OFFICIAL_OF", governor, administration, a1, s1[2], post="губернатор"),
            ],
        ),
        Extraction(
            article=a2,
            entities=_mentioned(a2, tusur, mikran, elecard, cluster, tractor),
            relations=[
                _rel("COOPERATES_WITH", tusur, mikran, a2, s2[0]),
                _rel("PARTICIPATES_IN", elecard, cluster, a2, s2[1]),
                _rel("PART_OF", tractor, cluster, a2, s2[2]),
            ],
        ),
        Extraction(
            article=a3,
            entities=_mentioned(a3, tusur, mikran, tpu, elecard, tractor, governor),
            relations=[
                _rel("COOPERATES_WITH", mikran, tusur, a3, s3[0]),
                _rel("COOPERATES_WITH", tpu, elecard, a3, s3[1]),
                _rel("INSTRUCTED_BY", tractor, governor, a3, s3[2]),
            ],
        ),
    ]


def merge(extractions: list[Extraction]) -> GraphSnapshot:
    """The snapshot a store would hold after writing ``extractions``: entities and relations merged by id."""
    entities: dict[str, Entity] = {}
    relations: dict[str, Relation] = {}
    for x in extractions:
        for e in x.entities:
            if e.id in entities:
                kept = entities[e.id]
                kept.aliases = kept.aliases + [a for a in e.aliases if a not in kept.aliases]
                kept.mentions = kept.mentions + e.mentions
            else:
                entities[e.id] = e.model_copy(deep=True)
        for r in x.relations:
            if r.id in relations:
                relations[r.id].evidence = relations[r.id].evidence + r.evidence
            else:
                relations[r.id] = r.model_copy(deep=True)
    return GraphSnapshot(
        articles=[x.article for x in extractions],
        entities=sorted(entities.values(), key=lambda e: e.id),
        relations=sorted(relations.values(), key=lambda r: r.id),
    )


def sample_snapshot() -> GraphSnapshot:
    return merge(sample_extractions())


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs: a rough split on sentence-final punctuation and line breaks."""
    import re

    return [(m.start(), m.group().strip()) for m in re.finditer(r"[^.!?\n]+[.!?]?", text) if m.group().strip()]


def gold_extractions(rows: list[dict]) -> list[Extraction]:
    """The gold annotations of ``dev.jsonl`` as Extractions, each relation with the first sentence naming an end."""
    out = []
    for row in rows:
        published = date.fromisoformat(row["date"]) if row.get("date") else None
        article = Article(id=Article.make_id(row.get("url"), row["text"]),
                          url=row.get("url"), outlet=row.get("source"), published=published, text=row["text"])
        sentences = _sentences(row["text"])
        by_name = {}
        for item in row["entities"]:
            entity = Entity(type=item["type"], name=item["name"], aliases=item.get("aliases", []))
            offset, sentence = next(((o, s) for o, s in sentences if item["name"] in s), sentences[0])
            entity.mentions = [Evidence(article_id=article.id, sentence=sentence, start=offset,
                                        end=offset + len(sentence), published=published)]
            by_name[item["name"]] = entity
        relations = []
        for item in row["relations"]:
            source, target = by_name.get(item["source"]), by_name.get(item["target"])
            if source is None or target is None or source.id == target.id:
                continue
            offset, sentence = next(((o, s) for o, s in sentences if item["source"] in s or item["target"] in s), sentences[0])
            evidence = Evidence(article_id=article.id, sentence=sentence, start=offset, end=offset + len(sentence), published=published)
            attributes = {"post": item["post"]} if item.get("post") else {}
            relations.append(Relation(type=item["type"], source=source.id, target=target.id, attributes=attributes, evidence=[evidence]))
        merged: dict[str, Entity] = {}
        for entity in by_name.values():  # two gold names may fold to one id
            if entity.id in merged:
                merged[entity.id].mentions += entity.mentions
            else:
                merged[entity.id] = entity
        out.append(Extraction(article=article, entities=list(merged.values()), relations=relations))
    return out
