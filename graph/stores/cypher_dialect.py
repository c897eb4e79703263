"""What differs between Bolt servers: batch bounds, schema statements, closing, and how to tell them apart.

The store writes the same parameterised Cypher to every server; a dialect only decides how rows
are cut into statements, which schema statements run, and how the driver says goodbye.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from neo4j import Driver
from neo4j.exceptions import Neo4jError

from graph.errors import ClusterKGError

log = logging.getLogger(__name__)

ENTITY_LABEL = "Entity"
ARTICLE_LABEL = "Article"


def packed_size(value: object) -> int:
    """Bytes ``value`` takes in PackStream (Bolt's encoding) — what FalkorDB's request buffer holds."""
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, int):
        if -16 <= value < 128:
            return 1
        if -128 <= value < 128:
            return 2
        if -32768 <= value < 32768:
            return 3
        return 5 if -(2**31) <= value < 2**31 else 9
    if isinstance(value, float):
        return 9
    if isinstance(value, str):
        return _sized(len(value.encode("utf-8")))
    if isinstance(value, (list, tuple)):
        return _sized(0, len(value)) + sum(packed_size(v) for v in value)
    if isinstance(value, dict):
        return _sized(0, len(value)) + sum(packed_size(str(k)) + packed_size(v) for k, v in value.items())
    return packed_size(str(value))


def literal_size(value: object) -> int:
    """Bytes ``value`` takes written as a Cypher literal (keys quoted, ", " between items): an upper bound."""
    if value is None or isinstance(value, bool):
        return 5
    if isinstance(value, float):  # the server prints floats far longer than repr(): 0.1 costs more than 3 bytes
        return 24
    if isinstance(value, int):
        return len(repr(value))
    if isinstance(value, str):
        return len(value.encode("utf-8")) + 2
    if isinstance(value, (list, tuple)):
        return 2 + sum(literal_size(v) + 2 for v in value)
    if isinstance(value, dict):
        return 2 + sum(literal_size(str(k)) + 2 + literal_size(v) + 2 for k, v in value.items())
    return literal_size(str(value))


def _sized(payload: int, items: int | None = None) -> int:
    count = payload if items is None else items
    header = 1 if count < 16 else 2 if count < 256 else 3 if count < 65536 else 5
    return header + payload


@dataclass(frozen=True)
class Statement:
    """One parameterised query over ``$rows``: the store runs it once per chunk of rows."""

    query: str
    rows: list[dict]


class CypherDialect:
    """The Neo4j 5 behaviour; other servers override what they do differently."""

    name = "neo4j"
    max_rows = 1000  # rows per statement
    max_message_bytes: int | None = None  # bound on query text + parameters, when the server has one
    uses_database = True  # whether NEO4J_DATABASE selects a graph

    def __init__(self, version: str = "") -> None:
        self.version = version

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.version!r})"

    # --- schema --------------------------------------------------------------------------
    def schema_statements(self) -> list[str]:
        return [
            f"CREATE CONSTRAINT clusterkg_entity_id IF NOT EXISTS FOR (n:{ENTITY_LABEL}) REQUIRE n.id IS UNIQUE",
            f"CREATE CONSTRAINT clusterkg_article_id IF NOT EXISTS FOR (a:{ARTICLE_LABEL}) REQUIRE a.id IS UNIQUE",
            f"CREATE INDEX clusterkg_entity_name IF NOT EXISTS FOR (n:{ENTITY_LABEL}) ON (n.name)",
            # graph/stores/writer_lock.py MERGEs one lock node: unique, so two first claims cannot make two
            "CREATE CONSTRAINT clusterkg_writer_lock IF NOT EXISTS FOR (l:ClusterKGWriterLock) REQUIRE l.name IS UNIQUE",
        ]

    def ensure_schema(self, run: Callable[[str], list[dict]]) -> None:
        """Create the constraints and indexes the writer's MERGEs rely on (idempotent)."""
        for query in self.schema_statements():
            run(query)

    # --- batches -------------------------------------------------------------------------
    def value_size(self, value: object) -> int:
        """What a parameter value counts against ``max_message_bytes``."""
        return packed_size(value)

    def message_size(self, query: str, params: dict) -> int:
        return len(query.encode("utf-8")) + self.value_size(params)

    def row_budget(self, query: str) -> int | None:
        """Bytes one row of ``query`` may take, or None when only the row count is bounded."""
        if self.max_message_bytes is None:
            return None
        return self.max_message_bytes - self.message_size(query, {"rows": []})

    def encode(self, value: object) -> object:
        """A parameter value as this server must receive it to store it unchanged."""
        return value

    def chunks(self, statement: Statement) -> Iterator[list[dict]]:
        """The statement's rows, encoded, cut into pieces the server accepts in one query."""
        budget = self.row_budget(statement.query)
        chunk: list[dict] = []
        used = 0
        for row in statement.rows:
            row = self.encode(row)
            size = self.value_size(row)
            if budget is not None and size + 3 > budget:
                raise OversizeRow(
                    f"one row of {size} bytes exceeds the {self.name} limit of {self.max_message_bytes} bytes "
                    f"per query (in: {statement.query[:60]}…)"
                )
            if chunk and (len(chunk) >= self.max_rows or (budget is not None and used + size + 3 > budget)):
                yield chunk
                chunk, used = [], 0
            chunk.append(row)
            used += size + 3
        if chunk:
            yield chunk

    # --- connections ---------------------------------------------------------------------
    def close_driver(self, driver: Driver) -> None:
        driver.close()


class OversizeRow(ClusterKGError, ValueError):
    """A single row is larger than the server can take in one query."""


class Neo4jDialect(CypherDialect):
    """Neo4j 5: 1,000-row batches, real uniqueness constraints, transactions that roll back."""


class FalkorDialect(CypherDialect):
    """FalkorDB's experimental Bolt endpoint (measured on FalkorDB 4.16.3, see docs/neo4j.md)."""

    name = "falkordb"
    # The server splices parameters into the query text ("CYPHER rows=[...] UNWIND ...") and
    # crashes when that text passes ~4 KB; 3,500 bytes of estimated text leaves a margin.
    max_message_bytes = 3500
    # ``database_`` is ignored: managed transactions always run on the graph "falkordb".
    uses_database = False

    def schema_statements(self) -> list[str]:
        # No constraints; an unnamed index works once and fails when repeated.
        return [
            f"CREATE INDEX FOR (n:{ENTITY_LABEL}) ON (n.id)",
            f"CREATE INDEX FOR (a:{ARTICLE_LABEL}) ON (a.id)",
            f"CREATE INDEX FOR (n:{ENTITY_LABEL}) ON (n.name)",
        ]

    def ensure_schema(self, run: Callable[[str], list[dict]]) -> None:
        # An index on a graph that does not exist yet fails: make the graph exist first.
        run("CREATE (probe:ClusterkgProbe) DELETE probe")
        present = {  # one row per label, listing every indexed property
            (row["label"], prop)
            for row in run("CALL db.indexes() YIELD label, properties RETURN label, properties")
            for prop in row["properties"]
        }
        for query in self.schema_statements():
            label = query.split("(", 1)[1].split(":", 1)[1].split(")", 1)[0]
            prop = query.rsplit(".", 1)[1].rstrip(")")
            if (label, prop) not in present:
                run(query)

    def value_size(self, value: object) -> int:
        return literal_size(value)

    def message_size(self, query: str, params: dict) -> int:
        return len(b"CYPHER ") + len(query.encode("utf-8")) + sum(
            len(name) + 2 + literal_size(value) for name, value in params.items()
        )

    def encode(self, value: object) -> object:
        # The server splices parameters into the query text as quoted literals without escaping
        # them: a quote or a trailing backslash breaks the query and "\\\\" comes back as "\\".
        if isinstance(value, str):
            return value.replace("\\", "\\\\").replace("'", "\\'")
        if isinstance(value, dict):
            return {k: self.encode(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.encode(v) for v in value]
        return value

    def close_driver(self, driver: Driver) -> None:
        # The server mishandles Bolt GOODBYE: the next client's handshake then goes unanswered
        # until it times out. Drop the pooled sockets without saying goodbye.
        try:
            for connections in driver._pool.connections.values():  # a private attribute: there is no public hook
                for connection in list(connections):
                    connection._defunct = True
        except AttributeError:  # a driver version with another pool layout: plain close
            log.debug("cannot reach the driver's pool; closing with GOODBYE")
        driver.close()


def probe_dialect(run: Callable[[str], list[dict]]) -> CypherDialect:
    """Tell the server apart by ``dbms.components()``: Neo4j answers it, FalkorDB does not.

    (FalkorDB introduces itself as ``Neo4j/5.13.0`` in the Bolt agent string, so that cannot decide.)
    """
    try:
        rows = run("CALL dbms.components() YIELD name, versions RETURN name, versions")
    except Neo4jError:
        return FalkorDialect()
    version = ""
    for row in rows:
        if row.get("versions"):
            version = str(row["versions"][0])
    return Neo4jDialect(version)
