"""The graph in Neo4j (or any Bolt server speaking Cypher), written and read with the official driver.

This module connects and runs queries; ``bolt_write`` writes (batches, merging), ``bolt_read`` reads
(and holds the layout), ``cypher_dialect`` says what differs between servers (Neo4j, FalkorDB).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.corrections import CorrectedWrites
from graph.stores.base import GraphStore, StoreError, StoreUnavailable
from graph.stores.bolt_read import BoltReader
from graph.stores.bolt_write import BoltWriter
from graph.stores.corrections_bolt import BoltCorrections
from graph.stores.cypher_dialect import CypherDialect, OversizeRow, Statement, probe_dialect

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
CONNECT_TIMEOUT = 3.0  # seconds to open a socket; twice that to get an answered handshake
RETRY_TIME = 5.0  # seconds the driver may spend retrying a transaction on transient errors


def _one_line(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
    return " ".join(str(message).split())[:300]


class BoltStore(CorrectedWrites, BoltCorrections, BoltReader, BoltWriter, GraphStore):
    """A ``GraphStore`` over Bolt: Neo4j 5, or FalkorDB for the tests (see ``cypher_dialect``)."""

    kind = "bolt"
    supports_cypher = True

    def __init__(
        self,
        driver: Driver,
        *,
        uri: str = "",
        database: str | None = None,
        dialect: CypherDialect | None = None,
        owns_driver: bool = True,
    ) -> None:
        self.driver = driver
        self.uri = uri
        self.owns_driver = owns_driver
        self.transactions = 0  # write transactions opened (each batch is one)
        self._closed = False
        self.database = None  # the probe runs on the server's default database
        with self._errors():
            self.dialect = dialect or probe_dialect(lambda q: self._run_read(q))
        self.database = database if self.dialect.uses_database else None
        with self._errors():
            self.dialect.ensure_schema(lambda q: self._run_write(q))

    @classmethod
    def from_uri(
        cls,
        uri: str | None = None,
        *,
        username: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> BoltStore:
        """Connect with ``NEO4J_USERNAME`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE`` unless given."""
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            raise StoreUnavailable("no Bolt URI: pass --neo4j bolt://HOST:7687 or set NEO4J_URI")
        username = username if username is not None else os.environ.get("NEO4J_USERNAME")
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        database = database or os.environ.get("NEO4J_DATABASE") or None
        auth = (username, password or "") if username else None
        if uri.split("://", 1)[0].lower() not in BOLT_SCHEMES:
            raise StoreUnavailable(f"not a Bolt URI: {uri!r} (expected bolt://HOST:7687 or neo4j://HOST:7687)")
        try:
            driver = open_driver(uri, auth)
        except (ValueError, DriverError) as exc:
            raise StoreUnavailable(f"bad Bolt URI {uri!r}: {_one_line(exc)}") from exc
        try:
            driver.verify_connectivity()
        except AuthError as exc:
            driver.close()
            raise StoreUnavailable(f"the Bolt server at {uri} refused the credentials of user {username!r}") from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            driver.close()
            raise StoreUnavailable(f"cannot reach a Bolt server at {uri}: {_short_reason(exc)}") from exc
        except Neo4jError as exc:
            driver.close()
            hint = " (it may not accept a login: unset NEO4J_USERNAME)" if auth else ""
            raise StoreUnavailable(f"the Bolt server at {uri} refused the connection{hint}: {_one_line(exc)}") from exc
        try:
            return cls(driver, uri=uri, database=database)
        except StoreError:
            driver.close()
            raise

    # --- plumbing ----------------------------------------------------------------------------------
    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver failures as one-line store errors."""
        try:
            yield
        except AuthError as exc:
            raise StoreUnavailable(f"the Bolt server at {self.uri} refused the credentials: {_one_line(exc)}") from exc
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"lost the Bolt server at {self.uri}: {_short_reason(exc)}") from exc
        except OversizeRow as exc:
            raise StoreError(str(exc)) from exc
        except Neo4jError as exc:
            where = " ".join(getattr(exc, "__notes__", []))
            raise StoreError(f"Cypher failed on {self.uri}: {exc.code}: {_one_line(exc)} {where}".strip()) from exc
        except DriverError as exc:
            raise StoreError(f"Bolt driver error: {_one_line(exc)}") from exc

    def _session(self):
        return self.driver.session(database=self.database) if self.database else self.driver.session()

    def _params(self, params: dict) -> dict:
        dialect = getattr(self, "dialect", None)
        return dialect.encode(params) if dialect else params

    def _run_read(self, query: str, **params: object) -> list[dict]:
        with self._session() as session:
            return session.execute_read(lambda tx: tx.run(query, self._params(params)).data())

    def _run_write(self, query: str, **params: object) -> list[dict]:
        with self._session() as session:
            return session.execute_write(lambda tx: tx.run(query, self._params(params)).data())

    def _read_many(self, work: Callable[[ManagedTransaction], object]) -> object:
        with self._errors(), self._session() as session:
            return session.execute_read(work)

    def _rows(self, tx: ManagedTransaction, statement: Statement) -> list[dict]:
        """Run a statement chunk by chunk (as the dialect bounds it) and gather what it returns."""
        out: list[dict] = []
        for chunk in self.dialect.chunks(statement):
            try:
                out.extend(tx.run(statement.query, {"rows": chunk}).data())  # chunks come encoded
            except Neo4jError as exc:
                exc.add_note(f"in: {statement.query[:70]}…")
                raise
        return out

    def close(self) -> None:
        if not self._closed and self.owns_driver:
            dialect = getattr(self, "dialect", None) or CypherDialect()
            dialect.close_driver(self.driver)
        self._closed = True


    def query(self, text: str, language: str, params: dict | None = None) -> list[dict]:
        """Run any Cypher (read or write) in one transaction; rows come back as plain JSON-able dicts."""
        if language.lower() != "cypher":
            return super().query(text, language)
        with self._errors(), self._session() as session:
            rows = session.execute_write(lambda tx: tx.run(text, self._params(params or {})).data())
        return [{k: _plain(v) for k, v in row.items()} for row in rows]

    def clear(self) -> None:
        """Delete every node and relationship (tests and ``push --replace``)."""
        with self._errors():
            self._run_write("MATCH (n) DETACH DELETE n")



def open_driver(uri: str, auth: tuple[str, str] | None) -> Driver:
    """A driver that gives up within seconds when the server is not there."""
    return GraphDatabase.driver(
        uri,
        auth=auth,
        connection_timeout=CONNECT_TIMEOUT,
        connection_acquisition_timeout=CONNECT_TIMEOUT * 2,
        max_transaction_retry_time=RETRY_TIME,
    )


def _short_reason(exc: BaseException) -> str:
    text = _one_line(exc)
    if "refused" in text.lower() or "Errno 111" in text:
        return "connection refused"
    if "handshake" in text.lower() or "timed out" in text.lower() or "deadline" in text.lower():
        return "no answer (timed out)"
    return text[:160]


def _plain(value: object) -> object:
    """Driver values as JSON-able Python: temporal types as ISO strings, tuples as lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, date):
        return value.isoformat()
    return value
