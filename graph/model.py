"""Pydantic models: the one contract between loaders, extraction, stores, queries and exports.

Every stage takes and returns these; the RDF and Cypher layers map *from* them.
"""

from __future__ import annotations

import hashlib
from datetime import date
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from graph.names import fold_name


class EntityType(str, Enum):
    """The nine entity types of ANNOTATION.md."""

    CLUSTER = "Cluster"
    COMPANY = "Company"
    UNIVERSITY = "University"
    RESEARCH_INSTITUTE = "ResearchInstitute"
    FEDERAL_BODY = "FederalBody"
    REGIONAL_BODY = "RegionalBody"
    OFFICIAL = "Official"
    PROJECT = "Project"
    ORGANIZATION = "Organization"


ORGANISATION_TYPES = frozenset(
    {
        EntityType.CLUSTER,
        EntityType.COMPANY,
        EntityType.UNIVERSITY,
        EntityType.RESEARCH_INSTITUTE,
        EntityType.FEDERAL_BODY,
        EntityType.REGIONAL_BODY,
        EntityType.ORGANIZATION,
    }
)


class RelationType(str, Enum):
    """The five relation types of ANNOTATION.md."""

    PARTICIPATES_IN = "PARTICIPATES_IN"
    PART_OF = "PART_OF"
    INSTRUCTED_BY = "INSTRUCTED_BY"
    COOPERATES_WITH = "COOPERATES_WITH"
    OFFICIAL_OF = "OFFICIAL_OF"

    @property
    def symmetric(self) -> bool:
        return self is RelationType.COOPERATES_WITH


def _digest(*parts: str, size: int = 16) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:size]


def entity_id(name: str) -> str:
    """Stable id of an entity from its canonical name (folded, so case, ё and quotes do not matter)."""
    return "e" + _digest(fold_name(name))


def relation_id(source: str, type_: RelationType | str, target: str) -> str:
    """Stable id of a relation; a symmetric relation gets the same id in both directions."""
    rtype = RelationType(type_)
    if rtype.symmetric and target < source:
        source, target = target, source
    return "r" + _digest(source, rtype.value, target)


class Article(BaseModel):
    """One news article as a reader sees it: the text is the article body without page furniture."""

    model_config = ConfigDict(frozen=False)

    id: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    text: str

    @staticmethod
    def make_id(url: str | None, text: str) -> str:
        """Stable id from the URL when there is one, else from the whitespace-normalised text."""
        if url:
            return "a" + _digest("url", url.strip())
        return "a" + _digest("text", " ".join(text.split()))


class Evidence(BaseModel):
    """Where a fact was read: the article, the sentence and its character offsets."""

    article_id: str
    sentence: str
    start: int = 0
    end: int = 0
    extractor: str = "rules"
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    published: date | None = None

    def sort_key(self) -> tuple:
        """The one evidence order of every store and question: oldest first, undated last, and the whole
        record breaking ties, so the order never depends on a store's scan or insertion order."""
        return (self.published is None, self.published or date.min, self.article_id, self.start, self.end,
                self.sentence, self.extractor, self.confidence)


class Entity(BaseModel):
    """A typed node with its canonical nominative name and every surface form seen for it."""

    id: str = ""
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    attributes: dict[str, str] = Field(default_factory=dict)
    mentions: list[Evidence] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("entity name is blank")
        return value

    def model_post_init(self, __context: object) -> None:
        if not self.id:
            self.id = entity_id(self.name)
        seen = {fold_name(self.name)}
        aliases = []
        for alias in self.aliases:
            alias = " ".join(alias.split())
            key = fold_name(alias)
            if alias and key not in seen:
                seen.add(key)
                aliases.append(alias)
        self.aliases = aliases


class Relation(BaseModel):
    """A typed edge between two entity ids, with attributes (``post``) and its evidence."""

    id: str = ""
    type: RelationType
    source: str
    target: str
    attributes: dict[str, str] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)

    def model_post_init(self, __context: object) -> None:
        if self.type.symmetric and self.target < self.source:
            self.source, self.target = self.target, self.source
        if not self.id:
            self.id = relation_id(self.source, self.type, self.target)


class Extraction(BaseModel):
    """One article's small graph: what the extractor read from it, entities resolved within it."""

    article: Article
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)

    def entity_by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}


class StoreStats(BaseModel):
    articles: int = 0
    entities: int = 0
    relations: int = 0
    entities_by_type: dict[str, int] = Field(default_factory=dict)
    relations_by_type: dict[str, int] = Field(default_factory=dict)

    @classmethod
    def from_counts(cls, articles: int, entities_by_type: dict[str, int], relations_by_type: dict[str, int]) -> "StoreStats":
        """Totals from per-type counts, types sorted, so every store reports alike."""
        return cls(
            articles=articles,
            entities=sum(entities_by_type.values()),
            relations=sum(relations_by_type.values()),
            entities_by_type=dict(sorted(entities_by_type.items())),
            relations_by_type=dict(sorted(relations_by_type.items())),
        )


class Member(BaseModel):
    """A member of a cluster (or participant of a project) as the `members` command reports it."""

    id: str
    name: str
    type: EntityType
    first_seen: date | None = None
    last_seen: date | None = None
    articles: int = 0


class RelationView(BaseModel):
    """A relation as queries return it: both ends named, evidence attached, dates summarised."""

    id: str
    type: RelationType
    source: str
    source_name: str
    target: str
    target_name: str
    attributes: dict[str, str] = Field(default_factory=dict)
    confidence: float = 1.0
    evidence: list[Evidence] = Field(default_factory=list)
    first_seen: date | None = None
    last_seen: date | None = None

    @classmethod
    def of(cls, relation: Relation, names: dict[str, str]) -> RelationView:
        """The view every store and question builds: ends named from ``names`` (the id when unknown),
        evidence in ``Evidence.sort_key`` order, first and last seen from the dated evidence."""
        evidence = sorted(relation.evidence, key=Evidence.sort_key)
        dates = [e.published for e in evidence if e.published]
        return cls.model_construct(
            id=relation.id,
            type=relation.type,
            source=relation.source,
            source_name=names.get(relation.source) or relation.source,
            target=relation.target,
            target_name=names.get(relation.target) or relation.target,
            attributes=dict(relation.attributes),
            confidence=relation.confidence,
            evidence=evidence,
            first_seen=min(dates) if dates else None,
            last_seen=max(dates) if dates else None,
        )

    def sort_key(self) -> tuple:
        """How an entity's relations are listed: by type, then oldest first, then by the names."""
        return (self.type.value, self.first_seen or date.min, self.source_name, self.target_name, self.id)


class EntityName(BaseModel):
    """The lightweight row name look-up and resolution work on."""

    id: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)


class EntityView(BaseModel):
    """Everything the store knows about one entity."""

    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    attributes: dict[str, str] = Field(default_factory=dict)
    articles: list[str] = Field(default_factory=list)
    relations: list[RelationView] = Field(default_factory=list)


class GraphSnapshot(BaseModel):
    """The whole stored graph in model form: what analytics, maps and exports read."""

    articles: list[Article] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
