"""One writer at a time per store, across processes and machines: held while a batch is resolved against
the stored names and written, so two ingest processes never both create the node for one new name.

- SPARQL endpoint: a lock resource in its own named graph, claimed with a conditional update
  (``INSERT … WHERE { FILTER NOT EXISTS … }``) and verified by reading the owners back: a claimant that
  sees another owner withdraws and retries, so at most one proceeds even if two claims commit together.
- Bolt: one lock node, claimed by a single write transaction that takes the node's write lock first.
- Embedded store: its directory is already locked for one writing process, so nothing more is needed.

A claim carries a short lease that the holder renews from a timer thread while it holds the lock, so a
batch longer than the lease keeps it, and a lock left by a process that died is taken over once its lease
has run out (well within the default wait).  Waiting longer than ``timeout`` raises ``WriterLockTimeout``
naming the owner; a holder whose claim was taken over anyway gets ``WriterLockLost`` when it lets go; a
server that fails while the lock is claimed or released gives a one-line ``StoreError``.
"""

from __future__ import annotations

import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime, timedelta

from graph.stores.base import GraphStore, StoreError

DEFAULT_TIMEOUT = float(os.environ.get("CLUSTERKG_WRITER_LOCK_TIMEOUT", "120"))
DEFAULT_LEASE = 60.0  # seconds a claim stays valid without renewal; the holder renews it every third of that
LOCK_GRAPH = "urn:clusterkg:locks"
LOCK_NODE = "urn:clusterkg:lock:writer"
_OF = "urn:clusterkg:lock:of"
_OWNER = "urn:clusterkg:lock:owner"
_EXPIRES = "urn:clusterkg:lock:expires"
_XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


class WriterLockTimeout(StoreError):
    """Another writer held the store's writer lock for longer than we may wait."""


class WriterLockLost(StoreError):
    """Our claim ran out and another writer took the lock while we held it (the renewals failed)."""


def owner_label() -> str:
    """Who holds the lock, as a person reads it: host, process id and a random part."""
    return f"{socket.gethostname()} pid {os.getpid()} #{uuid.uuid4().hex[:8]}"


@contextmanager
def writer_lock(store: GraphStore, timeout: float = DEFAULT_TIMEOUT, lease: float = DEFAULT_LEASE) -> Iterator[None]:
    """Hold the store's writer lock for the ``with`` block (a no-op for stores already single-writer)."""
    if store.single_writer:
        yield
        return
    if store.supports_sparql:
        lock = _SparqlLock(store, lease)
    elif store.supports_cypher:
        lock = _BoltLock(store, lease)
    else:  # a store that speaks neither keeps its own writes in order
        yield
        return
    lock.acquire(timeout)
    renewing = _Renewal(lock)
    try:
        yield
    finally:
        renewing.stop()
        lock.release()
    if renewing.lost:
        raise WriterLockLost(f"the {store.kind} store's writer lock was taken over while this process held it "
                             f"({renewing.lost}); the batch was written, but another writer may have interleaved")


class _Renewal:
    """Renews a held claim every third of its lease from a daemon thread until stopped."""

    def __init__(self, lock: _Lock) -> None:
        self.lock = lock
        self.lost = ""
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="clusterkg-writer-lock", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopped.wait(max(self.lock.lease / 3, 0.05)):
            try:
                if not self.lock.renew():
                    self.lost = "our claim was gone at renewal"
                    return
            except StoreError as exc:  # a failing server: the next write says so in the main thread
                self.lost = f"renewal failed: {exc}"
                return

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()


class _Lock:
    def __init__(self, store: GraphStore, lease: float) -> None:
        self.store = store
        self.lease = lease
        self.token = owner_label()

    def try_claim(self) -> str | None:
        """Claim once: None when we hold the lock, else the other owner's label."""
        raise NotImplementedError

    def renew(self) -> bool:
        """Push our claim's expiry one lease ahead; False when the claim is no longer ours."""
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError

    def _guarded(self, work: Callable[[], object]) -> object:
        """Run one lock statement; a driver or connection failure becomes a one-line StoreError."""
        errors = getattr(self.store, "_errors", None)
        try:
            with errors() if callable(errors) else nullcontext():
                return work()
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"the {self.store.kind} store's writer lock failed: {type(exc).__name__}: {exc}") from exc

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

    def _stamps(self) -> tuple[str, str]:
        now = datetime.now(UTC).replace(microsecond=0)
        stamp = f'"{now.strftime("%Y-%m-%dT%H:%M:%SZ")}"^^<{_XSD_DATETIME}>'
        expires = f'"{(now + timedelta(seconds=self.lease)).strftime("%Y-%m-%dT%H:%M:%SZ")}"^^<{_XSD_DATETIME}>'
        return stamp, expires

    def try_claim(self) -> str | None:
        return self._guarded(self._claim)

    def _claim(self) -> str | None:
        stamp, expires = self._stamps()
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
            self._delete_claim()
        others = sorted(label for claim, label in claims.items() if claim != mine)
        return others[0] if others else "a writer that just released it"

    def renew(self) -> bool:
        def work() -> bool:
            _, expires = self._stamps()
            graph, until = f"<{LOCK_GRAPH}>", f"<{_EXPIRES}>"
            self.store._update(f"DELETE {{ GRAPH {graph} {{ {self.claim} {until} ?t }} }} "
                               f"INSERT {{ GRAPH {graph} {{ {self.claim} {until} {expires} }} }} "
                               f"WHERE {{ GRAPH {graph} {{ {self.claim} {until} ?t }} }}")
            return self.store._ask(f"ASK {{ GRAPH {graph} {{ {self.claim} <{_OF}> <{LOCK_NODE}> }} }}")

        return self._guarded(work)

    def _delete_claim(self) -> None:
        self.store._update(f"DELETE WHERE {{ GRAPH <{LOCK_GRAPH}> {{ {self.claim} ?p ?o }} }}")

    def release(self) -> None:
        self._guarded(self._delete_claim)


class _BoltLock(_Lock):
    """One :ClusterKGWriterLock node.  On Neo4j it is MERGEd under a uniqueness constraint on its name
    (created with the store's schema), so two first-ever claims cannot create two nodes; FalkorDB runs a
    graph's writes one at a time, so its MERGE is atomic as it is.  The claim decides once whether the
    lock is free (nobody, our own token, or an expired lease) and sets owner and expiry from that one
    decision (FalkorDB evaluates a SET's right-hand sides before assigning any)."""

    _CLAIM = (
        "MERGE (l:ClusterKGWriterLock {name: 'writer'}) "
        "SET l.touched = $token "  # takes the node's write lock before the owner is read
        "WITH l, (l.owner IS NULL OR l.owner = $token OR l.expires IS NULL OR l.expires < $now) AS free "
        "SET l.owner = CASE WHEN free THEN $token ELSE l.owner END, "
        "    l.expires = CASE WHEN free THEN $expires ELSE l.expires END "
        "RETURN l.owner AS owner"
    )
    _RENEW = ("MATCH (l:ClusterKGWriterLock {name: 'writer'}) WHERE l.owner = $token "
              "SET l.expires = $expires RETURN l.owner AS owner")
    _RELEASE = "MATCH (l:ClusterKGWriterLock {name: 'writer'}) WHERE l.owner = $token DELETE l"

    def try_claim(self) -> str | None:
        now = time.time()
        try:
            rows = self._guarded(lambda: self.store._run_write(self._CLAIM, token=self.token, now=now,
                                                               expires=now + self.lease))
        except StoreError as exc:
            if "ConstraintValidationFailed" in str(exc):  # another first claim created the node just now
                return "a writer creating the lock"
            raise
        owner = rows[0]["owner"] if rows else None
        return None if owner == self.token else str(owner)

    def renew(self) -> bool:
        rows = self._guarded(lambda: self.store._run_write(self._RENEW, token=self.token,
                                                           expires=time.time() + self.lease))
        return bool(rows)

    def release(self) -> None:
        self._guarded(lambda: self.store._run_write(self._RELEASE, token=self.token))
