"""The store interface: every backend (embedded RDF, SPARQL endpoint, Bolt) implements it and
passes the same contract tests (``tests/store_contract.py``, subclassed by each store's test module)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol, Self

from pydantic import BaseModel, Field

from graph.errors import ClusterKGError
from graph.model import (
    EntityName,
    EntityView,
    Extraction,
    GraphSnapshot,
    Member,
    RelationView,
    StoreStats,
)

if TYPE_CHECKING:  # networkx is loaded only by the questions that draw a graph
    import networkx as nx


class StoreError(ClusterKGError):
    """Root of store failures; the message is one line a user can act on."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened (server down, bad credentials, locked directory)."""


class WriteReport(BaseModel):
    """What one ``write`` call did: articles newly stored and articles already there."""

    written: list[str] = Field(default_factory=list)
    skipped_existing: list[str] = Field(default_factory=list)
    entities: int = 0
    relations: int = 0


class FastQuestions(Protocol):
    """The searches behind the ready questions, answered natively by a store that offers them
    (``GraphStore.supports_fast_questions``); each returns what the generic snapshot path returns."""

    def neighbours(self, ids: set[str]) -> dict[str, set[str]]:
        """Undirected neighbours of each id over every relation."""

    def relations_between(self, pairs: set[tuple[str, str]]) -> dict[frozenset, list[RelationView]]:
        """Every relation joining each unordered pair, with its evidence."""

    def refs(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Name and type value of each entity id found."""

    def instruction_subjects(self, by: str | None) -> set[str]:
        """Sources of INSTRUCTED_BY (towards ``by`` when given)."""

    def light_graph(self) -> nx.MultiDiGraph:
        """Entities (name, type) and relations (type) only: what brokers and communities need."""

    def article_counts(self, ids: Sequence[str]) -> dict[str, int]:
        """Distinct articles that mention each entity or give evidence for one of its relations."""


class GraphStore(ABC):
    """One backend behind one interface.

    Writes are per article and atomic: after a crash a store holds only whole articles.
    Writing an article already stored changes nothing (ids are content-derived).
    Capability flags say what native query language a store speaks, whether it answers the
    ready questions' searches natively (``fast_questions``), and whether it admits one writing
    process only (``single_writer``: then no other process can change it between our reads).
    """

    kind: str = "abstract"
    single_writer: bool = False
    supports_sparql: bool = False
    supports_cypher: bool = False
    supports_fast_questions: bool = False

    # --- writing -------------------------------------------------------------------
    def write(self, extractions: Iterable[Extraction]) -> WriteReport:
        """Store resolved extractions, one transaction per article (or per bounded batch).

        The one write path of every store: the extractions pass ``_prepare`` (where corrections
        apply), then the back-end's ``_write`` merges them by the rules of ``graph.merge``.
        """
        return self._write(self._prepare(extractions))

    def _prepare(self, extractions: Iterable[Extraction]) -> Iterable[Extraction]:
        """What the extractions pass before they are written (the corrections hook): unchanged here.
        It sees the whole stream, so what it needs (the corrections) is read once per ``write``."""
        return extractions

    @abstractmethod
    def _write(self, extractions: Iterable[Extraction]) -> WriteReport:
        """The back-end's writer: articles already stored are skipped, the rest merged and stored."""

    @abstractmethod
    def has_article(self, article_id: str) -> bool: ...

    # --- reading -------------------------------------------------------------------
    @abstractmethod
    def stats(self) -> StoreStats: ...

    @abstractmethod
    def entity_names(self) -> list[EntityName]:
        """Every entity's id, name, type and aliases: what name look-up and resolution read."""

    @abstractmethod
    def entity(self, entity_id: str) -> EntityView | None:
        """One entity with aliases, attributes, articles and its relations with evidence."""

    @abstractmethod
    def members(self, group_id: str, as_of: date | None = None) -> list[Member]:
        """Who PARTICIPATES_IN (or is PART_OF) a cluster or project, with first/last seen."""

    @abstractmethod
    def snapshot(self) -> GraphSnapshot:
        """The whole graph as models: what analytics, maps and exports read."""

    def fast_questions(self) -> FastQuestions:
        """The native searches of a store with ``supports_fast_questions``."""
        raise StoreError(f"the {self.kind} store has no native question paths")

    def query(self, text: str, language: str) -> list[dict]:
        """Run a native query (``sparql`` or ``cypher``) and return rows as dicts."""
        raise StoreError(f"the {self.kind} store does not run {language} queries")

    def close(self) -> None:  # pragma: no cover - trivial default
        return None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

