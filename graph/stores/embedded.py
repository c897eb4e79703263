"""The embedded store: an Oxigraph (RocksDB) dataset in a directory, one writer at a time.

The SPARQL logic is ``SparqlGraphStore``'s; this module adds opening, the lock file and the primitives.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from graph import rdf_vocabulary as voc
from graph.stores.base import StoreError, StoreUnavailable
from graph.stores.sparql_base import PROLOGUE, Row, SparqlGraphStore, one_line, user_rows

LOCK_FILE = "clusterkg.lock"
DEFAULT_LOCK_TIMEOUT = 10.0  # seconds a second process waits for the lock ($CLUSTERKG_LOCK_TIMEOUT)

_WRITERS: dict[str, EmbeddedRdfStore] = {}


class EmbeddedRdfStore(SparqlGraphStore):
    """An Oxigraph (RocksDB) dataset in a directory, guarded by a lock file.

    One writer at a time: a writer holds an exclusive ``flock`` on ``DIR/clusterkg.lock`` for as long
    as the store is open; readers take a shared lock.  A second process waits up to ``lock_timeout``
    seconds (``$CLUSTERKG_LOCK_TIMEOUT``, default 10) and then gets ``StoreUnavailable``.
    """

    kind = "embedded"
    single_writer = True  # the directory lock admits one process

    def __init__(self, path: str | Path, read_only: bool = False, lock_timeout: float | None = None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._lock_fd: int | None = None
        self._shared_from: EmbeddedRdfStore | None = None
        if lock_timeout is None:
            lock_timeout = float(os.environ.get("CLUSTERKG_LOCK_TIMEOUT") or DEFAULT_LOCK_TIMEOUT)
        key = str(self.path.resolve())
        if key in _WRITERS:
            if not read_only:
                raise StoreUnavailable(f"store {self.path} is already open for writing in this process")
            self._shared_from = _WRITERS[key]
            self._store = self._shared_from._store
            return
        if read_only and not (self.path / "CURRENT").exists():
            raise StoreUnavailable(f"no store at {self.path}: ingest some articles first (or pass --store DIR)")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create store directory {self.path}: {exc.strerror}") from exc
        self._lock(lock_timeout)
        try:
            self._store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            self._unlock()
            raise StoreUnavailable(f"cannot open store {self.path}: {one_line(exc)}") from exc
        if not read_only:
            _WRITERS[key] = self

    # --- locking ---------------------------------------------------------------------------------
    def _lock(self, timeout: float) -> None:
        lock_path = self.path / LOCK_FILE
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError as exc:
            if not self.read_only:
                raise StoreUnavailable(f"store {self.path} is not writable") from exc
            try:
                fd = os.open(lock_path, os.O_RDONLY)
            except OSError:
                return  # a read-only copy without a lock file: nothing to coordinate with
        mode = fcntl.LOCK_SH if self.read_only else fcntl.LOCK_EX
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() >= deadline:
                    holder = _read_pid(fd)
                    os.close(fd)
                    raise StoreUnavailable(
                        f"store {self.path} is locked by another process (pid {holder or 'unknown'})"
                    ) from exc
                time.sleep(0.1)
        if not self.read_only:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            finally:
                os.close(self._lock_fd)
                self._lock_fd = None

    def close(self) -> None:
        if getattr(self, "_store", None) is None:
            return
        if self._shared_from is None and not self.read_only:
            try:
                self._store.flush()
            except OSError:
                pass
            _WRITERS.pop(str(self.path.resolve()), None)
        self._store = None  # dropping the last reference closes RocksDB
        self._unlock()

    def __del__(self) -> None:  # pragma: no cover - safety net
        try:
            self.close()
        except Exception:  # noqa: BLE001, S110 - a finaliser must not raise
            pass

    # --- primitives ----------------------------------------------------------------------------------
    def _db(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"store {self.path} is closed")
        return self._store

    def _select(self, query: str) -> list[Row]:
        result = self._db().query(PROLOGUE + query)
        names = [v.value for v in result.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in result]

    def _ask(self, query: str) -> bool:
        return bool(self._db().query(PROLOGUE + query))

    def _tuples(self, query: str) -> list[tuple]:
        return [tuple(solution) for solution in self._db().query(PROLOGUE + query)]

    def _update(self, update: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        try:
            self._db().update(PROLOGUE + update)
        except OSError as exc:
            raise StoreError(f"writing to store {self.path} failed: {one_line(exc)}") from exc

    def _all_quads(self) -> Iterable[ox.Quad]:
        return list(self._db().quads_for_pattern(None, None, None, None))

    def _run_user_query(self, text: str) -> list[dict]:
        try:
            result = self._db().query(text, prefixes=voc.PREFIXES, use_default_graph_as_union=True)
            return user_rows(result)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {one_line(exc)}") from exc
        except (OSError, ValueError) as exc:
            raise StoreError(f"SPARQL query failed: {one_line(exc)}") from exc

    def dump(self, path: str | Path, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        """Write the whole dataset to a file (N-Quads by default)."""
        self._db().dump(output=str(path), format=fmt)


def _read_pid(fd: int) -> str | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return text if text.isdigit() else None
