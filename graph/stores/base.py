"""The store interface: every backend (embedded RDF, SPARQL endpoint, Bolt) implements it and
passes the same contract tests in ``tests/test_store_contract.py``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, Field

from graph.errors import ClusterKGError
from graph.model import (
    EntityName,
    EntityView,
    Extraction,
    GraphSnapshot,
    Member,
    StoreStats,
)


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


class GraphStore(ABC):
    """One backend behind one interface.

    Writes are per article and atomic: after a crash a store holds only whole articles.
    Writing an article already stored changes nothing (ids are content-derived).
    Capability flags say what native query language a store speaks.
    """

    kind: str = "abstract"
    supports_sparql: bool = False
    supports_cypher: bool = False

    # --- writing -------------------------------------------------------------------
    @abstractmethod
    def write(self, extractions: Iterable[Extraction]) -> WriteReport:
        """Store resolved extractions, one transaction per article (or per bounded batch)."""

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

    def query(self, text: str, language: str) -> list[dict]:
        """Run a native query (``sparql`` or ``cypher``) and return rows as dicts."""
        raise StoreError(f"the {self.kind} store does not run {language} queries")

    def close(self) -> None:  # pragma: no cover - trivial default
        return None

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

