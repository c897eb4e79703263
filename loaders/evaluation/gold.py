"""Gold and predicted articles as scoring documents: ANNOTATION.md JSONL lines and Extractions alike."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from graph.names import fold_name

PERSON_TYPES = {"Official", "PERSON"}
ORGANISATION_TYPES = {"Cluster", "Company", "University", "ResearchInstitute", "FederalBody", "RegionalBody", "Organization"}


@dataclass
class GoldEntity:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class GoldRelation:
    source: str
    type: str
    target: str
    post: str | None = None


@dataclass
class Doc:
    """One article's entities and relations (gold or predicted); relation ends name entities."""

    id: str
    entities: list[GoldEntity] = field(default_factory=list)
    relations: list[GoldRelation] = field(default_factory=list)
    text: str = ""
    url: str | None = None

    def entity(self, name: str) -> GoldEntity:
        key = fold_name(name)
        for e in self.entities:
            if any(fold_name(n) == key for n in e.names):
                return e
        return GoldEntity(name=name, type="")


def doc_from_json(data: dict) -> Doc:
    return Doc(
        id=str(data.get("id", "")),
        entities=[GoldEntity(e["name"], e.get("type", ""), list(e.get("aliases") or [])) for e in data.get("entities", [])],
        relations=[GoldRelation(r["source"], r["type"], r["target"], r.get("post")) for r in data.get("relations", [])],
        text=data.get("text", ""),
        url=data.get("url") or None,
    )


def read_jsonl(path: str | Path) -> list[Doc]:
    with open(path, encoding="utf-8") as fh:
        return [doc_from_json(json.loads(line)) for line in fh if line.strip()]


def doc_from_extraction(extraction) -> Doc:
    """An Extraction (graph.model) as a scoring document; relation ends by entity name."""
    names = {e.id: e.name for e in extraction.entities}
    return Doc(
        id=extraction.article.id,
        entities=[GoldEntity(e.name, e.type.value, list(e.aliases)) for e in extraction.entities],
        relations=[
            GoldRelation(names.get(r.source, r.source), r.type.value, names.get(r.target, r.target), r.attributes.get("post"))
            for r in extraction.relations
        ],
    )


def extraction_to_json(extraction) -> dict:
    """One line of `clusterkg extract` output."""
    names = {e.id: e.name for e in extraction.entities}
    relations = []
    for r in extraction.relations:
        item = {"source": names.get(r.source, r.source), "type": r.type.value, "target": names.get(r.target, r.target)}
        if r.attributes.get("post"):
            item["post"] = r.attributes["post"]
        if r.evidence:
            ev = r.evidence[0]
            item["evidence"] = {"sentence": ev.sentence, "start": ev.start, "end": ev.end, "confidence": r.confidence}
        relations.append(item)
    return {
        "id": extraction.article.id,
        "entities": [{"id": e.id, "name": e.name, "type": e.type.value, "aliases": list(e.aliases)} for e in extraction.entities],
        "relations": relations,
    }


def read_gold_articles(path: str | Path) -> list[tuple[object, Doc]]:
    """(Article, gold Doc) pairs of an ANNOTATION.md JSONL file, for training and cross-validation."""
    from datetime import date

    from graph.model import Article

    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            data = json.loads(line)
            published = None
            try:
                published = date.fromisoformat(str(data.get("date") or "")[:10])
            except ValueError:
                published = None
            doc = doc_from_json(data)
            article = Article(id=doc.id or Article.make_id(data.get("url"), data["text"]), url=data.get("url"),
                              title=data.get("title"), outlet=data.get("source"), published=published, text=data["text"])
            doc.id = article.id
            out.append((article, doc))
    return out
