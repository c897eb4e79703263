"""One writer at a time per store, across processes and machines: held while a batch is resolved against
the stored names and written, so two ingest processes never both create the node for one new name.

- SPARQL endpoint: a lock resource in its own named graph, claimed with a conditional update
  (``INSERT … WHERE { FILTER NOT EXISTS … }``) and verified by reading the owners back: a claimant that
  sees another owner withdraws and retries, so at most one proceeds even if two claims commit together.
- Bolt: one lock node, claimed by a single write transaction that takes the node's write lock first.
- Embedded store: its directory is already locked for one writing process, so nothing more is needed.

A claim carries a lease: a lock left by a process that died is taken over once its lease has expired.
Waiting longer than ``timeout`` raises ``WriterLockTimeout`` naming the owner.
"""

from __future__ import annotations

import os
import random
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from graph.stores.base import GraphStore, StoreError

DEFAULT_TIMEOUT = float(os.environ.get("CLUSTERKG_WRITER_LOCK_TIMEOUT", "120"))
DEFAULT_LEASE = 600.0  # seconds a claim stays valid without its owner: far longer than one batch
LOCK_GRAPH = "urn:clusterkg:locks"
LOCK_NODE = "urn:clusterkg:lock:writer"
_OF = "urn:clusterkg:lock:of"
_OWNER = "urn:clusterkg:lock:owner"
_EXPIRES = "urn:clusterkg:lock:expires"
_XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


class WriterLockTimeout(StoreError):
    """Another writer held the store's writer lock for longer than we may wait."""


def owner_label() -> str:
    """Who holds the lock, as a person reads it: host, process id and a random part."""
    return f"{socket.gethostname()} pid {os.getpid()} #{uuid.uuid4().hex[:8]}"


@contextmanager
def writer_lock(store: GraphStore, timeout: float = DEFAULT_TIMEOUT, lease: float = DEFAULT_LEASE) -> Iterator[None]:
    """Hold the store's writer lock for the ``with`` block (a no-op for stores already single-writer)."""
    if store.kind == "sparql":
        lock = _SparqlLock(store, lease)
    elif store.kind == "bolt":
        lock = _BoltLock(store, lease)
    else:
        yield
        return
    lock.acquire(timeout)
    try:
        yield
    finally:
        lock.release()


class _Lock:
    def __init__(self, store: GraphStore, lease: float) -> None:
        self.store = store
        self.lease = lease
        self.token = owner_label()

    def try_claim(self) -> str | None:
        """Claim once: None when we hold the lock, else the other owner's label."""
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError

    def acquire(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        pause = 0.05
        while True:
            other = self.try_claim()
            if other is None:
                return
            if time.monotonic() >= deadline:
                raise WriterLockTimeout(
                    f"the {self.store.kind} store's writer lock is held by {other}; waited {timeout:g} s "
                    f"(another ingest is writing; retry later, or raise CLUSTERKG_WRITER_LOCK_TIMEOUT)"
                )
            time.sleep(pause * (0.5 + random.random()))
            pause = min(pause * 2, 1.0)


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _SparqlLock(_Lock):
    """A claim is a resource of its own (``<urn:clusterkg:lock:claim:…>``) pointing at the lock."""

    def __init__(self, store: GraphStore, lease: float) -> None:
        super().__init__(store, lease)
        self.claim = f"<{LOCK_NODE}:claim:{uuid.uuid4().hex}>"

    def try_claim(self) -> str | None:
        now = datetime.now(UTC).replace(microsecond=0)
        stamp = f'"{now.strftime("%Y-%m-%dT%H:%M:%SZ")}"^^<{_XSD_DATETIME}>'
        expires = f'"{(now + timedelta(seconds=self.lease)).strftime("%Y-%m-%dT%H:%M:%SZ")}"^^<{_XSD_DATETIME}>'
        lock, of, owner, until = f"<{LOCK_NODE}>", f"<{_OF}>", f"<{_OWNER}>", f"<{_EXPIRES}>"
        # a claim whose lease ran out belongs to a dead writer: drop it, then claim if nobody holds the lock
        self.store._update(
            f"DELETE {{ GRAPH <{LOCK_GRAPH}> {{ ?c ?p ?o }} }} "
            f"WHERE {{ GRAPH <{LOCK_GRAPH}> {{ ?c {of} {lock} ; {until} ?t ; ?p ?o }} FILTER (?t < {stamp}) }} ;\n"
            f"INSERT {{ GRAPH <{LOCK_GRAPH}> {{ {self.claim} {of} {lock} ; {owner} {_literal(self.token)} ; "
            f"{until} {expires} }} }} "
            f"WHERE {{ FILTER NOT EXISTS {{ GRAPH <{LOCK_GRAPH}> {{ ?anyone {of} {lock} }} }} }}"
        )
        rows = self.store._select(
            f"SELECT ?c ?o WHERE {{ GRAPH <{LOCK_GRAPH}> {{ ?c {of} {lock} . OPTIONAL {{ ?c {owner} ?o }} }} }}"
        )
        claims = {getattr(row["c"], "value", str(row["c"])): str(getattr(row.get("o"), "value", row.get("o"))) for row in rows}
        mine = self.claim.strip("<>")
        if set(claims) == {mine}:
            return None
        if mine in claims:  # two claims committed together: both withdraw and retry
            self.release()
        others = sorted(label for claim, label in claims.items() if claim != mine)
        return others[0] if others else "a writer that just released it"

    def release(self) -> None:
        self.store._update(f"DELETE WHERE {{ GRAPH <{LOCK_GRAPH}> {{ {self.claim} ?p ?o }} }}")


class _BoltLock(_Lock):
    _CLAIM = (
        "MERGE (l:ClusterKGWriterLock {name: 'writer'}) "
        "SET l.touched = $token "  # takes the node's write lock before the owner is read
        "WITH l, (l.owner IS NULL OR l.expires IS NULL OR l.expires < $now) AS free "
        "SET l.owner = CASE WHEN free THEN $token ELSE l.owner END "
        "WITH l, free "
        "SET l.expires = CASE WHEN free THEN $expires ELSE l.expires END "
        "RETURN l.owner AS owner"
    )
    _RELEASE = "MATCH (l:ClusterKGWriterLock {name: 'writer'}) WHERE l.owner = $token DELETE l"

    def try_claim(self) -> str | None:
        now = time.time()
        rows = self.store._run_write(self._CLAIM, token=self.token, now=now, expires=now + self.lease)
        owner = rows[0]["owner"] if rows else None
        return None if owner == self.token else str(owner)

    def release(self) -> None:
        self.store._run_write(self._RELEASE, token=self.token)
